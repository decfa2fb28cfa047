"""Drill libraries kept in spreadsheets (.xlsx, .ods, .csv): read as a coach types them, every
problem named by sheet, row and column, and written back so that the cards come out the same.

Files in tests/data: drills.ods is SHEETS below as ods_bytes writes it (hand-written OpenDocument
XML, which LibreOffice opens too); test_the_ods_fixture_is_made_from_the_table keeps the two in
step, and
`python -c "from tests.data.test_spreadsheet import write_ods_fixture; write_ods_fixture()"`
makes it again. encrypted.xlsx is a workbook with a sheet Drills saved with the password
"drills" (made once with msoffcrypto-tool's OOXMLFile.encrypt, which no test needs).
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import openpyxl
import pytest

from cards import DataError, OutputError, edition, load_library, render_cards
from cards.data import schema, spreadsheet
from cards.data.spreadsheet import export_library, read_spreadsheet
from tests.conftest import ROOT, page_texts

DATA = Path(__file__).resolve().parents[1] / "data"


@dataclass(frozen=True)
class Formula:
    """A cell computed by a formula, with the value the spreadsheet program stored for it."""

    formula: str
    value: str


# The fixture library as a coach lays it out: cues one per line in one cell, focus in numbered
# columns, faults in pairs, headers in any case and with stray spaces, German words in "[de]"
# columns, a column of the coach's own, and sessions with their own fields on the first row.
DRILL_HEADER = [
    "id",
    "Name",
    "summary",
    "cues",
    "fault 1",
    "fix 1",
    "Fault 2",
    "fix  2",
    "  Video ",
    "level",
    "category",
    "dosage",
    "focus 1",
    "focus 2",
    "variations",
    "equipment",
    "name [de]",
    "category [DE]",
    "summary [de]",
    "focus [de]",
    "cue 1 [de]",
    "Cue 2 [de]",
    "fault 1 [de]",
    "fix 1 [de]",
    "dosage [de]",
    "variations [de]",
    "equipment [de]",
    "# coach's own",
]
DRILL_ROWS = [
    [
        "ankle-drill",
        "Ankle drill",
        "Quick, heel-driven steps.",
        "Ball of the foot down\nHeel drives it",
        "Feet lift off",
        "Keep the ball down.",
        "Hips sway",
        "Brace the trunk.",
        "https://example.org/ankle",
        "beginner",
        "Coordination",
        "2 × 20 m, walk back",
        "ankle stiffness",
        "cadence",
        "On the spot\nMoving forward",
        "cones",
        "Fußgelenksarbeit",
        "Koordination",
        "Schnelle Schritte.",
        "Fußgelenk\nFrequenz",
        "Ballen unten",
        "Ferse führt",
        "Füße heben ab",
        "Ballen unten lassen.",
        "2 × 20 m, zurückgehen",
        "Auf der Stelle",
        "Hütchen",
        "good in spring",
    ],
    [
        "pogo-jumps",
        "Pogo jumps",
        "  Springy bounces.  ",
        "Stiff ankles",
        "Knees bend",
        "Jump lower.",
        None,
        None,
        "https://example.org/pogo",
        None,
        None,
        20.0,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
    ],
]
SESSION_HEADER = [
    "Session",
    "title",
    "drill",
    "dosage",
    "notes",
    "warm-up",
    "cooldown",
    "session notes",
    "title [de]",
    "dosage [de]",
    "notes [de]",
    "warmup [de]",
    "cooldown [de]",
    "session notes [de]",
]
SESSION_ROWS = [
    [
        "week-1",
        "Week 1",
        "ankle-drill",
        "3 × 20 m",
        "Relaxed",
        "10 min jog",
        "5 min walk",
        "Grass is fine",
        "Woche 1",
        "3 × 20 m",
        "Locker",
        "10 min traben",
        "5 min gehen",
        "Rasen geht",
    ],
    [None, None, "pogo-jumps", None, None, None, None, None, None, None, None, None, None, None],
    [],
    [
        "week-2",
        "Week 2",
        "pogo-jumps",
        Formula('of:=CONCATENATE("2 × ";"10 jumps")', "2 × 10 jumps"),
    ],
]
SHEETS = {
    "Drills": [DRILL_HEADER, *DRILL_ROWS],
    "Sessions": [SESSION_HEADER, *SESSION_ROWS],
    "Notes": [["anything the club keeps here is not read"]],
}

EXPECTED = {
    "drills": [
        {
            "id": "ankle-drill",
            "name": "Ankle drill",
            "summary": "Quick, heel-driven steps.",
            "cues": ["Ball of the foot down", "Heel drives it"],
            "faults": [
                {"fault": "Feet lift off", "fix": "Keep the ball down."},
                {"fault": "Hips sway", "fix": "Brace the trunk."},
            ],
            "video": "https://example.org/ankle",
            "level": "beginner",
            "category": "Coordination",
            "dosage": "2 × 20 m, walk back",
            "focus": ["ankle stiffness", "cadence"],
            "variations": ["On the spot", "Moving forward"],
            "equipment": ["cones"],
            "translations": {
                "de": {
                    "name": "Fußgelenksarbeit",
                    "category": "Koordination",
                    "summary": "Schnelle Schritte.",
                    "focus": ["Fußgelenk", "Frequenz"],
                    "cues": ["Ballen unten", "Ferse führt"],
                    "faults": [{"fault": "Füße heben ab", "fix": "Ballen unten lassen."}],
                    "dosage": "2 × 20 m, zurückgehen",
                    "variations": ["Auf der Stelle"],
                    "equipment": ["Hütchen"],
                }
            },
        },
        {
            "id": "pogo-jumps",
            "name": "Pogo jumps",
            "summary": "Springy bounces.",
            "cues": ["Stiff ankles"],
            "faults": [{"fault": "Knees bend", "fix": "Jump lower."}],
            "video": "https://example.org/pogo",
            "dosage": "20",
        },
    ],
    "sessions": [
        {
            "id": "week-1",
            "title": "Week 1",
            "warmup": "10 min jog",
            "cooldown": "5 min walk",
            "notes": "Grass is fine",
            "items": [
                {"drill": "ankle-drill", "dosage": "3 × 20 m", "notes": "Relaxed"},
                {"drill": "pogo-jumps"},
            ],
            "translations": {
                "de": {
                    "title": "Woche 1",
                    "warmup": "10 min traben",
                    "cooldown": "5 min gehen",
                    "notes": "Rasen geht",
                    "items": [{"dosage": "3 × 20 m", "notes": "Locker"}, {}],
                }
            },
        },
        {
            "id": "week-2",
            "title": "Week 2",
            "items": [{"drill": "pogo-jumps", "dosage": "2 × 10 jumps"}],
        },
    ],
}


# ------------------------------------------------------------------------ making the files


def write_xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    """A workbook as openpyxl writes it: every value typed as given (a float stays a number)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(
                [value.value if isinstance(value, Formula) else value for value in row] or [None]
            )
    book.save(path)
    return path


def write_csv(
    path: Path,
    rows: list[list],
    delimiter: str = ",",
    encoding: str = "utf-8",
    first_line: str = "",
) -> Path:
    import csv

    text = io.StringIO(newline="")
    text.write(first_line)
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(
            ["" if v is None else (f"{v:g}" if isinstance(v, float) else v) for v in row]
        )
    path.write_bytes(text.getvalue().encode(encoding))
    return path


def write_json(path: Path, document: dict) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


_ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"'
)


def _ods_cell(value) -> str:
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, Formula):
        return (
            f"<table:table-cell table:formula={quoteattr(value.formula)} "
            f'office:value-type="string" office:string-value={quoteattr(value.value)}>'
            f"<text:p>{escape(value.value)}</text:p></table:table-cell>"
        )
    if isinstance(value, float):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value!r}">'
            f"<text:p>{value:g}</text:p></table:table-cell>"
        )
    if isinstance(value, dt.date):
        return (
            f'<table:table-cell office:value-type="date" '
            f'office:date-value="{value.isoformat()}"><text:p>{value:%d.%m.%y}</text:p>'
            "</table:table-cell>"
        )
    lines = "".join(f"<text:p>{escape(line)}</text:p>" for line in value.split("\n"))
    return f'<table:table-cell office:value-type="string">{lines}</table:table-cell>'


def _ods_row(row: list) -> str:
    """A row; a run of empty cells as one repeated cell, as spreadsheet programs write it."""
    cells, empty = [], 0
    for value in [*row, "end"]:
        if value is None:
            empty += 1
            continue
        if empty:
            cells.append(f'<table:table-cell table:number-columns-repeated="{empty}"/>')
            empty = 0
        if value != "end":
            cells.append(_ods_cell(value))
    return f"<table:table-row>{''.join(cells) or '<table:table-cell/>'}</table:table-row>"


def ods_bytes(sheets: dict[str, list[list]]) -> bytes:
    """An OpenDocument spreadsheet holding these sheets; the same sheets give the same bytes."""
    tables = "".join(
        f"<table:table table:name={quoteattr(title)}>{''.join(map(_ods_row, rows))}</table:table>"
        for title, rows in sheets.items()
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<office:document-content {_ODS_NAMESPACES} office:version="1.2"><office:body>'
        f"<office:spreadsheet>{tables}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest='
        '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type='
        '"application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data, method in (
            ("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED),
            ("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED),
            ("content.xml", content, zipfile.ZIP_DEFLATED),
        ):
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = method
            archive.writestr(info, data)
    return buffer.getvalue()


def write_ods_fixture() -> None:
    """Make tests/data/drills.ods again from SHEETS."""
    (DATA / "drills.ods").write_bytes(ods_bytes(SHEETS))


def drills_only(document: dict) -> dict:
    """The drills of a document, without pictures: those are beside the real drills.json only."""
    return {
        "drills": [
            {key: value for key, value in drill.items() if key != "image"}
            for drill in copy.deepcopy(document["drills"])
        ]
    }


def same_library(got, expected) -> None:
    """The same drills, sessions, language and translations, as the printing code sees them."""
    assert got.drills == expected.drills
    assert got.sessions == expected.sessions
    assert got.language == expected.language
    assert got.translations == expected.translations


def problems_of(path: Path) -> list[str]:
    """The problems loading the file reports, the file named as in its own folder."""
    with pytest.raises(DataError) as caught:
        load_library(path, path.name)
    return caught.value.problems or [str(caught.value)]


def one_problem(path: Path) -> str:
    problems = problems_of(path)
    assert len(problems) == 1, problems
    return problems[0]


def drill_sheet(
    tmp_path: Path, header: list, *rows: list, name: str = "drills.xlsx", **sheets
) -> Path:
    return write_xlsx(tmp_path / name, {"Drills": [header, *rows], **sheets})


MINIMAL_HEADER = [
    "id",
    "name",
    "summary",
    "cue 1",
    "cue 2",
    "fault 1",
    "fix 1",
    "video",
    "dosage",
    "category",
    "level",
]


def minimal_row(**changes) -> list:
    """A row under MINIMAL_HEADER: the conftest's test drill, some cells changed."""
    row = dict(
        zip(
            MINIMAL_HEADER,
            [
                "test-drill",
                "Test drill",
                "A drill used by the tests.",
                "Stay tall",
                "Quick feet",
                "Leaning back",
                "Hips over the feet",
                "https://example.org/v",
                None,
                None,
                None,
            ],
            strict=True,
        )
    )
    assert set(changes) <= set(row)
    row.update(changes)
    return list(row.values())


# ------------------------------------------------------------------------------ every field


@pytest.mark.parametrize("kind", ["xlsx", "ods", "csv"])
def test_every_field_reads_as_the_same_library_as_json(tmp_path, kind):
    if kind == "xlsx":
        path = write_xlsx(tmp_path / "club.xlsx", SHEETS)
        expected = EXPECTED
    elif kind == "ods":
        path = DATA / "drills.ods"
        expected = EXPECTED
    else:
        path = write_csv(tmp_path / "club.csv", SHEETS["Drills"])
        expected = drills_only(EXPECTED)
    assert dict(read_spreadsheet(path)) == expected
    same_library(load_library(path), load_library(write_json(tmp_path / "x.json", expected)))


def test_the_ods_fixture_is_made_from_the_table():
    assert (DATA / "drills.ods").read_bytes() == ods_bytes(SHEETS), (
        "tests/data/drills.ods is out of date: run "
        "python -c 'from tests.data.test_spreadsheet import write_ods_fixture; write_ods_fixture()'"
    )


def test_a_cell_is_located_as_the_spreadsheet_shows_it(tmp_path):
    document = read_spreadsheet(write_xlsx(tmp_path / "club.xlsx", SHEETS), "club.xlsx")
    cue = document.locate(["drills", 0, "cues", 1])
    assert (cue.file, cue.sheet, cue.row, cue.column, cue.line) == (
        "club.xlsx",
        "Drills",
        2,
        "cues",
        2,
    )
    assert str(cue) == 'club.xlsx: sheet Drills, row 2 ("ankle-drill"), column "cues", line 2'
    assert document.locate(["drills", 1, "faults", 0, "fix"]).column == "fix 1"
    assert document.locate(["drills", 0, "translations", "de", "cues", 1]).column == "Cue 2 [de]"
    assert document.locate(["sessions", 0, "items", 1, "drill"]).row == 3
    assert (
        document.locate(["sessions", 0, "translations", "de", "items", 0, "notes"]).column
        == "notes [de]"
    )
    assert document.locate(["sessions", 1]).row == 5  # a blank row between the sessions


# ----------------------------------------------------------- a bad cell names sheet, row, column

SESSIONS_HEADER = ["session", "title", "drill", "notes", "notes [de]"]


@pytest.mark.parametrize(
    "drill_changes, session_row, expected",
    [
        (
            {"cue 2": "x" * 70},
            None,
            'drills.xlsx: sheet Drills, row 2 ("test-drill"), column "cue 2": is 70 characters; at '
            "most 60 fit on a drill sheet",
        ),
        (
            {"video": "javascript:alert(1)"},
            None,
            'drills.xlsx: sheet Drills, row 2 ("test-drill"), column "video": '
            "must be a web address",
        ),
        (
            {"id": "Test Drill"},
            None,
            'drills.xlsx: sheet Drills, row 2 ("Test Drill"), column "id": must be a short id',
        ),
        (
            {"fix 1": None},
            None,
            'drills.xlsx: sheet Drills, row 2 ("test-drill"), column "fix 1": is empty; fill it in',
        ),
        (
            {"summary": "   "},
            None,
            'drills.xlsx: sheet Drills, row 2 ("test-drill"), column "summary": '
            "is empty; fill it in",
        ),
        (
            {"cue 1": None, "cue 2": None},
            None,
            'drills.xlsx: sheet Drills, row 2 ("test-drill"), columns "cue 1" and "cue 2": are all '
            "empty; fill in at least the first",
        ),
        (
            {"cue 1": None, "cue 2": "x" * 61},
            None,  # the second column holds the first cue
            'drills.xlsx: sheet Drills, row 2 ("test-drill"), column "cue 2": is 61 characters',
        ),
        (
            {},
            ["week-1", "Week 1", "test-drll"],
            'drills.xlsx: sheet Sessions, row 2 ("week-1"), column "drill": there is no drill '
            'with the id "test-drll"; did you mean "test-drill"?',
        ),
        (
            {},
            ["week-1", "Week 1", "test-drill", "n" * 161],
            'drills.xlsx: sheet Sessions, row 2 ("week-1"), column "notes": is 161 characters',
        ),
        (
            {},
            ["week-1", "Week 1", "test-drill", None, "n" * 161],
            'drills.xlsx: sheet Sessions, row 2 ("week-1"), column "notes [de]": is 161 characters',
        ),
        (
            {},
            ["week 1", "Week 1", "test-drill"],
            'drills.xlsx: sheet Sessions, row 2 ("week 1"), column "session": must be a short id',
        ),
        (
            {},
            ["week-1", None, "test-drill"],
            'drills.xlsx: sheet Sessions, row 2 ("week-1"), column "title": is empty; fill it in',
        ),
    ],
    ids=[
        "long-cue",
        "bad-video",
        "bad-id",
        "fix-missing",
        "blank-summary",
        "no-cues",
        "second-cue-column",
        "unknown-drill",
        "long-item-notes",
        "long-translation",
        "bad-session-id",
        "no-title",
    ],
)
def test_a_bad_cell_is_named_by_sheet_row_and_column(
    tmp_path, drill_changes, session_row, expected
):
    sessions = {"Sessions": [SESSIONS_HEADER, session_row]} if session_row else {}
    path = drill_sheet(tmp_path, MINIMAL_HEADER, minimal_row(**drill_changes), **sessions)
    assert one_problem(path).startswith(expected)


def test_every_problem_at_once_with_rows_as_numbered_on_screen(tmp_path):
    path = drill_sheet(
        tmp_path,
        MINIMAL_HEADER,
        [],
        [],  # two blank rows: the drills are on rows 4 and 5
        minimal_row(level="beginer"),
        minimal_row(name="Other"),
        minimal_row(id="test-drill-2", category="c" * 31),
    )
    assert [problem.split(": ", 2)[1:] for problem in problems_of(path)] == [
        [
            'sheet Drills, row 4 ("test-drill"), column "level"',
            'must be one of beginner, intermediate, advanced (got "beginer"); did you mean '
            '"beginner"?',
        ],
        [
            'sheet Drills, row 6 ("test-drill-2"), column "category"',
            f'is 31 characters; at most 30 fit on a drill sheet (got "{"c" * 31}"); shorten it',
        ],
        [
            'sheet Drills, row 5 ("test-drill"), column "id"',
            "the id is already used by row 4; each id must be unique",
        ],
    ]


def test_too_many_cues_names_the_columns_of_the_list(tmp_path):
    most = schema.DRILL.fields["cues"].max_items
    header = [*MINIMAL_HEADER, *(f"cue {n}" for n in range(3, most + 2))]
    path = drill_sheet(tmp_path, header, [*minimal_row(), *("c" * (most - 1))])
    assert (
        f'row 2 ("test-drill"), columns "cue 1" to "cue {most + 1}": at most {most} fit on a '
        f"drill sheet (got {most + 1})" in one_problem(path)
    )


def test_a_cue_in_a_cell_of_lines_is_named_by_its_line(tmp_path):
    header = ["id", "name", "summary", "cues", "fault", "fix", "video"]
    row = ["test-drill", "T", "S", "Stay tall\n\n  " + "x" * 61, "f", "g", "https://e.org/v"]
    assert 'row 2 ("test-drill"), column "cues", line 3: is 61 characters' in one_problem(
        drill_sheet(tmp_path, header, row)
    )


def test_a_csv_problem_has_no_sheet(tmp_path):
    path = write_csv(tmp_path / "drills.csv", [MINIMAL_HEADER, minimal_row(video="www.x.org")])
    assert one_problem(path).startswith(
        'drills.csv: row 2 ("test-drill"), column "video": must be a web address'
    )


# ------------------------------------------------------------------------------- the headers


@pytest.mark.parametrize(
    "header, expected",
    [
        ("Cuee 2", 'column "Cuee 2": is not a column drillcards knows; did you mean "cue 2"?'),
        (
            "nmae [de]",
            'column "nmae [de]": is not a column drillcards knows; did you mean "name [de]"?',
        ),
        ("VIDOE", 'did you mean "video"?'),
        (
            "faults",
            'column "faults": is not a column drillcards knows; write each of the faults in '
            'its own columns: "fault 1", "fix 1", "fault 2", "fix 2"…',
        ),
        ("name [xx]", 'column "name [xx]": "xx" is not a language code'),
        ("name [deu]", 'did you mean "de"?'),
        ("video [de]", 'column "video [de]": the video is the same in every language'),
        ("name [en]", 'column "name [en]": the main text is already in "en"'),
        ("name", 'column "name": names the same field as column "name"; keep one of them'),
        ("cues", 'column "cues": the cues are given one per line in column "cue 1" too'),
        ("fault 2", 'column "fault 2": has no column "fix 2" beside it; add one'),
    ],
)
def test_a_header_drillcards_does_not_know_is_named_with_what_was_meant(tmp_path, header, expected):
    path = drill_sheet(tmp_path, [*MINIMAL_HEADER, header], [*minimal_row(), "x"])
    problem = one_problem(path)
    assert problem.startswith("drills.xlsx: sheet Drills, row 1, column ")
    assert expected in problem


def test_headers_ignore_case_spaces_and_hyphens_and_own_columns_are_left_alone(tmp_path):
    header = ["  ID ", "NAME", "Sum mary", "cue_1", "Fault-1", "FIX 1", "Video", "# my notes", "#"]
    path = drill_sheet(
        tmp_path,
        header,
        ["test-drill", "T", "S", "c", "f", "g", "https://e.org/v", "anything", "at all"],
    )
    assert [d.id for d in load_library(path).drills] == ["test-drill"]


def test_a_missing_required_column_is_named_once_for_the_sheet(tmp_path):
    header = [h for h in MINIMAL_HEADER if h != "summary"]
    rows = [
        [
            value
            for h, value in zip(MINIMAL_HEADER, minimal_row(id=ident), strict=True)
            if h != "summary"
        ]
        for ident in ("test-drill", "b")
    ]
    assert one_problem(drill_sheet(tmp_path, header, *rows)) == (
        'drills.xlsx: sheet Drills, row 1: there is no column "summary"; every drill needs its '
        "summary: add it to the header row"
    )


def test_a_sheet_without_a_video_column_reads_drills_without_videos(tmp_path):
    header = [h for h in MINIMAL_HEADER if h != "video"]
    row = [value for h, value in zip(MINIMAL_HEADER, minimal_row(), strict=True) if h != "video"]
    [drill] = load_library(drill_sheet(tmp_path, header, row)).drills
    assert drill.video is None


def test_values_in_a_column_without_header_are_not_lost_silently(tmp_path):
    path = drill_sheet(
        tmp_path, [*MINIMAL_HEADER, None], minimal_row(), [*minimal_row(id="b"), "a cue?"]
    )
    assert one_problem(path) == (
        "drills.xlsx: sheet Drills, column L: has a value in row 3 but no header in row 1; name "
        "its field there, or start the header with # to keep the column as your own"
    )


def test_sheet_names_match_case_and_spaces_and_a_near_miss_is_named(tmp_path):
    path = write_xlsx(
        tmp_path / "drills.xlsx",
        {
            " drills ": [MINIMAL_HEADER, minimal_row()],
            "Sesions": [SESSIONS_HEADER, ["week-1", "Week 1", "test-drill"]],
        },
    )
    assert one_problem(path) == (
        "drills.xlsx: sheet Sesions: is not read; did you mean Sessions? Rename it to Sessions"
    )


# ------------------------------------------------------------------------ cells as typed


@pytest.mark.parametrize(
    "value, expected",
    [
        (2.0, "2"),
        (2.5, "2.5"),
        (0.1 + 0.2, "0.3"),
        (20, "20"),
        (1e20, "1e+20"),
        (dt.date(2026, 3, 4), "2026-03-04"),  # "3/4" typed where Excel makes it a date
        (dt.datetime(2026, 3, 4, 18, 30), "2026-03-04 18:30"),
        (dt.time(18, 30), "18:30"),
        (dt.time(0, 1, 30), "00:01:30"),
        (True, "TRUE"),
        ("2 × 20", "2 × 20"),
        ("3/4", "3/4"),
        ("  2 × 20 m \n", "2 × 20 m"),
        ("", None),
        ("   ", None),
        (None, None),
    ],
    ids=lambda v: repr(v)[:20],
)
def test_numbers_and_dates_in_text_fields_read_as_text(tmp_path, value, expected):
    path = drill_sheet(tmp_path, MINIMAL_HEADER, minimal_row(dosage=value))
    assert read_spreadsheet(path)["drills"][0].get("dosage") == expected
    assert load_library(path).drills[0].dosage == expected


def test_a_formula_gives_its_stored_value(tmp_path):
    path = drill_sheet(tmp_path, MINIMAL_HEADER, minimal_row(dosage="placeholder"))
    with zipfile.ZipFile(path) as archive:
        files = {info.filename: archive.read(info) for info in archive.infolist()}
    sheet = files["xl/worksheets/sheet1.xml"].decode()
    cell = '<c r="I2" t="inlineStr"><is><t>placeholder</t></is></c>'
    assert cell in sheet
    files["xl/worksheets/sheet1.xml"] = sheet.replace(
        cell, '<c r="I2" t="str"><f>CONCATENATE(2," × 20 m")</f><v>2 × 20 m</v></c>'
    ).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    assert load_library(path).drills[0].dosage == "2 × 20 m"


def test_empty_cells_are_absent_values(tmp_path):
    header = [*MINIMAL_HEADER, "focus 1", "focus 2", "variations", "name [de]"]
    path = drill_sheet(
        tmp_path, header, [*minimal_row(level=""), "  ", None, "\n\n", None], [None] * len(header)
    )  # an empty row: no drill
    drill = load_library(path).drills[0]
    assert (drill.level, drill.focus, drill.variations, drill.dosage) == (None, (), (), None)
    assert read_spreadsheet(path)["drills"] == [
        {
            "id": "test-drill",
            "name": "Test drill",
            "summary": "A drill used by the tests.",
            "cues": ["Stay tall", "Quick feet"],
            "video": "https://example.org/v",
            "faults": [{"fault": "Leaning back", "fix": "Hips over the feet"}],
        }
    ]


# -------------------------------------------------------------------------------- sessions


def test_a_session_may_repeat_its_id_on_every_row(tmp_path):
    rows = [["week-1", "Week 1", "test-drill"], ["week-1", None, "test-drill", "again"]]
    path = drill_sheet(tmp_path, MINIMAL_HEADER, minimal_row(), Sessions=[SESSIONS_HEADER, *rows])
    session = load_library(path).sessions[0]
    assert [(i.drill, i.notes) for i in session.items] == [
        ("test-drill", None),
        ("test-drill", "again"),
    ]


@pytest.mark.parametrize(
    "rows, expected",
    [
        (
            [[None, "Week 1", "test-drill"]],
            'sheet Sessions, row 2, column "session": is empty, and no session starts above '
            "this row",
        ),
        (
            [["week-1", "Week 1", "test-drill"], [None, "Week one", "test-drill"]],
            'sheet Sessions, row 3 ("week-1"), column "title": the session\'s title is already '
            "given on row 2; write it once, on the session's first row",
        ),
        (
            [
                ["week-1", "Week 1", "test-drill"],
                ["week-2", "Week 2", "test-drill"],
                ["week-1", "Week 1b", "test-drill"],
            ],
            'sheet Sessions, row 4 ("week-1"), column "session": the id is already used by row 2',
        ),
    ],
)
def test_a_session_laid_out_wrongly_is_named_by_its_row(tmp_path, rows, expected):
    path = drill_sheet(tmp_path, MINIMAL_HEADER, minimal_row(), Sessions=[SESSIONS_HEADER, *rows])
    assert one_problem(path).startswith(f"drills.xlsx: {expected}")


def test_the_main_language_comes_from_the_sheet_library(tmp_path):
    header = [*MINIMAL_HEADER, "name [en]"]
    path = drill_sheet(
        tmp_path,
        header,
        [*minimal_row(name="Testübung"), "Test drill"],
        Library=[["language", "de"]],
    )
    library = load_library(path)
    assert library.language == "de"
    assert library.translations["en"]["drills"]["test-drill"]["name"] == "Test drill"
    path = drill_sheet(tmp_path, header, [*minimal_row(), "x"], Library=[["langauge", "xx"]])
    problems = problems_of(path)
    assert problems[0] == (
        'drills.xlsx: sheet Library, row 1 ("langauge"): is not a setting '
        'drillcards knows; did you mean "language"?'
    )


# ------------------------------------------------------------------------------------- CSV


@pytest.mark.parametrize(
    "delimiter, encoding, first_line",
    [
        (",", "utf-8", ""),
        (";", "utf-8", ""),  # European Excel
        (";", "utf-8-sig", ""),  # Excel's "CSV UTF-8": a byte-order mark
        ("\t", "utf-16", ""),  # Excel's "Unicode text"
        (";", "utf-8", "sep=;\r\n"),  # Excel's hint, not shown as a row
    ],
)
def test_csv_as_excel_and_libreoffice_write_it(tmp_path, delimiter, encoding, first_line):
    rows = [
        MINIMAL_HEADER,
        minimal_row(summary="Knees up; hips tall, quick", dosage="2,5 km"),
        minimal_row(id="b", video="bad"),
    ]
    path = write_csv(tmp_path / "drills.csv", rows, delimiter, encoding, first_line)
    document = read_spreadsheet(path)
    assert document["drills"][0]["summary"] == "Knees up; hips tall, quick"
    assert document["drills"][0]["dosage"] == "2,5 km"
    assert one_problem(path).startswith('drills.csv: row 3 ("b"), column "video"')


def test_a_csv_in_another_encoding_is_refused_with_what_to_do(tmp_path):
    path = write_csv(
        tmp_path / "drills.csv", [MINIMAL_HEADER, minimal_row(name="Übung")], encoding="cp1252"
    )
    assert one_problem(path).startswith(
        "drills.csv: line 2: the file is not UTF-8 text (byte 0xDC cannot be read). Save it with "
        "the encoding UTF-8"
    )


# ------------------------------------------------------------------------ files refused


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"", "cannot be read as an Excel workbook"),
        (b"id,name\ntest-drill,Test\n", "cannot be read as an Excel workbook"),
        ("truncated", "cannot be read as an Excel workbook"),
        ("encrypted", "the workbook is protected with a password"),
        (
            "no-drills-sheet",
            'has no sheet named Drills (its sheets: "Drils"); did you mean "Drils"? '
            "Rename it to Drills",
        ),
    ],
    ids=["empty", "csv-named-xlsx", "truncated", "encrypted", "no-drills-sheet"],
)
def test_a_workbook_that_cannot_be_read_exits_2_saying_what_to_do(tmp_path, run, content, expected):
    path = tmp_path / "drills.xlsx"
    if content == "truncated":
        good = write_xlsx(tmp_path / "good.xlsx", SHEETS).read_bytes()
        content = good[: len(good) // 2]
    elif content == "encrypted":
        content = (DATA / "encrypted.xlsx").read_bytes()
    elif content == "no-drills-sheet":
        content = write_xlsx(tmp_path / "x.xlsx", {"Drils": [MINIMAL_HEADER]}).read_bytes()
    path.write_bytes(content)
    result = run("cards", "--drills", path, "-o", tmp_path / "out.pdf")
    assert result.exit_code == 2, result.output
    assert expected in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out.pdf").exists()


def test_a_file_over_the_caps_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "drills.xlsx"
    with path.open("wb") as handle:
        handle.truncate(spreadsheet.MAX_FILE_BYTES + 1)
    assert "Is this the right file?" in one_problem(path)
    monkeypatch.setattr(spreadsheet, "MAX_UNPACKED_BYTES", 1000)  # as a zip bomb would unpack
    good = write_xlsx(tmp_path / "good.xlsx", SHEETS)
    assert "more than a drill library needs" in one_problem(good)


def _repeated_ods(rows: int, columns: int) -> bytes:
    """A 2 kB .ods whose second row is one cell repeated `columns` times, `rows` times."""
    plain = ods_bytes({"Drills": [MINIMAL_HEADER, ["x"]]})
    with zipfile.ZipFile(io.BytesIO(plain)) as archive:
        files = {info.filename: archive.read(info) for info in archive.infolist()}
    cell = b'<table:table-cell office:value-type="string"><text:p>x</text:p>'
    files["content.xml"] = files["content.xml"].replace(
        b"<table:table-row>" + cell,
        f'<table:table-row table:number-rows-repeated="{rows}">'.encode()
        + cell.replace(
            b"<table:table-cell ",
            f'<table:table-cell table:number-columns-repeated="{columns}" '.encode(),
        ),
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "make, expected",
    [
        (lambda path: write_xlsx(path.with_suffix(".xlsx"), {"Drills": [["id"]]}), None),
        (lambda path: _xlsx_with(path, "XFD1048576"), "row 1,048,576 and column XFD"),
        (lambda path: _xlsx_with(path, "A20001"), "row 20,001 and column A"),
        (lambda path: _xlsx_with(path, "ALM1"), "row 1 and column ALM"),
        (lambda path: _ods(path, 2_000_000, 1), "row 2,000,001 and column K"),
        (lambda path: _ods(path, 1000, 16000), "row 1,001 and column WQJ"),
        (lambda path: _ods(path, 19_000, 1), None),
    ],
    ids=[
        "small",
        "far-corner",
        "too-many-rows",
        "too-many-columns",
        "ods-rows-repeated",
        "ods-cells-repeated",
        "ods-within",
    ],
)
def test_a_sheet_reaching_too_far_is_refused_before_it_is_unfolded(tmp_path, make, expected):
    """calamine holds a sheet as one block up to its farthest cell: a cell at XFD1048576 in a
    5 kB file would ask for 550 GB and abort the process."""
    path = make(tmp_path / "drills")
    if expected is None:
        read_spreadsheet(path)
        return
    with pytest.raises(DataError) as caught:
        read_spreadsheet(path, path.name)
    assert str(caught.value).startswith(
        f"{path.name}: sheet Drills has a value as far as {expected}, more than a drill library "
        "needs (at most 20,000 rows and 1,000 columns)"
    )


def _xlsx_with(path: Path, cell: str) -> Path:
    book = openpyxl.Workbook()
    book.active.title = "Drills"
    book.active["A1"] = "id"
    book.active[cell] = "x"
    book.save(path.with_suffix(".xlsx"))
    return path.with_suffix(".xlsx")


def _ods(path: Path, rows: int, columns: int) -> Path:
    path = path.with_suffix(".ods")
    path.write_bytes(_repeated_ods(rows, columns))
    return path


# ---------------------------------------------------------------------- through the CLI


def test_cards_from_a_workbook_through_the_cli(tmp_path, run):
    path = write_xlsx(tmp_path / "club.xlsx", SHEETS)
    result = run("cards", "--drills", path, "-o", tmp_path / "out.pdf")
    assert result.exit_code == 0, result.output
    text = " ".join(page_texts(tmp_path / "out.pdf"))
    assert "Heel drives it" in text and "Pogo jumps" in text
    bad = write_xlsx(
        tmp_path / "bad.xlsx", {"Drills": [MINIMAL_HEADER, minimal_row(video="www.x.org")]}
    )
    result = run("cards", "--drills", bad, "-o", tmp_path / "bad.pdf")
    assert result.exit_code == 2
    assert (
        f'{bad}: sheet Drills, row 2 ("test-drill"), column "video": must be a web address'
        in result.output
    )
    assert not (tmp_path / "bad.pdf").exists()


# ------------------------------------------------------------------------------- exporting


@pytest.fixture(scope="module")
def builtin():
    return load_library(ROOT / "drills.json", "drills.json")


@pytest.mark.parametrize("suffix", [".xlsx", ".json"])
def test_an_exported_library_prints_byte_identical_cards(tmp_path, builtin, suffix):
    path = export_library(builtin, tmp_path / f"library{suffix}")
    again = load_library(path, "drills.json")
    same_library(again, builtin)
    assert render_cards(again).pdf == render_cards(builtin).pdf
    german = edition(again, "de").library
    assert render_cards(german).pdf == render_cards(edition(builtin, "de").library).pdf


def test_an_export_from_the_document_reads_back_as_it(tmp_path):
    document = json.loads((ROOT / "drills.json").read_text(encoding="utf-8"))
    document.pop("$schema")
    path = export_library(document, tmp_path / "library.xlsx")
    assert dict(read_spreadsheet(path)) == document


def test_two_exports_are_byte_identical(tmp_path, builtin, monkeypatch):
    first = export_library(builtin, tmp_path / "a.xlsx").read_bytes()
    assert export_library(builtin, tmp_path / "b.xlsx").read_bytes() == first
    book = openpyxl.load_workbook(tmp_path / "a.xlsx")
    assert book.properties.created == book.properties.modified == dt.datetime(2000, 1, 1)
    assert book.sheetnames == ["Drills", "Sessions"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764028800")
    stamped = export_library(builtin, tmp_path / "c.xlsx")
    assert openpyxl.load_workbook(stamped).properties.modified == dt.datetime(2025, 11, 25)


def test_an_export_keeps_the_main_language_and_text_that_looks_like_a_formula(tmp_path):
    document = {
        "language": "de",
        "drills": [
            {
                "id": "t",
                "name": "=SUM(A1)",
                "summary": "#N/A",
                "cues": ["+1 m", "@home"],
                "faults": [{"fault": "-", "fix": "="}],
                "video": "https://e.org/v",
            }
        ],
    }
    path = export_library(document, tmp_path / "x.xlsx")
    assert dict(read_spreadsheet(path)) == document
    assert openpyxl.load_workbook(path).sheetnames == ["Drills", "Library"]


def test_a_csv_export_holds_the_drills_with_their_translations(tmp_path, builtin):
    drills_only_library = load_library(
        write_json(
            tmp_path / "d.json",
            drills_only(json.loads((ROOT / "drills.json").read_text(encoding="utf-8"))),
        ),
        "drills.json",
    )
    path = export_library(drills_only_library, tmp_path / "drills.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbfid,name,")
    same_library(load_library(path, "drills.json"), drills_only_library)


@pytest.mark.parametrize(
    "document, expected",
    [
        (None, "a CSV file holds one sheet, the drills, and this library has 2 sessions too"),
        (
            {
                "language": "de",
                "drills": [
                    {
                        "id": "t",
                        "name": "T",
                        "summary": "S",
                        "cues": ["c"],
                        "faults": [{"fault": "f", "fix": "g"}],
                        "video": "https://e.org/v",
                    }
                ],
            },
            'a CSV file cannot say that the main text is in "de"',
        ),
    ],
)
def test_a_csv_export_that_would_lose_something_is_refused(tmp_path, builtin, document, expected):
    with pytest.raises(OutputError) as caught:
        export_library(document or builtin, tmp_path / "drills.csv")
    assert expected in str(caught.value)
    assert not (tmp_path / "drills.csv").exists()


def test_an_export_to_an_unknown_format_is_refused(tmp_path, builtin):
    with pytest.raises(OutputError, match=r"writes a library as \.xlsx, \.csv or \.json"):
        export_library(builtin, tmp_path / "drills.ods")
