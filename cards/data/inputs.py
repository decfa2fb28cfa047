"""Every file this run reads, so that no output can replace one: a coach's drills, club file,
logo, pictures, layouts and included PDFs are theirs, and `-o drills.json` must not eat them.

Readers note each file as they open it (validation.read_capped, the layout folders); the atomic
writer asks `read_here` before it replaces anything. Compared by resolved path and by file
identity (device and inode), so another name for the same file is caught too."""

from __future__ import annotations

import os
from pathlib import Path

_READ: dict[tuple[int, int] | str, Path] = {}
_FOLDERS: set[str] = set()


def start() -> None:
    """Forget the files of an earlier command (one process may run several, as tests do)."""
    _READ.clear()
    _FOLDERS.clear()


def note(path: str | Path, info: os.stat_result | None = None) -> None:
    """Remember a file that was read (its stat, if the reader has it open)."""
    path = Path(path)
    try:
        info = info or os.stat(path)
    except OSError:
        return
    _READ[(info.st_dev, info.st_ino)] = path
    _READ[str(path.resolve())] = path


def note_folder(folder: str | Path) -> None:
    """Every file in a folder read from as a whole (a layout folder and its lang/)."""
    folder = Path(folder)
    if str(folder) in _FOLDERS or not folder.is_dir():
        return
    _FOLDERS.add(str(folder))
    for path in folder.rglob("*"):
        if path.is_file():
            note(path)


def read_here(target: str | Path) -> Path | None:
    """The input that writing `target` would replace, if any."""
    target = Path(target)
    found = _READ.get(str(target.resolve()))
    if found is not None:
        return found
    try:
        info = os.stat(target)
    except OSError:
        return None
    return _READ.get((info.st_dev, info.st_ino))
