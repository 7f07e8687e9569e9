"""Candidate answer sentences and their features, scored by a linear model.

Every sentence (or list block) of the best passages becomes a :class:`Candidate` with a feature
vector (:data:`FEATURES`: similarity, coverage of the question's words, typed spans of the asked
kind, labels and non-sentences, context, attribute, time relation…); the weights in
``data/answer_scorer.json`` are fitted by ``scripts/train_answer_scorer.py`` on our own questions.
"""

from __future__ import annotations

import bisect
import itertools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from importlib import resources

import numpy as np

from .. import spans
from ..answering_data import edition_nouns, edition_pattern
from ..answering_data import words as data_words
from ..french import fold, straighten
from ..french.patterns import LIST_ITEM, TOLD_FIRST, TOLD_NEXT, TOLD_OPENER, TOLD_THEN, labels
from ..metadata import authority_keys, countries_mentioned, gazetteer
from ..question import COUNTED_NOUN, AnswerType, QuestionAnalysis, analyse, data, in_present
from ..retrieval import Retrieval
from ..spans import SpanKind
from ..store import SentenceVector
from ..textnorm import QUESTION_WORDS, match_keys, named_words, split_sentences, stopwords, term_keys, words
from ..types import Chunk, Hit, Sentence
from .profile import QuestionProfile, holds_key, name_keys
from .values import Candidate

#: How many top passages the answer's sentences may come from.
ANSWER_PASSAGES = 12
#: … but first only from this many: the deeper ones are searched when these hold no answer.
FIRST_PASSAGES = 4
#: A short line of its own (at most LABEL_WORDS words, no final punctuation) is a label, not a sentence.
LABEL_WORDS = 5


#: The features a candidate sentence is scored on (a linear model, see ``data/answer_scorer.json``).
FEATURES: tuple[str, ...] = (
    "bias",
    "similarity",  # cosine of the query to the sentence
    "coverage",  # rarity-weighted share of the question's words in the sentence (and its context)
    "focus",  # the same, over the question's words that the passage's title and heading do not hold
    "named",  # share of the question's proper nouns in the sentence (and its context)
    "turn_named",  # a follow-up that names something (« Et pour Kaya ? »): share of those names in the sentence
    "passage",  # fused retrieval score of its passage
    "passage_rank",  # 1 / rank of its passage
    "typed",  # a date, number or amount question, and the sentence holds one the question does not
    "untyped",  # such a question, and the sentence holds none
    "name_new",  # a name question, and the sentence brings a name the question does not hold
    "acronym_new",  # a name question, and the sentence brings an acronym
    "place_new",  # a place question, and the sentence names a partner place of the corpus the question does not
    "time_relation",  # the relation asked is stated: « au plus tard le… », « depuis… », « ne peut dépasser… »
    "defines",  # a definition question, and the sentence defines its subject
    "not_sentence",  # publication line, caption, breadcrumb, menu
    "label",  # a heading, or a short line of its own
    "list_block",  # a list question, and the sentence is a lead-in with its items (share of 4 items)
    "list_names",  # a list question, and the names the sentence brings (share of 4; countries if countries are asked)
    "list_places",  # a list question about places, and the partner places (or countries) the sentence names (of 4)
    "heading",  # a list question, and the sentence sits under a heading naming what is listed (« Partenaires »)
    "context",  # the sentence leans on the previous one, quoted with it
    "attribute",  # the question asks an attribute and the sentence states it
    "question_numbers",  # share of the question's numbers and years the sentence (and its context) holds
    "year_conflict",  # the question names a year, the sentence (and its context) other years but not it
    "time_other",  # « Jusqu'à quand… ? » and a sentence stating a start only (« ouverte à partir du… »), or reverse
    "person",  # « Qui… ? » and the sentence names a person (« M. Karim Benaïssa »)
    "signing",  # the question asks about a signature and the sentence is one (« Fait à Rennes, le … »)
    "words",  # log of the number of words
)


#: The judgements the candidate itself carries (see :class:`~.values.Candidate`), scored beside :data:`FEATURES`:
#: each is 1.0 or 0.0. The rules of :mod:`.compose` read them as hard conditions; the scorer learns how much each
#: one tells that a sentence answers, on questions and documents it was not written for (see
#: ``scripts/train_answer_scorer.py``, which measures it corpus by corpus left out).
JUDGEMENTS: tuple[str, ...] = (
    "answers",  # holds an answer of the asked type and attribute, and is a real sentence
    "only_requested",  # every amount it gives the giver is one asked of it
    "states_relation",  # states the deadline, ceiling, floor or signature asked
    "other_place",  # names another partner place of its document, not the one asked
    "other_time",  # a value of the asked type stated of another year or period
    "is_block",  # a lead-in with its list items
    "says_what",  # a definition question: defines the subject in words, not only by an acronym's expansion
    # (« defines », its union with spells_out, is already in FEATURES)
    "spells_out",  # spells out the acronym asked
    "lists_noun",  # a list whose lead-in or heading names the asked noun
    "owns_list",  # …and names the question's subject
    "states_agent",  # « Qui finance X ? »: says by whom
    "states_predicate",  # says the predicate counted (« formés »)
    "counts_noun",  # a number of it counts the asked noun
    "column_asked",  # a table row naming what is asked, its value under the column asked
    "to_recipient",  # gives something to the recipient named
    "dates_vote",  # the sitting line of the deliberation that votes what is asked
    "novel_name",  # brings a name the question does not hold
    "typed_any",  # holds a span of the asked type (a name, for a name question) the question does not
)
#: What the scorer's weights are over: the sentence's features, then its judgements.
SCORER_FEATURES: tuple[str, ...] = FEATURES + JUDGEMENTS


def scorer_vector(candidate: Candidate, features: np.ndarray) -> np.ndarray:
    """The vector the scorer weighs (:data:`SCORER_FEATURES`): ``features`` then the candidate's judgements."""
    judged = [float(bool(candidate.typed)) if name == "typed_any" else float(bool(getattr(candidate, name)))
              for name in JUDGEMENTS]  # fmt: skip
    return np.concatenate([features, np.array(judged, dtype=np.float64)])


def closeness(candidate: Candidate) -> float:
    """The part of a candidate's score its sentence features give (:data:`FEATURES`), without its judgements: how
    close it is to the question. Rules that let a sentence give way to another « as close » measure it by this."""
    if len(candidate.features) != len(FEATURES):
        return candidate.score
    return float(np.asarray(candidate.features) @ scorer_weights()[: len(FEATURES)])


@lru_cache(maxsize=1)
def scorer_weights() -> np.ndarray:
    """The weights of :data:`SCORER_FEATURES` (``data/answer_scorer.json``, made by
    ``scripts/train_answer_scorer.py`` from our own evaluation questions; a name the file lacks weighs 0)."""
    raw = json.loads(resources.files("assistant").joinpath("data/answer_scorer.json").read_text(encoding="utf-8"))
    weights = raw["weights"]
    return np.array([float(weights.get(name, 0.0)) for name in SCORER_FEATURES], dtype=np.float64)


def sentence_candidates(
    retrieval: Retrieval,
    vectors: Sequence[SentenceVector],
    profile: QuestionProfile,
    analysis: QuestionAnalysis,
    passages: int = ANSWER_PASSAGES,
    turn: str | None = None,
    parts_of: tuple[str, int, int] | None = None,
) -> list[tuple[Candidate, np.ndarray]]:
    """Every candidate answer sentence of the ``passages`` best passages with its feature vector;
    ``turn`` is a follow-up's own words when the search query rewrote it. With ``parts_of`` (document,
    start, end of a chosen sentence), only that sentence's list items or clauses (see
    :func:`_item_lines`, :func:`_clauses`): they are looked at for the chosen sentence alone."""
    qv = retrieval.query_vector
    by_span = {(v.start, v.end, v.doc_id): v.vector for v in vectors}
    qfold = analysis.folded
    # a value is new when neither the question nor the answer already given to its conversation holds it
    known = f"{qfold} ({analysis.answered})" if analysis.answered else qfold
    out: list[tuple[Candidate, np.ndarray]] = []
    span_kind = analysis.type.span_kind
    strong = span_kind in (SpanKind.DATE, SpanKind.NUMBER, SpanKind.AMOUNT, SpanKind.DURATION)
    is_date = span_kind is SpanKind.DATE
    family = analysis.attribute_words  # « habitants » is also stated as « population », « âmes »
    q_years = set(_YEARS.findall(qfold))
    q_labels = labels(qfold)  # « la phase 3 », « la 2e tranche », « la première phase »
    q_ranks = edition_ranks(qfold)  # « la deuxième convention »
    q_renewed = renewed_editions(qfold)  # « the renewed cooperation agreement »: not the first one
    # the acronyms the question names (« le SIESS »), which a sentence may spell out
    q_spelt = bool(re.search(r"\b[A-Z][A-Z0-9]{1,9}\b", analysis.text[:400]))
    costed = _costed_thing(qfold) if span_kind is SpanKind.AMOUNT else None  # « combien a coûté le bibliobus »
    q_territories = territories(qfold)  # « la ville de Tanga »
    population = asks_population(analysis)
    # « Combien de membres compte le groupement ? » asks the size of a whole, not how many of it do something
    asks_size = span_kind is SpanKind.NUMBER and not analysis.is_list and _asks_size(qfold)
    q_requests = bool(set(_LETTERS.findall(qfold)) & set(data()["requesting"]["question"]))
    # « Combien l'Agence de l'eau Adour-Garonne apporte-t-elle… ? »: the giver is named, the amount is its own
    by_verb = _giver_keys_by_verb(analysis.text, profile.named) if span_kind is SpanKind.AMOUNT else ()
    giver = by_verb or (_share_giver_keys(analysis.text) if span_kind is SpanKind.AMOUNT else ())
    # (a giver named only after the noun of its share, « la contribution de la Communauté de communes du Pays de
    # Mormal », may be called by its kind alone in its own convention: its share is looked for, not its name)
    giver_by_share = bool(giver) and not by_verb
    # …and the words that say who (« la Municipalidad de Cobán »): a sentence whose own giver is another is out
    giver_words = _giver_words(analysis.text) if giver else set()
    # …the acronyms it names beside its giver (« accordé au SIEPVN »): another than the giver
    q_others = question_acronyms(analysis.text, giver_words) if giver else frozenset()
    # …or a kind of authority (« le Département »), which gives in its own documents (no keys of a name)
    kind_giver = _giver_words(analysis.text) if span_kind is SpanKind.AMOUNT and not giver else set()
    # « Et combien a-t-elle obtenu ? »: what someone granted, maybe one item of a list of answers to requests
    asks_obtained = span_kind is SpanKind.AMOUNT and not set(_LETTERS.findall(qfold)).isdisjoint(
        data()["receiving_verbs"]
    )
    # « Quel montant le MEAE a-t-il notifié… ? »: what was granted, not a financing plan nor a request
    asks_granted = span_kind is SpanKind.AMOUNT and costed is None and not q_requests and _asks_granted(qfold)
    # « Quelle était l'enveloppe de l'appel à projets… ? »: a sentence that states an envelope
    asks_envelope = span_kind is SpanKind.AMOUNT and not set(_LETTERS.findall(qfold)).isdisjoint(
        data()["envelope"]["question"]
    )
    # « Qui est le maire de… ? » is answered by a person (« M. … »), not by « M. le Maire de Metz »
    wants_person = analysis.wants_person
    q_names = set(name_keys(analysis.text))
    # « qui est le maire de brixham ? » typed without capitals names no place: the word after the role is the place
    role_of = _role_complement(qfold, analysis.attribute_words) if wants_person and not q_names else None
    asked_role_place = _role_complement_word(qfold, analysis.attribute_words) if wants_person else None
    # « le centre de santé de Kolenté »: what the question names by a noun and a name (a sibling is out, below)
    q_of_names = () if analysis.is_list else of_names(analysis.text[:MAX_OF_NAMES_TEXT])
    # « De combien… ? », « Quelle part… ? »: a variation or a share, which a sentence may say in words (« un quart »)
    asks_share = span_kind is SpanKind.NUMBER and _ASKS_SHARE.search(qfold) is not None
    # …and « De combien… ont-elles augmenté ? » a variation, which the answer must say (see the rule below)
    asks_variation = asks_share and _starts_with_any(qfold, data()["variation"]["question"])
    # « Combien a coûté la khettara d'Agouni ? »: the other things the passages name by the same noun (« la khettara
    # de Tizgui »), whose value is no answer (see _names_only_sibling)
    siblings = (
        sibling_names(
            q_of_names,
            [h.chunk.text for h in retrieval.hits[:passages]],
            [n for h in retrieval.hits[:passages] for n in (h.chunk.metadata.authority, *h.chunk.metadata.places) if n],
        )
        if strong and q_of_names and parts_of is None
        else frozenset()
    )
    # « les villages albanais », « quelle ville arménienne »: the passage must not be about another country
    q_countries = countries_mentioned(analysis.text)
    # (« jusqu'à quand court la convention signée en 2024 ? » asks its end: « signée » only says which convention)
    asks_signing = analysis.time_relation != "deadline" and _cue_pattern("signing", "question").search(qfold)
    signing = _cue_pattern("signing", "sentence") if asks_signing else None
    # « Depuis quand Sète est jumelée avec Lamu ? »: a twinning, not any agreement signed with the town (a question
    # about a signature is answered by the signature line of the charter, which need not say « jumelage »)
    asks_twinning = is_date and not signing and _ASKS_TWINNING.search(qfold[:400]) is not None
    # « Quand la rizerie de Bati a-t-elle été inaugurée ? »: the event asked (opened, created, met), which the answer
    # must say
    # (a follow-up's own words: « Et celles de Kpimé ? » after « …a-t-elle rouvert ? » may be answered by a delivery)
    events = (
        asked_events(qfold)
        if is_date and turn is None and not analysis.is_list and analysis.time_relation != "deadline"
        else ()
    )
    signed = _signed_objects(qfold)[:1] if signing else ()  # « …signée la convention… » : an agreement
    # « la convention de coopération »: the complement that tells the agreement asked from another (« d'amitié »)
    agreements = agreement_complements(qfold[:400]) if signed else frozenset()
    # « la phase 2 a été votée quand »: the sentence that states the vote (not a signature, nor a period)
    asks_vote = not signing and _cue_pattern("voting", "question").search(qfold) is not None
    voting = _cue_pattern("voting", "sentence") if asks_vote else None
    # « Quand le Conseil de district de Grand Port a-t-il approuvé… ? »: the words that tell that assembly
    voter = _voting_body(qfold) if asks_vote else set()
    wants_country = bool(re.search(r"\b(?:pays|country|countries)\b", qfold))
    # « What is decentralised cooperation? »: the French of the subject's words (« decentralisee », « cooperation »)
    subject_french = (
        _french_words(analysis.subject or "")
        if analysis.language == "en" and analysis.type is AnswerType.DEFINITION
        else ()
    )
    # « Où la convention a-t-elle été signée ? »: the place of a signature, at home too (« Fait à Rennes »)
    signed_where = signing is not None and analysis.wants_place and not analysis.is_list
    asks_who = analysis.type is AnswerType.NAME and bool(re.search(r"\b(?:qui|who)\b", qfold))
    # « Comment s'appelle le chancelier communal… ? », « nom de l'executive officer… », « Who is the town clerk of… ? »
    # ask a proper name: a sentence that writes none but the question's (« Le Town Clerk de Manzini, qui dirige
    # l'administration… ») does not answer, however well it names the role
    asks_proper_name = (
        analysis.type is AnswerType.NAME
        and not analysis.is_list
        and not analysis.wants_place
        and _ASKS_PROPER_NAME.match(qfold) is not None
    )
    # …and the sentence, its context or its headings write what is named (« l'executive officer », « la troisième
    # école »), when no table knows the word (« Priya Saxena-Rathore, directrice du Centre… » names no officer)
    named_noun = _named_noun(qfold) if asks_proper_name and analysis.attribute is None else None
    # « À quelles dates ont eu lieu les missions techniques… ? »: the event a date question says took place, which the
    # sentence, its context or its headings must name (« Cinq stagiaires ont été accueillis du 8 septembre au… » dates
    # no mission)
    # (a signature or an event of its own table is told by its own words: « Fait à Rennes, le… », « inaugurée »)
    event_noun = _event_noun(qfold) if is_date and turn is None and not signing and not events else ()
    # …and « en 2025 » says when it took place: a date of another year is not its date
    # (not « le projet sélectionné en 2024 »: a year after a participle says when that was done)
    event_years = {
        m.group(2)
        for m in _EVENT_YEAR.finditer(qfold[:400])
        if event_noun and (m.group(1) == "lieu" or not _PARTICIPLE_END.search(m.group(1)))
    }
    # a follow-up's own names (« Et pour Kaya ? ») must be in the passage, not only the earlier turns'
    turn_named = name_keys(turn) if turn else ()
    q_numbers = set(re.findall(r"\d+", qfold))
    # « Qui finance / cofinance / pilote X ? »: the sentence that says by whom (« X est cofinancé par … »)
    agent = _agent_pattern(qfold)
    # « Quel montant Bordeaux verse-t-il à Cusco ? »: the grant to Cusco, not the one to an association
    q_recipients = _recipient_keys(qfold, q_names) if span_kind in (SpanKind.AMOUNT, SpanKind.NUMBER) else ()
    # « combien de kiosques », « combien il y a de kiosques », and in keywords « nombre de dossiers reçus… »
    counted_match = COUNTED_NOUN.search(qfold) or (
        (_NUMBER_OF.search(qfold) or _NUMBER_OF_KEYWORDS.search(qfold)) if analysis.type is AnswerType.NUMBER else None
    )
    counted = counted_match.group(1) if counted_match else _counted_before(qfold, analysis.answered)
    # « How many school kits were shipped…? »: a sentence that counts « kits » (the glossary's French words of its
    # noun) is put first when a close one does, not « deux palettes » (a preference only: « farmers » may be counted
    # as « sériciculteurs », a word no glossary gives)
    english_count = counted is None and analysis.language == "en" and span_kind is SpanKind.NUMBER
    counted_french = _english_counted(qfold) if english_count else ()
    # « En combien de versements… ? » is answered by « en trois tranches »: the words of its family count it too
    counted_as = (counted, *data()["counted_families"].get(counted, ())) if counted else (None,)
    # a count of things is of the noun written with the number; an attribute (« habitants ») may be said otherwise
    strict_count = analysis.attribute is None
    predicate = _count_predicate(qfold) if span_kind is SpanKind.NUMBER else None
    asked_participle = _asked_participle(qfold) if span_kind is SpanKind.NUMBER else None
    units = _measure_units(qfold) if span_kind is SpanKind.NUMBER else ()
    # « Quel prix … pour un kilo de café cerise ? »: the unit the amount is asked per
    per_unit = _per_unit(qfold) if span_kind is SpanKind.AMOUNT else None
    # « Combien d'élèves compte l'école… ? »: the body or place that holds the count (the sentence's must be the same)
    holder = _size_holder(qfold, counted) if span_kind is SpanKind.NUMBER and not analysis.is_list else None
    # (a flow, or any measure the question asks per day, per hour: « Quel volume… distribuent-elles chaque jour ? »)
    per_time = bool(units) and (_measure_per_time(qfold) or _ASKS_PER_TIME.search(qfold[:400]) is not None)
    # (the unit of time the question asks, « chaque jour » → « jour »: « 4 300 mètres cubes par an » is no daily volume)
    asked_time = _time_unit(qfold[:400])
    # the words a table's column may be asked by (a follow-up's own: « Et après l'avenant ? »)
    column_keys = match_keys(turn or analysis.text) - _generic_column_keys()
    relation = _relation_pattern(analysis.time_relation)
    # « Jusqu'à quand court la convention… ? »: the end of an agreement or a programme, which a sentence states by an
    # end cue, a period or a duration
    # (a verb of lasting and an agreement: not « la date limite de dépôt des dossiers pour le programme… », nor « la
    # subvention accordée… est valable jusqu'à quand »)
    term_nouns = {m.group().rstrip("s") for m in _TERM_NOUN.finditer(qfold[:400])}
    asks_term_end = bool(
        relation is not None
        and is_date
        and analysis.time_relation == "deadline"
        and term_nouns
        and _TERM_ASKED.search(qfold[:400])
    )
    # …and the agreement it names, which the sentence, its context or its document must name too
    term_nouns = {f for n in term_nouns for f in _TERM_FRENCH.get(n, (n,))} if asks_term_end else set()
    other = _relation_pattern(_OTHER_RELATION.get(analysis.time_relation or ""), period=False)
    listed = term_keys(analysis.list_noun) if analysis.list_noun else None
    # the words a list's lead-in may use for the asked noun (« objectifs »: « buts », « vise à »), and the
    # question's other words, one of which names the list's owner (« …de la phase 2 du programme X »)
    list_family = _list_family(analysis.list_noun) if analysis.list_noun else ()
    owner_terms = tuple(
        (st, pre) for st, pre, _ in profile.terms if (st, pre) != listed and (st, pre) not in list_family
    )  # fmt: skip
    eligible = analysis.is_list and analysis.asks_eligibility
    # « Quels villages… ? », « Avec quelles villes… ? »: the items of a list of places are names
    names_places = analysis.list_noun is not None and fold(analysis.list_noun) in data()["place_nouns"]
    # « Quelles autres collectivités… ? » is answered by the sentence that names local authorities
    wants_authorities = analysis.list_noun in data()["authority_nouns"]
    q_spaced = " ".join(re.split(r"[\s'-]+", qfold))  # « seine-saint-denis » as the authority keys spell it
    # a follow-up's own names: those of its context (the earlier turns) are the passage's business
    own_names = name_keys(analysis.text) if turn else ()

    def _names_all(keys: set[str]) -> bool:
        """Whether ``keys`` hold every name of the question (of a follow-up: of its own words)."""
        if turn:
            return all(holds_key(st, pre, keys) for st, pre in own_names)
        return profile.missing_named(keys) == 0.0

    def candidate(unit: _Unit, passage: _Passage, chunk: Chunk, sent: Sentence) -> tuple[Candidate, np.ndarray]:
        """A unit (sentence, list block or list item) with its features."""
        text, hit = unit.text, unit.hit
        # a list inside one sentence counts for the nouns of a family only (« objectifs », « priorités »): read
        # for any noun, it made scraped pages whose lists lost their line breaks answer worse (CNIL)
        lead = _lead_clause(text) if unit.is_block else _inline_lead(text) if listed is not None else ""
        if (
            lead
            and not unit.is_block
            and not list_family
            and _ANNOUNCED.search(fold(lead)) is None
            # (or counted just before the colon: « Les formations portent sur trois métiers : la taille de pierre… »)
            and _COUNTED_LEAD.search(fold(lead[-80:])) is None
        ):
            # of a noun of no family, an inline list counts only when announced (« les sites suivants : »)
            lead = ""
        lead_keys = match_keys(lead) if lead else set()
        # the lead-in names the asked noun (« La phase 2 poursuit quatre objectifs : … ») or its family
        names_list = listed is not None and any(
            holds_key(st, pre, lead_keys) for st, pre in (listed, *list_family)
        )  # fmt: skip
        own_keys = keys = match_keys(text)
        folded = context_folded = fold(text)
        if unit.context_text is not None:
            keys = keys | match_keys(unit.context_text)
            context_folded = fold(unit.context_text) + " " + context_folded
        stated = folded  # where a relation (« plafond », « au plus tard ») is looked for
        if unit.header is not None:
            # a table row is read with its header row (« Catégorie | Plafond de la subvention | Taux »)
            keys = keys | match_keys(unit.header)
            context_folded = fold(unit.header) + " " + context_folded
            stated = fold(unit.header) + " " + stated
        found = spans.find(text, span_kind) if span_kind else []
        if span_kind is SpanKind.AMOUNT and unit.header is not None:
            # « Grand Cognac | 45 000 | 55 500 » under « Financeur | Convention initiale (euros) | Après avenant
            # (euros) »: the currency is the column's, the bare numbers of the row are its amounts
            # (only in the row of what the question names, « Grand Cognac | 45 000 | 55 500 », or in its total row for a
            # question that asks a total: not « Ministère … | 150 000 » for the contribution of Surabaya)
            row_label = match_keys(text.split("|", 1)[0])
            if any(holds_key(st, pre, row_label) for st, pre in profile.named) or (
                _TOTAL_ROW.match(fold(text)) is not None and _ASKS_TOTAL.search(qfold[:400]) is not None
            ):
                found += [c for c in _cells_in_currency(unit.header, text)
                          if not any(c.start < f.end and f.start < c.end for f in found)]  # fmt: skip
        if span_kind is SpanKind.NUMBER and counted is None:
            found += spans.find(text, SpanKind.AMOUNT)  # a bare « Combien… ? » may ask an amount
        typed = spans.novel(found, known)
        row_counts: list[spans.Span] = []
        if span_kind is SpanKind.NUMBER and counted is not None and unit.header is not None:
            # « Déchets collectés (tonnes) | 1 850 | 2 460 » under « Indicateur | 2024 | 2025 »: the row's label (or
            # the column's header) names what its bare cells count
            row_counts = _cells_counting(unit.header, text, [c for c in counted_as if c])
        if span_kind is SpanKind.NUMBER:
            typed = [
                t
                for t in typed
                if t.kind is SpanKind.AMOUNT
                or any(spans.counts(text, t, c, member=c != counted, strict=strict_count) for c in counted_as)
            ]
            typed += [c for c in row_counts if not any(c.start < t.end and t.start < c.end for t in typed)]
            if unit.header is not None and _label_sets_aside(text, qfold):
                # « Demandes restées sans réponse | 3 » does not count the requests « adressées »: its label says what
                # was set aside, lost or left, which the question does not ask
                typed = []
            if counted_french:
                # (« 1 450 livres et 320 kits scolaires » for « How many school kits…? »: the kits first)
                typed.sort(key=lambda t: not any(spans.counts(text, t, c) for c in counted_french))
        if asks_share:
            # « De combien les prises ont-elles augmenté ? » → « …d'environ un quart »: a share said in words
            typed = [*typed, *(f for f in spans.fractions(text) if not any(f.start < t.end and t.start < f.end
                                                                          for t in typed))]  # fmt: skip
        if units:
            # « Quelle distance… ? » wants kilometres, not « les deux collectivités »
            # (a flow, in a unit of time too: « 36 mètres cubes d'eau par jour », not « le château d'eau de 10 m³ »)
            # (a row's cells are in the unit its label names: « Déchets collectés (tonnes) | 1 850 | 2 460 »)
            typed = [
                t for t in typed
                if (any((c.start, c.end) == (t.start, t.end) for c in row_counts) or _with_unit(text, t, units))
                and (not per_time or _per_time(text, t, asked_time))
            ]  # fmt: skip
        if event_noun and q_years and not analysis.is_list and typed and not q_years & set(_YEARS.findall(text)):
            # « …les missions techniques à Surabaya en 2025 ? » is not answered by « les 18 et 19 février » of a report
            # whose title or section names another year only (a date without its year is of its document's; a
            # period « 2024-2026 » names the years between)
            titled = _years_spanned(fold(f"{chunk.title} {chunk.section}"))
            if titled and not titled & q_years:
                typed = [t for t in typed if _YEARS.search(t.text)]
            if event_years:
                typed = [t for t in typed if not (said := set(_YEARS.findall(t.text))) or said & event_years]
        if per_unit is not None:
            # « 3,95 dollars la livre » is no price per kilo
            typed = [t for t in typed if not _per_other_unit(text, t, per_unit)]
        if holder is not None:
            # « La classe de Mme Raynal, qui compte 24 élèves » does not say how many the school has
            typed = [t for t in typed if not _other_holder(text, t, holder, profile.named)]
        if unit.header is not None and q_years & set(_YEARS.findall(fold(unit.header))):
            # « Dossiers reçus | – | 31 » under « | Édition 2026 | Édition 2025 »: the 31 is 2025's, not an
            # answer about 2026 (a value is kept under a column that names the year asked, or none)
            typed = [t for t in typed if not (years := _column_years(unit.header, text, t.start)) or years & q_years]
        column_asked = False
        if unit.header is not None and len(typed) > 1:
            # « Et après l'avenant n° 1 ? » over « GrandAngoulême | 45 000 | 55 500 » under « | Convention initiale |
            # Après avenant »: the value under the column the question (a follow-up: its own words) names
            # (the column that shares the most words with the question: « …à la convention après l'avenant ? » names
            # « Convention initiale » by one word and « Après avenant » by two)
            shared = {t: _column_shared(unit.header, text, t.start, column_keys) for t in typed}
            most = max(shared.values(), default=0)
            asked_cells = [t for t in typed if most and shared[t] == most]
            typed = asked_cells or typed
            # (a row that names what the question does, its value in the column asked: see compose)
            column_asked = bool(asked_cells) and any(holds_key(st, pre, match_keys(text)) for st, pre in profile.named)
        names = spans.novel(spans.find(text, SpanKind.NAME), known)
        attr_ok = bool(analysis.attribute) and _states_attribute(context_folded, analysis.attribute_words)
        is_definition = analysis.type is AnswerType.DEFINITION
        spelled = is_definition and _spells_out(text, _acronym_asked(analysis))
        # (a question, « Le 1 % eau, comment ça marche ? », defines nothing: it is a heading)
        says_what = (
            is_definition
            and not text.rstrip().endswith("?")
            and (
                any(_defines(text, subject) for subject in analysis.subject_forms)
                or any(_defines_after(text, s, unit.context_text or unit.heading) for s in analysis.subject_forms)
                or bool(subject_french and _defines_words(text, subject_french))
                # the first sentence after a line that asks what the subject is (a FAQ's heading)
                or _after_asking(chunk, sent, analysis.subject_forms)
            )
        )
        defines = spelled or says_what
        # a menu line has cells like a table row; a row under a header with as many cells is data
        junk = (
            _not_a_sentence(folded) and not (unit.header is not None and unit.header.count("|") == text.count("|"))
        ) or _in_capitals(text)
        label = folded.strip(" :.") in passage.headings or (unit.within is None and _is_label(chunk, sent))
        is_name_q = analysis.type is AnswerType.NAME
        place_names = (
            _place_names(names, text, passage, wants_country, home_too=signed_where) if analysis.wants_place else set()
        )
        given_to = [match_keys(p) for p in _recipient_phrases(folded)] if q_recipients else []
        to_recipient = any(holds_key(st, pre, k) for k in given_to for st, pre in q_recipients)
        values = {
            "bias": 1.0,
            "similarity": unit.similarity,
            # the context lends its names, and half its words: a sentence does not outrank the
            # neighbour it borrows from
            "coverage": 0.5 * (profile.coverage(own_keys) + profile.coverage(keys)),
            "focus": profile.focus_coverage(own_keys, set(passage.heading_keys)),
            "named": 1.0 - profile.missing_named(keys),
            "turn_named": (
                sum(1 for st, pre in turn_named if holds_key(st, pre, keys)) / len(turn_named) if turn_named else 0.0
            ),
            "passage": hit.score,
            "passage_rank": 1.0 / hit.rank,
            "typed": float(strong and bool(typed)),
            "untyped": float(strong and not typed),
            "name_new": float(is_name_q and bool(names)),
            "acronym_new": float(is_name_q and any(n.text.isupper() and len(n.text) > 1 for n in names)),
            "time_relation": float(bool(relation and relation.search(stated))),
            "place_new": float(bool(place_names)),
            "list_places": (min(len(place_names), 4) / 4) if analysis.is_list else 0.0,
            "heading": float(listed is not None and holds_key(*listed, match_keys(unit.heading))),
            "defines": float(defines),
            "not_sentence": float(junk),
            "label": float(label),
            "list_block": (min(block_items(text), 4) / 4) if unit.is_block else 0.0,
            "list_names": (min(_listed_names(names, wants_country), 4) / 4) if analysis.is_list else 0.0,
            "context": float(unit.context_text is not None),
            "attribute": float(attr_ok),
            "words": float(np.log1p(len(text.split()))),
            "question_numbers": (
                len(q_numbers & set(re.findall(r"\d+", context_folded))) / len(q_numbers) if q_numbers else 0.0
            ),
            "year_conflict": float(_year_conflict(q_years, context_folded)),
            "time_other": float(bool(other and other.search(folded) and not (relation and relation.search(stated)))),
            "person": float(asks_who and bool(_PERSON.search(text))),
            "signing": float(bool((signing and _signs(signing, folded)) or (voting and voting.search(folded)))),
        }
        features = np.array([values[name] for name in FEATURES], dtype=np.float64)
        # « la phase 2 a été votée quand » : the sitting line of the deliberation that votes the phase (« Séance du 27
        # mai 2024 », « Fait à Laval, le 27 mai 2024 ») dates the vote, though it says no « voté »
        own_vote = bool(
            voting and is_date and typed and _dates_own_vote(folded, chunk, profile, q_labels, qfold, voter)
        )
        # « Combien l'Agence apporte-t-elle ? » is answered by the subsidy it grants, rather than by the one the
        # Syndicat will request of it (kept, the request quoted, when no sentence says what was granted)
        only_requested = bool(
            giver
            and not q_requests
            and _only_requested(folded, _giver_values(folded, giver, [fold(t.text) for t in typed]))
        )
        other_time = bool(
            strong
            and not analysis.is_list
            and _time_conflict(qfold, context_folded, is_date, end=analysis.time_relation == "deadline")
        )
        found_answer = (
            (not strong or bool(typed))
            and (
                not analysis.attribute
                or (attr_ok and (not span_kind or _near_attribute(folded, analysis.attribute_words, typed)))
            )
            and not junk
            and passage.named
            and not (asks_proper_name and not typed)
            and not (named_noun and not holds_key(*named_noun, keys | passage.heading_keys))
            and not (event_noun and not any(holds_key(*k, keys | passage.heading_keys) for k in event_noun))
            # a sentence about the phase 2 does not answer a question about the phase 3
            and not _label_conflict(q_labels, context_folded)
            # …nor a sentence about the first convention one about the second
            and not _rank_conflict(q_ranks, context_folded)
            # …nor by the first one a question about the renewed one (« La première convention, signée le… »)
            and not (q_renewed and _only_first(q_renewed, context_folded))
            # « Combien a coûté le bibliobus ? » is not answered by the cost of the programme it belongs to
            and not (costed and not _names_costed(costed, text, typed, unit, chunk))
            # …nor by what a funder granted for it (« le ministère a accordé une subvention de 20 000 euros »)
            and not (costed and _only_granted(folded))
            # « Combien la DAECT a-t-elle finalement accordé… ? » is not answered by the plan that put 25 000 euros in
            # front of the DAECT, nor by the 35 000 euros requested of it: the sentence (its context, its table header)
            # must say that a grant was decided or obtained
            and not (asks_granted and not _says_granted(context_folded))
            # « Combien la Ville a-t-elle demandé au ministère… ? » is not answered by the plan that leaves « le
            # solde » to the ministry, nor by the amount granted after the request: the sentence asks for an amount
            # (a list item of a financing plan, « - Agence française de développement : 150 000 euros », is left
            # alone)
            and not (
                span_kind is SpanKind.AMOUNT
                and q_requests
                and not unit.is_block
                and not (unit.context_text or "").rstrip().endswith(":")
                and _PLAN_ITEMS.search(text) is None
                # (an amount the sentence asks for, or a table row under a header that says so)
                and not _any_requested(folded, [fold(t.text) for t in (*typed, *_bare_amounts(text))])
                and not (unit.header is not None and _says_requested(fold(unit.header)))
            )
            # « Quelle était l'enveloppe de l'appel à projets 2024 ? » is not answered by a grant requested
            and not (asks_envelope and _envelope_words().search(context_folded) is None)
            # « Depuis quand Sète est jumelée avec Lamu ? » is not answered by « L'accord de coopération avec Lamu a été
            # signé le 27 juin 2023 »: the sentence, its context, its document's title or section says a twinning
            and not (
                asks_twinning
                and not _says_twinning(context_folded)
                and not _says_twinning(fold(f"{chunk.title} {chunk.section or ''}"))
            )
            # …nor, when it names no phase of its own, one of a document whose title names only the phase 1
            and not (q_labels and not labels(context_folded) and _label_conflict(q_labels, fold(chunk.title)))
            # nor by a sentence that does not name the giver the question names (the budget of the phase)
            # (the document's author gives in its own deliberation: « D'attribuer une subvention de … »)
            # (only its author: a note by the Région about Samarcande does not make Samarcande the giver)
            and not (
                giver
                and not giver_by_share
                and not any(holds_key(st, pre, keys | _author_keys(chunk)) for st, pre in giver)
                # (« La Région a accordé 30 000 euros… » in a passage that names the Région Auvergne-Rhône-Alpes)
                and not _giver_by_kind(text, giver, giver_words, passage.keys)
            )
            # nor by the total cost of what the giver takes part in (« le coût total du programme est estimé à 110 000
            # euros, le district de Nourata apportant en outre la main-d'œuvre… »): no giver's share
            # nor by the amount another gives (« Le Département apporte 44 000 euros » for « Combien la Municipalité
            # de Cobán versait-elle ? »), the giver being the subject of the giving verb before the amount: each
            # amount is a total or another's
            and not (giver and no_share(text, typed, _as_author(giver_words, chunk) if giver_words else None, q_others))
            # « Et combien met le Département ? » is not answered, in the report of a syndicate, by a line that names
            # no Département (a kind of authority is the giver in its own documents only)
            and not (kind_giver and _other_authors_line(kind_giver, keys | passage.heading_keys, chunk))
            # « Combien de membres compte le groupement Sonali ? » is not answered by « …la venue de deux membres du
            # groupement »: a count of some of it (« les 35 membres du groupement » would count them all)
            and not (asks_size and _only_parts(folded, [fold(t.text) for t in typed], qfold))
            # « Combien d'habitants compte Tanga ? » is not answered by « 212 habitants ont participé »
            and not (population and not _states_population(context_folded))
            # nor by the population of the territory that holds the place (« Antsirabe, chef-lieu de la région
            # de Vakinankaratra (environ 2,1 millions d'habitants…) », « …le canton d'Herzégovine-Neretva, qui
            # compte 220 000 habitants », « Le District de Leribe, dont le chef-lieu est Hlotse… Il compte… »)
            and not (population and _population_of_other(folded, unit.context_text, profile.named, qfold))
            # nor by the population of a place the sentence opens on and the question does not name, the
            # asked place named nowhere in it (« Levuka… est une ville d'environ 1 100 habitants » for Calvi)
            and not (population and _opens_on_other_place(text, context_folded, profile.named, unit.context_text))
            # « Quand la coopérative Las Semilleras a-t-elle été créée ? » is not answered by a date of another event
            # (« …en hausse par rapport à 2023, grâce à l'ouverture d'un second point… »): the quote, with its context,
            # says the event asked, in its words or a kindred one (« inaugurée » for « ouvert ses portes »)
            and not (events and not any(e.search(context_folded) for e in events))
            # « Combien d'accouchements au centre de santé de Kolenté ? » is not answered by « Le centre de Friguiagbé
            # a enregistré 612 accouchements » when neither it, its context, nor its document's title or author names
            # Kolenté: a sibling of the thing asked
            and not (
                q_of_names
                and _names_sibling(text, unit.context_text, q_of_names, _author_keys(chunk) | match_keys(chunk.title))
            )
            # « De combien la population de Kananga a-t-elle augmenté ? » is not answered by « …des six centres de
            # santé de l'agglomération de Kananga »: the sentence or its context says a variation
            and not (asks_variation and not _starts_with_any(context_folded, data()["variation"]["sentence"]))
            # nor by a sentence that names another thing the passages name by the question's noun, and not the one
            # asked (« Le chantier de Tizgui… a finalement coûté 33 400 euros » for the khettara d'Agouni, « Le
            # deuxième, à Spaanse Water, … pour un coût estimé… » for the barrage de Capesterre-Belle-Eau)
            and not (siblings and _names_only_sibling(context_folded, siblings, q_of_names))
            # nor by the figure of an apposition to another place's name (« Saint-Omer et Tozeur, ville-oasis du
            # Djerid d'environ 39 000 habitants » for Saint-Omer)
            and not (population and _apposed_to_other(text, profile.named, passage.places))
            # nor the region's population a question about the town of the same name
            and not (strong and _territory_conflict(q_territories, context_folded))
            # nor the governor of the municipality of Kampot a question about the governor of the province
            and not (wants_person and _role_of_other_level(folded, analysis.attribute_words, q_territories))
            # nor a 2025 amount a question about 2024, nor the 2021 convention's date the 2024-2026 one's
            and not other_time
            # …and where the 2023-2026 convention was signed is not where the 2011 accord was
            and not (signed_where and _time_conflict(qfold, context_folded, True))
            # « Combien de femmes… ? » is not answered by a count of brigades
            and not (span_kind is SpanKind.NUMBER and not units and not _names_counted(counted, keys, family))
            # « Jusqu'à quand court la convention ? » is not answered by « …se rendront à Dapaong en novembre 2025 »
            and not (
                asks_term_end
                and relation is not None
                and not relation.search(f"{context_folded} {stated}")
                and not _PERIOD.search(context_folded)
                and _DURATION_WORD.search(context_folded) is None
            )
            # …nor by « Les dossiers doivent être déposés au plus tard le 27 mars »: the end of something else
            and not (term_nouns and not _names_term(term_nouns, context_folded, chunk))
            # « Depuis quand la Lozère est jumelée avec Antsirabe ? » is not answered by « …le jumelage entre Lisieux
            # et Antsirabe »: another pair (an acronym of the question may be spelt out in the sentence: left alone)
            and not (not q_spelt and _other_pair(text, profile.named, keys))
            # « Combien de dossiers ont été déposés ? » is not answered by « deux dossiers ont été écartés »
            and not (
                asked_participle
                and counted
                and _counts_other_predicate(text, typed, counted, asked_participle)
            )
            # « Combien de personnes composaient la délégation ? » is not answered by « …dans 61 communes »
            and not (
                span_kind is SpanKind.NUMBER
                and counted in data()["generic_counted"]
                and not unit.is_block
                and _counts_things(text, typed)
            )
            and (not wants_person or _person_in_role(text, analysis.attribute_words))
            # « La Ville de Clermont-Ferrand, représentée par sa maire, Mme … » (or « …le maire de
            # Clermont-Ferrand, M. … ») names the other party of the document, not the question's
            # (Koutaïssi): that party's mayor (« à Clermont-Ferrand, M. …, maire de la ville » may not be)
            and not (
                wants_person
                and profile.missing_named(own_keys) == 1.0
                and _role_of_other(
                    folded,
                    own_keys,
                    analysis.attribute_words,
                    # the document's parties, and a place the sentence itself gives the role to (« Le maire
                    # d'Ambositra, M. … » for the mayor of Fougères)
                    [
                        k
                        for k in (*passage.document_names, *_role_places(text, analysis.attribute_words))
                        if k not in q_names
                    ],
                )
            )
            # nor by « …par le maire de Cilaos et par M. Hery Andriamanantena, maire d'Ambalavao »: every person named
            # holds the role for another place
            and not (
                asked_role_place is not None
                and _role_given_elsewhere(text, analysis.attribute_words, asked_role_place)
            )
            # « qui est le maire de brixham ? » is not answered by « M. …, maire de Westmoreland » (the role given to
            # another place, the place asked named nowhere in the sentence or its context)
            and not (
                role_of is not None
                and bool(_role_places(text, analysis.attribute_words))
                and not holds_key(*role_of, keys)
            )
            # « Quand la convention a-t-elle été signée ? » is not answered by its period of validity
            and not (signing and analysis.type is AnswerType.DATE and not _signs(signing, context_folded))
            # nor by a date the sentence gives another event, the signature said far from it (« L'alcaldesa, élue en
            # 2021, est venue à Belfort… pour la signature de la présente convention »)
            and not (
                signing
                and analysis.type is AnswerType.DATE
                and _signs(signing, folded)
                and not _dates_signature(text, folded, typed, signing)
            )
            # « Quand la phase 2 a-t-elle été votée ? » is not answered by a date that states no vote either
            and not (voting and analysis.type is AnswerType.DATE and not voting.search(folded) and not own_vote)
            # nor by the vote of another assembly (« approuvée par le conseil communautaire de la CAPA le… »)
            and not (
                voter
                and analysis.type is AnswerType.DATE
                and not _voted_by(folded, voter, chunk.metadata.authority)
                and not own_vote
            )
            # nor by the signature of something else (« la signature du serment de jumelage » for a convention)
            and not (signed and (objects := _signed_objects(context_folded)) and signed[0] not in objects)
            # nor by another agreement of the same kind (« Vu l'accord d'amitié conclu… » for « la convention de
            # coopération »)
            and not (agreements and _other_agreement(agreements, folded, chunk))
            # nor by the « Fait à …, le … » of a deliberation, which dates the vote (that may authorise the
            # signature), not the signature of the convention or the avenant
            and not (
                signed
                and _SIGNED_AT.match(folded) is not None
                and _DELIBERATION.search(fold(f"{chunk.section} {chunk.title}")) is not None
            )
            # an attribute or a measure of something is stated about it: the sentence, its context or
            # its headings name every name of the question (« la distance entre Orhei et Chișinău »)
            # (or the paragraph before it: « La coopérative Sak Ixim… Le séchoir solaire… Il peut traiter 4 tonnes »)
            and (
                not (analysis.attribute or units)
                or _names_all(keys | passage.heading_keys | passage.document_keys)
                or _names_all(keys | passage.heading_keys | passage.document_keys | _paragraph_keys(chunk, unit.start))
            )
        )
        return (
            Candidate(
                hit,
                unit.start,
                unit.end,
                text,
                0.0,
                unit.similarity,
                context_start=unit.context_start,
                answers=found_answer,
                novel_name=bool(names),
                is_block=unit.is_block,
                defines=defines,
                spells_out=spelled,
                says_what=says_what,
                # a place question's short answer is a place (« Artachat », not « Premières Assises »)
                typed=tuple(
                    typed
                    if span_kind is not SpanKind.NAME
                    else sorted(names, key=lambda n: fold(n.text) not in place_names)
                ),
                within=unit.within,
                places=len(place_names),
                # the bound the question asks (a deadline, a ceiling, a floor) or the signature is stated;
                # « depuis… » is too common a cue for a start to be put first on its own
                authorities=(
                    # a partner place of the document (« la Ville de Goris ») is not a French authority
                    sum(
                        1
                        for _, key in authority_keys(straighten(text))
                        if key not in q_spaced and key not in passage.place_keys
                    )
                    if wants_authorities
                    else 0
                ),
                lists_noun=bool(
                    (
                        unit.is_block
                        and (
                            (listed is not None and (values["heading"] or names_list))
                            # « Qui peut répondre… ? »: « Peuvent déposer un dossier : - … », « Sont éligibles : - … »
                            or (eligible and _ELIGIBLE.search(fold(lead + " " + unit.heading)) is not None)
                        )
                    )
                    # « La mission avait trois buts : lancer…, tenir… »; places are named (« …les villages d'Ovalau
                    # qui le souhaitent : comptages de poissons, formation… » lists no village)
                    or (not unit.is_block and names_list and (not names_places or _names_after_colon(text)))
                ),
                owns_list=names_list and any(holds_key(st, pre, lead_keys) for st, pre in owner_terms),
                states_relation=bool(
                    (
                        values["time_relation"]
                        and analysis.time_relation != "start"
                        # « au moins 10 % (…) dans la limite de la moitié » states no ceiling of its 10 %
                        and (
                            analysis.time_relation not in _BOUNDS
                            or span_kind is None  # no value is looked for (« What is the maximum grant…? »)
                            or unit.header is not None
                            or _bound_near_value(relation, folded, [fold(t.text) for t in typed])
                        )
                    )
                    or values["signing"]
                ),
                states_other=bool(values["time_other"]),
                to_recipient=to_recipient,
                only_requested=only_requested,
                dates_vote=own_vote,
                column_asked=column_asked,
                other_time=other_time and bool(typed),
                # read under its own heading, not the passage's (« Montego Bay (Jamaïque) » then « Lautoka (Fidji) »)
                other_place=bool(
                    passage.asked_places
                    and _other_place(passage, keys | _own_heading_keys(chunk.title, chunk.section, unit.heading))
                ),
                states_agent=bool(agent and agent.search(folded)),
                states_predicate=bool(predicate and holds_key(*predicate, own_keys)),
                counts_noun=any(
                    spans.counts(text, t, c) and _names_counted(c, keys, ()) for t in typed for c in counted_french
                ),
            ),
            features,
        )

    # an acronym the question names (« l'appel à projets FRISI ») names what a whole document is about: a
    # passage of a document whose other retrieved passage holds it is about it too (not so for a place:
    # one page may speak of several partners)
    # (so does the name of a programme: « la convention du programme Akpé » is about Akpé in every article)
    q_acronyms = [
        term_keys(w)
        for w in named_words(analysis.text)
        if len(w) >= 3 and (w.isupper() or _programme_name(w, analysis.text))
    ]
    embed_keys = [match_keys(hit.chunk.embed_text) for hit in retrieval.hits[:passages]]
    acronyms_of: dict[str, set[str]] = {}
    for hit, keys in zip(retrieval.hits[:passages], embed_keys, strict=True) if q_acronyms else ():
        held = {k for st, pre in q_acronyms for k in (st, pre) if k is not None and k in keys}
        acronyms_of.setdefault(hit.chunk.doc_id, set()).update(held)
    for hit, own in zip(retrieval.hits[:passages], embed_keys, strict=True):
        chunk = hit.chunk
        # a passage that does not hold the question's names does not answer it (« …avec Thừa Thiên Huế »)
        document_keys = inherited_keys(chunk)
        passage_keys = own | document_keys | acronyms_of.get(chunk.doc_id, set())
        passage_named = (not profile.named or profile.missing_named(passage_keys) <= 0.5) and all(
            holds_key(st, pre, passage_keys) for st, pre in turn_named
        )
        if q_countries:
            passage_named = passage_named and _in_countries(q_countries, chunk)
        passage = _Passage(
            named=passage_named,
            heading_keys=frozenset(match_keys(chunk.context)),
            document_keys=frozenset(document_keys),
            document_names=_document_names(chunk),
            places=frozenset(fold(p) for p in chunk.metadata.places),
            place_keys=(
                place_keys := frozenset(" ".join(re.split(r"[\s'-]+", fold(p))) for p in chunk.metadata.places)
            ),
            # the partner places of the document the question names, and each place's keys (see _other_place)
            asked_places=frozenset(p for p in place_keys if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", q_spaced)),
            place_match=tuple((p, frozenset(match_keys(p))) for p in sorted(place_keys)),
            keys=frozenset(own),
            home=frozenset(w for w in _WORD.findall(fold(chunk.metadata.authority or "")) if w not in _NOT_NAMES),
            headings=frozenset(
                {fold(chunk.title).strip(" :"), *(fold(h).strip(" :") for h in chunk.section.split(" > ") if h)}
            ),
        )
        if parts_of is not None and chunk.doc_id != parts_of[0]:
            continue
        sentences = chunk.sentences
        under = _headings_over(chunk, sentences)
        headers = _table_headers(sentences)
        for i, sent in enumerate(sentences):
            if parts_of is not None and (sent.start, sent.end) != parts_of[1:]:
                continue
            vec = by_span.get((sent.start, sent.end, chunk.doc_id))
            if vec is None:
                continue
            start, end, text = sent.start, sent.end, sent.text
            block = analysis.is_list and (_list_span(chunk, sent) or _told_list_span(chunk, sentences, i))
            items: list[tuple[int, int, str]] = []
            if block:
                start, end = block
                text = chunk.text[start - chunk.start : end - chunk.start]
            elif len(text.split()) < 3:
                continue  # fragments are context, not answers
            elif "\n" in text and not analysis.is_list:
                # a lead-in with its list, for a one-fact question: the lead-in alone when it holds
                # the fact (« La Ville a versé 41 200 euros. Cette somme a financé : - … »)
                first_line = text.split("\n", 1)[0].rstrip()
                if (
                    span_kind
                    and spans.novel(spans.find(first_line, span_kind), known)
                    # « Qui est le maire principal de Jérémie ? » → « …un maire principal et deux maires adjoints…
                    # Vous serez reçu par : - M. … » : a place's name is no person's
                    and not (wants_person and not _names_person(first_line))
                ):
                    text, end = first_line, start + len(first_line)
                    if asks_obtained and first_line.endswith(":"):
                        # « Et combien a-t-elle obtenu ? » → « Les deux demandes ont reçu une réponse : - le ministère a
                        # accordé 28 000 euros… ; - la Région Bretagne a accordé 20 000 euros… »: each grant weighed too
                        items = _item_lines(sent)
                elif parts_of is not None or wants_person:
                    # the person asked may be one of the items (« - M. Wilfrid Exantus-Laguerre, maire principal de
                    # Jérémie ; »): each is weighed too, read with the lead-in (not for other facts: « - Verser une
                    # subvention annuelle de 70 000 euros » of a convention's commitments would outweigh the article
                    # of the year's deliberation)
                    items = _item_lines(sent)
            elif parts_of is not None and not analysis.is_list and len(text.split()) > LONG_WORDS:
                items = _clauses(sent)  # a long sentence: its clauses may be quoted alone
            sim = float(vec @ qv)
            prev = _previous(chunk, sentences, i)
            context_start = None
            context_text = None
            if prev is not None and _needs_context(text, profile, match_keys(text), match_keys(prev.text)):
                context_start, context_text = prev.start, prev.text
                context_start, context_text = _chained_context(chunk, sentences, i, profile, text, prev)
                if _same_opening(text, prev.text):
                    context_start = None  # read with it, not quoted: it names no more than the sentence does
            if parts_of is None:
                unit = _Unit(hit, start, end, text, sim, context_start, context_text, bool(block))
                unit = replace(unit, heading=under[i], header=headers[i])
                out.append(candidate(unit, passage, chunk, sent))
            if items:
                lead = text.split("\n", 1)[0]
                for item_start, item_end, item_text in items:
                    # an item of the list, read with its lead-in (« Chambéry s'engage à : ») for its
                    # words but quoted alone: the one-fact answer inside a list
                    item = _Unit(
                        hit,
                        item_start,
                        item_end,
                        item_text,
                        sim,
                        None,
                        lead,
                        False,
                        within=(start, end),
                        heading=under[i],
                    )
                    out.append(candidate(item, passage, chunk, sent))
    return out


@dataclass(frozen=True, slots=True)
class _Unit:
    """What may be quoted: a sentence, a list block, or one item of a list."""

    hit: Hit
    start: int
    end: int
    text: str
    similarity: float  # an item has no vector of its own: its sentence's
    context_start: int | None  # the previous sentence, quoted with it
    context_text: str | None  # the text read with it (the previous sentence, or an item's lead-in)
    is_block: bool
    within: tuple[int, int] | None = None  # an item: the span of its whole list
    heading: str = ""  # the heading it sits under (see _headings_over)
    header: str | None = None  # a table row: the table's header row, read with it (not quoted)


@dataclass(frozen=True, slots=True)
class _Passage:
    """What a candidate's features need from its passage."""

    named: bool  # holds the question's names
    heading_keys: frozenset[str]
    document_keys: frozenset[str]  # the names it inherits from its document (see inherited_keys)
    document_names: tuple[tuple[str, str | None], ...]  # its authority and all its partner places, as name keys
    places: frozenset[str]
    place_keys: frozenset[str]  # the same, spelled as the authority keys are (« seine saint denis »)
    asked_places: frozenset[str]  # those of place_keys the question names
    place_match: tuple[tuple[str, frozenset[str]], ...]  # each of place_keys with its matching keys
    keys: frozenset[str]  # the matching keys of its text (with its section titles)
    home: frozenset[str]
    headings: frozenset[str]


#: An item shorter than this (in words) is not quoted alone.
ITEM_WORDS = 3


#: A sentence longer than this (in words) offers its clauses as answers of their own.
LONG_WORDS = 40
#: Where a long sentence may be cut: after « ; », and after a full stop, « ! », « ? » or « : » glued to
#: the next sentence's capital (« …duRGPD.Pour vous conformer… », text extracted from web pages).
_CLAUSE_END = re.compile(r";\s+|(?<=[^\W\d_])[.!?:](?=[A-ZÀ-ÖØ-Þ])|(?<=[\d)»])[.!?](?=[A-ZÀ-ÖØ-Þ])")
_NON_BLANK = re.compile(r"\S+")
#: A clause shorter than this (in words) stays with the one before it.
CLAUSE_WORDS = 5


def _clauses(sent: Sentence) -> list[tuple[int, int, str]]:
    """The clauses of a long sentence, as (start, end, text) in document offsets; [] when it has
    only one."""
    starts = [m.start() for m in _NON_BLANK.finditer(sent.text)]  # where each word starts

    def words_between(a: int, b: int) -> int:
        return bisect.bisect_left(starts, b) - bisect.bisect_left(starts, a)

    bounds = [0]
    for m in _CLAUSE_END.finditer(sent.text):
        if words_between(bounds[-1], m.end()) >= CLAUSE_WORDS:
            bounds.append(m.end())
    if words_between(bounds[-1], len(sent.text)) < CLAUSE_WORDS and len(bounds) > 1:
        bounds.pop()  # a short tail stays with the clause before it
    bounds.append(len(sent.text))
    out = []
    for a, b in itertools.pairwise(bounds):
        part = sent.text[a:b]
        lead = len(part) - len(part.lstrip())
        stripped = part.strip()
        if stripped:
            out.append((sent.start + a + lead, sent.start + a + lead + len(stripped), stripped))
    return out if len(out) > 1 else []


def _item_lines(sent: Sentence) -> list[tuple[int, int, str]]:
    """The items of a sentence that is a lead-in with its list (« Chambéry s'engage à : - apporter
    … ; - mettre … »), as (start, end, text) in document offsets; [] when it is not one."""
    lines = sent.text.split("\n")
    if len(lines) < 2 or not (lines[0].rstrip().endswith(":") or all(_ITEM.match(x) for x in lines[1:] if x.strip())):
        return []
    out = []
    offset = len(lines[0]) + 1
    for line in lines[1:]:
        stripped = line.rstrip()
        lead = len(line) - len(line.lstrip())
        if len(stripped.split()) >= ITEM_WORDS:
            out.append((sent.start + offset + lead, sent.start + offset + len(stripped), stripped.lstrip()))
        offset += len(line) + 1
    return out


def score_sentences(
    retrieval: Retrieval,
    vectors: Sequence[SentenceVector],
    profile: QuestionProfile,
    analysis: QuestionAnalysis,
    passages: int,
    turn: str | None = None,
    parts_of: tuple[str, int, int] | None = None,
) -> list[Candidate]:
    """The candidate sentences of the ``passages`` best passages (or the parts of one, see
    :func:`sentence_candidates`) scored by the linear model, best first (one per span)."""
    weights = scorer_weights()
    best: dict[tuple[str, int, int], Candidate] = {}
    candidates = sentence_candidates(retrieval, vectors, profile, analysis, passages, turn, parts_of)
    for candidate, features in candidates:
        score = float(scorer_vector(candidate, features) @ weights)
        key = (candidate.hit.chunk.doc_id, candidate.start, candidate.end)
        if key not in best or best[key].score < score:
            best[key] = replace(candidate, score=score, features=tuple(float(v) for v in features))
    return sorted(best.values(), key=lambda s: -s.score)


#: The lead-in or heading of a call's list of who may apply.
_ELIGIBLE = re.compile(r"\beligibles?\b|\bpeuvent\s+(?:deposer|candidater|postuler|repondre|beneficier|presenter)\b")
_YEARS = re.compile(r"(?<![\d/.-])(?:19|20)\d\d(?![\d/])")
_OTHER_RELATION = {"deadline": "start", "start": "deadline"}
_PLACE_BEFORE = re.compile(r"(?:\b(?:à|a|en|au)|\bfait à)\s$")
#: « jumelée avec Erlangen », « coopère avec Podor »: a name after « avec » in a sentence about places.
_WITH_BEFORE = re.compile(r"\bavec\s$")
#: A name that a place noun introduces (« la province de Thừa Thiên Huế », « la Région Analamanga »).
_PLACE_NOUN_BEFORE = re.compile(
    r"\b(?:villes?|communes?|r[ée]gions?|provinces?|municipalit[ée]s?|districts?|wilayas?|d[ée]partements?|"
    r"pr[ée]fectures?|[ée]tat|comt[ée]s?|oblast|cercles?|kommune|villages?|quartiers?|localit[ée]s?|hameaux?|"
    r"city|town|municipality)\s+(?:de\s+|d'|du\s+|d’)?"
    # the next names of the same list (« aux villages de Rukuruku et de Lovoni »)
    # (capitalised whatever the case of the nouns before: « la commune de pêcheurs et de Lovoni » chains nothing)
    r"(?:(?-i:[A-ZÀ-ÖØ-Þ])[\w'’-]*\s*(?:,|\bet\b)\s*(?:de\s+|d'|d’)?){0,3}$",
    re.IGNORECASE,
)
_PERSON = re.compile(r"(?:\bM\.|\bMmes?\b|\bMlle\b|\bMonsieur\b|\bMadame\b|\bDr\.?)\s+[A-ZÀ-Ö]")


def _names_person(text: str) -> bool:
    """Whether ``text`` names a person: « M. », « Mme »… before a capital, or a bare name set off as one."""
    return _PERSON.search(text) is not None or _bare_name().search(text) is not None


#: A person's own role, after the name: « Mme Nino Beridze, adjointe au maire… », « M. Diallo (maire) ».
_APPOSITIVE = re.compile(
    r"[A-ZÀ-ÖØ-Þ][\w'’.-]*(?:\s+(?:(?:de|du|des|da|di|van|von|ben|el|al)\s+|d['’])?[A-ZÀ-ÖØ-Þ][\w'’.-]*){0,3}"
    r"\s*(?:,|\()\s*([^,;.()]{1,80})"
)
_WORD = re.compile(r"[^\W\d_][\w-]*")
#: Words of an authority's name that do not name it (« Ville de … », « Communauté d'agglomération de … »).
_NOT_NAMES = stopwords() | spans.GENERIC_WORDS


def _partner_place(name: spans.Span, text: str, places: set[str], home: set[str], wants_country: bool) -> bool:
    """Whether a name of the sentence is the place a « Où… ? » asks for: a partner place of the
    corpus or a name after « à », « en »…; not the writing authority itself (« La Ville
    d'Aix-en-Provence… ») nor, unless a country is asked, a country (« en Arménie » is not where)."""
    folded = fold(name.text)
    if not wants_country and folded in gazetteer().names:
        return False
    words = [w for w in _WORD.findall(folded) if w not in home]  # « Clamart et Artachat » → artachat
    if not words:
        return False
    if any(w in places for w in words) or _PLACE_BEFORE.search(text[max(0, name.start - 4) : name.start]):
        return True
    if _WITH_BEFORE.search(text[max(0, name.start - 6) : name.start]):
        return True
    # introduced by a place noun, in the text before it or as its own first word (« Région Analamanga »)
    own = re.match(r"(\S+)\s+(?:de\s+|d'|du\s+)?", name.text)
    return bool(_PLACE_NOUN_BEFORE.search(text[max(0, name.start - 60) : name.start])) or bool(
        own and _PLACE_NOUN_BEFORE.search(own.group(0)) and len(words) > 1
    )


def _place_names(
    names: list[spans.Span], text: str, passage: _Passage, countries: bool, home_too: bool = False
) -> set[str]:
    """The distinct places a « Où… ? », « Avec quelles villes… ? » or « Dans quels pays… ? » asks
    for, among the sentence's new names: partner places (not the writing authority, unless ``home_too``:
    « Dans quelle ville la convention a-t-elle été signée ? » may be answered « Fait à Rennes »), or
    countries when countries are asked."""
    places, home = set(passage.places), set() if home_too else set(passage.home)
    if countries:
        # « Avec quels pays… ? » is answered by countries (« Erevan (Arménie) »), not by the towns and
        # departments a sentence lists (« la Ville de Lyon, le Département du Calvados… »)
        return _countries(_split_names(names))
    return {fold(n.text) for n in names if _partner_place(n, text, places, home, countries)}


def _listed_names(names: list[spans.Span], countries: bool) -> int:
    """How many distinct names a list answer would give: countries only when countries are asked."""
    distinct = _split_names(names)
    return len(_countries(distinct) if countries else distinct)


def _split_names(names: list[spans.Span]) -> set[str]:
    """The folded names of the spans, « Sénégal et Madagascar » being two."""
    return {p.strip() for n in names for p in re.split(r"\s+et\s+|,\s*", fold(n.text)) if p.strip()}


def _countries(folded_names: set[str]) -> set[str]:
    """Those of the folded names that are countries (« le Burkina Faso »)."""
    known = gazetteer().names
    return {n for n in folded_names if re.sub(r"^(?:le|la|les|l')\s*", "", n) in known}


def _measure_units(qfold: str) -> tuple[str, ...]:
    """The units a measure question (« Quelle distance… ? », « Quel tonnage… ? ») must be answered in
    (``data/answering.json``, table ``measures``; « Quelle sera la longueur… ? » as « Quelle est la longueur… ? »);
    () for any other question."""
    qfold = in_present(qfold)
    for measure in data()["measures"].values():
        for cue in measure["question"]:
            for m in re.finditer(rf"(?<!\w){re.escape(cue)}(?!\w)", qfold):
                # « le renforcement des capacités des agents » measures nothing
                if not any(qfold[: m.start()].rstrip().endswith(w) for w in measure.get("not_after", ())):
                    return tuple(measure["units"])
            # keywords that open on the measure's noun (« debit du kariz d'uhum en litre par seconde », read as « quel
            # est le débit… ? »)
            if _keyword_measure(qfold, cue):
                return tuple(measure["units"])
    return ()


def _keyword_measure(qfold: str, cue: str) -> bool:
    """Whether a folded question opens on the noun of a measure cue that asks it (« quel est le debit » → « debit »)."""
    bare = re.sub(r"^(?:quel|quelle)\s+(?:est\s+(?:le|la|l')\s*)?", "", cue)
    # (or keywords without « de » and no question mark: « debit riviere jimenoa »)
    after = r"(?:d[eu]s?\b|d'|de\s+la\b)" if "?" in qfold else r"(?:d[eu]s?\b|d'|de\s+la\b|[a-z]{3,})"
    return bare != cue and re.match(rf"\s*{re.escape(bare)}\s+{after}", qfold) is not None


def _measure_per_time(qfold: str) -> bool:
    """Whether the measure a question asks is a rate in time (``measures``' ``per_time``: a flow)."""
    qfold = in_present(qfold)
    return any(
        measure.get("per_time", False)
        and any(
            re.search(rf"(?<!\w){re.escape(c)}(?!\w)", qfold) or _keyword_measure(qfold, c) for c in measure["question"]
        )
        for measure in data()["measures"].values()
    )


#: A question that asks a measure per unit of time (folded): « chaque jour », « par heure », « quotidiennement ».
_ASKS_PER_TIME = re.compile(
    r"\b(?:chaque|par)\s+(?:jour|heure|seconde|minute|semaine)\b|\bquotidien\w*|\b(?:per|each|a)\s+(?:day|hour)\b"
)
#: A unit of time after a measure (folded): « par jour », « à l'heure », « /h », « quotidiens ».
_PER_TIME = re.compile(
    r"\b(?:par|chaque)\s+(?:jour|heure|seconde|minute|an|mois|semaine)\b|/\s*(?:h|j|s|min|jour)\b|\ba\s+l'heure\b"
    r"|\bquotidien\w*|\bper\s+(?:day|hour|second|minute)\b"
)


def _per_time(text: str, span: spans.Span, unit: str | None = None) -> bool:
    """Whether a unit of time follows the number within :data:`PER_TIME_CHARS` characters (« 36 mètres cubes d'eau par
    jour », « 4 m3/h »), or opens its clause before it (« Chaque jour, les bornes distribuent 12 mètres cubes »); of
    the asked ``unit`` (« jour ») when the question names one."""
    after = _PER_TIME.search(fold(text[span.end : span.end + PER_TIME_CHARS]))
    before = _PER_TIME.search(re.split(r"[.;]", fold(text[max(0, span.start - PER_TIME_CHARS * 2) : span.start]))[-1])
    found = after or before
    return found is not None and (unit is None or _time_unit(found.group()) in (None, unit))


def _time_unit(folded: str) -> str | None:
    """The unit of time a folded text names (« chaque jour », « quotidien » → « jour »; « par an » → « an »); None."""
    m = _TIME_UNIT.search(folded)
    if m is None:
        return None
    word = m.group(1) or m.group(2) or "jour"  # (« quotidien », « daily »)
    return {"day": "jour", "j": "jour", "hour": "heure", "h": "heure", "annee": "an", "year": "an"}.get(word, word)


#: A unit of time (folded): « jour », « heure », « an »…, or « quotidien », « daily » (a day).
_TIME_UNIT = re.compile(
    r"\b(?:par|chaque|a\s+l'|per|each|a)\s*(jour|heure|seconde|minute|semaine|mois|an|annee|day|hour|year)\b"
    r"|/\s*(j|h)\b|\bquotidien|\bdaily\b"
)


#: How many characters after a number its unit of time may stand.
PER_TIME_CHARS = 40


def _with_unit(text: str, span: spans.Span, units: tuple[str, ...]) -> bool:
    """Whether the number is followed by one of the units (« 38 km », « 2 900 tonnes de… »)."""
    if "%" in units and span.text.rstrip().endswith("%"):
        return True  # « 50 % » is one span
    after = fold(text[span.end : span.end + 30]).lstrip()
    return any(re.match(rf"{re.escape(u)}(?!\w)", after) for u in units)


def _paragraph_keys(chunk: Chunk, start: int) -> set[str]:
    """The keys of the paragraph of ``chunk`` up to the document offset ``start`` (what the sentence
    there is said about); bounded by the passage."""
    local = max(0, min(len(chunk.text), start - chunk.start))
    return match_keys(chunk.text[chunk.text.rfind("\n\n", 0, local) + 1 : local])


def edition_ranks(folded: str) -> set[tuple[str, str]]:
    """The agreements a folded text names by their rank, first or second (« la première convention » →
    (convention, first), « le second accord » → (accord, second)); « nouvelle », « précédente » are relative
    and left out."""
    table = data()["editions"]
    out: set[tuple[str, str]] = set()
    for m in edition_pattern().finditer(folded):
        adjective = m.group("before") or m.group("after") or ""
        rank = next((k for k in ("first", "second") if adjective in table[k]), None)
        if rank is not None:
            out.update((noun, rank) for noun in edition_nouns(m.group("noun") or m.group("noun2") or ""))
    return out


@lru_cache(maxsize=1)
def _renewed_pattern() -> re.Pattern[str]:
    """« the renewed Lectoure-Boromo cooperation agreement », « la nouvelle convention », « la convention de
    coopération renouvelée » (folded): an adjective that says an agreement follows another (a renewed or new one is
    never the first) and the agreement's noun, a few words between (English before the noun; French words of a
    complement after it). Bounded: linear."""
    nouns = "|".join(re.escape(w) for w in data()["editions"]["nouns"])
    # (English words only may stand between: « the renewed Lectoure-Boromo cooperation agreement »; « la nouvelle
    # tranche de la convention » names no new convention)
    return re.compile(
        rf"\b(?:renewed|new)(?:\s+[\w'-]+){{0,3}}?\s+(?P<noun>{nouns})\b"
        rf"|\b(?:nouvelle|nouvel|renouvelee|renouvele)\s+(?P<noun3>{nouns})\b"
        rf"|\b(?P<noun2>{nouns})(?:\s+(?:de|d'|du|cooperation|jumelage|partenariat|amitie|cadre|decentralisee))"
        rf"{{0,3}}\s+(?:renouvelee|renouvele)\b"
    )


def renewed_noun(folded: str) -> str | None:
    """The noun of the agreement a folded question names as renewed or new, written as the question writes it
    (« agreement » in « the renewed Lectoure-Boromo cooperation agreement »), or ``None``."""
    m = _renewed_pattern().search(folded[:400])
    return _renewed_group(m) if m else None


def renewed_editions(folded: str) -> frozenset[str]:
    """The agreements a folded question names as renewed or new (« la convention renouvelée », « the renewed
    cooperation agreement » → convention, accord)."""
    return frozenset(n for m in _renewed_pattern().finditer(folded[:400]) for n in edition_nouns(_renewed_group(m)))


def _renewed_group(m: re.Match[str]) -> str:
    """The agreement's noun of a :func:`_renewed_pattern` match, whichever alternative matched."""
    return m.group("noun") or m.group("noun2") or m.group("noun3") or ""


def _only_first(nouns: frozenset[str], folded: str) -> bool:
    """Whether a folded sentence names one of ``nouns`` by the first rank only (« La première convention, signée à
    Boromo le 8 novembre 2016… »)."""
    named = edition_ranks(folded)
    if renewed_editions(folded) & nouns or _RENEWAL_WORD.search(folded):
        return False  # « …a été suivie d'une nouvelle convention signée le 3 mars 2021 », « renouvelée en 2022 »
    return any(rank == "first" for noun, rank in named if noun in nouns) and not any(
        rank != "first" for noun, rank in named if noun in nouns
    )


#: A renewal said in a sentence (folded): « renouvelée en 2022 », « le renouvellement ».
_RENEWAL_WORD = re.compile(r"\brenouvel")


def _rank_conflict(q_ranks: set[tuple[str, str]], folded: str) -> bool:
    """The question names an agreement by its rank (« la deuxième convention ») and the sentence (with its
    context) the same noun with the other rank only (« Une première convention, signée le 9 novembre 2020… »)."""
    if not q_ranks:
        return False
    named = edition_ranks(folded)
    return any((noun, rank) not in named and any(n == noun for n, _ in named) for noun, rank in q_ranks)


def _label_conflict(q_labels: set[tuple[str, str]], folded: str) -> bool:
    """The question names a phase, a tranche, an edition (« la phase 3 ») and the sentence (with its
    context) names another one of the same kind, never the asked one."""
    if not q_labels:
        return False
    named = labels(folded)
    return any((noun, n) not in named and any(k == noun and m != n for k, m in named) for noun, n in q_labels)


#: A period of years (« 2025-2027 », « 2022 – 2024 », « 2019/2021 », « 2024 à 2026 », « 2024 au 2026 »).
_PERIOD = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*(?:[-–/]|a|au)\s*((?:19|20)\d\d)(?!\d)")
#: A year a (folded) question names: not a quantity (« moins de 2000 habitants », « 2000 euros »).
_ASKED_YEAR = re.compile(
    r"(?<![\d/.,-])(?:19|20)\d\d(?![\d/]|[.,]\d)(?!\s*(?:%|€|euros?\b|eur\b|habitants|personnes|jeunes|eleves|"
    r"familles|agents|km\b|kilometres|tonnes|m3|hectares|ha\b|participants|beneficiaires|enfants|femmes|hommes|"
    r"metres|litres|menages|foyers|exemplaires|places|lits|emplois|visiteurs|adherents|membres))"
)


#: Any year of a (folded) sentence, inside a period too.
ANY_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def asked_years(qfold: str) -> set[str]:
    """The years a folded question names, its quantities left out."""
    return set(_ASKED_YEAR.findall(qfold))


def periods(folded: str) -> set[tuple[str, str]]:
    """The periods of years (first, last) a folded text gives."""
    return set(_PERIOD.findall(folded))


#: A comparison's second term (« …, contre 2 100 tonnes en 2023 »): its year is not the sentence's own.
_COMPARED = re.compile(r"\b(?:contre\s+(?=\d)|par rapport a\b|comparee? a\b|au lieu de\b)[^.;:,]*")


def _time_conflict(qfold: str, folded: str, date: bool, *, end: bool = False) -> bool:
    """The question names a period (« la convention 2025-2027 ») and the sentence (with its context)
    another one (« pour la période 2022-2024 ») or only years outside it, the year before it left aside
    (a convention is often signed the year before it starts); or the question names a year and the
    sentence only others (for a date, the year before is left aside too: the 2026 call opens in 2025;
    for an ``end``, the year after as well: « la convention 2024 » is the one signed in 2024, which
    « prend effet le 1er janvier 2025. Elle s'achève le 31 décembre 2027. »).
    The years of a comparison's second term are not the sentence's own."""
    folded = _COMPARED.sub(" ", folded)
    q_periods = periods(qfold)
    if not q_periods:
        q_years = asked_years(qfold)
        if date:
            after = {str(int(y) + 1) for y in q_years} if end else set()
            q_years = q_years | {str(int(y) - 1) for y in q_years} | after
        return _year_conflict(q_years, folded)
    given = periods(folded)
    if given and not (given & q_periods):
        return True
    years = set(ANY_YEAR.findall(folded))
    within = {str(y) for a, b in q_periods for y in range(int(a) - 1, int(b) + 1)}
    return bool(years) and not (years & within)


#: How many characters on each side of an amount the thing a cost question asks about is looked for.
COSTED_WINDOW = 100
#: …or in the clause that holds the amount, up to this many characters (« envoi de matériel pédagogique pour les cours
#: de français à destination d'une trentaine d'élèves pour un montant de 3231 euros, soutien à… »).
COSTED_CLAUSE = 300
#: What ends a clause: a semicolon, a bracket, a line break, a comma or full stop before a space (not the comma of
#: « 1,5 % »); not a colon (« matériel informatique : 6 120 euros » is one row). Linear.
_COST_CLAUSE_BREAK = re.compile(r"[;()\n]|[,.](?=\s)")
#: « combien a coûté le bibliobus », « quel est le prix de l'abonnement », « le coût de la pompe » (folded): the
#: noun after the cost word. Bounded: linear.
_COSTED = re.compile(
    r"\b(?:combien\s+(?:(?:a|ont|avait|avaient|va|vont|doit|doivent|devrait|devraient)\s+)?"
    r"(?:coute|coutent|couter|coutera|couteront|couterait|coutait|coutaient)\b"
    r"|(?:cout|prix)(?:\s+total)?(?:\s+(?:de|du|des)\b|\s*d['’]))"
    r"\s*(?:(?:la|le|les|un|une|ce|cette|ces)\s+|l['’]\s*)?([a-z0-9]{2,})(?:\s+([a-z]{3,}))?"
)
#: The openings of a question that asks the proper name of someone or something (folded): « comment s'appelle
#: le… », « quel est le nom du… », « nom de l'… », « qui est le… », « who is the… », « what is the name of… ».
_ASKS_PROPER_NAME = re.compile(
    r"(?:et\s+)?(?:comment\s+s'appellen?t?\s+(?:le|la|les|l')|quel(?:le)?\s+est\s+le\s+nom\s+d|(?:le\s+)?nom\s+(?:du|de|des|d')"
    r"|qui\s+(?:est|etait|sera)\s+(?:le|la|l')|who\s+(?:is|was)\s+the\b|what\s+(?:is|was)\s+the\s+name\s+of\b)"
)
#: The noun a French « comment s'appelle le… ? », « nom de l'… » names, past a rank or an adjective (folded).
_NAMED_NOUN = re.compile(
    r"(?:et\s+)?(?:comment\s+s'appellen?t?\s+|quel(?:le)?\s+est\s+le\s+nom\s+|(?:le\s+)?nom\s+)"
    r"(?:le\s+|la\s+|les\s+|l'|du\s+|de\s+la\s+|de\s+l'|des\s+|d')\s*"
    r"(?:(?:premier|premiere|second|seconde|deuxieme|troisieme|quatrieme|nouveau|nouvelle|nouvel|petit|petite|grand|grande|"
    r"ancien|ancienne|autre)\s+)?([a-z][a-z-]{2,30})\b"
)


def _named_noun(qfold: str) -> tuple[str, str | None] | None:
    """The keys of the noun a French question asks the name of (« comment s'appelle la troisième école… » →
    école), or None (an English question: its noun is not the documents' word)."""
    m = _NAMED_NOUN.match(qfold)
    if m is None or m.group(1) in stopwords():
        return None
    return term_keys(m.group(1))


#: « Quand a eu lieu la mission… ? », « À quelle date se tiendra le séminaire… ? », « quand s'est déroulée la
#: visite » (folded): the noun of the event a date question says took place (bounded words: linear).
_EVENT_NOUN = re.compile(
    r"^\s*(?:quand|(?:a|en|pour)?\s*quelles?\s+(?:dates?|periodes?|jours?))\s+"
    r"(?:a\s+eu\s+lieu|ont\s+eu\s+lieu|aura\s+lieu|auront\s+lieu|a\s+lieu|ont\s+lieu|avait\s+eu\s+lieu"
    r"|se\s+tien(?:t|nent|dra|dront)|s'est\s+tenue?s?|se\s+sont\s+tenue?s|se\s+derouler?(?:a|ont|nt)?"
    r"|s'est\s+deroulee?s?|se\s+sont\s+deroulee?s"
    # (its start or end: « Quand a commencé la phase 1… ? », « quand s'est achevé le chantier »)
    r"|a\s+(?:commence|debute|demarre)|(?:commence|debute|demarre)(?:ra)?"
    r"|s'est\s+(?:achevee?|terminee?)s?|s'ache(?:ve|vera)|se\s+termine(?:ra)?|a\s+pris\s+fin|prend(?:ra)?\s+fin)\s+"
    r"(?:le|la|les|l'|ce|cette|ces)\s*(?:(?:prochaine?s?|premiere?s?|derniere?s?|nouvelle?s?|nouvel|nouveaux)\s+)?"
    r"([a-z][a-z-]{2,})"
)


def _years_spanned(folded: str) -> set[str]:
    """The years a folded text names, a period « 2024-2026 » (or « 2024 à 2026 ») with the years between."""
    years = set(_YEARS.findall(folded))
    for m in re.finditer(r"\b((?:19|20)\d\d)\s*(?:-|–|a|au)\s*((?:19|20)\d\d)\b", folded):
        first, last = int(m.group(1)), int(m.group(2))
        if 0 < last - first <= 10:
            years |= {str(y) for y in range(first, last + 1)}
    return years


#: « … en 2025 » in a folded question, with the word before it.
_EVENT_YEAR = re.compile(r"([a-z-]+)\s+en\s+((?:19|20)\d\d)\b")
#: A folded word that ends like a past participle (« selectionne », « creees », « choisis », « retenu »).
_PARTICIPLE_END = re.compile(r"(?:e|es|ee|ees|is|it|ue|ues|us)$")


def _event_noun(qfold: str) -> tuple[tuple[str, str | None], ...]:
    """The keys of the words of the family (``event_nouns``) of the event noun of :data:`_EVENT_NOUN` (« missions » →
    mission, déplacement, visite…), or () when the question names none of the table."""
    m = _EVENT_NOUN.match(qfold[:400])
    if m is None:
        return ()
    noun = m.group(1)
    for family in data()["event_nouns"]["families"]:
        if noun in family or noun.rstrip("sx") in family:
            return tuple(term_keys(w) for w in family)
    return ()


#: « nombre de dossiers reçus… », « le nombre d'élèves » (folded): the noun a count question counts, when it says
#: no « combien ».
_NUMBER_OF = re.compile(r"\bnombre\s+(?:de\s+|d['’]\s*)([a-z]+)")
#: Keywords without the « de » (« nombre adherents pont des andes »): the word after « nombre », when no « de » follows
#: it (« nombre moyen d'élèves », « nombre prévu de forages » count no « moyen », no « prévu »), folded.
_NUMBER_OF_KEYWORDS = re.compile(
    r"\bnombre\s+(?!(?:moyen|moyenne|maximal|maximum|minimal|minimum|total|exact|prevu|annuel|global)\b)([a-z]{3,})\b"
    r"(?!\s*(?:de\s|d['’]|des\s|du\s))"
)
#: A rank or an adjective before the noun a cost question asks about (« le troisième convoi », « la seule station »).
_BEFORE_NOUN = re.compile(r"\d+(?:e|eme|er|re)|[a-z]+iemes?|premiere?|premiers|secondes?|seule?s?|derniere?s?")


#: What a cost question asks the cost of: the keys of its noun, or of each French form of an English one.
Costed = tuple[tuple[str, str | None], ...]


def _holds_costed(costed: Costed, keys: set[str]) -> bool:
    return any(holds_key(*form, keys) for form in costed)


def _names_costed(costed: Costed, text: str, typed: Sequence[spans.Span], unit: _Unit, chunk: Chunk) -> bool:
    """Whether what a cost question asks about is named with the amount: near it (``COSTED_WINDOW`` characters;
    a list block speaks of many things), in the sentence this one leans on (« Le troisième convoi… Il a coûté
    27 000 euros »), or in the heading it sits under."""
    if _holds_costed(
        costed, match_keys(unit.context_text or "") | _own_heading_keys(chunk.title, chunk.section, unit.heading)
    ):
        return True
    return any(
        _holds_costed(costed, match_keys(text[max(0, t.start - COSTED_WINDOW) : t.end + COSTED_WINDOW]))
        or _clause_costs(costed, text, t)
        or _pronoun_costs(costed, text, t)
        for t in typed
    )


#: A clause that opens on a subject pronoun (« il a coûté… », « elle revient à… ») or on the verb of the sentence's
#: subject (« L'atelier de Chinor, dont le coût avait été estimé…, a été attribué pour 47 300 euros »), folded.
_PRONOUN_CLAUSE = re.compile(
    r"\s*(?:et\s+|mais\s+)?(?:(?:il|elle|ils|elles|celui-ci|celle-ci|a|ont|est|sont|avait|avaient|coute|coutera)\b|s')"
)


def _pronoun_costs(costed: Costed, text: str, amount: spans.Span) -> bool:
    """Whether the clause of an amount opens on a subject pronoun (or on a verb) and the sentence's first clause, which
    the pronoun stands for (the verb's subject), names what a cost question asks about (« L'atelier de réparation… a
    ouvert en avril 2025 ; il a coûté 10 500 euros »)."""
    bounds = _clause_bounds(text, amount.start, amount.end)
    if bounds is None or bounds[0] == 0 or not _PRONOUN_CLAUSE.match(fold(text[bounds[0] : amount.start])):
        return False
    first = _COST_CLAUSE_BREAK.search(text)
    return first is not None and _holds_costed(costed, match_keys(text[: first.start()]))


def _clause_costs(costed: Costed, text: str, amount: spans.Span) -> bool:
    """Whether the clause of an amount names what a cost question asks about, and no other thing's cost stands before
    the amount (« Après la livraison du matériel… le coût total du centre s'élève à 85 000 euros » is the centre's)."""
    bounds = _clause_bounds(text, amount.start, amount.end)
    if bounds is None or not _holds_costed(costed, match_keys(text[bounds[0] : bounds[1]])):
        return False
    other = _COSTED.search(fold(text[bounds[0] : amount.start]))
    return other is None or _holds_costed(costed, match_keys(other.group(0)))


def costed_span(qfold: str, text: str, typed: Sequence[spans.Span]) -> spans.Span | None:
    """The amount of ``typed`` whose clause names what a cost question asks the cost of (« Combien a coûté la
    toiture ? » → « …réfection d'une toiture pour un montant de 9 800 euros »), or None (no cost asked, or no clause
    names it)."""
    costed = _costed_thing(qfold)
    if costed is None:
        return None
    return next((t for t in typed if _clause_costs(costed, text, t)), None)


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Where the clause of ``text`` that holds ``text[start:end]`` starts and ends (between :data:`_COST_CLAUSE_BREAK`
    marks), or None when it runs over :data:`COSTED_CLAUSE` characters on a side (a long clause names many things)."""
    lo = max(0, start - COSTED_CLAUSE)
    before = [m.end() for m in _COST_CLAUSE_BREAK.finditer(text, lo, start)]
    after = _COST_CLAUSE_BREAK.search(text, end, end + COSTED_CLAUSE)
    first = before[-1] if before else (0 if lo == 0 else None)
    last = after.start() if after else (len(text) if len(text) <= end + COSTED_CLAUSE else None)
    if first is None or last is None:
        return None
    return first, last


def _only_granted(folded: str) -> bool:
    """Whether a folded sentence says a grant (``costed.grant_words``: « subvention », « accordé ») and no word of cost
    (``costed.cost_words``): what a funder granted, not what something cost."""
    tokens = set(_LETTERS.findall(folded))
    costed = data()["costed"]
    return not tokens.isdisjoint(costed["grant_words"]) and tokens.isdisjoint(costed["cost_words"])


def _asks_granted(qfold: str) -> bool:
    """Whether a folded amount question asks what a funder decided to grant (``granted.question``: « notifié »,
    « accordé », « obtenu »), not what it plans or pays."""
    return not set(_LETTERS.findall(qfold)).isdisjoint(data()["granted"]["question"])


def _says_granted(folded: str) -> bool:
    """Whether a folded text says that a grant was decided or obtained (``granted.sentence``: « a accordé »,
    « D'attribuer », « a obtenu »)."""
    return not set(_LETTERS.findall(folded)).isdisjoint(data()["granted"]["sentence"])


#: A lead-in and the items of a list under it (« …le plan de financement suivant :\n- Ville de Grenoble : … »).
_PLAN_ITEMS = re.compile(r":[ \t]*\n[ \t]*[-–•*]")


@cache
def _envelope_words() -> re.Pattern[str]:
    """The words that state an envelope (``envelope.sentence``), whole, as one alternation (folded)."""
    words = sorted((re.escape(w) for w in data()["envelope"]["sentence"]), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(words) + r")\b")


def _says_requested(folded: str) -> bool:
    """Whether a folded text says that an amount was requested (``requesting.sentence``: « solliciter »,
    « demandés », « sollicitait »)."""
    return not set(_LETTERS.findall(folded)).isdisjoint(data()["requesting"]["sentence"])


#: The words of a twinning (folded): « jumelées », « jumelage », « villes sœurs », « twinned », « sister city ».
_TWINNING = re.compile(r"\b(?:jumel|twin|sister[\s-]*cit|villes?\s+s(?:oe|œ)urs?\b)")
#: A question about a twinning itself (folded): « jumelée(s) avec », « le jumelage entre… », not « le comité de
#: jumelage » nor « notre ville jumelle ».
_ASKS_TWINNING = re.compile(
    r"\bjumele(?:e|s|es)?\b|(?<!comite de )(?<!comites de )\bjumelage\b|\btwinned\b|\bsister[\s-]*cit"
)


#: The events a date question may ask (folded): (how the question says it, how a sentence may). Opening an equipment
#: is said by its inauguration or its putting into service as well; a launch by an opening too. Bounded: linear.
_EVENTS = (
    (
        r"\b(?:inaugur\w*|ouvert\w*|ouvre|ouvrent|ouvrir\w*|ouvrira\w*|ouverture|rouv\w*|reouv\w*|opened|opens)\b"
        # (« Depuis quand la machine à glace est-elle en service ? » asks when it was put into service)
        r"|\ben\s+service\b|\bput\s+into\s+service\b",
        r"\b(?:inaugur\w*|ouvert\w*|ouvre|ouvrent|ouvrir\w*|ouvrira\w*|ouverture|rouv\w*|reouv\w*|opened|opening)\b"
        r"|\ben\s+service\b|\bfonctionn\w*|\binto\s+service\b",
    ),
    (
        r"\b(?:creee?s?|creer|creation|fondee?s?|fonder|fondation|created|founded|established)\b",
        r"\b(?:creee?s?|creer|creation|creent|fondee?s?|fonder|fondation|constituee?s?|declaree?s?|nee|nees|naissance"
        r"|created|founded|established)\b|\bvu\s+le\s+jour\b",
    ),
    (  # « Depuis quand existe la bourse ? » asks when it began: not a sentence that only dates its amount
        r"\b(?:existe|existent|existait|existaient|exists|existed)\b",
        r"\b(?:creee?s?|creer|creation|creent|fondee?s?|fonder|fondation|constituee?s?|nee|nees|naissance|exist\w*"
        r"|lance\w*|lancement|instaur\w*|signee?s?|conclue?s?|jumel\w*|created|founded|established|since"
        r"|launched)\b|\bvu\s+le\s+jour\b|\bmise?s?\s+en\s+place\b",
    ),
    (
        r"\b(?:reuni\w*|reunion\w*|reunit|meets|meeting)\b",
        r"\b(?:reuni\w*|reunion\w*|reunit|tenue?s?|tiendra\w*|copil|seance|session|prochaine?|meets?|meeting|met)\b"
        r"|\b(?:a|ont|aura|auront|avait|avaient)\s+lieu\b",
    ),
    (
        r"\b(?:lancee?s?|lancer|lancement|launched)\b",
        r"\b(?:lance\w*|lancement|ouvert\w*|ouverture|ouvre|ouvrira|demarr\w*|debut\w*|launched)\b",
    ),
    (  # « Quand le convoi est-il arrivé à Kolomyïa ? » is not answered by the date it left
        r"\b(?:arrive\w*|arrivee?s?|arriv(?:er|era\w*|ait|aient)|parvenue?s?|arrived|arrives|arrival|reached)\b",
        r"\b(?:arriv\w*|parvenue?s?|parvien\w*|atteint|atteignent|arrived|arrives|arrival|reached)\b",
    ),
    (  # « Quand le convoi est-il parti ? » is not answered by the date it arrived
        # (« une partie des fonds » asks no departure: « partie » after « est », « sont »)
        r"\b(?:(?:est|sont|etait|etaient|sera|seront)(?:-(?:il|elle|ils|elles))?\s+partie?s?|partir|partira\w*|depart"
        r"|quitte\w*|leave|leaves|left|departed|departure)\b",
        # (not « participation », « partenaire », « département », « départager »)
        # (nor « les Parties », « une partie » of a convention: « partie » only after an auxiliary)
        r"\b(?:parti|partis|partir|partira\w*|partiront|partait|partaient|depart|departs|quitt\w*|left|departed"
        r"|departure)\b|\b(?:est|sont|etait|etaient|sera|seront)\s+parties?\b",
    ),
    (  # « Quand l'exposition fermera-t-elle ? » is not answered by the date it opens
        r"\b(?:ferme\w*|fermer\w*|fermeture|cloture\w*|closes?|closed|closing)\b",
        r"\b(?:ferm\w*|clotur\w*|clos|closes?|closed|closing|jusqu|prendra\s+fin|prend\s+fin|achev\w*|termin\w*|fin"
        r"|until|ends?)\b",
    ),
    (  # « Quand la restauration doit-elle être terminée ? » is not answered by « en chantier depuis janvier 2024 »
        r"\b(?:terminee?s?|achevee?s?|acheve|achever|completed|finished)\b",
        r"\b(?:termin\w*|achev\w*|fin|finie?s?|livr\w*|reception\w*|inaugur\w*|jusqu|completed|finished|until)\b"
        r"|\ba\s+\d{4}\b|\d{4}\s*[-–]\s*\d{4}",
    ),
)


@cache
def _event_patterns() -> tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]:
    """:data:`_EVENTS`, compiled once."""
    return tuple((re.compile(q), re.compile(sentence)) for q, sentence in _EVENTS)


def asked_events(qfold: str) -> tuple[re.Pattern[str], ...]:
    """The sentence patterns of the events a folded date question asks (« a-t-elle été inaugurée » → an opening:
    « inaugurée », « ouverte », « mise en service »); () when it asks none of them."""
    return tuple(sentence for question, sentence in _event_patterns() if question.search(qfold[:400]))


#: How much of a question (characters) is read for what it names by a noun and a name.
MAX_OF_NAMES_TEXT = 400
#: « centre de santé de Kolenté », « la Ville de Rouen », « lycée agricole de Montmorot »: a noun, at most two more
#: words, « de » and a capitalised name (as written; bounded repetitions: linear).
_OF_NAME = re.compile(
    r"\b(?:[Ll]e|[Ll]a|[Ll]es|[Ll]['’]|[Dd]u|[Dd]es|[Aa]u|[Aa]ux|[Uu]n|[Uu]ne|[Ss]on|[Ss]a|[Ss]es|[Ll]eurs?|[Cc]e|"
    r"[Cc]ette|[Cc]es)\s*"
    # (not across « du »: « la profondeur du forage de Gidan Bawa » names the forage of Gidan Bawa)
    r"([A-Za-zÀ-ÖØ-öø-ÿ][a-zà-öø-ÿ]{3,})((?:\s+(?!(?:le|la|les|un|une|au|aux|et|en|pour|par|sur|a|à|du)\b)"
    r"[a-zà-öø-ÿ]+){0,2}?)\s+(?:de|du|des|d['’])\s*"
    r"(?:la\s+|l['’]\s*|les\s+)?((?:L[ae]s?\s+)?[A-ZÀ-ÖØ-Þ][\w’'-]*)"
)
#: Nouns of a phrase that names nothing (« au titre de », « lors de »), folded.
_NOT_OF_NAME = frozenset({"titre", "cadre", "cours", "lors", "partir", "aupres", "suite", "nom", "noms", "fin"})
#: A kind of authority written as a name (« la Ville de Rouen »): the name is the one after it, folded.
_KIND_NAMES = frozenset(
    {"ville", "commune", "region", "departement", "province", "municipalite", "district", "agglomeration", "metropole",
     "communaute", "mairie", "conseil", "gouvernorat", "prefecture"}
)  # fmt: skip
_THEN_NAME = re.compile(r"\s+(?:de|du|d['’])\s*(?:la\s+|l['’]\s*)?((?:L[ae]s?\s+)?[A-ZÀ-ÖØ-Þ][\w’'-]*)")


def of_names(text: str) -> tuple[tuple[str, str], ...]:
    """The (noun key, folded name) pairs a text names by a noun and a name (« le centre de santé de Kolenté » →
    (centr, kolente)), the noun's other words aside."""
    out = []
    for m in _OF_NAME.finditer(text):
        noun = fold(m.group(1))
        if noun in _NOT_OF_NAME or noun in stopwords():
            continue
        name = m.group(3)
        if fold(name) in _KIND_NAMES and (then := _THEN_NAME.match(text, m.end())) is not None:
            name = then.group(1)  # « la contribution de la Ville de Rouen »: Rouen
        out.append((term_keys(noun)[0], fold(name)))
    return tuple(out)


#: « de combien… », « quelle part… », « dans quelle proportion… » (folded); not « de combien de foyers » (a count).
_ASKS_SHARE = re.compile(
    r"\bde\s+combien\b(?!\s+d(?:e\b|'|’))|\bquelle\s+(?:part|proportion)\b|\bdans\s+quelle\s+proportion\b"
)


def _starts_with_any(folded: str, stems: Sequence[str]) -> bool:
    """Whether a word of a folded text starts with one of ``stems``."""
    return any(w.startswith(tuple(stems)) for w in _LETTERS.findall(folded))


def sibling_names(
    asked: Sequence[tuple[str, str]], texts: Sequence[str], partners: Sequence[str] = ()
) -> frozenset[str]:
    """The names ``texts`` give, by the noun of a thing the question names by a noun and a name (``asked``, from
    :func:`of_names`), to other things than the one asked (« la khettara de Tizgui » for « la khettara d'Agouni »),
    folded; none that shares a word with an asked name. A thing named after an authority or a place of the
    documents (``partners``: « le centre de compostage de Tagbilaran », « la contribution du Département du
    Bas-Rhin ») may be named after a part of it elsewhere (« le centre de compostage de Dampas », a quarter of
    Tagbilaran): it has no siblings."""
    partner_words = {w for p in partners for w in re.split(r"[-'’\s]", fold(p)) if len(w) > 2}
    asked = [(noun, name) for noun, name in asked if partner_words.isdisjoint(re.split(r"[-'’\s]", name))]
    nouns = {noun for noun, _ in asked}
    asked_words = {w for _, name in asked for w in re.split(r"[-'’\s]", name) if w}
    found = {
        name
        for text in texts
        for noun, name in of_names(text[:MAX_SIBLING_TEXT])
        if noun in nouns and asked_words.isdisjoint(re.split(r"[-'’\s]", name)) and len(name) > 2
    }
    return frozenset(found)


#: How many characters of each passage are read for siblings.
MAX_SIBLING_TEXT = 4000


def _names_only_sibling(folded: str, siblings: frozenset[str], asked: Sequence[tuple[str, str]]) -> bool:
    """Whether a folded sentence names a sibling (see :func:`sibling_names`) and no name the question asks about."""
    tokens = set(re.findall(r"[\w-]+", folded))
    if any(name in tokens or name in folded for _, name in asked):
        return False
    return any(name in tokens for name in siblings)


def _names_sibling(
    text: str, context: str | None, asked: Sequence[tuple[str, str]], author: frozenset[str] | set[str] = frozenset()
) -> bool:
    """Whether a sentence names, by the same noun as the question, another thing than the one asked (« le centre de
    Friguiagbé » for « le centre de santé de Kolenté »), and neither it, its context nor its document's author
    (``author``, name keys: « La Ville apporte 20 000 euros ; la Ville d'Artachat 5 000 » in Clamart's deliberation)
    names the one asked."""
    given = of_names(text[: MAX_OF_NAMES_TEXT * 2])
    if not given:
        return False
    # the author counts only when the sentence names an authority by its kind alone (« La Ville apporte… »): « La
    # contribution de Vanadzor… est portée à 45 000 euros » in the Agglomération's avenant is only Vanadzor's
    nouns = frozenset(noun for noun, _ in asked)
    bare = author if _bare_kind(text, nouns) else frozenset()
    own, around = match_keys(text) | bare, match_keys(context or "")
    for noun, name in asked:
        others = [n for k, n in given if k == noun and n != name]
        if not others:
            continue
        # (a context that names the sibling too tells nothing of whom a sentence that opens on the sibling speaks:
        # « Visite des forages de Gidan Bawa et de Tsamiya. Le forage de Tsamiya atteint 72 mètres… » is Tsamiya's, not
        # Gidan Bawa's; « Plus profond que le forage de Tsamiya, il atteint 85 mètres » may still be the one asked)
        opening = _OF_NAME.match(text.lstrip())
        opens_on_sibling = opening is not None and fold(opening.group(3)) in others
        sibling_around = opens_on_sibling and any(
            term_keys(w)[0] in around for n in others for w in re.split(r"[-'’\s]", n) if len(w) > 2
        )
        keys = own if sibling_around else own | around
        if not all(p in keys for p in (term_keys(w)[0] for w in re.split(r"[-'’\s]", name) if len(w) > 2)):
            return True
    return False


@lru_cache(maxsize=1)
def _authority_kinds() -> frozenset[str]:
    """The kinds of authority (folded, singular: « ville », « departement », « agglomeration »)."""
    return frozenset(n[:-1] if n.endswith("s") else n for n in data()["authority_nouns"])


def _bare_kind(text: str, nouns: frozenset[str]) -> bool:
    """Whether a sentence names an authority by its kind (« La Ville apporte… », « le Département »), or the thing
    asked by its noun (``nouns``, keys: « le centre a enregistré… » in the centre's report), with no name after it
    (not « la Ville d'Artachat », « la contribution de Vanadzor »)."""
    kinds = _authority_kinds()
    return any(
        (fold(m.group()) in kinds or term_keys(m.group())[:1] in ((n,) for n in nouns))
        and not _NAME_AFTER_KIND.match(text, m.end())
        for m in _LETTERS.finditer(text)
    )


def _says_twinning(folded: str) -> bool:
    """Whether a folded text speaks of a twinning (« jumelage », « jumelées », « twinned »)."""
    return _TWINNING.search(folded) is not None


def _costed_thing(qfold: str) -> Costed | None:
    """The keys of what a cost question asks the cost of (« combien a coûté le bibliobus de kandy » → bibliobus;
    « how much did the Fomboni water tower cost » → château, tour: the French forms of its head noun), or None: no
    cost asked, the cost of a whole programme, phase or agreement (``costed.generic``), or an English noun the
    glossary does not know."""
    m = _COSTED.search(qfold)
    if m is None:
        return _costed_in_english(qfold)
    skip = _BEFORE_NOUN.fullmatch(m.group(1)) or m.group(1) in data()["count_adjectives"]
    noun = m.group(2) if skip else m.group(1)
    if noun is None or noun in data()["costed"]["generic"] or noun in stopwords():
        return None
    return (term_keys(noun),)


#: « how much did the Fomboni water tower cost », « the cost of one family water tank in Funafuti » (folded): the
#: noun phrase, bounded (linear).
_COSTED_EN = re.compile(
    r"\bhow\s+much\s+(?:did|does|do|will|would|has|have|had)\s+(?:(?:the|a|an|one|each|every)\s+)?"
    r"([a-z' -]{2,80}?)\s+costs?\b"
    r"|\b(?:cost|price)\s+of\s+(?:(?:the|a|an|one|each|every)\s+)?([a-z' -]{2,80})"
)
#: What ends an English noun phrase: a preposition or a verb after it (« …water tank in Funafuti »).
_EN_PHRASE_END = re.compile(r"\s+(?:in|at|for|of|under|on|to|from|with|built|installed|bought|paid|was|is|were|are)\b")


def _costed_in_english(qfold: str) -> Costed | None:
    """The French forms' keys of the head noun of an English cost question (its last word before a preposition:
    « the extension of the Hlotse tree nursery » → extension), or None."""
    m = _COSTED_EN.search(qfold[:400])
    if m is None:
        return None
    phrase = _EN_PHRASE_END.split(m.group(1) or m.group(2), maxsplit=1)[0].strip(" '-")
    head = phrase.split()[-1] if phrase.split() else ""
    forms = [f.split()[0] for f in in_french(head) if f.split()]
    if not forms or any(f in data()["costed"]["generic"] for f in forms):
        return None
    return tuple(term_keys(f) for f in dict.fromkeys(forms))


#: The noun an English count question counts: the last word of « how many school kits were… », a plural.
_HOW_MANY = re.compile(
    r"\bhow\s+many\s+(?:[a-z-]+\s+){0,2}?([a-z-]+s)\b(?=\s+(?:were|was|are|is|have|has|had|did|do|does|will|would"
    r"|could|can|in|of|at|for|from|to|on)\b|\s*\?|\s*$)"
)


def _english_counted(qfold: str) -> tuple[str, ...]:
    """The French words of the noun an English count question counts (``english_to_french``), () when the glossary
    does not know it."""
    m = _HOW_MANY.search(qfold[:400])
    return tuple(data()["english_to_french"].get(m.group(1), ())) if m else ()


def _counted_before(qfold: str, answered: str | None) -> str | None:
    """What a follow-up that says « combien » without a noun counts (« et en phase 2 il en est prévu combien ? »):
    the noun of the count its conversation was just given (« six abris » → « abris »); None otherwise (an
    amount, or a longer answer, names no counted noun)."""
    if answered is None or not re.search(r"\bcombien\b", qfold) or spans.find(answered, SpanKind.AMOUNT):
        return None
    numbers = spans.find(answered, SpanKind.NUMBER)
    if not numbers or len(answered.split()) > 4:
        return None
    after = re.findall(r"[a-z]+", fold(answered[numbers[0].end :]))
    nouns = [w for w in after if w not in data()["count_adjectives"]]  # « six nouveaux abris de quartier »
    return nouns[0] if nouns and nouns[0] not in stopwords() else None


def _names_counted(counted: str | None, keys: set[str], family: tuple[str, ...]) -> bool:
    """Whether the sentence (with its context) names what « Combien de <counted> ? » counts, or a word of
    the attribute's family (« habitants »: « population », « âmes »); time is counted without being named
    (« combien d'années »)."""
    if counted is None or re.fullmatch(r"(?:ans?|annees?|mois|jours?|semaines?|heures?|fois)", counted):
        return True
    if counted in data()["generic_counted"]:
        return True  # « Combien de personnes… ? »: participants, habitants, agents…
    # « Combien de jeunes… ? »: « 14 lycéens » counts young people too
    members = data()["counted_families"].get(counted, ())
    return any(holds_key(*term_keys(word), keys) for word in (counted, *family, *members))


#: The word right after a number (« 61 communes », « 41 000 actes »), a hyphen or an apostrophe inside it.
_WORD_AFTER_NUMBER = re.compile(r"\s*([^\W\d_][\w'’-]*)")


#: What a question asks the end of, when it asks how long something runs (folded): an agreement, a programme, a
#: mandate, or a verb of lasting (« court », « dure », « valable », « en vigueur »).
_TERM_ASKED = re.compile(
    r"\b(?:court|courent|dure|durent|valable|valables|vigueur|termine|terminera|acheve|achevera|expire|expirera"
    r"|fin|run|runs|last|lasts|valid|expires|ends|end)\b"
)
#: The agreement or programme whose end such a question asks (folded; singular stems found in their plurals too).
_TERM_NOUN = re.compile(
    r"\b(?:convention|accord|protocole|partenariat|contrat|mandat|jumelage|agreement|partnership)s?\b"
)
def _names_term(nouns: set[str], context_folded: str, chunk: Chunk) -> bool:
    """Whether a sentence (folded, with its context), its document's title or its section names one of ``nouns``."""
    where = f"{context_folded} {fold(chunk.title)} {fold(chunk.section or '')}"
    return any(n in where for n in nouns)


#: The French nouns an English one is written with in the documents.
_TERM_FRENCH = {"agreement": ("convention", "accord"), "partnership": ("partenariat",)}
#: A duration said with a period (« pour une durée de trois ans », « pour trois ans »), folded.
_DURATION_WORD = re.compile(r"\bduree\b|\bpour\s+(?:une\s+periode\s+de\s+)?(?:\d+|deux|trois|quatre|cinq|six)\s+ans\b")


#: Two parties of a tie (« …le jumelage entre Lisieux et Antsirabe », « l'accord conclu entre Châteauroux Métropole et
#: le soum de Kharkhorin », « Le SIAEP du Ségala et la Commune de Fomboni ont signé… »): each side up to a
#: punctuation mark or a verb (bounded: linear).
_PAIR = re.compile(
    r"\bentre\s+(?P<a>[^,;:()\n]{2,80}?)\s+et\s+(?P<b>[^,;:()\n]{2,80}?)"
    r"(?=\s*(?:[,;:().]|$)|\s+(?:ont|sont|a|pour|en|depuis|le|sign[ée]e?s?|conclue?s?)\b)"
    r"|(?:^|[.;]\s+)(?P<c>[^,;:()\n]{2,80}?)\s+et\s+(?P<d>[^,;:()\n]{2,80}?)\s+(?:ont|sont)\s+"
    r"(?:sign|li[ée]|jumel|conclu)"
)
#: A side that names a party: it opens on a capital after its article, or names one after « de » (« Lisieux », « la
#: Commune de Fomboni », « le soum de Kharkhorin »).
_PARTY = re.compile(r"\s*(?:(?:le|la|les|l'|l’)\s*)?[A-ZÀ-ÖØ-Þ]|.*\b(?:de|du|d'|d’)\s*[A-ZÀ-ÖØ-Þ]")
#: A capitalised word of a side (« Lisieux », « Châteauroux », « Kharkhorin »).
_CAP_WORD = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’-]+")


def _other_pair(text: str, named: Sequence[tuple[str, str | None]], keys: set[str]) -> bool:
    """Whether a sentence ties one of the question's places to another than the other one it names (« le jumelage
    entre Lisieux et Antsirabe » for « depuis quand la Lozère est jumelée avec Antsirabe »), the question naming two
    names or more, the other one written nowhere in the sentence and its context (``keys``)."""
    asked = {st for st, _ in named}
    if len(asked) < 2:
        return False
    parts = _name_parts(asked)
    for m in _PAIR.finditer(text[:MAX_OF_NAMES_TEXT * 2]):
        a, b = (m.group("a"), m.group("b")) if m.group("a") is not None else (m.group("c"), m.group("d"))
        # (a party is a name, or a body named after one: « Lisieux », « le soum de Kharkhorin »; not « jeunes
        # Normands et jeunes Jordaniens »)
        # (each name read by its parts too: « St-Louis » is « Saint-Louis »)
        sides = [
            {term_keys(w)[0] for w in _CAP_WORD.findall(side) if fold(w) not in _NOT_NAMES and not w.isupper()}
            if _PARTY.match(side)
            else set()
            for side in (a, b)
        ]
        for own, other in (sides, sides[::-1]):
            if not own & asked and not _name_parts(own) & parts:
                continue
            if not other or other & asked or _name_parts(other) & parts:
                continue
            # the other name asked, written nowhere around, and no country (« …au Japon » may be Kishiwada's)
            missing = [n for n in asked - own if n not in keys and not _name_parts({n}) & _name_parts(own)]
            if any(n not in _country_keys() for n in missing):
                return True
    return False


def _name_parts(keys: set[str]) -> set[str]:
    """The parts of hyphenated name keys, three letters or more (« st-louis » → « louis »; « saint-louis » → « saint »,
    « louis »), by their stems."""
    return {term_keys(p)[0] for k in keys for p in re.split(r"[-'’]", k) if len(p) >= 3}


@lru_cache(maxsize=1)
def _country_keys() -> frozenset[str]:
    """The stems of the names of every country the gazetteer knows (« japon », « burkina »)."""
    return frozenset(term_keys(w)[0] for n in gazetteer().names for w in re.split(r"[\s'’-]+", n) if len(w) >= 3)


@lru_cache(maxsize=1)
def _thing_nouns() -> frozenset[str]:
    """The nouns of ``thing_nouns`` (folded)."""
    return frozenset(data()["thing_nouns"]["words"])


def _counts_things(text: str, numbers: Sequence[spans.Span]) -> bool:
    """Whether every number of ``text`` counts places, bodies, things or measures (a word of ``thing_nouns`` right
    after it: « dans 61 communes », « 41 000 actes »): no count of people (« Combien de personnes… ? »)."""
    things = _thing_nouns()

    def thing(n: spans.Span) -> bool:
        m = _WORD_AFTER_NUMBER.match(text, n.end)
        return m is not None and fold(m.group(1)) in things

    return bool(numbers) and all(thing(n) for n in numbers)


def _column_years(header: str, row: str, at: int) -> set[str]:
    """The years named by the header cell above the cell of a table row that holds position ``at``."""
    return set(_YEARS.findall(fold(_header_cell(header, row, at))))


def _header_cell(header: str, row: str, at: int) -> str:
    """The header cell above the cell of a table row that holds position ``at`` ("" past the header's end)."""
    column = row[:at].count("|")
    cells = header.split("|")
    return cells[column] if column < len(cells) else ""


#: A table's total row (folded): « Total | 612 000 | 686 000 », « **Total** | … ».
_TOTAL_ROW = re.compile(r"\W*(?:total|totaux|montant\s+total|cout\s+total|budget\s+total)\b")
#: A question that asks a total (folded): « montant total », « budget », « coût total », « au total ».
_ASKS_TOTAL = re.compile(r"\b(?:total|totale|totaux|budget|cout\s+global|montant\s+global|enveloppe)\b")


def _bare_cells(header: str, row: str) -> list[tuple[int, str, re.Match[str]]]:
    """The cells of a table row that hold a bare number (« 45 000 »): their column, the header cell above it, as written
    ("" past the header's end), and the match (the number in group 1). The columns are counted as the scan goes:
    linear."""
    heads = header.split("|")
    out = []
    column, counted_to = 0, 0
    for m in _BARE_CELL.finditer(row):
        column += row.count("|", counted_to, m.start(1))
        counted_to = m.start(1)
        out.append((column, heads[column] if column < len(heads) else "", m))
    return out


def _cells_in_currency(header: str, row: str) -> list[spans.Span]:
    """The bare numbers of a table row under a header cell that names a currency (« Montant (euros) », « Part en
    FCFA »: the ``currencies`` table), as amounts; not under a header in thousands or millions (« (k€) »), where the
    cell is no amount as written."""
    return [
        spans.Span(SpanKind.AMOUNT, m.start(1), m.end(1), m.group(1))
        for _, head, m in _bare_cells(header, row)
        if _names_currency(head) and not _SCALED.search(fold(head))
    ]


#: A cell that holds a bare number (« | 45 000 | », « | 1 250,50 | »), its number in group 1; bounded: linear.
_BARE_CELL = re.compile(
    r"(?:^|\|)\s*\**(\d{1,3}(?:[ \u00a0\u202f.]\d{3}){1,4}(?:,\d{1,2})?|\d{1,9}(?:,\d{1,2})?)\**\s*(?=\||$)"
)
#: A header cell in thousands or millions (folded): « (k€) », « en milliers d'euros », « M€ ».
_SCALED = re.compile(r"k€|m€|\bmilliers?\b|\bmillions?\b|\bkeur\b|\bmeur\b")


@lru_cache(maxsize=1)
def _currency_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The currencies of the ``currencies`` table (read folded: « (euros) », « en € », « FCFA ») and the codes of
    ``currency_codes`` (read as written, in capitals: « (EUR) », « USD », not « ils » or « top »), compiled once."""
    d = data()
    names = sorted({fold(c) for c in d["currencies"]}, key=len, reverse=True)
    return (
        re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(n) for n in names) + r")(?![a-z])"),
        re.compile(r"\b(?:" + "|".join(re.escape(c) for c in d["currency_codes"]) + r")\b"),
    )


def _names_currency(head: str) -> bool:
    """Whether a header cell, as written, names a currency (see :func:`_currency_patterns`)."""
    names, codes = _currency_patterns()
    return names.search(fold(head)) is not None or codes.search(head) is not None


def _cells_counting(header: str, row: str, nouns: Sequence[str]) -> list[spans.Span]:
    """The bare numbers of a table row whose label (its first cell) or column header names one of ``nouns`` (folded:
    « Déchets collectés (tonnes) | 1 850 | 2 460 » for « tonnes »), as counts."""
    label = fold(row.split("|", 1)[0])
    stems = [n[: max(3, len(n) - 1)] for n in nouns]  # (« tonne » in « tonnes », « inscrit » in « inscrits »)
    return [
        spans.Span(SpanKind.NUMBER, m.start(1), m.end(1), m.group(1))
        for column, head, m in _bare_cells(header, row)
        # (not the label itself)
        if column > 0 and any(re.search(rf"(?<![a-z]){re.escape(s)}", f"{label} {fold(head)}") for s in stems)
    ]


def _label_sets_aside(row: str, qfold: str) -> bool:
    """Whether a table row's label (its first cell) says what was set aside, lost or left (``set_aside_verbs``:
    « Demandes restées sans réponse »), and the folded question does not."""
    aside = _set_aside_keys()
    label = {term_keys(w)[0] for w in re.findall(r"[a-z]+", fold(row.split("|", 1)[0]))}
    asked = {term_keys(w)[0] for w in re.findall(r"[a-z]+", qfold[:400])}
    return bool(label & aside) and not asked & aside


def _column_shared(header: str, row: str, at: int, keys: set[str]) -> int:
    """How many words (match keys) the header cell above the cell of a table row that holds position ``at`` shares with
    ``keys`` (« Après avenant (euros) » for « Et après l'avenant n° 1 ? »: « après », « avenant »)."""
    return len({k for k in match_keys(_header_cell(header, row, at)) if not k.startswith("~")} & keys)


@lru_cache(maxsize=1)
def _generic_column_keys() -> frozenset[str]:
    """The words of a table's header that name no column in particular (« Montant (euros) »), as match keys (computed
    on first use: importing the package stems nothing)."""
    words = "montant montants euros euro total totaux financeur financeurs partenaire partenaires part parts somme"
    return frozenset(match_keys(words))


def _year_conflict(q_years: set[str], folded: str) -> bool:
    """The question names a year (« …pour 2022 ? ») and the sentence names others, never it."""
    if not q_years:
        return False
    years = set(_YEARS.findall(folded))
    return bool(years) and not (years & q_years)


#: « par an », « par projet »: a rate, not an agent
_PER = "an|annee|mois|semaine|jour|projet|personne|habitant|tete|foyer|famille|beneficiaire"
_WHO_DOES = re.compile(r"\s*qui\s+(?:co-?)?([a-z]{4,})\b")
#: Verbs after « qui » that ask no agent (« Qui était… ? », « Qui peut répondre… ? »)
_NO_AGENT = frozenset(
    "etait etaient sont peut peuvent pourra doit doivent devra sera seront font fait faisait avait avaient "
    "leur leurs cette ces son ses nous vous".split()
)


#: « quand le concejo municipal de david a approuvé… », « quand le Conseil de district… a-t-il approuvé… »: the
#: assembly before its vote (folded; at most eight words)
_VOTING_BODY = re.compile(
    r"(?:^|\bquand\s+|\b(?:a|en)\s+quelle\s+date\s+|\bquelle\s+date\s+|\bquel\s+jour\s+)((?:le|la|les|l')\s?[^\s?]+(?:\s+[^\s?]+){0,7}?)\s+(?:a|ont|avait|avaient)"
    # active only: « la phase 2 a été votée » names no assembly
    r"(?:-t-(?:il|elle|ils|elles))?\s+(?:vote|approuve|adopte|delibere)"
)
#: « approuvée par le conseil communautaire de TCM le 29 septembre 2022 »: who voted, up to a comma, a « ; »
#: or a full stop (at most twelve words)
_VOTED_BY = re.compile(r"\b(?:vote|approuve|adopte)e?s?\s+par\s+([^\s,;.]+(?:\s+[^\s,;.]+){0,11})")


#: Where one clause of a sentence ends and another, with its own subject, begins (« … ; le conseil de l'atoll
#: l'a approuvée… », « …, et elle a été signée… », « …, tandis que… »).
#: (a run of blanks is entered at its first blank only: linear)
_CLAUSE_BREAK = re.compile(r";|,\s+(?:et|puis|mais|tandis\s+que|alors\s+que)\s+|(?<!\s)\s+(?:tandis|alors)\s+que\s+")
#: A deliberation's recall of an earlier vote of its own assembly (« Vu la délibération du 4 février 2019 … »).
_RECALLED_VOTE = re.compile(r"\s*vu\s+(?:la|les)\s+deliberations?\b")
#: An assembly a recall names (« Vu la délibération du conseil municipal de Ziguinchor… »): then it is that one's.
_ASSEMBLY = re.compile(r"\b(?:conseil|assemblee|commission|comite|bureau|concejo|council)\b")


def _voting_body(qfold: str) -> set[str]:
    """The matching keys of the words that tell which assembly a vote question asks about (« grand »,
    « port » in « le Conseil de district de Grand Port »); empty when it names none or only its kind
    (« le conseil municipal »)."""
    m = _VOTING_BODY.search(qfold)
    if m is None:
        return set()
    kinds = set(data()["voting"]["body_words"])
    return match_keys(" ".join(w for w in re.split(r"[\s']+", m.group(1)) if w and w not in kinds))


def _voted_by(folded: str, voter: set[str], author: str | None = None) -> bool:
    """Whether a folded sentence dates the vote of the assembly ``voter`` names: the assembly it says voted
    (« approuvée par … ») is that one and the date is said with it, or, when it names none, the sentence
    names that assembly. A deliberation's « Vu la délibération du … » recalls a vote of its own assembly, that
    of the document's ``author`` (« …approuvant le jumelage entre Lorient et Ziguinchor » is Lorient's)."""
    agents = [m.group(1) for m in _VOTED_BY.finditer(folded)]
    if not agents:
        if author is not None and _RECALLED_VOTE.match(folded) and not _ASSEMBLY.search(folded):
            return bool(match_keys(fold(author)) & voter)
        dated = [c for c in _CLAUSE_BREAK.split(folded) if spans.find(c, SpanKind.DATE)]
        if any(_ASSEMBLY.search(c) for c in dated):
            # « Le comité syndical l'avait approuvée le 21 septembre 2023 ; le conseil de l'atoll l'a approuvée
            # à son tour quelques semaines plus tard. »: the date is the comité's, said in its own clause
            # (only a dated clause that names an assembly: « …; elle a été signée à Neiafu, chef-lieu de la Division,
            # le 26 mai 2022 » dates no vote of the Division's council)
            return any(match_keys(c) & voter for c in dated if _ASSEMBLY.search(c))
        return bool(match_keys(folded) & voter)
    return any(match_keys(a) & voter and spans.find(a, SpanKind.DATE) for a in agents)


def _dates_own_vote(
    folded: str, chunk: Chunk, profile: QuestionProfile, q_labels: set[tuple[str, str]], qfold: str, voter: set[str]
) -> bool:
    """Whether a folded sentence is the line that dates a deliberation's own sitting (« seance du 27 mai 2024 »,
    « fait a laval, le 27 mai 2024 ») and that deliberation votes what the question asks about: its title (its
    « Objet ») holds the question's names, its phase (« la phase 2 ») and half its words, names no other phase
    or period, and the assembly the question names (if any) is the document's author."""
    if _cue_pattern("voting", "dating_lines").match(folded.lstrip()) is None:
        return False
    marks = _cue_pattern("voting", "deliberation_marks")
    title = fold(chunk.title)
    if _signed_objects(title.split(" ", 1)[0]):
        return False  # a convention's « Fait à …, le … » dates its signature (it may recall deliberations)
    if _DELIBERATION.search(fold(f"{chunk.section} {chunk.title}")) is None and marks.search(fold(chunk.text)) is None:
        return False
    title_keys = match_keys(title) | inherited_keys(chunk)
    if profile.missing_named(title_keys) > 0.0 or profile.coverage(title_keys) < 0.5:
        return False
    if q_labels and (not labels(title) or _label_conflict(q_labels, title)):
        return False
    if _time_conflict(qfold, title, True):
        return False
    return not voter or bool(voter & match_keys(chunk.metadata.authority or ""))


def vote_dates(text: str, qfold: str, dated: Sequence[spans.Span]) -> list[spans.Span]:
    """Of the dates ``dated`` of a sentence, those that date the vote a question (folded: ``qfold``) asks
    about: said with the assembly it names (« approuvée par le conseil communautaire de GrandAngoulême le 23
    juin 2022, puis par l'assemblée de Prizren, et signée… le 8 septembre 2022 »), else after a word of a vote
    rather than of a signature (« approuvée… le 27 mars 2025 ; la convention… signée… le 16 juin 2025 »);
    empty for another question or when none is."""
    if _cue_pattern("signing", "question").search(qfold) or not _cue_pattern("voting", "question").search(qfold):
        return []
    folded = fold(text)
    if len(folded) != len(text):
        return []  # folding changed an offset: nothing to say
    voter = _voting_body(qfold)
    if voter:
        clauses = [m.span(1) for m in _VOTED_BY.finditer(folded) if match_keys(m.group(1)) & voter]
        return [d for d in dated if any(a <= d.start and d.end <= b for a, b in clauses)]
    voting, signing = _cue_pattern("voting", "sentence"), _cue_pattern("signing", "sentence")
    out = []
    for d in dated:
        before = folded[max(0, d.start - 80) : d.start]
        votes = [m.end() for m in voting.finditer(before)]
        signs = [m.end() for m in signing.finditer(before)]
        if votes and (not signs or votes[-1] > signs[-1]):
            out.append(d)
    return out


def _agent_pattern(qfold: str) -> re.Pattern[str] | None:
    """For « Qui finance X ? » (« cofinance », « pilote », « organise »…), the passive that names the agent:
    « financé par », « cofinancé à hauteur de 50 % par », or the list of agents it announces (« financé comme
    suit : », « cofinancé de la manière suivante : »). Linear: the words between are bounded."""
    m = _WHO_DOES.match(qfold)
    if m is None or m.group(1) in _NO_AGENT:
        return None
    bare = re.sub(r"(?:ent|e|s)$", "", m.group(1))
    stem = re.escape(bare)
    if "financ" in bare:
        # « Ce projet est soutenu depuis 2020 par l'AFD… », « subventionné par »: financing said another way
        stem = f"(?:{stem}|{'|'.join(data()['financing_kin'])})"
    # a financing plan announces its funders (« financé comme suit : »); « organisé ainsi : » announces no agent
    # (« Le plan de financement prévisionnel est le suivant : »)
    plan = (
        r"|(?:comme\s+suit|de\s+la\s+(?:maniere|facon)\s+suivante|ainsi|(?:[^\s.;:]+\s+){0,4}?suivante?s?)\s*:"
        if "financ" in bare
        else ""
    )
    return re.compile(rf"\b(?:co-?)?{stem}\w*\s+(?:(?:[^\s.;:]+\s+){{0,5}}?par\b(?!\s+(?:{_PER})\b){plan})")


#: Words of the recipient looked at after a giving verb (« d'attribuer à la Municipalité de Cusco une… »).
RECIPIENT_WORDS = 8


@cache
def _giving_pattern() -> re.Pattern[str]:
    """A giving verb (``data/answering.json`` ``giving_verbs``), at most three words (its object,
    « chaque année »), the recipient's preposition and the next :data:`RECIPIENT_WORDS` words. Linear: each
    repetition is bounded and the phrase, greedy, ends the pattern."""
    verbs = "|".join(sorted((re.escape(v) for v in data()["giving_verbs"]), key=len, reverse=True))
    word = r"[^\s.;:?!]+"
    # a lookahead, so that matches may overlap (« données à jour, la Ville verse … à Kaya »); « a été » is
    # the auxiliary, not « à »
    return re.compile(
        rf"\b(?=(?:{verbs})\b(?:-t-(?:il|elle|ils|elles)\b)?(?:\s+{word}){{0,3}}?\s+(?:a|au|aux|to)\s+"
        rf"(?!(?:ete|eu|permis|fait)\b)({word}(?:\s+{word}){{0,{RECIPIENT_WORDS - 1}}}))"
    )


def _recipient_phrases(folded: str) -> list[str]:
    """What follows « verser à », « attribuer à », « donne à » in a folded text: the recipients."""
    return [m.group(1) for m in _giving_pattern().finditer(folded)]


def _recipient_keys(qfold: str, q_names: set[tuple[str, str | None]]) -> tuple[tuple[str, str | None], ...]:
    """The question's names it gives something to (« …verse à Cusco ? », « …à l'association X ? »)."""
    phrases = [match_keys(p) for p in _recipient_phrases(qfold)]
    return tuple(sorted(n for n in q_names if any(holds_key(n[0], n[1], k) for k in phrases)))


@lru_cache(maxsize=1)
def _territory_pattern() -> re.Pattern[str]:
    """« la ville de Tanga », « la région d'Analamanga »: a level of territory (``data/answering.json``
    ``territory_levels``) and the name after « de »."""
    levels = "|".join(sorted(data()["territory_levels"], key=len, reverse=True))
    return re.compile(r"\b(" + levels + r")\s+(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’]|of\s+)([^\W\d_][\w-]*)")


def territories(folded: str) -> set[tuple[str, str]]:
    """The (level, name) pairs a folded text names: « la region de tanga » → ("region", "tanga")."""
    table = data()["territory_levels"]
    return {(table[level], name) for level, name in _territory_pattern().findall(folded)}


def _territory_conflict(asked: set[tuple[str, str]], folded: str) -> bool:
    """The question asks about « la ville de Tanga » and the text speaks of « la région de Tanga » (and not
    of the town): a figure of another level of territory of the same name."""
    if not asked:
        return False
    found = [(data()["territory_levels"][lv], n) for lv, n in _territory_pattern().findall(folded)]
    named = set(found)

    def bare(name: str) -> bool:
        # « Tanga, chef-lieu de la région de Tanga, compte… » also names the town itself
        mentions = len(re.findall(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", folded))
        return mentions > sum(n == name for _, n in found)

    return any(
        (level, name) not in named and any(n == name and lv != level for lv, n in named) and not bare(name)
        for level, name in asked
    )


#: What joins a role to the territory it is held in (folded): « gouverneur de la municipalité de Kampot ».
_ROLE_OF = re.compile(r"\w*\s+(?:de\s+la\s+|de\s+l['’]|du\s+|de\s+|d['’])")


def _role_of_other_level(folded: str, family: tuple[str, ...], asked: set[tuple[str, str]]) -> bool:
    """Whether the text gives the asked role in another level of territory of the name asked: « M. …, gouverneur de la
    municipalité de Kampot » for « le gouverneur de la province de Kampot » (not « gouverneur de la province, … élus
    de la municipalité de Kampot »: the role is said of no other level)."""
    if not asked:
        return False
    table = data()["territory_levels"]
    for word in family:
        start = folded.find(word)
        while start >= 0:
            joined = _ROLE_OF.match(folded, start + len(word))
            said = _territory_pattern().match(folded, joined.end()) if joined else None
            if said is not None:
                level, name = table[said.group(1)], said.group(2)
                if any(n == name and lv != level for lv, n in asked) and (level, name) not in asked:
                    return True
            start = folded.find(word, start + 1)
    return False


#: The figure before « habitants » (folded, read on the 40 characters before it): « 220 000 », « 2,1 millions d' ».
_FIGURE_BEFORE = re.compile(r"\d[\d .,]{0,20}\s+(?:millions?\s+)?(?:d['’]\s*)?$")


def _population_figures(folded: str) -> list[int]:
    """Where each population figure of a folded text starts (« 220 000 habitants », « 2,1 millions
    d'habitants »): found from the word « habitants », in linear time."""
    out = []
    for m in re.finditer(r"\bhabitants\b", folded):
        window = folded[max(0, m.start() - 40) : m.start()]
        figure = _FIGURE_BEFORE.search(window)
        if figure is not None:
            out.append(m.start() - len(window) + figure.start())
    return out


#: What ties a figure to the noun just before it rather than to the sentence's subject: an opening parenthesis,
#: a relative clause (« qui compte », « dont elle fait partie, compte »), right before the figure (folded).
#: The words that state a population (``population.sentence``: « compte », « abrite »…), as one alternation.
_POPULATION_VERBS = "|".join(re.escape(w) for w in data()["population"]["sentence"])
_ATTACHED = re.compile(
    rf"(?:\(\s*|\bqui\s+(?:{_POPULATION_VERBS})\s+"
    rf"|\bdont\s+(?:elle|il)\s+fait\s+partie\s*,?\s*(?:{_POPULATION_VERBS})\s+)"
    r"(?:environ\s+|pres\s+de\s+|plus\s+de\s+|quelque\s+)?$"
)
#: A clause whose subject is a pronoun (« Il compte environ 340 000 habitants »), or a demonstrative noun phrase
#: the figure qualifies (« Cette commune d'environ 8 500 habitants, perchée…, est liée à Lodève… »): both stand for
#: the subject of the sentence before.
_PRONOUN_COUNTS = re.compile(
    rf"^\s*(?:(?:il|elle)\s+(?:{_POPULATION_VERBS})\b"
    r"|(?:cette|cet|ce)\s+[a-z-]{3,25}\s+(?:d['’]\s*|de\s+)(?:environ\s+|pres\s+de\s+|plus\s+de\s+|quelque\s+)?$)"
)
#: A demonstrative noun phrase that counts the figure inside a sentence (« …et que cette hromada compte environ »),
#: read backwards from the figure: it stands for the noun brought in earlier in the sentence (« une hromada »).
_DEMONSTRATIVE_COUNTS = re.compile(
    rf"\b(?:cette|cet|ce)\s+([a-z-]{{3,25}})\s+(?:{_POPULATION_VERBS})\s+"
    r"(?:environ\s+|pres\s+de\s+|plus\s+de\s+|quelque\s+)?$"
)
#: A territory noun (folded), where the noun phrase a relative clause hangs on may start.
_TERRITORY_NOUN = re.compile(
    r"\b(?:"
    + "|".join(
        sorted(
            (re.escape(w) for w, level in data()["territory_levels"].items() if level not in ("commune", "pays")),
            key=len,
            reverse=True,
        )
    )
    + r")\b"
)  # « Antsirabe, troisième ville de Madagascar (250 000 habitants) » is the town's own figure
#: How many characters before a demonstrative count (« cette hromada compte ») its noun is looked for.
BROUGHT_WINDOW = 400
#: How many characters before the tie the noun it ties the figure to is read.
OWNER_WINDOW = 45


#: How far after a population figure (characters, in its sentence) a part or a whole is looked for.
PART_WINDOW = 160
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
#: The parts of a place (folded, plural: a question may ask about one quartier): its districts, villages, surroundings.
_PART_NOUN = re.compile(r"\b(?:quartiers|faubourgs|villages|hameaux|secteurs|barrios|environs|alentours)\b")
#: A figure counted of a part of the place named after it (« 9 000 habitants des quartiers périphériques de… »).
_PART_AFTER = re.compile(
    r"[\d\s.,]*(?:millions?\s+)?(?:d')?habitants\s+(?:des|du|de\s+la|de\s+l'|d')\s*" + _PART_NOUN.pattern
)
#: What says that the place named after a figure is only a part of what was counted: « répartis entre la ville
#: d'Ilulissat et… », « ; son chef-lieu est Port Mathurin » (folded).
_WHOLE_AFTER = re.compile(
    r"\b(?:repartis?|reparties?)\s+entre\b|\b(?:son|dont\s+le)\s+chef-lieu\b|\b(?:sa|dont\s+la)\s+capitale\b"
)
#: The noun phrase a relative clause hangs on is a part of the place (« les quartiers hauts d'Ebebiyín »; not « ville de
#: douze quartiers »: no article before the part).
_PART_HEAD = re.compile(r"\b(?:les|des|ses|leurs|ces)\s+(?:" + _PART_NOUN.pattern + ")")


def _population_of_other(
    folded: str, context: str | None, named: Sequence[tuple[str, str | None]], asked: str = ""
) -> bool:
    """Whether a sentence's population figures all belong to something other than the place a population
    question names: tied by a parenthesis or a relative clause to the words just before (which do not name the
    place), counted by a pronoun whose antecedent, the subject opening the sentence leant on, does not, or by a
    demonstrative noun phrase whose noun the sentence brought in without the place and the question (``asked``,
    folded) does not ask about."""
    if not named:
        return False
    figures = _population_figures(folded)
    if not figures:
        return False

    def names_place(text: str) -> bool:
        keys = match_keys(text)
        return any(holds_key(st, pre, keys) for st, pre in named)

    for start in figures:
        before = folded[:start]
        after = _SENTENCE_END.split(folded[start : start + PART_WINDOW], maxsplit=1)[0]
        if _PART_AFTER.match(after) and names_place(after):
            continue  # « près de 9 000 habitants des quartiers périphériques de Dapaong »: a part of the place's
        whole = _WHOLE_AFTER.search(after)
        if (
            whole is not None
            and not names_place(before)
            and not names_place(after[: whole.start()])
            # (named in the very phrase: « répartis entre douze quartiers, Dapaong est… » counts Dapaong itself)
            and names_place(re.split(r"[,;]", after[whole.start() :], maxsplit=1)[0])
        ):
            continue  # « Rodrigues… compte environ 43 000 habitants ; son chef-lieu est Port Mathurin »: the whole's
        shown = _DEMONSTRATIVE_COUNTS.search(before[-80:])
        # (the noun is looked for in the sentence's last BROUGHT_WINDOW characters before the figure: bounded, so
        # that a text of many figures stays linear)
        window = before[-BROUGHT_WINDOW:]
        brought = (
            re.search(rf"\b(?:une?|la|le|l')\s*{re.escape(shown.group(1))}\b", window[: -len(shown.group())])
            if shown is not None
            else None
        )
        if brought is not None and shown is not None:
            # « la ville est le centre d'une hromada, c'est-à-dire…, et que cette hromada compte environ 86 000
            # habitants »: the hromada's figure, from where the sentence brought it in to the next comma
            asked_noun = re.search(rf"\b{re.escape(shown.group(1))}\b", asked[:400]) is not None
            if not asked_noun and not names_place(re.split(r"[,;(]", window[brought.start() :], maxsplit=1)[0]):
                continue
            return False
        tie = _ATTACHED.search(before[-80:])
        if tie is not None:
            owner = before[: len(before) - 80 + tie.start() if len(before) > 80 else tie.start()][-OWNER_WINDOW:]
            if _PART_HEAD.search(re.split(r"[,;]", owner.rstrip(" ,"))[-1]):
                continue  # « les quartiers hauts d'Ebebiyín, qui comptent environ 9 300 habitants »: a part's
            # the noun the clause hangs on: from the last territory noun (« …dans le canton de Neretva, qui… »)
            levels = list(_TERRITORY_NOUN.finditer(owner))
            if not names_place(owner[levels[-1].start() :] if levels else owner):
                continue
            return False
        if context is not None and _PRONOUN_COUNTS.match(before):
            subject = re.split(r"[,;(]", fold(context), maxsplit=1)[0]
            if not names_place(subject):
                continue
            return False
        return False  # a figure stated of the sentence's own subject
    return True


#: An apposition that ends on a population figure, after the proper name it describes (« …Saint-Omer et Tozeur,
#: ville-oasis du Djerid d'environ », read backwards from the figure): the name, a comma, and a description that
#: opens on a common word and holds no other comma, parenthesis or sentence mark (the text as written).
_APPOSED_NAME = re.compile(r"([A-ZÀ-ÖØ-Þ][\w'’-]+)\s*,\s+[a-zà-ÿ][^,;:()?!.]{0,100}$")


#: Words that make what follows a name's comma a clause (« …du Rwanda, compte environ ») rather than an apposition.
_APPOSITION_VERBS = frozenset({*data()["population"]["sentence"], "est", "sont", "etait", "a", "ont", "avait"})


def _apposed_to_other(text: str, named: Sequence[tuple[str, str | None]], places: frozenset[str]) -> bool:
    """Whether every population figure of a sentence sits in an apposition to a proper name that is not the place
    the question names (« Saint-Omer et Tozeur, ville-oasis du Djerid d'environ 39 000 habitants… »: Tozeur's,
    asked of Saint-Omer), the description naming that place nowhere either. The name is one of the document's places
    (``places``, folded)."""
    folded = fold(text)
    if not named or len(folded) != len(text):
        return False
    figures = _population_figures(folded)
    if not figures:
        return False
    for start in figures:
        m = _APPOSED_NAME.search(text[max(0, start - 160) : start])
        if m is None:
            return False
        described = re.match(r"\s*,\s*([^\W\d_]+)", text[max(0, start - 160) : start][m.end(1) :])
        place_noun = described is not None and fold(described.group(1)) in data()["place_nouns"]
        if fold(m.group(1)) not in {w for p in places for w in re.split(r"[\s'’]+", p)} and not place_noun:
            # (« D'après le recensement de l'INSEE, près de… »: a name that is no place of the document, nor described
            # as one: « …et La Massana, paroisse andorrane d'environ 10 000 habitants » is)
            return False
        owner = fold(text[max(0, start - 160) : start][m.start() :])
        if not _APPOSITION_VERBS.isdisjoint(_LETTERS.findall(owner)):
            return False  # « Huye, dans la Province du Sud, compte environ… »: a clause of the name, no apposition
        keys = match_keys(owner)
        if any(holds_key(st, pre, keys) for st, pre in named):
            return False
    return True


#: The proper name a sentence opens on (« Levuka, première capitale des Fidji, est… », « Ouidah compte… »).
_OPENING_NAME = re.compile(
    r"\s*(?:[-–•*]\s*)?([A-ZÀ-ÖØ-Þ][\w'’-]+(?:[\s-]+[A-ZÀ-ÖØ-Þ][\w'’-]+){0,2})(?=\s*[,(]|\s+[a-zà-ÿ])"
)


#: A sentence that opens on a lower-case kind of place and its name (« Le municipio de Gibara, … », « La commune de
#: Levuka »): narrower than :data:`_OF_NAME`, which also reads « Une mission du Département… ».
_OPENING_OF_NAME = re.compile(
    r"\s*(?:Le|La|Les|L['’])\s*[a-zà-ÿ][\w'’-]*(?:\s+[a-zà-ÿ][\w'’-]*)?\s+(?:de|du|d['’])\s*(?:la\s+|l['’]\s*)?"
    r"([A-ZÀ-ÖØ-Þ][\w'’-]+)"
)


#: « Considérant que », « Attendu que » (as written): what a deliberation's recital opens with, before its subject.
_DELIBERATION_OPENER = re.compile(r"\s*(?:[-–•*]\s*)?(?:[Cc]onsidérant|[Aa]ttendu)\s+qu(?:e\s+|['’]\s*)")


def _article_name(name: str) -> bool:
    """Whether a capitalised run that opens on an article is a name of its own (« La Massana », « Le Havre »), not a
    kind of place or authority written with capitals (« La Région », « La Commune »)."""
    rest = [fold(w) for w in name.split()[1:]]
    generic = {*data()["place_nouns"], *data()["territory_levels"], *data()["authority_nouns"]}
    return bool(rest) and not all(w in generic or w in spans.NOT_NAMES or w in stopwords() for w in rest)


#: « est une… », « est un… », « est la… » right after a name: the sentence says what the name is.
_IS_A = re.compile(r"\s+est\s+(?:une?|la|le|l')\s*")
#: A sentence that opens on a subject pronoun (« Elle compte… », « Il accueille… », « Celle-ci… »).
_PRONOUN_OPENING = re.compile(r"\s*(?:Elle|Il|Elles|Ils|Celle-ci|Celui-ci|Celles-ci|Ceux-ci)\b")


def _opens_on_other_place(
    text: str, context_folded: str, named: Sequence[tuple[str, str | None]], context_text: str | None = None
) -> bool:
    """Whether a sentence opens on a proper name that is not the place a question names, and names that place
    nowhere, nor does its context: its figures are that other place's. A sentence that opens on a pronoun (« Elle
    compte 410 habitants ») speaks of the name its context opens on (« Llactahuasi est une comunidad… située à 14 km
    du centre de Cuenca. »), whatever else the context names."""
    if not named:
        return False
    if context_text and _PRONOUN_OPENING.match(text):
        # (only a context that says what its opening name is, « Llactahuasi est une comunidad… »: « Pierre Martin a
        # visité la comunidad de Llactahuasi. Elle compte… » speaks of Llactahuasi, the place asked)
        m = _OPENING_NAME.match(context_text.strip())
        if m is not None and fold(m.group(1).split()[0]) not in stopwords():
            said = _IS_A.match(context_text.strip(), m.end())
            return said is not None and not any(holds_key(st, pre, match_keys(fold(m.group(1)))) for st, pre in named)
        return False
    opener = _DELIBERATION_OPENER.match(text)
    if opener is not None:
        # « Considérant que le district de Mù Cang Chải… compte environ 67 000 habitants »: the sentence opens after it
        text = text[opener.end() :]
        text = text[:1].upper() + text[1:]
    m = _OPENING_NAME.match(text)
    if m is not None and fold(m.group(1).split()[0]) in stopwords() and not _article_name(m.group(1)):
        # « Le municipio de Gibara, dans la province de Holguín, compte… » opens on a name after its kind (« La Massana
        # est l'une des sept paroisses… » opens on a name that begins with its article)
        m = None
    if m is None:
        m = _OPENING_OF_NAME.match(text)
    if m is None:
        return False  # « La commune compte 12 000 habitants », « Elle compte… »
    keys = match_keys(context_folded)
    # (most of the names: « Lamballe Terre et Mer » is not named by « ses rizières en terrasses »)
    if 2 * sum(1 for st, pre in named if holds_key(st, pre, keys)) > len(named):
        return False
    return not any(holds_key(st, pre, match_keys(fold(m.group(1)))) for st, pre in named)


def asks_population(analysis: QuestionAnalysis) -> bool:
    """« Combien d'habitants compte Tanga ? », « Quelle est la population de Podor ? »: a place's population,
    not a number of inhabitants who benefit or take part (``data/answering.json`` ``population``)."""
    if "population" not in analysis.attribute_words:
        return False
    if any(w.startswith(tuple(data()["population"]["question_not"])) for w in _LETTERS.findall(analysis.folded)):
        return False
    # « Combien d'habitants sont alimentés par le réservoir ? », « …ont été raccordés ? »: a passive or compound
    # verb says what the inhabitants counted undergo or do (« Combien d'habitants compte / a Tanga ? » do not)
    return _PASSIVE_COUNT.search(analysis.folded) is None


#: « combien d'habitants sont alimentés », « …ont été raccordés », « …seront desservis » (folded).
_PASSIVE_COUNT = re.compile(
    r"\bcombien\s+d['’]\s*habitants\s+(?:sont|seront|etaient|ont\s+ete|auront\s+ete)\s+"
    r"(?!recens|denombr|compt)[a-z]{2,}(?:e|es|ee|ees|is|ies|us|ues|it|its)\b"
)  # not « sont recensés », « sont comptés » (a census), nor « sont dans la commune »


#: « de 120 000 habitants », « (1,3 million d'habitants) », « une ville avec environ 5 100 habitants »: a number of
#: inhabitants that is a population (not « …, 212 habitants ont participé »).
_POPULATION_FIGURE = re.compile(
    r"(?:\bde\s+|\bd['’]\s*|\(\s*|\bavec\s+)(?:environ\s+|pres\s+de\s+|plus\s+de\s+|quelque\s+)?"
    r"\d[\d.,]*(?:\s\d[\d.,]*)*\s+"
    r"(?:millions?\s+)?(?:d['’]\s*)?habitants"
)


def _states_population(folded: str) -> bool:
    """Whether a folded text states a population (« compte 190 000 habitants », « sa population »)."""
    words = set(_LETTERS.findall(folded))
    return bool(words & set(data()["population"]["sentence"])) or _POPULATION_FIGURE.search(folded) is not None


#: A deliberation's heading or title (« Délibération n° CS-2023-31 »), not a convention « approuvée par délibération ».
_DELIBERATION = re.compile(r"(?:^|>\s*)deliberation\s+n\b|\bdeliberation\s+n\s*[o°]")

#: How many characters before an amount a request cue may sit (« De solliciter auprès du ministère de l'Europe
#: et des Affaires étrangères, délégation pour l'action extérieure des collectivités territoriales (DAECT), une
#: subvention de 150 000 euros »).
_REQUEST_BEFORE = 200


#: Auxiliaries after which the counted verb comes (« ont été formés », « sont venus »).
_AUXILIARIES = frozenset({"ont", "a", "sont", "est", "seront", "sera", "vont", "va"})


#: Verbs that ask a body's staff as its size (« Combien de sages-femmes travaillent à la maternité… ? »), folded.
_STAFF_VERBS = frozenset({"travaillent", "travaille", "exercent", "exerce", "emploie", "emploient"})


@lru_cache(maxsize=1)
def _per_units() -> tuple[dict[str, str], re.Pattern[str], re.Pattern[str]]:
    """The ``per_units`` table: each word's unit, the question's « pour un kilo » and a sentence's « la livre » after an
    amount (bounded: linear)."""
    table = {w: unit for unit, words in data()["per_units"]["units"].items() for w in words}
    words = "|".join(re.escape(w) for w in sorted(table, key=len, reverse=True))
    # (the question's units are words: « par l'AFD », « la part » are no litre nor tonne)
    spelled = "|".join(re.escape(w) for w in sorted(table, key=len, reverse=True) if len(w) > 1)
    measures = "|".join(re.escape(w) for w in sorted(table, key=len, reverse=True)
                        if len(w) > 1 and table[w] in ("kilo", "livre", "tonne", "litre"))  # fmt: skip
    return (
        table,
        # (« le » / « la » only before a measure: « Combien coûte le repas… ? » asks no price per meal)
        re.compile(
            rf"\b(?:(?:par|pour\s+une?|au|per|a\s+la)\s+({spelled})"
            rf"|(?:le\s+|la\s+|l'\s*)({measures}))\b(?!['’-])"
        ),
        re.compile(rf"(?:\b(?:par|pour\s+une?|au|le|la|les|per)\s+|\bl'\s*|/\s*)({words})\b(?!['’-])"),
    )


def _per_unit(qfold: str) -> str | None:
    """The unit an amount question asks per (« …pour un kilo de café ? » → « kilo »), or None."""
    table, asked, _ = _per_units()
    m = asked.search(qfold[:400])
    return table[m.group(1) or m.group(2)] if m else None


def _per_other_unit(text: str, value: spans.Span, unit: str) -> bool:
    """Whether the amount is said per another unit of the table (« 3,95 dollars la livre » when a kilo is asked)."""
    table, _, said = _per_units()
    # (every unit said in the amount's next words: « 20 euros par personne et par an » is per year too)
    window = fold(text[value.end : value.end + 40])
    if re.match(r"\s*(?:[a-z]+\s+){0,2}?(?:par|pour|au|le|la|les|l'|per|/)", window) is None:
        return False
    units = {table[m.group(1)] for m in said.finditer(window)}
    return bool(units) and unit not in units


@lru_cache(maxsize=1)
def _size_verbs() -> frozenset[str]:
    """The size verbs that say a size by themselves (« compte », « regroupe »), not the auxiliaries « a », « ont »,
    « avait », which open any compound past (« ont été plantés »)."""
    return frozenset(v for v in data()["size_verbs"] if v not in _AUXILIARIES | {"avait", "avaient"})


@lru_cache(maxsize=1)
def _holder_families() -> tuple[dict[str, int], re.Pattern[str], re.Pattern[str]]:
    """The ``size_holders`` table: each holder word's family, a pattern of the words (plural too), and one of a
    size verb (see :func:`_size_verbs`) that may end right before a value."""
    families = {w: i for i, fam in enumerate(data()["size_holders"]["families"]) for w in fam}
    words = "|".join(re.escape(w) for w in sorted(families, key=len, reverse=True))
    verbs = "|".join(re.escape(v) for v in _size_verbs())
    return (
        families,
        re.compile(rf"\b({words})(?:s|x)?\b"),
        # (« qui compte désormais 24 élèves », « regroupe plus de 80 adhérents »)
        re.compile(rf"\b(?:{verbs})(?:\s+(?:environ|desormais|aujourd'hui|actuellement|deja|plus|moins|pres|de|d'|au|total))*\s*$"),
    )


#: A definite article or a demonstrative just before a count (folded): « des douze élèves », « les 24 agents », « ces
#: 40 familles ».
_DEFINITE_BEFORE = re.compile(r"\b(?:des|les|aux|ces)\s+$")
#: After a count, its noun and a complement (folded): « (35) membres du groupement », « élèves de l'école ».
_OF_HOLDER_AFTER = re.compile(r"\s*[a-z-]+\s+(?:du|de\s+la|de\s+l'|des|de|d')\s*[a-z]")
#: After a count (folded): its noun, then a compound past (« agents ont été formés », « élèves ont participé »).
_ACTION_AFTER = re.compile(
    r"\s*(?:[\w-]+\s+){0,3}?(?:ont|sont|a|avaient|étaient)\s+(?:(?:été|déjà|bien)\s+)*"
    r"(\w+(?:é|ée|és|ées|i|ie|is|ies|it|u|ue|us|ues))\b"
)
#: Participles that state what a count is, not what was done (« 9 sages-femmes sont employées »), folded.
_STATE_PARTICIPLES = frozenset({
    "employe", "employee", "employes", "employees", "affecte", "affectee", "affectes", "affectees", "inscrit",
    "inscrite", "inscrits", "inscrites", "scolarise", "scolarisee", "scolarises", "scolarisees", "recense",
    "recensee", "recenses", "recensees", "salarie", "salariee", "salaries", "salariees", "heberge", "hebergee",
    "heberges", "hebergees", "loge", "logee", "loges", "logees",
})  # fmt: skip


def _holders_in(folded: str) -> list[str]:
    """The holder words of ``folded`` (see :func:`_holder_families`), in their table form."""
    _, words, _ = _holder_families()
    return [m.group(1) for m in words.finditer(folded)]


def _size_holder(qfold: str, counted: str | None) -> str | None:
    """The holder of the count a size question asks (« Combien d'élèves compte l'école de Kakpa ? » → « ecole »;
    « Combien de membres le comité compte-t-il ? » → « comite »); "" for a holder of no family (« …compte le Liceo… »);
    None without a size verb or a counted noun. The counted noun is none (« Combien de classes compte l'école ? »)."""
    _, words, _ = _holder_families()
    said = set(re.findall(r"[a-z]+", qfold[:400]))
    if _size_verbs().isdisjoint(said) and _STAFF_VERBS.isdisjoint(said):
        return None
    for m in words.finditer(qfold[:400]):
        if counted is None or m.group(1) != counted.rstrip("s"):
            return m.group(1)
    # (a holder no family knows, « Combien d'élèves compte le Liceo Amantina Brache ? »: only a count stated as done is
    # judged, « 185 élèves y ont pris part »)
    # (not a place's population: « Combien d'habitants compte Kaya ? » → « La commune, qui compte 66 000 habitants »)
    return "" if counted is not None and counted not in data()["attributes"]["population"] else None


def _other_holder(
    text: str, value: spans.Span, holder: str, named: Sequence[tuple[str, str | None]] = ()
) -> bool:
    """Whether ``value`` is a count of another holder than ``holder``: stated by a size verb in a clause that names
    holders, none of the asked family (« La classe de Mme Raynal, qui compte 24 élèves » for the school), or, with no
    size verb, counted as done (« 36 agents ont été formés »). A clause that opens on a capitalised word other than a
    determiner (a name, « Kakpa, chef-lieu du district de Haho, compte… », or a fronted phrase) is not judged."""
    families, _, verb = _holder_families()
    before = fold(text[max(0, value.start - 300) : value.start])
    m = verb.search(before)
    if m is None:
        # no size stated: « 36 agents ont été formés depuis 2021 » counts those trained, not the service's staff (read
        # unfolded: « 312 élèves à temps plein » has no auxiliary; « 9 sages-femmes sont employées » states a staff)
        action = _ACTION_AFTER.match(text[value.end : value.end + 80].lower())
        if action is not None and fold(action.group(1)) not in _STATE_PARTICIPLES:
            return True
        # (nor « …du séjour des douze élèves à Rodez »: a definite article before the count refers to a group already
        # known, it states no size; « des 35 membres du groupement » are all its members)
        return _DEFINITE_BEFORE.search(before[-12:]) is not None and _OF_HOLDER_AFTER.match(
            fold(text[value.end : value.end + 60])
        ) is None
    clause = re.split(r"[.;:!?()\n]", before[: m.start()])[-1]
    # (a clause whose subject is a name, « Kakpa, chef-lieu du district de Haho, compte… », is that place's)
    # (read unfolded: the capital tells a name)
    opening = re.split(r"[.;:!?()\n]", text[max(0, value.start - 300) : value.start])[-1].split()
    first = fold(opening[0]) if opening else ""
    if opening and opening[0][:1].isupper() and first not in stopwords() and not _holders_in(first):
        return False
    said = _holders_in(clause)
    # (any holder of the asked family in the clause keeps the value: « Située dans la région des Plateaux, la commune
    # de Kakpa compte… » is the commune's)
    if holder not in families:
        # (a holder of no family, « le Liceo Amantina Brache »: the clause's holder is another one unless the clause
        # names what the question does, « Le municipio de Gibara, dans la province de Holguín, compte… » for Gibara)
        return bool(said) and not any(holds_key(st, pre, match_keys(clause)) for st, pre in named)
    return bool(said) and all(families[w] != families[holder] for w in said)


def _count_predicate(qfold: str) -> tuple[str, str | None] | None:
    """The keys of the verb that says what is counted: « Combien d'éleveurs ont été formés ? » → « formés »,
    « Combien de jeunes participent… ? » → « participent », « Combien d'actes d'état civil ont été numérisés ? » →
    « numérisés »; ``None`` when the counted noun is followed by a complement and no verb (« Combien de salles de
    classe… ? »). The words are bounded: linear."""
    m = re.search(r"\bcombien\s+(?:de\s+|d['’])[a-z]+((?:[\s'’-]+[a-z]+){1,6})", qfold)
    if m is None:
        return None
    after = re.split(r"[\s'’-]+", m.group(1).strip(" '’-"))
    skip = set(data()["count_predicate"]["skip"])
    # the auxiliary right after the noun (« ont été formés », « a-t-il formées ») or after one adjective
    # (« éleveurs mongols ont été formés »; not « à », folded as « a »: « participent à la formation »)
    # (or after the noun's complement: « Combien d'actes d'état civil ont été numérisés ? »)
    complement = next(
        (i for i, w in enumerate(after[1:5], 1) if w in _AUXILIARIES - {"a"}), None
    ) if after[0] in ("de", "d", "du", "des") else None  # fmt: skip
    if after[0] in _AUXILIARIES:
        rest = after[1:]
    elif len(after) > 1 and after[1] in _AUXILIARIES - {"a"}:
        rest = after[2:]
    elif complement is not None:
        rest = after[complement + 1 :]
    else:
        rest = after
    word = next((w for w in rest if w not in skip), None)
    if word is None or word in stopwords() or len(word) < 4:
        return None
    return term_keys(word)


#: After a count and its noun, a passive or a compound tense and its participle (« deux dossiers ont été écartés »,
#: « 14 puits sont réhabilités »), folded: the words are bounded, so it stays linear.
_COUNT_THEN_PARTICIPLE = re.compile(
    r"\s+([^\W\d_][\w'’-]*)(?:\s+[^\W\d_][\w'’-]*){0,2}?\s+(?:ont|a|sont|est|avaient|avait|seront|sera)\s+"
    r"(?:[ée]t[ée]\s+|d[ée]j[àa]\s+|bien\s+)?([^\W\d_]{4,})\b",
    re.IGNORECASE,
)
_PARTICIPLE_ENDINGS = ("e", "es", "ee", "ees", "is", "us", "it", "its")


#: « combien de dossiers ont été déposés », « combien d'agents communautaires ont été formés » (folded): the
#: participle after the counted noun, a few words and an auxiliary (bounded: linear).
_ASKED_PARTICIPLE = re.compile(
    r"\bcombien\s+d(?:e\s+|')[a-z]+(?:\s+[a-z'-]+){0,4}?\s+(?:ont|a|sont|est|avaient|avait|seront|sera)"
    r"(?:-t-(?:il|elle|ils|elles))?\s+(?:ete\s+|deja\s+)?([a-z]{4,})\b"
)


def asked_participle_word(qfold: str) -> str | None:
    """The participle a count question asks about, as written (folded: « Combien de villes ont participé… ? » →
    « participe »); None when it has not that form."""
    m = _ASKED_PARTICIPLE.search(qfold[:400])
    if m is None or not m.group(1).endswith(_PARTICIPLE_ENDINGS) or m.group(1) in stopwords():
        return None
    return m.group(1)


def _asked_participle(qfold: str) -> tuple[str, str | None] | None:
    """The keys of the participle a count question asks about (« Combien de dossiers ont été déposés ? » →
    « déposés »), when it has that form; ``None`` otherwise (« Combien de livres en français ont été envoyés… ? » →
    « envoyés »)."""
    word = asked_participle_word(qfold)
    return term_keys(word) if word is not None else None


def _counts_other_predicate(
    text: str, numbers: Sequence[spans.Span], counted: str, predicate: tuple[str, str | None]
) -> bool:
    """Whether a sentence counts the asked noun only as done by another verb: « Combien de dossiers ont été déposés ? »
    is not answered by « deux dossiers ont été écartés » (the asked verb written nowhere else in the sentence). Only
    the counts written just before the counted noun (``counted``, folded) are read."""
    noun = term_keys(counted)[0]
    verbs = []
    masked: list[tuple[int, int]] = []
    for n in numbers:
        m = _COUNT_THEN_PARTICIPLE.match(text, n.end)
        if m is None or term_keys(m.group(1))[0] != noun:
            continue
        if _ALL_OF_THEM_BEFORE.search(fold(text[max(0, n.start - 12) : n.start])):
            # « Les 24 agents formés ont été équipés… » counts all those trained: the asked verb qualifies them all
            return False
        verbs.append(fold(m.group(2)))
        # (the asked verb may qualify the noun before the verb that counts: « Deux agents communautaires formés ont
        # quitté le District » counts those who left; only the rest of the sentence may say it otherwise)
        masked.append((n.start, m.end()))
    if not verbs:
        return False
    # (the rest of the sentence, the counts and their verbs cut out, joined once)
    bounds = zip([0, *(e for _, e in masked)], [*(s for s, _ in masked), len(text)], strict=True)
    rest = " ".join(text[a:b] for a, b in bounds)
    if holds_key(*predicate, match_keys(rest)):
        return False
    aside = _set_aside_keys()
    return all(term_keys(v)[0] != predicate[0] and term_keys(v)[0] in aside for v in verbs)


@lru_cache(maxsize=1)
def _set_aside_keys() -> frozenset[str]:
    """The stems of the participles that count what was set aside, lost or left (``set_aside_verbs``)."""
    # (every form of the participle: « rejeté », « rejetées », « écartés »)
    forms = (w + end for w in data()["set_aside_verbs"]["words"] for end in ("", "e", "s", "es"))
    return frozenset(term_keys(f)[0] for f in forms)


def _giver_keys(question: str, named: Sequence[tuple[str, str | None]] = ()) -> tuple[tuple[str, str | None], ...]:
    """The names of who gives, in « Combien <giver> verse / apporte / donne… ? » (``giving_verbs``), when
    the giver is named (« l'Agence de l'eau Adour-Garonne »; not « la Ville »), else (); a question typed
    without capitals (« combien la cua va-t-elle donner… ») names those of its words that the passages write
    as names (``named``, the question's names found in them). A question that names no giver so names it after the
    noun of a share (« À combien est valorisée la contribution en nature de la Ville de Surabaya… ? »)."""
    return _giver_keys_by_verb(question, named) or _share_giver_keys(question)


def _share_giver_keys(question: str) -> tuple[tuple[str, str | None], ...]:
    """The names of the giver a question names after the noun of its share (see :func:`_share_giver`), else ()."""
    words = _QUESTION_WORDS.findall(question)
    folded = [fold(w) for w in words]
    share = _share_giver(folded)
    return _giver_names(words, folded, *share) if share else ()


def _giver_keys_by_verb(
    question: str, named: Sequence[tuple[str, str | None]] = ()
) -> tuple[tuple[str, str | None], ...]:
    """:func:`_giver_keys` read from a verb of giving (or « combien » / « quel montant »)."""
    words = _QUESTION_WORDS.findall(question)
    folded = [fold(w) for w in words]
    first = _giver_first(folded) or _inverted_giver(folded) or _passive_giver(folded)
    start = first[0] if first else _giver_start(folded)
    if start is None:
        return ()
    verbs = {*data()["giving_verbs"], *ENGLISH_GIVING}
    # « apporte-t-elle », « verse-t-il »: the verb before its inverted pronoun
    end = (
        first[1]
        if first
        else next((i for i in range(start, min(len(folded), start + 12)) if folded[i].split("-")[0] in verbs), None)
    )
    if end is None:
        return _asked_of(words, folded)
    if "much" in folded[max(0, start - 2) : start]:
        # « How much did the French foreign ministry grant… ? »: a funder of the corpus, named by its kind in French,
        # unless the question writes its name (« the Auvergne-Rhône-Alpes region »)
        if named_keys := name_keys(" ".join(w for w in words[start:end] if not in_french(fold(w)))):
            return named_keys
        kinds = [f for w in folded[start:end] for f in in_french(w) if f in data()["giver_nouns"]]
        return (term_keys(kinds[0]),) if kinds else ()
    phrase = " ".join(words[start:end])
    keys = name_keys(phrase)
    if not keys and named and phrase == phrase.lower():
        parts = (p for w in words[start:end] for p in re.split(r"[-'’]", w) if p)
        keys = tuple(dict.fromkeys(k for k in map(term_keys, parts) if k in named))
    if not keys:
        # « Combien le ministère a-t-il finalement accordé ? »: a funder named by its kind, one of a corpus
        # (not « la Ville », « le Département »: the authority itself, which gives in its own words)
        kinds = [w for w in folded[start:end] if w in data()["giver_nouns"]]
        keys = (term_keys(kinds[0]),) if kinds else ()
    return keys


#: What stands between a verb of asking and the one asked (« demandé au ministère », « sollicité auprès de la
#: Région », « sollicite du ministère »), folded.
_ASKED_OF = frozenset({"a", "au", "aux", "aupres", "du", "des", "de"})
#: The articles that may follow one of them (« auprès de la Région », « à l'Agence » is one word).
_ASKED_ARTICLES = frozenset({"la", "le", "les", "de", "du", "des"})
#: Where the one asked ends (« …au ministère pour la phase 2 »).
_ASKED_END = frozenset({"pour", "en", "dans", "afin", "sur", "lors", "au", "aux", "a", "et", "cette", "cet", "ce"})


def _asked_of(words: list[str], folded: list[str]) -> tuple[tuple[str, str | None], ...]:
    """The names of the one asked for money in « Combien la Ville a-t-elle demandé au ministère… ? » or « …obtenu de
    la Région ? » (see :func:`_asked_span`): the amount asked of it or granted by it is what answers, not what the
    Ville gives; () when the question names none."""
    span = _asked_span(words, folded)
    return _giver_names(words, folded, *span) if span else ()


def asked_giver_noun(question: str) -> str | None:
    """The first word of the one asked for money in « …demandé à la Région Grand Est… » (folded: « region »), or in
    the context of a follow-up (« Et combien a-t-elle obtenu ? (…a-t-elle demandé à la Région Grand Est…) »): who
    grants what was asked of it; None when the question names no one asked."""
    words = _QUESTION_WORDS.findall(question)
    folded = [fold(w) for w in words]
    span = _asked_span(words, folded)
    if span is None:
        return None
    return next((w for w in folded[span[0] : span[1]] if w not in stopwords() and len(w) > 2), None)


def _asked_span(words: list[str], folded: list[str]) -> tuple[int, int] | None:
    """Where the one asked for money begins and ends among a question's words: after a verb of ``requesting`` or of
    ``receiving_verbs`` and « à », « auprès de », « du »… (« demandé au ministère pour… »); the first such phrase
    that names someone, else None."""
    asking = {*data()["requesting"]["question"], *data()["receiving_verbs"]}
    for verb in (i for i, w in enumerate(folded) if w.split("-")[0] in asking):
        start = verb + 1
        if start >= len(folded) or folded[start] not in _ASKED_OF:
            continue  # no « à », « auprès de », « du » right after the verb (« a demandé la Ville… »): no one asked
        start += 1
        while start < len(folded) and start <= verb + 3 and folded[start] in _ASKED_ARTICLES:
            start += 1
        last = min(len(folded), start + 8)
        end = next((i for i in range(start, last) if folded[i] in _ASKED_END), last)
        if _giver_names(words, folded, start, end):
            return start, end
    return None


def _giver_names(words: list[str], folded: list[str], start: int, end: int) -> tuple[tuple[str, str | None], ...]:
    """The name keys of a giver's words (``words[start:end]``), or the key of its kind (« le ministère »)."""
    keys = name_keys(" ".join(words[start:end]))
    if not keys:
        kinds = [w for w in folded[start:end] if w in data()["giver_nouns"]]
        keys = (term_keys(kinds[0]),) if kinds else ()
    return keys


_QUESTION_WORDS = re.compile(r"[^\W\d_][\w'-]*")
#: The English verbs of giving (« How much did the ministry grant… ? ») and the auxiliaries before a giver.
ENGLISH_GIVING = frozenset(
    {"grant", "granted", "give", "gave", "given", "pay", "paid", "contribute", "contributed", "provide", "provided",
     "award", "awarded", "allocate", "allocated", "fund", "funded", "donate", "donated", "spend", "spent"}
)  # fmt: skip
_ENGLISH_AUXILIARIES = frozenset({"did", "does", "do", "will", "would", "has", "have", "had"})


def in_french(word: str) -> tuple[str, ...]:
    """An English word's French forms (``english_to_french``), none when the glossary lacks it."""
    return tuple(data()["english_to_french"].get(word, ()))


#: « Quel montant <giver> a-t-il accordé… ? », « Quelle somme… ? »: the value asked, the giver after it
VALUE_NOUNS = frozenset({"montant", "montants", "somme", "sommes"})


#: What says that the amount after it is a whole (« coût total … estimé à », « montant total de »), folded.
#: (« total » or « global » itself: « prend en charge le coût des travaux, soit 12 000 euros » is a share; no comma
#: nor figure between: « sur un coût total de 48 000 €, Kaya apporte 12 000 € » gives Kaya's)
#: (« Le programme, d'un budget de 240 000 euros, est financé par… »: the budget of what is described, no share; not
#: « d'un coût de »: « La Ville finance un puits d'un coût de 12 000 euros » may be its own share)
_TOTAL_BEFORE = re.compile(
    r"\b(?:total|totale|global|globale)\b[^.;:(),\d]{0,40}$|\bd['’]\s*un\s+budget\b[^.;:(),\d]{0,20}$"
    # (« Le coût du programme d'actions est arrêté à… »: the cost of the whole, not « …pour la Ville », « …à la
    # charge de… », « …la part de… »)
    r"|\b(?:cout|budget)\s+(?:du|de\s+la|de\s+l['’]|des)\s*(?:programme|projet|plan|accord|convention|operation)s?\b"
    r"(?:(?!\bpour\b|\bcharge\b|\bpart\b)[^.;:(),\d]){0,40}$"
)


def _asks_size(qfold: str) -> bool:
    """Whether a count question asks the size of a whole (« combien de membres compte le groupement », « combien
    d'adhérents regroupe la coopérative »: ``size_verbs`` right after the counted noun)."""
    m = _COUNTED_THEN_VERB.search(qfold[:400])
    return m is not None and m.group(1) in data()["size_verbs"]


#: « combien de membres compte… », « combien d'adherents regroupe-t-elle… » (folded): the verb after the counted noun.
_COUNTED_THEN_VERB = re.compile(r"\bcombien\s+d(?:e\s+|')[a-z]+\s+([a-z]+)")
#: A count, its noun, then « du », « de la », « des », « de l' » and a word (folded): a part of something (« deux
#: membres du groupement »), unless an article or a possessive before it makes it all of them (« les 35 membres du
#: groupement », « la venue des 35 membres du groupement »).
_COUNT_OF_PART = re.compile(r"(?:\s+[^\W\d_]+){1,2}?\s+(?:du|des|de\s+la|de\s+l')\s*([^\W\d_]+)")
_ALL_OF_THEM_BEFORE = re.compile(r"\b(?:les|des|ses|leurs|ces|nos|vos)\s+$")


def _only_parts(folded: str, values: Sequence[str], qfold: str) -> bool:
    """Whether every count of a folded sentence counts part of something the question names (« de deux membres du
    groupement » for « Combien de membres compte le groupement… ? »)."""
    asked = set(_LETTERS.findall(qfold))
    spots = [(i, v) for v in values if v and (i := folded.find(v)) >= 0]

    def part(i: int, v: str) -> bool:
        after = _COUNT_OF_PART.match(folded, i + len(v))
        return (
            after is not None
            and after.group(1) in asked
            and _ALL_OF_THEM_BEFORE.search(folded[max(0, i - 12) : i]) is None
        )

    return bool(spots) and all(part(i, v) for i, v in spots)


def _is_total(folded: str, value: str) -> bool:
    """Whether an amount (folded) of a folded sentence is announced as a total or a cost (« le coût total du
    programme est estimé à 110 000 euros »): no giver's share."""
    i = folded.find(value) if value else -1
    return i >= 0 and _TOTAL_BEFORE.search(folded[max(0, i - 60) : i]) is not None


def no_share(
    text: str, typed: Sequence[spans.Span], giver: set[str] | None, others: frozenset[str] = frozenset()
) -> bool:
    """Whether no amount of the sentence ``text`` (``typed``) can be the share of the question's giver (its keys,
    ``giver``; ``None`` when the question's giver has no words to match): each is a total (:func:`_is_total`) or
    given by another (:func:`_other_giver`): « Le programme, d'un budget de 240 000 euros, est financé par le
    SIEVM, l'Agence de l'eau, qui a accordé 45 000 euros sur les 60 000 euros demandés, et le ministère » holds
    no share of the ministry's."""
    return _no_share_in(text, fold(text), typed, giver, others)


def _no_share_in(
    text: str, folded: str, typed: Sequence[spans.Span], giver: set[str] | None, others: frozenset[str]
) -> bool:
    """:func:`no_share` with the sentence already folded."""
    found = [t for t in typed if folded.find(fold(t.text)) >= 0]
    return bool(found) and all(
        _is_total(folded, fold(t.text)) or (giver is not None and _other_giver(text, [t.start], giver, others))
        for t in found
    )


def share_span(
    text: str, typed: Sequence[spans.Span], giver: set[str] | None, others: frozenset[str] = frozenset()
) -> spans.Span | None:
    """The first amount of ``text`` that may be the question giver's share (neither a total nor another's: see
    :func:`no_share`), when some other amount of it is not; ``None`` otherwise."""
    folded = fold(text)
    own = [t for t in typed if not _no_share_in(text, folded, [t], giver, others)]
    return own[0] if own and len(own) < len(typed) else None


def giver_share_span(question: str, text: str, typed: Sequence[spans.Span], chunk: Chunk) -> spans.Span | None:
    """The amount of ``text`` that may be the share of the giver the amount ``question`` names (« Quel montant le
    ministère a-t-il accordé… ? » → the 18 000 euros after « le ministère…, qui a accordé », not the SIEPVN's
    15 000 euros before it), when the sentence also holds amounts that cannot be; ``None`` otherwise."""
    keys = _giver_keys(question)
    words = _giver_words(question)
    if words and len(typed) > 1:
        # a plan that lists each giver's amount in its own clause (« syndicat 48 000 euros, Département des
        # Pyrénées-Orientales 20 000 euros, … »): the amount of the clause that names the giver
        giver = keys or tuple((k, None) for k in sorted(words) if not k.startswith("~"))
        folded = fold(text)
        values = [fold(t.text) for t in typed]
        own = _giver_values(folded, giver, values)
        if own and len(own) < len(values):
            return next(t for t, v in zip(typed, values, strict=True) if v == own[0])
    if not keys:
        return None  # no giver named (« Quel est le budget total… ? »), or the authority itself (« le Département »)
    if not words:
        return share_span(text, typed, None)  # an acronym for the giver (« le SIVOM »): only totals are ruled out
    return share_span(text, typed, _as_author(words, chunk), question_acronyms(question, words))


#: How much of a question (characters) is read for its acronyms.
MAX_QUESTION_SCAN = 1000


def question_acronyms(question: str, giver: set[str]) -> frozenset[str]:
    """The acronyms a question names (« …accordé au SIEPVN pour Akka ») outside its giver's words ``giver``."""
    return frozenset(
        w for w in re.findall(r"\b[A-Z][A-Z0-9]{1,9}\b", question[:MAX_QUESTION_SCAN]) if not set(term_keys(w)) & giver
    )


_SUBJECT_PRONOUNS = frozenset({"il", "elle", "ils", "elles"})


def _giver_first(folded: list[str]) -> tuple[int, int] | None:
    """Where the giver of « et le Département de l'Ain, il a donné combien ? », « et l'administration de Nevis, elle
    apporte combien ? » begins and ends among a question's folded words: named first, taken up by a pronoun
    before a giving verb and « combien » (at most two words between: « il a donné », « elle va mettre »)."""
    if "combien" not in folded:
        return None
    ask = folded.index("combien")
    verbs = set(data()["giving_verbs"])
    start = 1 if folded[:1] == ["et"] else 0
    if not (folded[start : start + 1] and (folded[start] in ("le", "la", "les") or folded[start].startswith("l'"))):
        return None
    for p in range(max(start + 1, ask - 4), ask):  # (the pronoun at most four words before « combien »)
        if folded[p] in _SUBJECT_PRONOUNS and any(w in verbs for w in folded[p + 1 : ask][:3]):
            return start, p
    return None


#: The articles that open an inverted giver (« Combien apporte le ministère ? »).
_INVERTED_ARTICLES = frozenset({"le", "la", "les"})


def _inverted_giver(folded: list[str]) -> tuple[int, int] | None:
    """Where the giver of « Combien apporte le ministère ? », « Et combien met le Département pour Tacna ? » begins
    and ends among a question's folded words: a giving verb right after « combien », then the giver, up to a
    preposition that ends it (``_ASKED_END``) or the question's end."""
    if "combien" not in folded:
        return None
    verb = folded.index("combien") + 1
    if verb + 1 >= len(folded) or folded[verb].split("-")[0] not in data()["giving_verbs"]:
        return None
    start = verb + 1
    if not (folded[start] in _INVERTED_ARTICLES or folded[start].startswith("l'")):
        return None
    end = next((i for i in range(start + 1, len(folded)) if folded[i] in _ASKED_END), len(folded))
    return start, end


def _passive_giver(folded: list[str]) -> tuple[int, int] | None:
    """Where the giver of « montant apporté par la fondation Seine-Oubangui pour… », « Quelle somme a été versée par
    la Région ? » begins and ends among a question's folded words: after a giving participle and « par », up to a
    preposition that ends it (``_ASKED_END``)."""
    verbs = data()["giving_verbs"]
    for i in range(len(folded) - 2):
        if folded[i] in verbs and folded[i + 1] == "par":
            start = i + 2
            end = next((j for j in range(start + 1, len(folded)) if folded[j] in _ASKED_END), len(folded))
            return start, end
    return None


#: The nouns of a giver's share (« la contribution de la Ville de Surabaya », « la participation du Département »).
_SHARE_NOUNS = frozenset({"contribution", "contributions", "participation", "participations", "apport", "apports"})
#: What may stand between such a noun and « de » (« la contribution en nature de… », « l'apport financier du… »).
_SHARE_QUALIFIERS = frozenset({"en", "nature", "financiere", "financier", "annuelle", "annuel", "propre", "directe"})


def _share_giver(folded: list[str]) -> tuple[int, int] | None:
    """Where the giver of « À combien est valorisée la contribution en nature de la Ville de Surabaya… ? », « Quel est
    le montant de la participation du Département ? » begins and ends among a question's folded words: after a noun of
    a share (:data:`_SHARE_NOUNS`, its qualifiers) and « de », up to a preposition that ends it (``_ASKED_END``)."""
    for i, word in enumerate(folded[:-1]):
        if word.rsplit("'", 1)[-1] not in _SHARE_NOUNS:  # (« l'apport »)
            continue
        j = i + 1
        while j < len(folded) and folded[j] in _SHARE_QUALIFIERS:
            j += 1
        if j < len(folded) and (folded[j] in ("de", "du", "des") or folded[j].startswith("d'")):
            # (from « de »: a name right after it is no sentence's first word)
            start = j
            end = next((k for k in range(start + 2, len(folded)) if folded[k] in _ASKED_END), len(folded))
            return (start, end) if end > start + 1 or folded[j].startswith("d'") else None
    return None


def _giver_start(folded: list[str]) -> int | None:
    """Where the giver begins among a question's folded words: after « combien », or after « quel
    montant » / « quelle somme »; None when the question asks neither."""
    if "combien" in folded:
        return folded.index("combien") + 1
    for i in range(1, len(folded) - 1):
        if folded[i - 1] == "how" and folded[i] == "much":
            # « How much did / does / will the Agency grant… ? »: the giver after its auxiliary
            return i + 1 + (folded[i + 1] in _ENGLISH_AUXILIARIES)
    for i in range(1, len(folded)):
        if folded[i] in VALUE_NOUNS and folded[i - 1] in ("quel", "quelle"):
            return i + 1
    return None


def _giver_words(question: str) -> set[str]:
    """The matching keys of every content word of the giver a « Combien <giver> verse… ? » names, its kind
    (« municipalité », « département ») as well as its name; empty when it is an acronym (« l'AESN »: its
    expansion in a sentence would share no word with it)."""
    words = _QUESTION_WORDS.findall(question)
    folded = [fold(w) for w in words]
    first = _giver_first(folded) or _inverted_giver(folded) or _passive_giver(folded)
    start = first[0] if first else _giver_start(folded)
    if start is None:
        start = len(folded)
    verbs = {*data()["giving_verbs"], *ENGLISH_GIVING}
    end = (
        first[1]
        if first
        else next((i for i in range(start, min(len(folded), start + 12)) if folded[i].split("-")[0] in verbs), start)
    )
    if end == start and not first and (asked := _asked_span(words, folded)) is not None:
        start, end = asked  # « Combien la Ville a-t-elle demandé au ministère ? »: the one asked
    elif end == start and not first and (share := _share_giver(folded)) is not None:
        start, end = share  # « À combien est valorisée la contribution de la Ville de Surabaya… ? » (no verb)
    if 0 < start <= len(folded) and folded[start - 1] in ("much", *_ENGLISH_AUXILIARIES):
        # an English giver: its words in French (« foreign ministry » → « etrangeres », « ministere »), its names
        # as they are (« the Auvergne-Rhône-Alpes region »)
        french = {k for w in folded[start:end] for f in in_french(w) for k in term_keys(f) if k}
        capitalised = [w for w in words[start:end] if w[:1].isupper() and not in_french(fold(w))]
        names = [p for w in capitalised for p in re.split(r"[-'’]", w)]
        return french | {k for p in names if len(p) > 2 and fold(p) not in stopwords() for k in term_keys(p) if k}
    parts = [p for w in words[start:end] for p in re.split(r"[-'’]", w) if p]
    if any(len(p) > 1 and p.isupper() for p in parts):
        return set()
    return {k for p in parts if len(p) > 2 and fold(p) not in stopwords() for k in term_keys(p) if k}


#: How far before its amount (characters) a giving verb is read, and before the verb its subject.
_GIVING_BEFORE, _SUBJECT_BEFORE = 80, 60
#: Verbs (folded) by which a sentence says who gives, beyond the question's ``giving_verbs``.
_SENTENCE_GIVING = frozenset(
    {"participe", "participent", "contribue", "contribuent", "finance", "financent", "cofinance", "cofinancent"}
)


#: « versée par la Ville de Tours »: the agent of a passive giving verb (at most one word between, « versée
#: chaque année par »; bounded by the amount's position).
_PASSIVE_AGENT = re.compile(r"\s+(?:[^\W\d_]+\s+){0,2}par\s+(.+)", re.DOTALL)
#: Words by which a sentence names a town without its name (the giver itself, said another way).
_TOWN_WORDS = frozenset({"commune", "collectivite", "municipalite", "mairie", "ville"})


def _giver_by_kind(
    text: str, giver: Sequence[tuple[str, str | None]], giver_words: set[str], passage_keys: frozenset[str]
) -> bool:
    """Whether a sentence names the question's giver by its kind alone (« La Région a accordé… » for « Combien
    la région Auvergne-Rhône-Alpes a-t-elle accordé… ? »), in a passage that names it whole: a kind of funder
    or of authority (``giver_nouns``, ``authority_nouns``) that the question's giver has, written with no name
    after it (« la Ville de Quimper » is another town)."""
    asked = _kinds_of(frozenset(giver_words))
    if not asked or not all(holds_key(st, pre, set(passage_keys)) for st, pre in giver):
        return False
    return any(fold(m.group()) in asked and not _NAME_AFTER_KIND.match(text, m.end()) for m in _LETTERS.finditer(text))


@lru_cache(maxsize=64)
def _kinds_of(giver_words: frozenset[str]) -> frozenset[str]:
    """The kinds of funder or authority (folded) that a question's giver words hold (« région », « agence »)."""
    d = data()
    kinds = {*d["giver_nouns"], *(n[:-1] if n.endswith("s") else n for n in d["authority_nouns"])}
    return frozenset(fold(w) for w in kinds if not set(term_keys(w)).isdisjoint(giver_words))


#: A name after a kind of authority or funder (« Ville de Quimper », « Agence de l'eau Adour-Garonne »).
_NAME_AFTER_KIND = re.compile(r"\s+(?:(?:de|du|des|de\s+la|pour)\s+|d['’]|l['’])*(?:[A-ZÀ-ÖØ-Þ]|l['’]?eau\b)")


#: The relative pronoun that stands for a giver named before it.
_QUI = re.compile(r"\bqui\b")


def _other_giver(text: str, starts: list[int], giver: set[str], others: frozenset[str] = frozenset()) -> bool:
    """Whether the sentence ``text`` says that another than the question's ``giver`` gives its amounts
    (``starts``: where they begin): the subject of the giving verb just before each amount holds a content
    word and none of the giver's (« Les associations de commerçantes participent au financement… par une
    redevance de 100 francs CFA »). A pronoun (« Elle verse… »), no verb or no subject decides nothing; nor
    does an acronym, which may stand for the giver, unless it is one of ``others``, the acronyms the question
    names beside its giver (« …accordé au SIEPVN » asks what the SIEPVN received, not what it gave)."""
    if not starts:
        return False
    verbs = set(data()["giving_verbs"]) | _SENTENCE_GIVING

    def other(start: int) -> bool:
        window = text[max(0, start - _GIVING_BEFORE) : start]
        found = [m for m in _LETTERS.finditer(window) if fold(m.group()) in verbs]
        if not found:
            return False
        verb = max(0, start - _GIVING_BEFORE) + found[-1].start()
        agent = _PASSIVE_AGENT.match(text, verb + len(found[-1].group()), start)
        if agent is not None:
            # « La subvention versée par la Ville de Tours s'élève à 30 000 euros »: the giver follows « par »
            clause = re.split(r"[,;:()]", agent.group(1))[0]
        else:
            before = text[max(0, verb - _SUBJECT_BEFORE) : verb]
            clause = re.split(r"[,;:()]|\bqui\b", before)[-1]
            relative = list(_QUI.finditer(before))
            if relative and not _LETTERS.findall(re.sub(r"\b(?:a|ont|lui|leur|y|en)\b", " ", clause)):
                # « …par l'Agence de l'eau Loire-Bretagne, qui a accordé 80 000 euros »: the giver is the name
                # « qui » stands for, just before it
                clause = re.split(r"[,;:()]", before[: relative[-1].start()].rstrip(" ,"))[-1]
        content = [w for w in _LETTERS.findall(clause) if len(w) > 2 and fold(w) not in stopwords()]
        if not content or any(len(w) > 1 and w.isupper() and w not in others for w in content):
            return False  # no subject, a pronoun, or an acronym that may stand for the giver
        if all(fold(w) in _TOWN_WORDS for w in content):
            return False  # « la commune », « la collectivité »: the giver itself, said another way
        return not any(k in giver for w in content for k in term_keys(w) if k)

    return all(other(s) for s in starts)


def _only_requested(folded: str, values: list[str]) -> bool:
    """Whether every amount of a folded sentence is one asked for (a request cue shortly before it, or a
    request participle right after it: « 180 000 euros sollicités »), not one given (``data/answering.json``
    ``requesting``)."""
    flags = _requested_flags(folded, values)
    return bool(flags) and all(flags)


def _bare_amounts(text: str) -> list[spans.Span]:
    """The numbers of a sentence written without a currency and outside a date (« …alors que la Ville en avait
    demandé 34 000 »): an amount the sentence may ask for, its currency said once."""
    dates = spans.find(text, SpanKind.DATE)
    return [
        n
        for n in spans.find(text, SpanKind.NUMBER)
        if n.text[:1].isdigit() and not any(d.start <= n.start < d.end for d in dates)
    ]


def _any_requested(folded: str, values: list[str]) -> bool:
    """Whether some amount of a folded sentence is one asked for (see :func:`_only_requested`): « La subvention du
    MEAE, sollicitée en avril, a été accordée à hauteur de 75 000 euros » gives its amount, it asks none."""
    return any(_requested_flags(folded, values))


def _requested_flags(folded: str, values: list[str]) -> list[bool]:
    """For each amount of ``values`` found in the folded sentence, whether it is one asked for."""
    cues = set(data()["requesting"]["sentence"])
    places = [(v, i) for v in values if v and (i := folded.find(v)) >= 0]

    giving = set(data()["giving_verbs"]) | _SENTENCE_GIVING  # « À la demande de la Ville, l'Agence finance… »

    def asked(i: int) -> bool:
        # the request cue closest before the amount, no giving verb after it, in its clause (« La commune a
        # sollicité l'Agence, qui a accordé 60 000 euros » gives; « De solliciter auprès du ministère…, une
        # subvention de 150 000 euros » asks)
        clause = re.split(r";|\bqui\b", folded[max(0, i - _REQUEST_BEFORE) : i])[-1]
        said = _LETTERS.findall(clause)
        last_request = max((k for k, w in enumerate(said) if w in cues), default=-1)
        last_give = max((k for k, w in enumerate(said) if w in giving), default=-1)
        return last_request > last_give

    return [asked(i) or _REQUESTED_AFTER.match(folded, i + len(v)) is not None for v, i in places]


#: « 180 000 euros sollicités »: a request participle right after the amount.
_REQUESTED_AFTER = re.compile(r"\s*(?:sollicit|demand)\w*")


def _giver_values(folded: str, giver: Sequence[tuple[str, str | None]], values: list[str]) -> list[str]:
    """Of a folded sentence's amounts ``values``, those in a clause (between « ; ») that names the question's
    ``giver`` (« Fonds de coopération régionale (FCR), 180 000 euros sollicités » in a financing plan that
    lists other givers too); all of them when no clause or every clause does."""
    for separator in (";", ","):
        # then, in a plan written as one clause, its parts between commas (« …, 45 000 euros sollicités auprès du
        # ministère…, et 25 000 euros apportés par l'association… »)
        clauses = folded.split(separator)
        own = [
            v
            for clause in clauses
            if any(holds_key(st, pre, match_keys(clause)) for st, pre in giver)
            for v in values
            if v and _holds_value(clause, v)
        ]
        if own and len(own) < len([v for v in values if v]):
            return own
    return values


def _holds_value(clause: str, value: str) -> bool:
    """Whether a folded clause writes the folded amount ``value`` whole (« 5 000 euros » is not in « 15 000 euros »)."""
    return re.search(rf"(?<!\d)(?<!\d[\s\u00a0\u202f.]){re.escape(value)}", clause) is not None


#: The bounds a sentence states beside their value (« ne peut excéder 50 % », « d'au moins 10 % »).
_BOUNDS = ("ceiling", "floor")
#: How many characters before its value (« Le plafond de la subvention est fixé à 15 000 euros ») or after it
#: (« 15 000 euros au maximum ») a bound's cue may sit.
_BOUND_BEFORE, _BOUND_AFTER = 40, 15
#: The cues that may follow their value (« 15 000 euros au maximum », « 10 % au minimum »).
_BOUND_CLOSING = frozenset({"au maximum", "maximum", "au plus", "au minimum", "minimum"})


def _bound_near_value(relation: re.Pattern[str] | None, folded: str, values: list[str]) -> bool:
    """Whether a cue of the bound asked sits just before or after one of the sentence's values."""
    if relation is None:
        return False
    places = [(i, i + len(v)) for v in values if v and (i := folded.find(v)) >= 0]

    def after(m: re.Match[str], end: int) -> bool:
        # « 15 000 euros au maximum », not the next clause (« 10 %, dans la limite de… »)
        between = folded[end : m.start()]
        return m.group() in _BOUND_CLOSING and not any(c in between for c in ",;")

    return any(
        start - _BOUND_BEFORE <= m.end() <= start or (end <= m.start() <= end + _BOUND_AFTER and after(m, end))
        for m in relation.finditer(folded)
        for start, end in places
    )


def founding_kinds(qfold: str) -> frozenset[str] | None:
    """The kinds of tie a « Depuis quand… ? » question asks the start of (``data/answering.json``
    ``founding``): « jumelée » a twinning, « liées par une convention » an agreement, « coopère » or
    « depuis quand avec Orhei » any tie (every kind); ``None`` when it names no tie (« Depuis quand
    l'appel est-il ouvert ? »)."""
    table = data()["founding"]
    words = _LETTERS.findall(qfold)
    kinds = {kind for kind, nouns in table["relations"].items() if any(w in nouns for w in words)}
    if not kinds and not any(w in table["partner_cues"] for w in words):
        return None
    specific = kinds - {"cooperation"}
    return frozenset(specific or table["relations"])


#: How many words apart a founding verb and the tie it founds may be (« Un serment de jumelage a été signé »).
FOUNDING_WINDOW = 8


def founds(kinds: frozenset[str], folded: str) -> bool:
    """Whether a folded sentence states the founding of a tie of one of ``kinds``: a founding verb near
    its noun (« ont engagé une coopération », « le jumelage … a été officialisé ») or « premier » /
    « première » just before it (« une première convention »)."""
    table = data()["founding"]
    nouns = {w for kind in kinds for w in table["relations"][kind]}
    words = _LETTERS.findall(folded)
    ties = [i for i, w in enumerate(words) if w in nouns]
    if not ties:
        return False
    verbs = [i for i, w in enumerate(words) if w in table["verbs"]]
    firsts = [i for i, w in enumerate(words) if w in table["first"]]
    return any(abs(i - j) <= FOUNDING_WINDOW for i in verbs for j in ties) or any(
        0 < j - i <= 2 for i in firsts for j in ties
    )


def _signs(signing: re.Pattern[str], folded: str) -> bool:
    """Whether a folded text states a signature: a signing cue, « conclu(e) » only beside a signed text
    (« la convention conclue le … », not « le séminaire s'est conclu le … »)."""
    return any(not m.group().startswith("conclu") or _signed_objects(folded) for m in signing.finditer(folded))


#: The « Fait à …, le … » line of a signed text, folded (« Fait au Quesnoy, le 22 mai 2023 », « Fait aux Abymes… »).
_SIGNED_AT = re.compile(r"\s*fait\s+(?:a|au|aux)\s")

#: How many characters may stand between a signature's date and the word that says the signature (« signée à Pokhara le
#: 12 septembre 2022 », « Le 12 mars 2020, les deux maires ont signé… »).
SIGNATURE_DATE_WINDOW = 45


def _dates_signature(text: str, folded: str, typed: Sequence[spans.Span], signing: re.Pattern[str]) -> bool:
    """Whether a sentence that says a signature gives the date of it: a date of ``typed`` with a signing cue within
    :data:`SIGNATURE_DATE_WINDOW` characters, or the « Fait à …, le … » line of a signed text (offsets are the text's:
    a text whose folding changes its length is given the benefit of the doubt)."""
    if len(folded) != len(text) or _SIGNED_AT.match(folded) is not None:
        return True
    return any(
        # (« …conclue entre la Ville de Nancy et la Ville de Jinja jusqu'au 30 juin 2027 »: an end, no signature)
        _END_BEFORE.search(folded[max(0, t.start - 24) : t.start]) is None
        and (
            signing.search(folded[max(0, t.start - SIGNATURE_DATE_WINDOW) : t.start]) is not None
            or signing.search(folded[t.end : t.end + SIGNATURE_DATE_WINDOW]) is not None
            # (« Le 20 octobre 2023, la Ville de Manosque et la municipalité de Sagada, dans la province…, ont
            # signé… »: a date far from the signature is another event's only when another event's participle
            # leads to it)
            or _OTHER_EVENT_BEFORE.search(folded[max(0, t.start - OTHER_EVENT_WINDOW) : t.start]) is None
        )
        for t in typed
    )


#: What says that the date after it ends something (« jusqu'au 30 juin 2027 », « jusqu'en 2027 »), folded.
_END_BEFORE = re.compile(
    r"(?:\bjusqu\s*['’]?\s*(?:au|a|en|a\s+la\s+fin\s+de)?"
    # (« La convention prend effet à sa signature et s'achève le 31 décembre 2027 »: the end, not the signature)
    r"|\b(?:s\s*['’]\s*acheve(?:ra)?|prend(?:ra)?\s+fin|expire(?:ra)?|se\s+termine(?:ra)?)\s+(?:le|au|en|fin)?)\s*$"
)


def ends_before(folded_before: str) -> bool:
    """Whether the folded text just before a date says that the date ends something (``_END_BEFORE``)."""
    return _END_BEFORE.search(folded_before) is not None


#: How many characters before a date the participle of another event may stand (« venue à Thiers du 10 au… »).
OTHER_EVENT_WINDOW = 30
#: The participle of an event that is no signature (« élue en 2021 », « venue à Thiers du… », « réunie le… »), folded,
#: then at most a few words before the date.
_OTHER_EVENT_BEFORE = re.compile(
    r"\b(?:elu|nomme|venu|arrive|reuni|cree|inaugure|installe|accueilli|organise|decede|parti|rentre|revenu|lance"
    r"|tenu|recu|investi|reelu)(?:e|s|es)?\b[^.;:]*$"
)


#: How much of a passage (characters) is read for the agreements it names.
MAX_AGREEMENT_TEXT = 4000
#: A signed text and the noun of its complement (« convention de coopération », « accord d'amitié », « charte de
#: jumelage »), folded.
_SIGNED_COMPLEMENT = re.compile(
    r"(?:^\s*|\b(?:la|le|les|une|un|cette|ce|cet|ces|notre|nos|leur|leurs|sa|son|ses|des|du)\s+|(?<!avec )\bl')"
    r"(?:conventions?|accords?|protocoles?|chartes?|contrats?|pactes?)(?:-cadre|\s+cadre)?\s+(?:de\s+|d')([a-z]{4,})"
)


def agreement_complements(folded: str) -> frozenset[str]:
    """The complements (first five letters) a folded text gives its signed texts (« la convention de coopération »
    → coope)."""
    return frozenset(m.group(1)[:5] for m in _SIGNED_COMPLEMENT.finditer(folded))


def _other_agreement(asked: frozenset[str], folded: str, chunk: Chunk) -> bool:
    """Whether a sentence (``folded``) names its signed text by another complement than the question's (``asked``:
    « l'accord d'amitié » for « la convention de coopération »), never by one of them, while its passage or title
    names the one asked: two agreements, and the sentence dates the other."""
    given = agreement_complements(folded)
    if not given or given & asked:
        return False
    return bool(agreement_complements(fold(f"{chunk.title} {chunk.text[:MAX_AGREEMENT_TEXT]}")) & asked)


def _signed_objects(folded: str) -> tuple[str, ...]:
    """The kinds of signed text a text names, in order (``data/answering.json`` ``signed_objects``:
    « convention » and « accord » are one kind, « serment », « charte », « avenant » others)."""
    kinds = data()["signed_objects"]
    return tuple(dict.fromkeys(kinds[w] for w in _LETTERS.findall(folded) if w in kinds))


def asks_signing(qfold: str) -> bool:
    """Whether a folded question asks when or where something was signed (``data/answering.json``, table
    ``signing``)."""
    return _cue_pattern("signing", "question").search(qfold[:400]) is not None


#: How many characters before a date the word that makes it a signature's may stand (« signée à Bongor le 4 octobre
#: 2019 », « Fait à Château-Gontier-sur-Mayenne, le 6 juin 2023 »).
SIGNED_BEFORE = 60


def signed_dates(text: str, typed: Sequence[spans.Span]) -> list[spans.Span]:
    """The spans of ``typed`` that a signing word of the sentence (``signing.sentence``) leads to, within
    :data:`SIGNED_BEFORE` characters and no sentence mark between: the dates of a signature, not of a vote or an end
    said beside (« …signée en 2017 entre les parties, prolongée par avenant jusqu'au 31 décembre 2021 » → 2017)."""
    cue = _cue_pattern("signing", "sentence")
    out = []
    for t in typed:
        before = fold(text[max(0, t.start - SIGNED_BEFORE) : t.start])
        before = re.split(r"[;.]\s|,\s+(?:et\s+)?(?:prolong|modifi|approuv|vot|adopt|renouvel)", before)[-1]
        if cue.search(before):
            out.append(t)
    return out


@lru_cache(maxsize=8)
def _cue_pattern(name: str, side: str) -> re.Pattern[str]:
    """The cue words of ``data/answering.json``'s table ``name`` for the question or the sentence."""
    cues = sorted((re.escape(c) for c in data()[name][side]), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(cues) + r")(?!\w)")


@lru_cache(maxsize=16)
def _relation_pattern(relation: str | None, *, period: bool = True) -> re.Pattern[str] | None:
    """The words of a sentence that state a deadline or a start (``data/answering.json``); with ``period``, a
    dated period states its end (not when the pattern tells a start question's sentences from others: a
    period states its start as well)."""
    if relation is None:
        return None
    cues = sorted((re.escape(c) for c in data()["time_relations"][relation]["sentence"]), key=len, reverse=True)
    if relation == "deadline" and period:
        # « du 1er janvier 2024 au 31 décembre 2026 »: a period states its end (bounded gap: linear)
        cues.append(_PERIOD_END)
    if relation == "ceiling":
        cues.append(_AT_MOST)  # « 20 000 euros par an au plus »
    return re.compile(r"(?<!\w)(?:" + "|".join(cues) + r")(?!\w)")


#: « au plus » says a ceiling, « au plus tard » a deadline.
_AT_MOST = r"au\s+plus(?!\s+tard)"
#: The end of a dated period: « du 1er janvier 2024 au 31 », « du 15 mars au 30 ».
_PERIOD_END = r"du\s+(?:1er|\d{1,2})\s+[a-z]+(?:\s+\d{4})?\s+au(?=\s+(?:1er|\d))"


_NOT_THE_ROLE = re.compile(
    r"(?:vice-|adjointe?s?\s+(?:au|aux|du|a\s+la|de\s+la)\s+|adjointe?s?\s+de\s+l'|conseill\w+\s+|charge\w*\s+de\s+"
    r"|pres\s+du\s+|ancien\w*\s+|ex-)$"
)
# « maire délégué », « président honoraire »; « vice-président délégué aux relations internationales » names
# a portfolio, not a deputy
_NOT_THE_ROLE_AFTER = re.compile(r"[\s-]*(?:adjointe?s?|delegue\w*(?!\s+(?:a|au|aux)\b)|honoraire)\b")


def _states_attribute(folded: str, family: tuple[str, ...]) -> bool:
    """Whether the text states the asked attribute (« la population », « le maire ») itself, not a
    neighbour of it (« adjoint au maire », « vice-présidente »)."""
    for word in family:
        start = folded.find(word)
        while start >= 0:
            # what follows is read after a feminine or plural ending (« gouverneure adjointe » is the deputy, though
            # « gouverneur » is read in it; the word may also stand inside another: « mail » in « email »)
            end = start + len(word)
            ending = end + (folded[end : end + 1] == "e")
            ending += folded[ending : ending + 1] == "s"
            end = ending if not folded[ending : ending + 1].isalpha() else end
            inside = folded[start - 1 : start].isalpha() or folded[end : end + 1].isalpha()
            if len(word) <= 3 and word.isalpha() and inside:
                # a short word stands alone (« tél. »), not inside another (« hôtel », « telle »)
                start = folded.find(word, start + 1)
                continue
            before = _NOT_THE_ROLE.search(folded[max(0, start - 20) : start])
            if not before and not _NOT_THE_ROLE_AFTER.match(folded, end):
                return True  # « le maire », not « l'ancien maire » nor « le maire adjoint »
            start = folded.find(word, start + 1)
    return False


@lru_cache(maxsize=1)
def _role_words() -> frozenset[str]:
    return frozenset(data()["role_words"])


def _person_in_role(text: str, family: tuple[str, ...]) -> bool:
    """Whether the text names a person who may hold the asked role: one whose own role, given after the
    name, is that role (« M. Levan Tchanturia, maire de Koutaïssi »), or who is given no role. « par le
    maire de Koutaïssi et par Mme Nino Beridze, adjointe au maire » names the deputy, not the mayor."""
    roles = _role_words()
    for person in _PERSON.finditer(text):
        # the words just before the name, back to a conjunction (« le maire de Koutaïssi et par Mme … »
        # does not give Mme … that role)
        before = re.split(r"\bet\b|[;()]", fold(text[max(0, person.start() - 30) : person.start()]))[-1]
        if _states_attribute(before, family):
            return True  # « présidé par M. Thierry Rougier, vice-président… », « le maire, M. Diallo »
        own = _APPOSITIVE.match(text, person.end() - 1)
        if own is None:
            return True
        role = fold(own.group(1)).strip()
        first = re.sub(r"^(?:l'|la |le |les |un |une )", "", role).split(" ", 1)[0]
        if first not in roles or _states_attribute(role, family):
            return True
    return _bare_person_in_role(text, family)


#: A person's name written without « M. » or « Mme », set off by commas (« Le bourgmestre de Gmunden,
#: Stefan Aigner-Moser, était… », « …, Merii Rechebei, vice-gouverneure ») or opening a sentence or a list item
#: (« - Radu Vlădescu-Moga, primar (maire) de Sighișoara ; »): two or three capitalised words, the first
#: name maybe compound (« Jean-Marc Aubanel-Roux »), a particle maybe before a name (« Mariem mint Ethmane »).
@lru_cache(maxsize=1)
def _bare_name() -> re.Pattern[str]:
    """The pattern of such a name, with the particles of ``name_particles`` (compiled once)."""
    particles = "|".join(re.escape(p) for p in data()["name_particles"])
    return re.compile(
        r"(?:(?<=,\s)|^\s*(?:[-–•*]\s*)?)[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’]+(?:-[A-ZÀ-ÖØ-Þ]?[a-zß-öø-ÿ'’]+)*"
        rf"(?:\s+(?:(?:{particles})\s+)?[A-ZÀ-ÖØ-Þ][\w'’-]*){{1,2}}(?=\s*[,;)]|\.?\s*$)"
    )
#: The role written just after such a name (« …, bourgmestre de Gmunden »), read in place.
#: (not a clause that opens on « et »: « Fulbert Bouygue, et notre trésorière, Hortense Moissinac » gives the role to
#: the next name)
_OWN_ROLE = re.compile(r"\s*,(?!\s*(?:et|ou|and)\s)\s*([^,;.()]{1,80})")
#: Two or three capitalised words, a comma, maybe a possessive or an article, and one word (the role to check).
_NAME_THEN_ROLE = re.compile(
    r"(?<![\w'’-])([A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’-]+(?:\s+[A-ZÀ-ÖØ-Þ][\w'’-]*){1,2})\s*,\s*"
    # (a possessive, not an article, which opens a new clause: « Après la visite de Grand Cognac, la présidente… »;
    # the role closed right after it or followed by a body's common noun, « présidente de l'association des
    # vendeuses… », not by a name, « maire de Labé », another place's)
    r"(?:(?:notre|votre|leur|son|sa)\s+)?([a-zà-ÿ-]+)"
    r"(?=\s*(?:[,;.]|$|\s+qui\b|\s+(?:de\s+la\s+|de\s+l'|du\s+|des\s+|d')\s*[a-zà-ÿ]))"
)
_NOT_A_FIRST_NAME = frozenset({"le", "la", "les", "l'", "un", "une", "des", "du", "de", "en", "au", "aux", "a"})


def _bare_person_in_role(text: str, family: tuple[str, ...]) -> bool:
    """Whether the text names, without a title, a person in the asked role (see :func:`bare_person_in_role`)."""
    return bare_person_in_role(text, family) is not None


def bare_person_in_role(text: str, family: tuple[str, ...]) -> str | None:
    """The name of a person the text names without a title in the asked role: the role just before the name
    (« Le bourgmestre de Gmunden, Stefan Aigner-Moser, … », « sa première adjointe, Mariem mint Ethmane, … ») or just
    after it (« Stefan Aigner-Moser, bourgmestre de Gmunden »); None when it names none."""
    for name in _bare_name().finditer(text):
        if fold(name.group().lstrip(" -–•*").split()[0]) in _NOT_A_FIRST_NAME:
            continue
        before = fold(text[max(0, name.start() - 60) : name.start()])
        own = _OWN_ROLE.match(text, name.end())
        if _states_attribute(re.split(r"[;:()]|\bet\b", before)[-1], family) or (
            own is not None and _states_attribute(fold(own.group(1)), family)
        ):
            return name.group().lstrip(" -–•*").strip()
    for name in _NAME_THEN_ROLE.finditer(text):
        # « …auprès de Firmine Roumajon, notre trésorière, qui… »: a name anywhere in the sentence, the asked role
        # right after it (maybe after a possessive)
        if (
            fold(name.group(2)) in family
            and fold(name.group(1).split()[0]) not in _NOT_A_FIRST_NAME
            # (the whole role said: « maire adjoint » is no « maire »)
            and _states_attribute(fold(text[name.start(2) : name.start(2) + 80].split(",")[0]), family)
        ):
            return name.group(1)
    for name in _NAME_AFTER_ROLE.finditer(text):
        # « du président Karim Benali », « à l'initiative de Madame le Maire Sophie Joissains » (the role capitalised
        # opens the match: the name is the words after it); not « l'ancien maire X », nor « le maire adjoint X »
        start, words = name.start(), name.group().split()
        if fold(words[0]) in family and len(words) > 2:
            start, words = start + len(words[0]) + 1, words[1:]
        before = fold(text[max(0, start - 40) : start])
        if _STREET_BEFORE.search(before) or _OTHER_PLACE_AFTER.match(text, name.end()):
            continue  # « rue du Maire Jean Dupont », « M. le Maire Jean Dupont, de Ségou »: not the asked place's
        last = re.search(r"([a-z-]+)\s*$", before)
        if (
            last is not None
            and last.group(1) in family
            and _states_attribute(before[last.start() :], family)
            and _states_attribute(re.split(r"[;:(),]|\bet\b", before)[-1], family)
        ):
            return " ".join(words)
    return None


#: A street, a square or a school named after a role (« rue du Maire… », « école du Président… »), folded.
_STREET_BEFORE = re.compile(
    r"\b(?:rue|avenue|place|boulevard|bd|allee|impasse|quai|square|cours|chemin|ecole|college|lycee|stade)\s+"
    r"(?:du|de\s+la|de\s+l'|des)\s*[a-z-]+\s*$"
)
#: A place right after the name (« …Jean Dupont, de Ségou »): the role is that place's.
_OTHER_PLACE_AFTER = re.compile(r"\s*,\s*(?:de|du|d'|d’)\s*[A-ZÀ-ÖØ-Þ]")
#: Two or three capitalised words right after a lower-case word and a space (« …le maire Sophie Joissains, »),
#: the first maybe compound; bounded: linear.
_NAME_AFTER_ROLE = re.compile(
    r"(?<=[a-zà-öø-ÿ] )[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’]+(?:-[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’]+)?(?:\s+[A-ZÀ-ÖØ-Þ][\w'’-]+){1,2}"
    r"(?=\s*[,;.)]|\s+(?:a|est|et|qui|de|du)\b)"
)


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


#: The kinds of French local authority, as the question may name its author (« la Région »).
#: (« Région » and « Département » only: the prefixes of « Ville », « Commune », « Métropole » would match
#: names like Villeurbanne, Communay, Metropolis)
_AUTHORITY_NOUNS = "Région Département"


def _as_author(giver: set[str], chunk: Chunk) -> set[str]:
    """The keys of a question's ``giver``, with those of the authority that wrote ``chunk``'s document when the
    giver names it (« le Loiret » in a document of the Département du Loiret: « Le Département consacre… » is
    the Loiret giving)."""
    author = match_keys(chunk.metadata.authority) if chunk.metadata.authority else set()
    return giver | author if giver & author else giver


#: The words by which documents name the same kind of authority (« la Ville » of Rennes is « la commune »).
_KIND_SYNONYMS = {
    "ville": ("commune", "mairie", "municipalite", "municipal"),
    "commune": ("ville", "mairie", "municipalite", "municipal"),
    "departement": ("departemental", "departementale"),
    "region": ("regional", "regionale"),
}


def _other_authors_line(giver: set[str], keys: set[str], chunk: Chunk) -> bool:
    """Whether a sentence (its ``keys``, with its context and headings) of a document whose known author is not the
    question's ``giver`` (keys of a kind of authority: « le Département ») names no word of that giver."""
    author = chunk.metadata.authority
    if not author:
        return False
    words = _kind_words(frozenset(giver))
    return words.isdisjoint(match_keys(author)) and words.isdisjoint(keys)


@lru_cache(maxsize=64)
def _kind_words(giver: frozenset[str]) -> frozenset[str]:
    """The keys of a kind of authority and of its other words (by stems and prefixes: « Département » is also
    « départemental »; a town is also « commune », « mairie »)."""
    synonyms = {
        k for w, others in _KIND_SYNONYMS.items() if not set(term_keys(w)).isdisjoint(giver)
        for f in others for k in term_keys(f) if k
    }  # fmt: skip
    return giver | synonyms


def _author_keys(chunk: Chunk) -> set[str]:
    """The name keys of the authority that wrote a passage's document (« la Région », « le Département »…
    when it was not recognised)."""
    return match_keys(chunk.metadata.authority or _AUTHORITY_NOUNS)


#: A name a question gives after the noun of a programme or a scheme (« le programme Akpé », « le dispositif
#: « Cap Partance » »), as written.
_PROGRAMME_NAME = re.compile(
    r"\b(?:programme|projet|dispositif|fonds|festival|opération|operation|plan)\s+(?:«\s*|\"\s*)?"
    r"([A-ZÀ-ÖØ-Þ][\w'’-]*)"
)


def _programme_name(word: str, text: str) -> bool:
    """Whether ``word`` is the name of a programme in ``text`` (see :data:`_PROGRAMME_NAME`; 400 characters read)."""
    return any(m.group(1) == word for m in _PROGRAMME_NAME.finditer(text[:400]))


def inherited_keys(chunk: Chunk) -> set[str]:
    """The names a passage inherits from its document: the authority that wrote it and, when the
    document has a single partner place, that place (a passage under « COMMUNIQUÉ DE PRESSE » in a
    release about Luang Prabang is about Luang Prabang, though it does not say so)."""
    meta = chunk.metadata
    # a document whose author was not recognised may be the one « la Région » or « le Département » of
    # the question means: those generic nouns, capitalised as names, cannot be held against it
    names = [meta.authority or _AUTHORITY_NOUNS, *(meta.places if len(meta.places) == 1 else ())]
    return match_keys(" ".join(names))


def _role_of_other(folded: str, keys: set[str], family: tuple[str, ...], others: list[tuple[str, str | None]]) -> bool:
    """Whether the sentence (``folded``, its matching ``keys``) gives the asked role to another party: a
    possessive (« sa maire », « son président ») in a sentence naming that party, or the role « de » that
    party (« le maire de Clermont »)."""
    if not others or not any(holds_key(st, pre, keys) for st, pre in others):
        return False
    for word in family:
        for m in re.finditer(rf"(?<!\w){re.escape(word)}\w*", folded):
            if re.search(r"\b(?:sa|son|leur|ses|leurs)\s+$", folded[max(0, m.start() - 8) : m.start()]):
                return True
            after = re.match(r"\s+(?:de|du|d')\s*(.{0,40})", folded[m.end() :])
            if after and any(holds_key(st, pre, match_keys(after.group(1))) for st, pre in others):
                return True
    return False


#: Whose a role is (« maire d'Ambositra », « adjointe au maire de Fougères »): the name after the role (see
#: :data:`_THEN_NAME`), as written.
_OF_PLACE = re.compile(
    r"(?:\s+(?:au|à\s+la|a\s+la)\s+(?:maire|présidente?|presidente?|gouverneure?))?" + _THEN_NAME.pattern
)


def _role_complement(qfold: str, family: tuple[str, ...]) -> tuple[str, str | None] | None:
    """The keys of the word a folded question writes after its role (« qui est le maire de brixham » → brixham), when it
    is no common word (« le maire de la ville », « du district »)."""
    word = _role_complement_word(qfold, family)
    return term_keys(word) if word is not None else None


def _role_complement_word(qfold: str, family: tuple[str, ...]) -> str | None:
    """The word itself (folded) of :func:`_role_complement`."""
    if not family:
        return None
    # (and the words that ask the same role: « the mayor of Cilaos » for « maire »)
    words = {*family, *(w for w, asked in data()["attributes"].items() if set(asked) & set(family))}
    roles = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    of = r"(?:de\s+la\s+|de\s+l'\s*|de\s+|du\s+|d'\s*|of\s+(?:the\s+)?)"
    m = re.search(rf"(?<!\w)(?:{roles})\w{{0,4}}\s+{of}([a-z][a-z-]{{2,40}})", qfold)
    if m is None:
        return None
    word = m.group(1)
    if word in stopwords() or word in data()["territory_levels"] or word in QUESTION_WORDS:
        return None
    return word


def _role_given_elsewhere(text: str, family: tuple[str, ...], asked: str) -> bool:
    """Whether every person a sentence names holds the asked role for another place (« …par le maire de Cilaos et par
    M. Hery Andriamanantena, maire d'Ambalavao » for the mayor of Cilaos): the role of the place asked goes to nobody
    named. ``asked``: the place the question gives the role to, folded (« joal-fadiouth »)."""
    folded = fold(text)
    if len(folded) != len(text) or not family:
        return False
    roles: list[tuple[int, int, bool]] = []  # (start, end, another place's role)
    for word in family:
        for m in re.finditer(rf"(?<!\w){re.escape(word)}\w*", folded):
            place = _OF_PLACE.match(text, m.end())
            if place is None:
                continue
            if match_keys(asked) <= match_keys(place.group(1)):
                # the asked place's role, a person beside it (« le maire de Cilaos, M. … », « M. …, maire de Cilaos »)
                gap = _COMMA_GAP.match(text, place.end())
                if _PERSON.match(text, gap.end() if gap is not None else place.end()):
                    return False
                if _person_before_role().search(text[max(0, m.start() - 80) : m.start()]):
                    return False
                roles.append((m.start(), place.end(), False))
                continue
            roles.append((m.start(), place.end(), True))
    persons = [p.start() for p in _PERSON.finditer(text)]
    if not any(is_other for _, _, is_other in roles) or not persons:
        return False
    roles.sort()
    starts = [start for start, _, _ in roles]
    others_ends = sorted(end for _, end, is_other in roles if is_other)

    def apposed(p: int) -> bool:
        # the first role after the name, within reach and past a comma, is another place's
        k = bisect.bisect_right(starts, p)
        if k == len(roles):
            return False
        start, _, is_other = roles[k]
        return is_other and start - p <= PERSON_ROLE_GAP and "," in text[p:start]

    def preceded(p: int) -> bool:
        # another place's role ends just before the name (« …maire d'Ambalavao M. … »)
        k = bisect.bisect_left(others_ends, p - 4)
        return k < len(others_ends) and others_ends[k] <= p

    # each person is set beside another place's role: its apposition just after the name, or the role just before
    return all(apposed(p) or preceded(p) for p in persons)


#: Blanks and commas (always matches, possibly empty).
_COMMA_GAP = re.compile(r"[\s,]*")
#: How far after « M. » (characters) a person's own role may begin: its name, a comma (« M. Hery Andriamanantena, »).
PERSON_ROLE_GAP = 50
@cache
def _person_before_role() -> re.Pattern[str]:
    """A person's name and a comma just before a role (« M. Hery Andriamanantena, maire… »): further names, a
    lowercase particle maybe before one (« M. Amadou ben Salah », « Mme Anne de La Tour »: ``name_particles`` and the
    French ones). Bounded, linear."""
    particles = "|".join(re.escape(p) for p in (*data()["name_particles"], "de", "du", "des", "d'", "d’", "le", "la"))
    return re.compile(
        r"(?:\bM\.|\bMmes?\b|\bMlle\b|\bMonsieur\b|\bMadame\b|\bDr\b\.?|\bDocteure?\b)\s+[A-ZÀ-ÖØ-Þ][\w'’.-]*"
        rf"(?:\s+(?:(?:{particles})\s*)?[A-ZÀ-ÖØ-Þ][\w'’.-]*){{0,3}}\s*,\s*(?:(?:le|la)\s+)?$"
    )


def _role_places(text: str, family: tuple[str, ...]) -> tuple[tuple[str, str | None], ...]:
    """The name keys of the places the text gives the asked role to, by the role word then « de » and a
    capitalised name (« Le maire d'Ambositra, M. … » → ambositra)."""
    folded = fold(text)
    if len(folded) != len(text):
        return ()  # (the role is found in the folded text, its place read at the same offset in the text)
    out: list[tuple[str, str | None]] = []
    for word in family:
        for m in re.finditer(rf"(?<!\w){re.escape(word)}\w*", folded):
            place = _OF_PLACE.match(text, m.end())
            if place is not None:
                out.extend(name_keys("et " + place.group(1)))
    return tuple(out)


def _in_countries(asked: frozenset[str], chunk: Chunk) -> bool:
    """Whether a passage may be about the countries a question names (« les villages albanais »): those
    it names itself (with its document's country, when the document has one only); when it names none,
    those of its document; a document that names no country and no partner place gets the benefit of
    the doubt (nothing says where it is)."""
    meta = chunk.metadata
    named = countries_mentioned(chunk.embed_text)
    if named:
        return asked <= named | (set(meta.countries) if len(meta.countries) == 1 else set())
    if meta.countries or meta.places:
        return asked <= set(meta.countries)
    return True


def _document_names(chunk: Chunk) -> tuple[tuple[str, str | None], ...]:
    """The name keys of the document's authority and partner places (« Clermont-Ferrand », « Koutaïssi »)."""
    meta = chunk.metadata
    # « et » first: name_keys skips a text's first word (a question's capitalised opening)
    return name_keys("et " + " et ".join(n for n in [meta.authority or "", *meta.places] if n))


@cache
def _list_family(noun: str) -> tuple[tuple[str, str | None], ...]:
    """The keys of the words a lead-in may use for ``noun`` (« objectifs »: « buts », « priorités », « vise »),
    from the table ``list_noun_families`` of ``data/answering.json``; none for a noun of no family."""
    singular = fold(noun).removesuffix("s")
    for family in data()["list_noun_families"]["families"]:
        if singular in family:
            return tuple(term_keys(w) for w in family)
    return ()


#: A lead-in that announces a list (« les sites suivants », « ci-dessous »): inside one sentence, a list
#: is read for a noun of no family only then.
_ANNOUNCED = re.compile(r"\bsuivant(?:e|s|es)?\b|\bci-(?:apres|dessous)\b")
#: A lead-in that ends on a count and its noun (folded): « …portent sur trois métiers », « …dans 4 villages ».
_COUNTED_LEAD = re.compile(
    r"\b(?:" + "|".join(re.escape(w) for w in data_words("number_words")) + r"|\d{1,2})\s+(?:[a-z-]+\s+){0,2}?"
    r"[a-z-]+\s*:?\s*$"
)

#: « Article 2 », « Objet », « Vu » and the like: a label before a colon, not a list's lead-in.
_LABEL_LEAD = re.compile(r"(?:article|art\.|objet|vu|considerant|decide|note|nb|n\.b\.)\s*\d*\s*$")


def _names_after_colon(text: str) -> bool:
    """Whether the items after a sentence's last colon name something (a capitalised word, an acronym)."""
    tail = text.rsplit(":", 1)[-1]
    return bool(named_words("x " + tail))


def _inline_lead(text: str) -> str:
    """The clause that opens a list written inside one sentence: what comes before a colon that is
    followed by items separated by « ; » or « , » (« La mission avait trois buts : lancer…, tenir… »),
    from the previous colon on (« Article 1 : La phase vise à : … » → « La phase vise à »); "" if none.
    A colon between digits (« 10:30 ») is not one."""
    if "\n" in text:
        return ""
    colons = [m.start() for m in re.finditer(r"(?<!\d):|:(?!\d)", text)]
    for k in range(len(colons) - 1, -1, -1):
        rest = text[colons[k] + 1 :]
        if ";" not in rest and "," not in rest:
            continue
        lead = text[colons[k - 1] + 1 if k else 0 : colons[k]].strip()
        lead = re.split(r"(?<=[.!?])\s+", lead)[-1]
        if len(lead.split()) < 2 or _LABEL_LEAD.match(fold(lead)):
            return ""
        return lead
    return ""


def _lead_clause(text: str) -> str:
    """The clause that opens a list block: the last sentence of its first line (« Il prévoit : »,
    not the sentence before it on the same line); of a list told in prose, its first sentence."""
    if "\n" not in text.strip():
        start, end = next(iter(split_sentences(text)), (0, len(text)))
        return text[start:end].strip()
    first = text.split("\n", 1)[0]
    if LIST_ITEM.match(first):
        return ""  # a block that opens on an item (the tail of a longer list) has no lead-in of its own
    return re.split(r"(?<=[.!?])\s+", first.strip())[-1]


def block_items(text: str) -> int:
    """How many items a list block holds: its lines after the lead-in, or, for a list told in prose (one
    paragraph, :func:`_told_list_span`), its sentences after the first."""
    if "\n" not in text.strip():
        return max(0, len(split_sentences(text)) - 1)
    return sum(1 for line in text.splitlines()[1:] if line.strip())


#: How many sentences a list told in prose may carry on after its first one.
TOLD_ITEMS = 8


def _previous(chunk: Chunk, sentences: tuple[Sentence, ...], i: int) -> Sentence | None:
    """The sentence before ``sentences[i]`` in the same passage, if it is a real sentence
    (not a heading, a label line or a caption)."""
    if i == 0:
        return None
    prev = sentences[i - 1]
    if len(prev.text.split()) < 3 or _not_a_sentence(fold(prev.text)) or prev.text.rstrip()[-1:] not in ".!?;»)":
        return None
    return prev


def _chained_context(
    chunk: Chunk, sentences: tuple[Sentence, ...], i: int, profile: QuestionProfile, text: str, prev: Sentence
) -> tuple[int, str]:
    """The context of ``sentences[i]``, which leans on ``prev``: ``prev`` alone, or, when ``prev`` leans in turn on
    the sentence before it and only that one names what the question names, both (« Le premier réservoir visité est
    celui de Kumbukwewa… Sa digue mesure 1,8 kilomètre… Il irrigue 46 hectares… »: « Il » is the réservoir). One
    step back at most, and only from a pronoun or possessive to another (« Il… » after « Sa… »)."""
    before = _previous(chunk, sentences, i - 1)
    if before is None or not profile.named or not (_opens_on_pronoun(text) and _opens_on_pronoun(prev.text)):
        return prev.start, prev.text
    keys = match_keys(text) | match_keys(prev.text)
    if profile.missing_named(keys | match_keys(before.text)) >= profile.missing_named(keys):
        return prev.start, prev.text
    return before.start, chunk.text[before.start - chunk.start : prev.end - chunk.start]


def _same_opening(text: str, prev: str) -> bool:
    """Whether a sentence and the one before open on the same demonstrative noun (« Ce projet se distingue par…
    Ce projet est soutenu depuis 2020 par l'AFD… »): both lean on something further back, so quoting the one before
    brings no antecedent, only words before the fact."""
    first, before = _DEMONSTRATIVE_OPENING.match(fold(text)), _DEMONSTRATIVE_OPENING.match(fold(prev))
    return first is not None and before is not None and first.groups() == before.groups()


#: A sentence's opening demonstrative and its noun (folded: « ce projet », « cette convention »).
_DEMONSTRATIVE_OPENING = re.compile(r"\s*(?:[-–•*]\s*)?(ce|cet|cette|ces)\s+([^\W\d_]+)")


def _opens_on_pronoun(text: str) -> bool:
    """Whether a sentence opens on a personal pronoun or a possessive (``pronoun_openings``: « Il… », « Sa… »), which
    stands for the subject of the sentence before (not « Une seconde MFR… », « Cette somme… », which bring something
    new or sum up)."""
    first = re.match(r"\s*(?:[-–•*]\s*)?([^\W\d_]+)\s", fold(text))
    return first is not None and first.group(1) in data()["pronoun_openings"]


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


#: Quotes are dropped from the text a definition is looked for in (« on appelle « tambo » une… »).
_QUOTES = re.compile(r"[«»\"“”]")
#: What may stand between a subject's last two words (« bassin de rétention », « jardin en trou de serrure »).
_SUBJECT_GAP = r"[\W_]+(?:(?:de|du|des|d|la|le|les|l|en|a|au|aux|et|pour|sur|par|dans|avec|sans)[\W_]+){0,2}"
#: The one-word tail of a subject that says where it is (« la brigade verte de Dolisie », « une mahalla en
#: Ouzbékistan »): the sentence that defines it may not repeat the place.
_PLACE_TAIL = frozenset(("de", "du", "des", "en"))


def _definition_text(text: str) -> str:
    """The folded text a definition is looked for in: typographic apostrophes made straight, quotes dropped,
    blanks made single, one space at each end."""
    # (« le mot « Fihavanana », que… »: the blank left by a dropped quote does not stand before the comma)
    return " " + " ".join(_QUOTES.sub(" ", fold(text).replace("’", "'")).split()).replace(" , ", ", ") + " "


def _subject_forms(subj: str) -> list[str]:
    """The subject, and without a one-word tail naming a place (« brigade verte de dolisie » → « brigade
    verte »; « mahalla en ouzbekistan » → « mahalla »); a subject with its expansion in brackets (« fcc
    (fichier central des cheques) », « dossier pharmaceutique (dp) ») is each of the two, and two subjects
    side by side (« transax, certegy ») each of them."""
    bracket = re.fullmatch(r"([^()]+?)\s*\(([^()]+)\)", subj)
    if bracket:
        return [f for part in bracket.groups() for f in _subject_forms(part.strip())]
    if "," in subj:
        return [f for part in subj.split(",") if part.strip() for f in _subject_forms(part.strip())]
    tokens = subj.split()
    forms = [subj]
    if len(tokens) >= 3 and tokens[-2] in _PLACE_TAIL:
        forms.append(" ".join(tokens[:-2]))
    elif len(tokens) >= 2 and tokens[-1].startswith("d'"):
        forms.append(" ".join(tokens[:-1]))
    elif len(tokens) == 3 and tokens[1] in ("d'un", "d'une"):
        forms.append(tokens[0])  # « la finalité d'un fichier »: « La finalité, c'est le but… »
    if len(tokens) >= 2 and tokens[0] in data()["definition_class_nouns"] and tokens[1] not in stopwords():
        forms.append(" ".join(tokens[1:]))  # « le dispositif DCOL »: « l'appui DCOL de Cités Unies France (…) »
    return forms


def _subject_patterns(subject: str) -> list[re.Pattern[str]]:
    """Where a definition's subject stands in a :func:`_definition_text`: one pattern per form of the subject
    (see :func:`_subject_forms`) on its last two words, with what stands between them (« le « 1 % déchets »
    désigne… », « un bassin de rétention est… »): « un jumelage » in « les jumelages sont… », « fermes-auberges »
    for « ferme-auberge »."""
    subj = " ".join(_QUOTES.sub(" ", fold(subject).replace("’", "'")).split())
    if not subj:
        return []
    out = []
    for form in _subject_forms(subj):
        # the subject's own words (« ferme-auberge » is « ferme », « auberge »: not also their joined form)
        subj_words = [w for w in re.findall(r"[^\W_]+", form) if w not in stopwords()]
        # (a plural in -s, -x, or -es as Spanish and Portuguese words make it: « carpa solar », « carpas solares »)
        plural = "(?:e?s|x)?"
        core = _SUBJECT_GAP.join(_apostrophes(w) + plural for w in subj_words[-2:]) if subj_words else re.escape(form)
        out.append(re.compile(r"(?<!\w)" + core + r"(?!\w)"))
    return out


def _apostrophes(word: str) -> str:
    """A pattern of ``word`` that also finds it written with an apostrophe inside (« raui » typed for « ra'ui »)."""
    return "'?".join(re.escape(c) for c in word) if len(word) >= 3 else re.escape(word)


#: An apposition that opens with a demonstrative (« du ra'ui, ce gel coutumier… », « la borda, cette ancienne
#: grange… »), not a time (« , cette année, »).
_DEMONSTRATIVE = re.compile(
    # (« des cayucos ou des pirogues, ces longues embarcations… »: a synonym joined by « ou » may come first)
    r"(?: ou (?:des |les |le |la |l'|un |une )?[a-z-]{2,30})?"
    r", (?:ce|cet|cette|ces) (?!(?:annee|annees|mois|semaine|semaines|fois|jour|jours|soir|matin|printemps|ete|"
    r"automne|hiver|periode|periodes|date|dates|moment|moments|week-end|trimestre|semestre|jour-la|dernier|derniere|"
    r"derniers|dernieres|deux|trois|quatre|cinq)\b)[a-z]"
)
#: A proper name's complement between a subject and its apposition (« la borda de Cortals, une grange… »).
_NAMED_COMPLEMENT = re.compile(r" (?:de |du |d')([a-z][a-z-]{2,}(?: [a-z][a-z-]{2,}){0,3})(?= ?[,:(])")


def _defines(text: str, subject: str) -> bool:
    """Whether the sentence defines ``subject`` by a cue after it (« Le FICOL est un dispositif… »), an
    apposition just after it (« le chafariz, une fontaine… », « le koudmen : le travail collectif… ») or a cue
    just before it (« On entend par ferme-auberge une ferme qui… »); an acronym's expansion (« … (AFCCRE) »)
    is looked for apart, by :func:`_spells_out`."""
    folded = _definition_text(text)
    cues = data()["definition_cues"]
    lead_cues = data()["definition_lead_cues"]
    appositions = data()["definition_apposition_cues"]
    for pattern in _subject_patterns(subject):
        for found in pattern.finditer(folded):
            after = folded[found.end() : found.end() + 60]
            incise = _INCISE.match(folded, found.end())
            # « L'EcoQuartier Mirador, suivant la méthodologie du label, est identifié comme… »: a cue is also
            # read after the words set off between commas
            # (not after another item of an enumeration: « du guda, du sulguni, c'est-à-dire… »)
            item = incise is not None and _NEXT_ITEM.match(folded[found.end() : incise.end()]) is not None
            beyond = folded[incise.end() - 1 : incise.end() + 60] if incise and not item else ""
            # a cue that begins within 25 characters of the subject (« le MRF de la ville, c'est-à-dire… »), an
            # apposition right after it, or a cue that announces it just before (« On entend par… »)
            # (« …ce que l'on appelle couramment le « 1 % eau » »: an adverb and an article may stand between)
            before = _LEAD_FILLER.sub("", folded[max(0, found.start() - 40) : found.start()])
            named = _NAMED_COMPLEMENT.match(folded, found.end())
            if named is not None and all(_capitalised(w, text) for w in named.group(1).split()):
                # « la borda de Cortals, une grange de pierre… », « l'appui DCOL de Cités Unies France (dispositif
                # d'appui…) »: the apposition is read after the name
                after = folded[named.end() : named.end() + 60]
            if (
                any(_cue_within(after, cue) or _cue_within(beyond, cue) for cue in cues)
                or any(0 <= after.find(cue) <= 1 for cue in appositions)
                or _DEMONSTRATIVE.match(after) is not None
                or any(before.endswith(cue) for cue in lead_cues)
                # (the subject's first words between: « On appelle maisons afro-brésiliennes les… » for « maison
                # afro-brésilienne », whose pattern holds its last two words)
                or any(_LEADING_WORDS.sub("", before).endswith(cue) for cue in lead_cues)
                # a glossary line (« Shyrdak : tapis kirghize fait de pièces de feutre… »)
                or (found.start() <= 1 and after.startswith(" : ") and len(after) > 20)
                # …or a colon right after the term, further in the sentence, then words that explain it (« Le
                # Département applique la règle du un pour un : chaque euro demandé… »; not « …la halle : 40 000 »)
                or (
                    _object_of_verb(folded, found.start())
                    and (
                        _EXPLAINED_AFTER_COLON.match(after) is not None
                        or (
                            folded.startswith(subject, found.start())
                            and _EXPLAINED_AFTER_COLON.match(folded, found.start() + len(subject)) is not None
                        )
                    )
                )
                or _bare_apposition(folded[found.end() : found.end() + APPOSITION_CHARS], text)
                or _definite_apposition(folded, found.end())
                or _GLOSS.match(folded, found.end()) is not None
                or _open_gloss(after, text)
                or (after.startswith(", qui ") and _introduced(folded[: found.start()]))
                # « le tambero étant, en Uruguay, le petit producteur laitier… »
                or _BEING_AFTER_INCISE.match(folded, found.end()) is not None
                # « le bangwe de la médina, la place publique où se réunissent… »: an apposition with a relative
                # clause, after the subject or a short complement of it
                or _RELATIVE_APPOSITION.match(folded, found.end()) is not None
                or (
                    (complement := _COMMON_COMPLEMENT.match(folded, found.end())) is not None
                    and _RELATIVE_APPOSITION.match(folded, complement.end()) is not None
                )
            ):
                return True
    return False


def _object_of_verb(folded: str, at: int) -> bool:
    """Whether the term at ``at`` is introduced by an article after a word that is no « de » (« applique la règle… »),
    not a complement of a heading's noun (« Bilan de la huayruna », « Ordre du jour du comité »), nor the subject of a
    relative clause (« …montre ce que permet le 1 % eau : … » says what it allows, not what it is)."""
    before = folded[max(0, at - 40) : at]
    m = _ARTICLE_BEFORE.search(before)
    return m is not None and m.group(1) not in ("de", "du", "des", "d'") and _RELATIVE_BEFORE.search(before) is None


#: « ce que », « ce qu' » before a term (folded): a relative clause.
_RELATIVE_BEFORE = re.compile(r"\bce\s+qu(?:e\s|')")
#: The word before an article right before a term (folded): « applique la », « de la », « de l' ».
_ARTICLE_BEFORE = re.compile(r"([a-z']+)\s+(?:la|le|les|l')\s?$")
#: A colon right after a definition's term, then four words or more that are no value (folded): what explains it.
_EXPLAINED_AFTER_COLON = re.compile(r" : (?:[a-z]+'|[a-z-]{2,} ){3}[a-z]")


#: An auxiliary just before a cue makes it a past participle (« Les rabidantes ont constitué un comité » says what
#: they did, not what they are), folded.
_AUXILIARY_BEFORE = re.compile(r"\b(?:a|ont|avait|avaient|aura|auront|ayant)$")


#: Another item of an enumeration between a subject and a cue (« à côté du guda, du sulguni, c'est-à-dire… »: the cue
#: tells what the sulguni is), folded.
_NEXT_ITEM = re.compile(r", (?:du |de la |de l'|des |d')[a-z-]{2,30}(?: [a-z-]{2,30})?,? ?$")


def _cue_within(after: str, cue: str) -> bool:
    """Whether a definition cue begins within 25 characters of the folded text after a subject, and not as the
    participle of a compound tense (« ont constitué ») nor after another item of an enumeration (« du guda, du
    sulguni, c'est-à-dire… »)."""
    at = after.find(cue)
    return 0 <= at < 25 and _AUXILIARY_BEFORE.search(after[:at]) is None and _NEXT_ITEM.match(after[:at]) is None


#: « étant », words set off between commas, then an article (« le tambero étant, en Uruguay, le petit… »), folded.
_BEING_AFTER_INCISE = re.compile(r" etant, [^,;.:!?]{1,40}, (?:le |la |les |l'|un |une |des )")
#: An apposition of a noun (and an adjective) with an article, then a relative clause (« , la place publique où
#: se réunissent… »), folded.
_RELATIVE_APPOSITION = re.compile(r", (?:la |le |les |l')[a-z-]{3,30}(?: [a-z-]{3,30})? (?:ou|qui|que|qu'|dont) ")
#: A short complement of a subject, in lower case (« de la médina », « du village »), folded.
_COMMON_COMPLEMENT = re.compile(r" (?:de |du |des |d')(?:la |l'|les )?[a-z-]{3,30}(?= ?,)")


#: The word at the end of a folded text (a definition subject's first word, before its last two).
_LEADING_WORDS = re.compile(r"[^\W\d_]+[ -]$")


def _introduced(before: str) -> bool:
    """Whether the folded text ``before`` a subject ends with the kind of body it is (« de l'organisation non
    gouvernementale « Madang Mangrove Trust », qui coordonne… », « l'association X, qui regroupe… »): with the
    relative clause after the subject, what it is and what it does (``definition_introducing_nouns``)."""
    return _introducing().search(before[-90:]) is not None


@cache
def _introducing() -> re.Pattern[str]:
    """An article, a noun of ``definition_introducing_nouns``, then at most three words (the subject's first
    words, when it has more than two), at the end of a folded text."""
    nouns = "|".join(re.escape(n) for n in sorted(data()["definition_introducing_nouns"], key=len, reverse=True))
    article = r"(?:\bl'|\b(?:le|la|les|un|une|des|du|d') ?)"
    name_word = r"(?:(?!(?:de|des|du|la|le|les|et|en|a|au|aux) )[^\s']+ )"  # not « l'association des amis de… »
    return re.compile(article + "(?:" + nouns + ") " + name_word + "{0,3}$")


def _capitalised(word: str, text: str) -> bool:
    """Whether the folded ``word`` is written with a capital in ``text`` (a proper name)."""
    return any(w[:1].isupper() and fold(w) == word for w in re.findall(r"[^\W\d_][\w-]*", text))


#: A gloss in brackets just after a subject, words without figures (« le Sakrebulo (conseil municipal) »).
_GLOSS = re.compile(r" \([^\W\d_]+(?:[ '-][^\W\d_]+){0,7}\)")
#: A longer gloss in brackets just after a subject, three words or more (« (dispositif d'appui aux collectivités
#: territoriales afin de… », « l'ishkor (la glaçure traditionnelle obtenue… ») — read on the 60 characters after it,
#: so the bracket may close further.
_OPEN_GLOSS = re.compile(r" \((?:(?:la|le|les|un|une|des) |l')?([^\W\d_]{3,})(?: (?:d'|l')?[^\W\d_]+){2}")


def _open_gloss(after: str, text: str) -> bool:
    """Whether ``after`` (the folded text after a subject) opens a gloss in brackets (:data:`_OPEN_GLOSS`) whose
    first word is a common noun: no stopword, no name (capitalised in ``text``: « (Cités Unies France) »), no
    past participle (« (signé en 2003…) » says when, not what)."""
    m = _OPEN_GLOSS.match(after)
    if m is None:
        return False
    first = m.group(1)
    return first not in stopwords() and not _capitalised(first, text) and not _participle(first, text)


def _participle(word: str, text: str) -> bool:
    """Whether the folded ``word`` is written in ``text`` as a past participle (« présidé », « signées »)."""
    return any(fold(w) == word and w.lower().endswith(("é", "ée", "és", "ées")) for w in re.findall(r"[^\W\d_]+", text))


#: Words set off between commas just after a subject (at most 60 characters, no other punctuation).
_INCISE = re.compile(r", [^,;.:!?]{1,60},")
#: Articles and adverbs between a definition's lead cue and its subject (at most two words are dropped).
_LEAD_FILLER = re.compile(
    r"(?:\b(?:le|la|les|l'|un|une|des|couramment|communement|souvent|aussi|parfois|generalement)\s*){1,2}$"
)
#: An apposition with a definite article that ends its sentence or clause (« le conseil des matai, les chefs de
#: famille. »), or that a comma closes before a complement of what the subject belongs to (« la décision de
#: l'avagani, le conseil élu de la communauté, du 25 mai 2023 »): two to eight words, no comma (see
#: _definite_apposition).
_DEFINITE_APPOSITION = re.compile(
    r", (?:les |le |la |l')([^\W\d_][^\s,;.:!?]*(?: [^\s,;.:!?]+){1,7})"
    r"(?: ?[;.:!?]|, (?=(?:du|des|de la|de l'|qui|dont) ))"
)


def _definite_apposition(folded: str, end: int) -> bool:
    """Whether the folded sentence goes on, after a subject that ends at ``end``, with an apposition that has a
    definite article (:data:`_DEFINITE_APPOSITION`): no « et » nor « ou » in it (« les matai, les pêcheurs et les
    écoles » is a list), nor a verb of ``apposition_verbs`` (« Financé au titre du « 1 % déchets », la phase 1 a
    permis… » goes on with the main clause)."""
    m = _DEFINITE_APPOSITION.match(folded, end)
    if m is None:
        return False
    ws = set(re.split(r"[\s']+", m.group(1))) | {w + "'" for w in re.findall(r"\b([a-z])'", m.group(1))}
    return ws.isdisjoint({"et", "ou", *data()["apposition_verbs"]})


#: How far after a subject an apposition without article is read (to the end of its clause).
APPOSITION_CHARS = 200
#: The fewest words of an apposition without article that another comma follows.
APPOSITION_MIN_WORDS = 4


def _bare_apposition(rest: str, text: str) -> bool:
    """Whether the text after a subject is an apposition without article that ends its clause (« des
    khettaras, galeries drainantes traditionnelles ; »): a comma, two words or more (the first no stopword,
    nor a past participle in ``text``: « le comité de jumelage, présidé par… » says nothing of what a
    jumelage is), then the clause's end with no other comma — not a list (« mahalla, association d'usagers,
    école… »)."""
    if not rest.startswith(", "):
        return False
    end = re.search(r"[;.:!?]", rest)
    if end is None and len(rest) >= APPOSITION_CHARS:
        return False  # the clause runs past what is read
    clause = rest[2 : end.start()] if end else rest[2:]
    if "," in clause:
        # « vingt dzongkhags, circonscriptions administratives comparables à nos départements, eux-mêmes… »: an
        # apposition of four words or more up to the next comma (a list's items are shorter: « mahalla,
        # association d'usagers, école… »)
        clause = clause.split(",", 1)[0]
        if len(clause.split()) < APPOSITION_MIN_WORDS:
            return False
    ws = clause.split()
    # (« confiée au « Tana Trust », doit préciser… », « …, selon le plan de financement » go on with a verb or a
    # preposition: no apposition)
    if len(ws) < 2 or ws[0] in stopwords() or ws[0] in data()["apposition_non_openers"]:
        return False
    return not any(
        fold(m.group(1)) == ws[0] and m.group(1).lower().endswith(("é", "ée", "és", "ées"))
        for m in _AFTER_COMMA.finditer(text)
    )


_AFTER_COMMA = re.compile(r",\s*([^\W\d_]+)")


#: How far into a sentence (characters, its « Considérant que » and bullet aside) a subject it opens stands.
SUBJECT_LEAD_CHARS = 20
_SENTENCE_OPENING = re.compile(
    r"^\s*(?:[-–•*]\s*|\d+[.)]\s*)?(?:considerant\s+qu(?:e\s+|')|article\s+\S+\s*[:.–-]\s*)?"
)


def opens_with_subject(text: str, subject: str) -> bool:
    """Whether the sentence opens with the subject a definition question asks about (« Le tabu interdit la
    pêche… »): it speaks of it, even in words no definition cue knows; not a sentence that names it in
    passing (« Soirée consacrée à la morna… », « …au titre du dispositif « 1 % eau » »)."""
    folded = _definition_text(text).lstrip()
    opening = _SENTENCE_OPENING.match(folded)
    folded = folded[opening.end() if opening else 0 :]
    head = " " + folded[: SUBJECT_LEAD_CHARS + 60]
    # (« M. Sione Vake, ofisa kolo de Neiafu » opens with a person the subject is said of, after a comma)
    return any(
        (m := p.search(head)) is not None and m.start() <= SUBJECT_LEAD_CHARS and not head[: m.start()].endswith(", ")
        for p in _subject_patterns(subject)
    )


def _after_asking(chunk: Chunk, sent: Sentence, subjects: Sequence[str]) -> bool:
    """Whether the sentence comes first after a line of its passage that asks what one of the ``subjects`` is
    (« Le 1 % solidaire pour l'eau, c'est quoi ? », a FAQ's heading, then « La loi permet aux syndicats… »)."""
    sentences = chunk.sentences
    i = bisect.bisect_left(sentences, sent.start, key=lambda s: s.start)
    if not subjects or not 0 < i < len(sentences) or sentences[i].start != sent.start:
        return False
    asked = sentences[i - 1].text.strip()
    if not asked.endswith("?") or len(asked) > MAX_ASKING_LINE:
        return False
    if analyse(asked).type is not AnswerType.DEFINITION:
        return False
    named = _definition_text(asked)
    return any(p.search(named) for subject in subjects for p in _subject_patterns(subject))


#: The longest line (characters) read as a question a document asks itself.
MAX_ASKING_LINE = 200


def _defines_after(text: str, subject: str, before: str) -> bool:
    """Whether the sentence defines ``subject`` named just ``before`` it — in its heading (« Le « 1 % eau »,
    c'est quoi ? ») or the previous sentence — and opens with a pronoun that points back to it (« C'est une
    possibilité ouverte par la loi… », « Il s'agit d'une… »)."""
    folded = _definition_text(text)
    opens = any(folded.startswith(opener) for opener in data()["definition_openers"])
    if not before or not (opens or _NAMING_OPENER.match(folded)):
        return False
    named = _definition_text(before)
    return any(p.search(named) for p in _subject_patterns(subject))


#: A sentence that opens on the word just named and says what it means, words set off between (« Ce nom haoussa,
#: que l'on peut traduire par « l'association du puits », désigne le comité… »), folded.
_NAMING_OPENER = re.compile(
    r"\s*(?:ce|cet|cette)\s+(?:terme|mot|nom|expression|sigle|acronyme|appellation|vocable)\b[^.;!?]{0,120}?"
    r"\b(?:designe|designent|signifie|veut\s+dire|renvoie\s+a|correspond\s+a|se\s+traduit)\b"
)


#: How far apart (characters) the French words of an English definition's subject may stand in a sentence.
SUBJECT_SPREAD = 40


def _french_words(subject: str) -> tuple[tuple[str, ...], ...]:
    """For each content word of an English subject (« decentralised cooperation »), its French words from the
    glossary (``english_to_french``); () when a word has none (the subject cannot be matched in French)."""
    glossary = data()["english_to_french"]
    content = [w for w in words(fold(subject)) if w not in stopwords() and w not in ("a", "an", "the")][-3:]
    out = tuple(tuple(glossary.get(w, ())) for w in content)
    return out if out and all(out) else ()


def _defines_words(text: str, subject: tuple[tuple[str, ...], ...]) -> bool:
    """Whether the sentence holds a French word for each word of the subject, in any order, within
    :data:`SUBJECT_SPREAD` characters (« la coopération décentralisée »), and a definition cue begins within 25
    characters after the last (« … se présente comme… »)."""
    folded = _definition_text(text)
    found = [
        [m.span() for c in choices for m in re.finditer(r"(?<!\w)" + re.escape(c) + r"\w*", folded)]
        for choices in subject
    ]
    if not all(found):
        return False
    for start, _ in found[0]:
        near = [[e for b, e in spans if abs(b - start) <= SUBJECT_SPREAD] for spans in found]
        if all(near):
            end = max(max(e) for e in near)
            after = folded[end : end + 60]
            if any(0 <= after.find(cue) < 25 for cue in data()["definition_cues"]):
                return True
    return False


_CONNECTORS = frozenset("de du des d la le les l et en à a au aux sur pour par dans for of and the".split())
_LETTERS = re.compile(r"[^\W\d_]+")
EXPANSION_WORDS = 120  # words of a sentence looked at for an acronym's expansion
#: What may stand between an acronym and its expansion (brackets and quotes aside): « (COGES) »,
#: « le FRISI, ou Fonds… », « un groupe technique mixte, dénommé « GTM » ».
_SETTING_OFF = frozenset(
    p.strip()
    for w in ("", "ou", "soit", "dit", "dite", "denomme", "denommee", "appele", "appelee", "nomme", "nommee")
    for p in (w, f", {w}", f": {w}", f"- {w}", f"– {w}", f"— {w}")
    if p.strip()
)


def _acronym_asked(analysis: QuestionAnalysis) -> str:
    """The acronym a definition question asks about, folded: its subject, or the subject's first word when
    the question writes it in capitals (« Qu'est-ce que le GAD provincial d'Imbabura ? » → « gad »)."""
    subject = fold(analysis.subject or "").strip()
    bracket = re.fullmatch(r"([^()]+?)\s*\(([^()]+)\)", subject)
    if bracket:
        # « Le FCC (Fichier central des chèques) » and « Dossier Pharmaceutique (DP) »: the acronym of the two
        outside, inside = (g.strip() for g in bracket.groups())
        return outside if " " not in outside else inside
    first = subject.split(" ", 1)[0]
    if first != subject and first.isalpha() and re.search(rf"(?<!\w){re.escape(first.upper())}(?!\w)", analysis.text):
        return first
    return subject


def _spells_out(text: str, acronym: str) -> bool:
    """Whether the text gives the acronym's expansion: two or more consecutive words (connectors
    skipped) that begin with its letters in turn, one or more letters each, capitalised (« Association
    Française du Conseil des Communes… ») or set off beside the acronym itself (« un comité de gestion
    (COGES) », « le FRISI, ou Fonds régional pour les initiatives de solidarité internationale »)."""
    if " " in acronym or not 2 <= len(acronym) <= 10 or not acronym.isalpha():
        return False
    matches = list(itertools.islice(_LETTERS.finditer(text), EXPANSION_WORDS))
    content = [m for m in matches if fold(m.group()) not in _CONNECTORS]
    folded = [fold(m.group()) for m in content]
    acronyms = [m for m in matches if fold(m.group()) == acronym]

    @cache
    def ends(i: int, pos: int) -> frozenset[int]:
        """The indexes after the last word of each expansion of ``acronym[pos:]`` starting at word ``i``
        (« comité de gestion de l'eau » reads CGE as « co-mité, ge-stion » and as « c, g, e »: both are kept)."""
        if pos == len(acronym):
            return frozenset((i,))
        if i == len(folded):
            return frozenset()
        word = folded[i]
        found: set[int] = set()
        for k in range(min(len(word), len(acronym) - pos), 0, -1):
            if word.startswith(acronym[pos : pos + k]):
                found |= ends(i + 1, pos + k)
        return frozenset(found)

    def set_off(start: int, end: int) -> bool:
        """Whether an occurrence of the acronym stands just before or after ``text[start:end]``, set off
        by a bracket, a comma, a colon, a dash or « ou » (« (COGES) », « FRISI, ou … »)."""
        for a in acronyms:
            between = text[end : a.start()] if a.start() >= end else text[a.end() : start]
            if len(between) > 20:
                continue
            core = " ".join(fold(re.sub(r"[\s«»\"(]+", " ", between)).replace(",", " , ").split())
            if (not core and "(" in between) or core in _SETTING_OFF:
                return True
        return False

    for i in range(len(folded)):
        if folded[i] == acronym or folded[i][:1] != acronym[0]:
            continue
        for end in sorted(ends(i, 0)):
            if end - i < 2:
                continue
            run = content[i:end]
            if all(m.group()[0].isupper() for m in run) or set_off(run[0].start(), run[-1].end()):
                return True
    return _named_before_brackets(text, matches, acronyms, acronym)


#: How many words before « (SIGLE) » its name may begin.
BRACKETED_NAME_WORDS = 8


def _named_before_brackets(
    text: str, matches: list[re.Match[str]], acronyms: list[re.Match[str]], acronym: str
) -> bool:
    """Whether an acronym in brackets follows a name that begins with a capital of its first letter, two
    words or more, no punctuation between (« la Facilité de financement des collectivités territoriales
    françaises (FICOL) », whose letters are not all initials)."""
    index = {m.start(): k for k, m in enumerate(matches)}
    for a in acronyms:
        opening = text[: a.start()].rstrip()
        if not opening.endswith("(") or a.start() not in index:
            continue
        k = index[a.start()]
        for j in range(k - 1, max(-1, k - 1 - BRACKETED_NAME_WORDS), -1):
            between = text[matches[j].end() : matches[k - 1].end()] if j < k - 1 else ""
            if re.search(r"[,;:.!?()]", between):
                break
            word = matches[j].group()
            if word[0].isupper() and fold(word)[:1] == acronym[0] and k - j >= 2 + (fold(word) in _CONNECTORS):
                return True
    return False


def _in_capitals(text: str) -> bool:
    """A line in capitals (« SYNDICAT MIXTE D'EAU POTABLE DES COTEAUX », « EXTRAIT DU REGISTRE DES
    DÉLIBÉRATIONS »): a letterhead or a heading, never an answer."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= CAPITAL_LINE_LETTERS and all(c.isupper() for c in letters)


#: A line needs this many letters, all capitals, to be a heading in capitals (not « UE », « AFD »).
CAPITAL_LINE_LETTERS = 12


@lru_cache(maxsize=8192)
def _not_a_sentence(folded: str) -> bool:
    """A publication line, a caption, a breadcrumb, a share button: never an answer (the verdicts
    on the last 8192 folded sentences are kept: the same passages come back question after question)."""
    head = folded.strip()[:40]
    if any(head.startswith(c) or f" {c}" in head[:20] for c in data()["not_sentences"]):
        return True
    return folded.count(" > ") >= 2 or folded.count(" / ") >= 3 or folded.count(" | ") >= 2


def _table_headers(sentences: Sequence[Sentence]) -> list[str | None]:
    """For each sentence, the header row of the table it is a row of (the first of a run of lines with
    « | » between cells), else ``None`` (the header row itself has none)."""
    out: list[str | None] = []
    header: str | None = None
    for sent in sentences:
        line = sent.text.strip()
        if " | " in line and "\n" not in line:
            out.append(header)
            header = header if header is not None else line
        else:
            out.append(None)
            header = None
    return out


def _other_place(passage: _Passage, keys: set[str]) -> bool:
    """Whether a sentence (``keys``: its words, its context's and its headings') names a partner place of its
    document that the question does not, and none of those the question names (``passage.asked_places``):
    « Meaux et Montego Bay… » for a question about Meaux and Lautoka."""
    held = {p for p, place in passage.place_match if place <= keys}
    return not (passage.asked_places & held) and bool(held - passage.asked_places)


@lru_cache(maxsize=4096)
def _own_heading_keys(title: str, section: str, heading: str) -> frozenset[str]:
    """The matching keys of the headings over one sentence: the document's title, its passage's section path
    but its last heading, and the heading it sits under in the passage (see :func:`_headings_over`)."""
    path = section.split(" > ")[:-1]
    return frozenset(match_keys(" ".join([title, *path, heading])))


def _headings_over(chunk: Chunk, sentences: Sequence[Sentence]) -> list[str]:
    """For each sentence of ``chunk``, the heading it sits under: the last label line before it in the
    passage (« Partenaires techniques »), else the last heading of the passage's section path."""
    under = chunk.section.rsplit(" > ", 1)[-1]
    out = []
    for sent in sentences:
        out.append(under)
        if _is_label(chunk, sent):
            under = sent.text
    return out


def _is_label(chunk: Chunk, sent: Sentence) -> bool:
    """A short line of its own, without a verb's full stop: a heading, a menu item, a caption; or a
    line in capitals (« NOTE À L'ATTENTION DE MADAME… », « ACCORD DE COOPÉRATION »)."""
    letters = [c for c in sent.text if c.isalpha()]
    if len(letters) >= 8 and sum(1 for c in letters if c.isupper()) >= 0.8 * len(letters):
        return True
    if len(sent.text.split()) > LABEL_WORDS or sent.text.rstrip()[-1:] in ".!?:;":
        return False
    before = chunk.text[: sent.start - chunk.start].rstrip(" \t")
    after = chunk.text[sent.end - chunk.start :].lstrip(" \t")
    return (not before or before.endswith("\n")) and (not after or after.startswith("\n"))


_ITEM = LIST_ITEM


def _told_list_span(chunk: Chunk, sentences: tuple[Sentence, ...], i: int) -> tuple[int, int] | None:
    """The span of a list told in prose that ``sentences[i]`` opens: the sentences after it in the same paragraph
    that carry it on by an ordinal (« La délégation a visité trois chantiers. Le premier est celui… Un deuxième
    chantier se trouve… ; le troisième… », « …de Dagdag et de Fidelisan. Une troisième parcelle, à Tanulong… »).
    ``None`` when no sentence does, or when ``sentences[i]`` is itself one of them (its list starts before it)."""

    def cue(j: int) -> str:
        """How sentence ``j`` of the paragraph goes on: « next » (« Un deuxième… »), « first » (« Le premier… »,
        counted only before a « next » one) or « »."""
        if j >= len(sentences) or j < 0 or _ITEM.match(sentences[j].text) or "\n" in sentences[j].text.strip():
            return ""
        folded = fold(sentences[j].text[:160]).lstrip()
        return "next" if TOLD_NEXT.match(folded) else "first" if TOLD_FIRST.match(folded) else ""

    def joined(j: int) -> bool:  # sentence j follows sentence j - 1 in one paragraph
        return 0 < j < len(sentences) and _same_paragraph(chunk, sentences[j - 1], sentences[j])

    if _ITEM.match(sentences[i].text) or "\n" in sentences[i].text.strip():
        return None
    if joined(i) and (cue(i) == "next" or (cue(i) == "first" and joined(i + 1) and cue(i + 1) == "next")):
        return None  # it carries on a list the sentence before it opens
    k = i + 1
    if joined(k) and cue(k) == "first":
        k += 1  # « Le premier… » counts only when « Un deuxième… » follows it
    # « La délégation a d'abord vu le hiti de Chochhen… Elle s'est ensuite rendue au hiti d'Itachhen… »
    by_adverb = TOLD_OPENER.search(fold(sentences[i].text)) is not None

    def then(j: int) -> bool:
        return by_adverb and TOLD_THEN.match(fold(sentences[j].text[:80]).lstrip()) is not None

    end = None
    while k <= i + TOLD_ITEMS and joined(k) and (cue(k) == "next" or then(k)):
        end = sentences[k].end
        k += 1
    return (sentences[i].start, end) if end is not None else None


def _same_paragraph(chunk: Chunk, first: Sentence, second: Sentence) -> bool:
    """Whether two sentences of a passage, one after the other, sit in one paragraph (no line break between)."""
    return "\n" not in chunk.text[first.end - chunk.start : second.start - chunk.start] and "\n" not in (
        first.text.strip() + second.text.strip()
    )


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
