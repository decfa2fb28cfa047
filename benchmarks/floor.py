"""The floor: A7 drill cards drawn with plain reportlab and segno, no framework.

    python benchmarks/floor.py DRILLS.json OUT.pdf

The same content as `drillcards cards`, four A7 cards per A4 sheet, each front page followed
by its back page (columns swapped for long-edge duplex), crop marks on the fronts. No checks,
no layouts, no shrink-to-fit: the least work that prints the cards, to compare against.
"""

import json
import sys
from pathlib import Path
from urllib.parse import urlsplit

import segno
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONTS = Path(__file__).resolve().parent.parent / "cards" / "fonts"
pdfmetrics.registerFont(TTFont("DejaVu", str(FONTS / "DejaVuSans.ttf")))
pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(FONTS / "DejaVuSans-Bold.ttf")))

ACCENT, INK, MUTED = HexColor("#0b6e4f"), HexColor("#1a1a1a"), HexColor("#5f5f5f")
CARD_W, CARD_H = 74 * mm, 105 * mm
COLS, ROWS = 2, 2  # 2 × 2 A7 cards fit inside A4's printable area with room for crop marks
PAGE_W, PAGE_H = A4
X0, Y0 = (PAGE_W - COLS * CARD_W) / 2, (PAGE_H - ROWS * CARD_H) / 2
PAD, TEXT_W = 5 * mm, CARD_W - 10 * mm
QR_SIZE = 20 * mm


def text(
    c, value, y, size, font="DejaVu", color=INK, leading=1.2, bullet=None, x=PAD, width=TEXT_W
):
    """Wrap `value` into lines below y (the top of the paragraph); return the y under it."""
    indent = 3 * mm if bullet else 0
    c.setFont(font, size)
    c.setFillColor(color)
    if bullet:
        c.drawString(x, y - size, bullet)
    for line in simpleSplit(value, font, size, width - indent):
        c.drawString(x + indent, y - size, line)
        y -= size * leading
    return y


def label(c, value, y):
    return text(c, value, y - 3, 6.5, "DejaVu-Bold", ACCENT) - 1


def band(c):
    c.setFillColor(ACCENT)
    c.rect(0, CARD_H - 2.5 * mm, CARD_W, 2.5 * mm, stroke=0, fill=1)


def front(c, drill):
    band(c)
    y = text(c, drill["name"], CARD_H - PAD, 13, "DejaVu-Bold", ACCENT, 1.12) - 1.5
    meta = " · ".join(drill[key].upper() for key in ("category", "level") if drill.get(key))
    if meta:
        y = text(c, meta, y, 6.5, color=MUTED) - 2
    y = text(c, drill["summary"], y, 8.5, leading=1.22) - 1
    y = label(c, "CUES", y)
    for cue in drill["cues"]:
        y = text(c, cue, y, 9, bullet="•") - 1.2
    if drill.get("dosage"):  # label and dosage end 5 mm above the card's bottom edge
        width = CARD_W - 34 * mm
        lines = len(simpleSplit(drill["dosage"], "DejaVu-Bold", 9, width))
        y = label(c, "DOSAGE", PAD + 3 + 6.5 * 1.2 + 1 + lines * 9 * 1.2)
        text(c, drill["dosage"], y, 9, "DejaVu-Bold", width=width)
    qr(c, drill["video"], CARD_W - PAD - QR_SIZE, 10 * mm)
    host = (urlsplit(drill["video"]).hostname or "").removeprefix("www.")
    c.setFont("DejaVu", 6)
    c.setFillColor(MUTED)
    c.drawCentredString(CARD_W - PAD - QR_SIZE / 2, 3 * mm + 1.5, host)


def qr(c, url, x, y):
    matrix = segno.make_qr(url, error="m", boost_error=False).matrix
    unit = QR_SIZE / len(matrix)
    path = c.beginPath()
    for row, modules in enumerate(matrix):
        for col, dark in enumerate(modules):
            if dark:
                path.rect(x + col * unit, y + QR_SIZE - (row + 1) * unit, unit, unit)
    c.setFillColor(HexColor("#000000"))
    c.drawPath(path, stroke=0, fill=1)
    c.linkURL(url, (x, y, x + QR_SIZE, y + QR_SIZE), relative=1)


def back(c, drill):
    band(c)
    y = text(c, drill["name"], CARD_H - 4 * mm, 13, "DejaVu-Bold", ACCENT, 1.12) - 1.5
    y = label(c, "COMMON FAULTS", y)
    for fault in drill["faults"]:
        y = text(c, fault["fault"], y - 2.5, 8.5, "DejaVu-Bold", bullet="✗")
        y = text(c, fault["fix"], y - 0.5, 8.5, bullet="→")
    if drill.get("variations"):
        y = label(c, "VARIATIONS", y)
        for variation in drill["variations"]:
            y = text(c, variation, y, 8, bullet="•") - 1


def crop_marks(c):
    c.setLineWidth(0.25)
    c.setStrokeColor(HexColor("#000000"))
    top, right = Y0 + ROWS * CARD_H, X0 + COLS * CARD_W
    for x in (X0 + col * CARD_W for col in range(COLS + 1)):
        c.line(x, Y0 - 2 * mm, x, Y0 - 7 * mm)
        c.line(x, top + 2 * mm, x, top + 7 * mm)
    for y in (Y0 + row * CARD_H for row in range(ROWS + 1)):
        c.line(X0 - 2 * mm, y, X0 - 7 * mm, y)
        c.line(right + 2 * mm, y, right + 7 * mm, y)


def draw_at(c, col, row, draw, drill):
    c.saveState()
    c.translate(X0 + col * CARD_W, Y0 + (ROWS - 1 - row) * CARD_H)
    draw(c, drill)
    c.restoreState()


def main(drills_path, out_path):
    drills = json.loads(Path(drills_path).read_text(encoding="utf-8"))["drills"]
    c = Canvas(out_path, pagesize=A4, invariant=1, pageCompression=1, initialFontName="DejaVu")
    c.setTitle("Drill cards")
    per_sheet = COLS * ROWS
    for start in range(0, len(drills), per_sheet):
        batch = drills[start : start + per_sheet]
        for slot, drill in enumerate(batch):
            row, col = divmod(slot, COLS)
            draw_at(c, col, row, front, drill)
        crop_marks(c)
        c.showPage()
        for slot, drill in enumerate(batch):  # long-edge duplex: each row's columns swap
            row, col = divmod(slot, COLS)
            draw_at(c, COLS - 1 - col, row, back, drill)
        c.showPage()
    c.save()


if __name__ == "__main__":
    main(*sys.argv[1:3])
