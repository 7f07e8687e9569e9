"""Print the evidence signals of every question of one or more eval sets, to calibrate abstention.

Usage: python scripts/calibrate.py SET.jsonl[:CORPUS_DIR] ...   (CORPUS_DIR defaults to corpus/)

For each question: whether it is answerable, the coverage / cosine signals and the combined
evidence score (see assistant/answer.py), and whether the key facts are in the answer. Then,
for a range of thresholds, the share of unanswerable questions that abstain and of
answerable ones that wrongly abstain.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from assistant.cli import build_parser, settings_from_args
from assistant.errors import IndexMismatchError
from assistant.evaluation import contains_fact, load_questions
from assistant.ingest import ingest
from assistant.models import load_embedder
from assistant.pipeline import Assistant


def main() -> None:
    rows = []
    embedder = None
    for spec in sys.argv[1:]:
        path, _, corpus = spec.partition(":")
        args = build_parser().parse_args(["ask", "x"] + (["--corpus", corpus] if corpus else []))
        settings = settings_from_args(args).replace(abstain_threshold=-1e9)
        embedder = embedder or load_embedder(settings)
        try:
            ingest(settings, embedder, progress=False)
        except IndexMismatchError:
            ingest(settings, embedder, progress=False, rebuild=True)
        bot = Assistant.open(settings, embedder)
        for q in load_questions(Path(path)):
            reply = bot.reply(q.question, list(q.turns[:-1]))
            a, ev = reply.answer, reply.evidence
            assert ev is not None  # no date filter here: every question is searched
            facts = all(contains_fact(a.text, f) for f in q.answer) if q.answer else None
            top_ok = bool(a.passages) and a.passages[0].chunk.doc_id in q.sources
            rows.append((Path(path).stem, q.id, q.unanswerable, ev, facts, top_ok, q.question))
    for name, qid, unans, ev, facts, top_ok, question in rows:
        print(
            f"{name:<28} {qid:<10} {'NO ' if unans else 'yes'} cov={ev.coverage:.2f} nm={ev.named_missing:.2f} dense={ev.top_dense:.3f} "
            f"sent={ev.top_sentence:.3f} score={ev.score:.3f} facts={facts} top_ok={top_ok} {question[:60]}"
        )
    print()
    for t in [x / 100 for x in range(0, 101, 5)]:
        un = [r for r in rows if r[2]]
        an = [r for r in rows if not r[2]]
        abst_un = sum(r[3].score < t for r in un) / max(len(un), 1)
        false_ab = sum(r[3].score < t for r in an) / max(len(an), 1)
        print(f"threshold {t:.2f}: unanswerable abstain {abst_un:.2f}  answerable wrongly abstain {false_ab:.3f}")
    out = Path("/tmp/calibration.json")
    out.write_text(
        json.dumps(
            [
                {
                    "set": r[0],
                    "id": r[1],
                    "unanswerable": r[2],
                    "coverage": r[3].coverage,
                    "dense": r[3].top_dense,
                    "sentence": r[3].top_sentence,
                    "facts": r[4],
                    "top_ok": r[5],
                }
                for r in rows
            ],
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
