"""Regenerate the README's pictures from real output: `python docs/images.py` in a checkout."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from cards import load_library, render_cards
from cards.units import mm

DOCS = Path(__file__).resolve().parent
DPI = 150


def card_pictures(drill_id: str = "ankle-drill") -> None:
    """The front and the back of one A7 card, cut from the printed sheet with a little margin."""
    library = load_library(DOCS.parent / "drills.json")
    result = render_cards(library, [drill_id])
    sheet = result.sheet
    x, y, w, h = sheet.slot_rect(0)
    scale, pad = DPI / 72, mm(6)
    document = pdfium.PdfDocument(result.pdf)
    for page, name, left in ((0, "card-front", x), (1, "card-back", sheet.width - x - w)):
        image = document[page].render(scale=scale).to_pil()
        top = sheet.height - y - h
        box = (left - pad, top - pad, left + w + pad, top + h + pad)
        image.crop(tuple(int(v * scale) for v in box)).save(DOCS / f"{name}.png", optimize=True)
    document.close()


if __name__ == "__main__":
    card_pictures()
