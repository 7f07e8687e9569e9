"""Turn a follow-up question into a self-contained search query.

« Qui la finance ? » after « Parle-moi de la coopération entre La Rochelle et Kendari. »
becomes « Qui la finance ? (coopération entre La Rochelle et Kendari) ». A question is
treated as a follow-up when it leans on the conversation: when it names no proper noun and
has an anaphoric pronoun, a possessive or a demonstrative (« qui la finance », « son budget »,
« cette coopération »), or at most two content words (« Depuis quand ? »); when it names a
proper noun, only if it points back with a demonstrative; a numbered part that names no owner
(« la phase 2 a été votée quand ») is the part of what the conversation is about. Earlier turns
are resolved the same way first, so a chain of follow-ups keeps its subject. The rewritten query is shown to the user.

An ellipsis opened by « Et » and a preposition (« Et au Japon ? », « Et pour l'éducation ? »)
asks the previous question again about something else: the previous question's phrase
with the same preposition is replaced (« Quels projets La Rochelle mène-t-elle au Mexique ? »
→ « … au Japon ? »), or the new phrase is added to it when it has none.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from functools import lru_cache

from .answering_data import data, edition_pattern
from .french import fold
from .french.patterns import LABELLED, LABELLED_ORDINAL, UPPER
from .question import analyse
from .spans import NOT_NAMES
from .textnorm import query_terms

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
    # an object pronoun before an infinitive: « chargée de le mettre en œuvre », « pour la financer »
    re.compile(
        r"\b(?:de|d['’]|à|pour|sans)\s*(?:le|la|les|l['’]|lui|leur|y|en)\s*(?-i:[a-zàâçéèêëîïôûùüÿœ]+(?:er|ir|re|oir))\b",
        re.IGNORECASE,
    ),
    # English pronouns and demonstratives (« Who funds it? », « When was that signed? »)
    re.compile(r"\b(?:it|its|they|them|their|this|that|these|those|he|she|his|her|there)\b", re.IGNORECASE),
]
# A follow-up that opens with « Et » (« Et combien pour Douroula ? ») or « And » continues the conversation.
_OPENER = re.compile(r"^(?:et|and)\b", re.IGNORECASE)
# Words that point back even in a question that names something (« la mission d'octobre là-bas »,
# « combien la Métropole de Rouen y consacre » with « y » for a place or a thing, not in « il y a »).
_POINTER = re.compile(
    r"\blà-bas\b|\b(?:over|out)\s+there\b|(?<!\bil\s)(?<!\bIl\s)\b[yY]\s+(?!a\b)[^\W\d_]", re.IGNORECASE
)
# Words a question asks with: a phrase that holds one asks something new, it is not an ellipsis
# (« Et au final, combien d'habitants… ? », « Et depuis quand avec Orhei ? »).
_ASKING = re.compile(
    r"\b(?:combien|quand|qui|quoi|quel|quelle|quels|quelles|comment|pourquoi|lequel|laquelle|lesquels|lesquelles"
    r"|how|what|when|who|whom|where|which|why)\b|(?<!\w)où(?!\w)",
    re.IGNORECASE,
)
# Lead-ins removed when a previous turn is used as context.
_LEAD_IN = re.compile(
    r"^(?:et\s+)?(?:parle[sz]?[- ]moi\s+(?:un\s+peu\s+)?(?:de|du|des|d['’])\s*|dis[- ]moi\s+|explique[sz]?[- ]moi\s+|"
    r"qu['’]est[- ]ce\s+qu['’]|qu['’]en\s+est[- ]il\s+(?:de|du|des)\s+|est[- ]ce\s+que\s+|"
    r"c['’]est\s+quoi\s+|en\s+quoi\s+consiste(?:nt)?\s+|"
    # a question word after a preposition: « Avec quels territoires… », « Depuis quand… »
    r"(?:avec|dans|pour|par|de|à|en|sur|chez|depuis|jusqu['’]à|jusqu['’]en)\s+"
    r"(?=(?:quel|quelle|quels|quelles|qui|quoi|quand|combien)\b)|"
    r"(?:quel|quelle|quels|quelles|qui|que|quoi|comment|pourquoi|où|ou|quand|combien(?:\s+de)?)\s+)+",
    re.IGNORECASE,
)
# A question's verb before its subject (« a été signée », « ont été créés »), left out of the context.
_LEADING_VERB = re.compile(
    r"^(?:a|ont|est|sont|était|etait|sera|seront|avait|avaient)\s+(?:été\s+|ete\s+)?"
    r"[^\W\d_]{2,30}(?:é|ée|és|ées|e|ee|es|ees|i|ie|is|ies|u|ue|us|ues)\s+"
    # only before the subject's determiner: « Qui est responsable du projet… » keeps its words
    r"(?=(?:le|la|les|l['’]|un|une|des|ce|cet|cette|ces|son|sa|ses|leur|leurs|notre|nos)(?:\s|(?<=['’])))",
    re.IGNORECASE,
)
#: What the context of « Qui préside l'association X ? » or « Qui est à la tête de X ? » says of the role it asked: a
#: follow-up that asks another role (« Et qui tient ses comptes ? ») asks it of X, not of X's president.
_ROLE_OPENING = re.compile(
    r"^(?:(?:pr[ée]side|pr[ée]sidait|dirige|dirigeait|repr[ée]sente|repr[ée]sentait|coordonne|coordonnait|anime|"
    r"animait)\s+(?=(?:le|la|les|l['’]|ce|cet|cette|ces|son|sa|ses|leur|leurs|notre|nos)(?:\s|(?<=['’])))"
    r"|(?:est\s+|était\s+|etait\s+)?(?:à|a)\s+la\s+t[êe]te\s+(?:de\s+(?=l['’]|la\s)|d['’](?=\w)|du\s+|des\s+|de\s+))",
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
    # (a time or a version: « Et après l'avenant n° 1 ? », « Et avant la réforme ? », typed without the accent too)
    "après",
    "apres",
    "avant",
)
_BEFORE_AFTER = ("après", "apres", "avant")
#: A phrase that is a time (« avant 2020 », « après le 1er mars 2024 », « apres 2021 »): it takes the place of a time.
_TIME_PHRASE = re.compile(
    r"(?:après|apres|avant)\s+(?:(?:le|l['’])\s*)?(?:(?:1er|\d{1,2})\s+[^\W\d_]+\s+)?(?:19|20)\d\d\s*", re.IGNORECASE
)
# « Et » and the preposition of an ellipsis; the phrase after it is found by a scan
# (:func:`_ellipsis_parts`): the regex ``…(?:\s+|(?<=['’]))[^?!.]+?)\s*[?!.]*$`` retried its
# lazy phrase against every space of a long blank (quadratic).
_ELLIPSIS_HEAD = re.compile(
    # « Et celles de Kpimé ? »: the pronoun stands for what the previous question asked about
    r"et\s+(?:(?:celle|celles|celui|ceux)\s+(?=d))?(?P<prep>" + "|".join(_PREPOSITIONS) + r"|d['’])(?=\s|(?<=['’]))",
    re.IGNORECASE,
)
_MARKS = "?!."
_MARK = re.compile(r"[?!.]")
_PROPER = re.compile(rf"(?<!^)(?<![.?!]\s)\b[{UPPER}][\w’'-]+")


def is_follow_up(question: str) -> bool:
    if _ellipsis(question):
        return True
    q = _INVERTED.sub("", question.strip())
    if _POINTER.search(q):
        return True
    if any(fold(m.group()) not in NOT_NAMES for m in _PROPER.finditer(q)):
        # it names its subject: a follow-up only if it points back explicitly
        return bool(_ANAPHORA[0].search(q))
    return bool(_OPENER.match(q)) or any(p.search(q) for p in _ANAPHORA) or len(query_terms(q)) <= 2 or _unnamed_part(q)


# what follows a numbered part that says whose part it is (« la phase 2 du programme… »)
_OWNER_AFTER = re.compile(r"\s*(?:de|du|des|d')(?:\s|(?<='))")


def _unnamed_part(question: str) -> bool:
    """Whether a question that names nothing asks about a numbered part of something it does not name
    (« la phase 2 a été votée quand », « quel budget pour la deuxième tranche »): the part of the programme
    the conversation is about; or about one of its agreements by rank (« la deuxième convention a été signée
    quand »)."""
    folded = fold(question)
    parts = (LABELLED, LABELLED_ORDINAL, edition_pattern())  # « la deuxième convention », « l'accord actuel »
    return any(not _OWNER_AFTER.match(folded, m.end()) for p in parts for m in p.finditer(folded))


def _final_group(text: str) -> tuple[int, int, int] | None:
    r"""Where ``text`` ends with a parenthesised group: (start of the blank before « ( », « ( », « ) »).

    What ``re.search(r"\s*\(([^)]*)\)\s*$", text)`` finds (the leftmost « ( » after the last inner
    « ) »), found by a scan: that regex was quadratic on 64,000 « ( » (20 s) or a long blank.
    """
    close = len(text.rstrip())
    if close == 0 or text[close - 1] != ")":
        return None
    close -= 1
    opening = text.find("(", text.rfind(")", 0, close) + 1, close)
    if opening < 0:
        return None
    start = opening
    while start > 0 and text[start - 1].isspace():
        start -= 1
    return start, opening, close


_TRAILING_ASK = re.compile(r"\s+(?:quand|où|combien|comment|pourquoi|qui|quoi)$", re.IGNORECASE)
#: At most this many words of earlier turns go into a follow-up's context.
CONTEXT_WORDS = 30


def _context(query: str) -> str:
    query = query.strip()
    group = _final_group(query)
    if group:
        # an earlier rewrite: its context, after its own subject when it has one (« Quelle association
        # est chargée de le mettre en œuvre ? (le programme…) »: « Qui la préside ? » asks about the
        # association), the most recent first and a bounded number of words in all
        earlier = query[group[1] + 1 : group[2]].strip()
        own = _subject(query[: group[0]])
        if len(query_terms(own)) < 2 or fold(own) in fold(earlier):
            return earlier
        return " ".join(f"{own}, {earlier}".split()[:CONTEXT_WORDS])
    return _subject(query)


def _subject(question: str) -> str:
    """A question without its question words and its leading verb: what it is about."""
    subject = _LEAD_IN.sub("", question.strip()).strip()
    # « Quand a été signée la convention… ? »: the subject is « la convention… », not the verb
    subject = _LEADING_VERB.sub("", subject, count=1).rstrip("?!. ")
    # « La convention a été signée quand ? »: nor a question word at the end
    return _TRAILING_ASK.sub("", subject).strip()


def rewrite(question: str, history: Sequence[str] = ()) -> str:
    """The query to search for ``question`` given the previous user turns (oldest first)."""
    question = question.strip()
    previous = ""
    for turn in history:
        turn = turn.strip()
        if turn:
            previous = _resolve(turn, previous)
    return _resolve(question, previous)


def _ellipsis_parts(text: str) -> tuple[str, str] | None:
    r"""(phrase, preposition) of « Et au Japon ? »: the preposition, the words after it and no final
    blank or « ?!. »; ``None`` when ``text`` is not such an ellipsis. A scan, in linear time, with
    the results of the regex ``^et\s+(?P<rest>(?P<prep>…)(?:\s+|(?<=['’]))[^?!.]+?)\s*[?!.]*$``."""
    head = _ELLIPSIS_HEAD.match(text)
    if head is None:
        return None
    after = head.end()
    # Where the phrase may end at the earliest: before the final blank and marks (and a final "\n").
    tail = len(text) - 1 if text.endswith("\n") else len(text)
    while tail > 0 and text[tail - 1] in _MARKS:
        tail -= 1
    while tail > 0 and text[tail - 1].isspace():
        tail -= 1
    # Where it must end at the latest: the first mark (none may stand inside it).
    mark = _MARK.search(text, after)
    limit = mark.start() if mark else len(text)
    if tail > limit:
        return None
    blank = after
    while blank < len(text) and text[blank].isspace():
        blank += 1
    # The phrase starts after the blank that follows the preposition (all of it first, then less;
    # right after « d' » last), holds one character at least and ends at ``tail`` or later.
    elided = head.group("prep")[-1] in "'’"
    for start in itertools.chain(range(blank, after, -1), [after] if elided else []):
        end = max(tail, start + 1)
        if end <= limit:
            return text[head.start("prep") : end], head.group("prep")
    return None


def _ellipsis(question: str) -> tuple[str, str] | None:
    parts = _ellipsis_parts(question.strip())
    # a hyphenated name is one name (« Strasbourg-Dschang » is not three terms)
    short = parts is not None and len(query_terms(parts[0].replace("-", " "))) <= 4
    return parts if parts and short and not _ASKING.search(parts[0]) else None


def _resolve(question: str, previous: str) -> str:
    if not previous:
        return question
    # « Et la tranche III ? » is a follow-up though « III » looks like a name of its own
    relabelled = _relabel(question, previous)
    if relabelled:
        return relabelled
    if not is_follow_up(question):
        return question
    ellipsis = _ellipsis(question)
    if ellipsis:
        return _fill_in(previous, *ellipsis)
    question = _who_again(question, previous)
    context = _context(previous)
    if analyse(question).wants_person:
        context = _ROLE_OPENING.sub("", context, count=1)
    if not context or fold(context) in fold(question):
        return question
    return f"{question} ({context})"


# « Et son adjointe ? », « et le trésorier ? »: « Et », a determiner and a noun or two, nothing asked
_BARE_ELLIPSIS = re.compile(
    r"et\s+(?:le|la|les|l['’]|son|sa|ses|leur|leurs)\s*[^\W\d_][\w'’-]{1,30}(?:\s+[^\W\d_][\w'’-]{1,30}){0,2}\s*[?!.]*",
    re.IGNORECASE,
)


#: The first noun of such an ellipsis (« et le secrétaire municipal ? » → secrétaire).
_ROLE_ELLIPSIS_HEAD = re.compile(
    r"et\s+(?:(?:le|la|les|son|sa|ses|leurs?)\s+|l['’]\s*)([^\W\d_][\w'’-]{1,30})", re.IGNORECASE
)


@lru_cache(maxsize=1)
def _role_nouns() -> frozenset[str]:
    """The nouns of roles a person holds (``role_words`` and ``person_attributes``, folded)."""
    d = data()
    return frozenset({*d["role_words"], *d["person_attributes"]})


def _who_again(question: str, previous: str) -> str:
    """« Et son adjointe ? » after « c'est qui le kryetar de Gjirokastër ? » asks who again: the noun of the
    ellipsis is a role like the previous question's (« et son adjointe c'est qui ? »); ``question`` as it is
    otherwise (« Et sa durée ? » after « Qui finance le projet ? »: the ellipsis has a type of its own, or
    its noun is no role)."""
    stripped = question.strip()
    if not _BARE_ELLIPSIS.fullmatch(stripped[:200]) or _ASKING.search(stripped):
        return question
    group = _final_group(previous)
    if not analyse(previous[: group[0]] if group else previous).wants_person:
        return question
    # (the noun after the determiner, or the last word: « et le secrétaire municipal ? », « et le directeur du
    # service ? », « et sa première adjointe ? »)
    head = _ROLE_ELLIPSIS_HEAD.match(stripped)
    nouns = {fold(stripped.rstrip(" ?!.").rsplit(None, 1)[-1]), *((fold(head.group(1)),) if head else ())}
    if not nouns & _role_nouns():
        return question  # « Et son âge ? », « Et son mandat ? »: no role, nobody to name
    asked = f"{stripped.rstrip(' ?!.')} c'est qui ?"
    return asked if analyse(asked).wants_person else question


# « Et pour la phase 2 ? », « Et en 2025 ? », « Et la tranche III ? », « Et dans celle de 2024 ? »: nothing but a
# numbered part or a year
_RELABEL = re.compile(
    r"et\s+(?:(?:pour|en|dans|pendant|durant|sur|a|au)\s+)?(?:(?:la|le|les|l')\s*)?"
    r"(?:(?:celle|celui|celles|ceux)\s+(?:de\s+|d'))?(?P<what>[^?!.\s][^?!.]{0,39}?)[\s?!.]*"
)
# a year of its own: not one end of a period (« 2024-2026 ») nor part of a name (« l'Agenda 2030 »)
_YEAR = re.compile(r"(?<![\d/.–-])(?<![\d/.–-]\s)(?:19|20)\d\d(?![\d/])(?!\s?[–-]\s?\d)")
_NAMED_BEFORE = re.compile(rf"[{UPPER}][\w’'-]*\s$")


def _relabel(question: str, previous: str) -> str | None:
    """``previous`` with its phase (tranche, édition…) or its year replaced by the one of a follow-up that
    names only that (« Et pour la phase 2 ? » after « …pendant la phase 1 ? »); ``None`` when the follow-up
    is not such, when ``previous`` holds no such phase or year or more than one, or when folding changes a
    length (« œ », decomposed accents): the ordinary rewriting applies then."""
    asked = question.strip()
    folded_asked, folded_previous = fold(asked), fold(previous)
    m = _RELABEL.fullmatch(folded_asked)
    if m is None or len(folded_asked) != len(asked) or len(folded_previous) != len(previous):
        return None
    what = m.group("what").strip()
    label = LABELLED.fullmatch(what)
    if label:
        olds = [(o.start(2), o.end(2)) for o in LABELLED.finditer(folded_previous) if o.group(1) == label.group(1)]
        new = asked[m.start("what") + label.start(2) : m.start("what") + label.end(2)]
    elif _YEAR.fullmatch(what):
        olds = [
            (o.start(), o.end())
            for o in _YEAR.finditer(folded_previous)
            if not _NAMED_BEFORE.search(previous[max(0, o.start() - 40) : o.start()])
        ]
        new = what
    else:
        return None
    if len(olds) != 1:
        return None
    start, end = olds[0]
    if fold(previous[start:end]) == fold(new):
        return None
    return previous[:start] + new + previous[end:]


_NAME_RUN = re.compile(
    rf"(?:\s+|['’])(?:(?:de|du|des|d['’]|la|le|les|l['’])\s*)?[{UPPER}][\w’']*"
    rf"(?:(?:\s+|-)(?:(?:de|du|des|la|le|les|sur|en)-)?[{UPPER}][\w’']*)*"
)


def _name_end(text: str, start: int, end: int) -> int:
    """Where the phrase ``text[start:end]`` opened by a preposition ends when it names something:
    after the name (« d'Agou-Nyogbo » in « l'USP d'Agou-Nyogbo a-t-elle rouvert »), not at ``end``."""
    head = re.match(r"\w+", text[start:end])
    m = _NAME_RUN.match(text, start + (head.end() if head else 0), end)
    return m.end() if m else end


def _fill_in(previous: str, phrase: str, preposition: str) -> str:
    """``previous`` asked again with ``phrase`` in place of its phrase opened by the same preposition."""
    group = _final_group(previous)
    core = previous[: group[0]] if group else previous
    tail = f" ({previous[group[1] + 1 : group[2]].strip()})" if group else ""
    prep = preposition.lower().rstrip("'’")
    slot: tuple[str, ...] = (
        _PLACE if prep in _PLACE else ("de", "du", "des", "d") if prep in ("de", "du", "des", "d") else (prep,)
    )
    # (a time, not a phrase that holds a year: « après l'avenant de 2021 » is no time to put in place of « à Ségou »)
    dated = prep in _BEFORE_AFTER and _TIME_PHRASE.fullmatch(phrase) is not None
    if prep in _BEFORE_AFTER:
        # « Et avant 2020 ? » after « …en 2023 ? »: a time replaces a time (« en 2023 », « après 2021 »)
        slot = (*_PLACE, *_BEFORE_AFTER) if dated else _BEFORE_AFTER
    opener = "|".join(re.escape(p) for p in slot)
    if slot is _PLACE or dated:
        # « a la commune de Dschang » typed without its accent: « a » before an article or a name
        opener += r"|a(?=\s+(?:la|le|les|l['’])\b|\s+(?-i:[" + UPPER + "]))"  # not the verb « a donné »
    others = "|".join(re.escape(p) for p in _PREPOSITIONS)
    # the last phrase opened by the same preposition, up to the next preposition or punctuation
    pattern = re.compile(rf"\b(?:{opener})(?:\s+|['’])(?:(?!\b(?:{others})\b)[^?!.,;:()])+", re.IGNORECASE)
    matches = list(pattern.finditer(core))
    if slot is _PLACE or dated:
        # « en 2025 » is a time, « à la commune de Dschang » a place: a year replaces a year, a place a place
        year = dated or bool(re.match(r"\w+\s+\d", phrase))
        matches = [m for m in matches if bool(re.match(r"\w+\s+\d", m.group())) == year]
    if matches:
        found = matches[-1]
        end = _name_end(core, found.start(), found.end())
        while end > found.start() and core[end - 1] == " ":
            end -= 1
        return core[: found.start()] + phrase + core[end:] + tail
    return f"{core.rstrip(' ?!.')} {phrase} ?{tail}"
