"""Printing in several languages: every label from templates/lang/CODE.toml, drills and sessions
in the words of drills.json's "translations", --lang on every command writing into out/CODE/,
build --lang en,de building each language beside the other with linked sites, the main text
printing where a translation is missing (with a warning), check reporting each language's
coverage, and the mistakes refused before anything is written.

Expectations come from the built-in drills.json (BUILTIN) and the catalogues read with tomllib,
never from what the program printed."""

from __future__ import annotations

import calendar
import copy
import datetime as dt
import json
import re
import tomllib
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from babel import Locale
from babel.dates import format_date
from click.testing import CliRunner, Result
from pypdf import PdfReader

from cards import load_library, render_cards
from cards.build.chunks import CACHE
from cards.build.plan import MANIFEST
from cards.cli import cli
from cards.data.labels import available, load_labels
from cards.data.schema import TRANSLATED
from cards.data.translate import edition
from cards.options import Options
from cards.render.layout import card_sizes
from tests.conftest import BUILTIN, ROOT, collapse, decode_qr_codes, make_drill, page_texts
from tests.render.test_fit import PATTERNS, PLAIN, WIDE, maximal_drill

LANG = ROOT / "templates" / "lang"

CARD_SIZES = tuple(card_sizes())  # the built-in card layout's sizes


def catalogue(code: str) -> dict:
    """A shipped catalogue as written, read with tomllib."""
    return tomllib.loads((LANG / f"{code}.toml").read_text(encoding="utf-8"))


EN, DE, FR = catalogue("en"), catalogue("de"), catalogue("fr")
CODES = {
    "English": "en",
    "Deutsch": "de",
    "Français": "fr",
    "Italiano": "it",
    "Polski": "pl",
    "Nederlands": "nl",
}
DRILLS = BUILTIN["drills"]
SESSIONS = BUILTIN["sessions"]
SESSION_FIELDS = ("title", "warmup", "cooldown", "notes")
DAY = dt.date(2026, 12, 1)  # a Tuesday
EPOCH = calendar.timegm(DAY.timetuple())  # SOURCE_DATE_EPOCH of that day, midnight UTC


def locale_of(words: dict) -> str:
    """The CLDR locale a catalogue prints with: its `locale`, else its language."""
    return words.get("locale") or CODES[words["name"]]


def label(words: dict, key: str, n: int | None = None, **values) -> str:
    """A label of a catalogue, filled in; a count's form for n, by CLDR's plural rules."""
    text = words["labels"][key]
    if isinstance(text, dict):
        form = Locale.parse(locale_of(words)).plural_form(n)
        text = text["zero"] if n == 0 and "zero" in text else text.get(form, text["other"])
    return text.format(n=n, **values)


def written(words: dict, day: dt.date) -> str:
    """The date as CLDR writes it in full in the catalogue's language."""
    return format_date(day, "full", locale=locale_of(words))


def de(entry: dict) -> dict:
    """The German words of a built-in drill or session."""
    return entry["translations"]["de"]


def squash(text: str) -> str:
    """Without any whitespace: pdfium breaks wrapped lines where the layout did."""
    return re.sub(r"\s+", "", text)


def has(text: str, words: str) -> bool:
    return squash(words) in squash(text)


def lang_of(pdf: Path) -> str:
    return str(PdfReader(pdf).trailer["/Root"]["/Lang"])


def outline(pdf: Path) -> list[tuple[str, list[str]]]:
    """The bookmarks: (title, the titles under it) for each top-level one."""
    found: list[tuple[str, list[str]]] = []
    for entry in PdfReader(pdf).outline:
        if isinstance(entry, list):
            found[-1][1].extend(child.title for child in entry)
        else:
            found.append((entry.title, []))
    return found


def counted(document: dict, code: str) -> tuple[int, int, list[str]]:
    """(texts translated, texts printed that could be, the gaps as check names them), worked out
    from a drills document as the feature describes it."""
    translated = total = 0
    gaps = []
    for kind, entries in (("drill", document["drills"]), ("session", document.get("sessions", []))):
        for entry in entries:
            words = entry.get("translations", {}).get(code, {})
            if kind == "drill":
                fields = [key for key in TRANSLATED if entry.get(key)]
                missing = [key for key in fields if key not in words]
            else:
                fields = [key for key in SESSION_FIELDS if entry.get(key)]
                missing = [key for key in fields if key not in words]
                item_words = words.get("items", [])
                for index, item in enumerate(entry["items"]):
                    given = item_words[index] if index < len(item_words) else {}
                    for key in ("dosage", "notes"):
                        if item.get(key):
                            fields.append(f"items[{index}].{key}")
                            if key not in given:
                                missing.append(f"items[{index}].{key}")
            total += len(fields)
            translated += len(fields) - len(missing)
            if missing:
                what = "all" if len(missing) == len(fields) else ", ".join(missing)
                gaps.append(f"{kind} {entry['id']} ({what})")
    return translated, total, gaps


def invoke(folder: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    """The CLI run in `folder` (for module-scoped builds, where the `run` fixture cannot go)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        for key, value in (env or {}).items():
            patch.setenv(key, value)
        return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def files(folder: Path) -> dict[str, bytes]:
    """Every file under folder but the chunks a build keeps for the next one."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and CACHE.name not in p.parts
    }


def warning_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("warning:")]


# --- one build of the built-in library in English and German, read by many tests ---------------


@dataclass(frozen=True)
class Built:
    out: Path
    first: Result
    second: Result
    before_second: dict[str, int]  # mtime of every file before the second build
    after_second: dict[str, int]


def _mtimes(folder: Path) -> dict[str, int]:
    return {
        p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    folder = tmp_path_factory.mktemp("en-de")
    env = {"SOURCE_DATE_EPOCH": str(EPOCH)}
    first = invoke(folder, "build", "--lang", "en,de", env=env)
    assert first.exit_code == 0, first.output
    before = _mtimes(folder / "out")
    second = invoke(folder, "build", "--lang", "en,de", env=env)
    assert second.exit_code == 0, second.output
    return Built(folder / "out", first, second, before, _mtimes(folder / "out"))


# --- 1. the German build: cards, sheets, session plans and the handout in German ----------------


def test_build_with_two_languages_writes_the_same_files_into_out_en_and_out_de(built):
    english, german = files(built.out / "en"), files(built.out / "de")
    assert sorted(p.name for p in built.out.iterdir()) == ["de", "en"]
    assert sorted(english) == sorted(german)
    expected = {
        "cards.pdf",
        "handout.pdf",
        *(f"sheets/{d['id']}.pdf" for d in DRILLS),
        *(f"sessions/{s['id']}.pdf" for s in SESSIONS),
        "site/index.html",
    }
    assert expected <= set(german)
    assert "into out/en" in built.first.output and "into out/de" in built.first.output
    assert "Traceback" not in built.first.output
    assert not warning_lines(built.first.output)  # every text of the built-in file is translated


def test_german_cards_carry_the_german_names_cues_faults_and_labels(built):
    texts = page_texts(built.out / "de" / "cards.pdf")
    fronts, backs = "".join(texts[0::2]), "".join(texts[1::2])
    for drill in DRILLS:
        words = de(drill)
        assert has(fronts, words["name"]) and has(backs, words["name"]), drill["id"]
        for cue in words["cues"]:
            assert has(fronts, cue), (drill["id"], cue)
        for fault in words["faults"]:
            assert has(backs, fault["fault"]) and has(backs, fault["fix"]), drill["id"]
        for cue in drill["cues"]:  # none of the English cues is left
            assert not has(fronts, cue), (drill["id"], cue)
    assert has(fronts, label(DE, "cues")) and has(fronts, label(DE, "dosage"))
    assert has(backs, label(DE, "faults")) and has(backs, label(DE, "variations"))
    for key in ("cues", "dosage"):
        assert label(EN, key) not in fronts, key
    assert label(EN, "faults") not in backs
    # the level, as German words on the card's meta line
    assert has(fronts, label(DE, DRILLS[0]["level"]).upper())


def test_english_cards_of_the_same_build_stay_english(built):
    texts = page_texts(built.out / "en" / "cards.pdf")
    fronts = "".join(texts[0::2])
    assert has(fronts, label(EN, "cues")) and label(DE, "cues") not in fronts
    for drill in DRILLS:
        assert has(fronts, drill["name"]) and has(fronts, drill["cues"][0]), drill["id"]


def test_german_drill_sheet_prints_the_drills_words_and_every_label_in_german(built):
    # the drill that prints the most sections
    drill = max(DRILLS, key=lambda d: sum(bool(d.get(k)) for k in TRANSLATED))
    words = de(drill)
    text = page_texts(built.out / "de" / "sheets" / f"{drill['id']}.pdf")[0]
    assert has(text, words["name"]) and has(text, words["summary"])
    for cue in words["cues"]:
        assert has(text, cue), cue
    for fault in words["faults"]:
        assert has(text, fault["fault"]) and has(text, fault["fix"])
    for key in ("variations", "equipment"):
        for item in words.get(key, []):
            assert has(text, item), (key, item)
        if drill.get(key):
            assert has(text, label(DE, key)), key
    if drill.get("dosage"):
        assert has(text, words["dosage"]) and has(text, label(DE, "dosage"))
    if drill.get("focus"):
        assert has(text, label(DE, "focus", focus=", ".join(words["focus"])))
    if drill.get("level"):
        assert has(text, label(DE, drill["level"]))
    for key in ("cues", "faults_and_fixes", "scan"):
        assert has(text, label(DE, key)), key
    assert has(text, label(DE, "sheet_footer", name=words["name"]))
    for key in ("faults_and_fixes", "scan"):
        assert not has(text, label(EN, key)), key


def test_german_session_plan_prints_the_sessions_words_and_labels(built):
    session = max(SESSIONS, key=lambda s: sum(bool(s.get(k)) for k in SESSION_FIELDS))
    words = de(session)
    texts = page_texts(built.out / "de" / "sessions" / f"{session['id']}.pdf")
    text = "".join(texts)
    for key in SESSION_FIELDS:
        if session.get(key):
            assert has(text, words[key]), key
            assert not has(text, session[key]), key  # the English is gone
    for key, field in (("warmup", "warmup"), ("cooldown", "cooldown"), ("drills", "items")):
        if session.get(field):
            assert has(text, label(DE, key)), key
    assert has(text, label(DE, "drill_count", n=len(session["items"])))
    assert has(texts[0], label(DE, "page_of", page=1, pages=len(texts)))
    by_id = {d["id"]: d for d in DRILLS}
    for item, given in zip(session["items"], words["items"], strict=True):
        assert has(text, de(by_id[item["drill"]])["name"]), item["drill"]
        if "notes" in given:
            assert has(text, label(DE, "note", note=given["notes"])), item
        if "dosage" in given:
            assert has(text, given["dosage"]), item
    assert label(EN, "warmup") not in text and label(EN, "cooldown") not in text


def test_german_handout_cover_contents_and_bookmarks_are_in_german(built):
    handout = built.out / "de" / "handout.pdf"
    texts = page_texts(handout)
    cover = collapse(texts[0])
    assert label(DE, "handout_title") in cover
    assert written(DE, DAY) == "Dienstag, 1. Dezember 2026"
    assert written(DE, DAY) in cover  # SOURCE_DATE_EPOCH
    assert label(DE, "inside") in cover
    assert label(DE, "session_plan_count", n=len(SESSIONS)) in cover
    assert label(DE, "drill_sheet_count", n=len(DRILLS)) in cover
    assert has(texts[1], label(DE, "contents"))
    assert outline(handout) == [
        (label(DE, "session_plans"), [de(s)["title"] for s in SESSIONS]),
        (label(DE, "drill_sheets"), [de(d)["name"] for d in DRILLS]),
        (label(DE, "cards_to_cut"), [de(d)["name"] for d in DRILLS]),
    ]
    reader = PdfReader(handout)
    assert reader.metadata["/Title"] == label(DE, "handout_title")
    # the English handout of the same build: English bookmarks, English date
    english = built.out / "en" / "handout.pdf"
    assert outline(english)[0] == (label(EN, "session_plans"), [s["title"] for s in SESSIONS])
    assert written(EN, DAY) in collapse(page_texts(english)[0])


def test_every_pdf_carries_the_language_it_is_printed_in(built):
    for code in ("en", "de"):
        pdfs = sorted(p for p in (built.out / code).rglob("*.pdf") if CACHE.name not in p.parts)
        assert len(pdfs) >= 2 + len(DRILLS) + len(SESSIONS)
        for pdf in pdfs:
            assert lang_of(pdf) == code, pdf
    german = built.out / "de"
    assert PdfReader(german / "cards.pdf").metadata["/Title"] == label(DE, "cards_title")
    for drill in DRILLS:
        title = PdfReader(german / "sheets" / f"{drill['id']}.pdf").metadata["/Title"]
        assert title == de(drill)["name"]
    for session in SESSIONS:
        title = PdfReader(german / "sessions" / f"{session['id']}.pdf").metadata["/Title"]
        assert title == de(session)["title"]


def test_german_cards_have_the_same_qr_codes_in_the_same_places_page_for_page(built):
    english, german = built.out / "en" / "cards.pdf", built.out / "de" / "cards.pdf"
    pages = len(PdfReader(english).pages)
    assert len(PdfReader(german).pages) == pages
    seen = []
    for page in range(pages):
        ours, theirs = sorted(decode_qr_codes(english, page)), sorted(decode_qr_codes(german, page))
        assert [code for code, _, _ in ours] == [code for code, _, _ in theirs], page
        for (_, x1, y1), (_, x2, y2) in zip(ours, theirs, strict=True):
            assert abs(x1 - x2) < 1 and abs(y1 - y2) < 1, page
        seen += [code for code, _, _ in theirs]
    assert sorted(seen) == sorted(d["video"] for d in DRILLS)


# --- 2. the web site: one per language, linked to each other when built together ---------------


class Page(HTMLParser):
    """What the language tests read of index.html."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.lang = ""
        self.headings: list[str] = []
        self.navs: list[str] = []
        self.language_links: list[tuple[str, str, str]] = []  # (href, hreflang, text)
        self.shown: dict[str, str] = {}
        self._heading = self._link = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = {key: value or "" for key, value in attrs}
        if tag == "html":
            self.lang = attrs.get("lang", "")
        if tag in ("h1", "h2"):
            self._heading = ""
        if tag == "nav":
            self.navs.append(attrs.get("aria-label", ""))
        if tag == "a" and "hreflang" in attrs:
            self._link = [attrs["href"], attrs["hreflang"], ""]
        if attrs.get("id") == "shown":  # the count the script writes, in the page's language
            self.shown = json.loads(attrs["data-shown"])

    def handle_data(self, data):
        if self._heading is not None:
            self._heading += data
        if self._link is not None:
            self._link[2] += data

    def handle_endtag(self, tag):
        if tag in ("h1", "h2") and self._heading is not None:
            self.headings.append(self._heading.strip())
            self._heading = None
        if tag == "a" and self._link is not None:
            self.language_links.append(tuple(self._link))
            self._link = None


def _site(folder: Path) -> Page:
    return Page((folder / "site" / "index.html").read_text(encoding="utf-8"))


def test_the_german_site_is_german_and_links_the_english_one(built):
    folder = built.out / "de" / "site"
    page = _site(built.out / "de")
    assert page.lang == "de"
    for key in ("site_drills", "session_plans", "handout"):
        assert label(DE, key) in page.headings, key
    assert label(EN, "site_drills") not in page.headings
    assert page.navs == [label(DE, "languages")]
    assert page.language_links == [("../../en/site/index.html", "en", EN["name"])]
    assert (folder / page.language_links[0][0]).resolve() == (
        built.out / "en" / "site" / "index.html"
    ).resolve()
    assert (folder / page.language_links[0][0]).is_file()
    assert page.shown == DE["labels"]["shown"]
    html = (folder / "index.html").read_text(encoding="utf-8")
    for drill in DRILLS:
        assert de(drill)["name"] in html, drill["id"]


def test_the_english_site_links_the_german_one(built):
    folder = built.out / "en" / "site"
    page = _site(built.out / "en")
    assert page.lang == "en"
    assert label(EN, "site_drills") in page.headings
    assert page.navs == [label(EN, "languages")]
    assert page.language_links == [("../../de/site/index.html", "de", DE["name"])]
    assert (folder / page.language_links[0][0]).is_file()


def test_a_site_of_one_language_links_no_other(run, tmp_path):
    result = run("build", "--lang", "de")
    assert result.exit_code == 0, result.output
    page = _site(tmp_path / "out" / "de")
    assert page.lang == "de" and label(DE, "site_drills") in page.headings
    assert page.navs == [] and page.language_links == []
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["de"]
    result = run("site", "--lang", "fr")
    assert result.exit_code == 0, result.output
    page = _site(tmp_path / "out" / "fr")
    assert page.lang == "fr" and label(FR, "site_drills") in page.headings
    assert page.language_links == []


# --- 3. dates follow the language ---------------------------------------------------------------

# What CLDR writes, in full, for Tuesday 1 December 2026: English in its British form (en.toml's
# locale); French and Italian write the first of the month as 1, as CLDR does.
CLDR_DATES = {
    "en": "Tuesday, 1 December 2026",
    "de": "Dienstag, 1. Dezember 2026",
    "fr": "mardi 1 décembre 2026",
    "it": "martedì 1 dicembre 2026",
    "pl": "wtorek, 1 grudnia 2026",
}


@pytest.mark.parametrize("code", sorted(CLDR_DATES))
def test_a_session_sheet_writes_its_date_in_the_languages_cldr_form(run, tmp_path, code):
    session = SESSIONS[0]
    result = run("session", session["id"], "--date", DAY.isoformat(), "--lang", code)
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "out" / code / "sessions" / f"{session['id']}.pdf"
    first = collapse(page_texts(pdf)[0])
    assert CLDR_DATES[code] in first
    assert all(other not in first for key, other in CLDR_DATES.items() if key != code)
    assert lang_of(pdf) == code


def test_a_french_session_sheet_two_weeks_later(run, tmp_path):
    session = SESSIONS[0]
    later = DAY + dt.timedelta(days=14)
    result = run(
        "session", session["id"], "--date", later.isoformat(), "--lang", "fr", "-o", "later.pdf"
    )
    assert result.exit_code == 0, result.output
    text = collapse(page_texts(tmp_path / "later.pdf")[0])
    assert "mardi 15 décembre 2026" in text
    assert session["translations"]["fr"]["title"] in text


@pytest.mark.parametrize("code", ["en", "de", "fr", "it", "pl"])
def test_every_month_and_weekday_is_written_as_cldr_writes_it(code):
    words = catalogue(code)
    labels = load_labels(code)
    for month in range(1, 13):
        for day in (1, 2, 28):
            date = dt.date(2027, month, day)
            assert labels.date(date) == written(words, date), date


@pytest.mark.parametrize(
    "code, clock, duration",
    [
        ("en", "18:30", "75 mins"),
        ("de", "18:30", "75 Min."),
        ("fr", "18:30", "75\xa0min"),
        ("it", "18:30", "75 min"),
        ("pl", "18:30", "75 min"),
    ],
)
def test_times_of_day_and_durations_come_from_cldr(code, clock, duration):
    labels = load_labels(code)
    assert labels.clock(18 * 60 + 30) == clock and labels.duration(75) == duration
    assert labels.clock(24 * 60 + 9 * 60) == "09:00"


# --- 4. what has no translation prints in the main language, with a warning ------------------


def _partial() -> tuple[dict, dict[str, list[str]]]:
    """The built-in library with holes in its German: two fields of one drill, a whole drill, a
    session's warm-up, a session item's note; and a drill with one German cue of several.
    Returns the document and what is missing, as (kind id) -> fields."""
    document = copy.deepcopy(BUILTIN)
    drills = document["drills"]
    for key in ("summary", "cues"):
        del de(drills[0])[key]
    del drills[1]["translations"]["de"]
    de(drills[2])["cues"] = de(drills[2])["cues"][:1]
    session = document["sessions"][0]
    del de(session)["warmup"]
    noted = next(i for i, item in enumerate(session["items"]) if item.get("notes"))
    del de(session)["items"][noted]["notes"]
    missing = {
        f"drill {drills[0]['id']}": [k for k in TRANSLATED if k in ("summary", "cues")],
        f"drill {drills[1]['id']}": ["all"],
        f"session {session['id']}": ["warmup", f"items[{noted}].notes"],
    }
    return document, missing


def test_a_partial_translation_warns_naming_exactly_the_drills_and_fields_missing(run, drills_file):
    document, missing = _partial()
    path = drills_file(document)
    result = run("cards", "--drills", path, "--lang", "de")
    assert result.exit_code == 0, result.output
    warnings = [w for w in warning_lines(result.output) if "not fully translated" in w]
    assert len(warnings) == 1
    warning = warnings[0]
    assert warning in result.stderr and warning not in result.stdout
    assert "drills.json" in warning and "(de)" in warning
    drills = document["drills"]
    assert f"{drills[0]['id']} ({', '.join(missing['drill ' + drills[0]['id']])})" in warning
    assert f"{drills[1]['id']} (all)" in warning
    session = document["sessions"][0]
    assert f"session {session['id']} ({', '.join(missing['session ' + session['id']])})" in warning
    named = set(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)+", warning))
    ids = {d["id"] for d in drills} | {s["id"] for s in document["sessions"]}
    assert named & ids == {drills[0]["id"], drills[1]["id"], session["id"]}
    assert "2 drills and 1 session" in warning


def test_a_partial_translation_prints_german_where_given_and_english_where_not(
    run, tmp_path, drills_file
):
    document, _ = _partial()
    drills = document["drills"]
    result = run("cards", "--drills", drills_file(document), "--lang", "de")
    assert result.exit_code == 0, result.output
    texts = page_texts(tmp_path / "out" / "de" / "cards.pdf")
    fronts, backs = "".join(texts[0::2]), "".join(texts[1::2])
    # drill 0: German name and faults, English summary and cues
    assert has(fronts, de(drills[0])["name"]) and has(fronts, drills[0]["summary"])
    for cue in drills[0]["cues"]:
        assert has(fronts, cue)
    assert has(backs, de(drills[0])["faults"][0]["fix"])
    assert not has(fronts, BUILTIN["drills"][0]["translations"]["de"]["summary"])
    # drill 1: all English
    assert has(fronts, drills[1]["name"]) and not has(
        fronts, BUILTIN["drills"][1]["translations"]["de"]["name"]
    )
    assert has(backs, drills[1]["faults"][0]["fault"])
    # drill 2: the one German cue only, neither the other German cues nor the English ones
    kept = de(drills[2])["cues"]
    assert len(kept) == 1 < len(drills[2]["cues"])
    assert has(fronts, kept[0])
    elsewhere = {
        *drills[0]["cues"],
        *drills[1]["cues"],
        *(cue for d in drills[3:] for cue in de(d)["cues"]),
    }
    left_out = [*drills[2]["cues"], *de(BUILTIN["drills"][2])["cues"][1:]]
    assert [cue for cue in left_out if cue not in elsewhere]  # the check below checks something
    for cue in left_out:
        if cue not in elsewhere:  # the drills beside share some cues
            assert not has(fronts, cue), cue
    # German labels on every card, whatever language its words are in
    assert fronts.count(label(DE, "cues")) == len(drills)
    assert label(EN, "cues") not in fronts


def test_a_session_missing_words_prints_those_in_the_main_language(run, tmp_path, drills_file):
    document, _ = _partial()
    session = document["sessions"][0]
    result = run("session", session["id"], "--drills", drills_file(document), "--lang", "de")
    assert result.exit_code == 0, result.output
    assert any(f"session {session['id']} (warmup" in w for w in warning_lines(result.output))
    text = "".join(page_texts(tmp_path / "out/de/sessions" / f"{session['id']}.pdf"))
    assert has(text, session["warmup"]) and has(text, label(DE, "warmup"))
    assert has(text, de(session)["title"]) and has(text, de(session)["cooldown"])
    noted = next(i for i, item in enumerate(session["items"]) if item.get("notes"))
    assert has(text, label(DE, "note", note=session["items"][noted]["notes"]))


def test_a_translated_list_may_be_longer_than_the_main_one(run, tmp_path, drills_file):
    cues = ["Aufrecht bleiben", "Schnelle Füße", "Arme locker", "Blick nach vorn"]
    drill = make_drill(translations={"de": {"cues": cues}})
    result = run("cards", "--drills", drills_file({"drills": [drill]}), "--lang", "de")
    assert result.exit_code == 0, result.output
    front = page_texts(tmp_path / "out" / "de" / "cards.pdf")[0]
    for cue in cues:
        assert has(front, cue), cue
    for cue in drill["cues"]:
        assert not has(front, cue), cue


def test_edition_gives_the_library_in_a_language_with_its_coverage():
    library = load_library(ROOT / "drills.json")
    made = edition(library, "de")
    assert made.warnings == ()
    assert made.library.language == "de" and made.library.labels.code == "de"
    assert [d.name for d in made.library.drills] == [de(d)["name"] for d in DRILLS]
    assert [s.title for s in made.library.sessions] == [de(s)["title"] for s in SESSIONS]
    translated, total, _ = counted(BUILTIN, "de")
    assert (made.coverage.translated, made.coverage.total, made.coverage.gaps) == (
        translated,
        total,
        (),
    )
    assert translated == total > 0
    main = edition(library)
    assert main.coverage.main and main.library.drills == library.drills


# --- 5. check: each language's coverage ---------------------------------------------------------


def test_check_lang_de_counts_the_translated_texts_and_lists_every_gap(run, tmp_path, drills_file):
    document, _ = _partial()
    result = run("check", "--drills", drills_file(document), "--lang", "de")
    assert result.exit_code == 0, result.output
    translated, total, gaps = counted(document, "de")
    assert 0 < translated < total and len(gaps) == 3
    percent = int(100 * translated / total)
    lines = result.output.splitlines()
    summary = next(i for i, line in enumerate(lines) if "texts translated" in line)
    assert (
        lines[summary]
        .strip()
        .startswith(f"{DE['name']} (de): {translated} of {total} texts translated ({percent}%)")
    )
    assert lines[summary + 1 : summary + 1 + len(gaps)] == [f"    - {gap}" for gap in gaps]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["drills.json"]  # nothing written


def test_check_without_lang_reports_every_language_of_the_builtin_library(run, tmp_path):
    result = run("check")
    assert result.exit_code == 0, result.output
    lines = [line.strip() for line in result.output.splitlines()]
    assert "in en, de, fr, it\n" in result.output
    for words, code in ((DE, "de"), (FR, "fr"), (catalogue("it"), "it")):
        translated, total, gaps = counted(BUILTIN, code)
        assert translated == total and not gaps
        assert any(
            line.startswith(f"{words['name']} ({code}): {total} of {total} texts translated (100%)")
            for line in lines
        ), code
    assert any(line.startswith(f"{EN['name']} (en):") for line in lines)
    assert not any(line.startswith("- ") for line in lines)  # no gaps to list
    assert not (tmp_path / "out").exists()


def test_check_of_a_language_with_labels_but_no_translation_lists_every_drill_and_session(
    run, drills_file
):
    document = copy.deepcopy(BUILTIN)
    for entry in [*document["drills"], *document["sessions"]]:
        del entry["translations"]["it"]
    result = run("check", "--drills", drills_file(document), "--lang", "it")
    assert result.exit_code == 0, result.output
    _, total, gaps = counted(document, "it")
    assert f"(it): 0 of {total} texts translated (0%)" in result.output
    assert len(gaps) == len(DRILLS) + len(SESSIONS)
    for gap in gaps:
        assert f"    - {gap}\n" in result.output and gap.endswith("(all)")


# --- 6. mistakes: exit 2, named, nothing written ------------------------------------------------


def _broken(change) -> dict:
    document = copy.deepcopy(BUILTIN)
    change(document)
    return document


def _set(path: list, value):
    def change(document):
        target = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _delete_last_item(document):
    de(document["sessions"][0])["items"].pop()


DRILL0 = f'drills[0] ("{DRILLS[0]["id"]}")'
SESSION0 = f'sessions[0] ("{SESSIONS[0]["id"]}")'
BAD_FILES = {
    "unknown code": (
        _set(["drills", 0, "translations", "xx"], {"name": "X"}),
        [f"{DRILL0}.translations", '"xx" is not a language code'],
    ),
    "code in capitals": (
        _set(["drills", 0, "translations", "DE"], {"name": "X"}),
        ['"DE" is not a language code', 'did you mean "de"?'],
    ),
    "main language unknown": (
        _set(["language"], "De"),
        ['language: "De" is not a language code', 'did you mean "de"?'],
    ),
    "unknown drill key": (
        _set(["drills", 0, "translations", "de", "nmae"], "X"),
        [f"{DRILL0}.translations.de", 'unknown key "nmae"', 'did you mean "name"?'],
    ),
    "a drill's level is not translated": (
        _set(["drills", 0, "translations", "de", "level"], "beginner"),
        [f"{DRILL0}.translations.de", 'unknown key "level"'],
    ),
    "unknown session key": (
        _set(["sessions", 0, "translations", "de", "titel"], "X"),
        [f"{SESSION0}.translations.de", 'unknown key "titel"', 'did you mean "title"?'],
    ),
    "into the main language": (
        _set(["drills", 0, "translations", "en"], {"name": "X"}),
        [f"{DRILL0}.translations.en", 'already in "en"'],
    ),
    "into a main language set": (
        _set(["language"], "de"),
        [f"{DRILL0}.translations.de", 'already in "de"'],
    ),
    "items of another length": (
        _delete_last_item,
        [
            f"{SESSION0}.translations.de.items",
            f"has {len(SESSIONS[0]['items']) - 1} entries",
            f"has {len(SESSIONS[0]['items'])} drills",
        ],
    ),
    "translation too long": (
        _set(["drills", 0, "translations", "de", "name"], "Lauf" * 11),
        [f"{DRILL0}.translations.de.name", "44 characters"],
    ),
    "empty translated cues": (
        _set(["drills", 0, "translations", "de", "cues"], []),
        [f"{DRILL0}.translations.de.cues", "at least 1"],
    ),
}


@pytest.mark.parametrize(
    "command", [("cards", "--lang", "de"), ("build", "--lang", "en,de")], ids=["cards", "build"]
)
@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_mistake_in_the_translations_is_named_and_nothing_is_written(
    run, tmp_path, drills_file, case, command
):
    change, expected = BAD_FILES[case]
    path = drills_file(_broken(change), "bad.json")
    result = run(*command, "--drills", path)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "bad.json" in result.output
    for words in expected:
        assert words in result.output, words
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json"]


def test_a_mistake_leaves_an_earlier_german_file_as_it_was(run, tmp_path, drills_file):
    assert run("cards", "--lang", "de").exit_code == 0
    before = files(tmp_path / "out")
    change, _ = BAD_FILES["items of another length"]
    result = run("cards", "--lang", "de", "--drills", drills_file(_broken(change), "bad.json"))
    assert result.exit_code == 2
    assert files(tmp_path / "out") == before


@pytest.mark.parametrize(
    "args, expected",
    [
        (
            ("cards", "--lang", "nl"),
            ['"nl"', "lang/nl.toml", "--templates", f"languages: {', '.join(available())}"],
        ),
        (("cards", "--lang", "german"), ["--lang german", "not a language code"]),
        (("cards", "--lang", "DE"), ["--lang DE", 'did you mean "de"?']),
        (("sheet", "--all", "--lang", "xx"), ["--lang xx", "not a language code"]),
        (("build", "--lang", "de,nl"), ['"nl"', "lang/nl.toml"]),
        (("build", "--lang", "de,"), ["--lang de,", "--lang de,fr"]),
        (("check", "--lang", "de,xx"), ["--lang xx", "not a language code"]),
        (("session", SESSIONS[0]["id"], "--lang", "zz"), ["--lang zz", "not a language code"]),
    ],
)
def test_a_lang_that_cannot_print_is_refused(run, tmp_path, args, expected):
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for words in expected:
        assert words in result.output, words
    assert list(tmp_path.iterdir()) == []  # not even out/de of build --lang de,nl


@pytest.mark.parametrize(
    "args",
    [
        ("cards",),
        ("sheet", "--all"),
        ("session", SESSIONS[0]["id"]),
        ("bundle",),
        ("site",),
        ("preview",),
    ],
    ids=lambda args: args[0],
)
def test_several_languages_are_for_build_and_check_only(run, tmp_path, args):
    result = run(*args, "--lang", "de,fr")
    assert result.exit_code == 2, result.output
    assert "--lang de,fr" in result.output and "one language at a time" in result.output
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "args, written",
    [
        (("cards",), "cards.pdf"),
        (("sheet", DRILLS[0]["id"]), f"sheets/{DRILLS[0]['id']}.pdf"),
        (("session", SESSIONS[0]["id"]), f"sessions/{SESSIONS[0]['id']}.pdf"),
        (("bundle",), "handout.pdf"),
        (("site",), "site/index.html"),
        (("preview", DRILLS[0]["id"]), f"previews/{DRILLS[0]['id']}-sheet.png"),
    ],
    ids=lambda value: value[0] if isinstance(value, tuple) else None,
)
def test_every_command_with_lang_writes_into_out_code(run, tmp_path, args, written):
    result = run(*args, "--lang", "fr")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "fr" / written).is_file()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["fr"]
    if written.endswith(".pdf"):
        assert lang_of(tmp_path / "out" / "fr" / written) == "fr"


def test_a_file_whose_main_text_is_german_prints_german_without_lang(run, tmp_path, drills_file):
    drill = make_drill(
        name="Kniehebelauf",
        summary="Knie hoch, aufrecht bleiben.",
        cues=["Aufrecht bleiben"],
        faults=[{"fault": "Rücklage", "fix": "Leicht nach vorn lehnen"}],
        translations={"en": {"name": "High knees", "cues": ["Stay tall"]}},
    )
    path = drills_file({"language": "de", "drills": [drill]})
    result = run("cards", "--drills", path)
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "out" / "cards.pdf"
    assert lang_of(pdf) == "de"
    front = page_texts(pdf)[0]
    assert has(front, label(DE, "cues")) and has(front, "Kniehebelauf")
    result = run("cards", "--drills", path, "--lang", "en")
    assert result.exit_code == 0, result.output
    warning = "".join(w for w in warning_lines(result.output) if "not fully translated" in w)
    assert "(summary, faults)" in warning and "main language (de)" in warning
    front = page_texts(tmp_path / "out" / "en" / "cards.pdf")[0]
    assert has(front, "High knees") and has(front, "Stay tall") and has(front, label(EN, "cues"))
    assert has(front, "Knie hoch, aufrecht bleiben.")  # no English summary: the German prints
    result = run("check", "--drills", path)
    assert result.exit_code == 0, result.output
    assert f"{DE['name']} (de): the language of the main text" in result.output
    assert "    - drill test-drill (summary, faults)" in result.output


# --- 7. a language added by a catalogue file alone ---------------------------------------------


def toml_text(data: dict) -> str:
    """A catalogue written back as TOML: JSON strings are TOML basic strings."""

    def value(item) -> str:
        if isinstance(item, str):
            return json.dumps(item, ensure_ascii=False)
        if isinstance(item, list):
            return "[" + ", ".join(value(v) for v in item) + "]"
        return "{ " + ", ".join(f"{k} = {value(v)}" for k, v in item.items()) + " }"

    lines = [f"{key} = {value(item)}" for key, item in data.items() if not isinstance(item, dict)]
    for table, entries in data.items():
        if isinstance(entries, dict):
            lines += [
                "",
                f"[{table}]",
                *(f"{key} = {value(item)}" for key, item in entries.items()),
            ]
    return "\n".join(lines) + "\n"


REMOVED = "variations"


def dutch() -> dict:
    """en.toml made Dutch in part: a few labels, and one label left out; no locale (en_GB is
    English), so dates and counts follow Dutch."""
    words = catalogue("en")
    words["name"] = "Nederlands"
    del words["locale"]
    words["labels"].update(
        cues="AANWIJZINGEN",
        faults="VEELGEMAAKTE FOUTEN",
        dosage="HOEVEELHEID",
        warmup="WARMLOPEN",
        drill_count={"one": "{n} oefening", "other": "{n} oefeningen"},
        site_drills="Oefeningen",
    )
    del words["labels"][REMOVED]
    return words


def _mine(tmp_path: Path, words: dict) -> Path:
    folder = tmp_path / "mine" / "lang"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "nl.toml").write_text(toml_text(words), encoding="utf-8")
    return tmp_path / "mine"


def test_the_shipped_catalogues_round_trip_through_the_test_writer():
    assert tomllib.loads(toml_text(EN)) == EN and tomllib.loads(toml_text(DE)) == DE


def test_a_catalogue_alone_adds_a_language(run, tmp_path):
    _mine(tmp_path, dutch())
    assert "nl" in available(tmp_path / "mine") and "nl" not in available()
    result = run("cards", "--templates", "mine", "--lang", "nl")
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "out" / "nl" / "cards.pdf"
    texts = page_texts(pdf)
    fronts, backs = "".join(texts[0::2]), "".join(texts[1::2])
    assert has(fronts, "AANWIJZINGEN") and has(fronts, "HOEVEELHEID")
    assert has(backs, "VEELGEMAAKTE FOUTEN")
    assert has(backs, label(EN, REMOVED))  # the label the file lacks, in English
    assert label(EN, "cues") not in fronts
    assert lang_of(pdf) == "nl"
    labels_warning = [w for w in warning_lines(result.output) if "nl.toml" in w]
    assert len(labels_warning) == 1
    assert REMOVED in labels_warning[0] and "English" in labels_warning[0]
    assert "1 label not translated" in labels_warning[0]
    # the drills have no Dutch words: their English prints, and the warning says so
    assert any("(nl)" in w and "not fully translated" in w for w in warning_lines(result.output))


def test_check_reports_a_translation_into_a_language_of_the_clubs_catalogue(
    run, tmp_path, drills_file
):
    _mine(tmp_path, dutch())
    document = {"drills": [make_drill(translations={"nl": {"name": "Testoefening"}})]}
    result = run("check", "--drills", drills_file(document), "--templates", "mine")
    assert result.exit_code == 0, result.output
    translated, total, gaps = counted(document, "nl")
    assert "in en, nl" in result.output
    assert (
        f"Nederlands (nl): {translated} of {total} texts translated "
        f"({int(100 * translated / total)}%)" in result.output
    )
    assert f"    - {gaps[0]}" in result.output
    assert not (tmp_path / "out").exists()


def test_a_catalogue_of_a_language_writes_dates_as_cldr_does_for_it(run, tmp_path):
    _mine(tmp_path, dutch())
    session = SESSIONS[0]
    result = run(
        "session", session["id"], "--templates", "mine", "--lang", "nl", "--date", DAY.isoformat()
    )
    assert result.exit_code == 0, result.output
    text = collapse(page_texts(tmp_path / "out/nl/sessions" / f"{session['id']}.pdf")[0])
    assert "dinsdag 1 december 2026" in text
    assert "WARMLOPEN" in text and f"{len(session['items'])} oefeningen" in text


# Polish counts take three forms for whole numbers (CLDR): one, few, many.
POLISH_DRILLS = {
    1: "1 ćwiczenie",
    2: "2 ćwiczenia",
    5: "5 ćwiczeń",
    22: "22 ćwiczenia",
    25: "25 ćwiczeń",
}


def test_polish_session_sheets_count_their_drills_in_the_right_form(run, tmp_path, drills_file):
    """Sessions of 1, 2, 5, 22 and 25 drills, printed in Polish: each says its count in the form
    Polish grammar asks for, and the drills, untranslated, print in English with a warning."""
    ids = [drill["id"] for drill in DRILLS]
    sessions = [
        {
            "id": f"s{n}",
            "title": f"Trening {n}",
            "items": [{"drill": ids[i % len(ids)]} for i in range(n)],
        }
        for n in POLISH_DRILLS
    ]
    path = drills_file({"drills": DRILLS, "sessions": sessions})
    for n, expected in POLISH_DRILLS.items():
        result = run("session", f"s{n}", "--drills", path, "--lang", "pl")
        assert result.exit_code == 0, result.output
        assert any(
            "(pl)" in w and "not fully translated" in w for w in warning_lines(result.output)
        )
        first = collapse(page_texts(tmp_path / "out" / "pl" / "sessions" / f"s{n}.pdf")[0])
        counts = re.findall(r"(?<!\d)\d+ ćwicze\w*", first)
        assert counts == [expected], (n, first[:300])


@pytest.mark.parametrize(
    "n, form",
    [
        (0, "many"),
        (1, "one"),
        (2, "few"),
        (4, "few"),
        (5, "many"),
        (12, "many"),
        (22, "few"),
        (25, "many"),
        (104, "few"),
        (112, "many"),
    ],
)
def test_a_polish_count_picks_cldrs_form(n, form):
    words = catalogue("pl")["labels"]["page_count"]
    assert load_labels("pl")("page_count", n=n) == words[form].format(n=n)


def test_a_language_of_a_catalogue_builds_beside_english_with_linked_sites(run, tmp_path):
    _mine(tmp_path, dutch())
    result = run("build", "--templates", "mine", "--lang", "nl,en")
    assert result.exit_code == 0, result.output
    dutch_site, english_site = _site(tmp_path / "out" / "nl"), _site(tmp_path / "out" / "en")
    assert dutch_site.lang == "nl" and "Oefeningen" in dutch_site.headings
    assert dutch_site.language_links == [("../../en/site/index.html", "en", EN["name"])]
    assert english_site.language_links == [("../../nl/site/index.html", "nl", "Nederlands")]
    assert lang_of(tmp_path / "out" / "nl" / "handout.pdf") == "nl"
    assert lang_of(tmp_path / "out" / "en" / "handout.pdf") == "en"


def _unknown_label(words):
    words["labels"]["cuse"] = words["labels"].pop("cues")


def _unknown_name(words):
    words["labels"]["focus"] = "Focus: {focs}"


def _count_without_other(words):
    words["labels"]["drill_count"] = {"one": "{n} oefening"}


def _dates_by_hand(words):
    words["dates"] = {"format": "{weekday} {day} {month} {year}"}


def _unknown_table(words):
    words["lables"] = words.pop("labels")


def _locale_of_another_language(words):
    words["locale"] = "de_DE"


def _unknown_locale(words):
    words["locale"] = "nl_XX"


def _a_form_dutch_lacks(words):
    words["labels"]["drill_count"] = {
        "one": "{n} oefening",
        "few": "{n} oefeningen",
        "other": "{n} oefeningen",
    }


def _text_for_a_count(words):
    words["labels"]["page_count"] = "{n} pagina's"


def _right_to_left_label(words):
    words["labels"]["cues"] = "רמזים"  # would print in the wrong order


@pytest.mark.parametrize(
    "change, expected",
    [
        (_unknown_label, ["labels.cuse", "unknown key", 'did you mean "cues"?']),
        (_unknown_name, ["labels.focus", "{focs}", "{focus}"]),
        (_count_without_other, ["labels.drill_count", "count's forms"]),
        (_text_for_a_count, ["labels.page_count", "count's forms"]),
        (_dates_by_hand, ["dates:", "CLDR", "remove the [dates] table"]),
        (_unknown_table, ["lables", 'did you mean "labels"?']),
        (_locale_of_another_language, ["locale:", '"de_DE"', '"nl"']),
        (_unknown_locale, ["locale:", '"nl_XX"', "CLDR"]),
        (_a_form_dutch_lacks, ["labels.drill_count.few", "Dutch", "one (1) and other"]),
        (_right_to_left_label, ["labels.cues", "right-to-left"]),
    ],
    ids=lambda value: value.__name__.strip("_") if callable(value) else None,
)
def test_a_broken_catalogue_is_named_with_its_key_and_nothing_is_written(
    run, tmp_path, change, expected
):
    words = dutch()
    change(words)
    _mine(tmp_path, words)
    for args in (("cards",), ("build", "--lang", "en,nl")):
        lang = () if "--lang" in args else ("--lang", "nl")
        result = run(*args, "--templates", "mine", *lang)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output
        assert str(Path("mine") / "lang" / "nl.toml") in result.output, args
        for words_expected in expected:
            assert words_expected in result.output, (args, words_expected)
        assert not (tmp_path / "out").exists(), args


def test_check_names_the_broken_catalogue(run, tmp_path):
    words = dutch()
    _unknown_label(words)
    _mine(tmp_path, words)
    result = run("check", "--templates", "mine", "--lang", "nl")
    assert result.exit_code == 2, result.output
    assert 'labels.cuse: unknown key; did you mean "cues"?' in result.output
    assert "nl.toml" in result.output


# --- 8. the text fits in every shipped language -------------------------------------------------


def _fit_cases():
    for code in available():
        for size in CARD_SIZES:
            yield pytest.param(code, size, id=f"{code}-{size}")


@pytest.fixture(scope="module")
def builtin_library():
    return load_library(ROOT / "drills.json")


@pytest.mark.parametrize("code, size", list(_fit_cases()))
def test_the_builtin_library_fits_every_card_size_in_every_shipped_language(
    builtin_library, code, size
):
    made = edition(builtin_library, code)
    result = render_cards(made.library, Options(size=size))
    assert result.cards == len(DRILLS)
    text = "".join(page_texts(result.pdf))
    assert has(text, label(catalogue(code), "cues"))
    if code == "de":
        for drill in DRILLS:
            for cue in de(drill)["cues"]:
                assert has(text, cue), (size, drill["id"], cue)


def test_check_passes_the_builtin_library_on_business_cards_in_every_language(run):
    result = run("check", "--size", "business")
    assert result.exit_code == 0, result.output


def test_a_translation_too_full_for_a_card_names_the_translated_field(run, drills_file):
    # the longest words a drill may have are too many for a business card (tests/render/test_fit.py)
    longest = maximal_drill(0, [22], PLAIN)
    words = {key: longest[key] for key in TRANSLATED if key in longest}
    path = drills_file({"drills": [make_drill(id="short", translations={"de": words})]})
    assert run("cards", "--drills", path, "--size", "business").exit_code == 0
    result = run("cards", "--drills", path, "--size", "business", "--lang", "de")
    assert result.exit_code == 2, result.output
    assert "too full" in result.output
    assert 'drills[0] ("short").translations.de.' in result.output


@pytest.mark.parametrize(
    "command, where",
    [
        ("cards", 'drills[0] ("ankle-drill").translations.de.cues[1]'),
        ("session", 'sessions[0] ("basic-coordination").translations.de.warmup'),
        ("session", 'sessions[0] ("basic-coordination").translations.de.items[0].notes'),
    ],
)
def test_a_character_the_font_lacks_in_a_translation_names_the_translation(
    run, drills_file, command, where
):
    """An emoji in the German words is reported where it is written, not at the English field
    (which prints fine)."""
    document = copy.deepcopy(BUILTIN)
    words_of = {
        "cards": lambda: de(document["drills"][0]),
        "session": lambda: de(document["sessions"][0]),
    }
    words = words_of[command]()
    if where.endswith("cues[1]"):
        words["cues"][1] += " 🦶"
    elif where.endswith("warmup"):
        words["warmup"] += " 🏃"
    else:
        words["items"][0]["notes"] += " 🏃"
    path = drills_file(document)
    args = ["session", SESSIONS[0]["id"]] if command == "session" else ["cards"]
    assert run(*args, "--drills", path).exit_code == 0  # the English prints
    result = run(*args, "--drills", path, "--lang", "de")
    assert result.exit_code == 2, result.output
    assert f"{where}: the character" in result.output
    assert not (path.parent / "out" / "de").exists()


@pytest.mark.parametrize("chars", [PLAIN, WIDE], ids=["plain", "wide"])
def test_drills_at_the_maximum_lengths_fit_a7_with_german_labels(tmp_path, chars):
    drills = [maximal_drill(i, words, chars) for i, words in enumerate(PATTERNS[::5])]
    path = tmp_path / "max.json"
    path.write_text(json.dumps({"drills": drills}, ensure_ascii=False), encoding="utf-8")
    made = edition(load_library(path), "de")
    result = render_cards(made.library, Options(size="a7"))
    assert result.cards == len(drills)
    fronts = "".join(page_texts(result.pdf)[0::2])
    assert fronts.count(label(DE, "cues")) == len(drills)


def test_a_german_translation_at_the_maximum_lengths_fits_a7(tmp_path):
    """The translation is held to the main text's limits and its card short form to the card's,
    so the longest one fits too: the card prints the short form."""
    longest = maximal_drill(0, [7, 3, 11], "äöüßnae")
    words = {key: longest[key] for key in TRANSLATED if key in longest}
    drill = make_drill(id="short", translations={"de": words})
    path = tmp_path / "drills.json"
    path.write_text(json.dumps({"drills": [drill]}, ensure_ascii=False), encoding="utf-8")
    made = edition(load_library(path), "de")
    assert made.coverage.gaps == ()
    result = render_cards(made.library, Options(size="a7"))
    front, back = page_texts(result.pdf)[:2]
    for cue in words["card"]["cues"]:
        assert has(front, cue)
    assert has(front, label(DE, "cues")) and has(back, label(DE, "faults"))
    assert has(back, words["card"]["faults"][-1]["fix"])


def test_the_calibration_sheet_gives_its_instructions_in_the_language(run, tmp_path):
    result = run("calibrate", "--lang", "de", "-o", "calibration.pdf")
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "calibration.pdf"
    front = page_texts(pdf)[0]
    for key in (
        "calibrate_front",
        "calibrate_print",
        "calibrate_hold",
        "calibrate_read",
        "calibrate_use",
    ):
        assert has(front, label(DE, key)), key
    assert not has(front, label(EN, "calibrate_hold"))
    assert lang_of(pdf) == "de"
    assert PdfReader(pdf).metadata["/Title"] == label(DE, "calibrate")


# --- 9. reproducible and incremental ------------------------------------------------------------


def test_two_german_builds_are_byte_identical(run, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    assert run("build", "--lang", "de", "--out", "one").exit_code == 0
    assert run("build", "--lang", "de", "--out", "two").exit_code == 0
    one, two = files(tmp_path / "one" / "de"), files(tmp_path / "two" / "de")
    assert "handout.pdf" in one and "site/index.html" in one
    assert sorted(one) == sorted(two)
    for name in one:
        assert one[name] == two[name], name


def test_a_second_two_language_build_keeps_every_file_up_to_date(built):
    for code in ("en", "de"):
        assert re.search(
            rf"wrote 0 files, 0 pages, 0 bytes into out/{code} \(\d+ up to date\)",
            built.second.output,
        ), built.second.output
    # the record of what was built may be written again; no product is
    record = MANIFEST.name
    assert {k: v for k, v in built.after_second.items() if not k.endswith(record)} == {
        k: v for k, v in built.before_second.items() if not k.endswith(record)
    }


def test_the_build_date_on_each_handout_cover_is_written_in_its_language(built):
    """SOURCE_DATE_EPOCH fixed the cover's date: each language writes it its own way."""
    for words, code in ((EN, "en"), (DE, "de")):
        cover = collapse(page_texts(built.out / code / "handout.pdf")[0])
        assert written(words, DAY) in cover, code


# --- 10. the JSON Schema knows the translations -------------------------------------------------


@pytest.fixture(scope="module")
def validator():
    result = CliRunner().invoke(cli, ["schema"], catch_exceptions=False)
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_the_schema_accepts_the_builtin_library_with_its_translations(validator):
    assert {code for d in DRILLS for code in d["translations"]} == {"de", "fr", "it"}
    assert list(validator.iter_errors(BUILTIN)) == []
    assert list(validator.iter_errors({**BUILTIN, "language": "en"})) == []


@pytest.mark.parametrize(
    "change",
    [
        _set(["drills", 0, "translations", "xx"], {"name": "X"}),
        _set(["drills", 0, "translations", "de", "nmae"], "X"),
        _set(["drills", 0, "translations", "de", "video"], "https://example.org/x"),
        _set(["sessions", 0, "translations", "de", "titel"], "X"),
        _set(["sessions", 0, "translations", "de", "items", 0, "drill"], "ankle-drill"),
        _set(["language"], "deu"),
    ],
    ids=[
        "unknown-code",
        "unknown-key",
        "video-not-translated",
        "unknown-session-key",
        "item-drill-not-translated",
        "three-letter-language",
    ],
)
def test_the_schema_refuses_what_the_program_refuses(validator, run, drills_file, change):
    document = _broken(change)
    assert list(validator.iter_errors(document)), "the schema took it"
    result = run("cards", "--drills", drills_file(document))
    assert result.exit_code == 2, result.output


# --- mistakes in a catalogue or a language code ---------------------------------------------


@pytest.mark.parametrize("written_as, meant", [("deu", "de"), ("eng", "en"), ("ita", "it")])
def test_a_three_letter_code_is_hinted_at_its_two_letter_code(run, drills_file, written_as, meant):
    result = run("cards", "--drills", drills_file({**BUILTIN, "language": written_as}))
    assert result.exit_code == 2
    assert f'did you mean "{meant}"?' in result.output


@pytest.mark.parametrize(
    "document, command",
    [
        ({"language": "nl", "drills": [make_drill()]}, "cards"),
        ({"drills": [make_drill(translations={"nl": {"name": "Testoefening"}})]}, "check"),
    ],
    ids=["main-language", "translation"],
)
def test_a_language_of_the_file_without_a_catalogue_names_the_file_not_lang(
    run, drills_file, document, command
):
    path = drills_file(document, "dutch.json")
    result = run(command, "--drills", path)
    assert result.exit_code == 2, result.output
    assert '"nl"' in result.output
    assert "dutch.json" in result.output and "--lang nl" not in result.output


@pytest.mark.parametrize(
    "code",
    [
        "en",
        "de",
        "fr",
    ],
)
def test_a_handout_in_any_language_embeds_each_font_once(run, tmp_path, code):
    assert run("bundle", "--all", "--cards", "--lang", code).exit_code == 0
    reader = PdfReader(tmp_path / "out" / code / "handout.pdf")
    fonts = {}
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            fonts[ref.idnum] = str(ref.get_object()["/BaseFont"]).split("+")[-1]
    assert sorted(fonts.values()) == sorted(set(fonts.values()))


# --- the club's languages -------------------------------------------------------------------


def test_the_club_file_names_the_languages_a_build_prints(run, tmp_path):
    (tmp_path / "club.toml").write_text('languages = ["de", "fr"]\n', encoding="utf-8")
    result = run("build")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["de", "fr"]
    page = (tmp_path / "out" / "de" / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../fr/site/index.html"' in page
    assert has(page_texts(tmp_path / "out" / "fr" / "cards.pdf")[0], label(FR, "cues"))


def test_a_one_language_command_prints_the_clubs_first_language_unless_told(run, tmp_path):
    (tmp_path / "club.toml").write_text('languages = ["de", "fr"]\n', encoding="utf-8")
    assert run("cards").exit_code == 0
    assert has(page_texts(tmp_path / "out" / "de" / "cards.pdf")[0], label(DE, "cues"))
    assert run("cards", "--lang", "en").exit_code == 0
    assert has(page_texts(tmp_path / "out" / "en" / "cards.pdf")[0], label(EN, "cues"))
    result = run("check")
    assert result.exit_code == 0, result.output
    assert "in de, fr\n" in result.output


@pytest.mark.parametrize(
    "written, expected",
    [
        ('languages = ["deu"]', 'did you mean "de"?'),
        ('languages = "de"', "must be a list of language codes"),
        ("languages = []", "must be a list of language codes"),
        ('languages = ["de", "de"]', "written twice"),
    ],
)
def test_a_wrong_language_in_the_club_file_is_named(run, tmp_path, written, expected):
    (tmp_path / "club.toml").write_text(written + "\n", encoding="utf-8")
    result = run("build")
    assert result.exit_code == 2, result.output
    assert "club.toml: languages: " in result.output and expected in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()
