"""QR codes drawn as vector paths: level M, no silent level boost, a 4-module quiet zone."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import segno
from reportlab.lib.colors import black, white
from reportlab.pdfgen.canvas import Canvas

from .units import mm

QUIET_MODULES = 4
MIN_MODULE = mm(0.4)  # below this phones struggle with a printed code


@dataclass(frozen=True)
class QrMatrix:
    """Dark-module runs per row: (row, start column, length), plus the symbol's width in modules."""

    modules: int
    runs: tuple[tuple[int, int, int], ...]
    version: int


@lru_cache(maxsize=4096)
def encode(data: str) -> QrMatrix:
    """Encode once per distinct string; segno picks the smallest version at level M."""
    code = segno.make_qr(data, error="m", boost_error=False)
    runs = []
    for row_index, row in enumerate(code.matrix):
        start = None
        for col, dark in enumerate([*row, 0]):
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                runs.append((row_index, start, col - start))
                start = None
    width, _ = code.symbol_size(border=0)
    return QrMatrix(width, tuple(runs), int(code.version))


def module_size(data: str, size: float) -> float:
    """The printed width of one module, in points, when the symbol is `size` points wide."""
    return size / encode(data).modules


def quiet_zone(data: str, size: float) -> float:
    return module_size(data, size) * QUIET_MODULES


def draw_qr(canvas: Canvas, data: str, x: float, y: float, size: float) -> None:
    """Draw the symbol with its lower-left corner at (x, y), `size` points wide, on white."""
    matrix = encode(data)
    unit = size / matrix.modules
    quiet = unit * QUIET_MODULES
    canvas.saveState()
    canvas.setFillColor(white)
    canvas.rect(x - quiet, y - quiet, size + 2 * quiet, size + 2 * quiet, stroke=0, fill=1)
    canvas.setFillColor(black)
    path = canvas.beginPath()
    top = y + size
    for row, col, length in matrix.runs:
        path.rect(x + col * unit, top - (row + 1) * unit, length * unit, unit)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
