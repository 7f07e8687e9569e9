"""The address of a shared Chroma server (``COOP_CHROMA_URL``), checked before anything connects.

Only ``http://host:port`` or ``https://host:port`` is accepted: no credentials in the URL (they
would end up in logs, ``coop config`` and process listings), no path, query or fragment, an
explicit port. Imports nothing heavy: :mod:`assistant.settings` checks the URL with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..errors import ConfigError

#: Longest accepted ``COOP_CHROMA_URL``.
MAX_URL_CHARS = 300
#: Bounds of ``COOP_CHROMA_TIMEOUT`` (seconds a request to the server may take).
MIN_TIMEOUT, MAX_TIMEOUT = 1.0, 600.0
#: The connection itself must be made within this (or the timeout, when shorter).
CONNECT_TIMEOUT = 5.0
#: Example shown in the messages.
EXAMPLE = "http://127.0.0.1:8000"

_HOST = re.compile(r"[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]{2,45}\]")


@dataclass(frozen=True, slots=True)
class ChromaServer:
    """A checked Chroma server address and how long a request to it may take."""

    host: str  # a name or an IPv4 address, or an IPv6 address without its brackets
    port: int
    ssl: bool
    timeout: float = 30.0  # seconds per request (the connection: at most CONNECT_TIMEOUT)

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{'https' if self.ssl else 'http'}://{host}:{self.port}"

    def unreachable(self, detail: str = "") -> str:
        """The French message of a server that does not answer."""
        why = f" ({detail})" if detail else ""
        return (
            f"Le serveur Chroma ne répond pas à {self.url}{why} : vérifiez qu'il est lancé "
            f"(chroma run --path DOSSIER --host {self.host} --port {self.port}), que l'adresse "
            "COOP_CHROMA_URL est la bonne et que le réseau le permet."
        )


def parse_server_url(url: str, timeout: float = 30.0) -> ChromaServer:
    """``http(s)://host:port`` → :class:`ChromaServer`; anything else raises a French ConfigError."""
    if not MIN_TIMEOUT <= timeout <= MAX_TIMEOUT:
        raise ConfigError(
            f"COOP_CHROMA_TIMEOUT = {timeout} : choisissez un nombre de secondes entre "
            f"{MIN_TIMEOUT:g} et {MAX_TIMEOUT:g}."
        )
    raw = url.strip()
    if len(raw) > MAX_URL_CHARS:
        raise ConfigError(f"COOP_CHROMA_URL : adresse trop longue (plus de {MAX_URL_CHARS} caractères).")
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in raw):
        raise ConfigError("COOP_CHROMA_URL : l'adresse contient des espaces ou des caractères de contrôle.")
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError:
        raise ConfigError(f"COOP_CHROMA_URL : adresse illisible ; attendu par ex. {EXAMPLE}.") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        shown = f"{scheme}://…" if scheme else _shown(raw)
        raise ConfigError(
            f"COOP_CHROMA_URL = {shown} : seules les adresses http:// ou https:// d'un serveur Chroma "
            f"sont acceptées (par ex. {EXAMPLE})."
        )
    if "@" in parts.netloc:
        # Never repeat what was given: it holds a password.
        raise ConfigError(
            "COOP_CHROMA_URL ne doit contenir ni identifiant ni mot de passe (« nom:secret@ ») : "
            f"indiquez seulement {scheme}://hôte:port ; protégez le serveur par le réseau ou un "
            "mandataire (voir « Installer pour une équipe » dans le README)."
        )
    host = parts.hostname or ""
    bracketed = f"[{host}]" if ":" in host else host
    if not host or not _HOST.fullmatch(bracketed):
        raise ConfigError(f"COOP_CHROMA_URL = {_shown(raw)} : nom d'hôte absent ou invalide (par ex. {EXAMPLE}).")
    if port is None or port == 0:
        raise ConfigError(
            f"COOP_CHROMA_URL = {_shown(raw)} : indiquez le port du serveur (par ex. {scheme}://{bracketed}:8000)."
        )
    if parts.path not in ("", "/") or parts.query or parts.fragment or raw.endswith(("?", "#")):
        raise ConfigError(
            f"COOP_CHROMA_URL = {_shown(raw)} : ni chemin, ni paramètres ; seulement {scheme}://hôte:port."
        )
    return ChromaServer(host=host, port=port, ssl=scheme == "https", timeout=float(timeout))


def _shown(raw: str) -> str:
    return repr(raw if len(raw) <= 80 else raw[:80] + "…")
