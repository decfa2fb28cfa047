"""Pocket cards end to end: what a coach finds on the printed front and back of each card."""

from __future__ import annotations

import subprocess

import pytest
import zxingcpp
from PIL import Image

from cards import GlyphError, load_library, render_cards
from tests.conftest import (
    ROOT,
    collapse,
    decode_qr_codes,
    make_drill,
    page_sizes,
    page_texts,
    text_in_rect,
)
from tests.tools import program


@pytest.fixture(scope="module")
def builtin():
    library = load_library(ROOT / "drills.json")
    return library, render_cards(library)


def _card_text(result, index: int, back: bool) -> str:
    sheet = result.sheet
    number, slot = divmod(index, sheet.per_sheet)
    x, y, w, h = sheet.slot_rect(slot)
    if back:
        x = sheet.width - x - w
    return collapse(text_in_rect(result.pdf, 2 * number + int(back), (x, y, w, h)))


def test_every_field_is_on_its_own_card_front_and_back(builtin):
    library, result = builtin
    assert result.cards == len(library.drills) == 12
    for index, drill in enumerate(library.drills):
        front, back = _card_text(result, index, False), _card_text(result, index, True)
        assert drill.name in front and drill.name in back
        assert drill.summary in front
        assert drill.dosage in front
        assert drill.video_host in front
        for cue in drill.cues:
            assert cue in front
        for fault in drill.faults:
            assert fault.fault in back and fault.fix in back
        for variation in drill.variations:
            assert variation in back
        assert drill.cues[0] not in back and drill.faults[0].fix not in front


def test_every_qr_code_decodes_to_its_drills_video_on_its_card(builtin):
    library, result = builtin
    sheet = result.sheet
    for number in range(result.pages // 2):
        codes = decode_qr_codes(result.pdf, 2 * number)
        batch = library.drills[number * sheet.per_sheet : (number + 1) * sheet.per_sheet]
        assert sorted(text for text, _, _ in codes) == sorted(d.video for d in batch)
        for slot, drill in enumerate(batch):
            x, y, w, h = sheet.slot_rect(slot)
            assert any(
                text == drill.video and x < cx < x + w and y < cy < y + h for text, cx, cy in codes
            ), drill.id


@pytest.mark.parametrize(("paper", "size"), [("a4", (595.28, 841.89)), ("letter", (612, 792))])
def test_pages_are_the_paper_asked_for(run, paper, size):
    result = run("cards", "--paper", paper, "ankle-drill", "pogo-jumps")
    assert result.exit_code == 0, result.output
    sizes = page_sizes("out/cards.pdf")
    assert len(sizes) == 2
    for width, height in sizes:
        assert (width, height) == pytest.approx(size, abs=0.5)


def test_chosen_drills_print_in_the_order_given(run):
    result = run("cards", "pogo-jumps", "ankle-drill", "--no-backs", "-o", "two.pdf")
    assert result.exit_code == 0, result.output
    text = collapse(page_texts("two.pdf")[0])
    assert text.index("Pogo jumps") < text.index("Ankle drill")
    assert len(page_texts("two.pdf")) == 1


def test_unknown_drill_id_suggests_the_nearest(run):
    result = run("cards", "pogo-jump")
    assert result.exit_code == 2
    assert 'no drill with the id "pogo-jump"; did you mean "pogo-jumps"?' in result.output
    assert "Traceback" not in result.output


def test_build_writes_the_cards(run, tmp_path):
    result = run("build")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "cards.pdf").stat().st_size > 10_000
    assert "12" in result.output and "cards" in result.output


def test_drill_text_prints_literally_not_as_markup(run, drills_file):
    tricky = ["Knees & hips <90°>", "x <y and AT&T", "<b>not bold</b> &amp; done", "a 'b' \"c\""]
    drill = make_drill(
        name="Hops & <skips>",
        cues=tricky,
        dosage="3 × 20 m <easy>",
        faults=[{"fault": "Heel <strike>", "fix": "Land & go"}],
    )
    result = run("cards", "--drills", drills_file({"drills": [drill]}))
    assert result.exit_code == 0, result.output
    front, back = (collapse(t) for t in page_texts("out/cards.pdf"))
    for text in [*tricky, "Hops & <skips>", "3 × 20 m <easy>"]:
        assert text in front
    assert "Heel <strike>" in back and "Land & go" in back


def test_latin_extended_greek_and_cyrillic_print(run, drills_file):
    words = ["Příliš žluťoučký kůň", "Ελληνικά βήματα", "Бег на носках", "Łódź ŞĞİ ÆØÅ"]
    drill = make_drill(cues=words, name="Čeština ěřů")
    result = run("cards", "--drills", drills_file({"drills": [drill]}))
    assert result.exit_code == 0, result.output
    front = collapse(page_texts("out/cards.pdf")[0])
    for text in [*words, "Čeština ěřů"]:
        assert text in front


@pytest.mark.parametrize(
    ("field", "value", "where"),
    [
        ("cues", ["Run fast 🏃"], "cues[0]"),
        ("name", "Pogo 跳 jumps", "name"),
        ("faults", [{"fault": "Slow", "fix": "Quick 🔥"}], "faults[0].fix"),
    ],
)
def test_a_character_the_font_lacks_is_named_and_nothing_written(
    run, drills_file, field, value, where
):
    path = drills_file({"drills": [make_drill(**{field: value})]})
    result = run("cards", "--drills", path)
    assert result.exit_code == 2
    assert f'drills[0] ("test-drill").{where}' in result.output
    assert "U+" in result.output and "font" in result.output
    assert "Traceback" not in result.output
    assert not (path.parent / "out").exists()


def test_glyph_error_from_the_api(tmp_path, drills_file):
    library = load_library(drills_file({"drills": [make_drill(summary="Run 🏃 run")]}))
    with pytest.raises(GlyphError, match="U\\+1F3C3"):
        render_cards(library)


def test_a_long_link_warns_that_the_code_is_hard_to_scan(run, drills_file):
    url = "https://example.org/" + "long-path/" * 28
    result = run("cards", "--drills", drills_file({"drills": [make_drill(video=url)]}))
    assert result.exit_code == 0
    assert "warning:" in result.output and "shorter link" in result.output
    assert [text for text, _, _ in decode_qr_codes("out/cards.pdf", 0, dpi=300)] == [url]


def test_a_drill_without_optional_fields_prints(run, drills_file):
    result = run("cards", "--drills", drills_file({"drills": [make_drill()]}))
    assert result.exit_code == 0, result.output
    front, back = (collapse(t) for t in page_texts("out/cards.pdf"))
    assert "DOSAGE" not in front and "VARIATIONS" not in back
    assert "Test drill" in front and "Leaning back" in back


def test_codes_decode_from_a_poppler_rendering_at_150_dpi(builtin, tmp_path):
    """A second renderer at a phone-photo-like resolution reads every code on the first sheet."""
    library, result = builtin
    pdf = tmp_path / "cards.pdf"
    pdf.write_bytes(result.pdf)
    subprocess.run(
        [
            program("pdftoppm"),
            "-r",
            "150",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            str(pdf),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    [png] = tmp_path.glob("page*.png")
    with Image.open(png) as image:
        found = {
            code.text
            for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
        }
    assert found == {d.video for d in library.drills[: result.sheet.per_sheet]}


@pytest.mark.parametrize(
    ("options", "advice"),
    [
        ((), "double-sided, flip on the long edge"),
        (("--no-backs",), "print at actual size (100%)"),
    ],
)
def test_printing_advice_matches_what_was_printed(run, options, advice):
    result = run("cards", *options)
    assert result.exit_code == 0
    assert advice in result.output
    assert ("double-sided" in result.output) == (not options)
