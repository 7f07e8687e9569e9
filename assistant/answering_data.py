"""The language data of question analysis and answer selection (``data/answering.json``): cue
phrases of answer types, attributes, time relations, number words, currencies… Read once."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=1)
def data() -> dict[str, Any]:
    """The whole file, parsed."""
    raw = resources.files("assistant").joinpath("data/answering.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(raw)
    return loaded


def words(name: str) -> tuple[str, ...]:
    """One word list of the file (« number_words », « currencies »)."""
    return tuple(data()[name])


@lru_cache(maxsize=1)
def edition_pattern() -> re.Pattern[str]:
    """« la première convention », « l'accord initial », « la convention actuelle » (folded): which of a
    partnership's successive agreements is meant (the ``editions`` table; an adjective before or after the
    noun, in the groups ``before``/``noun`` or ``noun2``/``after``)."""
    table = data()["editions"]
    adjectives = "|".join(re.escape(w) for k in ("first", "second", "previous", "latest") for w in table[k])
    nouns = "|".join(re.escape(w) for w in table["nouns"])
    between = "|".join(re.escape(w) for w in table["between"])
    return re.compile(
        rf"\b(?:(?P<before>{adjectives})\s+(?:(?:{between})\s+)?(?P<noun>{nouns})"
        rf"|(?P<noun2>{nouns})\s+(?P<after>{adjectives}))\b"
    )


def edition_nouns(noun: str) -> tuple[str, ...]:
    """The singular French nouns titles and file names give an agreement that ``noun`` (from :func:`edition_pattern`)
    names: « conventions » → (convention,), « agreement » → (convention, accord)."""
    forms = data()["editions"]["noun_forms"].get(noun, [noun])
    return tuple(dict.fromkeys(f.rstrip("s") for f in forms))
