"""Phase 3, deduplication: blocks repeated across documents (footers, letterheads) are indexed once.

Identical files were set aside by the plan; here the text of every document (read now, or stored
for the unchanged ones) is compared by :func:`assistant.boilerplate.find_repeats`. An unchanged
document whose repeated blocks changed (another document came or went) is chunked again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from ..boilerplate import Repeats, find_repeats
from ..types import Document


@dataclass(frozen=True)
class Deduplicated:
    """What phase 3 found."""

    repeats: Repeats
    #: Document id → digest of its spans to skip ("" for none), kept in the manifest.
    digests: dict[str, str]
    #: Documents to chunk and embed: the fresh ones, and those whose spans to skip changed.
    to_index: dict[str, Document]


def deduplicate(
    fresh: Mapping[str, Document],
    indexed: Collection[str],
    stored: Callable[[str], Document | None],
    recorded: Mapping[str, str],
) -> Deduplicated:
    """Repeats among ``fresh`` and the ``indexed`` documents (their text from ``stored``).

    ``recorded`` holds the digests of the spans skipped when each indexed document was chunked.
    """
    docs: list[Document] = []
    for doc_id in sorted(set(indexed) | set(fresh)):
        doc = fresh.get(doc_id) or stored(doc_id)
        if doc is not None:
            docs.append(doc)
    repeats = find_repeats(docs)
    digests = {d.id: spans_digest(repeats.skips.get(d.id, [])) for d in docs}
    to_index = dict(fresh)
    for doc in docs:
        if doc.id not in fresh and doc.id in indexed and recorded.get(doc.id, "") != digests[doc.id]:
            to_index[doc.id] = doc  # its repeated blocks changed: chunk it again
    return Deduplicated(repeats, digests, to_index)


def spans_digest(spans: Sequence[tuple[int, int]]) -> str:
    """A short digest of spans to skip ("" for none)."""
    return hashlib.sha1(repr(sorted(spans)).encode()).hexdigest()[:12] if spans else ""
