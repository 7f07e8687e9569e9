"""Value objects that cross module boundaries: Document → Chunk → Hit → Answer (with Citations).

They are frozen dataclasses holding only plain Python values, so that no third-party shape
(chromadb results, gradio events, numpy arrays) leaks out of the adapter that produced it.
Character offsets are always offsets into :attr:`Document.text` (Unicode NFC, code points).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Section:
    """A span of a document under one heading path (and, for a PDF, on one page)."""

    start: int
    end: int
    heading: str = ""  # heading path, "Titre > Sous-titre"; "" when the span has no heading
    page: int | None = None  # 1-based page number (PDF), None otherwise


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

    def as_dict(self) -> dict[str, Any]:
        """The JSON contract of ``coop ask --json`` and of the API."""
        return {
            "question": self.question,
            "search_query": self.search_query,
            "answer": self.text,
            "abstained": self.abstained,
            "citations": [c.as_dict() for c in self.citations],
            "passages": [
                {
                    "source": h.chunk.doc_id,
                    "title": h.chunk.title,
                    "section": h.chunk.section,
                    "page": h.chunk.page,
                    "start": h.chunk.start,
                    "end": h.chunk.end,
                    "text": h.chunk.text,
                    "score": round(h.score, 6),
                }
                for h in self.passages
            ],
        }


#: Filter keys accepted by ``ask`` (CLI ``--filter key=value``, API ``filters``), in French and English.
FILTER_KEYS = {
    "source": "sources",
    "document": "sources",
    "authority": "authorities",
    "collectivite": "authorities",
    "country": "countries",
    "pays": "countries",
    "theme": "themes",
    "place": "places",
    "lieu": "places",
    "date": "dates",
    "annee": "dates",
    "year": "dates",
}


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
        return bool(self.sources or self.authorities or self.countries or self.themes or self.places or self.dates)

    def matches(self, chunk: Chunk) -> bool:
        m = chunk.metadata
        if self.sources and chunk.doc_id not in self.sources:
            return False
        if self.authorities and m.authority not in self.authorities:
            return False
        if self.countries and not self.countries.intersection(m.countries):
            return False
        if self.themes and not self.themes.intersection(m.themes):
            return False
        if self.dates and not (m.date and any(m.date.startswith(d) for d in self.dates)):
            return False
        return not (self.places and not self.places.intersection(m.places))

    def as_dict(self) -> dict[str, list[str]]:
        return {k: sorted(v) for k, v in asdict(self).items() if v}
