"""An authority's partners gathered from where its page files them (assistant.answer.gather), with the
hashing test embedder: under « Nos partenaires », or as headings that each name a country."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from assistant.answer import compose as compose_answer
from assistant.answer.gather import asks_partners, asks_signatory, numbered_entries, partner_entries, signatories
from assistant.lexical import LexicalIndex
from assistant.models.testing import HashingEmbedder
from assistant.question import analyse
from assistant.retrieval import Retrieval
from assistant.store import SentenceVector
from assistant.textnorm import query_terms, split_sentences
from assistant.types import Answer, Chunk, DocumentMetadata, Hit, Section, Sentence

EMBEDDER = HashingEmbedder(256)

#: A city's page (invented): an introduction, its partners each under a heading, then its actions.
CITY = [
    ("Vallon ouvert sur le monde", "Vallon ouvert sur le monde\n\nLa Ville de Vallon noue des liens avec le monde.\n"),
    ("Vallon ouvert sur le monde > Nos partenaires", "Nos partenaires\n"),
    (
        "Vallon ouvert sur le monde > Nos partenaires > Kumasi (Ghana) - jumelage depuis 1990",
        "Kumasi (Ghana) - jumelage depuis 1990\n\nKumasi est la plus grande ville partenaire.\n",
    ),
    (
        "Vallon ouvert sur le monde > Nos partenaires > Oulu (Finlande) - jumelage depuis 1975",
        "Oulu (Finlande) - jumelage depuis 1975\n\nLes échanges portent sur la musique.\n",
    ),
    ("Vallon ouvert sur le monde > Nos actions", "Nos actions\n\n- Avec Kumasi, des bibliothèques de quartier.\n"),
]

#: A page whose partners are its top headings, each naming its country, beside two networks.
NETWORKS = [
    ("Les coopérations", "Les coopérations\n\nL'agglomération de Vallon coopère depuis longtemps.\n"),
    ("Tamale (Ghana)", "Tamale (Ghana)\n\nFormation des agents municipaux.\n"),
    ("Cusco, au Pérou", "Cusco, au Pérou\n\nÉchanges sur le patrimoine.\n"),
    ("Cités unies", "Cités unies\n\nUn réseau d'autorités locales.\n"),
]

#: A region's page whose partners are list items under « Nos partenaires », by continent.
REGION = [
    ("L'action de la Région", "L'action de la Région\n\nLa Région agit avec quatre territoires.\n"),
    ("L'action de la Région > Nos partenaires", "Nos partenaires\n"),
    (
        "L'action de la Région > Nos partenaires > Afrique",
        "Afrique\n\n- Région de Kara (Togo), partenaire depuis 2010. M. Koffi Ama suit le partenariat.\n"
        "- Province du Sud (Cameroun), partenaire depuis 2015.\n",
    ),
    ("L'action de la Région > Nos partenaires > Asie", "Asie\n\n- Province de Gia Lai (Viet Nam), partenaire.\n"),
    ("L'action de la Région > Nos actions", "Nos actions\n\n- Appui aux maraîchers de Kara.\n- Bourses d'études.\n"),
]


def compose(*args: Any, **kwargs: Any) -> Any:
    """compose() with the acceptance check off: the rules are tested here on hashing vectors, whose
    features the acceptance model was not fitted on (it is tested on the real model, test_answer.py)."""
    kwargs.setdefault("accept_floor", 0.0)
    return compose_answer(*args, **kwargs)


def _document(
    doc_id: str, parts: list[tuple[str, str]], author: str | None = "Ville de Vallon", places: tuple[str, ...] = ()
) -> list[Chunk]:
    chunks, offset = [], 0
    for k, (section, text) in enumerate(parts):
        sentences = tuple(Sentence(offset + s, offset + e, text[s:e]) for s, e in split_sentences(text))
        chunks.append(
            Chunk(
                id=f"{doc_id}#{k}",
                doc_id=doc_id,
                start=offset,
                end=offset + len(text),
                text=text,
                title=parts[0][0],
                section=section,
                sentences=sentences,
                metadata=DocumentMetadata(authority=author, places=places),
            )
        )
        offset += len(text) + 2
    return chunks


def _sections(chunks: list[Chunk]) -> list[Section]:
    return [Section(c.start, c.end + 2, c.section) for c in chunks]


def _ask(question: str, docs: dict[str, list[Chunk]], accept_floor: float = 0.0) -> Answer:
    """compose() with the first passage of each document as hits, in the order given."""
    hits = tuple(Hit(chunks[0], score=1.0 - 0.1 * k, rank=k + 1, dense=0.9, lexical=1.0) for k, chunks in enumerate(docs.values()))
    every = [c for chunks in docs.values() for c in chunks]
    vectors = [
        SentenceVector(c.id, c.doc_id, s.start, s.end, v)
        for c in (h.chunk for h in hits)
        for s, v in zip(c.sentences, EMBEDDER.encode_document([s.text for s in c.sentences]), strict=True)
    ]
    found = Retrieval(hits, EMBEDDER.encode_query([question])[0], tuple(query_terms(question)))
    answer, _ = compose(
        question, question, found, vectors, LexicalIndex.build(every), max_sentences=3, threshold=-5.0,
        document_chunks=lambda d: docs.get(d, []), sections_of=lambda d: _sections(docs.get(d, [])),
        accept_floor=accept_floor,
    )  # fmt: skip
    return answer


def _whole(chunks: list[Chunk]) -> str:
    return "\n\n".join(c.text for c in chunks)


def test_the_partners_under_nos_partenaires_are_its_sub_headings_each_quoted_exactly() -> None:
    city = _document("vallon.html", CITY)
    a = _ask("Quels sont les partenaires de la Ville de Vallon ?", {"vallon.html": city})
    assert [c.text for c in a.citations] == [
        "Kumasi (Ghana) - jumelage depuis 1990",
        "Oulu (Finlande) - jumelage depuis 1975",
    ]
    assert all(_whole(city)[c.start : c.end] == c.text for c in a.citations)  # document offsets
    assert a.citations[0].section.endswith("jumelage depuis 1990")
    assert not a.abstained
    # short items are said in one line, the whole list first, each item still cited in order
    assert a.text == "Kumasi (Ghana) - jumelage depuis 1990 ; Oulu (Finlande) - jumelage depuis 1975. [1, 2]"


def test_headings_that_each_name_a_country_are_the_partners_not_the_networks_beside_them() -> None:
    page = _document("agglo.txt", NETWORKS)
    a = _ask("Avec quels pays l'agglomération de Vallon coopère-t-elle ?", {"agglo.txt": page})
    assert [c.text for c in a.citations] == ["Tamale (Ghana)", "Cusco, au Pérou"]


def test_list_items_under_nos_partenaires_are_quoted_up_to_their_first_sentence() -> None:
    region = _document("region.html", REGION, author="Région Sud")
    a = _ask("Avec quels territoires la Région coopère-t-elle ?", {"region.html": region})
    assert [c.text for c in a.citations] == [
        "- Région de Kara (Togo), partenaire depuis 2010.",  # « M. Koffi Ama… » is cut, « M. » is not an end
        "- Province du Sud (Cameroun), partenaire depuis 2015.",
        "- Province de Gia Lai (Viet Nam), partenaire.",
    ]
    assert "maraîchers" not in a.text  # an action, not a partner


def test_only_partner_questions_of_an_authority_trigger_the_gathering() -> None:
    assert asks_partners(analyse("Avec quelles villes Vallon est-elle jumelée ?"))
    assert asks_partners(analyse("Quels sont les partenaires de la Ville de Vallon ?"))
    assert not asks_partners(analyse("Quels sont les partenaires de la Ville de Vallon au Ghana ?"))  # one country
    assert not asks_partners(analyse("Quels sont les domaines de coopération entre Vallon et Kumasi ?"))
    assert not asks_partners(analyse("Dans quels pays faut-il intervenir pour être éligible ?"))  # no partner cue
    assert not asks_partners(analyse("Quand Vallon et Kumasi ont-elles été jumelées ?"))  # not a list


def test_a_title_naming_partnerships_another_authority_or_a_single_partner_leave_the_usual_answer() -> None:
    city = _document("vallon.html", CITY)
    other = _document("autre.html", [(h.replace("Vallon", "Ailleurs"), t.replace("Vallon", "Ailleurs")) for h, t in CITY], author="Ville d'Ailleurs")
    question = analyse("Quels sont les partenaires de la Ville de Vallon ?")
    hit = lambda chunks, rank: Hit(chunks[0], score=1.0, rank=rank, dense=0.9, lexical=1.0)  # noqa: E731 - local
    docs = {"vallon.html": city, "autre.html": other}
    find = lambda hits: partner_entries(question, hits, lambda d: docs[d], lambda d: _sections(docs[d]))  # noqa: E731
    assert find([hit(other, 1), hit(city, 2)]) == []  # another city's page; Vallon's is not the best hit's author's
    assert len(find([hit(city, 1), hit(other, 2)])) == 2
    # a page titled « Jumelages » whose only headings are its title and one partner: nothing gathered
    titled = _document("j.html", [("Jumelages", "Jumelages\n\n- Kumasi.\n- Oulu.\n"), ("Jumelages > Kumasi (Ghana)", "Kumasi (Ghana)\n")])
    docs["j.html"] = titled
    assert find([hit(titled, 1)]) == []


def test_a_hostile_page_of_many_headings_is_read_up_to_its_bounds() -> None:
    parts = [("Vallon", "Vallon\n\nLa Ville de Vallon coopère.\n"), ("Vallon > Nos partenaires", "Nos partenaires\n")]
    parts += [
        (f"Vallon > Nos partenaires > Ville {k} (Ghana)", f"Ville {k} (Ghana)\n\n" + "".join(f"- Kumasi {k}-{j}.\n" for j in range(50)))
        for k in range(200)
    ]
    page = _document("many.html", parts)
    a = _ask("Avec quelles villes Vallon est-elle jumelée ?", {"many.html": page})
    assert 2 <= len(a.citations) <= 12


#: A city's page whose partners are grouped under bare headings: twin towns, then an agreement.
GROUPED = [
    ("Vallon et le monde", "Vallon et le monde\n\nLa Ville de Vallon a des partenaires sur trois continents.\n"),
    ("Vallon et le monde > Nos partenaires", "Nos partenaires\n"),
    ("Vallon et le monde > Nos partenaires > Villes jumelles", "Villes jumelles\n"),
    (
        "Vallon et le monde > Nos partenaires > Villes jumelles > Oulu (Finlande)",
        "Oulu (Finlande)\n\nJumelée avec Vallon en 1975, Oulu échange sur la musique.\n",
    ),
    (
        "Vallon et le monde > Nos partenaires > Villes jumelles > Kumasi (Ghana)",
        "Kumasi (Ghana)\n\nLe jumelage date de 1990.\n",
    ),
    ("Vallon et le monde > Nos partenaires > Accord de coopération", "Accord de coopération\n"),
    (
        "Vallon et le monde > Nos partenaires > Accord de coopération > Cusco (Pérou)",
        "Cusco (Pérou)\n\nUn accord de coopération, qui n'est pas un jumelage, lie Vallon et Cusco depuis 2018.\n",
    ),
    ("Vallon et le monde > Nos actions", "Nos actions\n\n- Avec Kumasi, des bibliothèques de quartier.\n"),
]


def test_partners_grouped_under_bare_headings_are_the_headings_below_them_and_twins_are_told_apart() -> None:
    """« Villes jumelles » and « Accord de coopération » only group the partners: the partners are their
    sub-headings; « …jumelée ? » gets the twin towns, not the agreement (nor, on a flat page, a partner
    whose heading names no twinning)."""
    page = _document("grouped.html", GROUPED)
    everyone = _ask("Quels sont les partenaires de la Ville de Vallon ?", {"grouped.html": page})
    assert [c.text for c in everyone.citations] == ["Oulu (Finlande)", "Kumasi (Ghana)", "Cusco (Pérou)"]
    twins = _ask("Avec quelles villes Vallon est-elle jumelée ?", {"grouped.html": page})
    assert [c.text for c in twins.citations] == ["Oulu (Finlande)", "Kumasi (Ghana)"]
    both = _ask("Quels sont les jumelages et coopérations de la Ville de Vallon ?", {"grouped.html": page})
    assert len(both.citations) == 3  # twinnings and the agreement
    flat = [
        *CITY[:4],
        ("Vallon ouvert sur le monde > Nos partenaires > Cusco (Pérou) - accord de coopération", "Cusco (Pérou) - accord de coopération\n\nDepuis 2018.\n"),
        CITY[4],
    ]  # fmt: skip
    city = _document("vallon.html", flat)
    assert len(_ask("Quels sont les partenaires de la Ville de Vallon ?", {"vallon.html": city}).citations) == 3
    assert [c.text for c in _ask("Avec quelles villes Vallon est-elle jumelée ?", {"vallon.html": city}).citations] == [
        "Kumasi (Ghana) - jumelage depuis 1990",
        "Oulu (Finlande) - jumelage depuis 1975",
    ]


#: A city's page naming itself in its title; its actions sorted by theme, one told under a heading of its own.
ACTIONS = [
    ("Vallon à l'international", "Vallon à l'international\n\nLa Ville agit avec Kumasi et Oulu.\n"),
    ("Vallon à l'international > Nos partenaires > Kumasi (Ghana)", "Kumasi (Ghana)\n\nJumelage depuis 1990.\n"),
    ("Vallon à l'international > Nos actions", "Nos actions\n"),
    (
        "Vallon à l'international > Nos actions > Éducation",
        "Éducation\n\n- Programme « Écoles de Kumasi » : salles de classe et latrines.\n"
        "- Bourses pour des étudiants de l'université de Vallon à Oulu.\n",
    ),
    (
        "Vallon à l'international > Nos actions > Santé > Former des sages-femmes à Kumasi",
        "Former des sages-femmes à Kumasi\n\nLe centre hospitalier de Vallon accueille des stagiaires.\n",
    ),
    (
        "Vallon à l'international > Nos actions > Culture",
        "Culture\n\n- Festival « Vallon Chœurs » avec les chorales d'Oulu.\n- Bibliothèque de Kumasi : 4 000 livres.\n",
    ),
]


def test_actions_with_a_partner_leave_out_the_authors_own_town_and_take_headings_naming_the_partner() -> None:
    """« Quelles actions la ville de Vallon mène avec Kumasi ? » on « Vallon à l'international »: the items
    and headings about Kumasi under « Nos actions », not those naming Vallon (the page's own town, in its
    title) nor Kumasi's entry under « Nos partenaires »."""
    page = _document("actions.html", ACTIONS, author=None)
    places = ("Vallon", "Kumasi", "Oulu")
    page = [replace(c, metadata=DocumentMetadata(places=places)) for c in page]
    a = _ask("Quelles actions la ville de Vallon mène avec Kumasi ?", {"actions.html": page})
    assert [c.text for c in a.citations] == [
        "- Programme « Écoles de Kumasi » : salles de classe et latrines.",
        "Former des sages-femmes à Kumasi",
        "- Bibliothèque de Kumasi : 4 000 livres.",
    ], a.text
    # the same page by its author, « Ville de Saint-Vallon » (a hyphenated name), titled without it
    hyphened = [
        (h.replace("Vallon", "Saint-Vallon"), x.replace("Vallon", "Saint-Vallon")) for h, x in ACTIONS
    ]
    hyphened[0] = ("À l'international", "À l'international\n\nLa Ville agit avec Kumasi et Oulu.\n")
    hyphened = [(h.replace("Saint-Vallon à l'international", "À l'international"), x) for h, x in hyphened]
    page = _document("saint.html", hyphened, author="Ville de Saint-Vallon")
    page = [replace(c, metadata=DocumentMetadata(authority="Ville de Saint-Vallon", places=("Saint-Vallon", "Kumasi", "Oulu"))) for c in page]
    a = _ask("Quelles actions la ville de Saint-Vallon mène avec Kumasi ?", {"saint.html": page})
    assert "Oulu" not in a.text and len(a.citations) == 3, a.text


def test_a_list_with_a_long_item_keeps_one_sentence_per_item() -> None:
    from assistant.answer.compose import LIST_LINE_ITEM_WORDS, _one_line

    assert _one_line(["Kumasi (Ghana).", "Oulu (Finlande)."])
    assert not _one_line(["Kumasi (Ghana)."])  # one item is no list
    long_item = " ".join(["mot"] * (LIST_LINE_ITEM_WORDS + 1)) + "."
    assert not _one_line(["Kumasi (Ghana).", long_item])
    assert not _one_line(["Les partenaires sont :", "Kumasi (Ghana)."])  # a lead-in
    assert not _one_line(["Kumasi ; Oulu.", "Tamale."])  # an item that is itself a list


def test_an_inline_lead_in_is_the_clause_before_the_colon_that_opens_items() -> None:
    from assistant.answer.features import _inline_lead

    assert _inline_lead("La mission avait trois buts : lancer la phase, tenir le comité.") == "La mission avait trois buts"
    assert _inline_lead("Article 1 : La phase 2 vise à : bâtir ; former.") == "La phase 2 vise à"
    assert _inline_lead("Article 1 : approuver la phase, et le budget.") == ""  # a label, not a lead-in
    assert _inline_lead("La réunion a lieu à 10:30, salle B.") == ""  # a time, not a colon
    assert _inline_lead("Le bilan est bon : la phase est achevée.") == ""  # no items after it
    assert _inline_lead("Objectifs :\n- bâtir\n- former") == ""  # a block has its own lead-in
    assert _inline_lead(":" * 5000 + "," * 5000) == ""  # hostile input stays linear and quiet


#: A mission report whose aims mention the phase, and the deliberation that states the phase's own aims.
MISSION = [
    (
        "Mission à Lindi",
        "Mission à Lindi\n\nLa mission avait trois buts : lancer la phase 2 du programme « Lire à Lindi », "
        "tenir le comité de pilotage de la phase 2, et visiter les bibliothèques de Lindi.\n",
    )
]
DELIBERATION = [
    (
        "Délibération Lindi",
        # (the deliberation names its programme: a document that never writes a name of the question answers nothing
        # about it)
        "Délibération Lindi\n\nLe conseil approuve le plan de financement du programme « Lire à Lindi ».\n\n"
        "Considérant que la phase 2 du programme poursuit quatre objectifs : ouvrir six bibliothèques, "
        "former 30 bibliothécaires, acheter un bibliobus, et traduire 200 livres.\n",
    )
]


def test_a_list_question_gets_the_list_of_what_it_names_not_another_owners() -> None:
    docs = {"mission.md": _document("mission.md", MISSION), "deliberation.txt": _document("deliberation.txt", DELIBERATION)}
    answer = _ask("Quels sont les objectifs de la phase 2 du programme Lire à Lindi ?", docs)
    assert answer.text.startswith("Considérant que la phase 2 du programme poursuit quatre objectifs"), answer.text
    assert "La mission avait" not in answer.text  # the mission's aims are another list, not padding to add
    # asked of the mission, its aims are the answer
    answer = _ask("Quels étaient les objectifs de la mission à Lindi ?", docs)
    assert answer.text.startswith("La mission avait trois buts"), answer.text


#: Another authority's report that names Vallon in passing, and Vallon's own page on its twinning.
BRISSAC = [
    (
        "Brissac en Pologne",
        "Brissac en Pologne\n\nAux côtés de la Ville de Vallon et du Département de la Loire, la Ville de Brissac "
        "a rappelé son jumelage avec Tarnow.\n",
    )
]
VALLON_TWIN = [
    (
        "Vallon et Kumasi",
        "Vallon et Kumasi\n\nUn serment de jumelage a été signé entre Vallon et Kumasi le 3 mai 2001.\n\n"
        "Les deux villes échangent chaque année des classes de collège.\n",
    )
]


def test_an_authoritys_partners_come_from_its_own_documents_not_from_anothers_that_names_it() -> None:
    docs = {
        "vallon.txt": _document("vallon.txt", VALLON_TWIN, author="Ville de Vallon", places=("Kumasi",)),
        "brissac.txt": _document("brissac.txt", BRISSAC, author="Ville de Brissac", places=("Tarnow",)),
    }
    for question in ("Avec quelles villes Vallon est-elle jumelée ?", "Quelles sont les villes partenaires de Vallon ?"):
        answer = _ask(question, docs)
        assert "Kumasi" in answer.text.split("[")[0], (question, answer.text)  # the partner comes first
        assert "Tarnow" not in answer.text, (question, answer.text)  # Brissac's twin is not Vallon's


#: A department's page: one sentence names French partners in passing, the list names partners abroad.
DEPARTMENT = [
    (
        "Nos coopérations",
        "Nos coopérations\n\nAux côtés de la Ville de Lyon, du Département du Calvados et de la Communauté de "
        "Roissy, le Département coopère dans la durée.\n\n"
        "- Partenariat avec la Fondation Aznavour à Erevan (Arménie) pour la culture ;\n"
        "- Partenariat avec l'Institut français de Pologne pour la francophonie.\n",
    )
]


def test_a_country_question_is_answered_by_the_sentences_that_name_countries() -> None:
    docs = {"departement.txt": _document("departement.txt", DEPARTMENT, author=None)}
    answer = _ask("Avec quels pays le Département coopère-t-il ?", docs)
    assert "Arménie" in answer.text.split("[")[0], answer.text
    assert "Calvados" not in answer.text, answer.text  # French towns and departments are no countries


#: A convention whose axes are articles of their own, each with its text below, and a report of the same
#: partnership that numbers its own sections by axis in other words.
CONVENTION = [
    ("Convention de coopération Vallon – Tamale 2025-2027", "CONVENTION DE COOPÉRATION 2025-2027\n\nLa présente "
     "convention fixe les axes de la coopération.\n"),
    ("Convention de coopération Vallon – Tamale 2025-2027", "Article 3 – Axe 1 : eau potable et assainissement\n"
     "Les parties rénovent les bornes-fontaines des quartiers.\n"),
    ("Convention de coopération Vallon – Tamale 2025-2027", "Article 4 – Axe 2 : jeunesse et formation\nLes "
     "parties organisent chaque année un chantier de jeunes.\nArticle 5 – Durée\nElle court jusqu'en 2027.\n"),
]  # fmt: skip
REPORT = [
    ("Rapport d'activité Vallon – Tamale 2025", "Rapport d'activité 2025\n\nLa convention 2025-2027 a été signée.\n"),
    ("Rapport d'activité Vallon – Tamale 2025", "2. Axe 1 – Les bornes-fontaines\n\nDix bornes rénovées.\n"),
    ("Rapport d'activité Vallon – Tamale 2025", "3. Axe 2 – Le chantier de jeunes\n\nDouze jeunes.\n"),
]


def test_the_axes_of_a_convention_are_its_numbered_articles_quoted_in_order() -> None:
    docs = {"rapport.md": _document("rapport.md", REPORT), "convention.txt": _document("convention.txt", CONVENTION)}
    answer = _ask("Quels sont les axes de la convention 2025-2027 entre Vallon et Tamale ?", docs)
    assert [c.text for c in answer.citations] == [
        "Article 3 – Axe 1 : eau potable et assainissement",
        "Article 4 – Axe 2 : jeunesse et formation",
    ]  # the convention's own lines, not the report's (« Article 5 – Durée » numbers no axis)
    assert all(_whole(docs[c.source])[c.start : c.end] == c.text for c in answer.citations)


def test_numbered_entries_may_put_the_ordinal_first() -> None:
    """« Article 3 - Premier axe : … », « Article 4 - Deuxième axe : … »: each line an entry of the list asked, in the
    document's order; an ordinal before another noun (« Premier comité : … ») numbers no axis."""
    ordinal = [
        ("Convention Vallon – Tamale 2024", "CONVENTION 2024\n\nElle s'organise en trois axes.\n"),
        ("Convention Vallon – Tamale 2024", "Article 3 - Premier axe : la ferme-école\nLes parties équipent la ferme.\n"
         "Article 4 - Deuxième axe : les cantines scolaires\nDeux cantines rouvrent.\n"),
        ("Convention Vallon – Tamale 2024", "Article 5 - 3e axe : un festival de contes\nIl a lieu en mai.\n"
         "Premier comité : le 4 mars\n"),
    ]  # fmt: skip
    docs = {"convention.txt": _document("convention.txt", ordinal)}
    found = numbered_entries(analyse("Quels sont les axes de la convention ?"), ["convention.txt"], docs.__getitem__)
    whole = _whole(docs["convention.txt"])
    assert [whole[a:b] for _, a, b in found] == [
        "Article 3 - Premier axe : la ferme-école",
        "Article 4 - Deuxième axe : les cantines scolaires",
        "Article 5 - 3e axe : un festival de contes",
    ]
    assert numbered_entries(analyse("Quels sont les comités ?"), ["convention.txt"], docs.__getitem__) == []
    # « Quels sont les trois axes… ? »: the count is no noun; the numbered lines answer even where the sentence
    # weighed is refused, when the question's names are all in the passages
    assert analyse("Quels sont les trois axes de la convention ?").list_noun == "axes"
    strict = _ask("Quels sont les trois axes de la convention Vallon Tamale ?", docs, accept_floor=1.0)
    assert [c.text for c in strict.citations] == [whole[a:b] for _, a, b in found], strict.text
    elsewhere = _ask("Quels sont les trois axes de la convention Vallon Kumasi ?", docs, accept_floor=1.0)
    assert elsewhere.abstained, elsewhere.text  # Kumasi is in no passage
    # a question that names nothing does not get a document's numbered lines past a refusal
    unnamed = _ask("Quels sont les axes de la convention sur l'eau potable ?", docs, accept_floor=1.0)
    assert unnamed.abstained, unnamed.text
    # « Premier axe : … » in a summary and « Axe 1 : … » in its article are one entry, quoted once
    twice = [("Convention Vallon – Tamale 2024", "Premier axe : la ferme-école\nDeuxième axe : les cantines\n"),
             ("Convention Vallon – Tamale 2024", "Axe 1 : la ferme-école\nLes parties équipent la ferme.\n"
              "Axe 2 : les cantines\nDeux cantines rouvrent.\n")]  # fmt: skip
    twice_docs = {"convention.txt": _document("convention.txt", twice)}
    once = numbered_entries(analyse("Quels sont les axes de la convention ?"), ["convention.txt"], twice_docs.__getitem__)
    assert len(once) == 2, once


def test_numbered_entries_need_two_numbers_of_the_noun_asked() -> None:
    one = [("Convention Vallon – Tamale", "Article 3 – Axe 1 : eau potable\nLes parties rénovent.\n")]
    docs = {"convention.txt": _document("convention.txt", one)}
    assert numbered_entries(analyse("Quels sont les axes de la convention ?"), ["convention.txt"], docs.__getitem__) == []
    docs = {"convention.txt": _document("convention.txt", CONVENTION)}
    assert numbered_entries(analyse("Quels sont les objectifs de la convention ?"), ["convention.txt"], docs.__getitem__) == []


def test_an_inset_heading_that_asks_a_question_is_no_partner_and_tous_les_partenaires_is_a_partner_question() -> None:
    """« Jumelage, accord, pacte d'amitié : de quoi parle-t-on ? » under « Nos partenaires » explains the words,
    it names no partner; « quels sont tous les partenaires etrangers de vallon » asks the same list as « Quels sont
    les partenaires de Vallon ? », and the list stands even where the sentence weighed would be refused."""
    inset = ("Vallon ouvert sur le monde > Nos partenaires > Jumelage, accord : de quoi parle-t-on ?",
             "Jumelage, accord : de quoi parle-t-on ?\n\nUn jumelage engage deux villes dans la durée.\n")  # fmt: skip
    city = _document("vallon.html", [*CITY[:4], inset, CITY[4]])
    analysis = analyse("quels sont tous les partenaires etrangers de vallon")
    assert analysis.list_noun == "partenaires" and asks_partners(analysis)
    for floor in (0.0, 0.999):
        hits = (Hit(city[0], score=1.0, rank=1, dense=0.9, lexical=1.0),)
        question = "quels sont tous les partenaires etrangers de vallon"
        found = Retrieval(hits, EMBEDDER.encode_query([question])[0], tuple(query_terms(question)))
        vectors = [SentenceVector(city[0].id, city[0].doc_id, s.start, s.end, v) for s, v in
                   zip(city[0].sentences, EMBEDDER.encode_document([s.text for s in city[0].sentences]), strict=True)]
        a, _ = compose_answer(
            question, question, found, vectors, LexicalIndex.build(city), max_sentences=3, threshold=-5.0,
            document_chunks=lambda d: city, sections_of=lambda d: _sections(city), accept_floor=floor,
        )  # fmt: skip
        assert [c.text for c in a.citations] == [
            "Kumasi (Ghana) - jumelage depuis 1990",
            "Oulu (Finlande) - jumelage depuis 1975",
        ], (floor, a.text)


#: The end of a convention (invented): its signature blocks, each party's role lines above its signatory's name.
SIGNED = (
    "Article 9 – Durée\n\nLa présente convention est conclue pour quatre ans.\n\n"
    "Fait à Vallon, le 3 mars 2025, en deux exemplaires originaux.\n\n"
    "Pour la Ville de Vallon,\nLe maire,\nAnge Santoni-Luca\n\n"
    "Pour le Town Council de Levu,\nL'administratrice spéciale,\nSereana Tuila\n"
)


def test_who_signed_is_answered_by_the_signature_blocks_of_the_document() -> None:
    """« Qui a signé la convention ? »: the signature blocks at the end, each from its role lines to the name,
    quoted exactly; a question that asks when it was signed is no signatory question, and « Le Maire » alone on
    its line (« Pour extrait conforme, / Le Maire ») names nobody."""
    convention = _document("convention.txt", [("Convention Vallon Levu", SIGNED)])
    a = _ask("Qui a signé la convention entre Vallon et Levu ?", {"convention.txt": convention})
    assert [c.text for c in a.citations] == [
        "Pour la Ville de Vallon,\nLe maire,\nAnge Santoni-Luca",
        "Pour le Town Council de Levu,\nL'administratrice spéciale,\nSereana Tuila",
    ]
    assert a.text.startswith("Pour la Ville de Vallon, Le maire, Ange Santoni-Luca. [1]"), a.text
    assert a.short_answer == "Ange Santoni-Luca" and not a.abstained
    assert asks_signatory(analyse("et qui l'a signée ?")) and asks_signatory(analyse("les signataires de l'accord"))
    assert not asks_signatory(analyse("Quand la convention a-t-elle été signée ?"))
    unnamed = _document("extrait.txt", [("Délibération", "Adopté à l'unanimité.\n\nPour extrait conforme,\nLe Maire\n")])
    assert signatories(["extrait.txt"], lambda d: unnamed) == []


def test_who_signed_without_a_signature_block_gets_the_sentence_and_no_name_picked_from_it() -> None:
    page = _document("page.txt", [("Coopération Vallon Levu", "A l'issue des Premières Assises à Erevan en 2010, une "
                                   "première convention a été signée entre les deux collectivités.\n")])  # fmt: skip
    a = _ask("Qui a signé la convention entre Vallon et Levu ?", {"page.txt": page})
    assert not a.abstained and "signée entre les deux collectivités" in a.text and a.short_answer is None, a


def test_who_signed_for_one_side_gets_that_sides_block_first() -> None:
    """« Qui a signé la convention côté Levu ? »: the block of Levu first (its signatory is the short answer), the
    other party's after it; without a side, the document's order."""
    convention = _document("convention.txt", [("Convention Vallon Levu", SIGNED)])
    a = _ask("Qui a signé la convention côté Levu ?", {"convention.txt": convention})
    assert a.citations[0].text.startswith("Pour le Town Council de Levu,") and a.short_answer == "Sereana Tuila", a.text
    b = _ask("Qui a signé la convention du côté de la ville de Vallon ?", {"convention.txt": convention})
    assert b.citations[0].text.startswith("Pour la Ville de Vallon,") and b.short_answer == "Ange Santoni-Luca", b.text


#: A convention whose axes are articles titled by their theme alone, among the articles every convention has.
TITLED = [
    ("Convention de coopération Vallon – Tamale 2022", "CONVENTION DE COOPÉRATION\n\nLes parties organisent leur "
     "coopération en trois axes.\nArticle 1 – Objet\nLa présente convention fixe le cadre.\nArticle 2 – Principes\n"
     "Les parties agissent ensemble.\n"),
    ("Convention de coopération Vallon – Tamale 2022", "Article 3 – Miellerie collective\nUne miellerie est bâtie.\n"
     "Article 4 – Formation des apicultrices\nVingt femmes sont formées.\nArticle 5 – Reboisement du miombo\n"
     "Des plants sont mis en terre.\n"),
    ("Convention de coopération Vallon – Tamale 2022", "Article 6 – Engagements financiers\nChaque partie paie.\n"
     "Article 7 – Durée\nTrois ans.\nArticle 8 – Langues\nLe français et l'anglais.\n"),
]  # fmt: skip


def test_the_axes_of_a_convention_may_be_its_thematic_articles() -> None:
    """« Quels sont les trois axes de la convention ? » where each axis is an article titled by its theme alone
    (« Article 3 – Miellerie collective »): those articles, in order, not « Objet », « Durée » or « Engagements
    financiers »; not when the count asked differs, nor for a document that is no convention, nor for another noun."""
    from assistant.answer.gather import article_entries

    docs = {"convention.txt": _document("convention.txt", TITLED)}
    whole = _whole(docs["convention.txt"])
    found = article_entries(analyse("Quels sont les trois axes de la convention ?"), ["convention.txt"], docs.__getitem__)
    assert [whole[a:b] for _, a, b in found] == [
        "Article 3 – Miellerie collective",
        "Article 4 – Formation des apicultrices",
        "Article 5 – Reboisement du miombo",
    ]
    assert article_entries(analyse("Quels sont les cinq axes de la convention ?"), ["convention.txt"], docs.__getitem__) == []
    assert article_entries(analyse("Quels sont les objectifs de la convention ?"), ["convention.txt"], docs.__getitem__) == []
    # an article that holds the list (« Article 2 – Domaines de coopération ») is none of its entries
    holding = [(t, text.replace("Article 2 – Principes", "Article 2 – Domaines de coopération")) for t, text in TITLED]
    held = {"convention.txt": _document("convention.txt", holding)}
    domains = article_entries(analyse("Quels sont les domaines de la convention ?"), ["convention.txt"], held.__getitem__)
    assert [_whole(held["convention.txt"])[a:b] for _, a, b in domains[:1]] == ["Article 3 – Miellerie collective"]
    # articles with a procedural one between (« Article 3 », « Article 5 ») are no list
    gap = [(t, text.replace("Article 4 – Formation des apicultrices", "Article 4 – Durée")) for t, text in TITLED]
    gapped = {"convention.txt": _document("convention.txt", gap)}
    assert article_entries(analyse("Quels sont les axes de la convention ?"), ["convention.txt"], gapped.__getitem__) == []
    # a convention with procedural articles only has no entries
    bare = {"convention.txt": _document("convention.txt", [TITLED[0], TITLED[2]])}
    assert article_entries(analyse("Quels sont les axes de la convention ?"), ["convention.txt"], bare.__getitem__) == []
    report = {"rapport.md": _document("rapport.md", [("Rapport d'activité 2022", t) for _, t in TITLED])}
    assert article_entries(analyse("Quels sont les axes de la convention ?"), ["rapport.md"], report.__getitem__) == []
    answer = _ask("Quels sont les axes de la convention 2022 entre Vallon et Tamale ?", docs)
    assert [c.text for c in answer.citations] == [whole[a:b] for _, a, b in found], answer.text


#: The Région's accord with Gandaki: it never writes « Brest », nor the acronym « AAP ».
GANDAKI = [
    (
        "Région et Gandaki",
        "Région et Gandaki\n\nLa Région Hauts-de-France et la Province de Gandaki ont signé un accord de coopération à "
        "Pokhara le 12 septembre 2022.\n\nL'appel à projets « Solidarité Gandaki » ouvre le 2 février 2026.\n",
    )
]


def test_a_name_of_the_question_that_the_answers_document_never_writes_is_pas_trouve() -> None:
    """« Quand Brest a-t-elle signé un accord avec la Province de Gandaki ? » is not answered by the Région's accord
    with Gandaki: « Brest » is written nowhere in its document, nor is a year asked (« …2021 »). The question that
    names the Région is answered, and an acronym the document spells out (« AAP ») refuses nothing."""
    docs = {"region.txt": _document("region.txt", GANDAKI, author="Région Hauts-de-France", places=("Gandaki",))}
    answer = _ask("Quand Brest a-t-elle signé un accord de coopération avec la Province de Gandaki ?", docs)
    assert answer.abstained, answer.text
    answer = _ask("Quand la Région Hauts-de-France a-t-elle signé un accord de coopération avec la Province de Gandaki ?", docs)
    assert not answer.abstained and answer.short_answer == "12 septembre 2022", answer.text
    answer = _ask("date d'ouverture de l'AAP Solidarité Gandaki", docs)
    assert not answer.abstained and "2 février 2026" in answer.text, answer.text
    # a year is a name of the question too: the document never writes 2021, and 2026 is the start of a range
    answer = _ask("date d'ouverture de l'appel à projets Solidarité Gandaki 2021", docs)
    assert answer.abstained, answer.text
    answer = _ask("date d'ouverture de l'appel à projets Solidarité Gandaki 2026-2027", docs)
    assert not answer.abstained and "2 février 2026" in answer.text, answer.text


#: A twinning whose partner the document abbreviates (« St-Louis »), with an aid in euros.
SAINT_LOUIS = [
    (
        "Lens et St-Louis",
        "Lens et St-Louis\n\nLe jumelage entre Lens et St-Louis a été signé le 3 mars 2019. La Ville verse chaque "
        "année une aide de 2000 euros au comité de jumelage.\n",
    )
]


def test_a_year_before_a_comma_is_asked_and_saint_or_an_amount_is_no_name_the_document_must_write() -> None:
    """A year the question asks before a comma or a full stop is asked as any other (« …en 2021, à Pokhara ? »: the
    document never writes 2021, « pas trouvé »); « Saint-Louis » is the document's « St-Louis » and « 2000 euros » is
    an amount, not a year: both are answered."""
    import importlib

    compose_module = importlib.import_module("assistant.answer.compose")  # (the package exports a function of that name)
    assert compose_module._ASKED_YEAR.findall("une aide de 2000 euros en 2022, puis en 2023. ") == ["2022", "2023"]
    assert compose_module._ASKED_YEAR.findall("le 12.2024, 1990 habitants, 2 000,50 €, 2025-2028") == ["2025"]
    docs = {"region.txt": _document("region.txt", GANDAKI, author="Région Hauts-de-France", places=("Gandaki",))}
    question = "Quand la Région Hauts-de-France a-t-elle signé un accord avec la Province de Gandaki en {}, à Pokhara ?"
    answer = _ask(question.format(2021), docs)
    assert answer.abstained, answer.text
    answer = _ask(question.format(2022), docs)
    assert not answer.abstained and answer.short_answer == "12 septembre 2022", answer.text
    docs = {"lens.txt": _document("lens.txt", SAINT_LOUIS, author="Ville de Lens", places=("St-Louis",))}
    answer = _ask("Quand le jumelage entre Lens et Saint-Louis a-t-il été signé ?", docs)
    assert not answer.abstained and answer.short_answer == "3 mars 2019", answer.text
    answer = _ask("Qui reçoit l'aide de 2000 euros de Lens ?", docs)
    assert not answer.abstained and "comité de jumelage" in answer.text, answer.text


def test_articles_titled_by_the_asked_noun_are_the_entries() -> None:
    """« Quels sont les volets … de la convention ? » where the articles are « Article 3 – Volet scolaire », « Article 4 –
    Volet eau »…: those articles (the noun in the singular, qualified, opens each entry), not the procedural ones
    around them, nor a later document's articles."""
    from assistant.answer.gather import article_entries

    volets = [
        ("Convention de coopération Marcillac – Danyi", "Article 1 – Objet\nLa convention fixe le cadre.\n"
         "Article 2 – Durée\nTrois ans.\nArticle 3 – Volet scolaire\nDes classes jumelles.\nArticle 4 – Volet eau\n"
         "Une pompe solaire.\nArticle 5 – Volet santé\nUne case de santé.\nArticle 6 – Financement\nLe plan.\n"),
    ]  # fmt: skip
    docs = {"convention.txt": _document("convention.txt", volets)}
    whole = _whole(docs["convention.txt"])
    found = article_entries(analyse("Quels sont les volets de la convention ?"), ["convention.txt"], docs.__getitem__)
    assert [whole[a:b] for _, a, b in found] == [
        "Article 3 – Volet scolaire", "Article 4 – Volet eau", "Article 5 – Volet santé"]  # fmt: skip
    # (the noun alone, or after another word, still names the list: no entry)
    holding = [(t, text.replace("Article 2 – Durée", "Article 2 – Un volet")) for t, text in volets]
    held = {"convention.txt": _document("convention.txt", holding)}
    again = article_entries(analyse("Quels sont les volets de la convention ?"), ["convention.txt"], held.__getitem__)
    assert [_whole(held["convention.txt"])[a:b] for _, a, b in again][:1] == ["Article 3 – Volet scolaire"]


def test_the_numbered_sub_headings_of_the_article_that_names_the_list_are_its_entries() -> None:
    """« Quels sont les domaines de coopération prévus par la convention ? » where « Article 2 – Domaines de
    coopération » is followed by « 2.1 Formation des sages-femmes », « 2.2 … »: those sub-headings, not the other
    articles; a count asked that differs gives none."""
    from assistant.answer.gather import article_entries

    domains = [
        ("Convention de partenariat hospitalier Céret – Illéla", "Article 1 – Objet\nLe cadre.\nArticle 2 – Domaines de "
         "coopération\n2.1 Formation des sages-femmes\nDes stages.\n2.2 Formation des infirmiers\nDes modules.\n"
         "2.3 Dons de matériel\nDes lits.\nArticle 3 – Engagements du centre hospitalier\nIl accueille.\n"
         "Article 4 – Vie associative\nUne association.\n3.1 Autre chose\nRien.\n"),
    ]  # fmt: skip
    docs = {"convention.txt": _document("convention.txt", domains)}
    whole = _whole(docs["convention.txt"])
    question = analyse("Quels sont les domaines de coopération prévus par la convention ?")
    found = article_entries(question, ["convention.txt"], docs.__getitem__)
    assert [whole[a:b] for _, a, b in found] == [
        "2.1 Formation des sages-femmes", "2.2 Formation des infirmiers", "2.3 Dons de matériel"]  # fmt: skip
    four = analyse("Quels sont les quatre domaines de coopération prévus par la convention ?")
    assert [whole[a:b] for _, a, b in article_entries(four, ["convention.txt"], docs.__getitem__)][:1] != [
        "2.1 Formation des sages-femmes"]  # fmt: skip
