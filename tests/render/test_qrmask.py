"""cards.render.qrmask makes segno's own symbol: the same matrix, version and mask as
segno.make_qr(data, error="m", boost_error=False), with every penalty score as segno's; and the
symbol decodes.

Property-based (hypothesis), DRILLCARDS_EXAMPLES examples each (default 60), as in
test_properties.py.
"""

from __future__ import annotations

import pytest
import segno
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageOps
from segno import encoder

from cards.render.qrmask import (
    QrSymbol,
    _columns,
    _layout,
    _mask_scores,
    _pack,
    _penalty,
    best_matrix,
)
from tests.conftest import EXAMPLES

examples = settings(max_examples=EXAMPLES, deadline=None)


def segno_code(data: str):
    return segno.make_qr(data, error="m", boost_error=False)


def assert_same_as_segno(data: str) -> QrSymbol:
    symbol = best_matrix(data)
    code = segno_code(data)
    assert (symbol.version, symbol.mask) == (code.version, code.mask)
    assert symbol.matrix == code.matrix  # bytes rows compare equal to segno's bytearrays
    return symbol


# ------------------------------------------------------------------- any text, segno's symbol

PRINTABLE = st.characters(exclude_categories=("Cs", "Cc"))
SLUG = st.text("abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=40)
URLS = st.builds(
    lambda host, slug, n: f"https://{host}/drills/{slug}-{n}",
    st.sampled_from(["video.example.org", "www.youtube.com", "例え.jp", "club.example"]),
    SLUG,
    st.integers(0, 10**6),
)
TEXTS = st.one_of(
    st.text(PRINTABLE, min_size=1, max_size=300),  # byte mode, often UTF-8
    st.text("0123456789", min_size=1, max_size=300),  # numeric mode
    st.text("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:", min_size=1, max_size=300),
    URLS,
)


@examples
@given(TEXTS)
def test_any_text_gives_segnos_symbol(data):
    assert_same_as_segno(data)


# ------------------------------------------------- every version up to 13 and every mask chosen

# The first row of each: the mask segno chooses for it.
MASK_CASES = {
    0: "https://video.example.org/drills/a-skip-60",
    1: "https://video.example.org/drills/a-skip-8",
    2: "https://video.example.org/drills/a-skip-3",
    3: "https://video.example.org/drills/a-skip-95",
    4: "https://video.example.org/drills/carioca-16",
    5: "https://video.example.org/drills/a-skip-0",
    6: "https://video.example.org/drills/a-skip-1",
    7: "https://video.example.org/drills/a-skip-11",
}
# "Drill card Drill card ..." cut to the length where segno first needs each version 1..13.
VERSION_LENGTHS = (1, 15, 27, 43, 63, 85, 107, 123, 153, 181, 214, 252, 288)
VERSION_CASES = [("Drill card " * 30)[:n] for n in VERSION_LENGTHS]
# Two rules of segno's that a plain reading of ISO 18004 could miss, each deciding a mask here:
RULE_CASES = [
    # after an N3 hit the scan resumes behind it, so a pattern overlapping its end is not counted
    # (counted, mask 2 would win over 7)
    "https://video.example.org/drills/a-skip-23",
    # masks 5 and 6 tie (1370); the lower wins
    "https://video.example.org/drills/a-skip-2",
]
FIXED = [*MASK_CASES.values(), *VERSION_CASES, *RULE_CASES]


def test_the_fixed_cases_choose_every_mask_and_cover_versions_1_to_13():
    assert {segno_code(data).mask for data in MASK_CASES.values()} == set(range(8))
    assert [segno_code(data).mask for data in RULE_CASES] == [7, 5]
    assert {mask: segno_code(data).mask for mask, data in MASK_CASES.items()} == {
        mask: mask for mask in range(8)
    }
    assert [segno_code(data).version for data in VERSION_CASES] == list(range(1, 14))


@pytest.mark.parametrize("data", FIXED)
def test_fixed_case_gives_segnos_symbol(data):
    assert_same_as_segno(data)


@pytest.mark.parametrize("data", FIXED)
def test_every_mask_scores_as_segno_scores_it(data, monkeypatch):
    """Not just the winner: all eight penalty scores, as segno's evaluate_mask returns them."""
    scores = []
    evaluate = encoder.evaluate_mask

    def recording(matrix, width, height):
        scores.append(evaluate(matrix, width, height))
        return scores[-1]

    monkeypatch.setattr(encoder, "evaluate_mask", recording)
    code = segno_code(data)
    assert len(scores) == 8
    first = segno.make_qr(data, error="m", boost_error=False, mask=0)
    assert _mask_scores(first.matrix, code.version) == scores


# ---------------------------------------- the scoring itself, on matrices dense in its patterns

# Runs for N1, blocks for N2, and for N3 the pattern with and without its light margin,
# overlapping itself 4 and 6 modules on (where segno's scan skips a pattern after a hit).
PIECES = ("1011101", "0000", "00000", "11111", "0", "1", "10111011101", "1011101011101", "1100")


@examples
@given(st.integers(1, 8), st.randoms(use_true_random=False))
def test_penalty_equals_segnos_mask_scores_on_any_matrix(version, rnd):
    width = version * 4 + 17
    rows = []
    for _ in range(width):
        bits = ""
        while len(bits) < width + 7:
            bits += rnd.choice(PIECES)
        start = rnd.randrange(8)
        rows.append(bytes(int(bit) for bit in bits[start : start + width]))
    expected = sum(encoder.mask_scores([bytearray(row) for row in rows], width, width))
    assert _penalty(_pack(rows), _pack(_columns(rows)), _layout(version)) == expected


# ------------------------------------------------------------------------------ it decodes


def to_image(matrix, scale: int = 4, border: int = 4) -> Image.Image:
    width = len(matrix)
    pixels = bytes(255 * (1 - module) for row in matrix for module in row)  # dark is black
    image = Image.frombytes("L", (width, width), pixels)
    image = ImageOps.expand(image, border=border, fill=255)
    return image.resize((image.width * scale, image.height * scale), Image.Resampling.NEAREST)


@pytest.mark.parametrize(
    "data",
    [
        *MASK_CASES.values(),
        "https://www.youtube.com/results?search_query=ankle+drill+running&n=42",
        "https://video.example.org/drills/hüpfen-über-hürden",
    ],
)
def test_the_symbol_decodes_to_the_text(data):
    symbol = best_matrix(data)
    found = zxingcpp.read_barcodes(to_image(symbol.matrix), formats=zxingcpp.BarcodeFormat.QRCode)
    assert [code.text for code in found] == [data]


@pytest.mark.parametrize("broken", [None, "disagrees", "raises"])
def test_segno_own_choice_when_the_fast_path_is_absent_or_disagrees(monkeypatch, broken):
    """qrmask is optional: without it, or when it disagrees with segno (a changed segno), the
    codes are segno's own, the same as with it."""
    from cards.render import qr

    link = "https://www.youtube.com/results?search_query=pogo+jumps+running"
    qr.encode.cache_clear()
    qr._fast_masks.cache_clear()
    expected = qr.encode(link)

    def disagrees(data):
        symbol = best_matrix(data)
        return QrSymbol(symbol.matrix[::-1], symbol.version, symbol.mask)

    def raises(data):
        raise AttributeError("segno.encoder has no add_format_info")

    fake = {None: None, "disagrees": disagrees, "raises": raises}[broken]
    monkeypatch.setattr(qr, "best_matrix", fake)
    qr.encode.cache_clear()
    qr._fast_masks.cache_clear()
    try:
        assert not qr._fast_masks()
        assert qr.encode(link) == expected
    finally:
        qr.encode.cache_clear()
        qr._fast_masks.cache_clear()
