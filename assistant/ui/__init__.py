"""The web interface of coop-assistant (Gradio 6): the only package that imports gradio.

Everything the user sees is French. Answers, passages and documents are rendered as *escaped*
HTML (:mod:`.render`): nothing coming from a document is ever interpreted as markup, so no script
runs, no image loads and no link points outside. The page makes no outside request and the
server listens on 127.0.0.1 unless told otherwise (:mod:`.server`).

The parts: :mod:`.state` (a session's conversation), :mod:`.text` (French wording and formats),
:mod:`.render` (values → HTML), :mod:`.export` (Markdown export, feedback file),
:mod:`.corpus` (what the page shows of the index), :mod:`.api` (the ``/ask`` API),
:mod:`.actions` (each user action → a typed view update, no Gradio), :mod:`.layout` (the
components by name and their events), :mod:`.server` (launch, middleware, CSP, theme), and
``static/`` (the page's JavaScript and CSS).

Launching::

    from assistant import Settings
    from assistant.ui import launch

    launch(Settings.from_env())               # http://127.0.0.1:7860

API (the same answer as ``coop ask --json``), with ``gradio_client``::

    from gradio_client import Client

    client = Client("http://127.0.0.1:7860/")
    result = client.predict(
        "Avec quelle ville arménienne Clamart est-elle jumelée ?",  # question
        [],                                                          # history: previous questions
        {"country": ["AM"]},                                         # filters (or {} / "")
        api_name="/ask",
    )
    print(result["answer"], result["citations"][0]["title"])

``history`` and ``filters`` may also be given as JSON strings (``'["Question 1"]'``,
``'{"theme": "santé"}'``). Filter keys: those of :data:`assistant.types.FILTERS` (``source``,
``authority``, ``country``, ``theme``, ``place``, ``date``). An unusable question or filter raises
``gradio_client.exceptions.AppError`` carrying the French message.
"""

from __future__ import annotations

import os

# Analytics must be off before gradio is imported (it reads these at import and at launch).
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

from ..answer import NOT_FOUND
from .actions import Actions, Download, ViewUpdate
from .api import parse_filters, parse_history, ui_filters
from .export import (
    MAX_COMMENT_CHARS,
    MAX_FEEDBACK_PER_ANSWER,
    MAX_FEEDBACK_PER_SESSION,
    append_feedback,
    comment_refusal,
    conversation_markdown,
    feedback_record,
    feedback_refusal,
)
from .layout import build_app
from .render import (
    EDITED_NOTE,
    excerpt,
    highlight,
    passage_for,
    render_answer_text,
    render_conversation,
    render_document,
    render_sources,
    render_turn,
    render_welcome,
)
from .server import access_control, is_loopback, launch, same_origin
from .state import AssistantLike, Conversation, Focus, Turn, refocus
from .text import FILTER_ORDER, corpus_summary, esc, filters_note, format_date, format_size, user_message

__all__ = [
    "EDITED_NOTE",
    "FILTER_ORDER",
    "MAX_COMMENT_CHARS",
    "MAX_FEEDBACK_PER_ANSWER",
    "MAX_FEEDBACK_PER_SESSION",
    "NOT_FOUND",
    "Actions",
    "AssistantLike",
    "Conversation",
    "Download",
    "Focus",
    "Turn",
    "ViewUpdate",
    "access_control",
    "append_feedback",
    "build_app",
    "comment_refusal",
    "conversation_markdown",
    "corpus_summary",
    "esc",
    "excerpt",
    "feedback_record",
    "feedback_refusal",
    "filters_note",
    "format_date",
    "format_size",
    "highlight",
    "is_loopback",
    "launch",
    "parse_filters",
    "parse_history",
    "passage_for",
    "refocus",
    "render_answer_text",
    "render_conversation",
    "render_document",
    "render_sources",
    "render_turn",
    "render_welcome",
    "same_origin",
    "ui_filters",
    "user_message",
]
