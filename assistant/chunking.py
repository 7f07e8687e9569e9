"""Cut documents into passages measured in model tokens, with exact character offsets.

langchain-text-splitters does the cutting (paragraphs first, then lines, sentences, words);
we measure length with the embedding model's own tokenizer, so that every chunk plus its
title fits in the model's 512-token window, and we recover each chunk's offsets by searching
it forward from the previous one: ``document.text[chunk.start:chunk.end] == chunk.text``
always holds. Each chunk carries its document title and nearest heading, and its sentences.

A chunk does not run over a change of heading: each section is cut on its own, so that the
heading embedded with a chunk is the heading of its text. A section shorter than
``MIN_SECTION_TOKENS`` (« Historique : » and one line) joins the next one rather than becoming
a passage of its own, and the chunk takes the heading of most of its text. Pages alone (PDF) do
not cut: a sentence may run from one page to the next. (A citation names the heading and page
of its own sentence: see ``Assistant._locate``.)
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

from .textnorm import split_sentences
from .types import Chunk, Document, Sentence

#: A section shorter than this (in model tokens) is chunked together with the next one.
MIN_SECTION_TOKENS = 64

#: Separators tried in order: paragraphs, lines, sentence ends, clauses, words, characters.
SEPARATORS = ["\n\n", "\n", ". ", "! ", "? ", "; ", ", ", " ", ""]


def chunk_id(doc_id: str, start: int, end: int, text: str) -> str:
    digest = hashlib.sha1(f"{doc_id}\0{start}\0{end}\0{text}".encode()).hexdigest()
    return digest[:24]


class Chunker:
    """Splits documents into :class:`Chunk` objects of at most ``chunk_tokens`` tokens."""

    def __init__(self, count_tokens: Callable[[str], int], chunk_tokens: int, overlap_tokens: int) -> None:
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        self._count_tokens = count_tokens
        self._splitter = RecursiveCharacterTextSplitter(
            separators=SEPARATORS,
            chunk_size=chunk_tokens,
            chunk_overlap=overlap_tokens,
            length_function=count_tokens,
            keep_separator="end",
            strip_whitespace=True,
        )

    def split(self, doc: Document, skip: Sequence[tuple[int, int]] = ()) -> list[Chunk]:
        """Chunks of ``doc``, leaving out the ``skip`` spans (boilerplate indexed elsewhere)."""
        chunks: list[Chunk] = []
        for seg_start, seg_end in self._sections(doc, _segments(len(doc.text), skip)):
            segment = doc.text[seg_start:seg_end]
            if not segment.strip():
                continue
            cursor = 0
            for piece in self._splitter.split_text(segment):
                found = segment.find(piece, cursor)
                if found < 0:  # cannot happen with strip_whitespace; kept as a guard
                    found = segment.find(piece)
                if found < 0:
                    raise AssertionError(f"chunk not found in {doc.id}: {piece[:40]!r}")
                start = seg_start + found
                end = start + len(piece)
                cursor = found + 1
                chunks.append(self._make_chunk(doc, start, end))
        return chunks

    def _sections(self, doc: Document, segments: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """``segments`` further cut where the heading changes, tiny sections joined to the next."""
        cuts: list[int] = []
        previous: str | None = None
        for section in doc.sections:
            if section.heading != previous and 0 < section.start < len(doc.text):
                cuts.append(section.start)
            previous = section.heading
        out: list[tuple[int, int]] = []
        for seg_start, seg_end in segments:
            start = seg_start
            for cut in cuts:
                if start < cut < seg_end and self._count_tokens(doc.text[start:cut]) >= MIN_SECTION_TOKENS:
                    out.append((start, cut))
                    start = cut
            out.append((start, seg_end))
        return out

    @staticmethod
    def _make_chunk(doc: Document, start: int, end: int) -> Chunk:
        text = doc.text[start:end]
        # the heading under which most of the chunk lies (a tiny section may open it)
        inside = [s for s in doc.sections if s.start < end and start < s.end]
        section = max(inside, key=lambda s: min(end, s.end) - max(start, s.start), default=None)
        section = section or doc.section_at(start)
        sentences = tuple(Sentence(s, e, doc.text[s:e]) for s, e in split_sentences(doc.text, start, end))
        return Chunk(
            id=chunk_id(doc.id, start, end, text),
            doc_id=doc.id,
            start=start,
            end=end,
            text=text,
            title=doc.title,
            section=section.heading if section else "",
            page=section.page if section else None,
            sentences=sentences,
            metadata=doc.metadata,
            ocr=min((s.ocr for s in inside if s.ocr is not None), default=None),  # any scanned page in it
        )


def _segments(length: int, skip: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The complement of ``skip`` in ``[0, length)``."""
    out: list[tuple[int, int]] = []
    pos = 0
    for s, e in sorted(skip):
        if s > pos:
            out.append((pos, s))
        pos = max(pos, e)
    if pos < length:
        out.append((pos, length))
    return out
