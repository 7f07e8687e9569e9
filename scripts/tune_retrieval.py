"""Measure retrieval quality for chunk sizes x fusion weights on the evaluation sets.

Usage: python scripts/tune_retrieval.py [--chunks 128,200,300] [--sets dev,cnil]

For each chunk size the corpus is chunked and embedded once (chunks only, in memory); then
every query is scored against every chunk by the dense model and by BM25, and the fused
ranking is evaluated for a grid of weights and two fusions (normalised weighted scores as in
assistant/retrieval.py, and weighted reciprocal-rank fusion). Prints R@1/R@5/MRR@10 at the
passage level (dev) and document level (CNIL). This is how the defaults were chosen.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from assistant.chunking import Chunker
from assistant.conversation import rewrite
from assistant.evaluation import evidence_spans, load_questions
from assistant.lexical import LexicalIndex
from assistant.loaders import iter_corpus, read_document
from assistant.models import load_embedder
from assistant.settings import Settings
from assistant.textnorm import query_terms

ROOT = Path(__file__).resolve().parents[1]

SETS = {
    "dev": (ROOT.parent / "shared/eval/dev.jsonl", ROOT / "corpus", "passage"),
    "cnil": (ROOT.parent / "shared/eval/cnil/questions.jsonl", ROOT.parent / "shared/eval/cnil/corpus", "document"),
}


def metrics(ranks: list[int | None]) -> tuple[float, float, float]:
    n = len(ranks)
    r1 = sum(1 for r in ranks if r is not None and r <= 1) / n
    r5 = sum(1 for r in ranks if r is not None and r <= 5) / n
    mrr = sum(1 / r for r in ranks if r is not None and r <= 10) / n
    return r1, r5, mrr


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--chunks", default="128,200,300")
    ap.add_argument("--sets", default="dev,cnil")
    ap.add_argument("--sentences", action="store_true", help="also try the best-sentence cosine as a dense signal")
    args = ap.parse_args()
    embedder = load_embedder(Settings())
    for size in [int(x) for x in args.chunks.split(",")]:
        for name in args.sets.split(","):
            qpath, corpus, level = SETS[name]
            t0 = time.perf_counter()
            docs = [read_document(p, corpus) for p in iter_corpus(corpus)]
            chunker = Chunker(embedder.count_tokens, size, max(size // 5, 16))
            chunks = [c for d in docs for c in chunker.split(d)]
            texts = {d.id: d.text for d in docs}
            cache = Path(f"/tmp/coop-tune-{name}-{size}.npz")
            if cache.exists():
                emb = np.load(cache)["emb"]
            else:
                emb = embedder.encode_document([c.embed_text for c in chunks])
                np.savez(cache, emb=emb)
            lex = LexicalIndex.build(chunks)
            qs = [q for q in load_questions(qpath) if not q.unanswerable]
            queries = [rewrite(q.question, list(q.turns[:-1])) for q in qs]
            qv = embedder.encode_query(queries)
            dense = qv @ emb.T
            sent_max = None
            if args.sentences:
                sents = [(j, s.text) for j, c in enumerate(chunks) for s in c.sentences]
                s_cache = Path(f"/tmp/coop-tune-{name}-{size}-sent.npz")
                if s_cache.exists():
                    s_emb = np.load(s_cache)["emb"]
                else:
                    s_emb = embedder.encode_document([t for _, t in sents])
                    np.savez(s_cache, emb=s_emb)
                s_cos = qv @ s_emb.T
                sent_max = np.full_like(dense, -1.0)
                owner = np.array([j for j, _ in sents])
                for i in range(len(qs)):
                    np.maximum.at(sent_max[i], owner, s_cos[i])
            bm = np.stack([lex.scores(query_terms(q)) for q in queries])
            relevant = np.zeros((len(qs), len(chunks)), dtype=bool)
            for i, q in enumerate(qs):
                for j, c in enumerate(chunks):
                    if c.doc_id not in q.sources:
                        continue
                    if level == "document":
                        relevant[i, j] = True
                    else:
                        spans = [s for ev in q.evidence for s in evidence_spans(texts[c.doc_id], ev)]
                        relevant[i, j] = any(s < c.end and c.start < e for s, e in spans)
            print(
                f"\n== {name}: chunk_tokens={size}, {len(chunks)} chunks, {time.perf_counter() - t0:.0f} s", flush=True
            )

            def evaluate(
                scores: np.ndarray, qs: list = qs, relevant: np.ndarray = relevant
            ) -> tuple[float, float, float]:
                ranks: list[int | None] = []
                for i in range(len(qs)):
                    order = np.argsort(-scores[i], kind="stable")[:10]
                    hit = next((r for r, j in enumerate(order, 1) if relevant[i, j]), None)
                    ranks.append(hit)
                return metrics(ranks)

            def minmax_top(x: np.ndarray, n: int = 50) -> np.ndarray:
                out = np.zeros_like(x)
                for i in range(x.shape[0]):
                    top = np.argsort(-x[i])[:n]
                    lo, hi = x[i, top].min(), x[i, top].max()
                    out[i] = np.clip((x[i] - lo) / (hi - lo if hi > lo else 1), 0, None)
                return out

            d_norm = minmax_top(dense)
            b_norm = bm / np.maximum(bm.max(axis=1, keepdims=True), 1e-9)
            d_rank = np.argsort(np.argsort(-dense, axis=1), axis=1) + 1
            b_rank = np.argsort(np.argsort(-bm, axis=1), axis=1) + 1
            print(
                f"  dense only          R@1 {evaluate(dense)[0]:.3f} R@5 {evaluate(dense)[1]:.3f} MRR {evaluate(dense)[2]:.3f}"
            )
            print(
                f"  bm25 only           R@1 {evaluate(bm)[0]:.3f} R@5 {evaluate(bm)[1]:.3f} MRR {evaluate(bm)[2]:.3f}"
            )
            if sent_max is not None:
                for a in (0.3, 0.5, 0.7):
                    mix = a * dense + (1 - a) * sent_max
                    m_norm = minmax_top(mix)
                    for w in (0.6, 0.7, 0.8, 0.9):
                        r = evaluate(w * m_norm + (1 - w) * b_norm)
                        print(
                            f"  chunk/sentence {a:.1f} dense_weight={w:.1f} R@1 {r[0]:.3f} R@5 {r[1]:.3f} MRR {r[2]:.3f}"
                        )
            for w in (0.5, 0.6, 0.7, 0.8, 0.9):
                r = evaluate(w * d_norm + (1 - w) * b_norm)
                rr = evaluate(w / (60 + d_rank) + (1 - w) / (60 + b_rank))
                print(
                    f"  dense_weight={w:.1f}    score-fusion R@1 {r[0]:.3f} R@5 {r[1]:.3f} MRR {r[2]:.3f}"
                    f"   | rrf R@1 {rr[0]:.3f} R@5 {rr[1]:.3f} MRR {rr[2]:.3f}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
