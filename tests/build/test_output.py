"""Writing the PDF: the old file or the whole new one, never a partial file, and plain errors."""

from __future__ import annotations

import errno
import os
import stat

import pytest

import cards
from cards import OutputError, write_atomic
from tests.conftest import make_drill

OLD = b"%PDF-1.4 the old cards, which must survive a failed write\n"
NEW = b"%PDF-1.4 " + bytes(range(256)) * 512  # large enough to be written in several pieces


def no_space(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def listing(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def old_file(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "cards.pdf"
    path.write_bytes(OLD)
    return path


@pytest.fixture
def library_args(drills_file):
    """CLI arguments for a one-drill library, so each CLI test renders a single card."""
    return ("--drills", drills_file({"drills": [make_drill()]}))


class FailingFile:
    """Stands in for the file object write_atomic writes to: half the data, then `error`."""

    def __init__(self, real, error: BaseException) -> None:
        self.real, self.error = real, error

    def write(self, data) -> int:
        self.real.write(data[: len(data) // 2])
        self.real.flush()
        raise self.error

    def __getattr__(self, name):
        return getattr(self.real, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.real.close()


@pytest.fixture
def fail_mid_write(monkeypatch):
    """Make the next file write_atomic opens fail half-way with the given error."""

    def arm(error: BaseException) -> None:
        real_fdopen = os.fdopen

        def fdopen(fd, *args, **kwargs):
            return FailingFile(real_fdopen(fd, *args, **kwargs), error)

        monkeypatch.setattr(os, "fdopen", fdopen)

    return arm


# ---- writing -------------------------------------------------------------------------------


def test_writes_the_bytes_into_a_new_folder(tmp_path):
    path = tmp_path / "new" / "deeper" / "cards.pdf"
    assert write_atomic(path, NEW) == path
    assert path.read_bytes() == NEW
    assert listing(path.parent) == ["cards.pdf"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_replacing_a_file_leaves_nothing_else_behind(old_file):
    write_atomic(str(old_file), NEW)
    assert old_file.read_bytes() == NEW
    write_atomic(old_file, b"")
    assert old_file.read_bytes() == b""
    assert listing(old_file.parent) == ["cards.pdf"]


def test_replacing_a_file_keeps_its_permissions(old_file):
    old_file.chmod(0o600)
    write_atomic(old_file, NEW)
    assert stat.S_IMODE(old_file.stat().st_mode) == 0o600


# ---- failures leave the old file whole -----------------------------------------------------


@pytest.mark.parametrize("where", ["write", "fsync", "replace"])
def test_disk_full_keeps_the_old_file_and_leaves_no_part_file(
    old_file, monkeypatch, fail_mid_write, where
):
    if where == "write":
        fail_mid_write(OSError(errno.ENOSPC, "No space left on device"))
    else:
        monkeypatch.setattr(os, where, no_space)
    with pytest.raises(OutputError) as caught:
        write_atomic(old_file, NEW)
    message = str(caught.value)
    assert str(old_file) in message and "No space left on device" in message
    assert "old file is unchanged" in message
    assert old_file.read_bytes() == OLD
    assert listing(old_file.parent) == ["cards.pdf"]
    assert isinstance(caught.value, cards.DrillcardsError)


def test_disk_full_on_a_new_file_leaves_nothing(tmp_path, fail_mid_write):
    path = tmp_path / "cards.pdf"
    fail_mid_write(OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(OutputError, match="nothing was written"):
        write_atomic(path, NEW)
    assert listing(tmp_path) == []


def test_an_error_without_errno_still_reads_well(old_file, monkeypatch):
    def broken(*_args):
        raise OSError("device went away")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OutputError, match=r"\(device went away\)"):
        write_atomic(old_file, NEW)
    assert old_file.read_bytes() == OLD


@pytest.mark.parametrize("where", ["write", "replace"])
def test_ctrl_c_while_writing_keeps_the_old_file_and_leaves_no_part_file(
    old_file, monkeypatch, fail_mid_write, where
):
    if where == "write":
        fail_mid_write(KeyboardInterrupt())
    else:

        def interrupted(*_args):
            raise KeyboardInterrupt

        monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(old_file, NEW)
    assert old_file.read_bytes() == OLD
    assert listing(old_file.parent) == ["cards.pdf"]


def test_cli_disk_full_exits_2_naming_the_file(
    run, tmp_path, old_file, library_args, fail_mid_write
):
    fail_mid_write(OSError(errno.ENOSPC, "No space left on device"))
    result = run("cards", *library_args, "-o", old_file)
    assert result.exit_code == 2
    assert str(old_file) in result.output and "No space left on device" in result.output
    assert "Traceback" not in result.output and "wrote" not in result.output
    assert old_file.read_bytes() == OLD
    assert listing(old_file.parent) == ["cards.pdf"]


def test_cli_rename_failure_exits_2_naming_the_file(run, old_file, library_args, monkeypatch):
    monkeypatch.setattr(os, "replace", no_space)
    result = run("cards", *library_args, "-o", old_file)
    assert result.exit_code == 2
    assert str(old_file) in result.output and "Traceback" not in result.output
    assert old_file.read_bytes() == OLD
    assert listing(old_file.parent) == ["cards.pdf"]


# ---- places that cannot be written ---------------------------------------------------------


def test_cli_read_only_folder_exits_2_naming_the_path(run, tmp_path, library_args):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as a user whom chmod does not stop (root)")
        target = folder / "cards.pdf"
        result = run("cards", *library_args, "-o", target)
        assert result.exit_code == 2
        assert str(target) in result.output and "Traceback" not in result.output
        assert listing(folder) == []
    finally:
        folder.chmod(0o700)


def test_cli_folder_that_refuses_new_files_exits_2_naming_the_path(
    run, tmp_path, library_args, monkeypatch
):
    """The same as a read-only folder, simulated so it runs as root too."""

    real_open = os.open

    def refuse(file, *args, **kwargs):
        if str(file).endswith(".part"):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    target = tmp_path / "out" / "cards.pdf"
    result = run("cards", *library_args, "-o", target)
    assert result.exit_code == 2
    assert str(target) in result.output and "Permission denied" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("depth", [1, 2], ids=["parent-is-a-file", "grandparent-is-a-file"])
def test_cli_output_under_a_file_exits_2_naming_the_path(run, tmp_path, library_args, depth):
    blocker = tmp_path / "notes.txt"
    blocker.write_text("not a folder")
    target = blocker / "sub" / "cards.pdf" if depth == 2 else blocker / "cards.pdf"
    result = run("cards", *library_args, "-o", target)
    assert result.exit_code == 2
    assert str(target) in result.output and "Traceback" not in result.output
    assert blocker.read_text() == "not a folder"


def test_output_that_is_a_folder_is_refused(tmp_path):
    with pytest.raises(OutputError, match="is a folder"):
        write_atomic(tmp_path, NEW)
    assert listing(tmp_path) == []


def test_cli_writes_and_reports(run, tmp_path, library_args):
    target = tmp_path / "new" / "cards.pdf"
    result = run("cards", *library_args, "-o", target)
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"%PDF-")
    assert listing(target.parent) == ["cards.pdf"]
