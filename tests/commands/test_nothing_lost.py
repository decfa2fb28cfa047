"""Nothing a coach has is ever lost: no output replaces a file the command reads, only plain
files are replaced, nothing is written through a link out of the output folder, and every
command, given any kind of file, exits 0 or 2 leaving every earlier file as it was."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from cards.cli import cli
from tests.conftest import BUILTIN, EXAMPLES, ROOT


def snapshot(folder: Path) -> dict[str, object]:
    """Every entry under folder, without following links: a file by its bytes' hash, a link by
    its target, anything else by its kind."""
    state: dict[str, object] = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        key = path.relative_to(folder).as_posix()
        if stat.S_ISLNK(info.st_mode):
            state[key] = ("link", os.readlink(path))
        elif stat.S_ISREG(info.st_mode):
            state[key] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            state[key] = stat.S_IFMT(info.st_mode)
    return state


@pytest.fixture
def coach(tmp_path, monkeypatch):
    """A coach's folder: their drills, club file, logo, a route map and their own layouts."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(ROOT / "drills.json", tmp_path / "drills.json")
    shutil.copytree(ROOT / "images", tmp_path / "images")  # the drills' pictures, beside them
    Image.new("RGB", (40, 20), "green").save(tmp_path / "crest.png")
    (tmp_path / "club.toml").write_text('name = "Harriers"\nlogo = "crest.png"\n', encoding="utf-8")
    shutil.copytree(ROOT / "templates", tmp_path / "mine")
    map_pdf = CliRunner().invoke(cli, ["calibrate", "-o", "route-map.pdf"])
    assert map_pdf.exit_code == 0, map_pdf.output
    return tmp_path


def refused(tmp_path: Path, args: list[str], *named: str) -> str:
    before = snapshot(tmp_path)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for name in named:
        assert name in result.output, result.output
    assert snapshot(tmp_path) == before, "a refused command changed or added a file"
    return result.output


@pytest.mark.parametrize(
    "args, named",
    [
        (["cards", "--drills", "drills.json", "-o", "drills.json"], ["drills.json", "reads"]),
        (["sheet", "pogo-jumps", "-o", "club.toml"], ["club.toml", "reads"]),
        (["cards", "-o", "crest.png"], ["crest.png", "reads"]),
        (["bundle", "--include", "route-map.pdf", "-o", "route-map.pdf"], ["route-map.pdf"]),
        (
            ["session", "basic-coordination", "--templates", "mine", "-o", "mine/session.j2"],
            ["mine/session.j2", "reads"],
        ),
        (
            ["cards", "--lang", "de", "--templates", "mine", "-o", "mine/lang/de.toml"],
            ["mine/lang/de.toml"],
        ),
        (["calibrate", "--templates", "mine", "-o", "mine/card.toml"], ["mine/card.toml"]),
    ],
    ids=["drills", "club-file", "logo", "included-pdf", "layout", "catalogue", "card-layout"],
)
def test_no_output_replaces_an_input(coach, args, named):
    refused(coach, args, *named)


def test_another_name_for_an_input_is_caught_too(coach):
    os.link(coach / "drills.json", coach / "drills-copy.pdf")
    output = refused(
        coach,
        ["cards", "--drills", "drills.json", "-o", "drills-copy.pdf"],
        "drills-copy.pdf",
        "drills.json",
    )
    assert "the same file as" in output


def test_only_plain_files_are_replaced(coach):
    os.mkfifo(coach / "pipe.pdf")
    (coach / "elsewhere.pdf").write_bytes(b"the coach's own")
    os.symlink("elsewhere.pdf", coach / "link.pdf")
    refused(coach, ["cards", "-o", "pipe.pdf"], "pipe.pdf", "a pipe")
    refused(coach, ["cards", "-o", "link.pdf"], "link.pdf", "a link")


@pytest.mark.skipif(
    os.geteuid() != 0 or not os.path.exists("/dev/full"),
    reason="replacing a device needs root, and /dev/full",
)
def test_a_device_is_never_turned_into_a_pdf():
    result = CliRunner().invoke(cli, ["cards", "-o", "/dev/full"])
    assert result.exit_code == 2 and "a device" in result.output
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_a_build_writes_nothing_through_a_link_out_of_its_folder(coach, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (coach / "out").mkdir()
    os.symlink(outside, coach / "out" / "sheets")
    refused(coach, ["build"], "out/sheets", "link")
    assert list(outside.iterdir()) == []


def test_a_refused_file_among_many_writes_none_of_them(coach):
    (coach / "out" / "sheets").mkdir(parents=True)
    os.mkfifo(coach / "out" / "sheets" / "pogo-jumps.pdf")
    refused(coach, ["sheet", "--all"], "pogo-jumps.pdf")


# ---- any file, any kind of file, for every command -----------------------------------------

COMMANDS = {
    "cards": ["cards"],
    "sheet": ["sheet", "--all"],
    "session": ["session", "basic-coordination"],
    "bundle": ["bundle", "--cards"],
    "site": ["site"],
    "preview": ["preview", "pogo-jumps"],
    "check": ["check"],
    "build": ["build", "--jobs", "1"],
    "calibrate": ["calibrate"],
}
KINDS = [
    "good",
    "empty",
    "noise",
    "json",
    "folder",
    "fifo",
    "link-to-folder",
    "dangling-link",
    "device",
    "missing",
]


def make(path: Path, kind: str, good: bytes) -> str:
    """Put a file of `kind` at path; return the name to pass on the command line."""
    if kind == "good":
        path.write_bytes(good)
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "noise":
        path.write_bytes(bytes(range(256)) * 3)
    elif kind == "json":
        path.write_text(json.dumps({"drills": [{"id": "x"}]}), encoding="utf-8")
    elif kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "link-to-folder":
        os.symlink(path.parent, path)
    elif kind == "dangling-link":
        os.symlink(path.parent / "nowhere", path)
    elif kind == "device":
        return "/dev/zero"
    return path.name


GOOD = {"drills": json.dumps(BUILTIN).encode(), "club": b'name = "Harriers"\n', "include": None}


@settings(
    max_examples=max(12, EXAMPLES // 3),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    command=st.sampled_from(sorted(COMMANDS)),
    drills=st.sampled_from(KINDS),
    club=st.sampled_from(["absent", *KINDS]),
    output=st.sampled_from(["default", "drills", "club", "fifo", "folder", "link"]),
)
def test_any_file_gives_exit_0_or_2_and_keeps_every_earlier_file(
    tmp_path_factory, command, drills, club, output
):
    folder = tmp_path_factory.mktemp("any")
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        args = [*COMMANDS[command]]
        if command != "calibrate":
            args += ["--drills", make(folder / "drills.json", drills, GOOD["drills"])]
        if club != "absent":
            args += ["--club", make(folder / "club.toml", club, GOOD["club"])]
        if output != "default" and command not in ("check", "site", "preview", "build"):
            target = {"drills": "drills.json", "club": "club.toml"}.get(output, f"{output}.pdf")
            if output in ("fifo", "folder", "link") and not (folder / target).exists():
                make(folder / target, {"link": "dangling-link"}.get(output, output), b"")
            args += ["-o", target]
        before = snapshot(folder)
        result = CliRunner().invoke(cli, args)
        assert result.exit_code in (0, 2), (args, result.output, result.exception)
        assert "Traceback" not in result.output
        after = snapshot(folder)
        if result.exit_code == 2:
            assert after == before, (args, result.output)
        else:
            assert {k: v for k, v in after.items() if k in before} == before, args
    finally:
        os.chdir(cwd)
