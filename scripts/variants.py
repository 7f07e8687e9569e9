"""Two variants of an evaluation file, to measure what a question set alone does not:

* ``<name>.lowercase.jsonl``: every question (and earlier turn) typed without capitals, as many users
  type; same expected answers. The answers should not depend on the capitals.
* ``<name>.other-year.jsonl``: every answerable one-turn question that names a year, with its years moved
  ``--shift`` years on (« …en 2024 ? » → « …en 2033 ? »), marked unanswerable: the documents say nothing of
  that year, the right answer is « pas trouvé ».

Usage: ``python scripts/variants.py eval/terrain-h/tune.jsonl --out /tmp/variants`` then
``coop eval /tmp/variants/tune.lowercase.jsonl --corpus eval/terrain-h/corpus`` (and the other file).
Only ever run on the tune halves when the numbers guide a change; the test halves are reported only.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def lowercase(question: dict) -> dict:
    out = dict(question, question=question["question"].lower())
    if question.get("turns"):
        out["turns"] = [t.lower() for t in question["turns"]]
    return out


def other_year(question: dict, shift: int) -> dict | None:
    if question.get("unanswerable") or question.get("turns") or not YEAR.search(question["question"]):
        return None
    moved = YEAR.sub(lambda m: str(int(m.group()) + shift), question["question"])
    return {
        "id": f"{question['id']}-y{shift}",
        "question": moved,
        "sources": [],
        "evidence": [],
        "answer": [],
        "unanswerable": True,
        "kind": "missing",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path, help="fichier de questions .jsonl")
    parser.add_argument("--out", type=Path, required=True, help="dossier où écrire les deux variantes")
    parser.add_argument("--shift", type=int, default=9, help="années ajoutées (défaut 9)")
    args = parser.parse_args()
    questions = [json.loads(line) for line in args.file.read_text(encoding="utf-8").splitlines() if line.strip()]
    args.out.mkdir(parents=True, exist_ok=True)
    stem = args.file.stem
    lower = [lowercase(q) for q in questions]
    moved = [m for q in questions if (m := other_year(q, args.shift)) is not None]
    for name, rows in (("lowercase", lower), ("other-year", moved)):
        path = args.out / f"{stem}.{name}.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        print(f"{path} : {len(rows)} questions")


if __name__ == "__main__":
    main()
