"""A drill's card short form within its limits fits the default A7 card, at a legible size,
however full the rest of the drill is (the limits are the drill sheet's:
tests/products/test_sheet.py)."""

from __future__ import annotations

import re

import pypdfium2 as pdfium
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cards import load_library, render_cards
from cards.data import schema
from cards.data.textlength import printed_length
from cards.options import Options
from tests.conftest import EXAMPLES, page_texts

FIELDS = schema.DRILL.fields
LIMIT = {
    "name": FIELDS["name"].max_len,
    "summary": FIELDS["summary"].max_len,
    "cue": FIELDS["cues"].item.max_len,
    "cues": FIELDS["cues"].max_items,
    "fault": schema.FAULT.fields["fault"].max_len,
    "fix": schema.FAULT.fields["fix"].max_len,
    "faults": FIELDS["faults"].max_items,
    "variation": FIELDS["variations"].item.max_len,
    "variations": FIELDS["variations"].max_items,
    "dosage": FIELDS["dosage"].max_len,
    "category": FIELDS["category"].max_len,
}
CARD = schema.CARD.fields
CARD_LIMIT = {
    "summary": CARD["summary"].max_len,
    "cue": CARD["cues"].item.max_len,
    "cues": CARD["cues"].max_items,
    "fault": CARD["faults"].item.fields["fault"].max_len,
    "fix": CARD["faults"].item.fields["fix"].max_len,
    "faults": CARD["faults"].max_items,
}
# Characters that are wide in the card font, and ordinary ones, to fill fields to the limit.
WIDE = "WMmwШЖЩ—@%ÆŒ"
PLAIN = "nae"


LONGEST_WORD = 12  # made-up letters have no place to break: longer words are written as several


def fill(limit: int, words: list[int], chars: str) -> str:
    """Words of the given lengths (cycled), as long as fits `limit` in printed length. A word
    with no place to break that is too long for its line is named in the fit error
    (tests/render/test_typography.py), so made-up words longer than LONGEST_WORD letters go
    in pieces."""
    text, i = "", 0
    while True:
        letters = "".join(chars[(i + k) % len(chars)] for k in range(words[i % len(words)]))
        word = " ".join(
            letters[at : at + LONGEST_WORD] for at in range(0, len(letters), LONGEST_WORD)
        )
        candidate = f"{text} {word}" if text else word
        if printed_length(candidate) > limit:
            # top up with single characters so the field is exactly at its limit
            for char in chars * 3:
                last = text.rsplit(" ", 1)[-1]
                joined = f"{text} {char}" if len(last) >= LONGEST_WORD else f"{text}{char}"
                if printed_length(joined) <= limit:
                    text = joined
            return text
        text, i = candidate, i + 1


def maximal_drill(index: int, words: list[int], chars: str, card: bool = True) -> dict:
    """A drill with every field the cards print at the limits; with `card`, its card short form
    at the card limits too, in other letters of the same widths (so the two can be told apart)."""

    def f(limit: int, chars: str = chars) -> str:
        return fill(limit, words, chars)

    drill = {
        "id": f"max-{index}",
        "name": f(LIMIT["name"]),
        "summary": f(LIMIT["summary"]),
        "cues": [f(LIMIT["cue"]) for _ in range(LIMIT["cues"])],
        "faults": [
            {"fault": f(LIMIT["fault"]), "fix": f(LIMIT["fix"])} for _ in range(LIMIT["faults"])
        ],
        "video": "https://example.org/drills/" + "v" * 40,
        "category": f(LIMIT["category"]),
        "level": "intermediate",
        "dosage": f(LIMIT["dosage"]),
        "variations": [f(LIMIT["variation"]) for _ in range(LIMIT["variations"])],
    }
    if card:
        other = chars[1:] + chars[:1]
        drill["card"] = {
            "summary": f(CARD_LIMIT["summary"], other),
            "cues": [f(CARD_LIMIT["cue"], other) for _ in range(CARD_LIMIT["cues"])],
            "faults": [
                {"fault": f(CARD_LIMIT["fault"], other), "fix": f(CARD_LIMIT["fix"], other)}
                for _ in range(CARD_LIMIT["faults"])
            ],
        }
    return drill


PATTERNS = [[n] for n in range(1, 46)] + [[60], [200], [21, 1], [22, 2, 9], [3, 17, 30]]


def build(drills: list[dict], tmp_path, **options):
    path = tmp_path / "max.json"
    import json

    path.write_text(json.dumps({"drills": drills}, ensure_ascii=False), encoding="utf-8")
    return load_library(path), render_cards(load_library(path), Options(**options))


def no_space(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.slow
@pytest.mark.parametrize("chars", [PLAIN, WIDE], ids=["plain", "wide"])
def test_maximal_drills_fit_the_default_card(tmp_path, chars):
    drills = [maximal_drill(i, words, chars) for i, words in enumerate(PATTERNS)]
    library, result = build(drills, tmp_path)
    assert result.cards == len(drills)
    texts = page_texts(result.pdf)
    for i, drill in enumerate(library.drills):
        sheet = i // result.sheet.per_sheet
        front, back = no_space(texts[2 * sheet]), no_space(texts[2 * sheet + 1])
        for cue in drill.card.cues:
            assert no_space(cue) in front
        for fault in drill.card.faults:
            assert no_space(fault.fault) in back and no_space(fault.fix) in back
        assert no_space(drill.card.summary) in front and no_space(drill.name) in back
        assert no_space(drill.dosage) in front
        for variation in drill.variations:
            assert no_space(variation) in back


def test_maximal_text_stays_legible(tmp_path):
    """Shrunk text never goes below the floor: 7 pt for drill text, 5.5 pt for the link's host."""
    _, result = build([maximal_drill(0, [22], "nu")], tmp_path)  # "example.org" has no n or u
    doc = pdfium.PdfDocument(result.pdf)
    body, everything = set(), set()
    for page in (doc[0], doc[1]):
        textpage = page.get_textpage()
        for i in range(textpage.count_chars()):
            size = round(pdfium.raw.FPDFText_GetFontSize(textpage.raw, i), 2)
            char = textpage.get_text_range(i, 1)
            if not char.isspace():
                everything.add(size)
            if char in "nu":
                body.add(size)
    doc.close()
    assert min(body) >= 7.0
    assert min(everything) >= 5.5


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    words=st.lists(st.integers(min_value=1, max_value=40), min_size=1, max_size=6),
    chars=st.sampled_from([PLAIN, WIDE, "iltf", "Жж", "Ωαβγ", "ÄÖÜß"]),
)
def test_any_drill_within_limits_fits(tmp_path, words, chars):
    _, result = build([maximal_drill(0, words, chars)], tmp_path)
    assert result.cards == 1


def test_too_much_for_a_small_card_names_drill_field_and_size(run, drills_file):
    path = drills_file({"drills": [maximal_drill(0, [22], PLAIN)]})
    result = run("cards", "--drills", path, "--size", "business")
    assert result.exit_code == 2
    assert 'drills[0] ("max-0").' in result.output
    assert "business" in result.output and "--size" in result.output
    assert "Traceback" not in result.output
    assert not (path.parent / "out").exists()


# --- plain text skips reportlab's markup parser and wraps exactly as it would --------------------


def _lines(paragraph) -> list[str]:
    """The words of each wrapped line, however reportlab holds them."""
    lines = []
    for line in paragraph.blPara.lines:
        if isinstance(line, tuple):  # (free space, words): one fragment
            lines.append(" ".join(line[1]))
        else:  # several fragments, as the parser splits text at each entity
            lines.append(" ".join("".join(frag.text for frag in line.words).split()))
    return lines


@settings(max_examples=EXAMPLES, deadline=None)
@given(
    text=st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=200),
    width=st.floats(20, 300),
    bold=st.booleans(),
)
def test_plain_text_wraps_exactly_as_reportlab_parses_it(text, width, bold):
    from markupsafe import escape
    from reportlab.platypus import Paragraph

    from cards.render.layout import Style, load_card_layout
    from cards.render.textfit import _paragraph, _paragraph_style

    fonts = load_card_layout("a7").fonts
    pstyle = _paragraph_style(
        Style("cue", 9, 7, 1.2, "#000000", bold, bullet="•", indent=3), 0.5, fonts
    )
    markup = str(escape(text))
    fast, parsed = _paragraph(markup, pstyle, "•"), Paragraph(markup, pstyle, bulletText="•")
    assert fast.frags is not parsed.frags and len(fast.frags) == 1
    assert fast.wrap(width, 1e6) == parsed.wrap(width, 1e6)
    assert _lines(fast) == _lines(parsed)


def test_markup_with_tags_still_goes_through_the_parser():
    from reportlab.platypus import Paragraph

    from cards.render.layout import Style, load_card_layout
    from cards.render.textfit import _paragraph, _paragraph_style

    fonts = load_card_layout("a7").fonts
    pstyle = _paragraph_style(Style("cue", 9, 7, 1.2, "#000000"), 1.0, fonts)
    markup = "Keep <b>hips</b> high &amp; level"
    fast = _paragraph(markup, pstyle, None)
    assert [f.text for f in fast.frags] == [f.text for f in Paragraph(markup, pstyle).frags]
    assert len(fast.frags) > 1
