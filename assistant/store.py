"""The vector store: its protocol, the records it returns, and the Chroma adapter (the only
module that imports chromadb).

Callers see :class:`VectorStore` and frozen records (:class:`ChunkMatch`, :class:`SentenceMatch`,
:class:`SentenceVector`), never chromadb's result dictionaries. Two collections in one
``PersistentClient`` (cosine space, our own vectors, no embedding function, telemetry off):
``chunks`` (one record per passage, its metadata enough to rebuild the
:class:`~assistant.types.Chunk`) and ``sentences`` (one vector per sentence of each chunk,
computed at ingestion and used to pick the answer's sentences). Writes are batched within
``get_max_batch_size()``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from .errors import IndexStoreError
from .types import Chunk, DocumentMetadata, Filters, Sentence

log = logging.getLogger(__name__)

CHUNKS = "chunks"
SENTENCES = "sentences"


@dataclass(frozen=True, slots=True)
class ChunkMatch:
    """A stored passage near a query vector."""

    chunk_id: str
    similarity: float  # cosine similarity to the query


@dataclass(frozen=True, slots=True)
class SentenceMatch:
    """A stored sentence near a query vector, and the passage it belongs to."""

    chunk_id: str
    start: int  # offsets of the sentence in its document
    end: int
    similarity: float  # cosine similarity to the query


@dataclass(frozen=True, slots=True, eq=False)
class SentenceVector:
    """The stored vector of one sentence of a passage (offsets in its document)."""

    chunk_id: str
    doc_id: str
    start: int
    end: int
    vector: np.ndarray


class VectorStore(Protocol):
    """What ingestion and retrieval need from the store of passages and sentence vectors."""

    def close(self) -> None: ...

    def add_chunks(
        self, chunks: Sequence[Chunk], chunk_vectors: np.ndarray, sentence_vectors: Sequence[np.ndarray]
    ) -> None: ...

    def delete_documents(self, doc_ids: Sequence[str]) -> None: ...

    def count(self) -> int: ...

    def chunk_counts(self) -> dict[str, int]: ...

    def all_chunks(self) -> list[Chunk]: ...

    def query(self, vector: np.ndarray, n: int, filters: Filters | None = None) -> list[ChunkMatch]: ...

    def query_sentences(
        self, vector: np.ndarray, n: int, doc_ids: Sequence[str] | None = None
    ) -> list[SentenceMatch]: ...

    def chunk_vectors(self, chunk_ids: Sequence[str]) -> dict[str, np.ndarray]: ...

    def sentence_vectors(self, chunk_ids: Sequence[str]) -> list[SentenceVector]: ...


class ChromaStore:
    """A :class:`VectorStore` on disk under ``path`` (a directory), in Chroma."""

    def __init__(self, path: Path) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        path.mkdir(parents=True, exist_ok=True)
        try:
            self._client = chromadb.PersistentClient(
                path=str(path), settings=ChromaSettings(anonymized_telemetry=False)
            )
            self._chunks = self._collection(CHUNKS)
            self._sentences = self._collection(SENTENCES)
        except Exception as exc:  # chromadb raises many types; all mean the same to the user
            raise IndexStoreError(
                f"Impossible d'ouvrir l'index Chroma dans {path} ({exc}). "
                "Reconstruisez-le avec « coop ingest --rebuild »."
            ) from exc
        self.batch_size = max(1, min(self._client.get_max_batch_size(), 1000))

    def close(self) -> None:
        """Release the database (writes are on disk once this returns); the store is unusable after."""
        close = getattr(self._client, "close", None)  # chromadb >= 1.1 (ClientAPI does not declare it)
        if close is not None:
            close()

    def _collection(self, name: str) -> Any:
        return self._client.get_or_create_collection(
            name, configuration={"hnsw": {"space": "cosine"}}, embedding_function=None
        )

    # --- writing ---------------------------------------------------------------------------

    def add_chunks(
        self, chunks: Sequence[Chunk], chunk_vectors: np.ndarray, sentence_vectors: Sequence[np.ndarray]
    ) -> None:
        """Upsert chunks and their sentences (``sentence_vectors[i]`` rows = ``chunks[i].sentences``)."""
        for i in range(0, len(chunks), self.batch_size):
            part = chunks[i : i + self.batch_size]
            self._chunks.upsert(
                ids=[c.id for c in part],
                embeddings=chunk_vectors[i : i + len(part)],
                documents=[c.text for c in part],
                metadatas=[_chunk_meta(c) for c in part],
            )
        ids: list[str] = []
        vecs: list[np.ndarray] = []
        metas: list[dict[str, Any]] = []
        for chunk, matrix in zip(chunks, sentence_vectors, strict=True):
            for j, (sentence, vec) in enumerate(zip(chunk.sentences, matrix, strict=True)):
                ids.append(f"{chunk.id}/{j}")
                vecs.append(vec)
                metas.append(
                    {"chunk_id": chunk.id, "doc_id": chunk.doc_id, "start": sentence.start, "end": sentence.end}
                )
        for i in range(0, len(ids), self.batch_size):
            self._sentences.upsert(
                ids=ids[i : i + self.batch_size],
                embeddings=np.asarray(vecs[i : i + self.batch_size], dtype=np.float32),
                metadatas=metas[i : i + self.batch_size],
            )

    def delete_documents(self, doc_ids: Sequence[str]) -> None:
        for i in range(0, len(doc_ids), 100):
            where = {"doc_id": {"$in": list(doc_ids[i : i + 100])}}
            self._chunks.delete(where=where)
            self._sentences.delete(where=where)

    # --- reading ---------------------------------------------------------------------------

    def count(self) -> int:
        return int(self._chunks.count())

    def chunk_counts(self) -> dict[str, int]:
        """Number of stored chunks per document id."""
        counts: dict[str, int] = {}
        for _, meta in self._iter_metadatas(self._chunks):
            counts[meta["doc_id"]] = counts.get(meta["doc_id"], 0) + 1
        return counts

    def _iter_metadatas(self, collection: Any) -> Iterator[tuple[str, dict[str, Any]]]:
        total = collection.count()
        for offset in range(0, total, self.batch_size):
            got = collection.get(limit=self.batch_size, offset=offset, include=["metadatas"])
            yield from zip(got["ids"], got["metadatas"], strict=True)

    def all_chunks(self) -> list[Chunk]:
        """Every stored chunk, rebuilt from its record, in a stable order (document, offset)."""
        out: list[Chunk] = []
        total = self._chunks.count()
        for offset in range(0, total, self.batch_size):
            got = self._chunks.get(limit=self.batch_size, offset=offset, include=["metadatas", "documents"])
            for cid, meta, text in zip(got["ids"], got["metadatas"], got["documents"], strict=True):
                out.append(_chunk_from_record(cid, meta, text))
        out.sort(key=lambda c: (c.doc_id, c.start, c.end))
        return out

    def query(self, vector: np.ndarray, n: int, filters: Filters | None = None) -> list[ChunkMatch]:
        """The ``n`` chunks nearest to ``vector`` among those ``filters`` lets through, best first."""
        total = self.count()
        if total == 0:
            return []
        got = self._chunks.query(
            query_embeddings=np.asarray(vector, dtype=np.float32).reshape(1, -1),
            n_results=min(n, total),
            where=_where(filters) if filters else None,
            include=["distances"],
        )
        return [ChunkMatch(cid, 1.0 - float(d)) for cid, d in zip(got["ids"][0], got["distances"][0], strict=True)]

    def query_sentences(self, vector: np.ndarray, n: int, doc_ids: Sequence[str] | None = None) -> list[SentenceMatch]:
        """The ``n`` sentences nearest to ``vector`` (of ``doc_ids`` only, when given), best first."""
        total = int(self._sentences.count())
        if total == 0:
            return []
        got = self._sentences.query(
            query_embeddings=np.asarray(vector, dtype=np.float32).reshape(1, -1),
            n_results=min(n, total),
            where={"doc_id": {"$in": list(doc_ids)}} if doc_ids else None,
            include=["distances", "metadatas"],
        )
        return [
            SentenceMatch(str(meta["chunk_id"]), int(meta["start"]), int(meta["end"]), 1.0 - float(d))
            for meta, d in zip(got["metadatas"][0], got["distances"][0], strict=True)
        ]

    def chunk_vectors(self, chunk_ids: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored vectors of the given chunks, by chunk id."""
        if not chunk_ids:
            return {}
        got = self._chunks.get(ids=list(chunk_ids), include=["embeddings"])
        return {cid: np.asarray(v, dtype=np.float32) for cid, v in zip(got["ids"], got["embeddings"], strict=True)}

    def sentence_vectors(self, chunk_ids: Sequence[str]) -> list[SentenceVector]:
        """The stored vectors of every sentence of the given chunks."""
        if not chunk_ids:
            return []
        got = self._sentences.get(where={"chunk_id": {"$in": list(chunk_ids)}}, include=["embeddings", "metadatas"])
        return [
            SentenceVector(
                str(meta["chunk_id"]),
                str(meta["doc_id"]),
                int(meta["start"]),
                int(meta["end"]),
                np.asarray(vec, dtype=np.float32),
            )
            for meta, vec in zip(got["metadatas"], got["embeddings"], strict=True)
        ]


def _chunk_meta(c: Chunk) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "doc_id": c.doc_id,
        "start": c.start,
        "end": c.end,
        "title": c.title,
        "section": c.section,
        "sentences": json.dumps([[s.start, s.end] for s in c.sentences]),
    }
    if c.page is not None:
        meta["page"] = c.page
    m = c.metadata
    if m.date:
        meta["date"] = m.date
    if m.authority:
        meta["authority"] = m.authority
    for key in ("places", "countries", "themes"):
        values = list(getattr(m, key))
        if values:
            meta[key] = values
    return meta


def _chunk_from_record(cid: str, meta: dict[str, Any], text: str) -> Chunk:
    start = int(meta["start"])
    sentences = tuple(
        Sentence(int(s), int(e), text[int(s) - start : int(e) - start]) for s, e in json.loads(meta["sentences"])
    )
    return Chunk(
        id=cid,
        doc_id=str(meta["doc_id"]),
        start=start,
        end=int(meta["end"]),
        text=text,
        title=str(meta.get("title", "")),
        section=str(meta.get("section", "")),
        page=int(meta["page"]) if "page" in meta else None,
        sentences=sentences,
        metadata=DocumentMetadata(
            date=meta.get("date"),
            authority=meta.get("authority"),
            places=tuple(meta.get("places") or ()),
            countries=tuple(meta.get("countries") or ()),
            themes=tuple(meta.get("themes") or ()),
        ),
    )


def _where(filters: Filters) -> dict[str, Any]:
    clauses: list[dict[str, Any]] = []
    if filters.sources:
        clauses.append({"doc_id": {"$in": sorted(filters.sources)}})
    if filters.authorities:
        clauses.append({"authority": {"$in": sorted(filters.authorities)}})
    for key, values in (("countries", filters.countries), ("themes", filters.themes), ("places", filters.places)):
        if values:
            alts = [{key: {"$contains": v}} for v in sorted(values)]
            clauses.append(alts[0] if len(alts) == 1 else {"$or": alts})
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}
