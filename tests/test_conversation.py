"""Follow-up questions become self-contained queries."""

from assistant.conversation import _relabel, is_follow_up, rewrite
from assistant.question import analyse


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


def test_et_ellipsis_asks_the_previous_question_about_something_else() -> None:
    mexico = ["Quels projets La Rochelle mène-t-elle au Mexique ?"]
    # the phrase with the same preposition is replaced (à / au / aux / en are one slot)
    assert rewrite("Et au Japon ?", mexico) == "Quels projets La Rochelle mène-t-elle au Japon ?"
    assert rewrite("Et en Tunisie ?", mexico) == "Quels projets La Rochelle mène-t-elle en Tunisie ?"
    assert (
        rewrite("Et à Goris ?", ["Quelles actions de santé à Artachat pour les enfants ?"])
        == "Quelles actions de santé à Goris pour les enfants ?"
    )
    assert rewrite("Et avec Kishiwada ?", ["Sur quels sujets La Rochelle échange-t-elle avec Kendari ?"]) == (
        "Sur quels sujets La Rochelle échange-t-elle avec Kishiwada ?"
    )
    assert rewrite("Et d'Aix ?", ["Parle-moi du jumelage de Clamart."]) == "Parle-moi du jumelage d'Aix."
    # no such phrase: the new one is added, and an earlier context is kept
    assert rewrite(
        "Et pour l'éducation ?", ["Parle-moi du jumelage de Clamart.", "Quels montants ont été financés ?"]
    ) == ("Quels montants ont été financés pour l'éducation ? (jumelage de Clamart)")
    assert rewrite("Et en 2020 ?", ["Quels projets Clamart a-t-elle financés ?"]) == (
        "Quels projets Clamart a-t-elle financés en 2020 ?"
    )
    # « Et » followed by anything else keeps the ordinary follow-up rules
    assert rewrite("Et le budget ?", mexico) == "Et le budget ? (projets La Rochelle mène-t-elle au Mexique)"
    assert rewrite("Et au Japon ?", []) == "Et au Japon ?"
    long = "Et en Tunisie, quels projets culturels le département finance-t-il avec les musées ?"
    assert rewrite(long, mexico) == long  # a question of its own, not an ellipsis


def test_the_context_of_a_follow_up_is_the_subject_not_the_earlier_verb() -> None:
    # « Quand a été signée la convention… ? » then « Elle dure combien de temps ? »: the duration of
    # the convention is asked, not of a signature
    assert (
        rewrite("Elle dure combien de temps ?", ["Quand a été signée la convention entre le Tarn et Takeo ?"])
        == "Elle dure combien de temps ? (la convention entre le Tarn et Takeo)"
    )
    assert rewrite("Qui l'a financé ?", ["Combien a coûté le jardin de Clamart ?"]) == "Qui l'a financé ? (le jardin de Clamart)"


def test_a_question_verb_is_left_in_the_context_unless_a_subject_follows_it() -> None:
    # « est responsable du projet… »: « responsable » is no participle before a subject
    assert "responsable du projet de Kendari" in rewrite("Depuis quand ?", ["Qui est responsable du projet de Kendari ?"])


def test_a_follow_up_that_asks_something_new_is_not_an_ellipsis() -> None:
    """« Et au final, combien… ? » asks a new attribute of the same subject: the subject joins as context
    (it was read as an ellipsis « au final… » replacing nothing, and the query mixed both questions)."""
    q = rewrite("Et au final, combien d'habitants en bénéficient ?", ["C'est quoi le programme Eau Propre de Ségou ?"])
    assert q == "Et au final, combien d'habitants en bénéficient ? (le programme Eau Propre de Ségou)"
    q = rewrite("Et depuis quand ?", ["Avec quels territoires la Région Occitanie coopère ?"])
    assert q == "Et depuis quand ? (territoires la Région Occitanie coopère)"  # no « Avec quels » in the context
    # « Et » opens a follow-up that names nothing of its own
    q = rewrite("Et concrètement, quelles actions sont prévues ?", ["Combien la Métropole verse-t-elle à Abomey ?"])
    assert q.endswith("(la Métropole verse-t-elle à Abomey)")


def test_et_celles_de_replaces_the_name_only() -> None:
    q = rewrite("Et celles de Kpimé et de Tomégbé ?", ["Quand l'USP d'Agou-Nyogbo a-t-elle rouvert ?"])
    assert q == "Quand l'USP de Kpimé et de Tomégbé a-t-elle rouvert ?"
    q = rewrite("Et pour l'hôpital de Kaya ?", ["Quelle subvention le Puy-de-Dôme accorde à Tiznit pour 2024 ?"])
    assert q == "Quelle subvention le Puy-de-Dôme accorde à Tiznit pour l'hôpital de Kaya ?"


def test_pointing_back_with_y_la_bas_or_english_pronouns() -> None:
    previous = ["Dans quels quartiers de Bafoussam la pré-collecte fonctionne-t-elle ?"]
    assert "Bafoussam" in rewrite("Et combien la Métropole de Rouen y consacre chaque année ?", previous)
    assert rewrite("Combien y a-t-il de projets à Artachat ?", ["Parle-moi de Clamart"]) == (
        "Combien y a-t-il de projets à Artachat ?"  # « il y a » points at nothing
    )
    # « la Région » names nothing of its own: « y » refers to the previous turn's partner
    q = rewrite("Quel budget annuel la Région y consacre ?", ["Depuis quand la Région Bretagne coopère avec Huế ?"])
    assert q.endswith("(la Région Bretagne coopère avec Huế)")
    q = rewrite("Who led the October 2024 mission over there?", ["Depuis quand Villeurbanne et Sousse sont jumelées ?"])
    assert q.endswith("(Villeurbanne et Sousse sont jumelées)")
    assert is_follow_up("When was it signed?") and not is_follow_up("When was the Rennes convention signed?")


def test_a_chain_keeps_the_subject_of_each_turn() -> None:
    """« Qui la préside ? » after « Quelle association est chargée de le mettre en œuvre ? » (itself a
    follow-up: « le » before an infinitive) asks about the association of the programme."""
    turns = ["En quoi consiste le programme Rizières vivantes ?", "Quelle association est chargée de le mettre en œuvre ?"]
    assert rewrite(turns[1], turns[:1]) == f"{turns[1]} (le programme Rizières vivantes)"
    assert rewrite("Qui la préside ?", turns) == (
        "Qui la préside ? (association est chargée de le mettre en œuvre, le programme Rizières vivantes)"
    )
    long_turn = "Quelle association est chargée de le mettre en œuvre " + "vraiment " * 200 + "?"
    context = rewrite("Qui la préside ?", [turns[0], long_turn]).split(" (", 1)[1]
    assert len(context.split()) <= 30  # bounded, the most recent subject first


def test_a_place_replaces_a_place_and_a_year_a_year() -> None:
    previous = ["Quelle subvention Strasbourg donne a la commune de Dschang en 2025 ?"]  # « a » typed without accent
    q = rewrite("Et à l'association Strasbourg-Dschang Échanges ?", previous)  # a hyphenated name is one name
    assert q.startswith("Quelle subvention Strasbourg donne à l'association Strasbourg-Dschang Échanges")
    assert q.endswith("en 2025 ?")  # « en 2025 » is a time, not the place replaced
    assert rewrite("Et en 2023 ?", ["Combien Rennes a donné à Ségou en 2024 ?"]) == "Combien Rennes a donné à Ségou en 2023 ?"
    assert rewrite("Et au Japon ?", ["Quels projets La Rochelle a menés au Mexique en 2024 ?"]) == (
        "Quels projets La Rochelle a menés au Japon en 2024 ?"
    )


def test_the_verb_a_is_not_the_place_slot() -> None:
    """« a » typed for « à » is the place slot before an article or a name, never the verb « a donné »."""
    assert rewrite("Et à Kaya ?", ["Combien Rennes a donné à Ségou en 2024 ?"]) == "Combien Rennes a donné à Kaya en 2024 ?"
    assert rewrite("Et à Kaya ?", ["Combien Rennes a versé en 2024 ?"]) == "Combien Rennes a versé en 2024 à Kaya ?"


def test_a_phase_replaces_the_phase_and_a_year_the_year_whatever_their_preposition() -> None:
    """« Et pour la phase 2 ? » after a question about the phase 1 asks the same of the phase 2 (not
    « …pour la phase 2 pendant la phase 1 »); « Et pour 2025 ? » replaces the year the question named."""
    q = rewrite("Et pour la phase 2 ?", ["Combien le SEHL donne par an pour Djougou pendant la phase 1 ?"])
    assert q == "Combien le SEHL donne par an pour Djougou pendant la phase 2 ?"
    q = rewrite("Et pour 2025 ?", ["Quelle subvention le Puy-de-Dôme accorde à Tiznit en 2024 ?"])
    assert q == "Quelle subvention le Puy-de-Dôme accorde à Tiznit en 2025 ?"
    q = rewrite("Et la tranche III ?", ["Quand la tranche II du programme a-t-elle été versée ?"])
    assert q == "Quand la tranche III du programme a-t-elle été versée ?"
    # no phase or year to replace: the phrase takes its preposition's slot as before
    q = rewrite("Et pour l'hôpital de Kaya ?", ["Quelle subvention le Puy-de-Dôme accorde à Tiznit pour 2024 ?"])
    assert q == "Quelle subvention le Puy-de-Dôme accorde à Tiznit pour l'hôpital de Kaya ?"
    # hostile input (linear: 20,000 blanks take milliseconds; it was quadratic, 2,000 took 1.75 s)
    assert _relabel("Et pour la phase " + "2 " * 3000 + "?", "Combien pendant la phase 1 ?") is None
    assert _relabel("Et" + " " * 20000 + "?x", "Combien pendant la phase 1 ?") is None
    # one end of a period, a year in a name, two years: not replaced by the year of « Et en 2025 ? »
    assert "2024-2026" in rewrite("Et en 2025 ?", ["Quel budget pour la convention 2024-2026 ?"])
    assert rewrite("Et en 2025 ?", ["Que prévoit l'Agenda 2030 en 2024 ?"]) == "Que prévoit l'Agenda 2030 en 2025 ?"
    assert "phase 1" in rewrite("Et a\u0300 la phase 2 ?", ["Combien pendant la phase 1 ?"])  # decomposed accent


def test_a_numbered_part_that_names_no_owner_is_the_part_of_the_conversation_subject() -> None:
    history = ["c'est quoi le programme Karakol Propre"]
    assert (
        rewrite("la phase 2 a ete votee quand", history) == "la phase 2 a ete votee quand (le programme Karakol Propre)"
    )
    assert rewrite("quel budget pour la deuxième tranche ?", history).endswith("(le programme Karakol Propre)")
    # a part whose owner is named is a question of its own
    assert (
        rewrite("combien de puits en phase 1 de bassam propre", history)
        == "combien de puits en phase 1 de bassam propre"
    )
    assert rewrite("la phase 2 a ete votee quand") == "la phase 2 a ete votee quand"  # no conversation
    # an agreement told by its rank is one of the conversation subject's agreements
    ranked = "la deuxième convention a été signée quand"
    assert rewrite(ranked, ["c'est quoi le programme Cacao de Paria"]) == f"{ranked} (le programme Cacao de Paria)"
    owned = "la deuxième convention de Bermúdez a été signée quand"
    assert rewrite(owned, ["c'est quoi le programme Cacao de Paria"]) == owned


def test_a_follow_up_on_the_one_of_another_year_replaces_the_year() -> None:
    """« Et dans celle de 2024 ? » after « …dans la convention de 2020 ? » asks the same of the 2024 one."""
    asked = rewrite("Et dans celle de 2024 ?", ["combien le Calvados verse par an à Buada dans la convention de 2020 ?"])
    assert asked == "combien le Calvados verse par an à Buada dans la convention de 2024 ?"


def test_a_bare_role_after_a_who_question_asks_who_again() -> None:
    # « Et son adjointe ? » after a question asking a person asks who holds that role
    asked = rewrite("et son adjointe ?", ["c'est qui le kryetar de Gjirokastër ?"])
    assert asked.startswith("et son adjointe c'est qui ?")
    assert analyse(asked).wants_person
    assert rewrite("Et son premier adjoint ?", ["Qui est le maire de Kaya ?"]).startswith("Et son premier adjoint c'est qui ?")
    # a noun with a type of its own, or after a question that asked no person, is left as typed
    assert rewrite("Et sa population ?", ["Qui est le maire de Kaya ?"]).startswith("Et sa population ? (")
    assert rewrite("et le budget ?", ["Qui est le maire de Kaya ?"]).startswith("et le budget ? (")
    assert rewrite("Et son adjointe ?", ["Quel est le budget du projet de Kaya ?"]).startswith("Et son adjointe ? (")
    # nor a noun that is no role (« Et son âge ? », « Et son mandat ? »)
    for noun in ("âge", "mandat"):
        assert "c'est qui" not in rewrite(f"Et son {noun} ?", ["Qui est le maire de Kaya ?"])


def test_a_role_followed_by_its_complement_after_a_who_question_asks_who_again() -> None:
    """« et le secrétaire municipal ? », « et le directeur du service ? »: the role is the ellipsis's first noun, not its
    last word; « et le budget du service ? » asks no person."""
    from assistant.conversation import _ROLE_ELLIPSIS_HEAD

    head = _ROLE_ELLIPSIS_HEAD.match("et leurs adjoints ?")
    assert head is not None and head.group(1) == "adjoints"  # (not « urs »: « le » then « urs »)
    for asked in ("et le secretaire municipal ?", "et le directeur du service ?", "Et sa première adjointe ?"):
        rewritten = rewrite(asked, ["Qui est le maire de Podor ?"])
        assert "c'est qui" in rewritten, rewritten
        assert analyse(rewritten.split(" (")[0]).wants_person, rewritten
    assert "c'est qui" not in rewrite("et le budget du service ?", ["Qui est le maire de Podor ?"])
