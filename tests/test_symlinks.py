"""Links in the corpus folder that lead outside it are never read, indexed or served (issue 12, item 7).

The probe: a link in ``corpus/`` to ``/etc/passwd`` was indexed, then served by ``/ask`` and the
document viewer. Here real symbolic links point to a file and to a folder outside the corpus (in
a temporary folder beside it), the real model indexes the corpus, and the real app is asked.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import SEED_CORPUS, free_port

from assistant.errors import DocumentError, QueryError
from assistant.ingest import Status, ingest
from assistant.loaders import OUTSIDE_DIR, OUTSIDE_FILE, iter_corpus, read_document
from assistant.models import Embedder
from assistant.settings import Settings

SECRET = "Mot de passe du serveur de la mairie : Zebulon-4242. Ne pas diffuser ce code confidentiel.\n"
INSIDE = "Note interne\n\nLa Ville de Clamart prépare une mission à Artachat en Arménie pour 2026.\n"


def make_corpus(tmp_path: Path) -> tuple[Path, Path]:
    """corpus/ (a seed document, a note and links) and, beside it, a private folder it links to."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED_CORPUS / "clamart-artachat-cooperation.txt", corpus)
    private = tmp_path / "prive"
    (private / "dossier").mkdir(parents=True)
    (private / "secret.txt").write_text(SECRET, encoding="utf-8")
    (private / "dossier" / "codes.txt").write_text(SECRET.replace("Zebulon", "Zorglub"), encoding="utf-8")
    (corpus / "sous").mkdir()
    (corpus / "sous" / "note.txt").write_text(INSIDE, encoding="utf-8")
    os.symlink(private / "secret.txt", corpus / "secret.txt")  # a file outside
    os.symlink(private / "dossier", corpus / "partage")  # a folder outside
    os.symlink(Path("..") / ".." / "prive" / "secret.txt", corpus / "sous" / "relatif.md")  # relative, outside too
    os.symlink(Path("note.txt"), corpus / "sous" / "raccourci.txt")  # a link inside the corpus stays usable
    return corpus, private


def test_links_leading_outside_are_listed_with_a_reason(tmp_path: Path) -> None:
    corpus, _ = make_corpus(tmp_path)
    outside: list[tuple[str, str]] = []
    found = {p.relative_to(corpus).as_posix() for p in iter_corpus(corpus, outside)}
    assert outside == [("partage", OUTSIDE_DIR), ("secret.txt", OUTSIDE_FILE), ("sous/relatif.md", OUTSIDE_FILE)]
    assert "sous/note.txt" in found and "sous/raccourci.txt" in found
    assert not any(name.startswith(("secret", "partage")) or name == "sous/relatif.md" for name in found)
    assert "hors du dossier des documents" in OUTSIDE_FILE and "dossier situé hors" in OUTSIDE_DIR
    with pytest.raises(DocumentError) as info:  # read directly (a link made after the listing): refused too
        read_document(corpus / "secret.txt", corpus)
    assert info.value.reason == OUTSIDE_FILE


def test_links_outside_are_never_indexed_nor_served(tmp_path: Path, real_embedder: Embedder) -> None:
    from gradio_client import Client

    from assistant.pipeline import Assistant
    from assistant.ui import launch

    corpus, private = make_corpus(tmp_path)
    # An earlier version indexed secret.txt while it was a file of the corpus: it must go.
    (corpus / "secret.txt").unlink()
    (corpus / "secret.txt").write_text(SECRET, encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index", feedback_path=tmp_path / "avis.jsonl")
    first = {r.path: r for r in ingest(settings, real_embedder, progress=False).files}
    assert first["secret.txt"].status == Status.INDEXED
    (corpus / "secret.txt").unlink()
    os.symlink(private / "secret.txt", corpus / "secret.txt")

    report = {r.path: r for r in ingest(settings, real_embedder, progress=False).files}
    assert report["secret.txt"].status == Status.SKIPPED
    assert report["secret.txt"].reason == OUTSIDE_FILE + " (sa version indexée est retirée)"
    assert report["partage"].status == Status.SKIPPED and report["partage"].reason == OUTSIDE_DIR
    assert report["sous/relatif.md"].status == Status.SKIPPED
    assert not any(path.startswith("partage/") for path in report)

    bot = Assistant.open(settings, real_embedder)
    ids = {d.id for d in bot.documents()}
    assert "sous/note.txt" in ids and not ids & {"secret.txt", "partage/codes.txt", "sous/relatif.md"}
    for doc_id in ("secret.txt", "partage/codes.txt", "sous/relatif.md"):
        with pytest.raises(QueryError, match="Document inconnu"):
            bot.document(doc_id)

    port = free_port()
    demo = launch(settings, "127.0.0.1", port, assistant=bot, block=False)
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        result = client.predict("Quel est le mot de passe du serveur de la mairie ?", [], {}, api_name="/ask")
    finally:
        demo.close()
    served = result["answer"] + " ".join(p["text"] for p in result["passages"])
    assert "Zebulon" not in served and "Zorglub" not in served
    assert {p["source"] for p in result["passages"]}.isdisjoint({"secret.txt", "partage/codes.txt", "sous/relatif.md"})
