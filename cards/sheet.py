"""The drill-sheet product: one drill on one page, large type, a large QR code and its link."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .document import new_canvas
from .draw import draw_face
from .faces import check_glyphs, prepare_face, printed_fields, qr_warnings
from .layout import Layout, load_layout
from .model import Library
from .selection import PAPER_NAMES, check_paper, select_drills


@dataclass
class SheetResult:
    pdf: bytes
    drill_id: str
    layout: Layout
    warnings: list[str] = field(default_factory=list)


def render_sheet(library: Library, drill_id: str, paper: str = "a4",
                 templates: str | Path | None = None) -> SheetResult:
    """Lay out one drill on one page; return the PDF bytes, nothing written."""
    [drill] = select_drills(library, [drill_id])
    check_paper(paper)
    layout = load_layout("sheet", paper, templates)
    where = library.place(drill.id)
    check_glyphs(layout.fonts, where, printed_fields(drill))
    face = prepare_face(drill, layout, "page", where, f"the {PAPER_NAMES[paper]} drill sheet")
    canvas, buffer = new_canvas(layout.width, layout.height, layout.fonts, drill.name,
                                f"Drill sheet: {drill.summary}")
    draw_face(canvas, face)
    canvas.showPage()
    canvas.save()
    return SheetResult(buffer.getvalue(), drill.id, layout,
                       qr_warnings(drill, layout.face("page"), where))
