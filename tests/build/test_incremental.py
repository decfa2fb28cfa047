"""Builds on every core and rebuilds of what changed: the same bytes as one process making
everything, and only the files that depend on an edit made again."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cards.build.chunks import CACHE
from cards.build.parallel import run_jobs
from cards.build.plan import MANIFEST
from cards.products.site import SITE
from cards.resources import builtin_templates
from tests.conftest import BUILTIN, ROOT, make_drill, page_texts

LIBRARY = {
    "drills": [
        make_drill(id=i, name=f"Drill {i}", video=f"https://example.org/videos/{i}")
        for i in "abcde"
    ],
    "sessions": [
        {"id": "with-b", "title": "With b", "items": [{"drill": "a"}, {"drill": "b"}]},
        {"id": "without-b", "title": "Without b", "items": [{"drill": "c"}]},
    ],
}
EVERY_FILE = sorted(
    [
        "cards.pdf",
        "handout.pdf",
        *(f"sheets/{i}.pdf" for i in "abcde"),
        "sessions/with-b.pdf",
        "sessions/without-b.pdf",
    ]
)


def _state(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Each PDF under folder: its bytes and its modification time (ns)."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*.pdf"))
        if not {CACHE.name, SITE.name} & set(p.relative_to(folder).parts)
    }


def _every_file(folder: Path) -> dict[Path, bytes]:
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _rewritten(before: dict, after: dict) -> list[str]:
    return sorted(name for name in after if name not in before or before[name][1] != after[name][1])


@pytest.fixture
def library(drills_file):
    return drills_file(LIBRARY)


def _edit_drill_b(path: Path) -> None:
    document = json.loads(path.read_text())
    document["drills"][1]["cues"][0] = "Stay tall, look ahead"
    path.write_text(json.dumps(document))


def test_every_core_gives_the_same_bytes_as_one_process(run, tmp_path):
    assert run("build", "--jobs", "1", "--out", "one").exit_code == 0
    result = run("build", "--jobs", "2", "--out", "two")
    assert result.exit_code == 0, result.output
    one, two = (_every_file(tmp_path / name) for name in ("one", "two"))
    # the products, the record, the site and the kept chunks: cards.pdf's, the handout's cards
    # (whose fonts are shared with its other parts), the handout's sheets and each session
    sessions = len(BUILTIN["sessions"])
    site = 5 + 3 * len(BUILTIN["drills"]) + 2 * sessions  # a drill's sheet, thumbnail, picture
    assert len(one) == 3 + len(BUILTIN["drills"]) + sessions + 3 + sessions + site
    assert sorted(one) == sorted(two)
    assert [path for path in one if one[path] != two[path]] == []


def test_the_jobs_run_in_other_processes_and_come_back_in_order():
    pids = run_jobs(lambda job: (job, os.getpid()), list(range(12)), 2)
    assert [job for job, _ in pids] == list(range(12))
    assert os.getpid() not in {pid for _, pid in pids}


def test_editing_one_drill_rewrites_only_what_shows_it(run, tmp_path, library):
    assert run("build", "--drills", library).exit_code == 0
    before = _state(tmp_path / "out")
    assert sorted(before) == EVERY_FILE
    time.sleep(0.01)
    _edit_drill_b(library)
    result = run("build", "--drills", library)
    assert result.exit_code == 0, result.output
    after = _state(tmp_path / "out")
    assert _rewritten(before, after) == [
        "cards.pdf",
        "handout.pdf",
        "sessions/with-b.pdf",
        "sheets/b.pdf",
    ]
    # and on the site: its copies of those four, two thumbnails and the page
    assert "wrote 11 files" in result.output and "(6 up to date)" in result.output
    # what was kept and what was made are what a full build makes now
    assert run("build", "--drills", library, "--force", "--out", "fresh").exit_code == 0
    fresh = _state(tmp_path / "fresh")
    assert {name: data for name, (data, _) in after.items()} == {
        name: data for name, (data, _) in fresh.items()
    }


def test_a_build_with_nothing_changed_writes_no_pdf(run, tmp_path, library):
    assert run("build", "--drills", library).exit_code == 0
    before = _state(tmp_path / "out")
    result = run("build", "--drills", library)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("wrote 0 files, 0 pages, 0 bytes into out (11 up to date):")
    assert "cards.pdf: 5 cards on 4 pages" in result.output  # the summary still tells it all
    assert _rewritten(before, _state(tmp_path / "out")) == []


def test_force_makes_everything_again(run, tmp_path, library):
    assert run("build", "--drills", library).exit_code == 0
    before = _state(tmp_path / "out")
    assert run("build", "--drills", library, "--force").exit_code == 0
    assert _rewritten(before, _state(tmp_path / "out")) == EVERY_FILE


def test_a_changed_layout_or_club_makes_everything_again(run, tmp_path, library):
    layouts = tmp_path / "layouts"
    layouts.mkdir()
    shutil.copy(builtin_templates() / "sheet.toml", layouts / "sheet.toml")
    assert run("build", "--drills", library, "--templates", layouts).exit_code == 0
    before = _state(tmp_path / "out")
    toml = layouts / "sheet.toml"
    toml.write_text(toml.read_text().replace('accent = "#0b6e4f"', 'accent = "#8b1a1a"'))
    assert run("build", "--drills", library, "--templates", layouts).exit_code == 0
    middle = _state(tmp_path / "out")
    assert _rewritten(before, middle) == EVERY_FILE
    (tmp_path / "club.toml").write_text('name = "Harriers"\naccent = "#123456"\n')
    assert run("build", "--drills", library, "--templates", layouts).exit_code == 0
    assert _rewritten(middle, _state(tmp_path / "out")) == EVERY_FILE


def test_a_file_changed_or_removed_since_is_made_again(run, tmp_path, library):
    assert run("build", "--drills", library).exit_code == 0
    out = tmp_path / "out"
    original = (out / "sheets" / "a.pdf").read_bytes()
    (out / "sheets" / "a.pdf").write_bytes(b"%PDF-1.4 edited by hand\n")
    (out / "sheets" / "c.pdf").unlink()
    before = _state(out)
    result = run("build", "--drills", library)
    assert result.exit_code == 0, result.output
    assert _rewritten(before, _state(out)) == ["sheets/a.pdf", "sheets/c.pdf"]
    assert (out / "sheets" / "a.pdf").read_bytes() == original


def test_a_record_from_an_older_build_makes_everything_once(run, tmp_path, library):
    out = tmp_path / "out"
    assert run("build", "--drills", library).exit_code == 0
    (out / MANIFEST).write_text("".join(f"{name}\n" for name in EVERY_FILE))  # the old format
    before = _state(out)
    assert run("build", "--drills", library).exit_code == 0
    assert _rewritten(before, _state(out)) == EVERY_FILE
    recorded = json.loads((out / MANIFEST).read_text())["products"]
    assert sorted(path for path in recorded if not path.startswith("site/")) == EVERY_FILE


def test_drills_that_cannot_print_stop_a_build_on_every_core_and_write_nothing(
    run, tmp_path, drills_file
):
    """The problems come back from the worker processes, every one of them, once each."""
    drills_file(
        {
            "drills": [
                make_drill(id="a"),
                make_drill(id="b", cues=["Run \u6f22 run"]),
                make_drill(id="c", summary="Skip \u5b57 skip"),
            ]
        },
        "odd.json",
    )
    result = run("build", "--drills", "odd.json", "--jobs", "2")
    assert result.exit_code == 2 and "nothing was written" in result.output
    assert 'drills[1] ("b").cues[0]' in result.output and "U+6F22" in result.output
    assert 'drills[2] ("c").summary' in result.output and "U+5B57" in result.output
    assert result.output.count("U+6F22") == 1 and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


# --- drillcards watch ---------------------------------------------------------------------------


def _read_until(process: subprocess.Popen, marker: str, timeout: float = 60) -> str:
    """Lines from the process's output up to one containing marker."""
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
        if marker in line:
            return "".join(seen)
    raise AssertionError(f"no {marker!r} in:\n{''.join(seen)}")


def test_watch_rebuilds_what_a_save_changed_and_survives_a_mistake(tmp_path, library):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "cards", "watch", "--drills", str(library), "--interval", "0.1"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        first = _read_until(process, "rebuilt in")
        assert "watching" in first and "the built-in layouts" in first
        assert "cards.pdf" in first and "sheets/e.pdf" in first and "files of the site" in first
        _edit_drill_b(library)
        second = _read_until(process, "rebuilt in")
        made = second.split("rebuilt in")[1].split(": ", 1)[1].strip()
        # its sheet, cards, session and handout by name; on the site those four, two
        # thumbnails and the page
        assert made == (
            "cards.pdf, sheets/b.pdf, sessions/with-b.pdf, handout.pdf and 7 files of the site"
        )
        before = _state(tmp_path / "out")
        library.write_text(library.read_text().replace('"cues"', '"cuez"', 1))
        broken = _read_until(process, "waiting for the next save")
        assert "cuez" in broken and "Traceback" not in broken
        assert _rewritten(before, _state(tmp_path / "out")) == []
        library.write_text(json.dumps(LIBRARY))  # the mistake put right: back to the start
        third = _read_until(process, "rebuilt in")
        assert "sheets/b.pdf" in third and "sheets/a.pdf" not in third
        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=30)
    finally:
        process.kill()
    assert "stopped watching" in rest and "Traceback" not in rest
    assert process.returncode == 0


# --- chunks: long PDFs are joined from parts a rebuild keeps -------------------------------------

BIG = {
    "drills": [
        make_drill(id=f"d{n:02d}", name=f"Drill {n}", video=f"https://example.org/videos/{n}")
        for n in range(50)
    ]
}


def _chunks(out: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (out / CACHE).glob("*.pdf")}


def test_an_edit_draws_again_only_the_chunks_that_show_the_drill(run, tmp_path, drills_file):
    library = drills_file(BIG, "big.json")
    assert run("build", "--drills", library).exit_code == 0
    out = tmp_path / "out"
    before = _chunks(out)
    assert len(before) == 4  # cards 0–39 and 40–49; handout sheets 0–24 and 25–49
    document = json.loads(library.read_text())
    document["drills"][45]["cues"][0] = "Stay tall, look ahead"
    library.write_text(json.dumps(document))
    assert run("build", "--drills", library).exit_code == 0
    after = _chunks(out)
    kept = {name for name in before if after.get(name) == before[name]}
    assert len(kept) == 2 and len(after) == 4  # the two new ones replace two; none left over
    assert run("build", "--drills", library, "--force", "--out", "fresh").exit_code == 0
    assert _every_file(out).keys() == _every_file(tmp_path / "fresh").keys()
    for name in ("cards.pdf", "handout.pdf", "sheets/d45.pdf"):
        assert (out / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes(), name


def test_a_chunk_changed_on_disk_is_drawn_again(run, tmp_path, drills_file):
    library = drills_file(BIG, "big.json")
    assert run("build", "--drills", library).exit_code == 0
    out = tmp_path / "out"
    for chunk in (out / CACHE).glob("*.pdf"):  # a whole, readable PDF, but not the chunk
        chunk.write_bytes((out / "sheets" / "d00.pdf").read_bytes())
    (out / "cards.pdf").unlink()
    (out / "handout.pdf").unlink()
    assert run("build", "--drills", library).exit_code == 0
    assert run("build", "--drills", library, "--out", "fresh").exit_code == 0
    for name in ("cards.pdf", "handout.pdf"):
        assert (out / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes(), name


def test_a_handout_of_chunks_embeds_each_font_once_and_reads_in_order(run, tmp_path, drills_file):
    library = drills_file(BIG, "big.json")
    assert run("build", "--drills", library).exit_code == 0
    handout = tmp_path / "out" / "handout.pdf"
    fonts = subprocess.run(
        ["pdffonts", str(handout)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert sorted(line.split()[0].split("+")[-1] for line in fonts) == [
        "DejaVuSans",
        "DejaVuSans-Bold",
    ]
    texts = page_texts(handout.read_bytes())
    sheets = [n for n, text in enumerate(texts) if text.startswith("Drill ")]
    assert [texts[n].split()[1] for n in sheets[:50]] == [str(n) for n in range(50)]


def test_watch_sees_a_saved_layout_a_new_club_file_and_a_deleted_one(tmp_path):
    from cards.build.watch import snapshot, watch_files, watched_files

    layouts = tmp_path / "layouts"
    layouts.mkdir()
    (layouts / "card.toml").write_text("# mine\n")
    sources = watched_files(tmp_path / "drills.json", tmp_path / "club.toml", layouts)
    states = [snapshot(sources)]
    (layouts / "card.toml").write_text("# mine, saved again with more\n")
    states.append(snapshot(sources))
    (tmp_path / "club.toml").write_text('name = "Harriers"\n')
    states.append(snapshot(sources))
    (tmp_path / "club.toml").unlink()
    states.append(snapshot(sources))
    assert len(set(states[:3])) == 3 and states[3] == states[1]
    builds = []
    watch_files(sources, lambda: builds.append(1), interval=0.01, rounds=3)
    assert builds == [1]  # once at the start; nothing changed after
