"""Settings: defaults, COOP_* environment variables, validation, and the README table."""

from pathlib import Path

import pytest
from conftest import ROOT

from assistant.errors import ConfigError
from assistant.settings import Settings, describe


def test_environment_then_overrides() -> None:
    env = {"COOP_CORPUS_DIR": "/data/docs", "COOP_TOP_K": "5", "COOP_DENSE_WEIGHT": "0,6", "COOP_MODEL": ""}
    s = Settings.from_env(env)
    assert s.corpus_dir == Path("/data/docs") and s.top_k == 5 and s.dense_weight == 0.6
    assert s.model == Settings().model  # empty variables are ignored
    assert Settings.from_env(env, top_k=7, index_dir=None).top_k == 7


def test_bad_values_name_the_variable() -> None:
    with pytest.raises(ConfigError, match="COOP_TOP_K"):
        Settings.from_env({"COOP_TOP_K": "dix"})
    with pytest.raises(ConfigError, match="chunk_tokens"):
        Settings(chunk_tokens=1000)
    with pytest.raises(ConfigError, match="chunk_overlap_tokens"):
        Settings(chunk_tokens=100, chunk_overlap_tokens=100)


def test_fingerprint_holds_what_shapes_the_index() -> None:
    a = Settings().index_fingerprint("m1")
    assert a == Settings(top_k=3, dense_weight=0.9).index_fingerprint("m1")
    assert a != Settings(chunk_tokens=300).index_fingerprint("m1")
    assert a != Settings().index_fingerprint("m2")


def test_readme_documents_every_setting_with_its_default() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for var, default, name in describe():
        if name == "cache_dir":
            default = "~/.cache/coop-assistant"
        assert f"`{var}`" in readme, var
        row = next(line for line in readme.splitlines() if f"`{var}`" in line and line.startswith("|"))
        assert default in row, (var, default)


def test_importing_the_package_loads_no_model_and_opens_no_database() -> None:
    import subprocess
    import sys

    code = (
        "import sys, assistant, assistant.pipeline, assistant.ingest, assistant.cli; "
        "heavy = [m for m in ('torch', 'sentence_transformers', 'chromadb', 'gradio') if m in sys.modules]; "
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"
