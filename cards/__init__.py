"""drillcards: printable running-drill cards from a drill library and Jinja layouts."""

from __future__ import annotations

__version__ = "0.1.0"

from .club import Club, ClubError, load_club
from .deck import CardsResult, render_cards
from .errors import (
    DataError,
    DrillcardsError,
    FitError,
    GlyphError,
    LayoutError,
    OutputError,
)
from .full_build import BuildResult, render_all, write_all
from .handout import HandoutResult, render_handout
from .labels import Labels, load_labels
from .library import adhoc_session, load_library
from .model import Drill, Fault, Library, Session, SessionItem
from .output import write_atomic
from .preview import Preview, previews
from .selection import select_drills, select_session
from .session import SessionResult, render_session
from .sheet import SheetResult, render_sheet
from .site import SiteResult, render_site
from .translate import Coverage, Edition, edition

__all__ = [
    "BuildResult",
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
