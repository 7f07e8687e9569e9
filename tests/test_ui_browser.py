"""End-to-end tests of the web interface in a real Chromium, on a real index (real model, real Chroma).

The app is launched in-process on 127.0.0.1 with a free port over a copy of the seed corpus plus
a hostile document (script, onerror image, remote image written as text). Screenshots of the main
views are saved to ``test-artifacts/``.
"""

from __future__ import annotations

import contextlib
import json
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import ROOT, SEED_CORPUS, BrowserPage, free_port

from assistant.models import Embedder
from assistant.settings import Settings

pytestmark = [pytest.mark.browser, pytest.mark.model]

EVIL = (
    "Note piégée sur la coopération avec Zanzibar\n\n"
    "Ce document parle du jumelage avec Zanzibar et contient du code : <script>alert(1)</script>\n"
    'Une image piégée <img src=x onerror="alert(2)"> et une image distante '
    '<img src="http://example.com/x.png"> ainsi qu\'un lien <a href="http://example.com">ici</a>.\n'
)


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory, real_embedder: Embedder) -> Iterator[tuple[str, Settings]]:
    from assistant.ingest import ingest
    from assistant.pipeline import Assistant
    from assistant.ui import launch

    base = tmp_path_factory.mktemp("ui")
    corpus = base / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    (corpus / "note-zanzibar.txt").write_text(EVIL, encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=base / "index", feedback_path=base / "feedback.jsonl")
    ingest(settings, real_embedder, progress=False)
    port = free_port()
    demo = launch(settings, "127.0.0.1", port, assistant=Assistant.open(settings, real_embedder), block=False)
    try:
        yield f"http://127.0.0.1:{port}", settings
    finally:
        demo.close()


class Page(BrowserPage):
    """A page of the app, asking as a user does (button or Enter key)."""

    def ask(self, question: str, *, keyboard: bool = False) -> Any:
        count = self.page.locator(".coop-answer, .coop-notfound").count()
        box = self.page.locator("#coop-question textarea, #coop-question input").first
        box.fill(question)
        if keyboard:
            box.press("Enter")
        else:
            self.page.click("#coop-ask")
        self.page.wait_for_function(
            f"document.querySelectorAll('.coop-answer, .coop-notfound').length > {count}", timeout=60_000
        )
        self.page.wait_for_timeout(300)
        return self.page.locator("article[id^=coop-turn-]").last


def test_welcome_view_is_french_and_lists_the_corpus(chromium: Any, app_url: tuple[str, Settings]) -> None:
    page = Page(chromium, app_url[0])
    try:
        assert page.page.evaluate("document.documentElement.lang") == "fr"
        welcome = page.page.locator(".coop-welcome")
        assert "Clamart" in welcome.inner_text()
        assert page.page.locator(".coop-doclist tbody tr").count() == 6
        assert page.page.locator(".coop-example").count() >= 1
        page.shot("welcome.png")
        assert page.outside_requests() == []
    finally:
        page.close()


def test_answer_citation_document_and_follow_up(chromium: Any, app_url: tuple[str, Settings]) -> None:
    page = Page(chromium, app_url[0])
    try:
        turn = page.ask("Avec quelle ville arménienne Clamart est-elle jumelée ?", keyboard=True)
        assert "Artachat" in turn.locator(".coop-answer").inner_text()
        assert turn.locator("strong.coop-short").first.inner_text() == "Artachat"  # the short answer, in bold
        cites = turn.locator(".coop-cite")
        assert cites.count() >= 1
        sources = page.page.locator("#coop-sources")
        assert sources.locator("mark.coop-quote").count() >= 1
        page.shot("answer.png")

        cites.first.click()
        mark = page.page.locator("#coop-document .coop-doc-text mark.coop-quote").first
        mark.wait_for(state="visible", timeout=30_000)
        assert "Artachat" in page.page.locator("#coop-document").inner_text()
        assert mark.is_visible()
        page.page.wait_for_timeout(500)
        page.shot("document.png")

        follow = page.ask("Depuis quand ?")
        query = follow.locator(".coop-query").inner_text()
        assert "Recherche effectuée" in query and "Clamart" in query
        assert "2003" in follow.locator(".coop-answer").inner_text()
        # the first answer keeps its own citations
        first = page.page.locator("#coop-turn-0")
        assert "Artachat" in first.locator(".coop-answer").inner_text()
        page.shot("follow-up.png")
        assert page.dialogs == [] and page.outside_requests() == []
    finally:
        page.close()


def test_unanswerable_question_shows_not_found_with_passages(chromium: Any, app_url: tuple[str, Settings]) -> None:
    page = Page(chromium, app_url[0])
    try:
        turn = page.ask("Quelle est la capitale de l'Australie ?")
        text = turn.inner_text()
        assert "Je n'ai pas trouvé" in text
        assert turn.locator(".coop-notfound").count() == 1
        assert page.page.locator("#coop-sources [data-kind=passage]").count() >= 3
        page.shot("not-found.png")
    finally:
        page.close()


def test_hostile_document_is_shown_as_inert_text(chromium: Any, app_url: tuple[str, Settings]) -> None:
    page = Page(chromium, app_url[0])
    try:
        page.page.click("button[data-doc='note-zanzibar.txt']")
        viewer = page.page.locator("#coop-document .coop-doc-text")
        viewer.wait_for(state="visible", timeout=30_000)
        shown = viewer.inner_text()
        assert "<script>alert(1)</script>" in shown and "onerror" in shown
        assert viewer.locator("img, script, a, iframe").count() == 0
        turn = page.ask("Que dit la note sur le jumelage avec Zanzibar ?")
        assert turn.locator("img, script").count() == 0
        page.page.wait_for_timeout(1000)
        page.shot("hostile-document.png")
        assert page.dialogs == []
        assert page.outside_requests() == []
    finally:
        page.close()


def test_two_sessions_keep_separate_histories(chromium: Any, app_url: tuple[str, Settings]) -> None:
    a, b = Page(chromium, app_url[0]), Page(chromium, app_url[0])
    try:
        a.ask("Quelle ville indonésienne coopère avec l'agglomération de La Rochelle ?")
        b.ask("Que signifie le sigle AFCCRE ?")
        follow = a.ask("Qui la finance ?")
        assert (
            "Kendari" in follow.locator(".coop-query").inner_text()
            or "La Rochelle" in follow.locator(".coop-query").inner_text()
        )
        a_text = a.page.locator(".coop-conversation").inner_text()
        b_text = b.page.locator(".coop-conversation").inner_text()
        assert "AFCCRE" not in a_text and "indonésienne" not in b_text
        assert b.page.locator("article[id^=coop-turn-]").count() == 1
    finally:
        a.close()
        b.close()


def test_feedback_is_appended_to_the_local_file(chromium: Any, app_url: tuple[str, Settings]) -> None:
    url, settings = app_url
    page = Page(chromium, url)
    try:
        turn = page.ask("Combien de personnes ont participé aux Assises franco-québécoises de 2023 ?")
        turn.locator("button[data-act=rate][data-rating=up]").click()
        comment = page.page.locator("#coop-comment textarea")
        comment.wait_for(state="visible", timeout=30_000)
        comment.fill("Très clair.")
        page.page.get_by_role("button", name="Envoyer le commentaire").click()
        page.page.wait_for_function(
            "document.querySelector('#coop-status').innerText.includes('Commentaire enregistré')", timeout=30_000
        )
        rows = [json.loads(line) for line in settings.feedback_path.read_text(encoding="utf-8").splitlines()]
        assert any(r.get("rating") == "up" and "Assises" in r.get("question", "") for r in rows)
        assert any("Très clair." in (r.get("comment") or "") for r in rows)
    finally:
        page.close()


def test_gradio_client_returns_the_json_contract(app_url: tuple[str, Settings]) -> None:
    from gradio_client import Client

    client = Client(app_url[0] + "/", verbose=False)
    result = client.predict(
        "Qui la finance ?",
        ["Parle-moi de la coopération entre La Rochelle et Kendari."],
        {},
        api_name="/ask",
    )
    assert set(result) == {"question", "search_query", "answer", "short_answer", "abstained", "citations", "passages"}
    assert "Kendari" in result["search_query"] and "AFD" in result["answer"]
    assert len(result["passages"]) >= 10
    assert all({"n", "source", "start", "end", "text", "score"} <= set(c) for c in result["citations"])


AXE = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
AXE_RUN = """async () => {
  const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
  return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                 nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


def test_accessibility_wcag_aa_with_axe_core(chromium: Any, app_url: tuple[str, Settings]) -> None:
    """axe-core (installed from the npm registry by « make test ») finds no WCAG 2.1 A/AA violation."""
    if not AXE.exists():
        pytest.fail(f"axe-core manque ({AXE}) : lancez « make test », qui l'installe avec npm.")
    page = Page(chromium, app_url[0])
    try:
        found: dict[str, list[Any]] = {}
        page.page.add_script_tag(path=str(AXE))
        found["accueil"] = page.page.evaluate(AXE_RUN)
        page.ask("Avec quelle ville arménienne Clamart est-elle jumelée ?", keyboard=True)
        found["réponse"] = page.page.evaluate(AXE_RUN)
        page.page.locator(".coop-cite").first.click()
        page.page.locator("#coop-document mark.coop-quote").first.wait_for(state="visible", timeout=30_000)
        found["document"] = page.page.evaluate(AXE_RUN)
        assert {view: v for view, v in found.items() if v} == {}
    finally:
        page.close()


def test_keyboard_only_navigation_reaches_the_question_and_the_citations(
    chromium: Any, app_url: tuple[str, Settings]
) -> None:
    page = Page(chromium, app_url[0])
    try:
        # the question box has the focus on arrival (given by the page's script once it has loaded: on a busy
        # machine that can come a moment after the page itself, so it is waited for, up to 15 s)
        ready = "document.activeElement && ['TEXTAREA', 'INPUT'].includes(document.activeElement.tagName)"
        from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

        with contextlib.suppress(PlaywrightTimeoutError):  # the assertion below says what had the focus
            page.page.wait_for_function(ready, timeout=15_000)
        focused = page.page.evaluate("document.activeElement && document.activeElement.tagName")
        assert focused in {"TEXTAREA", "INPUT"}
        page.ask("Avec quelle ville arménienne Clamart est-elle jumelée ?", keyboard=True)
        seen = set()
        for _ in range(60):
            page.page.keyboard.press("Tab")
            cls = page.page.evaluate("document.activeElement.className || ''")
            seen.add(cls)
            if "coop-cite" in cls:
                break
        assert any("coop-cite" in c for c in seen)
        outline = page.page.evaluate(
            "(() => { const s = getComputedStyle(document.activeElement); return s.outlineStyle + ' ' + s.boxShadow; })()"
        )
        assert outline.split()[0] != "none" or "rgb" in outline  # a visible focus indicator
        page.page.keyboard.press("Enter")
        page.page.locator("#coop-document mark.coop-quote").first.wait_for(state="visible", timeout=30_000)
    finally:
        page.close()
