"""The registry suffix → reader, and :func:`read_document`, which reads one file into a Document.

A reader takes the bytes of a file and returns one :class:`~assistant.loaders.builder.Reading`
(text, title, sections). The Document holds that, the title made presentable and the SHA-256 of
the bytes; its metadata (date, authority, places…) is derived when indexing
(:func:`assistant.ingest.reading.describe`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import DocumentError
from ..types import Document
from .budget import (
    BUDGET,
    CONVERT_HINT,
    DEFAULT_MAX_READ_SECONDS,
    DEFAULT_MAX_TEXT_CHARS,
    RESAVE_HINT,
    Budget,
    UnreadableError,
)
from .builder import Reading, prettify_stem, tidy_title
from .files import DEFAULT_MAX_BYTES, OUTSIDE_FILE, document_id, is_inside, read_bytes, sha256_hex
from .html import read_html
from .ocr import OCR, OcrOptions
from .office import read_docx, read_odt
from .pdf import read_pdf
from .scanned import read_image
from .text import read_markdown, read_txt

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Format:
    """A readable format: its name (``Document.format``) and its reader."""

    name: str
    read: Callable[[bytes], Reading]


_TXT = Format("txt", read_txt)
_MD = Format("md", read_markdown)
_HTML = Format("html", read_html)
_TIFF = Format("tiff", read_image)
_JPEG = Format("jpeg", read_image)

#: Suffix (lower case) → format of the files read by :func:`read_document`.
READERS: dict[str, Format] = {
    ".txt": _TXT,
    ".md": _MD,
    ".markdown": _MD,
    ".pdf": Format("pdf", read_pdf),
    ".docx": Format("docx", read_docx),
    ".odt": Format("odt", read_odt),
    ".html": _HTML,
    ".htm": _HTML,
    # Scanned pages, read by OCR (assistant/loaders/scanned.py).
    ".png": Format("png", read_image),
    ".jpg": _JPEG,
    ".jpeg": _JPEG,
    ".tif": _TIFF,
    ".tiff": _TIFF,
}

#: File name suffixes read by :func:`read_document` (compared in lower case).
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(READERS)


def read_document(
    path: Path,
    root: Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_text_chars: int = DEFAULT_MAX_TEXT_CHARS,
    max_seconds: float = DEFAULT_MAX_READ_SECONDS,
    ocr: OcrOptions | None = None,
) -> Document:
    """Read ``path`` (a file under the corpus folder ``root``) into a :class:`Document`, without metadata.

    Raises :class:`DocumentError` (path relative to ``root``, French reason) for any file that
    cannot be read: vanished, unreadable, too large, unsupported, corrupt, encrypted, empty,
    scanned without a text layer, binary; a package (DOCX, ODT) that inflates too much; a text of
    more than ``max_text_chars`` characters; a read of more than ``max_seconds`` seconds (the time
    spent recognising scanned pages has its own bounds, in ``ocr``, and is not counted).
    """
    budget = Budget(max_text_chars, max_seconds, time.monotonic() + max_seconds)
    token = BUDGET.set(budget)
    ocr_token = OCR.set(ocr or OcrOptions())
    try:
        return _read_document(path, root, max_bytes)
    finally:
        OCR.reset(ocr_token)
        BUDGET.reset(token)


def _read_document(path: Path, root: Path, max_bytes: int) -> Document:
    doc_id = document_id(path, root)
    suffix = path.suffix.lower()
    fmt = READERS.get(suffix)
    try:
        if not is_inside(path, root):
            raise UnreadableError(OUTSIDE_FILE)
        if fmt is None:
            raise UnreadableError(f"format non pris en charge ({suffix or 'sans extension'}) : {CONVERT_HINT}")
        data = read_bytes(path, max_bytes)
        if not data.strip():
            raise UnreadableError("document vide")
        try:
            reading = fmt.read(data)
        except (UnreadableError, DocumentError):
            raise
        except RecursionError as exc:
            raise UnreadableError("document trop profondément imbriqué pour être lu : " + RESAVE_HINT) from exc
        except MemoryError as exc:  # never « corrompu »: the file is too big for this machine
            raise UnreadableError(
                "mémoire insuffisante pour lire ce document : découpez-le ou enregistrez-le à nouveau"
            ) from exc
        except Exception as exc:  # the promise is: only DocumentError for a bad file
            logger.warning("lecture de %s impossible", doc_id, exc_info=True)
            raise UnreadableError(f"lecture impossible ({type(exc).__name__}) : {RESAVE_HINT}") from exc
        if not reading.text.strip():
            raise UnreadableError("document vide")
        BUDGET.get().check(len(reading.text))
    except UnreadableError as exc:
        raise DocumentError(doc_id, exc.reason) from exc.__cause__
    return Document(
        id=doc_id,
        title=tidy_title(reading.title) or prettify_stem(path),
        text=reading.text,
        format=fmt.name,
        sha256=sha256_hex(data),
        size=len(data),
        sections=reading.sections,
        notes=reading.notes,
    )
