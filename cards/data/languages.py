"""Language codes: the two-letter ISO 639-1 codes drills.json, club.toml and --lang name a
language by, and what to say when a code names none."""

from __future__ import annotations

from .quoting import quoted
from .validation import did_you_mean

# ISO 639-1: the two-letter codes a language is named by ("translations", "language", --lang).
_ISO_639_1 = """
    aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da
    de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy
    hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg
    li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or
    os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta
    te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
"""
LANGUAGES = tuple(_ISO_639_1.split())

# Three-letter codes (ISO 639-2) people write for the two-letter ones drillcards takes.
_THREE_LETTER = {
    "deu": "de",
    "ger": "de",
    "eng": "en",
    "fra": "fr",
    "fre": "fr",
    "ita": "it",
    "spa": "es",
    "nld": "nl",
    "dut": "nl",
    "por": "pt",
    "pol": "pl",
    "swe": "sv",
    "dan": "da",
    "nor": "no",
    "fin": "fi",
    "ces": "cs",
    "cze": "cs",
    "rus": "ru",
    "ell": "el",
    "gre": "el",
    "tur": "tr",
    "jpn": "ja",
    "zho": "zh",
    "chi": "zh",
}


def language_problem(code: str) -> str | None:
    """Why `code` names no language, with a did-you-mean ("deu", "DE", "dd" → "de"); or None."""
    if code in LANGUAGES:
        return None
    return (
        f"{quoted(code)} is not a language code; a language is named by its two-letter "
        f"ISO 639-1 code; {_hint(code)}"
    )


def _hint(code: str) -> str:
    key = code.strip().lower()
    hint = key if key in LANGUAGES else _THREE_LETTER.get(key)
    if hint is None:
        hint = did_you_mean(key, LANGUAGES) if len(key) <= 2 else None
    return f'did you mean "{hint}"?' if hint else "such as de, fr or it"
