"""``scripts/load.py`` (16 colleagues asking at once) and the serving settings it measures.

Fast: the script's arguments, bounds and refusals, its statistics (percentiles, errors, answers per
second), each user's questions (own order, follow-ups with their history), the threads driving the
users; ``COOP_ASK_CONCURRENCY`` / ``COOP_QUEUE_SIZE`` and the events of the app that use them.
Model tier: one real run of the script, 2 users × 2 questions, against the real app with accounts.
"""

from __future__ import annotations

import importlib.util
import io
import json
import math
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import free_port

from assistant.errors import ConfigError
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def _load_module() -> Any:
    spec = importlib.util.spec_from_file_location("coop_load_script", ROOT / "scripts" / "load.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


load = _load_module()


def _dev(tmp_path: Path, rows: list[dict[str, Any]]) -> Path:
    path = tmp_path / "dev.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return path


# --- arguments ---------------------------------------------------------------------------------


def test_arguments_defaults_and_bounds(capsys: pytest.CaptureFixture[str]) -> None:
    args = load.parse_args([])
    assert (args.users, args.questions, args.url, args.upload) == (16, 5, None, [])
    args = load.parse_args(["--url", "http://127.0.0.1:7860", "--users", "2", "--questions", "3"])
    assert (args.url, args.users, args.questions) == ("http://127.0.0.1:7860/", 2, 3)
    for bad in (["--users", "0"], ["--users", str(load.MAX_USERS + 1)], ["--questions", "-1"], ["--timeout", "0"]):
        with pytest.raises(SystemExit) as exc:
            load.parse_args(bad)
        assert exc.value.code == 2
    assert "--users 0 : entre 1 et" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        load.parse_args(["--upload", "/nulle/part/rapport.docx"])
    assert "--upload /nulle/part/rapport.docx : fichier introuvable" in capsys.readouterr().err


def test_only_this_machine_unless_allowed() -> None:
    """A load generator is not pointed at someone else's server by mistake, nor at a non-HTTP URL."""
    for url in ("http://intranet.example.org/", "http://10.0.0.5:7860/", "file:///etc/passwd", "javascript:alert(1)"):
        with pytest.raises(SystemExit) as exc:
            load.parse_args(["--url", url])
        assert "--url" in str(exc.value)
    assert load.parse_args(["--url", "http://10.0.0.5:7860", "--allow-remote"]).url == "http://10.0.0.5:7860/"
    assert load.parse_args(["--url", "http://localhost:7860/"]).url == "http://localhost:7860/"


def test_password_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    args = load.parse_args(["--user", "marie"])
    monkeypatch.setenv("COOP_LOAD_PASSWORD", "un mot de passe")
    assert load.password(args) == ("marie", "un mot de passe")
    monkeypatch.delenv("COOP_LOAD_PASSWORD")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # not a terminal: no prompt, a French refusal
    with pytest.raises(SystemExit) as exc:
        load.password(args)
    assert "COOP_LOAD_PASSWORD" in str(exc.value)
    assert load.password(load.parse_args([])) is None


# --- questions ---------------------------------------------------------------------------------


def test_dialogues_and_each_users_questions(tmp_path: Path) -> None:
    path = _dev(
        tmp_path,
        [{"id": f"q{i}", "question": f"Question {i} ?"} for i in range(6)]
        + [{"id": "dm", "question": "Depuis quand ?", "turns": ["Quelle ville ?", "Depuis quand ?"]}],
    )
    dialogues = load.load_dialogues(path)
    assert len(dialogues) == 7 and ("Quelle ville ?", "Depuis quand ?") in dialogues
    plans = [load.user_calls(dialogues, 20, seed) for seed in range(4)]
    assert all(len(p) == 20 for p in plans)
    assert len({tuple(c.question for c in p) for p in plans}) == 4  # an order of its own per user
    for plan in plans:
        for i, call in enumerate(plan):
            if call.question == "Depuis quand ?":  # a follow-up comes right after its question, with it as history
                assert call.history == ("Quelle ville ?",) and plan[i - 1] == load.Call("Quelle ville ?")
            else:
                assert call.history == ()
    # more questions than the set: the set is walked again
    assert len(load.user_calls(dialogues[:1], 3, 0)) == 3


def test_bad_question_files_are_refused_in_french(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="Jeu de questions introuvable"):
        load.load_dialogues(tmp_path / "absent.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"question": "Bonne ?"}\n{"pas de question": 1}\n', encoding="utf-8")
    with pytest.raises(SystemExit, match=r"bad.jsonl, ligne 2 : question mal formée"):
        load.load_dialogues(bad)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="aucune question"):
        load.load_dialogues(empty)


# --- statistics --------------------------------------------------------------------------------


def test_percentiles() -> None:
    values = [float(v) for v in range(1, 101)]  # 1..100
    assert load.percentile(values, 50) == pytest.approx(50.5)
    assert load.percentile(values, 95) == pytest.approx(95.05)
    assert load.percentile(values, 0) == 1.0 and load.percentile(values, 100) == 100.0
    assert load.percentile([3.0, 1.0, 2.0], 50) == 2.0  # unsorted input
    assert load.percentile([7.0], 95) == 7.0
    assert math.isnan(load.percentile([], 50))
    with pytest.raises(ValueError):
        load.percentile(values, 101)


def test_summary_counts_errors_apart_from_latencies() -> None:
    outcomes = [load.Outcome(0.1 * i) for i in range(1, 11)] + [load.Outcome(9.0, "AppError: refusé")] * 3
    s = load.summarize(outcomes, wall=2.0, client_cpu=0.5)
    assert (s.requests, s.errors) == (13, 3)
    assert s.p50 == pytest.approx(0.55) and s.max == pytest.approx(1.0)  # the failed 9 s are not latencies
    assert s.per_second == pytest.approx(5.0)  # 10 answers in 2 s
    assert s.messages == ("AppError: refusé",)
    line = s.line("Questions")
    assert (
        "13 requêtes, 3 erreurs" in line and "p50 0.55 s" in line and "p95 0.96 s" in line and "5.0 réponses/s" in line
    )
    assert "CPU des clients 0.5 s" in line and "application" not in line  # its CPU is unknown here
    d = s.as_dict()
    assert d["errors"] == 3 and d["answers_per_s"] == 5.0 and d["error_messages"] == ["AppError: refusé"]
    empty = load.summarize([], wall=0.0)
    assert empty.requests == 0 and empty.per_second == 0.0 and math.isnan(empty.p95)


def test_users_run_at_once_and_failures_are_counted() -> None:
    """Every user in its own thread, started together; an exception is an error, not a crash."""
    inside, most = 0, 0
    guard = threading.Lock()
    gate = threading.Event()

    def ask(call: Any) -> None:
        nonlocal inside, most
        with guard:
            inside += 1
            most = max(most, inside)
            if inside == 4:
                gate.set()
        gate.wait(5)  # each waits until all four are in flight at once
        with guard:
            inside -= 1
        if call.question == "panne":
            raise RuntimeError("le serveur a répondu 500")

    plan = [[load.Call("a"), load.Call("b")], [load.Call("c")], [load.Call("panne"), load.Call("d")], [load.Call("e")]]
    outcomes, wall = load.run_users([ask] * 4, plan, timeout=30)
    assert most == 4 and wall > 0
    assert len(outcomes) == 6
    assert [o.error for o in outcomes if o.error] == ["RuntimeError: le serveur a répondu 500"]


def test_process_cpu_reads_this_process_and_nothing_else() -> None:
    busy = sum(i * i for i in range(200_000))
    assert busy > 0 and load.process_cpu(os.getpid()) > 0
    assert math.isnan(load.process_cpu(None)) and math.isnan(load.process_cpu(2**22 + 12345))


# --- the serving settings ----------------------------------------------------------------------


def test_concurrency_settings_from_the_environment() -> None:
    s = Settings.from_env({"COOP_ASK_CONCURRENCY": "3", "COOP_QUEUE_SIZE": "200", "COOP_THREADS": "4"})
    assert (s.ask_concurrency, s.queue_size, s.threads_per_question) == (3, 200, 1)
    assert Settings().ask_concurrency == 2 and Settings().threads_per_question == 1
    assert Settings(threads=8, ask_concurrency=2).threads_per_question == 4
    for bad in ({"COOP_ASK_CONCURRENCY": "0"}, {"COOP_ASK_CONCURRENCY": "65"}, {"COOP_QUEUE_SIZE": "0"}):
        with pytest.raises(ConfigError, match="COOP_ASK_CONCURRENCY, COOP_QUEUE_SIZE"):
            Settings.from_env(bad)
    with pytest.raises(ConfigError, match="valeur invalide"):
        Settings.from_env({"COOP_ASK_CONCURRENCY": "beaucoup"})


def test_the_app_answers_as_many_questions_at_once_as_set(hashing_bot: Any, tmp_path: Path) -> None:
    """The page's questions and the /ask API share one limit, COOP_ASK_CONCURRENCY."""
    from assistant.ui import build_app

    settings = hashing_bot.settings.replace(ask_concurrency=3, feedback_path=tmp_path / "avis.jsonl")
    demo = build_app(hashing_bot, settings, export_dir=tmp_path / "exports")
    asks = [fn for fn in demo.fns.values() if fn.concurrency_id == "ask"]
    assert any(fn.api_name == "ask" for fn in asks) and len(asks) >= 3  # the API, the button, Enter, examples
    assert {fn.concurrency_limit for fn in asks} == {3}


# --- a real run --------------------------------------------------------------------------------


@pytest.mark.model
def test_real_run_two_users_two_questions_with_accounts(
    seed_bot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """scripts/load.py against the real app (real model, Chroma, Gradio queue), logging in."""
    from assistant.accounts import AccountStore
    from assistant.ui import launch

    users = tmp_path / "users.json"
    AccountStore(users).add("charge", "mot-de-passe-de-test-1")
    settings = seed_bot.settings.replace(users_file=users, feedback_path=tmp_path / "avis.jsonl")
    port = free_port()
    demo = launch(settings, "127.0.0.1", port, assistant=seed_bot, block=False)
    try:
        url = f"http://127.0.0.1:{port}/"
        monkeypatch.setenv("COOP_LOAD_PASSWORD", "mot-de-passe-de-test-1")
        code = load.main(["--url", url, "--users", "2", "--questions", "2", "--user", "charge", "--json"])
        out = json.loads(capsys.readouterr().out)
        assert code == 0
        assert out["load"]["requests"] == 4 and out["load"]["errors"] == 0, out
        assert 0 < out["load"]["p50_s"] <= out["load"]["p95_s"] <= out["load"]["max_s"]
        assert out["load"]["answers_per_s"] > 0 and out["upload"] is None

        monkeypatch.setenv("COOP_LOAD_PASSWORD", "pas le bon")  # a wrong password: refused, not measured
        with pytest.raises(Exception, match=r"(?i)login|auth|connexion|401"):
            load.main(["--url", url, "--users", "1", "--questions", "1", "--user", "charge"])
    finally:
        demo.close()


@pytest.mark.model
def test_a_question_does_not_wait_for_a_whole_document_being_indexed(real_embedder: Any) -> None:
    """The model's lock is held one batch at a time: a question encoded while a long document is
    being encoded (the « Documents » tab's worker) gets its vector before the document is done, and
    the document's vectors are those of one whole call."""
    passages = [f"Passage {i} : la coopération décentralisée entre Clamart et Artachat. " * 12 for i in range(96)]
    done: dict[str, Any] = {}

    def index() -> None:
        done["vectors"] = real_embedder.encode_document(passages)
        done["end"] = time.perf_counter()

    worker = threading.Thread(target=index)
    worker.start()
    time.sleep(0.3)  # the worker is inside its first batches
    query = real_embedder.encode_query(["Avec quelle ville arménienne Clamart est-elle jumelée ?"])
    answered = time.perf_counter()
    worker.join(600)
    assert query.shape == (1, real_embedder.dimension)
    assert answered < done["end"], "la question a attendu la fin de tout le document"
    alone = real_embedder.encode_document(passages[:40])  # other batches: same vectors
    assert float(abs(done["vectors"][:40] - alone).max()) < 1e-5


def test_the_models_lock_lets_a_waiting_question_in_before_a_documents_next_batch() -> None:
    """A plain lock would let the indexing worker take it back batch after batch (it never waits)."""
    from assistant.models.locking import QuestionsFirstLock

    lock = QuestionsFirstLock()
    order: list[str] = []
    first_batch = threading.Event()
    release = threading.Event()

    def document() -> None:
        for n in range(3):  # three batches, back to back
            with lock.hold():
                order.append(f"lot {n}")
                if n == 0:
                    first_batch.set()
                    release.wait(5)

    def question() -> None:
        with lock.hold(question=True):
            order.append("question")

    worker = threading.Thread(target=document)
    worker.start()
    assert first_batch.wait(5)
    asker = threading.Thread(target=question)
    asker.start()
    deadline = time.monotonic() + 5
    while lock._questions == 0 and time.monotonic() < deadline:  # the question is waiting
        time.sleep(0.01)
    release.set()
    worker.join(5)
    asker.join(5)
    assert order == ["lot 0", "question", "lot 1", "lot 2"]


def test_documents_are_encoded_one_passage_at_a_time_while_questions_are_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A question then waits for one passage, not for a batch of 32 (16 colleagues asking during an
    upload: p95 7.96 s → 2.04 s); ``coop ingest`` alone keeps its batches."""
    from assistant.models import locking

    lock = locking.QuestionsFirstLock()
    assert lock.batch_size(32, question=False) == 32  # nobody asked anything
    with lock.hold(question=True):
        pass
    assert lock.batch_size(32, question=False) == 1
    assert lock.batch_size(32, question=True) == 32  # a question's own texts are never split
    now = time.monotonic()
    monkeypatch.setattr(locking.time, "monotonic", lambda: now + locking.QUESTION_WINDOW_S + 1)
    assert lock.batch_size(32, question=False) == 32  # the questions stopped a while ago


def test_the_onnx_encoder_splits_a_document_batch_after_a_question() -> None:
    """The ONNX loop asks the lock for each batch's size (a fake session counts the batches); the PyTorch
    loop is exercised with the real model by test_a_question_does_not_wait_for_a_whole_document_being_indexed."""
    import numpy as np

    from assistant.models.locking import QuestionsFirstLock
    from assistant.models.onnx_backend import OnnxEmbedder

    calls: list[int] = []

    class Session:
        def run(self, outputs: list[str], feeds: dict[str, Any]) -> list[Any]:
            calls.append(feeds["input_ids"].shape[0])
            return [np.zeros((feeds["input_ids"].shape[0], 4), np.float32)]

    class Encoding:
        def __init__(self, n: int) -> None:
            self.ids = list(range(n))
            self.offsets = [(0, 0)] * n

    class Tok:
        def encode_batch(self, items: list[str]) -> list[Encoding]:
            return [Encoding(len(t)) for t in items]

    emb = OnnxEmbedder.__new__(OnnxEmbedder)
    emb.batch_size, emb.dimension, emb.document_prompt, emb.query_prompt = 8, 4, "passage: ", "query: "
    emb._tokenizer, emb._session, emb._lock, emb._pad_id, emb._eos_id = Tok(), Session(), QuestionsFirstLock(), 0, 2
    emb.encode_document([f"texte {i}" for i in range(10)])
    assert calls == [8, 2]
    calls.clear()
    emb.encode_query(["une question"])
    emb.encode_document([f"texte {i}" for i in range(3)])
    assert calls == [1, 1, 1, 1]  # the question, then the document one passage at a time


def test_an_app_showing_its_start_up_problem_page_is_reported_in_french() -> None:
    """An index built with other settings makes the app serve its problem page, without /ask: the load
    script says so instead of a gradio_client traceback (this happened on a stale index)."""
    from assistant.ui.server import error_app

    demo = error_app("L'index a été construit avec d'autres réglages.")
    port = free_port()
    demo.queue().launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    try:
        with pytest.raises(SystemExit, match="n'a pas d'API /ask"):
            load.main(["--url", f"http://127.0.0.1:{port}/", "--users", "1", "--questions", "1"])
    finally:
        demo.close()
