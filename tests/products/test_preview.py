"""Thumbnails for the web page: small palette PNGs of the real PDFs' pages.

Each thumbnail is checked against pdfium's own rendering of the page it should show, scaled
down: a blank image, the wrong page or the wrong face would not match.
"""

from __future__ import annotations

import io
from dataclasses import replace

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops, ImageStat

import cards
from cards.errors import DataError
from cards.impose import HOME_PRINTER
from cards.options import Options
from cards.products.preview import Preview, drill_previews, previews, session_preview, thumbnail
from tests.conftest import BUILTIN, ROOT, make_drill

A4 = 297 / 210
LETTER = 11 / 8.5
ACCENT = (0x0B, 0x6E, 0x4F)  # the built-in layouts' accent colour
MATCH = 8.0  # mean grey difference (0-255) from pdfium's own rendering that counts as a match
SIZE_LIMIT = 30_000  # bytes per thumbnail


@pytest.fixture(scope="module")
def library():
    return cards.load_library(ROOT / "drills.json")


def _open(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    image.load()
    return image


def _reference(pdf: bytes, page: int, size: tuple[int, int]) -> Image.Image:
    """pdfium's rendering of a page at three times the size, scaled down to `size`, in grey."""
    document = pdfium.PdfDocument(pdf)
    try:
        pdf_page = document[page]
        image = pdf_page.render(scale=3 * size[0] / pdf_page.get_width()).to_pil()
        grey = image.convert("L")
    finally:
        document.close()
    return grey.resize(size, Image.Resampling.BOX)


def _difference(image: Image.Image, other: Image.Image) -> float:
    """Mean absolute difference of two images' grey values, 0 to 255."""
    return ImageStat.Stat(ImageChops.difference(image.convert("L"), other.convert("L"))).mean[0]


def _blank(size: tuple[int, int]) -> Image.Image:
    return Image.new("L", size, 255)


def _assert_shows(image: Image.Image, pdf: bytes, page: int) -> None:
    reference = _reference(pdf, page, image.size)
    difference = _difference(image, reference)
    assert difference < MATCH
    assert _difference(_blank(image.size), reference) > 2 * difference  # a blank would not pass


def _ratio_height(width: int, ratio: float) -> int:
    return round(width * ratio)


# --- the drill sheet --------------------------------------------------------------------------


def test_a_sheet_thumbnail_is_a_small_palette_png_of_the_a4_page(library):
    sheet, *_ = drill_previews(library, Options(), "ankle-drill")
    pdf = cards.render_sheet(library, Options(), "ankle-drill").pdf
    image = _open(sheet.png)
    assert sheet.name == "ankle-drill-sheet.png"
    assert sheet.alt == "Drill sheet of Ankle drill"
    assert image.mode == "P"
    assert len(image.getpalette()) // 3 <= 32
    assert image.width == 240
    assert abs(image.height - _ratio_height(240, A4)) <= 1
    assert len(sheet.png) < SIZE_LIMIT
    darkest, _ = image.convert("L").getextrema()
    assert darkest < 64  # there is ink, not only the page's white
    _assert_shows(image, pdf, 0)


def test_a_sheet_on_letter_paper_has_the_letter_shape(library):
    sheet, *_ = drill_previews(library, Options("letter"), "pogo-jumps")
    image = _open(sheet.png)
    assert image.width == 240
    assert abs(image.height - _ratio_height(240, LETTER)) <= 1
    _assert_shows(image, cards.render_sheet(library, Options("letter"), "pogo-jumps").pdf, 0)


# --- the card's front -------------------------------------------------------------------------


def _near(colour: tuple[int, ...], target: tuple[int, int, int], tolerance: int = 16) -> bool:
    return all(abs(c - t) <= tolerance for c, t in zip(colour[:3], target, strict=True))


def test_the_card_thumbnail_is_the_front_of_the_card_alone(library):
    _, card, *_ = drill_previews(library, Options(), "ankle-drill")
    image = _open(card.png)
    assert card.name == "ankle-drill-card.png"
    assert card.alt == "Front of the pocket card of Ankle drill"
    assert image.mode == "P"
    assert image.width == 160
    assert abs(image.height - _ratio_height(160, 105 / 74)) <= 1  # A7, not a sheet of paper
    assert len(card.png) < SIZE_LIMIT
    rgb = image.convert("RGB")
    # The layout's accent band runs along the card's top edge (2.5 mm, about 5 pixels here).
    top = [rgb.getpixel((x, y)) for y in range(4) for x in range(rgb.width)]
    assert sum(_near(p, ACCENT) for p in top) > 0.9 * len(top)
    middle = [rgb.getpixel((x, rgb.height // 2)) for x in range(rgb.width)]
    assert sum(_near(p, ACCENT) for p in middle) < 0.1 * len(middle)
    # It is the front (name, cues, QR code), not the back that also has the band.
    both = cards.render_cards(
        library, Options(printing=replace(HOME_PRINTER, per_page=True)), ["ankle-drill"]
    ).pdf
    _assert_shows(image, both, 0)
    front = _difference(image, _reference(both, 0, image.size))
    assert _difference(image, _reference(both, 1, image.size)) > 2 * front


@pytest.mark.parametrize(("size", "ratio"), [("a6", 148 / 105), ("business", 55 / 85)])
def test_other_card_sizes_keep_their_shape(library, size, ratio):
    _, card, *_ = drill_previews(library, Options(size=size), "high-knees")
    image = _open(card.png)
    assert image.width == 160
    assert abs(image.height - _ratio_height(160, ratio)) <= 1


# --- sessions ---------------------------------------------------------------------------------


def test_a_session_preview_is_the_first_page_of_its_sheet(library):
    preview = session_preview(library, Options(), "basic-coordination")
    session = cards.select_session(library, "basic-coordination")
    result = cards.render_session(library, Options(), session)
    image = _open(preview.png)
    assert preview.name == "basic-coordination-session.png"
    assert preview.alt == f"Session sheet of Basic coordination, page 1 of {result.pages}"
    assert image.mode == "P"
    assert image.width == 240
    assert abs(image.height - _ratio_height(240, A4)) <= 1
    assert len(preview.png) < SIZE_LIMIT
    assert result.pages > 1
    _assert_shows(image, result.pdf, 0)
    assert _difference(image, _reference(result.pdf, 1, image.size)) > 2 * _difference(
        image, _reference(result.pdf, 0, image.size)
    )


def test_thumbnail_renders_the_page_asked_for(library):
    session = cards.select_session(library, "basic-coordination")
    pdf = cards.render_session(library, Options(), session).pdf
    second = _open(thumbnail(pdf, page=1))
    _assert_shows(second, pdf, 1)
    assert _difference(second, _reference(pdf, 0, second.size)) > 2 * _difference(
        second, _reference(pdf, 1, second.size)
    )
    wide = _open(thumbnail(pdf, width=333))
    assert wide.width == 333
    with pytest.raises(ValueError, match="no page 9"):
        thumbnail(pdf, page=9)
    with pytest.raises(ValueError, match="at least 1 pixel"):
        thumbnail(pdf, width=0)


def test_thumbnails_are_deterministic(library):
    pdf = cards.render_sheet(library, Options(), "ankle-drill").pdf
    assert thumbnail(pdf) == thumbnail(pdf)
    assert drill_previews(library, Options(), "butt-kicks") == drill_previews(
        library, Options(), "butt-kicks"
    )
    assert session_preview(library, Options(), "advanced-coordination") == session_preview(
        library, Options(), "advanced-coordination"
    )


# --- choosing what to preview -----------------------------------------------------------------


def test_previews_follow_the_ids_in_order(library):
    made = previews(library, Options(), ["basic-coordination", "pogo-jumps"])
    assert [p.name for p in made] == [
        "basic-coordination-session.png",
        "pogo-jumps-sheet.png",
        "pogo-jumps-card.png",
        "pogo-jumps-picture.png",
    ]
    assert all(isinstance(p, Preview) for p in made)


def test_an_id_that_names_a_drill_and_a_session_gives_both(drills_file):
    path = drills_file(
        {
            "drills": [make_drill()],
            "sessions": [
                {"id": "test-drill", "title": "Test session", "items": [{"drill": "test-drill"}]}
            ],
        }
    )
    library = cards.load_library(path)
    made = previews(library, Options(), ["test-drill"])
    assert [p.name for p in made] == [
        "test-drill-sheet.png",
        "test-drill-card.png",
        "test-drill-session.png",
    ]
    assert made[2].alt == "Session sheet of Test session, page 1 of 1"


def test_unknown_ids_are_refused_with_a_did_you_mean(library):
    with pytest.raises(DataError) as caught:
        previews(library, Options(), ["ankle-dril", "pogo-jumps", "basic-coordinaton", "zzz"])
    message = str(caught.value)
    assert "neither drills nor sessions" in message
    assert 'the id "ankle-dril"; did you mean "ankle-drill"?' in message
    assert 'the id "basic-coordinaton"; did you mean "basic-coordination"' in message
    assert 'the id "zzz"; check the ids in the drills file' in message
    assert "pogo-jumps" not in message


def test_unknown_session_and_drill_keep_their_own_errors(library):
    with pytest.raises(DataError, match="no session"):
        session_preview(library, Options(), "ankle-drill-session")
    with pytest.raises(DataError, match="no drill"):
        drill_previews(library, Options(), "ankle")


# --- the whole built-in library ---------------------------------------------------------------


def test_every_drill_and_session_of_the_builtin_library_has_small_previews(library):
    made = previews(library)
    drills = [d["id"] for d in BUILTIN["drills"]]
    sessions = [s["id"] for s in BUILTIN["sessions"]]
    assert [p.name for p in made] == [
        *(f"{i}-{kind}.png" for i in drills for kind in ("sheet", "card", "picture")),
        *(f"{i}-session.png" for i in sessions),
    ]
    for preview in made:
        image = _open(preview.png)
        assert image.mode == "P"
        assert len(preview.png) < SIZE_LIMIT, preview.name
        assert preview.alt
    assert len({p.png for p in made}) == len(made)  # no two drills look alike
    assert sum(len(p.png) for p in made) < 20_000 * len(made)
