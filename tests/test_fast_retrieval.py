"""Fast tier: the fusion of dense and BM25 scores (:class:`assistant.retrieval.HybridRetriever`).

The vector store is an in-memory :class:`~assistant.store.VectorStore` whose vectors are chosen by
hand (so every cosine is known), the query encoder a stub returning a fixed vector, BM25 the real
:class:`~assistant.lexical.LexicalIndex` over three short passages.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from assistant.lexical import LexicalIndex
from assistant.retrieval import HybridRetriever, Retrieval, _rescale
from assistant.sentence_vectors import SentenceVectors
from assistant.store import ChunkMatch
from assistant.textnorm import query_terms
from assistant.types import Chunk, DocumentMetadata, Filters, Sentence


def unit(*xs: float) -> np.ndarray:
    v = np.array(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


def chunk(doc_id: str, text: str, country: str) -> Chunk:
    return Chunk(
        id=f"{doc_id}#0",
        doc_id=doc_id,
        start=0,
        end=len(text),
        text=text,
        title=doc_id,
        sentences=(Sentence(0, len(text), text),),
        metadata=DocumentMetadata(countries=(country,)),
    )


A = chunk("a.txt", "Le jumelage de Clamart avec Artachat est ancien.", "AM")
B = chunk("b.txt", "La Rochelle coopère avec Kendari sur les déchets.", "ID")
C = chunk("c.txt", "Le budget de l'eau potable à Goris reste modeste.", "AM")
CHUNKS = {c.id: c for c in (A, B, C)}
QUERY = unit(1, 0, 0)
#: cosine to QUERY: A 0.8, B 0.6, C 0.5
PASSAGE_VECTORS = {A.id: unit(0.8, 0.6, 0), B.id: unit(0.6, 0, 0.8), C.id: unit(0.5, 0.5, 0.5**0.5)}
#: the best (only) sentence of each passage: C's is the closest of all (0.95), A's far (0.3)
SENTENCE_VECTORS = {A.id: unit(0.3, 0.95, 0), B.id: unit(0.5, 0, 0.85), C.id: unit(0.95, 0.3, 0)}


class MemoryStore:
    """The read side of a VectorStore, over fixed vectors (cosine = dot product of unit vectors)."""

    def __init__(self, chunks: dict[str, Chunk], vectors: dict[str, np.ndarray], sentences: dict[str, np.ndarray]):
        self.chunks, self.vectors, self.sentences = chunks, vectors, sentences
        self.vector_requests: list[list[str]] = []
        self.sentence_requests: list[list[str]] = []

    def query(self, vector: np.ndarray, n: int, filters: Filters | None = None) -> list[ChunkMatch]:
        ids = [cid for cid in self.vectors if not filters or filters.matches(self.chunks[cid])]
        ids.sort(key=lambda cid: -float(self.vectors[cid] @ vector))
        return [ChunkMatch(cid, float(self.vectors[cid] @ vector)) for cid in ids[:n]]

    def stored_sentence_vectors(self, chunks: Sequence[Chunk]) -> dict[tuple[str, int], np.ndarray]:
        self.sentence_requests.append([c.id for c in chunks])
        return {(c.id, 0): self.sentences[c.id] for c in chunks if c.sentences}

    def chunk_vectors(self, chunk_ids: Sequence[str]) -> dict[str, np.ndarray]:
        self.vector_requests.append(list(chunk_ids))
        return {cid: self.vectors[cid] for cid in chunk_ids}


class FixedQuery:
    """Encodes every question as :data:`QUERY`."""

    model_id = "test:fixed"
    dimension = 3

    def encode_query(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([QUERY for _ in texts])


def retriever(
    dense: float = 0.7,
    lexical: float = 0.3,
    *,
    sentence: float = 0.0,
    candidates: int = 50,
    rescored: int = 10,
    chunks: dict[str, Chunk] = CHUNKS,
    sentence_vectors: dict[str, np.ndarray] = SENTENCE_VECTORS,
) -> tuple[HybridRetriever, MemoryStore]:
    store = MemoryStore(chunks, PASSAGE_VECTORS, sentence_vectors)
    lex = LexicalIndex.build(list(chunks.values()))
    r = HybridRetriever(
        FixedQuery(),  # type: ignore[arg-type]  # only encode_query is used
        store,  # type: ignore[arg-type]  # the read side of the protocol
        lex,
        chunks,
        dense_weight=dense,
        lexical_weight=lexical,
        candidates=candidates,
        sentence_weight=sentence,
        # every sentence vector is stored: nothing is encoded (the stub has no encode_document)
        sentences=SentenceVectors(FixedQuery(), store, stored=True),  # type: ignore[arg-type]
        sentence_candidates=rescored,
    )
    return r, store


def ranking(found: Retrieval) -> list[str]:
    return [h.chunk.doc_id for h in found.hits]


def test_dense_only_ranks_by_cosine_and_rescales_between_the_extremes() -> None:
    r, _ = retriever(1.0, 0.0)
    found = r.search("question sans mot commun", k=3)
    assert ranking(found) == ["a.txt", "b.txt", "c.txt"]
    assert [h.score for h in found.hits] == pytest.approx([1.0, (0.6 - 0.5) / (0.8 - 0.5), 0.0], abs=1e-5)
    assert [h.dense for h in found.hits] == pytest.approx([0.8, 0.6, 0.5], abs=1e-5)
    assert [h.rank for h in found.hits] == [1, 2, 3]
    assert np.array_equal(found.query_vector, QUERY)


def test_lexical_only_ranks_by_bm25() -> None:
    r, _ = retriever(0.0, 1.0)
    found = r.search("Kendari et les déchets", k=3)
    assert ranking(found)[0] == "b.txt"
    assert found.hits[0].score == pytest.approx(1.0)  # divided by the best BM25 score
    assert found.hits[0].lexical and found.hits[0].lexical > 0
    assert all(h.score == 0.0 for h in found.hits[1:])  # no query word: nothing from BM25
    assert found.terms == tuple(query_terms("Kendari et les déchets"))


def test_a_word_typed_without_its_accents_finds_the_accented_term() -> None:
    # Snowball reads accents: « rizières » stems to « rizi », « rizieres » to « rizier »; « sécurité » / « securite »
    rice = chunk("d.txt", "Le réservoir irrigue les rizières et la sécurité alimentaire progresse.", "LK")
    lex = LexicalIndex.build([A, rice])
    assert lex.term("rizier") == "rizi" and lex.term("securit") == "secur"
    assert lex.term("rizi") == "rizi"  # the corpus's own term stays
    assert lex.term("passeport") == "passeport"  # nothing close: left as it is (never shortened to a stray term)
    assert lex.scores(query_terms("les rizieres"))[1] > 0 and lex.scores(query_terms("securite"))[1] > 0
    assert lex.scores(query_terms("les rizieres"))[0] == 0


def test_fusion_is_the_weighted_sum_of_both_normalised_scores() -> None:
    found = retriever(0.5, 0.5)[0].search("Kendari", k=3)
    scores = {h.chunk.doc_id: h.score for h in found.hits}
    assert scores["a.txt"] == pytest.approx(0.5 * 1.0)  # best cosine, no BM25
    assert scores["b.txt"] == pytest.approx(0.5 * (0.6 - 0.5) / (0.8 - 0.5) + 0.5 * 1.0, abs=1e-5)  # BM25's only
    assert scores["c.txt"] == pytest.approx(0.0, abs=1e-6)
    assert ranking(found) == ["b.txt", "a.txt", "c.txt"]
    assert [h.score for h in found.hits] == sorted(scores.values(), reverse=True)
    assert ranking(retriever(0.9, 0.1)[0].search("Kendari", k=3)) == ["a.txt", "b.txt", "c.txt"]


def test_weights_are_normalised() -> None:
    a = retriever(7, 3)[0].search("Kendari", k=3)
    b = retriever(0.7, 0.3)[0].search("Kendari", k=3)
    assert ranking(a) == ranking(b)
    assert [h.score for h in a.hits] == pytest.approx([h.score for h in b.hits])


def test_a_passage_only_bm25_found_is_judged_by_its_stored_vector() -> None:
    r, store = retriever(0.7, 0.3, candidates=1)  # the dense side brings A alone, BM25 brings B
    (b,) = r.search("Kendari", k=1).hits
    assert store.vector_requests == [["b.txt#0"]]
    assert b.chunk.doc_id == "b.txt" and b.dense == pytest.approx(0.6, abs=1e-5)


def test_k_cuts_the_ranking() -> None:
    r, _ = retriever()
    assert ranking(r.search("Kendari", k=3)) == ["a.txt", "b.txt", "c.txt"]
    assert ranking(r.search("Kendari", k=1)) == ["a.txt"]
    assert len(r.search("Kendari", k=10).hits) == 3  # no more than the index holds


def test_filters_keep_only_matching_passages_on_both_sides() -> None:
    r, _ = retriever(0.7, 0.3)
    found = r.search("Kendari déchets", k=3, filters=Filters(countries=frozenset({"AM"})))
    assert set(ranking(found)) == {"a.txt", "c.txt"}  # B, the only BM25 match, is in Indonesia
    assert all(h.lexical == 0.0 for h in found.hits)
    only = r.search("Kendari", k=3, filters=Filters(sources=frozenset({"c.txt"})))
    assert ranking(only) == ["c.txt"]
    assert r.search("Kendari", k=3, filters=Filters(countries=frozenset({"JP"}))).hits == ()


def test_the_best_sentence_lifts_its_passage() -> None:
    # C's passage is the farthest from the question (0.5) but its sentence is the closest of all (0.95)
    without = retriever(1.0, 0.0, sentence=0.0)[0].search("question", k=3)
    with_sentences = retriever(1.0, 0.0, sentence=0.5)[0].search("question", k=3)
    assert ranking(without)[-1] == "c.txt"
    assert ranking(with_sentences)[0] == "c.txt"
    c = with_sentences.hits[0]
    assert c.dense == pytest.approx(float(PASSAGE_VECTORS[C.id] @ QUERY), abs=1e-5)  # dense stays the passage's


def test_only_the_best_candidates_of_the_first_fusion_are_looked_at_sentence_by_sentence() -> None:
    # C is third by its passage: with two passages rescored, its close sentence is never looked at and it
    # stays last (it does not rise for want of being looked at); A and B are mixed with their best sentence:
    # A (0.8 + 0.30) / 2 = 0.55 falls just under B (0.6 + 0.51) / 2
    r, store = retriever(1.0, 0.0, sentence=0.5, rescored=2)
    found = r.search("question", k=3)
    assert ranking(found) == ["b.txt", "a.txt", "c.txt"]
    assert store.sentence_requests == [[A.id, B.id]]
    # none rescored: the passages' cosines alone
    r0, store0 = retriever(1.0, 0.0, sentence=0.5, rescored=0)
    assert ranking(r0.search("question", k=3)) == ["a.txt", "b.txt", "c.txt"] and store0.sentence_requests == []
    # three: C rises first, as when every sentence was searched
    assert ranking(retriever(1.0, 0.0, sentence=0.5, rescored=3)[0].search("question", k=3))[0] == "c.txt"
    # more to rescore than there are candidates: all three, once each
    r50, store50 = retriever(1.0, 0.0, sentence=0.5, rescored=50)
    assert ranking(r50.search("question", k=3))[0] == "c.txt" and sorted(store50.sentence_requests[0]) == sorted(CHUNKS)


def test_a_rescored_passage_without_sentences_keeps_no_better_than_its_own_cosine() -> None:
    from dataclasses import replace

    bare = replace(A, sentences=())  # a passage the chunker found no sentence in (a table line, a heading)
    chunks = {**CHUNKS, A.id: bare}
    no_a = {B.id: SENTENCE_VECTORS[B.id], C.id: SENTENCE_VECTORS[C.id]}
    r, _ = retriever(1.0, 0.0, sentence=0.5, chunks=chunks, sentence_vectors=no_a)
    found = r.search("question", k=3)
    # A has no sentence: its signal is min(lowest best sentence found (B, 0.51), its cosine 0.8) = 0.51, mixed
    # (0.8 + 0.51) / 2; C's sentence (0.95) lifts it first
    assert ranking(found) == ["c.txt", "a.txt", "b.txt"]


def test_lexical_query_feeds_bm25_only() -> None:
    r, _ = retriever(0.0, 1.0)
    found = r.search("When was the twinning signed?", k=3, lexical_query="jumelage Clamart")
    assert ranking(found)[0] == "a.txt" and found.hits[0].score == pytest.approx(1.0)
    assert set(found.terms) <= {"jumel", "clamart", "jumelag"} and found.terms


def test_rescale_maps_the_depth_th_best_to_zero_and_the_best_to_one() -> None:
    values = np.array([0.2, 0.9, 0.5, 0.1], dtype=np.float32)
    assert _rescale(values, 3).tolist() == pytest.approx([0.0, 1.0, (0.5 - 0.2) / 0.7, 0.0])
    assert _rescale(values, 10).tolist() == pytest.approx([0.125, 1.0, 0.5, 0.0])  # depth beyond: the weakest
    assert _rescale(np.array([0.4, 0.4], dtype=np.float32), 5).tolist() == [1.0, 1.0]


def test_a_question_about_an_end_makes_bm25_look_for_the_words_that_state_one() -> None:
    """« Jusqu'à quand court la convention ? »: the article that says « Elle s'achève le… » shares no word with the
    question but « convention »; BM25 also looks for the words that state an end (``time_relations``), so the
    article outranks a passage that only names the convention (a review found the end never retrieved)."""
    from assistant.pipeline import _lexical_query

    question = "jusqu'a quand court la convention avec Puntarenas"
    lexical = _lexical_query(question) or ""
    assert "s'achève" in lexical and "prend fin" in lexical and lexical.startswith(question)
    assert "débuté" in (_lexical_query("Depuis quand la Manche coopère-t-elle avec Cobán ?") or "")
    assert _lexical_query("Quand la convention a-t-elle été signée ?") is None  # a date, no relation: as asked
    signed = chunk("a.txt", "La convention entre le Morbihan et Puntarenas a été signée à Vannes en 2023.", "CR")
    ends = chunk("b.txt", "Convention avec Puntarenas, article 6 – Durée. Elle prend effet le 1er novembre 2023 et "
                 "s'achève le 31 octobre 2027.", "CR")  # fmt: skip
    others = [chunk(f"o{i}.txt", f"Le jumelage numéro {i} réunit des écoles de la région.", "FR") for i in range(4)]
    index = LexicalIndex.build([signed, ends, *others])
    as_asked = index.scores(query_terms(question))
    with_relation = index.scores(query_terms(lexical))
    assert as_asked[0] > as_asked[1]  # the question's own words prefer the shorter passage that names the same
    assert with_relation[1] > with_relation[0]


def _rare_word_retriever() -> tuple[HybridRetriever, dict[str, Chunk]]:
    """Seven passages: six close to the question for the model, and the one that explains « unimane » (a word
    the model does not know) the farthest of all, in another country."""
    near = [
        chunk(f"n{i}.txt", f"Les choix des écoles numéro {i} seront discutés avec les parents et le conseil.", "FR")
        for i in range(6)
    ]
    rare = chunk("r.txt", "Les choix seront discutés avec les unimane, c'est-à-dire les anciens des familles.", "KI")
    chunks = {c.id: c for c in (*near, rare)}
    vectors = {c.id: unit(1.0, 0.1 * i, 0) for i, c in enumerate(near)}
    vectors[rare.id] = unit(0.1, 0, 1.0)
    r = HybridRetriever(
        FixedQuery(),  # type: ignore[arg-type]  # only encode_query is used
        MemoryStore(chunks, vectors, vectors),  # type: ignore[arg-type]  # the read side of the protocol
        LexicalIndex.build(list(chunks.values())),
        chunks,
        dense_weight=0.7,
        lexical_weight=0.3,
        candidates=50,
        sentence_weight=0.0,
    )
    return r, chunks


def test_a_passage_holding_a_word_only_it_uses_is_kept_third() -> None:
    """« Les unimane, c'est quoi ? »: BM25 finds the only passage that writes « unimane », but counts for 0.3
    whatever its certainty, and the model, which does not know the word, puts the passage last; it is kept in
    the ranking, third, the others moving down (a definitions-set question the ranking lost)."""
    r, _ = _rare_word_retriever()
    found = r.search("Les unimane, c'est quoi ?", k=5)
    assert ranking(found)[2] == "r.txt" and len(found.hits) == 5
    assert [h.rank for h in found.hits] == [1, 2, 3, 4, 5]
    plain = r.search("Les choix, c'est quoi ?", k=5)  # no rare word: the fused order, where the passage is not
    assert "r.txt" not in ranking(plain)
    # a word several passages use (« discutés », in all seven) keeps nobody; nor does a filter that leaves it out
    assert "r.txt" not in ranking(r.search("discutés, c'est quoi ?", k=5))
    assert "r.txt" not in ranking(r.search("Les unimane, c'est quoi ?", k=5, filters=Filters(countries=frozenset({"FR"}))))
    # a ranking too short to spare the places is cut as it is
    assert "r.txt" not in ranking(r.search("Les unimane, c'est quoi ?", k=4))
    # ranked, but low (k = 7: every passage is ranked, the rare-word one by its fused score, below third): it is
    # moved up to third as well, each passage once (a definitions-set question lost when the ranking changed)
    fused_order = [h.chunk.doc_id for h in sorted(r.search("Les unimane, c'est quoi ?", k=7).hits, key=lambda h: -h.score)]
    assert fused_order.index("r.txt") > 2
    whole = ranking(r.search("Les unimane, c'est quoi ?", k=7))
    assert whole[2] == "r.txt" and sorted(whole) == sorted(c.doc_id for c in _rare_word_retriever()[1].values())
