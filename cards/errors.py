"""Errors a user can act on; the CLI prints them and exits with status 2.

DrillcardsError
├── DataError        drills.json is unreadable or breaks the contract (lists every problem)
├── LayoutError      a layout in templates/ is missing, malformed or fails to render
├── FitError         a drill's text does not fit the chosen card size at the legibility floor
├── GlyphError       the font lacks a character used in a drill
├── IncludeError     a PDF to include in a handout is missing, encrypted or broken
└── OutputError      a file could not be written
"""

from __future__ import annotations


class DrillcardsError(Exception):
    """Base of every error caused by input, layouts or the file system, never by a bug."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        self.problems = list(problems or [])
        super().__init__(message)

    def __str__(self) -> str:
        head = super().__str__()
        if not self.problems:
            return head
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])

    def __reduce__(self):  # keep the problems when a build's worker process sends it back
        return type(self), (self.args[0], self.problems)


class DataError(DrillcardsError):
    """drills.json cannot be read or breaks the contract."""


class LayoutError(DrillcardsError):
    """A layout file is missing, malformed, or its Jinja fails."""


class FitError(DrillcardsError):
    """Text does not fit its box even at the smallest legible size."""


class GlyphError(DrillcardsError):
    """The font has no glyph for a character the drill uses."""


class OutputError(DrillcardsError):
    """An output file could not be written."""


class IncludeError(DrillcardsError):
    """A PDF to include in a handout is missing, encrypted or broken."""


NOT_PRINTABLE = (FitError, GlyphError)  # a drill that cannot print as written; the rest goes on


def gathered(head: str, problems: list[str], kinds: set[type]) -> DrillcardsError:
    """One error for many drills that cannot print: a GlyphError when every one lacks a glyph,
    else a FitError; each problem listed once."""
    error = next(iter(kinds)) if len(kinds) == 1 else FitError
    return error(head, list(dict.fromkeys(problems)))
