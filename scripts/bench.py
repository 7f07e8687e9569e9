"""Speed and memory of the product, printed as numbers (targets live here, not in unit tests).

Usage:
    python scripts/bench.py                  # seed corpus: index build, warm question latency
    python scripts/bench.py --docs 2000      # also a generated corpus of 2000 documents (scale)

Prints: model load time; indexing throughput (chunks/s and documents/s, sentences included);
warm question latency (median, p95) over the dev-set questions; peak resident memory.
The generated corpus is made of real-looking French paragraphs (the seed documents' paragraphs,
shuffled and renamed) and is written to a temporary directory, never committed.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from assistant.evaluation import load_questions
from assistant.ingest import ingest
from assistant.models import load_embedder
from assistant.pipeline import Assistant
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[1]

CITIES = ["Dakar", "Hanoï", "Ouagadougou", "Tunis", "Erevan", "Kendari", "Cotonou", "Bamako", "Gyumri", "Saint-Louis"]
THEMES = ["l'eau potable", "la santé maternelle", "la gestion des déchets", "la francophonie", "la jeunesse"]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate_corpus(dest: Path, n: int, seed: int = 1) -> None:
    """n documents whose lines are random combinations of the seed corpus's sentences.

    Lines are recombined (not copied) so that the documents do not share whole blocks, which
    ingestion would rightly index only once.
    """
    from assistant.textnorm import split_sentences

    rng = random.Random(seed)
    sentences = []
    for f in sorted((ROOT / "corpus").iterdir()):
        text = f.read_text(encoding="utf-8")
        sentences += [text[s:e] for s, e in split_sentences(text) if e - s > 60]
    dest.mkdir(parents=True)
    for i in range(n):
        city, theme = rng.choice(CITIES), rng.choice(THEMES)
        lines = [" ".join(rng.sample(sentences, k=rng.randint(2, 4))) for _ in range(rng.randint(4, 12))]
        head = (
            f"Délibération n° {2020 + i % 6}-{i:04d} : coopération avec {city} sur {theme}\n\n"
            f"Publié le {1 + i % 28:02d}/{1 + i % 12:02d}/{2020 + i % 6}\n\n"
            f"Le conseil municipal approuve la convention de partenariat avec la ville de {city} "
            f"portant sur {theme}.\n\n"
        )
        path = dest / f"{i // 100:02d}" / f"deliberation-{i:05d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(head + "\n\n".join(lines), encoding="utf-8")


def bench_corpus(name: str, corpus: Path, questions: list[str], backend: str = "torch") -> None:
    work = Path(tempfile.mkdtemp(prefix="coop-bench-"))
    name = f"{name}, {backend}"
    try:
        settings = Settings(corpus_dir=corpus, index_dir=work / "index", backend=backend)
        t0 = time.perf_counter()
        embedder = load_embedder(settings)
        embedder.encode_query(["préchauffage"])
        load_s = time.perf_counter() - t0
        report = ingest(settings, embedder, progress=True)
        print(f"[{name}] chargement du modèle : {load_s:.1f} s")
        print(
            f"[{name}] indexation : {report.documents_total} documents, {report.chunks_total} passages, "
            f"{report.sentences_embedded} phrases en {report.seconds:.1f} s -> "
            f"{report.chunks_embedded / report.seconds:.1f} passages/s, "
            f"{report.documents_total / report.seconds:.1f} documents/s"
        )
        t0 = time.perf_counter()
        again = ingest(settings, embedder, progress=False)
        print(
            f"[{name}] ré-indexation sans changement : {time.perf_counter() - t0:.2f} s ({again.chunks_embedded} encodés)"
        )
        t0 = time.perf_counter()
        bot = Assistant.open(settings, embedder)
        print(f"[{name}] ouverture de l'index : {time.perf_counter() - t0:.2f} s")
        bot.ask("question de préchauffage")
        latencies = []
        for _ in range(3):
            for q in questions:
                t0 = time.perf_counter()
                bot.ask(q)
                latencies.append((time.perf_counter() - t0) * 1000)
        latencies.sort()
        print(
            f"[{name}] question (modèle chargé) : médiane {statistics.median(latencies):.0f} ms, "
            f"p95 {latencies[int(0.95 * len(latencies)) - 1]:.0f} ms sur {len(latencies)} questions"
        )
        print(f"[{name}] mémoire résidente maximale du processus : {peak_rss_mb():.0f} Mo")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=0, help="also benchmark a generated corpus of N documents")
    ap.add_argument("--backend", default="torch", help="torch or onnx (COOP_BACKEND)")
    args = ap.parse_args()
    questions = [q.question for q in load_questions(ROOT.parent / "shared/eval/dev.jsonl")]
    bench_corpus("corpus de départ", ROOT / "corpus", questions, args.backend)
    if args.docs:
        tmp = Path(tempfile.mkdtemp(prefix="coop-gen-"))
        try:
            generate_corpus(tmp / "corpus", args.docs)
            bench_corpus(f"{args.docs} documents générés", tmp / "corpus", questions, args.backend)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
