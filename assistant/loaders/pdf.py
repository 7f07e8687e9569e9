"""PDF: the text layer of each page (pypdf), one section per page, title from the Info dictionary."""

from __future__ import annotations

import io
import logging
from typing import Any

from ..types import Section
from .budget import BUDGET, RESAVE_HINT, UnreadableError
from .builder import Reading, meta_title, normalize_text
from .text import txt_title

logger = logging.getLogger(__name__)


def read_pdf(data: bytes) -> Reading:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    corrupt = "PDF illisible ou corrompu : " + RESAVE_HINT
    try:
        reader = PdfReader(io.BytesIO(data))
    except Exception as exc:  # pypdf raises many types for broken files
        raise UnreadableError(corrupt) from exc
    try:
        encrypted = reader.is_encrypted
    except Exception as exc:
        raise UnreadableError(corrupt) from exc
    if encrypted:
        ok: Any
        try:
            ok = reader.decrypt("")
        except DependencyError as exc:
            raise UnreadableError(
                "PDF chiffré avec un algorithme non pris en charge : enregistrez-en une copie sans protection"
            ) from exc
        except Exception:  # any failure to decrypt means we cannot read it
            ok = 0
        if not ok:
            raise UnreadableError(
                "PDF chiffré (protégé par un mot de passe) : enregistrez-en une copie sans mot de passe"
            )
    try:
        pages = list(reader.pages)
    except Exception as exc:
        raise UnreadableError(corrupt) from exc
    if not pages:
        raise UnreadableError("document vide : le PDF n'a aucune page")

    texts: list[str] = []
    failures = 0
    budget = BUDGET.get()
    chars = 0
    for number, page in enumerate(pages, 1):
        budget.check(chars)
        try:
            raw = page.extract_text() or ""
        except DependencyError as exc:
            raise UnreadableError(
                "PDF chiffré avec un algorithme non pris en charge : enregistrez-en une copie sans protection"
            ) from exc
        except Exception:  # one bad page must not lose the others
            logger.warning("page %d illisible, ignorée", number, exc_info=True)
            failures += 1
            raw = ""
        page_text = "\n".join(line.rstrip() for line in normalize_text(raw).split("\n")).strip("\n")
        texts.append(page_text if page_text.strip() else "")
        chars += len(page_text) + 2
    budget.check(chars)
    if failures == len(pages):
        raise UnreadableError(corrupt)
    if not any(texts):
        raise UnreadableError(
            "PDF sans couche texte (document scanné) : une reconnaissance de caractères (OCR) est nécessaire"
        )
    empty = [str(i) for i, t in enumerate(texts, 1) if not t]
    if empty:
        logger.info("pages sans texte (images ?) : %s", ", ".join(empty[:20]))

    parts: list[str] = []
    starts: list[tuple[int, int]] = []  # (offset, page number)
    length = 0
    for number, page_text in enumerate(texts, 1):
        if not page_text:
            continue
        if parts:
            parts.append("\n\n")
            length += 2
        starts.append((length, number))
        parts.append(page_text)
        length += len(page_text)
    text = "".join(parts)
    sections = tuple(
        Section(start, starts[i + 1][0] if i + 1 < len(starts) else len(text), "", number)
        for i, (start, number) in enumerate(starts)
    )
    try:
        info_title = meta_title(reader.metadata.title if reader.metadata else None)
    except Exception:  # a broken Info dictionary only loses the title
        info_title = ""
    return Reading(text, info_title or txt_title(text), sections)
