"""Imposition: where cards go on a sheet, crop marks, and backs mirrored for long-edge duplex.

Knows nothing about drills: it places rectangles of a given size and hands out the transform
that maps a card's own coordinates onto the sheet, for fronts and for their backs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from reportlab.lib.colors import black
from reportlab.pdfgen.canvas import Canvas

from .units import mm

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


def apply(transform: Affine, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = transform
    return a * x + c * y + e, b * x + d * y + f


@dataclass(frozen=True)
class Sheet:
    """A grid of cards butted edge to edge, centred on the paper, so cuts are shared."""

    paper: str
    width: float
    height: float
    card_width: float
    card_height: float
    cols: int
    rows: int
    rotated: bool  # cards turned 90° on the sheet because more fit that way
    mark_length: float

    @property
    def per_sheet(self) -> int:
        return self.cols * self.rows

    @property
    def cell(self) -> tuple[float, float]:
        if self.rotated:
            return self.card_height, self.card_width
        return self.card_width, self.card_height

    @property
    def origin(self) -> tuple[float, float]:
        cell_w, cell_h = self.cell
        return (self.width - self.cols * cell_w) / 2, (self.height - self.rows * cell_h) / 2

    def slot_rect(self, slot: int) -> tuple[float, float, float, float]:
        """(x, y, width, height) of a slot on the front page; slots run row by row from top left."""
        cell_w, cell_h = self.cell
        x0, y0 = self.origin
        row, col = divmod(slot, self.cols)
        return x0 + col * cell_w, y0 + (self.rows - 1 - row) * cell_h, cell_w, cell_h

    def front_transform(self, slot: int) -> Affine:
        x, y, cell_w, _ = self.slot_rect(slot)
        if self.rotated:  # card's top points to the sheet's left
            return (0.0, 1.0, -1.0, 0.0, x + cell_w, y)
        return (1.0, 0.0, 0.0, 1.0, x, y)

    def back_transform(self, slot: int) -> Affine:
        """Long-edge duplex: the paper turns about its vertical axis, and so does each card."""
        mirror_sheet = (-1.0, 0.0, 0.0, 1.0, self.width, 0.0)
        mirror_card = (-1.0, 0.0, 0.0, 1.0, self.card_width, 0.0)
        return compose(mirror_sheet, compose(self.front_transform(slot), mirror_card))

    def cut_lines(self) -> tuple[list[float], list[float]]:
        cell_w, cell_h = self.cell
        x0, y0 = self.origin
        return ([x0 + i * cell_w for i in range(self.cols + 1)],
                [y0 + j * cell_h for j in range(self.rows + 1)])


def _grid(avail_w: float, avail_h: float, cell_w: float, cell_h: float) -> tuple[int, int]:
    eps = 1e-6
    return int((avail_w + eps) // cell_w), int((avail_h + eps) // cell_h)


def plan_sheet(paper: str, card_width: float, card_height: float) -> Sheet:
    """As many cards as fit inside the printer margin with room for crop marks around them."""
    width, height = PAPERS[paper]
    inset = PRINTER_MARGIN + MARK_OFFSET + MARK_MIN
    avail_w, avail_h = width - 2 * inset, height - 2 * inset
    upright = _grid(avail_w, avail_h, card_width, card_height)
    turned = _grid(avail_w, avail_h, card_height, card_width)
    rotated = turned[0] * turned[1] > upright[0] * upright[1]
    cols, rows = turned if rotated else upright
    if cols * rows == 0:
        raise ValueError("the card is larger than the printable area of the paper")
    cell_w, cell_h = (card_height, card_width) if rotated else (card_width, card_height)
    room = min((width - cols * cell_w) / 2, (height - rows * cell_h) / 2)
    mark = max(MARK_MIN, min(MARK_MAX, room - PRINTER_MARGIN - MARK_OFFSET))
    return Sheet(paper, width, height, card_width, card_height, cols, rows, rotated, mark)


def crop_marks(sheet: Sheet) -> Iterator[tuple[float, float, float, float]]:
    """Hairline segments (x1, y1, x2, y2) continuing each cut line outside the grid only."""
    xs, ys = sheet.cut_lines()
    start, length = MARK_OFFSET, sheet.mark_length
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
