"""``coop ingest`` while the app is served: the server keeps answering and follows the index.

Issue 12, item 1: after an edit and ``coop ingest``, every question of a running server failed
(``TypeError: 'NoneType' object is not subscriptable``) until restart. Here a real app (real
model, real Chroma) answers questions asked in a loop while a real ingestion of an edited
document runs, then while ``--rebuild`` runs; each time the edited text is answered a few
seconds after the ingestion ends, without restart.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import free_port

from assistant import catalog as catalog_module
from assistant.catalog import Catalog
from assistant.ingest import ingest
from assistant.live import LiveAssistant
from assistant.models import Embedder
from assistant.models.testing import HashingEmbedder
from assistant.pipeline import Assistant
from assistant.settings import Settings

CLAMART = """Coopération entre Clamart et Artachat

Historique
Un serment de jumelage a été signé entre Clamart et Artachat le 31 mai 2003 à Clamart.
Une convention de coopération décentralisée a été signée en 2010 puis renouvelée tous les trois ans.

Actions
La Ville de Clamart soutient la rénovation des écoles d'Artachat et l'enseignement du français.
"""
ROCHELLE = """Coopération entre La Rochelle et Kendari

La Communauté d'Agglomération de La Rochelle coopère avec la ville de Kendari en Indonésie depuis 2014.
Le projet porte sur la gestion des déchets et l'assainissement des quartiers littoraux.
"""
EDIT = "En 2026, Clamart a offert un violoncelle à l'école de musique d'Artachat.\n"
OLD_Q = "Quand le serment de jumelage entre Clamart et Artachat a-t-il été signé ?"
NEW_Q = "Quel instrument Clamart a-t-elle offert à l'école de musique d'Artachat ?"


@pytest.fixture()
def live(tmp_path: Path, real_embedder: Embedder) -> Iterator[tuple[Any, LiveAssistant, Settings]]:
    """A tiny corpus, its index, and the app serving it through a LiveAssistant."""
    from gradio_client import Client

    from assistant.ui import launch

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "clamart.txt").write_text(CLAMART, encoding="utf-8")
    (corpus / "la-rochelle.txt").write_text(ROCHELLE, encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index", feedback_path=tmp_path / "avis.jsonl")
    ingest(settings, real_embedder, progress=False)
    bot = LiveAssistant.open(settings, real_embedder, check_every=0.2)
    port = free_port()
    demo = launch(settings, "127.0.0.1", port, assistant=bot, block=False)
    try:
        yield Client(f"http://127.0.0.1:{port}/", verbose=False), bot, settings
    finally:
        demo.close()
        bot.close()


def _ask(client: Any, question: str) -> dict[str, Any]:
    result: dict[str, Any] = client.predict(question, [], {}, api_name="/ask")
    return result


def _ask_during(client: Any, work: threading.Thread) -> list[dict[str, Any]]:
    """Ask both questions in a loop while ``work`` runs; every call must return an answer."""
    answers = []
    while work.is_alive() or not answers:
        for q in (OLD_Q, NEW_Q):
            answers.append(_ask(client, q))  # an error here (AppError) fails the test
    return answers


def _wait_for_new_text(client: Any, since: float) -> float:
    """Seconds after ``since`` until the edited text answers NEW_Q (fails after 15 s)."""
    while True:
        answer = _ask(client, NEW_Q)
        if "violoncelle" in answer["answer"]:
            return time.monotonic() - since
        assert time.monotonic() - since < 15, f"nouvelle version non servie : {answer['answer']!r}"
        time.sleep(0.2)


def test_served_app_answers_during_ingest_and_follows_the_new_generation(
    live: tuple[Any, LiveAssistant, Settings], real_embedder: Embedder
) -> None:
    client, bot, settings = live
    assert "2003" in _ask(client, OLD_Q)["answer"]
    assert "violoncelle" not in _ask(client, NEW_Q)["answer"]
    first = bot.generation

    # An edit at the top of the document shifts every offset (what broke the server).
    doc = settings.corpus_dir / "clamart.txt"
    doc.write_text(CLAMART.replace("Historique\n", "Historique\n" + EDIT), encoding="utf-8")
    errors: list[BaseException] = []

    def run(**kw: Any) -> None:
        try:
            ingest(settings, real_embedder, progress=False, **kw)
        except BaseException as exc:  # reported by the test
            errors.append(exc)

    work = threading.Thread(target=run)
    work.start()
    during = _ask_during(client, work)
    work.join()
    assert not errors
    assert all("2003" in a["answer"] for a in during if a["question"] == OLD_Q), "l'ancienne version répond"
    delay = _wait_for_new_text(client, time.monotonic())
    print(f"nouvelle version servie {delay:.1f} s après la fin de l'indexation ({len(during)} questions pendant)")
    assert bot.generation == first + 1
    assert "2003" in _ask(client, OLD_Q)["answer"]  # unchanged text still answered

    # The same with --rebuild: the server keeps answering and follows it.
    work = threading.Thread(target=run, kwargs={"rebuild": True})
    work.start()
    during = _ask_during(client, work)
    work.join()
    assert not errors
    assert all("2003" in a["answer"] for a in during if a["question"] == OLD_Q)
    deadline = time.monotonic() + 15
    while bot.generation != first + 2:
        assert time.monotonic() < deadline, "la version reconstruite n'est pas servie"
        time.sleep(0.2)
    assert "violoncelle" in _ask(client, NEW_Q)["answer"]
    assert "2003" in _ask(client, OLD_Q)["answer"]
    published = Catalog(settings.index_dir).load()
    assert published.generation == first + 2 and (settings.index_dir / published.data / "chroma").is_dir()


def test_unchanged_ingest_publishes_nothing_and_old_generations_go_once_unused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "clamart.txt").write_text(CLAMART, encoding="utf-8")
    settings, emb = Settings(corpus_dir=corpus, index_dir=tmp_path / "index"), HashingEmbedder()
    ingest(settings, emb, progress=False)
    manifest = settings.index_dir / "manifest.json"
    before = manifest.stat().st_mtime_ns, Catalog(settings.index_dir).load().generation
    folders = sorted(p.name for p in settings.index_dir.glob("gen-*"))
    assert len(folders) == 1
    report = ingest(settings, emb, progress=False)
    assert report.chunks_embedded == 0 and report.chunks_total > 0
    assert (manifest.stat().st_mtime_ns, Catalog(settings.index_dir).load().generation) == before
    assert sorted(p.name for p in settings.index_dir.glob("gen-*")) == folders  # nothing copied

    monkeypatch.setattr(catalog_module, "RETIRED_GRACE_SECONDS", 0.0)
    reader = Assistant.open(settings, emb)  # holds the first generation
    (corpus / "clamart.txt").write_text(CLAMART + EDIT, encoding="utf-8")
    ingest(settings, emb, progress=False)
    assert (settings.index_dir / folders[0]).is_dir(), "a generation in use is kept"
    assert "violoncelle" not in reader.document("clamart.txt").text  # it still reads its own generation
    assert reader.ask(OLD_Q).passages
    reader.close()
    (corpus / "la-rochelle.txt").write_text(ROCHELLE, encoding="utf-8")
    ingest(settings, emb, progress=False)
    published = Catalog(settings.index_dir).load()
    assert sorted(p.name for p in settings.index_dir.glob("gen-*")) == [published.data]
    assert Assistant.open(settings, emb).ask(OLD_Q).passages
