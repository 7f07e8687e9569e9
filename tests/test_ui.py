"""Fast unit tests of the pure rendering functions of assistant.ui (no browser, no model).

``FakeAssistant`` implements the protocol of ``assistant.pipeline.Assistant`` over two tiny
documents; it is only meant for these tests (the browser tests use the real pipeline).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest

from assistant.errors import QueryError
from assistant.settings import Settings
from assistant.types import Answer, Chunk, Citation, Document, DocumentMetadata, Hit, Section
from assistant.ui import (
    NOT_FOUND,
    Conversation,
    Focus,
    Turn,
    append_feedback,
    build_app,
    conversation_markdown,
    corpus_summary,
    esc,
    excerpt,
    feedback_record,
    format_date,
    format_size,
    highlight,
    parse_filters,
    parse_history,
    passage_for,
    render_answer_text,
    render_conversation,
    render_document,
    render_sources,
    render_welcome,
    ui_filters,
    user_message,
)

CLAMART = (
    "Historique :\n"
    "Un serment de jumelage a été signé entre Clamart et Artachat le 31 mai 2003 à Clamart.\n"
    "Une convention de coopération a été signée en 2010.\n"
)
EVIL = (
    "Note technique\n"
    "Texte piégé : <script>alert(1)</script> et <img src=x onerror=alert(1)> "
    'puis <img src="http://example.com/x.png"> et ${alert(2)} {{constructor}} fin.\n'
)


@dataclass(frozen=True)
class FakeInfo:
    id: str
    title: str
    format: str
    size: int
    chunks: int
    metadata: DocumentMetadata = field(default_factory=DocumentMetadata)


def _doc(doc_id: str, title: str, text: str, meta: DocumentMetadata) -> Document:
    return Document(
        id=doc_id,
        title=title,
        text=text,
        format="txt",
        sha256="0" * 64,
        size=len(text.encode()),
        sections=(Section(0, len(text), heading="Historique"),),
        metadata=meta,
    )


class FakeAssistant:
    """Two documents; « capitale » questions abstain, « boum » raises, others cite Clamart."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        meta = DocumentMetadata(
            date="2003-05-31", authority="Ville de Clamart", places=("Artachat",), countries=("AM",)
        )
        self.docs = {
            "clamart.txt": _doc("clamart.txt", "Clamart – Artachat", CLAMART, meta),
            "piege.txt": _doc("piege.txt", "Note <b>piégée</b>", EVIL, DocumentMetadata()),
        }
        self.calls: list[tuple[str, tuple[str, ...], object]] = []

    def _chunk(self, doc_id: str, start: int, end: int) -> Chunk:
        d = self.docs[doc_id]
        return Chunk(
            id=f"{doc_id}:{start}",
            doc_id=doc_id,
            start=start,
            end=end,
            text=d.text[start:end],
            title=d.title,
            section="Historique",
            metadata=d.metadata,
        )

    def ask(
        self,
        question: str,
        history: Sequence[str] = (),
        *,
        filters: Mapping[str, str | Sequence[str]] | None = None,
        k: int | None = None,
    ) -> Answer:
        self.calls.append((question, tuple(history), filters))
        if not question.strip():
            raise QueryError("La question est vide : écrivez une question en français.")
        if "boum" in question:
            raise RuntimeError("secret internal detail")
        text = self.docs["clamart.txt"].text
        ps, pe = 13, len(text)
        hit = Hit(self._chunk("clamart.txt", ps, pe), score=0.91, rank=1)
        evil = self.docs["piege.txt"].text
        hit2 = Hit(self._chunk("piege.txt", 0, len(evil)), score=0.42, rank=2)
        query = question if not history else f"{history[-1]} {question}"
        if "capitale" in question:
            return Answer(question, query, NOT_FOUND, True, (), (hit, hit2))
        qs = text.index("Un serment")
        qe = text.index("Clamart.\n") + len("Clamart.")
        cit = Citation(
            n=1,
            source="clamart.txt",
            title="Clamart – Artachat",
            section="Historique",
            start=qs,
            end=qe,
            text=text[qs:qe],
            score=0.91,
            passage_start=ps,
            passage_end=pe,
            date="2003-05-31",
        )
        return Answer(question, query, "Clamart est jumelée avec Artachat depuis 2003 [1].", False, (cit,), (hit,))

    def documents(self) -> list[FakeInfo]:
        return [FakeInfo(d.id, d.title, d.format, d.size, 1, d.metadata) for d in self.docs.values()]

    def document(self, doc_id: str) -> Document:
        if doc_id not in self.docs:
            raise QueryError(f"Document inconnu de l'index : {doc_id}.")
        return self.docs[doc_id]

    def example_questions(self, n: int = 4) -> list[str]:
        return ["Avec quelle ville Clamart est-elle jumelée ?", "Quels <projets> ?"][:n]

    def filter_values(self) -> dict[str, list[str]]:
        return {"source": sorted(self.docs), "authority": ["Ville de Clamart"], "country": ["AM"], "theme": []}


def _answered_turn(bot: FakeAssistant, question: str = "Avec qui Clamart est-elle jumelée ?") -> Turn:
    answer = bot.ask(question)
    turn = Turn(question=question, answer=answer, pending=False)
    for c in answer.citations:
        found = passage_for(c, answer.passages)
        assert found is not None
        turn.passages[c.n] = found
    return turn


# --- formatting ---------------------------------------------------------------------------------


def test_french_formats() -> None:
    assert format_size(512) == "512 octets"
    assert format_size(5035) == "4,9 Ko"
    assert format_size(3 * 1024 * 1024) == "3,0 Mo"
    assert format_date("2025-03-12") == "12 mars 2025"
    assert format_date("2003-05-01") == "1er mai 2003"
    assert format_date("2024-08") == "août 2024"
    assert format_date("2024") == "2024"
    assert format_date(None) == ""
    assert format_date("vers 1990") == "vers 1990"


def test_corpus_summary_counts_authorities_and_countries() -> None:
    bot = FakeAssistant()
    line = corpus_summary(bot.documents())
    assert line.startswith("2 documents")
    assert "1 collectivité (Ville de Clamart)" in line
    assert "Arménie" in line
    assert corpus_summary([]) == "Aucun document n'est indexé pour l'instant."


def test_esc_escapes_quotes_and_tags() -> None:
    assert esc('<a href="x">\'') == "&lt;a href=&quot;x&quot;&gt;&#x27;"


# --- answers and citations ----------------------------------------------------------------------


def test_answer_citations_become_buttons_and_text_is_escaped() -> None:
    cit = _answered_turn(FakeAssistant()).answer.citations[0]  # type: ignore[union-attr]
    answer = Answer("q", "q", "Le <b>jumelage</b> [1] et [7] [1, 1].", False, (cit,), ())
    out = render_answer_text(answer, 3)
    assert "&lt;b&gt;jumelage&lt;/b&gt;" in out
    assert out.count('class="coop-cite"') == 3
    assert 'data-turn="3" data-n="1"' in out
    assert "[7]" in out and 'data-n="7"' not in out  # unknown numbers stay plain text


def test_short_answer_is_bold_in_the_first_sentence_and_escaped() -> None:
    cit = _answered_turn(FakeAssistant()).answer.citations[0]  # type: ignore[union-attr]
    text = "Signé le 31 mai 2003 <à> Clamart. [1] Renouvelé le 31 mai 2003. [1]"
    answer = Answer("q", "q", text, False, (cit,), (), "31 mai 2003")
    out = render_answer_text(answer, 0)
    assert out.count("<strong") == 1  # once, in the first sentence
    assert out.startswith('Signé le <strong class="coop-short">31 mai 2003</strong> &lt;à&gt; Clamart.')
    hostile = Answer("q", "q", "Un <b>x</b> [1]", False, (cit,), (), "<b>x</b>")
    assert '<strong class="coop-short">&lt;b&gt;x&lt;/b&gt;</strong>' in render_answer_text(hostile, 0)
    absent = Answer("q", "q", "Rien ici. [1]", False, (cit,), (), "ailleurs")
    assert "<strong" not in render_answer_text(absent, 0)


def test_highlight_marks_the_quote_inside_its_passage() -> None:
    out = highlight("avant <x> CIBLE après", 100, 110, 115, "CIBLE")
    assert out == 'avant &lt;x&gt; <mark class="coop-quote">CIBLE</mark> après'
    # offsets off: falls back to searching the quote
    assert '<mark class="coop-quote">CIBLE</mark>' in highlight("avant CIBLE", 0, 50, 60, "CIBLE")
    assert "<mark" not in highlight("rien", 0, 50, 60, "absent")


def test_sources_panel_keeps_an_excerpt_around_the_quote() -> None:
    words = " ".join(f"mot{i}" for i in range(200))
    passage = f"{words} CIBLE <x> {words}"
    start = passage.index("CIBLE")
    out = highlight(passage, 1000, 1000 + start, 1000 + start + 5, "CIBLE", context=40)
    assert out.startswith("… mot") and out.endswith(" …")
    assert '<mark class="coop-quote">CIBLE</mark> &lt;x&gt; mot0' in out
    assert len(out) < 200
    assert excerpt("court", 10) == "court"
    assert excerpt("un deux trois quatre cinq", 8) == "un deux …"


def test_sources_panel_shows_the_selected_answer_with_highlight_and_score() -> None:
    bot = FakeAssistant()
    conv = Conversation(turns=[_answered_turn(bot)], selected=0)
    out = render_sources(conv)
    assert "Sources de la réponse 1" in out
    assert "Clamart – Artachat" in out
    assert '<mark class="coop-quote">Un serment de jumelage' in out
    assert "pertinence 0,91" in out
    assert "31 mai 2003" in out
    assert 'data-act="open" data-turn="0" data-kind="cite" data-i="1"' in out


def test_each_answer_keeps_its_own_sources() -> None:
    bot = FakeAssistant()
    first = _answered_turn(bot, "Avec qui Clamart est-elle jumelée ?")
    second = Turn("Quelle est la capitale de l'Australie ?", answer=bot.ask("capitale ?"), pending=False)
    conv = Conversation(turns=[first, second], selected=1)
    assert "Passages les plus proches" in render_sources(conv)
    conv.selected = 0
    assert "Sources de la réponse 1" in render_sources(conv)


def test_not_found_view_is_honest_and_suggests_rephrasing() -> None:
    bot = FakeAssistant()
    turn = Turn("Quelle est la capitale de l'Australie ?", answer=bot.ask("capitale"), pending=False)
    turn.filters = {"country": ["AM"]}
    conv = Conversation(turns=[turn], selected=0)
    html = render_conversation(conv, "WELCOME")
    assert esc(NOT_FOUND) in html
    assert "Pour reformuler" in html
    assert "Des filtres sont actifs" in html
    assert "Recherche effectuée" in html
    sources = render_sources(conv)
    assert "Passages les plus proches" in sources
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in sources
    assert "<script" not in sources and "<img" not in sources


def test_conversation_rendering_states() -> None:
    bot = FakeAssistant()
    conv = Conversation()
    assert render_conversation(conv, "WELCOME") == "WELCOME"
    conv.turns.append(Turn("Ma <question>"))
    html = render_conversation(conv, "W", scroll_to_last=True)
    assert "Ma &lt;question&gt;" in html and "Recherche en cours" in html
    assert 'data-scroll-to="coop-turn-0"' in html
    conv.turns[0] = Turn("x", error="Message <français>", pending=False)
    assert 'role="alert">Message &lt;français&gt;' in render_conversation(conv, "W")
    conv.turns.append(_answered_turn(bot))
    conv.turns[1].rating = "up"
    conv.selected = 1
    html = render_conversation(conv, "W")
    assert "Recherche effectuée : « Avec qui Clamart est-elle jumelée ? »" in html
    assert 'class="coop-turn coop-selected" id="coop-turn-1"' in html
    assert 'data-rating="up" aria-pressed="true"' in html


def test_follow_up_history_is_previous_answered_questions() -> None:
    bot = FakeAssistant()
    conv = Conversation(turns=[_answered_turn(bot, "Q1"), Turn("vide", error="x", pending=False), Turn("Q3")])
    assert conv.history(2) == ["Q1"]
    assert conv.pending is conv.turns[2]


# --- welcome ------------------------------------------------------------------------------------


def test_welcome_lists_documents_and_examples_escaped() -> None:
    bot = FakeAssistant()
    html = render_welcome(bot.documents(), bot.example_questions())
    assert "Documents disponibles (2)" in html
    assert "Note &lt;b&gt;piégée&lt;/b&gt;" in html
    assert "Quels &lt;projets&gt; ?" in html
    assert 'data-act="example" data-i="1"' in html
    assert "31 mai 2003" in html and "Ville de Clamart" in html
    assert 'data-act="doc" data-doc="clamart.txt"' in html


# --- document viewer ----------------------------------------------------------------------------


def test_document_viewer_highlights_passage_and_quote_and_is_inert() -> None:
    bot = FakeAssistant()
    doc = bot.document("clamart.txt")
    qs = doc.text.index("Un serment")
    qe = qs + len("Un serment de jumelage")
    out = render_document(doc, Focus(13, len(doc.text), qs, qe, "Phrase citée [1]"), nonce=4)
    assert '<span class="coop-passage">' in out
    assert '<mark class="coop-quote" tabindex="-1" data-target="1">Un serment de jumelage</mark>' in out
    assert 'data-open="4"' in out
    assert "section « Historique »" in out
    # the text is intact once tags are removed
    assert html_text(out.split('tabindex="0">', 1)[1].rsplit("</div>", 1)[0]) == doc.text

    evil = render_document(bot.document("piege.txt"))
    assert "<script" not in evil and "<img" not in evil and "<b>" not in evil
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in evil
    assert "data-target" not in evil


def test_document_viewer_passage_only_and_bad_offsets() -> None:
    doc = FakeAssistant().document("clamart.txt")
    out = render_document(doc, Focus(13, 40, None, None, "Passage proche n° 1"))
    assert '<span class="coop-passage coop-passage-target" tabindex="-1" data-target="1">' in out
    out = render_document(doc, Focus(-5, 10_000, 50, 20))  # clipped, empty quote ignored
    assert html_text(out.split('tabindex="0">', 1)[1].rsplit("</div>", 1)[0]) == doc.text


def test_document_viewer_truncates_huge_documents_around_target(monkeypatch: pytest.MonkeyPatch) -> None:
    import assistant.ui.render as render

    monkeypatch.setattr(render, "MAX_DOC_CHARS", 100)
    text = "a" * 500 + "CIBLE" + "b" * 500
    doc = Document("big.txt", "Gros", text, "txt", "0", len(text))
    out = render_document(doc, Focus(None, None, 500, 505))
    assert "début du document non affiché" in out and "suite du document non affichée" in out
    assert '<mark class="coop-quote" tabindex="-1" data-target="1">CIBLE</mark>' in out


def html_text(fragment: str) -> str:
    import html as _html

    return _html.unescape(re.sub(r"<[^>]+>", "", fragment))


# --- export, feedback, API helpers --------------------------------------------------------------


def test_markdown_export_contains_answers_queries_and_sources() -> None:
    bot = FakeAssistant()
    t2 = Turn("Quelle est la capitale ?", answer=bot.ask("capitale"), pending=False)
    conv = Conversation(turns=[_answered_turn(bot), t2, Turn("x", error="Erreur <x>", pending=False)])
    md = conversation_markdown(conv, now=datetime(2025, 1, 2, 3, 4))
    assert md.startswith("# Conversation avec Coop'Assistant")
    assert "Exportée le 02/01/2025 à 03:04." in md
    assert "## 1. Avec qui Clamart est-elle jumelée ?" in md
    assert "*Recherche effectuée : Avec qui Clamart est-elle jumelée ?*" in md
    assert "1. **Clamart – Artachat** — Section : Historique · 31 mai 2003 (`clamart.txt`, pertinence 0,91)" in md
    assert "> Un serment de jumelage" in md
    assert "### Passages les plus proches" in md
    assert "\\<script\\>" in md and "<script>" not in md
    assert "*Erreur : Erreur \\<x\\>*" in md


def test_feedback_is_appended_as_jsonl(tmp_path: Path) -> None:
    bot = FakeAssistant()
    turn = _answered_turn(bot)
    path = tmp_path / "deep" / "er" / "feedback.jsonl"
    now = datetime(2025, 1, 1, tzinfo=UTC)
    append_feedback(path, feedback_record(turn, "up", now=now))
    append_feedback(path, feedback_record(turn, "down", "  La date est fausse  "))
    lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 2
    first = lines[0]
    assert first["timestamp"] == "2025-01-01T00:00:00+00:00"
    assert first["question"] == turn.question
    assert first["search_query"] == turn.answer.search_query  # type: ignore[union-attr]
    assert first["answer"].endswith("[1].")
    assert first["citations"][0]["source"] == "clamart.txt"
    assert first["rating"] == "up" and first["comment"] == ""
    assert lines[1]["rating"] == "down" and lines[1]["comment"] == "La date est fausse"
    assert lines[1]["answer_id"] == first["answer_id"]


def test_api_argument_parsing() -> None:
    assert parse_history(None) == [] and parse_history("") == []
    assert parse_history(["a", " ", "b"]) == ["a", "b"]
    assert parse_history('["a"]') == ["a"]
    assert parse_filters('{"country": ["AM"], "theme": "santé"}') == {"country": ["AM"], "theme": "santé"}
    assert parse_filters({}) == {}
    for bad in ("{", "[1]", '{"country": 3}'):
        with pytest.raises(QueryError):
            parse_filters(bad)
    with pytest.raises(QueryError):
        parse_history("[1, 2]")
    with pytest.raises(QueryError):
        parse_history("pas du json")


def test_ui_filters_and_user_messages() -> None:
    assert ui_filters(["a.txt"], [], None, ["santé"], keys=("source", "authority", "country", "theme")) == {
        "source": ["a.txt"],
        "theme": ["santé"],
    }
    assert user_message(QueryError("Question vide.")) == "Question vide."
    generic = user_message(RuntimeError("Traceback (most recent call last)"))
    assert generic.startswith("Une erreur est survenue") and "Traceback" not in generic


def test_build_app_registers_the_ask_api(tmp_path: Path) -> None:
    bot = FakeAssistant(Settings(feedback_path=tmp_path / "f.jsonl"))
    demo = build_app(bot, export_dir=tmp_path)
    names = [getattr(fn, "api_name", None) for fn in demo.fns.values()]
    assert "ask" in names
    assert demo.title.startswith("Coop'Assistant")


def test_a_table_row_source_shows_its_columns_escaped() -> None:
    """A quoted table row's source says its table's columns (``Citation.table_header``), escaped like every document
    text; the Markdown export says them too."""
    from assistant.ui import conversation_markdown

    row = "Grand Cognac | 45 000 | 55 500"
    header = "Financeur <img src=x onerror=alert(1)> | Initiale | Après"
    cit = Citation(1, "conv.md", "Convention", "Financement", 0, len(row), row, 0.9, 0, len(row), table_header=header)
    answer = Answer("Q ?", "Q ?", f"{row} [1]", False, (cit,), (), "55 500")
    conv = Conversation(turns=[Turn("Q ?", answer=answer, pending=False)], selected=0)
    out = render_sources(conv)
    assert "Colonnes du tableau : Financeur &lt;img src=x onerror=alert(1)&gt; | Initiale | Après" in out
    assert "<img" not in out
    assert "*Colonnes du tableau :* `Financeur <img src=x onerror=alert(1)> | Initiale | Après`" in conversation_markdown(conv)
