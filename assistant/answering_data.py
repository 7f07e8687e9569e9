"""The language data of question analysis and answer selection (``data/answering.json``): cue
phrases of answer types, attributes, time relations, number words, currencies… Read once."""

from __future__ import annotations

import json
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
