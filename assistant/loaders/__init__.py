"""Reading documents: every supported file becomes one normalised :class:`~assistant.types.Document`.

* :func:`iter_corpus` (:mod:`.corpus`) lists the files of a corpus folder that can be read
  (hidden files and the lock files of office suites are left out).
* :func:`read_document` (:mod:`.registry`) reads one file with the reader of its suffix: its text
  (Unicode NFC, ``\\n`` line endings, control characters removed), a title, sections (heading
  paths, and page numbers for a PDF) and the SHA-256 of its bytes. Metadata (date, authority,
  places…) is not reading's business: indexing derives it (:mod:`assistant.ingest.reading`).

One module per format family: :mod:`.text` (plain text, Markdown), :mod:`.html` (main content
through trafilatura), :mod:`.pdf` (pypdf), :mod:`.office` (DOCX with python-docx, ODT with odfpy);
all build their text with :mod:`.builder`, so every offset points into the final string. Any
problem with a file is raised as a :class:`~assistant.errors.DocumentError` whose reason, in
French, says what happened and what to do; no other exception escapes for a bad file.
"""

from __future__ import annotations

from .budget import DEFAULT_MAX_READ_SECONDS, DEFAULT_MAX_TEXT_CHARS
from .builder import MAX_TITLE_CHARS, Reading, normalize_text, prettify_stem, sections_from_headings
from .corpus import iter_corpus
from .files import DEFAULT_MAX_BYTES, OUTSIDE_DIR, OUTSIDE_FILE, document_id, file_sha256, is_inside
from .html import HTML_EXTRACTOR_MISSING, html_extractor_problem
from .office import MAX_UNCOMPRESSED_BYTES, MAX_XML_TAGS, MAX_ZIP_RATIO, TOO_BIG_INFLATED
from .registry import READERS, SUPPORTED_SUFFIXES, Format, read_document
from .text import decode_text

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_READ_SECONDS",
    "DEFAULT_MAX_TEXT_CHARS",
    "HTML_EXTRACTOR_MISSING",
    "MAX_TITLE_CHARS",
    "MAX_UNCOMPRESSED_BYTES",
    "MAX_XML_TAGS",
    "MAX_ZIP_RATIO",
    "OUTSIDE_DIR",
    "OUTSIDE_FILE",
    "READERS",
    "SUPPORTED_SUFFIXES",
    "TOO_BIG_INFLATED",
    "Format",
    "Reading",
    "decode_text",
    "document_id",
    "file_sha256",
    "html_extractor_problem",
    "is_inside",
    "iter_corpus",
    "normalize_text",
    "prettify_stem",
    "read_document",
    "sections_from_headings",
]
