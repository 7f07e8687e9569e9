"""Sentence vectors kept on disk beside the index and prepared after an ingestion (issue 15).

With ``lazy`` sentence vectors, a question encodes the sentences of the passages it looks at; the file
``phrases.sqlite`` keeps them across processes, and ``coop ingest`` fills it for every passage after publishing
the index, so that first questions wait for no sentence.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from conftest import HASHING_ABSTAIN_THRESHOLD, copy_corpus
from test_sentence_vectors import A2, A, B, CountingEmbedder, HalfStore

from assistant.ingest import ingest
from assistant.models import Embedder
from assistant.models.testing import HashingEmbedder
from assistant.pipeline import Assistant
from assistant.sentence_vectors import SentenceVectors, fill_sentence_file
from assistant.settings import Settings
from assistant.store.sentence_file import SENTENCE_FILE, SentenceFile, sentence_key


def _vector(seed: int, dim: int = 8) -> np.ndarray:
    v = np.random.default_rng(seed).standard_normal(dim).astype(np.float32)
    return v / np.linalg.norm(v)


def test_vectors_are_kept_by_text_and_read_back_by_another_connection(tmp_path: Path) -> None:
    path = tmp_path / "phrases.sqlite"
    file = SentenceFile(path, "modele", 8)
    file.put({"Une phrase.": _vector(1), "Une autre phrase.": _vector(2)})
    assert len(file) == 2
    file.close()
    again = SentenceFile(path, "modele", 8, writable=False)
    got = again.get(["Une phrase.", "Absente.", "Une autre phrase."])
    assert set(got) == {"Une phrase.", "Une autre phrase."}
    assert np.array_equal(got["Une phrase."], _vector(1))
    assert again.missing(["Absente.", "Une phrase.", "Absente."]) == ["Absente."]
    again.put({"Absente.": _vector(3)})  # read-only: nothing written, no error
    assert len(again) == 2
    again.close()


def test_a_vector_of_the_real_size_stays_in_its_page(tmp_path: Path) -> None:
    """A 384-dimension vector (1,536 bytes) spilt into an overflow page of its own in the 4 KB pages of a WITHOUT
    ROWID table: 4.7 KB a sentence on disk (165 MB for the 35,264 sentences of 20,000 generated deliberations). A new
    file has 16 KB pages; an old file keeps its pages and still works."""
    rng = np.random.default_rng(0)
    vectors = {f"Phrase {i}.": rng.standard_normal(384).astype(np.float32) for i in range(1000)}
    path = tmp_path / "neuf" / SENTENCE_FILE
    file = SentenceFile(path, "modele", 384)
    file.put(vectors)
    file.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA page_size").fetchone()[0] == 16384
    db.close()
    assert path.stat().st_size < 2.5 * 1000 * 1024  # ≈ 1.7 KB a sentence (4.7 KB with 4 KB pages)
    old = tmp_path / "ancien" / SENTENCE_FILE
    old.parent.mkdir()
    with sqlite3.connect(old) as db:
        db.execute("PRAGMA page_size=4096")
        db.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.close()
    file = SentenceFile(old, "modele", 384)
    file.put(vectors)
    file.close()
    again = SentenceFile(old, "modele", 384, writable=False)
    assert np.array_equal(again.get(["Phrase 7."])["Phrase 7."], vectors["Phrase 7."])
    again.close()
    assert old.stat().st_size > 4 * 1000 * 1024


def test_a_file_of_another_model_is_emptied_or_ignored(tmp_path: Path) -> None:
    path = tmp_path / "phrases.sqlite"
    old = SentenceFile(path, "ancien", 8)
    old.put({"Une phrase.": _vector(1)})
    old.close()
    # read-only, another model: ignored, never mixed
    assert SentenceFile(path, "nouveau", 8, writable=False).get(["Une phrase."]) == {}
    # same model, another dimension: emptied when writable
    new = SentenceFile(path, "ancien", 16)
    assert new.usable and len(new) == 0 and new.get(["Une phrase."]) == {}
    with pytest.raises(ValueError):
        new.put({"Une phrase.": _vector(1)})  # an 8-float vector for a 16-float model
    new.close()


def test_a_damaged_file_is_left_aside_and_a_damaged_row_encoded_again(tmp_path: Path) -> None:
    path = tmp_path / "phrases.sqlite"
    file = SentenceFile(path, "modele", 8)
    file.put({"Une phrase.": _vector(1), "Une autre.": _vector(2)})
    file.close()
    with sqlite3.connect(path) as db:  # a row cut short (disk trouble, a hand edit)
        db.execute("UPDATE vectors SET vector = ? WHERE key = ?", (b"\x00" * 5, sentence_key("Une autre.", "modele/8")))
    db.close()
    assert set(SentenceFile(path, "modele", 8).get(["Une phrase.", "Une autre."])) == {"Une phrase."}
    # not a database at all: unusable, no exception; the questions encode what they need
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"ceci n'est pas une base SQLite" * 100)
    bad = SentenceFile(junk, "modele", 8)
    assert not bad.usable and bad.get(["Une phrase."]) == {} and len(bad) == 0
    bad.put({"Une phrase.": _vector(1)})
    # a folder where the file should be
    (tmp_path / "dossier.sqlite").mkdir()
    assert not SentenceFile(tmp_path / "dossier.sqlite", "modele", 8).usable


def test_a_new_process_reads_the_vectors_a_question_encoded(tmp_path: Path) -> None:
    path = tmp_path / "phrases.sqlite"
    first = CountingEmbedder()
    vectors = SentenceVectors(first, HalfStore({}), stored=False, file=SentenceFile(path, first.model_id, 64))  # type: ignore[arg-type]
    got = vectors.of([A, B])
    assert vectors.encoded == 3  # « La convention date de 2003. » is in both
    # another process (a new cache): everything read from the file, nothing encoded
    second = CountingEmbedder()
    later = SentenceVectors(second, HalfStore({}), stored=False, file=SentenceFile(path, second.model_id, 64))  # type: ignore[arg-type]
    again = later.of([A, B, A2])
    assert second.documents == ["Le budget reste modeste."] and later.encoded == 1
    read = {(v.chunk_id, v.start): v.vector for v in again}
    assert all(np.array_equal(v.vector, read[(v.chunk_id, v.start)]) for v in got)


def test_the_fill_encodes_what_the_file_lacks_in_batches_and_resumes_after_a_stop(tmp_path: Path) -> None:
    from assistant import sentence_vectors

    embedder = CountingEmbedder()
    file = SentenceFile(tmp_path / "phrases.sqlite", embedder.model_id, 64)
    file.put({"Kendari trie ses déchets.": np.asarray(embedder.encode_document(["Kendari trie ses déchets."])[0])})
    embedder.documents.clear()
    sentence_vectors.FILL_BATCH, batch = 1, sentence_vectors.FILL_BATCH
    try:
        calls = iter([False, True])  # stopped before the second batch
        stopped = fill_sentence_file([A, B, A2], 3, embedder, file, stop=lambda: next(calls, True))
        assert not stopped.complete and stopped.encoded == 1 and len(file) == 2
        report = fill_sentence_file([A, B, A2], 3, embedder, file)
    finally:
        sentence_vectors.FILL_BATCH = batch
    # four distinct sentences; one was there, one kept from the stopped fill: two encoded now
    assert report.complete and report.sentences == 4 and report.encoded == 2 and len(file) == 4
    assert sorted(set(embedder.documents)) == sorted(embedder.documents)  # none encoded twice
    assert fill_sentence_file([A, B, A2], 3, embedder, file).encoded == 0


def _settings(base: Path) -> Settings:
    return Settings(
        corpus_dir=base / "corpus",
        index_dir=base / "index",
        feedback_path=base / "feedback.jsonl",
        abstain_threshold=HASHING_ABSTAIN_THRESHOLD,
        accept_floor=0.0,
    )


def test_after_the_fill_a_first_question_encodes_no_sentence(tmp_path: Path) -> None:
    copy_corpus(tmp_path / "corpus")
    settings = _settings(tmp_path)
    ingest(settings, HashingEmbedder(), progress=False)
    question = "Avec quelle ville arménienne Clamart est-elle jumelée ?"
    bot = Assistant.open(settings, HashingEmbedder())
    try:
        before = bot.ask(question)  # encodes the sentences it looks at, kept in the file
        report = bot.fill_sentences()
        total = {s.text for c in bot._retriever.chunks for s in bot._retriever.chunks[c].sentences}
    finally:
        bot.close()
    assert report is not None and report.complete and report.sentences == len(total) > report.encoded > 0
    embedder = CountingEmbedder()
    fresh = Assistant.open(settings, embedder)  # a new process, say a server started the next morning
    try:
        answer = fresh.ask(question)
        assert answer.text == before.text and not answer.abstained
        assert fresh._sentences.encoded == 0 and embedder.documents == []
    finally:
        fresh.close()


def test_an_index_that_stores_its_sentences_or_a_read_only_folder_makes_no_file(tmp_path: Path) -> None:
    copy_corpus(tmp_path / "corpus")
    separate = _settings(tmp_path).replace(sentence_vectors="separate")
    ingest(separate, HashingEmbedder(), progress=False)
    bot = Assistant.open(separate, HashingEmbedder())
    try:
        assert bot.fill_sentences() is None and bot._sentences.file is None
        bot.ask("Avec quelle ville arménienne Clamart est-elle jumelée ?")
    finally:
        bot.close()
    assert not (tmp_path / "index" / SENTENCE_FILE).exists()


@pytest.mark.model
def test_coop_ingest_prepares_the_sentences_with_the_real_model(
    tmp_path: Path, real_embedder: Embedder, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from assistant import cli

    copy_corpus(tmp_path / "corpus")
    monkeypatch.setattr("assistant.models.load_embedder", lambda settings: real_embedder)
    code = cli.main(["ingest", "--corpus", str(tmp_path / "corpus"), "--index", str(tmp_path / "index"), "--quiet"])
    out = capsys.readouterr().out
    assert code == 0 and "phrases prêtes" in out
    settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")
    bot = Assistant.open(settings, real_embedder)
    try:
        held = len(bot._sentences.file or [])
        total = {s.text for c in bot._retriever.chunks for s in bot._retriever.chunks[c].sentences}
        answer = bot.ask("Avec quelle ville arménienne Clamart est-elle jumelée ?")
        assert held == len(total) and bot._sentences.encoded == 0
        assert not answer.abstained and "Artachat" in answer.text
    finally:
        bot.close()
    # again: nothing to encode, and « --sans-phrases » skips the step
    assert cli.main(["ingest", "--corpus", str(tmp_path / "corpus"), "--index", str(tmp_path / "index"), "--quiet"]) == 0
    assert "(0 encodées" in capsys.readouterr().out
    cli.main(["ingest", "--corpus", str(tmp_path / "corpus"), "--index", str(tmp_path / "index"), "--quiet", "--sans-phrases"])
    assert "phrases" not in capsys.readouterr().out.split("Résumé")[1]


def test_a_read_only_folder_reads_the_file_and_another_model_never_shares_a_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "phrases.sqlite"
    file = SentenceFile(path, "modele", 8)
    file.put({"Une phrase.": _vector(1)})
    file.close()  # the last writer gone, SQLite removes its -wal and -shm files
    # a folder this process cannot write (tests run as root, so os.access is what says so)
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == tmp_path and mode == os.W_OK else real_access(p, mode))
    reader = SentenceFile(path, "modele", 8, writable=False)
    assert reader.usable and np.array_equal(reader.get(["Une phrase."])["Une phrase."], _vector(1))
    reader.close()
    assert reader.get(["Une phrase."]) == {} and len(reader) == 0  # closed: nothing, no error
    # the same text under another model (same dimension) has another key
    assert sentence_key("Une phrase.", "modele/8") != sentence_key("Une phrase.", "autre/8")


def test_a_failed_preparation_leaves_coop_ingest_successful(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    from assistant import cli

    copy_corpus(tmp_path / "corpus")
    monkeypatch.setattr("assistant.models.load_embedder", lambda settings: HashingEmbedder())

    def broken(self: Assistant, **kw: object) -> None:
        raise RuntimeError("mémoire insuffisante")

    monkeypatch.setattr(Assistant, "fill_sentences", broken)
    args = ["ingest", "--corpus", str(tmp_path / "corpus"), "--index", str(tmp_path / "index"), "--quiet"]
    assert cli.main(args) == 0
    capsys.readouterr()
    assert "Préparation des phrases impossible (mémoire insuffisante) : l'index est prêt" in caplog.text
    monkeypatch.undo()
    monkeypatch.setattr("assistant.models.load_embedder", lambda settings: HashingEmbedder())
    assert cli.main(args) == 0  # the next ingestion prepares them
    assert "phrases prêtes" in capsys.readouterr().out
    assert cli.main([*args, "--sans-phrases"]) == 0
    assert "phrases" not in capsys.readouterr().out.split("Résumé")[1]
