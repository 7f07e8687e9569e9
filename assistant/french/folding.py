"""The search form of French text, and the way back to the original offsets.

Contract of :func:`fold`, applied character by character (so that every folded character comes
from exactly one character of the original):

* lower case (``str.lower`` of each character: a Greek capital sigma always becomes « σ »);
* accents and every other combining mark removed (« É » → « e », a lone combining accent → nothing);
* the ligatures « œ » and « æ » spelled out (« œ » → « oe »), any case;
* everything else kept as it is: apostrophes « ’ », non-breaking spaces and hyphens are *not*
  changed by :func:`fold`; :func:`straighten` does that, one character for one, when wanted.

:func:`fold_offsets` returns the folded text with, for each of its characters, the span of the
original it comes from (:class:`Folded`), so that a match found in the folded text can be read in
the original text (« Œuvre » folds to « oeuvre »: folded 0–2 come from original 0–1).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_LIGATURES = {"œ": "oe", "æ": "ae"}


class _FoldTable(dict[int, str]):
    """``str.translate`` table computing (and keeping) the fold of each character met."""

    def __missing__(self, code: int) -> str:
        lowered = unicodedata.normalize("NFD", chr(code).lower())
        folded = "".join(_LIGATURES.get(c, c) for c in lowered if not unicodedata.combining(c))
        self[code] = folded
        return folded


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """« Éducation, Œuvre » → « education, oeuvre » (see the module docstring for the contract)."""
    return text.translate(_TABLE)


#: Typographic characters and their plain form, one character for one.
_STRAIGHT_CHARS = {"’": "'", "‘": "'", "ʼ": "'", "´": "'", "\u00a0": " ", "\u202f": " "}
#: Non-breaking and Unicode hyphens and their plain form.
_HYPHENS = {"‐": "-", "‑": "-"}
_STRAIGHT = str.maketrans(_STRAIGHT_CHARS)
_STRAIGHT_ALL = str.maketrans({**_STRAIGHT_CHARS, **_HYPHENS})


def straighten(text: str, *, hyphens: bool = False) -> str:
    """Straight apostrophes (’ ‘ ʼ ´ → ') and plain spaces (non-breaking and narrow → space), and the
    Unicode hyphens ‐ ‑ → - when ``hyphens``; one character for one, so offsets are kept."""
    return text.translate(_STRAIGHT_ALL if hyphens else _STRAIGHT)


@dataclass(frozen=True)
class Folded:
    """A folded text and where each of its characters comes from in the original.

    ``starts[i]`` and ``ends[i]`` delimit the original characters folded into ``text[i]`` (a
    ligature gives two folded characters of the same origin; combining marks dropped after a
    letter belong to that letter's origin). ``None`` when the fold kept one character for one.
    """

    text: str
    original: str
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    def __len__(self) -> int:
        return len(self.text)

    def start(self, i: int) -> int:
        """Original offset where folded offset ``i`` starts (``len(text)`` → ``len(original)``)."""
        if self.starts is None:
            return i
        return self.starts[i] if i < len(self.starts) else len(self.original)

    def end(self, i: int) -> int:
        """Original offset where a folded span ending at ``i`` ends (``0`` → ``0``)."""
        if self.ends is None:
            return i
        return self.ends[i - 1] if i > 0 else 0

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original span of the folded span ``start:end``."""
        if start >= end:
            here = self.start(start)
            return here, here
        return self.start(start), self.end(end)

    def original_text(self, start: int, end: int) -> str:
        """The original characters of the folded span ``start:end``."""
        s, e = self.span(start, end)
        return self.original[s:e]


def fold_offsets(text: str) -> Folded:
    """:func:`fold` of ``text`` with the original span of each folded character."""
    folded = fold(text)
    uneven = [c for c in set(text) if len(_TABLE[ord(c)]) != 1]
    if not uneven:
        return Folded(folded, text)
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for m in re.finditer("[" + "".join(re.escape(c) for c in uneven) + "]", text):
        starts.extend(range(pos, m.start()))
        ends.extend(range(pos + 1, m.start() + 1))
        n = len(_TABLE[ord(m.group())])
        if n:
            starts.extend([m.start()] * n)
            ends.extend([m.end()] * n)
        elif ends:  # a mark dropped: it belongs to the character before it
            ends[-1] = m.end()
        pos = m.end()
    starts.extend(range(pos, len(text)))
    ends.extend(range(pos + 1, len(text) + 1))
    return Folded(folded, text, tuple(starts), tuple(ends))
