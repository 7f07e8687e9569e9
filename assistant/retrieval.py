"""Hybrid retrieval: dense (Chroma) and French BM25, fused by normalised weighted scores.

The dense signal of a passage mixes two granularities: the cosine of the query to the whole
passage, and to its best sentence. A long passage whose one sentence answers the question is not
drowned by the rest of its text. Only the best candidates of a first fusion (passage cosine and
BM25; ``sentence_candidates`` of them, 10 by default) are looked at sentence by sentence, their
vectors read from the index or encoded at question time (:mod:`assistant.sentence_vectors`):
searching every sentence of the corpus, as before, needed them all encoded at ingestion, half of
the model's work there, and ranked worse on the CNIL set (document MRR 0.698 against 0.701).

Why not plain reciprocal-rank fusion: on the CNIL set, equal-weight RRF of BM25 and e5 is
worse than e5 alone, because RRF throws away how sure each retriever is. Here each retriever
contributes a score normalised to [0, 1] over the candidates (dense: cosine rescaled between
the weakest and the strongest candidate; BM25: divided by the best BM25 score), and the
fused score is their weighted sum. Both scores are computed for every candidate, whichever
retriever proposed it, so a passage found by one side is judged by both. The weights
(``dense_weight`` / ``lexical_weight``) were chosen by measurement (see README).

In a short query, a word that only one or two passages of the corpus use (« unimane », « fokontany ») is the
surest clue there is, but the model may not know it, and BM25 counts for 0.3 whatever its certainty: when none
of the first three passages holds such a word, the best candidate that holds it is put third (after the two best:
:data:`RARE_TERM_PASSAGES`, :data:`RARE_TERM_RANK`), whether it ranked lower or not at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np

from .lexical import LexicalIndex
from .models import Embedder
from .passages import PassageTable
from .sentence_vectors import SentenceVectors
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
        sentences: SentenceVectors | None = None,
        sentence_candidates: int = 10,
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
        # the sentence signal needs sentence vectors: read from the store, or encoded, when none are given
        if sentences is None and sentence_weight > 0:
            sentences = SentenceVectors(embedder, store, stored=True)
        self.sentences = sentences
        self.sentence_candidates = sentence_candidates

    def search(self, query: str, k: int, filters: Filters | None = None, lexical_query: str | None = None) -> Retrieval:
        """The ``k`` best passages; BM25 searches ``lexical_query`` when given (an English
        question's French words), the model always the question itself."""
        qv = self.embedder.encode_query([query])[0]
        # (the corpus's own terms: a word typed without its accents finds the accented one, see LexicalIndex.term)
        terms = tuple(dict.fromkeys(self.lexical.term(t) for t in query_terms(lexical_query or query)))
        n_cand = max(self.candidates, k)

        dense = {m.chunk_id: m.similarity for m in self.store.query(qv, n_cand, filters)}

        lex_all = self.lexical.scores(terms)
        if filters:
            mask = self.chunks.mask(filters, self.lexical.ids)
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
        lex_part = self.lexical_weight * (lex / lex.max() if lex.max() > 0 else lex)
        mixed = self._with_best_sentences(qv, ids, cos, self.dense_weight * _rescale(cos, n_cand) + lex_part)
        fused = self.dense_weight * _rescale(mixed, n_cand) + lex_part
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

    def _with_best_sentences(self, qv: np.ndarray, ids: list[str], cos: np.ndarray, first: np.ndarray) -> np.ndarray:
        """The dense signal of the candidates ``ids`` (passage cosines ``cos``): for the
        :attr:`sentence_candidates` best by the ``first`` fusion (passage cosine and BM25), the passage's cosine
        mixed with its best sentence's; the others get, instead of a best sentence, the lowest best sentence
        found (or their own cosine, when lower), so that no passage rises for want of being looked at."""
        if self.sentence_weight <= 0 or self.sentences is None or self.sentence_candidates <= 0:
            return cos
        top = [int(i) for i in np.argsort(-first, kind="stable")[: self.sentence_candidates]]
        best: dict[str, float] = {}
        for sv in self.sentences.of([self.chunks[ids[i]] for i in top]):
            sim = float(sv.vector @ qv)
            if sim > best.get(sv.chunk_id, -1.0):
                best[sv.chunk_id] = sim
        floor = min(best.values()) if best else 0.0
        sent = np.array([best.get(cid, min(floor, float(c))) for cid, c in zip(ids, cos, strict=True)], np.float32)
        return (1 - self.sentence_weight) * cos + self.sentence_weight * sent


    def _keep_rare_terms(
        self, terms: tuple[str, ...], ids: list[str], order: list[int], fused: np.ndarray, k: int
    ) -> None:
        """Put in ``order`` (the ranking, as positions in ``ids``) the best candidate holding each rare word of
        the query that no passage holds up to :data:`RARE_TERM_RANK`, at that rank (see the module docstring):
        from lower in the ranking as from beyond it."""
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
            place = min(RARE_TERM_RANK - 1 + kept, len(order))
            if not holding or any(i in order[: place + 1] for i in holding):
                continue
            best = max(holding, key=lambda i: float(fused[i]))
            if best in order:  # ranked, but lower than a passage without the word would be kept
                order.remove(best)
            order.insert(place, best)
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
    return _with_last_places(found, scoped, k, SCOPED_SLOTS, named)


def with_extra(found: Retrieval, extra: Retrieval, k: int, slots: int) -> Retrieval:
    """Like :func:`with_scoped` for another search made for the same question (``slots`` places at most), the
    documents the question names staying those of ``found``, and their passages kept (the places given up are the
    last ones of other documents)."""
    return _with_last_places(found, extra, k, slots, found.named, keep=found.named)


def _with_last_places(
    found: Retrieval, other: Retrieval, k: int, slots: int, named: frozenset[str], keep: frozenset[str] = frozenset()
) -> Retrieval:
    kept = list(found.hits[:k])
    seen = {h.chunk.id for h in kept}
    # (a passage of a document in ``keep`` is never given up: as many places as there are others at most)
    free = sum(1 for h in kept if h.chunk.doc_id not in keep)
    new = [h for h in other.hits if h.chunk.id not in seen][: min(slots, max(0, k - 1), free)]
    if not new:
        return Retrieval(tuple(kept), found.query_vector, found.terms, named)
    if keep:
        # the last passages of other documents make room, as many as needed
        others = [i for i, h in enumerate(kept) if h.chunk.doc_id not in keep]
        excess = max(0, len(kept) + len(new) - k)
        dropped = set(others[len(others) - excess :]) if excess else set()
        kept = [h for i, h in enumerate(kept) if i not in dropped]
    else:
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
