"""The web interface of coop-assistant (Gradio 6): the only module that imports gradio.

Everything the user sees is French. Answers, passages and documents are rendered by the
pure functions of this module as *escaped* HTML: nothing coming from a document is ever
interpreted as markup, so no script runs, no image loads and no link points outside. The page
itself makes no outside request (system fonts, inline CSS, a Content-Security-Policy limited
to the machine) and the server listens on 127.0.0.1 unless told otherwise.

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

import asyncio
import atexit
import contextlib
import html
import ipaddress
import json
import logging
import os
import re
import shutil
import tempfile
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

# Analytics must be off before gradio is imported (it reads these at import and at launch).
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

import gradio as gr
from gradio import route_utils as _gr_route_utils
from gradio import routes as _gr_routes

from .accounts import AccountStore
from .answer import NOT_FOUND
from .errors import (
    ConfigError,
    CoopError,
    IndexLockedError,
    IndexMismatchError,
    IndexMissingError,
    ModelError,
    QueryError,
)
from .limits import (
    MAX_HISTORY_ITEMS,
    MAX_SESSION_TURNS,
    check_history,
    check_json_text,
    check_question,
    question_refusal,
)
from .settings import Settings
from .types import (
    FILTER_BY_KEY,
    FILTER_KEYS,
    FILTERS,
    MAX_FILTER_VALUES,
    Answer,
    Citation,
    Document,
    DocumentMetadata,
    Hit,
)

if TYPE_CHECKING:
    from starlette.datastructures import Headers
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)

APP_NAME = "Coop'Assistant"
APP_TITLE = "Coop'Assistant — recherche dans les documents de coopération décentralisée"
GENERIC_ERROR = (
    "Une erreur est survenue pendant le traitement de votre demande. Réessayez ; si le problème "
    "persiste, signalez-le à la personne qui a installé l'outil."
)
STATIC_DIR = Path(__file__).parent / "static"
MAX_DOC_CHARS = 300_000  # longer documents are shown around the cited place only
SOURCE_CONTEXT = 240  # characters of the passage kept on each side of a quote in the sources panel
NEAREST_SHOWN = 5  # nearest passages listed when the assistant abstains
#: Filter keys in the order of the interface (the one table of filters is assistant.types.FILTERS).
FILTER_ORDER = tuple(f.key for f in FILTERS)
RATINGS = {"up": "utile", "down": "pas utile"}
MAX_COMMENT_CHARS = 2000  # a feedback comment
MAX_FEEDBACK_PER_ANSWER = 4  # lines of the feedback file about one answer (ratings and comments)
MAX_FEEDBACK_PER_SESSION = 40  # lines of the feedback file from one browser session

# fmt: off
_MONTHS_FR = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)
# fmt: on


# ---------------------------------------------------------------------------------------------
# What the interface needs from the back end (assistant.pipeline.Assistant implements it).
# ---------------------------------------------------------------------------------------------


class DocumentInfoLike(Protocol):
    """What the UI reads of :class:`assistant.catalog.DocumentInfo`."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def format(self) -> str: ...
    @property
    def size(self) -> int: ...
    @property
    def chunks(self) -> int: ...
    @property
    def metadata(self) -> DocumentMetadata: ...


class AssistantLike(Protocol):
    """The protocol of :class:`assistant.pipeline.Assistant` used by the interface."""

    settings: Settings

    def ask(
        self,
        question: str,
        history: Sequence[str] = (),
        *,
        filters: Mapping[str, str | Sequence[str]] | None = None,
        k: int | None = None,
    ) -> Answer: ...
    def documents(self) -> Sequence[DocumentInfoLike]: ...
    def document(self, doc_id: str) -> Document: ...
    def example_questions(self, n: int = 4) -> list[str]: ...
    def filter_values(self) -> dict[str, list[str]]: ...


# ---------------------------------------------------------------------------------------------
# Conversation state (one per browser session, kept in a gr.State).
# ---------------------------------------------------------------------------------------------


@dataclass
class Turn:
    """One question of the conversation and what came back."""

    question: str
    filters: dict[str, list[str]] = field(default_factory=dict)
    answer: Answer | None = None
    error: str | None = None  # French message when the question failed
    pending: bool = True
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    asked_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    #: citation number → (document offset of the passage, passage text)
    passages: dict[int, tuple[int, str]] = field(default_factory=dict)
    rating: str | None = None  # "up" / "down" once the user gave feedback
    feedback_lines: int = 0  # lines written to the feedback file about this answer


@dataclass
class Conversation:
    """The turns of one browser session, the selected answer and UI bookkeeping."""

    turns: list[Turn] = field(default_factory=list)
    selected: int | None = None  # index of the answer whose sources are shown
    feedback_turn: int | None = None  # index of the turn whose comment box is open
    opened: int = 0  # counts document openings, so the viewer re-scrolls every time
    feedback_lines: int = 0  # lines written to the feedback file by this browser session (kept by « new »)
    id: str = field(default_factory=lambda: uuid.uuid4().hex)

    def history(self, before: int | None = None) -> list[str]:
        """Previous user questions that were answered (oldest first), up to turn ``before``."""
        turns = self.turns if before is None else self.turns[:before]
        return [t.question for t in turns if t.answer is not None]

    @property
    def pending(self) -> Turn | None:
        return self.turns[-1] if self.turns and self.turns[-1].pending else None


# ---------------------------------------------------------------------------------------------
# Small French formatting helpers.
# ---------------------------------------------------------------------------------------------


def esc(text: object) -> str:
    """Escape anything for HTML text *and* attribute values."""
    return html.escape("" if text is None else str(text), quote=True)


def format_size(size: int) -> str:
    """``5035`` → ``"4,9 Ko"`` (French units, decimal comma)."""
    if size < 1024:
        return f"{size} octets"
    value = size / 1024
    for unit in ("Ko", "Mo", "Go"):
        if value < 1024 or unit == "Go":
            return f"{value:.1f} {unit}".replace(".", ",")
        value /= 1024
    return f"{size} octets"  # pragma: no cover


def format_date(iso: str | None) -> str:
    """``"2025-03-12"`` → ``"12 mars 2025"``; ``"2025-03"`` → ``"mars 2025"``; other text unchanged."""
    if not iso:
        return ""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", iso.strip())
    if not m:
        return iso
    year, month, day = m.groups()
    if month and 1 <= int(month) <= 12:
        name = _MONTHS_FR[int(month) - 1]
        if day and 1 <= int(day) <= 31:
            d = int(day)
            return f"{'1er' if d == 1 else d} {name} {year}"
        return f"{name} {year}"
    return year


def format_score(score: float) -> str:
    return f"{score:.2f}".replace(".", ",")


def country_name(code: str) -> str:
    """French name of an ISO 3166-1 alpha-2 code (the code itself when unknown)."""
    from .metadata import country_name as _name

    return _name(code) or code


def _enumerate_fr(items: Sequence[str], limit: int = 4) -> str:
    items = [i for i in items if i]
    shown = list(items[:limit])
    more = len(items) - len(shown)
    if more > 0:
        return ", ".join(shown) + f" et {more} autre{'s' if more > 1 else ''}"
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " et " + shown[-1]


def _plural(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


def corpus_summary(documents: Sequence[DocumentInfoLike]) -> str:
    """One line saying what the corpus covers: count, authorities, partner countries."""
    if not documents:
        return "Aucun document n'est indexé pour l'instant."
    authorities = sorted({d.metadata.authority for d in documents if d.metadata.authority})
    countries = sorted({country_name(c) for d in documents for c in d.metadata.countries})
    parts = [f"{_plural(len(documents), 'document')} de coopération décentralisée"]
    if authorities:
        parts.append(f"{_plural(len(authorities), 'collectivité')} ({_enumerate_fr(authorities, 3)})")
    if countries:
        parts.append(f"pays partenaires : {_enumerate_fr(countries, 5)}")
    return " · ".join(parts) + "."


# ---------------------------------------------------------------------------------------------
# Pure rendering functions (escaped HTML).
# ---------------------------------------------------------------------------------------------

#: 👍 / 👎 as inline SVG: they render the same on every machine, with or without an emoji font.
_THUMB_PATHS = {
    "up": "M7 10v12M15 5.9 14 10h5.8a2 2 0 0 1 2 2.3l-1.4 8A2 2 0 0 1 18.4 22H4a2 2 0 0 1-2-2v-8a2 2 0 0 1 2-2h2.8"
    "a2 2 0 0 0 1.8-1.1L12 2a3.1 3.1 0 0 1 3 3.9Z",
    "down": "M17 14V2M9 18.1 10 14H4.2a2 2 0 0 1-2-2.3l1.4-8A2 2 0 0 1 5.6 2H20a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2h-2.8"
    "a2 2 0 0 0-1.8 1.1L12 22a3.1 3.1 0 0 1-3-3.9Z",
}
_THUMBS = {
    k: f'<svg class="coop-icon" aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="16" height="16" '
    f'fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">'
    f'<path d="{d}"/></svg>'
    for k, d in _THUMB_PATHS.items()
}

_CITE_RE = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")


def render_header(documents: Sequence[DocumentInfoLike]) -> str:
    return (
        '<header class="coop-header">'
        f"<h1>{esc(APP_NAME)}</h1>"
        f"<p>Recherche dans vos documents : {esc(corpus_summary(documents))}</p>"
        '<p class="coop-offline">Chaque réponse cite ses sources. Tout reste sur cet ordinateur : '
        "aucune donnée n'est envoyée à l'extérieur.</p>"
        "</header>"
    )


def render_welcome(documents: Sequence[DocumentInfoLike], examples: Sequence[str]) -> str:
    """The onboarding view: how it works, example questions (buttons) and the documents."""
    out = [
        '<section class="coop-welcome" aria-labelledby="coop-welcome-title">',
        '<h2 id="coop-welcome-title">Bienvenue</h2>',
        "<p>Posez une question en français dans le champ « Votre question » ci-dessous. "
        "L'assistant répond uniquement à partir des documents listés ici : chaque phrase de la réponse "
        "se termine par un renvoi comme <strong>[1]</strong>, sur lequel vous pouvez cliquer pour lire "
        "le passage exact dans le document. Vous pouvez ensuite poser des questions de suivi "
        "(« Depuis quand ? »).</p>",
    ]
    if examples:
        out.append('<h3 id="coop-examples-title">Exemples de questions</h3>')
        out.append('<ul class="coop-examples" aria-labelledby="coop-examples-title">')
        for i, q in enumerate(examples):
            out.append(
                f'<li><button type="button" class="coop-example" data-act="example" data-i="{i}">{esc(q)}</button></li>'
            )
        out.append("</ul>")
    out.append(f'<h3 id="coop-docs-title">Documents disponibles ({len(documents)})</h3>')
    if documents:
        out.append(
            '<table class="coop-doclist" aria-labelledby="coop-docs-title"><thead><tr>'
            '<th scope="col">Document</th><th scope="col">Collectivité</th>'
            '<th scope="col">Date</th><th scope="col">Taille</th></tr></thead><tbody>'
        )
        for d in documents:
            out.append(
                "<tr>"
                f'<td><button type="button" class="coop-linklike" data-act="doc" data-doc="{esc(d.id)}" '
                f'title="Ouvrir le document">{esc(d.title)}</button></td>'
                f"<td>{esc(d.metadata.authority or '—')}</td>"
                f'<td class="coop-num">{esc(format_date(d.metadata.date) or "—")}</td>'
                f'<td class="coop-num">{esc(format_size(d.size))}</td>'
                "</tr>"
            )
        out.append("</tbody></table>")
    else:
        out.append(
            "<p>Aucun document n'est indexé. Placez vos fichiers dans le dossier des documents puis "
            "lancez l'indexation (<code>coop ingest</code>).</p>"
        )
    out.append("</section>")
    return "".join(out)


def render_answer_text(answer: Answer, turn: int) -> str:
    """The answer as escaped HTML where every known ``[n]`` is a button opening its source."""
    by_n = {c.n: c for c in answer.citations}
    out: list[str] = []
    pos = 0
    text = answer.text
    short = answer.short_answer
    first_marker = _CITE_RE.search(text)
    bold = text.find(short, 0, first_marker.start() if first_marker else len(text)) if short else -1
    for m in _CITE_RE.finditer(text):
        numbers = [int(x) for x in re.split(r"\s*[,;]\s*", m.group(1))]
        if not all(n in by_n for n in numbers):
            continue
        out.append(_with_bold(text, pos, m.start(), bold, len(short or "")))
        for n in numbers:
            c = by_n[n]
            where = f" — {c.section}" if c.section and c.section != c.title else ""
            out.append(
                f'<button type="button" class="coop-cite" data-act="cite" data-turn="{turn}" data-n="{n}" '
                f'title="Source {n} : {esc(c.title + where)} (ouvrir le passage)">[{n}]</button>'
            )
        pos = m.end()
    out.append(_with_bold(text, pos, len(text), bold, len(short or "")))
    return "".join(out)


def _with_bold(text: str, start: int, end: int, bold: int, length: int) -> str:
    """``text[start:end]`` escaped, with the short answer (at ``bold``) in bold when it lies there."""
    if bold < start or bold + length > end or not length:
        return esc(text[start:end])
    return (
        esc(text[start:bold])
        + f'<strong class="coop-short">{esc(text[bold : bold + length])}</strong>'
        + esc(text[bold + length : end])
    )


def _filters_note(filters: Mapping[str, Sequence[str]], titles: Mapping[str, str]) -> str:
    """« pays : Arménie; année de publication : 2025 » (keys unknown to :data:`FILTERS` are shown as is)."""
    parts = []
    keys = [*FILTER_ORDER, *(k for k in filters if k not in FILTER_BY_KEY)]
    for key in keys:
        values = [str(v) for v in filters.get(key, ()) or ()]
        if not values:
            continue
        if key == "source":
            values = [titles.get(v, v) for v in values]
        elif key == "country":
            values = [country_name(v) for v in values]
        spec = FILTER_BY_KEY.get(key)
        parts.append(f"{spec.noun if spec else key} : {', '.join(values)}")
    return "; ".join(parts)


def _notfound_advice(turn: Turn) -> str:
    tips = [
        "Reformulez avec les mots des documents : nom de la collectivité, de la ville partenaire, du pays "
        "ou du projet.",
        "Posez une seule question à la fois, courte et précise.",
    ]
    if turn.filters:
        tips.append("Des filtres sont actifs : élargissez-les ou effacez-les, la réponse est peut-être ailleurs.")
    tips.append("L'information n'est peut-être pas dans les documents indexés : l'assistant n'invente rien.")
    items = "".join(f"<li>{esc(t)}</li>" for t in tips)
    return (
        '<div class="coop-notfound">'
        f"<p><strong>{esc(turn.answer.text if turn.answer else NOT_FOUND)}</strong></p>"
        "<p>Les passages les plus proches sont affichés dans le panneau « Sources » : vérifiez-les "
        "vous-même.</p>"
        f"<p>Pour reformuler :</p><ul>{items}</ul></div>"
    )


def render_turn(turn: Turn, index: int, *, selected: bool, titles: Mapping[str, str] | None = None) -> str:
    """One question with its answer (or its pending / error / not-found state)."""
    titles = titles or {}
    cls = "coop-turn coop-selected" if selected else "coop-turn"
    out = [
        f'<article class="{cls}" id="coop-turn-{index}" aria-labelledby="coop-q-{index}">',
        f'<h2 class="coop-question" id="coop-q-{index}">{esc(turn.question)}</h2>',
    ]
    if turn.pending:
        out.append('<p class="coop-pending" aria-busy="true">Recherche en cours dans les documents…</p>')
    elif turn.error is not None:
        out.append(f'<p class="coop-error" role="alert">{esc(turn.error)}</p>')
    elif turn.answer is not None:
        answer = turn.answer
        if answer.abstained:
            out.append(_notfound_advice(turn))
        else:
            out.append(f'<p class="coop-answer">{render_answer_text(answer, index)}</p>')
        out.append(f'<p class="coop-query">Recherche effectuée : « {esc(answer.search_query)} »</p>')
        note = _filters_note(turn.filters, titles)
        if note:
            out.append(f'<p class="coop-filters-note">Filtres appliqués — {esc(note)}</p>')
        count = len(answer.citations) if not answer.abstained else min(len(answer.passages), NEAREST_SHOWN)
        what = (
            _plural(count, "source") if not answer.abstained else _plural(count, "passage proche", "passages proches")
        )
        pressed = "true" if selected else "false"
        out.append('<div class="coop-actions">')
        out.append(
            f'<button type="button" class="coop-btn" data-act="select" data-turn="{index}" '
            f'aria-pressed="{pressed}">Afficher les sources ({esc(what)})</button>'
        )
        out.append(f'<span class="coop-rating" role="group" aria-label="Votre avis sur la réponse {index + 1}">')
        for rating, label in (("up", "Réponse utile"), ("down", "Réponse pas utile")):
            pressed = "true" if turn.rating == rating else "false"
            out.append(
                f'<button type="button" class="coop-btn" data-act="rate" data-turn="{index}" '
                f'data-rating="{rating}" aria-pressed="{pressed}">{_THUMBS[rating]} {label}</button>'
            )
        out.append("</span></div>")
    out.append("</article>")
    return "".join(out)


def render_conversation(
    conv: Conversation, welcome: str, *, scroll_to_last: bool = False, titles: Mapping[str, str] | None = None
) -> str:
    """The whole conversation, or the welcome view when it is empty."""
    if not conv.turns:
        return welcome
    scroll = f' data-scroll-to="coop-turn-{len(conv.turns) - 1}"' if scroll_to_last else ""
    body = "".join(render_turn(t, i, selected=(conv.selected == i), titles=titles) for i, t in enumerate(conv.turns))
    return f'<div class="coop-conversation" role="log" aria-label="Conversation"{scroll}>{body}</div>'


def shorten(text: str, start: int, end: int, context: int) -> tuple[int, int]:
    """Bounds of ``text[start:end]`` widened by about ``context`` characters, cut between words."""
    lo, hi = max(0, start - context), min(len(text), end + context)
    if lo > 0:
        space = text.find(" ", lo, start)
        lo = space + 1 if space >= 0 else lo
    if hi < len(text):
        space = text.rfind(" ", end, hi)
        hi = space if space >= 0 else hi
    return lo, hi


def highlight(
    passage: str, passage_start: int, start: int, end: int, quote: str = "", *, context: int | None = None
) -> str:
    """Escaped ``passage`` with the document span ``[start, end)`` wrapped in ``<mark>``.

    With ``context``, only the quote and about that many characters around it are kept (« … »).
    """
    s, e = start - passage_start, end - passage_start
    if not (0 <= s < e <= len(passage)) or (quote and passage[s:e] != quote):
        found = passage.find(quote) if quote else -1
        if found < 0:
            return esc(passage) if context is None else excerpt(passage, 2 * context)
        s, e = found, found + len(quote)
    lo, hi = (0, len(passage)) if context is None else shorten(passage, s, e, context)
    before = ("… " if lo > 0 else "") + passage[lo:s]
    after = passage[e:hi] + (" …" if hi < len(passage) else "")
    return f'{esc(before)}<mark class="coop-quote">{esc(passage[s:e])}</mark>{esc(after)}'


def excerpt(text: str, limit: int) -> str:
    """Escaped beginning of ``text``, about ``limit`` characters, cut between words."""
    if len(text) <= limit:
        return esc(text)
    _, hi = shorten(text, 0, 0, limit)
    return esc(text[:hi].rstrip() + " …")


def _location(section: str, title: str, page: int | None, date: str | None) -> str:
    bits = []
    if section and section != title:
        bits.append(f"Section : {section}")
    if page:
        bits.append(f"page {page}")
    if date:
        bits.append(format_date(date))
    return " · ".join(bits)


def passage_for(citation: Citation, hits: Sequence[Hit]) -> tuple[int, str] | None:
    """The retrieved passage a citation quotes, taken from the answer's own passages."""
    best: Hit | None = None
    for h in hits:
        c = h.chunk
        if c.doc_id != citation.source:
            continue
        if c.start == citation.passage_start and c.end == citation.passage_end:
            return c.start, c.text
        if c.start <= citation.start and citation.end <= c.end and best is None:
            best = h
    return (best.chunk.start, best.chunk.text) if best else None


def render_sources(conv: Conversation) -> str:
    """The sources panel for the selected answer: cited passages, or the nearest ones."""
    if conv.selected is None or not (0 <= conv.selected < len(conv.turns)):
        return (
            '<section class="coop-sources" aria-label="Sources"><p class="coop-placeholder">'
            "Les passages cités par la réponse sélectionnée s'afficheront ici. Cliquez sur un renvoi [1] "
            "ou sur « Afficher les sources » sous une réponse.</p></section>"
        )
    index = conv.selected
    turn = conv.turns[index]
    answer = turn.answer
    if answer is None:
        return (
            '<section class="coop-sources" aria-label="Sources">'
            '<p class="coop-placeholder">Pas de sources.</p></section>'
        )
    out = ['<section class="coop-sources" aria-labelledby="coop-sources-title">']
    if not answer.abstained:
        out.append(f'<h2 id="coop-sources-title">Sources de la réponse {index + 1}</h2>')
        out.append(
            f'<p class="coop-intro">Question : « {esc(turn.question)} ». La phrase citée est surlignée '
            "dans son passage.</p>"
        )
        out.append('<ol class="coop-source-list">')
        for c in answer.citations:
            found = turn.passages.get(c.n)
            if found:
                body = highlight(found[1], found[0], c.start, c.end, c.text, context=SOURCE_CONTEXT)
            else:
                body = f'<mark class="coop-quote">{esc(c.text)}</mark>'
            where = _location(c.section, c.title, c.page, c.date)
            meta = " · ".join(x for x in (where, f"pertinence {format_score(c.score)}") if x)
            out.append(
                f'<li class="coop-source" id="coop-src-{index}-{c.n}">'
                f'<h3><span class="coop-num">[{c.n}]</span>{esc(c.title)}</h3>'
                f'<p class="coop-meta">{esc(meta)}</p>'
                f'<blockquote class="coop-passage-text">{body}</blockquote>'
                f'<button type="button" class="coop-btn" data-act="open" data-turn="{index}" data-kind="cite" '
                f'data-i="{c.n}">Ouvrir le document à cet endroit<span class="coop-sr-only"> (source {c.n})'
                "</span></button></li>"
            )
        out.append("</ol>")
    else:
        out.append(f'<h2 id="coop-sources-title">Passages les plus proches (réponse {index + 1})</h2>')
        out.append(
            f'<p class="coop-intro">Aucun passage ne répond directement à « {esc(turn.question)} ». '
            "Voici les plus proches, du plus au moins pertinent ; ouvrez le document pour lire la suite.</p>"
        )
        if not answer.passages:
            out.append('<p class="coop-placeholder">Aucun passage n\'a été trouvé.</p>')
        out.append('<ol class="coop-source-list">')
        for i, h in enumerate(answer.passages[:NEAREST_SHOWN]):
            ch = h.chunk
            where = _location(ch.section, ch.title, ch.page, ch.metadata.date)
            meta = " · ".join(x for x in (where, f"pertinence {format_score(h.score)}") if x)
            out.append(
                f'<li class="coop-source" id="coop-src-{index}-p{i}">'
                f'<h3><span class="coop-num">{i + 1}.</span>{esc(ch.title)}</h3>'
                f'<p class="coop-meta">{esc(meta)}</p>'
                f'<blockquote class="coop-passage-text">{excerpt(ch.text, 2 * SOURCE_CONTEXT)}</blockquote>'
                f'<button type="button" class="coop-btn" data-act="open" data-turn="{index}" data-kind="passage" '
                f'data-i="{i}">Ouvrir le document à cet endroit<span class="coop-sr-only"> (passage {i + 1})'
                "</span></button></li>"
            )
        out.append("</ol>")
    out.append("</section>")
    return "".join(out)


@dataclass(frozen=True)
class Focus:
    """Where to open a document: a passage and, inside it, a quote (document offsets)."""

    passage_start: int | None = None
    passage_end: int | None = None
    start: int | None = None
    end: int | None = None
    label: str = ""


def refocus(text: str, focus: Focus, at: int, quoted: str) -> Focus | None:
    """``focus``, whose offsets expect ``quoted`` at ``at``, in ``text`` (the document as indexed now).

    After ``coop ingest`` an older answer's offsets may point elsewhere in an edited document: the
    focus moves with the quoted text, or is None when that text is no longer in the document.
    """
    if text[at : at + len(quoted)] == quoted:
        return focus
    found = text.find(quoted) if quoted else -1
    if found < 0:
        return None
    shift = found - at

    def move(x: int | None) -> int | None:
        return None if x is None else x + shift

    return Focus(move(focus.passage_start), move(focus.passage_end), move(focus.start), move(focus.end), focus.label)


EDITED_NOTE = (
    "Ce document a été modifié depuis cette réponse : le passage cité n'y figure plus. "
    "Posez à nouveau la question pour obtenir une réponse à jour."
)


def render_document(doc: Document, focus: Focus | None = None, *, nonce: int = 0, notice: str = "") -> str:
    """The whole document as inert text, with the focused passage and quote highlighted."""
    text = doc.text
    n = len(text)
    focus = focus or Focus()

    def clip(x: int | None) -> int | None:
        return None if x is None else max(0, min(n, x))

    ps, pe = clip(focus.passage_start), clip(focus.passage_end)
    qs, qe = clip(focus.start), clip(focus.end)
    if ps is None or pe is None or pe <= ps:
        ps = pe = None
    if qs is None or qe is None or qe <= qs:
        qs = qe = None
    if ps is not None and pe is not None and qs is not None and qe is not None:
        ps, pe = min(ps, qs), max(pe, qe)  # the quote always lies inside the highlighted passage
    anchor = qs if qs is not None else ps

    lo, hi = 0, n
    if n > MAX_DOC_CHARS:
        center = anchor or 0
        lo = max(0, center - MAX_DOC_CHARS // 2)
        hi = min(n, lo + MAX_DOC_CHARS)
        lo = max(0, hi - MAX_DOC_CHARS)

    marks: dict[int, list[str]] = {}

    def add(pos: int, tag: str) -> None:
        marks.setdefault(pos, []).append(tag)

    target = ' tabindex="-1" data-target="1"'
    if ps is not None and pe is not None:
        add(
            ps,
            '<span class="coop-passage coop-passage-target"' + target + ">"
            if qs is None
            else '<span class="coop-passage">',
        )
    if qs is not None and qe is not None:
        add(qs, f'<mark class="coop-quote"{target}>')
        add(qe, "</mark>")
    if ps is not None and pe is not None:
        add(pe, "</span>")
    cuts = sorted({lo, hi, *[p for p in marks if lo <= p <= hi]})
    body: list[str] = []
    if lo > 0:
        body.append(f'<span class="coop-truncated">[… début du document non affiché ({lo} caractères) …]</span>\n')
    for a, b in zip(cuts, [*cuts[1:], None], strict=False):
        for tag in _ordered(marks.get(a, [])):
            body.append(tag)
        if b is not None:
            body.append(esc(text[a:b]))
    if hi < n:
        body.append(f'\n<span class="coop-truncated">[… suite du document non affichée ({n - hi} caractères) …]</span>')

    m = doc.metadata
    meta = [doc.format.upper(), format_size(doc.size)]
    if m.date:
        meta.append(format_date(m.date))
    if m.authority:
        meta.append(m.authority)
    if m.countries:
        meta.append(", ".join(country_name(c) for c in m.countries))
    note = f'<p class="coop-doc-target-note" role="note">{esc(notice)}</p>' if notice else ""
    if anchor is not None:
        section = doc.section_at(anchor)
        where = []
        if section and section.heading:
            where.append(f"section « {section.heading} »")
        if section and section.page:
            where.append(f"page {section.page}")
        label = focus.label or "Passage"
        note = (
            f'<p class="coop-doc-target-note"><mark class="coop-quote">{esc(label)}</mark> surligné'
            f"{esc(' — ' + ', '.join(where)) if where else ''}.</p>"
        )
    return (
        f'<article class="coop-docview" aria-labelledby="coop-doc-title" data-open="{nonce}">'
        f'<h2 id="coop-doc-title">{esc(doc.title)}</h2>'
        f'<p class="coop-meta">{esc(" · ".join(meta))}</p>'
        f"{note}"
        f'<div class="coop-doc-text" role="region" aria-label="Texte du document" tabindex="0">{"".join(body)}</div>'
        "</article>"
    )


def _ordered(tags: list[str]) -> list[str]:
    """Closing tags before opening ones at the same offset, and </mark> before </span>."""
    closing = [t for t in tags if t.startswith("</")]
    closing.sort(key=lambda t: 0 if t == "</mark>" else 1)
    opening = [t for t in tags if not t.startswith("</")]
    opening.sort(key=lambda t: 0 if t.startswith("<span") else 1)
    return closing + opening


DOC_PLACEHOLDER = (
    '<section class="coop-docview" aria-label="Document"><p class="coop-placeholder">Cliquez sur un renvoi [1] '
    "dans une réponse, ou sur « Ouvrir le document à cet endroit » dans les sources, pour lire ici le "
    "document entier à l'endroit cité.</p></section>"
)


def status_html(message: str, kind: str = "info") -> str:
    return f'<span class="coop-status-{esc(kind)}">{esc(message)}</span>' if message else ""


# ---------------------------------------------------------------------------------------------
# Export and feedback.
# ---------------------------------------------------------------------------------------------


#: Characters that could make document text markup in a Markdown viewer: HTML (``<``, ``>``, ``&``),
#: links and images (``[``, ``]``: no ``[x](javascript:…)``, no ``![](http://…)``), code spans, escapes.
_MD_SPECIAL = re.compile(r"([\\`<>&\[\]])")


def _md(text: str) -> str:
    """Document (or user) text as Markdown that any viewer shows as this very text: no HTML, link or image."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_line(text: str) -> str:
    """:func:`_md` on one line (headings, titles, notes): line breaks become spaces."""
    return _md(" ".join(text.split()))


def _md_code(text: str) -> str:
    """``text`` as a Markdown code span (shown literally), whatever backticks it holds: a longer fence."""
    text = " ".join(text.split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if longest else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _md_quote(text: str) -> str:
    return "\n".join("> " + _md(line) if line.strip() else ">" for line in text.strip().splitlines())


def conversation_markdown(
    conv: Conversation, *, titles: Mapping[str, str] | None = None, now: datetime | None = None
) -> str:
    """The conversation as a Markdown document, each answer followed by its sources."""
    titles = titles or {}
    stamp = (now or datetime.now()).strftime("%d/%m/%Y à %H:%M")
    out = [f"# Conversation avec {APP_NAME}", "", f"Exportée le {stamp}.", ""]
    number = 0
    for turn in conv.turns:
        if turn.pending:
            continue
        number += 1
        out += [f"## {number}. {_md_line(turn.question)}", ""]
        if turn.error is not None:
            out += [f"*Erreur : {_md_line(turn.error)}*", ""]
            continue
        answer = turn.answer
        if answer is None:
            continue
        out += [_md(answer.text), "", f"*Recherche effectuée : {_md_line(answer.search_query)}*", ""]
        note = _filters_note(turn.filters, titles)
        if note:
            out += [f"*Filtres appliqués — {_md_line(note)}*", ""]
        if not answer.abstained and answer.citations:
            out += ["### Sources", ""]
            for c in answer.citations:
                where = _location(c.section, c.title, c.page, c.date)
                out.append(
                    f"{c.n}. **{_md_line(c.title)}**"
                    + (f" — {_md_line(where)}" if where else "")
                    + f" ({_md_code(c.source)}, pertinence {format_score(c.score)})"
                )
                out.append("")
                out.append(_md_quote(c.text))
                out.append("")
        elif answer.abstained and answer.passages:
            out += ["### Passages les plus proches", ""]
            for i, h in enumerate(answer.passages[:5], 1):
                ch = h.chunk
                where = _location(ch.section, ch.title, ch.page, None)
                out.append(
                    f"{i}. **{_md_line(ch.title)}**"
                    + (f" — {_md_line(where)}" if where else "")
                    + f" ({_md_code(ch.doc_id)}, pertinence {format_score(h.score)})"
                )
                out.append("")
                out.append(_md_quote(ch.text))
                out.append("")
    if number == 0:
        out += ["(Conversation vide.)", ""]
    return "\n".join(out).rstrip() + "\n"


def feedback_record(turn: Turn, rating: str, comment: str = "", *, now: datetime | None = None) -> dict[str, Any]:
    """One line of the feedback file."""
    answer = turn.answer
    return {
        "timestamp": (now or datetime.now(UTC)).isoformat(timespec="seconds"),
        "answer_id": turn.id,
        "question": turn.question,
        "search_query": answer.search_query if answer else "",
        "answer": answer.text if answer else "",
        "abstained": answer.abstained if answer else None,
        "citations": [c.as_dict() for c in answer.citations] if answer else [],
        "filters": turn.filters,
        "rating": rating,
        "comment": comment.strip(),
    }


def feedback_refusal(conv: Conversation, turn: Turn) -> str | None:
    """Why one more line of feedback about ``turn`` is refused (French), or ``None``."""
    if turn.feedback_lines >= MAX_FEEDBACK_PER_ANSWER:
        return "Votre avis sur cette réponse est déjà enregistré : merci !"
    if conv.feedback_lines >= MAX_FEEDBACK_PER_SESSION:
        return f"Vous avez déjà donné {MAX_FEEDBACK_PER_SESSION} avis pendant cette session : merci !"
    return None


def comment_refusal(comment: str) -> str | None:
    """Why a feedback comment is refused (French), or ``None``."""
    if not (comment or "").strip():
        return "Le commentaire est vide : écrivez-le ou fermez."
    if len(comment) > MAX_COMMENT_CHARS:
        return (
            f"Le commentaire est trop long ({len(comment)} caractères, maximum {MAX_COMMENT_CHARS}) : raccourcissez-le."
        )
    return None


def private_folder(path: Path, *, tighten: bool = True) -> Path:
    """``path`` as a folder of the app: created readable by this user only (0700).

    An existing folder is set to 0700 too when ``tighten`` (folders the app owns), left as is
    otherwise (a folder the user chose, which may hold other things).
    """
    existed = path.is_dir()
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if tighten or not existed:
        with contextlib.suppress(OSError):
            path.chmod(0o700)
    return path


def write_private(path: Path, text: str, *, append: bool = False) -> None:
    """Write (or append) ``text`` to ``path``, a file readable and writable by this user only (0600)."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if append else os.O_TRUNC)
    fd = os.open(path, flags, 0o600)
    with os.fdopen(fd, "a" if append else "w", encoding="utf-8") as fh:
        with contextlib.suppress(OSError):  # a file left 0644 by an earlier version is tightened
            os.fchmod(fh.fileno(), 0o600)
        fh.write(text)


_feedback_lock = threading.Lock()


def append_feedback(path: Path, record: Mapping[str, Any]) -> None:
    """Append one JSON line to the feedback file (0600), creating its folder (0700)."""
    private_folder(path.parent, tighten=False)
    line = json.dumps(record, ensure_ascii=False) + "\n"
    with _feedback_lock:
        write_private(path, line, append=True)


# ---------------------------------------------------------------------------------------------
# API helpers.
# ---------------------------------------------------------------------------------------------


def parse_history(value: Any) -> list[str]:
    """``history`` of the API: a list of strings, a JSON list, or empty."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        check_json_text("history", value)
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            raise QueryError(
                '« history » doit être une liste de questions, par exemple ["Question précédente"].'
            ) from None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise QueryError("« history » doit être une liste de questions (chaînes de caractères).")
    return check_history([v for v in value if v.strip()])


def parse_filters(value: Any) -> dict[str, str | list[str]]:
    """``filters`` of the API: a mapping, a JSON object, or empty."""
    if value is None or value == "":
        return {}
    if isinstance(value, str):
        check_json_text("filters", value)
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            raise QueryError('« filters » doit être un objet JSON, par exemple {"country": ["AM"]}.') from None
    if not isinstance(value, Mapping):
        raise QueryError('« filters » doit être un objet, par exemple {"theme": "santé"}.')
    count = sum(len(v) if isinstance(v, list) else 1 for v in value.values())
    if len(value) > len(FILTER_KEYS) or count > MAX_FILTER_VALUES:
        raise QueryError(f"Trop de valeurs de filtres (plus de {MAX_FILTER_VALUES}) : choisissez-en moins.")
    out: dict[str, str | list[str]] = {}
    for key, v in value.items():
        if isinstance(v, str):
            out[str(key)] = v
        elif isinstance(v, list) and all(isinstance(x, str) for x in v):
            out[str(key)] = list(v)
        else:
            raise QueryError(f"Filtre « {key} » : une valeur ou une liste de valeurs (texte) est attendue.")
    return out


def ui_filters(*selections: Sequence[str] | None, keys: Sequence[str] = FILTER_ORDER) -> dict[str, list[str]]:
    """Dropdown selections (in ``keys`` order) → the ``filters`` argument of ``ask``."""
    out: dict[str, list[str]] = {}
    for key, sel in zip(keys, selections, strict=False):
        values = [v for v in (sel or []) if v]
        if values:
            out[key] = values
    return out


def user_message(exc: BaseException) -> str:
    """What the user sees for an exception: its French message, never a traceback."""
    if isinstance(exc, CoopError):
        return exc.message
    return GENERIC_ERROR


# ---------------------------------------------------------------------------------------------
# Security headers and the French page (ASGI middleware).
# ---------------------------------------------------------------------------------------------

#: Only this machine: no CDN, no font service, no image from anywhere else.
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; media-src 'self' blob:; "
    "worker-src 'self' blob:; frame-src 'none'; object-src 'none'; base-uri 'self'; form-action 'self'"
)

#: Runs before Gradio starts: French page language, and French for Gradio's own strings
#: (Gradio picks its locale from navigator.language, which may be English on some machines).
_EARLY_SCRIPT = (
    b"<script>(function(){try{var P=Navigator.prototype;"
    b'Object.defineProperty(P,"language",{get:function(){return "fr-FR"},configurable:true});'
    b'Object.defineProperty(P,"languages",{get:function(){return ["fr-FR","fr"]},configurable:true});'
    b'}catch(e){}document.documentElement.lang="fr";})();</script>'
)


#: Gradio routes the app never uses, refused to everyone: file upload (the app has no upload) and
#: the proxy to outside hosts.
REFUSED_ROUTES = ("/gradio_api/upload", "/gradio_api/proxy=", "/gradio_api/process_recording")
FILE_ROUTE = "/gradio_api/file="


def is_loopback(host: str) -> bool:
    """``127.0.0.1``, ``::1``, ``localhost``: only this machine can connect."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _host_port(netloc: str, default_port: int | None) -> tuple[str, int | None]:
    parts = urlsplit("//" + netloc.split(",")[0].strip())
    return (parts.hostname or "", parts.port or default_port)


def same_origin(origin: str | None, *hosts: str | None) -> bool:
    """Whether a browser's ``Origin`` is the address it reached the app at (``Host``, or the
    ``X-Forwarded-Host`` of a reverse proxy); ``null`` and any other site are foreign."""
    if not origin:
        return False
    try:
        parts = urlsplit(origin.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return False
        default = 443 if parts.scheme == "https" else 80
        own = (parts.hostname, parts.port or default)
        return any(h and _host_port(h, default) == own for h in hosts)
    except ValueError:
        return False


class OwnOriginCORSMiddleware(_gr_route_utils.CustomCORSMiddleware):
    """Gradio's CORS middleware, allowing only the app's own origin.

    Gradio 6.31 sends back any ``Origin`` with ``Access-Control-Allow-Credentials`` as soon as the
    ``Host`` is not localhost and has no setting to restrict it, so its class is replaced (below)
    by this one: a foreign page gets no ``Access-Control-Allow-Origin`` and cannot read answers.
    """

    def is_valid_origin(self, request_headers: Headers) -> bool:
        return same_origin(
            request_headers.get("origin"), request_headers.get("host"), request_headers.get("x-forwarded-host")
        )


_gr_routes.CustomCORSMiddleware = OwnOriginCORSMiddleware  # type: ignore[misc]


def _refusal(path: str, method: str, headers: Headers, local_only: bool) -> tuple[int, str] | None:
    """Why a request is refused before it reaches Gradio (status, French text), or None."""
    if local_only and not is_loopback(_host_port(headers.get("host") or "", None)[0]):
        # Without accounts the app only answers this machine (also stops DNS rebinding).
        return 403, "Accès refusé : sans comptes, l'assistant ne répond qu'à cet ordinateur."
    if any(path.startswith(p) for p in REFUSED_ROUTES):
        return 403, "Accès refusé : l'assistant n'accepte aucun envoi de fichier ni relais vers un autre site."
    if path.startswith(FILE_ROUTE):
        target = path[len(FILE_ROUTE) :].strip().lower()
        if target.startswith(("http:", "https:", "//", "\\\\")) or "://" in target:
            return 403, "Accès refusé : l'assistant ne va chercher aucun fichier sur un autre site."
    origin = headers.get("origin")
    if (
        origin is not None
        and method not in ("GET", "HEAD", "OPTIONS")
        and not same_origin(origin, headers.get("host"), headers.get("x-forwarded-host"))
    ):
        return 403, "Accès refusé : demande venue d'un autre site."
    return None


class FrenchPageMiddleware:
    """Adds security headers to every response and makes the HTML page French (``lang="fr"``).

    It also refuses, with a French text and no detail, what the app never needs: uploads, remote
    ``file=`` and ``proxy=`` fetches, state-changing requests sent by another site, and (when
    ``local_only``: no accounts) any address but this machine's.
    """

    def __init__(self, app: ASGIApp, local_only: bool = False) -> None:
        self.app = app
        self.local_only = local_only

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        from starlette.datastructures import Headers

        refused = _refusal(scope.get("path", ""), scope.get("method", "GET"), Headers(scope=scope), self.local_only)
        if refused is not None:
            status, text = refused
            body = text.encode("utf-8")
            await send(
                {
                    "type": "http.response.start",
                    "status": status,
                    "headers": [
                        (b"content-type", b"text/plain; charset=utf-8"),
                        (b"content-length", str(len(body)).encode()),
                        (b"content-security-policy", CSP.encode()),
                        (b"referrer-policy", b"no-referrer"),
                        (b"x-content-type-options", b"nosniff"),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        held: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower() not in (b"content-security-policy", b"referrer-policy", b"x-content-type-options")
                ]
                headers += [
                    (b"content-security-policy", CSP.encode()),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-content-type-options", b"nosniff"),
                ]
                ctype = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                if ctype.startswith(b"text/html") and scope.get("method") == "GET":
                    held["start"] = {**message, "headers": headers}
                    return
                await send({**message, "headers": headers})
                return
            if message["type"] == "http.response.body" and "start" in held:
                chunks.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                body = b"".join(chunks)
                body = re.sub(rb'<html(\s+)lang="[^"]*"', rb'<html\1lang="fr"', body, count=1)
                body = body.replace(b"<head>", b"<head>" + _EARLY_SCRIPT, 1)
                start = held.pop("start")
                headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
                headers.append((b"content-length", str(len(body)).encode()))
                await send({**start, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
            await send(message)

        await self.app(scope, receive, wrapped)


# ---------------------------------------------------------------------------------------------
# The Gradio application.
# ---------------------------------------------------------------------------------------------

_CONVERSATION_JS = """
element.addEventListener('click', (ev) => {
  const b = ev.target.closest('button[data-act]');
  if (!b || !element.contains(b)) return;
  const d = b.dataset;
  if (d.act === 'cite') trigger('cite', {turn: d.turn, n: d.n});
  else if (d.act === 'select') trigger('choose', {turn: d.turn});
  else if (d.act === 'rate') trigger('rate', {turn: d.turn, rating: d.rating});
  else if (d.act === 'example') trigger('example', {i: d.i});
  else if (d.act === 'doc') trigger('opendoc', {doc: d.doc});
});
watch('value', () => {
  const root = element.querySelector('[data-scroll-to]');
  if (!root) return;
  const t = element.querySelector('#' + CSS.escape(root.dataset.scrollTo));
  if (t) t.scrollIntoView({block: 'nearest'});
});
"""

_SOURCES_JS = """
element.addEventListener('click', (ev) => {
  const b = ev.target.closest('button[data-act="open"]');
  if (!b || !element.contains(b)) return;
  trigger('open', {turn: b.dataset.turn, kind: b.dataset.kind, i: b.dataset.i});
});
"""

_VIEWER_JS = """
// The Document tab is rendered lazily: scroll on first render, then on every new opening.
const reveal = () => {
  const t = element.querySelector('[data-target]');
  if (!t) return;
  let tries = 0;
  const go = () => {
    if (t.offsetParent === null && tries++ < 60) { setTimeout(go, 50); return; }
    t.scrollIntoView({block: 'center'});
    t.focus({preventScroll: true});
  };
  go();
};
reveal();
watch('value', reveal);
"""


def _theme() -> Any:
    """A sober theme on the machine's own fonts (no Google Fonts request)."""
    system = [
        "system-ui",
        "-apple-system",
        "Segoe UI",
        "Roboto",
        "Ubuntu",
        "Cantarell",
        "Noto Sans",
        "Helvetica Neue",
        "Arial",
        "sans-serif",
    ]
    mono = ["ui-monospace", "SFMono-Regular", "Consolas", "Liberation Mono", "Menlo", "monospace"]
    return gr.themes.Default(
        primary_hue=gr.themes.colors.blue,
        neutral_hue=gr.themes.colors.gray,
        font=system,
        font_mono=mono,
    ).set(
        button_primary_background_fill="#1e40af",
        button_primary_background_fill_hover="#1e3a8a",
        button_primary_text_color="#ffffff",
        block_label_text_color="*neutral_700",
        block_title_text_color="*neutral_800",
        input_placeholder_color="*neutral_500",
        block_info_text_color="*neutral_600",
        button_transition="none",
        block_info_text_color_dark="*neutral_300",
    )


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _generation(assistant: AssistantLike) -> int:
    """The index generation the assistant answers from (0 for one that does not follow its index)."""
    return int(getattr(assistant, "generation", 0))


class _DocumentCache:
    """A few recently opened documents, so that jumping between citations stays instant.

    Keyed by index generation: after ``coop ingest``, an edited document is read again.
    """

    def __init__(self, loader: Callable[[str], Document], generation: Callable[[], int], size: int = 8) -> None:
        self._loader = loader
        self._generation = generation
        self._size = size
        self._items: OrderedDict[tuple[int, str], Document] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, doc_id: str) -> Document:
        key = (self._generation(), doc_id)  # read first: the text loaded after is as new or newer
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        doc = self._loader(doc_id)
        with self._lock:
            self._items[key] = doc
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return doc


@dataclass(frozen=True)
class _CorpusView:
    """What the interface shows of one index generation (welcome page, filters, titles)."""

    generation: int
    documents: list[DocumentInfoLike]
    values: dict[str, list[str]]  # filter key → values
    examples: list[str]
    titles: dict[str, str] = field(default_factory=dict)
    welcome: str = ""

    @classmethod
    def make(
        cls, generation: int, documents: list[DocumentInfoLike], values: dict[str, list[str]], examples: list[str]
    ) -> _CorpusView:
        titles = {d.id: d.title for d in documents}
        return cls(generation, documents, values, examples, titles, render_welcome(documents, examples))


def _example_questions(assistant: AssistantLike) -> list[str]:
    try:
        return list(assistant.example_questions(4))
    except Exception:
        log.exception("Impossible de calculer les exemples de questions")
        return []


def _filter_values(assistant: AssistantLike) -> dict[str, list[str]]:
    try:
        return assistant.filter_values()
    except Exception:
        log.exception("Impossible de lire les valeurs des filtres")
        return {}


class _CorpusViews:
    """The :class:`_CorpusView` of the assistant's current generation, made again when it changes.

    Documents and filter values are read at once (cheap); the example questions (a few ``ask``)
    once per generation, in the background: the previous ones are shown meanwhile.
    """

    def __init__(self, assistant: AssistantLike) -> None:
        self._assistant = assistant
        self._lock = threading.Lock()
        generation = _generation(assistant)
        self._view = _CorpusView.make(
            generation, list(assistant.documents()), _filter_values(assistant), _example_questions(assistant)
        )

    def get(self) -> _CorpusView:
        generation = _generation(self._assistant)  # read first: what is read after is as new or newer
        with self._lock:
            if self._view.generation == generation:
                return self._view
            try:
                documents = list(self._assistant.documents())
            except Exception:
                log.exception("Impossible de lire la liste des documents")
                return self._view
            self._view = _CorpusView.make(generation, documents, _filter_values(self._assistant), self._view.examples)
            threading.Thread(
                target=self._update_examples, args=(generation,), name="coop-examples", daemon=True
            ).start()
            return self._view

    def _update_examples(self, generation: int) -> None:
        examples = _example_questions(self._assistant)
        with self._lock:
            view = self._view
            if view.generation == generation:
                self._view = _CorpusView.make(generation, view.documents, view.values, examples)


def interface_folder(settings: Settings) -> Path:
    """The folder of the interface's files (Gradio's copies, exports), readable by this user only.

    Gradio keeps the files it serves in ``GRADIO_TEMP_DIR`` (by default a folder of the shared
    temporary directory, readable by every user): unless the user chose one, it becomes
    ``<cache>/interface`` (0700), set once per process, before any Blocks reads it.
    """
    own = Path(settings.cache_dir).expanduser().resolve() / "interface"
    if not os.environ.get("GRADIO_TEMP_DIR"):
        os.environ["GRADIO_TEMP_DIR"] = str(own)
    root = Path(os.environ["GRADIO_TEMP_DIR"])
    return private_folder(root, tighten=root == own)


def build_app(
    assistant: AssistantLike, settings: Settings | None = None, *, export_dir: Path | None = None
) -> gr.Blocks:
    """The Gradio Blocks of the interface, bound to an opened assistant.

    ``settings`` (default: the assistant's) gives the app's own knobs, such as ``feedback_path``.
    """
    settings = settings or assistant.settings
    views = _CorpusViews(assistant)  # follows the index generation (« coop ingest » while served)
    first = views.get()  # what the page is built with
    docs_cache = _DocumentCache(assistant.document, lambda: _generation(assistant))
    exports = export_dir or Path(tempfile.mkdtemp(prefix="exports-", dir=interface_folder(settings)))
    if export_dir is None:
        atexit.register(shutil.rmtree, exports, True)
    feedback_path = Path(settings.feedback_path)
    feedback_guard = threading.Lock()  # limits are checked and counted as one step (events run in threads)

    def render_conv(conv: Conversation, scroll: bool = False) -> str:
        view = views.get()
        return render_conversation(conv, view.welcome, scroll_to_last=scroll, titles=view.titles)

    def write_export(conv: Conversation) -> str | None:
        if not any(t.answer is not None for t in conv.turns):
            return None
        folder = exports / conv.id
        if folder.exists():
            shutil.rmtree(folder, ignore_errors=True)
        private_folder(folder)
        path = folder / f"conversation-coop-assistant-{datetime.now():%Y-%m-%d-%Hh%M}.md"
        write_private(path, conversation_markdown(conv, titles=views.get().titles))
        return str(path)

    def export_button(conv: Conversation) -> Any:
        try:
            path = write_export(conv)
        except OSError:
            log.exception("Export impossible")
            path = None
        return gr.DownloadButton(value=path, interactive=path is not None)

    def open_focus(conv: Conversation, doc_id: str, focus: Focus | None, quoted: tuple[int, str] | None = None) -> str:
        """The viewer on ``doc_id``; ``quoted``: (offset, text) the focus expects (an answer's quote)."""
        conv.opened += 1
        doc = docs_cache.get(doc_id)
        if focus is not None and quoted is not None:
            focus = refocus(doc.text, focus, *quoted)
            if focus is None:
                return render_document(doc, None, nonce=conv.opened, notice=EDITED_NOTE)
        return render_document(doc, focus, nonce=conv.opened)

    # ---- event handlers ---------------------------------------------------------------------

    def start_turn(question: str, conv: Conversation, *selections: list[str] | None) -> tuple[Any, ...]:
        raw = question if isinstance(question, str) else ""
        if not raw.strip():
            return conv, gr.skip(), gr.skip(), status_html("Écrivez une question avant de lancer la recherche.")
        if conv.pending is not None:
            return conv, gr.skip(), gr.skip(), status_html("Une recherche est déjà en cours, patientez…")
        if len(conv.turns) >= MAX_SESSION_TURNS:
            return (
                conv,
                gr.skip(),
                gr.skip(),
                status_html(
                    f"Cette conversation compte déjà {MAX_SESSION_TURNS} questions : cliquez sur « Nouvelle "
                    "conversation » pour continuer."
                ),
            )
        refusal = question_refusal(raw)
        if refusal is not None:  # too long: neither searched nor kept, only its beginning is shown
            shown = " ".join(raw[:200].split()) + " …"
            conv.turns.append(Turn(question=shown, error=refusal, pending=False))
            return conv, render_conv(conv, scroll=True), gr.skip(), status_html(refusal)
        try:
            filters = ui_filters(*selections, keys=filter_keys)
            parse_filters(filters)  # the limits of the API
        except QueryError as exc:
            return conv, gr.skip(), gr.skip(), status_html(exc.message)
        q = raw.strip()
        conv.turns.append(Turn(question=q, filters=filters))
        conv.feedback_turn = None
        return conv, render_conv(conv, scroll=True), "", status_html("Recherche en cours…")

    def finish_turn(conv: Conversation) -> tuple[Any, ...]:
        turn = conv.pending
        if turn is None:
            return (conv, gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip())
        index = len(conv.turns) - 1
        try:
            history = conv.history(index)[-MAX_HISTORY_ITEMS:]
            answer = assistant.ask(turn.question, history, filters=turn.filters or None)
            turn.answer = answer
            for c in answer.citations:
                found = passage_for(c, answer.passages)
                if found is None:
                    try:
                        text = docs_cache.get(c.source).text
                        found = (c.passage_start, text[c.passage_start : c.passage_end])
                    except Exception:
                        log.warning("Passage introuvable pour la citation %s de %s", c.n, c.source)
                if found:
                    turn.passages[c.n] = found
            conv.selected = index
            if answer.abstained:
                message = "Aucune réponse trouvée dans les documents ; les passages les plus proches sont affichés."
            else:
                message = f"Réponse trouvée, avec {_plural(len(answer.citations), 'source')}."
        except Exception as exc:
            if not isinstance(exc, CoopError):
                log.exception("Échec de la question %r", turn.question)
            turn.error = user_message(exc)
            message = turn.error
        finally:
            turn.pending = False
        return (
            conv,
            render_conv(conv, scroll=True),
            render_sources(conv),
            gr.Tabs(selected="sources"),
            export_button(conv),
            status_html(message),
        )

    def on_cite(conv: Conversation, evt: gr.EventData) -> tuple[Any, ...]:
        data = evt._data or {}
        index, n = _int(data.get("turn")), _int(data.get("n"))
        try:
            turn = conv.turns[index] if index is not None and 0 <= index < len(conv.turns) else None
            answer = turn.answer if turn else None
            cit = next((c for c in answer.citations if c.n == n), None) if answer else None
            if cit is None or index is None:
                return conv, gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
            conv.selected = index
            viewer = open_focus(
                conv,
                cit.source,
                Focus(cit.passage_start, cit.passage_end, cit.start, cit.end, f"Phrase citée [{cit.n}]"),
                (cit.start, cit.text),
            )
            return (
                conv,
                render_conv(conv),
                render_sources(conv),
                viewer,
                gr.Tabs(selected="document"),
                status_html(f"Document « {cit.title} » ouvert à la source {cit.n}."),
            )
        except Exception as exc:
            log.exception("Ouverture de la citation impossible")
            return conv, gr.skip(), gr.skip(), gr.skip(), gr.skip(), status_html(user_message(exc))

    def on_choose(conv: Conversation, evt: gr.EventData) -> tuple[Any, ...]:
        index = _int((evt._data or {}).get("turn"))
        if index is None or not (0 <= index < len(conv.turns)) or conv.turns[index].answer is None:
            return conv, gr.skip(), gr.skip(), gr.skip()
        conv.selected = index
        return conv, render_conv(conv), render_sources(conv), gr.Tabs(selected="sources")

    def on_open(conv: Conversation, evt: gr.EventData) -> tuple[Any, ...]:
        data = evt._data or {}
        index, i, kind = _int(data.get("turn")), _int(data.get("i")), data.get("kind")
        try:
            turn = conv.turns[index] if index is not None and 0 <= index < len(conv.turns) else None
            answer = turn.answer if turn else None
            if answer is None or i is None:
                return conv, gr.skip(), gr.skip(), gr.skip()
            if kind == "cite":
                cit = next((c for c in answer.citations if c.n == i), None)
                if cit is None:
                    return conv, gr.skip(), gr.skip(), gr.skip()
                doc_id, title = cit.source, cit.title
                focus = Focus(cit.passage_start, cit.passage_end, cit.start, cit.end, f"Phrase citée [{cit.n}]")
                quoted = (cit.start, cit.text)
            else:
                if not (0 <= i < len(answer.passages)):
                    return conv, gr.skip(), gr.skip(), gr.skip()
                ch = answer.passages[i].chunk
                doc_id, title = ch.doc_id, ch.title
                focus = Focus(ch.start, ch.end, None, None, f"Passage proche n° {i + 1}")
                quoted = (ch.start, ch.text)
            viewer = open_focus(conv, doc_id, focus, quoted)
            return conv, viewer, gr.Tabs(selected="document"), status_html(f"Document « {title} » ouvert.")
        except Exception as exc:
            log.exception("Ouverture du document impossible")
            return conv, gr.skip(), gr.skip(), status_html(user_message(exc))

    def on_opendoc(conv: Conversation, evt: gr.EventData) -> tuple[Any, ...]:
        doc_id = str((evt._data or {}).get("doc") or "")
        titles = views.get().titles
        if doc_id not in titles:
            return conv, gr.skip(), gr.skip(), status_html("Ce document n'est pas dans l'index.")
        try:
            viewer = open_focus(conv, doc_id, None)
            return conv, viewer, gr.Tabs(selected="document"), status_html(f"Document « {titles[doc_id]} » ouvert.")
        except Exception as exc:
            log.exception("Ouverture du document impossible")
            return conv, gr.skip(), gr.skip(), status_html(user_message(exc))

    def on_example(evt: gr.EventData) -> Any:
        i = _int((evt._data or {}).get("i"))
        examples = views.get().examples
        if i is None or not (0 <= i < len(examples)):
            return gr.skip()
        return examples[i]

    def on_rate(conv: Conversation, evt: gr.EventData) -> tuple[Any, ...]:
        data = evt._data or {}
        index, rating = _int(data.get("turn")), str(data.get("rating") or "")
        skip = (conv, gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip())
        if index is None or not (0 <= index < len(conv.turns)) or rating not in RATINGS:
            return skip
        turn = conv.turns[index]
        if turn.answer is None:
            return skip
        if turn.rating == rating:
            return (*skip[:5], status_html("Votre avis sur cette réponse est déjà enregistré : merci !"))
        try:
            with feedback_guard:
                refusal = feedback_refusal(conv, turn)
                if refusal is None:
                    append_feedback(feedback_path, feedback_record(turn, rating))
                    turn.feedback_lines += 1
                    conv.feedback_lines += 1
        except Exception as exc:
            log.exception("Écriture de l'avis impossible")
            return (*skip[:5], status_html(f"Votre avis n'a pas pu être enregistré. {user_message(exc)}"))
        if refusal is not None:
            return (*skip[:5], status_html(refusal))
        turn.rating = rating
        conv.feedback_turn = index
        note = (
            f"<p>Merci, votre avis (« {esc(RATINGS[rating])} ») sur la réponse {index + 1} est enregistré. "
            "Vous pouvez ajouter un commentaire : ce qui manquait, ce qui était faux…</p>"
        )
        return (
            conv,
            render_conv(conv),
            gr.Group(visible=True),
            note,
            gr.Textbox(value=""),
            status_html("Avis enregistré. Merci !"),
        )

    def on_comment(conv: Conversation, comment: str) -> tuple[Any, ...]:
        index = conv.feedback_turn
        if index is None or not (0 <= index < len(conv.turns)):
            return conv, gr.Group(visible=False), gr.skip(), gr.skip()
        turn = conv.turns[index]
        refusal = comment_refusal(comment)
        if refusal is not None:
            return conv, gr.skip(), gr.skip(), status_html(refusal)
        try:
            with feedback_guard:
                refusal = feedback_refusal(conv, turn)
                if refusal is None:
                    append_feedback(feedback_path, feedback_record(turn, turn.rating or "up", comment))
                    turn.feedback_lines += 1
                    conv.feedback_lines += 1
        except Exception as exc:
            log.exception("Écriture du commentaire impossible")
            return (
                conv,
                gr.skip(),
                gr.skip(),
                status_html(f"Le commentaire n'a pas pu être enregistré. {user_message(exc)}"),
            )
        if refusal is not None:
            return conv, gr.skip(), gr.skip(), status_html(refusal)
        conv.feedback_turn = None
        return conv, gr.Group(visible=False), "", status_html("Commentaire enregistré. Merci !")

    def on_close_feedback(conv: Conversation) -> tuple[Any, ...]:
        conv.feedback_turn = None
        return conv, gr.Group(visible=False)

    def on_new(conv: Conversation) -> tuple[Any, ...]:
        shutil.rmtree(exports / conv.id, ignore_errors=True)
        fresh = Conversation(feedback_lines=conv.feedback_lines)
        return (
            fresh,
            render_conv(fresh),
            render_sources(fresh),
            DOC_PLACEHOLDER,
            gr.Tabs(selected="sources"),
            gr.DownloadButton(value=None, interactive=False),
            gr.Group(visible=False),
            "",
            status_html("Nouvelle conversation : les questions précédentes ne sont plus prises en compte."),
        )

    def api_ask(question: str, history: list[str] | str = "", filters: dict[str, Any] | str = "") -> dict[str, Any]:
        """Pose une question ; renvoie la réponse citée au format JSON de « coop ask --json »."""
        try:
            if not isinstance(question, str):
                raise QueryError("« question » doit être un texte.")
            question = check_question(question)
            answer = assistant.ask(question, parse_history(history), filters=parse_filters(filters) or None)
        except CoopError as exc:
            raise gr.Error(exc.message, print_exception=False) from None
        except Exception:
            log.exception("Échec de l'appel API « ask »")
            raise gr.Error(GENERIC_ERROR, print_exception=False) from None
        return answer.as_dict()

    # ---- layout -------------------------------------------------------------------------------

    filter_keys: list[str] = []
    dropdowns: list[Any] = []

    with gr.Blocks(title=APP_TITLE, analytics_enabled=False, delete_cache=(3600, 3600)) as demo:
        conv_state = gr.State(Conversation())
        header = gr.HTML(render_header(first.documents), elem_id="coop-header", js_on_load=None)
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=360, elem_id="coop-main"):
                conv_html = gr.HTML(
                    render_conv(Conversation()), elem_id="coop-conversation", js_on_load=_CONVERSATION_JS
                )
                with gr.Group(visible=False, elem_id="coop-feedback") as fb_group:
                    fb_note = gr.HTML("", js_on_load=None)
                    fb_comment = gr.Textbox(
                        label="Commentaire (facultatif)",
                        lines=2,
                        max_lines=6,
                        placeholder="Par exemple : la date est fausse, il manque le partenaire…",
                        max_length=MAX_COMMENT_CHARS,
                        elem_id="coop-comment",
                    )
                    with gr.Row():
                        fb_send = gr.Button("Envoyer le commentaire", variant="primary", size="sm")
                        fb_close = gr.Button("Fermer", variant="secondary", size="sm")
                question = gr.Textbox(
                    label="Votre question",
                    placeholder="Par exemple : Avec quelle ville arménienne Clamart est-elle jumelée ?",
                    lines=1,
                    max_lines=4,
                    autofocus=True,
                    elem_id="coop-question",
                )
                with gr.Row():
                    ask_btn = gr.Button(
                        "Rechercher", variant="primary", elem_id="coop-ask", scale=1, min_width=150, size="md"
                    )
                    new_btn = gr.Button(
                        "Nouvelle conversation",
                        variant="secondary",
                        elem_id="coop-new",
                        scale=1,
                        min_width=190,
                        size="md",
                    )
                    export_btn = gr.DownloadButton(
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
                with gr.Accordion("Filtrer la recherche", open=False, elem_id="coop-filters"):
                    for key in FILTER_ORDER:  # a filter without values is hidden (shown once it has some)
                        choices = filter_choices(key, first)
                        dropdowns.append(
                            gr.Dropdown(
                                choices=choices,
                                value=[],
                                visible=bool(choices),
                                multiselect=True,
                                label=FILTER_BY_KEY[key].label,
                                info=FILTER_BY_KEY[key].info or None,
                                elem_id=f"coop-filter-{key}",
                            )
                        )
                        filter_keys.append(key)
                    clear_btn = gr.Button("Effacer les filtres", variant="secondary", size="sm")
            with (
                gr.Column(scale=2, min_width=320, elem_id="coop-side"),
                gr.Tabs(selected="sources", elem_id="coop-tabs") as tabs,
            ):
                with gr.Tab("Sources", id="sources", elem_id="coop-tab-sources"):
                    sources_html = gr.HTML(
                        render_sources(Conversation()), elem_id="coop-sources", js_on_load=_SOURCES_JS
                    )
                with gr.Tab("Document", id="document", elem_id="coop-tab-document"):
                    doc_html = gr.HTML(DOC_PLACEHOLDER, elem_id="coop-document", js_on_load=_VIEWER_JS)

        private: dict[str, Any] = {"api_visibility": "private", "show_progress": "hidden"}
        light: dict[str, Any] = {**private, "concurrency_limit": None}
        heavy: dict[str, Any] = {**private, "concurrency_limit": 1, "concurrency_id": "ask"}

        start_outputs = [conv_state, conv_html, question, status]
        finish_outputs = [conv_state, conv_html, sources_html, tabs, export_btn, status]
        for trigger in (question.submit, ask_btn.click):
            trigger(start_turn, [question, conv_state, *dropdowns], start_outputs, **light).then(
                finish_turn, [conv_state], finish_outputs, **heavy
            )
        conv_html.example(on_example, None, [question], **light).then(
            start_turn, [question, conv_state, *dropdowns], start_outputs, **light
        ).then(finish_turn, [conv_state], finish_outputs, **heavy)
        conv_html.cite(on_cite, [conv_state], [conv_state, conv_html, sources_html, doc_html, tabs, status], **light)
        conv_html.choose(on_choose, [conv_state], [conv_state, conv_html, sources_html, tabs], **light)
        conv_html.rate(on_rate, [conv_state], [conv_state, conv_html, fb_group, fb_note, fb_comment, status], **light)
        conv_html.opendoc(on_opendoc, [conv_state], [conv_state, doc_html, tabs, status], **light)
        sources_html.open(on_open, [conv_state], [conv_state, doc_html, tabs, status], **light)
        for trigger in (fb_send.click, fb_comment.submit):
            trigger(on_comment, [conv_state, fb_comment], [conv_state, fb_group, fb_comment, status], **light)
        fb_close.click(on_close_feedback, [conv_state], [conv_state, fb_group], **light)
        new_btn.click(
            on_new,
            [conv_state],
            [conv_state, conv_html, sources_html, doc_html, tabs, export_btn, fb_group, question, status],
            **light,
        )

        def on_clear() -> Any:
            return [[] for _ in dropdowns] if len(dropdowns) != 1 else []

        clear_btn.click(on_clear, None, dropdowns, **light)

        def on_load(conv: Conversation) -> Any:
            """A page opened after « coop ingest » shows the current documents and filter values."""
            view = views.get()
            if view.generation == first.generation:
                return [gr.skip()] * (2 + len(dropdowns))
            updates = [gr.Dropdown(choices=c, visible=bool(c)) for c in (filter_choices(k, view) for k in filter_keys)]
            return [render_header(view.documents), render_conv(conv), *updates]

        demo.load(on_load, [conv_state], [header, conv_html, *dropdowns], **light)
        gr.api(api_ask, api_name="ask", concurrency_limit=1, concurrency_id="ask")
    return demo


def filter_choices(key: str, view: _CorpusView) -> list[tuple[str, str]]:
    """(label, value) choices of the filter ``key`` in the interface."""
    values = view.values.get(key) or []
    if key == "source":
        return [(view.titles.get(v, v), v) for v in values]
    if key == "country":
        return [(f"{country_name(v)} ({v})", v) for v in values]
    return [(v, v) for v in values]


def public_reason(exc: CoopError) -> str:
    """Why the assistant cannot start, for any visitor: no path, no setting, no trace (the full
    message goes to the server's log)."""
    if isinstance(exc, IndexMissingError):
        return "Aucun index n'est encore prêt : les documents doivent d'abord être indexés."
    if isinstance(exc, IndexMismatchError):
        return "L'index a été construit avec d'autres réglages et doit être reconstruit."
    if isinstance(exc, IndexLockedError):
        return "L'index est en cours d'écriture ; réessayez dans un moment."
    if isinstance(exc, ModelError):
        return "Le modèle de langue n'a pas pu être chargé."
    return "Un problème d'installation ou de configuration empêche le démarrage."


def _error_app(reason: str) -> gr.Blocks:
    """A page explaining, in French, why the assistant cannot start (no index, etc.)."""
    with gr.Blocks(title=APP_TITLE, analytics_enabled=False) as demo:
        gr.HTML(
            '<header class="coop-header">'
            f"<h1>{esc(APP_NAME)}</h1><p>L'assistant ne peut pas démarrer.</p></header>"
            f'<p class="coop-error" role="alert">{esc(reason)}</p>'
            "<p>Prévenez la personne qui a installé l'outil : le détail est dans le journal du serveur.</p>",
            js_on_load=None,
        )
    return demo


def access_control(settings: Settings, host: str) -> AccountStore | None:
    """The accounts to log in with, or None (loopback without accounts: no log-in).

    Raises :class:`ConfigError` on any other address when no account exists, and when the
    accounts file cannot be read (the app never starts open by mistake).
    """
    store = AccountStore(settings.users_path)
    if store.exists():
        return store
    if not is_loopback(host):
        raise ConfigError(
            f"Refus de démarrer sur l'adresse {host} : sans comptes, n'importe qui sur le réseau pourrait "
            "utiliser l'assistant. Créez d'abord un compte avec « coop users add NOM » "
            f"(fichier des comptes : {store.path}), ou gardez l'adresse par défaut 127.0.0.1."
        )
    return None


def launch(
    settings: Settings,
    host: str | None = None,
    port: int | None = None,
    *,
    assistant: AssistantLike | None = None,
    block: bool = True,
) -> gr.Blocks:
    """Open the assistant and serve the interface on ``host:port`` (127.0.0.1:7860 by default).

    ``block=False`` returns once the server runs (tests); the caller then calls ``.close()``.
    If the index cannot be opened, a page explaining why (in French) is served instead.
    """
    host = host or settings.host
    port = port or settings.port
    accounts = access_control(settings, host)  # before anything is loaded
    demo: gr.Blocks
    if assistant is None:
        try:
            from .live import LiveAssistant

            assistant = LiveAssistant.open(settings)  # follows « coop ingest » without restart
        except CoopError as exc:
            log.error("%s", exc.message)
            demo = _error_app(public_reason(exc))
    if assistant is not None:
        demo = build_app(assistant, settings)
    from starlette.middleware import Middleware

    demo.queue(default_concurrency_limit=2, max_size=64)
    auth: Callable[[str, str], Any] | None = None
    if accounts is not None:
        store = accounts

        async def auth(name: str, password: str) -> bool:  # scrypt runs off the event loop
            return await asyncio.to_thread(store.authenticate, name, password)

        log.info("Connexion requise (comptes : %s)", store.path)
        if not is_loopback(host):
            log.warning(
                "L'interface écoute sur %s : les mots de passe circulent en clair sans proxy inverse HTTPS.", host
            )
    log.info("Interface sur http://%s:%s/", host, port)
    demo.launch(
        server_name=host,
        server_port=port,
        auth=auth,
        auth_message="Connectez-vous avec le compte que vous a créé la personne qui a installé l'assistant.",
        show_error=False,
        prevent_thread_lock=not block,
        quiet=True,
        footer_links=[],
        run_history=False,
        enable_monitoring=False,
        mcp_server=False,
        pwa=False,
        ssr_mode=False,
        share=False,
        inbrowser=False,
        max_file_size="1mb",
        theme=_theme(),
        css_paths=[STATIC_DIR / "coop.css"],
        app_kwargs={
            "middleware": [Middleware(FrenchPageMiddleware, local_only=accounts is None)],
            "docs_url": None,
            "redoc_url": None,
        },
    )
    return demo
