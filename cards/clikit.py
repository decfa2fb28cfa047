"""Click pieces every command shares: the source and print options, loading the library in
one language, and turning a user's mistake into exit status 2 with no traceback."""

from __future__ import annotations

from functools import wraps
from pathlib import Path

import click

from .commands.common import Report, one_language
from .errors import DrillcardsError
from .impose import DUPLEX_MODES, HOME_PRINTER
from .options import DEFAULT_PAPER, DEFAULT_SIZE, PAPER_NAMES
from .render.units import parse_offset, to_mm

MARK_LENGTH, MARK_OFFSET = to_mm(HOME_PRINTER.mark_length), to_mm(HOME_PRINTER.mark_offset)


class UserError(click.ClickException):
    """A problem the user can fix; printed without a traceback, exit status 2."""

    exit_code = 2

    def format_message(self) -> str:
        return self.message


def run(action):
    try:
        return action()
    except DrillcardsError as err:
        raise UserError(str(err)) from err


def show(report: Report) -> None:
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    for line in report.lines:
        click.echo(line)


def _options(*options):
    def apply(func):
        for option in reversed(options):
            func = option(func)
        return func

    return apply


def _offset(ctx, param, value):
    try:
        return None if value is None else parse_offset(value)
    except ValueError as err:
        raise click.BadParameter(str(err)) from err


PATH = click.Path(path_type=Path, dir_okay=False)
FOLDER = click.Path(path_type=Path, file_okay=False)
drills_opt = click.option(
    "--drills",
    type=PATH,
    help="Drill library: .json, .xlsx, .ods or "
    ".csv. Default: the one in this folder, else the built-in drills.",
)
club_opt = click.option(
    "--club",
    "club_file",
    type=PATH,
    help="Club file (TOML). Default: club.toml in this folder, if there is one.",
)
paper_opt = click.option(
    "--paper",
    type=click.Choice(list(PAPER_NAMES)),
    help=f"Paper size. Default: the club's, else {DEFAULT_PAPER}.",
)
templates_opt = click.option(
    "--templates",
    type=FOLDER,
    help="Folder with your own layouts, searched before the built-in ones.",
)
lang_opt = click.option(
    "--lang",
    metavar="CODE",
    help="Print in this language (de, fr, it …: "
    "a catalogue lang/CODE.toml among the layouts) and write into out/CODE/. "
    "Default: the club file's languages (build: each; the others: the "
    "first), else the language of the drills file's main text, into out/.",
)
size_opt = click.option(
    "--size",
    metavar="NAME",
    help="Card size: one the card layouts define "
    "(built in: a7, a6, business, index-3x5, poker; your card.toml may add "
    f"more). Default: the club's, else {DEFAULT_SIZE}.",
)
sources = _options(drills_opt, club_opt, paper_opt, templates_opt, lang_opt)
jobs_opt = click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Processes to build with.  [default: one per core]",
)
out_opt = click.option(
    "--out",
    "out",
    type=FOLDER,
    default=Path("out"),
    show_default=True,
    help="Folder to write into.",
)
print_opts = _options(
    click.option(
        "--duplex",
        type=click.Choice(DUPLEX_MODES),
        default="long",
        show_default=True,
        help="long: flip on the long edge; short: on the short edge; separate: fronts "
        "and backs in two files.",
    ),
    click.option(
        "--back-offset",
        callback=_offset,
        metavar="X,Y",
        help="Move every back page "
        "by X,Y mm (read it off drillcards calibrate). Default: the club's "
        "back_offset, else 0,0.",
    ),
    click.option(
        "--bleed",
        type=click.FloatRange(0, 6),
        default=0.0,
        metavar="MM",
        help="Run colour this far past each card's edge (3 mm in Europe, 1/8 in = "
        "3.175 mm in the US); cards are spaced to make room.",
    ),
    click.option(
        "--mark-length",
        type=click.FloatRange(3, 15),
        default=MARK_LENGTH,
        metavar="MM",
        show_default=True,
        help="Longest crop mark.",
    ),
    click.option(
        "--mark-offset",
        type=click.FloatRange(0, 10),
        default=MARK_OFFSET,
        metavar="MM",
        show_default=True,
        help="Gap between a card's edge and its crop marks.",
    ),
    click.option(
        "--cut-lines",
        is_flag=True,
        help="Lines along every cut, across the sheet, for a guillotine or a trimmer.",
    ),
    click.option(
        "--per-page",
        is_flag=True,
        help="One card face per page at card size plus "
        "bleed, front then back, with trim and bleed boxes: for a print shop.",
    ),
)


def edition(func):
    """The source options, loaded into the library in one language with its options."""

    @sources
    @wraps(func)
    def wrapper(*args, drills, club_file, lang, **kwargs):
        choices = {key: kwargs.pop(key) for key in list(kwargs) if key in CHOICES}
        made = run(lambda: one_language(drills, club_file, lang, **choices))
        return func(*args, edition=made, **kwargs)

    return wrapper


CHOICES = {
    "paper",
    "size",
    "templates",
    "duplex",
    "back_offset",
    "bleed",
    "mark_length",
    "mark_offset",
    "cut_lines",
    "per_page",
    "out",
    "jobs",
}


def output(default: str):
    return click.option("-o", "--output", type=PATH, help=f"PDF to write.  [default: {default}]")
