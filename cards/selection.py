"""Choosing what to print: drills and sessions by id (with a did-you-mean) and the paper."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from .errors import DataError, LayoutError
from .impose import PAPERS
from .library import unknown_drill_message
from .model import Drill, Library, Session

DEFAULT_PAPER = "a4"
PAPER_NAMES = {"a4": "A4", "letter": "Letter"}


def select_drills(library: Library, ids: Iterable[str] = ()) -> list[Drill]:
    """The drills asked for, in the order asked, or every drill; unknown ids get a did-you-mean."""
    ids = list(ids)
    if not ids:
        return list(library.drills)
    known = [d.id for d in library.drills]
    problems = [f"{library.source}: {unknown_drill_message(i, known)}"
                for i in ids if not library.has_drill(i)]
    if problems:
        raise DataError("Some drills asked for are not in the library:", problems)
    return [library.drill(i) for i in ids]


def check_paper(paper: str) -> None:
    if paper not in PAPERS:
        raise LayoutError(f'unknown paper "{paper}"; use one of: {", ".join(PAPERS)}')


def select_session(library: Library, session_id: str) -> Session:
    """A session of the library by id; an unknown id gets a did-you-mean."""
    for session in library.sessions:
        if session.id == session_id:
            return session
    known = [s.id for s in library.sessions]
    hint = difflib.get_close_matches(session_id, known, n=1, cutoff=0.5)
    fix = f'did you mean "{hint[0]}"?' if hint else (
        "sessions: " + ", ".join(known) if known else "the library has no sessions")
    raise DataError(f'{library.source}: there is no session with the id "{session_id}"; {fix}')
