"""Card layouts as data: geometry and styles from a TOML file, box text from Jinja blocks.

A layout folder holds `card.toml` (sizes, boxes, styles, colours, fonts) and the Jinja file it
names, with one block per text box. Each block renders `<p style="NAME">…</p>` elements whose
content is reportlab paragraph markup; values from drills.json are autoescaped, so they print
literally. The user's `--templates DIR` is searched first, the built-in layouts after.
"""

from __future__ import annotations

import os
import re
import tomllib
import traceback
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

import jinja2

from ..data import inputs
from ..data.labels import REFERENCE, load_labels
from ..data.validation import decode_text, read_capped, suggestion
from ..errors import LayoutError
from ..resources import builtin_templates, font_dir
from .contrast import INK, MINIMUM, contrast, on_band, readable
from .fonts import FontPair, check_glyphs, register_pair
from .markup import Rules, check_paragraph
from .sandbox import TIME_LIMIT, TOO_DEEP, LayoutTimeout, collect, environment
from .units import to_points

# flow: where blocks run page by page (session drills, contents lines); logo: the club's logo
# band: a rectangle of colour (runs into the bleed where it touches the trim); picture: the
# drill's picture, in proportion and centred, its credit small under it
BOX_KINDS = ("text", "qr", "flow", "logo", "band", "picture")
# What a box's `when` may test: a drill field that may be absent. A box with when = "video" is
# on the face only for a drill with a video, one with when = "no video" only for one without:
# a layout gives the text the room of a code a drill does not have.
CONDITIONS = ("video",)
SAFE_ZONE = 3 * 72 / 25.4  # text on a card stays this far inside the trim: cutters drift
LAYOUT_MAX_BYTES = 1_000_000  # a layout is a few hundred lines of TOML


class _NoClub:
    """No club file: nothing to brand with."""

    name = footer = logo = accent = None


NO_CLUB = _NoClub()
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
ALIGNMENTS = {"left": 0, "center": 1, "right": 2, "justify": 4}


@dataclass(frozen=True)
class Style:
    """How one kind of paragraph prints; text shrinks from size towards min_size to fit."""

    name: str
    size: float
    min_size: float
    leading: float
    color: str
    bold: bool = False
    space_before: float = 0.0
    space_after: float = 0.0
    indent: float = 0.0
    bullet: str | None = None
    align: str = "left"
    given: str | None = None  # the colour as the layout gives it; `color` reads on the paper
    lang: str | None = None  # the printed language: how words break (textfit's hyphenation)


@dataclass(frozen=True)
class PictureRoom:
    """How a text box and the picture box above or below it share their room (give_room)."""

    takes: str | None = None  # a text box: the picture box whose room it takes
    min_height: float | None = None  # a picture box: how far it may shrink for that text
    credit: str | None = None  # a picture box: the style its credit prints in


@dataclass(frozen=True)
class Box:
    """A named rectangle on a card face, in points from the card's lower-left corner."""

    name: str
    kind: str  # one of BOX_KINDS
    x: float
    y: float
    width: float
    height: float
    block: str | None = None
    valign: str = "top"
    color: str | None = None  # a band's colour, as "#rrggbb"
    when: str | None = None  # "video" or "no video": the box is there only then (CONDITIONS)
    room: PictureRoom = PictureRoom()  # a text box taking a picture's room, or that picture

    def shown_for(self, drill: object) -> bool:
        """Whether the box is on the face for this drill: its `when` holds, or it has none."""
        if self.when is None:
            return True
        field = self.when.removeprefix("no ")
        return bool(getattr(drill, field, None)) != self.when.startswith("no ")

    def excludes(self, other: Box) -> bool:
        """Whether the two boxes are never on one face: one is there only when the other is not."""
        return (
            self.when is not None
            and other.when is not None
            and self.when.removeprefix("no ") == other.when.removeprefix("no ")
            and self.when != other.when
        )


def give_room(text: Box, picture: Box, amount: float | None = None) -> tuple[Box, Box]:
    """The text box grown towards the picture box above or below it, and what is left of the
    picture: by `amount` points of its height (it shrinks from the text's side), or, with None,
    over all of it and the gap between them (a drill without a picture)."""
    above = picture.y >= text.y + text.height - 0.01
    if amount is None:
        amount = picture.y + picture.height - text.y - text.height if above else text.y - picture.y
        left = replace(picture, height=0.0, y=picture.y + picture.height if above else picture.y)
    else:
        left = replace(
            picture, height=picture.height - amount, y=picture.y + amount if above else picture.y
        )
    grown = replace(text, height=text.height + amount, y=text.y if above else text.y - amount)
    return grown, left


@dataclass(frozen=True)
class Fragment:
    """One paragraph a template produced: its style, its markup and the drill field it shows."""

    style: Style
    markup: str
    field: str | None


@dataclass(frozen=True)
class Layout:
    """One layout file read for one size: boxes per face, styles, fonts and its Jinja template."""

    kind: str
    size: str
    label: str
    width: float
    height: float
    largest: str  # the size of this file with the most room, suggested when a drill is too full
    faces: dict[str, tuple[Box, ...]]
    lengths: dict[str, float]
    styles: dict[str, Style]
    colors: dict[str, str]
    fonts: FontPair
    template: jinja2.Template
    source: str
    club: object  # cards.club.Club: its name, footer and logo, in every block's context
    labels: object  # cards.labels.Labels: printed words, as t("key") in every block
    folders: tuple[Path, ...] = ()  # the layout folders, searched first: fonts named in markup
    # text colours: each of `colors` darkened, if need be, to read on the paper (contrast.py)
    text_colors: dict[str, str] | None = None
    bands: dict[Box, str] | None = None  # text boxes lying on a band: the band's colour
    notes: tuple[str, ...] = ()  # colours changed so that text reads: a product's warnings

    def on_band(self, box: Box, fragments: list[Fragment]) -> list[Fragment]:
        """The fragments of a text box, recoloured where it lies on a band: text whose colour
        does not reach 4.5:1 against the band prints in dark ink (or white)."""
        band = self.bands.get(box) if self.bands else None  # most layouts have none
        if band is None:
            return fragments
        ink = (self.colors or {}).get("ink", INK)
        return [
            replace(
                f, style=replace(f.style, color=on_band(f.style.given or f.style.color, band, ink))
            )
            for f in fragments
        ]

    def face(self, name: str) -> tuple[Box, ...]:
        try:
            return self.faces[name]
        except KeyError as err:
            raise LayoutError(
                f'{self.source}: the arrangement for {self.size} has no "{name}" '
                f"face; faces: {', '.join(self.faces)}"
            ) from err

    def face_for(self, name: str, drill: object) -> tuple[Box, ...]:
        """The boxes of a face that are there for this drill (see Box.when)."""
        return tuple(box for box in self.face(name) if box.shown_for(drill))

    @property
    def front(self) -> tuple[Box, ...]:
        return self.face("front")

    @property
    def back(self) -> tuple[Box, ...]:
        return self.face("back")

    def length(self, key: str) -> float:
        """A named length from the layout's [lengths] table."""
        if key not in self.lengths:
            raise LayoutError(f'{self.source}: [lengths] needs "{key}", a length such as "5mm"')
        return self.lengths[key]

    def render(self, block: str, **context: object) -> list[Fragment]:
        """Render one Jinja block into styled fragments, or raise LayoutError with file and line."""
        name = self.template.name or "template"
        if block not in self.template.blocks:
            raise LayoutError(
                f'{name}: has no block "{block}" but {self.source} asks for it; '
                f"blocks there: {', '.join(self.template.blocks) or 'none'}"
            )
        try:
            context = {"club": self.club, "t": self.labels, **context}
            text = collect(self.template.blocks[block](self.template.new_context(context)))
        except jinja2.TemplateError as err:
            raise LayoutError(f"{name}{_template_line(self.template, err)}: {err}") from err
        except LayoutTimeout as err:
            raise LayoutError(
                f'{name}: block "{block}" took longer than {TIME_LIMIT:g} s; '
                "look for a loop that runs too often"
            ) from err
        except (MemoryError, RecursionError, OverflowError) as err:
            raise LayoutError(
                f'{name}: block "{block}" asks for too much ({type(err).__name__})'
            ) from err
        return self._fragments(text, name, block)

    def _fragments(self, text: str, name: str, block: str) -> list[Fragment]:
        try:
            root = ET.fromstring(f"<box>{text}</box>")
        except ET.ParseError as err:
            raise LayoutError(
                f'{name}: block "{block}" does not produce well-formed markup ({err}); '
                'each paragraph must be <p style="NAME">…</p>'
            ) from err
        if (root.text or "").strip():
            raise LayoutError(f'{name}: block "{block}" has text outside a <p style="…"> element')
        fragments = []
        rules = Rules(self.source, self.text_colors or self.colors, self.folders)
        for element in root:
            style_name = element.get("style", "")
            if element.tag != "p" or style_name not in self.styles:
                fix = suggestion(style_name, self.styles, f"styles: {', '.join(self.styles)}")
                raise LayoutError(
                    f'{name}: block "{block}" uses <{element.tag} style="{style_name}">, '
                    f"which {self.source} does not define; {fix}"
                )
            if (element.tail or "").strip():
                raise LayoutError(f'{name}: block "{block}" has text outside a <p> element')
            check_paragraph(element, rules, self.template, block)
            markup = escape(element.text or "") + "".join(
                ET.tostring(child, encoding="unicode") for child in element
            )
            fragments.append(Fragment(self.styles[style_name], markup, element.get("field")))
        return fragments


def _template_line(template: jinja2.Template, err: jinja2.TemplateError) -> str:
    """', line N' of the template where rendering failed (blocks run as compiled Python)."""
    lineno = getattr(err, "lineno", None)
    if lineno is None:
        frames = [
            f
            for e in (err, err.__cause__)
            if e is not None  # the cause: collect()'s
            for f in traceback.extract_tb(e.__traceback__)
            if f.filename == template.filename
        ]
        lineno = template.get_corresponding_lineno(frames[-1].lineno) if frames else None
    return f", line {lineno}" if lineno else ""


def search_path(templates: str | Path | None) -> list[Path]:
    """The user's layout folder first (if any), then the built-in layouts."""
    paths = []
    if templates is not None:
        user = Path(templates)
        if not user.is_dir():
            raise LayoutError(f"{user}: no such layout folder (given with --templates)")
        paths.append(user)
    paths.append(builtin_templates())
    for folder in (*paths, font_dir()):  # may be read: no output of this run replaces a file
        inputs.note_folder(folder)
    return paths


def load_template(search: list[Path], name: str, asked_by: str) -> jinja2.Template:
    """A Jinja template from the layout folders, in the sandbox; a missing or broken one is a
    LayoutError naming who asked for it, or the file and line."""
    try:
        return environment(search).get_template(name)
    except jinja2.TemplateNotFound as err:
        raise LayoutError(f"{asked_by}: template {name!r} not found") from err
    except jinja2.TemplateSyntaxError as err:
        raise LayoutError(f"{err.filename or name}, line {err.lineno}: {err.message}") from err
    except (RecursionError, MemoryError, SyntaxError) as err:
        raise LayoutError(f"{name} {TOO_DEEP} ({type(err).__name__})") from err


def card_sizes(templates: str | Path | None = None) -> dict[str, str]:
    """Every card size the card layout defines (the user's card.toml, else the built-in one), in
    its order, with its label: what --size and club.toml's card_size may name."""
    search = search_path(templates)
    path = next(p / "card.toml" for p in search if (p / "card.toml").is_file())
    sizes = _read_toml(path).get("sizes", {})
    if not isinstance(sizes, dict) or not sizes:
        raise LayoutError(f"{path}: no [sizes.NAME] tables; a card layout needs at least one size")
    return {
        name: str(spec.get("label", name)) if isinstance(spec, dict) else name
        for name, spec in sizes.items()
    }


def _read_toml(path: Path) -> dict:
    """A layout's TOML, read as every user file is: a plain file, capped while it is read."""
    raw = read_capped(path, LAYOUT_MAX_BYTES, what="a layout", error=LayoutError)
    try:
        return tomllib.loads(decode_text(raw, str(path), LayoutError))
    except (tomllib.TOMLDecodeError, ValueError) as err:  # ValueError: a number too long
        raise LayoutError(f"{path}: {err}") from err
    except RecursionError as err:
        raise LayoutError(f"{path}: the TOML is nested too deeply to be a layout") from err


def _largest(reader: _Reader, sizes: dict) -> str:
    """The size with the largest area, among those whose width and height read."""
    areas = {}
    for name, spec in sizes.items():
        try:
            areas[name] = reader.length(spec, "width", name) * reader.length(spec, "height", name)
        except (LayoutError, AttributeError, TypeError):
            continue
    return max(areas, key=areas.__getitem__)


def load_card_layout(
    size: str, templates: str | Path | None = None, club=None, labels=None
) -> Layout:
    """The pocket-card layout (card.toml) for one card size."""
    return load_layout("card", size, templates, club, labels)


def load_layout(
    kind: str, size: str, templates: str | Path | None = None, club=None, labels=None
) -> Layout:
    """The layout KIND.toml for one size, from the first layout folder that has it.

    A club's accent colour replaces the layout's "accent"; the club is in every block's context,
    and so are the printed words of `labels` (default: the built-in English ones), as t.
    Loaded once while the layout folders stay as they are (a thousand drill sheets compile
    sheet.j2 once); an edited, added or removed file there loads it afresh.
    """
    search = search_path(templates)
    if labels is None:
        labels = load_labels(REFERENCE)
    return _load_layout(kind, size, tuple(search), club, labels, _folder_state(search))


def _folder_state(folders: list[Path]) -> tuple:
    """Name, size and modification time of every file in the layout folders."""
    state = []
    for folder in folders:
        with os.scandir(folder) as entries:
            for entry in entries:
                info = entry.stat()
                state.append((str(folder), entry.name, info.st_size, info.st_mtime_ns))
    return tuple(sorted(state))


@lru_cache(maxsize=32)
def _load_layout(
    kind: str, size: str, search: tuple[Path, ...], club, labels, _state: tuple
) -> Layout:
    search = list(search)
    filename = f"{kind}.toml"
    path = next((p / filename for p in search if (p / filename).is_file()), None)
    if path is None:
        raise LayoutError(f"{filename}: not found in {', '.join(map(str, search))}")
    data = _read_toml(path)
    reader = _Reader(path)
    sizes = reader.table(data, "sizes")
    if size not in sizes:
        fix = suggestion(size, sizes, f"sizes: {', '.join(sizes)}")
        raise LayoutError(f'{path.name}: no size "{size}"; {fix}')
    spec = reader.table(sizes, size, f"sizes.{size}")
    width = reader.length(spec, "width", f"sizes.{size}")
    height = reader.length(spec, "height", f"sizes.{size}")
    faces_name = reader.text(spec, "faces", f"sizes.{size}")
    faces = reader.table(reader.table(data, "faces"), faces_name, f"faces.{faces_name}")
    colors = {k: reader.color(v, f"colors.{k}") for k, v in reader.table(data, "colors").items()}
    if club is not None and club.accent:
        colors["accent"] = club.accent
    text_colors = {key: readable(value) for key, value in colors.items()}
    scale = float(spec.get("text_scale", 1.0))
    styles = {
        name: replace(
            reader.style(name, body, text_colors, scale),
            given=colors.get(body.get("color", "ink")),
            lang=getattr(labels, "locale", "") or labels.code,
        )
        for name, body in reader.table(data, "styles").items()
    }
    lengths = {
        key: reader.length(data["lengths"], key, "lengths")
        for key in (reader.table(data, "lengths") if "lengths" in data else {})
    }
    fonts_spec = reader.table(data, "fonts")
    fonts = register_pair(
        _find_font(reader.text(fonts_spec, "regular", "fonts"), search, path),
        _find_font(reader.text(fonts_spec, "bold", "fonts"), search, path),
    )
    template = load_template(search, reader.text(data, "template"), path.name)
    boxes = {
        face: tuple(
            reader.box(b, width, height, f"faces.{faces_name}.{face}[{i}]", colors)
            for i, b in enumerate(reader.list(faces, face, f"faces.{faces_name}"))
        )
        for face in faces
    }
    for face, face_boxes in boxes.items():
        reader.check_clear(face_boxes, f"faces.{faces_name}.{face}")
        reader.check_pictures(face_boxes, styles, f"faces.{faces_name}.{face}")
        if kind == "card":
            reader.check_safe_zone(face_boxes, width, height, f"faces.{faces_name}.{face}")
    named = _styles_by_block(template)
    bands, band_notes = _bands_under(boxes, styles, colors, path.name, named)
    check_glyphs(fonts, labels.source, labels.entries())
    if club is not None:
        check_glyphs(
            fonts,
            club.source,
            [(key, getattr(club, key)) for key in ("name", "footer") if getattr(club, key)],
        )
    return Layout(
        kind=kind,
        size=size,
        label=str(spec.get("label", size)),
        width=width,
        height=height,
        largest=_largest(reader, sizes),
        faces=boxes,
        lengths=lengths,
        styles=styles,
        colors=colors,
        fonts=fonts,
        template=template,
        source=path.name,
        club=club if club is not None else NO_CLUB,
        labels=labels,
        folders=tuple(search),
        text_colors=text_colors,
        bands=bands,
        notes=(
            *_contrast_notes(path.name, colors, text_colors, data, club, _band_only(named, bands)),
            *band_notes,
        ),
    )


def _contrast_notes(
    source: str,
    colors: dict[str, str],
    text_colors: dict[str, str],
    data: dict,
    club,
    band_only: set[str],
) -> list[str]:
    """What was darkened for text to read on the paper, once per colour its styles print in
    (but styles printed on bands alone); the club's accent named by the club file, in the same
    words whatever the layout, so a build that loads every layout says it once."""
    used = {
        body.get("color", "ink")
        for name, body in data.get("styles", {}).items()
        if isinstance(body, dict) and name not in band_only
    }
    notes = []
    for key in sorted(used & set(colors)):
        given, printed = colors[key], text_colors[key]
        if given == printed:
            continue
        ratio = f"{contrast(given, '#ffffff'):.1f}:1, text needs {MINIMUM:g}:1"
        if key == "accent" and club is not None and getattr(club, "accent", None):
            notes.append(
                f"{club.source}: accent: the colour {given} is too light to read as "
                f"text on white paper ({ratio}): titles and labels in it print in "
                f"{printed}; bands and rules keep {given}"
            )
        else:
            notes.append(
                f"{source}: colors.{key}: the colour {given} is too light to read as "
                f"text on white paper ({ratio}): text in it prints in {printed}"
            )
    return notes


def _styles_by_block(template: jinja2.Template) -> dict[str, set[str] | None]:
    """The styles each block of the template names in its paragraphs, with those of the
    blocks it calls (self.other()); None for a block choosing a style as it renders."""
    try:
        source, _, _ = template.environment.loader.get_source(template.environment, template.name)
        tree = template.environment.parse(source)
    except (jinja2.TemplateError, OSError, AttributeError):
        return {}
    own: dict[str, tuple[set[str] | None, list[str]]] = {}
    for block in tree.find_all(jinja2.nodes.Block):
        # the block's own text, a NUL where Jinja fills something in
        text = "\0".join(data.data for data in block.find_all(jinja2.nodes.TemplateData))
        named = set(_STYLE_ATTR.findall(text))
        dynamic = bool(_STYLE_OPEN.search(text))
        calls = [
            call.node.attr
            for call in block.find_all(jinja2.nodes.Call)
            if isinstance(call.node, jinja2.nodes.Getattr)
            and isinstance(call.node.node, jinja2.nodes.Name)
            and call.node.node.name == "self"
        ]
        own[block.name] = (None if dynamic else named, calls)

    def styles(name: str, seen: frozenset[str]) -> set[str] | None:
        if name not in own or name in seen:
            return set() if name in seen else None
        named, calls = own[name]
        found = set() if named is None else set(named)
        for call in calls:
            more = styles(call, seen | {name})
            if more is None:
                return None
            found |= more
        return None if named is None else found

    return {name: styles(name, frozenset()) for name in own}


_STYLE_ATTR = re.compile(r'style="([^"\0]+)"')
_STYLE_OPEN = re.compile(r'style="[^"]*\0')  # a style filled in as the block renders


def _band_only(named: dict[str, set[str] | None], bands: dict[Box, str]) -> set[str]:
    """Styles named only by the blocks of text boxes lying on bands: held to the band."""
    on_band = {box.block for box in bands}
    if any(named.get(block) is None for block in on_band):
        return set()
    inside = set().union(*(named[block] for block in on_band)) if on_band else set()
    if any(styles is None for block, styles in named.items() if block not in on_band):
        return set()
    elsewhere = set().union(*(styles for block, styles in named.items() if block not in on_band))
    return inside - elsewhere


def _bands_under(
    boxes: dict[str, tuple[Box, ...]],
    styles: dict[str, Style],
    colors: dict[str, str],
    source: str,
    named: dict[str, set[str] | None],
) -> tuple[dict[Box, str], list[str]]:
    """Text boxes lying on a band, with the band's colour; and a note for each whose styles
    (those its block names; every style when it cannot tell) do not reach 4.5:1 against it:
    that text prints in dark ink (or white) instead."""
    found: dict[Box, str] = {}
    notes = []
    ink = colors.get("ink", INK)
    for face, face_boxes in boxes.items():
        for band in (b for b in face_boxes if b.kind == "band"):
            for box in face_boxes:
                if box.kind != "text" or not _overlap(_clearance(box), _clearance(band)):
                    continue
                found[box] = band.color
                used = named.get(box.block) if box.block else None
                low = sorted(
                    name
                    for name, style in styles.items()
                    if (used is None or name in used)
                    and contrast(style.given or style.color, band.color) < MINIMUM
                )
                if low:
                    notes.append(
                        f'{source}: {face} box "{box.name}" lies on the band '
                        f'"{band.name}" ({band.color}); text in the styles '
                        f"{', '.join(low)} would not read there (under {MINIMUM:g}:1) "
                        f"and prints in {on_band(ink, band.color, ink)}"
                    )
    return found, notes


def _find_font(name: str, search: list[Path], layout: Path) -> Path:
    """A font file by plain name, from the layout folders or the bundled fonts, nowhere else."""
    if Path(name).name != name or name in (".", ".."):
        raise LayoutError(
            f"{layout.name}: font {name!r} must be a file name in the layout folder, without a path"
        )
    for folder in [*search, font_dir()]:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    raise LayoutError(f"{layout.name}: font file {name!r} not found beside the layout or bundled")


class _Reader:
    """Reads layout values with messages naming the file and the key."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, problem: str) -> LayoutError:
        return LayoutError(f"{self.path.name}: {where}: {problem}")

    def table(self, data: dict, key: str, where: str | None = None) -> dict:
        value = data.get(key)
        if not isinstance(value, dict):
            raise self.fail(where or key, "must be a table")
        return value

    def list(self, data: dict, key: str, where: str) -> list:
        value = data.get(key)
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(f"{where}.{key}", "must be a list of boxes ([[...]] tables)")
        return value

    def text(self, data: dict, key: str, where: str = "") -> str:
        value = data.get(key)
        if not isinstance(value, str) or not value:
            raise self.fail(f"{where}.{key}".lstrip("."), "must be text")
        return value

    def length(self, data: dict, key: str, where: str) -> float:
        try:
            return to_points(data[key])
        except KeyError as err:
            raise self.fail(f"{where}.{key}", "is missing") from err
        except ValueError as err:
            raise self.fail(f"{where}.{key}", str(err)) from err

    def color(self, value: object, where: str) -> str:
        if not isinstance(value, str) or not _COLOR.match(value):
            raise self.fail(where, f'must be a colour like "#0a7d3b" (got {value!r})')
        return value

    def style(self, name: str, body: dict, colors: dict[str, str], scale: float) -> Style:
        where = f"styles.{name}"
        known = {
            "size",
            "min_size",
            "leading",
            "color",
            "bold",
            "space_before",
            "space_after",
            "indent",
            "bullet",
            "align",
        }
        for key in body:
            if key not in known:
                raise self.fail(where, f"unknown key {key!r}; keys: {', '.join(sorted(known))}")
        color = body.get("color", "ink")
        if color not in colors:
            raise self.fail(f"{where}.color", f"no colour {color!r} in [colors]")
        size = self.length(body, "size", where)
        min_size = self.length(body, "min_size", where) if "min_size" in body else size
        align = body.get("align", "left")
        if align not in ALIGNMENTS:
            raise self.fail(f"{where}.align", f"must be one of {', '.join(ALIGNMENTS)}")
        optional = {
            k: self.length(body, k, where)
            for k in ("space_before", "space_after", "indent")
            if k in body
        }
        return Style(
            name=name,
            size=size * scale,
            min_size=min(min_size, size * scale),
            leading=float(body.get("leading", 1.2)),
            color=colors[color],
            bold=bool(body.get("bold", False)),
            bullet=body.get("bullet"),
            align=align,
            **{k: v * scale for k, v in optional.items()},
        )

    def check_clear(self, boxes: tuple[Box, ...], where: str) -> None:
        """Boxes may not overlap, nor reach into a QR code's quiet zone; a colour band may lie
        under text, but not under a code."""
        for i, first in enumerate(boxes):
            for second in boxes[i + 1 :]:
                kinds = {first.kind, second.kind}
                if ("band" in kinds and "qr" not in kinds) or first.excludes(second):
                    continue
                if _overlap(_clearance(first), _clearance(second)):
                    zone = " or its quiet zone" if "qr" in (first.kind, second.kind) else ""
                    raise self.fail(
                        where,
                        f'box "{second.name}" overlaps box "{first.name}"'
                        f"{zone}; move or shrink one of them",
                    )

    def check_pictures(self, boxes: tuple[Box, ...], styles: dict[str, Style], where: str) -> None:
        """A text box takes the room of a picture box right above or below it, and may grow
        over it without touching another box; a picture's credit names a style."""
        for box in boxes:
            credit, takes = box.room.credit, box.room.takes
            if credit is not None and credit not in styles:
                fix = suggestion(credit, styles, f"styles: {', '.join(styles)}")
                raise self.fail(f"{where}.{box.name}.credit", f"no style {credit!r}; {fix}")
            if takes is None:
                continue
            picture = next(
                (
                    other
                    for other in boxes
                    if other.name == takes and other.kind == "picture" and not other.excludes(box)
                ),
                None,
            )
            if picture is None:
                raise self.fail(
                    f"{where}.{box.name}.takes",
                    f"{takes!r} must be the name of a picture box on this face",
                )
            above = picture.y >= box.y + box.height - 0.01
            below = picture.y + picture.height <= box.y + 0.01
            if (
                not (above or below)
                or picture.x + picture.width < box.x + 0.01
                or box.x + box.width < picture.x + 0.01
            ):
                raise self.fail(
                    f"{where}.{box.name}.takes",
                    f'the picture box "{picture.name}" '
                    "must be right above or below the text box taking its room",
                )
            grown, _ = give_room(box, picture)
            for other in boxes:
                if (
                    other.name not in (box.name, picture.name)
                    and other.kind != "band"
                    and not grown.excludes(other)
                    and _overlap(_clearance(grown), _clearance(other))
                ):
                    raise self.fail(
                        f"{where}.{box.name}",
                        f"grown over the picture box "
                        f'"{picture.name}", it would overlap box "{other.name}"',
                    )

    def check_safe_zone(
        self, boxes: tuple[Box, ...], width: float, height: float, where: str
    ) -> None:
        """Text and pictures at least SAFE_ZONE inside the trim, so a cut a little off never
        clips them."""
        for box in boxes:
            if box.kind not in ("text", "picture", "logo"):
                continue
            gap = min(box.x, box.y, width - box.x - box.width, height - box.y - box.height)
            if gap < SAFE_ZONE - 0.01:
                raise self.fail(
                    where,
                    f'the {box.kind} box "{box.name}" comes within '
                    f"{gap * 25.4 / 72:.1f} mm of the card's edge; keep text "
                    f"at least {SAFE_ZONE * 25.4 / 72:.0f} mm inside the trim",
                )

    def box(
        self,
        body: dict,
        card_w: float,
        card_h: float,
        where: str,
        colors: dict[str, str] | None = None,
    ) -> Box:
        kind = body.get("kind", "text")
        if kind not in BOX_KINDS:
            kinds = ", ".join(BOX_KINDS)
            raise self.fail(f"{where}.kind", f"must be one of {kinds} (got {kind!r})")
        get = {
            k: self.length(body, k, where)
            for k in ("left", "right", "top", "bottom", "width", "height", "size")
            if k in body
        }
        if "size" in get:
            get.setdefault("width", get["size"])
            get.setdefault("height", get["size"])
        x, w = _span(get.get("left"), get.get("right"), get.get("width"), card_w)
        y, h = _span(get.get("bottom"), get.get("top"), get.get("height"), card_h)
        if w is None or h is None:
            raise self.fail(where, "give two of left/right/width and two of top/bottom/height")
        if (
            x < -0.01
            or y < -0.01
            or x + w > card_w + 0.01
            or y + h > card_h + 0.01
            or w <= 0
            or h <= 0
        ):
            raise self.fail(where, "the box lies outside the card")
        valign = body.get("valign", "top")
        if valign not in ("top", "middle", "bottom"):
            raise self.fail(f"{where}.valign", "must be top, middle or bottom")
        block = body.get("block")
        if kind == "text" and not isinstance(block, str):
            raise self.fail(f"{where}.block", "a text box needs the name of its Jinja block")
        if kind == "logo" and block is not None and not isinstance(block, str):
            raise self.fail(
                f"{where}.block",
                "must be the name of a Jinja block: what prints "
                "in the box when the club has no logo",
            )
        when = body.get("when")
        if when is not None and (
            not isinstance(when, str) or when.removeprefix("no ") not in CONDITIONS
        ):
            choices = ", ".join(f'"{c}", "no {c}"' for c in CONDITIONS)
            raise self.fail(f"{where}.when", f"must be one of {choices} (got {when!r})")
        color = None
        if kind == "band":
            color_name = body.get("color", "accent")
            if color_name not in (colors or {}):
                raise self.fail(f"{where}.color", f"no colour {color_name!r} in [colors]")
            color = colors[color_name]
        return Box(
            str(body.get("name", kind)),
            kind,
            x,
            y,
            w,
            h,
            block,
            valign,
            color,
            when,
            room=self.room(body, kind, h, where),
        )

    def room(self, body: dict, kind: str, height: float, where: str) -> PictureRoom:
        """A text box's `takes`, a picture box's `min_height` and `credit` (PictureRoom)."""
        for key, owner in (("takes", "text"), ("min_height", "picture"), ("credit", "picture")):
            if key in body and kind != owner:
                raise self.fail(f"{where}.{key}", f"only a {owner} box has {key}")
        min_height = self.length(body, "min_height", where) if "min_height" in body else None
        if min_height is not None and not 0 < min_height <= height + 0.01:
            raise self.fail(
                f"{where}.min_height", "must be more than 0 and at most the box's height"
            )
        takes, credit = body.get("takes"), body.get("credit")
        for key, value in (("takes", takes), ("credit", credit)):
            if value is not None and (not isinstance(value, str) or not value):
                raise self.fail(f"{where}.{key}", "must be a name in quotes")
        return PictureRoom(takes, min_height, credit)


def _clearance(box: Box) -> tuple[float, float, float, float]:
    """The box with the room it needs kept clear: a QR code's quiet zone, at worst 4/21 of it."""
    margin = 4 * min(box.width, box.height) / 21 if box.kind == "qr" else 0.0
    return box.x - margin, box.y - margin, box.width + 2 * margin, box.height + 2 * margin


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    tolerance = 0.01
    return (
        a[0] + a[2] > b[0] + tolerance
        and b[0] + b[2] > a[0] + tolerance
        and a[1] + a[3] > b[1] + tolerance
        and b[1] + b[3] > a[1] + tolerance
    )


def _span(low, high, extent, total):
    """Position and extent along one axis from any two of: inset low, inset high, extent."""
    if low is not None and high is not None:
        return low, total - low - high
    if low is not None and extent is not None:
        return low, extent
    if high is not None and extent is not None:
        return total - high - extent, extent
    return 0.0, None
