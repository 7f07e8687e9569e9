"""Speed and memory of the product, printed as numbers (targets live here, not in unit tests).

Usage::

    python scripts/bench.py                   # seed corpus: index build, warm question latency
    python scripts/bench.py --docs 20000 --max-minutes 45 --json-out bench.json --chart bench.png

Without ``--docs``: the seed corpus (``corpus/``): model load, indexing throughput, unchanged
re-index, time to open, warm question latency (median, p95) over the dev-set questions, peak memory.

With ``--docs N``, the scale curve, built INCREMENTALLY in one run: generated deliberations (the seed
documents' sentences recombined, renamed, in a temporary folder, never committed) are added up to
each stop point (``--steps``, default 500, 2000, 5000, 10000, 20000 up to N) and ``ingest`` runs after
each addition (only the new documents are embedded). At each point: documents, passages, cumulative
indexing time, passages/s, peak resident memory of this process; then a FRESH ``Assistant.open`` in a
subprocess (so that the ingest does not pollute its numbers): time to open, its resident memory, and
warm question latency (median and p95) over the dev-set questions. At the last point measured: the
unchanged re-index time. ``--max-minutes`` bounds the run: after each point the next one is
estimated (the last step's seconds per new document, with a margin) and, if it does not fit, the run
stops cleanly there and the remaining points are EXTRAPOLATED (linearly from the last two points),
which the output, the JSON and the chart say. ``--json-out`` writes the figures, ``--chart`` a PNG
(time and memory against documents; needs ``pip install -e '.[bench]'``).

A curve longer than one sitting is measured in several runs: ``--keep`` keeps the generated corpus and
its index in ``--work``; ``--resume`` (same ``--work``, same ``--json-out``, same settings) goes on from
the last point measured, after checking that the corpus holds exactly its documents. Each step is
measured whole within one run; the cumulative indexing time adds the steps of every run, and the
JSON says where each run went on (``"resumed_from"``).

``--backend`` overrides ``COOP_BACKEND``; the other ``COOP_*`` settings apply as in ``coop ingest``.
Other processes skew the figures: the load average is recorded at each point.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, replace
from functools import cache
from pathlib import Path
from typing import Any

# scripts/ is on sys.path when this file runs as a script (the tests put it there too).
from bench_curve import Point, ScaleRun, extrapolate, next_step_fits, parse_steps, percentile, print_point, write_chart
from bench_floor import machine

from assistant.errors import CoopError
from assistant.evaluation import load_questions
from assistant.ingest import ingest
from assistant.models import Embedder, load_embedder
from assistant.pipeline import Assistant
from assistant.settings import BACKENDS, Settings

ROOT = Path(__file__).resolve().parents[1]
DEV_SET = ROOT.parent / "shared" / "eval" / "dev.jsonl"

CITIES = ["Dakar", "Hanoï", "Ouagadougou", "Tunis", "Erevan", "Kendari", "Cotonou", "Bamako", "Gyumri", "Saint-Louis"]
THEMES = ["l'eau potable", "la santé maternelle", "la gestion des déchets", "la francophonie", "la jeunesse"]

MAX_DOCS = 200_000
PROBE_TIMEOUT_S = 1800.0


# --- Memory and statistics ---------------------------------------------------------------------


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (MB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def current_rss_mb() -> float:
    """Resident memory of this process now (MB; the peak where /proc is missing)."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return peak_rss_mb()


@cache
def seed_sentences() -> tuple[str, ...]:
    """The seed corpus's sentences longer than 60 characters (the material of generated documents)."""
    from assistant.textnorm import split_sentences

    out: list[str] = []
    for f in sorted((ROOT / "corpus").iterdir()):
        text = f.read_text(encoding="utf-8")
        out += [text[s:e] for s, e in split_sentences(text) if e - s > 60]
    return tuple(out)


def generate_documents(dest: Path, start: int, stop: int, seed: int = 1) -> None:
    """Write documents ``start`` … ``stop - 1``: lines that are random combinations of seed sentences.

    Document ``i`` depends only on ``i`` and ``seed`` (its own random generator), so that a corpus grown
    step by step equals one generated at once. Lines are recombined (not copied) so that the documents
    do not share whole blocks, which ingestion would rightly index only once.
    """
    sentences = list(seed_sentences())
    for i in range(start, stop):
        rng = random.Random(f"{seed}-{i}")
        city, theme = rng.choice(CITIES), rng.choice(THEMES)
        lines = [" ".join(rng.sample(sentences, k=rng.randint(2, 4))) for _ in range(rng.randint(4, 12))]
        head = (
            f"Délibération n° {2020 + i % 6}-{i:05d} : coopération avec {city} sur {theme}\n\n"
            f"Publié le {1 + i % 28:02d}/{1 + i % 12:02d}/{2020 + i % 6}\n\n"
            f"Le conseil municipal approuve la convention de partenariat avec la ville de {city} "
            f"portant sur {theme}.\n\n"
        )
        path = dest / f"{i // 100:03d}" / f"deliberation-{i:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(head + "\n\n".join(lines), encoding="utf-8")


# --- The fresh Assistant.open, in a subprocess -------------------------------------------------


def probe_open(
    settings: Settings,
    questions: Sequence[str],
    rounds: int,
    make_embedder: Callable[[Settings], Embedder] = load_embedder,
) -> dict[str, Any]:
    """Model load, ``Assistant.open``, the first question and warm latencies, with the resident memory
    after each, in this process (the subprocess's side); ``make_embedder`` builds the model."""
    from assistant.store import ChromaStore

    t0 = time.perf_counter()
    embedder = make_embedder(settings)
    embedder.encode_query(["préchauffage"])
    load_s = time.perf_counter() - t0
    rss_model = current_rss_mb()
    t0 = time.perf_counter()
    bot = Assistant.open(settings, embedder)
    open_s = time.perf_counter() - t0
    rss_open = current_rss_mb()
    try:
        bot.ask("question de préchauffage")
        rss_first = current_rss_mb()
        latencies: list[float] = []
        for _ in range(rounds):
            for q in questions:
                t0 = time.perf_counter()
                bot.ask(q)
                latencies.append((time.perf_counter() - t0) * 1000)
        # the first round meets every question's sentences for the first time: with COOP_SENTENCE_VECTORS=lazy,
        # it pays their encoding (the later rounds find them in memory)
        first = latencies[: len(questions)]
        encoded = bot._sentences.encoded
        store = bot._store
        sentences = store.count_sentences() if isinstance(store, ChromaStore) else None
    finally:
        bot.close()
    return {
        "load_seconds": load_s,
        "open_seconds": open_s,
        "rss_model_mb": rss_model,
        "open_rss_mb": rss_open,
        "rss_first_question_mb": rss_first,
        "rss_after_questions_mb": current_rss_mb(),
        "sentences": sentences,
        "peak_rss_mb": peak_rss_mb(),
        "latency_median_ms": statistics.median(latencies) if latencies else None,
        "latency_p95_ms": percentile(latencies, 95) if latencies else None,
        "first_round_median_ms": statistics.median(first) if first else None,
        "first_round_p95_ms": percentile(first, 95) if first else None,
        "sentences_encoded_at_questions": encoded,
        "questions": len(latencies),
    }


def run_probe(settings: Settings, questions_file: Path, rounds: int, timeout_s: float = PROBE_TIMEOUT_S) -> dict:
    """:func:`probe_open` in a fresh Python (same ``COOP_*`` environment), its JSON result."""
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--probe",
        "--corpus",
        str(settings.corpus_dir),
        "--index",
        str(settings.index_dir),
        "--backend",
        settings.backend,
        "--questions",
        str(questions_file),
        "--rounds",
        str(rounds),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout_s, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"la mesure de l'ouverture a échoué ({done.returncode}) : {done.stderr[-2000:]}")
    try:
        return dict(json.loads(done.stdout.strip().splitlines()[-1]))
    except (IndexError, ValueError, TypeError):
        raise RuntimeError(f"la mesure de l'ouverture n'a pas rendu de JSON : {done.stdout[-500:]!r}") from None


# --- The runs ----------------------------------------------------------------------------------


def scale_run(
    settings: Settings,
    embedder: Embedder,
    steps: Sequence[int],
    *,
    questions_file: Path,
    rounds: int,
    budget_s: float | None,
    probe: bool = True,
    progress: bool = True,
    started: float | None = None,
    on_point: Callable[[Sequence[Point]], None] | None = None,
    earlier: Sequence[Point] = (),
) -> ScaleRun:
    """The incremental curve in ``settings.corpus_dir`` / ``settings.index_dir`` (both new, or holding
    the corpus and index of the points measured by an ``earlier`` run, which this one goes on from: its
    steps start after their last point, its times add to theirs); the budget counts from ``started`` (a
    ``time.perf_counter()``, default now); ``on_point`` receives the points measured so far after each
    one (the partial results are saved even if the run is interrupted)."""
    name = f"{steps[-1]} documents générés, {settings.backend}"
    started = time.perf_counter() if started is None else started
    points: list[Point] = list(earlier)
    index_s = points[-1].index_seconds if points else 0.0
    done = points[-1].documents if points else 0
    steps = [s for s in steps if s > done]
    stopped = False
    for k, n in enumerate(steps):
        t0 = time.perf_counter()
        generate_documents(settings.corpus_dir, done, n)
        generate_s = time.perf_counter() - t0
        report = ingest(settings, embedder, progress=progress)
        index_s += report.seconds
        point = Point(
            documents=report.documents_total,
            passages=report.chunks_total,
            index_seconds=index_s,
            passages_per_second=report.chunks_embedded / report.seconds if report.seconds > 0 else 0.0,
            passages_embedded=report.chunks_embedded,
            peak_rss_mb=peak_rss_mb(),
            load_average=os.getloadavg()[0],
        )
        t0 = time.perf_counter()
        if probe:
            try:
                measured = run_probe(settings, questions_file, rounds)
            except (RuntimeError, subprocess.TimeoutExpired, KeyError) as exc:
                # an hour of indexing is not thrown away for one failed measurement: said, left empty
                print(f"[{name}] mesure de l'ouverture à {n} documents impossible : {exc}", flush=True)
            else:
                point = replace(
                    point,
                    open_seconds=measured["open_seconds"],
                    open_rss_mb=measured["open_rss_mb"],
                    latency_median_ms=measured["latency_median_ms"],
                    latency_p95_ms=measured["latency_p95_ms"],
                    first_round_median_ms=measured.get("first_round_median_ms"),
                    first_round_p95_ms=measured.get("first_round_p95_ms"),
                    questions=measured["questions"],
                )
        probe_s = time.perf_counter() - t0
        points.append(point)
        print_point(point, name)
        if on_point is not None:
            on_point(points)
        step_docs = n - done
        done = n
        if k + 1 < len(steps) and not next_step_fits(
            elapsed_s=time.perf_counter() - started,
            budget_s=budget_s,
            done_docs=done,
            next_docs=steps[k + 1],
            last_step_docs=step_docs,
            last_step_s=report.seconds + generate_s,
            overhead_s=2 * probe_s,  # the next probe, and the unchanged re-index (less than a probe)
        ):
            stopped = True
            print(
                f"[{name}] budget de {(budget_s or 0) / 60:.0f} min : l'étape {steps[k + 1]} ne tiendrait pas ; "
                f"dernière étape mesurée : {n} documents.",
                flush=True,
            )
            break
    t0 = time.perf_counter()
    again = ingest(settings, embedder, progress=False)
    reindex_s = time.perf_counter() - t0
    print(
        f"[{name}] ré-indexation sans changement à {done} documents : {reindex_s:.2f} s "
        f"({again.chunks_embedded} passages encodés)"
    )
    extra = extrapolate(points, [s for s in steps if s > done])
    if extra:
        how = (
            "droite des deux derniers points mesurés"
            if len(points) > 1
            else "un seul point mesuré : temps et passages proportionnels aux documents, mémoire inconnue"
        )
        print(f"[{name}] ATTENTION : les points suivants sont EXTRAPOLÉS ({how}), pas mesurés :")
        for p in extra:
            print_point(p, name)
    return ScaleRun(
        backend=settings.backend,
        threads=settings.threads,
        steps=tuple(p.documents for p in earlier) + tuple(steps),
        points=tuple(points),
        extrapolated=tuple(extra),
        stopped_by_budget=stopped,
        reindex_unchanged_s=reindex_s,
        reindex_embedded=again.chunks_embedded,
        seconds=time.perf_counter() - started,
    )


def bench_corpus(name: str, corpus: Path, questions: list[str], backend: str | None) -> None:
    """The seed-corpus bench: indexing, unchanged re-index, open, warm latency, peak memory."""
    work = Path(tempfile.mkdtemp(prefix="coop-bench-"))
    try:
        settings = Settings.from_env(corpus_dir=corpus, index_dir=work / "index", backend=backend)
        name = f"{name}, {settings.backend}"
        t0 = time.perf_counter()
        embedder = load_embedder(settings)
        embedder.encode_query(["préchauffage"])
        print(f"[{name}] chargement du modèle : {time.perf_counter() - t0:.1f} s")
        report = ingest(settings, embedder, progress=True)
        print(
            f"[{name}] indexation : {report.documents_total} documents, {report.chunks_total} passages "
            f"en {report.seconds:.1f} s -> {report.chunks_embedded / report.seconds:.1f} passages/s, "
            f"{report.documents_total / report.seconds:.1f} documents/s"
        )
        t0 = time.perf_counter()
        again = ingest(settings, embedder, progress=False)
        print(
            f"[{name}] ré-indexation sans changement : {time.perf_counter() - t0:.2f} s "
            f"({again.chunks_embedded} encodés)"
        )
        measured = probe_open(settings, questions, rounds=3)
        print(
            f"[{name}] ouverture de l'index : {measured['open_seconds']:.2f} s ; question (modèle chargé) : "
            f"médiane {measured['latency_median_ms']:.0f} ms, p95 {measured['latency_p95_ms']:.0f} ms "
            f"sur {measured['questions']} questions ; premier tour (phrases encore jamais vues) : médiane "
            f"{measured['first_round_median_ms']:.0f} ms, p95 {measured['first_round_p95_ms']:.0f} ms, "
            f"{measured['sentences_encoded_at_questions']} phrases encodées aux questions"
        )
        print(f"[{name}] mémoire résidente maximale du processus : {peak_rss_mb():.0f} Mo")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description="Vitesse et mémoire : corpus de départ, ou courbe jusqu'à N documents.")
    ap.add_argument("--docs", type=int, default=0, help="courbe d'échelle jusqu'à N délibérations générées")
    ap.add_argument(
        "--steps", default=None, help="étapes, ex. 500,2000,5000,10000 (défaut : 500,2000,5000,10000,20000)"
    )
    ap.add_argument(
        "--max-minutes", type=float, default=None, help="budget : s'arrêter avant une étape qui ne tient pas"
    )
    ap.add_argument("--backend", choices=BACKENDS, default=None, help="torch, onnx ou auto (sinon COOP_BACKEND)")
    ap.add_argument("--questions", type=Path, default=DEV_SET, help="questions de latence (jsonl, défaut : dev)")
    ap.add_argument("--rounds", type=int, default=3, help="passages sur les questions pour la latence")
    ap.add_argument("--work", type=Path, default=None, help="dossier NEUF du corpus généré et de l'index")
    ap.add_argument("--keep", action="store_true", help="garder le corpus généré et l'index")
    ap.add_argument(
        "--resume",
        action="store_true",
        help="reprendre la course gardée (--keep) dans --work, d'après les points de --json-out",
    )
    ap.add_argument("--json-out", type=Path, default=None, help="écrire les résultats dans ce fichier JSON")
    ap.add_argument("--chart", type=Path, default=None, help="écrire le graphique PNG dans ce fichier")
    ap.add_argument("--quiet", action="store_true", help="sans barre de progression")
    ap.add_argument("--probe", action="store_true", help=argparse.SUPPRESS)  # the subprocess of run_probe
    ap.add_argument("--corpus", type=Path, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--index", type=Path, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if not 0 <= args.docs <= MAX_DOCS:
        ap.error(f"--docs {args.docs} : entre 1 et {MAX_DOCS}")
    if not 1 <= args.rounds <= 100:
        ap.error(f"--rounds {args.rounds} : entre 1 et 100")
    if args.max_minutes is not None and not 0 < args.max_minutes <= 24 * 60:
        ap.error(f"--max-minutes {args.max_minutes} : entre 0 et 1440 minutes")
    if args.chart is not None and importlib.util.find_spec("matplotlib") is None:
        ap.error("--chart demande matplotlib : installez-le avec .venv/bin/pip install -e '.[bench]'")
    for option, path in (("--json-out", args.json_out), ("--chart", args.chart)):
        if path is not None and not path.resolve().parent.is_dir():
            ap.error(f"{option} {path} : le dossier {path.resolve().parent} n'existe pas")
    if not args.questions.is_file():
        ap.error(f"--questions {args.questions} : fichier introuvable (jeu dev dans ../shared/eval/dev.jsonl)")
    if args.resume:
        args.keep = True  # a resumed run can be resumed again
        if not args.docs or args.work is None or args.json_out is None:
            ap.error("--resume demande --docs, --work (le dossier gardé) et --json-out (ses points)")
        if not (args.work / "corpus").is_dir() or not (args.work / "index").is_dir():
            ap.error(f"--work {args.work} : ni corpus/ ni index/ d'une course gardée (--keep) ; rien à reprendre")
        if not args.json_out.is_file():
            ap.error(f"--json-out {args.json_out} : fichier introuvable ; il porte les points à reprendre")
    elif args.work is not None and args.work.exists() and any(args.work.iterdir()):
        ap.error(f"--work {args.work} : le dossier n'est pas vide ; indiquez un dossier neuf (ou --resume)")
    try:
        args.steps = parse_steps(args.steps, args.docs) if args.docs else []
    except ValueError as exc:
        ap.error(str(exc))
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    questions = [q.question for q in load_questions(args.questions)]
    if args.probe:
        settings = Settings.from_env(corpus_dir=args.corpus, index_dir=args.index, backend=args.backend)
        print(json.dumps(probe_open(settings, questions, args.rounds)))
        return 0
    if not args.docs:
        bench_corpus("corpus de départ", ROOT / "corpus", questions, args.backend)
        return 0
    started = time.perf_counter()
    work = args.work if args.work is not None else Path(tempfile.mkdtemp(prefix="coop-scale-"))
    measured: tuple[Point, ...] = ()
    resumed_from: tuple[int, ...] = ()
    try:
        settings = Settings.from_env(corpus_dir=work / "corpus", index_dir=work / "index", backend=args.backend)
        if args.resume:
            measured, resumed_from = earlier_points(args.json_out, settings)
        settings.corpus_dir.mkdir(parents=True, exist_ok=True)
        embedder = load_embedder(settings)
        embedder.encode_query(["préchauffage"])
        run = scale_run(
            settings,
            embedder,
            args.steps,
            questions_file=args.questions,
            rounds=args.rounds,
            budget_s=None if args.max_minutes is None else args.max_minutes * 60,
            progress=not args.quiet,
            started=started,
            on_point=lambda points: save_partial(args.json_out, points, settings, resumed_from),
            earlier=measured,
        )
        run = replace(run, resumed_from=resumed_from)
    except (CoopError, ResumeError) as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 2
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"durée totale : {run.seconds / 60:.1f} min ; mémoire max. de ce processus {peak_rss_mb():.0f} Mo")
    if run.resumed_from:
        where = ", ".join(str(n) for n in run.resumed_from)
        print(f"course reprise (à {where} documents) : les temps d'indexation des points s'ajoutent d'une course à l'autre")
    if args.json_out is not None:
        data = {**asdict(run), "partial": False, "machine": machine(), "settings": settings_figures(settings)}
        args.json_out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"résultats écrits dans {args.json_out}")
    if args.chart is not None:
        write_chart(run, args.chart)
        print(f"graphique écrit dans {args.chart}")
    return 0


def save_partial(
    path: Path | None, points: Sequence[Point], settings: Settings, resumed_from: tuple[int, ...] = ()
) -> None:
    """The points measured so far, in ``path`` (``"partial": true``), replaced by the full results at the end."""
    if path is None:
        return
    data = {
        "partial": True,
        "points": [asdict(p) for p in points],
        "settings": settings_figures(settings),
        "resumed_from": list(resumed_from),
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


class ResumeError(Exception):
    """A kept run that cannot be resumed (its message, in French, says why)."""


def earlier_points(path: Path, settings: Settings) -> tuple[tuple[Point, ...], tuple[int, ...]]:
    """The points measured by the kept run whose figures are in ``path`` (extrapolated ones are left
    out), and the documents at which each run went on, this one's included. Refused when the settings
    differ (the curve would mix two engines) or when ``settings.corpus_dir`` does not hold exactly the
    documents of the last point (a corpus changed by hand would be timed as the benchmark's)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        points = tuple(Point(**p) for p in data["points"] if not p.get("extrapolated"))
        before = tuple(int(n) for n in data.get("resumed_from", ()))
        saved = data["settings"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ResumeError(f"{path} : points illisibles ({exc}) ; relancez une course neuve") from exc
    if not points:
        raise ResumeError(f"{path} : aucun point mesuré ; relancez une course neuve")
    if saved != settings_figures(settings):
        raise ResumeError(
            f"{path} : mesuré avec d'autres réglages ({saved}) que ceux d'aujourd'hui "
            f"({settings_figures(settings)}) ; reprenez avec les mêmes ou relancez une course neuve"
        )
    found = sum(1 for _ in settings.corpus_dir.rglob("deliberation-*.txt"))
    if found != points[-1].documents:
        raise ResumeError(
            f"{settings.corpus_dir} : {found} documents, mais le dernier point mesuré en compte "
            f"{points[-1].documents} ; le corpus a changé, relancez une course neuve"
        )
    return points, (*before, points[-1].documents)


def settings_figures(settings: Settings) -> dict[str, Any]:
    keys = ("backend", "threads", "embed_batch_size", "chunk_tokens", "chunk_overlap_tokens", "model")
    return {k: getattr(settings, k) for k in keys}


if __name__ == "__main__":
    sys.exit(main())
