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

In a short query, a word that only one or two passages of the corpus use (« unimane », « fokontany ») is the
surest clue there is, but the model may not know it, and BM25 counts for 0.3 whatever its certainty: when no
passage of the ranking holds such a word, the best candidate that holds it is put third (after the two best:
:data:`RARE_TERM_PASSAGES`, :data:`RARE_TERM_RANK`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np

from .lexical import LexicalIndex
from .models import Embedder
from .passages import PassageTable
from .store import VectorStore
from .textnorm import query_terms
from .types import Chunk, Filters, Hit

#: A query word used by at most this many passages of the corpus is rare: one passage holding it is kept in the
#: ranking (see the module docstring).
RARE_TERM_PASSAGES = 2
#: At most this many passages are kept for rare words.
RARE_TERM_SLOTS = 2
#: Only a short query (at most this many words searched) is about its rare word (« Les unimane, c'est quoi ? »);
#: in a longer one, a word the corpus seldom uses is as often a verb (« jusqu'à quand court la convention 2024
#: entre… ») and the fusion of all its words is the better judge.
RARE_TERM_QUERY_WORDS = 3
#: The rank given to the passage kept for a rare word (the ranking's last ones move down one place).
RARE_TERM_RANK = 3


@dataclass(frozen=True)
class Retrieval:
    """The ranked passages of a query, with what the answer step needs to judge them."""

    hits: tuple[Hit, ...]
    query_vector: np.ndarray
    terms: tuple[str, ...]
    #: The documents the question names by kind and year (see :mod:`assistant.named_documents`): what they are
    #: about (title, authority, places) is said of each of their passages.
    named: frozenset[str] = frozenset()


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
        order = list(np.argsort(-fused, kind="stable")[:k])
        self._keep_rare_terms(terms, ids, order, fused, k)
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


    def _keep_rare_terms(
        self, terms: tuple[str, ...], ids: list[str], order: list[int], fused: np.ndarray, k: int
    ) -> None:
        """Put in ``order`` (the ranking, as positions in ``ids``) the best candidate holding each rare word of
        the query that no ranked passage holds, from :data:`RARE_TERM_RANK` on (see the module docstring)."""
        rare = sorted(
            {t for t in terms if 0 < self.lexical.df.get(t, 0) <= RARE_TERM_PASSAGES}, key=lambda t: self.lexical.df[t]
        )
        if not rare or len(set(terms)) > RARE_TERM_QUERY_WORDS or k < RARE_TERM_RANK + RARE_TERM_SLOTS:
            return
        position = {cid: i for i, cid in enumerate(ids)}
        kept = 0
        for term in rare[:RARE_TERM_SLOTS]:
            holds = self.lexical.scores((term,))
            holding = [
                position[self.lexical.ids[j]] for j in np.flatnonzero(holds > 0) if self.lexical.ids[j] in position
            ]
            if not holding or any(i in order for i in holding):
                continue
            best = max(holding, key=lambda i: float(fused[i]))
            order.insert(min(RARE_TERM_RANK - 1 + kept, len(order)), best)
            kept += 1
        del order[k:]


#: At most this many passages of the documents a question names (see :mod:`assistant.named_documents`) join the
#: ranking, in its last places.
SCOPED_SLOTS = 3


def with_scoped(found: Retrieval, scoped: Retrieval, k: int) -> Retrieval:
    """``found``'s ranking cut to ``k``, whose last places go to the best passages of ``scoped`` (the same query
    searched in the documents the question names) that it lacks (:data:`SCOPED_SLOTS` at most): they are looked at
    without pushing down a passage the whole corpus ranked higher. Their scores are held under the passage before
    them, so the ranking still reads in order."""
    named = frozenset(h.chunk.doc_id for h in scoped.hits)
    kept = list(found.hits[:k])
    seen = {h.chunk.id for h in kept}
    new = [h for h in scoped.hits if h.chunk.id not in seen][: min(SCOPED_SLOTS, max(0, k - 1))]
    if not new:
        return Retrieval(tuple(kept), found.query_vector, found.terms, named)
    kept = kept[: k - len(new)]
    ceiling = kept[-1].score if kept else None
    placed = [replace(h, score=min(h.score, ceiling) if ceiling is not None else h.score) for h in new]
    hits = tuple(replace(h, rank=rank) for rank, h in enumerate([*kept, *placed], start=1))
    return Retrieval(hits, found.query_vector, found.terms, named)


def _rescale(values: np.ndarray, depth: int) -> np.ndarray:
    """Map the ``depth``-th best value to 0 and the best to 1 (lower values clipped to 0)."""
    ordered = np.sort(values)[::-1]
    hi, lo = float(ordered[0]), float(ordered[min(depth, len(ordered)) - 1])
    if hi - lo < 1e-6:
        return np.ones_like(values)
    return np.clip((values - lo) / (hi - lo), 0.0, None)
