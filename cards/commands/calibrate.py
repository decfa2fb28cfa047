"""`drillcards calibrate`: a two-sided sheet to measure how far a printer shifts the backs."""

from __future__ import annotations

from pathlib import Path

from ..build.output import write_atomic
from ..data.club import load_club
from ..data.labels import REFERENCE, load_labels
from ..options import Options
from ..products.calibrate import render_calibration
from .common import Report, check_size


def make_calibration(
    club_file: str | Path | None = None,
    lang: str | None = None,
    output: Path | None = None,
    **choices: object,
) -> Report:
    """The calibration sheet in the club's (or --lang's) language, with the club's paper, size
    and back offset unless given."""
    club = load_club(club_file)
    options = Options.resolve(club, **choices)
    check_size(options)
    lang = lang or (club.languages[0] if club.languages else None)
    labels = load_labels(lang or REFERENCE, options.templates)
    path = output or Path(options.out, lang or "", "calibration.pdf")
    written = write_atomic(path, render_calibration(options, labels))
    edge = "short" if options.printing.duplex == "short" else "long"
    return Report(
        [
            f"wrote {path}: print it double-sided (flip on the {edge} edge) at actual "
            "size, then follow the steps on its front"
        ],
        written=[written],
    )
