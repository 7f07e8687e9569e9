"""Crafted text no longer makes regexes quadratic (issue 12, item 5).

The probe (each holding the index's write lock meanwhile): metadata.py ``NAME\\s+Métropole`` on
``'Abc ' * 8000`` 12 s; Markdown on ``'**a ' * 16000`` 15 s, ``'<script ' * 16000`` 12 s,
``'<!--' * 16000`` 7 s; ``split_sentences`` on 32,000 dots 18 s; conversation.py ``_context`` on
64,000 « ( » 20 s. Each pattern is fed here 100 kB long through the real readers, the sentence
splitter and the follow-up rewriting, and the result is asserted; the time is printed
(``pytest -s``, and ``python scripts/bench_patterns.py``), not asserted.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

from assistant.conversation import is_follow_up, rewrite
from assistant.french import fold_offsets
from assistant.french.dates import DATE, DATE_FOLDED
from assistant.loaders import read_document
from assistant.metadata import extract_metadata
from assistant.textnorm import split_sentences

SIZE = 100_000
T = TypeVar("T")


def repeat(unit: str) -> str:
    return unit * (SIZE // len(unit))


def timed(label: str, fn: Callable[..., T], *args: Any) -> T:
    started = time.perf_counter()
    result = fn(*args)
    print(f"\n{label} : {time.perf_counter() - started:.3f} s")
    return result


def test_name_before_metropole_on_100_kb_of_capitalised_words() -> None:
    words = repeat("Abc ")
    meta = timed("« Abc » × 25 000 (métadonnées)", extract_metadata, words, "Note", "note.txt")
    assert meta.authority is None and meta.places == () and meta.countries == ()
    text = words + "\n\nToulouse Métropole coopère avec Kendari, en Indonésie. Toulouse Métropole signe."
    meta = timed("« Abc » × 25 000 puis une métropole", extract_metadata, text, "Toulouse Métropole", "t.txt")
    assert meta.authority == "Toulouse Métropole" and meta.countries == ("ID",)


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("**a ", None),  # no closing delimiter: the text stays as it is
        ("<script ", None),  # no closing tag: nothing is dropped
        ("<!--", None),  # no end of comment: nothing is dropped
        ("__a ", None),
        ("~~a ", None),
        ("*a ", None),
        ("![a](", None),
        ("[a](", None),
        ("**a** ", "a"),  # closed: the markers go
        ("<!-- note -->Texte ", "Texte"),
        ("<script>alert(1)</script>Texte ", "Texte"),
    ],
)
def test_markdown_on_100_kb_of_a_repeated_pattern(tmp_path: Path, unit: str, expected: str | None) -> None:
    source = repeat(unit)
    path = tmp_path / "piege.md"
    path.write_text(source, encoding="utf-8")
    doc = timed(f"Markdown {unit!r} × {len(source) // len(unit)}", read_document, path, tmp_path)
    if expected is None:
        assert doc.text == source.strip()
    else:
        assert doc.text == " ".join([expected] * (len(source) // len(unit)))


def test_markdown_emphasis_and_raw_blocks_keep_their_meaning(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text(
        "# Titre\n\n<!-- caché -->Un **texte gras** et *italique*, __souligné__ et ~~barré~~ : "
        "5 * 3 * 2, snake_case_name.\n<style>p{}</style>\n<SCRIPT>x()</script >Fin ~~~~~~é.\n",
        encoding="utf-8",
    )
    doc = read_document(path, tmp_path)
    assert doc.text == (
        "Titre\n\nUn texte gras et italique, souligné et barré : 5 * 3 * 2, snake_case_name.\n\nFin ~~é."
    )


# --- sentences (textnorm.split_sentences) -------------------------------------------------


def cut_every(n: int, width: int) -> list[tuple[int, int]]:
    """Spans of one ``n``-character sentence cut every ``width`` characters."""
    return [(i, min(i + width, n)) for i in range(0, n, width + (width < 600))]


@pytest.mark.parametrize("unit", [".", "!", "?", "…", ".)", "?»", ".!"])
def test_sentences_of_100_kb_of_punctuation_without_a_space(unit: str) -> None:
    text = repeat(unit)
    spans = timed(f"phrases de {unit!r} × {len(text) // len(unit)}", split_sentences, text)
    assert spans == cut_every(len(text), 600)  # one « sentence », cut at 600 characters


@pytest.mark.parametrize("unit", ["M. ", "a. ", "etc. ", "M.  "])
def test_sentences_of_100_kb_of_abbreviations_or_lower_case_continuations(unit: str) -> None:
    text = repeat(unit)
    spans = timed(f"phrases de {unit!r} × {len(text) // len(unit)}", split_sentences, text)
    # No cut after an abbreviation, an initial or before a lower-case word: one sentence, cut on spaces.
    assert all(e - s <= 600 for s, e in spans) and spans[0][0] == 0 and spans[-1][1] == len(text.rstrip())
    assert all(text[e] == " " for _, e in spans[:-1]) and len(spans) == -(-len(text) // 600)


def test_sentences_of_100_kb_of_short_sentences_are_all_cut() -> None:
    text = repeat("Abc. ")
    spans = timed("phrases de 'Abc. ' × 20 000", split_sentences, text)
    assert spans == [(i, i + 4) for i in range(0, len(text), 5)]
    text = repeat("Le M. Dupont part. ")  # the abbreviation still does not cut
    spans = split_sentences(text)
    assert {text[s:e] for s, e in spans} == {"Le M. Dupont part."} and len(spans) == len(text) // 19


# --- follow-up rewriting (conversation.py) -------------------------------------------------

PREVIOUS = "Quels projets La Rochelle mène-t-elle au Mexique ?"


def test_context_of_100_kb_of_opening_brackets() -> None:
    brackets = repeat("(")
    query = timed("contexte de « ( » × 100 000", rewrite, "Qui la finance ?", [brackets])
    assert query == f"Qui la finance ? ({brackets})"
    query = timed("contexte d'une réécriture à « ( » × 100 000", rewrite, "Qui la finance ?", [f"Et là ? {brackets}x)"])
    assert query == f"Qui la finance ? ({brackets[1:]}x)"  # the leftmost « ( » after the last « ) »
    query = rewrite("Qui la finance ?", [f"Projets ? (Kendari){' ' * SIZE}"])
    assert query == "Qui la finance ? (Kendari)"


def test_ellipsis_with_100_kb_of_blank_or_marks() -> None:
    blank = " " * SIZE
    query = timed("« Et à x » + 100 000 espaces + mot", rewrite, f"Et à x{blank}Lyon", [PREVIOUS])
    assert query == f"Quels projets La Rochelle mène-t-elle à x{blank}Lyon ?"
    query = timed("« Et à x » + 50 000 × ' \\n' + « ?x »", rewrite, "Et à x" + " \n" * (SIZE // 2) + "?x", [PREVIOUS])
    assert query == "Et à x" + " \n" * (SIZE // 2) + f"?x ({PREVIOUS.rstrip(' ?').replace('Quels ', '')})"
    query = timed("« Et au Japon » + 100 000 espaces + « ? »", rewrite, f"Et au Japon{blank}?", [PREVIOUS])
    assert query == "Quels projets La Rochelle mène-t-elle au Japon ?"
    query = timed("« Et au Japon » + « ? » × 100 000", rewrite, "Et au Japon" + "?" * SIZE, [PREVIOUS])
    assert query == "Quels projets La Rochelle mène-t-elle au Japon ?"
    query = timed("« Et d' » + 100 000 espaces + « ? »", rewrite, f"Et d'{blank}?", [PREVIOUS])
    assert query == f"Quels projets La Rochelle mène-t-elle au Mexique d'{blank} ?"
    query = timed("« et » × 33 333", rewrite, repeat("et "), [PREVIOUS])
    assert query == f"{repeat('et ').strip()} ({PREVIOUS.rstrip(' ?').replace('Quels ', '')})"


def test_the_replaced_phrase_and_the_lead_ins_on_100_kb() -> None:
    blank = " " * SIZE
    query = timed(
        "phrase remplacée avant 100 000 espaces", rewrite, "Et au Japon ?", [f"Projets au Mexique{blank}(Kendari)"]
    )
    assert query == "Projets au Japon (Kendari)"
    query = timed(
        "phrase remplacée après 100 000 espaces", rewrite, "Et au Japon ?", [f"Projets{blank}au Mexique (Kendari)"]
    )
    assert query == f"Projets{blank}au Japon (Kendari)"
    query = timed("phrase ajoutée après 100 000 espaces", rewrite, "Et au Japon ?", [f"Projets{blank}x"])
    assert query == f"Projets{blank}x au Japon ?"
    query = timed("« au » × 33 333 remplacé", rewrite, "Et au Japon ?", [repeat("au ")])
    assert query == repeat("au ").rstrip() + " au Japon ?"  # each « au » is followed by another preposition
    query = timed("« à x de » × 14 285", rewrite, "Et au Japon ?", [repeat("à x de ")])
    assert query == repeat("à x de ").rstrip()[:-6] + "au Japon de"  # the last « à x » replaced
    for unit in ("qui ", "parle-moi de ", "est-ce que "):  # lead-ins removed from the context
        query = timed(f"introductions {unit!r} × {SIZE // len(unit)}", rewrite, "Qui la finance ?", [repeat(unit)])
        assert query == ("Qui la finance ? (est-ce que)" if unit == "est-ce que " else "Qui la finance ?")


def test_a_name_replaced_after_100_kb_of_hyphens_or_capitals() -> None:
    hyphens = "A" + "-" * SIZE
    query = timed("« d'A » + 100 000 « - »", rewrite, "Et celles de Lyon ?", [f"Quand l'USP d'{hyphens}x rouvre ?"])
    assert query == f"Quand l'USP de Lyon{hyphens[1:]}x rouvre ?"  # the name « A » alone is replaced
    capitals = repeat("Ab-de-")
    query = timed("« de » + « Ab-de- » × 16 666", rewrite, "Et de Lyon ?", [f"Projets de {capitals}x ?"])
    assert query.startswith("Projets de Lyon")
    query = timed("« y » × 50 000", rewrite, "Combien " + repeat("y "), [PREVIOUS])
    assert query.endswith("(projets La Rochelle mène-t-elle au Mexique)")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("ce" + " " * SIZE + "que", True),  # « ce » then a long blank: no demonstrative, but few words
        ("Budget de Dakar ce" + " " * SIZE + "projet", True),  # a demonstrative after a proper noun
        ("Budget de Dakar ce" + " " * SIZE + "que", False),
        ("Budget de Dakar qui" + " " * SIZE + "la", False),
        (repeat("cette "), True),
        (repeat("qui la "), True),
        ("Budget de Dakar de le " + "a" * SIZE, False),  # an object pronoun before a long non-infinitive
        (repeat("de le aller "), True),
        ("Budget de Dakar " + repeat("y "), True),  # « y » points back even beside a name
        (repeat("Abc "), False),
    ],
)
def test_follow_up_signs_on_100_kb(question: str, expected: bool) -> None:
    assert timed(f"suivi ? {question[:20]!r}… ({len(question)} caractères)", is_follow_up, question) is expected


# --- folding and dates (assistant.french) --------------------------------------------------


@pytest.mark.parametrize("unit", ["œ", "e\u0301", "\u0301", "Œuvre "])
def test_folded_offsets_of_100_kb_of_ligatures_and_lone_accents(unit: str) -> None:
    text = repeat(unit)
    folded = timed(f"repliement de {unit!r} × {len(text) // len(unit)}", fold_offsets, text)
    assert folded.original_text(0, len(folded)) == text.lstrip("\u0301")  # a leading lone accent has no letter
    assert folded.text == {"œ": "oe", "e\u0301": "e", "\u0301": "", "Œuvre ": "oeuvre "}[unit] * (len(text) // len(unit))


@pytest.mark.parametrize("unit", ["1 ", "1 au ", "1 mai ", "1/1/", "lundi "])
def test_dates_of_100_kb_of_digits_and_date_words(unit: str) -> None:
    text = repeat(unit)
    found = timed(f"dates de {unit!r} × {len(text) // len(unit)}", lambda: [m.group() for m in DATE.finditer(text)])
    assert found == (["1 mai"] * (len(text) // len(unit)) if unit == "1 mai " else [])  # a day and month, no year
    folded = timed(f"dates repliées de {unit!r}", lambda: [m.group() for m in re.finditer(DATE_FOLDED, text)])
    assert folded == []  # no year: no full date


def test_vote_patterns_on_100_kb() -> None:
    from assistant.answer.features import _VOTED_BY, _VOTING_BODY

    for text in ("quand le " + "x" * 100_000, "quand le " * 12_000, "approuvee par " + "a " * 50_000, "vote par " + "b" * 100_000):
        t0 = time.perf_counter()
        _VOTING_BODY.search(text)
        list(_VOTED_BY.finditer(text))
        assert time.perf_counter() - t0 < 1.0


@pytest.mark.parametrize("unit", [" ", ", ", "Ab ", ", Ab Cd", "ab'", "x, ce ", " alors que", "de 2024 ", ", Ab mint "])
def test_answer_patterns_of_the_fourth_of_december_on_100_kb(unit: str) -> None:
    """The clause breaks of a vote sentence, a name set off by commas, an apposition, a word with an apostrophe
    inside, a dated period, the noun whose end is asked: each read once over 100 kB of its own worst unit."""
    from assistant.answer.compose import _DATED_FROM, _ENDED
    from assistant.answer.features import (
        _CLAUSE_BREAK,
        _DEMONSTRATIVE,
        _NAMED_COMPLEMENT,
        _bare_name,
        _bare_person_in_role,
    )
    from assistant.textnorm import match_keys

    text = repeat(unit)
    started = time.perf_counter()
    assert len(_CLAUSE_BREAK.split(text + ";x")) >= 2
    list(_bare_name().finditer(text))
    assert not _bare_person_in_role(text, ("bourgmestre",))
    assert _DEMONSTRATIVE.match(text) is None or unit == "x, ce "
    _NAMED_COMPLEMENT.match(text)
    list(_DATED_FROM.finditer(text))
    assert _ENDED.search("jusqu'a quand va " + text) is None
    match_keys(text)
    print(f"\n« {unit} » × {SIZE // len(unit)} : {time.perf_counter() - started:.3f} s")


@pytest.mark.parametrize("unit", ["date ", "date a ", "lycee ", "un lycee ", "axe 1 : ", "quand et ", "a x"])
def test_answer_patterns_of_this_evening_on_100_kb(unit: str) -> None:
    """« …reste à fixer », an unnamed venue, numbered entries, two facts asked and a definition's verb, over
    100 kB of their own worst unit: each reads a bounded part of its text (2,000 characters of a sentence,
    400 of a question, lines of at most fourteen words)."""
    from assistant.answer.compose import _left_open, _unnamed
    from assistant.answer.gather import numbered_entries
    from assistant.question import _ASKS_FACT, analyse, asks_several_facts
    from assistant.types import Chunk

    text = repeat(unit)
    started = time.perf_counter()
    assert not _left_open(text, analyse("Quand se tiendra le prochain comité ?"))
    assert _unnamed(text, analyse("Dans quel lycée ?")) is (unit != "lycee ")  # named only by « lycee lycee… »
    chunk = Chunk(id="c", doc_id="d.txt", start=0, end=len(text), text=text, title="Convention")
    assert numbered_entries(analyse("Quels sont les axes de la convention ?"), ["d.txt"], lambda d: [chunk]) == []
    asks_several_facts(text)
    _ASKS_FACT.search(text)
    print(f"\n« {unit} » × {SIZE // len(unit)} : {time.perf_counter() - started:.3f} s")


@pytest.mark.parametrize("unit", [" ", "AB ", "AB\n", "deux membres du ", "ce projet ", "programme « ", "Considérant que "])
def test_answer_and_letterhead_patterns_of_the_seventh_of_december_on_100_kb(unit: str) -> None:
    """A letterhead in capitals, a count of part of a group, a demonstrative opening, a programme's name in quotes, a
    recital's opening, a giver asked in a follow-up's context: each read once over 100 kB of its own worst unit."""
    from assistant.answer.compose import _PROGRAMME
    from assistant.answer.features import (
        _COUNTED_THEN_VERB,
        _DELIBERATION_OPENER,
        _DEMONSTRATIVE_OPENING,
        _only_parts,
        _same_opening,
        asked_giver_noun,
    )
    from assistant.metadata import extract_metadata

    text = repeat(unit)
    started = time.perf_counter()
    _COUNTED_THEN_VERB.search("combien de " + text)
    _only_parts(text, ["deux", "membres"], "combien de membres compte le groupement ?")
    _same_opening(text, text)
    _DEMONSTRATIVE_OPENING.match(text)
    list(_PROGRAMME.finditer(text))
    _DELIBERATION_OPENER.match(text)
    asked_giver_noun("Et combien a-t-elle obtenu ? (demandé à " + text[:400] + ")")
    extract_metadata(text + "\nDirection", "", "x.txt")
    assert time.perf_counter() - started < 3.0


@pytest.mark.parametrize(
    "unit",
    [" ", "(", "2024-", "2024 ", ", du ", "cette hromada compte ", ", dans 9 pays", "arrive ", "M. Jean de ",
     "M. Jean, maire de Vallon, ",
     "une hromada, cette hromada compte 86 000 habitants, "],
)  # fmt: skip
def test_answer_patterns_of_the_forty_first_pass_on_100_kb(unit: str) -> None:
    """A year asked, a parenthesis of a question, the separators after a count, a population counted by a
    demonstrative (many figures, each with its noun brought in), another item of an enumeration before a cue, an
    arrival asked, a person before a role: each read over 100 kB of its own worst unit, with a real result."""
    import importlib

    from assistant.answer.features import _population_of_other, asked_events
    from assistant.textnorm import term_keys

    compose_module = importlib.import_module("assistant.answer.compose")
    features = importlib.import_module("assistant.answer.features")
    text = repeat(unit)
    started = time.perf_counter()
    years = compose_module._ASKED_YEAR.findall(text + " 2022")
    assert years[-1] == "2022"
    assert compose_module._PARENTHESIS.findall(text + "(Togo)")[-1] == "Togo"
    assert compose_module._item_separators(text + ", Ivato, Belo") >= 2
    hromada = text + ". la ville est le centre d'une hromada, et cette hromada compte environ 86 000 habitants."
    assert _population_of_other(hromada, None, [term_keys("Ribeauvillé")], "")
    assert features._NEXT_ITEM.match(text + ", du sulguni, ") is None
    assert not features._defines(text + " le guda, du sulguni, c'est-à-dire un fromage", "guda")
    asked_events("quand le convoi est-il " + text)
    role = text + ". Le maire de Cilaos a reçu M. Paul Hery, maire d'Ambalavao."
    # (a name with no role after it is nobody's apposition: then the sentence may name the mayor asked)
    assert features._role_given_elsewhere(role, ("maire",), "cilaos") is (unit != "M. Jean de ")
    assert features._person_before_role().search((text + " M. Jean Rabe, ")[-80:]) is not None
    elapsed = time.perf_counter() - started
    print(f"\n« {unit} » × {SIZE // len(unit)} : {elapsed:.3f} s")
    assert elapsed < 3.0


@pytest.mark.parametrize(
    "unit", [" ", "16 à ", "première ", "en arabe ", "et le secrétaire ", "d'actes d'", "c'est-à-dire, ", "accord-cadre "]
)
def test_answer_patterns_of_the_forty_second_pass_on_100_kb(unit: str) -> None:
    """A range of ages, an ordinal and its noun, a language, a role ellipsis, a count's verb after a complement, a
    definition cue: each read over 100 kB of its own worst unit, with a real result."""
    import importlib

    from assistant import spans
    from assistant.conversation import rewrite
    from assistant.spans import SpanKind

    compose_module = importlib.import_module("assistant.answer.compose")
    features = importlib.import_module("assistant.answer.features")
    text = repeat(unit)
    started = time.perf_counter()
    ages = text + " les jeunes de 16 à 25 ans"
    sixteen = [s for s in spans.find(ages, SpanKind.NUMBER) if s.text.startswith("16")][-1]
    assert not spans.counts(ages, sixteen, "dossiers")
    assert len(list(compose_module._ordinal_then_noun().finditer(text + " la seconde plateforme"))) >= 1
    assert compose_module._IN_WORD.findall(text + " en arabe")[-1] == "arabe"
    rewrite("et le " + text[:300] + " ?", ["Qui est le maire de Podor ?"])
    features._count_predicate("combien d'actes " + text[:400] + " ont ete numerises")
    features._defines(text + " une fanm saj, c'est-à-dire, une accoucheuse", "fanm saj")
    assert features._SIGNED_COMPLEMENT.search(text + " la convention de cooperation") is not None
    assert compose_module._ordinal_then_noun().search(text[:400] + " la seconde plateforme") is not None
    elapsed = time.perf_counter() - started
    print(f"\n« {unit} » × {SIZE // len(unit)} : {elapsed:.3f} s")
    assert elapsed < 3.0


@pytest.mark.parametrize("unit", ["0", "+33 ", "02 41 ", "1 ", "ab "])
def test_phone_numbers_and_words_after_numbers_on_100_kb(unit: str) -> None:
    """The telephone-number pattern and the word after a number, over 100 kB of digits, prefixes or words."""
    from assistant import spans
    from assistant.answer import features
    from assistant.spans import SpanKind

    text = repeat(unit) + " Tél. : 02 41 05 40 00, 61 communes"
    started = time.perf_counter()
    found = spans.find(text, SpanKind.NUMBER)
    assert found[-1].text == "61" and not any(s.start > len(text) - 30 and s.text == "41" for s in found)
    assert features._counts_things(text, found[-1:])  # « 61 communes »
    elapsed = time.perf_counter() - started
    print(f"\n« {unit} » × {SIZE // len(unit)} : {elapsed:.3f} s")
    assert elapsed < 3.0


@pytest.mark.parametrize("unit", ["12 ", "a ", "12 dossiers ", "ont été "])
def test_a_count_and_its_participle_on_100_kb(unit: str) -> None:
    """The count-then-participle pattern over 100 kB of numbers, words or auxiliaries."""
    from assistant import spans
    from assistant.answer import features
    from assistant.spans import SpanKind

    text = repeat(unit) + " deux dossiers ont été écartés"
    numbers = spans.find(text, SpanKind.NUMBER)
    started = time.perf_counter()
    # (the last count is of files set aside, whatever stands before it)
    assert features._counts_other_predicate(text, numbers, "dossiers", ("depos", "~depos"))
    elapsed = time.perf_counter() - started
    print(f"\n« {unit} » × {SIZE // len(unit)} : {elapsed:.3f} s")
    assert elapsed < 3.0
