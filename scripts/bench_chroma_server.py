"""The cost of a shared Chroma server against the index folder's own Chroma, on synthetic passages.

    .venv/bin/python scripts/bench_chroma_server.py                 # 2 000 passages, 10 sentences each
    .venv/bin/python scripts/bench_chroma_server.py --chunks 500    # smaller

Starts a real ``chroma run`` on 127.0.0.1 (``tests/chroma_server.py``, loaded from its path), then for
each store (folder, server) measures: writing the passages and sentence vectors (384 dimensions, as
multilingual-e5-small), copying the generation into the next one (what an ingestion does at its first
change: a folder copy on disk, a record-by-record copy on the server), and the two lookups a question
makes (nearest passages, then the stored sentence vectors of the best four by record id, as an index built with
``COOP_SENTENCE_VECTORS=separate`` is read), median and p95 over 200 questions.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from types import ModuleType

import numpy as np

from assistant.store import ChromaStore, copy_store, parse_server_url
from assistant.store.server import generation_prefix, new_namespace
from assistant.types import Chunk, DocumentMetadata, Sentence

ROOT = Path(__file__).resolve().parents[1]
DIM = 384


def _helper() -> ModuleType:
    spec = importlib.util.spec_from_file_location("chroma_server", ROOT / "tests" / "chroma_server.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def synthetic(n: int, per: int, rng: np.random.Generator) -> tuple[list[Chunk], np.ndarray, list[np.ndarray]]:
    chunks = []
    for i in range(n):
        text = " ".join(f"Phrase {j} du passage {i}." for j in range(per))
        sentences, offset = [], 0
        for j in range(per):
            s = f"Phrase {j} du passage {i}."
            sentences.append(Sentence(offset, offset + len(s), s))
            offset += len(s) + 1
        doc = f"doc-{i // 10:04d}.txt"
        chunks.append(
            Chunk(f"{doc}@{i}", doc, 0, len(text), text, f"Titre {i}", "", None, tuple(sentences), DocumentMetadata())
        )
    unit = rng.standard_normal((n, DIM)).astype(np.float32)
    unit /= np.linalg.norm(unit, axis=1, keepdims=True)
    sent = [rng.standard_normal((per, DIM)).astype(np.float32) for _ in range(n)]
    return chunks, unit, sent


def measure(
    label: str, make: object, reader: object, make_next: object, data: tuple, queries: np.ndarray
) -> dict[str, float]:
    chunks, vectors, sentences = data
    store: ChromaStore = make()  # type: ignore[operator]
    t = time.perf_counter()
    for i in range(0, len(chunks), 200):
        store.add_chunks(chunks[i : i + 200], vectors[i : i + 200], sentences[i : i + 200])
    write = time.perf_counter() - t
    lat = []
    readable: ChromaStore = reader()  # type: ignore[operator]  # as an assistant opens a published generation
    by_id = {c.id: c for c in chunks}
    for q in queries:
        t = time.perf_counter()
        hits = readable.query(q, 50)
        # what a question reads (assistant.sentence_vectors): the best passages' sentence vectors, looked up by
        # record id; their texts and metadata are already in the assistant's memory, not read again
        readable.stored_sentence_vectors([by_id[h.chunk_id] for h in hits[:4]])
        lat.append((time.perf_counter() - t) * 1000)
    lat.sort()
    t = time.perf_counter()
    make_next(store)  # type: ignore[operator]
    copy = time.perf_counter() - t
    store.close()
    row = {
        "écriture (s)": write,
        "copie de génération (s)": copy,
        "question médiane (ms)": statistics.median(lat),
        "question p95 (ms)": lat[int(0.95 * len(lat))],
    }
    print(f"{label:>8} : " + " ; ".join(f"{k} {v:.2f}" for k, v in row.items()), flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=2000)
    parser.add_argument("--sentences", type=int, default=10, help="phrases par passage")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    data = synthetic(args.chunks, args.sentences, rng)
    queries = rng.standard_normal((200, DIM)).astype(np.float32)
    print(f"{args.chunks} passages, {args.chunks * args.sentences} phrases, {DIM} dimensions")
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)

        def folder_next(store: ChromaStore) -> None:
            shutil.copytree(base / "gen-1" / "chroma", base / "gen-2" / "chroma")

        folder = base / "gen-1" / "chroma"
        disk = measure("dossier", lambda: ChromaStore(folder), lambda: ChromaStore(folder), folder_next, data, queries)
        with _helper().running(base / "server-data") as server:
            address = parse_server_url(server.url)
            ns = new_namespace()

            def server_next(store: ChromaStore) -> None:
                target = ChromaStore.on_server(address, generation_prefix(ns, "gen-000002"), create=True)
                copy_store(store, target)

            remote = measure(
                "serveur",
                lambda: ChromaStore.on_server(address, generation_prefix(ns, "gen-000001"), create=True),
                lambda: ChromaStore.on_server(address, generation_prefix(ns, "gen-000001"), create=False),
                server_next,
                data,
                queries,
            )
    print("serveur / dossier : " + " ; ".join(f"{k} ×{remote[k] / disk[k]:.1f}" for k in disk))


if __name__ == "__main__":
    main()
