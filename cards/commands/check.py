"""`drillcards check`: every problem a build would hit (club, data, layouts, fit) at once, in
every language, and how much of the library each language has translated."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

from ..build.parallel import available_cores, run_jobs
from ..build.plan import render_all
from ..data.club import Club, load_club
from ..data.dates import build_date
from ..data.labels import labels_of
from ..data.library import load_library
from ..data.model import Library
from ..data.translate import Coverage, edition
from ..errors import DrillcardsError, LayoutError
from ..options import PAPER_NAMES, Options
from ..products.deck import fits
from ..render.layout import card_sizes, load_card_layout, load_layout
from ..resources import default_drills
from .common import Report, check_size, count, drills_file, languages


@dataclass(frozen=True)
class Checked:
    library: Library
    club: Club
    paper: str
    size: str
    warnings: list[str]
    coverages: list[Coverage] = field(default_factory=list)
    # The card sizes the layouts define, and the drills that do not fit some of them:
    # (drill id, language code, the sizes it does not fit).
    sizes: tuple[str, ...] = ()
    misfits: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)


def check_all(
    drills: str | Path | None = None,
    club_file: str | Path | None = None,
    templates: str | Path | None = None,
    paper: str | None = None,
    size: str | None = None,
    languages: list[str] | None = None,
) -> Checked:
    """Look at everything a build needs; raise one error listing every problem found.

    Renders the library in each of `languages` (default: its own and every language it has
    translations for), so a translation too long for a card is found too."""
    problems: list[str] = []

    def attempt(action):
        try:
            return action()
        except DrillcardsError as err:
            problems.extend(err.problems or [str(err)])
            return None

    club = attempt(lambda: load_club(club_file)) or Club()
    library = attempt(lambda: load_library(*drills_file(drills)))
    options = Options.resolve(
        club, paper=paper, size=size, templates=templates, jobs=available_cores()
    )
    paper, size = options.paper, options.size
    attempt(lambda: check_size(options))
    layouts_fine = True
    for kind, layout_size in (
        ("card", size),
        ("sheet", paper),
        ("session", paper),
        ("handout", paper),
    ):
        before = len(problems)
        attempt(lambda k=kind, s=layout_size: load_layout(k, s, templates, club))
        layouts_fine = layouts_fine and len(problems) == before
    if library is None and layouts_fine and templates is not None:  # the built-in ones are fine
        _try_layouts_on_builtin_drills(problems, options)
    warnings: list[str] = []
    coverages: list[Coverage] = []
    sizes: tuple[str, ...] = ()
    misfits: list[tuple[str, str, tuple[str, ...]]] = []
    if library is not None and layouts_fine and not problems:
        sizes = tuple(card_sizes(templates))
        codes = languages or [library.language, *sorted(library.translations)]
        for code in dict.fromkeys(codes):
            asked_by = (
                None
                if languages
                else (
                    f'{library.source}: "language": "{code}"'
                    if code == library.language
                    else f'{library.source}: the translations into "{code}"'
                )
            )
            made = attempt(lambda c=code, a=asked_by: edition(library, c, templates, a))
            if made is None:
                continue
            coverages.append(made.coverage)
            warnings.extend(w for w in made.warnings if not w.startswith(library.source))
            result = attempt(lambda m=made: render_all(m.library, options))
            warnings.extend(result.warnings if result else [])
            if result:
                misfits += card_misfits(made.library, options, sizes)
    if problems:
        unique = list(dict.fromkeys(problems))
        count = f"{len(unique)} problem" + ("s" if len(unique) != 1 else "")
        raise DrillcardsError(
            f"{count} found; a build would write nothing. Fix and run again:", unique
        )
    return Checked(
        library, club, paper, size, list(dict.fromkeys(warnings)), coverages, sizes, misfits
    )


def card_misfits(
    library: Library, options: Options, sizes: tuple[str, ...]
) -> list[tuple[str, str, tuple[str, ...]]]:
    """The drills that do not fit a card of some of `sizes` (the chosen size is checked by the
    build itself): (drill id, language, those sizes). A large library is laid out on every
    core, a share of the drills each."""
    layouts = [
        load_card_layout(size, options.templates, options.club, labels_of(library))
        for size in sizes
        if size != options.size
    ]

    def misses(span: tuple[int, int]) -> list[tuple[str, str, tuple[str, ...]]]:
        found = []
        for drill in library.drills[span[0] : span[1]]:
            where = library.place(drill.id)
            missed = tuple(layout.size for layout in layouts if not fits(drill, layout, where))
            if missed:
                found.append((drill.id, library.language, missed))
        return found

    count = len(library.drills)
    step = max(MISFITS_PER_JOB, -(-count // max(options.jobs, 1)))
    spans = [(start, start + step) for start in range(0, count, step)]
    return [row for rows in run_jobs(misses, spans, options.jobs) for row in rows]


MISFITS_PER_JOB = 50  # fewer drills than this are laid out here: a worker costs more


def _try_layouts_on_builtin_drills(problems: list[str], options: Options) -> None:
    """With the user's drills unreadable, still find mistakes in the layouts' Jinja."""
    sample = load_library(default_drills(), "drills.json (built in)")
    try:
        render_all(sample, options)
    except LayoutError as err:
        problems.extend(err.problems or [str(err)])
    except DrillcardsError:
        pass  # the built-in drills not fitting a user's layout says nothing about the user's drills


def check(
    drills: str | Path | None = None,
    club_file: str | Path | None = None,
    templates: str | Path | None = None,
    paper: str | None = None,
    size: str | None = None,
    lang: str | None = None,
) -> Report:
    """`drillcards check`: in the languages of --lang, else the club's, else every language of
    the drills file; what fits where, and what each language still lacks."""
    build_date()
    if lang is None:  # the club's languages, if it names them; else every language of the file
        with contextlib.suppress(DrillcardsError):  # a broken club file: check_all reports it
            lang = ",".join(load_club(club_file).languages or ()) or None
    checked = check_all(drills, club_file, templates, paper, size, list(languages(lang)))
    library = checked.library
    report = Report(warnings=list(checked.warnings))
    report.say(
        f"{library.source} is fine: {count(len(library.drills), 'drill')} and "
        f"{count(len(library.sessions), 'session')}; the {checked.size} cards, the drill "
        f"sheets, the session sheets and the handout all fit on {PAPER_NAMES[checked.paper]}"
        + (
            f", in {', '.join(c.code for c in checked.coverages)}"
            if len(checked.coverages) > 1 or lang
            else ""
        )
    )
    for coverage in checked.coverages:
        report.say(f"  {coverage.summary()}")
        report.lines.extend(f"    - {gap.kind} {gap}" for gap in coverage.gaps)
    report.lines.extend(fit_table(checked, len(checked.coverages) > 1))
    silent = [drill.id for drill in library.drills if not drill.video]
    if silent:
        report.say(
            f"note: {count(len(silent), 'drill')} without a video "
            f"print{'s' if len(silent) == 1 else ''} without a QR code: "
            f"{', '.join(silent[:SHOWN])}"
            + (f" and {len(silent) - SHOWN} more" if len(silent) > SHOWN else "")
        )
    return report


SHOWN = 10  # drills a note names before "and N more"


def fit_table(checked: Checked, languages: bool) -> list[str]:
    """The drills that do not fit some card sizes, as a table: a drill per row, a size per
    column; and why that is no error."""
    if not checked.misfits:
        return [f"cards: every drill fits every card size ({', '.join(checked.sizes)})"]
    rows = [
        (
            f"{ident} ({code})" if languages else ident,
            ["✓" if size == checked.size or size not in missed else "✗" for size in checked.sizes],
        )
        for ident, code, missed in checked.misfits
    ]
    drills = len({ident for ident, _, _ in checked.misfits})
    first = max(len("drill"), *(len(name) for name, _ in rows))
    widths = [max(len(size), 1) for size in checked.sizes]

    def line(name: str, cells: list[str]) -> str:
        return (
            "    "
            + "  ".join(
                [name.ljust(first), *(c.ljust(w) for c, w in zip(cells, widths, strict=True))]
            ).rstrip()
        )

    lines = [
        f"cards: {count(drills, 'drill')} {'does' if drills == 1 else 'do'} not fit every "
        "card size (✗: too full even at the smallest legible type):",
        line("drill", list(checked.sizes)),
        *(line(name, cells) for name, cells in rows),
    ]
    lines.append(
        f"    not a problem for the {checked.size} cards you print, on which every drill "
        "fits; to print another size, shorten these drills or give them a (shorter) "
        'card short form ("card")'
    )
    return lines
