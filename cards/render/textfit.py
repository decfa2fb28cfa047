"""Fit styled paragraphs into a box: shrink all of them together, never below each style's floor.

reportlab's KeepInFrame shrinks without limit and hides its scale; this measures with the public
Paragraph.wrap and stops at the legibility floor, so text is never clipped and never unreadable.

Text is set as a typesetter would: words break only where the language's hyphenation
dictionary allows (pyphen, through reportlab's hyphenationLang) and show their hyphen, a
compound after its own hyphen; a word that cannot break is never cut: the text shrinks, or the
fit fails naming the word. Links break only after / . - ? &. As text is prepared for printing
(never in the user's data) a number stays with its unit ("30 m", "2 × 20 m"), punctuation with
its word (French « » : ! ?), and a paragraph's last short word with the one before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from xml.sax.saxutils import escape, unescape

import pyphen
from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import _SplitWordHY, cleanBlockQuotedText, textTransformFrags
from reportlab.platypus.paraparser import ParaFrag, ParaParser

from .fonts import FontPair
from .layout import ALIGNMENTS, Fragment, Style

_STEPS = 12  # binary-search steps between full size and the floor
NBSP = "\xa0"  # a space reportlab never breaks a line at
HYPHEN = "\u2010"  # what a word broken at a line's end shows; its own hyphens stay "-"
MIN_HYPHENATED = 7  # letters a word needs before it may be broken
LONG_PART = 12  # a compound breaks inside a part (Hürden-Überquerungsübung) only past this


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
    too_wide: tuple[str, str | None] | None = None  # a word wider than its line, and its field


@dataclass(frozen=True)
class Overflow:
    """What did not fit: how much too tall at the floor, and which field was biggest; or the
    word too wide for its line even at the floor, and its field."""

    excess: float
    field: str | None
    word: str | None = None


def _size(style: Style, scale: float) -> float:
    return style.min_size + (style.size - style.min_size) * scale


def hyphenator(lang: str | None):
    """A word -> (head, tail) pairs function for reportlab, longest head first, from pyphen's
    dictionary of the language (None: none there, words then never break)."""
    found = pyphen.language_fallback(lang.replace("-", "_")) if lang else None
    return _hyphenator(found) if found else None


@lru_cache(maxsize=16)
def _hyphenator(dictionary: str):
    """One cached function per dictionary, so styles that share it compare equal."""
    hyphens = pyphen.Pyphen(lang=dictionary, left=3, right=3)  # no "re‐" / "tour"

    @lru_cache(maxsize=8192)
    def pairs(word: str) -> tuple[tuple[str, str], ...]:
        points = _points(word, hyphens)
        return tuple((word[:at], word[at:]) for at in sorted(points, reverse=True))

    return pairs


def _points(word: str, hyphens: pyphen.Pyphen) -> set[int]:
    """Where a word may break: inside it where the dictionary allows, a one-letter syllable
    joined to the next (pyphen's German gives "Gelenks-a-r-beit"); a compound after each of
    its own hyphens (never before one), and inside a part only when the part is long."""
    parts = word.split("-")
    if len(parts) == 1:
        return _inside(word, hyphens) if len(word) >= MIN_HYPHENATED else set()
    points: set[int] = set()
    start = 0
    for part in parts:
        if len(part) > LONG_PART:
            points |= {start + at for at in _inside(part, hyphens)}
        start += len(part) + 1
        if start < len(word):
            points.add(start)  # right after the hyphen
    return {at for at in points if 1 < at < len(word) - 1}


def _inside(part: str, hyphens: pyphen.Pyphen) -> set[int]:
    inside = sorted(hyphens.positions(part))
    # the break after a one-letter syllable goes: it joins the next syllable
    lone = {at for before, at in pairwise([0, *inside]) if at - before == 1}
    return {at for at in inside if at not in lone}


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
        splitLongWords=0,  # a word too long for its line is never cut: fit() shrinks instead
        hyphenationLang=hyphenator(style.lang) or "",
        hyphenationMinWordLength=MIN_HYPHENATED,
        # a compound breaks after its own hyphen, adding none; 2: a word too long for any line
        # is hyphenated on a line of its own too (1 leaves it whole, past the edge)
        embeddedHyphenation=2,
        uriWasteReduce=0,  # links: _break_links, after / . - ? & only
        allowWidows=1,
        allowOrphans=1,
    )


# Markup that is plain text: no tags, and only the entities Jinja's escaping writes.
_PLAIN = re.compile(r"[^<&]*(?:&(?:lt|gt|quot|#34|#39|amp);[^<&]*)*\Z")
_ENTITIES = (
    ("&lt;", "<"),
    ("&gt;", ">"),
    ("&quot;", '"'),
    ("&#34;", '"'),
    ("&#39;", "'"),
    ("&amp;", "&"),
)  # &amp; last, so "&amp;lt;" stays "&lt;"


# A number and its unit: "30 m", "2 × 20 m", "10 min", "3 x 8", "20 Wdh.", "50 %".
_UNITS = (
    r"(?:k?m|cm|mm|s|sec|secs|sek|seg|min|mins|mn|h|hr|hrs|kg|g|x|×|%|°|reps?|"
    r"Min|Sek|Std|Wdh|Wdhl|rép|rip|powt|km/h|m/s)\.?"
)
_NUMBER_UNIT = re.compile(rf"(?<![\w.,])(\d+(?:[.,]\d+)?)[ \t]+(?={_UNITS}(?![\w]))")
_TIMES = re.compile(r"(\d)[ \t]+([×x])[ \t]+(?=\d)")
_BEFORE = re.compile(r"(?<=\S)[ \t]+(?=[»:;!?](?:\s|$))")  # a space before » : ; ! ?
_AFTER = re.compile(r"«[ \t]+")
SHORT = 6  # letters of a last word too short to stand alone on a paragraph's last line
_PUNCTUATION = ".,;:!?…»)]\"'’”"
_LAST_SPACE = re.compile(r"[ \t\r\n]+(?=[^ \t\r\n<>]+[ \t\r\n]*\Z)")
_SPACES = re.compile(r"[ \t\r\n]+")
_TAG = re.compile(r"(<[^>]*>)")
_LONG = re.compile(r"\S{12,}")  # a token that may be too long for a line
_TOKEN = re.compile(r"\S+")
# a link, or a web host as a caption prints it ("www.youtube.com", clipped "a-b-c.t…")
_LINKISH = re.compile(r"https?://\S+|(?<![\w.@/-])(?:[\w-]+\.)+[\w-]+…?(?![\w.-])")
_LINK_BREAK_TIERS = ("/.-?&", "=+_,;:~%")  # where a link breaks, best first (% : before it)


@lru_cache(maxsize=8192)
def prepared(text: str) -> str:
    """Text as it prints: no-break spaces where a line must not break, between a number and
    its unit and between punctuation and its word. Plain text."""
    text = _TIMES.sub(lambda m: f"{m[1]}{NBSP}{m[2]}{NBSP}", text)
    text = _NUMBER_UNIT.sub(lambda m: m[1] + NBSP, text)
    text = _BEFORE.sub(NBSP, text)
    return _AFTER.sub("«" + NBSP, text)


@lru_cache(maxsize=8192)
def _prepared_markup(markup: str) -> str:
    """The same for markup: only the text between the tags changes."""
    parts = _TAG.split(markup)
    for index in range(0, len(parts), 2):
        if parts[index].strip():
            parts[index] = prepared(parts[index])
    return "".join(parts)


def _break_links(markup: str, width: float, pstyle: ParagraphStyle, link: bool = False) -> str:
    """Markup whose links and web hosts too long for a line get line breaks after / . - ? &
    (reportlab would break a link after / alone, and a host nowhere), each line as full as it
    can be. With `link` (the text shows the drill's video link), every token is one."""
    room = width - pstyle.leftIndent - pstyle.rightIndent
    font, size = pstyle.fontName, pstyle.fontSize
    parts = _TAG.split(markup)
    for index in range(0, len(parts), 2):
        text = unescape(parts[index])
        if not _LONG.search(text):
            continue
        pieces, at = [], 0
        for match in (_TOKEN if link else _LINKISH).finditer(text):
            token = match.group()
            if stringWidth(token, font, size) <= room:
                continue
            pieces.append(escape(text[at : match.start()]))
            pieces.append(
                "<br/>".join(escape(line) for line in _link_lines(token, room, font, size))
            )
            at = match.end()
        pieces.append(escape(text[at:]))
        parts[index] = "".join(pieces)
    return "".join(parts)


def _link_lines(link: str, room: float, font: str, size: float) -> list[str]:
    """A link in lines no wider than `room`, each as full as it can be and ending after one of
    / . - ? & where the line has one; else after = + _ , ; : ~ or before a %-escape (a long
    query in another script); else, as a last resort, where the line is full."""
    lines = []
    while stringWidth(link, font, size) > room:
        fits = len(link) - 1
        while fits > 1 and stringWidth(link[:fits], font, size) > room:
            fits -= 1
        cut = next(
            (
                at
                for places in _LINK_BREAK_TIERS
                for at in range(fits, 0, -1)
                if _breaks_after(link, at, places)
            ),
            fits,
        )
        lines.append(link[:cut])
        link = link[cut:]
    return [*lines, link]


def _breaks_after(link: str, at: int, places: str) -> bool:
    """Whether a link may break after its first `at` characters at one of `places`."""
    if "%" in places and link[at : at + 1] == "%":
        return True
    return link[at - 1] in places.replace("%", "")


def _paragraph(markup: str, pstyle: ParagraphStyle, bullet: str | None) -> Paragraph:
    """A Paragraph of the markup, prepared for printing. Plain text (nearly every drill's)
    skips reportlab's markup parser, the slowest step of fitting: one fragment, like the one
    the parser would make for the style, holds the whole text."""
    if not _PLAIN.match(markup):
        return Paragraph(_prepared_markup(markup), pstyle, bulletText=bullet)
    text = cleanBlockQuotedText(markup)
    for entity, char in _ENTITIES:
        text = text.replace(entity, char)
    text = prepared(text)
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
    too_wide = None
    for index, fragment in enumerate(fragments):
        pstyle = _paragraph_style(fragment.style, scale, fonts)
        markup = fragment.markup
        if _LONG.search(markup):
            link = bool(fragment.field) and fragment.field.rsplit(".", 1)[-1] == "video"
            markup = _break_links(markup, width, pstyle, link)
        paragraph = _paragraph(markup, pstyle, fragment.style.bullet)
        _, height = paragraph.wrap(width, 1e6)
        ending = _ends_badly(paragraph, markup)
        if ending:  # "… zurückge-" / "hen": the word whole; "… comes" / "up": with "comes"
            again = (
                _paragraph(markup, _keeping_whole(pstyle, ending), fragment.style.bullet)
                if ending != markup
                else _paragraph(_tie_last(markup), pstyle, fragment.style.bullet)
            )
            _, again_height = again.wrap(width, 1e6)
            if not _too_wide(again):
                paragraph, height = again, again_height
        if too_wide is None and (word := _too_wide(paragraph)):
            too_wide = (word, fragment.field)
        if index:
            cursor += max(previous_after, pstyle.spaceBefore)
        placed.append(Placed(paragraph, cursor, height))
        cursor += height
        previous_after = pstyle.spaceAfter
    return Fitted(tuple(placed), cursor, scale, too_wide)


def _mark_hyphens(paragraph: Paragraph, fonts: FontPair) -> None:
    """The hyphen reportlab adds where it breaks a word becomes U+2010 HYPHEN, so the PDF tells
    a broken word ("hoch‐" / "kommt") from a compound broken at its own hyphen ("flat-" /
    "foot"): a reader copying the text, and the tests, can join the first and keep the second.
    Same glyph, same width; a font without U+2010 keeps "-"."""
    lines = getattr(getattr(paragraph, "blPara", None), "lines", None)
    if not lines or not _has_hyphen(fonts):
        return
    if isinstance(lines[0], tuple):  # plain text: reportlab marks the words it broke
        for _, words in lines:
            if words and isinstance(words[-1], _SplitWordHY) and words[-1].endswith("-"):
                words[-1] = _SplitWordHY(words[-1][:-1] + HYPHEN)
        return
    # markup: the lines' letters are the source's, but for the hyphens reportlab added
    text = unescape(_TAG.sub("", getattr(paragraph, "text", "") or ""))
    source = [c for c in text if not c.isspace()]
    at = 0
    for line in lines:
        texts = [getattr(word, "text", "") for word in line.words]
        letters = [c for text in texts for c in text if not c.isspace()]
        if letters[:-1] != source[at : at + len(letters) - 1]:
            return  # not the source's letters (soft hyphens written in): leave it as it is
        if letters and letters[-1] == "-" and source[at + len(letters) - 1 :][:1] != ["-"]:
            last = max(i for i, text in enumerate(texts) if text.strip())
            line.words[last].text = texts[last].rstrip()[:-1] + HYPHEN
            at += len(letters) - 1
        else:
            at += len(letters)


@lru_cache(maxsize=64)
def _has_hyphen(fonts: FontPair) -> bool:
    return not fonts.missing(HYPHEN)


def _last_line(paragraph: Paragraph) -> str | None:
    """The text of the paragraph's last line when it holds one word, else None."""
    lines = getattr(getattr(paragraph, "blPara", None), "lines", None)
    if not lines:
        return None
    line = lines[-1]
    if isinstance(line, tuple):
        return str(line[1][0]) if len(line[1]) == 1 else None
    if getattr(line, "wordCount", 0) != 1:
        return None
    return "".join(getattr(word, "text", "") for word in line.words)


def _ends_badly(paragraph: Paragraph, markup: str) -> str | None:
    """What is wrong with the last line of a paragraph of several: it holds the end of a word
    broken at a hyphen (that word is returned, to keep whole), or one short word alone (up to
    SHORT letters and its punctuation: the markup is returned, to tie it to the one before)."""
    lines = getattr(getattr(paragraph, "blPara", None), "lines", ())
    last = _last_line(paragraph) if len(lines) > 1 else None
    if not last:
        return None
    words = _SPACES.split(unescape(_TAG.sub(" ", markup)).strip())
    whole = (words[-1] if words else "").split(NBSP)[-1]
    if len(last) < len(whole) and whole.endswith(last):
        return whole.strip(_PUNCTUATION + "«(")
    if last == whole and len(last.rstrip(_PUNCTUATION)) <= SHORT:
        return markup
    return None


def _keeping_whole(pstyle: ParagraphStyle, word: str) -> ParagraphStyle:
    """The style with a hyphenator that leaves `word` whole (a paragraph's last word)."""
    base = pstyle.hyphenationLang
    if not callable(base):
        return pstyle
    return ParagraphStyle(
        pstyle.name, parent=pstyle, hyphenationLang=lambda w: () if w == word else base(w)
    )


def _tie_last(markup: str) -> str:
    """The markup with its last word tied to the one before (a no-break space)."""
    parts = _TAG.split(markup)
    for index in reversed(range(0, len(parts), 2)):  # the text between the tags
        if parts[index].strip():
            parts[index] = _LAST_SPACE.sub(NBSP, parts[index], count=1)
            break
    return "".join(parts)


def _too_wide(paragraph: Paragraph) -> str | None:
    """A word that sticks out of its line: reportlab sets a word too wide for any line alone
    on one, past the edge (splitLongWords is off)."""
    lines = getattr(paragraph, "blPara", None)
    for line in getattr(lines, "lines", ()):
        if isinstance(line, tuple):  # plain text: (space left, words)
            space, words = line
            if len(words) == 1 and space < -0.01:
                return str(words[0]).replace(NBSP, " ")
        elif getattr(line, "wordCount", 0) == 1 and line.extraSpace < -0.01:
            return "".join(getattr(word, "text", "") for word in line.words).replace(NBSP, " ")
    return None


def fit(
    fragments: list[Fragment], width: float, height: float, fonts: FontPair
) -> Fitted | Overflow:
    """The largest common scale at which the fragments fit, or what overflows at the floor."""
    full = layout(fragments, width, 1.0, fonts)
    if full.height <= height and not full.too_wide:
        return _marked(full, fonts)
    floor = layout(fragments, width, 0.0, fonts)
    if floor.too_wide:
        word, field = floor.too_wide
        return Overflow(max(0.0, floor.height - height), field, word)
    if floor.height > height:
        return Overflow(floor.height - height, _largest_field(fragments, floor))
    low, high, best = 0.0, 1.0, floor
    for _ in range(_STEPS):
        middle = (low + high) / 2
        trial = layout(fragments, width, middle, fonts)
        if trial.height <= height and not trial.too_wide:
            low, best = middle, trial
        else:
            high = middle
    return _marked(best, fonts)


def _marked(fitted: Fitted, fonts: FontPair) -> Fitted:
    """The fitted text as it is drawn, its added hyphens marked (only what is drawn)."""
    for placed in fitted.placed:
        _mark_hyphens(placed.paragraph, fonts)
    return fitted


def _largest_field(fragments: list[Fragment], fitted: Fitted) -> str | None:
    totals: dict[str, float] = {}
    for fragment, placed in zip(fragments, fitted.placed, strict=True):
        if fragment.field:
            totals[fragment.field] = totals.get(fragment.field, 0.0) + placed.height
    return max(totals, key=totals.__getitem__) if totals else None
