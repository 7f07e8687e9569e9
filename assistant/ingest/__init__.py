"""Incremental, crash-safe ingestion of a corpus directory into an index directory.

Only new or changed documents are read, chunked and embedded; removed documents are deleted;
unchanged ones cost one hash of their bytes. One process writes at a time (a lock). A run goes
phase by phase (:mod:`.run`): the plan (:mod:`.plan`: hashes, identical files, removals), reading
(:mod:`.reading`: text and structure by :mod:`assistant.loaders`, then the metadata), deduplication
(:mod:`.dedupe`: blocks repeated across documents), embedding and storing (:mod:`.storing`), the
lexical index, and the report (:mod:`.report`: one :class:`Status` per file).

A run that changes something writes a new generation (:mod:`.generation`): a copy of the published
one in the next folder, updated, then published by replacing the manifest, so that a server reading
the index meanwhile keeps answering from a whole generation. An unchanged corpus copies and
publishes nothing. A process killed at any moment leaves the published generation intact and a
folder that the next run resumes.
"""

from __future__ import annotations

from .reading import describe, read_and_describe
from .report import FileReport, IngestReport, Status
from .run import ingest

__all__ = ["FileReport", "IngestReport", "Status", "describe", "ingest", "read_and_describe"]
