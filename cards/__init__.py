"""drillcards: printable running-drill cards from a drill library and Jinja layouts."""

from __future__ import annotations

from .deck import CardsResult, render_cards
from .errors import (
    DataError,
    DrillcardsError,
    FitError,
    GlyphError,
    LayoutError,
    OutputError,
)
from .library import load_library
from .model import Drill, Fault, Library, Session, SessionItem
from .output import write_atomic
from .selection import select_drills
from .sheet import SheetResult, render_sheet

__all__ = [
    "CardsResult",
    "DataError",
    "Drill",
    "DrillcardsError",
    "Fault",
    "FitError",
    "GlyphError",
    "LayoutError",
    "Library",
    "OutputError",
    "Session",
    "SessionItem",
    "SheetResult",
    "load_library",
    "render_cards",
    "render_sheet",
    "select_drills",
    "write_atomic",
]
