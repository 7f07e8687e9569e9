"""Ingestion: exact offsets, incremental updates, settings mismatch, lock, bad files, crashes."""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT, copy_corpus

from assistant.catalog import Catalog
from assistant.chunking import MIN_SECTION_TOKENS, Chunker
from assistant.errors import IndexLockedError, IndexMismatchError
from assistant.ingest import Status, ingest
from assistant.models import Embedder
from assistant.models.testing import HashingEmbedder
from assistant.settings import Settings
from assistant.store import ChromaStore
from assistant.types import Document, Section


def settings_for(tmp_path: Path, **kw: object) -> Settings:
    return Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index", **kw)  # type: ignore[arg-type]


def consistent(settings: Settings) -> dict[str, int]:
    """Assert the index is consistent and return its chunk count per document."""
    catalog = Catalog(settings.index_dir)
    manifest = catalog.load()
    store = ChromaStore(catalog.chroma_dir)
    counts = store.chunk_counts()
    assert counts == {d: info.chunks for d, info in manifest.documents.items()}
    chunks = store.all_chunks()
    assert len({c.id for c in chunks}) == len(chunks) == store.count()
    sentence_counts = Counter(v.doc_id for v in store.sentence_vectors([c.id for c in chunks]))
    for doc_id in manifest.documents:
        doc = catalog.load_document(doc_id)
        assert doc is not None
        # the default (lazy) stores no sentence vector: they are encoded at question time
        stored = settings.sentence_vectors != "lazy"
        expected = sum(len(c.sentences) for c in chunks if c.doc_id == doc_id) if stored else 0
        assert sentence_counts.get(doc_id, 0) == expected
    return counts


def test_chunks_have_exact_offsets_and_fit_the_model_window(seed_settings: Settings, real_embedder: Embedder) -> None:
    catalog = Catalog(seed_settings.index_dir)
    chunks = ChromaStore(catalog.chroma_dir).all_chunks()
    assert len(chunks) > 20
    docs = {c.doc_id: catalog.load_document(c.doc_id) for c in chunks}
    for c in chunks:
        doc = docs[c.doc_id]
        assert doc is not None
        assert doc.text[c.start : c.end] == c.text
        assert c.title == doc.title
        assert real_embedder.count_tokens(c.text) <= seed_settings.chunk_tokens + 8
        assert real_embedder.count_tokens(c.embed_text) <= 512
        for s in c.sentences:
            assert c.start <= s.start < s.end <= c.end
            assert doc.text[s.start : s.end] == s.text
        # a chunk never runs over a change of heading, except into the next one after a tiny section
        for sec in doc.sections:
            if c.start < sec.start < c.end and sec.heading != (doc.section_at(c.start) or sec).heading:
                before = doc.text[c.start : sec.start]
                assert real_embedder.count_tokens(before) < MIN_SECTION_TOKENS, (c.doc_id, sec.heading)
    # every character of every document is in some chunk, except whitespace between chunks
    # and blocks repeated across documents (indexed once)
    for doc_id, doc in docs.items():
        assert doc is not None
        covered = [False] * len(doc.text)
        for c in (c for c in chunks if c.doc_id == doc_id):
            covered[c.start : c.end] = [True] * (c.end - c.start)
        uncovered = "".join(ch for ch, ok in zip(doc.text, covered, strict=True) if not ok)
        manifest = Catalog(seed_settings.index_dir).load()
        assert manifest.documents[doc_id].chunks > 0
        if "aix-en-provence" not in doc_id:
            assert uncovered.strip() == ""


def test_incremental_reindexing_touches_only_what_changed(tmp_path: Path) -> None:
    corpus = copy_corpus(tmp_path / "corpus")
    settings = settings_for(tmp_path)
    emb = HashingEmbedder()
    first = ingest(settings, emb, progress=False)
    assert {f.status for f in first.files} == {Status.INDEXED}
    n_docs = len(first.files)
    before = consistent(settings)

    again = ingest(settings, emb, progress=False)
    assert {f.status for f in again.files} == {Status.UNCHANGED}
    assert again.chunks_embedded == 0

    changed = corpus / "clamart-artachat-cooperation.txt"
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\n\nUn nouveau paragraphe sur la coopération.\n", encoding="utf-8"
    )
    (corpus / "nouveau.md").write_text(
        "# Nouveau partenariat\n\nLa Ville de Test coopère avec Dakar.\n", encoding="utf-8"
    )
    (corpus / "departement-cooperations-internationales.txt").unlink()
    third = ingest(settings, emb, progress=False)
    status = {f.path: f.status for f in third.files}
    assert status["clamart-artachat-cooperation.txt"] == Status.INDEXED
    assert status["nouveau.md"] == Status.INDEXED
    assert status["departement-cooperations-internationales.txt"] == Status.REMOVED
    assert status["la-rochelle-cooperations-internationales.txt"] == Status.UNCHANGED
    after = consistent(settings)
    assert "departement-cooperations-internationales.txt" not in after
    assert (
        after["la-rochelle-cooperations-internationales.txt"] == before["la-rochelle-cooperations-internationales.txt"]
    )
    assert third.documents_total == n_docs  # one removed, one added
    assert third.chunks_embedded == after["clamart-artachat-cooperation.txt"] + after["nouveau.md"]


def test_a_near_copy_stays_findable_and_is_reported(tmp_path: Path) -> None:
    corpus = copy_corpus(tmp_path / "corpus")
    settings = settings_for(tmp_path)
    source = corpus / "clamart-artachat-cooperation.txt"
    # The same text saved again with a different first line: not identical bytes, not a footer either.
    (corpus / "zz-copie-clamart.txt").write_text(
        "Copie de travail\n\n" + source.read_text(encoding="utf-8"), encoding="utf-8"
    )
    report = ingest(settings, HashingEmbedder(), progress=False)
    assert report.near_copies == (("zz-copie-clamart.txt", "clamart-artachat-cooperation.txt"),)
    counts = consistent(settings)
    assert counts["zz-copie-clamart.txt"] >= counts["clamart-artachat-cooperation.txt"] > 0


def test_settings_mismatch_is_refused_with_how_to_rebuild(tmp_path: Path) -> None:
    from assistant.pipeline import Assistant

    copy_corpus(tmp_path / "corpus")
    emb = HashingEmbedder()
    ingest(settings_for(tmp_path), emb, progress=False)
    other = settings_for(tmp_path, chunk_tokens=120)
    with pytest.raises(IndexMismatchError, match="coop ingest --rebuild") as exc:
        Assistant.open(other, emb)
    assert "chunk_tokens" in str(exc.value)
    with pytest.raises(IndexMismatchError):
        ingest(other, emb, progress=False)
    with pytest.raises(IndexMismatchError, match="model"):
        ingest(settings_for(tmp_path), HashingEmbedder(32), progress=False)
    rebuilt = ingest(other, emb, rebuild=True, progress=False)
    assert {f.status for f in rebuilt.files} == {Status.INDEXED}
    Assistant.open(other, emb)


def test_an_index_of_an_earlier_format_is_rebuilt_by_ingest(tmp_path: Path) -> None:
    """A format change is ours: ``coop ingest`` rebuilds it; serving it is refused until then."""
    from assistant.pipeline import Assistant

    copy_corpus(tmp_path / "corpus")
    settings, emb = settings_for(tmp_path), HashingEmbedder()
    first = ingest(settings, emb, progress=False)
    manifest_path = settings.index_dir / "manifest.json"
    data = json.loads(manifest_path.read_text(encoding="utf-8"))
    data["fingerprint"]["schema"] = data["fingerprint"]["schema"] - 1  # as written by an earlier version
    manifest_path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(IndexMismatchError, match="coop ingest --rebuild"):
        Assistant.open(settings, emb)
    again = ingest(settings, emb, progress=False)
    assert {f.status for f in again.files} == {Status.INDEXED}
    assert again.chunks_embedded == first.chunks_embedded
    assert sum(consistent(settings).values()) == first.chunks_embedded  # nothing left of the old index
    Assistant.open(settings, emb)


def test_a_second_writer_is_stopped_at_once(tmp_path: Path) -> None:
    copy_corpus(tmp_path / "corpus")
    settings = settings_for(tmp_path)
    settings.index_dir.mkdir(parents=True)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import sys, time
            from assistant.catalog import Catalog
            lock = Catalog(__import__("pathlib").Path({str(settings.index_dir)!r})).write_lock()
            print("locked", flush=True)
            time.sleep(60)
        """),
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        t0 = time.perf_counter()
        with pytest.raises(IndexLockedError, match="Un autre processus"):
            ingest(settings, HashingEmbedder(), progress=False)
        assert time.perf_counter() - t0 < 5
    finally:
        holder.kill()
        holder.wait()
    ingest(settings, HashingEmbedder(), progress=False)  # the lock dies with its holder


def test_bad_files_are_reported_and_the_rest_is_indexed(tmp_path: Path) -> None:
    corpus = copy_corpus(tmp_path / "corpus")
    settings = settings_for(tmp_path)
    emb = HashingEmbedder()
    ingest(settings, emb, progress=False)
    (corpus / "binaire.txt").write_bytes(bytes(range(256)) * 20)
    (corpus / "vide.txt").write_text("   \n", encoding="utf-8")
    (corpus / "copie.txt").write_bytes((corpus / "clamart-artachat-cooperation.txt").read_bytes())
    # a document that was indexed and is now broken keeps its previous version
    broken = corpus / "departement-cooperations-internationales.txt"
    broken.write_bytes(b"\x00\x01\x02" * 1000)
    report = ingest(settings, emb, progress=False)
    status = {f.path: f for f in report.files}
    assert status["binaire.txt"].status == Status.SKIPPED and "binaire" in status["binaire.txt"].reason
    assert status["vide.txt"].status == Status.SKIPPED
    assert status["copie.txt"].status == Status.DUPLICATE
    assert "clamart-artachat-cooperation.txt" in status["copie.txt"].reason
    assert status["departement-cooperations-internationales.txt"].status == Status.SKIPPED
    assert "ancienne version reste indexée" in status["departement-cooperations-internationales.txt"].reason
    counts = consistent(settings)
    assert "departement-cooperations-internationales.txt" in counts
    assert "copie.txt" not in counts and "binaire.txt" not in counts
    assert report.duplicates == (("clamart-artachat-cooperation.txt", "copie.txt"),)


@pytest.mark.model
def test_cli_ingest_prints_a_summary_and_exits_non_zero_when_files_were_skipped(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ok.md").write_text("# Titre\n\nLa Ville de Test coopère avec Dakar au Sénégal.\n", encoding="utf-8")
    (corpus / "binaire.txt").write_bytes(bytes(range(256)) * 10)
    note = "La convention de partenariat avec Dakar porte sur l'assainissement et la gestion des déchets. " * 3
    (corpus / "note.md").write_text(note + "\n", encoding="utf-8")
    (corpus / "note-v2.md").write_text("Brouillon\n\n" + note + "\n", encoding="utf-8")
    env = {**os.environ, "COOP_MODEL": "sentence-transformers/absent-model-for-test"}
    # The real CLI with the real default model (the model cache is shared with the other tests).
    env.pop("COOP_MODEL")
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "ingest", "--corpus", str(corpus), "--index", str(tmp_path / "index")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )
    assert result.returncode == 10, result.stderr
    assert "ignoré   binaire.txt" in result.stderr
    assert "Résumé de l'indexation" in result.stdout
    assert "indexés         3" in result.stdout
    assert "note.md reprend presque tout le texte de note-v2.md" in result.stdout


@pytest.mark.model
def test_cli_ingest_names_a_missing_html_extractor_and_exits_non_zero(tmp_path: Path) -> None:
    """Issue 12, item 2: trafilatura unimportable (lxml_html_clean missing) is an error, never a silent fallback."""
    from test_loaders import MENU_PAGE, WITHOUT_LXML_HTML_CLEAN

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ok.md").write_text("# Titre\n\nLa Ville de Test coopère avec Dakar au Sénégal.\n", encoding="utf-8")
    (corpus / "kendari.html").write_text(MENU_PAGE, encoding="utf-8")
    code = (
        WITHOUT_LXML_HTML_CLEAN
        + "from assistant.cli import main\n"
        + f"sys.exit(main(['ingest', '--corpus', {str(corpus)!r}, '--index', {str(tmp_path / 'index')!r}]))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 10, result.stderr
    assert "ignoré   kendari.html : extracteur du contenu principal des pages HTML (trafilatura) indisponible" in (
        result.stderr
    )
    assert "indexés         1" in result.stdout
    summary = result.stdout[result.stdout.index("Résumé de l'indexation") :]
    assert "ERREUR : extracteur du contenu principal des pages HTML (trafilatura) indisponible : 1 page(s)" in summary
    assert "pip install lxml_html_clean" in summary


# --- crash safety -----------------------------------------------------------------------------

CRASH_SCRIPT = """
import sys
from pathlib import Path
from assistant.models.testing import HashingEmbedder
from assistant.ingest import ingest
from assistant.settings import Settings
s = Settings(corpus_dir=Path(sys.argv[1]), index_dir=Path(sys.argv[2]))
print("start", flush=True)
ingest(s, HashingEmbedder(), progress=False)
print("done", flush=True)
"""


def make_big_corpus(dest: Path, n: int) -> Path:
    """n documents made of shuffled paragraphs of the seed corpus."""
    dest.mkdir(parents=True)
    paragraphs = [
        p for f in sorted((ROOT / "corpus").iterdir()) for p in f.read_text(encoding="utf-8").split("\n\n") if p.strip()
    ]
    rng = random.Random(7)
    for i in range(n):
        rng.shuffle(paragraphs)
        (dest / f"doc-{i:03d}.txt").write_text(
            f"Document numéro {i}\n\n" + "\n\n".join(paragraphs[:8]), encoding="utf-8"
        )
    return dest


def run_ingest_process(corpus: Path, index: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CRASH_SCRIPT, str(corpus), str(index)], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )


@pytest.mark.stress
def test_ingestion_killed_at_any_moment_leaves_a_repairable_index(tmp_path: Path) -> None:
    corpus = make_big_corpus(tmp_path / "corpus", 60)
    clean = Settings(corpus_dir=corpus, index_dir=tmp_path / "clean")
    ingest(clean, HashingEmbedder(), progress=False)
    expected = consistent(clean)

    # How long a whole run takes in a process, once imports are done.
    proc = run_ingest_process(corpus, tmp_path / "timing")
    assert proc.stdout is not None and proc.stdout.readline().strip() == "start"
    t0 = time.perf_counter()
    proc.wait(timeout=300)
    duration = time.perf_counter() - t0
    assert proc.returncode == 0

    index = tmp_path / "crashed"
    killed_mid_run = 0
    for fraction in (0.1, 0.3, 0.5, 0.7, 0.9):
        proc = run_ingest_process(corpus, index)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "start"
        time.sleep(duration * fraction)
        if proc.poll() is None:
            killed_mid_run += 1
        with contextlib.suppress(ProcessLookupError):  # it may have just finished
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        # the next kill interrupts the repair of this one: the corpus also changes in between
        victim = corpus / f"doc-{int(fraction * 50):03d}.txt"
        victim.write_text(victim.read_text(encoding="utf-8") + f"\n\nAjout {fraction}.", encoding="utf-8")
    assert killed_mid_run >= 3

    settings = Settings(corpus_dir=corpus, index_dir=index)
    ingest(settings, HashingEmbedder(), progress=False)
    counts = consistent(settings)
    ingest(clean, HashingEmbedder(), progress=False)
    assert counts == consistent(clean)
    assert set(counts) == set(expected)
    # and a further run has nothing left to do
    assert ingest(settings, HashingEmbedder(), progress=False).chunks_embedded == 0
    manifest = json.loads((index / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["documents"]) == 60
    shutil.rmtree(tmp_path / "timing", ignore_errors=True)


def test_chunks_follow_headings_not_pages(real_embedder: Embedder) -> None:
    long_text = " ".join(f"La commune finance le projet numéro {i} avec ses partenaires." for i in range(12))
    parts = [
        ("Historique", "Historique :\nJumelage signé en 2003.\n"),  # tiny: joins the next section
        ("Actions", f"Actions\n{long_text}\n"),
        ("Financement", f"Financement\n{long_text}\n"),
    ]
    text, sections, pos = "", [], 0
    for heading, body in parts:
        sections.append(Section(pos, pos + len(body), heading))
        text += body
        pos += len(body)
    doc = Document("d.txt", "Coopération", text, "txt", "0", len(text), tuple(sections))
    chunks = Chunker(real_embedder.count_tokens, 400, 80).split(doc)
    starts = {c.start for c in chunks}
    assert 0 in starts and sections[2].start in starts  # « Financement » starts a chunk of its own
    assert sections[1].start not in starts  # the tiny « Historique » section runs into « Actions »
    assert all(not (c.start < sections[2].start < c.end) for c in chunks)
    assert [c.section for c in chunks] == ["Actions", "Financement"]  # the heading of most of the chunk
    # pages alone do not cut: a PDF passage may run from one page to the next
    paged = Document(
        "p.pdf", "P", text, "pdf", "0", len(text), (Section(0, 400, "", 1), Section(400, len(text), "", 2))
    )
    chunks = Chunker(real_embedder.count_tokens, 400, 80).split(paged)
    assert any(c.start < 400 < c.end for c in chunks)


def test_statuses_keep_their_french_words() -> None:
    """The CLI lines, the summary and any JSON say the same words as before the enum."""
    assert [str(s) for s in Status] == ["indexé", "inchangé", "retiré", "doublon", "ignoré"]
    assert [s.plural for s in Status] == ["indexés", "inchangés", "retirés", "doublons", "ignorés"]
    assert f"{Status.SKIPPED:<8}|" == "ignoré  |" and json.dumps([Status.DUPLICATE]) == '["doublon"]'
    assert Status("indexé") is Status.INDEXED


def test_plan_hashes_finds_identical_files_and_removals_without_reading(tmp_path: Path) -> None:
    from assistant.ingest.plan import make_plan
    from assistant.loaders import file_sha256

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Texte A.", encoding="utf-8")
    (corpus / "b.txt").write_text("Texte B modifié.", encoding="utf-8")
    (corpus / "c.txt").write_text("Texte A.", encoding="utf-8")  # the bytes of a.txt
    (corpus / "d.txt").write_text("Texte D.", encoding="utf-8")
    (tmp_path / "dehors.txt").write_text("Secret.", encoding="utf-8")
    (corpus / "lien.txt").symlink_to(tmp_path / "dehors.txt")
    indexed = {
        "a.txt": file_sha256(corpus / "a.txt"),  # unchanged
        "b.txt": "0" * 64,  # changed
        "c.txt": "1" * 64,  # now a copy of a.txt: its indexed version goes
        "gone.txt": "2" * 64,  # removed from the corpus
    }
    plan = make_plan(corpus, indexed)
    assert [p.name for p in plan.to_read] == ["b.txt", "d.txt"]
    assert plan.duplicates == (("a.txt", "c.txt"),)
    assert set(plan.removed) == {"c.txt", "gone.txt"}
    assert plan.seen == {"a.txt", "b.txt", "c.txt", "d.txt"} and plan.outside == {"lien.txt"}
    assert [(r.path, r.status) for r in plan.reports] == [("lien.txt", Status.SKIPPED), ("c.txt", Status.DUPLICATE)]
