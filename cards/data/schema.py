"""The drills.json contract as data: one source for the validator and the published JSON Schema.

Limits on lengths and counts are those of the largest product, the drill sheet: every drill
within them fits templates/sheet.toml on A4 and Letter at the legibility floor, in wide letters
and every shipped language (measured: at the limits below the sheet's body has 1.6 mm to spare;
an eighth cue would need 5.9 mm; tests/products/test_sheet.py proves it with the fullest
drills). Cards
check each drill by laying it out; a drill's "card" short form, within the card limits below,
fits the default A7 card (tests/render/test_fit.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .languages import LANGUAGES

# Patterns are written for both Python's re and ECMA-262 (what JSON Schema editors use).
# Control characters (Unicode Cc) other than tab, line feed and carriage return, and the
# direction controls (Unicode Bidi_Control), which reorder what a reader sees.
_CONTROL = r"\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F"
_BIDI = r"\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069"
_HIDDEN = _CONTROL + _BIDI
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# The scheme may be written in capitals, as browsers accept; no spaces or hidden characters, and
# no user name or password before the host ("@"), which can make a link read as another site's.
URL_PATTERN = rf"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#@\\{_HIDDEN}]+(?:[/?#][^\s{_HIDDEN}]*)?$"
# Some printable text, and no control or direction characters.
TEXT_PATTERN = rf"^(?!\s*$)[^{_HIDDEN}]*$"
# A time of day on a 24-hour clock, as a coach writes it on a plan: "18:30", "8:05".
TIME_PATTERN = r"^(?:[01]?[0-9]|2[0-3]):[0-5][0-9]$"
# A session's time: each block (warm-up, drill, cool-down) at most 4 hours, the whole at most 8.
MAX_BLOCK_MINUTES = 240
MAX_SESSION_MINUTES = 480
LEVELS = ("beginner", "intermediate", "advanced")
# Device names Windows refuses as file names; an id becomes a file name in later outputs.
RESERVED_IDS = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)


@dataclass(frozen=True)
class Text:
    """A string of printable text; kind 'slug', 'url', 'time', 'file' or 'enum' adds a rule."""

    max_len: int
    description: str
    kind: str = "text"
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Whole:
    """A whole number from minimum to maximum: a block's minutes."""

    minimum: int
    maximum: int
    description: str


@dataclass(frozen=True)
class ListOf:
    item: Text | Whole | Obj
    max_items: int
    description: str
    min_items: int = 0


@dataclass(frozen=True)
class MapOf:
    """An object whose keys are language codes, each holding the same kind of value."""

    key: Text
    item: Obj
    description: str


@dataclass(frozen=True)
class Obj:
    fields: dict[str, Text | Whole | ListOf | Obj | MapOf]
    required: tuple[str, ...]
    description: str = ""
    extra: tuple[str, ...] = field(default=())  # keys tolerated and ignored, e.g. "$schema"


FAULT = Obj(
    {
        "fault": Text(55, "What the coach sees going wrong."),
        "fix": Text(70, "What to say or do to correct it."),
    },
    required=("fault", "fix"),
    description="A common fault and its fix.",
)

# How much a drill sheet holds, in wide letters at its smallest type (module docstring).
MAX_CUES, MAX_FAULTS = 7, 3
# How much the card short form may hold: with the other fields at their limits, it fits A7.
CARD_CUES, CARD_FAULTS = 4, 3

CARD = Obj(
    {
        "summary": Text(110, "A shorter summary for the cards."),
        "cues": ListOf(
            Text(60, "A coaching cue."),
            CARD_CUES,
            "The cues a card shows, fewer or shorter than the drill's.",
            min_items=1,
        ),
        "faults": ListOf(FAULT, CARD_FAULTS, "The faults a card shows.", min_items=1),
    },
    required=(),
    description="The drill's short form for pocket cards, which show less than a drill sheet: "
    "used on cards only, in place of the drill's own summary, cues and faults; "
    "what it leaves out, cards take from the drill.",
)

DRILL = Obj(
    {
        "id": Text(40, "Unique slug: lowercase letters, digits, single hyphens.", kind="slug"),
        "name": Text(40, "The drill's name as printed on the card."),
        "summary": Text(110, "One or two sentences: what the drill trains and why."),
        "cues": ListOf(
            Text(60, "A coaching cue."), MAX_CUES, "Coaching cues, in order.", min_items=1
        ),
        "faults": ListOf(FAULT, MAX_FAULTS, "Common faults, each with its fix.", min_items=1),
        "video": Text(
            300,
            "Link to a video of the drill (http or https), printed as a QR code; "
            "without one the drill prints without a code.",
            kind="url",
        ),
        "card": CARD,
        "category": Text(30, "Group of drills, e.g. Coordination."),
        "level": Text(12, "Who the drill is for.", kind="enum", choices=LEVELS),
        "focus": ListOf(Text(30, "A part of the stride."), 4, "What the drill works on."),
        "dosage": Text(60, "How much, e.g. '2 × 20 m, walk back'."),
        "variations": ListOf(Text(45, "A variation."), 3, "Easier or harder versions."),
        "equipment": ListOf(Text(40, "An item of equipment."), 4, "What you need."),
        "image": Text(
            300,
            "A picture of the movement: a PNG, JPEG or SVG file in this file's "
            "folder or below it, e.g. images/pogo-jumps.svg.",
            kind="file",
        ),
        "image_credit": Text(
            60, "Who made the picture, printed small beside it, e.g. 'Photo: J. Doe, CC BY 4.0'."
        ),
        "image_alt": Text(
            200,
            "What the picture shows, for readers of the web page who cannot "
            "see it. Default: the drill's name.",
        ),
    },
    required=("id", "name", "summary", "cues", "faults"),
    description="One drill.",
)

LANGUAGE = Text(
    2, "A two-letter ISO 639-1 language code, e.g. de.", kind="language", choices=LANGUAGES
)
# What a translation may give: the drill's printed words; its id, link and level stay as they are.
TRANSLATED = (
    "name",
    "category",
    "summary",
    "focus",
    "cues",
    "faults",
    "dosage",
    "variations",
    "equipment",
    "card",
)
# A translation may show its own picture (one with words in it): not counted as text to translate.
PICTURE_FIELDS = ("image", "image_credit", "image_alt")
DRILL_TRANSLATIONS = MapOf(
    LANGUAGE,
    Obj(
        {key: DRILL.fields[key] for key in (*TRANSLATED, *PICTURE_FIELDS)},
        required=(),
        description="The drill's words in one language; a field left out prints as the main "
        "text. Lists may hold another number of entries than the main text's.",
    ),
    "The drill in other languages, by language code.",
)
DRILL.fields["translations"] = DRILL_TRANSLATIONS

SESSION_ITEM = Obj(
    {
        "drill": Text(40, "The id of a drill in this file.", kind="slug"),
        "minutes": Whole(
            1,
            MAX_BLOCK_MINUTES,
            "How long this drill takes in this session, in "
            "minutes, recovery included. Give every drill of a session its "
            "minutes, or none.",
        ),
        "dosage": Text(60, "Overrides the drill's dosage in this session."),
        "notes": Text(160, "A note for this drill in this session."),
    },
    required=("drill",),
    description="A drill in a session.",
)

SESSION = Obj(
    {
        "id": Text(40, "Unique slug: lowercase letters, digits, single hyphens.", kind="slug"),
        "title": Text(60, "The session's title."),
        "start": Text(
            5,
            "When the session starts, as HH:MM on a 24-hour clock, e.g. 18:30; "
            "needs every block's minutes.",
            kind="time",
        ),
        "items": ListOf(SESSION_ITEM, 30, "The drills in order.", min_items=1),
        "warmup": Text(300, "The warm-up before the drills."),
        "warmup_minutes": Whole(1, MAX_BLOCK_MINUTES, "How long the warm-up takes, in minutes."),
        "cooldown": Text(300, "The cool-down after the drills."),
        "cooldown_minutes": Whole(
            1, MAX_BLOCK_MINUTES, "How long the cool-down takes, in minutes."
        ),
        "notes": Text(300, "Notes for the whole session."),
    },
    required=("id", "title", "items"),
    description="A training session: drills in order.",
)

SESSION_TRANSLATIONS = MapOf(
    LANGUAGE,
    Obj(
        {
            **{key: SESSION.fields[key] for key in ("title", "warmup", "cooldown", "notes")},
            "items": ListOf(
                Obj(
                    {key: SESSION_ITEM.fields[key] for key in ("dosage", "notes")},
                    required=(),
                    description="An item's dosage and notes in this language; {} for none.",
                ),
                30,
                "The items' dosage and notes in this language: one entry per item, in order.",
            ),
        },
        required=(),
        description="The session's words in one language; a field left out "
        "prints as the main text.",
    ),
    "The session in other languages, by language code.",
)
SESSION.fields["translations"] = SESSION_TRANSLATIONS

LIBRARY = Obj(
    {
        "language": Text(
            2,
            "The language of the main text: a two-letter ISO 639-1 code. Default: en.",
            kind="language",
            choices=LANGUAGES,
        ),
        "drills": ListOf(DRILL, 1000, "The drills.", min_items=1),
        "sessions": ListOf(SESSION, 200, "Training sessions built from the drills."),
    },
    required=("drills",),
    description="A drillcards library.",
    extra=("$schema",),
)


def json_schema() -> dict:
    """The contract as a JSON Schema (draft 2020-12), for editors to autocomplete and validate."""
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "drillcards library",
    }
    schema.update(_node(LIBRARY))
    schema["properties"]["$schema"] = {"type": "string", "description": "Path to this schema."}
    return schema


def _node(spec: Text | Whole | ListOf | Obj | MapOf, optional: bool = False) -> dict:
    if isinstance(spec, Whole):
        return {
            "type": "integer",
            "description": spec.description,
            "minimum": spec.minimum,
            "maximum": spec.maximum,
        }
    if isinstance(spec, MapOf):
        return {
            "type": "object",
            "description": spec.description,
            "propertyNames": _key_node(spec.key),
            "additionalProperties": _node(spec.item),
        }
    if isinstance(spec, Obj):
        return {
            "type": "object",
            "description": spec.description,
            "properties": {
                name: _node(sub, name not in spec.required) for name, sub in spec.fields.items()
            },
            "required": list(spec.required),
            "additionalProperties": False,
        }
    if isinstance(spec, ListOf):
        node = {"type": "array", "description": spec.description, "items": _node(spec.item)}
        if spec.min_items:
            node["minItems"] = spec.min_items
        node["maxItems"] = spec.max_items
        return node
    node = {"type": "string", "description": spec.description}
    if spec.kind in ("enum", "language"):
        node["enum"] = list(spec.choices)
        return node
    node.update({"minLength": 1, "maxLength": spec.max_len})
    node["pattern"] = {"slug": SLUG_PATTERN, "url": URL_PATTERN, "time": TIME_PATTERN}.get(
        spec.kind, TEXT_PATTERN
    )
    if optional:  # an empty optional text is taken as left out, as a spreadsheet's empty cell
        del node["minLength"]
        node["pattern"] = rf"^\s*$|{node['pattern']}"
    if spec.kind == "slug":
        node["not"] = {"enum": sorted(RESERVED_IDS)}
    return node


def _key_node(spec: Text) -> dict:
    node = _node(spec)
    node.pop("description")
    node.pop("type")
    return node


def limits_table() -> str:
    """The README's table of limits, made from the contract so that the two never disagree."""
    rows = [
        (f"`{name}`", _limit(name, spec))
        for name, spec in DRILL.fields.items()
        if isinstance(spec, Text | ListOf | Obj)
        and name != "id"
        and getattr(spec, "kind", "text") not in ("enum", "language")
    ]
    session, item = SESSION.fields, SESSION_ITEM.fields
    rows += [
        ("session `title`", f"{session['title'].max_len} characters"),
        (
            "session `items`",
            f"{session['items'].max_items} drills; item `dosage` "
            f"{item['dosage'].max_len}, `notes` {item['notes'].max_len} "
            "characters",
        ),
        ("session `warmup`, `cooldown`, `notes`", f"{session['warmup'].max_len} characters each"),
    ]
    return (
        "\n".join(
            [
                "| field | at most |",
                "| --- | --- |",
                *(f"| {field} | {limit} |" for field, limit in rows),
            ]
        )
        + "\n"
    )


def _limit(name: str, spec: Text | ListOf | Obj, within: bool = False) -> str:
    """'60 characters', '7 of 60 characters', '3 faults: `fault` 55, `fix` 70 characters'; within
    an object the field is named: '`summary` 110 characters', '4 `cues` of 60 characters'."""
    shown = f"`{name}`" if within else name
    if isinstance(spec, Obj):
        return "; ".join(_limit(key, sub, True) for key, sub in spec.fields.items())
    if isinstance(spec, Text):
        return f"{shown + ' ' if within else ''}{spec.max_len} characters"
    if isinstance(spec.item, Obj):
        parts = ", ".join(f"`{key}` {sub.max_len}" for key, sub in spec.item.fields.items())
        return f"{spec.max_items} {shown}: {parts} characters"
    return f"{spec.max_items}{' ' + shown if within else ''} of {spec.item.max_len} characters"


def schema_text() -> str:
    """drills.schema.json as committed; regenerate with `drillcards schema > drills.schema.json`."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
