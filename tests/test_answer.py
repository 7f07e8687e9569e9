"""How quoted sentences are turned into the answer's prose (the citations keep the exact text)."""

from __future__ import annotations

from assistant.answer import _as_prose


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
    assert _as_prose("Oui, sous conditions :") == "Oui, sous conditions :"
