"""Shared test helpers: a CLI runner, drill files in tmp_path, and readers of real PDFs."""

from __future__ import annotations

import copy
import hashlib
import io
import json
import os
import re
from pathlib import Path
from typing import ClassVar

import pypdfium2 as pdfium
import pytest
import zxingcpp
from click.testing import CliRunner
from hypothesis import settings

from cards.cli import cli

# Property tests explore the same examples on every machine: CI fails only where a developer's
# run would, and nothing is written to a .hypothesis folder.
settings.register_profile("drillcards", derandomize=True, database=None)
settings.load_profile("drillcards")
# Examples per property: a developer's quick run takes 60, CI takes more (.ci/run).
EXAMPLES = int(os.environ.get("DRILLCARDS_EXAMPLES", "60"))

ROOT = Path(__file__).resolve().parent.parent
# The built-in library as a document for tests to copy and change: without its pictures, which
# are found beside the real drills.json only (tests/render/test_pictures.py copies them where
# needed).
BUILTIN = json.loads((ROOT / "drills.json").read_text(encoding="utf-8"))
for _drill in BUILTIN["drills"]:
    _drill.pop("image", None)

DRILL = {
    "id": "test-drill",
    "name": "Test drill",
    "summary": "A drill used by the tests.",
    "cues": ["Stay tall", "Quick feet"],
    "faults": [{"fault": "Leaning back", "fix": "Hips over the feet"}],
    "video": "https://example.org/videos/test-drill",
}


def make_drill(**changes) -> dict:
    """A valid drill with some fields changed (None removes a field)."""
    drill = copy.deepcopy(DRILL)
    for key, value in changes.items():
        if value is None:
            drill.pop(key, None)
        else:
            drill[key] = value
    return drill


@pytest.fixture
def run(tmp_path, monkeypatch):
    """Run the CLI in tmp_path (the working folder); returns click's Result."""
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return invoke


@pytest.fixture
def drills_file(tmp_path):
    """Write a drills document (dict, or raw str/bytes) to tmp_path/drills.json; return the path."""

    def write(document, name: str = "drills.json") -> Path:
        path = tmp_path / name
        if isinstance(document, bytes):
            path.write_bytes(document)
        elif isinstance(document, str):
            path.write_text(document, encoding="utf-8")
        else:
            path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        return path

    return write


def collapse(text: str) -> str:
    """Whitespace collapsed, so wrapped lines compare equal to the original string."""
    return re.sub(r"\s+", " ", as_written(text)).strip()


def as_written(text: str) -> str:
    """Text read back by pdfium with words broken at a line's end whole again: the hyphen
    textfit adds there is U+2010 (the line joins without it); a word's own hyphen there
    ("flat-" / "foot") pdfium reads as U+FFFE or \x02 (the hyphen stays)."""
    text = re.sub(r"\u2010[ \t]*\r?\n", "", text)
    return re.sub(r"[\ufffe\x02]", "-", text)


def page_texts(pdf: Path | bytes) -> list[str]:
    """The text of every page, read back by pdfium, words broken at line ends whole."""
    doc = pdfium.PdfDocument(pdf)
    try:
        return [as_written(doc[i].get_textpage().get_text_range()) for i in range(len(doc))]
    finally:
        doc.close()


def text_in_rect(pdf: Path | bytes, page: int, rect: tuple[float, float, float, float]) -> str:
    """Text inside (x, y, width, height) in PDF points on one page, read by pdfium."""
    x, y, w, h = rect
    doc = pdfium.PdfDocument(pdf)
    try:
        return as_written(doc[page].get_textpage().get_text_bounded(x, y, x + w, y + h))
    finally:
        doc.close()


def page_sizes(pdf: Path | bytes) -> list[tuple[float, float]]:
    doc = pdfium.PdfDocument(pdf)
    try:
        return [tuple(doc[i].get_size()) for i in range(len(doc))]
    finally:
        doc.close()


def decode_qr_codes(pdf: Path | bytes, page: int, dpi: int = 200) -> list[tuple[str, float, float]]:
    """Render a page with pdfium and decode every QR code with zxing-cpp.

    Returns (text, x, y): the code's centre in PDF points, origin at the page's lower left.
    """
    doc = pdfium.PdfDocument(pdf)
    try:
        pdf_page = doc[page]
        _, height = pdf_page.get_size()
        image = pdf_page.render(scale=dpi / 72).to_pil()
    finally:
        doc.close()
    found = []
    for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
        corners = (
            code.position.top_left,
            code.position.top_right,
            code.position.bottom_left,
            code.position.bottom_right,
        )
        cx = sum(c.x for c in corners) / 4 * 72 / dpi
        cy = height - sum(c.y for c in corners) / 4 * 72 / dpi
        found.append((code.text, cx, cy))
    return found


def _readers_problems(path: Path) -> list[str]:
    """What pypdf (strict), pdfium and qpdf say about a PDF; empty when all three are content."""
    import logging

    import pikepdf
    from pypdf import PdfReader

    problems = []
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger("pypdf")
    logger.addHandler(handler)
    try:
        reader = PdfReader(io.BytesIO(path.read_bytes()), strict=True)
        for page in reader.pages:
            page.get_contents()
            page.mediabox  # noqa: B018 - reading it is the check
    except Exception as err:  # any complaint is a finding
        problems.append(f"pypdf: {err}")
    finally:
        logger.removeHandler(handler)
    problems += [f"pypdf warned: {r.getMessage()}" for r in records]
    try:
        doc = pdfium.PdfDocument(str(path))
        for i in range(len(doc)):
            doc[i].get_textpage()
        doc.close()
    except Exception as err:
        problems.append(f"pdfium: {err}")
    try:  # qpdf's own checks, through its Python binding: no program to install
        with pikepdf.open(path) as pdf:
            problems += [f"qpdf: {finding}" for finding in pdf.check_pdf_syntax()]
    except pikepdf.PdfError as err:
        problems.append(f"qpdf: {err}")
    return problems


class _RecordingBuffer(io.BytesIO):
    """The buffer drillcards draws into; remembers each finished PDF for the readers' check."""

    made: ClassVar[list[bytes]] = []

    def getvalue(self) -> bytes:
        data = super().getvalue()
        self.made.append(data)
        return data


@pytest.fixture(autouse=True)
def every_pdf_we_make_opens_cleanly(request, monkeypatch, tmp_path_factory):
    """After each test, every PDF drillcards made — in memory or written in the test's folder —
    passes three readers: pypdf (strict), pdfium and qpdf."""
    import types

    import cards.render.document

    made: ClassVar[list[bytes]] = []
    monkeypatch.setattr(_RecordingBuffer, "made", made)
    monkeypatch.setattr(
        cards.render.document, "io", types.SimpleNamespace(BytesIO=_RecordingBuffer)
    )
    folder = request.getfixturevalue("tmp_path") if "tmp_path" in request.fixturenames else None
    yield
    found = {hashlib.sha1(pdf).hexdigest(): pdf for pdf in made if pdf.startswith(b"%PDF")}
    if folder is not None:
        for path in sorted(folder.rglob("*.pdf")):
            data = path.read_bytes() if path.is_file() else b""
            if b"/Creator (drillcards)" in data:
                found[hashlib.sha1(data).hexdigest()] = data
    if not found:
        return
    scratch = tmp_path_factory.mktemp("readers")
    for digest, data in found.items():
        path = scratch / f"{digest}.pdf"
        path.write_bytes(data)
        problems = _readers_problems(path)
        assert not problems, f"a PDF made by {request.node.name}: {problems}"
