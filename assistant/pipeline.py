"""The assistant: an opened index, ready to answer questions.

::

    from assistant import Settings
    from assistant.pipeline import Assistant

    bot = Assistant.open(Settings.from_env())
    answer = bot.ask("Avec quelle ville arménienne Clamart est-elle jumelée ?")
    print(answer.text)                     # « … Artachat … [1] »
    print(answer.citations[0].source)      # clamart-artachat-cooperation.txt

Opening loads the embedding model, Chroma and BM25 once; each question then costs one
query encoding and a few lookups.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
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
    sentence_candidates,
)
from .catalog import Catalog, DocumentInfo, Manifest
from .conversation import is_follow_up, rewrite
from .embeddings import Embedder
from .errors import IndexMissingError, QueryError
from .lexical import LexicalIndex
from .question import analyse
from .retrieval import HybridRetriever
from .settings import Settings
from .store import ChromaStore
from .textnorm import fold
from .types import (
    MAX_FILTER_VALUE_CHARS,
    MAX_FILTER_VALUES,
    Answer,
    Citation,
    Document,
    Filters,
    Section,
    filter_spec,
    filters_help,
    section_at,
)

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 2000


@dataclass(frozen=True)
class Diagnostics:
    """What the last answer was based on (for evaluation and calibration)."""

    evidence: Evidence


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
        store: ChromaStore,
        retriever: HybridRetriever,
        lexical: LexicalIndex,
        documents: dict[str, DocumentInfo],
    ) -> None:
        self.settings = settings
        self.embedder = embedder
        self._catalog = catalog
        self._store = store
        self._retriever = retriever
        self._lexical = lexical
        self._documents = documents
        self.last_diagnostics: Diagnostics | None = None
        self._examples: list[str] | None = None
        self._sections: dict[str, tuple[Section, ...]] = {}  # headings and pages of cited documents

    @classmethod
    def open(cls, settings: Settings, embedder: Embedder | None = None) -> Assistant:
        """Open the index of ``settings.index_dir``; raises IndexMissingError / IndexMismatchError."""
        catalog = Catalog(settings.index_dir)
        manifest = catalog.load()  # binds the catalog to the generation this manifest publishes
        if not catalog.chroma_dir.is_dir():
            raise IndexMissingError(
                f"L'index {settings.index_dir} est incomplet (dossier {catalog.chroma_dir.name} absent) : "
                "relancez « coop ingest »."
            )
        hold = catalog.hold()  # an ingestion does not delete a generation someone has open
        try:
            bot = cls._open(settings, embedder, catalog, manifest)
        except BaseException:
            hold.close()
            raise
        bot.generation = manifest.generation
        bot._hold = hold
        return bot

    def close(self) -> None:
        """Release the index (Chroma, the hold on the generation); the assistant is unusable after."""
        self._store.close()
        if self._hold is not None:
            self._hold.close()
            self._hold = None

    @classmethod
    def _open(cls, settings: Settings, embedder: Embedder | None, catalog: Catalog, manifest: Manifest) -> Assistant:
        if embedder is None:
            from .embeddings import load_embedder

            embedder = load_embedder(settings)
        Catalog.check_fingerprint(
            manifest.fingerprint, settings.index_fingerprint(embedder.model_id), settings.index_dir
        )
        store = ChromaStore(catalog.chroma_dir)
        chunks = {c.id: c for c in store.all_chunks()}
        loaded = LexicalIndex.load(catalog.bm25_dir)
        if loaded is not None and loaded[1] == manifest.generation and len(loaded[0].ids) == len(chunks):
            lexical = loaded[0]
        else:
            log.warning("Index BM25 absent ou en retard sur l'index : reconstruit en mémoire.")
            lexical = LexicalIndex.build(sorted(chunks.values(), key=lambda c: (c.doc_id, c.start, c.end)))
        retriever = HybridRetriever(
            embedder,
            store,
            lexical,
            chunks,
            dense_weight=settings.dense_weight,
            lexical_weight=settings.lexical_weight,
            candidates=settings.candidates,
            sentence_weight=settings.sentence_weight,
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
        question = (question or "").strip()
        if not question:
            raise QueryError("La question est vide : écrivez une question en français.")
        if len(question) > MAX_QUESTION_CHARS:
            raise QueryError(
                f"La question est trop longue ({len(question)} caractères, maximum {MAX_QUESTION_CHARS}) : "
                "raccourcissez-la."
            )
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
                return Answer(question, question, NOT_FOUND, True, (), ())
            flt = replace(flt, sources=frozenset(sources))
        turns = [h for h in history if h and h.strip()]
        search_query = self._with_previous_answer(rewrite(question, turns), turns, flt)
        answer, evidence = self._compose(question, search_query, flt, top_k)
        self.last_diagnostics = Diagnostics(evidence)
        answer = replace(answer, citations=tuple(self._locate(c) for c in answer.citations))
        if top_k < len(answer.passages):
            answer = replace(answer, passages=answer.passages[:top_k])
        return answer

    def _with_previous_answer(self, search_query: str, turns: Sequence[str], flt: Filters) -> str:
        """A follow-up leans on the previous answer as well as on the previous question: « Depuis
        quand ? » after « Quelle ville arménienne est jumelée avec Clamart ? » asks since when Clamart
        is twinned with *Artachat*. The previous question's short answer (a name, a date, an amount)
        joins the follow-up's context: « Depuis quand ? (ville arménienne est jumelée avec Clamart :
        Artachat) »."""
        if not turns or not search_query.endswith(")") or not is_follow_up(search_query.split(" (", 1)[0]):
            return search_query
        previous_query = rewrite(turns[-1], turns[:-1])
        previous, _ = self._compose(turns[-1], previous_query, flt, 10)
        short = previous.short_answer
        if previous.abstained or not short or fold(short) in fold(search_query) or len(short) > 80:
            return search_query
        return f"{search_query[:-1]} : {short})"

    def _compose(self, question: str, search_query: str, flt: Filters, top_k: int) -> tuple[Answer, Evidence]:
        retrieval = self._retriever.search(search_query, max(top_k, 10), flt or None, _lexical_query(search_query))
        vectors = self._store.sentence_vectors([h.chunk.id for h in retrieval.hits[:ANSWER_PASSAGES]])
        return compose(
            question,
            search_query,
            retrieval,
            vectors,
            self._lexical,
            max_sentences=self.settings.max_answer_sentences,
            threshold=self.settings.abstain_threshold,
        )

    def answer_candidates(self, question: str, history: Sequence[str] = ()) -> list[tuple[Candidate, np.ndarray]]:
        """The candidate answer sentences of ``question`` with their features (to train the scorer)."""
        search_query = rewrite(question, [h for h in history if h and h.strip()])
        retrieval = self._retriever.search(search_query, 10, None, _lexical_query(search_query))
        vectors = self._store.sentence_vectors([h.chunk.id for h in retrieval.hits[:ANSWER_PASSAGES]])
        analysis = analyse(search_query)
        profile = profile_of(search_query, analysis, self._lexical)
        turn = follow_up_turn(question, search_query)
        return sentence_candidates(retrieval, vectors, profile, analysis, ANSWER_PASSAGES, turn)

    def _locate(self, citation: Citation) -> Citation:
        """The heading and page of the quoted sentence itself.

        A passage may run over several pages, or open with a tiny section: it carries the heading
        and page of most of its text, the quote gets those of the place it is quoted from, as a
        user citing it would write them.
        """
        sections = self._sections.get(citation.source)
        if sections is None:
            doc = self._catalog.load_document(citation.source)
            sections = self._sections[citation.source] = doc.sections if doc else ()
        found = section_at(sections, citation.start)
        if found is None:
            return citation
        return replace(citation, section=found.heading, page=found.page)

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
        docs = self._documents.values()
        return {
            "source": sorted(d.id for d in docs),
            "authority": sorted({d.metadata.authority for d in docs if d.metadata.authority}),
            "country": sorted({c for d in docs for c in d.metadata.countries}),
            "theme": sorted({t for d in docs for t in d.metadata.themes}),
            "place": sorted({p for d in docs for p in d.metadata.places}),
            "date": sorted({d.metadata.date[:4] for d in docs if d.metadata.date}),
        }

    def example_questions(self, n: int = 4) -> list[str]:
        """Questions a newcomer can ask, built from what the corpus is about (its metadata)."""
        docs = self.documents()
        actions: list[str] = []
        for d in docs:
            m = d.metadata
            if m.authority and m.places:
                subject, pronoun = _with_article(m.authority)
                actions.append(f"Quelles actions {subject} mène-t-{pronoun} avec {m.places[0]} ?")
        places = Counter(p for d in docs for p in d.metadata.places)
        funding = [f"Qui finance les projets menés à {place} ?" for place, _ in places.most_common(3)]
        themes = Counter(t for d in docs for t in d.metadata.themes)
        topics = [f"Quels projets concernent le thème « {theme} » ?" for theme, _ in themes.most_common(2)]
        authorities = Counter(d.metadata.authority for d in docs if d.metadata.authority)
        axes = []
        for auth, _ in authorities.most_common(2):
            subject, _pronoun = _with_article(auth)
            of = "du " + subject[3:] if subject.startswith("le ") else "de " + subject
            axes.append(f"Quels sont les axes de coopération {of} ?")
        # Interleave the kinds of questions (round robin) so that the first few are varied.
        kinds = [actions, funding, topics, axes]
        seen: dict[str, None] = {}
        for i in range(max((len(k) for k in kinds), default=0)):
            for kind in kinds:
                if i < len(kind):
                    seen.setdefault(kind[i], None)
        varied = list(seen)
        # Only offer questions the documents do answer.
        if self._examples is None:
            self._examples = [q for q in varied[: 3 * max(n, 4)] if not self.ask(q).abstained]
        return self._examples[:n]


def _lexical_query(search_query: str) -> str | None:
    """For an English question, the words BM25 looks for in French documents (its names and
    the French of its content words); None for a French question."""
    analysis = analyse(search_query)
    if analysis.language != "en":
        return None
    return " ".join([search_query, *analysis.french_terms])


_MASCULINE = ("département", "conseil", "syndicat", "territoire", "pays")


def _with_article(name: str) -> tuple[str, str]:
    """« Ville de Clamart » → (« la Ville de Clamart », « elle »); « Département du Var » → (« le … », « il »)."""
    bare = re.sub(r"^(?:la |le |les |l['’])", "", name.strip(), flags=re.IGNORECASE)
    first = bare.split()[0].lower() if bare.split() else ""
    masculine = first in _MASCULINE
    if first[:1] in "aeiouyéèêh":
        return f"l'{bare}", "il" if masculine else "elle"
    return (f"le {bare}", "il") if masculine else (f"la {bare}", "elle")


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
        if spec.field == "countries":
            cleaned = {v.upper() for v in cleaned}
        if spec.field == "dates" and not all(re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", v) for v in cleaned):
            raise QueryError(
                f"Filtre {spec.key} ({spec.noun}) : attendu {spec.hint} (par ex. {spec.key}={spec.example})."
            )
        if cleaned:
            fields.setdefault(spec.field, set()).update(cleaned)
    return Filters(**{k: frozenset(v) for k, v in fields.items()})
