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

import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

import numpy as np

from . import spans
from .lexical import LexicalIndex
from .question import AnswerType, QuestionAnalysis, analyse, data
from .retrieval import Retrieval
from .spans import SpanKind
from .textnorm import QUESTION_WORDS, fold, match_keys, named_words, stopwords, term_keys, words
from .types import Answer, Chunk, Citation, Hit, Sentence

NOT_FOUND = "Je n'ai pas trouvé de réponse à cette question dans les documents."

#: How many top passages the answer's sentences may come from.
ANSWER_PASSAGES = 8
#: … but first only from this many: the deeper ones are searched when these hold no answer.
FIRST_PASSAGES = 4
#: A further sentence joins an open answer only if its score (log-odds, see FEATURES) is this close.
SENTENCE_MARGIN = 1.0
#: A short line of its own (at most LABEL_WORDS words, no final punctuation) is a label, not a sentence.
LABEL_WORDS = 5


@dataclass(frozen=True, slots=True)
class Evidence:
    """The signals the abstention decision is made from (exposed for calibration)."""

    coverage: float  # rarity-weighted share of the question's words held by the best passage
    named_missing: float  # share of the question's proper nouns / acronyms absent from every top passage
    top_dense: float  # cosine of the query to the best passage
    top_sentence: float  # cosine of the query to the best sentence
    score: float  # the combined evidence compared with the threshold


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sentence (or list block) of a retrieved passage that may answer the question."""

    hit: Hit
    start: int
    end: int
    text: str
    score: float
    similarity: float
    context_start: int | None = None  # the previous sentence is quoted too when this one leans on it
    answers: bool = True  # holds an answer of the asked type and attribute, and is a real sentence
    novel_name: bool = False
    is_block: bool = False  # a lead-in with its list items
    defines: bool = False  # states what the subject of a definition question is
    typed: tuple[spans.Span, ...] = ()  # spans of the asked type the question does not contain


_BULLET = re.compile(r"^(?:[-–—•·*▪►➢ð]\s+)+")
_WORDS = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class QuestionProfile:
    """What the question asks for, in matching keys (see :func:`textnorm.match_keys`)."""

    terms: tuple[tuple[str, str | None, float], ...]  # (stem, prefix key, rarity weight)
    named: tuple[tuple[str, str | None], ...]  # proper nouns and acronyms
    keys: frozenset[str]  # every key of the question

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
        )

    def coverage(self, keys: set[str]) -> float:
        total = sum(w for _, _, w in self.terms)
        if not total:
            return 1.0
        return sum(w for st, pre, w in self.terms if _present(st, pre, keys)) / total

    def focus_coverage(self, keys: set[str], context_keys: set[str]) -> float:
        """Coverage of the question's words that the passage's title and heading do not already
        hold: what tells one sentence of a document from its neighbours."""
        focus = [(st, pre, w) for st, pre, w in self.terms if not _present(st, pre, context_keys)]
        total = sum(w for _, _, w in focus)
        if not total:
            return 0.0
        return sum(w for st, pre, w in focus if _present(st, pre, keys)) / total

    def missing_named(self, keys: set[str]) -> float:
        if not self.named:
            return 0.0
        return sum(1 for st, pre in self.named if not _present(st, pre, keys)) / len(self.named)


def follow_up_turn(question: str, search_query: str) -> str | None:
    """The user's own words when the search query rewrote them (a follow-up), else ``None``."""
    return question.strip() if question.strip() != search_query.strip() else None


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
    """The answer to ``search_query`` from the retrieved passages, or an abstention."""
    hits = retrieval.hits
    analysis = analyse(search_query)
    profile = profile_of(search_query, analysis, lexical)
    passage_keys = [match_keys(h.chunk.embed_text) for h in hits[:3]]
    cov = max((profile.coverage(k) for k in passage_keys), default=0.0)
    named_missing = min((profile.missing_named(k) for k in passage_keys), default=1.0)
    turn = follow_up_turn(question, search_query)
    scored = _score_sentences(retrieval, sentence_vectors, profile, analysis, FIRST_PASSAGES, turn)
    if not any(s.answers for s in scored):
        # nothing of the asked type in the best passages: look a little deeper before giving up
        scored = _score_sentences(retrieval, sentence_vectors, profile, analysis, ANSWER_PASSAGES, turn)
    top_dense = max((h.dense or 0.0 for h in hits[:3]), default=0.0)
    top_sentence = max((s.similarity for s in scored), default=0.0)
    ev = Evidence(
        cov, named_missing, top_dense, top_sentence, evidence_score(cov, named_missing, top_dense, top_sentence)
    )
    not_found = Answer(question, search_query, NOT_FOUND, True, (), hits)
    answers = [s for s in scored if s.answers]
    if not answers or ev.score < threshold:
        return not_found, ev
    if analysis.type is AnswerType.DEFINITION:
        # a definition question gets the defining sentence first, when there is one
        answers = sorted(answers, key=lambda a: not a.defines)
    top = answers[0]
    if analysis.is_list:
        chosen = _list_items(top, answers, analysis, max_items=max(max_sentences, LIST_ITEMS))
    else:
        chosen = [top]
        for s in answers[1:2]:
            # one sentence answers one fact; an open question (« Que s'est-il passé… ? ») takes a
            # second one when the scorer cannot tell them apart and the answer stays short
            words_now = sum(len(c.text.split()) for c in chosen)
            if (
                max_sentences > 1
                and s.score >= top.score - SENTENCE_MARGIN
                and words_now + len(s.text.split()) <= SHORT_ANSWER_WORDS
                and not any(_overlaps(s, c) or _same_words(s, c) for c in chosen)
            ):
                chosen.append(s)
    if len(chosen) > 2 and all(c.hit.chunk.doc_id == top.hit.chunk.doc_id for c in chosen):
        # the answering sentence first, then the others of its document in the document's order
        chosen = [chosen[0], *sorted(chosen[1:], key=lambda c: c.start)]
    citations = []
    parts = []
    for n, s in enumerate(chosen, start=1):
        chunk = s.hit.chunk
        start = s.context_start if s.context_start is not None else s.start
        text = chunk.text[start - chunk.start : s.end - chunk.start]
        citations.append(
            Citation(
                n=n,
                source=chunk.doc_id,
                title=chunk.title,
                section=chunk.section,
                start=start,
                end=s.end,
                text=text,
                score=round(s.hit.score, 6),  # the sentence's own score mixes bonuses and often exceeds 1
                passage_start=chunk.start,
                passage_end=chunk.end,
                page=chunk.page,
                date=chunk.metadata.date,
            )
        )
        parts.append(f"{_as_prose(text)} [{n}]")
    short = _short_answer(top, analysis) if not analysis.is_list else None
    answer = Answer(question, search_query, " ".join(parts), False, tuple(citations), hits, short)
    return answer, ev


#: A second sentence is added to a one-fact answer only if both together stay under this many words.
SHORT_ANSWER_WORDS = 45
#: How many items a list answer may hold (one sentence or list block each).
LIST_ITEMS = 6
#: A further item joins a list answer if its score (log-odds) is this close to the best one.
LIST_MARGIN = 2.0


def profile_of(search_query: str, analysis: QuestionAnalysis, lexical: LexicalIndex) -> QuestionProfile:
    """The words whose presence in a passage is checked: an English question's French words."""
    if analysis.language != "en":
        return QuestionProfile.of(search_query, lexical)
    return QuestionProfile.of(" ".join([*named_words(search_query), *analysis.french_terms]), lexical)


def _list_items(
    top: Candidate, answers: list[Candidate], analysis: QuestionAnalysis, max_items: int
) -> list[Candidate]:
    """A list answer: the best list block or sentence, then the best sentence of each other
    passage that is nearly as good (items spread under several headings or documents)."""
    chosen = [top]
    for s in answers[1:]:
        if len(chosen) >= max_items:
            break
        if s.score < top.score - LIST_MARGIN:
            break
        if analysis.type is AnswerType.NAME and not s.novel_name:
            continue
        clash = [c for c in chosen if _overlaps(s, c) or _same_words(s, c)]
        if clash:
            # a list block that holds a sentence already chosen (its lead-in) replaces it
            if s.is_block and len(clash) == 1 and not clash[0].is_block and s.text.find(clash[0].text) >= 0:
                chosen[chosen.index(clash[0])] = s
            continue
        chosen.append(s)
    return chosen


#: The features a candidate sentence is scored on (a linear model, see ``data/answer_scorer.json``).
FEATURES: tuple[str, ...] = (
    "bias",
    "similarity",  # cosine of the query to the sentence
    "coverage",  # rarity-weighted share of the question's words in the sentence (and its context)
    "focus",  # the same, over the question's words that the passage's title and heading do not hold
    "named",  # share of the question's proper nouns in the sentence (and its context)
    "passage",  # fused retrieval score of its passage
    "passage_rank",  # 1 / rank of its passage
    "typed",  # a date, number or amount question, and the sentence holds one the question does not
    "untyped",  # such a question, and the sentence holds none
    "name_new",  # a name question, and the sentence brings a name the question does not hold
    "acronym_new",  # a name question, and the sentence brings an acronym
    "place_new",  # a place question, and the sentence names a partner place of the corpus the question does not
    "time_relation",  # « Jusqu'à quand… ? » and « au plus tard le… », « Depuis quand… ? » and « depuis… »
    "defines",  # a definition question, and the sentence defines its subject
    "not_sentence",  # publication line, caption, breadcrumb, menu
    "label",  # a heading, or a short line of its own
    "list_block",  # a list question, and the sentence is a lead-in with its items (share of 4 items)
    "context",  # the sentence leans on the previous one, quoted with it
    "attribute",  # the question asks an attribute and the sentence states it
    "question_numbers",  # share of the question's numbers and years the sentence (and its context) holds
    "year_conflict",  # the question names a year, the sentence (and its context) other years but not it
    "time_other",  # « Jusqu'à quand… ? » and a sentence stating a start only (« ouverte à partir du… »), or reverse
    "person",  # « Qui… ? » and the sentence names a person (« M. Karim Benaïssa »)
    "words",  # log of the number of words
)


@lru_cache(maxsize=1)
def scorer_weights() -> np.ndarray:
    """The weights of :data:`FEATURES` (``data/answer_scorer.json``, made by
    ``scripts/train_answer_scorer.py`` from our own evaluation questions)."""
    raw = json.loads(resources.files("assistant").joinpath("data/answer_scorer.json").read_text(encoding="utf-8"))
    weights = raw["weights"]
    return np.array([float(weights.get(name, 0.0)) for name in FEATURES], dtype=np.float64)


def sentence_candidates(
    retrieval: Retrieval,
    vectors: dict[tuple[int, int, str], np.ndarray],
    profile: QuestionProfile,
    analysis: QuestionAnalysis,
    passages: int = ANSWER_PASSAGES,
    turn: str | None = None,
) -> list[tuple[Candidate, np.ndarray]]:
    """Every candidate answer sentence of the ``passages`` best passages with its feature vector;
    ``turn`` is a follow-up's own words when the search query rewrote it."""
    qv = retrieval.query_vector
    qfold = analysis.folded
    out: list[tuple[Candidate, np.ndarray]] = []
    span_kind = analysis.type.span_kind
    strong = span_kind in (SpanKind.DATE, SpanKind.NUMBER, SpanKind.AMOUNT, SpanKind.DURATION)
    q_years = set(_YEARS.findall(qfold))
    asks_who = analysis.type is AnswerType.NAME and bool(re.search(r"\b(?:qui|who)\b", qfold))
    # a follow-up's own names (« Et pour Kaya ? ») must be in the passage, not only the earlier turns'
    turn_named = tuple(dict.fromkeys(term_keys(w) for w in named_words(turn))) if turn else ()
    q_numbers = set(re.findall(r"\d+", qfold))
    counted_match = re.search(r"\bcombien\s+(?:de|d')\s*([a-z]+)", qfold)
    counted = counted_match.group(1) if counted_match else None
    relation = _relation_pattern(analysis.time_relation)
    other = _relation_pattern(_OTHER_RELATION.get(analysis.time_relation or ""))
    for hit in retrieval.hits[:passages]:
        chunk = hit.chunk
        # a passage that does not hold the question's names does not answer it (« …avec Thừa Thiên Huế »)
        passage_keys = match_keys(chunk.embed_text)
        passage_named = (not profile.named or profile.missing_named(passage_keys) <= 0.5) and all(
            _present(st, pre, passage_keys) for st, pre in turn_named
        )
        heading_keys = match_keys(chunk.context)
        places = {fold(p) for p in chunk.metadata.places}
        headings = {fold(chunk.title).strip(" :"), *(fold(h).strip(" :") for h in chunk.section.split(" > ") if h)}
        sentences = chunk.sentences
        for i, sent in enumerate(sentences):
            vec = vectors.get((sent.start, sent.end, chunk.doc_id))
            if vec is None:
                continue
            start, end, text = sent.start, sent.end, sent.text
            block = analysis.is_list and _list_span(chunk, sent)
            if block:
                start, end = block
                text = chunk.text[start - chunk.start : end - chunk.start]
            elif len(text.split()) < 3:
                continue  # fragments are context, not answers
            elif "\n" in text and not analysis.is_list:
                # a lead-in with its list, for a one-fact question: the lead-in alone when it holds
                # the fact (« La Ville a versé 41 200 euros. Cette somme a financé : - … »)
                first_line = text.split("\n", 1)[0].rstrip()
                if span_kind and spans.novel(spans.find(first_line, span_kind), qfold):
                    text, end = first_line, start + len(first_line)
            sim = float(vec @ qv)
            keys = match_keys(text)
            prev = _previous(chunk, sentences, i)
            context_start = None
            context_folded = fold(text)
            own_keys = keys
            if prev is not None and _needs_context(text, profile, keys, match_keys(prev.text)):
                context_start = prev.start
                keys = keys | match_keys(prev.text)
                context_folded = fold(prev.text) + " " + context_folded
            found = spans.find(text, span_kind) if span_kind else []
            if span_kind is SpanKind.NUMBER and counted is None:
                found += spans.find(text, SpanKind.AMOUNT)  # a bare « Combien… ? » may ask an amount
            typed = spans.novel(found, qfold)
            if span_kind is SpanKind.NUMBER:
                typed = [t for t in typed if t.kind is SpanKind.AMOUNT or spans.counts(text, t, counted)]
            names = spans.novel(spans.find(text, SpanKind.NAME), qfold)
            folded = fold(text)
            attr_ok = bool(analysis.attribute) and _states_attribute(context_folded, analysis.attribute_words)
            defines = analysis.type is AnswerType.DEFINITION and _defines(text, analysis.subject or "")
            junk = _not_a_sentence(folded)
            label = folded.strip(" :.") in headings or _is_label(chunk, sent)
            is_name_q = analysis.type is AnswerType.NAME
            values = {
                "bias": 1.0,
                "similarity": sim,
                # the context lends its names, and half its words: a sentence does not outrank the
                # neighbour it borrows from
                "coverage": 0.5 * (profile.coverage(own_keys) + profile.coverage(keys)),
                "focus": profile.focus_coverage(own_keys, heading_keys),
                "named": 1.0 - profile.missing_named(keys),
                "passage": hit.score,
                "passage_rank": 1.0 / hit.rank,
                "typed": float(strong and bool(typed)),
                "untyped": float(strong and not typed),
                "name_new": float(is_name_q and bool(names)),
                "acronym_new": float(is_name_q and any(n.text.isupper() and len(n.text) > 1 for n in names)),
                "time_relation": float(bool(relation and relation.search(folded))),
                "place_new": float(
                    analysis.wants_place
                    and any(
                        w in places or _PLACE_BEFORE.search(text[max(0, n.start - 4) : n.start])
                        for n in names
                        for w in re.findall(r"[^\W\d_][\w-]*", fold(n.text))
                    )
                ),
                "defines": float(defines),
                "not_sentence": float(junk),
                "label": float(label),
                "list_block": (min(block_items(text), 4) / 4) if block else 0.0,
                "context": float(context_start is not None),
                "attribute": float(attr_ok),
                "words": float(np.log1p(len(text.split()))),
                "question_numbers": (
                    len(q_numbers & set(re.findall(r"\d+", context_folded))) / len(q_numbers) if q_numbers else 0.0
                ),
                "year_conflict": float(_year_conflict(q_years, context_folded)),
                "time_other": float(
                    bool(other and other.search(folded) and not (relation and relation.search(folded)))
                ),
                "person": float(asks_who and bool(_PERSON.search(text))),
            }
            features = np.array([values[name] for name in FEATURES], dtype=np.float64)
            candidate = Candidate(
                hit,
                start,
                end,
                text,
                0.0,
                sim,
                context_start=context_start,
                answers=(
                    (not strong or bool(typed))
                    and (
                        not analysis.attribute
                        or (attr_ok and (not span_kind or _near_attribute(folded, analysis.attribute_words, typed)))
                    )
                    and not junk
                    and passage_named
                ),
                novel_name=bool(names),
                is_block=bool(block),
                defines=defines,
                typed=tuple(typed if span_kind is not SpanKind.NAME else names),
            )
            out.append((candidate, features))
    return out


def _score_sentences(
    retrieval: Retrieval,
    vectors: dict[tuple[int, int, str], np.ndarray],
    profile: QuestionProfile,
    analysis: QuestionAnalysis,
    passages: int,
    turn: str | None = None,
) -> list[Candidate]:
    """The candidate sentences of the ``passages`` best passages scored by the linear model, best
    first (one per span)."""
    weights = scorer_weights()
    best: dict[tuple[str, int, int], Candidate] = {}
    for candidate, features in sentence_candidates(retrieval, vectors, profile, analysis, passages, turn):
        score = float(features @ weights)
        key = (candidate.hit.chunk.doc_id, candidate.start, candidate.end)
        if key not in best or best[key].score < score:
            best[key] = replace(candidate, score=score)
    return sorted(best.values(), key=lambda s: -s.score)


_YEARS = re.compile(r"(?<![\d/.-])(?:19|20)\d\d(?![\d/])")
_OTHER_RELATION = {"deadline": "start", "start": "deadline"}
_PLACE_BEFORE = re.compile(r"(?:\b(?:à|a|en|au)|\bfait à)\s$")
_PERSON = re.compile(r"(?:\bM\.|\bMmes?\b|\bMlle\b|\bMonsieur\b|\bMadame\b|\bDr\.?)\s+[A-ZÀ-Ö]")


def _year_conflict(q_years: set[str], folded: str) -> bool:
    """The question names a year (« …pour 2022 ? ») and the sentence names others, never it."""
    if not q_years:
        return False
    years = set(_YEARS.findall(folded))
    return bool(years) and not (years & q_years)


@lru_cache(maxsize=4)
def _relation_pattern(relation: str | None) -> re.Pattern[str] | None:
    """The words of a sentence that state a deadline or a start (``data/answering.json``)."""
    if relation is None:
        return None
    cues = sorted((re.escape(c) for c in data()["time_relations"][relation]["sentence"]), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(cues) + r")(?!\w)")


_NOT_THE_ROLE = re.compile(r"(?:vice-|adjointe?s?\s+au\s+|conseill\w+\s+|charge\w*\s+de\s+|pres\s+du\s+)$")


def _states_attribute(folded: str, family: tuple[str, ...]) -> bool:
    """Whether the text states the asked attribute (« la population », « le maire ») itself, not a
    neighbour of it (« adjoint au maire », « vice-présidente »)."""
    for word in family:
        start = folded.find(word)
        while start >= 0:
            if not _NOT_THE_ROLE.search(folded[max(0, start - 20) : start]):
                return True
            start = folded.find(word, start + 1)
    return False


#: How far (in characters) a number may sit from the attribute it states (« 8 400 habitants »,
#: « une population estimée à 35 000 »).
ATTRIBUTE_WINDOW = 50


def _near_attribute(folded: str, family: tuple[str, ...], typed: list[spans.Span]) -> bool:
    """Whether a span of the asked type sits close to the attribute's words in the sentence: « les
    habitants de Podor… les deux territoires » does not give Podor's population. When only the
    context states the attribute, any span of the type will do."""
    if not typed:
        return False
    places = [m.start() for w in family for m in re.finditer(re.escape(w), folded)]
    if not places:
        return True
    window = ATTRIBUTE_WINDOW
    return any(abs(p - t.start) <= window or abs(p - t.end) <= window for p in places for t in typed)


def block_items(text: str) -> int:
    return sum(1 for line in text.splitlines()[1:] if line.strip())


def _previous(chunk: Chunk, sentences: tuple[Sentence, ...], i: int) -> Sentence | None:
    """The sentence before ``sentences[i]`` in the same passage, if it is a real sentence
    (not a heading, a label line or a caption)."""
    if i == 0:
        return None
    prev = sentences[i - 1]
    if len(prev.text.split()) < 3 or _not_a_sentence(fold(prev.text)) or prev.text.rstrip()[-1:] not in ".!?;»)":
        return None
    return prev


def _needs_context(text: str, profile: QuestionProfile, keys: set[str], prev_keys: set[str]) -> bool:
    """Whether a sentence leans on the previous one: it opens with an anaphora (« Cette
    convention… », « Elle… »), or it refers to « les deux villes » without naming the question's
    names while the previous sentence does."""
    folded = fold(text).lstrip("-–•* ")
    first = re.split(r"[\s,]+", folded, maxsplit=3)
    starts = set(data()["anaphora_starts"])
    if first and (first[0] in starts or " ".join(first[:2]) in starts or " ".join(first[:3]) in starts):
        return True
    # « les deux villes », « les parties », « la convention » without the question's names
    refers = re.search(r"\b(?:les\s+deux|les\s+parties|ladite|ces\s+deux)\b", folded[:80])
    return bool(
        refers and profile.named and profile.missing_named(keys) == 1.0 and profile.missing_named(prev_keys) < 1.0
    )


def _defines(text: str, subject: str) -> bool:
    """Whether the sentence defines ``subject`` (« Le FICOL est un dispositif… », « … (AFCCRE) »)."""
    folded = " " + fold(text) + " "
    subj = fold(subject).strip()
    if not subj:
        return False
    subj_words = [w for w in words(subj) if w not in stopwords()]
    core = " ".join(subj_words[-2:]) if subj_words else subj
    pos = folded.find(core)
    if " " not in subj and 2 <= len(subj) <= 10 and _spells_out(text, subj):
        return True  # « Association Française du Conseil des Communes et Régions d'Europe » for AFCCRE
    if pos < 0:
        return False
    if " " not in subj and 2 <= len(subj) <= 10 and _spells_out(text, subj):
        return True  # « Association Française du Conseil des Communes et Régions d'Europe » for AFCCRE
    after = folded[pos + len(core) : pos + len(core) + 60]
    return any(after.startswith(cue) or cue in after[:25] for cue in data()["definition_cues"])


_CONNECTORS = frozenset("de du des d la le les l et en à a sur pour".split())


def _spells_out(text: str, acronym: str) -> bool:
    """Whether a name of ``text`` has the acronym's letters as initials (connectors skipped)."""
    for span in spans.find(text, SpanKind.NAME):
        initials = "".join(w[0] for w in re.findall(r"[^\W\d_]+", fold(span.text)) if w not in _CONNECTORS)
        if len(initials) >= 2 and acronym in initials and len(initials) <= len(acronym) + 1:
            return True
    return False


def _not_a_sentence(folded: str) -> bool:
    """A publication line, a caption, a breadcrumb, a share button: never an answer."""
    head = folded.strip()[:40]
    if any(head.startswith(c) or f" {c}" in head[:20] for c in data()["not_sentences"]):
        return True
    return folded.count(" > ") >= 2 or folded.count(" / ") >= 3 or folded.count(" | ") >= 2


def _short_answer(top: Candidate, analysis: QuestionAnalysis) -> str | None:
    """The exact span of the first quote that answers a date, amount, number or name question."""
    if not top.typed or analysis.type.span_kind is None:
        return None
    kinds = [s for s in top.typed if s.kind is SpanKind.AMOUNT] if analysis.type is AnswerType.NUMBER else []
    span = (kinds or list(top.typed))[0]
    if analysis.type is AnswerType.DATE:
        span = max(top.typed, key=lambda s: len(s.text))  # « 31 mai 2003 » rather than « 2003 »
    elif analysis.type is AnswerType.NAME:
        acronyms = [s for s in top.typed if s.text.isupper()]
        span = acronyms[0] if acronyms and re.search(r"\bfinanc|\bsoutien|\bsoutient", analysis.folded) else span
        # « Clamart et Artachat » for a question about Clamart: the name the question does not hold
        parts = [p for p in re.split(r"\s+et\s+|,\s+", span.text) if p]
        fresh = spans.novel([spans.Span(SpanKind.NAME, 0, len(p), p) for p in parts], analysis.folded)
        if len(parts) > 1 and fresh:
            return fresh[0].text.strip() or None
    elif span.kind is SpanKind.NUMBER:
        span = spans.number_with_unit(top.text, span)
    return span.text.strip() or None


def _is_label(chunk: Chunk, sent: Sentence) -> bool:
    """A short line of its own, without a verb's full stop: a heading, a menu item, a caption."""
    if len(sent.text.split()) > LABEL_WORDS or sent.text.rstrip()[-1:] in ".!?:;":
        return False
    before = chunk.text[: sent.start - chunk.start].rstrip(" \t")
    after = chunk.text[sent.end - chunk.start :].lstrip(" \t")
    return (not before or before.endswith("\n")) and (not after or after.startswith("\n"))


_ITEM = re.compile(r"^\s*(?:[-–—•·▪◦*ðØ§✓✔➢►>]|\d{1,2}[.)°]|[a-z][.)])\s*")


def _list_span(chunk: Chunk, sent: Sentence) -> tuple[int, int] | None:
    """The span of a list a sentence opens or belongs to: a lead-in line ending with « : »
    and the short lines or bulleted items under it, or a run of bulleted items."""
    text, base = chunk.text, chunk.start
    rel_start, rel_end = sent.start - base, sent.end - base
    lines = text[rel_end:].split("\n")
    if "\n" in sent.text and _ITEM.match(sent.text.splitlines()[-1]):
        return sent.start, sent.end  # already a lead-in with its items
    is_item = bool(_ITEM.match(sent.text))
    if not (sent.text.rstrip().endswith(":") or is_item):
        return None
    end = rel_end
    pos = rel_end
    count = 0
    for line in lines[1:]:
        pos_line = text.find(line, pos)
        stripped = line.strip()
        if not stripped or count >= 12:
            break
        if not (_ITEM.match(line) or (not is_item and len(stripped.split()) <= 12)):
            break
        end = pos_line + len(line.rstrip())
        pos = end
        count += 1
    if count < 2 and not (is_item and count >= 1):
        return None
    start = rel_start
    if is_item:  # a run of items: start at its lead-in line when there is one
        before = text[:rel_start].rstrip("\n ").rsplit("\n", 1)
        lead = before[-1] if before else ""
        if lead.rstrip().endswith(":"):
            start = text.rfind(lead, 0, rel_start)
    return base + start, base + end


def _overlaps(a: Candidate, b: Candidate) -> bool:
    a_start = a.start if a.context_start is None else a.context_start
    b_start = b.start if b.context_start is None else b.context_start
    return a.hit.chunk.doc_id == b.hit.chunk.doc_id and a_start < b.end and b_start < a.end


def _same_words(a: Candidate, b: Candidate) -> bool:
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
