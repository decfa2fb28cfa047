"""Text from the user's files quoted in a message, so that it can never disguise the message."""

from __future__ import annotations

import json
import unicodedata


def quoted(text: str) -> str:
    """Text in quotes for a message: one line, at most about 40 characters, and every character
    a terminal would not show as itself (controls, DEL, C1, direction marks, line separators,
    lone surrogates) written as an escape, so a message can never reorder or hide its text."""
    shown = json.dumps(text if len(text) <= 40 else text[:37] + "…", ensure_ascii=False)
    return "".join(
        _escape(char) if unicodedata.category(char) in _UNSHOWN else char for char in shown
    )


_UNSHOWN = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
