"""Answers gathered from a whole document, beyond the sentences the search brought back: the list
items about a place under every heading of a page (« Quelles actions la Région mène en Albanie ? »), and
an authority's partners where its page files them (« Quels sont les partenaires de la Ville d'Amiens ? »), and
the entries a document numbers (« Quels sont les axes de la convention ? » → « Article 3 – Axe 1 : … »)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from functools import cache

from .. import spans
from ..french import fold
from ..french.patterns import LIST_ITEM, ORDINAL_WORD, ordinal_number
from ..metadata import countries_mentioned
from ..question import QuestionAnalysis, data, list_count
from ..textnorm import match_keys, stopwords, term_keys
from ..types import Chunk, Hit, Section, section_at
from .features import ANSWER_PASSAGES
from .profile import holds_key, name_keys

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

    def sections(self, doc_id: str) -> Sequence[Section]:
        """The document's sections, when the assistant gives them (else none)."""
        return self._sections_of(doc_id) if self._sections_of is not None else ()

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
        # the author's own town is no partner place (« Quelles actions la ville de Rouen mène avec Abéché ? »
        # on « Rouen à l'international »: the items naming Abéché, not those naming Rouen), unless it is all
        # the question names
        title = fold(chunks[0].title) if chunks else ""
        home = {p for p in places if _has_word(fold(author or ""), p) or _has_word(title, p)}
        asked = (asked - home) or asked
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
        if asked - home:
            asked -= home  # (a heading naming both towns, « Rouen – Abéché : santé », lends the home town back)
        names = sorted(asked, key=len, reverse=True)[:PLACE_NAMES]
        mentions = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)") if names else None
        items: list[tuple[Chunk, int, int, float]] = []
        headings: list[str] = []  # each item's headings, folded
        for chunk, start, end, body in _list_lines(chunks, 0, chunks[-1].end if chunks else 0):
            if len(items) >= PLACE_ITEM_LINES:
                break
            text = chunk.text[start - chunk.start : end - chunk.start]
            named = mentions is not None and mentions.search(body) is not None
            if named or (countries and countries & countries_mentioned(text)):
                items.append((chunk, start, end, hit.score))
                headings.append(heading(chunk, start))
        # an action told under a heading of its own that names the place (« Former des sages-femmes à
        # Abéché »), unless an item of its section is quoted already
        for section in heading.sections(hit.chunk.doc_id)[:PLACE_ITEM_PASSAGES]:
            last = section.heading.rsplit(" > ", 1)[-1]
            line = _heading_line(chunks, section.start)
            if line is None or mentions is None or not mentions.search(fold(last)) or len(items) >= PLACE_ITEM_LINES:
                continue
            if not any(section.start <= start < section.end for _, start, _, _ in items):
                items.append((line[0], line[1], line[2], hit.score))
                headings.append(heading(line[0], line[1]))
        order = sorted(range(len(items)), key=lambda k: items[k][1])
        items, headings = [items[k] for k in order], [headings[k] for k in order]
        # under headings that name what is asked (« Nos actions > Eau »), when some are: not the
        # partner's own entry under « Nos partenaires »
        noun = re.escape((analysis.list_noun or "").removesuffix("s"))
        under = [k for k, h in enumerate(headings) if noun and re.search(r"(?<!\w)" + noun + r"s?(?!\w)", h)]
        kept = under or list(range(len(items)))
        if len(kept) >= 2 and len({headings[k] for k in kept}) >= 2:
            return [items[k] for k in kept][:max_items]
    return []


#: At most this many partners are quoted (one heading or list item each), from this many documents.
PARTNER_ITEMS = 12
PARTNER_DOCUMENTS = 3


#: Partners of a project or of one kind, which the project's own passages name.
_PROJECT_PARTNERS = re.compile(
    r"\bpartenaires?\s+(?:financiers?|techniques?|institutionnels?|locaux|operationnels?|scientifiques?)\b"
    r"|\b(?:projet|programme|phase|action|chantier)\b"
)


def asks_partners(analysis: QuestionAnalysis) -> bool:
    """Whether a list question asks an authority's partners (« Quels sont les partenaires de la Ville
    d'Amiens ? », « Avec quels pays La Rochelle coopère-t-elle ? »), not the partners in one country
    (« …au Liban ? », answered by the passages of that country) nor the domains of a cooperation."""
    table = data()
    noun = analysis.list_noun
    if not analysis.is_list or noun not in table["partner_nouns"] or countries_mentioned(analysis.text):
        return False
    if _PROJECT_PARTNERS.search(analysis.folded):
        return False  # « les partenaires financiers du projet… »: its funders, not the authority's partners
    return noun in table["partner_cues"] or any(w in table["partner_cues"] for w in _WORDS.findall(analysis.folded))


def partner_entries(
    analysis: QuestionAnalysis,
    hits: Sequence[Hit],
    document_chunks: Callable[[str], Sequence[Chunk]],
    sections_of: Callable[[str], Sequence[Section]],
    max_items: int = PARTNER_ITEMS,
) -> list[tuple[Chunk, int, int, float]]:
    """An authority's partners where its page files them, each quoted exactly: the list items (or,
    without items, the sub-headings) under a heading that names them (« Nos partenaires »,
    « Jumelages »), else the headings side by side that each name a country (« Kendari (Indonésie) »,
    « Douroula, au Burkina Faso »). Only the documents of the best hit's author are read, at least two
    partners are needed, the page must name every name of the question, and an empty list means the usual
    answer stands."""
    author = hits[0].chunk.metadata.authority if hits else None
    names = name_keys(analysis.text)
    seen_docs: list[str] = []
    for hit in hits[:ANSWER_PASSAGES]:
        doc_id = hit.chunk.doc_id
        if doc_id in seen_docs:
            continue
        seen_docs.append(doc_id)
        if len(seen_docs) > PARTNER_DOCUMENTS:
            break
        if hit.chunk.metadata.authority != author:
            continue  # another authority's partners are not the ones asked
        chunks = document_chunks(doc_id)[:PLACE_ITEM_PASSAGES]
        keys = match_keys(" ".join([hit.chunk.title, *(c.text for c in chunks)]))
        if not all(holds_key(stem, prefix, keys) for stem, prefix in names):
            continue  # a page that never names the authority asked about
        headed = [(s, s.heading.split(" > ")) for s in sections_of(doc_id)[:PLACE_ITEM_PASSAGES] if s.heading]
        spans_ = _partner_section(headed, chunks, asks_twins(analysis))
        if len(spans_) < 2:
            spans_ = _country_headings(headed, chunks)
        if len(spans_) >= 2:
            return [(chunk, start, end, hit.score) for chunk, start, end in spans_[:max_items]]
    return []


#: At most this many words on a numbered entry's line (« Article 3 – Axe 1 : Forêts, oliveraies et sols »).
NUMBERED_LINE_WORDS = 14
#: Numbered entries are looked for in the answer's document and those of the best passages, this many at most.
NUMBERED_DOCUMENTS = 4


def numbered_entries(
    analysis: QuestionAnalysis,
    documents: Sequence[str],
    document_chunks: Callable[[str], Sequence[Chunk]],
    max_items: int = PARTNER_ITEMS,
) -> list[tuple[Chunk, int, int]]:
    """The entries a document numbers under the noun a list question asks for, each line quoted exactly
    in the document's order: « Quels sont les axes de la convention ? » → « Article 3 – Axe 1 : Forêts… »,
    « Article 4 – Axe 2 : Eau… » (each axis an article of its own, its text below), or « ## Volet 1 : … ».
    A short line where the noun, in the singular, is followed by a number and a colon or a dash; the first
    of ``documents`` with at least two numbers, those whose title names the kind of text the question names
    first (« les axes de la convention » are a convention's, not an activity report's); none, and the usual
    answer stands."""
    noun = analysis.list_noun
    if not noun or len(noun) < 4:
        return []
    singular = noun[:-1] if noun.endswith(("s", "x")) else noun
    # « Axe 1 : … », « Volet II – … », or the ordinal first: « Article 3 - Premier axe : … », « 2e volet : … »
    entry = re.compile(
        rf"(?<!\w){re.escape(singular)}s?\s+(?:n°\s*)?(\d{{1,2}}|[ivx]{{1,4}})\s*[:.–—-]\s*\w"
        rf"|(?<!\w)({ORDINAL_WORD})\s+{re.escape(singular)}\s*[:.–—-]\s*\w"
    )
    objects = data()["signed_objects"]
    asked = {objects[w] for w in _WORDS.findall(analysis.folded) if w in objects}
    read = {d: document_chunks(d)[:PLACE_ITEM_PASSAGES] for d in list(dict.fromkeys(documents))[:NUMBERED_DOCUMENTS]}

    def names_asked(doc_id: str) -> bool:
        title = fold(read[doc_id][0].title) if read[doc_id] else ""
        return any(objects.get(w) in asked for w in _WORDS.findall(title))

    for doc_id in sorted(read, key=lambda d: not names_asked(d)):
        found: dict[int, tuple[Chunk, int, int]] = {}
        numbers: set[str] = set()
        for chunk in read[doc_id]:
            for line in re.finditer(r"[^\n]+", chunk.text):
                text = line.group().strip()
                # (words: a dash or a colon alone is none)
                words = sum(1 for w in text.split() if any(ch.isalnum() for ch in w))
                if words > NUMBERED_LINE_WORDS or not (m := entry.search(fold(text))):
                    continue
                # (« Premier axe » in a summary and « Axe 1 » in the article are one entry, quoted once; a passage's
                # overlap with the next holds the same line again)
                number = ordinal_number(m.group(1) or m.group(2))
                if number in numbers:
                    continue
                numbers.add(number)
                at = chunk.start + line.start() + len(line.group()) - len(line.group().lstrip())
                found.setdefault(at, (chunk, at, at + len(text)))
        if len(numbers) >= 2:
            return [found[at] for at in sorted(found)][:max_items]
    return []


def _partner_section(
    headed: list[tuple[Section, list[str]]], chunks: Sequence[Chunk], twinning: bool = False
) -> list[tuple[Chunk, int, int]]:
    """The items, else the sub-headings, under the first heading that names partners; not the document's
    own title (a page called « Jumelages et coopérations » holds more than its partners). With
    ``twinning``, only the sub-headings that name a twinning, or sit under a heading that does, when some do."""
    title = fold(chunks[0].title) if chunks else ""
    names = "|".join(re.escape(w) for w in data()["partner_headings"])
    naming = re.compile(r"(?<!\w)(?:" + names + r")(?!\w)")
    for section, parts in headed:
        if fold(parts[-1]) == title or not naming.search(fold(parts[-1])):
            continue
        below = [(s, p) for s, p in headed if p[: len(parts)] == parts]
        if len(below) == len(headed):
            continue  # the heading over the whole document: its title, however written
        end = max(s.end for s, _ in below)
        items = _items_between(chunks, section.start, end)
        if len(items) >= 2:
            return [_first_sentence(item) for item in items]
        children: list[tuple[Section, bool]] = []  # each partner's heading, and whether it is a twinning
        for child, child_parts in below:
            if len(child_parts) != len(parts) + 1:
                continue
            grandchildren = [s for s, p in below if len(p) == len(parts) + 2 and p[: len(child_parts)] == child_parts]
            if grandchildren and _bare_heading(chunks, child):
                # « Villes jumelles », « Accord de coopération »: a heading that only groups the partners' own
                # headings (no text of its own) gives way to them, and tells which are twinnings
                group_twins = _TWINNING.search(fold(child_parts[-1])) is not None
                children.extend((s, group_twins or _TWINNING.search(fold(s.heading.split(" > ")[-1])) is not None)
                                for s in grandchildren)  # fmt: skip
            elif not child_parts[-1].rstrip().endswith("?"):
                # (« Jumelage, accord, pacte d'amitié : de quoi parle-t-on ? » is an inset that explains, no partner)
                children.append((child, _TWINNING.search(fold(child_parts[-1])) is not None))
        if twinning and any(twin for _, twin in children):
            # « Avec quelles villes Rouen est-elle jumelée ? »: its twin towns, not its cooperation agreements
            children = [(s, twin) for s, twin in children if twin]
        return [line for s, _ in children if (line := _heading_line(chunks, s.start)) is not None]
    return []


#: A twinning named by a question or a heading (« jumelée », « Villes jumelles », « twinned »).
_TWINNING = re.compile(r"(?<!\w)(?:jumel\w*|twin\w*)")


def asks_twins(analysis: QuestionAnalysis) -> bool:
    """Whether a partner question asks for twin towns only (« Avec quelles villes X est-elle jumelée ? »),
    not also for other ties (« Quels sont les jumelages et coopérations de Rouen ? »)."""
    return _TWINNING.search(analysis.folded) is not None and not _OTHER_TIES.search(analysis.folded)


_OTHER_TIES = re.compile(r"(?<!\w)(?:cooperation|partenari|accord|partenaire|cooperent|coopere)\w*")


def _bare_heading(chunks: Sequence[Chunk], section: Section) -> bool:
    """Whether a section holds its heading's line and nothing else (its text is in its sub-sections)."""
    line = _heading_line(chunks, section.start)
    if line is None:
        return False
    chunk, _, end = line
    # a section running past its passage's end continues in the next passage: judged on this one's part
    return not chunk.text[end - chunk.start : min(section.end, chunk.end) - chunk.start].strip()


def _country_headings(
    headed: list[tuple[Section, list[str]]], chunks: Sequence[Chunk]
) -> list[tuple[Chunk, int, int]]:
    """The headings under one parent that each name a foreign country, when at least two do."""
    groups: dict[tuple[str, ...], list[Section]] = {}
    for section, parts in headed:
        if countries_mentioned(parts[-1]):
            groups.setdefault(tuple(parts[:-1]), []).append(section)
    if not groups:
        return []
    best = max(groups.values(), key=len)
    return [line for s in best if (line := _heading_line(chunks, s.start)) is not None]


#: The end of an item's first sentence: after a word of three characters or more (not « M. »).
_SENTENCE_END = re.compile(r"(?<=\w\w\w)[.!?](?=\s+[A-ZÀ-ÖØ-Þ])")


def _first_sentence(item: tuple[Chunk, int, int]) -> tuple[Chunk, int, int]:
    """An item cut after its first sentence: the partner's name and what it is, not the whole entry."""
    chunk, start, end = item
    m = _SENTENCE_END.search(chunk.text, start - chunk.start, end - chunk.start)
    return (chunk, start, chunk.start + m.end()) if m else item


def _heading_line(chunks: Sequence[Chunk], offset: int) -> tuple[Chunk, int, int] | None:
    """The heading's line at ``offset`` (without a trailing colon), in the first passage holding it."""
    for chunk in chunks:
        if chunk.start <= offset < chunk.end:
            line = chunk.text[offset - chunk.start :].split("\n", 1)[0].rstrip().rstrip(" :")
            return (chunk, offset, offset + len(line)) if line.strip() else None
    return None


def _items_between(chunks: Sequence[Chunk], start: int, end: int) -> list[tuple[Chunk, int, int]]:
    """The list items (with their bullets) whose lines start between ``start`` and ``end``, each once."""
    return [(chunk, a, b) for chunk, a, b, _ in itertools.islice(_list_lines(chunks, start, end), PLACE_ITEM_LINES)]


def _list_lines(chunks: Sequence[Chunk], start: int, end: int) -> Iterator[tuple[Chunk, int, int, str]]:
    """Each list item whose line starts between ``start`` and ``end`` — its passage, its document offsets
    (its bullet included, as any quoted item) and its folded text without the bullet — once, though
    overlapping passages, a summary box and the body may repeat it."""
    seen: set[str] = set()
    for chunk in chunks:
        if chunk.end <= start or chunk.start >= end:
            continue
        for line in re.finditer(r"[^\n]+", chunk.text):
            at = chunk.start + line.start()
            bullet = LIST_ITEM.match(line.group())
            if not start <= at < end or bullet is None or not bullet.group().strip():
                continue
            body = fold(line.group()[bullet.end() :]).strip()
            if not body or body in seen:
                continue
            seen.add(body)
            first = at + len(line.group()) - len(line.group().lstrip())
            yield chunk, first, first + len(line.group().strip()), body


#: « Qui a signé la convention ? », « et qui l'a signée ? », « les signataires de l'accord », « Who signed…? » (folded).
_ASKS_SIGNATORY = re.compile(r"^(?:et\s+)?qui\b[^?]{0,60}?\bsign\w*|\bsignataires?\b|\bwho\s+signed\b")
#: A signatory's line: a name alone on its line, with or without a title (« Gérard Vuillermoz-Cattin »,
#: « Mme Sereana Tuilau-Bale »): two to four capitalised words.
_SIGNATORY = re.compile(
    r"^[ \t]*((?:(?:M\.|Mme|Monsieur|Madame)[ \t]+)?[A-ZÀ-ÖØ-Þ][\w'’.-]{1,40}(?:[ \t]+[A-ZÀ-ÖØ-Þ][\w'’.-]{1,40}){1,3})"
    r"[ \t]*$",
    re.MULTILINE,
)
#: The signature blocks are read in a document's last passages, this many.
SIGNATURE_PASSAGES = 3
#: At most this many lines of role above a name (« Pour le Levuka Town Council, » « L'administratrice spéciale, »).
SIGNATURE_ROLE_LINES = 2
#: A role line is short: at most this many words.
SIGNATURE_ROLE_WORDS = 12


def asks_signatory(analysis: QuestionAnalysis) -> bool:
    """Whether the question asks who signed a document (not when, nor where)."""
    return _ASKS_SIGNATORY.search(analysis.folded[:400]) is not None


def signatories(
    documents: Sequence[str], document_chunks: Callable[[str], Sequence[Chunk]], max_items: int = 4
) -> list[tuple[Chunk, int, int]]:
    """The signature blocks at the end of the first of ``documents`` that has some, each quoted from its role
    lines to the name (« Le président du conseil départemental, / Gérard Vuillermoz-Cattin »): a name alone on
    its line under one or two short lines that end with a comma. None, and the usual answer stands."""
    for doc_id in list(dict.fromkeys(documents))[:NUMBERED_DOCUMENTS]:
        found: dict[int, tuple[Chunk, int, int]] = {}
        for chunk in document_chunks(doc_id)[-SIGNATURE_PASSAGES:]:
            for m in _SIGNATORY.finditer(chunk.text):
                if fold(m.group(1).split()[0]) in stopwords():
                    continue  # « Le Maire » alone on its line is a role, no name
                lines = chunk.text[: m.start()].split("\n")[:-1][-SIGNATURE_ROLE_LINES:]
                roles = 0
                for line in reversed(lines):
                    if not line.rstrip().endswith(",") or len(line.split()) > SIGNATURE_ROLE_WORDS:
                        break
                    roles += 1
                if not roles:
                    continue
                first = lines[-roles:]
                start = m.start() - sum(len(line) + 1 for line in first)
                start += len(first[0]) - len(first[0].lstrip())
                at = chunk.start + start
                found.setdefault(at, (chunk, at, chunk.start + m.end(1)))
        if found:
            return [found[at] for at in sorted(found)][:max_items]
    return []


#: The ordinals that tell a list over sentences (« Le premier… Un deuxième… ; le troisième… »), folded, as a whole
#: word: the numbers they say, in order.
_TOLD_ORDINAL = re.compile(rf"(?<![\w-]){ORDINAL_WORD}(?![\w-])")
#: At most this many sentences in one told list (its first included).
TOLD_ITEMS = 8
#: A list told by adverbs of sequence (« La délégation a d'abord visité la pépinière… Elle s'est ensuite rendue à
#: l'école…, puis au terrain… »), folded: the word that opens it, and those that carry it on (one item each).
_SEQUENCE_FIRST = re.compile(r"(?<!\w)(?:tout\s+)?d\s*['’]\s*abord(?!\w)|(?<!\w)en\s+premier\s+lieu(?!\w)")
_SEQUENCE_NEXT = re.compile(r"(?<!\w)(?:ensuite|puis|enfin|en\s+second\s+lieu|pour\s+finir)(?!\w)")


def _told_numbers(folded: str, sequence: bool) -> list[str]:
    """The item numbers a folded sentence says: its ordinals (« premier », « deuxième »…), or with ``sequence`` its
    adverbs of sequence, « d'abord » as « 1 » and each later one (« ensuite », « puis », « enfin ») as « + »."""
    if not sequence:
        return [ordinal_number(m.group()) for m in _TOLD_ORDINAL.finditer(folded)]
    first = _SEQUENCE_FIRST.search(folded)
    after = folded[first.end() :] if first else folded
    return [*(["1"] if first else []), *("+" for _ in _SEQUENCE_NEXT.finditer(after))]


def ordinal_run(
    analysis: QuestionAnalysis,
    chunks: Sequence[Chunk],
    question_keys: Sequence[tuple[str, str | None]],
    names: Sequence[tuple[str, str | None]],
    held_by: Callable[[Chunk], set[str]],
    noun_only: bool = False,
) -> tuple[Chunk, int, int] | None:
    """A list told by ordinals over consecutive sentences of a passage (« Visite des chantiers. Le premier est le
    site de la miellerie… Un deuxième chantier, le rucher-école…, compte… ; le troisième est la pépinière… »),
    quoted whole from its lead-in sentence: for a list question (``analysis.is_list``) the usual items do not
    answer. The first of ``chunks`` (in their order) where a sentence says « premier » / « première » (or « d'abord »,
    carried on by « ensuite », « puis », « enfin ») and the next
    ones carry the count on (to « troisième » at least); the run, with its lead-in, must hold the list's noun or
    another word of the question (``question_keys``), and the keys ``held_by`` its passage (its document's, say)
    every name of the question (``names``); only the list's noun when ``noun_only`` (the answer found is a list of
    something else, « La délégation comptait quatre personnes : - … », for « Quels sites la délégation a-t-elle
    visités ? »). None when there is none."""
    noun_keys = [term_keys(analysis.list_noun)] if analysis.list_noun else []
    # (as many items as the question counts, when it counts them)
    count = list_count(analysis.folded, analysis.list_noun)
    asked = _count_value(count) if count is not None else None
    wanted = noun_keys if noun_only else [*noun_keys, *question_keys]
    for chunk in chunks:
        sentences = chunk.sentences
        for i, first in enumerate(sentences):
            said = _told_numbers(fold(first.text[:400]), False)
            sequence = not said and _told_numbers(fold(first.text[:400]), True)[:1] == ["1"]
            if not sequence and (not said or said[0] != "1"):
                continue
            expected, end = 2, i
            for j in range(i, min(len(sentences), i + TOLD_ITEMS)):
                numbers = _told_numbers(fold(sentences[j].text[:400]), sequence)
                carried = False
                for n in numbers:
                    if n == str(expected) or n == "+":
                        expected, carried = expected + 1, True
                if j > i and not carried:
                    break
                end = j
            if expected < 4:
                # three items at least: « la première convention » alone, or « Après une première phase réussie, … la
                # deuxième phase… » (the phases of a programme, said in passing), tells no list
                continue
            if asked is not None and asked != expected - 1:
                continue  # « liste des onze toitures restaurées » is not told by three chantiers
            start = sentences[i - 1].start if i > 0 else first.start
            told = chunk.text[start - chunk.start : sentences[end].end - chunk.start]
            keys = match_keys(told)
            if not any(holds_key(st, pre, keys) for st, pre in wanted):
                continue
            held = held_by(chunk)
            if not all(holds_key(st, pre, held) for st, pre in names):
                continue
            return chunk, start, sentences[end].end
    return None


#: A convention's article heading, folded: « Article 3 – Miellerie collective », « Article premier : Objet ».
_ARTICLE_HEADING = re.compile(r"article\s+(\d{1,2}|premier|1er)\s*[:.–—-]\s*([^\W\d_].*)")


#: A numbered sub-heading, as written: « 2.1 Formation des sages-femmes », « 3.2. Dons de matériel ».
_SUB_HEADING = re.compile(r"(\d{1,2})\.\d{1,2}\.?\s+([^\W\d_][^\n]*)")


def article_entries(
    analysis: QuestionAnalysis,
    documents: Sequence[str],
    document_chunks: Callable[[str], Sequence[Chunk]],
    max_items: int = PARTNER_ITEMS,
) -> list[tuple[Chunk, int, int]]:
    """The thematic articles of a convention, for « Quels sont les (quatre) axes de la convention… ? » when each axis
    is an article of its own with a short title (« Article 3 – Miellerie collective », « Article 4 – Formation des
    apicultrices »): the heading lines of the first of ``documents`` that is a convention, its procedural articles
    left out (``procedural_articles``: « Objet », « Durée », « Langues »…); at least two, as many as the question
    counts when it does. None when the question does not ask a convention's ``article_list_nouns``."""
    noun = analysis.list_noun
    d = data()

    def names_convention(folded: str) -> bool:
        return any(d["signed_objects"].get(w) == "accord" for w in _WORDS.findall(folded))

    if noun is None or noun not in d["article_list_nouns"] or not names_convention(analysis.folded):
        return []
    lists = d["article_list_nouns"]
    excluded = {*d["procedural_articles"], *lists}
    singulars = {n.rstrip("sx") for n in lists}
    # (« Article 3 – Volet scolaire »: the asked noun in the singular, qualified, opens one entry of the list)
    asked = noun.rstrip("sx")
    count = list_count(analysis.folded, noun)
    for doc_id in list(dict.fromkeys(documents))[:NUMBERED_DOCUMENTS]:
        chunks = document_chunks(doc_id)[:PLACE_ITEM_PASSAGES]
        if not chunks or not names_convention(fold(chunks[0].title)):
            continue
        found: dict[str, tuple[Chunk, int, int]] = {}
        named: set[str] = set()  # the articles whose title opens on the asked noun
        # « Article 2 – Domaines de coopération » then « 2.1 Formation des sages-femmes », « 2.2 … »: the numbered
        # sub-headings of the article that names the asked list are its entries
        holding: str | None = None
        current: str | None = None  # the article whose lines are read
        subs: list[tuple[Chunk, int, int]] = []
        for chunk in chunks:
            for line in re.finditer(r"[^\n]+", chunk.text):
                text = line.group().strip()
                if len(text.split()) > NUMBERED_LINE_WORDS or text.endswith((".", ";", ",")):
                    continue
                m = _ARTICLE_HEADING.fullmatch(fold(text))
                sub = _SUB_HEADING.fullmatch(text) if m is None and holding is not None else None
                if sub is not None and sub.group(1) == holding == current:
                    at = chunk.start + line.start() + len(line.group()) - len(line.group().lstrip())
                    subs.append((chunk, at, at + len(text)))
                if m is None:
                    continue
                current = ordinal_number(m.group(1))
                if holding is None and noun in _WORDS.findall(m.group(2)):
                    holding = current  # (the first article that names the list: « Article 2 – Domaines… »)
                # (« Article 2 – Domaines de coopération », « Article 2 – Axes de la coopération » hold a list: they
                # are none of its entries)
                words = _WORDS.findall(m.group(2))
                title = set(words)
                if not title.isdisjoint(excluded) or ordinal_number(m.group(1)) in found:
                    continue
                if title & singulars and not (len(words) > 1 and words[0] == asked):
                    continue  # « Article 2 – Domaine de la coopération »: the noun names the list, no entry
                at = chunk.start + line.start() + len(line.group()) - len(line.group().lstrip())
                found[ordinal_number(m.group(1))] = (chunk, at, at + len(text))
                if words[0] == asked:
                    named.add(ordinal_number(m.group(1)))
        if len(subs) >= 2 and (count is None or _count_value(count) in (None, len(subs))):
            return subs[:max_items]
        if len(named) >= 2:
            found = {n: e for n, e in found.items() if n in named}  # the « Volet … » articles, not the others
        entries = sorted(found.values(), key=lambda e: e[1])
        # (articles that follow one another: « Article 3 », « Article 6 » with procedural ones between are no list)
        numbers = sorted(int(n) for n in found if n.isdigit())
        whole = len(numbers) == len(found)
        consecutive = bool(numbers) and whole and numbers == list(range(numbers[0], numbers[-1] + 1))
        if len(entries) >= 2 and consecutive and (count is None or _count_value(count) in (None, len(entries))):
            return entries[:max_items]
    return []


def _count_value(count: str) -> int | None:
    """The value of a count a question gives (« 4 », « quatre »), folded; None when not read (« une dizaine »)."""
    if count.isdigit():
        return int(count)
    # (``number_words`` runs from « deux » to « seize » one by one, then by tens)
    ordered = data()["number_words"][:15]
    return ordered.index(count) + 2 if count in ordered else None
