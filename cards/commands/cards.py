"""`drillcards cards`: pocket cards, fronts with their backs, imposed on sheets."""

from __future__ import annotations

from pathlib import Path

from ..data.selection import session_drill_ids
from ..products.deck import CardsResult, render_cards
from .common import Edition, Report, UsageError, write_files


def make_cards(
    edition: Edition,
    ids: tuple[str, ...] = (),
    backs: bool = True,
    output: Path | None = None,
    sessions: tuple[str, ...] = (),
) -> Report:
    """Render the cards of `ids` (default: every drill), or of the drills of `sessions`, each
    once in the sessions' order, then write them: one file, or fronts and backs apart with
    --duplex separate."""
    options = edition.options
    if sessions and ids:
        raise UsageError(
            "give drill ids or --session, not both: --session prints the cards of "
            "that session's drills"
        )
    if sessions:
        ids = session_drill_ids(edition.library, sessions)
    result = render_cards(edition.library, options, ids, backs)
    path = output or options.out / "cards.pdf"
    report = edition.report()
    report.warn(result.warnings)
    if result.backs_pdf is not None:
        fronts = path.with_name(f"{path.stem}-fronts{path.suffix}")
        backs_path = path.with_name(f"{path.stem}-backs{path.suffix}")
        report.written += write_files({fronts: result.pdf, backs_path: result.backs_pdf})
        _describe(report, result, fronts, backs_path)
    else:
        report.written += write_files({path: result.pdf})
        _describe(report, result, path)
    return report


def _describe(
    report: Report, result: CardsResult, path: Path, backs_path: Path | None = None
) -> None:
    sheet, printing = result.sheet, result.setup
    if printing.per_page:
        report.say(
            f"wrote {path}: {result.cards} {result.layout.label} cards, one face per "
            f"page ({result.pages} pages) with trim and bleed boxes, for a print shop"
        )
        return
    report.say(
        f"wrote {path}: {result.cards} {result.layout.label} cards, {sheet.per_sheet} per "
        f"{result.paper_name} sheet, {result.pages} pages"
    )
    if backs_path is not None:
        report.say(
            f"wrote {backs_path}: the backs, {result.pages} pages. Print the fronts, put "
            "the printed stack back in the tray turned over like a book's page, then "
            "print the backs; at actual size (100%)"
        )
    elif result.backs:
        edge = "short" if printing.duplex == "short" else "long"
        report.say(f"print double-sided, flip on the {edge} edge, at actual size (100%)")
    else:
        report.say("print at actual size (100%)")
