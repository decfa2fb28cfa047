"""Sessions as coaches plan them: what a coach reads off the printed plan — each block's clock
time and minutes, the total and the end, the whole plan on page 1 with what to bring — the cards
for tonight, and times that cannot be right refused with their place.

Everything is read back from the real PDFs with pdfium (text and its position) and zxing-cpp
(the plan's QR codes).
"""

from __future__ import annotations

import copy
import re

import jsonschema
import pypdfium2 as pdfium
import pytest

from cards import (
    Session,
    SessionItem,
    edition,
    load_labels,
    load_library,
    render_handout,
    render_session,
)
from cards.data import schema
from cards.data.spreadsheet import export_library
from cards.errors import DataError
from cards.options import Options
from cards.products.site import index_html
from tests.conftest import BUILTIN, ROOT, collapse, decode_qr_codes, make_drill, page_texts

DETAILS = "THE DRILLS IN DETAIL"
VALIDATOR = jsonschema.Draft202012Validator(schema.json_schema())
EN = load_labels("en")


# --- reading the plan back ---------------------------------------------------------------------


def _lines(pdf: bytes, page: int) -> list[tuple[str, float]]:
    """Each text line of a page with the top of its first character (points from the bottom)."""
    doc = pdfium.PdfDocument(pdf)
    try:
        textpage = doc[page].get_textpage()
        text = textpage.get_text_range()
        lines, start = [], 0
        for line in text.split("\r\n"):
            if line.strip():
                lines.append((line, textpage.get_charbox(start)[3]))
            start += len(line) + 2
        return lines
    finally:
        doc.close()


def _bounded(pdf: bytes, page: int, left: float, bottom: float, right: float, top: float) -> str:
    doc = pdfium.PdfDocument(pdf)
    try:
        return collapse(doc[page].get_textpage().get_text_bounded(left, bottom, right, top))
    finally:
        doc.close()


def _plan_rows(result, page: int = 0) -> list[tuple[str, str]]:
    """(the row's first line, what its time column says) for each row of the plan on a page,
    top to bottom, down to the drills in detail."""
    layout = result.layout
    t = layout.labels
    [flow] = [box for box in layout.face("page") if box.kind == "flow"]
    time_right = flow.x + layout.length("plan_time_width")
    lines = _lines(result.pdf, page)
    end = next((top for text, top in lines if text.startswith(t("details"))), 0)
    rows = []
    for text, top in lines:
        if top <= end:
            break
        # a time, or minutes (kept whole: "15 mins"), read on the same line
        text = re.sub(r"^(?:\d{1,2}[:h.]\d\d(?: Uhr)?|\d+\s\S+)\s+", "", text)
        if re.match(r"\d+\. ", text) or text.startswith((t("warmup"), t("cooldown"), t("end"))):
            rows.append((text, _bounded(result.pdf, page, flow.x, top - 24, time_right, top + 3)))
    return rows


def _clock(minute: int) -> str:
    return f"{minute // 60 % 24:02d}:{minute % 60:02d}"


def _first_page(pdf: bytes) -> str:
    return collapse(page_texts(pdf)[0])


# --- sessions to print ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def library():
    return load_library(ROOT / "drills.json")


def _timed(
    start: str | None = "18:30",
    warmup: int | None = 15,
    cooldown: int | None = 10,
    minutes: tuple[int | None, ...] = (5, 4, 6),
) -> Session:
    ids = ["ankle-drill", "pogo-jumps", "high-knees"]
    items = tuple(SessionItem(drill, minutes=m) for drill, m in zip(ids, minutes, strict=True))
    return Session(
        "tuesday",
        "Tuesday track",
        items,
        warmup="Jog easy." if warmup else None,
        cooldown="Walk." if cooldown else None,
        start=start,
        warmup_minutes=warmup,
        cooldown_minutes=cooldown,
    )


def _many(library, count: int, paper: str = "a4") -> tuple[Session, object]:
    ids = [d.id for d in library.drills]
    notes = ["Start slow, then build the rhythm over the last 10 m.", None, None]
    items = tuple(
        SessionItem(ids[i % len(ids)], notes=notes[i % 3], minutes=5) for i in range(count)
    )
    session = Session(
        "many",
        "Tuesday track",
        items,
        warmup="10 min easy jog, then leg swings, 10 per leg.",
        cooldown="5 min easy jog, then stretches.",
        notes="Count the sets.",
        start="18:00",
        warmup_minutes=10,
        cooldown_minutes=5,
    )
    return session, render_session(library, Options(paper), session)


# --- time on the sheet ------------------------------------------------------------------------


def _row(clock: str, minutes: int | None = None) -> str:
    """A row's time column as printed: '18:45 5 min' (the minutes as the language writes them)."""
    return collapse(f"{clock} {EN.duration(minutes)}" if minutes else clock)


def test_each_row_starts_when_the_rows_before_it_have_run(library):
    result = render_session(library, Options(), _timed())
    rows = _plan_rows(result)
    # 18:30 + 15 min warm-up, then 5, 4 and 6 min of drills, 10 min cool-down
    assert [(text.split(" ·")[0], time) for text, time in rows] == [
        ("WARM-UP", _row("18:30", 15)),
        ("1. Ankle drill", _row("18:45", 5)),
        ("2. Pogo jumps", _row("18:50", 4)),
        ("3. High knees / skipping", _row("18:54", 6)),
        ("COOL-DOWN", _row("19:00", 10)),
        ("END", "19:10"),
    ]


@pytest.mark.parametrize("lang", ["en", "de", "fr", "it"])
def test_the_clock_times_the_total_and_the_end_in_every_language(library, lang):
    made = edition(library, lang).library
    labels = made.labels
    session = _timed(start="23:20", minutes=(7, 8, 9))  # past midnight: 00:09 at the end
    result = render_session(made, Options(), session)
    starts = [23 * 60 + 20 + offset for offset in (0, 15, 22, 30, 39, 49)]
    times = [time for _, time in _plan_rows(result)]
    assert len(times) == 6
    for time, minute in zip(times, starts, strict=True):
        assert time.startswith(collapse(labels.clock(minute))), (time, _clock(minute))
    total = labels.duration(49)
    first = _first_page(result.pdf)
    span = labels("time_span", start=labels.clock(starts[0]), end=labels.clock(starts[-1]))
    assert collapse(span) in first and collapse(total) in first
    assert collapse(labels("total", minutes=total)) in first


def test_german_writes_the_span_with_uhr(library):
    made = edition(library, "de").library
    first = _first_page(render_session(made, Options(), _timed()).pdf)
    assert re.search(r"18:30\s*–\s*19:10 Uhr", first), first


def test_without_a_start_each_row_shows_its_minutes_and_the_plan_its_total(library):
    result = render_session(library, Options(), _timed(start=None))
    rows = _plan_rows(result)
    assert [time for _, time in rows] == [*(_row("", m).strip() for m in (15, 5, 4, 6, 10)), ""]
    first = _first_page(result.pdf)
    total = collapse(EN.duration(40))
    assert f"Tuesday track {total} · 3 drills" in first and f"END · {total} in total" in first
    assert not re.search(r"\d\d:\d\d", first), "no clock time without a start"


def test_an_untimed_session_prints_no_time(library):
    session = next(s for s in library.sessions if s.id == "basic-coordination")
    untimed = Session(
        session.id,
        session.title,
        tuple(SessionItem(i.drill, i.dosage, i.notes) for i in session.items),
        warmup=session.warmup,
        cooldown=session.cooldown,
        notes=session.notes,
    )
    result = render_session(library, Options(), untimed)
    rows = _plan_rows(result)
    assert [text.split(" ·")[0] for text, _ in rows][::6] == ["WARM-UP", "6. Pogo jumps"]
    assert [time for _, time in rows] == [""] * 8, "no clock time, no minutes, no end"
    assert not re.search(r"\d+ mins? ·|in total", _first_page(result.pdf))


def test_the_builtin_sessions_are_timed(library):
    for session in library.sessions:
        assert session.start and session.total_minutes
        assert all(item.minutes for item in session.items)
        result = render_session(library, Options(), session)
        end = _clock(session.start_minute + session.total_minutes)
        assert f"{session.start}–{end}" in _first_page(result.pdf)


# --- page 1: the whole plan -------------------------------------------------------------------


def test_page_1_names_every_item_of_a_12_item_session_with_its_code(library):
    session, result = _many(library, 12)
    first = _first_page(result.pdf)
    for number, item in enumerate(session.items, start=1):
        assert f"{number}. {library.drill(item.drill).name}" in first, number
    assert [text.split(" ·")[0] for text, _ in _plan_rows(result)][-2:] == ["COOL-DOWN", "END"]
    details = next((top for text, top in _lines(result.pdf, 0) if text.startswith(DETAILS)), 0)
    codes = sorted(
        (c for c in decode_qr_codes(result.pdf, 0, dpi=300) if c[2] > details),
        key=lambda code: -code[2],
    )  # top to bottom
    assert [text for text, _, _ in codes] == [library.drill(i.drill).video for i in session.items]


def test_what_to_bring_lists_each_thing_once_in_the_sessions_order(drills_file):
    drills = [
        make_drill(id="a", name="Drill A", equipment=["Cones", "Stopwatch"]),
        make_drill(id="b", name="Drill B", equipment=["cones", "Mini hurdles"]),
        make_drill(id="c", name="Drill C", equipment=["Stopwatch"]),
        make_drill(id="d", name="Drill D"),
    ]
    session = {"id": "s", "title": "S", "items": [{"drill": d} for d in "abcda"]}
    library = load_library(drills_file({"drills": drills, "sessions": [session]}))
    first = _first_page(render_session(library, Options(), library.sessions[0]).pdf)
    bring = first.split("WHAT TO BRING", 1)[1].split("PLAN", 1)[0]
    assert [thing.strip() for thing in bring.split("·")] == ["Cones", "Stopwatch", "Mini hurdles"]


def test_nothing_to_bring_prints_no_list(library):
    first = _first_page(render_session(library, Options(), _timed()).pdf)
    assert "WHAT TO BRING" not in first and "PLAN" in first


@pytest.mark.parametrize("count", range(1, 31))
def test_no_page_holds_only_the_notes_box(library, count):
    session, result = _many(library, count)
    texts = [collapse(t) for t in page_texts(result.pdf)]
    assert ["COACH'S NOTES" in t for t in texts] == [False] * (len(texts) - 1) + [True]
    for number, text in enumerate(texts, start=1):
        body = text.replace(session.title, "").replace(f"page {number} of {len(texts)}", "")
        body = body.replace("COACH'S NOTES", "").strip()
        assert body, f"page {number} of {len(texts)} holds only the notes box"
    # the last page shows a drill in detail above the notes, not the session's notes alone
    last = texts[-1]
    assert re.search(r"\b\d+\. [A-Z]", last.split("COACH'S NOTES")[0]), last[:200]


def test_the_notes_box_keeps_its_least_height(library):
    _, result = _many(library, 25)
    least = result.layout.length("notes_height")
    doc = pdfium.PdfDocument(result.pdf)
    try:
        textpage = doc[len(doc) - 1].get_textpage()
        found = textpage.search("COACH'S NOTES").get_next()
        label_top = textpage.get_charbox(found[0])[3]
    finally:
        doc.close()
    [flow] = [box for box in result.layout.face("page") if box.kind == "flow"]
    assert label_top - flow.y >= least - 1


# --- the cards for tonight --------------------------------------------------------------------

ADVANCED = [
    "jumping-jacks-propeller",
    "pogo-knee-drive",
    "straight-leg-bounds",
    "knee-lift-hopper-run",
    "heel-knee-lift-combination",
    "jumping-jacks-forward-sideways",
]  # straight-leg-bounds twice in the session, once here


def test_cards_for_a_session_are_its_drills_once_in_its_order(run, tmp_path, library):
    result = run("cards", "--session", "advanced-coordination", "--no-backs")
    assert result.exit_code == 0, result.output
    assert "6 A7" in result.output
    made = (tmp_path / "out" / "cards.pdf").read_bytes()
    assert run("cards", *ADVANCED, "--no-backs", "-o", "by-id.pdf").exit_code == 0
    assert made == (tmp_path / "by-id.pdf").read_bytes()
    text = collapse(" ".join(page_texts(made)))
    names = [library.drill(i).name for i in ADVANCED]
    assert [text.count(name) for name in names] == [1] * len(names)
    assert sorted(names, key=text.index) == names


def test_sheets_for_a_session_are_its_drills_once(run, tmp_path):
    result = run("sheet", "--session", "advanced-coordination")
    assert result.exit_code == 0, result.output
    written = re.findall(r"out/sheets/([\w-]+)\.pdf", result.output)
    assert written == ADVANCED
    assert sorted(p.stem for p in (tmp_path / "out" / "sheets").iterdir()) == sorted(ADVANCED)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["cards", "--session", "advanced-cordination"], 'did you mean "advanced-coordination"?'),
        (["cards", "ankle-drill", "--session", "basic-coordination"], "not both"),
        (["sheet", "--all", "--session", "basic-coordination"], "one of them"),
        (["sheet", "--session", "ankle-drill"], "is a drill, not a session"),
    ],
)
def test_session_choices_that_cannot_be_met_exit_2(run, tmp_path, args, message):
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_bundle_of_a_session_is_as_before_with_its_time_in_the_contents(run, tmp_path):
    result = run("bundle", "--session", "basic-coordination")
    assert result.exit_code == 0, result.output
    contents = collapse(page_texts(tmp_path / "out" / "handout.pdf")[1])
    assert re.search(r"Basic coordination · 18:30–19:25, 55 mins? 1", contents), contents


# --- the command line -------------------------------------------------------------------------


def test_an_adhoc_session_takes_its_time_from_the_command_line(run, tmp_path, library):
    result = run(
        "session",
        "--title",
        "Tuesday track",
        "--start",
        "18:30",
        "--warmup",
        "15",
        "--cooldown",
        "10",
        "ankle-drill:5",
        "pogo-jumps:4",
        "ankle-drill:6",
    )
    assert result.exit_code == 0, result.output
    assert "3 drills in 40 min on" in result.output
    pdf = (tmp_path / "out" / "sessions" / "tuesday-track.pdf").read_bytes()
    rendered = render_session(
        library,
        Options(),
        Session(
            "tuesday-track",
            "Tuesday track",
            (
                SessionItem("ankle-drill", minutes=5),
                SessionItem("pogo-jumps", minutes=4),
                SessionItem("ankle-drill", minutes=6),
            ),
            start="18:30",
            warmup_minutes=15,
            cooldown_minutes=10,
        ),
    )
    assert pdf == rendered.pdf
    assert [time for _, time in _plan_rows(rendered)] == [
        _row("18:30", 15),
        _row("18:45", 5),
        _row("18:50", 4),
        _row("18:54", 6),
        _row("19:00", 10),
        "19:10",
    ]


def test_a_library_session_takes_another_start_and_warm_up(run, tmp_path, library):
    result = run("session", "basic-coordination", "--start", "7:05", "--warmup", "20")
    assert result.exit_code == 0, result.output
    pdf = (tmp_path / "out" / "sessions" / "basic-coordination.pdf").read_bytes()
    session = next(s for s in library.sessions if s.id == "basic-coordination")
    end = 7 * 60 + 5 + session.total_minutes + 5  # five minutes more of warm-up
    assert f"07:05–{_clock(end)}" in _first_page(pdf)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--start", "24:00", "ankle-drill:5"], '--start: "24:00" is not a time of day'),
        (["--start", "6.30pm", "ankle-drill:5"], "--start: must be a time of day as HH:MM"),
        (["ankle-drill:0"], '"ankle-drill:0": the minutes must be at least 1 minute'),
        (
            ["ankle-drill:241"],
            '"ankle-drill:241": the minutes is 241 minutes; a block lasts at most',
        ),
        (["ankle-drill:five"], '"ankle-drill:five": after the colon give the drill\'s minutes'),
        (["--warmup", "0", "ankle-drill:5"], "--warmup: must be at least 1 minute"),
        (["--cooldown", "300", "ankle-drill:5"], "--cooldown: is 300 minutes"),
        (
            ["--start", "18:00", "ankle-drill:5", "pogo-jumps"],
            '"pogo-jumps" has no minutes: the session has a --start',
        ),
        (["ankle-drill:5", "pogo-jumps"], '"pogo-jumps" has no minutes: ankle-drill:5 has minutes'),
        (["ankle-drill:240", "pogo-jumps:240", "high-knees:5"], "its blocks add up to 485 minutes"),
    ],
)
def test_bad_times_on_the_command_line_exit_2_naming_the_option(run, tmp_path, args, message):
    result = run("session", "--title", "Hills", *args)
    assert result.exit_code == 2, result.output
    assert f"the command line: {message}" in collapse(result.output), result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_a_start_for_a_library_session_without_minutes_names_each_item(run, tmp_path, drills_file):
    session = {"id": "week", "title": "Week", "items": [{"drill": "test-drill"}] * 2}
    path = drills_file({"drills": [make_drill()], "sessions": [session]})
    result = run("session", "week", "--drills", path, "--start", "18:00")
    assert result.exit_code == 2, result.output
    for index in (0, 1):
        assert (
            f'sessions[0] ("week").items[{index}].minutes: missing: the session has a start '
            "(--start)"
        ) in collapse(result.output)
    assert not (tmp_path / "out").exists()


def test_minutes_that_are_not_a_number_are_refused_by_click(run, tmp_path):
    result = run("session", "--title", "Hills", "--warmup", "ten", "ankle-drill:5")
    assert result.exit_code == 2 and "--warmup" in result.output
    assert not (tmp_path / "out").exists()


# --- bad times in a drills file ---------------------------------------------------------------

W = 'sessions[0] ("week")'
ITEMS = [{"drill": "test-drill", "minutes": 5}, {"drill": "test-drill", "minutes": 5}]


def timed(**changes) -> dict:
    session = {"id": "week", "title": "Week", "start": "18:00", "items": copy.deepcopy(ITEMS)}
    for key, value in changes.items():
        if key.startswith("item"):
            session["items"][int(key[4:])]["minutes"] = value
        elif value is None:
            session.pop(key, None)
        else:
            session[key] = value
    return {"drills": [make_drill()], "sessions": [session]}


def without_minutes(index: int, **changes) -> dict:
    document = timed(**changes)
    del document["sessions"][0]["items"][index]["minutes"]
    return document


BAD_TIMES = [  # (document, what the message says, whether the JSON Schema can tell)
    pytest.param(
        timed(start="25:00"), f'{W}.start: "25:00" is not a time of day', True, id="start-25h"
    ),
    pytest.param(
        timed(start="18:60"), f'{W}.start: "18:60" is not a time of day', True, id="start-60min"
    ),
    pytest.param(
        timed(start="18.30"), f"{W}.start: must be a time of day as HH:MM", True, id="start-dot"
    ),
    pytest.param(timed(start=1830), f"{W}.start: must be text in quotes", True, id="start-number"),
    pytest.param(
        timed(item0=0), f"{W}.items[0].minutes: must be at least 1 minute", True, id="minutes-0"
    ),
    pytest.param(
        timed(item1=-5),
        f"{W}.items[1].minutes: must be at least 1 minute",
        True,
        id="minutes-negative",
    ),
    pytest.param(
        timed(item0=2.5),
        f"{W}.items[0].minutes: must be whole minutes",
        True,
        id="minutes-fraction",
    ),
    pytest.param(
        timed(item0="5"),
        f"{W}.items[0].minutes: must be a whole number of minutes without quotes",
        True,
        id="minutes-text",
    ),
    pytest.param(
        timed(item0=True), f"{W}.items[0].minutes: must be a whole number", True, id="minutes-bool"
    ),
    pytest.param(
        timed(item1=241),
        f"{W}.items[1].minutes: is 241 minutes; a block lasts at most 240",
        True,
        id="minutes-241",
    ),
    pytest.param(
        timed(warmup_minutes=300), f"{W}.warmup_minutes: is 300 minutes", True, id="warmup-300"
    ),
    pytest.param(
        timed(item0=240, item1=235, cooldown_minutes=10),
        f"{W}: its blocks add up to 485 minutes (8 h 05 min); a session lasts at most 480 minutes",
        False,
        id="over-8-hours",
    ),
    pytest.param(
        without_minutes(1),
        f'{W}.items[1].minutes: missing: the session has a "start"',
        False,
        id="start-but-no-minutes",
    ),
    pytest.param(
        without_minutes(0, start=None),
        f"{W}.items[0].minutes: missing: items[1] has minutes",
        False,
        id="some-minutes",
    ),
    pytest.param(timed(warmup="Jog"), f"{W}.warmup_minutes: missing", False, id="warm-up-untimed"),
]


@pytest.mark.parametrize(("document", "message", "schema_rejects"), BAD_TIMES)
def test_bad_times_in_the_file_exit_2_naming_session_item_and_field(
    run, tmp_path, drills_file, document, message, schema_rejects
):
    path = drills_file(document)
    for command in (["session", "week"], ["build"], ["check"]):
        result = run(*command, "--drills", path)
        assert result.exit_code == 2, (command, result.output)
        assert message in collapse(result.output), (command, result.output)
        assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()
    assert VALIDATOR.is_valid(document) is not schema_rejects


def test_good_times_load_and_the_schema_accepts_them(drills_file):
    document = timed(start="7:05", item0=240, item1=5.0, warmup="Jog", warmup_minutes=15)
    assert VALIDATOR.is_valid(document)
    [session] = load_library(drills_file(document)).sessions
    assert session.start == "07:05" and session.warmup_minutes == 15
    assert [i.minutes for i in session.items] == [240, 5]
    assert isinstance(session.items[1].minutes, int) and session.total_minutes == 260


def test_the_builtin_file_validates_with_its_times():
    assert VALIDATOR.is_valid(BUILTIN)
    assert all("start" in s for s in BUILTIN["sessions"])


# --- everywhere: the web page, the spreadsheet -----------------------------------------------


def test_the_web_page_shows_each_sessions_minutes_total_and_times(library):
    page = collapse(index_html(library, Options()))
    assert re.search(r"7 drills · 75 mins? · 18:00–19:15", page), page
    assert re.search(
        r"Jumping jacks, propeller \(4 mins?\), Pogo jumps with knee drive "
        r"\(5 mins?\)",
        page,
    )


def test_the_handout_contents_show_each_sessions_time(library):
    contents = collapse(page_texts(render_handout(library, everything=True).pdf)[1])
    assert re.search(r"Advanced coordination · 18:00–19:15, 75 mins?", contents), contents


def test_a_spreadsheet_keeps_the_time(drills_file, tmp_path):
    document = timed(warmup="Jog", warmup_minutes=15, cooldown_minutes=10)
    library = load_library(drills_file(document))
    back = load_library(export_library(library, tmp_path / "drills.xlsx"))
    assert back.sessions == library.sessions
    assert back.sessions[0].total_minutes == 35


def test_a_bad_minutes_cell_is_named_by_sheet_row_and_column(drills_file, tmp_path):
    import openpyxl

    library = load_library(drills_file(timed()))
    path = export_library(library, tmp_path / "drills.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["Sessions"]
    headers = [cell.value for cell in sheet[1]]
    sheet.cell(row=3, column=headers.index("minutes") + 1, value="5 min")
    book.save(path)
    with pytest.raises(DataError) as caught:
        load_library(path)
    assert any(
        'sheet Sessions, row 3 ("week"), column "minutes": must be a whole number of '
        'minutes, such as 10 (got text: "5 min")' in p
        for p in caught.value.problems
    )


def test_the_model_adds_up_the_blocks():
    session = _timed()
    assert [(s.kind, s.minutes, s.offset) for s in session.slots] == [
        ("warmup", 15, 0),
        ("item", 5, 15),
        ("item", 4, 20),
        ("item", 6, 24),
        ("cooldown", 10, 30),
    ]
    assert session.total_minutes == 40 and session.end_minute == 19 * 60 + 10
    late = _timed(start="23:50")
    assert late.end_minute == 30  # 00:30 the next day
    assert _timed(start=None).end_minute is None
    assert _timed(minutes=(5, None, 6)).total_minutes is None


def test_the_readme_documents_the_time_fields_and_options():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for word in (
        "`minutes`",
        "`start`",
        "`warmup_minutes`",
        "`cooldown_minutes`",
        "--start",
        "--warmup",
        "--cooldown",
        "DRILL_ID:MINUTES",
        "cards --session",
    ):
        assert word in readme, word
