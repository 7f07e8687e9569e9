"""A real shared Chroma server (``chroma run --path TMP --host 127.0.0.1 --port P``, started once per
session on a free port, always stopped) behind ``COOP_CHROMA_URL``.

Fast tier (hashing embedder): generations are collections (nothing in the folder's ``chroma/``), a
reader keeps its generation while the next is written and a half-written one is never published,
collections of gone generations are deleted (never another index's), an index moves from the
folder to the server and needs the address afterwards, two LiveAssistants see a generation published
by an ingestion, a stopped server gives the French error (library, ``coop ask``, ``coop ingest``)
and the same data answers again once restarted, the client sends nothing but to the server.
Model tier: ingest, ask and eval on the seed corpus and the dev set give the same answers (texts,
citations, passages) and the same metrics as the embedded store.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chroma_server import Server, running
from conftest import DEV_SET, HASHING_ABSTAIN_THRESHOLD, copy_corpus, without_recent_questions

import assistant.catalog
from assistant.catalog import Catalog
from assistant.errors import ChromaServerError, IndexStoreError
from assistant.ingest import ingest
from assistant.ingest.report import Status
from assistant.live import LiveAssistant
from assistant.models.testing import HashingEmbedder
from assistant.pipeline import Assistant
from assistant.settings import Settings
from assistant.store.server import connect, generation_prefix, names

NEW_DOC = (
    "Jumelage Brest – Zanzibar\n\n"
    "Le jumelage entre Brest et Zanzibar a été signé le 14 mars 1990 au port de commerce. "
    "La coopération porte sur la pêche artisanale et la formation des marins."
)
NEW_QUESTION = "Quand le jumelage entre Brest et Zanzibar a-t-il été signé ?"


@pytest.fixture(scope="session")
def chroma(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The session's Chroma server (one ``chroma run`` for every test of this file)."""
    with running(tmp_path_factory.mktemp("chroma-server") / "data") as server:
        yield server


def server_settings(base: Path, url: str, **kw: Any) -> Settings:
    corpus = base / "corpus"
    if not corpus.exists():
        copy_corpus(corpus)
    kw.setdefault("abstain_threshold", HASHING_ABSTAIN_THRESHOLD)
    kw.setdefault("accept_floor", 0.0)  # hashing vectors: the acceptance model is fitted on the real model's cosines
    return Settings(corpus_dir=corpus, index_dir=base / "index", feedback_path=base / "fb.jsonl", chroma_url=url, **kw)


def collections(settings: Settings, namespace: str) -> set[str]:
    assert settings.chroma_server is not None
    client = connect(settings.chroma_server)
    try:
        return set(names(client, f"coop-{namespace}-"))
    finally:
        client.close()


def namespace_of(settings: Settings) -> str:
    return Catalog(settings.index_dir).load().server_namespace


def test_generations_are_collections_and_old_ones_are_deleted(
    tmp_path: Path, chroma: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = server_settings(tmp_path, chroma.url)
    first = ingest(settings, HashingEmbedder(), progress=False)
    manifest = Catalog(settings.index_dir).load()
    ns = manifest.server_namespace
    assert len(ns) == 12 and manifest.generation == 1
    gen1 = generation_prefix(ns, "gen-000001")
    assert collections(settings, ns) == {gen1 + "-chunks", gen1 + "-sentences"}
    folder = settings.index_dir / "gen-000001"
    assert (folder / "bm25").is_dir() and (folder / "documents").is_dir() and (folder / "manifest.json").is_file()
    assert not (folder / "chroma").exists() and not (settings.index_dir / "chroma").exists()

    bot = Assistant.open(settings, HashingEmbedder())  # a reader of generation 1
    assert bot._store.count() == first.chunks_total

    (settings.corpus_dir / "brest-zanzibar.txt").write_text(NEW_DOC, encoding="utf-8")
    monkeypatch.setattr(assistant.catalog, "RETIRED_GRACE_SECONDS", 0.0)
    second = ingest(settings, HashingEmbedder(), progress=False)
    gen2 = generation_prefix(ns, "gen-000002")
    # gen 1 is retired but held by the open reader: its folder and collections stay
    assert collections(settings, ns) == {gen1 + "-chunks", gen1 + "-sentences", gen2 + "-chunks", gen2 + "-sentences"}
    assert bot._store.count() == first.chunks_total < second.chunks_total
    assert bot.ask("Avec quelle ville arménienne Clamart est-elle jumelée ?").citations
    bot.close()

    (settings.corpus_dir / "brest-zanzibar.txt").write_text(NEW_DOC + " Elle a été renouvelée en 2020.", encoding="utf-8")
    ingest(settings, HashingEmbedder(), progress=False)  # nobody holds gen 1 nor gen 2 (no grace here): they go
    gen3 = generation_prefix(ns, "gen-000003")
    assert not folder.exists() and not (settings.index_dir / "gen-000002").exists()
    assert collections(settings, ns) == {gen3 + "-chunks", gen3 + "-sentences"}
    fresh = Assistant.open(settings, HashingEmbedder())
    answer = fresh.ask(NEW_QUESTION)
    fresh.close()
    assert answer.citations[0].source == "brest-zanzibar.txt" and "14 mars 1990" in answer.text


def test_a_half_written_generation_is_never_published_and_is_redone(tmp_path: Path, chroma: Server) -> None:
    settings = server_settings(tmp_path, chroma.url)
    ingest(settings, HashingEmbedder(), progress=False)
    ns = namespace_of(settings)
    reader = Assistant.open(settings, HashingEmbedder())
    before = reader.ask("Avec quelle ville arménienne Clamart est-elle jumelée ?").as_dict()

    for i in range(3):
        (settings.corpus_dir / f"ajout-{i}.txt").write_text(NEW_DOC.replace("Brest", f"Brest{i}"), encoding="utf-8")

    def crash(report: Any) -> None:
        if report.status == Status.INDEXED:
            raise KeyboardInterrupt  # the run dies after writing its first documents

    with pytest.raises(KeyboardInterrupt):
        ingest(settings, HashingEmbedder(), progress=False, on_file=crash)
    gen2 = generation_prefix(ns, "gen-000002")
    assert Catalog(settings.index_dir).load().generation == 1  # nothing published
    assert gen2 + "-chunks" in collections(settings, ns)  # written, not published
    assert reader.ask("Avec quelle ville arménienne Clamart est-elle jumelée ?").as_dict() == before
    reopened = Assistant.open(settings, HashingEmbedder())  # a new reader still gets generation 1
    assert reopened.generation == 1 and "ajout-0.txt" not in {d.id for d in reopened.documents()}
    reopened.close()

    report = ingest(settings, HashingEmbedder(), progress=False)  # resumes the half-written generation
    assert Catalog(settings.index_dir).load().generation == 2
    bot = Assistant.open(settings, HashingEmbedder())
    assert {f"ajout-{i}.txt" for i in range(3)} <= {d.id for d in bot.documents()}
    assert bot._store.count() == report.chunks_total
    assert bot._store.chunk_counts() == {d.id: d.chunks for d in bot.documents()}
    bot.close()
    reader.close()


def test_collections_of_gone_generations_are_swept_never_another_index(tmp_path: Path, chroma: Server) -> None:
    mine = server_settings(tmp_path / "mine", chroma.url)
    other = server_settings(tmp_path / "other", chroma.url)
    ingest(mine, HashingEmbedder(), progress=False)
    ingest(other, HashingEmbedder(), progress=False)
    ns, other_ns = namespace_of(mine), namespace_of(other)
    assert ns != other_ns
    assert mine.chroma_server is not None
    client = connect(mine.chroma_server)
    stale = generation_prefix(ns, "gen-000042") + "-chunks"  # a killed run's, its folder gone
    client.create_collection(stale, embedding_function=None)
    client.close()
    assert stale in collections(mine, ns)
    other_before = collections(other, other_ns)

    (mine.corpus_dir / "brest-zanzibar.txt").write_text(NEW_DOC, encoding="utf-8")
    ingest(mine, HashingEmbedder(), progress=False)
    assert stale not in collections(mine, ns)
    assert collections(other, other_ns) == other_before
    bot = Assistant.open(other, HashingEmbedder())
    assert bot.ask("Avec quelle ville arménienne Clamart est-elle jumelée ?").citations
    bot.close()


def test_an_index_moves_from_its_folder_to_the_server(tmp_path: Path, chroma: Server) -> None:
    on_disk = server_settings(tmp_path, chroma.url).replace(chroma_url=None)
    ingest(on_disk, HashingEmbedder(), progress=False)
    assert (on_disk.index_dir / "gen-000001" / "chroma").is_dir()
    questions = ["Avec quelle ville arménienne Clamart est-elle jumelée ?", "Qui finance le projet à Kendari ?"]
    bot = Assistant.open(on_disk, HashingEmbedder())
    expected = [bot.ask(q).as_dict() for q in questions]
    bot.close()

    served = on_disk.replace(chroma_url=chroma.url)
    bot = Assistant.open(served, HashingEmbedder())  # the manifest says the vectors are in the folder
    assert [bot.ask(q).as_dict() for q in questions] == expected
    bot.close()
    report = ingest(served, HashingEmbedder(), progress=False)  # no file changed: the vectors move
    manifest = Catalog(served.index_dir).load()
    assert manifest.generation == 2 and manifest.server_namespace
    assert all(f.status == Status.UNCHANGED for f in report.files)
    assert not (served.index_dir / "gen-000002" / "chroma").exists()
    bot = Assistant.open(served, HashingEmbedder())
    assert [bot.ask(q).as_dict() for q in questions] == expected
    bot.close()

    with pytest.raises(IndexStoreError) as err:  # without the server's address, the index cannot be read
        Assistant.open(on_disk, HashingEmbedder())
    assert "COOP_CHROMA_URL" in err.value.message
    ingest(on_disk, HashingEmbedder(), rebuild=True, progress=False)  # rebuilt in its folder
    assert Catalog(on_disk.index_dir).load().server_namespace == ""
    bot = Assistant.open(on_disk, HashingEmbedder())
    assert [bot.ask(q).as_dict() for q in questions] == expected
    bot.close()


def test_two_live_assistants_see_a_generation_published_by_an_ingestion(tmp_path: Path, chroma: Server) -> None:
    settings = server_settings(tmp_path, chroma.url)
    ingest(settings, HashingEmbedder(), progress=False)
    first = LiveAssistant.open(settings, HashingEmbedder(), watch=False)
    second = LiveAssistant.open(settings, HashingEmbedder(), watch=False)
    try:
        for app in (first, second):
            assert all(c.source != "brest-zanzibar.txt" for c in app.ask(NEW_QUESTION).citations)
        (settings.corpus_dir / "brest-zanzibar.txt").write_text(NEW_DOC, encoding="utf-8")
        ingest(settings, HashingEmbedder(), progress=False)  # the indexing worker of either instance
        for app in (first, second):
            assert app.refresh(wait=True)
            assert app.generation == 2
            answer = app.ask(NEW_QUESTION)
            assert answer.citations[0].source == "brest-zanzibar.txt" and "14 mars 1990" in answer.text
            assert "brest-zanzibar.txt" in {d.id for d in app.documents()}
    finally:
        first.close()
        second.close()


def test_a_stopped_server_gives_the_french_error_and_answers_again_when_restarted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant import cli

    with running(tmp_path / "own-server") as server:
        settings = server_settings(tmp_path, server.url)
        ingest(settings, HashingEmbedder(), progress=False)
        bot = Assistant.open(settings, HashingEmbedder())
        question = "Avec quelle ville arménienne Clamart est-elle jumelée ?"
        expected = bot.ask(question).as_dict()
        server.stop()

        with pytest.raises(ChromaServerError) as err:  # an open assistant, the server gone
            bot.ask(question)
        assert f"Le serveur Chroma ne répond pas à {server.url}" in err.value.message
        assert f"chroma run --path DOSSIER --host 127.0.0.1 --port {server.port}" in err.value.message
        with pytest.raises(ChromaServerError, match="ne répond pas"):
            Assistant.open(settings, HashingEmbedder())
        with pytest.raises(ChromaServerError, match="ne répond pas"):
            ingest(settings, HashingEmbedder(), progress=False)

        monkeypatch.setattr("assistant.models.load_embedder", lambda s: HashingEmbedder())
        monkeypatch.setenv("COOP_CHROMA_URL", server.url)
        code = cli.main(["ask", question, "--corpus", str(settings.corpus_dir), "--index", str(settings.index_dir)])
        err_text = capsys.readouterr().err
        assert code == 7
        assert f"Le serveur Chroma ne répond pas à {server.url}" in err_text and "Traceback" not in err_text

        server.start()  # the same data folder, the same port
        assert bot.ask(question).as_dict() == expected  # the assistant left open answers again
        bot.close()
        bot = Assistant.open(settings, HashingEmbedder())
        assert bot.ask(question).as_dict() == expected
        bot.close()


def test_a_live_assistant_loads_the_new_generation_once_the_server_is_back(tmp_path: Path) -> None:
    with running(tmp_path / "own-server") as server:
        settings = server_settings(tmp_path, server.url)
        ingest(settings, HashingEmbedder(), progress=False)
        app = LiveAssistant.open(settings, HashingEmbedder(), watch=False)
        try:
            (settings.corpus_dir / "brest-zanzibar.txt").write_text(NEW_DOC, encoding="utf-8")
            ingest(settings, HashingEmbedder(), progress=False)
            server.stop()  # published, then the server goes away before this instance reloads
            app.refresh(wait=True)
            assert app.generation == 1
            with pytest.raises(ChromaServerError, match="ne répond pas"):
                app.ask(NEW_QUESTION)
            server.start()
            assert app.refresh(wait=True) and app.generation == 2  # tried again, not given up
            assert app.ask(NEW_QUESTION).citations[0].source == "brest-zanzibar.txt"
        finally:
            app.close()


def test_the_client_talks_to_the_server_only_with_bounded_requests(tmp_path: Path, chroma: Server) -> None:
    settings = server_settings(tmp_path, chroma.url, chroma_timeout=7.0)
    assert settings.chroma_server is not None
    client = connect(settings.chroma_server)
    try:
        assert client.get_settings().anonymized_telemetry is False
        timeout = client._server._session.timeout  # chromadb leaves it unbounded; connect() bounds it
        assert (timeout.read, timeout.write, timeout.connect) == (7.0, 7.0, 5.0)
    finally:
        client.close()

    seen: list[tuple[str, int]] = []

    def audit(event: str, args: tuple[Any, ...]) -> None:
        if event == "socket.connect" and recording and isinstance(args[1], tuple):
            seen.append((str(args[1][0]), int(args[1][1])))

    recording = True
    sys.addaudithook(audit)
    try:
        ingest(settings, HashingEmbedder(), progress=False)
        bot = Assistant.open(settings, HashingEmbedder())
        bot.ask("Avec quelle ville arménienne Clamart est-elle jumelée ?")
        bot.close()
    finally:
        recording = False
    assert seen and set(seen) == {("127.0.0.1", chroma.port)}


# --- model tier: the real model, the same answers and metrics as the embedded store -----------------


@pytest.fixture(scope="session")
def server_seed(
    tmp_path_factory: pytest.TempPathFactory, chroma: Server, real_embedder: Any, seed_settings: Settings
) -> Iterator[tuple[Assistant, Any]]:
    """The seed corpus indexed on the server with the real model, and its ingestion report."""
    base = tmp_path_factory.mktemp("server-seed")
    settings = server_settings(  # the embedded store's settings: its thresholds, its acceptance check
        base, chroma.url, abstain_threshold=seed_settings.abstain_threshold, accept_floor=seed_settings.accept_floor
    )
    without_recent_questions(real_embedder)  # batched as the embedded store's index was
    report = ingest(settings, real_embedder, progress=False)
    bot = Assistant.open(settings, real_embedder)
    yield bot, report
    bot.close()


def _rounded(value: Any) -> Any:
    """``value`` with every float rounded to 5 decimals (dicts and lists walked)."""
    if isinstance(value, float):
        return round(value, 5)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    return value


def test_same_answers_and_metrics_as_the_embedded_store(
    server_seed: tuple[Assistant, Any], seed_bot: Any, seed_settings: Settings
) -> None:
    from assistant.evaluation import evaluate, load_questions

    served, report = server_seed
    embedded: Assistant = seed_bot
    manifest = Catalog(seed_settings.index_dir).load()
    assert report.chunks_total == sum(d.chunks for d in manifest.documents.values())
    assert [d.id for d in served.documents()] == [d.id for d in embedded.documents()]

    questions = load_questions(DEV_SET)
    assert len(questions) >= 30
    reports = [
        evaluate(lambda q, h, bot=bot: bot.ask(q, h), questions, lambda doc_id, bot=bot: bot.document(doc_id).text)
        for bot in (served, embedded)
    ]
    for a, b in zip(reports[0].records, reports[1].records, strict=True):
        # the question's answer text, short answer, citations, passages and their scores (to 1e-5: a cosine read
        # from Chroma's distance or recomputed from the stored vector may differ in its last float digit)
        assert _rounded(a.answer.as_dict()) == _rounded(b.answer.as_dict()), a.question.id
    metrics = [{k: v for k, v in r.as_dict().items() if not k.startswith("latency")} for r in reports]
    assert metrics[0] == metrics[1]
    assert metrics[0]["key_fact_recall"] is not None and metrics[0]["key_fact_recall"] > 0.5
    print(json.dumps({k: metrics[0][k] for k in ("passage", "key_fact_recall", "citation_precision")}))


@pytest.mark.model
def test_coop_ingest_and_ask_in_processes_against_the_server(tmp_path: Path, chroma: Server) -> None:
    """The command line, in its own processes, as an indexing worker and a second instance would run it."""
    import subprocess

    corpus = copy_corpus(tmp_path / "corpus")
    env = {
        **os.environ,
        "COOP_CHROMA_URL": chroma.url,
        "COOP_CORPUS_DIR": str(corpus),
        "COOP_INDEX_DIR": str(tmp_path / "index"),
    }
    coop = [sys.executable, "-m", "assistant"]
    done = subprocess.run([*coop, "ingest"], env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    asked = subprocess.run(
        [*coop, "ask", "Avec quelle ville arménienne Clamart est-elle jumelée ?", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert "Artachat" in answer["answer"] and answer["citations"][0]["source"] == "clamart-artachat-cooperation.txt"
    assert not (tmp_path / "index" / "gen-000001" / "chroma").exists()
