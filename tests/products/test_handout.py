"""The club handout (`drillcards bundle`) and club branding on every product, read back from PDFs.

The handouts are made through the command line and read with pypdf (bookmarks, page labels,
metadata, resources), pdfium (page text) and poppler (pdfinfo, pdffonts, pdftotext -layout), so
what is checked is what a club secretary's PDF reader shows.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import IndirectObject
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen.canvas import Canvas

from cards.build.plan import HANDOUT, render_all
from cards.cli import cli
from cards.data.labels import load_labels
from cards.data.library import load_library
from cards.options import Options
from cards.products.deck import render_cards
from cards.products.session import render_session
from cards.resources import default_drills
from tests.conftest import BUILTIN, collapse, make_drill, page_texts
from tests.tools import program

EPOCH = "1764547200"  # Monday 1 December 2025, 00:00 UTC
DAY = load_labels("en").date(dt.date(2025, 12, 1))
TITLE = "Winter drills 2025"
ROUTE = ["ROUTE MAP one of two: the Riverside loop", "ROUTE MAP two of two: hill repeats"]
NOTICE = ["CLUB NOTICE: the annual general meeting is on Friday"]
DRILLS = BUILTIN["drills"]
SESSIONS = BUILTIN["sessions"]
DEFAULT_ACCENT = "#0b6e4f"  # the layouts' own accent, replaced by a club's
CLUB = {
    "name": "Riverside Harriers",
    "accent": "#7a1e48",
    "logo": "crest.png",
    "footer": "Tuesdays 18:30 at the track",
}


def invoke(cwd: Path, *args: object, env: dict[str, str] | None = None):
    """Run the CLI in cwd, with SOURCE_DATE_EPOCH set so the printed date is known."""
    with contextlib.chdir(cwd):
        return CliRunner().invoke(
            cli,
            [str(a) for a in args],
            catch_exceptions=False,
            env={"SOURCE_DATE_EPOCH": EPOCH, **(env or {})},
        )


def make_pdf(path: Path, pages: list[str], size=A4) -> Path:
    """A PDF of the club's own, one line of distinctive text a page; reportlab titles it
    "untitled", as many programs do."""
    canvas = Canvas(str(path), pagesize=size, invariant=1)
    for text in pages:
        canvas.setFont("Helvetica", 16)
        canvas.drawString(72, size[1] - 100, text)
        canvas.showPage()
    canvas.save()
    return path


def write_club(folder: Path, filename: str = "club.toml", **values: str) -> Path:
    if "logo" in values and not (folder / values["logo"]).exists():
        image = Image.new("RGB", (120, 80), "#7a1e48")
        image.paste((255, 255, 255), (40, 20, 80, 60))
        image.save(folder / values["logo"], "PNG")
    lines = [f'{key} = "{value}"' for key, value in values.items()]
    path = folder / filename
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def outline(reader: PdfReader) -> list[tuple[str, int, list[tuple[str, int]]]]:
    """Bookmarks as (title, page index, children); no bookmark nests deeper than two levels."""
    parts: list[tuple[str, int, list[tuple[str, int]]]] = []
    for item in reader.outline:
        if isinstance(item, list):
            assert parts and not parts[-1][2], "children follow their part, once"
            assert not any(isinstance(child, list) for child in item), "two levels at most"
            parts[-1][2].extend((c.title, reader.get_destination_page_number(c)) for c in item)
        else:
            parts.append((item.title, reader.get_destination_page_number(item), []))
    return parts


def image_refs(resources) -> set[tuple[int, int]]:
    """Every image XObject drawn through these resources (also inside form XObjects), by object."""
    found: set[tuple[int, int]] = set()
    xobjects = resources.get("/XObject") if resources else None
    for ref in (xobjects or {}).values():
        obj = ref.get_object()
        if obj.get("/Subtype") == "/Image":
            assert isinstance(ref, IndirectObject)  # shared, not copied into every page
            found.add((ref.idnum, ref.generation))
        elif obj.get("/Subtype") == "/Form":
            found |= image_refs(obj.get("/Resources"))
    return found


def content(reader: PdfReader, index: int) -> str:
    data = reader.pages[index].get_contents()
    return data.get_data().decode("latin-1") if data is not None else ""


def fill(colour: str) -> str:
    """How reportlab writes a fill colour into a content stream: ".478431 .117647 .282353 rg"."""
    return f"{fp_str(*HexColor(colour).rgb())} rg"


def pdfinfo(path: Path) -> dict[str, str]:
    out = subprocess.run(
        [program("pdfinfo"), str(path)], capture_output=True, text=True, check=True
    )
    return {
        k.strip(): v.strip()
        for k, _, v in (line.partition(":") for line in out.stdout.splitlines())
    }


def contents_lines(path: Path, page: int) -> list[tuple[str, str]]:
    """(title, page number) per line of a contents page, as laid out (pdftotext -layout); a
    timed session's time after its title (" · 18:30–19:25, 55 min") is left out."""
    out = subprocess.run(
        [program("pdftotext"), "-layout", "-f", str(page + 1), "-l", str(page + 1), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = []
    for line in out.splitlines():
        match = re.fullmatch(r"\s*(\S.*?)\s{2,}(\S+)\s*", line)
        if match:
            rows.append((match[1].split(" · ")[0], match[2]))
    return rows


@dataclass
class Handout:
    path: Path
    reader: PdfReader
    texts: list[str]
    output: str


def read_handout(path: Path, output: str = "") -> Handout:
    return Handout(
        path, PdfReader(path, strict=True), [collapse(t) for t in page_texts(path)], output
    )


@pytest.fixture(scope="module")
def library():
    return load_library(default_drills(), "drills.json (built in)")


@pytest.fixture(scope="module")
def full(tmp_path_factory) -> Handout:
    """Every built-in session and drill, the cards, a 2-page landscape route map and a notice."""
    folder = tmp_path_factory.mktemp("full")
    make_pdf(folder / "route-map.pdf", ROUTE, landscape(A4))
    make_pdf(folder / "club_notice.pdf", NOTICE)
    result = invoke(
        folder,
        "bundle",
        "--all",
        "--cards",
        "--include",
        "route-map.pdf",
        "--include",
        "club_notice.pdf",
        "--title",
        TITLE,
    )
    assert result.exit_code == 0, result.output
    return read_handout(folder / "out" / "handout.pdf", result.output)


@pytest.fixture(scope="module")
def expected_pages(library) -> dict[str, int]:
    """Pages of each part rendered on its own: the handout must hold exactly these."""
    sessions = {s.id: render_session(library, Options(), s).pages for s in library.sessions}
    return {
        "sessions": sum(sessions.values()),
        "cards": render_cards(library).pages,
        **{f"session:{k}": v for k, v in sessions.items()},
    }


# --- the handout of everything ---------------------------------------------------------------


def test_the_full_handout_has_every_page_of_every_part(full, expected_pages):
    assert expected_pages["cards"] == 6
    front = 2  # the cover and one contents page
    total = front + expected_pages["sessions"] + len(DRILLS) + expected_pages["cards"] + 3
    assert len(full.reader.pages) == total
    assert f"wrote out/handout.pdf: {total} pages in 5 parts" in full.output
    assert full.texts[1].startswith("Contents")
    # the parts in order: every session page, then the sheets, the cards and the club's PDFs
    first_sheet = front + expected_pages["sessions"]
    starts = [t for t in full.texts[front:first_sheet] if " page 1 of " in t]
    assert [t.split(" page 1 of ")[0] for t in starts] == [s["title"] for s in SESSIONS]
    for index, drill in enumerate(DRILLS):
        assert full.texts[first_sheet + index].startswith(drill["name"]), drill["id"]
    cards = full.texts[first_sheet + len(DRILLS) : -3]
    assert len(cards) == 6 and all(("CUES" in t) == (i % 2 == 0) for i, t in enumerate(cards))


def test_the_included_pdfs_come_last_in_the_order_given_with_their_pages(full):
    assert [
        ROUTE[0] in full.texts[-3],
        ROUTE[1] in full.texts[-2],
        NOTICE[0] in full.texts[-1],
    ] == [True, True, True]
    assert sum(ROUTE[0] in t for t in full.texts) == 1  # appended once
    # an included page keeps its own size: the route map is landscape, the rest portrait
    sizes = [
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in full.reader.pages
    ]
    assert sizes[-3] == sizes[-2] == (842, 595)
    assert set(sizes[:-3]) | {sizes[-1]} == {(595, 842)}


def test_one_bookmark_per_part_in_order_and_one_per_session_and_drill(full):
    parts = outline(full.reader)
    assert [title for title, _, _ in parts] == [
        "Session plans",
        "Drill sheets",
        "Cards to cut",
        "Route map",
        "Club notice",
    ]
    assert [t for t, _ in parts[0][2]] == [s["title"] for s in SESSIONS]
    assert [t for t, _ in parts[1][2]] == [d["name"] for d in DRILLS]
    assert [t for t, _ in parts[2][2]] == [d["name"] for d in DRILLS]
    assert parts[3][2] == parts[4][2] == []  # the club's own bookmarks are not imported


def test_every_bookmark_opens_the_right_page(full, expected_pages):
    texts = full.texts
    parts = dict((title, (page, children)) for title, page, children in outline(full.reader))
    sessions_at, sessions = parts["Session plans"]
    assert sessions_at == 2 and sessions[0][1] == 2
    for (title, page), session in zip(sessions, SESSIONS, strict=True):
        pages = expected_pages[f"session:{session['id']}"]
        assert texts[page].startswith(f"{title} page 1 of {pages}"), title
        assert all(f"page {n} of {pages}" in texts[page + n - 1] for n in range(1, pages + 1))
    sheets_at, sheets = parts["Drill sheets"]
    assert sheets_at == 2 + expected_pages["sessions"] == sheets[0][1]
    for (name, page), drill in zip(sheets, DRILLS, strict=True):
        assert texts[page].startswith(name) and collapse(drill["summary"]) in texts[page], name
        assert "COMMON FAULTS AND THEIR FIXES" in texts[page], name  # a sheet, not a session
    cards_at, cards = parts["Cards to cut"]
    assert cards_at == sheets_at + len(DRILLS) == cards[0][1]
    for (name, page), drill in zip(cards, DRILLS, strict=True):
        assert cards_at <= page < cards_at + expected_pages["cards"], name
        # the page with the drill's card front: its summary and cues, not the back's faults
        assert collapse(drill["summary"]) in texts[page] and "CUES" in texts[page], name
        assert collapse(drill["cues"][0]) in texts[page], name
    assert ROUTE[0] in texts[parts["Route map"][0]]
    assert NOTICE[0] in texts[parts["Club notice"][0]]


def test_page_labels_are_roman_for_the_cover_and_contents_then_from_1(full):
    labels = full.reader.page_labels
    assert labels[:2] == ["i", "ii"]
    assert labels[2:] == [str(n) for n in range(1, len(full.reader.pages) - 1)]


def test_the_contents_lists_every_bookmark_with_its_page_label(full):
    reader = full.reader
    rows = contents_lines(full.path, 1)
    expected = []
    for title, page, children in outline(reader):
        expected.append((title, reader.page_labels[page]))
        expected += [(child, reader.page_labels[at]) for child, at in children]
    assert rows == expected
    assert rows[0] == ("Session plans", "1")


def test_the_cover_names_the_title_the_date_and_what_is_inside(full):
    cover = full.texts[0]
    assert cover.startswith(f"{TITLE} {DAY} INSIDE")  # no club: no club name above the title
    inside = [
        "2 session plans",
        "12 drill sheets",
        "12 pocket cards to cut",
        "Route map (2 pages)",
        "Club notice (1 page)",
    ]
    assert cover.endswith(" ".join(inside))


def test_metadata_title_author_subject_keywords_and_language(full):
    meta = full.reader.metadata
    assert meta.title == TITLE
    assert meta.author == "drillcards"  # no club file
    assert meta.subject.startswith("Running drills: 2 session plans, 12 drill sheets")
    keywords = [k.strip() for k in meta["/Keywords"].split(",")]
    assert "Running drills" in keywords and "ankle stiffness" in keywords
    assert len({k.casefold() for k in keywords}) == len(keywords)  # "Coordination" once
    assert full.reader.trailer["/Root"]["/Lang"] == "en"
    info = pdfinfo(full.path)
    assert (info["Title"], info["Author"], info["Subject"], info["Keywords"]) == (
        TITLE,
        "drillcards",
        meta.subject,
        meta["/Keywords"],
    )
    assert info["Pages"] == str(len(full.reader.pages))
    assert info["CreationDate"].startswith("Mon Dec  1 00:00:00 2025")


def test_fonts_are_embedded_once_for_the_whole_handout(full):
    out = subprocess.run(
        ["pdffonts", str(full.path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    embedded = sorted(line.split()[0].split("+")[-1] for line in out if " yes " in line)
    assert embedded == ["DejaVuSans", "DejaVuSans-Bold"]


def test_the_handout_of_everything_is_much_smaller_than_its_parts(library):
    result = render_all(library)
    handout = len(result.files[HANDOUT])
    own = {
        path: data
        for path, data in result.files.items()
        if path != HANDOUT and path.parts[0] != "site"
    }  # not the web site's copies
    parts = sum(len(data) for data in own.values())
    assert handout < 0.4 * parts, (handout, parts)
    assert result.pages[HANDOUT] == 2 + sum(result.pages[path] for path in own)


# --- small handouts: single-page parts keep their bookmarks -----------------------------------


@pytest.mark.parametrize(
    "args, expected",
    [
        (
            ["--drill", "pogo-jumps", "--include", "notice.pdf"],
            [("Drill sheets", [("Pogo jumps", "Pogo jumps")]), ("Notice", [])],
        ),
        (
            [
                "--session",
                "basic-coordination",
                "--include",
                "notice.pdf",
                "--include",
                "notice.pdf",
            ],
            [
                ("Session plans", [("Basic coordination", "Basic coordination page 1 of")]),
                ("Notice", []),
                ("Notice", []),
            ],
        ),
        (
            ["--drill", "high-knees", "--drill", "butt-kicks"],
            [
                (
                    "Drill sheets",
                    [
                        ("High knees / skipping", "High knees / skipping"),
                        ("Butt kicks", "Butt kicks"),
                    ],
                )
            ],
        ),
    ],
)
def test_single_page_parts_keep_every_bookmark(tmp_path, args, expected):
    make_pdf(tmp_path / "notice.pdf", NOTICE)
    result = invoke(tmp_path, "bundle", *args, "-o", "small.pdf")
    assert result.exit_code == 0, result.output
    handout = read_handout(tmp_path / "small.pdf")
    parts = outline(handout.reader)
    assert [(t, [c for c, _ in children]) for t, _, children in parts] == [
        (t, [c for c, _ in children]) for t, children in expected
    ]
    for (title, page, children), (_, wanted) in zip(parts, expected, strict=True):
        assert page >= 2 and handout.reader.page_labels[page] != "ii", title
        for (child, at), (_, start) in zip(children, wanted, strict=True):
            assert handout.texts[at].startswith(start), child
        if title == "Notice":
            assert handout.texts[page] == NOTICE[0]
    assert handout.reader.page_labels[:3] == ["i", "ii", "1"]
    rows = contents_lines(handout.path, 1)
    assert [title for title, _ in rows] == [
        t for title, _, kids in parts for t in [title, *(c for c, _ in kids)]
    ]


def test_a_one_drill_library_with_cards_and_a_one_page_include(tmp_path, drills_file):
    drills_file({"drills": [make_drill()]})
    make_pdf(tmp_path / "notice.pdf", NOTICE)
    result = invoke(
        tmp_path, "bundle", "--drills", "drills.json", "--cards", "--include", "notice.pdf"
    )
    assert result.exit_code == 0, result.output
    handout = read_handout(tmp_path / "out" / "handout.pdf")
    # cover, contents, the drill sheet, a card front and its back, the notice
    assert len(handout.texts) == 6
    assert outline(handout.reader) == [
        ("Drill sheets", 2, [("Test drill", 2)]),
        ("Cards to cut", 3, [("Test drill", 3)]),
        ("Notice", 5, []),
    ]
    assert "CUES" in handout.texts[3] and "CUES" not in handout.texts[4]
    assert handout.texts[5] == NOTICE[0]
    assert handout.reader.page_labels == ["i", "ii", "1", "2", "3", "4"]
    assert contents_lines(handout.path, 1) == [
        ("Drill sheets", "1"),
        ("Test drill", "1"),
        ("Cards to cut", "2"),
        ("Test drill", "2"),
        ("Notice", "4"),
    ]
    keywords = handout.reader.metadata["/Keywords"]
    assert keywords == "Running drills"  # the test drill has no category or focus


def test_keywords_are_those_of_the_drills_inside(tmp_path):
    result = invoke(tmp_path, "bundle", "--drill", "pogo-jumps")
    assert result.exit_code == 0, result.output
    keywords = PdfReader(tmp_path / "out" / "handout.pdf").metadata["/Keywords"]
    assert keywords == (
        "Running drills, ankle stiffness, Coordination, elastic return, ground contact"
    )


def test_contents_over_several_pages_keep_labels_and_numbers_in_step(tmp_path, drills_file):
    drills = [
        make_drill(id=f"d{i}", name=f"Drill number {i}", video=f"https://example.org/videos/{i}")
        for i in range(45)
    ]
    drills_file({"drills": drills})
    result = invoke(tmp_path, "bundle", "--drills", "drills.json", "-o", "long.pdf")
    assert result.exit_code == 0, result.output
    handout = read_handout(tmp_path / "long.pdf")
    assert len(handout.texts) == 3 + 45  # the cover, two contents pages, the sheets
    labels = handout.reader.page_labels
    assert labels[:4] == ["i", "ii", "iii", "1"] and labels[-1] == "45"
    rows = contents_lines(handout.path, 1) + contents_lines(handout.path, 2)
    [(part, at, children)] = outline(handout.reader)
    assert labels[at] == "1"
    assert rows == [(part, "1"), *((name, labels[page]) for name, page in children)]
    assert all(handout.texts[page].startswith(name) for name, page in children)


def test_the_pdf_version_covers_what_the_handout_holds(tmp_path):
    """/Lang needs PDF 1.4; an included PDF 1.7 makes the handout 1.7."""
    writer = PdfWriter(clone_from=make_pdf(tmp_path / "plain.pdf", NOTICE))
    writer.pdf_header = "%PDF-1.7"
    writer.write(tmp_path / "modern.pdf")
    assert invoke(tmp_path, "bundle", "--drill", "pogo-jumps", "-o", "a.pdf").exit_code == 0
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF-1.4")
    assert (
        invoke(
            tmp_path,
            "bundle",
            "--drill",
            "pogo-jumps",
            "--include",
            "plain.pdf",
            "--include",
            "modern.pdf",
            "-o",
            "b.pdf",
        ).exit_code
        == 0
    )
    assert (tmp_path / "b.pdf").read_bytes().startswith(b"%PDF-1.7")


# --- included PDFs that cannot be included -----------------------------------------------------


def _encrypted(path: Path, user: str) -> None:
    writer = PdfWriter(clone_from=make_pdf(path.with_suffix(".plain"), NOTICE))
    writer.encrypt(user, "owner-secret")
    writer.write(path)


def _truncated(path: Path) -> None:
    data = make_pdf(path.with_suffix(".whole"), ROUTE).read_bytes()
    path.write_bytes(data[: len(data) // 2])


BAD_INCLUDES = {
    "missing": (lambda p: None, "no such file"),
    "encrypted": (lambda p: _encrypted(p, "secret"), "encrypted"),
    "encrypted, no password to open": (lambda p: _encrypted(p, ""), "encrypted"),
    "truncated": (_truncated, "not a readable PDF"),
    "random bytes": (lambda p: p.write_bytes(bytes(range(256)) * 20), "not a PDF"),
    "text named .pdf": (lambda p: p.write_text("Route: left at the bridge\n"), "not a PDF"),
    "empty": (lambda p: p.write_bytes(b""), "empty"),
    "a folder": (lambda p: p.mkdir(), "folder"),
    "no pages": (lambda p: PdfWriter().write(p), "no pages"),
}


@pytest.mark.parametrize("case", list(BAD_INCLUDES))
def test_an_include_that_cannot_be_read_exits_2_naming_it(tmp_path, case):
    make, message = BAD_INCLUDES[case]
    make(tmp_path / "route map.pdf")
    make_pdf(tmp_path / "notice.pdf", NOTICE)
    before = sorted(p.name for p in tmp_path.iterdir())
    result = invoke(
        tmp_path,
        "bundle",
        "--drill",
        "pogo-jumps",
        "--include",
        "notice.pdf",
        "--include",
        "route map.pdf",
    )
    assert result.exit_code == 2, result.output
    assert result.output.startswith("Error: route map.pdf: "), result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert "EOF marker" not in result.output and "invalid pdf header" not in result.output
    assert len(result.output.strip().splitlines()) == 1  # one plain line, no pypdf chatter
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written


def test_an_include_whose_name_the_font_cannot_print_exits_2(tmp_path):
    make_pdf(tmp_path / "Laufstrecke 🏃.pdf", ROUTE)
    result = invoke(tmp_path, "bundle", "--include", "Laufstrecke 🏃.pdf")
    assert result.exit_code == 2, result.output
    assert "Laufstrecke 🏃.pdf: the file name" in result.output and "U+1F3C3" in result.output
    assert "rename" in result.output and not (tmp_path / "out").exists()


def test_a_title_the_font_cannot_print_exits_2_naming_the_option(tmp_path):
    result = invoke(tmp_path, "bundle", "--title", "Run 🏃")
    assert result.exit_code == 2, result.output
    assert "--title" in result.output and "U+1F3C3" in result.output
    assert not (tmp_path / "out").exists()


def test_the_cover_date_follows_source_date_epoch(tmp_path):
    result = invoke(
        tmp_path, "bundle", "--drill", "pogo-jumps", env={"SOURCE_DATE_EPOCH": "1767225599"}
    )  # 31 December 2025, 23:59:59 UTC
    assert result.exit_code == 0, result.output
    path = tmp_path / "out" / "handout.pdf"
    assert load_labels("en").date(dt.date(2025, 12, 31)) in collapse(page_texts(path)[0])
    assert PdfReader(path).metadata["/CreationDate"].startswith("D:20251231235959")


@pytest.mark.parametrize("value", ["soon", "1.5e9", "99999999999999999999"])
def test_a_source_date_epoch_that_is_not_a_date_exits_2(tmp_path, value):
    result = invoke(tmp_path, "bundle", "--drill", "pogo-jumps", env={"SOURCE_DATE_EPOCH": value})
    assert result.exit_code == 2, result.output
    assert "SOURCE_DATE_EPOCH" in result.output and "Traceback" not in result.output


# --- club branding on every product ------------------------------------------------------------


@pytest.fixture(scope="module")
def branded(tmp_path_factory) -> dict[str, Path]:
    """cards, a drill sheet, a session sheet and a handout made with club.toml in the folder."""
    folder = tmp_path_factory.mktemp("club")
    write_club(folder, **CLUB)
    runs = {
        "cards": ["cards", "pogo-jumps", "butt-kicks"],
        "sheet": ["sheet", "pogo-jumps"],
        "session": ["session", "advanced-coordination"],
        "handout": [
            "bundle",
            "--session",
            "basic-coordination",
            "--drill",
            "pogo-jumps",
            "--cards",
        ],
    }
    paths = {}
    for name, args in runs.items():
        result = invoke(folder, *args, "-o", f"{name}.pdf")
        assert result.exit_code == 0, result.output
        paths[name] = folder / f"{name}.pdf"
    return paths


@pytest.mark.parametrize("product", ["cards", "sheet", "session", "handout"])
def test_the_accent_colour_replaces_the_layouts_own_in_every_product(branded, product):
    reader = PdfReader(branded[product])
    streams = [content(reader, i) for i in range(len(reader.pages))]
    assert fill(CLUB["accent"]) in streams[0]  # the title (or the card's) in the club colour
    assert all(fill(DEFAULT_ACCENT) not in s for s in streams)
    if product == "handout":
        assert all(fill(CLUB["accent"]) in s for s in streams[:2])  # cover and contents too


def test_the_club_name_and_footer_are_on_the_sheet_every_session_page_and_the_cover(branded):
    line = f"{CLUB['name']} · {CLUB['footer']}"
    assert line in collapse(page_texts(branded["sheet"])[0])
    session = [collapse(t) for t in page_texts(branded["session"])]
    assert len(session) >= 2 and all(line in t for t in session)
    handout = [collapse(t) for t in page_texts(branded["handout"])]
    assert handout[0].startswith(f"{CLUB['name']} Running drills {DAY}")
    assert handout[0].endswith(CLUB["footer"])
    assert all(line in t for t in handout[2:4])  # the session and the sheet inside it


def test_the_logo_is_drawn_on_the_sheet_session_pages_and_cover_and_stored_once(branded):
    sheet = PdfReader(branded["sheet"])
    assert len(image_refs(sheet.pages[0]["/Resources"])) == 1
    session = PdfReader(branded["session"])
    assert all(len(image_refs(p["/Resources"])) == 1 for p in session.pages)
    handout = PdfReader(branded["handout"])
    per_page = [image_refs(p["/Resources"]) for p in handout.pages]
    assert per_page[0] and not per_page[1]  # on the cover, not on the contents
    assert all(per_page[2:4])  # the session page and the drill sheet
    assert len(set().union(*per_page)) == 1  # one image object, however many pages show it
    cards = PdfReader(branded["cards"])  # the logo at the foot of every back, stored once
    assert not any(image_refs(p["/Resources"]) for p in cards.pages[0::2])
    assert all(image_refs(p["/Resources"]) for p in cards.pages[1::2])
    assert len(set().union(*(image_refs(p["/Resources"]) for p in cards.pages))) == 1


def test_the_handout_author_is_the_club(branded):
    assert PdfReader(branded["handout"]).metadata.author == CLUB["name"]
    assert pdfinfo(branded["handout"])["Author"] == CLUB["name"]


def test_club_option_overrides_the_club_toml_of_the_folder(tmp_path):
    write_club(tmp_path, **CLUB)
    write_club(tmp_path, "other.toml", name="Hill Runners", accent="#123456")
    result = invoke(tmp_path, "sheet", "pogo-jumps", "--club", "other.toml", "-o", "s.pdf")
    assert result.exit_code == 0, result.output
    text = collapse(page_texts(tmp_path / "s.pdf")[0])
    assert "Hill Runners" in text and CLUB["name"] not in text and CLUB["footer"] not in text
    reader = PdfReader(tmp_path / "s.pdf")
    assert fill("#123456") in content(reader, 0) and fill(CLUB["accent"]) not in content(reader, 0)
    assert not image_refs(reader.pages[0]["/Resources"])  # the other club has no logo
    result = invoke(tmp_path, "bundle", "--drill", "pogo-jumps", "--club", "other.toml")
    assert PdfReader(tmp_path / "out" / "handout.pdf").metadata.author == "Hill Runners"


def _size(path: Path, page: int = 0) -> tuple[int, int]:
    box = PdfReader(path).pages[page].mediabox
    return round(float(box.width)), round(float(box.height))


LETTER, A4_SIZE = (612, 792), (595, 842)


@pytest.mark.parametrize(
    "args",
    [
        ["sheet", "pogo-jumps"],
        ["session", "basic-coordination"],
        ["cards", "pogo-jumps"],
        ["bundle", "--drill", "pogo-jumps"],
    ],
)
def test_the_club_paper_is_the_default_and_paper_wins(tmp_path, args):
    write_club(tmp_path, paper="letter")
    assert invoke(tmp_path, *args, "-o", "club.pdf").exit_code == 0
    assert invoke(tmp_path, *args, "--paper", "a4", "-o", "a4.pdf").exit_code == 0
    assert _size(tmp_path / "club.pdf") == _size(tmp_path / "club.pdf", -1) == LETTER
    assert _size(tmp_path / "a4.pdf") == A4_SIZE


def test_the_club_card_size_is_the_default_and_size_wins(tmp_path):
    write_club(tmp_path, card_size="business")
    club = invoke(tmp_path, "cards", "-o", "club.pdf")
    assert club.exit_code == 0 and "business" in club.output
    assert len(PdfReader(tmp_path / "club.pdf").pages) == 4  # 12 cards, 10 a sheet, with backs
    given = invoke(tmp_path, "cards", "--size", "a7", "-o", "a7.pdf")
    assert given.exit_code == 0 and "A7" in given.output
    assert len(PdfReader(tmp_path / "a7.pdf").pages) == 6  # 4 a sheet
    handout = invoke(tmp_path, "bundle", "--drill", "pogo-jumps", "--cards", "-o", "h.pdf")
    assert handout.exit_code == 0
    assert outline(PdfReader(tmp_path / "h.pdf"))[1][:2] == ("Cards to cut", 3)
    assert len(PdfReader(tmp_path / "h.pdf").pages) == 2 + 1 + 4


@pytest.mark.parametrize("key", ["name", "footer"])
@pytest.mark.parametrize(
    "args",
    [["cards"], ["sheet", "pogo-jumps"], ["session", "basic-coordination"], ["bundle"], ["build"]],
)
def test_club_text_the_font_cannot_print_exits_2_naming_the_file_and_key(tmp_path, key, args):
    write_club(tmp_path, **{key: "Harriers 🏃"})
    result = invoke(tmp_path, *args)
    assert result.exit_code == 2, result.output
    assert f"club.toml.{key}" in result.output and "U+1F3C3" in result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["club.toml"]


@pytest.mark.parametrize("command", [["bundle"], ["build"]])
def test_a_bad_club_file_stops_bundle_and_build_before_anything_is_written(tmp_path, command):
    write_club(tmp_path, accent="maroon")
    result = invoke(tmp_path, *command)
    assert result.exit_code == 2
    assert "club.toml" in result.output and "accent" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["club.toml"]


def test_a_club_handout_reads_well_in_any_pdf_reader(branded):
    """pypdf in strict mode and qpdf --check accept it: no broken references from the merge."""
    reader = PdfReader(branded["handout"], strict=True)
    assert len(reader.pages) == 2 + 3 + 1 + 6  # front, basic-coordination, a sheet, the cards
    check = subprocess.run(
        [program("qpdf"), "--check", str(branded["handout"])], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
