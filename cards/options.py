"""The choices every product is made with, and their defaults: one object for the CLI and Python.

A command line option wins over the club file, the club file over the defaults here:

    Options.resolve(club, paper="letter")  # the club's card size, Letter paper
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from .data.club import Club
from .impose import HOME_PRINTER, PAPERS, PrintSetup
from .render.units import mm

DEFAULT_PAPER = "a4"
DEFAULT_SIZE = "a7"
PAPER_NAMES = {"a4": "A4", "letter": "Letter"}
OUT = Path("out")
assert set(PAPER_NAMES) == set(PAPERS)


@dataclass(frozen=True)
class Options:
    """What to print on: paper, card size, layouts, club, how cards meet the printer, where to."""

    paper: str = DEFAULT_PAPER  # a key of PAPERS
    size: str = DEFAULT_SIZE  # a size the card layouts define (render.layout.card_sizes)
    templates: Path | None = None  # the user's layout folder, searched before the built-in one
    club: Club = field(default_factory=Club)
    printing: PrintSetup = HOME_PRINTER
    out: Path = OUT  # the folder products go into by default: out/, or out/CODE/ per language
    jobs: int = 1  # processes a build may use

    @classmethod
    def resolve(
        cls,
        club: Club | None = None,
        *,
        paper: str | None = None,
        size: str | None = None,
        templates: str | Path | None = None,
        duplex: str = HOME_PRINTER.duplex,
        back_offset: tuple[float, float] | None = None,
        bleed: float = 0.0,
        mark_length: float | None = None,
        mark_offset: float | None = None,
        cut_lines: bool = False,
        per_page: bool = False,
        out: Path = OUT,
        jobs: int = 1,
    ) -> Options:
        """Options from what was given (lengths in mm), else the club's choice, else the default."""
        club = club or Club()
        offset = back_offset or club.back_offset or (0.0, 0.0)
        printing = PrintSetup(
            duplex,
            (mm(offset[0]), mm(offset[1])),
            mm(bleed),
            HOME_PRINTER.mark_length if mark_length is None else mm(mark_length),
            HOME_PRINTER.mark_offset if mark_offset is None else mm(mark_offset),
            cut_lines,
            per_page,
        )
        return cls(
            paper or club.paper or DEFAULT_PAPER,
            size or club.card_size or DEFAULT_SIZE,
            Path(templates) if templates is not None else None,
            club,
            printing,
            out,
            jobs,
        )

    def but(self, **changes: object) -> Options:
        """A copy with some choices changed."""
        return replace(self, **changes)

    @property
    def paper_name(self) -> str:
        return PAPER_NAMES[self.paper]


DEFAULTS = Options()
