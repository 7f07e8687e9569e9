"""Sentence vectors encoded at question time (``COOP_SENTENCE_VECTORS=lazy``, the default; issue 15).

Ingestion encodes the passages only; the sentences of the passages a question looks at are encoded then, once
per process (:class:`assistant.sentence_vectors.SentenceVectors`), or read from an index that holds them.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from conftest import HASHING_ABSTAIN_THRESHOLD, copy_corpus

from assistant.ingest import ingest
from assistant.models import Embedder
from assistant.models.testing import HashingEmbedder
from assistant.pipeline import Assistant
from assistant.sentence_vectors import SentenceVectors
from assistant.settings import Settings
from assistant.types import Chunk, Sentence


class CountingEmbedder(HashingEmbedder):
    """The hashing embedder, counting the texts it encodes as documents."""

    def __init__(self) -> None:
        super().__init__(64)
        self.documents: list[str] = []
        self.question_calls: list[bool] = []

    def encode_document(self, texts: Sequence[str], *, question: bool = False) -> np.ndarray:
        self.documents.extend(texts)
        self.question_calls.append(question)
        return super().encode_document(texts)


class HalfStore:
    """A store holding the vectors of some sentences only (by passage id and sentence number)."""

    def __init__(self, held: dict[tuple[str, int], np.ndarray]) -> None:
        self.held = held
        self.asked: list[list[str]] = []

    def stored_sentence_vectors(self, chunks: Sequence[Chunk]) -> dict[tuple[str, int], np.ndarray]:
        self.asked.append([c.id for c in chunks])
        return {key: v for key, v in self.held.items() if any(c.id == key[0] for c in chunks)}


def passage(doc_id: str, start: int, *texts: str) -> Chunk:
    sentences, at = [], start
    for t in texts:
        sentences.append(Sentence(at, at + len(t), t))
        at += len(t) + 1
    text = " ".join(texts)
    return Chunk(f"{doc_id}#{start}", doc_id, start, start + len(text), text, doc_id, sentences=tuple(sentences))


A = passage("a.txt", 0, "Clamart est jumelée avec Artachat.", "La convention date de 2003.")
B = passage("b.txt", 0, "Kendari trie ses déchets.", "La convention date de 2003.")
A2 = passage("a.txt", 70, "Le budget reste modeste.")


def test_missing_sentences_are_encoded_once_by_text_and_stored_ones_read() -> None:
    embedder = CountingEmbedder()
    stored = np.ones(64, np.float32) / 8.0
    store = HalfStore({(A.id, 0): stored})
    vectors = SentenceVectors(embedder, store, stored=True)  # type: ignore[arg-type]  # the read side only
    got = vectors.of([B, A2, A, B])
    # passages in document order, each once; sentences in passage order
    assert [(v.chunk_id, v.start) for v in got] == [(A.id, 0), (A.id, 35), (A2.id, 70), (B.id, 0), (B.id, 26)]
    assert np.array_equal(got[0].vector, stored)  # read from the index, not encoded
    # the sentence two passages share is encoded once; the stored one not at all
    assert sorted(embedder.documents) == sorted(
        ["La convention date de 2003.", "Le budget reste modeste.", "Kendari trie ses déchets."]
    )
    np.testing.assert_allclose(got[1].vector, HashingEmbedder(64).encode_document(["La convention date de 2003."])[0])
    assert np.array_equal(got[1].vector, got[4].vector) and vectors.encoded == 3
    # at a question's priority, one sentence per call (its vector never depends on the others of a batch)
    assert embedder.question_calls == [True, True, True]
    # asked again: nothing encoded, the same vectors
    again = vectors.of([A, A2, B])
    assert vectors.encoded == 3 and len(embedder.documents) == 3
    assert all(np.array_equal(x.vector, y.vector) for x, y in zip(got, again, strict=True))
    assert vectors.of([]) == []


def test_an_index_without_sentence_vectors_is_not_asked_for_them_and_the_cache_is_bounded() -> None:
    embedder = CountingEmbedder()
    store = HalfStore({})
    vectors = SentenceVectors(embedder, store, stored=False, cache_size=2)  # type: ignore[arg-type]
    vectors.of([A])
    assert store.asked == [] and vectors.encoded == 2
    vectors.of([A2])  # a third sentence: the oldest of the first two leaves the cache
    assert len(vectors.cache.vectors) == 2 and "Clamart est jumelée avec Artachat." not in vectors.cache.vectors
    vectors.of([A])
    assert embedder.documents.count("Clamart est jumelée avec Artachat.") == 2
    assert embedder.documents.count("La convention date de 2003.") == 1  # still cached, moved to the end


class SlowEmbedder(CountingEmbedder):
    """Encodes slowly, so that two threads asking at the same time overlap; fails when told to."""

    def __init__(self, fail: bool = False) -> None:
        super().__init__()
        self.fail = fail
        self.lock = threading.Lock()

    def encode_document(self, texts: Sequence[str], *, question: bool = False) -> np.ndarray:
        time.sleep(0.05)
        with self.lock:
            if self.fail:
                self.fail = False  # the first call fails, as a model running out of memory would
                raise RuntimeError("encodage impossible")
            return super().encode_document(texts, question=question)


def _ask_together(vectors: SentenceVectors, *groups: list[Chunk]) -> list[object]:
    """Ask ``vectors`` for each group of passages in its own thread, at the same moment."""
    start = threading.Barrier(len(groups))
    results: list[object] = [None] * len(groups)

    def ask(i: int) -> None:
        start.wait()
        try:
            results[i] = vectors.of(groups[i])
        except RuntimeError as error:
            results[i] = error

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(groups))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


def test_two_questions_at_once_encode_each_sentence_once() -> None:
    embedder = SlowEmbedder()
    vectors = SentenceVectors(embedder, HalfStore({}), stored=False)  # type: ignore[arg-type]
    first, second = _ask_together(vectors, [A, B], [B, A2])
    # four distinct sentences among the five asked, each encoded once although both threads needed B's two
    assert sorted(embedder.documents) == sorted(set(embedder.documents)) and len(embedder.documents) == 4
    assert vectors.encoded == 4 and not vectors.cache.pending
    assert isinstance(first, list) and isinstance(second, list)
    alone = {(v.chunk_id, v.start): v.vector for c in (A, B, A2) for v in vectors.of([c])}
    for got, count in ((first, 4), (second, 3)):
        assert len(got) == count and all(np.array_equal(v.vector, alone[(v.chunk_id, v.start)]) for v in got)
    assert vectors.encoded == 4  # asked again one by one: all from the cache


def test_a_failed_encoding_does_not_leave_the_other_question_waiting() -> None:
    embedder = SlowEmbedder(fail=True)
    vectors = SentenceVectors(embedder, HalfStore({}), stored=False)  # type: ignore[arg-type]
    results = _ask_together(vectors, [B], [B])
    # one thread's encoding failed (its question gets the error); the other still gets its vectors
    assert sum(isinstance(r, RuntimeError) for r in results) <= 1
    assert any(isinstance(r, list) and len(r) == 2 for r in results)
    assert not vectors.cache.pending


def test_a_changed_sentence_is_not_answered_with_the_old_vector() -> None:
    embedder = CountingEmbedder()
    vectors = SentenceVectors(embedder, HalfStore({}), stored=False)  # type: ignore[arg-type]
    before = vectors.of([A2])[0].vector
    changed = passage("a.txt", 70, "Le budget reste très modeste.")  # same passage id, new text
    after = vectors.of([changed])[0].vector
    assert changed.id == A2.id and not np.array_equal(before, after)


def _settings(base: Path, mode: str) -> Settings:
    return Settings(
        corpus_dir=base / "corpus",
        index_dir=base / "index",
        feedback_path=base / "feedback.jsonl",
        sentence_vectors=mode,
        abstain_threshold=HASHING_ABSTAIN_THRESHOLD,
        accept_floor=0.0,
    )


QUESTIONS = (
    "Avec quelle ville arménienne Clamart est-elle jumelée ?",
    "Qu'est-ce que la coopération décentralisée ?",
    "Quels sont les axes de la coopération de La Rochelle ?",
    "Quel est le budget de la coopération avec Artachat ?",
    "Que s'est-il passé à Goris en 2025 ?",
)


def test_lazy_is_the_default_stores_no_sentence_and_answers_as_an_index_that_stores_them(tmp_path: Path) -> None:
    assert Settings().sentence_vectors == "lazy"
    answers = {}
    for mode in ("lazy", "separate"):
        base = tmp_path / mode
        copy_corpus(base / "corpus")
        settings = _settings(base, mode)
        report = ingest(settings, HashingEmbedder(), progress=False)
        embedder = CountingEmbedder()
        bot = Assistant.open(settings, embedder)
        try:
            assert (bot._store.count_sentences() == 0) == (mode == "lazy")
            assert (report.sentences_embedded == 0) == (mode == "lazy")
            answers[mode] = [bot.ask(q) for q in QUESTIONS]
            encoded = bot._sentences.encoded
            total = sum(len(bot._retriever.chunks[c].sentences) for c in bot._retriever.chunks)
        finally:
            bot.close()
        # lazy: the sentences of the passages looked at, no more; separate: nothing encoded, all read
        if mode == "lazy":
            assert 0 < encoded < total
        else:
            assert encoded == 0 and embedder.documents == []
    for lazy, separate in zip(answers["lazy"], answers["separate"], strict=True):
        assert lazy.text == separate.text and lazy.abstained == separate.abstained
        assert [(c.source, c.start, c.end) for c in lazy.citations] == [
            (c.source, c.start, c.end) for c in separate.citations
        ]
        assert [h.chunk.id for h in lazy.passages] == [h.chunk.id for h in separate.passages]
    assert any(not a.abstained for a in answers["lazy"])


def test_either_setting_reads_the_other_s_index_without_a_rebuild(tmp_path: Path) -> None:
    copy_corpus(tmp_path / "corpus")
    separate = _settings(tmp_path, "separate")
    ingest(separate, HashingEmbedder(), progress=False)
    lazy = _settings(tmp_path, "lazy")
    assert lazy.index_fingerprint("m") == separate.index_fingerprint("m")
    manifest = json.loads((tmp_path / "index" / "manifest.json").read_text())
    assert "sentence_vectors" not in manifest["fingerprint"]  # as every index before this setting
    # a lazy ingest over a separate index: the new document's sentences are not stored, the others stay
    (tmp_path / "corpus" / "nouveau.md").write_text(
        "# Nouveau\n\nLa ville de Lorient coopère avec Ouidah depuis 1998.\n", encoding="utf-8"
    )
    ingest(lazy, HashingEmbedder(), progress=False)
    embedder = CountingEmbedder()
    bot = Assistant.open(lazy, embedder)
    try:
        answer = bot.ask("Depuis quand Lorient coopère-t-elle avec Ouidah ?")
        assert not answer.abstained and "1998" in answer.text
        assert "La ville de Lorient coopère avec Ouidah depuis 1998." in embedder.documents
        new = {s.text for c in bot._retriever.chunks.of_document("nouveau.md") for s in c.sentences}
        assert set(embedder.documents) <= new  # the others were read from the index
    finally:
        bot.close()


def test_the_sentences_encoded_survive_a_new_generation_of_the_index(tmp_path: Path) -> None:
    """The server reopens the index after each change of documents (:class:`assistant.live.LiveAssistant`): the
    sentences already encoded are handed over, not encoded again for every question after an upload."""
    from assistant.live import LiveAssistant

    copy_corpus(tmp_path / "corpus")
    settings = _settings(tmp_path, "lazy")
    ingest(settings, HashingEmbedder(), progress=False)
    embedder = CountingEmbedder()
    live = LiveAssistant.open(settings, embedder, watch=False)
    try:
        first = live.ask(QUESTIONS[0])
        cache, encoded = live._current.sentence_cache, len(embedder.documents)
        assert encoded > 0
        (tmp_path / "corpus" / "nouveau.md").write_text("# Nouveau\n\nLorient coopère avec Ouidah.\n", encoding="utf-8")
        ingest(settings, HashingEmbedder(), progress=False)
        assert live.refresh(wait=True) and live._current.sentence_cache is cache
        again = live.ask(QUESTIONS[0])
        assert again.text == first.text
        # only sentences never seen before may be encoded (the new document's, if the question reaches it)
        assert all("Lorient" in t or "Nouveau" in t for t in embedder.documents[encoded:])
    finally:
        live.close()


def test_the_number_of_passages_rescored_by_sentence_is_checked() -> None:
    from assistant.errors import ConfigError

    for bad in (-1, 201):
        with pytest.raises(ConfigError, match="COOP_SENTENCE_CANDIDATES"):
            Settings(sentence_candidates=bad)


@pytest.mark.model
def test_sentences_are_encoded_in_whole_batches_at_a_question_s_priority(real_embedder: Embedder) -> None:
    """Right after a question, document encoding goes one text per batch (an indexing gives way to questions,
    :class:`~assistant.models.locking.QuestionsFirstLock`); the sentences a question waits for must not."""
    model = real_embedder.model  # type: ignore[attr-defined]  # the torch backend's SentenceTransformer
    calls: list[int] = []
    original = model.encode_document

    def counting(texts: list[str], **kw: object) -> object:
        calls.append(len(texts))
        return original(texts, **kw)

    texts = [f"La convention numéro {i} a été signée à Ouidah." for i in range(6)]
    model.encode_document = counting
    try:
        real_embedder.encode_query(["Quand la convention a-t-elle été signée ?"])
        urgent = real_embedder.encode_document(texts, question=True)
        assert calls == [6]
        calls.clear()
        real_embedder.encode_query(["Quand la convention a-t-elle été signée ?"])
        yielding = real_embedder.encode_document(texts)  # indexing work: one at a time while questions come
        assert calls == [1] * 6
    finally:
        del model.encode_document
    np.testing.assert_allclose(urgent, yielding, atol=1e-5)


@pytest.mark.model
def test_sentences_encoded_at_question_time_are_those_encoded_alone(
    seed_bot: Assistant, real_embedder: Embedder
) -> None:
    before = seed_bot._sentences.encoded
    answer = seed_bot.ask("Avec quelle ville arménienne Clamart est-elle jumelée ?")
    assert not answer.abstained and "Artachat" in answer.text
    assert seed_bot._store.count_sentences() == 0  # the default index stores none
    assert seed_bot._sentences.encoded > before or before > 0  # encoded now, or by an earlier test's question
    chunks = [h.chunk for h in answer.passages[:3]]
    got = seed_bot._sentences.of(chunks)  # read back from the cache: what the answer was composed from
    ordered = sorted(chunks, key=lambda c: (c.doc_id, c.start, c.end))
    alone = real_embedder.encode_document([s.text for c in ordered for s in c.sentences])
    assert len(got) == len(alone) > 0
    np.testing.assert_allclose(np.stack([v.vector for v in got]), alone, atol=1e-4)
