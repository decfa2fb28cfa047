"""Printed words in the club's language, from a catalogue per language in the layout folders.

`lang/CODE.toml` (templates/lang/en.toml is the reference) holds every label the layouts and the
web page print. A club adds a language by adding a file to its layout folder; a label the file
lacks prints in English, with a warning. Layouts print a label with t("key"), a count with
t("key", n=3), and fill names: t("page_of", page=1, pages=2).

What the Unicode CLDR already knows comes from there, through Babel, never from the catalogue:
which forms a count takes in the language (one, few, many, other…) and which form a number
picks, and how dates, times of day and durations are written. A catalogue may name a country's
form of its language, `locale = "en_GB"`.
"""

from __future__ import annotations

import datetime as dt
import string
import tomllib
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import jinja2
from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time
from babel.units import format_unit

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
CATEGORIES = ("zero", "one", "two", "few", "many", "other")  # CLDR's plural categories, in order
COUNTED_UP_TO = 1000  # a form is needed when a whole number up to this picks it
MAX_FILE_BYTES = 1_000_000  # a catalogue is a few hundred short lines


class UnknownLabel(jinja2.TemplateRuntimeError):
    """A layout asks for a label no catalogue has: a typo in the layout."""


@dataclass(frozen=True)
class Labels:
    """One language's printed words. Hashable, so layouts loaded with it can be cached."""

    code: str
    name: str  # the language's own name: "Deutsch"
    texts: tuple[tuple[str, str | tuple[tuple[str, str], ...]], ...]
    source: str
    untranslated: tuple[str, ...] = ()  # labels the file lacks, printed in English
    locale: str = ""  # the CLDR locale dates and counts follow: "en_GB"; default the code's

    @cached_property
    def _by_key(self) -> dict[str, str | tuple[tuple[str, str], ...]]:
        return dict(self.texts)

    @cached_property
    def _cldr(self) -> Locale:
        return Locale.parse(self.locale or self.code)

    def __call__(self, key: str, /, **values: object) -> str:
        """The label `key`, filled in; with n=…, the form of a count for that number."""
        text = self._by_key.get(key)
        if text is None:
            fix = suggestion(key, [k for k, _ in self.texts], f"see {FOLDER}/{REFERENCE}.toml")
            raise UnknownLabel(f'no label "{key}" in {self.source}; {fix}')
        if isinstance(text, tuple):
            forms = dict(text)
            text = forms[self.category(values.get("n"), forms)]
        return text.format_map(values)

    def category(self, number: object, forms: dict[str, str] | tuple[str, ...]) -> str:
        """The form of a count `number` picks among `forms`: "zero" for exactly 0 when the
        catalogue gives one, else CLDR's category for the number, else "other"."""
        if not isinstance(number, int | float) or isinstance(number, bool):
            return "other"
        if number == 0 and "zero" in forms:
            return "zero"
        found = self._cldr.plural_form(abs(number))
        return found if found in forms else "other"

    def forms(self, key: str) -> dict[str, str]:
        """A count's forms by name ("one", "few", "other"…), for the web page's script."""
        text = self._by_key.get(key)
        if not isinstance(text, tuple):
            raise UnknownLabel(f'no count "{key}" in {self.source}')
        return dict(text)

    def plurals(self, up_to: int) -> list[str]:
        """CLDR's category of each whole number from 0 to up_to: the web page's script picks a
        count's form from this list as __call__ does (zero for 0 if given, else the number's
        category if given, else other), so page and PDFs agree."""
        return [self._cldr.plural_form(n) for n in range(up_to + 1)]

    def date(self, day: dt.date) -> str:
        """The date as CLDR writes it in full: 'Tuesday, 1 December 2026', 'mardi 1 décembre
        2026'."""
        return _keep_together(format_date(day, "full", locale=self._cldr))

    def clock(self, minute: int) -> str:
        """A time of day, given in minutes after midnight, as CLDR writes it: '18:30'."""
        hours, minutes = divmod(minute % (24 * 60), 60)
        return _keep_together(format_time(dt.time(hours, minutes), "short", locale=self._cldr))

    def duration(self, minutes: int) -> str:
        """A block's or a session's length, as CLDR writes it short: '75 mins', '75 Min.'."""
        return _keep_together(
            format_unit(minutes, "duration-minute", length="short", locale=self._cldr)
        )

    def entries(self) -> list[tuple[str, str]]:
        """Every text of the catalogue, each form of a count on its own, by its place; and the
        words of dates and times CLDR gives the language."""
        found = [(f"dates ({self._cldr})", self._written_dates)]
        for key, text in self.texts:
            if isinstance(text, tuple):
                found += [(f"labels.{key}.{form}", words) for form, words in text]
            else:
                found.append((f"labels.{key}", text))
        return found

    @cached_property
    def _written_dates(self) -> str:
        """A date in each month and on each weekday, times of day and a duration, as printed."""
        days = [dt.date(2026, month, 1) for month in range(1, 13)]
        days += [dt.date(2026, 6, day) for day in range(1, 8)]
        return " ".join(
            [
                *map(self.date, days),
                self.clock(18 * 60 + 30),
                self.clock(9 * 60),
                self.duration(1),
                self.duration(75),
            ]
        )

    def characters(self) -> str:
        """Every character the labels and dates may print."""
        return "".join(sorted({char for _, text in self.entries() for char in text}))


def _keep_together(text: str) -> str:
    """CLDR's narrow no-break space as the no-break space reportlab keeps lines together at
    (it breaks lines at U+202F)."""
    return text.replace("\u202f", "\xa0")


def available(templates: str | Path | None = None) -> list[str]:
    """The languages with a catalogue in the layout folders, sorted."""
    return sorted({p.stem for folder in _folders(templates) for p in folder.glob("*.toml")})


def load_labels(
    code: str, templates: str | Path | None = None, asked_by: str | None = None
) -> Labels:
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
            "--templates with that folder"
        )
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
    if "dates" in data:
        problems.append(
            "dates: dates are no longer written in a catalogue: drillcards writes "
            "them as the Unicode CLDR does for the language; remove the [dates] "
            'table (for a country\'s form of the language, write locale = "en_GB")'
        )
    _known_keys(
        {k: v for k, v in data.items() if k != "dates"}, {"name", "locale", "labels"}, "", problems
    )
    locale = _locale(data.get("locale"), code, problems)
    if locale is None and "locale" in data:  # a wrong locale: the language's own counts
        locale = _locale(None, code, [])
    counts = _Counts(locale) if locale is not None else None
    labels = _table(data, "labels", problems)
    _known_keys(labels, set(reference["labels"]), "labels.", problems)
    texts = []
    untranslated = []
    for key, model in reference["labels"].items():
        if key in labels:
            texts.append((key, _text(labels[key], model, f"labels.{key}", problems, counts)))
        else:
            texts.append((key, _text(model, model, key, problems)))
            untranslated.append(key)
    name = data.get("name", code)
    if not isinstance(name, str) or not name.strip():
        problems.append('name: must be the language\'s own name in quotes, e.g. "Deutsch"')
    elif problem := hidden_character_problem(name) or printable_problem(name):
        problems.append(f"name: {problem}")
    found = Problems(where)
    for problem in problems:
        found.add("", problem)
    found.raise_any(LayoutError)
    return Labels(
        code,
        str(name),
        tuple(texts),
        where,
        tuple(untranslated),
        str(data.get("locale", "")).replace("-", "_"),
    )


def _locale(value: object, code: str, problems: list[str]) -> Locale | None:
    """The CLDR locale of the catalogue: `locale` if given (a form of its own language), else
    the language itself; None, with the problem noted, when CLDR does not know it."""
    if value is None:
        try:
            return Locale.parse(code)
        except (UnknownLocaleError, ValueError):
            problems.append(
                f"locale: the Unicode CLDR, where drillcards finds how a language "
                f'writes dates and counts, has no data for "{code}"; write locale = '
                '"CODE" naming a language whose dates and counts you want'
            )
            return None
    shape = 'must be a language and country such as "en_GB" or "de_CH"'
    if not isinstance(value, str) or not value.strip():
        problems.append(f"locale: {shape}")
        return None
    try:
        locale = Locale.parse(value.strip().replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        problems.append(f"locale: {quoted(value)} is not a locale the Unicode CLDR knows; {shape}")
        return None
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return locale  # a language CLDR lacks borrows another's dates and counts
    if locale.language != code:
        problems.append(
            f"locale: {quoted(value)} is not a form of the catalogue's language "
            f'"{code}"; write locale = "{code}_XX" with its country, or remove it'
        )
        return None
    return locale


@dataclass(frozen=True)
class _Counts:
    """The forms a count takes in a language, from CLDR's plural rules."""

    locale: Locale

    @cached_property
    def examples(self) -> dict[str, list[int]]:
        """Whole numbers up to COUNTED_UP_TO by the category they pick, in CLDR's order."""
        found: dict[str, list[int]] = {}
        for number in range(COUNTED_UP_TO + 1):
            found.setdefault(self.locale.plural_form(number), []).append(number)
        return {c: found[c] for c in CATEGORIES if c in found}

    @cached_property
    def needed(self) -> tuple[str, ...]:
        """The forms a count must give: every category a whole number picks, and other."""
        return tuple(c for c in CATEGORIES if c in self.examples or c == "other")

    @cached_property
    def allowed(self) -> set[str]:
        """Those, CLDR's other categories of the language, and zero (for exactly 0)."""
        return {*self.needed, *self.locale.plural_form.tags, "zero"}

    def described(self) -> str:
        """'one (1), few (2, 3, 4, 22, …), many (0, 5, 6, 7, …) and other'."""
        shown = []
        for category in self.needed:
            numbers = self.examples.get(category, [])
            listed = ", ".join(map(str, numbers[:4])) + (", …" if len(numbers) > 4 else "")
            shown.append(f"{category} ({listed})" if numbers else category)
        return ", ".join(shown[:-1]) + " and " + shown[-1] if len(shown) > 1 else shown[0]

    def name(self) -> str:
        return self.locale.get_display_name("en") or str(self.locale)


def _read(path: Path, name: str) -> dict:
    raw = read_capped(
        path, MAX_FILE_BYTES, name=name, what="a catalogue of printed words", error=LayoutError
    )
    text = decode_text(raw, name, LayoutError)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise LayoutError(f'{name}: {err}; a line is `key = "text"`') from err
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


def _text(
    value: object, model: str | dict, where: str, problems: list[str], counts: _Counts | None = None
):
    """A label as the reference shapes it: text, or a table of a count's forms, which must give
    the forms the language's counts need (`counts`; None: the reference's own, English)."""
    allowed = _fields(model if isinstance(model, str) else model["other"])
    if isinstance(model, dict):
        needed = counts.needed if counts else tuple(model)
        if not isinstance(value, dict):
            example = ", ".join(f'{form} = "{{n}} …"' for form in needed)
            problems.append(f"{where}: must be a count's forms, e.g. {{ {example} }}")
            return ()
        known = counts.allowed if counts else set(model) | {"zero"}
        for form in value:
            if form not in known:
                problems.append(
                    f"{where}.{form}: not a form of a count in "
                    f"{counts.name() if counts else 'English'}; its counts take "
                    f"{counts.described() if counts else ', '.join(needed)} "
                    "(and zero, if you want one for exactly 0)"
                )
        missing = [form for form in needed if form not in value]
        if missing:
            language = counts.name() if counts else "English"
            problems.append(
                f"{where}: must be a count's forms: a count in {language} takes "
                f"{counts.described() if counts else ', '.join(needed)}; "
                f"missing: {', '.join(missing)}"
            )
        for form, text in value.items():
            if form in known:
                _check_text(text, f"{where}.{form}", allowed, problems)
        return tuple(sorted((f, t) for f, t in value.items() if f in known and isinstance(t, str)))
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
            written = (
                "{"
                + name
                + (f"!{conversion}" if conversion else "")
                + (f":{spec}" if spec else "")
                + "}"
            )
            problems.append(
                f"{where}: {quoted(written)} has a format after the name; a label "
                f"fills in a name only, written {{{name}}}"
            )
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


def labels_of(library) -> Labels:
    """The labels a library (cards.model.Library) prints with: those translate.edition gave it,
    or the built-in ones of its language."""
    return library.labels if library.labels is not None else load_labels(library.language)
