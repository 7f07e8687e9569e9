"""The ``/ask`` API of the web interface: its arguments checked as ``coop ask`` checks them.

The answer is the JSON of ``coop ask --json``; an unusable question, history or filter raises
:class:`assistant.errors.QueryError` with a French message (shown by the client as ``AppError``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import QueryError
from ..limits import check_history, check_json_text, check_question
from ..types import FILTER_KEYS, MAX_FILTER_VALUES
from .state import AssistantLike
from .text import FILTER_ORDER


def parse_history(value: Any) -> list[str]:
    """``history`` of the API: a list of strings, a JSON list, or empty."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        check_json_text("history", value)
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            raise QueryError(
                '« history » doit être une liste de questions, par exemple ["Question précédente"].'
            ) from None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise QueryError("« history » doit être une liste de questions (chaînes de caractères).")
    return check_history([v for v in value if v.strip()])


def parse_filters(value: Any) -> dict[str, str | list[str]]:
    """``filters`` of the API: a mapping, a JSON object, or empty."""
    if value is None or value == "":
        return {}
    if isinstance(value, str):
        check_json_text("filters", value)
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            raise QueryError('« filters » doit être un objet JSON, par exemple {"country": ["AM"]}.') from None
    if not isinstance(value, Mapping):
        raise QueryError('« filters » doit être un objet, par exemple {"theme": "santé"}.')
    count = sum(len(v) if isinstance(v, list) else 1 for v in value.values())
    if len(value) > len(FILTER_KEYS) or count > MAX_FILTER_VALUES:
        raise QueryError(f"Trop de valeurs de filtres (plus de {MAX_FILTER_VALUES}) : choisissez-en moins.")
    out: dict[str, str | list[str]] = {}
    for key, v in value.items():
        if isinstance(v, str):
            out[str(key)] = v
        elif isinstance(v, list) and all(isinstance(x, str) for x in v):
            out[str(key)] = list(v)
        else:
            raise QueryError(f"Filtre « {key} » : une valeur ou une liste de valeurs (texte) est attendue.")
    return out


def ui_filters(*selections: Sequence[str] | None, keys: Sequence[str] = FILTER_ORDER) -> dict[str, list[str]]:
    """Dropdown selections (in ``keys`` order) → the ``filters`` argument of ``ask``."""
    out: dict[str, list[str]] = {}
    for key, sel in zip(keys, selections, strict=False):
        values = [v for v in (sel or []) if v]
        if values:
            out[key] = values
    return out


def ask(assistant: AssistantLike, question: Any, history: Any = "", filters: Any = "") -> dict[str, Any]:
    """Check the API's arguments, ask, and return the answer as ``coop ask --json`` prints it."""
    if not isinstance(question, str):
        raise QueryError("« question » doit être un texte.")
    question = check_question(question)
    answer = assistant.ask(question, parse_history(history), filters=parse_filters(filters) or None)
    return answer.as_dict()
