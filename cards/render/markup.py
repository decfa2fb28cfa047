"""Paragraph markup from shared layouts: only tags that cannot reach files, fonts or code.

The text a layout's blocks write is reportlab paragraph markup, which the Jinja sandbox never
sees: reportlab opens any file an <img> names, looks up any <font name>, makes a link of any
href and knows tags that call code (<onDraw>, <index>, <seq template>). Each paragraph is
checked against a short list of tags and attributes before reportlab reads it; colour names
from the layout's [colors] and font file names become what reportlab knows.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

from ..data.quoting import quoted
from ..errors import GlyphError, LayoutError
from ..resources import font_dir
from .fonts import FontPair, glyph_problem, register_face

MAX_DEPTH = 16  # tags inside tags; deeper is no layout's need, and reportlab copies each level
MIN_SIZE, MAX_SIZE = 4.0, 144.0  # points a <font size> may ask for


@dataclass(frozen=True)
class Rules:
    """What one layout's markup may name: its colours, and the folders its fonts come from."""

    source: str  # the layout's TOML file, named in messages
    colors: Mapping[str, str]
    folders: tuple[Path, ...]


class _Refused(Exception):
    """One tag or attribute outside the rules, and why; located in the template afterwards."""

    def __init__(self, tag: str, attribute: str | None, problem: str, glyph: bool = False):
        super().__init__(problem)
        self.tag, self.attribute, self.glyph = tag, attribute, glyph


def _color(value: str, rules: Rules) -> str:
    if re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        return value
    if value in rules.colors:
        return rules.colors[value]
    names = ", ".join(rules.colors) or "none"
    raise ValueError(
        f'must be a colour like "#0a7d3b" or a name from [colors] in {rules.source} '
        f"({names}); got {quoted(value)}"
    )


def _size(value: str, rules: Rules) -> str:
    found = re.fullmatch(r"\s*(\d{1,3}(?:\.\d+)?)\s*(?:pt)?\s*", value)
    if not found or not MIN_SIZE <= float(found[1]) <= MAX_SIZE:
        raise ValueError(
            f"must be a type size in points from {MIN_SIZE:g} to {MAX_SIZE:g}, like "
            f'size="12"; got {quoted(value)}'
        )
    return found[1]


def _link(value: str, rules: Rules) -> str:
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        parts, host = None, None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not host
        or any(c.isspace() or not c.isprintable() for c in value)
    ):
        raise ValueError(
            "must be a web address starting with https:// or http://, such as "
            f'href="https://example.org"; got {quoted(value)}'
        )
    return value


def _font(value: str, rules: Rules) -> str:
    """A font file by plain name from the layout folders or the bundled fonts, registered."""
    if (
        Path(value).name != value
        or value.startswith(".")
        or "\\" in value
        or not value.isprintable()
        or len(value) > 200
    ):
        raise ValueError(
            "must be the file name of a font in the layout folder or a bundled one, "
            f'without a path, like name="DejaVuSans-Bold.ttf"; got {quoted(value)}'
        )
    for folder in [*rules.folders, font_dir()]:
        candidate = folder / value
        if candidate.is_file() and candidate.resolve().is_relative_to(folder.resolve()):
            try:
                return register_face(candidate)
            except LayoutError as err:
                raise ValueError(str(err)) from err
    raise ValueError(
        f"no font file {quoted(value)} in the layout folder nor among the bundled "
        f"fonts; put it beside {rules.source}"
    )


Check = Callable[[str, Rules], str]
_TYPE: dict[str, Check] = {
    "name": _font,
    "face": _font,
    "size": _size,
    "color": _color,
    "backcolor": _color,
}
_LINE: dict[str, Check] = {"color": _color}
ALLOWED: dict[str, dict[str, Check]] = {
    **{tag: {} for tag in ("b", "strong", "i", "em", "sup", "super", "sub", "nobr", "br")},
    "u": _LINE,
    "strike": _LINE,
    "font": _TYPE,
    "span": _TYPE,
    "a": {"href": _link, "color": _color},
    "link": {"href": _link, "color": _color},
}
_EMPTY = {"br"}  # reportlab fails on text inside these
_NEEDS = {"a": "href", "link": "href"}
_INSTEAD = {  # tags reportlab knows that a layout may not use, and what to do instead
    "img": "pictures go in a picture box of the layout's .toml file, not in the text",
    "para": 'each paragraph is one <p style="NAME">, styled in the layout\'s .toml file',
    "bullet": 'set the bullet on the style in the layout\'s .toml file (bullet = "•")',
    "greek": "type the Greek letters themselves",
    "unichar": "type the character itself, or write it as &#x2192;",
    "ondraw": "a layout's text cannot call code",
    "index": "a layout's text cannot make an index",
    **dict.fromkeys(
        ("seq", "seqdefault", "seqreset", "seqchain", "seqformat"),
        "number things in the template instead, with loop.index",
    ),
}
_ATTRIBUTE_INSTEAD = {
    "dest": "href",
    "destination": "href",
    "target": "href",
    "fg": "color",
    "bgcolor": "backcolor",
    "fontname": "name",
    "fontsize": "size",
    "textcolor": "color",
}


def check_paragraph(
    paragraph: ET.Element, rules: Rules, template: jinja2.Template, block: str
) -> None:
    """Refuse markup outside the rules, as a LayoutError naming template, line, block and tag;
    rewrite colour names and font file names in place into what reportlab reads."""
    if not len(paragraph):
        return  # text only: ElementTree escapes it when the paragraph is written out
    try:
        _check(paragraph, rules)
    except _Refused as refused:
        place = locate(template, block, refused.tag, refused.attribute)
        raise (GlyphError if refused.glyph else LayoutError)(f"{place}: {refused}") from None


def _check(paragraph: ET.Element, rules: Rules) -> None:
    """One walk over the tags (no recursion: depth is checked, not trusted)."""
    stack: list[tuple[ET.Element, int, str | None]] = [(c, 1, None) for c in reversed(paragraph)]
    while stack:
        element, depth, outer_font = stack.pop()
        tag = element.tag.lower()
        shown = _shown(element.tag)
        if depth > MAX_DEPTH:
            raise _Refused(
                tag,
                None,
                f"tags are nested more than {MAX_DEPTH} deep at <{shown}>; nest them less",
            )
        allowed = ALLOWED.get(tag)
        if allowed is None:
            fix = _INSTEAD.get(
                tag, "a layout's text may use " + ", ".join(f"<{t}>" for t in ALLOWED)
            )
            raise _Refused(tag, None, f"<{shown}> cannot be used in a layout's text: {fix}")
        font = outer_font
        for key, value in element.attrib.items():
            check = allowed.get(key.lower())
            if check is None:
                raise _Refused(tag, key, _unknown_attribute(tag, key, allowed))
            try:
                written = check(value, rules)
            except ValueError as err:
                raise _Refused(tag, key, f"<{tag} {_shown(key)}>: {err}") from err
            element.set(key, written)
            if check is _font:
                font = written
        if tag in _NEEDS and not any(k.lower() == _NEEDS[tag] for k in element.attrib):
            raise _Refused(tag, None, f'<{tag}> needs {_NEEDS[tag]}="https://…"')
        if tag in _EMPTY and (element.text or len(element)):
            raise _Refused(tag, None, f"<{tag}> holds nothing: write <{tag}/>")
        for text, face in ((element.text, font), (element.tail, outer_font)):
            if text and face:
                _check_glyphs(text, face, tag)
        stack.extend((child, depth + 1, font) for child in reversed(element))


def _check_glyphs(text: str, face: str, tag: str) -> None:
    """A face named in markup must print the text inside it: reportlab would draw empty boxes."""
    fonts = FontPair(face, face, face.rsplit("-", 1)[0])
    missing = fonts.missing(text)
    if missing:
        raise _Refused(
            tag,
            "name",
            f"{glyph_problem(fonts, missing)}, named in <{tag}>; use a font that has it",
            glyph=True,
        )


def _unknown_attribute(tag: str, key: str, allowed: Mapping[str, Check]) -> str:
    lower = key.lower()
    if tag == "a" and lower == "name":
        return '<a name>: a layout\'s text cannot add link targets; link out with href="https://…"'
    takes = ", ".join(allowed) or "no attributes"
    hint = _ATTRIBUTE_INSTEAD.get(lower)
    fix = f'write {hint}="…"' if hint in allowed else f"it takes {takes}"
    return f"<{tag}> cannot take the attribute {_shown(key)}: {fix}"


def _shown(name: str) -> str:
    """A tag or attribute name as written, quoted if it could disguise the message."""
    return name if re.fullmatch(r"[A-Za-z][\w.-]{0,30}", name, re.ASCII) else quoted(name)


_BLOCK_TAG = re.compile(r"\{%[-+]?\s*(block|endblock)\b\s*(\w*)")


def locate(template: jinja2.Template, block: str, tag: str, attribute: str | None) -> str:
    """'card.j2, line 8 (block "front_text")': the first line in the block (else in the file)
    that writes the tag, with the attribute if one is named; the block's first line if none
    does (the tag came from a value); markup has no line of its own once rendered."""
    name = template.name or "template"
    try:
        lines = Path(template.filename or "").read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return f'{name} (block "{block}")'
    start, end = _block_lines(lines, block)
    opening = rf"<\s*{re.escape(tag)}(?![\w.:-])"
    patterns = [re.compile(opening, re.IGNORECASE)]
    if attribute:
        patterns.insert(
            0, re.compile(rf"{opening}[^>]*\s{re.escape(attribute)}\s*=", re.IGNORECASE)
        )
    for pattern in patterns:
        for first, last in ((start, end), (0, len(lines))):
            for number in range(first, last):
                if pattern.search(lines[number]):
                    return f'{name}, line {number + 1} (block "{block}")'
    return f'{name}, line {start + 1} (block "{block}")'


def _block_lines(lines: list[str], block: str) -> tuple[int, int]:
    """First and one-past-last line index of a block (nested blocks counted)."""
    start, depth = None, 0
    for number, line in enumerate(lines):
        for found in _BLOCK_TAG.finditer(line):
            if start is None:
                if found[1] == "block" and found[2] == block:
                    start, depth = number, 1
                continue
            depth += 1 if found[1] == "block" else -1
            if depth == 0:
                return start, number + 1
    return (start or 0), len(lines)
