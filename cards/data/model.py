"""The drill library as frozen data: what drawing code receives, never raw JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Fault:
    fault: str
    fix: str


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
class Drill(Translated):
    id: str
    name: str
    summary: str
    cues: tuple[str, ...]
    faults: tuple[Fault, ...]
    video: str
    category: str | None = None
    level: str | None = None
    focus: tuple[str, ...] = ()
    dosage: str | None = None
    variations: tuple[str, ...] = ()
    equipment: tuple[str, ...] = ()

    @property
    def video_host(self) -> str:
        """The host a coach sees under the QR code, without a leading 'www.'."""
        host = urlsplit(self.video).hostname or ""
        return host.removeprefix("www.")


@dataclass(frozen=True)
class SessionItem:
    drill: str
    dosage: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class Session(Translated):
    id: str
    title: str
    items: tuple[SessionItem, ...]
    warmup: str | None = None
    cooldown: str | None = None
    notes: str | None = None


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
