"""Time of the text patterns on crafted input (issue 12, item 5): printed, never asserted.

Usage:
    python scripts/bench_patterns.py              # every pattern, 100 kB long
    python scripts/bench_patterns.py --size 32000 # another length (a linear time scales with it)

Each line feeds one hostile pattern through the code that reads it for real: metadata extraction,
the Markdown reader, the sentence splitter, the follow-up rewriting, the fold with its offsets and
the date patterns. The audit's probes took
7 to 20 s at 32,000 to 64,000 characters (quadratic); a linear pattern takes milliseconds at
100 kB and twice as long at 200 kB (run with ``--size 200000`` to see it).
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from assistant.conversation import is_follow_up, rewrite
from assistant.french import fold_offsets
from assistant.french.dates import DATE, DATE_FOLDED
from assistant.loaders import read_document
from assistant.metadata import extract_metadata
from assistant.textnorm import split_sentences

ROOT = Path(__file__).resolve().parents[1]

PREVIOUS = "Quels projets La Rochelle mène-t-elle au Mexique ?"


def cases(size: int, folder: Path) -> list[tuple[str, Callable[[], object]]]:
    def rep(unit: str) -> str:
        return unit * (size // len(unit))

    def markdown(unit: str) -> Callable[[], object]:
        path = folder / "piege.md"

        def run() -> object:
            path.write_text(rep(unit), encoding="utf-8")
            return read_document(path, folder)

        return run

    blank = " " * size
    out: list[tuple[str, Callable[[], object]]] = [
        ("métadonnées 'Abc '", lambda: extract_metadata(rep("Abc "), "Note", "note.txt")),
    ]
    out += [(f"Markdown {u!r}", markdown(u)) for u in ("**a ", "<script ", "<!--", "![a](", "~~a ")]
    out += [(f"phrases {u!r}", lambda u=u: split_sentences(rep(u))) for u in (".", "…", ".)", "M. ", "a. ", "Abc. ")]  # type: ignore[misc]
    out += [
        ("suivi : contexte '('", lambda: rewrite("Qui la finance ?", [rep("(")])),
        ("suivi : contexte puis espaces", lambda: rewrite("Qui la finance ?", [f"Projets (Kendari){blank}"])),
        ("suivi : ellipse, espaces", lambda: rewrite(f"Et à x{blank}Lyon", [PREVIOUS])),
        ("suivi : ellipse, '?'", lambda: rewrite("Et au Japon" + "?" * size, [PREVIOUS])),
        ("suivi : phrase remplacée, espaces", lambda: rewrite("Et au Japon ?", [f"Projets{blank}au Mexique (K)"])),
        ("suivi : phrase remplacée 'à x de '", lambda: rewrite("Et au Japon ?", [rep("à x de ")])),
        ("suivi : introductions 'qui '", lambda: rewrite("Qui la finance ?", [rep("qui ")])),
        ("suivi : démonstratif 'ce' + espaces", lambda: is_follow_up("Budget de Dakar ce" + blank + "que")),
        ("suivi : pronom 'qui la '", lambda: is_follow_up(rep("qui la "))),
    ]

    def on(fn: Callable[[str], object], unit: str) -> Callable[[], object]:
        return lambda: fn(rep(unit))

    out += [(f"repliement {u!r}", on(fold_offsets, u)) for u in ("œ", "e\u0301", "\u0301")]
    out += [(f"dates {u!r}", on(lambda t: list(DATE.finditer(t)), u)) for u in ("1 ", "1 au ", "1/1/")]
    out += [(f"dates repliées {u!r}", on(lambda t: list(re.finditer(DATE_FOLDED, t)), u)) for u in ("1/1/", "lundi ")]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=100_000, help="length of each crafted text (characters)")
    args = parser.parse_args()
    rewrite("Qui ?", ["Kendari"])  # load the stopwords once, outside the timings
    with tempfile.TemporaryDirectory() as tmp:
        for label, run in cases(args.size, Path(tmp)):
            started = time.perf_counter()
            run()
            print(f"{label:<42} {args.size:>8} caractères  {time.perf_counter() - started:8.3f} s", flush=True)


if __name__ == "__main__":
    main()
