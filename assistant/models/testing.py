"""TEST FAKE: :class:`HashingEmbedder`, an :class:`~assistant.models.Embedder` without a model.

Deterministic bag of hashed words, no model, no torch: it lets the tests of other modules (chunking,
store, retrieval, ingest…) and the fast test tier build real indexes in milliseconds. Its vectors
carry no meaning beyond word overlap; never use it for real.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from .protocol import as_text_list

if TYPE_CHECKING:
    from .protocol import Embedder

__all__ = ["HashingEmbedder"]

_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return _WORD.findall(folded)


class HashingEmbedder:
    """TEST FAKE. Deterministic bag of hashed words; not a language model.

    Each word (case- and accent-folded) adds ±1 to one of ``dimension`` buckets chosen by a
    stable hash (BLAKE2b, so identical across processes), then the vector is L2-normalised.
    Texts sharing words get a positive cosine; that is all it models. Queries and passages are
    embedded the same way. ``count_tokens`` counts words plus 2 (for ``<s>`` and ``</s>``).
    Use it to test code around the embedder quickly; never to build a real index.
    """

    def __init__(self, dimension: int = 64, model_id: str | None = None) -> None:
        self.dimension = dimension
        self.model_id = model_id or f"test:hashing-{dimension}"

    def _vector(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dimension, dtype=np.float32)
        for word in _words(text) or [""]:  # an empty text still gets a unit vector
            h = int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")
            vec[h % self.dimension] += 1.0 if (h >> 63) & 1 else -1.0
        norm = float(np.linalg.norm(vec))
        if norm == 0.0:  # words cancelled out: fall back to the empty-text vector
            return self._vector("")
        return vec / norm

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        items = as_text_list(texts)
        out = np.zeros((len(items), self.dimension), dtype=np.float32)
        for i, text in enumerate(items):
            out[i] = self._vector(text)
        return out

    def encode_query(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)

    def encode_document(self, texts: Sequence[str], *, question: bool = False) -> np.ndarray:
        return self._encode(texts)

    def count_tokens(self, text: str) -> int:
        return len(_words(text)) + 2


if TYPE_CHECKING:  # static proof that the fake satisfies the protocol (no runtime cost)

    def _satisfies(fake: HashingEmbedder) -> Embedder:
        return fake
