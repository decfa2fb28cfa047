"""Hostile input: a device, a pipe or a folder where a file belongs, a file over its cap, a logo
or a catalogue that would take gigabytes, links that hide their host, direction controls that
reorder text, nesting deep enough to break a parser. Each is refused as a user meets it, through
the CLI: exit status 2, a message naming the file and the problem, no traceback, within seconds
and a bounded memory, and every file in the working folder as it was, with nothing added.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import resource
import signal
import stat
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from cards.cli import cli
from cards.data.validation import BIDI_CONTROLS
from tests.conftest import make_drill, page_texts

DATA = Path(__file__).resolve().parents[1] / "data"
FIFO, FOLDER = object(), object()  # contents that are not bytes
SECONDS = 10  # a hang fails the test instead of the run
HEADROOM = 1 << 30  # memory the CLI may take beyond what the test process already holds


def drills(*entries: dict, **top) -> str:
    return json.dumps({"drills": list(entries) or [make_drill()], **top}, ensure_ascii=False)


def png(size: tuple[int, int]) -> bytes:
    """A black-and-white PNG: a few kilobytes on disk whatever its size in pixels."""
    buffer = io.BytesIO()
    Image.new("1", size).save(buffer, "PNG")
    return buffer.getvalue()


def catalogue(**labels: str) -> str:
    lines = "".join(
        f"{key} = {json.dumps(text, ensure_ascii=False)}\n" for key, text in labels.items()
    )
    return f'name = "Nederlands"\n\n[labels]\n{lines}'


def case(
    args: tuple[str, ...],
    expected: tuple[str | re.Pattern, ...],
    files: dict[str, object] | None = None,
    *,
    id: str,
):
    """A command run in a folder holding `files`; the texts its message must contain."""
    return pytest.param(args, expected, files or {}, id=id)


DEVICE = "is a device, not a file"
PIPE = "is a pipe (FIFO), not a file"
NESTED = "nested too deeply"
P = 'drills[0] ("test-drill")'

FILES = [
    # drills.json
    case(("cards", "--drills", "/dev/zero"), ("/dev/zero", DEVICE), id="drills-dev-zero"),
    case(
        ("cards", "--drills", "drills.json"),
        ("drills.json", PIPE),
        {"drills.json": FIFO},
        id="drills-fifo",
    ),
    case(
        ("cards", "--drills", "drills.json"),
        ("drills.json", re.compile("folder|directory")),
        {"drills.json": FOLDER},
        id="drills-folder",
    ),
    case(
        ("cards", "--drills", "drils.json"),
        ('drils.json: no such file; did you mean "drills.json"?', "--drills"),
        {"drills.json": drills()},
        id="drills-misspelt-file-name",
    ),
    case(
        ("cards", "--drills", "drills.json"),
        ("drills.json: is 10.5 MB; a drills file is at most 10 MB",),
        {"drills.json": 10_500_000},
        id="drills-over-the-cap",
    ),
    case(
        ("cards", "--drills", "drills.json"),
        ("drills.json", NESTED),
        {"drills.json": "[" * 100_000 + "]" * 100_000},
        id="drills-deep-nesting",
    ),
    case(
        ("cards", "--drills", "drills.json"),
        ("drills.json", NESTED),
        {"drills.json": '{"drills": ' + "[" * 100_000},
        id="drills-deep-nesting-unclosed",
    ),
    # club.toml, named or found in the working folder
    case(("cards", "--club", "/dev/zero"), ("/dev/zero", DEVICE), id="club-dev-zero"),
    case(
        ("cards", "--club", "club.toml"), ("club.toml", PIPE), {"club.toml": FIFO}, id="club-fifo"
    ),
    case(("cards",), ("club.toml", PIPE), {"club.toml": FIFO}, id="club-fifo-in-working-folder"),
    case(
        ("cards", "--club", "clubs.toml"),
        ('clubs.toml: no such file; did you mean "club.toml"?',),
        {"club.toml": 'name = "R"\n'},
        id="club-misspelt-file-name",
    ),
    case(
        ("cards",),
        ("club.toml", NESTED),
        {"club.toml": "name = " + "[" * 100_000},
        id="club-deep-nesting",
    ),
    # the logo
    case(
        ("cards",),
        (
            'club.toml: logo: "huge.png" is 10000 × 10000 pixels, 100 megapixels; a '
            "logo is at most 16 megapixels",
        ),
        {"club.toml": 'logo = "huge.png"\n', "huge.png": DATA / "logo-100-megapixels.png"},
        id="logo-100-megapixels",
    ),
    case(
        ("cards",),
        ('club.toml: logo: "big.png" is 4001 × 4000 pixels',),
        {"club.toml": 'logo = "big.png"\n', "big.png": png((4001, 4000))},
        id="logo-just-over-the-pixel-cap",
    ),
    case(
        ("cards",),
        ('club.toml: logo: "/dev/zero" is a device, not a file',),
        {"club.toml": 'logo = "/dev/zero"\n'},
        id="logo-dev-zero",
    ),
    case(
        ("cards",),
        ('club.toml: logo: "crest.png" is a pipe (FIFO), not a file',),
        {"club.toml": 'logo = "crest.png"\n', "crest.png": FIFO},
        id="logo-fifo",
    ),
    # PDFs included in a handout
    case(
        ("bundle", "--drill", "ankle-drill", "--include", "/dev/zero"),
        ("/dev/zero", DEVICE),
        id="include-dev-zero",
    ),
    case(
        ("bundle", "--drill", "ankle-drill", "--include", "route-map.pdf"),
        ("route-map.pdf", PIPE),
        {"route-map.pdf": FIFO},
        id="include-fifo",
    ),
    case(
        ("bundle", "--drill", "ankle-drill", "--include", "maps"),
        ("maps: is a folder, not a PDF",),
        {"maps": FOLDER},
        id="include-folder",
    ),
    # catalogues of printed words in a layout folder
    case(
        ("cards", "--templates", "mine", "--lang", "nl"),
        ("mine/lang/nl.toml: labels.page_of", "{page:>999999999}", "a name only"),
        {"mine/lang/nl.toml": DATA / "catalogue-huge-width.toml"},
        id="catalogue-huge-width",
    ),
    case(
        ("cards", "--templates", "mine", "--lang", "nl"),
        ("mine/lang/nl.toml: labels.drill_count.other", "{n!r}"),
        {
            "mine/lang/nl.toml": '[labels]\ndrill_count = { one = "{n} oefening", '
            'other = "{n!r}" }\n'
        },
        id="catalogue-conversion",
    ),
    case(
        ("cards", "--templates", "mine", "--lang", "nl"),
        ("mine/lang/nl.toml", PIPE),
        {"mine/lang/nl.toml": FIFO},
        id="catalogue-fifo",
    ),
    case(
        ("cards", "--templates", "mine", "--lang", "nl"),
        ("mine/lang/nl.toml", NESTED),
        {"mine/lang/nl.toml": "name = " + "[" * 100_000},
        id="catalogue-deep-nesting",
    ),
    # layouts: read as every user file is
    case(
        ("cards", "--templates", "mine"),
        ("mine/card.toml: is 2.0 MB; a layout is at most 1 MB",),
        {"mine/card.toml": 2_000_000},
        id="layout-toml-over-the-cap",
    ),
    case(
        ("cards", "--templates", "mine"),
        ("mine/card.j2: is 2.0 MB; a layout is at most 1 MB",),
        {"mine/card.j2": 2_000_000},
        id="layout-jinja-over-the-cap",
    ),
]

CREDENTIALS = "must not hold a user name or password before the host"
LINKS = [
    case(
        ("cards", "--drills", "drills.json"),
        (f"{P}.video: {CREDENTIALS}", 'opens "example.org"'),
        {"drills.json": drills(make_drill(video="https://coach:secret@example.org/v"))},
        id="link-user-and-password",
    ),
    case(
        ("cards", "--drills", "drills.json"),
        (f"{P}.video: {CREDENTIALS}", 'opens "evil.example"'),
        {"drills.json": drills(make_drill(video="https://www.youtube.com@evil.example/watch"))},
        id="link-reads-as-another-host",
    ),
    case(
        ("cards", "--drills", "drills.json"),
        (f"{P}.video: {CREDENTIALS}",),
        {"drills.json": drills(make_drill(video="HTTP://coach@Example.org:8080/v"))},
        id="link-user-name-only",
    ),
    case(
        ("cards", "--drills", "drills.json"),
        (f"{P}.video: has a host that is not a plain",),
        {"drills.json": drills(make_drill(video="https://evil.example\\www.youtube.com/v"))},
        id="link-backslash-in-host",
    ),
]


def bidi_case(char: str):
    named = f"U+{ord(char):04X} {unicodedata.name(char)}"
    return case(
        ("cards", "--drills", "drills.json"),
        (f"{P}.name: contains an invisible direction control ({named}) at character 5",),
        {"drills.json": drills(make_drill(name=f"Test{char} drill"))},
        id=f"bidi-{ord(char):04X}",
    )


TRANSLATED = make_drill(translations={"de": {"name": "Test\u202eübung"}})
SESSION = {"id": "week-1", "title": "Week\u2067 1", "items": [{"drill": "test-drill"}]}
RLO = "(U+202E RIGHT-TO-LEFT OVERRIDE)"
BIDI = [
    *(bidi_case(char) for char in sorted(BIDI_CONTROLS)),
    case(
        ("cards", "--drills", "drills.json"),
        (f"{P}.translations.de.name: contains an invisible direction control {RLO}",),
        {"drills.json": drills(TRANSLATED)},
        id="bidi-in-a-translation",
    ),
    case(
        ("cards", "--drills", "drills.json"),
        ('sessions[0] ("week-1").title: contains an invisible direction control (U+2067',),
        {"drills.json": drills(sessions=[SESSION])},
        id="bidi-in-a-session",
    ),
    case(
        ("session", "--title", "Tues\u202eday", "ankle-drill"),
        (f"--title: contains an invisible direction control {RLO}",),
        id="bidi-on-command-line",
    ),
    case(
        ("cards",),
        (f"club.toml: footer: contains an invisible direction control {RLO}",),
        {"club.toml": 'footer = "Tuesdays \\u202E18:30"\n'},
        id="bidi-in-club-file",
    ),
    case(
        ("cards", "--templates", "mine", "--lang", "nl"),
        (f"mine/lang/nl.toml: labels.cues: contains an invisible direction control {RLO}",),
        {"mine/lang/nl.toml": catalogue(cues="\u202eOEFENPUNTEN")},
        id="bidi-in-a-catalogue",
    ),
]

SKIPS = drills(make_drill(id="a-skip", name="A-skip"), make_drill(id="b-skip", name="B-skip"))
NAMES = [
    case(
        ("sheet", "--drills", "drills.json", "A-Skip"),
        ('there is no drill with the id "A-Skip"; did you mean "a-skip"?',),
        {"drills.json": SKIPS},
        id="drill-id-in-capitals",
    ),
    case(
        ("cards", "--drills", "drills.json", "B-SKIP"),
        ('did you mean "b-skip"?',),
        {"drills.json": SKIPS},
        id="drill-id-in-capitals-b",
    ),
]


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    """The working folder, with a file of the user's and an earlier build's output in it; pipes
    made in it are removed afterwards, before anything else tries to read them."""
    work = tmp_path / "work"
    (work / "out").mkdir(parents=True)
    (work / "notes.txt").write_text("my own notes\n", encoding="utf-8")
    (work / "out" / "keep.txt").write_text("from an earlier build\n", encoding="utf-8")
    yield work
    for path in work.rglob("*"):
        if stat.S_ISFIFO(path.lstat().st_mode):
            path.unlink()


def make(folder: Path, files: dict[str, object]) -> None:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if content is FIFO:
            os.mkfifo(path)
        elif content is FOLDER:
            path.mkdir()
        elif isinstance(content, Path):
            path.write_bytes(content.read_bytes())
        elif isinstance(content, int):  # sparse: that many bytes, quick to make
            with path.open("wb") as handle:
                handle.truncate(content)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def snapshot(folder: Path) -> dict[str, object]:
    """Every file's bytes (or kind, for what is not a file), by its path in the folder."""
    found: dict[str, object] = {}
    for path in sorted(folder.rglob("*")):
        mode = path.lstat().st_mode
        found[str(path.relative_to(folder))] = (
            path.read_bytes() if stat.S_ISREG(mode) else stat.S_IFMT(mode)
        )
    return found


@contextlib.contextmanager
def bounded() -> Iterator[None]:
    """A hang raises TimeoutError after SECONDS; memory beyond HEADROOM raises MemoryError, so
    a broken cap fails the test instead of filling the machine."""

    def expire(signum, frame):
        raise TimeoutError(f"still running after {SECONDS} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, SECONDS)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    size = int(Path("/proc/self/statm").read_text().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    resource.setrlimit(resource.RLIMIT_AS, (size + HEADROOM, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.skipif(
    not hasattr(os, "mkfifo") or not Path("/proc/self/statm").exists(),
    reason="pipes, /dev/zero and the memory bound are Linux's",
)
@pytest.mark.parametrize(("args", "expected", "files"), FILES + LINKS + BIDI + NAMES)
def test_hostile_input_is_refused_and_nothing_is_written(
    folder, monkeypatch, args, expected, files
):
    make(folder, files)
    before = snapshot(folder)
    monkeypatch.chdir(folder)
    started = time.perf_counter()
    with bounded():
        result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    output = result.output
    assert time.perf_counter() - started < SECONDS
    assert result.exit_code == 2, output
    assert "Traceback" not in output
    assert "site-packages" not in output and "Warning" not in output, "Pillow's or Python's own"
    assert not BIDI_CONTROLS & set(output), "a direction control is shown escaped, never raw"
    for text in expected:
        if isinstance(text, re.Pattern):
            assert text.search(output), (text.pattern, output)
        else:
            assert text in output, output
    assert len(output) < 2000
    assert snapshot(folder) == before, "every file as it was, nothing added"


def test_a_password_in_a_link_is_not_shown_again(folder, monkeypatch):
    make(folder, {"drills.json": drills(make_drill(video="https://coach:s3cret@example.org/v"))})
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(cli, ["check", "--drills", "drills.json"], catch_exceptions=False)
    assert result.exit_code == 2
    assert CREDENTIALS in result.output and "s3cret" not in result.output


def test_a_catalogue_names_itself_not_a_template(folder, monkeypatch):
    """The width was once applied while a layout printed the label, and the sandbox then named
    the layout; now the catalogue is refused when read."""
    make(folder, {"mine/lang/nl.toml": DATA / "catalogue-huge-width.toml"})
    monkeypatch.chdir(folder)
    with bounded():
        result = CliRunner().invoke(
            cli,
            ["session", "--templates", "mine", "--lang", "nl", "basic-coordination"],
            catch_exceptions=False,
        )
    assert result.exit_code == 2
    assert "nl.toml" in result.output
    assert ".j2" not in result.output and "template" not in result.output.lower()


@pytest.mark.parametrize(
    ("link", "host"),
    [
        ("https://Clips.Example.ORG:8443/drill", "clips.example.org"),
        ("HTTP://WWW.EXAMPLE.ORG/drill", "example.org"),
    ],
)
def test_the_host_under_the_code_is_the_host_the_link_opens(folder, monkeypatch, link, host):
    make(folder, {"drills.json": drills(make_drill(video=link))})
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(
        cli, ["cards", "--drills", "drills.json", "-o", "cards.pdf"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    front = page_texts(folder / "cards.pdf")[0]
    assert host in front
    assert "8443" not in front and "Example" not in front and "EXAMPLE" not in front
