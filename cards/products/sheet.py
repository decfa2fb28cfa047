"""The drill-sheet product: one drill on one page, large type, a large QR code and its link."""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.pdfgen.canvas import Canvas

from ..data.labels import labels_of
from ..data.model import Drill, Library
from ..data.selection import check_paper, select_drills
from ..options import Options
from ..render.document import new_canvas
from ..render.draw import Face, draw_face
from ..render.faces import prepare_face, printed_fields, qr_warnings
from ..render.fonts import check_glyphs
from ..render.layout import Layout, load_layout


@dataclass
class SheetResult:
    pdf: bytes
    drill_id: str
    layout: Layout
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PreparedSheet:
    """A drill sheet fitted and ready to draw, alone or in a handout."""

    drill: Drill
    layout: Layout
    face: Face
    warnings: tuple[str, ...]


def prepare_sheet(library: Library, options: Options, drill_id: str) -> PreparedSheet:
    """Check and fit one drill on one page; raise naming the field that does not fit."""
    [drill] = select_drills(library, [drill_id])
    check_paper(options.paper)
    layout = load_layout(
        "sheet", options.paper, options.templates, options.club, labels_of(library)
    )
    where = library.place(drill.id)
    check_glyphs(layout.fonts, where, printed_fields(drill))
    face = prepare_face(drill, layout, "page", where, f"the {options.paper_name} drill sheet")
    return PreparedSheet(
        drill, layout, face, (*layout.notes, *qr_warnings(drill, layout.face("page"), where))
    )


def draw_sheet(canvas: Canvas, sheet: PreparedSheet) -> int:
    canvas.setPageSize((sheet.layout.width, sheet.layout.height))
    draw_face(canvas, sheet.face)
    canvas.showPage()
    return 1


def render_sheet(library: Library, options: Options, drill_id: str) -> SheetResult:
    """Lay out one drill on one page; return the PDF bytes, nothing written."""
    sheet = prepare_sheet(library, options, drill_id)
    canvas, buffer = new_canvas(
        sheet.layout.width,
        sheet.layout.height,
        sheet.layout.fonts,
        sheet.drill.name,
        sheet.layout.labels("sheet_subject", summary=sheet.drill.summary),
        lang=sheet.layout.labels.code,
    )
    draw_sheet(canvas, sheet)
    canvas.save()
    return SheetResult(buffer.getvalue(), sheet.drill.id, sheet.layout, list(sheet.warnings))
