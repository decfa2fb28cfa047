"""Draw one prepared card face with its lower-left corner at the current origin; no pages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from ..data.model import Picture
from .layout import Box
from .pictures import draw_picture
from .qr import draw_qr
from .textfit import Fitted

CREDIT_GAP = 1.0  # points between a picture and its credit


@dataclass(frozen=True)
class PlacedPicture:
    """A drill's picture in its box, and its credit, fitted, printed small under it."""

    box: Box
    picture: Picture
    credit: Fitted | None = None


@dataclass(frozen=True)
class Face:
    """Everything needed to draw one side of a card: fitted text per box, and QR codes."""

    texts: tuple[tuple[Box, Fitted], ...]
    codes: tuple[tuple[Box, str], ...]
    logos: tuple[tuple[Box, Path], ...] = ()
    bands: tuple[Box, ...] = ()
    pictures: tuple[PlacedPicture, ...] = ()


def draw_face(
    canvas: Canvas, face: Face, bleed: float = 0.0, size: tuple[float, float] | None = None
) -> None:
    """Draw a face at the origin; bands touching the trim run `bleed` past it (size: the trim)."""
    for box in face.bands:
        draw_band(canvas, box, bleed, size)
    for box, path in face.logos:
        draw_logo(canvas, path, box)
    for placed in face.pictures:
        draw_placed(canvas, placed)
    for box, fitted in face.texts:
        draw_text(canvas, box, fitted)
    for box, url in face.codes:
        side = min(box.width, box.height)
        x, y = box.x + (box.width - side) / 2, box.y + (box.height - side) / 2
        draw_qr(canvas, url, x, y, side)
        canvas.linkURL(url, (x, y, x + side, y + side), relative=1)  # tap the code on a screen


def draw_band(canvas: Canvas, box: Box, bleed: float, size: tuple[float, float] | None) -> None:
    x0, y0, x1, y1 = box.x, box.y, box.x + box.width, box.y + box.height
    if bleed and size:
        width, height = size
        x0 -= bleed if x0 <= 0.01 else 0.0
        y0 -= bleed if y0 <= 0.01 else 0.0
        x1 += bleed if x1 >= width - 0.01 else 0.0
        y1 += bleed if y1 >= height - 0.01 else 0.0
    canvas.saveState()
    canvas.setFillColor(HexColor(box.color))
    canvas.rect(x0, y0, x1 - x0, y1 - y0, stroke=0, fill=1)
    canvas.restoreState()


def draw_placed(canvas: Canvas, placed: PlacedPicture, x: float = 0.0, y: float = 0.0) -> None:
    """A picture in its box (moved by x, y), as large as fits in proportion, centred, and its
    credit right under it."""
    box, credit = placed.box, placed.credit
    room = credit.height + CREDIT_GAP if credit else 0.0
    if box.height - room <= 1.0:
        return  # no room left for the picture at all
    _, bottom, _, _ = draw_picture(
        canvas, placed.picture, box.x + x, box.y + y + room, box.width, box.height - room
    )
    if credit:
        draw_fitted(canvas, credit, box.x + x, bottom - CREDIT_GAP)


def draw_logo(canvas: Canvas, path: Path, box: Box) -> None:
    """The club's logo, as large as the box allows, in proportion, centred."""
    canvas.drawImage(
        str(path),
        box.x,
        box.y,
        box.width,
        box.height,
        preserveAspectRatio=True,
        anchor="c",
        mask="auto",
    )


def draw_text(canvas: Canvas, box: Box, fitted: Fitted) -> None:
    slack = box.height - fitted.height
    offset = {"top": 0.0, "middle": slack / 2, "bottom": slack}[box.valign]
    draw_fitted(canvas, fitted, box.x, box.y + box.height - offset)


def draw_fitted(canvas: Canvas, fitted: Fitted, x: float, top: float) -> None:
    """Fitted paragraphs, the first one's top at (x, top)."""
    for placed in fitted.placed:
        placed.paragraph.drawOn(canvas, x, top - placed.top - placed.height)
