"""Train the answer sentence scorer (``assistant/data/answer_scorer.json``) on our own questions.

    python scripts/train_answer_scorer.py                     # dev + the tune halves up to terrain-g (never a test half)
    python scripts/train_answer_scorer.py --first-sets-only   # dev + terrain, terrain-c, suivis (shipped weights)
    python scripts/train_answer_scorer.py --all-sets          # also every later set's tune half
    python scripts/train_answer_scorer.py --dry-run           # prints the weights and the checks only
    python scripts/train_answer_scorer.py --l2 0.001 0.01 --cache /tmp/c.npz   # compares penalties, writes nothing

Each question file is also measured when left out (the scorer fitted on all the others): the share
of its questions whose best-scored candidate is a good one, beside the current weights' share.

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
# the later blind sets, once their tune halves were tuned on (never their test halves)
LATER_NAMES = ("terrain-d", "terrain-e", "terrain-f", "terrain-g")
LATER = [(ROOT / "eval" / name / "tune.jsonl", ROOT / "eval" / name / "corpus") for name in LATER_NAMES]
# every other blind set with a tune half (``--all-sets``), once it was measured untouched
ALL_LATER = [
    (path, path.parent / "corpus")
    for path in sorted((ROOT / "eval").glob("terrain-*/tune.jsonl"))
    if path.parent.name not in {"terrain-c", *LATER_NAMES}
]
L2 = float(__import__("os").environ.get("COOP_SCORER_L2", "0.01"))
OUT = ROOT / "assistant" / "data" / "answer_scorer.json"


Group = tuple[np.ndarray, np.ndarray]


def set_name(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def collect(sets: list[tuple[Path, Path]]) -> dict[str, list[Group]]:
    """(features of the candidates, labels) per question, by question file."""
    by_set: dict[str, list[Group]] = {}
    embedder = None
    for path, corpus in sets:
        groups = by_set.setdefault(set_name(path), [])
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
    return by_set


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
    parser.add_argument("--first-sets-only", action="store_true", help="the training sets before terrain-d")
    parser.add_argument("--all-sets", action="store_true", help="also the tune halves of every later set")
    parser.add_argument("--l2", type=float, nargs="*", help="compare these penalties set by set (no writing)")
    parser.add_argument("--cache", type=Path, help="keep the collected candidates in this .npz (study runs)")
    args = parser.parse_args()
    sets = SETS if args.first_sets_only else SETS + LATER + (ALL_LATER if args.all_sets else [])
    if args.cache and args.cache.exists():
        loaded = np.load(args.cache, allow_pickle=False)
        by_set: dict[str, list[Group]] = {}
        for key in sorted(loaded.files):
            name, i, part = key.rsplit(":", 2)
            if part == "x":
                by_set.setdefault(name, []).append((loaded[key], loaded[f"{name}:{i}:y"]))
    else:
        by_set = collect(sets)
        if args.cache:
            np.savez(
                args.cache,
                **{
                    f"{n}:{i:04d}:{k}": a
                    for n, gs in by_set.items()
                    for i, g in enumerate(gs)
                    for k, a in zip("xy", g, strict=True)
                },
            )
    current = json.loads(OUT.read_text(encoding="utf-8"))["weights"]
    w0 = np.array([float(current.get(f, 0.0)) for f in FEATURES])
    # leave one set out: fit on the others, measure the best sentence on the one left out
    penalties = args.l2 or [L2]
    print("meilleure phrase juste, chaque jeu mesuré sans lui (poids actuels entre parenthèses) :")
    totals = {l2: 0.0 for l2 in penalties}
    count = 0
    for name, held_out in by_set.items():
        if not held_out:
            continue
        rest = [g for other, gs in by_set.items() if other != name for g in gs]
        scores = {l2: top1(held_out, fit(rest, l2)) for l2 in penalties}
        for l2, value in scores.items():
            totals[l2] += value * len(held_out)
        count += len(held_out)
        shown = " ".join(f"L2={l2:g}:{v:.3f}" for l2, v in scores.items())
        print(f"  {name:<28} {len(held_out):>3} q.  {shown}  ({top1(held_out, w0):.3f})")
    print("  ensemble : " + " ".join(f"L2={l2:g}:{t / count:.3f}" for l2, t in totals.items()))
    if args.l2:
        return
    groups = [g for gs in by_set.values() for g in gs]
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
                    "scripts/train_answer_scorer.py on ../shared/eval/dev.jsonl and the tune halves "
                    + ("" if args.first_sets_only else "of eval/terrain-d, -e, -f, -g, ")
                    + "of eval/terrain, eval/terrain-c and eval/suivis (never a test half).",
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
