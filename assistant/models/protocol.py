"""The embedding seam: what the rest of coop-assistant needs from a model (:class:`Embedder`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np

__all__ = ["Embedder", "SpanEncoder", "as_text_list"]


@runtime_checkable
class Embedder(Protocol):
    """What the rest of the code needs from an embedding model."""

    #: Stable identifier recorded in the index (a different id means the index must be rebuilt).
    model_id: str
    #: Length of the vectors.
    dimension: int

    def encode_query(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of questions: float32, shape (len(texts), dimension), L2-normalised."""
        ...

    def encode_document(self, texts: Sequence[str], *, question: bool = False) -> np.ndarray:
        """Vectors of passages: float32, shape (len(texts), dimension), L2-normalised. ``question``: encoded
        for a question being answered (the sentences of its passages, :mod:`assistant.sentence_vectors`), so
        with a question's priority and whole batches, not as indexing work."""
        ...

    def count_tokens(self, text: str) -> int:
        """Number of tokens the model sees for ``text`` as a passage (prompt and special tokens included)."""
        ...


@runtime_checkable
class SpanEncoder(Protocol):
    """An embedder that also gives the vectors of spans of each passage from the passage's own pass."""

    def encode_document(self, texts: Sequence[str], *, question: bool = False) -> np.ndarray: ...

    def encode_document_spans(
        self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Passage vectors (as ``encode_document``) and, for each passage, one L2-normalised row per
        character span of its text (:mod:`assistant.models.late`); a zero row where the model did not
        see the span (cut at its token limit)."""
        ...


def as_text_list(texts: Sequence[str]) -> list[str]:
    """``texts`` as a list; a lone string (a common slip) is refused rather than split into characters."""
    if isinstance(texts, str):
        raise TypeError("une liste de textes est attendue, pas une chaîne seule")
    return list(texts)
