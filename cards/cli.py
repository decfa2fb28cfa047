"""The drillcards command line: parse options, call one library function, report in plain words."""

from __future__ import annotations

import contextlib
import sys
import time
from dataclasses import dataclass
from functools import wraps
from pathlib import Path

import click

from . import __version__
from .build.output import write_atomic
from .build.parallel import available_cores
from .build.plan import BuildResult, build_steps, render_all, stale_files, write_all
from .build.watch import watch_files, watched_files
from .commands.check import check_all
from .data.club import CARD_SIZES, Club, load_club
from .data.dates import build_date
from .data.labels import REFERENCE, labels_of, load_labels
from .data.library import load_library
from .data.model import Library
from .data.schema import schema_text
from .data.selection import DEFAULT_PAPER, PAPER_NAMES, choose_session
from .data.translate import edition
from .errors import DrillcardsError, FitError, GlyphError
from .impose import DUPLEX_MODES, PAPERS, PrintSetup
from .products.calibrate import render_calibration
from .products.deck import DEFAULT_SIZE, CardsResult, render_cards
from .products.handout import render_handout
from .products.preview import previews
from .products.session import render_session
from .products.sheet import render_sheet
from .products.site import SITE, render_site
from .render.units import mm, parse_offset
from .resources import builtin_templates, default_drills

SIZES = CARD_SIZES


class UserError(click.ClickException):
    """A problem the user can fix; printed without a traceback, exit status 2."""

    exit_code = 2

    def format_message(self) -> str:
        return self.message


def _run(action):
    try:
        return action()
    except DrillcardsError as err:
        raise UserError(str(err)) from err


@dataclass(frozen=True)
class Setup:
    """What every command starts from: the library, the club, the paper and the layouts."""

    library: Library
    club: Club
    paper: str
    size: str
    templates: Path | None
    out: Path = Path("out")  # where outputs go by default: out/, or out/CODE/ with --lang CODE


def _sources(drills: Path | None, club_file: Path | None) -> tuple[Club, Library]:
    """Load the club first (its paper, card size and languages are defaults), then the library."""
    _run(build_date)  # a malformed SOURCE_DATE_EPOCH is named before reportlab trips over it
    club = _run(lambda: load_club(club_file))
    if drills is None:
        library = _run(lambda: load_library(default_drills(), "drills.json (built in)"))
    else:
        library = _run(lambda: load_library(drills, str(drills)))
    return club, library


def _setup(drills: Path | None, club_file: Path | None, paper: str | None, size: str | None,
           templates: Path | None, lang: str | None = None) -> Setup:
    """The club and the library, in the one language asked for (default: the club's first)."""
    club, library = _sources(drills, club_file)
    if lang is not None and "," in lang:
        raise UserError(f"--lang {lang}: this command prints one language at a time; "
                        "drillcards build takes several, as --lang de,fr")
    if lang is None and club.languages:  # the club's first language, into out/CODE/
        lang = club.languages[0]
    return _in_language(club, library, paper, size, templates, lang)


def _in_language(club: Club, library: Library, paper: str | None, size: str | None,
                 templates: Path | None, lang: str | None) -> Setup:
    """A setup printing in `lang` (None: the main text's), warning of what is not translated."""
    made = _run(lambda: edition(library, lang, templates))
    _warn(list(made.warnings))
    return Setup(made.library, club, paper or club.paper or DEFAULT_PAPER,
                 size or club.card_size or DEFAULT_SIZE, templates,
                 Path("out") / lang if lang else Path("out"))


def _languages(lang: str | None) -> list[str | None]:
    """The languages of --lang de,fr; [None] (the main text's) without it."""
    if lang is None:
        return [None]
    codes = [code.strip() for code in lang.split(",")]
    if not all(codes):
        raise UserError(f"--lang {lang}: name languages by their codes, separated by commas, "
                        "as --lang de,fr")
    return list(dict.fromkeys(codes))


def source_options(func):
    """--drills, --club, --paper and --templates, passed on as given."""
    options = [
        click.option("--drills", type=click.Path(path_type=Path, dir_okay=False),
                     help="Drill library (JSON). Default: the built-in coordination drills."),
        click.option("--club", "club_file", type=click.Path(path_type=Path, dir_okay=False),
                     help="Club file (TOML). Default: club.toml in this folder, if there is one."),
        click.option("--paper", type=click.Choice(list(PAPERS)),
                     help=f"Paper size. Default: the club's, else {DEFAULT_PAPER}."),
        click.option("--templates", type=click.Path(path_type=Path, file_okay=False),
                     help="Folder with your own layouts, searched before the built-in ones."),
        click.option("--lang", metavar="CODE",
                     help="Print in this language (de, fr, it …: a catalogue lang/CODE.toml "
                          "among the layouts) and write into out/CODE/. Default: the club "
                          "file's languages (build: each; the others: the first), else the "
                          "language of the drills file's main text, into out/."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def common(func):
    """The source options, resolved into a Setup passed as `setup`."""

    @source_options
    @wraps(func)
    def wrapper(*args, drills, club_file, paper, templates, lang, size=None, **kwargs):
        setup = _setup(drills, club_file, paper, size, templates, lang)
        return func(*args, setup=setup, **kwargs)

    return wrapper


size_option = click.option("--size", type=click.Choice(SIZES),
                           help=f"Card size. Default: the club's, else {DEFAULT_SIZE}.")


def _warn(warnings: list[str]) -> None:
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _report(result: CardsResult, path: Path, backs_path: Path | None = None) -> None:
    _warn(result.warnings)
    sheet, printing = result.sheet, result.setup
    if printing.per_page:
        click.echo(f"wrote {path}: {result.cards} {result.layout.label} cards, one face per "
                   f"page ({result.pages} pages) with trim and bleed boxes, for a print shop")
        return
    click.echo(
        f"wrote {path}: {result.cards} {result.layout.label} cards, {sheet.per_sheet} per "
        f"{PAPER_NAMES[sheet.paper]} sheet, {result.pages} pages"
    )
    if backs_path is not None:
        click.echo(f"wrote {backs_path}: the backs, {result.pages} pages. Print the fronts, put "
                   "the printed stack back "
                   "in the tray turned over like a book's page, then print the backs; at actual "
                   "size (100%)")
    elif result.backs:
        edge = "short" if printing.duplex == "short" else "long"
        click.echo(f"print double-sided, flip on the {edge} edge, at actual size (100%)")
    else:
        click.echo("print at actual size (100%)")


def _output(default: str):
    return click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
                        help=f"PDF to write.  [default: {default}]")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version=__version__, prog_name="drillcards")
def cli() -> None:
    """Print running-drill cards, drill sheets, session sheets and club handouts."""


@cli.command()
@source_options
@size_option
def check(drills: Path | None, club_file: Path | None, paper: str | None,
          templates: Path | None, lang: str | None, size: str | None) -> None:
    """Check everything a build needs: club, drills, layouts, fonts and fit, in every language
    (or those of --lang de,fr), and how much each language has translated; writes nothing."""
    _run(build_date)
    if lang is None:  # the club's languages, if it names them; else every language of the file
        with contextlib.suppress(DrillcardsError):  # a broken club file: check_all reports it
            lang = ",".join(load_club(club_file).languages or ()) or None
    codes = [code for code in _languages(lang) if code]
    checked = _run(lambda: check_all(drills, club_file, templates, paper, size, codes))
    _warn(checked.warnings)
    library = checked.library
    click.echo(
        f"{library.source} is fine: {_count(len(library.drills), 'drill')} and "
        f"{_count(len(library.sessions), 'session')}; the {checked.size} cards, the drill "
        f"sheets, the session sheets and the handout all fit on {PAPER_NAMES[checked.paper]}"
        + (f", in {', '.join(c.code for c in checked.coverages)}"
           if len(checked.coverages) > 1 or lang else "")
    )
    for coverage in checked.coverages:
        click.echo(f"  {coverage.summary()}")
        for gap in coverage.gaps:
            click.echo(f"    - {gap.kind} {gap}")


def _offset(ctx, param, value):
    if value is None:
        return None
    try:
        return parse_offset(value)
    except ValueError as err:
        raise click.BadParameter(str(err)) from err


def print_options(func):
    """How cards meet the printer and the cutter: duplex, back offset, bleed, marks."""
    options = [
        click.option("--duplex", type=click.Choice(DUPLEX_MODES), default="long",
                     show_default=True, help="long: flip on the long edge; short: on the short "
                     "edge; separate: fronts and backs in two files."),
        click.option("--back-offset", callback=_offset, metavar="X,Y",
                     help="Move every back page by X,Y mm (read it off drillcards calibrate). "
                     "Default: the club's back_offset, else 0,0."),
        click.option("--bleed", type=click.FloatRange(0, 6), default=0.0, metavar="MM",
                     help="Run colour this far past each card's edge (3 mm in Europe, 1/8 in = "
                     "3.175 mm in the US); cards are spaced to make room."),
        click.option("--mark-length", type=click.FloatRange(3, 15), default=5.0, metavar="MM",
                     show_default=True, help="Longest crop mark."),
        click.option("--mark-offset", type=click.FloatRange(0, 10), default=2.0, metavar="MM",
                     show_default=True, help="Gap between a card's edge and its crop marks."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _print_setup(setup: Setup, duplex: str, back_offset, bleed: float, mark_length: float,
                 mark_offset: float, cut_lines: bool = False,
                 per_page: bool = False) -> PrintSetup:
    offset_mm = back_offset or setup.club.back_offset or (0.0, 0.0)
    return PrintSetup(duplex, (mm(offset_mm[0]), mm(offset_mm[1])), mm(bleed), mm(mark_length),
                      mm(mark_offset), cut_lines, per_page)


@cli.command()
@click.argument("ids", nargs=-1)
@common
@size_option
@click.option("--no-backs", is_flag=True, help="Fronts only (no back pages).")
@print_options
@click.option("--cut-lines", is_flag=True,
              help="Lines along every cut, across the sheet, for a guillotine or a trimmer.")
@click.option("--per-page", is_flag=True,
              help="One card face per page at card size plus bleed, front then back, with trim "
              "and bleed boxes: for a print shop.")
@_output("out/cards.pdf, or out/CODE/cards.pdf with --lang")
def cards(ids: tuple[str, ...], setup: Setup, no_backs: bool, duplex: str, back_offset,
          bleed: float, mark_length: float, mark_offset: float, cut_lines: bool, per_page: bool,
          output: Path | None) -> None:
    """Pocket cards for the drills IDS (default: every drill), fronts with their backs."""
    printing = _print_setup(setup, duplex, back_offset, bleed, mark_length, mark_offset,
                            cut_lines, per_page)
    result = _run(lambda: render_cards(setup.library, ids, setup.size, setup.paper, not no_backs,
                                       setup.templates, setup.club, printing))
    path = output or setup.out / "cards.pdf"
    if result.backs_pdf is not None:
        fronts = path.with_name(f"{path.stem}-fronts{path.suffix}")
        backs = path.with_name(f"{path.stem}-backs{path.suffix}")
        _run(lambda: write_atomic(fronts, result.pdf))
        _run(lambda: write_atomic(backs, result.backs_pdf))
        _report(result, fronts, backs)
    else:
        _run(lambda: write_atomic(path, result.pdf))
        _report(result, path)


@cli.command()
@click.option("--paper", type=click.Choice(list(PAPERS)),
              help=f"Paper size. Default: the club's, else {DEFAULT_PAPER}.")
@size_option
@click.option("--club", "club_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Club file (TOML). Default: club.toml in this folder, if there is one.")
@click.option("--duplex", type=click.Choice(("long", "short")), default="long",
              show_default=True, help="The edge your printer flips on.")
@click.option("--back-offset", callback=_offset, metavar="X,Y",
              help="Print the back moved by X,Y mm, to check an offset you measured.")
@click.option("--templates", type=click.Path(path_type=Path, file_okay=False),
              help="Folder with your own layouts, searched before the built-in ones.")
@click.option("--lang", metavar="CODE", help="The language of the instructions (de, fr, it …).")
@_output("out/calibration.pdf, or out/CODE/calibration.pdf with --lang")
def calibrate(paper: str | None, size: str | None, club_file: Path | None, duplex: str,
              back_offset, templates: Path | None, lang: str | None,
              output: Path | None) -> None:
    """A two-sided sheet to measure how far your printer shifts the backs."""
    club = _run(lambda: load_club(club_file))
    setup = Setup(None, club, paper or club.paper or DEFAULT_PAPER,
                  size or club.card_size or DEFAULT_SIZE, None)
    printing = _print_setup(setup, duplex, back_offset, 0.0, 5.0, 2.0)
    lang = lang or (club.languages[0] if club.languages else None)
    labels = _run(lambda: load_labels(lang or REFERENCE, templates))
    pdf = _run(lambda: render_calibration(setup.paper, setup.size, printing, labels))
    path = output or Path("out", lang or "", "calibration.pdf")
    _run(lambda: write_atomic(path, pdf))
    edge = "short" if duplex == "short" else "long"
    click.echo(f"wrote {path}: print it double-sided (flip on the {edge} edge) at actual size, "
               "then follow the steps on its front")


@cli.command()
@click.argument("drill_ids", nargs=-1, metavar="ID...")
@click.option("--all", "everything", is_flag=True, help="A sheet for every drill.")
@common
@_output("out/sheets/ID.pdf, or out/CODE/sheets/ID.pdf with --lang")
def sheet(drill_ids: tuple[str, ...], everything: bool, setup: Setup,
          output: Path | None) -> None:
    """One-page drill sheets for the drills IDS (or --all), each with a large QR code and its
    link: out/sheets/ID.pdf."""
    ids = [d.id for d in setup.library.drills] if everything else list(drill_ids)
    if not ids:
        raise UserError("name the drills to make sheets for (drillcards sheet pogo-jumps), "
                        "or use --all")
    if output is not None and len(ids) > 1:
        raise UserError(f"-o {output} names one file, but {len(ids)} sheets were asked for; "
                        "give one drill, or leave out -o to write out/sheets/ID.pdf for each")
    results, problems = [], []
    for drill_id in dict.fromkeys(ids):  # every sheet made before any is written
        try:
            results.append(render_sheet(setup.library, drill_id, setup.paper, setup.templates,
                                        setup.club))
        except (FitError, GlyphError) as err:
            problems.extend(err.problems or [str(err)])
        except DrillcardsError as err:
            raise UserError(str(err)) from err
    if problems:
        raise UserError("\n".join([f"{_count(len(problems), 'sheet')} cannot be printed as "
                                    "written; nothing was written:",
                                    *(f"  - {p}" for p in problems)]))
    for result in results:
        path = output or setup.out / "sheets" / f"{result.drill_id}.pdf"
        _run(lambda r=result, p=path: write_atomic(p, r.pdf))
        _warn(result.warnings)
        click.echo(f"wrote {path}: the {result.layout.label} drill sheet for {result.drill_id}")


@cli.command()
@click.argument("ids", nargs=-1, metavar="[ID | DRILL_ID...]")
@common
@click.option("--title", help="Make a session here: its title; the arguments are drill ids.")
@click.option("--date", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Date printed on the sheet, as YYYY-MM-DD.")
@click.option("--notes", help="Notes printed on the sheet.")
@_output("out/sessions/ID.pdf, or out/CODE/sessions/ID.pdf with --lang")
def session(ids: tuple[str, ...], setup: Setup, title: str | None, date, notes: str | None,
            output: Path | None) -> None:
    """A session sheet: a session of the library by ID, or --title and drill ids in order."""
    library = setup.library
    plan = _run(lambda: choose_session(library, list(ids), title, notes, output is not None))
    day = date.date() if date else None
    result = _run(lambda: render_session(library, plan, setup.paper, setup.templates, day,
                                         club=setup.club))
    path = output or setup.out / "sessions" / f"{result.session_id}.pdf"
    _run(lambda: write_atomic(path, result.pdf))
    _warn(result.warnings)
    click.echo(f"wrote {path}: {plan.title}, {_count(len(plan.items), 'drill')} on "
               f"{_count(result.pages, result.layout.label + ' page')}")


@cli.command()
@click.option("--session", "session_ids", multiple=True, metavar="ID",
              help="A session plan to include (repeat for more).")
@click.option("--drill", "drill_ids", multiple=True, metavar="ID",
              help="A drill sheet to include (repeat for more).")
@click.option("--all", "everything", is_flag=True,
              help="Every session and every drill (also when none is chosen).")
@click.option("--cards", "with_cards", is_flag=True, help="Add every drill's cards, to cut.")
@click.option("--include", "includes", multiple=True, metavar="FILE.pdf",
              type=click.Path(path_type=Path), help="A PDF of your own to add at the end.")
@click.option("--title", help="The handout's title, on the cover.")
@common
@size_option
@_output("out/handout.pdf, or out/CODE/handout.pdf with --lang")
def bundle(session_ids: tuple[str, ...], drill_ids: tuple[str, ...], everything: bool,
           with_cards: bool, includes: tuple[Path, ...], title: str | None, setup: Setup,
           output: Path | None) -> None:
    """One handout PDF: cover, contents, session plans, drill sheets, cards and your own PDFs."""
    result = _run(lambda: render_handout(
        setup.library, session_ids, drill_ids, everything, with_cards, includes, title,
        setup.club, setup.paper, setup.size, setup.templates))
    path = output or setup.out / "handout.pdf"
    _run(lambda: write_atomic(path, result.pdf))
    _warn(result.warnings)
    parts = sum(1 for entry in result.entries if entry.level == 0)
    click.echo(f"wrote {path}: {_count(result.pages, 'page')} in {_count(parts, 'part')}, "
               f"{len(result.pdf):,} bytes")


def _out_option(func):
    return click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
                        default=Path("out"), show_default=True, help="Folder to write into.")(func)


def _jobs_option(func):
    return click.option("--jobs", type=click.IntRange(min=1), default=None,
                        help="Processes to build with.  [default: one per core]")(func)


@dataclass(frozen=True)
class Built:
    """One language's build: its folder, what was made, and what an earlier build left."""

    folder: Path
    result: BuildResult
    stale: list[Path]


def _setups(drills: Path | None, club_file: Path | None, paper: str | None, size: str | None,
            templates: Path | None, lang: str | None, out_dir: Path
            ) -> tuple[list[tuple[Setup, Path]], tuple[tuple[str, str], ...]]:
    """A setup and a folder per language of --lang de,fr (out/de, out/fr), or the main text's
    into out/; and (code, name) of the languages, for the site to link, when several."""
    club, library = _sources(drills, club_file)  # read once, printed in each language
    if lang is None and club.languages:  # every language of the club, each into out/CODE/
        lang = ",".join(club.languages)
    codes = _languages(lang)
    setups = [_in_language(club, library, paper, size, templates, code) for code in codes]
    folders = [out_dir / code if code else out_dir for code in codes]
    languages = tuple((s.library.language, labels_of(s.library).name) for s in setups)
    return list(zip(setups, folders, strict=True)), languages if lang else ()


def _build(setups: list[tuple[Setup, Path]], languages: tuple, clean: bool, jobs: int | None,
           force: bool, progress=None) -> list[Built]:
    """Render what changed since the last build in each folder, then write it all: a mistake in
    any language writes nothing."""
    def render(setup: Setup, folder: Path) -> BuildResult:
        return _run(lambda: render_all(
            setup.library, setup.templates, setup.paper, setup.size, setup.club,
            progress=progress, jobs=jobs or available_cores(), out_dir=folder, force=force,
            languages=languages))

    rendered = [(folder, render(setup, folder)) for setup, folder in setups]
    built = []
    for folder, result in rendered:
        stale = stale_files(result, folder)
        _run(lambda r=result, f=folder: write_all(r, f, clean))
        _warn(result.warnings)
        built.append(Built(folder, result, stale))
    return built


@cli.command()
@source_options
@size_option
@_out_option
@click.option("--clean", is_flag=True,
              help="Remove PDFs of an earlier build that this build no longer makes.")
@_jobs_option
@click.option("--force", is_flag=True,
              help="Make every file again, also those already made from the same drills, "
                   "layouts and club.")
def build(drills: Path | None, club_file: Path | None, paper: str | None,
          templates: Path | None, lang: str | None, size: str | None, out_dir: Path,
          clean: bool, jobs: int | None, force: bool) -> None:
    """Everything into one folder: cards, every drill and session sheet, the handout and the
    site; with --lang de,fr, each language into its own (out/de/, out/fr/). Files an earlier
    build made from the same drills, layouts and club are kept as they are."""
    setups, languages = _setups(drills, club_file, paper, size, templates, lang, out_dir)
    steps = sum(build_steps(setup.library) for setup, _ in setups)
    items = sum(len(s.library.drills) + len(s.library.sessions) for s, _ in setups)
    show = sys.stderr.isatty() and items > 6
    with click.progressbar(length=steps, label="building", file=sys.stderr,
                           hidden=not show) as bar:
        built = _build(setups, languages, clean, jobs, force, lambda _: bar.update(1))
    for one in built:
        _summary(one, clean)


def _summary(built: Built, clean: bool) -> None:
    result, out_dir, stale = built.result, built.folder, built.stale
    size = sum(len(data) for data in result.files.values())
    pages = sum(result.pages.get(path, 0) for path in result.files)
    click.echo(f"wrote {_count(len(result.files), 'file')}, "
               f"{_count(pages, 'page')}, {size:,} bytes "
               f"into {out_dir}" + (f" ({len(result.kept)} up to date)" if result.kept else "")
               + ":")
    for line in result.summary:
        click.echo(f"  {line}")
    if stale and clean:
        click.echo(f"removed {_count(len(stale), 'file')} an earlier build made: "
                   + ", ".join(str(p.relative_to(out_dir)) for p in stale))
    elif stale:
        click.echo(f"left {_count(len(stale), 'file')} an earlier build made, no longer built "
                   "(--clean removes them): "
                   + ", ".join(str(p.relative_to(out_dir)) for p in stale))


@cli.command()
@source_options
@size_option
@_out_option
@_jobs_option
@click.option("--interval", type=click.FloatRange(min=0.05), default=0.5, show_default=True,
              help="Seconds between looks at the files.")
def watch(drills: Path | None, club_file: Path | None, paper: str | None,
          templates: Path | None, lang: str | None, size: str | None, out_dir: Path,
          jobs: int | None, interval: float) -> None:
    """Build into --out, then again on every save of the drills, the club file or a layout,
    rewriting only what changed. A mistake is shown and the watching goes on; Ctrl-C stops."""

    def rebuild() -> None:
        started = time.monotonic()
        try:
            setups, languages = _setups(drills, club_file, paper, size, templates, lang, out_dir)
            built = _build(setups, languages, False, jobs, False)
        except click.ClickException as err:
            click.echo(f"{err.format_message()}\nnothing was written; waiting for the next "
                       "save", err=True)
            return
        files = [(one.folder / path).relative_to(out_dir) for one in built
                 for path in one.result.files]
        own = [path.as_posix() for path in files if SITE.name not in path.parts]
        site = len(files) - len(own)
        made = ", ".join(own) or ("nothing" if not site else "")
        if site:
            made += f"{' and ' if own else ''}{_count(site, 'file')} of the site"
        click.echo(f"rebuilt in {time.monotonic() - started:.1f} s: {made}")

    sources = watched_files(drills, club_file, templates)
    shown = ["the built-in layouts" if path == builtin_templates() else str(path)
             for path in sources]
    click.echo(f"watching {', '.join(shown)}; Ctrl-C stops")
    try:
        watch_files(sources, rebuild, interval)
    except KeyboardInterrupt:
        click.echo("stopped watching")


@cli.command()
@common
@size_option
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Folder to write the site into.  [default: out/site, or out/CODE/site with "
                   "--lang]")
def site(setup: Setup, out_dir: Path) -> None:
    """A web page of every drill and session, with their sheets, cards, thumbnails and the
    handout: put the folder on your club's website, or open index.html from disk."""
    result = _run(lambda: render_site(setup.library, setup.club, setup.paper, setup.size,
                                      setup.templates))
    out_dir = out_dir or setup.out / SITE
    for relative, data in result.files.items():
        _run(lambda r=relative, d=data: write_atomic(out_dir / r, d))
    _warn(result.warnings)
    click.echo(f"wrote {out_dir / 'index.html'}: {_count(result.drills, 'drill')} and "
               f"{_count(result.sessions, 'session')}, {_count(len(result.files), 'file')} in "
               f"{out_dir}; open index.html in a browser or copy the folder to your website")


@cli.command()
@click.argument("ids", nargs=-1, metavar="ID...")
@common
@size_option
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Folder to write the images into.  [default: out/previews, or "
                   "out/CODE/previews with --lang]")
def preview(ids: tuple[str, ...], setup: Setup, out_dir: Path) -> None:
    """Small PNG images of drills (their sheet and the front of their card) and sessions (the
    first page of their sheet), by ID; without IDS, of every drill and session."""
    made = _run(lambda: previews(setup.library, ids, setup.paper, setup.size, setup.templates,
                                 setup.club))
    out_dir = out_dir or setup.out / "previews"
    for image in made:
        _run(lambda i=image: write_atomic(out_dir / i.name, i.png))
    click.echo(f"wrote {_count(len(made), 'image')} into {out_dir}: "
               + ", ".join(image.name for image in made[:6])
               + (", …" if len(made) > 6 else ""))


@cli.command()
def schema() -> None:
    """Print the JSON Schema of drills.json, for editors that validate as you type."""
    click.echo(schema_text(), nl=False)


def main() -> None:
    """The console script: click's own handling, but Ctrl-C says what it left behind."""
    try:
        code = cli.main(prog_name="drillcards", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("\ninterrupted: every file already written is whole, and no partial file "
                   "was left", err=True)
        sys.exit(130)
    except click.ClickException as err:
        err.show()
        sys.exit(err.exit_code)
    sys.exit(code if isinstance(code, int) else 0)
