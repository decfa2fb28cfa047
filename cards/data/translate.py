"""The library as printed in one language: its drills and sessions in that language's words,
where drills.json gives them, with the labels of that language; and what was left untranslated.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from .labels import load_labels
from .model import Drill, Library, Session
from .schema import PICTURE_FIELDS, TRANSLATED

SESSION_TRANSLATED = ("title", "warmup", "cooldown", "notes")
SHOWN_MISSING = 6  # entries a warning names before "and N more"


@dataclass(frozen=True)
class Gap:
    """A drill or session whose words in the language are missing, fully or in part."""

    kind: str  # "drill" or "session"
    ident: str
    fields: tuple[str, ...]  # what prints in the main language
    whole: bool  # nothing of it is translated

    def __str__(self) -> str:
        what = "all" if self.whole else ", ".join(self.fields)
        return f"{self.ident} ({what})"


@dataclass(frozen=True)
class Coverage:
    """How much of the library has words in one language."""

    code: str
    name: str
    translated: int  # fields with words in the language
    total: int  # fields the library prints that could be translated
    gaps: tuple[Gap, ...]
    main: bool  # the language of the main text: nothing to translate

    @property
    def percent(self) -> int:
        return 100 if not self.total else int(100 * self.translated / self.total)

    def summary(self) -> str:
        """One line for `check`: '… German (de): 100% of the text translated'."""
        if self.main:
            return f"{self.name} ({self.code}): the language of the main text"
        drills = sum(1 for gap in self.gaps if gap.kind == "drill")
        sessions = len(self.gaps) - drills
        line = (
            f"{self.name} ({self.code}): {self.translated} of {self.total} texts "
            f"translated ({self.percent}%)"
        )
        if not self.gaps:
            return line + ", every drill and session"
        return (
            line + f"; {_missing(drills, sessions)} not fully translated (their main text "
            "prints instead):"
        )

    def warning(self, source: str, main: str) -> str | None:
        """What prints untranslated, or None when everything is translated."""
        if not self.gaps:
            return None
        drills = sum(1 for gap in self.gaps if gap.kind == "drill")
        sessions = len(self.gaps) - drills
        return (
            f"{source}: {_missing(drills, sessions)} not fully translated into {self.name} "
            f"({self.code}); what is missing prints in the main language ({main}): "
            f"{gap_list(self.gaps)}; add it "
            f'under "translations": {{"{self.code}": {{…}}}} of each, '
            f"or run drillcards check --lang {self.code} to see them all"
        )


def gap_list(gaps: tuple[Gap, ...], limit: int | None = SHOWN_MISSING) -> str:
    shown = [("session " if gap.kind == "session" else "") + str(gap) for gap in gaps[:limit]]
    more = len(gaps) - len(shown)
    return "; ".join(shown) + (f"; and {more} more" if more > 0 else "")


def _missing(drills: int, sessions: int) -> str:
    parts = [
        f"{drills} drill{'s' if drills != 1 else ''}" if drills else "",
        f"{sessions} session{'s' if sessions != 1 else ''}" if sessions else "",
    ]
    return " and ".join(p for p in parts if p)


@dataclass(frozen=True)
class Edition:
    library: Library  # as printed in the language, with its labels
    coverage: Coverage
    warnings: tuple[str, ...]


def edition(
    library: Library,
    code: str | None = None,
    templates: str | Path | None = None,
    asked_by: str | None = None,
) -> Edition:
    """The library in language `code` (default: the main text's), labels from the layout
    folders; LayoutError when no catalogue of the language is there (naming --lang CODE, or the
    file's "language" when no code was asked for)."""
    if asked_by is None and not code:
        asked_by = f'{library.source}: "language": "{library.language}"'
    code = code or library.language
    labels = load_labels(code, templates, asked_by)
    warnings = []
    if labels.untranslated:
        shown = ", ".join(labels.untranslated[:8]) + (", …" if len(labels.untranslated) > 8 else "")
        warnings.append(
            f"{labels.source}: {len(labels.untranslated)} label"
            f"{'s' if len(labels.untranslated) != 1 else ''} not translated, "
            f"printed in English: {shown}; add them from lang/en.toml"
        )
    if code == library.language:
        coverage = Coverage(code, labels.name, 0, 0, (), True)
        return Edition(dataclasses.replace(library, labels=labels), coverage, tuple(warnings))
    words = library.translations.get(code, {"drills": {}, "sessions": {}})
    drills, sessions, gaps = [], [], []
    translated = total = 0
    for drill in library.drills:
        new, missing, count = _translate(
            drill,
            _drill_fields(drill),
            (*TRANSLATED, *PICTURE_FIELDS),
            words["drills"].get(drill.id, {}),
            code,
        )
        if new.image != drill.image:  # the translation shows its own picture
            new = dataclasses.replace(new, picture=library.pictures.get(new.image))
        drills.append(new)
        translated, total = translated + count - len(missing), total + count
        if missing:
            gaps.append(Gap("drill", drill.id, missing, len(missing) == count))
    for session in library.sessions:
        new, missing, count = _translate_session(
            session, words["sessions"].get(session.id, {}), code
        )
        sessions.append(new)
        translated, total = translated + count - len(missing), total + count
        if missing:
            gaps.append(Gap("session", session.id, missing, len(missing) == count))
    coverage = Coverage(code, labels.name, translated, total, tuple(gaps), False)
    warning = coverage.warning(library.source, library.language)
    translated_library = dataclasses.replace(
        library, drills=tuple(drills), sessions=tuple(sessions), language=code, labels=labels
    )
    return Edition(translated_library, coverage, tuple([*warnings, *filter(None, [warning])]))


def _drill_fields(drill: Drill) -> tuple[str, ...]:
    """The translatable fields the drill prints."""
    return tuple(key for key in TRANSLATED if getattr(drill, key))


def _translate(entry, fields: tuple[str, ...], allowed: tuple[str, ...], words: dict, code: str):
    """The entry with its fields replaced by the words given, the fields it prints that were
    not given, and how many it prints."""
    given = {key: value for key, value in words.items() if key in allowed}
    missing = tuple(key for key in fields if key not in given)
    given |= {"language": code, "translated": tuple(given)}  # messages name translations.CODE…
    return dataclasses.replace(entry, **given), missing, len(fields)


def _translate_session(session: Session, words: dict, code: str):
    fields = tuple(key for key in SESSION_TRANSLATED if getattr(session, key))
    new, missing, count = _translate(session, fields, SESSION_TRANSLATED, words, code)
    items, translated = [], list(new.translated)
    item_words = words.get("items", ())
    for index, item in enumerate(session.items):
        given = item_words[index] if index < len(item_words) else {}
        translated += [f"items[{index}].{key}" for key in given]
        for key in ("dosage", "notes"):
            if getattr(item, key):
                count += 1
                if key not in given:
                    missing += (f"items[{index}].{key}",)
        items.append(
            dataclasses.replace(
                item, dosage=given.get("dosage", item.dosage), notes=given.get("notes", item.notes)
            )
        )
    return (
        dataclasses.replace(new, items=tuple(items), translated=tuple(translated)),
        missing,
        count,
    )
