"""Reading documents: every supported file becomes one normalised :class:`~assistant.types.Document`.

* :func:`iter_corpus` lists the files of a corpus folder that can be read (hidden files and
  the lock files of office suites are left out).
* :func:`read_document` reads one file: its text (Unicode NFC, ``\\n`` line endings, control
  characters removed), a title, sections (heading paths, and page numbers for a PDF), the
  SHA-256 of its bytes and the metadata of :mod:`assistant.metadata`.

Formats: plain text (UTF-8 with or without BOM, UTF-16 with BOM, Windows-1252/Latin-1),
Markdown (rendered as readable text: no ``#``, emphasis markers or link targets), HTML (main
content only, through trafilatura, with a plain lxml reader when trafilatura finds nothing; a
missing trafilatura is an error, never a silent fallback), PDF (text layer
of each page, through pypdf), DOCX (python-docx) and ODT (odfpy).

The text of a document is built piece by piece and each piece is normalised before it is
appended, so every offset (sections here, chunks and citations later) points into the final
string. Any problem with a file is raised as a :class:`~assistant.errors.DocumentError` whose
reason, in French, says what happened and what to do; no other exception escapes for a bad
file.
"""

from __future__ import annotations

import bisect
import codecs
import copy
import hashlib
import importlib
import io
import logging
import os
import re
import stat
import time
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError, DocumentError
from .types import Document, DocumentMetadata, Section

logger = logging.getLogger(__name__)

#: File name suffixes read by :func:`read_document` (compared in lower case).
SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".markdown", ".pdf", ".docx", ".odt", ".html", ".htm")

#: The ``Document.format`` of each suffix.
FORMATS: dict[str, str] = {
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".pdf": "pdf",
    ".docx": "docx",
    ".odt": "odt",
    ".html": "html",
    ".htm": "html",
}

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
#: Longest text read from one document (characters); beyond, the document is refused.
DEFAULT_MAX_TEXT_CHARS = 3_000_000
#: Longest time spent reading one document (seconds, checked between blocks and pages).
DEFAULT_MAX_READ_SECONDS = 120.0
MAX_TITLE_CHARS = 150

# Zip packages (DOCX, ODT) are checked before any parsing, from their central directory: the
# readers (python-docx, odfpy) load every member and build a tree of every XML element, so these
# bound the memory of a read (issue 12: a 2 MB DOCX inflating to 2 GiB took 4.2 GB).
#: Total uncompressed size of the members of a package.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
#: Compression ratio of one member above :data:`ZIP_RATIO_FROM` bytes (text XML: 5 to 20).
MAX_ZIP_RATIO = 100
ZIP_RATIO_FROM = 1024 * 1024
#: XML tags of a package (« < » counted while inflating): an element costs 300 to 600 bytes parsed
#: (measured: 2 million tags of tiny ODT elements, 1 GB and 55 s to read).
MAX_XML_TAGS = 1_500_000
#: Reason of every package refused by these checks (then the detail).
TOO_BIG_INFLATED = "trop volumineux une fois décompressé"

_CONVERT_HINT = "convertissez-le en PDF, DOCX, ODT, HTML, Markdown ou texte"
_RESAVE_HINT = "ouvrez-le et enregistrez-le à nouveau, ou exportez-le dans un autre format"


class _UnreadableError(Exception):
    """Raised by a format reader; :func:`read_document` turns it into a DocumentError."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class _Budget:
    """What one read may take: characters of text, and a deadline (``time.monotonic()``)."""

    max_chars: int = DEFAULT_MAX_TEXT_CHARS
    max_seconds: float = DEFAULT_MAX_READ_SECONDS
    deadline: float = float("inf")

    def check(self, chars: int = 0) -> None:
        """Raise when ``chars`` characters are over the cap or the time is over."""
        if chars > self.max_chars:
            raise _UnreadableError(
                f"texte trop long une fois extrait (plus de {_thousands(self.max_chars)} caractères) : "
                "découpez le document, ou augmentez COOP_MAX_TEXT_CHARS"
            )
        if time.monotonic() > self.deadline:
            seconds = f"{self.max_seconds:g}".replace(".", ",")
            raise _UnreadableError(
                f"lecture trop longue (plus de {seconds} s) : découpez le document ou enregistrez-le "
                "à nouveau, ou augmentez COOP_MAX_READ_SECONDS"
            )


_NO_BUDGET = _Budget()
_BUDGET: ContextVar[_Budget] = ContextVar("coop_read_budget", default=_NO_BUDGET)


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def _check_package(data: bytes) -> None:
    """Refuse a zip package whose members inflate too much, before any parser reads it.

    The sizes are those of the central directory; :mod:`zipfile` never inflates a member past its
    declared size (a lie fails its CRC), so they bound what the readers will load.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            total = sum(i.file_size for i in infos)
            if total > MAX_UNCOMPRESSED_BYTES:
                raise _UnreadableError(
                    f"{TOO_BIG_INFLATED} ({_megabytes(total)} Mo, plus de {_megabytes(MAX_UNCOMPRESSED_BYTES)} Mo) : "
                    "archive piégée, ou document à découper"
                )
            for info in infos:
                if info.file_size > ZIP_RATIO_FROM and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
                    ratio = info.file_size // max(info.compress_size, 1)
                    raise _UnreadableError(
                        f"{TOO_BIG_INFLATED} (« {info.filename[:80]} » se décompresse {_thousands(ratio)} fois, "
                        f"plus de {MAX_ZIP_RATIO} fois) : archive piégée ; enregistrez le document à nouveau"
                    )
            tags = 0
            for info in infos:
                if not info.filename.lower().endswith((".xml", ".rels")):
                    continue
                with zf.open(info) as member:
                    while block := member.read(1 << 20):
                        tags += block.count(b"<")
                        if tags > MAX_XML_TAGS:
                            raise _UnreadableError(
                                f"{TOO_BIG_INFLATED} (plus de {_thousands(MAX_XML_TAGS)} balises XML) : "
                                "archive piégée, ou document à découper"
                            )
                        _BUDGET.get().check()
    except _UnreadableError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError):
        return  # the reader says what is wrong with a broken package


# --------------------------------------------------------------------------- normalisation

_NEWLINES = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
# C0/C1 controls except \t and \n, soft hyphen, zero-width space, word joiner, BOM.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b\u2060\ufeff]")
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})
_SPACES = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """Unicode NFC, ``\\n`` line endings, no control characters (``\\t`` and ``\\n`` kept), no ligatures."""
    text = _NEWLINES.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    text = text.translate(_LIGATURES)
    return unicodedata.normalize("NFC", text)


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _tidy_title(text: str | None) -> str:
    """Trimmed, whitespace collapsed, at most :data:`MAX_TITLE_CHARS` characters (cut at a word)."""
    if not text:
        return ""
    title = _one_line(normalize_text(text))
    if len(title) > MAX_TITLE_CHARS:
        cut = title[: MAX_TITLE_CHARS - 1]
        if " " in cut[MAX_TITLE_CHARS // 2 :]:
            cut = cut[: cut.rindex(" ")]
        title = cut.rstrip(" ,;:-–") + "…"
    return title


def _heading_label(text: str) -> str:
    """A heading as shown in a heading path: one line, without a final colon."""
    return _tidy_title(text).rstrip(" :")


def prettify_stem(path: Path) -> str:
    """``departement-cooperations_2025.txt`` → ``Departement cooperations 2025``."""
    words = _one_line(re.sub(r"[-_.]+", " ", path.stem))
    return (words[:1].upper() + words[1:]) or path.name


# --------------------------------------------------------------------------- text building


@dataclass
class _Built:
    text: str
    sections: tuple[Section, ...]
    headings: list[tuple[int, int, str]] = field(default_factory=list)  # (offset, level, label)


class _TextBuilder:
    """Appends normalised blocks; remembers where headings start.

    Blocks are separated by a blank line, except consecutive blocks of the same ``group`` (list items,
    table rows), separated by a single line break.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._last_group: str | None = None
        self.headings: list[tuple[int, int, str]] = []

    def add(self, text: str, *, level: int | None = None, group: str | None = None) -> None:
        block = "\n".join(line.rstrip() for line in normalize_text(text).strip().split("\n"))
        if not block.strip():
            return
        if self._parts:
            sep = "\n" if group is not None and group == self._last_group else "\n\n"
            self._parts.append(sep)
            self._length += len(sep)
        if level is not None:
            label = _heading_label(block)
            if label:
                self.headings.append((self._length, level, label))
        self._parts.append(block)
        self._length += len(block)
        self._last_group = group if level is None else None
        _BUDGET.get().check(self._length)

    def first_heading(self) -> str:
        if not self.headings:
            return ""
        top = min(level for _, level, _ in self.headings)
        return next(label for _, level, label in self.headings if level == top)

    def build(self) -> _Built:
        text = "".join(self._parts)
        return _Built(text, sections_from_headings(text, self.headings), list(self.headings))


def sections_from_headings(text: str, headings: list[tuple[int, int, str]]) -> tuple[Section, ...]:
    """Contiguous sections covering ``text``: one per heading, with its path (``"H1 > H2"``).

    ``headings`` holds ``(offset, level, label)``; a smaller level is a higher heading. The
    text before the first heading, if it holds anything, is a section without heading.
    """
    if not text:
        return ()
    heads = sorted(h for h in headings if 0 <= h[0] < len(text))
    if not heads:
        return (Section(0, len(text), ""),)
    sections: list[Section] = []
    first = heads[0][0]
    if first > 0 and text[:first].strip():
        sections.append(Section(0, first, ""))
    else:
        heads[0] = (0, heads[0][1], heads[0][2])
    stack: list[tuple[int, str]] = []
    for i, (offset, level, label) in enumerate(heads):
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, label))
        end = heads[i + 1][0] if i + 1 < len(heads) else len(text)
        if end > offset:
            sections.append(Section(offset, end, " > ".join(lbl for _, lbl in stack)))
    return tuple(sections)


# --------------------------------------------------------------------------- plain text

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def decode_text(data: bytes) -> str:
    """Decode the bytes of a text file: BOMs, then strict UTF-8, then Windows-1252, then a guess.

    Raises :class:`_UnreadableError` for a binary file (NUL bytes or many control characters).
    """
    text = _decode_text(data)
    sample = text[:10_000]
    odd = sum(1 for c in sample if c == "\ufffd" or (c < " " and c not in "\t\n\r\x0c\x1b"))
    if sample and odd / len(sample) > 0.05:
        raise _UnreadableError(_BINARY)
    return text


def _decode_text(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith(_UTF16_BOMS):
        return data.decode("utf-16", errors="replace")
    _check_not_binary(data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
        if best is not None and best.encoding:
            return data.decode(best.encoding, errors="replace")
    except Exception:  # a failed guess only means falling back to Latin-1
        logger.debug("charset-normalizer a échoué", exc_info=True)
    return data.decode("latin-1")


_BINARY = "fichier binaire, pas du texte : vérifiez son extension ou " + _CONVERT_HINT


def _check_not_binary(data: bytes) -> None:
    sample = data[:8192]
    if b"\x00" in sample:
        raise _UnreadableError(_BINARY)
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    if sample and controls / len(sample) > 0.05:
        raise _UnreadableError(_BINARY)


_BULLET = re.compile(r"^\s*(?:[-–—•·▪◦‣*+➢➤►→✓✔❖■□]|\d{1,3}\)|[a-z]\))\s")
_TERMINAL = '.!?:;»"”'
_METADATA_LINE = re.compile(
    r"^\s*(?:publiée?|mise? à jour|modifiée?|actualisée?|date\b|envoyée? en préfecture|reçue? en préfecture"
    r"|affichée?|le \d|id\s*:)",
    re.IGNORECASE,
)
_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*[.)]?|[IVXLC]+[.)]|Article\s+\d+\S*)\s+", re.IGNORECASE)


def _heading_like(line: str) -> bool:
    """A short line that could be a heading: capitalised, no final sentence punctuation, no "key : value"."""
    s = line.strip()
    if not 2 <= len(s) <= 80 or len(s.split()) > 12:
        return False
    if _BULLET.match(line) or _METADATA_LINE.match(s):
        return False
    body = _NUMBERING.sub("", s, count=1) or s
    first = body.lstrip("«\"“'( ")[:1]
    if not first or not (first.isupper() or (first.isdigit() and body is not s)):
        return False
    if s[-1] in ".,;!…" or s.endswith("..."):
        return False
    if ":" in s.rstrip(" :"):
        return False
    if "@" in s or "http" in s or "www." in s:
        return False
    letters = sum(c.isalpha() for c in s)
    digits = sum(c.isdigit() for c in body)
    return letters >= 2 and digits <= 0.3 * len(body)


def _body_like(line: str) -> bool:
    """A line of running text: a list item, or a sentence (final punctuation) or a long line of words."""
    if _BULLET.match(line):
        return True
    s = line.strip()
    if not s or _heading_like(s):
        return False
    letters = sum(c.isalpha() for c in s)
    return letters >= 0.5 * len(s) and (s[-1] in ".!?…:;" or len(s) >= 80)


def _txt_sections(text: str) -> tuple[Section, ...]:
    """Sections of a plain text from heading-like lines (conservative).

    A line is a heading when it is heading-like (:func:`_heading_like`), stands apart from
    the text before it (start of the text, a blank line, a line ending a sentence, or another
    heading-like line), and is followed by body text (:func:`_body_like`) or by a sub-heading
    ending with « : » that is itself followed by body text. A heading ending with « : » is a
    sub-heading of the last heading without one.
    """
    lines: list[tuple[int, str]] = []
    pos = 0
    for raw in text.split("\n"):
        lines.append((pos, raw))
        pos += len(raw) + 1
    nonblank = [i for i, (_, line) in enumerate(lines) if line.strip()]
    heads: list[tuple[int, int, str]] = []
    for rank, i in enumerate(nonblank):
        offset, line = lines[i]
        if not _heading_like(line):
            continue
        if rank > 0:
            j = nonblank[rank - 1]
            prev = lines[j][1].strip()
            blank_before = j < i - 1
            if not blank_before and prev[-1] not in _TERMINAL and not _heading_like(prev):
                continue
        if rank + 1 >= len(nonblank):
            continue
        k = nonblank[rank + 1]
        nxt = lines[k][1]
        blank_after = k > i + 1
        colon = line.rstrip().endswith(":")
        if nxt.strip()[:1].islower() and not (colon or blank_after or _BULLET.match(nxt)):
            continue  # a line wrapped in the middle of a sentence
        followed = _body_like(nxt)
        if not followed and _heading_like(nxt) and nxt.rstrip().endswith(":") and rank + 2 < len(nonblank):
            followed = _body_like(lines[nonblank[rank + 2]][1])  # a heading, then a sub-heading
        if followed:
            heads.append((offset + len(line) - len(line.lstrip()), 2 if colon else 1, _heading_label(line)))
    return sections_from_headings(text, heads)


_OBJET = re.compile(r"^(?:Objet|OBJET)\s*:\s*(\S.{4,})$")


def _txt_title(text: str) -> str:
    """The « Objet : … » of an administrative document, else the first non-empty line (joined with
    the lines that continue it in lower case), if short; stamps (« Reçu en préfecture le… ») skipped."""
    lines = [line.strip() for line in text.split("\n")]
    for line in [x for x in lines[:200] if x][:40]:
        m = _OBJET.match(line)
        if m:
            return _tidy_title(m.group(1))
    i = 0
    while i < len(lines) and (not lines[i] or _METADATA_LINE.match(lines[i]) or sum(c.isalpha() for c in lines[i]) < 2):
        i += 1
    if i >= len(lines):
        return ""
    title = lines[i]
    i += 1
    while (
        i < len(lines)
        and lines[i][:1].islower()
        and title[-1] not in _TERMINAL
        and len(title) + len(lines[i]) < MAX_TITLE_CHARS
        and not _BULLET.match(lines[i])
    ):
        title += " " + lines[i]
        i += 1
    title = _one_line(title)
    return title if len(title) <= MAX_TITLE_CHARS else ""


def _read_txt(data: bytes) -> tuple[str, str, tuple[Section, ...]]:
    text = normalize_text(decode_text(data))
    return text, _txt_title(text), _txt_sections(text)


# --------------------------------------------------------------------------- Markdown

_MD_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_MD_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_MD_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_MD_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_MD_TABLE_RULE = re.compile(r"^ {0,3}\|?(?:[ \t]*:?-+:?[ \t]*\|)+[ \t]*(?::?-+:?[ \t]*)?\|?[ \t]*$")
_MD_REFDEF = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*\S+")
_MD_QUOTE = re.compile(r"^ {0,3}(?:>[ \t]?)+")
_MD_BULLET = re.compile(r"^(\s*)[*+](?=[ \t])")
# Raw blocks dropped whole: each opening is paired with the first closing after it (a scan, not a
# lazy regex: « <script <script … » without a closing tag made the regex quadratic).
_MD_RAW_OPEN = re.compile(r"<(script|style)\b|<!--", re.IGNORECASE)
_MD_RAW_CLOSE = {
    "script": re.compile(r"</script\s*>", re.IGNORECASE),
    "style": re.compile(r"</style\s*>", re.IGNORECASE),
    "<!--": re.compile(r"-->"),
}
_MD_INLINE_SUBS: list[tuple[re.Pattern[str], str]] = [
    # (No class below runs over the opening character of another match: each try stops at the next
    # « [ », « ( » or « < », so that « ![a]( » or « [[[ » repeated 100 kB long stays linear.)
    (re.compile(r"!\[([^\[\]]*)\]\((?:[^()]|\([^()]*\))*\)"), r"\1"),  # image → its alternative text
    (re.compile(r"\[([^\[\]]+)\]\((?:[^()]|\([^()]*\))*\)"), r"\1"),  # link → its text
    (re.compile(r"\[([^\[\]]+)\]\[[^\[\]]*\]"), r"\1"),  # reference link
    (re.compile(r"<((?:https?|mailto):[^<>\s]+)>"), r"\1"),  # autolink
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"), ""),  # inline HTML tags
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])"), r"\1"),  # backslash escapes (after the emphasis)
]
# Emphasis and strike-through: (opening delimiter, closing delimiter, width). An opening is paired
# with the nearest closing at least one character further, as the lazy regex
# ``OPEN(.+?)CLOSE`` did, but found by a scan: on « **a **a **a … » that regex was quadratic.
_MD_EMPHASIS: list[tuple[re.Pattern[str], re.Pattern[str], int]] = [
    (re.compile(r"(?<![\w*])\*\*(?=\S)"), re.compile(r"(?<=\S)\*\*(?![\w*])"), 2),
    (re.compile(r"(?<![\w_])__(?=\S)"), re.compile(r"(?<=\S)__(?![\w_])"), 2),
    (re.compile(r"(?<![\w*])\*(?=[^\s*])"), re.compile(r"(?<=[^\s*])\*(?![\w*])"), 1),
    (re.compile(r"(?<![\w_])_(?=[^\s_])"), re.compile(r"(?<=[^\s_])_(?![\w_])"), 1),
    (re.compile(r"~~(?=\S)"), re.compile(r"(?<=\S)~~"), 2),
]


def _positions(text: str, delimiter: re.Pattern[str]) -> Iterator[int]:
    """Start of every match of ``delimiter`` (a fixed-width pattern), overlapping ones included."""
    i = 0
    while (m := delimiter.search(text, i)) is not None:
        yield m.start()
        i = m.start() + 1


def _strip_pairs(text: str, opening: re.Pattern[str], closing: re.Pattern[str], width: int) -> str:
    """``text`` with each delimited span ``OPEN x CLOSE`` replaced by ``x`` (one line; linear time)."""
    # Every position where a delimiter may stand, overlapping ones included (« ~~~ » holds two).
    closers = list(_positions(text, closing))
    if not closers:
        return text
    out: list[str] = []
    pos = 0
    for start in _positions(text, opening):
        if start < pos:
            continue
        j = bisect.bisect_left(closers, start + width + 1)
        if j == len(closers):
            break  # no closing after this opening, nor after any later one
        end = closers[j]
        out.append(text[pos:start])
        out.append(text[start + width : end])
        pos = end + width
    out.append(text[pos:])
    return "".join(out)


def _strip_raw_blocks(text: str) -> str:
    """``text`` without ``<script>…</script>``, ``<style>…</style>`` and ``<!-- … -->`` (linear time)."""
    out: list[str] = []
    pos = 0
    unclosed: set[str] = set()  # kinds with no closing after some point: none after any later opening
    for m in _MD_RAW_OPEN.finditer(text):
        kind = (m.group(1) or "<!--").lower()
        if m.start() < pos or kind in unclosed:
            continue
        close = _MD_RAW_CLOSE[kind].search(text, m.end())
        if close is None:
            unclosed.add(kind)
            if len(unclosed) == len(_MD_RAW_CLOSE):
                break
            continue
        out.append(text[pos : m.start()])
        pos = close.end()
    out.append(text[pos:])
    return "".join(out)


_MD_CODE_SPAN = re.compile(r"(`+)(.+?)\1")


def _md_inline(text: str) -> str:
    out: list[str] = []
    pos = 0
    for m in _MD_CODE_SPAN.finditer(text):
        out.append(_md_inline_plain(text[pos : m.start()]))
        out.append(m.group(2).strip())
        pos = m.end()
    out.append(_md_inline_plain(text[pos:]))
    return "".join(out)


def _md_inline_plain(text: str) -> str:
    for pattern, repl in _MD_INLINE_SUBS[:-1]:
        text = pattern.sub(repl, text)
    for opening, closing, width in _MD_EMPHASIS:
        text = _strip_pairs(text, opening, closing, width)
    pattern, repl = _MD_INLINE_SUBS[-1]
    return pattern.sub(repl, text)


def _md_front_matter(lines: list[str]) -> tuple[int, str]:
    """Lines taken by a YAML front matter, and its ``title:`` if any."""
    if not lines or lines[0].strip() != "---":
        return 0, ""
    for i in range(1, min(len(lines), 60)):
        if lines[i].strip() in ("---", "..."):
            title = ""
            for line in lines[1:i]:
                m = re.match(r"^title\s*:\s*(.+)$", line.strip(), re.IGNORECASE)
                if m:
                    title = m.group(1).strip().strip("'\"")
            return i + 1, title
    return 0, ""


def _read_md(data: bytes) -> tuple[str, str, tuple[Section, ...]]:
    source = normalize_text(decode_text(data))
    source = _strip_raw_blocks(source)
    lines = source.split("\n")
    start, fm_title = _md_front_matter(lines)
    out: list[tuple[str, int | None]] = []  # (line, heading level)
    fence: str | None = None
    i = start
    while i < len(lines):
        line = lines[i]
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            else:
                out.append((line.rstrip(), None))
            i += 1
            continue
        m = _MD_FENCE.match(line)
        if m:
            fence = m.group(1)[0] * 3
            i += 1
            continue
        stripped = _MD_QUOTE.sub("", line)
        if not stripped.strip():
            out.append(("", None))
            i += 1
            continue
        m = _MD_ATX.match(stripped)
        if m:
            out.append((_md_inline(m.group(2) or "").strip(), len(m.group(1))))
            i += 1
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if (
            _MD_SETEXT.match(nxt)
            and not _MD_BULLET.match(stripped)
            and not re.match(r"^\s*[-*+]\s", stripped)
            and not _MD_RULE.match(stripped)
        ):
            level = 1 if nxt.strip().startswith("=") else 2
            out.append((_md_inline(stripped).strip(), level))
            i += 2
            continue
        if _MD_TABLE_RULE.match(stripped) or _MD_REFDEF.match(stripped):
            i += 1
            continue
        if _MD_RULE.match(stripped):
            out.append(("", None))
            i += 1
            continue
        stripped = _MD_BULLET.sub(r"\1-", stripped)
        if stripped.lstrip().startswith("|"):
            stripped = " | ".join(cell.strip() for cell in stripped.strip().strip("|").split("|"))
        out.append((_md_inline(stripped).rstrip(), None))
        i += 1
    # Join, with runs of blank lines collapsed and none at either end.
    parts: list[str] = []
    heads: list[tuple[int, int, str]] = []
    length = 0
    blank = False
    for text_line, head_level in out:
        if not text_line.strip():
            blank = bool(parts)
            continue
        if parts:
            sep = "\n\n" if blank or head_level is not None else "\n"
            parts.append(sep)
            length += len(sep)
        if head_level is not None:
            heads.append((length, head_level, _heading_label(text_line)))
        parts.append(text_line)
        length += len(text_line)
        blank = head_level is not None  # a heading is followed by a blank line
    text = "".join(parts)
    title = _tidy_title(fm_title)
    if not title and heads:
        top = min(h[1] for h in heads)
        title = next(h[2] for h in heads if h[1] == top)
    return text, title or _txt_title(text), sections_from_headings(text, heads)


# --------------------------------------------------------------------------- HTML

_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_HTML_DROP = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "svg",
    "canvas",
    "form",
    "button",
    "select",
    "input",
    "textarea",
    "nav",
    "aside",
    "dialog",
)
_HTML_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_HTML_BLOCKS = frozenset(
    "address article aside blockquote body dd details dialog div dl dt fieldset figcaption figure footer "
    "form header hgroup hr li main nav ol p pre section summary ul".split()
)


def _decode_html(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith(_UTF16_BOMS):
        return data.decode("utf-16", errors="replace")
    _check_not_binary(data)
    m = _HTML_CHARSET.search(data[:4096])
    if m:
        try:
            codec = codecs.lookup(m.group(1).decode("ascii"))
            if codec.name not in ("utf-16", "utf-32"):
                try:
                    return data.decode(codec.name)
                except UnicodeDecodeError:
                    pass
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data)


def _xml_text(el: Any) -> str:
    """Text of an lxml element, ``<br>``/``<lb>`` as line breaks, whitespace collapsed per line."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag.lower() in ("br", "lb"):
                parts.append("\n")
            elif tag and tag.lower() not in ("script", "style", "noscript", "template"):
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
    return "\n".join(line for line in lines if line)


def _table_rows(table: Any, row_tag: str, cell_tags: tuple[str, ...]) -> Iterator[str]:
    for row in table.iter(row_tag):
        cells = [_xml_text(c).replace("\n", " ") for c in row if isinstance(c.tag, str) and c.tag in cell_tags]
        line = " | ".join(c for c in cells if c)
        if line:
            yield line


def _walk_extracted(el: Any, b: _TextBuilder) -> None:
    """Blocks of trafilatura's XML (``head``, ``p``, ``list``/``item``, ``table``/``row``/``cell``…)."""
    for child in el:
        if not isinstance(child.tag, str):
            continue
        tag = child.tag
        if tag == "head":
            rend = child.get("rend", "")
            level = int(rend[1]) if re.fullmatch(r"h[1-6]", rend) else 2
            b.add(_xml_text(child), level=level)
        elif tag == "list":
            for item in child:
                if isinstance(item.tag, str) and item.tag == "item":
                    nested = [x for x in item if isinstance(x.tag, str) and x.tag == "list"]
                    for x in nested:
                        item.remove(x)
                    b.add("- " + _xml_text(item), group="list")
                    for x in nested:
                        _walk_extracted(_wrap(x), b)
        elif tag == "table":
            for line in _table_rows(child, "row", ("cell",)):
                b.add(line, group=f"table{id(child)}")
        elif tag in ("div", "main", "body", "doc", "quote", "section") and any(
            isinstance(x.tag, str) and x.tag in ("p", "head", "list", "table", "div", "quote") for x in child
        ):
            _walk_extracted(child, b)
        elif tag in ("graphic", "comments"):
            continue
        else:
            b.add(_xml_text(child))


def _lxml(module: str) -> Any:
    """An lxml module (imported by name: lxml ships no type information)."""
    return importlib.import_module(f"lxml.{module}")


def _wrap(el: Any) -> Any:
    etree = _lxml("etree")
    holder = etree.Element("div")
    holder.append(el)
    return holder


def _inline_raw(el: Any) -> str:
    """Raw text of an inline element (``<br>`` as a line break), whitespace left for the caller."""
    parts: list[str] = [el.text or ""]
    for child in el:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag == "br":
            parts.append("\n")
        elif tag and tag not in ("script", "style", "noscript", "template"):
            parts.append(_inline_raw(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _walk_html(el: Any, b: _TextBuilder) -> None:
    """Blocks of a cleaned HTML tree (the fallback when trafilatura finds nothing)."""
    buf: list[str] = [el.text or ""]

    def flush() -> None:
        text = "\n".join(" ".join(line.split()) for line in "".join(buf).split("\n"))
        buf.clear()
        if text.strip():
            b.add(text)

    for child in el:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag == "br":
            buf.append("\n")
        elif tag in _HTML_HEADINGS:
            flush()
            b.add(_xml_text(child), level=_HTML_HEADINGS[tag])
        elif tag == "table":
            flush()
            for line in _table_rows(child, "tr", ("td", "th")):
                b.add(line, group=f"table{id(child)}")
        elif tag == "li" and not any(
            isinstance(x.tag, str) and (x.tag.lower() in _HTML_BLOCKS or x.tag.lower() == "table") for x in child
        ):
            flush()
            b.add("- " + _xml_text(child), group="list")
        elif tag in _HTML_BLOCKS:
            flush()
            _walk_html(child, b)
        elif tag:
            buf.append(_inline_raw(child))
        buf.append(child.tail or "")
    flush()


def _clean_html_tree(root: Any) -> Any:
    """Drop scripts, styles, navigation, forms, asides, hidden parts, and page header/footer."""
    etree = _lxml("etree")

    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    etree.strip_elements(root, *_HTML_DROP, with_tail=False)
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        tag = el.tag.lower()
        role = (el.get("role") or "").lower()
        hidden = el.get("hidden") is not None or (el.get("aria-hidden") or "").lower() == "true"
        style = (el.get("style") or "").replace(" ", "").lower()
        in_content = any(isinstance(a.tag, str) and a.tag.lower() in ("article", "main") for a in el.iterancestors())
        if (
            hidden
            or "display:none" in style
            or role in ("navigation", "banner", "contentinfo", "search", "complementary", "menu")
            or (tag in ("header", "footer") and not in_content)
        ):
            el.drop_tree()
    return root


#: Start of the reason given to every HTML file when the main-content extractor cannot be imported.
HTML_EXTRACTOR_MISSING = "extracteur du contenu principal des pages HTML (trafilatura) indisponible"


def html_extractor_problem() -> str | None:
    """Why trafilatura cannot be imported (French, with the fix), or ``None`` when it can.

    A broken install (``lxml.html.clean`` moved to the ``lxml_html_clean`` package) must not make
    the HTML reader fall back, silently, to indexing menus and footers.
    """
    try:
        import trafilatura  # noqa: F401
    except Exception as exc:  # ImportError, or whatever a half-installed dependency raises
        return (
            f"{HTML_EXTRACTOR_MISSING} ({type(exc).__name__} : {exc}) ; page non indexée pour ne pas mêler "
            "menus et pieds de page au texte : réinstallez les dépendances (make install, ou "
            "pip install lxml_html_clean trafilatura)"
        )
    return None


def _trafilatura_blocks(tree: Any) -> _TextBuilder:
    """The main content as trafilatura sees it (an empty builder if it finds nothing or fails).

    Raises :class:`_UnreadableError` when trafilatura cannot be imported at all.
    """
    problem = html_extractor_problem()
    if problem is not None:
        raise _UnreadableError(problem)
    import trafilatura

    b = _TextBuilder()
    try:
        result: Any = trafilatura.bare_extraction(
            copy.deepcopy(tree),
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            with_metadata=False,
            deduplicate=False,
        )
        body = getattr(result, "body", None)
        if body is not None:
            _walk_extracted(body, b)
    except Exception:  # trafilatura failing on one page is not fatal: the plain reader takes over
        logger.warning("trafilatura n'a pas pu extraire le contenu principal ; lecture simple", exc_info=True)
        return _TextBuilder()
    return b


def _read_html(data: bytes) -> tuple[str, str, tuple[Section, ...]]:
    """Main content of a page: navigation, header, footer, asides, scripts, styles and forms removed.

    The page is first cleaned structurally (:func:`_clean_html_tree`), then trafilatura picks
    the main content. When trafilatura finds nothing, or loses the headings of a short page
    that the plain reader keeps at a similar length, the plain reader's text is used.
    """
    source = _XML_DECL.sub("", _decode_html(data))
    if not source.strip():
        return "", "", ()
    try:
        tree = _lxml("html").document_fromstring(source)
    except Exception as exc:  # lxml raises several types for broken input
        raise _UnreadableError("page HTML illisible : " + _RESAVE_HINT) from exc
    raw_h1 = next((t for t in (_tidy_title(_xml_text(h)) for h in tree.xpath("//h1")) if t), "")
    page_title = next((t for t in (_tidy_title(_xml_text(h)) for h in tree.xpath("//title")) if t), "")

    _clean_html_tree(tree)
    plain = _TextBuilder()
    container = next((found[0] for xp in _HTML_CONTAINERS if (found := tree.xpath(xp))), tree)
    _walk_html(container, plain)
    plain_built = plain.build()
    extracted = _trafilatura_blocks(tree)
    built, b = extracted.build(), extracted
    if not built.text.strip() or (
        not built.headings and plain_built.headings and len(plain_built.text) <= 1.3 * len(built.text)
    ):
        built, b = plain_built, plain

    title = next((label for _, level, label in built.headings if level == 1), "") or raw_h1
    if not title and page_title:
        parts = re.split(r"\s+[|–—]\s+", page_title)  # « Titre | Nom du site »
        title = parts[0] if len(parts) > 1 and len(parts[0]) >= 10 else page_title
    return built.text, title or b.first_heading() or _txt_title(built.text), built.sections


_HTML_CONTAINERS = ("//main", "//article", "//*[@role='main']", "//body")


# --------------------------------------------------------------------------- PDF

_JUNK_TITLES = frozenset(
    {"untitled", "sans titre", "document", "titre", "title", "présentation powerpoint", "diapositive 1", "slide 1"}
)


def _good_meta_title(raw: Any) -> str:
    if not isinstance(raw, str):
        return ""
    title = _tidy_title(raw)
    title = re.sub(r"^(?:microsoft\s+(?:word|powerpoint|excel)\s*-\s*)", "", title, flags=re.IGNORECASE)
    low = title.lower()
    if len(title) < 4 or low in _JUNK_TITLES or sum(c.isalpha() for c in title) < 3:
        return ""
    if re.search(r"\.(?:docx?|odt|pdf|xlsx?|pptx?|rtf|txt|indd|qxd|html?)$", low) or re.fullmatch(r"[\w-]+", title):
        # A file name ("deliberation_2025-12.docx", "CM_2025_03") says less than the first line.
        return ""
    return title


def _read_pdf(data: bytes) -> tuple[str, str, tuple[Section, ...]]:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    corrupt = "PDF illisible ou corrompu : " + _RESAVE_HINT
    try:
        reader = PdfReader(io.BytesIO(data))
    except Exception as exc:  # pypdf raises many types for broken files
        raise _UnreadableError(corrupt) from exc
    try:
        encrypted = reader.is_encrypted
    except Exception as exc:
        raise _UnreadableError(corrupt) from exc
    if encrypted:
        ok: Any
        try:
            ok = reader.decrypt("")
        except DependencyError as exc:
            raise _UnreadableError(
                "PDF chiffré avec un algorithme non pris en charge : enregistrez-en une copie sans protection"
            ) from exc
        except Exception:  # any failure to decrypt means we cannot read it
            ok = 0
        if not ok:
            raise _UnreadableError(
                "PDF chiffré (protégé par un mot de passe) : enregistrez-en une copie sans mot de passe"
            )
    try:
        pages = list(reader.pages)
    except Exception as exc:
        raise _UnreadableError(corrupt) from exc
    if not pages:
        raise _UnreadableError("document vide : le PDF n'a aucune page")

    texts: list[str] = []
    failures = 0
    budget = _BUDGET.get()
    chars = 0
    for number, page in enumerate(pages, 1):
        budget.check(chars)
        try:
            raw = page.extract_text() or ""
        except DependencyError as exc:
            raise _UnreadableError(
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
        raise _UnreadableError(corrupt)
    if not any(texts):
        raise _UnreadableError(
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
        meta_title = _good_meta_title(reader.metadata.title if reader.metadata else None)
    except Exception:  # a broken Info dictionary only loses the title
        meta_title = ""
    return text, meta_title or _txt_title(text), sections


# --------------------------------------------------------------------------- DOCX

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEADING_STYLE = re.compile(r"^(?:heading|titre|title|überschrift|titolo|título)\s*([1-9])$", re.IGNORECASE)
_TITLE_STYLES = frozenset({"title", "titre", "titre du document"})


def _docx_level(paragraph: Any) -> int | None:
    """Heading level of a python-docx paragraph (0 for the Title style), None for body text."""
    direct = paragraph._p.xpath("./w:pPr/w:outlineLvl/@w:val")
    if direct and str(direct[0]).isdigit() and int(direct[0]) < 9:
        return int(direct[0]) + 1
    style = paragraph.style
    depth = 0
    while style is not None and depth < 10:
        name = (style.name or "").strip()
        if name.lower() in _TITLE_STYLES:
            return 0
        m = _HEADING_STYLE.match(name) or _HEADING_STYLE.match(style.style_id or "")
        if m:
            return int(m.group(1))
        lvl = style.element.xpath("./w:pPr/w:outlineLvl/@w:val")
        if lvl and str(lvl[0]).isdigit() and int(lvl[0]) < 9:
            return int(lvl[0]) + 1
        style = style.base_style
        depth += 1
    return None


def _docx_is_list(paragraph: Any) -> bool:
    if paragraph._p.xpath("./w:pPr/w:numPr"):
        return True
    style = paragraph.style
    name = (style.name or "").lower() if style is not None else ""
    return name.startswith(("list", "liste"))


def _docx_table(table: Any) -> list[str]:
    lines: list[str] = []
    try:
        for row in table.rows:
            cells: list[str] = []
            previous = None
            for cell in row.cells:
                if cell._tc is previous:  # a merged cell is returned once per grid column
                    continue
                previous = cell._tc
                text = _one_line(cell.text)
                if text:
                    cells.append(text)
            if cells:
                lines.append(" | ".join(cells))
    except Exception:  # python-docx trips on some malformed tables: keep their text
        logger.debug("tableau irrégulier, lu paragraphe par paragraphe", exc_info=True)
        lines = [
            _one_line("".join(p.xpath(".//w:t/text()")))
            for p in table._tbl.xpath(".//w:p")
            if "".join(p.xpath(".//w:t/text()")).strip()
        ]
    return lines


def _read_docx(data: bytes) -> tuple[str, str, tuple[Section, ...]]:
    if data.startswith(_OLE_MAGIC):
        raise _UnreadableError(
            "document Word protégé par un mot de passe ou au format .doc ancien : "
            "enregistrez-le au format .docx, sans mot de passe"
        )
    import docx

    _check_package(data)
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = list(document.iter_inner_content())
    except Exception as exc:  # python-docx raises many types for broken packages
        raise _UnreadableError("document Word illisible ou corrompu : " + _RESAVE_HINT) from exc
    b = _TextBuilder()
    title = ""
    budget = _BUDGET.get()
    for block in blocks:
        budget.check()
        if hasattr(block, "rows"):
            for line in _docx_table(block):
                b.add(line, group=f"table{id(block)}")
            continue
        text = block.text or ""
        if not text.strip():
            continue
        level = _docx_level(block)
        if level == 0 and not title:
            title = _tidy_title(text)
        if level is not None:
            b.add(text, level=level)
        elif _docx_is_list(block):
            b.add("- " + text.strip(), group="list")
        else:
            b.add(text)
    built = b.build()
    if not title:
        title = b.first_heading()
    if not title:
        try:
            title = _good_meta_title(document.core_properties.title)
        except Exception:  # broken core properties only lose the title
            title = ""
    return built.text, title or _txt_title(built.text), built.sections


# --------------------------------------------------------------------------- ODT

_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_STYLE_NS = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_DRAW_NS = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
_ODF_SKIP = frozenset(
    [
        (_TEXT_NS, n)
        for n in (
            "table-of-content",
            "alphabetical-index",
            "illustration-index",
            "table-index",
            "object-index",
            "user-index",
            "bibliography",
            "tracked-changes",
            "sequence-decls",
            "variable-decls",
            "user-field-decls",
            "dde-connection-decls",
            "note",
            "index-title",
        )
    ]
    + [(_OFFICE_NS, "forms"), (_OFFICE_NS, "annotation"), (_OFFICE_NS, "annotation-end"), (_DRAW_NS, "frame")]
)


def _odf_inline(el: Any) -> str:
    parts: list[str] = []
    for node in el.childNodes:
        if node.nodeType == node.TEXT_NODE:
            parts.append(str(node.data))
        elif node.nodeType == node.ELEMENT_NODE:
            q = node.qname
            if q == (_TEXT_NS, "s"):
                count = node.attributes.get((_TEXT_NS, "c"), "1")
                parts.append(" " * (int(count) if str(count).isdigit() else 1))
            elif q == (_TEXT_NS, "tab"):
                parts.append("\t")
            elif q == (_TEXT_NS, "line-break"):
                parts.append("\n")
            elif q not in _ODF_SKIP:
                parts.append(_odf_inline(node))
    return "".join(parts)


def _odf_title_styles(document: Any) -> set[str]:
    """Names of the paragraph styles that are, or derive from, the "Title" style."""
    titles = {"Title", "Titre"}
    parents: dict[str, str] = {}
    for container in (document.automaticstyles, document.styles):
        for st in container.childNodes:
            if getattr(st, "qname", None) == (_STYLE_NS, "style"):
                name = st.attributes.get((_STYLE_NS, "name"))
                parent = st.attributes.get((_STYLE_NS, "parent-style-name"))
                if name and parent:
                    parents[str(name)] = str(parent)
    for name in list(parents):
        seen = 0
        cur: str | None = name
        while cur is not None and seen < 10:
            if cur in titles:
                titles.add(name)
                break
            cur = parents.get(cur)
            seen += 1
    return titles


def _walk_odf(el: Any, b: _TextBuilder, title_styles: set[str], state: dict[str, str]) -> None:
    budget = _BUDGET.get()
    for node in el.childNodes:
        if node.nodeType != node.ELEMENT_NODE:
            continue
        budget.check()
        q = node.qname
        if q in _ODF_SKIP:
            continue
        if q == (_TEXT_NS, "h"):
            level = node.attributes.get((_TEXT_NS, "outline-level"), "1")
            b.add(_odf_inline(node), level=int(level) if str(level).isdigit() else 1)
        elif q == (_TEXT_NS, "p"):
            text = _odf_inline(node)
            style = str(node.attributes.get((_TEXT_NS, "style-name"), ""))
            if style in title_styles and text.strip():
                if not state.get("title"):
                    state["title"] = _tidy_title(text)
                b.add(text, level=0)
            else:
                b.add(text)
        elif q == (_TEXT_NS, "list"):
            _walk_odf_list(node, b, title_styles, state)
        elif q == (_TABLE_NS, "table"):
            _walk_odf_table(node, b)
        else:
            _walk_odf(node, b, title_styles, state)


def _walk_odf_list(el: Any, b: _TextBuilder, title_styles: set[str], state: dict[str, str]) -> None:
    for item in el.childNodes:
        if getattr(item, "qname", None) not in ((_TEXT_NS, "list-item"), (_TEXT_NS, "list-header")):
            continue
        for node in item.childNodes:
            q = getattr(node, "qname", None)
            if q in ((_TEXT_NS, "p"), (_TEXT_NS, "h")):
                b.add("- " + _odf_inline(node).strip(), group="list")
            elif q == (_TEXT_NS, "list"):
                _walk_odf_list(node, b, title_styles, state)
            elif q is not None and q not in _ODF_SKIP:
                _walk_odf(node, b, title_styles, state)


def _odf_rows(el: Any) -> Iterator[Any]:
    for node in el.childNodes:
        q = getattr(node, "qname", None)
        if q == (_TABLE_NS, "table-row"):
            yield node
        elif q in ((_TABLE_NS, "table-header-rows"), (_TABLE_NS, "table-rows"), (_TABLE_NS, "table-row-group")):
            yield from _odf_rows(node)


def _walk_odf_table(el: Any, b: _TextBuilder) -> None:
    for row in _odf_rows(el):
        cells = []
        for cell in row.childNodes:
            if getattr(cell, "qname", None) != (_TABLE_NS, "table-cell"):
                continue
            text = _one_line(" ".join(_odf_inline(p) for p in cell.childNodes if getattr(p, "qname", None)))
            if text:
                cells.append(text)
        if cells:
            b.add(" | ".join(cells), group=f"table{id(el)}")


def _read_odt(data: bytes) -> tuple[str, str, tuple[Section, ...]]:
    corrupt = "document OpenDocument illisible ou corrompu : " + _RESAVE_HINT
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            manifest = zf.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError, EOFError, ValueError) as exc:
        raise _UnreadableError(corrupt) from exc
    if b"encryption-data" in manifest:
        raise _UnreadableError(
            "document OpenDocument protégé par un mot de passe : enregistrez-en une copie sans mot de passe"
        )
    if "content.xml" not in names:
        raise _UnreadableError(corrupt)
    _check_package(data)
    from odf.opendocument import load

    try:
        document = load(io.BytesIO(data))
        body = document.text
    except Exception as exc:  # odfpy raises many types for broken packages
        raise _UnreadableError(corrupt) from exc
    b = _TextBuilder()
    state: dict[str, str] = {}
    _walk_odf(body, b, _odf_title_styles(document), state)
    built = b.build()
    title = state.get("title") or b.first_heading()
    if not title:
        try:
            from odf import dc

            found = document.meta.getElementsByType(dc.Title)
            title = _good_meta_title(_odf_inline(found[0])) if found else ""
        except Exception:  # broken metadata only loses the title
            title = ""
    return built.text, title or _txt_title(built.text), built.sections


# --------------------------------------------------------------------------- entry points

_READERS: dict[str, Callable[[bytes], tuple[str, str, tuple[Section, ...]]]] = {
    "txt": _read_txt,
    "md": _read_md,
    "html": _read_html,
    "pdf": _read_pdf,
    "docx": _read_docx,
    "odt": _read_odt,
}


def document_id(path: Path, root: Path) -> str:
    """``path`` relative to ``root``, POSIX separators (the path itself if it is not under root)."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError):
        return path.as_posix()


def _megabytes(n: int) -> str:
    value = n / (1024 * 1024)
    text = f"{value:.0f}" if value >= 10 else f"{value:.1f}" if value >= 0.1 else f"{value:.2g}"
    return text.replace(".", ",")


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    gone = "fichier introuvable : il a été supprimé ou déplacé pendant la lecture ; relancez l'ingestion"
    denied = "lecture refusée : vérifiez les droits du fichier"
    too_big = "fichier trop volumineux ({size} Mo > {limit} Mo) : découpez-le ou augmentez COOP_MAX_FILE_MB"
    try:
        st = path.stat()
        if stat.S_ISDIR(st.st_mode):
            raise _UnreadableError("c'est un dossier, pas un fichier")
        if not stat.S_ISREG(st.st_mode):
            raise _UnreadableError("ce n'est pas un fichier ordinaire : copiez le document dans le corpus")
        if st.st_size > max_bytes:
            raise _UnreadableError(too_big.format(size=_megabytes(st.st_size), limit=_megabytes(max_bytes)))
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError as exc:
        raise _UnreadableError(gone) from exc
    except PermissionError as exc:
        raise _UnreadableError(denied) from exc
    except IsADirectoryError as exc:
        raise _UnreadableError("c'est un dossier, pas un fichier") from exc
    except OSError as exc:
        raise _UnreadableError(
            f"lecture impossible ({exc.strerror or exc}) : vérifiez le fichier et le disque"
        ) from exc
    if len(data) > max_bytes:
        raise _UnreadableError(too_big.format(size=_megabytes(len(data)), limit=_megabytes(max_bytes)))
    return data


def read_document(
    path: Path,
    root: Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_text_chars: int = DEFAULT_MAX_TEXT_CHARS,
    max_seconds: float = DEFAULT_MAX_READ_SECONDS,
) -> Document:
    """Read ``path`` (a file under the corpus folder ``root``) into a :class:`Document` with metadata.

    Raises :class:`DocumentError` (path relative to ``root``, French reason) for any file that
    cannot be read: vanished, unreadable, too large, unsupported, corrupt, encrypted, empty,
    scanned without a text layer, binary; a package (DOCX, ODT) that inflates too much; a text of
    more than ``max_text_chars`` characters; a read of more than ``max_seconds`` seconds.
    """
    budget = _Budget(max_text_chars, max_seconds, time.monotonic() + max_seconds)
    token = _BUDGET.set(budget)
    try:
        return _read_document(path, root, max_bytes, budget)
    finally:
        _BUDGET.reset(token)


def _read_document(path: Path, root: Path, max_bytes: int, budget: _Budget) -> Document:
    doc_id = document_id(path, root)
    suffix = path.suffix.lower()
    fmt = FORMATS.get(suffix)
    try:
        if not is_inside(path, root):
            raise _UnreadableError(OUTSIDE_FILE)
        if fmt is None:
            raise _UnreadableError(f"format non pris en charge ({suffix or 'sans extension'}) : {_CONVERT_HINT}")
        data = _read_bytes(path, max_bytes)
        if not data.strip():
            raise _UnreadableError("document vide")
        try:
            text, title, sections = _READERS[fmt](data)
        except (_UnreadableError, DocumentError):
            raise
        except RecursionError as exc:
            raise _UnreadableError("document trop profondément imbriqué pour être lu : " + _RESAVE_HINT) from exc
        except MemoryError as exc:  # never « corrompu »: the file is too big for this machine
            raise _UnreadableError(
                "mémoire insuffisante pour lire ce document : découpez-le ou enregistrez-le à nouveau"
            ) from exc
        except Exception as exc:  # the promise is: only DocumentError for a bad file
            logger.warning("lecture de %s impossible", doc_id, exc_info=True)
            raise _UnreadableError(f"lecture impossible ({type(exc).__name__}) : {_RESAVE_HINT}") from exc
        if not text.strip():
            raise _UnreadableError("document vide")
        budget.check(len(text))
    except _UnreadableError as exc:
        raise DocumentError(doc_id, exc.reason) from exc.__cause__
    title = _tidy_title(title) or prettify_stem(path)
    doc = Document(
        id=doc_id,
        title=title,
        text=text,
        format=fmt,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        sections=sections,
    )
    return replace(doc, metadata=_metadata(doc))


def _metadata(doc: Document) -> DocumentMetadata:
    from .metadata import extract_metadata

    try:
        return extract_metadata(doc.text, doc.title, doc.id)
    except Exception:  # metadata is a bonus: a bug there must not lose the document
        logger.warning("métadonnées de %s non extraites", doc.id, exc_info=True)
        return DocumentMetadata()


_SKIPPED_DIRS = frozenset({"__MACOSX", "__pycache__", "node_modules"})


def _skipped_name(name: str) -> bool:
    return name.startswith((".", "~$", "~")) or name.endswith("~")


#: Reasons given to links of the corpus folder that lead outside it (never read, never served).
_ONLY_CORPUS = "ignoré (seuls les fichiers du dossier sont lus)"
OUTSIDE_FILE = f"lien vers un fichier situé hors du dossier des documents : {_ONLY_CORPUS}"
OUTSIDE_DIR = f"lien vers un dossier situé hors du dossier des documents : {_ONLY_CORPUS}"


def is_inside(path: Path, root: Path) -> bool:
    """Whether ``path``, every symbolic link followed, is inside the folder ``root`` (links followed too)."""
    try:
        return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))
    except (OSError, ValueError):
        return False


def iter_corpus(root: Path, outside: list[tuple[str, str]] | None = None) -> list[Path]:
    """Supported files under ``root``, sorted by their id (relative POSIX path).

    Hidden files and folders, temporary office files (``~$…``, ``.~lock…``), backups (``…~``)
    and unsupported suffixes are left out. Symbolic links to folders are not followed; links
    (to files or folders) that lead outside ``root`` are left out and, when ``outside`` is
    given, appended to it as ``(id, French reason)``.
    """
    if not root.is_dir():
        raise ConfigError(
            f"Le dossier de documents {root} n'existe pas ou n'est pas un dossier : "
            "créez-le ou indiquez-en un autre avec --corpus ou COOP_CORPUS_DIR."
        )
    found: list[Path] = []
    refused = outside if outside is not None else []

    def on_error(exc: OSError) -> None:
        logger.warning("dossier illisible, ignoré : %s (%s)", exc.filename, exc.strerror)

    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error):
        kept: list[str] = []
        for name in sorted(dirnames):
            if name.startswith(".") or name in _SKIPPED_DIRS:
                continue
            path = Path(dirpath) / name
            if path.is_symlink():  # os.walk does not follow it; say why when it leads outside
                if not is_inside(path, root):
                    refused.append((document_id(path, root), OUTSIDE_DIR))
                continue
            kept.append(name)
        dirnames[:] = kept
        for name in filenames:
            if _skipped_name(name) or os.path.splitext(name)[1].lower() not in SUPPORTED_SUFFIXES:
                continue
            path = Path(dirpath) / name
            if not is_inside(path, root):
                refused.append((document_id(path, root), OUTSIDE_FILE))
            elif path.is_file():
                found.append(path)
    refused.sort()
    return sorted(found, key=lambda p: document_id(p, root))
