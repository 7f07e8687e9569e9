"""Model tier: the savings of the question path (issue 13, load) change no answer on the real model.

The 36 dev questions are replayed on the real index of the seed corpus through the API's handler
(the JSON of ``coop ask --json``) and the interface's actions (the HTML after each turn), as
``scripts/replay_answers.py`` does: with every remembered value bypassed (the computation each
memo replaces), then with cold and warm memories; all three must be identical byte for byte.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import DEV_SET, ROOT

from assistant import spans, textnorm
from assistant.answer import features


def _replay_module() -> Any:
    spec = importlib.util.spec_from_file_location("replay_answers", ROOT / "scripts" / "replay_answers.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["replay_answers"] = module
    spec.loader.exec_module(module)
    return module


def _forget(bot: Any) -> None:
    textnorm._match_keys.cache_clear()
    spans._find.cache_clear()
    features._not_a_sentence.cache_clear()
    bot._recent.clear()


def test_the_dev_answers_are_the_same_with_and_without_the_remembered_values(
    seed_bot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    replay = _replay_module()
    dialogues = replay.load_dialogues(DEV_SET)
    assert len(dialogues) >= 30 and any(len(d.turns) > 1 for d in dialogues)

    with monkeypatch.context() as m:  # every memo bypassed: the values computed each time
        m.setattr(textnorm, "_match_keys", textnorm._match_keys.__wrapped__)
        m.setattr(spans, "_find", spans._find.__wrapped__)
        m.setattr(features, "_not_a_sentence", features._not_a_sentence.__wrapped__)
        m.setattr(seed_bot, "_recent", _Forgetful())
        computed = replay.replay(seed_bot, dialogues, tmp_path / "a")
    _forget(seed_bot)
    cold = replay.replay(seed_bot, dialogues, tmp_path / "b")
    warm = replay.replay(seed_bot, dialogues, tmp_path / "c")
    assert replay.differences(computed, cold) == []
    assert replay.differences(computed, warm) == []
    answered = [r for r in computed if '"abstained": false' in r["json"]]
    assert len(answered) >= 25  # real answers were compared, not only « pas trouvé »


class _Forgetful(dict):  # type: ignore[type-arg]
    """An Assistant._recent that keeps nothing (the previous question is always composed again)."""

    def __setitem__(self, key: Any, value: Any) -> None:
        pass

    def move_to_end(self, key: Any, last: bool = True) -> None:
        pass

    def popitem(self, last: bool = True) -> Any:
        raise KeyError("vide")
