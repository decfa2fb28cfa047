"""A reportlab canvas set up the same way for every product: reproducible, fonts embedded."""

from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas

from .fonts import FontPair


def new_canvas(width: float, height: float, fonts: FontPair, title: str,
               subject: str) -> tuple[Canvas, io.BytesIO]:
    """A canvas writing into memory; `invariant` makes the same input give the same bytes."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height), invariant=1, pageCompression=1,
                    initialFontName=fonts.regular)  # no stray, unembedded Helvetica
    canvas.setTitle(title)
    canvas.setSubject(subject)
    canvas.setCreator("drillcards")
    canvas.setAuthor("drillcards")
    return canvas, buffer
