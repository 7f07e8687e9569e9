"""The assistant: an opened index, ready to answer questions.

::

    from assistant import Settings
    from assistant.pipeline import Assistant

    bot = Assistant.open(Settings.from_env())
    answer = bot.ask("Avec quelle ville arménienne Clamart est-elle jumelée ?")
    print(answer.text)                     # « … Artachat … [1] »
    print(answer.citations[0].source)      # clamart-artachat-cooperation.txt
    reply = bot.reply("Qui finance le projet ?")
    print(reply.evidence)                  # the signals the abstention was decided from

Opening loads the embedding model, Chroma and BM25 once; each question then costs one
query encoding and a few lookups.
"""

from __future__ import annotations

import gc
import logging
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

import numpy as np

from .answer import (
    ANSWER_PASSAGES,
    NOT_FOUND,
    Candidate,
    Evidence,
    compose,
    follow_up_turn,
    profile_of,
    scorer_vector,
    sentence_candidates,
    truecase,
)
from .answer.acceptance import acceptance_model
from .catalog import Catalog, DocumentInfo, Manifest
from .conversation import is_follow_up, rewrite
from .errors import IndexMissingError, QueryError
from .examples import example_questions
from .french import fold
from .lexical import LexicalIndex
from .limits import check_question
from .models import Embedder
from .named_documents import named_documents
from .passages import PassageTable
from .question import AnswerType, analyse, data
from .retrieval import HybridRetriever, Retrieval, with_extra, with_scoped
from .sentence_vectors import FillReport, SentenceCache, SentenceVectors, fill_sentence_file
from .settings import Settings
from .store import ChromaStore, VectorStore
from .store.sentence_file import SENTENCE_FILE, SentenceFile
from .textnorm import query_terms
from .types import (
    FILTERS,
    MAX_FILTER_VALUE_CHARS,
    MAX_FILTER_VALUES,
    Answer,
    Chunk,
    Citation,
    Document,
    Filters,
    Section,
    filter_spec,
    filters_help,
    section_at,
)

log = logging.getLogger(__name__)

#: Short answers of the last questions composed, kept for the follow-ups that lean on them.
RECENT_ANSWERS = 1024
#: The best passages whose names capitalise a question typed without capitals (as compose reads them).
NAME_PASSAGES = 3


@dataclass(frozen=True)
class Reply:
    """An answer and the evidence it was decided from (for evaluation and calibration)."""

    answer: Answer
    evidence: Evidence | None  # None when nothing was searched (no document of the filtered date)


def _freeze_loaded_objects() -> None:
    """Leave what an opened index loaded (passages, words of the lexical index, sentences: ≈ 600,000 objects at
    20,000 documents) out of Python's garbage collector: they live as long as the assistant, and each full
    collection, every few questions, walked them all (≈ 0.3 s at 20,000 documents: see the README, issue 15).
    Objects freed later are still freed as usual (reference counting); only a reference cycle among them would
    stay, and the index's objects form none. Process-wide, as ``gc`` is."""
    gc.collect()
    gc.freeze()


class Assistant:
    """Answers questions from one generation of one index directory (see live.py to follow it)."""

    #: the index generation this assistant answers from
    generation: int = 0
    _hold: Any = None

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder,
        catalog: Catalog,
        store: VectorStore,
        retriever: HybridRetriever,
        lexical: LexicalIndex,
        documents: dict[str, DocumentInfo],
    ) -> None:
        self.settings = settings
        self.embedder = embedder
        self._catalog = catalog
        self._store = store
        self._retriever = retriever
        # the sentence vectors of the passages looked at: the retriever's (read or encoded, cached), shared
        self._sentences = retriever.sentences or SentenceVectors(embedder, store, stored=True)
        self._lexical = lexical
        self._documents = documents
        self._examples: list[str] | None = None
        self._sections: dict[str, tuple[Section, ...]] = {}  # headings and pages of cited documents
        # (question, search query, filters, depth) → (abstained, short answer), last RECENT_ANSWERS
        self._recent: OrderedDict[tuple[str, str, Filters, int], tuple[bool, str | None]] = OrderedDict()
        self._recent_lock = threading.Lock()

    @classmethod
    def open(
        cls, settings: Settings, embedder: Embedder | None = None, *, sentence_cache: SentenceCache | None = None
    ) -> Assistant:
        """Open the index of ``settings.index_dir``; raises IndexMissingError / IndexMismatchError."""
        catalog = Catalog(settings.index_dir)
        manifest = catalog.load()  # binds the catalog to the generation this manifest publishes
        if not manifest.server_namespace and not catalog.chroma_dir.is_dir():
            raise IndexMissingError(
                f"L'index {settings.index_dir} est incomplet (dossier {catalog.chroma_dir.name} absent) : "
                "relancez « coop ingest »."
            )
        hold = catalog.hold()  # an ingestion does not delete a generation someone has open
        try:
            bot = cls._open(settings, embedder, catalog, manifest, sentence_cache)
        except BaseException:
            hold.close()
            raise
        bot.generation = manifest.generation
        bot._hold = hold
        _freeze_loaded_objects()
        return bot

    def close(self) -> None:
        """Release the index (Chroma, the passages file, the hold on the generation); the assistant is
        unusable after."""
        self._store.close()
        self._retriever.chunks.close()
        if self._sentences.file is not None:
            self._sentences.file.close()
        if self._hold is not None:
            self._hold.close()
            self._hold = None

    @property
    def stores_sentences(self) -> bool:
        """Whether the index holds sentence vectors of its own (built with ``separate``): no file is kept beside."""
        return self._sentences.file is None and self._store.count_sentences() > 0

    def fill_sentences(self, *, progress: bool = False, stop: Callable[[], bool] | None = None) -> FillReport | None:
        """Encode ahead of the questions the sentences of every passage that the sentence file lacks
        (:func:`~assistant.sentence_vectors.fill_sentence_file`); None when this index keeps no such file (its
        sentence vectors are stored in it, or the file cannot be opened)."""
        file = self._sentences.file
        if file is None or not file.usable:
            return None
        chunks = self._retriever.chunks
        passages = (chunks[cid] for cid in chunks)
        return fill_sentence_file(passages, len(chunks), self.embedder, file, progress=progress, stop=stop)

    @classmethod
    def _open(
        cls,
        settings: Settings,
        embedder: Embedder | None,
        catalog: Catalog,
        manifest: Manifest,
        sentence_cache: SentenceCache | None = None,
    ) -> Assistant:
        if embedder is None:
            from .models import load_embedder

            embedder = load_embedder(settings)
        Catalog.check_fingerprint(
            manifest.fingerprint, settings.index_fingerprint(embedder.model_id), settings.index_dir
        )
        store = ChromaStore.for_generation(
            catalog.chroma_dir, manifest.server_namespace, settings.chroma_server, create=False
        )
        expected = sum(info.chunks for info in manifest.documents.values())
        everything: list[Chunk] | None = None  # every passage read from Chroma, only where needed
        table_loaded: tuple[PassageTable, int] | None = None
        try:
            table_loaded = PassageTable.load(catalog.passages_dir)
            if table_loaded is not None and table_loaded[1] == manifest.generation and len(table_loaded[0]) == expected:
                chunks = table_loaded[0]
                chunks.fall_back_to(store.chunks_by_id)  # a passage damaged in the files is read from Chroma
            else:
                if table_loaded is not None:
                    table_loaded[0].close()
                log.info("Fichiers des passages absents ou en retard sur l'index : passages lus depuis Chroma.")
                everything = store.all_chunks()
                chunks = PassageTable.from_chunks(everything)
            loaded = LexicalIndex.load(catalog.bm25_dir)
            if loaded is not None and loaded[1] == manifest.generation and len(loaded[0].ids) == len(chunks):
                lexical = loaded[0]
            else:
                log.warning("Index BM25 absent ou en retard sur l'index : reconstruit en mémoire.")
                if everything is None:
                    everything = store.all_chunks()
                lexical = LexicalIndex.build(sorted(everything, key=lambda c: (c.doc_id, c.start, c.end)))
        except BaseException:
            if table_loaded is not None:
                table_loaded[0].close()
            store.close()
            raise
        stored = store.count_sentences() > 0
        retriever = HybridRetriever(
            embedder,
            store,
            lexical,
            chunks,
            dense_weight=settings.dense_weight,
            lexical_weight=settings.lexical_weight,
            candidates=settings.candidates,
            sentence_weight=settings.sentence_weight,
            sentences=SentenceVectors(
                embedder, store, stored=stored, cache=sentence_cache, file=_sentence_file(settings, embedder, stored)
            ),
            sentence_candidates=settings.sentence_candidates,
        )
        return cls(settings, embedder, catalog, store, retriever, lexical, dict(manifest.documents))

    # --- questions ------------------------------------------------------------------------

    def ask(
        self,
        question: str,
        history: Sequence[str] = (),
        *,
        filters: Mapping[str, str | Sequence[str]] | Filters | None = None,
        k: int | None = None,
    ) -> Answer:
        """Answer ``question``; ``history`` holds the previous user questions, oldest first."""
        return self.reply(question, history, filters=filters, k=k).answer

    def reply(
        self,
        question: str,
        history: Sequence[str] = (),
        *,
        filters: Mapping[str, str | Sequence[str]] | Filters | None = None,
        k: int | None = None,
    ) -> Reply:
        """The answer to ``question`` (as :meth:`ask`) with the evidence it was decided from."""
        question = check_question((question or "").strip())
        top_k = k or self.settings.top_k
        if top_k < 1 or top_k > 100:
            raise QueryError(f"k = {top_k} : choisissez un nombre de passages entre 1 et 100.")
        flt = filters if isinstance(filters, Filters) else parse_filters(filters or {})
        if flt.dates:
            # Chroma cannot match a date prefix: a date filter becomes the list of matching documents.
            dated = {
                d.id
                for d in self._documents.values()
                if d.metadata.date and any(d.metadata.date.startswith(p) for p in flt.dates)
            }
            sources = (flt.sources & dated) if flt.sources else dated
            if not sources:  # no document of that date: nothing to search
                return Reply(Answer(question, question, NOT_FOUND, True, (), ()), None)
            flt = replace(flt, sources=frozenset(sources))
        turns = [h for h in history if h and h.strip()]
        search_query = self._with_previous_answer(rewrite(question, turns), turns, flt)
        answer, evidence = self._compose(question, search_query, flt, top_k)
        answer = replace(answer, citations=tuple(self._locate(c) for c in answer.citations))
        if top_k < len(answer.passages):
            answer = replace(answer, passages=answer.passages[:top_k])
        return Reply(answer, evidence)

    def _with_previous_answer(self, search_query: str, turns: Sequence[str], flt: Filters) -> str:
        """A follow-up leans on the previous answer as well as on the previous question: « Depuis
        quand ? » after « Quelle ville arménienne est jumelée avec Clamart ? » asks since when Clamart
        is twinned with *Artachat*. The previous question's short answer (a name, a date, an amount)
        joins the follow-up's context: « Depuis quand ? (ville arménienne est jumelée avec Clamart :
        Artachat) »."""
        if not turns or not search_query.endswith(")") or not is_follow_up(search_query.split(" (", 1)[0]):
            return search_query
        previous_query = rewrite(turns[-1], turns[:-1])
        # the previous question was usually just answered, with these very arguments: not again
        with self._recent_lock:
            recalled = self._recent.get((turns[-1], previous_query, flt, 10))
        if recalled is None:
            previous, _ = self._compose(turns[-1], previous_query, flt, 10)
            recalled = (previous.abstained, previous.short_answer)
        abstained, short = recalled
        if abstained or not short or fold(short) in fold(search_query) or len(short) > 80:
            return search_query
        return f"{search_query[:-1]} : {short})"

    def _search(
        self, question: str, search_query: str, flt: Filters | None, depth: int
    ) -> tuple[str, str, Retrieval]:
        """The passages for ``search_query``; a query typed without capitals is answered as the same query
        with the words the best passages write as names capitalised (« combien la cua verse à gitega » →
        « …la CUA verse à Gitega »): the question and its search query, so cased, come back with the passages
        (found by the query as typed: BM25 ignores case, and the model finds the same passages)."""
        lexical_query = _lexical_query(search_query)
        retrieval = self._retriever.search(search_query, depth, flt or None, lexical_query)
        named = named_documents(search_query, ((d.id, d.title, d.metadata) for d in self._documents.values()))
        if flt and flt.sources:
            named &= flt.sources
        if named:
            # « …dans la convention de 2024 ? »: that document's best passages join the ranking
            scope = replace(flt or Filters(), sources=named)
            scoped = self._retriever.search(search_query, depth, scope, lexical_query)
            retrieval = with_scoped(retrieval, scoped, depth)
        role = _unsaid_role_words(search_query)
        if role is not None:
            # « Et qui tient ses comptes ? »: the passage that names the treasurer may say nothing of accounts; the
            # question searched with the words of the role too finds it
            # (its words and what it is asked of: the context of a follow-up, else the question's names)
            of = search_query[search_query.rfind("(") + 1 : -1] if search_query.endswith(")") else search_query
            named_role = f"{role} {of}"
            # (BM25 reads the role's words alone: the names of the context are in every passage about it)
            retrieval = with_extra(
                retrieval, self._retriever.search(named_role, depth, flt or None, role), depth, ROLE_SLOTS
            )
        term = _defined_term(search_query)
        if term is not None:
            # « Qu'est-ce que la huayruna au taller de Piedra Tejada ? »: the passages about the taller may all use the
            # term without saying what it is; the term searched alone finds the one that explains it
            alone = self._retriever.search(term, depth, flt or None, term)
            retrieval = with_extra(retrieval, alone, depth, DEFINED_TERM_SLOTS)
        if search_query != search_query.lower():
            return question, search_query, retrieval
        texts = [h.chunk.text for h in retrieval.hits[:NAME_PASSAGES]]
        return truecase(question, texts), truecase(search_query, texts), retrieval

    def _compose(self, question: str, search_query: str, flt: Filters, top_k: int) -> tuple[Answer, Evidence]:
        depth = max(top_k, 10)  # the answer depends on the arguments only through this depth
        asked, searched, retrieval = self._search(question, search_query, flt, depth)
        vectors = self._sentences.of([h.chunk for h in retrieval.hits[:ANSWER_PASSAGES]])
        answer, evidence = compose(
            asked,
            searched,
            retrieval,
            vectors,
            self._lexical,
            max_sentences=self.settings.max_answer_sentences,
            threshold=self.settings.abstain_threshold,
            accept_floor=self._accept_floor,
            document_chunks=self._document_chunks,
            sections_of=self._sections_of,
        )
        # the question and its rewrite as typed, whatever the casing searched (nothing new shown to the user)
        answer = replace(answer, question=question, search_query=search_query)
        with self._recent_lock:
            self._recent[(question, search_query, flt, depth)] = (answer.abstained, answer.short_answer)
            self._recent.move_to_end((question, search_query, flt, depth))
            while len(self._recent) > RECENT_ANSWERS:
                self._recent.popitem(last=False)
        return answer, evidence

    @property
    def sentence_cache(self) -> SentenceCache:
        """The sentence vectors encoded at question time (handed to the next opening of the index)."""
        return self._sentences.cache

    @cached_property
    def _accept_floor(self) -> float | None:
        """The acceptance floor: the settings', else the model's own threshold — unless the embedding model is
        not the one the acceptance check was fitted on (its cosines would mean something else): then every
        composed answer is given, as before the check."""
        if self.settings.accept_floor is not None:
            return self.settings.accept_floor
        fitted = acceptance_model().model
        if self.embedder.model_id != fitted:
            log.info("Contrôle d'acceptation désactivé : ajusté pour %s, pas pour %s", fitted, self.embedder.model_id)
            return 0.0
        return None

    def _document_chunks(self, doc_id: str) -> Sequence[Chunk]:
        """Every passage of a document, in the document's order (texts read on demand)."""
        return self._retriever.chunks.of_document(doc_id)

    def answer_candidates(self, question: str, history: Sequence[str] = ()) -> list[tuple[Candidate, np.ndarray]]:
        """The candidate answer sentences of ``question`` with what the scorer weighs (to train it: see
        :data:`~assistant.answer.SCORER_FEATURES`)."""
        search_query = rewrite(question, [h for h in history if h and h.strip()])
        question, search_query, retrieval = self._search(question, search_query, None, 10)
        vectors = self._sentences.of([h.chunk for h in retrieval.hits[:ANSWER_PASSAGES]])
        analysis = analyse(search_query)
        turn = follow_up_turn(question, search_query)
        profile = profile_of(search_query, analysis, self._lexical, turn)
        candidates = sentence_candidates(retrieval, vectors, profile, analysis, ANSWER_PASSAGES, turn)
        return [(c, scorer_vector(c, f)) for c, f in candidates]

    def _locate(self, citation: Citation) -> Citation:
        """The heading and page of the quoted sentence itself.

        A passage may run over several pages, or open with a tiny section: it carries the heading
        and page of most of its text, the quote gets those of the place it is quoted from, as a
        user citing it would write them.
        """
        found = section_at(self._sections_of(citation.source), citation.start)
        if found is None:
            return citation
        # a quote from a scanned page is an OCR reading: the citation says so, with its confidence
        ocr = found.ocr is not None
        return replace(citation, section=found.heading, page=found.page, ocr=ocr, ocr_confidence=found.ocr)

    def _sections_of(self, doc_id: str) -> tuple[Section, ...]:
        """The headings (and pages) of an indexed document, read once."""
        sections = self._sections.get(doc_id)
        if sections is None:
            doc = self._catalog.load_document(doc_id)
            sections = self._sections[doc_id] = doc.sections if doc else ()
        return sections

    # --- the corpus -----------------------------------------------------------------------

    def documents(self) -> list[DocumentInfo]:
        return sorted(self._documents.values(), key=lambda d: d.title.lower())

    def document(self, doc_id: str) -> Document:
        """The full text of an indexed document (nothing else is ever served)."""
        if doc_id not in self._documents:
            raise QueryError(f"Document inconnu de l'index : {doc_id}.")
        doc = self._catalog.load_document(doc_id)
        if doc is None:
            raise QueryError(f"Le texte du document {doc_id} manque dans l'index : relancez « coop ingest ».")
        return doc

    def filter_values(self) -> dict[str, list[str]]:
        """The values each filter may take in this index (a date filter offers the years)."""
        docs = self._documents.values()
        out = {}
        for spec in FILTERS:
            values = {v for d in docs for v in spec.values_of(d.id, d.metadata)}
            out[spec.key] = sorted({v[:4] for v in values} if spec.match == "prefix" else values)
        return out

    def example_questions(self, n: int = 4) -> list[str]:
        """Questions a newcomer can ask (see examples.py), computed once per assistant."""
        if self._examples is None:
            self._examples = example_questions(self.documents(), self.ask, 3 * max(n, 4))
        return self._examples[:n]


#: The words that ask for a definition without being part of its subject (« définition », « signification »).
_DEFINITION_CUES = re.compile(r"\b(?:d[ée]finitions?|significations?|signifient|signifie|d[ée]finir)\b", re.IGNORECASE)


#: Words of a definition question that say it asks a definition (stemmed): no qualifier of its term.
_DEFINITION_WORDS = frozenset(
    query_terms(
        fold(
            "veut dire veulent désigne désignent entend entendre appelle sens mean means stand stands exactement "
            "précisément concrètement"
        )
    )
)
#: How many passages of the term searched alone join a definition question's ranking (see :func:`_defined_term`).
DEFINED_TERM_SLOTS = 2


def _defined_term(search_query: str) -> str | None:
    """The term a French definition question asks about when the question says more than the term (« …la huayruna au
    taller de Piedra Tejada ? », « …le lemmbol dont parlent les éleveuses ? »): searched alone too; else None."""
    analysis = analyse(search_query)
    if analysis.type is not AnswerType.DEFINITION or not analysis.subject or analysis.language == "en":
        return None
    said = set(query_terms(fold(_DEFINITION_CUES.sub(" ", search_query)))) - set(query_terms(analysis.subject))
    return analysis.subject if said - _DEFINITION_WORDS else None


#: How many passages of a role's own words join the ranking of a question that asks it otherwise.
ROLE_SLOTS = 2


def _unsaid_role_words(search_query: str) -> str | None:
    """The words of the role a question asks without naming it (« Qui tient les comptes… ? » → « trésorier
    trésorière »), else None."""
    analysis = analyse(search_query)
    if not analysis.wants_person or any(w in analysis.folded for w in analysis.attribute_words):
        return None
    return " ".join(analysis.attribute_words)


def _lexical_query(search_query: str) -> str | None:
    """For an English question, the words BM25 looks for in French documents (its names and
    the French of its content words); for a role asked in other words (« qui tient les comptes »), the words that
    name it; for a question that asks who may apply to a call, the words of
    eligibility sections (« structures éligibles », « peuvent déposer un dossier »); for a question about an
    end, a start, a duration or a limit (« Jusqu'à quand… ? »), the words that state it (« s'achève »,
    « prend fin »…: ``time_relations`` of ``data/answering.json``); else None."""
    analysis = analyse(search_query)
    if analysis.type is AnswerType.DEFINITION and analysis.subject and analysis.language != "en":
        # « bahareque définition », « signification de kafo »: the cue is no word of the documents' (« La présente
        # convention définit les conditions… » would outrank the sentence that explains the bahareque)
        bare = " ".join(_DEFINITION_CUES.sub(" ", search_query).split())
        if bare.strip(" ?.!,:;") and bare != search_query:
            search_query = bare
            if not (analysis.asks_eligibility or analysis.time_relation):
                return bare
    extra = [data()["eligibility"]["terms"]] if analysis.asks_eligibility else []
    if analysis.time_relation:
        extra.append(data()["time_relations"][analysis.time_relation]["search"])
    role = _unsaid_role_words(search_query)
    if role is not None:
        # a role asked in other words (« Qui tient les comptes de l'association ? »): the words that name it
        # (« trésorier », « trésorière »)
        extra.append(role)
    if analysis.language != "en":
        return " ".join([search_query, *extra]) if extra else None
    return " ".join([search_query, *analysis.french_terms, *extra])


def parse_filters(raw: Mapping[str, str | Sequence[str]]) -> Filters:
    """``{"country": "AM", "theme": ["santé", "eau"]}`` → :class:`Filters`; unknown keys are refused.

    Keys, their spellings and the words of every message come from :data:`assistant.types.FILTERS`;
    at most :data:`MAX_FILTER_VALUES` values of at most :data:`MAX_FILTER_VALUE_CHARS` characters.
    """
    fields: dict[str, set[str]] = {}
    count = 0
    for key, value in raw.items():
        spec = filter_spec(str(key)[:MAX_FILTER_VALUE_CHARS])
        if spec is None:
            shown = str(key) if len(str(key)) <= 40 else str(key)[:40] + "…"
            raise QueryError(f"Filtre inconnu : « {shown} ». Filtres possibles : {filters_help()}.")
        values = [value] if isinstance(value, str) else list(value)
        count += len(values)
        if count > MAX_FILTER_VALUES:
            raise QueryError(f"Trop de valeurs de filtres (plus de {MAX_FILTER_VALUES}) : choisissez-en moins.")
        if any(len(v) > MAX_FILTER_VALUE_CHARS for v in values if isinstance(v, str)):
            raise QueryError(
                f"Filtre {spec.key} ({spec.noun}) : une valeur dépasse {MAX_FILTER_VALUE_CHARS} caractères."
            )
        cleaned = {v.strip() for v in values if v and v.strip()}
        if spec.upper:
            cleaned = {v.upper() for v in cleaned}
        if spec.match == "prefix" and not all(re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", v) for v in cleaned):
            raise QueryError(
                f"Filtre {spec.key} ({spec.noun}) : attendu {spec.hint} (par ex. {spec.key}={spec.example})."
            )
        if cleaned:
            fields.setdefault(spec.field, set()).update(cleaned)
    return Filters(**{k: frozenset(v) for k, v in fields.items()})


def _sentence_file(settings: Settings, embedder: Embedder, stored: bool) -> SentenceFile | None:
    """The file of sentence vectors beside the index (:mod:`assistant.store.sentence_file`), for an index that
    stores none of its own (``lazy``); read-only when the index folder is not writable."""
    if stored or settings.sentence_vectors == "passage":
        return None
    path = settings.index_dir / SENTENCE_FILE
    writable = os.access(settings.index_dir, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))
    # (with a Chroma server, the index folder may be on a disk shared between machines, where WAL does not work)
    wal = settings.chroma_server is None
    file = SentenceFile(path, embedder.model_id, embedder.dimension, writable=writable, wal=wal)
    return file if file.usable else None
