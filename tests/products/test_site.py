"""The drill catalogue web site and previews, read as files
(tests/products/test_site_browser.py opens it
in a real browser)."""

from __future__ import annotations

import io
import json
from html.parser import HTMLParser
from pathlib import Path

from PIL import Image

from cards.products.site import readable_on_white
from tests.conftest import BUILTIN, ROOT, make_drill

DRILL_IDS = [d["id"] for d in BUILTIN["drills"]]
SESSION_IDS = [s["id"] for s in BUILTIN["sessions"]]


class Page(HTMLParser):
    """The parts of index.html the tests look at."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.links: list[str] = []
        self.sources: list[str] = []
        self.articles: list[dict[str, str]] = []
        self.headings: list[int] = []
        self.hidden_ids: list[str] = []
        self.images: list[dict[str, str]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = {key: value or "" for key, value in attrs}
        if tag == "a":
            self.links.append(attrs["href"])
        if tag in ("img", "script") or (tag == "link" and attrs.get("rel") == "stylesheet"):
            self.sources.append(attrs.get("src") or attrs.get("href"))
        if tag == "img":
            self.images.append(attrs)
        if tag == "article":
            self.articles.append(attrs)
        if tag in ("h1", "h2", "h3", "h4"):
            self.headings.append(int(tag[1]))
        if "hidden" in attrs and "id" in attrs:
            self.hidden_ids.append(attrs["id"])


def _page(folder: Path) -> Page:
    return Page((folder / "index.html").read_text(encoding="utf-8"))


def test_the_site_links_only_files_it_holds_and_lists_every_drill_without_javascript(run, tmp_path):
    result = run("site")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "out" / "site"
    page = _page(folder)
    drills = [a for a in page.articles if a.get("class") == "drill"]
    assert [a["id"] for a in drills] == [f"drill-{i}" for i in DRILL_IDS]
    assert [a["id"] for a in page.articles if a.get("class") == "session"] == [
        f"session-{i}" for i in SESSION_IDS
    ]
    assert page.hidden_ids == ["filters"]  # the filters need JavaScript, the list does not
    local = [
        ref.split("#")[0] for ref in [*page.links, *page.sources] if not ref.startswith("https://")
    ]
    assert sorted({Path(ref).parts[0] for ref in local}) == [
        "cards.pdf",
        "handout.pdf",
        "pictures",
        "previews",
        "sessions",
        "sheets",
        "site.css",
        "site.js",
    ]
    # a drill's card link opens the deck at the page with its card (four cards to an A4 page)
    cards = [ref for ref in page.links if ref.startswith("cards.pdf#page=")]
    assert cards == [f"cards.pdf#page={index // 4 * 2 + 1}" for index in range(len(DRILL_IDS))]
    for ref in local:
        assert (folder / ref).is_file(), ref
        if ref.endswith(".pdf"):
            assert (folder / ref).read_bytes().startswith(b"%PDF"), ref
    assert all(not ref.startswith(("http", "//")) for ref in page.sources)  # nothing fetched
    videos = [ref for ref in page.links if ref.startswith("https://")]
    assert videos == [d["video"] for d in BUILTIN["drills"]]
    assert page.headings[0] == 1 and page.headings.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(page.headings, page.headings[1:], strict=False))
    for image in page.images:
        assert image["alt"], image
        if image["src"].endswith(
            ".svg"
        ):  # a drill's picture, as drawn (tests/render/test_pictures.py)
            continue
        with Image.open(folder / image["src"]) as picture:
            assert picture.format == "PNG" and picture.width == int(image["width"])
        assert (folder / image["src"]).stat().st_size < 30_000


def test_drill_text_is_escaped_in_the_page(run, tmp_path, drills_file):
    drills_file(
        {
            "drills": [
                make_drill(
                    id="odd",
                    name="Hop <b>& skip</b>",
                    summary='Say "go" <script>alert(1)</script>.',
                )
            ]
        }
    )
    assert run("site", "--drills", "drills.json").exit_code == 0
    text = (tmp_path / "out" / "site" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "Hop &lt;b&gt;&amp; skip&lt;/b&gt;" in text


def test_the_club_brands_the_site_and_a_pale_accent_still_reads(run, tmp_path):
    logo = tmp_path / "logo.png"
    Image.new("RGB", (40, 20), "#ffcc00").save(logo)
    (tmp_path / "club.toml").write_text(
        'name = "Riverside Harriers"\naccent = "#ffcc00"\n'
        'logo = "logo.png"\nfooter = "Tuesdays 18:30"\n'
    )
    assert run("site").exit_code == 0
    folder = tmp_path / "out" / "site"
    text = (folder / "index.html").read_text(encoding="utf-8")
    assert "<title>Riverside Harriers</title>" in text and "Tuesdays 18:30" in text
    assert (folder / "logo.png").read_bytes() == logo.read_bytes()
    assert "--accent: #ffcc00" in text
    readable = readable_on_white("#ffcc00")
    assert f"--accent-text: {readable}" in text and readable != "#ffcc00"
    assert run("build").exit_code == 0  # the build's site has the logo too
    assert (tmp_path / "out" / "site" / "logo.png").read_bytes() == logo.read_bytes()


def test_readable_on_white_reaches_the_contrast_text_needs():
    def contrast(color: str) -> float:
        def channel(c: int) -> float:
            c = c / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(int(color[i : i + 2], 16)) for i in (1, 3, 5))
        return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)

    for color in ("#ffffff", "#ffcc00", "#00ff00", "#0b6e4f", "#777777", "#000000"):
        assert contrast(readable_on_white(color)) >= 4.5, color
    assert readable_on_white("#0b6e4f") == "#0b6e4f"  # dark enough already: unchanged


def test_build_puts_the_same_site_in_out_site(run, tmp_path):
    assert run("build").exit_code == 0
    assert run("site", "--out", "alone").exit_code == 0
    built = {
        p.relative_to(tmp_path / "out" / "site"): p.read_bytes()
        for p in (tmp_path / "out" / "site").rglob("*")
        if p.is_file()
    }
    alone = {
        p.relative_to(tmp_path / "alone"): p.read_bytes()
        for p in (tmp_path / "alone").rglob("*")
        if p.is_file()
    }
    assert sorted(built) == sorted(alone)
    assert [path for path in built if built[path] != alone[path]] == []
    # the site's sheets are the build's own
    for drill_id in DRILL_IDS:
        assert (
            built[Path("sheets") / f"{drill_id}.pdf"]
            == (tmp_path / "out" / "sheets" / f"{drill_id}.pdf").read_bytes()
        )


def test_an_edit_remakes_only_the_site_files_that_show_the_drill(run, tmp_path, drills_file):
    library = {
        "drills": [
            make_drill(id=i, name=f"Drill {i}", video=f"https://example.org/v/{i}") for i in "abc"
        ],
        "sessions": [{"id": "s", "title": "S", "items": [{"drill": "a"}]}],
    }
    path = drills_file(library)
    assert run("build", "--drills", path).exit_code == 0
    site = tmp_path / "out" / "site"
    before = {
        p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()
    }
    library["drills"][1]["cues"] = ["Tall and quick"]
    path.write_text(json.dumps(library))
    assert run("build", "--drills", path).exit_code == 0
    after = {
        p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()
    }
    assert sorted(name for name in after if after[name] != before.get(name)) == [
        "cards.pdf",
        "handout.pdf",
        "index.html",
        "previews/b-sheet.png",
        "sheets/b.pdf",
    ]


def test_preview_writes_the_images_asked_for_and_nothing_for_an_unknown_id(run, tmp_path):
    result = run("preview", "pogo-jumps", "basic-coordination", "-o", "pics")
    assert result.exit_code == 0, result.output
    made = sorted(p.name for p in (tmp_path / "pics").iterdir())
    assert made == [
        "basic-coordination-session.png",
        "pogo-jumps-card.png",
        "pogo-jumps-picture.png",
        "pogo-jumps-sheet.png",
    ]
    card = Image.open(io.BytesIO((tmp_path / "pics" / "pogo-jumps-card.png").read_bytes()))
    assert abs(card.height / card.width - 105 / 74) < 0.02  # the A7 card's front alone
    result = run("preview", "pogo-jumps", "pogo-jumpz", "-o", "none")
    assert result.exit_code == 2 and '"pogo-jumpz"' in result.output
    assert "Traceback" not in result.output and not (tmp_path / "none").exists()


def test_the_templates_folder_ships_the_site_files():
    for name in ("site.html.j2", "site.css", "site.js"):
        assert (ROOT / "templates" / name).is_file()


def test_a_site_template_that_writes_without_end_is_stopped(run, tmp_path):
    layouts = tmp_path / "layouts"
    layouts.mkdir()
    (layouts / "site.html.j2").write_text(
        "{% for i in range(20000) %}{{ 'runrunrunrun' * 5 }}{% endfor %}"
    )
    result = run("site", "--templates", layouts)
    assert result.exit_code == 2 and "site.html.j2" in result.output
    assert "more than" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()
