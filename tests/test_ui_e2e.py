"""End-to-end tests of the interface, complementing ``test_ui_browser.py``.

They drive the real Chromium against the app launched on 127.0.0.1 (free port) over the real
seed index of the session (``seed_bot``: real model, real Chroma): security headers and the
French page, example questions, sources of an older answer, filters, Markdown export, new
conversation, template-looking questions rendered inert, French errors (page and API).
"""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import BrowserPage, free_port

from assistant.settings import Settings
from assistant.types import FILTER_BY_KEY, FILTERS

pytestmark = [pytest.mark.browser, pytest.mark.model]

CLAMART_Q = "Avec quelle ville arménienne Clamart est-elle jumelée ?"
ROCHELLE_Q = "Quelle ville indonésienne coopère avec l'agglomération de La Rochelle ?"


@pytest.fixture(scope="module")
def served(seed_bot: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Settings]]:
    """The interface over the real seed index, with its own feedback file."""
    from assistant.ui import launch

    settings: Settings = seed_bot.settings.replace(feedback_path=tmp_path_factory.mktemp("e2e") / "avis.jsonl")
    port = free_port()
    demo = launch(settings, "127.0.0.1", port, assistant=seed_bot, block=False)
    try:
        yield f"http://127.0.0.1:{port}", settings
    finally:
        demo.close()


class UI(BrowserPage):
    """A page of the app, following its answers turn by turn."""

    def turns(self) -> Any:
        return self.page.locator("article[id^=coop-turn-]")

    def wait_answers(self, count: int) -> Any:
        self.page.wait_for_function(
            "n => document.querySelectorAll('article[id^=coop-turn-]:not(:has(.coop-pending))').length >= n",
            arg=count,
            timeout=60_000,
        )
        return self.turns().nth(count - 1)

    def ask(self, question: str) -> Any:
        count = self.turns().count()
        self.page.locator("#coop-question textarea, #coop-question input").first.fill(question)
        self.page.click("#coop-ask")
        return self.wait_answers(count + 1)

    def assert_clean(self) -> None:
        assert self.dialogs == []
        assert [u for u in self.requests if not u.startswith(self.url + "/")] == []


def test_served_page_is_french_and_locked_to_this_machine(served: tuple[str, Settings]) -> None:
    with urllib.request.urlopen(served[0] + "/", timeout=30) as resp:
        html = resp.read().decode("utf-8")
        headers = resp.headers
    assert '<html\n\tlang="fr"' in html or '<html lang="fr"' in html
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp and "connect-src 'self'" in csp and "img-src 'self'" in csp
    assert headers["referrer-policy"] == "no-referrer"
    assert "fonts.googleapis" not in html


def test_example_question_older_answer_sources_and_export(chromium: Any, served: tuple[str, Settings]) -> None:
    ui = UI(chromium, served[0])
    try:
        ui.page.locator(".coop-example").first.click()
        first = ui.wait_answers(1)
        assert first.locator(".coop-answer, .coop-notfound").count() == 1

        ui.page.click("#coop-new")
        ui.page.wait_for_selector(".coop-welcome")
        assert ui.turns().count() == 0

        clamart = ui.ask(CLAMART_Q)
        assert "Artachat" in clamart.locator(".coop-answer").inner_text()
        rochelle = ui.ask(ROCHELLE_Q)
        assert rochelle.locator(".coop-answer .coop-cite").count() >= 1
        sources = ui.page.locator("#coop-sources")
        assert "Sources de la réponse 2" in sources.inner_text()

        # selecting the older answer shows its own sources again
        clamart.locator("button[data-act=select]").click()
        ui.page.wait_for_function(
            "document.querySelector('#coop-sources').innerText.includes('Sources de la réponse 1')", timeout=30_000
        )
        assert "clamart" in sources.locator("h3").first.inner_text().lower()
        assert clamart.get_attribute("class") is not None and "coop-selected" in (clamart.get_attribute("class") or "")
        ui.shot("older-answer-sources.png")

        # « Ouvrir le document à cet endroit » from the sources panel
        sources.locator("button[data-act=open]").first.click()
        ui.page.locator("#coop-document mark.coop-quote[data-target]").wait_for(state="visible", timeout=30_000)
        # keyboard and screen-reader users land on the cited sentence
        ui.page.wait_for_function("document.activeElement && document.activeElement.dataset.target === '1'")

        with ui.page.expect_download(timeout=30_000) as info:
            ui.page.click("#coop-export")
        path = info.value.path()
        text = Path(path).read_text(encoding="utf-8")
        assert info.value.suggested_filename.endswith(".md")
        assert f"## 1. {CLAMART_Q}" in text and "## 2." in text
        assert "Recherche effectuée" in text and "### Sources" in text and "Artachat" in text
        ui.assert_clean()
    finally:
        ui.close()


def test_new_conversation_forgets_the_previous_questions(chromium: Any, served: tuple[str, Settings]) -> None:
    ui = UI(chromium, served[0])
    try:
        ui.ask(CLAMART_Q)
        follow = ui.ask("Depuis quand ?")
        assert "Clamart" in follow.locator(".coop-query").inner_text()
        ui.page.click("#coop-new")
        ui.page.wait_for_selector(".coop-welcome")
        alone = ui.ask("Depuis quand ?")
        assert "Clamart" not in alone.locator(".coop-query").inner_text()
    finally:
        ui.close()


def test_document_filter_restricts_the_sources(chromium: Any, served: tuple[str, Settings]) -> None:
    ui = UI(chromium, served[0])
    try:
        ui.page.locator("#coop-filters").get_by_text("Filtrer la recherche").click()
        box = ui.page.locator("#coop-filter-source input").first
        box.click()
        box.fill("coopérations internationales")
        ui.page.get_by_role("option", name="Les coopérations internationales").first.click()
        ui.page.keyboard.press("Escape")
        turn = ui.ask(CLAMART_Q)
        assert "Filtres appliqués" in turn.inner_text()
        titles = ui.page.locator("#coop-sources .coop-source h3").all_inner_texts()
        assert titles and all("Les coopérations internationales" in t for t in titles)
        ui.shot("filters.png")
    finally:
        ui.close()


@pytest.mark.parametrize("key", [f.key for f in FILTERS])
def test_each_filter_of_the_interface_shows_its_answer(chromium: Any, served: tuple[str, Settings], key: str) -> None:
    """Issue 12, item 3: choosing « Année de publication » raised KeyError: 'date' and no answer was shown."""
    spec = FILTER_BY_KEY[key]
    ui = UI(chromium, served[0])
    try:
        ui.page.locator("#coop-filters").get_by_text("Filtrer la recherche").click()
        selector = ui.page.locator(f"#coop-filter-{key}")
        selector.wait_for(state="visible")
        assert spec.label in selector.inner_text()
        box = selector.locator("input").first
        box.click()
        option = ui.page.get_by_role("option").first
        option.wait_for(state="visible", timeout=10_000)
        chosen = option.inner_text().strip()
        option.click()
        ui.page.keyboard.press("Escape")
        turn = ui.ask("Quels projets de coopération sont menés ?")
        assert turn.locator(".coop-answer, .coop-notfound").count() == 1
        assert turn.locator(".coop-error").count() == 0
        note = turn.locator(".coop-filters-note").inner_text()
        assert f"{spec.noun} : " in note
        if key not in ("source", "country"):  # those two show a title / a country name instead of the value
            assert chosen in note
        status = ui.page.locator("#coop-status").inner_text()
        assert "Réponse trouvée" in status or "Aucune réponse trouvée" in status
        ui.assert_clean()
    finally:
        ui.close()


def test_template_like_and_html_questions_stay_inert(chromium: Any, served: tuple[str, Settings]) -> None:
    ui = UI(chromium, served[0])
    try:
        hostile = "${alert(3)} {{constructor.constructor('alert(4)')()}} <img src=x onerror=alert(5)> `x`"
        turn = ui.ask(hostile)
        assert hostile in turn.locator(".coop-question").inner_text()
        assert ui.page.locator("#coop-conversation img, #coop-sources img").count() == 0
        ui.page.wait_for_timeout(500)
        too_long = ui.ask("Clamart " * 400)
        error = too_long.locator("[role=alert]").inner_text()
        assert "trop longue" in error and "Traceback" not in error
        ui.assert_clean()
    finally:
        ui.close()


def test_api_errors_are_french_messages(served: tuple[str, Settings]) -> None:
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    client = Client(served[0] + "/", verbose=False)
    with pytest.raises(AppError, match="Filtre inconnu"):
        client.predict(CLAMART_Q, "", '{"couleur": "bleu"}', api_name="/ask")
    with pytest.raises(AppError, match="question est vide"):
        client.predict("  ", [], {}, api_name="/ask")
    result = client.predict(CLAMART_Q, "[]", '{"country": "AM"}', api_name="/ask")
    assert result["abstained"] is False and "Artachat" in result["answer"]


AXE = Path(__file__).resolve().parents[1] / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
AXE_RUN = """async () => {
  const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
  return r.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


def test_accessibility_of_not_found_filters_and_feedback_views(chromium: Any, served: tuple[str, Settings]) -> None:
    """axe-core on the views test_ui_browser.py does not check: not-found, open filters, feedback box."""
    if not AXE.exists():
        pytest.fail(f"axe-core manque ({AXE}) : npm install --prefix .cache/npm axe-core@4.14.1")
    ui = UI(chromium, served[0])
    try:
        ui.page.add_script_tag(path=str(AXE))
        found: dict[str, Any] = {}
        turn = ui.ask("Quelle est la capitale de l'Australie ?")
        assert turn.locator(".coop-notfound").count() == 1
        found["introuvable"] = ui.page.evaluate(AXE_RUN)
        ui.page.locator("#coop-filters").get_by_text("Filtrer la recherche").click()
        ui.page.locator("#coop-filter-source").wait_for(state="visible")
        found["filtres"] = ui.page.evaluate(AXE_RUN)
        turn.locator("button[data-act=rate][data-rating=down]").click()
        ui.page.locator("#coop-comment textarea").wait_for(state="visible", timeout=30_000)
        found["avis"] = ui.page.evaluate(AXE_RUN)
        assert {view: v for view, v in found.items() if v} == {}
        rows = served[1].feedback_path.read_text(encoding="utf-8").splitlines()
        assert any('"rating": "down"' in r and "Australie" in r for r in rows)
    finally:
        ui.close()
