"""`drillcards init`: a starter folder a coach can fill in, and `drillcards export`: the
library as a spreadsheet or JSON, which builds the same PDFs."""

from __future__ import annotations

import json
from pathlib import Path

from ..build.output import check_target, write_atomic
from ..data.library import load_library
from ..data.pictures import copy_pictures
from ..data.schema import schema_text
from ..data.spreadsheet import export_library, library_document
from ..resources import default_drills
from .common import BUILT_IN, Report, UsageError, count, drills_file

EXAMPLE_DRILLS = ("ankle-drill", "pogo-jumps")

CLUB = """\
# Your club, printed on every handout, sheet and web page. Every line is optional:
# delete what you do not want, and drillcards prints without it.
name = "My running club"
# logo = "crest.png"        # a PNG or JPEG in this folder
# accent = "#0b6e4f"        # your club colour, for titles and headings
# footer = "myclub.example · Tuesdays 18:30 at the track"
# paper = "a4"              # a4 or letter
# card_size = "a7"          # a7, a6, business, index-3x5 or poker
# languages = ["en"]        # the languages to print: en, de, fr, it
"""

README = """\
# Our drills

This folder is a drillcards project. Run drillcards here and it uses {drills} and club.toml.

    drillcards check            # every mistake at once, in plain words; writes nothing
    drillcards build            # cards, drill sheets, session sheets, handout, web page → out/
    drillcards cards            # just the pocket cards → out/cards.pdf

{editing}
Print out/cards.pdf double-sided, flip on the long edge, at actual size (100 %), and cut
along the crop marks. Nothing you keep here is ever overwritten: drillcards writes into out/.
"""

EDITING = {
    "json": "Edit drills.json in any text editor; an editor such as VS Code checks it as you type\n"
    "(drills.schema.json beside it describes every field). One drill per entry in\n"
    '"drills", one training per entry in "sessions".\n',
    "xlsx": "Edit drills.xlsx in Excel or LibreOffice: one drill per row of the sheet Drills, one\n"
    "drill of a training per row of the sheet Sessions. Leave a cell empty for nothing.\n",
}


def starter_document() -> dict:
    """Two built-in drills and a session of them, in the main language only."""
    library = load_library(default_drills(), BUILT_IN)
    document = library_document(library)
    drills = [d for d in document["drills"] if d["id"] in EXAMPLE_DRILLS]
    for entry in drills:
        entry.pop("translations", None)
    session = {
        "id": "first-session",
        "title": "First session",
        "warmup": "10 min easy jog",
        "items": [{"drill": d["id"]} for d in drills],
        "cooldown": "5 min walk",
        "notes": "Stop a drill when form fades.",
    }
    return {"$schema": "./drills.schema.json", "drills": drills, "sessions": [session]}


def starter_pictures(document: dict) -> list:
    """The built-in pictures of the starter drills, to copy beside them."""
    library = load_library(default_drills(), BUILT_IN)
    return [library.pictures[d["image"]] for d in document["drills"] if d.get("image")]


def init(folder: Path, spreadsheet: bool = False) -> Report:
    """Write the starter files into `folder`; refuse, writing nothing, if any is there."""
    kind = "xlsx" if spreadsheet else "json"
    drills = folder / f"drills.{kind}"
    files = [
        drills,
        *([] if spreadsheet else [folder / "drills.schema.json"]),
        folder / "club.toml",
        folder / "README.md",
    ]
    there = [path for path in files if path.exists() or path.is_symlink()]
    if there:
        raise UsageError(
            f"{', '.join(map(str, there))}: already there; drillcards init never "
            "overwrites a file. Choose an empty folder: drillcards init FOLDER"
        )
    for path in files:
        check_target(path)
    document = starter_document()
    pictures = starter_pictures(document)
    there = [folder / p.written for p in pictures if (folder / p.written).exists()]
    if there:
        raise UsageError(
            f"{', '.join(map(str, there))}: already there; drillcards init never "
            "overwrites a file. Choose an empty folder: drillcards init FOLDER"
        )
    if spreadsheet:
        export_library(document, drills)
    else:
        write_atomic(drills, (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode())
        write_atomic(folder / "drills.schema.json", schema_text().encode())
    files += copy_pictures(pictures, folder)
    write_atomic(folder / "club.toml", CLUB.encode())
    write_atomic(
        folder / "README.md", README.format(drills=drills.name, editing=EDITING[kind]).encode()
    )
    return Report(
        [
            f"wrote {', '.join(path.name for path in files)} into {folder}",
            f"next: cd {folder} and run drillcards build",
        ],
        written=files,
    )


def export(drills: str | Path | None, target: Path) -> Report:
    """The library (--drills, the folder's or the built-in one) as .xlsx, .csv or .json."""
    library = load_library(*drills_file(drills))
    export_library(library, target)
    return Report(
        [
            f"wrote {target}: {count(len(library.drills), 'drill')} and "
            f"{count(len(library.sessions), 'session')} from {library.source}"
        ],
        written=[target],
    )
