"""The generation being written: opened (fresh, resumed after a crash, or next to the published one),
changed, then published.

A run that changes something writes a new generation (:mod:`assistant.catalog`): a copy of the
published one in the next folder, made at the first change, then published by replacing the
manifest. A folder left by a killed run is resumed: every chunk in its Chroma that its working
manifest does not vouch for is deleted, and documents whose stored chunk count disagrees are
indexed again.

With a Chroma server (``server``), a generation's vectors are two collections named after the
index's namespace and the generation folder (see :mod:`assistant.store.server`): the copy of the
published generation is made record by record (into new collections), a generation written afresh
first loses what a killed run left of it, and collections whose folder is gone are deleted. A
published generation whose vectors are elsewhere (in its folder while a server is set, or the
reverse) is copied there by the next run, which therefore publishes.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..catalog import LEGACY_DATA, Catalog, DocumentInfo, Manifest, generation_folder
from ..errors import ChromaServerError
from ..store import ChromaServer, ChromaStore, VectorStore, copy_store
from ..store.server import new_namespace, sweep
from ..types import Chunk, Document

log = logging.getLogger(__name__)


class NextGeneration:
    """The next generation of the index of ``index_dir``, opened under the write lock.

    :attr:`manifest` is the working manifest; :attr:`changed` says whether publishing is due;
    :meth:`stored` reads the stored text of a document (from the published generation until the
    first change copies it).
    """

    def __init__(
        self, index_dir: Path, fingerprint: dict[str, Any], *, rebuild: bool, server: ChromaServer | None = None
    ) -> None:
        self.index_dir = index_dir
        self.server = server
        self.catalog = Catalog(index_dir)  # the published generation, only read
        self._store: VectorStore | None = None
        try:
            self._open(fingerprint, rebuild)
        except BaseException:
            self.close()
            raise

    def _open(self, fingerprint: dict[str, Any], rebuild: bool) -> None:
        index_dir = self.index_dir
        published = self.catalog.load() if self.catalog.exists() else None
        self.published = published
        self.base = published.generation if published is not None else 0
        # The next generation is written in its own folder; the published one is never touched.
        self.work = Catalog(index_dir, index_dir / generation_folder(self.base + 1))
        if published is not None:
            self.catalog.remove_retired(published, keep=frozenset({self.work.data_dir.name}))
        resumed = None if rebuild else self.work.load_working()
        if resumed is not None and resumed.fingerprint != fingerprint:
            resumed = None
        # Where the vectors go: the index's namespace on the server (kept from run to run), or "".
        self._source_namespace = published.server_namespace if published is not None else ""
        self.namespace = _namespace(self.server, published, resumed)
        if resumed is not None and resumed.server_namespace != self.namespace:
            resumed = None
        self._sweep({self.work.data_dir.name, published.data if published is not None else ""})
        if resumed is None and not rebuild and published is not None:
            if _only_format_differs(published.fingerprint, fingerprint):
                # Built by an earlier version with the same model and chunk settings: the format is
                # ours to upgrade, the user has nothing to decide.
                log.warning(
                    "L'index « %s » date d'une version précédente de Coop'Assistant : reconstruction complète.",
                    index_dir,
                )
                rebuild = True
            else:
                Catalog.check_fingerprint(published.fingerprint, fingerprint, index_dir)
        self._source = self.work  # where the stored text of unchanged documents is read
        if resumed is not None:  # a killed ingestion left this folder: go on from where it stopped
            self.manifest = resumed
            self._store = ChromaStore.for_generation(self.work.chroma_dir, self.namespace, self.server, create=True)
            _reconcile(self._store, self.work, self.manifest)
            self.changed = True
        else:
            shutil.rmtree(self.work.data_dir, ignore_errors=True)
            ChromaStore.drop_generation(self.work.chroma_dir, self.namespace, self.server)
            if rebuild or published is None:
                self.manifest, self.changed = Manifest(fingerprint, generation=self.base), True
            else:
                self.manifest, self.changed = Manifest.from_json(published.to_json()), False
                self._source = Catalog(index_dir, self.catalog.data_dir)
                # Vectors to move between the folder and a server: the next generation holds them.
                self.changed = published.server_namespace != self.namespace
            self.manifest.server_namespace = self.namespace
        if published is not None and not published.data and resumed is None and not rebuild:
            # An index from before generations: moved into one, and repaired if a crash damaged it.
            _reconcile(self.store(), self.work, self.manifest)
            self.changed = True

    def store(self) -> VectorStore:
        """The Chroma of the next generation, a copy of the published one made at first need."""
        if self._store is None:
            self.work.data_dir.mkdir(parents=True, exist_ok=True)
            if self._source is not self.work:
                t = time.perf_counter()
                if self.namespace or self._source_namespace:  # on a server, or moving to or from one
                    self._store = self._copied_store()
                else:
                    shutil.copytree(self._source.chroma_dir, self.work.chroma_dir)
                if self._source.docs_dir.is_dir():
                    shutil.copytree(self._source.docs_dir, self.work.docs_dir)
                log.info("Génération précédente copiée en %.2f s.", time.perf_counter() - t)
                self._source = self.work
            if self._store is None:
                self._store = ChromaStore.for_generation(
                    self.work.chroma_dir, self.namespace, self.server, create=True
                )
            self.work.save(self.manifest)
        return self._store

    def _copied_store(self) -> ChromaStore:
        """The store of the next generation, filled with the records of the published one."""
        source = ChromaStore.for_generation(
            self._source.chroma_dir, self._source_namespace, self.server, create=False
        )
        try:
            target = ChromaStore.for_generation(self.work.chroma_dir, self.namespace, self.server, create=True)
            try:
                copy_store(source, target)
            except BaseException:
                target.close()
                raise
        finally:
            source.close()
        return target

    def _sweep(self, keep: set[str]) -> None:
        """Delete the server collections of generations whose folder is gone (nobody reads them)."""
        if self.server is None or not self.namespace:
            return
        try:
            sweep(self.server, self.namespace, keep, lambda folder: (self.index_dir / folder).is_dir())
        except ChromaServerError as exc:  # the next run cleans up; the index itself is fine
            log.warning("Nettoyage du serveur Chroma remis à plus tard : %s", exc.message)

    def stored(self, doc_id: str) -> Document | None:
        """The stored document ``doc_id`` (text, sections, metadata), None if absent or unreadable."""
        return self._source.load_document(doc_id)

    def remove(self, doc_ids: Sequence[str]) -> None:
        """Delete documents from the next generation (their chunks, stored text and manifest entry)."""
        self.store().delete_documents(list(doc_ids))
        for doc_id in doc_ids:
            self.work.delete_document(doc_id)
            self.manifest.documents.pop(doc_id, None)
        self.changed = True

    def record(self, indexed: Iterable[tuple[Document, list[Chunk]]], skip_digests: dict[str, str]) -> None:
        """Save stored documents whose chunks are in the store, and the manifest that vouches for them."""
        skips = dict(self.manifest.report.get("skips", {}))
        for doc, chunks in indexed:
            self.work.save_document(doc)
            self.manifest.documents[doc.id] = DocumentInfo(
                doc.id, doc.title, doc.format, doc.size, doc.sha256, len(chunks), doc.metadata
            )
            skips[doc.id] = skip_digests.get(doc.id, "")
        self.manifest.report["skips"] = skips
        self.work.save(self.manifest)

    @property
    def number(self) -> int:
        """The number of the next generation."""
        return self.base + 1

    def publish(self, duplicates: Sequence[Sequence[str]], skipped: dict[str, str]) -> int:
        """Publish the next generation (its lexical index already written); the number of chunks it holds."""
        st = self.store()
        manifest, published = self.manifest, self.published
        manifest.generation = self.number
        manifest.data = self.work.data_dir.name
        manifest.report["duplicates"] = [list(group) for group in duplicates]
        manifest.report["skipped"] = skipped
        if published is not None:
            manifest.retired = {
                name: since
                for name, since in published.retired.items()
                if (self.index_dir / name).is_dir() and name != manifest.data
            }
            manifest.retired[published.data or LEGACY_DATA] = time.time()
        chunks_total = st.count()
        self.work.save(manifest)
        st.close()  # everything on disk before anyone reads it
        self._store = None
        self.catalog.publish(manifest)
        self.catalog.remove_retired(manifest)
        self._sweep({manifest.data})
        return chunks_total

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def _reconcile(store: VectorStore, catalog: Catalog, manifest: Manifest) -> bool:
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


def _only_format_differs(stored: dict[str, Any], wanted: dict[str, Any]) -> bool:
    """Whether two fingerprints differ in the index format (``schema``) and in nothing the user set."""
    keys = (set(stored) | set(wanted)) - {"schema"}
    return stored.get("schema") != wanted.get("schema") and all(stored.get(k) == wanted.get(k) for k in keys)


def _namespace(server: ChromaServer | None, published: Manifest | None, resumed: Manifest | None) -> str:
    """The namespace of the index's collections on ``server`` ("" without a server): the published
    one's, else the one a killed first run chose, else a new one."""
    if server is None:
        return ""
    for manifest in (published, resumed):
        if manifest is not None and manifest.server_namespace:
            return manifest.server_namespace
    return new_namespace()
