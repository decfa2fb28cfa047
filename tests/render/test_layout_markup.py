"""The markup a shared layout writes is checked before reportlab reads it (issue 17).

reportlab's paragraph markup opens any file an <img> names, looks up any <font name>, links any
href and has tags that call code; the Jinja sandbox never sees it. Each hostile tag ends in exit
2 naming the template, its line and the tag, with nothing written; what layouts really write
(bold, a colour, a bundled font, an https link, drill text that looks like markup) still prints.
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from cards.data.library import load_library
from cards.errors import DrillcardsError
from cards.render.layout import load_card_layout
from cards.render.textfit import fit
from cards.resources import default_drills
from tests.conftest import EXAMPLES, ROOT, collapse, make_drill, page_texts

SECRET = b"\x89PNG\r\n\x1a\n secret picture in the working folder"

# snippet put at the top of the card's front text → what the message must name
HOSTILE = {
    "img-working-folder": ('<p style="cue"><img src="secret.png"/></p>', "<img>"),
    "img-absolute": ('<p style="cue"><img src="/etc/passwd"/></p>', "<img>"),
    "img-capitals": ('<p style="cue"><IMG SRC="secret.png"/></p>', "<IMG>"),
    "img-from-a-value": ('<p style="cue">{{ \'<img src="secret.png"/>\' | safe }}</p>', "<img>"),
    "font-absolute": ('<p style="cue"><font name="/etc/passwd">x</font></p>', "<font name>"),
    "font-parent": ('<p style="cue"><font face="../../x.ttf">x</font></p>', "<font face>"),
    "font-standard-14": ('<p style="cue"><span name="Helvetica">x</span></p>', "<span name>"),
    "font-tab": ('<p style="cue"><font name="a&#9;b.ttf">x</font></p>', "<font name>"),
    "span-style": ('<p style="cue"><span style="x">x</span></p>', "style"),
    "colour-expression": (
        '<p style="cue"><font color="Blacker(red, 0.5)">x</font></p>',
        "<font color>",
    ),
    "size-huge": ('<p style="cue"><font size="1e308">x</font></p>', "<font size>"),
    "link-javascript": ('<p style="cue"><a href="javascript:alert(1)">x</a></p>', "<a href>"),
    "link-file": ('<p style="cue"><link href="file:///etc/passwd">x</link></p>', "<link href>"),
    "link-internal": ('<p style="cue"><a href="#page-2">x</a></p>', "<a href>"),
    "link-destination": ('<p style="cue"><a destination="x">x</a></p>', "destination"),
    "link-without-target": ('<p style="cue"><link>x</link></p>', "<link>"),
    "anchor": ('<p style="cue"><a name="here"/>x</p>', "<a name>"),
    "ondraw": ('<p style="cue"><onDraw name="f" label="x"/>x</p>', "<onDraw>"),
    "index": ('<p style="cue"><index item="x"/>x</p>', "<index>"),
    "seq-template": ('<p style="cue"><seq template="%(x)s"/></p>', "<seq>"),
    "seq-reset": ('<p style="cue"><seqReset id="x"/>x</p>', "<seqReset>"),
    "unichar": ('<p style="cue"><unichar code="0x110000"/></p>', "<unichar>"),
    "greek": ('<p style="cue"><greek>a</greek></p>', "<greek>"),
    "bullet": ('<p style="cue"><bullet>x</bullet>y</p>', "<bullet>"),
    "para": ('<p style="cue"><para>x</para></p>', "<para>"),
    "unknown-tag": ('<p style="cue"><blink>x</blink></p>', "<blink>"),
    "br-with-text": ('<p style="cue"><br>x</br></p>', "<br>"),
    "br-with-a-space": ('<p style="cue">x<br> </br>y</p>', "<br>"),
    "nobr-attribute": ('<p style="cue"><nobr x="1">x</nobr></p>', "<nobr>"),
    "nested-deep": ('<p style="cue">' + "<b>" * 60 + "x" + "</b>" * 60 + "</p>", "<b>"),
    "glyph-the-font-lacks": (
        '<p style="cue"><font name="DejaVuSans-Bold.ttf">漢</font></p>',
        "U+6F22",
    ),
}


@pytest.fixture
def layouts(tmp_path):
    """A shared layout folder, and a picture in the working folder it must not reach."""
    (tmp_path / "secret.png").write_bytes(SECRET)
    target = tmp_path / "shared-layouts"
    shutil.copytree(ROOT / "templates", target)
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def put_in_front_text(layouts: Path, snippet: str) -> int:
    """Put the snippet on its own line at the top of the card's front text; its line number."""
    j2 = layouts / "card.j2"
    lines = j2.read_text(encoding="utf-8").splitlines()
    at = lines.index("{% block front_text %}") + 1
    lines.insert(at, snippet)
    j2.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return at + 1


@pytest.mark.parametrize(("snippet", "named"), HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_markup_exits_2_naming_template_line_and_tag(
    run, layouts, tmp_path, snippet, named
):
    line = put_in_front_text(layouts, snippet)
    before = snapshot(tmp_path)
    result = run("cards", "ankle-drill", "--templates", layouts)
    assert result.exit_code == 2, result.output
    assert f'card.j2, line {line} (block "front_text")' in result.output
    assert named in result.output
    assert "Traceback" not in result.output and "root:" not in result.output
    assert snapshot(tmp_path) == before  # nothing written, nothing added


def test_the_line_named_is_the_one_writing_the_tag(run, layouts):
    """Markup has no line once rendered: the template's line that writes the tag is named."""
    j2 = layouts / "card.j2"
    text = j2.read_text(encoding="utf-8")
    j2.write_text(
        text.replace(
            "{{ drill.summary }}</p>", '{{ drill.summary }} <a href="ftp://x.org">more</a></p>', 1
        ),
        encoding="utf-8",
    )
    line = 1 + next(i for i, s in enumerate(j2.read_text().splitlines()) if "ftp:" in s)
    result = run("cards", "ankle-drill", "--templates", layouts)
    assert result.exit_code == 2
    assert f"card.j2, line {line} " in result.output and '"ftp://x.org"' in result.output


TOO_DEEP = {
    "if-300": ("card.j2", "{% if true %}" * 300 + "x" + "{% endif %}" * 300),
    "if-100": ("card.j2", "{% if true %}" * 100 + "x" + "{% endif %}" * 100),
    "for-25": ("card.j2", "{% for a in [1] %}" * 25 + "x" + "{% endfor %}" * 25),
    "brackets": ("card.j2", "{{ " + "(" * 2000 + "1" + ")" * 2000 + " }}"),
    "included": ("deep.j2", '{% include "deep.j2" %}'),
    "macro-calls-itself": ("card.j2", "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}"),
}


@pytest.mark.parametrize(("named", "snippet"), TOO_DEEP.values(), ids=TOO_DEEP.keys())
def test_a_template_too_deep_for_python_exits_2(run, layouts, tmp_path, named, snippet):
    (layouts / "deep.j2").write_text(
        "{% for a in [1] %}" * 25 + "{% endfor %}" * 25, encoding="utf-8"
    )
    put_in_front_text(layouts, snippet)
    before = snapshot(tmp_path)
    result = run("cards", "ankle-drill", "--templates", layouts)
    assert result.exit_code == 2, result.output
    assert named in result.output and "Traceback" not in result.output
    assert snapshot(tmp_path) == before


def test_the_web_page_template_calling_itself_exits_2(run, layouts, tmp_path):
    page = layouts / "site.html.j2"
    page.write_text(
        "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}" + page.read_text(), encoding="utf-8"
    )
    before = snapshot(tmp_path)
    result = run("site", "--templates", layouts)
    assert result.exit_code == 2, result.output
    assert "site.html.j2" in result.output and "Traceback" not in result.output
    assert snapshot(tmp_path) == before


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_font_linked_from_outside_the_layout_folder_is_refused(run, layouts, tmp_path):
    """A shared folder may hold a link; the font must really lie in the folder."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.copy(ROOT / "cards" / "fonts" / "DejaVuSans.ttf", outside / "Linked.ttf")
    (layouts / "Linked.ttf").symlink_to(outside / "Linked.ttf")
    put_in_front_text(layouts, '<p style="cue"><font name="Linked.ttf">x</font></p>')
    result = run("cards", "ankle-drill", "--templates", layouts)
    assert result.exit_code == 2 and '"Linked.ttf"' in result.output


def test_allowed_markup_prints(run, layouts):
    shutil.copy(ROOT / "cards" / "fonts" / "DejaVuSans-Bold.ttf", layouts / "Club-Bold.ttf")
    put_in_front_text(
        layouts,
        '<p style="cue"><b>Bold</b> <i>lean</i> <u>under</u> '
        '<font color="#ff0000">Red</font> <font color="accent" size="10" '
        'name="Club-Bold.ttf">Club</font> H<sub>2</sub>O<br/>'
        '<a href="https://example.org/more">More</a></p>',
    )
    result = run("cards", "ankle-drill", "--templates", layouts)
    assert result.exit_code == 0, result.output
    assert "BoldleanunderRedClubH2OMore" in "".join(page_texts("out/cards.pdf")[0].split())
    front = PdfReader("out/cards.pdf").pages[0]
    links = [a.get_object()["/A"]["/URI"] for a in front["/Annots"]]
    assert "https://example.org/more" in links
    assert b"1 0 0 rg" in front.get_contents().get_data()  # #ff0000 as the fill colour


ESCAPED = [
    "Knees &amp; hips &lt;90°&gt;",
    '<img src="secret.png">',
    "<font name=/etc/passwd>",
    '<a href="javascript:x">',
    "<onDraw name=f/>",
]


def test_drill_text_that_looks_like_markup_prints_as_written(run, layouts, drills_file):
    """Values from drills.json are escaped before they reach markup: never refused, never run."""
    drill = make_drill(cues=ESCAPED[:3], variations=ESCAPED[3:], summary="AT&T <b> x <y")
    result = run("cards", "--drills", drills_file({"drills": [drill]}), "--templates", layouts)
    assert result.exit_code == 0, result.output
    printed = collapse(" ".join(page_texts("out/cards.pdf")))
    for text in [*ESCAPED, "AT&T <b> x <y"]:
        assert text in printed


def test_the_builtin_layouts_build(run, layouts, tmp_path):
    """Every block of every built-in layout, with every drill and session, passes the check."""
    result = run("build", "--templates", layouts, "--jobs", "1")
    assert result.exit_code == 0, result.output
    made = snapshot(tmp_path / "out")
    assert {
        "cards.pdf",
        "handout.pdf",
        "site/index.html",
        "sheets/ankle-drill.pdf",
        "sessions/basic-coordination.pdf",
    } <= made.keys()
    assert b"/URI (https://" in made["sheets/ankle-drill.pdf"]  # sheet.j2's <a href> to the video


# Tags and attributes reportlab knows (and some it does not), with values good and hostile.
# fmt: off
TAGS = ["b", "i", "u", "strike", "sup", "sub", "nobr", "br", "font", "span", "a", "link", "em",
        "img", "para", "bullet", "greek", "unichar", "onDraw", "index", "seq", "FONT", "blink"]
NAMES = ["name", "face", "size", "color", "backcolor", "href", "src", "style", "fg", "dest",
         "Size", "template", "code"]
VALUES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "/etc/passwd", "../x.ttf", "Helvetica", "12",
          "4", "144", "3", "1e3", "12pt", "#ff0000", "accent", "red", "https://example.org",
          "http://x.org/?a=1&b=2", "javascript:x", "#dest", "", "x\ty", "0x41", "%(x)s", "漢"]
# fmt: on
words = st.text(alphabet="ab &<>漢ü\u200f", max_size=4).map(escape)


def _element(tag: str, attributes: dict[str, str], inner: list[str]) -> str:
    written = "".join(f" {key}={quoteattr(value)}" for key, value in attributes.items())
    return f"<{tag}{written}>{''.join(inner)}</{tag}>" if inner else f"<{tag}{written}/>"


markup = st.recursive(
    words,
    lambda inner: st.builds(
        _element,
        st.sampled_from(TAGS),
        st.dictionaries(st.sampled_from(NAMES), st.sampled_from(VALUES), max_size=2),
        st.lists(inner, max_size=3),
    ),
    max_leaves=12,
)


@pytest.fixture(scope="module")
def markup_layout(tmp_path_factory):
    """A card whose front text prints whatever markup it is given."""
    folder = tmp_path_factory.mktemp("markup") / "layouts"
    shutil.copytree(ROOT / "templates", folder)
    put_in_front_text(folder, '<p style="cue">{{ markup | safe }}</p>')
    return load_card_layout("a7", folder), load_library(default_drills()).drills[0]


@settings(max_examples=EXAMPLES * 5, deadline=None)
@given(written=markup)
def test_any_markup_is_refused_or_prints(markup_layout, written):
    """Whatever a layout writes is refused with a message, or reportlab reads and draws it."""
    layout, drill = markup_layout
    try:
        fragments = layout.render("front_text", drill=drill, size="a7", markup=written)
    except DrillcardsError:
        return
    canvas = Canvas(io.BytesIO())
    for placed in fit(fragments, 200, 10_000, layout.fonts).placed:
        placed.paragraph.drawOn(canvas, 10, 10_000 - placed.top - placed.height)
    canvas.save()
