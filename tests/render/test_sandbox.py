"""Layouts shared between clubs are untrusted: hostile templates get exit 2, never more.

A template cannot reach Python's internals, read files outside its folders, run for ever or
build enormous values; each attempt ends in a message naming the template, and nothing written.
"""

from __future__ import annotations

import shutil
import time

import pytest

import cards.render.sandbox
from tests.conftest import ROOT

HOSTILE = {
    "class-walk": "{{ drill.__class__.__mro__[1].__subclasses__() }}",
    "globals": "{{ lipsum.__globals__['os'].system('echo pwned') }}",
    "cycler-init": "{{ cycler.__init__.__globals__.os }}",
    "format-attr": "{{ '{0.__class__.__init__.__globals__}'.format(drill) }}",
    "mutate": "{{ drill.cues.append('x') }}",
    "read-etc": "{% include '/etc/passwd' %}",
    "read-parent": "{% include '../../../../etc/passwd' %}",
    "import-parent": "{% import '../drills.json' as x %}",
    "repeat": "{{ 'a' * 10**9 }}",
    "ljust": "{{ 'a'.ljust(10**9) }}",
    "percent-width": "{{ '%999999999s' % 1 }}",
    "format-width": "{{ '{:>999999999}'.format(1) }}",
    "center-filter": "{{ 'x' | center(999999999) }}",
    "batch-filter": "{{ drill.cues | batch(10**9) | list }}",
    "huge-range": "{{ range(10**9) | list }}",
    "recursion": "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
    "output-flood": '{% for i in range(99999) %}<p style="cue">{{ i }} and more</p>{% endfor %}',
    "slow-loop": "{% for a in range(99999) %}{% for b in range(99999) %}{% endfor %}{% endfor %}",
}


@pytest.fixture
def hostile_layouts(tmp_path, monkeypatch):
    monkeypatch.setattr(cards.render.sandbox, "TIME_LIMIT", 1.0)
    target = tmp_path / "shared-layouts"
    shutil.copytree(ROOT / "templates", target)
    return target


@pytest.mark.parametrize("snippet", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_template_exits_2_and_writes_nothing(run, hostile_layouts, tmp_path, snippet):
    j2 = hostile_layouts / "card.j2"
    text = j2.read_text(encoding="utf-8")
    j2.write_text(
        text.replace("{% block front_text %}", "{% block front_text %}" + snippet, 1),
        encoding="utf-8",
    )
    started = time.monotonic()
    result = run("cards", "ankle-drill", "--templates", hostile_layouts)
    assert result.exit_code == 2, result.output
    assert "card.j2" in result.output
    assert "Traceback" not in result.output and "pwned" not in result.output
    assert "root:" not in result.output  # /etc/passwd never shows
    assert not (tmp_path / "out").exists()
    assert time.monotonic() - started < 20


def test_a_font_outside_the_layout_folders_is_refused(run, hostile_layouts):
    toml = hostile_layouts / "card.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(
        text.replace('regular = "DejaVuSans.ttf"', 'regular = "../../../../etc/passwd"'),
        encoding="utf-8",
    )
    result = run("cards", "--templates", hostile_layouts)
    assert result.exit_code == 2
    assert "without a path" in result.output


def test_ordinary_template_code_still_works(run, hostile_layouts):
    """The bounds leave room for what layouts really do: formats, filters, loops."""
    j2 = hostile_layouts / "card.j2"
    text = j2.read_text(encoding="utf-8")
    extra = (
        "<p style=\"meta\">{{ '%.1f' % 2.25 }} {{ '{:>4}'.format(7) }} "
        "{{ 'ab' | center(6) }} {{ range(3) | join(',') }} {{ 'x' * 3 }}</p>"
    )
    j2.write_text(
        text.replace("{% block front_text %}", "{% block front_text %}" + extra, 1),
        encoding="utf-8",
    )
    result = run("cards", "ankle-drill", "--templates", hostile_layouts)
    assert result.exit_code == 0, result.output
