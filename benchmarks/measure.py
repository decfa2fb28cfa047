"""Run one command; write its exit status, wall time, CPU time and peak RSS to a JSON file.

    python benchmarks/measure.py RESULT.json COMMAND [ARG]...

run.py starts every timed command through this small process because a child's peak RSS
(ru_maxrss) starts at its parent's: run.py, holding a library of 1000 drills, would inflate it.
"""

import json
import os
import subprocess
import sys
import time


def main() -> None:
    result, argv = sys.argv[1], sys.argv[2:]
    start = time.perf_counter()
    proc = subprocess.Popen(argv)
    _, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage, its workers included
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    with open(result, "w", encoding="utf-8") as out:
        json.dump(
            {
                "exit": proc.returncode,
                "seconds": seconds,
                "cpu": usage.ru_utime + usage.ru_stime,
                "rss_kib": usage.ru_maxrss,
            },
            out,
        )


if __name__ == "__main__":
    main()
