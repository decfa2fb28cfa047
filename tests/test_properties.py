"""Whatever goes in, through the command line: a valid PDF that holds all its text, or exit 2 with
a plain message naming the input, and then nothing written. Never a traceback, never another exit
status, never a file outside the output path.

Property-based (hypothesis). Each property runs DRILLCARDS_EXAMPLES examples (default 60, so the
suite stays quick); CI sets it higher. The bugs they found have a plain example each at the end.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import shutil
import tomllib
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from reportlab.pdfbase import pdfmetrics

from cards.data import schema
from cards.data.club import ClubError, load_club
from cards.data.labels import load_labels
from cards.data.library import slugify
from cards.data.textlength import clip, printed_length
from cards.impose import PAPERS
from cards.render.layout import card_sizes, load_card_layout
from tests.conftest import EXAMPLES, ROOT, _readers_problems, make_drill, page_texts
from tests.render.test_fit import LONGEST_WORD

examples = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# ------------------------------------------------------------------------------------ helpers

# A message shows control characters escaped (as click does): raw, an ESC rewrites the terminal.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f]")
WHITESPACE = re.compile(r"\s+")
# Default-ignorable marks pdfium does not read back: variation selectors, the grapheme joiner,
# Mongolian variation selectors, Hangul fillers.
IGNORABLE = re.compile(
    "[\ufe00-\ufe0f\U000e0100-\U000e01ef\u034f\u180b-\u180f\u115f\u1160\u3164\uffa0\u17b4\u17b5]"
)

CARD_SIZES = tuple(card_sizes())  # the built-in card layout's sizes


def plain(text: str) -> str:
    """Text as compared with what pdfium reads: compatibility-normalised (pdfium spells out
    ligatures such as U+FB00), without white space, format characters and other ignorables
    (zero-width joiners, variation selectors: no ink, and pdfium skips them) or control
    characters (pdfium's own markers)."""
    text = text.replace("\ufffe", "-")  # pdfium's mark for a hyphen that ends a line
    text = unicodedata.normalize("NFKC", _marks_once(text))
    text = "".join(
        c
        for c in text
        if not c.isspace()
        and not IGNORABLE.match(c)
        and unicodedata.category(c) not in ("Cf", "Cc")
    )
    return _marks_once(text)


def _marks_once(text: str) -> str:
    """Each combining mark once per run of marks: pdfium reads a glyph drawn twice on the same
    spot (two U+0300 after a letter) as one."""
    kept: list[str] = []
    run: set[str] = set()
    for char in text:
        if unicodedata.category(char) in ("Mn", "Me"):
            if char in run:
                continue
            run.add(char)
        else:
            run = set()
        kept.append(char)
    return "".join(kept)


def collapse(text: str) -> str:
    return WHITESPACE.sub(" ", text).strip()


def reset(folder: Path) -> None:
    """Empty the test's folder: tmp_path is shared by every example, each starts from nothing."""
    for entry in folder.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def entries(folder: Path) -> set[str]:
    """Every file and folder under folder, relative."""
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


def files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if not p.is_dir()}


def settle(
    result, folder: Path, before: set[str], expected: str | set[str], names: str | None = None
) -> Path | None:
    """Exit 0 having written exactly `expected` (each PDF read cleanly by pypdf, pdfium and qpdf),
    or exit 2 with a plain message (naming `names`) having written nothing at all. Returns the
    PDF on exit 0 when one was expected."""
    output = result.output
    event(f"exit {result.exit_code}")
    assert result.exit_code in (0, 2), f"exit status {result.exit_code}:\n{output}"
    assert "Traceback" not in output, output
    if result.exit_code == 2:
        message = result.stderr
        assert "Error: " in message, output
        if "Usage:" not in message:  # click's own usage errors show an extra argument raw
            assert not RAW_CONTROL.search(message), f"raw control character in {message!r}"
        if names is not None:
            assert names in message, message
        assert entries(folder) == before, "exit 2, but something was written"
        return None
    wanted = {expected} if isinstance(expected, str) else set(expected)
    assert files(folder) == {p for p in before if (folder / p).is_file()} | wanted, output
    for name in wanted:
        if name.endswith(".pdf"):
            problems = _readers_problems(folder / name)
            assert not problems, f"{name}: {problems}"
    return folder / expected if isinstance(expected, str) else None


def pdf_text(pdf: Path) -> str:
    return plain(" ".join(page_texts(pdf)))


def write_json(path: Path, document: object) -> object:
    """Write with \\u escapes (so even lone surrogates can be written); return what JSON reads."""
    written = json.dumps(document)
    path.write_text(written, encoding="utf-8")
    return json.loads(written)  # an escaped surrogate pair reads back as one character


# ---------------------------------------------------------------------------------- alphabets


def _font_cmap() -> set[int]:
    """The characters both DejaVu faces have."""
    fonts = load_card_layout("a7").fonts
    cmaps = [pdfmetrics.getFont(face).face.charToGlyph for face in (fonts.regular, fonts.bold)]
    return set(cmaps[0]) & set(cmaps[1])


FONT = _font_cmap()
# Printable characters the font has: no control, format, private-use characters or spaces.
FONT_CHARS = "".join(
    chr(c) for c in sorted(FONT) if not unicodedata.category(chr(c)).startswith(("C", "Z"))
)


def printable(char: str) -> bool:
    """A character drillcards accepts and prints: in the font (in capitals too, as the cards
    print the category), written left to right, and within U+FFFF (reportlab maps no further)."""
    return (
        all(ord(c) in FONT for c in char.upper())
        and ord(char) <= 0xFFFF
        and unicodedata.bidirectional(char) not in ("R", "AL")
    )


def visible(text: str) -> bool:
    """Some letter, digit, punctuation or symbol: a field of only marks or spaces is refused."""
    return any(unicodedata.category(c)[0] in "LNPS" for c in text)


# What drills within the limits are written in.
SAFE_CHARS = "".join(c for c in FONT_CHARS if printable(c))

# Every character there is, with the awkward ones more often: control, surrogate, line and
# paragraph separators, format characters (bidi overrides, zero-width joiners).
any_char = st.characters() | st.characters(categories=["Cc", "Cs", "Zl", "Zp", "Cf"])
any_text = st.text(any_char)
spaces = st.text(st.sampled_from(" \t\n\r\u00a0\u2028\u3000"), max_size=2)
font_text = st.text(st.sampled_from(FONT_CHARS) | st.sampled_from(" \t\n<>&;\"'#"), min_size=1)
# Mostly printable, now and then anything: the likely mistakes in a hand-written file.
mixed_text = st.lists(st.one_of(font_text, any_text, spaces), min_size=1, max_size=4).map("".join)
text = st.one_of(any_text, font_text, mixed_text)
slugs = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)
urls = st.builds(
    lambda scheme, host, rest: f"{scheme}{host}{rest}",
    st.sampled_from(["https://", "http://", "HTTPS://", "https://www.", "ftp://"]),
    st.text(st.sampled_from("abcxyz0.-") | any_char, min_size=1, max_size=20),
    st.one_of(st.just(""), st.text(any_char).map("/".__add__), font_text.map("/".__add__)),
)
levels = st.builds(
    lambda a, level, b: a + level + b, spaces, st.sampled_from(schema.LEVELS), spaces
)

# ------------------------------------------------------------- arbitrary text in drills.json

BASE = make_drill(
    category="Coordination",
    level="beginner",
    focus=["Ankles"],
    dosage="2 × 20 m",
    variations=["On the spot"],
    equipment=["Cones"],
)
SESSION = {
    "id": "tuesday",
    "title": "Tuesday track",
    "warmup": "Jog 10 minutes",
    "cooldown": "Walk 5 minutes",
    "notes": "Grass is fine",
    "items": [{"drill": BASE["id"], "dosage": "3 × 20 m", "notes": "Relaxed"}],
}
# What a field may hold: anything, and now and then what its kind needs to be valid.
DRILL_FIELDS = {
    "id": st.one_of(text, slugs),
    "name": text,
    "summary": text,
    "cues": text,
    "faults.fault": text,
    "faults.fix": text,
    "video": st.one_of(text, urls),
    "category": text,
    "level": st.one_of(text, levels),
    "focus": text,
    "dosage": text,
    "variations": text,
    "equipment": text,
}
SESSION_FIELDS = {
    "id": st.one_of(text, slugs),
    "title": text,
    "warmup": text,
    "cooldown": text,
    "notes": text,
    "items.drill": st.one_of(text, slugs, st.just(BASE["id"])),
    "items.dosage": text,
    "items.notes": text,
}


def with_field(record: dict, field: str, value: str) -> dict:
    """record (a drill or a session) with one field set; a list field gets value as a new item."""
    record = json.loads(json.dumps(record))
    key, _, sub = field.partition(".")
    if sub:
        record[key][0][sub] = value
    elif isinstance(record.get(key), list):
        record[key].append(value)
    else:
        record[key] = value
    return record


def read_field(record: dict, field: str) -> str:
    key, _, sub = field.partition(".")
    if sub:
        return record[key][0][sub]
    found = record[key]
    return found[-1] if isinstance(found, list) else found


def host(video: str) -> str:
    """The start of the link's host, which is printed under a QR code (the layouts clip it by
    printed length, to at least this much)."""
    name = (urlsplit(video).hostname or "").removeprefix("www.")
    return clip(name, 10, end="")


# How each product prints a drill's field; a field missing here is not printed by that product.
PRINTED = {
    "cards": {
        "name": str,
        "summary": str,
        "cues": str,
        "faults.fault": str,
        "faults.fix": str,
        "dosage": str,
        "variations": str,
        "category": str.upper,
        "level": str.upper,
        "video": host,
    },
    "sheet": {
        "name": str,
        "summary": str,
        "cues": str,
        "faults.fault": str,
        "faults.fix": str,
        "dosage": str,
        "variations": str,
        "equipment": str,
        "focus": str,
        "category": str,
        "level": str.capitalize,
        "video": str,
    },
    "session": {
        "name": str,
        "cues": str,
        "faults.fault": str,
        "faults.fix": str,
        "dosage": str,
        "video": host,
    },
}


@pytest.mark.slow
@examples
@given(field=st.sampled_from(list(DRILL_FIELDS)), data=st.data())
def test_any_text_in_any_drill_field(run, tmp_path, field, data):
    """cards, sheet ID and session --title X ID: each prints the field's text, or exits 2."""
    value = data.draw(DRILL_FIELDS[field], label="value")
    reset(tmp_path)
    drill = write_json(tmp_path / "drills.json", {"drills": [with_field(BASE, field, value)]})[
        "drills"
    ][0]
    drill_id = drill["id"]
    shown = collapse(read_field(drill, field))
    commands = {
        "cards": (["cards"], "out/cards.pdf"),
        "sheet": (["sheet", "--", drill_id], f"out/sheets/{drill_id}.pdf"),
        "session": (
            ["session", "--title", "Test session", "--", drill_id],
            "out/sessions/test-session.pdf",
        ),
    }
    outcomes = {}
    for product, (args, expected) in commands.items():
        shutil.rmtree(tmp_path / "out", ignore_errors=True)
        before = entries(tmp_path)
        how = PRINTED[product].get(field)
        result = run(args[0], "--drills", "drills.json", *args[1:])
        pdf = settle(result, tmp_path, before, expected, names="drills.json")
        outcomes[product] = result.exit_code
        if pdf is not None and how:
            assert plain(how(shown)) in pdf_text(pdf), f"{product}: {field} {shown!r}"
    # the drill sheet is the largest product: a drill it refuses, no card or session takes
    if outcomes["sheet"] == 2:
        assert set(outcomes.values()) == {2}, outcomes


@pytest.mark.slow
@examples
@given(field=st.sampled_from(list(SESSION_FIELDS)), data=st.data())
def test_any_text_in_any_session_field(run, tmp_path, field, data):
    value = data.draw(SESSION_FIELDS[field], label="value")
    reset(tmp_path)
    session = write_json(
        tmp_path / "drills.json",
        {"drills": [BASE], "sessions": [with_field(SESSION, field, value)]},
    )["sessions"][0]
    shown = collapse(read_field(session, field))
    session_id = session["id"]
    before = entries(tmp_path)
    result = run("session", "--drills", "drills.json", "--", session_id)
    pdf = settle(result, tmp_path, before, f"out/sessions/{session_id}.pdf", names="drills.json")
    if pdf is not None and field not in ("id", "items.drill"):
        assert plain(shown) in pdf_text(pdf), f"{field}: {shown!r}"
    # a build stops for the same session, and writes nothing then
    built = run("build", "--drills", "drills.json", "--out", "made")
    assert built.exit_code == result.exit_code, built.output
    assert built.exit_code == 0 or not (tmp_path / "made").exists()
    shutil.rmtree(tmp_path / "out", ignore_errors=True)
    shutil.rmtree(tmp_path / "made", ignore_errors=True)


# ----------------------------------------------------------------- arbitrary command lines

LIBRARY = {
    "drills": [BASE, make_drill(id="other-drill", name="Other drill", cues=["Relax"])],
    "sessions": [SESSION],
}
known_ids = st.sampled_from(["test-drill", "other-drill", "tuesday"])
ids = st.lists(known_ids | text, max_size=3)
drill_ids = st.lists(st.sampled_from(["test-drill", "other-drill"]), min_size=1, max_size=4)
# Half the time valid, half the time anything: both outcomes get their share of examples.
valid_or_not = st.one_of(font_text, text)


def parse_date(value: str) -> dt.date:
    return dt.datetime.strptime(value, "%Y-%m-%d").date()


@pytest.mark.slow
@examples
@given(
    title=valid_or_not,
    notes=st.none() | valid_or_not,
    date=st.none() | st.dates().map(str) | text,
    drill_ids=drill_ids | ids,
)
def test_any_adhoc_session(run, tmp_path, title, notes, date, drill_ids):
    """session --title T [--notes N] [--date D] IDS: T, N and D are on the sheet, or exit 2."""
    reset(tmp_path)
    write_json(tmp_path / "drills.json", LIBRARY)
    args = ["session", "--drills", "drills.json", "--title", title]
    if notes is not None:
        args += ["--notes", notes]
    if date is not None:
        args += ["--date", date]
    before = entries(tmp_path)
    result = run(*args, "--", *drill_ids)
    pdf = settle(result, tmp_path, before, f"out/sessions/{slugify(title)}.pdf")
    if pdf is not None:
        printed = pdf_text(pdf)
        assert plain(title) in printed
        assert notes is None or plain(notes) in printed
        assert date is None or plain(load_labels("en").date(parse_date(date))) in printed
    shutil.rmtree(tmp_path / "out", ignore_errors=True)


@pytest.mark.slow
@examples
@given(title=text)
def test_any_handout_title(run, tmp_path, title):
    reset(tmp_path)
    write_json(tmp_path / "drills.json", LIBRARY)
    before = entries(tmp_path)
    result = run("bundle", "--drills", "drills.json", "--drill", "test-drill", "--title", title)
    pdf = settle(result, tmp_path, before, "out/handout.pdf")
    if pdf is not None:
        assert plain(title), "a cover with a blank title"
        assert plain(title) in plain(page_texts(pdf)[0])
    shutil.rmtree(tmp_path / "out", ignore_errors=True)


numbers = st.one_of(st.floats(), st.integers(), st.sampled_from(["1e400", "1_0", "-0", "3"]))
number_text = st.one_of(text, numbers.map(str))
offsets = st.one_of(text, st.tuples(numbers, numbers).map(lambda xy: f"{xy[0]},{xy[1]}"))


# The options of `cards` beyond ids, size and paper; each is given or not.
def within_range(low: float, high: float) -> st.SearchStrategy[str]:
    return st.one_of(st.floats(low, high).map(str), number_text)


CARD_OPTIONS = {
    "--duplex": st.sampled_from(["long", "short", "separate"]) | text,
    "--back-offset": st.tuples(st.floats(-5, 5), st.floats(-5, 5)).map(
        lambda xy: f"{xy[0]},{xy[1]}"
    )
    | offsets,
    "--bleed": within_range(0, 6),
    "--mark-length": within_range(3, 15),
    "--mark-offset": within_range(0, 10),
    "--cut-lines": st.just(None),
    "--per-page": st.just(None),
}


@pytest.mark.slow
@examples
@given(
    command=st.sampled_from(["cards", "sheet", "session"]),
    drill_ids=st.lists(known_ids, max_size=2) | ids,
    size=st.none() | st.sampled_from(CARD_SIZES) | text,
    paper=st.none() | st.sampled_from(list(PAPERS)) | text,
    options=st.dictionaries(st.sampled_from(list(CARD_OPTIONS)), st.none(), max_size=3),
    data=st.data(),
)
def test_any_ids_sizes_papers_and_print_options(
    run, tmp_path, command, drill_ids, size, paper, options, data
):
    reset(tmp_path)
    write_json(tmp_path / "drills.json", LIBRARY)
    args = [command, "--drills", "drills.json"]
    if paper is not None:
        args += ["--paper", paper]
    expected = {
        "cards": "out/cards.pdf",
        "sheet": f"out/sheets/{drill_ids[:1]}.pdf",
        "session": f"out/sessions/{drill_ids[:1]}.pdf",
    }[command]
    if command != "cards":
        expected = expected.replace("['", "").replace("']", "")
    else:
        if size is not None:
            args += ["--size", size]
        for option in options:
            value = data.draw(CARD_OPTIONS[option], label=option)
            args += [option] if value is None else [option, value]
            if option == "--duplex" and value == "separate":
                expected = {"out/cards-fronts.pdf", "out/cards-backs.pdf"}
    before = entries(tmp_path)
    result = run(*args, "--", *drill_ids)
    settle(result, tmp_path, before, expected)
    if "with the id" in result.stderr:  # an unknown id: the message names the file searched
        assert "drills.json" in result.stderr
    if result.exit_code == 0:
        made = sorted({expected} if isinstance(expected, str) else expected)
        printed = "".join(pdf_text(tmp_path / name) for name in made)
        chosen = drill_ids or [d["id"] for d in LIBRARY["drills"]]
        if command == "session":
            chosen = [item["drill"] for item in SESSION["items"]]
        for drill in LIBRARY["drills"]:
            if drill["id"] in chosen:
                assert plain(drill["cues"][0]) in printed
    shutil.rmtree(tmp_path / "out", ignore_errors=True)


# ---------------------------------------------------------------------------- club.toml


def toml_string(value: str) -> str:
    escaped = []
    for char in value:
        if char in '"\\':
            escaped.append("\\" + char)
        elif unicodedata.category(char) == "Cc" and char != "\t":
            escaped.append(f"\\u{ord(char):04X}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def toml_value(value: object) -> str:
    """Just enough TOML for a club file's values (tomli_w is not a dependency)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(value)


def toml_document(values: dict[str, object]) -> str:
    return "".join(f"{toml_string(key)} = {toml_value(value)}\n" for key, value in values.items())


def same_toml(a: object, b: object) -> bool:
    """Equal, with nan equal to nan."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, list | dict) and type(a) is type(b) and len(a) == len(b):
        pairs = (
            zip(a.values(), b.values(), strict=True)
            if isinstance(a, dict)
            else zip(a, b, strict=True)
        )
        return (not isinstance(a, dict) or list(a) == list(b)) and all(
            same_toml(x, y) for x, y in pairs
        )
    return type(a) is type(b) and a == b


toml_text = st.text(st.characters(exclude_categories=["Cs"]))  # TOML cannot hold a surrogate
toml_scalars = st.one_of(
    toml_text, st.integers(), st.floats(), st.booleans(), st.sampled_from([10**400, -(10**20)])
)
toml_values = st.one_of(toml_scalars, st.lists(toml_scalars, max_size=3))
club_text = st.one_of(
    toml_values, font_text, st.text(st.sampled_from(SAFE_CHARS + " "), min_size=1, max_size=130)
)
valid_club_text = st.text(st.sampled_from(SAFE_CHARS + "  "), min_size=1, max_size=60).filter(
    visible
)
CLUB_VALUES = {
    "name": st.one_of(valid_club_text, club_text),
    "footer": st.one_of(valid_club_text, club_text),
    "logo": st.one_of(st.sampled_from(["crest.png", "missing.png", ".", "", "/"]), toml_values),
    "accent": st.one_of(st.sampled_from(["#7a1e48", "#ABC", "red", "#12345"]), toml_values),
    "paper": st.one_of(st.sampled_from([*PAPERS, "A4", " letter"]), toml_values),
    "card_size": st.one_of(st.sampled_from([*CARD_SIZES, "A7"]), toml_values),
    "back_offset": st.one_of(
        toml_values,
        toml_text.map(lambda t: f"{t},1"),
        st.tuples(numbers, numbers).map(lambda xy: f"{xy[0]},{xy[1]}"),
        st.lists(st.integers(-3, 3) | st.floats(-3, 3), min_size=2, max_size=2),
    ),
}
club_keys = st.one_of(
    st.sampled_from(list(CLUB_VALUES)),
    st.sampled_from([*CLUB_VALUES, "colour", "Name"]) | st.text(max_size=8),
)


@pytest.mark.slow
@examples
@given(keys=st.lists(club_keys, max_size=5, unique=True), data=st.data())
def test_any_club_file(run, tmp_path, keys, data):
    """sheet ankle-drill with any club.toml: the club's name and footer print, or exit 2."""
    values = {key: data.draw(CLUB_VALUES.get(key, toml_values), label=key) for key in keys}
    reset(tmp_path)
    shutil.copy(ROOT / "docs" / "example-club" / "crest.png", tmp_path / "crest.png")
    content = toml_document(values)
    assert same_toml(tomllib.loads(content), values), "the test writes the TOML it means"
    (tmp_path / "club.toml").write_text(content, encoding="utf-8")
    try:
        club = load_club(cwd=tmp_path)
    except ClubError:
        club = None
    before = entries(tmp_path)
    result = run("sheet", "ankle-drill")
    pdf = settle(result, tmp_path, before, "out/sheets/ankle-drill.pdf", names="club.toml")
    if club is None:
        assert pdf is None
    elif pdf is None:  # a valid club stops a sheet only with a character the font lacks
        assert "is not in the font" in result.stderr or "beyond U+FFFF" in result.stderr, (
            result.stderr
        )
    else:
        printed = pdf_text(pdf)
        for part in (club.name, club.footer):
            assert part is None or plain(part) in printed
    shutil.rmtree(tmp_path / "out", ignore_errors=True)


# ----------------------------------------------------------- arbitrary JSON as drills.json

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | text,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.text(max_size=8) | st.sampled_from(list(schema.DRILL.fields)), children, max_size=4
        )
    ),
    max_leaves=12,
)
documents = st.one_of(
    json_values,
    st.builds(lambda v: {"drills": v}, json_values),
    st.builds(lambda v: {"drills": [BASE, v]}, json_values),
    st.builds(
        lambda k, v: {"drills": [{**BASE, k: v}]},
        st.sampled_from(list(schema.DRILL.fields)),
        json_values,
    ),
    st.builds(
        lambda k, v: {"drills": [BASE], "sessions": [{**SESSION, k: v}]},
        st.sampled_from(list(schema.SESSION.fields)),
        json_values,
    ),
    st.builds(lambda v: {"drills": [BASE], "sessions": v}, json_values),
    st.builds(lambda k, v: {**LIBRARY, k: v}, st.text(max_size=8), json_values),
)


@pytest.mark.slow
# a quarter of the examples: `check` of an unreadable file renders the built-in drills (1 s)
@settings(examples, max_examples=max(10, EXAMPLES // 4))
@given(document=documents)
def test_any_json_document_checks_and_builds(run, tmp_path, document):
    """check and build --out made: exit 0 or 2, they agree, and exit 2 writes nothing."""
    reset(tmp_path)
    read = write_json(tmp_path / "drills.json", document)
    before = entries(tmp_path)
    checked = run("check", "--drills", "drills.json")
    settle(checked, tmp_path, before, set(), names="drills.json")
    built = run("build", "--drills", "drills.json", "--out", "made")
    expected: set[str] = set()
    if built.exit_code == 0:
        expected = {
            "made/cards.pdf",
            "made/handout.pdf",
            "made/.drillcards-build",
            *(f"made/sheets/{d['id']}.pdf" for d in read["drills"]),
            *(f"made/sessions/{s['id']}.pdf" for s in read.get("sessions", [])),
        }
        # the web site beside them, and the chunks kept for the next build
        expected |= {
            f for f in files(tmp_path) if f.startswith(("made/site/", "made/.drillcards-cache/"))
        }
        assert "made/site/index.html" in expected
    settle(built, tmp_path, before, expected, names="drills.json")
    assert built.exit_code == checked.exit_code, "check says what build will do"
    shutil.rmtree(tmp_path / "made", ignore_errors=True)


# -------------------------------------------------- drills within the limits fit, text and all


def within(limit: int) -> st.SearchStrategy[str]:
    """Printable text the font has, no longer on paper than `limit` (as the validator counts)."""

    def cut(value: str) -> str:
        # a run of made-up letters has no hyphenation point: longer ones go as several words
        value = re.sub(rf"(\S{{{LONGEST_WORD}}})(?=\S)", r"\1 ", value)
        while value and printed_length(collapse(value)) > limit:
            value = value[:-1]
        return value

    chars = st.sampled_from(SAFE_CHARS) | st.sampled_from(" " * 8 + "WMmШЖ—@%iltf")
    return st.text(chars, min_size=1, max_size=limit).map(cut).filter(visible)


FIELDS = schema.DRILL.fields
HOSTS = [
    "example.org",
    "www.youtube.com",
    "youtu.be",
    "drive.google.com",
    "videos.riversideharriers.org.uk",
    "mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm.example",
]


def listed(name: str) -> st.SearchStrategy[list]:
    spec = FIELDS[name]
    if name == "faults":
        item = st.fixed_dictionaries(
            {key: within(text_spec.max_len) for key, text_spec in schema.FAULT.fields.items()}
        )
    else:
        item = within(spec.item.max_len)
    return st.lists(item, min_size=spec.min_items, max_size=spec.max_items)


valid_drills = st.fixed_dictionaries(
    {
        "id": slugs,
        "name": within(FIELDS["name"].max_len),
        "summary": within(FIELDS["summary"].max_len),
        "cues": listed("cues"),
        "faults": listed("faults"),
        "video": st.builds(
            "{}{}/{}".format,
            st.sampled_from(["https://", "http://", "HTTPS://"]),
            st.sampled_from(HOSTS),
            st.text(st.sampled_from(SAFE_CHARS), max_size=240),
        ),
    },
    optional={
        "category": within(FIELDS["category"].max_len),
        "level": st.sampled_from(schema.LEVELS),
        "focus": listed("focus"),
        "dosage": within(FIELDS["dosage"].max_len),
        "variations": listed("variations"),
        "equipment": listed("equipment"),
    },
)
unique_drills = st.lists(valid_drills, min_size=1, max_size=3, unique_by=lambda d: d["id"])


@pytest.mark.slow
@examples
@given(
    drills=unique_drills, size=st.sampled_from(["a7", "a6"]), paper=st.sampled_from(list(PAPERS))
)
def test_every_drill_within_the_limits_prints_on_the_cards_it_claims_to_fit(
    run, tmp_path, drills, size, paper
):
    """The limits are the drill sheet's; a card lays each drill out: all of its text on its own
    card, or exit 2 naming the drill and what to do (a larger card, or a card short form)."""
    reset(tmp_path)
    drills = write_json(tmp_path / "drills.json", {"drills": drills})["drills"]
    result = run("cards", "--drills", "drills.json", "--size", size, "--paper", paper)
    if result.exit_code == 2:
        problems = [line for line in result.stderr.splitlines() if line.startswith("  - ")]
        assert problems, result.stderr
        for problem in problems:
            assert "too full even at the smallest legible type" in problem, problem
            assert '"card": {' in problem and "which only cards print" in problem
            assert ("--size a6" in problem) == (size == "a7" and "the largest card" not in problem)
        assert not (tmp_path / "out").exists()
        return
    assert result.exit_code == 0, result.output
    # one face a page, front then back, upright (pdfium reads turned cards' lines out of order)
    result = run(
        "cards", "--drills", "drills.json", "--size", size, "--per-page", "-o", "faces.pdf"
    )
    assert result.exit_code == 0, result.output
    pages = [plain(page) for page in page_texts(tmp_path / "faces.pdf")]
    assert len(pages) == 2 * len(drills)
    for index, drill in enumerate(drills):
        front, back = pages[2 * index], pages[2 * index + 1]
        for part in [
            drill["name"],
            drill["summary"],
            *drill["cues"],
            drill.get("dosage", ""),
            *(drill.get(k, "").upper() for k in ("category", "level")),
        ]:
            assert plain(part) in front
        for part in [
            drill["name"],
            *drill.get("variations", []),
            *(fault[k] for fault in drill["faults"] for k in ("fault", "fix")),
        ]:
            assert plain(part) in back


@pytest.mark.slow
@examples
@given(drills=unique_drills, paper=st.sampled_from(list(PAPERS)))
def test_every_drill_within_the_limits_prints_on_its_sheet_and_in_a_session(
    run, tmp_path, drills, paper
):
    reset(tmp_path)
    drills = write_json(tmp_path / "drills.json", {"drills": drills})["drills"]
    drill = drills[0]
    result = run("sheet", "--drills", "drills.json", "--paper", paper, drill["id"])
    assert result.exit_code == 0, result.output
    printed = pdf_text(tmp_path / "out" / "sheets" / f"{drill['id']}.pdf")
    for part in [
        drill["name"],
        drill["summary"],
        drill["video"],
        *drill["cues"],
        *(fault[k] for fault in drill["faults"] for k in ("fault", "fix")),
        *(drill.get(k) or "" for k in ("category", "dosage")),
        *(item for k in ("focus", "variations", "equipment") for item in drill.get(k, [])),
    ]:
        assert plain(part) in printed
    result = run(
        "session",
        "--drills",
        "drills.json",
        "--paper",
        paper,
        "--title",
        "Track",
        *(d["id"] for d in drills),
    )
    assert result.exit_code == 0, result.output
    printed = pdf_text(tmp_path / "out" / "sessions" / "track.pdf")
    for drill in drills:
        for part in [
            drill["name"],
            *drill["cues"],
            drill.get("dosage") or "",
            *(fault[k] for fault in drill["faults"] for k in ("fault", "fix")),
        ]:
            assert plain(part) in printed


# ------------------------------------------- what the properties found, one plain example each


def one_drill(run, tmp_path, product: str, **changes):
    """Run one product for a one-drill library; return the result and the PDF's text."""
    write_json(tmp_path / "drills.json", {"drills": [make_drill(**changes)]})
    args = {"cards": ["cards"], "sheet": ["sheet", "test-drill"]}[product]
    result = run(*args, "--drills", "drills.json", "-o", "made.pdf")
    texts = page_texts(tmp_path / "made.pdf") if result.exit_code == 0 else []
    return result, texts


@pytest.mark.parametrize("product", ["cards", "sheet"])
def test_right_to_left_text_is_refused_or_printed_in_reading_order(run, tmp_path, product):
    """It printed with its letters reversed (pdfium read back "םלוע םולש"), Arabic unjoined."""
    name = "שלום עולם"  # Hebrew: "hello world"
    result, texts = one_drill(run, tmp_path, product, name=name)
    if result.exit_code == 2:
        assert 'drills[0] ("test-drill").name' in result.stderr
    else:
        assert name in collapse(texts[0])


@pytest.mark.parametrize("product", ["cards", "sheet"])
@pytest.mark.parametrize("cue", ["Smile 😀 and relax", "Count 𝟙, 𝟚"])
def test_characters_beyond_the_basic_plane_are_refused_or_written_correctly(
    run, tmp_path, product, cue
):
    """DejaVu has these, but reportlab's ToUnicode map writes <1F600> (not UTF-16): copying the
    text gave U+1F60 for U+1F600."""
    result, texts = one_drill(run, tmp_path, product, cues=[cue])
    if result.exit_code == 2:
        assert 'drills[0] ("test-drill").cues[0]' in result.stderr
    else:
        assert cue in collapse(texts[0])


def test_text_a_layout_changes_is_checked_against_the_font(run, tmp_path):
    """The card prints the category in capitals; Georgian capitals (Mtavruli, U+1C90…) are not
    in DejaVu Sans, so the check of the category as written passed and the card showed boxes."""
    category = "ვარჯიში"  # Georgian: "exercise"
    result, texts = one_drill(run, tmp_path, "cards", category=category)
    if result.exit_code == 2:
        assert 'drills[0] ("test-drill").category' in result.stderr
    else:
        assert category.upper() in texts[0]


@pytest.mark.parametrize("name", ["\u200b", "\u2060\u200d", "\u00ad", "\u0300"])
def test_a_field_of_only_invisible_characters_is_refused(run, tmp_path, name):
    result, _ = one_drill(run, tmp_path, "sheet", name=name)
    assert result.exit_code == 2
    assert 'drills[0] ("test-drill").name' in result.stderr


def test_a_session_title_of_only_invisible_characters_is_refused(run, tmp_path):
    write_json(tmp_path / "drills.json", LIBRARY)
    result = run("session", "--drills", "drills.json", "--title", "\u200b", "test-drill")
    assert result.exit_code == 2
    assert "--title" in result.stderr


@pytest.mark.parametrize("title", ["  ", "\u200b"])
def test_a_blank_handout_title_is_refused_or_taken_as_not_given(run, tmp_path, title):
    write_json(tmp_path / "drills.json", LIBRARY)
    result = run("bundle", "--drills", "drills.json", "--drill", "test-drill", "--title", title)
    if result.exit_code == 0:
        assert "Running drills" in page_texts(tmp_path / "out" / "handout.pdf")[0]
    else:
        assert result.exit_code == 2 and "--title" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["bundle", "--title", "Winter\x1b[2J"],
        ["session", "\x1b]0;owned\x07"],
        ["cards", "\x1b[31m"],
    ],
)
def test_control_characters_on_the_command_line_are_shown_escaped(run, tmp_path, args):
    """An ESC printed raw in a message reaches the terminal, which obeys it."""
    write_json(tmp_path / "drills.json", LIBRARY)
    result = run(*args, "--drills", "drills.json")
    assert result.exit_code == 2
    assert not RAW_CONTROL.search(result.stderr), repr(result.stderr)


def test_a_huge_number_as_back_offset_is_a_plain_error(run, tmp_path):
    """float() of a 400-digit whole number raised OverflowError: a traceback."""
    (tmp_path / "club.toml").write_text(f"back_offset = [{10**400}, 0]\n", encoding="utf-8")
    result = run("sheet", "ankle-drill")
    assert result.exit_code == 2 and "back_offset" in result.stderr


@pytest.mark.parametrize(
    "video",
    [
        "https://videos.riversideharriers.org.uk/ankle-drill",
        "https://riversideharriers.example/v/1",
        "https://mmmmmmmmmmmmmmmmmmmmmmmm.example/v/1",
        "http://" + "x" * 293,
    ],
)
@pytest.mark.parametrize("size", ["a7", "a6"])
def test_a_link_within_the_limits_prints_on_the_cards_that_promise_to_fit(
    run, tmp_path, size, video
):
    """The host under the code was cut to 34 characters, more than the caption holds: a card
    with the club's own host (riversideharriers.example) could not print on A7."""
    write_json(tmp_path / "drills.json", {"drills": [make_drill(video=video)]})
    result = run("cards", "--drills", "drills.json", "--size", size, "-o", "made.pdf")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("key", ["name", "footer"])
@pytest.mark.parametrize("value", ["שלום רצים", "\u200b"])
def test_club_text_follows_the_rules_of_drill_text(run, tmp_path, key, value):
    """A Hebrew club name printed reversed at the foot of the sheet ("םיצר םולש"); a name of a
    zero-width space printed nothing."""
    (tmp_path / "club.toml").write_text(f'{key} = "{value}"\n', encoding="utf-8")
    result = run("sheet", "ankle-drill")
    if result.exit_code == 0:
        assert collapse(value) and collapse(value) in collapse(
            page_texts(tmp_path / "out" / "sheets" / "ankle-drill.pdf")[0]
        )
    else:
        assert result.exit_code == 2 and f"club.toml: {key}" in result.stderr
