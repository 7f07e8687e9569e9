"""The pure parts of the scale curve of ``scripts/bench.py``: stop points, budget, extrapolation, chart.

No model and no index here (the fast tests exercise them directly): :func:`parse_steps`,
:func:`next_step_fits` (does the next step fit the budget), :func:`extrapolate` (points past the
last measured one, said so), :func:`percentile`, :class:`Point` / :class:`ScaleRun` (the figures,
written as JSON) and :func:`write_chart` (the PNG, with matplotlib from the ``bench`` extra).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

#: The stop points of the scale curve (those below ``--docs``, then ``--docs`` itself).
DEFAULT_STEPS = (500, 2000, 5000, 10000, 20000)
#: The next step is estimated at the last step's seconds per new document times this margin (indexing
#: slows a little as the index grows: the lexical index is rebuilt whole, the vector index deepens).
BUDGET_MARGIN = 1.25


def percentile(values: Sequence[float], q: float) -> float:
    """The nearest-rank ``q`` percentile (0 < q ≤ 100) of ``values``."""
    if not values:
        raise ValueError("aucune valeur")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


# --- Steps and budget (pure) -------------------------------------------------------------------


def parse_steps(text: str | None, docs: int) -> list[int]:
    """The stop points up to ``docs``: ``text`` ("500,2000,…") or :data:`DEFAULT_STEPS`; ``docs`` is the last."""
    if text:
        try:
            steps = [int(part) for part in text.split(",") if part.strip()]
        except ValueError:
            raise ValueError(f"--steps {text!r} : des nombres de documents séparés par des virgules") from None
        if any(s < 1 for s in steps) or steps != sorted(set(steps)):
            raise ValueError(f"--steps {text!r} : des nombres positifs, croissants, sans doublon")
    else:
        steps = list(DEFAULT_STEPS)
    kept = [s for s in steps if s < docs]
    return [*kept, docs]


def next_step_fits(
    *,
    elapsed_s: float,
    budget_s: float | None,
    done_docs: int,
    next_docs: int,
    last_step_docs: int,
    last_step_s: float,
    overhead_s: float,
    margin: float = BUDGET_MARGIN,
) -> bool:
    """Whether the step to ``next_docs`` fits in the budget: the last step's seconds per new document,
    times ``margin``, for the new documents, plus ``overhead_s`` (generation, the open probe, re-index)."""
    if budget_s is None:
        return True
    per_doc = last_step_s / max(1, last_step_docs)
    needed = (next_docs - done_docs) * per_doc * margin + overhead_s
    return elapsed_s + needed <= budget_s


@dataclass(frozen=True)
class Point:
    """One point of the scale curve (``extrapolated``: computed from the measured points, not measured)."""

    documents: int
    passages: int
    index_seconds: float  # cumulative indexing time (the ingests up to this point)
    passages_per_second: float  # of the last step (new passages / its ingest time)
    passages_embedded: int  # of the last step: only the new documents' passages are embedded
    peak_rss_mb: float | None  # this process (generation + ingests so far)
    open_seconds: float | None = None  # fresh Assistant.open in a subprocess
    open_rss_mb: float | None = None  # that subprocess's resident memory once the index is open
    latency_median_ms: float | None = None
    latency_p95_ms: float | None = None
    # the first round of questions, each meeting its passages' sentences for the first time (with
    # COOP_SENTENCE_VECTORS=lazy it pays their encoding)
    first_round_median_ms: float | None = None
    first_round_p95_ms: float | None = None
    questions: int = 0
    load_average: float | None = None
    extrapolated: bool = False


def extrapolate(points: Sequence[Point], targets: Sequence[int]) -> list[Point]:
    """Points at ``targets`` past the last measured one, on the line through the last two measured
    points: time, passages and memory grow linearly with documents. From a single point only time and
    passages are extrapolated (in proportion to documents); latency never is."""
    if not points:
        return []
    last = points[-1]
    prev = points[-2] if len(points) > 1 else None

    def at(field: str, n: int) -> float | None:
        y1 = getattr(last, field)
        if prev is None:
            return y1 * n / last.documents if field in ("index_seconds", "passages") else None
        y0 = getattr(prev, field)
        if y0 is None or y1 is None or last.documents == prev.documents:
            return None
        return float(y1 + (y1 - y0) / (last.documents - prev.documents) * (n - last.documents))

    out = []
    for n in targets:
        if n <= last.documents:
            continue
        index_s = at("index_seconds", n) or last.index_seconds
        passages = round(at("passages", n) or last.passages)
        step_s = index_s - last.index_seconds
        out.append(
            Point(
                documents=n,
                passages=passages,
                index_seconds=index_s,
                passages_per_second=(passages - last.passages) / step_s if step_s > 0 else last.passages_per_second,
                passages_embedded=passages - last.passages,
                peak_rss_mb=at("peak_rss_mb", n),
                open_seconds=at("open_seconds", n),
                open_rss_mb=at("open_rss_mb", n),
                extrapolated=True,
            )
        )
    return out


@dataclass(frozen=True)
class ScaleRun:
    """What the scale run measured, and what it extrapolated."""

    backend: str
    threads: int
    steps: tuple[int, ...]
    points: tuple[Point, ...]
    extrapolated: tuple[Point, ...]
    stopped_by_budget: bool
    reindex_unchanged_s: float | None
    reindex_embedded: int | None
    seconds: float  # this run's (a resumed run does not count the earlier runs')
    resumed_from: tuple[int, ...] = ()  # the documents at which each run after the first went on


def describe_point(p: Point) -> str:
    """One line of French about ``p``; an extrapolated point says so first."""
    parts = [
        f"{'EXTRAPOLÉ (non mesuré)' if p.extrapolated else 'mesuré'} : {p.documents} documents, {p.passages} passages",
        f"indexation cumulée {p.index_seconds:.0f} s ({p.passages_per_second:.1f} passages/s)",
    ]
    if p.peak_rss_mb is not None:
        parts.append(f"mémoire max. {p.peak_rss_mb:.0f} Mo")
    if p.open_seconds is not None and p.open_rss_mb is not None:
        parts.append(f"ouverture {p.open_seconds:.1f} s, {p.open_rss_mb:.0f} Mo")
    if p.latency_median_ms is not None and p.latency_p95_ms is not None:
        parts.append(f"question médiane {p.latency_median_ms:.0f} ms, p95 {p.latency_p95_ms:.0f} ms ({p.questions})")
    if p.first_round_median_ms is not None and p.first_round_p95_ms is not None:
        parts.append(f"premier tour médiane {p.first_round_median_ms:.0f} ms, p95 {p.first_round_p95_ms:.0f} ms")
    if p.load_average is not None:
        parts.append(f"charge {p.load_average:.2f}")
    return " ; ".join(parts)


def print_point(p: Point, name: str) -> None:
    print(f"[{name}] {describe_point(p)}", flush=True)


def write_chart(run: ScaleRun, path: Path) -> None:
    """A PNG: cumulative indexing time and memory against documents (extrapolated points dashed)."""
    try:
        import matplotlib
    except ImportError:
        raise SystemExit(
            "Le graphique demande matplotlib : installez-le avec .venv/bin/pip install -e '.[bench]' "
            "(ou relancez sans --chart)."
        ) from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import matplotlib.ticker

    measured, extra = list(run.points), list(run.extrapolated)
    fig, (time_ax, mem_ax) = plt.subplots(1, 2, figsize=(11, 4.2), sharex=True)
    series = [
        (time_ax, "index_seconds", 1 / 60, "indexation cumulée", "tab:blue"),
        (mem_ax, "peak_rss_mb", 1.0, "pic du processus d'indexation", "tab:red"),
        (mem_ax, "open_rss_mb", 1.0, "assistant ouvert (sous-processus)", "tab:green"),
    ]
    for ax, field, scale, label, color in series:
        xs = [p.documents for p in measured if getattr(p, field) is not None]
        ys = [getattr(p, field) * scale for p in measured if getattr(p, field) is not None]
        ax.plot(xs, ys, "o-", color=color, label=f"{label} (mesuré)", zorder=3)
        tail = [p for p in extra if getattr(p, field) is not None]
        if tail and xs:
            ax.plot(
                [xs[-1], *(p.documents for p in tail)],
                [ys[-1], *(getattr(p, field) * scale for p in tail)],
                "o--",
                color=color,
                markerfacecolor="white",
                label=f"{label} (extrapolé)",
            )
    time_ax.set(title="Temps d'indexation", xlabel="Documents", ylabel="Minutes")
    mem_ax.set(title="Mémoire résidente", xlabel="Documents", ylabel="Mo")
    thousands = matplotlib.ticker.FuncFormatter(lambda x, _pos: f"{x:,.0f}".replace(",", "\u202f"))
    for ax in (time_ax, mem_ax):
        ax.xaxis.set_major_formatter(thousands)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
        ax.set_xlim(0, ax.get_xlim()[1] * 1.05)
        ax.set_ylim(0, ax.get_ylim()[1] * 1.1)
    dashed = " — pointillés : extrapolé, non mesuré" if extra else ""
    fig.suptitle(f"Délibérations générées, {run.backend}, {run.threads} fils{dashed}")
    fig.tight_layout()
    fig.savefig(path, format="png", dpi=110)
    plt.close(fig)
