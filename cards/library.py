"""Load drills.json and check it against the contract, reporting every problem with its place."""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

from . import schema
from .errors import DataError
from .model import Drill, Fault, Library, Session, SessionItem

MAX_FILE_BYTES = 10 * 1024 * 1024
# Device names Windows refuses as file names; an id becomes a file name in later outputs.
RESERVED_IDS = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                *(f"lpt{i}" for i in range(10))}
_SLUG = re.compile(schema.SLUG_PATTERN)
_SPACE = re.compile(r"\s+")


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


def load_library(path: str | Path, display_name: str | None = None) -> Library:
    """Read and validate a drills file; raise DataError listing every problem found."""
    path = Path(path)
    name = display_name or str(path)
    document = _parse(path, name)
    problems: list[str] = []
    _check(document, schema.LIBRARY, [], problems, name)
    if not problems:
        _check_references(document, problems, name)
    if problems:
        count = f"{len(problems)} problem" + ("s" if len(problems) > 1 else "")
        raise DataError(f"{name} has {count}; nothing was written. Fix and run again:", problems)
    return _build(document, name)


def _parse(path: Path, name: str) -> object:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DataError(
                f"{name}: the file is {size / 1e6:.1f} MB; a drill library is at most "
                f"{MAX_FILE_BYTES // 2**20} MB. Is this the right file?"
            )
        raw = path.read_bytes()
    except FileNotFoundError as err:
        raise DataError(f"{name}: no such file. Check the path given to --drills.") from err
    except IsADirectoryError as err:
        raise DataError(f"{name}: is a folder, not a drills file.") from err
    except OSError as err:
        raise DataError(f"{name}: cannot be read ({err.strerror}).") from err
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise DataError(
            f"{name}: line {line}: the file is not UTF-8 text (byte 0x{raw[err.start]:02X} cannot "
            "be read). Save it with the encoding UTF-8 in your editor."
        ) from err
    if not text.strip():
        raise DataError(f'{name}: the file is empty; it should hold {{"drills": [...]}}.')
    try:
        return json.loads(text, object_pairs_hook=_object_pairs, parse_constant=_no_constant)
    except json.JSONDecodeError as err:
        raise DataError(
            f"{name}: line {err.lineno}, column {err.colno}: this is not valid JSON "
            f"({err.msg}). Look for a missing comma, quote or bracket at or just before it."
        ) from err
    except RecursionError as err:
        raise DataError(f"{name}: the JSON is nested too deeply to be a drill library.") from err


def _no_constant(token: str) -> object:
    raise json.JSONDecodeError(f"{token} is not allowed", token, 0)


def _where(path: list[str]) -> str:
    return "".join(path).lstrip(".") or "the top level"


def _label(value: object, index: int, key: str) -> str:
    ident = value.get("id") if isinstance(value, dict) else None
    if isinstance(ident, str) and ident:
        return f'{key}[{index}] ("{ident}")'
    return f"{key}[{index}]"


def _describe(value: object) -> str:
    kinds = {bool: "true/false", int: "a number", float: "a number", str: "text",
             list: "a list", type(None): "null"}
    kind = "an object" if isinstance(value, dict) else kinds.get(type(value), type(value).__name__)
    shown = json.dumps(value, ensure_ascii=False)
    if len(shown) > 40:
        shown = shown[:37] + "…"
    return f"{kind}: {shown}" if not isinstance(value, dict | list) else kind


def _check(value: object, spec, path: list[str], problems: list[str], name: str) -> None:
    here = f"{name}: {_where(path)}"
    if isinstance(spec, schema.Obj):
        if not isinstance(value, dict):
            problems.append(f"{here}: must be an object {{...}} (got {_describe(value)})")
            return
        for key in getattr(value, "duplicates", []):
            problems.append(f'{here}: the key "{key}" is written twice; keep one')
        for key in value:
            if key in spec.fields or key in spec.extra:
                continue
            hint = difflib.get_close_matches(key, list(spec.fields), n=1, cutoff=0.6)
            fix = f'did you mean "{hint[0]}"?' if hint else "allowed: " + ", ".join(spec.fields)
            problems.append(f'{here}: unknown key "{key}"; {fix}')
        for key in spec.required:
            if key not in value:
                problems.append(f'{here}: the required key "{key}" is missing')
        for key, sub in spec.fields.items():
            if key in value:
                _check(value[key], sub, [*path, f".{key}"], problems, name)
        return
    if isinstance(spec, schema.ListOf):
        if not isinstance(value, list):
            problems.append(f"{here}: must be a list [...] (got {_describe(value)})")
            return
        if len(value) < spec.min_items:
            problems.append(f"{here}: must have at least {spec.min_items} (got none)")
        if len(value) > spec.max_items:
            problems.append(
                f"{here}: at most {spec.max_items} fit on a card (got {len(value)}); "
                "keep the most important ones"
            )
        key = path[-1].lstrip(".") if path else ""
        for index, item in enumerate(value):
            if key in ("drills", "sessions"):
                sub_path = [*path[:-1], "." + _label(item, index, key)]
            else:
                sub_path = [*path, f"[{index}]"]
            _check(item, spec.item, sub_path, problems, name)
        return
    problem = _text_problem(value, spec)
    if problem:
        problems.append(f"{here}: {problem}")


def _text_problem(value: object, spec: schema.Text) -> str | None:
    if not isinstance(value, str):
        return f"must be text in quotes (got {_describe(value)})"
    shown = json.dumps(value if len(value) <= 40 else value[:37] + "…", ensure_ascii=False)
    control = next((c for c in value if unicodedata.category(c) == "Cc" and c not in "\t\n\r"),
                   None)
    if control is not None:
        return f"contains an invisible control character (U+{ord(control):04X}); remove it"
    text = _SPACE.sub(" ", value).strip()
    if not text:
        return "must not be empty"
    if spec.kind == "enum":
        if text not in spec.choices:
            hint = difflib.get_close_matches(text, spec.choices, n=1)
            fix = f'did you mean "{hint[0]}"?' if hint else "use one of: " + ", ".join(spec.choices)
            return f"must be one of {', '.join(spec.choices)} (got {shown}); {fix}"
        return None
    if len(text) > spec.max_len:
        return (f"is {len(text)} characters; at most {spec.max_len} fit on a card "
                f"(got {shown}); shorten it")
    if spec.kind == "slug":
        if not _SLUG.match(value):
            return ("must be a short id of lowercase letters, digits and single hyphens, "
                    f'like "pogo-jumps" (got {shown})')
        if value in RESERVED_IDS:
            return f"{shown} is a reserved file name on Windows; choose another id"
    if spec.kind == "url":
        return _url_problem(value, shown)
    return None


def _url_problem(value: str, shown: str) -> str | None:
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        parts, host = None, None
    if parts is None or parts.scheme not in ("http", "https") or not host:
        return f'must be an http(s) URL such as "https://example.org/video" (got {shown})'
    if any(c.isspace() for c in value):
        return f"must not contain spaces; write them as %20 (got {shown})"
    return None


def _check_references(document: dict, problems: list[str], name: str) -> None:
    drills = document["drills"]
    ids = [d["id"] for d in drills]
    _check_unique(ids, "drills", problems, name)
    sessions = document.get("sessions", [])
    _check_unique([s["id"] for s in sessions], "sessions", problems, name)
    known = set(ids)
    for s_index, session in enumerate(sessions):
        for i_index, item in enumerate(session["items"]):
            if item["drill"] not in known:
                where = f'sessions[{s_index}] ("{session["id"]}").items[{i_index}].drill'
                problems.append(f"{name}: {where}: {unknown_drill_message(item['drill'], ids)}")


def unknown_drill_message(drill_id: str, ids: list[str]) -> str:
    """'no drill "x"' with a did-you-mean, shared by validation and the CLI."""
    hint = difflib.get_close_matches(drill_id, ids, n=1, cutoff=0.5)
    fix = f'did you mean "{hint[0]}"?' if hint else "check the ids in the drills file"
    return f'there is no drill with the id "{drill_id}"; {fix}'


def _check_unique(ids: list[str], key: str, problems: list[str], name: str) -> None:
    seen: dict[str, int] = {}
    for index, ident in enumerate(ids):
        if ident in seen:
            problems.append(
                f'{name}: {key}[{index}] ("{ident}").id: the id is already used by '
                f"{key}[{seen[ident]}]; each id must be unique"
            )
        else:
            seen[ident] = index


def _clean(value: str | None) -> str | None:
    return None if value is None else _SPACE.sub(" ", value).strip()


def _texts(values: list[str] | None) -> tuple[str, ...]:
    return tuple(_clean(v) for v in values or [])


def _build(document: dict, name: str) -> Library:
    drills = tuple(
        Drill(
            id=d["id"],
            name=_clean(d["name"]),
            summary=_clean(d["summary"]),
            cues=_texts(d["cues"]),
            faults=tuple(Fault(_clean(f["fault"]), _clean(f["fix"])) for f in d["faults"]),
            video=d["video"].strip(),
            category=_clean(d.get("category")),
            level=_clean(d.get("level")),
            focus=_texts(d.get("focus")),
            dosage=_clean(d.get("dosage")),
            variations=_texts(d.get("variations")),
            equipment=_texts(d.get("equipment")),
        )
        for d in document["drills"]
    )
    sessions = tuple(
        Session(
            id=s["id"],
            title=_clean(s["title"]),
            items=tuple(
                SessionItem(i["drill"], _clean(i.get("dosage")), _clean(i.get("notes")))
                for i in s["items"]
            ),
            warmup=_clean(s.get("warmup")),
            cooldown=_clean(s.get("cooldown")),
            notes=_clean(s.get("notes")),
        )
        for s in document.get("sessions", [])
    )
    return Library(drills=drills, sessions=sessions, source=name)
