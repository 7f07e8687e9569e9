"""Fast tier: the acceptance check (:mod:`assistant.answer.acceptance`), the last step before an answer is given.

The model's decisions on real questions are tested with the real model (test_answer.py); here, that the
shipped model matches its features, that an answer below the floor becomes « pas trouvé » with the nearest
passages kept, that the floor is a checked setting, and that the training script's fit separates what it
is shown.
"""

from __future__ import annotations

import importlib.util
import sys
from typing import Any

import numpy as np
import pytest
from conftest import ROOT
from test_fast_answer import LEXICAL, VECTORS, WHEN, retrieval

from assistant.answer import NOT_FOUND
from assistant.answer import compose as compose_answer
from assistant.answer.acceptance import ACCEPT_FEATURES, _missing_rare, acceptance_model
from assistant.answer.profile import QuestionProfile
from assistant.errors import ConfigError
from assistant.settings import Settings


def _script() -> Any:
    spec = importlib.util.spec_from_file_location("train_acceptance", ROOT / "scripts" / "train_acceptance.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_acceptance"] = module
    spec.loader.exec_module(module)
    return module


def test_the_shipped_model_matches_its_features() -> None:
    model = acceptance_model()
    assert model.weights.shape == model.mean.shape == model.scale.shape == (len(ACCEPT_FEATURES),)
    assert 0.0 < model.threshold < 1.0
    assert np.all(model.scale > 0)
    assert 0.0 < model.probability(model.mean) < 1.0


def test_an_answer_below_the_floor_abstains_and_keeps_the_nearest_passages() -> None:
    found = retrieval(WHEN)
    given, ev = compose_answer(WHEN, WHEN, found, VECTORS, LEXICAL, max_sentences=3, threshold=-5.0, accept_floor=0.0)
    assert not given.abstained and given.short_answer == "31 mai 2003"
    assert ev.acceptance is not None and 0.0 < ev.acceptance < 1.0
    assert len(ev.accept_features) == len(ACCEPT_FEATURES)
    refused, ev2 = compose_answer(WHEN, WHEN, found, VECTORS, LEXICAL, max_sentences=3, threshold=-5.0, accept_floor=1.0)
    assert refused.abstained and refused.text == NOT_FOUND and refused.citations == () and refused.short_answer is None
    assert refused.passages == found.hits  # the nearest passages are still shown
    assert ev2.acceptance == ev.acceptance  # the same answer was judged, and refused


@pytest.mark.parametrize("raw", ["1,5", "-0.1"])
def test_the_floor_is_a_probability(raw: str) -> None:
    with pytest.raises(ConfigError, match=r"accept_floor.*COOP_ACCEPT_FLOOR"):
        Settings.from_env({"COOP_ACCEPT_FLOOR": raw})
    assert Settings.from_env({"COOP_ACCEPT_FLOOR": "0,25"}).accept_floor == 0.25
    assert Settings.from_env({}).accept_floor is None  # the model's own threshold


def test_the_missing_rare_word_is_weighed_against_the_rarest() -> None:
    profile = QuestionProfile(terms=(("budget", None, 1.0), ("kaya", None, 4.0)), named=(), keys=frozenset())
    assert _missing_rare(profile, {"budget", "kaya"}) == 0.0
    assert _missing_rare(profile, {"kaya"}) == 0.25  # only the common word lacks
    assert _missing_rare(profile, {"budget"}) == 1.0  # the rarest lacks
    assert _missing_rare(QuestionProfile(terms=(), named=(), keys=frozenset()), set()) == 0.0


def test_the_training_fit_separates_what_it_is_shown() -> None:
    script = _script()
    rng = np.random.default_rng(0)
    n = len(ACCEPT_FEATURES)
    right = rng.normal(0.0, 1.0, (80, n)) + np.eye(n)[0] * 3.0  # right answers score high on the first feature
    wrong = rng.normal(0.0, 1.0, (40, n))
    x = np.vstack([right, wrong])
    y = np.array([1.0] * 80 + [0.0] * 40)
    model = script.fit(x, y)
    p = model.p(x)
    assert p[:80].mean() > 0.8 and p[80:].mean() < 0.3
    assert model.w[0] == max(model.w)  # the separating feature carries the most weight


def test_the_check_judges_only_answers_of_the_model_it_was_fitted_on() -> None:
    """The probabilities read the default model's cosines: with another embedding model every composed answer
    is given (as before the check), unless a floor is set."""
    from types import SimpleNamespace

    from assistant.models.testing import HashingEmbedder
    from assistant.pipeline import Assistant

    floor = Assistant._accept_floor.func  # type: ignore[attr-defined]  # the cached_property's own function
    fitted = acceptance_model().model
    assert floor(SimpleNamespace(settings=Settings(), embedder=HashingEmbedder(model_id=fitted))) is None
    assert floor(SimpleNamespace(settings=Settings(), embedder=HashingEmbedder())) == 0.0
    assert floor(SimpleNamespace(settings=Settings(accept_floor=0.4), embedder=HashingEmbedder())) == 0.4
