"""The pocket-card product: drills → fitted faces → imposed sheets of fronts and mirrored backs."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from .draw import Face, draw_face
from .errors import DataError, FitError, GlyphError, LayoutError
from .fonts import describe_char
from .impose import PAPERS, Sheet, draw_crop_marks, plan_sheet
from .layout import Box, CardLayout, load_card_layout
from .library import unknown_drill_message
from .model import Drill, Library
from .qr import MIN_MODULE, module_size
from .textfit import Overflow, fit
from .units import to_mm

DEFAULT_SIZE = "a7"
DEFAULT_PAPER = "a4"
PAPER_NAMES = {"a4": "A4", "letter": "Letter"}
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
    layout: CardLayout
    warnings: list[str] = field(default_factory=list)


def select_drills(library: Library, ids: Iterable[str] = ()) -> list[Drill]:
    """The drills asked for, in the order asked, or every drill; unknown ids get a did-you-mean."""
    ids = list(ids)
    if not ids:
        return list(library.drills)
    known = [d.id for d in library.drills]
    problems = [f"{library.source}: {unknown_drill_message(i, known)}"
                for i in ids if not library.has_drill(i)]
    if problems:
        raise DataError("Some drills asked for are not in the library:", problems)
    return [library.drill(i) for i in ids]


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
    if paper not in PAPERS:
        raise LayoutError(f'unknown paper "{paper}"; use one of: {", ".join(PAPERS)}')
    layout = load_card_layout(size, templates)
    try:
        sheet = plan_sheet(paper, layout.width, layout.height)
    except ValueError as err:
        raise LayoutError(f"{layout.label} cards do not fit on {paper} paper: {err}") from err
    cards, failures, warnings = [], [], []
    for drill in drills:
        where = f'{library.source}: drills[{library.position(drill.id)}] ("{drill.id}")'
        try:
            cards.append(prepare_card(drill, layout, where))
        except (FitError, GlyphError) as err:
            failures.append(err)
            continue
        warnings.extend(_qr_warnings(drill, layout, where))
    if failures:
        kinds = {type(err) for err in failures}
        error = kinds.pop() if len(kinds) == 1 else FitError
        count = "1 card" if len(failures) == 1 else f"{len(failures)} cards"
        raise error(f"{count} cannot be printed as written; nothing was written:",
                    [str(err) for err in failures])
    pdf, pages = _impose(cards, sheet, backs, layout)
    return CardsResult(pdf, len(cards), pages, sheet, layout, warnings)


def prepare_card(drill: Drill, layout: CardLayout, where: str) -> Card:
    """Check the drill's characters, render its boxes and fit them; raise naming the field."""
    _check_glyphs(drill, layout, where)
    return Card(drill, _face(drill, layout, layout.front, "front", where),
                _face(drill, layout, layout.back, "back", where))


def _face(drill: Drill, layout: CardLayout, boxes: tuple[Box, ...], side: str,
          where: str) -> Face:
    texts, codes = [], []
    for box in boxes:
        if box.kind == "qr":
            codes.append((box, drill.video))
            continue
        fragments = layout.render(box.block, drill=drill, size=layout.size)
        result = fit(fragments, box.width, box.height, layout.fonts)
        if isinstance(result, Overflow):
            raise FitError(_overflow_message(drill, layout, box, side, result, where))
        texts.append((box, result))
    return Face(tuple(texts), tuple(codes))


def _overflow_message(drill: Drill, layout: CardLayout, box: Box, side: str,
                      overflow: Overflow, where: str) -> str:
    field = overflow.field or box.name
    floor = min(s.min_size for s in layout.styles.values() if s.min_size > 6)
    advice = f" or use a larger card (--size {LARGEST_SIZE})" if layout.size != LARGEST_SIZE else ""
    return (
        f"{where}.{field}: the {side} of the {layout.label} card is "
        f"{to_mm(overflow.excess):.1f} mm "
        f"too full even at the smallest legible type ({floor:g} pt); shorten the {field}{advice}"
    )


def _printed_fields(drill: Drill) -> Iterable[tuple[str, str]]:
    yield "name", drill.name
    yield "summary", drill.summary
    for i, cue in enumerate(drill.cues):
        yield f"cues[{i}]", cue
    for i, fault in enumerate(drill.faults):
        yield f"faults[{i}].fault", fault.fault
        yield f"faults[{i}].fix", fault.fix
    yield "video", drill.video_host
    for key in ("category", "level", "dosage"):
        value = getattr(drill, key)
        if value:
            yield key, value
    for key in ("focus", "variations", "equipment"):
        for i, value in enumerate(getattr(drill, key)):
            yield f"{key}[{i}]", value


def _check_glyphs(drill: Drill, layout: CardLayout, where: str) -> None:
    for name, text in _printed_fields(drill):
        missing = layout.fonts.missing(text)
        if missing:
            raise GlyphError(
                f"{where}.{name}: the character {describe_char(missing)} is not in the card font "
                f"{layout.fonts.label}, so it would print as an empty box; remove or replace it"
            )


def _qr_warnings(drill: Drill, layout: CardLayout, where: str) -> list[str]:
    warnings = []
    for box in layout.front + layout.back:
        if box.kind != "qr":
            continue
        module = module_size(drill.video, min(box.width, box.height))
        if module < MIN_MODULE:
            warnings.append(
                f"{where}.video: the link is {len(drill.video)} characters long, so the QR "
                f"code's dots are {to_mm(module):.2f} mm, smaller than the {to_mm(MIN_MODULE):.1f} "
                "mm phones read reliably; use a shorter link"
            )
    return warnings


def _impose(cards: list[Card], sheet: Sheet, backs: bool, layout: CardLayout) -> tuple[bytes, int]:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(sheet.width, sheet.height), invariant=1, pageCompression=1,
                    initialFontName=layout.fonts.regular)  # no stray, unembedded Helvetica
    canvas.setTitle("Drill cards")
    paper = PAPER_NAMES[sheet.paper]
    canvas.setSubject(f"{len(cards)} {layout.label} drill cards on {paper} paper")
    canvas.setCreator("drillcards")
    canvas.setAuthor("drillcards")
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
