"""French text analysis: normalisation, BM25 tokens and sentence splitting.

* :func:`analyze` turns text into the terms BM25 indexes: lower case, elisions split off
  (l', d', qu', jusqu'…), French stopwords removed, Snowball French stemming (PyStemmer),
  then accents folded so that « coopération » and « cooperation » meet.
* :func:`split_sentences` cuts a span of a document into sentences with exact offsets;
  a line ending with « : » keeps the list items that follow it, so that an enumeration is
  quoted whole.

The fold (:func:`fold`), the word lists and the list-item pattern come from :mod:`assistant.french`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

# fold is assistant.french.fold, re-exported for the callers of textnorm's text functions.
from .french import fold
from .french.lexicon import lexicon
from .french.patterns import CAP_WORD, LIST_ITEM

__all__ = [
    "QUESTION_WORDS",
    "analyze",
    "fold",
    "match_keys",
    "named_words",
    "query_terms",
    "split_sentences",
    "stem",
    "stopwords",
    "term_keys",
    "words",
]

_ELISION = re.compile(r"\b(?:[lLdDjJmMnNsStTcC]|[qQ]u|[jJ]usqu|[lL]orsqu|[pP]uisqu|[qQ]uoiqu)['’]", re.UNICODE)
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*", re.UNICODE)

#: Question words: kept out of queries' content terms (they never appear in the answer).
QUESTION_WORDS = lexicon().question_words
#: Inverted pronouns of questions (« mène-t-elle », « peut-on »): dropped from hyphenated words.
_CLITICS = lexicon().clitics
#: Words a dot follows without ending the sentence (« M. », « janv. »).
_ABBREVIATIONS = lexicon().abbreviations


@lru_cache(maxsize=1)
def _stemmer() -> object:
    import Stemmer  # PyStemmer, the Snowball stemmers

    return Stemmer.Stemmer("french")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_FRENCH

    return frozenset(fold(w) for w in STOPWORDS_FRENCH)


def words(text: str) -> list[str]:
    """Lower-cased words of ``text`` with elisions removed (« l'AFD » → « afd »)."""
    text = _ELISION.sub(" ", text)
    out: list[str] = []
    for match in _WORD.finditer(text.lower()):
        token = match.group()
        if "-" in token:
            # "mène-t-elle" → "mène", "elle"; "franco-arménienne" → both halves plus the whole
            parts = [p for p in token.split("-") if p and p not in _CLITICS]
            out.extend(parts)
            if len(parts) > 1 and all(len(p) > 2 for p in parts):
                out.append("".join(parts))
        else:
            out.append(token)
    return out


_stem_cache: dict[str, str] = {}


def stem(word: str) -> str:
    cached = _stem_cache.get(word)
    if cached is None:
        cached = fold(_stemmer().stemWord(word))  # type: ignore[attr-defined]  # PyStemmer has no stubs
        if len(_stem_cache) < 200_000:
            _stem_cache[word] = cached
    return cached


def analyze(text: str) -> list[str]:
    """BM25 terms of ``text``: words minus stopwords, stemmed and accent-folded."""
    stop = stopwords()
    return [stem(w) for w in words(text) if fold(w) not in stop and (len(w) > 1 or w.isdigit())]


def query_terms(text: str) -> list[str]:
    """Content terms of a question: :func:`analyze` without question words, deduplicated."""
    stop = stopwords()
    seen: dict[str, None] = {}
    for w in words(text):
        f = fold(w)
        if f in stop or f in QUESTION_WORDS or (len(w) < 2 and not w.isdigit()):
            continue
        seen.setdefault(stem(w), None)
    return list(seen)


# --- sentences ---------------------------------------------------------------------------

# End punctuation and its closing quotes or brackets; a sentence ends there when a space follows.
# Each run is read once, possessively, and the space checked after: the regex
# ``[.!?…]+[»"')\]]*(?=\s+)`` was retried from every dot of 32,000 dots without a space (quadratic:
# 18 s). Same cuts: a match could only start at the first character of a run.
_SENTENCE_END = re.compile(r"[.!?…]++[»\"')\]]*+")
_LETTER = re.compile(r"[^\W\d_]")


def _line_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl == -1 else nl
        s, e = pos, stop
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            yield s, e
        pos = stop + 1


#: Abbreviations that are also words a sentence may end on (« d'art », « au min »): abbreviations only before a
#: number or an initial, not before a capitalised word (:data:`_NEXT_WORD`).
_WORD_ABBREVIATIONS = frozenset({"art", "min", "max"})
_NEXT_WORD = re.compile(r"\s+(?!(?:Ier|Ire|Premier|Première|Unique)\b)[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+")


def _split_line(text: str, s: int, e: int) -> Iterator[tuple[int, int]]:
    """Sentences inside one line, guarding against abbreviations and initials."""
    cur = s
    for m in _SENTENCE_END.finditer(text, s, e):
        cut = m.end()
        if cut >= e or not text[cut].isspace():
            continue
        if text[m.start()] == ".":
            # The word just before the dot (letters only), read backwards: slicing from ``cur`` made
            # « M. M. M. … » quadratic, each skipped abbreviation leaving ``cur`` where it was.
            word_end = m.start()
            while word_end > cur and text[word_end - 1].isspace():
                word_end -= 1
            word_start = word_end
            while word_start > cur and _LETTER.match(text, word_start - 1):
                word_start -= 1
            last_word = text[word_start:word_end]
            # (« d'art. » ends a sentence before a capitalised word: « …la ferronnerie d'art. En retour, … »; « art.
            # 3 », « art. L. 1115-1 » do not)
            ends_word = fold(last_word) in _WORD_ABBREVIATIONS and _NEXT_WORD.match(text, cut, e) is not None
            if last_word and not ends_word and (
                fold(last_word) in _ABBREVIATIONS or (len(last_word) == 1 and last_word.isupper())
            ):
                continue
        nxt = cut
        while nxt < e and text[nxt].isspace():
            nxt += 1
        if nxt < e and text[nxt].islower():
            continue  # "…etc. et" or a decimal-like cut: not a sentence boundary
        if cut - cur >= 3:
            yield cur, cut
            cur = nxt
    if e > cur:
        yield cur, e


def split_sentences(text: str, start: int = 0, end: int | None = None, max_chars: int = 600) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]`` as absolute offsets, stripped of surrounding space.

    A line that ends with « : » absorbs the list items (bulleted or numbered lines) that
    follow it, so that « 3 axes prioritaires ont été définis : » is quoted with its axes.
    Very long sentences are cut at ``max_chars`` on a space.
    """
    end = len(text) if end is None else end
    lines = list(_line_spans(text, start, end))
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        s, e = lines[i]
        if text[e - 1] == ":" and i + 1 < len(lines) and LIST_ITEM.match(text[lines[i + 1][0] : lines[i + 1][1]]):
            j = i + 1
            while j < len(lines) and LIST_ITEM.match(text[lines[j][0] : lines[j][1]]) and lines[j][1] - s < max_chars:
                j += 1
            spans.append((s, lines[j - 1][1]))
            i = j
            continue
        spans.extend(_split_line(text, s, e))
        i += 1
    out: list[tuple[int, int]] = []
    for s, e in spans:
        while e - s > max_chars:
            cut = text.rfind(" ", s, s + max_chars)
            if cut <= s:
                cut = s + max_chars
            out.append((s, cut))
            s = cut
            while s < e and text[s].isspace():
                s += 1
        if e > s:
            out.append((s, e))
    return out


def match_keys(text: str, prefix: int = 5) -> set[str]:
    """Loose matching keys of ``text``: Snowball stems plus accent-folded 5-letter prefixes.

    « jumelée » and « jumelage » have different Snowball stems (« jumel », « jumelag ») but share
    the prefix « jumel »; used to judge whether a sentence or passage holds a question's words.
    The same passages and sentences come back question after question: their keys are kept
    (:data:`MATCH_KEYS_CACHED` texts, least recently used dropped first), a fresh set is returned.
    """
    return set(_match_keys(text, prefix))


#: Texts whose :func:`match_keys` are kept (a passage is a few thousand characters at most: ≈ 20 MB).
MATCH_KEYS_CACHED = 4096


@lru_cache(maxsize=MATCH_KEYS_CACHED)
def _match_keys(text: str, prefix: int) -> frozenset[str]:
    stop = stopwords()
    keys: set[str] = set()
    for w in words(text):
        f = fold(w)
        if f in stop or f in QUESTION_WORDS:
            continue
        keys.add(stem(w))
        if len(f) >= prefix + 1:
            keys.add("~" + f[:prefix])
    for m in _INNER_APOSTROPHE.finditer(text):
        if _ELISION.match(m.group()) is None:
            # « ra'ui », « Hawai'i » are one word, typed without its apostrophe too (« raui »)
            joined = fold(m.group(1) + m.group(2))
            keys.add(stem(joined))
            if len(joined) >= prefix + 1:
                keys.add("~" + joined[:prefix])
    return frozenset(keys)


#: A word with an apostrophe inside (« ra'ui »); an elision (« l'eau », « jusqu'au ») is told apart.
_INNER_APOSTROPHE = re.compile(r"(?<![\w'’])([^\W\d_]{2,})['’]([^\W\d_]{2,})")


def term_keys(term_word: str, prefix: int = 5) -> tuple[str, str | None]:
    """(stem, prefix key) of one question word, to look up in :func:`match_keys` sets."""
    f = fold(term_word)
    # lower-cased like the words of match_keys: Snowball stems « Hiver » to « iv », « hiver » to « hiv »
    return stem(term_word.lower()), ("~" + f[:prefix] if len(f) >= prefix + 1 else None)


_NAMED = re.compile(rf"(?<!\w)(?:{CAP_WORD}|[A-Z]{{2,}})")


def named_words(text: str) -> list[str]:
    """Capitalised words and acronyms of a question, except its first word (« Kendari », « AFD »)."""
    out = []
    for m in _NAMED.finditer(text):
        if m.start() == 0 or text[: m.start()].strip() == "":
            continue
        word = re.sub(r"^[A-Za-z][’']", "", m.group())  # l'AFD → AFD
        # (« Savai'i » is read as « Savai », « i » by match_keys: its parts, as a passage's words are cut)
        for part in re.split(r"[-’']", word):
            if part and fold(part) not in stopwords() and fold(part) not in QUESTION_WORDS and len(part) > 1:
                out.append(part)
    return out
