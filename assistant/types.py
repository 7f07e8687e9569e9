"""Value objects that cross module boundaries: Document → Chunk → Hit → Answer (with Citations).

They are frozen dataclasses holding only plain Python values, so that no third-party shape
(chromadb results, gradio events, numpy arrays) leaks out of the adapter that produced it.
Character offsets are always offsets into :attr:`Document.text` (Unicode NFC, code points).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from .french import fold


@dataclass(frozen=True, slots=True)
class Section:
    """A span of a document under one heading path (and, for a PDF, on one page)."""

    start: int
    end: int
    heading: str = ""  # heading path, "Titre > Sous-titre"; "" when the span has no heading
    page: int | None = None  # 1-based page number (PDF, TIFF), None otherwise
    ocr: float | None = None  # the text is an OCR reading of a scanned page: Tesseract's confidence (0–100)


@dataclass(frozen=True, slots=True)
class DocumentMetadata:
    """What ingestion learnt about a document, used for display and filters."""

    date: str | None = None  # ISO 8601 date (YYYY-MM-DD) the document states, if any
    authority: str | None = None  # French local authority that wrote it ("Ville de Clamart")
    places: tuple[str, ...] = ()  # partner places named ("Artachat", "Kendari")
    countries: tuple[str, ...] = ()  # ISO 3166-1 alpha-2 codes ("AM", "ID")
    themes: tuple[str, ...] = ()  # from a fixed French list ("santé", "eau", ...)

    def as_dict(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}


@dataclass(frozen=True, slots=True)
class Document:
    """One source file, read and normalised."""

    id: str  # path relative to the corpus root, POSIX separators: stable across machines
    title: str
    text: str  # NFC text; every offset in the system points into this string
    format: str  # "txt", "md", "pdf", "docx", "odt", "html"
    sha256: str  # of the file's bytes: detects changes and identical files
    size: int  # bytes on disk
    sections: tuple[Section, ...] = ()
    metadata: DocumentMetadata = field(default_factory=DocumentMetadata)
    #: what reading noted (French): scanned pages hard to read or not read (« page 3 : texte peu lisible… »)
    notes: tuple[str, ...] = ()

    def section_at(self, offset: int) -> Section | None:
        """The innermost section containing ``offset`` (the last one starting at or before it)."""
        return section_at(self.sections, offset)


def section_at(sections: Sequence[Section], offset: int) -> Section | None:
    """The innermost of ``sections`` containing ``offset`` (the last one starting at or before it)."""
    found: Section | None = None
    for section in sections:
        if section.start <= offset < section.end or (section.start == offset == section.end):
            found = section
    return found


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence (or a list item joined to its lead-in) inside a chunk, with document offsets."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Chunk:
    """A passage of a document: what is embedded, indexed, retrieved and cited."""

    id: str  # deterministic: same document, same span, same text → same id
    doc_id: str
    start: int
    end: int
    text: str  # == document.text[start:end]
    title: str  # the document's title
    section: str = ""  # nearest heading path
    page: int | None = None
    sentences: tuple[Sentence, ...] = ()
    metadata: DocumentMetadata = field(default_factory=DocumentMetadata)
    #: part of the passage is an OCR reading of a scanned page: the lowest confidence of its pages (0–100)
    ocr: float | None = None

    @property
    def context(self) -> str:
        """Title and heading, prepended to the text when embedding so that a chunk knows its subject."""
        parts = [self.title]
        if self.section and self.section != self.title:
            parts.append(self.section)
        return " — ".join(p for p in parts if p)

    @property
    def embed_text(self) -> str:
        context = self.context
        return f"{context}\n{self.text}" if context else self.text


@dataclass(frozen=True, slots=True)
class Hit:
    """A retrieved chunk with its fused score and the scores of each retriever."""

    chunk: Chunk
    score: float  # fused relevance, higher is better (roughly in [0, 1])
    rank: int  # 1-based
    dense: float | None = None  # cosine similarity of the query to the chunk, if retrieved densely
    lexical: float | None = None  # BM25 score, if retrieved lexically


@dataclass(frozen=True, slots=True)
class Citation:
    """What a ``[n]`` in an answer points to: an exact quote of a document."""

    n: int
    source: str  # document id (path relative to the corpus root)
    title: str
    section: str
    start: int  # span of the quoted sentence(s) in the document text
    end: int
    text: str  # the quoted text, == document.text[start:end]
    score: float  # retrieval score of the passage the quote comes from (the Hit's fused score)
    passage_start: int  # span of the whole retrieved passage the quote comes from
    passage_end: int
    page: int | None = None
    date: str | None = None
    #: the quote is an OCR reading of a scanned page (check it against the page image), and its confidence
    ocr: bool = False
    ocr_confidence: float | None = None  # Tesseract's confidence for the page, 0–100
    #: a quoted table row: the header row of its table, as the passage writes it (« Financeur | Convention initiale
    #: (euros) | Après avenant (euros) »), so that the row can be read; None for any other quote
    table_header: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Answer:
    """The result of a question: a short cited answer, or an abstention, and the passages seen."""

    question: str
    search_query: str  # the self-contained query actually searched (differs for follow-ups)
    text: str  # every sentence ends with one or more [n]; or the "not found" sentence
    abstained: bool
    citations: tuple[Citation, ...]
    passages: tuple[Hit, ...]  # top retrieved passages in rank order
    short_answer: str | None = None  # the exact span of the first quote that answers (date, amount, name…)

    def as_dict(self) -> dict[str, Any]:
        """The JSON contract of ``coop ask --json`` and of the API."""
        return {
            "question": self.question,
            "search_query": self.search_query,
            "answer": self.text,
            "short_answer": self.short_answer,
            "abstained": self.abstained,
            "citations": [c.as_dict() for c in self.citations],
            "passages": [
                {
                    "source": h.chunk.doc_id,
                    "title": h.chunk.title,
                    "section": h.chunk.section,
                    "page": h.chunk.page,
                    "ocr_confidence": h.chunk.ocr,  # None unless the passage is an OCR reading
                    "start": h.chunk.start,
                    "end": h.chunk.end,
                    "text": h.chunk.text,
                    "score": round(h.score, 6),
                }
                for h in self.passages
            ],
        }


@dataclass(frozen=True, slots=True)
class FilterSpec:
    """One search filter: the single place where its key, spellings and French words are written.

    The CLI help, the API and CLI error messages, the interface's labels and its « Filtres
    appliqués » notes all read :data:`FILTERS`.
    """

    key: str  # canonical key: CLI ``--filter key=…``, API ``filters``, interface
    field: str  # the field of :class:`Filters` it fills
    label: str  # French label of the interface's selector (« Année de publication »)
    noun: str  # French words in notes and messages (« année de publication »)
    example: str  # an example value, for the help
    aliases: tuple[str, ...] = ()  # other spellings accepted (French, English, without accents)
    hint: str = ""  # what a value looks like, when it has a form (« AAAA, AAAA-MM ou AAAA-MM-JJ »)
    info: str = ""  # French help shown under the interface's selector
    stored: str = ""  # the stored field it tests: "doc_id" or a DocumentMetadata field (« countries »)
    match: str = "exact"  # "exact": one value per document; "any": a list; "prefix": a date's beginning
    shown: str = ""  # how the interface shows a value: "title" (of the document), "country" (its name)
    upper: bool = False  # values are upper-cased (ISO country codes)

    def values_of(self, doc_id: str, metadata: DocumentMetadata) -> tuple[str, ...]:
        """The values of this field for one document (its id, or its metadata)."""
        if self.stored == "doc_id":
            return (doc_id,)
        value = getattr(metadata, self.stored)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,) if value else ()
        return tuple(value)

    def accepts(self, wanted: frozenset[str], values: tuple[str, ...]) -> bool:
        """Whether a document with ``values`` passes this filter set to ``wanted`` (alternatives)."""
        if self.match == "prefix":
            return any(v.startswith(w) for v in values for w in wanted)
        return not wanted.isdisjoint(values)


#: The search filters, in the order of the interface and of the help.
FILTERS: tuple[FilterSpec, ...] = (
    FilterSpec(
        "source",
        "sources",
        "Documents",
        "documents",
        "clamart-artachat-cooperation.txt",
        ("document",),
        info="Limiter la recherche à certains documents",
        stored="doc_id",
        shown="title",
    ),
    FilterSpec(
        "authority", "authorities", "Collectivités", "collectivités", "Ville de Clamart", ("collectivite",),
        stored="authority",
    ),
    FilterSpec(
        "country", "countries", "Pays partenaires", "pays", "AM", ("pays",), "code ISO à deux lettres",
        stored="countries", match="any", shown="country", upper=True,
    ),
    FilterSpec("theme", "themes", "Thèmes", "thèmes", "santé", ("themes",), stored="themes", match="any"),
    FilterSpec("place", "places", "Lieux partenaires", "lieux", "Artachat", ("lieu",), stored="places", match="any"),
    FilterSpec(
        "date",
        "dates",
        "Année de publication",
        "année de publication",
        "2025",
        ("annee", "year"),
        "AAAA, AAAA-MM ou AAAA-MM-JJ",
        stored="date",
        match="prefix",
    ),
)
FILTER_BY_KEY: dict[str, FilterSpec] = {f.key: f for f in FILTERS}

#: Every accepted spelling of a filter key (lower case, without accents) → the field of :class:`Filters`.
FILTER_KEYS: dict[str, str] = {name: f.field for f in FILTERS for name in (f.key, *f.aliases)}

#: At most this many values in all the filters of one question, each at most this long.
MAX_FILTER_VALUES = 200
MAX_FILTER_VALUE_CHARS = 300


def filter_spec(key: str) -> FilterSpec | None:
    """The filter named ``key`` (any accepted spelling, any case, with or without accents)."""
    field_name = FILTER_KEYS.get(fold(key.strip()))
    return next((f for f in FILTERS if f.field == field_name), None)


def filters_help() -> str:
    """« source=… (documents), authority=… (collectivités), … » for help texts and error messages."""
    return ", ".join(f"{f.key}={f.example} ({f.noun}{' : ' + f.hint if f.hint else ''})" for f in FILTERS)


@dataclass(frozen=True, slots=True)
class Filters:
    """Restrictions of a search. Within a field values are alternatives (OR); fields combine with AND."""

    sources: frozenset[str] = frozenset()
    authorities: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    themes: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    dates: frozenset[str] = frozenset()  # ISO prefixes: "2025", "2025-06", "2025-06-16"

    def __bool__(self) -> bool:
        return any(getattr(self, spec.field) for spec in FILTERS)

    def matches(self, chunk: Chunk) -> bool:
        """Whether a passage passes every filter set (each field's values are alternatives)."""
        return self.accepts_document(chunk.doc_id, chunk.metadata)

    def accepts_document(self, doc_id: str, metadata: DocumentMetadata) -> bool:
        """Whether the passages of document ``doc_id`` with ``metadata`` pass every filter set."""
        for spec in FILTERS:
            wanted: frozenset[str] = getattr(self, spec.field)
            if wanted and not spec.accepts(wanted, spec.values_of(doc_id, metadata)):
                return False
        return True

    def as_dict(self) -> dict[str, list[str]]:
        return {k: sorted(v) for k, v in asdict(self).items() if v}
