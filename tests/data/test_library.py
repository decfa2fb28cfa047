"""Loading and validating drills files: what a coach sees when a file is wrong, and when right.

Every bad file must stop the run with status 2 and a plain message naming the file, the place
and the problem, and must write nothing. Good files load into frozen model objects. The published
JSON Schema is generated from the same contract and agrees with the validator.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import cards
from cards import DataError, Drill, Fault, Library, Session, SessionItem, load_library
from cards.cli import cli
from tests.conftest import BUILTIN, EXAMPLES, ROOT, make_drill

P = 'drills[0] ("test-drill")'  # where the conftest drill's problems are reported
LEVEL_HINT = 'did you mean "beginner"?'
WEB_ADDRESS = "video: must be a web address starting with https:// or http://"
TIMES = "\u00d7"  # the multiplication sign, as in the dosage "2 x 20 m" of drills.json
MISSING, FOLDER = object(), object()  # contents that are not a file
FIELDS = cards.data.schema.DRILL.fields
NAME_MAX = FIELDS["name"].max_len  # limits change with the card design: never hard-code them
CUE_MAX = FIELDS["cues"].item.max_len
CUES_MAX = FIELDS["cues"].max_items
CARD_CUES = cards.data.schema.CARD.fields["cues"].max_items
FAULTS_MAX = FIELDS["faults"].max_items
SCHEMA = json.loads((ROOT / "drills.schema.json").read_text(encoding="utf-8"))  # as published
VALIDATOR = jsonschema.Draft202012Validator(
    cards.data.schema.json_schema()
)  # as the code states it


def library(*drills: dict, **top) -> dict:
    """A drills document; with no drills, the conftest test drill."""
    return {"drills": list(drills) or [make_drill()], **top}


def with_session(**changes) -> dict:
    session = {"id": "week-1", "title": "Week 1", "items": [{"drill": "test-drill"}]}
    session.update(changes)
    session = {k: v for k, v in session.items() if v is not None}
    return library(sessions=[session])


def raw(document: dict, old: str, new: str) -> str:
    """The document as JSON text with one piece replaced: for what json.dumps cannot write."""
    text = json.dumps(document, ensure_ascii=False)
    assert old in text
    return text.replace(old, new, 1)


def case(content, *expected: str, schema_rejects: bool = False, id: str):
    """A bad file: content (dict, str, bytes, MISSING or FOLDER), texts the output must contain,
    and whether the published JSON Schema can tell (so it must reject it too)."""
    return pytest.param(content, expected, schema_rejects, id=id)


LATIN_1 = '{\n  "drills": [\n    {"id": "caf\xe9"}\n  ]\n}'.encode("latin-1")
SYNTAX = '{\n  "drills": [\n    {"id": "a",}\n  ]\n}'

BAD = [
    # the file as a whole
    case(SYNTAX, "line 3, column 16", "not valid JSON", id="json-syntax"),
    case('{"drills": [}', "line 1, column 13", "not valid JSON", id="json-syntax-one-line"),
    case(LATIN_1, "line 3", "UTF-8", "0xE9", id="latin-1"),
    case("", "the file is empty", id="empty"),
    case(" \n\t\r\n ", "the file is empty", id="whitespace-only"),
    case("\ufeff", "the file is empty", id="bom-only"),
    case(
        [make_drill()],
        "the top level: must be an object",
        "(got a list)",
        schema_rejects=True,
        id="top-level-list",
    ),
    case("3", "the top level: must be an object", "(got a number: 3)", id="top-level-number"),
    case(
        {},
        'the top level: the required key "drills" is missing',
        schema_rejects=True,
        id="no-drills",
    ),
    case(
        {"drill": [make_drill()]},
        'unknown key "drill"; did you mean "drills"?',
        schema_rejects=True,
        id="drills-misspelt",
    ),
    case({"drills": []}, "drills: must have at least 1", schema_rejects=True, id="drills-empty"),
    # wrong types at every level
    case(
        {"drills": {"test-drill": make_drill()}},
        "drills: must be a list [...] (got an object)",
        schema_rejects=True,
        id="drills-not-list",
    ),
    case(
        {"drills": ["ankle-drill"]},
        'drills[0]: must be an object {...} (got text: "ankle-drill")',
        schema_rejects=True,
        id="drill-not-object",
    ),
    case(
        library(make_drill(name=5)),
        f"{P}.name: must be text in quotes (got a number: 5)",
        schema_rejects=True,
        id="name-number",
    ),
    case(
        library(make_drill(name=True)),
        f"{P}.name: must be text in quotes (got true/false",
        schema_rejects=True,
        id="name-bool",
    ),
    case(
        library(make_drill(name=[])),
        f"{P}.name: must be text in quotes (got a list)",
        schema_rejects=True,
        id="name-list",
    ),
    case(
        library(make_drill(cues="Stay tall")),
        f'{P}.cues: must be a list [...] (got text: "Stay',
        schema_rejects=True,
        id="cues-string",
    ),
    case(
        library(make_drill(cues=["Stay tall", 7])),
        f"{P}.cues[1]: must be text in quotes",
        schema_rejects=True,
        id="cue-number",
    ),
    case(
        library(make_drill(faults=["Leaning back"])),
        f"{P}.faults[0]: must be an object",
        schema_rejects=True,
        id="fault-string",
    ),
    case(
        library(make_drill(faults=[{"fault": "Leaning back"}])),
        f'{P}.faults[0]: the required key "fix" is missing',
        schema_rejects=True,
        id="fault-without-fix",
    ),
    case(
        library(make_drill(faults=[])),
        f"{P}.faults: must have at least 1",
        schema_rejects=True,
        id="faults-empty",
    ),
    case(
        library(make_drill(level="beginer")),
        f'{P}.level: must be one of beginner, intermediate, advanced (got "beginer")',
        LEVEL_HINT,
        schema_rejects=True,
        id="level-misspelt",
    ),
    case(
        library(make_drill(level="expert")),
        f"{P}.level: must be one of",
        "use one of: beginner, intermediate, advanced",
        schema_rejects=True,
        id="level-unknown",
    ),
    case(
        library(make_drill(level=2)),
        f"{P}.level: must be text in quotes",
        schema_rejects=True,
        id="level-number",
    ),
    case(
        library(cards="x"),
        'the top level: unknown key "cards"',
        schema_rejects=True,
        id="unknown-top-key",
    ),
    case(
        library(**{"$schema": 5}),
        "$schema: must be text in quotes",
        schema_rejects=True,
        id="schema-key-number",
    ),
    case(
        library(sessions={}),
        "sessions: must be a list",
        schema_rejects=True,
        id="sessions-not-list",
    ),
    # missing and unknown keys
    *(
        case(
            library(make_drill(**{key: None})),
            f'the required key "{key}" is missing',
            schema_rejects=True,
            id=f"missing-{key}",
        )
        for key in ("name", "summary", "cues", "faults")
    ),
    case(
        library(make_drill(id=None)),
        'drills[0]: the required key "id" is missing',
        schema_rejects=True,
        id="missing-id",
    ),
    case(
        library(make_drill(cues=None, cuse=["Stay tall"])),
        f'{P}: unknown key "cuse"; did you mean "cues"?',
        f'{P}: the required key "cues"',
        schema_rejects=True,
        id="unknown-key-cuse",
    ),
    case(
        library(make_drill(colour="red")),
        f'{P}: unknown key "colour"; allowed: id, name,',
        schema_rejects=True,
        id="unknown-key-no-hint",
    ),
    case(
        raw(library(), '"name": "Test drill"', '"name": "Test drill", "name": "Other"'),
        f'{P}: the key "name" is written twice; keep one',
        id="key-twice",
    ),
    # ids
    case(
        library(make_drill(), make_drill(name="Another")),
        'drills[1] ("test-drill").id: the id is already used by drills[0]',
        id="duplicate-id",
    ),
    case(
        library(make_drill(), make_drill(id="second"), make_drill()),
        'drills[2] ("test-drill").id: the id is already used by drills[0]',
        id="duplicate-id-apart",
    ),
    *(
        case(
            library(make_drill(id=ident)),
            f"drills[0] ({json.dumps(ident, ensure_ascii=False)}).id: must be a short id of "
            "lowercase letters",
            schema_rejects=True,
            id=f"unsafe-id-{ident}",
        )
        for ident in (
            "../x",
            "/etc/passwd",
            "Ankle Drill",
            "a--b",
            "-a",
            "a-",
            "ankle_drill",
            "C:\\x",
            "ankle\u00e9",
        )
    ),
    # Python's re lets "$" match before a final line break, so jsonschema (not editors) takes it
    case(
        library(make_drill(id="drill\n")),
        'drills[0] ("drill\\n").id: must be a short id',
        id="unsafe-id-trailing-newline",
    ),
    case(
        library(make_drill(id="con")),
        'drills[0] ("con").id: "con" is a reserved file name',
        schema_rejects=True,
        id="unsafe-id-con",
    ),
    case(
        library(make_drill(id="lpt1")),
        "reserved file name",
        schema_rejects=True,
        id="unsafe-id-lpt1",
    ),
    case(
        library(make_drill(id="")),
        "drills[0].id: must not be empty",
        schema_rejects=True,
        id="empty-id",
    ),
    # urls
    *(
        case(
            library(make_drill(video=url)),
            f"{P}.{WEB_ADDRESS}",
            schema_rejects=True,
            id=f"unsafe-url-{url}",
        )
        for url in (
            "javascript:alert(1)",
            "file:///etc/passwd",
            "data:text/html,x",
            "www.example.org",
            "https://",
            "https:///videos",
            "ftp://example.org/v",
            "//example.org/v",
        )
    ),
    case(library(make_drill(video="https://[::1/v")), f"{P}.{WEB_ADDRESS}", id="url-broken-ipv6"),
    case(
        library(make_drill(video="https://example.org/my video")),
        f"{P}.video: must not contain spaces; write them as %20 "
        '(got "https://example.org/my video")',
        schema_rejects=True,
        id="url-with-space",
    ),
    # text
    case(
        library(make_drill(name="Test\x07drill")),
        f"{P}.name: contains an invisible control character (U+0007) at character 5",
        schema_rejects=True,
        id="control-character",
    ),
    case(
        library(make_drill(cues=["Stay\x00tall"])),
        f"{P}.cues[0]: contains an invisible control character (U+0000)",
        schema_rejects=True,
        id="nul-character",
    ),
    case(
        raw(library(), "Test drill", "Test\\ud83d drill"),
        f"{P}.name: contains a broken character (U+D83D",
        id="lone-surrogate",
    ),
    case(
        library(make_drill(name="  \n ")),
        f"{P}.name: must not be empty",
        schema_rejects=True,
        id="name-blank",
    ),
    case(
        library(make_drill(name="N" * (NAME_MAX + 1))),
        f"{P}.name: is {NAME_MAX + 1} characters; at most {NAME_MAX} fit on a drill sheet",
        schema_rejects=True,
        id="name-too-long",
    ),
    case(
        library(make_drill(cues=["x" * 100_000])),
        f"{P}.cues[0]: is 100000 characters; at most",
        schema_rejects=True,
        id="cue-100000",
    ),
    case(
        library(make_drill(name="Ш" * NAME_MAX)),
        f"{P}.name: takes the room of",
        "wide letters",
        id="name-wide-letters",
    ),
    case(
        library(make_drill(cues=[f"Cue {i}" for i in range(CUES_MAX + 1)])),
        f"{P}.cues: at most {CUES_MAX} fit on a drill sheet (got {CUES_MAX + 1})",
        schema_rejects=True,
        id="too-many-cues",
    ),
    case(
        library(make_drill(faults=[{"fault": "F", "fix": "X"}] * (FAULTS_MAX + 1))),
        f"{P}.faults: at most {FAULTS_MAX} fit on a drill sheet (got {FAULTS_MAX + 1})",
        schema_rejects=True,
        id="too-many-faults",
    ),
    # the card short form is held to what a card holds
    case(
        library(make_drill(card={"cues": ["Tall"] * (CARD_CUES + 1)})),
        f"{P}.card.cues: at most {CARD_CUES} fit on a card (got {CARD_CUES + 1})",
        schema_rejects=True,
        id="too-many-card-cues",
    ),
    case(
        library(make_drill(card={"cues": []})),
        f"{P}.card.cues: must have at least 1",
        schema_rejects=True,
        id="card-without-cues",
    ),
    case(
        library(make_drill(card={"cuse": ["Tall"]})),
        f'{P}.card: unknown key "cuse"; did you mean "cues"?',
        schema_rejects=True,
        id="card-unknown-key",
    ),
    # sessions
    case(
        with_session(items=[{"drill": "test-dril"}]),
        'sessions[0] ("week-1").items[0].drill: there is no drill with the id "test-dril"; '
        'did you mean "test-drill"?',
        id="session-unknown-drill",
    ),
    case(
        with_session(items=[{"drill": "zzz"}]),
        'there is no drill with the id "zzz"; check the ids',
        id="session-unknown-drill-no-hint",
    ),
    case(
        with_session(items=[]),
        'sessions[0] ("week-1").items: must have at least 1',
        schema_rejects=True,
        id="session-no-items",
    ),
    case(
        with_session(items=["test-drill"]),
        'sessions[0] ("week-1").items[0]: must be an object',
        schema_rejects=True,
        id="session-item-string",
    ),
    case(
        with_session(title=None),
        'sessions[0] ("week-1"): the required key "title"',
        schema_rejects=True,
        id="session-no-title",
    ),
    case(
        {"drills": [make_drill()], "sessions": [with_session()["sessions"][0]] * 2},
        'sessions[1] ("week-1").id: the id is already used by sessions[0]',
        id="duplicate-session-id",
    ),
    # values JSON or Python cannot hold
    case(
        raw(library(), '"Test drill"', "NaN"),
        f"{P}.name: must be text in quotes (got NaN",
        id="nan",
    ),
    case(
        raw(library(), '"Test drill"', "-Infinity"),
        f"{P}.name: must be text in quotes (got -Infinity",
        id="infinity",
    ),
    case(
        raw(library(), '"Test drill"', "1" * 5000),
        f"{P}.name: must be text in quotes (got a number with 5000 digits)",
        id="huge-integer",
    ),
    case(
        raw(library(), '"Test drill"', "1e999"),
        f"{P}.name: must be text in quotes",
        id="huge-float",
    ),
    case("[" * 100_000 + "]" * 100_000, "nested too deeply", id="deep-nesting"),
    # not a file
    case(MISSING, "no such file", id="missing-file"),
    case(FOLDER, "is a directory", id="folder"),
]


def write_case(tmp_path: Path, content) -> Path:
    path = tmp_path / "my drills.json"
    if content is FOLDER:
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8", errors="surrogatepass")
    elif content is not MISSING:
        path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return path


def assert_reported(result, path: Path, expected) -> None:
    output = result.output
    assert result.exit_code == 2, output
    assert "Traceback" not in output
    assert str(path) in output, "the message names the file"
    for text in expected:
        assert text in output
    assert len(output) < 3000, "one short line per problem, whatever the input"


@pytest.mark.parametrize(("content", "expected", "schema_rejects"), BAD)
def test_bad_file_is_reported_and_nothing_is_written(
    run, tmp_path, content, expected, schema_rejects
):
    path = write_case(tmp_path, content)
    started = time.perf_counter()
    result = run("cards", "--drills", path)
    assert time.perf_counter() - started < 2
    assert_reported(result, path, expected)
    assert not (tmp_path / "out").exists()


@pytest.fixture(scope="module")
def good_pdf(tmp_path_factory) -> bytes:
    """cards.pdf from a good run of the test drill."""
    folder = tmp_path_factory.mktemp("good")
    (folder / "drills.json").write_text(json.dumps(library()), encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        ["cards", "--drills", str(folder / "drills.json"), "-o", str(folder / "cards.pdf")],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return (folder / "cards.pdf").read_bytes()


@pytest.mark.parametrize("command", ["cards", "build"])
@pytest.mark.parametrize(("content", "expected", "schema_rejects"), BAD)
def test_bad_file_leaves_earlier_output_alone(
    run, tmp_path, good_pdf, command, content, expected, schema_rejects
):
    out = tmp_path / "out"
    out.mkdir()
    (out / "cards.pdf").write_bytes(good_pdf)
    os.utime(out / "cards.pdf", (1_000_000_000, 1_000_000_000))
    path = write_case(tmp_path, content)
    assert_reported(run(command, "--drills", path), path, expected)
    assert [p.name for p in out.iterdir()] == ["cards.pdf"]
    assert (out / "cards.pdf").read_bytes() == good_pdf
    assert (out / "cards.pdf").stat().st_mtime == 1_000_000_000


def test_good_run_then_bad_run_keeps_the_good_pdf(run, drills_file, tmp_path):
    good = drills_file(library())
    assert run("cards", "--drills", good).exit_code == 0
    before = (tmp_path / "out" / "cards.pdf").read_bytes()
    bad = drills_file(library(make_drill(level="beginer")), name="bad.json")
    result = run("cards", "--drills", bad)
    assert_reported(result, bad, [LEVEL_HINT])
    assert (tmp_path / "out" / "cards.pdf").read_bytes() == before
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["cards.pdf"]


def test_cue_of_100000_characters_is_a_quick_clean_error(drills_file):
    path = drills_file(library(make_drill(cues=["x" * 100_000, "y" * 100_000])))
    started = time.perf_counter()
    with pytest.raises(DataError) as caught:
        load_library(path)
    assert time.perf_counter() - started < 1
    assert len(caught.value.problems) == 2
    assert all(len(p) < 300 for p in caught.value.problems)


def test_every_problem_is_reported_in_one_run(run, drills_file):
    path = drills_file(
        library(
            make_drill(name=5),
            make_drill(id="second", level="beginer"),
            make_drill(name="Third"),  # the id of the first drill again
        )
    )
    result = run("cards", "--drills", path)
    assert_reported(
        result,
        path,
        [
            f"{path} has 3 problems; nothing was written",
            f"{P}.name: must be text in quotes",
            'drills[1] ("second").level: must be one of',
            'drills[2] ("test-drill").id: the id is already used by drills[0]',
        ],
    )
    assert sum(line.startswith("  - ") for line in result.output.splitlines()) == 3


def test_unknown_session_drill_is_reported_alongside_other_problems(drills_file):
    document = with_session(items=[{"drill": "test-dril"}])
    document["drills"][0]["level"] = "beginer"
    with pytest.raises(DataError) as caught:
        load_library(drills_file(document))
    problems = caught.value.problems
    assert len(problems) == 2
    assert LEVEL_HINT in problems[0]
    assert 'did you mean "test-drill"?' in problems[1]


def test_a_broken_drill_id_does_not_cause_false_unknown_drill_reports(drills_file):
    document = with_session(items=[{"drill": "test-drill"}])
    document["drills"][0]["id"] = "Test Drill"
    with pytest.raises(DataError) as caught:
        load_library(drills_file(document))
    assert len(caught.value.problems) == 1
    assert "must be a short id" in caught.value.problems[0]


def test_one_problem_is_counted_in_the_singular(drills_file):
    path = drills_file(library(make_drill(name=5)))
    with pytest.raises(DataError, match="has 1 problem;"):
        load_library(path)


# ------------------------------------------------------------------------------ good files


def test_builtin_library_loads_into_frozen_model():
    lib = load_library(ROOT / "drills.json")
    assert isinstance(lib, Library)
    assert len(lib.drills) == 12
    assert len(lib.sessions) == 2
    assert [d.id for d in lib.drills] == [d["id"] for d in BUILTIN["drills"]]
    for drill in lib.drills:
        assert isinstance(drill, Drill)
        for field in ("cues", "focus", "variations", "equipment"):
            value = getattr(drill, field)
            assert isinstance(value, tuple)
            assert all(isinstance(v, str) for v in value)
        assert isinstance(drill.faults, tuple)
        assert drill.faults
        assert all(
            isinstance(f, Fault) and isinstance(f.fault, str) and isinstance(f.fix, str)
            for f in drill.faults
        )
        assert drill.video.startswith("https://")
        assert lib.has_drill(drill.id)
        assert lib.drill(drill.id) is drill
    for session in lib.sessions:
        assert isinstance(session, Session)
        assert isinstance(session.items, tuple)
        assert all(isinstance(i, SessionItem) and lib.has_drill(i.drill) for i in session.items)


def test_builtin_texts_are_tidy():
    lib = load_library(ROOT / "drills.json")
    texts = [
        t
        for d in lib.drills
        for t in (
            d.name,
            d.summary,
            d.dosage,
            d.category,
            *d.cues,
            *d.focus,
            *d.variations,
            *d.equipment,
            *(x for f in d.faults for x in (f.fault, f.fix)),
        )
        if t is not None
    ]
    assert texts
    for text in texts:
        assert text == " ".join(text.split())


def test_whitespace_is_collapsed(drills_file):
    drill = make_drill(
        name="  Test \n\t drill ",
        cues=["Stay\ttall ", "\nQuick  feet"],
        faults=[{"fault": " Leaning\r\nback", "fix": "Hips  over the feet "}],
        level=" beginner ",
        focus=["  cadence"],
        dosage=f"2 {TIMES}  20 m",
    )
    lib = load_library(drills_file(library(drill)))
    loaded = lib.drills[0]
    assert loaded.name == "Test drill"
    assert loaded.cues == ("Stay tall", "Quick feet")
    assert loaded.faults == (Fault("Leaning back", "Hips over the feet"),)
    assert loaded.level == "beginner"
    assert loaded.focus == ("cadence",)
    assert loaded.dosage == f"2 {TIMES} 20 m"
    assert loaded.variations == ()
    assert loaded.equipment == ()
    assert loaded.category is None


def words(length: int) -> str:
    """Text of exactly `length` characters in words a line can break between (a made-up word
    has no hyphenation point, so one of 40 letters fits no card)."""
    text = " ".join(["nnnnnnnnn"] * length)[:length]
    return text[:-1] + "n" if text.endswith(" ") else text


GOOD = [
    pytest.param(library(), id="minimal"),
    pytest.param(library(**{"$schema": "./drills.schema.json"}), id="with-schema-key"),
    pytest.param(
        library(
            make_drill(
                category="Coordination",
                level="advanced",
                focus=["cadence", "posture"],
                dosage=f"2 {TIMES} 20 m",
                variations=["Faster", "Slower"],
                equipment=["Cones"],
            )
        ),
        id="every-field",
    ),
    pytest.param(
        library(make_drill(name=words(NAME_MAX), cues=[words(CUE_MAX)] * CUES_MAX)),
        id="at-the-limits",
    ),
    pytest.param(
        with_session(
            warmup="Jog 10 min",
            cooldown="Walk",
            notes="Easy day",
            items=[{"drill": "test-drill", "dosage": f"3 {TIMES} 20 m", "notes": "x"}],
        ),
        id="with-session",
    ),
    pytest.param(
        library(make_drill(video="http://example.org/v?x=1&y=%20#t=3")), id="http-with-query"
    ),
    pytest.param(library(make_drill(video="HTTPS://Example.org/v")), id="capital-scheme"),
    pytest.param(
        library(make_drill(name="Übung für Läufer", cues=["Knie hoch — schnell"])), id="non-ascii"
    ),
    pytest.param("\ufeff" + json.dumps(library()), id="utf-8-bom"),
    pytest.param(json.dumps(library(), indent=2).replace("\n", "\r\n"), id="crlf"),
]


@pytest.mark.parametrize("content", GOOD)
def test_good_file_checks_clean(run, tmp_path, content):
    path = write_case(tmp_path, content)
    result = run("check", "--drills", path)
    assert result.exit_code == 0, result.output
    assert "is fine: 1 drill and" in result.output


def test_check_builtin_library(run):
    result = run("check")
    assert result.exit_code == 0, result.output
    assert "is fine: 12 drills and 2 sessions" in result.output


def test_load_library_is_exported_and_takes_str_paths(drills_file):
    assert cards.load_library is load_library
    lib = load_library(str(drills_file(library())), display_name="mine.json")
    assert lib.source == "mine.json"


# -------------------------------------------------------------------------- published schema


def test_committed_schema_is_up_to_date(run):
    result = run("schema")
    assert result.exit_code == 0
    committed = (ROOT / "drills.schema.json").read_text(encoding="utf-8")
    assert result.output == committed, "regenerate: python build.py schema > drills.schema.json"


def test_schema_is_valid_draft_2020_12():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_builtin_library_validates_against_schema():
    assert list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(BUILTIN)) == []


@pytest.mark.parametrize(("content", "expected", "schema_rejects"), [p for p in BAD if p.values[2]])
def test_schema_rejects_what_the_validator_rejects(content, expected, schema_rejects):
    assert not VALIDATOR.is_valid(content)


@pytest.mark.parametrize("content", [p for p in GOOD if isinstance(p.values[0], dict)])
def test_schema_accepts_good_files(content):
    assert list(VALIDATOR.iter_errors(content)) == []


# ------------------------------------------------------------------------------ properties

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.text(max_size=8) | st.sampled_from(list(cards.data.schema.DRILL.fields)),
            children,
            max_size=4,
        )
    ),
    max_leaves=12,
)
any_text = st.text(st.characters() | st.characters(categories=["Cc", "Cs", "Zl", "Cf"]))
TEXT_FIELDS = ["id", "name", "summary", "video", "category", "level", "dosage"]


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("hypothesis") / "drills.json"


def load_or_data_error(path: Path) -> Library | DataError:
    try:
        lib = load_library(path)
    except DataError as err:
        message = str(err)
        assert message.startswith(str(path))
        assert all(p.startswith(f"{path}: ") for p in err.problems)
        assert all(len(line) < 500 for line in message.splitlines())
        return err
    assert isinstance(lib, Library)
    return lib


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        json_values,
        st.builds(lambda v: {"drills": v}, json_values),
        st.builds(lambda v: {"drills": [v]}, json_values),
        st.builds(
            lambda k, v: library(make_drill(**{k: v})),
            st.sampled_from(list(cards.data.schema.DRILL.fields)),
            json_values,
        ),
    )
)
def test_any_json_gives_a_library_or_a_data_error(scratch, document):
    scratch.write_text(json.dumps(document), encoding="utf-8")
    load_or_data_error(scratch)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(TEXT_FIELDS), any_text, st.booleans())
def test_any_text_in_a_field_gives_a_library_or_a_data_error(scratch, field, text, in_list):
    drill = make_drill(**({"cues": [text]} if in_list else {field: text}))
    written = json.dumps(library(drill))  # \u escapes, so even lone surrogates can be written
    scratch.write_text(written, encoding="utf-8")
    result = load_or_data_error(scratch)
    if isinstance(result, Library):
        read = json.loads(written)  # escaped surrogate pairs read back as one character
        text = read["drills"][0]["cues"][0] if in_list else read["drills"][0][field]
        loaded = result.drills[0]
        value = loaded.cues[0] if in_list else getattr(loaded, field)
        assert value == (" ".join(text.split()) or None)  # an empty optional text: not given
        if text == value:  # the schema counts raw length, the validator tidies first
            assert VALIDATOR.is_valid(read), "the schema accepts what the tool accepts"


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_give_a_library_or_a_data_error(scratch, data):
    scratch.write_bytes(data)
    load_or_data_error(scratch)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.text(max_size=60))
def test_a_quoted_value_shows_no_character_a_terminal_would_hide_or_reorder(text):
    import unicodedata

    from cards.data.library import quoted

    shown = quoted(text)
    assert all(unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Zl", "Zp") for c in shown)
    assert shown.startswith('"') and shown.endswith('"') and "\n" not in shown
    if len(text) <= 40 and all(c.isalnum() or c == " " for c in text):
        assert shown == f'"{text}"'  # plain text is shown as written
