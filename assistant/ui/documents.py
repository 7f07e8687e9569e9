"""The « Documents » tab, without Gradio: the list of indexed documents, additions and removals by
editors, the progress of the background indexing, the audit log for admins, and who is logged in.

:class:`DocumentsActions` is bound to the assistant and the :class:`~assistant.documents.Library`;
each method takes the caller (:class:`~assistant.roles.Principal`) and the values of one event and
returns the frozen :class:`DocsView` of what changes in the tab (:mod:`.documents_tab` hands it
to Gradio). Everything rendered is escaped.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..documents import PROVENANCE_FILE, REFUSED, Incoming, JobReport, Library, Progress, summary
from ..errors import CoopError
from ..roles import ROLE_LABELS, Principal, require_admin
from .state import AssistantLike, index_generation
from .text import esc, format_date, format_size

log = logging.getLogger(__name__)

#: Rows of the list shown at most (the filters narrow it).
MAX_ROWS = 500
MAX_QUERY_CHARS = 200
AUDIT_ROWS = 50
API_WAIT_SECONDS = 600.0


@dataclass(frozen=True)
class DocsView:
    """What one event changes in the tab; a field left to None is left as it is."""

    user_html: str | None = None  # who is logged in, and the log-out link
    table_html: str | None = None  # the list of indexed documents
    can_edit: bool | None = None  # the upload and removal controls are shown
    remove_choices: list[tuple[str, str]] | None = None  # (label, document id)
    authority_choices: list[str] | None = None
    progress: str | None = None  # « 3 / 10 documents indexés »
    report_html: str | None = None  # the per-file report of the last request
    polling: bool | None = None  # the progress timer runs
    job: int | None = None  # the session's last request
    can_audit: bool | None = None
    audit_html: str | None = None
    status: str | None = None  # French message ("" empties it)
    #: the list's choices keeping the session's selection when it is still there (another session's change)
    remove_kept: tuple[list[tuple[str, str]], str | None] | None = None
    authority_kept: tuple[list[str], str] | None = None  # the same for the authority filter ("" : all)
    seen: str | None = None  # fingerprint of what the session shows (see :meth:`DocumentsActions.watch`)
    watching: bool | None = None  # the watch timer runs (the tab is open)


def render_user(who: Principal) -> str:
    if who.local:
        return '<p class="coop-user">Poste local, sans compte : vous pouvez ajouter et retirer des documents.</p>'
    if who.name is None:
        return '<p class="coop-user">Non connecté.</p>'
    role = ROLE_LABELS.get(who.role or "", "aucun droit")
    return (
        f'<p class="coop-user">Connecté : <strong>{esc(who.name)}</strong> ({esc(role)}) · '
        '<a href="logout" id="coop-logout">Se déconnecter</a></p>'
    )


def render_report(report: JobReport) -> str:
    title = "Ajout" if report.action == "ajout" else "Retrait"
    state = "terminé" if report.finished else "indexation en cours"
    if report.error:
        state = "échec : " + report.error
    rows = "".join(
        f"<tr><td>{esc(o.document or o.name)}</td><td>{esc(o.status)}</td>"
        f"<td>{esc(o.reason)}{_notes(o.notes)}</td></tr>"
        for o in report.files
    )
    return (
        f'<div class="coop-doc-report"><p><strong>{esc(title)} n° {report.job}</strong> — {esc(state)} '
        f"({esc(summary(report))})</p>"
        '<table><thead><tr><th scope="col">Fichier</th><th scope="col">Résultat</th>'
        f'<th scope="col">Raison</th></tr></thead><tbody>{rows}</tbody></table></div>'
    )


def _notes(notes: Sequence[str]) -> str:
    """What reading noted on a file, as ``coop ingest`` prints it (« page 1 : texte peu lisible,
    confiance 49 % »), under its reason."""
    if not notes:
        return ""
    items = "".join(f"<li>{esc(n)}</li>" for n in notes)
    return f'<ul class="coop-doc-notes" aria-label="Remarques de lecture">{items}</ul>'


class DocumentsActions:
    """The tab's actions on one assistant and its library; shared by every session."""

    def __init__(self, assistant: AssistantLike, library: Library) -> None:
        self.assistant = assistant
        self.library = library

    # ---- the list --------------------------------------------------------------------------

    def rows(self, query: str = "", authority: str = "") -> list[dict[str, str]]:
        """The indexed documents matching the filters, as displayed (not escaped)."""
        provenance = self.library.provenance()
        q = (query or "")[:MAX_QUERY_CHARS].casefold().strip()
        out = []
        for d in sorted(self.assistant.documents(), key=lambda d: d.title.casefold()):
            meta = d.metadata
            if authority and (meta.authority or "") != authority:
                continue
            if q and q not in d.title.casefold() and q not in d.id.casefold():
                continue
            p = provenance.get(d.id)
            out.append(
                {
                    "id": d.id,
                    "title": d.title,
                    "authority": meta.authority or "",
                    "date": format_date(meta.date) if meta.date else "",
                    "size": format_size(d.size),
                    "added_by": p.added_by if p else "",
                    "added_on": p.added_on[:10] if p else "",
                }
            )
        return out

    def render_table(self, query: str = "", authority: str = "") -> str:
        rows = self.rows(query, authority)
        total = len(self.assistant.documents())
        shown = rows[:MAX_ROWS]
        body = "".join(
            "<tr>"
            f'<td><span class="coop-doc-title">{esc(r["title"])}</span><br><code>{esc(r["id"])}</code></td>'
            f"<td>{esc(r['authority'])}</td><td>{esc(r['date'])}</td><td>{esc(r['size'])}</td>"
            f"<td>{esc(r['added_by'])}</td><td>{esc(r['added_on'])}</td></tr>"
            for r in shown
        )
        more = f" ({len(rows) - MAX_ROWS} de plus : affinez les filtres)" if len(rows) > MAX_ROWS else ""
        return (
            f'<p class="coop-doc-count">{len(rows)} document(s) sur {total}{esc(more)}</p>'
            '<table class="coop-doc-list"><thead><tr><th scope="col">Titre</th><th scope="col">Collectivité</th>'
            '<th scope="col">Date</th><th scope="col">Taille</th><th scope="col">Ajouté par</th>'
            f'<th scope="col">Ajouté le</th></tr></thead><tbody>{body}</tbody></table>'
        )

    def _choices(self) -> tuple[list[tuple[str, str]], list[str]]:
        docs = sorted(self.assistant.documents(), key=lambda d: d.title.casefold())
        remove = [(f"{d.title} ({d.id})", d.id) for d in docs]
        authorities = sorted({d.metadata.authority for d in docs if d.metadata.authority})
        return remove, authorities

    def _audit(self, who: Principal) -> str:
        if not who.can_audit:
            return ""
        rows = "".join(
            f"<tr><td>{esc(e.when)}</td><td>{esc(e.who)}</td><td>{esc(e.action)}</td><td>{esc(e.target)}</td>"
            f"<td>{esc(e.result)}</td><td>{esc(e.detail)}</td></tr>"
            for e in reversed(self.library.audit.read(AUDIT_ROWS))
        )
        return (
            '<table class="coop-audit"><thead><tr><th scope="col">Quand (UTC)</th><th scope="col">Qui</th>'
            '<th scope="col">Action</th><th scope="col">Document</th><th scope="col">Résultat</th>'
            f'<th scope="col">Détail</th></tr></thead><tbody>{rows}</tbody></table>'
        )

    def fingerprint(self) -> str:
        """What the list shows, in a few bytes: the index generation served (or, for an assistant
        that does not follow its index, the documents' ids, titles and sizes), the provenance file's
        stamp (who added what) and the background indexing's progress. It changes when any session,
        or ``coop ingest``, adds or removes a document; computing it reads no file (a ``stat``)."""
        h = hashlib.blake2b(digest_size=12)
        generation = index_generation(self.assistant)
        if generation:
            h.update(f"generation {generation}\n".encode())
        else:
            for d in self.assistant.documents():
                h.update(f"{d.id}\0{d.title}\0{d.size}\n".encode("utf-8", "replace"))
        try:
            st = (self.library.corpus / PROVENANCE_FILE).stat()
            h.update(f"{st.st_ino}:{st.st_mtime_ns}:{st.st_size}\n".encode())
        except OSError:
            h.update(b"-\n")
        h.update(self.library.progress().text.encode("utf-8"))
        return h.hexdigest()

    # ---- events ------------------------------------------------------------------------------

    def load(self, who: Principal, query: str = "", authority: str = "") -> DocsView:
        """The tab as this caller sees it (page load)."""
        remove, authorities = self._choices()
        progress = self.library.progress()
        return DocsView(
            user_html=render_user(who),
            table_html=self.render_table(query, authority),
            can_edit=who.can_edit,
            remove_choices=remove if who.can_edit else [],
            authority_choices=authorities,
            progress=progress.text,
            polling=progress.active,
            can_audit=who.can_audit,
            audit_html=self._audit(who),
            seen=self.fingerprint(),
        )

    def opened(self, who: Principal, seen: str | None, query: str = "", authority: str = "",
               selected: str | None = None) -> DocsView:  # fmt: skip
        """The tab is opened: what changed since the session last looked, and the watch starts."""
        return replace(self.watch(who, seen, query, authority, selected), watching=True)

    def closed(self) -> DocsView:
        """Another tab is opened: the watch stops (no polling for a hidden list)."""
        return DocsView(watching=False)

    def watch(self, who: Principal, seen: str | None, query: str = "", authority: str = "",
              selected: str | None = None) -> DocsView:  # fmt: skip
        """The watch timer, while the tab is open: nothing when the list is as the session last saw it
        (``seen``); else the new list, choices (the session's selection kept if still listed),
        progress and audit — so that a document added or removed from another session, or by ``coop
        ingest``, appears without reloading the page."""
        key = self.fingerprint()
        if seen is not None and key == seen:
            return DocsView()
        remove, authorities = self._choices()
        ids = {doc_id for _, doc_id in remove}
        keep = selected if isinstance(selected, str) and selected in ids else None
        authority = authority if isinstance(authority, str) and authority in authorities else ""
        return DocsView(
            table_html=self.render_table(query or "", authority),
            remove_kept=(remove, keep) if who.can_edit else ([], None),
            authority_kept=(authorities, authority),
            progress=self.library.progress().text,
            audit_html=self._audit(who),
            seen=key,
        )

    def filter(self, query: str, authority: str) -> DocsView:
        return DocsView(table_html=self.render_table(query or "", authority or ""))

    def add(self, who: Principal, paths: Sequence[str] | None) -> DocsView:
        """Files chosen in the browser (paths of Gradio's upload folder, named as sent)."""
        files = [Incoming(Path(p).name, Path(p)) for p in (paths or []) if isinstance(p, str)]
        try:
            report = self.library.add(who, files)
        except CoopError as exc:
            return DocsView(status=exc.message)
        return self._queued(report)

    def remove(self, who: Principal, doc_id: str | None) -> DocsView:
        try:
            report = self.library.remove(who, [doc_id] if doc_id else [])
        except CoopError as exc:
            return DocsView(status=exc.message)
        return self._queued(report)

    def _queued(self, report: JobReport) -> DocsView:
        progress = self.library.progress()
        refused = sum(o.status == REFUSED for o in report.files)
        taken = len(report.files) - refused
        note = f"{taken} fichier(s) pris en compte" + (f", {refused} refusé(s)" if refused else "")
        return DocsView(
            report_html=render_report(report),
            progress=progress.text or ("Indexation en attente…" if not report.finished else ""),
            polling=not report.finished,
            job=report.job,
            status=note + (" ; indexation en cours." if not report.finished else "."),
        )

    def tick(self, who: Principal, job: int | None, query: str = "", authority: str = "") -> DocsView:
        """The timer while indexing runs: progress, then the final report and the new list."""
        progress: Progress = self.library.progress()
        report = self.library.report(job) if job else None
        if report is not None and not report.finished:
            return DocsView(progress=progress.text or "Indexation en attente…")
        view = self.load(who, query, authority)
        done = "" if report is None else f"Indexation terminée : {summary(report)}."
        return DocsView(
            table_html=view.table_html,
            remove_choices=view.remove_choices,
            authority_choices=view.authority_choices,
            progress=progress.text,
            report_html=render_report(report) if report is not None else None,
            polling=progress.active,
            audit_html=view.audit_html,
            status=done,
            seen=view.seen,
        )

    # ---- API ---------------------------------------------------------------------------------

    def api_add(self, who: Principal, paths: Sequence[Any] | None, wait: float = API_WAIT_SECONDS) -> dict[str, Any]:
        """``/documents_add``: the per-file report once indexed (raises CoopError for a refusal)."""
        files = [Incoming(Path(p).name, Path(p)) for p in (paths or []) if isinstance(p, str)]
        report = self.library.add(who, files)
        return (self.library.wait(report.job, wait) or report).as_dict()

    def api_remove(self, who: Principal, ids: Any, wait: float = API_WAIT_SECONDS) -> dict[str, Any]:
        """``/documents_remove``: document ids (a list, or one id) → the report once their passages are gone."""
        if isinstance(ids, str):
            ids = [ids]
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            self.library.allowed(who, "suppression", "")  # the role first
            raise CoopError("documents : donnez une liste d'identifiants de documents (chemins dans le corpus).")
        report = self.library.remove(who, ids)
        return (self.library.wait(report.job, wait) or report).as_dict()

    def audit(self, who: Principal) -> str:
        require_admin(who)
        return self._audit(who)
