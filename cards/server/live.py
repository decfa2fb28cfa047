"""The library the server prints from, kept live: the drills file, club file and layouts are
watched (watchfiles), and the next request after a save reads them again. A save that breaks
something keeps the last good library, and its mistake is told on every page until fixed."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..commands.common import (
    Edition,
    check_size,
    drills_file,
    in_language,
    languages,
    load_sources,
)
from ..data.club import CLUB_FILE, Club
from ..data.labels import available, load_labels
from ..data.languages import language_problem
from ..data.model import Library
from ..errors import DrillcardsError, LayoutError
from ..options import PAPER_NAMES, Options
from ..render.layout import card_sizes, load_layout
from ..resources import builtin_templates
from .query import RequestError

_EDITIONS = 16  # editions (language, paper, size) kept per library


@dataclass(frozen=True)
class Sources:
    """What `drillcards serve` was started with, as the CLI's options."""

    drills: Path | None = None
    club_file: Path | None = None
    templates: Path | None = None

    def watched(self) -> list[tuple[Path, bool, frozenset[str] | None]]:
        """(folder, recursive, names or None for all): the drills and club files' folders for
        those files alone (editors save by writing a new file and renaming it), and the layout
        folders whole."""
        files: dict[Path, set[str]] = {}
        for file in (drills_file(self.drills)[0], self.club_file or Path(CLUB_FILE)):
            path = Path(file).absolute()
            files.setdefault(path.parent, set()).add(path.name)
        found = [(folder, False, frozenset(names)) for folder, names in files.items()]
        folders = [
            *([Path(self.templates).absolute()] if self.templates else []),
            builtin_templates(),
        ]
        return found + [(folder, True, None) for folder in folders if folder.is_dir()]


@dataclass(frozen=True)
class Loaded:
    """One good reading of the sources; `generation` counts them."""

    club: Club
    library: Library
    generation: int
    editions: dict = field(default_factory=dict, compare=False, repr=False)


class LiveLibrary:
    """The last good library, and the mistake of a later save, if any."""

    def __init__(
        self, sources: Sources, load: Callable[[Sources], tuple[Club, Library]] | None = None
    ) -> None:
        self.sources = sources
        self._load = load or read_sources
        self._lock = threading.Lock()
        self._stale = threading.Event()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self.problem: str | None = None
        club, library = self._load(sources)  # a mistake at start stops the server: nothing good
        self.current = Loaded(club, library, 1)

    def changed(self) -> None:
        """A watched file was saved: read the sources again on the next request."""
        self._stale.set()

    def get(self) -> Loaded:
        """The library to print from: read again first if a file was saved since."""
        if self._stale.is_set():
            with self._lock:
                if self._stale.is_set():
                    self._stale.clear()
                    self._reload()
        return self.current

    def _reload(self) -> None:
        try:
            club, library = self._load(self.sources)
        except DrillcardsError as err:
            self.problem = str(err)
            return
        self.problem = None
        self.current = Loaded(club, library, self.current.generation + 1)

    def edition(self, lang: str = "", paper: str = "", size: str = "") -> Edition:
        """The library in a language, with the options the CLI would resolve from --lang,
        --paper and --size over the club file: cached per library."""
        loaded = self.get()
        key = (lang, paper, size)
        made = loaded.editions.get(key)
        if made is None:
            made = _edition(loaded, self.sources.templates, lang, paper, size)
            if len(loaded.editions) >= _EDITIONS:
                loaded.editions.pop(next(iter(loaded.editions)))
            loaded.editions[key] = made
        return made

    def languages(self) -> list[tuple[str, str]]:
        """(code, name) of every language the layouts have printed words for."""
        found = []
        for code in available(self.sources.templates):
            try:
                found.append((code, load_labels(code, self.sources.templates).name))
            except DrillcardsError:
                continue
        return found

    def watch(self) -> None:
        """Watch the sources in background threads until stop()."""
        import watchfiles

        for folder, recursive, names in self.sources.watched():

            def wanted(change, path: str, names=names) -> bool:
                return names is None or Path(path).name in names

            def run(folder=folder, recursive=recursive, wanted=wanted) -> None:
                for _ in watchfiles.watch(
                    folder,
                    watch_filter=wanted,
                    recursive=recursive,
                    stop_event=self._stop,
                    debounce=400,
                    step=50,
                    raise_interrupt=False,
                ):
                    self.changed()

            thread = threading.Thread(target=run, name=f"watch {folder.name}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=2)


def read_sources(sources: Sources) -> tuple[Club, Library]:
    """The club and the library as the CLI reads them, and the layouts checked to load, so a
    broken layout is told as soon as it is saved, not only when something is printed."""
    club, library = load_sources(sources.drills, sources.club_file)
    options = Options.resolve(club, templates=sources.templates)
    check_size(options)
    labels = load_labels(
        library.language, sources.templates, f'{library.source}: "language": "{library.language}"'
    )
    for kind in ("sheet", "session", "handout"):
        load_layout(kind, options.paper, sources.templates, club, labels)
    load_layout("card", options.size, sources.templates, club, labels)
    return club, library


def _edition(loaded: Loaded, templates: Path | None, lang: str, paper: str, size: str) -> Edition:
    """As commands.common.load and in_language make it, from the sources already read."""
    if paper and paper not in PAPER_NAMES:
        choices = ", ".join(f"'{name}'" for name in PAPER_NAMES)
        raise RequestError(f"Invalid value for '--paper': '{paper}' is not one of {choices}.")
    options = Options.resolve(
        loaded.club, paper=paper or None, size=size or None, templates=templates
    )
    if size and size not in card_sizes(templates):
        check_size(options)  # the CLI's message, with its did-you-mean
    codes = languages(lang) if lang else ()
    if len(codes) > 1:
        raise RequestError(f"--lang {lang}: this command prints one language at a time")
    code = codes[0] if codes else (loaded.club.languages or (None,))[0]
    if code is not None and code not in available(templates):
        # load_labels says so in the CLI's words; a code that is not one is refused before it
        # could name a file, and one that is stops at the list of catalogues above
        problem = language_problem(code)
        raise LayoutError(
            f"--lang {code}: {problem}" if problem else _no_catalogue(code, templates)
        )
    return in_language(loaded.library, options, code)


def _no_catalogue(code: str, templates: Path | None) -> str:
    return (
        f'--lang {code}: no catalogue of printed words for the language "{code}" '
        f"(languages: {', '.join(available(templates))}); to add it, copy lang/en.toml from "
        f"the built-in layouts to lang/{code}.toml in your layout folder, translate it and "
        "pass --templates with that folder"
    )
