"""Who is asking, and what their role lets them do.

Roles (stored with each account, :mod:`assistant.accounts`):

* ``lecteur``: asks questions, reads documents, gives feedback;
* ``editeur``: also adds, replaces and removes documents (browser and API);
* ``admin``: also reads the audit log in the interface (accounts are managed with ``coop users``).

Without any account the app only serves this machine (127.0.0.1, ``make run``): the person at
the machine already owns the corpus folder, so this single-user mode counts as ``admin``
(:data:`LOCAL`). As soon as an account exists, a request without a logged-in name, or with a
name no longer in the accounts file, has no right at all (the role is read at each request: a
changed role or a removed account applies at once).
"""

from __future__ import annotations

from dataclasses import dataclass

from .accounts import ROLES, AccountStore
from .errors import CoopError

EDIT_ROLES = frozenset({"editeur", "admin"})
AUDIT_ROLES = frozenset({"admin"})
#: French names of the roles, as the interface shows them.
ROLE_LABELS = {"lecteur": "lecteur", "editeur": "éditeur", "admin": "administrateur"}
LOCAL_NAME = "poste local"


class PermissionRefusedError(CoopError):
    """An action the caller's role does not allow (French message)."""


@dataclass(frozen=True)
class Principal:
    """The caller: account name (None in single-user mode) and role (None: no right)."""

    name: str | None
    role: str | None

    @property
    def label(self) -> str:
        """Name for the audit log and the page."""
        return self.name or LOCAL_NAME

    @property
    def local(self) -> bool:
        return self.name is None and self.role is not None

    @property
    def can_read(self) -> bool:
        return self.role in ROLES

    @property
    def can_edit(self) -> bool:
        return self.role in EDIT_ROLES

    @property
    def can_audit(self) -> bool:
        return self.role in AUDIT_ROLES


LOCAL = Principal(None, "admin")
NOBODY = Principal(None, None)


def principal(store: AccountStore, username: str | None) -> Principal:
    """The caller of a request whose logged-in name is ``username`` (None: no log-in).

    An unreadable accounts file gives no right (never open by mistake).
    """
    try:
        if username is None:
            return NOBODY if store.exists() else LOCAL
        role = store.role(username)
    except CoopError:
        return Principal(username, None) if username else NOBODY
    return Principal(username, role if role in ROLES else None)


def require_editor(who: Principal) -> None:
    if not who.can_edit:
        raise PermissionRefusedError(
            "Action réservée aux éditeurs : votre compte"
            + (f" « {who.name} »" if who.name else "")
            + f" a le rôle « {ROLE_LABELS.get(who.role or '', 'aucun')} ». Demandez à un administrateur "
            "de vous donner le rôle éditeur (coop users add NOM --replace --role editeur)."
        )


def require_admin(who: Principal) -> None:
    if not who.can_audit:
        raise PermissionRefusedError("Le journal des modifications est réservé aux administrateurs.")
