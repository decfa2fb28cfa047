"""CONTRIBUTING.md's module map names every module of the package, and only those."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def test_the_module_map_is_complete():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    mapped = set(re.findall(r"^\| `(cards/[\w/]+\.py)` \|", text, re.M))
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "cards").rglob("*.py")}
    assert sorted(modules - mapped) == [], "modules missing from CONTRIBUTING.md's map"
    assert sorted(mapped - modules) == [], "CONTRIBUTING.md maps modules that do not exist"


def test_the_cli_stays_thin():
    """Orchestration lives in cards/commands/, so scripts and the server get it too."""
    cli = (ROOT / "cards" / "cli.py").read_text(encoding="utf-8")
    assert "reportlab" not in cli and "render_" not in cli and "write_atomic" not in cli
