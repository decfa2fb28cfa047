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


MAX_BACK_OFFSET = 10.0  # mm; a printer that shifts backs further needs fixing, not offsetting


def parse_offset(value: object) -> tuple[float, float]:
    """A back offset in mm, from "1.5,-0.5" or [1.5, -0.5]; ValueError says what is wrong."""
    shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "…"
    if isinstance(value, str):
        parts = [p.strip() for p in value.split(",")]
    elif isinstance(value, list | tuple):
        parts = list(value)
    else:
        raise ValueError(f'must be two numbers in mm, "X,Y" such as "1.5,-0.5" (got {shown})')
    try:
        if len(parts) != 2 or any(isinstance(p, bool) for p in parts):
            raise ValueError
        x, y = (float(p) for p in parts)
    except (TypeError, ValueError, OverflowError):
        raise ValueError(
            f'must be two numbers in mm, "X,Y" such as "1.5,-0.5" (got {shown})'
        ) from None
    if not all(abs(v) <= MAX_BACK_OFFSET for v in (x, y)) or x != x or y != y:
        raise ValueError(f"must be within ±{MAX_BACK_OFFSET:g} mm each way (got {shown})")
    return x, y
