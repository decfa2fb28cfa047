"""The validation kit every reader of a user's file shares, so each file is refused in the same
words: reading it safely (a regular file, capped while read), decoding it, suggesting what was
meant, refusing text that would print other than written and links that hide their host, and
one message listing every problem of a file at once."""

from __future__ import annotations

import contextlib
import difflib
import os
import re
import stat
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import SplitResult, urlsplit

from ..errors import DrillcardsError
from . import inputs
from .quoting import quoted

_READ_CHUNK = 1 << 20
_LISTED_FILES = 2000  # a folder's files compared with a missing file's name, at most
# Opening a FIFO for reading blocks until a writer comes, unless it is opened non-blocking; a
# terminal must not become the process's controlling terminal. Neither flag exists on Windows.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


class FileRefused(DrillcardsError):
    """A user's file that cannot be read as one: missing, not a regular file, too large or
    unreadable. `problem` says why, without the file's name, to be put in another sentence."""

    def __init__(self, message: str, problem: str = "", missing: bool = False) -> None:
        super().__init__(message)
        self.problem = problem or message
        self.missing = missing

    def __reduce__(self):
        return type(self), (self.args[0], self.problem, self.missing)


def read_capped(
    path: str | Path,
    cap: int,
    *,
    name: str | None = None,
    what: str = "a file",
    error: type[DrillcardsError] = FileRefused,
    missing_hint: str = "",
    folder_hint: str = "",
    large_hint: str = "Is this the right file?",
) -> bytes:
    """The bytes of a regular file of at most `cap` bytes; anything else raises `error` as
    "NAME: problem". Devices, pipes and sockets are refused before a byte is read (a FIFO is
    opened non-blocking and never waited on), and the cap holds while reading, whatever the file
    system says its size is, so /dev/zero or a growing file cannot fill the memory.

    `what` names the expected file ("a club file"); `missing_hint`, `folder_hint` and
    `large_hint` end the message for a missing file, a folder and a file over the cap."""
    path = Path(path)
    name = str(path) if name is None else name

    def refuse(problem: str, missing: bool = False) -> DrillcardsError:
        message = f"{name}: {problem}"
        if error is FileRefused:
            return FileRefused(message, problem, missing)
        return error(message)

    try:
        problem = _kind_problem(os.stat(path).st_mode, what, folder_hint)
        if problem:
            raise refuse(problem)
        descriptor = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError as err:
        raise refuse(_missing_problem(path, name, missing_hint), missing=True) from err
    except OSError as err:
        raise refuse(f"cannot be read ({err.strerror or err})") from err
    with os.fdopen(descriptor, "rb", buffering=0) as handle:
        try:
            info = os.fstat(descriptor)
            inputs.note(path, info)  # no output of this run may replace it
            problem = _kind_problem(info.st_mode, what, folder_hint)  # replaced since the stat
            if problem:
                raise refuse(problem)
            if info.st_size > cap:
                raise refuse(
                    f"is {info.st_size / 1e6:.1f} MB; {what} is at most "
                    f"{_megabytes(cap)}. {large_hint}"
                )
            chunks, size = [], 0
            while size <= cap:
                chunk = handle.read(min(_READ_CHUNK, cap + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
        except OSError as err:
            raise refuse(f"cannot be read ({err.strerror or err})") from err
    if size > cap:
        raise refuse(f"is larger than {_megabytes(cap)}, the most {what} may be. {large_hint}")
    return b"".join(chunks)


def _kind_problem(mode: int, what: str, folder_hint: str) -> str | None:
    """Why a file of this kind cannot be read as `what`, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return f"is a folder, not {what}" + (f"; {folder_hint}" if folder_hint else "")
    kind = (
        "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "a pipe (FIFO)"
        if stat.S_ISFIFO(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "something other than a file"
    )
    return f"is {kind}, not a file; give the path of {what}"


def _megabytes(count: int) -> str:
    return f"{count / 1e6:g} MB"


def _missing_problem(path: Path, name: str, hint: str) -> str:
    """'no such file', with the name of a file beside it that was probably meant."""
    problem = "no such file"
    try:
        with os.scandir(path.parent) as entries:
            files = [
                entry.name
                for _, entry in zip(range(_LISTED_FILES), entries, strict=False)
                if entry.is_file()
            ]
    except OSError:
        files = []
    meant = did_you_mean(path.name, files)
    if meant:
        with contextlib.suppress(ValueError):  # "." has no name to replace
            meant = str(Path(name).with_name(meant))  # as the user wrote the path
        problem += f"; did you mean {quoted(meant)}?"
    return f"{problem}. {hint}" if hint else problem


def decode_text(raw: bytes, name: str, error: type[DrillcardsError] = FileRefused) -> str:
    """A file's bytes as text: UTF-8, a byte-order mark dropped; else `error` naming the line."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise error(
            f"{name}: line {line}: the file is not UTF-8 text (byte 0x{raw[err.start]:02X} cannot "
            "be read). Save it with the encoding UTF-8 in your editor."
        ) from err


# ------------------------------------------------------------------------- what was meant


def close_matches(
    word: str, choices: Iterable[str], count: int = 1, cutoff: float = 0.6
) -> list[str]:
    """The choices closest to word, ignoring case; the same word in another case comes first."""
    by_folded: dict[str, str] = {}
    for choice in choices:
        by_folded.setdefault(choice.casefold(), choice)
    # the same word in another case scores 1.0, so it comes first
    close = difflib.get_close_matches(word.casefold(), list(by_folded), n=count + 1, cutoff=cutoff)
    return [by_folded[c] for c in close if by_folded[c] != word][:count]


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The one choice a user most likely meant by word (`A-Skip` → `a-skip`), or None."""
    found = close_matches(word, choices, 1, cutoff)
    return found[0] if found else None


def suggestion(word: str, choices: Iterable[str], otherwise: str = "", cutoff: float = 0.6) -> str:
    """'did you mean "x"?' when a choice is close to word, else `otherwise`."""
    meant = did_you_mean(word, choices, cutoff)
    return f"did you mean {quoted(meant)}?" if meant is not None else otherwise


# ------------------------------------------------------------------ every problem at once


class Problems(list[str]):
    """Every problem found in one file, each with its place, raised together at the end."""

    def __init__(self, file: str) -> None:
        super().__init__()
        self.file = file

    def add(self, place: str, problem: str) -> None:
        """One problem at a place in the file ("drills[2].video"); no place: the whole file."""
        self.append(f"{self.file}: {place}: {problem}" if place else f"{self.file}: {problem}")

    def raise_any(self, error: type[DrillcardsError]) -> None:
        """Raise error listing them all, if there are any."""
        if self:
            raise error(problems_message(self.file, len(self)), list(self))


def problems_message(file: str, count: int) -> str:
    """The first line of every file's list of problems."""
    return (
        f"{file} has {count} problem{'s' if count != 1 else ''}; nothing was written. "
        "Fix and run again:"
    )


# ------------------------------------------------------------------------ printed text

# Control characters other than tab and line breaks (Unicode Cc); tab and line breaks are
# collapsed into spaces. Lone surrogates: JSON's \ud800 escapes make them; no PDF can hold one.
_CONTROL = frozenset(
    chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0))
)
# Unicode's Bidi_Control characters: invisible, they reorder the letters around them, so a
# text could print or read otherwise than it is written ("Trojan Source").
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_HIDDEN = re.compile("[" + re.escape("".join(sorted(_CONTROL | BIDI_CONTROLS))) + "\ud800-\udfff]")


def char_name(char: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE': an invisible character named without printing it."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def hidden_character_problem(text: str) -> str | None:
    """Why text holds a character no one could see to fix: a control character, half a
    surrogate pair or a direction control; each named, with its place. None if it holds none."""
    found = _HIDDEN.search(text)
    if found is None:
        return None
    char, index = found.group(), found.start() + 1
    if char in BIDI_CONTROLS:
        return (
            f"contains an invisible direction control ({char_name(char)}) at character "
            f"{index}, which changes the order the text around it is shown in; remove it"
        )
    if "\ud800" <= char <= "\udfff":
        return (
            f"contains a broken character (U+{ord(char):04X}, half of a \\u escape pair) "
            f"at character {index}; retype it"
        )
    return (
        f"contains an invisible control character ({char_name(char)}) at character "
        f"{index}; remove it"
    )


def printable_problem(text: str) -> str | None:
    """What keeps text from printing as written: nothing visible, or right-to-left script."""
    if not any(unicodedata.category(c)[0] in "LNPS" for c in text):
        return f"has no visible character (got {quoted(text)}); write some text"
    rtl = next((c for c in text if unicodedata.bidirectional(c) in ("R", "AL")), None)
    if rtl is not None:
        label = unicodedata.name(rtl, f"U+{ord(rtl):04X}")
        return (
            f"contains right-to-left text ({label}), "
            "which drillcards cannot print in reading order yet"
        )
    return None


# ------------------------------------------------------------------------------- links


def link_problem(value: str) -> str | None:
    """Why value is not a link to print and encode: not http(s), no host, a space, or a user
    name or password before the host, which can make a link read as another site's."""
    shown = quoted(value)
    parts = _split(value)
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return (
            "must be a web address starting with https:// or http://, such as "
            f'"https://example.org/video" (got {shown})'
        )
    if any(c.isspace() for c in value):
        return f"must not contain spaces; write them as %20 (got {shown})"
    if "@" in parts.netloc:  # the password is not shown again
        return (
            "must not hold a user name or password before the host (user@ or "
            'user:password@): the part before "@" can make a link look like another '
            f"site's, but this one opens {quoted(link_host(value))}; remove everything "
            "between // and @"
        )
    # a browser reads a host with "\\" or "%2e" otherwise than Python does
    if not all(c.isalnum() or c in ".-_:[]" for c in parts.netloc):
        return (
            f"has a host that is not a plain web address (got {shown}); write the host "
            "with letters, digits, dots and hyphens only"
        )
    return None


def link_host(url: str) -> str:
    """The host a link opens, as a reader should see it: lower-case, no port, no user name."""
    parts = _split(url)
    return (parts.hostname or "") if parts is not None else ""


def _split(url: str) -> SplitResult | None:
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - a port out of range or not a number raises here
    except ValueError:
        return None
    return parts


# The first bytes of files a logo or a picture might be by mistake: "it is a GIF image".
_OTHER_FILES = (
    (b"GIF8", "a GIF image"),
    (b"BM", "a BMP image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"%PDF", "a PDF document"),
    (b"\x00\x00\x01\x00", "an icon (.ico) file"),
    (b"8BPS", "a Photoshop file"),
    (b"\x1f\x8b", "a compressed file (.gz or .svgz)"),
    (b"PK\x03\x04", "a zip archive"),
)


def looks_like(head: bytes) -> str:
    """' (it is a GIF image)' for the first bytes of a file that is not the image expected, or
    '' when they say nothing known."""
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return " (it is a WebP image)"
    if head[4:8] == b"ftyp":
        return " (it is a HEIC photo or a video)"
    for magic, kind in _OTHER_FILES:
        if head.startswith(magic):
            return f" (it is {kind})"
    return ""
