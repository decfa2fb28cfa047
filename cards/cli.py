"""The drillcards command line: parse, make the options, call one command, print its report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .build.parallel import available_cores
from .clikit import (
    FOLDER,
    PATH,
    _offset,
    club_opt,
    drills_opt,
    edition,
    jobs_opt,
    out_opt,
    output,
    paper_opt,
    print_opts,
    run,
    show,
    size_opt,
    sources,
    templates_opt,
)
from .commands import build as building
from .commands.bundle import make_handout
from .commands.calibrate import make_calibration
from .commands.cards import make_cards
from .commands.check import check as run_check
from .commands.init import export as export_library
from .commands.init import init as start_project
from .commands.preview import make_previews
from .commands.serve import LOCAL
from .commands.serve import serve as run_server
from .commands.session import make_session
from .commands.sheet import make_sheets
from .commands.site import make_site
from .commands.watch import watch as watch_builds
from .commands.watch import watching
from .data import inputs
from .data.schema import schema_text


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version=__version__, prog_name="drillcards")
def cli() -> None:
    """Print running-drill cards, drill sheets, session sheets and club handouts."""
    inputs.start()


@cli.command()
@sources
@size_opt
def check(drills, club_file, paper, templates, lang, size) -> None:
    """Check everything a build needs: club, drills, layouts, fonts and fit, in every language
    (or those of --lang de,fr), and how much each language has translated; writes nothing."""
    show(run(lambda: run_check(drills, club_file, templates, paper, size, lang)))


session_drills_opt = click.option(
    "--session",
    "session_ids",
    multiple=True,
    metavar="ID",
    help="The drills of this session, each once, in the session's order (repeat for more).",
)


@cli.command()
@click.argument("ids", nargs=-1)
@session_drills_opt
@edition
@size_opt
@click.option("--no-backs", is_flag=True, help="Fronts only (no back pages).")
@print_opts
@output("out/cards.pdf, or out/CODE/cards.pdf with --lang")
def cards(ids, session_ids, edition, no_backs, output) -> None:
    """Pocket cards for the drills IDS (default: every drill, or a session's with --session),
    fronts with their backs."""
    show(run(lambda: make_cards(edition, ids, not no_backs, output, session_ids)))


@cli.command()
@paper_opt
@size_opt
@club_opt
@click.option(
    "--duplex",
    type=click.Choice(("long", "short")),
    default="long",
    show_default=True,
    help="The edge your printer flips on.",
)
@click.option(
    "--back-offset",
    callback=_offset,
    metavar="X,Y",
    help="Print the back moved by X,Y mm, to check an offset you measured.",
)
@templates_opt
@click.option("--lang", metavar="CODE", help="The language of the instructions (de, fr, it …).")
@output("out/calibration.pdf, or out/CODE/calibration.pdf with --lang")
def calibrate(paper, size, club_file, duplex, back_offset, templates, lang, output) -> None:
    """A two-sided sheet to measure how far your printer shifts the backs."""
    show(
        run(
            lambda: make_calibration(
                club_file,
                lang,
                output,
                paper=paper,
                size=size,
                duplex=duplex,
                back_offset=back_offset,
                templates=templates,
            )
        )
    )


@cli.command()
@click.argument("drill_ids", nargs=-1, metavar="ID...")
@click.option("--all", "everything", is_flag=True, help="A sheet for every drill.")
@session_drills_opt
@edition
@output("out/sheets/ID.pdf, or out/CODE/sheets/ID.pdf with --lang")
def sheet(drill_ids, everything, session_ids, edition, output) -> None:
    """One-page drill sheets for the drills IDS (or --all, or a session's with --session), each
    with a large QR code and its link: out/sheets/ID.pdf."""
    show(run(lambda: make_sheets(edition, drill_ids, everything, output, session_ids)))


@cli.command()
@click.argument("ids", nargs=-1, metavar="[ID | DRILL_ID[:MINUTES]...]")
@edition
@click.option(
    "--title",
    help="Make a session here: its title; the arguments are drill ids, "
    "each with its minutes if you like (pogo-jumps:4).",
)
@click.option(
    "--date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Date printed on the sheet, as YYYY-MM-DD.",
)
@click.option(
    "--start",
    metavar="HH:MM",
    help="When the session starts (24-hour clock): the "
    "sheet prints each block's time and the end. Every block needs its minutes.",
)
@click.option("--warmup", type=int, metavar="MINUTES", help="The warm-up's minutes.")
@click.option("--cooldown", type=int, metavar="MINUTES", help="The cool-down's minutes.")
@click.option("--notes", help="Notes printed on the sheet.")
@output("out/sessions/ID.pdf, or out/CODE/sessions/ID.pdf with --lang")
def session(ids, edition, title, date, start, warmup, cooldown, notes, output) -> None:
    """A session sheet: a session of the library by ID, or --title and drill ids in order.
    --notes, --start, --warmup and --cooldown replace a library session's own."""
    day = date.date() if date else None
    show(
        run(lambda: make_session(edition, ids, title, day, notes, output, start, warmup, cooldown))
    )


@cli.command()
@click.option(
    "--session",
    "session_ids",
    multiple=True,
    metavar="ID",
    help="A session plan to include (repeat for more).",
)
@click.option(
    "--drill",
    "drill_ids",
    multiple=True,
    metavar="ID",
    help="A drill sheet to include (repeat for more).",
)
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help="Every session and every drill (also when none is chosen).",
)
@click.option("--cards", "with_cards", is_flag=True, help="Add every drill's cards, to cut.")
@click.option(
    "--include",
    "includes",
    multiple=True,
    metavar="FILE.pdf",
    type=click.Path(path_type=Path),
    help="A PDF of your own to add at the end.",
)
@click.option("--title", help="The handout's title, on the cover.")
@edition
@size_opt
@output("out/handout.pdf, or out/CODE/handout.pdf with --lang")
def bundle(
    session_ids, drill_ids, everything, with_cards, includes, title, edition, output
) -> None:
    """One handout PDF: cover, contents, session plans, drill sheets, cards and your own PDFs."""
    show(
        run(
            lambda: make_handout(
                edition, session_ids, drill_ids, everything, with_cards, includes, title, output
            )
        )
    )


@cli.command()
@sources
@size_opt
@out_opt
@click.option(
    "--clean", is_flag=True, help="Remove PDFs of an earlier build that this build no longer makes."
)
@jobs_opt
@click.option(
    "--force",
    is_flag=True,
    help="Make every file again, also those already made from the same drills, layouts and club.",
)
def build(drills, club_file, lang, clean, force, jobs, **choices) -> None:
    """Everything into one folder: cards, every drill and session sheet, the handout and the
    site; with --lang de,fr, each language into its own (out/de/, out/fr/). Files an earlier
    build made from the same drills, layouts and club are kept as they are."""
    jobs = jobs or available_cores()
    made, names = run(lambda: building.plan(drills, club_file, lang, jobs=jobs, **choices))
    items = sum(len(e.library.drills) + len(e.library.sessions) for e in made)
    with click.progressbar(
        length=building.steps(made),
        label="building",
        file=sys.stderr,
        hidden=not (sys.stderr.isatty() and items > 6),
    ) as bar:
        built = run(
            lambda: building.build_editions(made, names, clean, force, lambda _: bar.update(1))
        )
    show(building.report(made, built, clean))


@cli.command()
@sources
@size_opt
@out_opt
@jobs_opt
@click.option(
    "--interval",
    type=click.FloatRange(min=0.05),
    default=0.5,
    show_default=True,
    help="Seconds between looks at the files.",
)
def watch(drills, club_file, lang, jobs, interval, **choices) -> None:
    """Build into --out, then again on every save of the drills, the club file or a layout,
    rewriting only what changed. A mistake is shown and the watching goes on; Ctrl-C stops."""
    click.echo(watching(drills, club_file, choices["templates"]))
    try:
        watch_builds(
            click.echo,
            lambda text: click.echo(text, err=True),
            drills,
            club_file,
            lang,
            interval,
            jobs=jobs or available_cores(),
            **choices,
        )
    except KeyboardInterrupt:
        click.echo("stopped watching")


@cli.command()
@edition
@size_opt
@click.option(
    "--out",
    "site_dir",
    type=FOLDER,
    help="Folder to write the site into.  [default: out/site, or out/CODE/site with --lang]",
)
def site(edition, site_dir) -> None:
    """A web page of every drill and session, with their sheets, cards, thumbnails and the
    handout: put the folder on your club's website, or open index.html from disk."""
    show(run(lambda: make_site(edition, site_dir)))


@cli.command()
@click.argument("ids", nargs=-1, metavar="ID...")
@edition
@size_opt
@click.option(
    "-o",
    "--out",
    "image_dir",
    type=FOLDER,
    help="Folder to write the images into.  "
    "[default: out/previews, or out/CODE/previews with --lang]",
)
def preview(ids, edition, image_dir) -> None:
    """Small PNG images of drills (their sheet and the front of their card) and sessions (the
    first page of their sheet), by ID; without IDS, of every drill and session."""
    show(run(lambda: make_previews(edition, ids, image_dir)))


@cli.command()
@click.argument("folder", type=FOLDER, default=Path("."))
@click.option("--spreadsheet", is_flag=True, help="Write the drills as drills.xlsx.")
def init(folder, spreadsheet) -> None:
    """Start a project in FOLDER (default: here): two example drills and a session, a club
    file and a short README. Never overwrites a file."""
    show(run(lambda: start_project(folder, spreadsheet)))


@cli.command()
@click.argument("target", type=PATH)
@drills_opt
def export(target, drills) -> None:
    """Write the drill library as TARGET: .xlsx, .csv or .json, by its name."""
    show(run(lambda: export_library(drills, target)))


@cli.command()
@drills_opt
@club_opt
@templates_opt
@click.option(
    "--host",
    default=LOCAL,
    show_default=True,
    help="Address to listen on; another "
    "than this computer's own lets other computers use the server (with a warning).",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on.",
)
@click.option(
    "--workers",
    type=click.IntRange(0, 64),
    default=0,
    show_default=True,
    help="Render in this many worker processes (layouts keep their time limit, idle "
    "cores are used); 0: in one thread of the server, quickest on a small machine.",
)
def serve(drills, club_file, templates, host, port, workers) -> None:
    """The drills, drill pages and a session builder in your browser, on a local web server;
    the library is read again after each save. Ctrl-C stops."""
    run(
        lambda: run_server(
            click.echo,
            lambda text: click.echo(f"warning: {text}", err=True),
            drills,
            club_file,
            templates,
            host,
            port,
            workers,
        )
    )


@cli.command()
def schema() -> None:
    """Print the JSON Schema of drills.json, for editors that validate as you type."""
    click.echo(schema_text(), nl=False)


def main() -> None:
    """The console script: click's own handling, but Ctrl-C says what it left behind."""
    try:
        code = cli.main(prog_name="drillcards", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo(
            "\ninterrupted: every file already written is whole, and no partial file was left",
            err=True,
        )
        sys.exit(130)
    except click.ClickException as err:
        err.show()
        sys.exit(err.exit_code)
    sys.exit(code if isinstance(code, int) else 0)
