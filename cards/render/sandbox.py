"""Jinja for layouts shared between clubs: sandboxed, strict, and bounded in time and size.

jinja2's ImmutableSandboxedEnvironment keeps a template away from Python's internals and from
files outside the layout folders, but it will run `{% for a in range(99999) %}{% for b in
range(99999) %}` for hours and build `'a' * 10**10` until memory runs out. This adds the bounds.
"""

from __future__ import annotations

import os
import posixpath
import re
import signal
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import wraps
from operator import index
from pathlib import Path

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from ..data.textlength import clip
from ..data.validation import decode_text, read_capped
from ..errors import LayoutError

MAX_TEXT = 100_000  # characters one block may produce, and the longest string it may build
TIME_LIMIT = 5.0  # seconds one block may take to render
TEMPLATE_MAX_BYTES = 1_000_000  # a layout's Jinja file is a few hundred lines
_STRING_GROWERS = {"ljust", "rjust", "center", "zfill", "expandtabs"}
# Python, which runs what Jinja compiles a template into, allows 20 nested loops
TOO_DEEP = "nests {% if %}, {% for %} or brackets too deeply; keep them fewer than 20 deep"


class LayoutTimeout(Exception):
    """A block ran past TIME_LIMIT."""


class LimitedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, refusing operations that would build enormous values."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, **options: object) -> None:
        super().__init__(**options)
        self.filters = {name: _guarded(name, f) for name, f in self.filters.items()}

    def call_binop(self, context, operator, left, right):
        if operator == "**" and _is_int(right) and abs(right) > 64:
            raise SecurityError(f"a power of {right} is too large for a layout")
        if operator == "*":
            for sized, times in ((left, right), (right, left)):
                if (
                    isinstance(sized, str | list | tuple)
                    and _is_int(times)
                    and len(sized) * times > MAX_TEXT
                ):
                    raise SecurityError(
                        f"repeating text {times} times makes it longer than {MAX_TEXT:,} characters"
                    )
        if operator == "%" and isinstance(left, str):
            _check_format(left, right if isinstance(right, tuple) else (right,))
        return super().call_binop(context, operator, left, right)

    def call(self, context, obj, *args, **kwargs):
        method = getattr(obj, "__wrapped__", obj)  # the sandbox wraps str.format
        name = getattr(method, "__name__", "")
        if isinstance(getattr(method, "__self__", None), str):
            if name in _STRING_GROWERS and _has_huge_int((*args, *kwargs.values())):
                raise SecurityError(f"{name}() would make text longer than {MAX_TEXT:,} characters")
            if name in ("format", "format_map"):
                _check_format(method.__self__, ())
        return super().call(context, obj, *args, **kwargs)


_HUGE_FIELD = re.compile(
    r"%[-#0 +]*(?:\d{6,}|\*)"  # %999999s, %*s
    r"|%[-#0 +]*\d*\.(?:\d{6,}|\*)"  # %.999999f, %.*f
    r"|\{[^{}]*:[^{}]*\d{6,}"  # {:>999999}
)


def _check_format(fmt: str, args: tuple) -> None:
    """Refuse '%999999999s', '{:>999999999}' and '%*s' with a huge width."""
    match = _HUGE_FIELD.search(fmt)
    if match and ("*" not in match.group() or _has_huge_int(args)):
        raise SecurityError(f"the format {match.group()!r} makes text too long for a layout")


def _has_huge_int(values: Iterable[object]) -> bool:
    return any(_is_int(v) and abs(v) > MAX_TEXT for v in values)


def _guarded(name: str, func):
    """A filter that refuses huge counts or widths (center(10**9), batch(10**9), …)."""

    @wraps(func)
    def guard(*args, **kwargs):
        values = (*args, *kwargs.values())
        if _has_huge_int(values):
            raise SecurityError(f"the filter {name} was given a number above {MAX_TEXT:,}")
        if name == "format" and args and isinstance(args[-1 if len(args) == 1 else 0], str):
            text = next((a for a in args if isinstance(a, str)), "")
            _check_format(text, tuple(a for a in args if a is not text))
        return func(*args, **kwargs)

    return guard


def _is_int(value: object) -> bool:
    try:
        index(value)
    except TypeError:
        return False
    return True


class _CappedLoader(jinja2.FileSystemLoader):
    """Jinja files found as FileSystemLoader finds them, read as every user file is: a plain
    file, capped while it is read (a shared layout's 5 GB card.j2 is refused, not loaded)."""

    def get_source(self, environment, template):
        pieces = jinja2.loaders.split_template_path(template)
        for folder in self.searchpath:
            filename = posixpath.join(folder, *pieces)  # as Jinja: no drive or UNC escapes
            if os.path.isfile(filename):
                raw = read_capped(filename, TEMPLATE_MAX_BYTES, what="a layout", error=LayoutError)
                text = decode_text(raw, filename, LayoutError)
                mtime = os.path.getmtime(filename)

                def uptodate(filename=filename, mtime=mtime) -> bool:
                    try:
                        return os.path.getmtime(filename) == mtime
                    except OSError:
                        return False

                text = text.replace("\r\n", "\n").replace("\r", "\n")  # as open() would
                return text, os.path.normpath(filename), uptodate
        return super().get_source(environment, template)  # not found: Jinja's own error


def environment(search: list[Path]) -> LimitedSandbox:
    """Autoescaped (drill text prints literally), strict about undefined names, bounded."""
    env = LimitedSandbox(
        loader=_CappedLoader([str(p) for p in search]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["clip"] = _guarded("clip", clip)  # {{ host | clip(18) }}: cut by printed length
    return env


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """SIGALRM-based: only the main thread can take signals; elsewhere the size cap still holds."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return

    def expire(signum, frame):
        raise LayoutTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def collect(chunks: Iterable[str], limit: int = MAX_TEXT) -> str:
    """Join a block's output, stopping it at `limit` characters or TIME_LIMIT seconds; running
    out of stack or memory (a macro calling itself, a template included too deep) is an error in
    the layout too, never a traceback."""
    parts, size = [], 0
    with _time_limit(TIME_LIMIT):
        try:
            for chunk in chunks:
                size += len(chunk)
                if size > limit:
                    raise SecurityError(f"the block writes more than {limit:,} characters")
                parts.append(chunk)
        except SyntaxError as err:  # Python compiling an included template
            raise SecurityError(
                f"{Path(err.filename or 'an included template').name} "
                f"{TOO_DEEP} ({type(err).__name__})"
            ) from err
        except (RecursionError, MemoryError) as err:
            raise SecurityError(
                f"the layout asks for too much ({type(err).__name__}); look for "
                "a macro that calls itself or blocks nested too deep"
            ) from err
    return "".join(parts)
