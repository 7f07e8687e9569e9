"""Train the answer sentence scorer (``assistant/data/answer_scorer.json``) on our own questions.

    python scripts/train_answer_scorer.py            # dev + the tune halves of eval/terrain and eval/terrain-c
    python scripts/train_answer_scorer.py --dry-run  # prints the weights and the training fit only

For every answerable question with key facts, the candidate sentences of its best passages (the
ones the answer step scores, with their features) are labelled: a candidate is good when its
own text holds every key fact (for a list question: as many of them as the best candidate holds). A linear scorer is fitted with
a listwise objective — the softmax over a question's candidates should put its mass on good ones —
with a small L2 penalty, by gradient descent (numpy). Scores are log-odds within a question: the
answer step's margins (``SENTENCE_MARGIN``, ``LIST_MARGIN``) are read in those units. Only sets
the team wrote or may tune on are used (never ``test.jsonl``).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from assistant.answer import FEATURES
from assistant.cli import build_parser, settings_from_args
from assistant.evaluation import contains_fact, load_questions
from assistant.ingest import ingest
from assistant.models import load_embedder
from assistant.pipeline import Assistant

ROOT = Path(__file__).resolve().parent.parent
SETS = [
    (ROOT.parent / "shared" / "eval" / "dev.jsonl", ROOT / "corpus"),
    (ROOT / "eval" / "terrain" / "tune.jsonl", ROOT / "eval" / "terrain" / "corpus"),
    (ROOT / "eval" / "terrain-c" / "tune.jsonl", ROOT / "eval" / "terrain-c" / "corpus"),
    (ROOT / "eval" / "suivis" / "terrain-tune.jsonl", ROOT / "eval" / "terrain" / "corpus"),
    (ROOT / "eval" / "suivis" / "terrain-c-tune.jsonl", ROOT / "eval" / "terrain-c" / "corpus"),
]
L2 = float(__import__("os").environ.get("COOP_SCORER_L2", "0.01"))
OUT = ROOT / "assistant" / "data" / "answer_scorer.json"


def collect() -> list[tuple[np.ndarray, np.ndarray]]:
    """(features of the candidates, labels) per question."""
    groups: list[tuple[np.ndarray, np.ndarray]] = []
    embedder = None
    for path, corpus in SETS:
        args = build_parser().parse_args(["eval", str(path), "--corpus", str(corpus)])
        settings = settings_from_args(args, corpus_override=corpus if corpus != ROOT / "corpus" else None)
        embedder = embedder or load_embedder(settings)
        ingest(settings, embedder)
        bot = Assistant.open(settings, embedder)
        for q in load_questions(path):
            if q.unanswerable or not q.answer:
                continue
            candidates = bot.answer_candidates(q.question, list(q.turns[:-1]))
            if not candidates:
                continue
            rows, labels = [], []
            is_list = len(q.answer) > 1 and q.kind in ("list", "")
            for cand, features in candidates:
                # the candidate's own text: a sentence quoted with its previous one for context must
                # hold the fact itself, not borrow it from its neighbour
                held = [contains_fact(cand.text, f) for f in q.answer]
                rows.append(features)
                labels.append(float(sum(held)) if is_list else float(all(held)))
            y = np.array(labels)
            if is_list:
                # a list question: the good candidates are those that hold the most items
                y = (y == y.max()).astype(float) * (y.max() > 0)
            if y.sum() > 0:
                groups.append((np.vstack(rows), y))
    return groups


def fit(groups: list[tuple[np.ndarray, np.ndarray]], l2: float = L2, steps: int = 4000) -> np.ndarray:
    w = np.zeros(len(FEATURES))
    w[FEATURES.index("similarity")] = 10.0  # start from "the closest sentence"
    lr = 0.05
    for _ in range(steps):
        grad = l2 * w
        for x, y in groups:
            z = x @ w
            p = np.exp(z - z.max())
            p /= p.sum()
            good = y / y.sum()
            # gradient of -log sum_{good} p_i: expected features minus good-weighted features
            q = p * y
            q = q / q.sum() if q.sum() > 0 else good
            grad += (p @ x - q @ x) / len(groups)
        w -= lr * grad
    return w


def top1(groups: list[tuple[np.ndarray, np.ndarray]], w: np.ndarray) -> float:
    return sum(float(y[int(np.argmax(x @ w))] > 0) for x, y in groups) / len(groups)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()
    groups = collect()
    current = json.loads(OUT.read_text(encoding="utf-8"))["weights"]
    w0 = np.array([float(current.get(f, 0.0)) for f in FEATURES])
    # two-fold check: fit on half the questions, measure the other half
    rng = np.random.default_rng(0)
    order = rng.permutation(len(groups))
    halves = [order[: len(order) // 2], order[len(order) // 2 :]]
    for i, (a, b) in enumerate((halves, halves[::-1])):
        wa = fit([groups[j] for j in a])
        held_out = [groups[j] for j in b]
        print(
            f"pli {i + 1} : meilleure phrase juste {top1(held_out, wa):.3f} (poids actuels : {top1(held_out, w0):.3f})"
        )
    w = fit(groups)
    print(
        f"{len(groups)} questions ; meilleure phrase juste : {top1(groups, w):.3f} (poids actuels {top1(groups, w0):.3f})"
    )
    for name, value in zip(FEATURES, w, strict=True):
        print(f"  {name:<14} {value:+.4f}")
    if not args.dry_run:
        OUT.write_text(
            json.dumps(
                {
                    "_doc": "Weights of the answer sentence scorer (assistant/answer/features.py FEATURES), fitted by "
                    "scripts/train_answer_scorer.py on ../shared/eval/dev.jsonl, eval/terrain/tune.jsonl, eval/terrain-c/tune.jsonl "
                    "and the tune halves of eval/suivis/.",
                    "weights": {name: round(float(v), 4) for name, v in zip(FEATURES, w, strict=True)},
                },
                ensure_ascii=False,
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
        print(f"écrit : {OUT}")


if __name__ == "__main__":
    main()
