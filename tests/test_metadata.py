"""Metadata extraction: unit cases, and precision/recall on the seed corpus against a hand-made truth.

The truth below was written by reading the five seed documents. For each field it lists what
a careful reader expects (``*_required``) and what is also correct but not required
(``*_also``): e.g. the countries of the Aix-en-Provence footer (« Pays d'intervention :
Espagne, États-Unis… ») are named by the document but are not what the page is about.
Precision counts a prediction as right when it is required or also correct; recall is over
the required items. Run ``python tests/test_metadata.py`` to print the table.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from assistant.french import fold
from assistant.loaders import iter_corpus, read_document
from assistant.metadata import (
    THEMES,
    country_name,
    extract_date,
    extract_metadata,
    gazetteer,
)
from assistant.types import Document

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus"

AIX_FOOTER_COUNTRIES = {"ES", "US", "HU", "IL", "JP", "LB", "ML", "MA", "PT", "GB", "TN"}


@dataclass(frozen=True)
class Truth:
    date: str | None
    authority: str | None
    places_required: set[str]
    countries_required: set[str]
    themes_required: set[str]
    places_also: set[str] = field(default_factory=set)
    countries_also: set[str] = field(default_factory=set)
    themes_also: set[str] = field(default_factory=set)


TRUTH: dict[str, Truth] = {
    "aix-en-provence-assises-goris-2025.txt": Truth(
        date="2025-06-16",
        authority="Ville d'Aix-en-Provence",
        places_required={"Goris", "Masis"},
        places_also={"Syunik"},  # « la Préfecture du Syunik », co-organiser
        countries_required={"AM"},
        countries_also=AIX_FOOTER_COUNTRIES | {"AM"},
        themes_required={"gouvernance", "jeunesse", "développement économique", "éducation", "culture", "santé"},
        themes_also={"formation", "environnement"},  # footer sectors; « transition énergétique »
    ),
    "aix-en-provence-mission-armenie-pnud-2025.txt": Truth(
        date="2025-03-10",
        authority="Ville d'Aix-en-Provence",
        places_required={"Masis"},
        places_also={"Haut-Karabagh", "Artsakh"},
        countries_required={"AM"},
        countries_also=AIX_FOOTER_COUNTRIES,
        themes_required={"urgence", "développement économique", "gouvernance"},
        themes_also={"formation", "culture", "éducation"},  # « emploi, formation »; footer sectors
    ),
    "clamart-artachat-cooperation.txt": Truth(
        date=None,
        authority="Ville de Clamart",
        places_required={"Artachat"},
        places_also={"Erevan"},  # Assises and UFAR in Erevan
        countries_required={"AM"},
        themes_required={"francophonie", "culture", "gouvernance", "éducation", "santé", "déchets"},
        themes_also={"jeunesse", "environnement", "formation"},
    ),
    "departement-cooperations-internationales.txt": Truth(
        date=None,
        # The text only says « le Département »: the museums of Arles and Aix and the Camp des
        # Milles point to the Bouches-du-Rhône, which no pattern can read from the text.
        authority="Département des Bouches-du-Rhône",
        places_required={
            "Erevan",
            "Jérusalem",
            "Tunis",
            "Gênes",
            "Alger",
            "Haïfa",
            "Milan",
            "New-York",
            "Miami-Dade",
            "Etchmiadzine",
            "Goris",
        },
        places_also={"Floride", "Auschwitz-Birkenau"},
        countries_required={"AM", "PL", "TN", "VA"},
        countries_also={"DZ", "IT", "US", "IL"},  # countries of named places, not named themselves
        themes_required={"culture", "santé", "déchets", "francophonie", "environnement"},
        themes_also={"formation", "éducation", "urgence", "jeunesse"},
    ),
    "la-rochelle-cooperations-internationales.txt": Truth(
        date=None,
        authority="Communauté d'Agglomération de La Rochelle",
        places_required={"Port-au-Prince", "Kendari", "Campeche", "Kananga", "Québec", "Kishiwada", "Apostolove"},
        places_also={"San Francisco de Campeche", "Kasaï-Central", "Osaka"},
        countries_required={"HT", "ID", "MX", "CD", "CA", "JP", "UA"},
        themes_required={"éducation", "formation", "culture", "francophonie", "eau", "environnement", "santé"},
        themes_also={"jeunesse", "gouvernance", "développement économique", "urgence"},
    ),
}


def _key(name: str) -> str:
    return " ".join(re.split(r"[\s'-]+", fold(name))).strip()


@dataclass
class Score:
    predicted: int = 0
    correct: int = 0  # predictions that are required or also correct
    required: int = 0
    found: int = 0  # required items predicted

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.required if self.required else 1.0

    def add(self, predicted: set[str], required: set[str], also: set[str]) -> None:
        self.predicted += len(predicted)
        self.correct += len(predicted & (required | also))
        self.required += len(required)
        self.found += len(predicted & required)


def evaluate(docs: list[Document]) -> dict[str, Score]:
    scores = {f: Score() for f in ("date", "authority", "places", "countries", "themes")}
    for doc in docs:
        truth, meta = TRUTH[doc.id], doc.metadata
        for name, value, expected in (("date", meta.date, truth.date), ("authority", meta.authority, truth.authority)):
            scores[name].add({value} if value else set(), {expected} if expected else set(), set())
        scores["places"].add(
            {_key(p) for p in meta.places},
            {_key(p) for p in truth.places_required},
            {_key(p) for p in truth.places_also},
        )
        scores["countries"].add(set(meta.countries), truth.countries_required, truth.countries_also)
        scores["themes"].add(set(meta.themes), truth.themes_required, truth.themes_also)
    return scores


def read_seed() -> list[Document]:
    """The seed documents with their metadata (reading leaves it out: indexing derives it)."""
    docs = [read_document(p, SEED) for p in iter_corpus(SEED)]
    return [replace(d, metadata=extract_metadata(d.text, d.title, d.id)) for d in docs]


@pytest.fixture(scope="module")
def seed_docs() -> list[Document]:
    return read_seed()


def test_truth_covers_the_seed_corpus(seed_docs: list[Document]) -> None:
    assert {d.id for d in seed_docs} == set(TRUTH)
    for truth in TRUTH.values():
        assert truth.themes_required <= set(THEMES) and truth.themes_also <= set(THEMES)


def test_seed_dates_and_authorities(seed_docs: list[Document]) -> None:
    for doc in seed_docs:
        truth = TRUTH[doc.id]
        assert doc.metadata.date == truth.date, doc.id
        # An authority is either right or absent, never wrong.
        assert doc.metadata.authority in (truth.authority, None), doc.id


def test_seed_precision_and_recall(seed_docs: list[Document]) -> None:
    scores = evaluate(seed_docs)
    floors = {  # measured values, rounded down, so that a regression shows
        "date": (1.0, 1.0),
        "authority": (1.0, 0.8),
        "places": (0.95, 0.8),
        "countries": (1.0, 1.0),
        "themes": (0.95, 0.95),
    }
    for name, (precision, recall) in floors.items():
        assert scores[name].precision >= precision, (name, scores[name])
        assert scores[name].recall >= recall, (name, scores[name])


def test_seed_specifics(seed_docs: list[Document]) -> None:
    meta = {d.id: d.metadata for d in seed_docs}
    rochelle = meta["la-rochelle-cooperations-internationales.txt"]
    assert "Port-au-Prince" in rochelle.places  # the most frequent spelling, not « Port au Prince »
    assert "La Rochelle" not in rochelle.places  # the author is not a partner
    assert (
        rochelle.countries[:2] == ("CA", "HT")
        or set(rochelle.countries) == TRUTH["la-rochelle-cooperations-internationales.txt"].countries_required
    )
    clamart = meta["clamart-artachat-cooperation.txt"]
    assert clamart.places[0] == "Artachat" and "Clamart" not in clamart.places
    assert "FR" not in {c for m in meta.values() for c in m.countries}


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Publié le 10/03/2025\nTexte.", "2025-03-10"),
        ("Mis à jour le 3 février 2025", "2025-02-03"),
        ("Date : 2025-03-10", "2025-03-10"),
        ("publié le lundi 1er août 2024 par la rédaction", "2024-08-01"),
        ("Publié le 10/03/2025 – Mis à jour le 12 mars 2025", "2025-03-12"),
        ("Mise en ligne : 5 sept. 2023", "2023-09-05"),
        ("PUBLIÉ LE 16.06.2025", "2025-06-16"),
        ("Séance du 12 mars 2025.\nFait à Nantes, le 15 mars 2025.", "2025-03-12"),
        ("Fait à Clamart, le 3 avril 2019", "2019-04-03"),
        ("Reçu en préfecture le 20/03/2025\nSéance du 12 mars 2025\nFait à Vanves, le 13 mars 2025", "2025-03-12"),
        ("Reçu en préfecture le 20/03/2025\nFait à Vanves, le 13 mars 2025", "2025-03-13"),
        ("Le jumelage a été signé le 31 mai 2003 à Clamart.", None),
        ("Publié le 31/02/2025", None),
        ("Depuis 2011, la ville coopère.", None),
        # an earlier act cited (« Vu… », « habilité par… », « en vertu de… ») does not date the document
        ("COMMISSION PERMANENTE\nRéunion du lundi 11 décembre 2023\n\nVu la délibération du Conseil "
         "départemental du 1er juillet 2021 ;", "2023-12-11"),
        ("Vu la délibération du 7 octobre 2016 approuvant l'accord ;\nSéance plénière du vendredi 28 juin 2024",
         "2024-06-28"),
        ("CONSEIL DÉPARTEMENTAL\nSession du vendredi 28 mars 2025\nVu la délibération du 11 mars 2022 ;",
         "2025-03-28"),
        ("Le Département, dûment habilité par délibération de la commission permanente du 18 décembre 2023,\n"
         "Fait à Cobán, le 27 février 2024", "2024-02-27"),
        ("La Ville, agissant en vertu d'une délibération du conseil municipal du 12 décembre 2022.", None),
        # « par » before a sitting or a signature cites nothing (review)
        ("Délibération adoptée par le Conseil municipal en sa séance du 12 mars 2024", "2024-03-12"),
        ("Le Conseil municipal, convoqué par le Maire, s'est réuni en séance du 12 mars 2024", "2024-03-12"),
        ("Les engagements sont signés par les parties. Fait à Rennes, le 6 septembre 2023.", "2023-09-06"),
        ("Le Département, habilité par délibération de la commission permanente du 18 décembre 2023.", None),
        ("Participation conformément à la délibération du conseil municipal du 16 décembre 2024.", None),
        ("Vu la délibération du Conseil départemental du 1er juillet 2021 ;", None),
        # « date » dates the document only as a field at the start of a line
        ("NOTE\nDate : 15 janvier 2026\nObjet : renouvellement", "2026-01-15"),
        ("L'accord de coopération entre les deux villes date du 11 décembre 2017.", None),
        ("La liste a été gelée à la date du 24 mai 2018.", None),
        # a sitting to come is a step of a calendar (review: a call for projects dated by its future vote)
        ("Le comité se réunira le 24 mars 2026. Les subventions seront votées par le Conseil municipal du 23 mai "
         "2026.", None),
        ("Le dossier sera examiné lors de la prochaine séance du 4 juin 2026.", None),
        ("Ce projet sera présenté au vote.\nSéance du 12 mars 2024", "2024-03-12"),
    ],
)
def test_dates(text: str, expected: str | None) -> None:
    assert extract_date(fold(text)) == expected
    assert extract_metadata(text, "", "x.txt").date == expected


# --------------------------------------------------------------------------- authority


def test_authority_most_cited_with_title_and_variants() -> None:
    text = (
        "La Communauté d’agglomération de La Rochelle coopère avec Kendari (Indonésie). "
        "L'Agglomération de La Rochelle finance. La Communauté d'Agglomération de La Rochelle accueille. "
        "La Ville de Kendari remercie la Ville de La Rochelle."
    )
    meta = extract_metadata(text, "Coopérations internationales", "coop.txt")
    assert fold(meta.authority or "") == "communaute d'agglomeration de la rochelle"
    assert "Kendari" in meta.places and "La Rochelle" not in meta.places


def test_authority_departement_variants_and_state_services() -> None:
    text = (
        "Le Conseil départemental des Bouches-du-Rhône et le Département des Bouches-du-Rhône "
        "soutiennent le projet. Le Préfet de la Région Provence-Alpes-Côte d'Azur est informé. "
        "Préfet de la Région Provence-Alpes-Côte d'Azur."
    )
    assert extract_metadata(text, "Coopération", "x.txt").authority == "Département des Bouches-du-Rhône"


def test_authority_title_and_file_name_help_and_doubt_gives_none() -> None:
    assert extract_metadata("La Ville de Nantes vote.", "Délibération", "x.txt").authority is None  # one mention
    assert extract_metadata("La Ville de Nantes vote.", "Ville de Nantes : délibération", "x.txt").authority == (
        "Ville de Nantes"
    )
    assert extract_metadata("La Ville de Nantes vote.", "Délibération", "nantes/delib.pdf").authority == (
        "Ville de Nantes"
    )
    tie = "La Ville de Lyon et la Ville de Nantes. La Ville de Lyon et la Ville de Nantes."
    assert extract_metadata(tie, "Réunion", "x.txt").authority is None
    assert extract_metadata("Bordeaux Métropole agit. Bordeaux Métropole finance.", "", "x").authority == (
        "Bordeaux Métropole"
    )


def test_authority_letterhead_in_capitals_and_place_of_signature() -> None:
    text = "DÉPARTEMENT DES BOUCHES-DU-RHÔNE\nDIRECTION DES RELATIONS INTERNATIONALES\nLe Département agit."
    assert extract_metadata(text, "", "x.pdf").authority == "Département des Bouches-du-Rhône"
    text = "COMMUNAUTÉ D'AGGLOMÉRATION DE LA ROCHELLE\nRapport de la Communauté d'agglomération de La Rochelle."
    assert extract_metadata(text, "", "x.pdf").authority == "Communauté d'agglomération de La Rochelle"
    assert extract_metadata("VILLE DE SAINT-DENIS\nRapport.", "", "x.pdf").authority == "Ville de Saint-Denis"
    text = "La Ville de Vanves adhère. Fait à Vanves, le 3 mars 2025."
    assert extract_metadata(text, "", "x.pdf").authority == "Ville de Vanves"
    # a service's line in capitals is no authority: the authority the text names is (review finding)
    text = "DÉPARTEMENT DES RELATIONS INTERNATIONALES ET EUROPÉENNES\nLa Région Bretagne soutient. La Région Bretagne agit."
    assert extract_metadata(text, "Note", "x.txt").authority == "Région Bretagne"
    assert extract_metadata("DÉPARTEMENT DU NORD\nRapport.", "", "x.txt").authority == "Département du Nord"


def test_foreign_partner_is_not_the_authority() -> None:
    text = "Visite de la Ville de Kendari (Indonésie). La Ville de Kendari accueille. La Ville de Kendari remercie."
    assert extract_metadata(text, "Kendari", "kendari.txt").authority is None
    # a country in a longer parenthesis still makes its commune a foreign partner
    text = (
        "DÉPARTEMENT DE L'AIN\nCOMMISSION PERMANENTE\nObjet : Coopération avec la Commune de Rosso (République "
        "islamique de Mauritanie)\nLe Département de l'Ain soutient la Commune de Rosso. La Commune de Rosso agit. "
        "La Commune de Rosso remercie. La Commune de Rosso rend compte."
    )
    meta = extract_metadata(text, "Coopération avec la Commune de Rosso (République islamique de Mauritanie)", "x")
    assert meta.authority == "Département de l'Ain"
    assert "Rosso" in meta.places
    caps = "ENTRE LA VILLE DE SENS ET LA COMMUNE DE BOHICON (RÉPUBLIQUE DU BÉNIN)\nLa Commune de Bohicon signe."
    assert "Bohicon" in extract_metadata(caps, "", "x").places
    # a parenthesis that tells where another place is does not make the authority before it foreign (review)
    text = (
        "La Ville de Rennes (jumelée avec Erlangen en Allemagne) soutient l'école de Ségou. La Ville de Rennes "
        "finance. La Ville de Rennes rend compte."
    )
    meta = extract_metadata(text, "Rennes et Ségou", "x.txt")
    assert meta.authority == "Ville de Rennes" and "Rennes" not in meta.places
    assert extract_metadata("Visite de la Commune de Cobán (Alta Verapaz, Guatemala).", "", "x").places == ("Cobán",)


def test_letterhead_opening_the_text_is_the_author_whatever_partner_the_title_names() -> None:
    text = (
        "DÉPARTEMENT DU CANTAL\nCOMMISSION PERMANENTE\nObjet : Programme « Oasis de Zagora » – subvention\n"
        "Le Département du Cantal et la Commune de Zagora ont signé un accord. Il est décidé d'attribuer à la "
        "Commune de Zagora une subvention. La Commune de Zagora rendra compte. La Commune de Zagora remercie."
    )
    meta = extract_metadata(text, "Programme « Oasis de Zagora » – subvention", "cantal-zagora-2024.txt")
    assert meta.authority == "Département du Cantal"
    # a letterhead further down (a partner's, quoted) does not decide alone
    late = "Rapport.\n" + "Texte du rapport. " * 20 + "\nCOMMUNE DE ZAGORA\nLa Commune de Zagora remercie."
    assert extract_metadata(late, "", "x").authority == "Commune de Zagora"


def test_letterheads_of_metropoles_and_urban_communities() -> None:
    text = "MÉTROPOLE DE NANCY\nDirection des relations internationales\nNOTE\nLa Métropole soutient Huye."
    assert extract_metadata(text, "Note", "x.txt").authority == "Métropole de Nancy"
    text = "COMMUNAUTÉ URBAINE DE DUNKERQUE\nRapport.\nLa Communauté urbaine de Dunkerque agit."
    assert extract_metadata(text, "", "x.txt").authority == "Communauté urbaine de Dunkerque"
    assert extract_metadata("La Métropole agit. La Métropole finance.", "", "x").authority is None  # « La » is no name


def test_foreign_administrative_words_are_left_out_of_place_names() -> None:
    assert "Cobán" in extract_metadata("la Municipalidad de Cobán (Guatemala)", "", "x").places
    assert "Orhei" in extract_metadata("le Raion d'Orhei (Moldavie)", "", "x").places


# --------------------------------------------------------------------------- countries and places


def countries(text: str) -> tuple[str, ...]:
    return extract_metadata(text, "", "x.txt").countries


def places(text: str) -> tuple[str, ...]:
    return extract_metadata(text, "", "x.txt").places


def test_country_names_adjectives_capitals() -> None:
    assert countries("La coopération franco-sénégalaise se poursuit.") == ("SN",)
    assert countries("Des cours d'anglais sont proposés.") == ()  # one bare adjective is not enough
    assert countries("Des élèves japonais et des professeurs japonais.") == ("JP",)
    assert countries("Une mission en République démocratique du Congo, puis en RDC.") == ("CD",)
    assert countries("Une mission au Congo.") == ("CG",)
    assert countries("Maurice Dupont, maire adjoint.") == ()  # a first name
    assert countries("Un partenariat avec l'île Maurice.") == ("MU",)
    assert countries("La France et la coopération française.") == ()
    assert countries("Un réseau latino-américain.") == ()
    assert countries("Un atelier à Bamako.") == ("ML",)
    assert countries("le chili et la dinde") == ()  # lower case: not the country
    assert countries("Les Etats-Unis et le Méxique.") == ("US", "MX")  # accents folded either way
    assert countries("Assises franco-québécoises.") == ("CA",)


def test_places_patterns() -> None:
    assert places("Kendari (Indonésie)\n\nLe projet.") == ("Kendari",)
    assert places("La ville de Kendari, en Indonésie, est exposée.") == ("Kendari",)
    assert places("Le jumelage avec Masis date de 1992.") == ("Masis",)
    assert places("Le jumelage entre Clamart et Artachat.") == ("Clamart", "Artachat")
    assert places("Partage d'expertise avec la Wilaya d'Alger.") == ("Alger",)
    assert places("L'État de Campeche au Mexique.") == ("Campeche",)
    assert places("Le comté de Miami-Dade en Floride.") == ("Miami-Dade", "Floride")
    assert places("Aux côtés de la Ville de Lyon, la Ville de Clamart agit.") == ()  # nothing foreign
    assert places("La Préfecture du Syunik et la Ville de Goris, en Arménie, organisent.") == ("Syunik", "Goris")
    assert places("Partenariat avec l'Institut Français de Pologne.") == ()
    assert places("Le Château de la Buzine (Marseille) accueille.") == ()
    assert places("Le PNUD en Arménie.") == ()
    # the French side of a convention's heading is no partner place (France itself is never listed)
    assert places("ENTRE LA MÉTROPOLE ROUEN NORMANDIE (FRANCE)\n\nLe projet.") == ()


# --------------------------------------------------------------------------- themes


def test_themes_threshold_and_folding() -> None:
    text = "Un dispensaire et un hôpital. La SANTE. Des bennes, le recyclage. Une école. La francophonie."
    meta = extract_metadata(text, "", "x.txt")
    assert meta.themes == ("santé", "déchets", "francophonie")  # cues twice, or the theme's name once
    assert "éducation" in extract_metadata(text, "Les écoles", "x.txt").themes  # the title counts too
    assert set(THEMES) == {
        "santé",
        "eau",
        "éducation",
        "culture",
        "déchets",
        "gouvernance",
        "francophonie",
        "jeunesse",
        "développement économique",
        "urgence",
        "environnement",
        "agriculture",
        "formation",
    }
    assert extract_metadata("Le réseau des réseaux, nouveau bureau.", "", "x").themes == ()  # « eau » inside words


# --------------------------------------------------------------------------- gazetteer


def test_gazetteer_file() -> None:
    raw = json.loads((ROOT / "assistant" / "data" / "countries_fr.json").read_text(encoding="utf-8"))
    codes = list(raw["countries"])
    assert len(codes) >= 195 and len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"[A-Z]{2}", c) for c in codes)
    for code, expected in {
        "AM": "Arménie",
        "ID": "Indonésie",
        "HT": "Haïti",
        "MX": "Mexique",
        "JP": "Japon",
        "CA": "Canada",
        "UA": "Ukraine",
        "TN": "Tunisie",
        "DZ": "Algérie",
        "IL": "Israël",
        "SN": "Sénégal",
        "BF": "Burkina Faso",
        "ML": "Mali",
        "MA": "Maroc",
        "LB": "Liban",
        "VN": "Vietnam",
        "CD": "République démocratique du Congo",
    }.items():
        assert country_name(code) == expected
        assert gazetteer().names[fold(expected)] == code
    assert "quebec" not in gazetteer().names and gazetteer().regions["quebec"] == ("CA", "Québec")
    assert gazetteer().adjectives["armenienne"] == "AM" and gazetteer().adjectives["armeniens"] == "AM"
    assert country_name("ZZ") is None
    for overseas in ("RE", "GP", "MQ", "GF", "YT", "NC", "PF"):
        assert overseas not in codes  # France's overseas territories are France


def test_folded_text_leads_back_to_the_text() -> None:
    # « Œuvre » folds to two letters: what follows is still found where it is in the text
    text = "Cœur d’Œuvre — Ville de Kendari, en Indonésie, Ville de Kendari."
    meta = extract_metadata(text, "", "x.txt")
    assert meta.places == ("Kendari",) and meta.countries == ("ID",)


if __name__ == "__main__":
    docs = read_seed()
    header = f"{'champ':<10} {'prédits':>7} {'justes':>6} {'attendus':>8} {'trouvés':>7}"
    print(f"{header} {'précision':>9} {'rappel':>6} {'précision stricte':>18}")
    for name, s in evaluate(docs).items():
        counts = f"{s.predicted:>7} {s.correct:>6} {s.required:>8} {s.found:>7}"
        strict = s.found / s.predicted if s.predicted else 1.0  # « also correct » counted as wrong
        print(f"{name:<10} {counts} {s.precision:>9.2f} {s.recall:>6.2f} {strict:>18.2f}")


def test_a_unit_or_a_common_noun_alone_is_no_partner_place() -> None:
    """A convention that calls its partner « le District » after naming it, or an English « Council », listed
    « Le District » and « Council » as partner places: a sentence on « le District » was then about another place
    than the question's Buada (terrain-z z43; 25 documents of our sets had such places)."""
    from assistant.metadata import extract_metadata

    text = (
        "CONVENTION DE COOPÉRATION\n\nEntre le Département du Calvados et le District de Buada (Nauru), représenté "
        "par le Buada District Council, ci-après « le District ».\n\nArticle 3 – Le Département verse au District une "
        "contribution de 32 000 euros par an. Le District apporte 6 000 euros. La Municipalité de Buada accueille "
        "les volontaires.\n"
    )
    places = extract_metadata(text, "Convention", "z-calvados-buada-convention-2024.txt").places
    assert "Buada" in places
    assert not {"Le District", "District", "Council", "La Municipalité"} & set(places), places


def test_a_letterhead_that_names_its_author_by_a_name_of_its_own() -> None:
    # no « VILLE DE » nor « COMMUNAUTÉ DE COMMUNES »: the name is written again in the text, or a service line follows
    again = (
        "PLOUGASTEL TERRE ET MER\nCONSEIL COMMUNAUTAIRE\nLe conseil de Plougastel Terre et Mer approuve la convention "
        "avec la commune de Kanel. La Commune de Kanel remercie. La Commune de Kanel rendra compte."
    )
    assert extract_metadata(again, "Délibération", "x.txt").authority == "Plougastel Terre et Mer"
    service = (
        "GRAND TRÉVOUX\nDirection du cycle de l'eau - Mission solidarités internationales\nNOTE\n"
        "La mission partira à Kanel en mars. La Commune de Kanel recevra la délégation."
    )
    assert extract_metadata(service, "Note", "x.txt").authority == "Grand Trévoux"
    # a heading in capitals (a kind of document, a newsletter's name) is no author
    convention = "CONVENTION DE COOPÉRATION\nentre la Ville de Murat et la Commune de Kanel\nLa Ville de Murat agit."
    assert extract_metadata(convention, "", "x.txt").authority == "Ville de Murat"
    letter = (
        "MURAT DANS LE MONDE\nLa lettre des jumelages\nMurat dans le monde paraît deux fois l'an. La Ville de Murat "
        "et la Ville de Murat-le-Haut agissent. La Ville de Murat finance."
    )
    assert extract_metadata(letter, "", "x.txt").authority == "Ville de Murat"
    heading = "LES JUMELAGES DE MURAT\nLes Jumelages de Murat sont nombreux."
    assert extract_metadata(heading, "", "x.txt").authority is None
