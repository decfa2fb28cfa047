"""A reportlab canvas set up the same way for every product: reproducible, fonts embedded."""

from __future__ import annotations

import io

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from .fonts import FontPair


def new_canvas(
    width: float,
    height: float,
    fonts: FontPair,
    title: str,
    subject: str,
    chars: str = "",
    lang: str = "en",
) -> tuple[Canvas, io.BytesIO]:
    """A canvas writing into memory; `invariant` makes the same input give the same bytes.

    `chars` are registered with both fonts first, in their order, so that canvases given the same
    chars embed the same font subsets, which a joined PDF keeps once (chunks.py)."""
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=(width, height),
        invariant=1,
        pageCompression=1,
        initialFontName=fonts.regular,
        lang=lang,
    )  # no stray, unembedded Helvetica
    canvas.setTitle(title)
    canvas.setSubject(subject)
    canvas.setCreator("drillcards")
    canvas.setAuthor("drillcards")
    for name in (fonts.regular, fonts.bold):
        font = pdfmetrics.getFont(name)
        known = font.face.charToGlyph
        # reportlab assigns each character its code in the subset on first use, per document
        font.splitString("".join(c for c in chars if ord(c) in known), canvas._doc)
    return canvas, buffer
