"""Zip bombs and inflating PDFs are refused before they eat the machine (issue 12, item 6).

The probe: a 2 MB DOCX inflating to 2 GiB was read (18 s, 4.2 GB peak; with less memory the
MemoryError was reported as « corrompu »); a 58 kB DOCX gave 10.6 M characters, a 232 kB ODT 53 M
characters (1.26 GB), a 9 kB PDF whose 10 pages share one 2 MB stream 11.8 M characters. The same
files are written here (the 2 GiB one as a 210 MB one: over the same limit, quicker to write), read
for real, and ingested beside the seed corpus. Memory and time are printed by
``python scripts/bench_hostile_files.py``, not asserted.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import copy_corpus
from hostile_files import CHARS, docx_bomb, docx_of_words, odt_bomb, pdf_shared_stream

from assistant.catalog import Catalog
from assistant.errors import DocumentError
from assistant.ingest import Status, ingest
from assistant.loaders import (
    DEFAULT_MAX_TEXT_CHARS,
    MAX_UNCOMPRESSED_BYTES,
    MAX_XML_TAGS,
    TOO_BIG_INFLATED,
    read_document,
)
from assistant.models.testing import HashingEmbedder
from assistant.settings import Settings


def refusal(path: Path, **limits: float) -> str:
    with pytest.raises(DocumentError) as info:
        read_document(path, path.parent, **limits)  # type: ignore[arg-type]
    assert info.value.path == path.name
    return info.value.reason


def test_the_probes_zip_bombs_are_refused_before_parsing(tmp_path: Path) -> None:
    # 58 kB DOCX → 10.6 M characters; 232 kB ODT → 53 M characters: refused on their ratio.
    small = docx_bomb(tmp_path / "note.docx", 10_600)
    assert small.stat().st_size < 100_000
    reason = refusal(small)
    assert reason.startswith(TOO_BIG_INFLATED) and "« word/document.xml » se décompresse" in reason
    odt = odt_bomb(tmp_path / "note.odt", 53_000)
    assert odt.stat().st_size < 250_000
    reason = refusal(odt)
    assert reason.startswith(TOO_BIG_INFLATED) and "« content.xml » se décompresse" in reason
    # 2 MB → 2 GiB: refused on its total size (here 210 MB, over the 200 MB allowed, in 0.5 MB).
    big = docx_bomb(tmp_path / "bombe.docx", 210_000, level=6)
    with zipfile.ZipFile(big) as zf:
        assert sum(i.file_size for i in zf.infolist()) > MAX_UNCOMPRESSED_BYTES
    assert big.stat().st_size < 2_000_000
    reason = refusal(big)
    assert reason.startswith(TOO_BIG_INFLATED) and "plus de 200 Mo" in reason


def test_a_package_of_many_small_elements_is_refused(tmp_path: Path) -> None:
    # Tiny elements cost 300 to 600 bytes each once parsed, whatever their ratio.
    path = tmp_path / "elements.docx"
    docx_bomb(path, 1)
    with zipfile.ZipFile(path) as src:
        members = {i.filename: src.read(i.filename) for i in src.infolist()}
    body = members["word/document.xml"].decode("utf-8")
    cut = body.index("<w:body>") + len("<w:body>")
    # 3-letter paragraphs that differ: compress about 10 times only, well under the ratio limit
    paragraphs = "".join(f"<w:p><w:r><w:t>{i:x}</w:t></w:r></w:p>" for i in range(MAX_XML_TAGS // 6 + 10))
    members["word/document.xml"] = (body[:cut] + paragraphs + body[cut:]).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in members.items():
            dst.writestr(name, data)
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("word/document.xml")
        assert info.file_size < 100 * info.compress_size  # not a matter of ratio
    reason = refusal(path)
    assert reason.startswith(TOO_BIG_INFLATED) and "balises XML" in reason


@pytest.mark.stress
def test_the_probes_pdf_is_refused_on_its_text_length(tmp_path: Path) -> None:
    pdf = pdf_shared_stream(tmp_path / "rapport.pdf")  # 10 pages × 1.18 M characters from one stream
    assert pdf.stat().st_size < 10_000
    reason = refusal(pdf)
    assert reason.startswith("texte trop long une fois extrait (plus de 3 000 000 caractères)")
    assert "COOP_MAX_TEXT_CHARS" in reason
    # raised, the cap lets it through; and a read over its time is refused between two pages
    assert len(read_document(pdf, tmp_path, max_text_chars=20_000_000).text) > 11_000_000
    reason = refusal(pdf, max_text_chars=20_000_000, max_seconds=0.2)
    assert reason.startswith("lecture trop longue (plus de 0,2 s)") and "COOP_MAX_READ_SECONDS" in reason


def test_the_text_cap_applies_to_every_format(tmp_path: Path) -> None:
    assert DEFAULT_MAX_TEXT_CHARS == Settings().max_text_chars == 3_000_000
    words = docx_of_words(tmp_path / "mots.docx", 60_000)  # compresses like real text: passes the zip checks
    assert len(read_document(words, tmp_path).text) > 60_000
    assert refusal(words, max_text_chars=50_000).startswith("texte trop long une fois extrait (plus de 50 000")
    odt = odt_bomb(tmp_path / "court.odt", 60, level=1)  # 60,000 letters: no ratio problem at this size
    assert len(read_document(odt, tmp_path).text) > 60 * CHARS
    assert refusal(odt, max_text_chars=50_000).startswith("texte trop long")
    (tmp_path / "long.md").write_text("# Titre\n\n" + "Une phrase de plus.\n" * 3000, encoding="utf-8")
    assert refusal(tmp_path / "long.md", max_text_chars=50_000).startswith("texte trop long")
    assert Settings.from_env({"COOP_MAX_TEXT_CHARS": "1000", "COOP_MAX_READ_SECONDS": "5"}).max_text_chars == 1000


@pytest.mark.stress
def test_ingest_skips_hostile_files_keeps_earlier_versions_and_indexes_the_rest(tmp_path: Path) -> None:
    corpus = copy_corpus(tmp_path / "corpus")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    emb = HashingEmbedder()
    docx_bomb(corpus / "convention.docx", 2)  # a real convention first: indexed
    odt_bomb(corpus / "rapport.odt", 2)
    first = ingest(settings, emb, progress=False)
    assert {f.path: f.status for f in first.files}["convention.docx"] == Status.INDEXED
    # then the same names become bombs, and new hostile files arrive
    docx_bomb(corpus / "convention.docx", 10_600)
    odt_bomb(corpus / "rapport.odt", 210_000, level=6)
    pdf_shared_stream(corpus / "annexe.pdf")
    shutil.copy(corpus / "clamart-artachat-cooperation.txt", corpus / "nouvelle-note.txt")
    (corpus / "nouvelle-note.txt").write_text(
        "Note\n\nLa Ville de Clamart prépare une mission à Artachat en 2026.\n", encoding="utf-8"
    )
    report = ingest(settings, emb, progress=False)
    status = {f.path: f for f in report.files}
    for name in ("convention.docx", "rapport.odt"):
        assert status[name].status == Status.SKIPPED
        assert TOO_BIG_INFLATED in status[name].reason and "ancienne version reste indexée" in status[name].reason
    assert status["annexe.pdf"].status == Status.SKIPPED and "texte trop long" in status["annexe.pdf"].reason
    assert status["nouvelle-note.txt"].status == Status.INDEXED
    manifest = Catalog(settings.index_dir).load()
    assert {"convention.docx", "rapport.odt", "nouvelle-note.txt", "clamart-artachat-cooperation.txt"} <= set(
        manifest.documents
    )
    assert "annexe.pdf" not in manifest.documents
    kept = Catalog(settings.index_dir).load_document("convention.docx")
    assert kept is not None and len(kept.text) < 10_000  # the earlier, real version
