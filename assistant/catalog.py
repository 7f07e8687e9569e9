"""The files of an index directory besides Chroma: manifest, stored documents, write lock.

Layout of ``index/``::

    manifest.json        the published generation: fingerprint (model, chunking), generation,
                         ``data`` (its folder), one entry per indexed document, retired folders
    gen-000007/          the data of one generation, never written once published:
        manifest.json      the working copy of the manifest (what ingestion resumes from)
        documents/<h>.json the full normalised text, sections and metadata of each document
        chroma/            the Chroma database (see store/), absent when the manifest's
                           ``server_namespace`` puts the vectors on a Chroma server
        bm25/              the BM25 index (see lexical.py)
        passages/          every passage's offsets, heading and sentences, and its text in one
                           file read on demand (see passages.py)
        readers.lock       held (shared) by every process that has this generation open
    write.lock           held by the one process allowed to write

Ingestion never writes the published generation: it copies it to the next folder (only when
something changed), updates the copy, and publishes it by replacing ``manifest.json`` (one
atomic rename). A reader therefore always sees one whole generation, the old or the new one;
a server follows the manifest and swaps (see live.py). A retired folder is deleted by a later
ingestion once nobody has it open and it has been retired for :data:`RETIRED_GRACE_SECONDS`.

Within a folder being written, every file is written to a temporary name and renamed; a
document is listed in the working manifest only after its chunks are in Chroma, and ingestion
reconciles Chroma with that manifest when it resumes, which is what makes a killed ingestion
recoverable. An index written before generations (``data`` empty: ``chroma/`` etc. directly
in ``index/``) is read as it is and copied into a generation folder by the next ingestion.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import IndexLockedError, IndexMismatchError, IndexMissingError
from .types import Document, DocumentMetadata, Section

MANIFEST = "manifest.json"
GENERATION_PREFIX = "gen-"
READERS_LOCK = "readers.lock"
#: A retired generation folder is kept at least this long (a reader may have read the old
#: manifest just before it was replaced and not yet opened the folder).
RETIRED_GRACE_SECONDS = 60.0
#: Name of the data of an index written before generations, in ``Manifest.retired``.
LEGACY_DATA = "."
LEGACY_ENTRIES = ("chroma", "bm25", "bm25.tmp", "bm25.old", "documents")


def generation_folder(generation: int) -> str:
    return f"{GENERATION_PREFIX}{generation:06d}"


def atomic_write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def replaced_directory(directory: Path) -> Iterator[Path]:
    """Fill the yielded folder; on success it replaces ``directory`` whole (a reader sees the old folder
    or the new one, at worst for a moment none); on error it is removed and ``directory`` is left as it was."""
    tmp = directory.with_name(directory.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = directory.with_name(directory.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if directory.exists():
        directory.rename(old)
    tmp.rename(directory)
    shutil.rmtree(old, ignore_errors=True)


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What the index knows of a document without reading its text."""

    id: str
    title: str
    format: str
    size: int
    sha256: str
    chunks: int
    metadata: DocumentMetadata = field(default_factory=DocumentMetadata)


@dataclass
class Manifest:
    fingerprint: dict[str, Any]
    generation: int = 0
    documents: dict[str, DocumentInfo] = field(default_factory=dict)
    report: dict[str, Any] = field(default_factory=dict)  # last ingestion's skipped files and duplicates
    #: folder of this generation's data, relative to the index ("" = the index folder itself)
    data: str = ""
    #: folders of earlier generations → when they were retired (time.time())
    retired: dict[str, float] = field(default_factory=dict)
    #: where the vectors are: "" in the generation folder (``chroma/``), else the namespace of the
    #: index's collections on the Chroma server of ``COOP_CHROMA_URL`` (see store/server.py)
    server_namespace: str = ""

    def to_json(self) -> str:
        docs = {
            k: {
                "title": d.title,
                "format": d.format,
                "size": d.size,
                "sha256": d.sha256,
                "chunks": d.chunks,
                "metadata": d.metadata.as_dict(),
            }
            for k, d in sorted(self.documents.items())
        }
        payload = {
            "fingerprint": self.fingerprint,
            "generation": self.generation,
            "documents": docs,
            "report": self.report,
            "data": self.data,
            "retired": self.retired,
            "server_namespace": self.server_namespace,
        }
        return json.dumps(payload, ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        raw = json.loads(text)
        docs = {
            k: DocumentInfo(
                id=k,
                title=v["title"],
                format=v["format"],
                size=int(v["size"]),
                sha256=v["sha256"],
                chunks=int(v["chunks"]),
                metadata=metadata_from_dict(v.get("metadata", {})),
            )
            for k, v in raw.get("documents", {}).items()
        }
        data = str(raw.get("data") or "")
        if data and (Path(data).name != data or not data.startswith(GENERATION_PREFIX)):
            raise ValueError(f"dossier de génération invalide : {data!r}")
        retired = {str(k): float(v) for k, v in (raw.get("retired") or {}).items()}
        namespace = str(raw.get("server_namespace") or "")
        if namespace and not re.fullmatch(r"[0-9a-f]{8,32}", namespace):
            raise ValueError(f"espace de collections Chroma invalide : {namespace[:40]!r}")
        return cls(
            raw["fingerprint"], int(raw.get("generation", 0)), docs, raw.get("report", {}), data, retired, namespace
        )


def _section(item: list[Any]) -> Section:
    """A stored section: ``[start, end, heading, page]``, and the OCR confidence for a scanned page."""
    start, end, heading, page = item[:4]
    ocr = float(item[4]) if len(item) > 4 and item[4] is not None else None
    return Section(int(start), int(end), str(heading), page, ocr)


def metadata_from_dict(d: dict[str, Any]) -> DocumentMetadata:
    return DocumentMetadata(
        date=d.get("date"),
        authority=d.get("authority"),
        places=tuple(d.get("places") or ()),
        countries=tuple(d.get("countries") or ()),
        themes=tuple(d.get("themes") or ()),
    )


class Catalog:
    """Manifest, stored documents and lock of one index directory.

    ``data_dir`` is the folder of one generation's data; by default, the published one (read
    from the manifest; :meth:`load` binds the catalog to the generation of the manifest it read).
    """

    def __init__(self, index_dir: Path, data_dir: Path | None = None) -> None:
        self.dir = index_dir
        self._data_dir = data_dir

    @property
    def data_dir(self) -> Path:
        if self._data_dir is None:
            if not self.exists():
                return self.dir
            self.load()
        assert self._data_dir is not None
        return self._data_dir

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def bm25_dir(self) -> Path:
        return self.data_dir / "bm25"

    @property
    def passages_dir(self) -> Path:
        return self.data_dir / "passages"

    @property
    def docs_dir(self) -> Path:
        return self.data_dir / "documents"

    # --- manifest ---------------------------------------------------------------------------

    def exists(self) -> bool:
        return (self.dir / MANIFEST).is_file()

    def load(self) -> Manifest:
        """The published manifest (binds an unbound catalog to its generation)."""
        manifest = self._read(self.dir / MANIFEST)
        if self._data_dir is None:
            self._data_dir = self.dir / manifest.data if manifest.data else self.dir
        return manifest

    def load_working(self) -> Manifest | None:
        """The working manifest of this catalog's generation folder, if it has a readable one."""
        path = self.data_dir / MANIFEST
        if self.data_dir == self.dir or not path.is_file():
            return None
        try:
            return self._read(path)
        except IndexMismatchError:
            return None

    def _read(self, path: Path) -> Manifest:
        if not path.is_file():
            raise IndexMissingError(
                f"Aucun index dans {self.dir}. Construisez-le avec « coop ingest » "
                "(ou « make run », qui le construit au besoin)."
            )
        try:
            return Manifest.from_json(path.read_text(encoding="utf-8"))
        except (ValueError, KeyError) as exc:
            raise IndexMismatchError(
                f"Le fichier {path} est illisible ({exc}). Reconstruisez l'index avec « coop ingest --rebuild »."
            ) from exc

    def save(self, manifest: Manifest) -> None:
        """Write the working manifest of this catalog's generation folder (never the published one)."""
        if self.data_dir == self.dir:
            raise RuntimeError("the published manifest is written by publish() only")
        atomic_write_text(self.data_dir / MANIFEST, manifest.to_json())

    def publish(self, manifest: Manifest) -> None:
        """Make ``manifest`` (whose data folder is complete and closed) the published generation."""
        atomic_write_text(self.dir / MANIFEST, manifest.to_json())

    def signature(self) -> tuple[int, int, int] | None:
        """What changes when a generation is published (a cheap stat of the manifest)."""
        try:
            st = (self.dir / MANIFEST).stat()
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    @staticmethod
    def check_fingerprint(stored: dict[str, Any], wanted: dict[str, Any], index_dir: Path) -> None:
        if stored == wanted:
            return
        diffs = ", ".join(
            f"{k} : index={stored.get(k)!r} / réglage={wanted.get(k)!r}"
            for k in sorted(set(stored) | set(wanted))
            if stored.get(k) != wanted.get(k)
        )
        raise IndexMismatchError(
            f"L'index « {index_dir} » a été construit avec d'autres réglages ({diffs}). "
            "Reconstruisez-le avec « coop ingest --rebuild », ou revenez aux réglages d'origine."
        )

    # --- documents --------------------------------------------------------------------------

    def _doc_path(self, doc_id: str) -> Path:
        return self.docs_dir / (hashlib.sha1(doc_id.encode()).hexdigest()[:20] + ".json")

    def save_document(self, doc: Document) -> None:
        payload = {
            "id": doc.id,
            "title": doc.title,
            "text": doc.text,
            "format": doc.format,
            "sha256": doc.sha256,
            "size": doc.size,
            # a fifth item, the OCR confidence, only for the pages of a scan (older files have four)
            "sections": [
                [s.start, s.end, s.heading, s.page, *([s.ocr] if s.ocr is not None else [])] for s in doc.sections
            ],
            "metadata": doc.metadata.as_dict(),
        }
        atomic_write_text(self._doc_path(doc.id), json.dumps(payload, ensure_ascii=False))

    def load_document(self, doc_id: str) -> Document | None:
        path = self._doc_path(doc_id)
        if not path.is_file():
            return None
        raw = json.loads(path.read_text(encoding="utf-8"))
        return Document(
            id=raw["id"],
            title=raw["title"],
            text=raw["text"],
            format=raw["format"],
            sha256=raw["sha256"],
            size=int(raw["size"]),
            sections=tuple(_section(item) for item in raw["sections"]),
            metadata=metadata_from_dict(raw["metadata"]),
        )

    def delete_document(self, doc_id: str) -> None:
        self._doc_path(doc_id).unlink(missing_ok=True)

    # --- lock -------------------------------------------------------------------------------

    def write_lock(self) -> Any:
        """A held file lock; raises IndexLockedError at once if another process writes."""
        from filelock import FileLock, Timeout

        self.dir.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.dir / "write.lock"), timeout=0)
        try:
            lock.acquire()
        except Timeout:
            raise IndexLockedError(
                f"Un autre processus est en train d'écrire l'index {self.dir}. "
                "Attendez la fin de son indexation puis relancez la commande."
            ) from None
        return lock

    # --- generations ------------------------------------------------------------------------

    def hold(self) -> Any:
        """Declare this catalog's generation open by this process until ``.close()`` of the result.

        A shared lock on ``readers.lock``: ingestion does not delete a folder that someone holds.
        (Without ``fcntl``, e.g. on Windows, only the grace delay protects readers.)
        """
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX
            return contextlib.nullcontext()
        path = self.data_dir / READERS_LOCK
        try:
            fh = path.open("a")
        except OSError:  # a read-only index: nobody can delete it either
            return contextlib.nullcontext()
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_SH)
        except OSError:
            fh.close()
            raise
        return fh

    def remove_retired(self, manifest: Manifest, keep: frozenset[str] = frozenset()) -> list[str]:
        """Delete the generation folders that ``manifest`` does not use and nobody has open.

        A folder goes once it has been retired for :data:`RETIRED_GRACE_SECONDS` (an unknown
        one, left by a killed ingestion, once it is that old) and no reader holds it. Returns
        the names of the folders deleted. Called with the write lock held.
        """
        names = {
            p.name for p in self.dir.glob(GENERATION_PREFIX + "*") if p.is_dir() and p.name != manifest.data
        } - keep
        if manifest.data and any((self.dir / e).exists() for e in LEGACY_ENTRIES):
            names.add(LEGACY_DATA)
        now = time.time()
        removed: list[str] = []
        for name in sorted(names):
            folder = self.dir if name == LEGACY_DATA else self.dir / name
            since = manifest.retired.get(name)
            if since is None:
                with contextlib.suppress(OSError):
                    since = folder.stat().st_mtime if name != LEGACY_DATA else 0.0
            if since is None or now - since < RETIRED_GRACE_SECONDS:
                continue
            with _unused(folder / READERS_LOCK) as unused:
                if not unused:
                    continue
                if name == LEGACY_DATA:
                    for entry in LEGACY_ENTRIES:
                        shutil.rmtree(self.dir / entry, ignore_errors=True)
                else:
                    shutil.rmtree(folder, ignore_errors=True)
            if name == LEGACY_DATA:
                (self.dir / READERS_LOCK).unlink(missing_ok=True)
            removed.append(name)
        return removed


@contextlib.contextmanager
def _unused(lock_path: Path) -> Iterator[bool]:
    """Whether no process holds ``lock_path`` (held exclusively meanwhile, so nobody starts)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield True
        return
    try:
        fh = lock_path.open("a")
    except OSError:
        yield not lock_path.parent.is_dir()
        return
    with fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            yield False
            return
        yield True
