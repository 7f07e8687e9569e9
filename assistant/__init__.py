"""coop-assistant: offline French search assistant with cited answers.

Importing this package loads no model and opens no database: the heavy parts are loaded by
:meth:`assistant.pipeline.Assistant.open` and by the ingestion functions.
"""

from .errors import (
    ConfigError,
    CoopError,
    DocumentError,
    IndexLockedError,
    IndexMismatchError,
    IndexMissingError,
    IndexStoreError,
    ModelError,
    QueryError,
)
from .settings import DEFAULT_MODEL, Settings
from .types import Answer, Chunk, Citation, Document, DocumentMetadata, Hit, Section, Sentence

__all__ = [
    "DEFAULT_MODEL",
    "Answer",
    "Chunk",
    "Citation",
    "ConfigError",
    "CoopError",
    "Document",
    "DocumentError",
    "DocumentMetadata",
    "Hit",
    "IndexLockedError",
    "IndexMismatchError",
    "IndexMissingError",
    "IndexStoreError",
    "ModelError",
    "QueryError",
    "Section",
    "Sentence",
    "Settings",
]
__version__ = "0.1.0"
