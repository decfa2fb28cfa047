"""Print fidelity, measured from the PDF itself: crop marks, trim sizes, backs behind their
fronts in every duplex mode, back offset, calibration sheet, bleed, print-shop pages, cut lines
and the safe zone.

Geometry comes from the page content (a small interpreter of the path operators: crop marks,
cut lines, colour bands, QR modules), from pdfium's character positions and matrices, and from
pixels where a reader would see them; never from the Sheet that drew it (plan_sheet only
says how many cards a sheet should hold).
"""

from __future__ import annotations

import itertools
import math
import re
import shutil
import subprocess
from dataclasses import dataclass

import pypdfium2 as pdfium
import pytest

import cards
from cards.impose import DUPLEX_MODES, PrintSetup, plan_sheet
from cards.options import Options
from cards.render.layout import load_card_layout
from cards.render.qr import encode
from cards.render.units import mm
from tests.conftest import ROOT, decode_qr_codes, make_drill, page_texts
from tests.pdfread import (  # the printed PDF read back
    ACCENT,
    BACK_FOLLOWS,
    EXACT,
    Char,
    Fill,
    Segment,
    _apply,
    _reader,
    bands,
    card_from_band,
    close,
    crop_marks,
    cut_guides,
    front_follows,
    inside,
    paint,
    printed,
    read_card,
    read_marks,
    same_color,
    squash,
    title_of,
    turn,
    turn_rect,
    turn_vector,
)
from tests.tools import program

SIZES_MM = {  # nominal trim, width x height
    "a7": (74.0, 105.0),
    "a6": (105.0, 148.0),
    "business": (85.0, 55.0),
    "index-3x5": (127.0, 76.2),
    "poker": (63.5, 88.9),
}
PAPERS_MM = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
SIZES, PAPERS = sorted(SIZES_MM), sorted(PAPERS_MM)
NOMINAL = mm(0.1)  # a card measures its nominal size to within this
SAFE_ZONE = mm(3)
PRINTER_MARGIN = mm(5)


def paper_points(paper: str) -> tuple[float, float]:
    return tuple(mm(v) for v in PAPERS_MM[paper])


def card_points(size: str) -> tuple[float, float]:
    return tuple(mm(v) for v in SIZES_MM[size])


# ---- builds, shared by the tests of this module --------------------------------------------


@pytest.fixture(scope="module")
def library():
    return cards.load_library(ROOT / "drills.json")


@pytest.fixture(scope="module")
def build(library):
    """render_cards once per size, paper and setup, for the built-in drills in their order: as
    many as fill a sheet and start another (a short last sheet), or all on one card a page."""
    cache = {}

    def get(size: str, paper: str, **setup):
        printing = PrintSetup(**setup)
        key = (size, paper, printing)
        if key not in cache:
            plan = plan_sheet(
                paper,
                *card_points(size),
                printing.bleed,
                printing.mark_offset,
                printing.mark_length,
            )
            count = 4 if printing.per_page else min(plan.per_sheet + 1, len(library.drills))
            ids = [d.id for d in library.drills[:count]]
            cache[key] = cards.render_cards(library, Options(paper, size, printing=printing), ids)
        return cache[key]

    return get


def drills_in(result, library) -> list:
    return list(library.drills[: result.cards])


@dataclass(frozen=True)
class Side:
    pdf: bytes
    page: int


def sheets(result, duplex: str) -> list[tuple[Side, Side]]:
    """(front, back) of every sheet, wherever the duplex mode put them."""
    if duplex == "separate":
        fronts = len(_reader(result.pdf).pages)
        assert len(_reader(result.backs_pdf).pages) == fronts
        return [(Side(result.pdf, i), Side(result.backs_pdf, i)) for i in range(fronts)]
    assert result.backs_pdf is None
    pages = len(_reader(result.pdf).pages)
    assert pages % 2 == 0
    return [(Side(result.pdf, i), Side(result.pdf, i + 1)) for i in range(0, pages, 2)]


def batches(items, size: int) -> list:
    return [items[i : i + size] for i in range(0, len(items), size)]


@dataclass(frozen=True)
class Placed:
    """A card found on a sheet: its trim on the front page and its titles, front and back."""

    drill: object
    cell: tuple[float, float, float, float]
    front: list[Char]
    back: list[Char]


def place_cards(front: Side, back: Side, batch, duplex: str) -> list[Placed]:
    """Every card of the sheet: read on the front between its crop marks, and on the back page
    where that trim lies once the paper is turned over."""
    width, height = (float(v) for v in _reader(front.pdf).pages[front.page].mediabox[2:])
    turned_over = turn(duplex, width, height)
    placed = []
    for cell in read_marks(front.pdf, front.page).cells:
        found = read_card(front.pdf, front.page, cell)
        if not found:
            continue
        drill = next((d for d in batch if title_of(found, d, front_follows(d))), None)
        text = "".join(c.text for c in found)
        assert drill is not None, f"page {front.page + 1}: no card of this sheet reads {text!r}"
        behind = read_card(back.pdf, back.page, turn_rect(turned_over, cell))
        title = title_of(behind, drill, BACK_FOLLOWS)
        text = "".join(c.text for c in behind)
        assert title is not None, (
            f"page {back.page + 1}: behind the front of {drill.id} the back reads {text!r}"
        )
        placed.append(Placed(drill, cell, title_of(found, drill, front_follows(drill)), title))
    assert sorted(p.drill.id for p in placed) == sorted(d.id for d in batch)
    return placed


def band_card(side: Side, up, depth: float, cell, bleed: float = 0.0) -> Fill:
    """The one band whose card (worked out from the band) is `cell`."""
    found = [
        b for b in bands(side.pdf, side.page) if close(card_from_band(b, up, depth, bleed), cell)
    ]
    assert len(found) == 1, (
        f"page {side.page + 1}: {len(found)} bands make a card at {cell}: "
        f"{[card_from_band(b, up, depth, bleed) for b in bands(side.pdf, side.page)]}"
    )
    return found[0]


COMBOS = [(size, paper) for size in SIZES for paper in PAPERS]
EVERY = [(size, paper, duplex) for size, paper in COMBOS for duplex in DUPLEX_MODES]


def every_id(case) -> str:
    return "-".join(case)


# ---- pages, marks and trims, for every size x paper x duplex mode --------------------------


@pytest.mark.parametrize("case", EVERY, ids=every_id)
def test_pages_are_the_paper_and_each_front_is_followed_by_its_backs(build, library, case):
    size, paper, duplex = case
    result = build(size, paper, duplex=duplex)
    per_sheet = plan_sheet(paper, *card_points(size)).per_sheet
    pairs = sheets(result, duplex)
    assert len(pairs) == math.ceil(result.cards / per_sheet) == 2
    files = [result.pdf] + ([result.backs_pdf] if duplex == "separate" else [])
    for pdf in files:
        doc = pdfium.PdfDocument(pdf)
        try:
            sizes = [doc[i].get_size() for i in range(len(doc))]
        finally:
            doc.close()
        for got, page in zip(sizes, _reader(pdf).pages, strict=True):
            assert close(got, paper_points(paper))
            assert close([float(v) for v in page.mediabox], (0, 0, *paper_points(paper)))
    for (front, back), batch in zip(
        pairs, batches(drills_in(result, library), per_sheet), strict=True
    ):
        front_text = "".join(c.text for c in printed(front.pdf, front.page))
        back_text = "".join(c.text for c in printed(back.pdf, back.page))
        assert "COMMONFAULTS" not in front_text and "CUES" not in back_text
        assert front_text.count("CUES") == back_text.count("COMMONFAULTS") == len(batch)
        assert crop_marks(front.pdf, front.page), f"page {front.page + 1}: no crop marks"
        assert not paint(back.pdf, back.page).segments, f"page {back.page + 1}: lines on a back"
        assert len(bands(front.pdf, front.page)) == len(bands(back.pdf, back.page)) == len(batch)


@pytest.mark.parametrize("case", EVERY, ids=every_id)
def test_crop_marks_measure_every_card_at_its_nominal_size(build, case):
    size, paper, duplex = case
    result = build(size, paper, duplex=duplex)
    width, height = card_points(size)
    paper_w, paper_h = paper_points(paper)
    per_sheet = plan_sheet(paper, width, height).per_sheet
    for front, _ in sheets(result, duplex):
        marks = read_marks(front.pdf, front.page)
        assert len(marks.cells) == per_sheet
        assert marks.gutters(marks.xs) == marks.gutters(marks.ys) == [], "butted cards"
        turned = abs((marks.xs[1] - marks.xs[0]) - height) < NOMINAL
        for x0, y0, x1, y1 in marks.cells:
            trim = (y1 - y0, x1 - x0) if turned else (x1 - x0, y1 - y0)
            assert close(trim, (width, height), NOMINAL), (
                f"page {front.page + 1}: a card measures {[round(v / mm(1), 2) for v in trim]} "
                f"mm, not {SIZES_MM[size]}"
            )
        # 2 mm from the cards; 5 mm long, or as long as the room left allows but at least
        # 3 mm; clear of the printer's margin.
        assert all(abs(o - mm(2)) < EXACT for o in marks.offsets)
        room = min(marks.xs[0], paper_w - marks.xs[-1], marks.ys[0], paper_h - marks.ys[-1])
        expected = max(mm(3), min(mm(5), room - PRINTER_MARGIN - mm(2)))
        assert all(abs(v - expected) < EXACT for v in marks.lengths)
        for s in marks.segments:
            assert min(s.x1, s.x2, s.y1, s.y2) >= PRINTER_MARGIN - EXACT
            assert max(s.x1, s.x2) <= paper_w - PRINTER_MARGIN + EXACT
            assert max(s.y1, s.y2) <= paper_h - PRINTER_MARGIN + EXACT


def neg(v):
    return -v[0] + 0.0, -v[1] + 0.0


@pytest.mark.parametrize("case", EVERY, ids=every_id)
def test_every_back_lies_behind_its_front_and_reads_upright(build, library, case):
    size, paper, duplex = case
    assert_backs_behind_fronts(build(size, paper, duplex=duplex), library, size, paper, duplex)


def assert_backs_behind_fronts(
    result, library, size: str, paper: str, duplex: str, bleed: float = 0.0
) -> None:
    """Every card's back, turned over with the paper, covers its front's trim (measured from
    the crop marks) exactly, and reads upright when the card is turned like a page; its colour
    band runs `bleed` past the trim, front and back."""
    depth = card_points(size)[1]
    turned_over = turn(duplex, *paper_points(paper))
    per_sheet = plan_sheet(paper, *card_points(size), bleed).per_sheet
    for (front, back), batch in zip(
        sheets(result, duplex), batches(drills_in(result, library), per_sheet), strict=True
    ):
        placed = place_cards(front, back, batch, duplex)
        for card in placed:
            right, up = card.front[0].right, card.front[0].up
            b_right, b_up = card.back[0].right, card.back[0].up
            assert {(c.right, c.up) for c in card.front} == {(right, up)}
            assert {(c.right, c.up) for c in card.back} == {(b_right, b_up)}
            # The colour band at the card's top: on the front it runs along the top edge of
            # the trim between the marks; on the back, turned over, along the same edge.
            band_card(front, up, depth, card.cell, bleed)
            band_card(back, b_up, depth, turn_rect(turned_over, card.cell), bleed)
            # Upright in the hand: the card turns over like a page (about its own vertical
            # axis): its top stays where it was and its lines run the other way.
            assert turn_vector(turned_over, b_up) == up, f"back of {card.drill.id} upside down"
            assert turn_vector(turned_over, b_right) == neg(right), (
                f"back of {card.drill.id} mirrored"
            )
            if up == (0.0, 1.0):  # an upright card on the sheet
                assert (b_right, b_up) == (
                    ((-1.0, 0.0), (0.0, -1.0)) if duplex == "short" else ((1.0, 0.0), (0.0, 1.0))
                )
            else:
                assert up == (-1.0, 0.0), "a turned card's top points to the sheet's left"
        # Nothing on the back page but the backs of this sheet's cards.
        for char in printed(back.pdf, back.page):
            where = _apply(turned_over, char.x, char.y)
            assert any(inside(where, card.cell) for card in placed), (
                f"page {back.page + 1}: {char.text!r} at ({char.x:.1f}, {char.y:.1f}) is not "
                "behind a card of this sheet"
            )


# ---- back offset ---------------------------------------------------------------------------

OFFSET_MM = (1.5, -0.5)


def moved(a, b, dx: float, dy: float) -> bool:
    return abs(b[0] - a[0] - dx) <= EXACT and abs(b[1] - a[1] - dy) <= EXACT


def assert_chars_moved(
    before: list[Char], after: list[Char], dx: float, dy: float, extra: bool = False
) -> None:
    """Each character of `before` is in `after`, the same way round, moved by (dx, dy); and
    nothing else unless `extra`."""
    left: dict[tuple, list[Char]] = {}
    for c in after:
        left.setdefault((c.text, c.right, c.up), []).append(c)
    for a in before:
        bucket = left.get((a.text, a.right, a.up), [])
        match = next((b for b in bucket if moved((a.x, a.y), (b.x, b.y), dx, dy)), None)
        assert match is not None, f"{a} did not move by ({dx:.3f}, {dy:.3f})"
        bucket.remove(match)
    rest = [c for bucket in left.values() for c in bucket]
    assert extra or not rest, f"new on the page: {rest[:5]}"


def assert_shifted(plain: Side, shifted: Side, dx: float, dy: float) -> None:
    """Every character, filled shape and line of `shifted` is that of `plain` moved by
    (dx, dy), and nothing else is on the page."""
    assert_chars_moved(printed(plain.pdf, plain.page), printed(shifted.pdf, shifted.page), dx, dy)
    old, new = (paint(s.pdf, s.page) for s in (plain, shifted))
    assert old.fills and len(old.fills) == len(new.fills)
    for a, b in zip(old.fills, new.fills, strict=True):
        assert moved((a.x0, a.y0), (b.x0, b.y0), dx, dy), f"{a} -> {b}"
        assert moved((a.x1, a.y1), (b.x1, b.y1), dx, dy), f"{a} -> {b}"
    assert len(old.segments) == len(new.segments)
    for a, b in zip(old.segments, new.segments, strict=True):
        assert moved((a.x1, a.y1), (b.x1, b.y1), dx, dy), f"{a} -> {b}"
        assert moved((a.x2, a.y2), (b.x2, b.y2), dx, dy), f"{a} -> {b}"


def assert_same_page(a: Side, b: Side) -> None:
    contents = [_reader(s.pdf).pages[s.page].get_contents().get_data() for s in (a, b)]
    assert contents[0] == contents[1]


@pytest.mark.parametrize("duplex", DUPLEX_MODES)
@pytest.mark.parametrize(("size", "paper"), [("a7", "a4"), ("poker", "letter")])
def test_back_offset_moves_every_back_page_and_no_front(build, size, paper, duplex):
    dx, dy = (mm(v) for v in OFFSET_MM)
    plain = sheets(build(size, paper, duplex=duplex), duplex)
    shifted = sheets(build(size, paper, duplex=duplex, back_offset=(dx, dy)), duplex)
    assert len(plain) == len(shifted)
    for (front, back), (front2, back2) in zip(plain, shifted, strict=True):
        assert_same_page(front, front2)
        assert_shifted(back, back2, dx, dy)


def layout_copy(tmp_path, edit) -> str:
    """A --templates folder: the built-in layouts with card.toml changed by `edit`."""
    folder = tmp_path / "layouts"
    shutil.copytree(ROOT / "templates", folder)
    toml = folder / "card.toml"
    toml.write_text(edit(toml.read_text(encoding="utf-8")), encoding="utf-8")
    return str(folder)


def edit_box(text: str, face: str, name: str, key: str, value: str) -> str:
    """Set `key` of the box `name` in [[faces.FACE]] (e.g. face "tall.front"); of a box given
    twice (`when = "video"` and `when = "no video"`), the first."""
    chunks = re.split(r"(?m)^(?=\[)", text)
    hits = [
        i
        for i, chunk in enumerate(chunks)
        if chunk.startswith(f"[[faces.{face}]]") and f'name = "{name}"' in chunk
    ]
    assert hits, (face, name)
    chunk, count = re.subn(rf'(?m)^{key} = ".*"$', f'{key} = "{value}"', chunks[hits[0]])
    if not count:
        chunk = chunk.rstrip("\n") + f'\n{key} = "{value}"\n\n'
    chunks[hits[0]] = chunk
    return "".join(chunks)


def with_back_code(text: str) -> str:
    """The tall layout with a QR code on the back too, under a shorter back text."""
    text = edit_box(text, "tall.back", "text", "bottom", "34mm")
    return (
        text
        + """
[[faces.tall.back]]
name = "qr"
kind = "qr"
right = "5mm"
bottom = "10mm"
size = "20mm"
"""
    )


def test_back_offset_moves_a_code_on_the_back_by_exactly_the_offset(library, tmp_path):
    templates = layout_copy(tmp_path, with_back_code)
    ids = [d.id for d in library.drills[:2]]
    dx, dy = (mm(v) for v in OFFSET_MM)
    plain, shifted = (
        cards.render_cards(
            library, Options(templates=templates, printing=PrintSetup(back_offset=offset)), ids
        )
        for offset in ((0.0, 0.0), (dx, dy))
    )
    assert_same_page(Side(plain.pdf, 0), Side(shifted.pdf, 0))
    assert_shifted(Side(plain.pdf, 1), Side(shifted.pdf, 1), dx, dy)
    before, after = (sorted(decode_qr_codes(r.pdf, 1, dpi=300)) for r in (plain, shifted))
    assert (
        [t for t, _, _ in before]
        == [t for t, _, _ in after]
        == sorted(d.video for d in library.drills[:2])
    )
    for (_, x0, y0), (_, x1, y1) in zip(before, after, strict=True):
        assert abs(x1 - x0 - dx) < mm(0.1) and abs(y1 - y0 - dy) < mm(0.1)


def test_back_offset_from_the_command_line_and_from_the_club(run, tmp_path):
    (tmp_path / "club.toml").write_text("", encoding="utf-8")
    assert run("cards", "-o", "plain.pdf").exit_code == 0
    result = run("cards", "--back-offset", "1.5,-0.5", "-o", "option.pdf")
    assert result.exit_code == 0, result.output
    (tmp_path / "club.toml").write_text("back_offset = [1.5, -0.5]\n", encoding="utf-8")
    assert run("cards", "-o", "club.pdf").exit_code == 0
    assert run("cards", "--back-offset", "0,0", "-o", "zero.pdf").exit_code == 0
    assert run("cards", "--back-offset", " -2 , 1 ", "-o", "wins.pdf").exit_code == 0
    plain, option, club, zero, wins = (
        (tmp_path / f"{name}.pdf").read_bytes()
        for name in ("plain", "option", "club", "zero", "wins")
    )
    for page in range(0, len(_reader(plain).pages), 2):
        assert_same_page(Side(plain, page), Side(option, page))
        assert_shifted(Side(plain, page + 1), Side(option, page + 1), mm(1.5), mm(-0.5))
        assert_shifted(Side(plain, page + 1), Side(wins, page + 1), mm(-2), mm(1))
    assert club == option, "the club's back_offset applies when --back-offset is not given"
    assert zero == plain, "--back-offset 0,0 overrides the club's"


@pytest.mark.parametrize(
    "value", ["20,0", "0,-10.5", "x", "1,2,3", "1", "", "1;2", "nan,0", "inf,0", "1,,2"]
)
@pytest.mark.parametrize("command", ["cards", "calibrate"])
def test_a_bad_back_offset_exits_2_and_writes_nothing(run, tmp_path, command, value):
    result = run(command, f"--back-offset={value}", "-o", "out.pdf")
    assert result.exit_code == 2, result.output
    assert "--back-offset" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out.pdf").exists()


@pytest.mark.parametrize("value", ["[20, 0]", '"x"', "[1, 2, 3]", "[true, 0]"])
def test_a_bad_back_offset_in_the_club_exits_2(run, tmp_path, value):
    (tmp_path / "club.toml").write_text(f"back_offset = {value}\n", encoding="utf-8")
    result = run("cards", "-o", "cards.pdf")
    assert result.exit_code == 2, result.output
    assert "back_offset" in result.output and "calibrate" in result.output
    assert not (tmp_path / "cards.pdf").exists()


# ---- the calibration sheet -----------------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    ticks: list[Segment]  # from -10 mm to +10 mm
    zero: Segment


def read_scale(pdf: bytes, vertical_ticks: bool) -> Scale:
    """The back's X scale (vertical ticks along a horizontal line) or Y scale."""
    ticks = sorted(
        (
            s
            for s in paint(pdf, 1).segments
            if (s.vertical if vertical_ticks else s.horizontal) and s.length <= mm(6) + EXACT
        ),
        key=lambda s: s.at,
    )
    assert len(ticks) == 41, f"{len(ticks)} ticks: from -10 to +10 mm in half millimetres"
    steps = [b.at - a.at for a, b in itertools.pairwise(ticks)]
    assert all(abs(step - mm(0.5)) < EXACT for step in steps)
    longest = max(t.length for t in ticks)
    assert [i for i, t in enumerate(ticks) if abs(t.length - longest) < EXACT] == [
        0,
        10,
        20,
        30,
        40,
    ], "numbered ticks every 5 mm"
    return Scale(ticks, ticks[20])


def label_at(pdf: bytes, tick: Segment) -> str:
    """The number printed at a tick's outer end: above an X tick, right of a Y tick."""
    found = []
    for c in printed(pdf, 1):
        cx, cy = (c.box[0] + c.box[2]) / 2, (c.box[1] + c.box[3]) / 2
        if tick.vertical and abs(cx - tick.at) < mm(2.5) and 0 < cy - tick.hi < mm(4):
            found.append((c.x, c.text))
        if tick.horizontal and abs(cy - tick.at) < mm(1.5) and 0 < cx - tick.hi < mm(6):
            found.append((c.x, c.text))
    return "".join(text for _, text in sorted(found))


def calibration(run, tmp_path, *options) -> bytes:
    out = tmp_path / f"calibration{len(list(tmp_path.glob('calibration*.pdf')))}.pdf"
    result = run("calibrate", *options, "-o", out)
    assert result.exit_code == 0, result.output
    return out.read_bytes()


@pytest.mark.parametrize("paper", PAPERS)
def test_calibration_cross_and_scales_meet_at_the_centre(run, tmp_path, paper):
    pdf = calibration(run, tmp_path, "--paper", paper)
    width, height = paper_points(paper)
    assert len(_reader(pdf).pages) == 2
    for page in _reader(pdf).pages:
        assert close([float(v) for v in page.mediabox], (0, 0, width, height))
    cx, cy = width / 2, height / 2
    front = paint(pdf, 0).segments
    upright = max((s for s in front if s.vertical), key=lambda s: s.length)
    across = max((s for s in front if s.horizontal), key=lambda s: s.length)
    assert abs(upright.at - cx) < EXACT and upright.lo < cy < upright.hi
    assert abs(across.at - cy) < EXACT and across.lo < cx < across.hi
    x_scale, y_scale = read_scale(pdf, True), read_scale(pdf, False)
    assert abs(x_scale.zero.at - cx) < EXACT and abs(y_scale.zero.at - cy) < EXACT
    labels = {-10: "-10", -5: "-5", 0: "0", 5: "+5", 10: "+10"}
    for scale in (x_scale, y_scale):
        assert [label_at(pdf, scale.ticks[i]) for i in range(0, 41, 10)] == list(labels.values())
    # Turned over (either edge), the front's lines run across the back's scales at 0.
    for duplex in ("long", "short"):
        m = turn(duplex, width, height)
        (ux, uy1), (_, uy2) = _apply(m, upright.x1, upright.y1), _apply(m, upright.x2, upright.y2)
        assert abs(ux - x_scale.zero.at) < EXACT
        assert min(uy1, uy2) < min(t.lo for t in x_scale.ticks)
        assert max(t.hi for t in x_scale.ticks) < max(uy1, uy2)
        (ax1, ay), (ax2, _) = _apply(m, across.x1, across.y1), _apply(m, across.x2, across.y2)
        assert abs(ay - y_scale.zero.at) < EXACT
        assert min(ax1, ax2) < min(t.lo for t in y_scale.ticks)
        assert max(t.hi for t in y_scale.ticks) < max(ax1, ax2)


def test_calibration_with_a_back_offset_moves_the_back_only(run, tmp_path):
    plain = calibration(run, tmp_path)
    shifted = calibration(run, tmp_path, "--back-offset", "1.5,-1")
    dx, dy = mm(1.5), mm(-1)
    assert_same_page(Side(plain, 0), Side(shifted, 0))
    x_scale, y_scale = read_scale(shifted, True), read_scale(shifted, False)
    width, height = paper_points("a4")
    assert abs(x_scale.zero.at - (width / 2 + dx)) < EXACT
    assert abs(y_scale.zero.at - (height / 2 + dy)) < EXACT
    # The note says what to type, as one word the shell passes on whole.
    assert "(printed with --back-offset 1.5,-1)" in page_texts(shifted)[1]
    # Everything on the back moved by the offset: the scales, their numbers, the title.
    assert_chars_moved(printed(plain, 1), printed(shifted, 1), dx, dy, extra=True)
    old, new = paint(plain, 1).segments, paint(shifted, 1).segments
    assert len(old) == len(new) == 84
    for a, b in zip(old, new, strict=True):
        assert moved((a.x1, a.y1), (b.x1, b.y1), dx, dy)
        assert moved((a.x2, a.y2), (b.x2, b.y2), dx, dy)
    # The club's back_offset prints the check sheet the same way.
    (tmp_path / "club.toml").write_text("back_offset = [1.5, -1]\n", encoding="utf-8")
    assert calibration(run, tmp_path) == shifted


# ---- bleed ---------------------------------------------------------------------------------

BLEED = mm(3)


@pytest.mark.parametrize("combo", COMBOS, ids=every_id)
def test_bleed_spaces_the_cards_and_runs_the_bands_past_the_trim(build, library, combo):
    size, paper = combo
    result = build(size, paper, bleed=BLEED)
    plan = plan_sheet(paper, *card_points(size), BLEED)
    assert plan.per_sheet >= 1
    assert (result.sheet.cols, result.sheet.rows) == (plan.cols, plan.rows)
    width, height = card_points(size)
    paper_w, paper_h = paper_points(paper)
    for front, _ in sheets(result, "long"):
        marks = read_marks(front.pdf, front.page)
        assert len(marks.cells) == plan.per_sheet
        for cuts, count in ((marks.xs, plan.cols), (marks.ys, plan.rows)):
            assert len(marks.spans(cuts)) == count
            assert all(abs(g - 2 * BLEED) < EXACT for g in marks.gutters(cuts)), "6 mm gutters"
            assert len(marks.gutters(cuts)) == count - 1
        for x0, y0, x1, y1 in marks.cells:
            trim = sorted((x1 - x0, y1 - y0))
            assert close(trim, sorted((width, height)), NOMINAL)
        # The marks start outside the bleed: 3 mm from the trim, where the colour ends.
        assert all(abs(o - BLEED) < EXACT for o in marks.offsets)
        assert mm(3) - EXACT <= min(marks.lengths) and max(marks.lengths) <= mm(5) + EXACT
        for s in marks.segments:
            assert min(s.x1, s.x2, s.y1, s.y2) >= PRINTER_MARGIN - EXACT
            assert max(s.x1, s.x2) <= paper_w - PRINTER_MARGIN + EXACT
            assert max(s.y1, s.y2) <= paper_h - PRINTER_MARGIN + EXACT
    assert_backs_behind_fronts(result, library, size, paper, "long", BLEED)


class Pixels:
    """A page rendered by pdfium, looked up in PDF points."""

    def __init__(self, pdf: bytes, page: int, scale: float = 6) -> None:  # 432 dpi
        doc = pdfium.PdfDocument(pdf)
        try:
            self.height = doc[page].get_size()[1]
            self.image = doc[page].render(scale=scale).to_pil().convert("RGB")
        finally:
            doc.close()
        self.scale = scale

    def at(self, x: float, y: float) -> tuple[int, ...]:
        return self.image.getpixel((round(x * self.scale), round((self.height - y) * self.scale)))

    def accent(self, x: float, y: float) -> bool:
        wanted = (round(v * 255) for v in ACCENT)
        return all(abs(p - q) <= 8 for p, q in zip(self.at(x, y), wanted, strict=True))

    def white(self, x: float, y: float) -> bool:
        return self.at(x, y) == (255, 255, 255)


@pytest.mark.parametrize("bleed", [0.0, BLEED], ids=["no-bleed", "bleed-3mm"])
def test_the_band_colour_is_printed_exactly_as_far_as_the_bleed(build, bleed):
    """Pixels of the accent colour just inside the bleed, none 0.5 mm beyond it; without bleed,
    none outside the trim. Fronts and backs."""
    result = build("a7", "a4", bleed=bleed)
    fronts = read_marks(result.pdf, 0).cells
    backs = [turn_rect(turn("long", *paper_points("a4")), c) for c in fronts]
    for page, cells in ((0, fronts), (1, backs)):
        pixels = Pixels(result.pdf, page)
        left, right = min(c[0] for c in cells), max(c[2] for c in cells)
        reach = bleed + mm(0.5)
        for x0, _, x1, y1 in cells:
            middle, band_y = (x0 + x1) / 2, y1 - mm(1)
            assert pixels.accent(middle, y1 - mm(0.5)), "the band inside the trim"
            if bleed:  # above the card's top, and left and right of its band
                assert pixels.accent(middle, y1 + bleed - mm(0.5))
                assert pixels.accent(x0 - bleed + mm(0.5), band_y)
                assert pixels.accent(x1 + bleed - mm(0.5), band_y)
            # Past the bleed, white: above every card (in the gutter or the margin, unless
            # another card's trim is there), sideways at the sheet's outer edges (between cards
            # the neighbour's bleed begins).
            assert pixels.white(middle, y1 + reach) or any(
                inside((middle, y1 + reach), c) for c in cells
            )
            if x0 == left:
                assert pixels.white(x0 - reach, band_y)
            if x1 == right:
                assert pixels.white(x1 + reach, band_y)


@pytest.mark.parametrize("combo", COMBOS, ids=every_id)
def test_the_widest_bleed_and_farthest_marks_still_fit_a_card(combo):
    size, paper = combo
    sheet = plan_sheet(
        paper, *card_points(size), bleed=mm(6), mark_offset=mm(10), mark_length=mm(15)
    )
    assert sheet.per_sheet >= 1
    assert sheet.mark_offset == pytest.approx(mm(10))
    assert mm(3) <= sheet.mark_length <= mm(15)


# ---- one face per page, for print shops ----------------------------------------------------


def box(page, name: str) -> tuple[float, ...]:
    return tuple(float(v) for v in getattr(page, name))


@pytest.mark.parametrize("bleed", [BLEED, 0.0], ids=["bleed-3mm", "no-bleed"])
@pytest.mark.parametrize("size", SIZES)
def test_per_page_gives_each_face_its_own_page_with_trim_and_bleed_boxes(
    build, library, size, bleed
):
    result = build(size, "a4", per_page=True, bleed=bleed)
    width, height = card_points(size)
    reader = _reader(result.pdf)
    assert len(reader.pages) == result.pages == 2 * result.cards
    assert result.backs_pdf is None
    for number, page in enumerate(reader.pages):
        assert "/TrimBox" in page and "/BleedBox" in page, "set on the page, not inherited"
        media = (0.0, 0.0, width + 2 * bleed, height + 2 * bleed)
        assert close(box(page, "mediabox"), media)
        assert close(box(page, "bleedbox"), media)
        trim = box(page, "trimbox")
        assert close(trim, (bleed, bleed, bleed + width, bleed + height))
        assert close((trim[2] - trim[0], trim[3] - trim[1]), (width, height), NOMINAL)
        # The band runs to the page's edges: the bleed is filled to the cut of the print shop.
        [band] = bands(result.pdf, number)
        assert close((band.x0, band.x1, band.y1), (0.0, media[2], media[3]))
    texts = [squash(t) for t in page_texts(result.pdf)]
    for k, drill in enumerate(drills_in(result, library)):
        front, back = (
            read_card(result.pdf, p, box(reader.pages[p], "mediabox")) for p in (2 * k, 2 * k + 1)
        )
        assert title_of(front, drill, front_follows(drill)), f"page {2 * k + 1}"
        assert title_of(back, drill, BACK_FOLLOWS), f"page {2 * k + 2}"
        cue, fault = squash(drill.cues[-1]), squash(drill.faults[-1].fault)
        assert cue in texts[2 * k] and cue not in texts[2 * k + 1]
        assert fault in texts[2 * k + 1] and fault not in texts[2 * k]
        for side in (front, back):  # upright: a print shop imposes the pages itself
            assert {(c.right, c.up) for c in side} == {((1.0, 0.0), (0.0, 1.0))}


def pdffonts(path) -> list[dict[str, str]]:
    tool = program("pdffonts")
    done = subprocess.run([tool, str(path)], capture_output=True, text=True, check=True)
    lines = done.stdout.splitlines()
    assert lines[1].startswith("----")
    fonts = []
    for line in lines[2:]:
        fields = line.split()
        fonts.append({"name": fields[0], "emb": fields[-5], "sub": fields[-4]})
    return fonts


@pytest.mark.parametrize(
    "options",
    [
        ("--per-page", "--bleed", "3"),
        ("--duplex", "separate"),
        ("--duplex", "short", "--bleed", "3.175", "--cut-lines"),
    ],
    ids=["per-page", "separate", "short"],
)
def test_every_font_is_embedded(run, tmp_path, options):
    result = run("cards", "--size", "poker", *options, "-o", "deck.pdf")
    assert result.exit_code == 0, result.output
    written = sorted(tmp_path.glob("deck*.pdf"))
    assert [p.name for p in written] == (
        ["deck-backs.pdf", "deck-fronts.pdf"] if "separate" in options else ["deck.pdf"]
    )
    for path in written:
        fonts = pdffonts(path)
        assert fonts, f"{path.name}: no fonts"
        assert all(f["emb"] == "yes" for f in fonts), f"{path.name}: {fonts}"


def test_calibration_fonts_are_embedded(run, tmp_path):
    calibration(run, tmp_path)
    fonts = pdffonts(tmp_path / "calibration0.pdf")
    assert fonts and all(f["emb"] == "yes" for f in fonts)


def test_separate_writes_fronts_and_backs_beside_the_name_asked_for(run, tmp_path):
    result = run("cards", "--duplex", "separate")
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == ["cards-backs.pdf", "cards-fronts.pdf"]
    assert "cards-fronts.pdf" in result.output and "cards-backs.pdf" in result.output
    fronts, backs = ((out / f"cards-{n}.pdf").read_bytes() for n in ("fronts", "backs"))
    assert len(_reader(fronts).pages) == len(_reader(backs).pages) == 3
    assert all(crop_marks(fronts, p) for p in range(3))
    assert not any(paint(backs, p).segments for p in range(3))


def test_separate_reports_the_pages_of_each_file(run, tmp_path):
    result = run("cards", "--duplex", "separate")
    assert result.exit_code == 0, result.output
    pages = re.search(r"cards-fronts\.pdf: .*?(\d+) pages", result.output)
    assert pages, result.output
    assert int(pages.group(1)) == len(
        _reader((tmp_path / "out/cards-fronts.pdf").read_bytes()).pages
    )


# ---- crop-mark length and offset, cut lines ------------------------------------------------

MARK_CASES = [  # size, paper, --mark-length, --mark-offset, --bleed (mm)
    ("a7", "a4", 8, 4, 0),
    ("a7", "letter", 15, 0, 0),
    ("business", "a4", 5, 2, 0),  # 11 mm round the grid: marks shortened to 4 mm
    ("business", "a4", 15, 10, 0),
    ("poker", "letter", 3, 6, 3),
    ("index-3x5", "a4", 12, 1, 3),  # the bleed pushes the marks out to 3 mm
    ("a6", "letter", 15, 10, 6),
]


@pytest.mark.parametrize("case", MARK_CASES, ids=lambda c: "-".join(map(str, c)))
def test_marks_have_the_length_and_offset_asked_for_where_there_is_room(build, case):
    size, paper, length, offset, bleed = case
    result = build(size, paper, mark_length=mm(length), mark_offset=mm(offset), bleed=mm(bleed))
    paper_w, paper_h = paper_points(paper)
    marks = read_marks(result.pdf, 0)
    assert (
        len(marks.cells)
        == plan_sheet(paper, *card_points(size), mm(bleed), mm(offset), mm(length)).per_sheet
        >= 1
    )
    start = mm(max(offset, bleed))  # never inside the bleed
    assert all(abs(o - start) < EXACT for o in marks.offsets)
    room = min(marks.xs[0], paper_w - marks.xs[-1], marks.ys[0], paper_h - marks.ys[-1])
    # As long as asked where the margin allows, else as long as fits, and never below 3 mm.
    expected = max(mm(3), min(mm(length), room - PRINTER_MARGIN - start))
    assert all(abs(v - expected) < EXACT for v in marks.lengths), (
        f"{[round(v / mm(1), 2) for v in set(marks.lengths)]} mm, expected "
        f"{expected / mm(1):.2f} mm"
    )
    for s in marks.segments:
        assert min(s.x1, s.x2, s.y1, s.y2) >= PRINTER_MARGIN - EXACT
        assert max(s.x1, s.x2) <= paper_w - PRINTER_MARGIN + EXACT
        assert max(s.y1, s.y2) <= paper_h - PRINTER_MARGIN + EXACT


def test_mark_options_on_the_command_line(run, tmp_path):
    result = run("cards", "--mark-length", "8", "--mark-offset", "4", "-o", "cards.pdf")
    assert result.exit_code == 0, result.output
    marks = read_marks((tmp_path / "cards.pdf").read_bytes(), 0)
    assert all(abs(o - mm(4)) < EXACT for o in marks.offsets)
    assert all(abs(v - mm(8)) < EXACT for v in marks.lengths)
    for bad in (
        ("--mark-length", "2"),
        ("--mark-length", "16"),
        ("--mark-offset", "-1"),
        ("--mark-offset", "11"),
        ("--bleed", "7"),
        ("--bleed", "-1"),
    ):
        result = run("cards", *bad, "-o", "bad.pdf")
        assert result.exit_code == 2, bad
        assert not (tmp_path / "bad.pdf").exists()


@pytest.mark.parametrize(
    ("size", "paper", "bleed"),
    [("a7", "a4", 0.0), ("business", "letter", 0.0), ("poker", "a4", BLEED)],
)
def test_cut_lines_run_along_every_cut_across_the_sheet(build, size, paper, bleed):
    result = build(size, paper, cut_lines=True, bleed=bleed)
    plain = build(size, paper, bleed=bleed)
    paper_w, paper_h = paper_points(paper)
    for front, back in sheets(result, "long"):
        marks = read_marks(front.pdf, front.page)
        lines = cut_guides(front.pdf, front.page)
        assert all(s.color != (0.0, 0.0, 0.0) for s in lines), "grey, not crop-mark black"
        down = sorted(s.at for s in lines if s.vertical)
        across = sorted(s.at for s in lines if s.horizontal)
        assert len(down) + len(across) == len(lines)
        assert close(down, marks.xs) and close(across, marks.ys)
        for s in lines:
            end = paper_h if s.vertical else paper_w
            assert abs(s.lo - PRINTER_MARGIN) < EXACT and abs(s.hi - end + PRINTER_MARGIN) < EXACT
        assert not cut_guides(back.pdf, back.page)
    for front, _ in sheets(plain, "long"):
        assert not cut_guides(front.pdf, front.page), "cut lines only when asked for"


# ---- the safe zone -------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_builtin_layouts_keep_text_3mm_inside_the_trim(size):
    layout = load_card_layout(size)
    for face, boxes in layout.faces.items():
        for b in boxes:
            if b.kind != "text":
                continue
            gap = min(b.x, b.y, layout.width - b.x - b.width, layout.height - b.y - b.height)
            assert gap >= SAFE_ZONE - 0.01, f"{size} {face} {b.name}: {gap / mm(1):.2f} mm"


@pytest.mark.parametrize("combo", COMBOS, ids=every_id)
def test_printed_text_stays_3mm_inside_every_trim(build, combo):
    """Measured on the sheet: every glyph's box, front and back, against the crop marks."""
    size, paper = combo
    for duplex in ("long", "short"):
        result = build(size, paper, duplex=duplex)
        for front, back in sheets(result, duplex):
            cells = read_marks(front.pdf, front.page).cells
            behind = [turn_rect(turn(duplex, *paper_points(paper)), c) for c in cells]
            for side, trims in ((front, cells), (back, behind)):
                for c in printed(side.pdf, side.page):
                    corners = [(c.box[0], c.box[1]), (c.box[2], c.box[3])]
                    assert any(all(inside(p, t, SAFE_ZONE) for p in corners) for t in trims), (
                        f"page {side.page + 1}: {c.text!r} at {c.box} is within 3 mm of a cut"
                    )


SAFE_CASES = [  # size, face, box, key, value: each puts a text box 2 mm from an edge
    ("a7", "tall.front", "text", "left", "2mm"),
    ("poker", "tall-small.back", "text", "top", "2mm"),
    ("business", "wide-small.front", "dosage", "right", "2mm"),
    ("index-3x5", "wide.back", "text", "top", "2mm"),
    ("a7", "tall.back", "club", "bottom", "2mm"),
    ("a6", "tall-large.front", "caption", "bottom", "2mm"),
]


@pytest.mark.parametrize("case", SAFE_CASES, ids=lambda c: f"{c[0]}-{c[1]}-{c[2]}")
def test_text_outside_the_safe_zone_exits_2_naming_the_box(run, tmp_path, case):
    size, face, name, key, value = case
    templates = layout_copy(tmp_path, lambda text: edit_box(text, face, name, key, value))
    for command in (("cards",), ("check",)):
        result = run(*command, "--size", size, "--templates", templates)
        assert result.exit_code == 2, result.output
        assert f'"{name}"' in result.output and "3 mm" in result.output, result.output
        assert "2.0 mm" in result.output and f"faces.{face}" in result.output
        assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_a_band_or_code_may_come_closer_than_the_safe_zone(run, tmp_path):
    """Only text must stay inside: colour bands touch the trim by design."""
    templates = layout_copy(tmp_path, lambda t: edit_box(t, "tall.front", "band", "height", "4mm"))
    result = run("cards", "--templates", templates, "-o", "cards.pdf")
    assert result.exit_code == 0, result.output


# ---- QR codes ------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_builtin_codes_keep_modules_of_at_least_0_4_mm(library, size):
    layout = load_card_layout(size)
    codes = [b for b in layout.front + layout.back if b.kind == "qr"]
    assert codes
    for drill in library.drills:
        for b in codes:
            module = min(b.width, b.height) / encode(drill.video).modules
            assert module >= mm(0.4), f"{size}: {drill.id} {module / mm(1):.2f} mm"


@pytest.mark.parametrize("combo", [("a7", "a4"), ("business", "letter")], ids=every_id)
def test_printed_qr_modules_measure_at_least_0_4_mm(build, combo):
    """From the page: the code's dark modules are squares of at least 0.4 mm."""
    result = build(*combo, duplex="long")
    dark = [f for f in paint(result.pdf, 0).fills if same_color(f.color, (0, 0, 0))]
    assert dark
    side = min(min(f.x1 - f.x0, f.y1 - f.y0) for f in dark)
    assert side >= mm(0.4) - EXACT


@pytest.mark.parametrize("size", SIZES)
def test_a_long_link_warns_on_every_size(tmp_path, drills_file, size):
    url = "https://example.org/" + "long-path/" * 28
    library = cards.load_library(drills_file({"drills": [make_drill(video=url)]}))
    result = cards.render_cards(library, Options(size=size))
    assert any("shorter link" in w and "0.4 mm" in w for w in result.warnings), result.warnings
    short = cards.load_library(drills_file({"drills": [make_drill()]}, "short.json"))
    assert cards.render_cards(short, Options(size=size)).warnings == []
