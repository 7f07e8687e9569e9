"""Fast tier: the tiers themselves (tests/conftest.py) — no model outside ``model``, no user's cache."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from assistant.errors import ModelError
from assistant.models import load_embedder
from assistant.settings import Settings


def test_the_cache_is_a_temporary_folder_of_this_test() -> None:
    cache = Path(os.environ["COOP_CACHE_DIR"])
    assert Settings().cache_dir == Settings.from_env().cache_dir == cache
    assert not cache.is_relative_to(Path.home() / ".cache") and not cache.is_relative_to(ROOT)
    assert Settings().users_path == cache / "users.json" and not Settings().users_path.exists()


def test_the_default_model_cannot_be_loaded_outside_the_model_tier() -> None:
    with pytest.raises(ModelError, match="COOP_CACHE_DIR"):
        load_embedder(Settings())
    code = "from assistant.models import load_embedder\nfrom assistant.settings import Settings\nload_embedder(Settings.from_env())\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode != 0 and "ModelError" in result.stderr  # a subprocess too


@pytest.mark.model
def test_the_model_tier_reads_the_kept_model_cache(session_cache_dir: Path) -> None:
    assert Path(os.environ["COOP_CACHE_DIR"]) == session_cache_dir == Settings().cache_dir
    models = Settings().model_cache_dir
    assert (
        models.is_symlink()
        and models.resolve()
        == Path(os.environ.get("COOP_TEST_MODEL_CACHE") or ROOT / ".cache" / "test-models").resolve()
    )
