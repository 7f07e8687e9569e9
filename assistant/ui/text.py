"""French wording of the interface: names, error messages, formats of sizes, dates and scores; and
the page's static files (``static/``: JavaScript and CSS), read with :mod:`importlib.resources`."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from functools import cache
from importlib.resources import files

from ..errors import CoopError
from ..french.lexicon import lexicon
from ..types import FILTER_BY_KEY, FILTERS
from .state import DocumentInfoLike

APP_NAME = "Coop'Assistant"
APP_TITLE = "Coop'Assistant — recherche dans les documents de coopération décentralisée"
GENERIC_ERROR = (
    "Une erreur est survenue pendant le traitement de votre demande. Réessayez ; si le problème "
    "persiste, signalez-le à la personne qui a installé l'outil."
)
#: Filter keys in the order of the interface (the one table of filters is assistant.types.FILTERS).
FILTER_ORDER = tuple(f.key for f in FILTERS)
RATINGS = {"up": "utile", "down": "pas utile"}


def esc(text: object) -> str:
    """Escape anything for HTML text *and* attribute values."""
    return html.escape("" if text is None else str(text), quote=True)


def format_size(size: int) -> str:
    """``5035`` → ``"4,9 Ko"`` (French units, decimal comma)."""
    if size < 1024:
        return f"{size} octets"
    value = size / 1024
    for unit in ("Ko", "Mo", "Go"):
        if value < 1024 or unit == "Go":
            return f"{value:.1f} {unit}".replace(".", ",")
        value /= 1024
    return f"{size} octets"  # pragma: no cover


def format_date(iso: str | None) -> str:
    """``"2025-03-12"`` → ``"12 mars 2025"``; ``"2025-03"`` → ``"mars 2025"``; other text unchanged."""
    if not iso:
        return ""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", iso.strip())
    if not m:
        return iso
    year, month, day = m.groups()
    if month and 1 <= int(month) <= 12:
        name = lexicon().months[int(month) - 1]
        if day and 1 <= int(day) <= 31:
            d = int(day)
            return f"{'1er' if d == 1 else d} {name} {year}"
        return f"{name} {year}"
    return year


def format_score(score: float) -> str:
    return f"{score:.2f}".replace(".", ",")


def country_name(code: str) -> str:
    """French name of an ISO 3166-1 alpha-2 code (the code itself when unknown)."""
    from ..metadata import country_name as _name

    return _name(code) or code


def enumerate_fr(items: Sequence[str], limit: int = 4) -> str:
    """``["a", "b", "c"]`` → ``"a, b et c"``; beyond ``limit``: ``"a, b et 3 autres"``."""
    items = [i for i in items if i]
    shown = list(items[:limit])
    more = len(items) - len(shown)
    if more > 0:
        return ", ".join(shown) + f" et {more} autre{'s' if more > 1 else ''}"
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " et " + shown[-1]


def plural(n: int, singular: str, plural: str | None = None) -> str:
    """``plural(2, "source")`` → ``"2 sources"``."""
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


def corpus_summary(documents: Sequence[DocumentInfoLike]) -> str:
    """One line saying what the corpus covers: count, authorities, partner countries."""
    if not documents:
        return "Aucun document n'est indexé pour l'instant."
    authorities = sorted({d.metadata.authority for d in documents if d.metadata.authority})
    countries = sorted({country_name(c) for d in documents for c in d.metadata.countries})
    parts = [f"{plural(len(documents), 'document')} de coopération décentralisée"]
    if authorities:
        parts.append(f"{plural(len(authorities), 'collectivité')} ({enumerate_fr(authorities, 3)})")
    if countries:
        parts.append(f"pays partenaires : {enumerate_fr(countries, 5)}")
    return " · ".join(parts) + "."


def filters_note(filters: Mapping[str, Sequence[str]], titles: Mapping[str, str]) -> str:
    """« pays : Arménie; année de publication : 2025 » (keys unknown to :data:`FILTERS` are shown as is)."""
    parts = []
    keys = [*FILTER_ORDER, *(k for k in filters if k not in FILTER_BY_KEY)]
    for key in keys:
        values = [str(v) for v in filters.get(key, ()) or ()]
        if not values:
            continue
        spec = FILTER_BY_KEY.get(key)
        if spec and spec.shown == "title":
            values = [titles.get(v, v) for v in values]
        elif spec and spec.shown == "country":
            values = [country_name(v) for v in values]
        parts.append(f"{spec.noun if spec else key} : {', '.join(values)}")
    return "; ".join(parts)


def location(section: str, title: str, page: int | None, date: str | None) -> str:
    """« Section : Historique · page 3 · 31 mai 2003 »."""
    bits = []
    if section and section != title:
        bits.append(f"Section : {section}")
    if page:
        bits.append(f"page {page}")
    if date:
        bits.append(format_date(date))
    return " · ".join(bits)


def user_message(exc: BaseException) -> str:
    """What the user sees for an exception: its French message, never a traceback."""
    if isinstance(exc, CoopError):
        return exc.message
    return GENERIC_ERROR


@cache
def static_text(name: str) -> str:
    """The text of ``static/<name>`` (a script or style sheet of the page)."""
    return (files(__package__) / "static" / name).read_text(encoding="utf-8")
