"""Speed and load of `drillcards serve`, warm, over the built-in library.

    python benchmarks/serve.py                  # renders in one thread (the default), 30 runs
    python benchmarks/serve.py --compare        # also in 1 and in 2 worker processes
    python benchmarks/serve.py --runs 10

The server runs as a whole process over a copy of cards/ and templates/ taken when the benchmark
starts (so editing the checkout meanwhile changes nothing), in an empty folder, on a free port.
Once warm, it times a six-drill session sheet (targets: median at most 150 ms) and its preview,
page 1 as a PNG (at most 250 ms), each request from the client's side, one at a time, with the
CPU time the server and its workers spent on each. Then 20 downloads at once, each a different
session: all must be served (status 200), and the slowest tells how long the last in the queue
waited. Peak memory is each server process's VmHWM (the server and its workers), summed.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
SIX = [
    "ankle-drill",
    "stork-walk-flat",
    "pogo-jumps",
    "butt-kicks",
    "high-knees",
    "straight-leg-bounds",
]
EPOCH = "1780000000"


def session_query(minutes: int = 5) -> str:
    pairs = [
        ("title", "Tuesday track"),
        ("start", "18:30"),
        ("warmup", "Easy jog"),
        ("warmup_minutes", "10"),
    ]
    for number, drill in enumerate(SIX):
        pairs += [("drill", drill), ("minutes", str(minutes + number % 2))]
    pairs += [("cooldown", "Walk"), ("cooldown_minutes", "5")]
    return urlencode(pairs)


def copy_sources(into: Path) -> Path:
    """cards/, templates/, the built-in drills and their pictures, as they are now."""
    source = into / "src"
    source.mkdir()
    shutil.copytree(ROOT / "cards", source / "cards", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "templates", source / "templates")
    for name in ("drills.json", "drills.schema.json"):
        shutil.copy(ROOT / name, source / name)
    if (ROOT / "images").is_dir():
        shutil.copytree(ROOT / "images", source / "images")
    return source


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, source: Path, folder: Path, workers: int) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        code = (
            "from cards.commands.serve import serve; "
            f"serve(print, print, port={self.port}, workers={workers})"
        )
        env = {
            **os.environ,
            "PYTHONPATH": str(source),
            "SOURCE_DATE_EPOCH": EPOCH,
            "PYTHONPYCACHEPREFIX": str(folder / "pycache"),
        }
        self.process = subprocess.Popen(
            [sys.executable, "-c", code],
            cwd=folder,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 120
        while True:
            try:
                self.get("/static/serve.css")
                return
            except (urllib.error.URLError, ConnectionError):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(
                        "the server did not start: "
                        + self.process.stderr.read().decode(errors="replace")
                    ) from None
                time.sleep(0.2)

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=120) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as err:
            return err.code, err.read()

    def timed(self, path: str) -> float:
        start = time.perf_counter()
        status, _ = self.get(path)
        assert status == 200, (path, status)
        return time.perf_counter() - start

    def pids(self) -> list[int]:
        """The server and its children (the workers, started from any of its threads)."""
        found = [self.process.pid]
        for children in Path(f"/proc/{self.process.pid}/task").glob("*/children"):
            try:
                found += [int(p) for p in children.read_text().split()]
            except OSError:
                continue
        return found

    def cpu_seconds(self) -> float:
        """User and system time of the server and its children so far."""
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for pid in self.pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / ticks

    def peak_kib(self) -> tuple[int, int]:
        """VmHWM of the server and of each of its children, summed; and how many processes."""
        pids = self.pids()
        total = 0
        for pid in pids:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            total += next(
                int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")
            )
        return total, len(pids)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def measure(source: Path, workers: int, runs: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        server = Server(source, Path(folder), workers)
        try:
            sheet = f"/pdf/session.pdf?{session_query()}"
            preview = f"/preview/session.png?{session_query()}"
            for _ in range(5):  # warm: layouts compiled, fonts and QR codes cached in each worker
                server.timed(sheet)
                server.timed(preview)
            cpu = server.cpu_seconds()
            sheets = [server.timed(sheet) for _ in range(runs)]
            sheet_cpu = (server.cpu_seconds() - cpu) / runs
            previews = [server.timed(preview) for _ in range(runs)]
            paths = [f"/pdf/session.pdf?{session_query(minutes)}" for minutes in range(1, 21)]
            start, cpu = time.perf_counter(), server.cpu_seconds()
            with concurrent.futures.ThreadPoolExecutor(len(paths)) as pool:
                results = list(pool.map(_fetch(server), paths))
            burst = time.perf_counter() - start
            burst_cpu = server.cpu_seconds() - cpu
            peak_kib, processes = server.peak_kib()
        finally:
            server.stop()
    return {
        "workers": workers,
        "sheet": statistics.median(sheets),
        "preview": statistics.median(previews),
        "sheet_cpu": sheet_cpu,
        "burst_cpu": burst_cpu,
        "served": sum(s == 200 for s, _ in results),
        "burst": burst,
        "slowest": max(t for _, t in results),
        "peak_mb": peak_kib / 1024,
        "processes": processes,
    }


def _fetch(server: Server):
    def fetch(path: str) -> tuple[int, float]:
        start = time.perf_counter()
        status, _ = server.get(path)
        return status, time.perf_counter() - start

    return fetch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument(
        "--compare",
        action="store_true",
        help="also renders in 1 and in 2 worker processes (--workers)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        source = copy_sources(Path(scratch))
        rows = [
            measure(source, workers, args.runs) for workers in ((0, 1, 2) if args.compare else (0,))
        ]
    print(
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores; Python "
        f"{platform.python_version()}; {time.strftime('%d %B %Y')}"
    )
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n")
    print(
        "| renders in | session sheet, median ms | CPU ms each | its preview, median ms | "
        "20 at once: served | all done s | CPU s | slowest s | peak RSS MB (processes) |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        where = (
            "one thread of the server"
            if row["workers"] == 0
            else f"{row['workers']} worker process{'es' if row['workers'] > 1 else ''}"
        )
        print(
            f"| {where} | {row['sheet'] * 1000:.0f} | {row['sheet_cpu'] * 1000:.0f} | "
            f"{row['preview'] * 1000:.0f} | {row['served']}/20 | {row['burst']:.2f} | "
            f"{row['burst_cpu']:.2f} | {row['slowest']:.2f} | {row['peak_mb']:.0f} "
            f"({row['processes']}) |"
        )


if __name__ == "__main__":
    main()
