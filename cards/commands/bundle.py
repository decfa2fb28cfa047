"""`drillcards bundle`: one handout PDF of sessions, sheets, cards and the club's own PDFs."""

from __future__ import annotations

from pathlib import Path

from ..build.output import write_atomic
from ..products.handout import render_handout
from .common import Edition, Report, count


def make_handout(
    edition: Edition,
    session_ids: tuple[str, ...] = (),
    drill_ids: tuple[str, ...] = (),
    everything: bool = False,
    with_cards: bool = False,
    includes: tuple[Path, ...] = (),
    title: str | None = None,
    output: Path | None = None,
) -> Report:
    """The handout of what was chosen (nothing chosen: everything): out/handout.pdf."""
    options = edition.options
    result = render_handout(
        edition.library, options, session_ids, drill_ids, everything, with_cards, includes, title
    )
    path = output or options.out / "handout.pdf"
    written = write_atomic(path, result.pdf)
    parts = sum(1 for entry in result.entries if entry.level == 0)
    report = edition.report()
    report.warn(result.warnings)
    report.written.append(written)
    report.say(
        f"wrote {path}: {count(result.pages, 'page')} in {count(parts, 'part')}, "
        f"{len(result.pdf):,} bytes"
    )
    return report
