"""The drill library as frozen data: what drawing code receives, never raw JSON."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Fault:
    fault: str
    fix: str


CARD_FIELDS = ("summary", "cues", "faults")  # what a drill's card short form may give


@dataclass(frozen=True)
class CardText:
    """A drill's short form for pocket cards (drills.json's "card"): a drill may hold what a
    drill sheet shows, more than a small card does; what the form leaves out, cards take from
    the drill."""

    summary: str | None = None
    cues: tuple[str, ...] = ()
    faults: tuple[Fault, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Translated:
    """Set by translate.edition on a drill or session printed in another language: which of its
    fields hold that language's words, so messages name translations.LANGUAGE.FIELD."""

    language: str = field(default="", repr=False, compare=False)
    translated: tuple[str, ...] = field(default=(), repr=False, compare=False)

    def place_of(self, key: str) -> str:
        """Where a printed field is written, within its drill or session: 'cues[2]', or
        'translations.de.cues[2]' when its text is the translation's."""
        name = key.split("[")[0].split(".")[0]
        if key in self.translated or name in self.translated:
            return f"translations.{self.language}.{key}"
        return key


@dataclass(frozen=True)
class Picture:
    """A picture file a drill shows, found and checked when the library was read. It is known
    by its content: the same bytes in two files are one picture, embedded in a PDF once, and a
    changed byte makes every file that shows it again (its repr is in their fingerprints)."""

    kind: str  # "png", "jpeg" or "svg", from the content, whatever the file's name
    sha256: str  # of the bytes as printed: an SVG with the pictures it shows put inside it
    width: float  # pixels for PNG and JPEG, points for SVG
    height: float
    path: Path = field(default=Path(), compare=False, repr=False)  # resolved
    written: str = field(default="", compare=False, repr=False)  # as the drills file says

    @property
    def suffix(self) -> str:
        """The file name's ending for this kind: what a copy on the web page is called."""
        return {"png": ".png", "jpeg": ".jpg", "svg": ".svg"}[self.kind]


@dataclass(frozen=True)
class Drill(Translated):
    id: str
    name: str
    summary: str
    cues: tuple[str, ...]
    faults: tuple[Fault, ...]
    video: str | None = None  # None: the drill prints without a QR code
    card: CardText | None = None  # the words pocket cards print in place of the drill's own
    # Set by on_card: the fields that hold the card short form's words, for messages.
    from_card: tuple[str, ...] = field(default=(), repr=False, compare=False)
    category: str | None = None
    level: str | None = None
    focus: tuple[str, ...] = ()
    dosage: str | None = None
    variations: tuple[str, ...] = ()
    equipment: tuple[str, ...] = ()
    image: str | None = None  # the picture's path as written, relative to the drills file
    image_credit: str | None = None  # printed small beside the picture
    image_alt: str | None = None  # the picture in words, for the web page
    picture: Picture | None = None  # `image` found and checked when the library was read

    @property
    def alt_text(self) -> str:
        """What the picture shows, for a reader who cannot see it: image_alt, else the name."""
        return self.image_alt or self.name

    def on_card(self) -> Drill:
        """The drill as pocket cards print it: its card short form's words in place of its own,
        where the form gives them."""
        if self.card is None:
            return self
        given = {key: getattr(self.card, key) for key in CARD_FIELDS if getattr(self.card, key)}
        return replace(self, **given, from_card=tuple(given))

    def place_of(self, key: str) -> str:
        """As Translated.place_of; a field printed from the card short form is 'card.cues[2]'."""
        if key.split("[")[0].split(".")[0] in self.from_card:
            key = f"card.{key}"
        return super().place_of(key)

    @property
    def video_host(self) -> str:
        """The host a coach sees under the QR code, without a leading 'www.'; '' without a
        video."""
        host = urlsplit(self.video or "").hostname or ""
        return host.removeprefix("www.")


@dataclass(frozen=True)
class SessionItem:
    drill: str
    dosage: str | None = None
    notes: str | None = None
    minutes: int | None = None


@dataclass(frozen=True)
class Slot:
    """One block of a session's time: the warm-up, a drill or the cool-down, with its minutes
    and when it starts, in minutes after the session's start (None once a block before it has
    no minutes)."""

    kind: str  # "warmup", "item" or "cooldown"
    minutes: int | None
    offset: int | None
    index: int | None = None  # of the item, for kind "item"


@dataclass(frozen=True)
class Session(Translated):
    id: str
    title: str
    items: tuple[SessionItem, ...]
    warmup: str | None = None
    cooldown: str | None = None
    notes: str | None = None
    start: str | None = None  # "HH:MM", checked by the loader
    warmup_minutes: int | None = None
    cooldown_minutes: int | None = None

    @property
    def slots(self) -> tuple[Slot, ...]:
        """The session's blocks in order: warm-up (if it has one), each drill, cool-down."""
        plan: list[tuple[str, int | None, int | None]] = []
        if self.warmup or self.warmup_minutes:
            plan.append(("warmup", self.warmup_minutes, None))
        plan += [("item", item.minutes, index) for index, item in enumerate(self.items)]
        if self.cooldown or self.cooldown_minutes:
            plan.append(("cooldown", self.cooldown_minutes, None))
        slots, offset = [], 0
        for kind, minutes, index in plan:
            slots.append(Slot(kind, minutes, offset, index))
            offset = None if offset is None or minutes is None else offset + minutes
        return tuple(slots)

    @property
    def timed(self) -> bool:
        """Whether any block has minutes, or the session a start."""
        return self.start is not None or any(s.minutes for s in self.slots)

    @property
    def total_minutes(self) -> int | None:
        """The minutes of every block together; None unless each block has its minutes."""
        slots = self.slots
        if not slots or any(s.minutes is None for s in slots):
            return None
        return sum(s.minutes for s in slots)

    @property
    def start_minute(self) -> int | None:
        """The start as minutes after midnight."""
        if self.start is None:
            return None
        hours, minutes = self.start.split(":")
        return int(hours) * 60 + int(minutes)

    def clock(self, offset: int | None) -> int | None:
        """The time of day, in minutes after midnight, `offset` minutes after the start."""
        if self.start_minute is None or offset is None:
            return None
        return (self.start_minute + offset) % (24 * 60)

    @property
    def end_minute(self) -> int | None:
        """When the last block ends, in minutes after midnight; None without a start or a
        total."""
        return self.clock(self.total_minutes)


@dataclass(frozen=True)
class Library:
    drills: tuple[Drill, ...]
    sessions: tuple[Session, ...] = ()
    source: str = "drills.json"
    language: str = "en"  # of the drills' and sessions' text
    # The words in other languages: code → {"drills": {id: {field: text}}, "sessions": {…}};
    # translate.edition makes the library as printed in one of them.
    translations: dict = field(default_factory=dict, repr=False, compare=False)
    labels: object = None  # cards.labels.Labels of `language`; None: the built-in ones
    # Every picture the drills and their translations name, by the path as written.
    pictures: dict[str, Picture] = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def _by_id(self) -> dict[str, Drill]:
        return {d.id: d for d in self.drills}

    @cached_property
    def _index(self) -> dict[str, int]:
        return {d.id: i for i, d in reversed(list(enumerate(self.drills)))}  # the first wins

    def drill(self, drill_id: str) -> Drill:
        return self._by_id[drill_id]

    def has_drill(self, drill_id: str) -> bool:
        return drill_id in self._by_id

    def place(self, drill_id: str) -> str:
        """Where a drill is in the file, for messages: 'drills.json: drills[3] ("pogo-jumps")'."""
        index = self._index[drill_id]
        return f'{self.source}: drills[{index}] ("{drill_id}")'
