"""The one table of search filters (assistant.types.FILTERS) drives parsing, help, labels and notes.

Issue 12, item 3: the filter keys were spelled in six places and two of them forgot ``date``, so
choosing « Année de publication » in the interface raised ``KeyError: 'date'``. The browser test
of every filter is ``test_ui_e2e.py::test_each_filter_of_the_interface_shows_its_answer``.
"""

from __future__ import annotations

import argparse
import dataclasses
from typing import Any

import pytest

from assistant.cli import build_parser
from assistant.errors import QueryError
from assistant.pipeline import parse_filters
from assistant.types import (
    FILTER_BY_KEY,
    FILTERS,
    MAX_FILTER_VALUE_CHARS,
    MAX_FILTER_VALUES,
    Answer,
    Citation,
    Filters,
    filter_spec,
    filters_help,
)
from assistant.ui import FILTER_ORDER, Conversation, Turn, conversation_markdown, filters_note, render_turn

SAMPLE = {
    "source": "a.txt",
    "authority": "Ville de Clamart",
    "country": "AM",
    "theme": "santé",
    "place": "Artachat",
    "date": "2025",
}


def test_the_table_covers_every_field_of_filters_once() -> None:
    assert sorted(f.field for f in FILTERS) == sorted(f.name for f in dataclasses.fields(Filters))
    assert len({f.key for f in FILTERS}) == len(FILTERS)
    assert tuple(f.key for f in FILTERS) == FILTER_ORDER
    assert set(SAMPLE) == set(FILTER_BY_KEY)
    for spec in FILTERS:
        assert spec.label and spec.noun and spec.example


def test_every_spelling_of_every_filter_is_parsed() -> None:
    for spec in FILTERS:
        for name in (spec.key, *spec.aliases, spec.key.upper(), f" {spec.key} "):
            assert filter_spec(name) is spec
            parsed = parse_filters({name: SAMPLE[spec.key]})
            assert getattr(parsed, spec.field) == frozenset({SAMPLE[spec.key]})
    assert filter_spec("Année") is FILTER_BY_KEY["date"]
    assert filter_spec("collectivité") is FILTER_BY_KEY["authority"]


def test_error_messages_name_every_filter_including_date() -> None:
    with pytest.raises(QueryError) as info:
        parse_filters({"couleur": "bleu"})
    message = info.value.message
    assert message.startswith("Filtre inconnu : « couleur »")
    for spec in FILTERS:
        assert f"{spec.key}=" in message and spec.noun in message
    with pytest.raises(QueryError, match="AAAA, AAAA-MM ou AAAA-MM-JJ"):
        parse_filters({"année": "juin"})


def test_filter_values_are_capped_with_a_french_message() -> None:
    with pytest.raises(QueryError, match="Trop de valeurs de filtres"):
        parse_filters({"source": [f"d{i}.txt" for i in range(MAX_FILTER_VALUES + 1)]})
    with pytest.raises(QueryError, match="Trop de valeurs de filtres"):
        parse_filters({"source": ["a"] * MAX_FILTER_VALUES, "theme": ["santé"]})
    with pytest.raises(QueryError, match=f"dépasse {MAX_FILTER_VALUE_CHARS} caractères"):
        parse_filters({"place": "x" * (MAX_FILTER_VALUE_CHARS + 1)})
    with pytest.raises(QueryError, match="Filtre inconnu"):
        parse_filters({"k" * 1_000_000: "v"})
    assert parse_filters({"source": ["a"] * MAX_FILTER_VALUES}).sources == frozenset({"a"})


def test_cli_help_lists_every_filter() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    text = sub.choices["ask"].format_help()
    assert "année de publication" in text
    for spec in FILTERS:
        assert f"{spec.key}=" in text
    assert filters_help().count("=") == len(FILTERS)


def _answered(filters: dict[str, list[str]]) -> Turn:
    citation = Citation(1, "a.txt", "Document A", "", 0, 10, "Texte cité", 0.9, 0, 10)
    answer = Answer("Q ?", "Q ?", "Texte cité [1]", False, (citation,), ())
    return Turn("Q ?", filters=filters, answer=answer, pending=False)


def test_notes_of_every_filter_in_the_page_and_the_export() -> None:
    filters = {key: [value] for key, value in SAMPLE.items()}
    note = filters_note(filters, {"a.txt": "Document A"})
    assert note == (
        "documents : Document A; collectivités : Ville de Clamart; pays : Arménie; thèmes : santé; "
        "lieux : Artachat; année de publication : 2025"
    )
    for key, value in SAMPLE.items():
        turn = _answered({key: [value]})
        html = render_turn(turn, 0, selected=True, titles={"a.txt": "Document A"})
        assert "Filtres appliqués — " + FILTER_BY_KEY[key].noun in html
        markdown = conversation_markdown(Conversation(turns=[turn]), titles={})
        assert "*Filtres appliqués — " + FILTER_BY_KEY[key].noun in markdown


def test_the_index_offers_values_for_the_keys_of_the_table(seed_bot: Any) -> None:
    assert set(seed_bot.filter_values()) == set(FILTER_BY_KEY)
