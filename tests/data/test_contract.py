"""The drills contract is sized for the drill sheet; each product checks the fit of what it prints.

Everything runs through the command line, as a coach would: a drill with five short cues on an
A7 card, a drill as full as a sheet allows on its sheet but refused for A7 (with what to do)
until it has a card short form, a drill without a video on every product, empty optional texts,
and check's table of what fits which card size.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from cards.data import schema
from cards.data.textlength import printed_length
from cards.render.layout import card_sizes
from tests.conftest import collapse, decode_qr_codes, make_drill, page_texts
from tests.render.test_fit import LIMIT, fill, maximal_drill

VIDEO = "https://example.org/videos/with-a-video"
FIVE_CUES = [
    "Tall posture",
    "Knee up to hip height",
    "Foot under the knee",
    "Land on the ball of the foot",
    "Arms relaxed",
]


def no_space(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("\ufffe", "-"))


def write(folder: Path, document: dict, name: str = "drills.json") -> Path:
    path = folder / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def faces(run, folder: Path, *args: str) -> list[str]:
    """The text of each card face, front then back, one face a page."""
    result = run("cards", *args, "--per-page", "-o", "faces.pdf")
    assert result.exit_code == 0, result.output
    return page_texts(folder / "faces.pdf")


def font_size(pdf: Path, page: int, text: str) -> float:
    """The type size of the first character of `text` on a page, as pdfium reads it."""
    doc = pdfium.PdfDocument(pdf)
    try:
        textpage = doc[page].get_textpage()
        found = textpage.search(text).get_next()
        assert found, f"{text!r} is not on page {page}"
        return pdfium.raw.FPDFText_GetFontSize(textpage.raw, found[0])
    finally:
        doc.close()


# ---- cards lay the drill out: what fits, prints ----------------------------------------------


def test_five_short_cues_print_on_an_a7_card(run, tmp_path):
    """Five cues were refused everywhere while the limits were the A7 card's worst case."""
    assert schema.DRILL.fields["cues"].max_items >= 5
    write(tmp_path, {"drills": [make_drill(cues=FIVE_CUES)]})
    front, _ = faces(run, tmp_path, "--size", "a7")
    for cue in FIVE_CUES:
        assert cue in collapse(front)


# ---- a drill as full as the sheet allows -----------------------------------------------------

SIZE_A7 = "A7 (74 × 105 mm)"


def spread(limit: int, word: str) -> str:
    """Words as long as fits `limit` in printed length, the last one cut to fit. The words are
    wide and just over half of a card's line at its smallest type, so a card holds one a line
    where the sheet, with lines twice as long, holds a field on one or two."""
    text = word
    while printed_length(f"{text} {word}") <= limit:
        text = f"{text} {word}"
    ends = (word[:end] for end in range(len(word), 0, -1))
    return next((f"{text} {end}" for end in ends if printed_length(f"{text} {end}") <= limit), text)


def sheet_sized_drill(cues: int = schema.DRILL.fields["cues"].max_items) -> dict:
    """A drill at the sheet's limits in wide words, no card short form: too full for A7 (by
    some 6 mm); each field has letters of its own, so the card's text tells which it shows."""
    return {
        "id": "sheet-sized",
        "name": spread(LIMIT["name"], "ШWШWШWШWШW"),
        "category": spread(LIMIT["category"], "ßßßßßßß"),  # twice as long in capitals
        "level": "advanced",
        "summary": spread(LIMIT["summary"], "M%M%M%M%M%M%M%M"),
        "dosage": spread(LIMIT["dosage"], "Ж@Ж@Ж@Ж@Ж@Ж@"),
        "cues": [spread(LIMIT["cue"], "W%W%W%W%W%W%W") for _ in range(cues)],
        "faults": [
            {
                "fault": spread(LIMIT["fault"], "ÆŒÆŒÆŒÆŒÆŒÆŒ"),
                "fix": spread(LIMIT["fix"], "ŒÆŒÆŒÆŒÆŒÆŒÆ"),
            }
        ]
        * LIMIT["faults"],
        "variations": [spread(LIMIT["variation"], "Œ@Œ@Œ@Œ@Œ@")] * LIMIT["variations"],
        "video": "https://example.org/videos/sheet-sized",
    }


@pytest.fixture
def sheet_sized() -> dict:
    return sheet_sized_drill()


def test_a_sheet_sized_drill_prints_on_its_sheet(run, tmp_path, sheet_sized):
    write(tmp_path, {"drills": [sheet_sized]})
    result = run("sheet", "sheet-sized")
    assert result.exit_code == 0, result.output
    [text] = page_texts(tmp_path / "out" / "sheets" / "sheet-sized.pdf")
    for cue in sheet_sized["cues"]:
        assert no_space(cue) in no_space(text)


def test_a_sheet_sized_drill_is_refused_for_a7_with_both_remedies(run, tmp_path, sheet_sized):
    write(tmp_path, {"drills": [sheet_sized]})
    result = run("cards", "--size", "a7")
    assert result.exit_code == 2
    message = collapse(result.output)
    assert 'drills.json: drills[0] ("sheet-sized").' in message
    found = re.search(
        r'\("sheet-sized"\)\.(\w+): the (front|back) of the A7 \(74 × 105 mm\) card '
        r"is ([\d.]+) mm too full even at the smallest legible type \((\d+) pt\): "
        r"the \w+ needs? (\d+) mm and there is room for (\d+) mm, about (\d+) lines? "
        r"too many; shorten the (\w+)",
        message,
    )
    assert found, message
    field, _, over, floor, needed, room, lines, shorten = found.groups()
    assert field == shorten and field in ("summary", "cues", "faults")
    assert float(over) > 0 and int(floor) == 7 and int(lines) >= 1
    assert int(needed) - int(room) == pytest.approx(float(over), abs=1)
    # both remedies: the largest card, where the drill fits, and the card short form
    assert "print it on a larger card (--size a6)" in message
    assert 'give it a short form for cards, "card": {"summary": ' in message
    assert "which only cards print" in message
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists() and not (tmp_path / "faces.pdf").exists()
    # the larger card it names does print it
    assert run("cards", "--size", "a6", "-o", "a6.pdf").exit_code == 0


def test_a_sheet_sized_drill_prints_on_a7_with_its_card_short_form(run, tmp_path, sheet_sized):
    short = {
        "summary": "Bounds up a gentle hill.",
        "cues": ["Knee up", "Push back", "Land under"],
        "faults": [{"fault": "Short steps", "fix": "Fewer, longer bounds"}],
    }
    write(tmp_path, {"drills": [{**sheet_sized, "card": short}]})
    front, back = (no_space(face) for face in faces(run, tmp_path, "--size", "a7"))
    for text in [short["summary"], *short["cues"]]:
        assert no_space(text) in front
    assert no_space("Short steps") in back and no_space("Fewer, longer bounds") in back
    # the drill's own words are not on the card: the short form takes their place
    assert no_space(sheet_sized["cues"][0]) not in front
    assert no_space(sheet_sized["summary"]) not in front
    assert no_space(sheet_sized["faults"][0]["fix"]) not in back
    # the name, the dosage and the variations still come from the drill
    assert no_space(sheet_sized["name"]) in front and no_space(sheet_sized["dosage"]) in front
    assert no_space(sheet_sized["variations"][0]) in back
    # the sheet shows the drill in full, not the short form
    assert run("sheet", "sheet-sized").exit_code == 0
    [sheet] = page_texts(tmp_path / "out" / "sheets" / "sheet-sized.pdf")
    assert no_space(sheet_sized["cues"][-1]) in no_space(sheet)
    assert no_space("Knee up") not in no_space(sheet)


def test_a_card_short_form_too_long_for_its_card_is_named_as_the_card_field(
    run, tmp_path, sheet_sized
):
    """Its place is card.cues; a card short form is not suggested twice."""
    long_form = {"cues": sheet_sized["cues"][: schema.CARD_CUES]}
    write(tmp_path, {"drills": [{**sheet_sized, "card": long_form}]})
    result = run("cards", "--size", "business")
    assert result.exit_code == 2
    message = collapse(result.output)
    assert 'drills[0] ("sheet-sized").card.cues: the front of the business' in message
    assert "shorten the card.cues" in message
    assert '"card": {' not in message


def test_a_translation_gives_its_own_card_short_form(run, tmp_path, sheet_sized):
    de = {"card": {"cues": ["Knie hoch", "Boden wegdrücken"]}}
    write(
        tmp_path,
        {"drills": [{**sheet_sized, "card": {"cues": ["Knee up"]}, "translations": {"de": de}}]},
    )
    front, _ = (no_space(face) for face in faces(run, tmp_path, "--lang", "de"))
    assert no_space("Knie hoch") in front and no_space("Boden wegdrücken") in front
    assert no_space("Knee up") not in front


def test_a_spreadsheet_gives_the_card_short_form_in_its_own_columns(run, tmp_path, sheet_sized):
    path = tmp_path / "drills.csv"
    row = {
        "id": "sheet-sized",
        **{key: sheet_sized[key] for key in ("name", "category", "level", "summary", "dosage")},
        "variations": "\n".join(sheet_sized["variations"]),
        **{f"cue {n}": cue for n, cue in enumerate(sheet_sized["cues"], 1)},
        **{
            f"{part} {n}": fault[part]
            for n, fault in enumerate(sheet_sized["faults"], 1)
            for part in ("fault", "fix")
        },
        "card summary": "Bounds up a gentle hill.",
        "card cue 1": "Knee up",
        "card cue 2": "Push back",
        "card fault 1": "Short steps",
        "card fix 1": "Longer",
        "video": sheet_sized["video"],
    }
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(row))
        writer.writeheader()
        writer.writerow(row)
    front, back = (no_space(face) for face in faces(run, tmp_path, "--size", "a7"))
    assert no_space("Knee up") in front and no_space("Push back") in front
    assert no_space("Short steps") in back
    # without those columns the drill is too full, and the message names the columns to fill
    for key in [key for key in row if key.startswith("card ")]:
        row[key] = ""
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(row))
        writer.writeheader()
        writer.writerow(row)
    result = run("cards", "--size", "a7", "-o", "again.pdf")
    assert result.exit_code == 2
    assert 'fill its columns "card summary", "card cue 1"' in collapse(result.output)
    assert not (tmp_path / "again.pdf").exists()


@pytest.mark.parametrize(
    ("headers", "cells", "expected"),
    [
        (
            ["card fault 1"],
            ["Short steps"],
            'row 1, column "card fault 1": has no column "card fix 1" beside it; add one',
        ),
        (
            ["card cues", "card cue 1"],
            ["Knee up", "Push"],
            'row 1, column "card cue 1": the card cues are given one per line in column '
            '"card cues" too; use either one cell or numbered columns',
        ),
        (
            ["card cuse 1"],
            ["Knee up"],
            'row 1, column "card cuse 1": is not a column drillcards '
            'knows; did you mean "card cue 1"?',
        ),
        (
            ["card cue 1"],
            ["W" * 61],
            'row 2 ("test-drill"), column "card cue 1": is 61 characters; at most 60 fit on a card',
        ),
    ],
    ids=["fault-without-fix", "lines-and-numbers", "misspelt", "too-long"],
)
def test_a_card_column_mistake_is_named_by_its_header(run, tmp_path, headers, cells, expected):
    path = tmp_path / "drills.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(
            [
                ["id", "name", "summary", "cue 1", "fault 1", "fix 1", *headers],
                ["test-drill", "T", "S", "Stay tall", "F", "X", *cells],
            ]
        )
    result = run("cards")
    assert result.exit_code == 2
    assert f"drills.csv: {expected}" in collapse(result.output)


# ---- a drill without a video -----------------------------------------------------------------

SILENT = make_drill(
    id="no-video",
    name="Stork walk",
    video=None,
    dosage="2 × 20 m",
    summary="Slow walk on the balls of the feet, knee up, ankle locked.",
    cues=FIVE_CUES,
    variations=["On the spot"],
)
WITH_VIDEO = make_drill(id="with-video", name="Pogo jumps", video=VIDEO)
LIBRARY = {
    "drills": [SILENT, WITH_VIDEO],
    "sessions": [
        {
            "id": "tuesday",
            "title": "Tuesday",
            "items": [{"drill": "no-video"}, {"drill": "with-video"}],
        }
    ],
}


@pytest.fixture
def built(run, tmp_path) -> Path:
    write(tmp_path, LIBRARY)
    result = run("build")
    assert result.exit_code == 0, result.output
    return tmp_path / "out"


def every_code(pdf: Path) -> list[str]:
    return [
        text for page in range(len(page_texts(pdf))) for text, _, _ in decode_qr_codes(pdf, page)
    ]


def test_a_drill_without_a_video_prints_its_card_without_a_code(built):
    texts = page_texts(built / "cards.pdf")
    assert every_code(built / "cards.pdf") == [VIDEO]  # the other drill's card has its code
    front = collapse(texts[0])
    for text in [SILENT["name"], SILENT["summary"], SILENT["dosage"], *SILENT["cues"]]:
        assert text in front
    assert "None" not in texts[0] + texts[1]


def test_a_drill_without_a_video_prints_its_sheet_without_a_code_or_link(built):
    pdf = built / "sheets" / "no-video.pdf"
    assert decode_qr_codes(pdf, 0) == []
    [text] = page_texts(pdf)
    for value in [
        SILENT["name"],
        SILENT["summary"],
        *SILENT["cues"],
        SILENT["variations"][0],
        SILENT["faults"][0]["fix"],
    ]:
        assert value in collapse(text)
    assert "Scan" not in text and "http" not in text and "None" not in text
    assert [code for code, _, _ in decode_qr_codes(built / "sheets" / "with-video.pdf", 0)] == [
        VIDEO
    ]


def test_a_drill_without_a_video_prints_in_the_session_and_the_handout(built):
    session = built / "sessions" / "tuesday.pdf"
    assert set(every_code(session)) == {VIDEO}
    text = collapse(" ".join(page_texts(session)))
    assert all(cue in text for cue in SILENT["cues"]) and "None" not in text
    handout = built / "handout.pdf"
    assert set(every_code(handout)) == {VIDEO}
    assert SILENT["cues"][0] in collapse(" ".join(page_texts(handout)))


def test_a_drill_without_a_video_is_on_the_web_page_without_a_video_link(built):
    page = (built / "site" / "index.html").read_text(encoding="utf-8")
    article = page.split('id="drill-no-video"', 1)[1].split("</article>", 1)[0]
    assert SILENT["name"] in article and "None" not in article and "http" not in article
    assert VIDEO in page.split('id="drill-with-video"', 1)[1].split("</article>", 1)[0]


def test_without_a_code_the_sheet_gives_its_room_to_the_text(run, tmp_path):
    """The same full drill prints in larger type without a video (sheet.toml's boxes with
    `when`): the code, the link and the header's narrow box make way for the text."""
    drill = maximal_drill(0, [9], "nae", card=False)
    drill["cues"] = [fill(LIMIT["cue"], [9], "клЧ") for _ in drill["cues"]]  # told apart
    write(tmp_path, {"drills": [drill, {**drill, "id": "silent", "video": ""}]})
    assert run("sheet", "--all").exit_code == 0
    sizes = {
        ident: font_size(tmp_path / "out" / "sheets" / f"{ident}.pdf", 0, drill["cues"][0][:12])
        for ident in ("max-0", "silent")
    }
    assert sizes["silent"] > sizes["max-0"], sizes


def test_without_a_code_the_card_gives_its_room_to_the_text(run, tmp_path):
    """A drill too full for A7 beside a code prints without one (card.toml's boxes with
    `when`); where it fits beside the code too, never in smaller type without it."""
    drill = sheet_sized_drill()
    write(tmp_path, {"drills": [drill]})
    coded = run("cards", "--per-page", "-o", "coded.pdf")
    write(tmp_path, {"drills": [{**drill, "video": ""}]})
    front, _ = faces(run, tmp_path)
    for cue in drill["cues"]:
        assert no_space(cue) in no_space(front)
    if coded.exit_code == 0:  # a layout with room for all of it beside the code
        cue = drill["cues"][0][:8]
        assert (
            font_size(tmp_path / "faces.pdf", 0, cue)
            >= font_size(tmp_path / "coded.pdf", 0, cue) - 0.01
        )
    else:
        assert coded.exit_code == 2 and "too full" in coded.output


def test_a_layout_without_when_still_prints_a_drill_without_a_video(run, tmp_path):
    """A club's own card.toml written before `when`: the code's box stays empty."""
    from tests.conftest import ROOT

    folder = tmp_path / "mine"
    folder.mkdir()
    layout = (ROOT / "templates" / "card.toml").read_text(encoding="utf-8")
    kept = [
        part
        for part in layout.split("\n[[")
        if not (part.startswith("faces.") and 'when = "no video"' in part)
    ]
    (folder / "card.toml").write_text(
        "\n[[".join(kept).replace('when = "video"\n', ""), encoding="utf-8"
    )
    write(tmp_path, {"drills": [SILENT]})
    result = run("cards", "--templates", folder, "-o", "made.pdf")
    assert result.exit_code == 0, result.output
    assert every_code(tmp_path / "made.pdf") == []
    text = page_texts(tmp_path / "made.pdf")[0]
    assert SILENT["cues"][0] in text and "None" not in text


# ---- empty optional texts are not given ------------------------------------------------------


def test_empty_optional_texts_count_as_not_given(run, tmp_path):
    drill = make_drill(dosage="", category="", level=" ", video="", variations=["On the spot"])
    session = {
        "id": "s",
        "title": "S",
        "notes": "",
        "warmup": "",
        "items": [{"drill": "test-drill", "notes": "", "dosage": ""}],
    }
    write(tmp_path, {"drills": [drill], "sessions": [session]})
    result = run("check")
    assert result.exit_code == 0, result.output
    front, _ = faces(run, tmp_path)
    assert "DOSAGE" not in front and "None" not in front
    assert run("sheet", "test-drill").exit_code == 0
    assert "Dosage" not in page_texts(tmp_path / "out" / "sheets" / "test-drill.pdf")[0]
    assert run("session", "s").exit_code == 0


def test_an_empty_required_text_is_still_a_mistake(run, tmp_path):
    write(tmp_path, {"drills": [make_drill(name="")]})
    result = run("cards")
    assert result.exit_code == 2
    assert 'drills[0] ("test-drill").name: must not be empty' in result.output


# ---- check: what fits which card size --------------------------------------------------------


def test_check_tables_the_drills_that_miss_some_card_sizes(run, tmp_path):
    """A drill that fits the size you print but not every other is no error; the table says so."""
    roomy = maximal_drill(0, [9], "nae", card=False)  # fits a7 and a6, not the smallest cards
    roomy["cues"] = roomy["cues"][:5]
    write(tmp_path, {"drills": [make_drill(), {**roomy, "id": "roomy"}, SILENT]})
    result = run("check")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    header = next(i for i, line in enumerate(lines) if line.split()[:1] == ["drill"])
    sizes = lines[header].split()[1:]
    assert sizes == list(card_sizes())
    rows = {
        line.split()[0]: dict(zip(sizes, line.split()[1:], strict=True))
        for line in lines[header + 1 :]
        if line.startswith("    ") and "✗" in line
    }
    assert set(rows) == {"roomy"}  # the drills that fit everywhere are left out
    assert rows["roomy"]["a7"] == rows["roomy"]["a6"] == "✓"
    assert rows["roomy"]["business"] == "✗"
    assert "1 drill does not fit every card size" in result.output
    assert "not a problem for the a7 cards you print" in result.output
    assert "note: 1 drill without a video prints without a QR code: no-video" in result.output
    # printing the size it misses is an error, naming the drill and what to do
    result = run("check", "--size", "business")
    assert result.exit_code == 2
    message = collapse(result.output)
    assert 'drills[1] ("roomy").' in message and "business" in message
    assert "--size a6" in message and '"card": {' in message


def test_check_says_when_every_drill_fits_every_size(run, tmp_path):
    write(tmp_path, {"drills": [make_drill()]})
    result = run("check")
    assert result.exit_code == 0, result.output
    assert f"every drill fits every card size ({', '.join(card_sizes())})" in result.output
    assert "without a video" not in result.output
