"""`drillcards watch`: build, then build again on every save, reporting what was rewritten."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from ..build.watch import watch_files, watched_files
from ..errors import DrillcardsError
from ..products.site import SITE
from ..resources import builtin_templates
from .build import build_editions, plan
from .common import count, drills_file


def watching(drills: Path | None, club_file: Path | None, templates: Path | None) -> str:
    """'watching drills.json, club.toml, the built-in layouts'."""
    shown = [
        "the built-in layouts" if path == builtin_templates() else str(path)
        for path in watched_files(drills or drills_file(None)[0], club_file, templates)
    ]
    return f"watching {', '.join(shown)}; Ctrl-C stops"


def watch(
    say: Callable[[str], None],
    complain: Callable[[str], None],
    drills: Path | None = None,
    club_file: Path | None = None,
    lang: str | None = None,
    interval: float = 0.5,
    rounds: int | None = None,
    **choices: object,
) -> None:
    """Build now and after every save of the drills, the club file or a layout; a mistake is
    told (`complain`) and nothing written, and the watching goes on."""
    out = choices.get("out", Path("out"))

    def rebuild() -> None:
        started = time.monotonic()
        try:
            made, languages = plan(drills, club_file, lang, **choices)
            built = build_editions(made, languages)
        except DrillcardsError as err:
            complain(f"{err}\nnothing was written; waiting for the next save")
            return
        for edition in made:
            for warning in edition.warnings:
                complain(f"warning: {warning}")
        for one in built:
            for warning in one.result.warnings:
                complain(f"warning: {warning}")
        files = [(one.folder / path).relative_to(out) for one in built for path in one.result.files]
        own = [path.as_posix() for path in files if SITE.name not in path.parts]
        site = len(files) - len(own)
        made_now = ", ".join(own) or ("nothing" if not site else "")
        if site:
            made_now += f"{' and ' if own else ''}{count(site, 'file')} of the site"
        say(f"rebuilt in {time.monotonic() - started:.1f} s: {made_now}")

    templates = choices.get("templates")
    watch_files(
        watched_files(drills or drills_file(None)[0], club_file, templates),
        rebuild,
        interval,
        rounds,
    )
