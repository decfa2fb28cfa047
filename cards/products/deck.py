"""The pocket-card product: drills → fitted faces → imposed sheets of fronts and mirrored backs."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from reportlab.pdfgen.canvas import Canvas

from ..build.chunks import CARD_SHEETS_PER_CHUNK, ChunkStore, chunk, joined, library_chars
from ..data.labels import labels_of
from ..data.model import Drill, Library
from ..data.selection import check_paper, select_drills
from ..data.spreadsheet import is_spreadsheet
from ..errors import NOT_PRINTABLE, DrillcardsError, FitError, LayoutError, gathered
from ..impose import HOME_PRINTER, PrintSetup, Sheet, draw_crop_marks, draw_cut_lines, plan_sheet
from ..options import DEFAULTS, PAPER_NAMES, Options
from ..render.document import new_canvas
from ..render.draw import Face, draw_face
from ..render.faces import prepare_face, printed_fields, qr_warnings
from ..render.fonts import check_glyphs
from ..render.layout import Layout, load_card_layout


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
    backs_pdf: bytes | None = None  # with --duplex separate: the backs, as many pages as `pdf`
    setup: PrintSetup = HOME_PRINTER

    @property
    def paper_name(self) -> str:
        return PAPER_NAMES[self.sheet.paper]


@dataclass(frozen=True)
class Deck:
    """Cards chosen and placed, ready to impose: what a PDF of cards, alone or in a handout,
    draws. The cards themselves are fitted a sheet at a time while drawing, so a deck of a
    thousand drills never holds more than one sheet of fitted text."""

    drills: tuple[Drill, ...]
    places: tuple[str, ...]  # where each drill is in drills.json, for messages
    sheet: Sheet
    layout: Layout
    setup: PrintSetup = HOME_PRINTER
    larger: Layout | None = None  # the layout's largest size, offered when a card is too full
    short_form: str = ""  # how the drills file writes a card short form, for messages

    @property
    def warnings(self) -> list[str]:
        """Colours darkened for text to read, and links too long for a phone to read the
        printed code."""
        boxes = self.layout.front + self.layout.back
        return [
            *self.layout.notes,
            *(
                warning
                for drill, where in zip(self.drills, self.places, strict=True)
                for warning in qr_warnings(drill, boxes, where)
            ),
        ]

    def chunks(self) -> list[Deck]:
        """The deck in chunks of whole sheets, to draw, keep and join (chunks.py)."""
        size = self.sheet.per_sheet * CARD_SHEETS_PER_CHUNK
        return [
            replace(self, drills=self.drills[i : i + size], places=self.places[i : i + size])
            for i in range(0, len(self.drills), size)
        ] or [self]

    def pages(self, backs: bool = True) -> int:
        sheets = -(-len(self.drills) // self.sheet.per_sheet)
        return sheets * (2 if backs else 1)

    def front_page(self, index: int, backs: bool = True) -> int:
        """The page (from 0) that carries the front of the index-th card."""
        return (index // self.sheet.per_sheet) * (2 if backs else 1)

    def batches(self, size: int | None = None) -> Iterator[tuple[Card, ...]]:
        """Fitted cards, `size` (default: a sheet's worth) at a time. A card that cannot print
        stops the drawing but not the checking: at the end one error lists every such card."""
        size = size or self.sheet.per_sheet
        failures: list[DrillcardsError] = []
        for start in range(0, len(self.drills), size):
            batch = []
            for drill, where in zip(
                self.drills[start : start + size], self.places[start : start + size], strict=True
            ):
                try:
                    batch.append(
                        prepare_card(drill, self.layout, where, self.larger, self.short_form)
                    )
                except NOT_PRINTABLE as err:
                    failures.append(err)
            if not failures:
                yield tuple(batch)
        if failures:
            raise gathered(
                _cannot_print(len(failures)),
                [str(err) for err in failures],
                {type(err) for err in failures},
            )


def prepare_deck(library: Library, options: Options = DEFAULTS, ids: Iterable[str] = ()) -> Deck:
    """Choose the drills, load the layout and plan the sheet; the cards are fitted as they are
    drawn (Deck.batches)."""
    drills = tuple(select_drills(library, ids))
    paper, setup = options.paper, options.printing
    check_paper(paper)
    layout = load_card_layout(options.size, options.templates, options.club, labels_of(library))
    try:
        sheet = plan_sheet(
            paper, layout.width, layout.height, setup.bleed, setup.mark_offset, setup.mark_length
        )
    except ValueError as err:
        raise LayoutError(f"{layout.label} cards do not fit on {paper} paper: {err}") from err
    places = tuple(library.place(drill.id) for drill in drills)
    larger = None
    if layout.largest != layout.size:
        larger = load_card_layout(
            layout.largest, options.templates, options.club, labels_of(library)
        )
    return Deck(drills, places, sheet, layout, setup, larger, short_form(library.source))


def short_form(source: str) -> str:
    """How a coach gives a drill its card short form, in the drills file they keep."""
    if is_spreadsheet(source):
        return (
            'fill its columns "card summary", "card cue 1"…, "card fault 1" and '
            '"card fix 1"…, which only cards print'
        )
    return (
        'give it a short form for cards, "card": {"summary": "…", "cues": ["…"], '
        '"faults": [{"fault": "…", "fix": "…"}]}, which only cards print'
    )


def render_cards(
    library: Library,
    options: Options = DEFAULTS,
    ids: Iterable[str] = (),
    backs: bool = True,
    store: ChunkStore | None = None,
) -> CardsResult:
    """Lay out and impose cards for the chosen drills; return the PDF bytes, nothing written.
    Drawn in chunks of sheets; with a store, chunks an earlier build made are kept."""
    deck = prepare_deck(library, options, ids)
    setup = options.printing

    def canvas_for(title: str, width: float, height: float, cards: int, chars: str = ""):
        return new_canvas(
            width,
            height,
            deck.layout.fonts,
            title,
            _subject(deck, cards),
            chars,
            deck.layout.labels.code,
        )

    backs_pdf = None
    if setup.per_page:
        canvas, buffer = canvas_for(_title(deck), *_page_size(deck), len(deck.drills))
        pages = draw_per_page(canvas, deck, backs)
    elif setup.duplex == "separate" and backs:
        canvas, buffer = canvas_for(
            _title(deck, "cards_fronts"), deck.sheet.width, deck.sheet.height, len(deck.drills)
        )
        back_canvas, back_buffer = canvas_for(
            _title(deck, "cards_backs"), deck.sheet.width, deck.sheet.height, len(deck.drills)
        )
        pages = draw_deck(canvas, deck, back_canvas=back_canvas)  # as many pages as the fronts
        back_canvas.save()
        backs_pdf = back_buffer.getvalue()
    elif store is None and len(deck.chunks()) > 1:
        # no build to keep chunks for: one canvas holds each picture once, and nothing is joined
        canvas, buffer = canvas_for(
            _title(deck), deck.sheet.width, deck.sheet.height, len(deck.drills)
        )
        pages = draw_deck(canvas, deck, backs)
    else:
        # chunks to join share their font subsets; a deck of one chunk needs nothing shared
        chars = library_chars(library) if len(deck.chunks()) > 1 else ""
        parts, warnings = deck_chunks(deck, chars, backs, store)
        pdf = joined(parts, _title(deck), _subject(deck, len(deck.drills)))
        return CardsResult(
            pdf,
            len(deck.drills),
            deck.pages(backs),
            deck.sheet,
            deck.layout,
            backs,
            warnings,
            None,
            setup,
        )
    canvas.save()
    return CardsResult(
        buffer.getvalue(),
        len(deck.drills),
        pages,
        deck.sheet,
        deck.layout,
        backs,
        deck.warnings,
        backs_pdf,
        setup,
    )


def _title(deck: Deck, key: str = "cards_title") -> str:
    return deck.layout.labels(key)


def _subject(deck: Deck, cards: int) -> str:
    """'Drill cards: 12 × A7 (74 × 105 mm), A4'."""
    paper_name = PAPER_NAMES[deck.sheet.paper]
    return f"{_title(deck)}: {cards} × {deck.layout.label}, {paper_name}"


def deck_chunks(
    deck: Deck, chars: str, backs: bool = True, store: ChunkStore | None = None
) -> tuple[list[bytes], list[str]]:
    """The deck as chunk PDFs (kept ones from the store), and the warnings; one error lists
    every card of every chunk that cannot print."""
    parts, warnings, problems, kinds = [], [], [], set()
    for part in deck.chunks():

        def render(part=part):
            canvas, buffer = new_canvas(
                part.sheet.width,
                part.sheet.height,
                part.layout.fonts,
                _title(part),
                _subject(part, len(part.drills)),
                chars,
                part.layout.labels.code,
            )
            draw_deck(canvas, part, backs)
            canvas.save()
            return buffer.getvalue(), part.warnings

        try:
            pdf, chunk_warnings = chunk(
                store, "cards", (part.drills, chars, backs, part.setup, part.sheet), render
            )
        except NOT_PRINTABLE as err:
            problems.extend(err.problems)
            kinds.add(type(err))
            continue
        parts.append(pdf)
        warnings.extend(chunk_warnings)
    if problems:
        raise gathered(_cannot_print(len(problems)), problems, kinds)
    return parts, list(dict.fromkeys(warnings))  # each chunk notes the layout's colours


def _cannot_print(cards: int) -> str:
    count = "1 card" if cards == 1 else f"{cards} cards"
    return f"{count} cannot be printed as written; nothing was written:"


def fit_card(drill: Drill, layout: Layout, where: str) -> Card:
    """Check the characters of the drill as cards print it (its card short form where it has
    one), render its boxes and fit them; raise naming the field."""
    shown = drill.on_card()
    check_glyphs(layout.fonts, where, printed_fields(shown))
    front, back = (
        prepare_face(shown, layout, side, where, f"the {side} of the {layout.label} card")
        for side in ("front", "back")
    )
    return Card(shown, front, back)


def prepare_card(
    drill: Drill, layout: Layout, where: str, larger: Layout | None = None, short_form: str = ""
) -> Card:
    """fit_card; a card too full says what else the coach can do: print the drill on the
    larger card if it fits there, or give it a card short form."""
    try:
        return fit_card(drill, layout, where)
    except FitError as err:
        bigger = larger is not None and fits(drill, larger, where)
        remedies = [f"print it on a larger card (--size {larger.size})"] if bigger else []
        remedies += [short_form] if short_form and drill.card is None else []
        note = (
            f". Even the largest card, {larger.size}, is too small for it"
            if larger is not None and not bigger
            else ""
        )
        if not remedies and not note:
            raise
        raise FitError(f"{err}{''.join(f', or {remedy}' for remedy in remedies)}{note}") from err


def fits(drill: Drill, layout: Layout, where: str) -> bool:
    """Whether the drill fits a card of this layout."""
    try:
        fit_card(drill, layout, where)
    except FitError:
        return False
    return True


def draw_deck(
    canvas: Canvas, deck: Deck, backs: bool = True, back_canvas: Canvas | None = None
) -> int:
    """Draw every sheet: fronts with crop marks, each followed by its backs, placed for the
    duplex mode and shifted by the back offset. With back_canvas the backs go there instead,
    page for page (duplex "separate"). Returns the pages drawn on `canvas`."""
    sheet, setup = deck.sheet, deck.setup
    size = (deck.layout.width, deck.layout.height)
    backs_on = back_canvas or (canvas if backs else None)
    for drawn_on in {canvas, backs_on} - {None}:
        drawn_on.setPageSize((sheet.width, sheet.height))
    pages = 0
    for batch in deck.batches():
        for slot, card in enumerate(batch):
            _draw_at(canvas, sheet.front_transform(slot), card.front, sheet.bleed, size)
        if setup.cut_lines:
            draw_cut_lines(canvas, sheet)
        draw_crop_marks(canvas, sheet)
        canvas.showPage()
        pages += 1
        if backs_on:
            for slot, card in enumerate(batch):
                transform = sheet.back_transform(slot, setup.duplex, setup.back_offset)
                _draw_at(backs_on, transform, card.back, sheet.bleed, size)
            backs_on.showPage()
            pages += backs_on is canvas
    return pages


def _page_size(deck: Deck) -> tuple[float, float]:
    bleed = deck.setup.bleed
    return deck.layout.width + 2 * bleed, deck.layout.height + 2 * bleed


def draw_per_page(canvas: Canvas, deck: Deck, backs: bool = True) -> int:
    """One face per page at card size plus bleed, front then back: what print shops take.
    Every page states its TrimBox (the card) and BleedBox (the page)."""
    width, height = _page_size(deck)
    bleed = deck.setup.bleed
    size = (deck.layout.width, deck.layout.height)
    canvas.setPageSize((width, height))
    pages = 0
    for card in (card for batch in deck.batches() for card in batch):
        for face in (card.front, card.back) if backs else (card.front,):
            canvas.setTrimBox((bleed, bleed, bleed + size[0], bleed + size[1]))
            canvas.setBleedBox((0, 0, width, height))
            _draw_at(canvas, (1.0, 0.0, 0.0, 1.0, bleed, bleed), face, bleed, size)
            canvas.showPage()
            pages += 1
    return pages


def _draw_at(
    canvas: Canvas,
    transform,
    face: Face,
    bleed: float = 0.0,
    size: tuple[float, float] | None = None,
) -> None:
    canvas.saveState()
    canvas.transform(*transform)
    draw_face(canvas, face, bleed, size)
    canvas.restoreState()
