"""Colours text keeps legible: the WCAG contrast of two colours, and text colours mended to reach
4.5:1 against what they print on. Shared by the PDFs and the web page.

A club's light colour (gold, #ffd700) stays the club's on bands and rules; only text in it is
darkened, keeping its hue, until it reads on the paper. Text on a band is held to the band's
colour instead, and switches to dark ink (or white) where its own colour does not reach it.
"""

from __future__ import annotations

from functools import lru_cache

MINIMUM = 4.5  # WCAG AA for body text
PAPER = "#ffffff"
INK = "#1a1a1a"
WHITE = "#ffffff"
_STEPS = 20  # binary-search steps for the darkening factor: far finer than one level in 255


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#" + "".join(f"{c:02x}" for c in rgb)


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two "#rrggbb" colours, from 1 (the same) to 21 (black on white)."""
    a, b = sorted((_luminance(_rgb(first)), _luminance(_rgb(second))), reverse=True)
    return (a + 0.05) / (b + 0.05)


@lru_cache(maxsize=256)
def readable(color: str, background: str = PAPER, minimum: float = MINIMUM) -> str:
    """The colour, unchanged if text in it reaches `minimum` against `background`, else the
    lightest darker shade of it (the same hue, every channel scaled alike) that does. On a
    background too dark for any darker shade, black."""
    if contrast(color, background) >= minimum:
        return color
    rgb = _rgb(color)
    low, high = 0.0, 1.0  # scale factors: low always reaches the minimum (black does on white)
    for _ in range(_STEPS):
        middle = (low + high) / 2
        shade = tuple(int(c * middle) for c in rgb)
        if contrast(_hex(shade), background) >= minimum:
            low = middle
        else:
            high = middle
    found = _hex(tuple(int(c * low) for c in rgb))
    return found if contrast(found, background) >= minimum else "#000000"


def on_band(color: str, band: str, ink: str = INK, minimum: float = MINIMUM) -> str:
    """A text colour for text printed on a band of colour `band`: its own if it reaches the
    minimum there, else dark ink, else white, else whichever of the two reads better."""
    for choice in (color, ink, WHITE):
        if contrast(choice, band) >= minimum:
            return choice
    return max((ink, WHITE), key=lambda c: contrast(c, band))


def readable_on_white(color: str) -> str:
    """The colour, darkened until text in it reads on white (WCAG contrast 4.5:1 or more)."""
    return readable(color)
