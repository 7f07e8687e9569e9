"""What the interface does, without Gradio: each user action as a method returning a :class:`ViewUpdate`.

:class:`Actions` is bound to an opened assistant (or any :class:`~assistant.ui.state.AssistantLike`,
such as a fake one in tests). Its methods take the inputs of one event (the session's
:class:`~assistant.ui.state.Conversation`, updated in place, and the values the page sent) and
return the frozen :class:`ViewUpdate` of what changes on the page; :mod:`assistant.ui.layout`
hands it to Gradio, component by component, by name.
"""

from __future__ import annotations

import atexit
import logging
import shutil
import tempfile
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..errors import CoopError, QueryError
from ..limits import MAX_HISTORY_ITEMS, MAX_SESSION_TURNS, question_refusal
from ..settings import Settings
from ..types import Citation, Document
from . import api
from .corpus import CorpusViews, DocumentCache, filter_choices
from .export import (
    append_feedback,
    comment_refusal,
    conversation_markdown,
    feedback_record,
    feedback_refusal,
    interface_folder,
    private_folder,
    write_private,
)
from .render import (
    DOC_PLACEHOLDER,
    EDITED_NOTE,
    feedback_note,
    passage_for,
    render_conversation,
    render_document,
    render_header,
    render_sources,
)
from .scan import render_scan, scan_view
from .state import AssistantLike, Conversation, Focus, Turn, index_generation, refocus
from .text import FILTER_ORDER, RATINGS, plural, user_message

log = logging.getLogger(__name__)

SOURCES, DOCUMENT = "sources", "document"  # the tabs of the side panel


@dataclass(frozen=True)
class Download:
    """The export button: the file it downloads, or None (button disabled)."""

    path: str | None


@dataclass(frozen=True)
class ViewUpdate:
    """What one action changes on the page; a field left to None is left as it is on the page."""

    conversation: Conversation | None = None  # the session's state (given back after an action)
    header: str | None = None  # HTML of the page header
    conversation_html: str | None = None
    sources_html: str | None = None
    document_html: str | None = None
    tab: str | None = None  # SOURCES or DOCUMENT
    export: Download | None = None
    feedback_open: bool | None = None  # the comment box under the conversation
    feedback_note: str | None = None  # HTML above the comment box
    comment: str | None = None  # text of the comment box
    question: str | None = None  # text of the question box
    status: str | None = None  # French message of the status line ("" empties it)
    #: filter key → (label, value) choices, after « coop ingest » (an empty list hides the filter)
    filter_choices: Mapping[str, list[tuple[str, str]]] | None = None


class Actions:
    """The interface's actions on one assistant; shared by every browser session of the app.

    ``settings`` (default: the assistant's) gives the app's own knobs, such as ``feedback_path``;
    ``export_dir`` the folder of exported conversations (default: a private temporary folder).
    """

    def __init__(
        self, assistant: AssistantLike, settings: Settings | None = None, *, export_dir: Path | None = None
    ) -> None:
        self.assistant = assistant
        self.settings = settings or assistant.settings
        self.views = CorpusViews(assistant)  # follows the index generation (« coop ingest » while served)
        self.first = self.views.get()  # what the page is built with
        self.documents = DocumentCache(assistant.document, lambda: index_generation(assistant))
        self.exports = export_dir or Path(tempfile.mkdtemp(prefix="exports-", dir=interface_folder(self.settings)))
        if export_dir is None:
            atexit.register(shutil.rmtree, self.exports, True)
        self.feedback_path = Path(self.settings.feedback_path)
        self._feedback_guard = threading.Lock()  # limits are checked and counted as one step (events run in threads)

    # ---- helpers ----------------------------------------------------------------------------------

    def render_conversation(self, conv: Conversation, scroll: bool = False) -> str:
        view = self.views.get()
        return render_conversation(
            conv,
            view.welcome,
            scroll_to_last=scroll,
            titles=view.titles,
            min_confidence=self.settings.ocr_min_confidence,
        )

    def write_export(self, conv: Conversation) -> str | None:
        """The conversation as a Markdown file of this session (replacing the previous one), or None."""
        if not any(t.answer is not None for t in conv.turns):
            return None
        folder = self.exports / conv.id
        if folder.exists():
            shutil.rmtree(folder, ignore_errors=True)
        private_folder(folder)
        path = folder / f"conversation-coop-assistant-{datetime.now():%Y-%m-%d-%Hh%M}.md"
        write_private(
            path,
            conversation_markdown(
                conv, titles=self.views.get().titles, min_confidence=self.settings.ocr_min_confidence
            ),
        )
        return str(path)

    def _export(self, conv: Conversation) -> Download:
        try:
            return Download(self.write_export(conv))
        except OSError:
            log.exception("Export impossible")
            return Download(None)

    def _viewer(
        self, conv: Conversation, doc_id: str, focus: Focus | None, quoted: tuple[int, str] | None = None
    ) -> str:
        """The viewer on ``doc_id``; ``quoted``: (offset, text) the focus expects (an answer's quote)."""
        conv.opened += 1
        doc = self.documents.get(doc_id)
        if focus is not None and quoted is not None:
            focus = refocus(doc.text, focus, *quoted)
            if focus is None:
                return render_document(doc, None, nonce=conv.opened, notice=EDITED_NOTE)
        return render_document(doc, focus, nonce=conv.opened, scan=self._scan(doc, focus))

    def _scan(self, doc: Document, focus: Focus | None) -> str:
        """The scanned page of the quote (image, cited lines outlined), or "" for a text page."""
        if focus is None:
            return ""
        start = focus.start if focus.start is not None else focus.passage_start
        end = focus.end if focus.start is not None else focus.passage_end
        try:
            view = scan_view(self.settings.index_dir, doc, start, end, self.settings.ocr_min_confidence)
        except (OSError, ValueError):
            log.exception("Page numérisée illisible")
            return ""
        return render_scan(view) if view else ""

    # ---- asking -------------------------------------------------------------------------------------

    def start(self, conv: Conversation, question: Any, filters: Mapping[str, Sequence[str] | None]) -> ViewUpdate:
        """First step of a question: checked and shown as pending (``filters``: key → selected values)."""
        raw = question if isinstance(question, str) else ""
        if not raw.strip():
            return ViewUpdate(conv, status="Écrivez une question avant de lancer la recherche.")
        if conv.pending is not None:
            return ViewUpdate(conv, status="Une recherche est déjà en cours, patientez…")
        if len(conv.turns) >= MAX_SESSION_TURNS:
            return ViewUpdate(
                conv,
                status=f"Cette conversation compte déjà {MAX_SESSION_TURNS} questions : cliquez sur « Nouvelle "
                "conversation » pour continuer.",
            )
        refusal = question_refusal(raw)
        if refusal is not None:  # too long: neither searched nor kept, only its beginning is shown
            shown = " ".join(raw[:200].split()) + " …"
            conv.turns.append(Turn(question=shown, error=refusal, pending=False))
            return ViewUpdate(conv, conversation_html=self.render_conversation(conv, scroll=True), status=refusal)
        try:
            chosen = api.ui_filters(*filters.values(), keys=list(filters))
            api.parse_filters(chosen)  # the limits of the API
        except QueryError as exc:
            return ViewUpdate(conv, status=exc.message)
        conv.turns.append(Turn(question=raw.strip(), filters=chosen))
        conv.feedback_turn = None
        return ViewUpdate(
            conv,
            conversation_html=self.render_conversation(conv, scroll=True),
            question="",
            status="Recherche en cours…",
        )

    def finish(self, conv: Conversation) -> ViewUpdate:
        """Second step: the pending question is answered (the slow part), its sources shown."""
        turn = conv.pending
        if turn is None:
            return ViewUpdate(conv)
        index = len(conv.turns) - 1
        try:
            history = conv.history(index)[-MAX_HISTORY_ITEMS:]
            answer = self.assistant.ask(turn.question, history, filters=turn.filters or None)
            turn.answer = answer
            for c in answer.citations:
                found = passage_for(c, answer.passages) or self._passage_from_document(c)
                if found:
                    turn.passages[c.n] = found
            conv.selected = index
            if answer.abstained:
                message = "Aucune réponse trouvée dans les documents ; les passages les plus proches sont affichés."
            else:
                message = f"Réponse trouvée, avec {plural(len(answer.citations), 'source')}."
        except Exception as exc:
            if not isinstance(exc, CoopError):
                log.exception("Échec de la question %r", turn.question)
            turn.error = user_message(exc)
            message = turn.error
        finally:
            turn.pending = False
        return ViewUpdate(
            conv,
            conversation_html=self.render_conversation(conv, scroll=True),
            sources_html=render_sources(conv, self.settings.ocr_min_confidence),
            tab=SOURCES,
            export=self._export(conv),
            status=message,
        )

    def _passage_from_document(self, c: Citation) -> tuple[int, str] | None:
        try:
            text = self.documents.get(c.source).text
            return c.passage_start, text[c.passage_start : c.passage_end]
        except Exception:
            log.warning("Passage introuvable pour la citation %s de %s", c.n, c.source)
            return None

    def example(self, i: int | None) -> ViewUpdate:
        """An example question of the welcome page, put in the question box."""
        examples = self.views.get().examples
        if i is None or not (0 <= i < len(examples)):
            return ViewUpdate()
        return ViewUpdate(question=examples[i])

    def ask_api(self, question: Any, history: Any = "", filters: Any = "") -> dict[str, Any]:
        """The ``/ask`` API: the JSON of ``coop ask --json``; raises CoopError (French message)."""
        return api.ask(self.assistant, question, history, filters)

    # ---- sources and documents -------------------------------------------------------------------

    def cite(self, conv: Conversation, turn: int | None, n: int | None) -> ViewUpdate:
        """A ``[n]`` of answer ``turn``: its sources, and its document opened at the quote."""
        try:
            found = conv.turn(turn)
            answer = found.answer if found else None
            cit = next((c for c in answer.citations if c.n == n), None) if answer else None
            if cit is None or turn is None:
                return ViewUpdate(conv)
            conv.selected = turn
            viewer = self._viewer(conv, cit.source, _citation_focus(cit), (cit.start, cit.text))
            return ViewUpdate(
                conv,
                conversation_html=self.render_conversation(conv),
                sources_html=render_sources(conv, self.settings.ocr_min_confidence),
                document_html=viewer,
                tab=DOCUMENT,
                status=f"Document « {cit.title} » ouvert à la source {cit.n}.",
            )
        except Exception as exc:
            log.exception("Ouverture de la citation impossible")
            return ViewUpdate(conv, status=user_message(exc))

    def choose(self, conv: Conversation, turn: int | None) -> ViewUpdate:
        """« Afficher les sources » of answer ``turn``."""
        found = conv.turn(turn)
        if turn is None or found is None or found.answer is None:
            return ViewUpdate(conv)
        conv.selected = turn
        return ViewUpdate(
            conv,
            conversation_html=self.render_conversation(conv),
            sources_html=render_sources(conv, self.settings.ocr_min_confidence),
            tab=SOURCES,
        )

    def open_source(self, conv: Conversation, turn: int | None, kind: str, i: int | None) -> ViewUpdate:
        """« Ouvrir le document à cet endroit » of a source (``kind`` "cite": citation ``i``) or of a
        nearest passage (``kind`` "passage": passage number ``i`` from 0)."""
        try:
            found = conv.turn(turn)
            answer = found.answer if found else None
            if answer is None or i is None:
                return ViewUpdate(conv)
            if kind == "cite":
                cit = next((c for c in answer.citations if c.n == i), None)
                if cit is None:
                    return ViewUpdate(conv)
                doc_id, title, focus, quoted = cit.source, cit.title, _citation_focus(cit), (cit.start, cit.text)
            else:
                if not (0 <= i < len(answer.passages)):
                    return ViewUpdate(conv)
                ch = answer.passages[i].chunk
                doc_id, title = ch.doc_id, ch.title
                focus = Focus(ch.start, ch.end, None, None, f"Passage proche n° {i + 1}")
                quoted = (ch.start, ch.text)
            viewer = self._viewer(conv, doc_id, focus, quoted)
            return ViewUpdate(conv, document_html=viewer, tab=DOCUMENT, status=f"Document « {title} » ouvert.")
        except Exception as exc:
            log.exception("Ouverture du document impossible")
            return ViewUpdate(conv, status=user_message(exc))

    def open_document(self, conv: Conversation, doc_id: str) -> ViewUpdate:
        """A document of the welcome page's list, opened at its beginning."""
        titles = self.views.get().titles
        if doc_id not in titles:
            return ViewUpdate(conv, status="Ce document n'est pas dans l'index.")
        try:
            viewer = self._viewer(conv, doc_id, None)
            return ViewUpdate(conv, document_html=viewer, tab=DOCUMENT, status=f"Document « {titles[doc_id]} » ouvert.")
        except Exception as exc:
            log.exception("Ouverture du document impossible")
            return ViewUpdate(conv, status=user_message(exc))

    # ---- feedback -----------------------------------------------------------------------------------

    def _record_feedback(self, conv: Conversation, turn: Turn, rating: str, comment: str = "") -> str | None:
        """Write one line of feedback unless a limit refuses it (the French refusal is returned)."""
        with self._feedback_guard:
            refusal = feedback_refusal(conv, turn)
            if refusal is None:
                append_feedback(self.feedback_path, feedback_record(turn, rating, comment))
                turn.feedback_lines += 1
                conv.feedback_lines += 1
        return refusal

    def rate(self, conv: Conversation, turn: int | None, rating: str) -> ViewUpdate:
        """👍 / 👎 (``rating`` "up" / "down") on answer ``turn``; opens the comment box."""
        found = conv.turn(turn)
        if turn is None or found is None or rating not in RATINGS or found.answer is None:
            return ViewUpdate(conv)
        if found.rating == rating:
            return ViewUpdate(conv, status="Votre avis sur cette réponse est déjà enregistré : merci !")
        try:
            refusal = self._record_feedback(conv, found, rating)
        except Exception as exc:
            log.exception("Écriture de l'avis impossible")
            return ViewUpdate(conv, status=f"Votre avis n'a pas pu être enregistré. {user_message(exc)}")
        if refusal is not None:
            return ViewUpdate(conv, status=refusal)
        found.rating = rating
        conv.feedback_turn = turn
        return ViewUpdate(
            conv,
            conversation_html=self.render_conversation(conv),
            feedback_open=True,
            feedback_note=feedback_note(turn, RATINGS[rating]),
            comment="",
            status="Avis enregistré. Merci !",
        )

    def comment(self, conv: Conversation, text: Any) -> ViewUpdate:
        """The comment of the open comment box, about the answer last rated."""
        found = conv.turn(conv.feedback_turn)
        if found is None:
            return ViewUpdate(conv, feedback_open=False)
        comment = text if isinstance(text, str) else ""
        refusal = comment_refusal(comment)
        if refusal is not None:
            return ViewUpdate(conv, status=refusal)
        try:
            refusal = self._record_feedback(conv, found, found.rating or "up", comment)
        except Exception as exc:
            log.exception("Écriture du commentaire impossible")
            return ViewUpdate(conv, status=f"Le commentaire n'a pas pu être enregistré. {user_message(exc)}")
        if refusal is not None:
            return ViewUpdate(conv, status=refusal)
        conv.feedback_turn = None
        return ViewUpdate(conv, feedback_open=False, comment="", status="Commentaire enregistré. Merci !")

    def close_feedback(self, conv: Conversation) -> ViewUpdate:
        conv.feedback_turn = None
        return ViewUpdate(conv, feedback_open=False)

    # ---- the page -------------------------------------------------------------------------------------

    def new(self, conv: Conversation) -> ViewUpdate:
        """« Nouvelle conversation »: a fresh conversation (feedback limits kept), its export removed."""
        shutil.rmtree(self.exports / conv.id, ignore_errors=True)
        fresh = Conversation(feedback_lines=conv.feedback_lines)
        return ViewUpdate(
            fresh,
            conversation_html=self.render_conversation(fresh),
            sources_html=render_sources(fresh, self.settings.ocr_min_confidence),
            document_html=DOC_PLACEHOLDER,
            tab=SOURCES,
            export=Download(None),
            feedback_open=False,
            question="",
            status="Nouvelle conversation : les questions précédentes ne sont plus prises en compte.",
        )

    def reload(self, conv: Conversation) -> ViewUpdate:
        """A page opened after « coop ingest » shows the current documents and filter values."""
        view = self.views.get()
        if view.generation == self.first.generation:
            return ViewUpdate()
        return ViewUpdate(
            header=render_header(view.documents),
            conversation_html=self.render_conversation(conv),
            filter_choices={key: filter_choices(key, view) for key in FILTER_ORDER},
        )


def _citation_focus(cit: Citation) -> Focus:
    return Focus(cit.passage_start, cit.passage_end, cit.start, cit.end, f"Phrase citée [{cit.n}]")
