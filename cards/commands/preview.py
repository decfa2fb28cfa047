"""`drillcards preview`: small PNG images of drills' sheets and cards and of session sheets."""

from __future__ import annotations

from pathlib import Path

from ..products.preview import previews
from .common import Edition, Report, count, write_files


def make_previews(
    edition: Edition, ids: tuple[str, ...] = (), out_dir: Path | None = None
) -> Report:
    """Images of the ids (default: every drill and session) into out/previews/."""
    made = previews(edition.library, edition.options, ids)
    out_dir = out_dir or edition.options.out / "previews"
    report = edition.report()
    report.written = write_files({out_dir / image.name: image.png for image in made}, out_dir)
    report.say(
        f"wrote {count(len(made), 'image')} into {out_dir}: "
        + ", ".join(image.name for image in made[:6])
        + (", …" if len(made) > 6 else "")
    )
    return report
