"""A two-sided sheet from which a coach reads how far their printer shifts the backs.

The front has a cross through the page's centre; the back has two scales
through the same centre. Held against a window, the front's lines fall on the back's scales at
the numbers to pass as --back-offset X,Y (long- or short-edge: the centre stays put either way).
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.colors import black
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from ..data.labels import Labels
from ..impose import PrintSetup, plan_sheet
from ..options import DEFAULTS, Options
from ..render.document import new_canvas
from ..render.fonts import register_pair
from ..render.layout import load_card_layout
from ..render.units import mm
from ..resources import font_dir

SCALE_MM = 10  # the scales run from -10 to +10 mm
CROSS = mm(45)  # half the length of the front's lines

STEPS = ("calibrate_print", "calibrate_hold", "calibrate_read", "calibrate_use")


def render_calibration(options: Options = DEFAULTS, labels: Labels | None = None) -> bytes:
    """The calibration sheet as PDF bytes: front page, then back page (with any back offset),
    its instructions in the language of `labels` (default: English)."""
    setup = options.printing
    layout = load_card_layout(options.size, options.templates, labels=labels)
    t = layout.labels
    sheet = plan_sheet(
        options.paper,
        layout.width,
        layout.height,
        setup.bleed,
        setup.mark_offset,
        setup.mark_length,
    )
    fonts = register_pair(font_dir() / "DejaVuSans.ttf", font_dir() / "DejaVuSans-Bold.ttf")
    canvas, buffer = new_canvas(
        sheet.width,
        sheet.height,
        fonts,
        t("calibrate"),
        t("calibrate_subject", size=layout.label),
        lang=t.code,
    )
    centre = (sheet.width / 2, sheet.height / 2)
    _front(canvas, sheet, fonts, centre, t)
    canvas.showPage()
    canvas.saveState()
    canvas.translate(*setup.back_offset)
    _back(canvas, fonts, centre, setup, t)
    canvas.restoreState()
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _text(
    canvas: Canvas,
    fonts,
    markup: str,
    x: float,
    top: float,
    width: float,
    size: float = 9,
    bold: bool = False,
) -> float:
    style = ParagraphStyle(
        "t", fontName=fonts.bold if bold else fonts.regular, fontSize=size, leading=size * 1.3
    )
    paragraph = Paragraph(markup, style)
    _, height = paragraph.wrap(width, 1e6)
    paragraph.drawOn(canvas, x, top - height)
    return height


def _front(canvas: Canvas, sheet, fonts, centre: tuple[float, float], t: Labels) -> None:
    cx, cy = centre
    canvas.saveState()
    canvas.setStrokeColor(black)
    canvas.setLineWidth(0.3)
    canvas.line(cx, cy - CROSS, cx, cy + CROSS)
    canvas.line(cx - CROSS, cy, cx + CROSS, cy)
    canvas.circle(cx, cy, mm(1.5), stroke=1, fill=0)
    canvas.restoreState()
    x, top, width = mm(15), sheet.height - mm(8), sheet.width - mm(30)
    top -= _text(canvas, fonts, escape(t("calibrate_front")), x, top, width, 12, bold=True)
    for number, step in enumerate(STEPS, start=1):
        # the steps name options as typed: --back-offset X,Y and back_offset = [X, Y], in bold
        text = (
            escape(t(step))
            .replace("--back-offset X,Y", "<b>--back-offset X,Y</b>")
            .replace("back_offset = [X, Y]", "<b>back_offset = [X, Y]</b>")
        )
        top -= 2 + _text(canvas, fonts, f"{number}. {text}", x, top - 2, width, 8)


def _back(canvas: Canvas, fonts, centre: tuple[float, float], setup: PrintSetup, t: Labels) -> None:
    cx, cy = centre
    canvas.saveState()
    canvas.setStrokeColor(black)
    canvas.setFillColor(black)
    canvas.setLineWidth(0.3)
    along = mm(22)  # the scales cross the front's lines this far from the centre
    canvas.setFont(fonts.regular, 6)
    for half_mm in range(-2 * SCALE_MM, 2 * SCALE_MM + 1):
        offset = mm(half_mm / 2)
        length = mm(6) if half_mm % 10 == 0 else mm(4) if half_mm % 2 == 0 else mm(2.5)
        canvas.line(cx + offset, cy + along, cx + offset, cy + along + length)  # X scale
        canvas.line(cx + along, cy + offset, cx + along + length, cy + offset)  # Y scale
        if half_mm % 10 == 0:  # numbers every 5 mm; the ticks between are whole and half mm
            label = f"{half_mm // 2:+d}" if half_mm else "0"
            canvas.drawCentredString(cx + offset, cy + along + mm(7), label)
            canvas.drawString(cx + along + mm(7), cy + offset - 2, label)
    canvas.line(cx - mm(SCALE_MM), cy + along, cx + mm(SCALE_MM), cy + along)
    canvas.line(cx + along, cy - mm(SCALE_MM), cx + along, cy + mm(SCALE_MM))
    canvas.setFont(fonts.bold, 8)
    canvas.drawCentredString(cx, cy + along + mm(11), "X (mm)")
    canvas.drawString(cx + along + mm(7), cy + mm(SCALE_MM) + mm(4), "Y (mm)")
    canvas.restoreState()
    shown = ",".join(f"{v * 25.4 / 72:g}" for v in setup.back_offset)  # as typed: no space
    note = (
        t("calibrate_back_offset", offset=shown) if any(setup.back_offset) else t("calibrate_back")
    )
    _text(canvas, fonts, escape(note), mm(15), cy - mm(30), 2 * cx - mm(30), 10, bold=True)
