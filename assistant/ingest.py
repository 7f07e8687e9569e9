"""Incremental, crash-safe ingestion of a corpus directory into an index directory.

Only new or changed documents are read, chunked and embedded; removed documents are deleted;
unchanged ones cost one hash of their bytes. One process writes at a time (a lock).

A run that changes something writes a new generation (catalog.py): a copy of the published one
in the next folder, updated, then published by replacing the manifest, so that a server reading
the index meanwhile keeps answering from a whole generation. An unchanged corpus copies and
publishes nothing. A process killed at any moment leaves the published generation intact and a
folder that the next run resumes: every chunk in its Chroma that its working manifest does not
vouch for is deleted, and documents whose stored chunk count disagrees are indexed again.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .catalog import LEGACY_DATA, Catalog, DocumentInfo, Manifest, generation_folder
from .chunking import Chunker
from .errors import ConfigError, DocumentError
from .lexical import LexicalIndex
from .models import Embedder
from .settings import Settings
from .store import ChromaStore
from .types import Chunk, Document

log = logging.getLogger(__name__)

INDEXED, UNCHANGED, REMOVED, SKIPPED, DUPLICATE = "indexé", "inchangé", "retiré", "ignoré", "doublon"


@dataclass(frozen=True, slots=True)
class FileReport:
    path: str
    status: str  # one of INDEXED, UNCHANGED, REMOVED, SKIPPED, DUPLICATE
    reason: str = ""
    chunks: int = 0


@dataclass(frozen=True)
class IngestReport:
    files: tuple[FileReport, ...]
    seconds: float
    chunks_embedded: int
    sentences_embedded: int
    chunks_total: int
    documents_total: int
    boilerplate_chars: int = 0
    duplicates: tuple[tuple[str, ...], ...] = field(default_factory=tuple)
    #: (document, earlier document whose text it nearly repeats): both are indexed whole.
    near_copies: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def with_status(self, status: str) -> list[FileReport]:
        return [f for f in self.files if f.status == status]

    @property
    def skipped(self) -> list[FileReport]:
        return self.with_status(SKIPPED)


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def ingest(
    settings: Settings,
    embedder: Embedder | None = None,
    *,
    rebuild: bool = False,
    progress: bool = True,
    on_file: Callable[[FileReport], None] | None = None,
) -> IngestReport:
    """Bring the index of ``settings.index_dir`` in line with ``settings.corpus_dir``."""
    from .boilerplate import find_repeats
    from .loaders import iter_corpus, read_document

    t0 = time.perf_counter()
    corpus = settings.corpus_dir
    if not corpus.is_dir():
        raise ConfigError(
            f"Le dossier de documents {corpus} n'existe pas. Créez-le et placez-y vos documents, "
            "ou indiquez-en un autre avec --corpus ou COOP_CORPUS_DIR."
        )
    catalog = Catalog(settings.index_dir)  # the published generation, only read
    lock = catalog.write_lock()
    store: ChromaStore | None = None
    try:
        if embedder is None:
            from .models import load_embedder

            embedder = load_embedder(settings)
        fingerprint = settings.index_fingerprint(embedder.model_id)
        published = catalog.load() if catalog.exists() else None
        base = published.generation if published is not None else 0
        # The next generation is written in its own folder; the published one is never touched.
        work = Catalog(settings.index_dir, settings.index_dir / generation_folder(base + 1))
        if published is not None:
            catalog.remove_retired(published, keep=frozenset({work.data_dir.name}))
        resumed = None if rebuild else work.load_working()
        if resumed is not None and resumed.fingerprint != fingerprint:
            resumed = None
        if resumed is None and not rebuild and published is not None:
            if _only_format_differs(published.fingerprint, fingerprint):
                # Built by an earlier version with the same model and chunk settings: the format is
                # ours to upgrade, the user has nothing to decide.
                log.warning(
                    "L'index « %s » date d'une version précédente de Coop'Assistant : reconstruction complète.",
                    settings.index_dir,
                )
                rebuild = True
            else:
                Catalog.check_fingerprint(published.fingerprint, fingerprint, settings.index_dir)
        source = work  # where the stored text of unchanged documents is read
        if resumed is not None:  # a killed ingestion left this folder: go on from where it stopped
            manifest = resumed
            store = ChromaStore(work.chroma_dir)
            _reconcile(store, work, manifest)
            changed = True
        else:
            shutil.rmtree(work.data_dir, ignore_errors=True)
            if rebuild or published is None:
                manifest, changed = Manifest(fingerprint, generation=base), True
            else:
                manifest, changed = Manifest.from_json(published.to_json()), False
                source = Catalog(settings.index_dir, catalog.data_dir)

        def writable() -> ChromaStore:
            """The Chroma of the next generation, a copy of the published one made at first need."""
            nonlocal store, source
            if store is None:
                if source is not work:
                    t = time.perf_counter()
                    shutil.copytree(source.chroma_dir, work.chroma_dir)
                    if source.docs_dir.is_dir():
                        shutil.copytree(source.docs_dir, work.docs_dir)
                    log.info("Génération précédente copiée en %.2f s.", time.perf_counter() - t)
                    source = work
                work.data_dir.mkdir(parents=True, exist_ok=True)
                store = ChromaStore(work.chroma_dir)
                work.save(manifest)
            return store

        if published is not None and not published.data and resumed is None and not rebuild:
            # An index from before generations: moved into one, and repaired if a crash damaged it.
            _reconcile(writable(), work, manifest)
            changed = True

        reports: list[FileReport] = []

        def report(r: FileReport) -> None:
            reports.append(r)
            if on_file:
                on_file(r)

        # 1. Which files are new or changed (a hash of the bytes; nothing is parsed yet).
        outside: list[tuple[str, str]] = []
        paths = iter_corpus(corpus, outside)
        outside_ids = {rel for rel, _ in outside}
        for rel, reason in outside:  # links leading out of the corpus: never read; an indexed copy goes
            gone = " (sa version indexée est retirée)" if rel in manifest.documents else ""
            report(FileReport(rel, SKIPPED, reason + gone))
        seen_ids: set[str] = set()
        by_hash: dict[str, str] = {}
        to_read: list[Path] = []
        duplicates: dict[str, list[str]] = {}
        for path in paths:
            rel = path.relative_to(corpus).as_posix()
            seen_ids.add(rel)
            try:
                digest = file_sha256(path)
            except OSError as exc:
                report(FileReport(rel, SKIPPED, _os_reason(exc, rel in manifest.documents)))
                continue
            if digest in by_hash:
                duplicates.setdefault(by_hash[digest], []).append(rel)
                report(FileReport(rel, DUPLICATE, f"identique à {by_hash[digest]} : indexé une seule fois"))
                continue
            by_hash[digest] = rel
            info = manifest.documents.get(rel)
            if info is not None and info.sha256 == digest:
                continue  # unchanged, unless its boilerplate changes (below)
            to_read.append(path)

        # 2. Removed files, and duplicates that were indexed under their second name.
        dup_names = {d for names in duplicates.values() for d in names}
        removed = [d for d in manifest.documents if d not in seen_ids or d in dup_names]
        unreadable_kept = {r.path for r in reports if r.status == SKIPPED} - outside_ids
        removed = [d for d in removed if d not in unreadable_kept]
        if removed:
            writable().delete_documents(removed)
            for doc_id in removed:
                work.delete_document(doc_id)
                manifest.documents.pop(doc_id, None)
                if doc_id not in seen_ids and doc_id not in outside_ids:
                    report(FileReport(doc_id, REMOVED, "fichier retiré du corpus"))
            changed = True

        # 3. Read the new and changed documents.
        fresh: dict[str, Document] = {}
        for path in to_read:
            rel = path.relative_to(corpus).as_posix()
            try:
                fresh[rel] = read_document(
                    path,
                    corpus,
                    max_bytes=int(settings.max_file_mb * 1024 * 1024),
                    max_text_chars=settings.max_text_chars,
                    max_seconds=settings.max_read_seconds,
                )
            except DocumentError as exc:
                kept = " (l'ancienne version reste indexée)" if rel in manifest.documents else ""
                report(FileReport(rel, SKIPPED, exc.reason + kept))

        # 4. Boilerplate across all documents (stored texts for the unchanged ones).
        all_docs: list[Document] = []
        for doc_id in sorted(set(manifest.documents) | set(fresh)):
            doc = fresh.get(doc_id) or source.load_document(doc_id)
            if doc is not None:
                all_docs.append(doc)
        repeats = find_repeats(all_docs)
        skips = repeats.skips
        skip_digest = {d.id: _spans_digest(skips.get(d.id, [])) for d in all_docs}
        for doc in all_docs:
            info = manifest.documents.get(doc.id)
            if (
                doc.id not in fresh
                and info is not None
                and manifest.report.get("skips", {}).get(doc.id, "") != skip_digest[doc.id]
            ):
                fresh[doc.id] = doc  # its repeated blocks changed: chunk it again

        # 5. Chunk, embed and store, a group of documents at a time.
        chunker = Chunker(embedder.count_tokens, settings.chunk_tokens, settings.chunk_overlap_tokens)
        n_chunks = n_sentences = 0
        order = sorted(fresh)
        bar = _progress(len(order), progress)
        group: list[tuple[Document, list[Chunk]]] = []
        group_size = 0
        skips_record = dict(manifest.report.get("skips", {}))

        def flush() -> None:
            nonlocal group, group_size, n_chunks, n_sentences
            if not group:
                return
            n_c, n_s = _embed_and_store(embedder, writable(), group)
            n_chunks += n_c
            n_sentences += n_s
            for doc, chunks in group:
                work.save_document(doc)
                manifest.documents[doc.id] = DocumentInfo(
                    doc.id, doc.title, doc.format, doc.size, doc.sha256, len(chunks), doc.metadata
                )
                skips_record[doc.id] = skip_digest.get(doc.id, "")
            manifest.report["skips"] = skips_record
            work.save(manifest)
            for doc, chunks in group:
                report(FileReport(doc.id, INDEXED, chunks=len(chunks)))
            bar.update(len(group))
            group, group_size = [], 0

        changed = changed or bool(fresh)
        for doc_id in order:
            doc = fresh[doc_id]
            chunks = chunker.split(doc, skips.get(doc_id, []))
            if not chunks:
                report(FileReport(doc_id, SKIPPED, "aucun texte indexable (document vide ou entièrement répété)"))
                if doc_id in manifest.documents:
                    writable().delete_documents([doc_id])
                    manifest.documents.pop(doc_id)
                    work.delete_document(doc_id)
                    changed = True
                bar.update(1)
                continue
            group.append((doc, chunks))
            group_size += len(chunks)
            if group_size >= 64:
                flush()
        flush()
        bar.close()

        # 6. BM25, derived from what Chroma holds, then the new generation is published.
        chunks_total = sum(info.chunks for info in manifest.documents.values())
        if changed:
            st = writable()
            manifest.generation = base + 1
            manifest.data = work.data_dir.name
            manifest.report["duplicates"] = [[k, *v] for k, v in sorted(duplicates.items())]
            manifest.report["skipped"] = {r.path: r.reason for r in reports if r.status == SKIPPED}
            if published is not None:
                manifest.retired = {
                    name: since
                    for name, since in published.retired.items()
                    if (settings.index_dir / name).is_dir() and name != manifest.data
                }
                manifest.retired[published.data or LEGACY_DATA] = time.time()
            LexicalIndex.build(st.all_chunks()).save(work.bm25_dir, manifest.generation)
            chunks_total = st.count()
            work.save(manifest)
            st.close()  # everything on disk before anyone reads it
            store = None
            catalog.publish(manifest)
            catalog.remove_retired(manifest)
        for doc_id in sorted(manifest.documents):
            if doc_id not in fresh and doc_id in seen_ids and not any(r.path == doc_id for r in reports):
                report(FileReport(doc_id, UNCHANGED, chunks=manifest.documents[doc_id].chunks))
        return IngestReport(
            files=tuple(sorted(reports, key=lambda r: r.path)),
            seconds=time.perf_counter() - t0,
            chunks_embedded=n_chunks,
            sentences_embedded=n_sentences,
            chunks_total=chunks_total,
            documents_total=len(manifest.documents),
            boilerplate_chars=sum(e - s for spans in skips.values() for s, e in spans),
            duplicates=tuple(tuple([k, *v]) for k, v in sorted(duplicates.items())),
            near_copies=tuple(sorted(repeats.near_copies.items())),
        )
    finally:
        if store is not None:
            store.close()
        lock.release()


def _embed_and_store(
    embedder: Embedder, store: ChromaStore, group: Sequence[tuple[Document, list[Chunk]]]
) -> tuple[int, int]:
    chunks = [c for _, cs in group for c in cs]
    chunk_vectors = embedder.encode_document([c.embed_text for c in chunks])
    # Sentences shared by overlapping chunks are embedded once.
    unique: dict[tuple[str, int, int], int] = {}
    texts: list[str] = []
    for c in chunks:
        for s in c.sentences:
            key = (c.doc_id, s.start, s.end)
            if key not in unique:
                unique[key] = len(texts)
                texts.append(s.text)
    sent_matrix = embedder.encode_document(texts) if texts else np.zeros((0, chunk_vectors.shape[1]), np.float32)
    per_chunk = [
        sent_matrix[[unique[(c.doc_id, s.start, s.end)] for s in c.sentences]]
        if c.sentences
        else np.zeros((0, chunk_vectors.shape[1]), np.float32)
        for c in chunks
    ]
    store.delete_documents([doc.id for doc, _ in group])  # the previous version, if any
    store.add_chunks(chunks, chunk_vectors, per_chunk)
    return len(chunks), len(texts)


def _reconcile(store: ChromaStore, catalog: Catalog, manifest: Manifest) -> bool:
    """Delete what the manifest does not vouch for; forget documents whose chunks are incomplete."""
    counts = store.chunk_counts()
    orphans = [d for d in counts if d not in manifest.documents]
    broken = [
        d
        for d, info in manifest.documents.items()
        if counts.get(d, 0) != info.chunks or catalog.load_document(d) is None
    ]
    if orphans or broken:
        log.warning(
            "Index réparé après une interruption : %d document(s) orphelin(s), %d incomplet(s).",
            len(orphans),
            len(broken),
        )
        store.delete_documents(orphans + broken)
        for d in broken:
            manifest.documents.pop(d, None)
        catalog.save(manifest)
        return True
    return False


def _spans_digest(spans: Sequence[tuple[int, int]]) -> str:
    return hashlib.sha1(repr(sorted(spans)).encode()).hexdigest()[:12] if spans else ""


def _os_reason(exc: OSError, kept: bool) -> str:
    tail = " (l'ancienne version reste indexée)" if kept else ""
    if isinstance(exc, PermissionError):
        return "lecture refusée : vérifiez les droits du fichier" + tail
    if isinstance(exc, FileNotFoundError):
        return "le fichier a disparu pendant l'indexation" + tail
    return f"lecture impossible ({exc.strerror or exc})" + tail


class _NoBar:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def _progress(total: int, enabled: bool) -> _NoBar:
    if not enabled or total == 0:
        return _NoBar()
    from tqdm import tqdm

    bar: _NoBar = tqdm(total=total, unit="doc", desc="Indexation", leave=False)
    return bar


def _only_format_differs(stored: dict[str, Any], wanted: dict[str, Any]) -> bool:
    """Whether two fingerprints differ in the index format (``schema``) and in nothing the user set."""
    keys = (set(stored) | set(wanted)) - {"schema"}
    return stored.get("schema") != wanted.get("schema") and all(stored.get(k) == wanted.get(k) for k in keys)
