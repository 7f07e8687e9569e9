"""``scripts/variants.py``: the lowercase and « other year » variants of an evaluation file, loadable by
``coop eval``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from assistant.evaluation import load_questions

ROOT = Path(__file__).resolve().parents[1]


def test_the_variants_of_a_tune_half_are_valid_evaluation_files(tmp_path: Path) -> None:
    source = ROOT / "eval" / "terrain-g" / "tune.jsonl"
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "variants.py"), str(source), "--out", str(tmp_path)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "lowercase" in done.stdout
    original = load_questions(source)
    lower = load_questions(tmp_path / "tune.lowercase.jsonl")
    assert [q.question for q in lower] == [q.question.lower() for q in original]
    assert [q.answer for q in lower] == [q.answer for q in original]
    moved = load_questions(tmp_path / "tune.other-year.jsonl")
    assert moved and all(q.unanswerable and not q.answer for q in moved)
    assert "2035" in moved[0].question  # « …appel à projets … 2026 » moved nine years on
