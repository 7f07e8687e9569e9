"""PDF: the text layer of each page (pypdf), one section per page, title from the Info dictionary.

A page without a text layer that holds an image is a scan: it is read by OCR
(:mod:`assistant.loaders.scanned`), the other pages keep their text layer as it is.
"""

from __future__ import annotations

import io
import logging
from dataclasses import replace
from typing import Any

from .budget import BUDGET, RESAVE_HINT, UnreadableError
from .builder import Reading, meta_title, normalize_text
from .scanned import pages_reading, pdf_image_pages, recognise_pdf_pages
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
    confidences: dict[int, float] = {}
    notes: tuple[str, ...] = ()
    empty = [i for i, t in enumerate(texts, 1) if not t]
    if empty:
        scanned = _scanned_pages(data, empty)
        if scanned:
            confidences, notes = _recognise(data, scanned, texts, has_text=any(texts))
    if not any(texts):
        raise UnreadableError(
            "PDF sans couche texte (document scanné) : une reconnaissance de caractères (OCR) est nécessaire"
            + (f" ; {notes[0]}" if notes else "")
        )
    if empty:
        logger.info("pages sans texte : %s", ", ".join(str(n) for n in empty[:20]))
    pages_text = [(number, t, confidences.get(number)) for number, t in enumerate(texts, 1)]
    reading = pages_reading(pages_text, notes)
    try:
        info_title = meta_title(reader.metadata.title if reader.metadata else None)
    except Exception:  # a broken Info dictionary only loses the title
        info_title = ""
    return replace(reading, title=info_title or txt_title(reading.text))


def _scanned_pages(data: bytes, empty: list[int]) -> list[int]:
    """The pages of ``empty`` (no text layer) that hold an image: scans to read by OCR."""
    try:
        return pdf_image_pages(data, empty)
    except Exception:  # pdfium cannot open what pypdf could: no OCR, the text pages stay
        logger.warning("pages sans texte non examinées", exc_info=True)
        return []


def _recognise(
    data: bytes, scanned: list[int], texts: list[str], *, has_text: bool
) -> tuple[dict[int, float], tuple[str, ...]]:
    """OCR of the ``scanned`` pages into ``texts`` (in place); their confidences and the reading's notes."""
    try:
        got = recognise_pdf_pages(data, scanned)
    except UnreadableError as exc:  # no engine: a mixed PDF keeps its text pages, with a note
        if not has_text:
            raise UnreadableError(
                f"PDF sans couche texte (document scanné) : reconnaissance de caractères impossible, {exc.reason}"
            ) from exc
        listed = ", ".join(str(n) for n in scanned[:20]) + (" …" if len(scanned) > 20 else "")
        what = f"pages {listed} (scannées) non lues" if len(scanned) > 1 else f"page {listed} (scannée) non lue"
        return {}, (f"{what} : {exc.reason}",)
    for number, page in got.pages.items():
        texts[number - 1] = page.text
    return {n: p.confidence for n, p in got.pages.items() if p.text}, got.notes
