"""The README's pictures of `drillcards serve`: the session builder in headless Chromium, on a
desktop and on a phone, from the real server over the built-in library.

    python docs/serve_screenshots.py     # → docs/serve-builder.png, docs/serve-builder-phone.png

Needs Chromium and ChromeDriver (Debian: chromium chromium-driver) and selenium.
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
SESSION = urlencode(
    [
        ("title", "Tuesday track"),
        ("date", "2026-12-01"),
        ("start", "18:30"),
        ("warmup", "Easy jog, then dynamic stretches"),
        ("warmup_minutes", "10"),
        ("drill", "ankle-drill"),
        ("minutes", "5"),
        ("dosage", ""),
        ("note", "Relaxed shoulders"),
        ("drill", "pogo-jumps"),
        ("minutes", "5"),
        ("dosage", "3 × 15 jumps"),
        ("note", ""),
        ("drill", "high-knees"),
        ("minutes", "6"),
        ("dosage", ""),
        ("note", ""),
        ("drill", "straight-leg-bounds"),
        ("minutes", "6"),
        ("dosage", ""),
        ("note", ""),
        ("cooldown", "Easy jog and walk"),
        ("cooldown_minutes", "10"),
    ]
)
SHOTS = [  # file, window width, height kept, device scale
    ("serve-builder.png", 1280, 1000, 1),
    ("serve-builder-phone.png", 390, 1400, 1),
]


def main() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with tempfile.TemporaryDirectory() as empty:
        server = subprocess.Popen(
            [sys.executable, "-m", "cards", "serve", "--port", str(port)],
            cwd=empty,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.DEVNULL,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            _wait(url)
            shoot(f"{url}/session?{SESSION}")
        finally:
            server.terminate()
            server.wait(timeout=20)


def _wait(url: str) -> None:
    for _ in range(300):
        try:
            urllib.request.urlopen(url + "/static/serve.css", timeout=5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def shoot(page: str) -> None:
    options = webdriver.ChromeOptions()
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--hide-scrollbars",
        "--lang=en-GB",
    ):
        options.add_argument(argument)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(
        options=options, service=Service("/usr/bin/chromedriver", log_output=subprocess.DEVNULL)
    )
    try:
        for name, width, height, _ in SHOTS:
            driver.set_window_size(width, height + 200)
            driver.get(page)
            for _ in range(100):  # the preview is rendered on the first request
                if driver.execute_script(
                    "const i = document.getElementById('preview');"
                    "return i.complete && i.naturalWidth > 0"
                ):
                    break
                time.sleep(0.1)
            inner = driver.execute_script("return innerHeight")
            driver.set_window_size(width, height + (height + 200 - inner))
            image = Image.open(io.BytesIO(driver.get_screenshot_as_png())).convert("RGB")
            image = image.crop((0, 0, width, min(height, image.height)))
            image.quantize(colors=128, method=Image.Quantize.FASTOCTREE).save(
                DOCS / name, optimize=True
            )
            print(f"wrote docs/{name}: {image.width} × {image.height}")
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
