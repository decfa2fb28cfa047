"""Renders for the server, through a bounded pool: one render thread by default, or worker
processes.

Measured with benchmarks/serve.py on a shared 2-core machine, one thread beat two processes on
every count: a six-drill session sheet took 34 ms of CPU against 56 ms (a worker unpickles the
library for each render, and the caches keyed by it start cold), 20 downloads at once took
0.86 s against 3.2 s, and the server peaked at 104 MB against 281 MB. Renders in the one thread
run one after another, so reportlab's process-wide caches are never used by two at once. Worker
processes (`workers=N`) keep a layout's time limit (render.sandbox's SIGALRM reaches a main
thread only; in the thread, only the size limits hold) and use more cores where they are idle.
At most MAX_PENDING renders wait or run at once; more are told to come back (503), so memory
stays bounded however many requests arrive.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import multiprocessing
import signal
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

from ..data.model import Library, Session
from ..options import Options
from ..products.deck import render_cards
from ..products.handout import render_handout
from ..products.preview import thumbnail
from ..products.session import render_session
from ..products.sheet import render_sheet

MAX_PENDING = 64  # renders waiting or running at once
PREVIEW_WIDTH = 600  # pixels: page 1 of a session, large enough to read its headings
THUMB_WIDTH = 240  # pixels: a drill sheet in the catalogue, as the static site's
PICTURE_WIDTH = 480  # pixels: a drill's picture, across a catalogue entry on a sharp screen


class Busy(Exception):
    """More renders are waiting than the pool takes; the client should try again shortly."""


def sheet_pdf(library: Library, options: Options, drill_id: str) -> bytes:
    return render_sheet(library, options, drill_id).pdf


def cards_pdf(library: Library, options: Options, ids: tuple[str, ...]) -> bytes:
    return render_cards(library, options, ids).pdf


def session_pdf(library: Library, options: Options, session: Session, day: dt.date | None) -> bytes:
    return render_session(library, options, session, day).pdf


def handout_pdf(
    library: Library,
    options: Options,
    session_ids: tuple[str, ...],
    drill_ids: tuple[str, ...],
    title: str | None,
) -> bytes:
    return render_handout(library, options, session_ids, drill_ids, title=title).pdf


def picture_pdf(picture: object, width: int) -> bytes:
    """A drill's picture alone on a page (issue 18's render.pictures), for its PNG."""
    from ..render.pictures import picture_pdf as alone

    return alone(picture, width)


def png(width: int, make: Callable[..., bytes], *args: Any) -> bytes:
    """Page 1 of what `make` renders, as a PNG `width` pixels wide."""
    return thumbnail(make(*args), 0, width)


def _ready() -> None:
    """A worker's start: Ctrl-C is the server's to handle; the renderers are imported now."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _nothing() -> int:
    return 0


class RenderPool:
    """`await pool.run(job, *args)`: the job in a worker, or Busy when too many wait."""

    def __init__(self, workers: int = 0) -> None:
        # 0: one render thread; processes are spawned, as the server runs threads (the
        # watchers, the event loop's) and forking a process with threads can copy a held lock
        self._executor: Executor = (
            ProcessPoolExecutor(
                workers, mp_context=multiprocessing.get_context("spawn"), initializer=_ready
            )
            if workers > 0
            else ThreadPoolExecutor(1)
        )
        self.workers = workers
        self._pending = 0
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start every worker now, so the first request does not wait for one."""
        for future in [self._executor.submit(_nothing) for _ in range(max(self.workers, 1))]:
            future.result()

    def submit(self, job: Callable[..., bytes], *args: Any) -> Future:
        with self._lock:
            if self._pending >= MAX_PENDING:
                raise Busy
            self._pending += 1
        future = self._executor.submit(job, *args)
        future.add_done_callback(self._done)
        return future

    def _done(self, future: Future) -> None:
        with self._lock:
            self._pending -= 1

    async def run(self, job: Callable[..., bytes], *args: Any) -> bytes:
        return await asyncio.wrap_future(self.submit(job, *args))

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
