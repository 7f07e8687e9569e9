"""French analysis: BM25 terms, sentence spans, matching keys."""

from assistant.textnorm import analyze, fold, match_keys, named_words, query_terms, split_sentences, term_keys


def test_analyze_splits_elisions_drops_stopwords_and_folds_accents() -> None:
    terms = analyze("L'Agglomération et l'AFD financent la coopération d'Artachat.")
    assert "afd" in terms
    assert "artachat" in terms
    assert "cooper" in terms  # stemmed and accent-folded
    assert not {"l", "la", "et", "d"} & set(terms)
    assert analyze("coopération") == analyze("cooperation")


def test_query_terms_drop_question_words_and_inverted_pronouns() -> None:
    assert query_terms("Quelle coopération Clamart mène-t-elle avec le Japon ?") == [
        "cooper",
        "clamart",
        "men",
        "japon",
    ]


def test_sentences_have_exact_offsets_and_keep_lists_with_their_lead_in() -> None:
    text = (
        "Historique :\nUn serment a été signé le 31 mai 2003. M. Dupont était là.\n"
        "3 axes ont été définis :\n- la francophonie\n- la gouvernance locale\n- l'éducation\nFin du texte."
    )
    spans = split_sentences(text)
    sentences = [text[s:e] for s, e in spans]
    assert sentences[0] == "Historique :"
    assert "Un serment a été signé le 31 mai 2003." in sentences
    assert "M. Dupont était là." in sentences  # "M." is not a sentence end
    enumeration = next(s for s in sentences if s.startswith("3 axes"))
    assert enumeration.endswith("- l'éducation")
    assert "- la gouvernance locale" in enumeration
    for s, e in spans:
        assert text[s:e] == text[s:e].strip()


def test_long_sentences_are_cut_on_a_space() -> None:
    text = "mot " * 400
    spans = split_sentences(text, max_chars=100)
    assert all(e - s <= 100 for s, e in spans)
    assert spans[0][0] == 0


def test_match_keys_meet_across_derivations() -> None:
    assert "~jumel" in match_keys("jumelée") & match_keys("jumelage")
    assert fold("Éducation") == "education"


def test_named_words_are_capitalised_words_and_acronyms_not_the_first_word() -> None:
    assert named_words("Qui soutient l'AFD à Kendari ?") == ["AFD", "Kendari"]
    assert named_words("Quelle est la capitale ?") == []
    # a name with an apostrophe inside is cut as match_keys cuts a passage's words (« Savai'i »: « Savai », « i »)
    assert named_words("What is the population of Savai'i?") == ["Savai"]
    assert term_keys("Savai")[0] in match_keys("L'île de Savai'i compte environ 43 000 habitants.")


def test_fold_is_the_one_of_the_french_package() -> None:
    from assistant import french

    assert fold is french.fold  # one fold: textnorm only passes it on to its importers


def test_a_capitalised_question_word_matches_the_same_word_in_a_text() -> None:
    """Snowball stems « Hiver » to « iv » but « hiver » to « hiv »: a name of the question (« l'opération
    Hiver chaud », « Huế », « Haïti ») must find itself in the passages."""
    from assistant.answer.profile import holds_key

    for name, text in (("Hiver", "L'opération « Hiver chaud » est une campagne."), ("Huế", "La ville de Huế"),
                       ("Haïti", "en Haïti"), ("Kaya", "à Kaya")):  # fmt: skip
        stem_key, prefix_key = term_keys(name)
        assert holds_key(stem_key, None, match_keys(text)), name
        assert prefix_key is None or prefix_key in match_keys(text)


def test_a_word_with_an_apostrophe_inside_is_also_matched_without_it() -> None:
    """« ra'ui » is found when « raui » is asked; an elision (« l'eau », « jusqu'au ») is not joined."""
    keys = match_keys("Le programme tire son nom du ra'ui, jusqu'au lagon et à l'eau.")
    assert term_keys("raui")[0] in keys
    assert "leau" not in keys and "jusquau" not in keys
