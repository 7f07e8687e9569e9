"""French word lists, read from the package's data files.

* ``data/french.json``: months, weekdays, abbreviations before a dot, clitic pronouns, question
  words, the particles of place names (:func:`lexicon`);
* ``data/themes.json``: the themes of documents and their keywords (:func:`themes`);
* ``data/place_words.json``: the words that tell places and authorities from other
  capitalised words (:func:`place_words`);
* ``data/countries_fr.json`` is read by :func:`assistant.metadata.gazetteer`.

Each file is read once, on first use.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from .folding import fold


def read_data(name: str) -> dict[str, Any]:
    """The JSON file ``assistant/data/<name>``."""
    loaded: dict[str, Any] = json.loads(resources.files("assistant").joinpath("data", name).read_text(encoding="utf-8"))
    return loaded


@dataclass(frozen=True)
class Lexicon:
    months: tuple[str, ...]  # « janvier » … « décembre », as written
    month_numbers: Mapping[str, int]  # folded month names and abbreviations → 1…12
    weekdays: tuple[str, ...]  # « lundi » … « dimanche »
    abbreviations: frozenset[str]  # folded words a dot follows without ending a sentence (« M. », « janv. »)
    clitics: frozenset[str]  # inverted pronouns of questions (« mène-t-elle », « peut-on »)
    question_words: frozenset[str]  # folded words that ask (« quel », « comment »)
    name_particles: tuple[str, ...]  # lower-case words between the capitalised words of a place name
    lowercase_in_names: frozenset[str]  # words a name in capitals keeps in lower case (« Bouches-du-Rhône »)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The word lists of ``data/french.json``."""
    raw = read_data("french.json")
    months = tuple(raw["months"])
    numbers = {fold(m): i for i, m in enumerate(months, start=1)}
    numbers.update(raw["month_abbreviations"])
    return Lexicon(
        months=months,
        month_numbers=MappingProxyType(numbers),
        weekdays=tuple(raw["weekdays"]),
        abbreviations=frozenset(raw["abbreviations"]),
        clitics=frozenset(raw["clitics"]),
        question_words=frozenset(raw["question_words"]),
        name_particles=tuple(raw["name_particles"]),
        lowercase_in_names=frozenset(raw["lowercase_in_names"]),
    )


@dataclass(frozen=True)
class Theme:
    name: str  # « santé »
    keywords: tuple[str, ...]  # regular expressions over folded text, one per word or phrase
    names: tuple[str, ...]  # the theme named explicitly (« sante »): these count once more


@lru_cache(maxsize=1)
def themes() -> tuple[Theme, ...]:
    """The themes of ``data/themes.json``, in display order."""
    return tuple(Theme(t["name"], tuple(t["keywords"]), tuple(t["names"])) for t in read_data("themes.json")["themes"])


@dataclass(frozen=True)
class PlaceWords:
    admin_units: tuple[str, ...]  # « Ville », « Province », « Wilaya »… before a place name, longest first
    foreign_units: tuple[str, ...]  # lower-case units of foreign countries (either case of the first letter)
    foreign_units_capitalised: tuple[str, ...]  # units only capitalised (« État »)
    leading_words: frozenset[str]  # capitalised words that open a sentence, not a name (« Depuis »)
    organisation_words: frozenset[str]  # first words of an organisation's name (« Institut »)
    not_authority_names: frozenset[str]  # capitalised names never an authority (« Nord »)
    service_words: frozenset[str]  # a letterhead in capitals naming a service (« DÉPARTEMENT DES RELATIONS… »)
    document_kinds: frozenset[str]  # a first line in capitals naming a kind of document (« CONVENTION DE… »), no author
    letterhead_lines: frozenset[str]  # folded first words of the line under a letterhead (« Direction… », « Siège : »)
    generic_place_names: frozenset[str]  # folded names that are no place by themselves (« council », « town »)


@lru_cache(maxsize=1)
def place_words() -> PlaceWords:
    """The word lists of ``data/place_words.json``."""
    raw = read_data("place_words.json")
    return PlaceWords(
        admin_units=tuple(raw["admin_units"]),
        foreign_units=tuple(raw["foreign_units"]),
        foreign_units_capitalised=tuple(raw["foreign_units_capitalised"]),
        leading_words=frozenset(raw["leading_words"]),
        organisation_words=frozenset(raw["organisation_words"]),
        not_authority_names=frozenset(raw["not_authority_names"]),
        service_words=frozenset(raw["service_words"]),
        document_kinds=frozenset(raw["document_kinds"]),
        letterhead_lines=frozenset(raw["letterhead_lines"]),
        generic_place_names=frozenset(raw["generic_place_names"]),
    )
