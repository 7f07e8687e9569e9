"""What one read may take (text cap, deadline), and how a format reader says it cannot read a file.

A reader raises :class:`UnreadableError` with a French reason; :func:`~assistant.loaders.read_document`
turns it into a :class:`~assistant.errors.DocumentError`. The :class:`Budget` of the read in progress
is in :data:`BUDGET` (a context variable), so that deep helpers check it without passing it around.
"""

from __future__ import annotations

import time
from contextvars import ContextVar
from dataclasses import dataclass

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
#: Longest text read from one document (characters); beyond, the document is refused.
DEFAULT_MAX_TEXT_CHARS = 3_000_000
#: Longest time spent reading one document (seconds, checked between blocks and pages).
DEFAULT_MAX_READ_SECONDS = 120.0

CONVERT_HINT = "convertissez-le en PDF, DOCX, ODT, HTML, Markdown ou texte"
RESAVE_HINT = "ouvrez-le et enregistrez-le à nouveau, ou exportez-le dans un autre format"


class UnreadableError(Exception):
    """Raised by a format reader; :func:`read_document` turns it into a DocumentError."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Budget:
    """What one read may take: characters of text, and a deadline (``time.monotonic()``)."""

    max_chars: int = DEFAULT_MAX_TEXT_CHARS
    max_seconds: float = DEFAULT_MAX_READ_SECONDS
    deadline: float = float("inf")

    def check(self, chars: int = 0) -> None:
        """Raise when ``chars`` characters are over the cap or the time is over."""
        if chars > self.max_chars:
            raise UnreadableError(
                f"texte trop long une fois extrait (plus de {thousands(self.max_chars)} caractères) : "
                "découpez le document, ou augmentez COOP_MAX_TEXT_CHARS"
            )
        if time.monotonic() > self.deadline:
            seconds = f"{self.max_seconds:g}".replace(".", ",")
            raise UnreadableError(
                f"lecture trop longue (plus de {seconds} s) : découpez le document ou enregistrez-le "
                "à nouveau, ou augmentez COOP_MAX_READ_SECONDS"
            )


NO_BUDGET = Budget()
BUDGET: ContextVar[Budget] = ContextVar("coop_read_budget", default=NO_BUDGET)


def thousands(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def megabytes(n: int) -> str:
    value = n / (1024 * 1024)
    text = f"{value:.0f}" if value >= 10 else f"{value:.1f}" if value >= 0.1 else f"{value:.2g}"
    return text.replace(".", ",")
