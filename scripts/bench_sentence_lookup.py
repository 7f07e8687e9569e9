"""What the size of the sentence file costs a question (issue 15): keyed lookups in ``phrases.sqlite`` of
35,264 rows (the 20,000 generated deliberations, whose sentences repeat) against 430,000 rows (as many as a real
corpus of that size would hold, five sentences per passage), in files of 4 KB pages (before 6 December 2026) and
of the pages a new file now gets.

    .venv/bin/python scripts/bench_sentence_lookup.py
    .venv/bin/python scripts/bench_sentence_lookup.py --sizes 35264,430000 --work /tmp/lookup --cold

Each file is filled with random vectors of the model's size (what a vector says does not change what reading it
costs), through :class:`~assistant.store.sentence_file.SentenceFile` as ``coop ingest`` fills it; then a fresh
process opens it as a question would and reads, for each of ``--questions`` questions, ``--per-question``
sentences picked at random (a question reads the sentences of its ten candidate passages). ``--cold`` asks the
kernel to forget its page cache before each reading process (root only; without it the file is read from memory,
as on a server that prepared it). Prints median and p95 per question for each size, and their ratios. Compare on
a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from assistant.store.sentence_file import PAGE_SIZE, SENTENCE_FILE, SentenceFile

MODEL = "bench-lookup"
DIMENSION = 384


def text_of(i: int) -> str:
    """The i-th sentence of the synthetic file (same length as a sentence of the deliberations, ≈ 50 tokens)."""
    return f"Phrase n° {i} : le conseil municipal approuve la convention de partenariat et son avenant ({i % 997})."


def fill(path: Path, rows: int, page_size: int | None = None, batch: int = 5000) -> float:
    """Fill ``path`` with ``rows`` random vectors (in a file of ``page_size`` pages, by default the shipped one);
    the seconds it took."""
    rng = np.random.default_rng(rows)
    start = time.perf_counter()
    if page_size is not None and not path.exists():
        with sqlite3.connect(path) as db:  # a page size is fixed by the first table made
            db.execute(f"PRAGMA page_size={page_size}")
            db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.close()
    file = SentenceFile(path, MODEL, DIMENSION)
    try:
        for first in range(len(file), rows, batch):
            count = min(batch, rows - first)
            vectors = rng.standard_normal((count, DIMENSION), dtype=np.float32)
            file.put({text_of(first + j): vectors[j] for j in range(count)})
    finally:
        file.close()
    return time.perf_counter() - start


def read(path: Path, rows: int, questions: int, per_question: int) -> list[float]:
    """Milliseconds per question, reading ``per_question`` random sentences each, in this process."""
    rng = random.Random(7)
    start = time.perf_counter()
    file = SentenceFile(path, MODEL, DIMENSION, writable=False)
    opened = (time.perf_counter() - start) * 1000
    times = []
    try:
        for _ in range(questions):
            texts = [text_of(rng.randrange(rows)) for _ in range(per_question)]
            t0 = time.perf_counter()
            got = file.get(texts)
            times.append((time.perf_counter() - t0) * 1000)
            if len(got) != len(set(texts)):
                raise RuntimeError(f"{len(got)} vecteurs lus sur {len(set(texts))}")
    finally:
        file.close()
    return [opened, *times]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="35264,430000", help="lignes de chaque fichier, séparées par des virgules")
    ap.add_argument("--work", type=Path, default=Path("/tmp/coop-bench-lookup"), help="dossier des fichiers (gardés)")
    ap.add_argument("--questions", type=int, default=36)
    ap.add_argument("--per-question", type=int, default=120)
    ap.add_argument("--page-sizes", default=f"4096,{PAGE_SIZE}", help="tailles de page SQLite à comparer")
    ap.add_argument("--cold", action="store_true", help="vider le cache des pages avant chaque lecture (root)")
    ap.add_argument("--read", nargs=2, metavar=("FICHIER", "LIGNES"), help=argparse.SUPPRESS)  # the child's side
    args = ap.parse_args()
    if args.read:
        print(json.dumps(read(Path(args.read[0]), int(args.read[1]), args.questions, args.per_question)))
        return 0
    results = {}
    for page in (int(p) for p in args.page_sizes.split(",")):
        for rows in (int(s) for s in args.sizes.split(",")):
            path = args.work / f"{rows}-{page}" / SENTENCE_FILE
            path.parent.mkdir(parents=True, exist_ok=True)
            seconds = fill(path, rows, page)
            if args.cold:
                os.sync()
                Path("/proc/sys/vm/drop_caches").write_text("3\n")
            cmd = [sys.executable, __file__, "--read", str(path), str(rows), "--questions", str(args.questions),
                   "--per-question", str(args.per_question)]  # fmt: skip
            opened, *times = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)
            results[(rows, page)] = times
            size = path.stat().st_size / 1e6
            print(
                f"{rows:>8} phrases, pages de {page} o ({size:.0f} Mo ; remplissage {seconds:.1f} s) : ouverture "
                f"{opened:.1f} ms ; {args.per_question} phrases par question : médiane {statistics.median(times):.2f} ms, "
                f"p95 {percentile(times, 95):.2f} ms"
            )
    keys = list(results)
    base = results[keys[0]]
    for key in keys[1:]:
        print(
            f"rapport {key[0]} phrases, pages de {key[1]} o / {keys[0][0]} phrases, pages de {keys[0][1]} o : médiane "
            f"×{statistics.median(results[key]) / statistics.median(base):.2f}, "
            f"p95 ×{percentile(results[key], 95) / percentile(base, 95):.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
