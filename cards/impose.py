"""Imposition: where cards go on a sheet, crop marks, cut lines, and backs for each duplex mode.

Knows nothing about drills: it places rectangles of a given size and hands out the transform
that maps a card's own coordinates onto the sheet, for fronts and for their backs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from reportlab.lib.colors import Color, black
from reportlab.pdfgen.canvas import Canvas

from .render.units import mm

PAPERS = {"a4": (mm(210), mm(297)), "letter": (8.5 * 72.0, 11 * 72.0)}
PRINTER_MARGIN = mm(5)  # home printers cannot print closer to the paper's edge
MARK_OFFSET = mm(2)  # gap between the trim line and its crop mark
MARK_MIN = mm(3)
MARK_MAX = mm(5)
MARK_WIDTH = 0.25

Affine = tuple[float, float, float, float, float, float]


def compose(outer: Affine, inner: Affine) -> Affine:
    """outer ∘ inner, in PDF's (a b c d e f) convention."""
    a1, b1, c1, d1, e1, f1 = outer
    a2, b2, c2, d2, e2, f2 = inner
    return (
        a1 * a2 + c1 * b2,
        b1 * a2 + d1 * b2,
        a1 * c2 + c1 * d2,
        b1 * c2 + d1 * d2,
        a1 * e2 + c1 * f2 + e1,
        b1 * e2 + d1 * f2 + f1,
    )


DUPLEX_MODES = ("long", "short", "separate")


@dataclass(frozen=True)
class PrintSetup:
    """How the cards meet the printer and the cutter; lengths in points."""

    duplex: str = "long"  # long | short | separate (fronts and backs in two files)
    back_offset: tuple[float, float] = (0.0, 0.0)  # moves every back page by (x, y)
    bleed: float = 0.0  # colour runs this far past each card's trim
    mark_length: float = MARK_MAX
    mark_offset: float = MARK_OFFSET
    cut_lines: bool = False  # lines along every cut, across the sheet
    per_page: bool = False  # one face per page at card size plus bleed, for print shops


HOME_PRINTER = PrintSetup()


@dataclass(frozen=True)
class Sheet:
    """A grid of cards centred on the paper: butted edge to edge so cuts are shared, or, with
    bleed, spaced by twice the bleed so each card's colour can run past its own trim."""

    paper: str
    width: float
    height: float
    card_width: float
    card_height: float
    cols: int
    rows: int
    rotated: bool  # cards turned 90° on the sheet because more fit that way
    mark_length: float
    bleed: float = 0.0
    mark_offset: float = MARK_OFFSET

    @property
    def per_sheet(self) -> int:
        return self.cols * self.rows

    @property
    def trim(self) -> tuple[float, float]:
        """A card's trim size as it lies on the sheet (turned or not)."""
        if self.rotated:
            return self.card_height, self.card_width
        return self.card_width, self.card_height

    @property
    def cell(self) -> tuple[float, float]:
        trim_w, trim_h = self.trim
        return trim_w + 2 * self.bleed, trim_h + 2 * self.bleed

    @property
    def origin(self) -> tuple[float, float]:
        cell_w, cell_h = self.cell
        return (self.width - self.cols * cell_w) / 2, (self.height - self.rows * cell_h) / 2

    def slot_rect(self, slot: int) -> tuple[float, float, float, float]:
        """(x, y, width, height) of a card's trim on the front page; slots run row by row from
        the top left."""
        cell_w, cell_h = self.cell
        trim_w, trim_h = self.trim
        x0, y0 = self.origin
        row, col = divmod(slot, self.cols)
        return (
            x0 + col * cell_w + self.bleed,
            y0 + (self.rows - 1 - row) * cell_h + self.bleed,
            trim_w,
            trim_h,
        )

    def front_transform(self, slot: int) -> Affine:
        x, y, trim_w, _ = self.slot_rect(slot)
        if self.rotated:  # card's top points to the sheet's left
            return (0.0, 1.0, -1.0, 0.0, x + trim_w, y)
        return (1.0, 0.0, 0.0, 1.0, x, y)

    def back_transform(
        self, slot: int, duplex: str = "long", offset: tuple[float, float] = (0.0, 0.0)
    ) -> Affine:
        """Where the back of a slot's card goes so it lands behind its front.

        Long-edge duplex (and fronts and backs printed separately, the stack turned like a
        book's page) turns the paper about its vertical axis; short-edge about its horizontal
        axis. Either way a point of the card's back (u, v) is the point (width - u, v) of its
        front — a card is turned over like a page — so its back reads upright in the hand.
        `offset` moves the back page to make up for a printer that shifts it.
        """
        if duplex == "short":
            turn_sheet = (1.0, 0.0, 0.0, -1.0, 0.0, self.height)
        else:
            turn_sheet = (-1.0, 0.0, 0.0, 1.0, self.width, 0.0)
        turn_card = (-1.0, 0.0, 0.0, 1.0, self.card_width, 0.0)
        shift = (1.0, 0.0, 0.0, 1.0, offset[0], offset[1])
        return compose(shift, compose(turn_sheet, compose(self.front_transform(slot), turn_card)))

    def cut_lines(self) -> tuple[list[float], list[float]]:
        """The x of every vertical cut and the y of every horizontal cut, left to right."""
        cell_w, cell_h = self.cell
        trim_w, trim_h = self.trim
        x0, y0 = self.origin
        xs = {
            round(x0 + c * cell_w + self.bleed + edge, 6)
            for c in range(self.cols)
            for edge in (0.0, trim_w)
        }
        ys = {
            round(y0 + r * cell_h + self.bleed + edge, 6)
            for r in range(self.rows)
            for edge in (0.0, trim_h)
        }
        return sorted(xs), sorted(ys)


def _grid(avail_w: float, avail_h: float, cell_w: float, cell_h: float) -> tuple[int, int]:
    eps = 1e-6
    return int((avail_w + eps) // cell_w), int((avail_h + eps) // cell_h)


def plan_sheet(
    paper: str,
    card_width: float,
    card_height: float,
    bleed: float = 0.0,
    mark_offset: float = MARK_OFFSET,
    mark_length: float = MARK_MAX,
) -> Sheet:
    """As many cards as fit inside the printer margin with room for crop marks around them.

    Marks start outside the bleed (at least `mark_offset` from the trim) and are at least
    MARK_MIN long; they grow to `mark_length` where the margin allows.
    """
    width, height = PAPERS[paper]
    offset = max(mark_offset, bleed)
    inset = PRINTER_MARGIN + offset + MARK_MIN
    # the outer bleed lies inside the marks' offset, so it does not need room of its own
    avail_w, avail_h = width - 2 * inset + 2 * bleed, height - 2 * inset + 2 * bleed
    step_w, step_h = card_width + 2 * bleed, card_height + 2 * bleed
    upright = _grid(avail_w, avail_h, step_w, step_h)
    turned = _grid(avail_w, avail_h, step_h, step_w)
    rotated = turned[0] * turned[1] > upright[0] * upright[1]
    cols, rows = turned if rotated else upright
    if cols * rows == 0:
        raise ValueError("the card is larger than the printable area of the paper")
    trim_w, trim_h = (card_height, card_width) if rotated else (card_width, card_height)
    grid_w = cols * trim_w + (cols - 1) * 2 * bleed
    grid_h = rows * trim_h + (rows - 1) * 2 * bleed
    room = min((width - grid_w) / 2, (height - grid_h) / 2)
    mark = max(MARK_MIN, min(mark_length, room - PRINTER_MARGIN - offset))
    return Sheet(
        paper, width, height, card_width, card_height, cols, rows, rotated, mark, bleed, offset
    )


def crop_marks(sheet: Sheet) -> Iterator[tuple[float, float, float, float]]:
    """Hairline segments (x1, y1, x2, y2) continuing each cut line outside the grid only."""
    xs, ys = sheet.cut_lines()
    start, length = sheet.mark_offset, sheet.mark_length
    for x in xs:
        yield x, ys[0] - start, x, ys[0] - start - length
        yield x, ys[-1] + start, x, ys[-1] + start + length
    for y in ys:
        yield xs[0] - start, y, xs[0] - start - length, y
        yield xs[-1] + start, y, xs[-1] + start + length, y


def draw_crop_marks(canvas: Canvas, sheet: Sheet) -> None:
    canvas.saveState()
    canvas.setStrokeColor(black)
    canvas.setLineWidth(MARK_WIDTH)
    canvas.lines(list(crop_marks(sheet)))
    canvas.restoreState()


def draw_cut_lines(canvas: Canvas, sheet: Sheet) -> None:
    """Thin grey lines along every cut, across the sheet, for a guillotine or a trimmer."""
    xs, ys = sheet.cut_lines()
    canvas.saveState()
    canvas.setStrokeColor(Color(0.6, 0.6, 0.6))
    canvas.setLineWidth(MARK_WIDTH)
    canvas.setDash(2, 2)
    canvas.lines(
        [(x, PRINTER_MARGIN, x, sheet.height - PRINTER_MARGIN) for x in xs]
        + [(PRINTER_MARGIN, y, sheet.width - PRINTER_MARGIN, y) for y in ys]
    )
    canvas.restoreState()
