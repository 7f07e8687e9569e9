"""Every input is capped the same way in the interface and the API, with a French message (issue 12, item 4).

The probe: one API call with a 64 kB history item held the single answering worker 19.6 s (a
normal question sent 1 s later waited 18.7 s), and a 5 MB question was accepted by the interface
and kept in the session. Here the real app (seed index, real model) is launched on 127.0.0.1 and
called with ``gradio_client`` and from Chromium.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import BrowserPage, free_port

from assistant import limits
from assistant.errors import QueryError
from assistant.limits import (
    MAX_HISTORY_ITEMS,
    MAX_JSON_CHARS,
    check_history,
    check_question,
)
from assistant.settings import Settings
from assistant.ui import parse_filters, parse_history

QUESTION = "Avec quelle ville arménienne Clamart est-elle jumelée ?"
BIG_ITEM = "Parle-moi de la coopération ( " * 2200  # 66 kB of opening parentheses and words
FIVE_MB = "Clamart " * (5 * 1024 * 1024 // 8)


def test_limits_are_the_pipeline_s_and_refuse_with_french_messages() -> None:
    from assistant import pipeline

    assert pipeline.check_question is check_question  # the assistant checks questions with the same limit
    assert check_question(f"  {QUESTION} ") == QUESTION
    with pytest.raises(QueryError, match=r"La question est trop longue \(5242880 caractères, maximum 2000\)"):
        check_question(FIVE_MB)
    with pytest.raises(QueryError, match="question est vide"):
        check_question("   ")
    assert check_history(["a"] * MAX_HISTORY_ITEMS) == ["a"] * MAX_HISTORY_ITEMS
    with pytest.raises(QueryError, match=f"L'historique compte 21 questions ; {MAX_HISTORY_ITEMS} au plus"):
        check_history(["a"] * 21)
    with pytest.raises(QueryError, match=r"La question n° 2 de l'historique est trop longue \(66000 caractères"):
        check_history(["a", BIG_ITEM])


def test_api_arguments_given_as_json_strings_are_capped_before_reading() -> None:
    with pytest.raises(QueryError, match=f"« history » est trop long .*maximum {MAX_JSON_CHARS}"):
        parse_history("[" + " " * MAX_JSON_CHARS + "]")
    with pytest.raises(QueryError, match="historique compte 25 questions"):
        parse_history(json.dumps(["Question ?"] * 25))
    with pytest.raises(QueryError, match="« filters » est trop long"):
        parse_filters('{"theme": "' + "x" * MAX_JSON_CHARS + '"}')
    with pytest.raises(QueryError, match="Trop de valeurs de filtres"):
        parse_filters({f"k{i}": "v" for i in range(1000)})
    with pytest.raises(QueryError, match="Trop de valeurs de filtres"):
        parse_filters({"source": ["a.txt"] * 100_000})


@pytest.fixture(scope="module")
def app(seed_bot: Any) -> Iterator[tuple[str, Settings]]:
    from assistant.ui import launch

    port = free_port()
    demo = launch(seed_bot.settings, "127.0.0.1", port, assistant=seed_bot, block=False)
    try:
        yield f"http://127.0.0.1:{port}", seed_bot.settings
    finally:
        demo.close()


def test_api_refuses_a_64_kb_history_item_and_a_5_mb_question_at_once(app: tuple[str, Settings]) -> None:
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    client = Client(app[0] + "/", verbose=False)
    client.predict(QUESTION, [], {}, api_name="/ask")  # warm-up: the first call of a session costs more

    started = time.monotonic()
    hostile = client.submit("Qui la finance ?", [BIG_ITEM], {}, api_name="/ask")
    time.sleep(1)
    normal_started = time.monotonic()
    normal = client.predict(QUESTION, [], {}, api_name="/ask")
    normal_seconds = time.monotonic() - normal_started
    with pytest.raises(AppError, match=r"La question n° 1 de l'historique est trop longue \(66000 caractères"):
        hostile.result(timeout=60)
    hostile_seconds = time.monotonic() - started
    print(
        f"\nhistorique de 64 ko refusé en {hostile_seconds:.2f} s ; question normale servie en {normal_seconds:.2f} s"
    )
    assert normal["abstained"] is False and normal["citations"]
    assert hostile_seconds < 10 and normal_seconds < 10  # the probe: 19.6 s and 18.7 s

    started = time.monotonic()
    with pytest.raises(AppError, match=r"La question est trop longue \(5242880 caractères, maximum 2000\)"):
        client.predict(FIVE_MB, [], {}, api_name="/ask")
    with pytest.raises(AppError, match=f"{MAX_HISTORY_ITEMS} au plus"):
        client.predict("Qui la finance ?", ["Question ?"] * 50, {}, api_name="/ask")
    with pytest.raises(AppError, match="Trop de valeurs de filtres"):
        client.predict(QUESTION, [], {"source": ["a.txt"] * 1000}, api_name="/ask")
    assert time.monotonic() - started < 20


@pytest.mark.browser
def test_interface_refuses_a_5_mb_question_without_keeping_it(chromium: Any, app: tuple[str, Settings]) -> None:
    ui = BrowserPage(chromium, app[0])
    try:
        # The value a crafted request would send (typed, it would be the same): set by script.
        ui.page.evaluate(
            """n => { const t = document.querySelector('#coop-question textarea');
                      const set = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set;
                      set.call(t, 'Clamart '.repeat(n)); t.dispatchEvent(new Event('input', {bubbles: true})); }""",
            len(FIVE_MB) // 8,
        )
        ui.page.click("#coop-ask")
        turn = ui.page.locator("article#coop-turn-0")
        turn.locator("[role=alert]").wait_for(timeout=60_000)
        assert "La question est trop longue (5242880 caractères, maximum 2000)" in turn.inner_text()
        shown = turn.locator(".coop-question").inner_text()
        assert shown.startswith("Clamart Clamart") and len(shown) <= 210
        assert len(ui.page.content()) < 200_000  # the page holds its beginning only
        # the next question is answered normally
        ui.page.locator("#coop-question textarea").first.fill(QUESTION)
        ui.page.click("#coop-ask")
        ui.page.wait_for_selector("article#coop-turn-1 .coop-answer", timeout=60_000)
        assert ui.outside_requests() == []
    finally:
        ui.close()


def test_limits_of_a_long_session(seed_bot: Any, tmp_path: Any) -> None:
    """The interface sends the last MAX_HISTORY_ITEMS questions, and a conversation stops at MAX_SESSION_TURNS."""
    from assistant.ui import Actions, Conversation, Turn

    actions = Actions(seed_bot, export_dir=tmp_path)
    answered = seed_bot.ask(QUESTION)
    conv = Conversation(turns=[Turn(f"Question {i} ?", answer=answered, pending=False) for i in range(30)])
    calls: list[int] = []
    real_ask = seed_bot.ask

    def spy(question: str, history: Any = (), **kw: Any) -> Any:
        calls.append(len(history))
        return real_ask(question, history, **kw)

    seed_bot.ask = spy
    try:
        actions.start(conv, QUESTION, {})
        actions.finish(conv)
    finally:
        del seed_bot.ask
    assert calls == [MAX_HISTORY_ITEMS]
    full = Conversation(turns=[Turn("Q ?", answer=answered, pending=False) for _ in range(limits.MAX_SESSION_TURNS)])
    result = actions.start(full, QUESTION, {})
    assert len(full.turns) == limits.MAX_SESSION_TURNS
    assert "Nouvelle conversation" in str(result.status)


def test_cli_history_has_the_same_limits(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.cli import main

    history = tmp_path / "historique.json"
    history.write_text(json.dumps(["Question ?"] * 25), encoding="utf-8")
    code = main(["ask", "Qui la finance ?", "--history", str(history), "--index", str(tmp_path / "absent")])
    assert code == QueryError("x").exit_code
    assert f"L'historique compte 25 questions ; {MAX_HISTORY_ITEMS} au plus" in capsys.readouterr().err
    history.write_text("Parle-moi de Kendari.\n" + BIG_ITEM + "\n", encoding="utf-8")
    code = main(["ask", "Qui la finance ?", "--history", str(history), "--index", str(tmp_path / "absent")])
    assert "La question n° 2 de l'historique est trop longue" in capsys.readouterr().err
