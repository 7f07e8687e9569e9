"""Fast tier: the address of a shared Chroma server (``COOP_CHROMA_URL``) and the failures of the
way to it, without a Chroma server: URLs refused with a French message (credentials never repeated),
the settings, a server that does not listen or that accepts and stays silent (bounded in time), the
namespace a manifest may name, an index on a server opened without its address."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.catalog import Manifest
from assistant.errors import ChromaServerError, ConfigError, IndexStoreError
from assistant.settings import Settings
from assistant.store import ChromaServer, ChromaStore, parse_server_url
from assistant.store.server import connect, generation_prefix, new_namespace


@pytest.mark.parametrize(
    ("url", "host", "port", "ssl"),
    [
        ("http://127.0.0.1:8000", "127.0.0.1", 8000, False),
        ("  http://chroma.interne:8000/  ", "chroma.interne", 8000, False),
        ("HTTPS://Chroma.Interne:443", "chroma.interne", 443, True),
        ("http://[::1]:8000", "::1", 8000, False),
    ],
)
def test_accepted_urls(url: str, host: str, port: int, ssl: bool) -> None:
    server = parse_server_url(url)
    assert (server.host, server.port, server.ssl) == (host, port, ssl)
    assert Settings(chroma_url=url).chroma_server == server
    assert parse_server_url(server.url) == server  # the normalised URL reads back the same


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("ftp://127.0.0.1:8000", "seules les adresses http:// ou https://"),
        ("file:///etc/passwd", "seules les adresses http:// ou https://"),
        ("javascript:alert(1)", "seules les adresses http:// ou https://"),
        ("127.0.0.1:8000", "seules les adresses http:// ou https://"),
        ("http://127.0.0.1", "indiquez le port"),
        ("http://127.0.0.1:0", "indiquez le port"),
        ("http://127.0.0.1:70000", "adresse illisible"),
        ("http://127.0.0.1:8000/api/v2", "ni chemin, ni paramètres"),
        ("http://127.0.0.1:8000?tenant=x", "ni chemin, ni paramètres"),
        ("http://127.0.0.1:8000#x", "ni chemin, ni paramètres"),
        ("http://:8000", "nom d'hôte absent ou invalide"),
        ("http://ex ample:8000", "espaces ou des caractères de contrôle"),
        ("http://example:8000\r\nX-Injected: 1", "espaces ou des caractères de contrôle"),
        ("http://exa_mple!:8000", "nom d'hôte absent ou invalide"),
        ("http://" + "a" * 400 + ":8000", "trop longue"),
    ],
)
def test_refused_urls_say_why_in_french(url: str, words: str) -> None:
    with pytest.raises(ConfigError) as err:
        Settings(chroma_url=url)
    assert "COOP_CHROMA_URL" in err.value.message
    assert words in err.value.message


@pytest.mark.parametrize(
    "url",
    ["http://marie:s3cr3t-p4ss@127.0.0.1:8000", "https://s3cr3t-p4ss@chroma:443", "http://marie:s3cr3t-p4ss@chroma"],
)
def test_credentials_in_the_url_are_refused_and_never_repeated(url: str) -> None:
    with pytest.raises(ConfigError) as err:
        Settings.from_env({"COOP_CHROMA_URL": url})
    assert "ni identifiant ni mot de passe" in err.value.message
    assert "s3cr3t" not in err.value.message and "marie" not in err.value.message


def test_settings_from_the_environment() -> None:
    assert Settings.from_env({}).chroma_server is None  # the default: Chroma in the index folder
    assert Settings.from_env({"COOP_CHROMA_URL": ""}).chroma_server is None
    server = Settings.from_env({"COOP_CHROMA_URL": "http://10.0.0.5:8001", "COOP_CHROMA_TIMEOUT": "12,5"}).chroma_server
    assert server == ChromaServer("10.0.0.5", 8001, False, 12.5)
    for bad in ("0", "0.5", "601", "-3"):
        with pytest.raises(ConfigError, match="COOP_CHROMA_TIMEOUT"):
            Settings.from_env({"COOP_CHROMA_URL": "http://10.0.0.5:8001", "COOP_CHROMA_TIMEOUT": bad})
    with pytest.raises(ConfigError, match="COOP_CHROMA_TIMEOUT"):
        Settings.from_env({"COOP_CHROMA_URL": "http://10.0.0.5:8001", "COOP_CHROMA_TIMEOUT": "vite"})


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # nobody listens once the socket is closed


def test_a_server_that_does_not_listen_gives_the_french_error_with_its_url() -> None:
    port = _closed_port()
    server = parse_server_url(f"http://127.0.0.1:{port}", timeout=3)
    t0 = time.monotonic()
    with pytest.raises(ChromaServerError) as err:
        connect(server)
    assert time.monotonic() - t0 < 3
    message = err.value.message
    assert message.startswith(f"Le serveur Chroma ne répond pas à http://127.0.0.1:{port}")
    assert f"chroma run --path DOSSIER --host 127.0.0.1 --port {port}" in message
    assert err.value.exit_code == 7 and isinstance(err.value, IndexStoreError)


@pytest.fixture()
def silent_server() -> Iterator[int]:
    """A port whose listener accepts connections, reads, and never answers (a hung server)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    stop = threading.Event()
    held: list[socket.socket] = []

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            held.append(conn)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield int(listener.getsockname()[1])
    stop.set()
    thread.join(5)
    for conn in held:
        conn.close()
    listener.close()


def test_a_silent_server_is_given_up_after_the_timeout(silent_server: int) -> None:
    settings = Settings(chroma_url=f"http://127.0.0.1:{silent_server}", chroma_timeout=1.5)
    assert settings.chroma_server is not None
    t0 = time.monotonic()
    with pytest.raises(ChromaServerError) as err:
        ChromaStore.on_server(settings.chroma_server, generation_prefix(new_namespace(), "gen-000001"), create=True)
    elapsed = time.monotonic() - t0
    assert 1.4 <= elapsed < 6, elapsed  # bounded by COOP_CHROMA_TIMEOUT, not forever
    assert f"ne répond pas à http://127.0.0.1:{silent_server}" in err.value.message


def test_manifest_namespace_is_checked_and_kept(tmp_path: Path) -> None:
    manifest = Manifest({"model": "m"}, 3, server_namespace="0123456789ab")
    assert Manifest.from_json(manifest.to_json()).server_namespace == "0123456789ab"
    assert Manifest.from_json(Manifest({"model": "m"}).to_json()).server_namespace == ""
    for bad in ("../../etc", "ABCDEF012345", "coop-x", "0123", "a" * 40):
        raw = json.loads(manifest.to_json())
        raw["server_namespace"] = bad
        with pytest.raises(ValueError, match="espace de collections"):
            Manifest.from_json(json.dumps(raw))


def test_namespaces_and_collection_names() -> None:
    names = {new_namespace() for _ in range(50)}
    assert len(names) == 50 and all(len(n) == 12 and int(n, 16) >= 0 for n in names)
    assert generation_prefix("0123456789ab", "gen-000007") == "coop-0123456789ab-gen-000007"


def test_an_index_on_a_server_needs_its_address(tmp_path: Path) -> None:
    with pytest.raises(IndexStoreError) as err:
        ChromaStore.for_generation(tmp_path / "index" / "gen-000001" / "chroma", "0123456789ab", None, create=False)
    assert "COOP_CHROMA_URL" in err.value.message and "coop ingest --rebuild" in err.value.message
