"""Time and peak memory of reading hostile files (issue 12, item 6): printed, never asserted.

Usage:
    .venv/bin/python scripts/bench_hostile_files.py            # the audit's files, and files just under the limits
    .venv/bin/python scripts/bench_hostile_files.py --quick    # without the 2 GiB DOCX (the longest to write)

Each file is written to a temporary folder (``tests/hostile_files.py``), then read by
``read_document`` in a fresh process, as ``coop ingest`` would read it; the line gives the outcome,
the time and the peak resident memory of that process (``ru_maxrss``, Python and libraries
included: about 60 MB for an empty read). The audit measured 4.2 GB for the 2 GiB DOCX and 1.26 GB
for the 232 kB ODT before the limits.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from assistant.loaders import MAX_XML_TAGS

ROOT = Path(__file__).resolve().parents[1]


def _load_builders() -> ModuleType:
    """The file builders the tests use (``tests/hostile_files.py``), loaded from their path."""
    spec = importlib.util.spec_from_file_location("hostile_files", ROOT / "tests" / "hostile_files.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_builders = _load_builders()
docx_bomb, docx_of_words = _builders.docx_bomb, _builders.docx_of_words
odt_bomb, pdf_shared_stream = _builders.odt_bomb, _builders.pdf_shared_stream

READ = """
import resource, sys, time
from pathlib import Path
from assistant.errors import DocumentError
from assistant.loaders import read_document
path = Path(sys.argv[1])
started = time.perf_counter()
try:
    outcome = f"lu : {len(read_document(path, path.parent).text):,} caractères"
except DocumentError as exc:
    outcome = "refusé : " + exc.reason[:90]
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{time.perf_counter() - started:7.2f} s  pic {peak:6.0f} Mo  {outcome}")
"""


def many_elements(path: Path, tags: int, kind: str) -> Path:
    """A package just under the XML tag limit: varied tiny elements (compress about 10 times)."""
    make = docx_bomb if kind == "docx" else odt_bomb
    make(path, 1)
    with zipfile.ZipFile(path) as src:
        members = {i.filename: src.read(i.filename) for i in src.infolist()}
    name, marker = ("word/document.xml", "<w:body>") if kind == "docx" else ("content.xml", "<office:text>")
    unit = "<w:p><w:r><w:t>{}</w:t></w:r></w:p>" if kind == "docx" else "<text:p>{}<text:s/></text:p>"
    per = unit.count("<")
    rng = random.Random(1)
    body = "".join(unit.format(f"{rng.randrange(1 << 20):x}") for _ in range(tags // per))
    xml = members[name].decode("utf-8")
    cut = xml.index(marker) + len(marker)
    members[name] = (xml[:cut] + body + xml[cut:]).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for member, data in members.items():
            dst.writestr(member, data)
    return path


def cases(quick: bool) -> list[tuple[str, str, Callable[[Path], Path]]]:
    out: list[tuple[str, str, Callable[[Path], Path]]] = []
    if not quick:
        out.append(("DOCX 2 Mo → 2 Gio (audit)", "bombe.docx", lambda p: docx_bomb(p, 2_147_000, level=9)))
    out += [
        ("DOCX 58 Ko → 10,6 M caractères (audit)", "note.docx", lambda p: docx_bomb(p, 10_600)),
        ("ODT 232 Ko → 53 M caractères (audit)", "note.odt", lambda p: odt_bomb(p, 53_000)),
        ("PDF 9 Ko, 10 pages d'un flux (audit)", "rapport.pdf", lambda p: pdf_shared_stream(p)),
        ("DOCX de 210 Mo décompressés", "gros.docx", lambda p: docx_bomb(p, 210_000, level=6)),
        ("DOCX de 2,9 M caractères de mots variés", "mots.docx", lambda p: docx_of_words(p, 2_900_000)),
        (
            "DOCX juste sous la limite de balises",
            "balises.docx",
            lambda p: many_elements(p, MAX_XML_TAGS - 100_000, "docx"),
        ),
        (
            "ODT juste sous la limite de balises",
            "balises.odt",
            lambda p: many_elements(p, MAX_XML_TAGS - 100_000, "odt"),
        ),
    ]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="skip the 2 GiB DOCX")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for label, name, make in cases(args.quick):
            path = Path(tmp) / name
            started = time.perf_counter()
            make(path)
            size = path.stat().st_size
            written = time.perf_counter() - started
            result = subprocess.run(
                [sys.executable, "-c", READ, str(path)], capture_output=True, text=True, cwd=ROOT, check=False
            )
            line = result.stdout.strip() or f"échec : {result.stderr.strip()[-200:]}"
            print(f"{label:<44} {size / 1024:9.0f} Ko (écrit en {written:4.1f} s)  {line}", flush=True)
            path.unlink()


if __name__ == "__main__":
    main()
