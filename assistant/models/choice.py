"""``COOP_BACKEND=auto``: the faster backend of this machine, measured once.

PyTorch and ONNX Runtime give the same vectors (cosine ≥ 0.9999) but not at the same speed: on one 2-core
machine ONNX encodes passages 1.5 times faster, on another (AVX-512) PyTorch does (README, « Vitesse et
mémoire »). With ``auto``, the first load times both on the same passages (after a warm-up) and keeps the one
that encodes them faster; the choice is written beside the built models (``backend.json``) with what it was
measured on (processor, threads, batch size), and reused while those stay the same. Only the default model
has both backends: any other model runs on PyTorch.
"""

from __future__ import annotations

import json
import logging
import os
import platform
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .protocol import Embedder

logger = logging.getLogger(__name__)

#: The file, in the models folder, that keeps the choice.
CHOICE_FILE = "backend.json"
#: What is timed: this many passages of about 250 tokens, encoded this many times (the best time is kept).
SAMPLE_PASSAGES = 16
SAMPLE_ROUNDS = 2

#: An invented passage of the domain (about 250 tokens once repeated), the same on every machine.
_SAMPLE = (
    "Considérant que la coopération décentralisée entre la Ville et sa commune partenaire porte depuis 2015 sur "
    "l'accès à l'eau potable, la gestion des déchets et la formation des agents municipaux ; que la phase 2 du "
    "programme, prévue pour trois ans, est estimée à 180 000 euros, dont 60 000 euros à la charge de la Ville et "
    "45 000 euros sollicités auprès du ministère de l'Europe et des Affaires étrangères ; le conseil municipal, "
    "après en avoir délibéré, approuve la convention et autorise le maire à la signer. "
)


def machine_key(threads: int, batch_size: int) -> dict[str, Any]:
    """What a measured choice holds for: the processor, the threads and the batch size."""
    return {
        "processor": _processor_name(),
        "machine": platform.machine(),
        "threads": threads,
        "batch_size": batch_size,
    }


def _processor_name() -> str:
    """The processor's model name (Linux: /proc/cpuinfo), else what platform says."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f.read(1 << 20).splitlines():
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()[:200]
    except OSError:
        pass
    return platform.processor()[:200] or "inconnu"


def read_choice(models_dir: Path, key: dict[str, Any]) -> str | None:
    """The backend chosen earlier for ``key``, or None (no choice yet, another machine, an unreadable file)."""
    try:
        raw = json.loads((models_dir / CHOICE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(raw, dict) or raw.get("key") != key or raw.get("backend") not in ("torch", "onnx"):
        return None
    return str(raw["backend"])


def write_choice(models_dir: Path, key: dict[str, Any], backend: str, seconds: dict[str, float]) -> None:
    """Keep the choice (written whole, then renamed: processes that start together never read half a file)."""
    models_dir.mkdir(parents=True, exist_ok=True)
    record = {"key": key, "backend": backend, "seconds": seconds, "measured": time.strftime("%Y-%m-%dT%H:%M:%S")}
    fd, tmp = tempfile.mkstemp(dir=models_dir, prefix=".backend-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False, indent=1)
        os.replace(tmp, models_dir / CHOICE_FILE)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def time_passages(embedder: Embedder) -> float:
    """Seconds the embedder takes to encode the sample passages (after one warm-up; the best of the rounds)."""
    passages = [f"{k} {_SAMPLE}{_SAMPLE}" for k in range(SAMPLE_PASSAGES)]
    embedder.encode_document(passages[:2])  # warm-up: first-call allocations are no part of the speed
    best = float("inf")
    for _ in range(SAMPLE_ROUNDS):
        started = time.perf_counter()
        embedder.encode_document(passages)
        best = min(best, time.perf_counter() - started)
    return best


def choose(
    models_dir: Path,
    key: dict[str, Any],
    loaders: dict[str, Callable[[], Embedder]],
    measure: Callable[[Embedder], float] = time_passages,
) -> tuple[str, Embedder]:
    """The backend to use and its embedder: the one kept for ``key``, else the faster of ``loaders`` (each
    loaded and timed in turn by ``measure``, seconds), which is then kept. The other embedder is dropped."""
    kept = read_choice(models_dir, key)
    if kept is not None and kept in loaders:
        logger.info("Moteur du modèle : %s (choisi lors d'une mesure précédente sur cette machine)", kept)
        return kept, loaders[kept]()
    logger.warning(
        "COOP_BACKEND=auto : première mesure des moteurs PyTorch et ONNX sur cette machine (une fois, moins d'une "
        "minute)…"
    )
    seconds: dict[str, float] = {}
    best: tuple[str, Embedder] | None = None
    for name, load in loaders.items():
        embedder = load()
        seconds[name] = round(measure(embedder), 4)
        if best is None or seconds[name] < seconds[best[0]]:
            best = (name, embedder)
        del embedder
    assert best is not None  # at least one loader
    write_choice(models_dir, key, best[0], seconds)
    logger.warning(
        "Moteur du modèle : %s (%s pour %d passages ; choix gardé dans %s)",
        best[0],
        ", ".join(f"{n} {s:.2f} s" for n, s in seconds.items()),
        SAMPLE_PASSAGES,
        models_dir / CHOICE_FILE,
    )
    return best
