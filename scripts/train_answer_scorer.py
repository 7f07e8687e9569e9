"""Train the answer sentence scorer (``assistant/data/answer_scorer.json``) on our own questions.

    python scripts/train_answer_scorer.py                     # dev + the tune halves up to terrain-g (never a test half)
    python scripts/train_answer_scorer.py --first-sets-only   # dev + terrain, terrain-c, suivis (the sentence features' shipped weights)
    python scripts/train_answer_scorer.py --all-sets          # also every later set's tune half, follow-ups,
                                                              # definitions and eval/acceptance's answerable questions
    python scripts/train_answer_scorer.py --all-sets --judgements-only   # the shipped weights (48th pass): the
                                                              # sentence features keep theirs, the judgements are fitted
    python scripts/train_answer_scorer.py --dry-run           # prints the weights and the checks only
    python scripts/train_answer_scorer.py --l2 0.001 0.01 --cache /tmp/c.npz   # compares penalties, writes nothing

Each corpus is also measured when left out (the scorer fitted on all the others): the share
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

from assistant.answer import FEATURES as SENTENCE_FEATURES
from assistant.answer import SCORER_FEATURES as FEATURES
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
# the sets written after the scorer learnt its judgements (48th pass): measured whole, never fitted on
HELD_OUT = frozenset({"terrain-bm", "terrain-bn", "terrain-bo"})
# every other blind set with a tune half (``--all-sets``), once it was measured untouched
ALL_LATER = [
    (path, path.parent / "corpus")
    for path in sorted((ROOT / "eval").glob("terrain-*/tune.jsonl"))
    if path.parent.name not in {"terrain-c", *LATER_NAMES, *HELD_OUT}
] + [
    # the tune halves of the follow-ups and definitions over those corpora, and the answerable questions
    # of eval/acceptance (training questions: never a test half)
    (path, ROOT / "eval" / path.stem.removesuffix("-tune") / "corpus")
    for folder in ("suivis", "definitions")
    for path in sorted((ROOT / "eval" / folder).glob("*-tune.jsonl"))
    if path.stem.removesuffix("-tune") not in {"terrain", "terrain-c", *HELD_OUT}
] + [
    (path, ROOT / "eval" / path.stem / "corpus")
    for path in sorted((ROOT / "eval" / "acceptance").glob("*.jsonl"))
    if path.stem not in HELD_OUT
]
L2 = float(__import__("os").environ.get("COOP_SCORER_L2", "0.001"))
OUT = ROOT / "assistant" / "data" / "answer_scorer.json"


Group = tuple[np.ndarray, np.ndarray]


def set_name(path: Path, corpus: Path) -> str:
    """``corpus@folder/file``: the questions are left out corpus by corpus (a follow-up set over the same
    documents as a tune half would otherwise leak them)."""
    owner = "seed" if corpus == ROOT / "corpus" else corpus.parent.name
    return f"{owner}@{path.parent.name}/{path.stem}"


def collect(sets: list[tuple[Path, Path]]) -> dict[str, list[Group]]:
    """(features of the candidates, labels) per question, by question file."""
    by_set: dict[str, list[Group]] = {}
    embedder = None
    for path, corpus in sets:
        groups = by_set.setdefault(set_name(path, corpus), [])
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


def fit(
    groups: list[tuple[np.ndarray, np.ndarray]], l2: float = L2, steps: int = 4000, keep: np.ndarray | None = None
) -> np.ndarray:
    """Gradient descent on the listwise loss, every question at once (the candidates stacked, each
    question's softmax taken over its own rows): the same steps as one question at a time, in seconds.
    With ``keep`` (the current weights), the sentence features keep their weights and only the judgements
    (``JUDGEMENTS``) are fitted, from zero."""
    x = np.vstack([g[0] for g in groups])
    y = np.concatenate([g[1] for g in groups])
    sizes = np.array([len(g[1]) for g in groups])
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    owner = np.repeat(np.arange(len(groups)), sizes)
    w = np.zeros(len(FEATURES))
    w[FEATURES.index("similarity")] = 10.0  # start from "the closest sentence"
    free = np.ones(len(FEATURES))
    if keep is not None:
        w = np.where(np.arange(len(FEATURES)) < len(SENTENCE_FEATURES), keep, 0.0)
        free = (np.arange(len(FEATURES)) >= len(SENTENCE_FEATURES)).astype(float)
    lr = 0.05
    for _ in range(steps):
        z = x @ w
        z = z - np.maximum.reduceat(z, starts)[owner]
        p = np.exp(z)
        p /= np.add.reduceat(p, starts)[owner]
        # gradient of -log sum_{good} p_i: expected features minus good-weighted features
        q = p * y
        mass = np.add.reduceat(q, starts)[owner]
        q = np.where(mass > 0, q / np.where(mass > 0, mass, 1.0), y / np.add.reduceat(y, starts)[owner])
        w -= lr * (l2 * w + ((p - q) @ x) / len(groups)) * free
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
    parser.add_argument(
        "--judgements-only",
        action="store_true",
        help="keep the current weights of the sentence features, fit only the judgements (the shipped weights)",
    )
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
    # leave one corpus out: fit on the others, measure the best sentence on the one left out
    penalties = args.l2 or [L2]
    by_corpus: dict[str, list[Group]] = {}
    for name, groups in by_set.items():
        by_corpus.setdefault(name.split("@")[0], []).extend(groups)
    print("meilleure phrase juste, chaque corpus mesuré sans lui (poids actuels entre parenthèses) :")
    totals = {l2: 0.0 for l2 in penalties}
    count = current_total = 0.0
    for name, held_out in by_corpus.items():
        if not held_out:
            continue
        rest = [g for other, gs in by_corpus.items() if other != name for g in gs]
        keep = w0 if args.judgements_only else None
        scores = {l2: top1(held_out, fit(rest, l2, keep=keep)) for l2 in penalties}
        for l2, value in scores.items():
            totals[l2] += value * len(held_out)
        count += len(held_out)
        current_total += top1(held_out, w0) * len(held_out)
        shown = " ".join(f"L2={l2:g}:{v:.3f}" for l2, v in scores.items())
        print(f"  {name:<28} {len(held_out):>3} q.  {shown}  ({top1(held_out, w0):.3f})")
    shown = " ".join(f"L2={l2:g}:{t / count:.3f}" for l2, t in totals.items())
    print(f"  ensemble ({int(count)} q.) : {shown}  (poids actuels {current_total / count:.3f})")
    if args.l2:
        return
    groups = [g for gs in by_set.values() for g in gs]
    w = fit(groups, keep=w0 if args.judgements_only else None)
    print(
        f"{len(groups)} questions ; meilleure phrase juste : {top1(groups, w):.3f} (poids actuels {top1(groups, w0):.3f})"
    )
    for name, value in zip(FEATURES, w, strict=True):
        print(f"  {name:<14} {value:+.4f}")
    if not args.dry_run:
        OUT.write_text(
            json.dumps(
                {
                    "_doc": "Weights of the answer sentence scorer (assistant/answer/features.py SCORER_FEATURES: the "
                    "sentence's features, then the candidate's judgements), fitted by scripts/train_answer_scorer.py "
                    + ("--first-sets-only on ../shared/eval/dev.jsonl, the tune halves of eval/terrain, eval/terrain-c "
                       "and eval/suivis" if args.first_sets_only else
                       ("--all-sets on ../shared/eval/dev.jsonl, the tune halves of eval/terrain* and of eval/suivis and "
                        "eval/definitions, and the answerable questions of eval/acceptance" if args.all_sets else
                        "on ../shared/eval/dev.jsonl and the tune halves of eval/terrain to terrain-g and eval/suivis"))
                    + " (never a test half; never terrain-bm, -bn, -bo).",
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
