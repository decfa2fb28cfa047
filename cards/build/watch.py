"""`drillcards watch`: look at the sources every so often and rebuild when one was saved.

Looking (a stat of a few files) is simple, needs no extra package and works on every system
and file system, network folders included; half a second is quick enough for a person saving.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from ..data.club import CLUB_FILE
from ..resources import builtin_templates, default_drills


def watched_files(
    drills: Path | None, club_file: Path | None, templates: Path | None
) -> list[Path]:
    """The drills file, the club file (it may not exist yet) and the layout folders."""
    return [
        drills or default_drills(),
        club_file or Path(CLUB_FILE),
        *([templates] if templates else []),
        builtin_templates(),
    ]


def snapshot(paths: list[Path]) -> tuple:
    """Size and modification time of each file, and of every file in each folder; a missing
    file counts as a state of its own, so creating or deleting it is a change too."""
    state = []
    for path in paths:
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            try:
                info = os.stat(file)
            except OSError:
                state.append((str(file), None))
            else:
                state.append((str(file), info.st_size, info.st_mtime_ns))
    return tuple(state)


def watch_files(
    paths: list[Path], rebuild: Callable[[], None], interval: float = 0.5, rounds: int | None = None
) -> None:
    """rebuild() now and after every change to paths, looking every `interval` seconds;
    forever, or for `rounds` looks."""
    seen = None
    while rounds is None or rounds > 0:
        state = snapshot(paths)
        if state != seen:
            seen = state  # taken before the rebuild: a save during it is seen next time
            rebuild()
        time.sleep(interval)
        rounds = None if rounds is None else rounds - 1
