"""First questions in a new process, before and after the sentences are prepared (issue 15).

    .venv/bin/python scripts/bench_sentence_file.py --corpus ../shared/eval/cnil/corpus \\
        --questions ../shared/eval/cnil/questions.jsonl --limit 100
    .venv/bin/python scripts/bench_sentence_file.py --index /tmp/work/index --corpus /tmp/work/corpus

On a ``lazy`` index (indexed first when ``--index`` holds none; by default the index ``coop eval`` keeps for
that corpus), three steps, each question timed in a fresh process (``scripts/bench.py``'s probe, so that nothing
encoded before helps):

1. the sentence file (``phrases.sqlite``) removed: the questions encode the sentences they look at, as the first
   questions after an ingestion with ``--sans-phrases`` (or before this file existed);
2. the fill that ``coop ingest`` runs after publishing: sentences, seconds, sentences per second;
3. the same questions in a new process, every sentence read from the file.

Prints the first-round median and p95 of each, and their ratio. The file left is the filled one. Compare on a
quiet machine: other work moves every figure.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

from bench import run_probe

from assistant.evaluation import load_questions
from assistant.ingest import ingest
from assistant.models import load_embedder
from assistant.pipeline import Assistant
from assistant.settings import Settings
from assistant.store.sentence_file import SENTENCE_FILE

ROOT = Path(__file__).resolve().parents[1]
DEV_SET = ROOT.parent / "shared" / "eval" / "dev.jsonl"


def default_index(corpus: Path, settings: Settings) -> Path:
    """The index ``coop eval --corpus`` keeps for ``corpus`` (see assistant.cli.settings_from_args)."""
    resolved = corpus.resolve()
    return settings.cache_dir / "indexes" / f"{resolved.name}-{hashlib.sha1(str(resolved).encode()).hexdigest()[:10]}"


def remove_sentence_file(path: Path) -> None:
    """The sentence file and its SQLite companions, removed."""
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--index", type=Path)
    ap.add_argument("--questions", type=Path, default=DEV_SET, help="questions (jsonl), défaut : dev")
    ap.add_argument("--limit", type=int, default=100, help="au plus N questions")
    args = ap.parse_args()
    base = Settings.from_env(corpus_dir=args.corpus)
    settings = base.replace(index_dir=args.index or default_index(args.corpus, base))
    if settings.sentence_vectors != "lazy":
        ap.error("à mesurer avec COOP_SENTENCE_VECTORS=lazy (le défaut)")
    questions = [q.question for q in load_questions(args.questions)][: args.limit]
    embedder = load_embedder(settings)
    ingest(settings, embedder, progress=False)  # nothing to do on an index in line with its corpus
    path = settings.index_dir / SENTENCE_FILE
    with tempfile.TemporaryDirectory() as tmp:
        qfile = Path(tmp) / "questions.jsonl"
        qfile.write_text("".join(json.dumps({"id": f"q{i}", "question": q}) + "\n" for i, q in enumerate(questions)))
        remove_sentence_file(path)
        lazy = run_probe(settings, qfile, rounds=1)
        remove_sentence_file(path)  # what the questions encoded goes too: the fill starts from nothing
        bot = Assistant.open(settings, embedder)
        try:
            fill = bot.fill_sentences(progress=sys.stderr.isatty())
        finally:
            bot.close()
        if fill is None or not fill.complete:
            print(
                "le fichier des phrases n'a pas pu être rempli (un index qui range ses phrases, fait avec "
                "COOP_SENTENCE_VECTORS=separate, n'en a pas besoin : indiquez un autre --index)",
                file=sys.stderr,
            )
            return 1
        filled = run_probe(settings, qfile, rounds=1)
    print(f"{len(questions)} questions, index {settings.index_dir}, charge {os.getloadavg()[0]:.1f}")
    print(
        f"préparation : {fill.sentences} phrases, {fill.encoded} encodées en {fill.seconds:.1f} s "
        f"({fill.encoded / max(fill.seconds, 1e-9):.1f} phrases/s), fichier {path.stat().st_size / 1e6:.0f} Mo"
    )
    for label, got in (("sans fichier", lazy), ("après préparation", filled)):
        print(
            f"{label:>18} : premier tour médiane {got['first_round_median_ms']:.0f} ms, "
            f"p95 {got['first_round_p95_ms']:.0f} ms ; phrases encodées aux questions {got['sentences_encoded_at_questions']}"
        )
    print(
        f"rapport : médiane ×{filled['first_round_median_ms'] / lazy['first_round_median_ms']:.2f}, "
        f"p95 ×{filled['first_round_p95_ms'] / lazy['first_round_p95_ms']:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
