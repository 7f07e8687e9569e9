"""What the interface writes: the Markdown export of a conversation and the feedback file.

Both are private to the user running the app: folders 0700, files 0600. The Markdown shows
document text literally (no HTML, link or image can come from a document).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import threading
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..loaders.ocr import DEFAULT_MIN_CONFIDENCE, reading_note
from ..settings import Settings
from .state import Conversation, Turn
from .text import APP_NAME, filters_note, format_score, location

MAX_COMMENT_CHARS = 2000  # a feedback comment
MAX_FEEDBACK_PER_ANSWER = 4  # lines of the feedback file about one answer (ratings and comments)
MAX_FEEDBACK_PER_SESSION = 40  # lines of the feedback file from one browser session

#: Characters that could make document text markup in a Markdown viewer: HTML (``<``, ``>``, ``&``),
#: links and images (``[``, ``]``: no ``[x](javascript:…)``, no ``![](http://…)``), code spans, escapes.
_MD_SPECIAL = re.compile(r"([\\`<>&\[\]])")


def _md(text: str) -> str:
    """Document (or user) text as Markdown that any viewer shows as this very text: no HTML, link or image."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_line(text: str) -> str:
    """:func:`_md` on one line (headings, titles, notes): line breaks become spaces."""
    return _md(" ".join(text.split()))


def _md_code(text: str) -> str:
    """``text`` as a Markdown code span (shown literally), whatever backticks it holds: a longer fence."""
    text = " ".join(text.split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if longest else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _md_quote(text: str) -> str:
    return "\n".join("> " + _md(line) if line.strip() else ">" for line in text.strip().splitlines())


def conversation_markdown(
    conv: Conversation,
    *,
    titles: Mapping[str, str] | None = None,
    now: datetime | None = None,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
) -> str:
    """The conversation as a Markdown document, each answer followed by its sources (an OCR quote
    under ``min_confidence``, the setting ``ocr_min_confidence``, is said « peu sûre »)."""
    titles = titles or {}
    stamp = (now or datetime.now()).strftime("%d/%m/%Y à %H:%M")
    out = [f"# Conversation avec {APP_NAME}", "", f"Exportée le {stamp}.", ""]
    number = 0
    for turn in conv.turns:
        if turn.pending:
            continue
        number += 1
        out += [f"## {number}. {_md_line(turn.question)}", ""]
        if turn.error is not None:
            out += [f"*Erreur : {_md_line(turn.error)}*", ""]
            continue
        answer = turn.answer
        if answer is None:
            continue
        out += [_md(answer.text), "", f"*Recherche effectuée : {_md_line(answer.search_query)}*", ""]
        note = filters_note(turn.filters, titles)
        if note:
            out += [f"*Filtres appliqués — {_md_line(note)}*", ""]
        if not answer.abstained and answer.citations:
            out += ["### Sources", ""]
            for c in answer.citations:
                out += _md_item(c.n, c.title, location(c.section, c.title, c.page, c.date), c.source, c.score, c.text)
                if c.table_header:  # a table row reads with its columns
                    # (as a code span: « * » and « _ » of the header are shown, not read as emphasis)
                    out += [f"*Colonnes du tableau :* {_md_code(c.table_header)}", ""]
                if c.ocr:  # a quote read from a scanned page: to check against the original
                    out += [f"*{_md_line(reading_note(c.ocr_confidence, min_confidence))}*", ""]
        elif answer.abstained and answer.passages:
            out += ["### Passages les plus proches", ""]
            for i, h in enumerate(answer.passages[:5], 1):
                ch = h.chunk
                out += _md_item(i, ch.title, location(ch.section, ch.title, ch.page, None), ch.doc_id, h.score, ch.text)
                if ch.ocr is not None:  # a passage read from a scanned page says so too
                    out += [f"*{_md_line(reading_note(ch.ocr, min_confidence))}*", ""]
    if number == 0:
        out += ["(Conversation vide.)", ""]
    return "\n".join(out).rstrip() + "\n"


def _md_item(n: int, title: str, where: str, doc_id: str, score: float, quote: str) -> list[str]:
    """« n. **title** — where (`id`, pertinence …) » then the quote: a source or a nearest passage."""
    head = f"{n}. **{_md_line(title)}**" + (f" — {_md_line(where)}" if where else "")
    return [head + f" ({_md_code(doc_id)}, pertinence {format_score(score)})", "", _md_quote(quote), ""]


def feedback_record(turn: Turn, rating: str, comment: str = "", *, now: datetime | None = None) -> dict[str, Any]:
    """One line of the feedback file."""
    answer = turn.answer
    return {
        "timestamp": (now or datetime.now(UTC)).isoformat(timespec="seconds"),
        "answer_id": turn.id,
        "question": turn.question,
        "search_query": answer.search_query if answer else "",
        "answer": answer.text if answer else "",
        "abstained": answer.abstained if answer else None,
        "citations": [c.as_dict() for c in answer.citations] if answer else [],
        "filters": turn.filters,
        "rating": rating,
        "comment": comment.strip(),
    }


def feedback_refusal(conv: Conversation, turn: Turn) -> str | None:
    """Why one more line of feedback about ``turn`` is refused (French), or ``None``."""
    if turn.feedback_lines >= MAX_FEEDBACK_PER_ANSWER:
        return "Votre avis sur cette réponse est déjà enregistré : merci !"
    if conv.feedback_lines >= MAX_FEEDBACK_PER_SESSION:
        return f"Vous avez déjà donné {MAX_FEEDBACK_PER_SESSION} avis pendant cette session : merci !"
    return None


def comment_refusal(comment: str) -> str | None:
    """Why a feedback comment is refused (French), or ``None``."""
    if not (comment or "").strip():
        return "Le commentaire est vide : écrivez-le ou fermez."
    if len(comment) > MAX_COMMENT_CHARS:
        return (
            f"Le commentaire est trop long ({len(comment)} caractères, maximum {MAX_COMMENT_CHARS}) : raccourcissez-le."
        )
    return None


def private_folder(path: Path, *, tighten: bool = True) -> Path:
    """``path`` as a folder of the app: created readable by this user only (0700).

    An existing folder is set to 0700 too when ``tighten`` (folders the app owns), left as is
    otherwise (a folder the user chose, which may hold other things).
    """
    existed = path.is_dir()
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if tighten or not existed:
        with contextlib.suppress(OSError):
            path.chmod(0o700)
    return path


def write_private(path: Path, text: str, *, append: bool = False) -> None:
    """Write (or append) ``text`` to ``path``, a file readable and writable by this user only (0600)."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if append else os.O_TRUNC)
    fd = os.open(path, flags, 0o600)
    with os.fdopen(fd, "a" if append else "w", encoding="utf-8") as fh:
        with contextlib.suppress(OSError):  # a file left 0644 by an earlier version is tightened
            os.fchmod(fh.fileno(), 0o600)
        fh.write(text)


_feedback_lock = threading.Lock()


def append_feedback(path: Path, record: Mapping[str, Any]) -> None:
    """Append one JSON line to the feedback file (0600), creating its folder (0700)."""
    private_folder(path.parent, tighten=False)
    line = json.dumps(record, ensure_ascii=False) + "\n"
    with _feedback_lock:
        write_private(path, line, append=True)


def interface_folder(settings: Settings) -> Path:
    """The folder of the interface's files (Gradio's copies, exports), readable by this user only.

    Gradio keeps the files it serves in ``GRADIO_TEMP_DIR`` (by default a folder of the shared
    temporary directory, readable by every user): unless the user chose one, it becomes
    ``<cache>/interface`` (0700), set once per process, before any Blocks reads it.
    """
    own = Path(settings.cache_dir).expanduser().resolve() / "interface"
    if not os.environ.get("GRADIO_TEMP_DIR"):
        os.environ["GRADIO_TEMP_DIR"] = str(own)
    root = Path(os.environ["GRADIO_TEMP_DIR"])
    return private_folder(root, tighten=root == own)
