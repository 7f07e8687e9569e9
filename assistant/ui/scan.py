"""The scanned page beside its recognised text: the page image with the cited lines outlined.

For a quote from a page read by OCR, :func:`scan_view` finds the page image and the recognised
lines the quote covers (Tesseract's boxes) in the index's OCR cache — from the document's own hash
(as the index recorded it) and the page number of its section, never from a path a user sent — and
:func:`render_scan` draws them: the image inline (``data:`` URL, no file served), each cited line
outlined by a box placed in percentages of the page, so it follows the image's displayed size.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

from ..ingest.reading import ocr_cache_dir
from ..loaders.ocr import DEFAULT_MIN_CONFIDENCE, reading_note
from ..loaders.scanned import OcrCache
from ..types import Document
from .text import esc

#: A page image larger than this is not shown (the cache writes ~150 Ko JPEGs; anything else is not ours).
MAX_IMAGE_BYTES = 3 * 1024 * 1024


@dataclass(frozen=True)
class ScanView:
    """A scanned page as the viewer shows it."""

    page: int
    confidence: float
    image: bytes  # JPEG
    boxes: tuple[tuple[float, float, float, float], ...]  # cited lines: left, top, width, height in % of the page
    min_confidence: float = DEFAULT_MIN_CONFIDENCE


def scan_view(
    index_dir: Path, doc: Document, start: int | None, end: int | None, min_confidence: float = DEFAULT_MIN_CONFIDENCE
) -> ScanView | None:
    """The scanned page of ``doc`` at ``start`` with the lines of ``[start, end)``, or None (not a scan)."""
    if start is None:
        return None
    section = doc.section_at(start)
    if section is None or section.ocr is None or section.page is None:
        return None
    cache = OcrCache(ocr_cache_dir(index_dir))
    page = cache.page(doc.sha256, section.page)
    path = cache.image_path(doc.sha256, section.page)
    if page is None or path is None or page.width <= 0 or page.height <= 0:
        return None
    try:
        if path.stat().st_size > MAX_IMAGE_BYTES:
            return None
        image = path.read_bytes()
    except OSError:
        return None
    if not image.startswith(b"\xff\xd8"):  # a JPEG, as the cache writes it
        return None
    lo = start - section.start
    hi = (end if end is not None and end > start else start + 1) - section.start
    boxes = []
    for line in page.lines:
        if line.start < hi and lo < line.end:
            left, top, right, bottom = line.box
            pad = 0.4  # a little air around the letters (% of the page)
            boxes.append(
                (
                    max(0.0, left / page.width * 100 - pad),
                    max(0.0, top / page.height * 100 - pad),
                    min(100.0, (right - left) / page.width * 100 + 2 * pad),
                    min(100.0, (bottom - top) / page.height * 100 + 2 * pad),
                )
            )
    return ScanView(section.page, page.confidence, image, tuple(boxes), min_confidence)


def render_scan(view: ScanView) -> str:
    """The page image with the cited lines outlined, and what the text beside it is (an OCR reading)."""
    data = base64.b64encode(view.image).decode("ascii")
    boxes = "".join(
        f'<span class="coop-scan-line" style="position:absolute;left:{x:.2f}%;top:{y:.2f}%;width:{w:.2f}%;'
        f'height:{h:.2f}%;outline:3px solid #d93f0b;outline-offset:1px;border-radius:2px;pointer-events:none"></span>'
        for x, y, w, h in view.boxes
    )
    note = reading_note(view.confidence, view.min_confidence)
    lines = len(view.boxes)
    cited = {0: "", 1: " Ligne citée encadrée sur l'image."}.get(lines, " Lignes citées encadrées sur l'image.")
    caption = f"Page {view.page} numérisée — {note}.{cited}"
    return (
        '<figure class="coop-scan" style="margin:0 0 1rem 0">'
        f'<figcaption class="coop-scan-caption">{esc(caption)}</figcaption>'
        '<div class="coop-scan-page" style="position:relative;display:inline-block;max-width:100%;'
        'border:1px solid #888">'
        f'<img class="coop-scan-image" src="data:image/jpeg;base64,{data}" '
        f'alt="{esc(f"Image de la page {view.page} numérisée")}" style="display:block;max-width:100%;height:auto">'
        f"{boxes}</div></figure>"
    )
