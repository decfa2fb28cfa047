"""The club file: what a club sees when club.toml is wrong, and what a good one loads into.

Every bad file raises ClubError (exit 2 in the CLI) with a message naming the file, the key and
the fix, and never an absolute path the user did not write. Good files load into a frozen Club
with the accent normalised and the logo resolved next to the club file, not the working folder.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import json
import math
import os
import time
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from cards.cli import cli
from cards.data.club import (
    CLUB_FILE,
    FOOTER_MAX,
    LOGO_MAX_BYTES,
    LOGO_MAX_SIDE,
    NAME_MAX,
    PAPER_CHOICES,
    Club,
    ClubError,
    load_club,
)
from cards.errors import DrillcardsError
from cards.impose import PAPERS
from cards.render.layout import card_sizes

ROOT = Path(__file__).resolve().parents[2]


def image_bytes(kind: str, size: tuple[int, int] = (24, 16), mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    image = Image.effect_noise(size, 60).convert(mode) if mode != "1" else Image.new(mode, size)
    image.save(buffer, kind)
    return buffer.getvalue()


PNG = image_bytes("PNG")
PNG_ALPHA = image_bytes("PNG", mode="RGBA")
JPEG = image_bytes("JPEG")
GIF = image_bytes("GIF")
WIDE_PNG = image_bytes("PNG", (LOGO_MAX_SIDE + 1, 1), mode="1")
TALL_JPEG = image_bytes("JPEG", (8, LOGO_MAX_SIDE + 1), mode="L")
LARGE, FOLDER, MISSING = object(), object(), object()  # contents that are not plain bytes


def toml_string(text: str) -> str:
    """text as a TOML basic string; control characters as \\u escapes."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def toml_value(value: object) -> str:
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        pairs = (f"{toml_string(k)} = {toml_value(v)}" for k, v in value.items())
        return "{" + ", ".join(pairs) + "}"
    raise TypeError(value)


def club_toml(**keys: object) -> str:
    return "".join(f"{key} = {toml_value(value)}\n" for key, value in keys.items())


def write_files(folder: Path, files: dict[str, object]) -> None:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if content is FOLDER:
            path.mkdir()
        elif content is LARGE:  # sparse: quick to make, over the limit by size alone
            with path.open("wb") as handle:
                handle.write(PNG)
                handle.truncate(LOGO_MAX_BYTES + 1024 * 1024)
        elif isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        elif content is not MISSING:
            path.write_bytes(content)


# ---------------------------------------------------------------------------------------------
# Good files

FULL = club_toml(
    name="  Riverside\n  Runners ",
    logo="crest.png",
    accent="#0A7D3B",
    footer="riversiderunners.org · coach@riversiderunners.org",
    paper="letter",
    card_size="poker",
)


def test_full_club_file_loads(tmp_path):
    write_files(tmp_path, {CLUB_FILE: FULL, "crest.png": PNG})
    club = load_club(cwd=tmp_path)
    assert club == Club(
        name="Riverside Runners",
        logo=(tmp_path / "crest.png").resolve(),
        accent="#0a7d3b",
        footer="riversiderunners.org · coach@riversiderunners.org",
        paper="letter",
        card_size="poker",
        source=CLUB_FILE,
    )
    assert club.logo.is_absolute()
    with pytest.raises(dataclasses.FrozenInstanceError):
        club.name = "Other"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("accent", "#0a7d3b", "#0a7d3b"),
        ("accent", "#0A7D3B", "#0a7d3b"),
        ("accent", "#0a3", "#00aa33"),
        ("accent", "#FFF", "#ffffff"),
        ("accent", " #0a7d3b ", "#0a7d3b"),
        ("paper", "a4", "a4"),
        ("paper", "A4", "a4"),
        ("paper", "Letter", "letter"),
        *(("card_size", size, size) for size in card_sizes()),
        ("card_size", "Index-3x5", "index-3x5"),
        ("name", "Club\tde  course\u00a0à pied", "Club de course à pied"),
        ("name", "W" * NAME_MAX, "W" * NAME_MAX),  # characters are counted, not their width
        ("footer", "x" * FOOTER_MAX, "x" * FOOTER_MAX),
        ("footer", "line one\nline two", "line one line two"),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 20 else None,
)
def test_values_are_normalised(tmp_path, key, value, expected):
    write_files(tmp_path, {CLUB_FILE: club_toml(**{key: value})})
    assert getattr(load_club(cwd=tmp_path), key) == expected


@pytest.mark.parametrize(
    ("logo", "files", "found"),
    [
        ("crest.png", {"crest.png": PNG}, "crest.png"),
        ("crest.png", {"crest.png": PNG_ALPHA}, "crest.png"),
        ("crest.jpg", {"crest.jpg": JPEG}, "crest.jpg"),
        ("crest.jpeg", {"crest.jpeg": image_bytes("JPEG", mode="L")}, "crest.jpeg"),
        ("crest.jpg", {"crest.jpg": image_bytes("JPEG", mode="CMYK")}, "crest.jpg"),
        ("crest.png", {"crest.png": image_bytes("PNG", mode="P")}, "crest.png"),
        ("photo.png", {"photo.png": JPEG}, "photo.png"),  # by content, not by extension
        ("logo", {"logo": PNG}, "logo"),
        ("img/crest.png", {"img/crest.png": PNG}, "img/crest.png"),
        ("./img/../crest.png", {"crest.png": PNG, "img/x": b""}, "crest.png"),
        ("my crest (2).png", {"my crest (2).png": PNG}, "my crest (2).png"),
        ("écusson.png", {"écusson.png": PNG}, "écusson.png"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_logo_is_found_next_to_the_club_file(tmp_path, logo, files, found):
    write_files(tmp_path / "club", {CLUB_FILE: club_toml(logo=logo), **files})
    elsewhere = tmp_path / "elsewhere"
    write_files(elsewhere, {name: GIF for name in files})  # the cwd's files must not be used
    for path in (tmp_path / "club" / CLUB_FILE, "../club/club.toml"):
        club = load_club(path, cwd=elsewhere)
        assert club.logo == (tmp_path / "club" / found).resolve()


def test_logo_may_be_an_absolute_path(tmp_path):
    write_files(tmp_path / "shared", {"crest.png": PNG})
    logo = tmp_path / "shared" / "crest.png"
    write_files(tmp_path / "club", {CLUB_FILE: club_toml(logo=str(logo))})
    assert load_club(cwd=tmp_path / "club").logo == logo.resolve()


def test_logo_at_the_size_limits_loads(tmp_path):
    side = image_bytes("PNG", (LOGO_MAX_SIDE, 1), mode="1")
    write_files(tmp_path, {CLUB_FILE: club_toml(logo="wide.png"), "wide.png": side})
    assert load_club(cwd=tmp_path).logo == (tmp_path / "wide.png").resolve()


def test_pillow_bomb_warning_does_not_reach_the_user(tmp_path, monkeypatch):
    """Pillow warns above MAX_IMAGE_PIXELS (89 megapixels, less than 10000 × 10000); the warnings
    filter of the tests turns warnings into errors, so a leak would fail here."""
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)
    write_files(
        tmp_path,
        {CLUB_FILE: club_toml(logo="crest.png"), "crest.png": image_bytes("PNG", (12, 12))},
    )
    assert load_club(cwd=tmp_path).logo is not None


@pytest.mark.parametrize(
    "content",
    ["", "\n\n", "# our club\n", "\ufeff", "\ufeff# bom\n"],
    ids=["empty", "blank-lines", "comment", "bom", "bom-comment"],
)
def test_empty_club_file_is_valid(tmp_path, content):
    write_files(tmp_path, {CLUB_FILE: content})
    assert load_club(cwd=tmp_path) == Club(source=CLUB_FILE)


def test_every_key_is_optional(tmp_path):
    write_files(tmp_path, {CLUB_FILE: club_toml(accent="#123456")})
    assert load_club(cwd=tmp_path) == Club(accent="#123456")


def test_no_club_file_means_no_branding(tmp_path):
    assert load_club(cwd=tmp_path) == Club()


def test_club_toml_is_found_in_the_working_folder(tmp_path, monkeypatch):
    write_files(tmp_path, {CLUB_FILE: club_toml(name="Riverside Runners")})
    monkeypatch.chdir(tmp_path)
    assert load_club().name == "Riverside Runners", "cwd defaults to the working folder"
    assert load_club(cwd=tmp_path).name == "Riverside Runners"
    (tmp_path / "sub").mkdir()
    assert load_club(cwd=tmp_path / "sub") == Club(), "club.toml is not looked for upwards"


def test_club_option_wins_over_the_working_folder(tmp_path):
    write_files(
        tmp_path, {CLUB_FILE: club_toml(name="Found"), "other club.toml": club_toml(name="Given")}
    )
    club = load_club("other club.toml", cwd=tmp_path)
    assert (club.name, club.source) == ("Given", "other club.toml")
    assert load_club(str(tmp_path / "other club.toml")).name == "Given"
    assert load_club(Path("other club.toml"), cwd=tmp_path).source == "other club.toml"


def test_choices_agree_with_the_command_line():
    assert tuple(PAPERS) == PAPER_CHOICES


def test_a_size_of_the_clubs_own_card_layout_works_from_the_command_line(tmp_path, monkeypatch):
    """Card sizes are data: a size added to the club's card.toml is taken by --size and by
    club.toml's card_size, and a misspelt one is refused naming the sizes there are."""
    layouts = tmp_path / "mine"
    layouts.mkdir()
    card = (ROOT / "templates" / "card.toml").read_text(encoding="utf-8")
    card = card.replace(
        "[sizes.a7]",
        '[sizes.mini]\nlabel = "mini (70 × 100 mm)"\n'
        'width = "70mm"\nheight = "100mm"\nfaces = "tall"\n\n[sizes.a7]',
    )
    (layouts / "card.toml").write_text(card, encoding="utf-8")
    runner = CliRunner()
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    given = runner.invoke(
        cli,
        [
            "cards",
            "--templates",
            str(layouts),
            "--size",
            "mini",
            "-o",
            "mini.pdf",
            "ankle-drill",
        ],
    )
    assert given.exit_code == 0, given.output
    assert "mini (70 × 100 mm)" in given.output
    Path("club.toml").write_text('card_size = "mini"\n', encoding="utf-8")
    from_club = runner.invoke(
        cli, ["cards", "--templates", str(layouts), "-o", "club.pdf", "ankle-drill"]
    )
    assert from_club.exit_code == 0, from_club.output
    assert Path("club.pdf").read_bytes() == Path("mini.pdf").read_bytes()
    wrong = runner.invoke(cli, ["cards", "--size", "mini", "-o", "x.pdf"])
    assert wrong.exit_code == 2
    assert 'no size "mini"' in wrong.output and "a7, a6" in wrong.output
    assert not Path("x.pdf").exists()
    built_in = runner.invoke(cli, ["cards", "-o", "y.pdf", "ankle-drill"])
    assert built_in.exit_code == 2 and "club.toml: card_size" in built_in.output
    Path("club.toml").write_text('card_size = "index-3x4"\n', encoding="utf-8")
    misspelt = runner.invoke(cli, ["sheet", "ankle-drill", "-o", "z.pdf"])
    assert misspelt.exit_code == 2 and 'did you mean "index-3x5"?' in misspelt.output
    assert sorted(p.name for p in Path().iterdir()) == ["club.pdf", "club.toml", "mini.pdf"]


def test_club_error_is_a_user_error():
    assert issubclass(ClubError, DrillcardsError)


# ---------------------------------------------------------------------------------------------
# Bad files: every one names the file, the key and the fix


def case(content, *expected: str, files: dict | None = None, club: str | None = None, id: str):
    """A bad club file: its content (str, bytes, FOLDER or MISSING), texts the message must
    contain, other files next to it, and the --club path (None: found as ./club.toml)."""
    return pytest.param(content, expected, files or {}, club, id=id)


C = CLUB_FILE + ": "
LATIN_1 = 'name = "Riverside"\nfooter = "caf\xe9"\n'.encode("latin-1")
MUST_COLOUR = 'accent: must be a colour such as "#0a7d3b"'
PNG_CUT = PNG[: len(PNG) // 2]

BAD = [
    # the file as a whole
    case(
        'name = "Riverside"\n\naccent = #0a7d3b\n',
        C + "line 3, column 10: this is not valid TOML (invalid value); text needs quotes",
        id="toml-unquoted-colour",
    ),
    case(
        "name = Riverside Runners\n",
        C + "line 1, column 8: this is not valid TOML",
        id="toml-unquoted-name",
    ),
    case('name = "Riverside\n', C, "not valid TOML", "closing quote", id="toml-unterminated"),
    case(
        'name: "Riverside"\n',
        C + "line 1, column 5: this is not valid TOML",
        'put "=" between',
        id="toml-colon",
    ),
    case(
        'name = "a"\naccent = "#fff"\nname = "b"\n',
        C + 'line 3: the key "name" is written twice (first on line 1); keep one',
        id="toml-key-twice",
    ),
    case(
        'name = "\\ud800"\n',
        C + "line 1, column 15: this is not valid TOML",
        id="toml-surrogate-escape",
    ),
    case("name = " + "1" * 5000 + "\n", C + "this is not valid TOML", id="toml-huge-integer"),
    case(
        "name = " + "[" * 5000 + "]" * 5000,
        C + "the TOML is nested too deeply",
        id="toml-deep-nesting",
    ),
    case(
        LATIN_1,
        C + "line 2: the file is not UTF-8 text (byte 0xE9",
        "Save it with the encoding UTF-8",
        id="latin-1",
    ),
    case(b"\xff\xfen\x00a\x00", C + "line 1: the file is not UTF-8", id="utf-16"),
    case(FOLDER, C + "is a folder, not a club file", id="club-toml-is-a-folder"),
    case(
        MISSING,
        "my-club.toml: no such file. Check the path given to --club.",
        club="my-club.toml",
        id="club-option-missing",
    ),
    case(
        FOLDER,
        "clubs: is a folder, not a club file",
        "clubs/club.toml",
        club="clubs",
        id="club-option-folder",
    ),
    case("x" * 2_000_000, C + "is 2.0 MB; a club file is at most 1 MB", id="huge-file"),
    # keys
    case(
        club_toml(acent="#0a7d3b"),
        C + 'unknown key "acent"; did you mean "accent"?',
        id="unknown-key-acent",
    ),
    case(
        club_toml(size="a6"),
        C + 'unknown key "size"; did you mean "card_size"?',
        id="unknown-key-size",
    ),
    case(
        club_toml(colour="#0a7d3b"),
        C + 'unknown key "colour"; allowed: name, logo, accent, footer, paper, card_size',
        id="unknown-key-no-hint",
    ),
    case(
        '[club]\nname = "Riverside"\n',
        C + "unknown table [club]; write the keys at the top",
        id="table",
    ),
    case('"na\\u0000me" = "x"\n', C + 'unknown key "na\\u0000me"', id="key-with-nul"),
    # accent
    case(
        club_toml(accent="green-ish"), C + MUST_COLOUR + ' (got "green-ish")', id="accent-green-ish"
    ),
    case(
        club_toml(accent="green"),
        C + MUST_COLOUR,
        "colour names are not accepted",
        id="accent-name",
    ),
    case(
        club_toml(accent="0a7d3b"),
        C + MUST_COLOUR + ' (got "0a7d3b"); did you mean "#0a7d3b"?',
        id="accent-no-hash",
    ),
    *(
        case(club_toml(accent=bad), C + MUST_COLOUR + f' (got "{bad}")', id=f"accent-{bad}")
        for bad in ("#0a7d3", "#0a7d3b80", "#ggg", "#", "rgb(10, 125, 59)", "##0a7d3b")
    ),
    case(
        club_toml(accent=["x"]),
        C + MUST_COLOUR + ", in quotes (got a list [...])",
        id="accent-list",
    ),
    case(
        "accent = 0x0a7d3b\n",
        C + MUST_COLOUR + ", in quotes (got a number: 687419)",
        id="accent-hex-number",
    ),
    case(club_toml(accent=""), C + MUST_COLOUR + ' (got "")', id="accent-empty"),
    # name and footer
    case(
        club_toml(name=5),
        C + 'name: must be text in quotes, such as "Riverside Runners" (got a number: 5)',
        id="name-number",
    ),
    case(
        club_toml(name=True),
        C + "name: must be text in quotes",
        "(got true/false: true)",
        id="name-bool",
    ),
    case(
        club_toml(name=["Riverside"]),
        C + "name: must be text in quotes",
        "(got a list",
        id="name-list",
    ),
    case(
        club_toml(name={"en": "Riverside"}),
        C + "name: must be text in quotes",
        "(got a table)",
        id="name-inline-table",
    ),
    case(
        "name = 1979-05-27\n",
        C + "name: must be text in quotes",
        "(got a date or time: 1979-05-27)",
        id="name-date",
    ),
    case("name = nan\n", C + "name: must be text in quotes", "(got a number: nan)", id="name-nan"),
    case(club_toml(name=""), C + "name: must not be empty", "leave the key out", id="name-empty"),
    case('name = """\n  \n"""\n', C + "name: must not be empty", id="name-blank-multiline"),
    case(
        club_toml(name="Ri\x07verside"),
        C + "name: contains an invisible control character (U+0007) at character 3; remove it",
        id="name-bell",
    ),
    case(
        club_toml(name="Riverside\x00"),
        C + "name: contains an invisible control character (U+0000)",
        id="name-nul",
    ),
    case(
        club_toml(name="Riverside\x85"),
        C + "name: contains an invisible control character (U+0085)",
        id="name-c1-control",
    ),
    case(
        club_toml(name="N" * (NAME_MAX + 1)),
        C + f"name: is {NAME_MAX + 1} characters; at most {NAME_MAX} fit",
        "shorten it",
        id="name-too-long",
    ),
    case(
        club_toml(footer="x" * (FOOTER_MAX + 1)),
        C + f"footer: is {FOOTER_MAX + 1} characters; at most {FOOTER_MAX} fit",
        id="footer-too-long",
    ),
    case(club_toml(footer=""), C + "footer: must not be empty", id="footer-empty"),
    case(club_toml(footer=42), C + "footer: must be text in quotes", id="footer-number"),
    case(
        club_toml(footer="web\x1bsite"),
        C + "footer: contains an invisible control character (U+001B)",
        id="footer-escape",
    ),
    # paper and card size
    case(club_toml(paper="A5"), C + 'paper: must be a4 or letter (got "A5")', id="paper-a5"),
    case(
        club_toml(paper="a 4"),
        C + 'paper: must be a4 or letter (got "a 4"); did you mean "a4"?',
        id="paper-a-space-4",
    ),
    case(
        club_toml(paper=4),
        C + "paper: must be a4 or letter, in quotes (got a number: 4)",
        id="paper-number",
    ),
    case(club_toml(paper=""), C + 'paper: must be a4 or letter (got "")', id="paper-empty"),
    case(
        club_toml(card_size="a 8"),
        C + "card_size: must name a card size the layouts define, "
        'such as "a7", as for --size (got "a 8")',
        id="card-size-not-a-name",
    ),
    case(
        club_toml(card_size=7),
        C + "card_size: must name a card size",
        "(got a number: 7)",
        id="card-size-number",
    ),
    # logo
    case(
        club_toml(logo="crest.png"),
        C + f'logo: no such file "crest.png" (next to {CLUB_FILE})',
        id="logo-missing",
    ),
    case(
        club_toml(logo="img/crest.png"),
        C + 'logo: no such file "img/crest.png" (next to',
        files={"crest.png": PNG},
        id="logo-missing-in-subfolder",
    ),
    case(
        club_toml(logo="crest.png"),
        'clubs/riverside.toml: logo: no such file "crest.png" (next to clubs/riverside.toml)',
        files={"crest.png": PNG},
        club="clubs/riverside.toml",
        id="logo-next-to-club-option-not-cwd",
    ),
    case(
        club_toml(logo="/no/such/folder/crest.png"),
        C + 'logo: no such file "/no/such/folder/crest.png"',
        id="logo-missing-absolute",
    ),
    case(
        club_toml(logo="img"),
        C + 'logo: "img" is a folder, not a logo',
        files={"img": FOLDER},
        id="logo-folder",
    ),
    case(club_toml(logo="."), C + 'logo: "." is a folder, not a logo', id="logo-dot"),
    case(
        club_toml(logo="x.png"),
        C + 'logo: "x.png" is not a PNG or JPEG image (it is a GIF image); save it as PNG or JPEG',
        files={"x.png": GIF},
        id="logo-gif",
    ),
    case(
        club_toml(logo="x.png"),
        C + 'logo: "x.png" is not a PNG or JPEG image (it holds text)',
        files={"x.png": "not really a picture\n"},
        id="logo-text",
    ),
    case(
        club_toml(logo="x.png"),
        C + 'logo: "x.png" is not a PNG or JPEG image (it is an SVG',
        files={"x.png": '<svg xmlns="http://www.w3.org/2000/svg"/>'},
        id="logo-svg",
    ),
    case(
        club_toml(logo="x.webp"),
        C + 'logo: "x.webp" is not a PNG or JPEG image (it is a WebP',
        files={"x.webp": image_bytes("WEBP")},
        id="logo-webp",
    ),
    case(
        club_toml(logo="x.bmp"),
        C + 'logo: "x.bmp" is not a PNG or JPEG image (it is a BMP',
        files={"x.bmp": image_bytes("BMP")},
        id="logo-bmp",
    ),
    case(
        club_toml(logo="x.png"),
        C + 'logo: "x.png" is not a PNG or JPEG image; save it',
        files={"x.png": bytes(range(256))},
        id="logo-binary",
    ),
    case(
        club_toml(logo="x.png"),
        C + 'logo: "x.png" is empty',
        files={"x.png": b""},
        id="logo-empty-file",
    ),
    case(
        club_toml(logo="x.png"),
        C + 'logo: "x.png" is a damaged or incomplete PNG image',
        "export it again",
        files={"x.png": PNG_CUT},
        id="logo-truncated-png",
    ),
    case(
        club_toml(logo="x.png"),
        C + 'logo: "x.png" is a damaged or incomplete PNG image',
        files={"x.png": PNG[:-12]},
        id="logo-png-without-end",
    ),
    case(
        club_toml(logo="x.png"),
        C + 'logo: "x.png" is a damaged or incomplete PNG image',
        files={"x.png": PNG[:8]},
        id="logo-png-signature-only",
    ),
    case(
        club_toml(logo="x.png"),
        C + 'logo: "x.png" is a damaged or incomplete PNG image',
        files={"x.png": PNG[:60] + bytes(len(PNG) - 60)},
        id="logo-png-zeroed",
    ),
    case(
        club_toml(logo="x.jpg"),
        C + 'logo: "x.jpg" is a damaged or incomplete JPEG image',
        files={"x.jpg": JPEG[: len(JPEG) // 2]},
        id="logo-truncated-jpeg",
    ),
    case(
        club_toml(logo="x.jpg"),
        C + 'logo: "x.jpg" is a damaged or incomplete JPEG image',
        files={"x.jpg": JPEG[:-2]},
        id="logo-jpeg-without-end",
    ),
    case(
        club_toml(logo="big.png"),
        C + 'logo: "big.png" is 21.0 MB; a logo is at most 20 MB',
        files={"big.png": LARGE},
        id="logo-over-20-mb",
    ),
    case(
        club_toml(logo="wide.png"),
        C + f'logo: "wide.png" is {LOGO_MAX_SIDE + 1} × 1 pixels; '
        f"a logo is at most {LOGO_MAX_SIDE} pixels on a side",
        files={"wide.png": WIDE_PNG},
        id="logo-too-wide",
    ),
    case(
        club_toml(logo="tall.jpg"),
        C + f'logo: "tall.jpg" is 8 × {LOGO_MAX_SIDE + 1} pixels',
        files={"tall.jpg": TALL_JPEG},
        id="logo-too-tall",
    ),
    case(
        club_toml(logo=5),
        C + "logo: must be the path of a PNG or JPEG file in quotes, such "
        'as "crest.png" (got a number: 5)',
        id="logo-number",
    ),
    case(club_toml(logo=""), C + "logo: must not be empty", id="logo-empty"),
    case(
        club_toml(logo="crest\x00.png"),
        C + "logo: contains an invisible control character (U+0000)",
        id="logo-nul",
    ),
    case(
        club_toml(logo="/dev/null"),
        C + 'logo: "/dev/null" is a device, not a file',
        id="logo-device",
    ),
]


def load_case(tmp_path: Path, content, files: dict, club: str | None) -> ClubError:
    where = tmp_path / (club or CLUB_FILE)
    where.parent.mkdir(parents=True, exist_ok=True)
    write_files(tmp_path, {str(where.relative_to(tmp_path)): content, **files})
    started = time.perf_counter()
    with pytest.raises(ClubError) as caught:
        load_club(club, cwd=tmp_path)
    assert time.perf_counter() - started < 2
    return caught.value


@pytest.mark.parametrize(("content", "expected", "files", "club"), BAD)
def test_bad_club_file_is_reported(tmp_path, content, expected, files, club):
    error = load_case(tmp_path, content, files, club)
    message = str(error)
    for text in expected:
        assert text in message
    assert message.startswith(club or CLUB_FILE), "the message names the file first"
    assert str(tmp_path) not in message, "no path of this machine the user did not write"
    assert len(message) < 1000


def test_logo_that_pillow_calls_a_bomb_is_too_large(tmp_path, monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)  # 20 × 20 is over twice that
    error = load_case(
        tmp_path, club_toml(logo="x.png"), {"x.png": image_bytes("PNG", (20, 20))}, None
    )
    assert f'{C}logo: "x.png" has too many pixels; a logo is at most' in str(error)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads every file")
def test_unreadable_files_are_reported(tmp_path):
    write_files(tmp_path, {CLUB_FILE: club_toml(logo="x.png"), "x.png": PNG})
    (tmp_path / "x.png").chmod(0)
    with pytest.raises(ClubError, match=r'logo: "x.png" cannot be read \(Permission denied\)'):
        load_club(cwd=tmp_path)
    (tmp_path / CLUB_FILE).chmod(0)
    with pytest.raises(ClubError, match=r"club.toml: cannot be read \(Permission denied\)"):
        load_club(cwd=tmp_path)


def test_dangling_club_toml_link_is_reported(tmp_path):
    (tmp_path / CLUB_FILE).symlink_to(tmp_path / "gone.toml")
    with pytest.raises(ClubError, match=r"club\.toml: no such file\. It is a link"):
        load_club(cwd=tmp_path)


def test_every_problem_is_reported_at_once(tmp_path):
    content = club_toml(
        acent="#0a7d3b",
        name=5,
        accent="green-ish",
        footer="",
        paper="A5",
        card_size="a 8",
        logo="crest.png",
        colour="red",
    )
    error = load_case(tmp_path, content, {}, None)
    assert str(error).splitlines()[0] == (
        "club.toml has 8 problems; nothing was written. Fix and run again:"
    )
    starts = [
        'unknown key "acent"; did you mean "accent"?',
        "name: ",
        "accent: ",
        "footer: ",
        "paper: ",
        "card_size: ",
        "logo: ",
        'unknown key "colour"; allowed',
    ]
    assert len(error.problems) == len(starts)
    for problem, start in zip(error.problems, starts, strict=True):
        assert problem.startswith(C + start), "in the order of the file"
    assert all(f"  - {p}" in str(error) for p in error.problems)


def test_one_problem_is_counted_in_the_singular(tmp_path):
    error = load_case(tmp_path, club_toml(paper="A5"), {}, None)
    assert str(error).startswith("club.toml has 1 problem; nothing was written.")
    assert error.problems == ['club.toml: paper: must be a4 or letter (got "A5")']


def test_good_keys_do_not_hide_bad_ones(tmp_path):
    content = club_toml(name="Riverside", accent="#0a7d3b", logo="crest.png")
    error = load_case(tmp_path, content, {"crest.png": GIF}, None)
    assert len(error.problems) == 1 and "logo:" in error.problems[0]


# ---------------------------------------------------------------------------------------------
# Whatever the file holds: a Club or a ClubError, never another exception


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hypothesis")
    write_files(folder, {"crest.png": PNG, "crest.jpg": JPEG, "crest.gif": GIF, "img": FOLDER})
    return folder


def outcome(folder: Path) -> Club | ClubError:
    try:
        club = load_club(cwd=folder)
    except ClubError as err:
        message = str(err)
        assert message.startswith(CLUB_FILE)
        assert str(folder) not in message
        assert len(message) < 3000
        return err
    assert isinstance(club, Club)
    return club


KEYS = ["name", "logo", "accent", "footer", "paper", "card_size", "acent", "size", "Name"]
FRAGMENTS = [
    *KEYS,
    " = ",
    "=",
    '"',
    "'",
    "\n",
    "[",
    "]",
    "{",
    "}",
    ",",
    "#",
    "#0a7d3b",
    '"crest.png"',
    '"a4"',
    "1",
    "true",
    "1979-05-27",
    '"""',
    "\\",
    "\\u0000",
    " ",
    ".",
]
toml_ish = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=30).map(
    "".join
)
scalars = st.one_of(
    st.text(),
    st.sampled_from(
        [
            "crest.png",
            "crest.jpg",
            "crest.gif",
            "img",
            ".",
            "/",
            "#0a7d3b",
            "#ABC",
            "a4",
            "Letter",
            "poker",
            "../crest.png",
        ]
    ),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.dates(),
)
toml_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


@settings(max_examples=200, deadline=None)
@given(toml_ish)
def test_any_toml_ish_text_gives_a_club_or_a_club_error(scratch, text):
    (scratch / CLUB_FILE).write_bytes(text.encode("utf-8", "surrogatepass"))
    outcome(scratch)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(KEYS), toml_values, max_size=4))
def test_any_values_give_a_club_or_a_club_error(scratch, keys):
    text = club_toml(**keys)
    assert tomllib.loads(text) == keys, "the test writes the TOML it means"
    (scratch / CLUB_FILE).write_text(text, encoding="utf-8")
    result = outcome(scratch)
    if isinstance(result, ClubError):
        assert 1 <= len(result.problems) <= len(keys)
        for problem in result.problems:
            named = problem.removeprefix(C)
            assert any(
                named.startswith((f"{key}: ", f'unknown key "{key}"', f"unknown table [{key}]"))
                for key in keys
            )


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([PNG, JPEG, PNG_ALPHA]), st.data())
def test_any_damage_to_a_logo_gives_a_club_or_a_club_error(scratch, image, data):
    """Cut, overwrite or extend a real image at random places: Pillow may raise anything."""
    raw = bytearray(image)
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(raw)))
        action = data.draw(st.sampled_from(["cut", "write", "insert"]))
        chunk = data.draw(st.binary(min_size=1, max_size=16))
        if action == "cut":
            del raw[at:]
        elif action == "write":
            raw[at : at + len(chunk)] = chunk
        else:
            raw[at:at] = chunk
    (scratch / "damaged").write_bytes(bytes(raw))
    (scratch / CLUB_FILE).write_text(club_toml(logo="damaged"), encoding="utf-8")
    result = outcome(scratch)
    if isinstance(result, ClubError):
        assert result.problems[0].startswith(f"{C}logo: ")
    else:
        assert result.logo == (scratch / "damaged").resolve()


def test_message_for_unknown_key_is_valid_json_quoting(tmp_path):
    error = load_case(tmp_path, '"a\\"b" = 1\n', {}, None)
    assert f"unknown key {json.dumps('a' + chr(34) + 'b')}" in str(error)
