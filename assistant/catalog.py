"""The files of an index directory besides Chroma: manifest, stored documents, write lock.

Layout of ``index/``::

    manifest.json        fingerprint (model, chunking), generation, one entry per indexed document
    documents/<h>.json   the full normalised text, sections and metadata of each indexed document
    chroma/              the Chroma database (see store.py)
    bm25/                the BM25 index (see lexical.py)
    write.lock           held by the one process allowed to write

Every file is written to a temporary name and renamed, so a crash leaves the old or the new
version, never half of one. A document is listed in the manifest only after its chunks are in
Chroma; ingestion reconciles Chroma with the manifest at start, which is what makes a killed
ingestion recoverable.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import IndexLockedError, IndexMismatchError, IndexMissingError
from .types import Document, DocumentMetadata, Section

MANIFEST = "manifest.json"


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
        return cls(raw["fingerprint"], int(raw.get("generation", 0)), docs, raw.get("report", {}))


def metadata_from_dict(d: dict[str, Any]) -> DocumentMetadata:
    return DocumentMetadata(
        date=d.get("date"),
        authority=d.get("authority"),
        places=tuple(d.get("places") or ()),
        countries=tuple(d.get("countries") or ()),
        themes=tuple(d.get("themes") or ()),
    )


class Catalog:
    """Manifest, stored documents and lock of one index directory."""

    def __init__(self, index_dir: Path) -> None:
        self.dir = index_dir
        self.chroma_dir = index_dir / "chroma"
        self.bm25_dir = index_dir / "bm25"
        self.docs_dir = index_dir / "documents"

    # --- manifest ---------------------------------------------------------------------------

    def exists(self) -> bool:
        return (self.dir / MANIFEST).is_file()

    def load(self) -> Manifest:
        path = self.dir / MANIFEST
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
        atomic_write_text(self.dir / MANIFEST, manifest.to_json())

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
            "sections": [[s.start, s.end, s.heading, s.page] for s in doc.sections],
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
            sections=tuple(Section(int(a), int(b), str(h), p) for a, b, h, p in raw["sections"]),
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
