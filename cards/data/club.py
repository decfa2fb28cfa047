"""The club file: a club's name, logo, colour, footer, paper, card size and languages.

club.toml sits in the working folder (or is named with --club). Every key is optional and an
empty file is valid; without a file nothing is branded. Like drills.json, the whole file is
checked before anything is printed, and every problem is reported at once, naming the file and
the key: an unknown key gets a did-you-mean, a logo is checked by its content (a PNG or JPEG that
Pillow can decode in full), not by its extension.
"""

from __future__ import annotations

import datetime
import io
import os
import re
import tomllib
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from ..errors import DrillcardsError
from ..impose import PAPERS
from ..render.units import parse_offset
from .languages import language_problem
from .quoting import quoted as _quoted
from .validation import (
    FileRefused,
    Problems,
    decode_text,
    hidden_character_problem,
    looks_like,
    printable_problem,
    read_capped,
    suggestion,
)

CLUB_FILE = "club.toml"
_SIZE_NAME = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")  # checked against the layouts later
PAPER_CHOICES = tuple(PAPERS)
NAME_MAX = 60
FOOTER_MAX = 120
MAX_FILE_BYTES = 1_000_000  # a club file is a few lines
LOGO_MAX_BYTES = 20_000_000
LOGO_MAX_SIDE = 10_000  # pixels
# Decoded, a logo takes 4 bytes a pixel, and reportlab copies it when it draws: 16 megapixels
# (4000 × 4000) keeps a run under 300 MB; a logo needs a few hundred thousand.
LOGO_MAX_PIXELS = 16_000_000
EXAMPLE_COLOUR = "#0a7d3b"

_SPACE = re.compile(r"\s+")
_HEX_COLOUR = re.compile(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_TOML_PLACE = re.compile(
    r"^(?P<msg>.*?)\s*\(at (?P<place>line \d+, column \d+|end of document)\)$", re.DOTALL
)
_KEY_LINE = re.compile(r"\s*([A-Za-z0-9_-]+)\s*=")
# What tomllib's terse messages usually mean in a hand-written club file.
_TOML_HINTS = {
    "Illegal character '\\n'": "a closing quote is missing",
    "Invalid value": f'text needs quotes, such as accent = "{EXAMPLE_COLOUR}"',
    "Invalid statement": 'each line is a key, "=" and a value, such as name = "Riverside Runners"',
    "Expected '=' after a key in a key/value pair": 'put "=" between the key and its value',
    "Cannot overwrite a value": "a key is written twice; keep one",
    "Cannot declare": "a key or [table] is written twice; keep one",
    "Unterminated string": "a closing quote is missing",
    "Illegal character": 'write invisible characters as escapes such as "\\t", or remove them',
}


class ClubError(DrillcardsError):
    """The club file cannot be read or breaks its contract (lists every problem)."""


@dataclass(frozen=True)
class Club:
    """A club's branding; every field None means that part is not branded."""

    name: str | None = None  # whitespace collapsed, printable, at most NAME_MAX characters
    logo: Path | None = None  # resolved path of a PNG or JPEG that decodes in full
    accent: str | None = None  # "#rrggbb", lowercase
    footer: str | None = None  # whitespace collapsed, printable, at most FOOTER_MAX characters
    paper: str | None = None  # a key of impose.PAPERS: "a4" | "letter"
    card_size: str | None = None  # a size the card layouts define (options.check_size)
    back_offset: tuple[float, float] | None = None  # mm: moves every back page (calibrate)
    languages: tuple[str, ...] | None = None  # build prints each; other commands the first
    source: str = CLUB_FILE  # how the file is named in messages


def load_club(path: str | Path | None = None, cwd: Path | None = None) -> Club:
    """Read and check a club file; raise ClubError listing every problem found.

    With a path (--club), the file must exist; a relative path is taken from cwd. Without one,
    cwd/club.toml is used if it exists, otherwise the result is Club(): no branding. cwd
    defaults to the working folder.
    """
    base = Path.cwd() if cwd is None else Path(cwd)
    if path is None:
        file = base / CLUB_FILE
        if not os.path.lexists(file):
            return Club()
        name = CLUB_FILE
    else:
        file = base / Path(path)
        name = str(path) or '""'
    document = _parse(file, name, given=path is not None)
    problems = Problems(name)
    values: dict[str, object] = {}
    for key, value in document.items():
        if key not in _CHECKS:
            problems.add("", _unknown_key(key, value))
            continue
        checked, problem = _CHECKS[key](value, file, name)
        if problem:
            problems.add(key, problem)
        else:
            values[key] = checked
    problems.raise_any(ClubError)
    return Club(**values, source=name)


def _parse(file: Path, name: str, given: bool) -> dict[str, object]:
    missing = (
        "Check the path given to --club."
        if given
        else "It is a link to a file that does not exist; fix or remove it."
    )
    inside = Path(name.strip('"')) / CLUB_FILE
    raw = read_capped(
        file,
        MAX_FILE_BYTES,
        name=name,
        what="a club file",
        error=ClubError,
        missing_hint=missing,
        folder_hint=f"name the file itself, such as {inside}",
    )
    text = decode_text(raw, name, ClubError)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        twice = _written_twice(text) if str(err).startswith("Cannot overwrite") else None
        raise ClubError(f"{name}: {twice or _toml_problem(str(err))}") from err
    except ValueError as err:  # int() refuses numbers of thousands of digits
        raise ClubError(f"{name}: this is not valid TOML ({err}).") from err
    except RecursionError as err:
        raise ClubError(f"{name}: the TOML is nested too deeply to be a club file.") from err


def _written_twice(text: str) -> str | None:
    """Where a top-level key is written twice: tomllib (before Python 3.14) says only 'at end of
    document'. Finds plain `key = ...` lines before the first [table]; None if that is not it."""
    seen: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("["):
            return None
        match = _KEY_LINE.match(line)
        if not match:
            continue
        key = match[1]
        if key in seen:
            return (
                f"line {number}: the key {_quoted(key)} is written twice (first on line "
                f"{seen[key]}); keep one"
            )
        seen[key] = number
    return None


def _toml_problem(message: str) -> str:
    """tomllib's 'Invalid value (at line 3, column 10)' as 'line 3, column 10: ... ; hint'."""
    match = _TOML_PLACE.match(message)
    detail, place = (match["msg"], match["place"]) if match else (message, None)
    where = {None: "", "end of document": "at the end of the file: "}.get(place, f"{place}: ")
    hint = next((h for start, h in _TOML_HINTS.items() if detail.startswith(start)), None)
    text = f"{where}this is not valid TOML ({detail[:1].lower()}{detail[1:]})"
    return f"{text}; {hint}" if hint else text


def _unknown_key(key: str, value: object) -> str:
    if isinstance(value, dict):
        return (
            f"unknown table [{_quoted(key)[1:-1]}]; write the keys at the top of the file, "
            "without a [section] line; allowed: " + ", ".join(_CHECKS)
        )
    fix = suggestion(key, _CHECKS, "allowed: " + ", ".join(_CHECKS))
    return f"unknown key {_quoted(key)}; {fix}"


def _describe(value: object) -> str:
    if isinstance(value, str):
        return f"text: {_quoted(value)}"
    if isinstance(value, bool):
        return f"true/false: {str(value).lower()}"
    if isinstance(value, int | float):
        shown = repr(value)
        return f"a number: {shown if len(shown) <= 40 else shown[:37] + '…'}"
    if isinstance(value, list):
        return "a list [...]"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, datetime.date | datetime.time):
        return f"a date or time: {value.isoformat()}"
    return type(value).__name__


Check = Callable[[object, Path, str], tuple[object, str | None]]


def _text(value: object, example: str) -> tuple[str | None, str | None]:
    """The text with whitespace collapsed, or a problem: not text, invisible characters, empty."""
    if not isinstance(value, str):
        return None, f"must be text in quotes, such as {example} (got {_describe(value)})"
    hidden = hidden_character_problem(value)
    if hidden:
        return None, hidden
    text = _SPACE.sub(" ", value).strip()
    if not text:
        return None, f"must not be empty; write it, such as {example}, or leave the key out"
    problem = printable_problem(text)
    if problem:
        return None, problem
    return text, None


def _limited(value: object, example: str, limit: int) -> tuple[str | None, str | None]:
    text, problem = _text(value, example)
    if problem or text is None:
        return None, problem
    if len(text) > limit:
        return None, (
            f"is {len(text)} characters; at most {limit} fit (got {_quoted(text)}); shorten it"
        )
    return text, None


def _check_name(value: object, file: Path, name: str) -> tuple[object, str | None]:
    return _limited(value, '"Riverside Runners"', NAME_MAX)


def _check_footer(value: object, file: Path, name: str) -> tuple[object, str | None]:
    return _limited(value, '"riversiderunners.org"', FOOTER_MAX)


def _check_accent(value: object, file: Path, name: str) -> tuple[object, str | None]:
    must = f'must be a colour such as "{EXAMPLE_COLOUR}"'
    if not isinstance(value, str):
        return None, f"{must}, in quotes (got {_describe(value)})"
    text = value.strip()
    if _HEX_COLOUR.fullmatch(text):
        digits = text[1:].lower()
        return "#" + (digits if len(digits) == 6 else "".join(d * 2 for d in digits)), None
    if _HEX_COLOUR.fullmatch("#" + text):
        return None, f'{must} (got {_quoted(value)}); did you mean "#{text}"?'
    return None, (
        f"{must} (got {_quoted(value)}): # and 6 hexadecimal digits for red, green "
        'and blue, or 3 as in "#0a3"; colour names are not accepted'
    )


def _choice(value: object, choices: tuple[str, ...], must: str) -> tuple[object, str | None]:
    if not isinstance(value, str):
        return None, f"{must}, in quotes (got {_describe(value)})"
    text = value.strip().lower()
    if text in choices:
        return text, None
    fix = suggestion(text, choices)
    return None, f"{must} (got {_quoted(value)}){'; ' + fix if fix else ''}"


def _check_paper(value: object, file: Path, name: str) -> tuple[object, str | None]:
    return _choice(value, PAPER_CHOICES, f"must be {' or '.join(PAPER_CHOICES)}")


def _check_card_size(value: object, file: Path, name: str) -> tuple[object, str | None]:
    must = 'must name a card size the layouts define, such as "a7", as for --size'
    if not isinstance(value, str):
        return None, f"{must}, in quotes (got {_describe(value)})"
    text = value.strip().lower()
    if _SIZE_NAME.fullmatch(text):
        return text, None
    return None, f"{must} (got {_quoted(value)})"


def _check_back_offset(value: object, file: Path, name: str) -> tuple[object, str | None]:
    try:
        return parse_offset(value), None
    except ValueError as err:
        return None, f"{err}; drillcards calibrate helps you measure it"


def _check_languages(value: object, file: Path, name: str) -> tuple[object, str | None]:
    must = 'must be a list of language codes, such as ["de", "fr"]'
    if not isinstance(value, list) or not value:
        return None, f"{must} (got {_describe(value)})"
    for code in value:
        if not isinstance(code, str):
            return None, f"{must} (got {_describe(code)} in the list)"
        problem = language_problem(code)
        if problem:
            return None, problem
    twice = next((code for i, code in enumerate(value) if code in value[:i]), None)
    if twice:
        return None, f"{_quoted(twice)} is written twice; keep one"
    return tuple(value), None


def _check_logo(value: object, file: Path, name: str) -> tuple[object, str | None]:
    if not isinstance(value, str):
        return None, (
            'must be the path of a PNG or JPEG file in quotes, such as "crest.png" '
            f"(got {_describe(value)})"
        )
    _, problem = _text(value, '"crest.png"')
    if problem:
        return None, problem
    shown = _quoted(value)
    logo = file.parent / value
    where = "" if Path(value).is_absolute() else f" (next to {name})"
    problem = _image_problem(logo, shown, where)
    if problem:
        return None, problem
    try:
        return logo.resolve(), None
    except (OSError, RuntimeError) as err:
        return None, f"{shown} cannot be read ({err})"


def _image_problem(logo: Path, shown: str, where: str) -> str | None:
    """Why logo is not a usable PNG or JPEG, or None."""
    try:
        data = read_capped(
            logo,
            LOGO_MAX_BYTES,
            name=shown,
            what="a logo",
            large_hint="Save a smaller copy (500 pixels across is plenty for print)",
        )
    except FileRefused as err:
        return f"no such file {shown}{where}" if err.missing else f"{shown} {err.problem}"
    if not data:
        return f"{shown} is empty; export the logo again as PNG or JPEG"
    kind = _image_kind(data[:16])
    if kind is None:
        return f"{shown} is not a PNG or JPEG image{_looks_like(data[:16])}; save it as PNG or JPEG"
    return _decode_problem(data, kind, shown)


def _image_kind(head: bytes) -> str | None:
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    return None


def _looks_like(head: bytes) -> str:
    if known := looks_like(head):
        return known
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<svg", b"<?xml")):
        return " (it is an SVG or other XML file)"
    if start.startswith((b"<!doctype", b"<html")):
        return " (it is a web page)"
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        try:  # a multi-byte character may be cut at the end of the 16 bytes
            text = head[:-3].decode("utf-8")
        except UnicodeDecodeError:
            return ""
    if text and all(c.isprintable() or c.isspace() for c in text):
        return " (it holds text)"
    return ""


def _decode_problem(data: bytes, kind: str, shown: str) -> str | None:
    """Read the size from the header, then verify, reopen and decode the whole image, as
    reportlab will when it draws it; an image with too many pixels is never decoded."""
    damaged = f"{shown} is a damaged or incomplete {kind} image"
    smaller = "Save a smaller copy (500 pixels across is plenty for print)"
    try:
        # Pillow warns of decompression bombs (above 89 megapixels) and of oddities it can read
        # past; the checks here decide, so no warning reaches the user.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data), formats=[kind]) as image:
                width, height = image.size
                if max(width, height) > LOGO_MAX_SIDE:
                    return (
                        f"{shown} is {width} × {height} pixels; a logo is at most "
                        f"{LOGO_MAX_SIDE} pixels on a side. {smaller}"
                    )
                if width * height > LOGO_MAX_PIXELS:
                    return (
                        f"{shown} is {width} × {height} pixels, "
                        f"{width * height / 1e6:.0f} megapixels; a logo is at most "
                        f"{LOGO_MAX_PIXELS / 1e6:g} megapixels. {smaller}"
                    )
                image.verify()
            with Image.open(io.BytesIO(data), formats=[kind]) as image:
                if kind == "JPEG":  # decodes every byte at 1/8 scale: a damaged file still fails
                    image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))
                image.load()
    except Image.DecompressionBombError:
        return (
            f"{shown} has too many pixels; a logo is at most {LOGO_MAX_PIXELS / 1e6:g} "
            f"megapixels. {smaller}"
        )
    except Image.UnidentifiedImageError:
        return f"{damaged} (its header cannot be read); export it again"
    except Exception as err:  # Pillow raises many kinds on broken data; all mean the same here
        detail = (str(err).splitlines() or [""])[0]
        return f"{damaged} ({detail[:80] or type(err).__name__}); export it again"
    return None


_CHECKS: dict[str, Check] = {
    "name": _check_name,
    "logo": _check_logo,
    "accent": _check_accent,
    "footer": _check_footer,
    "paper": _check_paper,
    "card_size": _check_card_size,
    "back_offset": _check_back_offset,
    "languages": _check_languages,
}
