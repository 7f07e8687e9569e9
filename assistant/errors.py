"""The error hierarchy of coop-assistant.

Every error the library raises on purpose derives from :class:`CoopError` and carries a
French message meant for the user (what happened, and what to do). The edges translate
them: the CLI prints the message and exits with :attr:`CoopError.exit_code`; the UI shows
the message in the page. Nothing else catches them.

::

    CoopError
    ├── ConfigError            a setting or an argument is wrong
    ├── ModelError             the embedding model cannot be built, checked or loaded
    ├── IndexStoreError            base of index problems
    │   ├── IndexMissingError  no index yet: run ``coop ingest``
    │   ├── IndexMismatchError the index was built with other settings: rebuild it
    │   ├── IndexLockedError   another process is writing the index
    │   └── ChromaServerError  the shared Chroma server (COOP_CHROMA_URL) does not answer or refuses
    ├── DocumentError          one file cannot be read (ingestion reports it and goes on)
    └── QueryError             the question itself is unusable (empty, too long, bad filter)
"""

from __future__ import annotations


class CoopError(Exception):
    """Base of every error raised on purpose by coop-assistant."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ConfigError(CoopError):
    """A setting, an environment variable or a command-line argument is invalid."""

    exit_code = 2


class ModelError(CoopError):
    """The embedding model cannot be built, verified or loaded."""

    exit_code = 3


class IndexStoreError(CoopError):
    """Base class of problems with the on-disk index."""

    exit_code = 4


class IndexMissingError(IndexStoreError):
    """There is no index at the configured place yet."""


class IndexMismatchError(IndexStoreError):
    """The index was built with settings (model, chunking) other than the current ones."""


class IndexLockedError(IndexStoreError):
    """Another process holds the write lock of the index."""

    exit_code = 5


class ChromaServerError(IndexStoreError):
    """The Chroma server of ``COOP_CHROMA_URL`` does not answer, or refuses a request.

    The message names the URL and what to check (is ``chroma run`` started, the address right).
    """

    exit_code = 7


class DocumentError(CoopError):
    """One document cannot be read or indexed. Ingestion reports it and goes on."""

    exit_code = 6

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path} : {reason}")
        self.path = path
        self.reason = reason


class QueryError(CoopError):
    """The question or its options cannot be used as they are."""

    exit_code = 2
