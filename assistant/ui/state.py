"""What the interface holds: one browser session's conversation, and what it reads of the back end.

:class:`Conversation` and :class:`Turn` live in a ``gr.State`` (one per browser session) and are
updated in place by :class:`assistant.ui.actions.Actions`; :class:`Focus` (where to open a
document) is a frozen value. The two protocols say what the interface needs of
:class:`assistant.pipeline.Assistant`, so that the actions can be tested with a fake one.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from ..settings import Settings
from ..types import Answer, Document, DocumentMetadata


class DocumentInfoLike(Protocol):
    """What the UI reads of :class:`assistant.catalog.DocumentInfo`."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def format(self) -> str: ...
    @property
    def size(self) -> int: ...
    @property
    def chunks(self) -> int: ...
    @property
    def metadata(self) -> DocumentMetadata: ...


class AssistantLike(Protocol):
    """The protocol of :class:`assistant.pipeline.Assistant` used by the interface."""

    settings: Settings

    def ask(
        self,
        question: str,
        history: Sequence[str] = (),
        *,
        filters: Mapping[str, str | Sequence[str]] | None = None,
        k: int | None = None,
    ) -> Answer: ...
    def documents(self) -> Sequence[DocumentInfoLike]: ...
    def document(self, doc_id: str) -> Document: ...
    def example_questions(self, n: int = 4) -> list[str]: ...
    def filter_values(self) -> dict[str, list[str]]: ...


def index_generation(assistant: AssistantLike) -> int:
    """The index generation the assistant answers from (0 for one that does not follow its index)."""
    return int(getattr(assistant, "generation", 0))


@dataclass
class Turn:
    """One question of the conversation and what came back."""

    question: str
    filters: dict[str, list[str]] = field(default_factory=dict)
    answer: Answer | None = None
    error: str | None = None  # French message when the question failed
    pending: bool = True
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    asked_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    #: citation number → (document offset of the passage, passage text)
    passages: dict[int, tuple[int, str]] = field(default_factory=dict)
    rating: str | None = None  # "up" / "down" once the user gave feedback
    feedback_lines: int = 0  # lines written to the feedback file about this answer


@dataclass
class Conversation:
    """The turns of one browser session, the selected answer and UI bookkeeping."""

    turns: list[Turn] = field(default_factory=list)
    selected: int | None = None  # index of the answer whose sources are shown
    feedback_turn: int | None = None  # index of the turn whose comment box is open
    opened: int = 0  # counts document openings, so the viewer re-scrolls every time
    feedback_lines: int = 0  # lines written to the feedback file by this browser session (kept by « new »)
    id: str = field(default_factory=lambda: uuid.uuid4().hex)

    def history(self, before: int | None = None) -> list[str]:
        """Previous user questions that were answered (oldest first), up to turn ``before``."""
        turns = self.turns if before is None else self.turns[:before]
        return [t.question for t in turns if t.answer is not None]

    @property
    def pending(self) -> Turn | None:
        return self.turns[-1] if self.turns and self.turns[-1].pending else None

    def turn(self, index: int | None) -> Turn | None:
        """Turn ``index``, or None when there is no such turn."""
        return self.turns[index] if index is not None and 0 <= index < len(self.turns) else None


@dataclass(frozen=True)
class Focus:
    """Where to open a document: a passage and, inside it, a quote (document offsets)."""

    passage_start: int | None = None
    passage_end: int | None = None
    start: int | None = None
    end: int | None = None
    label: str = ""


def refocus(text: str, focus: Focus, at: int, quoted: str) -> Focus | None:
    """``focus``, whose offsets expect ``quoted`` at ``at``, in ``text`` (the document as indexed now).

    After ``coop ingest`` an older answer's offsets may point elsewhere in an edited document: the
    focus moves with the quoted text, or is None when that text is no longer in the document.
    """
    if text[at : at + len(quoted)] == quoted:
        return focus
    found = text.find(quoted) if quoted else -1
    if found < 0:
        return None
    shift = found - at

    def move(x: int | None) -> int | None:
        return None if x is None else x + shift

    return Focus(move(focus.passage_start), move(focus.passage_end), move(focus.start), move(focus.end), focus.label)
