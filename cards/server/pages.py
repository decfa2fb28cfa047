"""The server's HTML pages: Jinja templates (templates/serve/) run in the layouts' sandbox, so
request data reaches them only escaped and bounded, as drill text reaches a card."""

from __future__ import annotations

from pathlib import Path

import jinja2

from ..data.labels import Labels
from ..data.model import Drill, Library, Session
from ..errors import LayoutError
from ..products.site import LEVELS, readable_on_white
from ..render.layout import load_template, search_path
from ..render.sandbox import TIME_LIMIT, LayoutTimeout, collect
from ..resources import builtin_templates
from .query import Item, SessionQuery

FOLDER = "serve"
STATIC = {"serve.css": "text/css; charset=utf-8", "serve.js": "text/javascript; charset=utf-8"}
PAGE_TEXT_PER_ITEM = 6000  # characters a page may hold per drill, session and item
DEFAULT_ACCENT = "#0b6e4f"


def static_files() -> dict[str, tuple[bytes, str]]:
    """The pages' own script and style, read once from the package: name → (bytes, type)."""
    folder = builtin_templates() / FOLDER
    return {name: ((folder / name).read_bytes(), kind) for name, kind in STATIC.items()}


def theme_css(club) -> bytes:
    """The club's colour for the style sheet, darkened where text in it must read on white."""
    accent = (club.accent if club is not None and club.accent else None) or DEFAULT_ACCENT
    return (
        f":root {{ --accent: {accent}; --accent-text: {readable_on_white(accent)}; }}\n"
    ).encode()


def render_page(templates: Path | None, name: str, context: dict, items: int) -> str:
    """A page of templates/serve/, in the sandbox, bounded by the number of things it lists."""
    template = load_template(search_path(templates), f"{FOLDER}/{name}", "drillcards serve")
    try:
        return collect(template.generate(context), PAGE_TEXT_PER_ITEM * (10 + items))
    except jinja2.TemplateError as err:
        raise LayoutError(f"{FOLDER}/{name}: {err}") from err
    except LayoutTimeout as err:
        raise LayoutError(f"{FOLDER}/{name}: took longer than {TIME_LIMIT:g} s") from err


def drill_entry(drill: Drill, labels: Labels, lang: str = "") -> dict:
    """What the catalogue and the builder show of a drill, and its addresses."""
    suffix = f"?lang={lang}" if lang else ""
    return {
        "id": drill.id,
        "name": drill.name,
        "summary": drill.summary,
        "level": drill.level or "",
        "level_word": labels(drill.level) if drill.level else "",
        "category": drill.category or "",
        "focus": list(drill.focus),
        "dosage": drill.dosage or "",
        "cues": list(drill.cues),
        "faults": [{"fault": f.fault, "fix": f.fix} for f in drill.faults],
        "variations": list(drill.variations),
        "equipment": list(drill.equipment),
        "video": drill.video or "",
        "video_host": drill.video_host if drill.video else "",
        # the drill's own picture (issue 18), when the library has one; else its sheet
        "picture": (f"/picture/{drill.id}.png{suffix}" if getattr(drill, "picture", None) else ""),
        "alt": getattr(drill, "alt_text", drill.name),
        "page": f"/drill/{drill.id}{suffix}",
        "sheet": f"/pdf/sheet/{drill.id}.pdf{suffix}",
        "card": f"/pdf/cards.pdf?drill={drill.id}{'&lang=' + lang if lang else ''}",
        "thumb": f"/preview/sheet/{drill.id}.png{suffix}",
        "text": " ".join(
            [
                drill.name,
                drill.summary,
                drill.category or "",
                drill.level or "",
                labels(drill.level) if drill.level else "",
                *drill.focus,
                *drill.cues,
                *drill.variations,
                *drill.equipment,
            ]
        ).casefold(),
    }


def catalogue_context(
    library: Library, labels: Labels, lang: str, level: str, category: str, search: str
) -> dict:
    """The catalogue, filtered on the server too, so the filters work without JavaScript."""
    words = search.casefold().replace("ß", "ss").split()
    drills = [drill_entry(d, labels, lang) for d in library.drills]
    for entry in drills:
        entry["shown"] = (
            (not level or entry["level"] == level)
            and (not category or entry["category"] == category)
            and all(w in entry["text"].replace("ß", "ss") for w in words)
        )
    return {
        "drills": drills,
        "shown": sum(1 for d in drills if d["shown"]),
        "levels": sorted(
            {d.level for d in library.drills if d.level},
            key=lambda level: (LEVELS.get(level, 9), level),
        ),
        "categories": sorted({d.category for d in library.drills if d.category}, key=str.casefold),
        "level": level,
        "category": category,
        "search": search,
        "sessions": [session_entry(library, s, lang) for s in library.sessions],
    }


def session_entry(library: Library, session: Session, lang: str) -> dict:
    """A library session, and the builder's address that opens it to be changed."""
    query = SessionQuery.of_session(session)
    return {
        "id": session.id,
        "title": session.title,
        "count": len(session.items),
        "names": [library.drill(item.drill).name for item in session.items],
        "builder": "/session?" + query.query(("lang", lang)),
        "pdf": f"/pdf/session.pdf?session={session.id}{'&lang=' + lang if lang else ''}",
    }


def builder_items(library: Library, query: SessionQuery) -> list[dict]:
    """The session's items as the builder lists them; an unknown drill keeps its id as name."""
    return [_item(library, item, index) for index, item in enumerate(query.items)]


def _item(library: Library, item: Item, index: int) -> dict:
    drill = library.drill(item.drill) if library.has_drill(item.drill) else None
    return {
        "index": index,
        "number": index + 1,
        "drill": item.drill,
        "name": drill.name if drill else item.drill,
        "known": drill is not None,
        "default_dosage": (drill.dosage or "") if drill else "",
        "minutes": item.minutes,
        "dosage": item.dosage,
        "note": item.note,
    }
