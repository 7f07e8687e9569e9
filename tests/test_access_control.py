"""Access control of the served app (issue 12, item 8).

The probe: with ``--host 0.0.0.0`` anyone could use the app, Gradio sent any ``Origin`` back with
credentials when the Host was not localhost, ``/gradio_api/upload`` took anonymous files,
``file=https://…`` made the server fetch outside hosts, and the start-up error page showed the index
path. Here the real app is launched on 127.0.0.1 (the only address contacted) and probed over HTTP.
"""

from __future__ import annotations

import io
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import free_port

from assistant.accounts import AccountStore, verify_password
from assistant.cli import main
from assistant.errors import ConfigError
from assistant.settings import Settings
from assistant.ui import is_loopback, same_origin

QUESTION = "Avec quelle ville arménienne Clamart est-elle jumelée ?"
PASSWORD = "correct cheval pile agrafe"
FOREIGN = "https://evil.example"


def _users(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    path = tmp_path / "private" / "users.json"
    monkeypatch.setenv("COOP_USERS_FILE", str(path))
    return path


def _cli(monkeypatch: pytest.MonkeyPatch, argv: list[str], stdin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(argv)


# --- accounts and the CLI ------------------------------------------------------------------------


def test_users_add_list_remove_round_trip(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _users(monkeypatch, tmp_path)
    assert _cli(monkeypatch, ["users", "add", "marie", "--role", "editeur"], PASSWORD + "\n") == 0
    assert _cli(monkeypatch, ["users", "add", "paul"], "un autre mot de passe\n") == 0
    raw = path.read_text(encoding="utf-8")
    assert PASSWORD not in raw and "un autre mot de passe" not in raw
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    users = json.loads(raw)["users"]
    assert users["marie"]["role"] == "editeur" and users["paul"]["role"] == "lecteur"
    assert users["marie"]["kdf"] == "scrypt" and users["marie"]["n"] >= 2**14
    assert users["marie"]["salt"] != users["paul"]["salt"]
    assert verify_password(PASSWORD, users["marie"]) and not verify_password(PASSWORD + "x", users["marie"])
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]

    capsys.readouterr()
    assert _cli(monkeypatch, ["users", "list"]) == 0
    listed = [line.split("\t")[:2] for line in capsys.readouterr().out.splitlines()]
    assert listed == [["marie", "editeur"], ["paul", "lecteur"]]

    store = AccountStore(path)
    assert store.authenticate("marie", PASSWORD)
    assert not store.authenticate("marie", "mauvais mot de passe")
    assert not store.authenticate("inconnu", PASSWORD)

    # an existing name is kept unless --replace; --replace changes password and role
    assert _cli(monkeypatch, ["users", "add", "marie"], "nouveau mot de passe\n") == 2
    assert "existe déjà" in capsys.readouterr().err
    assert store.authenticate("marie", PASSWORD)
    assert _cli(monkeypatch, ["users", "add", "marie", "--replace", "--role", "admin"], "nouveau mot de passe\n") == 0
    assert store.authenticate("marie", "nouveau mot de passe") and not store.authenticate("marie", PASSWORD)
    assert store.role("marie") == "admin"

    assert _cli(monkeypatch, ["users", "remove", "paul"]) == 0
    assert [a.name for a in store.accounts()] == ["marie"]
    assert _cli(monkeypatch, ["users", "remove", "paul"]) == 2
    assert "Aucun compte « paul »" in capsys.readouterr().err


def test_users_add_refuses_empty_short_passwords_and_bad_names(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _users(monkeypatch, tmp_path)
    assert _cli(monkeypatch, ["users", "add", "marie"], "\n") == 2
    assert "Le mot de passe est vide" in capsys.readouterr().err
    assert _cli(monkeypatch, ["users", "add", "marie"], "court\n") == 2
    assert "trop court (5 caractères) : 10 au moins" in capsys.readouterr().err
    assert _cli(monkeypatch, ["users", "add", "../marie"], PASSWORD + "\n") == 2
    assert "Nom de compte invalide" in capsys.readouterr().err
    assert not path.exists()


# --- refusal to start -----------------------------------------------------------------------------


def test_serve_refuses_a_network_address_without_accounts(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _users(monkeypatch, tmp_path)
    port = free_port()
    assert main(["serve", "--host", "0.0.0.0", "--port", str(port), "--index", str(tmp_path / "none")]) == 2
    err = capsys.readouterr().err
    assert "Refus de démarrer sur l'adresse 0.0.0.0" in err and "coop users add NOM" in err
    with pytest.raises(httpx.ConnectError):  # nothing listens
        httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.10") and not is_loopback("serveur")


def test_an_unreadable_accounts_file_never_starts_open(tmp_path: Path) -> None:
    from assistant.ui import access_control

    users = tmp_path / "users.json"
    users.write_text("{pas du json", encoding="utf-8")
    with pytest.raises(ConfigError, match="fichier des comptes est illisible"):
        access_control(Settings(users_file=users), "127.0.0.1")


def test_same_origin() -> None:
    assert same_origin("http://127.0.0.1:7860", "127.0.0.1:7860")
    assert same_origin("https://coop.example", "coop.example")
    assert same_origin("https://coop.example", "127.0.0.1:7860", "coop.example")  # reverse proxy
    assert not same_origin(FOREIGN, "coop.example")
    assert not same_origin("null", "coop.example")
    assert not same_origin("http://coop.example:8080", "coop.example")
    assert not same_origin(None, "coop.example")


# --- the served app ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def open_app(seed_bot: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app as ``make run`` serves it: loopback, no accounts."""
    from assistant.ui import launch

    settings = seed_bot.settings.replace(users_file=tmp_path_factory.mktemp("nousers") / "users.json")
    port = free_port()
    demo = launch(settings, "127.0.0.1", port, assistant=seed_bot, block=False)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        demo.close()


@pytest.fixture(scope="module")
def locked_app(seed_bot: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app once an account exists (here still on 127.0.0.1): log-in required."""
    from assistant.ui import launch

    users = tmp_path_factory.mktemp("users") / "users.json"
    AccountStore(users).add("marie", PASSWORD)
    port = free_port()
    demo = launch(seed_bot.settings.replace(users_file=users), "127.0.0.1", port, assistant=seed_bot, block=False)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        demo.close()


def test_loopback_without_accounts_needs_no_log_in(open_app: str) -> None:
    from gradio_client import Client

    assert httpx.get(open_app + "/gradio_api/login_check").status_code == 200
    page = httpx.get(open_app + "/")
    assert page.status_code == 200 and "coop" in page.text
    result = Client(open_app + "/", verbose=False).predict(QUESTION, [], {}, api_name="/ask")
    assert result["citations"]
    # another name for this machine (DNS rebinding) is refused while there are no accounts
    rebound = httpx.get(open_app + "/config", headers={"Host": "evil.example:7860"})
    assert rebound.status_code == 403 and "ne répond qu'à cet ordinateur" in rebound.text


def test_with_accounts_the_api_needs_credentials(locked_app: str) -> None:
    from gradio_client import Client

    assert httpx.get(locked_app + "/gradio_api/login_check").status_code == 401
    assert httpx.get(locked_app + "/config").status_code == 401
    with pytest.raises(Exception) as refused:  # gradio_client: a plain ValueError
        Client(locked_app + "/", verbose=False).predict(QUESTION, [], {}, api_name="/ask")
    assert "401" in str(refused.value) or "login" in str(refused.value).lower()
    with pytest.raises(Exception):  # noqa: B017 - wrong password: the client cannot log in
        Client(locked_app + "/", auth=("marie", "mauvais mot de passe"), verbose=False)
    bad = httpx.post(locked_app + "/login", data={"username": "marie", "password": "mauvais mot de passe"})
    assert bad.status_code == 400
    client = Client(locked_app + "/", auth=("marie", PASSWORD), verbose=False)
    result = client.predict(QUESTION, [], {}, api_name="/ask")
    assert result["citations"] and not result["abstained"]


@pytest.mark.parametrize("which", ["open_app", "locked_app"])
@pytest.mark.model
def test_upload_remote_files_and_proxy_are_refused(which: str, request: pytest.FixtureRequest) -> None:
    import gradio.routes

    base: str = request.getfixturevalue(which)
    upload = httpx.post(base + "/gradio_api/upload", files=[("files", ("a.txt", b"x" * 900_000, "text/plain"))])
    if which == "open_app":  # no account, this machine only: its user may add documents (issue 13)
        assert upload.status_code == 200
    else:  # accounts exist: only a logged-in editor may upload (tests/test_documents_served.py)
        assert upload.status_code == 403 and "aucun envoi de fichier" in upload.text
        assert httpx.get(base + "/gradio_api/upload_progress?upload_id=x").status_code == 403

    fetched: list[str] = []
    original = gradio.routes.secure_url_stream_response

    async def record(url: str, *args: Any, **kwargs: Any) -> Any:  # would contact the outside host
        fetched.append(url)
        raise AssertionError("outside host contacted")

    gradio.routes.secure_url_stream_response = record  # type: ignore[assignment]
    try:
        for target in (
            "https://example.org/x",
            "http://example.org/x",
            "HTTPS://example.org/x",
            "https%3A//example.org/x",
        ):
            response = httpx.get(f"{base}/gradio_api/file={target}")
            assert response.status_code == 403, target
            assert "aucun fichier sur un autre site" in response.text
        assert httpx.get(base + "/gradio_api/proxy=https://example.org/x").status_code == 403
    finally:
        gradio.routes.secure_url_stream_response = original  # type: ignore[assignment]
    assert fetched == []


def test_cors_allows_only_the_app_s_own_origin(locked_app: str) -> None:
    # The probe's case: a Host that is not localhost (a server name), another site's Origin.
    host = {"Host": "coop.example"}
    for path in ("/config", "/gradio_api/info", "/gradio_api/login_check"):
        r = httpx.get(locked_app + path, headers={**host, "Origin": FOREIGN})
        assert "access-control-allow-origin" not in r.headers, path
    preflight = httpx.options(
        locked_app + "/gradio_api/queue/join",
        headers={**host, "Origin": FOREIGN, "Access-Control-Request-Method": "POST"},
    )
    assert preflight.headers.get("access-control-allow-origin") is None
    # a state-changing request sent by another site is refused (its page cannot send cookies' work)
    login = httpx.post(
        locked_app + "/login", data={"username": "marie", "password": PASSWORD}, headers={**host, "Origin": FOREIGN}
    )
    assert login.status_code == 403 and "autre site" in login.text
    # the app's own origin (the address the browser reached) is allowed
    own = httpx.post(
        locked_app + "/login",
        data={"username": "marie", "password": PASSWORD},
        headers={**host, "Origin": "http://coop.example"},
    )
    assert own.status_code == 200 and own.headers["access-control-allow-origin"] == "http://coop.example"


def test_start_up_error_page_shows_no_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from assistant.ui import launch

    index = tmp_path / "index-secret-path"
    settings = Settings(
        corpus_dir=tmp_path / "corpus", index_dir=index, users_file=tmp_path / "users.json", cache_dir=tmp_path / "c"
    )
    port = free_port()
    demo = launch(settings, "127.0.0.1", port, block=False)
    try:
        base = f"http://127.0.0.1:{port}"
        seen = ""
        for path in ("/", "/config", "/gradio_api/info", "/gradio_api/nothing", "/gradio_api/file=/etc/passwd"):
            r = httpx.get(base + path)
            is_json = r.headers.get("content-type", "").startswith("application/json")
            seen += json.dumps(r.json(), ensure_ascii=False) if is_json else r.text
        assert "ne peut pas démarrer" in seen and "index n&#x27;est encore prêt" in seen
        for secret in (str(index), "index-secret-path", str(tmp_path), os.sep + "tmp" + os.sep, "Traceback"):
            assert secret not in seen, secret
    finally:
        demo.close()


@pytest.mark.browser
def test_browser_logs_in_then_asks(chromium: Any, locked_app: str) -> None:
    context = chromium.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.goto(locked_app + "/")
        page.locator("input[type=password]").wait_for(timeout=30_000)
        assert page.locator(".coop-welcome").count() == 0
        page.locator("input[type=text]").first.fill("marie")
        page.locator("input[type=password]").fill(PASSWORD)
        page.locator("input[type=password]").press("Enter")
        page.wait_for_selector(".coop-welcome", timeout=30_000)
        page.locator("#coop-question textarea").first.fill(QUESTION)
        page.click("#coop-ask")
        page.wait_for_selector("article#coop-turn-0 .coop-answer", timeout=60_000)
        assert [u for u in requests if not u.startswith(locked_app) and not u.startswith(("data:", "blob:"))] == []
    finally:
        context.close()
