"""Metadata of a document, found in its text with generic French patterns.

:func:`extract_metadata` returns a :class:`~assistant.types.DocumentMetadata`:

* ``date``: the publication or update date the document states (« Publié le 10/03/2025 »,
  « Mis à jour le 3 février 2025 », « Date : 2025-03-10 »), else a date tied to a signature
  or a sitting (« Fait à Clamart, le … », « Séance du … »); never an arbitrary date of the text.
* ``authority``: the French local authority that wrote it (« Ville de Clamart »,
  « Communauté d'Agglomération de La Rochelle »): the most cited one, helped by the title and
  the file name, and only when it clearly leads; foreign partners are left out.
* ``places`` and ``countries``: partner places and countries (ISO 3166-1 alpha-2), from the
  gazetteer ``data/countries_fr.json`` (names, adjectives, capitals, a few regions) and from
  high-precision patterns: « Kendari (Indonésie) », « la ville de Kendari, en Indonésie »,
  « jumelage avec Masis », « Wilaya d'Alger »… France itself is never listed.
* ``themes``: among :data:`THEMES`, those whose keywords occur at least twice (``data/themes.json``).

Matching is done on a folded copy of the text (:func:`assistant.french.fold_offsets`, with straight
apostrophes, spaces and hyphens) whose offsets lead back to the text. The word lists live in
``data/place_words.json`` and ``data/french.json``. Only the first :data:`MAX_CHARS` characters are
analysed.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .french import Folded, fold, fold_offsets, straighten
from .french.dates import DATE_FOLDED, parse_date
from .french.lexicon import lexicon, place_words, read_data, themes
from .french.patterns import ARTICLE as _ART
from .french.patterns import CAPS_NAME, PLACE_NAME, PLACE_NAME_SHORT
from .types import DocumentMetadata

logger = logging.getLogger(__name__)

#: The themes a document can be tagged with (``data/themes.json``).
THEMES: tuple[str, ...] = tuple(t.name for t in themes())

#: Only the beginning of a very long document is analysed.
MAX_CHARS = 400_000
MAX_PLACES = 15
#: A name in capitals alone on its line this close to the start is a letterhead.
LETTERHEAD_CHARS = 3000
THEME_MIN_HITS = 2

# --------------------------------------------------------------------------- folding


def _fold(text: str) -> str:
    """The folded form of a name or title: :func:`~assistant.french.fold` with straight apostrophes,
    spaces and hyphens."""
    return fold(straighten(text, hyphens=True))


def _key(name: str) -> str:
    """Comparison key of a place name: folded, hyphens and apostrophes as spaces."""
    return " ".join(re.split(r"[\s'-]+", _fold(name))).strip()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _fold(text)).strip("-")


# --------------------------------------------------------------------------- gazetteer


@dataclass(frozen=True)
class _Gazetteer:
    home: str
    display: dict[str, str]  # code → French name
    names: dict[str, str]  # folded name → code
    adjectives: dict[str, str]  # folded adjective (singular and plural) → code
    capitals: dict[str, tuple[str, str]]  # folded capital → (code, display)
    regions: dict[str, tuple[str, str]]  # folded region → (code, display)
    name_re: re.Pattern[str]
    adjective_re: re.Pattern[str]
    place_re: re.Pattern[str]  # capitals and regions


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def gazetteer() -> _Gazetteer:
    raw = read_data("countries_fr.json")
    display: dict[str, str] = {}
    names: dict[str, str] = {}
    adjectives: dict[str, str] = {}
    capitals: dict[str, tuple[str, str]] = {}
    for code, entry in raw["countries"].items():
        display[code] = entry["name"]
        for name in entry["names"]:
            names[_fold(name)] = code
        for adj in entry["adjectives"]:
            folded = _fold(adj)
            adjectives[folded] = code
            adjectives[folded if folded.endswith(("s", "x")) else folded + "s"] = code
        for capital in entry["capitals"]:
            capitals[_fold(capital)] = (code, entry["capitals"][0])
    for adj, code in raw.get("region_adjectives", {}).items():
        folded = _fold(adj)
        adjectives[folded] = code
        adjectives[folded if folded.endswith(("s", "x")) else folded + "s"] = code
    regions = {_fold(name): (code, name) for name, code in raw.get("regions", {}).items()}
    bound_l, bound_r = r"(?<![\w-])", r"(?![\w-])"
    return _Gazetteer(
        home=raw.get("home", "FR"),
        display=display,
        names=names,
        adjectives=adjectives,
        capitals=capitals,
        regions=regions,
        name_re=re.compile(bound_l + "(" + _alternation(list(names)) + ")" + bound_r),
        adjective_re=re.compile(bound_l + "(franco-)?(" + _alternation(list(adjectives)) + ")" + bound_r),
        place_re=re.compile(bound_l + "(" + _alternation(list(capitals) + list(regions)) + ")" + bound_r),
    )


def country_name(code: str) -> str | None:
    """French name of an ISO 3166-1 alpha-2 code (« AM » → « Arménie »), None if unknown."""
    return gazetteer().display.get(code.upper())


@dataclass(frozen=True)
class _Mention:
    start: int  # offsets in the text
    end: int
    code: str
    weight: float  # 1 for a name, capital or « franco-X »; 0.5 for a bare adjective
    is_name: bool  # the words matched are a country's name


def _country_mentions(text: str, folded: Folded) -> list[_Mention]:
    g = gazetteer()
    found: list[_Mention] = []

    def add(m: re.Match[str], code: str, weight: float) -> None:
        start, end = folded.span(m.start(), m.end())
        found.append(_Mention(start, end, code, weight, m.group() in g.names))

    for m in g.name_re.finditer(folded.text):
        start, end = folded.span(m.start(), m.end())
        if any(c.isupper() for c in text[start:end]):
            add(m, g.names[m.group(1)], 1.0)
    for m in g.adjective_re.finditer(folded.text):
        add(m, g.adjectives[m.group(2)], 1.0 if m.group(1) else 0.5)
    for m in g.place_re.finditer(folded.text):
        if text[folded.start(m.start())].isupper():
            add(m, (g.capitals.get(m.group(1)) or g.regions[m.group(1)])[0], 1.0)
    return sorted(found, key=lambda x: x.start)


@lru_cache(maxsize=4096)
def countries_mentioned(text: str) -> frozenset[str]:
    """ISO codes of the foreign countries a text names: by name, adjective (« les villages albanais »),
    capital or well-known region (France, the home country, is left out)."""
    text = straighten(text[:MAX_CHARS])
    folded = fold_offsets(straighten(text, hyphens=True))
    home = gazetteer().home
    codes = set()
    for m in _country_mentions(text, folded):
        before = _fold(text[max(0, m.start - 20) : m.start])
        if m.code == home or _NOT_A_COUNTRY.search(before) or (not m.is_name and _LANGUAGE_BEFORE.search(before)):
            continue  # « le fleuve Niger », « un cours d'anglais »
        codes.add(m.code)
    return frozenset(codes)


#: A country's name after these words is a river, a lake, a street… (« le fleuve Niger », « rue de Berne »).
_NOT_A_COUNTRY = re.compile(
    r"\b(?:fleuve|lac|riviere|rue|avenue|boulevard|place|quai|jardin|parc|ocean|mer|golfe|mont|ile)\s+(?:de\s+|du\s+|d')?$"
)
#: An adjective after these words is a language (« en anglais », « cours d'anglais »).
_LANGUAGE_BEFORE = re.compile(r"(?:\ben|\bcours\s+d'|\blangue|\bparle|\bparlent|\btraduit\w*\s+en)\s*$")


def _countries(mentions: list[_Mention], extra: list[str]) -> tuple[str, ...]:
    home = gazetteer().home
    score: dict[str, float] = {}
    first: dict[str, int] = {}
    for m in mentions:
        score[m.code] = score.get(m.code, 0.0) + m.weight
        first.setdefault(m.code, m.start)
    for code in extra:
        score.setdefault(code, 1.0)
        first.setdefault(code, 10**9)
    kept = [c for c, s in score.items() if s >= 1.0 and c != home]
    return tuple(sorted(kept, key=lambda c: (-score[c], first[c])))


# --------------------------------------------------------------------------- names

# An administrative unit before a name: « État de », « Ville de », « Province du »…
_ADMIN_UNIT = re.compile(r"(?:^|\s)(?:" + "|".join(map(re.escape, place_words().admin_units)) + rf")\s+{_ART}?")
_LINKED = re.compile(r" (?:en|au|aux) ")


def _trim_name(name: str) -> str:
    """« Miami-Dade en Floride » → « Miami-Dade »: a name stops before « en/au/aux <country or region> »."""
    g = gazetteer()
    for m in _LINKED.finditer(name):
        rest = _fold(name[m.end() :])
        if rest in g.names or rest in g.regions:
            return name[: m.start()]
    return name


def _clean_place(name: str) -> str:
    """« Visite de la Ville de Kendari » → « Kendari »; « État de Campeche » → « Campeche »."""
    name = _trim_name(name.strip())
    units = list(_ADMIN_UNIT.finditer(name))
    if units:
        name = name[units[-1].end() :]
    words = name.split(" ")
    while len(words) > 1 and words[0] in place_words().leading_words:
        words = words[1:]
        while len(words) > 1 and words[0] in ("de", "du", "des", "la", "le", "les", "d'", "l'"):
            words = words[1:]
    return " ".join(words).strip(" ,.-'")


def _acceptable_place(name: str) -> bool:
    if len(name) < 3 or not name[0].isupper():
        return False
    words = re.split(r"[\s-]+", name)
    if words[0] in place_words().organisation_words or len(words) > 6:
        return False
    if name.isupper() and len(name) <= 6:  # an acronym (PNUD, AFD), not a place
        return False
    # « Le District », « La Municipalité », « Council »: a unit or a common noun, the place it stands for named
    # elsewhere (« le District de Buada… ci-après « le District » »)
    bare = _fold(re.sub(r"^(?:Le|La|Les|L')\s*", "", name, flags=re.IGNORECASE))
    if bare in place_words().generic_place_names or bare in {_fold(u) for u in place_words().admin_units}:
        return False
    g = gazetteer()
    return _fold(name) not in g.names


# --------------------------------------------------------------------------- authority

_AUTHORITY_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("ville", re.compile(rf"\b(?:Ville|Mairie)\s+(?:de |d')(?P<name>{PLACE_NAME})")),
    ("ville", re.compile(rf"\bCommune\s+(?:de |d')(?P<name>{PLACE_NAME})")),
    ("departement", re.compile(rf"\b(?:Département|Conseil [Dd]épartemental)\s+{_ART}(?P<name>{PLACE_NAME})")),
    ("region", re.compile(rf"\b(?:Région|Conseil [Rr]égional)\s+{_ART}?(?P<name>{PLACE_NAME})")),
    ("agglo", re.compile(rf"\bCommunauté\s+d'[Aa]gglomération\s+{_ART}?(?P<name>{PLACE_NAME})")),
    ("agglo", re.compile(rf"\bAgglomération\s+{_ART}(?P<name>{PLACE_NAME})")),
    ("cu", re.compile(rf"\bCommunauté [Uu]rbaine\s+{_ART}(?P<name>{PLACE_NAME})")),
    ("cc", re.compile(rf"\bCommunauté de [Cc]ommunes\s+{_ART}?(?P<name>{PLACE_NAME})")),
    ("metropole", re.compile(rf"\b(?:Eurom|M)étropole\s+{_ART}?(?P<name>{PLACE_NAME})")),
    ("metropole", re.compile(rf"(?<![\w'-])(?P<name>{PLACE_NAME_SHORT})\s+Métropole\b")),
]
# Letterheads in capitals, alone on their line: « VILLE DE CLAMART », « DÉPARTEMENT DES BOUCHES-DU-RHÔNE ».
_CAPS_AUTHORITY = re.compile(
    r"^[ \t]*(?P<type>VILLE|MAIRIE|COMMUNE|D[ÉE]PARTEMENT|R[ÉE]GION|COMMUNAUT[ÉE] D'AGGLOM[ÉE]RATION"
    r"|COMMUNAUT[ÉE] URBAINE|COMMUNAUT[ÉE] DE COMMUNES|M[ÉE]TROPOLE)"
    rf"[ \t]+(?P<art>DE LA |DE L'|DU |DES |DE |D')?(?P<name>{CAPS_NAME})[ \t]*$",
    re.MULTILINE,
)
_CAPS_KINDS = {
    "VILLE": "ville",
    "MAIRIE": "ville",
    "COMMUNE": "ville",
    "DEPARTEMENT": "departement",
    "REGION": "region",
    "METROPOLE": "metropole",
    "COMMUNAUTE URBAINE": "cu",
    "COMMUNAUTE DE COMMUNES": "cc",
}
#: A letterhead this close to the start of the text is the document's own: its author.
HEAD_CHARS = 200
#: « La Métropole », « la Ville »: an article is no authority's name.
_ARTICLES = frozenset({"La", "Le", "Les", "L'"})
# « Fait à Clamart, le … »: the place of signature is the author's seat.
_SIGNED_AT = re.compile(rf"\bFait à (?P<name>{PLACE_NAME}),?\s+le\b")


def french_case(caps: str) -> str:
    """« AIX-EN-PROVENCE » → « Aix-en-Provence », « BOUCHES-DU-RHÔNE » → « Bouches-du-Rhône »."""
    parts = re.split(r"([ -])", caps.lower())
    out: list[str] = []
    for i, part in enumerate(parts):
        if i > 0 and part in lexicon().lowercase_in_names:
            out.append(part)
        elif part[:2] in ("d'", "l'") and len(part) > 2:
            out.append(
                part[:2] + part[2:3].upper() + part[3:]
                if i > 0
                else part[:1].upper() + part[1:2] + part[2:3].upper() + part[3:]
            )
        else:
            out.append(part[:1].upper() + part[1:])
    return "".join(out)


def authority_keys(text: str) -> set[tuple[str, str]]:
    """The French local authorities ``text`` names (« la Ville de Lyon, le Département du Calvados »),
    as (kind, folded name) pairs."""
    return set(_authority_candidates(text))


# A region or département named as the seat of a State service is not the author.
_STATE_BEFORE = re.compile(r"(?:Préfet|Préfecture|Rectorat|Académie|Recteur)\s+(?:de la|de l'|du|des|de)?\s*$")


@dataclass
class _Candidate:
    kind: str
    key: str
    surfaces: Counter[str]
    count: int = 0
    head: bool = False  # its letterhead opens the text


def _authority_candidates(text: str) -> dict[tuple[str, str], _Candidate]:
    found: dict[tuple[str, str], _Candidate] = {}
    for kind, pattern in _AUTHORITY_PATTERNS:
        for m in pattern.finditer(text):
            name = _trim_name(m.group("name"))
            if name in _ARTICLES or name.split()[0] in place_words().not_authority_names or _STATE_BEFORE.search(
                text[max(0, m.start() - 25) : m.start()]
            ):
                continue
            key = (kind, _key(name))
            cand = found.setdefault(key, _Candidate(kind, key[1], Counter()))
            cand.count += 1
            surface = (
                text[m.start() : m.start("name")] + name if m.start() < m.start("name") else text[m.start() : m.end()]
            )
            cand.surfaces[" ".join(surface.split())] += 1
    for m in _CAPS_AUTHORITY.finditer(text):
        kind_word = _fold(m.group("type")).upper()
        kind = _CAPS_KINDS.get(kind_word, "agglo")
        name = french_case(m.group("name"))
        if name.split()[0] in place_words().service_words:
            continue  # « DÉPARTEMENT DES RELATIONS INTERNATIONALES »: a service of the author, not an authority
        article = (m.group("art") or "").lower()
        if article in ("de la ", "de l'"):  # « DE LA ROCHELLE »: « de La Rochelle » if the text writes it so
            alt = french_case(m.group("art")[3:] + m.group("name"))
            if (kind, _key(alt)) in found:
                name, article = alt, "de "
        surface = french_case(m.group("type")) + " " + article + name
        cand = found.setdefault((kind, _key(name)), _Candidate(kind, _key(name), Counter()))
        cand.count += 2 if m.start() < LETTERHEAD_CHARS else 1  # a letterhead names the author
        cand.head = cand.head or m.start() < HEAD_CHARS
        cand.surfaces[" ".join(surface.split())] += 1
    for m in _SIGNED_AT.finditer(text):
        for cand in found.values():
            if cand.key == _key(m.group("name")):
                cand.count += 1
    return found


#: The first line of a text, in capitals, alone on its line: a letterhead that may name its author by a name of its own
#: (« LAMBALLE TERRE ET MER », « COLMAR AGGLOMÉRATION », « SYNDICAT INTERCOMMUNAL DES EAUX DU… »), with no « VILLE DE »
#: or « COMMUNAUTÉ DE COMMUNES » before it.
_FIRST_LINE_CAPS = re.compile(
    r"\A\s{0,40}(?P<name>[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’-]*(?:[ \t]+[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’-]*){0,9})[ \t]*\n"
)
#: A letterhead's name is no longer than this (in characters).
LETTERHEAD_NAME_CHARS = 90


def _brand_letterhead(text: str, candidates: dict[tuple[str, str], _Candidate]) -> None:
    """Adds to ``candidates`` the author a text's first line names in capitals by a name of its own (« LAMBALLE TERRE
    ET MER »), when no letterhead of a known kind opens the text, the line names no kind of document (« CONVENTION DE
    COOPÉRATION… ») and opens on no article, and the text writes the same name again in running text, capitalised
    (« Lamballe Terre et Mer a sollicité… », « Le Syndicat intercommunal des eaux du… »): a heading in capitals
    (« SAINT-PAUL DANS LE MONDE ») is not written so a second time. The name is given as the running text writes it."""
    if any(c.head for c in candidates.values()):
        return
    m = _FIRST_LINE_CAPS.match(text)
    if m is None or len(m.group("name")) > LETTERHEAD_NAME_CHARS:
        return
    caps = m.group("name")
    first = french_case(caps.split()[0])
    words = place_words()
    if first in words.document_kinds or first in words.service_words or first in _ARTICLES:
        return
    spelled = r"[\s'’-]+".join(re.escape(w) for w in re.split(r"[\s'’-]+", caps) if w)
    again = re.search(rf"(?<![\w'’-]){spelled}(?![\w'’-])", text[m.end() : m.end() + MAX_CHARS], re.IGNORECASE)
    if again is not None and again.group()[0].isupper() and not again.group().isupper():
        name = " ".join(again.group().split())
    elif _next_line_word(text, m.end()) in words.letterhead_lines:
        name = french_case(caps)  # « LAMBALLE TERRE ET MER » over « Direction du cycle de l'eau… »
    else:
        return
    if any(c.key and re.search(rf"(?<!\w){re.escape(c.key)}(?!\w)", _key(name)) for c in candidates.values()):
        return  # « SAINT-PAUL DANS LE MONDE », a newsletter of the Ville de Saint-Paul the text names
    cand = candidates.setdefault(("agglo", _key(name)), _Candidate("agglo", _key(name), Counter()))
    cand.count += 2
    cand.head = True
    cand.surfaces[name] += 1


def _next_line_word(text: str, start: int) -> str:
    """The first word, folded, of the first line with words after ``start`` (« direction », « siege »)."""
    m = re.compile(r"\s*([^\W\d_]+)").match(text, start, start + 400)
    return _fold(m.group(1)) if m else ""


def _authority(candidates: dict[tuple[str, str], _Candidate], title: str, doc_id: str, foreign: set[str]) -> str | None:
    title_key = _key(title)
    id_slug = _slug(doc_id)
    scored: list[tuple[float, _Candidate]] = []
    heads = [c for c in candidates.values() if c.head and c.key and c.key not in foreign]
    if len(heads) == 1:  # the letterhead that opens the text, whatever partner its title names
        return _display_authority(heads[0])
    for cand in candidates.values():
        if cand.key in foreign or not cand.key:
            continue
        score = float(cand.count)
        if re.search(rf"(?<!\w){re.escape(cand.key)}(?!\w)", title_key):
            score += 3
        if _slug(cand.key) and _slug(cand.key) in id_slug:
            score += 2
        scored.append((score, cand))
    if not scored:
        return None
    scored.sort(key=lambda x: -x[0])
    best_score, best = scored[0]
    if best_score < 2 or (len(scored) > 1 and scored[1][0] >= best_score):
        return None
    return _display_authority(best)


def _display_authority(cand: _Candidate) -> str:
    surfaces = cand.surfaces.most_common()
    preferred = [s for s, _ in surfaces if s.startswith(("Ville", "Communauté", "Département", "Région"))]
    return preferred[0] if preferred else surfaces[0][0]


# --------------------------------------------------------------------------- places

_FOREIGN_ADMIN = (
    "(?:"
    + "|".join(
        [f"[{u[0].upper()}{u[0]}]{u[1:]}" for u in place_words().foreign_units]
        + list(place_words().foreign_units_capitalised)
    )
    + ")"
)
# « État de Campeche », « Wilaya d'Alger », « comté de Miami-Dade »
_FOREIGN_ADMIN_PLACE = re.compile(rf"\b{_FOREIGN_ADMIN}\s+{_ART}?(?P<name>{PLACE_NAME})")
_PARTNER_PATTERNS = [
    # « jumelage avec Masis », « jumelée avec la ville de X », « jumelage entre X et Y »
    re.compile(
        rf"\bjumel(?:age|ée?s?|er|és)\b[^.;\n]{{0,60}}?\b(?:avec|entre)\s+(?:la ville {_ART}|la commune {_ART})?"
        rf"(?P<name>{PLACE_NAME})(?:\s+et\s+(?:la ville {_ART}|la commune {_ART})?(?P<name2>{PLACE_NAME}))?"
    ),
    # « coopération décentralisée avec Artachat », « nos partenaires de Masis »
    re.compile(
        rf"\b(?:coopération|partenariat|partenaires?|convention|accord|ville jumelle|villes jumelles)"
        rf"(?:\s+décentralisée)?\s+(?:avec|de|d')\s*(?P<name>{PLACE_NAME})"
    ),
]
_WEAK_PLACE = re.compile(rf"\b(?:[Vv]ille|[Cc]ommune|[Pp]réfecture|[Rr]égion|[Mm]airie)\s+{_ART}(?P<name>{PLACE_NAME})")
_PARENS = re.compile(r"\(([^()\n]{2,60})\)")
_NAME_AT_END = re.compile(rf"(?<![\w-])(?P<name>{PLACE_NAME})\s*$")
_NAME_BEFORE_COUNTRY = re.compile(rf"(?:\bà|\bde|\bd')\s*(?:la |l')?(?P<name>{PLACE_NAME}),?\s+(?:en|au|aux)\s+$")
_SENTENCE_END = re.compile(r"[.!?;](?=\s)|\n")


def _sentences(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


@dataclass
class _Place:
    name: str
    start: int
    code: str | None = None
    foreign: bool = True  # the pattern itself shows the place is abroad (not a twinning phrase)


def _parenthesised_country(inside: str) -> str:
    """The country a parenthesis names: « (Maroc) », « (Sénégal, région de Thiès) », « (République islamique
    de Mauritanie) », « (RÉPUBLIQUE DU BÉNIN) »; "" when it names none, or several."""
    g = gazetteer()
    key = _fold(inside.strip())
    code = g.names.get(key) or (g.regions.get(key) or ("", ""))[0]
    if code:
        return code
    # the country is what the parenthesis says (« Sénégal, région de Thiès », « Alta Verapaz, Guatemala »),
    # not where something else is: « (jumelée avec Erlangen en Allemagne) » does not make the authority before
    # it German
    codes = {
        g.names[m.group(1)]
        for m in g.name_re.finditer(key)
        if not any(w in _RELATION_WORDS for w in re.findall(r"[a-z]+", key[: m.start()]))
    }
    return codes.pop() if len(codes) == 1 else ""


#: Words before a country's name in a parenthesis that tell of another place (folded).
_RELATION_WORDS = frozenset(
    {"avec", "en", "au", "aux", "jumelee", "jumele", "jumelees", "jumeles", "partenaire", "partenaires", "vers", "pour"}
)


def _places(text: str, folded: Folded, mentions: list[_Mention]) -> list[_Place]:
    g = gazetteer()
    places: list[_Place] = []

    def add(name: str, start: int, code: str | None = None, foreign: bool = True) -> None:
        name = _clean_place(name)
        if _acceptable_place(name):
            places.append(_Place(name, start, code, foreign))

    # 1. « X (Pays) » and « X, en Pays » / « à X au Pays ».
    for m in _PARENS.finditer(text):
        code = _parenthesised_country(m.group(1))
        if not code or code == g.home:
            continue  # « ENTRE LA MÉTROPOLE ROUEN NORMANDIE (FRANCE) » names the French side, no partner
        line_start = max(text.rfind("\n", 0, m.start()) + 1, m.start() - 120)
        before = text[line_start : m.start()]
        # « ET LA COMMUNE D'ABOMEY (RÉPUBLIQUE DU BÉNIN) »: a line in capitals is read in French case
        named = _NAME_AT_END.search(french_case(before) if before.isupper() else before)
        if named:
            add(named.group("name"), line_start + named.start("name"), code)
    for mention in mentions:
        if mention.weight < 1 or not mention.is_name:
            continue
        window_start = max(0, mention.start - 90)
        named = _NAME_BEFORE_COUNTRY.search(text[window_start : mention.start])
        if named:
            add(named.group("name"), window_start + named.start("name"), mention.code)
    # 2. Capitals and regions of the gazetteer.
    for m in g.place_re.finditer(folded.text):
        start = folded.start(m.start())
        if text[start].isupper():
            code, display = g.capitals.get(m.group(1)) or g.regions[m.group(1)]
            if code != g.home:
                places.append(_Place(display, start, code))
    # 3. Foreign administrative units; twinning and cooperation phrases (either side may be French).
    for m in _FOREIGN_ADMIN_PLACE.finditer(text):
        add(m.group("name"), m.start("name"))
    for pattern in _PARTNER_PATTERNS:
        for m in pattern.finditer(text):
            add(m.group("name"), m.start("name"), foreign=False)
            if "name2" in pattern.groupindex and m.group("name2"):
                add(m.group("name2"), m.start("name2"), foreign=False)
    # 4. « la ville de X » only when the same sentence names a foreign country.
    foreign_starts = [x.start for x in mentions if x.code != g.home]  # sorted
    for start, end in _sentences(text):
        i = bisect.bisect_left(foreign_starts, start)
        if i >= len(foreign_starts) or foreign_starts[i] >= end:
            continue
        for m in _WEAK_PLACE.finditer(text, start, end):
            add(m.group("name"), m.start("name"), foreign=False)
    return places


def _merge_places(text: str, folded: Folded, places: list[_Place], excluded: set[str]) -> list[_Place]:
    """One entry per place (first occurrence), named by its most frequent spelling in the text."""
    by_key: dict[str, _Place] = {}
    for p in sorted(places, key=lambda x: x.start):
        key = _key(p.name)
        if not key or key in excluded or any(key in e or e in key for e in excluded if len(e) >= 4):
            continue
        by_key.setdefault(key, p)
    merged: list[_Place] = []
    for key, p in by_key.items():
        pattern = r"(?<![\w-])" + r"[\s'-]+".join(re.escape(w) for w in key.split()) + r"(?![\w-])"
        spans = (folded.span(m.start(), m.end()) for m in re.finditer(pattern, folded.text))
        spellings = Counter(text[start:end] for start, end in spans)
        spellings = Counter({s: n for s, n in spellings.items() if s[:1].isupper()})
        name = max(spellings.items(), key=lambda x: (x[1], not x[0].isupper(), "-" in x[0]))[0] if spellings else p.name
        merged.append(_Place(name, p.start, p.code, p.foreign))
    return merged[:MAX_PLACES]


# --------------------------------------------------------------------------- dates

_STRONG_DATE = re.compile(
    r"(?:\b(?:publiee?s?|date de publication|publication|(?:derniere )?mise? a jour|actualisee?|modifiee?"
    r"|mise? en ligne|date de mise a jour)"
    # « Date : 15 janvier 2026 » heads a note; « l'accord date du 11 décembre 2017 » tells a story.
    r"|(?<![^\n])[ \t]*date)\s*(?:le|du|:|,|-)?\s*(?:le\s+)?" + DATE_FOLDED
)
# Dates of a sitting, of a signature, of the transmission to the prefecture: in this order of preference.
_WEAK_DATES = [
    re.compile(
        r"(?:\b(?:seance|reunion|session)\b[^\n]{0,20}?\bdu|\bdeliberation\b[^\n]{0,40}?\bdu"
        r"|\bconseil (?:municipal|departemental|regional|communautaire|metropolitain)\b[^\n]{0,30}?\bdu"
        r"|\ben date du)\s*(?:le\s+)?" + DATE_FOLDED
    ),
    re.compile(r"\bfait a [^\n,]{1,40},?\s*le\s*" + DATE_FOLDED),
    re.compile(r"(?:\brecue? en prefecture le|\baffichee? le)\s*" + DATE_FOLDED),
]


#: Just before « délibération », these words cite an earlier act (« Vu la délibération du… », « habilité par
#: délibération du… », « agissant en vertu d'une délibération du… »); a sitting (« adoptée par le Conseil
#: municipal en sa séance du… ») or a signature (« Fait à … ») is never a citation. Looked for this many
#: characters back on the line.
_CITED = re.compile(
    r"(?<!\w)(?:vu|vus|par|vertu|conformement|application)\s+(?:(?:a|de|d'une|d'un|une|la|les|l')\s*){0,2}$"
)
CITED_WITHIN = 80
#: « habilitée par décision du Concejo municipal du… », « agissant en vertu de… », « conformément à… »: whoever
#: acts under an earlier act, whatever words come between (a « Vu » opens its line, looked for this far back).
_ACTING = re.compile(r"\b(?:habilit\w*|vertu|conformement)\b")
LINE_WITHIN = 400
#: A sitting still to come (« les subventions seront votées par le Conseil municipal du 23 mai 2026 », « lors de
#: la prochaine séance du… ») is a step of a calendar, not the date of the document: a verb in the future tense
#: or « prochain(e) » this many characters before the sitting, on its line.
_FUTURE = re.compile(r"\b(?:[a-z]+(?:eront|era|iront|ira)|prochaine?s?|a venir)\b")
FUTURE_WITHIN = 60


def extract_date(folded: str) -> str | None:
    """The stated publication/update date (the latest), else the first date of a sitting, else of a
    signature (« Fait à X, le »), else of the transmission to the prefecture."""
    strong = [d for d in (parse_date(m) for m in _STRONG_DATE.finditer(folded)) if d]
    if strong:
        return max(strong).isoformat()
    for pattern in _WEAK_DATES:
        for m in pattern.finditer(folded):
            line = folded.rfind("\n", max(0, m.start() - LINE_WITHIN), m.start()) + 1
            before = folded[max(line, m.start() - CITED_WITHIN) : m.start()]
            if (
                folded.startswith(("vu ", "vus "), line)
                or _ACTING.search(before)
                or (m.group().startswith("deliberation") and _CITED.search(before))
            ):
                continue  # « Vu la délibération du 1er juillet 2021 »: an earlier act, cited
            if _FUTURE.search(folded[max(line, m.start() - FUTURE_WITHIN) : m.start()]):
                continue  # « seront votées par le Conseil municipal du 23 mai 2026 »: a sitting to come
            d = parse_date(m)
            if d:
                return d.isoformat()
    return None


# --------------------------------------------------------------------------- themes

def _words_re(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + "|".join(words) + r")(?![\w-])")


@lru_cache(maxsize=1)
def _theme_patterns() -> tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...]:
    """(theme, its keywords, its own name) of ``data/themes.json``."""
    return tuple((t.name, _words_re(t.keywords), _words_re(t.names)) for t in themes())


def extract_themes(folded: str, folded_title: str = "") -> tuple[str, ...]:
    """Themes scoring at least :data:`THEME_MIN_HITS`.

    Every keyword occurrence scores 1; the theme's own name (« santé », « déchets »,
    « francophonie »…) scores 2, so that one explicit mention is enough while indirect cues
    (« dispensaire », « bennes ») need two; a keyword in the title scores 1 more.
    """
    hits: dict[str, int] = {}
    for theme, pattern, name_pattern in _theme_patterns():
        n = len(pattern.findall(folded)) + len(name_pattern.findall(folded))
        if folded_title and pattern.search(folded_title):
            n += 1
        if n >= THEME_MIN_HITS:
            hits[theme] = n
    return tuple(sorted(hits, key=lambda t: (-hits[t], THEMES.index(t))))


# --------------------------------------------------------------------------- entry point


def extract_metadata(doc_text: str, title: str, id: str) -> DocumentMetadata:
    """Date, authority, partner places and countries, and themes of a document (see the module doc)."""
    text = straighten(doc_text[:MAX_CHARS])
    folded = fold_offsets(straighten(text, hyphens=True))
    mentions = _country_mentions(text, folded)
    candidates = _authority_candidates(text)
    _brand_letterhead(text, candidates)
    found = _places(text, folded, mentions)
    foreign_keys = {_key(p.name) for p in found if p.foreign}
    authority = _authority(candidates, title, id, foreign_keys)
    excluded: set[str] = set()
    if authority:
        best = next((c for c in candidates.values() if _display_authority(c) == authority), None)
        if best is not None:
            excluded.add(best.key)
    places = _merge_places(text, folded, found, excluded)
    countries = _countries(mentions, [p.code for p in places if p.code])
    return DocumentMetadata(
        date=extract_date(folded.text),
        authority=authority,
        places=tuple(p.name for p in places),
        countries=countries,
        themes=extract_themes(folded.text, _fold(title)),
    )
