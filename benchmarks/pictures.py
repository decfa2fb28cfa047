"""Cards of a library whose drills show pictures, timed against the floor in the same run.

    python benchmarks/pictures.py [--drills 1000] [--pictures 100] [--runs 3] [--output FILE]

The synthetic library of N drills (synthetic.py) is given P distinct pictures, a third each PNG,
JPEG and SVG, drill i showing picture i mod P: PNG line drawings of 1200 × 545 pixels with
transparency, JPEG photos of 1600 × 1200 (noisy, so they compress as photos do), and SVG
figures made from the built-in drills' (each in its own accent colour, so each is distinct).
Each run, in a fresh folder, times as whole processes: the floor, `cards` of the library
without pictures, and `cards` with them; prints the median time, its ratio to the floor's time
in the same run, CPU time, peak RSS and the PDF's size, and checks that every distinct picture
is embedded once.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter
from run import CLI, EPOCH, FLOOR, Failed, Sample, git_state, load, machine, snapshot, timed
from synthetic import write_library

HERE = Path(__file__).resolve().parent
FIGURES = HERE.parent / "images"
SEED = 18


def _png(rng: random.Random, path: Path) -> None:
    """A line drawing: strokes and dots in a few colours on a transparent ground."""
    image = Image.new("RGBA", (1200, 545), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    colours = [(31, 35, 40, 255), (11, 110, 79, 255), (164, 169, 174, 255)]
    for _ in range(40):
        x0, y0 = rng.randrange(1200), rng.randrange(545)
        x1, y1 = x0 + rng.randrange(-200, 200), y0 + rng.randrange(-150, 150)
        draw.line((x0, y0, x1, y1), fill=rng.choice(colours), width=rng.randrange(6, 18))
    for _ in range(8):
        x, y, r = rng.randrange(1200), rng.randrange(545), rng.randrange(10, 40)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=rng.choice(colours))
    image.save(path, optimize=False)


def _jpeg(rng: random.Random, path: Path) -> None:
    """A photo-like picture: soft shapes with grain, 1600 × 1200, as a phone saves it."""
    small = Image.new("RGB", (40, 30))
    small.putdata([tuple(rng.randrange(40, 220) for _ in range(3)) for _ in range(40 * 30)])
    image = small.resize((1600, 1200), Image.Resampling.BICUBIC)
    grain = Image.effect_noise((1600, 1200), 24).convert("RGB")
    image = Image.blend(image, grain, 0.15).filter(ImageFilter.SMOOTH)
    image.save(path, "JPEG", quality=85)


def _svg(rng: random.Random, figure: Path, path: Path) -> None:
    colour = f"#{rng.randrange(0x1000000):06x}"
    path.write_text(figure.read_text(encoding="utf-8").replace("#0b6e4f", colour), encoding="utf-8")


def add_pictures(library: Path, count: int) -> Path:
    """Write `count` distinct pictures beside the library and give drill i picture i mod count;
    the same files every time."""
    rng = random.Random(SEED)
    folder = library.parent / "pictures"
    folder.mkdir(exist_ok=True)
    figures = sorted(FIGURES.glob("*.svg"))
    names = []
    for index in range(count):
        kind = ("png", "jpg", "svg")[index % 3]
        path = folder / f"picture-{index:03d}.{kind}"
        if kind == "png":
            _png(rng, path)
        elif kind == "jpg":
            _jpeg(rng, path)
        else:
            _svg(rng, figures[index % len(figures)], path)
        names.append(path.relative_to(library.parent).as_posix())
    document = json.loads(library.read_text(encoding="utf-8"))
    for index, drill in enumerate(document["drills"]):
        drill["image"] = names[index % count]
    out = library.with_name("drills-pictured.json")
    out.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return out


def embedded(pdf: Path) -> tuple[int, int]:
    """(image XObjects, picture forms) in the PDF, each counted once."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    seen: dict[int, object] = {}

    def walk(resources) -> None:
        for name, ref in (resources or {}).get("/XObject", {}).items():
            if ref.idnum not in seen:
                seen[ref.idnum] = (name, ref.get_object())
                walk(ref.get_object().get("/Resources"))

    for page in reader.pages:
        walk(page.get("/Resources"))
    masks = {obj.raw_get("/SMask").idnum for _, obj in seen.values() if "/SMask" in obj}
    images = sum(
        1 for idnum, (_, obj) in seen.items() if obj["/Subtype"] == "/Image" and idnum not in masks
    )
    forms = sum(
        1
        for name, obj in seen.values()
        if obj["/Subtype"] == "/Form" and re.search(r"pic-[0-9a-f]+(-\d+x\d+)?$", name)
    )
    return images, forms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drills", type=int, default=1000)
    parser.add_argument("--pictures", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--output", type=Path)
    parser.add_argument("--timeout", type=float, default=1800)
    args = parser.parse_args()
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or EPOCH
    start_load = load()
    with tempfile.TemporaryDirectory(prefix="drillcards-pictures-") as tmp:
        root = Path(tmp)
        code, git = snapshot(root / "code"), git_state()
        shutil.copytree(HERE.parent / "images", code / "images")
        paths = [str(code), *filter(None, [os.environ.get("PYTHONPATH")])]
        env = {
            **os.environ,
            "SOURCE_DATE_EPOCH": epoch,
            "PYTHONPATH": os.pathsep.join(paths),
            "PYTHONPYCACHEPREFIX": str(root / "pycache"),
        }
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        header = machine(env, code, git)
        (root / "library").mkdir()
        add_pictures(write_library(args.drills, root / "library" / "drills.json"), args.pictures)
        kinds = {
            kind: sum(
                1 for p in (root / "library" / "pictures").iterdir() if p.suffix == f".{kind}"
            )
            for kind in ("png", "jpg", "svg")
        }
        sizes = sum(p.stat().st_size for p in (root / "library" / "pictures").iterdir())
        steps = [
            ("floor", [*FLOOR, "drills.json", "floor.pdf"], "floor.pdf"),
            ("cards", [*CLI, "cards", "--drills", "drills.json", "-o", "plain.pdf"], "plain.pdf"),
            (
                "pictures",
                [*CLI, "cards", "--drills", "drills-pictured.json", "-o", "pictured.pdf"],
                "pictured.pdf",
            ),
        ]
        results: dict[str, list[Sample]] = {name: [] for name, _, _ in steps}
        print("warm-up (not timed)", file=sys.stderr)
        timed(steps[2][1], root / "library", env, args.timeout)
        for run in range(args.runs):
            for name, argv, output in steps:
                try:
                    sample = timed(argv, root / "library", env, args.timeout)
                except Failed as err:
                    sys.exit(f"{name}: {err}")
                sample.size = (root / "library" / output).stat().st_size
                results[name].append(sample)
                print(f"  run {run + 1}: {name} {sample.seconds:.2f} s", file=sys.stderr)
        images, forms = embedded(root / "library" / "pictured.pdf")
    floors = [s.seconds for s in results["floor"]]
    lines = [
        f"# drillcards cards with pictures: {args.drills} drills, {args.pictures} "
        f"distinct pictures ({kinds['png']} PNG, {kinds['jpg']} JPEG, {kinds['svg']} SVG, "
        f"{sizes / 1e6:.1f} MB)",
        "",
        *header,
        f"- {args.runs} run(s); load average at start {start_load}, at end {load()}",
        "",
        "| command | median s | × floor | CPU s | peak RSS MB | output KB |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    labels = {
        "floor": "floor (benchmarks/floor.py, no pictures)",
        "cards": "`cards`, no pictures",
        "pictures": "`cards` with pictures",
    }
    for name, samples in results.items():
        ratio = statistics.median(s.seconds / f for s, f in zip(samples, floors, strict=True))
        lines.append(
            f"| {labels[name]} | {statistics.median(s.seconds for s in samples):.2f} | "
            f"{ratio:.2f} | {statistics.median(s.cpu for s in samples):.2f} | "
            f"{max(s.rss_kib for s in samples) / 1024:.0f} | "
            f"{samples[-1].size / 1024:,.0f} |"
        )
    lines += [
        "",
        f"Embedded in the PDF with pictures: {images} image XObjects (the PNGs and "
        f"JPEGs) and {forms} picture forms, for {args.pictures} distinct pictures.",
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    if args.output:
        args.output.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
