"""COOP_BACKEND=auto (assistant.models.choice): the faster backend measured once, then kept, with test
embedders whose measured time is set (no clock is read: the result cannot depend on a busy machine); the real
measurement of both backends is in test_onnx.py, and time_passages itself is timed below on a test embedder."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pytest

from assistant.errors import ConfigError
from assistant.models import Embedder, choice
from assistant.models.testing import HashingEmbedder
from assistant.settings import Settings


class _Timed(HashingEmbedder):
    """A test embedder whose measured time is ``delay`` seconds (see :func:`_measure`)."""

    def __init__(self, delay: float) -> None:
        super().__init__(64)
        self.delay = delay
        self.calls = 0

    def encode_document(self, texts: Sequence[str], *, question: bool = False) -> np.ndarray:
        self.calls += 1
        return super().encode_document(texts)


def _measure(embedder: Embedder) -> float:
    assert isinstance(embedder, _Timed)
    return embedder.delay


def _loaders(delays: dict[str, float], loaded: list[str]) -> dict[str, Callable[[], Embedder]]:
    def loader(name: str) -> Callable[[], Embedder]:
        def load() -> _Timed:
            loaded.append(name)
            return _Timed(delays[name])

        return load

    return {name: loader(name) for name in delays}


def test_auto_measures_both_keeps_the_faster_and_reuses_it_on_this_machine(tmp_path: Path) -> None:
    key = choice.machine_key(2, 32)
    loaded: list[str] = []
    name, embedder = choice.choose(tmp_path, key, _loaders({"torch": 0.02, "onnx": 0.01}, loaded), _measure)
    assert name == "onnx" and isinstance(embedder, _Timed) and embedder.delay == 0.01
    assert loaded == ["torch", "onnx"]
    kept = json.loads((tmp_path / choice.CHOICE_FILE).read_text(encoding="utf-8"))
    assert kept["backend"] == "onnx" and kept["key"] == key
    assert kept["seconds"]["torch"] > kept["seconds"]["onnx"]
    # the next load reads the choice: only that backend is loaded
    loaded.clear()
    assert choice.choose(tmp_path, key, _loaders({"torch": 0.02, "onnx": 0.01}, loaded), _measure)[0] == "onnx"
    assert loaded == ["onnx"]
    # other threads (or another processor) are another machine: measured again
    loaded.clear()
    other = choice.machine_key(4, 32)
    assert choice.choose(tmp_path, other, _loaders({"torch": 0.01, "onnx": 0.02}, loaded), _measure)[0] == "torch"
    assert loaded == ["torch", "onnx"]


@pytest.mark.parametrize("content", ["{pas du json", '{"backend": "tensorflow", "key": {}}', "[]", ""])
def test_an_unreadable_or_foreign_choice_file_is_measured_again(tmp_path: Path, content: str) -> None:
    (tmp_path / choice.CHOICE_FILE).write_text(content, encoding="utf-8")
    key = choice.machine_key(2, 32)
    assert choice.read_choice(tmp_path, key) is None
    loaded: list[str] = []
    assert choice.choose(tmp_path, key, _loaders({"torch": 0.01, "onnx": 0.02}, loaded), _measure)[0] == "torch"
    assert choice.read_choice(tmp_path, key) == "torch"


def test_auto_is_a_setting_of_its_own() -> None:
    assert Settings.from_env({"COOP_BACKEND": "auto"}).backend == "auto"
    with pytest.raises(ConfigError, match="auto"):
        Settings(backend="tensorflow")
    assert choice.machine_key(2, 32)["processor"]  # named, or « inconnu »


def test_time_passages_encodes_the_sample_after_a_warm_up_and_keeps_the_best_round() -> None:
    embedder = _Timed(0.0)
    seconds = choice.time_passages(embedder)
    assert seconds > 0 and embedder.calls == 1 + choice.SAMPLE_ROUNDS
