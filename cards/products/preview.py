"""Small PNG thumbnails of the real PDFs' pages, for a web page that lists every drill."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, replace

from PIL import Image

from ..data.library import quoted
from ..data.model import Library, Picture
from ..data.selection import select_session
from ..data.validation import close_matches
from ..errors import DataError
from ..impose import HOME_PRINTER
from ..options import DEFAULTS, Options
from ..render.pictures import picture_pdf
from .deck import render_cards
from .session import render_session
from .sheet import render_sheet

SHEET_WIDTH = 240  # pixels: drill sheets and session sheets
CARD_WIDTH = 160  # pixels: a card's front
PICTURE_WIDTH = 480  # pixels: a drill's picture
COLOURS = 32  # palette size; median cut keeps the accent, ink and the grey steps of small type


@dataclass(frozen=True)
class Preview:
    name: str  # file name, e.g. "ankle-drill-sheet.png"
    png: bytes
    alt: str  # alt text for the image, e.g. "Drill sheet of Ankle drill"


def thumbnail(pdf: bytes, page: int = 0, width: int = SHEET_WIDTH) -> bytes:
    """One page of a PDF as a small palette PNG `width` pixels wide, on white.

    pdfium renders the page straight at the scale that gives `width` pixels (its anti-aliasing
    is the downscaling), then median cut picks COLOURS colours, without dithering: dots
    would blur small type and make the file larger. The same PDF gives the same bytes.
    """
    if width < 1:
        raise ValueError(f"a thumbnail is at least 1 pixel wide, not {width}")
    import pypdfium2 as pdfium  # loaded for pictures only: other commands start quicker

    document = pdfium.PdfDocument(pdf)
    try:
        if not 0 <= page < len(document):
            raise ValueError(f"the PDF has {len(document)} page(s); there is no page {page}")
        pdf_page = document[page]
        page_width = pdf_page.get_width()
        # pdfium makes the image ceil(size × scale) pixels: aim a hair under so float rounding
        # never adds a column; the page is stretched to fill the bitmap either way.
        scale = (width - 1e-6) / page_width
        bitmap = pdf_page.render(scale=scale, fill_color=(255, 255, 255, 255))
        image = bitmap.to_pil().convert("RGB")  # a copy: the bitmap's memory goes with the PDF
        # octree: ten times quicker than median cut and, on these pages, smaller files
        small = image.quantize(
            colors=COLOURS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
        )
    finally:
        document.close()
    out = io.BytesIO()
    small.save(out, "PNG")  # optimize=True would save ~2% for five times the time
    return out.getvalue()


def picture_png(picture: Picture, width: int = PICTURE_WIDTH) -> bytes:
    """A drill's picture alone as a PNG `width` pixels wide, on white: drawn into a PDF as every
    product draws it, then rendered by pdfium, in 256 colours (plenty for a figure's edges, and
    for a photo this small)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(picture_pdf(picture, width - 1e-6))
    try:
        bitmap = document[0].render(scale=1, fill_color=(255, 255, 255, 255))
        image = bitmap.to_pil().convert("RGB")
    finally:
        document.close()
    out = io.BytesIO()
    image.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(
        out, "PNG"
    )
    return out.getvalue()


def drill_previews(library: Library, options: Options, drill_id: str) -> list[Preview]:
    """The drill's sheet and the front of its pocket card: `{id}-sheet.png`, `{id}-card.png`;
    and its picture, if it has one: `{id}-picture.png`."""
    sheet = render_sheet(library, options, drill_id)
    # One face per page at card size: page 0 is the front, alone, without crop marks.
    cards = render_cards(
        library, options.but(printing=replace(HOME_PRINTER, per_page=True)), [drill_id], backs=False
    )
    drill = library.drill(drill_id)
    name = drill.name
    return [
        Preview(
            f"{drill_id}-sheet.png", thumbnail(sheet.pdf, 0, SHEET_WIDTH), f"Drill sheet of {name}"
        ),
        Preview(
            f"{drill_id}-card.png",
            thumbnail(cards.pdf, 0, CARD_WIDTH),
            f"Front of the pocket card of {name}",
        ),
        *(
            [Preview(f"{drill_id}-picture.png", picture_png(drill.picture), drill.alt_text)]
            if drill.picture
            else []
        ),
    ]


def session_preview(library: Library, options: Options, session_id: str) -> Preview:
    """The first page of the session's sheet: `{id}-session.png`."""
    session = select_session(library, session_id)
    result = render_session(library, options, session)
    return Preview(
        f"{session_id}-session.png",
        thumbnail(result.pdf, 0, SHEET_WIDTH),
        f"Session sheet of {session.title}, page 1 of {result.pages}",
    )


def previews(
    library: Library, options: Options = DEFAULTS, ids: Iterable[str] = ()
) -> list[Preview]:
    """Previews of the ids in order: two for a drill, one for a session, three for an id that
    names both. No ids: every drill, then every session. Unknown ids are refused, all at once,
    before anything is rendered."""
    ids = list(ids)
    drills = {d.id for d in library.drills}
    sessions = {s.id for s in library.sessions}
    if not ids:
        ids = [*(d.id for d in library.drills), *(s.id for s in library.sessions)]
    unknown = [i for i in dict.fromkeys(ids) if i not in drills and i not in sessions]
    if unknown:
        known = sorted(drills | sessions)
        raise DataError(
            "Some ids asked for are neither drills nor sessions in the library:",
            [f"{library.source}: {_unknown_message(i, known)}" for i in unknown],
        )
    made: list[Preview] = []
    for ident in ids:
        if ident in drills:
            made += drill_previews(library, options, ident)
        if ident in sessions:
            made.append(session_preview(library, options, ident))
    return made


def _unknown_message(ident: str, known: list[str]) -> str:
    hints = close_matches(ident, known, 3, cutoff=0.5)
    if not hints:
        fix = "check the ids in the drills file"
    elif len(hints) == 1:
        fix = f'did you mean "{hints[0]}"?'
    else:
        fix = "did you mean " + ", ".join(f'"{h}"' for h in hints[:-1]) + f' or "{hints[-1]}"?'
    return f"there is no drill or session with the id {quoted(ident)}; {fix}"
