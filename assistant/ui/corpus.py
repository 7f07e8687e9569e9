"""What the interface shows of the index, following its generation (``coop ingest`` while served).

:class:`CorpusViews` gives the welcome page, filter values, titles and example questions of the
assistant's current index generation; :class:`DocumentCache` keeps a few opened documents.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from ..types import FILTER_BY_KEY, Document
from .render import render_welcome
from .state import AssistantLike, DocumentInfoLike, index_generation
from .text import country_name

log = logging.getLogger(__name__)


class DocumentCache:
    """A few recently opened documents, so that jumping between citations stays instant.

    Keyed by index generation: after ``coop ingest``, an edited document is read again.
    """

    def __init__(self, loader: Callable[[str], Document], generation: Callable[[], int], size: int = 8) -> None:
        self._loader = loader
        self._generation = generation
        self._size = size
        self._items: OrderedDict[tuple[int, str], Document] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, doc_id: str) -> Document:
        key = (self._generation(), doc_id)  # read first: the text loaded after is as new or newer
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        doc = self._loader(doc_id)
        with self._lock:
            self._items[key] = doc
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return doc


@dataclass(frozen=True)
class CorpusView:
    """What the interface shows of one index generation (welcome page, filters, titles)."""

    generation: int
    documents: list[DocumentInfoLike]
    values: dict[str, list[str]]  # filter key → values
    examples: list[str]
    titles: dict[str, str] = field(default_factory=dict)
    welcome: str = ""

    @classmethod
    def make(
        cls, generation: int, documents: list[DocumentInfoLike], values: dict[str, list[str]], examples: list[str]
    ) -> CorpusView:
        titles = {d.id: d.title for d in documents}
        return cls(generation, documents, values, examples, titles, render_welcome(documents, examples))


def _example_questions(assistant: AssistantLike) -> list[str]:
    try:
        return list(assistant.example_questions(4))
    except Exception:
        log.exception("Impossible de calculer les exemples de questions")
        return []


def _filter_values(assistant: AssistantLike) -> dict[str, list[str]]:
    try:
        return assistant.filter_values()
    except Exception:
        log.exception("Impossible de lire les valeurs des filtres")
        return {}


class CorpusViews:
    """The :class:`CorpusView` of the assistant's current generation, made again when it changes.

    Documents and filter values are read at once (cheap); the example questions (a few ``ask``)
    once per generation, in the background: the previous ones are shown meanwhile.
    """

    def __init__(self, assistant: AssistantLike) -> None:
        self._assistant = assistant
        self._lock = threading.Lock()
        generation = index_generation(assistant)
        self._view = CorpusView.make(
            generation, list(assistant.documents()), _filter_values(assistant), _example_questions(assistant)
        )

    def get(self) -> CorpusView:
        generation = index_generation(self._assistant)  # read first: what is read after is as new or newer
        with self._lock:
            if self._view.generation == generation:
                return self._view
            try:
                documents = list(self._assistant.documents())
            except Exception:
                log.exception("Impossible de lire la liste des documents")
                return self._view
            self._view = CorpusView.make(generation, documents, _filter_values(self._assistant), self._view.examples)
            threading.Thread(
                target=self._update_examples, args=(generation,), name="coop-examples", daemon=True
            ).start()
            return self._view

    def _update_examples(self, generation: int) -> None:
        examples = _example_questions(self._assistant)
        with self._lock:
            view = self._view
            if view.generation == generation:
                self._view = CorpusView.make(generation, view.documents, view.values, examples)


def filter_choices(key: str, view: CorpusView) -> list[tuple[str, str]]:
    """(label, value) choices of the filter ``key`` in the interface."""
    values = view.values.get(key) or []
    spec = FILTER_BY_KEY.get(key)
    if spec and spec.shown == "title":
        return [(view.titles.get(v, v), v) for v in values]
    if spec and spec.shown == "country":
        return [(f"{country_name(v)} ({v})", v) for v in values]
    return [(v, v) for v in values]
