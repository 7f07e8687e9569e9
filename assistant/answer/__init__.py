"""Extractive answers: the sentences of the retrieved passages that best answer the question.

* :mod:`.profile`: what the question asks for, in matching keys, and the evidence score;
* :mod:`.features`: every candidate sentence of the best passages with its features, scored by a
  linear model trained on our own questions;
* :mod:`.compose`: the answer itself — the best sentences quoted exactly, each with its
  :class:`~assistant.types.Citation`, a short answer, or « Je n'ai pas trouvé… ».
"""

from .compose import LIST_MARGIN, NOT_FOUND, SENTENCE_MARGIN, compose
from .features import (
    ANSWER_PASSAGES,
    FEATURES,
    FIRST_PASSAGES,
    JUDGEMENTS,
    SCORER_FEATURES,
    scorer_vector,
    scorer_weights,
    sentence_candidates,
)
from .profile import QuestionProfile, evidence_score, follow_up_turn, profile_of, truecase
from .values import Candidate, Evidence

__all__ = [
    "ANSWER_PASSAGES",
    "FEATURES",
    "FIRST_PASSAGES",
    "JUDGEMENTS",
    "LIST_MARGIN",
    "NOT_FOUND",
    "SCORER_FEATURES",
    "SENTENCE_MARGIN",
    "Candidate",
    "Evidence",
    "QuestionProfile",
    "compose",
    "evidence_score",
    "follow_up_turn",
    "profile_of",
    "scorer_vector",
    "scorer_weights",
    "sentence_candidates",
    "truecase",
]
