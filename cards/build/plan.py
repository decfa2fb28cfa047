"""`drillcards build`: every product from one library, rendered first, then written."""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..data.dates import build_date
from ..data.labels import labels_of
from ..data.model import Library
from ..data.selection import select_session
from ..errors import NOT_PRINTABLE, OutputError, gathered
from ..options import DEFAULTS, Options
from ..products.deck import render_cards
from ..products.handout import render_handout
from ..products.preview import thumbnail
from ..products.session import render_session
from ..products.sheet import render_sheet
from ..products.site import (
    PICTURES,
    SHEET_THUMB,
    SITE,
    STATIC,
    SiteResult,
    index_html,
    logo_name,
    picture_file,
    picture_name,
    static_files,
)
from .chunks import CACHE, ChunkStore
from .fingerprint import Fingerprints
from .output import check_target, write_atomic
from .parallel import run_jobs

HANDOUT = Path("handout.pdf")
CARDS = Path("cards.pdf")
INDEX = Path("index.html")  # the web site's page
# What the builds wrote into the folder and what each file was made from (JSON): how --clean
# knows its own files, and how a rebuild knows which files are still up to date.
MANIFEST = Path(".drillcards-build")
_SHEETS_PER_JOB = 25  # drill sheets a worker makes at a time


@dataclass(frozen=True)
class Product:
    """One file a build makes: cards.pdf, a drill sheet, a session sheet or the handout."""

    path: Path
    kind: str  # "cards" | "sheet" | "session" | "handout"
    ident: str = ""  # the drill's or session's id
    inputs: str = ""  # hash of everything the file is made from (fingerprint.py)
    also: tuple[Path, ...] = ()  # files made with it: the site's copy, a thumbnail

    @property
    def paths(self) -> tuple[Path, ...]:
        return (self.path, *self.also)


@dataclass(frozen=True)
class Made:
    """What rendering one product gave: its PDF, or the problems that stopped it."""

    product: Product
    pdf: bytes | None
    pages: int = 0
    warnings: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    error: type | None = None  # FitError or GlyphError when there are problems
    chunks: dict[str, tuple[bytes, tuple[str, ...]]] = field(default_factory=dict)  # made now
    chunks_used: frozenset[str] = frozenset()
    also: dict[Path, bytes] = field(default_factory=dict)  # the product's other files


@dataclass
class BuildResult:
    files: dict[Path, bytes]  # relative path → PDF made by this build, in the order written
    pages: dict[Path, int]  # every product, made now or kept
    summary: list[str]
    warnings: list[str] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)  # up to date from an earlier build
    record: dict[str, dict] = field(default_factory=dict)  # what MANIFEST will hold
    chunks: dict[str, bytes] = field(default_factory=dict)  # made now, to keep in CACHE
    chunk_record: dict[str, dict] = field(default_factory=dict)  # every chunk in use


def build_steps(library: Library) -> int:
    """How many products render_all makes, for a progress bar."""
    return 4 + len(library.drills) + len(library.sessions)


def products(
    library: Library, fingerprints: Fingerprints | None = None, club=None
) -> list[Product]:
    """Every file a build of the library makes, in the order they are written; the web site
    (site/) takes its copies and thumbnails of the sheets with the sheets themselves."""

    def of(kind, path, ident="", item=None, also=()):
        inputs = (
            ""
            if fingerprints is None
            else getattr(fingerprints, kind)(*([item] if item is not None else []))
        )
        return Product(path, kind, ident, inputs, tuple(also))

    site = SITE
    logo = [site / logo_name(club)] if logo_name(club) else []
    return [
        of("cards", CARDS, also=[site / CARDS]),
        *(
            of(
                "sheet",
                Path("sheets") / f"{d.id}.pdf",
                d.id,
                d,
                [
                    site / "sheets" / f"{d.id}.pdf",
                    site / "previews" / f"{d.id}-sheet.png",
                    *([site / picture_name(d)] if d.picture else []),
                ],
            )
            for d in library.drills
        ),
        *(
            of(
                "session",
                Path("sessions") / f"{s.id}.pdf",
                s.id,
                s,
                [site / "sessions" / f"{s.id}.pdf", site / "previews" / f"{s.id}-session.png"],
            )
            for s in library.sessions
        ),
        of("handout", HANDOUT, also=[site / HANDOUT]),
        of("site_page", site / INDEX),
        of("site_static", site / STATIC[0], also=[*(site / name for name in STATIC[1:]), *logo]),
    ]


def render_all(
    library: Library,
    options: Options = DEFAULTS,
    progress: Callable[[str], None] | None = None,
    out_dir: str | Path | None = None,
    force: bool = False,
    languages: tuple[tuple[str, str], ...] = (),
) -> BuildResult:
    """Render every product in memory, so a mistake anywhere writes nothing at all.

    A drill that does not fit or uses a character the font lacks is noted and the rest goes on,
    so one run reports every such problem; a broken layout stops at once. With `jobs` > 1 the
    products are made in that many processes (options.jobs), byte for byte the same. With
    `out_dir`, the folder
    of an earlier build: a file there whose inputs are unchanged is kept, not made again, and so
    is each chunk of the cards and handout (unless `force`). `languages`: (code, name) of every
    language built side by side (out/de/, out/fr/), which the site's page links.
    """
    step = progress or (lambda label: None)
    jobs = options.jobs
    cover_date = labels_of(library).date(build_date())
    fingerprints = Fingerprints(
        library, options.templates, options.paper, options.size, options.club, cover_date, languages
    )
    everything = products(library, fingerprints, options.club)
    reuse = None if force or out_dir is None else Path(out_dir)
    manifest = _read_manifest(reuse) if reuse else {}
    known = _chunks_in(manifest)
    kept = _up_to_date(everything, reuse)
    for product in kept:
        step(str(product.path))
    to_make = [p for p in everything if p.path not in {k.path for k in kept}]

    # one store per process: the cards and the handout share their chunks of cards
    store = ChunkStore(reuse / CACHE if reuse else None, fingerprints.base, known)

    def work(batch: tuple[Product, ...]) -> list[Made]:
        return [_make(product, library, options, store, languages) for product in batch]

    def done(made: list[Made]) -> None:
        for one in made:
            step(str(one.product.path))

    handout = [p for p in to_make if p.kind == "handout"]
    others = [p for p in to_make if p.kind != "handout"]
    batches = _batches(others, jobs)
    if jobs > 1:  # the handout takes longest: it starts first, beside everything else
        made = [
            m
            for ms in run_jobs(work, [tuple(handout), *batches] if handout else batches, jobs, done)
            for m in ms
        ]
    else:  # one process: the handout last, and only when nothing else failed
        made = [m for ms in run_jobs(work, batches, 1, done) for m in ms]
        if handout and not any(m.problems for m in made):
            made.extend(run_jobs(work, [tuple(handout)], 1, done)[0])
    return _result(library, everything, kept, made, manifest, known)


def render_site(library: Library, options: Options = DEFAULTS, languages: tuple = ()) -> SiteResult:
    """Every file of the web site, in memory; nothing written: what a build puts in site/, by
    the one rule of products() (a product's copies and thumbnails go with it). `languages`:
    (code, name) of each language built beside this one into out/CODE/, which the page links."""
    built = render_all(library, options, languages=languages)
    files = {
        path.relative_to(SITE): data
        for path, data in built.files.items()
        if path.parts[0] == SITE.name
    }
    return SiteResult(files, len(library.drills), len(library.sessions), built.warnings)


def _batches(items: list[Product], jobs: int) -> list[tuple[Product, ...]]:
    """cards.pdf, each session and the site's page alone; drill sheets and the site's cards a
    few at a time (less to hand around)."""
    batches = [(p,) for p in items if p.kind in ("cards", "session", "site_page", "site_static")]
    sheets = [p for p in items if p.kind == "sheet"]
    size = 1 if jobs <= 1 else max(1, min(_SHEETS_PER_JOB, len(sheets) // (4 * jobs)))
    batches.extend(tuple(sheets[i : i + size]) for i in range(0, len(sheets), size))
    return batches


def _make(
    product: Product, library: Library, options: Options, store: ChunkStore, languages: tuple = ()
) -> Made:
    render = {
        "cards": lambda: render_cards(library, options, store=store),
        "sheet": lambda: render_sheet(library, options, product.ident),
        "session": lambda: render_session(library, options, select_session(library, product.ident)),
        "handout": lambda: render_handout(
            library, options, everything=True, cards=True, store=store
        ),
        "site_page": lambda: SitePage(
            {INDEX: index_html(library, options, languages).encode()}, INDEX
        ),
        "site_static": lambda: SitePage(
            static_files(options.club, options.templates), Path(STATIC[0])
        ),
    }[product.kind]
    before, store.used = set(store.made), set()
    try:
        result = render()
    except NOT_PRINTABLE as err:
        return Made(product, None, problems=tuple(err.problems or [str(err)]), error=type(err))
    pages = getattr(result, "pages", 1)
    made_now = {key: value for key, value in store.made.items() if key not in before}
    also = {}
    for path in product.also:  # the site's copy of a PDF, its thumbnail, or a page's file
        if isinstance(result, SitePage):
            also[path] = result.files[path.relative_to(SITE)]
        elif path.parent == SITE / PICTURES:  # the drill's picture, shown on the page
            also[path] = picture_file(library.drill(product.ident))
        else:
            also[path] = (
                thumbnail(result.pdf, 0, SHEET_THUMB) if path.suffix == ".png" else result.pdf
            )
    return Made(
        product,
        result.pdf,
        pages,
        tuple(result.warnings),
        chunks=made_now,
        chunks_used=frozenset(store.used),
        also=also,
    )


@dataclass(frozen=True)
class SitePage:
    """The site's page, style, script and logo; `main` is the product's own file, the others
    are found in `files` by the product's `also`."""

    files: dict[Path, bytes]
    main: Path
    pages: int = 0
    warnings: tuple[str, ...] = ()

    @property
    def pdf(self) -> bytes:  # what a product's main file is called, PDF or not
        return self.files[self.main]


def _result(
    library: Library,
    everything: list[Product],
    kept: list[Product],
    made: list[Made],
    manifest: dict,
    known: dict[str, dict],
) -> BuildResult:
    problems = [p for m in made if m.product.kind != "handout" for p in m.problems] or [
        p for m in made for p in m.problems
    ]
    if problems:
        unique = list(dict.fromkeys(problems))
        raise gathered(
            f"{_count(len(unique), 'problem')} in {library.source}; nothing was written:",
            unique,
            {m.error for m in made if m.error},
        )
    previous = _products_in(manifest)
    by_path = {m.product.path: m for m in made}
    files, pages, record, warnings = {}, {}, {}, []
    for product in everything:
        key = product.path.as_posix()
        if product.path in by_path:
            one = by_path[product.path]
            files[product.path] = one.pdf
            record[key] = {
                "inputs": product.inputs,
                "sha256": hashlib.sha256(one.pdf).hexdigest(),
                "bytes": len(one.pdf),
                "pages": one.pages,
                "warnings": list(one.warnings),
            }
            for path, data in one.also.items():
                files[path] = data
                record[path.as_posix()] = {
                    "inputs": product.inputs,
                    "of": key,
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "bytes": len(data),
                    "pages": 0,
                    "warnings": [],
                }
        else:
            record[key] = previous[key]
            for path in product.also:
                record[path.as_posix()] = previous[path.as_posix()]
        pages[product.path] = record[key]["pages"]
        if product.kind == "cards":
            warnings.extend(record[key]["warnings"])
    sessions = [p.path for p in everything if p.kind == "session"]
    summary = [
        f"cards.pdf: {_count(len(library.drills), 'card')} on {_count(pages[CARDS], 'page')}",
        f"sheets/: {_count(len(library.drills), 'drill sheet')}",
        f"sessions/: {_count(len(sessions), 'session sheet')}, "
        f"{_count(sum(pages[p] for p in sessions), 'page')}",
        f"handout.pdf: {_count(pages[HANDOUT], 'page')}, "
        f"{record[HANDOUT.as_posix()]['bytes']:,} bytes",
        f"site/: a web page of {_count(len(library.drills), 'drill')} and "
        f"{_count(len(sessions), 'session')} with every file it links to (site/index.html)",
    ]
    chunks, chunk_record = {}, {}
    for one in made:
        for key, (pdf, chunk_warnings) in one.chunks.items():
            chunks[key] = pdf
            chunk_record[key] = {
                "sha256": hashlib.sha256(pdf).hexdigest(),
                "warnings": list(chunk_warnings),
            }
    for key in sorted({key for one in made for key in one.chunks_used} - chunks.keys()):
        chunk_record[key] = known[key]
    if not {"cards", "handout"} <= {one.product.kind for one in made}:
        for key, entry in known.items():  # a kept product's chunks stay: the next edit needs them
            chunk_record.setdefault(key, entry)
    return BuildResult(
        files,
        pages,
        summary,
        list(dict.fromkeys(warnings)),
        [p.path for p in kept],
        record,
        chunks,
        chunk_record,
    )


def _up_to_date(everything: list[Product], folder) -> list[Product]:
    """The products an earlier build in folder made from the same inputs, whose files are still
    there as that build wrote them."""
    if folder is None:
        return []
    folder = Path(folder)
    previous = _read_record(folder)
    kept = []
    for product in everything:
        if all(
            _still_there(folder, path, previous.get(path.as_posix()), product.inputs)
            for path in product.paths
        ):
            kept.append(product)
    return kept


def _still_there(folder: Path, path: Path, entry: dict | None, inputs: str) -> bool:
    """The file was made from these inputs and is as the build wrote it."""
    if not entry or entry.get("inputs") != inputs:
        return False
    try:
        data = (folder / path).read_bytes()
    except OSError:
        return False
    return hashlib.sha256(data).hexdigest() == entry.get("sha256")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _is_product(relative: str) -> bool:
    """A path a build may write: cards.pdf, handout.pdf, sheets/<id>.pdf, sessions/<id>.pdf, and
    the same under site/ with site/previews/<name>.png, site/pictures/<id>.svg and the page."""
    parts = relative.split("/")
    if parts[0] == SITE.name and len(parts) > 1:
        if len(parts) == 2:
            return (
                parts[1] in ("index.html", *STATIC, "handout.pdf", "cards.pdf")
                or re.fullmatch(r"logo\.(png|jpe?g)", parts[1]) is not None
            )
        if len(parts) == 3 and parts[1] == "previews":
            return parts[2].endswith(".png") and not parts[2].startswith(".")
        if len(parts) == 3 and parts[1] == PICTURES.name:
            return re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*\.(png|jpg|svg)", parts[2]) is not None
        return len(parts) == 3 and _is_product_file(parts[1:], ("sheets", "sessions"))
    if len(parts) == 1:
        return relative in ("cards.pdf", HANDOUT.as_posix())
    return _is_product_file(parts, ("sheets", "sessions"))


def _is_product_file(parts: list[str], folders: tuple[str, ...]) -> bool:
    return (
        len(parts) == 2
        and parts[0] in folders
        and parts[1].endswith(".pdf")
        and parts[1] not in (".pdf", "..pdf")
        and not parts[1].startswith(".")
    )


def _read_manifest(out_dir: Path) -> dict:
    """MANIFEST as written: {"products": {path: what it was made from}, "left": [paths]}."""
    try:
        text = (out_dir / MANIFEST).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}  # no build here yet: nothing is stale, nothing can be kept
    try:
        data = json.loads(text)
    except ValueError:  # the record of a build from before it was JSON: one path a line
        return {"left": text.splitlines()}
    return data if isinstance(data, dict) else {}


def _read_record(out_dir: Path) -> dict[str, dict]:
    return _products_in(_read_manifest(out_dir))


def _chunks_in(manifest: dict) -> dict[str, dict]:
    """The chunks kept in CACHE, by key (a sha256, which is also the file's name)."""
    chunks = manifest.get("chunks")
    if not isinstance(chunks, dict):
        return {}
    return {
        key: entry
        for key, entry in chunks.items()
        if re.fullmatch(r"[0-9a-f]{64}", key)
        and isinstance(entry, dict)
        and isinstance(entry.get("warnings", []), list)
    }


def _products_in(manifest: dict) -> dict[str, dict]:
    products = manifest.get("products")
    if not isinstance(products, dict):
        return {}
    return {
        path: entry
        for path, entry in products.items()
        if _is_product(path) and isinstance(entry, dict)
    }


def _recorded(out_dir: Path) -> list[str]:
    """The products the builds before wrote into out_dir, as recorded in MANIFEST."""
    manifest = _read_manifest(out_dir)
    left = manifest.get("left")
    paths = [*_read_record(out_dir), *(left if isinstance(left, list) else [])]
    return [path for path in dict.fromkeys(paths) if isinstance(path, str) and _is_product(path)]


def stale_files(result: BuildResult, out_dir: str | Path) -> list[Path]:
    """PDFs an earlier build wrote in out_dir that this build no longer produces (a deleted
    drill). Only files a build wrote count: a session sheet made with `drillcards session` into
    out/sessions/ is the coach's, never stale."""
    out_dir = Path(out_dir)
    produced = set(result.record)
    return [
        out_dir / relative
        for relative in sorted(_recorded(out_dir))
        if relative not in produced and (out_dir / relative).is_file()
    ]


def write_all(result: BuildResult, out_dir: str | Path, clean: bool = False) -> list[Path]:
    """Write every file atomically under out_dir; with clean, remove stale PDFs afterwards.

    MANIFEST records what builds wrote and has not been removed, so a later build knows which
    PDFs are its own."""
    out_dir = Path(out_dir)
    stale = stale_files(result, out_dir)
    targets = [
        *(out_dir / relative for relative in result.files),
        *(out_dir / CACHE / f"{key}.pdf" for key in result.chunks),
        out_dir / MANIFEST,
    ]
    for target in targets:  # every one refused before any is written
        check_target(target, out_dir)
    written = [
        write_atomic(out_dir / relative, data, out_dir) for relative, data in result.files.items()
    ]
    for key, data in result.chunks.items():  # for the next build; only the record trusts them
        write_atomic(out_dir / CACHE / f"{key}.pdf", data, out_dir)
    kept = stale
    if clean:
        kept = []
        for path in stale:
            try:
                path.unlink()
            except FileNotFoundError:
                pass
            except OSError as err:
                kept = [p for p in stale if p.exists()]
                write_atomic(out_dir / MANIFEST, _manifest(result, out_dir, kept))
                raise OutputError(f"{path}: could not be removed ({err.strerror})") from err
    write_atomic(out_dir / MANIFEST, _manifest(result, out_dir, kept))
    _prune_chunks(out_dir / CACHE, result.chunk_record)
    return written


def _prune_chunks(folder: Path, keep: dict[str, dict]) -> None:
    """Remove the chunks no product uses any more (a drill edited or deleted)."""
    if not folder.is_dir():
        return
    for path in folder.glob("*.pdf"):
        if path.stem not in keep:
            with contextlib.suppress(OSError):
                path.unlink()


def _manifest(result: BuildResult, out_dir: Path, left: list[Path]) -> bytes:
    data = {
        "products": result.record,
        "chunks": result.chunk_record,
        "left": sorted(path.relative_to(out_dir).as_posix() for path in left),
    }
    return (json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()
