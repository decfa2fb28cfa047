"""Run independent jobs on every core: forked worker processes, results in the jobs' order.

Workers are forked, so they start with the library, layouts and fonts the parent has loaded, and
only a job's name and its result (PDF bytes) cross between processes. Ctrl-C is the parent's
alone: workers ignore it, and leaving the pool stops them at once.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from typing import Any

_WORK: Callable[[Any], Any] | None = None  # what each job runs; set before the workers fork


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run_jobs(
    work: Callable[[Any], Any],
    jobs: Sequence[Any],
    workers: int,
    done: Callable[[Any], None] = lambda result: None,
) -> list[Any]:
    """work(job) for every job, in up to `workers` processes; `done` is called with each
    result as it arrives. Without fork (or with one worker) the jobs run here, in order."""
    workers = min(workers, len(jobs))
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        results = []
        for job in jobs:
            results.append(work(job))
            done(results[-1])
        return results
    global _WORK
    _WORK = work
    results: list[Any] = [None] * len(jobs)
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=_ignore_ctrl_c) as pool:
            for index, result in pool.imap_unordered(_run_one, enumerate(jobs)):
                results[index] = result
                done(result)
    finally:
        _WORK = None
    return results


def _ignore_ctrl_c() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run_one(indexed: tuple[int, Any]) -> tuple[int, Any]:
    index, job = indexed
    assert _WORK is not None
    return index, _WORK(job)
