"""Phase 2, reading: the new and changed files become Documents, with the metadata indexing derives.

Reading proper (:mod:`assistant.loaders`) gives the text and its structure; the document's
metadata (date, authority, places, countries, themes) is derived here from its text, title and
id (:mod:`assistant.metadata`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import DocumentError
from ..loaders import DEFAULT_MAX_BYTES, DEFAULT_MAX_READ_SECONDS, DEFAULT_MAX_TEXT_CHARS, read_document
from ..loaders.ocr import OcrOptions
from ..metadata import extract_metadata
from ..settings import Settings
from ..types import Document, DocumentMetadata
from .plan import KEPT
from .report import FileReport, Status

logger = logging.getLogger(__name__)


def describe(doc: Document) -> Document:
    """``doc`` with its metadata, derived from its text, title and id."""
    try:
        metadata = extract_metadata(doc.text, doc.title, doc.id)
    except Exception:  # metadata is a bonus: a bug there must not lose the document
        logger.warning("métadonnées de %s non extraites", doc.id, exc_info=True)
        metadata = DocumentMetadata()
    return replace(doc, metadata=metadata)


def read_and_describe(
    path: Path,
    root: Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_text_chars: int = DEFAULT_MAX_TEXT_CHARS,
    max_seconds: float = DEFAULT_MAX_READ_SECONDS,
    ocr: OcrOptions | None = None,
) -> Document:
    """:func:`~assistant.loaders.read_document`, then :func:`describe`: a document as indexing sees it."""
    return describe(
        read_document(path, root, max_bytes=max_bytes, max_text_chars=max_text_chars, max_seconds=max_seconds, ocr=ocr)
    )


def ocr_options(settings: Settings, **hooks: Callable[..., None] | None) -> OcrOptions:
    """How scanned pages are read with ``settings`` (``COOP_OCR_*``); the cache is the index's ``ocr/``."""
    return OcrOptions(
        command=settings.tesseract_cmd,
        languages=settings.ocr_languages,
        dpi=settings.ocr_dpi,
        max_pixels=settings.ocr_max_pixels,
        max_pages=settings.ocr_max_pages,
        page_seconds=settings.ocr_page_seconds,
        min_confidence=settings.ocr_min_confidence,
        cache_dir=ocr_cache_dir(settings.index_dir),
        on_pages=hooks.get("on_pages"),
        on_page=hooks.get("on_page"),
    )


def ocr_cache_dir(index_dir: Path) -> Path:
    """The OCR cache of an index (outside its generations: ``--rebuild`` keeps it)."""
    return index_dir / "ocr"


def read_files(
    paths: Sequence[Path], corpus: Path, settings: Settings, indexed: Collection[str], *, progress: bool = False
) -> tuple[dict[str, Document], list[FileReport]]:
    """The documents of ``paths`` by id, and the reports of the files that could not be read.

    With ``progress``, scanned pages read by OCR advance a progress bar (pages, on stderr).
    """
    fresh: dict[str, Document] = {}
    reports: list[FileReport] = []
    bar = _PageBar(progress)
    options = ocr_options(settings, on_pages=bar.add, on_page=bar.advance)
    try:
        for path in paths:
            rel = path.relative_to(corpus).as_posix()
            bar.describe(rel)
            try:
                fresh[rel] = read_and_describe(
                    path,
                    corpus,
                    max_bytes=int(settings.max_file_mb * 1024 * 1024),
                    max_text_chars=settings.max_text_chars,
                    max_seconds=settings.max_read_seconds,
                    ocr=options,
                )
            except DocumentError as exc:
                reports.append(FileReport(rel, Status.SKIPPED, exc.reason + (KEPT if rel in indexed else "")))
    finally:
        bar.close()
    return fresh, reports


class _PageBar:
    """The progress bar of the pages read by OCR: made at the first scanned page, grows file by file."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._bar: Any = None
        self._name = ""

    def describe(self, name: str) -> None:
        self._name = name
        if self._bar is not None:
            self._bar.set_postfix_str(name[-40:], refresh=False)

    def add(self, pages: int) -> None:
        if not self.enabled:
            return
        if self._bar is None:
            from tqdm import tqdm

            self._bar = tqdm(total=0, unit="page", desc="Lecture des pages scannées (OCR)", leave=False)
            self._bar.set_postfix_str(self._name[-40:], refresh=False)
        self._bar.total += pages
        self._bar.refresh()

    def advance(self) -> None:
        if self._bar is not None:
            self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
