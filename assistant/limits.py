"""Size limits of what a user sends: the same numbers and French messages for the interface, the API
and the command line.

One anonymous request must not hold the single answering worker for long (the follow-up rewriting
of :mod:`assistant.conversation` costs more than linear time on long inputs), nor fill the memory
of a session. The filters have their own limits beside their table (:data:`assistant.types.FILTERS`).
"""

from __future__ import annotations

from collections.abc import Sequence

from .errors import QueryError

#: A question (checked by the assistant itself as well, with :func:`check_question`).
MAX_QUESTION_CHARS = 2000
#: Previous questions taken into account for a follow-up; each as long as a question at most.
MAX_HISTORY_ITEMS = 20
MAX_HISTORY_ITEM_CHARS = MAX_QUESTION_CHARS
#: Questions of one conversation in the interface (then « Nouvelle conversation »).
MAX_SESSION_TURNS = 100
#: ``history`` or ``filters`` given to the API as a JSON string: refused unread beyond this.
MAX_JSON_CHARS = 300_000


def question_refusal(question: str) -> str | None:
    """Why ``question`` is refused (French), or ``None``; the text is only measured, never scanned."""
    if len(question) > MAX_QUESTION_CHARS:
        return (
            f"La question est trop longue ({len(question)} caractères, maximum {MAX_QUESTION_CHARS}) : "
            "raccourcissez-la."
        )
    if not question.strip():
        return "La question est vide : écrivez une question en français."
    return None


def check_question(question: str) -> str:
    """``question`` stripped, or :class:`QueryError` with the French reason."""
    refusal = question_refusal(question)
    if refusal is not None:
        raise QueryError(refusal)
    return question.strip()


def check_history(history: Sequence[str]) -> list[str]:
    """Previous questions within the limits, or :class:`QueryError` saying which limit is passed."""
    if len(history) > MAX_HISTORY_ITEMS:
        raise QueryError(
            f"L'historique compte {len(history)} questions ; {MAX_HISTORY_ITEMS} au plus sont acceptées "
            "(gardez les plus récentes)."
        )
    for i, item in enumerate(history, 1):
        if len(item) > MAX_HISTORY_ITEM_CHARS:
            raise QueryError(
                f"La question n° {i} de l'historique est trop longue ({len(item)} caractères, "
                f"maximum {MAX_HISTORY_ITEM_CHARS})."
            )
    return list(history)


def check_json_text(name: str, text: str) -> None:
    """Refuse a JSON argument too long to be read at all."""
    if len(text) > MAX_JSON_CHARS:
        raise QueryError(f"« {name} » est trop long ({len(text)} caractères, maximum {MAX_JSON_CHARS}).")
