"""The last check before an answer is given: is the composed answer right, or should the assistant say
« Je n'ai pas trouvé… »?

The rules of :mod:`.compose` abstain when the evidence is weak or no sentence holds an answer of the asked
type. They do not see a confident sentence of the right type about the wrong thing (the budget of another
project, the date of another convention). This check reads the answer as a whole — the chosen sentence's
scorer features, how far it stands above the others, the evidence of the passages and the kind of question
— and gives the probability that it is right, from a logistic regression fitted by
``scripts/train_acceptance.py`` on our own questions (answerable ones and many written to be unanswerable,
over the team's evaluation corpora; never a test half). Below the threshold stored with the weights
(``data/acceptance.json``), the assistant abstains, and the nearest passages are still shown.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from ..question import AnswerType, QuestionAnalysis
from ..textnorm import match_keys
from .features import FEATURES, closeness
from .profile import QuestionProfile, holds_key
from .values import Candidate, Evidence

#: A margin larger than this (log-odds) says no more: the best sentence stands alone.
MARGIN_CAP = 6.0
#: How many characters on each side of the value of the asked type are read for the question's words.
SPAN_WINDOW = 80

#: The kinds of question and the signals crossed with them (see ACCEPT_FEATURES).
_TYPES = ("type_date", "type_amount", "type_number", "type_name", "type_definition", "type_other")
_CROSSED = ("quote_missing_rare", "passage_missing_rare", "near_value", "top_score", "margin")

#: The features an answer is judged on, in order (the model file lists them, and must match).
ACCEPT_FEATURES: tuple[str, ...] = (
    "top_score",  # the chosen sentence's scorer log-odds
    "margin",  # how far it stands above the next answering sentence (MARGIN_CAP when alone)
    "answering",  # log(1 + number of sentences that hold an answer of the asked type)
    "answering_share",  # their share of the sentences scored
    "ev_coverage",  # the passages' evidence (see Evidence)
    "ev_named_missing",
    "ev_top_dense",
    "ev_top_sentence",
    "ev_score",
    "quote_missing_rare",  # the weight of the rarest question word the quote lacks, over the rarest word's
    "passage_missing_rare",  # the same over the quote's whole passage
    "near_value",  # share (by rarity) of the question's words within SPAN_WINDOW characters of the value quoted
    *(f"top_{name}" for name in FEATURES if name != "bias"),  # the chosen sentence's own features
    "type_date",
    "type_amount",
    "type_number",
    "type_name",
    "type_definition",
    "type_other",  # an open question (duration questions count with numbers)
    "is_list",
    "follow_up",
    "english",
    # what the words missing from the quote, the value's neighbourhood and the score say depends on the kind of
    # question (a missing word matters more to « Combien… ? » than to « Qu'est-ce que… ? »): their products
    *(f"{t}*{b}" for t in _TYPES for b in _CROSSED),
)


@dataclass(frozen=True, slots=True)
class AcceptanceModel:
    """A fitted logistic regression over standardised :data:`ACCEPT_FEATURES`."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    threshold: float  # answers whose probability is below this abstain
    model: str  # the embedding model whose cosines it was fitted on (another model's answers are not judged)

    def probability(self, x: np.ndarray) -> float:
        z = float(((x - self.mean) / self.scale) @ self.weights + self.bias)
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


@lru_cache(maxsize=1)
def acceptance_model() -> AcceptanceModel:
    """The shipped model (``data/acceptance.json``); raises ValueError when it was fitted on other features."""
    raw = json.loads(resources.files("assistant").joinpath("data/acceptance.json").read_text(encoding="utf-8"))
    if tuple(raw["features"]) != ACCEPT_FEATURES:
        raise ValueError("data/acceptance.json was fitted on other features: run scripts/train_acceptance.py")
    return AcceptanceModel(
        mean=np.array(raw["mean"], dtype=np.float64),
        scale=np.array(raw["scale"], dtype=np.float64),
        weights=np.array(raw["weights"], dtype=np.float64),
        bias=float(raw["bias"]),
        threshold=float(raw["threshold"]),
        model=str(raw["model"]),
    )


def acceptance_features(
    top: Candidate,
    answers: Sequence[Candidate],
    scored: Sequence[Candidate],
    evidence: Evidence,
    analysis: QuestionAnalysis,
    profile: QuestionProfile,
    follow_up: bool,
    passage_keys: set[str] | None = None,
    held: frozenset[str] | set[str] = frozenset(),
) -> np.ndarray:
    """The :data:`ACCEPT_FEATURES` of an answer whose first quote is ``top``, chosen among ``answers`` (the
    sentences holding an answer of the asked type) of the ``scored`` candidates; ``passage_keys``: the match keys
    of ``top``'s passage (by default those of its text, title and headings); ``held``: keys the quote is taken to
    hold besides its own (the question's giving verb, said in other words)."""
    # (the scores as the check was fitted on them: how close the sentences are, without the judgements the scorer
    # weighs since the forty-eighth pass, see features.closeness)
    top_score = closeness(top)
    others = [closeness(a) for a in answers if a is not top]
    margin = min(MARGIN_CAP, top_score - max(others)) if others else MARGIN_CAP
    own = list(top.features[1:]) if len(top.features) == len(FEATURES) else [0.0] * (len(FEATURES) - 1)
    kind = analysis.type
    chunk = top.hit.chunk
    start = top.context_start if top.context_start is not None else top.start
    quote_keys = match_keys(chunk.text[start - chunk.start : top.end - chunk.start]) | held
    values = [
        top_score,
        margin,
        math.log1p(len(answers)),
        len(answers) / max(1, len(scored)),
        evidence.coverage,
        evidence.named_missing,
        evidence.top_dense,
        evidence.top_sentence,
        evidence.score,
        _missing_rare(profile, quote_keys),
        _missing_rare(profile, match_keys(chunk.embed_text) if passage_keys is None else passage_keys),
        profile.coverage(match_keys(_near_value(top))),
        *own,
        float(kind is AnswerType.DATE),
        float(kind is AnswerType.AMOUNT),
        float(kind in (AnswerType.NUMBER, AnswerType.DURATION)),
        float(kind is AnswerType.NAME),
        float(kind is AnswerType.DEFINITION),
        float(kind is AnswerType.OTHER),
        float(analysis.is_list),
        float(follow_up),
        float(analysis.language == "en"),
    ]
    named = dict(zip(ACCEPT_FEATURES, values, strict=False))
    values += [named[t] * named[b] for t in _TYPES for b in _CROSSED]
    return np.array(values, dtype=np.float64)


def _missing_rare(profile: QuestionProfile, keys: set[str]) -> float:
    """The weight of the rarest question word ``keys`` lack, as a share of the rarest word's (0: none lacks)."""
    weights = [w for _, _, w in profile.terms]
    if not weights or max(weights) <= 0:
        return 0.0
    missing = [w for st, pre, w in profile.terms if not holds_key(st, pre, keys)]
    return max(missing, default=0.0) / max(weights)


def _near_value(top: Candidate) -> str:
    """The text around the first value of the asked type the quote holds (« …le second forage a coûté 12 000
    euros… »): whether the value is said of what the question asks; the whole quote when it holds none."""
    if not top.typed:
        return top.text
    span = top.typed[0]
    return top.text[max(0, span.start - SPAN_WINDOW) : span.end + SPAN_WINDOW]
