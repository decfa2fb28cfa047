"""Lengths written by people ("63mm", "0.25in", "12pt") turned into PDF points."""

from __future__ import annotations

import re

POINTS_PER = {"pt": 1.0, "mm": 72 / 25.4, "cm": 720 / 25.4, "in": 72.0}
_LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(pt|mm|cm|in)\s*$")


def to_points(value: str | float | int) -> float:
    """Parse a length; bare numbers are points."""
    if isinstance(value, bool):
        raise ValueError(f"must be a length such as '5mm' (got {value!r})")
    if isinstance(value, int | float):
        return float(value)
    match = _LENGTH.match(str(value))
    if not match:
        raise ValueError(f"must be a length such as '5mm', '0.25in' or '9pt' (got {value!r})")
    return float(match.group(1)) * POINTS_PER[match.group(2)]


def mm(value: float) -> float:
    """Millimetres to points."""
    return value * POINTS_PER["mm"]


def to_mm(points: float) -> float:
    """Points to millimetres."""
    return points / POINTS_PER["mm"]
