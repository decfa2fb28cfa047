"""The drill figures: one per drill, made from figures/poses.toml byte for byte, and plain
enough SVG that svglib draws them as vectors."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from reportlab.graphics.shapes import Drawing, Group, Image
from svglib.svglib import svg2rlg

ROOT = Path(__file__).resolve().parents[2]
IMAGES = ROOT / "images"
POSES = ROOT / "figures" / "poses.toml"
DRILL_IDS = sorted(d["id"] for d in json.loads((ROOT / "drills.json").read_text("utf-8"))["drills"])
SVG = "{http://www.w3.org/2000/svg}"
ELEMENTS = {"svg", "g", "path", "line", "circle", "polyline", "polygon"}
ATTRIBUTES = {
    "version",
    "width",
    "height",
    "viewBox",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "points",
    "d",
    "fill",
    "stroke",
    "stroke-width",
    "stroke-linecap",
    "stroke-linejoin",
}
ACCENT = "#0b6e4f"


def load_draw():
    """figures/draw.py is a script, not part of the package: load it from its file."""
    spec = importlib.util.spec_from_file_location("figures_draw", ROOT / "figures" / "draw.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


draw = load_draw()


def test_every_drill_has_a_figure_and_every_figure_a_drill():
    assert sorted(p.stem for p in IMAGES.glob("*.svg")) == DRILL_IDS
    assert sorted(draw.load(POSES)) == DRILL_IDS


def test_figures_are_made_from_the_poses(tmp_path):
    """A pose edited without re-running figures/draw.py is caught here."""
    draw.write(tmp_path)
    stale = [
        name
        for name in DRILL_IDS
        if (tmp_path / f"{name}.svg").read_bytes() != (IMAGES / f"{name}.svg").read_bytes()
    ]
    assert not stale, f"run `python figures/draw.py {' '.join(stale)}` and commit images/"


def test_editing_one_pose_redraws_only_its_figure(tmp_path):
    poses = tmp_path / "poses.toml"
    text = POSES.read_text("utf-8")
    first = "[[butt-kicks.phase]]\ntrunk = 3\n"
    edited = text.replace(first, first.replace("3", "12"), 1)
    assert edited != text
    poses.write_text(edited, "utf-8")
    draw.write(tmp_path / "out", poses=poses)
    changed = [
        name
        for name in DRILL_IDS
        if (tmp_path / "out" / f"{name}.svg").read_bytes() != (IMAGES / f"{name}.svg").read_bytes()
    ]
    assert changed == ["butt-kicks"]


def test_one_drill_is_drawn_alone(tmp_path):
    assert [p.name for p in draw.write(tmp_path, ["pogo-jumps"])] == ["pogo-jumps.svg"]
    assert [p.name for p in tmp_path.iterdir()] == ["pogo-jumps.svg"]


@pytest.mark.parametrize("name", DRILL_IDS)
def test_figure_is_plain_svg(name):
    """Only shapes with stroke and fill: no text, styles, links, entities, gradients or clips."""
    text = (IMAGES / f"{name}.svg").read_text("utf-8")
    for banned in ("<!", "href", "<style", "url(", "<text", "&"):
        assert banned not in text
    root = ET.fromstring(text)
    for element in root.iter():
        assert element.tag.startswith(SVG)
        assert element.tag.removeprefix(SVG) in ELEMENTS
        assert set(element.attrib) <= ATTRIBUTES, element.attrib
    # Every figure has the same size, so cards lay them out alike.
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == (
        "308.00",
        "140.00",
        "0 0 308.00 140.00",
    )
    # A head, the club's colour, and everything inside the picture.
    assert root.find(f".//{SVG}circle") is not None
    assert f'stroke="{ACCENT}"' in text
    for x, y in re.findall(r"(-?[\d.]+),(-?[\d.]+)", text):
        assert 0 <= float(x) <= 308 and 0 <= float(y) <= 140, (x, y)


@pytest.mark.parametrize("name", DRILL_IDS)
def test_svglib_draws_the_figure_as_vectors(name):
    drawing = svg2rlg(str(IMAGES / f"{name}.svg"))
    assert isinstance(drawing, Drawing)
    assert drawing.width / drawing.height == pytest.approx(2.2)
    shapes = []

    def walk(node):
        for child in node.contents:
            if isinstance(child, Group):
                walk(child)
            else:
                shapes.append(child)

    walk(drawing)
    assert not any(isinstance(s, Image) for s in shapes)
    kinds = {type(s).__name__ for s in shapes}
    assert {"PolyLine", "Circle", "Polygon", "Line"} <= kinds
    # Limbs with round ends and joints, as drawn.
    assert all(
        s.strokeLineCap == 1 and s.strokeLineJoin == 1
        for s in shapes
        if type(s).__name__ == "PolyLine"
    )


def test_regenerating_gives_the_same_bytes(tmp_path):
    draw.write(tmp_path / "a")
    draw.write(tmp_path / "b")
    for name in DRILL_IDS:
        assert (tmp_path / "a" / f"{name}.svg").read_bytes() == (
            tmp_path / "b" / f"{name}.svg"
        ).read_bytes()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "near_leg = { hip = 18, knee = 140",
            "near_leg = { hipp = 18, knee = 140",
            "butt-kicks.phase[1].near_leg: unknown key 'hipp'",
        ),
        (
            "near_leg = { hip = 18, knee = 140",
            'near_leg = { hip = "18", knee = 140',
            "butt-kicks.phase[1].near_leg.hip: must be a number",
        ),
        ('at = "near_knee"', 'at = "knee"', "butt-kicks.phase[1].arrows[0].at: must name a point"),
        (
            "[[butt-kicks.phase]]\ntrunk = 3",
            '[[butt-kicks.phase]]\nview = "top"',
            "butt-kicks.phase[1].view: must be 'side' or 'front'",
        ),
    ],
)
def test_a_mistake_in_the_poses_is_named(tmp_path, old, new, message):
    text = POSES.read_text("utf-8")
    assert old in text
    poses = tmp_path / "poses.toml"
    poses.write_text(text.replace(old, new, 1), "utf-8")
    with pytest.raises(draw.PoseError, match=re.escape(message)):
        draw.write(tmp_path / "out", ["butt-kicks"], poses=poses)
    assert not (tmp_path / "out").exists()


def test_the_script_writes_into_a_folder(tmp_path):
    assert draw.main(["--out", str(tmp_path / "out"), "high-knees"]) == 0
    assert (tmp_path / "out" / "high-knees.svg").read_bytes() == (
        IMAGES / "high-knees.svg"
    ).read_bytes()
    assert draw.main(["--out", str(tmp_path / "out"), "no-such-drill"]) == 2
