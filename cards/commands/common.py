"""What every command starts from: the club, the library and the options, in one language or
several; and the report a command returns, which the CLI prints."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..build.output import check_target, write_atomic
from ..data.club import Club, load_club
from ..data.dates import build_date
from ..data.library import load_library
from ..data.model import Library
from ..data.quoting import quoted
from ..data.translate import edition
from ..data.validation import suggestion
from ..errors import DrillcardsError
from ..options import Options
from ..render.layout import card_sizes
from ..resources import default_drills

BUILT_IN = "drills.json (built in)"
PROJECT_FILES = ("drills.json", "drills.xlsx", "drills.ods", "drills.csv")  # in the working folder


class UsageError(DrillcardsError):
    """Options that do not go together, or name nothing (exit 2, like any input mistake)."""


@dataclass
class Report:
    """What a command did, in the words the CLI prints: lines for the user, warnings apart."""

    lines: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

    def say(self, line: str) -> None:
        self.lines.append(line)

    def warn(self, warnings: list[str] | tuple[str, ...]) -> None:
        """Add warnings; one said already (a layout's note, by every sheet) is said once."""
        self.warnings.extend(w for w in dict.fromkeys(warnings) if w not in self.warnings)


def write_files(files: dict[Path, bytes], within: Path | None = None) -> list[Path]:
    """Write every file atomically, after checking that none would replace an input or a file
    that is not plain: a refusal writes nothing at all."""
    for path in files:
        check_target(path, within)
    return [write_atomic(path, data, within) for path, data in files.items()]


def count(number: int, noun: str) -> str:
    """'1 card', '3 cards'."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


@dataclass(frozen=True)
class Edition:
    """The library as printed in one language, the options to print it with, and what the
    translation lacks."""

    library: Library
    options: Options
    warnings: tuple[str, ...] = ()

    def report(self) -> Report:
        """A command's report, opening with which drills file was read when the folder chose
        it, and the translation's warnings."""
        lines = (
            [f"using {self.library.source} in this folder"]
            if self.library.source in PROJECT_FILES
            else []
        )
        return Report(lines, list(self.warnings))


def project_drills(folder: Path | None = None) -> Path | None:
    """The drills file of the project folder (the working folder): drills.json, .xlsx, .ods or
    .csv; None when there is none; two of them are a mistake to name."""
    folder = Path.cwd() if folder is None else folder
    found = [folder / name for name in PROJECT_FILES if os.path.lexists(folder / name)]
    if len(found) > 1:
        names = " and ".join(path.name for path in found)
        raise UsageError(
            f"{names} are both in this folder, and drillcards reads one drills "
            "file: remove or rename the one you do not use, or name the one to "
            "read with --drills"
        )
    return found[0] if found else None


def drills_file(drills: str | Path | None) -> tuple[Path, str]:
    """The drills file to read and its name in messages: --drills, else the project folder's,
    else the built-in library."""
    if drills is not None:
        return Path(drills), str(drills)
    own = project_drills()
    if own is not None:
        return own, own.name
    return default_drills(), BUILT_IN


def load_sources(drills: str | Path | None, club_file: str | Path | None) -> tuple[Club, Library]:
    """The club first (its paper, card size and languages are defaults), then the library."""
    build_date()  # a malformed SOURCE_DATE_EPOCH is named before reportlab trips over it
    club = load_club(club_file)
    return club, load_library(*drills_file(drills))


def languages(lang: str | None) -> tuple[str, ...]:
    """The codes of --lang de,fr, in order, each once; () without it."""
    if lang is None:
        return ()
    codes = [code.strip() for code in lang.split(",")]
    if not all(codes):
        raise UsageError(
            f"--lang {lang}: name languages by their codes, separated by commas, as --lang de,fr"
        )
    return tuple(dict.fromkeys(codes))


def check_size(options: Options) -> None:
    """The card size must be one the card layouts define (the user's own among them)."""
    sizes = card_sizes(options.templates)
    if options.size in sizes:
        return
    source = (
        f"{options.club.source}: card_size" if options.size == options.club.card_size else "--size"
    )
    hint = suggestion(options.size, sizes)
    raise UsageError(
        f"{source}: the card layouts define no size {quoted(options.size)}; "
        f"{hint + ' ' if hint else ''}"
        f"sizes: {', '.join(sizes)}"
    )


def load(
    drills: str | Path | None = None,
    club_file: str | Path | None = None,
    lang: str | None = None,
    several: bool = False,
    **choices: object,
) -> tuple[Library, Options, tuple[str | None, ...]]:
    """The library, the options (given choices over the club's over the defaults) and the
    languages to print: those of --lang, else the club's (every one when `several`, else the
    first), else (None,): the main text's."""
    codes = languages(lang)
    if len(codes) > 1 and not several:
        raise UsageError(
            f"--lang {lang}: this command prints one language at a time; "
            "drillcards build takes several, as --lang de,fr"
        )
    club, library = load_sources(drills, club_file)
    options = Options.resolve(club, **choices)
    check_size(options)
    codes = codes or club.languages or ()
    if not several:
        codes = codes[:1]
    return library, options, tuple(codes) or (None,)


def in_language(library: Library, options: Options, code: str | None) -> Edition:
    """The library in `code` (None: the main text's), printed into OUT/CODE/ (OUT/ for None)."""
    made = edition(library, code, options.templates)
    out = options.out / code if code else options.out
    return Edition(made.library, options.but(out=out), tuple(made.warnings))


def one_language(
    drills: str | Path | None, club_file: str | Path | None, lang: str | None, **choices: object
) -> Edition:
    """Everything a single-language command needs, loaded and checked."""
    library, options, codes = load(drills, club_file, lang, **choices)
    return in_language(library, options, codes[0])
