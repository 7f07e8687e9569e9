"""What a question asks for, in matching keys, and how strongly the passages hold it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from ..french import fold
from ..lexical import LexicalIndex
from ..question import QuestionAnalysis, data
from ..spans import NOT_NAMES
from ..textnorm import QUESTION_WORDS, match_keys, named_words, stem, stopwords, term_keys, words


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
            term = lexical.term(st)  # (« rizieres » typed without accents is the corpus's « rizières »)
            known = lexical.df.get(term, 0) > 0
            seen.setdefault(st, (st, pre, lexical.idf(term) if known or st in named_stems else unknown_weight))
        return cls(
            terms=tuple(seen.values()),
            named=named,
            keys=frozenset(match_keys(query)),
        )

    def coverage(self, keys: set[str]) -> float:
        total = sum(w for _, _, w in self.terms)
        if not total:
            return 1.0
        return sum(w for st, pre, w in self.terms if holds_key(st, pre, keys)) / total

    def focus_coverage(self, keys: set[str], context_keys: set[str]) -> float:
        """Coverage of the question's words that the passage's title and heading do not already
        hold: what tells one sentence of a document from its neighbours."""
        focus = [(st, pre, w) for st, pre, w in self.terms if not holds_key(st, pre, context_keys)]
        total = sum(w for _, _, w in focus)
        if not total:
            return 0.0
        return sum(w for st, pre, w in focus if holds_key(st, pre, keys)) / total

    def missing_named(self, keys: set[str]) -> float:
        if not self.named:
            return 0.0
        return sum(1 for st, pre in self.named if not holds_key(st, pre, keys)) / len(self.named)


def follow_up_turn(question: str, search_query: str) -> str | None:
    """The user's own words when the search query rewrote them (a follow-up), else ``None``."""
    return question.strip() if question.strip() != search_query.strip() else None


def holds_key(stem_key: str, prefix_key: str | None, keys: set[str]) -> bool:
    """Whether ``keys`` hold a word: its stem or its prefix key, or, for an acronym of the domain, every word it stands
    for (« AAP »: « appel à projets »; ``acronym_expansions``)."""
    if stem_key in keys or (prefix_key is not None and prefix_key in keys):
        return True
    spelt = acronym_expansions().get(stem_key)
    return spelt is not None and all(k in keys for k in spelt)


@cache
def acronym_expansions() -> dict[str, tuple[str, ...]]:
    """The stem of each acronym of ``acronym_expansions`` (answering.json) → the stems of the words it stands for."""
    stop = stopwords()
    return {
        term_keys(acronym)[0]: tuple(stem(w.lower()) for w in words(spelt) if fold(w) not in stop)
        for acronym, spelt in data()["acronym_expansions"].items()
    }


def evidence_score(cov: float, named_missing: float, top_dense: float, top_sentence: float) -> float:
    """One number for "is the answer in these passages": high when one passage holds the
    question's rare words and names, and the best sentence is semantically close."""
    return 0.5 * cov + 0.5 * (max(top_dense, top_sentence) - 0.7) / 0.25 - 0.5 * named_missing


def profile_of(
    search_query: str, analysis: QuestionAnalysis, lexical: LexicalIndex, turn: str | None = None
) -> QuestionProfile:
    """The words whose presence in a passage is checked: an English question's French words. A
    follow-up (``turn``: the user's own words) that names something must find its own names; those of
    its context, taken from earlier turns, are not asked of the passages (« Et combien pour Douroula ? »
    after a question about Huế)."""
    if analysis.language != "en":
        profile = QuestionProfile.of(search_query, lexical)
    else:
        # « Nigerien », « NGO » are English words the glossary translates, not names the passages hold
        glossary = data()["english_to_french"]
        # (nor « October », « Monday »: capitalised in English, they name nothing a passage must hold)
        names = [w for w in named_words(search_query) if fold(w) not in glossary and fold(w) not in NOT_NAMES]
        # (« et » first: named_words skips a text's first word, here the first name)
        profile = QuestionProfile.of(" ".join(["et", *names, *analysis.french_terms]), lexical)
    own = name_keys(turn) if turn else ()
    return replace(profile, named=own) if own else profile


def name_keys(text: str) -> tuple[tuple[str, str | None], ...]:
    """The matching keys of the names ``text`` gives (« Kaya », « AFD »), without the capitalised words
    that name nothing a passage must hold (« la Région », « October »)."""
    return tuple(dict.fromkeys(term_keys(w) for w in named_words(text) if fold(w) not in NOT_NAMES))


#: At most this many lowercase words of a question are looked up as names, in this many characters of text.
NAME_LOOKUPS = 12
NAME_TEXT_CHARS = 40_000
#: A name is written with a capital at least this many times for each time it is written without one.
NAME_CAPITALISED = 3
#: A word of three letters or more, alone or after an elision (« d'amiens », « l'albanie »).
_LOWER_WORD = re.compile(r"(?:(?<=\b[dlsnmjtc]['’])|(?<![\w'’]))[^\W\d_]{3,}(?![\w'’])")


def _plain(text: str) -> str:
    """``text`` without its accents, its case kept (« Huế » → « Hue »)."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def names_from_passages(query: str, texts: Sequence[str]) -> tuple[tuple[str, str | None], ...]:
    """The matching keys of a question's lowercase words that the passages write as names (« kendari »,
    « bassam propre » → « Grand-Bassam », « Bassam Propre »): capitalised where they occur (a slip aside:
    :data:`NAME_CAPITALISED`), and at least once inside a sentence (not only at its start). A question
    typed without capitals then asks the passages for its names as the same question with capitals does."""
    return tuple(term_keys(f) for f in _passage_names(query, texts))


def truecase(query: str, texts: Sequence[str]) -> str:
    """``query`` with its lowercase words that the passages write as names capitalised as they write them
    (see :func:`names_from_passages`): « combien la cua verse à gitega » → « combien la CUA verse à Gitega »,
    so that a question typed without capitals is read as the same question with capitals."""
    names = _passage_names(query, texts)
    if not names:
        return query

    def cased(m: re.Match[str]) -> str:
        word = m.group()
        acronym = names.get(fold(word)) if word == word.lower() else None
        if acronym is None:
            return word
        return word.upper() if acronym else word[:1].upper() + word[1:]

    return _LOWER_WORD.sub(cased, query)


def _passage_names(query: str, texts: Sequence[str]) -> dict[str, bool]:
    """The folded lowercase words of ``query`` that the passages write as names, each with whether they
    write it in capitals only (an acronym: « CUA »)."""
    plain = _plain("\n".join(texts))[:NAME_TEXT_CHARS]
    looked: list[str] = []
    for m in _LOWER_WORD.finditer(query):
        word = m.group()
        f = fold(word)
        if word != word.lower() or f in stopwords() or f in QUESTION_WORDS or f in NOT_NAMES or f in looked:
            continue
        if f in data()["institution_nouns"]:
            continue  # « le Fonds de solidarité… », « l'Agence de l'eau »: a capitalised common noun
        looked.append(f)
        if len(looked) >= NAME_LOOKUPS:
            break
    found: dict[str, bool] = {}
    for f in looked:
        inside = False
        upper = True
        capitalised = lower = 0
        for occ in re.finditer(r"(?<![^\W_])" + re.escape(f) + r"(?![^\W_])", plain, re.IGNORECASE):
            if not occ.group()[0].isupper():
                lower += 1  # « communes de clamart » in a title typed so: one slip among many capitals
                continue
            at = occ.start()
            if occ.group().isupper() and _in_capitals(plain, at, occ.end()):
                continue  # « CONVENTION ENTRE LA VILLE DE RENNES ET SEGOU »: a heading in capitals says nothing
            capitalised += 1
            upper = upper and occ.group().isupper()
            if at >= 2 and plain[at - 1] == "-" and plain[at - 2].isalpha():
                inside = True  # « Grand-Bassam »
                continue
            before = plain[max(0, at - 4) : at].rstrip(" \t")
            # not at the start of a line, a sentence, a list item or a quoted title
            inside = inside or (bool(before) and before[-1] not in ".!?:\n»«\"-–—•*|")
        if inside and capitalised >= NAME_CAPITALISED * lower:
            found[f] = upper and len(f) <= ACRONYM_LETTERS  # « CUA », not a long word in capitals
    return found


#: An acronym has at most this many letters.
ACRONYM_LETTERS = 6
_WORD_BEFORE = re.compile(r"([^\W\d_]{2,})[^\w\n]*$")
_WORD_AFTER = re.compile(r"[^\w\n]*([^\W\d_]{2,})")


def _in_capitals(text: str, start: int, end: int) -> bool:
    """Whether the word at ``text[start:end]`` stands beside another word in capitals (a heading)."""
    before = _WORD_BEFORE.search(text[max(0, start - 30) : start])
    after = _WORD_AFTER.match(text[end : end + 30])
    return any(m is not None and m.group(1).isupper() for m in (before, after))
