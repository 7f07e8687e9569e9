"""Load test: N simulated colleagues asking at once through the ``/ask`` API (``gradio_client``).

Usage:
    python scripts/load.py                           # starts « coop serve » on 127.0.0.1 (free port), 16 × 5
    python scripts/load.py --users 16 --questions 5  # the same, explicitly
    python scripts/load.py --url http://127.0.0.1:7860/ --user marie   # an app already running
    python scripts/load.py --upload rapport.docx --user chargee        # also during an upload being indexed

Each user is one API client (its own session) asking M questions of the dev set
(``../shared/eval/dev.jsonl``) in an order of their own; a follow-up (``turns``) is asked after its
first question, with that question as history, as the interface does. Every user waits for an answer
before asking again. Printed: errors (with their messages), latency p50 / p95 / max and answers per
second over the whole run (the clients are created and one warm-up question is asked before the
clock starts), and the clients' own CPU time (on the app's machine, it is taken from the app).

With accounts (``coop users add``), give ``--user``; the password is read from ``COOP_LOAD_PASSWORD``,
else asked on the terminal. ``--upload FILE`` (editor account) sends the files to ``/documents_add``
when the app has that endpoint and measures the questions answered while they are being indexed; an
app without it is reported as such.

Only loopback addresses are accepted unless ``--allow-remote`` is given (the script is a load
generator: it should not be pointed at someone else's server by mistake).
"""

from __future__ import annotations

import argparse
import getpass
import json
import math
import os
import random
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
DEV_SET = ROOT.parent / "shared" / "eval" / "dev.jsonl"
MAX_USERS = 256
MAX_QUESTIONS = 1000
MAX_ERRORS_SHOWN = 5


# --- the questions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    """One request of a simulated user: a question and the previous questions of its conversation."""

    question: str
    history: tuple[str, ...] = ()


def load_dialogues(path: Path) -> list[tuple[str, ...]]:
    """The dev set as conversations: ``turns`` when given (a follow-up), else the question alone."""
    if not path.is_file():
        raise SystemExit(f"Jeu de questions introuvable : {path} (option --dev).")
    out: list[tuple[str, ...]] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            turns = raw.get("turns") or [raw["question"]]
            if not all(isinstance(t, str) and t.strip() for t in turns):
                raise ValueError("questions vides")
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise SystemExit(f"{path}, ligne {n} : question mal formée ({exc}).") from None
        out.append(tuple(turns))
    if not out:
        raise SystemExit(f"{path} : aucune question.")
    return out


def user_calls(dialogues: Sequence[tuple[str, ...]], count: int, seed: int) -> list[Call]:
    """``count`` requests of one user: the dialogues in an order of its own (``seed``), each turn
    asked with the previous turns of its dialogue as history; the set is walked again if needed."""
    rng = random.Random(seed)
    calls: list[Call] = []
    while len(calls) < count:
        order = list(dialogues)
        rng.shuffle(order)
        for turns in order:
            for i, q in enumerate(turns):
                calls.append(Call(q, tuple(turns[:i])))
                if len(calls) == count:
                    return calls
    return calls


# --- the figures --------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) by linear interpolation between the closest ranks; NaN when empty."""
    if not 0 <= q <= 100:
        raise ValueError("q doit être entre 0 et 100")
    if not values:
        return math.nan
    s = sorted(values)
    pos = (len(s) - 1) * q / 100
    lo = math.floor(pos)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


@dataclass(frozen=True)
class Outcome:
    """One request: its latency (seconds) and its error message (None when answered)."""

    seconds: float
    error: str | None = None


@dataclass(frozen=True)
class Summary:
    requests: int
    errors: int
    p50: float
    p95: float
    max: float
    wall: float
    per_second: float  # answers (without error) per second of wall time
    messages: tuple[str, ...] = field(default=())
    client_cpu: float = math.nan  # CPU seconds the simulated users themselves used (same machine: taken from the app)
    app_cpu: float = math.nan  # CPU seconds of the app's process (when started by this script, Linux)

    def line(self, label: str) -> str:
        return (
            f"{label}: {self.requests} requêtes, {self.errors} erreurs, p50 {self.p50:.2f} s, "
            f"p95 {self.p95:.2f} s, max {self.max:.2f} s, {self.per_second:.1f} réponses/s "
            f"(durée {self.wall:.1f} s, CPU des clients {self.client_cpu:.1f} s"
            + ("" if math.isnan(self.app_cpu) else f", de l'application {self.app_cpu:.1f} s")
            + ")"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "errors": self.errors,
            "p50_s": round(self.p50, 4),
            "p95_s": round(self.p95, 4),
            "max_s": round(self.max, 4),
            "answers_per_s": round(self.per_second, 3),
            "wall_s": round(self.wall, 3),
            "client_cpu_s": round(self.client_cpu, 3),
            "app_cpu_s": round(self.app_cpu, 3),
            "error_messages": list(self.messages),
        }


def summarize(outcomes: Sequence[Outcome], wall: float, client_cpu: float = math.nan) -> Summary:
    """Latencies of the answered requests, errors, and answers per second over ``wall`` seconds."""
    ok = [o.seconds for o in outcomes if o.error is None]
    errors = [o.error for o in outcomes if o.error is not None]
    distinct = tuple(dict.fromkeys(errors))[:MAX_ERRORS_SHOWN]
    return Summary(
        requests=len(outcomes),
        errors=len(errors),
        p50=percentile(ok, 50),
        p95=percentile(ok, 95),
        max=max(ok) if ok else math.nan,
        wall=wall,
        per_second=len(ok) / wall if wall > 0 else 0.0,
        messages=distinct,
        client_cpu=client_cpu,
    )


# --- driving the app ----------------------------------------------------------------------------


def run_users(
    ask: Sequence[Callable[[Call], Any]], calls: Sequence[Sequence[Call]], timeout: float
) -> tuple[list[Outcome], float]:
    """Every user (``ask[u]`` on ``calls[u]``) in its own thread, all started together; each waits for
    its answer before the next question. Returns the outcomes and the wall time."""
    outcomes: list[Outcome] = []
    guard = threading.Lock()
    start = threading.Barrier(len(ask) + 1)
    deadline = time.monotonic() + timeout

    def user(u: int) -> None:
        start.wait()
        for call in calls[u]:
            if time.monotonic() > deadline:
                with guard:
                    outcomes.append(Outcome(0.0, "délai dépassé avant l'envoi (--timeout)"))
                continue
            t0 = time.perf_counter()
            try:
                ask[u](call)
                result = Outcome(time.perf_counter() - t0)
            except Exception as exc:
                result = Outcome(time.perf_counter() - t0, f"{type(exc).__name__}: {str(exc)[:300]}")
            with guard:
                outcomes.append(result)

    threads = [threading.Thread(target=user, args=(u,), daemon=True) for u in range(len(ask))]
    for t in threads:
        t.start()
    start.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()) + 5)
    wall = time.perf_counter() - t0
    with guard:
        return list(outcomes), wall


def check_url(url: str, allow_remote: bool) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SystemExit(f"--url {url!r} : une adresse http(s)://hôte:port/ est attendue.")
    if not allow_remote and parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"--url {url} : seules les adresses de cette machine sont acceptées (ou --allow-remote).")
    return url.rstrip("/") + "/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(url: str, proc: subprocess.Popen[bytes] | None, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise SystemExit(f"« coop serve » s'est arrêté (code {proc.returncode}) : voir son journal ci-dessus.")
        try:
            with urllib.request.urlopen(url + "gradio_api/info", timeout=5) as r:
                if r.status in (200, 401, 403):
                    return
        except urllib.error.HTTPError as exc:
            if exc.code in (401, 403):
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"L'application ne répond pas sur {url} après {timeout:.0f} s.")


def serve(args: argparse.Namespace) -> tuple[str, subprocess.Popen[bytes]]:
    """« coop serve » in a subprocess on 127.0.0.1, a free port; its log goes to stderr."""
    port = free_port()
    cmd = [sys.executable, "-m", "assistant", "serve", "--host", "127.0.0.1", "--port", str(port)]
    if args.index:
        cmd += ["--index", str(args.index)]
    if args.corpus:
        cmd += ["--corpus", str(args.corpus)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=sys.stderr, stderr=sys.stderr)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_up(url, proc, args.start_timeout)
    except BaseException:
        stop(proc)
        raise
    return url, proc


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def password(args: argparse.Namespace) -> tuple[str, str] | None:
    if not args.user:
        return None
    secret = os.environ.get("COOP_LOAD_PASSWORD")
    if secret is None:
        if not sys.stdin.isatty():
            raise SystemExit(
                "--user : donnez le mot de passe dans COOP_LOAD_PASSWORD (pas de terminal pour le demander)."
            )
        secret = getpass.getpass(f"Mot de passe de {args.user} : ")
    return args.user, secret


def make_clients(url: str, n: int, auth: tuple[str, str] | None) -> list[Any]:
    """``n`` API clients sharing one TLS context.

    gradio_client opens a new httpx connection for every request, and httpx builds a TLS context for
    each one by loading its certificate bundle (≈ 50 ms of CPU, even for a plain-http URL): half of
    what a simulated colleague costs, on the very cores the app is measured on. One context made by
    ``httpx.create_ssl_context()`` (what httpx builds for ``verify=True``), shared by every request,
    checks an https server the same way without loading the bundle again.
    """
    import httpx
    from gradio_client import Client

    context = httpx.create_ssl_context()
    return [
        Client(
            url,
            auth=auth,
            verbose=False,
            analytics_enabled=False,
            download_files=False,
            ssl_verify=context,  # typed bool in gradio_client, passed as-is to httpx, which takes a context
        )
        for _ in range(n)
    ]


def asker(client: Any) -> Callable[[Call], Any]:
    def ask(call: Call) -> Any:
        result = client.predict(call.question, list(call.history), {}, api_name="/ask")
        if not isinstance(result, dict) or "answer" not in result:
            raise ValueError(f"réponse inattendue : {str(result)[:200]}")
        return result

    return ask


def has_endpoint(client: Any, name: str) -> bool:
    info = client.view_api(print_info=False, return_format="dict") or {}
    return name in (info.get("named_endpoints") or {})


def upload_during(client: Any, files: Sequence[Path], result: dict[str, Any]) -> threading.Thread:
    """``/documents_add`` with ``files`` in a thread; ``result`` gets its duration and report or error."""
    from gradio_client import handle_file

    def send() -> None:
        t0 = time.perf_counter()
        try:
            result["report"] = client.predict([handle_file(str(f)) for f in files], api_name="/documents_add")
        except Exception as exc:
            result["error"] = f"{type(exc).__name__}: {str(exc)[:300]}"
        result["seconds"] = time.perf_counter() - t0

    thread = threading.Thread(target=send, daemon=True)
    thread.start()
    return thread


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--url", help="application déjà lancée (défaut : « coop serve » démarré sur un port libre)")
    p.add_argument("--users", type=int, default=16, help=f"utilisateurs simultanés (1-{MAX_USERS}, défaut 16)")
    p.add_argument("--questions", type=int, default=5, help=f"questions par utilisateur (1-{MAX_QUESTIONS}, défaut 5)")
    p.add_argument("--dev", type=Path, default=DEV_SET, help=f"questions (JSONL, défaut {DEV_SET})")
    p.add_argument("--seed", type=int, default=0, help="graine de l'ordre des questions (défaut 0)")
    p.add_argument("--user", help="compte pour se connecter (mot de passe : COOP_LOAD_PASSWORD, sinon demandé)")
    p.add_argument("--upload", type=Path, action="append", default=[], metavar="FICHIER",
                   help="envoyer ce fichier à /documents_add et mesurer les questions pendant son indexation")  # fmt: skip
    p.add_argument("--index", type=Path, help="index de l'application démarrée (sans --url)")
    p.add_argument("--corpus", type=Path, help="corpus de l'application démarrée (sans --url)")
    p.add_argument("--timeout", type=float, default=600.0, help="durée maximale d'une mesure, en secondes")
    p.add_argument("--start-timeout", type=float, default=180.0, help="attente du démarrage de l'application")
    p.add_argument("--allow-remote", action="store_true", help="accepter une --url qui n'est pas cette machine")
    p.add_argument(
        "--app-pid", type=int, help="processus de l'application (avec --url) : son temps de calcul est affiché"
    )
    p.add_argument("--json", action="store_true", help="résultats en JSON")
    args = p.parse_args(argv)
    if not 1 <= args.users <= MAX_USERS:
        p.error(f"--users {args.users} : entre 1 et {MAX_USERS}.")
    if not 1 <= args.questions <= MAX_QUESTIONS:
        p.error(f"--questions {args.questions} : entre 1 et {MAX_QUESTIONS}.")
    if not 0 < args.timeout <= 24 * 3600 or not 0 < args.start_timeout <= 3600:
        p.error("--timeout et --start-timeout : un nombre de secondes positif (au plus 24 h et 1 h).")
    for f in args.upload:
        if not f.is_file():
            p.error(f"--upload {f} : fichier introuvable.")
    if args.url is not None:
        args.url = check_url(args.url, args.allow_remote)
    return args


def process_cpu(pid: int | None) -> float:
    """CPU seconds (user + system) used so far by process ``pid`` (Linux ``/proc``); NaN if unknown."""
    try:
        fields = Path(f"/proc/{int(pid)}/stat").read_text().rsplit(")", 1)[1].split()  # type: ignore[arg-type]
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, TypeError):
        return math.nan


def phase(
    clients: Sequence[Any], plan: Sequence[Sequence[Call]], timeout: float, app_pid: int | None = None
) -> Summary:
    cpu, app = time.process_time(), process_cpu(app_pid)
    outcomes, wall = run_users([asker(c) for c in clients], plan, timeout)
    summary = summarize(outcomes, wall, time.process_time() - cpu)
    return replace(summary, app_cpu=process_cpu(app_pid) - app)


@dataclass
class Report:
    users: int
    questions: int
    url: str
    load: Summary | None = None
    upload: Summary | None = None
    upload_note: str = ""
    lines: list[str] = field(default_factory=list)


def run(args: argparse.Namespace) -> Report:
    dialogues = load_dialogues(args.dev)
    auth = password(args)
    proc = None
    url = args.url
    if url is None:
        url, proc = serve(args)
    try:
        wait_until_up(url, None, args.start_timeout)
        clients = make_clients(url, args.users, auth)
        if not has_endpoint(clients[0], "/ask"):
            # the app answers but has no /ask: it is showing its start-up problem page (index built with
            # other settings, Chroma server down…), which says what to do
            raise SystemExit(
                f"{url} répond mais n'a pas d'API /ask : l'application affiche sans doute sa page de problème "
                "au démarrage (index à reconstruire, serveur Chroma injoignable…). Ouvrez cette adresse dans "
                "un navigateur pour lire le message, corrigez, puis relancez la mesure."
            )
        warm = asker(clients[0])
        warm(Call(dialogues[0][0]))  # the first question of the app warms its caches: not measured
        plan = [user_calls(dialogues, args.questions, args.seed * 1000 + u) for u in range(args.users)]
        report = Report(args.users, args.questions, url)
        report.load = phase(clients, plan, args.timeout, proc.pid if proc else args.app_pid)
        if args.upload:
            report.upload_note, report.upload = measure_upload(clients, plan, args, proc.pid if proc else args.app_pid)
        return report
    finally:
        if proc is not None:
            stop(proc)


def measure_upload(
    clients: Sequence[Any], plan: Sequence[Sequence[Call]], args: argparse.Namespace, app_pid: int | None = None
) -> tuple[str, Summary | None]:
    if not has_endpoint(clients[0], "/documents_add"):
        return "l'application n'a pas d'API /documents_add : pas de mesure pendant une indexation.", None
    result: dict[str, Any] = {}
    thread = upload_during(clients[0], args.upload, result)
    summary = phase(clients[1:] or clients, plan, args.timeout, app_pid)
    thread.join(args.timeout)
    if "error" in result:
        return f"envoi refusé ou en échec : {result['error']}", summary
    return f"envoi de {len(args.upload)} fichier(s) : {result.get('seconds', math.nan):.1f} s", summary


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    report = run(args)
    if args.json:
        print(json.dumps({
            "url": report.url, "users": report.users, "questions": report.questions,
            "load": report.load.as_dict() if report.load else None,
            "upload": report.upload.as_dict() if report.upload else None, "upload_note": report.upload_note,
        }, ensure_ascii=False, indent=2))  # fmt: skip
    else:
        for line in lines(report):
            print(line)
    failed = (report.load is not None and report.load.errors) or (report.upload is not None and report.upload.errors)
    return 1 if failed else 0


def lines(report: Report) -> Iterator[str]:
    yield f"{report.users} utilisateurs × {report.questions} questions sur {report.url}"
    if report.load is not None:
        yield report.load.line("Questions")
        for m in report.load.messages:
            yield f"  erreur : {m}"
    if report.upload_note:
        yield f"Pendant un envoi : {report.upload_note}"
    if report.upload is not None:
        yield report.upload.line("Questions pendant l'indexation")
        for m in report.upload.messages:
            yield f"  erreur : {m}"


if __name__ == "__main__":
    sys.exit(main())
