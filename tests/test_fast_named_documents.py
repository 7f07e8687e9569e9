"""Fast tier: the documents a question names by kind and year (:mod:`assistant.named_documents`), and how their
passages join the ranking (:func:`assistant.retrieval.with_scoped`)."""

from __future__ import annotations

import numpy as np

from assistant.named_documents import named_documents
from assistant.retrieval import SCOPED_SLOTS, Retrieval, with_scoped
from assistant.types import Chunk, DocumentMetadata, Hit, Sentence

DOCS = [
    ("ad-loiret-huila-convention-2020.txt", "CONVENTION DE COOPÉRATION DÉCENTRALISÉE", DocumentMetadata(date="2020-11-05")),
    ("ad-loiret-huila-convention-2024.txt", "CONVENTION DE COOPÉRATION 2025-2028", DocumentMetadata(date="2024-11-26")),
    ("ad-loiret-deliberation-2024.txt", "Délibération n° 2024-51", DocumentMetadata(date="2024-10-18")),
    ("appel.md", "Appel à projets « Semences » – Édition 2026", DocumentMetadata()),
    ("rapport.md", "Rapport d'activité 2025", DocumentMetadata(date="2026-02-01")),
]


def test_a_kind_and_a_year_name_the_documents_that_hold_both() -> None:
    asked = named_documents("Combien le Loiret verse par an dans la convention de 2024 ?", DOCS)
    assert asked == {"ad-loiret-huila-convention-2024.txt"}  # the deliberation of 2024 is no convention
    assert named_documents("et dans la convention signée en 2020 ?", DOCS) == {"ad-loiret-huila-convention-2020.txt"}
    assert named_documents("la délibération de 2024 autorise quoi ?", DOCS) == {"ad-loiret-deliberation-2024.txt"}
    assert named_documents("plafond appel a projets semences 2026", DOCS) == {"appel.md"}  # typed without accents
    assert named_documents("Que dit le rapport d'activité 2025 ?", DOCS) == {"rapport.md"}
    # a period names its first year as well (the file and the title say « 2025-2028 »)
    assert named_documents("les axes de la convention 2025-2028", DOCS) == {"ad-loiret-huila-convention-2024.txt"}


def test_no_kind_no_year_or_too_many_documents_name_none() -> None:
    assert named_documents("Combien le Loiret verse-t-il en 2024 ?", DOCS) == frozenset()  # no kind
    assert named_documents("Que dit la convention ?", DOCS) == frozenset()  # no year
    assert named_documents("la convention de 2031", DOCS) == frozenset()  # no such document
    many = [(f"convention-{i}-2024.txt", "Convention", DocumentMetadata()) for i in range(3)]
    assert named_documents("la convention de 2024", many) == frozenset()  # three match: none in particular
    assert named_documents("convention " + "x" * 100_000 + " 2024", DOCS) == frozenset()  # read on 400 characters


def _hit(doc: str, n: int, score: float) -> Hit:
    text = f"Passage {n} de {doc}."
    chunk = Chunk(id=f"{doc}#{n}", doc_id=doc, start=0, end=len(text), text=text, title=doc,
                  sentences=(Sentence(0, len(text), text),), metadata=DocumentMetadata())  # fmt: skip
    return Hit(chunk, score=score, rank=n, dense=0.5, lexical=0.0)


def test_the_named_documents_passages_take_the_last_places_of_the_ranking() -> None:
    found = Retrieval(tuple(_hit("a.txt", i, 1.0 - i / 10) for i in range(1, 11)), np.zeros(3), ("convent",))
    scoped = Retrieval((_hit("a.txt", 2, 0.9), _hit("c.txt", 1, 1.0), _hit("c.txt", 5, 0.7)), np.zeros(3), ())
    merged = with_scoped(found, scoped, 10)
    ids = [h.chunk.id for h in merged.hits]
    assert len(ids) == 10 and ids[:8] == [f"a.txt#{i}" for i in range(1, 9)]  # the corpus's best keep their places
    assert ids[8:] == ["c.txt#1", "c.txt#5"]  # a.txt#2 was already there
    assert [h.rank for h in merged.hits] == list(range(1, 11))
    scores = [h.score for h in merged.hits]
    assert scores == sorted(scores, reverse=True)  # held under the passage before them
    assert merged.named == {"a.txt", "c.txt"} and merged.terms == ("convent",)
    # nothing new: the ranking as it was, still told which documents are named
    same = with_scoped(found, Retrieval((_hit("a.txt", 3, 0.8),), np.zeros(3), ()), 10)
    assert [h.chunk.id for h in same.hits] == [h.chunk.id for h in found.hits] and same.named == {"a.txt"}
    many = Retrieval(tuple(_hit("c.txt", i, 1.0) for i in range(1, 10)), np.zeros(3), ())
    assert sum(h.chunk.doc_id == "c.txt" for h in with_scoped(found, many, 10).hits) == SCOPED_SLOTS


RANKED = [
    ("q-brikama-convention-2019.txt", "CONVENTION", DocumentMetadata(date="2019-03-01", authority="Département de "
     "Loire-Atlantique", places=("Brikama",))),
    ("q-brikama-convention-2024.txt", "CONVENTION", DocumentMetadata(date="2024-11-04", authority="Département de "
     "Loire-Atlantique", places=("Brikama",))),
    ("q-brikama-avenant-convention-2021.txt", "Avenant n° 1", DocumentMetadata(date="2021-06-01", places=("Brikama",))),
    ("z-buada-convention-2020.txt", "CONVENTION", DocumentMetadata(date="2020-09-17", places=("Buada",))),
]  # fmt: skip


def test_an_agreement_named_by_its_rank_is_the_one_of_its_partnership_at_that_rank() -> None:
    """« la deuxième convention entre la Loire-Atlantique et Brikama »: the agreements of that partnership (its
    place or authority named in the question), by date; an amendment is no edition (terrain-q q03 got no end date:
    the renewed convention's article was not retrieved)."""
    second = "jusqu'a quand court la deuxieme convention entre la Loire-Atlantique et Brikama ?"
    assert named_documents(second, RANKED) == {"q-brikama-convention-2024.txt"}
    assert named_documents("la convention renouvelée avec brikama", RANKED) == {"q-brikama-convention-2024.txt"}
    assert named_documents("la premiere convention brikama", RANKED) == {"q-brikama-convention-2019.txt"}
    assert named_documents("Que dit la nouvelle convention avec Buada ?", RANKED) == {"z-buada-convention-2020.txt"}
    assert named_documents("la deuxième convention avec Buada", RANKED) == frozenset()  # Buada has one
    assert named_documents("la nouvelle convention avec Kaya", RANKED) == frozenset()  # no agreement of Kaya's
    assert named_documents("la convention avec Brikama", RANKED) == frozenset()  # no rank, no year


def test_the_kinds_a_question_names_by_year_or_by_rank() -> None:
    """What a sentence of another document must name to speak of the named one (« …de la convention signée le 7
    mars 2023 » in a report answers « Quand a été signée la nouvelle convention ? »: terrain-i i05)."""
    from assistant.named_documents import named_kinds

    assert named_kinds("Combien verse-t-il dans la convention de 2024 ?") == ["convention"]
    assert named_kinds("plafond appel a projets zomba 2026") == ["appel projets"]
    assert named_kinds("Quand a été signée la nouvelle convention ?") == ["convention"]
    assert named_kinds("Quand la convention a-t-elle été signée ?") == []
