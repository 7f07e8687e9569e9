"""Answers gathered from a whole document, beyond the sentences the search brought back: the list
items about a place under every heading of a page (« Quelles actions la Région mène en Albanie ? »)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache

from .. import spans
from ..french import fold
from ..french.patterns import LIST_ITEM
from ..metadata import countries_mentioned
from ..question import QuestionAnalysis, data
from ..textnorm import stopwords
from ..types import Chunk, Hit, Section, section_at
from .features import ANSWER_PASSAGES

_WORDS = re.compile(r"[^\W_]+", re.UNICODE)

#: How many documents, and passages of each, are read for the items about a place (« …en Albanie ? »).
PLACE_ITEM_DOCUMENTS = 3
PLACE_ITEM_PASSAGES = 60
#: At most this many place names, and list items, are looked for in one document.
PLACE_NAMES = 30
PLACE_ITEM_LINES = 100

#: A capitalised word of four letters or more (« Shkodër », « Campeche »), in a heading.
_PROPER = re.compile(r"(?<![\w'’-])[A-ZÀ-ÖØ-Þ][^\W\d_]{3,}(?:-[^\W\d_]+)*")


@cache
def _not_place_words() -> frozenset[str]:
    """Capitalised words of a heading that name no place (« Région », « Province », « Pour »)."""
    return frozenset(stopwords() | spans.GENERIC_WORDS | {fold(w) for w in data()["place_nouns"]})


class HeadingOf:
    """The headings of a document: from its own structure when the assistant gives it
    (``sections_of``), else from its passages' sections."""

    def __init__(self, sections_of: Callable[[str], Sequence[Section]] | None) -> None:
        self._sections_of = sections_of

    def __call__(self, chunk: Chunk, offset: int) -> str:
        """The heading path (folded) at ``offset``, less its first heading when it is the document's
        title (« L'action internationale de la Région » names no section)."""
        found = section_at(self._sections_of(chunk.doc_id), offset) if self._sections_of is not None else None
        parts = (found.heading if found is not None else chunk.section).split(" > ")
        if len(parts) > 1 and fold(parts[0]) == fold(chunk.title):
            parts = parts[1:]
        return fold(" > ".join(parts))

    def every(self, doc_id: str, chunks: Sequence[Chunk]) -> list[str]:
        """Each heading of the document once (its last level, as written), in order."""
        paths = [s.heading for s in self._sections_of(doc_id)] if self._sections_of is not None else []
        paths = paths or [c.section for c in chunks]
        return list(dict.fromkeys(p.rsplit(" > ", 1)[-1].strip() for p in paths if p))


def _has_word(folded: str, word: str) -> bool:
    return bool(word) and re.search(r"(?<!\w)" + re.escape(word) + r"(?!\w)", folded) is not None


def place_items(
    analysis: QuestionAnalysis,
    hits: Sequence[Hit],
    document_chunks: Callable[[str], Sequence[Chunk]],
    heading: HeadingOf,
    max_items: int,
) -> list[tuple[Chunk, int, int, float]]:
    """The list items, under any heading of one retrieved document, about the place the question
    names: its country (by name or adjective: « l'Albanie », « étudiants équatoriens ») or a partner
    place of the document, the question's own or one the document files under a heading that names
    the asked one (« Albanie – Qark de Shkodër » lends « Shkodër »). Only the documents of the best
    hit's author are read; only when the items sit under at least two headings (one list is already
    found whole by the search) and are at least two."""
    countries = countries_mentioned(analysis.text)
    question = analysis.folded
    author = hits[0].chunk.metadata.authority if hits else None
    seen_docs: list[str] = []
    for hit in hits[:ANSWER_PASSAGES]:
        if hit.chunk.doc_id in seen_docs:
            continue
        seen_docs.append(hit.chunk.doc_id)
        if len(seen_docs) > PLACE_ITEM_DOCUMENTS:
            break
        if hit.chunk.metadata.authority != author:
            continue  # another authority's page: its actions in that country are not the ones asked
        chunks = document_chunks(hit.chunk.doc_id)[:PLACE_ITEM_PASSAGES]
        places = {fold(p) for c in chunks[:1] for p in c.metadata.places}
        asked = {p for p in places if _has_word(question, p)}
        if not countries and not asked:
            continue
        titles = [(raw, fold(raw)) for raw in heading.every(hit.chunk.doc_id, chunks)[:PLACE_ITEM_PASSAGES]]
        about = [
            (raw, title)
            for raw, title in titles
            if countries & countries_mentioned(raw) or any(_has_word(title, p) for p in asked)
        ]
        # the partner places those headings name: known to the document, or their own proper names
        # that no other heading uses (« Shkodër », not « Culture » of « Albanie – Jeunesse et Culture »)
        elsewhere = {w for raw, title in titles if (raw, title) not in about for w in _WORDS.findall(title)}
        for raw, title in about:
            own = {fold(w) for w in _PROPER.findall(raw)} - _not_place_words() - elsewhere
            asked |= {p for p in places if _has_word(title, p)} | own
        names = sorted(asked, key=len, reverse=True)[:PLACE_NAMES]
        mentions = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)") if names else None
        items: list[tuple[Chunk, int, int, float]] = []
        headings: list[str] = []  # each item's headings, folded
        seen: set[str] = set()  # an item's folded text: overlapping passages, a summary box and the body
        for chunk in chunks:
            for line in re.finditer(r"[^\n]+", chunk.text):
                bullet = LIST_ITEM.match(line.group())
                if bullet is None or not bullet.group().strip() or len(items) >= PLACE_ITEM_LINES:
                    continue
                text = line.group().strip()  # quoted with its bullet, as any list item
                body = fold(line.group()[bullet.end() :]).strip()
                if not body or body in seen:
                    continue
                named = mentions is not None and mentions.search(body) is not None
                if named or (countries and countries & countries_mentioned(text)):
                    seen.add(body)
                    start = chunk.start + line.start() + len(line.group()) - len(line.group().lstrip())
                    items.append((chunk, start, start + len(text), hit.score))
                    headings.append(heading(chunk, start))
        # under headings that name what is asked (« Nos actions > Eau »), when some are: not the
        # partner's own entry under « Nos partenaires »
        noun = re.escape((analysis.list_noun or "").removesuffix("s"))
        under = [k for k, h in enumerate(headings) if noun and re.search(r"(?<!\w)" + noun + r"s?(?!\w)", h)]
        kept = under or list(range(len(items)))
        if len(kept) >= 2 and len({headings[k] for k in kept}) >= 2:
            return [items[k] for k in kept][:max_items]
    return []
