"""The shared text builder: normalised text, titles, and sections from heading offsets.

Every reader builds the text of a document piece by piece; each piece is normalised
(:func:`normalize_text`) before it is appended, so every offset (sections here, chunks and
citations later) points into the final string. A reader returns one :class:`Reading`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..types import Section
from .budget import BUDGET

MAX_TITLE_CHARS = 150


@dataclass(frozen=True, slots=True)
class Reading:
    """What a format reader returns: the normalised text, a title (may be empty), the sections, and notes
    on what could not be read well (French, « page 3 : texte peu lisible, confiance 41 % »)."""

    text: str
    title: str
    sections: tuple[Section, ...]
    notes: tuple[str, ...] = ()


_NEWLINES = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
# C0/C1 controls except \t and \n, soft hyphen, zero-width space, word joiner, BOM.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b\u2060\ufeff]")
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})
_SPACES = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """Unicode NFC, ``\\n`` line endings, no control characters (``\\t`` and ``\\n`` kept), no ligatures."""
    text = _NEWLINES.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    text = text.translate(_LIGATURES)
    return unicodedata.normalize("NFC", text)


def one_line(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def tidy_title(text: str | None) -> str:
    """Trimmed, whitespace collapsed, at most :data:`MAX_TITLE_CHARS` characters (cut at a word)."""
    if not text:
        return ""
    title = one_line(normalize_text(text))
    if len(title) > MAX_TITLE_CHARS:
        cut = title[: MAX_TITLE_CHARS - 1]
        if " " in cut[MAX_TITLE_CHARS // 2 :]:
            cut = cut[: cut.rindex(" ")]
        title = cut.rstrip(" ,;:-–") + "…"
    return title


def heading_label(text: str) -> str:
    """A heading as shown in a heading path: one line, without a final colon."""
    return tidy_title(text).rstrip(" :")


def prettify_stem(path: Path) -> str:
    """``departement-cooperations_2025.txt`` → ``Departement cooperations 2025``."""
    words = one_line(re.sub(r"[-_.]+", " ", path.stem))
    return (words[:1].upper() + words[1:]) or path.name


@dataclass(frozen=True, slots=True)
class Built:
    """The text of a :class:`TextBuilder`, its sections and its headings ``(offset, level, label)``."""

    text: str
    sections: tuple[Section, ...]
    headings: tuple[tuple[int, int, str], ...] = ()


class TextBuilder:
    """Appends normalised blocks; remembers where headings start.

    Blocks are separated by a blank line, except consecutive blocks of the same ``group`` (list items,
    table rows), separated by a single line break.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._last_group: str | None = None
        self.headings: list[tuple[int, int, str]] = []

    def add(self, text: str, *, level: int | None = None, group: str | None = None) -> None:
        block = "\n".join(line.rstrip() for line in normalize_text(text).strip().split("\n"))
        if not block.strip():
            return
        if self._parts:
            sep = "\n" if group is not None and group == self._last_group else "\n\n"
            self._parts.append(sep)
            self._length += len(sep)
        if level is not None:
            label = heading_label(block)
            if label:
                self.headings.append((self._length, level, label))
        self._parts.append(block)
        self._length += len(block)
        self._last_group = group if level is None else None
        BUDGET.get().check(self._length)

    def first_heading(self) -> str:
        if not self.headings:
            return ""
        top = min(level for _, level, _ in self.headings)
        return next(label for _, level, label in self.headings if level == top)

    def build(self) -> Built:
        text = "".join(self._parts)
        return Built(text, sections_from_headings(text, self.headings), tuple(self.headings))


def sections_from_headings(text: str, headings: list[tuple[int, int, str]]) -> tuple[Section, ...]:
    """Contiguous sections covering ``text``: one per heading, with its path (``"H1 > H2"``).

    ``headings`` holds ``(offset, level, label)``; a smaller level is a higher heading. The
    text before the first heading, if it holds anything, is a section without heading.
    """
    if not text:
        return ()
    heads = sorted(h for h in headings if 0 <= h[0] < len(text))
    if not heads:
        return (Section(0, len(text), ""),)
    sections: list[Section] = []
    first = heads[0][0]
    if first > 0 and text[:first].strip():
        sections.append(Section(0, first, ""))
    else:
        heads[0] = (0, heads[0][1], heads[0][2])
    stack: list[tuple[int, str]] = []
    for i, (offset, level, label) in enumerate(heads):
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, label))
        end = heads[i + 1][0] if i + 1 < len(heads) else len(text)
        if end > offset:
            sections.append(Section(offset, end, " > ".join(lbl for _, lbl in stack)))
    return tuple(sections)


_JUNK_TITLES = frozenset(
    {"untitled", "sans titre", "document", "titre", "title", "présentation powerpoint", "diapositive 1", "slide 1"}
)


def meta_title(raw: Any) -> str:
    """A title from a file's own metadata (PDF Info, DOCX/ODT properties), or "" when it says nothing."""
    if not isinstance(raw, str):
        return ""
    title = tidy_title(raw)
    title = re.sub(r"^(?:microsoft\s+(?:word|powerpoint|excel)\s*-\s*)", "", title, flags=re.IGNORECASE)
    low = title.lower()
    if len(title) < 4 or low in _JUNK_TITLES or sum(c.isalpha() for c in title) < 3:
        return ""
    if re.search(r"\.(?:docx?|odt|pdf|xlsx?|pptx?|rtf|txt|indd|qxd|html?)$", low) or re.fullmatch(r"[\w-]+", title):
        # A file name ("deliberation_2025-12.docx", "CM_2025_03") says less than the first line.
        return ""
    return title
