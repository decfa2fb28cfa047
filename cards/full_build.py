"""`drillcards build`: every product from one library, rendered first, then written."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .deck import DEFAULT_SIZE, render_cards
from .errors import FitError, GlyphError
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
               paper: str = DEFAULT_PAPER, size: str = DEFAULT_SIZE) -> BuildResult:
    """Render every product in memory, so a mistake anywhere writes nothing at all.

    A drill that does not fit or uses a character the font lacks is noted and the rest goes on,
    so one run reports every such problem; a broken layout stops at once.
    """
    files: dict[Path, bytes] = {}
    problems: list[str] = []
    kinds: set[type] = set()

    def attempt(render):
        try:
            return render()
        except (FitError, GlyphError) as err:
            kinds.add(type(err))
            problems.extend(err.problems or [str(err)])
            return None

    cards = attempt(lambda: render_cards(library, paper=paper, size=size, templates=templates))
    for drill in library.drills:
        sheet = attempt(lambda d=drill: render_sheet(library, d.id, paper, templates))
        if sheet:
            files[Path("sheets") / f"{drill.id}.pdf"] = sheet.pdf
    session_pages = 0
    for session in library.sessions:
        result = attempt(lambda s=session: render_session(library, s, paper, templates))
        if result:
            files[Path("sessions") / f"{session.id}.pdf"] = result.pdf
            session_pages += result.pages
    if problems:
        unique = list(dict.fromkeys(problems))
        error = kinds.pop() if len(kinds) == 1 else FitError
        raise error(f"{_count(len(unique), 'problem')} in {library.source}; nothing was written:",
                    unique)
    files = {Path("cards.pdf"): cards.pdf, **files}
    summary = [
        f"cards.pdf: {_count(cards.cards, 'card')} on {_count(cards.pages, 'page')}",
        f"sheets/: {_count(len(library.drills), 'drill sheet')}",
        f"sessions/: {_count(len(library.sessions), 'session sheet')}, "
        f"{_count(session_pages, 'page')}",
    ]
    return BuildResult(files, summary, list(dict.fromkeys(cards.warnings)))


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def write_all(result: BuildResult, out_dir: str | Path) -> list[Path]:
    """Write every file atomically under out_dir; earlier files stay whole if one fails."""
    return [write_atomic(Path(out_dir) / relative, data) for relative, data in result.files.items()]
