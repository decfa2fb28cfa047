"""A project folder: the coach's own drills file found where drillcards runs, `init` making a
starter folder, and `export` writing the library in a form that builds the same PDFs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, make_drill, page_texts


def test_the_drills_file_of_the_folder_is_used_and_named(run, tmp_path):
    own = {"drills": [make_drill(id="hill-sprints", name="Hill sprints")]}
    (tmp_path / "drills.json").write_text(json.dumps(own), encoding="utf-8")
    result = run("cards")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "using drills.json in this folder"
    text = " ".join(page_texts(tmp_path / "out" / "cards.pdf"))
    assert "Hill sprints" in text and "Ankle drill" not in text
    given = run("cards", "--drills", ROOT / "drills.json", "-o", "builtin.pdf")
    assert given.exit_code == 0 and "Ankle drill" in " ".join(page_texts(tmp_path / "builtin.pdf"))


def test_two_drills_files_in_one_folder_are_named_both(run, tmp_path):
    shutil.copy(ROOT / "drills.json", tmp_path / "drills.json")
    (tmp_path / "drills.csv").write_text("id,name\n", encoding="utf-8")
    result = run("build")
    assert result.exit_code == 2
    assert "drills.json and drills.csv are both in this folder" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("spreadsheet", [False, True], ids=["json", "xlsx"])
def test_init_then_build(run, tmp_path, monkeypatch, spreadsheet):
    made = run("init", "club", *(["--spreadsheet"] if spreadsheet else []))
    assert made.exit_code == 0, made.output
    folder = tmp_path / "club"
    names = sorted(p.name for p in folder.iterdir())
    drills = "drills.xlsx" if spreadsheet else "drills.json"
    assert drills in names and "club.toml" in names and "README.md" in names
    assert ("drills.schema.json" in names) != spreadsheet
    assert sorted(p.name for p in (folder / "images").iterdir()) == [
        "ankle-drill.svg",
        "pogo-jumps.svg",
    ]
    (folder / "club.toml").write_text('name = "Harriers"\n', encoding="utf-8")
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    again = run("init", "club")
    assert again.exit_code == 2 and "never overwrites" in again.output
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before
    monkeypatch.chdir(folder)
    built = run("build")
    assert built.exit_code == 0, built.output
    assert built.output.startswith(f"using {drills} in this folder")
    text = " ".join(page_texts(folder / "out" / "sessions" / "first-session.pdf"))
    assert "Ankle drill" in text and "Pogo jumps" in text and "Harriers" in text


@pytest.mark.parametrize("suffix", [".xlsx", ".json"])
def test_export_builds_byte_identical_pdfs(run, tmp_path, monkeypatch, suffix):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    exported = run("export", f"library{suffix}", "--drills", ROOT / "drills.json")
    assert exported.exit_code == 0, exported.output
    for drills, out in ((ROOT / "drills.json", "a"), (tmp_path / f"library{suffix}", "b")):
        result = run("build", "--drills", drills, "--out", out, "--jobs", "1")
        assert result.exit_code == 0, result.output
    pdfs = sorted(p for p in (tmp_path / "a").rglob("*.pdf") if ".drillcards-cache" not in p.parts)
    assert len(pdfs) > 20
    for pdf in pdfs:
        twin = tmp_path / "b" / pdf.relative_to(tmp_path / "a")
        assert twin.read_bytes() == pdf.read_bytes(), pdf.name


def test_export_to_csv_of_drills_alone(run, tmp_path):
    library = {"drills": [make_drill(cues=["Tall", "Quick"], focus=["ankle"])]}
    (tmp_path / "mine.json").write_text(json.dumps(library), encoding="utf-8")
    assert run("export", "mine.csv", "--drills", "mine.json").exit_code == 0
    for drills, out in (("mine.json", "a.pdf"), ("mine.csv", "b.pdf")):
        assert run("cards", "--drills", drills, "-o", out).exit_code == 0
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    refused = run("export", "all.csv", "--drills", ROOT / "drills.json")
    assert refused.exit_code == 2 and not Path(tmp_path / "all.csv").exists()
