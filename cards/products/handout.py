"""The club handout: cover, contents, session sheets, drill sheets, cards and the club's own PDFs.

The cover, contents and session plans are drawn on one canvas, the drill sheets and cards in
chunks that share their font subsets (chunks.py); pypdf joins them, keeping one copy of each
font, appends the club's PDFs and adds bookmarks, page labels and metadata.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PdfReadError, PdfStreamError
from pypdf.generic import NameObject, TextStringObject
from reportlab.pdfgen.canvas import Canvas

from ..build.chunks import DRILL_SHEETS_PER_CHUNK, ChunkStore, chunk, finish, join, library_chars
from ..data.dates import build_date
from ..data.labels import Labels, labels_of
from ..data.library import check_option_text
from ..data.model import Drill, Library, Session
from ..data.selection import check_paper, select_drills, select_session
from ..data.validation import read_capped
from ..errors import GlyphError, IncludeError
from ..impose import HOME_PRINTER
from ..options import DEFAULTS, Options
from ..render.document import new_canvas
from ..render.draw import draw_fitted, draw_logo, draw_text
from ..render.faces import fit_or_fail
from ..render.fonts import glyph_problem
from ..render.layout import Box, Layout, load_layout
from ..render.textfit import Fitted
from .deck import Deck, deck_chunks, prepare_deck
from .session import draw_session, prepare_session
from .sheet import draw_sheet, prepare_sheet

TITLE_MAX = 80
# what pypdf raises on a damaged PDF, beside its own errors
_BROKEN_PDF = (
    PdfReadError,
    PdfStreamError,
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    IndexError,
    RecursionError,
)
INCLUDE_MAX_BYTES = 50_000_000  # a route map or a notice; pypdf holds all of it while reading


@dataclass(frozen=True)
class Include:
    """A PDF of the club's own, read and checked before anything is drawn."""

    path: Path
    title: str
    reader: PdfReader

    @property
    def pages(self) -> int:
        return len(self.reader.pages)


@dataclass(frozen=True)
class Entry:
    """A line of the contents and a bookmark: level 0 is a part, level 1 a drill or session."""

    level: int
    title: str
    page: int  # content page number, from 1
    detail: str | None = None  # printed after the title on the contents page: a session's time


@dataclass
class HandoutResult:
    pdf: bytes
    pages: int
    entries: list[Entry]
    warnings: list[str] = field(default_factory=list)


def read_include(path: str | Path) -> Include:
    """Open a PDF to include; a missing, encrypted or broken one is named with what to do."""
    path = Path(path)
    data = read_capped(
        path,
        INCLUDE_MAX_BYTES,
        what="a PDF",
        error=IncludeError,
        missing_hint="Check the path after --include.",
        folder_hint="name the PDF file after --include",
    )
    if b"%PDF-" not in data[:1024]:  # what PDF readers accept; pypdf would only log a warning
        raise IncludeError(
            f"{path}: is not a PDF{' (the file is empty)' if not data else ''}; "
            "export it again as PDF"
        )
    try:
        with _quiet_pypdf():  # "EOF marker not found" and the like: the error below says it all
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise IncludeError(
                    f"{path}: the PDF is encrypted; save a copy without a password and include that"
                )
            count = len(reader.pages)
            for page in reader.pages:
                page.mediabox  # noqa: B018 - reading it proves the page tree is sound
    except IncludeError:
        raise
    except _BROKEN_PDF as err:
        raise IncludeError(
            f"{path}: is not a readable PDF ({err}); export it again as PDF"
        ) from err
    if count == 0:
        raise IncludeError(f"{path}: the PDF has no pages")
    return Include(path, include_title(path), reader)


def include_title(path: Path) -> str:
    """The part's name on the cover, the contents and its bookmark: from the file's name, which
    the club chose ("route-map.pdf" is "Route map"), not the PDF's own title, which is often
    "untitled" or "Microsoft Word - Document1"."""
    words = " ".join(path.stem.replace("-", " ").replace("_", " ").split()) or path.name
    return words[:1].upper() + words[1:]


@contextlib.contextmanager
def _quiet_pypdf():
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR + 10)
    try:
        yield
    finally:
        logger.setLevel(level)


def render_handout(
    library: Library,
    options: Options = DEFAULTS,
    session_ids: Iterable[str] = (),
    drill_ids: Iterable[str] = (),
    everything: bool = False,
    cards: bool = False,
    includes: Iterable[str | Path] = (),
    title: str | None = None,
    today: dt.date | None = None,
    store: ChunkStore | None = None,
) -> HandoutResult:
    """Lay out the whole handout in memory; return the PDF bytes, nothing written.

    The cover, contents and session plans are drawn on one canvas, the drill sheets and cards in
    chunks (kept in `store` between builds), then joined with the club's PDFs."""
    paper, templates, club = options.paper, options.templates, options.club
    check_paper(paper)
    session_ids, drill_ids = list(session_ids), list(drill_ids)
    if everything or not (session_ids or drill_ids):
        session_ids = [s.id for s in library.sessions]
        drill_ids = [d.id for d in library.drills]
    chars = library_chars(library)
    sessions = [
        _session_part(library, options, select_session(library, i), chars, store)
        for i in session_ids
    ]
    # select_drills takes no ids as "every drill": a handout of sessions alone has no sheets
    sheets = list(select_drills(library, drill_ids)) if drill_ids else []
    deck = prepare_deck(library, options.but(printing=HOME_PRINTER)) if cards else None
    extra = [read_include(path) for path in includes]
    if title is not None:
        check_option_text("--title", title, TITLE_MAX, "the handout's cover")
    labels = labels_of(library)
    title = title or labels("handout_title")
    layout = load_layout("handout", paper, templates, club, labels)
    _check_names(layout, title, extra)

    entries, parts = _contents(labels, sessions, sheets, deck, extra)
    context = {"title": title, "date": labels.date(today or build_date()), "parts": parts}
    rows = _contents_rows(layout, entries)
    contents_pages = _paginate_rows(rows, _flow(layout).height)
    front = 1 + len(contents_pages)

    canvas, buffer = new_canvas(
        layout.width,
        layout.height,
        layout.fonts,
        title,
        "; ".join(p["summary"] for p in parts),
        chars,
        labels.code,
    )
    _draw_cover(canvas, layout, context)
    for page in contents_pages:
        _draw_contents_page(canvas, layout, context, page)
    canvas.save()
    pdfs = [buffer.getvalue(), *(session.pdf for session in sessions)]
    warnings = [*layout.notes, *(w for s in sessions for w in s.warnings)]
    for start in range(0, len(sheets), DRILL_SHEETS_PER_CHUNK):
        group = tuple(sheets[start : start + DRILL_SHEETS_PER_CHUNK])
        pdf, sheet_warnings = chunk(
            store,
            "sheets",
            (group, chars, paper),
            lambda g=group: _sheets(library, options, g, chars),
        )
        pdfs.append(pdf)
        warnings.extend(sheet_warnings)
    if deck:
        card_pdfs, card_warnings = deck_chunks(deck, chars, True, store)
        pdfs.extend(card_pdfs)
        warnings.extend(card_warnings)

    drills = [
        *(
            d
            for s in sessions
            for d in select_drills(library, [item.drill for item in s.session.items])
        ),
        *sheets,
        *(deck.drills if deck else ()),
    ]
    subject = f"{labels('handout_title')}: " + ", ".join(part["summary"] for part in parts)
    pdf = _assemble(pdfs, extra, entries, front, title, subject, club, drills, labels)
    total = front + sum(e for e in _part_pages(sessions, sheets, deck, extra))
    return HandoutResult(pdf, total, entries, list(dict.fromkeys(warnings)))


@dataclass(frozen=True)
class SessionPart:
    """A session plan's pages, drawn (or kept from an earlier build) for the handout."""

    session: Session
    pdf: bytes
    pages: int
    warnings: tuple[str, ...]


def _session_part(
    library: Library, options: Options, session: Session, chars: str, store: ChunkStore | None
) -> SessionPart:
    def render() -> tuple[bytes, tuple[str, ...]]:
        prepared = prepare_session(library, options, session)
        layout = prepared.layout
        canvas, buffer = new_canvas(
            layout.width, layout.height, layout.fonts, session.title, "", chars, layout.labels.code
        )
        draw_session(canvas, prepared)
        canvas.save()
        return buffer.getvalue(), prepared.warnings

    used = [library.drill(item.drill) for item in session.items if library.has_drill(item.drill)]
    pdf, warnings = chunk(store, "session", (session, used, chars, options.paper), render)
    return SessionPart(session, pdf, len(PdfReader(io.BytesIO(pdf)).pages), warnings)


def _sheets(
    library: Library, options: Options, drills: tuple[Drill, ...], chars: str
) -> tuple[bytes, list[str]]:
    """A chunk of drill sheets, fitted one at a time (a thousand are never held at once)."""
    layout = load_layout(
        "sheet", options.paper, options.templates, options.club, labels_of(library)
    )
    canvas, buffer = new_canvas(
        layout.width,
        layout.height,
        layout.fonts,
        layout.labels("drill_sheets"),
        "",
        chars,
        layout.labels.code,
    )
    warnings = []
    for drill in drills:
        sheet = prepare_sheet(library, options, drill.id)
        draw_sheet(canvas, sheet)
        warnings.extend(sheet.warnings)
    canvas.save()
    return buffer.getvalue(), warnings


def _check_names(layout: Layout, title: str, extra: list[Include]) -> None:
    """The title and the included files' names print on the cover and the contents: refuse a
    character the font lacks (it would print as an empty box), naming where it came from."""
    named = [
        ("the command line: --title", title, "remove or replace it"),
        *((f"{i.path}: the file name", i.title, "rename the file") for i in extra),
    ]
    for where, text, fix in named:
        missing = layout.fonts.missing(text)
        if missing:
            raise GlyphError(f"{where}: {glyph_problem(layout.fonts, missing)}; {fix}")


def _part_pages(
    sessions: list[SessionPart], sheets: list[Drill], deck: Deck | None, extra: list[Include]
) -> list[int]:
    return [
        *(s.pages for s in sessions),
        len(sheets),
        deck.pages() if deck else 0,
        *(i.pages for i in extra),
    ]


def _contents(t, sessions, sheets, deck, extra) -> tuple[list[Entry], list[dict]]:
    """Contents lines (and bookmarks) with content page numbers, and the cover's summary."""
    entries: list[Entry] = []
    parts: list[dict] = []
    page = 1
    if sessions:
        entries.append(Entry(0, t("session_plans"), page))
        for session in sessions:
            entries.append(Entry(1, session.session.title, page, _timing(t, session.session)))
            page += session.pages
        parts.append({"summary": t("session_plan_count", n=len(sessions))})
    if sheets:
        entries.append(Entry(0, t("drill_sheets"), page))
        for offset, drill in enumerate(sheets):
            entries.append(Entry(1, drill.name, page + offset))
        page += len(sheets)
        parts.append({"summary": t("drill_sheet_count", n=len(sheets))})
    if deck:
        entries.append(Entry(0, t("cards_to_cut"), page))
        for index, drill in enumerate(deck.drills):
            entries.append(Entry(1, drill.name, page + deck.front_page(index)))
        page += deck.pages()
        parts.append({"summary": t("card_count", n=len(deck.drills))})
    for include in extra:
        entries.append(Entry(0, include.title, page))
        page += include.pages
        parts.append(
            {
                "summary": t(
                    "include_part", title=include.title, pages=t("page_count", n=include.pages)
                )
            }
        )
    return entries, parts


def _timing(t, session: Session) -> str | None:
    """A session's time on the contents page: '75 min', or '18:30–19:45, 75 min'."""
    if not session.total_minutes:
        return None
    total = t.duration(session.total_minutes)
    if session.start_minute is None:
        return total
    span = t("time_span", start=t.clock(session.start_minute), end=t.clock(session.end_minute))
    return f"{span}, {total}"


def _flow(layout: Layout) -> Box:
    [flow] = [box for box in layout.face("contents") if box.kind == "flow"]
    return flow


def _contents_rows(layout: Layout, entries: list[Entry]) -> list[tuple[Fitted, Fitted, float]]:
    flow = _flow(layout)
    column = layout.length("page_column")
    what = "the handout's contents"
    rows = []
    for entry in entries:
        left_box = Box("entry", "text", 0, 0, flow.width - column, flow.height)
        right_box = Box("page", "text", 0, 0, column, flow.height)
        left = fit_or_fail(
            layout, left_box, layout.render("contents_entry", entry=entry), "the handout", what
        )
        right = fit_or_fail(
            layout, right_box, layout.render("contents_page", entry=entry), "the handout", what
        )
        rows.append((left, right, max(left.height, right.height)))
    return rows


def _paginate_rows(rows, height: float) -> list[list[tuple[Fitted, Fitted, float]]]:
    pages: list[list] = [[]]
    used = 0.0
    for row in rows:
        if pages[-1] and used + row[2] > height:
            pages.append([])
            used = 0.0
        pages[-1].append(row)
        used += row[2]
    return pages


def _draw_cover(canvas: Canvas, layout: Layout, context: dict) -> None:
    canvas.setPageSize((layout.width, layout.height))
    for box in layout.face("cover"):
        if box.kind == "logo":
            if layout.club.logo:
                draw_logo(canvas, layout.club.logo, box)
        elif box.kind == "text":
            fragments = layout.render(box.block, **context)
            draw_text(
                canvas,
                box,
                fit_or_fail(layout, box, fragments, "the handout", "the handout's cover"),
            )
    canvas.showPage()


def _draw_contents_page(canvas: Canvas, layout: Layout, context: dict, rows) -> None:
    canvas.setPageSize((layout.width, layout.height))
    flow = _flow(layout)
    for box in layout.face("contents"):
        if box.kind == "text":
            fragments = layout.render(box.block, **context)
            draw_text(
                canvas,
                box,
                fit_or_fail(layout, box, fragments, "the handout", "the handout's contents"),
            )
    column = layout.length("page_column")
    top = flow.y + flow.height
    for left, right, height in rows:
        for fitted, x in ((left, flow.x), (right, flow.x + flow.width - column)):
            draw_fitted(canvas, fitted, x, top)
        top -= height
    canvas.showPage()


def _version(reader: PdfReader) -> str:
    """An included PDF's version ("1.7"), so the handout claims at least as much as it holds."""
    header = reader.pdf_header
    version = header[5:] if header.startswith("%PDF-") else ""
    return version if re.fullmatch(r"[12]\.[0-9]", version) else "1.4"


def _assemble(
    pdfs: list[bytes],
    extra: list[Include],
    entries: list[Entry],
    front: int,
    title: str,
    subject: str,
    club,
    drills: list,
    labels: Labels,
) -> bytes:
    """Join the parts, append the club's PDFs, then bookmarks, page labels, metadata and
    language."""
    info = PdfReader(io.BytesIO(pdfs[0])).metadata or {}
    writer = join(pdfs)
    for include in extra:
        try:
            with _quiet_pypdf():
                writer.append(include.reader, import_outline=False)
        except _BROKEN_PDF as err:
            raise IncludeError(
                f"{include.path}: is not a readable PDF ({err}); export it again as PDF"
            ) from err
    parent = None
    for entry in entries:
        index = front + entry.page - 1
        if entry.level == 0:
            parent = writer.add_outline_item(title=entry.title, page_number=index)
        else:
            writer.add_outline_item(title=entry.title, page_number=index, parent=parent)
    total = len(writer.pages)
    writer.set_page_label(0, front - 1, style="/r", start=1)
    writer.set_page_label(front, total - 1, style="/D", start=1)
    author = (club.name if club and club.name else None) or "drillcards"
    # the categories and focus of the drills inside, each once whatever its case
    words = [w for d in drills for w in ([d.category] if d.category else []) + list(d.focus)]
    keywords = sorted({w.casefold(): w for w in reversed(words)}.values(), key=str.casefold)
    writer._root_object[NameObject("/Lang")] = TextStringObject(labels.code)  # /Lang: PDF 1.4
    writer.pdf_header = "%PDF-" + max(
        ["1.4", *(_version(i.reader) for i in extra)], key=lambda v: tuple(map(int, v.split(".")))
    )
    writer._root_object[NameObject("/PageMode")] = NameObject("/UseOutlines")
    return finish(
        writer,
        {
            **{key: str(value) for key, value in info.items()},  # the dates and producer
            "/Title": title,
            "/Author": author,
            "/Subject": subject,
            "/Keywords": ", ".join([labels("handout_title"), *keywords]),
            "/Creator": "drillcards",
        },
    )
