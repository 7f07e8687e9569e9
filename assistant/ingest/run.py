"""The indexing run, phase by phase: plan → read → deduplicate → embed and store → lexical index → report."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from ..catalog import Catalog
from ..chunking import Chunker
from ..errors import ConfigError
from ..lexical import LexicalIndex
from ..loaders.scanned import OcrCache
from ..models import Embedder
from ..passages import PassageTable
from ..settings import Settings
from .dedupe import deduplicate
from .generation import NextGeneration
from .plan import make_plan
from .reading import ocr_cache_dir, read_files
from .report import FileReport, IngestReport, Status
from .storing import embed_and_store

logger = logging.getLogger(__name__)


def ingest(
    settings: Settings,
    embedder: Embedder | None = None,
    *,
    rebuild: bool = False,
    progress: bool = True,
    on_file: Callable[[FileReport], None] | None = None,
) -> IngestReport:
    """Bring the index of ``settings.index_dir`` in line with ``settings.corpus_dir``."""
    t0 = time.perf_counter()
    corpus = settings.corpus_dir
    if not corpus.is_dir():
        raise ConfigError(
            f"Le dossier de documents {corpus} n'existe pas. Créez-le et placez-y vos documents, "
            "ou indiquez-en un autre avec --corpus ou COOP_CORPUS_DIR."
        )
    lock = Catalog(settings.index_dir).write_lock()
    generation: NextGeneration | None = None
    try:
        if embedder is None:
            from ..models import load_embedder

            embedder = load_embedder(settings)
        generation = NextGeneration(
            settings.index_dir,
            settings.index_fingerprint(embedder.model_id),
            rebuild=rebuild,
            server=settings.chroma_server,
        )
        return _run(settings, embedder, generation, _Reports(on_file), progress, t0)
    finally:
        if generation is not None:
            generation.close()
        lock.release()


class _Reports:
    """The file reports of a run, passed on to ``on_file`` as they come."""

    def __init__(self, on_file: Callable[[FileReport], None] | None) -> None:
        self.files: list[FileReport] = []
        self._paths: set[str] = set()
        self._on_file = on_file

    def __call__(self, report: FileReport) -> None:
        self.files.append(report)
        self._paths.add(report.path)
        if self._on_file:
            self._on_file(report)

    def has(self, path: str) -> bool:
        return path in self._paths

    def skipped(self) -> dict[str, str]:
        return {r.path: r.reason for r in self.files if r.status == Status.SKIPPED}


def _run(
    settings: Settings,
    embedder: Embedder,
    generation: NextGeneration,
    report: _Reports,
    progress: bool,
    t0: float,
) -> IngestReport:
    manifest = generation.manifest
    corpus = settings.corpus_dir

    # 1. Plan: which files are new or changed (a hash of the bytes), identical, or gone.
    plan = make_plan(corpus, {doc_id: info.sha256 for doc_id, info in manifest.documents.items()})
    for r in plan.reports:
        report(r)
    if plan.removed:
        generation.remove(plan.removed)
        for doc_id in plan.removed:
            if doc_id not in plan.seen and doc_id not in plan.outside:
                report(FileReport(doc_id, Status.REMOVED, "fichier retiré du corpus"))

    # 2. Read the new and changed documents (text, structure, then metadata).
    fresh, unreadable = read_files(plan.to_read, corpus, settings, manifest.documents, progress=progress)
    for r in unreadable:
        report(r)

    # 3. Deduplicate: blocks repeated across documents (stored texts for the unchanged ones).
    dedup = deduplicate(fresh, manifest.documents, generation.stored, manifest.report.get("skips", {}))
    to_index = dedup.to_index

    # 4. Chunk, embed and store, a batch of documents at a time.
    bar = _progress(len(to_index), progress)
    if to_index:
        generation.changed = True
    embedded = embed_and_store(
        to_index,
        dedup.repeats.skips,
        dedup.digests,
        chunker=Chunker(embedder.count_tokens, settings.chunk_tokens, settings.chunk_overlap_tokens),
        embedder=embedder,
        generation=generation,
        report=report,
        advance=bar.update,
        sentence_vectors=settings.sentence_vectors,
    )
    bar.close()

    # 5. The lexical index (BM25), derived from what Chroma holds, then the generation is published.
    chunks_total = sum(info.chunks for info in manifest.documents.values())
    if generation.changed:
        everything = generation.store().all_chunks()
        LexicalIndex.build(everything).save(generation.work.bm25_dir, generation.number)
        PassageTable.save(everything, generation.work.passages_dir, generation.number)
        del everything
        chunks_total = generation.publish(plan.duplicates, report.skipped())

    # The OCR cache keeps the pages of the files still in the corpus only (after publication: the
    # generation served until now may show a page image of a file just changed).
    try:
        OcrCache(ocr_cache_dir(settings.index_dir)).prune(plan.digests)
    except OSError:
        logger.warning("cache OCR non nettoyé", exc_info=True)

    # 6. Report.
    for doc_id in sorted(manifest.documents):
        if doc_id not in to_index and doc_id in plan.seen and not report.has(doc_id):
            report(FileReport(doc_id, Status.UNCHANGED, chunks=manifest.documents[doc_id].chunks))
    skips = dedup.repeats.skips
    return IngestReport(
        files=tuple(sorted(report.files, key=lambda r: r.path)),
        seconds=time.perf_counter() - t0,
        chunks_embedded=embedded.chunks,
        sentences_embedded=embedded.sentences,
        chunks_total=chunks_total,
        documents_total=len(manifest.documents),
        boilerplate_chars=sum(e - s for spans in skips.values() for s, e in spans),
        duplicates=plan.duplicates,
        near_copies=tuple(sorted(dedup.repeats.near_copies.items())),
    )


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
