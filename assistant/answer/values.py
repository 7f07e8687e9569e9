"""The values the answer step passes between its parts: a candidate sentence and the evidence."""

from __future__ import annotations

from dataclasses import dataclass

from .. import spans
from ..types import Hit


@dataclass(frozen=True, slots=True)
class Evidence:
    """The signals the abstention decision is made from (exposed for calibration)."""

    coverage: float  # rarity-weighted share of the question's words held by the best passage
    named_missing: float  # share of the question's proper nouns / acronyms absent from every top passage
    top_dense: float  # cosine of the query to the best passage
    top_sentence: float  # cosine of the query to the best sentence
    score: float  # the combined evidence compared with the threshold
    acceptance: float | None = None  # probability that the answer composed is right (None: nothing composed)
    accept_features: tuple[float, ...] = ()  # what that probability was computed from (see acceptance.py)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sentence (or list block) of a retrieved passage that may answer the question."""

    hit: Hit
    start: int
    end: int
    text: str
    score: float
    similarity: float
    context_start: int | None = None  # the previous sentence is quoted too when this one leans on it
    answers: bool = True  # holds an answer of the asked type and attribute, and is a real sentence
    novel_name: bool = False
    is_block: bool = False  # a lead-in with its list items
    defines: bool = False  # states what the subject of a definition question is
    spells_out: bool = False  # gives the expansion of the acronym a definition question asks about
    says_what: bool = False  # defines the subject in words (« Le FCC est un fichier… »), not only by its expansion
    typed: tuple[spans.Span, ...] = ()  # spans of the asked type the question does not contain
    within: tuple[int, int] | None = None  # one item of a list: the span of the sentence that holds the list
    places: int = 0  # how many distinct places a « Où… ? » or « Avec quelles villes… ? » asks for it names
    states_relation: bool = False  # states the deadline, ceiling, floor or signature the question asks
    states_other: bool = False  # states only the other end of a period (« depuis 2011 » for « Jusqu'à quand… ? »)
    authorities: int = 0  # « Quelles collectivités… ? »: the French authorities it names, not the question's
    lists_noun: bool = False  # a list (block, or inline after « : ») whose lead-in or heading names the asked noun
    owns_list: bool = False  # its lead-in names the question's subject too (« la phase 2 poursuit… »)
    states_agent: bool = False  # « Qui finance X ? »: says by whom (« X est cofinancé par … »)
    states_predicate: bool = False  # « Combien d'éleveurs ont été formés ? »: the sentence says « formés »
    counts_noun: bool = False  # « How many school kits…? »: a number of it counts the noun (« 320 kits », in French)
    to_recipient: bool = False  # gives something to the recipient the question names (« verse à Cusco »)
    only_requested: bool = False  # every amount it gives the question's giver is one asked of it (« solliciter… »)
    other_place: bool = False  # names a partner place of its document the question does not, and not the one it does
    other_time: bool = False  # a value of the asked type, stated of another year or period than the question's
    dates_vote: bool = False  # « …votée quand ? »: the sitting line of the deliberation that votes what is asked
    column_asked: bool = False  # a table row naming what is asked, its value under the column the question names
    features: tuple[float, ...] = ()  # its values of features.FEATURES (what its score was computed from)
