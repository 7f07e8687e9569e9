"""The « Documents » tab in Gradio: its components, its events, and the ``/documents_add`` and
``/documents_remove`` API endpoints (the work is done by :class:`~.documents.DocumentsActions`).

The caller of every event is read from the request (:func:`caller`): the logged-in account and
its role, read from the accounts file at each request (see :mod:`assistant.roles`).
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import gradio as gr
from gradio.utils import get_upload_folder

from ..accounts import AccountStore
from ..documents import ALLOWED_SUFFIXES, Library
from ..errors import CoopError
from ..roles import Principal, principal
from ..settings import Settings
from .documents import DocsView, DocumentsActions
from .render import status_html
from .state import AssistantLike
from .text import GENERIC_ERROR, static_text

log = logging.getLogger(__name__)

#: While the tab is open, each session checks every few seconds whether the list changed (another
#: editor's addition or removal, ``coop ingest``): a fingerprint compared on the server, nothing sent
#: to the browser when it is the same.
WATCH_SECONDS = 3.0


def caller(settings: Settings, request: gr.Request | None) -> Principal:
    """Who sent the event: the logged-in account (None without accounts) and its current role."""
    name = getattr(request, "username", None) if request is not None else None
    return principal(AccountStore(settings.users_path), name if isinstance(name, str) and name else None)


def library_for(assistant: AssistantLike, settings: Settings) -> Library:
    """The library of the served corpus: indexed with the assistant's model, followed at once."""
    embedder = getattr(assistant, "embedder", None)
    refresh = getattr(assistant, "refresh", None)

    def model() -> Any:
        if embedder is not None:
            return getattr(assistant, "embedder", embedder)
        from ..models import load_embedder

        return load_embedder(settings)

    return Library(
        settings,
        model,
        refresh=(lambda: refresh(wait=True)) if callable(refresh) else None,
        sources=(Path(get_upload_folder()),),
    )


@dataclass(frozen=True)
class DocsTab:
    user: gr.HTML
    query: gr.Textbox
    authority: gr.Dropdown
    table: gr.HTML
    editor: gr.Column
    files: gr.File
    add: gr.Button
    remove_choice: gr.Dropdown
    remove: gr.Button
    progress: gr.HTML
    report: gr.HTML
    status: gr.HTML
    timer: gr.Timer
    job: gr.State
    admin: gr.Accordion
    audit: gr.HTML
    seen: gr.State
    watch: gr.Timer

    def outputs(self) -> list[Any]:
        return [self.user, self.table, self.editor, self.remove_choice, self.authority, self.progress,
                self.report, self.timer, self.job, self.admin, self.audit, self.status, self.seen,
                self.watch]  # fmt: skip

    def values(self, view: DocsView) -> Any:
        """The view's set fields as updates of their components (see :data:`_VIEW_TARGETS`)."""
        out: dict[Any, Any] = {}
        for f in fields(view):
            value = getattr(view, f.name)
            if value is not None:
                component, update = _VIEW_TARGETS[f.name]
                out[getattr(self, component)] = update(value)
        return out or gr.skip()


def _same(value: Any) -> Any:
    return value


def _authorities(names: list[str]) -> list[tuple[str, str]]:
    return [("Toutes", ""), *[(a, a) for a in names]]


#: Each field of :class:`DocsView` → (the component of :class:`DocsTab` it updates, how).
_VIEW_TARGETS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "user_html": ("user", _same),
    "table_html": ("table", _same),
    "can_edit": ("editor", lambda v: gr.Column(visible=v)),
    "remove_choices": ("remove_choice", lambda v: gr.Dropdown(choices=v, value=None)),
    "authority_choices": ("authority", lambda v: gr.Dropdown(choices=_authorities(v))),
    "progress": ("progress", lambda v: f'<p class="coop-progress" role="status">{html.escape(v)}</p>' if v else ""),
    "report_html": ("report", _same),
    "polling": ("timer", lambda v: gr.Timer(active=v)),
    "job": ("job", _same),
    "can_audit": ("admin", lambda v: gr.Accordion(visible=v)),
    "audit_html": ("audit", _same),
    "status": ("status", status_html),
    "remove_kept": ("remove_choice", lambda v: gr.Dropdown(choices=v[0], value=v[1])),
    "authority_kept": ("authority", lambda v: gr.Dropdown(choices=_authorities(v[0]), value=v[1])),
    "seen": ("seen", _same),
    "watching": ("watch", lambda v: gr.Timer(active=v)),
}


def build_documents_tab(actions: DocumentsActions, settings: Settings, user: gr.HTML) -> DocsTab:
    """The tab's components (inside an open ``gr.Tab``; ``user``: the log-in line above the tabs);
    the upload controls start hidden."""
    with gr.Row():
        query = gr.Textbox(label="Rechercher un document (titre ou fichier)", max_length=200, elem_id="coop-doc-query")
        authority = gr.Dropdown(choices=[("Toutes", "")], value="", label="Collectivité", elem_id="coop-doc-authority")
    table = gr.HTML("", elem_id="coop-doc-list", js_on_load=None)
    with gr.Column(visible=False, elem_id="coop-doc-editor") as editor:
        files = gr.File(
            file_count="multiple",
            file_types=list(ALLOWED_SUFFIXES),
            type="filepath",
            label="Ajouter des documents (PDF, DOCX, ODT, HTML, Markdown, texte, images scannées PNG, JPEG, TIFF ; "
            f"{settings.max_upload_mb:g} Mo au plus par fichier)",
            elem_id="coop-doc-files",
        )
        add = gr.Button("Ajouter au corpus", variant="primary", elem_id="coop-doc-add")
        with gr.Row():
            remove_choice = gr.Dropdown(
                choices=[], value=None, label="Document à retirer", elem_id="coop-doc-remove-choice"
            )
            remove = gr.Button("Retirer ce document", variant="stop", elem_id="coop-doc-remove")
    progress = gr.HTML("", elem_id="coop-doc-progress", js_on_load=None)
    report = gr.HTML("", elem_id="coop-doc-report", js_on_load=None)
    status = gr.HTML(status_html(""), elem_id="coop-doc-status", js_on_load=static_text("documents.js"))
    timer = gr.Timer(1.0, active=False)
    job = gr.State(None)
    with gr.Accordion("Journal des modifications (administrateurs)", open=False, visible=False) as admin:
        audit = gr.HTML("", elem_id="coop-audit", js_on_load=None)
    seen = gr.State(None)
    watch = gr.Timer(WATCH_SECONDS, active=False)
    return DocsTab(user, query, authority, table, editor, files, add, remove_choice, remove, progress, report,
                   status, timer, job, admin, audit, seen, watch)  # fmt: skip


def wire_documents_tab(
    demo: gr.Blocks,
    tab: DocsTab,
    actions: DocumentsActions,
    settings: Settings,
    *,
    opened_by: gr.Tab | None = None,
    closed_by: Sequence[gr.Tab] = (),
) -> None:
    """Events of the tab, and the two API endpoints (inside the open ``gr.Blocks``).

    ``opened_by`` (the tab's own ``gr.Tab``) refreshes the list and starts the watch when selected;
    selecting one of ``closed_by`` (the other tabs) stops it."""
    private: dict[str, Any] = {"api_visibility": "private", "show_progress": "hidden", "concurrency_limit": None}
    out = tab.outputs()

    def on_load(query: str, authority: str, request: gr.Request) -> Any:
        return tab.values(actions.load(caller(settings, request), query, authority))

    def on_filter(query: str, authority: str) -> Any:
        return tab.values(actions.filter(query, authority))

    def on_add(paths: list[str] | None, request: gr.Request) -> Any:
        view = actions.add(caller(settings, request), paths)
        return {**tab.values(view), tab.files: None} if view.job is not None else tab.values(view)

    def on_remove(doc_id: str | None, request: gr.Request) -> Any:
        return tab.values(actions.remove(caller(settings, request), doc_id))

    def on_tick(job: int | None, query: str, authority: str, request: gr.Request) -> Any:
        return tab.values(actions.tick(caller(settings, request), job, query, authority))

    def on_open(seen: str | None, query: str, authority: str, selected: str | None, request: gr.Request) -> Any:
        return tab.values(actions.opened(caller(settings, request), seen, query, authority, selected))

    def on_close() -> Any:
        return tab.values(actions.closed())

    def on_watch(seen: str | None, query: str, authority: str, selected: str | None, request: gr.Request) -> Any:
        return tab.values(actions.watch(caller(settings, request), seen, query, authority, selected))

    filters = [tab.query, tab.authority]
    watched = [tab.seen, *filters, tab.remove_choice]
    demo.load(on_load, filters, out, **private)
    if opened_by is not None:
        opened_by.select(on_open, watched, out, **private)
    for other in closed_by:
        other.select(on_close, None, [tab.watch], **private)
    tab.watch.tick(on_watch, watched, out, **private)
    tab.query.submit(on_filter, filters, [tab.table], **private)
    tab.authority.change(on_filter, filters, [tab.table], **private)
    tab.add.click(on_add, [tab.files], [*out, tab.files], **private)
    tab.remove.click(on_remove, [tab.remove_choice], out, **private)
    tab.timer.tick(on_tick, [tab.job, *filters], out, **private)

    # The API: hidden components, so that gradio_client uploads the files and Gradio checks them.
    api_files = gr.File(file_count="multiple", type="filepath", visible=False)
    api_ids = gr.JSON(visible=False)
    api_out = gr.JSON(visible=False)
    api_add_button = gr.Button(visible=False)
    api_remove_button = gr.Button(visible=False)

    def documents_add(paths: list[str] | None, request: gr.Request) -> dict[str, Any]:
        """Ajoute des fichiers au corpus (éditeurs) ; renvoie le rapport par fichier une fois indexés."""
        return _api(lambda: actions.api_add(caller(settings, request), paths), "documents_add")

    def documents_remove(ids: Any, request: gr.Request) -> dict[str, Any]:
        """Retire des documents (identifiants : chemins dans le corpus) ; renvoie le rapport par document."""
        return _api(lambda: actions.api_remove(caller(settings, request), ids), "documents_remove")

    api: dict[str, Any] = {"api_visibility": "public", "concurrency_limit": 1, "concurrency_id": "documents"}
    api_add_button.click(documents_add, [api_files], [api_out], api_name="documents_add", **api)
    api_remove_button.click(documents_remove, [api_ids], [api_out], api_name="documents_remove", **api)


def _api(call: Any, name: str) -> dict[str, Any]:
    try:
        result: dict[str, Any] = call()
        return result
    except CoopError as exc:
        raise gr.Error(exc.message, print_exception=False) from None
    except Exception:
        log.exception("Échec de l'appel API « %s »", name)
        raise gr.Error(GENERIC_ERROR, print_exception=False) from None
