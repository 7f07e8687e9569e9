"""A shared Chroma server (``COOP_CHROMA_URL``) that does not answer, everywhere its error can reach
someone: ``coop ingest``, ``coop ask``, ``coop eval``, the page served when the assistant cannot
start, a question asked in the interface, and a document added from the « Documents » tab. Each
names the server's address and what to check (the ``chroma run`` command, ``COOP_CHROMA_URL``), in
French, without a trace; the command line exits with code 7.

Against a real ``chroma run`` on 127.0.0.1 (stopped) and a port nobody listens on; the hashing
embedder stands for the model (no model in this tier).
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import httpx
import pytest
from chroma_server import running
from conftest import HASHING_ABSTAIN_THRESHOLD, copy_corpus, free_port

from assistant import cli
from assistant.documents import Incoming, Library
from assistant.ingest import ingest
from assistant.live import LiveAssistant
from assistant.models.testing import HashingEmbedder
from assistant.roles import LOCAL
from assistant.settings import Settings
from assistant.ui import Actions, Conversation

QUESTION = "Avec quelle ville arménienne Clamart est-elle jumelée ?"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # nobody listens once the socket is closed


def says_where_and_what(text: str, url: str, port: int) -> bool:
    """The server's address, the command that starts it and the setting to check, no trace."""
    return (
        f"Le serveur Chroma ne répond pas à {url}" in text
        and f"chroma run --path DOSSIER --host 127.0.0.1 --port {port}" in text
        and "COOP_CHROMA_URL" in text
        and "Traceback" not in text
    )


@pytest.fixture()
def no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("assistant.models.load_embedder", lambda s: HashingEmbedder())


def test_the_command_line_on_a_port_nobody_listens_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, no_model: None
) -> None:
    port = _closed_port()
    url = f"http://127.0.0.1:{port}"
    monkeypatch.setenv("COOP_CHROMA_URL", url)
    monkeypatch.setenv("COOP_CHROMA_TIMEOUT", "3")
    corpus = copy_corpus(tmp_path / "corpus")
    where = ["--corpus", str(corpus), "--index", str(tmp_path / "index")]
    questions = tmp_path / "questions.jsonl"
    questions.write_text(json.dumps({"id": "q1", "question": QUESTION, "answer": ["Artachat"]}) + "\n", "utf-8")
    for args in (["ingest", *where], ["eval", str(questions), *where]):
        code = cli.main(args)
        err = capsys.readouterr().err
        assert code == 7, (args, err)
        assert says_where_and_what(err, url, port), err


def test_a_stopped_server_in_every_place_a_user_meets_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, no_model: None
) -> None:
    from assistant.ui import launch

    with running(tmp_path / "chroma") as server:
        settings = Settings(
            corpus_dir=copy_corpus(tmp_path / "corpus"),
            index_dir=tmp_path / "index",
            feedback_path=tmp_path / "avis.jsonl",
            cache_dir=tmp_path / "cache",
            audit_file=tmp_path / "audit.jsonl",
            chroma_url=server.url,
            chroma_timeout=3.0,
            abstain_threshold=HASHING_ABSTAIN_THRESHOLD,
            accept_floor=0.0,  # hashing vectors: the acceptance model is fitted on the real model's cosines
        )
        emb = HashingEmbedder()
        ingest(settings, emb, progress=False)
        bot = LiveAssistant.open(settings, emb, watch=False)
        assert not bot.ask(QUESTION).abstained
        server.stop()
        url, port = server.url, server.port
        try:
            # the command line
            monkeypatch.setenv("COOP_CHROMA_URL", url)
            monkeypatch.setenv("COOP_CHROMA_TIMEOUT", "3")
            where = ["--corpus", str(settings.corpus_dir), "--index", str(settings.index_dir)]
            questions = tmp_path / "questions.jsonl"
            questions.write_text(json.dumps({"id": "q1", "question": QUESTION, "answer": ["Artachat"]}) + "\n", "utf-8")
            for args in (["ask", QUESTION, *where], ["eval", str(questions), *where], ["ingest", *where]):
                code = cli.main(args)
                err = capsys.readouterr().err
                assert code == 7 and says_where_and_what(err, url, port), (args, err)

            # a question in the interface, left open while the server stopped
            actions = Actions(bot, settings, export_dir=tmp_path / "exports")
            conv = Conversation()
            actions.start(conv, QUESTION, {})
            done = actions.finish(conv)
            assert says_where_and_what(str(done.status), url, port), done.status
            assert "Le serveur Chroma ne répond pas" in str(done.conversation_html)

            # a document added from the « Documents » tab: its report says the same
            upload = tmp_path / "up" / "brest.txt"
            upload.parent.mkdir()
            upload.write_text("Jumelage Brest Zanzibar\n\nBrest est jumelée avec Zanzibar depuis 1990.\n", "utf-8")
            library = Library(settings, lambda: emb, sources=(upload.parent,))
            try:
                report = library.add(LOCAL, [Incoming("brest.txt", upload)])
                finished = library.wait(report.job, 120)
                assert finished is not None and finished.finished
                assert says_where_and_what(finished.error, url, port), finished.error
                assert finished.as_dict()["etat"] == "échec"
            finally:
                library.close()

            # the page served when the assistant cannot start (the server down at start-up)
            app_port = free_port()
            demo = launch(settings, "127.0.0.1", app_port, block=False)
            try:
                config = httpx.get(f"http://127.0.0.1:{app_port}/config", timeout=30).text
            finally:
                demo.close()
            assert "L'assistant ne peut pas démarrer" in config.replace("&#x27;", "'")
            shown = config.replace("&#x27;", "'")
            assert f"Le serveur Chroma ne répond pas à {url}" in shown and "COOP_CHROMA_URL" in shown
        finally:
            bot.close()
