"""Fast tier: the assistant (:class:`assistant.pipeline.Assistant`) over the hashing index of the seed corpus.

The same pipeline as with the real model (Chroma, BM25, fusion, sentence choice, citations), on
word-overlap vectors: what is checked is what holds whatever the model — exact quotes, filters,
follow-ups, refusals, the evidence an answer was decided from — not the quality of the answers.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import SEED_CORPUS

from assistant.answer import NOT_FOUND
from assistant.errors import QueryError
from assistant.types import FILTER_BY_KEY

WHEN = "Quand le serment de jumelage entre Clamart et Artachat a-t-il été signé ?"
CLAMART = "clamart-artachat-cooperation.txt"


def test_an_answer_quotes_its_documents_exactly(hashing_bot: Any) -> None:
    reply = hashing_bot.reply(WHEN)
    answer = reply.answer
    assert not answer.abstained and answer.short_answer == "31 mai 2003"
    assert answer.citations[0].source == CLAMART
    for c in answer.citations:
        doc = hashing_bot.document(c.source)
        assert doc.text[c.start : c.end] == c.text
        assert c.passage_start <= c.start < c.end <= c.passage_end
        assert f"[{c.n}]" in answer.text
    for h in answer.passages:
        assert hashing_bot.document(h.chunk.doc_id).text[h.chunk.start : h.chunk.end] == h.chunk.text
    assert [h.rank for h in answer.passages] == list(range(1, len(answer.passages) + 1))
    assert reply.evidence is not None and reply.evidence.score >= hashing_bot.settings.abstain_threshold


def test_a_question_the_documents_cannot_answer_is_not_found_with_passages(hashing_bot: Any) -> None:
    answer = hashing_bot.ask("Quelle est la capitale de l'Australie ?")
    assert answer.abstained and answer.text == NOT_FOUND and answer.citations == ()
    assert len(answer.passages) == hashing_bot.settings.top_k  # the nearest passages are still shown


def test_follow_ups_are_rewritten_with_the_conversation(hashing_bot: Any) -> None:
    answer = hashing_bot.ask("Qui la finance ?", ["Parle-moi de la coopération entre La Rochelle et Kendari."])
    assert answer.question == "Qui la finance ?" and "Kendari" in answer.search_query
    answer = hashing_bot.ask("Et au Japon ?", ["Quels projets La Rochelle mène-t-elle au Mexique ?"])
    assert "Japon" in answer.search_query and "Mexique" not in answer.search_query
    assert hashing_bot.ask(WHEN, ["Parle-moi de La Rochelle."]).search_query == WHEN  # self-contained


def test_filters_restrict_every_passage(hashing_bot: Any) -> None:
    answer = hashing_bot.ask("coopération et jumelage", filters={"source": CLAMART})
    assert answer.passages and {h.chunk.doc_id for h in answer.passages} == {CLAMART}
    answer = hashing_bot.ask("Quels projets de coopération ?", filters={"pays": "am"})  # alias, any case
    assert answer.passages and all("AM" in h.chunk.metadata.countries for h in answer.passages)
    answer = hashing_bot.ask("coopération", filters={"theme": ["eau", "santé"], "country": "AM"})
    for h in answer.passages:
        assert {"eau", "santé"} & set(h.chunk.metadata.themes) and "AM" in h.chunk.metadata.countries
    year = hashing_bot.filter_values()["date"][0]
    answer = hashing_bot.ask("coopération", filters={"date": year})
    assert answer.passages and all((h.chunk.metadata.date or "").startswith(year) for h in answer.passages)
    nothing = hashing_bot.reply("coopération", filters={"date": "1990"})
    assert nothing.answer.passages == () and nothing.answer.abstained and nothing.evidence is None


@pytest.mark.parametrize(
    ("filters", "message"),
    [({"date": "juin"}, "AAAA"), ({"couleur": "bleu"}, "couleur"), ({"country": ["x"] * 201}, "200")],
)
def test_bad_filters_are_refused_in_french(hashing_bot: Any, filters: dict[str, Any], message: str) -> None:
    with pytest.raises(QueryError, match=message):
        hashing_bot.ask("coopération", filters=filters)


def test_bad_questions_and_documents_are_refused_in_french(hashing_bot: Any) -> None:
    with pytest.raises(QueryError):
        hashing_bot.ask("   ")
    with pytest.raises(QueryError):
        hashing_bot.ask("a" * 5000)
    with pytest.raises(QueryError, match="entre 1 et 100"):
        hashing_bot.ask("coopération", k=500)
    for doc_id in ("../../etc/passwd", "absent.txt", "/etc/passwd"):
        with pytest.raises(QueryError, match="Document inconnu"):
            hashing_bot.document(doc_id)


def test_k_sets_how_many_passages_are_returned(hashing_bot: Any) -> None:
    assert len(hashing_bot.ask("coopération", k=3).passages) == 3
    scores = [h.score for h in hashing_bot.ask("coopération", k=20).passages]
    assert scores == sorted(scores, reverse=True) and len(scores) == 20


def test_the_corpus_overview_of_the_welcome_view(hashing_bot: Any) -> None:
    docs = hashing_bot.documents()
    assert sorted(d.id for d in docs) == sorted(p.name for p in SEED_CORPUS.iterdir())
    assert [d.title.lower() for d in docs] == sorted(d.title.lower() for d in docs)
    values = hashing_bot.filter_values()
    assert set(values) == set(FILTER_BY_KEY)
    assert values["source"] == sorted(d.id for d in docs) and "AM" in values["country"]
    assert all(v == sorted(v) for v in values.values())
    examples = hashing_bot.example_questions(4)
    assert 1 <= len(examples) <= 4 and all(q.endswith("?") for q in examples)
    assert hashing_bot.example_questions(4) == examples  # computed once


def test_the_passages_of_a_document_come_whole_and_in_order(hashing_bot: Any) -> None:
    # what a list question about a place reads beyond the hits (« …en Arménie ? », every section)
    passages = hashing_bot._document_chunks(CLAMART)
    assert len(passages) > 1 and {c.doc_id for c in passages} == {CLAMART}
    assert [c.start for c in passages] == sorted(c.start for c in passages)
    text = (SEED_CORPUS / CLAMART).read_text(encoding="utf-8")
    assert passages[0].start == 0 and passages[-1].end >= len(text.rstrip()) - 1
    assert hashing_bot._document_chunks("absent.txt") == ()


# A region's page written for this test: partners under « Nos partenaires », actions by theme.
ACTION_PAGE = """<html><head><title>L'action internationale de la Région</title></head><body>
<nav><ul><li>Accueil</li><li>International</li></ul></nav>
<h1>L'action internationale de la Région</h1>
<p>La Région coopère avec le qark de Shkodër en Albanie et avec la Région de Valparaíso au Chili,
autour de la jeunesse, de l'agriculture et de l'eau.</p>
<h2>Nos partenaires</h2>
<h3>Albanie – Qark de Shkodër</h3>
<ul><li>Qark de Shkodër (Albanie), partenaire depuis 2017.</li></ul>
<h3>Chili – Région de Valparaíso</h3>
<ul><li>Région de Valparaíso (Chili), partenaire depuis 2011.</li></ul>
<h2>Nos actions</h2>
<h3>Jeunesse</h3>
<ul><li>Chantiers de jeunes bénévoles à Shkodër chaque été.</li>
<li>Bourses de mobilité pour des apprentis au Chili.</li></ul>
<h3>Agriculture</h3>
<ul><li>Appui aux apiculteurs albanais des montagnes du nord.</li>
<li>Échanges de vignerons avec Valparaíso.</li></ul>
<h3>Eau</h3>
<ul><li>Suivi de la qualité de l'eau du lac de Shkodër.</li></ul>
</body></html>
"""


def test_a_list_of_actions_in_a_country_is_read_across_the_headings_of_a_real_index(tmp_path: Any) -> None:
    from conftest import HASHING_ABSTAIN_THRESHOLD

    from assistant.ingest import ingest
    from assistant.models.testing import HashingEmbedder
    from assistant.pipeline import Assistant
    from assistant.settings import Settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "region-international.html").write_text(ACTION_PAGE, encoding="utf-8")
    settings = Settings(
        corpus_dir=corpus,
        index_dir=tmp_path / "index",
        feedback_path=tmp_path / "feedback.jsonl",
        abstain_threshold=HASHING_ABSTAIN_THRESHOLD,
        accept_floor=0.0,  # hashing vectors: the acceptance model is fitted on the real model's cosines
        chunk_tokens=60,  # short passages, as those of a long page
        chunk_overlap_tokens=10,
    )
    ingest(settings, HashingEmbedder(), progress=False)
    bot = Assistant.open(settings, HashingEmbedder())
    try:
        assert len(bot._document_chunks("region-international.html")) > 3
        a = bot.ask("Quelles actions la Région mène-t-elle en Albanie ?")
        quotes = [c.text.lstrip("- ") for c in a.citations]
        assert quotes == [
            "Chantiers de jeunes bénévoles à Shkodër chaque été.",
            "Appui aux apiculteurs albanais des montagnes du nord.",
            "Suivi de la qualité de l'eau du lac de Shkodër.",
        ], a.text
        doc = bot.document("region-international.html")
        assert all(doc.text[c.start : c.end] == c.text for c in a.citations)
        assert [c.section.rsplit(" > ", 1)[-1] for c in a.citations] == ["Jeunesse", "Agriculture", "Eau"]
        assert bot._sections_of("absent.html") == ()
    finally:
        bot.close()


def test_a_question_typed_without_capitals_is_read_with_the_names_the_passages_write(
    hashing_bot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """« quand le serment … entre clamart et artachat … ? » is answered as the same question with capitals
    (« Clamart », « Artachat » as the passages write them); the answer keeps the question as typed."""
    import assistant.pipeline as pipeline

    typed = WHEN.lower()
    read: list[str] = []
    compose = pipeline.compose

    def spy(question: str, search_query: str, *args: Any, **kwargs: Any) -> Any:
        read.append(search_query)
        return compose(question, search_query, *args, **kwargs)

    monkeypatch.setattr(pipeline, "compose", spy)
    answer = hashing_bot.ask(typed)
    assert answer.question == typed and answer.search_query == typed  # shown as typed
    assert "Clamart" in read[-1] and "Artachat" in read[-1]  # read with the passages' names
    assert not answer.abstained and answer.short_answer == "31 mai 2003"
    hashing_bot.ask(WHEN)
    assert read[-1] == WHEN  # a question with capitals is read as typed


def test_truecase_capitalises_names_and_acronyms_only() -> None:
    from assistant.answer import truecase

    texts = ["La Communauté urbaine d'Arras (CUA) verse 40 000 euros à Gitega. La CUA forme des agents."]
    assert truecase("combien la cua verse à gitega ?", texts) == "combien la CUA verse à Gitega ?"
    assert truecase("combien verse la ville ?", texts) == "combien verse la ville ?"  # no name in it
    heading = ["CONVENTION ENTRE LA VILLE DE RENNES ET SEGOU\n\nLa Ville de Rennes et Ségou signent."]
    # a heading in capitals makes no acronym: « Rennes », not « RENNES »
    assert truecase("quand rennes et segou signent ?", heading) == "quand Rennes et Segou signent ?"
    hostile = "gitega " * 20_000
    assert truecase(hostile, texts).count("Gitega") == 20_000  # one pass over the question


def test_what_an_opened_index_loaded_is_left_out_of_the_garbage_collector(hashing_bot: Any) -> None:
    """At 20,000 documents, each full collection of Python's garbage collector walked the ≈ 600,000 objects of the
    open index (≈ 0.3 s, every few questions: the p95 of a question was 346 ms instead of 84): once opened, they are
    frozen out of it (issue 15). Garbage made by a question is still collected."""
    import gc
    import weakref

    loaded = [hashing_bot._lexical, *list(hashing_bot._documents.values())[:3]]
    assert gc.get_freeze_count() > 0
    walked = {id(o) for o in gc.get_objects()}
    assert all(gc.is_tracked(o) and id(o) not in walked for o in loaded if gc.is_tracked(o))
    assert any(gc.is_tracked(o) for o in loaded)

    class Cycle:
        other: Any = None

    a, b = Cycle(), Cycle()
    a.other, b.other = b, a
    gone = weakref.ref(a)
    del a, b
    hashing_bot.ask("Quelle ville arménienne est jumelée avec Clamart ?")
    gc.collect()
    assert gone() is None
