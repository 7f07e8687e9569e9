"""What the rest of the code sees of the vector store: the :class:`VectorStore` protocol and the
frozen records it returns (never chromadb's result dictionaries)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from ..types import Chunk, Filters


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
        self, chunks: Sequence[Chunk], chunk_vectors: np.ndarray, sentence_vectors: Sequence[np.ndarray] | None
    ) -> None: ...

    def delete_documents(self, doc_ids: Sequence[str]) -> None: ...

    def count(self) -> int: ...

    def count_sentences(self) -> int: ...

    def chunk_counts(self) -> dict[str, int]: ...

    def all_chunks(self) -> list[Chunk]: ...

    def query(self, vector: np.ndarray, n: int, filters: Filters | None = None) -> list[ChunkMatch]: ...

    def query_sentences(
        self, vector: np.ndarray, n: int, doc_ids: Sequence[str] | None = None
    ) -> list[SentenceMatch]: ...

    def chunk_vectors(self, chunk_ids: Sequence[str]) -> dict[str, np.ndarray]: ...

    def sentence_vectors(self, chunk_ids: Sequence[str]) -> list[SentenceVector]: ...

    def stored_sentence_vectors(self, chunks: Sequence[Chunk]) -> dict[tuple[str, int], np.ndarray]: ...
