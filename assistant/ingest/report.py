"""What an ingestion reports: one :class:`FileReport` per file, with a :class:`Status`, and a summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    """What ingestion did with a file, in the order of the summary.

    The value is the French word of the per-file report (``coop ingest``), the summary says its
    plural (:attr:`plural`); being a ``str``, a status prints and serialises as that word.
    """

    INDEXED = "indexé"
    UNCHANGED = "inchangé"
    REMOVED = "retiré"
    DUPLICATE = "doublon"
    SKIPPED = "ignoré"

    @property
    def plural(self) -> str:
        """The word of the summary: « indexés », « inchangés », « retirés », « doublons », « ignorés »."""
        return f"{self.value}s"


@dataclass(frozen=True, slots=True)
class FileReport:
    """What ingestion did with one file (``path`` is its document id), why, and its number of chunks."""

    path: str
    status: Status
    reason: str = ""
    chunks: int = 0
    #: what reading noted on an indexed file (scanned pages hard to read: « page 3 : texte peu lisible… »)
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class IngestReport:
    """The file reports of a run (sorted by path) and its figures."""

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

    def with_status(self, status: Status) -> list[FileReport]:
        return [f for f in self.files if f.status == status]

    @property
    def skipped(self) -> list[FileReport]:
        return self.with_status(Status.SKIPPED)
