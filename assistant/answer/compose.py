"""The answer: the best candidate sentences, each quoted exactly with its citation, or an abstention.

The top sentence always comes first (its short answer is the exact span of the asked type); a
one-fact question gets one sentence (a second only for close open questions), a list question its
list block or one sentence per passage, a definition question its defining sentence. When the
evidence is too weak or no sentence holds an answer of the asked type and attribute, the answer is
« Je n'ai pas trouvé… » and the nearest passages are still returned.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cache, lru_cache

from .. import spans
from ..answering_data import edition_nouns, edition_pattern
from ..french import fold, fold_offsets
from ..french.lexicon import lexicon
from ..french.patterns import LEADING_BULLETS
from ..lexical import LexicalIndex
from ..metadata import countries_mentioned
from ..named_documents import named_kinds
from ..question import AnswerType, QuestionAnalysis, analyse, asks_several_facts, count_phrase, data, list_count
from ..retrieval import Retrieval
from ..spans import NOT_NAMES, SpanKind
from ..store import SentenceVector
from ..textnorm import QUESTION_WORDS, match_keys, named_words, stem, stopwords, term_keys, words
from ..types import Answer, Chunk, Citation, Hit, Section
from .acceptance import acceptance_features, acceptance_model
from .features import (
    ANSWER_PASSAGES,
    ANY_YEAR,
    ENGLISH_GIVING,
    FIRST_PASSAGES,
    LONG_WORDS,
    VALUE_NOUNS,
    asked_events,
    asked_giver_noun,
    asked_participle_word,
    asked_years,
    asks_signing,
    bare_person_in_role,
    closeness,
    costed_span,
    ends_before,
    founding_kinds,
    founds,
    giver_share_span,
    in_french,
    inherited_keys,
    opens_with_subject,
    periods,
    renewed_noun,
    score_sentences,
    signed_dates,
    vote_dates,
)
from .gather import (
    HeadingOf,
    article_entries,
    asks_partners,
    asks_signatory,
    numbered_entries,
    ordinal_run,
    partner_entries,
    place_items,
    signatories,
)
from .profile import (
    ACRONYM_LETTERS,
    QuestionProfile,
    evidence_score,
    follow_up_turn,
    holds_key,
    name_keys,
    names_from_passages,
    profile_of,
)
from .values import Candidate, Evidence

_BULLET = LEADING_BULLETS
_WORDS = re.compile(r"[^\W_]+", re.UNICODE)

NOT_FOUND = "Je n'ai pas trouvé de réponse à cette question dans les documents."
#: A question holding a noun no document uses is answered only by a sentence at least this close to it (cosine).
UNKNOWN_TOPIC_SIMILARITY = 0.86
#: … and only over a corpus of at least this many passages: a few documents leave out too many common words.
UNKNOWN_TOPIC_MIN_PASSAGES = 50
#: The kinds of value a follow-up asks anew (« Et pour l'éducation ? » after an amount: another amount).
_VALUE_KINDS = (SpanKind.DATE, SpanKind.NUMBER, SpanKind.AMOUNT, SpanKind.DURATION)
#: A further sentence joins an open answer only if its score (log-odds, see FEATURES) is this close.
SENTENCE_MARGIN = 1.0
#: A sentence is read this far for « …reste à fixer » (a sentence is bounded when it is cut; this bounds the rest).
MAX_UNDETERMINED_CHARS = 2000
#: A sentence of a passage ranked below FIRST_PASSAGES answers a one-fact question only if its score
#: (log-odds) is this much above the best sentence of the first passages.
DEEP_MARGIN = 0.5
#: A second sentence is added to a one-fact answer only if both together stay under this many words.
SHORT_ANSWER_WORDS = 45
#: A follow-up's sentence that names what the follow-up names comes first if its score is this close.
NAMING_MARGIN = 2.0
#: A sentence that states the bound asked (a deadline, a ceiling, a floor) or the signature comes first if its
#: score (log-odds) is this close to the best one.
RELATION_MARGIN = 2.0
#: How far below the best sentence one that names a partner place may score and still answer « Qui sont les
#: partenaires de… ? » on a page that lists none.
PARTNER_PLACE_MARGIN = 3.0
#: How far below the best sentence one of a document the question names (« dans la convention de 2024 ») may score
#: and still come first.
NAMED_DOCUMENT_MARGIN = 3.0
#: An item of a list is quoted alone only if it scores this far (log-odds) above the list's next item.
ITEM_MARGIN = 1.0
#: An open question gets one clause of a sentence longer than this (in words), not the sentence.
VERY_LONG_WORDS = 80
#: How many items a list answer may hold (one sentence or list block each).
LIST_ITEMS = 6
#: A list whose items are all this short (in words) is said in one line, its citations after it
#: (« Norwich (Royaume-Uni) ; Hanovre (Allemagne) ; Abéché (Tchad). [1, 2, 3] »): the whole list first.
LIST_LINE_ITEM_WORDS = 12
#: A further item joins a list answer if its score (log-odds) is this close to the best one.
LIST_MARGIN = 2.0
#: The same for a list set out line by line (a block): its lines, under a lead-in or heading that names the
#: noun asked, are surer to be that list than words run together after a colon (scraped pages lose their line
#: breaks: « …les informations suivantes :Identité… »).
BLOCK_LIST_MARGIN = 3.0
#: The same for the sentence that carries a list of names on from the best one (« …aménagées à Tiogo en 2023. Elles
#: ont été suivies, en 2025, par celles de Bourou et de Sabouna… »): it leans on that sentence for what its names
#: are, so it scores lower than a sentence that says it whole.
CONTINUATION_MARGIN = 4.0
#: How far below the best a sentence that states the end of the very thing asked (« la convention ») may score
#: and still come before one that states the end of something else.
OBJECT_MARGIN = 3.0
#: An amount question about what was done (« combien a coûté… », « combien le ministère a-t-il accordé… »), first
#: answered by an estimate, a plan or a request: the sentence that states the amount done, up to this far below
#: (the first is the wrong kind of amount, so a wider window than RELATION_MARGIN); the same for a count question
#: first answered by a count with another verb (« a dénombré 41 000 actes » for « …ont été numérisés ? »).
REALISED_MARGIN = 4.0
#: « jusqu'à quand va la convention », « quand se termine le programme » (folded): the noun whose end is asked.
_ENDED = re.compile(
    r"\b(?:jusqu'a\s+quand|jusqu'a\s+quelle\s+date|quand\s+(?:se\s+termine|s'acheve|expire|prend\s+fin)|date\s+de\s+fin)"
    r"(?:\s+(?:court|courent|va|vont|dure|durent|vaut|est\s+valable|s'applique|se\s+poursuit|continue|de))?"
    r"\s+(?:la|le|les|l'|notre|cette|ce)\s*(?:(?:nouvelle|nouveau|premiere|premier|derniere|dernier|actuelle|actuel)\s+)?"
    r"([a-z]{4,})"
)

#: A day a period starts from (« du 1er mars au 30 juin »): with a period of years (« 2021-2023 »,
#: :func:`periods`), what states a start as well as an end.
_DATED_FROM = re.compile(r"\bdu\s+(?:1er|\d{1,2})\b")


# a question that opens with its topic as a title: « Vidéoprotection : qui contrôle les dispositifs ? »
_TOPIC_FIRST = re.compile(r"[^:?!.\n]{1,80}:")


def _names_typed_as_words(search_query: str, texts: list[str]) -> tuple[tuple[str, str | None], ...]:
    """The matching keys of the names a question writes as common words, that the passages ``texts``
    write as names: its first word (capitalised in any case), its lowercase words when it writes no
    name with capitals."""
    opening = search_query.lstrip()
    first_word = opening[:1].lower() + opening[1:].split(" ", 1)[0]
    recovered = () if _TOPIC_FIRST.match(opening) else names_from_passages(first_word, texts)
    if not named_words(search_query):
        recovered += names_from_passages(search_query, texts)
    return recovered


def compose(
    question: str,
    search_query: str,
    retrieval: Retrieval,
    sentence_vectors: Sequence[SentenceVector],
    lexical: LexicalIndex,
    *,
    max_sentences: int,
    threshold: float,
    document_chunks: Callable[[str], Sequence[Chunk]] | None = None,
    sections_of: Callable[[str], Sequence[Section]] | None = None,
    accept_floor: float | None = None,
) -> tuple[Answer, Evidence]:
    """The answer to ``search_query`` from the retrieved passages, or an abstention.

    ``document_chunks`` gives every passage of a retrieved document, in order, and ``sections_of`` its
    headings: a list question about the actions in a place (« Quelles actions la Région mène en
    Albanie ? ») gathers its items from every section, and one about an authority's partners finds them
    where the page files them (see :mod:`.gather`). An answer the acceptance model (see
    :mod:`.acceptance`) finds less likely right than ``accept_floor`` (None: the model's own threshold; 0:
    every answer) is an abstention.
    """
    hits = retrieval.hits
    analysis = analyse(search_query)
    turn = follow_up_turn(question, search_query)
    profile = profile_of(search_query, analysis, lexical, turn)
    if turn is None:
        # « quel budget pour bassam propre ? » asks for its names as « …Bassam Propre ? » does (a question
        # that writes some names with capitals writes its other words as common words); they are read in
        # the passages the evidence checks, where a lower passage's name would count against them. The
        # first word is capitalised in any case: « Klaipeda, combien d'habitants ? » names Klaipėda if the
        # passages write it as a name (not a topic that opens the question as a title: « Règlement européen :
        # le registre doit-il être public ? »).
        recovered = _names_typed_as_words(search_query, [h.chunk.text for h in hits[:3]])
        if recovered:
            profile = replace(profile, named=tuple(dict.fromkeys((*profile.named, *recovered))))
    passage_keys = [passage_keys_of(h.chunk, retrieval.named) for h in hits[:3]]
    cov = max((profile.coverage(k) for k in passage_keys), default=0.0)
    named_missing = min((profile.missing_named(k) for k in passage_keys), default=1.0)
    # a list gathers its items from every answer passage; one fact is looked for in the best ones first
    first = ANSWER_PASSAGES if analysis.is_list else FIRST_PASSAGES
    scored = score_sentences(retrieval, sentence_vectors, profile, analysis, ANSWER_PASSAGES, turn)
    shallow = [s for s in scored if s.hit.rank <= first]
    bound = analysis.time_relation in ("deadline", "ceiling", "floor")
    if (
        first < ANSWER_PASSAGES
        and any(s.answers and not s.only_requested for s in shallow)
        and not (bound and not any(s.answers and s.states_relation for s in shallow))
    ):
        # the best passages hold an answer of the asked type (and the deadline of « Jusqu'à quand… ? »):
        # a deeper passage's sentence is kept only if it is clearly better (otherwise the deeper
        # passages are looked at before giving up)
        top_shallow = max((s.score for s in shallow if s.answers and not s.only_requested), default=0.0)
        # (a document the question names is looked at wherever its passages rank: see NAMED_DOCUMENT_MARGIN)
        # (and a sentence that says what the term of a definition question is, wherever it ranks: « Nous avons assisté
        # à la huayruna, c'est-à-dire la journée mensuelle où… » in the fifth passage, the four before using the term)
        defining = analysis.type is AnswerType.DEFINITION
        scored = [
            s
            for s in scored
            if s.hit.rank <= first
            or s.score >= top_shallow + DEEP_MARGIN
            or s.hit.chunk.doc_id in retrieval.named
            or (defining and (s.defines or s.says_what))
        ]
    top_dense = max((h.dense or 0.0 for h in hits[:3]), default=0.0)
    top_sentence = max((s.similarity for s in scored), default=0.0)
    ev = Evidence(
        cov, named_missing, top_dense, top_sentence, evidence_score(cov, named_missing, top_dense, top_sentence)
    )
    not_found = Answer(question, search_query, NOT_FOUND, True, (), hits)
    if _unknown_year(search_query, lexical, hits):
        # « Combien de jeunes en 2034 ? »: no document speaks of that year, nothing can say what happened in it
        return not_found, ev
    if (
        turn is None
        and analysis.language != "en"
        and ev.top_sentence < UNKNOWN_TOPIC_SIMILARITY
        and lexical.n_docs >= UNKNOWN_TOPIC_MIN_PASSAGES
        and unknown_nouns(search_query, lexical)
    ):
        # « Comment faire une demande de passeport en mairie ? »: no document writes « passeport », and no
        # sentence is close enough to be a paraphrase of it
        return not_found, ev
    answers = [s for s in scored if s.answers]
    if any(not a.only_requested for a in answers):
        answers = [a for a in answers if not a.only_requested]
    edition = _edition_asked(fold(turn or search_query), hits, profile)
    if edition is not None:
        # « …avec la première convention ? »: not the renewed convention's sentences (those that speak of the
        # first one themselves aside); the other documents (a deliberation, a report) may still answer, unless
        # written under a later edition (a 2025 activity report's figures are the renewed convention's) and
        # silent on the one asked
        asked_doc, editions, phrase, next_date = edition
        answers = [
            a for a in answers if (a.hit.chunk.doc_id == asked_doc or a.hit.chunk.doc_id not in editions
            or phrase in fold(_quoted_text(a))) and not _under_later_edition(a, editions, phrase, next_date)
        ]  # fmt: skip
        if _asks_latest(phrase):
            # « Quand la convention renouvelée a-t-elle été signée ? » is not answered, in the renewed convention, by
            # « Par une première convention signée en 2018, … »: a quote that names an earlier edition and not the
            # latest speaks of the earlier one
            answers = [a for a in answers if not _names_earlier_edition(fold(_quoted_text(a)))]
        if analysis.type is AnswerType.DATE:
            # …nor, in the renewed convention, by « Elle remplace la convention signée en 2018. »: a date in the year
            # of another edition only (the asked one's own year aside) is that edition's
            # (judged on its full dates when it has some: « de 2019 à 2022 une première phase…, fondée sur la
            # convention signée… le 18 novembre 2019 » dates the first convention, whatever the period said beside)
            # (and, for a signature, on the dates a signing word leads to: « Vu la convention signée en 2017…,
            # prolongée par avenant jusqu'au 31 décembre 2021 » dates the 2017 one)
            signing = asks_signing(analysis.folded)
            own_years, other_years = _edition_years(hits, asked_doc, editions)
            # (a sentence that gives a date in the asked edition's own year speaks of it too: « Elle succède à la
            # convention du 18 novembre 2019 et entre en vigueur en 2023 »)
            answers = [
                a for a in answers
                if not (a.typed and all(
                    _years(t.text) and _years(t.text) <= other_years - own_years
                    for t in ((signing and signed_dates(a.text, a.typed)) or _full_dates(a.typed))
                ) and not any(_years(t.text) & own_years for t in a.typed))
            ]  # fmt: skip
            if answers and signing and not analysis.is_list:
                # « When was the renewed cooperation agreement… signed? »: the asked edition's own signature, whatever
                # its score (« Fait à Strasbourg, le 28 février 2020 »), not a report's mention of the first one's
                answers = _promote(
                    answers,
                    lambda a: a.hit.chunk.doc_id == asked_doc and a.states_relation and bool(a.typed),
                    -math.inf,
                )
    if not answers or ev.score < threshold:
        return not_found, ev
    head = _event_head(analysis)
    if head is not None and not _names_event(answers[0], head):
        # « Quelles sont les dates de la Quinzaine de Cuenca 2026 ? », « Quand ont eu lieu les 5e Assises… ? »: a close
        # sentence that names the event (« La Quinzaine… aura lieu du 6 au 21 juin 2026 », the page's title « …aux 5e
        # Assises… (2-3 juin 2025) ») before one that dates something else (« Le prochain comité se tiendra… »)
        # (not one that gives it another rank: « Premières Assises… 2010 » for the 5e)
        answers = _promote(
            answers,
            lambda a: _names_event(a, head) and not _other_qualifier([a], analysis),
            answers[0].score - SENTENCE_MARGIN,
        )
    written = written_list_noun(analysis)
    surface = asked_list_noun(analysis) if written else None
    if written and not any(
        a.lists_noun
        or (_writes_noun(a, written, surface) and _names_items(a, surface, analysis.folded))
        # (« Quels projets le Département mène-t-il en Arménie ? » → « En Arménie : - Financement d'équipements
        # médicaux… » : a list of what is done there is a list of projects, actions, opérations)
        or (a.is_block and analysis.list_noun in data()["activity_nouns"])
        for a in answers[:LIST_NOUN_ANSWERS]
    ):
        # « Quelles entreprises ont réalisé les travaux de la bibliothèque ? » → « En dix ans, le partenariat a
        # notamment permis : - la réhabilitation de la bibliothèque… »: no close answer writes « entreprise », nor
        # lists what a lead-in announces as such: the documents do not name them
        return not_found, ev
    if (
        analysis.type is AnswerType.DEFINITION
        and analysis.subject
        and fold(analysis.subject).strip() not in data()["definition_generic_subjects"]
        and not any(
            (
                (a.defines or a.spells_out or a.says_what or _opens_saying_what(a, analysis))
                and a.score >= answers[0].score - DEFINITION_MARGIN
            )
            # (a sentence that defines the term by an unambiguous cue answers wherever it scores: « Nous avons assisté à
            # la huayruna, c'est-à-dire la journée mensuelle où… » under sentences that only use it)
            or (a.says_what and _strongly_defines(a.text, analysis.subject_forms))
            for a in answers
        )
    ):
        # « c'est quoi une nurserie en mer ? » → « La nurserie en mer, installée au sud de Malakal, a été livrée en
        # août 2025… »: none of the closest sentences says what the term is (nor spells it out), even one that opens
        # with it (see the rule on the sentence put first, below): the documents use it without defining it
        return not_found, ev
    if not analysis.is_list:
        if analysis.type is AnswerType.NAME and _unnamed(_quoted_text(answers[0]), analysis):
            # « Où ont-ils fait leur stage, dans quel lycée ? » → « …dans un lycée agricole du Pays d'Auge »: the
            # documents speak of the lycée without naming it
            return not_found, ev
        if _misses_target(answers, analysis):
            # « Combien d'hectares la phase 2 doit-elle replanter ? » → « À ce jour, 9 hectares ont été replantés »:
            # what was done, not the target asked, which the documents do not state
            return not_found, ev
        close = [s for s in scored[:3] if s.score >= answers[0].score - SENTENCE_MARGIN]
        if head is not None and _names_event(answers[0], head):
            # (a close sentence that leaves another event's date open says nothing of the one asked: « Le prochain
            # comité se tiendra à Alès en juillet 2026 ; sa date sera fixée ultérieurement » for the Quinzaine)
            close = [s for s in close if _names_event(s, head)]
        # (and the sentence after a tentative answer, when it speaks of the same thing by a possessive: « Un séjour… est
        # envisagé en 2027. Ses dates… seront discutées au prochain comité de pilotage. »)
        after = next((s for s in answers[0].hit.chunk.sentences if s.start >= answers[0].end), None)
        said_after = (
            [after.text]
            if after is not None and _POSSESSIVE_OPENING.match(after.text) and _plans(answers[0])
            else []
        )
        if any(_left_open(text, analysis) for text in [*(s.text for s in close), answers[0].text, *said_after]):
            # « Où sera installé l'atelier… ? » → « …dans le quartier de la gare ; le local exact n'est pas encore
            # choisi. »; « Quand se tiendra le prochain comité ? » → « …sa date reste à fixer. », beside the date of
            # the last one: the answer sentence, or one as close, says the value asked is not known yet
            return not_found, ev
        if _stated_for_other_time(answers[0], scored, analysis):
            # « Quel était le taux maximal de cofinancement de l'édition 2024 ? » on a call whose table gives the
            # rate of 2025 and 2026 only: not the « dans la limite de 20 % du budget » of another of its sentences
            return not_found, ev
    if analysis.is_list and analysis.wants_place and any(a.places for a in answers):
        # « Avec quelles villes… ? »: the sentences that name places, when some do, or that list what the question's
        # noun announces (« …ont ouvert dans les villages suivants : Vastseliina, Parksepa… », names no gazetteer knows)
        answers = [a for a in answers if a.places or a.lists_noun]
    if any(a.authorities for a in answers) and not asks_partners(analysis):
        # « Quelles autres collectivités… ? »: the sentences that name French local authorities, when some
        # do, or the list the question's noun announces (« Les communes participantes sont : - Montreuil… »);
        # not an authority's partners (« Avec quelles villes Clamart est-elle jumelée ? »: Artachat, abroad)
        answers = [a for a in answers if a.authorities or a.lists_noun]
    if turn is not None and analysis.type.span_kind in _VALUE_KINDS:
        # « Et pour l'éducation ? » after « …budget total : 560 000 euros »: a new value, not the one the
        # conversation already gave (kept only when every answering sentence repeats it)
        context = fold(search_query.strip()[len(analysis.text) :])
        fresh = [a for a in answers if not a.typed or not all(_says(context, fold(t.text)) for t in a.typed)]
        answers = fresh or answers
    best = answers[0].score  # the margins below are measured from the scorer's best
    best_near = closeness(answers[0])  # …and the « as close » ones from its closeness (see features.closeness)
    if analysis.type in (AnswerType.AMOUNT, AnswerType.NUMBER) and not analysis.is_list:
        # « Et après l'avenant n° 1 ? »: the row of the financing table that names the partner asked, its value under
        # the column « Après avenant », when it is as close as the best sentence
        answers = _promote(answers, lambda a: a.column_asked, best - RELATION_MARGIN)
    if not analysis.is_list and answers[0].other_place:
        # « Depuis quand Meaux est jumelée avec Lautoka ? »: not a close sentence about another partner of the
        # document (« Jumelées depuis 1994, Meaux et Montego Bay… », under the heading « Montego Bay »); the
        # promotions below do not bring it back (see _promote)
        answers = sorted(answers, key=lambda a: a.other_place or a.score < best - RELATION_MARGIN)
        if answers[0].other_place:
            # every close answer is about another partner of the document than the one asked (« Depuis quand Meaux
            # est jumelée avec Lautoka ? » where only « Jumelées depuis 1994, Meaux et Montego Bay… » gives a date)
            return not_found, ev
    if (
        turn is None
        and not analysis.is_list
        and analysis.type.span_kind in _VALUE_KINDS
        and _elsewhere(answers[0], profile.named, analysis.folded)
    ):
        # « Combien d'élèves à la MFR de Gbarnga ? » is not answered by « Une seconde MFR a ouvert à Totota… avec 22
        # élèves » when a close sentence, read with the one it leans on, names Gbarnga (« La maison familiale rurale
        # de Gbarnga a ouvert… Elle accueille aujourd'hui 64 élèves… »)
        missing = _lacked(answers[0], profile.named)
        answers = _promote(answers, lambda a: not _lacked(a, missing), best - RELATION_MARGIN)
    if not analysis.is_list:
        # « Quelle est la date limite… ? » is not answered by an opening date when a close sentence
        # states the deadline (nor « …signée quand ? » by a deliberation's date when one is the signature)
        answers = _promote(answers, lambda a: a.states_relation, best - RELATION_MARGIN)
    if analysis.wants_place and not analysis.is_list and asks_tie(analysis.folded):
        # « Avec quelle ville Clamart est-elle jumelée ? »: the sentence that ties a place to the one named (« Un
        # serment de jumelage a été signé entre Clamart et Artachat… »), when a close one does, not « …les deux villes
        # échangent… à Clamart et Artachat »
        answers = _promote(
            answers, lambda a: tied_place(a.text, a.typed, analysis.folded) is not None, best - RELATION_MARGIN
        )
    changed = _ASKS_CHANGED.search(fold(search_query)[:400]) is not None and not analysis.is_list
    if changed and not _states_change(answers[0]):
        # « Jusqu'à quelle date la convention court-elle depuis sa prolongation ? », « Et depuis l'avenant ? »: the
        # state after the change (« La convention court désormais jusqu'au 30 juin 2028 », « …est remplacée par… »),
        # when a close sentence states it, not the original one (« …pour la période du 1er janvier 2025 au 31 décembre
        # 2027 »)
        answers = _promote(answers, _states_change, best - RELATION_MARGIN)
    if (
        analysis.time_relation == "deadline"
        and not analysis.is_list
        and not _by_amendment(fold(search_query))
        and not (changed and _states_change(answers[0]))
    ):
        # « Jusqu'à quand court la convention 2024 ? » is not answered by the end of an earlier agreement's
        # extension (« …la convention signée en 2020, prolongée par avenant jusqu'au 5 novembre 2024 ») when a close
        # sentence states an end without one (« Elle s'achève le 31 décembre 2028. »)
        # (any close one; or, whatever its score, one of the same document: a renewed convention that recalls
        # its predecessor's extension states its own end)
        extension = answers[0].hit.chunk.doc_id if _by_amendment(fold(answers[0].text)) else None

        def own_end(a: Candidate) -> bool:
            return a.states_relation and not _by_amendment(fold(a.text))

        if any(own_end(a) and a.hit.chunk.doc_id == extension for a in answers):
            answers = _promote(answers, lambda a: own_end(a) and a.hit.chunk.doc_id == extension, -math.inf)
        else:
            answers = _promote(answers, own_end, best - RELATION_MARGIN)
        if not _by_amendment(fold(answers[0].text)):
            answers = [a for a in answers if not _by_amendment(fold(a.text))]  # nor quoted after it
        ended = _ENDED.search(analysis.folded)
        if ended is not None:
            # « Jusqu'à quand va la nouvelle convention ? » is answered by the end of a convention (« La présente
            # convention prend effet… Elle s'achève le 31 décembre 2028. »), not of a phase of its programme
            # (« …la phase 2 doit durer jusqu'à la fin de 2027 »), when a close quote names what is asked
            noun = ended.group(1)[:6]
            answers = _promote(
                answers, lambda a: a.states_relation and noun in fold(_quoted_text(a)), best - OBJECT_MARGIN
            )
    founding = founding_kinds(fold(search_query)) if analysis.time_relation == "start" else None
    if founding and not analysis.is_list:
        # « Depuis quand Clamart est-elle jumelée avec Artachat ? »: the sentence that states the twinning's
        # founding (« Un serment de jumelage a été signé… »), when a close one does, not « depuis 2014, les
        # deux villes échangent… » (the search query, not the analysis: a follow-up's tie is in its context)
        answers = _promote(answers, lambda a: founds(founding, fold(a.text)), best - RELATION_MARGIN)
        around = _names_around(answers[0])
        if turn is None and not all(holds_key(st, pre, around) for st, pre in _tie_names(search_query)):
            # « Depuis quand Limoges est-elle jumelée avec Dapaong ? » is not answered by « Depuis 2004, Limoges est
            # jumelée avec Popayán » : the tie asked is between the places named, and the quote, its context or its
            # headings name each of them
            return not_found, ev
    if analysis.type is AnswerType.DATE and not analysis.is_list and _ASKS_DONE.search(analysis.folded[:400]):
        # « quand la maison a-t-elle ouvert ses portes ? »: the day it was done (« …a été inaugurée le 26 juin 2025 »),
        # when a close sentence states it, not the day it was planned for (« …une ouverture envisagée au printemps »)
        answers = _promote(answers, lambda a: not _plans(a) and _states_done(a), best - RELATION_MARGIN)
        if turn is None and _dates_other_act(answers[0], analysis):
            # « En quelle année le jardin d'enfants a-t-il été financé ? » is not answered by « Depuis avril 2019, …
            # un projet global… a été élaboré », the sentence after the one that says the garden was financed (and
            # gives no date): the date is the other act's, which the quote states done in its own verb
            return not_found, ev
    if (
        analysis.type is AnswerType.NUMBER
        and not analysis.is_list
        and (done := _ASKS_DONE_COUNT.search(analysis.folded[:400])) is not None
        and not _states_done(answers[0])
    ):
        # « combien de berkads ont été réhabilités ? », « Combien de lycéens sont partis à Schaan ? »: the count of what
        # was done (« 36 berkads ont été réhabilités », « quatorze lycéens… ont passé dix jours à Schaan »), when a
        # close sentence states one, not the count planned (« prévoit de réhabiliter 50 berkads », « préparer
        # l'accueil de douze lycéens »)
        # (with the verb asked: « Sept dossiers ont été déclarés irrecevables » is no count of the files « reçus »)
        verb = done.group().rsplit(" ", 1)[-1][:5]
        answers = _promote(answers, lambda a: _states_done(a) and _says_verb(a, verb), best - RELATION_MARGIN)
        if _plans(answers[0]) and not _states_done(answers[0]):
            # « Combien de jeunes ont été formés en 2024 ? » → « …poursuit les objectifs suivants : former 400 jeunes »:
            # the count planned, and no sentence as close states the count done, which the documents do not give
            return not_found, ev
    if (
        analysis.type is AnswerType.NUMBER
        and not analysis.is_list
        # (not a follow-up: « et en phase 2 ? » asks of a phase to come what the first question asked of the first)
        and turn is None
        and _plans(answers[0])
        and not _asks_plan(analysis)
    ):
        # « Combien d'apprentis accueille l'atelier-école ? » is answered by what it does (« Il accueille déjà 46
        # apprentis »), when a close sentence says it, not by what it was to do (« L'atelier-école devrait ouvrir… et
        # accueillir une cinquantaine d'apprentis »), as an amount done is put before an estimate (REALISED_MARGIN)
        answers = _promote(answers, lambda a: not _plans(a), best - REALISED_MARGIN)
    if not analysis.is_list:
        # « Combien d'éleveurs ont été formés ? »: the count of those trained (« 146 éleveurs ont été formés »),
        # when a close sentence says it, not of those who did something else (« deux éleveurs ont effectué… »,
        # « …a dénombré environ 41 000 actes » for « Combien d'actes… ont été numérisés ? »): the first is the wrong
        # kind of count, so the window of REALISED_MARGIN
        answers = _promote(answers, lambda a: a.states_predicate, best - REALISED_MARGIN)
        if (
            analysis.type is AnswerType.NUMBER
            and turn is None
            and (done_count := asked_participle_word(analysis.folded)) is not None
            and not answers[0].states_predicate
            # (the act said in the quote or the sentence it leans on: « Une formation… pour les motoconchistas. Ils ont
            # été 24 à la suivre » says who were trained)
            and not _says_act(fold(_quoted_text(answers[0])), done_count)
            and profile.named
            and not _names_any_around(answers[0], profile.named)
        ):
            # « Combien de villes françaises ont participé aux Assises de Goris ? » is not answered by « …a développé
            # des relations privilégiées avec 15 villes dans le monde »: a count that says neither the act asked nor
            # any name of the question (the Assises, Goris) counts something else
            return not_found, ev
        # « How many school kits were shipped…? »: a number of the asked noun (« Kits scolaires envoyés | 150 | 320 »),
        # when a close sentence gives one, not « Livres envoyés… | 600 | 1 450 » (the English noun, read in French)
        answers = _promote(answers, lambda a: a.counts_noun, best - RELATION_MARGIN)
    # « Qui cofinance la phase 2 ? »: the sentence that says by whom it is financed, when a close one does
    answers = _promote(answers, lambda a: a.states_agent, best - RELATION_MARGIN)
    giver = _giver(analysis, search_query)
    if giver is not None:
        # « combien le département de la Somme verse par an… ? »: the sentence that names the Département (« Le
        # Département consacre… 42 000 euros par an »), when a close one does, not another partner's share (« La
        # contribution de la Municipalité (10 000 dinars par an)… »)
        answers = _promote(answers, lambda a: _names_giver(a, giver), best - RELATION_MARGIN)
    if not analysis.is_list:
        # « Quel montant Bordeaux verse-t-il à Cusco ? »: the sentence that gives to Cusco, when a close one does
        answers = _promote(answers, lambda a: a.to_recipient, best - RELATION_MARGIN)
    if retrieval.named and not analysis.is_list and not _speaks_of_named(answers[0], retrieval.named, search_query):
        # « combien le Calvados verse par an… dans la convention de 2024 ? »: what that convention says (« Le
        # Département verse au District… 32 000 euros par an »), when it says it, before what a report of the
        # partnership says (« …pour un budget total de 210 000 euros »); and there, its giver's share first
        in_named = [a for a in answers if a.hit.chunk.doc_id in retrieval.named]
        floor = best - NAMED_DOCUMENT_MARGIN
        answers = _promote(answers, lambda a: a in in_named, floor)
        if giver is not None:
            answers = _promote(answers, lambda a: a in in_named and _names_giver(a, giver), floor)
    if (
        analysis.type is AnswerType.AMOUNT
        and not analysis.is_list
        and _asks_realised(analysis.folded[:400])
        and _estimates(answers[0])
    ):
        # « combien a coûté la réhabilitation… ? », « Quel montant le ministère a-t-il notifié… ? »: the amount done
        # (« Sa réhabilitation a finalement coûté 33 400 euros », « Le ministère… a notifié une subvention de 28 000
        # euros »), when a sentence states it, not the estimate, the budget planned or the amount requested
        # (« …est estimé entre 30 000 et 38 000 euros », « plan de financement prévisionnel… : 35 000 euros
        # sollicités »). Only the giver's, when the question names one; and only a quote whose passage holds every
        # word of the question the first quote holds, names its document gives it included (« la Ville a obtenu… »
        # on the Ville de Thionville's page): another thing's cost, done, is no answer, nor the same thing's elsewhere
        # (the words of the amount itself aside: « Son montant définitif s'élève à… » answers « combien a coûté… »)
        amount_stems = {term_keys(w)[0] for w in data()["realised"]["amount_words"]}

        def terms_held(a: Candidate, text: str) -> set[tuple[str, str | None]]:
            keys = match_keys(text) | inherited_keys(a.hit.chunk)
            return {(st, pre) for st, pre, _ in profile.terms if st not in amount_stems and holds_key(st, pre, keys)}

        first_holds = terms_held(answers[0], _quoted_text(answers[0]))

        def realised(a: Candidate) -> bool:
            # (its passage, which holds its quote)
            return (
                _realised(a)
                and (giver is None or _names_giver(a, giver))
                and first_holds <= terms_held(a, a.hit.chunk.embed_text)
            )

        answers = _promote(answers, realised, best - REALISED_MARGIN)
        estimated, spent, final = _amount_kind(answers[0])
        # (nor when a close sentence states an amount done or final, about the same thing or not: « Le coût de
        # l'ouvrage est arrêté à 196 000 euros » may name the dam otherwise than the question)
        close = [a for a in answers[1:] if a.score >= best - REALISED_MARGIN]
        if (
            estimated
            and not spent
            and not final
            and analysis.language == "fr"
            and not any(kind[1] or kind[2] for kind in map(_amount_kind, close))
        ):
            # « Combien a coûté la réhabilitation de la khettara d'Agouni ? » → « …coûtera entre 30 000 et 38 000
            # euros »: an estimate only, and no sentence as close states what was spent, which the documents do not
            # give (« pas trouvé », the nearest passages shown); not « …initialement estimé à 40 000 euros, est
            # désormais arrêté à 41 300 euros » (final_words), nor an English question (« final cost » is read
            # through the glossary)
            return not_found, ev
    if analysis.type is AnswerType.DATE and not analysis.is_list and turn is None and answers[0].typed:
        # « Quand a lieu le festival Les Deux Phares 2026 ? » is not answered by the editions of 2024 and 2025 (« la
        # première édition a eu lieu à Nice en 2024… ») when a close sentence gives a date of the year asked (« La
        # troisième édition se tiendra du jeudi 9 au dimanche 12 juillet 2026 »)
        q_years = asked_years(analysis.folded[:400])

        def in_asked_year(a: Candidate) -> bool:
            return any(_years(t.text) & q_years for t in a.typed)

        # (only when the date itself is asked, « quand a lieu… »: in « jusqu'à quand court la convention 2024 ? » or
        # « …signée en 2024 », the year names the agreement, not the date asked)
        # (and only for when something takes place, « a lieu », « se tient », « se déroule »: in « Quand a été lancé
        # l'appel à projets 2026 ? » or « …publié le rapport d'activité 2025 ? » the year names the call or the report)
        date_asked = analysis.time_relation is None and _ASKS_EVENT.search(analysis.folded[:400]) is not None
        if q_years and date_asked and not in_asked_year(answers[0]):
            answers = _promote(answers, in_asked_year, best - REALISED_MARGIN)

        # the same date stated more precisely elsewhere (« rouverte en septembre 2025 » and « Elle a
        # rouvert le 20 septembre 2025 », « le 19 octobre » and « du 13 au 19 octobre 2025 »): the precise one
        # (the date the answer gives, not another of its sentence: « Jumelées depuis 2006, … après le tsunami de 2004 »
        # is not made more precise by « depuis le tsunami du 26 décembre 2004 »)
        shown = _short_answer(answers[0], analysis)
        dates = [fold(shown)] if shown else [fold(t.text) for t in answers[0].typed]
        # (a bare year is looked further for: « Une première convention, signée en 2016, … » before « Fait à Quemchi,
        # le 7 novembre 2016, et à Strasbourg, le 12 décembre 2016. »)
        bare_year = all(re.fullmatch(r"(?:en\s+)?\d{4}", d.strip()) for d in dates) and bool(dates)
        # (measured on how close each sentence is, not on the judgements the scorer adds: both give a date, and the
        # vaguer one may carry a cue the precise one lacks, « signée en 2016 » beside « Fait à… le 12 décembre 2016 »)
        precise = [
            a
            for a in answers[1:]
            if closeness(a) >= best_near - (OBJECT_MARGIN if bare_year else RELATION_MARGIN)
            and any(len(fold(t.text)) > len(d) and d in fold(t.text) for t in a.typed for d in dates)
        ]
        if precise:
            answers = [precise[0], *(a for a in answers if a is not precise[0])]
    if turn is not None:
        # « Et pour Kaya ? » asks the same of Kaya: the sentences that name it, when some do (last, so
        # that it wins over the bound rule above: Kaya's amount, not Tiznit's ceiling)
        # (how close, not how judged: the judgements of a follow-up's sentences are those of the rewritten question, so
        # Tiznit's ceiling states the bound the first question asked)
        naming = [a for a in _naming(answers, turn) if closeness(a) >= best_near - NAMING_MARGIN]
        if naming:
            answers = [naming[0], *(a for a in answers if a is not naming[0])]
    # « la phase 2 a été votée quand » : the sitting date of the deliberation that votes the phase, rather than
    # the vote of something else a sentence states (« Vu la délibération du 25 juin 2012 approuvant le jumelage »)
    # or the article that approves it without a date (after the follow-up rule, which would prefer it)
    answers = _promote(answers, lambda a: a.dates_vote, -math.inf)
    if analysis.type is AnswerType.DEFINITION:
        # a definition question gets the defining sentence first, when there is one
        meaning = any(cue in analysis.folded for cue in data()["meaning_cues"])
        # (« Le FCC, c'est quoi ? »: « Le FCC est un fichier… » before a long sentence that only spells it out)
        answers = sorted(answers, key=lambda a: (not a.defines, not (a.says_what or meaning)))
        if meaning:
            # « Que signifie COGES ? » asks what the letters stand for: the expansion, when one gives it
            answers = sorted(answers, key=lambda a: not a.spells_out)
    top = answers[0]
    if analysis.type is AnswerType.OTHER and not analysis.is_list and not _shares_words(top, profile):
        # an open question (« Comment renouveler ma carte d'identité ? ») whose best sentence holds none
        # of its words (« Acte rendu exécutoire… ») is not answered by it: no typed span vouches for it
        return not_found, ev
    # (bringing forward a close sentence that holds the verb was tried: « …les crédits sont inscrits au budget » came
    # before « pas trouvé » for « comment inscrire mon enfant à la cantine », and another fund's « Le dossier est
    # déposé en ligne… » for « comment déposer une demande au fonds Lannion Solidaire »)
    procedure = _procedure_verb(analysis.folded) if analysis.type is AnswerType.OTHER else None
    if procedure is not None and not _says_procedure(_quoted_text(top), procedure, analysis.folded):
        # « Comment inscrire mon enfant à la cantine ? » is answered by a sentence that says how to enrol
        # (« inscrire », « inscription », « vous pouvez… », « en ligne »), not by one that speaks of children
        # and of the town
        return not_found, ev
    if (
        analysis.time_relation == "deadline"
        and not analysis.is_list
        and not top.states_relation
        and not spans.find(top.text, SpanKind.DURATION)
        and (top.states_other or (not periods(fold(top.text)) and _dates_a_past_act(_quoted_text(top))))
    ):
        # « Jusqu'à quand court la convention ? » is not answered by « Depuis 2011, … »: a start alone says
        # nothing of the end (with a duration, « depuis le 1er janvier 2024, pour trois ans », it does); nor by a
        # date that dates a past act (« Le pacte… a été approuvé par le Conseil municipal le 31 mars 2022. », « Fait à
        # Villarrica, le 6 septembre 2023 ») unless it states an end, a duration or a period (« 2024-2027 »); a date
        # said otherwise (« Fin des inscriptions le 15 mars », « d'ici le 15 mars ») is left to the other checks
        return not_found, ev
    if (
        analysis.time_relation == "start"
        and not analysis.is_list
        and top.states_other
        and not spans.find(top.text, SpanKind.DURATION)
        and not periods(fold(top.text))
        and _DATED_FROM.search(fold(top.text)) is None
    ):
        # and the reverse: « Quand a commencé la phase 1 ? » is not answered by « Achevée le 31 octobre 2024, la
        # phase 1… »; a period (« 2021-2023 », « du 1er mars au… ») or a duration states its start as well
        return not_found, ev
    if not analysis.is_list and ("\n" in top.text or len(top.text.split()) > LONG_WORDS):
        # one item of a list, or one clause of a long sentence, is quoted instead of the whole when
        # it alone holds the fact (only the chosen sentence's parts are looked at)
        key = (top.hit.chunk.doc_id, top.start, top.end)
        pieces = score_sentences(retrieval, sentence_vectors, profile, analysis, ANSWER_PASSAGES, turn, key)
        top = _narrowed(top, pieces, analysis)
    if (
        analysis.type is AnswerType.DEFINITION
        and analysis.subject
        # « Vidéoprotection, vidéosurveillance, c'est quoi la différence ? » asks no word's definition
        and fold(analysis.subject).strip() not in data()["definition_generic_subjects"]
        and not (
            top.defines
            or top.spells_out
            # (« Le 1 % eau, comment ça marche ? » is a heading that asks, not an answer)
            or (
                any(opens_with_subject(top.text, s) for s in analysis.subject_forms)
                and not top.text.rstrip().endswith("?")
                # (« Fondation Agir : 10 000 euros sollicités. » is a line of a table, not what the foundation is)
                and not _value_line(top.text)
            )
        )
    ):
        # « Qu'est-ce qu'un jumelage ? » is answered by a sentence that defines it (« Le jumelage est… », « le
        # chafariz, une fontaine… », « On appelle… »), spells it out or opens with it, not by one that only
        # names it in passing (« …en lien avec le comité de jumelage ») — the nearest passages are still shown
        return not_found, ev
    if analysis.is_list and analysis.asks_eligibility and not top.lists_noun:
        # « Qui peut répondre à l'appel ? » asks for the list of who may apply, wherever it ranks
        top = next((a for a in answers if a.lists_noun), top)
        answers = [top, *(a for a in answers if a is not top)]
    if analysis.is_list and not top.lists_noun:
        # « Quels sont les domaines… ? » is answered by the list whose lead-in or heading names the
        # domains (« …dans les domaines suivants : - … »), not by a sentence that mentions them
        listing = [a for a in answers if a.lists_noun and a.score >= best - _list_margin(a)]
        # (« quels sont les axes de la convention 2024… »: the list of the document the question names, wherever it
        # scores: its signature line, « Fait à Caen, le 9 décembre 2024… », names the year and the partners better)
        listing = listing or [a for a in answers if a.lists_noun and a.hit.chunk.doc_id in retrieval.named]
        if listing:
            top = listing[0]
            answers = [top, *(a for a in answers if a is not top)]
    if analysis.is_list and top.lists_noun and not top.owns_list:
        # « Quels sont les objectifs de la phase 2 ? » is answered by the list of the phase (« la deuxième phase
        # poursuit quatre objectifs : … »), not by a mission's (« La mission avait trois buts : … »)
        owned = [a for a in answers if a.owns_list and a.score >= best - _list_margin(a)]
        if owned:
            top = owned[0]
            answers = [top, *(a for a in answers if a is not top)]
    if (
        asks_partners(analysis)
        and not top.lists_noun
        and not _names_partner_place(top)
        and not (document_chunks and sections_of and partner_entries(analysis, hits, document_chunks, sections_of))
    ):
        # « Qui sont les partenaires de Clamart ? » on a page that lists none (partner_entries finds no list): the
        # sentence that names the partner city of the authority's document (« Le partenariat entre la Ville de
        # Clamart et la Ville d'Artachat… »), when a close one does, not one that says « partenaires » of a festival
        named = [a for a in answers if _names_partner_place(a) and a.score >= best - PARTNER_PLACE_MARGIN]
        if named:
            top = named[0]
            answers = [top, *(a for a in answers if a is not top)]
    if analysis.is_list and _by_other_authority(top, profile):
        # « Avec quelles villes Clamart est-elle jumelée ? » is answered from Clamart's documents (« serment de
        # jumelage … entre Clamart et Artachat »), not by Aix-en-Provence's report of its own twinning that
        # names Clamart in passing, when a close sentence of Clamart's is there
        own = [a for a in answers if a.score >= best - LIST_MARGIN and _by_named_authority(a, profile)]
        if own:
            top = own[0]
    if analysis.is_list:
        if _by_named_authority(top, profile):
            # the items of an authority's list come from its own documents, not from another's that names it
            answers = [top, *(a for a in answers if a is not top and not _by_other_authority(a, profile))]
        chosen = _list_items(top, answers, analysis, max_items=max(max_sentences, LIST_ITEMS))
        follow = _continuation(top, scored, analysis)
        if follow is not None and not any(c is not top and _overlaps(follow, c) for c in chosen):
            # quoted from its context, the best sentence: the list told over two sentences, whole
            chosen = [follow, *(c for c in chosen if c is not top)]
    else:
        chosen = [top]
        # a sentence that holds the value asked (« Combien de lycéens… ? » → « 12 élèves… ») answers alone,
        # unless the question asks two facts (« Qui finance, et pour quel montant ? »)
        one_fact = analysis.type.span_kind is not None and top.answers and not asks_several_facts(analysis.text)
        for s in answers[1:2]:
            # one sentence answers one fact; an open question (« Que s'est-il passé… ? ») takes a
            # second one when the scorer cannot tell them apart and the answer stays short
            words_now = sum(len(c.text.split()) for c in chosen)
            if (
                max_sentences > 1
                and not one_fact
                and s.score >= top.score - SENTENCE_MARGIN
                and words_now + len(s.text.split()) <= SHORT_ANSWER_WORDS
                and not any(_overlaps(s, c) or _same_words(s, c) for c in chosen)
                and (s.states_relation or not top.states_relation)  # not an opening date after the deadline
            ):
                chosen.append(s)
    # the last check: is this answer right? (a confident sentence of the asked type about something else
    # is not: « Quel est le budget du forage de Kaya ? » answered with the budget of another project)
    model = acceptance_model()
    held = _giving_held(top, analysis, giver)
    rivals, pool = answers, scored
    if top.hit.chunk.doc_id in retrieval.named:
        # the answer of a document the question names is weighed against that document's other sentences
        rivals = [a for a in answers if a.hit.chunk.doc_id in retrieval.named]
        pool = [s for s in scored if s.hit.chunk.doc_id in retrieval.named]
    about = (
        passage_keys_of(top.hit.chunk, retrieval.named) | inherited_keys(top.hit.chunk)
        | _subject_line_keys(top.hit.chunk, document_chunks)
    )  # fmt: skip
    if profile.missing_named(about | match_keys(_quoted_text(top))) == 0.0:
        # (only when the quote and what it is about hold every name of the question: « Quel montant l'AFD
        # apporte-t-elle… ? » is not answered by a plan that names no AFD because « montant » stops counting)
        held |= _value_noun_held(top, analysis)
    x = acceptance_features(top, rivals, pool, ev, analysis, profile, turn is not None, about | held, held)
    ev = replace(ev, acceptance=round(model.probability(x), 6), accept_features=tuple(float(v) for v in x))
    # « Quels sont tous les partenaires étrangers de Fontainebleau ? »: a page of the authority that files its
    # partners under a heading answers, whatever sentence was weighed
    entries = (
        partner_entries(analysis, hits, document_chunks, sections_of)
        if document_chunks is not None and sections_of is not None and asks_partners(analysis)
        else []
    )
    # « Qui a signé la convention de 2025 ? », « et qui l'a signée ? »: the signature blocks at the end of the
    # document named, or of the answer's, or of the best passages'
    signed = (
        signatories([*sorted(retrieval.named), top.hit.chunk.doc_id, *(h.chunk.doc_id for h in hits[:ANSWER_PASSAGES])],
                    document_chunks)
        if document_chunks is not None and asks_signatory(analysis)
        else []
    )  # fmt: skip
    # « Qui a signé la convention côté Levuka ? »: that side's block first
    signed = sorted(signed, key=lambda e: not _on_side(e, analysis.folded))
    # « Quels sont les axes de la convention ? » where each axis is an article of its own (« Article 3 – Axe 1 :
    # Forêts… », « Article 4 - Deuxième axe : … », its text below): the numbered lines of the answer's document (or
    # of the best passage's)
    numbered: list[_Quote] = []
    if document_chunks is not None and analysis.is_list and analysis.list_noun:
        documents = [top.hit.chunk.doc_id, *(h.chunk.doc_id for h in hits[:ANSWER_PASSAGES])]
        numbered = [(*e, top.hit.score) for e in numbered_entries(analysis, documents, document_chunks)]
        if not numbered and not top.lists_noun:
            # « Quels sont les axes de la convention de 2022 ? » where each axis is an article with a title of its own
            # (« Article 3 – Miellerie collective ») and no list names them: the convention's thematic articles, the
            # one the question names first
            convention = [*sorted(retrieval.named), *documents]
            numbered = [(*e, top.hit.score) for e in article_entries(analysis, convention, document_chunks)]
    refused = ev.acceptance is not None and ev.acceptance < (model.threshold if accept_floor is None else accept_floor)
    if analysis.is_list and _only_counts(chosen, analysis):
        # « Quels sont les six projets retenus ? » is not answered by « Quatre des six projets retenus étaient portés
        # par des CFA. », nor « liste des 7 projets… » by « 7 projets ont été retenus, dans 9 pays, pour… »: a quote
        # that says how many, and lists none
        refused = True
    if (
        not refused
        and document_chunks is not None
        and _names_absent(chosen, profile, analysis, search_query, turn, _document_keys(document_chunks))
    ):
        # « Quand Brest a-t-elle signé un accord avec la Province de Gandaki ? » is not answered by the Région's
        # accord with Gandaki, nor « …montant 2022… » by a document that never writes 2022: a name or a year the
        # question gives that the answer's documents never write asks about something they do not tell (acronyms
        # aside: « AAP », « COPIL » may be spelt out; only when the documents' passages can be read)
        refused = True
    if not refused and not analysis.is_list and _other_qualifier(chosen, analysis):
        # « coût de la seconde plateforme de compostage » is not answered by the first one's, nor « combien de livres
        # en arabe » by the books in French: the documents do not tell the one asked
        refused = True
    if (
        analysis.is_list
        # (or places, which a list always names: « liste des quartiers d'Ebebiyín ayant un comité de gestion »)
        and (_ASKS_NAMES.search(analysis.folded[:400]) is not None or analysis.list_noun in _NAMED_PLACE_NOUNS)
        # (names the question writes itself aside: « …à Bafatá » names no fontainière)
        and not spans.novel(spans.find(_quoted_text(top), SpanKind.NAME), analysis.folded)
        # (a list whose items open on a capital names them: « - Tamdja ; - Djeleng ; »)
        and _capitalised_items(_quoted_text(top)) < 2
    ):
        # « noms des fontainieres recrutees a bafata » is not answered by « Quatorze femmes du quartier ont été
        # recrutées comme fontainières. »: the names asked, none given (a gathered list may still give them, below)
        refused = True
    # (a document that numbers the entries asked answers, whatever the sentence weighed, when the question names
    # something, the best passages hold every name of it and the entries are the answer's document's or a document's
    # the question names)
    numbered_held = bool(profile.named) and ev.named_missing == 0.0 and any(
        e[0].doc_id == top.hit.chunk.doc_id or e[0].doc_id in retrieval.named for e in numbered
    )
    # « Quels chantiers la délégation a-t-elle visités ? » when no list names them and a passage tells them by ordinals
    # (« Le premier est… Un deuxième chantier… ; le troisième… »): that run of sentences, whole
    # (after a list of something else, « La délégation comptait quatre personnes : - … », a run that names the noun;
    # after a list of the noun itself, only when the check refuses it: « Visite des chantiers du programme. » leads
    # the run in, and is no list)
    told = (
        ordinal_run(analysis, _top_chunks(top, hits, document_chunks), _question_words(search_query, profile),
                    profile.named, _document_keys(document_chunks), noun_only=top.is_block or top.lists_noun)
        if (analysis.is_list or (_asks_process(analysis.folded) and not refused))
        and (refused or not top.lists_noun) and not entries and not signed and len(numbered) < 2
        else None
    )  # fmt: skip
    if refused and not entries and not signed and not numbered_held and told is None:
        return not_found, ev
    if len(chosen) > 2 and all(c.hit.chunk.doc_id == top.hit.chunk.doc_id for c in chosen):
        # the answering sentence first, then the others of its document in the document's order
        chosen = [chosen[0], *sorted(chosen[1:], key=lambda c: c.start)]
    # what is quoted: (passage, start, end, retrieval score), offsets in the document
    quoted = [
        (s.hit.chunk, s.context_start if s.context_start is not None else s.start, s.end, s.hit.score) for s in chosen
    ]
    if (
        analysis.is_list
        and analysis.list_noun in data()["activity_nouns"]
        and document_chunks is not None
        # (« La délégation a visité trois chantiers… Le premier est… » says how many it lists: that list, whole)
        and not (top.lists_noun and count_phrase(fold(analysis.list_noun or "")).search(fold(top.text[:400])))
    ):
        # « Quelles actions la Région mène en Albanie ? » on a page that sorts its actions by theme:
        # the items about the place, under whichever heading they sit
        items = place_items(analysis, hits, document_chunks, HeadingOf(sections_of), max(max_sentences, LIST_ITEMS))
        is_item = any(c.doc_id == top.hit.chunk.doc_id and a <= top.start < b for c, a, b, _ in items)
        if not is_item and _already_quoted(items, quoted) < len(items):
            # (a list already quoted whole is kept, and so is an answer that is itself one of the items:
            # « Quelles actions pour l'eau… ? » may be answered by the one water item)
            quoted = items or quoted
    if signed:
        quoted = [(*e, top.hit.score) for e in signed]
    if entries and (refused or _already_quoted(entries, quoted) < 2):
        # « Quels sont les partenaires de la Ville d'Amiens ? » on a page that files them under their own
        # headings or under « Nos partenaires »: each of them, unless the answer already quotes two
        quoted = entries
    if numbered and (_already_quoted(numbered, quoted) < 2 or (refused and numbered_held)):
        quoted = numbered
    if told is not None:
        quoted = [(*told, top.hit.score)]
    citations = []
    parts: list[str] = []
    for n, (chunk, start, end, score) in enumerate(quoted, start=1):
        text = chunk.text[start - chunk.start : end - chunk.start]
        header = table_header(chunk.text, start - chunk.start)
        citations.append(
            Citation(
                n=n,
                source=chunk.doc_id,
                title=chunk.title,
                section=chunk.section,
                start=start,
                end=end,
                text=text,
                score=round(score, 6),  # the sentence's own score mixes bonuses and often exceeds 1
                passage_start=chunk.start,
                passage_end=chunk.end,
                page=chunk.page,
                date=chunk.metadata.date,
                table_header=header,
            )
        )
        # a table row alone is hard to read (« GrandAngoulême | 45 000 | 55 500 »): each cell after its column's
        # header (« Financeur : GrandAngoulême ; Convention initiale (euros) : 45 000 ; … »); a list's items stay rows
        paired = with_headers(header, text) if header is not None and not analysis.is_list else None
        parts.append(_as_prose(paired or text))
    if analysis.is_list and _one_line(parts):
        # the items read as one sentence, each still cited, in order, by the markers after it
        body = " ; ".join(p.rstrip(".") for p in parts) + ". [" + ", ".join(str(c.n) for c in citations) + "]"
    else:
        body = " ".join(f"{p} [{c.n}]" for p, c in zip(parts, citations, strict=True))
    short = _short_answer(top, analysis) if not analysis.is_list else None
    if signed:
        # the first signatory's name, the last line of its block
        chunk, _, end = signed[0]
        short = chunk.text[: end - chunk.start].rsplit("\n", 1)[-1].strip() or None
    elif asks_signatory(analysis):
        # no signature block: the sentence says who signed in its own words (« entre les deux collectivités »);
        # a name of it picked alone (« Premières Assises ») would be no signatory
        short = None
    answer = Answer(question, search_query, body, False, tuple(citations), hits, short)
    return answer, ev


_Quote = tuple[Chunk, int, int, float]

#: « côté Levuka », « du côté de la ville de Levuka », « pour la partie tongienne » (folded): the side a question asks.
_SIDE = re.compile(r"\bcote\s+(?:de\s+|d')?(?:(?:la|le|les)\s+|l')?([a-z][a-z' -]{0,60})")


_SIDE_NOUNS = frozenset({"ville", "commune", "partie", "part"})


#: How much of a quote is read for a count and its items.
MAX_COUNTED_TEXT = 2000
#: A question that asks how something goes (folded): « Comment se déroule la sélection… ? », « Comment fonctionne… ? »,
#: « How does the selection work? »: its steps, told in sequence (« D'abord… Ensuite… Enfin… »), answer it whole.
_ASKS_PROCESS = re.compile(
    r"^\s*(?:et\s+)?comment\s+(?:se\s+(?:deroulen?t?|passen?t?)|s'organisen?t?|fonctionnen?t?|procede)\b(?!-t-il)"
    # (in the past: « Comment s'est déroulé le chantier… ? », « Comment les berges ont-elles été restaurées ? »)
    r"|^\s*(?:et\s+)?comment\s+(?:s'est|se\s+sont)\s+(?:deroule|passe)(?:e|s|es)?\b"
    r"|^\s*(?:et\s+)?comment\s+[^?]{0,120}?\s(?:s'est-(?:il|elle)|se\s+sont-(?:ils|elles))\s+(?:deroule|passe)"
    # (how a work was done, not how it was paid: « Comment les berges ont-elles été restaurées ? »)
    r"|^\s*(?:et\s+)?comment\s+[^?]{0,120}?\b(?:a-t|ont)-(?:il|elle|ils|elles)\s+ete\s+(?:organis|realis|restaur|men|"
    r"conduit|construit|amenag|rehabilit|renov|prepar|selection|choisi|evalu|install|deploy|remplac|recrut|form|"
    r"accompagn|mis\s+en\s+oeuvre)[a-z]*\b"
    # (« Dans quel ordre se sont déroulés les travaux… ? », « Quelles ont été les étapes du chantier ? »: the sequence)
    r"|^\s*(?:et\s+)?dans\s+quel\s+ordre\b|^\s*(?:et\s+)?quelles\s+(?:ont\s+ete|sont|etaient)\s+les\s+etapes\b"
    r"|^\s*(?:and\s+)?how\s+(?:does|do)\b[^?]{0,200}\bwork\s*\??\s*$"
    r"|^\s*(?:and\s+)?how\s+(?:is|are)\b[^?]{0,200}\b(?:organi[sz]ed|run|carried\s+out)\s*\??\s*$"
)


def _asks_process(folded: str) -> bool:
    """Whether a folded question asks how something goes (see :data:`_ASKS_PROCESS`)."""
    return _ASKS_PROCESS.search(folded[:400]) is not None


#: What separates the items of a list told in one sentence (folded): « , », « ; », « et », « ainsi que ».
_ITEM_SEPARATOR = re.compile(r",\s|;|\s(?:et|ainsi\s+que)\s")


#: A label, a colon, and a short remainder (« Fondation Agir : 10 000 euros sollicités. »). Linear: one colon.
_LABELLED_LINE = re.compile(r"[^:\n]{1,120}:\s*([^:\n]{0,80})")


def _value_line(text: str) -> bool:
    """Whether a sentence is a label and a value: a colon, then at most eight words that open on an amount, a number or
    a date (a row of a financing table or of a programme), which defines nothing (« Cités Unies France : réseau de
    500 collectivités… » does)."""
    m = _LABELLED_LINE.fullmatch(text.strip())
    if m is None or len(m.group(1).split()) > 8:
        return False
    rest = m.group(1)
    # (« le 12 mars 2025 », « en 2025 »: an article or a preposition may come first)
    kinds = (SpanKind.AMOUNT, SpanKind.NUMBER, SpanKind.DATE)
    return any(s.start <= 4 for kind in kinds for s in spans.find(rest, kind))


def _tie_names(question: str) -> list[tuple[str, str | None]]:
    """The keys of the names a twinning question ties (« Depuis quand la Ville de Limoges est-elle jumelée avec Dapaong
    (Togo) ? » → Limoges, Dapaong): not a generic capitalised word (« Ville ») nor a country, which a sentence about
    the tie need not repeat, nor « Saint » (« St-Omer »)."""
    return [
        term_keys(w)
        for w in named_words(question)
        if fold(w) not in NOT_NAMES and fold(w) not in ("saint", "sainte") and not countries_mentioned(w)
    ]


def _names_around(c: Candidate) -> set[str]:
    """The keys of a quote with its context, its document's title and headings, and the names its document gives
    it (see :func:`inherited_keys`)."""
    chunk = c.hit.chunk
    return match_keys(" ".join((_quoted_text(c), chunk.title, chunk.section))) | inherited_keys(chunk)


#: A list question that asks the names themselves (folded): « les noms des… », « liste des… », « nommer les… ».
_NAMES_ASKED = re.compile(r"\b(?:les\s+)?noms\s+d(?:es|e|u)\b|^\s*(?:la\s+)?liste\s+d(?:es|e|u)\b|\bnommer\b")


def _only_counts(chosen: Sequence[Candidate], analysis: QuestionAnalysis) -> bool:
    """Whether the quotes of a list question that counts its noun (« les trois acueductos ») say how many without
    listing them: one restates a count of the noun (« portera sur trois acueductos des barrios les plus élevés, où… »)
    and none is a list (a block of items, or a colon or enough separators after the count that open no clause: one for
    two items, two for more: « Les trois villages retenus sont Ivato, Belo et Soavina. », not « 14 projets ont été
    retenus, dans 9 pays, pour… »)."""
    noun = asked_list_noun(analysis)  # (« les noms des huit apprentis »: apprentis)
    count = list_count(analysis.folded, noun) if noun else None
    # « Quels sont les noms des coopératives… ? », « liste des villages… »: the names are asked, a count does not give
    # them, whether the question counts the noun or not
    names_asked = noun is not None and _NAMES_ASKED.search(analysis.folded[:400]) is not None
    if noun is None or (count is None and not names_asked):
        # (a list question that gives no count, « quels collèges participent… ? », may be answered by « Trois collèges
        # participent. » and the sentences after it that name them)
        return False
    two = count in ("deux", "2")
    phrase = count_phrase(noun)
    restated = False
    for c in chosen:
        text = fold(_quoted_text(c))[:MAX_COUNTED_TEXT]
        m = phrase.search(text)
        if c.is_block:
            # a block of items lists them, unless the count stands in one of its items, which is about something
            # else (« la coopération a permis : - la création de 12 coopératives rizicoles, regroupant… ; - la
            # certification… » for « les noms des 12 coopératives »)
            # (the lead-in's colon: the last one before the first item, not a label's, « Objet : … »)
            first_end = _ITEM_END.search(text)
            lead = text.rfind(":", 0, first_end.start()) if first_end else -1
            lead = lead if lead >= 0 else text.find(":")
            if m is None or lead < 0 or m.start() < lead:
                return False
            # the item that holds the count, from the end of the one before it to its own end
            start = max([lead + 1, *(e.end() for e in _ITEM_END.finditer(text, lead + 1, m.start()))])
            end = _ITEM_END.search(text, m.end())
            item = text[start : end.start() if end else len(text)]
            counted = phrase.search(item)
            if counted is None or _lists_around(item, counted, two):
                return False
            restated = True
            continue
        if m is None:
            continue
        if _lists_around(text, m, two):
            return False
        restated = True
    return restated


#: What a parenthesis of a question holds (bounded, one level: linear).
_PARENTHESIS = re.compile(r"\(([^()]{0,200})\)")
#: A year a question asks about (« en 2022 », « l'édition 2024 ? », « en 2021, … »), not the end of a range
#: (« 2025-2028 »), a decimal or a part of a longer number (« 2 000,50 », « 12.2024 »), nor an amount or a count
#: (« 2000 euros », « 1990 habitants »).
_ASKED_YEAR = re.compile(
    r"(?<![\d/.,–-])((?:19|20)\d\d)(?![\d/]|[.,]\d)"
    r"(?!\s*(?:€|\$|%|[kM]€|euros?\b|eur\b|dollars?\b|francs?\b|fcfa\b|cfa\b|habitants?\b|personnes?\b|"
    r"km\b|kilom|hectares?\b|ha\b|tonnes?\b|litres?\b|(?-i:m)[23²³]?\b|mètres?\b|metres?\b|élèves\b|eleves\b|"
    r"enfants\b|familles\b|foyers\b|ménages\b|menages\b|bénéficiaires\b|beneficiaires\b|exemplaires\b|"
    r"arbres\b|plants\b|lits\b|places\b|repas\b|heures\b|jours\b|participants\b|visiteurs\b|membres\b))",
    re.IGNORECASE,
)


def _names_absent(
    chosen: Sequence[Candidate],
    profile: QuestionProfile,
    analysis: QuestionAnalysis,
    search_query: str,
    turn: str | None,
    document_keys: Callable[[Chunk], set[str]],
) -> bool:
    """Whether a name of the question or a year it asks about is written nowhere in the documents of the quotes (their
    first :data:`DOCUMENT_PASSAGES` passages), their titles, headings and metadata (a follow-up's years are those of
    the user's own words, ``turn``). Acronyms aside (« AAP », « PACA » may be spelt out), names in a parenthesis,
    capitalised common words and « Saint », and the names of an English question (« Eastern Province » is written in
    French)."""
    names: list[tuple[str, str | None]] = [(y, None) for y in _ASKED_YEAR.findall((turn or search_query)[:400])]
    if analysis.language != "en":
        # (the words of both the user's turn and the query it was rewritten to: the profile's names come from either)
        asked = [search_query[:400], *([turn[:400]] if turn else [])]
        written = [w for text in asked for w in named_words(text)]
        acronyms = {term_keys(w) for w in written if w.isupper() and len(w) <= ACRONYM_LETTERS}
        # (nor the words of a parenthesis, which spells out or places: « FICP (Fichier national des Incidents…) »)
        glossed_text = " ".join(["et", *(p for t in asked for p in _PARENTHESIS.findall(t))])
        glossed = {term_keys(w) for w in named_words(glossed_text)}
        # (nor a capitalised common word, « la Région », nor « Saint », spelt « St- » as often)
        common = {term_keys(w) for w in written if fold(w) in NOT_NAMES or fold(w) in ("saint", "sainte")}
        names += [n for n in profile.named if n not in acronyms and n not in glossed and n not in common]
    if not names or not chosen:
        return False
    keys = set().union(*(document_keys(c.hit.chunk) for c in chosen))
    return any(not holds_key(st, pre, keys) for st, pre in names)


@cache
def _ordinal_classes() -> dict[str, int]:
    """Each ordinal of ``ordinal_classes`` (answering.json) → its rank's class."""
    return {w: k for k, words_ in enumerate(data()["ordinal_classes"]) for w in words_}


@cache
def _ordinal_then_noun() -> re.Pattern[str]:
    """An ordinal and the noun it qualifies, an adjective maybe between (« seconde plateforme », « premier site de
    compostage »), folded."""
    ordinals = "|".join(sorted(_ordinal_classes(), key=len, reverse=True))
    return re.compile(rf"\b({ordinals})\s+([a-z]+)(?:\s+([a-z]+))?")


#: Ranks are written in letters and digits (folded): « cinquieme », « 5e », « 1er ».
@cache
def _rank_tokens() -> re.Pattern[str]:
    """A word of letters and digits, and the month right after it, if any (the lexicon's months, folded)."""
    months = "|".join(sorted({fold(m) for m in lexicon().months}, key=len, reverse=True))
    return re.compile(rf"([a-z0-9]+)(\s+(?:{months})\b)?")


#: « en » or « langue » and a word (folded): a language (« en arabe », « la langue wolof »).
_IN_WORD = re.compile(r"\b(?:en|langues?)\s+([a-z]+)\b")
#: Nouns an ordinal qualifies in set phrases, not a rank of the thing asked (« pour la première fois »).
_NOT_RANKED = frozenset({"fois", "temps", "lieu", "plan", "rang", "abord", "vue", "ordre"})


@cache
def _language_classes() -> dict[str, int]:
    """Each name of a language of ``languages`` (answering.json) → its language (« arabe », « darija »: one)."""
    return {w: k for k, names in enumerate(data()["languages"]) for w in names}


def _other_qualifier(chosen: Sequence[Candidate], analysis: QuestionAnalysis) -> bool:
    """Whether the quotes qualify what is asked otherwise than the question, by a word that excludes the question's:
    another rank of the same noun (« La première plateforme… » for « le coût de la seconde plateforme ») or another
    language (« 8 200 livres en français » for « combien de livres en arabe »), the question's own written nowhere
    in them. Not for a definition (« Que veut dire fanm saj en français ? »)."""
    if analysis.language != "fr" or not chosen or analysis.type is AnswerType.DEFINITION:
        return False
    question = analysis.folded[:400]
    text = fold(" ".join(_quoted_text(c) for c in chosen))[:MAX_COUNTED_TEXT]
    ranks = _ordinal_classes()
    # (« 5e », « 1er » hold digits: words of letters and digits)
    # (not the « 1er » of a date: « inaugurée le 1er mars 2025 » writes no rank)
    written_ranks = {ranks[m.group(1)] for m in _rank_tokens().finditer(text) if m.group(1) in ranks and not m.group(2)}
    for m in _ordinal_then_noun().finditer(question):
        asked, noun = ranks[m.group(1)], m.group(2)
        if len(noun) < 3 or noun in stopwords() or noun in _NOT_RANKED or asked in written_ranks:
            continue
        # the ranks the quotes give that noun (« la première plateforme », « le premier grand site »)
        given = {
            ranks[g.group(1)]
            for g in _ordinal_then_noun().finditer(text)
            if noun[:5] in (g.group(2)[:5], (g.group(3) or "")[:5])
        }
        if given and asked not in given:
            return True
    languages = _language_classes()
    asked_languages = {languages[w] for w in _IN_WORD.findall(question) if w in languages}
    if asked_languages:
        written = {languages[w] for w in _IN_WORD.findall(text) if w in languages}
        if written and not written & asked_languages:
            return True
    return False


def _item_separators(text: str) -> int:
    """How many separators of a folded sentence may part items: not those that open a clause (« 14 projets ont été
    retenus, dans 9 pays, pour une aide moyenne… »: ``clause_openers``), unless the same preposition or article opens
    every item, the last one after « et » (« du riz, du maïs et du manioc », « à Ivato, à Belo et à Soavina »:
    ``item_openers``)."""
    d = data()
    openers, item_openers = set(d["clause_openers"]), set(d["item_openers"])
    opened: list[tuple[str, bool]] = []  # the opener after each separator that has one, and whether it is « et »
    n = 0
    for m in _ITEM_SEPARATOR.finditer(text):
        after = re.match(r"\s*([a-z]+)", text[m.end() : m.end() + 40])
        if after is not None and _INFINITIVE_ITEM.match(text, m.end()):
            # (« étendre le programme à quatorze villages, créer une pépinière… et former des gardes »: the objectives
            # after the count are clauses, not the villages)
            opened.append((after.group(1), False))
        elif after is None or after.group(1) not in openers:
            n += 1
        else:
            opened.append((after.group(1), not m.group().startswith((",", ";"))))
    repeated = Counter(w for w, _ in opened)
    last = {w for w, is_and in opened if is_and}
    return n + sum(k for w, k in repeated.items() if k > 1 and w in item_openers and w in last)


#: An infinitive and its object's article after a separator (folded): « , créer une pépinière », « et former des
#: gardes ».
_INFINITIVE_ITEM = re.compile(
    # (not a month, « septembre 2024 », nor a noun in -re/-er: « le centre, le quartier… »)
    r"\s*(?!(?:septembre|octobre|novembre|decembre|centre|quartier|atelier|chantier|premier|dernier|foyer|cahier)\b)"
    r"[a-z]{2,}(?:er|ir|re)\s+(?:le|la|les|l'|un|une|des|du)\b"
)
#: The end of an item of a block (folded): « ; », a line, or a bullet.
_ITEM_END = re.compile(r";|\n|\s[-–•*]\s")
#: What names the items before their count (folded): « Ivato, Belo et Soavina sont les trois villages retenus ».
_ITEMS_BEFORE = re.compile(r"\b(?:sont|seront|etaient|furent|forment|constituent)\s+(?:les|nos|leurs|ses|ces)\s+$")


def _lists_around(text: str, count: re.Match[str], two: bool) -> bool:
    """Whether a sentence that restates a list's count names its items: after it (a colon, or separators: « et » for
    two items, two separators for more), or before it (« Ivato, Belo et Soavina sont les trois villages… »)."""
    after = text[count.end() :]
    if ":" in after:
        return True
    if two:
        if re.search(r"\set\s", after):
            return True
    elif _item_separators(after) >= 2:
        return True
    before = text[: count.start()]
    return _ITEMS_BEFORE.search(before) is not None and _item_separators(before) >= 1


def _on_side(block: tuple[Chunk, int, int], question: str) -> bool:
    """Whether a signature block names the side a question asks (« côté Levuka »: « Pour le Levuka Town Council, »)."""
    m = _SIDE.search(question[:400])
    if m is None:
        return False
    chunk, start, end = block
    text = fold(chunk.text[start - chunk.start : end - chunk.start])
    # (its first two words that name it: « côté Levuka Town Council », not the rest of the question)
    side = [w for w in re.findall(r"[a-z]{3,}", m.group(1)) if w not in stopwords() and w not in _SIDE_NOUNS][:2]
    return any(re.search(rf"(?<![a-z]){re.escape(w[:6])}", text) for w in side)


def _under_later_edition(answer: Candidate, editions: set[str], phrase: str, next_date: str | None) -> bool:
    """Whether ``answer`` comes from a document that is no edition but is dated on or after ``next_date`` (the
    edition after the one asked), and its quote neither names the edition asked (``phrase``) nor a year
    before that next edition: it speaks of the later one."""
    chunk = answer.hit.chunk
    if next_date is None or chunk.doc_id in editions:
        return False
    if chunk.metadata.date:
        if chunk.metadata.date < next_date:
            return False
    else:
        # undated: the year its title or file name gives (« Rapport d'activité 2025 », « …-2025.md »), if later
        named = [int(y) for y in ANY_YEAR.findall(f"{chunk.title} {chunk.doc_id}")]
        if not named or max(named) <= int(next_date[:4]):
            return False
    quoted = fold(_quoted_text(answer))
    earlier = any(int(y) < int(next_date[:4]) for y in ANY_YEAR.findall(quoted))
    return phrase not in quoted and not earlier


def _edition_asked(
    folded: str, hits: Sequence[Hit], profile: QuestionProfile
) -> tuple[str, set[str], str, str | None] | None:
    """Which of a partnership's successive agreements « la première / deuxième / nouvelle convention » asks
    about: (its document, every edition's document, the words that name it, the date of the edition after
    it or None), when the retrieved passages come from two dated documents or more whose title or file name
    holds the noun and that name the question's names; else None."""
    m = edition_pattern().search(folded)
    renewed = renewed_noun(folded) if m is None else None
    if m is None and renewed is None:
        return None
    # (« the renewed Lectoure-Boromo cooperation agreement », « la convention de coopération renouvelée »: names or
    # a complement between the adjective and the noun, the latest edition)
    noun = (m.group("noun") or m.group("noun2") or "") if m else renewed or ""
    adjective = (m.group("before") or m.group("after") or "") if m else "renouvelee"
    table = data()["editions"]
    stems = edition_nouns(noun)
    dated: dict[str, str] = {}
    for hit in hits[:ANSWER_PASSAGES]:
        chunk = hit.chunk
        # the document is an agreement itself (« CONVENTION DE COOPÉRATION… », « …-convention-2019.txt »), not a
        # deliberation or a note whose title speaks of one
        title, id_words = fold(chunk.title), re.split(r"[\W_]+", fold(chunk.doc_id))
        is_edition = any(title.startswith(stem) or stem in id_words for stem in stems)
        # an amendment (« Avenant n° 1 à la convention… », « …-avenant-convention-2021.txt ») is no edition
        named_words = {*re.findall(r"[a-z]+", fold(chunk.title)), *re.split(r"[\W_]+", fold(chunk.doc_id))}
        amended = set(table["amendments"]) & named_words
        is_edition = is_edition and not amended
        date = _edition_date(chunk)
        if date and is_edition and profile.missing_named(match_keys(chunk.embed_text)) == 0:
            dated[chunk.doc_id] = date
    if len(dated) < 2:
        return None
    ordered = sorted(dated, key=lambda d: dated[d])
    if adjective in table["first"]:
        asked = ordered[0]
    elif adjective in table["second"]:
        asked = ordered[1]
    elif adjective in table["previous"]:
        asked = ordered[-2]  # « la précédente convention »: the one before the latest
    else:
        asked = ordered[-1]
    if sum(date == dated[asked] for date in dated.values()) > 1:
        return None  # two editions of the same date: which one is asked cannot be told
    later = [dated[d] for d in ordered if dated[d] > dated[asked]]
    phrase = m.group(0) if m else f"{stems[0]} renouvelee"
    return asked, set(ordered), phrase, min(later) if later else None


def _edition_date(chunk: Chunk) -> str | None:
    """The date of an agreement's document: the one its reader found, or else the year its title or file name gives
    (« …-convention-2019.txt »)."""
    named_years = ANY_YEAR.findall(f"{chunk.title} {chunk.doc_id}")
    return chunk.metadata.date or (min(named_years) if named_years else None)


def _edition_years(hits: Sequence[Hit], asked: str, editions: set[str]) -> tuple[set[str], set[str]]:
    """The years of the asked edition's date and of the other editions' (from the retrieved passages' documents,
    dated as :func:`_edition_asked` dates them)."""
    dates = {h.chunk.doc_id: _edition_date(h.chunk) or "" for h in hits if h.chunk.doc_id in editions}
    own = _years(dates.get(asked, ""))
    return own, {y for d, date in dates.items() if d != asked for y in _years(date)}


#: A date written to the day or the month (folded): « 18 novembre 2019 », « 06/06/2023 », « juin 2023 » (the months
#: of ``data/french.json``).
_FULL_DATE = re.compile(
    r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\b(?:" + "|".join(re.escape(fold(m)) for m in lexicon().months) + r")\b"
)


def _full_dates(typed: Sequence[spans.Span]) -> Sequence[spans.Span]:
    """The spans of ``typed`` written to the day or the month, when some are; all of them otherwise."""
    full = [t for t in typed if _FULL_DATE.search(fold(t.text))]
    return full or typed


def _years(text: str) -> set[str]:
    """The years ``text`` writes."""
    return set(ANY_YEAR.findall(text))


def _asks_latest(phrase: str) -> bool:
    """Whether an edition phrase of the question (« la convention renouvelée », « the new agreement ») asks the
    latest edition, by default of a first, second or previous one."""
    m = edition_pattern().search(phrase)
    table = data()["editions"]
    adjective = (m.group("before") or m.group("after") or "") if m else ""
    return m is not None and not any(adjective in table[k] for k in ("first", "second", "previous"))


def _names_earlier_edition(folded: str) -> bool:
    """Whether a folded quote names an agreement by an earlier rank (« une première convention », « l'ancien
    accord ») and none by the latest (« la présente convention », « la nouvelle convention »)."""
    table = data()["editions"]
    adjectives = [m.group("before") or m.group("after") or "" for m in edition_pattern().finditer(folded)]
    earlier = any(a in table["first"] or a in table["previous"] for a in adjectives)
    latest = any(a in table["latest"] for a in adjectives) or _PRESENT_EDITION.search(folded) is not None
    return earlier and not latest


#: « la présente convention », « le présent accord » (folded): the agreement that is speaking.
_PRESENT_EDITION = re.compile(r"\b(?:la\s+presente|le\s+present)\s+(?:convention|accord)\b")


def _already_quoted(found: Sequence[_Quote], quoted: Sequence[_Quote]) -> int:
    """How many of the ``found`` quotes the answer's ``quoted`` ones already hold (folded text)."""
    already = fold(" ".join(c.text[a - c.start : b - c.start] for c, a, b, _ in quoted))
    return sum(fold(c.text[a - c.start : b - c.start]) in already for c, a, b, _ in found)


def _unknown_year(query: str, lexical: LexicalIndex, hits: Sequence[Hit]) -> bool:
    """Whether the question names a year that no document of the corpus writes (« …en 2034 ? »), nor the
    retrieved passages cover by a period (« 2024-2026 » holds 2025)."""
    years = asked_years(fold(query))
    if not years:
        return False
    unknown = {y for y in years if not lexical.df.get(y, 0)}
    if not unknown:
        return False
    for hit in hits[:ANSWER_PASSAGES]:
        for a, b in periods(fold(hit.chunk.text)):
            unknown = {y for y in unknown if not int(a) <= int(y) <= int(b)}
    return bool(unknown)


#: A word of a question, hyphens kept (« sous-traitant »: known if one of its parts is).
_QUESTION_WORD = re.compile(r"[^\W\d_][\w-]*")


@lru_cache(maxsize=1)
def _undetermined() -> dict[str, re.Pattern[str]]:
    """By answer type, a noun of what is asked followed, in the same clause, by « reste à fixer », « n'est pas
    encore choisi », « seront discutées au prochain comité »… (see the « undetermined » table); « une date à préciser »
    too."""
    table = data()["undetermined"]
    to_do = "|".join(table["to_do"])
    done = "|".join(table["done"])
    verb = (
        rf"\b(?:restent?\s+a|a)\s+(?:{to_do})\b"
        rf"|\b(?:n'est|ne\s+sont|n'a|n'ont|non)\s+(?:pas\s+)?encore\s+(?:ete\s+)?(?:{done})e?s?\b"
        # (left to a later meeting: « Ses dates… seront discutées au prochain comité de pilotage », « …sera arrêté
        # ultérieurement »; not « sera fixée au 12 mars », which gives it)
        rf"|\b(?:sera|seront)\s+(?:{done}|discute|etudie|examine)e?s?\s+(?:ulterieurement|plus\s+tard|prochainement"
        r"|lors\s+d|au\s+prochain|a\s+la\s+prochaine|par\s+le\s+prochain|en\s+comite)"
    )
    return {
        # (not « l'ordre du jour sera arrêté lors du prochain comité »: the agenda, no date)
        kind: re.compile(rf"\b(?<!ordre du )(?:{'|'.join(nouns)})\b[^.;!?]{{0,60}}?(?:{verb})")
        for kind, nouns in table["nouns"].items()
    }


#: « dans quel local », « quelle salle » (folded): the noun a question of no other type asks for.
_WHICH_NOUN = re.compile(r"\bquel(?:le)?s?\s+([a-z]+)\b")


#: A sentence that opens on a possessive or a pronoun of the thing just spoken of (« Ses dates… », « Sa date… »,
#: « Leur coût… »).
_POSSESSIVE_OPENING = re.compile(r"\s*(?:Ses|Sa|Son|Leurs?|Celle-ci|Celui-ci|Cette\s+date)\b")


def _left_open(text: str, analysis: QuestionAnalysis) -> bool:
    """Whether ``text`` says the value of the asked type is not known yet (« sa date reste à fixer »); a question of
    no type asks by its noun (« Dans quel local… ? » is answered « le local exact n'est pas encore choisi »)."""
    kind = analysis.type.value
    if analysis.type is AnswerType.OTHER and (which := _WHICH_NOUN.search(analysis.folded[:400])) is not None:
        nouns = data()["undetermined"]["nouns"]
        kind = next((k for k, words in nouns.items() if which.group(1) in words), kind)
    pattern = _undetermined().get(kind)
    return pattern is not None and pattern.search(fold(text[:MAX_UNDETERMINED_CHARS])) is not None


#: A verb in a compound past, active or passive (« ont été replantés », « a accueilli », « ont depuis signé »), on
#: folded text: the sentence states what was done.
_DONE = re.compile(
    r"\b(?:a|ont|avait|avaient)\s+(?:(?:deja|depuis|bien|ainsi|aussi|donc|enfin|finalement)\s+)?(?:ete\s+)?"
    r"([a-z]+(?:e|es|ee|ees|i|is|it|its|u|us|ert|erts))\b"
)
#: The same with « être » (« le comité s'est réuni le 7 octobre », « les élus se sont rendus… »), folded.
_DONE_REFLEXIVE = re.compile(
    # (not before an infinitive's « à », « pour », « de »: « se sont engagés à verser » promises)
    r"\b(?:s'est|se\s+sont|s'etait|s'etaient)\s+([a-z]+(?:e|es|ee|ees|i|is|u|us))\b(?!\s+(?:@|a|pour|de|d')\s*[a-z]+(?:er|ir|re)\b)"
    # and a verb of motion (« seize collégiens sont partis à Dori »)
    r"|\b(?:est|sont|etait|etaient)\s+((?:parti|venu|alle|arrive|rentre|revenu|retourne|descendu)(?:e|s|es)?)\b"
)
_LONE_A = re.compile(r"(?<!\w)[àÀ](?!\w)")
_NOT_PARTICIPLES = frozenset(("lieu", "une", "cette", "elle", "celle", "comme", "entre", "autre", "notre", "votre"))
#: A verb in the future tense (« accueillera », « planteront »), on folded text.
_FUTURE = re.compile(r"\b(?:[a-z]{3,}(?:era|eront|ira|iront|dra|dront)|aura|auront|sera|seront)\b")


#: « à Totota », « au Cap-Vert »: a place a sentence says something happens in (as written; not « en », which
#: comes before too many capitalised words that are no place: « en Seconde », « en Mars »).
_IN_PLACE = re.compile(r"(?<!\w)(?:à|au|aux)\s+([A-ZÀ-ÖØ-Þ][\w'’-]{2,})")


#: A clitic that stands for a place or a thing named before (« y ont pris part », « en ont bénéficié »).
_CLITIC = re.compile(r"\b(?:y|en)\s+(?:ont|a|sont|est|avaient|avait|participent|participe)\b", re.IGNORECASE)


def _names_any_around(c: Candidate, named: Sequence[tuple[str, str | None]]) -> bool:
    """Whether the quote of ``c`` (with the sentence it leans on) names one of ``named``; for a table row, its passage's
    title or section too (« Demandes de télé-expertise | 214 » in a note titled « …pilote TéléUzima »: a row says no
    more than its table's subject, a sentence names what it speaks of)."""
    chunk = c.hit.chunk
    around = f"{chunk.title} {chunk.section}" if " | " in c.text else ""
    if _CLITIC.search(c.text):
        # « Quinze villes françaises y ont pris part. »: « y » stands for what the sentence before names
        around += " " + " ".join(s.text for s in chunk.sentences if s.end <= c.start)[-300:]
    keys = match_keys(f"{_quoted_text(c)} {around}")
    return any(holds_key(st, pre, keys) for st, pre in named)


def _lacked(c: Candidate, named: Sequence[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """The names of ``named`` the quote of ``c`` (with the sentence it leans on) does not hold."""
    keys = match_keys(_quoted_text(c))
    return [(st, pre) for st, pre in named if not holds_key(st, pre, keys)]


def _elsewhere(c: Candidate, named: Sequence[tuple[str, str | None]], question: str) -> bool:
    """Whether the quote of ``c`` lacks a name of the question and says where it happens with a place the
    question does not name (« Une seconde MFR a ouvert à Totota… » asked of Gbarnga). The quote that holds the
    names it lacks is then preferred, when a close one does."""
    if not _lacked(c, named):
        return False
    text = _quoted_text(c)
    if "\n" in text and c.typed:
        # in a list, its lead-in and the items that hold a value of the asked type: « - le prochain COPIL se tiendra
        # à Perpignan » says nothing of where the item above happens (« - l'agence Erasmus+ a accordé 72 000 euros… »),
        # « Une seconde MFR a ouvert à Totota : » says where all its items are
        text = "\n".join(
            line
            for line in text.split("\n")
            if LEADING_BULLETS.match(line) is None or any(t.text in line for t in c.typed)
        )
    return any(fold(m.group(1)) not in question for m in _IN_PLACE.finditer(text))


def _stated_for_other_time(answer: Candidate, scored: Sequence[Candidate], analysis: QuestionAnalysis) -> bool:
    """Whether a sentence of the answer's document that scores better states a value of the asked type of another
    year than the one asked (and so was no answer), above an answer that names no year asked: the document says
    the asked thing of other years only, and the answer found below is something else."""
    years = asked_years(analysis.folded)
    kind = analysis.type.span_kind
    if not years or kind is None:
        return False

    def names_year(c: Candidate) -> bool:
        start = c.context_start if c.context_start is not None else c.start
        quoted = fold(c.hit.chunk.text[start - c.hit.chunk.start : c.end - c.hit.chunk.start])
        return any(re.search(rf"(?<!\d){y}(?!\d)", quoted) for y in years)

    # (a value of the asked kind, not a count for an amount; and no asked year in it: « le programme 2022-2024 »
    # may speak of 2024)
    dated = [
        s for s in scored
        if s.other_time and s.hit.chunk.doc_id == answer.hit.chunk.doc_id and any(t.kind is kind for t in s.typed)
        and not names_year(s)
    ]  # fmt: skip
    # (the answer's own document may name the year in its title or section: « Appel à projets 2023 »; a year inside a
    # number or a date is none: « Délibération n° 2023-37 », written on « 2023-11-20 », speaks of other years too)
    chunk = answer.hit.chunk
    where = fold(" ".join([chunk.title, chunk.section]))
    if any(re.search(rf"(?<![\d-]){y}(?![\d-])", where) for y in years):
        return False
    return bool(dated) and max(s.score for s in dated) > answer.score and not names_year(answer)


#: « depuis » and at most eight words of its clause, right before a date (folded): a past the date starts.
_SINCE = re.compile(r"\bdepuis\b(?:\s+[^\s.;:,]+){0,8}\s*$")


def _misses_target(answers: Sequence[Candidate], analysis: QuestionAnalysis) -> bool:
    """Whether a count or amount question asks a target (« …doit-elle replanter ? », « combien sont prévus ? »; the
    « target » table), or a date question the next time (« date prochain copil »), and the best answering sentence
    states only what was done (a compound past, no word of plan or future), while no sentence as close
    (:data:`RELATION_MARGIN`) states one."""
    if not answers:
        return False
    tokens = set(_TOKENS.findall(analysis.folded[:400]))
    if analysis.type in (AnswerType.NUMBER, AnswerType.AMOUNT):
        cues = data()["target"]["question_cues"]
    elif analysis.type is AnswerType.DATE:
        cues = data()["target"]["next_cues"]  # « date prochain copil »: the next one's date
    else:
        return False
    if tokens.isdisjoint(cues):
        return False
    top = answers[0]
    if _plans(top) or any(_plans(a) for a in answers[1:] if a.score >= top.score - RELATION_MARGIN):
        return False
    if analysis.type is AnswerType.DATE and not set(_TOKENS.findall(fold(_quoted_text(top)))).isdisjoint(cues):
        return False  # « La date du prochain comité a été fixée au 5 mars » speaks of the next one itself
    # (« Depuis les premières missions menées en 2019… » dates the first ones: a date after « depuis » is past)
    since = (
        analysis.type is AnswerType.DATE
        and bool(top.typed)
        and all(_SINCE.search(fold(top.text[: t.start])) for t in top.typed)
    )
    return _states_done(top) or bool(since)


def _says_act(sentence: str, participle: str) -> bool:
    """Whether a folded sentence says the act of an asked participle: a word that opens like it (its first five letters,
    « financ » for « financé ») or like a verb of the same kind of act (``act_verbs``: « prorogée » for « prolongée »,
    « pris part » for « participé »); true when the participle is too short to tell (« allés »)."""
    stem = participle[: min(5, len(participle) - 2)]
    if len(stem) < 4:
        return True  # (too short to tell by its opening: « allés », « créé »)
    kin = [w for family in data()["act_verbs"]["families"] if any(participle.startswith(k) for k in family)
           for w in family]  # fmt: skip
    tokens = _TOKENS.findall(sentence)
    return any(w.startswith(stem) for w in tokens) or any(
        (" " in k and k in sentence) or any(w.startswith(k) for w in tokens) for k in kin
    )


def _dates_other_act(top: Candidate, analysis: QuestionAnalysis) -> bool:
    """Whether the sentence put first for « Quand… a-t-il été <participe> ? » dates another act: it says the asked
    verb in no word (« financé », « financement ») nor a verb of its kind of act (``act_verbs``: « prorogée » for
    « prolongée »), no event of its kind, and states something else done in its
    own compound past (« un projet global… a été élaboré »). A participle too short to tell by its opening (« créé »)
    is not judged."""
    asked = _ASKS_DONE.search(analysis.folded[:400])
    if asked is None or not top.typed:
        return False
    participle = asked.group().rsplit(" ", 1)[-1]
    stem = participle[: min(5, len(participle) - 2)]
    if len(stem) < 4 or participle.startswith(_GENERAL_VERBS):
        return False  # (« réalisée », « menée », « officialisé » may be said by any verb)
    sentence = fold(_LONE_A.sub("@", top.text[:MAX_UNDETERMINED_CHARS]))
    if _names_asked_subject(sentence, analysis):
        return False  # « Les travaux de réhabilitation de l'école de Kakpa ont été achevés… » speak of the school
    if _says_act(sentence, participle):
        return False
    if any(p.search(sentence) for p in asked_events(analysis.folded)):
        return False  # « a-t-elle été inaugurée ? » → « …a ouvert ses portes le 5 mai »
    # (its own compound past, read as written: « a été élaboré », not « il y avait foule », which folding would read
    # as one)
    done = [fold(m.group(1)) for m in _WRITTEN_DONE.finditer(top.text[:MAX_UNDETERMINED_CHARS].lower())]
    return bool(done) and not any(w.startswith(stem) for w in done)


#: A compound past or a passive as written (lower case, accents kept): an auxiliary, maybe « été », and a participle
#: whose ending an accent or its letters tell (« a été élaboré », « ont planté », « est arrivée »); bounded: linear.
_WRITTEN_DONE = re.compile(
    r"\b(?:a|ont|avait|avaient|est|sont|était|étaient)\s+(?:(?:déjà|bien|ainsi|aussi|enfin|finalement)\s+)?"
    r"(?:été\s+)?([a-zà-ÿ]+(?:é|ée|és|ées|is|ies|ue|ues|it|its|ert|erts))\b"
)


def _says_verb(c: Candidate, stem: str) -> bool:
    """Whether the sentence of ``c`` has a word that opens like the asked participle (``stem``, its first five
    letters, folded: « rehab » for « réhabilités »); any sentence when the question's is too short to tell."""
    return len(stem) < 4 or any(w.startswith(stem) for w in _TOKENS.findall(fold(c.text)))


def _plans(c: Candidate) -> bool:
    """Whether the quote speaks of a plan or the future (« doit », « prévu », « attendue », « accueillera »)."""
    folded = fold(_quoted_text(c)[:MAX_UNDETERMINED_CHARS])
    cues = data()["target"]["sentence_cues"]
    # (a verb's future is read in the words written in lower case: « du Guairá » is a name, no « -ira » future)
    common = fold(" ".join(w for w in _quoted_text(c)[:MAX_UNDETERMINED_CHARS].split() if not w[:1].isupper()))
    return not set(cues).isdisjoint(_TOKENS.findall(folded)) or _FUTURE.search(common) is not None


#: A short list item that opens on a capitalised word (« - Tamdja ; », « • Djeleng », « - Kouka Dawa. »): at most
#: four words, then the item's end.
_CAPITALISED_ITEM = re.compile(
    r"(?m)^[ \t]*[-–•*][ \t]*([A-ZÀ-ÖØ-Þ][^\W\d_'’-]*)(?:[ '’-][^\s;,.]+){0,3}[ \t]*[;,.]?[ \t]*$"
)


def _capitalised_items(text: str) -> int:
    """How many short list items of ``text`` open on a capitalised word that is no common word (« - Tamdja ; », not
    « - Quatorze femmes du quartier ont été recrutées ; » nor « - Elles tiennent la caisse »)."""
    return sum(fold(m.group(1)) not in stopwords() for m in _CAPITALISED_ITEM.finditer(text[:MAX_COUNTED_TEXT]))


#: The list nouns of places (folded) whose items a list always names (« Annai, Aranaputa et Karasabai »).
#: (not « communes »: « Toutes les communes du cercle participent » answers « Quelles communes… ? »)
_NAMED_PLACE_NOUNS = frozenset({"villages", "quartiers", "localites", "hameaux"})
#: A list question that asks names (« noms des fontainières… », « les noms de… », « names of… »), folded.
_ASKS_NAMES = re.compile(r"(?<!\w)(?:noms?|names?)\s+(?:des|de|du|d'|of)(?!\w)")


def _asks_plan(analysis: QuestionAnalysis) -> bool:
    """Whether a question asks a plan, a target or the future (« doit », « prévu », « objectif », « accueillera »,
    « prochain »; in English « will », « planned »…: ``target.english_question_cues``)."""
    folded = analysis.folded[:400]
    target = data()["target"]
    cues = {*target["question_cues"], *target["next_cues"], *target["english_question_cues"]}
    return not cues.isdisjoint(_TOKENS.findall(folded)) or _FUTURE.search(folded) is not None



def _amount_kind(c: Candidate) -> tuple[bool, bool, bool]:
    """(estimate, done, final) for the quote of ``c``: whether it speaks of an estimate, a plan or a request (« est
    estimé à… », « 35 000 euros sollicités », « coûtera »), whether it states something done with another verb (« a
    notifié… au lieu des 35 000 euros sollicités »; « a été sollicitée », « a été estimé » state nothing done), and
    whether it calls an amount final (« son coût définitif… »)."""
    folded = fold(_LONE_A.sub("@", _quoted_text(c)[:MAX_UNDETERMINED_CHARS]))
    tokens = set(_TOKENS.findall(folded))
    realised = data()["realised"]
    final = not tokens.isdisjoint(realised["final_words"])
    if not tokens.isdisjoint(realised["plan_words"]):
        return True, False, final  # « Le plan de financement prévisionnel a été approuvé : 58 000 euros » is a plan
    not_done = {*realised["estimate_cues"], *data()["requesting"]["sentence"]}
    done = [w for w in _done_participles(folded) if w not in not_done]
    return bool(not tokens.isdisjoint(not_done) or _plans(c)), bool(done), final


def _estimates(c: Candidate) -> bool:
    """Whether the quote gives an estimate, a plan or a request and states nothing done nor final (see
    :func:`_amount_kind`, :func:`_realised`)."""
    estimate, done, final = _amount_kind(c)
    return estimate and not done and not (final and _final_after_estimate(c))


def _realised(c: Candidate) -> bool:
    """Whether the quote states an amount done (« a finalement coûté », « s'est établi à », « a notifié ») or final
    (« son coût définitif… ») rather than only estimated, planned or requested; an estimate recalled before a final
    amount is said final (« Son coût, estimé… entre 38 000 et 46 000 euros, est désormais arrêté à 41 300 euros »)."""
    estimate, done, final = _amount_kind(c)
    return done or (final and (not estimate or _final_after_estimate(c)))


def _final_after_estimate(c: Candidate) -> bool:
    """Whether the quote says an amount final after its estimate: a final word, then an amount, and no word of
    estimate or request between them (« …est désormais arrêté à 41 300 euros »; not « Le coût final est estimé à
    45 000 euros », « …est désormais estimé à 52 000 euros »)."""
    span = _after_final_word(c.text, c.typed)
    if span is None:
        return False
    final = set(data()["realised"]["final_words"])
    folded = fold(c.text[: span.start])
    last_final = max((m.end() for m in _TOKENS.finditer(folded) if m.group(0) in final), default=0)
    cues = {*data()["realised"]["estimate_cues"], *data()["requesting"]["sentence"]}
    return cues.isdisjoint(_TOKENS.findall(folded[last_final:]))


def _asks_realised(folded: str) -> bool:
    """Whether a folded amount question asks what was done (« combien a coûté… ? », « Combien le ministère a-t-il
    accordé… ? », « coût définitif… »), not the request, the estimate or a plan (« Quel montant a été sollicité… ? »,
    « …a été prévu… », « Quel montant sera finalement versé ? »)."""
    if _ASKS_REALISED.search(folded) is None or _FUTURE.search(folded) is not None:
        return False
    tokens = set(_TOKENS.findall(folded))
    d = data()
    asks_other = {*d["requesting"]["question"], *d["realised"]["estimate_cues"], *d["target"]["question_cues"]}
    return tokens.isdisjoint(asks_other)


def _states_done(c: Candidate) -> bool:
    """Whether the quote states something done, in a compound past (« ont été replantés », « a été inaugurée »)."""
    # (« à » is kept apart from « a », which folding would make it: « se réunira à Brionne » states nothing done)
    # (only the word « à »: « déjà » stays « deja »; the length is kept)
    return bool(_done_participles(fold(_LONE_A.sub("@", _quoted_text(c)[:MAX_UNDETERMINED_CHARS]))))


def _done_participles(folded: str) -> list[str]:
    """The participles of the compound pasts of a folded text (« à » written « @ »): « ont été replantés » →
    « replantes »."""
    # (« la ville a une population… », « la réunion a lieu… »: no participle)
    done = [m.group(1) or m.group(m.lastindex or 1) for p in (_DONE, _DONE_REFLEXIVE) for m in p.finditer(folded)]
    return [w for w in done if w not in stopwords() and w not in _NOT_PARTICIPLES]


#: A question in a compound past (« quand la maison a-t-elle ouvert ses portes ? », « quand a été signée… »), folded.
_ASKS_DONE = re.compile(
    r"\b(?:a|ont)(?:-t)?-(?:il|elle|ils|elles|on)\s+(?:ete\s+)?[a-z]+(?:e|es|ee|ees|i|is|it|u|us|ert)\b"
    r"|\b(?:a|ont)\s+ete\s+[a-z]+(?:e|es|ee|ees|i|is|it|u|us|ert)\b"
)
#: The same for an amount (« combien a coûté… ? », « le coût définitif… », « accordée finalement »), folded.
_ASKS_REALISED = re.compile(
    _ASKS_DONE.pattern + r"|\b(?:a|ont)\s+(?:finalement\s+)?coute\b"
    r"|\b(?:cout|montant)s?\s+(?:final|finale|finaux|definitif|definitive|reel|reelle)s?\b|\bfinalement\b"
    # (in English: « What was the final cost of… ? », « …the actual cost… »)
    r"|\b(?:final|actual)\s+(?:cost|amount)s?\b"
)
#: The same for a count (« combien de lycéens sont partis… ? »), with « ont été en… » and « être » and a verb of motion.
_ASKS_DONE_COUNT = re.compile(
    _ASKS_DONE.pattern + r"|\bont\s+ete\s+en\b"
    r"|\b(?:est|sont)\s+(?:parti|venu|alle|arrive|rentre|revenu|reste|retourne|passe|monte|descendu)(?:e|s|es)?\b"
)


#: « combien le département verse… », « combien la Région a-t-elle donné… » (folded): who gives.
#: (« Combien apporte le ministère ? »: a verb may stand before the giver)
_GIVER = re.compile(r"\bcombien\s+(?:[a-z]+\s+)?(?:le|la|l'|les)\s*([a-z][a-z-]{2,})")
#: « how much did the french foreign ministry grant » (folded): the giver's words, up to a verb of giving.
_ENGLISH_GIVER = re.compile(
    r"\bhow\s+much\s+(?:did|does|do|will|would|has|have|had)\s+((?:[a-z-]+\s+){1,6}?)"
    r"(?:" + "|".join(sorted(ENGLISH_GIVING)) + r")\b"
)


def _giver(analysis: QuestionAnalysis, search_query: str = "") -> str | None:
    """The noun of who gives in an amount question (« combien le département de la Somme verse… » → « departement »),
    or of who was asked in a question of what was obtained, the follow-up's context (``search_query``) included (« Et
    combien a-t-elle obtenu ? » after « …demandé à la Région Grand Est… » → « region »); None otherwise."""
    if analysis.type is not AnswerType.AMOUNT or analysis.is_list:
        return None
    tokens = _TOKENS.findall(analysis.folded[:400])
    if analysis.language == "en":
        # « How much did the French foreign ministry grant… ? »: the kind of funder, in French (« ministere »)
        english = _ENGLISH_GIVER.search(analysis.folded[:400])
        kinds = [f for w in (english.group(1).split() if english else ()) for f in in_french(w)]
        return next((k for k in kinds if k in data()["giver_nouns"]), None)
    m = _GIVER.search(analysis.folded[:400])
    if m is None or m.group(1) in stopwords() or set(tokens).isdisjoint(data()["giving_verbs"]):
        # « Et combien a-t-elle obtenu ? (…a-t-elle demandé à la Région Grand Est…) »: the one asked grants
        receives = not set(tokens).isdisjoint(data()["receiving_verbs"])
        return asked_giver_noun((search_query or analysis.text)[:400]) if receives else None
    return m.group(1)


#: A document's subject line (« Objet : Coopération décentralisée avec… – programme « Cap sur Bluefields », phase 2 »),
#: read in the first characters of its first passage.
_SUBJECT_LINE = re.compile(r"(?m)^[ \t]*Objet[ \t]*:[ \t]*([^\n]{1,400})")
SUBJECT_LINE_CHARS = 3000
#: « programme « Salines partagées » » (as written): a programme's name, in quotes after the word.
_PROGRAMME = re.compile(r"\b[Pp]rogramme\s+«\s*([^»\n]{1,80}?)\s*»")
#: How many passages of a document, and how many characters of each, are read for the programmes it names.
PROGRAMME_PASSAGES = 12
PROGRAMME_CHARS = 4000


def _subject_line_keys(chunk: Chunk, document_chunks: Callable[[str], Sequence[Chunk]] | None) -> set[str]:
    """The match keys of the subject line of ``chunk``'s document (a deliberation's or a note's « Objet : … ») and of
    the one programme it names, if it names only one: what each of its passages is about, as a title is (« Article 2 :
    … solliciter une subvention de 32 000 euros auprès du ministère… » is about the phase 2 of « Cap sur Bluefields »
    its deliberation's subject names)."""
    if document_chunks is None:
        return set()
    chunks = document_chunks(chunk.doc_id)
    if not chunks:
        return set()
    m = _SUBJECT_LINE.search(chunks[0].text[:SUBJECT_LINE_CHARS])
    keys = match_keys(m.group(1)) if m else set()
    # « …la phase 2 du programme « Salines partagées »… », the one programme a note names: « 2. Les financements
    # obtenus – La Ville avait sollicité 34 000 euros du ministère… » is about it
    names = {
        fold(p.group(1)).strip()
        for c in chunks[:PROGRAMME_PASSAGES]
        for p in _PROGRAMME.finditer(c.text[:PROGRAMME_CHARS])
    }
    return keys | match_keys(names.pop()) if len(names) == 1 else keys


def passage_keys_of(chunk: Chunk, named: frozenset[str]) -> set[str]:
    """The match keys of a passage (its text, title and headings); for a passage of a document the question names
    (« dans la convention de 2024 »), also those of what the document is about: its title, authority and places
    (« Le Département consacre… 55 000 euros par an » is the Loiret's, in its convention with Huíla)."""
    keys = match_keys(chunk.embed_text)
    if chunk.doc_id in named:
        meta = chunk.metadata
        keys |= match_keys(" ".join([chunk.title, meta.authority or "", *meta.places]))
    return keys


def _speaks_of_named(answer: Candidate, named: frozenset[str], search_query: str) -> bool:
    """Whether ``answer`` comes from a document the question names, or names that document's kind itself (« …de
    la convention signée le 7 mars 2023 » in a report answers « Quand a été signée la nouvelle convention ? » as
    well as the convention does): then no sentence of the named document is put before it."""
    if answer.hit.chunk.doc_id in named:
        return True
    kinds = named_kinds(search_query)
    quoted = set(_TOKENS.findall(fold(_quoted_text(answer))))
    return any(set(k.split()) <= quoted for k in kinds)


def _value_noun_held(top: Candidate, analysis: QuestionAnalysis) -> set[str]:
    """The keys of « montant » or « somme » in « Quel montant la Ville a-t-elle demandé… ? » when the quote gives an
    amount (« La Ville avait sollicité 34 000 euros… »): the word names the value asked, which the quote states, and
    is not missing from it; else nothing."""
    if analysis.type is not AnswerType.AMOUNT or not top.typed:
        return set()
    return {term_keys(w)[0] for w in words(analysis.text[:400]) if fold(w) in VALUE_NOUNS}


def _giving_held(top: Candidate, analysis: QuestionAnalysis, giver: str | None) -> set[str]:
    """The keys of the question's giving verbs (« verse ») when the answer's sentence names the question's giver
    and gives with a verb of its own (« Le Département consacre… »): the question's verb is then said in other
    words, not missing; else nothing."""
    if giver is None or not _names_giver(top, giver):
        return set()
    verbs = set(data()["giving_verbs"])
    if verbs.isdisjoint(_TOKENS.findall(fold(_quoted_text(top)))):  # (the sentence's own verb, in French)
        return set()
    return {term_keys(w)[0] for w in words(analysis.text[:400]) if fold(w) in verbs or fold(w) in ENGLISH_GIVING}


def _names_giver(answer: Candidate, giver: str) -> bool:
    """Whether the quote of ``answer`` names ``giver`` (folded: « departement », « loiret »): the word itself, or,
    when the giver is a name of the authority that wrote the document (« le Loiret » in a document of the
    Département du Loiret), the noun that authority calls itself by (« Le Département consacre… »)."""
    tokens = _TOKENS.findall(fold(_quoted_text(answer)))
    if giver in tokens:
        return True
    authority = _TOKENS.findall(fold(answer.hit.chunk.metadata.authority or ""))
    return bool(authority) and giver in authority[1:] and authority[0] in tokens


_ASKED_VENUE = re.compile(r"\bquel(?:le)?s?\s+([a-z]+)")
_TOKENS = re.compile(r"[a-z]+'?")  # « l'école » → « l' », « ecole »


def _unnamed(text: str, analysis: QuestionAnalysis) -> bool:
    """Whether the question asks which venue or body (« c'est quelle école ? », see the « unnamed » table) and
    ``text`` speaks of one only with an indefinite article (« une école du quartier de Penhars »), or not at
    all (« Dans quel lycée… ? » answered by a sentence on a project's funding)."""
    table = data()["unnamed"]
    asked = _ASKED_VENUE.search(analysis.folded[:400])
    if asked is None or asked.group(1) not in table["nouns"]:
        return False
    noun, articles = asked.group(1), set(table["articles"])
    tokens = _TOKENS.findall(fold(text[:MAX_UNDETERMINED_CHARS]))
    before = [tokens[i - 1] if i else "" for i, t in enumerate(tokens) if t in (noun, noun + "s")]
    return all(b in articles for b in before)


def _says(text: str, value: str) -> bool:
    """Whether folded ``text`` holds ``value`` as whole words (« 200 000 euros » is not in « 1 200 000 euros »)."""
    return re.search(r"(?<![\w.,])" + re.escape(value) + r"(?!\w)", text) is not None


def unknown_nouns(question: str, lexical: LexicalIndex) -> list[str]:
    """The question's words after an article, a possessive or « de » (its nouns, mostly; an infinitive
    after « de » is left out) that no document of the corpus uses, in any form or accent
    (``data/answering.json`` ``unknown_topic``); names and the words that frame a question (« le sigle »,
    « à la tête de ») are not looked at."""
    table = data()["unknown_topic"]
    # generic nouns (« personnes », « quelle association ») frame a question as well: a small corpus may
    # say « participants » or name the association without the noun
    framing = {*table["framing_nouns"], *data()["generic_counted"], *data()["entity_nouns"]}
    determiners = set(table["determiners"])
    found = []
    for m in _QUESTION_WORD.finditer(question):
        word = m.group()
        if m.start() > 0 and word[0].isupper():
            continue  # a name (a lowercase question's names are looked up elsewhere)
        folded = fold(word)
        if folded in _cue_words() or folded in framing or len(folded) < 3:
            continue
        parts = [p for p in folded.split("-") if len(p) >= 3]
        if not parts or any(lexical.df.get(lexical.term(stem(p)), 0) or lexical.knows(p) for p in parts):
            continue
        before = fold(question[max(0, m.start() - 12) : m.start()]).replace("’", "'")
        previous = re.findall(r"[^\W\d_]+'?", before)
        if not previous or previous[-1] not in determiners or before.rstrip() != before.rstrip(" ,;:?!."):
            continue
        if previous[-1] in ("de", "d'") and folded.endswith(("er", "ir", "re")):
            continue  # « possible de postuler », « avant de partir »: a verb, not a topic
        if previous[-1].startswith("quel") and folded.endswith(("ent", "ait", "ont", "ra", "rai")):
            continue  # « Quelles pourraient être… ? »: a verb after « quel », not a topic
        found.append(word)
    return found


def _list_margin(candidate: Candidate) -> float:
    """How far below the best a list may score and still answer a list question (see BLOCK_LIST_MARGIN)."""
    return BLOCK_LIST_MARGIN if candidate.is_block else LIST_MARGIN


#: A question that asks the state after a change (folded): « depuis sa prolongation », « après l'avenant »,
#: « désormais », « after the amendment ».
_ASKS_CHANGED = re.compile(
    r"\b(?:depuis|apres)\s+(?:l'|le\s+|la\s+|sa\s+|son\s+|leur\s+|cet\s+|cette\s+)?(?:avenant|prolongation|prorogation|"
    r"modification|revision|renouvellement)|\bdesormais\b|\bafter\s+the\s+(?:amendment|extension)\b"
)
#: A sentence that states a change and its new value (folded): « désormais », « remplacé(e) par », « porté à », « passe
#: de … à », « prolongé(e) jusqu'au », « après avenant », « après l'avenant ».
_STATES_CHANGE = re.compile(
    r"\bdesormais\b|\bremplacee?s?\s+par\b|\bportee?s?\s+a\b|\bpass(?:e|ent|era|eront|erait|eraient)\s+de\b|\bprolongee?s?\s+jusqu|\bproroge\w*\s+jusqu"
    r"|\bapres\s+(?:l')?avenant\b|\bnouvelle\s+(?:date|echeance)\b"
)


def _states_change(c: Candidate) -> bool:
    """Whether a candidate's quote (or its table header) states a change and its new value (:data:`_STATES_CHANGE`)."""
    chunk = c.hit.chunk
    header = table_header(chunk.text, c.start - chunk.start) or ""
    return _STATES_CHANGE.search(fold(f"{header} {_quoted_text(c)}"[:MAX_UNDETERMINED_CHARS])) is not None


def _by_amendment(folded: str) -> bool:
    """Whether folded text speaks of an extension by amendment (« prolongée par avenant », « un avenant l'a
    prolongée »): the end it gives is an earlier agreement's."""
    said = set(re.findall(r"[a-z]+", folded))
    return bool(said & set(data()["editions"]["amendments"])) and "prolong" in folded


def _promote(answers: list[Candidate], wanted: Callable[[Candidate], bool], floor: float) -> list[Candidate]:
    """``answers`` with its best ``wanted`` candidate scoring at least ``floor`` first, when the first is
    not ``wanted`` already; unchanged otherwise."""
    if wanted(answers[0]):
        return answers
    # a sentence about another partner of its document is not brought back over one about the partner asked
    chosen = next(
        (a for a in answers if wanted(a) and a.score >= floor and (answers[0].other_place or not a.other_place)), None
    )
    return answers if chosen is None else [chosen, *(a for a in answers if a is not chosen)]


def _by_named_authority(candidate: Candidate, profile: QuestionProfile) -> bool:
    """Whether the candidate's document is written by an authority the question names."""
    author = candidate.hit.chunk.metadata.authority
    keys = match_keys(author) if author else set()
    return any(holds_key(st, pre, keys) for st, pre in profile.named)


def _by_other_authority(candidate: Candidate, profile: QuestionProfile) -> bool:
    """Whether the candidate's document is written by a known authority the question does not name,
    while the question names someone (« Avec quelles villes Clamart… ? » read in Aix-en-Provence's report)."""
    return bool(profile.named and candidate.hit.chunk.metadata.authority) and not _by_named_authority(
        candidate, profile
    )


def _names_partner_place(answer: Candidate) -> bool:
    """Whether the quote of ``answer`` names a place of its document (its metadata's places) as a partner: with a
    word of partnership (``partner_cues``: « partenariat », « jumelage », « coopère »…)."""
    places = answer.hit.chunk.metadata.places
    if not places:
        return False
    quoted = fold(_quoted_text(answer))
    if set(data()["partner_cues"]).isdisjoint(_TOKENS.findall(quoted)):
        return False
    return any(_says(quoted, fold(p)) for p in places)


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
        if top.lists_noun and not s.lists_noun:
            continue  # the list announced is the answer: a sentence that only mentions its noun is padding
        if top.owns_list and not s.owns_list:
            continue  # nor is another owner's list (a mission's aims after the phase's)
        if top.states_agent and not s.states_agent:
            # « Qui finance… ? » answered by the financing plan's list, or by « Ce projet est soutenu depuis 2020 par
            # l'AFD… »: the rest is padding
            continue
        clash = [c for c in chosen if _overlaps(s, c) or _same_words(s, c)]
        if clash:
            # a list block that holds a sentence already chosen (its lead-in) replaces it
            if s.is_block and len(clash) == 1 and not clash[0].is_block and s.text.find(clash[0].text) >= 0:
                chosen[chosen.index(clash[0])] = s
            continue
        chosen.append(s)
    return chosen


#: At most this many passages of a document are read for a list told by ordinals and for the names it must hold.
DOCUMENT_PASSAGES = 60


def _top_chunks(
    top: Candidate, hits: Sequence[Hit], document_chunks: Callable[[str], Sequence[Chunk]] | None
) -> list[Chunk]:
    """The answer's passage, the best passages, then the other passages of the answer's document (each once; the
    first :data:`DOCUMENT_PASSAGES` of a long one)."""
    chunks = {top.hit.chunk.id: top.hit.chunk}
    for h in hits[:ANSWER_PASSAGES]:
        chunks.setdefault(h.chunk.id, h.chunk)
    for c in document_chunks(top.hit.chunk.doc_id)[:DOCUMENT_PASSAGES] if document_chunks is not None else ():
        chunks.setdefault(c.id, c)
    return list(chunks.values())


def _document_keys(document_chunks: Callable[[str], Sequence[Chunk]] | None) -> Callable[[Chunk], set[str]]:
    """The keys of a passage's document (its first :data:`DOCUMENT_PASSAGES` passages, with their titles and headings:
    a long document's end is not read) and what it inherits (:func:`inherited_keys`), each document read once; the
    passage's own when documents cannot be read."""
    read: dict[str, set[str]] = {}

    def keys(chunk: Chunk) -> set[str]:
        if chunk.doc_id not in read:
            passages = document_chunks(chunk.doc_id)[:DOCUMENT_PASSAGES] if document_chunks is not None else ()
            read[chunk.doc_id] = inherited_keys(chunk).union(
                match_keys(chunk.embed_text), *(match_keys(c.embed_text) for c in passages)
            )
        return read[chunk.doc_id]

    return keys


def _question_words(search_query: str, profile: QuestionProfile) -> list[tuple[str, str | None]]:
    """The keys of the question's own words: not its names, nor the words that ask (see :func:`_cue_words`)."""
    names = set(profile.named)
    asked = [w for w in words(search_query) if len(w) > 3 and fold(w) not in _cue_words()]
    return [k for k in map(term_keys, asked) if k not in names]


def _continuation(top: Candidate, scored: Sequence[Candidate], analysis: QuestionAnalysis) -> Candidate | None:
    """The sentence that carries the best one's list of names on (« Les premières demi-lunes… ont été aménagées à
    Tiogo en 2023. » then « Elles ont été suivies, en 2025, par celles de Bourou et de Sabouna… »), for a list of
    names: it leans on the best sentence (that sentence is its context), names what it does not, and, for a list
    of places, follows a sentence that names one. ``None`` when there is none."""
    if analysis.type is not AnswerType.NAME or top.is_block or (analysis.wants_place and not top.places):
        return None
    return next(
        (
            s
            for s in scored
            if s.context_start == top.start
            and s.hit.chunk.doc_id == top.hit.chunk.doc_id
            and s.answers
            and s.novel_name
            and s.score >= top.score - CONTINUATION_MARGIN
            # each of its names a single word, like a place's (« Bourou », « Sabouna »), not a body (« l'Agence de
            # l'eau Seine-Normandie », « Wallonie-Bruxelles International ») that finances what the first one lists
            and all(len(t.text.split()) == 1 for t in s.typed)
        ),
        None,
    )


@lru_cache(maxsize=1)
def _cue_words() -> frozenset[str]:
    """Words that ask rather than name (« depuis », « combien », « date »): stop words, question words and the
    words of the question cues of ``data/answering.json`` (answer types and time relations)."""
    d = data()
    cues = [c for phrases in d["types"].values() for c in phrases]
    cues += [c for relation in d["time_relations"].values() for c in relation["question"]]
    # « Et combien a-t-elle obtenu ? » after « …demandé à la Région ? » asks what the Région granted: a verb of
    # money asks the amount (the answer's kind checks it: see features._says_granted), it names nothing
    money_verbs = [*d["giving_verbs"], *d["receiving_verbs"], *d["requesting"]["question"], *d["granted"]["question"]]
    return frozenset(
        {*stopwords(), *QUESTION_WORDS, *(w for c in cues for w in re.findall(r"[^\W\d_]+", c)), *money_verbs}
    )


def _naming(answers: list[Candidate], turn: str) -> list[Candidate]:
    """The candidates whose quote (with its context) or whose document's title holds every name of a follow-up's
    own words (a deliberation titled « …phase 2 du programme « Récifs partagés »… » speaks of it in each article),
    or, when it names nothing (« Et pour l'éducation ? »), every one of its own words."""
    names = name_keys(turn) or tuple(term_keys(w) for w in words(turn) if fold(w) not in _cue_words())
    if not names:
        return []
    out = []
    for a in answers:
        chunk = a.hit.chunk
        start = a.context_start if a.context_start is not None else a.start
        keys = match_keys(chunk.text[start - chunk.start : a.end - chunk.start]) | match_keys(chunk.title or "")
        if all(holds_key(st, pre, keys) for st, pre in names):
            out.append(a)
    return out


def _narrowed(top: Candidate, items: list[Candidate], analysis: QuestionAnalysis) -> Candidate:
    """The item of ``top``'s list that answers a one-fact question, when ``top`` is a lead-in with
    its list (« Chambéry s'engage à : - apporter une contribution financière annuelle de 45 000
    euros ; - mettre à disposition… »), or the clause of a long sentence: the item holding a value
    of the asked type, or the defining one, or for an open question the clause that stands out, or
    the item the scorer prefers to the whole list."""
    inside = [
        i
        for i in items
        if i.within == (top.start, top.end) and i.hit.chunk.doc_id == top.hit.chunk.doc_id and i.answers
    ]
    if not inside:
        return top
    best = inside[0]  # items come scored, best first
    if len(inside) > 1 and inside[1].score > best.score - ITEM_MARGIN:
        return top  # no item stands out: the question asks the list (« Qui finance… ? »)
    if analysis.type is AnswerType.DEFINITION:
        defining = [i for i in inside if i.defines]
        return defining[0] if defining and not top.defines else top
    if analysis.type.span_kind is not None:
        return best if best.typed else top
    if "\n" not in top.text:
        # a very long sentence: the clause that stands out answers an open question
        return best if len(top.text.split()) > VERY_LONG_WORDS else top
    return best if best.score > top.score else top


_TITLE_BEFORE = re.compile(r"(?:\bM\.|\bMmes?|\bMlle|\bMonsieur|\bMadame|\bDr\.?)\s*$")


#: What comes just before the date a period or a deadline ends on (folded).
_ENDS_ON = re.compile(
    r"(?:\bau|\bjusqu['’]?au|\bjusqu['’]a|\bjusqu['’]en|\bau plus tard(?: le)?|\bavant(?: le)?"
    r"|\bd['’]ici(?: le| au)?)\s*$"
)


#: The openings of verbs that say no act of their own (folded): « réalisée », « effectuée », « menée », « faite ».
_GENERAL_VERBS = ("realis", "effectu", "mene", "fait", "officialis", "organis", "conduit", "tenu")
#: The subject of « Quand l'école de Kakpa a-t-elle été rénovée ? » (folded): the words between the question word and
#: the verb (bounded: linear).
_DATED_SUBJECT = re.compile(
    r"(?:quand|quelle\s+annee|quelle\s+date|depuis\s+quand)\s+(?:est-ce\s+que\s+)?([^?]{3,120}?)\s+"
    r"(?:a|ont)(?:-t)?-(?:il|elle|ils|elles|on)\b"
)


#: What a question dates when it asks when an event takes place (folded): « les dates de la Quinzaine… », « Quand ont eu
#: lieu les 5e Assises… », « Quand se tiendra le festival… », « À quelle date s'est tenue la fête… »: the phrase after.
_EVENT_ASKED = re.compile(
    r"\bdates?\s+(?:de\s+la\s+|de\s+l'|du\s+|des\s+|de\s+|d')"
    r"|\b(?:quand|quelle\s+date|quel\s+jour)\s+(?:(?:a|aura|ont|auront|avait|avaient)\s+(?:eu\s+)?lieu|"
    r"se\s+(?:tien\w*|deroul\w*)|se\s+sont\s+(?:tenu|deroul)\w*|s'est\s+(?:tenu|deroul)\w*)\s+"
    r"(?:la\s+|le\s+|les\s+|l')?"
)
#: An ordinal or a number before an event's noun (« 5e », « première », « 3rd »), folded.
_BEFORE_EVENT_NOUN = re.compile(
    r"(?:\d+(?:e|er|re|ere|eme)?s?|premiere?s?|seconde?s?|[a-z]+iemes?|prochaine?s?|derniere?s?)\s+"
)


def _event_head(analysis: QuestionAnalysis) -> str | None:
    """The noun of the event a date question asks about (« quinzaine », « assises », « festival »), folded; None when
    the question asks no date of an event so written, or names it by a word too short to tell."""
    if analysis.type is not AnswerType.DATE or analysis.is_list:
        return None
    m = _EVENT_ASKED.search(analysis.folded[:400])
    if m is None:
        return None
    rest = analysis.folded[m.end() : m.end() + 120]
    if rest.startswith(("prochain", "next")):
        return None  # (« la date du prochain comité » is left to the rules on what is not known yet)
    ordinal = _BEFORE_EVENT_NOUN.match(rest)
    word = _TOKENS.match(rest, ordinal.end() if ordinal else 0)
    # (only an event named by its noun, ``event_nouns``: « la date de signature », « …de livraison » ask the date of an
    # act, which a sentence says by its verb, « livrées le… »)
    table = data()["event_nouns"]
    if word is None or not (word.group() in table["named"] or any(word.group() in f for f in table["families"])):
        return None
    return word.group()


def _names_event(c: Candidate, head: str) -> bool:
    """Whether a candidate's quote names the event noun ``head`` (or its section's last heading does)."""
    keys = match_keys(f"{_quoted_text(c)} {c.hit.chunk.section.rsplit(' > ', 1)[-1]}")
    return holds_key(*term_keys(head), keys)


def _names_asked_subject(sentence: str, analysis: QuestionAnalysis) -> bool:
    """Whether a folded sentence names a common noun of what a « Quand X a-t-il été… ? » question dates (« l'école »,
    « l'étude », « le jumelage »; names aside: a sentence about another act may name the same partner)."""
    m = _DATED_SUBJECT.search(analysis.folded[:400])
    if m is None:
        return False
    capitalised = {fold(w) for w in re.findall(r"[A-ZÀ-ÖØ-Þ][\w-]*", analysis.text[:400])}
    nouns = [w for w in _TOKENS.findall(m.group(1)) if len(w) >= 4 and w not in stopwords() and w not in capitalised]
    keys = match_keys(sentence)
    return any(holds_key(*term_keys(w), keys) for w in nouns)


def _dates_after_asked_verb(text: str, dated: Sequence[spans.Span], analysis: QuestionAnalysis) -> list[spans.Span]:
    """Of several dates of a sentence, those a « Quand… a-t-il été <participe> ? » question's verb (or a verb of its
    kind of act, ``act_verbs``) leads to: the first date after it, within :data:`ACT_DATE_WINDOW` characters and in its
    clause (:data:`_CLAUSE_BREAK`); [] when the sentence has one date, or none follows the verb."""
    asked = _ASKS_DONE.search(analysis.folded[:400])
    if asked is None or len(dated) < 2:
        return []
    participle = asked.group().rsplit(" ", 1)[-1]
    stem = participle[: min(5, len(participle) - 2)]
    if len(stem) < 4:
        return []
    kin = tuple(w for family in data()["act_verbs"]["families"] if any(participle.startswith(k) for k in family)
                for w in family if " " not in w)  # fmt: skip
    openings = (stem, *kin)
    folded = fold(text)
    ordered = sorted(dated, key=lambda s: s.start)
    led: list[spans.Span] = []
    for verb in re.finditer(r"[a-z]+", folded):
        if not verb.group().startswith(openings):
            continue
        # the first date after the verb, in its clause: nothing between but words (no « , », « ; », « et », « puis »)
        first = next((s for s in ordered if s.start >= verb.end()), None)
        between = folded[verb.end() : first.start] if first is not None else ""
        if first is not None and len(between) <= ACT_DATE_WINDOW and not _CLAUSE_BREAK.search(between):
            led.append(first)
    # (each occurrence of the verb leads to its own date: « …signée en 2016, a été suivie d'une nouvelle convention
    # signée le 3 mars 2021 » keeps both, the caller then the fullest)
    return list(dict.fromkeys(led))


#: What ends the clause of a verb before a date (folded): « ; », « , », « . », « et », « puis ».
_CLAUSE_BREAK = re.compile(r"[;,.]|\b(?:et|puis|mais)\b")


#: How far (characters) before a date the verb of the act it dates may stand (« a été ouvert au public le dimanche 5
#: octobre 2025 »).
ACT_DATE_WINDOW = 60


def _short_answer(top: Candidate, analysis: QuestionAnalysis) -> str | None:
    """The exact span of the first quote that answers a date, amount, number or name question."""
    if not top.typed or analysis.type.span_kind is None:
        return None
    kinds = [s for s in top.typed if s.kind is SpanKind.AMOUNT] if analysis.type is AnswerType.NUMBER else []
    span = (kinds or list(top.typed))[0]
    if analysis.type is AnswerType.AMOUNT:
        # « Combien a coûté la toiture ? » → « …matériel pour 6 120 euros, réfection d'une toiture pour 9 800 euros »
        span = (
            costed_span(analysis.folded, top.text, top.typed)
            or giver_share_span(analysis.text, top.text, top.typed, top.hit.chunk)
            or span
        )
        if len(top.typed) > 1 and _asks_realised(analysis.folded):
            # « What was the final cost…? » → « …annoncé dans une fourchette de 40 000 à 52 000 euros, est arrêté à
            # 46 900 euros »: the first amount after the word that calls it final
            span = _after_final_word(top.text, top.typed) or _not_estimated(top.text, top.typed) or span
    if analysis.type is AnswerType.DATE:
        dated = list(top.typed)
        if analysis.time_relation == "deadline":
            # « Jusqu'à quand… ? »: « du 1er janvier 2024 au 31 décembre 2026 » ends on the second date
            # (« …prend effet le 1er janvier 2023 et s'achève le 31 décembre 2026 »: the date it ends on)
            ends = [
                s
                for s in dated
                if _ENDS_ON.search(before := fold(top.text[max(0, s.start - 25) : s.start])) or ends_before(before)
            ]
            dated = ends or dated
        # « Quand X a-t-il approuvé… ? »: the date of that vote, not of the signature said with it
        dated = vote_dates(top.text, analysis.folded, dated) or dated
        # « Quand le sentier a-t-il été ouvert ? » → « Le sentier a été ouvert en octobre 2025 ; 1 340 randonneurs y
        # ont été accueillis jusqu'au 31 décembre 2025 »: the date the asked verb leads to, in its own clause
        dated = _dates_after_asked_verb(top.text, dated, analysis) or dated
        span = max(dated, key=lambda s: len(s.text))  # « 31 mai 2003 » rather than « 2003 »
    elif analysis.type is AnswerType.NAME:
        if analysis.wants_person:
            # « Qui est le maire… ? »: the person (« M. Levan Tchanturia »), not a place of the sentence
            persons = [s for s in top.typed if _TITLE_BEFORE.search(top.text[max(0, s.start - 12) : s.start])]
            # (« …le bureau : M. Firmin Calmels, président ; Mme Pascale Fraysse, trésorière ; … »: the one the asked
            # role is said of, right after or right before the name)
            in_role = [s for s in persons if _said_in_role(top.text, s, analysis.attribute_words, analysis.folded)]
            if in_role or persons:
                # (« Madame le Maire Sophie Joissains »: the role between the title and the name is no part of it)
                return _without_role((in_role or persons)[0].text.strip(), analysis.attribute_words) or None
            # (« …sa première adjointe, Mariem mint Ethmane, chargée du développement rural… »: a name without a title)
            bare = bare_person_in_role(top.text, analysis.attribute_words)
            if bare:
                return bare
        acronyms = [s for s in top.typed if s.text.isupper()]
        span = acronyms[0] if acronyms and re.search(r"\bfinanc|\bsoutien|\bsoutient", analysis.folded) else span
        if analysis.wants_place:
            # « Avec quelle ville arménienne Aix-en-Provence coopère-t-elle ? » → « Aux côtés de la Ville de Lyon, …,
            # Aix-en-Provence a pu rappeler… au travers du jumelage avec Masis »: the place the tie names, not the
            # first place of the sentence
            span = tied_place(top.text, top.typed, analysis.folded) or span
        # « Clamart et Artachat » for a question about Clamart: the name the question does not hold
        parts = [p for p in re.split(r"\s+et\s+|,\s+", span.text) if p]
        fresh = spans.novel([spans.Span(SpanKind.NAME, 0, len(p), p) for p in parts], analysis.folded)
        if len(parts) > 1 and fresh:
            return fresh[0].text.strip() or None
    elif span.kind is SpanKind.NUMBER:
        span = spans.number_with_unit(top.text, span)
    return span.text.strip() or None


#: A tie between two places (folded), just before the partner's name: « jumelage avec », « coopère avec la commune
#: de », « twinned with », or « entre … et » (the other side then stands before « et »); bounded: linear.
_TIE_BEFORE = re.compile(
    r"(?:\b(?:jumel\w*|cooper\w*|partenari\w*|partenaires?|amitie|liens?|liee?s?|twinned|partner\w*|sister[\s-]*cit\w*)"
    r"(?:\s+[\w'-]+){0,3}?\s+(?:avec|with)|\bentre(?:\s+[^,;:()]{2,60}?\s+et)?|\bbetween(?:\s+[^,;:()]{2,60}?\s+and)?)\s+"
    r"(?:(?:la|le|les|l'|the)\s*)?(?:(?:ville|commune|municipalite|region|province|district|city|town|municipality)"
    r"\s+(?:de\s+|d'|du\s+|of\s+)?)?$"
)
#: A question of when something takes place (folded): « Quand a lieu… ? », « …se tiendra… », « When is … held? ».
_ASKS_EVENT = re.compile(
    r"\b(?:a|aura|ont|auront|avait|avaient)\s+lieu\b|\bse\s+(?:tien\w*|deroul\w*)|\bheld\b|\btake\s+place\b"
    r"|\btakes\s+place\b"
)
#: A question about a tie between places (folded): « jumelée avec », « coopère », « partenaire », « twinned ».
_ASKS_TIE = re.compile(
    r"\bjumel|\btwin|\bsister|\bavec\s+(?:quel|quelle|quels|quelles)\b|\b(?:cooper\w*|partenari\w*|liee?s?)\s+avec\b"
    r"|\bwith\s+which\b|\b(?:cooperat\w*|partner\w*|works?|linked)\s+with\b|\bpartenaires?\s+(?:de|d')"
    r"|\bpartner\s+(?:city|town|municipality)\s+of\b"
)


#: A word written before a name in one span, maybe after an article (« le Maire Sophie Joissains », « la Présidente
#: Awa Diallo »), not before « Adjoint » or « Délégué »: the role, when it is the asked one.
_ROLE_LEAD = re.compile(
    r"^(?:(?i:le|la|l')\s*)?([^\W\d_][\w-]*)\s+"
    r"(?![Aa]djoint|[Dd][ée]l[ée]gu)(?=[A-ZÀ-ÖØ-Þ][\w'’]+(?:-[A-ZÀ-ÖØ-Þ][\w'’]+)?\s+[A-ZÀ-ÖØ-Þ])"
)


def _without_role(name: str, family: Sequence[str]) -> str:
    """A person's span without the asked role written before the name (``family``: the attribute's words)."""
    m = _ROLE_LEAD.match(name)
    return name[m.end() :] if m is not None and fold(m.group(1)) in family else name


def asks_tie(question_folded: str) -> bool:
    """Whether a question asks about a tie between places (see :data:`_ASKS_TIE`), read on its first 400 characters."""
    return _ASKS_TIE.search(question_folded[:400]) is not None


#: How many characters before a name the tie that introduces it is read in.
TIE_CHARS = 120


def tied_place(text: str, typed: Sequence[spans.Span], question_folded: str) -> spans.Span | None:
    """The first name of ``typed`` the question does not hold that a tie introduces (see :data:`_TIE_BEFORE`), when
    the question asks about a tie itself (a twinning, a cooperation, a partnership); ``None`` otherwise."""
    if not asks_tie(question_folded):
        return None
    for span in spans.novel(list(typed), question_folded):
        before = fold(text[max(0, span.start - TIE_CHARS) : span.start])
        if len(before) == span.start - max(0, span.start - TIE_CHARS) and _TIE_BEFORE.search(before):
            return span
    return None


#: How many characters around a person's name its role is read in (« Mme Pascale Fraysse, trésorière »).
ROLE_CHARS = 40


def _said_in_role(text: str, span: spans.Span, role_words: Sequence[str], question_folded: str) -> bool:
    """Whether one of ``role_words`` is said of the person ``span`` names: right after the name, after a comma (« Mme
    Pascale Fraysse, trésorière »), or right before its title (« la trésorière, Mme Pascale Fraysse »); not the role
    of a place or a body the question does not name (« M. Hery Andriamanantena, maire d'Ambalavao » for the mayor
    of Cilaos)."""
    if not role_words:
        return False
    words = "|".join(re.escape(w) for w in role_words)
    after = text[span.end : span.end + ROLE_CHARS]
    folded_after = fold(after)
    m = re.match(rf"\s*,\s*(?:(?:le|la|l')\s*)?(?:{words})\b", folded_after)
    # (« M. Firmin Calmels, la trésorière, Mme Pascale Fraysse »: a role that introduces the next person is hers)
    if m is not None and re.match(r"\s*,?\s*(?:m\.|mmes?\b|mlle\b|monsieur\b|madame\b|dr\b)", folded_after[m.end() :]):
        m = None
    if m is not None and len(folded_after) == len(after):  # (« cœur » folds longer: offsets would be off)
        # (the body may be named after its common noun: « présidente de la coopérative Hoorewol », « maire de la ville
        # de Labé »)
        of = re.match(
            r"\s+(?:de\s+(?:la\s+|l')?|du\s+|d')\s*(?:[a-zà-ÿ-]{2,20}\s+(?:(?:de\s+(?:la\s+|l')?|du\s+|d')\s*)?){0,2}"
            r"([A-ZÀ-ÖØ-Þ][\w-]*)",
            after[m.end() :],
        )
        return of is None or fold(of.group(1)) in question_folded
    before = fold(text[max(0, span.start - ROLE_CHARS) : span.start])
    return re.search(rf"(?<![\w-])(?:{words})\s*,?\s*(?:m\.|mmes?|mlle|monsieur|madame|dr\.?)?\s*$", before) is not None


#: How far after the term such a cue may begin (characters).
STRONG_CUE_REACH = 12


def _strongly_defines(text: str, forms: Sequence[str]) -> bool:
    """Whether a sentence says what a definition's term is by an unambiguous cue (``definition_strong_cues``:
    « c'est-à-dire » just after one of its ``forms``, « on appelle » just before): not by an apposition or a colon,
    which a heading writes too (« Bilan de la huayruna : … »)."""
    cues = data()["definition_strong_cues"]
    after_cues, before_cues = tuple(cues["after"]), tuple(cues["before"])
    folded = fold(text[:MAX_UNDETERMINED_CHARS])
    for form in forms:
        at = folded.find(form)
        for _ in range(5):  # (the first few mentions: bounded)
            if at < 0:
                break
            after = folded[at + len(form) : at + len(form) + STRONG_CUE_REACH + 20].lstrip(" ,")
            if after.startswith(after_cues):
                return True
            if folded[max(0, at - 20) : at].endswith(before_cues):
                return True
            at = folded.find(form, at + 1)
    return False


def _opens_saying_what(c: Candidate, analysis: QuestionAnalysis) -> bool:
    """Whether a sentence opens with the subject of a definition question and soon says what it is, in words the
    definition cues miss (« Transax est unservice de garantie… » as a page glues it, « Le système "Pay as you drive" ou
    "Payez selon votre conduite" est une forme d'assurance… »), not what befell it (« La nurserie en mer, installée
    au sud de Malakal, a été livrée… »)."""
    return _COPULA.search(fold(c.text[:COPULA_CHARS])) is not None and any(
        opens_with_subject(c.text, s) for s in analysis.subject_forms
    )


#: How many characters of a sentence opening on a definition's subject are read for a copula.
COPULA_CHARS = 120
#: A copula that says what something is (folded; « est un… » even glued to the next word).
_COPULA = re.compile(
    r"\b(?:est|sont|etait|etaient)\s+(?:une?|des|le|la|les|l')|\bc'est\b|\bdesigne|\bsignifie|\bconsiste"
)


def _after_final_word(text: str, typed: Sequence[spans.Span]) -> spans.Span | None:
    """The first span of ``typed`` after the first word of ``text`` that calls an amount final
    (``realised.final_words``: « arrêté », « définitif », « finalement »), if some word does and a span follows it."""
    final = set(data()["realised"]["final_words"])
    folded = fold(text)
    if len(folded) != len(text):  # « cœur » folds to « coeur »: offsets would no longer be the text's
        return None
    word = next((m for m in _TOKENS.finditer(folded) if m.group(0) in final), None)
    if word is None:
        return None
    return next((t for t in typed if t.start >= word.end()), None)


def _not_estimated(text: str, typed: Sequence[spans.Span]) -> spans.Span | None:
    """The first span of ``typed`` that no word of estimate or request leads to (``realised.estimate_cues``,
    ``requesting.sentence``, within :data:`ESTIMATE_BEFORE` characters before it: « dont le coût avait été estimé entre
    40 000 et 52 000 euros, a été attribué pour 47 300 euros » → 47 300 euros), when some span has one."""
    d = data()
    cues = {*d["realised"]["estimate_cues"], *d["requesting"]["sentence"]}

    def estimated(t: spans.Span) -> bool:
        return not cues.isdisjoint(_TOKENS.findall(fold(text[max(0, t.start - ESTIMATE_BEFORE) : t.start])))

    flags = [estimated(t) for t in typed]
    if not any(flags):
        return None
    return next((t for t, f in zip(typed, flags, strict=True) if not f), None)


#: How many characters before an amount the word that makes it an estimate may stand (« estimé entre 40 000 et… »).
ESTIMATE_BEFORE = 40


@lru_cache(maxsize=1)
def _procedure_pattern() -> re.Pattern[str]:
    leads = "|".join(re.escape(w) for w in sorted(data()["procedure_leads"]["words"], key=len, reverse=True))
    return re.compile(rf"^\s*comment\s+(?:(?:{leads})\s+)?(?:s'|se\s+|me\s+|m')?([a-z]{{3,}}(?:er|ir|re))\b")


#: A quote that dates a past act (folded): a compound past (« a été approuvé », « ont signé »), or a signature line
#: (« Fait à Villarrica, le… »), or a « Vu … » recital of a deliberation.
_PAST_ACT = re.compile(
    r"^\s*(?:fait\s+a\b|vu\b)|\b(?:a|ont|avait|avaient)\s+(?:ete\s+)?[a-z]+(?:e|es|ee|ees|i|is|u|us)\b"
)


def _dates_a_past_act(text: str) -> bool:
    """Whether a quote dates a past act (see :data:`_PAST_ACT`), read on its first 600 characters."""
    return _PAST_ACT.search(fold(text[:600])) is not None


def _says_procedure(text: str, verb: tuple[str, str | None], qfold: str = "") -> bool:
    """Whether a quote says how to do something: the procedure's verb, or the words of a procedure
    (« vous pouvez demander… », « il faut… », « en ligne », ``procedure_leads.markers``); in a dated quote, not those
    the folded question ``qfold`` holds itself (« Comment s'inscrire à la réunion d'information en ligne ? » is not
    answered by « Une réunion d'information en ligne aura lieu le 5 février »: its « en ligne » names the meeting)."""
    if holds_key(*verb, match_keys(text)):
        return True
    folded = fold(text)
    markers = data()["procedure_leads"]["markers"]
    if spans.find(text[:600], SpanKind.DATE):
        # a dated quote (« Une réunion d'information en ligne aura lieu le 5 février ») schedules something: a marker
        # the question holds itself only names it (« Le paiement en ligne est possible sur… » still says how)
        markers = [m for m in markers if not re.search(rf"(?<!\w){re.escape(m)}(?!\w)", qfold)]
    return any(re.search(rf"(?<!\w){re.escape(m)}(?!\w)", folded) for m in markers)


@lru_cache(maxsize=1)
def _subject_procedure_pattern() -> re.Pattern[str]:
    """« Comment une association peut-elle solliciter… ? », « Comment un marin s'inscrit-il… ? », « Comment
    devient-on… ? » (see ``procedure_leads``): the infinitive in ``inf``, or the inverted verb in ``conj``."""
    table = data()["procedure_leads"]
    subject = "|".join(re.escape(w) for w in table["subject_determiners"])
    modals = "|".join(re.escape(w) for w in table["modals"])
    return re.compile(
        rf"^\s*comment\s+(?:(?:{subject})\s+[^?,;:]{{0,60}}?\s+(?:(?:{modals})(?:-t)?(?:-(?:il|elle|ils|elles))?\s+"
        r"(?:faire\s+pour\s+|proceder\s+pour\s+|pour\s+)?(?:s'|se\s+)?(?P<inf>[a-z]{3,}(?:er|ir|re))\b"
        r"|(?:s'|se\s+)?(?P<conj>[a-z]{3,})(?:-t)?-(?:il|elle|ils|elles)\b)"
        r"|(?:s'|se\s+)?(?P<on>[a-z]{3,})(?:-t)?-on\b)"
    )


def _infinitive(verb: str) -> str:
    """« obtient » → obtenir (``procedure_leads.conjugated``), « adhère » → adherer (folded: a regular -er verb)."""
    conjugated = data()["procedure_leads"]["conjugated"]
    if verb in conjugated:
        return str(conjugated[verb])
    if verb.endswith("ent"):
        verb = verb[:-2]
    return verb + "r" if verb.endswith("e") else verb


def _procedure_verb(folded: str) -> tuple[str, str | None] | None:
    """The verb of a question about a procedure (« comment inscrire mon enfant… » → inscrire, « Comment un marin
    s'inscrit-il… ? » → inscrire), as matching keys; None for another question (« Comment s'appelle le maire ? »
    names no procedure)."""
    table = data()["procedure_leads"]
    m = _procedure_pattern().match(folded)
    if m is not None:
        verb = m.group(1)
    else:
        m = _subject_procedure_pattern().match(folded)
        if m is None:
            return None
        verb = m.group("inf") or _infinitive(m.group("conj") or m.group("on"))
    if verb in table["light_verbs"] or verb in table["not_procedures"]:
        return None  # « comment faire une demande de passeport » : « faire » says nothing of the procedure
    return term_keys(verb)


#: How many of the best answers of a list question are looked at for the noun it asks (see :func:`written_list_noun`).
LIST_NOUN_ANSWERS = 3


def asked_list_noun(analysis: QuestionAnalysis) -> str | None:
    """The noun of the things a list question asks for, folded: its list noun, or the noun after « les noms des »
    (``written_list_nouns.name_nouns``), past a count or an adjective (« les noms des 12 coopératives rizicoles » →
    cooperatives); None for a question that is no list or names no such noun."""
    noun = analysis.list_noun if analysis.is_list else None
    if noun is not None and noun in data()["written_list_nouns"]["name_nouns"]:
        after = re.search(
            rf"\b{re.escape(noun)}\s+(?:des|de|du|of|d')\s*(?:(?:les|the)\s+)?(?:(?:\d+|{_count_or_adjective()})\s+)?"
            r"([a-z]+[sx])\b",
            analysis.folded[:400],
        )
        noun = after.group(1) if after else None
    return noun


@lru_cache(maxsize=1)
def _count_or_adjective() -> str:
    """A number word or an adjective that may stand between « noms des » and the noun (« les noms des cinq agents »,
    « des nouveaux barangays »), as one alternation (folded)."""
    words = [*data()["number_words"], *data()["count_adjectives"]]
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def written_list_noun(analysis: QuestionAnalysis) -> frozenset[str]:
    """The matching keys (plural and singular) of the things a list question asks to be named (« Quelles
    entreprises… ? » → entreprises, entreprise; « les noms des cinq agents » → agents, agent), when its answer must
    write that noun (``written_list_nouns``): a question that opens on a list cue (``start``: not « Une mairie
    peut-elle exiger la liste des membres… ? ») about named things (``named``: not towns, subjects, formalities,
    whose items are written without the noun); else empty."""
    noun = asked_list_noun(analysis)
    table = data()["written_list_nouns"]
    if not noun or noun not in table["named"] or not re.match(table["start"], analysis.folded):
        return frozenset()
    return frozenset(k for k in (term_keys(noun)[0], term_keys(noun[:-1])[0]) if k)


def _writes_noun(c: Candidate, noun: frozenset[str], surface: str | None = None) -> bool:
    """Whether a candidate's quote (with the sentence it leans on) or its passage's heading writes a noun (its keys),
    other than only counted in the quote (``surface``, the folded plural, when given): « En 2025, sept écoles
    primaires ont été équipées… », « …revendent le carton à des entreprises de Cebu » count or evoke the things a
    list question asks to be named and name none; « Trois écoles ont été équipées : … » announces them."""
    chunk = c.hit.chunk
    quote = _quoted_text(c)
    if noun.isdisjoint(match_keys(f"{quote} {chunk.section}")):
        return False
    if surface is None or not noun.isdisjoint(match_keys(chunk.section)):
        return True
    return not _only_counted(fold(quote), surface)


def _names_items(c: Candidate, surface: str | None, question: str) -> bool:
    """Whether a candidate that writes the noun of a list of named things (``surface``, folded plural) names some:
    a name or a title the question does not hold (``question``, folded) after a written occurrence of the noun
    (« …ont été créées : Sangkat Thmey, Phum Leu… »), anywhere in the quote when only its heading writes the noun.
    « Le label est une marque créée par les coopératives rizicoles de la province » writes « coopératives » and
    names none; « Les écoles retenues sont celles de Koulouba, de Tiogo et de Bourou » names them. Only for the nouns
    of ``written_list_nouns.with_names``: « …ont débuté par des échanges sur les projets contribuant à la
    décarbonation » answers « Quels projets La Rochelle mène-t-elle au Japon ? »."""
    if surface is None or surface not in data()["written_list_nouns"]["with_names"]:
        return True
    quote = _quoted_text(c)
    folded = fold_offsets(quote)
    noun, counted = _counted_patterns(surface)
    # (not in a title: « Étendre le programme « Collèges citoyens du monde » à 35 collèges » names no collège)
    titles = [(m.start(), m.end()) for m in _TITLE.finditer(folded.text)]
    written = [m for m in noun.finditer(folded.text) if not any(a < m.start() < b for a, b in titles)]
    uncounted = [m for m in written if not counted.search(folded.text[max(0, m.start() - 40) : m.start()])]
    names = spans.novel(spans.find(quote, SpanKind.NAME), question)
    if not uncounted:
        heading = _HEADING_HEAD.sub("", fold(c.hit.chunk.section or ""), count=1)
        if noun.match(heading):
            # the heading is the noun's (« Écoles partenaires », « 2. Les écoles retenues »): the quote's names are
            # its items (not under « Eau et assainissement dans les écoles », which only speaks of them)
            return bool(names)
        if not written:
            return False  # only a heading that speaks of them writes the noun
    occurrences = uncounted or written  # a count that announces (« Les cinq agents formés sont Awa Sawadogo… »)
    first = min(folded.end(m.end()) for m in occurrences) if occurrences else 0
    if not uncounted and occurrences:
        # …announces them at once, in its own clause (« sept écoles primaires ont été équipées d'un point d'eau » does
        # not, nor « Équiper les six dernières écoles du programme. - Préparer, avec le District… »)
        return any(
            0 <= s.start - first <= COUNT_ANNOUNCES_WITHIN and not _CLAUSE_END.search(quote, first, s.start)
            for s in names
        )
    # …in the sentence that writes it (« …la priorité aux écoles et aux centres de santé. Par ailleurs, six agents
    # d'Orléans Métropole… » names no école)
    return any(s.start >= first and not _SENTENCE_END.search(quote, first, s.start) for s in names)


#: A title in French quotes (bounded: linear).
_TITLE = re.compile(r"«[^»]{0,200}»")
#: The end of a sentence (not the point of « M. », « Mme. »).
_SENTENCE_END = re.compile(r"(?<![A-Z])(?<!Mme)[.!?](?=\s)")
#: What may stand before the noun of a heading that announces a list (a number, an article, « liste des »), folded.
_HEADING_HEAD = re.compile(r"^[\s\d.)#*-]*(?:(?:liste|noms?)\s+(?:des|de|d')\s*)?(?:(?:les|des|nos|vos|leurs)\s+)?")
#: How far below the best answer a sentence that defines the subject of a definition question may score.
DEFINITION_MARGIN = 2.0
#: How many characters after a counted noun its items may start (« Les cinq agents formés en 2025 sont Awa… »).
COUNT_ANNOUNCES_WITHIN = 80
#: What ends the clause of a counted noun before its items would start.
_CLAUSE_END = re.compile(r"[.;\n]")


#: What makes a noun counted or indefinite rather than a lead-in (« sept écoles », « 14 vitraux d'églises » aside,
#: « une dizaine de villages », « le nombre d'écoles », « des entreprises », « plusieurs associations »), folded,
#: before an optional adjective.
_QUANTIFIERS = r"\d[\d\s.]*|des|plusieurs|quelques|nombreu(?:x|ses)|certain(?:e)?s|nombre"


@lru_cache(maxsize=256)
def _counted_patterns(surface: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The noun (plural or singular) and what counts it, ending where the noun starts (see :func:`_only_counted`)."""
    singular = surface[:-1] if surface.endswith(("s", "x")) else surface
    numbers = "|".join(re.escape(w) for w in sorted(data()["number_words"], key=len, reverse=True))
    return (
        re.compile(rf"\b(?:{re.escape(surface)}|{re.escape(singular)})\b"),
        re.compile(rf"\b(?:{_QUANTIFIERS}|{numbers})\s+(?:de\s+|d')?(?:[a-z]+\s+)?$"),
    )


#: After a counted noun, what announces its items (« Les cinq agents formés sont Awa Sawadogo, … », « …écoles : »).
_ANNOUNCES = re.compile(r":|\b(?:sont|seront|etaient|furent|comprennent|incluent)\b")


def _only_counted(folded: str, surface: str) -> bool:
    """Whether every occurrence of the noun (``surface``, folded plural, or its singular) in ``folded`` is counted or
    indefinite (``_QUANTIFIERS``, a number word), with nothing after it to announce items (``_ANNOUNCES``)."""
    noun, counted = _counted_patterns(surface)
    seen = False
    for m in noun.finditer(folded):
        seen = True
        if not counted.search(folded[max(0, m.start() - 40) : m.start()]) or _ANNOUNCES.search(folded, m.end()):
            return False
    return seen


def _quoted_text(c: Candidate) -> str:
    """The text a candidate quotes: its sentence, with the one it leans on."""
    chunk = c.hit.chunk
    start = c.context_start if c.context_start is not None else c.start
    return chunk.text[start - chunk.start : c.end - chunk.start]


def _shares_words(c: Candidate, profile: QuestionProfile) -> bool:
    """Whether the quote (with the sentence it leans on) holds at least one of the question's words."""
    chunk = c.hit.chunk
    start = c.context_start if c.context_start is not None else c.start
    return profile.coverage(match_keys(chunk.text[start - chunk.start : c.end - chunk.start])) > 0.0


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


def _one_line(items: Sequence[str]) -> bool:
    """Whether a list's items (as prose) are short enough to be said in one line: two or more, each of at
    most :data:`LIST_LINE_ITEM_WORDS` words, none a lead-in (« Les partenaires sont : »)."""
    return len(items) >= 2 and all(
        len(i.split()) <= LIST_LINE_ITEM_WORDS and not i.endswith(":") and ";" not in i for i in items
    )


#: The cells of a table row as the readers write them (« cell | cell »).
_CELL_SEPARATOR = " | "
#: How far above a row its table's header is looked for (characters of the passage).
MAX_TABLE_REACH = 6000


def table_header(text: str, at: int) -> str | None:
    """The header row of the table whose row starts at ``at`` in ``text`` (a passage's text, rows one per line): the
    first line of the run of rows it belongs to (a Markdown rule line, « |---|---| », is skipped), when that is another
    line whose cells all read as headers (words, or a year: not « Lundi 2 juin », not « 45 000 »); None for a line that
    is no table row, or a table without such a header in the passage."""
    line_end = text.find("\n", at)
    row = text[at : line_end if line_end >= 0 else len(text)]
    if not _is_row(row) or (at > 0 and text[at - 1] != "\n"):
        return None
    floor = max(0, at - MAX_TABLE_REACH)
    top = at
    first_row = at
    while top > 0:
        previous = text.rfind("\n", floor, top - 1) + 1  # the previous line's start (0 at the text's start)
        line = text[max(previous, floor) : top - 1]
        if not (_is_row(line) or _is_rule(line)):
            break
        if previous == 0 and floor > 0:
            return None  # the run goes on beyond the reach: its header is too far to tell
        top = previous
        if not _is_rule(line):
            first_row = previous
    if first_row == at:
        return None
    end = text.find("\n", first_row)
    header = text[first_row : end if end >= 0 else len(text)].rstrip()
    if not all(_header_cell_text(c) for c in _cells(header)):
        return None
    return header


def _is_row(line: str) -> bool:
    """Whether a line is a table row: cells between « | » (as the readers write them, or raw Markdown)."""
    return _CELL_SEPARATOR in line or (line.strip().startswith("|") and line.strip().endswith("|") and len(line) > 2)


def _is_rule(line: str) -> bool:
    """Whether a line is a Markdown table's rule (« |---|:---:| »)."""
    stripped = line.strip()
    return "-" in stripped and stripped.strip("|-: ") == ""


def _cells(line: str) -> list[str]:
    """The cells of a table row, stripped: a raw Markdown row loses its outer « | »; a row the readers wrote keeps an
    empty first cell (the corner of a table whose first column has no header)."""
    stripped = line.strip()
    if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
        return [c.strip() for c in stripped[1:-1].split("|")]
    return [c.strip() for c in line.rstrip().split("|")]


def _header_cell_text(cell: str) -> bool:
    """Whether a cell reads as a column header: empty (a corner), words (« Financeur », « Après avenant (euros) »,
    « Édition 2026 ») whose only figures are years, or a year (« 2025 »); not a value (« 45 000 », « Lundi 2 juin »)."""
    if not cell:
        return True
    figures = re.findall(r"\d+", cell)
    if any(len(f) != 4 for f in figures):
        return False
    return (len(cell) == 4 and cell.isdigit()) or any(ch.isalpha() for ch in cell)


def with_headers(header: str, row: str) -> str | None:
    """« Financeur : GrandAngoulême ; Convention initiale (euros) : 45 000 » for a row under its header, when both have
    as many cells (None otherwise); an empty cell is left out, a cell under an empty header is said alone."""
    heads = _cells(header)
    cells = _cells(row)
    if len(heads) != len(cells) or "\n" in row.strip():
        return None
    return " ; ".join(f"{h} : {c}" if h else c for h, c in zip(heads, cells, strict=True) if c)


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
        # a sentence cut by its passage's end (« …de la Journée de l'Arménie et des ») is shown as cut, not closed
        # (a capital is a label, not a cut: « Annexe A », « Plan B »)
        last = one_line.rsplit(None, 1)[-1]
        cut = (fold(last) in _NEVER_LAST and not last[:1].isupper()) or last.endswith(("'", "’"))
        one_line += "…" if cut else "."
    return one_line


#: Words no French sentence ends with: a quote that ends with one was cut (at its passage's end).
_NEVER_LAST = frozenset("de des du la le les un une et ou a au aux en pour par avec sur dans que qui dont".split())
