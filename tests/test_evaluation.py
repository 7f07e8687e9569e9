"""Evaluation metrics checked against a tiny case computed by hand."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from assistant.errors import ConfigError
from assistant.evaluation import Question, evaluate, evidence_spans, load_questions
from assistant.types import Answer, Chunk, Citation, Hit

DOCS = {"a.txt": "Alpha beta. Gamma  delta. Epsilon.", "b.txt": "Autre chose."}


def chunk(doc: str, start: int, end: int) -> Chunk:
    return Chunk(f"{doc}:{start}", doc, start, end, DOCS[doc][start:end], doc)


def cite(n: int, doc: str, start: int, end: int) -> Citation:
    return Citation(n, doc, doc, "", start, end, DOCS[doc][start:end], 1.0, start, end)


def hits(*chunks: Chunk) -> tuple[Hit, ...]:
    return tuple(Hit(c, 1.0 / r, r) for r, c in enumerate(chunks, start=1))


QUESTIONS = [
    Question("q1", "Q1", ("Q1",), ("a.txt",), ("Gamma delta",), ("gamma",), False, "type"),
    Question("q2", "Q2", ("avant", "Q2"), ("b.txt",), ("zzz",), ("autre",), False, "followup"),
    Question("q3", "Q3", ("Q3",), (), (), (), True, "missing"),
    Question("q4", "Q4", ("Q4",), ("b.txt",), ("Autre",), ("autre", "gamma"), False, "type"),
]

ANSWERS = {
    # doc rank 2, passage rank 3 (the first a.txt chunk does not overlap the evidence); 1 of 2 citations right
    "Q1": Answer(
        "Q1",
        "Q1",
        "Gamma delta. [1] Autre. [2]",
        False,
        (cite(1, "a.txt", 12, 25), cite(2, "b.txt", 0, 12)),
        hits(chunk("b.txt", 0, 12), chunk("a.txt", 0, 11), chunk("a.txt", 12, 25)),
    ),
    # wrongly abstains; its source is never retrieved
    "Q2": Answer("Q2", "Q2 (avant)", "Je n'ai pas trouvé.", True, (), hits(chunk("a.txt", 0, 11))),
    # rightly abstains
    "Q3": Answer("Q3", "Q3", "Je n'ai pas trouvé.", True, (), hits(chunk("a.txt", 0, 11))),
    # both facts in the answer, but only one in its first sentence (the text before the first [n])
    "Q4": Answer(
        "Q4",
        "Q4",
        "Autre chose. [1] Gamma delta, epsilon. [2]",
        False,
        (cite(1, "b.txt", 0, 12), cite(2, "a.txt", 12, 25)),
        hits(chunk("b.txt", 0, 12)),
    ),
}


def test_metrics_match_the_hand_computed_values() -> None:
    histories: list[Sequence[str]] = []

    def ask(q: str, history: Sequence[str]) -> Answer:
        histories.append(list(history))
        return ANSWERS[q]

    report = evaluate(ask, QUESTIONS, DOCS.get)
    assert histories == [[], ["avant"], [], []]
    assert report.n_answerable == 3 and report.n_unanswerable == 1
    assert report.passage == {"R@1": 0.3333, "R@5": 0.6667, "R@10": 0.6667, "MRR@10": round((1 / 3 + 1) / 3, 4)}
    assert report.document == {"R@1": 0.3333, "R@5": 0.6667, "R@10": 0.6667, "MRR@10": 0.5}
    assert report.key_fact_recall == round(2 / 3, 4)  # q1 and q4
    assert report.first_sentence_recall == round(1 / 3, 4)  # q1 only: q4's « gamma » comes second
    assert report.answer_words_median == 4  # q1: 3 words, q4: 5 words (markers left out)
    assert report.citation_precision == 0.5  # q1 1 of 2, q4 1 of 2
    assert report.abstention_unanswerable == 1.0
    assert report.false_abstention == round(1 / 3, 4)
    assert [r.as_dict()["id"] for r in report.records] == ["q1", "q2", "q3", "q4"]
    kinds = report.as_dict()["kinds"]
    assert kinds["type"]["n"] == 2 and kinds["type"]["first_sentence_recall"] == 0.5
    assert kinds["missing"]["abstention_unanswerable"] == 1.0
    assert "latency_ms" in report.records[0].as_dict()


def test_evidence_is_found_whitespace_insensitively() -> None:
    assert evidence_spans(DOCS["a.txt"], "Gamma delta") == [(12, 24)]
    assert evidence_spans(DOCS["a.txt"], "absent") == []


def test_load_questions_reads_the_shared_format(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text(
        json.dumps(
            {
                "id": "x",
                "question": "Depuis quand ?",
                "turns": ["A ?", "Depuis quand ?"],
                "sources": ["a.txt"],
                "evidence": ["e"],
                "answer": ["2003"],
                "unanswerable": False,
            }
        )
        + "\n\n",
        encoding="utf-8",
    )
    (q,) = load_questions(path)
    assert q.turns == ("A ?", "Depuis quand ?") and q.answer == ("2003",)


def test_malformed_line_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "ok", "question": "Q"}\n{"pas de question": 1}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.jsonl, ligne 2"):
        load_questions(path)
