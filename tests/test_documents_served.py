"""``/documents_add`` and ``/documents_remove`` on a running app, through ``gradio_client`` with
real accounts (issue 13): an editor adds a document that becomes answerable without restart and
removes it; a reader is refused (upload 403, French AppError). The real model and Chroma.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import free_port
from test_ui_browser import AXE, AXE_RUN

from assistant.accounts import AccountStore
from assistant.audit import AuditLog
from assistant.ingest import ingest
from assistant.live import LiveAssistant
from assistant.models import Embedder
from assistant.settings import Settings

PASSWORD = "correct cheval pile agrafe"
NIAMEY = """Coopération entre Tours et Niamey

La Ville de Tours et la commune de Niamey au Niger ont signé en 2025 une convention sur la gestion des déchets.
La convention finance trois centres de tri et la formation de quarante agents municipaux.
"""
QUESTION = "Combien de centres de tri la convention entre Tours et Niamey finance-t-elle ?"


@pytest.fixture(scope="module")
def team_app(tmp_path_factory: pytest.TempPathFactory, real_embedder: Embedder) -> Iterator[tuple[str, Settings]]:
    from assistant.ui import launch

    base = tmp_path_factory.mktemp("team")
    corpus = base / "corpus"
    corpus.mkdir()
    (corpus / "clamart.txt").write_text(
        "Jumelage Clamart Artachat\n\nClamart est jumelée avec Artachat en Arménie depuis 2003.\n", encoding="utf-8"
    )
    settings = Settings(
        corpus_dir=corpus,
        index_dir=base / "index",
        feedback_path=base / "avis.jsonl",
        users_file=base / "private" / "users.json",
        audit_file=base / "private" / "audit.jsonl",
    )
    ingest(settings, real_embedder, progress=False)
    store = AccountStore(settings.users_path)
    store.add("marie", PASSWORD, "editeur")
    store.add("paul", PASSWORD, "lecteur")
    bot = LiveAssistant.open(settings, real_embedder)
    port = free_port()
    demo = launch(settings, "127.0.0.1", port, assistant=bot, block=False)
    try:
        yield f"http://127.0.0.1:{port}/", settings
    finally:
        demo.close()
        bot.close()


def test_editor_adds_and_removes_a_reader_is_refused(team_app: tuple[str, Settings], tmp_path: Path) -> None:
    from gradio_client import Client, handle_file
    from gradio_client.exceptions import AppError

    url, settings = team_app
    doc = tmp_path / "tours-niamey.txt"
    doc.write_text(NIAMEY, encoding="utf-8")

    reader = Client(url, auth=("paul", PASSWORD), verbose=False)
    with pytest.raises(Exception) as refused:  # the upload itself is refused (403) before the endpoint
        reader.predict([handle_file(str(doc))], api_name="/documents_add")
    assert "403" in str(refused.value) or "refus" in str(refused.value).lower()
    with pytest.raises(AppError, match="réservée aux éditeurs"):
        reader.predict(["clamart.txt"], api_name="/documents_remove")
    assert sorted(p.name for p in settings.corpus_dir.iterdir() if not p.name.startswith(".")) == ["clamart.txt"]
    before = reader.predict(QUESTION, [], {}, api_name="/ask")
    assert not any(c["source"] == "tours-niamey.txt" for c in before["citations"])

    editor = Client(url, auth=("marie", PASSWORD), verbose=False)
    report: dict[str, Any] = editor.predict([handle_file(str(doc))], api_name="/documents_add")
    assert report["etat"] == "terminé" and report["par"] == "marie"
    assert [(f["document"], f["statut"]) for f in report["fichiers"]] == [("tours-niamey.txt", "indexé")]
    answer = reader.predict(QUESTION, [], {}, api_name="/ask")  # answerable at once, no restart
    assert not answer["abstained"] and answer["citations"][0]["source"] == "tours-niamey.txt"
    assert "trois centres de tri" in answer["answer"]

    removed = editor.predict(["tours-niamey.txt", "../clamart.txt"], api_name="/documents_remove")
    assert [f["statut"] for f in removed["fichiers"]] == ["retiré", "refusé"]
    after = reader.predict(QUESTION, [], {}, api_name="/ask")
    assert not any(c["source"] == "tours-niamey.txt" for c in after["citations"])
    assert not (settings.corpus_dir / "tours-niamey.txt").exists()

    actions = [(e.who, e.action, e.result) for e in AuditLog(settings.audit_path).read()]
    assert ("paul", "refus", "refusé") in actions and ("marie", "indexation", "indexé") in actions
    assert ("marie", "suppression", "en attente") in actions and ("marie", "indexation", "retiré") in actions
    # no account logged in: no upload either
    anonymous = httpx.post(url + "gradio_api/upload", files=[("files", ("a.txt", b"x", "text/plain"))])
    assert anonymous.status_code in (401, 403)


def _log_in(chromium: Any, url: str, name: str) -> tuple[Any, Any]:
    context = chromium.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(url)
    page.locator("input[type=password]").wait_for(timeout=30_000)
    page.locator("input[type=text]").first.fill(name)
    page.locator("input[type=password]").fill(PASSWORD)
    page.locator("input[type=password]").press("Enter")
    page.wait_for_selector(".coop-welcome", timeout=30_000)
    page.wait_for_function(
        f"(document.querySelector('#coop-user') || {{}}).textContent?.includes('{name}')", timeout=30_000
    )
    return context, page


def _make_docx(path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_heading("Coopération entre Tours et Niamey", level=1)
    for line in NIAMEY.splitlines()[2:]:
        d.add_paragraph(line)
    d.save(str(path))


def test_browser_editor_uploads_a_docx_reader_sees_no_upload(
    chromium: Any, team_app: tuple[str, Settings], tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    url, settings = team_app
    docx_path = tmp_path / "tours-niamey.docx"
    _make_docx(docx_path)

    context, page = _log_in(chromium, url, "marie")
    try:
        user = page.locator("#coop-user")
        expect(user).to_contain_text("marie")
        expect(user).to_contain_text("éditeur")
        expect(page.locator("#coop-logout")).to_have_text("Se déconnecter")
        page.get_by_role("tab", name="Documents", exact=True).click()
        expect(page.locator("#coop-doc-list")).to_contain_text("Jumelage Clamart Artachat")
        page.locator("#coop-doc-files input[type=file]").set_input_files(str(docx_path))
        # the file table appears once the upload is done (during it, only a progress bar with the name)
        expect(page.locator("#coop-doc-files .file-preview")).to_contain_text("tours-niamey", timeout=30_000)
        page.click("#coop-doc-add")
        expect(page.locator("#coop-doc-status")).to_contain_text("Indexation terminée : 1 indexé", timeout=120_000)
        expect(page.locator("#coop-doc-report")).to_contain_text("indexé")
        expect(page.locator("#coop-doc-list")).to_contain_text("Coopération entre Tours et Niamey")
        expect(page.locator("#coop-doc-list")).to_contain_text("marie")
        assert (settings.corpus_dir / "tours-niamey.docx").is_file()
        page.screenshot(path=str(Path(__file__).resolve().parents[1] / "test-artifacts" / "documents-editor.png"))

        # the new document answers at once; its citation opens it
        page.get_by_role("tab", name="Assistant", exact=True).click()
        page.locator("#coop-question textarea").first.fill(QUESTION)
        page.click("#coop-ask")
        page.wait_for_selector("article#coop-turn-0 .coop-answer", timeout=60_000)
        expect(page.locator("article#coop-turn-0")).to_contain_text("trois centres de tri")
        page.locator("article#coop-turn-0 .coop-cite").first.click()
        expect(page.locator("#coop-document")).to_contain_text("Coopération entre Tours et Niamey", timeout=30_000)

        # a reader: the list, no upload or removal control; the upload route refuses them
        rcontext, rpage = _log_in(chromium, url, "paul")
        try:
            expect(rpage.locator("#coop-user")).to_contain_text("lecteur")
            rpage.get_by_role("tab", name="Documents", exact=True).click()
            expect(rpage.locator("#coop-doc-list")).to_contain_text("Coopération entre Tours et Niamey")
            expect(rpage.locator("#coop-doc-files input[type=file]")).to_have_count(0)
            expect(rpage.locator("#coop-doc-add")).not_to_be_visible()
            status = rpage.evaluate(
                """async () => { const f = new FormData(); f.append('files', new Blob(['x']), 'a.txt');
                   return (await fetch('gradio_api/upload', {method: 'POST', body: f})).status; }"""
            )
            assert status == 403
        finally:
            rcontext.close()

        # the editor removes it: gone from the list and from answers
        page.get_by_role("tab", name="Documents", exact=True).click()
        choice = page.locator("#coop-doc-remove-choice input").first
        choice.click()
        choice.fill("Niamey")
        page.get_by_role("option", name="Coopération entre Tours et Niamey (tours-niamey.docx)").click()
        page.click("#coop-doc-remove")
        expect(page.locator("#coop-doc-status")).to_contain_text("Indexation terminée : 1 retiré", timeout=120_000)
        expect(page.locator("#coop-doc-list")).not_to_contain_text("Tours et Niamey")
        page.get_by_role("tab", name="Assistant", exact=True).click()
        page.locator("#coop-question textarea").first.fill(QUESTION)
        page.click("#coop-ask")
        page.wait_for_selector("article#coop-turn-1 .coop-answer, article#coop-turn-1 .coop-notfound", timeout=60_000)
        expect(page.locator("article#coop-turn-1")).not_to_contain_text("trois centres de tri")

        # log-out: back to the log-in form
        page.click("#coop-logout")
        page.locator("input[type=password]").wait_for(timeout=30_000)
    finally:
        context.close()


@pytest.fixture()
def hashing_team_app(tmp_path: Path) -> Iterator[tuple[str, Settings]]:
    """The same service on the hashing embedder (fast tier): for the attacks on the endpoints."""
    from assistant.models.testing import HashingEmbedder
    from assistant.ui import launch

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "clamart.txt").write_text("Jumelage\n\nClamart est jumelée avec Artachat.\n", encoding="utf-8")
    settings = Settings(
        corpus_dir=corpus,
        index_dir=tmp_path / "index",
        feedback_path=tmp_path / "avis.jsonl",
        users_file=tmp_path / "private" / "users.json",
        audit_file=tmp_path / "private" / "audit.jsonl",
        abstain_threshold=-1.0,
    )
    emb = HashingEmbedder()
    ingest(settings, emb, progress=False)
    AccountStore(settings.users_path).add("marie", PASSWORD, "editeur")
    bot = LiveAssistant.open(settings, emb)
    port = free_port()
    demo = launch(settings, "127.0.0.1", port, assistant=bot, block=False)
    try:
        yield f"http://127.0.0.1:{port}/", settings
    finally:
        demo.close()
        bot.close()


def _call(session: httpx.Client, url: str, endpoint: str, data: list[Any]) -> str:
    """One raw call of an endpoint (no gradio_client: nothing uploaded on the caller's behalf)."""
    started = session.post(f"{url}gradio_api/call/{endpoint}", json={"data": data})
    assert started.status_code == 200, started.text
    event = started.json()["event_id"]
    return session.get(f"{url}gradio_api/call/{endpoint}/{event}", timeout=60).text


def test_an_editor_cannot_add_a_server_file_by_its_path(hashing_team_app: tuple[str, Settings], tmp_path: Path) -> None:
    """A forged file reference (a path on the server, never uploaded) is refused: nothing is copied."""
    url, settings = hashing_team_app
    secret = tmp_path / "secret.txt"
    secret.write_text("mot de passe de la base : hunter2\n", encoding="utf-8")
    with httpx.Client() as session:
        login = session.post(url + "login", data={"username": "marie", "password": PASSWORD})
        assert login.status_code == 200
        for forged in (str(secret), "/etc/passwd", "../../../etc/passwd"):
            stream = _call(session, url, "documents_add", [[{"path": forged, "meta": {"_type": "gradio.FileData"}}]])
            assert stream.startswith("event: error"), stream
            assert "hunter2" not in stream and "root:" not in stream
        names = sorted(p.name for p in settings.corpus_dir.iterdir() if not p.name.startswith("."))
        assert names == ["clamart.txt"]
        # an id that leads outside the corpus is refused, the file outside stays
        stream = _call(session, url, "documents_remove", [["../secret.txt", "/etc/passwd"]])
        data = json.loads(stream.split("data:", 1)[1])[0]
        assert [f["statut"] for f in data["fichiers"]] == ["refusé", "refusé"] and secret.exists()


def test_browser_another_editors_list_follows_without_reload(
    chromium: Any, hashing_team_app: tuple[str, Settings], tmp_path: Path
) -> None:
    """Two real browser sessions: what editor A adds or removes appears in editor B's open
    « Documents » list by itself (the watch timer), with no page reload."""
    from playwright.sync_api import expect

    url, settings = hashing_team_app
    AccountStore(settings.users_path).add("julie", PASSWORD, "editeur")
    doc = tmp_path / "tours-niamey.txt"
    doc.write_text(NIAMEY, encoding="utf-8")
    a_context, a = _log_in(chromium, url, "marie")
    b_context, b = _log_in(chromium, url, "julie")
    try:
        b.get_by_role("tab", name="Documents", exact=True).click()
        b_list = b.locator("#coop-doc-list")
        expect(b_list).to_contain_text("1 document(s) sur 1")
        b.evaluate("window.__coopNotReloaded = true")  # gone if the page reloads

        a.get_by_role("tab", name="Documents", exact=True).click()
        a.locator("#coop-doc-files input[type=file]").set_input_files(str(doc))
        expect(a.locator("#coop-doc-files .file-preview")).to_contain_text("tours-niamey", timeout=30_000)
        a.click("#coop-doc-add")
        expect(a.locator("#coop-doc-status")).to_contain_text("Indexation terminée : 1 indexé", timeout=60_000)

        expect(b_list).to_contain_text("Coopération entre Tours et Niamey", timeout=20_000)
        expect(b_list).to_contain_text("2 document(s) sur 2")
        expect(b_list).to_contain_text("marie")  # who added it
        b.locator("#coop-doc-remove-choice input").first.click()  # B can remove it too: its choices followed
        expect(b.get_by_role("option", name="Coopération entre Tours et Niamey (tours-niamey.txt)")).to_be_visible()
        b.keyboard.press("Escape")

        a.locator("#coop-doc-remove-choice input").first.click()
        a.get_by_role("option", name="Jumelage (clamart.txt)").click()
        a.click("#coop-doc-remove")
        expect(a.locator("#coop-doc-status")).to_contain_text("Indexation terminée : 1 retiré", timeout=60_000)
        expect(b_list).to_contain_text("1 document(s) sur 1", timeout=20_000)
        expect(b_list).not_to_contain_text("clamart.txt")
        assert b.evaluate("window.__coopNotReloaded === true")
    finally:
        a_context.close()
        b_context.close()


def test_browser_an_uploaded_scan_is_read_and_its_hard_page_reported(
    chromium: Any, hashing_team_app: tuple[str, Settings], tmp_path: Path
) -> None:
    """A faxed letter uploaded as a PNG in the browser: real Tesseract reads it, the tab's report
    shows « page 1 : texte peu lisible, confiance N % » under the file, as ``coop ingest`` prints it."""
    import scans
    from playwright.sync_api import expect

    from assistant.loaders.ocr import INSTALL_COMMAND, OcrOptions, engine_problem

    problem = engine_problem(OcrOptions())
    if problem:
        pytest.fail(f"Tesseract manque pour ce test : {INSTALL_COMMAND} — {problem}")
    url, settings = hashing_team_app
    fax = tmp_path / "fax-dogbo.png"
    fax.write_bytes(scans.png_bytes(scans.poor_scan().image, dpi=200))
    context, page = _log_in(chromium, url, "marie")
    try:
        page.get_by_role("tab", name="Documents", exact=True).click()
        page.locator("#coop-doc-files input[type=file]").set_input_files(str(fax))
        expect(page.locator("#coop-doc-files .file-preview")).to_contain_text("fax-dogbo", timeout=30_000)
        page.click("#coop-doc-add")
        expect(page.locator("#coop-doc-status")).to_contain_text("Indexation terminée : 1 indexé", timeout=180_000)
        note = page.locator("#coop-doc-report .coop-doc-notes li")
        expect(note).to_have_count(1)
        expect(note).to_have_text(re.compile(r"page 1 : texte peu lisible, confiance \d+ %"))
        expect(page.locator("#coop-doc-list")).to_contain_text("fax-dogbo.png")
        assert (settings.corpus_dir / "fax-dogbo.png").read_bytes() == fax.read_bytes()
        # the tab with its report and notes passes axe-core (WCAG 2.1 A/AA)
        if not AXE.exists():
            pytest.fail(f"axe-core manque ({AXE}) : lancez « make test », qui l'installe avec npm.")
        page.add_script_tag(path=str(AXE))
        assert page.evaluate(AXE_RUN) == []
    finally:
        context.close()
