"""Drill pictures, read back from the real output: each on its own card, an SVG as vectors, a
picture embedded once however many cards show it, large on the sheet, on the web page with its
words; hostile SVGs and image bombs refused before anything is written; rebuilds exact."""

from __future__ import annotations

import io
import json
import re
import shutil
import struct
import time
import zlib
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image
from pypdf import PdfReader

from cards import load_library, render_cards
from cards.data.model import Drill
from cards.options import Options
from cards.products.session import render_session
from cards.products.sheet import render_sheet
from cards.products.site import SITE
from cards.render.layout import load_card_layout
from cards.render.pictures import MAX_DPI
from tests.conftest import ROOT, collapse, make_drill, text_in_rect
from tests.render.test_fit import PLAIN, maximal_drill

MM = 72 / 25.4
SVG_HEAD = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'width="220" height="100" viewBox="0 0 220 100">'
)


def png(path: Path, size: tuple[int, int], colour=(200, 40, 40), mode: str = "RGB") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new(mode, size, colour if mode == "RGB" else (*colour, 128)).save(path)
    return path


def svg(path: Path, body: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SVG_HEAD + body + "</svg>", encoding="utf-8")
    return path


def library_of(folder: Path, drills: list[dict], sessions: list | None = None) -> Path:
    path = folder / "drills.json"
    document = {"drills": drills, **({"sessions": sessions} if sessions else {})}
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def pictured(i: int, image: str, **changes) -> dict:
    return make_drill(id=f"drill-{i}", name=f"Drill {i}", image=image, **changes)


def forms_on(pdf: bytes, page: int) -> list[tuple[tuple[float, ...], list]]:
    """Every form XObject drawn on the page, read by pdfium: its bounds on the page, and what is
    inside it: ("image", pixel width, height) or ("path",)."""
    document = pdfium.PdfDocument(pdf)
    try:
        found: list = []
        for obj in document[page].get_objects(max_depth=2):
            if obj.level == 0 and obj.type == pdfium_c.FPDF_PAGEOBJ_FORM:
                found.append((tuple(obj.get_bounds()), []))
            elif obj.level == 1 and found and obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                found[-1][1].append(("image", *obj.get_px_size()))
            elif obj.level == 1 and found and obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
                found[-1][1].append(("path",))
        return found
    finally:
        document.close()


def images_on(pdf: bytes, page: int) -> int:
    """Raster images anywhere on the page, inside forms too."""
    document = pdfium.PdfDocument(pdf)
    try:
        return sum(
            1
            for obj in document[page].get_objects(max_depth=3)
            if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE
        )
    finally:
        document.close()


def inside(inner, outer, slack: float = 0.5) -> bool:
    left, bottom, right, top = inner
    x, y, w, h = outer
    return (
        x - slack <= left
        and right <= x + w + slack
        and y - slack <= bottom
        and top <= y + h + slack
    )


def image_xobjects(pdf: bytes) -> list:
    """Every image XObject of the PDF (masks apart), found through the pages and their forms."""
    reader = PdfReader(io.BytesIO(pdf))
    seen: dict[int, object] = {}

    def walk(resources) -> None:
        for ref in (resources or {}).get("/XObject", {}).values():
            obj = ref.get_object()
            if ref.idnum in seen:
                continue
            seen[ref.idnum] = obj
            if obj["/Subtype"] == "/Form":
                walk(obj.get("/Resources"))

    for page in reader.pages:
        walk(page.get("/Resources"))
    return [obj for obj in seen.values() if obj["/Subtype"] == "/Image"]


# ------------------------------------------------------------------------------ on the cards


def test_each_picture_is_drawn_inside_its_own_cards_rectangle(tmp_path):
    widths = [100 + 20 * i for i in range(6)]  # six pictures told apart by their size
    drills = [pictured(i, f"pics/{i}.png") for i in range(6)]
    for i, width in enumerate(widths):
        png(tmp_path / "pics" / f"{i}.png", (width, 50))
    result = render_cards(load_library(library_of(tmp_path, drills)))
    sheet = result.sheet
    for index, width in enumerate(widths):
        page, slot = 2 * (index // sheet.per_sheet), index % sheet.per_sheet
        rect = sheet.slot_rect(slot)
        mine = [
            (bounds, inner) for bounds, inner in forms_on(result.pdf, page) if inside(bounds, rect)
        ]
        assert [inner for _, inner in mine] == [[("image", width, 50)]], index
        bounds = mine[0][0]
        assert bounds[3] > rect[1] + rect[3] * 0.6  # the picture first: at the card's top
    # nothing outside the cards' rectangles
    for page in (0, 2):
        for bounds, _ in forms_on(result.pdf, page):
            assert any(inside(bounds, sheet.slot_rect(s)) for s in range(sheet.per_sheet))


def test_an_svg_is_drawn_as_vector_paths_with_no_raster_image():
    library = load_library(ROOT / "drills.json")
    result = render_cards(library, ids=["pogo-jumps"])
    [(bounds, inner)] = forms_on(result.pdf, 0)
    assert inner and set(inner) == {("path",)}
    assert inside(bounds, result.sheet.slot_rect(0))
    assert images_on(result.pdf, 0) == 0


def test_one_png_on_many_cards_is_one_image_in_the_pdf(tmp_path):
    png(tmp_path / "shared.png", (300, 136), mode="RGBA")
    drills = [pictured(i, "shared.png") for i in range(45)]  # two chunks of sheets, joined
    result = render_cards(load_library(library_of(tmp_path, drills)))
    [image] = image_xobjects(result.pdf)
    assert "/SMask" in image  # its transparency kept
    fronts = [forms_on(result.pdf, page) for page in range(0, result.pages, 2)]
    assert sum(len(found) for found in fronts) == 45


def test_a_large_picture_is_placed_at_no_more_than_300_dpi_and_a_jpeg_stays_a_jpeg(tmp_path):
    Image.new("RGB", (4000, 1818), (30, 90, 160)).save(tmp_path / "photo.jpg", quality=90)
    Image.new("RGB", (300, 136), (30, 90, 160)).save(tmp_path / "small.jpg", quality=90)
    drills = [pictured(0, "photo.jpg"), pictured(1, "small.jpg")]
    result = render_cards(load_library(library_of(tmp_path, drills)))
    found = forms_on(result.pdf, 0)
    for (left, _, right, _), [(_, width, _)] in found:
        assert width <= (right - left) / 72 * MAX_DPI + 1
    assert sorted(width for _, [(_, width, _)] in found)[0] == 300  # small: its own pixels
    images = image_xobjects(result.pdf)
    assert [image["/Filter"] for image in images] == ["/DCTDecode", "/DCTDecode"] or all(
        "/DCTDecode" in image["/Filter"] for image in images
    )
    small = next(image for image in images if image["/Width"] == 300)
    assert small.get_data() == (tmp_path / "small.jpg").read_bytes()  # the file's own bytes


def test_a_gradient_in_an_svg_does_not_print_black(tmp_path):
    svg(
        tmp_path / "g.svg",
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#ffffff"/>'
        '<stop offset="1" stop-color="#0b6e4f"/></linearGradient></defs>'
        '<rect width="220" height="100" fill="url(#g)"/>',
    )
    result = render_cards(load_library(library_of(tmp_path, [pictured(0, "g.svg")])))
    [((left, bottom, right, top), _)] = forms_on(result.pdf, 0)
    page = pdfium.PdfDocument(result.pdf)[0]
    bitmap = page.render(scale=2).to_pil().convert("RGB")
    height = page.get_height()

    def at(x: float, y: float) -> tuple[int, int, int]:
        return bitmap.getpixel((round(2 * x), round(2 * (height - y))))

    middle = (bottom + top) / 2
    assert min(at(left + 3, middle)) > 200  # white where the gradient starts, not black
    assert at(right - 3, middle)[1] > at(right - 3, middle)[0] + 40  # green at its end


def test_an_svg_shows_a_png_beside_it_and_its_text_prints_in_an_embedded_font(tmp_path):
    png(tmp_path / "pics" / "dot.png", (40, 20), (10, 120, 60))
    svg(
        tmp_path / "pics" / "f.svg",
        '<image href="dot.png" x="0" y="0" width="80" height="40"/>'
        '<text x="90" y="60" font-family="Arial">Hop!</text>',
    )
    result = render_cards(load_library(library_of(tmp_path, [pictured(0, "pics/f.svg")])))
    [(_, inner)] = forms_on(result.pdf, 0)
    assert ("image", 40, 20) in inner  # the PNG, put inside the SVG as data
    reader = PdfReader(io.BytesIO(result.pdf))
    fonts = {
        font.get_object()["/BaseFont"]: font.get_object()
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    forms = [ref.get_object() for ref in reader.pages[0]["/Resources"]["/XObject"].values()]
    fonts.update(
        {
            font.get_object()["/BaseFont"]: font.get_object()
            for form in forms
            for font in form["/Resources"].get("/Font", {}).values()
        }
    )
    assert fonts and all("DejaVu" in name for name in fonts)  # no Helvetica, no Arial
    assert "Hop!" in collapse(text_in_rect(result.pdf, 0, result.sheet.slot_rect(0)))


def test_the_credit_is_printed_small_under_its_picture(tmp_path):
    png(tmp_path / "p.png", (220, 100))
    drill = pictured(0, "p.png", image_credit="Photo: J. Doe, CC BY 4.0")
    result = render_cards(load_library(library_of(tmp_path, [drill])))
    [((left, bottom, right, _), _)] = forms_on(result.pdf, 0)
    under = text_in_rect(result.pdf, 0, (left - 30, bottom - 12, right - left + 60, 12))
    assert "Photo: J. Doe, CC BY 4.0" in collapse(under)


@pytest.mark.parametrize("size", ["a7", "a6", "poker", "business", "index-3x5"])
def test_every_built_in_drill_shows_its_figure_on_every_card_size(size):
    library = load_library(ROOT / "drills.json")
    result = render_cards(library, Options(size=size), backs=False)
    per_sheet = result.sheet.per_sheet
    for index in range(len(library.drills)):
        found = [
            bounds
            for bounds, inner in forms_on(result.pdf, index // per_sheet)
            if inside(bounds, result.sheet.slot_rect(index % per_sheet))
        ]
        assert len(found) == 1, (size, index)
        _, bottom, _, top = found[0]
        # a figure a coach can see: on a business card the text leaves it 8 mm at least
        assert top - bottom >= 8 * MM


def test_a_card_without_a_picture_gives_its_room_to_the_text(tmp_path):
    """The text box grows over the empty picture box: the title starts near the card's top."""
    png(tmp_path / "p.png", (220, 100))
    drills = [pictured(0, "p.png"), make_drill(id="bare", name="Bare drill")]
    result = render_cards(load_library(library_of(tmp_path, drills)))
    layout = load_card_layout("a7")
    for slot, name in ((0, "Drill 0"), (1, "Bare drill")):
        x, y, w, h = result.sheet.slot_rect(slot)
        top_strip = collapse(text_in_rect(result.pdf, 0, (x, y + h - 15 * MM, w, 15 * MM)))
        assert (name in top_strip) == (name == "Bare drill"), top_strip
    assert any(box.kind == "picture" for box in layout.front)


def test_the_longest_drill_still_fits_with_a_picture_which_gives_up_room(tmp_path):
    png(tmp_path / "p.png", (220, 100))
    drill = {**maximal_drill(0, [22], PLAIN), "image": "p.png"}
    result = render_cards(load_library(library_of(tmp_path, [drill])))
    [((_, bottom, _, top), _)] = forms_on(result.pdf, 0)
    layout = load_card_layout("a7")
    [picture] = [box for box in layout.front if box.kind == "picture"]
    assert picture.room.min_height - 0.5 <= top - bottom < picture.height


# ------------------------------------------------------------------------- sheets, sessions


def test_the_sheets_picture_is_at_least_60_mm_on_its_longer_side():
    library = load_library(ROOT / "drills.json")
    for drill in library.drills:
        for paper in ("a4", "letter"):
            pdf = render_sheet(library, Options(paper=paper), drill.id).pdf
            [((left, bottom, right, top), inner)] = forms_on(pdf, 0)
            assert max(right - left, top - bottom) >= 60 * MM, (drill.id, paper)
            assert ("path",) in inner


def test_each_drill_of_a_session_has_its_thumbnail_in_its_block():
    library = load_library(ROOT / "drills.json")
    session = library.sessions[0]
    pdf = render_session(library, Options(), session).pdf
    document = pdfium.PdfDocument(pdf)
    pages = len(document)
    document.close()
    thumbnails = [bounds for page in range(pages) for bounds, _ in forms_on(pdf, page)]
    assert len(thumbnails) == len(session.items)
    for left, _, right, _ in thumbnails:
        assert 20 * MM <= right - left <= 60 * MM  # small: a thumbnail


# ------------------------------------------------------------------------------ the web page


def test_the_web_page_shows_each_picture_with_its_words(run, tmp_path):
    svg(tmp_path / "pics" / "a.svg", '<circle cx="50" cy="50" r="40" fill="#0b6e4f"/>')
    png(tmp_path / "pics" / "b.png", (220, 100))
    drills = [
        pictured(0, "pics/a.svg", image_alt="A runner on the balls of the feet"),
        pictured(1, "pics/b.png"),
        make_drill(id="bare", name="Bare"),
    ]
    result = run("site", "--drills", library_of(tmp_path, drills))
    assert result.exit_code == 0, result.output
    site = tmp_path / "out" / SITE
    html = (site / "index.html").read_text(encoding="utf-8")
    pictures = re.findall(r'<img class="picture" src="([^"]+)" alt="([^"]*)"', html)
    assert pictures == [
        ("pictures/drill-0.svg", "A runner on the balls of the feet"),
        ("pictures/drill-1.png", "Drill 1"),
    ]
    assert (site / "pictures" / "drill-1.png").read_bytes() == (
        tmp_path / "pics" / "b.png"
    ).read_bytes()
    assert b"<circle" in (site / "pictures" / "drill-0.svg").read_bytes()
    assert 'id="drill-bare"' in html and "pictures/bare" not in html


def test_preview_makes_a_png_of_the_picture(run, tmp_path):
    png(tmp_path / "p.png", (440, 200), (10, 120, 60))
    result = run(
        "preview",
        "drill-0",
        "--drills",
        library_of(tmp_path, [pictured(0, "p.png")]),
        "-o",
        "previews",
    )
    assert result.exit_code == 0, result.output
    with Image.open(tmp_path / "previews" / "drill-0-picture.png") as image:
        assert image.width == 480
        assert image.convert("RGB").getpixel((240, image.height // 2)) == (10, 120, 60)


# ------------------------------------------------------------------------- refused, unwritten


def _bomb(path: Path, width: int, height: int) -> Path:
    """A PNG that says it is width × height pixels in a few dozen bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )
    return path


HOSTILE = {
    "entity": (
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' + SVG_HEAD + "<text>&b;</text></svg>",
        "DOCTYPE or entities",
    ),
    "external entity": (
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/'
        'passwd">]>' + SVG_HEAD + "<text>&x;</text></svg>",
        "DOCTYPE or entities",
    ),
    "http image": (
        SVG_HEAD + '<image href="http://example.org/x.png" width="9" height="9"/></svg>',
        "not in the drills folder",
    ),
    "file image": (
        SVG_HEAD + '<image xlink:href="file:///etc/hostname" width="9" height="9"/></svg>',
        "not in the drills folder",
    ),
    "image outside the folder": (
        SVG_HEAD + '<image href="../../outside.png" width="9" height="9"/></svg>',
        "outside the drills file's folder",
    ),
    "another svg": (SVG_HEAD + '<use href="other.svg#a"/></svg>', "outside the picture"),
    "style url": (
        SVG_HEAD + '<rect width="9" height="9" style="fill:url(http://example.org/f#g)"/></svg>',
        "outside the picture",
    ),
    "stylesheet": (
        '<?xml-stylesheet href="http://example.org/s.css"?>' + SVG_HEAD + "</svg>",
        "processing instruction",
    ),
    "script": (SVG_HEAD + "<script>alert(1)</script></svg>", "run code"),
    "event handler": (
        SVG_HEAD + '<rect width="9" height="9" onload="alert(1)"/></svg>',
        "event handler",
    ),
    "not drawn": (
        SVG_HEAD + '<mask id="m"/><rect width="9" height="9" mask="url(#m)"/></svg>',
        "cannot draw in the PDF",
    ),
}


@pytest.mark.parametrize(("content", "reason"), HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_svg_is_refused_with_its_reason_and_nothing_written(
    run, tmp_path, content, reason
):
    folder = tmp_path / "club"
    png(tmp_path / "outside.png", (10, 10))
    (folder / "pics").mkdir(parents=True)
    (folder / "pics" / "figure.svg").write_text(content, encoding="utf-8")
    drills = library_of(folder, [pictured(0, "pics/figure.svg")])
    result = run("build", "--drills", drills)
    assert result.exit_code == 2, result.output
    assert 'drills[0] ("drill-0").image' in result.output
    assert reason in result.output, result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("size", "reason"),
    [
        ((60_000, 60_000), "too many pixels"),
        ((12_000, 100), "pixels on a side"),
        ((4_500, 4_500), "megapixels"),
    ],
)
def test_an_image_bomb_is_refused_from_its_header(run, tmp_path, size, reason):
    bomb = _bomb(tmp_path / "bomb.png", *size)
    assert bomb.stat().st_size < 200
    result = run("cards", "--drills", library_of(tmp_path, [pictured(0, "bomb.png")]))
    assert result.exit_code == 2, result.output
    assert f"{size[0]} × {size[1]} pixels" in result.output and reason in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("pics/pogo-jump.png", '"pics/pogo-jumps.png"'),
        ("pic/pogo-jumps.png", '"pics/pogo-jumps.png"'),
    ],
)
def test_a_missing_picture_names_drill_field_and_what_was_meant(run, tmp_path, written, meant):
    png(tmp_path / "pics" / "pogo-jumps.png", (20, 10))
    result = run("cards", "--drills", library_of(tmp_path, [pictured(0, written)]))
    assert result.exit_code == 2, result.output
    assert 'drills[0] ("drill-0").image' in result.output and "no such file" in result.output
    assert f"did you mean {meant}?" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("written", "content", "problem"),
    [
        ("../p.png", None, "outside the drills file's folder"),
        ("/etc/hostname", None, "relative to the drills file"),
        ("p.gif", b"GIF89a" + b"\0" * 40, "it is a GIF image"),
        ("p.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "damaged PNG"),
        ("p.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><rect", "not a well-formed SVG"),
    ],
)
def test_a_picture_that_is_not_one_is_named(run, tmp_path, written, content, problem):
    folder = tmp_path / "club"
    folder.mkdir()
    png(tmp_path / "p.png", (10, 10))
    if content is not None:
        (folder / written).write_bytes(content)
    result = run("cards", "--drills", library_of(folder, [pictured(0, written)]))
    assert result.exit_code == 2, result.output
    assert problem in result.output, result.output
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------------ translations, etc.


def test_a_translation_shows_its_own_picture(tmp_path):
    png(tmp_path / "en.png", (220, 100))
    png(tmp_path / "de.png", (240, 100))
    drill = pictured(
        0, "en.png", translations={"de": {"image": "de.png", "image_alt": "Ein Läufer"}}
    )
    library = load_library(library_of(tmp_path, [drill]))
    from cards.data.translate import edition

    german = edition(library, "de").library
    [(_, inner)] = forms_on(render_cards(german).pdf, 0)
    assert inner == [("image", 240, 100)]
    assert german.drills[0].alt_text == "Ein Läufer"


def test_a_layout_without_picture_boxes_still_prints(run, tmp_path):
    png(tmp_path / "p.png", (220, 100))
    layouts = tmp_path / "mine"
    shutil.copytree(ROOT / "templates", layouts)
    toml = layouts / "card.toml"
    text = toml.read_text(encoding="utf-8")
    text = re.sub(
        r'\[\[faces\.[\w-]+\.front\]\]\n(?:[a-z_]+ = [^\n]*\n)*kind = "picture"\n'
        r"(?:[a-z_]+ = [^\n]*\n)*\n?",
        "",
        text,
    )
    text = re.sub(r'(?:when = "[^"]*"\n)?name = "picture"\n', "", text)
    text = text.replace('takes = "picture"\n', "")
    assert 'kind = "picture"' not in text
    toml.write_text(text, encoding="utf-8")
    drills = library_of(tmp_path, [pictured(0, "p.png")])
    result = run("cards", "--drills", drills, "--templates", layouts, "-o", "c.pdf")
    assert result.exit_code == 0, result.output
    assert forms_on((tmp_path / "c.pdf").read_bytes(), 0) == []


def test_drill_field_names_stay_the_spreadsheet_columns():
    from cards.data.spreadsheet import _drill_vocabulary

    plain = _drill_vocabulary().plain
    assert plain["image"].field == "image" and plain["imagecredit"].field == "image_credit"
    assert "image" in Drill.__dataclass_fields__


# --------------------------------------------------------------------------------- rebuilds

LIBRARY_SESSIONS = [
    {"id": "with-b", "title": "With b", "items": [{"drill": "drill-b"}]},
    {"id": "without-b", "title": "Without b", "items": [{"drill": "drill-a"}]},
]


def _pictured_library(folder: Path) -> Path:
    png(folder / "a.png", (220, 100), (200, 30, 30))
    png(folder / "b.png", (220, 100), (30, 30, 200))
    svg(folder / "c.svg", '<circle cx="60" cy="50" r="40" fill="#0b6e4f"/>')
    Image.new("RGB", (440, 200), (90, 90, 20)).save(folder / "d.jpg", quality=85)
    drills = [
        make_drill(id=f"drill-{k}", name=f"Drill {k}", image=image)
        for k, image in zip("abcd", ["a.png", "b.png", "c.svg", "d.jpg"], strict=True)
    ]
    return library_of(folder, drills, LIBRARY_SESSIONS)


def _products(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".drillcards-cache" not in p.parts and p.name != ".drillcards-build"
    }


def test_builds_with_pictures_are_byte_identical(run, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    drills = _pictured_library(tmp_path)
    for out in ("one", "two"):
        assert run("build", "--drills", drills, "--out", out).exit_code == 0
    one, two = _products(tmp_path / "one"), _products(tmp_path / "two")
    assert sorted(one) == sorted(two) and len(one) > 20
    assert [name for name in one if one[name][0] != two[name][0]] == []


def test_editing_a_picture_rebuilds_exactly_the_files_that_show_it(run, tmp_path):
    drills = _pictured_library(tmp_path)
    assert run("build", "--drills", drills).exit_code == 0
    out = tmp_path / "out"
    before = _products(out)
    time.sleep(0.01)
    png(tmp_path / "b.png", (220, 100), (30, 160, 30))  # the same size, another colour
    result = run("build", "--drills", drills)
    assert result.exit_code == 0, result.output
    after = _products(out)
    rewritten = sorted(name for name in after if before[name][1] != after[name][1])
    assert rewritten == sorted(
        [
            "cards.pdf",
            "handout.pdf",
            "sessions/with-b.pdf",
            "sheets/drill-b.pdf",
            "site/cards.pdf",
            "site/handout.pdf",
            "site/index.html",
            "site/pictures/drill-b.png",
            "site/previews/drill-b-sheet.png",
            "site/previews/with-b-session.png",
            "site/sessions/with-b.pdf",
            "site/sheets/drill-b.pdf",
        ]
    )
    assert after["site/pictures/drill-b.png"][0] == (tmp_path / "b.png").read_bytes()
    # what was kept and what was made are what a full build makes now
    assert run("build", "--drills", drills, "--force", "--out", "fresh").exit_code == 0
    fresh = _products(tmp_path / "fresh")
    assert {name: data for name, (data, _) in after.items()} == {
        name: data for name, (data, _) in fresh.items()
    }
