"""Plain text and Markdown: decoding, title (« Objet : … » or first line), sections from headings.

Plain text: UTF-8 with or without BOM, UTF-16 with BOM, Windows-1252/Latin-1 (then a guess);
sections come from heading-like lines (conservative). Markdown is rendered as readable text: no
``#``, emphasis markers or link targets; its headings make the sections.
"""

from __future__ import annotations

import bisect
import codecs
import itertools
import logging
import re
from collections.abc import Iterator

from ..types import Section
from .budget import CONVERT_HINT, UnreadableError
from .builder import (
    MAX_TITLE_CHARS,
    Reading,
    heading_label,
    normalize_text,
    one_line,
    sections_from_headings,
    tidy_title,
)

logger = logging.getLogger(__name__)

# --------------------------------------------------------------------------- plain text

UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def decode_text(data: bytes) -> str:
    """Decode the bytes of a text file: BOMs, then strict UTF-8, then Windows-1252, then a guess.

    Raises :class:`UnreadableError` for a binary file (NUL bytes or many control characters).
    """
    text = _decode_text(data)
    sample = text[:10_000]
    odd = sum(1 for c in sample if c == "\ufffd" or (c < " " and c not in "\t\n\r\x0c\x1b"))
    if sample and odd / len(sample) > 0.05:
        raise UnreadableError(_BINARY)
    return text


def _decode_text(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith(UTF16_BOMS):
        return data.decode("utf-16", errors="replace")
    check_not_binary(data)
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


_BINARY = "fichier binaire, pas du texte : vérifiez son extension ou " + CONVERT_HINT


def check_not_binary(data: bytes) -> None:
    sample = data[:8192]
    if b"\x00" in sample:
        raise UnreadableError(_BINARY)
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    if sample and controls / len(sample) > 0.05:
        raise UnreadableError(_BINARY)


BULLET = re.compile(r"^\s*(?:[-–—•·▪◦‣*+➢➤►→✓✔❖■□]|\d{1,3}\)|[a-z]\))\s")
TERMINAL = '.!?:;»"”'
METADATA_LINE = re.compile(
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
    if BULLET.match(line) or METADATA_LINE.match(s):
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
    if BULLET.match(line):
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
            if not blank_before and prev[-1] not in TERMINAL and not _heading_like(prev):
                continue
        if rank + 1 >= len(nonblank):
            continue
        k = nonblank[rank + 1]
        nxt = lines[k][1]
        blank_after = k > i + 1
        colon = line.rstrip().endswith(":")
        if nxt.strip()[:1].islower() and not (colon or blank_after or BULLET.match(nxt)):
            continue  # a line wrapped in the middle of a sentence
        followed = _body_like(nxt)
        if not followed and _heading_like(nxt) and nxt.rstrip().endswith(":") and rank + 2 < len(nonblank):
            followed = _body_like(lines[nonblank[rank + 2]][1])  # a heading, then a sub-heading
        if followed:
            heads.append((offset + len(line) - len(line.lstrip()), 2 if colon else 1, heading_label(line)))
    return sections_from_headings(text, heads)


_OBJET = re.compile(r"^(?:Objet|OBJET)\s*:\s*(\S.{4,})$")
#: The heading of an act (« Délibération n° 2025-412 du 19 mai 2025 ») whose next line says what it is about
#: (« relative à la phase 2 du programme… », « portant approbation… »): the two lines are its title.
_ACT = re.compile(
    r"^(?:D[ée]lib[ée]ration|DÉLIBÉRATION|DELIBERATION|Arr[êe]t[ée]|ARRÊTÉ|D[ée]cision|DÉCISION)\b.{0,80}$"
)
_ACT_SUBJECT = re.compile(r"^(?:relative?s?|portant|approuvant|concernant|autorisant|attribuant|sur)\s+\S")


def txt_title(text: str) -> str:
    """The « Objet : … » of an administrative document, else the first non-empty line (joined with
    the lines that continue it in lower case), if short; stamps (« Reçu en préfecture le… ») skipped."""
    lines = [line.strip() for line in text.split("\n")]
    for line in [x for x in lines[:200] if x][:40]:
        m = _OBJET.match(line)
        if m:
            return tidy_title(m.group(1))
    nonempty = [x for x in lines[:200] if x][:40]
    for line, nxt in itertools.pairwise(nonempty):
        if _ACT.match(line) and _ACT_SUBJECT.match(nxt):
            return tidy_title(f"{line} {nxt}")
    i = 0
    while i < len(lines) and (not lines[i] or METADATA_LINE.match(lines[i]) or sum(c.isalpha() for c in lines[i]) < 2):
        i += 1
    if i >= len(lines):
        return ""
    title = lines[i]
    i += 1
    while (
        i < len(lines)
        and lines[i][:1].islower()
        and title[-1] not in TERMINAL
        and len(title) + len(lines[i]) < MAX_TITLE_CHARS
        and not BULLET.match(lines[i])
    ):
        title += " " + lines[i]
        i += 1
    title = one_line(title)
    return title if len(title) <= MAX_TITLE_CHARS else ""


def read_txt(data: bytes) -> Reading:
    text = normalize_text(decode_text(data))
    return Reading(text, txt_title(text), _txt_sections(text))


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


def read_markdown(data: bytes) -> Reading:
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
            heads.append((length, head_level, heading_label(text_line)))
        parts.append(text_line)
        length += len(text_line)
        blank = head_level is not None  # a heading is followed by a blank line
    text = "".join(parts)
    title = tidy_title(fm_title)
    if not title and heads:
        top = min(h[1] for h in heads)
        title = next(h[2] for h in heads if h[1] == top)
    return Reading(text, title or txt_title(text), sections_from_headings(text, heads))
