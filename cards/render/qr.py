"""QR codes drawn as vector paths: level M, no silent level boost, a 4-module quiet zone."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import segno
from reportlab.lib.colors import black, white
from reportlab.pdfgen.canvas import Canvas

from .units import mm

try:  # the faster mask choice reads segno's internals: optional, and checked against segno
    from .qrmask import best_matrix
except ImportError:  # a segno without the internals qrmask uses
    best_matrix = None

QUIET_MODULES = 4
MIN_MODULE = mm(0.4)  # below this phones struggle with a printed code


@dataclass(frozen=True)
class QrPath:
    """One encoded link: its width in modules, its version, and its dark modules as PDF path
    operators in module units (origin at the bottom left), ready to scale onto any page."""

    modules: int
    version: int
    path: str


@lru_cache(maxsize=4096)
def encode(data: str) -> QrPath:
    """Encode once per distinct string: the smallest version at level M, as segno makes it.

    Each row's dark runs become rectangles; a run repeated on the rows below grows into one
    taller rectangle, so the path is short: small integers, a few kB per code."""
    code = _symbol(data)
    width = len(code.matrix)
    open_runs: dict[tuple[int, int], int] = {}  # (start, length) → first row of the rectangle
    rects: list[tuple[int, int, int, int]] = []  # (column, top row, length, rows)
    for row_index, row in enumerate([*code.matrix, ()]):
        runs, start = set(), None
        for col, dark in enumerate([*row, 0]):
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                runs.add((start, col - start))
                start = None
        for run in [r for r in open_runs if r not in runs]:
            first = open_runs.pop(run)
            rects.append((run[0], first, run[1], row_index - first))
        for run in runs - open_runs.keys():
            open_runs[run] = row_index
    rects.sort(key=lambda r: (r[1], r[0]))
    path = " ".join(
        f"{col} {width - top - rows} {length} {rows} re" for col, top, length, rows in rects
    )
    return QrPath(width, int(code.version), path + " f")


@lru_cache(maxsize=1)
def _fast_masks() -> bool:
    """qrmask gives segno's own symbol 4× faster, from segno's internals; checked once per
    process on a few links, so a changed segno falls back to its own choice, never to a
    different code."""
    if best_matrix is None:
        return False
    samples = (
        "https://example.org/v",
        "https://www.youtube.com/results?search_query=ankle+drill+running",
        "HTTPS://EXAMPLE.ORG/" + "x" * 120,
    )
    try:
        return all(best_matrix(s).matrix == _segno(s).matrix for s in samples)
    except Exception:  # any internal that moved: segno's own way is always right
        return False


def _segno(data: str):
    code = segno.make_qr(data, error="m", boost_error=False)
    return _Symbol(tuple(bytes(row) for row in code.matrix), code.version)


@dataclass(frozen=True)
class _Symbol:
    matrix: tuple[bytes, ...]
    version: int


def _symbol(data: str):
    """segno's symbol at level M: through qrmask when it agrees with segno, else segno's."""
    return best_matrix(data) if _fast_masks() else _segno(data)


def module_size(data: str, size: float) -> float:
    """The printed width of one module, in points, when the symbol is `size` points wide."""
    return size / encode(data).modules


def draw_qr(canvas: Canvas, data: str, x: float, y: float, size: float) -> None:
    """Draw the symbol with its lower-left corner at (x, y), `size` points wide, on white."""
    symbol = encode(data)
    unit = size / symbol.modules
    quiet = unit * QUIET_MODULES
    canvas.saveState()
    canvas.setFillColor(white)
    canvas.rect(x - quiet, y - quiet, size + 2 * quiet, size + 2 * quiet, stroke=0, fill=1)
    canvas.setFillColor(black)
    canvas.transform(unit, 0, 0, unit, x, y)
    canvas.addLiteral(symbol.path)
    canvas.restoreState()
