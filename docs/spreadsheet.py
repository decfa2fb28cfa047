"""Make docs/spreadsheet.png: the first rows of the built-in library exported as drills.xlsx,
read back from the real workbook and drawn as a spreadsheet grid in headless Chromium.

    python docs/spreadsheet.py      # needs chromium (Debian: apt-get install chromium)
"""

from __future__ import annotations

import html
import subprocess
import tempfile
from pathlib import Path

from python_calamine import CalamineWorkbook

from cards import load_library
from cards.data.spreadsheet import export_library

DOCS = Path(__file__).resolve().parent
COLUMNS = (
    "id",
    "name",
    "level",
    "summary",
    "cue 1",
    "cue 2",
    "fault 1",
    "fix 1",
    "video",
    "name [de]",
)
ROWS = 6
CSS = """
body { margin: 0; font: 13px/1.3 'DejaVu Sans', sans-serif; background: #fff; }
table { border-collapse: collapse; table-layout: fixed; }
th, td { border: 1px solid #c8c8c8; padding: 3px 6px; white-space: nowrap; overflow: hidden;
         text-overflow: ellipsis; max-width: 150px; }
th { background: #f1f3f4; color: #444; font-weight: normal; text-align: center; }
td.head { font-weight: bold; background: #e6efeb; }
th.row { width: 28px; }
caption { caption-side: bottom; text-align: left; padding: 6px; color: #444; }
"""


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / "drills.xlsx"
        export_library(load_library(DOCS.parent / "drills.json"), book)
        rows = CalamineWorkbook.from_path(str(book)).get_sheet_by_name("Drills").to_python()
        header = [str(cell) for cell in rows[0]]
        picked = [header.index(name) for name in COLUMNS]
        letters = [chr(ord("A") + i) if i < 26 else f"A{chr(ord('A') + i - 26)}" for i in picked]
        lines = ["<tr><th class=row></th>" + "".join(f"<th>{x}</th>" for x in letters) + "</tr>"]
        for number, row in enumerate(rows[: ROWS + 1], start=1):
            cells = "".join(
                f"<td{' class=head' if number == 1 else ''}>"
                f"{html.escape(str(row[i]).splitlines()[0] if row[i] != '' else '')}</td>"
                for i in picked
            )
            lines.append(f"<tr><th class=row>{number}</th>{cells}</tr>")
        page = (
            f"<!doctype html><meta charset=utf-8><style>{CSS}</style><table>"
            + "".join(lines)
            + "<caption>Sheet <b>Drills</b> of <code>drillcards export "
            "drills.xlsx</code> (some columns)</caption></table>"
        )
        source = Path(folder) / "sheet.html"
        source.write_text(page, encoding="utf-8")
        subprocess.run(
            [
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--no-first-run",
                "--disable-background-networking",
                f"--user-data-dir={folder}/profile",
                "--window-size=1560,240",
                f"--screenshot={DOCS / 'spreadsheet.png'}",
                source.as_uri(),
            ],
            check=True,
            capture_output=True,
        )
    _trim(DOCS / "spreadsheet.png")


def _trim(path: Path) -> None:
    """Cut the empty window around the grid."""
    from PIL import Image, ImageChops

    image = Image.open(path).convert("RGB")
    box = ImageChops.difference(image, Image.new("RGB", image.size, "white")).getbbox()
    if box:
        image.crop((0, 0, min(image.width, box[2] + 8), min(image.height, box[3] + 8))).save(path)


if __name__ == "__main__":
    main()
