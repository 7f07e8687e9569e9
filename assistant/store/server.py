"""A Chroma server shared by several processes (``COOP_CHROMA_URL``): connecting with bounded
timeouts, translating its failures, naming and cleaning the collections of each generation.

chromadb's ``HttpClient`` gives its HTTP session no timeout at all (a server that accepts the
connection and then stays silent would hang a question forever), so: the server is first asked
for its heartbeat with our own bounded request, then the client is made and its session given
the same bounds (:func:`connect`; a test fails if chromadb's internals move).

Every generation of an index has its own two collections, named after the index's namespace
(random, recorded in the manifest) and the generation folder: ``coop-<namespace>-gen-000007-chunks``
and ``…-sentences``. A generation is written in new collections and published by the manifest,
as on disk, so a reader never sees one half-written; :func:`sweep` deletes those whose folder
is gone (the folder is deleted only once no reader holds it).
"""

from __future__ import annotations

import contextlib
import logging
import re
import secrets
import threading
from collections.abc import Iterator
from typing import Any

from ..errors import ChromaServerError
from .address import CONNECT_TIMEOUT, ChromaServer

log = logging.getLogger(__name__)

CHUNKS_SUFFIX = "-chunks"
SENTENCES_SUFFIX = "-sentences"
NAMESPACE = re.compile(r"[0-9a-f]{8,32}")
#: At most this many collections are listed when cleaning (pages of 100).
MAX_LISTED = 100_000

_clients: dict[ChromaServer, Any] = {}
_clients_lock = threading.Lock()


def new_namespace() -> str:
    """A fresh namespace for an index's collections on a server."""
    return secrets.token_hex(6)


def generation_prefix(namespace: str, folder: str) -> str:
    """The prefix of the collections of generation folder ``folder`` (e.g. ``gen-000007``)."""
    return f"coop-{namespace}-{folder}"


def _bounds(server: ChromaServer) -> Any:
    import httpx

    return httpx.Timeout(server.timeout, connect=min(CONNECT_TIMEOUT, server.timeout))


def connect(server: ChromaServer) -> Any:
    """A chromadb client of ``server`` whose every request is bounded by ``server.timeout``."""
    import chromadb
    import httpx
    from chromadb.config import Settings as ChromaSettings

    try:
        with httpx.Client(timeout=_bounds(server), trust_env=False) as probe:
            probe.get(server.url + "/api/v2/heartbeat").raise_for_status()
    except httpx.HTTPStatusError as exc:
        raise ChromaServerError(
            f"{server.url} ne répond pas comme un serveur Chroma (réponse {exc.response.status_code}) : "
            "vérifiez l'adresse COOP_CHROMA_URL (un serveur « chroma run » de la même version que chromadb)."
        ) from None
    except httpx.HTTPError as exc:
        raise ChromaServerError(server.unreachable(_short(exc))) from None
    with translated(server):
        client = chromadb.HttpClient(
            host=server.host,
            port=server.port,
            ssl=server.ssl,
            settings=ChromaSettings(anonymized_telemetry=False),
        )
    session = getattr(getattr(client, "_server", None), "_session", None)
    if isinstance(session, httpx.Client):
        session.timeout = _bounds(server)
    else:  # pragma: no cover - chromadb changed; tests/test_chroma_server.py notices
        log.warning("Impossible de borner la durée des requêtes au serveur Chroma %s.", server.url)
    return client


def client_of(server: ChromaServer) -> Any:
    """The process's client of ``server``, made once (:func:`connect`) and shared by every store,
    reader and ingestion of the process (its HTTP connections are pooled); never closed."""
    with _clients_lock:
        client = _clients.get(server)
        if client is None:
            client = _clients[server] = connect(server)
        return client


@contextlib.contextmanager
def translated(server: ChromaServer) -> Iterator[None]:
    """Turn a failure of the server or of the way to it into a French :class:`ChromaServerError`."""
    import httpx

    try:
        yield
    except ChromaServerError:
        raise
    except (httpx.TransportError, ConnectionError, TimeoutError) as exc:
        raise ChromaServerError(server.unreachable(_short(exc))) from None
    except Exception as exc:
        from chromadb.errors import ChromaError

        if not isinstance(exc, ChromaError | httpx.HTTPError):
            raise
        raise ChromaServerError(
            f"Le serveur Chroma {server.url} a refusé la demande ({_short(exc)}) : vérifiez qu'il fonctionne "
            "et qu'il a la même version que chromadb ; si l'index y manque, relancez « coop ingest --rebuild »."
        ) from None


def names(client: Any, prefix: str) -> list[str]:
    """The names of the server's collections that start with ``prefix``."""
    found: list[str] = []
    for offset in range(0, MAX_LISTED, 100):
        page = client.list_collections(limit=100, offset=offset)
        found.extend(c.name for c in page if c.name.startswith(prefix))
        if len(page) < 100:
            break
    return found


def drop(client: Any, prefix: str) -> None:
    """Delete the collections of one generation (those named ``prefix`` + a suffix), if present."""
    existing = set(names(client, prefix))
    for suffix in (CHUNKS_SUFFIX, SENTENCES_SUFFIX):
        if prefix + suffix in existing:
            client.delete_collection(prefix + suffix)


def sweep(server: ChromaServer, namespace: str, keep: set[str], exists: Any) -> list[str]:
    """Delete the collections of ``namespace`` whose generation folder is neither in ``keep`` nor
    ``exists(folder)``; the folders whose collections were deleted."""
    base = generation_prefix(namespace, "")
    gone: set[str] = set()
    client = client_of(server)
    with translated(server):
        for name in names(client, base + "gen-"):
            folder = name[len(base) :].removesuffix(CHUNKS_SUFFIX).removesuffix(SENTENCES_SUFFIX)
            if folder in keep or exists(folder):
                continue
            client.delete_collection(name)
            gone.add(folder)
    if gone:
        log.info("Collections retirées du serveur Chroma %s : %s.", server.url, ", ".join(sorted(gone)))
    return sorted(gone)


def _short(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 160 else text[:160] + "…"
