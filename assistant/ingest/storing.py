"""Phase 4, embedding and storing: chunks and their sentences encoded, a batch of documents at a time.

Each batch is written to the store, then the documents' stored text and the manifest that vouches
for them: a run killed between batches loses at most the batch in progress.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..chunking import Chunker
from ..models import Embedder, SpanEncoder
from ..models.late import missing_rows
from ..store import VectorStore
from ..types import Chunk, Document
from .generation import NextGeneration
from .report import FileReport, Status

logger = logging.getLogger(__name__)

#: A batch is stored once it holds this many chunks. Its chunks are encoded longest first, in the model's
#: batches of ``embed_batch_size``: the more chunks a batch holds, the closer in length those are and the less
#: padding the model runs through (CNIL corpus, 514 passages of 18 to 400 tokens, PyTorch, 2 threads: 37 s at
#: 64, 28 s at 512, 27 s at 4,096; the bare encoding of its tokens, bench_floor.py: 24 s). A batch is also
#: what an interrupted indexing keeps (the documents recorded): 512 passages are a few minutes of work at most.
BATCH_CHUNKS = 512

EMPTY = "aucun texte indexable (document vide ou entièrement répété)"


@dataclass(frozen=True)
class Embedded:
    chunks: int
    sentences: int


def embed_and_store(
    documents: Mapping[str, Document],
    skips: Mapping[str, list[tuple[int, int]]],
    skip_digests: dict[str, str],
    *,
    chunker: Chunker,
    embedder: Embedder,
    generation: NextGeneration,
    report: Callable[[FileReport], None],
    advance: Callable[[int], None],
    sentence_vectors: str,
) -> Embedded:
    """Chunk ``documents`` (in id order, their ``skips`` left out), embed and store them.

    A document without any chunk is reported skipped, and its earlier version removed. ``sentence_vectors``: how
    the sentences are encoded, if they are (``Settings.sentence_vectors``, see :func:`_embed`).
    """
    if sentence_vectors == "passage" and not isinstance(embedder, SpanEncoder):
        logger.warning(
            "COOP_SENTENCE_VECTORS=passage : ce modèle ne sait pas donner les vecteurs des phrases depuis la passe "
            "de leur passage ; chaque phrase est encodée seule."
        )
    n_chunks = n_sentences = 0
    batch: list[tuple[Document, list[Chunk]]] = []
    for doc_id in sorted(documents):
        doc = documents[doc_id]
        chunks = chunker.split(doc, skips.get(doc_id, []))
        if not chunks:
            report(FileReport(doc_id, Status.SKIPPED, EMPTY))
            if doc_id in generation.manifest.documents:
                generation.remove([doc_id])
            advance(1)
            continue
        batch.append((doc, chunks))
        if sum(len(cs) for _, cs in batch) >= BATCH_CHUNKS:
            n_c, n_s = _store_batch(batch, skip_digests, embedder, generation, report, advance, sentence_vectors)
            n_chunks, n_sentences, batch = n_chunks + n_c, n_sentences + n_s, []
    if batch:
        n_c, n_s = _store_batch(batch, skip_digests, embedder, generation, report, advance, sentence_vectors)
        n_chunks, n_sentences = n_chunks + n_c, n_sentences + n_s
    return Embedded(n_chunks, n_sentences)


def _store_batch(
    batch: Sequence[tuple[Document, list[Chunk]]],
    skip_digests: dict[str, str],
    embedder: Embedder,
    generation: NextGeneration,
    report: Callable[[FileReport], None],
    advance: Callable[[int], None],
    sentence_vectors: str,
) -> tuple[int, int]:
    counts = _embed(embedder, generation.store(), batch, sentence_vectors)
    generation.record(batch, skip_digests)
    for doc, chunks in batch:
        report(FileReport(doc.id, Status.INDEXED, chunks=len(chunks), notes=doc.notes))
    advance(len(batch))
    return counts


def _embed(
    embedder: Embedder, store: VectorStore, batch: Sequence[tuple[Document, list[Chunk]]], sentence_vectors: str
) -> tuple[int, int]:
    """Encode and store the chunks of ``batch`` and their sentences; (chunks, sentence vectors) made.

    With ``lazy``, only the chunks: their sentences are encoded at question time, for the few passages a
    question looks at (:mod:`assistant.sentence_vectors`). With ``passage`` and an embedder that can
    (:class:`~assistant.models.SpanEncoder`), a sentence's vector comes from its passage's own forward pass
    (:mod:`assistant.models.late`); only the sentences the model did not see whole there (cut at its token
    limit) are encoded on their own. Otherwise every sentence is encoded on its own, once even when
    overlapping chunks share it.
    """
    chunks = [c for _, cs in batch for c in cs]
    per_chunk: list[np.ndarray] | None
    if sentence_vectors == "lazy":
        chunk_vectors, per_chunk = embedder.encode_document([c.embed_text for c in chunks]), None
    elif sentence_vectors == "passage" and isinstance(embedder, SpanEncoder):
        chunk_vectors, per_chunk = _embed_late(embedder, chunks)
    else:
        chunk_vectors, per_chunk = _embed_separately(embedder, chunks)
    store.delete_documents([doc.id for doc, _ in batch])  # the previous version, if any
    store.add_chunks(chunks, chunk_vectors, per_chunk)
    return len(chunks), sum(len(m) for m in per_chunk or ())


def _sentence_spans(chunk: Chunk) -> list[tuple[int, int]]:
    """The chunk's sentences as character spans of its ``embed_text`` (context line first)."""
    shift = len(chunk.embed_text) - len(chunk.text) - chunk.start
    return [(s.start + shift, s.end + shift) for s in chunk.sentences]


def _embed_late(embedder: SpanEncoder, chunks: Sequence[Chunk]) -> tuple[np.ndarray, list[np.ndarray]]:
    chunk_vectors, per_chunk = embedder.encode_document_spans(
        [c.embed_text for c in chunks], [_sentence_spans(c) for c in chunks]
    )
    missing = [(i, j) for i, m in enumerate(per_chunk) for j in missing_rows(m)]
    if missing:
        again = embedder.encode_document([chunks[i].sentences[j].text for i, j in missing])
        per_chunk = [m.copy() for m in per_chunk]
        for (i, j), vector in zip(missing, again, strict=True):
            per_chunk[i][j] = vector
        logger.debug("%d phrases encodées à part (au-delà de la limite du modèle dans leur passage)", len(missing))
    return chunk_vectors, per_chunk


def _embed_separately(embedder: Embedder, chunks: Sequence[Chunk]) -> tuple[np.ndarray, list[np.ndarray]]:
    chunk_vectors = embedder.encode_document([c.embed_text for c in chunks])
    # Sentences shared by overlapping chunks are embedded once.
    unique: dict[tuple[str, int, int], int] = {}
    texts: list[str] = []
    for c in chunks:
        for s in c.sentences:
            key = (c.doc_id, s.start, s.end)
            if key not in unique:
                unique[key] = len(texts)
                texts.append(s.text)
    sent_matrix = embedder.encode_document(texts) if texts else np.zeros((0, chunk_vectors.shape[1]), np.float32)
    per_chunk = [
        sent_matrix[[unique[(c.doc_id, s.start, s.end)] for s in c.sentences]]
        if c.sentences
        else np.zeros((0, chunk_vectors.shape[1]), np.float32)
        for c in chunks
    ]
    return chunk_vectors, per_chunk
