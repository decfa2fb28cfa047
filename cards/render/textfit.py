"""Fit styled paragraphs into a box: shrink all of them together, never below each style's floor.

reportlab's KeepInFrame shrinks without limit and hides its scale; this measures with the public
Paragraph.wrap and stops at the legibility floor, so text is never clipped and never unreadable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText, textTransformFrags
from reportlab.platypus.paraparser import ParaFrag, ParaParser

from .fonts import FontPair
from .layout import ALIGNMENTS, Fragment, Style

_STEPS = 12  # binary-search steps between full size and the floor


@dataclass(frozen=True)
class Placed:
    """A wrapped paragraph and its top offset from the top of its box, in points."""

    paragraph: Paragraph
    top: float
    height: float


@dataclass(frozen=True)
class Fitted:
    placed: tuple[Placed, ...]
    height: float
    scale: float  # 1.0 = full size, 0.0 = every style at its floor


@dataclass(frozen=True)
class Overflow:
    """What did not fit: how much too tall at the floor, and which field was biggest."""

    excess: float
    field: str | None


def _size(style: Style, scale: float) -> float:
    return style.min_size + (style.size - style.min_size) * scale


@lru_cache(maxsize=1024)
def _paragraph_style(style: Style, scale: float, fonts: FontPair) -> ParagraphStyle:
    size = _size(style, scale)
    ratio = size / style.size if style.size else 1.0
    indent = style.indent * ratio
    if style.bullet:  # keep wrapped lines flush with the first line's text, not the bullet
        indent = max(indent, stringWidth(style.bullet, fonts.regular, size) + 0.6 * size + 0.01)
    return ParagraphStyle(
        style.name,
        fontName=fonts.bold if style.bold else fonts.regular,
        fontSize=size,
        leading=size * style.leading,
        textColor=HexColor(style.color),
        leftIndent=indent,
        bulletIndent=0,
        bulletFontName=fonts.regular,
        bulletFontSize=size,
        spaceBefore=style.space_before * ratio,
        spaceAfter=style.space_after * ratio,
        alignment=ALIGNMENTS[style.align],
        splitLongWords=1,
        allowWidows=1,
        allowOrphans=1,
    )


# Markup that is plain text: no tags, and only the entities Jinja's escaping writes.
_PLAIN = re.compile(r"[^<&]*(?:&(?:lt|gt|quot|#34|#39|amp);[^<&]*)*\Z")
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&#34;", '"'), ("&#39;", "'"),
             ("&amp;", "&"))  # &amp; last, so "&amp;lt;" stays "&lt;"


def _paragraph(markup: str, pstyle: ParagraphStyle, bullet: str | None) -> Paragraph:
    """A Paragraph of the markup. Plain text (nearly every drill's) skips reportlab's markup
    parser, the slowest step of fitting: one fragment, like the one the parser would make for
    the style, holds the whole text."""
    if not _PLAIN.match(markup):
        return Paragraph(markup, pstyle, bulletText=bullet)
    text = cleanBlockQuotedText(markup)
    for entity, char in _ENTITIES:
        text = text.replace(entity, char)
    frags = [ParaFrag(**{**vars(_plain_frag(pstyle)), "text": text, "link": [], "us_lines": []})]
    textTransformFrags(frags, pstyle)
    return Paragraph(markup, pstyle, bulletText=bullet, frags=frags)


@lru_cache(maxsize=1024)
def _plain_frag(pstyle: ParagraphStyle) -> ParaFrag:
    """What reportlab's parser makes of plain text in this style."""
    _, frags, _ = ParaParser().parse("x", pstyle)
    [frag] = frags
    return frag


def layout(fragments: list[Fragment], width: float, scale: float, fonts: FontPair) -> Fitted:
    """Wrap every fragment at one scale and stack them; spacing collapses at the box edges."""
    placed: list[Placed] = []
    cursor = 0.0
    previous_after = 0.0
    for index, fragment in enumerate(fragments):
        pstyle = _paragraph_style(fragment.style, scale, fonts)
        paragraph = _paragraph(fragment.markup, pstyle, fragment.style.bullet)
        _, height = paragraph.wrap(width, 1e6)
        if index:
            cursor += max(previous_after, pstyle.spaceBefore)
        placed.append(Placed(paragraph, cursor, height))
        cursor += height
        previous_after = pstyle.spaceAfter
    return Fitted(tuple(placed), cursor, scale)


def fit(fragments: list[Fragment], width: float, height: float,
        fonts: FontPair) -> Fitted | Overflow:
    """The largest common scale at which the fragments fit, or what overflows at the floor."""
    full = layout(fragments, width, 1.0, fonts)
    if full.height <= height:
        return full
    floor = layout(fragments, width, 0.0, fonts)
    if floor.height > height:
        return Overflow(floor.height - height, _largest_field(fragments, floor))
    low, high, best = 0.0, 1.0, floor
    for _ in range(_STEPS):
        middle = (low + high) / 2
        trial = layout(fragments, width, middle, fonts)
        if trial.height <= height:
            low, best = middle, trial
        else:
            high = middle
    return best


def _largest_field(fragments: list[Fragment], fitted: Fitted) -> str | None:
    totals: dict[str, float] = {}
    for fragment, placed in zip(fragments, fitted.placed, strict=True):
        if fragment.field:
            totals[fragment.field] = totals.get(fragment.field, 0.0) + placed.height
    return max(totals, key=totals.__getitem__) if totals else None
