"""Example questions for a newcomer, built from what the corpus is about (its metadata).

Four kinds of questions, interleaved so that the first few are varied: the actions of an
authority with a place, who funds the projects of the most cited places, the projects of the
most common themes, the cooperation axes of the most present authorities. Only questions the
documents do answer are offered (the assistant is asked each of them once).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

from .catalog import DocumentInfo
from .types import Answer

_MASCULINE = ("département", "conseil", "syndicat", "territoire", "pays")


def example_questions(documents: Sequence[DocumentInfo], ask: Callable[[str], Answer], limit: int) -> list[str]:
    """At most ``limit`` questions about ``documents`` (in the order given) that ``ask`` answers."""
    return [q for q in candidate_questions(documents)[:limit] if not ask(q).abstained]


def candidate_questions(documents: Sequence[DocumentInfo]) -> list[str]:
    """Every question the metadata of ``documents`` suggests, the kinds interleaved."""
    actions: list[str] = []
    for d in documents:
        m = d.metadata
        if m.authority and m.places:
            subject, pronoun = _with_article(m.authority)
            actions.append(f"Quelles actions {subject} mène-t-{pronoun} avec {m.places[0]} ?")
    places = Counter(p for d in documents for p in d.metadata.places)
    funding = [f"Qui finance les projets menés à {place} ?" for place, _ in places.most_common(3)]
    themes = Counter(t for d in documents for t in d.metadata.themes)
    topics = [f"Quels projets concernent le thème « {theme} » ?" for theme, _ in themes.most_common(2)]
    authorities = Counter(d.metadata.authority for d in documents if d.metadata.authority)
    axes = []
    for auth, _ in authorities.most_common(2):
        subject, _pronoun = _with_article(auth)
        of = "du " + subject[3:] if subject.startswith("le ") else "de " + subject
        axes.append(f"Quels sont les axes de coopération {of} ?")
    # Interleave the kinds of questions (round robin) so that the first few are varied.
    kinds = [actions, funding, topics, axes]
    seen: dict[str, None] = {}
    for i in range(max((len(k) for k in kinds), default=0)):
        for kind in kinds:
            if i < len(kind):
                seen.setdefault(kind[i], None)
    return list(seen)


def _with_article(name: str) -> tuple[str, str]:
    """« Ville de Clamart » → (« la Ville de Clamart », « elle »); « Département du Var » → (« le … », « il »)."""
    bare = re.sub(r"^(?:la |le |les |l['’])", "", name.strip(), flags=re.IGNORECASE)
    first = bare.split()[0].lower() if bare.split() else ""
    masculine = first in _MASCULINE
    if first[:1] in "aeiouyéèêh":
        return f"l'{bare}", "il" if masculine else "elle"
    return (f"le {bare}", "il") if masculine else (f"la {bare}", "elle")
