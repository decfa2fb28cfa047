"""Atomic writes: a reader sees the old file or the whole new one, never a partial file."""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

from ..data import inputs
from ..errors import OutputError

NEW_FILE_MODE = 0o644
_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation


@contextlib.contextmanager
def _ctrl_c_after() -> Iterator[None]:
    """Hold Ctrl-C (and SIGTERM) until the block is done, so it lands between two files, never
    between creating a temporary file and removing or renaming it."""
    if (
        not hasattr(signal, "pthread_sigmask")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def write_atomic(path: str | Path, data: bytes, within: str | Path | None = None) -> Path:
    """Write data to path via a temporary file in the same folder and an atomic rename.

    Only a regular file is ever replaced, and never one this run has read (the drills, the club
    file, a layout, an included PDF…); with `within`, the output folder, no link between it and
    the file is followed out of it. On any failure, including Ctrl-C, the temporary file is
    removed and an existing file at path is left as it was; OSErrors become OutputError naming
    the path.
    """
    check_target(path, within)
    with _ctrl_c_after():
        return _write_atomic(path, data)


_KINDS = (
    (stat.S_ISLNK, "a link to another file"),
    (stat.S_ISFIFO, "a pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def check_target(path: str | Path, within: str | Path | None = None) -> None:
    """Refuse a target that would replace an input, or is not a plain file, or lies behind a
    link inside the output folder; before anything is written."""
    path = Path(path)
    source = inputs.read_here(path)
    if source is not None:
        same = "" if Path(source) == path else f" (the same file as {source})"
        raise OutputError(
            f"{path}: this command reads that file{same}; writing there would "
            "replace it. Choose another output name (-o) or folder (--out)"
        )
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        mode = None
    kind = next((name for test, name in _KINDS if mode is not None and test(mode)), None)
    if kind is not None:
        raise OutputError(
            f"{path}: is {kind}, not a file drillcards wrote; drillcards replaces "
            "only plain files. Choose another output name (-o) or folder (--out)"
        )
    if within is not None:
        within = Path(within)
        with contextlib.suppress(ValueError):
            for part in reversed(path.relative_to(within).parents[:-1]):
                folder = within / part
                if folder.is_symlink():
                    raise OutputError(
                        f"{folder}: is a link out of the output folder {within}; "
                        "drillcards writes only inside it. Remove the link or "
                        "choose another --out"
                    )


def _write_atomic(path: str | Path, data: bytes) -> Path:
    path = Path(path)
    _prepare_folder(path)
    mode = _mode_to_keep(path)
    tmp: str | None = None
    created = False
    try:
        while tmp is None:
            # Named before it is made: a Ctrl-C as os.open returns still finds it to remove.
            tmp = str(path.parent / f".{path.name}.{secrets.token_hex(6)}.part")
            try:
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o600)
            except FileExistsError:  # someone else's: never removed, another name is tried
                tmp = None
        created = True
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as err:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if isinstance(err, OSError) and not created:  # the folder refused a new file
            raise OutputError(
                f"{path}: cannot write here ({_reason(err)}); choose another -o"
            ) from err
        if isinstance(err, OSError):
            kept = "the old file is unchanged" if path.exists() else "nothing was written"
            raise OutputError(f"{path}: could not be written ({_reason(err)}); {kept}") from err
        raise
    _sync_folder(path.parent)
    return path


def _prepare_folder(path: Path) -> None:
    """Create the output's folder if needed; say plainly when that cannot be done."""
    blocker = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        raise OutputError(
            f"{path}: cannot write here ({blocker} is a file, not a folder); choose another -o"
        )
    if path.is_dir():
        raise OutputError(f"{path}: cannot write here (it is a folder); name a file with -o")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"{path}: cannot write here ({_reason(err)}); choose another -o") from err


def _mode_to_keep(path: Path) -> int:
    """Replacing a file keeps its permissions; a new file is readable by everyone."""
    try:
        info = path.stat()
    except OSError:
        return NEW_FILE_MODE
    return stat.S_IMODE(info.st_mode) if stat.S_ISREG(info.st_mode) else NEW_FILE_MODE


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; best effort, as not every system can open a folder."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _reason(err: OSError) -> str:
    return err.strerror or str(err) or type(err).__name__
