"""Extractive answers: the sentences of the retrieved passages that best answer the question.

Each sentence of the best passages is scored by the cosine of its vector (computed at
ingestion) to the query vector, plus how many of the question's content terms it holds
(weighted by rarity), plus the rank of its passage. The best few sentences, each followed by
its ``[n]``, make the answer; every ``[n]`` is a :class:`Citation` quoting the document
exactly. When the evidence is too weak — the passages do not hold the question's rare terms,
or nothing is semantically close — the assistant says it has not found an answer and still
returns the nearest passages.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .lexical import LexicalIndex
from .retrieval import Retrieval
from .textnorm import analyze
from .types import Answer, Citation, Hit

NOT_FOUND = "Je n'ai pas trouvé de réponse à cette question dans les documents."

#: How many top passages the answer's sentences may come from.
ANSWER_PASSAGES = 4
#: A further sentence joins the answer only if its score is this close to the best one.
SENTENCE_MARGIN = 0.03


@dataclass(frozen=True, slots=True)
class Evidence:
    """The signals the abstention decision is made from (exposed for calibration)."""

    coverage: float  # rarity-weighted share of the question's terms found in the best passages
    top_dense: float  # cosine of the query to the best passage
    top_sentence: float  # cosine of the query to the best sentence
    score: float  # the combined evidence compared with the threshold


@dataclass(frozen=True, slots=True)
class _Scored:
    hit: Hit
    start: int
    end: int
    text: str
    score: float
    similarity: float


def coverage(terms: Sequence[str], hits: Sequence[Hit], lexical: LexicalIndex, top: int = 3) -> float:
    """Rarity-weighted share of ``terms`` present in the ``top`` passages (title included)."""
    if not terms:
        return 1.0
    present: set[str] = set()
    for hit in hits[:top]:
        present.update(analyze(hit.chunk.embed_text))
    weights = {t: lexical.idf(t) for t in terms}
    total = sum(weights.values())
    return sum(w for t, w in weights.items() if t in present) / total if total else 1.0


def evidence_score(cov: float, top_dense: float, top_sentence: float) -> float:
    """One number for "is the answer in these passages": high when the rare terms of the
    question are there and the best sentence is semantically close."""
    return 0.5 * cov + 0.5 * (max(top_dense, top_sentence) - 0.7) / 0.25


def compose(
    question: str,
    search_query: str,
    retrieval: Retrieval,
    sentence_vectors: dict[tuple[int, int, str], np.ndarray],
    lexical: LexicalIndex,
    *,
    max_sentences: int,
    threshold: float,
) -> tuple[Answer, Evidence]:
    hits = retrieval.hits
    scored = _score_sentences(retrieval, sentence_vectors, lexical)
    cov = coverage(retrieval.terms, hits, lexical)
    top_dense = max((h.dense or 0.0 for h in hits[:3]), default=0.0)
    top_sentence = max((s.similarity for s in scored), default=0.0)
    ev = Evidence(cov, top_dense, top_sentence, evidence_score(cov, top_dense, top_sentence))
    if not scored or ev.score < threshold:
        return Answer(question, search_query, NOT_FOUND, True, (), hits), ev

    chosen = [scored[0]]
    for s in scored[1:]:
        if len(chosen) >= max_sentences or s.score < scored[0].score - SENTENCE_MARGIN:
            break
        if any(_overlaps(s, c) for c in chosen):
            continue
        chosen.append(s)
    citations = []
    parts = []
    for n, s in enumerate(chosen, start=1):
        chunk = s.hit.chunk
        citations.append(
            Citation(
                n=n,
                source=chunk.doc_id,
                title=chunk.title,
                section=chunk.section,
                start=s.start,
                end=s.end,
                text=s.text,
                score=round(s.score, 4),
                passage_start=chunk.start,
                passage_end=chunk.end,
                page=chunk.page,
                date=chunk.metadata.date,
            )
        )
        parts.append(f"{_as_prose(s.text)} [{n}]")
    return Answer(question, search_query, " ".join(parts), False, tuple(citations), hits), ev


def _score_sentences(
    retrieval: Retrieval, vectors: dict[tuple[int, int, str], np.ndarray], lexical: LexicalIndex
) -> list[_Scored]:
    qv = retrieval.query_vector
    weights = {t: lexical.idf(t) for t in retrieval.terms}
    total = sum(weights.values()) or 1.0
    best: dict[tuple[str, int, int], _Scored] = {}
    for hit in retrieval.hits[:ANSWER_PASSAGES]:
        for sent in hit.chunk.sentences:
            if len(sent.text.split()) < 3:
                continue  # headings and fragments are context, not answers
            vec = vectors.get((sent.start, sent.end, hit.chunk.doc_id))
            if vec is None:
                continue
            sim = float(vec @ qv)
            terms = set(analyze(sent.text))
            overlap = sum(w for t, w in weights.items() if t in terms) / total
            score = sim + 0.10 * overlap + 0.05 * hit.score
            key = (hit.chunk.doc_id, sent.start, sent.end)
            if key not in best or best[key].score < score:
                best[key] = _Scored(hit, sent.start, sent.end, sent.text, score, sim)
    return sorted(best.values(), key=lambda s: -s.score)


def _overlaps(a: _Scored, b: _Scored) -> bool:
    return a.hit.chunk.doc_id == b.hit.chunk.doc_id and a.start < b.end and b.start < a.end


def _as_prose(text: str) -> str:
    """The quoted sentence on one line, ending with punctuation."""
    one_line = re.sub(r"\s*\n\s*", " ; ", text.strip())
    one_line = re.sub(r":\s*;\s*", ": ", one_line)
    one_line = re.sub(r"\s+", " ", one_line)
    if one_line and one_line[-1] not in '.!?…»)"':
        one_line += "."
    return one_line
