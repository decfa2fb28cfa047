"""Turn a drill into drawable faces: check its characters, render each box's text and fit it.

Shared by every product that places a drill in named boxes: pocket cards and drill sheets.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import replace
from xml.sax.saxutils import escape

from ..data.model import Drill
from ..data.quoting import quoted
from ..errors import FitError
from .draw import Face, PlacedPicture
from .layout import Box, Fragment, Layout, give_room
from .qr import MIN_MODULE, module_size
from .textfit import Fitted, Overflow, fit
from .textfit import layout as lay_out
from .units import to_mm


def printed_fields(drill: Drill) -> Iterable[tuple[str, str]]:
    """Every text of a drill a layout may print, with its place in drills.json."""
    for key, text in _printed_fields(drill):
        yield drill.place_of(key), text


def _printed_fields(drill: Drill) -> Iterable[tuple[str, str]]:
    yield "name", drill.name
    yield "summary", drill.summary
    for i, cue in enumerate(drill.cues):
        yield f"cues[{i}]", cue
    for i, fault in enumerate(drill.faults):
        yield f"faults[{i}].fault", fault.fault
        yield f"faults[{i}].fix", fault.fix
    if drill.video:
        yield "video", drill.video
    for key in ("category", "level", "dosage"):
        value = getattr(drill, key)
        if value:
            yield key, value
            yield key, value.upper()  # layouts print category and level in capitals
    for key in ("focus", "variations", "equipment"):
        for i, value in enumerate(getattr(drill, key)):
            yield f"{key}[{i}]", value
    if drill.image_credit:
        yield "image_credit", drill.image_credit


def fit_or_fail(
    layout: Layout, box: Box, fragments, where: str, what: str, advice: str = ""
) -> Fitted:
    """Fit fragments into a box, or raise FitError naming the field that takes the most room."""
    fragments = layout.on_band(box, fragments)
    result = fit(fragments, box.width, box.height, layout.fonts)
    if isinstance(result, Overflow):
        field = result.field or box.name
        shown = [f for f in fragments if f.field == result.field] or fragments
        floor = min(f.style.min_size for f in shown)
        if result.word:
            raise FitError(
                f"{where}.{field}: the word {quoted(result.word)} is too long for a line of "
                f"{what} even at the smallest legible type ({floor:g} pt) and has no place it "
                f"may break; shorten it or write it with a hyphen{advice}"
            )
        raise FitError(
            f"{where}.{field}: {what} is {to_mm(result.excess):.1f} mm too full even at the "
            f"smallest legible type ({floor:g} pt){_how_much(layout, box, fragments, result)}; "
            f"shorten the {field}{advice}"
        )
    return result


_PLURAL = ("cues", "faults", "variations")  # fields a message says "need" of, not "needs"


def _how_much(layout: Layout, box: Box, fragments, overflow: Overflow) -> str:
    """': the cues need 61 mm and there is room for 19 mm, about 15 lines too many': the field
    that takes the most room, in what a coach can shorten."""
    if not overflow.field:
        return ""
    floor = lay_out(fragments, box.width, 0.0, layout.fonts)
    mine = [
        (fragment, placed)
        for fragment, placed in zip(fragments, floor.placed, strict=True)
        if fragment.field == overflow.field
    ]
    needed = sum(placed.height for _, placed in mine)
    line = max(fragment.style.min_size * fragment.style.leading for fragment, _ in mine)
    lines = max(1, math.ceil(overflow.excess / line - 0.05))
    name = overflow.field.rsplit(".", 1)[-1].split("[")[0]
    verb = "need" if name in _PLURAL else "needs"
    room = needed - overflow.excess
    has = f"there is room for {to_mm(room):.0f} mm" if room >= 1 else "there is no room left"
    return (
        f": the {name} {verb} {to_mm(needed):.0f} mm and {has}, about {lines} "
        f"line{'s' if lines != 1 else ''} too many"
    )


def untranslated_whole(
    drill: Drill, fragments: list[Fragment], own: tuple[str, ...] | None = None
) -> list[Fragment]:
    """In another language's edition, a field the translation lacks prints in the main
    language, whose hyphenation rules are not the edition's: its words are not broken. The
    fragments' fields are places (drill.place_of); with `own`, they are the drill's field names
    and only those named in `own` are the drill's (a session sheet prints the session's too)."""
    if not getattr(drill, "language", ""):
        return fragments
    found = []
    for f in fragments:
        place = f.field or ""
        if own is not None:
            place = drill.place_of(place) if place.split("[")[0] in own else "translations."
        main = bool(place) and not place.startswith("translations.")
        found.append(replace(f, style=replace(f.style, lang=None)) if main else f)
    return found


def club_text(layout: Layout, box: Box) -> list[tuple[Box, Fitted]]:
    """What a logo box's block prints for a club without a logo (its name, in card.j2), fitted
    in the box; nothing without a club. A name too long for the box is the club file's to
    shorten, or the layout's to give more room."""
    fragments = layout.on_band(box, layout.render(box.block))
    if not fragments:
        return []
    result = fit(fragments, box.width, box.height, layout.fonts)
    if isinstance(result, Overflow):
        club = layout.club
        floor = min(f.style.min_size for f in fragments)
        raise FitError(
            f"{getattr(club, 'source', 'club.toml')}: name: {quoted(club.name or '')} "
            f'is too long for the box "{box.name}" of the {layout.source} '
            f"{layout.label} even at {floor:g} pt; shorten it, or give the box more "
            f"room in {layout.source}"
        )
    return [(box, result)]


def prepare_face(
    drill: Drill,
    layout: Layout,
    face: str,
    where: str,
    what: str,
    advice: str = "",
    **context: object,
) -> Face:
    """Render and fit every box of one face for one drill; QR boxes encode the drill's video.
    A drill without a video has no code, and no paragraph showing its link: the boxes the layout
    gives it instead (`when = "no video"`) take the room."""
    texts, codes, logos, bands = [], [], [], []
    boxes = layout.face_for(face, drill)
    pictures = {box.name: box for box in boxes if box.kind == "picture"}  # as the text leaves it
    for box in boxes:
        if box.kind == "band":
            bands.append(box)
        elif box.kind == "qr":
            if drill.video:
                codes.append((box, drill.video))
        elif box.kind == "logo":
            if layout.club.logo:
                logos.append((box, layout.club.logo))
            elif box.block:  # no logo: the box's text instead, the club's name by default
                texts.extend(club_text(layout, box))
        elif box.kind == "text":
            fragments = [
                replace(f, field=drill.place_of(f.field)) if f.field else f
                for f in layout.render(box.block, drill=drill, size=layout.size, **context)
                if f.field != "video" or drill.video
            ]
            fragments = untranslated_whole(drill, layout.on_band(box, fragments))
            texts.append(_fit_text(layout, box, pictures, drill, fragments, where, what, advice))
    placed = tuple(
        place_picture(layout, box, drill, where, what)
        for box in pictures.values()
        if drill.picture is not None
    )
    return Face(tuple(texts), tuple(codes), tuple(logos), tuple(bands), placed)


def _fit_text(
    layout: Layout,
    box: Box,
    pictures: dict[str, Box],
    drill: Drill,
    fragments,
    where: str,
    what: str,
    advice: str,
) -> tuple[Box, Fitted]:
    """Fit a text box. One that takes a picture box's room (`takes`) grows over all of it for
    a drill without a picture, and over what the picture gives up, down to its `min_height`,
    when the text does not fit beside it even at the smallest legible type."""
    picture = pictures.get(box.room.takes) if box.room.takes else None
    if picture is None:
        return box, fit_or_fail(layout, box, fragments, where, what, advice)
    if drill.picture is None:
        grown, pictures[picture.name] = give_room(box, picture)
        return grown, fit_or_fail(layout, grown, fragments, where, what, advice)
    result = fit(fragments, box.width, box.height, layout.fonts)
    if not isinstance(result, Overflow):
        return box, result
    spare = picture.height - (picture.room.min_height or picture.height)
    grown, pictures[picture.name] = give_room(box, picture, min(spare, result.excess + 0.01))
    return grown, fit_or_fail(layout, grown, fragments, where, what, advice)


def place_picture(layout: Layout, box: Box, drill: Drill, where: str, what: str) -> PlacedPicture:
    """The drill's picture in its box, with its credit fitted under it (in the box's credit
    style, at most a third of the box's height) when the drill gives one."""
    credit = None
    if drill.image_credit and box.room.credit:
        fragment = Fragment(
            layout.styles[box.room.credit],
            escape(drill.image_credit),
            drill.place_of("image_credit"),
        )
        credit = fit_or_fail(layout, replace(box, height=box.height / 3), [fragment], where, what)
    return PlacedPicture(box, drill.picture, credit)


def qr_warnings(drill: Drill, boxes: Iterable[Box], where: str) -> list[str]:
    """Warn when a long link makes a code's modules too small for a phone to read."""
    warnings = []
    for box in boxes:
        if box.kind != "qr" or not drill.video:
            continue
        module = module_size(drill.video, min(box.width, box.height))
        if module < MIN_MODULE:
            warnings.append(
                f"{where}.video: the link is {len(drill.video)} characters long, so the QR "
                f"code's dots are {to_mm(module):.2f} mm, smaller than the {to_mm(MIN_MODULE):.1f} "
                "mm phones read reliably; use a shorter link"
            )
    return warnings
