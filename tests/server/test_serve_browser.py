"""The session builder of `drillcards serve`, as a coach meets it in headless Chromium.

The real server runs in a subprocess (`python -m cards serve`, uvicorn on a free port) over a
copy of the built-in drills.json in a temporary folder, so a test can save a broken file and see
what the coach sees. A session is built by clicking, reordered by keyboard (and by drag and
drop), timed, downloaded and its QR codes decoded; its address opened again gives the same
session; without JavaScript the same buttons work as links.

Needs Chromium and ChromeDriver, as tests/products/test_site_browser.py: skipped on a
developer's machine
without them, failed in CI.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

import cards
from tests.conftest import BUILTIN, ROOT, decode_qr_codes, page_texts
from tests.products.test_site_browser import (  # noqa: F401 - fixtures, used by name
    browser_programs,
    console_problems,
    start_chromium,
    wait_for,
)

try:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select
except ImportError:  # the browser_programs fixture skips (or fails in CI) and says why
    pass

DRILLS = {d["id"]: d for d in BUILTIN["drills"]}
PACKAGE_HOME = Path(cards.__file__).resolve().parent.parent  # the server runs the tests' cards


class Server:
    """`drillcards serve` running in a subprocess, over a drills file of its own."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.drills = folder / "drills.json"
        shutil.copy(ROOT / "drills.json", self.drills)
        if (ROOT / "images").is_dir():  # the built-in drills' pictures, beside their file
            shutil.copytree(ROOT / "images", folder / "images")
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "cards",
                "serve",
                "--drills",
                str(self.drills),
                "--port",
                str(self.port),
            ],
            cwd=folder,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONPATH": str(PACKAGE_HOME)},
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                self.get("/static/serve.css")
                break
            except (urllib.error.URLError, ConnectionError):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    output = self.stop()
                    pytest.fail(f"the server did not start:\n{output}", pytrace=False)
                time.sleep(0.2)

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(self.url + path, timeout=30) as response:
            return response.read()

    def stop(self) -> str:
        self.process.terminate()  # what Ctrl-C does: uvicorn stops on SIGTERM and SIGINT alike
        try:
            output, _ = self.process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            output, _ = self.process.communicate()
        return output.decode(errors="replace")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, request):
    request.getfixturevalue("browser_programs")  # skips (or fails in CI) without a browser
    running = Server(tmp_path_factory.mktemp("serve"))
    yield running
    output = running.stop()
    assert "Traceback" not in output, output
    assert "stopped serving" in output, output


@pytest.fixture(scope="module")
def driver(request):
    browser = start_chromium(request.getfixturevalue("browser_programs"))
    yield browser
    browser.quit()


@pytest.fixture(scope="module")
def driver_without_javascript(request):
    browser = start_chromium(request.getfixturevalue("browser_programs"), javascript=False)
    yield browser
    browser.quit()


def open_page(driver, server: Server, path: str, width: int = 1280, height: int = 900) -> None:
    driver.get_log("browser")
    driver.set_window_size(width, height)
    driver.get(server.url + path)
    wait_for(
        driver,
        lambda: driver.execute_script("return document.readyState") == "complete",
        f"{path} to load",
    )


def items(driver) -> list[str]:
    """The drills of the session as the builder lists them, in order."""
    return [
        li.get_attribute("data-drill")
        for li in driver.find_elements(By.CSS_SELECTOR, "#items li.item")
    ]


def address(driver) -> dict[str, list[str]]:
    return parse_qs(urlsplit(driver.current_url).query, keep_blank_values=True)


def add(driver, drill: str) -> None:
    button = driver.find_element(By.CSS_SELECTOR, f"#catalogue li[data-drill='{drill}'] button")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    count = len(items(driver))
    button.click()
    wait_for(driver, lambda: len(items(driver)) == count + 1, f"{drill} to be added")


def minutes_field(driver, place: int):
    return driver.find_elements(By.CSS_SELECTOR, "#items li.item input[name=minutes]")[place]


def preview_shows(driver, query: dict[str, list[str]]) -> bool:
    """Whether the preview has loaded the first page of the session the address describes."""
    image = driver.find_element(By.ID, "preview")
    source = image.get_attribute("src") or ""
    return (
        image.is_displayed()
        and image.get_property("complete")
        and image.get_property("naturalWidth") > 0
        and parse_qs(urlsplit(source).query, keep_blank_values=True) == query
    )


def build_tuesday(driver, server: Server) -> None:
    """From the catalogue: a new session, titled, three drills added, timed, reordered."""
    open_page(driver, server, "/")
    driver.find_element(By.LINK_TEXT, "New session").click()
    wait_for(driver, lambda: driver.find_elements(By.ID, "builder"), "the builder")
    title = driver.find_element(By.ID, "title")
    title.clear()
    title.send_keys("Tuesday track")
    for drill in ("ankle-drill", "pogo-jumps", "high-knees"):
        add(driver, drill)
    for place, minutes in enumerate(("5", "4", "6")):
        minutes_field(driver, place).send_keys(minutes)
    # the last drill first, by keyboard: Alt+Up twice in its minutes field
    field = minutes_field(driver, 2)
    field.send_keys(Keys.ALT, Keys.ARROW_UP)
    field.send_keys(Keys.ALT, Keys.ARROW_UP)
    wait_for(
        driver,
        lambda: items(driver) == ["high-knees", "ankle-drill", "pogo-jumps"],
        "high knees moved to the top by Alt+Up",
    )
    assert driver.switch_to.active_element == field  # the focus stayed with the drill
    wait_for(
        driver,
        lambda: address(driver).get("minutes") == ["6", "5", "4"],
        "the address to follow the new order",
    )


def test_build_a_session_by_clicking_reorder_it_by_keyboard_and_download_it(driver, server):
    build_tuesday(driver, server)
    query = address(driver)
    assert query == {
        "title": ["Tuesday track"],
        "drill": ["high-knees", "ankle-drill", "pogo-jumps"],
        "minutes": ["6", "5", "4"],
    }
    wait_for(driver, lambda: preview_shows(driver, query), "the preview of the new order")
    status = driver.find_element(By.ID, "status").get_attribute("textContent")
    assert "High knees / skipping moved to place 1 of 3" in status

    link = driver.find_element(By.ID, "download-session").get_attribute("href")
    assert parse_qs(urlsplit(link).query, keep_blank_values=True) == query
    pdf = server.get(urlsplit(link).path + "?" + urlsplit(link).query)
    assert pdf.startswith(b"%PDF-")
    text = " ".join(" ".join(page_texts(pdf)).split())
    assert "Tuesday track" in text and "15 min" in text  # 6 + 5 + 4 minutes in all
    assert text.index("High knees") < text.index("Ankle drill") < text.index("Pogo jumps")
    found = {
        code for page in range(len(page_texts(pdf))) for code, _, _ in decode_qr_codes(pdf, page)
    }
    assert found == {DRILLS[d]["video"] for d in ("high-knees", "ankle-drill", "pogo-jumps")}

    cards = driver.find_element(By.ID, "download-cards").get_attribute("href")
    assert parse_qs(urlsplit(cards).query)["drill"] == ["high-knees", "ankle-drill", "pogo-jumps"]
    assert console_problems(driver) == []


def test_a_shared_address_opens_the_same_session(driver, server):
    build_tuesday(driver, server)
    shared = driver.find_element(By.ID, "share").get_attribute("href")
    first = server.get("/pdf/session.pdf?" + urlsplit(shared).query)
    driver.get("about:blank")
    driver.get(shared)  # another coach opens the address
    wait_for(
        driver,
        lambda: items(driver) == ["high-knees", "ankle-drill", "pogo-jumps"],
        "the shared session's drills",
    )
    assert driver.find_element(By.ID, "title").get_attribute("value") == "Tuesday track"
    assert [minutes_field(driver, i).get_attribute("value") for i in range(3)] == ["6", "5", "4"]
    link = driver.find_element(By.ID, "download-session").get_attribute("href")
    assert server.get(urlsplit(link).path + "?" + urlsplit(link).query) == first
    wait_for(driver, lambda: preview_shows(driver, address(driver)), "the preview")
    assert console_problems(driver) == []


def test_the_move_buttons_and_drag_and_drop_reorder_too(driver, server):
    open_page(
        driver, server, "/session?title=T&drill=ankle-drill&drill=pogo-jumps&drill=butt-kicks"
    )
    driver.find_element(By.CSS_SELECTOR, "#items li[data-drill='butt-kicks'] .up").click()
    wait_for(
        driver,
        lambda: items(driver) == ["ankle-drill", "butt-kicks", "pogo-jumps"],
        "butt kicks moved up by its button",
    )
    # HTML drag and drop, as the browser fires it (chromedriver cannot drag natively)
    driver.execute_script(DRAG, "pogo-jumps", "ankle-drill")
    wait_for(
        driver,
        lambda: items(driver) == ["pogo-jumps", "ankle-drill", "butt-kicks"],
        "pogo jumps dragged to the top",
    )
    wait_for(driver, lambda: address(driver)["drill"] == items(driver), "the address")
    driver.find_element(By.CSS_SELECTOR, "#items li[data-drill='ankle-drill'] .remove").click()
    wait_for(driver, lambda: items(driver) == ["pogo-jumps", "butt-kicks"], "ankle drill removed")
    assert console_problems(driver) == []


DRAG = """
const [from, to] = [arguments[0], arguments[1]].map(
  id => document.querySelector(`#items li[data-drill='${id}']`));
const data = new DataTransfer();
from.querySelector('.handle').dispatchEvent(new MouseEvent('mousedown', {bubbles: true}));
from.dispatchEvent(new DragEvent('dragstart', {bubbles: true, dataTransfer: data}));
const box = to.getBoundingClientRect();
to.dispatchEvent(new DragEvent('dragover', {bubbles: true, cancelable: true, dataTransfer: data,
                                           clientY: box.top + 2}));
to.dispatchEvent(new DragEvent('drop', {bubbles: true, cancelable: true, dataTransfer: data}));
from.dispatchEvent(new DragEvent('dragend', {bubbles: true, dataTransfer: data}));
"""


def test_a_mistake_shows_in_the_builder_and_goes_when_fixed(driver, server):
    open_page(driver, server, "/session?title=T&drill=ankle-drill&minutes=5")
    problem = driver.find_element(By.ID, "problem")
    field = minutes_field(driver, 0)
    field.clear()
    field.send_keys("500")
    wait_for(
        driver,
        lambda: problem.is_displayed() and "240" in problem.text,
        "the message about 500 minutes",
    )
    assert "Traceback" not in problem.text
    field.send_keys(Keys.BACKSPACE)
    wait_for(driver, lambda: not problem.is_displayed(), "the message to go at 50 minutes")
    wait_for(driver, lambda: preview_shows(driver, address(driver)), "the preview again")


def test_a_broken_save_is_told_on_every_page_and_the_server_goes_on(driver, server):
    good = server.drills.read_text(encoding="utf-8")
    try:
        server.drills.write_text(good.replace('"drills": [', '"drills": [,', 1), "utf-8")
        open_page(driver, server, "/")
        wait_for(driver, lambda: _told(driver, server, "/"), "the mistake on the catalogue")
        text = driver.find_element(By.CSS_SELECTOR, ".library-problem").text
        assert "drills.json: line" in text and "not valid JSON" in text
        # the last good library is served meanwhile: the builder still builds and previews
        open_page(driver, server, "/session?title=T&drill=ankle-drill")
        assert driver.find_elements(By.CSS_SELECTOR, ".library-problem")
        wait_for(driver, lambda: preview_shows(driver, address(driver)), "the preview")
        add(driver, "pogo-jumps")
        wait_for(driver, lambda: preview_shows(driver, address(driver)), "the new preview")
        renamed = json.loads(good)
        renamed["drills"][0]["name"] = "Ankle drill, renamed"
        server.drills.write_text(json.dumps(renamed), "utf-8")
        wait_for(
            driver,
            lambda: (
                not _told(driver, server, "/")
                and "Ankle drill, renamed" in driver.find_element(By.TAG_NAME, "main").text
            ),
            "the fixed library",
        )
    finally:
        server.drills.write_text(good, "utf-8")
    wait_for(
        driver,
        lambda: (
            open_page(driver, server, "/")
            or "Ankle drill, renamed" not in driver.find_element(By.TAG_NAME, "main").text
        ),
        "the original library",
    )


def _told(driver, server: Server, path: str) -> bool:
    open_page(driver, server, path)
    return bool(driver.find_elements(By.CSS_SELECTOR, ".library-problem"))


def test_without_javascript_the_builder_works_as_forms(driver_without_javascript, server):
    browser = driver_without_javascript

    def press(css: str, then, what: str) -> None:
        """Click a button of the form and wait for the page the server answers with."""
        browser.find_element(By.CSS_SELECTOR, css).click()
        wait_for(browser, then, what)

    browser.get(server.url + "/")
    browser.find_element(By.LINK_TEXT, "New session").click()
    wait_for(browser, lambda: browser.find_elements(By.ID, "builder"), "the builder")
    for count, drill in enumerate(("ankle-drill", "pogo-jumps"), start=1):
        press(
            f"#catalogue li[data-drill='{drill}'] button",
            lambda count=count: len(address(browser).get("drill", [])) == count,
            f"{drill} added",
        )
    assert items(browser) == ["ankle-drill", "pogo-jumps"]
    browser.find_elements(By.CSS_SELECTOR, "#items input[name=minutes]")[1].send_keys("4")
    press(
        "#items li[data-drill='pogo-jumps'] .up",
        lambda: address(browser).get("drill") == ["pogo-jumps", "ankle-drill"],
        "the move",
    )
    assert items(browser) == ["pogo-jumps", "ankle-drill"]
    assert address(browser)["minutes"] == ["4", ""]
    # one drill timed and the other not: the page says what is missing, and shows no preview
    assert "has no minutes" in browser.find_element(By.ID, "problem").text
    assert not browser.find_element(By.ID, "preview").is_displayed()
    browser.find_elements(By.CSS_SELECTOR, "#items input[name=minutes]")[1].send_keys("5")
    press(
        "p.update button",
        lambda: address(browser).get("minutes") == ["4", "5"],
        "the minutes shown",
    )
    preview = browser.find_element(By.ID, "preview")
    wait_for(browser, lambda: preview.get_property("complete"), "the preview")
    assert preview.is_displayed() and preview.get_property("naturalWidth") > 0
    # the filters of the catalogue are a form too
    browser.get(server.url + "/")
    Select(browser.find_element(By.ID, "filter-level")).select_by_value("advanced")
    press("#filters button", lambda: "level=advanced" in browser.current_url, "the filter")
    shown = [
        a.get_attribute("id")
        for a in browser.find_elements(By.CSS_SELECTOR, "article.drill")
        if a.is_displayed()
    ]
    assert shown == [f"drill-{d['id']}" for d in BUILTIN["drills"] if d.get("level") == "advanced"]


OVERFLOW = """
const root = document.documentElement;
return {scroll: root.scrollWidth, client: root.clientWidth,
        wide: Array.from(document.querySelectorAll('body *'))
          .filter(e => e.getBoundingClientRect().right > root.clientWidth + 1)
          .map(e => e.tagName + '.' + e.className).slice(0, 5)};
"""


@pytest.mark.parametrize(
    "path", ["/", "/drill/pogo-jumps", "/session?title=Tuesday+track&drill=ankle-drill&minutes=5"]
)
def test_on_a_phone_nothing_scrolls_sideways(driver, server, path):
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 375, "height": 812, "deviceScaleFactor": 2, "mobile": True},
    )
    try:
        open_page(driver, server, path)
        wait_for(
            driver,
            lambda: driver.execute_script("return innerWidth") == 375,
            "the page to lay out 375 px wide",
        )
        layout = driver.execute_script(OVERFLOW)
        assert layout["scroll"] <= layout["client"] and layout["wide"] == [], layout
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert console_problems(driver) == []


def test_every_image_on_the_catalogue_loads(driver, server):
    open_page(driver, server, "/")
    images = driver.find_elements(By.CSS_SELECTOR, "img.thumb")
    assert len(images) == len(BUILTIN["drills"])
    for image in images:
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", image)
        wait_for(
            driver,
            lambda image=image: (
                image.get_property("complete") and image.get_property("naturalWidth") > 0
            ),
            "a thumbnail to load",
        )
        assert image.get_attribute("alt").strip()
    assert console_problems(driver) == []
