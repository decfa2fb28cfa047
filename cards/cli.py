"""The drillcards command line: parse options, call one library function, report in plain words."""

from __future__ import annotations

from pathlib import Path

import click

from .deck import DEFAULT_SIZE, CardsResult, render_cards
from .errors import DrillcardsError
from .full_build import render_all, write_all
from .impose import PAPERS
from .library import load_library
from .model import Library
from .output import write_atomic
from .resources import default_drills
from .schema import schema_text
from .selection import DEFAULT_PAPER, PAPER_NAMES, choose_session
from .session import render_session
from .sheet import render_sheet

SIZES = ("a7", "a6", "business", "index-3x5", "poker")


class UserError(click.ClickException):
    """A problem the user can fix; printed without a traceback, exit status 2."""

    exit_code = 2

    def format_message(self) -> str:
        return self.message


def _library(drills: Path | None) -> Library:
    if drills is None:
        return load_library(default_drills(), display_name="drills.json (built in)")
    return load_library(drills, display_name=str(drills))


def _run(action):
    try:
        return action()
    except DrillcardsError as err:
        raise UserError(str(err)) from err


def _warn(warnings: list[str]) -> None:
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)


def _report(result: CardsResult, path: Path) -> None:
    _warn(result.warnings)
    sheet = result.sheet
    click.echo(
        f"wrote {path}: {result.cards} {result.layout.label} cards, {sheet.per_sheet} per "
        f"{PAPER_NAMES[sheet.paper]} sheet, {result.pages} pages"
    )
    if result.backs:
        click.echo("print double-sided, flip on the long edge, at actual size (100%)")
    else:
        click.echo("print at actual size (100%)")


drills_option = click.option(
    "--drills", type=click.Path(path_type=Path, dir_okay=False),
    help="Drill library (JSON). Default: the built-in coordination drills.")
templates_option = click.option(
    "--templates", type=click.Path(path_type=Path, file_okay=False),
    help="Folder with your own layouts, searched before the built-in ones.")
size_option = click.option("--size", default=DEFAULT_SIZE, show_default=True,
                           type=click.Choice(SIZES), help="Card size.")
paper_option = click.option("--paper", default=DEFAULT_PAPER, show_default=True,
                            type=click.Choice(list(PAPERS)), help="Paper size.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="drillcards")
def cli() -> None:
    """Print running-drill cards from a drill library."""


@cli.command()
@drills_option
@templates_option
@size_option
@paper_option
def check(drills: Path | None, templates: Path | None, size: str, paper: str) -> None:
    """Check a drill library: everything a build would refuse, reported at once; writes nothing."""
    library = _run(lambda: _library(drills))
    result = _run(lambda: render_all(library, templates, paper, size))
    _warn(result.warnings)
    click.echo(
        f"{library.source} is fine: {_count(len(library.drills), 'drill')} and "
        f"{_count(len(library.sessions), 'session')}; the {size} cards, the drill sheets and the "
        f"session sheets all fit on {PAPER_NAMES[paper]}"
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


@cli.command()
@click.argument("ids", nargs=-1)
@drills_option
@size_option
@paper_option
@click.option("--no-backs", is_flag=True, help="Fronts only (no back pages).")
@templates_option
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              default=Path("out/cards.pdf"), show_default=True, help="PDF to write.")
def cards(ids: tuple[str, ...], drills: Path | None, size: str, paper: str, no_backs: bool,
          templates: Path | None, output: Path) -> None:
    """Pocket cards for the drills IDS (default: every drill), fronts with mirrored backs."""
    library = _run(lambda: _library(drills))
    result = _run(lambda: render_cards(library, ids, size, paper, not no_backs, templates))
    _run(lambda: write_atomic(output, result.pdf))
    _report(result, output)


@cli.command()
@click.argument("drill_id", metavar="ID")
@drills_option
@paper_option
@templates_option
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="PDF to write.  [default: out/sheets/ID.pdf]")
def sheet(drill_id: str, drills: Path | None, paper: str, templates: Path | None,
          output: Path | None) -> None:
    """A one-page drill sheet for the drill ID, with a large QR code and its link."""
    library = _run(lambda: _library(drills))
    result = _run(lambda: render_sheet(library, drill_id, paper, templates))
    path = output or Path("out") / "sheets" / f"{result.drill_id}.pdf"
    _run(lambda: write_atomic(path, result.pdf))
    _warn(result.warnings)
    click.echo(f"wrote {path}: the {result.layout.label} drill sheet for {drill_id}")


@cli.command()
@click.argument("ids", nargs=-1, metavar="[ID | DRILL_ID...]")
@drills_option
@paper_option
@templates_option
@click.option("--title", help="Make a session here: its title; the arguments are drill ids.")
@click.option("--date", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Date printed on the sheet, as YYYY-MM-DD.")
@click.option("--notes", help="Notes printed on the sheet.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="PDF to write.  [default: out/sessions/ID.pdf]")
def session(ids: tuple[str, ...], drills: Path | None, paper: str, templates: Path | None,
            title: str | None, date, notes: str | None, output: Path | None) -> None:
    """A session sheet: a session of the library by ID, or --title and drill ids in order."""
    library = _run(lambda: _library(drills))
    plan = _run(lambda: choose_session(library, list(ids), title, notes, output is not None))
    day = date.date() if date else None
    result = _run(lambda: render_session(library, plan, paper, templates, day))
    path = output or Path("out") / "sessions" / f"{result.session_id}.pdf"
    _run(lambda: write_atomic(path, result.pdf))
    _warn(result.warnings)
    click.echo(f"wrote {path}: {plan.title}, {_count(len(plan.items), 'drill')} on "
               f"{_count(result.pages, result.layout.label + ' page')}")


@cli.command()
@drills_option
@paper_option
@templates_option
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              default=Path("out"), show_default=True, help="Folder to write into.")
def build(drills: Path | None, paper: str, templates: Path | None, out_dir: Path) -> None:
    """Build everything from the library into the out folder: cards, drill and session sheets."""
    library = _run(lambda: _library(drills))
    result = _run(lambda: render_all(library, templates, paper))
    _run(lambda: write_all(result, out_dir))
    _warn(result.warnings)
    size = sum(len(data) for data in result.files.values())
    click.echo(f"wrote {len(result.files)} files ({size / 1024:.0f} KB) into {out_dir}:")
    for line in result.summary:
        click.echo(f"  {line}")


@cli.command()
def schema() -> None:
    """Print the JSON Schema of drills.json, for editors that validate as you type."""
    click.echo(schema_text(), nl=False)


def main() -> None:
    cli(prog_name="drillcards")
