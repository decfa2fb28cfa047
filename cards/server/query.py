"""A request's address read as the CLI's options: capped, every name known, and a session that
lives wholly in its query string, so a bookmarked or shared address restores it.

    /pdf/session.pdf?title=Tuesday&drill=ankle-drill&minutes=5&drill=pogo-jumps&minutes=4

The item lists (drill, minutes, dosage, note) run side by side: the n-th minutes belong to the
n-th drill; an empty value, or a list that stops early, leaves an item's field unset.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qsl, urlencode

from ..commands.common import UsageError
from ..data import schema
from ..data.library import adhoc_session, changed_session, check_option_text
from ..data.model import Library, Session
from ..data.quoting import quoted
from ..data.selection import select_session
from ..data.validation import suggestion
from ..errors import DataError

MAX_QUERY_BYTES = 32_768  # a 30-drill session with every note full, percent-encoded, fits
MAX_PARAMS = 200  # 30 items of four fields and every session field, with room to spare
ITEM_KEYS = ("drill", "minutes", "dosage", "note")
SESSION_KEYS = (
    "session",
    "title",
    "date",
    "start",
    "notes",
    "warmup",
    "warmup_minutes",
    "cooldown",
    "cooldown_minutes",
)
PRINT_KEYS = ("lang", "paper", "size")
BUILDER_KEYS = ("add", "op")  # the builder's buttons, for pages without JavaScript
_CLEAN = re.compile(r"\s+")
SESSION_HEAD = "The session cannot be made as given; nothing was written:"


class RequestError(UsageError):
    """An address that names a parameter there is none of, or too many or too long (400)."""


def parse_query(raw: bytes, allowed: tuple[str, ...]) -> dict[str, list[str]]:
    """The query string's values by name, in order; refused when too long, too many, not UTF-8,
    or naming a parameter this address does not take (with a did-you-mean)."""
    if len(raw) > MAX_QUERY_BYTES:
        raise RequestError(
            f"the address is {len(raw):,} bytes long; at most {MAX_QUERY_BYTES:,} are read"
        )
    if raw.count(b"&") + raw.count(b";") >= MAX_PARAMS:
        raise RequestError(f"the address has more than {MAX_PARAMS} parameters")
    try:
        pairs = parse_qsl(
            raw.decode("ascii"),
            keep_blank_values=True,
            encoding="utf-8",
            errors="strict",
            max_num_fields=MAX_PARAMS,
        )
    except (UnicodeDecodeError, ValueError) as err:
        raise RequestError("the address is not percent-encoded UTF-8 text") from err
    values: dict[str, list[str]] = {}
    for name, value in pairs:
        if name not in allowed:
            fix = suggestion(name, allowed, "this address takes: " + ", ".join(allowed))
            raise RequestError(f"the address names no parameter {quoted(name)}; {fix}")
        values.setdefault(name, []).append(value)
    return values


def one(values: dict[str, list[str]], name: str) -> str:
    """The value of a parameter given at most once; '' when it is not given."""
    given = values.get(name, [])
    if len(given) > 1:
        raise RequestError(f"{name}= is given {len(given)} times; give it once")
    return given[0].strip() if given else ""


@dataclass(frozen=True)
class Item:
    """One drill of the session as the address has it: text, checked when the session is made."""

    drill: str
    minutes: str = ""
    dosage: str = ""
    note: str = ""


@dataclass(frozen=True)
class SessionQuery:
    """The session an address describes: a library session by id, or one given field by field."""

    session: str = ""  # a library session's id, as `drillcards session ID`
    title: str = ""
    date: str = ""  # YYYY-MM-DD
    start: str = ""  # HH:MM
    notes: str = ""
    warmup: str = ""
    warmup_minutes: str = ""
    cooldown: str = ""
    cooldown_minutes: str = ""
    items: tuple[Item, ...] = field(default=())

    @classmethod
    def from_values(cls, values: dict[str, list[str]]) -> SessionQuery:
        drills = [d.strip() for d in values.get("drill", [])]
        for name in ITEM_KEYS[1:]:
            if len(values.get(name, [])) > len(drills):
                raise RequestError(
                    f"{name}= is given {len(values[name])} times but drill= only "
                    f"{len(drills)}: give one {name}= per drill, in order"
                )
        column = {name: values.get(name, []) + [""] * len(drills) for name in ITEM_KEYS[1:]}
        items = tuple(
            Item(d, *(column[name][i].strip() for name in ITEM_KEYS[1:]))
            for i, d in enumerate(drills)
        )
        return cls(**{name: one(values, name) for name in SESSION_KEYS}, items=items)

    @classmethod
    def of_session(cls, session: Session) -> SessionQuery:
        """A library session as the builder opens it: every field it has, to be changed."""
        items = tuple(
            Item(i.drill, _text(i.minutes), i.dosage or "", i.notes or "") for i in session.items
        )
        return cls(
            title=session.title,
            start=session.start or "",
            notes=session.notes or "",
            warmup=session.warmup or "",
            warmup_minutes=_text(session.warmup_minutes),
            cooldown=session.cooldown or "",
            cooldown_minutes=_text(session.cooldown_minutes),
            items=items,
        )

    def pairs(self) -> list[tuple[str, str]]:
        """The address's parameters: set fields only; an item column only when some item has
        it, then once per drill, so the columns stay side by side."""
        found = [(name, getattr(self, name)) for name in SESSION_KEYS if getattr(self, name)]
        columns = [name for name in ITEM_KEYS[1:] if any(getattr(i, name) for i in self.items)]
        for item in self.items:
            found.append(("drill", item.drill))
            found += [(name, getattr(item, name)) for name in columns]
        return found

    def query(self, *extra: tuple[str, str]) -> str:
        return urlencode([*self.pairs(), *((k, v) for k, v in extra if v)])

    def drill_ids(self) -> list[str]:
        """Each drill once, in the session's order: the session's cards."""
        return list(dict.fromkeys(item.drill for item in self.items))

    def changed(self, add: list[str], ops: list[str]) -> SessionQuery:
        """The session after the builder's buttons: drills added at the end, an item moved up,
        down or removed ("up:2", "down:0", "remove:1", counting from 0)."""
        items = list(self.items) + [Item(drill.strip()) for drill in add if drill.strip()]
        for op in ops:
            verb, _, where = op.partition(":")
            if (
                verb not in ("up", "down", "remove")
                or not where.isdigit()
                or int(where) >= len(items)
            ):
                if verb == "update":  # the page's own "show" button: nothing to change
                    continue
                raise RequestError(
                    f"op={quoted(op)}: not a change the builder makes; use "
                    "up:N, down:N or remove:N with N an item's place from 0"
                )
            index = int(where)
            if verb == "remove":
                del items[index]
            else:
                other = index - 1 if verb == "up" else index + 1
                if 0 <= other < len(items):
                    items[index], items[other] = items[other], items[index]
        return replace(self, items=tuple(items))


def _text(value: object) -> str:
    return "" if value is None else str(value)


def make_session(library: Library, query: SessionQuery) -> tuple[Session, dt.date | None]:
    """The session to print and its date, every field checked as the CLI checks its options
    (data.library.adhoc_session: title, notes, drills with their minutes as ID:MINUTES, start,
    warm-up and cool-down minutes, the session's time rules) and as drills.json checks the rest
    of a session (dosage and note per drill, warm-up and cool-down text): every problem at once,
    in the CLI's words."""
    day, problems = _date(query.date)
    if query.session:  # as `drillcards session ID [--notes --start --warmup --cooldown]`
        given = [name for name in ("title", "warmup", "cooldown") if getattr(query, name)]
        given += ["drill"] if query.items else []
        if given:
            raise RequestError(
                f"session={query.session} prints that session of the library, with notes=, "
                f"start=, warmup_minutes= and cooldown_minutes= if given; leave out "
                f"{', '.join(n + '=' for n in given)}, or leave out session= and give title= "
                "and drill= to make one here"
            )
        warmup_minutes = _whole(query.warmup_minutes, "--warmup", problems)
        cooldown_minutes = _whole(query.cooldown_minutes, "--cooldown", problems)
        if problems:
            raise DataError(SESSION_HEAD, problems)
        session = select_session(library, query.session)
        changes = (query.notes or None, query.start or None, warmup_minutes, cooldown_minutes)
        if any(change is not None for change in changes):
            session = changed_session(library, session, *changes)
        return session, day
    if not query.title:
        problems.insert(
            0,
            "the command line: give the session a title (title=…; "
            'drillcards session --title "Tuesday track" …)',
        )
    most = schema.SESSION.fields["items"].max_items
    if len(query.items) > most:  # as drills.json holds a session to it
        problems.append(
            f"the command line: a session holds at most {most} drills (got "
            f"{len(query.items)}); make two sessions"
        )
    warmup_minutes = _whole(query.warmup_minutes, "--warmup", problems)
    cooldown_minutes = _whole(query.cooldown_minutes, "--cooldown", problems)
    session = None
    try:
        session = adhoc_session(
            library,
            query.title or "session",
            [f"{i.drill}:{i.minutes}" if i.minutes else i.drill for i in query.items],
            query.notes or None,
            start=query.start or None,
            warmup_minutes=warmup_minutes,
            cooldown_minutes=cooldown_minutes,
        )
    except DataError as err:
        problems = [*err.problems, *problems] if err.problems else [str(err), *problems]
    for name in ("warmup", "cooldown"):
        problems += _checked(f"--{name}", getattr(query, name), schema.SESSION.fields[name])
    for number, item in enumerate(query.items, start=1):
        for name, key in (("dosage", "dosage"), ("note", "notes")):
            problems += _checked(
                f"{name}= of drill {number} ({item.drill})",
                getattr(item, name),
                schema.SESSION_ITEM.fields[key],
            )
    if problems or session is None:
        raise DataError(SESSION_HEAD, problems)
    items = tuple(
        replace(made, dosage=_clean(given.dosage), notes=_clean(given.note))
        for made, given in zip(session.items, query.items, strict=True)
    )
    session = replace(
        session, items=items, warmup=_clean(query.warmup), cooldown=_clean(query.cooldown)
    )
    for name, minutes in (("warmup", warmup_minutes), ("cooldown", cooldown_minutes)):
        if session.timed and getattr(session, name) and minutes is None:
            problems.append(
                f"the command line: {name}_minutes=: missing: the session has "
                f"minutes, so its {name.replace('up', '-up').replace('down', '-down')}"
                " needs its minutes too, or the total and the clock times would be "
                "wrong"
            )
    if problems:
        raise DataError(SESSION_HEAD, problems)
    return session, day


def _whole(text: str, option: str, problems: list[str]) -> int | None:
    """Minutes given as text: a whole number (checked against the limits by the library)."""
    if not text:
        return None
    if not text.isdigit() or len(text) > 4:
        problems.append(
            f"the command line: {option}: must be a whole number of minutes, such "
            f"as 10 (got {quoted(text)})"
        )
        return None
    return int(text)


def _clean(value: str) -> str | None:
    return _CLEAN.sub(" ", value).strip() or None


def _checked(option: str, value: str, spec: schema.Text) -> list[str]:
    if not value:
        return []
    try:
        check_option_text(option, value, spec.max_len)
    except DataError as err:
        return [str(err)]
    return []


def _date(text: str) -> tuple[dt.date | None, list[str]]:
    if not text:
        return None, []
    try:
        return dt.date.fromisoformat(text), [] if len(text) == 10 else _bad_date(text)
    except ValueError:
        return None, _bad_date(text)


def _bad_date(text: str) -> list[str]:
    return [
        f"the command line: --date: {quoted(text)} is not a date; write it as YYYY-MM-DD, "
        "such as 2026-12-01"
    ]
