"""The model's lock, questions first.

One model serves the questions and the indexing worker of the « Documents » tab in the same process.
A plain lock is not fair: the worker, encoding a document batch after batch, takes it back as soon
as it lets it go, and a question may wait for the whole document. :class:`QuestionsFirstLock` lets a
waiting question in before the next batch of a document, and tells the encoders when questions are
being asked (:meth:`QuestionsFirstLock.questions_recent`): a document is then encoded one passage per
batch, so that a question waits for one passage rather than a batch of 32 (measured through the API,
16 colleagues asking while a DOCX is indexed: p95 7.96 s with batches of 32, 1.62 s). The size is
chosen before the lock is taken: the first question after a quiet spell may still wait for one full
batch. A document waits while questions are waiting, without limit: under a constant stream of
questions its indexing slows down (one passage per turn) rather than the questions.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

#: Seconds after a question during which documents are encoded one passage per batch.
QUESTION_WINDOW_S = 5.0


class QuestionsFirstLock:
    """A lock where holders marked ``question`` go before the others waiting."""

    def __init__(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._busy = False
        self._questions = 0  # questions waiting
        self._last_question = -1e9  # time.monotonic() of the last question that took the lock

    def questions_recent(self, window: float = QUESTION_WINDOW_S) -> bool:
        """Whether a question took or awaited the lock in the last ``window`` seconds."""
        return self._questions > 0 or time.monotonic() - self._last_question < window

    def batch_size(self, wanted: int, *, question: bool) -> int:
        """The batch to encode next: ``wanted``, or 1 for a document while questions are being asked."""
        return 1 if not question and self.questions_recent() else max(1, wanted)

    @contextmanager
    def hold(self, *, question: bool = False) -> Iterator[None]:
        with self._cond:
            if question:
                self._last_question = time.monotonic()
                self._questions += 1
                try:
                    while self._busy:
                        self._cond.wait()
                finally:
                    self._questions -= 1
            else:
                while self._busy or self._questions:
                    self._cond.wait()
            self._busy = True
        try:
            yield
        finally:
            with self._cond:
                self._busy = False
                self._cond.notify_all()
