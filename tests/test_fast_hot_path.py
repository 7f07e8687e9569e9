"""Fast tier: what makes one answer cheaper (issue 13, load) changes nothing that is answered.

Each saving of the question path has its test here: a published generation's Chroma counted once,
the memoised text analyses (same values, fresh objects: a caller changing what it got changes
nothing for the next one), and the replay check of ``scripts/replay_answers.py``. The byte-for-byte
replay of the dev questions on the real model lives in tests/test_answer_replay.py.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
from test_fast_store import A1, A2, B1, E, filled

from assistant.store import ChromaStore
from assistant.textnorm import match_keys

ROOT = Path(__file__).resolve().parents[1]


class CountingCollection:
    """A Chroma collection that counts the calls to ``count``."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.counts = 0

    def count(self) -> int:
        self.counts += 1
        return int(self.inner.count())

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def test_a_published_generation_is_counted_once_not_before_every_lookup(tmp_path: Path) -> None:
    filled(tmp_path / "chroma").close()
    reader = ChromaStore.for_generation(tmp_path / "chroma", "", None, create=False)
    writer = ChromaStore(tmp_path / "other")
    try:
        chunks, sentences = CountingCollection(reader._chunks), CountingCollection(reader._sentences)
        reader._chunks, reader._sentences = chunks, sentences
        for _ in range(3):
            assert [m.chunk_id for m in reader.query(E[0] * 0.6 + E[2] * 0.8, 3)] == [B1.id, A1.id, A2.id]
            assert {m.chunk_id for m in reader.query_sentences(E[2], 2)} == {A1.id, B1.id}
        assert reader.count() == 3
        assert chunks.counts == 1 and sentences.counts == 1
        # a store being written (an ingestion) counts again each time: it sees its own writes
        assert writer.count() == 0
        writer.add_chunks([A1], np.stack([E[0]]), [np.stack([E[0], E[2]])])
        assert writer.count() == 1 and len(writer.query_sentences(E[2], 10)) == 2
    finally:
        reader.close()
        writer.close()


def test_match_keys_are_remembered_but_each_caller_gets_its_own_set() -> None:
    text = "Le serment de jumelage entre Clamart et Artachat a été signé le 31 mai 2003."
    first = match_keys(text)
    assert {"~jumel", "clamart", "artachat", "~serme"} <= first
    first.add("intrus")
    first.discard("clamart")
    again = match_keys(text)
    assert "intrus" not in again and "clamart" in again
    assert again is not match_keys(text)
    assert match_keys(text, 4) != again and "~jume" in match_keys(text, 4)  # the prefix length is part of the key


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_the_replay_check_names_the_question_and_the_first_differing_byte() -> None:
    replay = _script("replay_answers")
    saved = [
        {"id": "d01", "json": '{"answer": "Artachat [1]"}', "html": [{"conversation": "<p>a</p>", "sources": ""}]},
        {"id": "d02", "json": '{"answer": "2003 [1]"}', "html": [{"conversation": "<p>b</p>", "sources": ""}]},
    ]
    assert replay.differences(saved, [dict(r) for r in saved]) == []
    changed = [saved[0], {**saved[1], "html": [{"conversation": "<p>B</p>", "sources": ""}]}]
    found = replay.differences(saved, changed)
    assert len(found) == 1 and found[0].startswith("d02 (html, caractère ")
    assert "<p>b</p>" in found[0] and "<p>B</p>" in found[0]
    shorter = replay.differences(saved, saved[:1])
    assert shorter == ["2 questions enregistrées, 1 rejouées"]


def test_the_replay_reads_dialogues_and_refuses_a_malformed_line(tmp_path: Path) -> None:
    replay = _script("replay_answers")
    good = tmp_path / "dev.jsonl"
    good.write_text(
        '{"id": "a", "question": "Qui ?"}\n\n{"id": "b", "turns": ["Quoi ?", "Depuis quand ?"], "question": "x"}\n',
        encoding="utf-8",
    )
    assert replay.load_dialogues(good) == [
        replay.Dialogue("a", ("Qui ?",)),
        replay.Dialogue("b", ("Quoi ?", "Depuis quand ?")),
    ]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "turns": ["", "x"]}\n', encoding="utf-8")
    try:
        replay.load_dialogues(bad)
    except SystemExit as exc:
        assert "ligne 1" in str(exc) and "bad.jsonl" in str(exc)
    else:
        raise AssertionError("une question vide doit être refusée")


def test_spans_are_remembered_but_each_caller_gets_its_own_list() -> None:
    from assistant import spans
    from assistant.spans import SpanKind

    sentence = "La Ville a versé 41 200 euros à l'AFD le 31 mai 2003."
    amounts = spans.find(sentence, SpanKind.AMOUNT)
    assert [s.text for s in amounts] == ["41 200 euros"]
    amounts += spans.find(sentence, SpanKind.DATE)  # what features.py does for a bare « Combien… ? »
    assert [s.text for s in spans.find(sentence, SpanKind.AMOUNT)] == ["41 200 euros"]
    assert [s.text for s in spans.find(sentence, SpanKind.NAME)] == ["La Ville", "AFD"]
    assert spans.find(sentence, SpanKind.NAME) is not spans.find(sentence, SpanKind.NAME)


def test_a_remembered_verdict_on_a_sentence_is_the_computed_one() -> None:
    from assistant.answer import features

    lines = ["publie le 3 mars 2025", "accueil > international > armenie", "le serment a ete signe en 2003."]
    assert [features._not_a_sentence(x) for x in lines] == [features._not_a_sentence.__wrapped__(x) for x in lines]
    assert [features._not_a_sentence(x) for x in lines] == [True, True, False]


def _counting_composes(bot: Any) -> list[tuple[str, str]]:
    calls: list[tuple[str, str]] = []
    inner = bot._compose

    def counted(question: str, search_query: str, flt: Any, top_k: int) -> Any:
        calls.append((question, search_query))
        return inner(question, search_query, flt, top_k)

    bot._compose = counted
    return calls


def test_a_follow_up_reuses_the_previous_answer_just_given_and_answers_the_same(
    hashing_settings: Any, monkeypatch: Any
) -> None:
    from assistant import pipeline
    from assistant.models.testing import HashingEmbedder

    first, follow = "Quelle ville arménienne est jumelée avec Clamart ?", "Depuis quand ?"
    asked = pipeline.Assistant.open(hashing_settings, HashingEmbedder())
    fresh = pipeline.Assistant.open(hashing_settings, HashingEmbedder())
    try:
        before = asked.ask(first)
        assert before.short_answer  # the follow-up's search leans on it
        calls = _counting_composes(asked)
        reused = asked.ask(follow, [first])
        assert calls == [(follow, reused.search_query)]  # the previous question was not answered again
        assert f": {before.short_answer})" in reused.search_query
        fresh_calls = _counting_composes(fresh)
        again = fresh.ask(follow, [first])
        assert [q for q, _ in fresh_calls] == [first, follow]
        assert again.as_dict() == reused.as_dict()
        # other filters: another previous answer, composed again
        calls.clear()
        asked.ask(follow, [first], filters={"country": "AM"})
        assert [q for q, _ in calls] == [first, follow]
        monkeypatch.setattr(pipeline, "RECENT_ANSWERS", 2)
        for q in ("Qui finance le projet ?", "Où se trouve Artachat ?", "Quels sont les axes ?"):
            asked.ask(q)
        assert len(asked._recent) == 2 and (first, first, pipeline.Filters(), 10) not in asked._recent
    finally:
        asked.close()
        fresh.close()


def test_sentence_vectors_fetched_by_id_are_the_stored_ones(tmp_path: Path) -> None:
    from dataclasses import replace

    store = filled(tmp_path / "chroma")
    try:
        for chunks in ([A1], [B1, A1], [A2, B1, A1], []):
            full = store.sentence_vectors([c.id for c in chunks])
            light = store.stored_sentence_vectors(chunks)
            by_span = {(v.chunk_id, v.start, v.end): v.vector for v in full}
            assert len(light) == len(full)
            for (cid, j), vector in light.items():
                c = next(c for c in chunks if c.id == cid)
                assert np.array_equal(vector, by_span[(cid, c.sentences[j].start, c.sentences[j].end)])
        # a passage with more sentences than stored (an index damaged by hand): the missing one is left out,
        # to be encoded by the caller
        longer = replace(A1, sentences=(*A1.sentences, A1.sentences[-1]))
        assert sorted(store.stored_sentence_vectors([longer])) == [(A1.id, j) for j in range(len(A1.sentences))]
        # records are fetched by id: a passage gets the vectors of its own sentences only
        shorter = replace(A1, sentences=A1.sentences[:1])
        assert list(store.stored_sentence_vectors([shorter])) == [(A1.id, 0)]
    finally:
        store.close()
