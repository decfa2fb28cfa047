"""How long a text is on paper, counted in ordinary characters: wide letters count more.

A plain character count cannot promise that text fits a card: 'ШШШ' takes over twice the room
of 'iii'. Each character counts as its width relative to an 'n' in the card font (regular or
bold, whichever is wider), and at least 1, so ordinary text counts about its length.
"""

from __future__ import annotations

import math
from functools import cache

from reportlab.pdfbase.pdfmetrics import stringWidth

from ..render.fonts import register_pair
from ..resources import font_dir


@cache
def _faces() -> tuple[str, str]:
    pair = register_pair(font_dir() / "DejaVuSans.ttf", font_dir() / "DejaVuSans-Bold.ttf")
    return pair.regular, pair.bold


@cache
def _weight(char: str) -> float:
    return max(1.0, *(stringWidth(char, face, 1) / stringWidth("n", face, 1) for face in _faces()))


def clip(text: str, limit: int, end: str = "…") -> str:
    """Text cut to `limit` in printed length, ending in `end` when cut: wide letters count more,
    so a clipped line takes the same room whatever the letters."""
    if printed_length(text) <= limit:
        return text
    kept, used = [], _weight(end[0]) if end else 0.0
    for char in text:
        used += _weight(char)
        if used > limit:
            break
        kept.append(char)
    return "".join(kept) + end


def printed_length(text: str) -> int:
    """The length limits of drills.json are counted in this measure."""
    return math.ceil(sum(_weight(c) for c in text) - 1e-9)
