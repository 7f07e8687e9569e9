"""Documents managed from the browser and the API (issue 13, items 1 and 2), fast tier.

The back end (:mod:`assistant.documents`) on the hashing embedder: names, suffixes, sizes, path
tricks and contents checked; files written into the corpus and indexed by the background worker
while the served generation keeps answering; replacement re-indexes, removal deletes passages;
roles enforced; every change in the audit log (0600). The tab's actions with the same library.
"""

from __future__ import annotations

import json
import re
import stat
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.accounts import AccountStore
from assistant.audit import AuditLog
from assistant.cli import main
from assistant.documents import (
    MAX_FILES_PER_BATCH,
    PROVENANCE_FILE,
    DocumentRefusedError,
    Incoming,
    Library,
    check_document_id,
    safe_name,
)
from assistant.ingest import ingest
from assistant.live import LiveAssistant
from assistant.models.testing import HashingEmbedder
from assistant.roles import LOCAL, NOBODY, PermissionRefusedError, Principal, principal
from assistant.settings import Settings
from assistant.ui.documents import DocumentsActions

PASSWORD = "correct cheval pile agrafe"
EDITOR = Principal("marie", "editeur")
READER = Principal("paul", "lecteur")
NIAMEY = """Coopération entre Tours et Niamey

La Ville de Tours et la commune de Niamey au Niger ont signé en 2025 une convention sur la gestion des déchets.
La convention finance trois centres de tri et la formation de quarante agents municipaux.
"""
CLAMART = "Jumelage Clamart Artachat\n\nClamart est jumelée avec Artachat en Arménie depuis 2003.\n"
QUESTION = "Combien de centres de tri la convention entre Tours et Niamey finance-t-elle ?"


def _settings(tmp_path: Path) -> Settings:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "clamart.txt").write_text(CLAMART, encoding="utf-8")
    return Settings(
        corpus_dir=corpus,
        index_dir=tmp_path / "index",
        feedback_path=tmp_path / "avis.jsonl",
        cache_dir=tmp_path / "cache",
        users_file=tmp_path / "private" / "users.json",
        max_upload_mb=0.01,  # 10 kB
        abstain_threshold=-1.0,
    )


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[Settings, LiveAssistant, Library]]:
    settings = _settings(tmp_path)
    emb = HashingEmbedder()
    ingest(settings, emb, progress=False)
    bot = LiveAssistant.open(settings, emb, watch=False)
    library = Library(settings, lambda: emb, refresh=lambda: bot.refresh(wait=True), sources=(tmp_path / "up",))
    yield settings, bot, library
    library.close()
    bot.close()


def _upload(tmp_path: Path, name: str, data: bytes | str) -> Incoming:
    folder = tmp_path / "up" / f"u{len(list((tmp_path / 'up').glob('*'))) if (tmp_path / 'up').exists() else 0}"
    folder.mkdir(parents=True)
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return Incoming(name, path)


# --- names, ids and contents --------------------------------------------------------------------


def test_safe_name_drops_folders_and_odd_characters() -> None:
    assert safe_name("../../etc/rapport.TXT") == "rapport.txt"
    assert safe_name("C:\\Users\\x\\Délibération n°12.pdf") == "Délibération n°12.pdf"
    assert safe_name(".bashrc.md") == "bashrc.md"
    assert safe_name("a<script>b.html") == "a-script-b.html"
    assert safe_name("x\x00y\n.docx") == "xy.docx"
    assert len(safe_name("a" * 500 + ".odt")) == 124
    for bad in ("virus.exe", "archive.tar.gz", "sans-extension", "", "...txt", None, "../.."):
        with pytest.raises(DocumentRefusedError):
            safe_name(bad)
    with pytest.raises(DocumentRefusedError) as refused:
        safe_name("photo.svg")
    assert "« photo.svg » : format non accepté (.svg)" in refused.value.message
    assert safe_name("photo.JPG") == "photo.jpg"  # scanned images are read by OCR (issue 16)


def test_document_ids_stay_inside_the_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "sous").mkdir(parents=True)
    (corpus / "sous" / "a.txt").write_text("a", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("s", encoding="utf-8")
    (corpus / "lien.txt").symlink_to(tmp_path / "secret.txt")
    assert check_document_id("sous/a.txt", corpus) == corpus / "sous" / "a.txt"
    for bad in (
        "../secret.txt",
        "/etc/passwd",
        "sous/../../secret.txt",
        "sous\\a.txt",
        "lien.txt",
        ".x",
        "",
        3,
        "b.txt",
    ):
        with pytest.raises(DocumentRefusedError):
            check_document_id(bad, corpus)
    assert (tmp_path / "secret.txt").exists()


def test_uploads_are_checked_before_anything_is_written(
    served: tuple[Settings, LiveAssistant, Library], tmp_path: Path
) -> None:
    settings, _, library = served
    outside = tmp_path / "ailleurs.txt"
    outside.write_text("hors du dossier d'envoi", encoding="utf-8")
    link = tmp_path / "up" / "lien" / "lien.txt"
    link.parent.mkdir(parents=True)
    link.symlink_to(outside)
    files = [
        _upload(tmp_path, "faux.pdf", "pas un pdf"),
        _upload(tmp_path, "faux.docx", "%PDF-1.4"),
        _upload(tmp_path, "binaire.txt", b"abc\x00def"),
        _upload(tmp_path, "gros.txt", "x" * 20_000),
        _upload(tmp_path, "vide.md", ""),
        Incoming("ailleurs.txt", outside),  # a path the client did not upload
        Incoming("lien.txt", link),  # a link in the upload folder
        _upload(tmp_path, "script.sh", "echo"),
    ]
    report = library.add(EDITOR, files)
    reasons = [o.reason for o in report.files]
    assert [o.status for o in report.files] == ["refusé"] * len(files) and report.finished
    assert "n'est pas un PDF" in reasons[0] and "n'est pas un document DOCX" in reasons[1]
    assert "binaire" in reasons[2] and "trop volumineux" in reasons[3] and "COOP_MAX_UPLOAD_MB" in reasons[3]
    assert "vide" in reasons[4] and "introuvable" in reasons[5] and "introuvable" in reasons[6]
    assert "format non accepté" in reasons[7]
    assert sorted(p.name for p in settings.corpus_dir.iterdir()) == ["clamart.txt"]  # nothing written, no temp file
    with pytest.raises(DocumentRefusedError, match="Trop de fichiers"):
        library.add(EDITOR, [files[0]] * (MAX_FILES_PER_BATCH + 1))


def test_scanned_images_are_taken_when_their_bytes_are_images(
    served: tuple[Settings, LiveAssistant, Library], tmp_path: Path
) -> None:
    """PNG, JPEG and TIFF (issue 16) pass the same checks as the other formats: suffix, magic bytes
    (a renamed file is refused with its reason), size limit; nothing is written for a refusal."""
    import io

    from PIL import Image

    def image(kind: str) -> bytes:
        out = io.BytesIO()
        Image.new("L", (8, 8), 255).save(out, kind)
        return out.getvalue()

    assert safe_name("scan.JPG") == "scan.jpg" and safe_name("registre.TIFF") == "registre.tiff"
    settings, _, library = served
    png, jpeg, tiff = image("PNG"), image("JPEG"), image("TIFF")
    big = b"\x89PNG\r\n\x1a\n" + b"\0" * 20_000  # over this test's 10 kB
    files = [
        _upload(tmp_path, "courrier.png", png),
        _upload(tmp_path, "photo.jpeg", jpeg),
        _upload(tmp_path, "registre.tif", tiff),
        _upload(tmp_path, "faux.png", "<svg onload=alert(1)>"),
        _upload(tmp_path, "faux.jpg", png),
        _upload(tmp_path, "faux.tiff", jpeg),
        _upload(tmp_path, "enorme.png", big),
        _upload(tmp_path, "vecteur.svg", "<svg/>"),
    ]
    report = library.add(EDITOR, files)
    assert [o.status for o in report.files[:3]] == ["en attente"] * 3
    reasons = [o.reason for o in report.files[3:]]
    assert [o.status for o in report.files[3:]] == ["refusé"] * 5
    assert "n'est pas une image PNG" in reasons[0] and "n'est pas une image JPEG" in reasons[1]
    assert "n'est pas une image TIFF" in reasons[2]
    assert "trop volumineux" in reasons[3] and "COOP_MAX_UPLOAD_MB" in reasons[3]
    assert "format non accepté" in reasons[4] and "PNG, JPEG ou TIFF" in reasons[4]
    names = sorted(p.name for p in settings.corpus_dir.iterdir() if not p.name.startswith("."))
    assert names == ["clamart.txt", "courrier.png", "photo.jpeg", "registre.tif"]
    assert report.job is not None
    library.wait(report.job, 120)


def test_an_uploaded_image_bomb_is_skipped_with_its_reason(tmp_path: Path) -> None:
    """A 60,000 × 60,000 PNG of a few hundred bytes passes the upload's checks (it is a PNG) and is
    refused by the OCR's pixel bound on its header, before any decoding: the report says why."""
    import dataclasses

    import scans

    settings = dataclasses.replace(_settings(tmp_path), max_upload_mb=1.0)
    emb = HashingEmbedder()
    ingest(settings, emb, progress=False)
    library = Library(settings, lambda: emb, sources=(tmp_path / "up",))
    try:
        bomb = _upload(tmp_path, "bombe.png", scans.huge_png(60_000, 60_000))
        report = library.add(EDITOR, [bomb])
        assert report.job is not None and report.files[0].status == "en attente"
        done = library.wait(report.job, 120)
        assert done is not None and done.finished
        (outcome,) = done.files
        assert outcome.status == "ignoré" and outcome.chunks == 0, outcome
        assert "image trop grande" in outcome.reason and "300 dpi" in outcome.reason, outcome.reason
    finally:
        library.close()


def test_the_tab_report_lists_the_hard_pages_of_a_poor_scan(tmp_path: Path) -> None:
    """The real path: a faxed letter uploaded as a PNG is read by the real Tesseract and indexed; the
    request's report (API and tab) carries the note that ``coop ingest`` prints under the file."""
    import dataclasses

    import scans

    from assistant.loaders.ocr import INSTALL_COMMAND, OcrOptions, engine_problem

    problem = engine_problem(OcrOptions())
    if problem:
        pytest.fail(f"Tesseract manque pour ce test : {INSTALL_COMMAND} — {problem}")
    settings = dataclasses.replace(_settings(tmp_path), max_upload_mb=20.0)
    emb = HashingEmbedder()
    ingest(settings, emb, progress=False)
    bot = LiveAssistant.open(settings, emb, watch=False)
    library = Library(settings, lambda: emb, refresh=lambda: bot.refresh(wait=True), sources=(tmp_path / "up",))
    try:
        fax = _upload(tmp_path, "fax-dogbo.png", scans.png_bytes(scans.poor_scan().image, dpi=200))
        actions = DocumentsActions(bot, library)
        view = actions.add(EDITOR, [str(fax.path)])
        assert view.job is not None
        done = library.wait(view.job, 300)
        assert done is not None and done.finished
        (outcome,) = done.files
        assert outcome.status == "indexé" and outcome.chunks >= 1
        assert len(outcome.notes) == 1
        assert re.fullmatch(r"page 1 : texte peu lisible, confiance \d+ %", outcome.notes[0])
        assert done.as_dict()["fichiers"][0]["notes"] == list(outcome.notes)  # the API's report too
        shown = actions.tick(EDITOR, view.job)
        assert outcome.notes[0] in str(shown.report_html) and "coop-doc-notes" in str(shown.report_html)
        assert "fax-dogbo.png" in str(shown.table_html)
    finally:
        library.close()
        bot.close()


# --- the worker ------------------------------------------------------------------------------------


def test_added_document_is_indexed_in_the_background_and_answerable(
    served: tuple[Settings, LiveAssistant, Library], tmp_path: Path
) -> None:
    settings, bot, library = served
    before = bot.generation
    assert "Niamey" not in " ".join(d.title for d in bot.documents())
    report = library.add(EDITOR, [_upload(tmp_path, "../niamey.txt", NIAMEY), _upload(tmp_path, "x.exe", "x")])
    assert [(o.document, o.status) for o in report.files] == [("niamey.txt", "en attente"), ("", "refusé")]
    done = library.wait(report.job, 60)
    assert done is not None and done.finished and not done.error
    assert [(o.document, o.status) for o in done.files] == [("niamey.txt", "indexé"), ("", "refusé")]
    assert done.files[0].chunks >= 1
    assert bot.generation == before + 1  # the served assistant follows, no restart
    answer = bot.ask(QUESTION)
    assert not answer.abstained and answer.citations[0].source == "niamey.txt"
    assert "trois centres de tri" in answer.text
    assert library.progress().active is False
    provenance = library.provenance()["niamey.txt"]
    assert provenance.added_by == "marie" and provenance.added_on[:4].isdigit()
    assert (settings.corpus_dir / PROVENANCE_FILE).exists()

    # replacing re-indexes; removing deletes the file and its passages
    again = library.wait(
        library.add(EDITOR, [_upload(tmp_path, "niamey.txt", NIAMEY.replace("trois", "cinq"))]).job, 60
    )
    assert again is not None and again.files[0].status == "indexé"
    assert again.files[0].reason == "remplace la version précédente"
    assert "cinq centres de tri" in bot.ask(QUESTION).text
    same = library.wait(library.add(EDITOR, [_upload(tmp_path, "niamey.txt", NIAMEY.replace("trois", "cinq"))]).job, 60)
    assert same is not None and (same.files[0].status, same.files[0].reason) == (
        "inchangé",
        "identique au fichier déjà présent",
    )
    gone = library.wait(library.remove(EDITOR, ["niamey.txt", "../clamart.txt"]).job, 60)
    assert gone is not None and [o.status for o in gone.files] == ["retiré", "refusé"]
    assert not (settings.corpus_dir / "niamey.txt").exists()
    assert "niamey.txt" not in {d.id for d in bot.documents()}
    assert all(c.source != "niamey.txt" for c in bot.ask(QUESTION).citations)
    assert "niamey.txt" not in library.provenance()


def test_readers_keep_answering_while_the_worker_indexes(
    served: tuple[Settings, LiveAssistant, Library], tmp_path: Path
) -> None:
    """The worker holds the write lock; questions are answered from the previous generation."""
    settings, bot, _ = served
    started, release = threading.Event(), threading.Event()
    emb = HashingEmbedder()

    seen: list[str] = []

    def slow_ingest(*args: Any, on_file: Any, **kw: Any) -> Any:
        started.set()
        release.wait(30)

        def record(r: Any) -> None:
            on_file(r)
            seen.append(library.progress().text)

        return ingest(*args, on_file=record, **kw)

    library = Library(settings, lambda: emb, refresh=lambda: bot.refresh(wait=True), ingest=slow_ingest)
    try:
        files = [
            _upload(tmp_path, "niamey.txt", NIAMEY),
            _upload(tmp_path, "niamey-2.md", NIAMEY.replace("Tours", "Blois")),
            _upload(tmp_path, "casse.pdf", b"%PDF-1.4\n pas vraiment un PDF"),  # passes the check, unreadable
        ]
        report = library.add(LOCAL, files)
        assert started.wait(10)
        assert library.progress().active and library.progress().text == "0 / 3 document indexé"
        answer = bot.ask("Avec quelle ville Clamart est-elle jumelée ?")  # not blocked by the worker
        assert answer.citations and answer.citations[0].source == "clamart.txt"
        release.set()
        done = library.wait(report.job, 60)
        assert done is not None and [o.status for o in done.files] == ["indexé", "indexé", "ignoré"]
        assert done.files[2].reason  # the same reason as coop ingest gives
        assert {"1 / 3 document indexé", "2 / 3 documents indexés", "3 / 3 documents indexés"} <= set(seen)
        assert library.provenance()["niamey.txt"].added_by == "poste local"
    finally:
        release.set()
        library.close()


# --- roles and audit -------------------------------------------------------------------------------


def test_roles_are_read_from_the_accounts_file(tmp_path: Path) -> None:
    store = AccountStore(tmp_path / "users.json")
    assert principal(store, None) == LOCAL and LOCAL.can_edit  # no account: this machine's user
    store.add("marie", PASSWORD, "editeur")
    store.add("paul", PASSWORD)
    store.add("alice", PASSWORD, "admin")
    assert principal(store, None) == NOBODY and not NOBODY.can_read  # accounts exist: no log-in, no right
    assert principal(store, "marie").can_edit and not principal(store, "marie").can_audit
    assert principal(store, "paul").can_read and not principal(store, "paul").can_edit
    assert principal(store, "alice").can_audit and principal(store, "alice").can_edit
    assert principal(store, "inconnu").role is None
    store.remove("marie")
    assert not principal(store, "marie").can_edit  # a removed account loses its rights at once
    (tmp_path / "users.json").write_text("{", encoding="utf-8")
    assert principal(store, "alice").role is None and principal(store, None) == NOBODY  # unreadable: nothing


def test_readers_are_refused_and_everything_is_audited(
    served: tuple[Settings, LiveAssistant, Library], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings, _, library = served
    with pytest.raises(PermissionRefusedError, match="réservée aux éditeurs"):
        library.add(READER, [_upload(tmp_path, "niamey.txt", NIAMEY)])
    with pytest.raises(PermissionRefusedError):
        library.remove(READER, ["clamart.txt"])
    with pytest.raises(PermissionRefusedError):
        library.remove(NOBODY, ["clamart.txt"])
    assert sorted(p.name for p in settings.corpus_dir.iterdir()) == ["clamart.txt"]
    library.wait(library.add(EDITOR, [_upload(tmp_path, "niamey.txt", NIAMEY)]).job, 60)

    path = settings.audit_path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    entries = AuditLog(path).read()
    assert [e.action for e in entries] == ["refus", "refus", "refus", "ajout", "indexation"]
    assert [e.who for e in entries][:2] == ["paul", "paul"] and entries[3].who == "marie"
    assert entries[3].target == "niamey.txt" and entries[4].result == "indexé" and entries[0].when.startswith("20")
    # a damaged line is skipped; coop audit prints the log for admins
    with open(path, "a", encoding="utf-8") as f:
        f.write("pas du json\n")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COOP_AUDIT_FILE", str(path))
        capsys.readouterr()
        assert main(["audit", "--json", "--limit", "2"]) == 0
        lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        assert [x["action"] for x in lines] == ["ajout", "indexation"] and lines[1]["who"] == "marie"


def test_audit_fields_are_bounded(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "a" / "audit.jsonl")
    entry = log.append("x" * 10_000, "ajout", "y" * 10_000, "ok", "z\n" * 10_000)
    assert len(entry.who) == 500 and len(entry.detail) == 500
    raw = (tmp_path / "a" / "audit.jsonl").read_text(encoding="utf-8")
    assert raw.count("\n") == 1 and len(raw) < 3000


# --- the tab's actions -----------------------------------------------------------------------------


def test_tab_actions_show_roles_progress_and_report(
    served: tuple[Settings, LiveAssistant, Library], tmp_path: Path
) -> None:
    _, bot, library = served
    actions = DocumentsActions(bot, library)
    reader = actions.load(READER)
    assert reader.can_edit is False and reader.remove_choices == [] and reader.can_audit is False
    assert (
        "paul" in str(reader.user_html)
        and "lecteur" in str(reader.user_html)
        and 'href="logout"' in str(reader.user_html)
    )
    assert "Jumelage Clamart Artachat" in str(reader.table_html) and "1 document(s) sur 1" in str(reader.table_html)
    refused = actions.add(READER, [str(_upload(tmp_path, "niamey.txt", NIAMEY).path)])
    assert refused.status is not None and "réservée aux éditeurs" in refused.status and refused.job is None

    evil = _upload(tmp_path, "<img src=x onerror=alert(1)>.txt", NIAMEY)
    view = actions.add(EDITOR, [str(evil.path)])
    assert view.job is not None and view.polling is True and "<img" not in str(view.report_html)
    library.wait(view.job, 60)
    after = actions.tick(EDITOR, view.job)
    assert after.polling is False and after.status is not None and "Indexation terminée : 1 indexé" in after.status
    assert "Coopération entre Tours et Niamey" in str(after.table_html) and "marie" in str(after.table_html)
    assert after.remove_choices is not None and len(after.remove_choices) == 2
    assert "2 document(s) sur 2" in str(after.table_html)
    assert "1 document(s) sur 2" in str(actions.filter("niamey", "").table_html)
    actions.add(EDITOR, [str(_upload(tmp_path, "<img src=x onerror=alert(1)>.exe", "x").path)])  # refused, logged
    admin = actions.load(Principal("alice", "admin"))
    assert "<img" not in str(admin.audit_html)
    assert admin.can_audit and "indexation" in str(admin.audit_html) and "&lt;img" in str(admin.audit_html)
    local = actions.load(LOCAL)
    assert local.can_edit and "Poste local" in str(local.user_html) and "logout" not in str(local.user_html)

    with pytest.raises(PermissionRefusedError):
        actions.api_remove(READER, ["clamart.txt"])
    with pytest.raises(Exception, match="liste d'identifiants"):
        actions.api_remove(EDITOR, {"a": 1})
    result = actions.api_remove(EDITOR, "clamart.txt", wait=60)
    assert result["etat"] == "terminé" and result["fichiers"][0]["statut"] == "retiré"
    assert json.loads(json.dumps(result)) == result  # plain JSON for scripts


def test_an_empty_request_says_what_to_do(served: tuple[Settings, LiveAssistant, Library]) -> None:
    _, bot, library = served
    view = DocumentsActions(bot, library).add(EDITOR, [])
    assert view.job is None and view.status is not None
    assert "Aucun fichier reçu" in view.status and "attendez la fin de leur envoi" in view.status


def test_another_sessions_change_reaches_an_open_list(
    served: tuple[Settings, LiveAssistant, Library], tmp_path: Path
) -> None:
    """Item 1 of the leftovers: session B's open tab sees what session A added or removed (the watch
    timer), sends nothing while nothing changed, and keeps B's selection while it is still listed."""
    _, bot, library = served
    actions = DocumentsActions(bot, library)
    julie = Principal("julie", "editeur")
    b = actions.opened(julie, None)
    assert b.watching is True and b.seen and "1 document(s) sur 1" in str(b.table_html)
    assert actions.watch(julie, b.seen, selected="clamart.txt") == type(b)()  # unchanged: nothing sent
    assert actions.closed().watching is False

    a = actions.add(EDITOR, [str(_upload(tmp_path, "niamey.txt", NIAMEY).path)])
    assert a.job is not None
    library.wait(a.job, 60)
    seen_b = actions.watch(julie, b.seen, selected="clamart.txt")
    assert "2 document(s) sur 2" in str(seen_b.table_html) and "Tours et Niamey" in str(seen_b.table_html)
    assert seen_b.remove_kept is not None and seen_b.remove_kept[1] == "clamart.txt"  # B's choice kept
    assert {doc for _, doc in seen_b.remove_kept[0]} == {"clamart.txt", "niamey.txt"}
    assert seen_b.seen and seen_b.seen != b.seen
    assert actions.watch(julie, seen_b.seen) == type(b)()

    gone = actions.remove(EDITOR, "clamart.txt")
    assert gone.job is not None
    library.wait(gone.job, 60)
    after = actions.watch(julie, seen_b.seen, selected="clamart.txt")
    assert "1 document(s) sur 1" in str(after.table_html) and "Clamart" not in str(after.table_html)
    assert after.remove_kept == ([("Coopération entre Tours et Niamey (niamey.txt)", "niamey.txt")], None)
    assert after.authority_kept is not None and after.authority_kept[1] == ""
    filtered = actions.watch(julie, None, "", "Ville de Nulle-Part")  # a filter value no longer listed: reset
    assert filtered.authority_kept is not None and filtered.authority_kept[1] == ""
    assert "1 document(s) sur 1" in str(filtered.table_html)
    reader = actions.watch(READER, None)
    assert reader.remove_kept == ([], None)  # a reader gets no removal choices
