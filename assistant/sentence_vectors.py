"""The vectors of the sentences of a few passages, read from the index or encoded at question time.

Retrieval rescores its best candidates by their best sentence, and the answer step picks sentences by their
vectors: both need the vectors of the sentences of a dozen or two passages per question, never of the whole
corpus. Encoding every sentence of the corpus at ingestion (``COOP_SENTENCE_VECTORS=separate``) is half of the
model's work there; with ``lazy`` (the default) ingestion encodes the passages only, and the sentences of the
passages a question looks at are encoded then, each once per process: :class:`SentenceVectors` keeps them in a
bounded cache keyed by the sentence's text (what its vector depends on; a document indexed again with a changed
sentence cannot be answered with the old vector).

Vectors the index holds (an index built with ``separate`` or ``passage``) are read from it, and only the
sentences it lacks are encoded: every index works with every setting but ``passage``, whose vectors mean
something else (its fingerprint says so, :meth:`~assistant.settings.Settings.index_fingerprint`).
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from .models import Embedder
from .store import SentenceVector, VectorStore
from .types import Chunk

log = logging.getLogger(__name__)

#: At most this many sentence vectors are kept in memory per process (384 floats each: about 30 MB with their
#: texts): the passages of a few thousand questions.
CACHE_SENTENCES = 20_000


class SentenceVectors:
    """The sentence vectors of passages: stored ones read from ``store`` (when ``stored``), the others encoded by
    ``embedder`` and cached. Safe to share between the threads of a server."""

    def __init__(
        self, embedder: Embedder, store: VectorStore, *, stored: bool, cache_size: int = CACHE_SENTENCES
    ) -> None:
        self._embedder = embedder
        self._store = store
        self._stored = stored
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()
        self.encoded = 0  # sentences encoded by this object (for logs, tests and benchmarks)

    def of(self, chunks: Sequence[Chunk]) -> list[SentenceVector]:
        """The vector of every sentence of ``chunks``, passages in document order (each once), sentences in
        passage order."""
        ordered = sorted({c.id: c for c in chunks}.values(), key=lambda c: (c.doc_id, c.start, c.end))
        if not ordered:
            return []
        found = self._store.stored_sentence_vectors(ordered) if self._stored else {}
        wanted = [(c, j) for c in ordered for j in range(len(c.sentences)) if (c.id, j) not in found]
        texts = [c.sentences[j].text for c, j in wanted]
        for (c, j), vector in zip(wanted, self._vectors(texts), strict=True):
            found[(c.id, j)] = vector
        return [
            SentenceVector(c.id, c.doc_id, s.start, s.end, found[(c.id, j)])
            for c in ordered
            for j, s in enumerate(c.sentences)
        ]

    def _vectors(self, texts: Sequence[str]) -> list[np.ndarray]:
        """The vectors of ``texts``, from the cache or encoded (each distinct text once)."""
        if not texts:
            return []
        with self._lock:
            known = {t: self._cache[t] for t in set(texts) if t in self._cache}
            for t in known:
                self._cache.move_to_end(t)
        missing = [t for t in dict.fromkeys(texts) if t not in known]
        if missing:
            matrix = self._embedder.encode_document(missing)
            fresh = {t: np.asarray(matrix[i], dtype=np.float32) for i, t in enumerate(missing)}
            log.debug("%d phrases encodées à la question", len(missing))
            with self._lock:
                self.encoded += len(missing)
                for t, vector in fresh.items():
                    self._cache[t] = vector
                    self._cache.move_to_end(t)
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
            known.update(fresh)
        return [known[t] for t in texts]
