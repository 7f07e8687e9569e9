"""The audit log of document changes: one JSON object per line, appended, private.

Every change made from the browser or the API (a file added, replaced or removed, a refused
attempt, the indexing that followed) is one line::

    {"when": "2026-12-01T10:00:00+00:00", "who": "marie", "action": "ajout",
     "target": "rapport-2025.pdf", "result": "indexé", "detail": ""}

The file (``Settings.audit_path``: ``COOP_AUDIT_FILE``, by default ``audit.jsonl`` in the cache
folder beside ``users.json``) is created 0600 in a 0700 folder and only ever appended to, under
a lock (several threads and processes may write). Admins read it with ``coop audit``.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections import deque
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from .errors import ConfigError

#: Longest text kept in one field (a file name, a reason): the log cannot be bloated by a caller.
MAX_FIELD_CHARS = 500
#: Actions written in the log (French words, as they are read).
ACTIONS = ("ajout", "remplacement", "suppression", "indexation", "refus")


@dataclass(frozen=True)
class AuditEntry:
    """One change: who (account name, or « poste local » without accounts), when, what, result."""

    when: str
    who: str
    action: str
    target: str
    result: str
    detail: str = ""


def _clip(text: object) -> str:
    s = str(text)
    return s if len(s) <= MAX_FIELD_CHARS else s[: MAX_FIELD_CHARS - 1] + "…"


class AuditLog:
    """Appends :class:`AuditEntry` lines to ``path`` and reads the last ones back."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def append(self, who: str, action: str, target: str, result: str, detail: str = "") -> AuditEntry:
        entry = AuditEntry(
            when=datetime.now(UTC).isoformat(timespec="seconds"),
            who=_clip(who),
            action=_clip(action),
            target=_clip(target),
            result=_clip(result),
            detail=_clip(detail),
        )
        line = json.dumps(asdict(entry), ensure_ascii=False) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
        try:
            os.fchmod(fd, 0o600)
            fcntl.flock(fd, fcntl.LOCK_EX)
            os.write(fd, line.encode("utf-8"))
        finally:
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
        return entry

    def read(self, limit: int = 100) -> list[AuditEntry]:
        """The last ``limit`` entries, oldest first; a damaged line is skipped."""
        if limit < 1:
            return []
        try:
            f = open(self.path, encoding="utf-8", errors="replace")  # noqa: SIM115
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise ConfigError(
                f"Le journal des modifications {self.path} ne peut pas être lu ({exc.strerror})."
            ) from None
        entries: deque[AuditEntry] = deque(maxlen=limit)
        with f:
            for line in f:
                try:
                    data = json.loads(line)
                    entries.append(AuditEntry(**{k: str(data.get(k, "")) for k in AuditEntry.__dataclass_fields__}))
                except (ValueError, TypeError, AttributeError):
                    continue
        return list(entries)
