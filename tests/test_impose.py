"""Imposition: how many cards fit a sheet, where they go, crop marks, and mirrored backs.

The geometry is checked against numbers worked out by hand, then the real PDF is read back with
pdfium, pypdf and poppler: QR codes where the cards are, backs behind their fronts, marks drawn.
"""

from __future__ import annotations

import io
import itertools
import logging
import math
import os
import re
import subprocess
import sys

import pypdfium2 as pdfium
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

import cards
from cards.impose import MARK_MAX, MARK_MIN, crop_marks, plan_sheet
from cards.options import Options
from cards.render.layout import load_card_layout
from cards.render.units import mm
from tests.conftest import ROOT, as_written, decode_qr_codes, page_sizes, text_in_rect
from tests.tools import program

# Nominal trim sizes (width x height, mm) and papers (mm), as promised to coaches.
CARDS_MM = {
    "a7": (74.0, 105.0),
    "a6": (105.0, 148.0),
    "business": (85.0, 55.0),
    "index-3x5": (127.0, 76.2),
    "poker": (63.5, 88.9),
}
PAPERS_MM = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}

# Printer margin 5 mm + mark offset 2 mm + shortest mark 3 mm between a card and the paper edge.
CLEARANCE_MM = 10.0
PRINTER_MARGIN_MM = 5.0

# (cols, rows, turned 90°) worked out by hand. Room for cards: A4 190 x 277 mm, Letter
# 195.9 x 259.4 mm; cards turn only when strictly more fit that way.
EXPECTED = {
    # upright 2x74=148, 2x105=210 → 4; turned 1x105, 3x74=222 → 3
    ("a7", "a4"): (2, 2, False),
    ("a7", "letter"): (2, 2, False),
    # upright 1x1; turned 1x148 wide, 2x105=210 tall → 2
    ("a6", "a4"): (1, 2, True),
    ("a6", "letter"): (1, 2, True),
    # upright 2x85=170, 5x55=275 ≤ 277 → 10; turned 3x55, 3x85 → 9
    ("business", "a4"): (2, 5, False),
    # upright 2x85, 4x55 (5x55=275 > 259.4) → 8; turned 3x55=165, 3x85=255 → 9
    ("business", "letter"): (3, 3, True),
    # upright 1x127, 3x76.2 → 3; turned 2x76.2=152.4, 2x127=254 → 4
    ("index-3x5", "a4"): (2, 2, True),
    ("index-3x5", "letter"): (2, 2, True),
    # upright 2x63.5 (3x63.5=190.5 > 190), 3x88.9 → 6; turned 2x88.9, 4x63.5=254 → 8
    ("poker", "a4"): (2, 4, True),
    # upright 3x63.5, 2x88.9 (3x88.9=266.7 > 259.4) → 6; turned 2x88.9, 4x63.5 → 8
    ("poker", "letter"): (2, 4, True),
}
COMBOS = sorted(EXPECTED)
EPS = 1e-6  # points; for comparisons that are exact up to float rounding
TOL = mm(0.1)


def apply(transform, x: float, y: float) -> tuple[float, float]:
    """Where a point of a card lands on the sheet under an affine transform (a, b, c, d, e, f)."""
    a, b, c, d, e, f = transform
    return a * x + c * y + e, b * x + d * y + f


def combo_id(combo: tuple[str, str]) -> str:
    return "/".join(combo)


def sheet_for(size: str, paper: str):
    width, height = CARDS_MM[size]
    return plan_sheet(paper, mm(width), mm(height))


def paper_points(paper: str) -> tuple[float, float]:
    width, height = PAPERS_MM[paper]
    return mm(width), mm(height)


def card_corners(sheet) -> list[tuple[float, float]]:
    return [
        (0.0, 0.0),
        (sheet.card_width, 0.0),
        (0.0, sheet.card_height),
        (sheet.card_width, sheet.card_height),
    ]


def bbox(points) -> tuple[float, float, float, float]:
    xs, ys = zip(*points, strict=True)
    return min(xs), min(ys), max(xs), max(ys)


def rect_bounds(rect) -> tuple[float, float, float, float]:
    x, y, w, h = rect
    return x, y, x + w, y + h


def close(a, b, tol: float = 1e-4) -> bool:
    return all(math.isclose(p, q, abs_tol=tol) for p, q in zip(a, b, strict=True))


def mirrored(sheet, rect) -> tuple[float, float, float, float]:
    x, y, w, h = rect
    return sheet.width - x - w, y, w, h


# ---- the plan ------------------------------------------------------------------------------


@pytest.mark.parametrize("size", sorted(CARDS_MM))
def test_layout_sizes_are_the_nominal_trim_sizes(size):
    layout = load_card_layout(size)
    width, height = CARDS_MM[size]
    assert layout.width == pytest.approx(mm(width), abs=TOL)
    assert layout.height == pytest.approx(mm(height), abs=TOL)


@pytest.mark.parametrize("paper", sorted(PAPERS_MM))
def test_paper_sizes(paper):
    sheet = sheet_for("a7", paper)
    assert (sheet.width, sheet.height) == pytest.approx(paper_points(paper), abs=0.01)


@pytest.mark.parametrize("combo", COMBOS, ids=combo_id)
def test_cards_per_sheet(combo):
    cols, rows, rotated = EXPECTED[combo]
    sheet = sheet_for(*combo)
    assert (sheet.cols, sheet.rows, sheet.rotated) == (cols, rows, rotated)
    assert sheet.per_sheet == cols * rows


@pytest.mark.parametrize("combo", COMBOS, ids=combo_id)
def test_slots_are_whole_cards_inside_the_margins_centred_and_apart(combo):
    sheet = sheet_for(*combo)
    width, height = paper_points(combo[1])
    card_w, card_h = (mm(v) for v in CARDS_MM[combo[0]])
    cell = (card_h, card_w) if sheet.rotated else (card_w, card_h)
    rects = [sheet.slot_rect(slot) for slot in range(sheet.per_sheet)]
    clearance = mm(CLEARANCE_MM)
    for rect in rects:
        x0, y0, x1, y1 = rect_bounds(rect)
        assert rect[2:] == pytest.approx(cell, abs=TOL), "the card lost its nominal size"
        assert x0 >= clearance - EPS and y0 >= clearance - EPS
        assert width - x1 >= clearance - EPS and height - y1 >= clearance - EPS
    for a, b in itertools.combinations(rects, 2):
        ax0, ay0, ax1, ay1 = rect_bounds(a)
        bx0, by0, bx1, by1 = rect_bounds(b)
        overlap_w = min(ax1, bx1) - max(ax0, bx0)
        overlap_h = min(ay1, by1) - max(ay0, by0)
        assert overlap_w <= EPS or overlap_h <= EPS, f"slots {a} and {b} overlap"
    # Butted edge to edge: the grid is exactly cols x rows cells, with no gutters.
    gx0, gy0, gx1, gy1 = bbox([p for r in rects for p in (r[:2], (r[0] + r[2], r[1] + r[3]))])
    assert gx1 - gx0 == pytest.approx(sheet.cols * cell[0], abs=EPS)
    assert gy1 - gy0 == pytest.approx(sheet.rows * cell[1], abs=EPS)
    # Centred on the paper.
    assert gx0 == pytest.approx(width - gx1, abs=EPS)
    assert gy0 == pytest.approx(height - gy1, abs=EPS)


@pytest.mark.parametrize("combo", COMBOS, ids=combo_id)
def test_slots_run_row_by_row_from_the_top_left(combo):
    sheet = sheet_for(*combo)
    first, second, last = (sheet.slot_rect(s) for s in (0, 1, sheet.per_sheet - 1))
    grid = bbox([(r[0], r[1]) for r in map(sheet.slot_rect, range(sheet.per_sheet))])
    assert first[0] == pytest.approx(grid[0]) and first[1] == pytest.approx(grid[3])
    if sheet.cols > 1:
        assert second[0] > first[0] and second[1] == pytest.approx(first[1])
    assert last[0] == pytest.approx(grid[2]) and last[1] == pytest.approx(grid[1])


@pytest.mark.parametrize("combo", COMBOS, ids=combo_id)
def test_front_puts_the_card_unmirrored_on_its_slot(combo):
    sheet = sheet_for(*combo)
    for slot in range(sheet.per_sheet):
        t = sheet.front_transform(slot)
        corners = [apply(t, *p) for p in card_corners(sheet)]
        assert close(bbox(corners), rect_bounds(sheet.slot_rect(slot)))
        a, b, c, d, _, _ = t
        assert a * d - b * c == pytest.approx(1.0), "front text would be mirrored or scaled"


def near_exact_fit(room: float, card: float) -> bool:
    return abs(room / card - round(room / card)) * card < 1e-3


@settings(max_examples=150, deadline=None)
@given(st.floats(20, 210), st.floats(20, 210), st.sampled_from(sorted(PAPERS_MM)))
def test_any_card_size_gets_the_most_cards_with_clearance(width_mm, height_mm, paper):
    room_w, room_h = (v - 2 * CLEARANCE_MM for v in PAPERS_MM[paper])
    assume(not any(near_exact_fit(r, c) for r in (room_w, room_h) for c in (width_mm, height_mm)))
    upright = (int(room_w // width_mm), int(room_h // height_mm))
    turned = (int(room_w // height_mm), int(room_h // width_mm))
    if max(math.prod(upright), math.prod(turned)) == 0:
        with pytest.raises(ValueError):
            plan_sheet(paper, mm(width_mm), mm(height_mm))
        return
    sheet = plan_sheet(paper, mm(width_mm), mm(height_mm))
    rotated = math.prod(turned) > math.prod(upright)  # turn only when strictly more fit
    assert (sheet.cols, sheet.rows, sheet.rotated) == (*(turned if rotated else upright), rotated)
    for slot in range(sheet.per_sheet):
        x0, y0, x1, y1 = rect_bounds(sheet.slot_rect(slot))
        assert min(x0, y0, sheet.width - x1, sheet.height - y1) >= mm(CLEARANCE_MM) - EPS
    for x1, y1, x2, y2 in crop_marks(sheet):
        for v, limit in (
            (x1, sheet.width),
            (x2, sheet.width),
            (y1, sheet.height),
            (y2, sheet.height),
        ):
            assert mm(PRINTER_MARGIN_MM) - EPS <= v <= limit - mm(PRINTER_MARGIN_MM) + EPS


# ---- crop marks ----------------------------------------------------------------------------


def grid_cuts(sheet) -> tuple[list[float], list[float]]:
    """Cut lines worked out from the slots themselves (not from the sheet's own cut_lines)."""
    rects = [rect_bounds(sheet.slot_rect(s)) for s in range(sheet.per_sheet)]
    xs = sorted({round(v, 4) for r in rects for v in (r[0], r[2])})
    ys = sorted({round(v, 4) for r in rects for v in (r[1], r[3])})
    return xs, ys


@pytest.mark.parametrize("combo", COMBOS, ids=combo_id)
def test_crop_marks_continue_every_cut_line_outside_the_cards(combo):
    sheet = sheet_for(*combo)
    xs, ys = grid_cuts(sheet)
    assert (len(xs), len(ys)) == (sheet.cols + 1, sheet.rows + 1)
    left, right, bottom, top = xs[0], xs[-1], ys[0], ys[-1]
    margin = mm(PRINTER_MARGIN_MM)
    seen: dict[tuple[str, float, str], int] = {}
    marks = list(crop_marks(sheet))
    for x1, y1, x2, y2 in marks:
        for x in (x1, x2):
            assert margin - EPS <= x <= sheet.width - margin + EPS, "mark in the printer margin"
        for y in (y1, y2):
            assert margin - EPS <= y <= sheet.height - margin + EPS, "mark in the printer margin"
        length = math.hypot(x2 - x1, y2 - y1)
        assert MARK_MIN - EPS <= length <= MARK_MAX + EPS
        if math.isclose(x1, x2, abs_tol=EPS):  # vertical: continues a vertical cut
            cut = min(xs, key=lambda v: abs(v - x1))
            assert x1 == pytest.approx(cut, abs=1e-3), "mark is not on a cut line"
            if max(y1, y2) <= bottom + EPS:
                side = "below"
            else:
                assert min(y1, y2) >= top - EPS, "mark crosses the cards"
                side = "above"
            key = ("x", cut, side)
        else:
            assert y1 == pytest.approx(y2, abs=EPS), "marks are horizontal or vertical"
            cut = min(ys, key=lambda v: abs(v - y1))
            assert y1 == pytest.approx(cut, abs=1e-3), "mark is not on a cut line"
            if max(x1, x2) <= left + EPS:
                side = "left"
            else:
                assert min(x1, x2) >= right - EPS, "mark crosses the cards"
                side = "right"
            key = ("y", cut, side)
        seen[key] = seen.get(key, 0) + 1
    expected = {("x", x, s): 1 for x in xs for s in ("below", "above")}
    expected |= {("y", y, s): 1 for y in ys for s in ("left", "right")}
    assert seen == expected
    assert len(marks) == 2 * (sheet.cols + 1) + 2 * (sheet.rows + 1)


# ---- backs ---------------------------------------------------------------------------------


@pytest.mark.parametrize("combo", COMBOS, ids=combo_id)
def test_back_lies_behind_its_front_turned_over_about_the_vertical_axis(combo):
    sheet = sheet_for(*combo)

    def flip(point):  # long-edge duplex: the paper turns about its vertical centre line
        return sheet.width - point[0], point[1]

    for slot in range(sheet.per_sheet):
        front, back = sheet.front_transform(slot), sheet.back_transform(slot)
        front_rect = bbox([apply(front, *p) for p in card_corners(sheet)])
        back_corners = [flip(apply(back, *p)) for p in card_corners(sheet)]
        assert close(bbox(back_corners), front_rect), f"slot {slot}: back is not behind front"
        # Card point by card point: the back's (u, v) is behind the front's (card_width - u, v).
        for u, v in [*card_corners(sheet), (sheet.card_width / 3, sheet.card_height / 5)]:
            assert close(flip(apply(back, u, v)), apply(front, sheet.card_width - u, v))
        a, b, c, d, _, _ = back
        assert a * d - b * c == pytest.approx(1.0), "back text would print mirrored"


# ---- the real PDF --------------------------------------------------------------------------

# (size, paper, how many drills): short last sheets on purpose, and cards turned 90°.
PDF_CASES = [
    ("a7", "a4", 5),  # 4 + 1: the lone card's back must be behind slot 0
    ("business", "a4", 12),  # 10 + 2
    ("index-3x5", "letter", 11),  # turned; 4 + 4 + 3
    ("poker", "a4", 12),  # turned; 8 + 4
    ("a6", "letter", 3),  # turned; 2 + 1
]


@pytest.fixture(scope="module")
def library():
    return cards.load_library(ROOT / "drills.json")


@pytest.fixture(scope="module")
def rendered(library):
    cache = {}

    def get(size: str, paper: str, count: int, backs: bool = True):
        key = (size, paper, count, backs)
        if key not in cache:
            ids = [d.id for d in library.drills[:count]]
            cache[key] = cards.render_cards(library, Options(paper, size), ids, backs)
        return cache[key]

    return get


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def invert(transform, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = transform
    det = a * d - b * c
    return (d * (x - e) - c * (y - f)) / det, (a * (y - f) - b * (x - e)) / det


def card_text(pdf: bytes, page: int, sheet, transform) -> str:
    """The card's text in its own reading order: lines top to bottom, left to right.

    pdfium orders turned text by its place on the page, so each character's centre is taken back
    to the card's own coordinates first. Upside-down or mirrored cards come out scrambled.
    """
    doc = pdfium.PdfDocument(pdf)
    try:
        textpage = doc[page].get_textpage()
        chars = []
        for i in range(textpage.count_chars()):
            char = textpage.get_text_range(i, 1)
            if not char.strip():
                continue
            left, bottom, right, top = textpage.get_charbox(i, loose=True)
            u, v = invert(transform, (left + right) / 2, (bottom + top) / 2)
            if 0 <= u <= sheet.card_width and 0 <= v <= sheet.card_height:
                chars.append((v, u, char))
    finally:
        doc.close()
    lines: list[list[tuple[float, str]]] = []
    line_v = math.inf
    for v, u, char in sorted(chars, key=lambda c: -c[0]):
        if v < line_v - 2.0:  # a new line: well below the last (lines are ≥ 7 pt apart)
            lines.append([])
            line_v = v
        lines[-1].append((u, char))
    return as_written("\n".join("".join(c for _, c in sorted(line)) for line in lines))


def names_it(text: str, drill) -> bool:
    """Every word of the drill's name is in the text (in whatever order pdfium gives lines)."""
    text = squash(text)
    return all(squash(word) in text for word in drill.name.split())


def batches(items: list, per_sheet: int) -> list[list]:
    return [items[i : i + per_sheet] for i in range(0, len(items), per_sheet)]


def case_id(case) -> str:
    return "{}/{}-{}".format(*case)


@pytest.mark.parametrize("case", PDF_CASES, ids=case_id)
def test_pdf_pages_are_the_paper_asked_for(rendered, case):
    size, paper, count = case
    cols, rows, _ = EXPECTED[(size, paper)]
    sheets = math.ceil(count / (cols * rows))
    with_backs, fronts_only = rendered(*case), rendered(*case, backs=False)
    assert with_backs.pages == 2 * sheets and fronts_only.pages == sheets
    for result, pages in ((with_backs, 2 * sheets), (fronts_only, sheets)):
        sizes = page_sizes(result.pdf)
        assert len(sizes) == pages
        for got in sizes:
            assert got == pytest.approx(paper_points(paper), abs=0.5)


@pytest.mark.parametrize("case", PDF_CASES, ids=case_id)
def test_pdf_qr_codes_sit_on_their_cards(rendered, library, case):
    result = rendered(*case)
    sheet = result.sheet
    drills = list(library.drills[: case[2]])
    for number, batch in enumerate(batches(drills, sheet.per_sheet)):
        codes = decode_qr_codes(result.pdf, 2 * number)
        assert len(codes) == len(batch), f"sheet {number + 1}: {codes}"
        for slot, drill in enumerate(batch):
            x0, y0, x1, y1 = rect_bounds(sheet.slot_rect(slot))
            inside = [text for text, cx, cy in codes if x0 < cx < x1 and y0 < cy < y1]
            assert inside == [drill.video], f"sheet {number + 1} slot {slot} ({drill.id})"
            text = card_text(result.pdf, 2 * number, sheet, sheet.front_transform(slot))
            assert squash(text).startswith(squash(drill.name)), f"front of {drill.id}: {text!r}"


@pytest.mark.parametrize("case", PDF_CASES, ids=case_id)
def test_pdf_backs_are_behind_their_fronts(rendered, library, case):
    result = rendered(*case)
    sheet = result.sheet
    drills = list(library.drills[: case[2]])

    def mirror_slot(slot: int) -> int:
        row, col = divmod(slot, sheet.cols)
        return row * sheet.cols + sheet.cols - 1 - col

    for number, batch in enumerate(batches(drills, sheet.per_sheet)):
        page = 2 * number + 1
        for slot, drill in enumerate(batch):
            back_rect = mirrored(sheet, sheet.slot_rect(slot))
            assert close(back_rect, sheet.slot_rect(mirror_slot(slot)))
            text = text_in_rect(result.pdf, page, back_rect)
            assert names_it(text, drill), (
                f"sheet {number + 1} slot {slot}: back of {drill.id} not behind it: {text!r}"
            )
            # Read in the card's own orientation, the back starts with its title: it reads
            # upright once the card is turned over about its vertical axis.
            text = card_text(result.pdf, page, sheet, sheet.back_transform(slot))
            assert squash(text).startswith(squash(drill.name)), f"back of {drill.id}: {text!r}"
        used = {mirror_slot(slot) for slot in range(len(batch))}
        for slot in set(range(sheet.per_sheet)) - used:
            stray = text_in_rect(result.pdf, page, sheet.slot_rect(slot)).strip()
            assert stray == "", f"sheet {number + 1}: text where no back belongs: {stray!r}"


NUMBER = r"(-?\d+(?:\.\d*)?|-?\.\d+)"
SEGMENT = re.compile(rf"{NUMBER}\s+{NUMBER}\s+m\s+{NUMBER}\s+{NUMBER}\s+l\b")


@pytest.mark.parametrize("case", PDF_CASES, ids=case_id)
def test_pdf_crop_marks_are_drawn_on_every_front(rendered, case):
    result = rendered(*case)
    reader = PdfReader(io.BytesIO(result.pdf), strict=True)
    expected = list(crop_marks(result.sheet))
    for number in range(0, len(reader.pages), 2):
        data = reader.pages[number].get_contents().get_data().decode("latin-1")
        segments = [tuple(map(float, m)) for m in SEGMENT.findall(data)]
        for mark in expected:
            assert any(close(mark, s, 0.01) for s in segments), f"page {number + 1}: no {mark}"


def test_pdf_crop_marks_are_visible_and_cards_edges_are_clean(rendered):
    result = rendered("a7", "a4", 5)
    sheet = result.sheet
    dpi = 150
    scale = dpi / 72
    doc = pdfium.PdfDocument(result.pdf)
    try:
        image = doc[0].render(scale=scale, grayscale=True).to_pil().convert("L")
    finally:
        doc.close()

    def darkest(x: float, y: float, radius: int = 2) -> int:
        px, py = round(x * scale), round((sheet.height - y) * scale)
        return min(
            image.getpixel((i, j))
            for i in range(px - radius, px + radius + 1)
            for j in range(py - radius, py + radius + 1)
        )

    for x1, y1, x2, y2 in crop_marks(sheet):
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        assert darkest(mx, my) < 160, f"no mark drawn at ({mx:.1f}, {my:.1f})"
        # Beside a mark (2 mm across it) the paper is blank.
        dx, dy = (mm(2), 0.0) if math.isclose(x1, x2) else (0.0, mm(2))
        assert darkest(mx + dx, my + dy) > 250 and darkest(mx - dx, my - dy) > 250
    # The paper's corners, outside every mark, stay blank.
    for x, y in ((mm(3), mm(3)), (sheet.width - mm(3), sheet.height - mm(3))):
        assert darkest(x, y) > 250


def test_pdf_through_the_cli_has_the_pages_asked_for(run, tmp_path):
    out = tmp_path / "cards.pdf"
    result = run("cards", "--size", "business", "--paper", "letter", "--no-backs", "-o", out)
    assert result.exit_code == 0, result.output
    sheets = math.ceil(12 / 9)
    sizes = page_sizes(out)
    assert len(sizes) == sheets
    assert all(s == pytest.approx(paper_points("letter"), abs=0.5) for s in sizes)
    result = run("cards", "--size", "business", "--paper", "letter", "-o", out)
    assert result.exit_code == 0, result.output
    assert len(page_sizes(out)) == 2 * sheets


# ---- read by independent readers -----------------------------------------------------------

READER_CASES = [("a7", "a4", 12), ("index-3x5", "letter", 11)]


@pytest.fixture(params=READER_CASES, ids=case_id)
def pdf_path(request, rendered, tmp_path):
    path = tmp_path / "cards.pdf"
    path.write_bytes(rendered(*request.param).pdf)
    return path


def test_pypdf_reads_every_page_strictly_without_warnings(pdf_path, caplog):
    caplog.set_level(logging.WARNING)
    reader = PdfReader(pdf_path, strict=True)
    texts = [page.extract_text() for page in reader.pages]
    assert len(texts) == len(page_sizes(pdf_path))
    assert all(t.strip() for t in texts)
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_pdfium_opens_and_renders_every_page(pdf_path):
    doc = pdfium.PdfDocument(pdf_path)
    try:
        for i in range(len(doc)):
            image = doc[i].render(scale=0.5, grayscale=True).to_pil().convert("L")
            low, high = image.getextrema()
            assert low < 100 and high == 255, f"page {i + 1} renders blank"
    finally:
        doc.close()


def test_poppler_reads_it_cleanly(pdf_path):
    info = subprocess.run([program("pdfinfo"), str(pdf_path)], capture_output=True, text=True)
    assert info.returncode == 0 and info.stderr == "", info.stderr
    pages = re.search(r"^Pages:\s+(\d+)$", info.stdout, re.M)
    assert pages and int(pages.group(1)) == len(page_sizes(pdf_path))
    text = subprocess.run(
        [program("pdftotext"), str(pdf_path), "-"], capture_output=True, text=True
    )
    assert text.returncode == 0 and text.stderr == "", text.stderr
    pages_text = text.stdout.split("\f")  # pdftotext ends every page with a form feed
    assert len(pages_text) == int(pages.group(1)) + 1
    assert all(page.strip() for page in pages_text[:-1])


def test_qpdf_finds_no_damage(pdf_path):
    check = subprocess.run(
        [program("qpdf"), "--check", str(pdf_path)], capture_output=True, text=True
    )
    assert check.returncode == 0 and check.stderr == "", check.stdout + check.stderr


def fonts_of(reader: PdfReader):
    for number, page in enumerate(reader.pages, 1):
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources else None
        for name, ref in (fonts.get_object() if fonts else {}).items():
            yield number, name, ref.get_object()


def test_every_font_is_embedded(pdf_path):
    reader = PdfReader(pdf_path, strict=True)
    found = list(fonts_of(reader))
    assert found
    for number, name, font in found:
        if font.get("/Subtype") == "/Type0":
            font = font["/DescendantFonts"][0].get_object()
        descriptor = font.get("/FontDescriptor")
        assert descriptor is not None, f"page {number}: font {name} {font.get('/BaseFont')}"
        assert "/FontFile2" in descriptor.get_object(), f"page {number}: {name} not embedded"


# ---- determinism ---------------------------------------------------------------------------


def test_same_cards_give_the_same_bytes(library):
    ids = [d.id for d in library.drills[:6]]
    first = cards.render_cards(library, Options("letter", "index-3x5"), ids).pdf
    second = cards.render_cards(library, Options("letter", "index-3x5"), ids).pdf
    assert first == second


def test_fresh_processes_give_the_same_bytes(tmp_path):
    outputs, procs = [], []
    for seed in ("0", "4242"):
        out = tmp_path / f"cards-{seed}.pdf"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        procs.append(
            subprocess.Popen(
                [sys.executable, str(ROOT / "build.py"), "cards", "-o", str(out)],
                cwd=tmp_path,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        )
        outputs.append(out)
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    first, second = (p.read_bytes() for p in outputs)
    assert first == second
