"""Time reading a drill library kept as a spreadsheet against the same library as JSON.

    python benchmarks/read.py [--drills 1000] [--runs 7]

Writes the synthetic library of N drills (benchmarks/synthetic.py) as drills.json, and with
`export_library` as drills.xlsx and (its drills alone) drills.csv, then times `load_library` on
each in this process, alternating the files run by run so that a busy moment on a shared machine
falls on all of them. Prints the median seconds and each file's ratio to the JSON file read in
the same run: only ratios measured side by side hold on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from synthetic import make_library  # noqa: E402

from cards.data.library import load_library  # noqa: E402
from cards.data.spreadsheet import export_library  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drills", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    document = make_library(args.drills)
    with tempfile.TemporaryDirectory() as folder:
        files = {
            "JSON": Path(folder) / "drills.json",
            "xlsx": Path(folder) / "drills.xlsx",
            "csv (drills only)": Path(folder) / "drills.csv",
            "JSON (drills only)": Path(folder) / "drills-only.json",
        }
        files["JSON"].write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        drills = {"drills": document["drills"]}
        files["JSON (drills only)"].write_text(
            json.dumps(drills, ensure_ascii=False), encoding="utf-8"
        )
        started = time.perf_counter()
        export_library(document, files["xlsx"])
        export_seconds = time.perf_counter() - started
        export_library(drills, files["csv (drills only)"])
        libraries = {kind: load_library(path) for kind, path in files.items()}  # warm-up
        assert libraries["xlsx"].drills == libraries["JSON"].drills
        assert libraries["xlsx"].sessions == libraries["JSON"].sessions
        assert libraries["csv (drills only)"].drills == libraries["JSON"].drills
        times: dict[str, list[float]] = {kind: [] for kind in files}
        for _ in range(args.runs):
            for kind, path in files.items():
                started = time.perf_counter()
                load_library(path)
                times[kind].append(time.perf_counter() - started)
        sizes = {kind: path.stat().st_size for kind, path in files.items()}
    median = {kind: statistics.median(values) for kind, values in times.items()}
    base = {
        "JSON": "JSON",
        "xlsx": "JSON",
        "csv (drills only)": "JSON (drills only)",
        "JSON (drills only)": "JSON (drills only)",
    }
    print(
        f"load_library on {args.drills} drills and {len(document['sessions'])} sessions, "
        f"median of {args.runs} runs; Python {sys.version.split()[0]}"
    )
    print()
    print("| file | median s | × JSON | size KB |")
    print("| --- | ---: | ---: | ---: |")
    for kind in files:
        print(
            f"| {kind} | {median[kind]:.3f} | {median[kind] / median[base[kind]]:.2f} | "
            f"{sizes[kind] / 1000:,.0f} |"
        )
    print()
    print(f"export_library to .xlsx: {export_seconds:.2f} s")


if __name__ == "__main__":
    main()
