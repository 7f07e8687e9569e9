"""Fast tier: the passages of an open index, texts kept on disk (:mod:`assistant.passages`, issue 15).

Over the hashing index of the seed corpus (real Chroma, real ingestion): the table built from the
files of the generation gives exactly the chunks Chroma gives, answers filters without reading a
text, and an index whose files are missing, stale or damaged is read from Chroma with the same answers.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import copy_corpus

from assistant import passages as passages_module
from assistant.catalog import Catalog
from assistant.chunking import chunk_id
from assistant.errors import IndexStoreError
from assistant.ingest import ingest
from assistant.models.testing import HashingEmbedder
from assistant.passages import PassageTable
from assistant.pipeline import Assistant
from assistant.settings import Settings
from assistant.store import ChromaStore
from assistant.types import Chunk, DocumentMetadata, Filters, Sentence

QUESTIONS = (
    "Quand le serment de jumelage entre Clamart et Artachat a-t-il été signé ?",
    "Quels projets La Rochelle mène-t-elle au Mexique ?",
    "Qu'est-ce que la coopération décentralisée ?",
)


def _chroma_chunks(settings: Settings) -> list[Chunk]:
    catalog = Catalog(settings.index_dir)
    manifest = catalog.load()
    store = ChromaStore.for_generation(catalog.chroma_dir, manifest.server_namespace, None, create=False)
    try:
        return store.all_chunks()
    finally:
        store.close()


def _answers(settings: Settings) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    bot = Assistant.open(settings, HashingEmbedder())
    try:
        out = []
        for q in QUESTIONS:
            a = bot.ask(q)
            out.append((a.text, tuple(h.chunk.id for h in a.passages), tuple(c.text for c in a.citations)))
        a = bot.ask("coopération", filters={"country": "AM"})
        out.append((a.text, tuple(h.chunk.id for h in a.passages), ()))
        return out
    finally:
        bot.close()


@pytest.fixture
def own_index(tmp_path: Path) -> Settings:
    settings = Settings(
        corpus_dir=copy_corpus(tmp_path / "corpus"),
        index_dir=tmp_path / "index",
        feedback_path=tmp_path / "feedback.jsonl",
        abstain_threshold=0.2,
        accept_floor=0.0,
    )
    ingest(settings, HashingEmbedder(), progress=False)
    return settings


def test_the_files_of_an_ingestion_give_exactly_the_chunks_chroma_gives(hashing_settings: Settings) -> None:
    catalog = Catalog(hashing_settings.index_dir)
    manifest = catalog.load()
    loaded = PassageTable.load(catalog.passages_dir)
    assert loaded is not None, "ingest must write the passage files"
    table, generation = loaded
    try:
        assert generation == manifest.generation
        chunks = _chroma_chunks(hashing_settings)
        assert len(table) == len(chunks) == sum(d.chunks for d in manifest.documents.values())
        assert list(table) == [c.id for c in chunks]  # same order as the BM25 index: document, offsets
        for c in chunks:
            assert table[c.id] == c
        for doc_id in manifest.documents:
            assert table.of_document(doc_id) == tuple(c for c in chunks if c.doc_id == doc_id)
        assert table.of_document("absent.txt") == ()
        assert "absent" not in table
        with pytest.raises(KeyError):
            table["absent"]
    finally:
        table.close()


def test_filters_are_answered_per_document_without_reading_texts(hashing_settings: Settings) -> None:
    chunks = _chroma_chunks(hashing_settings)
    table = PassageTable.from_chunks(chunks)
    cases = [
        Filters(countries=frozenset({"AM"})),
        Filters(sources=frozenset({"clamart-artachat-cooperation.txt"})),
        Filters(dates=frozenset({"2025"})),
        Filters(themes=frozenset({"santé", "eau"}), countries=frozenset({"AM"})),
        Filters(sources=frozenset({"absent.txt"})),
    ]
    ids = [*table.ids, "not-a-passage"]
    for flt in cases:
        expected = [flt.matches(c) for c in chunks]
        assert [table.accepts(c.id, flt) for c in chunks] == expected
        assert table.mask(flt, ids).tolist() == [*expected, False]  # an unknown id never passes
        assert any(expected) or flt.sources == frozenset({"absent.txt"})
    assert all(table.accepts(c.id, None) for c in chunks)


def test_the_open_assistant_reads_texts_from_the_file_and_keeps_few_in_memory(
    own_index: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(passages_module, "CACHE_PASSAGES", 5)
    bot = Assistant.open(own_index, HashingEmbedder())
    try:
        table = bot._retriever.chunks
        assert isinstance(table, PassageTable) and table._texts._list is None  # texts on disk, not in a list
        for cid in table.ids:
            assert table[cid].text  # every passage can be read
        assert len(table._cache) == 5  # the cache stays bounded
        assert not bot.ask(QUESTIONS[0]).abstained
    finally:
        bot.close()
    table._cache.clear()
    with pytest.raises(ValueError, match="fermés"):
        table.at(0)  # not an empty text: a closed table says so


def test_missing_stale_or_damaged_files_fall_back_to_chroma_with_the_same_answers(own_index: Settings) -> None:
    reference = _answers(own_index)
    directory = Catalog(own_index.index_dir).passages_dir
    saved = directory.with_name("passages.saved")
    shutil.copytree(directory, saved)

    def damage(how: str) -> None:
        shutil.rmtree(directory, ignore_errors=True)
        shutil.copytree(saved, directory)
        if how == "missing":
            shutil.rmtree(directory)
        elif how == "truncated":
            data = (directory / "texts.bin").read_bytes()
            (directory / "texts.bin").write_bytes(data[: len(data) // 2])
        elif how == "garbage":
            (directory / "arrays.npz").write_bytes(b"\x00not numpy" * 50)
        elif how == "stale":
            text = (directory / "passages.json").read_text(encoding="utf-8")
            (directory / "passages.json").write_text(text.replace('"generation": ', '"generation": 9', 1), "utf-8")
        elif how == "format":
            text = (directory / "passages.json").read_text(encoding="utf-8")
            (directory / "passages.json").write_text(text.replace('"format": 1', '"format": 99', 1), "utf-8")
        elif how == "json":
            (directory / "passages.json").write_text("{", encoding="utf-8")
        elif how == "bytes":  # same size, not UTF-8 any more
            data = bytearray((directory / "texts.bin").read_bytes())
            data[:4] = b"\xff\xfe\xfd\xfc"
            (directory / "texts.bin").write_bytes(bytes(data))
        elif how == "letters":  # same size, valid UTF-8, other words
            data = (directory / "texts.bin").read_bytes()
            (directory / "texts.bin").write_bytes(data.replace(b"e", b"a"))

    generation = Catalog(own_index.index_dir).load().generation
    for how in ("missing", "truncated", "garbage", "stale", "format", "json", "bytes", "letters"):
        damage(how)
        loaded = PassageTable.load(directory)
        if how == "stale":
            assert loaded is not None and loaded[1] != generation  # readable, but not this generation's
            loaded[0].close()
        elif how in ("bytes", "letters"):
            # the files hold together: each passage is checked against its id when built, and read from
            # Chroma where it does not match; without Chroma to fall back on, a clear error
            assert loaded is not None
            with pytest.raises(IndexStoreError, match="abîmé"):
                for cid in loaded[0]:
                    loaded[0][cid]
            loaded[0].close()
        else:
            assert loaded is None, how
        assert _answers(own_index) == reference, how
    damage("none")
    assert _answers(own_index) == reference


def test_texts_round_trip_whatever_their_characters(tmp_path: Path) -> None:
    texts = ["Évaluation à Gyumri — « œuvre »", "", "emoji 🌍 et 中文 puis fin.", "x" * 5000]
    chunks = []
    for k, text in enumerate(texts):
        start = 100 * k
        sentences = (Sentence(start, start + min(len(text), 9), text[:9]),) if text else ()
        chunks.append(
            Chunk(
                id=chunk_id(f"doc-{k % 2}.txt", start, start + len(text), text),
                doc_id=f"doc-{k % 2}.txt",
                start=start,
                end=start + len(text),
                text=text,
                title=f"Titre {k % 2}",
                section="" if k % 2 else "Article 1",
                page=k if k == 2 else None,
                ocr=91.37 if k == 3 else None,  # not a float32 number: kept exactly
                sentences=sentences,
                metadata=DocumentMetadata(date="2025-06-16", places=("Gyumri",)) if k % 2 == 0 else DocumentMetadata(),
            )
        )
    PassageTable.save(chunks, tmp_path / "passages", 3)
    loaded = PassageTable.load(tmp_path / "passages")
    assert loaded is not None
    table, generation = loaded
    try:
        assert generation == 3
        for c in chunks:
            assert table[c.id] == c
        ids = [c.id for c in chunks]
        assert np.array_equal(table.mask(Filters(places=frozenset({"Gyumri"})), ids), [1, 0, 1, 0])
    finally:
        table.close()
    PassageTable.save([], tmp_path / "empty", 1)  # an empty index is a valid one
    empty = PassageTable.load(tmp_path / "empty")
    assert empty is not None and len(empty[0]) == 0 and empty[0].of_document("x") == ()
    empty[0].close()


def test_passages_of_one_document_keep_their_own_title_and_metadata() -> None:
    """Today every passage of a document has the document's title and metadata; were it ever otherwise,
    the table keeps each passage's own rather than the first one's."""
    base = dict(doc_id="a.txt", section="", sentences=())
    one = Chunk(id="1", start=0, end=3, text="abc", title="T1", metadata=DocumentMetadata(date="2024"), **base)
    two = Chunk(id="2", start=3, end=6, text="def", title="T2", metadata=DocumentMetadata(date="2025"), **base)
    three = Chunk(id="3", start=6, end=9, text="ghi", title="T1", metadata=DocumentMetadata(date="2024"), **base)
    table = PassageTable.from_chunks([three, one, two])
    assert [table[c].title for c in ("1", "2", "3")] == ["T1", "T2", "T1"]
    assert table.of_document("a.txt") == (one, two, three)
    assert table.mask(Filters(dates=frozenset({"2025"})), ["1", "2", "3"]).tolist() == [False, True, False]


def test_a_table_and_the_answers_survive_concurrent_questions(own_index: Settings) -> None:
    from concurrent.futures import ThreadPoolExecutor

    bot = Assistant.open(own_index, HashingEmbedder())
    try:
        reference = [bot.ask(q).text for q in QUESTIONS]
        with ThreadPoolExecutor(4) as pool:
            got: list[Any] = list(pool.map(lambda q: bot.ask(q).text, QUESTIONS * 4))
        assert got == reference * 4
    finally:
        bot.close()
