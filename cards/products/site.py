"""`drillcards site`: a drill catalogue web page for runners, with everything it links to.

The folder works from any web server and straight from disk: index.html (templates/site.html.j2),
site.css and site.js (from the layout folders, so a club can restyle them), every drill sheet,
the pocket cards (cards.pdf), every session plan, the handout, thumbnails rendered from those
PDFs, and the club's logo. Nothing is fetched from elsewhere; only the videos are links out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from ..data.labels import labels_of
from ..data.model import Drill, Library
from ..data.pictures import PictureRefused, picture_bytes
from ..data.validation import read_capped
from ..errors import DataError, LayoutError
from ..impose import HOME_PRINTER
from ..options import Options
from ..render.contrast import readable_on_white
from ..render.layout import load_template, search_path
from ..render.sandbox import TIME_LIMIT, LayoutTimeout, collect
from .deck import prepare_deck

SITE = Path("site")  # where a build puts the site, in its out folder
CARDS = Path("cards.pdf")  # every pocket card, four to a page: the drills' card links open it
TEMPLATE = "site.html.j2"
STATIC = ("site.css", "site.js")
STATIC_MAX_BYTES = 1_000_000  # a stylesheet or a script of a few hundred lines
SHEET_THUMB = 240  # pixels wide
PICTURES = Path("pictures")  # the drills' pictures, copied for the page
PICTURE_WIDTH = 480  # pixels: a drill's picture across its entry (shrunk by site.css)
PAGE_TEXT_PER_ITEM = 4000  # the page may hold this many characters per drill and session


@dataclass
class SiteResult:
    files: dict[Path, bytes]  # relative to the site's folder
    drills: int
    sessions: int
    warnings: list[str] = field(default_factory=list)


def logo_name(club) -> str | None:
    """The club's logo in the site's folder: logo.png or logo.jpg."""
    return f"logo{club.logo.suffix.lower()}" if club is not None and club.logo else None


def static_files(club, templates) -> dict[Path, bytes]:
    """site.css and site.js from the layout folders, and the club's logo."""
    search = search_path(templates)
    files: dict[Path, bytes] = {}
    for name in STATIC:
        path = next((folder / name for folder in search if (folder / name).is_file()), None)
        if path is None:
            raise LayoutError(f"{name}: not found in {', '.join(map(str, search))}")
        files[Path(name)] = read_capped(
            path, STATIC_MAX_BYTES, what=f"a {path.suffix[1:]} file", error=LayoutError
        )
    if logo_name(club):
        files[Path(logo_name(club))] = club.logo.read_bytes()
    return files


def picture_name(drill: Drill) -> Path | None:
    """Where the page finds the drill's picture in the site's folder: pictures/ID.svg (.png,
    .jpg), named by the drill, so a build's file names never come from the drills file."""
    return PICTURES / f"{drill.id}{drill.picture.suffix}" if drill.picture else None


def picture_file(drill: Drill) -> bytes:
    """The drill's picture as the page shows it, the bytes checked when the library was read
    (an SVG with the pictures it shows inside it)."""
    try:
        return picture_bytes(drill.picture)
    except PictureRefused as err:
        raise DataError(f"{err}; nothing was written") from err


def _picture(drill: Drill) -> dict:
    """What the page needs to show a drill's picture: its file, words and size."""
    if drill.picture is None:
        return {"picture": None}
    height = round(PICTURE_WIDTH * drill.picture.height / drill.picture.width)
    return {
        "picture": picture_name(drill).as_posix(),
        "picture_alt": drill.alt_text,
        "picture_width": PICTURE_WIDTH,
        "picture_height": height,
    }


def index_html(library: Library, options: Options, languages: tuple = ()) -> str:
    """The page; a drill's card link opens the deck (cards.pdf) at the page with its card.
    With languages built side by side (out/de/site/, out/fr/site/), it links each of them."""
    club, templates = options.club, options.templates
    deck = prepare_deck(library, options.but(printing=HOME_PRINTER))
    card_pages = {drill.id: deck.front_page(index) + 1 for index, drill in enumerate(deck.drills)}
    template = load_template(search_path(templates), TEMPLATE, "the web page")
    logo = logo_name(club)
    accent = (club.accent if club is not None and club.accent else None) or "#0b6e4f"
    sheet_height = round(SHEET_THUMB * 297 / 210)
    labels = labels_of(library)
    context = {
        "t": labels,
        "lang": labels.code,
        "languages": [
            {"code": code, "name": name, "href": f"../../{code}/{SITE}/index.html"}
            for code, name in languages
        ]
        if len(languages) > 1
        else [],
        "title": (club.name if club is not None and club.name else None) or labels("handout_title"),
        "club_name": club.name if club is not None else None,
        "footer": club.footer if club is not None else None,
        "logo": logo,
        "accent": accent,
        "accent_text": readable_on_white(accent),
        "levels": sorted(
            {d.level for d in library.drills if d.level},
            key=lambda level: (LEVELS.get(level, 9), level),
        ),
        "categories": sorted({d.category for d in library.drills if d.category}, key=str.casefold),
        "drills": [
            {
                "id": d.id,
                "name": d.name,
                "summary": d.summary,
                "level": d.level or "",
                "category": d.category or "",
                "focus": list(d.focus),
                "video": d.video or "",
                "video_host": d.video_host,
                "sheet": f"sheets/{d.id}.pdf",
                "card": f"{CARDS}#page={card_pages[d.id]}",
                "card_page": card_pages[d.id],
                "thumb": f"previews/{d.id}-sheet.png",
                "thumb_width": SHEET_THUMB,
                "thumb_height": sheet_height,
                **_picture(d),
                "text": " ".join(
                    [
                        d.name,
                        d.summary,
                        d.category or "",
                        d.level or "",
                        labels(d.level) if d.level else "",
                        *d.focus,
                        *d.cues,
                        *d.variations,
                        *d.equipment,
                    ]
                ).casefold(),
            }
            for d in library.drills
        ],
        "sessions": [
            {
                "id": s.id,
                "title": s.title,
                "count": len(s.items),
                "names": [library.drill(item.drill).name for item in s.items],
                # the time a coach plans by: each drill's minutes, the total, the clock times
                "items": [
                    {
                        "name": library.drill(item.drill).name,
                        "minutes": labels.duration(item.minutes) if item.minutes else None,
                    }
                    for item in s.items
                ],
                "total": labels.duration(s.total_minutes) if s.total_minutes else None,
                "span": (
                    labels(
                        "time_span",
                        start=labels.clock(s.start_minute),
                        end=labels.clock(s.end_minute),
                    )
                    if s.start_minute is not None and s.end_minute is not None
                    else None
                ),
                "pdf": f"sessions/{s.id}.pdf",
                "thumb": f"previews/{s.id}-session.png",
                "thumb_width": SHEET_THUMB,
                "thumb_height": sheet_height,
            }
            for s in library.sessions
        ],
    }
    limit = PAGE_TEXT_PER_ITEM * (1 + len(library.drills) + len(library.sessions))
    try:
        return collect(template.generate(context), limit)
    except jinja2.TemplateError as err:
        raise LayoutError(f"{TEMPLATE}: {err}") from err
    except LayoutTimeout as err:
        raise LayoutError(
            f"{TEMPLATE}: took longer than {TIME_LIMIT:g} s; look for a loop that runs too often"
        ) from err


LEVELS = {"beginner": 0, "intermediate": 1, "advanced": 2}
