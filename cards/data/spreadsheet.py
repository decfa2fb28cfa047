"""Drill libraries kept in spreadsheets: an .xlsx, .xlsm, .ods, .xls or .csv file read into the
document drills.json holds, each value remembering its cell, so that every problem the contract
finds is named by sheet, row and column; and a library written back as .xlsx, .csv or .json.

The layout (README, "Drills in a spreadsheet"): a sheet Drills with a header row naming the
fields (`id`, `name`, `cue 1`…, `fault 1`, `fix 1`…, `name [de]`…) and one row per drill; a
sheet Sessions with one row per drill of a session, the session's own fields on its first row;
a sheet Library naming the main text's language. A CSV file holds the Drills sheet alone.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import os
import posixpath
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path

from ..errors import DataError, OutputError
from . import schema
from .languages import language_problem
from .model import Library
from .pictures import copy_pictures
from .quoting import quoted
from .validation import decode_text, did_you_mean, read_capped

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".ods", ".xls")
SUFFIXES = (*WORKBOOK_SUFFIXES, ".csv")
MAX_FILE_BYTES = 10_000_000  # as for drills.json
# An .xlsx or .ods is a zip: a small file can unpack to gigabytes, which calamine would hold
# (a thousand drills in four languages unpack to some 10 MB).
MAX_UNPACKED_BYTES = 100_000_000
# calamine holds a sheet as one block from A1 to its farthest cell with a value: a cell at
# XFD1048576 in a 5 kB file asks for 550 GB and aborts the process, and an .ods can repeat one
# cell a million times. A thousand drills, or 200 sessions of 30, fit well within these.
MAX_ROWS = 20_000
MAX_COLUMNS = 1_000
MAX_CELLS = 2_000_000
DRILLS, SESSIONS, SETTINGS = "Drills", "Sessions", "Library"
OWN_COLUMN = "#"  # a header starting with it is the coach's own column, never read

JsonPath = tuple[str | int, ...]

_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE compound file: .xls, or an encrypted .xlsx
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
_SPACE = re.compile(r"\s+")
_LANGUAGE_TAG = re.compile(r"(?P<base>.*?)\s*[\[(]\s*(?P<code>[^\[\]()]*?)\s*[\])]")
_NUMBERED = re.compile(r"(?P<base>.*?)(?P<number>\d+)")
_MISSING = re.compile(r'the required key "(?P<key>[^"]+)" is missing')
_USED_BY = re.compile(r"already used by (?P<key>drills|sessions)\[(?P<index>\d+)\]")
_FIRST = re.compile(r"(?P<key>drills|sessions)\[(?P<index>\d+)\]")
_KEY = re.compile(r"[A-Za-z_$][\w$]*")
_STEP = re.compile(r"\.(?P<key>[A-Za-z_$][\w$]*)|\[(?P<index>\d+)\]")


# ------------------------------------------------------------------------- where a value is


@dataclass(frozen=True)
class Cell:
    """Where a value is, as the coach sees it: file, sheet, row number, column header(s)."""

    file: str
    sheet: str | None  # None in a CSV file, which is one sheet
    row: int | None = None  # numbered from 1 as the spreadsheet shows it; None: the whole sheet
    columns: tuple[str, ...] = ()  # headers as written: several for a list or a fault
    line: int | None = None  # the line within a cell that holds one entry per line
    label: str | None = None  # the id of the drill or session on that row

    @property
    def column(self) -> str | None:
        return self.columns[0] if self.columns else None

    @property
    def place(self) -> str:
        """'sheet Drills, row 5 ("pogo-jumps"), column "cue 2"': the cell without the file."""
        parts = [f"sheet {self.sheet}"] if self.sheet else []
        if self.row is not None:
            parts.append(f"row {self.row}" + (f" ({quoted(self.label)})" if self.label else ""))
        shown = [quoted(header) for header in self.columns]
        if len(shown) == 1:
            parts.append(f"column {shown[0]}")
        elif len(shown) == 2:
            parts.append(f"columns {shown[0]} and {shown[1]}")
        elif shown:
            parts.append(f"columns {shown[0]} to {shown[-1]}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.file}: {self.place}" if self.place else self.file


class SheetDocument(dict):
    """The drills.json document read from a spreadsheet, knowing the cell of every value."""

    def __init__(self, file: str, csv_file: bool = False) -> None:
        super().__init__()
        self.file = file
        self.csv = csv_file
        # Where each value is, as Cell's fields after the file: a tuple is quicker to make than
        # a Cell, and a library of a thousand drills has some 30,000 values.
        self._cells: dict[JsonPath, tuple] = {(): (None, None, (), None, None)}
        # What only the layout shows (an unknown header, a row with no session), phrased already.
        self.problems: list[str] = []

    def mark(
        self,
        path: JsonPath,
        sheet: str | None,
        row: int | None = None,
        columns: tuple[str, ...] = (),
        line: int | None = None,
        label: str | None = None,
    ) -> None:
        """Remember where the value at path is (or would be, for a required one left empty)."""
        self._cells[path] = (sheet, row, columns, line, label)

    def cell(self, path: Sequence[str | int]) -> Cell | None:
        """The cell of exactly this place, or None."""
        found = self._cells.get(tuple(path))
        return None if found is None else Cell(self.file, *found)

    def locate(self, path: Sequence[str | int]) -> Cell:
        """The cell of a value by its place in the document, ["drills", 3, "cues", 1]; a place
        with no cell of its own gets its nearest container's (the drill's row, the sheet)."""
        key = tuple(path)
        while key not in self._cells:
            key = key[:-1]
        return Cell(self.file, *self._cells[key])

    def phrase(self, problem: str) -> str | None:
        """A problem the contract found, 'FILE: drills[3] ("x").cues[1]: …', said in the
        spreadsheet's words, 'FILE: sheet Drills, row 5 ("x"), column "cue 2": …'; None for one
        the layout's own problems already say (a required column that is missing)."""
        prefix = f"{self.file}: "
        parsed = self._parse_place(problem[len(prefix) :]) if problem.startswith(prefix) else None
        if parsed is None:
            return problem
        path, rest = parsed
        missing = _MISSING.fullmatch(rest)
        if missing:
            cell = self.cell((*path, missing["key"]))
            if cell is None:
                return f"{self.locate(path)}: {rest}"
            if not cell.columns:
                return None  # the header row lacks the column: said once, for the sheet
            if len(cell.columns) == 1:
                return f"{cell}: is empty; fill it in, it is required"
            return f"{cell}: are all empty; fill in at least the first"
        if tuple(path) == ("drills",) and rest.startswith("must have at least"):
            rest = "has no drills; write one drill per row, under the header row"
        rest = _USED_BY.sub(lambda m: f"already used by row {self._row(m)}", rest)
        return f"{self.locate(path)}: {rest}"

    def _row(self, match: re.Match) -> str:
        cell = self.cell((match["key"], int(match["index"])))
        return str(cell.row) if cell is not None else match.group()

    def _parse_place(self, text: str) -> tuple[list[str | int], str] | None:
        """('drills[3] ("x").cues[1]: rest') → (["drills", 3, "cues", 1], "rest"), reading the
        places library.py writes; None for text that is not one."""
        if text.startswith("the top level: "):
            return [], text.removeprefix("the top level: ")
        path: list[str | int]
        match = _FIRST.match(text)
        if match:
            key, index = match["key"], int(match["index"])
            path, position = [key, index], match.end()
            entries = self.get(key)
            entry = entries[index] if isinstance(entries, list) and index < len(entries) else {}
            ident = entry.get("id") if isinstance(entry, dict) else None
            label = f" ({quoted(ident)})" if isinstance(ident, str) and ident.strip() else ""
            if label and text.startswith(label, position):
                position += len(label)
        else:
            match = _KEY.match(text)
            if match is None:
                return None
            path, position = [match.group()], match.end()
        while step := _STEP.match(text, position):
            path.append(step["key"] if step["key"] else int(step["index"]))
            position = step.end()
        if not text.startswith(": ", position):
            return None
        return path, text[position + 2 :]


def locate_problems(document: object, problems: list[str]) -> None:
    """Say a spreadsheet's problems in its own words, in place: the layout's own problems first,
    then the contract's, each naming sheet, row and column. Nothing changes for a JSON file."""
    if isinstance(document, SheetDocument):
        problems[:] = [
            *document.problems,
            *(p for p in map(document.phrase, problems) if p is not None),
        ]


# ---------------------------------------------------------------------------- reading files


def is_spreadsheet(path: str | Path) -> bool:
    """Whether load_library reads this file as a spreadsheet (by its suffix) rather than JSON."""
    return Path(path).suffix.lower() in SUFFIXES


def read_spreadsheet(path: str | Path, name: str | None = None) -> SheetDocument:
    """A spreadsheet as the drills.json document, to check with the contract. A file that cannot
    be read as one (damaged, encrypted, no sheet Drills, too large) raises DataError saying what
    to do; a problem in its cells or headers is left for load_library to list with the rest."""
    path = Path(path)
    name = str(path) if name is None else name
    raw = read_capped(
        path,
        MAX_FILE_BYTES,
        name=name,
        what="a drills file",
        error=DataError,
        missing_hint="Check the path given to --drills.",
    )
    if path.suffix.lower() == ".csv":
        document = SheetDocument(name, csv_file=True)
        rows, first = _csv_rows(raw, name)
        _read_drills(document, None, rows, first)
        return document
    document = SheetDocument(name)
    sheets = _workbook_rows(raw, name, path.suffix.lower(), document.problems)
    for title, reader in (
        (SETTINGS, _read_settings),
        (DRILLS, _read_drills),
        (SESSIONS, _read_sessions),
    ):
        if title in sheets:
            shown, rows = sheets[title]
            reader(document, shown, rows, 1)
    return document


def _csv_rows(raw: bytes, name: str) -> tuple[list[list[str]], int]:
    """The rows of a CSV file as text, and the number the first one has in a spreadsheet."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text"
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError as err:
            raise DataError(
                f"{name}: the file is not UTF-16 text as its start says; save it again as CSV UTF-8"
            ) from err
    else:
        text = decode_text(raw, name, DataError)
    if "\x00" in text:
        raise DataError(
            f"{name}: holds NUL characters, so it is not a CSV text file; in your "
            "spreadsheet program save it as CSV UTF-8 (comma delimited)"
        )
    lines = text.splitlines()
    first = 1
    separator = re.fullmatch(r'"?sep=(.)"?', lines[0].strip()) if lines else None
    if separator:  # Excel's own hint, a first line it reads and does not show
        delimiter = separator.group(1)
        text = text.split("\n", 1)[1] if "\n" in text else ""
    else:
        header = next((line for line in lines if line.strip()), "")
        counts = {mark: header.count(mark) for mark in (",", ";", "\t")}
        delimiter = max(counts, key=lambda mark: (counts[mark], mark == ","))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return list(reader), first
    except csv.Error as err:
        raise DataError(
            f"{name}: row {reader.line_num}: cannot be read as CSV ({err}); open it "
            "in your spreadsheet program and save it again as CSV UTF-8"
        ) from err


def _damaged(name: str, suffix: str, detail: str = "") -> DataError:
    kind = "an OpenDocument spreadsheet" if suffix == ".ods" else "an Excel workbook"
    why = f" ({detail})" if detail else ""
    return DataError(
        f"{name}: cannot be read as {kind}{why}; it may be damaged, or another kind of file with "
        f"a {suffix} name. Open it in your spreadsheet program and save it again as {suffix}, "
        "or export the drills as CSV"
    )


def _password(name: str) -> DataError:
    return DataError(
        f"{name}: the workbook is protected with a password, so drillcards cannot read it. Open "
        "it in your spreadsheet program, remove the password (Excel: File › Info › Protect "
        "Workbook › Encrypt with Password, empty it; LibreOffice: File › Save As without "
        '"Save with password") and save it again'
    )


def _workbook_rows(
    raw: bytes, name: str, suffix: str, problems: list[str]
) -> dict[str, tuple[str, list[list[object]]]]:
    """The rows of the sheets drillcards reads (Drills, Sessions, Library), by their names here,
    with each sheet's name as the workbook writes it."""
    from python_calamine import CalamineWorkbook, PasswordError

    if raw.startswith(_CFB) and _ENCRYPTION_INFO in raw:
        raise _password(name)  # an encrypted .xlsx is an OLE file that calamine cannot sniff
    if raw.startswith(b"PK"):
        _check_zip(raw, name, suffix)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        by_key: dict[str, str] = {}
        for title in book.sheet_names:
            by_key.setdefault(_key(title), title)
        wanted = {}
        for title in (DRILLS, SESSIONS, SETTINGS):
            if _key(title) in by_key:
                found = by_key[_key(title)]
                rows = book.get_sheet_by_name(found).to_python(skip_empty_area=False)
                wanted[title] = (_tidy(found), rows)
    except PasswordError as err:
        raise _password(name) from err
    except Exception as err:
        raise _damaged(name, suffix) from err
    except BaseException as err:  # a panic in calamine's Rust code is pyo3's PanicException
        if type(err).__name__ != "PanicException":
            raise
        raise _damaged(name, suffix) from err
    others = [
        title
        for title in book.sheet_names
        if _key(title) not in {_key(DRILLS), _key(SESSIONS), _key(SETTINGS)}
    ]
    if DRILLS not in wanted:
        listed = ", ".join(quoted(title) for title in book.sheet_names) or "none"
        meant = did_you_mean(DRILLS, others, cutoff=0.7)
        hint = (
            f"; did you mean {quoted(meant)}? Rename it"
            if meant
            else ("; rename the sheet that lists the drills, one per row,")
        )
        raise DataError(f"{name}: has no sheet named Drills (its sheets: {listed}){hint} to Drills")
    for title in others:
        meant = did_you_mean(title, (SESSIONS, SETTINGS), cutoff=0.7)
        if meant:
            problems.append(
                f"{name}: sheet {_tidy(title)}: is not read; did you mean "
                f"{meant}? Rename it to {meant}"
            )
    return wanted


def _check_zip(raw: bytes, name: str, suffix: str) -> None:
    """Refuse what calamine should not unpack: a zip bomb, an encrypted .ods, a broken zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
            if unpacked > MAX_UNPACKED_BYTES:
                raise DataError(
                    f"{name}: unpacks to {unpacked / 1e6:.0f} MB, more than a drill library "
                    f"needs (at most {MAX_UNPACKED_BYTES / 1e6:.0f} MB); is this the right file?"
                )
            files = set(archive.namelist())
            manifest = (
                archive.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in files else b""
            )
            if b"encryption-data" in manifest:  # an .ods saved with a password
                raise _password(name)
            if "content.xml" in files:
                extents = _ods_extents(archive.read("content.xml"))
            else:
                extents = (
                    (title, *_xlsx_extent(archive.read(part)))
                    for title, part in _xlsx_sheets(archive, files)
                )
            for title, rows, columns in extents:
                _check_extent(name, title, rows, columns)
    except DataError:
        raise
    except Exception as err:  # zipfile and zlib raise many kinds for a broken file
        raise _damaged(name, suffix, "the zip inside is broken") from err


def _check_extent(name: str, title: str | None, rows: int, columns: int) -> None:
    if rows <= MAX_ROWS and columns <= MAX_COLUMNS and rows * columns <= MAX_CELLS:
        return
    sheet = f"sheet {_tidy(title)}" if title else "a sheet"
    raise DataError(
        f"{name}: {sheet} has a value as far as row {rows:,} and column "
        f"{_column_letter(max(columns, 1) - 1)}, more than a drill library needs (at most "
        f"{MAX_ROWS:,} rows and {MAX_COLUMNS:,} columns); delete what lies below or to the right "
        "of the drills, or move it to another file, and save again"
    )


_XML_ATTRIBUTE = re.compile(rb'(?:^|\s)([\w:.-]+)="([^"]*)"')
_XLSX_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?row>)", re.S)
_XLSX_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(/?)>")
_XLSX_REFERENCE = re.compile(rb'(?:^|\s)r="([A-Z]{0,3})([0-9]{0,9})"')
_ODS_TAG = re.compile(
    rb"<(/?)table:(table|table-row|table-cell|covered-table-cell)(?=[\s/>])([^>]*?)(/?)>"
)


def _attributes(tag: bytes) -> dict[bytes, bytes]:
    return dict(_XML_ATTRIBUTE.findall(tag))


def _xlsx_sheets(archive: zipfile.ZipFile, files: set[str]) -> list[tuple[str | None, str]]:
    """The parts holding the sheets drillcards reads, by their names; every sheet's part when
    the workbook does not say which is which."""
    ours = {_key(DRILLS), _key(SESSIONS), _key(SETTINGS)}
    found: list[tuple[str | None, str]] = []
    if {"xl/workbook.xml", "xl/_rels/workbook.xml.rels"} <= files:
        targets = {}
        for tag in re.findall(
            rb"<(?:\w+:)?Relationship\b([^>]*)>", archive.read("xl/_rels/workbook.xml.rels")
        ):
            attributes = _attributes(tag)
            target = attributes.get(b"Target", b"").decode("utf-8", "replace")
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            targets[attributes.get(b"Id")] = posixpath.normpath(part)
        for tag in re.findall(rb"<(?:\w+:)?sheet\b([^>]*)>", archive.read("xl/workbook.xml")):
            attributes = _attributes(tag)
            title = html.unescape(attributes.get(b"name", b"").decode("utf-8", "replace"))
            ident = next((v for k, v in attributes.items() if k.endswith(b":id")), None)
            if _key(title) in ours and targets.get(ident) in files:
                found.append((title, targets[ident]))
        if found:
            return found
    return [
        (None, part)
        for part in sorted(files)
        if part.startswith("xl/worksheets/") and part.endswith(".xml")
    ]


def _xlsx_extent(xml: bytes) -> tuple[int, int]:
    """The farthest row and column of a cell with a value, as calamine places cells: by their
    reference, else after the cell or row before."""
    rows = columns = row = 0
    for row_match in _XLSX_ROW.finditer(xml):
        reference = _XLSX_REFERENCE.search(row_match[1])
        row = int(reference[2]) if reference and reference[2] else row + 1
        column = 0
        for cell in _XLSX_CELL.finditer(row_match[2] or b""):
            reference = _XLSX_REFERENCE.search(cell[1])
            column = _column_number(reference[1]) if reference and reference[1] else column + 1
            if not cell[2]:  # <c .../> holds no value
                at = int(reference[2]) if reference and reference[2] else row
                rows, columns = max(rows, at), max(columns, column)
    return rows, columns


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _ods_extents(xml: bytes) -> list[tuple[str | None, int, int]]:
    """Each table's farthest row and column with a value, counting repeated rows and cells as
    calamine unfolds them."""
    extents: list[tuple[str | None, int, int]] = []
    title, rows, columns, row, repeat, column, filled = None, 0, 0, 0, 1, 0, 0
    for closing, kind, tag, empty in _ODS_TAG.findall(xml):
        attributes = _attributes(tag)
        if kind == b"table":
            if closing:
                extents.append((title, rows, columns))
            else:
                name = attributes.get(b"table:name", b"").decode("utf-8", "replace")
                title, rows, columns, row = html.unescape(name), 0, 0, 0
        elif kind == b"table-row":
            if not closing:
                repeat = int(attributes.get(b"table:number-rows-repeated", b"1") or 1)
                column = filled = 0
            if closing or empty:
                if filled:
                    rows, columns = max(rows, row + repeat), max(columns, filled)
                row += repeat
        elif not closing:
            column += int(attributes.get(b"table:number-columns-repeated", b"1") or 1)
            if not empty or b"office:value-type" in attributes:
                filled = column
    return extents


# ------------------------------------------------------------------------------ cell values


def _text(value: object) -> str:
    """A cell as the coach typed it, as far as the file tells: 2.0 → "2", a date → 2026-03-04,
    whitespace trimmed, line breaks kept (a cell may hold one entry per line)."""
    if isinstance(value, str):
        text = value
    elif isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, float):
        text = str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:.15g}"
    elif isinstance(value, dt.datetime):
        text = (
            value.date().isoformat()
            if value.time() == dt.time()
            else f"{value.date().isoformat()} {_clock(value.time())}"
        )
    elif isinstance(value, dt.date):
        text = value.isoformat()
    elif isinstance(value, dt.time):
        text = _clock(value)
    elif isinstance(value, dt.timedelta):
        seconds = round(value.total_seconds())
        sign, seconds = ("-" if seconds < 0 else ""), abs(seconds)
        text = f"{sign}{seconds // 3600}:{seconds % 3600 // 60:02d}" + (
            f":{seconds % 60:02d}" if seconds % 60 else ""
        )
    else:
        text = str(value)
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _clock(time: dt.time) -> str:
    return time.strftime("%H:%M:%S" if time.second else "%H:%M")


def _typed(spec, field: str, text: str) -> str | int:
    """A cell as the contract wants it: a number of minutes (a whole number in the cell, or
    typed as text) as a number; anything else as typed, for the checks to name."""
    if isinstance(spec.fields.get(field), schema.Whole) and re.fullmatch(r"\d{1,6}", text):
        return int(text)
    return text


def _tidy(header: str) -> str:
    return _SPACE.sub(" ", header).strip()


def _key(text: str) -> str:
    """A header or sheet name as compared: case, spaces, hyphens and underscores ignored."""
    return re.sub(r"[\s_\-]+", "", text.casefold())


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --------------------------------------------------------------------------------- headers


@dataclass(frozen=True)
class _Field:
    """What a header names, without its number or language."""

    scope: str  # "drill", "session" or "item" (a drill in a session)
    field: str  # the key in the drill, session or item
    part: str | None = None  # of a fault: "fault" or "fix"
    lines: bool = False  # a list: one entry per line in one cell, or numbered columns


@dataclass(frozen=True)
class _Column:
    index: int
    header: str  # as written, spaces tidied
    target: _Field
    number: int | None = None  # "cue 2" → 2; a fault's part without a number is the first
    language: str | None = None

    @property
    def slot(self) -> tuple:
        return (self.target, self.number, self.language)


@dataclass(frozen=True)
class _Vocabulary:
    plain: dict[str, _Field]  # "cues", "name", "session notes"
    numbered: dict[str, _Field]  # "cue", "fault": followed by a number
    shown: tuple[str, ...]  # what a did-you-mean offers
    hints: dict[str, str]  # a header that is close but means something else
    translated: dict[str, frozenset[str]]  # by scope: the fields a language may give


def _label(name: str) -> str:
    return name.replace("_", " ")


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith(("ss", "us")) else word


def _drill_vocabulary() -> _Vocabulary:
    plain: dict[str, _Field] = {}
    numbered: dict[str, _Field] = {}
    shown: list[str] = []
    hints: dict[str, str] = {}
    fields = [
        ("drill", "", name, spec)
        for name, spec in schema.DRILL.fields.items()
        if name not in ("translations", "card")
    ]
    # the card short form: "card summary", "card cue 1"…, "card fault 1" and "card fix 1"…
    fields += [("card", "card ", name, spec) for name, spec in schema.CARD.fields.items()]
    for scope, prefix, name, spec in fields:
        label = prefix + _label(name)
        if isinstance(spec, schema.ListOf) and isinstance(spec.item, schema.Obj):
            parts = [prefix + part for part in spec.item.fields]
            for part, key in zip(parts, spec.item.fields, strict=True):
                target = _Field(scope, name, key)
                plain[_key(part)] = numbered[_key(part)] = target
                shown += [f"{part} {n}" for n in range(1, spec.max_items + 1)]
            pairs = ", ".join(f'"{part} {n}"' for n in (1, 2) for part in parts)
            hints[_key(label)] = f"write each of the {label} in its own columns: {pairs}…"
        elif isinstance(spec, schema.ListOf):
            target = _Field(scope, name, lines=True)
            for word in (label, _singular(label)):
                plain[_key(word)] = numbered[_key(word)] = target
            shown += [label, *(f"{_singular(label)} {n}" for n in range(1, spec.max_items + 1))]
        else:
            plain[_key(label)] = _Field(scope, name)
            shown.append(label)
    allowed = frozenset(schema.DRILL_TRANSLATIONS.item.fields)
    return _Vocabulary(
        plain,
        numbered,
        tuple(shown),
        hints,
        {"drill": allowed, "card": frozenset(schema.CARD.fields)},
    )


def _session_vocabulary() -> _Vocabulary:
    plain = {_key("session"): _Field("session", "id"), _key("session id"): _Field("session", "id")}
    shown = ["session"]
    for name in schema.SESSION.fields:
        if name in ("id", "items", "translations"):
            continue
        label = _label(name)
        header = f"session {label}" if name in schema.SESSION_ITEM.fields else label
        plain[_key(header)] = plain[_key(f"session {label}")] = _Field("session", name)
        shown.append(header)
    for name in schema.SESSION_ITEM.fields:
        plain[_key(_label(name))] = _Field("item", name)
        shown.append(_label(name))
    words = schema.SESSION_TRANSLATIONS.item.fields
    translated = {
        "session": frozenset(words) - {"items"},
        "item": frozenset(words["items"].item.fields),
    }
    return _Vocabulary(plain, {}, tuple(shown), {}, translated)


def _field_name(target: _Field) -> str:
    """How a header names a field: "video", "session", "session notes"."""
    if target.scope == "session" and target.field == "id":
        return "session"
    if target.scope == "session" and target.field in schema.SESSION_ITEM.fields:
        return f"session {_label(target.field)}"
    if target.scope == "card":
        return f"card {_label(target.field)}"
    return _label(target.field)


class _Header:
    """The header row of a sheet: which column holds what, and what is wrong with it."""

    def __init__(
        self,
        document: SheetDocument,
        sheet: str | None,
        row: list[str],
        number: int,
        vocabulary: _Vocabulary,
    ) -> None:
        self.document, self.sheet, self.number = document, sheet, number
        self.vocabulary = vocabulary
        self.columns: list[_Column] = []
        self._headers: dict[tuple, tuple[str, ...]] = {}
        self.unnamed: set[int] = set()  # columns without a header: values there are a mistake
        seen: dict[tuple, _Column] = {}
        styles: dict[tuple, _Column] = {}  # (field, language) → the first column, lines or not
        for index, text in enumerate(row):
            header = _tidy(text)
            if not header:
                self.unnamed.add(index)
                continue
            if header.startswith(OWN_COLUMN):
                continue
            column = self._column(index, header)
            if column is None:
                continue
            if column.slot in seen:
                self.problem(
                    header,
                    f"names the same field as column "
                    f"{quoted(seen[column.slot].header)}; keep one of them",
                )
                continue
            seen[column.slot] = column
            if column.target.lines:
                first = styles.setdefault((column.target, column.language), column)
                if (first.number is None) != (column.number is None):
                    self.problem(
                        header,
                        f"the {_field_name(column.target)} are given one per "
                        f"line in column {quoted(first.header)} too; use "
                        "either one cell or numbered columns",
                    )
                    continue
            self.columns.append(column)

    def problem(self, header: str | None, text: str) -> None:
        cell = Cell(self.document.file, self.sheet, self.number, (header,) if header else ())
        self.document.problems.append(f"{cell}: {text}")

    def _column(self, index: int, header: str) -> _Column | None:
        base, language = header, None
        tagged = _LANGUAGE_TAG.fullmatch(header)
        if tagged:
            base, language = tagged["base"], tagged["code"].casefold()
        key = _key(base)
        target, number = self.vocabulary.plain.get(key), None
        numbered = _NUMBERED.fullmatch(key)
        if target is None and numbered and int(numbered["number"]) > 0:
            target = self.vocabulary.numbered.get(numbered["base"])
            number = int(numbered["number"]) if target is not None else None
        if target is None:
            self._unknown(header, key, base, tagged["code"] if tagged else None)
            return None
        if target.part is not None and number is None:
            number = 1
        if language is not None and not self._translatable(header, target, language):
            return None
        return _Column(index, header, target, number, language)

    def _unknown(self, header: str, key: str, base: str, code: str | None) -> None:
        hint = self.vocabulary.hints.get(key)
        if hint is None:
            meant = did_you_mean(base, self.vocabulary.shown)
            tag = f" [{code}]" if code is not None else ""
            hint = (
                f"did you mean {quoted(meant + tag)}?"
                if meant
                else "the columns are " + ", ".join(_shortened(self.vocabulary.shown)) + "."
            )
            hint += f" A column of your own is left alone if its header starts with {OWN_COLUMN}"
        self.problem(header, f"is not a column drillcards knows; {hint}")

    def _translatable(self, header: str, target: _Field, language: str) -> bool:
        problem = language_problem(language)
        if problem:
            self.problem(header, problem)
            return False
        allowed = self.vocabulary.translated.get(target.scope, frozenset())
        if target.field not in allowed:
            names = ", ".join(_label(name) for name in sorted(allowed) if name != "items")
            self.problem(
                header,
                f"the {_field_name(target)} is the same in every language; "
                f"what a language may give: {names}. Remove the column",
            )
            return False
        main = self.document.get("language", "en")
        if language == main:
            where = (
                "a CSV file's main text is in English"
                if self.document.csv
                else "the sheet Library names the main text's language"
            )
            self.problem(
                header,
                f"the main text is already in {quoted(main)} ({where}); write "
                f"these words in the column without [{language}]",
            )
            return False
        return True

    def headers(self, target: _Field, language: str | None = None) -> tuple[str, ...]:
        """The headers of a field in one language, in the sheet's order."""
        key = (target.scope, target.field, target.part, language)
        if key not in self._headers:
            self._headers[key] = tuple(
                c.header
                for c in self.columns
                if c.target.field == target.field
                and c.target.scope == target.scope
                and c.language == language
                and (target.part is None or c.target.part == target.part)
            )
        return self._headers[key]

    def require(self, targets: Sequence[_Field], why: str) -> None:
        """Report each required field the header row lacks, once for the sheet."""
        for target in targets:
            if not self.headers(target):
                name = _field_name(target)
                if target.part is not None:
                    continue
                if target.lines or target.field in _OBJECT_LISTS:
                    first = _first_headers(target)
                    self.problem(
                        None,
                        f"there is no column {first}; {why.format(name)}: add it to the header row",
                    )
                else:
                    self.problem(
                        None,
                        f"there is no column {quoted(name)}; {why.format(name)}: "
                        "add it to the header row",
                    )

    def require_parts(self) -> None:
        """A fault's columns come in pairs: "fault 2" needs "fix 2" beside it."""
        groups: dict[tuple, set[str]] = {}
        for column in self.columns:
            if column.target.part is not None:
                target = column.target
                group = (target.scope, target.field, column.number, column.language)
                groups.setdefault(group, set()).add(column.target.part)
        for (scope, name, number, language), parts in groups.items():
            spec = schema.DRILL.fields[name].item
            tag = f" [{language}]" if language else ""
            prefix = "card " if scope == "card" else ""
            for part in spec.required:
                if part not in parts:
                    given = sorted(parts)[0]
                    self.problem(
                        f"{prefix}{given} {number}{tag}",
                        f"has no column {quoted(f'{prefix}{part} {number}{tag}')} beside it; "
                        "add one",
                    )

    def unnamed_values(self, rows: list[list[str]], first: int) -> None:
        """Values in a column with no header would be lost without a word: say so, once."""
        for index in sorted(self.unnamed):
            row = next((n for n, r in enumerate(rows, first) if index < len(r) and r[index]), None)
            if row is not None:
                sheet = f"sheet {self.sheet}, " if self.sheet else ""
                self.document.problems.append(
                    f"{self.document.file}: {sheet}column {_column_letter(index)}: has a value "
                    f"in row {row} but no header in row {self.number}; name its field there, "
                    f"or start the header with {OWN_COLUMN} to keep the column as your own"
                )


_OBJECT_LISTS = tuple(
    name
    for name, spec in schema.DRILL.fields.items()
    if isinstance(spec, schema.ListOf) and isinstance(spec.item, schema.Obj)
)


def _first_headers(target: _Field) -> str:
    spec = schema.DRILL.fields[target.field]
    if isinstance(spec.item, schema.Obj):
        return " and ".join(quoted(f"{part} 1") for part in spec.item.fields)
    label = _label(target.field)
    one, two = (quoted(f"{_singular(label)} {n}") for n in (1, 2))
    return f"{quoted(label)} (or {one}, {two}…)"


def _shortened(shown: Sequence[str]) -> list[str]:
    """The columns of a sheet for a message, numbered ones only with their first number."""
    return [name for name in shown if not name[-1].isdigit() or name.endswith(" 1")]


# ------------------------------------------------------------------------------ the sheets


def _rows(raw_rows: list[list[object]]) -> list[list[str]]:
    return [[_text(value) for value in row] for row in raw_rows]


def _header_row(rows: list[list[str]]) -> int | None:
    return next((index for index, row in enumerate(rows) if any(row)), None)


def _read_settings(
    document: SheetDocument, sheet: str, raw_rows: list[list[object]], first: int
) -> None:
    """The sheet Library: one setting per row, its name in column A and its value in B."""
    for offset, row in enumerate(_rows(raw_rows)):
        cells = [*row, "", ""]
        name, value = cells[0], cells[1]
        if not name and not value:
            continue
        cell = Cell(document.file, sheet, first + offset, (), label=name or None)
        if _key(name) in ("language", "mainlanguage"):
            if value:
                document["language"] = value
                document.mark(("language",), sheet, cell.row, label=cell.label)
            continue
        meant = did_you_mean(name, ("language",))
        hint = f"did you mean {quoted(meant)}?" if meant else 'the one setting is "language"'
        document.problems.append(f"{cell}: is not a setting drillcards knows; {hint}")


def _read_drills(
    document: SheetDocument, sheet: str | None, raw_rows: list[list[object]], first: int
) -> None:
    """The sheet Drills (or a CSV file): a header row, then one drill per row."""
    rows = _rows(raw_rows)
    document["drills"] = []
    document.mark(("drills",), sheet)
    start = _header_row(rows)
    if start is None:
        return
    header = _Header(document, sheet, rows[start], first + start, _drill_vocabulary())
    required = [
        _Field(
            "drill",
            name,
            lines=isinstance(schema.DRILL.fields[name], schema.ListOf)
            and name not in _OBJECT_LISTS,
        )
        for name in schema.DRILL.required
    ]
    header.require(required, "every drill needs its {}")
    header.require_parts()
    header.unnamed_values(rows[start + 1 :], first + start + 1)
    for offset, row in enumerate(rows[start + 1 :], start + 1):
        if any(row):
            _drill_row(document, header, row, first + offset, required)


def _value(row: list[str], column: _Column) -> str:
    return row[column.index] if column.index < len(row) else ""


class _Entry:
    """One drill or session being read: its values, and the cell of each."""

    def __init__(self, document: SheetDocument, header: _Header, path: JsonPath) -> None:
        self.document, self.header, self.path = document, header, path
        self.values: dict = {}
        self.label: str | None = None

    def cell(self, row: int, columns: Sequence[str] = ()) -> Cell:
        return Cell(self.document.file, self.header.sheet, row, tuple(columns), None, self.label)

    def place(
        self, relative: JsonPath, row: int, columns: Sequence[str] = (), line: int | None = None
    ) -> None:
        self.document.mark(
            (*self.path, *relative), self.header.sheet, row, tuple(columns), line, self.label
        )

    def target(self, language: str | None, scope: str = "drill") -> tuple[dict, JsonPath]:
        if language is None:
            into, base = self.values, ()
        else:
            into = self.values.setdefault("translations", {}).setdefault(language, {})
            base = ("translations", language)
        if scope == "card":  # the drill's card short form
            return into.setdefault("card", {}), (*base, "card")
        return into, base

    def put(self, columns: list[_Column], row: list[str], number: int) -> None:
        """The values of a row's columns: texts, lists one per line, numbered lists, faults."""
        listed: dict[tuple, list[tuple[int, str, _Column]]] = {}
        for column in columns:
            text = _value(row, column)
            target = column.target
            if target.part is not None or (target.lines and column.number is not None):
                if text or target.part is not None:
                    listed.setdefault((target.scope, target.field, column.language), []).append(
                        (column.number, text, column)
                    )
                continue
            if not text:
                continue
            into, base = self.target(column.language, target.scope)
            if target.lines:
                lines = [(n, line.strip()) for n, line in enumerate(text.split("\n"), 1)]
                entries = [(n, line) for n, line in lines if line]
                into[target.field] = [line for _, line in entries]
                self.place((*base, target.field), number, [column.header])
                for index, (line_number, _) in enumerate(entries):
                    self.place((*base, target.field, index), number, [column.header], line_number)
            else:
                into[target.field] = text
                self.place((*base, target.field), number, [column.header])
        for (scope, name, language), found in listed.items():
            into, base = self.target(language, scope)
            if name in _OBJECT_LISTS:
                self._objects(into, (*base, name), name, language, found, number)
            else:
                ordered = sorted(found, key=lambda entry: entry[0])
                into[name] = [text for _, text, _ in ordered]
                self.place((*base, name), number, [c.header for _, _, c in ordered])
                for index, (_, _, column) in enumerate(ordered):
                    self.place((*base, name, index), number, [column.header])
        for words in (self.values, *self.values.get("translations", {}).values()):
            if words.get("card") == {}:  # its columns were all empty
                del words["card"]
        for language in list(self.values.get("translations", {})):
            if not self.values["translations"][language]:
                del self.values["translations"][language]
        if self.values.get("translations") == {}:
            del self.values["translations"]

    def _objects(
        self,
        into: dict,
        path: JsonPath,
        name: str,
        language: str | None,
        found: list[tuple[int, str, _Column]],
        row: int,
    ) -> None:
        """Faults from "fault N" and "fix N": one for each N with any of its cells filled."""
        by_number: dict[int, dict[str, tuple[str, _Column]]] = {}
        for number, text, column in found:
            by_number.setdefault(number, {})[column.target.part] = (text, column)
        entries = []
        spec = schema.DRILL.fields[name].item
        for number in sorted(by_number):
            parts = by_number[number]
            if not any(text for text, _ in parts.values()):
                continue
            index = len(entries)
            entries.append({part: text for part, (text, _) in parts.items() if text})
            headers = [parts[part][1].header for part in spec.fields if part in parts]
            self.place((*path, index), row, headers)
            for part in spec.fields:
                self.place(
                    (*path, index, part), row, [parts[part][1].header] if part in parts else []
                )
        if entries:
            into[name] = entries
            used = [
                column.header
                for number in sorted(by_number)
                if any(text for text, _ in by_number[number].values())
                for _, column in by_number[number].values()
            ]
            self.place(path, row, used)


def _drill_row(
    document: SheetDocument, header: _Header, row: list[str], number: int, required: list[_Field]
) -> None:
    index = len(document["drills"])
    entry = _Entry(document, header, ("drills", index))
    ident = next(
        (_value(row, c) for c in header.columns if c.target.field == "id" and c.language is None),
        "",
    )
    entry.label = ident or None
    for target in required:
        entry.place((target.field,), number, header.headers(_Field("drill", target.field)))
    entry.put(header.columns, row, number)
    entry.place((), number)
    document["drills"].append(entry.values)


def _read_sessions(
    document: SheetDocument, sheet: str, raw_rows: list[list[object]], first: int
) -> None:
    """The sheet Sessions: a header row, then one row per drill of a session. A row whose
    "session" cell is empty goes on with the session above; the session's own fields (title,
    warm-up…) are written once, on any of its rows, usually the first."""
    rows = _rows(raw_rows)
    start = _header_row(rows)
    if start is None:
        return
    header = _Header(document, sheet, rows[start], first + start, _session_vocabulary())
    ident, title, drill = (
        _Field("session", "id"),
        _Field("session", "title"),
        _Field("item", "drill"),
    )
    header.require([ident, title, drill], "every session needs its {}")
    header.unnamed_values(rows[start + 1 :], first + start + 1)
    if not header.headers(ident):
        return
    sessions: list[_SessionEntry] = []
    for offset, row in enumerate(rows[start + 1 :], start + 1):
        if not any(row):
            continue
        number = first + offset
        name = next(_value(row, c) for c in header.columns if c.target == ident)
        current = sessions[-1] if sessions else None
        if name and (current is None or name != current.values["id"]):
            current = _SessionEntry(document, header, ("sessions", len(sessions)), name, number)
            sessions.append(current)
        elif current is None:
            cell = Cell(document.file, sheet, number, header.headers(ident))
            document.problems.append(
                f"{cell}: is empty, and no session starts above this row; write the session's "
                "id here, on its first row"
            )
            continue
        current.row(row, number)
    if sessions:
        document["sessions"] = [session.finish() for session in sessions]
        document.mark(("sessions",), sheet)


class _SessionEntry(_Entry):
    def __init__(
        self, document: SheetDocument, header: _Header, path: JsonPath, ident: str, number: int
    ) -> None:
        super().__init__(document, header, path)
        self.label = ident
        self.first = number
        self.values["id"] = ident
        self.rows: dict[tuple, int] = {}  # (language, field) → the row that gave it
        self.items: list[dict] = []
        self.item_words: dict[str, dict[int, dict]] = {}  # language → item index → words
        self.place((), number)
        self.place(("id",), number, header.headers(_Field("session", "id")))
        self.place(("title",), number, header.headers(_Field("session", "title")))
        self.place(("items",), number, header.headers(_Field("item", "drill")))

    def row(self, row: list[str], number: int) -> None:
        own = [
            c for c in self.header.columns if c.target.scope == "session" and c.target.field != "id"
        ]
        for column in own:
            text = _value(row, column)
            if not text:
                continue
            into, base = self.target(column.language)
            field = column.target.field
            earlier = self.rows.get((column.language, field))
            if earlier is not None:
                if into.get(field) != _typed(schema.SESSION, field, text):
                    self.document.problems.append(
                        f"{self.cell(number, [column.header])}: the session's "
                        f"{_field_name(column.target)} is already given on row {earlier}; "
                        "write it once, on the session's first row"
                    )
                continue
            self.rows[(column.language, field)] = number
            into[field] = _typed(schema.SESSION, field, text)
            self.place((*base, field), number, [column.header])
        item_columns = [c for c in self.header.columns if c.target.scope == "item"]
        if not any(_value(row, c) for c in item_columns):
            return
        index = len(self.items)
        item: dict = {}
        path = ("items", index)
        self.place(path, number)
        self.place((*path, "drill"), number, self.header.headers(_Field("item", "drill")))
        for column in item_columns:
            text = _value(row, column)
            if not text:
                continue
            field = column.target.field
            if column.language is None:
                item[field] = _typed(schema.SESSION_ITEM, field, text)
                self.place((*path, field), number, [column.header])
            else:
                words = self.item_words.setdefault(column.language, {}).setdefault(index, {})
                words[field] = text
                words_path = ("translations", column.language, "items", index)
                self.place(words_path, number)
                self.place((*words_path, field), number, [column.header])
        self.items.append(item)

    def finish(self) -> dict:
        if self.items:
            self.values["items"] = self.items
        for language, words in self.item_words.items():
            translation = self.values.setdefault("translations", {}).setdefault(language, {})
            translation["items"] = [words.get(index, {}) for index in range(len(self.items))]
        return self.values


# --------------------------------------------------------------------------------- writing


def export_library(library: Library | Mapping, path: str | Path) -> Path:
    """Write a drill library to path, its suffix choosing the format, and return the path.

    `library` is a loaded Library, or a document that load_library accepts (a dict as in
    drills.json). `.xlsx`: sheets Drills, Sessions (if any) and Library (if the main text is not
    English), laid out as read_spreadsheet reads them. `.csv`: the Drills sheet alone,
    translations as columns, UTF-8 with a byte-order mark for Excel; a library with sessions or
    whose main text is not English is refused, as a CSV file cannot hold them. `.json`: the
    drills.json document. Loading the file written gives the same library. The same library
    always gives the same bytes (stored dates: SOURCE_DATE_EPOCH, else 1 January 2000), written
    atomically; a loaded library's pictures go beside it, at the paths its drills give. Raises
    OutputError for another suffix, a library the format cannot hold, or a file that cannot be
    written.
    """
    from ..build.output import write_atomic

    path = Path(path)
    document = library_document(library) if isinstance(library, Library) else dict(library)
    suffix = path.suffix.lower()
    writer = _WRITERS.get(suffix)
    if writer is None:
        raise OutputError(
            f"{path}: drillcards writes a library as .xlsx, .csv or .json, not "
            f"{quoted(suffix or path.name)}; for .ods, write .xlsx and save it as .ods in "
            "LibreOffice"
        )
    written = write_atomic(path, writer(document, path))
    if isinstance(library, Library):
        copy_pictures(library.pictures.values(), path.parent)
    return written


def library_document(library: Library) -> dict:
    """The drills.json document of a loaded library: what reads back as the same library."""
    document: dict = {}
    if library.language != "en":
        document["language"] = library.language
    for key, spec, entries in (
        ("drills", schema.DRILL, library.drills),
        ("sessions", schema.SESSION, library.sessions),
    ):
        if not entries and key == "sessions":
            continue
        document[key] = []
        for entry in entries:
            values = {
                name: _plain(getattr(entry, name, None))
                for name in spec.fields
                if name != "translations"
            }
            values = {name: value for name, value in values.items() if value not in (None, [])}
            words = {
                code: _plain(text[key][entry.id])
                for code, text in library.translations.items()
                if entry.id in text[key]
            }
            if words:
                values["translations"] = words
            document[key].append(values)
    return document


def _plain(value: object) -> object:
    """A library's value as JSON data: tuples as lists, faults and items as objects."""
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _plain(getattr(value, f.name))
            for f in fields(value)
            if f.compare and getattr(value, f.name) not in (None, ())
        }
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    return value


Getter = Callable[[Mapping], "str | None"]


def _field_columns(
    name: str, spec, objects: list[Mapping], tag: str = "", always: bool = True
) -> list[tuple[str, Getter]]:
    """The columns that write one field of these drills (or their translations): one for a
    text, numbered ones for cues and faults, one cell of lines for the other lists."""
    label = _label(name)
    columns: list[tuple[str, Getter]] = []
    if isinstance(spec, schema.Obj):  # the card short form: "card summary", "card cue 1"…
        inner = [o.get(name) or {} for o in objects]
        for sub, sub_spec in spec.fields.items():
            for header, get in _field_columns(sub, sub_spec, inner, tag, False):
                columns.append(
                    (f"{label} {header}", lambda o, get=get, name=name: get(o.get(name) or {}))
                )
        return columns
    if isinstance(spec, schema.ListOf):
        count = max((len(o.get(name) or ()) for o in objects), default=0)
        if isinstance(spec.item, schema.Obj):
            for n in range(max(count, 1 if always else 0)):
                for part in spec.item.fields:
                    columns.append((f"{part} {n + 1}{tag}", _nth(name, n, part)))
        elif name in _NUMBERED_LISTS:
            for n in range(max(count, 1 if always else 0)):
                columns.append((f"{_singular(label)} {n + 1}{tag}", _nth(name, n)))
        else:
            columns.append((label + tag, _lines(name)))
    else:
        columns.append((label + tag, lambda o, name=name: o.get(name)))
    if not always:
        columns = [(h, get) for h, get in columns if any(get(o) for o in objects)]
    return columns


_NUMBERED_LISTS = ("cues",)  # the other lists are short: one cell, one entry per line


def _nth(name: str, n: int, part: str | None = None) -> Getter:
    def get(entry: Mapping) -> str | None:
        items = entry.get(name) or ()
        if n >= len(items):
            return None
        return items[n].get(part) if part is not None else items[n]

    return get


def _lines(name: str) -> Getter:
    def get(entry: Mapping) -> str | None:
        items = entry.get(name) or ()
        return "\n".join(_SPACE.sub(" ", item).strip() for item in items) or None

    return get


def _languages(entries: list[Mapping]) -> list[str]:
    codes: dict[str, None] = {}
    for entry in entries:
        codes.update(dict.fromkeys(entry.get("translations") or {}))
    return list(codes)


def _words(code: str) -> Callable[[Mapping], Mapping]:
    return lambda entry: (entry.get("translations") or {}).get(code) or {}


Table = tuple[list[str], list[list[str | None]]]


# The drill's fields in the order a card reads; fields added to the contract later come last.
_DRILL_ORDER = (
    "id",
    "name",
    "category",
    "level",
    "summary",
    "focus",
    "dosage",
    "cues",
    "faults",
    "card",
    "variations",
    "equipment",
    "video",
)


def _drill_table(document: Mapping) -> Table:
    """One row per drill: its fields, then each language's words in columns "… [de]"."""
    drills = list(document.get("drills") or [])
    order = [name for name in _DRILL_ORDER if name in schema.DRILL.fields]
    order += [name for name in schema.DRILL.fields if name not in (*order, "translations")]
    columns: list[tuple[str, Getter]] = []
    for name in order:
        columns += _field_columns(name, schema.DRILL.fields[name], drills)
    allowed = schema.DRILL_TRANSLATIONS.item.fields
    for code in _languages(drills):
        words = _words(code)
        translated = [words(d) for d in drills]
        for name in (name for name in order if name in allowed):
            for header, get in _field_columns(name, allowed[name], translated, f" [{code}]", False):
                columns.append((header, lambda d, get=get, words=words: get(words(d))))
    return [h for h, _ in columns], [[get(d) for _, get in columns] for d in drills]


def _session_table(document: Mapping) -> Table:
    """One row per drill of a session; the session's id on each, its own fields on its first."""
    sessions = list(document.get("sessions") or [])
    own = [name for name in schema.SESSION.fields if name not in ("id", "items", "translations")]
    first = ["title"] if "title" in own else []
    headers: list[tuple[str, str, str, str | None]] = [("session", "session", "id", None)]
    headers += [(_field_name(_Field("session", n)), "session", n, None) for n in first]
    headers += [(_label(n), "item", n, None) for n in schema.SESSION_ITEM.fields]
    headers += [
        (_field_name(_Field("session", n)), "session", n, None) for n in own if n not in first
    ]
    words = schema.SESSION_TRANSLATIONS.item.fields
    main = headers[1:]
    for code in _languages(sessions):
        for header, scope, name, _ in main:
            allowed = words["items"].item.fields if scope == "item" else words
            if name in allowed and name != "items":
                headers.append((f"{header} [{code}]", scope, name, code))
    rows: list[list[str | None]] = []
    for session in sessions:
        for index, item in enumerate(session.get("items") or []):
            row: list[str | None] = []
            for _, scope, name, code in headers:
                source: Mapping = session if scope == "session" else item
                if code is not None:
                    text = _words(code)(session)
                    if scope == "item":
                        items = text.get("items") or []
                        source = items[index] if index < len(items) else {}
                    else:
                        source = text
                row.append(
                    source.get(name) if scope == "item" or index == 0 or name == "id" else None
                )
            rows.append(row)
    used = [
        i
        for i, (_, scope, name, code) in enumerate(headers)
        if code is None or any(row[i] for row in rows)
    ]
    return [headers[i][0] for i in used], [[row[i] for i in used] for row in rows]


def _stamp() -> dt.datetime:
    """The date stored in a written workbook: SOURCE_DATE_EPOCH's day, else 1 January 2000."""
    from .dates import build_date

    if os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        day = max(build_date(), dt.date(1980, 1, 1))  # zip dates start in 1980
        return dt.datetime(day.year, day.month, day.day)
    return dt.datetime(2000, 1, 1)


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose entries carry one fixed date, so the same workbook gives the same bytes."""

    stamp = (2000, 1, 1, 0, 0, 0)

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=self.stamp)
            zinfo_or_arcname.compress_type = zipfile.ZIP_DEFLATED
            zinfo_or_arcname.external_attr = 0o600 << 16
        else:
            zinfo_or_arcname.date_time = self.stamp
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)


def _xlsx(document: Mapping, path: Path) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.writer.excel import ExcelWriter

    book = Workbook()
    book.remove(book.active)
    tables = [(DRILLS, _drill_table(document))]
    if document.get("sessions"):
        tables.append((SESSIONS, _session_table(document)))
    bold, shade = Font(bold=True), PatternFill("solid", fgColor="E8EEEA")
    wrapped = Alignment(wrap_text=True, vertical="top")
    for title, (headers, rows) in tables:
        sheet = book.create_sheet(title)
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font, cell.fill = bold, shade
        widths = [
            _width(header, [row[index] for row in rows]) for index, header in enumerate(headers)
        ]
        for index, width in enumerate(widths, 1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        for number, row in enumerate(rows, 2):
            for column, text in enumerate(row, 1):
                if text is None:
                    continue
                cell = sheet.cell(number, column, text)
                if cell.data_type in ("f", "e"):  # text like "=x" or "#N/A" stays text
                    cell.data_type = "s"
                cell.alignment = wrapped
            # Spreadsheet programs do not grow a row for wrapped text they did not lay out.
            lines = max(
                _wrapped_lines(text, width) for text, width in zip(row, widths, strict=True)
            )
            sheet.row_dimensions[number].height = min(15 * lines, 409)
        sheet.freeze_panes = "B2" if title == DRILLS else "A2"
        if title == DRILLS and "level" in headers:
            letter = get_column_letter(headers.index("level") + 1)
            levels = DataValidation(
                type="list", formula1='"' + ",".join(schema.LEVELS) + '"', allow_blank=True
            )
            levels.add(f"{letter}2:{letter}{len(rows) + 1000}")
            sheet.add_data_validation(levels)
    if "language" in document:
        sheet = book.create_sheet(SETTINGS)
        sheet.append(["language", document["language"]])
        sheet.column_dimensions["A"].width = 12
    stamp = _stamp()
    book.properties.creator = "drillcards"
    book.properties.title = "Drill library"
    book.properties.created = book.properties.modified = stamp
    buffer = io.BytesIO()
    archive = _FixedTimeZip(buffer, "w", zipfile.ZIP_DEFLATED)
    archive.stamp = stamp.timetuple()[:6]
    ExcelWriter(book, archive).save()
    return buffer.getvalue()


def _width(header: str, texts: list[str | None]) -> int:
    """A column's width in characters: its longest line, within 8 to 50."""
    longest = max(
        (len(line) for text in texts if text for line in str(text).split("\n")), default=0
    )  # minutes are numbers
    return max(8, min(max(len(header), longest) + 2, 50))


def _wrapped_lines(text: str | None, width: int) -> int:
    if not text:
        return 1
    room = max(width - 2, 1)
    return sum(max(1, -(-len(line) // room)) for line in str(text).split("\n"))


def _csv(document: Mapping, path: Path) -> bytes:
    sessions = document.get("sessions") or []
    if sessions:
        raise OutputError(
            f"{path}: a CSV file holds one sheet, the drills, and this library has "
            f"{len(sessions)} session{'s' if len(sessions) != 1 else ''} too, which would be "
            "lost; export to .xlsx (or .json) to keep them"
        )
    if document.get("language", "en") != "en":
        raise OutputError(
            f"{path}: a CSV file cannot say that the main text is in "
            f"{quoted(document['language'])} (it would read back as English); export to .xlsx, "
            "which names it in the sheet Library, or .json"
        )
    headers, rows = _drill_table(document)
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([["" if value is None else value for value in row] for row in rows])
    return text.getvalue().encode("utf-8-sig")


def _json(document: Mapping, path: Path) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


_WRITERS: dict[str, Callable[[Mapping, Path], bytes]] = {
    ".xlsx": _xlsx,
    ".csv": _csv,
    ".json": _json,
}
