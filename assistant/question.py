"""What a question asks for: the expected answer type, its focus, a list or one fact, its language.

:func:`analyse` reads a (self-contained) question and returns a :class:`QuestionAnalysis`:

* ``type``: a date (« Quand… ? », « Jusqu'à quelle date… ? »), an amount (« Quel montant… ? »),
  a number (« Combien de… ? »), a name (« Qui finance… ? », « Avec quelle ville… ? », « Où… ? »),
  a definition (« Qu'est-ce que… ? », « Que signifie… ? ») or anything else;
* ``is_list``: the question wants every item (« Quels sont les… ? », « Avec quelles villes… ? »);
* ``attribute``: the property asked of a known subject when the documents must state it in so
  many words (« Quel est le **budget** de… ? », « Quelle est la **population** de… ? », « Qui est
  le **maire** de… ? »), with the words that may state it;
* ``subject``: the term a definition question asks about (« FICOL », « coopération décentralisée »);
* ``language``: ``"en"`` for a question asked in English, whose content words are then also
  given in French (``french_terms``) so that the French documents' words can be matched.

The cue phrases and word lists live in ``data/answering.json``.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import lru_cache

from .answering_data import data
from .french import fold
from .spans import NOT_NAMES, SpanKind
from .textnorm import QUESTION_WORDS, stopwords, words


class AnswerType(StrEnum):
    DATE = "date"
    AMOUNT = "amount"
    NUMBER = "number"
    NAME = "name"
    DURATION = "duration"
    DEFINITION = "definition"
    OTHER = "other"

    @property
    def span_kind(self) -> SpanKind | None:
        """The kind of span that answers this type, if it is one."""
        return {
            AnswerType.DATE: SpanKind.DATE,
            AnswerType.AMOUNT: SpanKind.AMOUNT,
            AnswerType.NUMBER: SpanKind.NUMBER,
            AnswerType.NAME: SpanKind.NAME,
            AnswerType.DURATION: SpanKind.DURATION,
        }.get(self)


@dataclass(frozen=True)
class QuestionAnalysis:
    text: str  # the question analysed (a follow-up's context in parentheses left out)
    type: AnswerType
    is_list: bool
    language: str  # "fr" or "en"
    attribute: str | None = None  # folded noun whose family must appear in the answer
    attribute_words: tuple[str, ...] = ()  # folded words or phrases that state the attribute
    subject: str | None = None  # what a definition question defines
    french_terms: tuple[str, ...] = field(default=())  # French words of an English question
    wants_place: bool = False  # a name question about a place (« Où… ? », « Quelle ville… ? »)
    # "deadline" (« Jusqu'à quand… ? »), "start" (« Depuis quand… ? »), "ceiling" (« Quel est le montant
    # maximum… ? ») or "floor" (« …au moins… ? »): the relation the answer sentence must state
    time_relation: str | None = None
    # the folded French noun a list question asks for (« Quels sont les partenaires… ? » → « partenaires »):
    # sentences under a heading that names it are its items
    list_noun: str | None = None
    # the previous answer a follow-up's context carries (« Et en phase 2 ? (… : 16 brigadistes) »), folded:
    # a value the user already has, not the one asked now
    answered: str | None = None
    # « Qui est le maire de… ? », « le primar de Soroca, c'est qui ? »: a person holding a role is asked, and
    # a sentence that names no person (« Le primar de la ville vous recevra… ») does not answer
    wants_person: bool = False

    @property
    def folded(self) -> str:
        return fold(self.text)

    @property
    def subject_forms(self) -> tuple[str, ...]:
        """The subject of a definition question, then, for keywords (« définition absolue parfumerie »,
        « absolue parfumerie définition »), its shorter heads: the words after the term may only say its field; for a
        question, the term before what holds it, named (:func:`_term_before_name`: « Qu'est-ce que le Pass lecture de
        la médiathèque Gacan-Qaad ? » → « pass lecture »)."""
        if not self.subject:
            return ()
        folded = " ".join(self.folded.split())
        keywords = folded.startswith(_DEFINITION_KEYWORDS) or folded.rstrip(" ?.!").endswith(_DEFINITION_KEYWORDS)
        parts = self.subject.split()
        if not keywords or len(parts) < 2:
            head = _term_before_name(self.subject, self.text)
            return (self.subject, head) if head else (self.subject,)
        return tuple(" ".join(parts[:n]) for n in range(len(parts), 0, -1))

    @property
    def asks_eligibility(self) -> bool:
        """« Qui peut répondre à l'appel à projets ? »: who may apply to a call, a grant, a fund."""
        table = data()["eligibility"]
        folded = self.folded
        return any(cue in folded for cue in table["cues"]) and any(
            re.search(rf"\b{re.escape(w)}\b", folded) for w in table["subjects"]
        )


#: The words that open what holds a term (folded, in a definition's subject): « de la médiathèque… », « du programme… ».
_HOLDER_OPENERS = frozenset({"de", "du", "des", "au", "aux"})


def _term_before_name(subject: str, question: str) -> str | None:
    """The term of a definition's folded ``subject`` before what holds it, when that is named (a capital in the
    ``question``): « pass lecture de la mediatheque gacan-qaad » → « pass lecture », « conseil municipal des jeunes de
    kaya » → « conseil municipal des jeunes » (the complement that leads to the name, the last one before it); a
    one-word term only right before the name (« dhuumaley de darriyo » → « dhuumaley », not « cooperation de la ville
    de rodez »). None otherwise. A scan of the words: linear."""
    # (a capitalised common word is no name: « la Ville de Rodez »)
    capitalised = {fold(w) for w in re.findall(r"[A-ZÀ-ÖØ-Þ][\w-]*", question[:400])} - set(NOT_NAMES)
    parts = subject.split()
    name = next((i for i, w in enumerate(parts) if i > 0 and w.split("'")[-1] in capitalised), None)
    if name is None:
        return None
    # the last opener before the name (« d'ali » holds its own: « …de la mediatheque d'ali sabieh »)
    opener = name if parts[name].startswith("d'") else next(
        (i for i in range(name - 1, 0, -1) if parts[i] in _HOLDER_OPENERS), None
    )  # fmt: skip
    if opener is None:
        return None
    head = parts[:opener]
    between = [w for w in parts[opener + 1 : name] if w not in ("la", "l'", "le", "les")]
    if len(head) >= 2 or (len(head) == 1 and not between and not parts[name].startswith("d'")):
        return " ".join(head)
    return None


def _cue(phrases: list[str]) -> re.Pattern[str]:
    alternatives = sorted((re.escape(p) for p in phrases), key=len, reverse=True)
    # a cue that ends with an apostrophe (« qu'est-ce qu' ») runs into the next word (« qu'un »)
    return re.compile(r"(?<![\w'-])(?:" + "|".join(alternatives) + r")(?:(?<=')|(?!\w))")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    d = data()
    out = {kind: _cue(phrases) for kind, phrases in d["types"].items()}
    nouns = "|".join(re.escape(n) for n in d["entity_nouns"])
    # « Quelle ville… », « Quelles autres collectivités… », « Quel est le réseau… », « Which city… »
    out["entity"] = re.compile(
        r"\b(?:(?:quel|quelle|quels|quelles)(?:\s+(?:est|sont|etait|etaient)\s+(?:le|la|les|l')\s*)?"
        # (an English adjective comes before its noun: « Which French city… ? », « Which partner town… ? »)
        r"|(?:which|what)(?:\s+(?!(?:did|does|do|is|are|was|were|has|have|had|will|would|can|could|should)\b)"
        r"[a-z]{3,})?)"
        rf"\s+(?:(?:autres?|other|partner)\s+)?(?:{nouns})\b"
    )
    # one place of any level: « Dans quel district… ? », « Dans quel barangay… ? » (a list of places, « Dans quels
    # districts… ? », is read as lists of things are)
    places = "|".join(re.escape(n) for n in d["place_nouns"] if n != "where")
    out["place"] = re.compile(rf"\b(?:quel|quelle)\s+(?:{places})\b")
    # keywords typed in place of a list question (« domaines de coopération de la convention 2020 », « axes de la
    # convention bas-rhin quemchi »): a plural noun of what lists give, then « de »
    list_nouns = "|".join(re.escape(n) for n in d["list_keyword_nouns"])
    out["list_keywords"] = re.compile(
        rf"\s*(?:(?:les|des)\s+)?(?P<noun>{list_nouns})\s+(?:(?:de|du|des)(?!\w)|d')"
    )
    return out


_NAME_ARTICLE = re.compile(r"\b(?:La|Le|Les|L')\s*(?=[A-ZÀ-Ö])")
_CONTEXT = re.compile(r"\([^()]*\)$")  # applied to a stripped question (a leading \s* was quadratic)
_LIST = re.compile(
    r"(?<!\w)(?:quels|quelles|lesquels|lesquelles)(?!\w)|(?<!\w)(?:liste|listez|enumere[zr]?|citez)(?!\w)"
    r"|(?<!\w)noms\s+(?:des|de|du|d')"  # « noms des huit apprentis du lycée des Sablons »
    # (« Which NGO carries out… ? » asks one: a verb in -s after a noun; « Which funds support… ? » asks several)
    r"|\bwhat\s+are\b|\bwhich\s+(?!(?:is|was|has|does)\b)[a-z]+s\b"
    # « What other towns does Clamart work with? » (a plural noun, not « What progress has… »)
    # (a plural: not « What status / focus / analysis does… »)
    r"|\bwhat\s+(?:other\s+)?[a-z]*[^\Wsui]s\s+(?:do|does|did|have|has|had)\b"
    r"|\bwhich\s+[a-z]+\s+(?!(?:is|was|has|does|carries|runs|funds|manages|leads|organi[sz]es"
    r"|hosts|supports|provides|pays|gives|finances|coordinates|chairs|implements|operates|builds|takes|makes|receives"
    r"|oversees|handles|covers|owns|employs|trains)\b)[a-z]+s\b|\blist\b|\bname\s+the\b"
    # « Qui d'autre… ? », and who funds: a financing plan has several funders
    # (at the question's start: « l'agence qui finance… » asks one name)
    r"|\bqui\s+(?:sont|etaient|seront)\s+(?:les|leurs|ses|nos|vos)\s"  # « Qui sont les partenaires… ? »
    r"|\bqui\s+d'autres?\b|\bwho\s+else\b|^(?:et\s+)?qui\s+(?:l'|les?\s+|la\s+)?(?:a\s+|ont\s+)?(?:co-?)?financ"
    r"|^(?:and\s+)?who\s+(?:co-?)?(?:funds|finances|funded|financed)\b"
    # the members of a group, those a call is open to, the people met, what a convoy carried
    r"|\bqui\s+(?:fai(?:t|sai(?:en)?t)|font|fera|feront)\s+partie\b|\bqui\s+compos\w*\b"
    r"|\bqui\s+(?:peut|peuvent|pourra|pourront)\s+(?:repondre|candidater|deposer|postuler|beneficier|participer)\b"
    r"|^(?:et\s+)?qui\b[^?]{0,60}\brencontr\w*"
    r"|\bqu'est[- ]ce\s+qu'il\s+y\s+a(?:vait)?\s+dans\b|\bque\s+(?:contient|contenait|comprend|comprenait)\b"
    # what a phase or a programme plans: « Qu'est-ce qui est prévu dans la phase 2 ? », « Que prévoit… ? »
    r"|\bqu'est[- ]ce\s+qui\s+(?:est|sont|etait|etaient|sera|seront)\s+prevu|\bque\s+prevo(?:it|ient|yait)\b"
)
#: « Qu'est-ce qui… ? » asks for things, not for a person (« qui »).
_WHAT_THING = re.compile(r"\bqu'est[- ]ce\s+qui\b")


# The noun a list question asks for: « Quels sont les partenaires… », « Quelles autres actions… »,
# « Which projects… », « What are the partners… » (English nouns go through the glossary)
@lru_cache(maxsize=1)
def _list_noun_pattern() -> re.Pattern[str]:
    """« Quels sont les axes… ? », « Citez les partenaires… », « Which towns… ? »: the noun a list question asks for.
    A count before the noun (« Quels sont les quatre axes… ? », « les 3 volets »: digits or the ``number_words`` of
    ``data/answering.json``) says how many, it is not the noun."""
    before = _before_list_noun()
    return re.compile(
        r"\b(?:(?:quels|quelles|lesquels|lesquelles)\s+(?:(?:sont|etaient|seront)\s+(?:tous\s+|toutes\s+)?(?:les|leurs|ses|ces|nos|vos)\s+)?"
        r"|qui\s+(?:sont|etaient|seront)\s+(?:les|leurs|ses|ces|nos|vos)\s+)"
        rf"(?:{before}\s+){{0,3}}(?P<fr>[a-z][a-z-]{{2,}})"
        rf"|\b(?:citez|listez|liste|enumerez|noms)\s+(?:les|des|leurs|ses)\s+(?:{before}\s+){{0,3}}(?P<fr2>[a-z][a-z-]{{2,}})"
        # « Qui faisait partie de la délégation… ? »: the list the delegation's lead-in announces
        r"|\bqui\s+(?:fai(?:t|sai(?:en)?t)|font|fera|feront)\s+partie\s+(?:de\s+la|de\s+l'|du|des|de)\s*(?P<fr3>[a-z][a-z-]{2,})"
        r"|\b(?:what|which)\s+(?:are\s+(?:the|its|their|his|her)\s+)?(?:other\s+|main\s+)?(?:french\s+|foreign\s+|partner\s+|twin\s+|twinned\s+|sister\s+)?(?P<en>[a-z][a-z-]{2,})"
    )


def _count_words() -> str:
    """A count, folded: digits or a word of ``number_words`` (« 3 », « quatre », « une dizaine » aside)."""
    words = sorted((re.escape(w) for w in data()["number_words"]), key=len, reverse=True)
    return r"(?:\d{1,3}|" + "|".join(words) + ")"


def _before_list_noun() -> str:
    """What may stand between a list question's opening and its noun: a count or an adjective of ``count_adjectives``
    (« les quatre axes », « les deux nouveaux fokontany », « les principales actions »)."""
    adjectives = sorted(
        (re.escape(w) for w in (*data()["count_adjectives"], "principaux", "principales", "differents", "differentes")),
        key=len,
        reverse=True,
    )
    return rf"(?:{_count_words()}|{'|'.join(adjectives)})"


@lru_cache(maxsize=256)
def count_phrase(noun: str) -> re.Pattern[str]:
    """A count of ``noun`` (folded), an adjective or two between: « trois acueductos », « 6 nouveaux projets »."""
    return re.compile(rf"(?<![\w-])({_count_words()})\s+(?:{_before_list_noun()}\s+){{0,2}}{re.escape(noun)}(?![\w-])")


def list_count(folded: str, noun: str | None) -> str | None:
    """The count a list question gives its noun (« Quels sont les trois acueductos… ? » → « trois », « liste des 7
    projets retenus » → « 7 »), folded; None when it gives none."""
    if not noun:
        return None
    # the count of the noun's first mention (« Quels sont les villages retenus parmi les dix villages candidats ? »
    # counts no answer)
    first = re.search(rf"(?<![\w-]){re.escape(noun)}(?![\w-])", folded[:400])
    if first is None:
        return None
    m = count_phrase(noun).search(folded, max(0, first.start() - 80), first.end())
    return m.group(1) if m and m.end() == first.end() else None


#: « quelle était », « quel sera », « quels ont été » (folded): a type cue written in the present (« quelle est
#: l'enveloppe ») asks the same in another tense.
_PRESENT = re.compile(
    r"\b(quel|quelle|quels|quelles)\s+(?:etait|etaient|sera|seront|serait|seraient|a\s+ete|ont\s+ete|avait\s+ete)\b"
)


def _in_present(m: re.Match[str]) -> str:
    return m.group(1) + (" sont" if m.group(1).endswith("s") else " est")


def in_present(folded: str) -> str:
    """A folded question with its type cue in the present (« quelle sera la longueur » → « quelle est la
    longueur »), as the cues of the answering tables are written."""
    return _PRESENT.sub(_in_present, folded)


_INVERTED_PRONOUN = re.compile(r"-(?:t-)?(?:ils?|elles?|on|nous|vous)$")
_PLURAL_ENTITY = re.compile(r"\b(?:avec|dans|par|entre)\s+quel(?:le)?s\b")
# « Quel est le budget de… », « Quelle est la population… », « Qui est le maire… », « Combien de salariés… »
#: Keywords typed in place of a question that open on a date (« date de signature du pacte d'amitié »).
_DATE_KEYWORDS = re.compile(r"\s*(?:(?:la|les)\s+)?(?:date|dates|echeance)\s+(?!\?)\S")
#: Keywords typed in place of a question that open on a sum (« enveloppe appel à projets 2026 »): an amount.
_AMOUNT_KEYWORDS = re.compile(
    r"\s*(?:(?:le|la|l')\s*)?(?:enveloppe|budget|montant|cout|plafond|subvention|dotation|contribution|financement)s?"
    r"(?:\s+(?:total|totale|global|globale|annuel|annuelle|maximal|maximale|maximum))?\s+(?!\?)\S"
)
#: Keywords typed in place of a question with a sum or a date among them, not first (« daect montant 2022 cooperation
#: ajloun », « accord de cooperation montelimar telavi date de fin »): an amount, a date.
_SUM_KEYWORD = re.compile(
    r"(?<![\w'-])(?:montants?|budgets?|couts?|depenses|subventions?|dotations?|enveloppes?)(?![\w'-])"
)
_DATE_KEYWORD = re.compile(r"(?<![\w'-])(?:dates?|echeances?)(?![\w'-])")
#: « What was the total construction cost of… ? », « What is the 2024 budget of… ? »: a sum, words between.
_EN_AMOUNT = re.compile(
    r"\b(?:what|which)\s+(?:is|was|were|are|will\s+be|would\s+be)\s+the\s+(?:[\w-]+\s+){0,3}?"
    r"(?:cost|costs|budget|budgets|amount|grant|price|funding|contribution|allocation)\b"
)
_ATTRIBUTE = re.compile(
    r"(?:\b(?:quel(?:le)?s?\s+(?:est|sont|etait|etaient|sera)\s+(?:le|la|les|l')\s*|(?:qui\s+(?:en\s+)?est|c'?est\s+qui)\s+(?:le|la|l')\s*"
    # (« Quel est le numéro de téléphone… ? » asks the « téléphone »; « Quel est le nom du maire… » is read below)
    r"|combien\s+(?:de|d')\s*)(?!nom\b|nombre\b)(?:numero\s+d[eu']\s*)?"
    # (« Quel est le montant de l'indemnité mensuelle… ? » asks the « indemnité »)
    r"(?:montant\s+(?:(?:total|annuel|mensuel|exact)\s+)?(?:de\s+la\s+|de\s+l'|du\s+|de\s+|d')\s*)?([a-z][a-z-]+)"
    r"|(?:\b(?:comment\s+s'appellen?t?|quel\s+est\s+le\s+nom\s+d[eu']?)|^\s*nom\s+d[eu']?)"
    r"\s*(?:le|la|l'|les|du|de\s+la)?\s*([a-z][a-z-]+)"
    r"|\bqui\s+(preside|dirige|represente)\b|\ba\s+quel\s+(prix|tarif)\b"
    # (« Quel prix la coopérative paie-t-elle pour un kilo… ? » asks a price paid; « Quel prix a remporté… ? » an award)
    r"|^\s*quels?\s+(prix|tarif)s?\b(?=[^?]{0,200}?\b(?:paie|paye|payent|paient|payes?|factures?|vend|vendu"
    r"|achete|pour\s+une?|par|au)\b)"
    # « What is the name of the mayor of Clamart? » asks what « Comment s'appelle le maire… ? » asks
    r"|\bwhat(?:'s|\s+is|\s+was)\s+the\s+name\s+of\s+the\s+([a-z][a-z-]+)"
    # keywords: « konjic nombre d habitants », « population de betio »
    r"|\bnombre\s+d(?:e\s+|['’]\s*|\s+)([a-z][a-z-]+)|^\s*(population|superficie|budget|horaires?|tarifs?|prix)\b"
    # (« telephone comite de jumelage… », « numero telephone direction… »)
    r"|^\s*(?:numero\s+(?:de\s+)?)?(telephone)\b"
    r"|\b(?:what|who)\s+(?:is|was|are)\s+the\s+([a-z][a-z-]*)|\bhow\s+many\s+([a-z]+))"
)
#: What « Combien… ? » counts (folded): « combien de kiosques », « combien il y a de kiosques », « combien y a-t-il
#: de kiosques », « combien on a de kiosques ».
COUNTED_NOUN = re.compile(
    r"\bcombien\s+(?:(?:il\s+)?y\s+(?:a|avait|aura|a-t-il|avait-il|aura-t-il)\s+|(?:on\s+(?:a|compte|avait)|a-t-on|"
    r"compte-t-on)\s+)?(?:de|d['’])\s*([a-z]+)"
)
#: « ou ont lieu… », « ou se trouve… », « c'est ou ? » typed without the accent: « ou » (« or ») opens no question
#: and ends none, so there it is « où » (not « ou en est… », which asks how far along, not where).
_WHERE_UNACCENTED = re.compile(
    r"^\s*(?:et\s+)?ou\s+(?:est|sont|etait|etaient|sera|seront|se|s'|a|ont|avait|avaient|aura|auront|va|vont|ira|"
    r"iront|peut|peuvent|faut|trouve|trouver|habite|habitent|vit|vivent|loge|logent|travaille|travaillent|part|"
    r"partent)\b|\bc(?:'|\s)?est\s+ou\s*\??\s*$"
)


def _asks_where(lowered: str) -> bool:
    """Whether the lowercase question asks where: « où » with its accent anywhere, or without it where « ou »
    (« or ») cannot stand (:data:`_WHERE_UNACCENTED`)."""
    return "où" in lowered or _WHERE_UNACCENTED.search(lowered.replace("’", "'")[:400]) is not None


_DEFINED = re.compile(
    r"(?:qu'est[- ]ce\s+qu(?:e|')\s*(?:(?:signifie|veut\s+dire|designe)\s+)?|"
    # (« c koi un kariz », « c est quoi une baraza », « kesako le hima »: typed as spoken)
    r"que\s+(?:signifie|veut\s+dire|designe)\s+|c(?:'|\s)?est\s+(?:quoi|koi)\s+|c\s+(?:quoi|koi)\s+|ckoi\s+|"
    r"ke[sz]ako\s+|"
    r"(?:(?:ca|cela)\s+)?(?:veut\s+dire|signifie)\s+quoi\s+|"
    r"qu'appelle-t-on\s+|qu'entend-on\s+par\s+|what\s+is\s+meant\s+by\s+|what\s+(?:is|are)\s+|"
    r"(?:definition|signification)\s+(?:de\s+la\s+|de\s+l'|du\s+|des\s+|de\s+|d')|"
    # keywords: « définition absolue parfumerie »
    r"^(?:definition|signification)\s+(?!de\b|du\b|des\b|d')|"
    r"what\s+does\s+|define\s+)(?P<subject>.+?)(?:\s+(?:mean|stand\s+for))?\s*[?.!]*$"
)
#: « Mikoko, ça veut dire quoi ? », « le FICOL c'est quoi ? »: the subject first, then one of these endings.
_DEFINED_AFTER = (
    "ca veut dire quoi",
    "cela veut dire quoi",
    "veut dire quoi",
    "signifie quoi",
    "ca designe quoi",
    "designe quoi",
    "c'est quoi",
    "c est quoi",
    "cest quoi",
    "c'est koi",
    "c quoi",
    "c koi",
    "ckoi",
    "kesako",
    "kezako",
    "definition",  # keywords: « miellerie définition »
    "signification",
)


def _subject_first(folded: str) -> str | None:
    """The subject of a definition question asked subject first, or ``None`` (string ends, no regex)."""
    text = _FILLER_END.sub("", " ".join(folded.split()).rstrip(" ?.!")).rstrip(" ?.!")
    for ending in _DEFINED_AFTER:
        if text.endswith(" " + ending) or text.endswith("," + ending):
            subject = text[: -len(ending)].strip(" ,")
            # « Ça veut dire quoi ? » (a follow-up) names no subject
            return subject if subject and subject not in ("ca", "cela", "ceci", "c") else None
    return None


#: The nouns that ask a definition in keywords (« miellerie définition », « signification du sigle… »).
_DEFINITION_WORD = re.compile(r"\b(?:definition|signification)\b")
#: The words that make keywords a definition question, first or last (« définition absolue », « miellerie définition »).
_DEFINITION_KEYWORDS = ("definition", "signification")
#: « …signifie quoi exactement ? »: a word that only insists, at the end of a definition question.
_FILLER_END = re.compile(r"\s+(?:exactement|precisement|donc|au\s+juste)$")


def analyse(question: str) -> QuestionAnalysis:
    """The analysis of a self-contained question (see the module docstring); a question typed as keywords
    (« capacité du séchoir solaire de la coopérative ? », « budget de la coopération avec Goris ») is read as
    the question it stands for (« quelle est la capacité… ? »), when that one asks for a kind of answer."""
    analysis = _analyse(question)
    if analysis.type is AnswerType.OTHER and not analysis.is_list and analysis.language == "fr":
        for asked in _as_asked(analysis.text):
            full = _analyse(asked)
            # a value (« capacité du séchoir », « budget de la coopération »): a headline of a page
            # (« Alertes professionnelles : le référentiel… ») asks for no list
            if full.type is not AnswerType.OTHER and not full.is_list:
                return replace(full, text=analysis.text)
    return analysis


#: « …apportent-ils de bénévoles ? »: what a « Combien… ? » with an inverted giving verb counts.
_GIVEN_NOUN = re.compile(
    r"-(?:t-)?(?:il|elle|ils|elles|on)\s+(?:[a-z]+\s+)?(?:de\s+|d['’])(?!(?:la|le|les)\b|l['’])([a-z]+)"
)

#: Words that ask, beside :data:`QUESTION_WORDS`: a question that holds one is no list of keywords.
_ASKING_EN = frozenset({"what", "when", "who", "whom", "how", "which", "where", "why", "qu", "quid"})
#: A list of keywords has at most this many words.
KEYWORD_WORDS = 12
#: An inverted subject (« est-il », « peut-on », « a-t-elle »): the words ask.
_ASKS_INVERTED = re.compile(r"-(?:t-)?(?:il|elle|ils|elles|on|ce|je|tu|nous|vous)\b", re.IGNORECASE)


#: The kinds of answer a question can ask, as many as it names (« Qui finance… et pour quel montant ? »).
_FACT_KINDS = ("duration", "date", "amount", "number", "name")


def asks_several_facts(question: str) -> bool:
    """Whether ``question`` asks two facts joined by « et » (« Qui cofinance le programme, et pour quel montant ? »,
    « Quand et où… ? », « Combien d'élèves et combien d'enseignants ? »): two cues of an answer kind that do not
    overlap (« depuis combien de temps » is one), an « et » between them."""
    lowered = _CONTEXT.sub("", question.strip()).lower().replace("’", "'")[:400]
    folded = fold(lowered)
    pats = _patterns()
    spans = [(m.start(), m.end()) for kind in _FACT_KINDS for m in pats[kind].finditer(folded)]
    if len(folded) == len(lowered):  # « où » folds to « ou » (« or »): only the accented word asks for a place
        spans += [(m.start(), m.end()) for m in re.finditer(r"(?<!\w)où(?!\w)", lowered)]
    spans.sort()
    groups: list[tuple[int, int]] = []
    for start, end in spans:  # overlapping cues are one question word
        if groups and start < groups[-1][1]:
            groups[-1] = (groups[-1][0], max(end, groups[-1][1]))
        else:
            groups.append((start, end))
    return any(re.search(r"\bet\b", folded[a[1] : b[0]]) for a, b in itertools.pairwise(groups))


#: « quand » then, a few words on, a verb of ending (« Quand la convention avec Kindia se termine-t-elle ? »), folded.
_ENDS_WHEN = re.compile(
    r"\bquand\b[^?.!]{0,80}?\b(?:se\s+termin(?:e|ent|era|eront)|s'ache(?:ve|vent|vera|veront)|pren(?:d|nent|dra)\s+fin"
    r"|pren(?:d|nent|dra)-(?:t-)?(?:il|elle|ils|elles)\s+fin|fini(?:t|ssent|ra))\b"
)


def _only_keywords(text: str) -> bool:
    """Whether ``text`` is a list of keywords typed in place of a question: two to KEYWORD_WORDS words, none that
    asks (a question word, an inverted subject), no colon (« Actions de la Région : qui les finance ? »)."""
    found = re.findall(r"[^\W\d_]+", text[:400])
    if not 2 <= len(found) <= KEYWORD_WORDS or ":" in text or _ASKS_INVERTED.search(text[:400]):
        return False
    return not any(fold(w.lower()) in QUESTION_WORDS or fold(w.lower()) in _ASKING_EN for w in found)


def _as_asked(text: str) -> list[str]:
    """The questions a list of keywords may stand for (« capacité du séchoir ? » → « quelle est la capacité
    du séchoir ? », « quel est le capacité… », …), or none when it asks already or opens with a preposition
    or a verb's pronoun (« pour Goris ? », « parle-moi… »)."""
    # (« l'anonymat est-il garanti ? », « Santé : des données sensibles ? »: a question already)
    if not _only_keywords(text) or "-" in text.split()[0]:
        return []
    found = re.findall(r"[^\W\d_]+", text[:400])
    if all(w[0].isupper() for w in found):
        return []  # « Clamart », « Clamart Artachat »: names, no attribute asked
    folded = [fold(w.lower()) for w in found]
    article = folded[0] in ("le", "la", "les", "l")
    if folded[0] in stopwords() and not article:
        return []
    noun = folded[1] if article else folded[0]
    # « prix du repas », « fonds de solidarité »: an -s or -x that does not make a plural
    plural = folded[0] == "les" or (
        not article and noun.endswith(("s", "x")) and noun not in data()["invariable_nouns"]
    )
    if plural:  # « partenaires de Tours » asks for the list (« quels sont les partenaires… »)
        heads = ("quels sont ", "quelles sont ") if article else ("quels sont les ", "quelles sont les ")
    else:
        heads = ("quel est ", "quelle est ") if article else ("quelle est la ", "quel est le ")
    body = text[0].lower() + text[1:]
    return [head + body for head in heads]


def _analyse(question: str) -> QuestionAnalysis:
    text = _CONTEXT.sub("", question.strip()).rstrip() or question.strip()
    lowered = text.lower().replace("’", "'")
    folded = fold(lowered)
    d = data()
    pats = _patterns()
    # « La Rochelle », « Le Havre »: an article that starts a name says nothing of the question's language
    english = _is_english(fold(_NAME_ARTICLE.sub("", text.replace("’", "'"))))
    qtype = AnswerType.OTHER
    defines = bool(pats["definition"].search(folded) or (english and re.match(r"what\s+(?:is|are)\s", folded)))
    if defines and not pats["definition"].search(_DEFINITION_WORD.sub(" ", folded)):
        # « miellerie définition » asks a definition; « Quelle est la date de définition du budget ? » a date
        defines = not (
            any(pats[k].search(folded) for k in ("duration", "date", "amount", "number", "name"))
            or re.match(r"(?:quel|quelle|quels|quelles|quand|combien|qui|comment|pourquoi|ou)\b", folded)
        )
    if defines and english and re.match(r"what\s+(?:is|are)\s", folded) and not re.search(r"\bmean", folded):
        # « What is the maximum grant per project…? », « What is the deadline…? » ask an amount or a date
        # (« What are the partner cities of Perpignan? » asks a list, « What is the Kendari cooperation about? »
        # what it does)
        defines = not (
            re.search(r"\babout\W*$", folded)
            or any(pats[k].search(folded) for k in ("duration", "date", "amount", "number", "name"))
            or (re.match(r"what\s+are\s+the\s", folded) and (_LIST.search(folded) or _PLURAL_ENTITY.search(folded)))
        )
    # (« Quelle était l'enveloppe… ? », « Quel sera le coût… ? » ask what « Quelle est l'enveloppe… ? » asks)
    present = in_present(folded)
    who_term = _who_term(folded, text)
    if who_term is not None or (defines and _definition_subject(folded, english, text)):
        qtype = AnswerType.DEFINITION
    elif pats["duration"].search(folded) and not re.search(r"\bdepuis\s+combien", folded):
        # « Depuis combien de temps… ? » asks when it started: a date
        qtype = AnswerType.DURATION
    elif pats["date"].search(folded):
        qtype = AnswerType.DATE
    elif (pats["amount"].search(present) or (english and _EN_AMOUNT.search(folded))) and not _RATE.search(folded):
        qtype = AnswerType.AMOUNT
    elif pats["number"].search(present):
        # « Combien Clamart a-t-elle dépensé… ? » asks for an amount
        # (« Combien de projets… financés » counts projects)
        counted = COUNTED_NOUN.search(folded)
        money_noun = counted and pats["money"].search(counted.group(1))
        # (« Quel est le taux maximum de subvention ? » asks for a percentage)
        # (« Combien la Ville versait-elle… ? », « Combien va-t-elle donner… ? »: a giving verb, any tense; « Combien
        # la Ville a-t-elle demandé au ministère ? », « Et combien a-t-elle obtenu ? »: a verb that asks for money or
        # receives it, as ``requesting`` and ``receiving_verbs`` word them)
        asked_verbs = {*d["giving_verbs"], *d["requesting"]["question"], *d["receiving_verbs"]}
        gives = "combien" in folded and not set(re.split(r"[\s'-]+", folded)).isdisjoint(asked_verbs)
        # « Combien les partenaires apportent-ils de bénévoles ? » counts bénévoles
        given = _GIVEN_NOUN.search(folded)
        gives = gives and not (given and not pats["money"].search(given.group(1)))
        money = (pats["money"].search(folded) or gives) and (not counted or money_noun) and not _RATE.search(folded)
        qtype = AnswerType.AMOUNT if money else AnswerType.NUMBER
    elif (
        pats["name"].search(_WHAT_THING.sub(" ", folded))
        or _asks_where(lowered)  # « où » folds to « ou » (« or »): see _asks_where
        or pats["entity"].search(folded)
        or pats["place"].search(folded)
    ):
        qtype = AnswerType.NAME
    elif _AMOUNT_KEYWORDS.match(folded):
        # keywords that open on a sum (« enveloppe appel a projets recifs partages 2026 », « budget phase 2 »)
        qtype = AnswerType.AMOUNT
    elif _DATE_KEYWORDS.match(folded):
        # keywords that open on a date (« date prochain comité de pilotage », « date de signature du pacte »)
        qtype = AnswerType.DATE
    elif _only_keywords(text) and (_SUM_KEYWORD.search(folded) or _DATE_KEYWORD.search(folded)):
        # the sum or the date among the keywords (« erasmus+ montant 2022 namur », « convention telavi date de fin »);
        # both: the first one typed
        found = (_SUM_KEYWORD.search(folded), _DATE_KEYWORD.search(folded))
        sum_at, date_at = (m.start() if m else len(folded) for m in found)
        qtype = AnswerType.AMOUNT if sum_at < date_at else AnswerType.DATE
    # (keywords only: « les objectifs de la convention sont-ils atteints ? » asks yes or no)
    list_keywords = pats["list_keywords"].match(folded) if _only_keywords(text) else None
    is_list = bool(_LIST.search(folded) or _PLURAL_ENTITY.search(folded) or list_keywords) and qtype not in (
        AnswerType.DATE,
        AnswerType.AMOUNT,
        AnswerType.NUMBER,
        AnswerType.DURATION,
        AnswerType.DEFINITION,
    )
    attribute = None
    family: tuple[str, ...] = ()
    m = _ATTRIBUTE.search(folded)
    if m:
        noun = next(g for g in m.groups() if g)
        table = d["attributes"]
        key = noun if noun in table else noun.rstrip("s") if noun.rstrip("s") in table else None
        if key is not None:
            attribute, family = key, tuple(table[key])
            if qtype in (AnswerType.OTHER, AnswerType.DEFINITION):
                # « Quelle est la population… ? » wants a number, « Qui est le maire… ? » a name (and
                # « What is the population of Kaya? » is no definition)
                qtype = next(
                    (AnswerType(t) for t, nouns in d["attribute_types"].items() if key in nouns), AnswerType.OTHER
                )
    if (
        (attribute is None or attribute == "dirige")
        and qtype in (AnswerType.OTHER, AnswerType.NAME)
        and _ASKS_WHO.match(folded)
    ):
        # « Qui tient les comptes de l'association ? », « Qui est à la tête de la mairie d'Aurillac ? » (a person asked:
        # not « Depuis quand… est-elle à la tête de… ? », « Quelle association dirige… ? »)
        said = _role_said_otherwise(folded)
        if said is not None:
            # (the words that said it stay words of the role: « la municipalité est dirigée par… », « à la tête de… »)
            kept = (
                *(d["attributes"]["dirige"] if attribute == "dirige" else ()),
                *(_HEAD_WORDS if said not in d["role_paraphrases"] else ()),
            )
            attribute, qtype = said, AnswerType.NAME
            family = tuple(dict.fromkeys((*d["attributes"][said], *kept)))
    wants_person = attribute in d["person_attributes"]
    role = _role_asked(folded, text) if attribute is None and qtype in (AnswerType.OTHER, AnswerType.NAME) else None
    if role is not None and role in d["attributes"]:
        # « et le maire, c'est qui ? »: a role of the table, asked after its noun
        qtype, attribute, family = AnswerType.NAME, role, tuple(d["attributes"][role])
        wants_person = role in d["person_attributes"]
    elif role is not None:
        # a role of no table (« primar », « suppléante », « centenière »): its own word, either gender
        qtype, attribute, family, wants_person = AnswerType.NAME, role, _role_family(role), True
    subject = (who_term or _definition_subject(folded, english, text)) if qtype is AnswerType.DEFINITION else None
    french: tuple[str, ...] = ()
    if english:
        glossary = d["english_to_french"]
        french = tuple(dict.fromkeys(f for w in re.findall(r"[a-z-]+", folded) for f in glossary.get(w, ())))
    places = "|".join(re.escape(n) for n in d["place_nouns"])
    wants_place = qtype is AnswerType.NAME and bool(
        _asks_where(lowered)
        or re.search(r"\bd'ou\b|\bwhere\b", folded)
        # « Quelles villes… ? », and « Quelles sont les villes… ? », « What are the other towns… ? »
        or re.search(
            rf"\b(?:quel|quelle|quels|quelles|which|what)\s+(?:(?:sont|etaient|are|were)\s+(?:les\s+|the\s+)?)?"
            rf"(?:autres?\s+|other\s+|(?<=which )[a-z]{{3,}}\s+)?(?:{places})\b",
            folded,
        )
    )
    relation = next((name for name, cues in d["time_relations"].items() if _cue(cues["question"]).search(folded)), None)
    if relation is None and _ENDS_WHEN.search(folded[:400]):
        relation = "deadline"  # « Quand la convention se termine-t-elle ? », « quand la convention se termine ? »
    return QuestionAnalysis(
        text,
        qtype,
        is_list,
        "en" if english else "fr",
        attribute,
        family,
        subject,
        french,
        wants_place,
        relation,
        (_list_noun(folded) or (list_keywords.group("noun") if list_keywords else None)) if is_list else None,
        _answered(question.strip()),
        wants_person,
    )


def _answered(question: str) -> str | None:
    """The previous answer that ends a follow-up's context (« (… : 16 brigadistes) »), folded."""
    context = _CONTEXT.search(question)
    if context is None or " : " not in context.group():
        return None
    return fold(context.group()[1:-1].rsplit(" : ", 1)[1]).strip() or None


def _list_noun(folded: str) -> str | None:
    """The noun a list question asks for, in French (``None`` for « Qui finance… ? » or a verb)."""
    m = _list_noun_pattern().search(folded)
    if m is None:
        # « Qui la délégation a-t-elle rencontré… ? »: the people met, as a lead-in announces them (« Les
        # partenaires rencontrés sont : … »), not the delegation's own list (« La délégation comprenait : … »)
        met = _MET.search(folded[:400])
        return met.group(1) if met else None
    if m.group("en"):
        french = data()["english_to_french"].get(m.group("en"), ())
        noun = french[0] if french else None
    else:
        noun = m.group("fr") or m.group("fr2") or m.group("fr3")
        if noun in ("nom", "noms"):
            # « Quels sont les noms des villes jumelées… ? » asks villes, by their names
            named = _names_of().match(folded, m.end())
            noun = named.group(1) if named else noun
    if noun is None or noun in stopwords() or noun in data()["list_noun_stop"] or _INVERTED_PRONOUN.search(noun):
        # a verb, or an inverted one (« Quels sont-ils ? »)
        return None
    return noun


@lru_cache(maxsize=1)
def _names_of() -> re.Pattern[str]:
    """The noun after « les noms » (« …les noms des villes jumelées », « …les noms de ses partenaires », « …les noms
    des cinq agents »), folded."""
    return re.compile(
        rf"\s+(?:des|de|du|d')\s*(?:(?:ses|leurs|nos|vos|la|l')\s*)?(?:{_before_list_noun()}\s+){{0,3}}([a-z][a-z-]{{2,}})"
    )


#: « Qui … a-t-elle rencontré / doit-elle rencontrer / ont-ils visité… ? » (folded): the verb of the people or
#: places a list question asks for.
_MET = re.compile(r"^(?:et\s+)?qui\b[^?]{0,80}?\b((?:rencontr|visit)\w*)")
#: A rate is a number (« Quel est le taux maximum de subvention ? »), except an hourly rate or an
#: exchange rate, which are amounts.
_RATE = re.compile(r"\b(?:taux|pourcentage|proportion|rate|percentage)\b(?!\s+(?:horaire|de\s+change|journalier))")


def _is_english(folded: str) -> bool:
    tokens = re.findall(r"[a-z']+", folded)
    if not tokens:
        return False
    english = set(data()["english_words"])
    hits = sum(1 for t in tokens if t in english)
    return hits >= 2 and hits / len(tokens) >= 0.25 and not re.search(r"\b(?:le|la|les|des|est|du|une)\b", folded)


#: A verb in what a « Qu'est-ce que… ? » asks about: a fact, not a definition (see _definition_subject). An « a »
#: before the last word is « à » typed without its accent unless that word ends as a past participle (« barrio a
#: utuado », but « le Département a financé »); elsewhere it is taken for the verb, as « maladies à déclaration
#: obligatoire » would otherwise be cut.
#: « appel à projets » (folded), a name whose « à » is no verb (see _ASKS_FACT).
_CALL_FOR_PROJECTS = re.compile(r"\bappels?\s+a\s+projets?\b")
_ASKS_FACT = re.compile(
    r"\b(?:ont|est|sont|fait|font|did|does)\s+\w+|\ba\s+\w+\b(?!\s*$)|\ba\s+\w*(?:e|es|i|is|it|u|us|ert|int|uit|ait)\s*$"
)


#: A last word after « a » (« …un fokontany a Antsirabe »): « à » and a place when the question writes it with a
#: capital, whatever its ending (see _ASKS_FACT).
_PLACE_AFTER_A = re.compile(r"\ba\s+([^\W\d_][\w-]*)\s*$")


def _capitalised_in(word: str, original: str) -> bool:
    """Whether the folded ``word`` is written with a capital in the ``original`` question (a place, a name)."""
    return any(w[:1].isupper() and fold(w) == word for w in re.findall(r"[^\W\d_][\w-]*", original[:400]))


#: « Qui sont les matai au Samoa ? », « Les unimane, c'est qui ? »: who a group of people is (see _who_term).
_WHO_ARE = re.compile(
    r"^(?:et\s+)?qui\s+sont\s+les\s+(?P<a>[^\W\d_][\w'-]{2,40})(?:\s+(?:au|aux|a|en|dans)\s+[^?]{1,60})?\s*\?*$|"
    r"^(?:et\s+)?les\s+(?P<b>[^\W\d_][\w'-]{2,40})\s*,?\s*(?:c'est|ce\s+sont)\s+qui\s*\?*$"
)


#: « Qui est le primar de Soroca ? », « c'est qui la centenière », « et son adjointe c'est qui » (folded):
#: the role asked, « vice » or « premier » kept with its noun.
_ROLE_ASKED = re.compile(
    r"^(?:et\s+)?(?:qui\s+(?:est|etait|sera)|c'?est\s+qui)\s+(?:le|la|l')\s*"
    r"(?P<a>(?:(?:vice|premier|premiere|sous)[\s-]+)?[^\W\d_][\w-]{2,30})\b"
    r"|^(?:et\s+)?(?:le|la|l'|son|sa)\s*(?P<b>(?:(?:vice|premier|premiere|sous)[\s-]+)?[^\W\d_][\w-]{2,30})\b"
    r"[^?,]{0,60},?\s*c'?est\s+qui\s*\?*$"
)


#: A name asked of a role (folded): « Comment s'appelle la coordinatrice… ? », « nom de la volontaire… », « Quel
#: agent… a-t-il désigné comme coordinateur… ? ». Only a word of ``role_words`` is taken for a role there: « Comment
#: s'appelle le programme… ? » asks no person.
_NAMED_ROLE = re.compile(
    r"(?:\b(?:comment\s+s'appellen?t?|quel\s+est\s+le\s+nom\s+d[eu']?)|^\s*(?:et\s+)?(?:le\s+)?nom\s+d[eu']?)"
    r"\s*(?:le|la|l'|du|de\s+la)?\s*(?P<a>[^\W\d_][\w-]{2,30})\b"
    r"|^(?:qui|quel|quelle)\b[^?]{0,120}?\b(?:designee?s?|nommee?s?|choisie?s?|recrutee?s?)\s+comme\s+"
    r"(?:(?:le|la|l')\s*)?(?P<b>[^\W\d_][\w-]{2,30})\b"
)


#: Words of ``role_words`` that qualify a noun more often than they name a role (« le premier village »).
_NOT_ROLES = frozenset({"premier", "premiere", "ancien", "ancienne", "nouveau", "nouvelle"})


#: A question that asks who (folded): « Qui… », « Et qui… », « Who… ».
_ASKS_WHO = re.compile(r"\s*(?:et\s+|and\s+)?(?:qui|who)\b")
#: The words that say a person heads something (folded), whatever the role: « à la tête de la municipalité, M. … ».
_HEAD_WORDS = ("a la tete",)
#: « à la tête de la mairie », « dirige l'association » (folded): the noun of what a person heads.
_HEAD_OF = re.compile(
    r"\b(?:a\s+la\s+tete|dirigee?s?|dirigeai(?:en)?t)\s+"
    r"(?:de\s+la\s+|de\s+l'|du\s+|des\s+|de\s+|la\s+|le\s+|l'|les\s+)([a-z-]+)"
)


def _role_said_otherwise(folded: str) -> str | None:
    """The role a question asks in other words (``role_paraphrases``: « qui tient les comptes… » asks the treasurer), or
    by what the person heads (``head_of``: « à la tête de la mairie » asks the maire, « …de l'association » its
    président); a key of ``attributes``, else None."""
    line = " ".join(folded.split())[:200]
    d = data()
    for role, phrases in d["role_paraphrases"].items():
        # (whole words: « les comptes rendus » are no accounts)
        if any(re.search(rf"(?<![\w-]){re.escape(p)}(?![\w-])(?!\s+rendus?\b)", line) for p in phrases):
            return role
    head = _HEAD_OF.search(line)
    if head is not None:
        return next((role for role, nouns in d["head_of"].items() if head.group(1) in nouns), None)
    return None


def _role_asked(folded: str, original: str) -> str | None:
    """The role a « who holds it? » question asks of a person, when no table knows it (« le primar de la
    ville de Soroca c'est qui ? »): a noun that names no kind of body (« Qui est l'opérateur… ? », « Qui est
    le partenaire… ? » may be answered by an association) and no name (« Qui est le Comité… ? »). A name asked
    of a role word (``_NAMED_ROLE``) is one too."""
    line = " ".join(folded.split())[:200]
    named = _NAMED_ROLE.search(line)
    role_words = data()["role_words"]
    if named is not None and (word := named.group("a") or named.group("b")) in role_words:
        # (« le premier village », « l'ancienne école » are no roles; « Quelle commune a été désignée comme chef de
        # file ? » asks a body: a person only after « qui » or « quel agent », « quelle coordinatrice »)
        asker = re.match(r"(?:et\s+)?(?:qui|quel|quelle)\s+([^\W\d_][\w-]*)", line)
        if named.group("a") is not None and word not in _NOT_ROLES:
            return word
        if named.group("b") is not None and asker is not None and (line.startswith(("qui", "et qui"))
                                                                  or asker.group(1) in role_words):
            return word
    m = _ROLE_ASKED.match(line)
    if m is None:
        return None
    # « première adjointe » is an « adjointe »; a « vice-gouverneure » is no « gouverneure »
    role = re.sub(r"^(?:premier|premiere)[\s-]+", "", re.sub(r"[\s-]+", "-", m.group("a") or m.group("b")))
    head = role.rsplit("-", 1)[-1]
    d = data()
    bodies = {*d["entity_nouns"], *d["institution_nouns"], *d["partner_nouns"], *d["authority_nouns"], *d["body_roles"]}
    if role in d["attributes"]:
        return role
    if head in bodies or head in stopwords() or _capitalised_in(head, original):
        return None
    return role


def _role_family(role: str) -> tuple[str, ...]:
    """The folded words that state a role in either gender, hyphen or space (« adjointe » → « adjoint »;
    « vice-gouverneure » → « vice-gouverneur », « vice gouverneur »)."""
    stem = role[:-1] if role.endswith("e") and len(role) > 4 else role
    return tuple(dict.fromkeys((stem, stem.replace("-", " "))))


def _who_term(folded: str, original: str) -> str | None:
    """The word a « who are the X? » asks the meaning of, or ``None``: a plural that French does not mark (« les
    matai », « les unimane »: no final s, x or z) is a word of another language, and asked of a whole group,
    without a « de… » that names one, it asks what they are, not their names (« Qui sont les partenaires ? »,
    « Qui sont les membres de la délégation ? » ask names). A capitalised word is a name (« les Kaitu »)."""
    m = _WHO_ARE.match(" ".join(folded.split())[:200])
    if m is None:
        return None
    word = m.group("a") or m.group("b")
    if word.endswith(("s", "x", "z")) or _capitalised_in(word, original):
        return None
    return word


def _content_word(word: str) -> bool:
    """Whether a word is neither a stop word nor a question word (« c'est » is none: « c », « est »)."""
    return fold(word) not in stopwords() and fold(word) not in QUESTION_WORDS


#: What opens a clause about a definition's term, after it (folded): a relative pronoun (« dont parlent les
#: éleveuses », « qu'utilisent les collectrices ») or a participle saying where the term is used (« mentionné dans le
#: rapport », « évoquée par la convention », « prévu à l'article 5 »). (A run of blanks is entered at its first one
#: only: linear.)
_QUALIFIER = re.compile(
    r"(?<!\s)\s+(?:(?:dont|qui|que|(?:mentionn|evoqu|utilis|employ)ee?s?|prevue?s?|decrite?s?)(?=\s|$)|qu')"
)


def _definition_subject(folded: str, english: bool, original: str = "") -> str | None:
    found = _subject_first(folded)
    if found is None:
        # on one-spaced text: runs of blanks before the subject would make the pattern try every split
        m = _DEFINED.search(" ".join(folded.split()))
        if not m:
            return None
        found = m.group("subject").strip()
        if m.group(0).startswith("what does ") and not re.search(r"\b(?:mean|stand\s+for)\W*$", folded):
            return None  # « What does La Rochelle do with Kendari? » asks what it does, not what a word means
    # « Moteurs de recherche : le « cache », c'est quoi ? »: the topic before a colon is no part of the subject
    found = found.rsplit(" : ", 1)[-1].strip(' «»"')
    # « Le livret scolaire (LSUN) : c'est quoi ? Peut-on s'y opposer » ends with another question
    if re.search(r"-(?:t-)?(?:on|il|elle|ils|elles)\b", found):
        return None
    # « l'AFD », « le FICOL » — but not the letters of « AFD » or « LEADER » themselves
    subject = re.sub(r"^(?:l'|(?:le|la|les|un|une|des|du|the|a|an)\s+)", "", found)
    subject = re.sub(r"\s+(?:exactement|precisement|donc|au juste)$", "", subject).strip(" ?.")
    subject = re.sub(
        r"^(?:(?:le\s+|la\s+|l')?(?:sigle|acronyme|abreviation|terme|mot|expression|notion|the\s+acronym|"
        r"the\s+term|term|word|acronym)\s+)",
        "",
        subject,
    ).strip(' «»"')
    # « Qu'est-ce que le Département a financé à Goris ? » asks for a fact, not a definition (« qu'est-ce qu'un
    # barrio à Utuado ? » asks what a barrio is: see _ASKS_FACT)
    place = _PLACE_AFTER_A.search(subject)
    # (« c'est quoi un fokontany a Antsirabe »: « Antsirabe » is a place, not a participle ending in « e »)
    # (« l'appel à projets triennal de la DAECT » is a name: its « à » is no verb)
    tested = _CALL_FOR_PROJECTS.sub("appel-projets", subject)
    if _ASKS_FACT.search(tested[: place.start()] if place and _capitalised_in(place.group(1), original) else tested):
        return None
    # « le GTM dans la convention Toulouse–Curitiba », « le FBSI à Besançon »: the term, not where it is used
    # (« l'appel à projets… » keeps its « à »)
    where = r"(?<!appel)(?<!appels)\s+(?:dans|selon|chez|au\s+sein\s+d\S*|au|aux|a|in|under)\s+"
    # (« la maison à hosh », « l'arbre à encens »: in a question written with capitals and accents, an « à » before
    # the subject's last word, in lower case, joins the term's own words, not a place; « c'est quoi un MRF a
    # tagbilaran » writes neither)
    cased = original[:1].isupper() and re.search(r"\sà\s", original) is not None
    parts = re.split(f"({where})", subject, maxsplit=1)
    if not (
        cased
        and len(parts) == 3
        and re.fullmatch(r"\s+a\s+", parts[1])
        and re.fullmatch(r"[\w-]+", parts[2]) is not None
        and not _capitalised_in(parts[2], original)
    ):
        subject = parts[0]
    # « Qu'est-ce que le lemmbol dont parlent les éleveuses ? », « …le fonds mentionné dans le rapport ? »: what the
    # clause after the term says of it (who speaks of it, where it is used) is no part of the term
    qualified = _QUALIFIER.search(subject)
    if qualified is not None and any(_content_word(w) for w in words(subject[: qualified.start()])):
        subject = subject[: qualified.start()]
    # (« Que veut dire « apport valorisé » dans la convention… ? »: the quotes closed before the place go too)
    subject = subject.strip(' «»"')
    # (a word with a hyphen counts once: « l'Office franco-tunisien de la jeunesse », « la Biennale internationale
    # design de Saint-Étienne » are names of four words, not six)
    content = [token for token in subject.split() if any(_content_word(w) for w in words(token))]
    if not content or len(content) > 4:
        return None
    return subject
