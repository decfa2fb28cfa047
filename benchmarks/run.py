"""Time every drillcards product against the floor, as whole processes, on synthetic libraries.

    python benchmarks/run.py [--sizes 10,100,1000] [--runs 3] [--output FILE] [--quick]

For each size N: a synthetic library of N drills (benchmarks/synthetic.py), then per run, in a
fresh folder: the floor (benchmarks/floor.py), `cards`, `sheet` for one drill and for all,
`session`, `bundle --all --cards`, `build` in one process and on every core, `build --lang en,de`
(each language a whole build), and `build` again into the same folder after one cue changed;
all with a copy of cards/ and templates/ taken at the start, so edits to the checkout during a
long run do not leak in. Prints a Markdown table: median wall time, its ratio to the floor's
time in the same run, CPU time, peak RSS of the process and output size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from synthetic import write_library

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CLI = [sys.executable, "-c", "from cards.cli import main; main()"]
FLOOR = [sys.executable, str(HERE / "floor.py")]
MEASURE = [sys.executable, str(HERE / "measure.py")]
EPOCH = "1764028800"  # 2025-11-25 00:00 UTC, unless SOURCE_DATE_EPOCH is set
PACKAGES = ("reportlab", "segno", "pypdf", "jinja2")


class Failed(Exception):
    """A command exited non-zero or ran out of time; the row says so and the run goes on."""


@dataclass
class Sample:
    seconds: float  # wall time
    cpu: float  # user + system time of the process and the workers it waited for
    rss_kib: int  # peak resident set of the process
    size: int = 0  # bytes written


def timed(argv: list[str], cwd: Path, env: dict, timeout: float) -> Sample:
    """Run one process through measure.py, which times it and reads its own rusage."""
    log, result = cwd / "log.txt", cwd / "measure.json"
    result.unlink(missing_ok=True)
    with log.open("ab") as out:
        out.write(f"$ {' '.join(argv[1:])}\n".encode())
        out.flush()
        proc = subprocess.Popen(
            [*MEASURE, str(result), *argv],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=out,
            start_new_session=True,
        )
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the command and any workers it started
        proc.wait()
        raise Failed(f"timeout after {timeout:.0f} s") from None
    measured = json.loads(result.read_text(encoding="utf-8")) if result.exists() else {}
    if measured.get("exit") != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-5:]
        print("\n".join(f"    {line}" for line in tail), file=sys.stderr)
        raise Failed(f"failed, exit {measured.get('exit', proc.returncode)}")
    return Sample(measured["seconds"], measured["cpu"], measured["rss_kib"])


def size_of(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size


def edit_one_cue(drills: Path) -> None:
    """Change the first cue of the middle drill, as a coach fixing a typo would."""
    library = json.loads(drills.read_text(encoding="utf-8"))
    drill = library["drills"][len(library["drills"]) // 2]
    drill["cues"][0] = "Stay tall and relaxed (edited)"
    drills.write_text(json.dumps(library, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def one_run(folder: Path, library: Path, env: dict, timeout: float) -> dict[str, Sample | str]:
    """Every command once in a fresh folder; a failed command gives its message instead."""
    folder.mkdir()
    shutil.copyfile(library, folder / "drills.json")
    doc = json.loads(library.read_text(encoding="utf-8"))
    first = doc["drills"][0]["id"]
    drills = ["--drills", "drills.json"]
    steps = [
        ("floor", [[*FLOOR, "drills.json", "floor.pdf"]], "floor.pdf"),
        ("cards", [[*CLI, "cards", *drills, "-o", "cards.pdf"]], "cards.pdf"),
        ("sheet", [[*CLI, "sheet", first, *drills, "-o", "sheet.pdf"]], "sheet.pdf"),
        ("sheets", [[*CLI, "sheet", "--all", *drills]], "out/sheets"),
        (
            "session",
            [[*CLI, "session", doc["sessions"][0]["id"], *drills, "-o", "session.pdf"]],
            "session.pdf",
        ),
        (
            "bundle",
            [[*CLI, "bundle", "--all", "--cards", *drills, "-o", "handout.pdf"]],
            "handout.pdf",
        ),
        ("build1", [[*CLI, "build", *drills, "--out", "build1", "--jobs", "1"]], "build1"),
        ("build", [[*CLI, "build", *drills, "--out", "build"]], "build"),
        (
            "languages",
            [[*CLI, "build", *drills, "--lang", "en,de", "--out", "languages"]],
            "languages",
        ),
        ("rebuild", [[*CLI, "build", *drills, "--out", "build"]], "build"),
    ]
    results: dict[str, Sample | str] = {}
    for name, commands, output in steps:
        if name == "rebuild":
            edit_one_cue(folder / "drills.json")
        try:
            samples = [timed(argv, folder, env, timeout) for argv in commands]
        except Failed as err:
            results[name] = str(err)
            print(f"  {name}: {err}", file=sys.stderr)
            continue
        results[name] = Sample(
            sum(s.seconds for s in samples),
            sum(s.cpu for s in samples),
            max(s.rss_kib for s in samples),
            size_of(folder / output),
        )
        print(f"  {name}: {results[name].seconds:.2f} s", file=sys.stderr)
    return results


@dataclass
class Row:
    n: int
    command: str
    samples: list[Sample]  # one per run
    floors: list[float]  # the floor's time in the same runs
    note: str = ""
    failure: str = ""

    def cells(self) -> list[str]:
        if self.failure:
            return [str(self.n), self.command, self.failure, "", "", "", "", self.note]
        median = statistics.median(s.seconds for s in self.samples)
        ratio = statistics.median(
            s.seconds / f for s, f in zip(self.samples, self.floors, strict=True)
        )
        cpu = statistics.median(s.cpu for s in self.samples)
        rss = max(s.rss_kib for s in self.samples) / 1024
        return [
            str(self.n),
            self.command,
            f"{median:.2f}",
            f"{ratio:.2f}",
            f"{cpu:.2f}",
            f"{rss:.0f}",
            f"{self.samples[-1].size / 1024:,.0f}",
            self.note,
        ]


def rows_for(n: int, runs: list[dict[str, Sample | str]]) -> list[Row]:
    """Table rows of one size: a command's samples over the runs, the floor's beside them."""
    floors = [
        run["floor"].seconds if isinstance(run["floor"], Sample) else float("nan") for run in runs
    ]
    labels = {
        "floor": ("floor (benchmarks/floor.py)", ""),
        "cards": ("cards", ""),
        "sheet": ("sheet ID (one drill)", ""),
        "sheets": ("sheet --all", f"{n} drill sheets in one process"),
        "session": ("session ID", ""),
        "bundle": ("bundle --all --cards", ""),
        "build1": ("build --jobs 1", "one process"),
        "build": ("build", "a worker per core"),
        "languages": ("build --lang en,de", "two languages, each a whole build"),
        "rebuild": ("build again, one cue edited", ""),
    }
    rows = []
    for key, (command, note) in labels.items():
        results = [run[key] for run in runs]
        failure = next(
            (
                f"{r} (run {i} of {len(runs)})"
                for i, r in enumerate(results, 1)
                if isinstance(r, str)
            ),
            "",
        )
        samples = [] if failure else results
        if key == "rebuild" and not failure and all(isinstance(r["build"], Sample) for r in runs):
            vs_build = statistics.median(r["rebuild"].seconds / r["build"].seconds for r in runs)
            note = f"{vs_build:.2f} × the full build"
        if key == "languages" and not failure and all(isinstance(r["build"], Sample) for r in runs):
            vs_build = statistics.median(r["languages"].seconds / r["build"].seconds for r in runs)
            note = f"two languages: {vs_build:.2f} × the one-language build"
        rows.append(Row(n, command, samples, floors, note, failure))
    return rows


def snapshot(dest: Path) -> Path:
    """A copy of the code under test as it is now: the checkout may change during a long run."""
    for name in ("cards", "templates"):
        shutil.copytree(REPO / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("drills.json", "drills.schema.json"):
        shutil.copy2(REPO / name, dest / name)
    return dest


def fingerprint(code: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted([*(code / "cards").rglob("*"), *(code / "templates").rglob("*")]):
        if path.is_file():
            digest.update(path.relative_to(code).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def git_state() -> str:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "cards", "templates"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return "not a git checkout"
    return f"git {commit}" + (" with uncommitted changes to cards/ or templates/" if dirty else "")


def machine(env: dict, code: Path, git: str) -> list[str]:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    probe = "import cards; print(cards.__version__); print(cards.__file__)"
    version, where = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=code.parent,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")[:2]
    if not Path(where).resolve().is_relative_to(code.resolve()):
        sys.exit("the copy of cards/ is not the one imported; is drillcards installed elsewhere?")
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in PACKAGES)
    return [
        f"- machine: {platform.platform()}, {cpu}, {os.cpu_count()} cores",
        f"- Python {platform.python_version()}; {versions}; drillcards {version}",
        f"- code under test: cards/ and templates/ copied at the start ({git}; fingerprint "
        f"{fingerprint(code)}), so edits to the checkout while this runs do not leak in",
    ]


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def table(
    sizes: list[int],
    rows: list[Row],
    runs: int,
    epoch: str,
    header: list[str],
    loads: tuple[str, str],
) -> str:
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"# drillcards benchmark, {when}",
        "",
        *header,
        f"- sizes {', '.join(map(str, sizes))}; {runs} run(s) each; every command is a whole "
        f"process (interpreter start included); SOURCE_DATE_EPOCH={epoch}",
        f"- load average at start {loads[0]}, at end {loads[1]}",
        "",
        "| N | command | median s | × floor | CPU s | peak RSS MB | output KB | note |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    lines += ["| " + " | ".join(row.cells()) + " |" for row in rows]
    lines += [
        "",
        "× floor: the median over the runs of the command's time divided by the "
        "floor's time in the same run. CPU s: user + system time, worker processes "
        "included. Peak RSS: the largest single process over the runs (of a build's "
        "worker processes, the largest, not their sum).",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", help="library sizes, comma-separated (default 10,100,1000)")
    parser.add_argument("--runs", type=int, help="runs per size; the median counts (default 3)")
    parser.add_argument("--output", type=Path, help="also write the table to this file")
    parser.add_argument("--quick", action="store_true", help="smoke run: sizes 10,100, 1 run")
    parser.add_argument(
        "--timeout",
        type=float,
        default=1800,
        help="seconds before one process is stopped (default 1800)",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in (args.sizes or ("10,100" if args.quick else "10,100,1000")).split(",")]
    runs = args.runs or (1 if args.quick else 3)
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or EPOCH
    start_load = load()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="drillcards-bench-") as tmp:
        root = Path(tmp)
        code, git = snapshot(root / "code"), git_state()
        # the snapshot comes before the editable install on sys.path; bytecode is cached
        # outside the checkout, so imports are warm as in an installed package
        paths = [str(code), *filter(None, [os.environ.get("PYTHONPATH")])]
        env = {
            **os.environ,
            "SOURCE_DATE_EPOCH": epoch,
            "PYTHONPATH": os.pathsep.join(paths),
            "PYTHONPYCACHEPREFIX": str(root / "pycache"),
        }
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        header = machine(env, code, git)
        print("warm-up (not timed): bytecode and the disk cache", file=sys.stderr)
        one_run(root / "warm-up", write_library(10, root / "warm-up.json"), env, args.timeout)
        shutil.rmtree(root / "warm-up")
        for n in sizes:
            library = write_library(n, root / f"drills-{n}.json")
            results = []
            for run in range(runs):
                print(f"N={n}, run {run + 1} of {runs}", file=sys.stderr)
                folder = root / f"n{n}-run{run + 1}"
                results.append(one_run(folder, library, env, args.timeout))
                shutil.rmtree(folder)
            rows += rows_for(n, results)
    report = table(sizes, rows, runs, epoch, header, (start_load, load()))
    print(report)
    if args.output:
        args.output.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
