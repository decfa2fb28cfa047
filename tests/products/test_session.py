"""Session sheets end to end: what a coach finds on each printed page of a training plan.

Everything is read back from the real PDF: pdfium for text and its position, zxing for the QR
codes of a pdfium rendering, pypdf for the link annotations.
"""

from __future__ import annotations

import io
import itertools
import math
import re
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from pypdf import PdfReader

from cards import GlyphError, Session, SessionItem, load_library, render_session
from cards.options import Options
from tests.conftest import (
    BUILTIN,
    ROOT,
    as_written,
    collapse,
    make_drill,
    page_sizes,
    page_texts,
)
from tests.tools import program

PAPERS = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}
MM = 72 / 25.4
DPI = 200
LONG_IDS = [
    "ankle-drill",
    "pogo-jumps",
    "high-knees",
    "straight-leg-bounds",
    "heel-knee-lift-combination",
] * 3
HEADINGS = ("WARM-UP", "DRILLS", "COOL-DOWN", "NOTES", "COACH'S NOTES")
DETAILS = "THE DRILLS IN DETAIL"  # after the plan at a glance


# --- reading a rendered session back ----------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """One drill's block as found on the page: from its name line down to the next boundary."""

    number: int
    item: SessionItem
    drill: object
    page: int
    top: float  # points from the page's bottom edge
    bottom: float


def _lines(pdf: bytes, page: int) -> list[tuple[str, float]]:
    """Each text line of a page, with the top of its first character (points from the bottom)."""
    doc = pdfium.PdfDocument(pdf)
    try:
        textpage = doc[page].get_textpage()
        text = textpage.get_text_range()
        lines, start = [], 0
        for line in text.split("\r\n"):
            if line.strip():
                assert textpage.get_text_range(start, len(line)) == line
                lines.append((line, textpage.get_charbox(start)[3]))
            start += len(line) + 2
        return lines
    finally:
        doc.close()


def _band_text(pdf: bytes, page: int, bottom: float, top: float) -> str:
    doc = pdfium.PdfDocument(pdf)
    try:
        width, _ = doc[page].get_size()
        return collapse(doc[page].get_textpage().get_text_bounded(0, bottom, width, top))
    finally:
        doc.close()


def _blocks(result, session: Session, library) -> list[Block]:
    """Every drill block in session order; fails if a name is missing or out of order.

    pdfium sometimes joins a block's short lines into one ("1. Plain drill • Stay tall ..."),
    so a block starts at the line that begins with its number and name.
    """
    flow = _flow(result)
    expected = [
        f"{n}. {library.drill(item.drill).name}" for n, item in enumerate(session.items, start=1)
    ]
    found: list[Block] = []
    for page in range(result.pages):
        below = _details_top(result, page)
        if below is None:
            continue  # the plan at a glance: its rows name the drills too
        lines = [(text, top) for text, top in _lines(result.pdf, page) if top < below]
        boundaries = sorted((top for text, top in lines if _is_boundary(text)), reverse=True)
        for text, top in lines:
            number = len(found) + 1
            if number <= len(expected) and _starts(text, expected[number - 1]):
                below = [b for b in boundaries if b < top - 1]
                bottom = below[0] + 2 if below else flow.y
                item = session.items[number - 1]
                found.append(Block(number, item, library.drill(item.drill), page, top + 4, bottom))
        numbered = [text for text, _ in lines if re.match(r"\d+\. ", text)]
        assert all(any(_starts(text, name) for name in expected) for text in numbered), numbered
    assert [f"{b.number}. {b.drill.name}" for b in found] == expected, "names out of order"
    return found


def _details_top(result, page: int) -> float | None:
    """Where the drills in detail begin on a page (points from the bottom): under their heading
    on the page that has it, the whole page after it, None on a page of the plan before it."""
    for number in range(page + 1):
        tops = [top for text, top in _lines(result.pdf, number) if _starts(text, DETAILS)]
        if tops:
            return tops[0] if number == page else math.inf
    return None


def _starts(text: str, prefix: str) -> bool:
    return text == prefix or text.startswith(prefix + " ")


def _is_boundary(text: str) -> bool:
    """A drill's name line, or a heading after the drills."""
    return bool(re.match(r"\d+\. ", text)) or any(_starts(text, h) for h in HEADINGS[2:])


def _squash(text: str) -> str:
    """No whitespace at all: pdfium may break a line inside "<yours>" where none was printed;
    a word or host broken at a line's end whole again."""
    return re.sub(r"\s+", "", as_written(text))


def _flow(result):
    [flow] = [box for box in result.layout.face("page") if box.kind == "flow"]
    return flow


def _codes(pdf: bytes, page: int) -> list[tuple[str, float, float, float]]:
    """(text, centre x, centre y, side in mm) of each QR code on a page, rendered at DPI."""
    doc = pdfium.PdfDocument(pdf)
    try:
        _, height = doc[page].get_size()
        image = doc[page].render(scale=DPI / 72).to_pil()
    finally:
        doc.close()
    found = []
    for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
        p = code.position
        corners = (p.top_left, p.top_right, p.bottom_left, p.bottom_right)
        cx = sum(c.x for c in corners) / 4 * 72 / DPI
        cy = height - sum(c.y for c in corners) / 4 * 72 / DPI
        side = math.dist((p.top_left.x, p.top_left.y), (p.top_right.x, p.top_right.y))
        found.append((code.text, cx, cy, side * 72 / DPI / MM))
    return found


def _links(pdf: bytes) -> list[list[tuple[str, tuple[float, ...]]]]:
    """Per page, each /Link annotation's URI and rectangle, read by pypdf."""
    reader = PdfReader(io.BytesIO(pdf), strict=True)
    pages = []
    for page in reader.pages:
        links = []
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/Subtype") == "/Link":
                links.append((annot["/A"]["/URI"], tuple(float(v) for v in annot["/Rect"])))
        pages.append(links)
    return pages


def _check_block_fields(result, block: Block) -> None:
    band = _band_text(result.pdf, block.page, block.bottom, block.top)
    drill, item = block.drill, block.item
    where = f"item {block.number} ({drill.id}) on page {block.page + 1}"
    assert band.startswith(f"{block.number}. {drill.name}"), where
    dosage = item.dosage or drill.dosage
    if dosage:
        assert dosage in band, where
    for cue in drill.cues:
        assert cue in band, (where, cue)
    for fault in drill.faults:
        assert fault.fault in band and fault.fix in band, (where, fault)
    if item.notes:
        assert f"Note: {item.notes}" in band, where


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def library():
    return load_library(ROOT / "drills.json")


def _long_session() -> Session:
    items = tuple(
        SessionItem(drill, f"{n} × 10 m" if n % 2 == 0 else None, f"Set {n} of 15")
        for n, drill in enumerate(LONG_IDS, start=1)
    )
    return Session(
        "long-run",
        "A long run of drills",
        items,
        warmup="Jog 10 min.",
        cooldown="Walk 5 min.",
        notes="Count the sets.",
    )


@pytest.fixture(scope="module")
def rendered(library):
    """(session, result) by name: both built-in sessions on both papers, and a long session."""
    cache = {}

    def get(name: str, paper: str = "a4"):
        if (name, paper) not in cache:
            session = (
                _long_session()
                if name == "long"
                else next(s for s in library.sessions if s.id == name)
            )
            cache[name, paper] = session, render_session(library, Options(paper), session)
        return cache[name, paper]

    return get


BUILTIN_SESSIONS = [s["id"] for s in BUILTIN["sessions"]]
ALL_SESSIONS = [*BUILTIN_SESSIONS, "long"]


# --- what is on the pages ---------------------------------------------------------------------


def test_the_builtin_library_has_the_two_sessions_these_tests_expect(library):
    assert BUILTIN_SESSIONS == ["basic-coordination", "advanced-coordination"]
    advanced = library.sessions[1]
    assert [i.drill for i in advanced.items].count("straight-leg-bounds") == 2


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("name", BUILTIN_SESSIONS)
def test_every_item_prints_in_order_with_all_its_fields(rendered, library, name, paper):
    session, result = rendered(name, paper)
    assert result.session_id == name
    assert len(page_texts(result.pdf)) == result.pages >= 2
    for size in page_sizes(result.pdf):
        assert size == pytest.approx(PAPERS[paper], abs=0.5)
    for block in _blocks(result, session, library):
        _check_block_fields(result, block)
    text = collapse(" ".join(page_texts(result.pdf)))
    for part in (
        session.title,
        f"{len(session.items)} drills",
        session.warmup,
        session.cooldown,
        session.notes,
        "WARM-UP",
        "COOL-DOWN",
        "COACH'S NOTES",
    ):
        assert part in text, part
    first = collapse(page_texts(result.pdf)[0])
    assert first.index(session.warmup) < first.index("1. ")
    last = f"{len(session.items)}. {library.drill(session.items[-1].drill).name}"
    assert (
        text.index(last)
        < text.index(session.cooldown)
        < text.index(session.notes)
        < text.index("COACH'S NOTES")
    )


@pytest.mark.parametrize("name", ALL_SESSIONS)
def test_every_page_has_a_running_header_with_title_and_page_n_of_m(rendered, name):
    session, result = rendered(name)
    flow = _flow(result)
    texts = page_texts(result.pdf)
    for number, text in enumerate(texts, start=1):
        _, height = page_sizes(result.pdf)[number - 1]
        header = _band_text(result.pdf, number - 1, flow.y + flow.height, height)
        assert session.title in header and f"page {number} of {len(texts)}" in header, header
        assert re.findall(r"page \d+ of \d+", collapse(text)) == [f"page {number} of {len(texts)}"]


def test_the_same_drill_twice_prints_twice_each_with_its_own_dosage_and_notes(rendered, library):
    session, result = rendered("advanced-coordination")
    blocks = [b for b in _blocks(result, session, library) if b.drill.id == "straight-leg-bounds"]
    assert [b.number for b in blocks] == [3, 7]
    short, long = (_band_text(result.pdf, b.page, b.bottom, b.top) for b in blocks)
    assert "2 × 15 m, walk back" in short and "Short set" in short
    assert "2 × 30 m, walk back" not in short and "Long set" not in short
    assert "2 × 30 m, walk back" in long and "Long set" in long
    assert "2 × 15 m, walk back" not in long and "Short set" not in long
    drill_dosage = library.drill("straight-leg-bounds").dosage
    assert drill_dosage not in short and drill_dosage not in long


def test_a_long_session_runs_over_several_pages_and_no_block_splits(rendered, library):
    session, result = rendered("long")
    assert len(session.items) == 15
    # the plan, then about three drills to an A4 page: anything far off means blocks are lost
    # or squeezed
    assert 5 <= result.pages <= 9
    blocks = _blocks(result, session, library)
    for block in blocks:
        _check_block_fields(result, block)
    per_page = Counter(b.page for b in blocks)
    # every page from the first drill's holds drills, the last one too
    first = min(per_page)
    assert sorted(per_page) == list(range(first, result.pages))
    assert all(per_page[p] >= 2 for p in range(first, result.pages - 1)), per_page
    for page in range(first, result.pages):
        # a block's notes are unique, so each sits only on its drill's page (the plan's rows
        # above the drills show them too)
        below = _details_top(result, page)
        text = " ".join(line for line, top in _lines(result.pdf, page) if top < below)
        sets = [int(n) for n in re.findall(r"Set (\d+) of 15", text)]
        assert sets == [b.number for b in blocks if b.page == page]
    text = collapse(" ".join(page_texts(result.pdf)))
    assert text.index("Set 15 of 15") < text.index("Walk 5 min.") < text.index("COACH'S NOTES")


@pytest.mark.parametrize("name", ALL_SESSIONS)
def test_each_drill_has_its_own_code_beside_its_block(rendered, library, name):
    session, result = rendered(name)
    blocks = _blocks(result, session, library)
    for page in range(result.pages):
        width, _ = page_sizes(result.pdf)[page]
        below = _details_top(result, page) or 0  # the plan's small codes are tested elsewhere
        codes = [c for c in _codes(result.pdf, page) if c[2] < below]
        on_page = [b for b in blocks if b.page == page]
        assert sorted(c[0] for c in codes) == sorted(b.drill.video for b in on_page)
        for block in on_page:
            inside = [c for c in codes if block.bottom < c[2] < block.top]
            assert [c[0] for c in inside] == [block.drill.video], (page, block.number)
            [(_, cx, _, side)] = inside
            assert cx > width * 0.7, "the code sits on the right, beside the drill's text"
            assert side >= 18, f"code is {side:.1f} mm"


@pytest.mark.parametrize("name", ALL_SESSIONS)
def test_every_page_links_to_the_videos_of_its_drills(rendered, library, name):
    session, result = rendered(name)
    blocks = _blocks(result, session, library)
    qr_side = result.layout.length("qr_size")
    assert qr_side >= 18 * MM
    links = _links(result.pdf)
    assert len(links) == result.pages
    for page, page_links in enumerate(links):
        below = _details_top(result, page) or 0  # the plan's codes link too: tested elsewhere
        page_links = [(uri, rect) for uri, rect in page_links if rect[3] < below]
        on_page = [b for b in blocks if b.page == page]
        assert sorted(uri for uri, _ in page_links) == sorted(b.drill.video for b in on_page)
        for block in on_page:
            [(x0, y0, x1, y1)] = [
                rect
                for uri, rect in page_links
                if uri == block.drill.video and block.bottom < (rect[1] + rect[3]) / 2 < block.top
            ]
            assert x1 - x0 == pytest.approx(qr_side, abs=0.5)
            assert y1 - y0 == pytest.approx(qr_side, abs=0.5)


@pytest.mark.parametrize("name", ALL_SESSIONS)
def test_the_coachs_notes_box_is_ruled_on_the_last_page(rendered, name):
    _, result = rendered(name)
    texts = page_texts(result.pdf)
    assert ["COACH'S NOTES" in t for t in texts] == [False] * (len(texts) - 1) + [True]
    flow = _flow(result)
    [label_top] = [
        top for text, top in _lines(result.pdf, len(texts) - 1) if text == "COACH'S NOTES"
    ]
    rows = _ruled_rows(result.pdf, len(texts) - 1, flow, label_top - 9, flow.y - 2)
    # the box's top edge, the ruled lines evenly spaced below it, then the box's bottom edge
    assert len(rows) >= 5, rows
    assert rows[0] < 6, "the box starts right under its label"
    spacing = result.layout.length("notes_line")
    gaps = [b - a for a, b in itertools.pairwise(rows)]
    assert all(g == pytest.approx(spacing, abs=1.5) for g in gaps[:-1]), gaps
    assert 0 < gaps[-1] < 1.6 * spacing
    assert rows[-1] >= result.layout.length("notes_height") - 20
    assert rows[-1] == pytest.approx(label_top - 9 - flow.y, abs=6), "it fills the page"


def _ruled_rows(pdf: bytes, page: int, flow, top: float, bottom: float) -> list[float]:
    """Positions (points down from `top`) of lines drawn across nearly the whole flow width."""
    scale = 2.0
    doc = pdfium.PdfDocument(pdf)
    try:
        _, height = doc[page].get_size()
        image = doc[page].render(scale=scale, grayscale=True).to_pil().convert("L")
    finally:
        doc.close()
    left, right = int((flow.x + 8) * scale), int((flow.x + flow.width - 8) * scale)
    rows, previous = [], False
    for y in range(int((height - top) * scale), int((height - bottom) * scale)):
        dark = sum(1 for x in range(left, right, 2) if image.getpixel((x, y)) < 245)
        ruled = dark > 0.95 * len(range(left, right, 2))
        if ruled and not previous:
            rows.append(y / scale - (height - top))
        previous = ruled
    return rows


@pytest.mark.parametrize("name", ALL_SESSIONS)
def test_a_thin_line_parts_two_drills_on_a_page_but_none_starts_a_page(rendered, library, name):
    session, result = rendered(name)
    flow = _flow(result)
    blocks = _blocks(result, session, library)
    for page in range(result.pages):
        on_page = [b for b in blocks if b.page == page]
        if not on_page:
            continue
        top = flow.y + flow.height + 10  # just under the running header
        assert _ruled_rows(result.pdf, page, flow, top, on_page[0].top) == [], page
        for below in on_page[1:]:
            # the line lies in the gap just above the name (block.top is 4 pt above it)
            rows = _ruled_rows(result.pdf, page, flow, below.top + 10, below.top - 4)
            assert len(rows) == 1, (page, below.number, rows)


# --- the command line -------------------------------------------------------------------------


def test_an_ad_hoc_session_from_the_command_line(run, tmp_path):
    result = run(
        "session",
        "--title",
        "Tuesday track",
        "--date",
        "2026-12-01",
        "--notes",
        "Bring spikes",
        "ankle-drill",
        "pogo-jumps",
    )
    assert result.exit_code == 0, result.output
    path = tmp_path / "out" / "sessions" / "tuesday-track.pdf"
    assert "tuesday-track.pdf" in result.output
    assert [p.name for p in (tmp_path / "out" / "sessions").iterdir()] == ["tuesday-track.pdf"]
    texts = [collapse(t) for t in page_texts(path)]
    first = texts[0]
    assert "Tuesday track" in first and "1 December 2026" in first and "2 drills" in first
    assert first.index("1. Ankle drill") < first.index("2. Pogo jumps")
    assert "Bring spikes" in " ".join(texts)
    assert "WARM-UP" not in first and "COOL-DOWN" not in " ".join(texts)
    assert PdfReader(path).metadata.title == "Tuesday track"


@pytest.mark.parametrize(
    ("title", "file_name"),
    [
        ("Hügel & Tempo: Woche 3!", "hugel-tempo-woche-3.pdf"),
        ("../../etc/passwd", "etc-passwd.pdf"),
        ("CON", "session.pdf"),
        ("Ωμέγα", "session.pdf"),
        ("  Week 3 — 'hills', <b>fast</b>  ", "week-3-hills-b-fast-b.pdf"),
    ],
)
def test_a_title_with_accents_or_punctuation_gets_a_safe_file_name(run, tmp_path, title, file_name):
    result = run("session", "--title", title, "ankle-drill")
    assert result.exit_code == 0, result.output
    written = [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()]
    assert written == [f"out/sessions/{file_name}"]
    text = collapse(page_texts(tmp_path / "out" / "sessions" / file_name)[0])
    assert _squash(title) in _squash(text), "the title prints literally"
    assert "1 drill" in text and "1 drills" not in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--title", "Hills", "ankle-drll"], 'did you mean "ankle-drill"?'),
        (["--title", "Hills", "ankle-drill", "pogo-jump"], 'did you mean "pogo-jumps"?'),
        (["--title", "Hills"], "give the ids of the drills"),
        (["--title", "Hills", "--date", "2026-02-30", "ankle-drill"], "--date"),
        (["--title", "Hills", "--date", "tomorrow", "ankle-drill"], "--date"),
        (["--title", "Hills", "--date", "01.12.2026", "ankle-drill"], "--date"),
        (["--title", "   ", "ankle-drill"], "--title"),
        (["--title", "x" * 61, "ankle-drill"], "--title"),
        (["--title", "Hills", "--notes", "n" * 301, "ankle-drill"], "--notes"),
        (["basic-cordination"], 'did you mean "basic-coordination"?'),
        (["no-such-session"], "basic-coordination, advanced-coordination"),
        ([], "Give one session id"),
        (["basic-coordination", "advanced-coordination"], "Give one session id"),
    ],
)
def test_command_line_mistakes_exit_2_and_write_nothing(run, tmp_path, args, message):
    result = run("session", *args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_notes_given_for_a_session_of_the_library_replace_its_notes(run, tmp_path):
    result = run(
        "session", "basic-coordination", "--notes", "Rain plan: indoors.", "--date", "2026-03-07"
    )
    assert result.exit_code == 0, result.output
    text = collapse(" ".join(page_texts(tmp_path / "out/sessions/basic-coordination.pdf")))
    assert "Rain plan: indoors." in text
    assert "Quality over quantity" not in text
    assert "7 March 2026" in text and "6 drills" in text


def test_output_option_and_letter_paper(run, tmp_path):
    result = run("session", "advanced-coordination", "--paper", "letter", "-o", "plans/adv.pdf")
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "out").exists()
    sizes = page_sizes(tmp_path / "plans" / "adv.pdf")
    assert len(sizes) >= 2
    assert all(s == pytest.approx(PAPERS["letter"], abs=0.5) for s in sizes)
    assert "Letter" in result.output


def test_a_session_from_a_drills_file(run, tmp_path, drills_file):
    plain = make_drill(id="plain", name="Plain drill", dosage=None)
    dosed = make_drill(
        id="dosed", name="Dosed drill", dosage="4 × 40 m", video="https://example.org/videos/dosed"
    )
    session = {
        "id": "mine",
        "title": "Mine & <yours>",
        "items": [
            {"drill": "plain"},
            {"drill": "dosed"},
            {"drill": "plain", "dosage": "1 × 60 m", "notes": "Last <b>one</b>"},
        ],
    }
    path = drills_file({"drills": [plain, dosed], "sessions": [session]})
    result = run("session", "mine", "--drills", path)
    assert result.exit_code == 0, result.output
    pdf = (tmp_path / "out/sessions/mine.pdf").read_bytes()
    library = load_library(path)
    rendered = render_session(library, Options(), library.sessions[0])
    assert pdf == rendered.pdf
    blocks = _blocks(rendered, library.sessions[0], library)
    bands = [_band_text(pdf, b.page, b.bottom, b.top) for b in blocks]
    assert "×" not in bands[0], "no dosage line when neither drill nor item has one"
    assert "4 × 40 m" in bands[1] and "1 × 60 m" in bands[2]
    assert _squash("Note: Last <b>one</b>") in _squash(bands[2])
    assert _squash("Mine & <yours>") in _squash(page_texts(pdf)[0])
    assert "WARM-UP" not in collapse(page_texts(pdf)[0])


def test_an_unknown_drill_in_a_session_of_the_file_is_named_with_its_place(
    run, tmp_path, drills_file
):
    session = {
        "id": "weekly",
        "title": "Weekly",
        "items": [{"drill": "test-drill"}, {"drill": "test-dril"}],
    }
    path = drills_file({"drills": [make_drill()], "sessions": [session]})
    for command in (["session", "weekly"], ["build"], ["cards"]):
        result = run(*command, "--drills", path)
        assert result.exit_code == 2, result.output
        assert 'sessions[0] ("weekly").items[1].drill' in result.output
        assert 'did you mean "test-drill"?' in result.output
        assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"title": "Run 🏃"}, "title"),
        ({"warmup": "Jog 跳"}, "warmup"),
        ({"cooldown": "Walk 🏃"}, "cooldown"),
        ({"notes": "Fun 🏃"}, "notes"),
        ({"items": [{"drill": "test-drill", "notes": "Hop 跳"}]}, "items[0].notes"),
        (
            {"items": [{"drill": "test-drill"}, {"drill": "test-drill", "dosage": "2 🏃"}]},
            "items[1].dosage",
        ),
    ],
)
def test_a_character_the_font_lacks_is_named_with_its_place(
    run, tmp_path, drills_file, change, where
):
    session = {"id": "weekly", "title": "Weekly", "items": [{"drill": "test-drill"}], **change}
    path = drills_file({"drills": [make_drill()], "sessions": [session]})
    result = run("session", "weekly", "--drills", path)
    assert result.exit_code == 2, result.output
    assert f'sessions[0] ("weekly").{where}: the character' in result.output
    assert "U+1F3C3" in result.output or "U+8DF3" in result.output
    assert not (tmp_path / "out").exists()
    library = load_library(path)
    with pytest.raises(GlyphError, match=re.escape(where)):
        render_session(library, Options(), library.sessions[0])


@pytest.mark.parametrize(
    "args",
    [
        ["--title", "Run 🏃", "ankle-drill"],
        ["--title", "Run", "--notes", "Fun 🏃", "ankle-drill"],
        ["basic-coordination", "--notes", "Fun 🏃"],
    ],
)
def test_a_character_the_font_lacks_on_the_command_line_names_the_option(run, tmp_path, args):
    result = run("session", *args)
    assert result.exit_code == 2, result.output
    option = "--notes" if "--notes" in args else "--title"
    assert f"the command line: {option}: the character" in result.output
    assert "U+1F3C3" in result.output
    assert not (tmp_path / "out").exists()


def test_a_long_video_host_prints_under_its_code(drills_file):
    host = "a-very-long-hostname-for-videos.training-portal.example.com"
    drill = make_drill(video=f"https://{host}/drills/test-drill")
    session = {"id": "s", "title": "S", "items": [{"drill": "test-drill"}] * 2}
    library = load_library(drills_file({"drills": [drill], "sessions": [session]}))
    result = render_session(library, Options(), library.sessions[0])
    codes = [c for c in _codes(result.pdf, 0) if c[2] < _details_top(result, 0)]
    assert [c[0] for c in codes] == [drill["video"]] * 2
    doc = pdfium.PdfDocument(result.pdf)
    try:
        for _, cx, cy, side in codes:
            half = side * MM / 2
            below = (
                doc[0]
                .get_textpage()
                .get_text_bounded(cx - half - 10, cy - half - 40, cx + half + 10, cy - half)
            )
            assert _squash(host[:30]) in _squash(below), below
    finally:
        doc.close()


def test_a_host_too_wide_for_the_caption_is_clipped_not_refused(run, tmp_path, drills_file):
    """Any link within the limits prints: the host under the code is cut, with an ellipsis."""
    drill = make_drill(video=f"https://{'m' * 60}.com/x")
    session = {"id": "s", "title": "S", "items": [{"drill": "test-drill"}]}
    result = run(
        "session", "s", "--drills", drills_file({"drills": [drill], "sessions": [session]})
    )
    assert result.exit_code == 0, result.output
    text = collapse(page_texts(tmp_path / "out" / "sessions" / "s.pdf")[0])
    assert "mmmmmmmmmm" in text and "…" in text


# --- the file itself --------------------------------------------------------------------------


def test_rendering_twice_gives_the_same_bytes(rendered, library):
    session, result = rendered("advanced-coordination")
    assert render_session(library, Options(), session).pdf == result.pdf


def test_two_runs_of_the_command_write_the_same_bytes(run, tmp_path):
    args = (
        "session",
        "--title",
        "Tuesday track",
        "--date",
        "2026-12-01",
        "ankle-drill",
        "pogo-jumps",
        "ankle-drill",
    )
    assert run(*args).exit_code == 0
    first = (tmp_path / "out/sessions/tuesday-track.pdf").read_bytes()
    assert run(*args).exit_code == 0
    assert (tmp_path / "out/sessions/tuesday-track.pdf").read_bytes() == first


@pytest.mark.parametrize("name", ALL_SESSIONS)
def test_pypdf_reads_it_strictly_without_warnings(rendered, name, caplog):
    _, result = rendered(name)
    with caplog.at_level("WARNING", logger="pypdf"):
        reader = PdfReader(io.BytesIO(result.pdf), strict=True)
        assert len(reader.pages) == result.pages
        for page in reader.pages:
            assert page.extract_text()
    assert not caplog.records


@pytest.mark.parametrize("name", ALL_SESSIONS)
def test_poppler_reads_it_without_complaint(rendered, name, tmp_path):
    _, result = rendered(name)
    path = tmp_path / "session.pdf"
    path.write_bytes(result.pdf)
    info = subprocess.run(
        [program("pdfinfo"), str(path)], capture_output=True, text=True, check=False
    )
    assert info.returncode == 0 and info.stderr == ""
    assert f"Pages:           {result.pages}" in info.stdout


def test_the_pages_reported_match_the_file(rendered, tmp_path):
    for name in ALL_SESSIONS:
        _, result = rendered(name)
        doc = pdfium.PdfDocument(result.pdf)
        try:
            assert len(doc) == result.pages
        finally:
            doc.close()
    assert not list(Path(tmp_path).iterdir()), "rendering writes nothing"
