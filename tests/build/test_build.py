"""`drillcards build`: every product from one library, all or nothing, reproducible."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from cards.build.chunks import CACHE
from cards.build.plan import MANIFEST
from cards.data.labels import load_labels
from cards.products.site import SITE
from tests.conftest import BUILTIN, ROOT, collapse, make_drill, page_texts

DRILL_IDS = [d["id"] for d in BUILTIN["drills"]]
SESSION_IDS = [s["id"] for s in BUILTIN["sessions"]]
PRODUCTS = sorted(
    [
        "cards.pdf",
        "handout.pdf",
        *(f"sheets/{i}.pdf" for i in DRILL_IDS),
        *(f"sessions/{i}.pdf" for i in SESSION_IDS),
    ]
)
EXPECTED = sorted([MANIFEST.as_posix(), *PRODUCTS])  # every file a build writes but the site's
# the web site's: page, style, script, handout, cards, and per drill and session a PDF and a
# thumbnail, and per drill its picture
SITE_FILES = 5 + 3 * len(DRILL_IDS) + 2 * len(SESSION_IDS)


def _files(folder: Path) -> dict[str, bytes]:
    """Every file a build wrote under folder, but the chunks it keeps for the next build and the
    web site (tests/products/test_site.py)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not {CACHE.name, SITE.name} & set(p.relative_to(folder).parts)
    }


def test_build_writes_cards_every_drill_sheet_and_every_session_sheet(run, tmp_path):
    result = run("build")
    assert result.exit_code == 0, result.output
    files = _files(tmp_path / "out")
    assert sorted(files) == EXPECTED
    assert len(DRILL_IDS) == 12 and len(SESSION_IDS) == 2
    pages = {}
    recorded = json.loads(files.pop(MANIFEST.as_posix()))["products"]
    assert sorted(path for path in recorded if not path.startswith("site/")) == PRODUCTS
    for name, data in files.items():
        reader = PdfReader(io.BytesIO(data), strict=True)
        pages[name] = len(reader.pages)
        assert pages[name] >= 1 and reader.pages[0].extract_text(), name
    assert all(pages[f"sheets/{i}.pdf"] == 1 for i in DRILL_IDS)
    assert f"wrote {len(PRODUCTS) + SITE_FILES} files" in result.output
    assert "cards.pdf: 12 cards on 6 pages" in result.output
    assert "sheets/: 12 drill sheets" in result.output
    session_pages = sum(pages[f"sessions/{i}.pdf"] for i in SESSION_IDS)
    assert f"sessions/: 2 session sheets, {session_pages} pages" in result.output
    assert pages["cards.pdf"] == 6


def test_build_writes_into_the_folder_given(run, tmp_path):
    result = run("build", "--out", "print/today")
    assert result.exit_code == 0, result.output
    assert sorted(_files(tmp_path / "print" / "today")) == EXPECTED
    assert not (tmp_path / "out").exists()
    assert "print/today" in result.output


@pytest.mark.parametrize(
    "document",
    [
        '{"drills": [',
        {"drills": [make_drill(video="not a link")]},
        {
            "drills": [make_drill()],
            "sessions": [{"id": "s", "title": "S", "items": [{"drill": "test-dril"}]}],
        },
        # loads fine, but a session title has a character the font lacks: found while rendering,
        # after the cards and sheets were already rendered; still nothing is written
        {
            "drills": [make_drill()],
            "sessions": [{"id": "s", "title": "Run 🏃", "items": [{"drill": "test-drill"}]}],
        },
    ],
)
def test_a_bad_drills_file_writes_nothing_at_all(run, tmp_path, drills_file, document):
    result = run("build", "--drills", drills_file(document, "bad.json"))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json"]


def test_a_failed_build_leaves_the_last_good_build_as_it_was(run, tmp_path, drills_file):
    assert run("build").exit_code == 0
    before = _files(tmp_path / "out")
    bad = {
        "drills": [make_drill()],
        "sessions": [{"id": "s", "title": "Run 🏃", "items": [{"drill": "test-drill"}]}],
    }
    result = run("build", "--drills", drills_file(bad, "bad.json"))
    assert result.exit_code == 2
    assert _files(tmp_path / "out") == before


def test_two_builds_are_byte_identical_file_by_file(run, tmp_path):
    assert run("build", "--out", "one").exit_code == 0
    assert run("build", "--out", "two").exit_code == 0
    one, two = _files(tmp_path / "one"), _files(tmp_path / "two")
    assert sorted(one) == EXPECTED
    for name in EXPECTED:
        assert one[name] == two[name], name


def test_build_on_letter_paper_from_a_small_library(run, tmp_path, drills_file):
    second = make_drill(
        id="second-drill", name="Second drill", video="https://example.org/videos/second"
    )
    session = {
        "id": "short",
        "title": "Short",
        "items": [{"drill": "second-drill"}, {"drill": "test-drill"}],
    }
    path = drills_file({"drills": [make_drill(), second], "sessions": [session]})
    result = run("build", "--drills", path, "--paper", "letter")
    assert result.exit_code == 0, result.output
    files = _files(tmp_path / "out")
    assert sorted(files) == [
        MANIFEST.as_posix(),
        "cards.pdf",
        "handout.pdf",
        "sessions/short.pdf",
        "sheets/second-drill.pdf",
        "sheets/test-drill.pdf",
    ]
    for name in sorted(files)[1:]:
        box = PdfReader(tmp_path / "out" / name).pages[0].mediabox
        assert (float(box.width), float(box.height)) == pytest.approx((612, 792), abs=0.5), name
    assert "cards.pdf: 2 cards on 2 pages" in result.output
    assert "sheets/: 2 drill sheets" in result.output
    assert "sessions/: 1 session sheet, 1 page\n" in result.output


def test_check_reports_every_problem_of_every_product_at_once(run, drills_file):
    """A club finds all its mistakes in one run: card fit, a session's character, a drill's."""
    library = {
        "drills": [make_drill(id="runner", cues=["Run 🏃 run"]), make_drill(id="fine")],
        "sessions": [{"id": "s", "title": "Track ☕︎ day 𝄞", "items": [{"drill": "fine"}]}],
    }
    path = drills_file(library)
    result = run("check", "--drills", path)
    assert result.exit_code == 2
    assert 'drills[0] ("runner").cues[0]' in result.output and "U+1F3C3" in result.output
    assert 'sessions[0] ("s").title' in result.output and "U+1D11E" in result.output
    assert result.output.count("U+1F3C3") == 1  # the same problem is not repeated per product
    # the real reason, not a missing glyph: characters beyond U+FFFF would not copy or search
    assert result.output.count("beyond U+FFFF") == 2 and "not in the font" not in result.output
    assert not (path.parent / "out").exists()


def test_check_passes_the_builtin_library_for_every_size(run):
    for size in ("a7", "a6", "business", "index-3x5", "poker"):
        result = run("check", "--size", size, "--paper", "letter")
        assert result.exit_code == 0, result.output
        assert (
            f"the {size} cards, the drill sheets, the session sheets and the handout all fit"
            in result.output
        )


def test_a_drill_id_given_as_a_session_points_to_title(run):
    result = run("session", "ankle-drill")
    assert result.exit_code == 2
    assert '"ankle-drill" is a drill, not a session' in result.output
    assert "--title" in result.output


def test_an_adhoc_session_does_not_overwrite_a_library_sessions_sheet(run, tmp_path):
    assert run("session", "basic-coordination").exit_code == 0
    before = (tmp_path / "out/sessions/basic-coordination.pdf").read_bytes()
    result = run("session", "--title", "Basic coordination!", "ankle-drill")
    assert result.exit_code == 2
    assert "belongs to the session" in result.output and "-o" in result.output
    assert (tmp_path / "out/sessions/basic-coordination.pdf").read_bytes() == before
    assert (
        run("session", "--title", "Basic coordination!", "ankle-drill", "-o", "mine.pdf").exit_code
        == 0
    )


# --- files an earlier build made: left and named, or removed with --clean -----------------------


def _library(*ids: str, sessions: tuple[str, ...] = ()) -> dict:
    drills = [
        make_drill(id=i, name=f"Drill {i}", video=f"https://example.org/videos/{i}") for i in ids
    ]
    return {
        "drills": drills,
        "sessions": [
            {"id": s, "title": f"Session {s}", "items": [{"drill": ids[0]}]} for s in sessions
        ],
    }


def _not_built(run, tmp_path: Path) -> dict[str, bytes]:
    """Files of the coach's own in the output folder, which no build may touch."""
    made = run("session", "--drills", "three.json", "--title", "Tuesday track", "a")
    assert made.exit_code == 0, made.output  # → out/sessions/tuesday-track.pdf, made by hand
    (tmp_path / "out" / "notes.txt").write_text("bring spikes\n")
    (tmp_path / "out" / "sheets" / "readme.txt").write_text("sheets for the notice board\n")
    (tmp_path / "out" / "sheets" / "from-the-coach.pdf").write_bytes(b"%PDF-1.4 not ours\n")
    return {
        p: (tmp_path / "out" / p).read_bytes()
        for p in (
            "sessions/tuesday-track.pdf",
            "notes.txt",
            "sheets/readme.txt",
            "sheets/from-the-coach.pdf",
        )
    }


@pytest.fixture
def libraries(drills_file):
    drills_file(_library("a", "b", "c", sessions=("s1", "s2")), "three.json")
    drills_file(_library("a", "b", sessions=("s1",)), "two.json")


def test_files_no_longer_built_are_left_and_named_then_removed_with_clean(run, tmp_path, libraries):
    assert run("build", "--drills", "three.json").exit_code == 0
    own = _not_built(run, tmp_path)
    left = run("build", "--drills", "two.json")
    assert left.exit_code == 0, left.output
    assert (
        "left 6 files an earlier build made, no longer built (--clean removes them): "
        "sessions/s2.pdf, sheets/c.pdf, site/previews/c-sheet.png, "
        "site/previews/s2-session.png, site/sessions/s2.pdf, site/sheets/c.pdf"
    ) in left.output
    assert (tmp_path / "out/sheets/c.pdf").is_file()
    assert (tmp_path / "out/sessions/s2.pdf").is_file()
    again = run("build", "--drills", "two.json")  # still named: a left file stays known
    assert "left 6 files" in again.output
    cleaned = run("build", "--drills", "two.json", "--clean")
    assert cleaned.exit_code == 0, cleaned.output
    assert (
        "removed 6 files an earlier build made: sessions/s2.pdf, sheets/c.pdf, site/"
        in cleaned.output
    )
    assert not (tmp_path / "out/sheets/c.pdf").exists()
    assert not (tmp_path / "out/sessions/s2.pdf").exists()
    assert sorted(p.name for p in (tmp_path / "out/sheets").glob("*.pdf")) == [
        "a.pdf",
        "b.pdf",
        "from-the-coach.pdf",
    ]
    assert {p: (tmp_path / "out" / p).read_bytes() for p in own} == own  # never touched
    quiet = run("build", "--drills", "two.json", "--clean")
    assert "left" not in quiet.output and "removed" not in quiet.output


def test_clean_removes_only_what_a_build_made(run, tmp_path, libraries):
    """A session sheet made with `drillcards session` into out/sessions/ is the coach's: not
    stale, not named, not removed, even with --clean."""
    assert run("build", "--drills", "three.json").exit_code == 0
    own = _not_built(run, tmp_path)
    result = run("build", "--drills", "three.json", "--clean")
    assert result.exit_code == 0, result.output
    assert "left" not in result.output and "removed" not in result.output
    assert {p: (tmp_path / "out" / p).read_bytes() for p in own} == own


def test_clean_in_a_folder_no_build_wrote_removes_nothing(run, tmp_path, libraries):
    (tmp_path / "out" / "sheets").mkdir(parents=True)
    (tmp_path / "out" / "sheets" / "old.pdf").write_bytes(b"%PDF-1.4 a coach's\n")
    result = run("build", "--drills", "two.json", "--clean")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "sheets" / "old.pdf").is_file()
    assert "removed" not in result.output


def test_a_changed_record_cannot_make_clean_remove_other_files(run, tmp_path, libraries):
    assert run("build", "--drills", "two.json").exit_code == 0
    (tmp_path / "keep.pdf").write_bytes(b"%PDF-1.4\n")
    (tmp_path / "out" / "notes.pdf").write_bytes(b"%PDF-1.4\n")
    record = json.loads((tmp_path / "out" / MANIFEST).read_text())
    tampered = ["../keep.pdf", "notes.pdf", "sheets/../../keep.pdf", "/etc/passwd"]
    record["left"] = tampered
    record["products"].update({path: {"pages": 1} for path in tampered})
    (tmp_path / "out" / MANIFEST).write_text(json.dumps(record))
    result = run("build", "--drills", "two.json", "--clean")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "keep.pdf").is_file() and (tmp_path / "out" / "notes.pdf").is_file()


# --- reproducible builds ------------------------------------------------------------------------

EPOCH = "1764547200"  # Monday 1 December 2025, 00:00:00 UTC


def _subprocess_build(tmp_path: Path, out: str, epoch: str = EPOCH) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "TZ": "XST+10"}  # 10 h behind UTC
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "build", "--out", out],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )


def test_builds_in_fresh_processes_with_source_date_epoch_are_byte_identical(tmp_path):
    _subprocess_build(tmp_path, "one")
    _subprocess_build(tmp_path, "two")
    one, two = _files(tmp_path / "one"), _files(tmp_path / "two")
    assert sorted(one) == sorted(two) == EXPECTED
    assert [name for name in EXPECTED if one[name] != two[name]] == []
    # the date printed on the cover and the dates stored in every PDF come from the epoch, in UTC
    # (the machine's clock is 10 hours behind UTC here: where it is, it is still 30 November)
    day = load_labels("en").date(dt.date(2025, 12, 1))
    assert day == "Monday, 1 December 2025"  # CLDR, British English (en.toml: locale = "en_GB")
    assert day in collapse(page_texts(one["handout.pdf"])[0])
    for name in PRODUCTS:
        meta = PdfReader(io.BytesIO(one[name])).metadata
        assert meta["/CreationDate"].startswith("D:20251201000000"), name
        assert meta["/ModDate"].startswith("D:20251201000000"), name


def test_another_epoch_changes_the_dates(run, tmp_path, monkeypatch, libraries):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert run("build", "--drills", "two.json", "--out", "dec").exit_code == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 86400 * 31))  # 1 January 2026
    assert run("build", "--drills", "two.json", "--out", "jan").exit_code == 0
    dec, jan = _files(tmp_path / "dec"), _files(tmp_path / "jan")
    assert "Thursday, 1 January 2026" in collapse(page_texts(jan["handout.pdf"])[0])
    assert (
        PdfReader(io.BytesIO(jan["cards.pdf"])).metadata["/CreationDate"].startswith("D:20260101")
    )
    assert "Monday, 1 December 2025" in collapse(page_texts(dec["handout.pdf"])[0])
    assert dec["sheets/a.pdf"] != jan["sheets/a.pdf"]  # the stored date differs
    assert (
        json.loads(dec[MANIFEST.as_posix()])["products"].keys()
        == json.loads(jan[MANIFEST.as_posix()])["products"].keys()
    )


def test_a_source_date_epoch_that_is_not_a_number_stops_the_build_plainly(
    run, monkeypatch, libraries
):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    result = run("build", "--drills", "two.json")
    assert result.exit_code == 2 and "SOURCE_DATE_EPOCH" in result.output


# --- progress and the summary -------------------------------------------------------------------


def test_no_progress_bar_when_not_on_a_terminal(run, tmp_path):
    result = run("build")
    assert result.exit_code == 0
    assert "building" not in result.output and "#" not in result.output
    assert result.output.startswith(f"wrote {len(PRODUCTS) + SITE_FILES} files, ")
    size = (tmp_path / "out" / "handout.pdf").stat().st_size
    total = sum(
        p.stat().st_size
        for p in (tmp_path / "out").rglob("*")
        if p.is_file() and p.name != MANIFEST.name and CACHE.name not in p.parts
    )
    assert f"{total:,} bytes into out:" in result.output
    assert f"  handout.pdf: 27 pages, {size:,} bytes\n" in result.output


def _on_a_terminal(tmp_path: Path, *args: str) -> tuple[str, str]:
    """Run build.py with stderr on a pseudo-terminal; return (stdout, what the terminal shows)."""
    main, terminal = pty.openpty()
    try:
        process = subprocess.run(
            [sys.executable, str(ROOT / "build.py"), *args],
            cwd=tmp_path,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=terminal,
            text=True,
            timeout=60,
            check=True,
        )
    finally:
        os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the terminal's other end is closed: all is read
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    return process.stdout, shown.decode("utf-8", "replace")


def test_a_long_build_shows_progress_on_a_terminal_and_a_short_one_does_not(tmp_path, drills_file):
    drills_file(_library(*"abcdefg"), "seven.json")  # 7 drills: a progress bar
    drills_file(_library(*"abcdef"), "six.json")  # 6 drills: too quick for one
    stdout, shown = _on_a_terminal(tmp_path, "build", "--drills", "seven.json")
    assert "building" in shown and "100%" in shown
    assert stdout.startswith("wrote 28 files") and "building" not in stdout  # 19 of the site
    stdout, shown = _on_a_terminal(tmp_path, "build", "--drills", "six.json", "--out", "six")
    assert shown == "" and stdout.startswith("wrote 25 files")


# --- the club's branding on everything a build makes ---------------------------------------------


def test_build_brands_every_product_with_the_club(run, tmp_path, drills_file):
    drills_file(_library("a", "b", sessions=("s1",)), "two.json")
    (tmp_path / "club.toml").write_text(
        'name = "Riverside Harriers"\npaper = "letter"\nfooter = "Tuesdays at the track"\n'
    )
    result = run("build", "--drills", "two.json")
    assert result.exit_code == 0, result.output
    files = _files(tmp_path / "out")
    for name in ("sheets/a.pdf", "sheets/b.pdf", "sessions/s1.pdf"):
        assert "Riverside Harriers · Tuesdays at the track" in collapse(
            page_texts(files[name])[0]
        ), name
    assert collapse(page_texts(files["handout.pdf"])[0]).startswith("Riverside Harriers")
    assert PdfReader(io.BytesIO(files["handout.pdf"])).metadata.author == "Riverside Harriers"
    for name in PRODUCTS_OF_TWO:
        box = PdfReader(io.BytesIO(files[name])).pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (612, 792), name
    (tmp_path / "a4.toml").write_text('name = "Hill Runners"\n')
    result = run("build", "--drills", "two.json", "--club", "a4.toml", "--out", "other")
    assert result.exit_code == 0, result.output
    sheet = (tmp_path / "other" / "sheets" / "a.pdf").read_bytes()
    assert "Hill Runners" in collapse(page_texts(sheet)[0])
    assert PdfReader(io.BytesIO(sheet)).pages[0].mediabox.height == pytest.approx(841.89, abs=0.5)


PRODUCTS_OF_TWO = ["cards.pdf", "handout.pdf", "sessions/s1.pdf", "sheets/a.pdf", "sheets/b.pdf"]
