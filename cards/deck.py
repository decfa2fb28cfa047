"""The pocket-card product: drills → fitted faces → imposed sheets of fronts and mirrored backs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from .document import new_canvas
from .draw import Face, draw_face
from .errors import FitError, GlyphError, LayoutError
from .faces import check_glyphs, prepare_face, printed_fields, qr_warnings
from .impose import Sheet, draw_crop_marks, plan_sheet
from .layout import Layout, load_card_layout
from .model import Drill, Library
from .selection import DEFAULT_PAPER, PAPER_NAMES, check_paper, select_drills

DEFAULT_SIZE = "a7"
LARGEST_SIZE = "a6"


@dataclass(frozen=True)
class Card:
    drill: Drill
    front: Face
    back: Face


@dataclass
class CardsResult:
    """The finished PDF and what a coach should know about it."""

    pdf: bytes
    cards: int
    pages: int
    sheet: Sheet
    layout: Layout
    backs: bool
    warnings: list[str] = field(default_factory=list)


def render_cards(
    library: Library,
    ids: Iterable[str] = (),
    size: str = DEFAULT_SIZE,
    paper: str = DEFAULT_PAPER,
    backs: bool = True,
    templates: str | Path | None = None,
) -> CardsResult:
    """Lay out and impose cards for the chosen drills; return the PDF bytes, nothing written."""
    drills = select_drills(library, ids)
    check_paper(paper)
    layout = load_card_layout(size, templates)
    try:
        sheet = plan_sheet(paper, layout.width, layout.height)
    except ValueError as err:
        raise LayoutError(f"{layout.label} cards do not fit on {paper} paper: {err}") from err
    cards, failures, warnings = [], [], []
    for drill in drills:
        where = library.place(drill.id)
        try:
            cards.append(prepare_card(drill, layout, where))
        except (FitError, GlyphError) as err:
            failures.append(err)
            continue
        warnings.extend(qr_warnings(drill, layout.front + layout.back, where))
    if failures:
        kinds = {type(err) for err in failures}
        error = kinds.pop() if len(kinds) == 1 else FitError
        count = "1 card" if len(failures) == 1 else f"{len(failures)} cards"
        raise error(f"{count} cannot be printed as written; nothing was written:",
                    [str(err) for err in failures])
    pdf, pages = _impose(cards, sheet, backs, layout)
    return CardsResult(pdf, len(cards), pages, sheet, layout, backs, warnings)


def prepare_card(drill: Drill, layout: Layout, where: str) -> Card:
    """Check the drill's characters, render its boxes and fit them; raise naming the field."""
    check_glyphs(layout.fonts, where, printed_fields(drill))
    advice = f" or use a larger card (--size {LARGEST_SIZE})" if layout.size != LARGEST_SIZE else ""
    front, back = (
        prepare_face(drill, layout, side, where, f"the {side} of the {layout.label} card", advice)
        for side in ("front", "back")
    )
    return Card(drill, front, back)


def _impose(cards: list[Card], sheet: Sheet, backs: bool, layout: Layout) -> tuple[bytes, int]:
    paper = PAPER_NAMES[sheet.paper]
    canvas, buffer = new_canvas(sheet.width, sheet.height, layout.fonts, "Drill cards",
                                f"{len(cards)} {layout.label} drill cards on {paper} paper")
    pages = 0
    for start in range(0, len(cards), sheet.per_sheet):
        batch = cards[start:start + sheet.per_sheet]
        for slot, card in enumerate(batch):
            _draw_at(canvas, sheet.front_transform(slot), card.front)
        draw_crop_marks(canvas, sheet)
        canvas.showPage()
        pages += 1
        if backs:
            for slot, card in enumerate(batch):
                _draw_at(canvas, sheet.back_transform(slot), card.back)
            canvas.showPage()
            pages += 1
    canvas.save()
    return buffer.getvalue(), pages


def _draw_at(canvas: Canvas, transform, face: Face) -> None:
    canvas.saveState()
    canvas.transform(*transform)
    draw_face(canvas, face)
    canvas.restoreState()
