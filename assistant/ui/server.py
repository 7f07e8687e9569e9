"""Serving the interface: launch, access control, security headers, CORS and the theme.

The page makes no outside request (system fonts, a Content-Security-Policy limited to the
machine) and the server listens on 127.0.0.1 unless told otherwise; on any other address it
refuses to start without accounts (:func:`access_control`). :class:`FrenchPageMiddleware` refuses
what the app never needs (uploads, remote fetches, requests sent by another site) and makes the
page French.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import gradio as gr
from gradio import route_utils as _gr_route_utils
from gradio import routes as _gr_routes

from ..accounts import AccountStore
from ..errors import (
    ChromaServerError,
    ConfigError,
    CoopError,
    IndexLockedError,
    IndexMismatchError,
    IndexMissingError,
    ModelError,
)
from ..roles import principal
from ..settings import Settings
from .layout import build_app
from .state import AssistantLike
from .text import APP_NAME, APP_TITLE, esc, static_text

if TYPE_CHECKING:
    from starlette.datastructures import Headers
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)

#: Only this machine: no CDN, no font service, no image from anywhere else.
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; media-src 'self' blob:; "
    "worker-src 'self' blob:; frame-src 'none'; object-src 'none'; base-uri 'self'; form-action 'self'"
)

#: Runs before Gradio starts: French page language, and French for Gradio's own strings

#: Runs before Gradio starts: French page language, and French for Gradio's own strings
#: (Gradio picks its locale from navigator.language, which may be English on some machines).
_EARLY_SCRIPT = b"<script>" + static_text("early.js").strip().encode("utf-8") + b"</script>"

#: Gradio routes the app never uses, refused to everyone: the proxy to outside hosts, recordings.
REFUSED_ROUTES = ("/gradio_api/proxy=", "/gradio_api/process_recording")
#: File upload (and its progress): only for editors (the « Documents » tab and ``/documents_add``).
UPLOAD_ROUTE = "/gradio_api/upload"
FILE_ROUTE = "/gradio_api/file="


def is_loopback(host: str) -> bool:
    """``127.0.0.1``, ``::1``, ``localhost``: only this machine can connect."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _host_port(netloc: str, default_port: int | None) -> tuple[str, int | None]:
    parts = urlsplit("//" + netloc.split(",")[0].strip())
    return (parts.hostname or "", parts.port or default_port)


def same_origin(origin: str | None, *hosts: str | None) -> bool:
    """Whether a browser's ``Origin`` is the address it reached the app at (``Host``, or the
    ``X-Forwarded-Host`` of a reverse proxy); ``null`` and any other site are foreign."""
    if not origin:
        return False
    try:
        parts = urlsplit(origin.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return False
        default = 443 if parts.scheme == "https" else 80
        own = (parts.hostname, parts.port or default)
        return any(h and _host_port(h, default) == own for h in hosts)
    except ValueError:
        return False


class OwnOriginCORSMiddleware(_gr_route_utils.CustomCORSMiddleware):
    """Gradio's CORS middleware, allowing only the app's own origin.

    Gradio 6.31 sends back any ``Origin`` with ``Access-Control-Allow-Credentials`` as soon as the
    ``Host`` is not localhost and has no setting to restrict it, so its class is replaced (below)
    by this one: a foreign page gets no ``Access-Control-Allow-Origin`` and cannot read answers.
    """

    def is_valid_origin(self, request_headers: Headers) -> bool:
        return same_origin(
            request_headers.get("origin"), request_headers.get("host"), request_headers.get("x-forwarded-host")
        )


_gr_routes.CustomCORSMiddleware = OwnOriginCORSMiddleware  # type: ignore[misc]  # replacing a class of gradio on purpose


def uploader(scope: Scope, users_path: Path | None) -> bool:
    """Whether the sender of a request may upload files: an editor or admin logged in (Gradio's
    session cookie), or this machine's user when there is no account (see :mod:`assistant.roles`)."""
    if users_path is None:
        return False
    from starlette.requests import HTTPConnection

    app = scope.get("app")
    tokens = getattr(app, "tokens", None) or {}
    cookie_id = getattr(app, "cookie_id", "")
    cookies = HTTPConnection(scope).cookies
    token = cookies.get(f"access-token-{cookie_id}") or cookies.get(f"access-token-unsecure-{cookie_id}")
    name = tokens.get(token) if token else None
    return principal(AccountStore(users_path), name if isinstance(name, str) else None).can_edit


def _refusal(
    path: str, method: str, headers: Headers, local_only: bool, may_upload: Callable[[], bool] = lambda: False
) -> tuple[int, str] | None:
    """Why a request is refused before it reaches Gradio (status, French text), or None."""
    if local_only and not is_loopback(_host_port(headers.get("host") or "", None)[0]):
        # Without accounts the app only answers this machine (also stops DNS rebinding).
        return 403, "Accès refusé : sans comptes, l'assistant ne répond qu'à cet ordinateur."
    if any(path.startswith(p) for p in REFUSED_ROUTES):
        return 403, "Accès refusé : l'assistant n'accepte aucun envoi de fichier ni relais vers un autre site."
    if path.startswith(UPLOAD_ROUTE) and not may_upload():
        return 403, "Accès refusé : l'assistant n'accepte aucun envoi de fichier sauf des éditeurs connectés."
    if path.startswith(FILE_ROUTE):
        target = path[len(FILE_ROUTE) :].strip().lower()
        if target.startswith(("http:", "https:", "//", "\\\\")) or "://" in target:
            return 403, "Accès refusé : l'assistant ne va chercher aucun fichier sur un autre site."
    origin = headers.get("origin")
    if (
        origin is not None
        and method not in ("GET", "HEAD", "OPTIONS")
        and not same_origin(origin, headers.get("host"), headers.get("x-forwarded-host"))
    ):
        return 403, "Accès refusé : demande venue d'un autre site."
    return None


class FrenchPageMiddleware:
    """Adds security headers to every response and makes the HTML page French (``lang="fr"``).

    It also refuses, with a French text and no detail, what the app never needs: uploads, remote
    ``file=`` and ``proxy=`` fetches, state-changing requests sent by another site, and (when
    ``local_only``: no accounts) any address but this machine's.
    """

    def __init__(self, app: ASGIApp, local_only: bool = False, users_path: Path | None = None) -> None:
        self.app = app
        self.local_only = local_only
        self.users_path = users_path  # the accounts file: editors may upload (None: nobody)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        from starlette.datastructures import Headers

        refused = _refusal(
            scope.get("path", ""),
            scope.get("method", "GET"),
            Headers(scope=scope),
            self.local_only,
            lambda: uploader(scope, self.users_path),
        )
        if refused is not None:
            status, text = refused
            body = text.encode("utf-8")
            await send(
                {
                    "type": "http.response.start",
                    "status": status,
                    "headers": [
                        (b"content-type", b"text/plain; charset=utf-8"),
                        (b"content-length", str(len(body)).encode()),
                        (b"content-security-policy", CSP.encode()),
                        (b"referrer-policy", b"no-referrer"),
                        (b"x-content-type-options", b"nosniff"),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        held: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower() not in (b"content-security-policy", b"referrer-policy", b"x-content-type-options")
                ]
                headers += [
                    (b"content-security-policy", CSP.encode()),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-content-type-options", b"nosniff"),
                ]
                ctype = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                if ctype.startswith(b"text/html") and scope.get("method") == "GET":
                    held["start"] = {**message, "headers": headers}
                    return
                await send({**message, "headers": headers})
                return
            if message["type"] == "http.response.body" and "start" in held:
                chunks.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                body = b"".join(chunks)
                body = re.sub(rb'<html(\s+)lang="[^"]*"', rb'<html\1lang="fr"', body, count=1)
                body = body.replace(b"<head>", b"<head>" + _EARLY_SCRIPT, 1)
                start = held.pop("start")
                headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
                headers.append((b"content-length", str(len(body)).encode()))
                await send({**start, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
            await send(message)

        await self.app(scope, receive, wrapped)


def theme() -> Any:
    """A sober theme on the machine's own fonts (no Google Fonts request)."""
    system = [
        "system-ui",
        "-apple-system",
        "Segoe UI",
        "Roboto",
        "Ubuntu",
        "Cantarell",
        "Noto Sans",
        "Helvetica Neue",
        "Arial",
        "sans-serif",
    ]
    mono = ["ui-monospace", "SFMono-Regular", "Consolas", "Liberation Mono", "Menlo", "monospace"]
    return gr.themes.Default(
        primary_hue=gr.themes.colors.blue,
        neutral_hue=gr.themes.colors.gray,
        font=system,
        font_mono=mono,
    ).set(
        button_primary_background_fill="#1e40af",
        button_primary_background_fill_hover="#1e3a8a",
        button_primary_text_color="#ffffff",
        block_label_text_color="*neutral_700",
        block_title_text_color="*neutral_800",
        input_placeholder_color="*neutral_500",
        block_info_text_color="*neutral_600",
        button_transition="none",
        block_info_text_color_dark="*neutral_300",
    )


def public_reason(exc: CoopError) -> str:
    """Why the assistant cannot start, for any visitor: no path, no setting, no trace (the full
    message goes to the server's log). The shared Chroma server is the exception: its address and what
    to check are said (the page is shown to logged-in accounts only, or on 127.0.0.1 without accounts),
    since the one who reads it must know which server to restart."""
    if isinstance(exc, ChromaServerError):
        return exc.message
    if isinstance(exc, IndexMissingError):
        return "Aucun index n'est encore prêt : les documents doivent d'abord être indexés."
    if isinstance(exc, IndexMismatchError):
        return "L'index a été construit avec d'autres réglages et doit être reconstruit."
    if isinstance(exc, IndexLockedError):
        return "L'index est en cours d'écriture ; réessayez dans un moment."
    if isinstance(exc, ModelError):
        return "Le modèle de langue n'a pas pu être chargé."
    return "Un problème d'installation ou de configuration empêche le démarrage."


def error_app(reason: str) -> gr.Blocks:
    """A page explaining, in French, why the assistant cannot start (no index, etc.)."""
    with gr.Blocks(title=APP_TITLE, analytics_enabled=False) as demo:
        gr.HTML(
            '<header class="coop-header">'
            f"<h1>{esc(APP_NAME)}</h1><p>L'assistant ne peut pas démarrer.</p></header>"
            f'<p class="coop-error" role="alert">{esc(reason)}</p>'
            "<p>Prévenez la personne qui a installé l'outil : le détail est dans le journal du serveur.</p>",
            js_on_load=None,
        )
    return demo


def access_control(settings: Settings, host: str) -> AccountStore | None:
    """The accounts to log in with, or None (loopback without accounts: no log-in).

    Raises :class:`ConfigError` on any other address when no account exists, and when the
    accounts file cannot be read (the app never starts open by mistake).
    """
    store = AccountStore(settings.users_path)
    if store.exists():
        return store
    if not is_loopback(host):
        raise ConfigError(
            f"Refus de démarrer sur l'adresse {host} : sans comptes, n'importe qui sur le réseau pourrait "
            "utiliser l'assistant. Créez d'abord un compte avec « coop users add NOM » "
            f"(fichier des comptes : {store.path}), ou gardez l'adresse par défaut 127.0.0.1."
        )
    return None


def launch(
    settings: Settings,
    host: str | None = None,
    port: int | None = None,
    *,
    assistant: AssistantLike | None = None,
    block: bool = True,
) -> gr.Blocks:
    """Open the assistant and serve the interface on ``host:port`` (127.0.0.1:7860 by default).

    ``block=False`` returns once the server runs (tests); the caller then calls ``.close()``.
    If the index cannot be opened, a page explaining why (in French) is served instead.
    """
    host = host or settings.host
    port = port or settings.port
    accounts = access_control(settings, host)  # before anything is loaded
    demo: gr.Blocks
    if assistant is None:
        try:
            from ..live import LiveAssistant

            # follows « coop ingest » without restart; the model's threads shared by the questions answered at once
            assistant = LiveAssistant.open(settings.replace(threads=settings.threads_per_question))
        except CoopError as exc:
            log.error("%s", exc.message)
            demo = error_app(public_reason(exc))
    if assistant is not None:
        demo = build_app(assistant, settings)
    from starlette.middleware import Middleware

    demo.queue(default_concurrency_limit=2, max_size=settings.queue_size)
    auth: Callable[[str, str], Any] | None = None
    if accounts is not None:
        store = accounts

        async def auth(name: str, password: str) -> bool:  # scrypt runs off the event loop
            return await asyncio.to_thread(store.authenticate, name, password)

        log.info("Connexion requise (comptes : %s)", store.path)
        if not is_loopback(host):
            log.warning(
                "L'interface écoute sur %s : les mots de passe circulent en clair sans proxy inverse HTTPS.", host
            )
    log.info("Interface sur http://%s:%s/", host, port)
    demo.launch(
        server_name=host,
        server_port=port,
        auth=auth,
        auth_message="Connectez-vous avec le compte que vous a créé la personne qui a installé l'assistant.",
        show_error=False,
        prevent_thread_lock=not block,
        quiet=True,
        footer_links=[],
        run_history=False,
        enable_monitoring=False,
        mcp_server=False,
        pwa=False,
        ssr_mode=False,
        share=False,
        inbrowser=False,
        max_file_size=f"{settings.max_upload_mb:g}mb",
        theme=theme(),
        css=static_text("coop.css"),
        app_kwargs={
            "middleware": [
                Middleware(FrenchPageMiddleware, local_only=accounts is None, users_path=settings.users_path)
            ],
            "docs_url": None,
            "redoc_url": None,
        },
    )
    return demo
