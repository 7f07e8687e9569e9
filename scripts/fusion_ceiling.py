"""How far can a fusion of our two retrievers go on an evaluation set? (the CNIL targets question)

Usage: python scripts/fusion_ceiling.py [--set cnil|dev]

Embeds the corpus once (passages and sentences, cached in /tmp), then scores every question
against every passage with the signals the assistant has: cosine to the passage, cosine to its
best sentence, and French BM25 in 36 variants (k1, b, Lucene / BM25+ / BM25L). It prints:

1. each signal alone and the default fusion (assistant/retrieval.py);
2. the best R@5 and the best MRR@10 over 3,060 fusions (sentence share x BM25 variant x
   min-max / z-score / reciprocal-rank fusion x weight), chosen *on the test questions
   themselves*: an optimistic ceiling, not a figure to ship;
3. a learned fusion (logistic regression on 11 signals, including rank and the share of the
   question's words found), trained on one half of the questions and measured on the other,
   both ways, for three random splits.

Unlike ``coop eval``, this bench indexes byte-identical files under both names (as the CNIL
baselines do), which lifts CNIL figures by about 0.01.
"""

from __future__ import annotations

import argparse
import itertools
from collections.abc import Callable
from pathlib import Path

import numpy as np

from assistant.chunking import Chunker
from assistant.conversation import rewrite
from assistant.evaluation import evidence_spans, load_questions
from assistant.lexical import LexicalIndex
from assistant.loaders import iter_corpus, read_document
from assistant.models import load_embedder
from assistant.settings import Settings
from assistant.textnorm import analyze, query_terms

ROOT = Path(__file__).resolve().parents[1]

SETS = {
    "dev": (ROOT.parent / "shared/eval/dev.jsonl", ROOT / "corpus", "passage"),
    "cnil": (ROOT.parent / "shared/eval/cnil/questions.jsonl", ROOT.parent / "shared/eval/cnil/corpus", "document"),
}
Metrics = tuple[float, float, float]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", default="cnil", choices=sorted(SETS))
    args = ap.parse_args()
    qpath, corpus, level = SETS[args.set]
    settings = Settings()
    embedder = load_embedder(settings)
    docs = [read_document(p, corpus) for p in iter_corpus(corpus)]
    chunker = Chunker(embedder.count_tokens, settings.chunk_tokens, settings.chunk_overlap_tokens)
    chunks = [c for d in docs for c in chunker.split(d)]
    texts = {d.id: d.text for d in docs}
    qs = [q for q in load_questions(qpath) if not q.unanswerable]
    queries = [rewrite(q.question, list(q.turns[:-1])) for q in qs]
    qv = embedder.encode_query(queries)

    def cached(tag: str, make: Callable[[], np.ndarray]) -> np.ndarray:
        path = Path(f"/tmp/coop-ceiling-{args.set}-{settings.chunk_tokens}-{tag}.npy")
        if not path.exists():
            np.save(path, make())
        return np.load(path)

    sentences = [(j, s.text) for j, c in enumerate(chunks) for s in c.sentences]
    owner = np.array([j for j, _ in sentences])
    passage_vectors = cached("passages", lambda: embedder.encode_document([c.embed_text for c in chunks]))
    sentence_vectors = cached("sentences", lambda: embedder.encode_document([t for _, t in sentences]))
    dense = qv @ passage_vectors.T
    sentence_cos = qv @ sentence_vectors.T
    best_sentence = np.full_like(dense, -1.0)
    for i in range(len(qs)):
        np.maximum.at(best_sentence[i], owner, sentence_cos[i])

    relevant = np.zeros((len(qs), len(chunks)), dtype=bool)
    for i, q in enumerate(qs):
        for j, c in enumerate(chunks):
            if c.doc_id in q.sources:
                if level == "document":
                    relevant[i, j] = True
                else:
                    spans = [s for ev in q.evidence for s in evidence_spans(texts[c.doc_id], ev)]
                    relevant[i, j] = any(s < c.end and c.start < e for s, e in spans)

    def evaluate(scores: np.ndarray, rows: list[int] | None = None) -> Metrics:
        rows = list(range(len(qs))) if rows is None else rows
        ranks = []
        for i in rows:
            order = np.argsort(-scores[i], kind="stable")[:10]
            ranks.append(next((r for r, j in enumerate(order, 1) if relevant[i, j]), None))
        n = len(ranks)
        return (
            sum(r == 1 for r in ranks) / n,
            sum(r is not None and r <= 5 for r in ranks) / n,
            sum(1 / r for r in ranks if r) / n,
        )

    def show(label: str, m: Metrics) -> None:
        print(f"  {label:<58} R@1 {m[0]:.3f}  R@5 {m[1]:.3f}  MRR@10 {m[2]:.3f}", flush=True)

    corpus_terms = [analyze(c.embed_text) for c in chunks]
    terms = [query_terms(q) for q in queries]
    bm25_variants = {
        key: _bm25(corpus_terms, terms, *key)
        for key in itertools.product((0.9, 1.2, 1.6, 2.0), (0.5, 0.75, 0.9), ("lucene", "bm25+", "bm25l"))
    }
    bm25 = bm25_variants[(1.2, 0.75, "lucene")]  # the assistant's BM25
    bm25_norm = bm25 / np.maximum(bm25.max(axis=1, keepdims=True), 1e-9)
    mix = 0.5 * dense + 0.5 * best_sentence
    mix_norm = _minmax_top(mix)
    default = 0.7 * mix_norm + 0.3 * bm25_norm

    level_name = "document" if level == "document" else "passage"
    print(f"{args.set}: {len(qs)} questions, {len(chunks)} passages, {len(sentences)} sentences ({level_name} level)")
    show("e5 cosine to the passage", evaluate(dense))
    show("e5 cosine to the best sentence", evaluate(best_sentence))
    show("BM25 (k1 1.2, b 0.75)", evaluate(bm25))
    show("default fusion (assistant/retrieval.py)", evaluate(default))

    results: list[tuple[Metrics, str]] = []
    for share in (0.0, 0.25, 0.5, 0.75, 1.0):
        m = share * dense + (1 - share) * best_sentence
        dense_norms = {"min-max": _minmax_top(m), "z-score": _zscore_top(m)}
        for key, b in bm25_variants.items():
            lex_norms = {"min-max": b / np.maximum(b.max(axis=1, keepdims=True), 1e-9), "z-score": _zscore_top(b)}
            for norm, w in itertools.product(("min-max", "z-score"), (0.6, 0.7, 0.8, 0.9)):
                label = f"passage {share:.2f} {norm} w {w} bm25 {key}"
                results.append((evaluate(w * dense_norms[norm] + (1 - w) * lex_norms[norm]), label))
            for k, w in itertools.product((5, 20, 60), (0.6, 0.7, 0.8)):
                label = f"passage {share:.2f} rrf k {k} w {w} bm25 {key}"
                results.append((evaluate(w * _rrf(m, k) + (1 - w) * _rrf(b, k)), label))
    print(f"\n{len(results)} fusions, best chosen on the test questions (optimistic):")
    best_r5 = max(results, key=lambda t: (t[0][1], t[0][2]))
    best_mrr = max(results, key=lambda t: (t[0][2], t[0][1]))
    show("best R@5: " + best_r5[1], best_r5[0])
    show("best MRR: " + best_mrr[1], best_mrr[0])

    print("\nlearned fusion, two-fold cross-validation (train on one half, measure on the other):")
    lexical = LexicalIndex.build(chunks)
    chunk_terms = [set(t) for t in corpus_terms]
    features = []
    candidates = []
    for i in range(len(qs)):
        cand = list(np.argsort(-default[i])[:50])
        idf = np.array([lexical.idf(t) for t in terms[i]])
        rank_dense = np.argsort(np.argsort(-mix[i]))
        rank_lex = np.argsort(np.argsort(-bm25[i]))
        rows = []
        for j in cand:
            found = sum(w for t, w in zip(terms[i], idf, strict=True) if t in chunk_terms[j])
            rows.append(
                [
                    dense[i, j],
                    best_sentence[i, j],
                    mix_norm[i, j],
                    bm25_norm[i, j],
                    np.log1p(bm25[i, j]),
                    np.log1p(rank_dense[j]),
                    np.log1p(rank_lex[j]),
                    found / idf.sum() if idf.sum() > 0 else 0.0,
                    dense[i, j] - dense[i].max(),
                    best_sentence[i, j] - best_sentence[i].max(),
                    default[i, j],
                ]
            )
        features.append(np.array(rows))
        candidates.append(cand)
    from sklearn.linear_model import LogisticRegression

    for seed in range(3):
        order = np.random.default_rng(seed).permutation(len(qs))
        halves = [list(order[::2]), list(order[1::2])]
        learned = np.full_like(default, -1e9)
        for train, test in (halves, halves[::-1]):
            x = np.vstack([features[i] for i in train])
            y = np.concatenate([relevant[i, candidates[i]] for i in train])
            mu, sd = x.mean(axis=0), x.std(axis=0) + 1e-9
            model = LogisticRegression(max_iter=2000, class_weight="balanced").fit((x - mu) / sd, y)
            for i in test:
                learned[i, candidates[i]] = model.decision_function((features[i] - mu) / sd)
        show(f"split {seed}", evaluate(learned))


def _bm25(corpus_terms: list[list[str]], queries: list[list[str]], k1: float, b: float, method: str) -> np.ndarray:
    import bm25s

    model = bm25s.BM25(k1=k1, b=b, method=method)
    model.index([t if t else [""] for t in corpus_terms], show_progress=False)
    vocab = model.vocab_dict
    out = np.zeros((len(queries), len(corpus_terms)), dtype=np.float32)
    for i, q in enumerate(queries):
        ids = [vocab[t] for t in q if t in vocab]
        if ids:
            out[i] = model.get_scores(ids)
    return out


def _minmax_top(x: np.ndarray, n: int = 50) -> np.ndarray:
    out = np.zeros_like(x)
    for i in range(x.shape[0]):
        top = np.sort(x[i])[::-1][:n]
        lo, hi = top[-1], top[0]
        out[i] = np.clip((x[i] - lo) / (hi - lo if hi > lo else 1), 0, None)
    return out


def _zscore_top(x: np.ndarray, n: int = 50) -> np.ndarray:
    out = np.zeros_like(x)
    for i in range(x.shape[0]):
        top = np.sort(x[i])[::-1][:n]
        out[i] = (x[i] - top.mean()) / (top.std() + 1e-9)
    return out


def _rrf(x: np.ndarray, k: int) -> np.ndarray:
    return 1.0 / (k + np.argsort(np.argsort(-x, axis=1), axis=1) + 1)


if __name__ == "__main__":
    main()
