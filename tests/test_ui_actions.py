"""Fast tests of the interface's actions (assistant.ui.actions) with a fake assistant: no model, no browser.

Each action takes what the page sent and returns the frozen ViewUpdate of what changes on the page.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from test_ui import FakeAssistant  # two documents; « capitale » abstains, « boum » raises

from assistant.errors import QueryError
from assistant.limits import MAX_QUESTION_CHARS, MAX_SESSION_TURNS
from assistant.settings import Settings
from assistant.types import Document
from assistant.ui import EDITED_NOTE, MAX_FEEDBACK_PER_ANSWER, Actions, Conversation, Download, ViewUpdate
from assistant.ui.actions import DOCUMENT, SOURCES

QUESTION = "Avec qui Clamart est-elle jumelée ?"
NO_FILTERS: dict[str, list[str]] = {}


@pytest.fixture
def bot(tmp_path: Path) -> FakeAssistant:
    return FakeAssistant(Settings(feedback_path=tmp_path / "avis" / "feedback.jsonl"))


@pytest.fixture
def actions(bot: FakeAssistant, tmp_path: Path) -> Actions:
    return Actions(bot, export_dir=tmp_path / "exports")


def asked(actions: Actions, question: str = QUESTION, conv: Conversation | None = None) -> Conversation:
    """A conversation where ``question`` was asked and answered (both steps)."""
    conv = conv if conv is not None else Conversation()
    started = actions.start(conv, question, NO_FILTERS)
    assert started.status == "Recherche en cours…", started.status
    actions.finish(conv)
    return conv


def feedback_lines(bot: FakeAssistant) -> list[dict[str, object]]:
    path = Path(bot.settings.feedback_path)
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


# --- asking ---------------------------------------------------------------------------------------


def test_a_question_is_shown_pending_then_answered_with_its_sources(actions: Actions, bot: FakeAssistant) -> None:
    conv = Conversation()
    started = actions.start(conv, f"  {QUESTION}  ", NO_FILTERS)
    assert started.conversation is conv and started.question == ""  # the question box is emptied
    assert conv.pending is not None and conv.pending.question == QUESTION
    assert "Recherche en cours dans les documents" in str(started.conversation_html)
    assert started.sources_html is None and started.tab is None  # left as they are until the answer
    done = actions.finish(conv)
    assert bot.calls == [(QUESTION, (), None)]
    turn = conv.turns[0]
    assert not turn.pending and turn.answer is not None and turn.passages[1][0] == 13
    assert conv.selected == 0 and done.tab == SOURCES
    assert done.status == "Réponse trouvée, avec 1 source."
    assert 'data-act="cite"' in str(done.conversation_html) and "Sources de la réponse 1" in str(done.sources_html)
    assert done.export is not None and done.export.path is not None and Path(done.export.path).is_file()


def test_finish_without_a_pending_question_changes_nothing(actions: Actions) -> None:
    conv = Conversation()
    assert actions.finish(conv) == ViewUpdate(conv)


def test_empty_question_gets_a_french_message_and_is_not_asked(actions: Actions, bot: FakeAssistant) -> None:
    conv = Conversation()
    for empty in ("", "   \n", None):
        update = actions.start(conv, empty, NO_FILTERS)
        assert update.status == "Écrivez une question avant de lancer la recherche."
        assert update.conversation_html is None
    assert conv.turns == [] and bot.calls == []


def test_oversized_question_is_refused_shown_shortened_and_not_asked(actions: Actions, bot: FakeAssistant) -> None:
    conv = Conversation()
    update = actions.start(conv, "mot " * MAX_QUESTION_CHARS, NO_FILTERS)
    assert update.status is not None and update.status.startswith("La question est trop longue")
    (turn,) = conv.turns
    assert not turn.pending and turn.error == update.status and turn.question.endswith(" …")
    assert len(turn.question) < 210 and update.question is None  # the box keeps the text to shorten it
    assert actions.finish(conv) == ViewUpdate(conv) and bot.calls == []


def test_one_question_at_a_time_and_a_session_limit(actions: Actions) -> None:
    conv = Conversation()
    actions.start(conv, QUESTION, NO_FILTERS)
    assert actions.start(conv, "Autre ?", NO_FILTERS).status == "Une recherche est déjà en cours, patientez…"
    assert len(conv.turns) == 1
    answered = asked(actions).turns[0]
    full = Conversation(turns=[dataclasses.replace(answered) for _ in range(MAX_SESSION_TURNS)])
    update = actions.start(full, QUESTION, NO_FILTERS)
    assert "Nouvelle conversation" in str(update.status) and len(full.turns) == MAX_SESSION_TURNS


def test_filters_are_sent_by_key_and_shown_under_the_answer(actions: Actions, bot: FakeAssistant) -> None:
    conv = Conversation()
    selections = {"source": [], "authority": None, "country": ["AM"], "theme": ["santé", ""]}
    actions.start(conv, QUESTION, selections)
    done = actions.finish(conv)
    assert bot.calls[-1][2] == {"country": ["AM"], "theme": ["santé"]}
    assert conv.turns[0].filters == {"country": ["AM"], "theme": ["santé"]}
    assert "Filtres appliqués" in str(done.conversation_html) and "Arménie" in str(done.conversation_html)


def test_too_many_filter_values_are_refused_in_french(actions: Actions, bot: FakeAssistant) -> None:
    conv = Conversation()
    update = actions.start(conv, QUESTION, {"place": [f"Ville {i}" for i in range(500)]})
    assert update.status is not None and "Trop de valeurs de filtres" in update.status
    assert conv.turns == [] and bot.calls == []


def test_follow_up_questions_carry_the_answered_history(actions: Actions, bot: FakeAssistant) -> None:
    conv = asked(actions)
    asked(actions, "Quelle est la capitale ?", conv)  # abstains: still an answer, kept in the history
    asked(actions, "boum", conv)  # fails: not in the history
    asked(actions, "Depuis quand ?", conv)
    histories = [history for _, history, _ in bot.calls]
    assert histories == [
        (),
        (QUESTION,),
        (QUESTION, "Quelle est la capitale ?"),
        (QUESTION, "Quelle est la capitale ?"),
    ]


def test_abstention_and_failure_messages(actions: Actions) -> None:
    conv = Conversation()
    actions.start(conv, "Quelle est la capitale ?", NO_FILTERS)
    done = actions.finish(conv)
    assert done.status is not None and done.status.startswith("Aucune réponse trouvée dans les documents")
    assert "Passages les plus proches" in str(done.sources_html)
    actions.start(conv, "boum", NO_FILTERS)
    failed = actions.finish(conv)
    assert failed.status is not None and failed.status.startswith("Une erreur est survenue")
    assert "secret internal detail" not in str(failed.conversation_html) and conv.turns[1].error == failed.status


# --- sources and the document viewer --------------------------------------------------------------


def test_a_citation_opens_its_document_at_the_quote(actions: Actions) -> None:
    conv = asked(actions)
    update = actions.cite(conv, 0, 1)
    assert update.tab == DOCUMENT and conv.opened == 1
    assert '<mark class="coop-quote" tabindex="-1" data-target="1">Un serment de jumelage' in str(update.document_html)
    assert update.status == "Document « Clamart – Artachat » ouvert à la source 1."
    for turn, n in ((0, 9), (5, 1), (None, 1), (0, None)):  # no such citation: nothing changes
        assert actions.cite(conv, turn, n) == ViewUpdate(conv)


def test_show_sources_of_an_earlier_answer(actions: Actions) -> None:
    conv = asked(actions)
    asked(actions, "Quelle est la capitale ?", conv)
    assert conv.selected == 1
    update = actions.choose(conv, 0)
    assert conv.selected == 0 and update.tab == SOURCES and "Sources de la réponse 1" in str(update.sources_html)
    actions.start(conv, "boum", NO_FILTERS)
    actions.finish(conv)
    assert actions.choose(conv, 2) == ViewUpdate(conv) and actions.choose(conv, None) == ViewUpdate(conv)


def test_open_a_source_or_a_nearest_passage(actions: Actions) -> None:
    conv = asked(actions)
    asked(actions, "Quelle est la capitale ?", conv)
    cited = actions.open_source(conv, 0, "cite", 1)
    assert cited.tab == DOCUMENT and "Phrase citée [1]" in str(cited.document_html)
    nearest = actions.open_source(conv, 1, "passage", 1)  # the second nearest passage: the trapped note
    viewer = str(nearest.document_html)
    assert "Passage proche n° 2" in viewer and "&lt;script&gt;" in viewer and "<script" not in viewer
    assert nearest.status == "Document « Note <b>piégée</b> » ouvert."  # plain text, escaped by status_html
    assert actions.open_source(conv, 1, "passage", 7) == ViewUpdate(conv)
    assert actions.open_source(conv, 0, "cite", 4) == ViewUpdate(conv)


def test_open_a_document_of_the_welcome_list(actions: Actions) -> None:
    conv = Conversation()
    update = actions.open_document(conv, "clamart.txt")
    assert update.tab == DOCUMENT and "Clamart – Artachat" in str(update.document_html)
    assert "data-target" not in str(update.document_html)  # opened at its beginning, nothing highlighted
    unknown = actions.open_document(conv, "../../etc/passwd")
    assert unknown == ViewUpdate(conv, status="Ce document n'est pas dans l'index.")


def test_an_edited_document_opens_without_highlight_and_with_a_note(actions: Actions, bot: FakeAssistant) -> None:
    conv = asked(actions)
    old = bot.docs["clamart.txt"]
    bot.docs["clamart.txt"] = dataclasses.replace(old, text=old.text.replace("31 mai 2003", "1er juin 2004"))
    bot.generation = 1  # type: ignore[attr-defined]  # a fake that follows « coop ingest »
    update = actions.cite(conv, 0, 1)
    assert EDITED_NOTE.split(" :")[0] in str(update.document_html) and "1er juin 2004" in str(update.document_html)
    assert "coop-quote" not in str(update.document_html).split('tabindex="0">', 1)[1]


def test_example_questions_fill_the_question_box(actions: Actions) -> None:
    assert actions.example(0) == ViewUpdate(question="Avec quelle ville Clamart est-elle jumelée ?")
    assert actions.example(1).question == "Quels <projets> ?"
    assert actions.example(2) == ViewUpdate() and actions.example(None) == ViewUpdate()


# --- feedback ---------------------------------------------------------------------------------------


def test_rating_an_answer_writes_one_line_and_opens_the_comment_box(actions: Actions, bot: FakeAssistant) -> None:
    conv = asked(actions)
    update = actions.rate(conv, 0, "up")
    assert update.feedback_open is True and update.comment == "" and update.status == "Avis enregistré. Merci !"
    assert "« utile »" in str(update.feedback_note) and 'aria-pressed="true"' in str(update.conversation_html)
    assert conv.turns[0].rating == "up" and conv.feedback_turn == 0
    again = actions.rate(conv, 0, "up")
    assert again.status == "Votre avis sur cette réponse est déjà enregistré : merci !"
    assert actions.rate(conv, 0, "bof") == ViewUpdate(conv) and actions.rate(conv, 3, "up") == ViewUpdate(conv)
    (line,) = feedback_lines(bot)
    assert line["rating"] == "up" and line["question"] == QUESTION


def test_comments_are_checked_then_recorded(actions: Actions, bot: FakeAssistant) -> None:
    conv = asked(actions)
    assert actions.comment(conv, "Bravo") == ViewUpdate(conv, feedback_open=False)  # no answer rated yet
    actions.rate(conv, 0, "down")
    assert actions.comment(conv, "   ").status == "Le commentaire est vide : écrivez-le ou fermez."
    assert "trop long" in str(actions.comment(conv, "x" * 2001).status)
    done = actions.comment(conv, "  La date est fausse ")
    assert done == ViewUpdate(conv, feedback_open=False, comment="", status="Commentaire enregistré. Merci !")
    assert [(x["rating"], x["comment"]) for x in feedback_lines(bot)] == [("down", ""), ("down", "La date est fausse")]
    assert conv.feedback_turn is None
    actions.rate(conv, 0, "up")
    assert actions.close_feedback(conv) == ViewUpdate(conv, feedback_open=False) and conv.feedback_turn is None


def test_feedback_about_one_answer_is_limited(actions: Actions, bot: FakeAssistant) -> None:
    conv = asked(actions)
    ratings = ["up", "down"] * MAX_FEEDBACK_PER_ANSWER
    statuses = [actions.rate(conv, 0, r).status for r in ratings]
    assert statuses.count("Avis enregistré. Merci !") == MAX_FEEDBACK_PER_ANSWER
    assert statuses[-1] == "Votre avis sur cette réponse est déjà enregistré : merci !"
    assert len(feedback_lines(bot)) == MAX_FEEDBACK_PER_ANSWER


# --- export, new conversation, a new index generation, the API -----------------------------------------


def test_export_then_new_conversation(actions: Actions, tmp_path: Path) -> None:
    conv = asked(actions)
    assert actions.write_export(Conversation()) is None  # nothing answered: nothing to export
    path = actions.write_export(conv)
    assert path is not None and Path(path).parent == tmp_path / "exports" / conv.id
    text = Path(path).read_text(encoding="utf-8")
    assert text.startswith("# Conversation avec Coop'Assistant") and f"## 1. {QUESTION}" in text
    actions.rate(conv, 0, "up")
    fresh = actions.new(conv)
    assert not (tmp_path / "exports" / conv.id).exists()  # the session's export is removed
    assert fresh.conversation is not None and fresh.conversation is not conv and fresh.conversation.turns == []
    assert fresh.conversation.feedback_lines == 1  # the session's feedback limit survives « new »
    assert fresh.export == Download(None) and fresh.feedback_open is False and fresh.question == ""
    assert fresh.tab == SOURCES and "Bienvenue" in str(fresh.conversation_html)


def test_a_new_index_generation_refreshes_the_page_and_the_documents(actions: Actions, bot: FakeAssistant) -> None:
    conv = Conversation()
    assert actions.reload(conv) == ViewUpdate()  # same generation: nothing to change
    assert "31 mai 2003" in str(actions.open_document(conv, "clamart.txt").document_html)
    text = "Coopération avec Sfax\nUn projet de transport à Sfax depuis 2018.\n"
    bot.docs["sfax.txt"] = Document("sfax.txt", "Sfax", text, "txt", "0" * 64, len(text))
    old = bot.docs["clamart.txt"]
    bot.docs["clamart.txt"] = dataclasses.replace(old, text=old.text + "Un violoncelle offert en 2026.\n")
    bot.generation = 2  # type: ignore[attr-defined]
    page = actions.reload(conv)
    assert page.header is not None and "3 documents" in page.header
    assert "Documents disponibles (3)" in str(page.conversation_html)
    assert page.filter_choices is not None and ("Sfax", "sfax.txt") in page.filter_choices["source"]
    assert "violoncelle" in str(actions.open_document(conv, "clamart.txt").document_html)  # not the cached text


def test_the_api_answers_like_coop_ask_json(actions: Actions, bot: FakeAssistant) -> None:
    out = actions.ask_api(QUESTION, '["Question précédente"]', {"country": ["AM"]})
    assert out["answer"].endswith("[1].") and out["citations"][0]["source"] == "clamart.txt"
    assert bot.calls[-1] == (QUESTION, ("Question précédente",), {"country": ["AM"]})
    for bad in ((3, "", ""), ("", "", ""), (QUESTION, "pas du json", ""), (QUESTION, "", '{"country": 3}')):
        with pytest.raises(QueryError):
            actions.ask_api(*bad)


# --- the wiring: the payload of the page's buttons, every event bound ----------------------------------


def test_the_payload_of_a_button_is_read_by_name() -> None:
    import gradio as gr

    from assistant.ui.layout import Payload, payload

    sent = payload(gr.EventData(None, {"turn": "2", "n": 3, "kind": "cite", "rating": "up", "doc": "a.txt"}))
    assert sent == Payload(turn=2, n=3, i=None, kind="cite", rating="up", doc="a.txt")
    assert payload(gr.EventData(None, {"turn": "deux", "i": None})) == Payload()
    assert payload(gr.EventData(None, None)) == Payload()  # an event sent without payload


def test_every_event_of_the_page_is_bound(bot: FakeAssistant, tmp_path: Path) -> None:
    from assistant.ui import build_app

    demo = build_app(bot, export_dir=tmp_path)
    names = {getattr(f.fn, "__name__", "") for f in demo.fns.values()}
    expected = {"start_turn", "finish_turn", "on_example", "on_cite", "on_choose", "on_open", "on_opendoc", "on_rate"}
    assert expected | {"on_comment", "on_close_feedback", "on_new", "on_clear", "on_load", "api_ask"} <= names


def test_every_action_sets_only_the_outputs_of_its_events(actions: Actions, bot: FakeAssistant) -> None:
    from assistant.ui.layout import OUTPUTS

    seen: dict[str, set[str]] = {}
    for name in OUTPUTS:
        method = getattr(actions, name)

        def record(*args: object, _name: str = name, _method: Any = method) -> ViewUpdate:
            update: ViewUpdate = _method(*args)
            fields = {f.name for f in dataclasses.fields(update) if getattr(update, f.name) is not None}
            seen.setdefault(_name, set()).update(fields)
            return update

        setattr(actions, name, record)  # the instance's recorder hides the method
    actions.start(Conversation(), "", NO_FILTERS)
    actions.start(Conversation(), "x" * (MAX_QUESTION_CHARS + 1), NO_FILTERS)
    conv = asked(actions)
    asked(actions, "Quelle est la capitale ?", conv)
    asked(actions, "boum", conv)
    actions.example(0)
    for turn, n in ((0, 1), (0, 9)):
        actions.cite(conv, turn, n)
    actions.choose(conv, 1)
    actions.open_source(conv, 1, "passage", 0)
    actions.open_source(conv, 0, "cite", 1)
    actions.open_document(conv, "clamart.txt")
    actions.open_document(conv, "inconnu.txt")
    for rating in ("up", "up", "down"):
        actions.rate(conv, 0, rating)
    for comment in ("", "Bien"):
        actions.comment(conv, comment)
    actions.close_feedback(conv)
    bot.generation = 3  # type: ignore[attr-defined]
    actions.reload(conv)
    actions.new(conv)
    assert set(seen) == set(OUTPUTS)
    for name, names in seen.items():
        assert names <= set(OUTPUTS[name]), name
