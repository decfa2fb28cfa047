"""`drillcards serve` over HTTP, through Starlette's TestClient: the contract scripts rely on.

PDFs are compared byte for byte with what the CLI writes for the same input (CliRunner in
tmp_path); a mistake is status 400 with the CLI's own message; the caps hold; every response
carries the Content-Security-Policy; a save of the drills file is served on the next request, and
a broken one keeps the last good library while every page tells the mistake.

The server renders in two real worker processes (cards/server/pool.py), as it does when run.
"""

from __future__ import annotations

import html.parser
import json
import time
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from cards.cli import cli
from cards.commands.common import one_language
from cards.data.library import adhoc_session
from cards.products.preview import thumbnail
from cards.products.session import render_session
from cards.server.app import CSP, make_app
from cards.server.live import Sources
from cards.server.pool import PREVIEW_WIDTH, Busy, RenderPool
from cards.server.query import MAX_PARAMS, MAX_QUERY_BYTES
from tests.conftest import BUILTIN, make_drill, page_texts

EPOCH = "1780000000"  # the handout's cover prints the build's date: the same on both sides
BASIC = next(s for s in BUILTIN["sessions"] if s["id"] == "basic-coordination")


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("serve")


@pytest.fixture(scope="module")
def client(folder):
    """The server of the built-in library, run in an empty folder (no club.toml)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        with TestClient(make_app(workers=2, watch=False)) as test_client:
            yield test_client


def cli_output(folder: Path, *args: str) -> tuple[int, str, bytes | None]:
    """Run the CLI in `folder` writing to out.pdf: (exit code, output, the file's bytes)."""
    target = folder / "out.pdf"
    target.unlink(missing_ok=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = CliRunner().invoke(cli, [*args, "-o", str(target)], catch_exceptions=False)
    return result.exit_code, result.output, target.read_bytes() if target.exists() else None


def cli_message(output: str) -> str:
    """The CLI's error message, as it prints it after "Error: "."""
    return output[output.index("Error: ") + len("Error: ") :].strip()


# --- the same bytes as the CLI -----------------------------------------------------------------

SIX = [
    "ankle-drill",
    "stork-walk-flat",
    "pogo-jumps",
    "butt-kicks",
    "high-knees",
    "straight-leg-bounds",
]
SAME_AS_CLI = [
    ("/pdf/sheet/pogo-jumps.pdf", ["sheet", "pogo-jumps"]),
    (
        "/pdf/sheet/pogo-jumps.pdf?lang=de&paper=letter",
        ["sheet", "pogo-jumps", "--lang", "de", "--paper", "letter"],
    ),
    ("/pdf/cards.pdf", ["cards"]),
    (
        "/pdf/cards.pdf?drill=ankle-drill&drill=pogo-jumps&size=a6&paper=letter",
        ["cards", "ankle-drill", "pogo-jumps", "--size", "a6", "--paper", "letter"],
    ),
    (
        "/pdf/cards.pdf?drill=high-knees&lang=fr&size=a6",
        ["cards", "high-knees", "--lang", "fr", "--size", "a6"],
    ),
    ("/pdf/session.pdf?session=basic-coordination", ["session", "basic-coordination"]),
    (
        "/pdf/session.pdf?session=advanced-coordination&lang=it",
        ["session", "advanced-coordination", "--lang", "it"],
    ),
    (
        "/pdf/session.pdf?"
        + urlencode(
            [
                ("title", "Tuesday track"),
                ("date", "2026-12-01"),
                ("notes", "Bring spikes & water <1 l>"),
                *(("drill", d) for d in SIX),
            ]
        ),
        [
            "session",
            "--title",
            "Tuesday track",
            "--date",
            "2026-12-01",
            "--notes",
            "Bring spikes & water <1 l>",
            *SIX,
        ],
    ),
    (
        "/pdf/session.pdf?title=Hills&drill=ankle-drill&minutes=5&drill=pogo-jumps&minutes=4"
        "&drill=ankle-drill&minutes=3&lang=de",
        [
            "session",
            "--title",
            "Hills",
            "ankle-drill:5",
            "pogo-jumps:4",
            "ankle-drill:3",
            "--lang",
            "de",
        ],
    ),
    (
        "/pdf/session.pdf?title=Evening&start=18:30&warmup_minutes=10&drill=ankle-drill"
        "&minutes=5&drill=pogo-jumps&minutes=4&cooldown_minutes=5",
        [
            "session",
            "--title",
            "Evening",
            "--start",
            "18:30",
            "--warmup",
            "10",
            "--cooldown",
            "5",
            "ankle-drill:5",
            "pogo-jumps:4",
        ],
    ),
    (
        "/pdf/session.pdf?session=basic-coordination&start=19:05&notes=Spikes+today",
        ["session", "basic-coordination", "--start", "19:05", "--notes", "Spikes today"],
    ),
    (
        "/pdf/handout.pdf?session=basic-coordination",
        [
            "bundle",
            "--session",
            "basic-coordination",
            *(
                arg
                for item in dict.fromkeys(i["drill"] for i in BASIC["items"])
                for arg in ("--drill", item)
            ),
            "--title",
            BASIC["title"],
        ],
    ),
]


@pytest.mark.parametrize(("url", "args"), SAME_AS_CLI, ids=[u for u, _ in SAME_AS_CLI])
def test_a_pdf_is_the_bytes_the_cli_writes(client, folder, url, args):
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    code, output, pdf = cli_output(folder, *args)
    assert code == 0, output
    assert response.content == pdf


def test_a_session_made_here_with_a_start_is_the_library_s_own_session(client):
    """The builder's start and minutes reach data.library.adhoc_session (issue 20's API), and
    the sheet is what render_session makes of that session."""
    response = client.get(
        "/pdf/session.pdf?title=Evening&start=18:30&warmup_minutes=10"
        "&drill=ankle-drill&minutes=5&drill=pogo-jumps&minutes=4"
        "&cooldown_minutes=5"
    )
    assert response.status_code == 200, response.text
    made = one_language(None, None, None)
    session = adhoc_session(
        made.library,
        "Evening",
        ["ankle-drill:5", "pogo-jumps:4"],
        start="18:30",
        warmup_minutes=10,
        cooldown_minutes=5,
    )
    assert response.content == render_session(made.library, made.options, session).pdf
    text = " ".join(page_texts(response.content)[0].split())
    assert "18:30" in text and "18:54" in text  # 10 + 5 + 4 minutes after the start


def test_the_preview_is_page_one_of_that_pdf(client, folder):
    response = client.get("/preview/session.png?session=basic-coordination")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "image/png"
    _, _, pdf = cli_output(folder, "session", "basic-coordination")
    assert response.content == thumbnail(pdf, 0, PREVIEW_WIDTH)


def test_a_session_made_here_names_its_download_after_its_title(client):
    response = client.get("/pdf/session.pdf?title=Tuesday+track&drill=ankle-drill")
    assert response.headers["content-disposition"] == 'inline; filename="tuesday-track.pdf"'


def test_the_handout_of_a_session_made_here_holds_its_plan_and_each_drill_s_sheet(client):
    query = (
        "title=Basic+coordination&drill=pogo-jumps&dosage=3+%C3%97+15+jumps"
        "&note=Quiet+feet&drill=high-knees&dosage=&note=&drill=pogo-jumps"
    )
    response = client.get("/pdf/handout.pdf?" + query)
    assert response.status_code == 200, response.text
    pages = [" ".join(text.split()) for text in page_texts(response.content)]
    joined = " ".join(pages)
    assert "3 × 15 jumps" in joined and "Quiet feet" in joined
    # the plan, then one sheet per drill (pogo jumps once), after the cover and contents
    sheets = [p for p in pages if "drill sheet made with drillcards" in p]
    assert len(sheets) == 2
    # a title that is also the library's session's: the plan shown is this one, not the file's
    assert "Stork walk" not in joined


# --- mistakes: 400 and the CLI's message -------------------------------------------------------

AS_CLI_SAYS = [
    ("/pdf/sheet/ankle-dril.pdf", ["sheet", "ankle-dril"]),
    ("/pdf/cards.pdf?drill=pogo-jump", ["cards", "pogo-jump"]),
    ("/pdf/cards.pdf?lang=dee", ["cards", "--lang", "dee"]),
    ("/pdf/cards.pdf?lang=nl", ["cards", "--lang", "nl"]),
    ("/pdf/cards.pdf?size=a8", ["cards", "--size", "a8"]),
    ("/pdf/session.pdf?session=basic-cordination", ["session", "basic-cordination"]),
    (
        "/pdf/session.pdf?title=T&drill=ankle-dril&drill=pogo-jump",
        ["session", "--title", "T", "ankle-dril", "pogo-jump"],
    ),
    (
        "/pdf/session.pdf?title=T&drill=ankle-drill&minutes=0&drill=pogo-jumps&minutes=300",
        ["session", "--title", "T", "ankle-drill:0", "pogo-jumps:300"],
    ),
    (
        "/pdf/session.pdf?title=T&drill=ankle-drill&minutes=5&drill=pogo-jumps",
        ["session", "--title", "T", "ankle-drill:5", "pogo-jumps"],
    ),
    (
        "/pdf/session.pdf?" + urlencode({"title": "x" * 61, "drill": "ankle-drill"}),
        ["session", "--title", "x" * 61, "ankle-drill"],
    ),
]


@pytest.mark.parametrize(("url", "args"), AS_CLI_SAYS, ids=[u[:70] for u, _ in AS_CLI_SAYS])
def test_a_mistake_is_400_with_the_cli_s_message(client, folder, url, args):
    response = client.get(url)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/plain")
    code, output, pdf = cli_output(folder, *args)
    assert code == 2 and pdf is None, output
    assert response.text.strip() == cli_message(output)
    assert "Traceback" not in response.text


def test_a_paper_the_cli_does_not_know_is_refused_in_its_words(client, folder):
    response = client.get("/pdf/cards.pdf?paper=a5")
    code, output, _ = cli_output(folder, "cards", "--paper", "a5")
    assert response.status_code == 400 and code == 2
    assert response.text.strip() in output


MISTAKES_OF_THE_ADDRESS = [
    ("/pdf/cards.pdf?drills=ankle-drill", 'no parameter "drills"; did you mean "drill"?'),
    (
        "/pdf/session.pdf?title=T&drill=ankle-drill&minute=5",
        'no parameter "minute"; did you mean "minutes"?',
    ),
    (
        "/pdf/session.pdf?title=T&drill=ankle-drill&minutes=5&minutes=4",
        "minutes= is given 2 times but drill= only 1",
    ),
    ("/pdf/session.pdf?title=T&title=U&drill=ankle-drill", "title= is given 2 times"),
    (
        "/pdf/session.pdf?title=T&drill=ankle-drill&date=2026-13-01",
        '--date: "2026-13-01" is not a date; write it as YYYY-MM-DD',
    ),
    ("/pdf/session.pdf?title=T&drill=ankle-drill&start=25:00", "--start"),
    (
        "/pdf/session.pdf?title=T&drill=ankle-drill&minutes=five",
        "after the colon give the drill's minutes as a whole number",
    ),
    ("/pdf/session.pdf?title=T&drill=ankle-drill&minutes=5&warmup=Jog", "warmup_minutes=: missing"),
    ("/pdf/session.pdf?drill=ankle-drill", "give the session a title"),
    ("/pdf/session.pdf?title=T", "give the ids of the drills in the session"),
    ("/pdf/session.pdf?session=basic-coordination&title=T", "leave out title="),
    (
        "/pdf/session.pdf?session=basic-coordination&start=7pm",
        "--start: must be a time of day as HH:MM on a 24-hour clock",
    ),
    (
        "/pdf/session.pdf?" + urlencode({"title": "T", "drill": "ankle-drill", "note": "n" * 161}),
        "note= of drill 1 (ankle-drill): is 161 characters; at most 160",
    ),
    ("/pdf/session.pdf?title=T&drill=ankle-drill&note=%E2%80%AEevil", "note= of drill 1"),
    ("/pdf/session.pdf?title=%FF&drill=ankle-drill", "not percent-encoded UTF-8"),
    ("/preview/session.png?title=T&drill=pogo-jump", 'did you mean "pogo-jumps"?'),
    ("/pdf/sheet/%2E%2E.pdf", 'there is no drill with the id ".."'),
    ("/preview/sheet/%2E%2E%5Cdrills.png", "there is no drill with the id"),
]


@pytest.mark.parametrize(
    ("url", "said"), MISTAKES_OF_THE_ADDRESS, ids=[u[:70] for u, _ in MISTAKES_OF_THE_ADDRESS]
)
def test_a_mistake_of_the_address_is_400_in_plain_words(client, url, said):
    response = client.get(url)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("text/plain")
    assert said in response.text
    assert "Traceback" not in response.text and 'File "' not in response.text


def test_the_builder_s_check_answers_200_with_the_mistake_or_nothing(client):
    good = client.get("/check/session?title=T&drill=ankle-drill")
    assert (good.status_code, good.text) == (200, "")
    bad = client.get("/check/session?title=T&drill=pogo-jump")
    assert bad.status_code == 200 and 'did you mean "pogo-jumps"?' in bad.text


def test_a_mistake_in_a_page_is_told_in_the_page(client):
    response = client.get("/session?title=T&drill=pogo-jump")
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    page = read_page(response.text)
    assert 'there is no drill with the id "pogo-jump"; did you mean "pogo-jumps"?' in page.text_of(
        "pre"
    )
    assert page.form_values("builder")["drill"] == ["pogo-jump"]  # kept, to be corrected
    response = client.get("/drill/pogo-jump")
    assert response.status_code == 400
    assert 'did you mean "pogo-jumps"?' in read_page(response.text).text_of("pre")


# --- the caps, and the headers -----------------------------------------------------------------


def test_an_address_past_the_caps_is_refused(client):
    long_title = "x" * (MAX_QUERY_BYTES + 1)
    assert client.get(f"/pdf/session.pdf?title={long_title}&drill=ankle-drill").status_code == 414
    many = "&".join(["drill=ankle-drill"] * (MAX_PARAMS + 1))
    response = client.get(f"/pdf/cards.pdf?{many}")
    assert response.status_code == 400 and "more than" in response.text
    for url in (
        "/pdf/sheet/..%2F..%2Fetc%2Fpasswd.pdf",
        "/static/..%2F..%2Fpyproject.toml",
        "/static/%2E%2E",
    ):
        response = client.get(url)
        assert response.status_code == 404 and b"[project]" not in response.content
    thirty = "&".join(["drill=ankle-drill"] * 31)  # a session holds at most 30 drills
    response = client.get(f"/pdf/session.pdf?title=T&{thirty}")
    assert response.status_code == 400 and "at most 30 drills (got 31)" in response.text


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_only_get_and_head_are_answered(client, method):
    response = client.request(method, "/pdf/cards.pdf", content=b"x" * 10)
    assert response.status_code == 405
    assert response.headers["content-security-policy"] == CSP


def test_a_request_with_a_body_is_refused(client):
    response = client.request("GET", "/", content=b"x" * 1000)
    assert response.status_code == 413


URLS = [
    "/",
    "/drill/ankle-drill",
    "/session",
    "/session?title=T&drill=ankle-drill",
    "/pdf/sheet/ankle-drill.pdf",
    "/preview/sheet/ankle-drill.png",
    "/static/serve.js",
    "/pdf/sheet/nothing.pdf",
    "/nothing-here",
]


@pytest.mark.parametrize("url", URLS)
def test_every_response_carries_the_content_security_policy(client, url):
    response = client.get(url)
    assert response.headers["content-security-policy"] == CSP
    assert "script-src 'self'" in CSP and "style-src 'self'" in CSP and "unsafe" not in CSP
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("url", ["/", "/drill/pogo-jumps", "/session?title=T&drill=ankle-drill"])
def test_pages_have_no_inline_script_or_style_and_fetch_nothing_from_elsewhere(client, url):
    page = read_page(client.get(url).text)
    assert page.inline == [], page.inline
    for tag, attribute, value in page.references:
        if tag != "a":
            assert not urlsplit(value).netloc, (tag, attribute, value)
            assert value.startswith("/"), (tag, attribute, value)


def test_a_host_that_is_not_ours_is_refused(folder):
    """A page elsewhere cannot reach the server through a DNS name of its own."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        app = make_app(workers=0, watch=False, allowed_hosts=("127.0.0.1", "localhost"))
        with TestClient(app, base_url="http://127.0.0.1:8000") as local:
            assert local.get("/").status_code == 200
            assert local.get("/", headers={"host": "localhost:8000"}).status_code == 200
            refused = local.get("/", headers={"host": "evil.example:8000"})
            assert refused.status_code == 400 and "evil.example" in refused.text


def test_more_renders_than_the_pool_takes_are_told_to_come_back(monkeypatch):
    import threading

    import cards.server.pool as pool

    monkeypatch.setattr(pool, "MAX_PENDING", 2)
    renders = RenderPool(workers=0)
    gate = threading.Event()
    try:
        waiting = [renders.submit(gate.wait) for _ in range(2)]
        with pytest.raises(Busy):
            renders.submit(gate.wait)
        gate.set()
        assert [future.result(timeout=5) for future in waiting] == [True, True]
        assert renders.submit(lambda: b"ok").result(timeout=5) == b"ok"  # room again
    finally:
        gate.set()
        renders.close()


# --- the builder without JavaScript ------------------------------------------------------------


def test_the_builder_s_buttons_work_as_links_without_javascript(client):
    start = "/session?title=Tue&drill=ankle-drill&minutes=5&drill=pogo-jumps&minutes=4"
    added = client.get(start + "&add=high-knees", follow_redirects=False)
    assert added.status_code == 303
    assert query_of(added.headers["location"]) == {
        "title": ["Tue"],
        "drill": ["ankle-drill", "pogo-jumps", "high-knees"],
        "minutes": ["5", "4", ""],
    }
    moved = client.get(added.headers["location"] + "&op=up:2", follow_redirects=False)
    assert query_of(moved.headers["location"])["drill"] == [
        "ankle-drill",
        "high-knees",
        "pogo-jumps",
    ]
    assert query_of(moved.headers["location"])["minutes"] == ["5", "", "4"]
    removed = client.get(moved.headers["location"] + "&op=remove:0", follow_redirects=False)
    assert query_of(removed.headers["location"])["drill"] == ["high-knees", "pogo-jumps"]
    page = read_page(client.get(removed.headers["location"]).text)
    assert page.form_values("builder")["drill"] == ["high-knees", "pogo-jumps"]
    assert page.form_values("builder")["minutes"] == ["", "4"]


def test_a_library_session_opens_in_the_builder_with_every_field(client):
    catalogue = read_page(client.get("/").text)
    [link] = [v for tag, attr, v in catalogue.references if "Basic" in v]
    page = read_page(client.get(link).text)
    values = page.form_values("builder")
    assert values["title"] == [BASIC["title"]]
    assert values["drill"] == [item["drill"] for item in BASIC["items"]]
    assert values["dosage"] == [item.get("dosage", "") for item in BASIC["items"]]
    assert values["warmup"] == [BASIC.get("warmup", "")]
    # and its sheet from the builder is the library's own sheet
    made = client.get(
        "/pdf/session.pdf?"
        + urlencode(
            [
                (k, v)
                for k, vs in values.items()
                if k
                in (
                    "title",
                    "warmup",
                    "cooldown",
                    "notes",
                    "warmup_minutes",
                    "cooldown_minutes",
                    "start",
                )
                for v in vs
                if v
            ]
            + _items(values)
        )
    )
    assert made.content == client.get("/pdf/session.pdf?session=basic-coordination").content


def _items(values: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [
        (name, values[name][i])
        for i in range(len(values["drill"]))
        for name in ("drill", "minutes", "dosage", "note")
    ]


def test_the_catalogue_shows_each_drill_s_picture_or_else_its_sheet(client):
    made = one_language(None, None, None)
    page = read_page(client.get("/").text)
    images = [value for tag, attr, value in page.references if tag == "img"]
    for drill in made.library.drills:
        if getattr(drill, "picture", None) is not None:
            expected = f"/picture/{drill.id}.png"
        else:
            expected = f"/preview/sheet/{drill.id}.png"
            assert client.get(f"/picture/{drill.id}.png").status_code == 404
        assert expected in images
        response = client.get(expected)
        assert response.status_code == 200, response.text
        assert response.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_the_catalogue_filters_without_javascript(client):
    def shown(url: str) -> list[str]:
        page = read_page(client.get(url).text)
        return [
            i.removeprefix("drill-")
            for i, hidden in page.articles
            if i.startswith("drill-") and not hidden
        ]

    assert shown("/?level=advanced") == [
        d["id"] for d in BUILTIN["drills"] if d.get("level") == "advanced"
    ]
    searched = [
        d["id"]
        for d in BUILTIN["drills"]
        if "pogo"
        in " ".join(
            [
                d["name"],
                d["summary"],
                *d.get("focus", []),
                *d["cues"],
                *d.get("variations", []),
                *d.get("equipment", []),
            ]
        ).casefold()
    ]
    assert searched and shown("/?q=POGO") == searched
    assert shown("/?q=POGO&level=advanced") == [
        i for i in searched if i in shown("/?level=advanced")
    ]


# --- the live library --------------------------------------------------------------------------


def test_a_save_is_served_next_and_a_broken_save_keeps_the_last_good_library(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    drills = tmp_path / "drills.json"
    first = {"drills": [make_drill(id="hill-sprints", name="Hill sprints")]}
    drills.write_text(json.dumps(first), encoding="utf-8")
    app = make_app(Sources(drills=drills), workers=0, watch=True)
    with TestClient(app) as client:
        assert "Hill sprints" in client.get("/").text
        sheet = client.get("/pdf/sheet/hill-sprints.pdf").content

        drills.write_text('{"drills": [', encoding="utf-8")  # a save half made
        page = wait_for(client, "/", lambda text: "The last save has a mistake" in text)
        assert "this is not valid JSON" in page and "Hill sprints" in page
        assert client.get("/session?title=T&drill=hill-sprints").status_code == 200
        assert "The last save has a mistake" in client.get("/drill/hill-sprints").text
        assert client.get("/pdf/sheet/hill-sprints.pdf").content == sheet

        second = {
            "drills": [
                make_drill(id="hill-sprints", name="Hill sprints"),
                make_drill(id="a-skips", name="A-skips"),
            ]
        }
        drills.write_text(json.dumps(second), encoding="utf-8")
        page = wait_for(client, "/", lambda text: "A-skips" in text)
        assert "The last save has a mistake" not in page
        assert client.get("/pdf/sheet/a-skips.pdf").status_code == 200


def test_a_broken_library_at_start_stops_the_server_with_its_message(run, drills_file):
    path = drills_file('{"drills": [}')
    result = run("serve", "--drills", path, "--port", "0")
    assert result.exit_code == 2
    assert "this is not valid JSON" in result.output and "Traceback" not in result.output


def wait_for(client, url: str, condition, seconds: float = 10.0) -> str:
    deadline = time.monotonic() + seconds
    while True:
        text = client.get(url).text
        if condition(text):
            return text
        if time.monotonic() > deadline:
            pytest.fail(f"waited {seconds} s for {url} to change", pytrace=False)
        time.sleep(0.1)


# --- reading a page ----------------------------------------------------------------------------


def query_of(location: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(location).query, keep_blank_values=True)


class Page(html.parser.HTMLParser):
    """What a test reads of a page: links and sources, inline code, forms' values, articles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.references: list[tuple[str, str, str]] = []
        self.inline: list[str] = []
        self.forms: dict[str, dict[str, list[str]]] = {}
        self.articles: list[tuple[str, bool]] = []
        self.texts: dict[str, list[str]] = {}
        self._form: str | None = None
        self._open: list[str] = []
        self._textarea: str | None = None
        self._template = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "template":
            self._template += 1
        for name in ("href", "src", "action"):
            if a.get(name):
                self.references.append((tag, name, a[name]))
        if tag == "script" and not a.get("src"):
            self.inline.append("<script> without src")
        if tag == "style" or "style" in a or any(k.startswith("on") for k in a):
            self.inline.append(f"<{tag}> with inline style or handler")
        if tag == "form":
            self._form = a.get("id") or ""
            self.forms[self._form] = {}
        if tag == "article":
            self.articles.append((a.get("id") or "", "hidden" in a))
        if (
            self._form is not None
            and not self._template
            and a.get("name")
            and tag in ("input", "select", "textarea")
        ):
            if tag == "textarea":
                self._textarea = a["name"]
                self.forms[self._form].setdefault(a["name"], []).append("")
            elif tag == "input" and a.get("type") != "submit":
                self.forms[self._form].setdefault(a["name"], []).append(a.get("value") or "")
            elif tag == "select":
                self._select = a["name"]
                self.forms[self._form].setdefault(a["name"], []).append("")
        if tag == "option" and a.get("selected") is not None and self._form is not None:
            self.forms[self._form][self._select][-1] = a.get("value") or ""
        self._open.append(tag)

    def handle_endtag(self, tag):
        if tag == "template":
            self._template -= 1
        if tag == "form":
            self._form = None
        if tag == "textarea":
            self._textarea = None
        if tag in self._open:
            while self._open and self._open.pop() != tag:
                pass

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            self.forms[self._form][self._textarea][-1] += data
        for tag in self._open:
            self.texts.setdefault(tag, []).append(data)

    def text_of(self, tag: str) -> str:
        return " ".join(" ".join(self.texts.get(tag, [])).split())

    def form_values(self, form: str) -> dict[str, list[str]]:
        return self.forms[form]


def read_page(text: str) -> Page:
    page = Page()
    page.feed(text)
    page.close()
    return page


# --- the command -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "warned", "hosts"),
    [
        ("127.0.0.1", False, ("127.0.0.1", "localhost", "[::1]")),
        ("localhost", False, ("127.0.0.1", "localhost", "[::1]")),
        ("0.0.0.0", True, None),
        ("192.168.1.20", True, None),
    ],
)
def test_serve_listens_on_this_computer_unless_told_and_warns_when_told(
    run, monkeypatch, host, warned, hosts
):
    import uvicorn

    started = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: started.update(app=app, **options))
    result = run("serve", "--host", host, "--port", "8123")
    assert result.exit_code == 0, result.output
    assert started["host"] == host and started["port"] == 8123
    assert ("warning: --host" in result.output) is warned
    assert started["app"].allowed == hosts
    assert "serving the drills at http://" in result.output
    assert result.output.rstrip().endswith("stopped serving")
