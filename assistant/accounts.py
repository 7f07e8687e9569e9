"""Accounts of the web interface: names, roles and salted scrypt hashes in one private JSON file.

The file (``Settings.users_path``: ``COOP_USERS_FILE``, by default ``users.json`` in the cache
folder ``~/.cache/coop-assistant/``) never holds a password, only what checks it::

    {"version": 1, "users": {"marie": {"role": "lecteur", "created": "2026-12-01T10:00:00+00:00",
      "kdf": "scrypt", "n": 16384, "r": 8, "p": 1, "salt": "<base64>", "hash": "<base64>"}}}

It is written atomically (temporary file then rename), mode 0600 in a 0700 folder, under a lock
so that two ``coop users`` commands do not lose each other's change. The server reads it at each
log-in: an account added while it runs can log in at once.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import functools
import hashlib
import hmac
import json
import os
import re
import secrets
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .errors import ConfigError

ROLES = ("lecteur", "editeur", "admin")
DEFAULT_ROLE = "lecteur"
MIN_PASSWORD_CHARS = 10
MAX_PASSWORD_CHARS = 1024
NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
#: scrypt cost: 16 MiB and about 50 ms per check (the usual interactive choice).
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
_MAXMEM = 64 * 1024 * 1024
_KEY_BYTES = 32


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    created: str


def check_name(name: str) -> str:
    if not NAME_RE.fullmatch(name or ""):
        raise ConfigError(
            f"Nom de compte invalide : {name!r}. Utilisez de 1 à 64 lettres sans accent, chiffres, "
            "points, tirets, arobases ou soulignés, en commençant par une lettre ou un chiffre."
        )
    return name


def check_password(password: str) -> str:
    if not password or not password.strip():
        raise ConfigError("Le mot de passe est vide.")
    if len(password) < MIN_PASSWORD_CHARS:
        raise ConfigError(
            f"Le mot de passe est trop court ({len(password)} caractères) : {MIN_PASSWORD_CHARS} au moins."
        )
    if len(password) > MAX_PASSWORD_CHARS:
        raise ConfigError(f"Le mot de passe est trop long : {MAX_PASSWORD_CHARS} caractères au plus.")
    return password


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM, dklen=_KEY_BYTES)


def hash_password(password: str) -> dict[str, Any]:
    """A fresh salt and the scrypt hash, with the parameters needed to check it later."""
    salt = secrets.token_bytes(16)
    key = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return {
        "kdf": "scrypt",
        "n": SCRYPT_N,
        "r": SCRYPT_R,
        "p": SCRYPT_P,
        "salt": base64.b64encode(salt).decode(),
        "hash": base64.b64encode(key).decode(),
    }


@functools.cache
def _dummy() -> dict[str, Any]:
    """What an unknown name is checked against, so that it costs the time of a wrong password."""
    return hash_password(secrets.token_urlsafe(16))


def verify_password(password: str, record: dict[str, Any]) -> bool:
    try:
        if record.get("kdf") != "scrypt":
            return False
        n, r, p = int(record["n"]), int(record["r"]), int(record["p"])
        if not (2 <= n <= 2**20 and 1 <= r <= 32 and 1 <= p <= 16) or len(password) > MAX_PASSWORD_CHARS:
            return False
        salt = base64.b64decode(record["salt"])
        expected = base64.b64decode(record["hash"])
        return hmac.compare_digest(_scrypt(password, salt, n, r, p), expected)
    except (KeyError, TypeError, ValueError):
        return False


class AccountStore:
    """The accounts file. Reads are lock-free (the file is replaced atomically)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    # -- reading --------------------------------------------------------------------------------

    def _load(self) -> dict[str, dict[str, Any]]:
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise ConfigError(f"Le fichier des comptes ne peut pas être lu ({exc.strerror}).") from None
        try:
            data = json.loads(raw)
            users = data["users"]
            if not isinstance(users, dict) or not all(isinstance(v, dict) for v in users.values()):
                raise ValueError
        except (ValueError, KeyError, TypeError):
            raise ConfigError(
                "Le fichier des comptes est illisible (JSON invalide). Corrigez-le ou supprimez-le puis "
                "recréez les comptes avec « coop users add »."
            ) from None
        return users

    def accounts(self) -> list[Account]:
        return [
            Account(name, str(rec.get("role") or DEFAULT_ROLE), str(rec.get("created") or ""))
            for name, rec in sorted(self._load().items())
        ]

    def exists(self) -> bool:
        """True when at least one account exists (an unreadable file raises: never start open)."""
        return bool(self._load())

    def authenticate(self, name: str, password: str) -> bool:
        """Check a log-in; an unknown name costs the same time as a wrong password."""
        try:
            record = self._load().get(name)
        except ConfigError:
            return False
        ok = verify_password(password, record if record is not None else _dummy())
        return ok and record is not None

    def role(self, name: str) -> str | None:
        record = self._load().get(name)
        return None if record is None else str(record.get("role") or DEFAULT_ROLE)

    # -- writing --------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _locked(self) -> Iterator[dict[str, dict[str, Any]]]:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(self.path.with_name(self.path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            users = self._load()
            yield users
            self._write(users)
        finally:
            os.close(fd)

    def _write(self, users: dict[str, dict[str, Any]]) -> None:
        text = json.dumps({"version": 1, "users": users}, ensure_ascii=False, indent=2) + "\n"
        fd, tmp = tempfile.mkstemp(prefix=".users-", suffix=".tmp", dir=self.path.parent)  # created 0600
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    def add(self, name: str, password: str, role: str = DEFAULT_ROLE, *, replace: bool = False) -> Account:
        check_name(name)
        check_password(password)
        if role not in ROLES:
            raise ConfigError(f"Rôle inconnu : {role!r}. Rôles possibles : {', '.join(ROLES)}.")
        record = hash_password(password)  # outside the lock: it takes a moment
        with self._locked() as users:
            if name in users and not replace:
                raise ConfigError(
                    f"Le compte « {name} » existe déjà. Pour changer son mot de passe ou son rôle : "
                    f"coop users add {name} --replace."
                )
            created = users.get(name, {}).get("created") or datetime.now(UTC).isoformat(timespec="seconds")
            users[name] = {"role": role, "created": created, **record}
        return Account(name, role, created)

    def remove(self, name: str) -> None:
        with self._locked() as users:
            if name not in users:
                raise ConfigError(f"Aucun compte « {name} ».")
            del users[name]
