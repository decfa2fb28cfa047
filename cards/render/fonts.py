"""Embedded TrueType fonts: registration once per process, and glyph coverage checks."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping, ps2tt
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from ..data.validation import read_capped
from ..errors import GlyphError, LayoutError

FONT_MAX_BYTES = 50_000_000  # a TTF with every CJK glyph is about 20 MB


@dataclass(frozen=True)
class FontPair:
    """The regular and bold face a layout prints with, as registered reportlab names."""

    regular: str
    bold: str
    label: str

    def missing(self, text: str) -> str | None:
        """The first character of text that either face cannot print, if any."""
        return _first_missing(self.regular, text) or _first_missing(self.bold, text)


@cache
def _register(path: Path) -> str:
    data = read_capped(path, FONT_MAX_BYTES, what="a font", error=LayoutError)
    digest = hashlib.sha1(data).hexdigest()[:10]
    name = f"{path.stem}-{digest}"
    try:
        pdfmetrics.registerFont(TTFont(name, str(path)))
    except (TTFError, OSError) as err:
        message = f"{path.name}: cannot be used as a font ({err}); use a static TTF"
        raise LayoutError(message) from err
    return name


def register_pair(regular: Path, bold: Path) -> FontPair:
    """Register two faces as one family, so <b> in markup picks the bold face."""
    regular_name, bold_name = _register(regular), _register(bold)
    for italic in (0, 1):
        addMapping(regular_name, 0, italic, regular_name)
        addMapping(regular_name, 1, italic, bold_name)
    return FontPair(regular_name, bold_name, regular.stem)


def register_face(path: Path) -> str:
    """Register one face on its own, as a layout's <font name="X.ttf"> names it: <b> and <i>
    inside keep that face, unless it already belongs to a pair."""
    name = _register(path)
    try:
        ps2tt(name)
    except ValueError:
        for bold, italic in ((1, 1), (1, 0), (0, 1), (0, 0)):  # (0, 0) last: ps2tt's answer
            addMapping(name, bold, italic, name)
    return name


def _first_missing(font_name: str, text: str) -> str | None:
    cmap = pdfmetrics.getFont(font_name).face.charToGlyph
    for char in text:
        # beyond U+FFFF reportlab writes a wrong ToUnicode entry: copying the text gives garbage
        if (ord(char) not in cmap or ord(char) > 0xFFFF) and not char.isspace():
            return char
    return None


def describe_char(char: str) -> str:
    """'"😀" (U+1F600 GRINNING FACE)' — enough for a user to find it in their file."""
    name = unicodedata.name(char, "unnamed character")
    return f'"{char}" (U+{ord(char):04X} {name})'


def glyph_problem(fonts: FontPair, char: str) -> str:
    """Why a character cannot be printed, in a user's words (the fix is the caller's)."""
    if ord(char) > 0xFFFF:
        return (
            f"the character {describe_char(char)} lies beyond U+FFFF (emoji and some rare "
            "scripts): the PDF could not be searched or copied from as written"
        )
    return (
        f"the character {describe_char(char)} is not in the font {fonts.label}, so it would "
        "print as an empty box"
    )


def check_glyphs(fonts: FontPair, where: str, fields: Iterable[tuple[str, str]]) -> None:
    """Refuse text the font cannot print: reportlab would silently draw an empty box."""
    for name, text in fields:
        missing = fonts.missing(text)
        if missing:
            raise GlyphError(
                f"{where}.{name}: {glyph_problem(fonts, missing)}; remove or replace it"
            )
