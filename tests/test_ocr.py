"""Scanned documents read by OCR (Tesseract, real engine): PDF pages without a text layer, PNG, TIFF.

The scans are made by ``tests/scans.py`` (text rendered at 300 dpi, slightly rotated, specks, blur),
the same pages ``scripts/bench_ocr.py`` measures. No model: the index tests use the hashing embedder.
Tesseract must be installed (``make test`` installs it as root); without it these tests fail and say
how to install it — the missing-engine path is tested with a program name that does not exist.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
from html import unescape
from pathlib import Path
from typing import Any

import pytest
import scans
from conftest import HASHING_ABSTAIN_THRESHOLD

import assistant.loaders.scanned as scanned_module
import assistant.models
from assistant.cli import main
from assistant.errors import DocumentError
from assistant.ingest import Status, ingest
from assistant.ingest.reading import ocr_cache_dir
from assistant.loaders import read_document
from assistant.loaders.ocr import INSTALL_COMMAND, OcrOptions, deskew, engine_problem, page_from_data
from assistant.loaders.scanned import OcrCache
from assistant.models.testing import HashingEmbedder
from assistant.settings import Settings

AMOUNT = "Quel est le montant de la contribution de la Ville au programme d'eau potable de Dogbo ?"


@pytest.fixture(scope="module")
def tesseract() -> None:
    problem = engine_problem(OcrOptions())
    if problem:
        pytest.fail(f"Tesseract manque pour ces tests : {INSTALL_COMMAND} (fait par « make test » en root) — {problem}")


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory, tesseract: None) -> tuple[Path, dict[str, str], dict[str, Any]]:
    """The three scans, their drawn text and their documents as read once (OCR cache in ``ocr/``)."""
    base = tmp_path_factory.mktemp("scans")
    truth = scans.write_scans(base / "corpus")
    options = OcrOptions(cache_dir=base / "ocr")
    docs = {name: read_document(base / "corpus" / name, base / "corpus", ocr=options) for name in truth}
    return base, truth, docs


def read(path: Path, **options: Any) -> Any:
    return read_document(path, path.parent, ocr=OcrOptions(**options))


def refusal(path: Path, **options: Any) -> str:
    with pytest.raises(DocumentError) as info:
        read(path, **options)
    return info.value.reason


# --- reading --------------------------------------------------------------------------------------


def test_clean_scans_are_read_with_98_percent_of_their_characters(
    scanned: tuple[Path, dict[str, str], dict[str, Any]],
) -> None:
    _, truth, docs = scanned
    pdf = docs["deliberation-dogbo-2019.pdf"]
    # the mixed PDF keeps its text page as it is, and reads its scanned page
    first, second = pdf.sections
    assert (first.page, first.ocr) == (1, None)
    assert pdf.text[first.start : first.end].strip() == "\n".join(scans.COVER)
    assert second.page == 2 and second.ocr is not None and second.ocr >= 90
    assert scans.char_accuracy(pdf.text[second.start : second.end], truth["deliberation-dogbo-2019.pdf"]) >= 0.98
    png = docs["courrier-dogbo-2020.png"]
    assert png.format == "png" and [(s.page, s.ocr is not None) for s in png.sections] == [(1, True)]
    assert scans.char_accuracy(png.text, truth["courrier-dogbo-2020.png"]) >= 0.98
    tif = docs["mission-dogbo-2017.tif"]
    assert tif.format == "tiff" and [s.page for s in tif.sections] == [1, 2]
    for section, page_truth in zip(tif.sections, truth["mission-dogbo-2017.tif"].split("\n\n"), strict=True):
        assert scans.char_accuracy(tif.text[section.start : section.end], page_truth) >= 0.98
    # wrapped lines are joined, so that a sentence is one sentence; paragraphs stay apart
    assert "fixée à 84 500 euros sur trois ans, versés en trois tranches annuelles." in pdf.text
    assert all(not d.notes for d in docs.values())  # clean scans: nothing hard to read


def test_the_cache_keeps_text_boxes_and_page_images_and_a_second_read_never_calls_tesseract(
    scanned: tuple[Path, dict[str, str], dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    base, _, docs = scanned
    cache = OcrCache(base / "ocr")
    doc = docs["mission-dogbo-2017.tif"]
    for section in doc.sections:
        page = cache.page(doc.sha256, section.page)
        assert page is not None and page.text == doc.text[section.start : section.end].strip()
        image = cache.image_path(doc.sha256, section.page)
        assert image is not None and image.read_bytes().startswith(b"\xff\xd8")
        for line in page.lines:  # every line has a box inside the page
            left, top, right, bottom = line.box
            assert 0 <= left < right <= page.width and 0 <= top < bottom <= page.height
    assert abs(cache.page(doc.sha256, 1).skew) > 0.2  # the page drawn at 0.5° was straightened

    def no_engine(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("Tesseract appelé alors que la page est en cache")

    monkeypatch.setattr(scanned_module, "recognise", no_engine)
    again = read_document(
        base / "corpus" / "mission-dogbo-2017.tif", base / "corpus", ocr=OcrOptions(cache_dir=base / "ocr")
    )
    assert again.text == doc.text and again.sections == doc.sections
    # no page image is served for another hash, a path or page 0
    assert cache.image_path("../" + doc.sha256, 1) is None and cache.image_path(doc.sha256, 0) is None


@pytest.mark.parametrize("turns", [1, 2])
def test_a_page_fed_sideways_or_upside_down_is_turned_upright(tmp_path: Path, tesseract: None, turns: int) -> None:
    page = scans.render_page(scans.LETTER, seed=3, angle=-0.6)
    path = tmp_path / f"courrier-{turns}.png"
    path.write_bytes(scans.png_bytes(scans.rotated(page.image, turns)))
    doc = read(path, cache_dir=tmp_path / "ocr")
    assert scans.char_accuracy(doc.text, page.text) >= 0.97
    assert OcrCache(tmp_path / "ocr").page(doc.sha256, 1).rotation == {1: 90, 2: 180}[turns]


def test_deskew_measures_a_slight_rotation() -> None:
    page = scans.render_page(scans.LETTER, seed=5, angle=2.0, speckles=0, blur=0)
    small = page.image.reduce(2)
    straight, angle = deskew(small)
    assert angle == pytest.approx(-2.0, abs=0.3) and straight.size == small.size
    assert deskew(scans.render_page(scans.LETTER, angle=0, speckles=0, blur=0).image.reduce(2))[1] == 0.0


def test_page_text_lines_boxes_and_confidence_from_the_word_table() -> None:
    words = [  # (block, paragraph, line, text, confidence, left, width)
        (1, 1, 1, "La", 96, 100, 40), (1, 1, 1, "coopé-", 90, 150, 1700),
        (1, 1, 2, "ration", 80, 100, 120), (1, 1, 2, "|", 20, 900, 5), (1, 1, 2, "continue.", 95, 230, 200),
        (1, 2, 1, "Fin", 99, 100, 60),
    ]  # fmt: skip
    data = {
        "text": [w[3] for w in words], "conf": [w[4] for w in words], "block_num": [w[0] for w in words],
        "par_num": [w[1] for w in words], "line_num": [w[2] for w in words], "left": [w[5] for w in words],
        "width": [w[6] for w in words], "top": [100 * w[1] + 40 * w[2] for w in words], "height": [30] * len(words),
    }  # fmt: skip
    page = page_from_data(data, 3, 2000, 3000)
    # the hyphen of a wrapped line is taken out, the lone low-confidence « | » (a speck) left out
    assert page.text == "La coopération continue.\n\nFin"
    assert [page.text[ln.start : ln.end] for ln in page.lines] == ["La coopé", "ration continue.", "Fin"]
    assert page.lines[1].box == (100, 180, 430, 210)
    weights = {"La": 96, "coopé-": 90, "ration": 80, "continue.": 95, "Fin": 99}
    expected = sum(len(w) * c for w, c in weights.items()) / sum(len(w) for w in weights)
    assert page.confidence == pytest.approx(expected, abs=0.05)


# --- honesty, bounds and a missing engine ------------------------------------------------------------


def test_a_poor_scan_is_indexed_and_listed_with_its_confidence(tmp_path: Path, tesseract: None) -> None:
    poor = scans.poor_scan()
    path = tmp_path / "fax-dogbo.png"
    path.write_bytes(scans.png_bytes(poor.image, dpi=200))
    doc = read(path, cache_dir=tmp_path / "ocr")
    confidence = doc.sections[0].ocr
    assert confidence is not None and confidence < 70 and doc.text.strip()
    assert doc.notes == (f"page 1 : texte peu lisible, confiance {confidence:.0f} %",)


def test_without_tesseract_images_are_refused_with_the_install_command_and_text_pages_kept(
    scanned: tuple[Path, dict[str, str], dict[str, Any]], tmp_path: Path
) -> None:
    base, _, _ = scanned
    absent = str(tmp_path / "pas-de-tesseract")
    for name in ("courrier-dogbo-2020.png", "mission-dogbo-2017.tif"):
        shutil.copy(base / "corpus" / name, tmp_path / name)
        reason = refusal(tmp_path / name, command=absent)
        assert reason.startswith("image numérisée non lue : Tesseract n'est pas installé") and INSTALL_COMMAND in reason
    shutil.copy(base / "corpus" / "deliberation-dogbo-2019.pdf", tmp_path / "mixte.pdf")
    doc = read(tmp_path / "mixte.pdf", command=absent)
    assert [s.page for s in doc.sections] == [1] and doc.text == "\n".join(scans.COVER)
    assert (
        doc.notes[0].startswith("page 2 (scannée) non lue : Tesseract n'est pas installé")
        and INSTALL_COMMAND in doc.notes[0]
    )
    (tmp_path / "scan.pdf").write_bytes(scans.image_pdf_page(scans.render_page(scans.LETTER).image))
    reason = refusal(tmp_path / "scan.pdf", command=absent)
    assert reason.startswith("PDF sans couche texte (document scanné) : reconnaissance de caractères impossible")
    assert INSTALL_COMMAND in reason


def test_a_huge_image_is_refused_before_it_is_decoded(tmp_path: Path) -> None:
    (tmp_path / "geante.png").write_bytes(scans.huge_png(8000, 8000))  # 64 million pixels > 50
    reason = refusal(tmp_path / "geante.png")
    assert reason == (
        "image trop grande pour la reconnaissance de caractères (8 000 × 8 000 pixels, plus de 50 000 000) : "
        "numérisez-la à 300 dpi au plus, ou augmentez COOP_OCR_MAX_PIXELS"
    )
    (tmp_path / "bombe.png").write_bytes(scans.huge_png(60_000, 60_000))  # 3.6 billion: Pillow's own guard first
    assert refusal(tmp_path / "bombe.png").startswith("image trop grande pour la reconnaissance de caractères")
    (tmp_path / "faux.png").write_bytes(b"\x89PNG\r\n\x1a\nrien")
    assert refusal(tmp_path / "faux.png").startswith("image illisible, corrompue ou d'un autre format")
    gif = io.BytesIO()
    scans.render_page(("GIF",), dpi=30).image.save(gif, "GIF")  # another format behind the suffix: never decoded
    (tmp_path / "image.tif").write_bytes(gif.getvalue())
    assert refusal(tmp_path / "image.tif").startswith("image illisible, corrompue ou d'un autre format")


def test_pages_per_file_time_per_page_and_pixels_of_a_pdf_page_are_bounded(
    scanned: tuple[Path, dict[str, str], dict[str, Any]], tmp_path: Path
) -> None:
    base, _, _ = scanned
    tif = shutil.copy(base / "corpus" / "mission-dogbo-2017.tif", tmp_path / "mission.tif")
    doc = read(Path(tif), max_pages=1)
    assert [s.page for s in doc.sections] == [1]
    assert doc.notes == (
        "page 2 non lue : plus de 1 pages à reconnaître dans ce fichier (découpez-le, ou augmentez COOP_OCR_MAX_PAGES)",
    )
    png = Path(shutil.copy(base / "corpus" / "courrier-dogbo-2020.png", tmp_path / "lent.png"))
    reason = refusal(png, page_seconds=0.05)
    assert "reconnaissance de caractères trop longue (plus de 0,05 s)" in reason and "COOP_OCR_PAGE_SECONDS" in reason
    pdf = Path(shutil.copy(base / "corpus" / "deliberation-dogbo-2019.pdf", tmp_path / "grand.pdf"))
    doc = read(pdf, max_pixels=1_000_000)  # an A4 page at 200 dpi is 3.9 million pixels
    assert [s.page for s in doc.sections] == [1]
    assert doc.notes[0].startswith("page 2 : page trop grande pour la reconnaissance de caractères")


# --- ingestion and answers (hashing embedder) --------------------------------------------------------


@pytest.fixture()
def hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(assistant.models, "load_embedder", lambda settings: HashingEmbedder())
    monkeypatch.setenv("COOP_ABSTAIN_THRESHOLD", str(HASHING_ABSTAIN_THRESHOLD))


def test_coop_ingest_lists_hard_pages_and_ask_says_the_quote_is_an_ocr_reading(
    scanned: tuple[Path, dict[str, str], dict[str, Any]],
    tmp_path: Path,
    hashing: None,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base, _, _ = scanned
    corpus = tmp_path / "corpus"
    shutil.copytree(base / "corpus", corpus)
    # the three clean scans were read by the fixture: their pages come from its cache (a minute saved);
    # the poor fax is read by Tesseract during this ingestion
    shutil.copytree(base / "ocr", ocr_cache_dir(tmp_path / "index"))
    (corpus / "fax-dogbo.png").write_bytes(scans.png_bytes(scans.poor_scan().image, dpi=200))
    where = ["--corpus", str(corpus), "--index", str(tmp_path / "index")]
    assert main(["ingest", *where]) == 0
    out = capsys.readouterr().out
    assert re.search(
        r"indexé +fax-dogbo\.png \(\d+ passages?\)\n +page 1 : texte peu lisible, confiance \d+ %\n", out
    ), out
    assert "indexé   deliberation-dogbo-2019.pdf" in out and "peu lisible" not in out.split("fax-dogbo.png")[0]

    assert main(["ask", AMOUNT, "--json", *where]) == 0
    data = json.loads(capsys.readouterr().out)
    first = data["citations"][0]
    assert (first["source"], first["page"], first["ocr"]) == ("deliberation-dogbo-2019.pdf", 2, True)
    assert first["ocr_confidence"] >= 90 and "84 500 euros" in first["text"]
    assert any(p["ocr_confidence"] for p in data["passages"])
    assert main(["ask", AMOUNT, *where]) == 0
    text = capsys.readouterr().out
    assert "p. 2" in text and re.search(r"\(lecture OCR d'une page scannée \(confiance \d+ %\)\)", text)

    # a rebuild reads every file again, but no scanned page: they come from the index's OCR cache
    def no_engine(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("Tesseract appelé alors que la page est en cache")

    monkeypatch.setattr(scanned_module, "recognise", no_engine)
    assert main(["ingest", "--rebuild", *where]) == 0
    assert "indexé   mission-dogbo-2017.tif" in capsys.readouterr().out

    # a scan taken out of the corpus takes its pages and page images out of the cache; the others stay
    cache = ocr_cache_dir(tmp_path / "index")
    letter = hashlib.sha256((corpus / "courrier-dogbo-2020.png").read_bytes()).hexdigest()
    mission = hashlib.sha256((corpus / "mission-dogbo-2017.tif").read_bytes()).hexdigest()
    assert {p.name for p in cache.glob(f"{letter}*")} == {f"{letter}.json", f"{letter}-0001.jpg"}
    (corpus / "courrier-dogbo-2020.png").unlink()
    assert main(["ingest", *where]) == 0
    assert "retiré   courrier-dogbo-2020.png" in capsys.readouterr().out
    assert not list(cache.glob(f"{letter}*"))
    assert {p.name for p in cache.glob(f"{mission}*")} == {
        f"{mission}.json",
        f"{mission}-0001.jpg",
        f"{mission}-0002.jpg",
    }


def test_without_tesseract_ingest_names_the_scans_and_the_command(
    scanned: tuple[Path, dict[str, str], dict[str, Any]], tmp_path: Path
) -> None:
    base, _, _ = scanned
    corpus = tmp_path / "corpus"
    shutil.copytree(base / "corpus", corpus)
    settings = Settings(
        corpus_dir=corpus, index_dir=tmp_path / "index", cache_dir=tmp_path / "cache", tesseract_cmd="absent-tesseract"
    )
    report = ingest(settings, HashingEmbedder(), progress=False)
    by_path = {f.path: f for f in report.files}
    assert by_path["courrier-dogbo-2020.png"].status == Status.SKIPPED
    assert INSTALL_COMMAND in by_path["courrier-dogbo-2020.png"].reason
    pdf = by_path["deliberation-dogbo-2019.pdf"]
    assert pdf.status == Status.INDEXED and INSTALL_COMMAND in pdf.notes[0]


def test_the_viewer_shows_the_scanned_page_with_the_cited_line_outlined(
    scanned: tuple[Path, dict[str, str], dict[str, Any]], tmp_path: Path
) -> None:
    from assistant.pipeline import Assistant
    from assistant.ui.actions import Actions
    from assistant.ui.state import Conversation

    base, _, _ = scanned
    corpus = tmp_path / "corpus"
    shutil.copytree(base / "corpus", corpus)
    shutil.copytree(base / "ocr", ocr_cache_dir(tmp_path / "index"))  # pages and images read by the fixture
    settings = Settings(
        corpus_dir=corpus,
        index_dir=tmp_path / "index",
        cache_dir=tmp_path / "cache",
        feedback_path=tmp_path / "feedback.jsonl",
        abstain_threshold=HASHING_ABSTAIN_THRESHOLD,
        accept_floor=0.0,  # hashing vectors: the acceptance model is fitted on the real model's cosines
    )
    ingest(settings, HashingEmbedder(), progress=False)
    bot = Assistant.open(settings, HashingEmbedder())
    try:
        actions = Actions(bot, export_dir=tmp_path / "exports")
        conv = Conversation()
        actions.start(conv, AMOUNT, {})
        actions.finish(conv)
        cited = conv.turns[0].answer.citations[0]
        assert (cited.source, cited.page, cited.ocr) == ("deliberation-dogbo-2019.pdf", 2, True)
        assert "Lecture OCR d'une page scannée (confiance" in unescape(actions.cite(conv, 0, 1).sources_html)
        # the answer itself, in the conversation, says its source is an OCR reading
        turn_html = unescape(actions.render_conversation(conv))
        assert re.search(r"Source : \[1\] lecture OCR d'une page scannée \(confiance \d+ %\)\.", turn_html)
        exported = Path(actions.write_export(conv) or "").read_text(encoding="utf-8")  # and so does the export
        assert re.search(r"\n\*lecture OCR d'une page scannée \(confiance \d+ %\)\*\n", exported)
        html = actions.cite(conv, 0, 1).document_html
    finally:
        bot.close()
    assert '<img class="coop-scan-image" src="data:image/jpeg;base64,' in html
    assert "Page 2 numérisée — lecture OCR d'une page scannée (confiance" in unescape(html)
    boxes = [
        tuple(float(v) for v in m)
        for m in re.findall(r'class="coop-scan-line" style="position:absolute;left:([\d.]+)%;top:([\d.]+)%;'
                            r'width:([\d.]+)%;height:([\d.]+)%', html)
    ]  # fmt: skip
    # the quote « La contribution … annuelles. » covers two wrapped lines, side by side on the page
    assert len(boxes) == 2 and boxes[0][1] < boxes[1][1]
    for left, top, width, height in boxes:
        assert 0 <= left < 20 and 20 < top < 60 and 30 < width <= 100 and 0.5 < height < 3
    # the recognised text is still there beside it, with the quote highlighted
    assert '<mark class="coop-quote"' in html and "84 500 euros" in html


def test_scanned_pages_advance_a_progress_bar_of_pages(
    tmp_path: Path, tesseract: None, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    pages = [scans.render_page(scans.MISSION[i], dpi=150, seed=7 + i, speckles=0).image for i in range(2)]
    (corpus / "mission.tif").write_bytes(scans.tiff_bytes(pages))
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index", cache_dir=tmp_path / "cache")
    report = ingest(settings, HashingEmbedder(), progress=True)
    assert [f.status for f in report.files] == [Status.INDEXED]
    bar = capsys.readouterr().err
    assert "Lecture des pages scannées (OCR)" in bar and "2/2" in bar and "page" in bar


def test_a_photo_is_turned_as_its_exif_orientation_says(tmp_path: Path, tesseract: None) -> None:
    page = scans.render_page(scans.LETTER, dpi=200, seed=3, angle=0.3)
    sideways = scans.rotated(page.image, 1)  # stored turned a quarter left, as a phone stores it…
    exif = sideways.getexif()
    exif[0x0112] = 6  # …saying « turn me a quarter right to show me »
    out = io.BytesIO()
    sideways.save(out, "JPEG", quality=90, exif=exif.tobytes(), dpi=(200, 200))
    (tmp_path / "photo.jpg").write_bytes(out.getvalue())
    doc = read(tmp_path / "photo.jpg", cache_dir=tmp_path / "ocr")
    assert doc.format == "jpeg" and scans.char_accuracy(doc.text, page.text) >= 0.97
    assert OcrCache(tmp_path / "ocr").page(doc.sha256, 1).rotation == 0  # upright before Tesseract saw it
