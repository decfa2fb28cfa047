"""`drillcards build`: everything into one folder per language, rendered first, then written."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..build.plan import BuildResult, build_steps, render_all, stale_files, write_all
from ..data.labels import labels_of
from ..data.model import Library
from ..options import Options
from .common import Edition, Report, count, in_language, load


@dataclass(frozen=True)
class Built:
    """One language's build: its folder, what was made, and what an earlier build left."""

    folder: Path
    result: BuildResult
    stale: list[Path]


def editions(
    library: Library, options: Options, codes: tuple[str | None, ...]
) -> tuple[list[Edition], tuple[tuple[str, str], ...]]:
    """The library in each language, each into its folder (out/de/, out/fr/, or out/ for the
    main text alone); and (code, name) of the languages for the sites to link, when several."""
    made = [in_language(library, options, code) for code in codes]
    if codes == (None,):
        return made, ()
    return made, tuple((e.library.language, labels_of(e.library).name) for e in made)


def plan(
    drills: str | Path | None = None,
    club_file: str | Path | None = None,
    lang: str | None = None,
    **choices: object,
) -> tuple[list[Edition], tuple[tuple[str, str], ...]]:
    """Read the drills and club once; an edition for every language to build."""
    library, options, codes = load(drills, club_file, lang, several=True, **choices)
    return editions(library, options, codes)


def steps(made: list[Edition]) -> int:
    """How many products the build makes, for a progress bar."""
    return sum(build_steps(edition.library) for edition in made)


def build_editions(
    made: list[Edition],
    languages: tuple[tuple[str, str], ...],
    clean: bool = False,
    force: bool = False,
    progress: Callable[[str], None] | None = None,
) -> list[Built]:
    """Render what changed since the last build in each folder, then write it all: a mistake
    in any language writes nothing."""
    rendered = [
        (e.options.out, render_all(e.library, e.options, progress, e.options.out, force, languages))
        for e in made
    ]
    built = []
    for folder, result in rendered:
        stale = stale_files(result, folder)
        write_all(result, folder, clean)
        built.append(Built(folder, result, stale))
    return built


def report(made: list[Edition], built: list[Built], clean: bool) -> Report:
    """What was written into each folder, what was kept, and what an earlier build left."""
    out = made[0].report() if made else Report()
    out.warn([w for e in made[1:] for w in e.warnings])
    for one in built:
        result, folder, stale = one.result, one.folder, one.stale
        out.warn(result.warnings)
        size = sum(len(data) for data in result.files.values())
        pages = sum(result.pages.get(path, 0) for path in result.files)
        out.say(
            f"wrote {count(len(result.files), 'file')}, {count(pages, 'page')}, {size:,} "
            f"bytes into {folder}"
            + (f" ({len(result.kept)} up to date)" if result.kept else "")
            + ":"
        )
        out.lines.extend(f"  {line}" for line in result.summary)
        names = ", ".join(str(p.relative_to(folder)) for p in stale)
        if stale and clean:
            out.say(f"removed {count(len(stale), 'file')} an earlier build made: {names}")
        elif stale:
            out.say(
                f"left {count(len(stale), 'file')} an earlier build made, no longer built "
                f"(--clean removes them): {names}"
            )
    return out


def build(
    drills: str | Path | None = None,
    club_file: str | Path | None = None,
    lang: str | None = None,
    clean: bool = False,
    force: bool = False,
    progress: Callable[[str], None] | None = None,
    **choices: object,
) -> Report:
    """The whole build from Python: every product of every language, then the report."""
    made, languages = plan(drills, club_file, lang, **choices)
    return report(made, build_editions(made, languages, clean, force, progress), clean)
