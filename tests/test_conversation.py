"""Follow-up questions become self-contained queries."""

from assistant.conversation import is_follow_up, rewrite


def test_pronoun_follow_up_takes_the_subject_of_the_previous_turn() -> None:
    q = rewrite("Qui la finance ?", ["Parle-moi de la coopération entre La Rochelle et Kendari."])
    assert q.startswith("Qui la finance ?")
    assert "La Rochelle et Kendari" in q


def test_elliptic_follow_up() -> None:
    assert "Clamart" in rewrite("Depuis quand ?", ["Quelle ville arménienne est jumelée avec Clamart ?"])


def test_demonstrative_follow_up() -> None:
    q = rewrite(
        "Depuis quelle année cette coopération existe-t-elle ?", ["Quels projets La Rochelle mène-t-elle au Mexique ?"]
    )
    assert "Mexique" in q


def test_chain_of_follow_ups_keeps_the_first_subject() -> None:
    q = rewrite("Et qui la finance ?", ["Quels projets La Rochelle mène-t-elle au Mexique ?", "Depuis quand ?"])
    assert "Mexique" in q and "Depuis quand" not in q


def test_self_contained_question_is_left_alone() -> None:
    previous = ["Quels projets La Rochelle mène-t-elle au Mexique ?"]
    q = "Quelle ville indonésienne coopère avec La Rochelle ?"
    assert rewrite(q, previous) == q
    assert rewrite(q, []) == q


def test_dev_set_single_questions_are_not_follow_ups() -> None:
    for q in [
        "Avec quelle ville arménienne Clamart est-elle jumelée ?",
        "Quand le serment de jumelage entre Clamart et Artachat a-t-il été signé ?",
        "Qu'est-ce que l'EcoQuartier Mirador ?",
        "Que signifie le sigle AFCCRE ?",
    ]:
        assert not is_follow_up(q), q
