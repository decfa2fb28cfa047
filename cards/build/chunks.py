"""Long PDFs in chunks: groups of pages drawn on their own, kept between builds, then joined.

A deck of a thousand A7 cards is 25 chunks of 10 sheets. Editing one drill changes one chunk; a
build keeps the other 24 (in the out folder's `.drillcards-cache/`) and only joins them again,
which is much quicker than drawing them. Every chunk's canvas first registers the library's
characters in one fixed order, so every chunk embeds the same font subsets, and joining keeps
one copy of each: the whole is about as small as one canvas would have made it.
"""

from __future__ import annotations

import hashlib
import io
import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from ..data.labels import labels_of
from ..data.model import Library
from ..render.faces import printed_fields

CACHE = Path(".drillcards-cache")
CARD_SHEETS_PER_CHUNK = 10  # sheets of cards, each a page of fronts and a page of backs
DRILL_SHEETS_PER_CHUNK = 25  # drill sheets in a handout

# What layouts print besides the drills' own text: labels, bullets, dates, page numbers.
# "\u2010": the hyphen of a word broken at a line's end; "\xa0": no-break spaces (textfit)
_LAYOUT_CHARS = string.printable.strip() + " ·•✗→–—×°…’“”\u2010\xa0«»"


_LAST: list = [None, ""]  # the library asked about last, and its characters


def library_chars(library: Library) -> str:
    """Every character the library's drills and sessions may print, in one fixed order."""
    if _LAST[0] is library:
        return _LAST[1]
    chars = set(_LAYOUT_CHARS)
    for drill in library.drills:
        for _, text in printed_fields(drill):
            chars.update(text)
    for session in library.sessions:
        chars.update(repr(session))  # titles, notes, warm-up, cool-down: more is harmless
    chars.update(labels_of(library).characters())  # the language's labels and dates
    _LAST[:] = [library, "".join(sorted(chars))]
    return _LAST[1]


@dataclass
class ChunkStore:
    """Chunks an earlier build kept, and the chunks made now (for the build to keep).

    `known` maps a chunk's key to what the record says of it (its sha256 and warnings); a chunk
    is only taken from the folder when its bytes still match."""

    folder: Path | None = None
    context: str = ""  # hash of everything every chunk depends on (tool, layouts, club …)
    known: dict[str, dict] = field(default_factory=dict)
    made: dict[str, tuple[bytes, tuple[str, ...]]] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)

    def key(self, kind: str, *inputs: object) -> str:
        digest = hashlib.sha256()
        for part in (self.context, kind, *map(repr, inputs)):
            data = part.encode("utf-8")
            digest.update(len(data).to_bytes(8, "big") + data)
        return digest.hexdigest()

    def get(
        self, key: str, render: Callable[[], tuple[bytes, Iterable[str]]]
    ) -> tuple[bytes, tuple[str, ...]]:
        """The chunk's PDF and warnings: kept from before, made earlier in this run, or made."""
        self.used.add(key)
        if key in self.made:
            return self.made[key]
        entry = self.known.get(key)
        if self.folder is not None and entry:
            try:
                data = (self.folder / f"{key}.pdf").read_bytes()
            except OSError:
                data = b""
            if hashlib.sha256(data).hexdigest() == entry.get("sha256"):
                return data, tuple(entry.get("warnings", ()))
        pdf, warnings = render()
        self.made[key] = (pdf, tuple(warnings))
        return self.made[key]


def chunk(
    store: ChunkStore | None,
    kind: str,
    inputs: tuple,
    render: Callable[[], tuple[bytes, Iterable[str]]],
) -> tuple[bytes, tuple[str, ...]]:
    """render() the chunk, or take it from the store when one is given."""
    if store is None:
        pdf, warnings = render()
        return pdf, tuple(warnings)
    return store.get(store.key(kind, *inputs), render)


def join(parts: list[bytes], writer: PdfWriter | None = None) -> PdfWriter:
    """The parts' pages, one after the other, in one writer."""
    writer = writer or PdfWriter()
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part)))
    return writer


def finish(writer: PdfWriter, metadata: dict[str, str]) -> bytes:
    """Keep one copy of what the parts share (the font subsets) and write the PDF."""
    # each pass merges what only differed by references to objects the pass before merged:
    # font programs, then their descriptors, then the font dictionaries
    for _ in range(3):
        writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    writer.add_metadata(metadata)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def joined(parts: list[bytes], title: str, subject: str) -> bytes:
    """One PDF of the parts, titled; a single part is already that PDF."""
    if len(parts) == 1:
        return parts[0]
    info = PdfReader(io.BytesIO(parts[0])).metadata or {}
    metadata = {key: str(value) for key, value in info.items()}
    return finish(join(parts), {**metadata, "/Title": title, "/Subject": subject})
