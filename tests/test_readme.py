"""The README's promises stay true: its first commands, the limits table, cards per sheet."""

from __future__ import annotations

import re

import pytest

from cards.data import schema
from cards.impose import plan_sheet
from cards.render.layout import load_card_layout
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_build_and_test_commands():
    block = README.split("```sh\n", 1)[1].split("```", 1)[0]
    lines = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert lines == ["pip install . && drillcards build", "pip install '.[test]' && pytest"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "'.[test]'" in ci and "pytest" in ci


def _row(field: str) -> str:
    match = re.search(rf"^\| {re.escape(field)} \| (.+) \|$", README, re.M)
    assert match, f"README limits table has no row for {field}"
    return match.group(1)


def _numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", text)]


def test_readme_limits_match_the_contract():
    d, fault, item, session = (
        schema.DRILL.fields,
        schema.FAULT.fields,
        schema.SESSION_ITEM.fields,
        schema.SESSION.fields,
    )
    assert _numbers(_row("`name`")) == [d["name"].max_len]
    assert _numbers(_row("`summary`")) == [d["summary"].max_len]
    assert _numbers(_row("`cues`")) == [d["cues"].max_items, d["cues"].item.max_len]
    assert _numbers(_row("`faults`")) == [
        d["faults"].max_items,
        fault["fault"].max_len,
        fault["fix"].max_len,
    ]
    assert _numbers(_row("`variations`")) == [
        d["variations"].max_items,
        d["variations"].item.max_len,
    ]
    assert _numbers(_row("`dosage`")) == [d["dosage"].max_len]
    assert _numbers(_row("`category`")) == [d["category"].max_len]
    assert _numbers(_row("`focus`")) == [d["focus"].max_items, d["focus"].item.max_len]
    assert _numbers(_row("`equipment`")) == [d["equipment"].max_items, d["equipment"].item.max_len]
    assert _numbers(_row("`video`")) == [d["video"].max_len]
    assert _numbers(_row("session `title`")) == [session["title"].max_len]
    assert _numbers(_row("session `items`")) == [
        session["items"].max_items,
        item["dosage"].max_len,
        item["notes"].max_len,
    ]
    assert _numbers(_row("session `warmup`, `cooldown`, `notes`")) == [session["warmup"].max_len]


def test_readme_limits_table_is_the_one_the_contract_makes():
    """Regenerate it from cards.data.schema.limits_table() when a limit or a field changes."""
    table = README.split("<!-- limits: generated", 1)[1].split("\n", 1)[1]
    assert table.startswith(schema.limits_table())
    assert _numbers(_row("`card`")) == [
        schema.CARD.fields["summary"].max_len,
        schema.CARD_CUES,
        schema.CARD.fields["cues"].item.max_len,
        schema.CARD_FAULTS,
        55,
        70,
    ]


@pytest.mark.parametrize("size", ["a7", "a6", "business", "index-3x5", "poker"])
def test_readme_cards_per_sheet(size):
    cells = _row(f"`{size}`" + (" (default)" if size == "a7" else "")).split(" | ")
    layout = load_card_layout(size)
    for cell, paper in zip(cells[1:], ("a4", "letter"), strict=True):
        sheet = plan_sheet(paper, layout.width, layout.height)
        assert _numbers(cell) == [sheet.per_sheet]
        assert ("turned" in cell) == sheet.rotated


def test_readme_states_the_handout_size_it_really_has():
    from cards import load_library, render_handout

    stated = int(re.search(r"\*\*([\d,]+) bytes\*\*", README).group(1).replace(",", ""))
    library = load_library(ROOT / "drills.json")
    actual = len(render_handout(library, everything=True, cards=True).pdf)
    assert abs(actual - stated) / stated < 0.15, f"README says {stated} bytes, it is {actual}"


def test_readme_example_club_file_is_the_shipped_one_and_loads():
    from cards import load_club

    block = README.split("```toml\n", 1)[1].split("```", 1)[0]
    shipped = (ROOT / "docs" / "example-club" / "club.toml").read_text(encoding="utf-8")
    assert block.strip() in shipped
    club = load_club(ROOT / "docs" / "example-club" / "club.toml")
    assert club.name == "Riverside Harriers" and club.logo and club.logo.is_file()
