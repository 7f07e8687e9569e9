"""Replay the dev questions and compare every answer byte for byte; measure the CPU cost of one answer.

Usage:
    python scripts/replay_answers.py --save before.jsonl          # record the answers of this code
    python scripts/replay_answers.py --check before.jsonl         # same bytes now? (exit 1 if not)
    python scripts/replay_answers.py --rounds 5                   # CPU ms per answer (reply, API handler)
    python scripts/replay_answers.py --profile 3                  # where that CPU goes (cProfile)
    python scripts/replay_answers.py --index /tmp/idx --corpus /tmp/corpus --dev ../shared/eval/dev.jsonl

For each dev question (a follow-up with its earlier turns as history), one record holds what a user
or a script receives: the text ``coop ask --json`` prints (the same dict the ``/ask`` API returns,
here produced by the API's own handler), and the HTML the interface shows after each turn of the
dialogue (conversation and sources panel, from :class:`assistant.ui.actions.Actions`). ``--check``
replays everything twice in one process (cold, then with every cache warm) and both passes must
equal the saved records: an optimisation must change no answer, citation, short answer, passage,
score or rendered byte. With ``COOP_SENTENCE_VECTORS=lazy`` (the default) the cold pass encodes the sentences
the questions look at, one per model pass, and the warm pass reads them from the process's cache: equal bytes
then also say that a sentence's vector does not depend on the questions asked before it. Save and check on the
same kind of index: an index built with ``separate`` holds vectors encoded in batches at ingestion, equal to the
``lazy`` ones only to rounding, which may move a tie and so a byte.

``--rounds`` measures the process CPU time (``time.process_time``: all threads of this process) per
answer over the dev questions, for :meth:`Assistant.reply` alone and for the API handler (checks,
answer, ``as_dict``, JSON as Gradio serialises it). On a shared machine the figures move with the
load: compare variants in the same run, as ratios.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEV_SET = ROOT.parent / "shared" / "eval" / "dev.jsonl"
MAX_DIALOGUES = 10_000
MAX_TURNS = 20
#: the store's lookups of one question (the Chroma part of its CPU time)
STORE_LOOKUPS = (
    "query",
    "query_sentences",
    "chunk_vectors",
    "sentence_vectors",
    "stored_sentence_vectors",
)


@dataclass(frozen=True)
class Dialogue:
    """One dev question: its id and its turns (the question itself last)."""

    id: str
    turns: tuple[str, ...]


def load_dialogues(path: Path) -> list[Dialogue]:
    """The questions of a JSONL set (``question``, or ``turns`` for a follow-up); bounded in size."""
    if not path.is_file():
        raise SystemExit(f"Jeu de questions introuvable : {path} (option --dev).")
    out: list[Dialogue] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            turns = tuple(raw.get("turns") or [raw["question"]])
            if not turns or len(turns) > MAX_TURNS or not all(isinstance(t, str) and t.strip() for t in turns):
                raise ValueError("questions vides ou trop nombreuses")
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise SystemExit(f"{path}, ligne {n} : question mal formée ({exc}).") from None
        out.append(Dialogue(str(raw.get("id", n)), turns))
        if len(out) > MAX_DIALOGUES:
            raise SystemExit(f"{path} : plus de {MAX_DIALOGUES} questions.")
    if not out:
        raise SystemExit(f"{path} : aucune question.")
    return out


def replay(assistant: Any, dialogues: Sequence[Dialogue], export_dir: Path) -> list[dict[str, Any]]:
    """One record per dialogue: ``coop ask --json`` of its last turn (through the API handler) and
    the interface's HTML after each of its turns."""
    from assistant.ui.actions import Actions
    from assistant.ui.state import Conversation

    actions = Actions(assistant, export_dir=export_dir)
    records = []
    for d in dialogues:
        answer = actions.ask_api(d.turns[-1], list(d.turns[:-1]), "")
        conv = Conversation()
        pages = []
        for question in d.turns:
            actions.start(conv, question, {})
            update = actions.finish(conv)
            pages.append({"conversation": update.conversation_html, "sources": update.sources_html})
        records.append({"id": d.id, "json": json.dumps(answer, ensure_ascii=False, indent=2), "html": pages})
    return records


def differences(saved: Sequence[dict[str, Any]], now: Sequence[dict[str, Any]]) -> list[str]:
    """French lines naming each question whose record differs (and the first differing part)."""
    out: list[str] = []
    if len(saved) != len(now):
        out.append(f"{len(saved)} questions enregistrées, {len(now)} rejouées")
    for a, b in zip(saved, now, strict=False):
        if a == b:
            continue
        part = "json" if a.get("json") != b.get("json") else "html"
        left, right = json.dumps(a.get(part), ensure_ascii=False), json.dumps(b.get(part), ensure_ascii=False)
        at = next((i for i, (x, y) in enumerate(zip(left, right, strict=False)) if x != y), min(len(left), len(right)))
        out.append(
            f"{a.get('id')} ({part}, caractère {at}) : …{left[max(0, at - 40) : at + 60]}… ≠ …{right[max(0, at - 40) : at + 60]}…"
        )
    return out


class _Meter:
    """CPU time spent inside the wrapped callables (calls never overlap here: one question at a time)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def wrap(self, owner: Any, name: str, part: str) -> None:
        inner = getattr(owner, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.process_time()
            try:
                return inner(*args, **kwargs)
            finally:
                self.seconds[part] = self.seconds.get(part, 0.0) + time.process_time() - t0

        setattr(owner, name, timed)


def cpu_per_answer(assistant: Any, dialogues: Sequence[Dialogue], rounds: int) -> dict[str, float]:
    """CPU milliseconds (this process, all threads) per answer: ``reply`` alone with its parts (the
    question's encoding, Chroma, the answer's composition, the rest), and the API handler."""
    import assistant.pipeline as pipeline
    from assistant.ui import api

    calls = [(d.turns[-1], list(d.turns[:-1])) for d in dialogues]
    for q, h in calls:  # warm-up: lazy loads, first-call costs
        assistant.reply(q, h)
    out: dict[str, float] = {}
    t0 = time.process_time()
    for _ in range(rounds):
        for q, h in calls:
            assistant.reply(q, h)
    out["reply_ms"] = 1000 * (time.process_time() - t0) / (rounds * len(calls))
    meter = _Meter()
    meter.wrap(assistant.embedder, "encode_query", "encode_ms")
    for name in STORE_LOOKUPS:
        if hasattr(assistant._store, name):  # an older store may lack one
            meter.wrap(assistant._store, name, "chroma_ms")
    compose = pipeline.compose
    meter.wrap(pipeline, "compose", "compose_ms")
    try:
        t0 = time.process_time()
        for _ in range(rounds):
            for q, h in calls:
                assistant.reply(q, h)
        total = time.process_time() - t0
    finally:
        pipeline.compose = compose  # type: ignore[attr-defined]
        vars(assistant.embedder).pop("encode_query", None)
        for name in STORE_LOOKUPS:
            vars(assistant._store).pop(name, None)
    n = rounds * len(calls)
    for part, seconds in meter.seconds.items():
        out[part] = 1000 * seconds / n
    out["rest_ms"] = 1000 * (total - sum(meter.seconds.values())) / n
    t0 = time.process_time()
    for _ in range(rounds):
        for q, h in calls:
            json.dumps(api.ask(assistant, q, h, ""))
    out["api_ms"] = 1000 * (time.process_time() - t0) / (rounds * len(calls))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    p.add_argument("--index", type=Path, help="dossier de l'index (défaut : COOP_INDEX_DIR ou index/)")
    p.add_argument("--corpus", type=Path, help="dossier du corpus (défaut : COOP_CORPUS_DIR ou corpus/)")
    p.add_argument("--dev", type=Path, default=DEV_SET, help="questions (JSONL)")
    p.add_argument("--save", type=Path, help="enregistrer les réponses dans ce fichier JSONL")
    p.add_argument("--check", type=Path, help="comparer aux réponses enregistrées (code 1 si l'une diffère)")
    p.add_argument("--rounds", type=int, default=0, help="mesurer le calcul par réponse sur N passages")
    p.add_argument("--profile", type=int, default=0, help="profil cProfile de N passages")
    p.add_argument("--json", action="store_true", help="les mesures aussi en JSON")
    args = p.parse_args(argv)
    if not 0 <= args.rounds <= 100 or not 0 <= args.profile <= 100:
        raise SystemExit("--rounds et --profile : entre 0 et 100.")

    from assistant.pipeline import Assistant
    from assistant.settings import Settings

    overrides = {k: v for k, v in (("index_dir", args.index), ("corpus_dir", args.corpus)) if v is not None}
    settings = Settings.from_env(**overrides)
    dialogues = load_dialogues(args.dev)
    bot = Assistant.open(settings)
    status = 0
    try:
        with tempfile.TemporaryDirectory(prefix="replay-") as tmp:
            if args.save or args.check:
                records = replay(bot, dialogues, Path(tmp))
            if args.save:
                args.save.write_text(
                    "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
                )
                print(f"{len(records)} réponses enregistrées dans {args.save}.")
            if args.check:
                saved = [json.loads(line) for line in args.check.read_text(encoding="utf-8").splitlines() if line]
                warm = replay(bot, dialogues, Path(tmp))
                found = differences(saved, records) + [f"(2e passage) {d}" for d in differences(saved, warm)]
                for line in found:
                    print("DIFFÉRENCE", line)
                print(
                    f"{len(saved)} réponses comparées deux fois (JSON de coop ask --json et HTML) : "
                    + ("identiques." if not found else f"{len(found)} différence(s).")
                )
                status = 1 if found else 0
        if args.rounds:
            figures = cpu_per_answer(bot, dialogues, args.rounds)
            print(
                f"calcul par réponse ({args.rounds} × {len(dialogues)} questions) : reply {figures['reply_ms']:.1f} ms "
                f"(encodage {figures.get('encode_ms', 0):.1f}, Chroma {figures.get('chroma_ms', 0):.1f}, "
                f"composition {figures.get('compose_ms', 0):.1f}, reste {figures['rest_ms']:.1f}), "
                f"gestionnaire de l'API {figures['api_ms']:.1f} ms"
            )
            if args.json:
                print(json.dumps(figures))
        if args.profile:
            calls = [(d.turns[-1], list(d.turns[:-1])) for d in dialogues]
            for q, h in calls:
                bot.reply(q, h)
            prof = cProfile.Profile()
            prof.enable()
            for _ in range(args.profile):
                for q, h in calls:
                    bot.reply(q, h)
            prof.disable()
            pstats.Stats(prof, stream=sys.stdout).sort_stats("tottime").print_stats(30)
    finally:
        bot.close()
    return status


if __name__ == "__main__":
    raise SystemExit(main())
