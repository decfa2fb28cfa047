"""Reading a printed PDF back as a print shop would measure it: path operators (crop marks, cut
lines, colour bands) through a small interpreter of the content stream, characters with their
positions and directions through pdfium, and the geometry of turning a sheet over for duplex.
Shared by the tests of cards, imposition and print setups; never reads the Sheet that drew it."""

from __future__ import annotations

import ctypes
import io
import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pypdf import PdfReader
from pypdf.generic import ContentStream

from cards.impose import compose
from cards.render.units import mm

ACCENT = (0x0B / 255, 0x6E / 255, 0x4F / 255)  # the bands' colour in templates/card.toml
EXACT = 0.02  # points; what reportlab's rounding of coordinates leaves


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ---- reading the page content --------------------------------------------------------------


def _apply(m, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


@dataclass(frozen=True)
class Segment:
    """A stroked straight line in page coordinates."""

    x1: float
    y1: float
    x2: float
    y2: float
    color: tuple[float, ...]
    dashed: bool
    width: float

    @property
    def vertical(self) -> bool:
        return abs(self.x1 - self.x2) < 1e-3

    @property
    def horizontal(self) -> bool:
        return abs(self.y1 - self.y2) < 1e-3

    @property
    def length(self) -> float:
        return math.hypot(self.x2 - self.x1, self.y2 - self.y1)

    @property
    def lo(self) -> float:  # the lower end along the segment's own axis
        return min(self.y1, self.y2) if self.vertical else min(self.x1, self.x2)

    @property
    def hi(self) -> float:
        return max(self.y1, self.y2) if self.vertical else max(self.x1, self.x2)

    @property
    def at(self) -> float:  # x of a vertical segment, y of a horizontal one
        return self.x1 if self.vertical else self.y1


@dataclass(frozen=True)
class Fill:
    """A filled rectangle (`re` … `f`), as its bounding box in page coordinates."""

    x0: float
    y0: float
    x1: float
    y1: float
    color: tuple[float, ...]

    @property
    def box(self) -> tuple[float, float, float, float]:
        return self.x0, self.y0, self.x1, self.y1


@dataclass(frozen=True)
class Paint:
    segments: tuple[Segment, ...]
    fills: tuple[Fill, ...]


def _color(operands, op: str) -> tuple[float, ...]:
    values = [float(v) for v in operands]
    if op in ("g", "G"):
        return (values[0],) * 3
    if op in ("k", "K"):
        c, m, y, k = values
        return tuple((1 - v) * (1 - k) for v in (c, m, y))
    return tuple(values)


@cache
def _reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


@cache
def paint(pdf: bytes, page: int) -> Paint:
    """Every stroked line and filled rectangle on a page, in page coordinates."""
    reader = _reader(pdf)
    content = ContentStream(reader.pages[page].get_contents(), reader)
    state = {
        "ctm": (1.0, 0.0, 0.0, 1.0, 0.0, 0.0),
        "fill": (0.0,) * 3,
        "stroke": (0.0,) * 3,
        "width": 1.0,
        "dashed": False,
    }
    stack = []
    lines: list[tuple[float, float, float, float]] = []
    rects: list[list[tuple[float, float]]] = []
    current = start = (0.0, 0.0)
    segments, fills = [], []
    for operands, raw in content.operations:
        op = raw.decode("latin-1") if isinstance(raw, bytes) else str(raw)
        if op == "q":
            stack.append(dict(state))
        elif op == "Q":
            state = stack.pop()
        elif op == "cm":
            state["ctm"] = compose(state["ctm"], tuple(float(v) for v in operands))
        elif op in ("rg", "g", "k", "sc", "scn"):
            state["fill"] = _color(operands, op)
        elif op in ("RG", "G", "K", "SC", "SCN"):
            state["stroke"] = _color(operands, op)
        elif op == "w":
            state["width"] = float(operands[0])
        elif op == "d":
            state["dashed"] = len(operands[0]) > 0
        elif op == "m":
            current = start = _apply(state["ctm"], float(operands[0]), float(operands[1]))
        elif op == "l":
            point = _apply(state["ctm"], float(operands[0]), float(operands[1]))
            lines.append((*current, *point))
            current = point
        elif op in ("c", "v", "y"):
            current = _apply(state["ctm"], float(operands[-2]), float(operands[-1]))
        elif op == "h":
            lines.append((*current, *start))
            current = start
        elif op == "re":
            x, y, w, h = (float(v) for v in operands)
            rects.append(
                [_apply(state["ctm"], *p) for p in ((x, y), (x + w, y), (x + w, y + h), (x, y + h))]
            )
        elif op in ("S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"):
            if op in ("S", "s", "B", "B*", "b", "b*"):
                edges = list(lines) + [(*r[i], *r[(i + 1) % 4]) for r in rects for i in range(4)]
                segments += [
                    Segment(*e, state["stroke"], state["dashed"], state["width"]) for e in edges
                ]
            if op in ("f", "F", "f*", "B", "B*", "b", "b*"):
                for r in rects:
                    xs, ys = zip(*r, strict=True)
                    fills.append(Fill(min(xs), min(ys), max(xs), max(ys), state["fill"]))
            lines, rects = [], []
    return Paint(tuple(segments), tuple(fills))


def same_color(a, b) -> bool:
    return all(abs(p - q) < 0.005 for p, q in zip(a, b, strict=True))


def bands(pdf: bytes, page: int) -> list[Fill]:
    """The accent-coloured rectangles: the colour band at the top of every card face."""
    return [f for f in paint(pdf, page).fills if same_color(f.color, ACCENT)]


def crop_marks(pdf: bytes, page: int) -> list[Segment]:
    return [s for s in paint(pdf, page).segments if same_color(s.color, (0, 0, 0)) and not s.dashed]


def cut_guides(pdf: bytes, page: int) -> list[Segment]:
    return [s for s in paint(pdf, page).segments if s.dashed]


@dataclass(frozen=True)
class Char:
    text: str
    x: float  # origin, on the baseline
    y: float
    box: tuple[float, float, float, float]  # left, bottom, right, top
    right: tuple[float, float]  # unit vector along the baseline
    up: tuple[float, float]  # unit vector from baseline to cap height


def _unit(x: float, y: float) -> tuple[float, float]:
    length = math.hypot(x, y)
    return round(x / length, 3) + 0.0, round(y / length, 3) + 0.0


@cache
def chars(pdf: bytes, page: int) -> tuple[Char, ...]:
    """Every character on the page (not the spaces and line ends pdfium makes up); pdfium's
    order, which is not the reading order of turned text (see read_card)."""
    doc = pdfium.PdfDocument(pdf)
    try:
        textpage = doc[page].get_textpage()
        found = []
        for i in range(textpage.count_chars()):
            if pdfium_c.FPDFText_IsGenerated(textpage, i):
                continue
            text = chr(pdfium_c.FPDFText_GetUnicode(textpage, i))
            text = "-" if text in "\x02\ufffe" else text  # a word's own hyphen at a line's end
            x, y = ctypes.c_double(), ctypes.c_double()
            pdfium_c.FPDFText_GetCharOrigin(textpage, i, x, y)
            matrix = pdfium_c.FS_MATRIX()
            pdfium_c.FPDFText_GetMatrix(textpage, i, matrix)
            found.append(
                Char(
                    text,
                    x.value,
                    y.value,
                    tuple(textpage.get_charbox(i)),
                    _unit(matrix.a, matrix.b),
                    _unit(matrix.c, matrix.d),
                )
            )
        return tuple(found)
    finally:
        doc.close()


def printed(pdf: bytes, page: int) -> list[Char]:
    return [c for c in chars(pdf, page) if c.text.strip()]


def read_card(pdf: bytes, page: int, rect) -> list[Char]:
    """The characters whose origin lies on the card `rect`, in the card's own reading order:
    lines from its top down, each from its left; its top and left as its text says."""
    found = [c for c in printed(pdf, page) if inside((c.x, c.y), rect)]
    if not found:
        return []
    right, up = Counter((c.right, c.up) for c in found).most_common(1)[0][0]
    across = sorted(found, key=lambda c: -(c.x * up[0] + c.y * up[1]))
    lines: list[list[Char]] = []
    line_at = math.inf
    for char in across:
        height = char.x * up[0] + char.y * up[1]
        if height < line_at - 2.0:  # a new line: lines are at least 6 pt apart
            lines.append([])
            line_at = height
        lines[-1].append(char)
    return [
        c for line in lines for c in sorted(line, key=lambda c: c.x * right[0] + c.y * right[1])
    ]


def title_of(found: list[Char], drill, then: str) -> list[Char] | None:
    """The card's title characters if the card reads `drill.name` then `then`, else None (a
    hyphen added where a word breaks at a line's end, U+2010, is not the drill's)."""
    found = [c for c in found if c.text != "\u2010"]
    text = "".join(c.text for c in found)
    at = text.find(squash(drill.name) + squash(then))  # a code's caption may read before it
    if at < 0:
        return None
    return found[at : at + len(squash(drill.name))]


def front_follows(drill) -> str:
    """What a front reads after the title: its category line, else its summary."""
    meta = drill.category or drill.level
    return meta.upper() if meta else drill.summary


BACK_FOLLOWS = "COMMON FAULTS"


# ---- what the marks and bands say ----------------------------------------------------------


@dataclass(frozen=True)
class Marks:
    """Crop marks read back: the cut lines they continue and how far from the grid they sit."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    offsets: tuple[float, ...]
    lengths: tuple[float, ...]
    segments: tuple[Segment, ...]

    def spans(self, cuts: tuple[float, ...]) -> list[tuple[float, float]]:
        """The trims along one axis: from one cut to the next, skipping the gutters between
        bleeds (twice the bleed: 12 mm at most)."""
        pairs = list(itertools.pairwise(cuts))
        return [(a, b) for a, b in pairs if b - a > mm(20)]

    def gutters(self, cuts: tuple[float, ...]) -> list[float]:
        pairs = list(itertools.pairwise(cuts))
        return [b - a for a, b in pairs if b - a <= mm(20)]

    @property
    def cells(self) -> list[tuple[float, float, float, float]]:
        """Every card's trim (x0, y0, x1, y1), rows from the top, left to right."""
        return [
            (x0, y0, x1, y1)
            for y0, y1 in reversed(self.spans(self.ys))
            for x0, x1 in self.spans(self.xs)
        ]


def read_marks(pdf: bytes, page: int) -> Marks:
    segments = crop_marks(pdf, page)
    assert segments, f"page {page + 1}: no crop marks"
    assert all(s.vertical or s.horizontal for s in segments)
    xs = tuple(sorted({round(s.at, 3) for s in segments if s.vertical}))
    ys = tuple(sorted({round(s.at, 3) for s in segments if s.horizontal}))
    offsets, lengths, seen = [], [], {}
    for s in segments:
        low, high = (ys[0], ys[-1]) if s.vertical else (xs[0], xs[-1])
        if s.hi <= low + 1e-3:
            side, offset = "before", low - s.hi
        else:
            assert s.lo >= high - 1e-3, f"page {page + 1}: a crop mark crosses the cards: {s}"
            side, offset = "after", s.lo - high
        key = (s.vertical, round(s.at, 3), side)
        seen[key] = seen.get(key, 0) + 1
        offsets.append(offset)
        lengths.append(s.length)
    expected = {(True, x, side): 1 for x in xs for side in ("before", "after")}
    expected |= {(False, y, side): 1 for y in ys for side in ("before", "after")}
    assert seen == expected, "every cut needs one mark at each end, and no other marks"
    return Marks(xs, ys, tuple(offsets), tuple(lengths), tuple(segments))


def card_from_band(band: Fill, up: tuple[float, float], depth: float, bleed: float = 0.0):
    """The card's trim (x0, y0, x1, y1) from its top band, which runs `bleed` past the trim on
    its three outer sides, the card's up direction on the page and its nominal height `depth`."""
    x0, y0, x1, y1 = band.box
    if up == (0.0, 1.0):
        top = y1 - bleed
        return x0 + bleed, top - depth, x1 - bleed, top
    if up == (0.0, -1.0):
        top = y0 + bleed
        return x0 + bleed, top, x1 - bleed, top + depth
    if up == (-1.0, 0.0):
        top = x0 + bleed
        return top, y0 + bleed, top + depth, y1 - bleed
    assert up == (1.0, 0.0), f"text is not square to the page: up = {up}"
    top = x1 - bleed
    return top - depth, y0 + bleed, top, y1 - bleed


def close(a, b, tol: float = EXACT) -> bool:
    return all(abs(p - q) <= tol for p, q in zip(a, b, strict=True))


def inside(point, rect, inset: float = 0.0) -> bool:
    x, y = point
    return (
        rect[0] + inset - EXACT <= x <= rect[2] - inset + EXACT
        and rect[1] + inset - EXACT <= y <= rect[3] - inset + EXACT
    )


def turn(duplex: str, width: float, height: float):
    """Where a point of the back page lies on the front page once the paper is turned over:
    long-edge duplex, and a stack fed back in like a book's page, turn it about the vertical
    axis; short-edge about the horizontal one."""
    if duplex == "short":
        return (1.0, 0.0, 0.0, -1.0, 0.0, height)
    return (-1.0, 0.0, 0.0, 1.0, width, 0.0)


def turn_rect(m, rect):
    (ax, ay), (bx, by) = _apply(m, rect[0], rect[1]), _apply(m, rect[2], rect[3])
    return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def turn_vector(m, v):
    return round(m[0] * v[0] + m[2] * v[1], 3) + 0.0, round(m[1] * v[0] + m[3] * v[1], 3) + 0.0
