"""Draw every built-in drill as a strip of runner figures, from the joint angles in poses.toml.

`python figures/draw.py` writes images/<drill-id>.svg for every drill in poses.toml;
`python figures/draw.py ankle-drill` only that one; `--out DIR` writes elsewhere.

The body is a chain of segments whose lengths are fractions of the standing height H
(Drillis & Contini, as tabulated in Winter's *Biomechanics and Motor Control of Human
Movement*); forward kinematics turns the angles of poses.toml into joint positions. The SVG
holds only svg, g, line, circle, polyline and polygon elements with plain stroke and fill
attributes, so svglib reads it as vectors; numbers have fixed precision, so the same poses
give the same bytes.

Angles are in degrees. Side view (the runner faces right): `trunk` leans forward; `hip` flexes
the thigh forward from the line of the trunk; `knee` bends the shank back; `ankle` points the
toes down (negative pulls them up; "flat" sets the sole level); `toe` bends the toes up at the
ball of the foot ("flat" lays them level); `shoulder` swings the upper arm forward from the
line of the trunk (negative: back); `elbow` bends the forearm forward. Front view: `raise`
lifts an arm out from the side (180 = straight up), `spread` opens a leg. `lift` raises the
whole body by a fraction of H (a flight phase). Arrows take angles measured from straight down,
towards the front (90) and up (180); offsets are in fractions of H, upwards positive.
"""

from __future__ import annotations

import argparse
import math
import sys
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSES = Path(__file__).resolve().parent / "poses.toml"
OUT = ROOT / "images"

# Drillis & Contini, fractions of standing height H.
SHOULDER_HEIGHT = 0.818
HIP_HEIGHT = 0.530
KNEE_HEIGHT = 0.285
ANKLE_HEIGHT = 0.039
HEAD = 0.130
UPPER_ARM = 0.186
FOREARM = 0.146
HAND = 0.108
THIGH = HIP_HEIGHT - KNEE_HEIGHT  # 0.245
SHANK = KNEE_HEIGHT - ANKLE_HEIGHT  # 0.246
FOOT = 0.152
SHOULDER_WIDTH = 0.259
HIP_WIDTH = 0.191
TRUNK = SHOULDER_HEIGHT - HIP_HEIGHT
NECK = 1.0 - HEAD - SHOULDER_HEIGHT  # shoulder to chin

# The foot: the ankle sits above the sole, about a quarter of the foot's length from the heel;
# the ball of the foot is where the toes bend.
HEEL_BACK = 0.042
BALL_FORWARD = 0.075
TOES = FOOT - HEEL_BACK - BALL_FORWARD
FIST = 0.30 * HAND  # a runner's loose fist, drawn as a dot past the wrist
HIP_JOINT_APART = 0.45 * HIP_WIDTH  # hip joint centres, seen from the front

# Drawing, in SVG user units.
H = 100.0
WIDTH = 308.0  # every strip is 2.2 : 1, whatever its number of phases
HEIGHT = 140.0
GROUND = 131.0
LIMB = 4.4
TRUNK_STROKE = 7.0
FOOT_STROKE = 2.4
HEAD_RADIUS = 0.062 * H
FIST_RADIUS = 2.9
ARROW = 1.9
ARROW_HEAD = 5.4

INK = "#1f2328"  # near limbs, trunk, head
FAR = "#a4a9ae"  # far limbs: lighter, so they read as behind the body
ACCENT = "#0b6e4f"  # the club's accent: the near leg and the arrows of motion
GROUND_INK = "#8c9196"

Point = tuple[float, float]

SIDE_LEG = {"hip", "knee", "ankle", "toe"}
SIDE_ARM = {"shoulder", "elbow"}
FRONT_LEG = {"spread"}
FRONT_ARM = {"raise", "elbow"}
SIDE_KEYS = {
    "view",
    "trunk",
    "lift",
    "shift",
    "near_leg",
    "far_leg",
    "near_arm",
    "far_arm",
    "arrows",
}
FRONT_KEYS = {"view", "lift", "shift", "left_leg", "right_leg", "left_arm", "right_arm", "arrows"}
ARROW_KEYS = {
    "arc": {"kind", "at", "radius", "start", "end"},
    "line": {"kind", "at", "start", "end"},
}


class PoseError(Exception):
    """A pose in poses.toml that cannot be drawn; the message names drill, phase and key."""


def direction(angle: float) -> Point:
    """Unit vector for an angle in degrees measured from straight down towards the front."""
    rad = math.radians(angle)
    return (math.sin(rad), -math.cos(rad))


def along(start: Point, angle: float, length: float) -> Point:
    """The point `length` away from `start` in the direction `angle`."""
    dx, dy = direction(angle)
    return (start[0] + dx * length, start[1] + dy * length)


@dataclass(frozen=True)
class Limb:
    """One drawn limb: its joints in order, the colour, and the dot of a fist or a filled foot."""

    points: tuple[Point, ...]
    colour: str
    foot: tuple[Point, ...] | None = None  # ankle, heel, ball, toe: a filled shoe
    fist: Point | None = None


@dataclass(frozen=True)
class Figure:
    """One phase of a drill: limbs behind the trunk, the trunk and head, limbs in front."""

    behind: tuple[Limb, ...]
    trunk: tuple[Point, ...]
    shoulders: tuple[Point, Point] | None  # front view: the shoulder line
    pelvis: tuple[Point, Point] | None
    head: Point
    front: tuple[Limb, ...]
    named: Mapping[str, Point]


def number(value: object, where: str) -> float:
    """An angle or offset from the pose file, checked."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PoseError(f"{where}: must be a number (got {value!r})")
    return float(value)


def check_keys(table: Mapping[str, object], allowed: set[str], where: str) -> None:
    """Catch a misspelt key: it would otherwise silently mean zero."""
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise PoseError(
            f"{where}: unknown key {unknown[0]!r} (expected one of {', '.join(sorted(allowed))})"
        )


def angles(table: object, allowed: set[str], where: str) -> dict[str, float | str]:
    """A limb's table of angles; absent angles are 0."""
    if table is None:
        table = {}
    if not isinstance(table, dict):
        raise PoseError(f"{where}: must be a table of angles (got {table!r})")
    check_keys(table, allowed, where)
    out: dict[str, float | str] = dict.fromkeys(allowed, 0.0)
    for key, value in table.items():
        if key in ("ankle", "toe") and value == "flat":
            out[key] = "flat"
        else:
            out[key] = number(value, f"{where}.{key}")
    return out


def side_leg(
    hip: Point,
    trunk: float,
    leg: Mapping[str, float | str],
    colour: str,
    named: dict[str, Point],
    side: str,
) -> Limb:
    """Hip, knee, ankle, heel, ball and toe of one leg, side view."""
    thigh = -trunk + float(leg["hip"])
    knee = along(hip, thigh, THIGH)
    shank = thigh - float(leg["knee"])
    ankle = along(knee, shank, SHANK)
    foot = 90.0 if leg["ankle"] == "flat" else shank + 90.0 - float(leg["ankle"])
    heel = along(along(ankle, foot, -HEEL_BACK), foot + 90.0, -ANKLE_HEIGHT)
    ball = along(along(ankle, foot, BALL_FORWARD), foot + 90.0, -ANKLE_HEIGHT)
    toe = along(ball, 90.0 if leg["toe"] == "flat" else foot + float(leg["toe"]), TOES)
    named.update(
        {
            f"{side}_knee": knee,
            f"{side}_ankle": ankle,
            f"{side}_heel": heel,
            f"{side}_ball": ball,
            f"{side}_toe": toe,
        }
    )
    return Limb((hip, knee, ankle), colour, foot=(ankle, heel, ball, toe))


def side_arm(
    shoulder: Point,
    trunk: float,
    arm: Mapping[str, float | str],
    colour: str,
    named: dict[str, Point],
    side: str,
) -> Limb:
    """Shoulder, elbow, wrist and fist of one arm, side view."""
    upper = -trunk + float(arm["shoulder"])
    elbow = along(shoulder, upper, UPPER_ARM)
    fore = upper + float(arm["elbow"])
    wrist = along(elbow, fore, FOREARM)
    fist = along(wrist, fore, FIST / 2)
    named.update({f"{side}_elbow": elbow, f"{side}_wrist": wrist, f"{side}_hand": fist})
    return Limb((shoulder, elbow, wrist), colour, fist=fist)


def side_figure(phase: Mapping[str, object], where: str) -> Figure:
    """A runner seen from the side, facing right, hip at the origin."""
    check_keys(phase, SIDE_KEYS, where)
    trunk = number(phase.get("trunk", 0), f"{where}.trunk")
    hip = (0.0, 0.0)
    shoulder = along(hip, 180.0 - trunk, TRUNK)
    head = along(shoulder, 180.0 - trunk, NECK + HEAD / 2)
    named: dict[str, Point] = {"hip": hip, "shoulder": shoulder, "head": head}
    legs = {
        side: angles(phase.get(f"{side}_leg"), SIDE_LEG, f"{where}.{side}_leg")
        for side in ("near", "far")
    }
    arms = {
        side: angles(phase.get(f"{side}_arm"), SIDE_ARM, f"{where}.{side}_arm")
        for side in ("near", "far")
    }
    far_leg = side_leg(hip, trunk, legs["far"], FAR, named, "far")
    far_arm = side_arm(shoulder, trunk, arms["far"], FAR, named, "far")
    near_leg = side_leg(hip, trunk, legs["near"], ACCENT, named, "near")
    near_arm = side_arm(shoulder, trunk, arms["near"], INK, named, "near")
    neck = along(shoulder, 180.0 - trunk, NECK)
    return Figure(
        (far_arm, far_leg), (hip, shoulder, neck), None, None, head, (near_leg, near_arm), named
    )


def front_figure(phase: Mapping[str, object], where: str) -> Figure:
    """A runner seen from the front, pelvis centre at the origin; left is the viewer's left."""
    check_keys(phase, FRONT_KEYS, where)
    named: dict[str, Point] = {}
    pelvis = (0.0, 0.0)
    neck_base = (0.0, TRUNK)
    neck = (0.0, TRUNK + NECK)
    head = (0.0, TRUNK + NECK + HEAD / 2)
    named.update({"hip": pelvis, "shoulder": neck_base, "head": head})
    limbs: list[Limb] = []
    hips: list[Point] = []
    shoulders: list[Point] = []
    for side, sign in (("left", -1.0), ("right", 1.0)):
        leg = angles(phase.get(f"{side}_leg"), FRONT_LEG, f"{where}.{side}_leg")
        hip = (sign * HIP_JOINT_APART, 0.0)
        spread = sign * float(leg["spread"])
        knee = along(hip, spread, THIGH)
        ankle = along(knee, spread, SHANK)
        toe = (ankle[0] + sign * 0.035, ankle[1] - ANKLE_HEIGHT)
        limbs.append(Limb((hip, knee, ankle, toe), INK))
        arm = angles(phase.get(f"{side}_arm"), FRONT_ARM, f"{where}.{side}_arm")
        shoulder = (sign * SHOULDER_WIDTH / 2, TRUNK)
        upper = sign * float(arm["raise"])
        elbow = along(shoulder, upper, UPPER_ARM)
        wrist = along(elbow, upper + sign * float(arm["elbow"]), FOREARM)
        fist = along(wrist, upper + sign * float(arm["elbow"]), FIST / 2)
        limbs.append(Limb((shoulder, elbow, wrist), INK, fist=fist))
        hips.append(hip)
        shoulders.append(shoulder)
        named.update(
            {
                f"{side}_knee": knee,
                f"{side}_ankle": ankle,
                f"{side}_toe": toe,
                f"{side}_shoulder": shoulder,
                f"{side}_elbow": elbow,
                f"{side}_wrist": wrist,
                f"{side}_hand": fist,
            }
        )
    return Figure(
        (),
        (pelvis, neck_base, neck),
        (shoulders[0], shoulders[1]),
        (hips[0], hips[1]),
        head,
        tuple(limbs),
        named,
    )


def feet(figure: Figure) -> list[Point]:
    """Every point of the figure that could touch the ground."""
    return [
        p for name, p in figure.named.items() if name.endswith(("_heel", "_ball", "_toe", "_ankle"))
    ]


def fmt(value: float) -> str:
    """A coordinate with fixed precision, so a pose gives the same bytes every run."""
    text = f"{value:.2f}"
    return "0.00" if text == "-0.00" else text


class Canvas:
    """Model coordinates (fractions of H, y up) of one phase mapped onto the SVG strip."""

    def __init__(self, x: float, lift: float, figure: Figure) -> None:
        self.x = x
        self.base = GROUND - LIMB / 2 - (lift - min(p[1] for p in feet(figure))) * H

    def xy(self, point: Point) -> str:
        return f"{fmt(self.x + point[0] * H)},{fmt(self.base - point[1] * H)}"

    def pt(self, point: Point) -> tuple[float, float]:
        return (self.x + point[0] * H, self.base - point[1] * H)


def polyline(points: Iterable[str], colour: str, width: float) -> str:
    return (
        f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" '
        f'stroke-width="{fmt(width)}"/>'
    )


def limb_svg(canvas: Canvas, limb: Limb) -> list[str]:
    out = [polyline((canvas.xy(p) for p in limb.points), limb.colour, LIMB)]
    if limb.foot is not None:
        out.append(
            f'<polygon points="{" ".join(canvas.xy(p) for p in limb.foot)}" '
            f'fill="{limb.colour}" stroke="{limb.colour}" '
            f'stroke-width="{fmt(FOOT_STROKE)}"/>'
        )
    if limb.fist is not None:
        x, y = canvas.pt(limb.fist)
        out.append(
            f'<circle cx="{fmt(x)}" cy="{fmt(y)}" r="{fmt(FIST_RADIUS)}" fill="{limb.colour}"/>'
        )
    return out


def arrow_svg(
    canvas: Canvas, arrow: Mapping[str, object], named: Mapping[str, Point], where: str
) -> list[str]:
    """A motion arrow in the accent colour: an arc about a joint or a straight line."""
    kind = arrow.get("kind")
    if kind not in ARROW_KEYS:
        raise PoseError(f"{where}.kind: must be 'arc' or 'line' (got {kind!r})")
    check_keys(arrow, ARROW_KEYS[str(kind)], where)
    at = arrow.get("at")
    if at not in named:
        raise PoseError(
            f"{where}.at: must name a point, one of {', '.join(sorted(named))} (got {at!r})"
        )
    centre = named[str(at)]
    if kind == "arc":
        radius = number(arrow.get("radius"), f"{where}.radius")
        start = number(arrow.get("start"), f"{where}.start")
        end = number(arrow.get("end"), f"{where}.end")
        steps = max(2, math.ceil(abs(end - start) / 6))
        pts = [along(centre, start + (end - start) * i / steps, radius) for i in range(steps + 1)]
    else:
        ends = []
        for key in ("start", "end"):
            value = arrow.get(key)
            if not (isinstance(value, list) and len(value) == 2):
                raise PoseError(
                    f"{where}.{key}: must be [across, up] in fractions of H (got {value!r})"
                )
            dx, dy = (number(v, f"{where}.{key}") for v in value)
            ends.append((centre[0] + dx, centre[1] + dy))
        pts = ends
    screen = [canvas.pt(p) for p in pts]
    (x0, y0), (x1, y1) = screen[-2], screen[-1]
    length = math.hypot(x1 - x0, y1 - y0) or 1.0
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    tip = (x1 + ux * ARROW_HEAD * 0.55, y1 + uy * ARROW_HEAD * 0.55)
    back = (x1 - ux * ARROW_HEAD * 0.45, y1 - uy * ARROW_HEAD * 0.45)
    wing = ARROW_HEAD * 0.5
    head = [
        tip,
        (back[0] - uy * wing, back[1] + ux * wing),
        (back[0] + uy * wing, back[1] - ux * wing),
    ]
    line = " ".join(f"{fmt(x)},{fmt(y)}" for x, y in [*screen[:-1], back])
    return [
        f'<polyline points="{line}" fill="none" stroke="{ACCENT}" stroke-width="{fmt(ARROW)}"/>',
        f'<polygon points="{" ".join(f"{fmt(x)},{fmt(y)}" for x, y in head)}" '
        f'fill="{ACCENT}" stroke="{ACCENT}" stroke-width="{fmt(ARROW * 0.6)}"/>',
    ]


def figure_of(phase: Mapping[str, object], where: str) -> Figure:
    view = phase.get("view", "side")
    if view == "side":
        return side_figure(phase, where)
    if view == "front":
        return front_figure(phase, where)
    raise PoseError(f"{where}.view: must be 'side' or 'front' (got {view!r})")


def phase_svg(phase: Mapping[str, object], x: float, where: str) -> list[str]:
    figure = figure_of(phase, where)
    lift = number(phase.get("lift", 0), f"{where}.lift")
    shift = number(phase.get("shift", 0), f"{where}.shift")
    canvas = Canvas(x + shift * H, lift, figure)
    out = ["<g>"]
    for limb in figure.behind:
        out += limb_svg(canvas, limb)
    out.append(polyline((canvas.xy(p) for p in figure.trunk[:2]), INK, TRUNK_STROKE))
    out.append(polyline((canvas.xy(p) for p in figure.trunk[1:]), INK, LIMB))
    for pair in (figure.shoulders, figure.pelvis):
        if pair is not None:
            out.append(polyline((canvas.xy(p) for p in pair), INK, LIMB))
    hx, hy = canvas.pt(figure.head)
    out.append(f'<circle cx="{fmt(hx)}" cy="{fmt(hy)}" r="{fmt(HEAD_RADIUS)}" fill="{INK}"/>')
    for limb in figure.front:
        out += limb_svg(canvas, limb)
    arrows = phase.get("arrows", [])
    if not isinstance(arrows, list):
        raise PoseError(f"{where}.arrows: must be a list of arrows (got {arrows!r})")
    for i, arrow in enumerate(arrows):
        if not isinstance(arrow, dict):
            raise PoseError(f"{where}.arrows[{i}]: must be a table (got {arrow!r})")
        out += arrow_svg(canvas, arrow, figure.named, f"{where}.arrows[{i}]")
    out.append("</g>")
    return out


def render(drill: str, phases: list[Mapping[str, object]]) -> str:
    """The SVG text of one drill's strip: its phases side by side on one ground line."""
    if not 1 <= len(phases) <= 3:
        raise PoseError(f"poses.toml: {drill}: needs 1 to 3 phases (got {len(phases)})")
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{fmt(WIDTH)}" '
        f'height="{fmt(HEIGHT)}" viewBox="0 0 {fmt(WIDTH)} {fmt(HEIGHT)}">',
        '<g stroke-linecap="round" stroke-linejoin="round">',
        f'<line x1="{fmt(4)}" y1="{fmt(GROUND)}" x2="{fmt(WIDTH - 4)}" y2="{fmt(GROUND)}" '
        f'stroke="{GROUND_INK}" stroke-width="{fmt(1.4)}"/>',
    ]
    for i, phase in enumerate(phases):
        x = WIDTH * (i + 0.5) / len(phases)
        lines += phase_svg(phase, x, f"poses.toml: {drill}.phase[{i + 1}]")
    lines += ["</g>", "</svg>", ""]
    return "\n".join(lines)


def load(path: Path = POSES) -> dict[str, list[Mapping[str, object]]]:
    """Every drill's phases from the pose file, in the file's order."""
    with path.open("rb") as f:
        data = tomllib.load(f)
    drills: dict[str, list[Mapping[str, object]]] = {}
    for drill, table in data.items():
        if (
            not isinstance(table, dict)
            or set(table) != {"phase"}
            or not isinstance(table["phase"], list)
        ):
            raise PoseError(f"{path.name}: {drill}: must hold [[{drill}.phase]] tables only")
        drills[drill] = table["phase"]
    return drills


def write(out: Path, drills: Iterable[str] = (), poses: Path = POSES) -> list[Path]:
    """Write the SVG of the named drills (all if none) into `out`; returns the files written."""
    every = load(poses)
    names = sorted(drills) or sorted(every)
    missing = [name for name in names if name not in every]
    if missing:
        raise PoseError(
            f"{poses.name}: no poses for {missing[0]!r} (drills: {', '.join(sorted(every))})"
        )
    svgs = {name: render(name, every[name]) for name in names}
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in names:
        target = out / f"{name}.svg"
        target.write_bytes(svgs[name].encode("utf-8"))
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("drills", nargs="*", help="drill ids (default: every drill)")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the SVG files")
    parser.add_argument("--poses", type=Path, default=POSES, help="the pose file")
    args = parser.parse_args(argv)
    try:
        written = write(args.out, args.drills, args.poses)
    except PoseError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for path in written:
        print(path.name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
