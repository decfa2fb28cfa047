"""The three-reader check in conftest sees every PDF and would catch a broken one."""

from __future__ import annotations

from cards import load_library, render_cards
from cards.options import Options
from tests.conftest import ROOT, _readers_problems, _RecordingBuffer


def test_pdfs_made_in_memory_are_seen_by_the_check():
    result = render_cards(load_library(ROOT / "drills.json"), Options(), ["ankle-drill"])
    assert result.pdf in _RecordingBuffer.made


def test_the_check_finds_a_damaged_pdf(tmp_path):
    good = render_cards(load_library(ROOT / "drills.json"), Options(), ["ankle-drill"]).pdf
    path = tmp_path / "damaged.bin"
    path.write_bytes(good[: len(good) // 2])
    assert _readers_problems(path)
    path.write_bytes(good)
    assert _readers_problems(path) == []
