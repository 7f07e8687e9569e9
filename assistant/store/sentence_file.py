"""Sentence vectors kept on disk, by the text of the sentence, beside the index (issue 15).

With ``COOP_SENTENCE_VECTORS=lazy`` (the default) ingestion encodes the passages only, and the sentences of the
passages a question looks at are encoded then: 12 sentences or so on a first question, about 0.3 s on 2 cores.
This file keeps every sentence vector encoded so far, so that they outlive the process (a server that restarts,
the next ``coop ask``), and is filled ahead of the questions after an ingestion
(:func:`assistant.sentence_vectors.fill_sentence_file`): once it holds the sentences of every passage, no question
waits for the model but for its own vector.

A vector depends only on the sentence's text and the model, not on the index generation: the file lives at the
root of the index folder (``phrases.sqlite``), shared by every generation and kept across a ``--rebuild``. A file
written with another model is emptied on first use (writable) or ignored (read-only). It is a cache: any error
reading or writing it is logged once and the file is no longer used by this process; questions go on, encoding
what they need. SQLite (standard library) in WAL mode lets several processes of one machine read it while one
writes.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import threading
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np

__all__ = ["SENTENCE_FILE", "SentenceFile"]

log = logging.getLogger(__name__)

#: The file's name, at the root of the index folder.
SENTENCE_FILE = "phrases.sqlite"
#: SQLite page size of a new file (bytes): a row of a key and a vector must fit in a page (see SentenceFile._prepare).
PAGE_SIZE = 16384
#: Keys looked up per SQL statement (SQLite's older limit on bound variables is 999).
LOOKUP_BATCH = 500
#: Seconds a writer waits for another process's write to end before giving up on this write.
BUSY_TIMEOUT_S = 5.0


def sentence_key(text: str, model: str = "") -> bytes:
    """The key of a sentence: the first 16 bytes of the SHA-256 of the model's name and the text (UTF-8). The model
    is in the key: a server still running an older model never reads nor writes another model's vectors."""
    return hashlib.sha256(f"{model}\0{text}".encode("utf-8", "surrogatepass")).digest()[:16]


class SentenceFile:
    """Sentence vectors of one model, by sentence text, in an SQLite file. Safe to share between threads."""

    def __init__(self, path: Path, model: str, dimension: int, *, writable: bool = True, wal: bool = True) -> None:
        self.path = path
        self.model = model
        self.dimension = dimension
        self.writable = writable
        self.wal = wal  # WAL needs shared memory: not on a disk shared between machines (a Chroma server setup)
        self._salt = f"{model}/{dimension}"
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._failed = False
        try:
            self._db = self._open()
        except (sqlite3.Error, OSError) as error:
            self._fail("ouverture", error)

    @property
    def usable(self) -> bool:
        """Whether the file is read and written (no error so far)."""
        return self._db is not None and not self._failed

    def _open(self) -> sqlite3.Connection | None:
        if not self.writable:
            if not self.path.is_file():
                return None
            # in a folder this process cannot write, no writer can exist either (it could not make its journal):
            # read as immutable, which SQLite opens without its -wal and -shm files
            frozen = "&immutable=1" if not os.access(self.path.parent, os.W_OK) else ""
            uri = f"{self.path.resolve().as_uri()}?mode=ro{frozen}"
            db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_S, check_same_thread=False)
        try:
            return self._prepare(db)
        except BaseException:
            db.close()
            raise

    def _prepare(self, db: sqlite3.Connection) -> sqlite3.Connection | None:
        if self.writable:
            # a vector (1,536 bytes at 384 dimensions) does not fit in a 4 KB page of a WITHOUT ROWID table, whose
            # rows spill into an overflow page of their own (4.7 KB a sentence on disk, two pages read): 16 KB pages
            # keep it inline (set before anything else; a file made with other pages keeps them)
            db.execute(f"PRAGMA page_size={PAGE_SIZE}")
            db.execute(f"PRAGMA journal_mode={'WAL' if self.wal else 'DELETE'}")
            db.execute("PRAGMA synchronous=NORMAL")  # a cache: a power cut may lose the last vectors, never the file
            db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
            db.execute("CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vector BLOB NOT NULL) WITHOUT ROWID")
        row = db.execute("SELECT value FROM meta WHERE name = 'model'").fetchone()
        wanted = f"{self.model}/{self.dimension}"
        if row is None or row[0] != wanted:
            if not self.writable:
                log.warning("%s : vecteurs d'un autre modèle, fichier ignoré.", self.path)
                db.close()
                return None
            if row is not None:
                log.warning("%s : vecteurs d'un autre modèle (%s), fichier vidé.", self.path, row[0])
            with db:
                db.execute("DELETE FROM vectors")
                db.execute("INSERT OR REPLACE INTO meta (name, value) VALUES ('model', ?)", (wanted,))
        return db

    def _fail(self, what: str, error: BaseException) -> None:
        if not self._failed:
            log.warning(
                "Fichier des phrases %s inutilisable (%s : %s) : les phrases seront encodées à la question.",
                self.path,
                what,
                error,
            )
        self._failed = True

    def get(self, texts: Iterable[str]) -> dict[str, np.ndarray]:
        """The vectors the file holds for ``texts``, by text (texts it lacks are left out)."""
        if not self.usable:
            return {}
        by_key = {sentence_key(t, self._salt): t for t in texts}
        keys = list(by_key)
        found: dict[str, np.ndarray] = {}
        size = self.dimension * 4
        try:
            with self._lock:
                if self._db is None:  # closed meanwhile (an older generation retired)
                    return {}
                for i in range(0, len(keys), LOOKUP_BATCH):
                    part = keys[i : i + LOOKUP_BATCH]
                    marks = ",".join("?" * len(part))
                    for key, blob in self._db.execute(f"SELECT key, vector FROM vectors WHERE key IN ({marks})", part):
                        if isinstance(blob, bytes) and len(blob) == size:  # a damaged row is encoded again
                            found[by_key[key]] = np.frombuffer(blob, dtype=np.float32).copy()
        except sqlite3.Error as error:
            self._fail("lecture", error)
            return {}
        return found

    def missing(self, texts: Sequence[str]) -> list[str]:
        """The distinct ``texts`` the file holds no vector for, in order (all of them when it is not usable)."""
        held = self.get(texts)
        return [t for t in dict.fromkeys(texts) if t not in held]

    def put(self, vectors: Mapping[str, np.ndarray]) -> None:
        """Keep ``vectors`` (by text); nothing when the file is read-only or unusable."""
        if not vectors or not self.writable or not self.usable:
            return
        rows = []
        for text, vector in vectors.items():
            v = np.asarray(vector, dtype=np.float32)
            if v.shape != (self.dimension,):
                raise ValueError(f"vecteur de {v.shape} pour un modèle de dimension {self.dimension}")
            rows.append((sentence_key(text, self._salt), v.tobytes()))
        try:
            with self._lock:
                if self._db is None:
                    return
                with self._db:
                    self._db.executemany("INSERT OR REPLACE INTO vectors (key, vector) VALUES (?, ?)", rows)
        except sqlite3.OperationalError as error:
            if "locked" in str(error) or "busy" in str(error):
                log.debug("Fichier des phrases occupé : %d vecteurs non écrits cette fois.", len(rows))
                return  # another process writes: these vectors are written by a later question
            self._fail("écriture", error)
        except sqlite3.Error as error:
            self._fail("écriture", error)

    def __len__(self) -> int:
        if not self.usable:
            return 0
        try:
            with self._lock:
                if self._db is None:
                    return 0
                return int(self._db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0])
        except sqlite3.Error as error:
            self._fail("lecture", error)
            return 0

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None
