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

import itertools
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .models import Embedder
from .store import SentenceVector, VectorStore
from .store.sentence_file import SentenceFile, sentence_key
from .types import Chunk

log = logging.getLogger(__name__)

#: At most this many sentence vectors are kept in memory per process (384 floats each: about 30 MB with their
#: texts): the passages of a few thousand questions.
CACHE_SENTENCES = 20_000


class SentenceCache:
    """Sentence vectors encoded at question time, by text, the ``size`` most recently used kept. A vector depends
    only on its text and the model: the cache outlives an index generation (the server reopens the index after
    each change of documents and hands the cache over, :class:`~assistant.live.LiveAssistant`)."""

    def __init__(self, size: int = CACHE_SENTENCES) -> None:
        self.vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self.size = size
        self.lock = threading.Lock()
        self.encoded = 0  # sentences encoded into this cache (for logs, tests and benchmarks)
        # sentences a thread is encoding now: another question that needs one waits for it rather than encoding it
        # a second time (two first questions on the same passages, at the same moment, on a shared server)
        self.pending: dict[str, threading.Event] = {}


class SentenceVectors:
    """The sentence vectors of passages: stored ones read from ``store`` (when ``stored``), the others encoded by
    ``embedder`` into ``cache`` (a new one of ``cache_size`` when none is given). Safe to share between the
    threads of a server."""

    def __init__(
        self,
        embedder: Embedder,
        store: VectorStore,
        *,
        stored: bool,
        cache_size: int = CACHE_SENTENCES,
        cache: SentenceCache | None = None,
        file: SentenceFile | None = None,
    ) -> None:
        self._embedder = embedder
        self._store = store
        self._stored = stored
        self.cache = cache if cache is not None else SentenceCache(cache_size)
        self.file = file  # vectors kept on disk across processes (read before encoding, written after)

    @property
    def encoded(self) -> int:
        """Sentences encoded into this object's cache so far."""
        return self.cache.encoded

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
        """The vectors of ``texts``, from the cache or encoded (each distinct text once, even across threads: a
        sentence another thread is encoding is waited for)."""
        if not texts:
            return []
        cache = self.cache
        with cache.lock:
            known = {t: cache.vectors[t] for t in set(texts) if t in cache.vectors}
            for t in known:
                cache.vectors.move_to_end(t)
            missing = [t for t in dict.fromkeys(texts) if t not in known]
            waited = {t: cache.pending[t] for t in missing if t in cache.pending}
            mine = [t for t in missing if t not in waited]
            done = threading.Event()
            for t in mine:
                cache.pending[t] = done
        fresh: dict[str, np.ndarray] = {}
        try:
            if mine:
                held = self.file.get(mine) if self.file is not None else {}
                if held:
                    self._keep(held)
                    known.update(held)
                rest = [t for t in mine if t not in held]
                if rest:
                    fresh = self._encode(rest)
                    known.update(fresh)
        finally:
            with cache.lock:
                for t in mine:
                    if cache.pending.get(t) is done:
                        del cache.pending[t]
            done.set()
        if fresh and self.file is not None:
            self.file.put(fresh)  # after the waiting threads are released: they have the vectors in memory
        if waited:
            for event in set(waited.values()):
                event.wait()
            with cache.lock:
                known.update({t: cache.vectors[t] for t in waited if t in cache.vectors})
            # (the other thread failed, or its vectors were already pushed out of a small cache: encode them here)
            late = [t for t in waited if t not in known]
            if late:
                known.update(self._encode(late))
        return [known[t] for t in texts]

    def _encode(self, texts: list[str]) -> dict[str, np.ndarray]:
        """Encode ``texts`` and keep their vectors in the cache."""
        cache = self.cache
        # At a question's priority (it waits for them), one sentence per pass: a vector then depends on its text
        # only, not on the sentences that shared its batch (padding moves the last digits), so a question gets
        # the same answer whatever was asked before it, in every process. The price: on the 52-token sentences of
        # long deliberations, 27 ms a sentence one by one, 14 ms in one batch (2 cores; the same on CNIL's 21
        # sentences of a first question).
        fresh = {t: np.asarray(self._embedder.encode_document([t], question=True)[0], dtype=np.float32) for t in texts}
        log.debug("%d phrases encodées à la question", len(texts))
        with cache.lock:
            cache.encoded += len(texts)
        self._keep(fresh)
        return fresh

    def _keep(self, vectors: dict[str, np.ndarray]) -> None:
        """Put ``vectors`` in the memory cache, the oldest leaving it past its size."""
        cache = self.cache
        with cache.lock:
            for t, vector in vectors.items():
                cache.vectors[t] = vector
                cache.vectors.move_to_end(t)
            while len(cache.vectors) > cache.size:
                cache.vectors.popitem(last=False)


#: Sentences encoded per model pass when filling the sentence file ahead of the questions (ingestion's batch).
FILL_BATCH = 32
#: Passages read per step of the fill (their sentences are looked up in the file together).
FILL_PASSAGES = 256


@dataclass(frozen=True, slots=True)
class FillReport:
    """What :func:`fill_sentence_file` did."""

    sentences: int  # distinct sentences of the passages
    encoded: int  # of which encoded now (the others were in the file already)
    seconds: float
    complete: bool  # False when stopped before the end


def fill_sentence_file(
    passages: Iterable[Chunk],
    total: int,
    embedder: Embedder,
    file: SentenceFile,
    *,
    progress: bool = False,
    stop: Callable[[], bool] | None = None,
) -> FillReport:
    """Encode the sentences of ``passages`` (``total`` of them) that ``file`` lacks and keep them there, so that
    questions find them ready. Encoded in batches of :data:`FILL_BATCH` sorted by length, as indexing work
    (a question waiting for the model goes first, :mod:`assistant.models.locking`): a batch's vectors equal
    those encoded one by one at question time to rounding (about 1e-7), not bit for bit. Each batch is written
    when done: stopped (``stop()`` true, Ctrl+C), the fill resumes where it was at the next call."""
    started = time.perf_counter()
    seen: set[bytes] = set()  # keys of the sentences met (16 bytes each, not the texts)
    encoded = 0
    bar: Any = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=total, unit="passage", desc="Préparation des phrases", leave=False)
    complete = True
    try:
        batch: list[Chunk] = []
        for chunk in itertools.chain(passages, [None]):  # (None: the last, partial step)
            if chunk is not None:
                batch.append(chunk)
                if len(batch) < FILL_PASSAGES:
                    continue
            done, complete = _fill_step(batch, seen, embedder, file, stop)
            encoded += done
            if bar is not None:
                bar.update(len(batch))
            batch = []
            if not complete:
                break
    finally:
        if bar is not None:
            bar.close()
    return FillReport(len(seen), encoded, time.perf_counter() - started, complete)


def _fill_step(
    chunks: Sequence[Chunk], seen: set[bytes], embedder: Embedder, file: SentenceFile, stop: Callable[[], bool] | None
) -> tuple[int, bool]:
    """Fill the sentences of ``chunks``: how many were encoded, and False when stopped or the file became
    unusable before the end."""
    texts = list(dict.fromkeys(s.text for c in chunks for s in c.sentences))
    keys = [sentence_key(t) for t in texts]  # (in-process bookkeeping only: the file salts its keys itself)
    texts = [t for t, k in zip(texts, keys, strict=True) if k not in seen]
    seen.update(keys)
    missing = sorted(file.missing(texts), key=len)
    done = 0
    for i in range(0, len(missing), FILL_BATCH):
        if (stop is not None and stop()) or not file.usable:
            return done, False
        part = missing[i : i + FILL_BATCH]
        vectors = embedder.encode_document(part)
        file.put({t: np.asarray(v, dtype=np.float32) for t, v in zip(part, vectors, strict=True)})
        done += len(part)
    return done, file.usable
