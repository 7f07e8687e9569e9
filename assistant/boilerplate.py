"""Text repeated across documents: site footers, letterheads, standard clauses.

:func:`find_repeats` finds runs of consecutive non-blank lines that appear identically (after
whitespace normalisation) in two or more documents and are long enough to matter. The first
document holding a run (in id order) keeps it; every later one gets the run's span to skip, so
that the block is indexed once and does not crowd the search results. A document whose own text
would shrink below ``min_chars`` is a near-copy of another, not a page with a footer: it is
indexed whole, so that both copies can be found. (Identical files are found earlier, by the hash
of their bytes: :mod:`assistant.ingest.plan`.)
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from .types import Document

logger = logging.getLogger(__name__)

#: A line is looked for in at most this many earlier places: a block repeated in hundreds of
#: documents is found through its first holders, and very common lines stay cheap.
MAX_HOLDERS = 64


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    chars: int  # length after whitespace normalisation
    digest: bytes


def _lines(text: str) -> list[_Line]:
    """Non-blank lines of ``text`` (offsets without surrounding whitespace) with a digest of their words."""
    out: list[_Line] = []
    pos = 0
    for raw in text.split("\n"):
        words = raw.split()
        if words:
            normalized = " ".join(words)
            lead = len(raw) - len(raw.lstrip())
            trail = len(raw.rstrip())
            out.append(
                _Line(
                    pos + lead,
                    pos + trail,
                    len(normalized),
                    hashlib.blake2b(normalized.encode(), digest_size=12).digest(),
                )
            )
        pos += len(raw) + 1
    return out


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


@dataclass(frozen=True)
class Repeats:
    """What :func:`find_repeats` found."""

    #: ``{doc_id: [(start, end), ...]}`` (sorted, merged) for the documents with blocks to skip.
    skips: dict[str, list[tuple[int, int]]]
    #: ``{doc_id: earlier doc_id}`` for the documents that are (nearly) a copy of an earlier one.
    near_copies: dict[str, str]


def find_repeats(docs: Sequence[Document], min_chars: int = 200) -> Repeats:
    """Blocks already present in a document earlier in id order, and near-copies.

    A block is a run of consecutive non-blank lines (blank lines between them do not break
    it) found identically in an earlier document, with at least ``min_chars`` characters of
    normalised text. Such blocks are to be skipped, unless the document's own text would fall
    under ``min_chars``: then the document is a near-copy of the earlier one it shares most with.
    """
    ordered = sorted(docs, key=lambda d: d.id)
    lines = [_lines(d.text) for d in ordered]
    # Where each line occurs: digest → [(document index, line index)].
    seen: dict[bytes, list[tuple[int, int]]] = {}
    result: dict[str, list[tuple[int, int]]] = {}
    near_copies: dict[str, str] = {}
    for b, doc in enumerate(ordered):
        doc_lines = lines[b]
        spans: list[tuple[int, int]] = []
        shared: dict[int, int] = {}  # earlier document index → characters of its blocks found here
        # run[(a, j)] = (first line index in b, chars) of the current common run ending at line j of doc a.
        run: dict[tuple[int, int], tuple[int, int]] = {}
        for i, line in enumerate(doc_lines):
            current: dict[tuple[int, int], tuple[int, int]] = {}
            for a, j in seen.get(line.digest, ()):
                if a == b:
                    continue
                first, chars = run.get((a, j - 1), (i, 0))
                current[(a, j)] = (first, chars + line.chars)
            # Runs that stopped at the previous line.
            for (a, j), (first, chars) in run.items():
                if (a, j + 1) not in current and chars >= min_chars:
                    spans.append((doc_lines[first].start, doc_lines[i - 1].end))
                    shared[a] = shared.get(a, 0) + chars
            run = current
        for (a, _), (first, chars) in run.items():
            if chars >= min_chars:
                spans.append((doc_lines[first].start, doc_lines[-1].end))
                shared[a] = shared.get(a, 0) + chars
        for i, line in enumerate(doc_lines):
            holders = seen.setdefault(line.digest, [])
            if len(holders) < MAX_HOLDERS:
                holders.append((b, i))
        if spans:
            merged = _merge(spans)
            total = sum(line.chars for line in doc_lines)
            repeated = sum(
                line.chars for line in doc_lines if any(s <= line.start and line.end <= e for s, e in merged)
            )
            if total - repeated < min_chars:
                # Not a footer: (nearly) the whole document is a copy of another one. Both stay
                # searchable, or a question about this document could never find it.
                source = ordered[max(shared, key=lambda a: (shared[a], -a))].id
                near_copies[doc.id] = source
                logger.info("%s : reprend presque tout le texte de %s ; indexé en entier", doc.id, source)
            else:
                result[doc.id] = merged
                logger.debug("%s : %d bloc(s) déjà présents ailleurs", doc.id, len(merged))
    return Repeats(result, near_copies)

