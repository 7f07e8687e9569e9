"""Regular expressions of written French shared by the modules that read it.

Every pattern here is linear: no nested quantifiers over the same characters, names bounded when a
pattern *starts* with one (see ``tests/test_linear_patterns.py`` and ``scripts/bench_patterns.py``).

* capitals and capitalised words: :data:`UPPER`, :data:`FRENCH_UPPER`, :data:`CAP_WORD`;
* place and authority names: :data:`PLACE_NAME`, :data:`PLACE_NAME_SHORT`, :data:`CAPS_NAME`,
  :data:`ARTICLE` (« de la », « d' »…);
* list items: :data:`LIST_ITEM` (bulleted or numbered line), :data:`LEADING_BULLETS`.

Months and dates are in :mod:`.dates`.
"""

from __future__ import annotations

import re

from .lexicon import lexicon

#: Capital letters of Latin-1 (a character class body): « A-Z », « À » to « Ö », « Ø » to « Þ ».
UPPER = "A-ZÀ-ÖØ-Þ"
#: The capitals that start French words, ligatures and « Ÿ » included (a character class body).
FRENCH_UPPER = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸÆŒ"
#: A capitalised word of two characters at least, with its inner apostrophes and hyphens
#: (« Kendari », « Aix-en-Provence », « N’Djamena »).
CAP_WORD = rf"[{UPPER}][\w’'-]*\w"

# --- names of places and authorities (on text with straight apostrophes) -------------------

_CAPWORD = rf"[{FRENCH_UPPER}][\w]*(?:'[{FRENCH_UPPER}][\w]*)?"
_PARTICLE = "(?:" + "|".join(lexicon().name_particles) + ")"
#: A French-style proper name: « Aix-en-Provence », « Port au Prince », « Villeneuve-d'Ascq ».
PLACE_NAME = rf"{_CAPWORD}(?:(?:[ -](?:{_PARTICLE}[ -])*(?:d'|l')?){_CAPWORD})*"
#: :data:`PLACE_NAME` of at most six capitalised words, for a pattern that *starts* with a name: such
#: a pattern is tried at every capital letter, and an unbounded name made it quadratic (« Abc Abc … »).
PLACE_NAME_SHORT = rf"{_CAPWORD}(?:(?:[ -](?:{_PARTICLE}[ -]){{0,3}}(?:d'|l')?){_CAPWORD}){{0,5}}"
#: A name in capitals of at most five words (« BOUCHES-DU-RHÔNE », « LA ROCHELLE »).
CAPS_NAME = rf"[{UPPER}][{UPPER}'-]*(?: [{UPPER}][{UPPER}'-]*){{0,4}}"
#: The article between a unit and its name: « Département de la », « Ville d' ».
ARTICLE = r"(?:de la |de l'|du |des |de |d')"

# --- lists ---------------------------------------------------------------------------------

#: A numbered part of a programme or a text (« la phase 3 », « la tranche II », « la 2e édition »), on
#: folded text: the noun and its number.
LABELLED = re.compile(r"\b(phase|tranche|etape|edition|volet|session|saison|lot)\s+(\d{1,3}|[ivx]{1,5})\b")
#: The same told by an ordinal first (folded): « la première phase », « la 2e tranche », « la seconde édition ».
LABELLED_ORDINAL = re.compile(
    r"\b(premiere|premier|1re|1ere|1er|deuxieme|seconde|second|2e|2eme|2nde|troisieme|3e|3eme|quatrieme|4e|4eme"
    r"|cinquieme|5e|5eme)\s+(phase|tranche|etape|edition|volet|session|saison|lot)\b"
)
_ORDINALS = {"premiere": "1", "premier": "1", "1re": "1", "1ere": "1", "1er": "1", "deuxieme": "2", "seconde": "2",
             "second": "2", "2e": "2", "2eme": "2", "2nde": "2", "troisieme": "3", "3e": "3", "3eme": "3",
             "quatrieme": "4", "4e": "4", "4eme": "4", "cinquieme": "5", "5e": "5", "5eme": "5", "sixieme": "6",
             "septieme": "7", "huitieme": "8", "neuvieme": "9", "dixieme": "10"}  # fmt: skip
#: An ordinal as it opens a numbered entry (folded; « premier axe », « 2e volet », « sixième objectif »).
ORDINAL_WORD = (
    r"(?:premiere|premier|1re|1ere|1er|deuxieme|seconde|second|2nde|troisieme|quatrieme|cinquieme|sixieme|septieme"
    r"|huitieme|neuvieme|dixieme|\d{1,2}(?:e|eme))"
)


def ordinal_number(word: str) -> str:
    """The number an ordinal or a numbering says, in digits (folded): « premier », « 1er », « i » → « 1 »,
    « 3e » → « 3 », « 12 » → « 12 »."""
    if word in _ORDINALS:
        return _ORDINALS[word]
    if word in _ROMAN:
        return _ROMAN[word]
    digits = re.match(r"\d+", word)
    return digits.group() if digits else word


_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6", "vii": "7", "viii": "8", "ix": "9",
          "x": "10"}  # fmt: skip


def labels(folded: str) -> set[tuple[str, str]]:
    """The numbered parts a folded text names, as (noun, number in digits): « la phase II », « la phase 2 »
    and « la deuxième phase » are all (« phase », « 2 »)."""
    found = {(noun, _ROMAN.get(n, n)) for noun, n in LABELLED.findall(folded)}
    return found | {(noun, _ORDINALS[o]) for o, noun in LABELLED_ORDINAL.findall(folded)}


_TOLD_ORDINAL = r"(?:deuxieme|second|seconde|2nde|troisieme|quatrieme|cinquieme|sixieme|septieme|huitieme)(?!\w)"
#: A sentence that carries a list told in prose on (folded): it opens on an ordinal (« Un deuxième chantier se
#: trouve… », « La troisième phase… », « Enfin, un quatrième… ») or on « Celui de X, troisième… » (« Celui d'El
#: Chorro, troisième comarca concernée… »), or on « Le dernier… », « Une dernière… ». An ordinal further in (« Il a
#: validé la deuxième phase ») or « dernier » after another word (« L'an dernier… ») carries nothing on.
TOLD_NEXT = re.compile(
    rf"^(?:(?:enfin|puis|et)\W+)?(?:(?:un|une|le|la|les)\s+)?{_TOLD_ORDINAL}"
    r"|^(?:(?:enfin|puis|et)\W+)?(?:un|une|le|la)\s+derniere?(?!\w)"
    rf"|^(?:celui|celle|ceux|celles)\s+d\S*(?:\s+\S+){{0,3}}?\s*,\s+{_TOLD_ORDINAL}"
)
#: A sentence that opens such a list on its first item, after the lead-in that announces it (« La délégation a
#: visité trois chantiers. Le premier est celui… »).
TOLD_FIRST = re.compile(r"^(?:le\s+premier|la\s+premiere|les\s+premier(?:e?s))(?!\w)")

#: A sentence that tells the first item of a list by an adverb (« La délégation a d'abord vu le hiti de Chochhen… »),
#: and one that carries it on the same way within its first words (« Elle s'est ensuite rendue au hiti d'Itachhen… »,
#: « Puis elle a visité… », « Enfin, … »).
TOLD_OPENER = re.compile(r"(?<!\w)(?:d'abord|en premier lieu|premierement)(?!\w)")
TOLD_THEN = re.compile(r"^(?:[^\s,.;:]+\s+){0,4}?(?:ensuite|puis|enfin)(?!\w)")

#: A list item: a bullet, « 1. », « 2) », « 3° » or « a) » at the start of a line, and the blank after it.
LIST_ITEM = re.compile(r"^\s*(?:[-–—•·▪◦*ðØ§✓✔➢►>]|\d{1,2}[.)°]|[a-z][.)])\s*")
#: Bullets at the start of a quoted item (« ð », what Word's Wingdings arrows become, included).
LEADING_BULLETS = re.compile(r"^(?:[-–—•·*▪►➢ð]\s+)+")
