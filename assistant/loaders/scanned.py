"""Scanned documents: PNG, JPEG and TIFF files, and the PDF pages without a text layer, read by OCR.

:func:`recognise_pages` reads the pages of one file through :func:`~assistant.loaders.ocr.recognise`,
at most ``COOP_OCR_MAX_PAGES`` of them, and keeps every recognised page in an :class:`OcrCache` keyed
by the SHA-256 of the file's bytes and the recipe (Tesseract version, languages, resolution): an
unchanged scan is never read twice, even by ``coop ingest --rebuild``. The cache also keeps each
straightened page image (JPEG), which the document viewer shows beside the text with the cited line
outlined — the only images the interface serves, found from the index's own document hash and a
page number, never from a path a user gives.

Pages read with a confidence under ``COOP_OCR_MIN_CONFIDENCE`` are listed in the reading's notes
(« page 3 : texte peu lisible, confiance 41 % »), which ``coop ingest`` prints under the file.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import tempfile
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..types import Section
from .budget import BUDGET, UnreadableError
from .builder import Reading
from .files import sha256_hex
from .ocr import OCR, OcrOptions, OcrPage, check_pixels, engine_problem, percent, recognise
from .text import txt_title

if TYPE_CHECKING:
    from PIL.Image import Image

logger = logging.getLogger(__name__)

#: Suffixes of the image files read by OCR.
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
#: What Pillow may decode for them (its format names): nothing else, whatever the suffix says.
_IMAGE_FORMATS = frozenset({"PNG", "JPEG", "MPO", "TIFF"})
#: Width of the page images kept for the viewer (pixels).
VIEW_WIDTH = 1240
_SHA = re.compile(r"[0-9a-f]{64}")
_CACHED = re.compile(r"([0-9a-f]{64})(?:\.json|-\d{4,5}\.jpg)")


class OcrCache:
    """Recognised pages of files by SHA-256 (``<sha>.json``) and their page images (``<sha>-0003.jpg``)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def _json(self, sha: str) -> Path | None:
        if self.folder is None or not _SHA.fullmatch(sha):
            return None
        return self.folder / f"{sha}.json"

    def image_path(self, sha: str, number: int) -> Path | None:
        """The page image of page ``number`` of the file ``sha``, if it is kept (else None)."""
        if self.folder is None or not _SHA.fullmatch(sha) or not 0 < number < 100_000:
            return None
        path = self.folder / f"{sha}-{number:04d}.jpg"
        return path if path.is_file() and not path.is_symlink() else None

    def load(self, sha: str, recipe: str) -> dict[int, OcrPage]:
        path = self._json(sha)
        if path is None or not path.is_file():
            return {}
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if raw.get("recipe") != recipe:
                return {}
            pages = (OcrPage.from_json(p) for p in raw["pages"])
            return {p.number: p for p in pages}
        except (OSError, ValueError, KeyError, TypeError):
            logger.warning("cache OCR illisible, pages relues : %s", path, exc_info=True)
            return {}

    def page(self, sha: str, number: int) -> OcrPage | None:
        """Page ``number`` of the file ``sha`` as recognised, whatever the recipe (for the viewer)."""
        path = self._json(sha)
        if path is None or not path.is_file():
            return None
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            for item in raw["pages"]:
                if int(item["number"]) == number:
                    return OcrPage.from_json(item)
        except (OSError, ValueError, KeyError, TypeError):
            logger.warning("cache OCR illisible : %s", path, exc_info=True)
        return None

    def save(self, sha: str, recipe: str, pages: dict[int, OcrPage]) -> None:
        path = self._json(sha)
        if path is None:
            return
        payload = {"recipe": recipe, "pages": [pages[n].to_json() for n in sorted(pages)]}
        _atomic_write(path, json.dumps(payload, ensure_ascii=False).encode("utf-8"))

    def prune(self, keep: Collection[str]) -> int:
        """Delete the pages and images of every file whose hash is not in ``keep``; how many files went."""
        if self.folder is None or not self.folder.is_dir():
            return 0
        removed = 0
        for path in self.folder.iterdir():
            match = _CACHED.fullmatch(path.name)
            if match and match.group(1) not in keep:
                path.unlink(missing_ok=True)
                removed += 1
        return removed

    def save_image(self, sha: str, number: int, image: Image) -> None:
        if self.folder is None or not _SHA.fullmatch(sha):
            return
        view = image
        if image.width > VIEW_WIDTH:
            view = image.resize((VIEW_WIDTH, max(1, round(image.height * VIEW_WIDTH / image.width))))
        out = io.BytesIO()
        view.convert("L").save(out, "JPEG", quality=60, optimize=True)
        _atomic_write(self.folder / f"{sha}-{number:04d}.jpg", out.getvalue())


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class Recognised:
    """The recognised pages of one file by number, and the notes of the reading (French)."""

    pages: dict[int, OcrPage]
    notes: tuple[str, ...]


def recognise_pages(
    data: bytes, numbers: Sequence[int], load: Callable[[int], Image], options: OcrOptions | None = None
) -> Recognised:
    """Pages ``numbers`` of the file ``data`` by OCR (``load(n)`` gives the image of page n), cached.

    Raises :class:`UnreadableError` when pages must be read and the engine is missing.
    """
    options = options or OCR.get()
    cache = OcrCache(options.cache_dir)
    sha = sha256_hex(data)
    recipe = options.recipe
    done = cache.load(sha, recipe)
    notes: list[str] = []
    wanted = list(numbers)
    if len(wanted) > options.max_pages:
        first, last = wanted[options.max_pages], wanted[-1]
        which = f"page {first} non lue" if first == last else f"pages {first} à {last} non lues"
        notes.append(
            f"{which} : plus de {options.max_pages} pages à reconnaître dans ce fichier "
            "(découpez-le, ou augmentez COOP_OCR_MAX_PAGES)"
        )
        wanted = wanted[: options.max_pages]
    todo = [n for n in wanted if n not in done]
    if todo:
        problem = engine_problem(options)
        if problem:
            raise UnreadableError(problem)
        if options.on_pages:
            options.on_pages(len(todo))
    for n in todo:
        BUDGET.get().check(sum(len(p.text) for p in done.values()))
        t0 = time.monotonic()
        try:
            page, straight = recognise(load(n), n, options)
            done[n] = page
            cache.save_image(sha, n, straight)
            cache.save(sha, recipe, done)  # page by page: a killed ingestion keeps what was read
        except UnreadableError as exc:
            notes.append(exc.reason if exc.reason.startswith(f"page {n} ") else f"page {n} : {exc.reason}")
        except OSError:
            logger.warning("cache OCR non écrit", exc_info=True)
        finally:
            # Recognition has its own bounds (pages, seconds per page): the read's deadline moves with it.
            budget = BUDGET.get()
            BUDGET.set(replace(budget, deadline=budget.deadline + (time.monotonic() - t0)))
            if options.on_page:
                options.on_page()
    pages = {n: done[n] for n in wanted if n in done}
    for n, page in sorted(pages.items()):
        if page.text and page.confidence < options.min_confidence:
            notes.append(f"page {n} : texte peu lisible, confiance {percent(page.confidence)}")
        elif not page.text:
            notes.append(f"page {n} : aucun texte reconnu (page blanche ou illisible)")
    return Recognised(pages, tuple(sorted(notes, key=_page_order)))


def _page_order(note: str) -> int:
    match = re.match(r"pages? (\d+)", note)
    return int(match.group(1)) if match else 0


def pages_reading(pages: Sequence[tuple[int, str, float | None]], notes: Sequence[str], title: str = "") -> Reading:
    """A Reading from ``(number, text, OCR confidence or None)`` per page, in order; empty pages left out."""
    parts: list[str] = []
    starts: list[tuple[int, int, float | None]] = []  # (offset, page number, confidence)
    length = 0
    for number, page_text, confidence in pages:
        if not page_text:
            continue
        if parts:
            parts.append("\n\n")
            length += 2
        starts.append((length, number, confidence))
        parts.append(page_text)
        length += len(page_text)
    text = "".join(parts)
    sections = tuple(  # contiguous: a page runs to the start of the next one
        Section(start, starts[i + 1][0] if i + 1 < len(starts) else len(text), "", number, confidence)
        for i, (start, number, confidence) in enumerate(starts)
    )
    return Reading(text, title or txt_title(text), sections, tuple(notes))


# ---- image files ------------------------------------------------------------------------------


def read_image(data: bytes) -> Reading:
    """A PNG, JPEG or TIFF file (every page of a multi-page TIFF), read by OCR."""
    from PIL import Image as PILImage
    from PIL import UnidentifiedImageError

    options = OCR.get()
    try:
        image = PILImage.open(io.BytesIO(data), formats=["PNG", "JPEG", "TIFF"])  # no other decoder is tried
    except PILImage.DecompressionBombError as exc:
        raise UnreadableError(
            "image trop grande pour la reconnaissance de caractères : numérisez-la à 300 dpi au plus"
        ) from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise UnreadableError(
            "image illisible, corrompue ou d'un autre format que PNG, JPEG ou TIFF : enregistrez-la à nouveau "
            "dans l'un de ces formats"
        ) from exc
    if image.format not in _IMAGE_FORMATS:
        raise UnreadableError(f"image au format {image.format or 'inconnu'} : enregistrez-la en PNG, JPEG ou TIFF")
    frames = int(getattr(image, "n_frames", 1) or 1)
    for n in range(1, min(frames, options.max_pages) + 1):
        image.seek(n - 1)
        check_pixels(*image.size, options, "image" if frames == 1 else f"page {n} de l'image")
    image.seek(0)

    def load(n: int) -> Image:
        image.seek(n - 1)
        return _at_resolution(image, options)

    try:
        got = recognise_pages(data, range(1, frames + 1), load, options)
    except UnreadableError as exc:
        raise UnreadableError(f"image numérisée non lue : {exc.reason}") from exc
    pages = [(n, p.text, p.confidence) for n, p in sorted(got.pages.items())]
    if not any(text for _, text, _ in pages):
        reasons = [note for note in got.notes if "peu lisible" not in note]
        raise UnreadableError(
            "aucun texte reconnu dans l'image"
            + (f" ({reasons[0]})" if reasons else " : numérisez-la à nouveau, à 300 dpi, bien éclairée")
        )
    return pages_reading(pages, got.notes)


def _at_resolution(image: Any, options: OcrOptions) -> Image:
    """The current frame upright as its EXIF says (a phone's photo), in grey levels, brought down to
    ``options.dpi`` when it says it is finer."""
    from PIL import ImageOps

    gray = (ImageOps.exif_transpose(image) or image).convert("L")
    dpi = image.info.get("dpi")
    try:
        source = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        source = 0.0
    if source > options.dpi * 1.2:
        scale = options.dpi / source
        gray = gray.resize((max(1, round(gray.width * scale)), max(1, round(gray.height * scale))))
    result: Image = gray
    return result


# ---- PDF pages --------------------------------------------------------------------------------


def pdf_image_pages(data: bytes, numbers: Sequence[int]) -> list[int]:
    """Which of the pages ``numbers`` (1-based) hold an image: the pages worth reading by OCR."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    found: list[int] = []
    pdf = pdfium.PdfDocument(data)
    try:
        for n in numbers:
            page = pdf[n - 1]
            try:
                if any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3)):
                    found.append(n)
            finally:
                page.close()
    finally:
        pdf.close()
    return found


def recognise_pdf_pages(data: bytes, numbers: Sequence[int], options: OcrOptions | None = None) -> Recognised:
    """Pages ``numbers`` of a PDF rendered at ``options.dpi`` (pypdfium2) and read by OCR."""
    import pypdfium2 as pdfium

    options = options or OCR.get()
    pdf = pdfium.PdfDocument(data)

    def load(n: int) -> Image:
        page = pdf[n - 1]
        try:
            width, height = page.get_size()
            scale = options.dpi / 72
            check_pixels(round(width * scale), round(height * scale), options, "page")
            bitmap = page.render(scale=scale, grayscale=True)
            image: Image = bitmap.to_pil().convert("L")
            return image
        finally:
            page.close()

    try:
        return recognise_pages(data, numbers, load, options)
    finally:
        pdf.close()
