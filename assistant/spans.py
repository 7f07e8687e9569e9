"""Typed spans inside a sentence: dates, amounts, numbers and names, with their offsets.

They tell whether a sentence holds an answer of the kind a question asks for (« Quand… ? »
wants a date, « Quel montant… ? » an amount) and give the **short answer**: the exact span of
the cited sentence that answers (« 31 mai 2003 », « 4 372 euros », « AFD »). Every pattern is
linear (no nested quantifiers over the same characters) and works on one sentence (at most a
few hundred characters: see ``textnorm.split_sentences``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from .answering_data import words as data_words
from .french import fold
from .french.dates import DATE, YEAR_ONLY
from .french.patterns import CAP_WORD
from .textnorm import stopwords


class SpanKind(StrEnum):
    DATE = "date"
    AMOUNT = "amount"
    NUMBER = "number"
    NAME = "name"
    DURATION = "duration"


@dataclass(frozen=True, slots=True)
class Span:
    kind: SpanKind
    start: int  # offsets in the sentence
    end: int
    text: str


# Dates (« du 3 au 7 février 2025 », « 31 mai 2003 », « mai 2003 », « 15/10/2025 », « 2003 »; not
# « loi 1901 ») and years alone: the shared patterns of :mod:`assistant.french.dates`.
_DATE = DATE
_YEAR_ONLY = YEAR_ONLY
_YEAR = YEAR_ONLY.pattern
# A number: digits with French thousands separators (space, NBSP, dot) and decimals, or a number word.
_NUM = r"\d{1,3}(?:[\u00a0\u202f ]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
# Number words (« deux », « vingtaine », « milliers ») and currencies (« euros », « € », « francs CFA »):
# word lists of ``data/answering.json``.
_NUMBER_WORD = "(?:" + "|".join(re.escape(w) for w in data_words("number_words")) + ")"
# A number written in words may take several (« trois cents », « deux mille », « vingt-cinq »): one span.
_NUMBER_WORDS = rf"{_NUMBER_WORD}(?:(?:\s+|-)(?:et(?:\s+|-))?{_NUMBER_WORD})*"
_CURRENCY = (
    "(?:"
    + "|".join(
        r"\s+".join(re.escape(part) for part in c.split()) + (r"\b" if c[-1].isalnum() and c.isascii() else "")
        for c in sorted(data_words("currencies"), key=len, reverse=True)
    )
    + "|(?-i:(?:"  # ISO codes (« 180 000 TMT »), in capitals only: « 15 ans » is no amount
    + "|".join(re.escape(code) for code in data_words("currency_codes"))
    + r")(?!\w))"
    + ")"
)
_AMOUNT = re.compile(
    rf"(?:{_NUM})\s*(?:(?:millions?|milliards?|mille|k)\s+(?:d['’]\s*|de\s+)?)?{_CURRENCY}"
    rf"|{_CURRENCY}\s*(?:{_NUM})",
    re.IGNORECASE,
)
# not a legal reference (« article L. 1115-1 », « article 3 »)
_NUMBER = re.compile(
    rf"(?<![\w/-])(?<!L\. )(?<!article )(?:{_NUM})(?:\s*%)?(?![\w/-])|\b(?:une?\s+)?{_NUMBER_WORDS}\b", re.IGNORECASE
)
# A name: capitalised words (with the connectors of French names between them), or an acronym.
_CAP = CAP_WORD
_CONNECT = r"(?:de|du|des|d['’]|la|le|les|l['’]|et|sur|en|-)"
_NAME = re.compile(rf"\b{_CAP}(?:(?:\s+{_CONNECT}\s*|\s+)(?:{_CAP}))*|\b[A-Z]{{2,}}\w*")
# A duration: « trois ans », « 18 mois », « une durée de cinq ans », « pour la période 2023-2026 »
_DURATION = re.compile(
    rf"(?:(?:{_NUM})|\b(?:une?|{_NUMBER_WORDS}))\s+(?:ans|annees|années|an|année|annee|mois|semaines|jours)\b"
    rf"|\b{_YEAR}\s*[-–]\s*{_YEAR}\b",
    re.IGNORECASE,
)
_TITLE = re.compile(r"^(?:m|mme|mlle|dr|pr|me|monsieur|madame)\.?$", re.IGNORECASE)
# A share said in words: « un quart », « d'un tiers », « deux tiers », « la moitié », « de moitié »
_FRACTION = re.compile(
    r"\b(?:(?:un|une|deux|trois|quatre)\s+(?:quarts?|tiers|cinqui[èe]mes?|dixi[èe]mes?)|(?:la|de)\s+moiti[ée])\b",
    re.IGNORECASE,
)


def fractions(text: str) -> list[Span]:
    """The shares ``text`` says in words (« un quart », « la moitié »), as numbers: what « De combien… ? » or « Quelle
    part… ? » may be answered by, not a count."""
    return [Span(SpanKind.NUMBER, m.start(), m.end(), m.group()) for m in _FRACTION.finditer(text)]


def find(text: str, kind: SpanKind) -> list[Span]:
    """Spans of ``kind`` in ``text`` (one sentence), left to right, not overlapping.

    The sentences of the best passages come back question after question: the spans of the last
    :data:`FOUND_CACHED` (sentence, kind) pairs are kept; each call returns a list of its own.
    """
    return list(_find(text, kind))


#: (sentence, kind) pairs whose spans are kept (a sentence is at most a few hundred characters).
FOUND_CACHED = 8192


@lru_cache(maxsize=FOUND_CACHED)
def _find(text: str, kind: SpanKind) -> tuple[Span, ...]:
    if kind is SpanKind.DATE:
        pattern = _DATE
    elif kind is SpanKind.AMOUNT:
        pattern = _AMOUNT
    elif kind is SpanKind.DURATION:
        pattern = _DURATION
    elif kind is SpanKind.NUMBER:
        # a count, not a year (« créée en 1988 »), a law (« loi 1901 ») or the day of a date
        # (« +33 (0)4 73 12 34 56 »: a telephone number counts nothing either)
        taken = [[(m.start(), m.end()) for m in p.finditer(text)] for p in (_DATE, _PHONE)]
        return tuple(
            Span(kind, m.start(), m.end(), m.group().strip())
            for m in _NUMBER.finditer(text)
            if m.group().strip()
            and not _YEAR_ONLY.fullmatch(m.group().strip())
            and not any(_overlaps(t, m.start(), m.end()) for t in taken)
            and not _is_label_number(text, m.start(), m.end())
        )
    else:
        return tuple(_names(text))
    return tuple(Span(kind, m.start(), m.end(), m.group().strip()) for m in pattern.finditer(text) if m.group().strip())


def _overlaps(found: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``[start, end)`` overlaps one of ``found``, the matches of one regex (left to right, so sorted and
    disjoint): only the last one that starts before ``end`` can, found in logarithmic time (a page of 100 kB of
    numbers stays linear)."""
    i = bisect.bisect_left(found, (end, end))
    return i > 0 and found[i - 1][1] > start


# A number that labels rather than counts: a telephone number or a code (« 05 … »), an item's number
# (« 3. Réserver… », « 1) Lancer… ») or the
# number of a phase, a tranche, an edition (« la phase 2 compte 12 puits »: 12 is the count)
_ENUMERATOR_BEFORE = re.compile(r"(?:^|\n)[ \t•*-]*$")
_ENUMERATOR_AFTER = re.compile(r"[.)][ \t]")
_LABEL_NOUN_BEFORE = re.compile(
    r"\b(?:phase|tranche|[ée]tape|[ée]dition|volet|session|saison|lot|axe|n°|cedex|chapitre|annexe|alin[ée]a)\s*$",
    re.IGNORECASE,
)


#: A telephone number, national (« 02 41 05 40 00 », « 02.41.05.40.00 ») or international (« +33 (0)4 73 12 34 56 »,
#: « +226 25 30 66 21 »): its digits count nothing.
_PHONE = re.compile(
    # national: one separator throughout, and no date before (« 01.02.2023 12 participants » holds no number)
    r"(?<![\w+./-])0[1-9](?P<sep>[\s.-]?)\d\d(?:(?P=sep)\d\d){3}(?!\d)"
    # international: « +33 (0)4 73 12 34 56 », « +226 25 30 66 21 »
    r"|\+\s?\d{2,3}[\s.]*(?:\(0\)[\s.]*)?\d{1,2}(?:[\s.-]\d\d){3,4}(?!\d)"
)
#: A kind of place that a number may label (« la Région 9 », « district 5 »).
_PLACE_LABEL_BEFORE = re.compile(
    r"\b(?:r[ée]gion|zone|secteur|district|arrondissement|circonscription)\s*$", re.IGNORECASE
)
#: The end of a phrase right after a number.
_ENDS_THERE = re.compile(r"\s*(?:[.,;:)!?]|$)")
#: What follows a postcode: the town's capitalised name or « Cedex ».
_TOWN_AFTER = re.compile(r"[ \t]+(?:[A-ZÀ-Ö][^\W\d_]|CEDEX\b|Cedex\b)")


def _is_label_number(text: str, start: int, end: int) -> bool:
    if text[start] == "0" and text[start + 1 : start + 2].isdigit():
        return True  # « 05 00 00 00 00 »: a telephone number or a code, not a count
    if end - start == 5 and text[start:end].isdigit() and _TOWN_AFTER.match(text, end):
        return True  # « 13616 Aix-en-Provence Cedex 1 »: a postcode
    before = text[max(0, start - 24) : start]
    if _LABEL_NOUN_BEFORE.search(before):
        return True
    place = _PLACE_LABEL_BEFORE.search(before)
    if place is not None and (place.group()[0].isupper() or _ENDS_THERE.match(text, end)):
        return True  # « la Région 9 », « le district 5. »: a place's number (« dans la région 12 puits… » counts)
    line_start = text.rfind("\n", 0, start) + 1
    return bool(_ENUMERATOR_BEFORE.match(text[line_start:start]) and _ENUMERATOR_AFTER.match(text, end))


def _names(text: str) -> list[Span]:
    out: list[Span] = []
    for m in _NAME.finditer(text):
        start, end = m.start(), m.end()
        if start == 0 or text[:start].rstrip().endswith((".", "!", "?", ":", "\n", "-", "•")):
            # a capital at the start of a sentence or a list item is not a name by itself,
            # unless the word is a name anyway (an acronym, or several capitalised words)
            first = m.group().split()[0]
            # (words may be joined by a no-break space: « M. Alexis\u00a0CAVAREC »)
            if not (first.isupper() and len(first) > 1) and len(m.group().split()) == 1 and "-" not in m.group():
                continue
        value = m.group()
        words = value.split()
        if words and _TITLE.match(words[0]) and len(words) > 1:  # « M. Dupont »: the name only
            value = " ".join(words[1:])
            start = end - len(value)
        if fold(value) in stopwords():
            continue
        out.append(Span(SpanKind.NAME, start, end, value))
    return out


GENERIC_WORDS = frozenset(
    "ville villes commune communes mairie departement region agglomeration communaute metropole conseil "
    "association programme projet cooperation republique province prefecture universite "
    # capitalised common nouns of conventions and deliberations (« les deux Régions », « les Parties »)
    "regions departements communautes metropoles parties partie article articles objet considerant "
    "associations programmes projets provinces".split()
)
#: Capitalised words that name nothing a passage must hold: the generic nouns above, English months and days.
NOT_NAMES = GENERIC_WORDS | frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)


def novel(spans: list[Span], question_folded: str) -> list[Span]:
    """The spans that bring something the question does not hold: a date or number it does not
    contain, a name with a word it does not use (« La Ville d'Aix-en-Provence » is not new to a
    question about Aix-en-Provence)."""
    qwords = set(re.findall(r"[^\W_]+", question_folded))
    out = []
    for s in spans:
        folded = fold(s.text)
        if s.kind is SpanKind.NAME:
            own = [w for w in re.findall(r"[^\W_]+", folded) if w not in stopwords() and w not in GENERIC_WORDS]
            if own and any(w not in qwords for w in own):
                out.append(s)
        elif not re.search(r"(?<!\w)" + re.escape(folded) + r"(?!\w)", question_folded):
            out.append(s)  # « 24 jeunes » is new to a question about 2024
    return out


#: The rest of a range after its first number (« à 25 », « - 30 », « et 12 »): bounded, linear.
_RANGE_TAIL = re.compile(r"\s*(?:à|a|-|–|et)\s*\d{1,3}(?:[\s\u202f.]\d{3}){0,3}(?:,\d+)?")
_NOT_A_COUNT = re.compile(
    r"\s*(?:%|€|pour\s*cent|euros?\b|dollars?\b|ans?\b|ann[ée]es?\b|mois\b|jours?\b|semaines?\b|heures?\b|fois\b"
    r"|h\b|min\b)",  # « de 14 h à 17 h »
    re.IGNORECASE,
)


def counts(text: str, span: Span, counted: str | None, *, member: bool = False, strict: bool = True) -> bool:
    """Whether a number answers « Combien de <counted> ? »: « 2 ans » or « 30 % » count time or a
    share, not stagiaires (unless time is what is counted). With ``member``, ``counted`` is a word of
    the asked noun's family (« collégiens » for « jeunes »), matched as a whole word (singular or plural):
    its first letters alone would take « deux collèges » for a count of collégiens. With ``strict``, a number in
    figures whose own noun is another thing does not count (see :func:`_counts_other_noun`); an attribute whose
    family states it in other words (« une population de 120 000 âmes ») is not read so strictly."""
    if counted and re.match(r"(?:an|annee|mois|jour|semaine|heure|fois|pour)", counted):
        return True
    if not span.text[:1].isdigit() and counted:
        if re.search(r"\b(?:les|ces|nos|vos|leurs|ses)\s+$", fold(text[max(0, span.start - 8) : span.start])):
            return False  # « les deux villes jumelles » points back to the pair it names, it counts nothing
        if re.match(r"\s*(?:[,.;:)]|$)", text[span.end :]) and _COUNT_IS.search(
            fold(text[max(0, span.start - 12) : span.start])
        ):
            return True  # « Ils sont dix, dont trois femmes »: the number is the count of the subject
        # « les deux collectivités » does not count stagiaires: a number word must name what it counts, after
        # an adjective at most (« dix nouveaux abris »)
        # (a collective number takes « de »: « une trentaine d'élèves », « des centaines de familles »)
        # (one such number: « plusieurs centaines de membres », « des milliers de visiteurs » count nothing exactly)
        collective = re.match(r"une?\s", fold(span.text)) is not None and fold(span.text).endswith(("aine", "millier"))
        of = r"(?:d['’]\s*|de\s+)?" if collective else ""
        nxt = re.match(rf"\s+{of}([^\W\d_]+)(?:\s+([^\W\d_]+))?", text[span.end :])
        if not nxt:
            return False
        first, second = fold(nxt.group(1)), fold(nxt.group(2) or "")
        return _names_noun(first, counted, member) or (
            first in data_words("count_adjectives") and _names_noun(second, counted, member)
        )
    if _NOT_A_COUNT.match(text[span.end :]) or (counted and _NOT_A_COUNT.search(span.text[-10:])):
        return False  # « 1 % énergie » (the span holds its sign) counts no électriciens
    tail = _RANGE_TAIL.match(text, span.end)
    if counted and tail is not None and _NOT_A_COUNT.match(text, tail.end()):
        return False  # « des jeunes de 16 à 25 ans »: the first end of a range of ages, or of hours, counts nothing
    measure = _MEASURE.match(text, span.end)
    measured = fold(text[measure.end() : measure.end() + 40]).split()[:4] if measure else []
    if (
        counted
        and measure
        and not _MEASURE.fullmatch(counted)  # « combien de km… ? », « combien de mètres cubes… ? » ask a measure
        and fold(measure.group(1))[:3] != counted[:3]
        # « 18 tonnes de fèves », « 400 kilos de glace » measure what is asked
        and not any(w[:5] == counted[:5] for w in measured)
    ):
        return False  # « 30 mètres cubes, assez pour… » measures, it counts no écoles
    return not (
        counted
        and (_counts_another(text, span, counted[:5]) or (strict and _counts_other_noun(text, span, counted, member)))
    )


def _names_noun(word: str, counted: str, member: bool) -> bool:
    """Whether ``word`` (folded) is the counted noun: its first five letters (« jeune » for « jeunes »), or
    for a word of its family the word itself, singular or plural."""
    if member:
        return word.removesuffix("s") == counted.removesuffix("s")
    return word[:5] == counted[:5]


#: A unit of measure after a number (« 30 mètres cubes », « 12 km », « 4 tonnes »): a measure, not a count.
_MEASURE = re.compile(
    r"\s*(m[2³²3]?|km[2²]?|cm|mm|m[eè]tres?|kilom[eè]tres?|litres?|tonnes?|kg|kilos?|kilogrammes?|grammes?"
    r"|g|hectares?|ha|kwh|kw|mw|mwh|watts?|kwc|degr[eé]s?|°c?)(?![\w²³])",
    re.IGNORECASE,
)
#: « Ils sont dix », « elles étaient trois »: a number word as the subject's count.
_COUNT_IS = re.compile(r"\b(?:sont|etaient|seront|furent)\s+$")

#: Words after a number in which the noun it counts is looked for (« 240 familles de producteurs »).
COUNTED_WITHIN = 3
#: Characters on each side of a number in which the sentence's other nouns are looked for.
COUNTED_AROUND = 400


def _counts_another(text: str, span: Span, counted: str) -> bool:
    """Whether the number counts another noun than the counted one that the sentence names elsewhere:
    « Les dossiers sont notés sur 100 points » counts no dossiers, « 146 éleveurs …, dont 61 femmes » counts
    éleveurs with 146 and not with 61; a number whose next word is no noun (« ils sont 146. ») or a sentence
    that does not name the counted noun (« 146 personnes formées ») is left alone."""
    if not re.match(r"\s+[^\W\d_]", text[span.end : span.end + 4]):
        return False  # « sont 146, dont 61 femmes », « : 146 (dont…) »: no noun written with the number
    after = re.findall(r"[^\W\d_][\w-]*|\d+", fold(text[span.end : span.end + 80]))[:COUNTED_WITHIN]
    if not after or after[0] in stopwords() or after[0] in data_words("count_nouns"):
        return False  # « 146 personnes »: a generic count may be of the noun asked
    if any(w[:5] == counted for w in after):
        return False
    # the sentence around the number, bounded (a hostile « sentence » of megabytes costs no more)
    rest = fold(
        text[max(0, span.start - COUNTED_AROUND) : span.start] + " " + text[span.end : span.end + COUNTED_AROUND]
    )
    return re.search(rf"\b{re.escape(counted)}", rest) is not None


#: Words that may stand between a number and the noun it counts (« 2,6 millions d'habitants », « 3 nouveaux
#: abris »), besides ``count_adjectives``.
_BEFORE_COUNTED = frozenset({"millions", "million", "milliers", "milliards", "centaines", "dizaines", "d", "de", "des"})


def _counts_other_noun(text: str, span: Span, counted: str, member: bool) -> bool:
    """Whether the noun written just after a number in figures names another thing than the one counted:
    « Combien de jeunes compte la brigade ? » is not answered by « Jinja, ville d'environ 320 000 habitants »,
    even when the sentence never writes « jeunes ». A generic count (« 146 personnes », « 350 participants »)
    may be of the noun asked, and so may a count with no noun after it (« ils ont été 24 à… », « : 31 »)."""
    if counted in data_words("generic_counted") or counted in data_words("count_nouns") or counted in stopwords():
        return False
    if not re.match(r"\s+[^\W\d_]", text[span.end : span.end + 4]) or _MEASURE.match(text, span.end):
        return False  # « : 31 », « 18 tonnes de fèves » (a measure is judged above)
    words = re.findall(r"[^\W\d_][\w-]*", fold(text[span.end : span.end + 60]))[:4]
    skip = _BEFORE_COUNTED | set(data_words("count_adjectives"))
    nouns = [w for w in words if w not in skip]
    if not nouns or nouns[0] in stopwords() or nouns[0] in data_words("count_nouns") or len(nouns[0]) < 3:
        return False
    # « 240 familles de producteurs » counts producteurs too: the asked noun within the next words
    return not any(_names_noun(w, counted, member) for w in nouns[:COUNTED_WITHIN])


#: A unit of a rate after a number (« 4 m3/h », « 2 l/s », « 12 km/h »): bounded, linear.
_RATE_UNIT = re.compile(r"\s*(?:m3|m³|l|kg|kwh?|km)/(?:h|j|s|min|jour|an|mois)\b", re.IGNORECASE)


def number_with_unit(text: str, span: Span) -> Span:
    """« 350 » → « 350 participants »: a count reads better with the word it counts (or its unit: « 4 m3/h »)."""
    rate = _RATE_UNIT.match(text, span.end)
    if rate:
        return Span(span.kind, span.start, rate.end(), text[span.start : rate.end()])
    m = re.match(r"\s+(?:de\s+|d['’])?([^\W\d_][\w’'-]*)", text[span.end :])
    if m and fold(m.group(1)) not in stopwords() and len(m.group(1)) > 2:
        end = span.end + m.end()
        # a unit of two words: « 1 500 mètres cubes », « 12 kilomètres carrés », « 300 mètres linéaires »
        second = re.match(r"\s+(cubes?|carr[ée]s?|lin[ée]aires?)\b", text[end:], re.IGNORECASE)
        end += second.end() if second else 0
        return Span(span.kind, span.start, end, text[span.start : end])
    return span
