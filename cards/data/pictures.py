"""Pictures a drill names, read as untrusted input: found in the drills file's folder, capped
before reading, recognised by their content, sized from the header before anything decodes
them; an SVG refused when it could reach outside itself (a DOCTYPE or entity, a script, a link
or a file it names), before svglib ever sees it, and when svglib cannot draw it as written."""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import logging
import math
import os
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath, PureWindowsPath

from lxml import etree
from PIL import Image

from .model import Picture
from .quoting import quoted
from .validation import FileRefused, did_you_mean, looks_like, read_capped

MAX_BYTES = 20_000_000  # a picture file, as for a club's logo
SVG_MAX_BYTES = 5_000_000  # an SVG is text: line art is a few kB, a detailed drawing 1 MB
MAX_SIDE = 10_000  # pixels
# Decoded, a picture takes 4 bytes a pixel: 16 megapixels (a 12-megapixel phone photo fits)
# keeps decoding one under 100 MB; a sheet needs 2,000 pixels across at most.
MAX_PIXELS = 16_000_000
SVG_MAX_ELEMENTS = 50_000
_SMALLER = "Save a smaller copy: 2,000 pixels across is plenty for a drill sheet"

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
# What svglib draws (shapes, text, groups, references inside the file, gradients) and what it
# may skip because it holds nothing to see; any other SVG element would print otherwise than
# the picture looks in a browser, so it is refused.
_DRAWN = frozenset(
    {
        "svg",
        "g",
        "defs",
        "symbol",
        "use",
        "switch",
        "a",
        "style",
        "clipPath",
        "linearGradient",
        "radialGradient",
        "stop",
        "circle",
        "ellipse",
        "line",
        "path",
        "polygon",
        "polyline",
        "rect",
        "text",
        "tspan",
        "image",
    }
)
_UNSEEN = frozenset({"title", "desc", "metadata"})
_CODE = frozenset({"script", "handler", "listener", "foreignObject", "iframe"})
_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.I | re.S)
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.I)
_DATA_IMAGE = re.compile(r"data:image/(png|jpe?g);base64,(.*)", re.I | re.S)


class PictureRefused(Exception):
    """Why a picture cannot be used, in words that follow its name."""


@dataclass(frozen=True)
class SvgFile:
    """An SVG checked and made self-contained: the pictures it shows from the drills folder are
    inside it, so it draws, and shows on the web page, with nothing else."""

    data: bytes
    drawing: object  # reportlab.graphics.shapes.Drawing


def check_picture(written: str, folder: Path) -> Picture:
    """The picture `written` (a path relative to `folder`, the drills file's), found and checked;
    PictureRefused saying why not."""
    path = _inside(written, folder)
    data = _read(path, written, folder)
    if not data:
        raise PictureRefused(f"{quoted(written)} is empty; export the picture again")
    kind = _kind(data)
    if kind == "svg":
        svg = read_svg(data, path, folder)
        drawing = svg.drawing
        picture = Picture(
            "svg",
            hashlib.sha256(svg.data).hexdigest(),
            drawing.width,
            drawing.height,
            path=path,
            written=written,
        )
        _DRAWINGS[picture.sha256] = svg
        return picture
    if kind is None:
        raise PictureRefused(
            f"{quoted(written)} is not a PNG, JPEG or SVG picture"
            f"{looks_like(data[:16])}; save it as PNG, JPEG or SVG"
        )
    width, height = raster_size(data, kind, quoted(written))
    _check_decodes(data, kind, quoted(written))
    return Picture(
        kind, hashlib.sha256(data).hexdigest(), width, height, path=path, written=written
    )


def _inside(written: str, folder: Path) -> Path:
    """The file a drills file names, which must be in its folder or below it: a shared drills
    file may not put a coach's other files into the PDFs and the web page."""
    shown = quoted(written)
    if "\\" in written:
        raise PictureRefused(
            f'write the path with "/" between folders, such as '
            f'"images/pogo-jumps.png" (got {shown})'
        )
    if PurePosixPath(written).is_absolute() or PureWindowsPath(written).drive:
        raise PictureRefused(
            f"must be a path relative to the drills file, such as "
            f'"images/pogo-jumps.png" (got {shown}); copy the picture into '
            "the drills file's folder"
        )
    path = Path(os.path.abspath(folder)) / written  # ".." kept: _root_of counts the parts
    root = os.path.realpath(folder)
    if os.path.commonpath([root, os.path.realpath(path)]) != root:
        raise PictureRefused(
            f"{shown} is outside the drills file's folder; pictures must be in "
            "that folder or a folder inside it: copy it there"
        )
    return path


def _read(path: Path, written: str, folder: Path) -> bytes:
    try:
        return read_capped(path, MAX_BYTES, name=written, what="a picture", large_hint=_SMALLER)
    except FileRefused as err:
        if err.missing:
            raise PictureRefused(_missing(written, folder, err.problem)) from err
        raise PictureRefused(f"{quoted(written)} {err.problem}") from err


def _missing(written: str, folder: Path, problem: str) -> str:
    """'no such file', with the file or folder that was probably meant."""
    message = f"{quoted(written)}: {problem}"
    parts = PurePosixPath(written).parts
    here = folder
    for depth, part in enumerate(parts[:-1]):
        if (here / part).is_dir():
            here = here / part
            continue
        try:
            folders = [entry.name for entry in os.scandir(here) if entry.is_dir()]
        except OSError:
            break
        meant = did_you_mean(part, folders)
        if meant:
            fixed = PurePosixPath(*parts[:depth], meant, *parts[depth + 1 :]).as_posix()
            message += f"; there is no folder {quoted(part)}: did you mean {quoted(fixed)}?"
        break
    return message + ". The path is relative to the drills file's folder."


def _kind(data: bytes) -> str | None:
    """png, jpeg or svg, by the file's content whatever its name."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    text = _head_text(data[:4096]).lstrip("\ufeff \t\r\n")
    if text.startswith("<") and re.search(r"<(\w+:)?svg[\s>/]", text):
        return "svg"
    return None


def _head_text(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", "replace")
    if head[:2] in (b"<\x00", b"\x00<"):
        return head.decode("utf-16-le" if head[0] else "utf-16-be", "replace")
    return head.decode("utf-8", "replace")


# ------------------------------------------------------------------------------- raster


def raster_size(data: bytes, kind: str, shown: str) -> tuple[int, int]:
    """Width and height from the header alone; a picture with too many pixels is refused before
    a pixel is decoded (a small file can claim to be huge)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the checks here decide, not Pillow's warnings
            with Image.open(io.BytesIO(data), formats=[kind.upper()]) as image:
                width, height = image.size
                # a JPEG's EXIF is in its header (a PNG's may follow the pixels: not read)
                if kind == "jpeg" and image.getexif().get(0x0112) in (5, 6, 7, 8):
                    width, height = height, width  # shown turned a quarter
    except Image.DecompressionBombError as err:  # Pillow's own limit, far above ours
        width, height = _png_size(data) if kind == "png" else (0, 0)
        size = f" is {width} × {height} pixels and" if width else ""
        raise PictureRefused(
            f"{shown}{size} has too many pixels; a picture is at most "
            f"{MAX_SIDE:,} pixels on a side and {MAX_PIXELS / 1e6:g} "
            f"megapixels. {_SMALLER}"
        ) from err
    except Exception as err:  # Pillow raises many kinds on a broken header
        raise PictureRefused(
            f"{shown} is a damaged {kind.upper()} image (its header cannot be "
            "read); export it again"
        ) from err
    if max(width, height) > MAX_SIDE:
        raise PictureRefused(
            f"{shown} is {width} × {height} pixels; a picture is at most "
            f"{MAX_SIDE:,} pixels on a side. {_SMALLER}"
        )
    if width * height > MAX_PIXELS:
        raise PictureRefused(
            f"{shown} is {width} × {height} pixels, "
            f"{width * height / 1e6:.0f} megapixels; a picture is at most "
            f"{MAX_PIXELS / 1e6:g} megapixels. {_SMALLER}"
        )
    if not width or not height:
        raise PictureRefused(f"{shown} has no pixels ({width} × {height}); export it again")
    return width, height


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's first chunk (IHDR), as the file states them."""
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _check_decodes(data: bytes, kind: str, shown: str) -> None:
    """Check the data decodes without holding every pixel: a PNG's chunks and their checksums,
    a JPEG decoded at an eighth of its size (every byte is still read)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data), formats=[kind.upper()]) as image:
                if kind == "png":
                    image.verify()
                else:
                    image.draft(image.mode, (max(1, image.width // 8), max(1, image.height // 8)))
                    image.load()
    except Exception as err:  # Pillow raises many kinds on broken data; all mean the same here
        detail = (str(err).splitlines() or [""])[0][:80] or type(err).__name__
        raise PictureRefused(
            f"{shown} is a damaged or incomplete {kind.upper()} image ({detail}); export it again"
        ) from err


# ---------------------------------------------------------------------------------- SVG

_DRAWINGS: dict[str, SvgFile] = {}  # by the sha256 of the checked SVG: read once per process


def svg_file(picture: Picture) -> SvgFile:
    """The checked SVG of a picture: as read when the library was, or read again (another
    process); PictureRefused if the file changed since."""
    found = _DRAWINGS.get(picture.sha256)
    if found is None:
        data = _read(picture.path, picture.written, picture.path.parent)
        root = _root_of(picture)
        found = read_svg(data, picture.path, root)
        if hashlib.sha256(found.data).hexdigest() != picture.sha256:
            raise PictureRefused(
                f"{quoted(picture.written)} changed while drillcards was printing; run it again"
            )
        _DRAWINGS[picture.sha256] = found
    return found


def _root_of(picture: Picture) -> Path:
    """The drills folder a picture was found in: its path less the path as written."""
    path = picture.path
    for _ in PurePosixPath(picture.written).parts:
        path = path.parent
    return path


def read_svg(data: bytes, path: Path, folder: Path) -> SvgFile:
    """An SVG checked for everything that could reach outside it, its pictures from the drills
    folder put inside it, and drawn by svglib; PictureRefused naming the first problem."""
    shown = quoted(path.name)
    if len(data) > SVG_MAX_BYTES:
        raise PictureRefused(
            f"{shown} is {len(data) / 1e6:.1f} MB; an SVG is at most "
            f"{SVG_MAX_BYTES / 1e6:g} MB. Simplify it, or export it as PNG"
        )
    if _DECLARATION.search(data) or _DECLARATION.search(_head_text(data).encode("utf-8")):
        raise PictureRefused(
            f"{shown} declares a DOCTYPE or entities, which can read other "
            "files or grow without end; export the SVG again without them (as "
            '"plain SVG")'
        )
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        recover=False,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as err:
        raise PictureRefused(
            f"{shown} is not a well-formed SVG (line {err.lineno}: {err.msg}); export it again"
        ) from err
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise PictureRefused(f"{shown} declares a DOCTYPE; export the SVG again without it")
    if root.tag != f"{{{SVG}}}svg":
        raise PictureRefused(
            f"{shown} is XML but not an SVG picture (its root is <{etree.QName(root).localname}>)"
        )
    _check_tree(root, path, folder, shown)
    prepared = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return SvgFile(prepared, _draw(root, shown))


def _check_tree(root, path: Path, folder: Path, shown: str) -> None:
    """Refuse what could reach outside the file or run code, or what svglib would not draw;
    put the pictures it names from the drills folder inside it, as data."""
    around = [*root.itersiblings(preceding=True), *root.itersiblings()]  # <?xml-stylesheet?>
    for count, node in enumerate([*around, *root.iter()], 1):  # entities and PIs too
        if count > SVG_MAX_ELEMENTS:
            raise PictureRefused(
                f"{shown} has more than {SVG_MAX_ELEMENTS:,} elements; simplify "
                "it, or export it as PNG"
            )
        if isinstance(node, etree._Entity):
            raise PictureRefused(
                f"{shown} uses the entity &{node.name}; which can read other "
                "files; export the SVG again without entities"
            )
        if isinstance(node, etree._ProcessingInstruction):
            raise PictureRefused(
                f"{shown} holds a processing instruction (<?{node.target} …?>), "
                "which can load other files; remove it"
            )
        name = etree.QName(node)
        if name.namespace == SVG:
            if name.localname in _CODE:
                raise PictureRefused(
                    f"{shown} holds <{name.localname}>, which can run code or "
                    "show a web page; a picture for print must not: remove it"
                )
            if name.localname not in _DRAWN | _UNSEEN:
                raise PictureRefused(
                    f"{shown} uses <{name.localname}>, which drillcards cannot draw in the PDF "
                    "(it draws shapes, text, gradients and pictures); flatten it in your editor "
                    "(Inkscape: Object to Path, Edit › Flatten) or export the picture as PNG"
                )
        elif name.namespace == "http://www.w3.org/2001/XInclude":
            raise PictureRefused(f"{shown} includes another file (<xi:include>); remove it")
        for key, value in node.attrib.items():
            attribute = etree.QName(key)
            if attribute.localname.lower().startswith("on"):
                raise PictureRefused(
                    f"{shown} has an event handler "
                    f"({attribute.localname}=…), which runs code; remove it"
                )
            if attribute.namespace == XML and attribute.localname == "base":
                raise PictureRefused(
                    f"{shown} sets xml:base, which makes its links point elsewhere; remove it"
                )
            if attribute.localname == "href":
                _check_href(node, key, value, path, folder, shown)
            _check_urls(value, shown)
        if name.localname == "style" and node.text:
            if "@import" in node.text.lower():
                raise PictureRefused(
                    f"{shown} imports a style sheet (@import), which loads "
                    "another file; put the styles in the SVG"
                )
            _check_urls(node.text, shown)


def _check_urls(text: str, shown: str) -> None:
    for match in _URL.finditer(text):
        target = match.group(2).strip()
        if not target.startswith("#"):
            raise PictureRefused(
                f"{shown} refers to {quoted(target[:60])} (url(…)), outside "
                "the picture; a picture must hold everything it shows"
            )


def _check_href(node, key: str, value: str, path: Path, folder: Path, shown: str) -> None:
    """A reference inside the file (#id) is fine; so is a PNG or JPEG, as data or as a file in
    the drills folder, shown by <image> (the file is put inside, as data). Nothing else."""
    target = value.strip()
    if target.startswith("#"):
        return
    local = etree.QName(node).localname
    if local != "image":
        raise PictureRefused(
            f"{shown} links to {quoted(target[:60])}, outside the picture; a "
            "picture must hold everything it shows: remove the link"
        )
    data_image = _DATA_IMAGE.fullmatch(target)
    if data_image:
        try:
            data = base64.b64decode(re.sub(r"\s+", "", data_image.group(2)), validate=True)
        except (binascii.Error, ValueError) as err:
            raise PictureRefused(
                f"{shown} holds a picture as data that is not valid base64; export the SVG again"
            ) from err
        kind = _kind(data)
        if kind not in ("png", "jpeg"):
            raise PictureRefused(f"{shown} holds a picture as data that is not a PNG or JPEG")
        raster_size(data, kind, f"a picture inside {shown}")
        _check_decodes(data, kind, f"a picture inside {shown}")
        return
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", target) or target.startswith("//"):
        raise PictureRefused(
            f"{shown} shows {quoted(target[:60])}, which is not in the drills "
            "folder (file:, http: and other addresses are refused); put the "
            "picture beside the SVG"
        )
    inner = path.parent / target
    root = os.path.realpath(folder)
    if (
        PurePosixPath(target).is_absolute()
        or os.path.commonpath([root, os.path.realpath(inner)]) != root
    ):
        raise PictureRefused(
            f"{shown} shows {quoted(target[:60])}, which is outside the drills "
            "file's folder; put the picture beside the SVG"
        )
    try:
        data = read_capped(inner, MAX_BYTES, name=target, what="a picture", large_hint=_SMALLER)
    except FileRefused as err:
        raise PictureRefused(f"{shown} shows {quoted(target[:60])}: {err.problem}") from err
    kind = _kind(data)
    if kind not in ("png", "jpeg"):
        raise PictureRefused(f"{shown} shows {quoted(target[:60])}, which is not a PNG or JPEG")
    raster_size(data, kind, quoted(target))
    _check_decodes(data, kind, quoted(target))
    node.set(key, f"data:image/{kind};base64,{base64.b64encode(data).decode('ascii')}")


class _Logged(logging.Handler):
    """What svglib says while it draws: a warning means the picture would print otherwise."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _draw(root, shown: str):
    """The SVG as a reportlab Drawing; refused when svglib fails or says it cannot draw part of
    it. Its text prints in the bundled DejaVu Sans, so no system font is looked up or left out
    of the PDF."""
    from svglib.svglib import SvgRenderer  # loaded for SVG pictures only

    _check_text(root, shown)
    logged = _Logged()
    logger = logging.getLogger("svglib")
    logger.addHandler(logged)
    try:
        drawing = SvgRenderer(None, font_map=_BundledFonts()).render(root)
    except (RecursionError, MemoryError) as err:
        raise PictureRefused(
            f"{shown} is nested too deeply for drillcards to draw; simplify it, or export it as PNG"
        ) from err
    except Exception as err:  # svglib raises many kinds on what it cannot read
        detail = (str(err).splitlines() or [""])[0][:100] or type(err).__name__
        raise PictureRefused(
            f"{shown} cannot be drawn ({detail}); export it again, or as PNG"
        ) from err
    finally:
        logger.removeHandler(logged)
    if logged.messages:
        raise PictureRefused(
            f"{shown} cannot be drawn as it looks (svglib: "
            f"{logged.messages[0][:120]}); export it again, or as PNG"
        )
    # reportlab starts every drawing in Helvetica, which would put an unembedded font in the PDF
    drawing.initialFontName = bundled_fonts().regular
    size = (drawing.width, drawing.height)
    if not all(isinstance(v, int | float) and math.isfinite(v) and 0 < v < 1e5 for v in size):
        raise PictureRefused(
            f"{shown} has no size drillcards can use (width and height "
            f"{size[0]!r} × {size[1]!r}); give the <svg> a viewBox"
        )
    return drawing


def _check_text(root, shown: str) -> None:
    fonts = bundled_fonts()
    for node in root.iter(f"{{{SVG}}}text", f"{{{SVG}}}tspan"):
        for text in (node.text, node.tail):
            missing = fonts.missing(text or "")
            if missing:
                from ..render.fonts import describe_char

                raise PictureRefused(
                    f"{shown} has text with the character "
                    f"{describe_char(missing)}, which the font DejaVu Sans "
                    "lacks; turn the text into paths in your editor"
                )


@lru_cache(maxsize=1)
def bundled_fonts():
    """DejaVu Sans, the font every SVG's text prints in."""
    from ..render.fonts import register_pair
    from ..resources import font_dir

    return register_pair(font_dir() / "DejaVuSans.ttf", font_dir() / "DejaVuSans-Bold.ttf")


class _BundledFonts:
    """svglib's font map: any family an SVG names is DejaVu Sans (bold for bold weights)."""

    def find_font(
        self, name: str, weight: str = "normal", style: str = "normal"
    ) -> tuple[str, bool]:
        fonts = bundled_fonts()
        bold = str(weight).strip().lower() in ("bold", "bolder", "600", "700", "800", "900")
        return (fonts.bold if bold else fonts.regular), True


def copy_pictures(pictures: Iterable[Picture], folder: Path) -> list[Path]:
    """Put pictures into folder at the paths the drills file gives them, so that a copy of the
    library there (an export, a starter folder) shows them too. A file already there with the
    same bytes is left as it is; another one is refused, never replaced. Returns those written."""
    from ..build.output import write_atomic  # the data stage writes only here and in exports
    from ..errors import OutputError

    written = []
    for picture in {p.written: p for p in pictures}.values():
        target = folder / picture.written
        if os.path.realpath(target) == os.path.realpath(picture.path):
            continue
        data = _read(picture.path, picture.written, picture.path.parent)
        if target.exists() or target.is_symlink():
            if target.is_file() and target.read_bytes() == data:
                continue
            raise OutputError(
                f"{target}: another file is already there; the library names "
                f"{quoted(picture.written)} for a picture, and drillcards never "
                "replaces a file it did not write. Move it, or write elsewhere"
            )
        written.append(write_atomic(target, data))
    return written


def picture_bytes(picture: Picture) -> bytes:
    """The picture's bytes as checked when the library was read: an SVG with the pictures it
    shows inside it, a PNG or JPEG as it is; PictureRefused if the file changed since."""
    if picture.kind == "svg":
        return svg_file(picture).data
    data = _read(picture.path, picture.written, picture.path.parent)
    if hashlib.sha256(data).hexdigest() != picture.sha256:
        raise PictureRefused(
            f"{quoted(picture.written)} changed while drillcards was printing; run it again"
        )
    return data
