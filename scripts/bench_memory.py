"""Memory, time to open and question latency of a LARGE index, without the hours of encoding it.

Usage::

    python scripts/bench_memory.py --docs 2000,5000,10000,20000 --work /tmp/memoire --json-out memoire.json

Encoding 20,000 documents with the model takes 6 to 9 hours on 2 cores (see ``scripts/bench.py
--docs``, which measures that time). What an open index costs in memory and time depends on how many
passages and sentences it holds, not on what its vectors mean: this script builds the index of the
generated deliberations of ``scripts/bench.py`` with PLACEHOLDER VECTORS (the hashing test embedder,
at the model's dimension), while the passages are cut with the real model's tokenizer (same passages
and sentences as a real index) and each question is encoded by the real model (its real cost). Then,
at each size, in a FRESH subprocess: model load, ``Assistant.open`` (time and resident memory), warm
questions of the dev set (median and p95; the answers themselves mean nothing on such vectors) and the
memory after them, plus a breakdown: what opening holds (passage table and BM25) and what Chroma loads
at the first question (its vector graphs). Steps grow one corpus (``--work`` keeps it: a later run on the
same folder only measures). The output says PLACEHOLDER VECTORS wherever it prints a figure.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

# scripts/ is on sys.path when this file runs as a script (the tests put it there too).
from bench import DEV_SET, generate_documents, probe_open
from bench_curve import parse_steps

from assistant.evaluation import load_questions
from assistant.ingest import ingest
from assistant.models import Embedder, load_embedder
from assistant.models.testing import HashingEmbedder
from assistant.settings import Settings

LABEL = "VECTEURS FACTICES"
PROBE_TIMEOUT_S = 1800.0


class PlaceholderEmbedder(HashingEmbedder):
    """Hashed-word vectors of the model's dimension for the documents; the real model's tokenizer (so the
    passages are cut as in a real index) and the real model for questions (their real cost)."""

    def __init__(self, model: Embedder) -> None:
        super().__init__(model.dimension)  # the hashing embedder's own id: its vectors are the index's
        self._model = model

    def count_tokens(self, text: str) -> int:
        return self._model.count_tokens(text)

    def encode_query(self, texts: Sequence[str]) -> np.ndarray:
        self._model.encode_query(texts)  # the real model's work, thrown away: the index holds hashed vectors
        return super().encode_query(texts)


def build(settings: Settings, embedder: Embedder, docs: int) -> dict[str, Any]:
    """Grow the generated corpus to ``docs`` documents and bring the index up to date."""
    corpus = settings.corpus_dir
    corpus.mkdir(parents=True, exist_ok=True)
    have = sum(1 for _ in corpus.rglob("deliberation-*.txt"))
    if have < docs:
        generate_documents(corpus, have, docs)
    t0 = time.perf_counter()
    report = ingest(settings, embedder, progress=False)
    return {
        "documents": report.documents_total,
        "passages": report.chunks_total,
        "ingest_seconds": time.perf_counter() - t0,
    }


def probe(settings: Settings, questions: Sequence[str], rounds: int) -> dict[str, Any]:
    """:func:`bench.probe_open` (this fresh process) with the placeholder vectors' embedder."""
    return probe_open(settings, questions, rounds, make_embedder=lambda s: PlaceholderEmbedder(load_embedder(s)))


def run_probe(work: Path, questions_file: Path, rounds: int) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--probe", "--work", str(work)]
    cmd += ["--questions", str(questions_file), "--rounds", str(rounds)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=PROBE_TIMEOUT_S, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"la mesure de l'ouverture a échoué ({done.returncode}) : {done.stderr[-2000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def settings_for(work: Path) -> Settings:
    return Settings.from_env(corpus_dir=work / "corpus", index_dir=work / "index")


def describe(point: dict[str, Any]) -> str:
    return (
        f"[{LABEL}] {point['documents']} documents, {point['passages']} passages : "
        f"modèle {point['rss_model_mb']:.0f} Mo ; ouverture {point['open_seconds']:.2f} s, "
        f"+{point['open_rss_mb'] - point['rss_model_mb']:.0f} Mo ; "
        f"après la 1re question +{point['rss_first_question_mb'] - point['rss_model_mb']:.0f} Mo ; "
        f"après {point['questions']} questions {point['rss_after_questions_mb']:.0f} Mo au total "
        f"(pic {point['peak_rss_mb']:.0f} Mo) ; question médiane {point['latency_median_ms']:.0f} ms, "
        f"p95 {point['latency_p95_ms']:.0f} ms"
    )


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description="Mémoire et ouverture d'un grand index (vecteurs factices).")
    ap.add_argument("--docs", default="2000,5000,10000,20000", help="tailles mesurées, croissantes (virgules)")
    ap.add_argument("--work", type=Path, required=True, help="dossier du corpus généré et de l'index (gardés)")
    ap.add_argument("--questions", type=Path, default=DEV_SET, help="questions de latence (jsonl, défaut : dev)")
    ap.add_argument("--rounds", type=int, default=2, help="passages sur les questions")
    ap.add_argument("--json-out", type=Path, default=None, help="écrire les mesures dans ce fichier JSON")
    ap.add_argument("--probe", action="store_true", help=argparse.SUPPRESS)  # the subprocess of run_probe
    args = ap.parse_args(argv)
    if args.rounds < 1:
        ap.error("--rounds : au moins 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    settings = settings_for(args.work)
    questions = [q.question for q in load_questions(args.questions)]
    if args.probe:
        print(json.dumps(probe(settings, questions, args.rounds)))
        return 0
    try:
        sizes = parse_steps(args.docs, max(int(s) for s in args.docs.split(",") if s.strip()))
    except ValueError as exc:
        print(f"--docs : {exc}", file=sys.stderr)
        return 2
    embedder = PlaceholderEmbedder(load_embedder(settings))
    points: list[dict[str, Any]] = []
    for docs in sizes:
        point = build(settings, embedder, docs)
        point.update(run_probe(args.work, args.questions, args.rounds))
        points.append(point)
        print(describe(point), flush=True)
        if args.json_out:
            args.json_out.write_text(
                json.dumps({"vectors": "placeholder", "points": points}, indent=2), encoding="utf-8"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
