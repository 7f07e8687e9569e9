"""The passages of an open index, with their texts kept on disk and read when needed (issue 15).

Answering needs, for every passage of the index, only what filters and ordering use: its id, its
document (id, title, metadata), its offsets, heading, page and sentence spans. The texts are needed
for the few passages a question retrieves. Loading every passage whole (text and a copy of each
sentence) cost about 7 kB of Python objects per passage, 0.6 GB at 20,000 documents, plus Chroma's
own buffers for reading them all back. :class:`PassageTable` holds the compact part in numpy
arrays (one entry per document for titles and metadata) and reads a passage's text from a file of
the index generation (``passages/texts.bin``, memory-mapped) when asked, rebuilding the same
:class:`~assistant.types.Chunk` that Chroma would give (a bounded cache keeps the recent ones).

The files are derived data, written with the BM25 index at the end of each ingestion and tagged
with the generation; an index without them (written before they existed) or with stale ones is
read from Chroma as before and held in memory (:meth:`PassageTable.from_chunks`).
"""

from __future__ import annotations

import json
import logging
import mmap
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .catalog import atomic_write_text, replaced_directory
from .chunking import chunk_id
from .errors import IndexStoreError
from .types import Chunk, DocumentMetadata, Filters, Sentence

__all__ = ["CACHE_PASSAGES", "PassageTable"]

log = logging.getLogger(__name__)

#: Format of the files; another number means: read the passages from Chroma.
FORMAT = 1
HEADS = "passages.json"
ARRAYS = "arrays.npz"
TEXTS = "texts.bin"
#: Whole passages kept in memory once built (the ones recent questions retrieved).
CACHE_PASSAGES = 4096


class _Texts:
    """The passages' texts: in memory (a list), or slices of a UTF-8 file mapped in memory."""

    def __init__(self, texts: list[str] | None = None, path: Path | None = None, offsets: np.ndarray | None = None):
        self.on_disk = path is not None
        self._list = texts
        self._offsets = offsets
        self._file = None
        self._map: mmap.mmap | None = None
        if path is not None:
            self._file = path.open("rb")
            size = path.stat().st_size
            self._map = mmap.mmap(self._file.fileno(), 0, access=mmap.ACCESS_READ) if size else None

    def __getitem__(self, i: int) -> str:
        if self._list is not None:
            return self._list[i]
        assert self._offsets is not None
        start, end = int(self._offsets[i]), int(self._offsets[i + 1])
        if end <= start:
            return ""
        mapped = self._map  # read once: close() may run in another thread
        if mapped is None:
            raise ValueError("les passages de cet index sont fermés")
        return mapped[start:end].decode("utf-8")  # a map closed meanwhile raises ValueError too

    def close(self) -> None:
        if self._map is not None:
            self._map.close()
            self._map = None
        if self._file is not None:
            self._file.close()
            self._file = None


class PassageTable(Mapping[str, Chunk]):
    """Every passage of an index by id; ``table[id]`` is the whole :class:`Chunk` (text read on demand).

    The passages are in the order of ``ids`` (document, then offsets), so each document's passages
    are contiguous. Besides the mapping: :meth:`doc_id`, :meth:`accepts` and :meth:`mask` answer the
    filters without reading any text, :meth:`of_document` gives a document's passages in order.
    """

    def __init__(
        self,
        ids: list[str],
        docs: list[tuple[str, str, DocumentMetadata]],
        arrays: dict[str, np.ndarray],
        sections: list[str],
        texts: _Texts,
    ) -> None:
        self.ids = ids
        self.position = {cid: i for i, cid in enumerate(ids)}
        self._docs = docs  # (doc_id, title, metadata) per document
        self._doc_of = arrays["doc"]  # document index per passage
        self._start, self._end = arrays["start"], arrays["end"]
        self._section = arrays["section"]  # index into ``sections``
        self._page, self._ocr = arrays["page"], arrays["ocr"]  # -1 / NaN: none
        self._sent_from, self._spans = arrays["sentences_from"], arrays["spans"]
        self._sections = sections
        self._texts = texts
        # each document's passages are contiguous: its first position and the one after its last
        self._doc_span: dict[str, tuple[int, int]] = {}
        for i in range(len(ids)):
            doc_id = docs[int(self._doc_of[i])][0]
            first, _ = self._doc_span.get(doc_id, (i, i))
            self._doc_span[doc_id] = (first, i + 1)
        self._fetch: Callable[[Sequence[str]], list[Chunk]] | None = None
        self._verify = texts.on_disk
        self._cache: OrderedDict[int, Chunk] = OrderedDict()
        self._lock = threading.Lock()

    # --- building, saving, loading ----------------------------------------------------------

    @classmethod
    def from_chunks(cls, chunks: Sequence[Chunk]) -> PassageTable:
        """A table of ``chunks`` with their texts in memory (sorted by document, then offsets)."""
        ordered = sorted(chunks, key=lambda c: (c.doc_id, c.start, c.end))
        ids, docs, arrays, sections = _compact(ordered)
        return cls(ids, docs, arrays, sections, _Texts(texts=[c.text for c in ordered]))

    @staticmethod
    def save(chunks: Sequence[Chunk], directory: Path, generation: int) -> None:
        """Write the passage files of ``chunks`` for ``generation`` into ``directory`` (replaced whole)."""
        ordered = sorted(chunks, key=lambda c: (c.doc_id, c.start, c.end))
        ids, docs, arrays, sections = _compact(ordered)
        with replaced_directory(directory) as tmp:
            offsets = np.zeros(len(ordered) + 1, dtype=np.int64)
            with (tmp / TEXTS).open("wb") as out:
                for i, c in enumerate(ordered):
                    data = c.text.encode("utf-8")
                    out.write(data)
                    offsets[i + 1] = offsets[i] + len(data)
            with (tmp / ARRAYS).open("wb") as f:
                np.savez(f, offsets=offsets, **arrays)  # type: ignore[arg-type]  # numpy's stub types **kwds as its allow_pickle flag
            heads = {
                "format": FORMAT,
                "generation": generation,
                "ids": ids,
                "docs": [[d, t, m.as_dict()] for d, t, m in docs],
                "sections": sections,
            }
            atomic_write_text(tmp / HEADS, json.dumps(heads, ensure_ascii=False))

    @classmethod
    def load(cls, directory: Path) -> tuple[PassageTable, int] | None:
        """The saved table and its generation, or None if absent, of another format or unreadable."""
        if not (directory / HEADS).is_file():
            return None
        texts: _Texts | None = None
        try:
            heads = json.loads((directory / HEADS).read_text(encoding="utf-8"))
            if heads.get("format") != FORMAT:
                return None
            with np.load(directory / ARRAYS, allow_pickle=False) as npz:
                arrays = {k: npz[k] for k in npz.files}
            ids = [str(i) for i in heads["ids"]]
            docs = [(str(d), str(t), _metadata(m)) for d, t, m in heads["docs"]]
            _check(ids, docs, arrays, heads["sections"], (directory / TEXTS).stat().st_size)
            texts = _Texts(path=directory / TEXTS, offsets=arrays.pop("offsets"))
            return cls(ids, docs, arrays, [str(s) for s in heads["sections"]], texts), int(heads["generation"])
        except Exception as exc:  # any damage means: read the passages from Chroma
            if texts is not None:
                texts.close()
            log.warning("Fichiers des passages illisibles dans %s (%s) : lus depuis l'index.", directory, exc)
            return None

    def close(self) -> None:
        """Release the texts file (the table must not be read after)."""
        self._texts.close()

    # --- the mapping ------------------------------------------------------------------------

    def __getitem__(self, cid: str) -> Chunk:
        return self.at(self.position[cid])

    def __contains__(self, cid: object) -> bool:
        return cid in self.position

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def at(self, i: int) -> Chunk:
        """The whole passage at position ``i`` (built once, then cached)."""
        with self._lock:
            chunk = self._cache.get(i)
            if chunk is not None:
                self._cache.move_to_end(i)
                return chunk
        chunk = self._build(i)
        with self._lock:
            self._cache[i] = chunk
            while len(self._cache) > CACHE_PASSAGES:
                self._cache.popitem(last=False)
        return chunk

    def fall_back_to(self, fetch: Callable[[Sequence[str]], list[Chunk]]) -> None:
        """Where a passage read from the files is not the one indexed (its id is the hash of its document,
        offsets and text: :func:`~assistant.chunking.chunk_id`), take it from ``fetch`` (the store)."""
        self._fetch = fetch

    def _build(self, i: int) -> Chunk:
        if not self._verify:
            return self._assemble(i, self._texts[i])
        try:
            chunk = self._assemble(i, self._texts[i])
        except UnicodeDecodeError:
            chunk = None
        if chunk is not None and chunk_id(chunk.doc_id, chunk.start, chunk.end, chunk.text) == chunk.id:
            return chunk
        fetched = self._fetch([self.ids[i]]) if self._fetch is not None else []
        if len(fetched) != 1 or fetched[0].id != self.ids[i]:
            raise IndexStoreError(
                f"Le passage {self.ids[i]} de l'index est abîmé (fichiers passages/) : "
                "relancez « coop ingest --rebuild »."
            )
        log.warning("Passage %s abîmé dans les fichiers passages/ : lu depuis l'index.", self.ids[i])
        return fetched[0]

    def _assemble(self, i: int, text: str) -> Chunk:
        doc_id, title, metadata = self._docs[int(self._doc_of[i])]
        start = int(self._start[i])
        spans = self._spans[int(self._sent_from[i]) : int(self._sent_from[i + 1])]
        page, ocr = int(self._page[i]), float(self._ocr[i])
        return Chunk(
            id=self.ids[i],
            doc_id=doc_id,
            start=start,
            end=int(self._end[i]),
            text=text,
            title=title,
            section=self._sections[int(self._section[i])],
            page=page if page >= 0 else None,
            ocr=ocr if not np.isnan(ocr) else None,
            sentences=tuple(Sentence(int(s), int(e), text[int(s) - start : int(e) - start]) for s, e in spans),
            metadata=metadata,
        )

    # --- without reading texts --------------------------------------------------------------

    def doc_id(self, cid: str) -> str:
        return self._docs[int(self._doc_of[self.position[cid]])][0]

    def accepts(self, cid: str, filters: Filters | None) -> bool:
        """Whether passage ``cid`` passes ``filters`` (None or empty: every passage)."""
        if not filters:
            return True
        doc_id, _, metadata = self._docs[int(self._doc_of[self.position[cid]])]
        return filters.accepts_document(doc_id, metadata)

    def mask(self, filters: Filters, ids: Sequence[str]) -> np.ndarray:
        """For each of ``ids``, whether it is a passage of this table that passes ``filters``."""
        passing = np.zeros(len(self._docs) + 1, dtype=bool)  # the last slot: an id the table does not hold
        for k, (d, _, m) in enumerate(self._docs):
            passing[k] = filters.accepts_document(d, m)
        doc_of = np.append(self._doc_of, len(self._docs))
        positions = np.fromiter((self.position.get(cid, len(self.ids)) for cid in ids), dtype=np.int64, count=len(ids))
        return passing[doc_of[positions]]

    def of_document(self, doc_id: str) -> tuple[Chunk, ...]:
        """Every passage of ``doc_id``, in the document's order (empty for an unknown document)."""
        first, end = self._doc_span.get(doc_id, (0, 0))
        return tuple(self.at(i) for i in range(first, end))


def _compact(
    ordered: Sequence[Chunk],
) -> tuple[list[str], list[tuple[str, str, DocumentMetadata]], dict[str, np.ndarray], list[str]]:
    """Ids, documents, numeric arrays and heading table of passages sorted by document."""
    docs: list[tuple[str, str, DocumentMetadata]] = []
    sections: dict[str, int] = {}
    n = len(ordered)
    doc = np.zeros(n, dtype=np.int32)
    section = np.zeros(n, dtype=np.int32)
    page = np.full(n, -1, dtype=np.int32)
    ocr = np.full(n, np.nan, dtype=np.float64)  # a confidence as stored (91.37 stays 91.37)
    sentences_from = np.zeros(n + 1, dtype=np.int64)
    spans: list[tuple[int, int]] = []
    for i, c in enumerate(ordered):
        if not docs or docs[-1] != (c.doc_id, c.title, c.metadata):
            docs.append((c.doc_id, c.title, c.metadata))  # one entry per run of equal titles and metadata
        doc[i] = len(docs) - 1
        section[i] = sections.setdefault(c.section, len(sections))
        if c.page is not None:
            page[i] = c.page
        if c.ocr is not None:
            ocr[i] = c.ocr
        spans += [(s.start, s.end) for s in c.sentences]
        sentences_from[i + 1] = len(spans)
    arrays: dict[str, np.ndarray] = {
        "doc": doc,
        "start": np.fromiter((c.start for c in ordered), dtype=np.int64, count=n),
        "end": np.fromiter((c.end for c in ordered), dtype=np.int64, count=n),
        "section": section,
        "page": page,
        "ocr": ocr,
        "sentences_from": sentences_from,
        "spans": np.asarray(spans, dtype=np.int64).reshape(-1, 2),
    }
    return [c.id for c in ordered], docs, arrays, list(sections)


def _metadata(raw: Any) -> DocumentMetadata:
    return DocumentMetadata(
        date=raw.get("date"),
        authority=raw.get("authority"),
        places=tuple(raw.get("places") or ()),
        countries=tuple(raw.get("countries") or ()),
        themes=tuple(raw.get("themes") or ()),
    )


def _check(
    ids: list[str], docs: list[Any], arrays: dict[str, np.ndarray], sections: list[Any], text_bytes: int
) -> None:
    """Refuse files that do not hold together (a truncated or foreign file is read from Chroma instead)."""
    n = len(ids)
    for name in ("doc", "start", "end", "section", "page", "ocr"):
        if arrays[name].shape != (n,):
            raise ValueError(f"tableau {name} de taille {arrays[name].shape}, {n} attendus")
    for name in ("offsets", "sentences_from"):
        if arrays[name].shape != (n + 1,):
            raise ValueError(f"tableau {name} de taille {arrays[name].shape}, {n + 1} attendus")
    if n:
        if int(arrays["doc"].min()) < 0 or int(arrays["doc"].max()) >= len(docs) or np.any(np.diff(arrays["doc"]) < 0):
            raise ValueError("index de documents hors limites ou dans le désordre")
        if int(arrays["section"].min()) < 0 or int(arrays["section"].max()) >= len(sections):
            raise ValueError("index de titres hors limites")
    offsets, sent_from, spans = arrays["offsets"], arrays["sentences_from"], arrays["spans"]
    if offsets[0] != 0 or np.any(np.diff(offsets) < 0) or int(offsets[-1]) != text_bytes:
        raise ValueError("positions des textes incohérentes")
    if sent_from[0] != 0 or np.any(np.diff(sent_from) < 0) or int(sent_from[-1]) != spans.shape[0]:
        raise ValueError("positions des phrases incohérentes")
    if spans.ndim != 2 or spans.shape[1] != 2:
        raise ValueError("phrases mal formées")
    if len(set(ids)) != n:
        raise ValueError("identifiants de passages en double")
