"""The pocket-card product: drills → fitted faces → imposed sheets of fronts and mirrored backs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from .document import new_canvas
from .draw import Face, draw_face
from .errors import FitError, GlyphError, LayoutError
from .faces import prepare_face, printed_fields, qr_warnings
from .fonts import check_glyphs
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


@dataclass(frozen=True)
class Deck:
    """Cards laid out and ready to impose: what a PDF of cards, alone or in a handout, draws."""

    cards: tuple[Card, ...]
    sheet: Sheet
    layout: Layout
    warnings: tuple[str, ...]

    def pages(self, backs: bool = True) -> int:
        sheets = -(-len(self.cards) // self.sheet.per_sheet)
        return sheets * (2 if backs else 1)

    def front_page(self, index: int, backs: bool = True) -> int:
        """The page (from 0) that carries the front of the index-th card."""
        return (index // self.sheet.per_sheet) * (2 if backs else 1)


def prepare_deck(library: Library, ids: Iterable[str] = (), size: str = DEFAULT_SIZE,
                 paper: str = DEFAULT_PAPER, templates: str | Path | None = None,
                 club=None) -> Deck:
    """Check, render and fit every chosen card; raise listing every card that cannot print."""
    drills = select_drills(library, ids)
    check_paper(paper)
    layout = load_card_layout(size, templates, club)
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
    return Deck(tuple(cards), sheet, layout, tuple(warnings))


def render_cards(
    library: Library,
    ids: Iterable[str] = (),
    size: str = DEFAULT_SIZE,
    paper: str = DEFAULT_PAPER,
    backs: bool = True,
    templates: str | Path | None = None,
    club=None,
) -> CardsResult:
    """Lay out and impose cards for the chosen drills; return the PDF bytes, nothing written."""
    deck = prepare_deck(library, ids, size, paper, templates, club)
    paper_name = PAPER_NAMES[deck.sheet.paper]
    canvas, buffer = new_canvas(
        deck.sheet.width, deck.sheet.height, deck.layout.fonts, "Drill cards",
        f"{len(deck.cards)} {deck.layout.label} drill cards on {paper_name} paper")
    pages = draw_deck(canvas, deck, backs)
    canvas.save()
    return CardsResult(buffer.getvalue(), len(deck.cards), pages, deck.sheet, deck.layout, backs,
                       list(deck.warnings))


def prepare_card(drill: Drill, layout: Layout, where: str) -> Card:
    """Check the drill's characters, render its boxes and fit them; raise naming the field."""
    check_glyphs(layout.fonts, where, printed_fields(drill))
    advice = f" or use a larger card (--size {LARGEST_SIZE})" if layout.size != LARGEST_SIZE else ""
    front, back = (
        prepare_face(drill, layout, side, where, f"the {side} of the {layout.label} card", advice)
        for side in ("front", "back")
    )
    return Card(drill, front, back)


def draw_deck(canvas: Canvas, deck: Deck, backs: bool = True) -> int:
    """Draw every sheet: fronts with crop marks, each followed by its mirrored backs."""
    sheet = deck.sheet
    canvas.setPageSize((sheet.width, sheet.height))
    pages = 0
    for start in range(0, len(deck.cards), sheet.per_sheet):
        batch = deck.cards[start:start + sheet.per_sheet]
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
    return pages


def _draw_at(canvas: Canvas, transform, face: Face) -> None:
    canvas.saveState()
    canvas.transform(*transform)
    draw_face(canvas, face)
    canvas.restoreState()
