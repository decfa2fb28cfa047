"""Load drills.json and check it against the contract, reporting every problem with its place."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import replace
from pathlib import Path

from ..data import schema
from ..errors import DataError
from .languages import language_problem
from .model import CardText, Drill, Fault, Library, Session, SessionItem
from .pictures import PictureRefused, check_picture
from .quoting import quoted
from .spreadsheet import is_spreadsheet, locate_problems, read_spreadsheet
from .textlength import printed_length
from .validation import (
    Problems,
    decode_text,
    hidden_character_problem,
    link_problem,
    printable_problem,
    read_capped,
    suggestion,
)

MAX_FILE_BYTES = 10_000_000
RESERVED_IDS = schema.RESERVED_IDS
_SLUG = re.compile(schema.SLUG_PATTERN)
_TIME = re.compile(schema.TIME_PATTERN)
_SPACE = re.compile(r"\s+")
# Longer integers make Python's int() refuse (sys.get_int_max_str_digits); no field is a number.
_MAX_INT_DIGITS = 100


class _Object(dict):
    """A JSON object that remembers keys written twice (json would silently keep the last)."""

    duplicates: list[str]


def _object_pairs(pairs: list[tuple[str, object]]) -> _Object:
    obj = _Object()
    obj.duplicates = []
    for key, value in pairs:
        if key in obj:
            obj.duplicates.append(key)
        obj[key] = value
    return obj


class _Invalid:
    """A value JSON does not allow (NaN, Infinity) or Python cannot hold; reported at its place."""

    def __init__(self, shown: str) -> None:
        self.shown = shown


def _parse_constant(token: str) -> _Invalid:
    return _Invalid(f"{token}, which JSON does not allow")


def _parse_int(digits: str) -> int | _Invalid:
    if len(digits.lstrip("-")) > _MAX_INT_DIGITS:
        return _Invalid(f"a number with {len(digits.lstrip('-'))} digits")
    return int(digits)


def load_library(path: str | Path, display_name: str | None = None) -> Library:
    """Read and validate a drills file; raise DataError listing every problem found."""
    path = Path(path)
    name = display_name or str(path)
    document = _read(path, name)
    problems = Problems(name)
    _without_blanks(document, schema.LIBRARY)
    _check(document, schema.LIBRARY, [], problems)
    _check_references(document, problems)
    pictures = _check_pictures(document, path.parent, problems)
    locate_problems(document, problems)  # a spreadsheet's: by sheet, row and column
    problems.raise_any(DataError)
    return _build(document, name, pictures)


def _check_pictures(document: object, folder: Path, problems: Problems) -> dict:
    """Find and check every picture the drills and their translations name, each file once,
    relative to the drills file's folder; what is wrong is reported at each place naming it."""
    found: dict[str, object] = {}
    for index, drill in enumerate(_list(document, "drills")):
        if not isinstance(drill, dict):
            continue
        where = _label(drill, index, "drills")
        places = [("image", drill.get("image"))]
        places += [
            (f"translations.{code}.image", text.get("image"))
            for code, text in _translations(drill).items()
            if isinstance(text, dict)
        ]
        for field, written in places:
            if not isinstance(written, str) or _text_problem(written, schema.DRILL.fields["image"]):
                continue  # missing, or already reported by the contract
            written = written.strip()
            if written not in found:
                try:
                    found[written] = check_picture(written, folder)
                except PictureRefused as err:
                    found[written] = str(err)
            if isinstance(found[written], str):
                problems.add(f"{where}.{field}", found[written])
    return {written: picture for written, picture in found.items() if not isinstance(picture, str)}


def _read(path: Path, name: str) -> object:
    """The drills file as data, the one place it is read: a reader for another kind of file
    (a spreadsheet, by its suffix) goes here, and gives the same lists and objects JSON does."""
    if is_spreadsheet(path):
        return read_spreadsheet(path, name)
    raw = read_capped(
        path,
        MAX_FILE_BYTES,
        name=name,
        what="a drills file",
        error=DataError,
        missing_hint="Check the path given to --drills.",
    )
    return _parse_json(decode_text(raw, name, DataError), name)


def _parse_json(text: str, name: str) -> object:
    if not text.strip():
        raise DataError(f'{name}: the file is empty; it should hold {{"drills": [...]}}.')
    try:
        return json.loads(
            text,
            object_pairs_hook=_object_pairs,
            parse_constant=_parse_constant,
            parse_int=_parse_int,
        )
    except json.JSONDecodeError as err:
        raise DataError(
            f"{name}: line {err.lineno}, column {err.colno}: this is not valid JSON "
            f"({err.msg}). Look for a missing comma, quote or bracket at or just before it."
        ) from err
    except RecursionError as err:
        raise DataError(f"{name}: the JSON is nested too deeply to be a drill library.") from err


def _without_blanks(value: object, spec) -> None:
    """Optional texts left empty ("dosage": "", as a spreadsheet's empty cell gives) are taken
    as not written: removed before the contract is checked."""
    if isinstance(spec, schema.MapOf) and isinstance(value, dict):
        for item in value.values():
            _without_blanks(item, spec.item)
    elif isinstance(spec, schema.ListOf) and isinstance(value, list):
        for item in value:
            _without_blanks(item, spec.item)
    elif isinstance(spec, schema.Obj) and isinstance(value, dict):
        for key, sub in spec.fields.items():
            if key not in value:
                continue
            if (
                isinstance(sub, schema.Text)
                and key not in spec.required
                and isinstance(value[key], str)
                and not value[key].strip()
            ):
                del value[key]
            else:
                _without_blanks(value[key], sub)


def _where(path: list[str]) -> str:
    return "".join(path).lstrip(".") or "the top level"


def _label(value: object, index: int, key: str) -> str:
    ident = value.get("id") if isinstance(value, dict) else None
    if isinstance(ident, str) and ident.strip():
        return f"{key}[{index}] ({quoted(ident)})"
    return f"{key}[{index}]"


def _describe(value: object) -> str:
    if isinstance(value, _Invalid):
        return value.shown
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"text: {quoted(value)}"
    kinds = {bool: "true/false", int: "a number", float: "a number", type(None): "null"}
    shown = json.dumps(value)
    if len(shown) > 40:
        shown = shown[:37] + "…"
    return f"{kinds.get(type(value), type(value).__name__)}: {shown}"


def _is_object(value: object, here: str, problems: Problems) -> bool:
    """Whether value is a JSON object; reports it when not, and any key written twice."""
    if not isinstance(value, dict):
        problems.add(here, f"must be an object {{...}} (got {_describe(value)})")
        return False
    for key in dict.fromkeys(getattr(value, "duplicates", [])):
        problems.add(here, f"the key {quoted(key)} is written twice; keep one")
    return True


def _check(value: object, spec, path: list[str], problems: Problems) -> None:
    here = _where(path)
    if isinstance(spec, schema.MapOf):
        if not _is_object(value, here, problems):
            return
        for key, item in value.items():
            problem = language_problem(key)
            if problem:
                problems.add(here, problem)
            else:
                _check(item, spec.item, [*path, f".{key}"], problems)
        return
    if isinstance(spec, schema.Obj):
        if not _is_object(value, here, problems):
            return
        for key in value:
            if key in spec.extra:
                if not isinstance(value[key], str):
                    problems.add(
                        _where([*path, "." + key]),
                        f"must be text in quotes (got {_describe(value[key])})",
                    )
                continue
            if key in spec.fields:
                continue
            fix = suggestion(key, spec.fields, "allowed: " + ", ".join(spec.fields))
            problems.add(here, f"unknown key {quoted(key)}; {fix}")
        for key in spec.required:
            if key not in value:
                problems.add(here, f'the required key "{key}" is missing')
        for key, sub in spec.fields.items():
            if key in value:
                _check(value[key], sub, [*path, f".{key}"], problems)
        return
    if isinstance(spec, schema.ListOf):
        if not isinstance(value, list):
            problems.add(here, f"must be a list [...] (got {_describe(value)})")
            return
        key = path[-1].lstrip(".") if path else ""
        if len(value) < spec.min_items:
            problems.add(here, f"must have at least {spec.min_items} (got {len(value) or 'none'})")
        if len(value) > spec.max_items:
            limit = (
                f"a library holds at most {spec.max_items}"
                if key in ("drills", "sessions")
                else f"at most {spec.max_items} fit on {_medium(path)}"
            )
            problems.add(here, f"{limit} (got {len(value)}); keep the most important ones")
        for index, item in enumerate(value):
            if key in ("drills", "sessions"):
                sub_path = [*path[:-1], "." + _label(item, index, key)]
            else:
                sub_path = [*path, f"[{index}]"]
            _check(item, spec.item, sub_path, problems)
        return
    if isinstance(spec, schema.Whole):
        problem = _minutes_problem(value, spec)
    else:
        problem = _text_problem(value, spec, _medium(path))
    if problem:
        problems.add(here, problem)


def _minutes_problem(value: object, spec: schema.Whole) -> str | None:
    """A block's minutes: a whole number, 1 to 240 (5.0 is whole; true and "5" are not)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        hint = " without quotes" if isinstance(value, str) and value.strip().isdigit() else ""
        return f"must be a whole number of minutes{hint}, such as 10 (got {_describe(value)})"
    if value != int(value):
        return f"must be whole minutes, such as 5 or 6 (got {value:g})"
    if value < spec.minimum:
        return (
            f"must be at least {spec.minimum} minute (got {value:g}); leave out a block "
            "that takes no time"
        )
    if value > spec.maximum:
        return (
            f"is {value:g} minutes; a block lasts at most {spec.maximum} minutes "
            f"({spec.maximum // 60} hours): split it, or check for a typo"
        )
    return None


def _medium(path: list[str]) -> str:
    """What a field is printed on, for 'at most N fit on …': the drill sheet holds the most of
    a drill, the card short form is for cards."""
    if path and path[0].startswith(".sessions"):
        return "a session sheet"
    return "a card" if ".card" in path else "a drill sheet"


def _text_problem(value: object, spec: schema.Text, medium: str = "a card") -> str | None:
    if not isinstance(value, str):
        return f"must be text in quotes (got {_describe(value)})"
    shown = quoted(value)
    hidden = hidden_character_problem(value)
    if hidden:
        return hidden
    text = _SPACE.sub(" ", value).strip()
    if not text:
        return "must not be empty"
    problem = printable_problem(text)
    if problem:
        return problem
    if spec.kind == "language":
        return language_problem(value)
    if spec.kind == "enum":
        if text not in spec.choices:
            fix = suggestion(text, spec.choices, "use one of: " + ", ".join(spec.choices))
            return f"must be one of {', '.join(spec.choices)} (got {shown}); {fix}"
        return None
    if spec.kind == "time":  # before the length: "6.30 pm" is no time, however long
        return _time_problem(text)
    if len(text) > spec.max_len:
        return (
            f"is {len(text)} characters; at most {spec.max_len} fit on {medium} "
            f"(got {shown}); shorten it"
        )
    if spec.kind == "text" and (length := printed_length(text)) > spec.max_len:
        return (
            f"takes the room of {length} characters on {medium} (wide letters such as W "
            f"count extra); at most {spec.max_len} fit (got {shown}); shorten it"
        )
    if spec.kind == "slug":
        if not _SLUG.fullmatch(value):
            return (
                "must be a short id of lowercase letters, digits and single hyphens, "
                f'like "pogo-jumps" (got {shown})'
            )
        if value in RESERVED_IDS:
            return f"{shown} is a reserved file name on Windows; choose another id"
    if spec.kind == "url":
        return link_problem(value)
    return None


def _time_problem(text: str) -> str | None:
    if _TIME.fullmatch(text):
        return None
    shown = quoted(text)
    hours, colon, minutes = text.partition(":")
    if colon and hours.isdigit() and minutes.isdigit() and len(minutes) == 2:
        return (
            f"{shown} is not a time of day: hours run from 0 to 23 and minutes from 00 "
            'to 59; write it as HH:MM, such as "18:30"'
        )
    return (
        f'must be a time of day as HH:MM on a 24-hour clock, such as "18:30" or "7:15" '
        f"(got {shown})"
    )


def _list(value: object, key: str) -> list:
    found = value.get(key) if isinstance(value, dict) else None
    return found if isinstance(found, list) else []


def _ids(entries: list) -> list[tuple[int, str]]:
    """(index, id) of the entries whose id is a valid slug; the rest are reported elsewhere."""
    return [
        (index, entry["id"])
        for index, entry in enumerate(entries)
        if isinstance(entry, dict) and _is_slug(entry.get("id"))
    ]


def _is_slug(value: object) -> bool:
    return isinstance(value, str) and bool(_SLUG.fullmatch(value)) and value not in RESERVED_IDS


def _check_references(document: object, problems: Problems) -> None:
    """Unique ids and known drills in sessions; runs on a partly broken file, skipping the
    parts that are already reported, so every problem shows up in one run."""
    drills = _list(document, "drills")
    _check_unique(_ids(drills), "drills", problems)
    sessions = _list(document, "sessions")
    _check_unique(_ids(sessions), "sessions", problems)
    language = document.get("language") if isinstance(document, dict) else None
    for key, entries in (("drills", drills), ("sessions", sessions)):
        for index, entry in enumerate(entries):
            _check_main_language(entry, language, _label(entry, index, key), problems)
    for s_index, session in enumerate(sessions):
        _check_translated_items(session, _label(session, s_index, "sessions"), problems)
        where = _label(session, s_index, "sessions")
        for field, problem in _session_time_problems(session):
            problems.add(f"{where}.{field}" if field else where, problem)
    if any(not isinstance(d, dict) or not _is_slug(d.get("id")) for d in drills):
        return  # an id is missing or broken: "no drill with the id" could be wrong
    ids = [d["id"] for d in drills]
    known = set(ids)
    for s_index, session in enumerate(sessions):
        for i_index, item in enumerate(_list(session, "items")):
            drill = item.get("drill") if isinstance(item, dict) else None
            if _is_slug(drill) and drill not in known:
                where = f"{_label(session, s_index, 'sessions')}.items[{i_index}].drill"
                problems.add(where, unknown_drill_message(drill, ids))


def _translations(entry: object) -> dict:
    found = entry.get("translations") if isinstance(entry, dict) else None
    return found if isinstance(found, dict) else {}


def _check_main_language(entry: object, language: object, where: str, problems: Problems) -> None:
    """A translation into the main text's own language would never print."""
    main = language if isinstance(language, str) else "en"
    if main in _translations(entry):
        problems.add(
            f"{where}.translations.{main}",
            f'the main text is already in {quoted(main)} (the file\'s "language"); move these '
            'words into the main fields, or set "language" at the top of the file to the '
            "language of the main text",
        )


def _check_translated_items(session: object, where: str, problems: Problems) -> None:
    """Translated dosages and notes: one entry per item of the session, in its order."""
    count = len(_list(session, "items"))
    for code, text in _translations(session).items():
        items = text.get("items") if isinstance(text, dict) else None
        if isinstance(items, list) and len(items) != count:
            problems.add(
                f"{where}.translations.{code}.items",
                f"has {len(items)} entries but the session has {count} "
                f"drill{'s' if count != 1 else ''}; give one per drill, in the same order, and "
                "{} for one with nothing to translate",
            )


def _session_time_problems(session: object) -> list[tuple[str, str]]:
    """A timed session's blocks add up: once a session has a start or any block has minutes,
    every drill needs minutes, and so do its warm-up and cool-down if it has them; all of it
    at most 8 hours. (field, problem) pairs; fields already refused are left to that report."""
    if not isinstance(session, dict):
        return []
    blocks: list[tuple[str, object]] = []
    if "warmup" in session or "warmup_minutes" in session:
        blocks.append(("warmup_minutes", session.get("warmup_minutes", _ABSENT)))
    for index, item in enumerate(_list(session, "items")):
        minutes = item.get("minutes", _ABSENT) if isinstance(item, dict) else None
        blocks.append((f"items[{index}].minutes", minutes))
    if "cooldown" in session or "cooldown_minutes" in session:
        blocks.append(("cooldown_minutes", session.get("cooldown_minutes", _ABSENT)))
    return time_problems(blocks, "start" in session)


_ABSENT = object()
_BLOCK = {"warmup_minutes": "the warm-up", "cooldown_minutes": "the cool-down"}


def time_problems(
    blocks: list[tuple[str, object]], started: bool, start_name: str = '"start"'
) -> list[tuple[str, str]]:
    """The rules a session's time keeps, for the file and the command line alike: `blocks` are
    (field, minutes given or _ABSENT) in order; `started` says whether it has a start."""
    spec = schema.SESSION_ITEM.fields["minutes"]
    valid = [
        (field, value)
        for field, value in blocks
        if value is not _ABSENT and _minutes_problem(value, spec) is None
    ]
    given = [field for field, value in blocks if value is not _ABSENT]
    if not given and not started:
        return []
    why = f"the session has a {start_name}" if started else f"{_what(given[0])} has minutes"
    found = [
        (
            field,
            f"missing: {why}, so every block of the session needs its minutes, this "
            "one too, or the total and the clock times would be wrong",
        )
        for field, value in blocks
        if value is _ABSENT
    ]
    total = sum(int(value) for _, value in valid)
    if total > schema.MAX_SESSION_MINUTES:
        found.append(
            (
                "",
                f"its blocks add up to {total} minutes ({total // 60} h "
                f"{total % 60:02d} min); a session lasts at most "
                f"{schema.MAX_SESSION_MINUTES} minutes "
                f"({schema.MAX_SESSION_MINUTES // 60} hours): shorten some, or make "
                "two sessions",
            )
        )
    return found


def _what(field: str) -> str:
    """'the warm-up', 'items[2]' (the drill), for messages about time."""
    return _BLOCK.get(field, field.rsplit(".", 1)[0] if "." in field else field)


def unknown_drill_message(drill_id: str, ids: list[str]) -> str:
    """'no drill "x"' with a did-you-mean, shared by validation and the CLI."""
    fix = suggestion(drill_id, ids, "check the ids in the drills file", cutoff=0.5)
    return f"there is no drill with the id {quoted(drill_id)}; {fix}"


def _check_unique(ids: list[tuple[int, str]], key: str, problems: Problems) -> None:
    seen: dict[str, int] = {}
    for index, ident in ids:
        if ident in seen:
            problems.add(
                f'{key}[{index}] ("{ident}").id',
                f"the id is already used by {key}[{seen[ident]}]; each id must be unique",
            )
        else:
            seen[ident] = index


def _clean(value: str | None) -> str | None:
    return None if value is None else _SPACE.sub(" ", value).strip()


def _texts(values: list[str] | None) -> tuple[str, ...]:
    return tuple(_clean(v) for v in values or [])


def _build(document: dict, name: str, pictures: dict | None = None) -> Library:
    pictures = pictures or {}
    drills = tuple(
        Drill(
            id=d["id"],
            name=_clean(d["name"]),
            summary=_clean(d["summary"]),
            cues=_texts(d["cues"]),
            faults=tuple(Fault(_clean(f["fault"]), _clean(f["fix"])) for f in d["faults"]),
            video=(d.get("video") or "").strip() or None,
            card=_card(d.get("card")),
            category=_clean(d.get("category")),
            level=_clean(d.get("level")),
            focus=_texts(d.get("focus")),
            dosage=_clean(d.get("dosage")),
            variations=_texts(d.get("variations")),
            equipment=_texts(d.get("equipment")),
            image=_path(d.get("image")),
            image_credit=_clean(d.get("image_credit")),
            image_alt=_clean(d.get("image_alt")),
            picture=pictures.get(_path(d.get("image"))),
        )
        for d in document["drills"]
    )
    sessions = tuple(_build_session(s) for s in document.get("sessions", []))
    translations: dict[str, dict[str, dict]] = {}
    for key in ("drills", "sessions"):
        for entry in document.get(key, []):
            for code, text in entry.get("translations", {}).items():
                words = translations.setdefault(code, {"drills": {}, "sessions": {}})
                words[key][entry["id"]] = _cleaned(text)
                if "image" in text:
                    words[key][entry["id"]]["image"] = _path(text["image"])
    return Library(
        drills=drills,
        sessions=sessions,
        source=name,
        language=document.get("language", "en"),
        translations=translations,
        pictures=pictures,
    )


def _path(value: str | None) -> str | None:
    """A path as written, without the spaces around it (inside, a space is part of a name)."""
    return None if value is None else value.strip()


def _card(value: dict | None) -> CardText | None:
    """A drill's card short form, its spaces tidied; None when it gives nothing."""
    if not value:
        return None
    return CardText(
        summary=_clean(value.get("summary")),
        cues=_texts(value.get("cues")),
        faults=tuple(Fault(_clean(f["fault"]), _clean(f["fix"])) for f in value.get("faults", [])),
    )


def _cleaned(value):
    """A translation's texts with their spaces tidied, lists as tuples, faults as Faults, the
    card short form as a CardText."""
    if isinstance(value, str):
        return _clean(value)
    if isinstance(value, list):
        return tuple(_cleaned(v) for v in value)
    if set(value) == {"fault", "fix"}:
        return Fault(_clean(value["fault"]), _clean(value["fix"]))
    return {
        key: _card(v) if key == "card" else _cleaned(v)
        for key, v in value.items()
        if key != "card" or v
    }


def _build_session(s: dict) -> Session:
    return Session(
        id=s["id"],
        title=_clean(s["title"]),
        items=tuple(
            SessionItem(
                i["drill"],
                _clean(i.get("dosage")),
                _clean(i.get("notes")),
                _whole(i.get("minutes")),
            )
            for i in s["items"]
        ),
        warmup=_clean(s.get("warmup")),
        cooldown=_clean(s.get("cooldown")),
        notes=_clean(s.get("notes")),
        start=_clock(s.get("start")),
        warmup_minutes=_whole(s.get("warmup_minutes")),
        cooldown_minutes=_whole(s.get("cooldown_minutes")),
    )


def _whole(value: int | float | None) -> int | None:
    return None if value is None else int(value)


def _clock(value: str | None) -> str | None:
    """A checked time of day with two-digit hours: "7:05" → "07:05"."""
    if value is None:
        return None
    hours, minutes = value.strip().split(":")
    return f"{int(hours):02d}:{minutes}"


def slugify(title: str) -> str:
    """A file-safe id from a title: 'Hügel & Tempo!' → 'hugel-tempo'."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40].strip("-")
    return slug if slug and slug not in RESERVED_IDS else "session"


def check_option_text(option: str, value: str, limit: int, medium: str = "a session sheet") -> None:
    """A text given on the command line, checked like the same field in a drills file."""
    problem = _text_problem(value, schema.Text(limit, option), medium)
    if problem:
        raise DataError(f"the command line: {option}: {problem}")


def adhoc_session(
    library: Library,
    title: str,
    drill_ids: list[str],
    notes: str | None = None,
    *,
    start: str | None = None,
    warmup_minutes: int | None = None,
    cooldown_minutes: int | None = None,
) -> Session:
    """A session given on the command line, checked like one in the file. A drill id may carry
    its minutes, as pogo-jumps:4; --start, --warmup and --cooldown time the rest."""
    where = "the command line"
    problems = _option_problems(
        where,
        {"--title": title, "--notes": notes, "--start": start},
        warmup_minutes,
        cooldown_minutes,
    )
    if not drill_ids:
        problems.append(f"{where}: give the ids of the drills in the session, in order")
    items = [_adhoc_item(argument, problems) for argument in drill_ids]
    known = [d.id for d in library.drills]
    problems += [
        f"{where}: {unknown_drill_message(item['drill'], known)}"
        for item in items
        if not library.has_drill(item["drill"])
    ]
    blocks = [("--warmup", warmup_minutes)] if warmup_minutes is not None else []
    blocks += [
        (argument, item.get("minutes", _ABSENT))
        for argument, item in zip(drill_ids, items, strict=True)
    ]
    blocks += [("--cooldown", cooldown_minutes)] if cooldown_minutes is not None else []
    for field, problem in time_problems(blocks, start is not None, "--start"):
        if field.startswith("--") or not field:
            problems.append(f"{where}: {field + ': ' if field else ''}{problem}")
        else:
            reason = problem.removeprefix("missing: ")
            problems.append(
                f"{where}: {quoted(field)} has no minutes: {reason}; give them as "
                f"{field}:MINUTES, such as {field}:5"
            )
    if problems:
        raise DataError("The session cannot be made as given; nothing was written:", problems)
    document = {
        "id": slugify(title),
        "title": title,
        "items": items,
        "notes": notes,
        "start": start,
        "warmup_minutes": warmup_minutes,
        "cooldown_minutes": cooldown_minutes,
    }
    return _build_session(document)


def _adhoc_item(argument: str, problems: list[str]) -> dict:
    """A drill of a session made on the command line: "pogo-jumps", or "pogo-jumps:4" with its
    minutes."""
    ident, colon, minutes = argument.partition(":")
    item: dict = {"drill": ident.strip()}
    if not colon:
        return item
    shown = quoted(argument)
    if not minutes.strip().isdigit() or len(minutes.strip()) > 4:
        item["minutes"] = None  # refused here, so not reported as missing too
        problems.append(
            f"the command line: {shown}: after the colon give the drill's minutes "
            f"as a whole number, such as {item['drill'] or 'pogo-jumps'}:5"
        )
        return item
    item["minutes"] = int(minutes)
    problem = _minutes_problem(item["minutes"], schema.SESSION_ITEM.fields["minutes"])
    if problem:
        problems.append(f"the command line: {shown}: the minutes {problem}")
    return item


def changed_session(
    library: Library,
    session: Session,
    notes: str | None = None,
    start: str | None = None,
    warmup_minutes: int | None = None,
    cooldown_minutes: int | None = None,
) -> Session:
    """A session of the file with --notes, --start, --warmup or --cooldown given on the command
    line in place of its own, checked as the file's are; a time rule the change breaks is named
    at its place in the session."""
    where = "the command line"
    problems = _option_problems(
        where, {"--notes": notes, "--start": start}, warmup_minutes, cooldown_minutes
    )
    if problems:
        raise DataError("The session cannot be made as given; nothing was written:", problems)
    changes = {
        "notes": _clean(notes),
        "start": _clock(start),
        "warmup_minutes": warmup_minutes,
        "cooldown_minutes": cooldown_minutes,
    }
    changed = replace(
        session, **{key: value for key, value in changes.items() if value is not None}
    )
    blocks = [
        (f"items[{i}].minutes", _ABSENT if item.minutes is None else item.minutes)
        for i, item in enumerate(changed.items)
    ]
    if changed.warmup or changed.warmup_minutes is not None:
        blocks.insert(0, ("warmup_minutes", changed.warmup_minutes or _ABSENT))
    if changed.cooldown or changed.cooldown_minutes is not None:
        blocks.append(("cooldown_minutes", changed.cooldown_minutes or _ABSENT))
    index = next((i for i, s in enumerate(library.sessions) if s.id == session.id), None)
    place = (
        f"{library.source}: sessions[{index}] ({quoted(session.id)})"
        if index is not None
        else f"the session {quoted(session.id)}"
    )
    problems = [
        f"{place}.{field}: {problem}" if field else f"{place}: {problem}"
        for field, problem in time_problems(blocks, changed.start is not None, "start (--start)")
    ]
    if problems:
        raise DataError("The session cannot be made as given; nothing was written:", problems)
    return changed


def _option_problems(
    where: str, texts: dict[str, str | None], warmup: int | None, cooldown: int | None
) -> list[str]:
    """A session's texts and minutes given on the command line, checked as the file's are."""
    problems = []
    for option, value in texts.items():
        spec = schema.SESSION.fields[option.lstrip("-")]
        problem = None if value is None else _text_problem(value, spec, "a session sheet")
        if problem:
            problems.append(f"{where}: {option}: {problem}")
    spec = schema.SESSION_ITEM.fields["minutes"]
    for option, value in (("--warmup", warmup), ("--cooldown", cooldown)):
        problem = None if value is None else _minutes_problem(value, spec)
        if problem:
            problems.append(f"{where}: {option}: {problem}")
    return problems
