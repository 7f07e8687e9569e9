"""Extractive answers: the sentences of the retrieved passages that best answer the question.

Each sentence of the best passages is scored by the cosine of its vector (computed at
ingestion) to the query vector, plus how many of the question's content terms it holds
(weighted by rarity), plus the rank of its passage. The best few sentences, each followed by
its ``[n]``, make the answer; every ``[n]`` is a :class:`Citation` quoting the document
exactly. When the evidence is too weak — the passages do not hold the question's rare terms,
or nothing is semantically close — the assistant says it has not found an answer and still
returns the nearest passages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .lexical import LexicalIndex
from .retrieval import Retrieval
from .textnorm import QUESTION_WORDS, fold, match_keys, named_words, stopwords, term_keys, words
from .types import Answer, Chunk, Citation, Hit, Sentence

NOT_FOUND = "Je n'ai pas trouvé de réponse à cette question dans les documents."

#: How many top passages the answer's sentences may come from.
ANSWER_PASSAGES = 4
#: A further sentence joins the answer only if its score is this close to the best one.
SENTENCE_MARGIN = 0.03
#: … or this close, if it comes from the same passage and section as the best one.
SAME_PASSAGE_MARGIN = 0.08
#: A short line of its own (at most LABEL_WORDS words, no final punctuation) loses this much.
LABEL_WORDS = 5
LABEL_PENALTY = 0.05


@dataclass(frozen=True, slots=True)
class Evidence:
    """The signals the abstention decision is made from (exposed for calibration)."""

    coverage: float  # rarity-weighted share of the question's words held by the best passage
    named_missing: float  # share of the question's proper nouns / acronyms absent from every top passage
    top_dense: float  # cosine of the query to the best passage
    top_sentence: float  # cosine of the query to the best sentence
    score: float  # the combined evidence compared with the threshold


@dataclass(frozen=True, slots=True)
class _Scored:
    hit: Hit
    start: int
    end: int
    text: str
    score: float
    similarity: float


_WANTS_NUMBER = re.compile(
    r"\b(?:quand|combien|quelle\s+ann[ée]e|quelles?\s+dates?|en\s+quelle|depuis\s+quand|montant|nombre|"
    r"quel\s+budget|[àa]\s+quelle\s+date)\b",
    re.IGNORECASE,
)
_WANTS_NAME = re.compile(
    r"\b(?:qui|o[ùu]|quel(?:le)?s?\s+(?:ville|commune|pays|association|organisme|structure|mus[ée]e|r[ée]seau|"
    r"collectivit[ée]s?|partenaires?|r[ée]gion|d[ée]partement|personne|ministère|fondation|universit[ée]))\b",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^(?:[-–—•·*▪►➢ð]\s+)+")
_WORDS = re.compile(r"[^\W_]+", re.UNICODE)
_MONTHS = re.compile(
    r"\b(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\b", re.I
)
_CAPITAL = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-ZÀ-ÖØ-Þ][\w’'-]+|\b[A-Z]{2,}\b")


@dataclass(frozen=True)
class QuestionProfile:
    """What the question asks for, in matching keys (see :func:`textnorm.match_keys`)."""

    terms: tuple[tuple[str, str | None, float], ...]  # (stem, prefix key, rarity weight)
    named: tuple[tuple[str, str | None], ...]  # proper nouns and acronyms
    keys: frozenset[str]  # every key of the question
    wants_number: bool
    wants_name: bool

    @classmethod
    def of(cls, query: str, lexical: LexicalIndex) -> QuestionProfile:
        seen: dict[str, tuple[str, str | None, float]] = {}
        stop = stopwords()
        named = tuple(dict.fromkeys(term_keys(w) for w in named_words(query)))
        named_stems = {st for st, _ in named}
        # A common word the corpus never uses (« signifie », « sigle ») cannot be matched by any
        # passage; it weighs like a rare word, not like the rarest (missing names are judged apart).
        unknown_weight = 0.5 * lexical.idf_of_df(1)
        for w in words(query):
            f = fold(w)
            if f in stop or f in QUESTION_WORDS or (len(w) < 2 and not w.isdigit()):
                continue
            st, pre = term_keys(w)
            known = lexical.df.get(st, 0) > 0
            seen.setdefault(st, (st, pre, lexical.idf(st) if known or st in named_stems else unknown_weight))
        return cls(
            terms=tuple(seen.values()),
            named=named,
            keys=frozenset(match_keys(query)),
            wants_number=bool(_WANTS_NUMBER.search(query)),
            wants_name=bool(_WANTS_NAME.search(query)),
        )

    def coverage(self, keys: set[str]) -> float:
        total = sum(w for _, _, w in self.terms)
        if not total:
            return 1.0
        return sum(w for st, pre, w in self.terms if _present(st, pre, keys)) / total

    def missing_named(self, keys: set[str]) -> float:
        if not self.named:
            return 0.0
        return sum(1 for st, pre in self.named if not _present(st, pre, keys)) / len(self.named)


def _present(stem_key: str, prefix_key: str | None, keys: set[str]) -> bool:
    return stem_key in keys or (prefix_key is not None and prefix_key in keys)


def evidence_score(cov: float, named_missing: float, top_dense: float, top_sentence: float) -> float:
    """One number for "is the answer in these passages": high when one passage holds the
    question's rare words and names, and the best sentence is semantically close."""
    return 0.5 * cov + 0.5 * (max(top_dense, top_sentence) - 0.7) / 0.25 - 0.5 * named_missing


def compose(
    question: str,
    search_query: str,
    retrieval: Retrieval,
    sentence_vectors: dict[tuple[int, int, str], np.ndarray],
    lexical: LexicalIndex,
    *,
    max_sentences: int,
    threshold: float,
) -> tuple[Answer, Evidence]:
    hits = retrieval.hits
    profile = QuestionProfile.of(search_query, lexical)
    passage_keys = [match_keys(h.chunk.embed_text) for h in hits[:3]]
    cov = max((profile.coverage(k) for k in passage_keys), default=0.0)
    named_missing = min((profile.missing_named(k) for k in passage_keys), default=1.0)
    scored = _score_sentences(retrieval, sentence_vectors, profile)
    top_dense = max((h.dense or 0.0 for h in hits[:3]), default=0.0)
    top_sentence = max((s.similarity for s in scored), default=0.0)
    ev = Evidence(
        cov, named_missing, top_dense, top_sentence, evidence_score(cov, named_missing, top_dense, top_sentence)
    )
    if not scored or ev.score < threshold:
        return Answer(question, search_query, NOT_FOUND, True, (), hits), ev

    chosen = [scored[0]]
    top = scored[0]
    for s in scored[1:]:
        if len(chosen) >= max_sentences:
            break
        # Sentences of the same passage and section as the best one continue its answer
        # (« Quelles actions… ? » is often answered over two or three sentences); others must
        # be nearly as good on their own.
        same_place = s.hit.chunk.id == top.hit.chunk.id and s.hit.chunk.section == top.hit.chunk.section
        if s.score < top.score - (SAME_PASSAGE_MARGIN if same_place else SENTENCE_MARGIN):
            continue
        if any(_overlaps(s, c) or _same_words(s, c) for c in chosen):
            continue  # a line repeated in the document (a heading and its link) is quoted once
        chosen.append(s)
    # Quotes from one document read in the document's order.
    chosen = [chosen[0], *sorted(chosen[1:], key=lambda c: (c.hit.chunk.doc_id != top.hit.chunk.doc_id, c.start))]
    if all(c.hit.chunk.doc_id == top.hit.chunk.doc_id for c in chosen):
        chosen.sort(key=lambda c: c.start)
    citations = []
    parts = []
    for n, s in enumerate(chosen, start=1):
        chunk = s.hit.chunk
        citations.append(
            Citation(
                n=n,
                source=chunk.doc_id,
                title=chunk.title,
                section=chunk.section,
                start=s.start,
                end=s.end,
                text=s.text,
                score=round(s.hit.score, 6),  # the sentence's own score mixes bonuses and often exceeds 1
                passage_start=chunk.start,
                passage_end=chunk.end,
                page=chunk.page,
                date=chunk.metadata.date,
            )
        )
        parts.append(f"{_as_prose(s.text)} [{n}]")
    return Answer(question, search_query, " ".join(parts), False, tuple(citations), hits), ev


def _score_sentences(
    retrieval: Retrieval, vectors: dict[tuple[int, int, str], np.ndarray], profile: QuestionProfile
) -> list[_Scored]:
    qv = retrieval.query_vector
    best: dict[tuple[str, int, int], _Scored] = {}
    for hit in retrieval.hits[:ANSWER_PASSAGES]:
        chunk = hit.chunk
        headings = {fold(chunk.title).strip(" :"), *(fold(h).strip(" :") for h in chunk.section.split(" > ") if h)}
        for sent in chunk.sentences:
            if len(sent.text.split()) < 3:
                continue  # fragments are context, not answers
            vec = vectors.get((sent.start, sent.end, chunk.doc_id))
            if vec is None:
                continue
            sim = float(vec @ qv)
            keys = match_keys(sent.text)
            overlap = profile.coverage(keys)
            # New information: a name or a number the question does not already contain.
            novel_name = any(not (match_keys(m.group()) & profile.keys) for m in _CAPITAL.finditer(sent.text))
            has_number = bool(re.search(r"\d", sent.text) or _MONTHS.search(sent.text))
            fits = (profile.wants_number and has_number) or (profile.wants_name and novel_name)
            score = sim + 0.10 * overlap + 0.05 * hit.score + 0.02 * novel_name + 0.03 * fits
            if fold(sent.text).strip(" :.") in headings and not fits:
                score -= 0.15  # a title that only repeats the question does not answer it
            elif _is_label(chunk, sent) and not fits:
                score -= LABEL_PENALTY  # a menu item or heading line (« Panorama des projets ») says little
            key = (chunk.doc_id, sent.start, sent.end)
            if key not in best or best[key].score < score:
                best[key] = _Scored(hit, sent.start, sent.end, sent.text, score, sim)
    return sorted(best.values(), key=lambda s: -s.score)


def _is_label(chunk: Chunk, sent: Sentence) -> bool:
    """A short line of its own, without a verb's full stop: a heading, a menu item, a caption."""
    if len(sent.text.split()) > LABEL_WORDS or sent.text.rstrip()[-1:] in ".!?:;":
        return False
    before = chunk.text[: sent.start - chunk.start].rstrip(" \t")
    after = chunk.text[sent.end - chunk.start :].lstrip(" \t")
    return (not before or before.endswith("\n")) and (not after or after.startswith("\n"))


def _overlaps(a: _Scored, b: _Scored) -> bool:
    return a.hit.chunk.doc_id == b.hit.chunk.doc_id and a.start < b.end and b.start < a.end


def _same_words(a: _Scored, b: _Scored) -> bool:
    """Whether one quote says nothing the other does not (same words, or contained in it)."""
    wa, wb = _word_string(a.text), _word_string(b.text)
    return wa in wb or wb in wa


def _word_string(text: str) -> str:
    return " " + " ".join(_WORDS.findall(fold(text))) + " "


def _as_prose(text: str) -> str:
    """The quoted sentence on one line, ending with punctuation."""
    one_line = re.sub(r"\s*\n\s*", " ; ", text.strip())
    # a line that already ends with punctuation (« environs ; », « suivants : ») gets no second mark
    one_line = re.sub(r"([:;,.!?])\s*;\s*", r"\1 ", one_line)
    one_line = re.sub(r"\s+", " ", one_line)
    # a list item reads as a sentence: no leading bullet (« - », « • », or the « ð » that Word's
    # Wingdings arrows become in plain text) and no trailing « ; » or « , ». The citation keeps
    # the exact text; only the answer's prose is cleaned.
    one_line = _BULLET.sub("", one_line).rstrip(" ;,")
    one_line = re.sub(r"\s+[ð➢►▪]\s+", " – ", one_line)  # the same bullets inside an inlined list
    one_line = one_line[:1].upper() + one_line[1:]  # « ð éducation (envoi…) » was a list item
    if one_line and one_line[-1] not in '.!?…»)":':
        one_line += "."
    return one_line
