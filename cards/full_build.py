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
# What the builds wrote into the folder, one path a line: how --clean knows its own files.
MANIFEST = Path(".drillcards-build")


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


def _is_product(relative: str) -> bool:
    """A path a build may write: cards.pdf, handout.pdf, sheets/<id>.pdf or sessions/<id>.pdf."""
    parts = relative.split("/")
    if len(parts) == 1:
        return relative in ("cards.pdf", HANDOUT.as_posix())
    return (len(parts) == 2 and parts[0] in ("sheets", "sessions") and parts[1].endswith(".pdf")
            and parts[1] not in (".pdf", "..pdf") and not parts[1].startswith("."))


def _recorded(out_dir: Path) -> list[str]:
    """The products the builds before wrote into out_dir, as recorded in MANIFEST."""
    try:
        text = (out_dir / MANIFEST).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []  # no build here yet (or one from before the record was kept): nothing is stale
    return [line for line in dict.fromkeys(text.splitlines()) if _is_product(line)]


def stale_files(result: BuildResult, out_dir: str | Path) -> list[Path]:
    """PDFs an earlier build wrote in out_dir that this build no longer produces (a deleted
    drill). Only files a build wrote count: a session sheet made with `drillcards session` into
    out/sessions/ is the coach's, never stale."""
    out_dir = Path(out_dir)
    produced = {path.as_posix() for path in result.files}
    return [out_dir / relative for relative in sorted(_recorded(out_dir))
            if relative not in produced and (out_dir / relative).is_file()]


def write_all(result: BuildResult, out_dir: str | Path, clean: bool = False) -> list[Path]:
    """Write every file atomically under out_dir; with clean, remove stale PDFs afterwards.

    MANIFEST records what builds wrote and has not been removed, so a later build knows which
    PDFs are its own."""
    out_dir = Path(out_dir)
    stale = stale_files(result, out_dir)
    written = [write_atomic(out_dir / relative, data)
               for relative, data in result.files.items()]
    kept = stale
    if clean:
        kept = []
        for path in stale:
            try:
                path.unlink()
            except FileNotFoundError:
                pass
            except OSError as err:
                kept = [p for p in stale if p.exists()]
                write_atomic(out_dir / MANIFEST, _manifest(result, out_dir, kept))
                raise OutputError(f"{path}: could not be removed ({err.strerror})") from err
    write_atomic(out_dir / MANIFEST, _manifest(result, out_dir, kept))
    return written


def _manifest(result: BuildResult, out_dir: Path, kept: list[Path]) -> bytes:
    lines = sorted({path.as_posix() for path in result.files}
                   | {path.relative_to(out_dir).as_posix() for path in kept})
    return ("".join(f"{line}\n" for line in lines)).encode("utf-8")
