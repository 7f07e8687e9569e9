"""Pure rendering: values (conversation, answers, documents) → *escaped* HTML.

Nothing coming from a document or a user is ever interpreted as markup: every text goes through
:func:`esc`, so no script runs, no image loads and no link points outside. The only markup is the
interface's own (buttons carrying ``data-act`` attributes read by ``static/*.js``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ..answer import NOT_FOUND
from ..loaders.ocr import DEFAULT_MIN_CONFIDENCE, reading_note
from ..types import Answer, Citation, Document, Hit
from .state import Conversation, DocumentInfoLike, Focus, Turn
from .text import (
    APP_NAME,
    corpus_summary,
    country_name,
    esc,
    filters_note,
    format_date,
    format_score,
    format_size,
    location,
    plural,
)

MAX_DOC_CHARS = 300_000  # longer documents are shown around the cited place only
SOURCE_CONTEXT = 240  # characters of the passage kept on each side of a quote in the sources panel
NEAREST_SHOWN = 5  # nearest passages listed when the assistant abstains

#: 👍 / 👎 as inline SVG: they render the same on every machine, with or without an emoji font.
_THUMB_PATHS = {
    "up": "M7 10v12M15 5.9 14 10h5.8a2 2 0 0 1 2 2.3l-1.4 8A2 2 0 0 1 18.4 22H4a2 2 0 0 1-2-2v-8a2 2 0 0 1 2-2h2.8"
    "a2 2 0 0 0 1.8-1.1L12 2a3.1 3.1 0 0 1 3 3.9Z",
    "down": "M17 14V2M9 18.1 10 14H4.2a2 2 0 0 1-2-2.3l1.4-8A2 2 0 0 1 5.6 2H20a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2h-2.8"
    "a2 2 0 0 0-1.8 1.1L12 22a3.1 3.1 0 0 1-3-3.9Z",
}
_THUMBS = {
    k: f'<svg class="coop-icon" aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="16" height="16" '
    f'fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">'
    f'<path d="{d}"/></svg>'
    for k, d in _THUMB_PATHS.items()
}

_CITE_RE = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")


def render_header(documents: Sequence[DocumentInfoLike]) -> str:
    return (
        '<header class="coop-header">'
        f"<h1>{esc(APP_NAME)}</h1>"
        f"<p>Recherche dans vos documents : {esc(corpus_summary(documents))}</p>"
        '<p class="coop-offline">Chaque réponse cite ses sources. Tout reste sur cet ordinateur : '
        "aucune donnée n'est envoyée à l'extérieur.</p>"
        "</header>"
    )


def render_welcome(documents: Sequence[DocumentInfoLike], examples: Sequence[str]) -> str:
    """The onboarding view: how it works, example questions (buttons) and the documents."""
    out = [
        '<section class="coop-welcome" aria-labelledby="coop-welcome-title">',
        '<h2 id="coop-welcome-title">Bienvenue</h2>',
        "<p>Posez une question en français dans le champ « Votre question » ci-dessous. "
        "L'assistant répond uniquement à partir des documents listés ici : chaque phrase de la réponse "
        "se termine par un renvoi comme <strong>[1]</strong>, sur lequel vous pouvez cliquer pour lire "
        "le passage exact dans le document. Vous pouvez ensuite poser des questions de suivi "
        "(« Depuis quand ? »).</p>",
    ]
    if examples:
        out.append('<h3 id="coop-examples-title">Exemples de questions</h3>')
        out.append('<ul class="coop-examples" aria-labelledby="coop-examples-title">')
        for i, q in enumerate(examples):
            out.append(
                f'<li><button type="button" class="coop-example" data-act="example" data-i="{i}">{esc(q)}</button></li>'
            )
        out.append("</ul>")
    out.append(f'<h3 id="coop-docs-title">Documents disponibles ({len(documents)})</h3>')
    if documents:
        out.append(
            '<table class="coop-doclist" aria-labelledby="coop-docs-title"><thead><tr>'
            '<th scope="col">Document</th><th scope="col">Collectivité</th>'
            '<th scope="col">Date</th><th scope="col">Taille</th></tr></thead><tbody>'
        )
        for d in documents:
            out.append(
                "<tr>"
                f'<td><button type="button" class="coop-linklike" data-act="doc" data-doc="{esc(d.id)}" '
                f'title="Ouvrir le document">{esc(d.title)}</button></td>'
                f"<td>{esc(d.metadata.authority or '—')}</td>"
                f'<td class="coop-num">{esc(format_date(d.metadata.date) or "—")}</td>'
                f'<td class="coop-num">{esc(format_size(d.size))}</td>'
                "</tr>"
            )
        out.append("</tbody></table>")
    else:
        out.append(
            "<p>Aucun document n'est indexé. Placez vos fichiers dans le dossier des documents puis "
            "lancez l'indexation (<code>coop ingest</code>).</p>"
        )
    out.append("</section>")
    return "".join(out)


def render_answer_text(answer: Answer, turn: int) -> str:
    """The answer as escaped HTML where every known ``[n]`` is a button opening its source."""
    by_n = {c.n: c for c in answer.citations}
    out: list[str] = []
    pos = 0
    text = answer.text
    short = answer.short_answer
    first_marker = _CITE_RE.search(text)
    bold = text.find(short, 0, first_marker.start() if first_marker else len(text)) if short else -1
    for m in _CITE_RE.finditer(text):
        numbers = [int(x) for x in re.split(r"\s*[,;]\s*", m.group(1))]
        if not all(n in by_n for n in numbers):
            continue
        out.append(_with_bold(text, pos, m.start(), bold, len(short or "")))
        for n in numbers:
            c = by_n[n]
            where = f" — {c.section}" if c.section and c.section != c.title else ""
            out.append(
                f'<button type="button" class="coop-cite" data-act="cite" data-turn="{turn}" data-n="{n}" '
                f'title="Source {n} : {esc(c.title + where)} (ouvrir le passage)">[{n}]</button>'
            )
        pos = m.end()
    out.append(_with_bold(text, pos, len(text), bold, len(short or "")))
    return "".join(out)


def _with_bold(text: str, start: int, end: int, bold: int, length: int) -> str:
    """``text[start:end]`` escaped, with the short answer (at ``bold``) in bold when it lies there."""
    if bold < start or bold + length > end or not length:
        return esc(text[start:end])
    return (
        esc(text[start:bold])
        + f'<strong class="coop-short">{esc(text[bold : bold + length])}</strong>'
        + esc(text[bold + length : end])
    )


def _notfound_advice(turn: Turn) -> str:
    tips = [
        "Reformulez avec les mots des documents : nom de la collectivité, de la ville partenaire, du pays "
        "ou du projet.",
        "Posez une seule question à la fois, courte et précise.",
    ]
    if turn.filters:
        tips.append("Des filtres sont actifs : élargissez-les ou effacez-les, la réponse est peut-être ailleurs.")
    tips.append("L'information n'est peut-être pas dans les documents indexés : l'assistant n'invente rien.")
    items = "".join(f"<li>{esc(t)}</li>" for t in tips)
    return (
        '<div class="coop-notfound">'
        f"<p><strong>{esc(turn.answer.text if turn.answer else NOT_FOUND)}</strong></p>"
        "<p>Les passages les plus proches sont affichés dans le panneau « Sources » : vérifiez-les "
        "vous-même.</p>"
        f"<p>Pour reformuler :</p><ul>{items}</ul></div>"
    )


def render_turn(
    turn: Turn,
    index: int,
    *,
    selected: bool,
    titles: Mapping[str, str] | None = None,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
) -> str:
    """One question with its answer (or its pending / error / not-found state); a quote read by OCR
    under ``min_confidence`` (the setting ``ocr_min_confidence``) is said « peu sûre »."""
    titles = titles or {}
    cls = "coop-turn coop-selected" if selected else "coop-turn"
    out = [
        f'<article class="{cls}" id="coop-turn-{index}" aria-labelledby="coop-q-{index}">',
        f'<h2 class="coop-question" id="coop-q-{index}">{esc(turn.question)}</h2>',
    ]
    if turn.pending:
        out.append('<p class="coop-pending" aria-busy="true">Recherche en cours dans les documents…</p>')
    elif turn.error is not None:
        out.append(f'<p class="coop-error" role="alert">{esc(turn.error)}</p>')
    elif turn.answer is not None:
        answer = turn.answer
        if answer.abstained:
            out.append(_notfound_advice(turn))
        else:
            out.append(f'<p class="coop-answer">{render_answer_text(answer, index)}</p>')
            read = [c for c in answer.citations if c.ocr]  # quotes from scanned pages say so
            if read:
                notes = " ; ".join(f"[{c.n}] {reading_note(c.ocr_confidence, min_confidence)}" for c in read)
                label = "Sources" if len(read) > 1 else "Source"
                out.append(f'<p class="coop-ocr-note" role="note">{label} : {esc(notes)}.</p>')
        out.append(f'<p class="coop-query">Recherche effectuée : « {esc(answer.search_query)} »</p>')
        note = filters_note(turn.filters, titles)
        if note:
            out.append(f'<p class="coop-filters-note">Filtres appliqués — {esc(note)}</p>')
        count = len(answer.citations) if not answer.abstained else min(len(answer.passages), NEAREST_SHOWN)
        what = plural(count, "source") if not answer.abstained else plural(count, "passage proche", "passages proches")
        pressed = "true" if selected else "false"
        out.append('<div class="coop-actions">')
        out.append(
            f'<button type="button" class="coop-btn" data-act="select" data-turn="{index}" '
            f'aria-pressed="{pressed}">Afficher les sources ({esc(what)})</button>'
        )
        out.append(f'<span class="coop-rating" role="group" aria-label="Votre avis sur la réponse {index + 1}">')
        for rating, label in (("up", "Réponse utile"), ("down", "Réponse pas utile")):
            pressed = "true" if turn.rating == rating else "false"
            out.append(
                f'<button type="button" class="coop-btn" data-act="rate" data-turn="{index}" '
                f'data-rating="{rating}" aria-pressed="{pressed}">{_THUMBS[rating]} {label}</button>'
            )
        out.append("</span></div>")
    out.append("</article>")
    return "".join(out)


def render_conversation(
    conv: Conversation,
    welcome: str,
    *,
    scroll_to_last: bool = False,
    titles: Mapping[str, str] | None = None,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
) -> str:
    """The whole conversation, or the welcome view when it is empty."""
    if not conv.turns:
        return welcome
    scroll = f' data-scroll-to="coop-turn-{len(conv.turns) - 1}"' if scroll_to_last else ""
    body = "".join(
        render_turn(t, i, selected=(conv.selected == i), titles=titles, min_confidence=min_confidence)
        for i, t in enumerate(conv.turns)
    )
    return f'<div class="coop-conversation" role="log" aria-label="Conversation"{scroll}>{body}</div>'


def shorten(text: str, start: int, end: int, context: int) -> tuple[int, int]:
    """Bounds of ``text[start:end]`` widened by about ``context`` characters, cut between words."""
    lo, hi = max(0, start - context), min(len(text), end + context)
    if lo > 0:
        space = text.find(" ", lo, start)
        lo = space + 1 if space >= 0 else lo
    if hi < len(text):
        space = text.rfind(" ", end, hi)
        hi = space if space >= 0 else hi
    return lo, hi


def highlight(
    passage: str, passage_start: int, start: int, end: int, quote: str = "", *, context: int | None = None
) -> str:
    """Escaped ``passage`` with the document span ``[start, end)`` wrapped in ``<mark>``.

    With ``context``, only the quote and about that many characters around it are kept (« … »).
    """
    s, e = start - passage_start, end - passage_start
    if not (0 <= s < e <= len(passage)) or (quote and passage[s:e] != quote):
        found = passage.find(quote) if quote else -1
        if found < 0:
            return esc(passage) if context is None else excerpt(passage, 2 * context)
        s, e = found, found + len(quote)
    lo, hi = (0, len(passage)) if context is None else shorten(passage, s, e, context)
    before = ("… " if lo > 0 else "") + passage[lo:s]
    after = passage[e:hi] + (" …" if hi < len(passage) else "")
    return f'{esc(before)}<mark class="coop-quote">{esc(passage[s:e])}</mark>{esc(after)}'


def excerpt(text: str, limit: int) -> str:
    """Escaped beginning of ``text``, about ``limit`` characters, cut between words."""
    if len(text) <= limit:
        return esc(text)
    _, hi = shorten(text, 0, 0, limit)
    return esc(text[:hi].rstrip() + " …")


def passage_for(citation: Citation, hits: Sequence[Hit]) -> tuple[int, str] | None:
    """The retrieved passage a citation quotes, taken from the answer's own passages."""
    best: Hit | None = None
    for h in hits:
        c = h.chunk
        if c.doc_id != citation.source:
            continue
        if c.start == citation.passage_start and c.end == citation.passage_end:
            return c.start, c.text
        if c.start <= citation.start and citation.end <= c.end and best is None:
            best = h
    return (best.chunk.start, best.chunk.text) if best else None


def render_sources(conv: Conversation, min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> str:
    """The sources panel for the selected answer: cited passages, or the nearest ones."""
    if conv.selected is None or not (0 <= conv.selected < len(conv.turns)):
        return (
            '<section class="coop-sources" aria-label="Sources"><p class="coop-placeholder">'
            "Les passages cités par la réponse sélectionnée s'afficheront ici. Cliquez sur un renvoi [1] "
            "ou sur « Afficher les sources » sous une réponse.</p></section>"
        )
    index = conv.selected
    turn = conv.turns[index]
    answer = turn.answer
    if answer is None:
        return (
            '<section class="coop-sources" aria-label="Sources">'
            '<p class="coop-placeholder">Pas de sources.</p></section>'
        )
    out = ['<section class="coop-sources" aria-labelledby="coop-sources-title">']
    if not answer.abstained:
        out.append(f'<h2 id="coop-sources-title">Sources de la réponse {index + 1}</h2>')
        out.append(
            f'<p class="coop-intro">Question : « {esc(turn.question)} ». La phrase citée est surlignée '
            "dans son passage.</p>"
        )
        out.append('<ol class="coop-source-list">')
        for c in answer.citations:
            found = turn.passages.get(c.n)
            if found:
                body = highlight(found[1], found[0], c.start, c.end, c.text, context=SOURCE_CONTEXT)
            else:
                body = f'<mark class="coop-quote">{esc(c.text)}</mark>'
            where = location(c.section, c.title, c.page, c.date)
            meta = " · ".join(x for x in (where, f"pertinence {format_score(c.score)}") if x)
            out.append(
                f'<li class="coop-source" id="coop-src-{index}-{c.n}">'
                f'<h3><span class="coop-num">[{c.n}]</span>{esc(c.title)}</h3>'
                f'<p class="coop-meta">{esc(meta)}</p>{_ocr_note(c.ocr_confidence if c.ocr else None, min_confidence)}'
                + (
                    f'<p class="coop-table-header">Colonnes du tableau : {esc(c.table_header)}</p>'
                    if c.table_header
                    else ""
                )
                + f'<blockquote class="coop-passage-text">{body}</blockquote>'
                f'<button type="button" class="coop-btn" data-act="open" data-turn="{index}" data-kind="cite" '
                f'data-i="{c.n}">Ouvrir le document à cet endroit<span class="coop-sr-only"> (source {c.n})'
                "</span></button></li>"
            )
        out.append("</ol>")
    else:
        out.append(f'<h2 id="coop-sources-title">Passages les plus proches (réponse {index + 1})</h2>')
        out.append(
            f'<p class="coop-intro">Aucun passage ne répond directement à « {esc(turn.question)} ». '
            "Voici les plus proches, du plus au moins pertinent ; ouvrez le document pour lire la suite.</p>"
        )
        if not answer.passages:
            out.append('<p class="coop-placeholder">Aucun passage n\'a été trouvé.</p>')
        out.append('<ol class="coop-source-list">')
        for i, h in enumerate(answer.passages[:NEAREST_SHOWN]):
            ch = h.chunk
            where = location(ch.section, ch.title, ch.page, ch.metadata.date)
            meta = " · ".join(x for x in (where, f"pertinence {format_score(h.score)}") if x)
            out.append(
                f'<li class="coop-source" id="coop-src-{index}-p{i}">'
                f'<h3><span class="coop-num">{i + 1}.</span>{esc(ch.title)}</h3>'
                f'<p class="coop-meta">{esc(meta)}</p>{_ocr_note(ch.ocr, min_confidence)}'
                f'<blockquote class="coop-passage-text">{excerpt(ch.text, 2 * SOURCE_CONTEXT)}</blockquote>'
                f'<button type="button" class="coop-btn" data-act="open" data-turn="{index}" data-kind="passage" '
                f'data-i="{i}">Ouvrir le document à cet endroit<span class="coop-sr-only"> (passage {i + 1})'
                "</span></button></li>"
            )
        out.append("</ol>")
    out.append("</section>")
    return "".join(out)


def _ocr_note(confidence: float | None, min_confidence: float) -> str:
    """« Lecture OCR d'une page scannée (confiance 95 %) » under a quote read from a scan (« peu sûre…
    vérifiez sur l'original » under ``min_confidence``), else ""."""
    note = reading_note(confidence, min_confidence)
    return f'<p class="coop-ocr-note" role="note">{esc(note[:1].upper() + note[1:])}.</p>' if note else ""


EDITED_NOTE = (
    "Ce document a été modifié depuis cette réponse : le passage cité n'y figure plus. "
    "Posez à nouveau la question pour obtenir une réponse à jour."
)


def render_document(
    doc: Document, focus: Focus | None = None, *, nonce: int = 0, notice: str = "", scan: str = ""
) -> str:
    """The whole document as inert text, with the focused passage and quote highlighted.

    ``scan``: the HTML of the scanned page the quote was read from (:func:`assistant.ui.scan.render_scan`),
    shown above the recognised text."""
    text = doc.text
    n = len(text)
    focus = focus or Focus()

    def clip(x: int | None) -> int | None:
        return None if x is None else max(0, min(n, x))

    ps, pe = clip(focus.passage_start), clip(focus.passage_end)
    qs, qe = clip(focus.start), clip(focus.end)
    if ps is None or pe is None or pe <= ps:
        ps = pe = None
    if qs is None or qe is None or qe <= qs:
        qs = qe = None
    if ps is not None and pe is not None and qs is not None and qe is not None:
        ps, pe = min(ps, qs), max(pe, qe)  # the quote always lies inside the highlighted passage
    anchor = qs if qs is not None else ps

    lo, hi = 0, n
    if n > MAX_DOC_CHARS:
        center = anchor or 0
        lo = max(0, center - MAX_DOC_CHARS // 2)
        hi = min(n, lo + MAX_DOC_CHARS)
        lo = max(0, hi - MAX_DOC_CHARS)

    marks: dict[int, list[str]] = {}

    def add(pos: int, tag: str) -> None:
        marks.setdefault(pos, []).append(tag)

    target = ' tabindex="-1" data-target="1"'
    if ps is not None and pe is not None:
        add(
            ps,
            '<span class="coop-passage coop-passage-target"' + target + ">"
            if qs is None
            else '<span class="coop-passage">',
        )
    if qs is not None and qe is not None:
        add(qs, f'<mark class="coop-quote"{target}>')
        add(qe, "</mark>")
    if ps is not None and pe is not None:
        add(pe, "</span>")
    cuts = sorted({lo, hi, *[p for p in marks if lo <= p <= hi]})
    body: list[str] = []
    if lo > 0:
        body.append(f'<span class="coop-truncated">[… début du document non affiché ({lo} caractères) …]</span>\n')
    for a, b in zip(cuts, [*cuts[1:], None], strict=False):
        for tag in _ordered(marks.get(a, [])):
            body.append(tag)
        if b is not None:
            body.append(esc(text[a:b]))
    if hi < n:
        body.append(f'\n<span class="coop-truncated">[… suite du document non affichée ({n - hi} caractères) …]</span>')

    m = doc.metadata
    meta = [doc.format.upper(), format_size(doc.size)]
    if m.date:
        meta.append(format_date(m.date))
    if m.authority:
        meta.append(m.authority)
    if m.countries:
        meta.append(", ".join(country_name(c) for c in m.countries))
    note = f'<p class="coop-doc-target-note" role="note">{esc(notice)}</p>' if notice else ""
    if anchor is not None:
        section = doc.section_at(anchor)
        where = []
        if section and section.heading:
            where.append(f"section « {section.heading} »")
        if section and section.page:
            where.append(f"page {section.page}")
        label = focus.label or "Passage"
        note = (
            f'<p class="coop-doc-target-note"><mark class="coop-quote">{esc(label)}</mark> surligné'
            f"{esc(' — ' + ', '.join(where)) if where else ''}.</p>"
        )
    return (
        f'<article class="coop-docview" aria-labelledby="coop-doc-title" data-open="{nonce}">'
        f'<h2 id="coop-doc-title">{esc(doc.title)}</h2>'
        f'<p class="coop-meta">{esc(" · ".join(meta))}</p>'
        f"{note}{scan}"
        f'<div class="coop-doc-text" role="region" aria-label="Texte du document" tabindex="0">{"".join(body)}</div>'
        "</article>"
    )


def _ordered(tags: list[str]) -> list[str]:
    """Closing tags before opening ones at the same offset, and </mark> before </span>."""
    closing = [t for t in tags if t.startswith("</")]
    closing.sort(key=lambda t: 0 if t == "</mark>" else 1)
    opening = [t for t in tags if not t.startswith("</")]
    opening.sort(key=lambda t: 0 if t.startswith("<span") else 1)
    return closing + opening


DOC_PLACEHOLDER = (
    '<section class="coop-docview" aria-label="Document"><p class="coop-placeholder">Cliquez sur un renvoi [1] '
    "dans une réponse, ou sur « Ouvrir le document à cet endroit » dans les sources, pour lire ici le "
    "document entier à l'endroit cité.</p></section>"
)


def feedback_note(turn: int, rating: str) -> str:
    """The note above the comment box once answer ``turn`` is rated (``rating``: « utile »…)."""
    return (
        f"<p>Merci, votre avis (« {esc(rating)} ») sur la réponse {turn + 1} est enregistré. "
        "Vous pouvez ajouter un commentaire : ce qui manquait, ce qui était faux…</p>"
    )


def status_html(message: str, kind: str = "info") -> str:
    return f'<span class="coop-status-{esc(kind)}">{esc(message)}</span>' if message else ""
