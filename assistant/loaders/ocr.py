"""Optical character recognition of one page image: Tesseract (through pytesseract), bounded and honest.

:func:`recognise` takes a page image (PIL) and returns an :class:`OcrPage`: the recognised text,
built line by line from Tesseract's word table so that every line keeps its offsets in the page text
and its box on the page image (the viewer outlines the cited line), Tesseract's confidence for the
page (mean word confidence weighted by length, 0–100), and what was done to the image: a quarter
turn found by Tesseract's orientation detection (OSD, tried only when the upright reading is poor,
since it costs a second pass) and a small skew measured by projection profiles and straightened.

Bounds (:class:`OcrOptions`, from the ``COOP_OCR_*`` settings): pixels of a page, pages of a file,
seconds per page (Tesseract is stopped past it). Tesseract runs with one OpenMP thread: on two busy
cores its threads fight each other (measured: 0,5 s instead of 4,4 s for a letter page under load).
Without Tesseract or its French data, :func:`engine_problem` says so with the command to install it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .budget import UnreadableError, thousands
from .builder import normalize_text

if TYPE_CHECKING:
    from PIL.Image import Image

logger = logging.getLogger(__name__)

#: The Debian packages of the engine and of its French and English data.
INSTALL_COMMAND = "sudo apt-get install tesseract-ocr tesseract-ocr-fra tesseract-ocr-eng"
DEFAULT_LANGUAGES = "fra+eng"
#: Resolution pages are read at (PDF pages rendered at it, larger images brought down to it): see the README.
DEFAULT_OCR_DPI = 200
DEFAULT_MAX_PIXELS = 50_000_000
DEFAULT_MAX_PAGES = 100
DEFAULT_PAGE_SECONDS = 60.0
#: Below this confidence (%) a page is listed as hard to read and its passages say so.
DEFAULT_MIN_CONFIDENCE = 70.0
#: Orientation detection is tried when the upright reading is below this confidence or this many words.
_OSD_BELOW_CONFIDENCE = 60.0
_OSD_MIN_WORDS = 8
#: A word without letter nor digit read under this confidence is left out (specks).
_SPECK_CONFIDENCE = 60.0
#: Tolerance of the wrapped-line test, in spaces (justified text, measuring noise).
_WRAP_SLACK = 1.0
_HYPHENATED = re.compile(r"[^\W\d_]-$")
#: Skew searched (degrees either way) and its steps.
MAX_SKEW = 5.0


@dataclass(frozen=True)
class OcrOptions:
    """How scanned pages are read (see the ``COOP_OCR_*`` settings), and the reading's progress hooks."""

    command: str = "tesseract"
    languages: str = DEFAULT_LANGUAGES
    dpi: int = DEFAULT_OCR_DPI
    max_pixels: int = DEFAULT_MAX_PIXELS
    max_pages: int = DEFAULT_MAX_PAGES
    page_seconds: float = DEFAULT_PAGE_SECONDS
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    #: folder of the recognised pages (text, boxes, images) by file hash; None: no cache
    cache_dir: Path | None = None
    #: called with the number of pages a file will have recognised, then once per page done
    on_pages: Callable[[int], None] | None = field(default=None, compare=False)
    on_page: Callable[[], None] | None = field(default=None, compare=False)

    @property
    def recipe(self) -> str:
        """What shapes a recognised page: a cached page made with another recipe is read again."""
        return f"tesseract {engine_version(self.command)}|{self.languages}|{self.dpi} dpi|v1"


#: The OCR options of the read in progress (set by :func:`~assistant.loaders.read_document`).
DEFAULT_OPTIONS = OcrOptions()
OCR: ContextVar[OcrOptions] = ContextVar("coop_ocr", default=DEFAULT_OPTIONS)


@dataclass(frozen=True, slots=True)
class OcrLine:
    """A line of recognised text: its span in the page text and its box on the page image."""

    start: int
    end: int
    box: tuple[int, int, int, int]  # left, top, right, bottom (pixels of the straightened page image)


@dataclass(frozen=True, slots=True)
class OcrPage:
    """One recognised page."""

    number: int  # 1-based page of the file
    text: str  # normalised: wrapped lines joined by a space, other line ends \n, paragraphs a blank line
    confidence: float  # Tesseract's word confidence, weighted by length, 0–100 (0 when nothing was read)
    lines: tuple[OcrLine, ...]
    width: int  # of the straightened image the boxes refer to
    height: int
    rotation: int = 0  # quarter turn applied (degrees, clockwise)
    skew: float = 0.0  # small rotation applied (degrees, counter-clockwise)
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "text": self.text,
            "confidence": self.confidence,
            "lines": [[ln.start, ln.end, *ln.box] for ln in self.lines],
            "width": self.width,
            "height": self.height,
            "rotation": self.rotation,
            "skew": self.skew,
            "seconds": self.seconds,
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> OcrPage:
        text = str(raw["text"])
        lines = []
        for item in raw["lines"]:
            start, end, left, top, right, bottom = (int(v) for v in item)
            if not 0 <= start <= end <= len(text):
                raise ValueError("ligne hors du texte")
            lines.append(OcrLine(start, end, (left, top, right, bottom)))
        return cls(
            number=int(raw["number"]),
            text=text,
            confidence=float(raw["confidence"]),
            lines=tuple(lines),
            width=int(raw["width"]),
            height=int(raw["height"]),
            rotation=int(raw.get("rotation", 0)),
            skew=float(raw.get("skew", 0.0)),
            seconds=float(raw.get("seconds", 0.0)),
        )


def percent(confidence: float) -> str:
    return f"{confidence:.0f} %"


def reading_note(confidence: float | None, min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> str:
    """What a quote from a scanned page says of itself (French), or "" for a text page."""
    if confidence is None:
        return ""
    if confidence < min_confidence:
        return f"lecture OCR peu sûre d'une page scannée (confiance {percent(confidence)}) : vérifiez sur l'original"
    return f"lecture OCR d'une page scannée (confiance {percent(confidence)})"


# ---- the engine -------------------------------------------------------------------------------


_checked: dict[tuple[str, str], tuple[str | None, float]] = {}  # (problem or None, when it was checked)
_RECHECK_SECONDS = 60.0
_versions: dict[str, str] = {}
_env_lock = threading.Lock()


def engine_problem(options: OcrOptions | None = None) -> str | None:
    """Why scanned pages cannot be read here (French, with the command to install), or None."""
    options = options or OCR.get()
    key = (options.command, options.languages)
    found = _checked.get(key)
    if found is None or (found[0] is not None and time.monotonic() - found[1] > _RECHECK_SECONDS):
        # a missing engine is looked for again after a while: it may be installed while coop serve runs
        found = _checked[key] = (_engine_problem(options), time.monotonic())
    return found[0]


def _engine_problem(options: OcrOptions) -> str | None:
    missing = f"Tesseract n'est pas installé : installez-le ({INSTALL_COMMAND}) puis relancez l'ingestion"
    try:
        import pytesseract
    except ImportError:
        return "le paquet Python pytesseract manque : réinstallez l'outil (make install) puis relancez l'ingestion"
    if shutil.which(options.command) is None:
        return missing
    try:
        with _one_thread():
            pytesseract.pytesseract.tesseract_cmd = options.command
            available = set(pytesseract.get_languages(config=""))
    except Exception:  # any failure to run the engine means it is not usable
        logger.warning("Tesseract ne répond pas", exc_info=True)
        return missing
    wanted = [lang for lang in options.languages.split("+") if lang]
    absent = [lang for lang in wanted if lang not in available]
    if absent:
        return (
            f"données de langue de Tesseract absentes ({', '.join(absent)}) : installez-les "
            f"({INSTALL_COMMAND}) puis relancez l'ingestion"
        )
    return None


def engine_version(command: str = "tesseract") -> str:
    if command not in _versions:
        try:
            import pytesseract

            pytesseract.pytesseract.tesseract_cmd = command
            _versions[command] = str(pytesseract.get_tesseract_version())
        except Exception:
            _versions[command] = "?"
    return _versions[command]


@contextlib.contextmanager
def _one_thread() -> Iterator[None]:
    """Tesseract started with one OpenMP thread (the variable is read by the child process only)."""
    with _env_lock:
        old = os.environ.get("OMP_THREAD_LIMIT")
        os.environ["OMP_THREAD_LIMIT"] = "1"
        try:
            yield
        finally:
            if old is None:
                os.environ.pop("OMP_THREAD_LIMIT", None)
            else:
                os.environ["OMP_THREAD_LIMIT"] = old


# ---- bounds -----------------------------------------------------------------------------------


def check_pixels(width: int, height: int, options: OcrOptions, what: str = "image") -> None:
    """Refuse a page of more than ``options.max_pixels`` pixels, before it is decoded."""
    if width <= 0 or height <= 0:
        raise UnreadableError(f"{what} sans dimensions lisibles : {_RESAVE}")
    if width * height > options.max_pixels:
        raise UnreadableError(
            f"{what} trop grande pour la reconnaissance de caractères ({thousands(width)} × {thousands(height)} "
            f"pixels, plus de {thousands(options.max_pixels)}) : numérisez-la à 300 dpi au plus, "
            "ou augmentez COOP_OCR_MAX_PIXELS"
        )


_RESAVE = "numérisez à nouveau le document ou enregistrez-le en PNG, JPEG, TIFF ou PDF"


# ---- one page ---------------------------------------------------------------------------------


def recognise(image: Image, number: int, options: OcrOptions | None = None) -> tuple[OcrPage, Image]:
    """Read ``image`` (page ``number``); returns the page and the straightened image its boxes refer to.

    Raises :class:`UnreadableError` when Tesseract is missing or stops past ``options.page_seconds``.
    """
    options = options or OCR.get()
    problem = engine_problem(options)
    if problem:
        raise UnreadableError(problem)
    from PIL import ImageFilter

    t0 = time.perf_counter()
    gray = image.convert("L") if image.mode != "L" else image
    gray = gray.filter(ImageFilter.MedianFilter(3))  # specks of dust and scanner noise
    gray, skew = deskew(gray)
    page, rotation = _read(gray, number, options), 0
    if page.confidence < _OSD_BELOW_CONFIDENCE or len(page.lines) < 2 or page.text.count(" ") < _OSD_MIN_WORDS:
        turn = _orientation(gray, options)
        if turn:
            turned = gray.rotate(-turn, expand=True, fillcolor=255)
            turned, skew2 = deskew(turned)
            again = _read(turned, number, options)
            if again.confidence > page.confidence:
                page, gray, rotation, skew = again, turned, turn, skew2
    elapsed = time.perf_counter() - t0
    return (
        OcrPage(
            number,
            page.text,
            page.confidence,
            page.lines,
            gray.width,
            gray.height,
            rotation,
            round(skew, 2),
            round(elapsed, 3),
        ),
        gray,
    )


def _read(gray: Image, number: int, options: OcrOptions) -> OcrPage:
    import pytesseract

    pytesseract.pytesseract.tesseract_cmd = options.command
    try:
        with _one_thread():
            data = pytesseract.image_to_data(
                gray, lang=options.languages, output_type=pytesseract.Output.DICT, timeout=options.page_seconds
            )
    except RuntimeError as exc:  # pytesseract's « Tesseract process timeout »
        seconds = f"{options.page_seconds:g}".replace(".", ",")
        raise UnreadableError(
            f"page {number} : reconnaissance de caractères trop longue (plus de {seconds} s) : "
            "numérisez-la à plus basse résolution, ou augmentez COOP_OCR_PAGE_SECONDS"
        ) from exc
    except pytesseract.TesseractError as exc:
        raise UnreadableError(f"page {number} : la reconnaissance de caractères a échoué ({exc.message})") from exc
    return page_from_data(data, number, gray.width, gray.height)


def page_from_data(data: dict[str, list[Any]], number: int, width: int, height: int) -> OcrPage:
    """The page text, lines and confidence from Tesseract's word table (``image_to_data`` as a dict)."""
    groups: dict[tuple[int, int, int], list[int]] = {}
    for i, word in enumerate(data.get("text", [])):
        try:
            conf = float(data["conf"][i])
        except (TypeError, ValueError):
            continue
        if conf < 0 or not str(word).strip():
            continue
        if conf < _SPECK_CONFIDENCE and not any(c.isalnum() for c in str(word)):
            continue  # a doubtful « | », « _ » or « . » alone: a speck or the edge of the sheet
        key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        groups.setdefault(key, []).append(i)
    # (paragraph, text, box, width of its first word) per line
    read: list[tuple[tuple[int, int], str, tuple[int, int, int, int], int]] = []
    weighted = chars = 0.0
    for key, indices in groups.items():  # Tesseract's order (block, paragraph, line) is the reading order
        words = [" ".join(normalize_text(str(data["text"][i])).split()) for i in indices]
        kept = [(w, i) for w, i in zip(words, indices, strict=True) if w]
        if not kept:
            continue
        left = min(int(data["left"][i]) for _, i in kept)
        top = min(int(data["top"][i]) for _, i in kept)
        right = max(int(data["left"][i]) + int(data["width"][i]) for _, i in kept)
        bottom = max(int(data["top"][i]) + int(data["height"][i]) for _, i in kept)
        first = int(data["width"][kept[0][1]])
        read.append((key[:2], " ".join(w for w, _ in kept), (left, top, right, bottom), first))
        for w, i in kept:
            weighted += float(data["conf"][i]) * len(w)
            chars += len(w)
    # A line was wrapped when the first word of the next one would not have fitted at its end, within
    # the right edge of the text: the next line goes on with it (a space, so that sentences run over
    # lines); otherwise the line ended there (a line break). (Columns: their lines end short of the
    # page's edge, so they keep their line breaks.)
    edge = max((box[2] for _, _, box, _ in read), default=0)
    parts: list[str] = []
    lines: list[OcrLine] = []
    length = 0
    previous: tuple[tuple[int, int], tuple[int, int, int, int]] | None = None
    for paragraph, line, box, first in read:
        if parts and previous is not None:
            same, before = previous[0] == paragraph, previous[1]
            space = 0.5 * (before[3] - before[1])
            wrapped = same and before[2] + space + first > edge + _WRAP_SLACK * space
            sep = " " if wrapped else "\n" if same else "\n\n"
            if wrapped and _HYPHENATED.search(parts[-1]) and line[:1].islower():
                parts[-1] = parts[-1][:-1]  # « coopé- / ration » → « coopération »
                length -= 1
                lines[-1] = OcrLine(lines[-1].start, length, lines[-1].box)
                sep = ""
            parts.append(sep)
            length += len(sep)
        previous = (paragraph, box)
        lines.append(OcrLine(length, length + len(line), box))
        parts.append(line)
        length += len(line)
    confidence = round(weighted / chars, 1) if chars else 0.0
    return OcrPage(number, "".join(parts), confidence, tuple(lines), width, height)


def _orientation(gray: Image, options: OcrOptions) -> int:
    """The clockwise quarter turn that puts the page upright (Tesseract OSD), 0 when unsure."""
    import pytesseract

    small = gray.reduce(2) if gray.width * gray.height > 4_000_000 else gray
    try:
        with _one_thread():
            osd = pytesseract.image_to_osd(
                small, output_type=pytesseract.Output.DICT, timeout=options.page_seconds, config="--psm 0"
            )
    except (RuntimeError, pytesseract.TesseractError):  # too few characters, or too long: leave it
        return 0
    rotate = int(osd.get("rotate", 0)) % 360
    return rotate if rotate in (90, 180, 270) and float(osd.get("orientation_conf", 0)) >= 1.0 else 0


def deskew(gray: Image) -> tuple[Image, float]:
    """``gray`` straightened, and the angle applied (degrees, counter-clockwise; 0 when already straight).

    Projection profiles: the angle that makes the rows of dark pixels most uneven (text lines and the
    gaps between them) on a reduced copy, searched by half degrees then tenths, within ±:data:`MAX_SKEW`.
    """
    import numpy as np
    from PIL import Image as PILImage

    scale = max(1, round(max(gray.width, gray.height) / 1000))
    small = gray.reduce(scale) if scale > 1 else gray
    ink = small.point(lambda v: 255 if v < 140 else 0)
    if not np.asarray(ink).any():
        return gray, 0.0

    def score(angle: float) -> float:
        turned = ink.rotate(angle, resample=PILImage.Resampling.NEAREST, fillcolor=0)
        rows = np.asarray(turned, dtype=np.float32).sum(axis=1)
        return float(np.square(np.diff(rows)).sum())

    coarse = [a / 2 for a in range(int(-MAX_SKEW * 2), int(MAX_SKEW * 2) + 1)]
    best = max(coarse, key=score)
    fine = [best + a / 10 for a in range(-4, 5)]
    best = max(fine, key=score)
    if abs(best) < 0.15:
        return gray, 0.0
    return gray.rotate(best, resample=PILImage.Resampling.BICUBIC, expand=False, fillcolor=255), best
