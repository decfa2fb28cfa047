"""Print a designer would sign (issue 21), read back from the real PDFs: text in a light club
colour darkened to read on the paper while bands keep the colour, measured in the rendered
pixels; the club's name or logo at the foot of every card back, inside the safe zone; and, in
every shipped language, words broken only where they may be, with their hyphen, and no line
left holding only punctuation."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pypdfium2 as pdfium
import pyphen
import pytest
from PIL import Image

from cards.render.faces import printed_fields
from cards.render.layout import card_sizes
from tests.conftest import BUILTIN, ROOT, as_written, make_drill, page_texts

GOLD = "#ffd700"
SAFE_ZONE = 3 * 72 / 25.4  # points
CLUB = "Golden Striders"
CARD_SIZES = tuple(card_sizes())


def luminance(rgb: tuple[int, ...]) -> float:
    """WCAG relative luminance of an sRGB colour."""

    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(first: tuple[int, ...], second: tuple[int, ...]) -> float:
    a, b = sorted((luminance(first), luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def hex_rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def club_file(folder: Path, accent: str = GOLD, logo: bool = False, name: str = CLUB) -> None:
    lines = [f'name = "{name}"', f'accent = "{accent}"']
    if logo:
        Image.new("RGB", (60, 20), "#202060").save(folder / "crest.png")
        lines.append('logo = "crest.png"')
    (folder / "club.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def word_box(pdf: Path, page: int, text: str) -> tuple[float, float, float, float] | None:
    """(left, bottom, right, top) in PDF points of where `text` is printed largest (a heading
    rather than the running head with the same words)."""
    doc = pdfium.PdfDocument(pdf)
    try:
        textpage = doc[page].get_textpage()
        searcher = textpage.search(text)
        found = []
        while (match := searcher.get_next()) is not None:
            index, count = match
            boxes = [textpage.get_charbox(i) for i in range(index, index + count)]
            found.append(
                (
                    min(b[0] for b in boxes),
                    min(b[1] for b in boxes),
                    max(b[2] for b in boxes),
                    max(b[3] for b in boxes),
                )
            )
        return max(found, key=lambda box: box[3] - box[1]) if found else None
    finally:
        doc.close()


def printed_colour(
    pdf: Path, page: int, text: str, background: tuple[int, ...] = (255, 255, 255), dpi: int = 400
) -> tuple[int, int, int]:
    """The colour `text` is printed in on `background`, as pdfium renders it: the pixels of its
    box that differ most from the background (the cores of the strokes, not their
    anti-aliased edges)."""
    box = word_box(pdf, page, text)
    assert box is not None, f"{text!r} is not on page {page + 1}"
    doc = pdfium.PdfDocument(pdf)
    try:
        pdf_page = doc[page]
        height = pdf_page.get_size()[1]
        image = pdf_page.render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        doc.close()
    scale = dpi / 72
    left, bottom, right, top = box
    crop = image.crop(
        (
            int(left * scale),
            int((height - top) * scale),
            int(right * scale) + 1,
            int((height - bottom) * scale) + 1,
        )
    )
    data = crop.tobytes()
    pixels = sorted(
        (tuple(data[i : i + 3]) for i in range(0, len(data), 3)),
        key=lambda pixel: -ratio(pixel, background),
    )
    core = pixels[: max(1, len(pixels) // 20)]
    middle = core[len(core) // 2]
    return middle


def pixel_at(pdf: Path, page: int, x: float, y: float, dpi: int = 200) -> tuple[int, int, int]:
    """The colour rendered at (x, y) PDF points from the page's lower left."""
    doc = pdfium.PdfDocument(pdf)
    try:
        pdf_page = doc[page]
        height = pdf_page.get_size()[1]
        image = pdf_page.render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        doc.close()
    return image.getpixel((int(x * dpi / 72), int((height - y) * dpi / 72)))


# --- contrast -------------------------------------------------------------------------------

FIRST = BUILTIN["drills"][0]


@pytest.mark.parametrize("product", ["card", "sheet", "session"])
def test_a_gold_club_colour_prints_headings_that_read_on_white(run, tmp_path, product):
    """The heading of each product, in the club's gold, measured on the rendered page: at least
    4.5:1 against the paper, and still the club's hue (yellow, not grey or black)."""
    club_file(tmp_path)
    session = BUILTIN["sessions"][0]
    args, pdf, heading = {
        "card": (("cards", "--per-page", FIRST["id"]), "out/cards.pdf", FIRST["name"]),
        "sheet": (("sheet", FIRST["id"]), f"out/sheets/{FIRST['id']}.pdf", FIRST["name"]),
        "session": (
            ("session", session["id"]),
            f"out/sessions/{session['id']}.pdf",
            session["title"],
        ),
    }[product]
    result = run(*args)
    assert result.exit_code == 0, result.output
    colour = printed_colour(tmp_path / pdf, 0, heading)
    paper = (255, 255, 255)
    assert ratio(colour, paper) >= 4.5, (colour, ratio(colour, paper))
    red, green, blue = colour
    assert red > blue + 40 and green > blue + 40, f"{colour} is no longer the club's gold"


def test_the_band_keeps_the_club_gold(run, tmp_path):
    club_file(tmp_path)
    assert run("cards", "--per-page", FIRST["id"]).exit_code == 0
    pdf = tmp_path / "out" / "cards.pdf"
    width, height = pdfium.PdfDocument(pdf)[0].get_size()
    band = pixel_at(pdf, 0, width / 2, height - 1.2 * 72 / 25.4)  # inside the 2.5 mm band
    assert max(abs(a - b) for a, b in zip(band, hex_rgb(GOLD), strict=True)) <= 2, band


def test_the_build_notes_the_darkened_colour_once(run, tmp_path):
    club_file(tmp_path)
    result = run("build")
    assert result.exit_code == 0, result.output
    notes = [
        line for line in result.output.splitlines() if line.startswith("warning:") and GOLD in line
    ]
    assert len(notes) == 1, notes
    assert "club.toml" in notes[0] and "4.5:1" in notes[0] and "bands" in notes[0]


def test_a_dark_club_colour_prints_as_given_and_says_nothing(run, tmp_path):
    club_file(tmp_path, accent="#0b6e4f")
    result = run("cards", "--per-page", FIRST["id"])
    assert result.exit_code == 0 and "warning" not in result.output, result.output
    colour = printed_colour(tmp_path / "out" / "cards.pdf", 0, FIRST["name"])
    assert max(abs(a - b) for a, b in zip(colour, hex_rgb("#0b6e4f"), strict=True)) <= 3


def layouts_with(tmp_path: Path, change) -> Path:
    """A layout folder holding a copy of the built-in card.toml, changed by `change`."""
    folder = tmp_path / "mine"
    folder.mkdir(exist_ok=True)
    text = (ROOT / "templates" / "card.toml").read_text(encoding="utf-8")
    (folder / "card.toml").write_text(change(text), encoding="utf-8")
    return folder


def test_a_layouts_own_light_text_colour_is_held_to_the_same_rule(run, tmp_path):
    """card.toml's own muted grey made nearly white: the category line still reads, and the
    warning names the layout's colour."""
    layouts_with(tmp_path, lambda text: text.replace('muted = "#5f5f5f"', 'muted = "#eeeeee"'))
    result = run("cards", "--per-page", "--templates", "mine", FIRST["id"])
    assert result.exit_code == 0, result.output
    assert "card.toml: colors.muted: the colour #eeeeee" in result.output
    meta = FIRST["category"].upper()
    colour = printed_colour(tmp_path / "out" / "cards.pdf", 0, meta)
    assert ratio(colour, (255, 255, 255)) >= 4.5, colour


BAND_ON_BACK = """
[[faces.tall-large.back]]
name = "low-band"
kind = "band"
color = "accent"
left = "0mm"
right = "0mm"
bottom = "12mm"
height = "14mm"

[[faces.tall-large.back]]
name = "on-band"
block = "on_band"
left = "9mm"
right = "9mm"
bottom = "14mm"
height = "10mm"

[styles.white]
size = "12pt"
bold = true
color = "white"
"""


def _band_layout(text: str) -> str:
    """The A6 back's text ends higher up, over a band of the club's colour with a box on it."""
    old = 'block = "back_text"\nleft = "7mm"\nright = "7mm"\ntop = "7mm"\nbottom = "7mm"'
    assert old in text
    text = text.replace(old, old.replace('bottom = "7mm"', 'bottom = "30mm"'))
    text = text.replace("[colors]\n", '[colors]\nwhite = "#ffffff"\n', 1)
    return text + BAND_ON_BACK


@pytest.mark.parametrize("accent, dark", [(GOLD, True), ("#0b6e4f", False)])
def test_white_text_on_a_band_switches_to_dark_ink_where_it_would_not_read(
    run, tmp_path, accent, dark
):
    """White text on a band of the club's colour: kept white on dark green, dark ink on gold."""
    folder = layouts_with(tmp_path, _band_layout)
    j2 = (ROOT / "templates" / "card.j2").read_text(encoding="utf-8")
    (folder / "card.j2").write_text(
        j2 + '\n{% block on_band %}<p style="white">ON THE BAND</p>{% endblock %}\n',
        encoding="utf-8",
    )
    club_file(tmp_path, accent=accent)
    result = run("cards", "--per-page", "--size", "a6", "--templates", "mine", FIRST["id"])
    assert result.exit_code == 0, result.output
    colour = printed_colour(tmp_path / "out" / "cards.pdf", 1, "ON THE BAND", hex_rgb(accent))
    assert ratio(colour, hex_rgb(accent)) >= 4.5, colour
    assert (luminance(colour) < 0.1) == dark, colour
    assert ("lies on the band" in result.output) == dark, result.output


# --- the club on every card -----------------------------------------------------------------

# the built-in drills as words alone: the text of every size's front has its full room
DRILLS_WITHOUT_PICTURES = [
    {k: v for k, v in d.items() if k not in ("image", "image_credit")} for d in BUILTIN["drills"]
]


@pytest.mark.parametrize("size", CARD_SIZES)
def test_the_clubs_name_is_at_the_foot_of_every_card_back_inside_the_safe_zone(
    run, tmp_path, drills_file, size
):
    club_file(tmp_path)
    path = drills_file({"drills": DRILLS_WITHOUT_PICTURES})
    result = run("cards", "--per-page", "--size", size, "--drills", path)
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "out" / "cards.pdf"
    doc = pdfium.PdfDocument(pdf)
    pages = len(doc)
    width, height = doc[0].get_size()
    doc.close()
    assert pages == 2 * len(DRILLS_WITHOUT_PICTURES)
    for back in range(1, pages, 2):
        box = word_box(pdf, back, CLUB)
        assert box is not None, f"no club name on back page {back + 1}"
        left, bottom, right, top = box
        assert left >= SAFE_ZONE and right <= width - SAFE_ZONE, (back, box)
        assert bottom >= SAFE_ZONE - 0.5 and top < height / 4, (back, box)  # at the foot
    assert word_box(pdf, 0, CLUB) is None  # the front is the drill's


def test_a_club_with_a_logo_prints_its_logo_there_instead_of_its_name(run, tmp_path):
    club_file(tmp_path, logo=True)
    assert run("cards", "--per-page", FIRST["id"]).exit_code == 0
    pdf = tmp_path / "out" / "cards.pdf"
    assert word_box(pdf, 1, CLUB) is None
    doc = pdfium.PdfDocument(pdf)
    try:
        width, height = doc[1].get_size()
        images = [
            obj.get_bounds()
            for obj in doc[1].get_objects()
            if obj.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE
        ]
    finally:
        doc.close()
    assert len(images) == 1, images
    left, bottom, right, top = images[0]
    assert bottom >= SAFE_ZONE - 0.01 and top < height / 4
    assert left >= SAFE_ZONE and right <= width - SAFE_ZONE
    assert pixel_at(pdf, 1, (left + right) / 2, (bottom + top) / 2) == hex_rgb("#202060")


def test_without_a_club_the_back_carries_no_club(run, tmp_path):
    assert run("cards", "--per-page", FIRST["id"]).exit_code == 0
    text = pdfium.PdfDocument(tmp_path / "out" / "cards.pdf")[1].get_textpage().get_text_range()
    assert text.rstrip().endswith(FIRST["variations"][-1].split()[-1])


def test_a_layout_may_drop_the_club(run, tmp_path):
    def drop(text: str) -> str:
        return re.sub(r'\[\[faces\.[a-z-]+\.back\]\]\nname = "club"\n(?:[a-z_]+ = .*\n)+', "", text)

    layouts_with(tmp_path, drop)
    club_file(tmp_path)
    result = run("cards", "--per-page", "--templates", "mine", FIRST["id"])
    assert result.exit_code == 0, result.output
    assert word_box(tmp_path / "out" / "cards.pdf", 1, CLUB) is None


def test_a_club_name_too_long_for_the_foot_of_a_card_is_named(run, tmp_path):
    club_file(tmp_path, name="W" * 60)
    result = run("cards", "--size", "poker")
    assert result.exit_code == 2, result.output
    assert "club.toml: name:" in result.output and 'box "club"' in result.output
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()


# --- words broken only where they may be, in every printed language -------------------------

LANGUAGES = ("en", "de", "fr", "it", "pl")
LETTERS = r"[^\W\d_]+"
WORD = re.compile(rf"{LETTERS}(?:-{LETTERS})*")
UNIT = re.compile(r"^(?:k?m|cm|s|min|mins|Min\.|h|×|x|%|reps?)\b")


def source_texts(library) -> list[str]:
    """Every text the products print from the library in its language, and its labels."""
    texts = [text for drill in library.drills for _, text in printed_fields(drill)]
    for session in library.sessions:
        texts += [t for t in (session.title, session.warmup, session.cooldown, session.notes) if t]
        texts += [t for item in session.items for t in (item.dosage, item.notes) if t]
    texts += [text for _, text in library.labels.entries()]
    return texts


def words_of(texts: list[str]) -> set[str]:
    """Every word of the texts, compounds whole and in their parts, case folded (layouts print
    some in capitals)."""
    found = set()
    for text in texts:
        for word in WORD.findall(text):
            found.add(word.casefold())
            found.update(part.casefold() for part in word.split("-"))
    return found


@pytest.fixture(scope="module")
def printed(request) -> dict[str, tuple[object, list[bytes]]]:
    """For each language: the built-in library as printed in it, and its PDFs: cards of every
    size, every drill sheet and every session sheet."""
    from cards import load_library
    from cards.data.translate import edition
    from cards.options import Options
    from cards.products.deck import render_cards
    from cards.products.session import render_session
    from cards.products.sheet import render_sheet

    made = {}
    for code in LANGUAGES:
        library = edition(load_library(ROOT / "drills.json"), code).library
        pdfs = [render_cards(library, Options(size=size)).pdf for size in CARD_SIZES]
        pdfs += [render_sheet(library, Options(), drill.id).pdf for drill in library.drills]
        pdfs += [render_session(library, Options(), session).pdf for session in library.sessions]
        made[code] = (library, pdfs)
    return made


def lines_of(pdf: bytes) -> list[list[str]]:
    """Each page's lines as pdfium reads them, hyphens as printed (U+2010: a word broken at the
    line's end; a word's own hyphen there pdfium reads as U+FFFE and joins the lines)."""
    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[i].get_textpage().get_text_range().split("\r\n") for i in range(len(doc))]
    finally:
        doc.close()


def line_pairs(pdfs: list[bytes]):
    for pdf in pdfs:
        for lines in lines_of(pdf):
            yield from pairwise(lines)


BULLETS = "•✗→·–"  # the layouts' bullets and separators, which pdfium may read on their own


@pytest.mark.parametrize("code", LANGUAGES)
def test_no_line_ends_inside_a_word_without_its_hyphen(printed, code):
    """Checked against the words printed: a line ending in a letter ends a whole word; one
    ending in a hyphen added (U+2010) ends the start of a word printed, cut where the language's
    hyphenation dictionary allows; and each line begins with a word or the rest of one."""
    library, pdfs = printed[code]
    words = words_of(source_texts(library))
    dictionary = pyphen.Pyphen(lang=pyphen.language_fallback(library.labels.locale or code))
    breaks = {(word[:at], word[at:]) for word in words for at in dictionary.positions(word)}
    heads = {head for head, _ in breaks}
    tails = {tail for _, tail in breaks}
    cut, hyphenated = [], 0
    for pdf in pdfs:
        for lines in lines_of(pdf):
            for line in lines:
                end = re.search(rf"({LETTERS})(\u2010?)\s*$", line)
                start = re.match(rf"\s*[{BULLETS}]?\s*({LETTERS})", line)
                if end and end.group(2):
                    hyphenated += 1
                    if end.group(1).casefold() not in heads:
                        cut.append(f"{line!r}: {end.group(1)!r} is no hyphenated start")
                elif (
                    end
                    and end.group(1).casefold() not in words
                    and not (
                        start
                        and start.start(1) == end.start(1)  # the rest of a word alone
                        and end.group(1).casefold() in tails
                    )
                ):
                    cut.append(f"{line!r}: ends inside a word")
                alone = end and start and start.start(1) == end.start(1)
                if (
                    start
                    and start.group(1).casefold() not in words | tails
                    and not (alone and end.group(2))
                ):  # a word's start alone, hyphenated
                    cut.append(f"{line!r}: begins inside a word")
    assert cut == []
    if code == "de":  # long words in narrow boxes: some do break, with their hyphen
        assert hyphenated > 0


@pytest.mark.parametrize("code", LANGUAGES)
def test_no_line_holds_only_punctuation_or_a_lone_short_last_word(printed, code):
    library, pdfs = printed[code]
    texts = source_texts(library)
    # the last word of each text of several words, when it is short: "… comes" / "up"
    runts = {
        text.split()[-1].rstrip(".,;:!?»")
        for text in texts
        if len(text.split()) > 2 and len(text.split()[-1].rstrip(".,;:!?»")) <= 4
    }
    for pdf in pdfs:
        for lines in lines_of(pdf):
            for line in lines:
                if set(line) <= set(BULLETS + " \t"):  # a bullet read apart from its line
                    continue
                stripped = line.strip().strip(BULLETS).strip()
                assert any(c.isalnum() for c in stripped), repr(line)
                alone = stripped.rstrip(".,;:!?»").strip()
                assert alone not in runts or len(stripped.split()) > 1, repr(line)


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_number_stays_with_its_unit(printed, code):
    _, pdfs = printed[code]
    for line, following in line_pairs(pdfs):
        if re.search(r"\d\s*$", line):
            assert not UNIT.match(following.strip()), f"{line!r} / {following!r}"
        assert not re.search(r"\s[×x]\s*$", line), repr(line)


def test_the_words_of_the_issue_break_at_their_hyphenation_points(run, tmp_path, drills_file):
    """The words the issue saw cut ("Hürden-Übersteige|n", "Acceleration-deceleratio|n",
    "Hürdenüberque|rung", "réc|upération"), on narrow business cards: each line ends with a
    whole word, a compound's own hyphen or an added one, never inside a word."""
    words = [
        "Hürden-Übersteigen",
        "Acceleration-deceleration shuttles",
        "Fußgelenksarbeit mit Hürdenüberquerung",
        "récupération",
    ]
    drills = [
        make_drill(id=f"d{i}", name=word, summary=f"{word} {word}.", dosage=word, cues=[word, word])
        for i, word in enumerate(words)
    ]
    path = drills_file({"drills": drills})
    for size in ("business", "poker", "a7"):
        result = run("cards", "--drills", path, "--size", size, "-o", f"{size}.pdf")
        assert result.exit_code == 0, result.output
        for line, following in line_pairs([(tmp_path / f"{size}.pdf").read_bytes()]):
            head = re.search(rf"({LETTERS})\s*$", line)
            tail = re.match(rf"\s*({LETTERS})", following)
            if head and tail:
                assert (head.group(1) + tail.group(1)).lower() not in {
                    w.lower() for text in words for w in WORD.findall(text)
                }, (size, line)


def test_a_word_that_cannot_break_shrinks_then_is_named(run, drills_file):
    """A made-up word with no place to break: on a card whose box holds it at a smaller size it
    prints whole, smaller; where it does not fit even at the floor, the fit error names it."""
    word = "A1B2C3D4E5F6G7H8I9J0K1"  # letters and digits: nowhere to hyphenate
    path = drills_file({"drills": [make_drill(dosage=f"2 × {word}")]})
    result = run("cards", "--drills", path, "--size", "a6", "-o", "a6.pdf")
    assert result.exit_code == 0, result.output
    result = run("cards", "--drills", path, "--size", "business")
    assert result.exit_code == 2, result.output
    assert f'the word "{word}"' in result.output and ".dosage" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_long_link_breaks_only_after_slash_dot_hyphen_question_mark_or_ampersand(
    run, tmp_path, drills_file, paper
):
    link = (
        "https://video.example.org/club-drills/coordination/ankle-drill/part-two/"
        "watch?list=winter-coordination-series&index=12&t=35&quality=high-definition"
        "&subtitles=english&autoplay=false&playlist=riverside-harriers-winter-programme"
    )
    path = drills_file({"drills": [make_drill(video=link)]})
    result = run("sheet", "test-drill", "--drills", path, "--paper", paper)
    assert result.exit_code == 0, result.output
    # as_written: where a line ends after a "-" of the link, pdfium joins the two lines
    lines = as_written(page_texts(tmp_path / "out" / "sheets" / "test-drill.pdf")[0]).split("\r\n")
    shown = [
        line.strip()
        for line in lines
        if line.strip() and line.strip() in link and len(line.strip()) > 3
    ]
    assert "".join(shown) == link, shown  # the whole link, in order, over several lines
    assert len(shown) > 1
    for line in shown[:-1]:
        assert line[-1] in "/.?&", line
