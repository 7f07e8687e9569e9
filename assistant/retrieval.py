"""Hybrid retrieval: dense (Chroma) and French BM25, fused by normalised weighted scores.

The dense signal of a passage mixes two granularities: the cosine of the query to the whole
passage, and to its best sentence (sentence vectors are computed at ingestion and searched in
their own Chroma collection). A long passage whose one sentence answers the question is not
drowned by the rest of its text.

Why not plain reciprocal-rank fusion: on the CNIL set, equal-weight RRF of BM25 and e5 is
worse than e5 alone, because RRF throws away how sure each retriever is. Here each retriever
contributes a score normalised to [0, 1] over the candidates (dense: cosine rescaled between
the weakest and the strongest candidate; BM25: divided by the best BM25 score), and the
fused score is their weighted sum. Both scores are computed for every candidate, whichever
retriever proposed it, so a passage found by one side is judged by both. The weights
(``dense_weight`` / ``lexical_weight``) were chosen by measurement (see README).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .lexical import LexicalIndex
from .models import Embedder
from .passages import PassageTable
from .store import VectorStore
from .textnorm import query_terms
from .types import Chunk, Filters, Hit


@dataclass(frozen=True)
class Retrieval:
    """The ranked passages of a query, with what the answer step needs to judge them."""

    hits: tuple[Hit, ...]
    query_vector: np.ndarray
    terms: tuple[str, ...]


class HybridRetriever:
    def __init__(
        self,
        embedder: Embedder,
        store: VectorStore,
        lexical: LexicalIndex,
        chunks: PassageTable | Mapping[str, Chunk],
        *,
        dense_weight: float,
        lexical_weight: float,
        candidates: int,
        sentence_weight: float = 0.5,
    ) -> None:
        self.embedder = embedder
        self.store = store
        self.lexical = lexical
        # a plain mapping (tests, fakes) is put in a table: filters are then read per document
        self.chunks = chunks if isinstance(chunks, PassageTable) else PassageTable.from_chunks(list(chunks.values()))
        total = dense_weight + lexical_weight
        self.dense_weight = dense_weight / total
        self.lexical_weight = lexical_weight / total
        self.candidates = candidates
        self.sentence_weight = sentence_weight

    def search(self, query: str, k: int, filters: Filters | None = None, lexical_query: str | None = None) -> Retrieval:
        """The ``k`` best passages; BM25 searches ``lexical_query`` when given (an English
        question's French words), the model always the question itself."""
        qv = self.embedder.encode_query([query])[0]
        terms = tuple(query_terms(lexical_query or query))
        n_cand = max(self.candidates, k)

        dense = {m.chunk_id: m.similarity for m in self.store.query(qv, n_cand, filters)}

        # Best sentence per passage, from the sentence collection.
        best_sentence: dict[str, float] = {}
        sentence_floor = 0.0
        if self.sentence_weight > 0:
            sentence_hits = self.store.query_sentence_passages(
                qv, 4 * n_cand, sorted(filters.sources) if filters else None
            )
            for match in sentence_hits:
                if match.chunk_id not in self.chunks or not self.chunks.accepts(match.chunk_id, filters):
                    continue
                if match.similarity > best_sentence.get(match.chunk_id, -1.0):
                    best_sentence[match.chunk_id] = match.similarity
            sentence_floor = sentence_hits[-1].similarity if sentence_hits else 0.0

        lex_all = self.lexical.scores(terms)
        if filters:
            mask = self.chunks.mask(filters, self.lexical.ids)
            lex_all = np.where(mask, lex_all, 0.0)
        lex_top = np.argsort(-lex_all)[:n_cand]
        lexical = {self.lexical.ids[i]: float(lex_all[i]) for i in lex_top if lex_all[i] > 0}

        for cid in sorted(best_sentence, key=lambda c: -best_sentence[c])[:n_cand]:
            lexical.setdefault(cid, float(lex_all[self.lexical.position[cid]]) if cid in self.lexical.position else 0.0)
        missing = [cid for cid in lexical if cid not in dense]
        if missing:
            for cid, vec in self.store.chunk_vectors(missing).items():
                dense[cid] = float(vec @ qv)
        ids = [cid for cid in dense if cid in self.chunks]
        if not ids:
            return Retrieval((), qv, terms)

        cos = np.array([dense[cid] for cid in ids], dtype=np.float32)
        if self.sentence_weight > 0:
            # a passage none of whose sentences was retrieved has its best one below the floor
            sent = np.array([best_sentence.get(cid, min(sentence_floor, dense[cid])) for cid in ids], np.float32)
            mixed = (1 - self.sentence_weight) * cos + self.sentence_weight * sent
        else:
            mixed = cos
        lex = np.array(
            [float(lex_all[self.lexical.position[cid]]) if cid in self.lexical.position else 0.0 for cid in ids]
        )
        fused = self.dense_weight * _rescale(mixed, n_cand) + self.lexical_weight * (
            lex / lex.max() if lex.max() > 0 else lex
        )
        order = np.argsort(-fused, kind="stable")[:k]
        hits = tuple(
            Hit(
                chunk=self.chunks[ids[i]],
                score=float(fused[i]),
                rank=rank,
                dense=float(cos[i]),
                lexical=float(lex[i]),
            )
            for rank, i in enumerate(order, start=1)
        )
        return Retrieval(hits, qv, terms)


def _rescale(values: np.ndarray, depth: int) -> np.ndarray:
    """Map the ``depth``-th best value to 0 and the best to 1 (lower values clipped to 0)."""
    ordered = np.sort(values)[::-1]
    hi, lo = float(ordered[0]), float(ordered[min(depth, len(ordered)) - 1])
    if hi - lo < 1e-6:
        return np.ones_like(values)
    return np.clip((values - lo) / (hi - lo), 0.0, None)
