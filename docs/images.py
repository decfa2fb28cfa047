"""Regenerate the README's pictures from real output: `python docs/images.py` in a checkout."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pypdfium2 as pdfium

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the checkout's cards package

from cards import (
    edition,
    load_club,
    load_library,
    render_cards,
    render_handout,
    render_session,
    render_sheet,
    select_session,
)
from cards.options import Options
from cards.products.calibrate import render_calibration
from cards.render.units import mm

DOCS = Path(__file__).resolve().parent
DPI = 150
# The drill the README's card and sheet show: its figure (images/high-knees.svg) reads at once.
DRILL = "high-knees"


def card_pictures(drill_id: str = DRILL, lang: str | None = None) -> None:
    """The front and the back of one A7 card, cut from the printed sheet with a little margin;
    in another language than the main text's, named card-front-de.png and so on."""
    library = edition(load_library(DOCS.parent / "drills.json"), lang).library
    result = render_cards(library, Options(), [drill_id])
    suffix = f"-{lang}" if lang else ""
    sheet = result.sheet
    x, y, w, h = sheet.slot_rect(0)
    scale, pad = DPI / 72, mm(6)
    document = pdfium.PdfDocument(result.pdf)
    for page, name, left in (
        (0, f"card-front{suffix}", x),
        (1, f"card-back{suffix}", sheet.width - x - w),
    ):
        image = document[page].render(scale=scale).to_pil()
        top = sheet.height - y - h
        box = (left - pad, top - pad, left + w + pad, top + h + pad)
        image.crop(tuple(int(v * scale) for v in box)).save(DOCS / f"{name}.png", optimize=True)
    document.close()


def page_picture(pdf: bytes, name: str, page: int = 0, dpi: int = 60) -> None:
    document = pdfium.PdfDocument(pdf)
    document[page].render(scale=dpi / 72).to_pil().save(DOCS / f"{name}.png", optimize=True)
    document.close()


def sheet_pictures() -> None:
    """A drill sheet and the first page of a session sheet, whole pages."""
    library = load_library(DOCS.parent / "drills.json")
    page_picture(render_sheet(library, Options(), DRILL).pdf, "drill-sheet")
    session_picture(library)


def session_picture(library=None) -> None:
    """Page 1 of the timed basic coordination session: the plan at a glance, large enough to
    read its times."""
    library = library or load_library(DOCS.parent / "drills.json")
    session = select_session(library, "basic-coordination")
    page_picture(render_session(library, Options(), session).pdf, "session-sheet", dpi=80)


def handout_pictures() -> None:
    """The cover and the contents of the example club's handout of everything."""
    library = load_library(DOCS.parent / "drills.json")
    club = load_club(DOCS / "example-club" / "club.toml")
    pdf = render_handout(
        library,
        Options(club=club),
        everything=True,
        cards=True,
        title="Coordination drills",
        today=dt.date(2026, 12, 1),
    ).pdf
    page_picture(pdf, "handout-cover", 0)
    page_picture(pdf, "handout-contents", 1)


def calibration_pictures() -> None:
    """Both sides of the duplex calibration sheet, and a close-up of the back's scales."""
    pdf = render_calibration()
    page_picture(pdf, "calibration-front", 0, dpi=40)
    page_picture(pdf, "calibration-back", 1, dpi=40)


def site_pictures() -> None:
    """The drill catalogue page at desktop and phone width, by headless Chromium (Debian's
    chromium package) from the site of the built-in library."""
    import shutil
    import subprocess
    import tempfile

    from cards import render_site

    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print("site pictures skipped: no chromium")
        return
    with tempfile.TemporaryDirectory() as folder:
        for relative, data in render_site(load_library(DOCS.parent / "drills.json")).files.items():
            (Path(folder) / relative).parent.mkdir(parents=True, exist_ok=True)
            (Path(folder) / relative).write_bytes(data)
        for name, size in (("site", "1100,900"), ("site-phone", "390,844")):
            subprocess.run(
                [
                    browser,
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--hide-scrollbars",
                    f"--window-size={size}",
                    f"--screenshot={DOCS / f'{name}.png'}",
                    (Path(folder) / "index.html").as_uri(),
                ],
                check=True,
                capture_output=True,
            )


if __name__ == "__main__":
    card_pictures()
    card_pictures(lang="de")
    card_pictures(lang="fr")
    sheet_pictures()
    handout_pictures()
    calibration_pictures()
    site_pictures()
