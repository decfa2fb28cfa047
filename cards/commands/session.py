"""`drillcards session`: a coach's plan for one training, from the library or made here."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..build.output import write_atomic
from ..data.selection import choose_session
from ..products.session import render_session
from .common import Edition, Report, count


def make_session(
    edition: Edition,
    ids: tuple[str, ...] = (),
    title: str | None = None,
    day: dt.date | None = None,
    notes: str | None = None,
    output: Path | None = None,
    start: str | None = None,
    warmup: int | None = None,
    cooldown: int | None = None,
) -> Report:
    """A library session by id, or --title and drill ids in order (each may carry its minutes,
    as pogo-jumps:4), timed by --start, --warmup and --cooldown: out/sessions/ID.pdf."""
    library, options = edition.library, edition.options
    plan = choose_session(
        library,
        list(ids),
        title,
        notes,
        output is not None,
        start=start,
        warmup=warmup,
        cooldown=cooldown,
    )
    result = render_session(library, options, plan, day)
    path = output or options.out / "sessions" / f"{result.session_id}.pdf"
    written = write_atomic(path, result.pdf)
    report = edition.report()
    report.warn(result.warnings)
    report.written.append(written)
    timing = f" in {plan.total_minutes} min" if plan.total_minutes else ""
    report.say(
        f"wrote {path}: {plan.title}, {count(len(plan.items), 'drill')}{timing} on "
        f"{count(result.pages, result.layout.label + ' page')}"
    )
    return report
