"""Question analysis and typed spans: what a question asks for, where the answer sits in a sentence."""

from __future__ import annotations

import pytest

from assistant import spans
from assistant.question import AnswerType, analyse, asks_several_facts
from assistant.spans import SpanKind


@pytest.mark.parametrize(
    ("question", "qtype", "is_list"),
    [
        ("Quand le serment de jumelage a-t-il été signé ?", AnswerType.DATE, False),
        ("Jusqu'à quelle date peut-on déposer un dossier ?", AnswerType.DATE, False),
        ("Combien de personnes ont participé aux Assises ?", AnswerType.NUMBER, False),
        ("Combien de projets l'Isère a-t-elle financés en 2024 ?", AnswerType.NUMBER, False),  # a count
        ("Combien Clamart a-t-elle dépensé pour le jardin ?", AnswerType.AMOUNT, False),
        ("Quel est le budget de la coopération avec Artachat ?", AnswerType.AMOUNT, False),
        # « participation », « contribution financière » are sums in a deliberation
        ("Quelle participation le Département de l'Ardèche accorde à Hoa Binh pour 2025 ?", AnswerType.AMOUNT, False),
        ("Quelle est la contribution financière de la Ville au programme ?", AnswerType.AMOUNT, False),
        ("Qui finance le projet de Kendari ?", AnswerType.NAME, True),  # a financing plan has several funders
        ("Et qui d'autre a participé ?", AnswerType.NAME, True),
        ("Et qui le finance ?", AnswerType.NAME, True),  # the object pronoun does not make it one funder
        ("Qui a cofinancé le jardin ?", AnswerType.NAME, True),
        ("Quelle est l'agence qui finance le projet ?", AnswerType.NAME, False),  # one name, asked as such
        ("Avec quelle ville arménienne Clamart est-elle jumelée ?", AnswerType.NAME, False),
        ("Où se sont déroulées les Assises ?", AnswerType.NAME, False),
        ("Avec quelles villes Rennes est-elle jumelée ?", AnswerType.NAME, True),
        ("Quels sont les axes prioritaires du partenariat ?", AnswerType.OTHER, True),
        ("Qu'est-ce que la coopération décentralisée ?", AnswerType.DEFINITION, False),
        ("Que signifie le sigle AFCCRE ?", AnswerType.DEFINITION, False),
        ("Qu'est-ce que le Département a financé à Goris ?", AnswerType.OTHER, False),  # a fact, not a definition
        ("When was the agreement between Besançon and Douroula renewed?", AnswerType.DATE, False),
        ("How many students received grants in 2024?", AnswerType.NUMBER, False),
        ("Which cities are partners of Rennes?", AnswerType.NAME, True),
        ("Et elle dure combien de temps ?", AnswerType.DURATION, False),
        ("Pour quelle durée la convention est-elle conclue ?", AnswerType.DURATION, False),
        ("Depuis combien de temps Rennes et Sfax coopèrent-elles ?", AnswerType.DATE, False),  # since when
        # an attribute tells the type of an open question: a number, an amount, a name
        ("Quelle est la population de Podor ?", AnswerType.NUMBER, False),
        ("Qui est le maire de Kaya ?", AnswerType.NAME, False),
        # a value asked « à combien » (« évalué », « valorisé ») is an amount, a count of things evaluated is not
        ("À combien était évalué l'apport en nature de Bermúdez ?", AnswerType.AMOUNT, False),
        ("combien vaut la contribution en nature", AnswerType.AMOUNT, False),
        ("Combien de projets ont été évalués ?", AnswerType.NUMBER, False),
    ],
)
def test_expected_answer_type_and_list(question: str, qtype: AnswerType, is_list: bool) -> None:
    analysis = analyse(question)
    assert (analysis.type, analysis.is_list) == (qtype, is_list)


def test_attribute_subject_language_and_follow_up_context() -> None:
    assert analyse("Quelle est la population de Kendari ?").attribute == "population"
    assert analyse("Qui est le maire d'Artachat ?").attribute == "maire"
    assert analyse("Comment s'appelle le maire de Ziguinchor ?").attribute == "maire"
    assert analyse("Avec quelle ville Clamart est-elle jumelée ?").attribute is None
    assert analyse("Que signifie le sigle AFCCRE ?").subject == "afccre"
    # the term, not where it is used; a question about what was done stays a fact question
    assert analyse("C'est quoi le GTM dans la convention Toulouse Curitiba ?").subject == "gtm"
    assert analyse("Que signifie le sigle USP au Togo ?").subject == "usp"
    assert analyse("Qu'est-ce que le Département a financé à Goris ?").type is AnswerType.OTHER
    english = analyse("Who funds the water project in Kendari?")
    assert english.language == "en" and "eau" in english.french_terms
    assert analyse("Qui finance le projet de Kendari ?").language == "fr"
    # « La Rochelle » is a name, not a French article: the question is still English
    assert analyse("Which Japanese city does La Rochelle work with?").language == "en"
    assert analyse("Avec quelle ville La Rochelle coopère-t-elle au Japon ?").language == "fr"
    # a follow-up's context in parentheses does not change what is asked
    assert analyse("Depuis quand ? (ville arménienne jumelée avec Clamart)").type is AnswerType.DATE


def test_typed_spans_and_what_is_new_to_the_question() -> None:
    text = "Le serment a été signé le 31 mai 2003 ; l'association loi 1901, créée en 1988, a reçu 4 372 euros."
    assert [s.text for s in spans.find(text, SpanKind.DATE)] == ["31 mai 2003", "1988"]  # not « loi 1901 »
    assert [s.text for s in spans.find(text, SpanKind.AMOUNT)] == ["4 372 euros"]
    # a partner's own currency, and « millions de » before it
    local = "estimée à 6 millions de soms par an, et au moins 150 000 bolivianos ou 90 000 quetzales"
    assert [s.text for s in spans.find(local, SpanKind.AMOUNT)] == ["6 millions de soms", "150 000 bolivianos", "90 000 quetzales"]
    # currencies no word list names: a code in capitals (« 180 000 TMT »), « F CFP », any « francs »; not an
    # acronym that counts people, nor a code typed in lower case
    coded = "accordé 8 500 000 F CFP, puis 180 000 TMT et 3 000 francs Djibouti ; 15 ACV formés ; 12 mad"
    assert [s.text for s in spans.find(coded, SpanKind.AMOUNT)] == ["8 500 000 F CFP", "180 000 TMT", "3 000 francs"]
    assert "1988" not in [s.text for s in spans.find(text, SpanKind.NUMBER)]  # a year is not a count
    names = spans.find("La Ville d'Aix-en-Provence est jumelée avec Masis grâce à l'AFD.", SpanKind.NAME)
    new = [s.text for s in spans.novel(names, "avec quelle commune aix-en-provence est-elle jumelee ?")]
    assert new == ["Masis", "AFD"]


def test_counts_are_not_dates_durations_or_amounts() -> None:
    text = "Les assises des 23 et 24 octobre 2023 ont réuni 350 participants pendant 2 ans pour 4372 euros."
    numbers = spans.find(text, SpanKind.NUMBER)
    assert "23" not in [n.text for n in numbers]  # the day of a date is not a count
    counted = [n.text for n in numbers if spans.counts(text, n, "personnes")]
    assert counted == ["350"]  # « 2 ans » is a duration, « 4372 euros » an amount
    words = "avec deux collectivités"
    (deux,) = spans.find(words, SpanKind.NUMBER)
    assert not spans.counts(words, deux, "stagiaires") and spans.counts(words, deux, "collectivites")


def test_a_number_in_several_words_is_one_span() -> None:
    """« plus de trois cents élèves » is the count, not « cents élèves » (review: the short answer lost « trois »)."""
    text = "L'inauguration a réuni trois cents élèves, deux mille visiteurs et vingt-cinq agents."
    numbers = spans.find(text, SpanKind.NUMBER)
    assert [s.text for s in numbers] == ["trois cents", "deux mille", "vingt-cinq"]
    assert spans.counts(text, numbers[0], "eleves")


def test_a_number_counts_the_noun_it_is_written_with() -> None:
    """« Les dossiers sont notés sur 100 points » counts no dossiers; in « 146 éleveurs …, dont 61 femmes »
    only 146 counts éleveurs; « Ils sont dix » counts its subject; « 1 % énergie » counts nothing."""

    def counted(text: str, noun: str) -> list[str]:
        return [n.text for n in spans.find(text, SpanKind.NUMBER) if spans.counts(text, n, noun)]

    assert counted("Les dossiers sont notés sur 100 points : qualité du partenariat (30 points).", "dossiers") == []
    assert counted("Depuis 2022, 146 éleveurs ont été formés, dont 61 femmes.", "eleveurs") == ["146"]
    assert counted("La coopérative regroupe 240 familles de producteurs.", "producteurs") == ["240"]
    assert counted("Le programme a formé 146 personnes.", "eleveurs") == ["146"]  # the noun is not named
    assert counted("Ils sont dix, dont trois femmes, et assurent l'entretien.", "electriciens") == ["dix"]
    assert counted("Il permet de consacrer jusqu'à 1 % énergie des recettes.", "electriciens") == []
    # a number with no noun written beside it, or a generic count, may be the count asked
    assert counted("Les éleveurs formés sont 146, dont 61 femmes.", "eleveurs") == ["146"]
    assert counted("Nombre d'éleveurs formés : 146 (dont 61 femmes)", "eleveurs") == ["146"]
    assert counted("La formation des éleveurs a touché 146 personnes.", "eleveurs") == ["146"]
    assert counted("Les électriciens recrutés ? Ils sont dix", "electriciens") == ["dix"]
    hostile = "dossiers " + "100 points " * 20_000
    found = counted(hostile, "dossiers")  # each number looks at a bounded window around it: linear
    # « 100 points » counts points wherever it stands (its own noun is read in a bounded window after it)
    assert found == []


def test_a_giving_verb_in_any_tense_asks_an_amount() -> None:
    """« Combien la Ville versait-elle… ? », « Combien va-t-elle donner… ? » ask an amount, not a count."""
    assert analyse("Combien la Municipalidad de Cobán versait-elle chaque année ?").type is AnswerType.AMOUNT
    assert analyse("Combien la CUA va-t-elle donner à Gitega en 2027 ?").type is AnswerType.AMOUNT
    assert analyse("Combien de projets ont été financés ?").type is AnswerType.NUMBER
    assert analyse("Combien d'élèves donnent leur avis ?").type is AnswerType.NUMBER
    assert analyse("Combien les partenaires apportent-ils de bénévoles ?").type is AnswerType.NUMBER


def test_a_verb_of_asking_for_money_asks_an_amount() -> None:
    """« Combien la Ville a-t-elle demandé au ministère ? » asks the sum requested; a count stays a count."""
    assert analyse("Combien la Ville de Saint-Malo a-t-elle demandé au ministère ?").type is AnswerType.AMOUNT
    assert analyse("Combien le Syndicat a-t-il sollicité auprès de la Région ?").type is AnswerType.AMOUNT
    assert analyse("Combien de projets ont été demandés ?").type is AnswerType.NUMBER
    assert analyse("Combien de bénévoles la Ville a-t-elle demandé ?").type is AnswerType.NUMBER
    # a verb of receiving money too (« Et combien a-t-elle obtenu ? »), not a count of who received something
    assert analyse("Et combien a-t-elle obtenu de la Région ?").type is AnswerType.AMOUNT
    assert analyse("Combien de familles ont reçu un kit ?").type is AnswerType.NUMBER
    # what is counted after a compound tense (« a-t-elle reçu de visiteurs ») is counted, not paid
    for question in ("Combien la Ville a-t-elle reçu de visiteurs ?", "Combien le lycée a-t-il reçu d'élèves ?",
                     "Combien la Ville a-t-elle demandé de volontaires ?"):  # fmt: skip
        assert analyse(question).type is AnswerType.NUMBER, question


def test_span_patterns_stay_linear_on_hostile_text() -> None:
    hostile = "Abc " * 25_000 + "1 " * 25_000 + "du 1 au " * 5_000
    (run,) = spans.find(hostile, SpanKind.NAME)  # one run of capitalised words, found in one pass
    assert run.start == 0 and run.text.endswith("Abc")
    assert spans.find(hostile, SpanKind.AMOUNT) == []


def test_durations_and_legal_references() -> None:
    text = "Vu l'article L. 1115-1 et l'article 3, la convention est conclue pour une durée de cinq ans (2023-2026)."
    assert [s.text for s in spans.find(text, SpanKind.DURATION)] == ["cinq ans", "2023-2026"]
    # « 1115 » and « 3 » name articles, not counts
    assert [s.text for s in spans.find(text, SpanKind.NUMBER)] == ["cinq"]
    assert "18 mois" in [s.text for s in spans.find("Le projet dure 18 mois.", SpanKind.DURATION)]
    # a long run of digits and dashes stays linear
    assert spans.find("2023-" * 20_000, SpanKind.DURATION)


@pytest.mark.parametrize(
    ("question", "relation"),
    [
        ("Jusqu'à quand peut-on déposer un dossier ?", "deadline"),
        ("Depuis quand Clamart et Artachat sont-elles jumelées ?", "start"),
        ("Quel est le montant maximum d'une subvention ?", "ceiling"),
        ("What is the maximum grant per project?", "ceiling"),
        ("Quel apport minimum est demandé au porteur ?", "floor"),
        ("Elle dure combien de temps ?", "duration"),  # « …conclue pour une durée de cinq ans »
        ("How long does the agreement last?", "duration"),
        ("Depuis combien de temps Rennes coopère-t-elle avec Ségou ?", "start"),
        ("How long have Rennes and Sibiu been twinned?", "start"),
        ("Qui coopère avec le Cap-Vert ?", None),
        # the verb before « quand », as typed in a search box, or inverted
        ("la convention tulle kindia de 2023 se termine quand", "deadline"),
        ("Quand l'accord avec Kindia se termine-t-il ?", "deadline"),
        ("le programme prend fin quand ?", "deadline"),
        ("quand la convention se termine ?", "deadline"),
        ("La convention se termine-t-elle par une clause de résiliation ?", None),
        ("la convention a été signée quand ?", None),
    ],
)
def test_the_relation_the_answer_must_state(question: str, relation: str | None) -> None:
    assert analyse(question).time_relation == relation


def test_the_name_of_an_attribute_is_the_attribute() -> None:
    # « le nom du maire » asks the mayor, whom the documents must name as such
    assert analyse("Quel est le nom du maire d'Artachat ?").attribute == "maire"
    assert analyse("Qui est le maire d'Artachat ?").attribute == "maire"


@pytest.mark.parametrize(
    ("question", "noun"),
    [
        ("Quels sont les partenaires de la coopération de l'Isère au Liban ?", "partenaires"),
        ("Qui sont les partenaires de Chambéry ?", "partenaires"),  # a list too
        ("Quelles autres actions sont prévues en 2025 ?", "actions"),
        ("Citez les axes de la coopération.", "axes"),
        ("Which projects does the Region fund?", "projets"),  # through the glossary
        ("Quels sont-ils ?", None),  # an inverted verb, not a noun
        ("Qui finance le programme ?", None),  # a list of funders, no noun asked
        # keywords typed in place of the question, opening on a plural noun of what lists give
        ("domaines de coopération de la convention 2020 tulle kindia", "domaines"),
        ("les axes de la convention 2023", "axes"),
        ("axes d'intervention de la convention 2023", "axes"),
    ],
)
def test_the_noun_a_list_question_asks_for(question: str, noun: str | None) -> None:
    analysis = analyse(question)
    assert analysis.is_list and analysis.list_noun == noun


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("3. Réserver un plafond majoré pour les projets associatifs.", []),  # an item's number
        ("Objectifs :\n1) Lancer la consultation ;\n- 2. Recruter 4 animateurs.", ["4"]),
        ("La phase 2 compte 12 puits et la tranche 3 : 40 forages.", ["12", "40"]),  # « phase 2 » labels
        ("Tél. : 05 00 00 00 00, soit 0,5 % du budget.", ["0,5 %"]),  # a telephone number counts nothing
        ("Article 2 : 3 projets ont été financés.", ["3"]),
        ("Hôtel de Ville, 13616 Aix-en-Provence Cedex 1. Budget : 35000 euros.", ["35000"]),  # a postcode
    ],
)
def test_numbers_that_label_are_not_counts(text: str, numbers: list[str]) -> None:
    assert [n.text for n in spans.find(text, SpanKind.NUMBER)] == numbers


def test_hours_are_not_counts() -> None:
    text = "Permanence tous les mardis de 14 h à 17 h pour 6 projets."
    assert [n.text for n in spans.find(text, SpanKind.NUMBER) if spans.counts(text, n, "projets")] == ["6"]


def test_a_number_word_after_a_determiner_points_back_and_counts_nothing() -> None:
    """« les deux villes jumelles » names the pair already named: it does not answer « Combien de villes… ? »."""
    text = "Les maires des deux villes ont signé ; les deux villes jumelles échangent depuis 2003."
    found = [n for n in spans.find(text, SpanKind.NUMBER) if spans.counts(text, n, "villes")]
    assert [n.text for n in found] == ["deux"]  # « des deux villes » counts, « les deux villes » does not
    assert found[0].start == text.index("deux")


@pytest.mark.parametrize(
    ("question", "noun"),
    [
        ("qui faisait partie de la delegation de la Gironde a Kindia ?", "delegation"),
        ("Qui fait partie du comité de pilotage ?", "comite"),
        ("Qui peut répondre à l'appel à projets FRISI ?", None),
        ("Qui la délégation a-t-elle rencontré à Ouagadougou ?", "rencontre"),  # the people met (see _MET)
        ("Qu'est-ce qu'il y avait dans le convoi de novembre ?", None),
    ],
)
def test_questions_about_the_members_of_a_group_are_list_questions(question: str, noun: str | None) -> None:
    a = analyse(question)
    assert a.is_list and a.list_noun == noun


def test_keywords_that_open_on_a_singular_or_an_amount_are_no_list() -> None:
    assert not analyse("budget de la phase 2").is_list
    # a question that asks yes or no, or a headline with a colon, is no list of keywords
    assert not analyse("les objectifs de la convention sont-ils atteints ?").is_list
    assert not analyse("Actions de la Région : qui les finance ?").is_list
    assert not analyse("domaine de compétence du Département").is_list
    assert not analyse("axe principal de la convention").is_list


def test_a_single_person_question_is_no_list() -> None:
    assert not analyse("Qui est le maire de Kaya ?").is_list
    assert not analyse("Qui a signé la convention ?").is_list


def test_keywords_with_definition_or_signification_ask_a_definition() -> None:
    """« miellerie définition », « définition de la coopération décentralisée », « signification du sigle FICOL »
    ask definitions; « Quelle est la date de définition du budget ? » does not."""
    for question, subject in (
        ("miellerie définition", "miellerie"),
        ("sang-dragon definition", "sang-dragon"),
        ("définition de la coopération décentralisée", "cooperation decentralisee"),
        ("signification du sigle FICOL", "ficol"),
    ):
        found = analyse(question)
        assert (found.type, found.subject) == (AnswerType.DEFINITION, subject), question
    assert analyse("Quelle est la date de définition du budget ?").type is not AnswerType.DEFINITION


def test_a_definition_subject_drops_a_topic_before_a_colon_and_a_second_question() -> None:
    """« Moteurs de recherche : le « cache », c'est quoi ? » asks about the cache; « Le livret (LSUN) : c'est
    quoi ? Peut-on s'y opposer ? » has no one subject to define."""
    assert analyse("Moteurs de recherche : le \"cache\", c'est quoi ?").subject == "cache"
    assert analyse("Sanctions : le pouvoir d'injonction de la CNIL, c'est quoi ?").subject == "pouvoir d'injonction de la cnil"
    assert analyse("Le livret scolaire unique (LSUN) : c'est quoi ? Peut-on s'y opposer ?").subject is None


def test_an_english_what_is_that_asks_an_amount_a_date_or_a_list_is_no_definition() -> None:
    """« What is the maximum grant…? » asks an amount, « What is the deadline…? » a date, « What are the partner
    cities…? » and « Which French cities…? » a list; « What is a ferme-auberge? » and « What are
    fermes-auberges? » ask definitions."""
    assert analyse("What is the maximum grant per project in the 2025 Podor call for projects?").type is AnswerType.AMOUNT
    assert analyse("What is the deadline of the call?").type is AnswerType.DATE
    cities = analyse("What are the partner cities of Perpignan?")
    assert cities.type is not AnswerType.DEFINITION and cities.is_list
    armenian = analyse("Which French cities are partners of Armenian cities?")
    assert armenian.is_list and armenian.list_noun == "villes"
    assert not analyse("Which year was the convention signed?").is_list
    assert analyse("What is the Kendari cooperation about?").type is not AnswerType.DEFINITION
    assert analyse("What is a ferme-auberge?").type is AnswerType.DEFINITION
    assert analyse("What are fermes-auberges?").type is AnswerType.DEFINITION


def test_a_vice_president_is_an_attribute_of_its_own_and_an_english_attribute_is_no_definition() -> None:
    """« Qui est le vice-président… ? » asks a vice-president (not the president); « What is the population
    of Kaya? » asks a number, as « Quelle est la population de Kaya ? » does."""
    for q in ("Qui est le vice-président chargé des mobilités ?", "Who is the vice-president in charge of mobility?"):
        a = analyse(q)
        assert (a.type, a.attribute) == (AnswerType.NAME, "vice-president"), q
    assert (analyse("What is the population of Kaya?").type, analyse("What is the FICOL?").type) == (
        AnswerType.NUMBER,
        AnswerType.DEFINITION,
    )


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("ça veut dire quoi Mikoko ?", "mikoko"),
        ("Mikoko, ça veut dire quoi ?", "mikoko"),
        ("Mikoko ça veut dire quoi", "mikoko"),
        ("le FICOL c'est quoi ?", "ficol"),
        ("c quoi le FICOL ?", "ficol"),
        ("DFCI signifie quoi ?", "dfci"),
        ("Le Conseil de quartier désigne quoi ?", "conseil de quartier"),
        ("Qu'est-ce que signifie DFCI ?", "dfci"),
        # typed as it sounds
        ("c koi un foggara", "foggara"),
        ("c est quoi une noria ?", "noria"),
        ("la noria c koi", "noria"),
        ("kesako le FICOL", "ficol"),
    ],
)
def test_a_definition_asked_the_way_people_type_it(question: str, subject: str) -> None:
    """Spoken forms, subject first or last, are definition questions about the same subject."""
    analysis = analyse(question)
    assert analysis.type is AnswerType.DEFINITION and analysis.subject == subject


def test_a_question_ending_in_quoi_without_a_subject_is_no_definition_and_stays_linear() -> None:
    assert analyse("c'est quoi ?").type is not AnswerType.DEFINITION
    assert analyse("Qu'est-ce que le Département a financé à Goris ?").type is not AnswerType.DEFINITION
    assert analyse("a" + " " * 1990 + "c'est quoi ?").type is not AnswerType.DEFINITION  # 2,000 characters
    # blanks after the cue then a line break: the pattern once tried every split of them (≈ 2 s for 600 blanks)
    assert analyse("c quoi" + " " * 1990 + "x\ny").subject == "x y"  # read on one-spaced text, at once
    assert analyse("Ça veut dire quoi ?").type is not AnswerType.DEFINITION  # a follow-up names no subject
    assert analyse("Cela signifie quoi ?").type is not AnswerType.DEFINITION
    assert analyse("DFCI signifie quoi exactement ?").subject == "dfci"


def test_what_is_planned_asks_for_things_not_for_a_person() -> None:
    """« Qu'est-ce qui est prévu dans la phase 2 ? » holds « qui » but asks what is planned: a list of things."""
    planned = analyse("Qu'est-ce qui est prévu dans la phase 2 de la coopération avec Fomboni ?")
    assert planned.type is not AnswerType.NAME and planned.is_list
    assert analyse("Que prévoit la phase 2 ?").is_list
    assert analyse("Qui est prévu pour conduire la mission ?").type is AnswerType.NAME


def test_keywords_are_read_as_the_question_they_stand_for() -> None:
    """« capacité du séchoir solaire ? » asks « quelle est la capacité… ? »; names alone, words that ask
    already, a headline, or keywords that would ask for a list are left as they are."""
    cases = {
        "capacité du séchoir solaire de la coopérative ?": (AnswerType.NUMBER, False),
        "budget de la coopération avec Goris": (AnswerType.AMOUNT, False),
        "date limite de dépôt des dossiers": (AnswerType.DATE, False),
        "le plafond de subvention ?": (AnswerType.AMOUNT, False),
        "maire de Gyumri": (AnswerType.NAME, False),
        "partenaires de Tours": (AnswerType.OTHER, False),  # a list is not read into keywords (headlines)
        "Alertes professionnelles : le référentiel adopté par la CNIL.": (AnswerType.OTHER, False),
        "Maladies à déclaration obligatoire : l'anonymat est-il garanti ?": (AnswerType.OTHER, False),
        "Clamart Artachat": (AnswerType.OTHER, False),  # names only
        "jumelage Clamart Artachat": (AnswerType.OTHER, False),  # asks no attribute
        "pour Goris ?": (AnswerType.OTHER, False),  # a preposition: an ellipsis, not keywords
        "prix du repas à la cantine": (AnswerType.AMOUNT, False),  # a price, and « prix » is no plural: no list
        "fonds de solidarité de la Région": (AnswerType.OTHER, False),
    }
    for question, (kind, is_list) in cases.items():
        a = analyse(question)
        assert (a.type, a.is_list) == (kind, is_list), question
        assert a.text == question  # the question itself is what is searched and quoted
    assert analyse("date limite de dépôt des dossiers").time_relation == "deadline"
    english = analyse("budget of the cooperation with Goris")
    assert english.language == "en" and "budget" in english.french_terms  # English keywords stay English
    assert analyse("capacité " + "du séchoir " * 5000).type is AnswerType.OTHER  # too long to be keywords


def test_a_definition_cue_that_ends_with_an_apostrophe_runs_into_the_next_word() -> None:
    """« Qu'est-ce qu'un aryk ? » asks for a definition of « aryk », as « Qu'est-ce que le FICOL ? » does; « qu'est ce
    qu'il y avait dans… » still asks for something else."""
    from assistant.question import AnswerType, analyse

    a = analyse("Qu'est-ce qu'un aryk ?")
    assert a.type is AnswerType.DEFINITION and a.subject == "aryk"
    assert analyse("qu'est ce qu'une khettara").subject == "khettara"
    assert analyse("Qu'est ce qu'il y avait dans le convoi de novembre 2023 ?").type is not AnswerType.DEFINITION


@pytest.mark.parametrize(
    ("question", "wants_place"),
    [
        ("Avec quelles villes Clamart est-elle jumelée ?", True),
        ("Quelles sont les villes partenaires de Clamart ?", True),  # « sont les » between the cue and the noun
        ("Quels sont les autres pays partenaires de la Région ?", True),
        ("Which towns is Rennes twinned with?", True),
        ("Quels sont les objectifs de la coopération avec Artachat ?", False),
        ("Quelles sont les missions du comité de jumelage ?", False),
    ],
)
def test_a_question_about_places_is_read_even_when_it_says_quelles_sont_les(question: str, wants_place: bool) -> None:
    assert analyse(question).wants_place is wants_place


def test_a_name_whose_words_a_no_break_space_joins_is_one_name() -> None:
    """Word processors join a first name and a surname with a no-break space: still a name, after a title."""
    text = "Représentant : M. Alexis\u00a0CAVAREC (Chargé de mission)"
    assert spans.find(text, SpanKind.NAME)[0].text.split() == ["Alexis", "CAVAREC"]


def test_a_capitalised_word_before_a_spaced_a_is_not_part_of_the_name_after_it() -> None:
    """« Fait à Rennes, le 18 novembre 2022 »: the name is Rennes (the sentence's first word « Fait » joined
    to it by « à » made « Fait à Rennes », which no place question could take for Rennes); names spelled with
    hyphens keep their « à » (« Pont-à-Mousson »)."""
    assert [s.text for s in spans.find("Fait à Rennes, le 18 novembre 2022.", SpanKind.NAME)] == ["Rennes"]
    found = spans.find("La Ville de Pont-à-Mousson coopère avec Saint-Louis du Sénégal.", SpanKind.NAME)
    assert any(s.text.endswith("Pont-à-Mousson") for s in found)


def test_keywords_that_open_on_a_sum_ask_an_amount() -> None:
    """« enveloppe appel a projets recifs partages 2026 » asks an amount; « budget … » the budget itself."""
    assert analyse("enveloppe appel a projets recifs partages 2026").type is AnswerType.AMOUNT
    budget = analyse("budget phase 1 cantines du nil ?")
    assert budget.type is AnswerType.AMOUNT and budget.attribute == "budget"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("erasmus+ montant 2022 cooperation ille-et-vilaine namur", AnswerType.AMOUNT),
        ("depenses cooperation tarn-et-garonne jinotega 2023", AnswerType.AMOUNT),
        ("accord de cooperation montelimar telavi date de fin", AnswerType.DATE),
        ("expo hiapo musee de valence date d'ouverture", AnswerType.DATE),
        ("financeurs phase 2 hafirs de kassala", AnswerType.OTHER),  # no sum, no date: a list of funders
        ("What was the total construction cost of the Fomboni water tower?", AnswerType.AMOUNT),
        ("What was the 2024 budget of the Kaédi programme?", AnswerType.AMOUNT),
        ("What is the estimated budget of phase 2?", AnswerType.AMOUNT),
        ("What is the Kendari cooperation about?", AnswerType.OTHER),
    ],
)
def test_a_sum_or_a_date_among_keywords_and_an_english_cost_with_words_between(
    question: str, expected: AnswerType
) -> None:
    """Keywords typed for a question ask a sum or a date wherever its word stands; « What was the total
    construction cost… ? » asks a sum as « What was the total cost… ? » does."""
    assert analyse(question).type is expected


def test_one_place_of_any_level_is_a_name_and_a_place_a_list_of_them_stays_a_list() -> None:
    """« Dans quel district… ? » asks one place, as « Dans quelle ville… ? » does; « Dans quels districts… ? » is a
    list, read as lists are."""
    one = analyse("Dans quel district le Gouvernement provincial propose-t-il de déplacer la troisième unité ?")
    assert one.type is AnswerType.NAME and one.wants_place and not one.is_list
    assert analyse("Dans quel barangay de Tagbilaran se trouve le centre de tri ?").wants_place
    several = analyse("Dans quels districts de Dachoguz y a-t-il des points de collecte du lait ?")
    assert several.is_list and several.type is AnswerType.OTHER


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("Qu'est-ce qu'une maison à hosh ?", "maison a hosh"),
        ("Qu'est-ce que l'arbre à encens ?", "arbre a encens"),
        ("Qu'est-ce qu'un fokontany à Antsirabe ?", "fokontany"),  # a place after « à »
        ("c'est quoi un MRF a tagbilaran", "mrf"),  # neither capitals nor accents: « a » may be « à Tagbilaran »
        ("Qu'est-ce que le tarif social appliqué aux branchements d'eau ?", "tarif social applique"),
    ],
)
def test_a_term_joined_by_a_is_defined_whole(question: str, subject: str) -> None:
    """« maison à hosh » is one term, as « appel à projets » is; « fokontany à Antsirabe » a term and its place."""
    assert analyse(question).subject == subject


def test_the_name_of_a_role_asked_in_english_is_a_person_of_that_role() -> None:
    """« What is the name of the mayor of Clamart? » asks what « Comment s'appelle le maire de Clamart ? » asks (it got
    « …stagiaires de l'UFAR… », a name of no mayor); « What is the name of the NGO… ? » names no role of the table."""
    asked = analyse("What is the name of the mayor of Clamart?")
    assert asked.type is AnswerType.NAME and asked.attribute == "mayor" and asked.wants_person
    assert analyse("What is the name of the Nigerien NGO that monitors the water works?").attribute is None


@pytest.mark.parametrize(
    ("question", "several"),
    [
        ("Qui cofinance le programme, et pour quel montant ?", True),
        ("Quand et où a été signée la convention ?", True),
        ("Qui a signé la convention et quand ?", True),
        ("Combien d'élèves et combien d'enseignants sont partis ?", True),
        ("Combien de lycéens sétois sont partis à Koror ?", False),
        ("Depuis combien de temps Clamart est-elle jumelée ?", False),  # one question word, two cues
        ("Combien coûte le forage ?", False),
        ("Quel est le nom de l'association qui gère le forage et le puits ?", False),  # no cue after « et »
        ("ou est le puits et quand", False),  # « ou » unaccented is « or »
    ],
)
def test_a_question_that_asks_two_facts_joined_by_et(question: str, several: bool) -> None:
    assert asks_several_facts(question) is several


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("Qu'est-ce qu'un barrio à Utuado ?", "barrio"),  # « à Utuado »: where the word is used
        ("qu'est ce qu'un fokontany a Madagascar", "fokontany"),  # « a » typed for « à »
        ("c'est quoi une tontine a Lomé", "tontine"),  # a capitalised place, though « lome » ends like « donne »
        ("Qu'est-ce que le Département a financé à Goris ?", None),  # « a financé »: a fact
        ("qu'est-ce que la Ville a fait a Goris", None),
        # « à » inside a term is not cut off as a place (the question is read as before: no definition)
        ("Les aides à finalité régionale, c'est quoi ?", None),
    ],
)
def test_a_definition_may_name_where_its_word_is_used(question: str, subject: str | None) -> None:
    analysis = analyse(question)
    assert analysis.subject == subject
    assert (analysis.type is AnswerType.DEFINITION) is (subject is not None)


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("Qui sont les matai au Samoa ?", "matai"),
        ("Les unimane, c'est qui ?", "unimane"),
        ("et qui sont les pulenu'u ?", "pulenu'u"),
        ("Qui sont les partenaires ?", None),  # a French plural: who they are by name
        ("Qui sont les membres de la délégation ?", None),
        ("Qui sont les élus ?", None),
        ("qui sont les Kaitu ?", None),  # a capitalised word is a name
    ],
)
def test_who_are_the_x_with_an_unmarked_plural_asks_what_they_are(question: str, subject: str | None) -> None:
    """A plural French does not mark (no final s, x or z: « les matai ») is a word of another language; « who are
    the matai? » asks what they are (the definitions set had two, read as name questions)."""
    a = analyse(question)
    if subject is None:
        assert a.type is AnswerType.NAME and a.is_list
    else:
        assert a.type is AnswerType.DEFINITION and a.subject == subject and not a.is_list


@pytest.mark.parametrize(
    ("question", "attribute", "words"),
    [
        ("le primar de la ville de Soroca c'est qui ?", "primar", ("primar",)),
        ("Qui est le primar de Sighișoara ?", "primar", ("primar",)),
        ("et son adjointe c'est qui", "adjointe", ("adjoint",)),
        ("et sa premiere adjointe c'est qui ?", "adjointe", ("adjoint",)),  # « première »: which adjointe, no role
        ("et la vice gouverneure c'est qui", "vice-gouverneure", ("vice-gouverneur", "vice gouverneur")),
        ("et la centenière c'est qui", "centeniere", ("centenier",)),
        ("et le maire c'est qui ?", "maire", ("maire", "mayor")),  # a role of the table, asked after its noun
    ],
)
def test_a_role_no_table_knows_asks_for_a_person(question: str, attribute: str, words: tuple[str, ...]) -> None:
    a = analyse(question)
    assert (a.type, a.attribute, a.attribute_words, a.wants_person) == (AnswerType.NAME, attribute, words, True)


@pytest.mark.parametrize(
    "question",
    [
        "Qui est l'opérateur du programme Ziguinchor Eau Propre ?",  # a body may run it
        "Qui est le porteur du projet ?",
        "et la personne de la giunta que l'élue doit rencontrer, c'est qui ?",
        "Qui est la Rochelle ?",
        "c'est qui le premier ?",
    ],
)
def test_a_noun_that_a_body_may_be_is_no_role_of_a_person(question: str) -> None:
    assert not analyse(question).wants_person


def test_keywords_that_open_on_a_date_ask_a_date_and_keywords_around_definition_define() -> None:
    assert analyse("date prochain comité de pilotage jura soroca").type is AnswerType.DATE
    assert analyse("date de signature du pacte d'amitié Metz-Tchernivtsi ?").type is AnswerType.DATE
    assert analyse("Quelle est la date de définition du budget ?").type is not AnswerType.DEFINITION
    a = analyse("définition absolue parfumerie")
    # the words after the term may only say its field: the defining sentence may name the term alone
    assert (a.type, a.subject, a.subject_forms) == (
        AnswerType.DEFINITION, "absolue parfumerie", ("absolue parfumerie", "absolue")
    )
    assert analyse("Qu'est-ce que la coopération décentralisée ?").subject_forms == ("cooperation decentralisee",)


def test_who_was_met_asks_the_list_a_lead_in_with_that_verb_announces_and_a_past_rate_is_a_number() -> None:
    assert analyse("Qui la délégation a-t-elle rencontré à Ouagadougou ?").list_noun == "rencontre"
    assert analyse("Qui Mme Cazalis doit-elle rencontrer à Orhei ?").list_noun == "rencontrer"
    assert analyse("Qui finance le projet ?").list_noun is None
    assert analyse("quel était le taux de cofinancement de l'appel à projets en 2024").type is AnswerType.NUMBER


def test_what_an_authority_put_in_is_an_amount_and_what_was_put_in_service_a_count() -> None:
    assert analyse("Combien la Métropole de Lyon a mis dans le programme Huye Santé ?").type is AnswerType.AMOUNT
    assert analyse("Combien de puits ont été mis en service à Kaya ?").type is AnswerType.NUMBER


def test_what_does_asks_a_meaning_only_with_mean_or_stand_for() -> None:
    """« What does DAECT stand for? » and « What does the word tambo mean? » ask a definition; « What does La
    Rochelle do with Kendari? » asks what it does (a definition question made it « pas trouvé »)."""
    assert analyse("What does DAECT stand for?").subject == "daect"
    assert analyse("What does the word tambo mean?").subject == "tambo"
    assert analyse("What does La Rochelle do with Kendari?").type is not AnswerType.DEFINITION


def test_a_type_cue_in_another_tense_asks_the_same() -> None:
    """« Quelle était l'enveloppe… ? », « Quel a été le coût… ? », « Quelle sera la subvention… ? » ask an amount as
    « Quelle est l'enveloppe… ? » does; « Quels étaient les partenaires ? » still asks names."""
    from assistant.question import AnswerType, analyse

    for question in (
        "Quelle était l'enveloppe de l'appel à projets en 2024 ?",
        "Quel a été le coût de la phase 1 ?",
        "Quelle sera la subvention de la Région en 2026 ?",
        "Quelle est l'enveloppe de l'appel à projets ?",
    ):
        assert analyse(question).type is AnswerType.AMOUNT, question
    assert analyse("Quels étaient les partenaires de la phase 1 ?").type is not AnswerType.AMOUNT


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        # a name of several words with hyphens is still a term to define (a hyphenated word counts once)
        ("Qu'est-ce que l'Office franco-tunisien de la jeunesse ?", "office franco-tunisien de la jeunesse"),
        ("Qu'est-ce que la Fondation Agir en Nord Franche-Comté ?", "fondation agir en nord franche-comte"),
        # « appel à projets » is a name: its « à » is no verb, nor where the term is used
        ("Qu'est-ce que l'appel à projets triennal de la DAECT ?", "appel a projets triennal de la daect"),
        ("c'est quoi le GTM dans la convention Toulouse-Curitiba", "gtm"),
    ],
)
def test_long_names_and_calls_for_projects_are_terms_to_define(question: str, subject: str) -> None:
    a = analyse(question)
    assert a.type is AnswerType.DEFINITION and a.subject == subject


def test_a_subject_of_stop_words_is_none() -> None:
    # « Un cookie : qu'est-ce que c'est ? » names its subject before the question: « c'est » is none (CNIL 198)
    assert analyse("Un cookie : qu'est-ce que c'est ?").subject != "c'est"


@pytest.mark.parametrize(
    ("question", "subject"),
    [("Qu'est-ce que la coopération décentralisée ?", "cooperation decentralisee")],
)
def test_a_short_subject_is_still_found(question: str, subject: str) -> None:
    a = analyse(question)
    assert a.type is AnswerType.DEFINITION and a.subject == subject


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("À combien s'élève la contribution du raion de Soroca à la phase 2 ?", AnswerType.AMOUNT),
        ("A quel prix le compost est-il vendu aux maraîchers ?", AnswerType.AMOUNT),
        ("Quel est le prix du ticket de bus à Curitiba ?", AnswerType.AMOUNT),
        ("Combien de contributions ont été reçues ?", AnswerType.NUMBER),  # counted, not a sum
        ("combien de prix ont été remis ?", AnswerType.NUMBER),
        ("qu'est-ce que le Département a financé à Goris ?", AnswerType.OTHER),  # a fact, not a definition
    ],
)
def test_a_price_or_a_contribution_asks_an_amount(question: str, kind: AnswerType) -> None:
    assert analyse(question).type is kind
