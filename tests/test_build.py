"""`drillcards build`: every product from one library, all or nothing, reproducible."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import BUILTIN, make_drill

DRILL_IDS = [d["id"] for d in BUILTIN["drills"]]
SESSION_IDS = [s["id"] for s in BUILTIN["sessions"]]
EXPECTED = sorted(["cards.pdf", "handout.pdf", *(f"sheets/{i}.pdf" for i in DRILL_IDS),
                   *(f"sessions/{i}.pdf" for i in SESSION_IDS)])


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_writes_cards_every_drill_sheet_and_every_session_sheet(run, tmp_path):
    result = run("build")
    assert result.exit_code == 0, result.output
    files = _files(tmp_path / "out")
    assert sorted(files) == EXPECTED
    assert len(DRILL_IDS) == 12 and len(SESSION_IDS) == 2
    pages = {}
    for name, data in files.items():
        reader = PdfReader(io.BytesIO(data), strict=True)
        pages[name] = len(reader.pages)
        assert pages[name] >= 1 and reader.pages[0].extract_text(), name
    assert all(pages[f"sheets/{i}.pdf"] == 1 for i in DRILL_IDS)
    assert f"wrote {len(EXPECTED)} files" in result.output
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


@pytest.mark.parametrize("document", [
    '{"drills": [',
    {"drills": [make_drill(video="not a link")]},
    {"drills": [make_drill()], "sessions": [{"id": "s", "title": "S",
                                             "items": [{"drill": "test-dril"}]}]},
    # loads fine, but a session title has a character the font lacks: found while rendering,
    # after the cards and sheets were already rendered; still nothing is written
    {"drills": [make_drill()], "sessions": [{"id": "s", "title": "Run 🏃",
                                             "items": [{"drill": "test-drill"}]}]},
])
def test_a_bad_drills_file_writes_nothing_at_all(run, tmp_path, drills_file, document):
    result = run("build", "--drills", drills_file(document, "bad.json"))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json"]


def test_a_failed_build_leaves_the_last_good_build_as_it_was(run, tmp_path, drills_file):
    assert run("build").exit_code == 0
    before = _files(tmp_path / "out")
    bad = {"drills": [make_drill()], "sessions": [{"id": "s", "title": "Run 🏃",
                                                   "items": [{"drill": "test-drill"}]}]}
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
    second = make_drill(id="second-drill", name="Second drill",
                        video="https://example.org/videos/second")
    session = {"id": "short", "title": "Short", "items": [{"drill": "second-drill"},
                                                          {"drill": "test-drill"}]}
    path = drills_file({"drills": [make_drill(), second], "sessions": [session]})
    result = run("build", "--drills", path, "--paper", "letter")
    assert result.exit_code == 0, result.output
    files = _files(tmp_path / "out")
    assert sorted(files) == ["cards.pdf", "handout.pdf", "sessions/short.pdf",
                             "sheets/second-drill.pdf", "sheets/test-drill.pdf"]
    for name in files:
        box = PdfReader(tmp_path / "out" / name).pages[0].mediabox
        assert (float(box.width), float(box.height)) == pytest.approx((612, 792), abs=0.5), name
    assert "cards.pdf: 2 cards on 2 pages" in result.output
    assert "sheets/: 2 drill sheets" in result.output
    assert "sessions/: 1 session sheet, 1 page\n" in result.output


def test_check_reports_every_problem_of_every_product_at_once(run, drills_file):
    """A club finds all its mistakes in one run: card fit, a session's character, a drill's."""
    library = {
        "drills": [make_drill(id="runner", cues=["Run 🏃 run"]),
                   make_drill(id="fine")],
        "sessions": [{"id": "s", "title": "Track ☕︎ day 𝄞", "items": [{"drill": "fine"}]}],
    }
    path = drills_file(library)
    result = run("check", "--drills", path)
    assert result.exit_code == 2
    assert 'drills[0] ("runner").cues[0]' in result.output and "U+1F3C3" in result.output
    assert 'sessions[0] ("s").title' in result.output and "U+1D11E" in result.output
    assert result.output.count("U+1F3C3") == 1  # the same problem is not repeated per product
    assert not (path.parent / "out").exists()


def test_check_passes_the_builtin_library_for_every_size(run):
    for size in ("a7", "a6", "business", "index-3x5", "poker"):
        result = run("check", "--size", size, "--paper", "letter")
        assert result.exit_code == 0, result.output
        assert f"the {size} cards, the drill sheets and the session sheets all fit" in result.output


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
    assert run("session", "--title", "Basic coordination!", "ankle-drill",
               "-o", "mine.pdf").exit_code == 0
