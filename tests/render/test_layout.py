"""Layouts are data a club edits: overrides take effect, mistakes exit 2 with file and line."""

from __future__ import annotations

import shutil

import pytest

from cards.render.units import to_points
from tests.conftest import ROOT, collapse, decode_qr_codes, page_texts


@pytest.fixture
def layout_dir(tmp_path):
    """A copy of the built-in layouts to edit, as a club would."""
    target = tmp_path / "club-layouts"
    shutil.copytree(ROOT / "templates", target)
    return target


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_reordering_sections_in_the_template_reorders_the_card(run, layout_dir):
    j2 = layout_dir / "card.j2"
    edit(j2, '<p style="summary" field="summary">{{ drill.summary }}</p>\n', "")
    edit(
        j2,
        "{% endfor %}\n{% endblock %}",
        '{% endfor %}\n<p style="summary" field="summary">{{ drill.summary }}</p>\n{% endblock %}',
    )
    result = run("cards", "ankle-drill", "--templates", layout_dir)
    assert result.exit_code == 0, result.output
    front = collapse(page_texts("out/cards.pdf")[0])
    assert front.index("Ball of the foot hardly") < front.index("Quick, heel-driven steps")


def test_moving_the_qr_box_in_the_toml_moves_the_code(run, layout_dir):
    toml = layout_dir / "card.toml"
    edit(
        toml,
        'name = "qr"\nkind = "qr"\nright = "5mm"\nbottom = "10mm"',
        'name = "qr"\nkind = "qr"\nright = "5mm"\ntop = "7mm"',
    )
    edit(
        toml,
        'right = "5mm"\ntop = "4.5mm"\nheight = "22mm"',
        'right = "30mm"\ntop = "4.5mm"\nheight = "22mm"',
    )
    edit(
        toml,
        'right = "5mm"\ntop = "27.5mm"\nbottom = "34mm"',
        'right = "30mm"\ntop = "27.5mm"\nbottom = "40mm"',
    )
    edit(
        toml,
        'right = "29mm"\nbottom = "5mm"\nheight = "28mm"',
        'right = "30mm"\nbottom = "4mm"\nheight = "35mm"',
    )
    result = run("cards", "ankle-drill", "--no-backs", "--templates", layout_dir)
    assert result.exit_code == 0, result.output
    [(url, _, cy)] = decode_qr_codes("out/cards.pdf", 0)
    default = run("cards", "ankle-drill", "--no-backs", "-o", "default.pdf")
    assert default.exit_code == 0
    [(_, _, default_cy)] = decode_qr_codes("default.pdf", 0)
    assert url.startswith("https://") and cy > default_cy + 100  # moved up the card


def test_a_user_folder_with_only_the_template_uses_the_builtin_geometry(run, tmp_path):
    own = tmp_path / "mine"
    own.mkdir()
    text = (ROOT / "templates" / "card.j2").read_text(encoding="utf-8")
    (own / "card.j2").write_text(text.replace('{{ t("cues") }}', "KEY POINTS"), encoding="utf-8")
    result = run("cards", "ankle-drill", "--templates", own)
    assert result.exit_code == 0, result.output
    assert "KEY POINTS" in page_texts("out/cards.pdf")[0]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("{% block front_dosage %}", "{% block front_dosage %}{% if %}", ["card.j2", "line"]),
        ("{{ drill.summary }}", "{{ drill.sumary }}", ["card.j2", "line", "sumary"]),
        ('<p style="cue" field="cues">', '<p style="cues" field="cues">', ['did you mean "cue"']),
        ('<p style="label">{{ t("cues") }}</p>', '<p style="label">CUES', ["well-formed"]),
        ("{{ drill.name }}", "{{ drill.__class__.__mro__ }}", ["card.j2", "line"]),
        ("{{ drill.name }}", "{% include '../../../etc/passwd' %}", ["card.j2", "passwd"]),
        (
            "{% block qr_caption %}",
            "{% block qr_caption %}{{ size.__class__.__base__ }}",
            ["card.j2"],
        ),
    ],
)
def test_template_mistakes_exit_2_with_file_and_line(run, layout_dir, old, new, expected):
    edit(layout_dir / "card.j2", old, new)
    result = run("cards", "--templates", layout_dir)
    assert result.exit_code == 2, result.output
    for text in expected:
        assert text in result.output
    assert "Traceback" not in result.output
    assert not (layout_dir.parent / "out").exists()


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('accent = "#0b6e4f"', 'accent = "green-ish"', ["card.toml", "colors.accent"]),
        ('accent = "#0b6e4f"', 'accent = "#0b6e4f', ["card.toml", "line"]),
        ('size = "13pt"', 'size = "13 points"', ["card.toml", "styles.title.size"]),
        ('template = "card.j2"', 'template = "missing.j2"', ["card.toml", "missing.j2"]),
        ('regular = "DejaVuSans.ttf"', 'regular = "Nope.ttf"', ["card.toml", "Nope.ttf"]),
        (
            'right = "5mm"\nbottom = "10mm"',
            'right = "-30mm"\nbottom = "10mm"',
            ["outside the card"],
        ),
        ('block = "front_text"', 'block = "front_txt"', ["card.j2", "front_txt"]),
    ],
)
def test_layout_data_mistakes_exit_2_naming_file_and_key(run, layout_dir, old, new, expected):
    edit(layout_dir / "card.toml", old, new)
    result = run("cards", "--templates", layout_dir)
    assert result.exit_code == 2, result.output
    for text in expected:
        assert text in result.output
    assert "Traceback" not in result.output


def test_a_missing_layout_folder_is_named(run, tmp_path):
    result = run("cards", "--templates", tmp_path / "nowhere")
    assert result.exit_code == 2
    assert "nowhere" in result.output


@pytest.mark.parametrize(
    ("text", "points"),
    [
        ("72pt", 72.0),
        ("25.4mm", 72.0),
        ("1in", 72.0),
        ("2.54cm", 72.0),
        (12, 12.0),
        ("0.5 mm", 1.417),
    ],
)
def test_lengths(text, points):
    assert to_points(text) == pytest.approx(points, abs=1e-3)


@pytest.mark.parametrize("text", ["12", "mm", "1 inch", "-", True, "1e3mm"])
def test_bad_lengths(text):
    with pytest.raises(ValueError, match="must be a length"):
        to_points(text)


def test_a_box_in_the_quiet_zone_of_the_code_is_refused(run, layout_dir):
    toml = layout_dir / "card.toml"
    edit(toml, 'bottom = "3mm"\nheight = "3mm"', 'bottom = "5mm"\nheight = "3mm"')
    result = run("cards", "--templates", layout_dir)
    assert result.exit_code == 2
    assert 'box "caption" overlaps box "qr" or its quiet zone' in result.output


@pytest.mark.parametrize("size", ["a7", "a6", "business", "index-3x5", "poker"])
def test_builtin_codes_are_at_least_18_mm_with_room_for_the_quiet_zone(size):
    from cards.render.layout import load_card_layout
    from cards.render.units import mm

    layout = load_card_layout(size)
    [qr] = [box for box in layout.front if box.kind == "qr"]
    side = min(qr.width, qr.height)
    quiet = 4 * side / 21  # the widest quiet zone: a version-1 code
    assert side >= mm(18)
    assert qr.x - quiet >= 0 and qr.y - quiet >= 0
    assert qr.x + side + quiet <= layout.width and qr.y + side + quiet <= layout.height
