"""Turn a follow-up question into a self-contained search query.

« Qui la finance ? » after « Parle-moi de la coopération entre La Rochelle et Kendari. »
becomes « Qui la finance ? (coopération entre La Rochelle et Kendari) ». A question is
treated as a follow-up when it leans on the conversation: when it names no proper noun and
has an anaphoric pronoun, a possessive or a demonstrative (« qui la finance », « son budget »,
« cette coopération »), or at most two content words (« Depuis quand ? »); when it names a
proper noun, only if it points back with a demonstrative. Earlier turns are resolved the same way first, so a chain of
follow-ups keeps its subject. The rewritten query is shown to the user.

An ellipsis opened by « Et » and a preposition (« Et au Japon ? », « Et pour l'éducation ? »)
asks the previous question again about something else: the previous question's phrase
with the same preposition is replaced (« Quels projets La Rochelle mène-t-elle au Mexique ? »
→ « … au Japon ? »), or the new phrase is added to it when it has none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .textnorm import fold, query_terms

_INVERTED = re.compile(r"-(?:t-)?(?:il|elle|ils|elles|on|je|tu|nous|vous|ce)\b", re.IGNORECASE)
# Signs that a question leans on what was said before.
_ANAPHORA = [
    # demonstratives: « cette coopération », « ce projet » (not « ce que », « ce qui »)
    re.compile(r"\b(?:cet|cette|ces|ce(?!\s+(?:que|qui|qu['’]|dont)\b))\s+\w", re.IGNORECASE),
    # an object pronoun right after a subject or question word: « qui la finance », « comment le joindre »
    re.compile(
        r"\b(?:qui|comment|pourquoi|il|elle|ils|elles|on|je|nous|vous)\s+"
        r"(?:la|le|les|l['’]|lui|leur|y|en)(?:\s+|(?<=['’]))\w",
        re.IGNORECASE,
    ),
    # pronouns standing for a thing or a place already named; possessives
    re.compile(r"\b(?:cela|ça|celui|celle|ceux|celles|là-bas|eux|son|sa|ses|leurs?)\b(?!-)", re.IGNORECASE),
]
# Lead-ins removed when a previous turn is used as context.
_LEAD_IN = re.compile(
    r"^(?:et\s+)?(?:parle[sz]?[- ]moi\s+(?:un\s+peu\s+)?(?:de|du|des|d['’])\s*|dis[- ]moi\s+|explique[sz]?[- ]moi\s+|"
    r"qu['’]est[- ]ce\s+qu['’]|qu['’]en\s+est[- ]il\s+(?:de|du|des)\s+|est[- ]ce\s+que\s+|"
    r"(?:quel|quelle|quels|quelles|qui|que|quoi|comment|pourquoi|où|ou|quand|combien(?:\s+de)?)\s+)+",
    re.IGNORECASE,
)
# Prepositions that open the phrase an ellipsis replaces; à / au / aux / en are one slot (place).
_PLACE = ("à", "au", "aux", "en")
_PREPOSITIONS = (
    *_PLACE,
    "pour",
    "avec",
    "sur",
    "dans",
    "depuis",
    "par",
    "entre",
    "chez",
    "vers",
    "contre",
    "de",
    "du",
    "des",
)
_ELLIPSIS = re.compile(
    r"^et\s+(?P<rest>(?P<prep>" + "|".join(_PREPOSITIONS) + r"|d['’])(?:\s+|(?<=['’]))[^?!.]+?)\s*[?!.]*$",
    re.IGNORECASE,
)
_PROPER = re.compile(r"(?<!^)(?<![.?!]\s)\b[A-ZÀ-ÖØ-Þ][\w’'-]+")


def is_follow_up(question: str) -> bool:
    if _ellipsis(question):
        return True
    q = _INVERTED.sub("", question.strip())
    if _PROPER.search(q):  # it names its subject: a follow-up only if it points back explicitly
        return bool(_ANAPHORA[0].search(q))
    return any(p.search(q) for p in _ANAPHORA) or len(query_terms(q)) <= 2


def _context(query: str) -> str:
    inner = re.search(r"\(([^)]*)\)\s*$", query.strip())
    if inner:  # an earlier rewrite: its subject is its context
        return inner.group(1).strip()
    return _LEAD_IN.sub("", query.strip()).strip().rstrip("?!. ").strip()


def rewrite(question: str, history: Sequence[str] = ()) -> str:
    """The query to search for ``question`` given the previous user turns (oldest first)."""
    question = question.strip()
    previous = ""
    for turn in history:
        turn = turn.strip()
        if turn:
            previous = _resolve(turn, previous)
    return _resolve(question, previous)


def _ellipsis(question: str) -> re.Match[str] | None:
    match = _ELLIPSIS.match(question.strip())
    return match if match and len(query_terms(match.group("rest"))) <= 4 else None


def _resolve(question: str, previous: str) -> str:
    if not previous or not is_follow_up(question):
        return question
    ellipsis = _ellipsis(question)
    if ellipsis:
        return _fill_in(previous, ellipsis.group("rest"), ellipsis.group("prep"))
    context = _context(previous)
    if not context or fold(context) in fold(question):
        return question
    return f"{question} ({context})"


def _fill_in(previous: str, phrase: str, preposition: str) -> str:
    """``previous`` asked again with ``phrase`` in place of its phrase opened by the same preposition."""
    context = re.search(r"\s*\(([^)]*)\)\s*$", previous)
    core = previous[: context.start()] if context else previous
    tail = f" ({context.group(1).strip()})" if context else ""
    prep = preposition.lower().rstrip("'’")
    slot = _PLACE if prep in _PLACE else ("de", "du", "des", "d") if prep in ("de", "du", "des", "d") else (prep,)
    opener = "|".join(re.escape(p) for p in slot)
    others = "|".join(re.escape(p) for p in _PREPOSITIONS)
    # the last phrase opened by the same preposition, up to the next preposition or punctuation
    pattern = re.compile(rf"\b(?:{opener})(?:\s+|['’])(?:(?!\b(?:{others})\b)[^?!.,;:()])+", re.IGNORECASE)
    matches = list(pattern.finditer(core))
    if matches:
        found = matches[-1]
        end = found.end()
        while end > found.start() and core[end - 1] == " ":
            end -= 1
        return core[: found.start()] + phrase + core[end:] + tail
    return f"{core.rstrip(' ?!.')} {phrase} ?{tail}"
