"""An interrupted or crashed `drillcards build` leaves every file in the out folder whole: each is
the earlier build's or the new build's, never a part of one, with no temporary file left behind
and nothing written anywhere else.

The real thing: a build in a subprocess, interrupted with SIGINT (Ctrl-C) while it renders and
while it writes; and in-process, os.replace failing part-way through the writing.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cards.build.chunks import CACHE
from cards.build.plan import MANIFEST
from cards.cli import cli
from tests.conftest import ROOT, make_drill

EPOCH = "1764547200"  # every date in the PDFs from here: two builds of one library are identical
BUILD = str(ROOT / "build.py")


def library(version: int, count: int) -> dict:
    """`count` drills with plenty of text (so rendering takes a while) and a long session.
    Version 2 renames every drill, drops drill 0 (its sheet becomes stale) and adds a new drill
    (a sheet the first build did not make)."""
    numbers = range(count) if version == 1 else range(1, count + 1)
    drills = [
        make_drill(
            id=f"drill-{n:03d}",
            name=f"Drill {n} version {version}",
            summary="Quick, heel-driven steps with the ball of the foot kept down, hips tall.",
            cues=[
                "Ball of the foot hardly leaves the ground",
                "Hips still, pelvis level",
                "Arms relaxed, elbows at ninety degrees",
                f"Cue number {n}",
            ],
            faults=[
                {
                    "fault": "Feet lift off, it turns into a jog",
                    "fix": "Keep the ball of the foot down; only the heel rises and drops.",
                },
                {"fault": f"Fault {n}", "fix": "Slow down and reset the posture"},
            ],
            dosage="2 × 20 m, walk back",
            category="Coordination",
            level="beginner",
            focus=["ankle stiffness", "foot strike"],
            variations=["On the spot", "Backwards"],
            equipment=["Cones"],
        )
        for n in numbers
    ]
    session = {
        "id": "long-session",
        "title": f"Long session {version}",
        "items": [{"drill": f"drill-{n:03d}"} for n in range(1, min(count, 25))],
    }
    return {"drills": drills, "sessions": [session]}


def write_library(path: Path, document: dict) -> None:
    import json

    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under folder (hidden ones too), by relative path; of the chunks a build keeps
    for the next (.drillcards-cache), only the names of partial files: a chunk is only taken
    when its hash is the one recorded, and a build removes those it no longer needs."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and (CACHE.name not in p.parts or p.name.endswith(".part"))
    }


def stat_everything(folder: Path, skip: Path) -> dict[str, tuple[int, int]]:
    """(size, mtime) of every file under folder except under skip: to see nothing else changed."""
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and skip not in (p, *p.parents)
    }


def environment(tmp: Path) -> dict[str, str]:
    return {
        **os.environ,
        "SOURCE_DATE_EPOCH": EPOCH,
        "TMPDIR": str(tmp),
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def build(cwd: Path, drills: str, out: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, BUILD, "build", "--drills", drills, "--out", out],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def check_whole(out: Path, old: dict[str, bytes], new: dict[str, bytes]) -> int:
    """Every file in out is the old build's or the new build's, nothing else is there and nothing
    is missing; returns how many files the new build had replaced or added."""
    now = snapshot(out)
    strays = sorted(set(now) - set(old) - set(new))
    assert not strays, f"files that are neither build's (partial or temporary): {strays}"
    assert set(old) <= set(now), f"files of the earlier build gone: {sorted(set(old) - set(now))}"
    replaced = 0
    for name, data in now.items():
        if data == new.get(name) and data != old.get(name):
            replaced += 1
        else:
            assert data == old.get(name), f"{name}: neither the old nor the new file (torn?)"
    assert now[MANIFEST.as_posix()] in (old[MANIFEST.as_posix()], new[MANIFEST.as_posix()])
    return replaced


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """A folder with old.json and new.json, OUT built from old.json, and the bytes of OUT before
    and after a complete build of new.json (built in a copy), all in fresh processes."""
    cwd = tmp_path_factory.mktemp("interrupt")
    tmp = cwd / "tmp"
    tmp.mkdir()
    write_library(cwd / "old.json", library(1, 45))
    write_library(cwd / "new.json", library(2, 45))
    env = environment(tmp)
    for drills, out in (("old.json", "OUT"), ("new.json", "REF")):
        if out == "REF":
            shutil.copytree(cwd / "OUT", cwd / "REF")
        process = build(cwd, drills, out, env)
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr
    old, new = snapshot(cwd / "OUT"), snapshot(cwd / "REF")
    shutil.rmtree(cwd / "REF")
    products = [name for name in old if name.endswith(".pdf") and not name.startswith("site/")]
    assert len(products) == 48 and "sheets/drill-000.pdf" in old
    assert (
        "sheets/drill-045.pdf" in new and new["sheets/drill-000.pdf"] == old["sheets/drill-000.pdf"]
    ), "the dropped drill's sheet is left alone"
    changed = [name for name in new if new[name] != old.get(name) and not name.startswith("site/")]
    assert len(changed) == len(products) + 1  # every product but the stale sheet, the manifest
    return cwd, old, new


def first_file_replaced(out: Path, old_inodes: dict[str, int]) -> int:
    """How many files under out have a new inode (os.replace) or a .part file is being written."""
    count = 0
    for folder in (out, out / "sheets", out / "sessions"):
        with os.scandir(folder) as entries:
            for entry in entries:
                name = Path(entry.path).relative_to(out).as_posix()
                partial = entry.name.endswith(".part")
                if partial or (entry.is_file() and old_inodes.get(name) != entry.inode()):
                    count += 1
    return count


RESULTS: list[tuple[str, int, int, int, str]] = []  # when, exit status, files new, of, stderr


# When to press Ctrl-C: seconds after the start (importing, loading, rendering), or once this many
# files of the out folder are being or have been replaced (writing).
WHEN = [
    ("after", 0.2),
    ("after", 0.5),
    ("after", 1.0),
    ("after", 2.0),
    ("writing", 1),
    ("writing", 8),
    ("writing", 25),
    ("writing", 46),
]


@pytest.mark.slow
@pytest.mark.parametrize(("trigger", "at"), WHEN, ids=[f"{t}-{a}" for t, a in WHEN])
def test_ctrl_c_leaves_every_file_whole(builds, trigger, at):
    cwd, old, new = builds
    out = cwd / f"run-{trigger}-{at}"
    shutil.copytree(cwd / "OUT", out)
    elsewhere = stat_everything(cwd, out)
    old_inodes = {
        p.relative_to(out).as_posix(): p.stat().st_ino for p in out.rglob("*") if p.is_file()
    }
    process = build(cwd, "new.json", out.name, environment(cwd / "tmp"))
    start = time.monotonic()
    if trigger == "after":
        time.sleep(at)
    else:
        while process.poll() is None and first_file_replaced(out, old_inodes) < at:
            if time.monotonic() - start > 60:
                break
            time.sleep(0.0005)
    signalled = process.poll() is None
    if signalled:
        process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    code = process.returncode

    assert list((cwd / "tmp").iterdir()) == [], "a temporary file outside the out folder"
    assert stat_everything(cwd, out) == elsewhere, "something outside the out folder changed"
    replaced = check_whole(out, old, new)
    RESULTS.append((f"{trigger} {at}", code, replaced, len(new) - 1, stderr.strip()[-100:]))
    if code == 0:  # it finished before the signal: the new build, whole
        assert replaced == sum(1 for name in new if new[name] != old.get(name))
    elif code == 130:  # cards.cli.main: Ctrl-C said plainly
        assert "interrupted" in stderr and "Traceback" not in stderr, stderr
    else:  # before cards.cli.main runs (Python still importing): Python's own KeyboardInterrupt
        assert code == -signal.SIGINT, (code, stderr)
        assert "KeyboardInterrupt" in stderr and replaced == 0
    shutil.rmtree(out)


def test_some_interruptions_landed_while_writing():
    """The runs above are only worth something if Ctrl-C came part-way through the writing."""
    for when, code, replaced, total, stderr in RESULTS:
        print(f"{when}: exit {code}, {replaced} of {total} files new; {stderr!r}")
    if len(RESULTS) < len(WHEN):
        pytest.skip("run with the interruption tests")
    assert any(0 < replaced < total for _, _, replaced, total, _ in RESULTS), (
        "no interruption landed while files were being replaced"
    )


# --------------------------------------------------------------------- a crash, in-process


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A folder holding new.json and out/ built from old.json; the bytes of out/ before and
    after a complete build of new.json (made in a copy)."""
    folder = tmp_path_factory.mktemp("crash")
    write_library(folder / "old.json", library(1, 6))
    write_library(folder / "new.json", library(2, 6))
    runner = CliRunner()
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        assert runner.invoke(cli, ["build", "--drills", "old.json", "--out", "out"]).exit_code == 0
        shutil.copytree(folder / "out", folder / "ref")
        assert runner.invoke(cli, ["build", "--drills", "new.json", "--out", "ref"]).exit_code == 0
    return folder, snapshot(folder / "out"), snapshot(folder / "ref")


# What os.replace raises, and the exit status then (None: the exception reaches the caller).
ERRORS = {
    "disk full": (lambda: OSError(errno.ENOSPC, "No space left on device"), 2),
    "ctrl-c": (KeyboardInterrupt, 1),  # click's own handling under CliRunner; main() says 130
    "a bug": (lambda: RuntimeError("a bug in the middle of the writing"), None),
}


@pytest.mark.parametrize("after", [0, 1, 5, 9])
@pytest.mark.parametrize("error", list(ERRORS))
def test_a_failure_part_way_through_writing_leaves_every_file_whole(
    run, tmp_path, small, monkeypatch, after, error
):
    """os.replace fails after `after` of the 10 files: those are new, the rest old, no .part file
    is left and nothing is written elsewhere."""
    folder, old, new = small
    shutil.copytree(folder / "out", tmp_path / "out")
    shutil.copy(folder / "new.json", tmp_path / "new.json")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    # cards, 7 sheets (one stale, one new), a session, the handout, manifest; and the site
    assert len([name for name in new if not name.startswith("site/")]) == 11
    exception, code = ERRORS[error]
    real_replace = os.replace
    calls = []

    def replace(src, dst, *args, **kwargs):
        calls.append(dst)
        if len(calls) > after:
            raise exception()
        return real_replace(src, dst, *args, **kwargs)

    before = {p for p in tmp_path.rglob("*") if "out" not in p.relative_to(tmp_path).parts}
    monkeypatch.setattr(os, "replace", replace)
    if code is None:
        with pytest.raises(RuntimeError):
            run("build", "--drills", "new.json", "--out", "out")
    else:
        result = run("build", "--drills", "new.json", "--out", "out")
        assert result.exit_code == code, result.output
        assert "Traceback" not in result.output
        if error == "disk full":
            assert "No space left on device" in result.output
            assert f"{calls[-1]}: could not be written" in result.output
    monkeypatch.setattr(os, "replace", real_replace)
    assert check_whole(tmp_path / "out", old, new) == after
    assert {p for p in tmp_path.rglob("*") if "out" not in p.relative_to(tmp_path).parts} == before


def test_ctrl_c_right_after_the_temporary_file_is_made_leaves_nothing(tmp_path, monkeypatch):
    """The race a real Ctrl-C hits now and then (a 0-byte .cards.pdf.*.part in about 1 run of
    20 when SIGINT comes as the first .part appears), made certain: the signal arrives while
    os.open creates the file, so KeyboardInterrupt is raised as it returns."""
    from cards.build.output import write_atomic

    real_open = os.open

    def open_then_interrupt(file, flags, *args, **kwargs):
        fd = real_open(file, flags, *args, **kwargs)
        if str(file).endswith(".part"):
            os.close(fd)
            raise KeyboardInterrupt
        return fd

    (tmp_path / "cards.pdf").write_bytes(b"%PDF-1.4 the old cards")
    monkeypatch.setattr(os, "open", open_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "cards.pdf", b"%PDF-1.4 the new cards")
    monkeypatch.setattr(os, "open", real_open)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cards.pdf"]
    assert (tmp_path / "cards.pdf").read_bytes() == b"%PDF-1.4 the old cards"
