"""An assistant that follows its index: ``coop ingest`` while ``coop serve`` runs.

:class:`LiveAssistant` holds an opened :class:`~assistant.pipeline.Assistant` and watches the
index manifest (a ``stat``, at most once per ``check_every`` seconds, from a watcher thread and
before each question). When ingestion publishes a new generation, the new one is opened in the
background (one reload at a time) while questions keep being answered by the old one; then the
reference is swapped at once. Questions in flight finish on the old generation, which is closed
(and its folder released for deletion) when the last of them returns. A generation that cannot
be opened (another model, a damaged folder) is logged and the old one keeps answering.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping, Sequence
from typing import Any

from .catalog import Catalog, DocumentInfo
from .errors import ChromaServerError, CoopError
from .models import Embedder
from .pipeline import Assistant
from .settings import Settings
from .types import Answer, Document, Filters

log = logging.getLogger(__name__)


class LiveAssistant:
    """The :class:`~assistant.pipeline.Assistant` of the latest published generation of an index."""

    def __init__(self, settings: Settings, current: Assistant, *, check_every: float = 1.0, watch: bool = True) -> None:
        self.settings = settings
        self.check_every = check_every
        self._catalog = Catalog(settings.index_dir)
        self._current = current
        self._seen = self._catalog.signature()  # the manifest state last looked at
        self._checked = time.monotonic()
        self._state = threading.Lock()  # guards _current, _users, _retired, _seen, _checked
        self._reload_lock = threading.Lock()  # one reload at a time
        self._users: dict[int, int] = {}  # id(assistant) → questions in flight
        self._retired: list[Assistant] = []  # replaced, closed when their last question returns
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None
        if watch:
            self._watcher = threading.Thread(target=self._watch, name="coop-index-watch", daemon=True)
            self._watcher.start()

    @classmethod
    def open(cls, settings: Settings, embedder: Embedder | None = None, **kw: Any) -> LiveAssistant:
        return cls(settings, Assistant.open(settings, embedder), **kw)

    @property
    def generation(self) -> int:
        return self._current.generation

    @property
    def embedder(self) -> Embedder:
        """The model of the served generation (documents added from the interface are indexed with it)."""
        return self._current.embedder

    # --- following the index -----------------------------------------------------------------

    def refresh(self, *, wait: bool = False) -> bool:
        """Start opening a newly published generation, if any (``wait``: and wait for it).

        Returns whether a reload was started (or done, with ``wait``).
        """
        now = time.monotonic()
        with self._state:
            if not wait and now - self._checked < self.check_every:
                return False
            self._checked = now
            signature = self._catalog.signature()
            if signature is None or signature == self._seen:
                return False
        if not self._reload_lock.acquire(blocking=wait):
            return False  # a reload is already under way; it will look again when it ends
        if wait:
            self._reload(signature)
            return True
        threading.Thread(target=self._reload, args=(signature,), name="coop-index-reload", daemon=True).start()
        return True

    def _reload(self, signature: tuple[int, int, int]) -> None:
        """Open the published generation and swap it in (called with ``_reload_lock`` held)."""
        try:
            try:
                generation = Catalog(self.settings.index_dir).load().generation
            except CoopError as exc:
                log.warning("Index illisible pendant son suivi (%s) : l'assistant garde la version chargée.", exc)
                return
            if generation == self._current.generation:
                with self._state:
                    self._seen = signature
                return
            t0 = time.perf_counter()
            try:
                # the sentences encoded so far stay valid (a vector depends on its text only): handed over
                fresh = Assistant.open(
                    self.settings, self._current.embedder, sentence_cache=self._current.sentence_cache
                )
            except CoopError as exc:
                log.error(
                    "La nouvelle version de l'index ne peut pas être chargée (%s) : l'assistant garde la version %d.",
                    exc.message,
                    self._current.generation,
                )
                if not isinstance(exc, ChromaServerError):  # a server that is back is tried again
                    with self._state:
                        self._seen = signature  # not again until the index changes
                return
            except Exception:
                log.exception("Chargement de la nouvelle version de l'index impossible ; la version actuelle reste.")
                with self._state:
                    self._seen = signature
                return
            with self._state:
                old, self._current = self._current, fresh
                self._seen = signature
                self._retire(old)
            log.info(
                "Index rechargé : version %d (au lieu de %d) en %.1f s.",
                fresh.generation,
                old.generation,
                time.perf_counter() - t0,
            )
        finally:
            self._reload_lock.release()
        # The manifest may have changed again while this one was opening.
        self.refresh()

    def _retire(self, old: Assistant) -> None:
        """Close ``old`` now if no question uses it, else when the last one returns (``_state`` held)."""
        if self._users.get(id(old), 0) == 0:
            _close(old)
        else:
            self._retired.append(old)

    def _watch(self) -> None:
        while not self._stop.wait(self.check_every):
            try:
                self.refresh()
            except Exception:  # never let the watcher die
                log.exception("Erreur pendant le suivi de l'index")

    def close(self) -> None:
        """Stop following the index and release it."""
        self._stop.set()
        with self._reload_lock, self._state:
            _close(self._current)
            for old in self._retired:
                _close(old)
            self._retired.clear()

    # --- using the current generation ----------------------------------------------------------

    def _acquire(self) -> Assistant:
        self.refresh()
        with self._state:
            bot = self._current
            self._users[id(bot)] = self._users.get(id(bot), 0) + 1
        return bot

    def _release(self, bot: Assistant) -> None:
        with self._state:
            left = self._users[id(bot)] - 1
            if left:
                self._users[id(bot)] = left
                return
            del self._users[id(bot)]
            if bot in self._retired:
                self._retired.remove(bot)
                _close(bot)

    def ask(
        self,
        question: str,
        history: Sequence[str] = (),
        *,
        filters: Mapping[str, str | Sequence[str]] | Filters | None = None,
        k: int | None = None,
    ) -> Answer:
        bot = self._acquire()
        try:
            return bot.ask(question, history, filters=filters, k=k)
        finally:
            self._release(bot)

    def documents(self) -> list[DocumentInfo]:
        bot = self._acquire()
        try:
            return bot.documents()
        finally:
            self._release(bot)

    def document(self, doc_id: str) -> Document:
        bot = self._acquire()
        try:
            return bot.document(doc_id)
        finally:
            self._release(bot)

    def example_questions(self, n: int = 4) -> list[str]:
        bot = self._acquire()
        try:
            return bot.example_questions(n)
        finally:
            self._release(bot)

    def filter_values(self) -> dict[str, list[str]]:
        bot = self._acquire()
        try:
            return bot.filter_values()
        finally:
            self._release(bot)


def _close(bot: Assistant) -> None:
    try:
        bot.close()
    except Exception:
        log.exception("Fermeture d'une ancienne version de l'index impossible")
