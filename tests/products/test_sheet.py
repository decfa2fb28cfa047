"""Drill sheets end to end: one drill on one page, as a runner prints it or reads it on a phone.

Everything is read back from the real PDF: text and type sizes with pdfium, the QR code with
zxing-cpp, link annotations with pypdf, and the file as a whole by poppler and qpdf.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import subprocess
import sys
import tomllib

import pypdfium2 as pdfium
import pytest
import zxingcpp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from cards import FitError, GlyphError, load_library, render_sheet
from cards.data import schema
from cards.options import Options
from cards.render.units import mm, to_mm, to_points
from tests.conftest import (
    BUILTIN,
    ROOT,
    collapse,
    decode_qr_codes,
    make_drill,
    page_sizes,
    page_texts,
    text_in_rect,
)
from tests.render.test_fit import LIMIT, PLAIN, WIDE, fill, maximal_drill
from tests.tools import program

PAPERS = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}
IDS = [d["id"] for d in BUILTIN["drills"]]
CASES = [(drill_id, paper) for drill_id in IDS for paper in PAPERS]
FIELDS = schema.DRILL.fields
MAX = {
    **LIMIT,
    "video": FIELDS["video"].max_len,
    "focus_item": FIELDS["focus"].item.max_len,
    "focus": FIELDS["focus"].max_items,
    "equipment_item": FIELDS["equipment"].item.max_len,
    "equipment": FIELDS["equipment"].max_items,
}
SHEET_TOML = tomllib.loads((ROOT / "templates" / "sheet.toml").read_text(encoding="utf-8"))
FLOOR = {
    name: to_points(style.get("min_size", style["size"]))
    for name, style in SHEET_TOML["styles"].items()
}
# The styles of the body box (sheet.j2, block "body"): the floor a runner reads the drill at.
BODY_STYLES = ("heading", "dosage", "cue", "fault", "fix", "item")
MIN_QR = mm(30)


def no_space(text: str) -> str:
    """Whitespace removed. pdfium reads a hyphen that ends a line as U+FFFE; it prints as '-'."""
    return re.sub(r"\s+", "", text.replace("\ufffe", "-"))


def one_page_text(pdf) -> str:
    texts = page_texts(pdf)
    assert len(texts) == 1, f"{len(texts)} pages"
    return texts[0]


def qr_symbols(pdf, dpi: int = 150) -> list[tuple[str, float, float, float]]:
    """Every QR code on page 1: (text, width in points, centre x, centre y from the bottom)."""
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0]
        _, height = page.get_size()
        image = page.render(scale=dpi / 72).to_pil()
    finally:
        doc.close()
    found = []
    for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
        p = code.position
        corners = (p.top_left, p.top_right, p.bottom_right, p.bottom_left)
        # corners are the symbol's outer corners (quiet zone excluded), in pixels
        width = (
            min(
                ((a.x - b.x) ** 2 + (a.y - b.y) ** 2) ** 0.5
                for a, b in zip(corners, corners[1:] + corners[:1], strict=True)
            )
            * 72
            / dpi
        )
        cx = sum(c.x for c in corners) / 4 * 72 / dpi
        cy = height - sum(c.y for c in corners) / 4 * 72 / dpi
        found.append((code.text, width, cx, cy))
    return found


def link_annotations(pdf) -> list[tuple[str, tuple[float, float, float, float]]]:
    """(URI, (x0, y0, x1, y1)) of every /Link annotation on page 1, read strictly by pypdf."""
    page = PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf, strict=True).pages[0]
    found = []
    for ref in page.get("/Annots", []):
        annot = ref.get_object()
        if annot["/Subtype"] == "/Link":
            x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
            found.append(
                (annot["/A"]["/URI"], (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
            )
    return found


def char_sizes(pdf) -> list[tuple[str, float]]:
    """(character, font size in points) of every printed character on page 1."""
    doc = pdfium.PdfDocument(pdf)
    try:
        textpage = doc[0].get_textpage()
        return [
            (
                textpage.get_text_range(i, 1),
                round(pdfium.raw.FPDFText_GetFontSize(textpage.raw, i), 2),
            )
            for i in range(textpage.count_chars())
        ]
    finally:
        doc.close()


def char_boxes(pdf, text: str) -> list[tuple[str, tuple[float, float, float, float]]]:
    """(character, (left, bottom, right, top)) of each character where `text` is printed.

    Whitespace and line breaks are skipped, so a text wrapped over lines is found too.
    """
    doc = pdfium.PdfDocument(pdf)
    try:
        textpage = doc[0].get_textpage()
        chars = [
            (i, textpage.get_text_range(i, 1).replace("\ufffe", "-"))
            for i in range(textpage.count_chars())
        ]
        chars = [(i, c) for i, c in chars if c and not c.isspace()]
        start = "".join(c for _, c in chars).index(no_space(text))
        return [(c, textpage.get_charbox(i)) for i, c in chars[start : start + len(no_space(text))]]
    finally:
        doc.close()


def box(result, name: str):
    [found] = [b for b in result.layout.face("page") if b.name == name]
    return found


def library_of(tmp_path, *drills: dict):
    path = tmp_path / "drills.json"
    path.write_text(json.dumps({"drills": list(drills)}, ensure_ascii=False), encoding="utf-8")
    return load_library(path)


def template_copy(tmp_path, name: str, old: str, new: str):
    """A --templates folder holding one built-in layout file with `old` replaced by `new`."""
    folder = tmp_path / "my-layouts"
    folder.mkdir(exist_ok=True)
    text = (ROOT / "templates" / name).read_text(encoding="utf-8")
    assert old in text, f"{name} no longer contains {old!r}; update the test"
    (folder / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def library():
    return load_library(ROOT / "drills.json")


@pytest.fixture(scope="module")
def builtin_sheets(library):
    return {
        (d.id, paper): render_sheet(library, Options(paper), d.id)
        for d in library.drills
        for paper in PAPERS
    }


# ---- every built-in drill ------------------------------------------------------------------


def test_the_cases_cover_every_builtin_drill(library):
    assert [d.id for d in library.drills] == IDS and len(IDS) == 12


@pytest.mark.parametrize(("drill_id", "paper"), CASES)
def test_one_page_of_the_paper_asked_for(builtin_sheets, drill_id, paper):
    result = builtin_sheets[drill_id, paper]
    assert result.drill_id == drill_id and result.warnings == []
    [size] = page_sizes(result.pdf)
    assert size == pytest.approx(PAPERS[paper], abs=0.05)


@pytest.mark.parametrize(("drill_id", "paper"), CASES)
def test_every_field_of_the_drill_is_on_the_page(builtin_sheets, library, drill_id, paper):
    drill = library.drill(drill_id)
    text = collapse(one_page_text(builtin_sheets[drill_id, paper].pdf))
    assert f"{drill.category} · {drill.level.capitalize()}" in text
    assert "Focus: " + ", ".join(drill.focus) in text
    for value in [drill.name, drill.summary, drill.dosage, *drill.cues, *drill.variations]:
        assert value in text
    for fault in drill.faults:
        assert f"✗ {fault.fault} → {fault.fix}" in text
    assert no_space(drill.video) in no_space(text)
    # each in its place: name and summary beside the code, the coaching below
    result = builtin_sheets[drill_id, paper]
    header, body = (box(result, name) for name in ("header", "body"))
    top = collapse(text_in_rect(result.pdf, 0, (header.x, header.y, header.width, header.height)))
    assert drill.name in top and drill.summary in top and drill.cues[0] not in top
    below = collapse(text_in_rect(result.pdf, 0, (body.x, body.y, body.width, body.height)))
    assert drill.cues[-1] in below and drill.faults[-1].fix in below and drill.name not in below
    # read in this order, top to bottom
    order = [
        drill.name,
        drill.summary,
        "DOSAGE",
        drill.dosage,
        "CUES",
        drill.cues[0],
        "COMMON FAULTS",
        drill.faults[0].fault,
        "VARIATIONS",
        drill.variations[0],
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)


@pytest.mark.parametrize(("drill_id", "paper"), CASES)
def test_type_has_a_clear_hierarchy(builtin_sheets, library, drill_id, paper):
    """The name is the largest text; real drills' cues print near their full size (the
    picture above them takes some of the page: on Letter, which is shorter, a quarter)."""
    drill = library.drill(drill_id)
    sizes = char_sizes(builtin_sheets[drill_id, paper].pdf)
    largest = max(size for _, size in sizes)
    assert largest >= FLOOR["title"]
    printed = [(char, size) for char, size in sizes if not char.isspace()]
    title = printed[: len(no_space(drill.name))]  # the name comes first, and largest
    assert "".join(c for c, _ in title) == no_space(drill.name)
    assert {size for _, size in title} == {largest}
    text = "".join(char for char, _ in sizes)
    cue = text.index(drill.cues[0])
    cue_size = sizes[cue][1]
    full = to_points(SHEET_TOML["styles"]["cue"]["size"])
    assert cue_size >= (0.9 if paper == "a4" else 0.75) * full
    assert largest > cue_size > sizes[text.index(drill.video[:12])][1]


@pytest.mark.parametrize(("drill_id", "paper"), CASES)
def test_the_code_is_large_decodes_to_the_link_and_sits_at_the_top(
    builtin_sheets, library, drill_id, paper
):
    result = builtin_sheets[drill_id, paper]
    [(text, width, cx, cy)] = qr_symbols(result.pdf)
    assert text == library.drill(drill_id).video
    assert width >= MIN_QR, f"the code is {to_mm(width):.1f} mm wide"
    qr = box(result, "qr")
    assert qr.width >= MIN_QR and qr.height >= MIN_QR
    assert width == pytest.approx(min(qr.width, qr.height), abs=mm(1))
    assert qr.x < cx < qr.x + qr.width and qr.y < cy < qr.y + qr.height
    _, height = PAPERS[paper]
    assert cy > 0.75 * height  # in the top quarter: seen first, not folded away


@pytest.mark.parametrize(("drill_id", "paper"), CASES)
def test_the_code_and_the_printed_link_are_tappable(builtin_sheets, library, drill_id, paper):
    check_links(builtin_sheets[drill_id, paper], library.drill(drill_id).video)


def check_links(result, url: str) -> None:
    """Every link annotation opens exactly `url`: one over the code, the others over the link."""
    annotations = link_annotations(result.pdf)
    assert annotations and {uri for uri, _ in annotations} == {url}
    [(_, _, cx, cy)] = qr_symbols(result.pdf)
    on_code = [r for _, r in annotations if r[0] < cx < r[2] and r[1] < cy < r[3]]
    assert len(on_code) == 1
    x0, y0, x1, y1 = on_code[0]
    assert x1 - x0 >= MIN_QR and y1 - y0 >= MIN_QR  # the whole code, not a corner of it
    on_text = sorted((r for _, r in annotations if r not in on_code), key=lambda r: -r[3])
    link = box(result, "link")
    slack = 3  # reportlab's link rectangle is a line's leading tall, a little above the text
    for x0, y0, x1, y1 in on_text:
        assert link.x - slack <= x0 < x1 <= link.x + link.width + slack
        assert link.y - slack <= y0 < y1 <= link.y + link.height + slack
    # every printed character of the link lies in the link box, under one of them: a tap
    # anywhere on the link opens it. reportlab's rectangle is one line's leading tall and sits
    # about 1.5 pt above the glyphs, so an underscore hangs just below it: allow 2 pt.
    boxes = char_boxes(result.pdf, url)
    assert "".join(c for c, _ in boxes) == no_space(url)
    for char, (left, bottom, right, top) in boxes:
        x, y = (left + right) / 2, (bottom + top) / 2
        assert link.x <= x <= link.x + link.width and link.y <= y <= link.y + link.height, char
        assert any(x0 <= x <= x1 and y0 - 2 <= y <= y1 + 2 for x0, y0, x1, y1 in on_text), char


# ---- links of every shape -------------------------------------------------------------------

URLS = [
    "https://example.org/v?a=1&b=2%20x",
    "https://example.org/a_(b)\\c?q='x'&r=\"y\"<z>#top",
    "https://example.org/&amp;&lt;b&gt;x&#39;",  # entities stay as written, not decoded
    "https://example.org/бег/Příliš?q=ü&λ=1",
    "HTTP://EXAMPLE.ORG/UPPER/CASE",
    "http://[2001:db8::1]:8080/x;y?z",
    "https://example.org/" + "run-drill-" * 28,  # 300 characters, breaks at hyphens
    "https://example.org/" + "%D0%91" * 46 + "WW",  # 300 wide characters, no break
]


@pytest.mark.parametrize("url", URLS, ids=range(len(URLS)))
@pytest.mark.parametrize("paper", PAPERS)
def test_any_valid_link_is_printed_encoded_and_tappable_exactly(tmp_path, url, paper):
    assert len(url) <= MAX["video"]
    result = render_sheet(library_of(tmp_path, make_drill(video=url)), Options(paper), "test-drill")
    assert len(page_sizes(result.pdf)) == 1
    assert no_space(url) in no_space(one_page_text(result.pdf))
    check_links(result, url)


# ---- what a drill contains prints as written -------------------------------------------------


def test_every_optional_field_prints_equipment_too(tmp_path):
    drill = make_drill(
        category="Plyometrics",
        level="advanced",
        focus=["stiffness", "rhythm"],
        dosage="3 × 10 hops",
        variations=["On one leg"],
        equipment=["Cones", "A low hurdle (30 cm)", "Ladder & chalk"],
    )
    result = render_sheet(library_of(tmp_path, drill), Options(), "test-drill")
    text = collapse(one_page_text(result.pdf))
    for part in [
        "Plyometrics · Advanced",
        "Focus: stiffness, rhythm",
        "DOSAGE",
        "3 × 10 hops",
        "VARIATIONS",
        "On one leg",
        "EQUIPMENT",
        "Cones",
        "A low hurdle (30 cm)",
        "Ladder & chalk",
    ]:
        assert part in text
    assert text.index("VARIATIONS") < text.index("EQUIPMENT") < text.index("Cones")


def test_a_drill_without_optional_fields_has_no_empty_headings(tmp_path):
    result = render_sheet(library_of(tmp_path, make_drill()), Options(), "test-drill")
    text = collapse(one_page_text(result.pdf))
    assert "Test drill" in text and "Stay tall" in text and "Hips over the feet" in text
    for absent in ["DOSAGE", "VARIATIONS", "EQUIPMENT", "Focus", " · Beginner", "None"]:
        assert absent not in text
    assert [code for code, _, _ in decode_qr_codes(result.pdf, 0)] == [make_drill()["video"]]


def test_drill_text_prints_literally_not_as_markup(run, drills_file):
    tricky = ["Knees & hips <90°>", "<b>x</b> stays plain", "x <y and AT&T", "a 'b' \"c\""]
    drill = make_drill(
        name="Hops & <skips>",
        cues=tricky,
        dosage="3 × 20 m <easy>",
        category="SSC & <plyo>",
        focus=["<i>a</i>", "&amp;"],
        summary="Uses <br/> &nbsp; {{ drill.id }} {% raw %} literally.",
        faults=[{"fault": "Heel <strike>", "fix": "Land & go </p>"}],
        variations=["<font size=40>big</font>"],
        equipment=["Cones & poles"],
    )
    path = drills_file({"drills": [drill]})
    result = run("sheet", "test-drill", "--drills", path)
    assert result.exit_code == 0, result.output
    text = collapse(one_page_text("out/sheets/test-drill.pdf"))
    for part in [
        *tricky,
        "Hops & <skips>",
        "3 × 20 m <easy>",
        "SSC & <plyo>",
        "Focus: <i>a</i>, &amp;",
        drill["summary"],
        "Heel <strike>",
        "Land & go </p>",
        "<font size=40>big</font>",
        "Cones & poles",
    ]:
        assert part in text
    assert PdfReader("out/sheets/test-drill.pdf", strict=True).metadata.title == "Hops & <skips>"


def test_category_keeps_its_case_and_the_level_is_capitalised(tmp_path):
    drill = make_drill(category="SSC drills for iOS users", level="intermediate")
    result = render_sheet(library_of(tmp_path, drill), Options(), "test-drill")
    assert "SSC drills for iOS users · Intermediate" in collapse(one_page_text(result.pdf))


def test_greek_cyrillic_and_czech_print(tmp_path):
    words = ["Příliš žluťoučký kůň úpěl", "Ελληνικά βήματα", "Бег на носках", "Łódź ŞĞİ ÆØÅ"]
    drill = make_drill(
        name="Čeština ěščřžýáíé",
        cues=words,
        summary="Быстрые шаги, λ ≈ 1.",
        faults=[{"fault": "Ноги ленивые", "fix": "Πιο γρήγορα"}],
        equipment=["Kužely"],
    )
    result = render_sheet(library_of(tmp_path, drill), Options(), "test-drill")
    text = collapse(one_page_text(result.pdf))
    for part in [
        *words,
        "Čeština ěščřžýáíé",
        "Быстрые шаги, λ ≈ 1.",
        "Ноги ленивые",
        "Πιο γρήγορα",
        "Kužely",
    ]:
        assert part in text


@pytest.mark.parametrize(
    ("field", "value", "where"),
    [
        ("cues", ["Run fast 🏃"], "cues[0]"),
        ("name", "Pogo 🏃 jumps", "name"),
        ("faults", [{"fault": "Slow", "fix": "Quick 🏃"}], "faults[0].fix"),
        ("equipment", ["Cones", "Shoes 🏃"], "equipment[1]"),
        ("focus", ["🏃 cadence"], "focus[0]"),
        ("video", "https://example.org/🏃", "video"),  # the sheet prints the full link
    ],
)
def test_a_character_the_font_lacks_is_named_and_nothing_written(
    run, drills_file, field, value, where
):
    path = drills_file({"drills": [make_drill(**{field: value})]})
    result = run("sheet", "test-drill", "--drills", path)
    assert result.exit_code == 2
    assert f'drills[0] ("test-drill").{where}: the character "🏃" (U+1F3C3' in result.output
    assert "font" in result.output and "Traceback" not in result.output
    assert not (path.parent / "out").exists()


def test_glyph_error_from_the_api(tmp_path):
    with pytest.raises(GlyphError, match=r'drills\[0\] \("test-drill"\)\.summary: .*U\+1F3C3'):
        render_sheet(
            library_of(tmp_path, make_drill(summary="Run 🏃 run")), Options(), "test-drill"
        )


# ---- the most a drill may hold ---------------------------------------------------------------


def fullest_drill(words: list[int], chars: str) -> dict:
    """maximal_drill of test_fit plus focus, equipment and a link at the schema's limits."""
    drill = maximal_drill(0, words, chars)
    drill["focus"] = [fill(MAX["focus_item"], words, chars) for _ in range(MAX["focus"])]
    drill["equipment"] = [
        fill(MAX["equipment_item"], words, chars) for _ in range(MAX["equipment"])
    ]
    host = "https://example.org/"
    drill["video"] = host + ("W%" * MAX["video"])[: MAX["video"] - len(host)]
    return drill


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("chars", [PLAIN, WIDE], ids=["plain", "wide"])
@pytest.mark.parametrize("words", [[22], [3, 17, 30], [5], [26], [60]], ids=str)
def test_the_fullest_drill_fits_one_page_with_everything_on_it(tmp_path, paper, chars, words):
    library = library_of(tmp_path, fullest_drill(words, chars))
    [drill] = library.drills
    assert len(drill.video) == MAX["video"]
    result = render_sheet(library, Options(paper), drill.id)
    assert page_sizes(result.pdf) == [pytest.approx(PAPERS[paper], abs=0.05)]
    text = no_space(one_page_text(result.pdf))
    for value in [
        drill.name,
        drill.summary,
        drill.category,
        drill.dosage,
        drill.video,
        *drill.focus,
        *drill.cues,
        *drill.variations,
        *drill.equipment,
    ]:
        assert no_space(value) in text
    for fault in drill.faults:
        assert no_space(fault.fault) in text and no_space(fault.fix) in text


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    words=st.lists(st.integers(min_value=1, max_value=40), min_size=1, max_size=5),
    chars=st.sampled_from([PLAIN, WIDE, "iltf", "Жж", "Ωαβγ", "ÄÖÜß", "W%"]),
    paper=st.sampled_from(list(PAPERS)),
)
def test_any_drill_within_the_limits_fits_one_page(tmp_path, words, chars, paper):
    result = render_sheet(
        library_of(tmp_path, fullest_drill(words, chars)), Options(paper), "max-0"
    )
    assert len(page_sizes(result.pdf)) == 1


# One character set per field, disjoint from each other and from the sheet's own words, so the
# size of each character on the page tells which field (and so which style) it belongs to.
FIELD_CHARS = {  # field: (characters, its style in sheet.j2)
    "summary": ("бвЮ", "summary"),
    "category": ("гдЯ", "meta"),
    "focus": ("ёжФ", "meta"),
    "dosage": ("зиЦ", "dosage"),
    "cue": ("клЧ", "cue"),
    "fault": ("мнЭ", "fault"),
    "fix": ("прБ", "fix"),
    "variation": ("туД", "item"),
    "equipment": ("хцЛ", "item"),
}
NAME_CHARS = "ΣΨ"  # the name also prints small in the footer: it gets its own characters


@pytest.mark.parametrize("paper", PAPERS)
def test_the_fullest_drill_stays_above_every_legibility_floor(tmp_path, paper):
    """Shrinking stops at each style's min_size in sheet.toml: body text never below its floor."""

    def f(field: str, limit: int) -> str:
        return fill(limit, [9], FIELD_CHARS[field][0])

    used = "".join(chars for chars, _ in FIELD_CHARS.values())
    assert len(set(used)) == len(used) and not set(used) & set(WIDE + NAME_CHARS)
    drill = fullest_drill([9], WIDE)
    drill.update(
        name=fill(MAX["name"], [9], NAME_CHARS),
        summary=f("summary", MAX["summary"]),
        category=f("category", MAX["category"]),
        focus=[f("focus", MAX["focus_item"]) for _ in range(MAX["focus"])],
        dosage=f("dosage", MAX["dosage"]),
        cues=[f("cue", MAX["cue"]) for _ in range(MAX["cues"])],
        faults=[{"fault": f("fault", MAX["fault"]), "fix": f("fix", MAX["fix"])}] * MAX["faults"],
        variations=[f("variation", MAX["variation"]) for _ in range(MAX["variations"])],
        equipment=[f("equipment", MAX["equipment_item"]) for _ in range(MAX["equipment"])],
    )
    result = render_sheet(library_of(tmp_path, drill), Options(paper), drill["id"])
    sizes = char_sizes(result.pdf)
    seen = set()
    for field, (chars, style) in FIELD_CHARS.items():
        found = [size for char, size in sizes if char in chars]
        assert found, field
        assert min(found) >= FLOOR[style] - 0.01, f"{field} prints at {min(found)} pt"
        seen.add(style)
    assert set(BODY_STYLES) - {"heading"} <= seen
    body_chars = "".join(c for c, style in FIELD_CHARS.values() if style in BODY_STYLES)
    body = [size for char, size in sizes if char in body_chars]
    assert min(body) >= min(FLOOR[s] for s in BODY_STYLES) - 0.01
    # the name is still the largest text on the page, and the link never below its floor
    assert max(size for _, size in sizes) >= FLOOR["title"]
    assert min(size for char, size in sizes if not char.isspace()) >= FLOOR["link"] - 0.01


# ---- too much even at the floor ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "fields"),
    [
        ('top = "130mm"\nbottom = "22mm"', 'top = "130mm"\nheight = "30mm"', {"cues", "faults"}),
        ('top = "18mm"\nheight = "60mm"', 'top = "18mm"\nheight = "15mm"', {"name", "summary"}),
    ],
    ids=["body", "header"],
)
def test_too_full_at_the_floor_names_the_drill_and_field_and_writes_nothing(
    run, tmp_path, old, new, fields
):
    folder = template_copy(tmp_path, "sheet.toml", old, new)
    result = run("sheet", "ankle-drill", "--templates", folder)
    assert result.exit_code == 2
    found = re.search(
        r'drills\[0\] \("ankle-drill"\)\.(\w+): the A4 drill sheet is '
        r"[\d.]+ mm too full even at the smallest legible type",
        result.output,
    )
    assert found, result.output
    assert found.group(1) in fields
    assert f"shorten the {found.group(1)}" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_too_full_from_the_api(tmp_path, library):
    folder = template_copy(tmp_path, "sheet.toml", 'bottom = "22mm"', 'height = "20mm"')
    with pytest.raises(FitError, match="too full"):
        render_sheet(library, Options("letter", templates=folder), "pogo-jumps")


# ---- the command line ------------------------------------------------------------------------


def test_default_path_is_out_sheets_id_in_the_working_folder(run, tmp_path):
    result = run("sheet", "pogo-jumps")
    assert result.exit_code == 0, result.output
    path = tmp_path / "out" / "sheets" / "pogo-jumps.pdf"
    assert path.is_file() and sorted(p.name for p in path.parent.iterdir()) == ["pogo-jumps.pdf"]
    assert "wrote out/sheets/pogo-jumps.pdf" in result.output and "A4" in result.output
    assert page_sizes(path) == [pytest.approx(PAPERS["a4"], abs=0.05)]
    assert "Pogo jumps" in one_page_text(path)


def test_output_option_names_the_file(run, tmp_path):
    result = run("sheet", "high-knees", "-o", "print/knees.pdf")
    assert result.exit_code == 0, result.output
    assert "High knees" in one_page_text(tmp_path / "print" / "knees.pdf")
    assert not (tmp_path / "out").exists()


def test_letter_paper(run, tmp_path):
    result = run("sheet", "butt-kicks", "--paper", "letter")
    assert result.exit_code == 0, result.output
    assert "Letter" in result.output
    assert page_sizes(tmp_path / "out/sheets/butt-kicks.pdf") == [
        pytest.approx(PAPERS["letter"], abs=0.05)
    ]


def test_a_drill_from_the_drills_option(run, drills_file, tmp_path):
    path = drills_file({"drills": [make_drill(), make_drill(id="other", name="Other drill")]})
    result = run("sheet", "other", "--drills", path)
    assert result.exit_code == 0, result.output
    assert "Other drill" in one_page_text(tmp_path / "out/sheets/other.pdf")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["pogo-jump"], 'no drill with the id "pogo-jump"; did you mean "pogo-jumps"?'),
        (["ankle-drill", "--paper", "a5"], "Invalid value for '--paper'"),
        (["ankle-drill", "--templates", "no-such-folder"], "no-such-folder"),
    ],
)
def test_mistakes_exit_2_and_write_nothing(run, tmp_path, args, message):
    result = run("sheet", *args)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_templates_override_takes_effect(run, tmp_path):
    folder = template_copy(
        tmp_path,
        "sheet.j2",
        '<p style="heading">{{ t("cues") }}</p>',
        '<p style="heading">THINK OF THIS</p>',
    )
    result = run("sheet", "ankle-drill", "--templates", folder)
    assert result.exit_code == 0, result.output
    text = one_page_text(tmp_path / "out/sheets/ankle-drill.pdf")
    assert "THINK OF THIS" in text and "CUES" not in text
    assert "Ball of the foot hardly leaves the ground" in text


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param(
            "{{ drill.summary }}", "{{ drill.sumary }}", id="undefined"
        ),  # fails while rendering
        pytest.param(
            "{% if drill.focus %}", "{% if drill.focus %}{% endfor %}", id="syntax"
        ),  # fails while loading
    ],
)
def test_a_jinja_mistake_names_the_file_and_its_line(run, tmp_path, old, new):
    folder = template_copy(tmp_path, "sheet.j2", old, new)
    line = next(
        i for i, text in enumerate((folder / "sheet.j2").read_text().splitlines(), 1) if new in text
    )
    result = run("sheet", "ankle-drill", "--templates", folder)
    assert result.exit_code == 2
    assert "sheet.j2" in result.output and f"line {line}" in result.output, result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("{{ drill.summary }}", "{{ drill.sumary }}"),
        ("{% if drill.focus %}", "{% if drill.focus %}{% endfor %}"),
        ('<p style="heading">{{ t("cues") }}</p>', '<p style="headline">CUES</p>'),
    ],
    ids=["undefined", "syntax", "unknown-style"],
)
def test_a_jinja_mistake_exits_2_naming_sheet_j2(run, tmp_path, old, new):
    folder = template_copy(tmp_path, "sheet.j2", old, new)
    result = run("sheet", "ankle-drill", "--templates", folder)
    assert result.exit_code == 2
    assert "sheet.j2" in result.output and "Traceback" not in result.output
    assert "line" in result.output or 'did you mean "heading"' in result.output, result.output
    assert not (tmp_path / "out").exists()


# ---- the same bytes every time, readable everywhere --------------------------------------------


def test_rendering_twice_gives_the_same_bytes(library):
    assert (
        render_sheet(library, Options(), "stork-walk-toes").pdf
        == render_sheet(library, Options(), "stork-walk-toes").pdf
    )


def test_two_runs_of_the_command_write_the_same_bytes(run, tmp_path):
    for name in ("one.pdf", "two.pdf"):
        result = run("sheet", "straight-leg-bounds", "--paper", "letter", "-o", name)
        assert result.exit_code == 0, result.output
    assert (tmp_path / "one.pdf").read_bytes() == (tmp_path / "two.pdf").read_bytes()


def test_a_fresh_process_writes_the_same_bytes(tmp_path, library):
    """No state of this process (hash seed, registered fonts, caches) leaks into the file."""
    out = tmp_path / "fresh.pdf"
    env = {**os.environ, "PYTHONHASHSEED": "4242"}
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "sheet",
            "pogo-knee-drive",
            "--paper",
            "letter",
            "-o",
            str(out),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == render_sheet(library, Options("letter"), "pogo-knee-drive").pdf


@pytest.fixture(params=["builtin-a4", "fullest-letter"])
def sheet_path(request, tmp_path, library):
    if request.param == "builtin-a4":
        pdf = render_sheet(library, Options("a4"), "heel-knee-lift-combination").pdf
    else:
        fullest = library_of(tmp_path, fullest_drill([22], WIDE))
        pdf = render_sheet(fullest, Options("letter"), "max-0").pdf
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    return path


def test_pypdf_reads_it_strictly_without_warnings(sheet_path, caplog):
    caplog.set_level(logging.WARNING)
    reader = PdfReader(sheet_path, strict=True)
    assert len(reader.pages) == 1 and reader.pages[0].extract_text().strip()
    assert reader.metadata.title and reader.metadata.creator == "drillcards"
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_pdfium_renders_it(sheet_path):
    doc = pdfium.PdfDocument(sheet_path)
    try:
        assert len(doc) == 1
        low, high = doc[0].render(scale=0.5, grayscale=True).to_pil().convert("L").getextrema()
        assert low < 100 and high == 255
    finally:
        doc.close()


def test_poppler_reads_it_and_every_font_is_embedded(sheet_path):
    info = subprocess.run([program("pdfinfo"), str(sheet_path)], capture_output=True, text=True)
    assert info.returncode == 0 and info.stderr == "", info.stderr
    assert re.search(r"^Pages:\s+1$", info.stdout, re.M)
    fonts = subprocess.run([program("pdffonts"), str(sheet_path)], capture_output=True, text=True)
    assert fonts.returncode == 0 and fonts.stderr == "", fonts.stderr
    header, rule, *rows = fonts.stdout.splitlines()
    spans = [m.span() for m in re.finditer(r"-+", rule)]
    emb = next(i for i, (a, b) in enumerate(spans) if header[a:b].strip() == "emb")
    assert rows, "no fonts listed"
    for row in rows:
        a, b = spans[emb]
        assert row[a:b].strip() == "yes", row


def test_qpdf_finds_no_damage(sheet_path):
    check = subprocess.run(
        [program("qpdf"), "--check", str(sheet_path)], capture_output=True, text=True
    )
    assert check.returncode == 0 and check.stderr == "", check.stdout + check.stderr


def test_the_layout_the_tests_read_is_the_one_shipped():
    """The floors asserted above come from templates/sheet.toml; keep them generous."""
    assert FLOOR["cue"] >= 11 and FLOOR["fault"] >= 11 and FLOOR["fix"] >= 11
    assert FLOOR["summary"] >= 11 and FLOOR["title"] >= 18
    assert min(FLOOR[s] for s in BODY_STYLES) >= 10
    qr = next(b for b in SHEET_TOML["faces"]["sheet"]["page"] if b.get("kind") == "qr")
    assert to_points(qr["size"]) >= MIN_QR


# --- several sheets in one run ------------------------------------------------------------------


def test_several_ids_or_all_write_a_sheet_each(run, tmp_path):
    result = run("sheet", "pogo-jumps", "ankle-drill")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out" / "sheets").iterdir()) == [
        "ankle-drill.pdf",
        "pogo-jumps.pdf",
    ]
    assert "Pogo jumps" in page_texts(tmp_path / "out" / "sheets" / "pogo-jumps.pdf")[0]
    result = run("sheet", "--all")
    assert result.exit_code == 0, result.output
    made = sorted(p.stem for p in (tmp_path / "out" / "sheets").iterdir())
    assert made == sorted(d["id"] for d in BUILTIN["drills"])


@pytest.mark.parametrize(
    "args, message",
    [
        ((), "or use --all"),
        (("pogo-jumps", "ankle-drill", "-o", "two.pdf"), "names one file, but 2 sheets"),
        (("pogo-jumps", "no-such-drill"), '"no-such-drill"'),
    ],
)
def test_asking_for_sheets_wrongly_writes_nothing(run, tmp_path, args, message):
    result = run("sheet", *args)
    assert result.exit_code == 2 and message in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists() and not (tmp_path / "two.pdf").exists()


def test_a_sheet_that_cannot_print_stops_them_all(run, tmp_path, drills_file):
    drills_file(
        {"drills": [make_drill(id="fine"), make_drill(id="boxed", name="Box \u6f22 drill")]}
    )
    result = run("sheet", "fine", "boxed", "--drills", "drills.json")
    assert result.exit_code == 2 and "nothing was written" in result.output
    assert "boxed" in result.output and not (tmp_path / "out").exists()
