"""The drill catalogue web page (`drillcards site`), checked as a runner meets it in a browser.

Each site is made once per module through the command line, then read two ways: index.html parsed
with html.parser (the page without a browser: what is listed, what is linked, that nothing is
fetched from elsewhere), and the page opened from disk (file://) in headless Chromium driven by
Selenium (console, images, filters, keyboard, phone widths, headings, contrast).

Three sites: the built-in library (12 drills, three levels, one category, two sessions); a small
club library (three levels, three categories, one with "&" in its name, a club name, logo and a
pale accent that the page must darken to read on white); and the built-in library in German, as
`build --lang en,de` makes it (German words, labels and count, a link to the English page).

Needs Chromium and ChromeDriver (Debian: `chromium chromium-driver`; .ci/run installs them) and
selenium (the `test` extra). On a developer's machine without them the browser tests skip; where
CI is set they fail instead, so CI never passes without having run them.
"""

from __future__ import annotations

import html.parser
import itertools
import json
import os
import re
import shutil
import subprocess
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner

from cards.cli import cli
from cards.data.labels import load_labels
from tests.conftest import BUILTIN, ROOT, collapse, make_drill, page_texts
from tests.tools import missing

try:
    from selenium import webdriver
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:  # a developer's machine without the test extra: the browser tests skip
    webdriver = None

WAIT = 5  # seconds the page may take to react to a filter or load an image


# --- the two sites -----------------------------------------------------------------------------

CLUB_NAME = "Riverside Harriers"
CLUB_LIBRARY = {
    "drills": [
        make_drill(
            id="hill-sprints",
            name="Hill sprints",
            level="beginner",
            category="Strength",
            summary="Short uphill sprints for power and a tall posture.",
        ),
        make_drill(
            id="a-skips",
            name="A-skips",
            level="intermediate",
            category="Coordination",
            summary="A skip with a high knee and an active foot strike.",
        ),
        make_drill(
            id="b-skips",
            name="B-skips",
            level="advanced",
            category="Coordination",
            summary="The A-skip with the lower leg reaching out and pawing back.",
        ),
        make_drill(
            id="bounding",
            name="Bounding",
            level="advanced",
            category="Strength",
            summary="Long springy strides for elastic strength.",
        ),
        make_drill(
            id="relaxed-strides",
            name="Relaxed strides",
            level="beginner",
            category="Speed & form",
            summary="Fast but loose running over 80 metres.",
        ),
    ],
    "sessions": [
        {
            "id": "club-night",
            "title": "Club night",
            "items": [{"drill": "a-skips"}, {"drill": "b-skips"}, {"drill": "bounding"}],
        },
    ],
}
# A pale yellow: text in it on white reads at about 1.6:1, so the page must darken it.
CLUB_TOML = f'name = "{CLUB_NAME}"\naccent = "#f5c400"\nlogo = "crest.png"\n'


@dataclass
class Site:
    """A site folder and the library it was made from."""

    folder: Path
    drills: list[dict]
    sessions: list[dict]
    heading: str  # the h1: the club's name, or the handout title of the language
    search: str  # a word from some drills' names, typed into the search box in another case
    lang: str = "en"
    page: Page = field(init=False)

    def __post_init__(self) -> None:
        self.page = parse_page(self.folder / "index.html")

    @property
    def url(self) -> str:
        return (self.folder / "index.html").as_uri()

    def label(self, key: str) -> str:
        """A printed word of the page's language, as its catalogue has it."""
        return load_labels(self.lang)(key)

    @property
    def ids(self) -> set[str]:
        return {d["id"] for d in self.drills}

    @property
    def card_pages(self) -> list[str]:
        """The text of each page of the site's cards.pdf, read by pdfium."""
        return page_texts(self.folder / "cards.pdf")


def make_site(folder: Path, *args: str) -> Path:
    """`drillcards site ... --out folder/site`, run in folder (so no club.toml is picked up)."""
    out = folder / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        result = CliRunner().invoke(cli, ["site", *args, "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (out / "index.html").is_file(), result.output
    return out


@pytest.fixture(scope="module")
def builtin_site(tmp_path_factory) -> Site:
    folder = make_site(tmp_path_factory.mktemp("builtin"))
    return Site(folder, BUILTIN["drills"], BUILTIN["sessions"], "Running drills", "pogo")


@pytest.fixture(scope="module")
def club_site(tmp_path_factory) -> Site:
    folder = tmp_path_factory.mktemp("club")
    (folder / "drills.json").write_text(json.dumps(CLUB_LIBRARY), encoding="utf-8")
    (folder / "club.toml").write_text(CLUB_TOML, encoding="utf-8")
    shutil.copy(ROOT / "docs" / "example-club" / "crest.png", folder / "crest.png")
    out = make_site(folder, "--drills", "drills.json", "--club", "club.toml")
    return Site(out, CLUB_LIBRARY["drills"], CLUB_LIBRARY["sessions"], CLUB_NAME, "SKIPS")


def in_language(entries: list[dict], lang: str) -> list[dict]:
    """The drills or sessions of a file as printed in a language: their translated words."""
    return [{**entry, **entry.get("translations", {}).get(lang, {})} for entry in entries]


@pytest.fixture(scope="module")
def german_site(tmp_path_factory) -> Site:
    folder = tmp_path_factory.mktemp("german")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        result = CliRunner().invoke(
            cli, ["build", "--lang", "en,de", "--out", "out"], catch_exceptions=False
        )
    assert result.exit_code == 0, result.output
    heading = load_labels("de")("handout_title")
    return Site(
        folder / "out" / "de" / "site",
        in_language(BUILTIN["drills"], "de"),
        in_language(BUILTIN["sessions"], "de"),
        heading,
        "fussgelenk".replace("ss", "ß"),
        "de",
    )


@pytest.fixture(scope="module", params=["builtin", "club", "german"])
def site(request) -> Site:
    return request.getfixturevalue(f"{request.param}_site")


# --- index.html without a browser --------------------------------------------------------------


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    article: str | None  # id of the enclosing <article>, if any
    text: str = ""  # text inside (with the alt text of images), for headings and links


@dataclass
class Page:
    html_attrs: dict[str, str | None]
    elements: list[Element]

    def all(self, tag: str) -> list[Element]:
        return [e for e in self.elements if e.tag == tag]

    def articles(self, kind: str) -> list[Element]:
        return [e for e in self.all("article") if kind in (e.attrs.get("class") or "").split()]

    def inside(self, article_id: str, tag: str) -> list[Element]:
        return [e for e in self.all(tag) if e.article == article_id]


class _Reader(html.parser.HTMLParser):
    VOID = frozenset(
        {
            "area",
            "base",
            "br",
            "col",
            "embed",
            "hr",
            "img",
            "input",
            "link",
            "meta",
            "source",
            "track",
            "wbr",
        }
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.html_attrs: dict[str, str | None] = {}
        self.elements: list[Element] = []
        self.articles: list[str | None] = []
        self.open: list[Element] = []  # elements whose text is being collected

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.html_attrs = attributes
        if tag == "article":
            self.articles.append(attributes.get("id"))
        element = Element(tag, attributes, self.articles[-1] if self.articles else None)
        if tag == "img":  # an image's alt text names the link around it
            self.handle_data(f" {attributes.get('alt') or ''} ")
        self.elements.append(element)
        if tag not in self.VOID and tag in {
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "a",
            "option",
            "title",
            "p",
        }:
            self.open.append(element)

    def handle_endtag(self, tag):
        if tag == "article" and self.articles:
            self.articles.pop()
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i].tag == tag:
                del self.open[i]
                break

    def handle_data(self, data):
        for element in self.open:
            element.text += data


def parse_page(path: Path) -> Page:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    for element in reader.elements:
        element.text = " ".join(element.text.split())
    return Page(reader.html_attrs, reader.elements)


def references(page: Page) -> list[tuple[Element, str, str]]:
    """(element, attribute, value) for every URL the page names."""
    found = []
    for element in page.elements:
        for name in ("href", "src", "poster", "data", "action"):
            value = element.attrs.get(name)
            if value is not None:
                found.append((element, name, value.strip()))
        for name in ("srcset", "imagesrcset"):
            for candidate in (element.attrs.get(name) or "").split(","):
                if candidate.strip():
                    found.append((element, name, candidate.split()[0]))
    return found


def is_external(url: str) -> bool:
    """Whether the browser would fetch the URL from elsewhere (a data: URL is inline)."""
    parts = urlsplit(url)
    return parts.scheme != "data" and bool(parts.scheme or parts.netloc or url.startswith("//"))


# The page of another language of the same build: out/de/site/ links ../../en/site/index.html.
OTHER_LANGUAGE = re.compile(r"\.\./\.\./[a-z]{2}/site/index\.html")


def local_file(site: Site, url: str) -> Path:
    """The file a relative URL in index.html names, checked to be inside the site's folder (or,
    for a link to another language, inside the build's folder of that language)."""
    path = unquote(urlsplit(url).path)
    target = (site.folder / path).resolve()
    home = site.folder.parent.parent if OTHER_LANGUAGE.fullmatch(url) else site.folder
    assert target.is_relative_to(home.resolve()), f"{url} leaves the site's folder"
    return target


def test_the_page_declares_its_language_viewport_and_one_h1(site):
    page = site.page
    assert page.html_attrs.get("lang") == site.lang
    viewports = [m for m in page.all("meta") if m.attrs.get("name") == "viewport"]
    assert len(viewports) == 1
    assert "width=device-width" in (viewports[0].attrs.get("content") or "").replace(" ", "")
    assert [h.text for h in page.all("h1")] == [site.heading]
    titles = [t.text for t in page.all("title")]
    assert len(titles) == 1 and titles[0]


def test_every_drill_is_listed_with_its_thumbnail_and_links(site):
    page = site.page
    articles = page.articles("drill")
    assert [a.attrs.get("id") for a in articles] == [f"drill-{d['id']}" for d in site.drills]
    for drill, article in zip(site.drills, articles, strict=True):
        ident = article.attrs["id"]
        assert article.attrs.get("data-level") == drill.get("level", "")
        assert article.attrs.get("data-category") == drill.get("category", "")
        assert "hidden" not in article.attrs, f"{ident} is hidden before any filter"
        assert [h.text for h in page.inside(ident, "h3")] == [drill["name"]]
        thumbs = [
            i for i in page.inside(ident, "img") if "thumb" in (i.attrs.get("class") or "").split()
        ]
        assert [i.attrs.get("src") for i in thumbs] == [f"previews/{drill['id']}-sheet.png"]
        assert (thumbs[0].attrs.get("alt") or "").strip()
        hrefs = {a.attrs.get("href") for a in page.inside(ident, "a")}
        assert {f"sheets/{drill['id']}.pdf", drill["video"]} <= hrefs
        # the card link opens the deck at the page with the drill's card on it
        [card] = [href for href in hrefs if href.startswith("cards.pdf#page=")]
        number = int(card.removeprefix("cards.pdf#page="))
        assert collapse(drill["name"]) in collapse(site.card_pages[number - 1])
        assert urlsplit(drill["video"]).scheme == "https"
        for link in page.inside(ident, "a"):
            named = link.text or (link.attrs.get("aria-label") or "").strip()
            assert named, f"a link in {ident} has no name"


def test_every_session_and_the_handout_are_linked(site):
    page = site.page
    articles = page.articles("session")
    assert [a.attrs.get("id") for a in articles] == [f"session-{s['id']}" for s in site.sessions]
    for session, article in zip(site.sessions, articles, strict=True):
        hrefs = {a.attrs.get("href") for a in page.inside(article.attrs["id"], "a")}
        assert f"sessions/{session['id']}.pdf" in hrefs
    assert "handout.pdf" in {a.attrs.get("href") for a in page.all("a")}


def test_the_filters_offer_every_level_and_category_present(site):
    page = site.page
    selects = {s.attrs.get("id") for s in page.all("select")}
    assert {"filter-level", "filter-category"} <= selects
    assert any(
        i.attrs.get("id") == "search" and i.attrs.get("type") == "search" for i in page.all("input")
    )
    shown = [p for p in page.all("p") if p.attrs.get("id") == "shown"]
    assert len(shown) == 1 and shown[0].attrs.get("aria-live") == "polite"
    assert str(len(site.drills)) in re.findall(r"\d+", shown[0].text)
    reader = _options(site.folder / "index.html")
    for select, key in (("filter-level", "level"), ("filter-category", "category")):
        values = reader[select]
        assert values[0] == "", f"#{select} does not start with an option for all"
        present = {d[key] for d in site.drills if d.get(key)}
        assert sorted(values[1:]) == sorted(present), f"#{select}: {values}"


def _options(path: Path) -> dict[str, list[str]]:
    """The option values of each <select>, by the select's id."""

    class Options(html.parser.HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.select: str | None = None
            self.found: dict[str, list[str]] = {}

        def handle_starttag(self, tag, attrs):
            attributes = dict(attrs)
            if tag == "select":
                self.select = attributes.get("id") or ""
                self.found[self.select] = []
            elif tag == "option" and self.select is not None:
                self.found[self.select].append(attributes.get("value") or "")

        def handle_endtag(self, tag):
            if tag == "select":
                self.select = None

    reader = Options()
    reader.feed(path.read_text(encoding="utf-8"))
    return reader.found


def test_every_relative_link_names_a_file_in_the_folder(site):
    """Every relative href and src resolves to a file of the site: PDFs are PDFs, PNGs are PNGs;
    the only links out are the drills' videos."""
    videos = {d["video"] for d in site.drills}
    ids = {e.attrs.get("id") for e in site.page.elements}
    checked = 0
    for element, name, url in references(site.page):
        if url.startswith("#"):
            assert url[1:] in ids, f"{url}: no element with that id"
        elif url.startswith("data:"):
            continue
        elif is_external(url):
            assert element.tag == "a" and url in videos, f"<{element.tag} {name}={url!r}> links out"
        else:
            target = local_file(site, url)
            assert target.is_file(), f"<{element.tag} {name}={url!r}>: no such file"
            head = target.read_bytes()[:8]
            if target.suffix == ".pdf":
                assert head.startswith(b"%PDF-"), url
            elif target.suffix == ".png":
                assert head == b"\x89PNG\r\n\x1a\n", url
            checked += 1
    links = 3 * len(site.drills) + len(site.sessions) + 1  # sheet, card and thumbnail; handout
    assert checked >= links


def test_nothing_is_fetched_from_elsewhere(site):
    """Images, scripts, styles, fonts: all from the folder, also inside the CSS."""
    for element, name, url in references(site.page):
        if element.tag != "a":
            assert not is_external(url), f"<{element.tag} {name}={url!r}> is fetched from elsewhere"
    styles = [
        local_file(site, e.attrs["href"]).read_text(encoding="utf-8")
        for e in site.page.all("link")
        if "stylesheet" in (e.attrs.get("rel") or "").split()
    ]
    styles += [_inline_styles(site.folder / "index.html")]
    for css in styles:
        for url in re.findall(r"""url\(\s*['"]?([^'")\s]+)""", css):
            assert not is_external(url), url
        for url in re.findall(r"""@import\s+(?:url\()?\s*['"]?([^'")\s;]+)""", css):
            assert not is_external(url), url


def _inline_styles(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    blocks = re.findall(r"<style[^>]*>(.*?)</style>", text, re.S | re.I)
    return "\n".join(blocks + re.findall(r'style="([^"]*)"', text))


# --- the browser -------------------------------------------------------------------------------


def _missing(what: str) -> None:
    missing(
        f"{what}, needed for the browser tests (tests/products/test_site_browser.py),",
        "chromium chromium-driver",
    )


def _program(name: str, debian: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    return debian if os.access(debian, os.X_OK) else None


@pytest.fixture(scope="module")
def browser_programs() -> tuple[str, str]:
    if webdriver is None:
        _missing("selenium (pip install '.[test]')")
    chromium = _program("chromium", "/usr/bin/chromium")
    chromedriver = _program("chromedriver", "/usr/bin/chromedriver")
    if chromium is None:
        _missing("Chromium (apt-get install chromium)")
    if chromedriver is None:
        _missing("ChromeDriver (apt-get install chromium-driver)")
    return chromium, chromedriver


def start_chromium(programs: tuple[str, str], javascript: bool = True):
    chromium, chromedriver = programs
    options = webdriver.ChromeOptions()
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--allow-file-access-from-files",
        "--window-size=1280,900",
    ):
        options.add_argument(argument)
    options.binary_location = chromium
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2}
        )
    # Both programs are named, so Selenium Manager has nothing to find; offline, it could not.
    service = Service(executable_path=chromedriver, log_output=subprocess.DEVNULL)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SE_OFFLINE", "true")
        return webdriver.Chrome(options=options, service=service)


@pytest.fixture(scope="module")
def driver(browser_programs):
    browser = start_chromium(browser_programs)
    yield browser
    browser.quit()


@pytest.fixture(scope="module")
def driver_without_javascript(browser_programs):
    browser = start_chromium(browser_programs, javascript=False)
    browser.get("data:text/html,<title>off</title><script>document.title = 'on'</script>")
    assert browser.title == "off", "the page's scripts still run"
    yield browser
    browser.quit()


def open_page(driver, site: Site, width: int = 1280, height: int = 900) -> None:
    """Load index.html afresh at a desktop window size, with the console emptied first."""
    driver.get_log("browser")
    driver.set_window_size(width, height)
    driver.get(site.url)
    WebDriverWait(driver, WAIT).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )


def console_problems(driver) -> list[str]:
    """What the page said on the console at warning level or above since the last call."""
    return [
        f"{e['level']}: {e['message']}"
        for e in driver.get_log("browser")
        if e["level"] in ("SEVERE", "WARNING")
    ]


def wait_for(driver, condition, what: str):
    try:
        return WebDriverWait(driver, WAIT, poll_frequency=0.05).until(lambda d: condition())
    except TimeoutException:
        pytest.fail(f"waited {WAIT} s for {what}", pytrace=False)


def test_the_page_opens_from_disk_with_a_title_and_a_quiet_console(driver, site):
    open_page(driver, site)
    assert driver.title.strip()
    assert driver.find_element(By.TAG_NAME, "h1").text.strip() == site.heading
    assert console_problems(driver) == []


def test_every_image_loads_and_nothing_is_requested_from_elsewhere(driver, site):
    open_page(driver, site)
    images = driver.find_elements(By.TAG_NAME, "img")
    assert len(images) >= len(site.drills)
    for image in images:  # scrolled to one by one, as lazy images load only near the viewport
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", image)
        source = image.get_attribute("src")
        wait_for(driver, lambda image=image: image.get_property("complete"), f"{source} to load")
        assert image.get_property("naturalWidth") > 0, f"{source} does not decode"
        assert (image.get_attribute("alt") or "").strip(), f"{source} has no alt text"
    # Chromium times only network requests (not file: ones): any entry is a request out.
    requested = driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    assert [url for url in requested if not url.startswith("file:")] == []
    assert console_problems(driver) == []


def test_every_link_names_what_it_opens(driver, site):
    open_page(driver, site)
    for drill in site.drills:
        article = driver.find_element(By.ID, f"drill-{drill['id']}")
        names = {}
        for link in article.find_elements(By.CSS_SELECTOR, "a[href]"):
            name = link.accessible_name.strip()
            assert name, f"a link in drill-{drill['id']} has no accessible name"
            names.setdefault(link.get_attribute("href"), []).append(name.casefold())
        sheet = (site.folder / "sheets" / f"{drill['id']}.pdf").as_uri()
        deck = (site.folder / "cards.pdf").as_uri() + "#page="
        card = next(href for href in names if href.startswith(deck))
        for href, key in (
            (sheet, "sheet_link"),
            (card, "card_link"),
            (drill["video"], "video_link"),
        ):
            word = site.label(key).casefold()
            assert any(word in name for name in names.get(href, [])), (drill["id"], word, names)
            assert any(drill["name"].casefold() in name for name in names.get(href, []))
    for session in site.sessions:
        link = driver.find_element(By.CSS_SELECTOR, f"#session-{session['id']} a[href$='.pdf']")
        assert site.label("session_link").casefold() in link.accessible_name.casefold()
    handout = driver.find_element(By.CSS_SELECTOR, "a[href='handout.pdf']")
    assert handout.accessible_name.casefold() == site.label("handout_link").casefold()


def test_without_javascript_every_drill_is_listed(driver_without_javascript, site):
    browser = driver_without_javascript
    browser.get(site.url)
    articles = browser.find_elements(By.CSS_SELECTOR, "article.drill")
    assert len(articles) == len(site.drills)
    assert [a.get_attribute("id") for a in articles if not a.is_displayed()] == []
    links = browser.find_elements(By.CSS_SELECTOR, "article a[href], a[href='handout.pdf']")
    assert len(links) >= 3 * len(site.drills) + len(site.sessions) + 1
    assert [link.get_attribute("href") for link in links if not link.is_displayed()] == []


# --- filters -----------------------------------------------------------------------------------


def shown_drills(driver, site: Site) -> set[str]:
    """Ids of the drills a runner sees; checks the `hidden` attribute agrees with what shows."""
    seen = set()
    for article in driver.find_elements(By.CSS_SELECTOR, "article.drill"):
        ident = article.get_attribute("id").removeprefix("drill-")
        displayed = article.is_displayed()
        hidden = article.get_attribute("hidden") is not None
        assert displayed != hidden, f"drill-{ident}: displayed={displayed}, hidden={hidden}"
        if displayed:
            seen.add(ident)
    return seen


def shown_count(driver) -> str:
    return driver.find_element(By.ID, "shown").text


def expect_shown(driver, site: Site, expected: set[str], what: str) -> None:
    wait_for(
        driver,
        lambda: shown_drills(driver, site) == expected,
        f"{what}: only {sorted(expected)} shown",
    )
    text = shown_count(driver)
    says = str(len(expected)) in re.findall(r"\d+", text)
    assert says or (not expected and "no" in text.lower().split()), (
        f"{what}: #shown says {text!r} with {len(expected)} shown"
    )


@pytest.mark.parametrize("key", ["level", "category"])
def test_a_filter_shows_only_the_drills_that_match(driver, site, key):
    open_page(driver, site)
    control = driver.find_element(By.ID, f"filter-{key}")
    assert control.is_displayed() and control.is_enabled()
    select = Select(control)
    values = [o.get_attribute("value") for o in select.options]
    assert values[0] == ""
    expect_shown(driver, site, site.ids, "before filtering")
    for value in values[1:]:
        select.select_by_value(value)
        expected = {d["id"] for d in site.drills if d.get(key) == value}
        assert expected, f"{key} {value!r} is offered but no drill has it"
        expect_shown(driver, site, expected, f"{key} {value!r}")
    select.select_by_value("")
    expect_shown(driver, site, site.ids, f"all {key}s again")
    assert console_problems(driver) == []


def test_level_category_and_search_combine(driver, site):
    drill = site.drills[-1]
    open_page(driver, site)
    Select(driver.find_element(By.ID, "filter-level")).select_by_value(drill["level"])
    Select(driver.find_element(By.ID, "filter-category")).select_by_value(drill["category"])
    expected = {
        d["id"]
        for d in site.drills
        if (d.get("level"), d.get("category")) == (drill["level"], drill["category"])
    }
    expect_shown(driver, site, expected, "a level and a category")
    word = drill["name"].split()[0].casefold()
    named = {d["id"] for d in site.drills if d["id"] in expected and word in d["name"].casefold()}
    mentioned = {d["id"] for d in site.drills if d["id"] in expected and word in _searchable(d)}
    driver.find_element(By.ID, "search").send_keys(word)
    wait_for(
        driver,
        lambda: named <= shown_drills(driver, site) <= mentioned,
        f"{word!r} within the level and category: {sorted(named)} shown",
    )
    assert console_problems(driver) == []


def _searchable(drill: dict) -> str:
    """Every text of a drill that a search might look in."""
    texts = [
        drill["name"],
        drill["summary"],
        *drill["cues"],
        drill.get("category", ""),
        drill.get("level", ""),
        drill.get("dosage", ""),
        *drill.get("focus", []),
        *drill.get("variations", []),
        *drill.get("equipment", []),
    ]
    texts += [f"{f['fault']} {f['fix']}" for f in drill["faults"]]
    return " ".join(texts).casefold()


def test_the_search_box_shows_drills_whose_text_has_the_word(driver, site):
    word = site.search
    named = {d["id"] for d in site.drills if word.casefold() in d["name"].casefold()}
    mentioned = {d["id"] for d in site.drills if word.casefold() in _searchable(d)}
    assert named and named != site.ids  # the word must tell drills apart
    open_page(driver, site)
    box = driver.find_element(By.ID, "search")
    assert box.get_attribute("type") == "search" and box.is_displayed()
    box.click()
    box.send_keys(word)  # typed key by key: the page sees input events as from a person
    wait_for(
        driver,
        lambda: named <= shown_drills(driver, site) <= mentioned,
        f"{word!r}: {sorted(named)} shown, none without the word",
    )
    count = len(shown_drills(driver, site))
    assert str(count) in re.findall(r"\d+", shown_count(driver)), shown_count(driver)
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.BACKSPACE)
    expect_shown(driver, site, site.ids, "the search box emptied")
    box.send_keys("zqxj")
    expect_shown(driver, site, set(), "a word no drill has")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.BACKSPACE)
    expect_shown(driver, site, site.ids, "the search box emptied again")
    assert console_problems(driver) == []


# --- keyboard ----------------------------------------------------------------------------------

FOCUSABLE = "a[href], select, input, button, textarea, [tabindex]"


def tab_through(driver, steps: int) -> list[int]:
    """Press Tab from the top of the page; the index (in FOCUSABLE order) of each element that
    gets focus, until focus comes round again or leaves the page's elements."""
    driver.execute_script(
        "document.activeElement && document.activeElement.blur();window.scrollTo(0, 0)"
    )
    visited: list[int] = []
    for _ in range(steps):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        index = driver.execute_script(
            "return Array.prototype.indexOf.call("
            f"document.querySelectorAll({FOCUSABLE!r}), document.activeElement)"
        )
        if index < 0 or index in visited:
            break
        visited.append(index)
    return visited


def test_the_keyboard_reaches_the_filters_and_every_link_in_order(driver, site):
    open_page(driver, site)
    elements = driver.find_elements(By.CSS_SELECTOR, FOCUSABLE)
    positive = [
        e.get_attribute("outerHTML")[:80]
        for e in elements
        if int(e.get_attribute("tabindex") or 0) > 0
    ]
    assert positive == [], "a positive tabindex takes elements out of the page's order"
    visited = tab_through(driver, len(elements) + 5)
    ids = [elements[i].get_attribute("id") for i in visited]
    for control in ("filter-level", "filter-category", "search"):
        assert control in ids, f"Tab never reaches #{control}"
    assert visited == sorted(visited), "Tab does not follow the page's order"
    links = [
        i
        for i, e in enumerate(elements)
        if e.tag_name == "a" and e.find_elements(By.XPATH, "ancestor::article")
    ]
    assert set(links) <= set(visited), "Tab misses links of drills or sessions"
    assert min(ids.index(c) for c in ("filter-level", "filter-category", "search")) < min(
        visited.index(i) for i in links
    ), "the filters come after the drills"


def test_the_keyboard_skips_the_drills_a_filter_hides(driver, site):
    open_page(driver, site)
    level = site.drills[0]["level"]
    Select(driver.find_element(By.ID, "filter-level")).select_by_value(level)
    expected = {d["id"] for d in site.drills if d.get("level") == level}
    expect_shown(driver, site, expected, f"level {level!r}")
    elements = driver.find_elements(By.CSS_SELECTOR, FOCUSABLE)
    reached = set()
    for i in tab_through(driver, len(elements) + 5):
        article = elements[i].find_elements(By.XPATH, "ancestor::article[@data-level]")
        if article:
            reached.add(article[0].get_attribute("id").removeprefix("drill-"))
    assert reached == expected


# --- phone widths ------------------------------------------------------------------------------

OVERFLOW = """
const width = document.documentElement.clientWidth;
const wide = [];
for (const element of document.body.querySelectorAll('*')) {
  const box = element.getBoundingClientRect();
  if (box.width > 0 && box.height > 0 && box.right > width + 1) {
    wide.push(element.tagName.toLowerCase() + (element.id ? '#' + element.id : '')
              + (element.className ? '.' + String(element.className).trim() : '')
              + ' right=' + Math.round(box.right));
  }
}
return {inner: window.innerWidth, client: width,
        scroll: document.documentElement.scrollWidth, wide: wide.slice(0, 10),
        thumbs: Array.from(document.querySelectorAll('img.thumb'),
                           i => i.getBoundingClientRect().width)};
"""


@pytest.mark.parametrize(("width", "height"), [(375, 812), (320, 640)])
def test_on_a_phone_nothing_scrolls_sideways(driver, site, width, height):
    """A phone's viewport (mobile emulation, so the viewport meta tag is what sets the width):
    no horizontal scrolling, no element past the right edge, thumbnails within the screen."""
    open_page(driver, site)
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 2, "mobile": True},
    )
    try:
        driver.get(site.url)
        wait_for(
            driver,
            lambda: driver.execute_script("return innerWidth") == width,
            f"the page to lay out {width} px wide (viewport meta tag)",
        )
        layout = driver.execute_script(OVERFLOW)
        assert layout["scroll"] <= layout["client"], layout
        assert layout["scroll"] <= layout["inner"], layout
        assert layout["wide"] == [], layout
        assert layout["thumbs"] and max(layout["thumbs"]) <= layout["client"], layout
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


# --- headings and contrast ---------------------------------------------------------------------


def test_headings_go_down_one_level_at_a_time(driver, site):
    open_page(driver, site)
    levels = driver.execute_script(
        "return Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6'),"
        " h => Number(h.tagName[1]))"
    )
    assert levels[0] == 1 and levels.count(1) == 1, levels
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, f"a heading level is skipped: {levels}"
    names = [h.text for h in driver.find_elements(By.CSS_SELECTOR, "article.drill h3")]
    assert names == [d["name"] for d in site.drills]


COLOURS = """
const canvas = document.createElement('canvas');
canvas.width = canvas.height = 1;
const context = canvas.getContext('2d', {willReadFrequently: true});
function rgba(css) {  // any CSS colour (rgb, oklch, color(), ...) as sRGB bytes and alpha 0-1
  context.clearRect(0, 0, 1, 1);
  context.fillStyle = '#000';
  context.fillStyle = css;
  context.fillRect(0, 0, 1, 1);
  const [r, g, b, a] = context.getImageData(0, 0, 1, 1).data;
  return [r, g, b, a / 255];
}
function background(element) {  // the backgrounds behind the element, nearest first
  const layers = [];
  for (let e = element; e; e = e.parentElement) {
    const colour = rgba(getComputedStyle(e).backgroundColor);
    if (colour[3] > 0) layers.push(colour);
    if (colour[3] === 1) break;
  }
  return layers;
}
const found = [];
for (const element of document.querySelectorAll('body *')) {
  const own = Array.from(element.childNodes).some(
    n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
  const box = element.getBoundingClientRect();
  const style = getComputedStyle(element);
  if (!own || box.width <= 1 || box.height <= 1 || style.visibility !== 'visible') continue;
  found.push({
    what: element.tagName.toLowerCase() + (element.id ? '#' + element.id : '') + ' '
          + element.textContent.trim().slice(0, 30),
    tag: element.tagName.toLowerCase(), link: !!element.closest('a'),
    colour: rgba(style.color), background: background(element),
    size: parseFloat(style.fontSize), bold: Number(style.fontWeight) >= 700,
  });
}
return found;
"""


def luminance(rgb) -> float:
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def over(top, bottom) -> list[float]:
    """Colour `top` (r, g, b, alpha) painted over the opaque colour `bottom`."""
    alpha = top[3]
    return [alpha * t + (1 - alpha) * b for t, b in zip(top[:3], bottom[:3], strict=True)]


def contrast(text, layers) -> float:
    behind = [255.0, 255.0, 255.0]  # the canvas under a page without a background is white
    for layer in reversed(layers):
        behind = over(layer, behind)
    ink = over(text, behind)
    light, dark = sorted((luminance(ink), luminance(behind)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_and_links_stand_out_from_the_background(driver, site, scheme):
    """WCAG AA: 4.5:1 for links, the h1 and body text; 3:1 for other large text (24 px, or 18.7
    px bold). Also when the phone asks for a dark colour scheme."""
    open_page(driver, site)
    driver.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {"features": [{"name": "prefers-color-scheme", "value": scheme}]},
    )
    try:
        found = driver.execute_script(COLOURS)
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    assert any(f["tag"] == "h1" for f in found) and any(f["link"] for f in found)
    low = []
    for item in found:
        large = item["size"] >= 24 or (item["bold"] and item["size"] >= 18.66)
        needed = 4.5 if item["link"] or item["tag"] == "h1" or not large else 3.0
        ratio = contrast(item["colour"], item["background"])
        if ratio < needed:
            low.append(f"{item['what']!r}: {ratio:.2f} < {needed}")
    assert low == []


# --- languages ---------------------------------------------------------------------------------


def test_the_count_speaks_the_page_language(driver, german_site):
    """The script says how many drills show with the catalogue's forms: "1 von 12 Übungen
    angezeigt", not English."""
    site = german_site
    open_page(driver, site)
    forms = tomllib.loads((ROOT / "templates" / "lang" / "de.toml").read_text("utf-8"))["labels"]
    total = len(site.drills)
    wait_for(
        driver,
        lambda: shown_count(driver) == forms["shown"]["other"].format(n=total),
        f"the German count of all {total} drills",
    )
    driver.find_element(By.ID, "search").send_keys(site.drills[0]["name"])
    expected = forms["shown_of"]["one"].format(n=1, total=total)
    wait_for(driver, lambda: shown_count(driver) == expected, f"the count {expected!r}")
    assert console_problems(driver) == []


# A Polish page of 25 drills; a search word shared by the first 22, 5, 2 and 1 of them.
POLISH_GROUPS = {22: "kappa", 5: "lambda", 2: "omega", 1: "sigma"}


@pytest.fixture(scope="module")
def polish_site(tmp_path_factory) -> Site:
    folder = tmp_path_factory.mktemp("polish")
    drills = [
        make_drill(
            id=f"drill-{i:02d}",
            name=f"Drill {i}",
            summary="Words: "
            + " ".join(word for size, word in POLISH_GROUPS.items() if i <= size)
            + ".",
        )
        for i in range(1, 26)
    ]
    (folder / "drills.json").write_text(json.dumps({"drills": drills}), encoding="utf-8")
    out = make_site(folder, "--drills", "drills.json", "--lang", "pl")
    return Site(out, drills, [], load_labels("pl")("handout_title"), "kappa", "pl")


def test_the_count_takes_the_polish_form_cldr_gives_each_number(driver, polish_site):
    """Polish says 1 ćwiczenie, 2 and 22 ćwiczenia, 5 and 25 ćwiczeń: the script picks the form
    by the language's plural rules, as the PDFs do."""
    site = polish_site
    open_page(driver, site)
    forms = tomllib.loads((ROOT / "templates" / "lang" / "pl.toml").read_text("utf-8"))["labels"]
    assert shown_count(driver) == forms["shown"]["many"].format(n=25) == "Pokazano 25 ćwiczeń"
    search = driver.find_element(By.ID, "search")
    expected = {
        22: "Pokazano 22 ćwiczenia z 25",
        5: "Pokazano 5 ćwiczeń z 25",
        2: "Pokazano 2 ćwiczenia z 25",
        1: "Pokazano 1 ćwiczenie z 25",
    }
    for size, word in POLISH_GROUPS.items():
        search.clear()
        search.send_keys(word)
        wait_for(
            driver,
            lambda size=size: shown_count(driver) == expected[size],
            f"the Polish count {expected[size]!r}",
        )
    assert console_problems(driver) == []


def test_the_language_links_open_the_other_language(driver, german_site):
    site = german_site
    open_page(driver, site)
    links = driver.find_elements(By.CSS_SELECTOR, "nav.languages a")
    assert [link.text for link in links] == ["English", "Deutsch"]
    current = driver.find_element(By.CSS_SELECTOR, "nav.languages a[aria-current='page']")
    assert current.text == "Deutsch"
    links[0].click()
    wait_for(
        driver,
        lambda: driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en",
        "the English page",
    )
    assert driver.find_element(By.TAG_NAME, "h1").text == load_labels("en")("handout_title")
    back = driver.find_element(By.CSS_SELECTOR, "nav.languages a[hreflang='de']")
    back.click()
    wait_for(
        driver,
        lambda: driver.find_element(By.TAG_NAME, "h1").text == site.heading,
        "the German page again",
    )
    assert console_problems(driver) == []
