"""Pictures in a PDF: an SVG stays vector, a PNG or JPEG is placed at its own resolution, never
more than 300 dpi at the size it prints (a JPEG stays a JPEG, transparency is kept); each in
proportion, centred in its box.

Every picture is drawn once per canvas into a form XObject that each card, sheet or session
block showing it reuses, so a deck's size grows with its distinct pictures, not with its cards
(and the chunks of a long deck, each holding the same form, are joined into one copy).
"""

from __future__ import annotations

import io
import math
import re
import warnings
import zlib
from collections import OrderedDict
from dataclasses import dataclass

from PIL import Image, ImageOps
from reportlab.graphics.shapes import String
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

from ..data.model import Picture
from ..data.pictures import PictureRefused, picture_bytes, svg_file
from ..data.quoting import quoted
from ..errors import DataError

MAX_DPI = 300
JPEG_QUALITY = 90  # a downsampled or turned JPEG is encoded again, as a JPEG
_CACHE_BYTES = 48_000_000  # prepared pictures kept per process, for the next canvas


def fitted_size(picture: Picture, width: float, height: float) -> tuple[float, float]:
    """The largest size of the picture, in proportion, that fits width × height."""
    scale = min(width / picture.width, height / picture.height)
    return picture.width * scale, picture.height * scale


def draw_picture(
    canvas: Canvas, picture: Picture, x: float, y: float, width: float, height: float
) -> tuple[float, float, float, float]:
    """Draw the picture centred in the box, in proportion; return where it went (x, y, w, h)."""
    drawn_w, drawn_h = fitted_size(picture, width, height)
    left, bottom = x + (width - drawn_w) / 2, y + (height - drawn_h) / 2
    name, form_w, form_h = _form(canvas, picture, drawn_w, drawn_h)
    canvas.saveState()
    canvas.translate(left, bottom)
    canvas.scale(drawn_w / form_w, drawn_h / form_h)
    canvas.doForm(name)
    canvas.restoreState()
    return left, bottom, drawn_w, drawn_h


def _form(
    canvas: Canvas, picture: Picture, width: float, height: float
) -> tuple[str, float, float]:
    """The form XObject of the picture on this canvas, defined on its first use: its name and
    natural size."""
    if picture.kind == "svg":
        drawing = _svg(picture).drawing
        name = f"pic-{picture.sha256[:24]}"
        if not canvas.hasForm(name):
            _begin(canvas, name, drawing.width, drawing.height)
            if picture.sha256 in _SVG_CODE:  # drawn before, on another canvas
                canvas._code.extend(_SVG_CODE[picture.sha256])
                _end(canvas, name, fonts=False)
            else:
                from reportlab.graphics import renderPDF

                renderPDF.draw(drawing, canvas, 0, 0)
                code = _end(canvas, name, fonts=_has_text(drawing))
                if code is not None:
                    _SVG_CODE[picture.sha256] = code
        return name, drawing.width, drawing.height
    pixels = target_pixels(picture, width, height)
    name = f"pic-{picture.sha256[:24]}-{pixels[0]}x{pixels[1]}"
    if not canvas.hasForm(name):
        raster = _raster(picture, pixels)
        _begin(canvas, name, 1, 1)
        image = _put_image(canvas, f"{name}-im", raster)
        canvas._code.append(f"/{image} Do")  # the image fills the unit square
        canvas._formsinuse.append(f"{name}-im")
        _end(canvas, name, fonts=False)
    return name, 1, 1


def _svg(picture: Picture):
    try:
        return svg_file(picture)
    except PictureRefused as err:
        raise DataError(f"{err}; nothing was written") from err


def _begin(canvas: Canvas, name: str, width: float, height: float) -> None:
    canvas.beginForm(name, 0, 0, width, height)


def _end(canvas: Canvas, name: str, fonts: bool) -> list[str] | None:
    """Close the form, and give it every resource its drawing used. reportlab gives a form only
    its fonts and XObjects: a gradient (a shading) or a transparency (an ExtGState) inside one
    would print black or opaque. A form without text gets no fonts, and its content no font
    setting: the same picture then makes the same form in every canvas, which joining the
    chunks of a long PDF keeps once (the fonts' numbers differ from canvas to canvas). Returns
    the form's content when it names no resource of this canvas, for another canvas to reuse."""
    shading, colours = dict(canvas._shadingUsed), dict(canvas._colorsUsed)
    code = [op for op in canvas._code if fonts or not _FONT_SETTING.fullmatch(op)]
    reusable = not (fonts or shading or colours or any(_STATE.search(op) for op in code))
    canvas.endForm()
    form = canvas._doc.idToObject[canvas._doc.getXObjectName(name)]
    resources = pdfdoc.PDFResourceDictionary()
    if fonts:
        resources.basicFonts()
    else:
        form.setStreamList(code)
    resources.allProcs()
    if form.XObjects:
        resources.XObject = form.XObjects
    if getattr(form, "ExtGState", None):
        resources.ExtGState = form.ExtGState
    resources.setShading(shading)
    resources.setColorSpace(colours)
    form.Resources = resources
    return code if reusable else None


_FONT_SETTING = re.compile(r"BT /\S+ [\d.]+ Tf [\d.]+ TL ET")
_STATE = re.compile(r"/\S+ gs\b")  # a transparency, named per canvas
_SVG_CODE: dict[str, list[str]] = {}  # an SVG's form content, by its sha256: drawn once


def _has_text(node) -> bool:
    """Whether a reportlab drawing (or a group in it) holds any text."""
    if isinstance(node, String):
        return True
    return any(_has_text(child) for child in getattr(node, "contents", ()))


def target_pixels(picture: Picture, width: float, height: float) -> tuple[int, int]:
    """The picture's own pixels, or fewer: at most MAX_DPI at the size it prints."""
    scale = min(1.0, width / 72 * MAX_DPI / picture.width, height / 72 * MAX_DPI / picture.height)
    return (
        max(1, math.ceil(picture.width * scale - 1e-6)),
        max(1, math.ceil(picture.height * scale - 1e-6)),
    )


@dataclass(frozen=True)
class Raster:
    """A picture's pixels as a PDF image stream, and its transparency as a second one."""

    width: int
    height: int
    color_space: str  # DeviceRGB or DeviceGray
    filter: str  # DCTDecode (a JPEG) or FlateDecode
    data: bytes
    alpha: bytes | None = None  # FlateDecode, DeviceGray

    @property
    def size(self) -> int:
        return len(self.data) + len(self.alpha or b"")


_PREPARED: OrderedDict[tuple, Raster] = OrderedDict()


def _raster(picture: Picture, pixels: tuple[int, int]) -> Raster:
    """The picture at `pixels`, made once per process while it fits the cache."""
    key = (picture.sha256, pixels)
    if key in _PREPARED:
        _PREPARED.move_to_end(key)
        return _PREPARED[key]
    raster = prepare_raster(picture, pixels)
    _PREPARED[key] = raster
    while sum(r.size for r in _PREPARED.values()) > _CACHE_BYTES and len(_PREPARED) > 1:
        _PREPARED.popitem(last=False)
    return raster


def prepare_raster(picture: Picture, pixels: tuple[int, int]) -> Raster:
    """Read the file again (the bytes must be the ones checked), turn it as its EXIF says, and
    make the image stream: the JPEG's own bytes when nothing changes, else pixels downsampled
    to `pixels`."""
    data = _bytes(picture)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data), formats=[picture.kind.upper()]) as image:
                return _stream(image, data, picture.kind, pixels)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as err:
        raise DataError(
            f"{quoted(picture.written)} is a damaged {picture.kind.upper()} image "
            f"({str(err)[:80] or type(err).__name__}); export it again; nothing "
            "was written"
        ) from err


def _bytes(picture: Picture) -> bytes:
    try:
        return picture_bytes(picture)
    except PictureRefused as err:
        raise DataError(f"{err}; nothing was written") from err


def _stream(image: Image.Image, data: bytes, kind: str, pixels: tuple[int, int]) -> Raster:
    orientation = image.getexif().get(0x0112, 1) if kind == "jpeg" else 1
    if (
        kind == "jpeg"
        and orientation in (0, 1)
        and image.size == pixels
        and image.mode in ("RGB", "L")
    ):
        return Raster(
            *pixels, "DeviceRGB" if image.mode == "RGB" else "DeviceGray", "DCTDecode", data
        )
    if kind == "jpeg":  # decode at a half, quarter or eighth when that is still enough
        unturned = pixels[::-1] if orientation in (5, 6, 7, 8) else pixels
        image.draft(image.mode if image.mode in ("RGB", "L") else "RGB", unturned)
    if kind == "jpeg":  # turned as its EXIF says (a PNG's would follow the pixels)
        image = ImageOps.exif_transpose(image)
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "F"):  # 16-bit grey: to 8 bits
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info
    gray = image.mode in ("L", "LA", "La", "1") or (image.mode == "P" and _gray_palette(image))
    image = image.convert(("LA" if alpha else "L") if gray else ("RGBA" if alpha else "RGB"))
    if image.size != pixels:
        image = image.resize(pixels, Image.Resampling.LANCZOS, reducing_gap=3.0)
    space = "DeviceGray" if gray else "DeviceRGB"
    colour = image.convert("L" if gray else "RGB")
    if kind == "jpeg" and not alpha:
        out = io.BytesIO()
        colour.save(out, "JPEG", quality=JPEG_QUALITY)
        return Raster(*pixels, space, "DCTDecode", out.getvalue())
    alpha_stream = zlib.compress(image.getchannel("A").tobytes()) if alpha else None
    return Raster(*pixels, space, "FlateDecode", zlib.compress(colour.tobytes()), alpha_stream)


def _gray_palette(image: Image.Image) -> bool:
    palette = image.getpalette() or []
    return all(palette[i] == palette[i + 1] == palette[i + 2] for i in range(0, len(palette), 3))


def _put_image(canvas: Canvas, name: str, raster: Raster) -> str:
    """Register the image stream with the canvas's document as an image XObject, as reportlab's
    drawImage does, but from bytes made once per process (drawImage would decode, hash and
    compress the picture again on every canvas). Returns its name in the content stream."""
    doc = canvas._doc
    image = _xobject(
        name, raster.width, raster.height, raster.color_space, raster.filter, raster.data
    )
    if raster.alpha is not None:
        mask = _xobject(
            f"{name}-a", raster.width, raster.height, "DeviceGray", "FlateDecode", raster.alpha
        )
        image.smask = doc.Reference(mask, doc.getXObjectName(mask.name))
    internal = doc.getXObjectName(name)
    doc.Reference(image, internal)
    return internal


def _xobject(
    name: str, width: int, height: int, space: str, stream_filter: str, data: bytes
) -> pdfdoc.PDFImageXObject:
    image = pdfdoc.PDFImageXObject(name)
    image.width, image.height = width, height
    image.bitsPerComponent = 8
    image.colorSpace = space
    image._filters = (stream_filter,)
    image.streamContent = data
    image.mask = None
    return image


def picture_pdf(picture: Picture, width: float) -> bytes:
    """A page `width` points wide showing the picture alone, in proportion: what `preview`
    renders to PNG."""
    height = width * picture.height / picture.width
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height), invariant=1, pageCompression=1)
    draw_picture(canvas, picture, 0, 0, width, height)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
