"""Printed words in the club's language, from a catalogue per language in the layout folders.

`lang/CODE.toml` (templates/lang/en.toml is the reference) holds every label the layouts and the
web page print, the names of days and months and the date's pattern. A club adds a language by
adding a file to its layout folder; a label the file lacks prints in English, with a warning.
Layouts print a label with t("key"), a count with t("key", n=3), and fill names: t("page_of",
page=1, pages=2).
"""

from __future__ import annotations

import datetime as dt
import string
import tomllib
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import jinja2

from ..errors import LayoutError
from ..resources import builtin_templates
from .languages import language_problem
from .quoting import quoted
from .validation import (
    Problems,
    decode_text,
    hidden_character_problem,
    printable_problem,
    read_capped,
    suggestion,
)

FOLDER = "lang"
REFERENCE = "en"
PLURAL_FORMS = ("zero", "one", "other")
MAX_FILE_BYTES = 1_000_000  # a catalogue is a few hundred short lines


class UnknownLabel(jinja2.TemplateRuntimeError):
    """A layout asks for a label no catalogue has: a typo in the layout."""


@dataclass(frozen=True)
class Labels:
    """One language's printed words. Hashable, so layouts loaded with it can be cached."""

    code: str
    name: str  # the language's own name: "Deutsch"
    texts: tuple[tuple[str, str | tuple[tuple[str, str], ...]], ...]
    days: tuple[str, ...]
    months: tuple[str, ...]
    date_format: str
    source: str
    untranslated: tuple[str, ...] = ()  # labels the file lacks, printed in English
    day_one: str = "1"  # how the first of the month is written: "1er" in French

    @cached_property
    def _by_key(self) -> dict[str, str | tuple[tuple[str, str], ...]]:
        return dict(self.texts)

    def __call__(self, key: str, /, **values: object) -> str:
        """The label `key`, filled in; with n=…, the form of a count for that number."""
        text = self._by_key.get(key)
        if text is None:
            fix = suggestion(key, [k for k, _ in self.texts], f"see {FOLDER}/{REFERENCE}.toml")
            raise UnknownLabel(f'no label "{key}" in {self.source}; {fix}')
        if isinstance(text, tuple):
            forms = dict(text)
            number = values.get("n")
            form = ("zero" if number == 0 and "zero" in forms
                    else "one" if number == 1 else "other")
            text = forms[form]
        return text.format_map(values)

    def forms(self, key: str) -> dict[str, str]:
        """A count's forms by name ("one", "other", maybe "zero"), for the web page's script."""
        text = self._by_key.get(key)
        if not isinstance(text, tuple):
            raise UnknownLabel(f'no count "{key}" in {self.source}')
        return dict(text)

    def date(self, day: dt.date) -> str:
        """The date as the language writes it: 'Tuesday 1 December 2026'."""
        number = self.day_one if day.day == 1 else str(day.day)
        return self.date_format.format(weekday=self.days[day.weekday()], day=number,
                                       month=self.months[day.month - 1], year=day.year)

    def clock(self, minute: int) -> str:
        """A time of day, given in minutes after midnight, as the language writes it: '18:30'."""
        hours, minutes = divmod(minute % (24 * 60), 60)
        return self("clock", hh=f"{hours:02d}", mm=f"{minutes:02d}")

    def duration(self, minutes: int) -> str:
        """A block's or a session's length: '75 min'."""
        return self("minutes", n=minutes)

    def entries(self) -> list[tuple[str, str]]:
        """Every text of the catalogue, each form of a count on its own, by its place."""
        found = [(f"dates.days[{i}]", day) for i, day in enumerate(self.days)]
        found += [(f"dates.months[{i}]", month) for i, month in enumerate(self.months)]
        found += [("dates.format", self.date_format), ("dates.day_one", self.day_one)]
        for key, text in self.texts:
            if isinstance(text, tuple):
                found += [(f"labels.{key}.{form}", words) for form, words in text]
            else:
                found.append((f"labels.{key}", text))
        return found

    def characters(self) -> str:
        """Every character the labels and dates may print."""
        return "".join(sorted({char for _, text in self.entries() for char in text}))


def available(templates: str | Path | None = None) -> list[str]:
    """The languages with a catalogue in the layout folders, sorted."""
    return sorted({p.stem for folder in _folders(templates) for p in folder.glob("*.toml")})


def load_labels(code: str, templates: str | Path | None = None,
                asked_by: str | None = None) -> Labels:
    """The catalogue of `code` from the first layout folder that has one; LayoutError naming
    who asked for the language (default: --lang) if none does, or if the file is broken."""
    asked_by = asked_by or f"--lang {code}"
    problem = language_problem(code)
    if problem:
        raise LayoutError(f"{asked_by}: {problem}")
    folders = _folders(templates)
    # not only files: a folder or a pipe of that name is refused by name when read
    path = next((f / f"{code}.toml" for f in folders if (f / f"{code}.toml").exists()), None)
    if path is None:
        shipped = ", ".join(available(templates))
        raise LayoutError(
            f'{asked_by}: no catalogue of printed words for the language "{code}" '
            f"(languages: {shipped}); to add it, copy {FOLDER}/{REFERENCE}.toml from the built-in "
            f"layouts to {FOLDER}/{code}.toml in your layout folder, translate it and pass "
            "--templates with that folder")
    return _load(path, code, path.stat().st_mtime_ns)


def _folders(templates: str | Path | None) -> list[Path]:
    user = [Path(templates) / FOLDER] if templates is not None else []
    return [f for f in (*user, builtin_templates() / FOLDER) if f.is_dir()]


@lru_cache(maxsize=16)
def _load(path: Path, code: str, _mtime: int) -> Labels:
    where = path.name if path.parent.parent == builtin_templates() else str(path)
    reference = _read(builtin_templates() / FOLDER / f"{REFERENCE}.toml", f"{REFERENCE}.toml")
    data = _read(path, where)
    problems: list[str] = []
    _known_keys(data, {"name", "dates", "labels"}, "", problems)
    dates = _table(data, "dates", problems)
    labels = _table(data, "labels", problems)
    _known_keys(dates, set(reference["dates"]) | {"day_one"}, "dates.", problems)
    _known_keys(labels, set(reference["labels"]), "labels.", problems)
    texts = []
    untranslated = []
    for key, model in reference["labels"].items():
        if key in labels:
            texts.append((key, _text(labels[key], model, f"labels.{key}", problems)))
        else:
            texts.append((key, _text(model, model, key, problems)))
            untranslated.append(key)
    # the names and pattern of dates: a file without them writes dates in English
    untranslated += [f"dates.{key}" for key in ("format", "days", "months") if key not in dates]
    days = _names(dates, reference["dates"], "days", 7, problems)
    months = _names(dates, reference["dates"], "months", 12, problems)
    date_format = dates.get("format", reference["dates"]["format"])
    _check_fields(date_format, "dates.format", {"weekday", "day", "month", "year"}, problems)
    day_one = dates.get("day_one", "1")
    if not isinstance(day_one, str) or not day_one.strip():
        problems.append('dates.day_one: must be how the first of a month is written, e.g. "1er"')
    elif problem := hidden_character_problem(day_one) or printable_problem(day_one):
        problems.append(f"dates.day_one: {problem}")
    name = data.get("name", code)
    if not isinstance(name, str) or not name.strip():
        problems.append('name: must be the language\'s own name in quotes, e.g. "Deutsch"')
    elif problem := hidden_character_problem(name) or printable_problem(name):
        problems.append(f"name: {problem}")
    found = Problems(where)
    for problem in problems:
        found.add("", problem)
    found.raise_any(LayoutError)
    return Labels(code, str(name), tuple(texts), days, months, str(date_format), where,
                  tuple(untranslated), str(day_one))


def _read(path: Path, name: str) -> dict:
    raw = read_capped(path, MAX_FILE_BYTES, name=name, what="a catalogue of printed words",
                      error=LayoutError)
    text = decode_text(raw, name, LayoutError)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise LayoutError(f"{name}: {err}; a line is `key = \"text\"`") from err
    except ValueError as err:  # int() refuses numbers of thousands of digits
        raise LayoutError(f"{name}: this is not valid TOML ({err})") from err
    except RecursionError as err:
        raise LayoutError(f"{name}: the TOML is nested too deeply to be a catalogue") from err


def _known_keys(data: dict, known: set[str], prefix: str, problems: list[str]) -> None:
    for key in data:
        if key not in known:
            fix = suggestion(key, sorted(known), "remove it")
            problems.append(f"{prefix}{key}: unknown key; {fix}")


def _table(data: dict, key: str, problems: list[str]) -> dict:
    value = data.get(key, {})
    if not isinstance(value, dict):
        problems.append(f"{key}: must be a table, written [{key}]")
        return {}
    return value


def _text(value: object, model: str | dict, where: str, problems: list[str]):
    """A label as the reference shapes it: text, or a table of a count's forms."""
    allowed = _fields(model if isinstance(model, str) else model["other"])
    if isinstance(model, dict):
        if not isinstance(value, dict) or not {"one", "other"} <= set(value) \
                or not set(value) <= set(PLURAL_FORMS):
            problems.append(f'{where}: must be a count\'s forms, e.g. {{ one = "{{n}} …", '
                            'other = "{n} …" } (and zero, if the language needs it)')
            return ()
        for form, text in value.items():
            _check_text(text, f"{where}.{form}", allowed, problems)
        return tuple(sorted(value.items()))
    _check_text(value, where, allowed, problems)
    return value if isinstance(value, str) else ""


def _check_text(value: object, where: str, allowed: set[str], problems: list[str]) -> None:
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}: must be some text in quotes")
        return
    problem = hidden_character_problem(value) or printable_problem(value)
    if problem:
        problems.append(f"{where}: {problem}")
    _check_fields(value, where, allowed, problems)


def _check_fields(text: str, where: str, allowed: set[str], problems: list[str]) -> None:
    """Names in braces only, each one the text may use: a width or a conversion ({n:>99999},
    {n!r}) would be applied when a layout prints the label, far from this file."""
    try:
        fields = list(_parsed_fields(text))
    except ValueError as err:
        problems.append(f"{where}: {err}; write a brace as {{{{ or }}}}")
        return
    for name, spec, conversion in fields:
        if spec or conversion:
            written = "{" + name + (f"!{conversion}" if conversion else "") + \
                (f":{spec}" if spec else "") + "}"
            problems.append(f"{where}: {quoted(written)} has a format after the name; a label "
                            f"fills in a name only, written {{{name}}}")
    for name in sorted({name for name, _, _ in fields} - allowed):
        shown = ", ".join("{" + a + "}" for a in sorted(allowed)) or "none"
        problems.append(f"{where}: unknown name {{{name}}}; names it can use: {shown}")


def _parsed_fields(text: str):
    """(name, format, conversion) of each {field} in text."""
    for _, name, spec, conversion in string.Formatter().parse(text):
        if name is not None:
            yield name, spec, conversion


def _fields(text: str) -> set[str]:
    return {name for name, _, _ in _parsed_fields(text)}


def _names(dates: dict, reference: dict, key: str, count: int, problems: list[str]):
    value = dates.get(key, reference[key])
    if not isinstance(value, list) or len(value) != count or \
            not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(f"dates.{key}: must be a list of {count} names in quotes")
        return tuple(reference[key])
    for index, name in enumerate(value):
        _check_text(name, f"dates.{key}[{index}]", set(), problems)
    return tuple(value)


def labels_of(library) -> Labels:
    """The labels a library (cards.model.Library) prints with: those translate.edition gave it,
    or the built-in ones of its language."""
    return library.labels if library.labels is not None else load_labels(library.language)
