"""Character accuracy and speed of the OCR of scanned documents, at several resolutions: printed, never asserted.

Usage:
    .venv/bin/python scripts/bench_ocr.py                    # 150, 200 and 300 dpi
    .venv/bin/python scripts/bench_ocr.py --dpi 200 --dpi 300

The scans are those of the tests (``tests/scans.py``: text drawn with Pillow at 300 dpi, slightly
rotated, specks and blur): a PDF with a text page and a scanned page, a PNG, a two-page TIFF — 4
scanned pages. Each is read by ``read_document`` as ``coop ingest`` reads it, without cache, once per
resolution (``COOP_OCR_DPI``: PDF pages rendered at it, images brought down to it). Character accuracy
is 1 − edit distance / length of the drawn text, whitespace runs counted as one space. The machine's
load average is printed: on a shared machine, compare resolutions within one run.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

from assistant.loaders import read_document
from assistant.loaders.ocr import OcrOptions, engine_problem, engine_version

ROOT = Path(__file__).resolve().parents[1]


def _load_scans() -> ModuleType:
    """The scan builders the tests use (``tests/scans.py``), loaded from their path."""
    spec = importlib.util.spec_from_file_location("scans", ROOT / "tests" / "scans.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["scans"] = module  # its dataclass looks its module up
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dpi", type=int, action="append", help="résolution de lecture (plusieurs fois permis)")
    args = parser.parse_args()
    resolutions = args.dpi or [150, 200, 300]
    problem = engine_problem(OcrOptions())
    if problem:
        print(f"Impossible : {problem}")
        return 1
    scans = _load_scans()
    print(f"Tesseract {engine_version()}, langues fra+eng, un fil OpenMP ; charge au départ : {_load()}")
    print()
    print("| résolution | pages | exactitude des caractères (min / moyenne) | s par page | pages par minute |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="bench-ocr-") as tmp:
        corpus = Path(tmp) / "corpus"
        truth = scans.write_scans(corpus)
        for dpi in resolutions:
            options = OcrOptions(dpi=dpi, cache_dir=None)
            accuracies: list[float] = []
            pages = 0
            seconds = 0.0
            for name, text in truth.items():
                t0 = time.perf_counter()
                doc = read_document(corpus / name, corpus, ocr=options)
                seconds += time.perf_counter() - t0
                scanned = [s for s in doc.sections if s.ocr is not None]
                for section, page_truth in zip(scanned, text.split("\n\n"), strict=True):
                    accuracies.append(scans.char_accuracy(doc.text[section.start : section.end], page_truth))
                pages += len(scanned)
            per_page = seconds / pages
            print(
                f"| {dpi} dpi | {pages} | {min(accuracies):.2%} / {statistics.mean(accuracies):.2%} | "
                f"{per_page:.2f} | {60 / per_page:.1f} |".replace(".", ",")
            )
        print()
        print("Petits caractères (la lettre en 8 pt, même bruit) :")
        print()
        print("| résolution | exactitude des caractères | s par page |")
        print("|---|---|---|")
        small = scans.render_page(scans.LETTER, seed=3, angle=-0.6, points=8)
        (corpus / "petit.png").write_bytes(scans.png_bytes(small.image))
        for dpi in resolutions:
            t0 = time.perf_counter()
            doc = read_document(corpus / "petit.png", corpus, ocr=OcrOptions(dpi=dpi, cache_dir=None))
            elapsed = time.perf_counter() - t0
            accuracy = scans.char_accuracy(doc.text, small.text)
            print(f"| {dpi} dpi | {accuracy:.2%} | {elapsed:.2f} |".replace(".", ","))
        (corpus / "petit.png").unlink()
        t0 = time.perf_counter()
        cache = Path(tmp) / "ocr"
        for name in truth:
            read_document(corpus / name, corpus, ocr=OcrOptions(cache_dir=cache))
        first = time.perf_counter() - t0
        t0 = time.perf_counter()
        for name in truth:
            read_document(corpus / name, corpus, ocr=OcrOptions(cache_dir=cache))
        again = time.perf_counter() - t0
    print()
    print(f"Avec le cache (réglages par défaut) : première lecture {first:.1f} s, relecture {again * 1000:.0f} ms.")
    print(f"Charge à la fin : {_load()} (le temps par page compte l'ouverture, le rendu PDF, le redressement).")
    return 0


def _load() -> str:
    try:
        return " ".join(f"{v:.1f}" for v in os.getloadavg()) + f" sur {os.cpu_count()} cœurs"
    except OSError:
        return "inconnue"


if __name__ == "__main__":
    raise SystemExit(main())
