"""`drillcards build`: every product from one library, rendered first, then written."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .deck import DEFAULT_SIZE, render_cards
from .errors import FitError, GlyphError, OutputError
from .handout import render_handout
from .model import Library
from .output import write_atomic
from .selection import DEFAULT_PAPER
from .session import render_session
from .sheet import render_sheet

HANDOUT = Path("handout.pdf")


@dataclass
class BuildResult:
    files: dict[Path, bytes]  # relative path → PDF, in the order written
    pages: dict[Path, int]
    summary: list[str]
    warnings: list[str] = field(default_factory=list)


def build_steps(library: Library) -> int:
    """How many products render_all makes, for a progress bar."""
    return 2 + len(library.drills) + len(library.sessions)


def render_all(library: Library, templates: str | Path | None = None,
               paper: str = DEFAULT_PAPER, size: str = DEFAULT_SIZE, club=None,
               progress: Callable[[str], None] | None = None) -> BuildResult:
    """Render every product in memory, so a mistake anywhere writes nothing at all.

    A drill that does not fit or uses a character the font lacks is noted and the rest goes on,
    so one run reports every such problem; a broken layout stops at once.
    """
    files: dict[Path, bytes] = {}
    pages: dict[Path, int] = {}
    problems: list[str] = []
    kinds: set[type] = set()
    step = progress or (lambda label: None)

    def attempt(path: Path, render, count):
        try:
            result = render()
        except (FitError, GlyphError) as err:
            kinds.add(type(err))
            problems.extend(err.problems or [str(err)])
            result = None
        else:
            files[path] = result.pdf
            pages[path] = count(result)
        step(str(path))
        return result

    cards = attempt(Path("cards.pdf"), lambda: render_cards(
        library, paper=paper, size=size, templates=templates, club=club), lambda r: r.pages)
    for drill in library.drills:
        attempt(Path("sheets") / f"{drill.id}.pdf",
                lambda d=drill: render_sheet(library, d.id, paper, templates, club),
                lambda r: 1)
    for session in library.sessions:
        attempt(Path("sessions") / f"{session.id}.pdf",
                lambda s=session: render_session(library, s, paper, templates, club=club),
                lambda r: r.pages)
    if not problems:
        attempt(HANDOUT, lambda: render_handout(
            library, everything=True, cards=True, club=club, paper=paper, size=size,
            templates=templates), lambda r: r.pages)
    if problems:
        unique = list(dict.fromkeys(problems))
        error = kinds.pop() if len(kinds) == 1 else FitError
        raise error(f"{_count(len(unique), 'problem')} in {library.source}; nothing was written:",
                    unique)
    sessions = [Path("sessions") / f"{s.id}.pdf" for s in library.sessions]
    summary = [
        f"cards.pdf: {_count(cards.cards, 'card')} on {_count(cards.pages, 'page')}",
        f"sheets/: {_count(len(library.drills), 'drill sheet')}",
        f"sessions/: {_count(len(sessions), 'session sheet')}, "
        f"{_count(sum(pages[p] for p in sessions), 'page')}",
        f"handout.pdf: {_count(pages[HANDOUT], 'page')}, {len(files[HANDOUT]):,} bytes",
    ]
    return BuildResult(files, pages, summary, list(dict.fromkeys(cards.warnings)))


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def stale_files(result: BuildResult, out_dir: str | Path) -> list[Path]:
    """PDFs a build writes in out_dir that this build no longer produces (e.g. a deleted drill)."""
    out_dir = Path(out_dir)
    candidates = [out_dir / "cards.pdf", out_dir / HANDOUT,
                  *sorted((out_dir / "sheets").glob("*.pdf")),
                  *sorted((out_dir / "sessions").glob("*.pdf"))]
    produced = {out_dir / path for path in result.files}
    return [path for path in candidates if path.is_file() and path not in produced]


def write_all(result: BuildResult, out_dir: str | Path, clean: bool = False) -> list[Path]:
    """Write every file atomically under out_dir; with clean, remove stale PDFs afterwards."""
    written = [write_atomic(Path(out_dir) / relative, data)
               for relative, data in result.files.items()]
    if clean:
        for path in stale_files(result, out_dir):
            try:
                path.unlink()
            except OSError as err:
                raise OutputError(f"{path}: could not be removed ({err.strerror})") from err
    return written
