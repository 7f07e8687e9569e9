"""The model's lock, questions first.

One model serves the questions and the indexing worker of the « Documents » tab in the same process.
A plain lock is not fair: the worker, encoding a document batch after batch, takes it back as soon
as it lets it go, and a question may wait for the whole document. :class:`QuestionsFirstLock` lets a
waiting question in before the next batch of a document.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class QuestionsFirstLock:
    """A lock where holders marked ``question`` go before the others waiting."""

    def __init__(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._busy = False
        self._questions = 0  # questions waiting

    @contextmanager
    def hold(self, *, question: bool = False) -> Iterator[None]:
        with self._cond:
            if question:
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
