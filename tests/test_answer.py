"""How quoted sentences are turned into the answer's prose (the citations keep the exact text)."""

from __future__ import annotations

from assistant.answer.compose import _as_prose
from assistant.answer.features import _is_label
from assistant.types import Chunk, Sentence


def test_quotes_read_as_prose_in_the_answer() -> None:
    assert (
        _as_prose("- Partage d’expertise à Milan en décembre 2018 ;") == "Partage d’expertise à Milan en décembre 2018."
    )
    assert _as_prose("ð En outre, la Ville a financé un jardin,") == "En outre, la Ville a financé un jardin."
    assert _as_prose("En Arménie : - dispensaire ;\n- centre ;\n- prévention") == (
        "En Arménie : - dispensaire ; - centre ; - prévention."
    )
    assert _as_prose("Les actions suivantes :\n- eau\n- santé") == "Les actions suivantes : - eau ; - santé."
    assert _as_prose("-5 degrés la nuit") == "-5 degrés la nuit."
    assert _as_prose("Actions : ð déchets (bennes), ð santé (mammographe)") == (
        "Actions : – déchets (bennes), – santé (mammographe)"
    )
    assert _as_prose("ð éducation (envoi de matériel pédagogique)") == "Éducation (envoi de matériel pédagogique)"
    assert _as_prose("Oui, sous conditions :") == "Oui, sous conditions :"


def test_short_lines_of_their_own_are_labels() -> None:
    text = (
        "Depuis 2003, Clamart aide Artachat.\nPanorama des projets\nAnnuaire des acteurs\nLe jardin a coûté 4372 euros"
    )
    chunk = Chunk(id="c", doc_id="d.txt", start=100, end=100 + len(text), text=text, title="T")

    def sentence(words: str) -> Sentence:
        start = text.index(words)
        return Sentence(100 + start, 100 + start + len(words), words)

    assert _is_label(chunk, sentence("Panorama des projets"))
    assert _is_label(chunk, sentence("Annuaire des acteurs"))
    assert not _is_label(chunk, sentence("Depuis 2003, Clamart aide Artachat."))  # a sentence
    assert not _is_label(chunk, sentence("Le jardin a coûté 4372 euros"))  # six words
    assert not _is_label(chunk, sentence("des projets"))  # not the whole line
