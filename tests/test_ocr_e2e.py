"""End to end on scanned documents: the real model, real Chroma, real Tesseract, the ``coop`` command
in a subprocess and the interface in a real Chromium.

The corpus is the seed corpus plus the scans of ``tests/scans.py`` (a PDF whose page 2 is scanned, a
PNG, a two-page TIFF): the answer must come from the scanned page among every other document.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import scans
from conftest import ROOT, SEED_CORPUS, BrowserPage, free_port
from test_ui_browser import AXE, AXE_RUN

from assistant.loaders.ocr import INSTALL_COMMAND, OcrOptions, engine_problem
from assistant.models import Embedder
from assistant.settings import Settings

pytestmark = pytest.mark.model

AMOUNT = "Quel est le montant de la contribution de la Ville au programme d'eau potable de Dogbo ?"


def corpus_with_scans(base: Path) -> Path:
    problem = engine_problem(OcrOptions())
    if problem:
        pytest.fail(f"Tesseract manque pour ces tests : {INSTALL_COMMAND} (fait par « make test » en root) — {problem}")
    corpus = base / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    scans.write_scans(corpus)
    return corpus


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args], capture_output=True, text=True, cwd=ROOT, timeout=600
    )


def test_coop_answers_from_a_scanned_page_and_names_file_page_and_ocr_reading(
    real_embedder: Embedder, tmp_path: Path
) -> None:
    corpus = corpus_with_scans(tmp_path)
    where = ["--corpus", str(corpus), "--index", str(tmp_path / "index")]
    ingested = run_cli("ingest", *where)
    assert ingested.returncode == 0, ingested.stderr
    for name in ("deliberation-dogbo-2019.pdf", "courrier-dogbo-2020.png", "mission-dogbo-2017.tif"):
        assert f"indexé   {name}" in ingested.stdout

    asked = run_cli("ask", AMOUNT, "--json", *where)
    assert asked.returncode == 0, asked.stderr
    first = json.loads(asked.stdout)["citations"][0]
    assert (first["source"], first["page"], first["ocr"]) == ("deliberation-dogbo-2019.pdf", 2, True)
    assert "84 500 euros" in first["text"] and first["ocr_confidence"] >= 90

    text = run_cli("ask", AMOUNT, *where)
    assert text.returncode == 0, text.stderr
    assert "84 500 euros" in text.stdout.split("\n\n")[0]
    assert "(deliberation-dogbo-2019.pdf, p. 2" in text.stdout and "lecture OCR d'une page scannée" in text.stdout


@pytest.fixture(scope="module")
def scan_app(tmp_path_factory: pytest.TempPathFactory, real_embedder: Embedder) -> Iterator[str]:
    from assistant.ingest import ingest
    from assistant.pipeline import Assistant
    from assistant.ui import launch

    base = tmp_path_factory.mktemp("ocr-ui")
    corpus = corpus_with_scans(base)
    settings = Settings(corpus_dir=corpus, index_dir=base / "index", feedback_path=base / "feedback.jsonl")
    ingest(settings, real_embedder, progress=False)
    port = free_port()
    demo = launch(settings, "127.0.0.1", port, assistant=Assistant.open(settings, real_embedder), block=False)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        demo.close()


@pytest.mark.browser
def test_the_viewer_shows_the_scanned_page_with_the_cited_line_outlined(chromium: Any, scan_app: str) -> None:
    page = BrowserPage(chromium, scan_app)
    try:
        p = page.page
        p.locator("#coop-question textarea, #coop-question input").first.fill(AMOUNT)
        p.click("#coop-ask")
        p.wait_for_selector(".coop-answer", timeout=120_000)
        assert "84 500 euros" in p.locator(".coop-answer").first.inner_text()
        assert "Lecture OCR d'une page scannée" in p.locator("#coop-sources").inner_text()
        p.locator(".coop-cite").first.click()
        image = p.locator("#coop-document img.coop-scan-image")
        image.wait_for(state="visible", timeout=30_000)
        p.wait_for_function(
            "() => { const i = document.querySelector('#coop-document img.coop-scan-image');"
            " return i && i.complete && i.naturalWidth > 0; }",
            timeout=30_000,
        )
        assert "Page 2 numérisée" in p.locator("#coop-document figcaption").inner_text()
        frame = image.bounding_box()
        lines = p.locator("#coop-document .coop-scan-line")
        assert lines.count() == 2  # the quote runs over two wrapped lines of the scan
        for i in range(lines.count()):
            box = lines.nth(i).bounding_box()
            assert frame is not None and box is not None
            # inside the page image, as wide as a line of text, as high as one line
            assert frame["x"] <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"] + 1
            assert frame["y"] <= box["y"] and box["y"] + box["height"] <= frame["y"] + frame["height"] + 1
            assert box["width"] > 0.3 * frame["width"] and box["height"] < 0.04 * frame["height"]
        # the recognised text is beside it, the quote highlighted
        assert "84 500 euros" in p.locator("#coop-document .coop-doc-text mark.coop-quote").first.inner_text()
        image.scroll_into_view_if_needed()
        page.shot("ocr-viewer.png")
        # the scanned page and its outlines pass axe-core's WCAG 2.1 A/AA checks, as the rest of the viewer
        if not AXE.exists():
            pytest.fail(f"axe-core manque ({AXE}) : lancez « make test », qui l'installe avec npm.")
        p.add_script_tag(path=str(AXE))
        assert p.evaluate(AXE_RUN) == []
        assert page.dialogs == [] and page.outside_requests() == []
    finally:
        page.close()
