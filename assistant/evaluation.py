"""Evaluation on a JSONL question set (format: ``../shared/eval/README.md``).

A retrieved passage is relevant at the passage level when it comes from one of the
question's ``sources`` and its character span overlaps the span of one ``evidence`` string in
that document (whitespace-insensitive match); at the document level when it comes from one of
the ``sources``. Metrics: R@1/5/10 and MRR@10 (both levels, answerable questions), key-fact
recall (in the whole answer and in its first sentence, the text before its first ``[n]``), median
answer length in words, citation precision, abstention rates, latency; the same per question
``kind`` when the set labels its questions (``"kind": "list"``, ``"missing"``…).
"""

from __future__ import annotations

import json
import re
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .french import fold
from .types import Answer


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    turns: tuple[str, ...]
    sources: tuple[str, ...]
    evidence: tuple[str, ...]
    answer: tuple[str, ...]
    unanswerable: bool
    kind: str = ""  # optional label of the question's class ("list", "definition", "missing"…)


def load_questions(path: Path) -> list[Question]:
    if not path.is_file():
        raise ConfigError(f"Fichier d'évaluation introuvable : {path}.")
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            q = raw["question"]
            out.append(
                Question(
                    id=str(raw.get("id", n)),
                    question=q,
                    turns=tuple(raw.get("turns") or [q]),
                    sources=tuple(raw.get("sources") or ()),
                    evidence=tuple(raw.get("evidence") or ()),
                    answer=tuple(raw.get("answer") or ()),
                    unanswerable=bool(raw.get("unanswerable", False)),
                    kind=str(raw.get("kind") or ""),
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise ConfigError(
                f"{path}, ligne {n} : question mal formée ({exc}). Voir le format dans eval/README.md."
            ) from exc
    return out


def evidence_spans(text: str, evidence: str) -> list[tuple[int, int]]:
    """Spans of ``evidence`` in ``text``, whitespace-insensitive."""
    tokens = evidence.split()
    if not tokens:
        return []
    pattern = r"\s*".join(re.escape(t) for t in tokens)
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


@dataclass(frozen=True)
class Record:
    question: Question
    answer: Answer
    latency_ms: float
    passage_rank: int | None  # 1-based rank of the first relevant passage (passage level)
    doc_rank: int | None  # same at the document level
    key_facts_ok: bool | None  # None when the question lists no key facts
    first_sentence_ok: bool | None  # the same, counting only the answer's first sentence
    cited: int
    cited_ok: int

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.question.id, **self.answer.as_dict(), "latency_ms": round(self.latency_ms, 2)}


@dataclass(frozen=True)
class Report:
    n: int
    n_answerable: int
    n_unanswerable: int
    passage: dict[str, float]
    document: dict[str, float]
    key_fact_recall: float | None
    key_fact_n: int
    first_sentence_recall: float | None
    answer_words_median: float | None  # answers that do not abstain, citation markers left out
    citation_precision: float | None
    abstention_unanswerable: float | None
    false_abstention: float | None
    latency_ms_median: float
    latency_ms_p95: float
    records: list[Record] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict[str, Any]:
        d = {k: v for k, v in self.__dict__.items() if k != "records"}
        kinds = by_kind(self.records)
        if kinds:
            d["kinds"] = kinds
        return d


def _ranks(records: Sequence[int | None]) -> dict[str, float]:
    n = len(records) or 1
    out = {f"R@{k}": sum(1 for r in records if r is not None and r <= k) / n for k in (1, 5, 10)}
    out["MRR@10"] = sum(1.0 / r for r in records if r is not None and r <= 10) / n
    return {k: round(v, 4) for k, v in out.items()}


def contains_fact(text: str, fact: str) -> bool:
    norm = lambda s: re.sub(r"\s+", " ", fold(s))  # noqa: E731 - a one-line local normaliser
    return norm(fact) in norm(text)


_MARKER = re.compile(r"\[\d+(?:\s*[,;]\s*\d+)*\]")


def first_sentence(text: str) -> str:
    """The answer's first sentence: the text before its first citation marker."""
    m = _MARKER.search(text)
    return text[: m.start()] if m else text


def answer_words(text: str) -> int:
    """Words of an answer, citation markers left out."""
    return len(_MARKER.sub(" ", text).split())


def evaluate(
    ask: Callable[[str, Sequence[str]], Answer],
    questions: Iterable[Question],
    document_text: Callable[[str], str | None],
) -> Report:
    """Ask every question (with its previous turns as history) and compute the metrics."""
    records: list[Record] = []
    spans_cache: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for q in questions:
        t0 = time.perf_counter()
        answer = ask(q.question, list(q.turns[:-1]))
        latency = (time.perf_counter() - t0) * 1000
        passage_rank = doc_rank = None
        if not q.unanswerable:
            for rank, hit in enumerate(answer.passages, start=1):
                c = hit.chunk
                if c.doc_id not in q.sources:
                    continue
                if doc_rank is None:
                    doc_rank = rank
                if passage_rank is None:
                    for ev in q.evidence:
                        key = (c.doc_id, ev)
                        if key not in spans_cache:
                            text = document_text(c.doc_id)
                            spans_cache[key] = evidence_spans(text, ev) if text else []
                        if any(s < c.end and c.start < e for s, e in spans_cache[key]):
                            passage_rank = rank
                            break
                if passage_rank is not None:
                    break
        facts_ok = first_ok = None
        if q.answer and not q.unanswerable:
            facts_ok = not answer.abstained and all(contains_fact(answer.text, f) for f in q.answer)
            first = first_sentence(answer.text)
            first_ok = not answer.abstained and all(contains_fact(first, f) for f in q.answer)
        cited = len(answer.citations) if not q.unanswerable else 0
        cited_ok = sum(1 for c in answer.citations if c.source in q.sources) if not q.unanswerable else 0
        records.append(Record(q, answer, latency, passage_rank, doc_rank, facts_ok, first_ok, cited, cited_ok))
    return summarize(records)


def summarize(records: list[Record]) -> Report:
    """The metrics of a list of asked questions."""
    answerable = [r for r in records if not r.question.unanswerable]
    unanswerable = [r for r in records if r.question.unanswerable]
    facts = [r.key_facts_ok for r in answerable if r.key_facts_ok is not None]
    firsts = [r.first_sentence_ok for r in answerable if r.first_sentence_ok is not None]
    lengths = [answer_words(r.answer.text) for r in records if not r.answer.abstained]
    cited = sum(r.cited for r in answerable)
    lat = sorted(r.latency_ms for r in records) or [0.0]
    return Report(
        n=len(records),
        n_answerable=len(answerable),
        n_unanswerable=len(unanswerable),
        passage=_ranks([r.passage_rank for r in answerable]),
        document=_ranks([r.doc_rank for r in answerable]),
        key_fact_recall=round(sum(facts) / len(facts), 4) if facts else None,
        key_fact_n=len(facts),
        first_sentence_recall=round(sum(firsts) / len(firsts), 4) if firsts else None,
        answer_words_median=statistics.median(lengths) if lengths else None,
        citation_precision=round(sum(r.cited_ok for r in answerable) / cited, 4) if cited else None,
        abstention_unanswerable=(
            round(sum(r.answer.abstained for r in unanswerable) / len(unanswerable), 4) if unanswerable else None
        ),
        false_abstention=(
            round(sum(r.answer.abstained for r in answerable) / len(answerable), 4) if answerable else None
        ),
        latency_ms_median=round(statistics.median(lat), 1),
        latency_ms_p95=round(lat[min(len(lat) - 1, int(0.95 * len(lat)))], 1),
        records=records,
    )


def by_kind(records: Sequence[Record]) -> dict[str, dict[str, Any]]:
    """Key metrics per question kind (empty when the set does not label its questions)."""
    kinds = sorted({r.question.kind for r in records if r.question.kind})
    out: dict[str, dict[str, Any]] = {}
    for kind in kinds:
        sub = summarize([r for r in records if r.question.kind == kind])
        out[kind] = {
            "n": sub.n,
            "key_fact_recall": sub.key_fact_recall,
            "first_sentence_recall": sub.first_sentence_recall,
            "answer_words_median": sub.answer_words_median,
            "abstention_unanswerable": sub.abstention_unanswerable,
            "false_abstention": sub.false_abstention,
        }
    return out


def format_report(report: Report, title: str) -> str:
    """A French plain-text table of the metrics."""

    def pct(v: float | None) -> str:
        return "—" if v is None else f"{v:.3f}"

    def words(v: float | None) -> str:
        return "—" if v is None else f"{v:g}"

    lines = [
        f"Évaluation : {title}",
        f"  questions : {report.n} ({report.n_answerable} avec réponse, {report.n_unanswerable} sans réponse)",
        "  niveau        R@1    R@5    R@10   MRR@10",
    ]
    for name, m in (("passage", report.passage), ("document", report.document)):
        lines.append(f"  {name:<12}  {m['R@1']:.3f}  {m['R@5']:.3f}  {m['R@10']:.3f}  {m['MRR@10']:.3f}")
    lines += [
        f"  faits clés retrouvés : {pct(report.key_fact_recall)} (sur {report.key_fact_n} questions)",
        f"  faits clés dès la première phrase : {pct(report.first_sentence_recall)}",
        f"  longueur médiane des réponses : {words(report.answer_words_median)} mots",
        f"  précision des citations : {pct(report.citation_precision)}",
        f"  abstention sur les questions sans réponse : {pct(report.abstention_unanswerable)}",
        f"  abstention à tort sur les questions avec réponse : {pct(report.false_abstention)}",
        f"  latence : médiane {report.latency_ms_median} ms, p95 {report.latency_ms_p95} ms",
    ]
    kinds = by_kind(report.records)
    if kinds:
        lines.append("  par type de question : n, faits clés, 1re phrase, mots, abstention juste / à tort")
        for kind, m in kinds.items():
            lines.append(
                f"    {kind:<13} {m['n']:>3}  {pct(m['key_fact_recall'])}  {pct(m['first_sentence_recall'])}  "
                f"{words(m['answer_words_median']):>5}  "
                f"{pct(m['abstention_unanswerable'])} / {pct(m['false_abstention'])}"
            )
    return "\n".join(lines)
