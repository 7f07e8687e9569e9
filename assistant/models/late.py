"""Sentence vectors from the passage's own forward pass (« late chunking »).

A passage is encoded once; the vector of each of its sentences is the mean of the token vectors the
model produced for that sentence's characters *inside the passage*, L2-normalised. This halves the
model's work at indexing (no second pass over every sentence on its own) and gives each sentence the
context of its passage (« Cette convention a été signée le 12 mars 1991. » knows which convention).

The backends call :func:`span_vectors` with the token vectors of one passage and the character
offsets of its tokens; a sentence none of whose tokens the model saw (the passage was cut at the
model's 512 tokens) gets a zero row, which :func:`missing_rows` finds so that the caller encodes it on
its own instead.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["Span", "missing_rows", "span_vectors"]

#: A character span ``(start, end)`` inside the text of a passage (prompt not included).
Span = tuple[int, int]


def span_vectors(
    tokens: np.ndarray, offsets: Sequence[tuple[int, int]], spans: Sequence[Span], shift: int = 0
) -> np.ndarray:
    """Mean-pooled, L2-normalised vectors of ``spans`` from one passage's token vectors.

    ``tokens`` has one row per token the model saw; ``offsets`` gives each token's character span in
    the text the model read (prompt included: ``shift`` is the prompt's length, added to ``spans``);
    special tokens have empty offsets and are ignored. A span is pooled over every token that overlaps
    it; a span running past the last token the model saw (truncation) gets a zero row.
    """
    dim = tokens.shape[1]
    out = np.zeros((len(spans), dim), dtype=np.float32)
    if not spans:
        return out
    n = min(len(offsets), tokens.shape[0])
    keep = [i for i in range(n) if offsets[i][1] > offsets[i][0]]
    if not keep:
        return out
    starts = np.fromiter((offsets[i][0] for i in keep), dtype=np.int64, count=len(keep))
    ends = np.fromiter((offsets[i][1] for i in keep), dtype=np.int64, count=len(keep))
    rows = tokens[np.asarray(keep)]
    seen_until = int(ends.max())
    for k, (start, end) in enumerate(spans):
        s, e = start + shift, end + shift
        if e <= s or e > seen_until:
            continue  # empty, or cut off by the model's token limit: encoded on its own by the caller
        first = int(np.searchsorted(ends, s, side="right"))  # first token ending after the span starts
        last = int(np.searchsorted(starts, e, side="left"))  # tokens starting before the span ends
        if last <= first:
            continue
        mean = rows[first:last].astype(np.float64).mean(axis=0)
        norm = float(np.linalg.norm(mean))
        if norm > 0:
            out[k] = (mean / norm).astype(np.float32)
    return out


def missing_rows(vectors: np.ndarray) -> list[int]:
    """Indices of the rows :func:`span_vectors` left at zero."""
    if vectors.shape[0] == 0:
        return []
    return [int(i) for i in np.flatnonzero(~np.any(vectors, axis=1))]
