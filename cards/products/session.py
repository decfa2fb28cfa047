"""The session-sheet product: a coach's plan, drills in order, as many pages as it needs.

Blocks run down the layout's flow box: the intro (title, times, what to bring), the plan at a
glance (a row per block of the session: its clock time or minutes, the drill, its dosage, one
cue or the item's note and a small QR code), then one detailed block per drill, the outro and
the notes box. A block never splits across pages, and the notes box is never alone on a page.
Each page repeats a slim header with the title and "page N of M".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from ..data.labels import labels_of
from ..data.model import Drill, Library, Session
from ..data.selection import check_paper, select_drills
from ..errors import GlyphError, LayoutError
from ..options import Options
from ..render.document import new_canvas
from ..render.draw import PlacedPicture, draw_fitted, draw_logo, draw_placed, draw_text
from ..render.faces import (
    fit_or_fail,
    place_picture,
    printed_fields,
    qr_warnings,
    untranslated_whole,
)
from ..render.fonts import check_glyphs, glyph_problem
from ..render.layout import Box, Layout, load_layout
from ..render.qr import draw_qr, encode
from ..render.textfit import Fitted


@dataclass(frozen=True)
class Block:
    """A piece of the flow: its height, and how to draw it with its top-left at (x, top)."""

    height: float
    draw: Callable[[Canvas, float, float], None]
    fill: bool = False  # takes the rest of the last page (the notes box)
    rule: bool = False  # a thin line above it, between two drills, unless it starts a page
    gap: float | None = None  # space above it; None: the layout's block_gap (plan rows: 0)
    drill: bool = False  # a drill's detailed block
    keep: bool = False  # goes to a new page with the last drill, never alone (outro, notes box)


@dataclass
class SessionResult:
    pdf: bytes
    session_id: str
    pages: int
    layout: Layout
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PreparedSession:
    """A session paginated and ready to draw, alone or in a handout."""

    session: Session
    layout: Layout
    pages: tuple[tuple[tuple[Block, float], ...], ...]  # per page: blocks and their top offsets
    context: dict
    where: str
    what: str
    warnings: tuple[str, ...]


def prepare_session(
    library: Library,
    options: Options,
    session: Session,
    date: dt.date | None = None,
    where: str | None = None,
) -> PreparedSession:
    """Fit every block and split them over pages; raise naming what does not fit."""
    check_paper(options.paper)
    drills = select_drills(library, [item.drill for item in session.items])
    layout = load_layout(
        "session", options.paper, options.templates, options.club, labels_of(library)
    )
    _check_glyphs(library, session, layout, where)
    where = where or _session_place(library, session)
    flow = _flow(layout)
    context = {
        "session": session,
        "date": layout.labels.date(date) if date else None,
        **_times(session, layout.labels),
        "bring": bring(drills),
    }
    what = f"the {options.paper_name} session sheet"

    def text_block(block: str, field_place: str, **extra: object) -> Block:
        fragments = [
            replace(f, field=session.place_of(f.field)) if f.field else f
            for f in layout.render(block, **context, **extra)
        ]
        fitted = _fit_to_page(layout, flow, flow.width, fragments, field_place, what)
        return Block(fitted.height, lambda c, x, top: draw_fitted(c, fitted, x, top))

    blocks = [text_block("intro", where)]
    blocks += _plan(layout, flow, context, session, drills, where, what)
    heading = _fit_to_page(
        layout, flow, flow.width, layout.render("details", **context), where, what
    )
    for number, (item, drill) in enumerate(zip(session.items, drills, strict=True), start=1):
        place = f"{where}.items[{number - 1}]"
        blocks.append(
            _item_block(
                layout,
                flow,
                context,
                item,
                drill,
                number,
                (place, library.place(drill.id)),
                what,
                heading if number == 1 else None,
            )
        )
    blocks.append(replace(text_block("outro", where), keep=True))
    blocks.append(_notes_block(layout, flow, context, where, what))
    pages = _paginate(blocks, flow.height, layout.length("block_gap"))
    warnings = [
        *layout.notes,
        *(
            w
            for drill in dict.fromkeys(drills)
            for w in qr_warnings(drill, [_qr_box(layout)], library.place(drill.id))
        ),
    ]
    return PreparedSession(
        session, layout, tuple(tuple(page) for page in pages), context, where, what, tuple(warnings)
    )


def _flow(layout: Layout) -> Box:
    flows = [box for box in layout.face("page") if box.kind == "flow"]
    if len(flows) != 1:
        raise LayoutError(
            f'{layout.source}: the page needs exactly one box of kind "flow" for the '
            f"drills to run through (found {len(flows)})"
        )
    return flows[0]


def draw_session(canvas: Canvas, prepared: PreparedSession) -> int:
    """Draw every page: the running header, then the blocks, with a line between two drills."""
    layout = prepared.layout
    flow = _flow(layout)
    canvas.setPageSize((layout.width, layout.height))
    rule_color = HexColor(layout.colors.get("rule", "#999999"))
    rule_offset = layout.length("block_gap") / 2
    total = len(prepared.pages)
    for number, page in enumerate(prepared.pages, start=1):
        _draw_running_header(
            canvas, layout, prepared.context, number, total, prepared.where, prepared.what
        )
        for block, top in page:
            y = flow.y + flow.height - top
            if block.rule and top > 0:  # no line under the running header
                canvas.saveState()
                canvas.setStrokeColor(rule_color)
                canvas.setLineWidth(0.6)
                canvas.line(flow.x, y + rule_offset, flow.x + flow.width, y + rule_offset)
                canvas.restoreState()
            block.draw(canvas, flow.x, y)
        canvas.showPage()
    return total


def render_session(
    library: Library,
    options: Options,
    session: Session,
    date: dt.date | None = None,
    where: str | None = None,
) -> SessionResult:
    """Lay out a session over as many pages as it needs; return the PDF bytes, nothing written."""
    prepared = prepare_session(library, options, session, date, where)
    layout = prepared.layout
    canvas, buffer = new_canvas(
        layout.width,
        layout.height,
        layout.fonts,
        session.title,
        session_subject(layout, session),
        lang=layout.labels.code,
    )
    pages = draw_session(canvas, prepared)
    canvas.save()
    return SessionResult(buffer.getvalue(), session.id, pages, layout, list(prepared.warnings))


def session_subject(layout: Layout, session: Session) -> str:
    """The PDF's subject: 'Session plan: 6 drills'."""
    count = layout.labels("drill_count", n=len(session.items))
    return layout.labels("session_subject", count=count)


def _session_place(library: Library, session: Session) -> str:
    index = _file_index(library, session)
    if index is None:
        return "the command line"
    return f'{library.source}: sessions[{index}] ("{session.id}")'


def _file_index(library: Library, session: Session) -> int | None:
    """The index of the session in the drills file it comes from, if it comes from there."""
    return next((i for i, s in enumerate(library.sessions) if s.id == session.id), None)


def _check_glyphs(library: Library, session: Session, layout: Layout, where: str | None) -> None:
    """Refuse text the font cannot print, naming where it came from: the drills file, or an
    option on the command line (an ad-hoc session, or --notes given for a session of the file)."""
    fields = [("title", session.title)]
    fields += [
        (key, getattr(session, key))
        for key in ("warmup", "cooldown", "notes")
        if getattr(session, key)
    ]
    for i, item in enumerate(session.items):
        fields += [
            (f"items[{i}].{key}", getattr(item, key))
            for key in ("dosage", "notes")
            if getattr(item, key)
        ]
    index = _file_index(library, session)
    for key, text in fields:
        missing = layout.fonts.missing(text)
        if missing is None:
            continue
        if where is not None:
            place = f"{where}.{key}"
        elif index is not None and _field(library.sessions[index], key) == text:
            place = f'{library.source}: sessions[{index}] ("{session.id}").{session.place_of(key)}'
        elif key in ("title", "notes"):  # the options an ad-hoc session is made of
            place = f"the command line: --{key}"
        else:  # a session made through the API
            place = f'the session "{session.id}": {key}'
        raise GlyphError(f"{place}: {glyph_problem(layout.fonts, missing)}; remove or replace it")
    for drill in {item.drill: None for item in session.items}:
        check_glyphs(layout.fonts, library.place(drill), printed_fields(library.drill(drill)))


def _field(session: Session, key: str) -> str | None:
    if key.startswith("items["):
        index, name = key[len("items[") :].split("].")
        items = session.items
        return getattr(items[int(index)], name) if int(index) < len(items) else None
    return getattr(session, key)


def _fit_to_page(
    layout: Layout, flow: Box, width: float, fragments, where: str, what: str
) -> Fitted:
    """Natural size when the block fits a page; shrunk towards the floor only if it must."""
    box = Box("block", "text", flow.x, flow.y, width, flow.height)
    return fit_or_fail(layout, box, fragments, where, what)


def _qr_box(layout: Layout) -> Box:
    side = layout.length("qr_size")
    return Box("qr", "qr", 0, 0, side, side)


def _item_block(
    layout: Layout,
    flow: Box,
    context: dict,
    item,
    drill,
    number: int,
    where: tuple[str, str],
    what: str,
    heading: Fitted | None = None,
) -> Block:
    """The drill's text on the left; its code on the right, clear of its quiet zone, host below.
    The first drill carries the heading of the drills in detail, so it never ends a page."""
    side, gap = layout.length("qr_size"), layout.length("qr_gap")
    quiet = 4 * side / 21  # the widest quiet zone a code can have (version 1)
    caption_height = layout.length("caption_height")
    extra = {"item": item, "drill": drill, "number": number, "dosage": item.dosage or drill.dosage}
    coded = bool(drill.video)  # a drill without a video has no code: its text takes the width
    thumb = _thumbnail(layout, flow, drill, where[1], what)
    text_x, beside = _beside(layout, flow, thumb)
    fragments = untranslated_whole(
        drill, layout.render("item", **context, **extra), own=("name", "cues", "faults")
    )
    text = _fit_to_page(
        layout,
        flow,
        flow.width - (side + gap if coded else 0.0) - beside,
        fragments,
        where[0],
        what,
    )
    caption_box = Box("caption", "text", 0, 0, side + gap, caption_height)
    # the caption shows the drill's link: a problem there is the drill's, not the session's
    caption = (
        fit_or_fail(
            layout, caption_box, layout.render("item_caption", **context, **extra), where[1], what
        )
        if coded
        else None
    )
    code_height = 2 * quiet + side + caption.height if caption is not None else 0.0

    above = heading.height if heading is not None else 0.0

    def draw(canvas: Canvas, x: float, top: float) -> None:
        if heading is not None:
            draw_fitted(canvas, heading, x, top)
            top -= above
        draw_fitted(canvas, text, x + text_x, top)
        if thumb is not None:
            placed, dx, dtop = thumb
            draw_placed(canvas, placed, x + dx, top - dtop)
        if caption is None:
            return
        qr_x, qr_y = x + flow.width - side, top - quiet - side
        draw_qr(canvas, drill.video, qr_x, qr_y, side)
        canvas.linkURL(drill.video, (qr_x, qr_y, qr_x + side, qr_y + side), relative=1)
        draw_fitted(canvas, caption, qr_x - gap / 2, qr_y - quiet)

    thumb_height = thumb[2] + thumb[0].box.height if thumb is not None else 0.0
    return Block(
        above + max(text.height, code_height, thumb_height), draw, rule=number > 1, drill=True
    )


def _thumbnail(
    layout: Layout, flow: Box, drill: Drill, where: str, what: str
) -> tuple[PlacedPicture, float, float] | None:
    """The drill's picture as the layout's `item` face places it (a picture box placed as if the
    drill's block began at the top of the flow box), and its offsets from the block's top-left
    corner; None for a drill without a picture, or a layout without the box."""
    boxes = [box for box in layout.faces.get("item", ()) if box.kind == "picture"]
    if not boxes or drill.picture is None:
        return None
    box = boxes[0]
    dx, dtop = box.x - flow.x, flow.y + flow.height - box.y - box.height
    placed = place_picture(layout, replace(box, x=0.0, y=-box.height), drill, where, what)
    return placed, dx, dtop


def _beside(layout: Layout, flow: Box, thumb) -> tuple[float, float]:
    """Where the drill's text starts and how much narrower it is: it runs beside the picture,
    on the wider side; a drill without a picture has the whole width."""
    if thumb is None:
        return 0.0, 0.0
    placed, dx, _ = thumb
    room = placed.box.width + layout.length("picture_gap")
    return (dx + room if dx + placed.box.width / 2 < flow.width / 2 else 0.0), room


def bring(drills: Iterable[Drill]) -> list[str]:
    """What to bring: the equipment of every drill, in the session's order, each thing once
    (however it is capitalised)."""
    found: dict[str, str] = {}
    for drill in drills:
        for thing in drill.equipment:
            found.setdefault(thing.casefold(), thing)
    return list(found.values())


def _times(session: Session, labels) -> dict:
    """The session's times as the language writes them: its span ('18:30–19:45') and total
    ('75 min'), each None when unknown."""
    total, start, end = session.total_minutes, session.start_minute, session.end_minute
    span = (
        labels("time_span", start=labels.clock(start), end=labels.clock(end))
        if start is not None and end is not None
        else None
    )
    return {
        "span": span,
        "total": labels.duration(total) if total else None,
        "start": labels.clock(start) if start is not None else None,
        "end": labels.clock(end) if end is not None else None,
    }


def _plan(
    layout: Layout,
    flow: Box,
    context: dict,
    session: Session,
    drills: list[Drill],
    where: str,
    what: str,
) -> list[Block]:
    """The plan at a glance: a row per block of the session, in order, each with its clock
    time (or minutes), on a line that runs down the rows; then the end, when it is known."""
    labels = layout.labels
    rows: list[tuple[str, dict, str | None]] = []  # (block, context, the drill's link)
    for slot in session.slots:
        clock = session.clock(slot.offset)
        timing = {
            "clock": labels.clock(clock) if clock is not None else None,
            "minutes": labels.duration(slot.minutes) if slot.minutes else None,
        }
        if slot.kind == "item":
            item, drill = session.items[slot.index], drills[slot.index]
            rows.append(
                (
                    "plan_item",
                    {
                        **timing,
                        "item": item,
                        "drill": drill,
                        "number": slot.index + 1,
                        "dosage": item.dosage or drill.dosage,
                    },
                    drill.video,
                )
            )
        else:
            rows.append((f"plan_{slot.kind}", timing, None))
    if context["total"]:
        rows.append(("plan_end", {"clock": context["end"], "minutes": None}, None))
    blocks = []
    for index, (block, extra, link) in enumerate(rows):
        place = f"{where}.items[{extra['number'] - 1}]" if "number" in extra else where
        blocks.append(
            _plan_row(
                layout,
                flow,
                context,
                block,
                extra,
                link,
                (place, what),
                first=index == 0,
                last=index == len(rows) - 1,
            )
        )
    return blocks


def _plan_row(
    layout: Layout,
    flow: Box,
    context: dict,
    block: str,
    extra: dict,
    link: str | None,
    where: tuple[str, str],
    first: bool,
    last: bool,
) -> Block:
    """One row of the plan: time | the line and its dot | text | a small code, clear of its
    quiet zone; rows touch, so the line runs on and two codes keep one quiet zone apart."""
    place, what = where
    time_width, line_width = layout.length("plan_time_width"), layout.length("plan_line_width")
    side, pad = layout.length("plan_qr_size"), layout.length("plan_padding")
    quiet = 4 * side / encode(link).modules if link else 0.0
    text_width = flow.width - time_width - line_width - (side + 2 * quiet if link else 0.0)
    session = context["session"]
    time = _fit_to_page(
        layout, flow, time_width - pad, layout.render("plan_time", **context, **extra), place, what
    )
    fragments = [
        replace(f, field=session.place_of(f.field)) if f.field else f
        for f in layout.render(block, **context, **extra)
    ]
    text = _fit_to_page(layout, flow, text_width, fragments, place, what)
    height = max(time.height, text.height) + 2 * pad
    if link:
        height = max(height, side + quiet)
    accent = HexColor(layout.colors.get("accent", "#0b6e4f"))
    rule_color = HexColor(layout.colors.get("rule", "#999999"))
    # the dot sits beside the middle of the first line of the row's text
    first_line = (
        text.placed[0].top + 0.6 * text.placed[0].paragraph.style.leading if text.placed else 0.0
    )

    def draw(canvas: Canvas, x: float, top: float) -> None:
        line_x = x + time_width + line_width / 2
        dot_y = top - pad - first_line
        canvas.saveState()
        if not first:
            canvas.setStrokeColor(rule_color)
            canvas.setLineWidth(0.5)
            canvas.line(
                x + time_width + line_width, top, x + time_width + line_width + text_width, top
            )
        canvas.setStrokeColor(accent)
        canvas.setFillColor(accent)
        canvas.setLineWidth(1.6)
        canvas.line(line_x, dot_y if first else top, line_x, dot_y if last else top - height)
        canvas.circle(line_x, dot_y, 3.2, stroke=0, fill=1)
        canvas.restoreState()
        draw_fitted(canvas, time, x, top - pad)
        draw_fitted(canvas, text, x + time_width + line_width, top - pad)
        if link:
            qr_x, qr_y = x + flow.width - side, top - quiet / 2 - side
            draw_qr(canvas, link, qr_x, qr_y, side)
            canvas.linkURL(link, (qr_x, qr_y, qr_x + side, qr_y + side), relative=1)

    return Block(height, draw, gap=0.0)  # the first under its heading, the others touching


def _notes_block(layout: Layout, flow: Box, context: dict, where: str, what: str) -> Block:
    label = _fit_to_page(
        layout, flow, flow.width, layout.render("notes_label", **context), where, what
    )
    spacing = layout.length("notes_line")
    rule_color = HexColor(layout.colors.get("rule", "#999999"))

    def draw(canvas: Canvas, x: float, top: float, height: float | None = None) -> None:
        draw_fitted(canvas, label, x, top)
        box_top = top - label.height - 2
        box_height = (height or layout.length("notes_height")) - label.height - 2
        canvas.saveState()
        canvas.setStrokeColor(rule_color)
        canvas.setLineWidth(0.6)
        canvas.rect(x, box_top - box_height, flow.width, box_height, stroke=1, fill=0)
        canvas.setLineWidth(0.4)
        y = box_top - spacing
        while y > box_top - box_height + spacing / 2:
            canvas.line(x + 4, y, x + flow.width - 4, y)
            y -= spacing
        canvas.restoreState()

    return Block(layout.length("notes_height"), draw, fill=True)


def _paginate(
    blocks: Iterable[Block], page_height: float, gap: float
) -> list[list[tuple[Block, float]]]:
    """Place blocks top-down; a block that does not fit what is left of a page starts the next.
    The notes box takes the rest of the last page; where less than its least height is left,
    the blocks before it move over with it, so it never has a page to itself."""
    pages: list[list[Block]] = [[]]
    for block in blocks:
        if pages[-1] and block.height > 0 and _bottom(pages[-1], gap, block) > page_height:
            pages.append(
                _carried(pages, block, page_height, gap) if block.keep or block.fill else [block]
            )
        else:
            pages[-1].append(block)
    placed = []
    for page in pages:
        tops, cursor = [], 0.0
        for block in page:
            top = cursor + (_gap(block, gap) if tops else 0.0)
            if block.fill:
                remaining = page_height - top
                block = Block(remaining, _stretch(block.draw, remaining), rule=block.rule)
            tops.append((block, top))
            cursor = top + block.height
        placed.append(tops)
    return placed


def _gap(block: Block, gap: float) -> float:
    return gap if block.gap is None else block.gap


def _bottom(page: list[Block], gap: float, then: Block | None = None) -> float:
    """How far down the page its blocks reach (with `then` after them)."""
    cursor = 0.0
    for index, block in enumerate([*page, then] if then is not None else page):
        cursor += (_gap(block, gap) if index else 0.0) + block.height
    return cursor


def _carried(pages: list[list[Block]], block: Block, page_height: float, gap: float) -> list[Block]:
    """The next page for the outro or the notes box: the last blocks of this page with it, back
    to the last drill if they fit there together, else back to one that prints something;
    else the block alone (after a block as tall as a page)."""
    page = pages[-1]
    for wanted in (lambda moved: moved.drill, lambda moved: moved.height > 0):
        for count in range(1, len(page) + 1):
            moved = page[-count:]
            if _bottom([*moved, block], gap) > page_height:
                break
            if wanted(moved[0]):
                del page[-count:]
                if not page:
                    pages.pop()
                return [*moved, block]
    return [block]


def _stretch(draw, height: float):
    return lambda canvas, x, top: draw(canvas, x, top, height)


def _draw_running_header(
    canvas: Canvas, layout: Layout, context: dict, page: int, pages: int, where: str, what: str
) -> None:
    """What every page repeats: the header (title, page N of M), the club's footer and logo."""
    for box in layout.face("page"):
        if box.kind == "logo" and layout.club.logo:
            draw_logo(canvas, layout.club.logo, box)
        elif box.kind == "text":
            fragments = layout.render(box.block, **context, page=page, pages=pages)
            draw_text(canvas, box, fit_or_fail(layout, box, fragments, where, what))
