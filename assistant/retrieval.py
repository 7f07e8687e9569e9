"""Hybrid retrieval: dense (Chroma) and French BM25, fused by normalised weighted scores.

Why not plain reciprocal-rank fusion: on the CNIL set, equal-weight RRF of BM25 and e5 is
worse than e5 alone, because RRF throws away how sure each retriever is. Here each retriever
contributes a score normalised to [0, 1] over the candidates (dense: cosine rescaled between
the weakest and the strongest candidate; BM25: divided by the best BM25 score), and the
fused score is their weighted sum. Both scores are computed for every candidate, whichever
retriever proposed it, so a passage found by one side is judged by both. The weights
(``dense_weight`` / ``lexical_weight``) were chosen by measurement (see README).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .embeddings import Embedder
from .lexical import LexicalIndex
from .store import ChromaStore
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
        store: ChromaStore,
        lexical: LexicalIndex,
        chunks: dict[str, Chunk],
        *,
        dense_weight: float,
        lexical_weight: float,
        candidates: int,
    ) -> None:
        self.embedder = embedder
        self.store = store
        self.lexical = lexical
        self.chunks = chunks
        total = dense_weight + lexical_weight
        self.dense_weight = dense_weight / total
        self.lexical_weight = lexical_weight / total
        self.candidates = candidates
        self._chunk_order = [chunks[cid] for cid in lexical.ids if cid in chunks]

    def search(self, query: str, k: int, filters: Filters | None = None) -> Retrieval:
        qv = self.embedder.encode_query([query])[0]
        terms = tuple(query_terms(query))
        n_cand = max(self.candidates, k)

        dense = dict(self.store.query(qv, n_cand, filters))

        lex_all = self.lexical.scores(terms)
        if filters:
            mask = np.array([filters.matches(c) for c in self._chunk_order], dtype=bool)
            lex_all = np.where(mask, lex_all, 0.0)
        lex_top = np.argsort(-lex_all)[:n_cand]
        lexical = {self.lexical.ids[i]: float(lex_all[i]) for i in lex_top if lex_all[i] > 0}

        missing = [cid for cid in lexical if cid not in dense]
        if missing:
            for cid, vec in self.store.chunk_vectors(missing).items():
                dense[cid] = float(vec @ qv)
        ids = [cid for cid in dense if cid in self.chunks]
        if not ids:
            return Retrieval((), qv, terms)

        cos = np.array([dense[cid] for cid in ids], dtype=np.float32)
        lex = np.array(
            [float(lex_all[self.lexical.position[cid]]) if cid in self.lexical.position else 0.0 for cid in ids]
        )
        fused = self.dense_weight * _rescale(cos) + self.lexical_weight * (lex / lex.max() if lex.max() > 0 else lex)
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


def _rescale(values: np.ndarray) -> np.ndarray:
    lo, hi = float(values.min()), float(values.max())
    if hi - lo < 1e-6:
        return np.ones_like(values)
    return (values - lo) / (hi - lo)
