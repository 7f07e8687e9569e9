"""Phase 2, reading: the new and changed files become Documents, with the metadata indexing derives.

Reading proper (:mod:`assistant.loaders`) gives the text and its structure; the document's
metadata (date, authority, places, countries, themes) is derived here from its text, title and
id (:mod:`assistant.metadata`).
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from dataclasses import replace
from pathlib import Path

from ..errors import DocumentError
from ..loaders import DEFAULT_MAX_BYTES, DEFAULT_MAX_READ_SECONDS, DEFAULT_MAX_TEXT_CHARS, read_document
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
) -> Document:
    """:func:`~assistant.loaders.read_document`, then :func:`describe`: a document as indexing sees it."""
    return describe(
        read_document(path, root, max_bytes=max_bytes, max_text_chars=max_text_chars, max_seconds=max_seconds)
    )


def read_files(
    paths: Sequence[Path], corpus: Path, settings: Settings, indexed: Collection[str]
) -> tuple[dict[str, Document], list[FileReport]]:
    """The documents of ``paths`` by id, and the reports of the files that could not be read."""
    fresh: dict[str, Document] = {}
    reports: list[FileReport] = []
    for path in paths:
        rel = path.relative_to(corpus).as_posix()
        try:
            fresh[rel] = read_and_describe(
                path,
                corpus,
                max_bytes=int(settings.max_file_mb * 1024 * 1024),
                max_text_chars=settings.max_text_chars,
                max_seconds=settings.max_read_seconds,
            )
        except DocumentError as exc:
            reports.append(FileReport(rel, Status.SKIPPED, exc.reason + (KEPT if rel in indexed else "")))
    return fresh, reports
