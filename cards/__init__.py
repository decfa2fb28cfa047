"""drillcards: printable running-drill cards from a drill library and Jinja layouts."""

from __future__ import annotations

__version__ = "0.1.0"

from .build.output import write_atomic
from .build.plan import BuildResult, render_all, render_site, write_all
from .data.club import Club, ClubError, load_club
from .data.labels import Labels, load_labels
from .data.library import adhoc_session, load_library
from .data.model import CardText, Drill, Fault, Library, Session, SessionItem
from .data.selection import select_drills, select_session
from .data.translate import Coverage, Edition, edition
from .errors import (
    DataError,
    DrillcardsError,
    FitError,
    GlyphError,
    LayoutError,
    OutputError,
)
from .products.deck import CardsResult, render_cards
from .products.handout import HandoutResult, render_handout
from .products.preview import Preview, previews
from .products.session import SessionResult, render_session
from .products.sheet import SheetResult, render_sheet
from .products.site import SiteResult

__all__ = [
    "BuildResult",
    "CardText",
    "CardsResult",
    "Club",
    "ClubError",
    "Coverage",
    "DataError",
    "Drill",
    "DrillcardsError",
    "Edition",
    "Fault",
    "FitError",
    "GlyphError",
    "HandoutResult",
    "Labels",
    "LayoutError",
    "Library",
    "OutputError",
    "Preview",
    "Session",
    "SessionItem",
    "SessionResult",
    "SheetResult",
    "SiteResult",
    "adhoc_session",
    "edition",
    "load_club",
    "load_labels",
    "load_library",
    "previews",
    "render_all",
    "render_cards",
    "render_handout",
    "render_session",
    "render_sheet",
    "render_site",
    "select_drills",
    "select_session",
    "write_all",
    "write_atomic",
]
