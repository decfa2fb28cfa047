"""`drillcards check` finds everything a build would refuse, in one run, and writes nothing."""

from __future__ import annotations

import json
import shutil

from tests.conftest import ROOT, make_drill
from tests.render.test_fit import maximal_drill


def test_club_data_and_layout_problems_are_reported_together(run, tmp_path):
    (tmp_path / "club.toml").write_text('name = "Harriers"\nacent = "#fff"\n', encoding="utf-8")
    (tmp_path / "drills.json").write_text(
        json.dumps({"drills": [make_drill(video="ftp://x")]}), encoding="utf-8"
    )
    layouts = tmp_path / "layouts"
    shutil.copytree(ROOT / "templates", layouts)
    sheet = layouts / "sheet.toml"
    sheet.write_text(
        sheet.read_text(encoding="utf-8").replace('accent = "#0b6e4f"', 'accent = "green"'),
        encoding="utf-8",
    )
    result = run("check", "--drills", "drills.json", "--templates", layouts)
    assert result.exit_code == 2
    assert "3 problems found" in result.output
    assert 'club.toml: unknown key "acent"; did you mean "accent"?' in result.output
    assert 'drills[0] ("test-drill").video' in result.output
    assert "sheet.toml: colors.accent" in result.output
    assert not list(tmp_path.rglob("*.pdf"))


def test_a_template_mistake_is_found_even_while_the_drills_file_is_broken(run, tmp_path):
    (tmp_path / "drills.json").write_text('{"drills": [', encoding="utf-8")
    layouts = tmp_path / "layouts"
    shutil.copytree(ROOT / "templates", layouts)
    card = layouts / "card.j2"
    card.write_text(
        card.read_text(encoding="utf-8").replace("{{ drill.summary }}", "{{ drill.sumary }}"),
        encoding="utf-8",
    )
    result = run("check", "--drills", "drills.json", "--templates", layouts)
    assert result.exit_code == 2
    assert "line 1, column" in result.output  # the JSON mistake
    assert "card.j2, line" in result.output and "sumary" in result.output


def test_fit_and_character_problems_of_every_product(run, drills_file):
    path = drills_file(
        {"drills": [make_drill(id="a", cues=["Go 🏃"]), maximal_drill(1, [22], "nae")]}
    )
    result = run("check", "--drills", path, "--size", "business")
    assert result.exit_code == 2
    assert 'drills[0] ("a").cues[0]' in result.output and "U+1F3C3" in result.output
    assert 'drills[1] ("max-1")' in result.output and "too full" in result.output


def test_the_builtin_library_checks_clean_with_the_example_club(run):
    result = run("check", "--club", ROOT / "docs" / "example-club" / "club.toml")
    assert result.exit_code == 0, result.output
    assert "is fine: 12 drills and 2 sessions" in result.output
    assert "the handout all fit on A4" in result.output


def test_a_huge_file_is_refused_at_once(run, tmp_path):
    """A 50 MB drills file (someone picked the wrong file) is refused before it is parsed."""
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.write(b'{"drills": [' + b" " * (50 * 1024 * 1024) + b"]}")
    result = run("check", "--drills", path)
    assert result.exit_code == 2
    assert "MB" in result.output and "huge.json" in result.output
