"""Sentence vectors from the passage's own forward pass (« late chunking », issue 15)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from conftest import copy_corpus

from assistant.errors import ConfigError
from assistant.ingest import Status, ingest
from assistant.ingest.storing import _sentence_spans
from assistant.models import Embedder, SpanEncoder, load_embedder
from assistant.models.late import missing_rows, span_vectors
from assistant.models.testing import HashingEmbedder
from assistant.settings import Settings
from assistant.types import Chunk, Sentence

# --- pooling (fast) -------------------------------------------------------------------------------


def test_span_vectors_pool_the_tokens_of_each_span_and_skip_special_tokens() -> None:
    # "p: " prompt (3 chars), then the text "ab cd"; tokens: <s>, "p:", "ab", "cd", </s>
    tokens = np.array([[9, 9], [7, 7], [1, 0], [0, 1], [9, -9]], dtype=np.float32)
    offsets = [(0, 0), (0, 2), (3, 5), (6, 8), (0, 0)]
    got = span_vectors(tokens, offsets, [(0, 2), (3, 5), (0, 5)], shift=3)
    np.testing.assert_allclose(got[0], [1, 0])
    np.testing.assert_allclose(got[1], [0, 1])
    np.testing.assert_allclose(got[2], [2**-0.5, 2**-0.5], rtol=1e-6)  # mean of both, normalised
    assert missing_rows(got) == []


def test_a_span_the_model_did_not_see_is_left_for_a_separate_pass() -> None:
    tokens = np.array([[1, 0], [0, 1]], dtype=np.float32)
    offsets = [(0, 4), (5, 9)]  # the model stopped after "...9": the text went on (truncation)
    got = span_vectors(tokens, offsets, [(0, 4), (5, 12), (20, 30), (3, 3)])
    np.testing.assert_allclose(got[0], [1, 0])
    assert missing_rows(got) == [1, 2, 3]  # cut off, beyond, empty


def test_sentence_spans_point_into_the_embedded_text() -> None:
    text = "Premier point. Second point ici."
    doc_text = "xx\n" + text
    chunk = Chunk(
        id="c",
        doc_id="d",
        start=3,
        end=3 + len(text),
        text=text,
        title="Titre",
        section="Section",
        sentences=(Sentence(3, 17, doc_text[3:17]), Sentence(18, 3 + len(text), doc_text[18 : 3 + len(text)])),
    )
    for (start, end), sentence in zip(_sentence_spans(chunk), chunk.sentences, strict=True):
        assert chunk.embed_text[start:end] == sentence.text


class _CutEncoder(HashingEmbedder):
    """A span encoder that, like the model past its token limit, did not see the last span of each text."""

    def encode_document_spans(
        self, texts: list[str], spans: list[list[tuple[int, int]]]
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        rows = []
        for text, text_spans in zip(texts, spans, strict=True):
            m = self.encode_document([text[a:b] for a, b in text_spans]) * 0.5 + self.encode_document([text]) * 0.5
            m /= np.linalg.norm(m, axis=1, keepdims=True)
            m[-1] = 0
            rows.append(m)
        return self.encode_document(texts), rows


def test_a_sentence_cut_from_its_passage_pass_is_encoded_alone() -> None:
    from assistant.ingest.storing import _embed_late

    text = "Premier point. Second point. Troisième point."
    sentences = (Sentence(0, 14, text[0:14]), Sentence(15, 28, text[15:28]), Sentence(29, len(text), text[29:]))
    chunk = Chunk(id="c", doc_id="d", start=0, end=len(text), text=text, title="", sentences=sentences)
    encoder = _CutEncoder()
    assert isinstance(encoder, SpanEncoder)
    _, per_chunk = _embed_late(encoder, [chunk])
    alone = encoder.encode_document([s.text for s in sentences])
    assert missing_rows(per_chunk[0]) == []
    np.testing.assert_allclose(per_chunk[0][2], alone[2], atol=1e-6)  # the cut one: its own vector
    assert float(per_chunk[0][0] @ alone[0]) < 0.999  # the others: from the passage's pass


def test_the_setting_is_checked_and_shapes_the_index() -> None:
    with pytest.raises(ConfigError, match="COOP_SENTENCE_VECTORS"):
        Settings(sentence_vectors="paresseux")
    assert Settings().index_fingerprint("m") != Settings(sentence_vectors="passage").index_fingerprint("m")


def test_switching_the_setting_asks_for_a_rebuild_and_the_rebuild_takes_it(tmp_path: Path) -> None:
    from assistant.errors import IndexMismatchError

    copy_corpus(tmp_path / "corpus")
    settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")
    emb = _CutEncoder()
    first = ingest(settings, emb, progress=False)  # "lazy", the default: the fingerprint of earlier versions
    assert "sentence_vectors" not in json.loads((settings.index_dir / "manifest.json").read_text())["fingerprint"]
    late = Settings(corpus_dir=settings.corpus_dir, index_dir=settings.index_dir, sentence_vectors="passage")
    with pytest.raises(IndexMismatchError, match="sentence_vectors"):
        ingest(late, emb, progress=False)
    again = ingest(late, emb, rebuild=True, progress=False)
    assert {f.status for f in again.files} == {Status.INDEXED}
    assert again.chunks_embedded == first.chunks_embedded


# --- the real model -------------------------------------------------------------------------------


@pytest.mark.model
@pytest.mark.parametrize("backend", ["torch", "onnx"])
def test_both_backends_give_the_passage_vector_unchanged_and_sentence_vectors_in_context(
    real_embedder: Embedder, backend: str
) -> None:
    embedder = real_embedder if backend == "torch" else load_embedder(Settings(backend="onnx"))
    assert isinstance(embedder, SpanEncoder)
    text = (
        "Jumelage Clamart – Artachat\nLa ville de Clamart est jumelée avec Artachat depuis 2003. "
        "Cette convention a été signée le 31 mai 2003. Elle porte sur l'eau potable et la culture."
    )
    sentences = ["La ville de Clamart", "Cette convention", "Elle porte"]
    starts = [text.index(s) for s in sentences]
    spans = [(a, b) for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    spans = [(a, b - 1 if text[b - 1] == " " else b) for a, b in spans]
    passages, per_text = embedder.encode_document_spans([text, "Un autre passage, plus court."], [spans, []])
    np.testing.assert_allclose(passages, embedder.encode_document([text, "Un autre passage, plus court."]), atol=1e-5)
    assert per_text[1].shape == (0, embedder.dimension)
    late = per_text[0]
    alone = embedder.encode_document([text[a:b] for a, b in spans])
    np.testing.assert_allclose(np.linalg.norm(late, axis=1), 1.0, rtol=1e-5)
    cosines = (late * alone).sum(axis=1)
    assert (cosines > 0.8).all(), cosines  # the same sentence, read in its passage
    # the sentence that names neither city is, in context, closer to a question about the twinning
    q = embedder.encode_query(["Quand Clamart et Artachat ont-elles signé leur convention ?"])[0]
    assert float(late[1] @ q) > float(alone[1] @ q)


@pytest.mark.model
def test_ingest_stores_one_sentence_vector_per_sentence_from_the_passage_pass(
    tmp_path: Path, real_embedder: Embedder
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    long_sentence = " ".join(f"élément{i}" for i in range(700))  # split over several passages
    (corpus / "note.md").write_text(
        "# Note\n\nLa ville de Lorient coopère avec Ouidah depuis 1998. " + long_sentence + ".\n", encoding="utf-8"
    )
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index", sentence_vectors="passage")
    report = ingest(settings, real_embedder, progress=False)
    assert report.sentences_embedded > 0
    from assistant.pipeline import Assistant

    bot = Assistant.open(settings, real_embedder)
    store = bot._store
    chunks = store.all_chunks()
    vectors = store.sentence_vectors([c.id for c in chunks])
    assert len(vectors) == sum(len(c.sentences) for c in chunks)
    assert all(abs(float(np.linalg.norm(v.vector)) - 1.0) < 1e-4 for v in vectors)
    # every sentence vector is close to its own sentence encoded alone
    by_span = {(v.start, v.end): v.vector for v in vectors}
    texts = {(s.start, s.end): s.text for c in chunks for s in c.sentences}
    alone = real_embedder.encode_document(list(texts.values()))
    cosines = [float(by_span[k] @ alone[i]) for i, k in enumerate(texts)]
    assert min(cosines) > 0.8, cosines
    bot.close()


def test_a_model_without_passage_pass_vectors_is_said_and_encodes_sentences_alone(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    copy_corpus(tmp_path / "corpus")
    settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index", sentence_vectors="passage")
    with caplog.at_level("WARNING"):
        report = ingest(settings, HashingEmbedder(), progress=False)
    assert report.sentences_embedded > 0
    assert "chaque phrase est encodée seule" in caplog.text


def test_a_batch_size_below_one_is_refused_rather_than_looping() -> None:
    from assistant.models.locking import QuestionsFirstLock

    for bad in (0, -1, 5000):
        with pytest.raises(ConfigError, match="COOP_EMBED_BATCH_SIZE"):
            Settings(embed_batch_size=bad)
    assert QuestionsFirstLock().batch_size(0, question=True) == 1
