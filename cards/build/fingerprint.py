"""What each product of a build is made from, as one content hash per product.

A product's hash covers the tool itself (its version and code), every layout and font file it
may read, the club file and logo, the build's options and stored date, and the drills and
sessions the product prints, with the pictures they show: a drill's Picture is known by the
sha256 of its bytes (in its repr), so editing a picture makes again exactly the files that show
it. When a later build finds the same hash recorded beside an unchanged file, that file is
still right and is not made again.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from .. import __version__
from ..data.labels import labels_of
from ..data.model import Drill, Library, Session
from ..resources import builtin_templates, font_dir

_PACKAGE = Path(__file__).resolve().parent.parent  # cards/


def _hash(parts: Iterable[str | bytes]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))  # so ("ab", "c") differs from ("a", "bc")
        digest.update(data)
    return digest.hexdigest()


def _folder(folder: Path) -> Iterable[str | bytes]:
    """Every file under folder: its relative name and its bytes."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        yield path.relative_to(folder).as_posix()
        yield path.read_bytes()


def _tool() -> Iterable[str | bytes]:
    """The version and the code: a changed module (a fix, a checkout) makes everything again."""
    yield __version__
    for path in sorted(_PACKAGE.rglob("*.py")):
        yield path.relative_to(_PACKAGE).as_posix()
        yield path.read_bytes()


class Fingerprints:
    """The input hash of every product one build of `library` can make."""

    def __init__(
        self,
        library: Library,
        templates: str | Path | None,
        paper: str,
        size: str,
        club,
        cover_date: str,
        languages: tuple = (),
    ) -> None:
        self._library = library
        self._cover_date = cover_date
        self._languages = languages
        logo = club.logo.read_bytes() if club is not None and club.logo else b""
        self.base = _hash(
            [
                *_tool(),
                *_folder(builtin_templates()),
                *_folder(font_dir()),
                *(_folder(Path(templates)) if templates is not None else ()),
                repr(club),
                logo,
                paper,
                size,
                library.language,
                repr(labels_of(library)),  # the printed words
                os.environ.get("SOURCE_DATE_EPOCH", ""),  # the date stored in every PDF
            ]
        )

    def _of(self, kind: str, *data: object) -> str:
        return _hash([self.base, kind, *map(repr, data)])

    def cards(self) -> str:
        return self._of("cards", self._library.drills)

    def sheet(self, drill: Drill) -> str:
        return self._of("sheet", drill)

    def session(self, session: Session) -> str:
        used = [self._library.drill(item.drill) for item in session.items]
        return self._of("session", session, used)

    def site_static(self) -> str:  # the style, the script and the logo: layouts and club
        return self._of("site_static")

    def site_page(self) -> str:
        return self._of("site_page", self._library.drills, self._library.sessions, self._languages)

    def handout(self) -> str:
        return self._of("handout", self._library.drills, self._library.sessions, self._cover_date)
