"""The page: its Gradio components, held by name in :class:`Page`, and the wiring of their events
to :class:`~assistant.ui.actions.Actions`.

Every handler here is a few lines: it reads the event's inputs (the buttons' payload through
:func:`payload`), calls one action, and hands the :class:`~assistant.ui.actions.ViewUpdate` to
:meth:`Page.values`, which maps each field set to its component.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import gradio as gr

from ..errors import CoopError
from ..settings import Settings
from ..types import FILTER_BY_KEY
from .actions import Actions, Download, ViewUpdate
from .corpus import filter_choices
from .documents import DocumentsActions
from .documents_tab import build_documents_tab, library_for, wire_documents_tab
from .export import MAX_COMMENT_CHARS
from .render import DOC_PLACEHOLDER, render_header, render_sources, status_html
from .state import AssistantLike, Conversation
from .text import APP_TITLE, FILTER_ORDER, GENERIC_ERROR, static_text

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Payload:
    """What a button of the page sent with its event (``trigger(name, {...})`` in ``static/*.js``)."""

    turn: int | None = None  # answer number, from 0
    n: int | None = None  # citation number
    i: int | None = None  # example, source or passage number
    kind: str = ""  # "cite" or "passage"
    rating: str = ""  # "up" or "down"
    doc: str = ""  # document id


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def payload(evt: gr.EventData) -> Payload:
    """The payload of a custom event, read through Gradio's public attribute access (``evt.turn``)."""

    def get(name: str) -> Any:
        try:
            return getattr(evt, name)
        except (AttributeError, TypeError):  # not sent (TypeError: an event without payload)
            return None

    return Payload(
        turn=_int(get("turn")),
        n=_int(get("n")),
        i=_int(get("i")),
        kind=str(get("kind") or ""),
        rating=str(get("rating") or ""),
        doc=str(get("doc") or ""),
    )


#: The :class:`ViewUpdate` fields each action may set: the outputs of its events (Gradio needs them
#: declared; :meth:`Page.values` drops, with an error in the log, a field an action sets beyond them).
OUTPUTS: dict[str, tuple[str, ...]] = {
    "start": ("conversation", "conversation_html", "question", "status"),
    "finish": ("conversation", "conversation_html", "sources_html", "tab", "export", "status"),
    "example": ("question",),
    "cite": ("conversation", "conversation_html", "sources_html", "document_html", "tab", "status"),
    "choose": ("conversation", "conversation_html", "sources_html", "tab"),
    "open_source": ("conversation", "document_html", "tab", "status"),
    "open_document": ("conversation", "document_html", "tab", "status"),
    "rate": ("conversation", "conversation_html", "feedback_open", "feedback_note", "comment", "status"),
    "comment": ("conversation", "feedback_open", "comment", "status"),
    "close_feedback": ("conversation", "feedback_open"),
    "new": (
        "conversation",
        "conversation_html",
        "sources_html",
        "document_html",
        "tab",
        "export",
        "feedback_open",
        "question",
        "status",
    ),
    "reload": ("header", "conversation_html", "filter_choices"),
}


@dataclass(frozen=True)
class Page:
    """The components of the page, by name (field names of :class:`ViewUpdate` map to them)."""

    state: gr.State
    header: gr.HTML
    conversation: gr.HTML
    feedback: gr.Group
    feedback_note: gr.HTML
    comment: gr.Textbox
    send_comment: gr.Button
    close_feedback: gr.Button
    question: gr.Textbox
    ask: gr.Button
    new: gr.Button
    export: gr.DownloadButton
    status: gr.HTML
    filters: dict[str, gr.Dropdown]  # filter key → its dropdown
    clear_filters: gr.Button
    tabs: gr.Tabs
    sources: gr.HTML
    document: gr.HTML

    def _targets(self) -> dict[str, Any]:
        """:class:`ViewUpdate` field → component (``filter_choices`` → the dropdowns)."""
        return {
            "conversation": self.state,
            "header": self.header,
            "conversation_html": self.conversation,
            "sources_html": self.sources,
            "document_html": self.document,
            "tab": self.tabs,
            "export": self.export,
            "feedback_open": self.feedback,
            "feedback_note": self.feedback_note,
            "comment": self.comment,
            "question": self.question,
            "status": self.status,
        }

    def outputs(self, action: str) -> list[Any]:
        """The output components of the events of ``action`` (a method of :class:`Actions`)."""
        targets = self._targets()
        out: list[Any] = []
        for name in OUTPUTS[action]:
            out += list(self.filters.values()) if name == "filter_choices" else [targets[name]]
        return out

    def values(self, update: ViewUpdate, action: str) -> Any:
        """Component → new value, for the fields ``update`` (of ``action``) sets; the others are left as they are."""
        targets = self._targets()
        out: dict[Any, Any] = {}
        for f in fields(update):
            value = getattr(update, f.name)
            if value is None:
                continue
            if f.name not in OUTPUTS[action]:
                log.error("« %s » change %s, qui n'est pas une sortie de ses événements", action, f.name)
                continue
            if f.name == "filter_choices":
                for key, choices in value.items():
                    out[self.filters[key]] = gr.Dropdown(choices=choices, visible=bool(choices))
            elif f.name == "tab":
                out[self.tabs] = gr.Tabs(selected=value)
            elif f.name == "export":
                assert isinstance(value, Download)
                out[self.export] = gr.DownloadButton(value=value.path, interactive=value.path is not None)
            elif f.name == "feedback_open":
                out[self.feedback] = gr.Group(visible=value)
            elif f.name == "status":
                out[self.status] = status_html(value)
            else:
                out[targets[f.name]] = value
        return out or gr.skip()  # Gradio refuses an empty dict: one skip() leaves every output as it is


def _layout(actions: Actions) -> Page:
    """The components, in page order (inside an open ``gr.Blocks``)."""
    first = actions.first
    state = gr.State(Conversation())
    header = gr.HTML(render_header(first.documents), elem_id="coop-header", js_on_load=None)
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=360, elem_id="coop-main"):
            conversation = gr.HTML(
                actions.render_conversation(Conversation()),
                elem_id="coop-conversation",
                js_on_load=static_text("conversation.js"),
            )
            with gr.Group(visible=False, elem_id="coop-feedback") as feedback:
                feedback_note = gr.HTML("", js_on_load=None)
                comment = gr.Textbox(
                    label="Commentaire (facultatif)",
                    lines=2,
                    max_lines=6,
                    placeholder="Par exemple : la date est fausse, il manque le partenaire…",
                    max_length=MAX_COMMENT_CHARS,
                    elem_id="coop-comment",
                )
                with gr.Row():
                    send_comment = gr.Button("Envoyer le commentaire", variant="primary", size="sm")
                    close_feedback = gr.Button("Fermer", variant="secondary", size="sm")
            question = gr.Textbox(
                label="Votre question",
                placeholder="Par exemple : Avec quelle ville arménienne Clamart est-elle jumelée ?",
                lines=1,
                max_lines=4,
                autofocus=True,
                elem_id="coop-question",
            )
            with gr.Row():
                ask = gr.Button("Rechercher", variant="primary", elem_id="coop-ask", scale=1, min_width=150, size="md")
                new = gr.Button(
                    "Nouvelle conversation", variant="secondary", elem_id="coop-new", scale=1, min_width=190, size="md"
                )
                export = gr.DownloadButton(
                    "Exporter la conversation",
                    value=None,
                    interactive=False,
                    variant="secondary",
                    elem_id="coop-export",
                    scale=1,
                    min_width=220,
                    size="md",
                )
            status = gr.HTML(
                status_html(""),
                elem_id="coop-status",
                js_on_load=None,
                html_template='<div class="coop-status" role="status" aria-live="polite">${value}</div>',
            )
            filters: dict[str, gr.Dropdown] = {}
            with gr.Accordion("Filtrer la recherche", open=False, elem_id="coop-filters"):
                for key in FILTER_ORDER:  # a filter without values is hidden (shown once it has some)
                    choices = filter_choices(key, first)
                    filters[key] = gr.Dropdown(
                        choices=choices,
                        value=[],
                        visible=bool(choices),
                        multiselect=True,
                        label=FILTER_BY_KEY[key].label,
                        info=FILTER_BY_KEY[key].info or None,
                        elem_id=f"coop-filter-{key}",
                    )
                clear_filters = gr.Button("Effacer les filtres", variant="secondary", size="sm")
        with (
            gr.Column(scale=2, min_width=320, elem_id="coop-side"),
            gr.Tabs(selected="sources", elem_id="coop-tabs") as tabs,
        ):
            with gr.Tab("Sources", id="sources", elem_id="coop-tab-sources"):
                sources = gr.HTML(
                    render_sources(Conversation()), elem_id="coop-sources", js_on_load=static_text("sources.js")
                )
            with gr.Tab("Document", id="document", elem_id="coop-tab-document"):
                document = gr.HTML(DOC_PLACEHOLDER, elem_id="coop-document", js_on_load=static_text("viewer.js"))
    return Page(
        state, header, conversation, feedback, feedback_note, comment, send_comment, close_feedback, question, ask,
        new, export, status, filters, clear_filters, tabs, sources, document,
    )  # fmt: skip


def _wire(demo: gr.Blocks, page: Page, actions: Actions) -> None:
    """Each event of the page → one action (inside the open ``gr.Blocks``)."""
    private: dict[str, Any] = {"api_visibility": "private", "show_progress": "hidden"}
    light: dict[str, Any] = {**private, "concurrency_limit": None}
    # Answering is the heavy part: COOP_ASK_CONCURRENCY questions at once, the interface's and the API's together.
    heavy: dict[str, Any] = {**private, "concurrency_limit": actions.settings.ask_concurrency, "concurrency_id": "ask"}
    out = page.outputs

    def start_turn(values: dict[Any, Any]) -> Any:
        selections = {key: values[dropdown] for key, dropdown in page.filters.items()}
        return page.values(actions.start(values[page.state], values[page.question], selections), "start")

    def finish_turn(conv: Conversation) -> Any:
        return page.values(actions.finish(conv), "finish")

    def on_example(evt: gr.EventData) -> Any:
        return page.values(actions.example(payload(evt).i), "example")

    def on_cite(conv: Conversation, evt: gr.EventData) -> Any:
        data = payload(evt)
        return page.values(actions.cite(conv, data.turn, data.n), "cite")

    def on_choose(conv: Conversation, evt: gr.EventData) -> Any:
        return page.values(actions.choose(conv, payload(evt).turn), "choose")

    def on_open(conv: Conversation, evt: gr.EventData) -> Any:
        data = payload(evt)
        return page.values(actions.open_source(conv, data.turn, data.kind, data.i), "open_source")

    def on_opendoc(conv: Conversation, evt: gr.EventData) -> Any:
        return page.values(actions.open_document(conv, payload(evt).doc), "open_document")

    def on_rate(conv: Conversation, evt: gr.EventData) -> Any:
        data = payload(evt)
        return page.values(actions.rate(conv, data.turn, data.rating), "rate")

    def on_comment(conv: Conversation, comment: str) -> Any:
        return page.values(actions.comment(conv, comment), "comment")

    def on_close_feedback(conv: Conversation) -> Any:
        return page.values(actions.close_feedback(conv), "close_feedback")

    def on_new(conv: Conversation) -> Any:
        return page.values(actions.new(conv), "new")

    def on_clear() -> Any:
        return {dropdown: [] for dropdown in page.filters.values()}

    def on_load(conv: Conversation) -> Any:
        """A page opened after « coop ingest » shows the current documents and filter values."""
        return page.values(actions.reload(conv), "reload")

    start_inputs: set[Any] = {page.question, page.state, *page.filters.values()}
    state = [page.state]
    for trigger in (page.question.submit, page.ask.click):
        trigger(start_turn, start_inputs, out("start"), **light).then(finish_turn, state, out("finish"), **heavy)
    conversation = page.conversation
    conversation.example(on_example, None, out("example"), **light).then(
        start_turn, start_inputs, out("start"), **light
    ).then(finish_turn, state, out("finish"), **heavy)
    conversation.cite(on_cite, state, out("cite"), **light)
    conversation.choose(on_choose, state, out("choose"), **light)
    conversation.rate(on_rate, state, out("rate"), **light)
    conversation.opendoc(on_opendoc, state, out("open_document"), **light)
    page.sources.open(on_open, state, out("open_source"), **light)
    for trigger in (page.send_comment.click, page.comment.submit):
        trigger(on_comment, [page.state, page.comment], out("comment"), **light)
    page.close_feedback.click(on_close_feedback, state, out("close_feedback"), **light)
    page.new.click(on_new, state, out("new"), **light)
    page.clear_filters.click(on_clear, None, list(page.filters.values()), **light)
    demo.load(on_load, state, out("reload"), **light)


def build_app(
    assistant: AssistantLike, settings: Settings | None = None, *, export_dir: Path | None = None
) -> gr.Blocks:
    """The Gradio Blocks of the interface, bound to an opened assistant.

    ``settings`` (default: the assistant's) gives the app's own knobs, such as ``feedback_path``.
    """
    actions = Actions(assistant, settings, export_dir=export_dir)

    def api_ask(question: str, history: list[str] | str = "", filters: dict[str, Any] | str = "") -> dict[str, Any]:
        """Pose une question ; renvoie la réponse citée au format JSON de « coop ask --json »."""
        try:
            return actions.ask_api(question, history, filters)
        except CoopError as exc:
            raise gr.Error(exc.message, print_exception=False) from None
        except Exception:
            log.exception("Échec de l'appel API « ask »")
            raise gr.Error(GENERIC_ERROR, print_exception=False) from None

    doc_actions = DocumentsActions(assistant, library_for(assistant, actions.settings))
    with gr.Blocks(title=APP_TITLE, analytics_enabled=False, delete_cache=(3600, 3600)) as demo:
        user = gr.HTML("", elem_id="coop-user", js_on_load=None)  # who is logged in, and the log-out
        with gr.Tabs(selected="assistant", elem_id="coop-main-tabs"):
            with gr.Tab("Assistant", id="assistant", elem_id="coop-tab-assistant") as assistant_tab:
                page = _layout(actions)
            with gr.Tab("Documents", id="documents", elem_id="coop-tab-documents") as documents_tab:
                docs = build_documents_tab(doc_actions, actions.settings, user)
        _wire(demo, page, actions)
        wire_documents_tab(
            demo, docs, doc_actions, actions.settings, opened_by=documents_tab, closed_by=[assistant_tab]
        )
        gr.api(api_ask, api_name="ask", concurrency_limit=actions.settings.ask_concurrency, concurrency_id="ask")
    return demo
