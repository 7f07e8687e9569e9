"""The interface follows ``coop ingest`` while served: welcome page, filters and document viewer.

After 5f9dc12 the served assistant swapped in each new index generation, but the interface kept
what it computed at start: a new document was missing from the welcome list and the filters, and
the viewer's cache showed the old text of an edited document (highlight at the wrong offsets).
Here real ingestions change the index of a running app; its handlers, then a real browser on a
real served app, show the new document and the new text without restart.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import BrowserPage, free_port
from test_live_index import CLAMART, ROCHELLE  # the same two small documents as the live-index test

from assistant.ingest import ingest
from assistant.live import LiveAssistant
from assistant.models import Embedder
from assistant.models.testing import HashingEmbedder
from assistant.settings import Settings
from assistant.ui import EDITED_NOTE, Actions, Conversation, Focus, Turn, ViewUpdate, refocus

GRENOBLE = """Coopération entre Grenoble et Sfax

La Ville de Grenoble et la ville de Sfax en Tunisie mènent un projet commun de transports urbains depuis 2018.
Le projet finance une ligne de bus électriques et la formation des agents de la régie de Sfax.
"""
GRENOBLE_TITLE = "Coopération entre Grenoble et Sfax"
EDIT = "En 2026, Clamart a offert un violoncelle à l'école de musique d'Artachat.\n"
OLD_Q = "Quand le serment de jumelage entre Clamart et Artachat a-t-il été signé ?"
NEW_Q = "Quel instrument Clamart a-t-elle offert à l'école de musique d'Artachat ?"


def _corpus(tmp_path: Path) -> Settings:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "clamart.txt").write_text(CLAMART, encoding="utf-8")
    (corpus / "la-rochelle.txt").write_text(ROCHELLE, encoding="utf-8")
    return Settings(corpus_dir=corpus, index_dir=tmp_path / "index", feedback_path=tmp_path / "avis.jsonl")


def _edit_clamart(settings: Settings) -> None:
    doc = settings.corpus_dir / "clamart.txt"
    doc.write_text(CLAMART.replace("Historique\n", "Historique\n" + EDIT), encoding="utf-8")


def test_actions_show_the_current_generation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The actions the page uses: page load (welcome, header, filters), document opening, examples."""
    settings, emb = _corpus(tmp_path), HashingEmbedder()
    ingest(settings, emb, progress=False)
    bot = LiveAssistant.open(settings, emb, watch=False)
    examples: list[int] = []  # the generation of each computation of the example questions
    ask_examples = bot.example_questions
    monkeypatch.setattr(bot, "example_questions", lambda n=4: examples.append(bot.generation) or ask_examples(n))
    try:
        actions = Actions(bot, settings, export_dir=tmp_path / "exports")
        assert actions.reload(Conversation()) == ViewUpdate()  # nothing new yet
        conv = Conversation()
        viewer = actions.open_document(conv, "clamart.txt").document_html
        assert viewer is not None and "2003" in viewer and "violoncelle" not in viewer  # now in the viewer's cache

        (settings.corpus_dir / "grenoble.txt").write_text(GRENOBLE, encoding="utf-8")
        ingest(settings, emb, progress=False)
        assert bot.refresh(wait=True)
        page = actions.reload(Conversation())
        assert page.header is not None and "3 documents" in page.header
        welcome = page.conversation_html
        assert welcome is not None and "Documents disponibles (3)" in welcome and GRENOBLE_TITLE in welcome
        assert page.filter_choices is not None
        assert (GRENOBLE_TITLE, "grenoble.txt") in page.filter_choices["source"]
        assert ("Tunisie (TN)", "TN") in page.filter_choices["country"]
        opened = actions.open_document(conv, "grenoble.txt")
        assert "bus électriques" in str(opened.document_html) and GRENOBLE_TITLE in str(opened.status)

        old = bot.ask(OLD_Q)  # an answer of this generation, kept in the conversation
        conv.turns.append(Turn(question=OLD_Q, answer=old, pending=False))
        i = next(i for i, h in enumerate(old.passages) if h.chunk.doc_id == "clamart.txt")
        assert EDITED_NOTE not in str(actions.open_source(conv, 0, "passage", i).document_html)

        _edit_clamart(settings)
        ingest(settings, emb, progress=False)
        assert bot.refresh(wait=True)
        viewer = actions.open_document(conv, "clamart.txt").document_html
        assert "violoncelle" in str(viewer)  # not the cached text of the earlier generation
        # The old answer's passage (the whole short document) is no longer in it: no highlight, a note.
        viewer = str(actions.open_source(conv, 0, "passage", i).document_html)
        assert "violoncelle" in viewer and EDITED_NOTE.split(" :")[0] in viewer
        assert "coop-passage" not in viewer

        # The example questions (a few « ask ») are computed once per generation, in the background.
        deadline = time.monotonic() + 30
        while len(examples) < 3:
            assert time.monotonic() < deadline, f"exemples calculés pour {examples} seulement"
            time.sleep(0.05)
        actions.reload(Conversation())
        actions.open_document(conv, "grenoble.txt")
        time.sleep(0.3)
        assert examples == [1, 2, 3]
        assert isinstance(actions.example(0).question, str)
    finally:
        bot.close()


def test_refocus_follows_the_quoted_text_of_an_older_answer() -> None:
    old = "Titre\nUn serment a été signé en 2003.\nFin."
    new = "Titre\nAjout en tête.\nUn serment a été signé en 2003.\nFin."
    at = old.index("Un serment")
    quote = "signé en 2003"
    qs = old.index(quote)
    focus = Focus(at, at + 31, qs, qs + len(quote), "Phrase citée [1]")
    assert refocus(old, focus, qs, quote) is focus  # unchanged document
    moved = refocus(new, focus, qs, quote)
    shift = len("Ajout en tête.\n")
    assert moved == Focus(at + shift, at + 31 + shift, qs + shift, qs + len(quote) + shift, "Phrase citée [1]")
    assert moved.start is not None and new[moved.start : moved.start + len(quote)] == quote
    assert refocus(new.replace("2003", "2004"), focus, qs, quote) is None  # the quoted text is gone


# --- in a real browser, on a real served app -------------------------------------------------------


@pytest.fixture()
def served(tmp_path: Path, real_embedder: Embedder) -> Iterator[tuple[str, LiveAssistant, Settings]]:
    from assistant.ui import launch

    settings = _corpus(tmp_path)
    ingest(settings, real_embedder, progress=False)
    bot = LiveAssistant.open(settings, real_embedder, check_every=0.2)
    port = free_port()
    demo = launch(settings, "127.0.0.1", port, assistant=bot, block=False)
    try:
        yield f"http://127.0.0.1:{port}", bot, settings
    finally:
        demo.close()
        bot.close()


def _ingest_and_wait(settings: Settings, embedder: Embedder, bot: LiveAssistant) -> None:
    before = bot.generation
    ingest(settings, embedder, progress=False)
    deadline = time.monotonic() + 20
    while bot.generation == before:
        assert time.monotonic() < deadline, "la nouvelle version de l'index n'est pas servie"
        time.sleep(0.1)


def _ask(ui: BrowserPage, question: str, count: int) -> Any:
    """Ask ``question``; the answer of the ``count``-th turn."""
    ui.page.locator("#coop-question textarea, #coop-question input").first.fill(question)
    ui.page.click("#coop-ask")
    answer = ui.page.locator("article[id^=coop-turn-]:not(:has(.coop-pending)) .coop-answer").nth(count - 1)
    answer.wait_for(timeout=60_000)
    return answer


@pytest.mark.browser
def test_served_page_shows_new_documents_filters_and_edited_text(
    chromium: Any, served: tuple[str, LiveAssistant, Settings], real_embedder: Embedder
) -> None:
    url, bot, settings = served
    ui = BrowserPage(chromium, url)
    try:
        assert "Documents disponibles (2)" in ui.page.locator(".coop-welcome").inner_text()
        ui.page.locator('.coop-welcome [data-doc="clamart.txt"]').click()  # the viewer caches the old text
        ui.page.locator("#coop-document .coop-docview").wait_for(state="visible")
        assert "violoncelle" not in ui.page.locator("#coop-document").inner_text()
    finally:
        ui.close()

    # A new document: a page opened now lists it and offers it in the filters.
    (settings.corpus_dir / "grenoble.txt").write_text(GRENOBLE, encoding="utf-8")
    _ingest_and_wait(settings, real_embedder, bot)
    ui = BrowserPage(chromium, url)
    try:
        welcome = ui.page.locator(".coop-welcome")
        welcome.get_by_text("Documents disponibles (3)").wait_for(timeout=10_000)
        assert GRENOBLE_TITLE in welcome.inner_text()
        assert "3 documents" in ui.page.locator("#coop-header").inner_text()
        ui.page.locator("#coop-filters").get_by_text("Filtrer la recherche").click()
        ui.page.locator("#coop-filter-country input").first.click()
        ui.page.get_by_role("option", name="Tunisie (TN)").click()  # a filter value of the new document
        # the list of values closes when the question box is clicked, as a user does (an Escape pressed right
        # after the click could come before the list had taken it, and leave it open)
        question_box = ui.page.locator("#coop-question textarea, #coop-question input").first
        question_box.click()
        ui.page.locator("#coop-filter-country [role=option]").first.wait_for(state="detached")
        question_box.fill("Quel projet Grenoble mène-t-elle avec Sfax ?")
        ui.page.click("#coop-ask")
        turn = ui.page.locator("article[id^=coop-turn-]:not(:has(.coop-pending))").first
        turn.wait_for(timeout=60_000)
        assert turn.locator(".coop-error").count() == 0
        assert "Filtres appliqués" in turn.inner_text()
        sources = ui.page.locator("#coop-sources .coop-source h3").all_inner_texts()
        assert sources and all(GRENOBLE_TITLE in t for t in sources)

        ui.page.get_by_role("button", name="Effacer les filtres").click()
        ui.page.locator("#coop-filter-country").get_by_text("Tunisie").wait_for(state="detached")
        old = _ask(ui, OLD_Q, 2)
        assert "2003" in old.inner_text()

        # An edited document: the viewer shows the new text; the older answer's quote is found in it.
        _edit_clamart(settings)
        _ingest_and_wait(settings, real_embedder, bot)
        old.locator(".coop-cite").first.click()
        ui.page.locator("#coop-document").get_by_text("violoncelle").first.wait_for(timeout=10_000)
        mark = ui.page.locator("#coop-document .coop-doc-text mark.coop-quote").first
        assert "2003" in mark.inner_text()
        ui.page.click("#coop-new")
        ui.page.locator('.coop-welcome [data-doc="clamart.txt"]').click()
        ui.page.locator("#coop-document .coop-doc-text").get_by_text("violoncelle").wait_for(timeout=10_000)
        assert ui.page.locator("#coop-document .coop-doc-text mark").count() == 0
        answer = _ask(ui, NEW_Q, 1)
        assert "violoncelle" in answer.inner_text()
        answer.locator(".coop-cite").first.click()
        mark.wait_for(state="visible", timeout=30_000)
        ui.page.locator("#coop-document .coop-doc-target-note").get_by_text("[1]").wait_for()
        assert "violoncelle" in mark.inner_text()
    finally:
        ui.close()
