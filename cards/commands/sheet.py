"""`drillcards sheet`: one-page drill sheets, every one made before any is written."""

from __future__ import annotations

from pathlib import Path

from ..data.selection import session_drill_ids
from ..errors import NOT_PRINTABLE, gathered
from ..products.sheet import render_sheet
from .common import Edition, Report, UsageError, count, write_files


def make_sheets(
    edition: Edition,
    ids: tuple[str, ...] = (),
    everything: bool = False,
    output: Path | None = None,
    sessions: tuple[str, ...] = (),
) -> Report:
    """A sheet per drill of `ids` (or every drill, or the drills of `sessions`, each once in
    their order): out/sheets/ID.pdf, or `output` for one."""
    library, options = edition.library, edition.options
    if sessions and (ids or everything):
        raise UsageError(
            "give drill ids, --all or --session, one of them: --session prints the "
            "sheets of that session's drills"
        )
    ids = (
        tuple(d.id for d in library.drills)
        if everything
        else session_drill_ids(library, sessions)
        if sessions
        else ids
    )
    if not ids:
        raise UsageError(
            "name the drills to make sheets for (drillcards sheet pogo-jumps), "
            "or use --all or --session ID"
        )
    if output is not None and len(ids) > 1:
        raise UsageError(
            f"-o {output} names one file, but {len(ids)} sheets were asked for; "
            "give one drill, or leave out -o to write out/sheets/ID.pdf for each"
        )
    results, problems, kinds = [], [], set()
    for drill_id in dict.fromkeys(ids):
        try:
            results.append(render_sheet(library, options, drill_id))
        except NOT_PRINTABLE as err:
            problems.extend(err.problems or [str(err)])
            kinds.add(type(err))
    if problems:
        raise gathered(
            f"{count(len(problems), 'sheet')} cannot be printed as written; nothing was written:",
            problems,
            kinds,
        )
    report = edition.report()
    paths = [output or options.out / "sheets" / f"{r.drill_id}.pdf" for r in results]
    report.written = write_files({path: r.pdf for path, r in zip(paths, results, strict=True)})
    for path, result in zip(paths, results, strict=True):
        report.warn(result.warnings)
        report.say(f"wrote {path}: the {result.layout.label} drill sheet for {result.drill_id}")
    return report
