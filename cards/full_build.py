"""`drillcards build`: every product from one library, rendered first, then written."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .deck import render_cards
from .model import Library
from .output import write_atomic
from .selection import DEFAULT_PAPER
from .session import render_session
from .sheet import render_sheet


@dataclass
class BuildResult:
    files: dict[Path, bytes]  # relative path → PDF, in the order written
    summary: list[str]
    warnings: list[str] = field(default_factory=list)


def render_all(library: Library, templates: str | Path | None = None,
               paper: str = DEFAULT_PAPER) -> BuildResult:
    """Render every product in memory, so a mistake anywhere writes nothing at all."""
    files: dict[Path, bytes] = {}
    cards = render_cards(library, paper=paper, templates=templates)
    files[Path("cards.pdf")] = cards.pdf
    warnings = list(cards.warnings)
    for drill in library.drills:
        sheet = render_sheet(library, drill.id, paper, templates)
        files[Path("sheets") / f"{drill.id}.pdf"] = sheet.pdf
    session_pages = 0
    for session in library.sessions:
        result = render_session(library, session, paper, templates)
        files[Path("sessions") / f"{session.id}.pdf"] = result.pdf
        session_pages += result.pages
    summary = [
        f"cards.pdf: {_count(cards.cards, 'card')} on {_count(cards.pages, 'page')}",
        f"sheets/: {_count(len(library.drills), 'drill sheet')}",
        f"sessions/: {_count(len(library.sessions), 'session sheet')}, "
        f"{_count(session_pages, 'page')}",
    ]
    return BuildResult(files, summary, list(dict.fromkeys(warnings)))


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def write_all(result: BuildResult, out_dir: str | Path) -> list[Path]:
    """Write every file atomically under out_dir; earlier files stay whole if one fails."""
    return [write_atomic(Path(out_dir) / relative, data) for relative, data in result.files.items()]
