"""French BM25 over the chunks (bm25s + the Snowball French stemmer), persisted beside Chroma.

The BM25 index is derived data: it is rebuilt from the chunks stored in Chroma at the end of
each ingestion and saved with the manifest generation it reflects; if the two disagree (a
crash between them), it is rebuilt when the index is opened.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .catalog import atomic_write_text, replaced_directory
from .textnorm import analyze
from .types import Chunk

log = logging.getLogger(__name__)


def _bm25s() -> object:
    """Import bm25s, which sets its own logger to DEBUG on import: put it back to WARNING."""
    import bm25s

    logging.getLogger("bm25s").setLevel(logging.WARNING)
    return bm25s


class LexicalIndex:
    """BM25 scores of every chunk for a query, plus document frequencies of terms."""

    def __init__(self, ids: list[str], df: dict[str, int], model: object | None) -> None:
        self.ids = ids
        self.df = df
        self._model = model
        self.position = {cid: i for i, cid in enumerate(ids)}
        self._prefixes: frozenset[str] | None = None  # built on first use by :meth:`knows`

    @property
    def n_docs(self) -> int:
        return len(self.ids)

    @classmethod
    def build(cls, chunks: Sequence[Chunk]) -> LexicalIndex:
        bm25s: Any = _bm25s()

        # Title and heading are indexed with the text, as for the dense side.
        corpus = [analyze(c.embed_text) for c in chunks]
        df: dict[str, int] = {}
        for terms in corpus:
            for t in set(terms):
                df[t] = df.get(t, 0) + 1
        model = None
        if chunks:
            model = bm25s.BM25(k1=1.2, b=0.75)
            model.index([t if t else [""] for t in corpus], show_progress=False)
        return cls([c.id for c in chunks], df, model)

    def save(self, directory: Path, generation: int) -> None:
        with replaced_directory(directory) as tmp:
            if self._model is not None:
                self._model.save(str(tmp / "bm25"))  # type: ignore[attr-defined]  # bm25s has no stubs
            meta = {"generation": generation, "ids": self.ids, "df": self.df}
            atomic_write_text(tmp / "lexical.json", json.dumps(meta))

    @classmethod
    def load(cls, directory: Path) -> tuple[LexicalIndex, int] | None:
        """The saved index and its generation, or None if absent or unreadable."""
        meta = directory / "lexical.json"
        if not meta.is_file():
            return None
        try:
            raw = json.loads(meta.read_text(encoding="utf-8"))
            model = None
            if raw["ids"]:
                bm25s: Any = _bm25s()
                model = bm25s.BM25.load(str(directory / "bm25"))
            return cls(list(raw["ids"]), dict(raw["df"]), model), int(raw["generation"])
        except Exception as exc:  # any damage means: rebuild it from Chroma
            log.warning("Index BM25 illisible dans %s (%s) : il sera reconstruit.", directory, exc)
            return None

    def scores(self, terms: Sequence[str]) -> np.ndarray:
        """BM25 score of every chunk (aligned with :attr:`ids`) for already analysed ``terms``."""
        if self._model is None or not terms:
            return np.zeros(len(self.ids), dtype=np.float32)
        known = [term for t in terms if (term := self.term(t)) in self.df]
        if not known:
            return np.zeros(len(self.ids), dtype=np.float32)
        return np.asarray(self._model.get_scores(known), dtype=np.float32)  # type: ignore[attr-defined]

    def term(self, stemmed: str) -> str:
        """The corpus's term for a question's stem: itself when the corpus has it, else the corpus term it shortens
        to by one or two letters (at least four left), if any. The Snowball stemmer reads accents: « rizières »
        stems to « rizi », « rizieres » typed without them to « rizier » (« activités » / « activites »: « activ » /
        « activit »), and users often type without accents."""
        if stemmed in self.df or len(stemmed) < 5:
            return stemmed
        for cut in (1, 2):
            shorter = stemmed[:-cut]
            if len(shorter) >= 4 and shorter in self.df:
                return shorter
        return stemmed

    def knows(self, folded_word: str) -> bool:
        """Whether some term of the corpus begins like ``folded_word`` (its first five letters): a word the
        documents use, whatever its ending or its accents (« premiere » and « première »)."""
        if self._prefixes is None:
            self._prefixes = frozenset(term[:5] for term in self.df)
        return folded_word[:5] in self._prefixes

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency; an unknown term gets the highest value."""
        return self.idf_of_df(self.df.get(term, 0))

    def idf_of_df(self, df: int) -> float:
        n = max(self.n_docs, 1)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))
