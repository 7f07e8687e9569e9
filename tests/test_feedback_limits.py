"""Feedback and exports stay small and private (issue 12, item 10).

The probe: a 2 MB comment was stored, the same answer was rated 21 times, the feedback file was
0644, and Gradio's copies of exports were 0644 in a shared temporary folder. Here the real app
(seed index, real model) is driven in Chromium, and a comment too long for the box is pushed the
way a crafted request would (the value set by script, past the box's ``maxlength``).
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import BrowserPage, free_port

from assistant.settings import Settings
from assistant.ui import (
    MAX_COMMENT_CHARS,
    MAX_FEEDBACK_PER_ANSWER,
    MAX_FEEDBACK_PER_SESSION,
    Conversation,
    Turn,
    append_feedback,
    comment_refusal,
    feedback_refusal,
)

QUESTION = "Avec quelle ville arménienne Clamart est-elle jumelée ?"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_feedback_file_is_0600_in_a_0700_folder(tmp_path: Path) -> None:
    path = tmp_path / "avis" / "feedback.jsonl"
    append_feedback(path, {"rating": "up"})
    append_feedback(path, {"rating": "down"})
    assert mode(path) == 0o600 and mode(path.parent) == 0o700
    assert [json.loads(x)["rating"] for x in path.read_text(encoding="utf-8").splitlines()] == ["up", "down"]
    # A file left 0644 by an earlier version is tightened; a folder the user chose is left alone.
    old = tmp_path / "ancien.jsonl"
    old.write_text("", encoding="utf-8")
    old.chmod(0o644)
    tmp_path.chmod(0o755)
    append_feedback(old, {"rating": "up"})
    assert mode(old) == 0o600 and mode(tmp_path) == 0o755


def test_feedback_limits_per_answer_session_and_comment_size() -> None:
    conv = Conversation(turns=[Turn("Q ?", pending=False)])
    turn = conv.turns[0]
    assert feedback_refusal(conv, turn) is None
    turn.feedback_lines = MAX_FEEDBACK_PER_ANSWER
    assert "déjà enregistré" in (feedback_refusal(conv, turn) or "")
    turn.feedback_lines, conv.feedback_lines = 0, MAX_FEEDBACK_PER_SESSION
    assert f"{MAX_FEEDBACK_PER_SESSION} avis" in (feedback_refusal(conv, turn) or "")
    assert comment_refusal("Très clair.") is None
    assert "vide" in (comment_refusal("  ") or "")
    refusal = comment_refusal("x" * 2_000_000) or ""
    assert refusal.startswith("Le commentaire est trop long (2000000 caractères, maximum 2000)")


@pytest.fixture(scope="module")
def app(seed_bot: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Settings]]:
    from assistant.ui import launch

    settings: Settings = seed_bot.settings.replace(
        feedback_path=tmp_path_factory.mktemp("avis") / "dossier" / "a.jsonl"
    )
    port = free_port()
    demo = launch(settings, "127.0.0.1", port, assistant=seed_bot, block=False)
    try:
        yield f"http://127.0.0.1:{port}", settings
    finally:
        demo.close()


class UI(BrowserPage):
    def ask(self, question: str) -> Any:
        self.page.locator("#coop-question textarea, #coop-question input").first.fill(question)
        self.page.click("#coop-ask")
        self.page.wait_for_selector("article[id^=coop-turn-] .coop-answer", timeout=60_000)
        return self.page.locator("article[id^=coop-turn-]").last

    def wait_status(self, marker: str) -> str:
        self.page.wait_for_function(
            "m => document.querySelector('#coop-status').innerText.includes(m)", arg=marker, timeout=30_000
        )
        return str(self.page.locator("#coop-status").inner_text())


@pytest.mark.browser
def test_one_answer_rated_21_times_and_a_2_mb_comment(chromium: Any, app: tuple[str, Settings]) -> None:
    url, settings = app
    ui = UI(chromium, url)
    try:
        turn = ui.ask(QUESTION)
        for i in range(21):
            rating = "up" if i % 2 == 0 else "down"
            turn.locator(f"button[data-act=rate][data-rating={rating}]").click()
            if i == 0:
                ui.wait_status("Avis enregistré")
            ui.page.wait_for_timeout(200)
        ui.wait_status("Votre avis sur cette réponse est déjà enregistré")
        ui.page.wait_for_timeout(1000)  # counted again below, after a later event has been answered
        lines = [json.loads(x) for x in settings.feedback_path.read_text(encoding="utf-8").splitlines()]
        assert len(lines) == MAX_FEEDBACK_PER_ANSWER
        assert len({x["answer_id"] for x in lines}) == 1
        assert mode(settings.feedback_path) == 0o600 and mode(settings.feedback_path.parent) == 0o700

        # The comment box stops at MAX_COMMENT_CHARS; a value pushed by script is refused by the server.
        box = ui.page.locator("#coop-comment textarea")
        box.wait_for(state="visible", timeout=30_000)
        assert box.get_attribute("maxlength") == str(MAX_COMMENT_CHARS)
        big = 2 * 1024 * 1024
        ui.page.evaluate(
            """n => { const t = document.querySelector('#coop-comment textarea');
                      const set = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set;
                      set.call(t, 'x'.repeat(n)); t.dispatchEvent(new Event('input', {bubbles: true})); }""",
            big,
        )
        started = time.monotonic()
        ui.page.get_by_role("button", name="Envoyer le commentaire").click()
        status = ui.wait_status("trop long")
        assert f"({big} caractères, maximum {MAX_COMMENT_CHARS})" in status
        assert time.monotonic() - started < 30
        after = settings.feedback_path.read_text(encoding="utf-8").splitlines()
        assert len(after) == MAX_FEEDBACK_PER_ANSWER and all(len(x) < 100_000 for x in after)
    finally:
        ui.close()


@pytest.mark.browser
def test_exports_are_0600_in_the_app_folder_not_the_shared_temp(chromium: Any, app: tuple[str, Settings]) -> None:
    url, settings = app
    started = time.time()
    ui = UI(chromium, url)
    try:
        ui.ask(QUESTION)
        with ui.page.expect_download(timeout=30_000) as info:
            ui.page.click("#coop-export")
        assert f"## 1. {QUESTION}" in Path(info.value.path()).read_text(encoding="utf-8")
        name = info.value.suggested_filename
    finally:
        ui.close()
    folder = Path(os.environ["GRADIO_TEMP_DIR"])  # set by the app to its own folder
    shared = Path(tempfile.gettempdir())
    # the app's own folder (under its cache, which the tests keep in a temporary folder), never the
    # shared temporary folder itself where every local account could list the exports
    assert folder.resolve() != shared.resolve()
    assert folder.resolve().is_relative_to(settings.cache_dir.resolve())
    assert mode(folder) == 0o700
    copies = list(folder.rglob(name))
    assert copies, f"{name} absent de {folder}"
    for p in copies:
        assert mode(p) == 0o600
        assert [oct(mode(d)) for d in p.parents if d.is_relative_to(folder)] == [oct(0o700)] * (
            len(p.relative_to(folder).parts)
        )
    gradio_default = shared / "gradio"  # where Gradio copied them before
    leaked = [p for p in gradio_default.rglob("conversation-coop-assistant-*.md") if p.stat().st_mtime >= started - 1]
    assert leaked == []
