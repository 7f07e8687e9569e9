"""The Chroma adapter: a :class:`~assistant.store.base.VectorStore` in an embedded Chroma (a
folder) or in two collections of a shared Chroma server (see server.py).

Two collections (cosine space, our own vectors, no embedding function, telemetry off):
``chunks`` (one record per passage, its metadata enough to rebuild the
:class:`~assistant.types.Chunk`) and ``sentences`` (one vector per sentence of each chunk, computed
at ingestion with ``COOP_SENTENCE_VECTORS=separate`` or ``passage`` and read back by id for the passages a
question looks at; empty with ``lazy``, the default, which encodes them at question time). Writes are batched within
``get_max_batch_size()``. On a server, every call is bounded in time and its failures become a
French :class:`~assistant.errors.ChromaServerError`.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

import numpy as np

from ..errors import IndexMissingError, IndexStoreError
from ..types import Chunk, DocumentMetadata, Filters, Sentence
from . import server as remote
from .address import ChromaServer
from .base import ChunkMatch, SentenceMatch, SentenceVector

if TYPE_CHECKING:
    from chromadb.api.collection_configuration import CreateHNSWConfiguration

log = logging.getLogger(__name__)

CHUNKS = "chunks"
SENTENCES = "sentences"

#: The HNSW settings of both collections, fixed when a collection is created. Chroma keeps the last
#: ``sync_threshold`` records added only in its log and replays them into the graph each time the
#: index is opened, and that replay does not build the same graph twice: with its default (1,000),
#: an index of a few hundred sentences was rebuilt at every start and the same question could
#: get other passages from one process to the next. At 100 (its in-memory batch, searched
#: exactly), the graph is written after each write batch and read back as it was. ``ef_search``
#: 400 (default 100), chosen when retrieval searched the 200 nearest sentences: on real sentence
#: vectors, ~1 % of the true 200 nearest were missed at 100, ~0.1 % at 400 (a few ms per question).
HNSW: CreateHNSWConfiguration = {"space": "cosine", "batch_size": 100, "sync_threshold": 100, "ef_search": 400}

_P = ParamSpec("_P")
_R = TypeVar("_R")


def _guarded(method: Callable[Concatenate[ChromaStore, _P], _R]) -> Callable[Concatenate[ChromaStore, _P], _R]:
    """Run ``method`` with the store's failures translated (a server's into ChromaServerError)."""

    @functools.wraps(method)
    def wrapper(self: ChromaStore, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        with self._errors():
            return method(self, *args, **kwargs)

    return wrapper


class ChromaStore:
    """A :class:`VectorStore` on disk under ``path`` (a directory), in Chroma; see
    :meth:`for_generation` for the store of one generation, on disk or on a server."""

    server: ChromaServer | None = None
    #: a reader's counts of records (a published generation never changes), None when writing
    _totals: dict[str, int] | None = None

    def __init__(self, path: Path) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        path.mkdir(parents=True, exist_ok=True)
        self.where = str(path)
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

    @classmethod
    def on_server(cls, server: ChromaServer, prefix: str, *, create: bool) -> ChromaStore:
        """The collections ``prefix-chunks`` and ``prefix-sentences`` of ``server`` (made if
        ``create``; else they must exist: IndexMissingError)."""
        self = cls.__new__(cls)
        self.server = server
        self._totals = None if create else {}  # a reader saves one request per lookup
        self.where = f"{server.url} ({prefix})"
        self._client = remote.client_of(server)
        try:
            with self._errors():
                if create:
                    self._chunks = self._collection(prefix + remote.CHUNKS_SUFFIX)
                    self._sentences = self._collection(prefix + remote.SENTENCES_SUFFIX)
                else:
                    present = set(remote.names(self._client, prefix))
                    wanted = (prefix + remote.CHUNKS_SUFFIX, prefix + remote.SENTENCES_SUFFIX)
                    if not present.issuperset(wanted):
                        raise IndexMissingError(
                            f"Les vecteurs de cette version de l'index ({prefix}) manquent sur le serveur Chroma "
                            f"{server.url} : vérifiez que COOP_CHROMA_URL désigne le bon serveur, ou reconstruisez "
                            "l'index avec « coop ingest --rebuild »."
                        )
                    self._chunks = self._client.get_collection(wanted[0], embedding_function=None)
                    self._sentences = self._client.get_collection(wanted[1], embedding_function=None)
                self.batch_size = max(1, min(self._client.get_max_batch_size(), 1000))
        except BaseException:
            self.close()
            raise
        return self

    @classmethod
    def for_generation(
        cls, chroma_dir: Path, namespace: str, server: ChromaServer | None, *, create: bool
    ) -> ChromaStore:
        """The store of the generation whose folder holds ``chroma_dir``: that folder when the
        manifest's ``namespace`` is empty, else the generation's collections on ``server``."""
        if not namespace:
            store = cls(chroma_dir)
            if not create:
                store._totals = {}  # a published generation never changes: counted once, not per lookup
            return store
        if server is None:
            raise IndexStoreError(
                f"L'index de {chroma_dir.parent.parent} garde ses vecteurs sur un serveur Chroma : indiquez son "
                "adresse avec COOP_CHROMA_URL=http://hôte:port, ou reconstruisez l'index sans serveur avec "
                "« coop ingest --rebuild »."
            )
        return cls.on_server(server, remote.generation_prefix(namespace, chroma_dir.parent.name), create=create)

    @staticmethod
    def drop_generation(chroma_dir: Path, namespace: str, server: ChromaServer | None) -> None:
        """Delete what a generation left in the store (its server collections; its folder is
        the caller's), e.g. before writing it afresh."""
        if not namespace or server is None:
            return
        with remote.translated(server):
            remote.drop(remote.client_of(server), remote.generation_prefix(namespace, chroma_dir.parent.name))

    def _errors(self) -> contextlib.AbstractContextManager[None]:
        return remote.translated(self.server) if self.server is not None else contextlib.nullcontext()

    def close(self) -> None:
        """Release the database (writes are on disk once this returns); the store is unusable after.
        A server's client is shared by the process and stays open."""
        if self.server is None:
            _close(getattr(self, "_client", None))

    def _collection(self, name: str) -> Any:
        return self._client.get_or_create_collection(
            name, configuration={"hnsw": HNSW.copy()}, embedding_function=None
        )

    def export(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every record, a batch at a time: (``CHUNKS`` or ``SENTENCES``, chromadb's batch with
        ids, embeddings, documents and metadatas), to copy a store into another."""
        for kind, collection in ((CHUNKS, self._chunks), (SENTENCES, self._sentences)):
            with self._errors():
                total = int(collection.count())
            for offset in range(0, total, self.batch_size):
                with self._errors():
                    got = collection.get(
                        limit=self.batch_size, offset=offset, include=["embeddings", "documents", "metadatas"]
                    )
                yield kind, got

    @_guarded
    def load(self, kind: str, batch: dict[str, Any]) -> None:
        """Add one batch of :meth:`export` (records of another store, none of them here yet) as it is."""
        collection = self._chunks if kind == CHUNKS else self._sentences
        for i in range(0, len(batch["ids"]), self.batch_size):
            part = slice(i, i + self.batch_size)
            collection.add(
                ids=batch["ids"][part],
                embeddings=np.asarray(batch["embeddings"][part], dtype=np.float32),
                documents=batch["documents"][part] if kind == CHUNKS else None,
                metadatas=batch["metadatas"][part],
            )

    # --- writing ---------------------------------------------------------------------------

    @_guarded
    def add_chunks(
        self, chunks: Sequence[Chunk], chunk_vectors: np.ndarray, sentence_vectors: Sequence[np.ndarray] | None
    ) -> None:
        """Upsert chunks and their sentences (``sentence_vectors[i]`` rows = ``chunks[i].sentences``; ``None``:
        no sentence vector is stored, they are encoded at question time)."""
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
        for chunk, matrix in zip(chunks, sentence_vectors or (), strict=sentence_vectors is not None):
            for j, (sentence, vec) in enumerate(zip(chunk.sentences, matrix, strict=True)):
                ids.append(_sentence_id(chunk.id, j))
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

    @_guarded
    def delete_documents(self, doc_ids: Sequence[str]) -> None:
        for i in range(0, len(doc_ids), 100):
            where = {"doc_id": {"$in": list(doc_ids[i : i + 100])}}
            self._chunks.delete(where=where)
            self._sentences.delete(where=where)

    # --- reading ---------------------------------------------------------------------------

    @_guarded
    def count(self) -> int:
        return self._total(CHUNKS, self._chunks)

    @_guarded
    def count_sentences(self) -> int:
        """Number of stored sentence vectors."""
        return self._total(SENTENCES, self._sentences)

    def _total(self, kind: str, collection: Any) -> int:
        if self._totals is not None and kind in self._totals:
            return self._totals[kind]
        total = int(collection.count())
        if self._totals is not None:
            self._totals[kind] = total
        return total

    @_guarded
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

    @_guarded
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

    @_guarded
    def chunks_by_id(self, chunk_ids: Sequence[str]) -> list[Chunk]:
        """The stored chunks of these ids (those that exist), rebuilt from their records."""
        if not chunk_ids:
            return []
        got = self._chunks.get(ids=list(chunk_ids), include=["metadatas", "documents"])
        return [
            _chunk_from_record(cid, meta, text)
            for cid, meta, text in zip(got["ids"], got["metadatas"], got["documents"], strict=True)
        ]

    @_guarded
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

    @_guarded
    def query_sentences(self, vector: np.ndarray, n: int, doc_ids: Sequence[str] | None = None) -> list[SentenceMatch]:
        """The ``n`` sentences nearest to ``vector`` (of ``doc_ids`` only, when given), best first."""
        got = self._nearest_sentences(vector, n, doc_ids, ["distances", "metadatas"])
        if got is None:
            return []
        return [
            SentenceMatch(str(meta["chunk_id"]), int(meta["start"]), int(meta["end"]), 1.0 - float(d))
            for meta, d in zip(got["metadatas"][0], got["distances"][0], strict=True)
        ]

    def _nearest_sentences(self, vector: np.ndarray, n: int, doc_ids: Sequence[str] | None, include: list[str]) -> Any:
        total = self._total(SENTENCES, self._sentences)
        if total == 0:
            return None
        return self._sentences.query(
            query_embeddings=np.asarray(vector, dtype=np.float32).reshape(1, -1),
            n_results=min(n, total),
            where={"doc_id": {"$in": list(doc_ids)}} if doc_ids else None,
            include=include,
        )

    @_guarded
    def chunk_vectors(self, chunk_ids: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored vectors of the given chunks, by chunk id."""
        if not chunk_ids:
            return {}
        got = self._chunks.get(ids=list(chunk_ids), include=["embeddings"])
        return {cid: np.asarray(v, dtype=np.float32) for cid, v in zip(got["ids"], got["embeddings"], strict=True)}

    @_guarded
    def stored_sentence_vectors(self, chunks: Sequence[Chunk]) -> dict[tuple[str, int], np.ndarray]:
        """The stored vectors of the sentences of these passages, by (passage id, sentence number); a sentence
        the index holds no vector for (an index built with ``COOP_SENTENCE_VECTORS=lazy``, or damaged by hand)
        is left out, to be encoded by the caller (:class:`~assistant.sentence_vectors.SentenceVectors`).
        Records are fetched by id (record ``<chunk id>/<j>`` is sentence ``j`` of its passage,
        :meth:`add_chunks`), not by a metadata filter: a filter scans the whole collection (45 ms per question
        at 20,000 documents), ids are looked up."""
        wanted = {_sentence_id(c.id, j): (c.id, j) for c in chunks for j in range(len(c.sentences))}
        if not wanted:
            return {}
        got = self._sentences.get(ids=list(wanted), include=["embeddings"])
        return {
            wanted[sid]: np.asarray(vec, dtype=np.float32)
            for sid, vec in zip(got["ids"], got["embeddings"], strict=True)
            if sid in wanted
        }

    @_guarded
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


def _sentence_id(chunk_id: str, j: int) -> str:
    """The record id of sentence ``j`` of a passage: ``<chunk id>/<j>`` (every index since the first)."""
    return f"{chunk_id}/{j}"


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
    if c.ocr is not None:
        meta["ocr"] = c.ocr  # an OCR reading of a scanned page, its confidence
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
        ocr=float(meta["ocr"]) if "ocr" in meta else None,
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


def copy_store(source: ChromaStore, target: ChromaStore) -> int:
    """Copy every record of ``source`` into ``target`` (e.g. a published generation into the next
    one, on a server or from a folder to a server); the number of records copied."""
    t0, copied = time.perf_counter(), 0
    for kind, batch in source.export():
        target.load(kind, batch)
        copied += len(batch["ids"])
    seconds = time.perf_counter() - t0
    log.info("%d vecteurs copiés de %s vers %s en %.2f s.", copied, source.where, target.where, seconds)
    return copied


def _close(client: Any) -> None:
    close = getattr(client, "close", None)  # chromadb >= 1.1 (ClientAPI does not declare it)
    if close is not None:
        close()
