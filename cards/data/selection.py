"""Choosing what to print: drills and sessions by id (with a did-you-mean) and the paper."""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import DataError, LayoutError
from ..impose import PAPERS
from .library import adhoc_session, changed_session, quoted, unknown_drill_message
from .model import Drill, Library, Session
from .validation import suggestion

DEFAULT_PAPER = "a4"
PAPER_NAMES = {"a4": "A4", "letter": "Letter"}


def select_drills(library: Library, ids: Iterable[str] = ()) -> list[Drill]:
    """The drills asked for, in the order asked, or every drill; unknown ids get a did-you-mean."""
    ids = list(ids)
    if not ids:
        return list(library.drills)
    known = [d.id for d in library.drills]
    problems = [
        f"{library.source}: {unknown_drill_message(i, known)}"
        for i in ids
        if not library.has_drill(i)
    ]
    if problems:
        raise DataError("Some drills asked for are not in the library:", problems)
    return [library.drill(i) for i in ids]


def session_drill_ids(library: Library, session_ids: Iterable[str]) -> tuple[str, ...]:
    """The drills of the sessions named, each once, in the sessions' order: tonight's cards."""
    sessions = [select_session(library, ident) for ident in session_ids]
    return tuple(dict.fromkeys(item.drill for s in sessions for item in s.items))


def check_paper(paper: str) -> None:
    if paper not in PAPERS:
        raise LayoutError(f'unknown paper "{paper}"; use one of: {", ".join(PAPERS)}')


def choose_session(
    library: Library,
    ids: list[str],
    title: str | None = None,
    notes: str | None = None,
    own_path: bool = False,
    *,
    start: str | None = None,
    warmup: int | None = None,
    cooldown: int | None = None,
) -> Session:
    """The session to print: one of the library's by id, or one made from --title and drill ids
    (each may carry its minutes, as pogo-jumps:4).

    --notes, --start, --warmup and --cooldown (minutes) replace a library session's own; an
    ad-hoc session may not take the default file name of a library session (unless it is written
    to a path of its own).
    """
    if title is None:
        if len(ids) != 1:
            raise DataError("Give one session id, or --title TEXT and the drill ids in order.")
        ident, colon, _ = ids[0].partition(":")
        if colon and library.has_drill(ident):
            raise DataError(
                f"{quoted(ids[0])}: a drill's minutes go with the drills of a session made here; "
                f'give a title: drillcards session --title "Tuesday track" {ids[0]} …'
            )
        session = select_session(library, ids[0])
        if notes is None and start is None and warmup is None and cooldown is None:
            return session
        return changed_session(library, session, notes, start, warmup, cooldown)
    session = adhoc_session(
        library, title, ids, notes, start=start, warmup_minutes=warmup, cooldown_minutes=cooldown
    )
    if not own_path and any(s.id == session.id for s in library.sessions):
        raise DataError(
            f'the title "{title}" would make the file name {session.id}.pdf, which belongs to the '
            f'session "{session.id}" in {library.source}; choose another --title or give -o FILE'
        )
    return session


def select_session(library: Library, session_id: str) -> Session:
    """A session of the library by id; an unknown id gets a did-you-mean."""
    for session in library.sessions:
        if session.id == session_id:
            return session
    if library.has_drill(session_id):
        raise DataError(
            f"{quoted(session_id)} is a drill, not a session; for a session of drills, give a "
            "title: "
            f'drillcards session --title "Tuesday track" {session_id} …'
        )
    known = [s.id for s in library.sessions]
    listed = "sessions: " + ", ".join(known) if known else "the library has no sessions"
    fix = suggestion(session_id, known, listed, cutoff=0.5)
    raise DataError(
        f"{library.source}: there is no session with the id {quoted(session_id)}; {fix}"
    )
