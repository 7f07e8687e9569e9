"""The documents a question names by their kind and year (« dans la convention de 2024 », « l'appel à projets
Nampula 2026 », « le rapport d'activité 2025 »).

Such a question asks what that document says, and the passage that says it may share few words with the
question (« Combien le Loiret verse par an… » against « Le Département consacre à la coopération 55 000 euros par
an »): the pipeline also searches the named document alone and puts its best passages in the ranking
(:func:`assistant.retrieval.with_scoped`). A document is named when its title or file name holds the kind's
words (``document_kinds`` of ``data/answering.json``) and its file name, title or date the year; a kind and year
that match more than :data:`MAX_NAMED` documents name none in particular.

A question may also name an agreement by its rank (« la deuxième convention », « la convention renouvelée », « la
première convention entre la Manche et Cobán »: the ``editions`` table): among the agreements of that kind whose
partner place or authority the question names, ordered by date, the one the adjective points to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from .answering_data import data, edition_nouns, edition_pattern
from .french import fold
from .types import DocumentMetadata

#: A kind and a year that match more documents than this name none in particular.
MAX_NAMED = 2
#: How many characters of the question are read.
QUESTION_CHARS = 400


@cache
def _kind_then_year() -> re.Pattern[str]:
    """A kind of document, then within 40 characters (no sentence end) a year or a period of years."""
    kinds = sorted((k for k in data()["document_kinds"] if not k.startswith("_")), key=len, reverse=True)
    alternatives = "|".join(re.escape(k) for k in kinds)
    return re.compile(rf"\b(?P<kind>{alternatives})\b[^?.!;]{{0,40}}?(?<!\d)(?P<year>(?:19|20)\d\d)(?!\d)")


def named_documents(question: str, documents: Iterable[tuple[str, str, DocumentMetadata]]) -> frozenset[str]:
    """The ids of the documents ``question`` names by kind and year, among ``documents`` (id, title, metadata);
    empty when it names none, or a kind and year that more than :data:`MAX_NAMED` documents match."""
    folded = fold(question[:QUESTION_CHARS].lower().replace("’", "'"))
    found = [(m.group("kind"), m.group("year")) for m in _kind_then_year().finditer(folded)]
    docs = list(documents)
    if not found:
        return _by_rank(folded, docs)
    table = data()["document_kinds"]
    named: set[str] = set()
    for kind, year in found:
        words = table[kind]
        matching = set()
        for doc_id, title, metadata in docs:
            named_words = set(re.split(r"[\W_]+", fold(f"{title} {doc_id}".lower())))
            if not all(w in named_words for w in words):
                continue
            if year in re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", f"{title} {doc_id}") or (
                metadata.date or ""
            ).startswith(year):
                matching.add(doc_id)
        if 0 < len(matching) <= MAX_NAMED:
            named |= matching
    return frozenset(named) if len(named) <= MAX_NAMED else frozenset()


def _by_rank(folded: str, docs: list[tuple[str, str, DocumentMetadata]]) -> frozenset[str]:
    """The agreement a folded question names by its rank (see the module docstring), or none."""
    m = edition_pattern().search(folded)
    if m is None:
        return frozenset()
    stems = edition_nouns(m.group("noun") or m.group("noun2") or "")
    adjective = m.group("before") or m.group("after") or ""
    table = data()["editions"]
    asked = set(re.findall(r"[a-z0-9]+", folded))
    dated: list[tuple[str, str]] = []
    for doc_id, title, metadata in docs:
        named_words = set(re.split(r"[\W_]+", fold(f"{title} {doc_id}".lower())))
        if named_words.isdisjoint(stems) or not set(table["amendments"]).isdisjoint(named_words):
            continue  # not an agreement of that kind, or an amendment to one
        partners = [metadata.authority or "", *metadata.places]
        if not any(_named_in(p, asked) for p in partners if p):
            continue  # the agreement of another partnership
        years = re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", f"{title} {doc_id}")
        date = metadata.date or (min(years) if years else None)
        if date:
            dated.append((date, doc_id))
    dated.sort()
    if not dated or len({d for d, _ in dated}) < len(dated):
        return frozenset()  # none, or two agreements of one date: no order
    if adjective in table["first"]:
        index = 0
    elif adjective in table["second"]:
        index = 1
    elif adjective in table["previous"]:
        index = len(dated) - 2
    else:
        index = len(dated) - 1
    return frozenset({dated[index][1]}) if 0 <= index < len(dated) else frozenset()


#: Words of an authority's or a place's name that do not tell it apart (« Département de… », « Ville de… »).
_NAME_FILLERS = frozenset({"de", "du", "des", "la", "le", "les", "l", "d", "et", "en", "sur"})


def _named_in(name: str, asked: set[str]) -> bool:
    """Whether the question's folded words ``asked`` hold a telling word of ``name`` (« Brikama » of « Brikama Area
    Council », « loire » and « atlantique » of « Département de Loire-Atlantique »), not its unit (« departement »)."""
    table = data()["document_kinds"]
    units = {"departement", "region", "ville", "commune", "communaute", "metropole", "agglomeration", "syndicat"}
    telling = [w for w in re.findall(r"[a-z0-9]+", fold(name.lower())) if w not in _NAME_FILLERS and w not in units]
    return any(len(w) >= 3 and w in asked and w not in table for w in telling)


def named_kinds(question: str) -> list[str]:
    """The words each kind of document the question names stands for in titles (« convention », « appel
    projets »: ``document_kinds``), by year or by rank; empty when it names none."""
    folded = fold(question[:QUESTION_CHARS].lower().replace("’", "'"))
    table = data()["document_kinds"]
    kinds = [" ".join(table[m.group("kind")]) for m in _kind_then_year().finditer(folded)]
    ranked = edition_pattern().search(folded)
    if ranked is not None:
        kinds.extend(edition_nouns(ranked.group("noun") or ranked.group("noun2") or ""))
    return [k for k in kinds if k]
