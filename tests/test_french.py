"""French knowledge in one place: the fold's contract, its offsets, the shared patterns and word lists.

Each edge case of the three folds it replaces has a test: ``textnorm.fold`` (ligatures spelled out),
``metadata.fold`` (apostrophes, non-breaking spaces and hyphens straightened, one character for one,
now :func:`straighten`), ``question.folded`` (the same as ``textnorm.fold``).
"""

from __future__ import annotations

import json
import re
import unicodedata

import pytest

from assistant.french import Folded, fold, fold_offsets, straighten
from assistant.french.dates import DATE, DATE_FOLDED, MONTH, MONTH_FOLDED, WEEKDAY_FOLDED, parse_date
from assistant.french.lexicon import lexicon, place_words, themes
from assistant.french.patterns import CAP_WORD, CAPS_NAME, LIST_ITEM, PLACE_NAME


def old_textnorm_fold(text: str) -> str:
    """``textnorm.fold`` before the French package (the reference of :func:`fold`)."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("œ", "oe").replace("æ", "ae")


# --- fold ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Éducation", "education"),
        ("COOPÉRATION Décentralisée", "cooperation decentralisee"),
        ("Œuvre, cœur, Æsope, ex æquo", "oeuvre, coeur, aesope, ex aequo"),  # ligatures spelled out
        ("İstanbul", "istanbul"),  # a capital whose lower case is two characters
        ("e\u0301te\u0301", "ete"),  # decomposed accents (text not in NFC) are dropped too
        ("Ça, là-bas, où, août, naïf, Noël", "ca, la-bas, ou, aout, naif, noel"),
    ],
)
def test_fold_lower_case_no_accents_ligatures_spelled_out(text: str, expected: str) -> None:
    assert fold(text) == expected


def test_fold_keeps_apostrophes_spaces_and_hyphens_straighten_makes_them_plain() -> None:
    text = "l’été d‘Aix\u00a0: 10\u202f000 ʼ´ Aix‑en‐Provence"
    assert fold(text) == "l’ete d‘aix\u00a0: 10\u202f000 ʼ´ aix‑en‐provence"  # fold alone changes none of them
    assert straighten(text) == "l'été d'Aix : 10 000 '' Aix‑en‐Provence"
    assert straighten(text, hyphens=True) == "l'été d'Aix : 10 000 '' Aix-en-Provence"
    assert len(straighten(text, hyphens=True)) == len(text)  # one character for one
    assert fold(straighten(text, hyphens=True)) == "l'ete d'aix : 10 000 '' aix-en-provence"


def test_fold_is_the_former_textnorm_fold_on_every_character_of_latin_and_punctuation() -> None:
    text = "".join(chr(c) for c in range(0x20, 0x2100) if chr(c).isprintable() and chr(c) not in "Σ")
    assert fold(text) == old_textnorm_fold(text)
    for word in ("Coopération", "jumelée", "ŒUVRE", "Kasaï-Central", "N’Djamena", "São Tomé"):
        assert fold(word) == old_textnorm_fold(word)


# --- offsets ---------------------------------------------------------------------------------


def test_offsets_of_each_character() -> None:
    text = "Œuvre d’été\u00a0: cœur e\u0301!"
    folded = fold_offsets(text)
    assert folded.text == fold(text) == "oeuvre d’ete\u00a0: coeur e!"
    # every folded character, with the original character(s) it comes from
    origins = [folded.original_text(i, i + 1) for i in range(len(folded))]
    assert origins[:3] == ["Œ", "Œ", "u"]  # « Œ » gave « oe »
    assert origins[folded.text.index("’")] == "’"
    assert origins[folded.text.index("\u00a0")] == "\u00a0"
    assert origins[-2:] == ["e\u0301", "!"]  # the dropped accent belongs to its letter
    for i in range(len(folded)):
        assert folded.text[i] in fold(origins[i])
    # a match in the folded text leads back to the words of the text
    m = re.search("coeur", folded.text)
    assert m and folded.original_text(*m.span()) == "cœur"
    assert folded.span(len(folded), len(folded)) == (len(text), len(text))
    assert folded.span(2, 2) == (1, 1)  # an empty span stays empty (before « u »)


def test_offsets_are_the_identity_when_the_fold_keeps_the_length() -> None:
    text = "Éducation, l’été à Nîmes\u00a0!"
    folded = fold_offsets(text)
    assert folded == Folded(fold(text), text) and folded.starts is None
    assert all(folded.span(i, i + 1) == (i, i + 1) for i in range(len(text)))
    assert len(folded) == len(text)


# --- patterns and word lists -----------------------------------------------------------------


def test_list_items_and_capitalised_words() -> None:
    for item in ("- eau", "• santé", "ð éducation", "1. axe", "2) axe", "3° axe", "a) axe", "  ✓ fait"):
        assert LIST_ITEM.match(item), item
    assert not LIST_ITEM.match("Axe prioritaire")
    assert re.findall(CAP_WORD, "la Ville de Kendari et N’Djamena, Aix-en-Provence ou A.") == [
        "Ville",
        "Kendari",
        "N’Djamena",
        "Aix-en-Provence",
    ]
    assert re.fullmatch(PLACE_NAME, "Villeneuve-d'Ascq") and re.fullmatch(PLACE_NAME, "Port au Prince")
    assert re.fullmatch(CAPS_NAME, "BOUCHES-DU-RHÔNE") and not re.fullmatch(CAPS_NAME, "Clamart")


def test_months_and_weekdays() -> None:
    assert lexicon().months[1] == "février" and len(lexicon().months) == 12
    assert lexicon().month_numbers["fevrier"] == lexicon().month_numbers["fev"] == 2
    assert lexicon().month_numbers["aout"] == 8 and lexicon().month_numbers["dec"] == 12
    pattern = re.compile(MONTH, re.IGNORECASE)
    assert all(pattern.fullmatch(m) and pattern.fullmatch(fold(m)) for m in lexicon().months)
    assert re.fullmatch(MONTH_FOLDED, "sept")
    longest = re.match(MONTH_FOLDED, "septembre")
    assert longest and longest.group() == "septembre"  # the longest spelling first
    assert re.fullmatch(WEEKDAY_FOLDED, "mercredi")


def test_word_lists_are_data_files() -> None:
    lex = lexicon()
    assert {"quel", "comment", "faut-il"} <= lex.question_words and "elle" in lex.clitics
    assert {"m", "mme", "etc", "janv"} <= lex.abbreviations
    words = place_words()
    assert words.admin_units[0] == "Ville métropolitaine" and "Wilaya" in words.admin_units
    assert "Depuis" in words.leading_words and "Institut" in words.organisation_words
    names = [t.name for t in themes()]
    assert names[:3] == ["santé", "eau", "éducation"] and len(names) == 13
    for theme in themes():  # every keyword is a valid regex of folded text
        for keyword in theme.keywords + theme.names:
            re.compile(keyword)
            assert fold(keyword) == keyword
    from importlib import resources

    for name in ("french.json", "themes.json", "place_words.json"):  # shipped as package data
        json.loads(resources.files("assistant").joinpath("data", name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("sentence", "dates"),
    [
        ("Le serment a été signé le 31 mai 2003 à Clamart.", ["31 mai 2003"]),
        ("La mission a lieu du 3 au 7 février 2025.", ["du 3 au 7 février 2025"]),
        ("Depuis mai 2003, puis le 15/10/2025 et le 2025-06-16.", ["mai 2003", "15/10/2025", "2025-06-16"]),
        ("Une association loi 1901 créée en 1988.", ["1988"]),  # « loi 1901 » names a law
        ("Le 1er DECEMBRE 2024", ["1er DECEMBRE 2024"]),
        ("Les Assises de Goris (2-3 juin 2025).", ["2-3 juin 2025"]),  # a range of days with a hyphen
        ("Séminaire des 12 – 14 mars 2024.", ["12 – 14 mars 2024"]),  # or a dash
    ],
)
def test_dates_as_written(sentence: str, dates: list[str]) -> None:
    assert [m.group() for m in DATE.finditer(sentence)] == dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10/03/2025", "2025-03-10"),
        ("10.03.25", "2025-03-10"),
        ("5-1-99", "1999-01-05"),
        ("2025-03-10", "2025-03-10"),
        ("lundi 1er fevr. 2025", "2025-02-01"),
        ("3 sept 2023", "2023-09-03"),
        ("31/02/2025", None),  # not a day
        ("12 mars 1890", None),  # outside 1950–2100
    ],
)
def test_dates_of_folded_text(text: str, expected: str | None) -> None:
    m = re.fullmatch(DATE_FOLDED, fold(text))
    assert m is not None
    parsed = parse_date(m)
    assert (parsed.isoformat() if parsed else None) == expected


def test_the_language_data_files_name_each_key_once() -> None:
    """A key written twice in a JSON object is silently the last one: every data file is read strictly."""
    import json
    from importlib import resources

    def strict(pairs: list[tuple[str, object]]) -> dict[str, object]:
        keys = [k for k, _ in pairs]
        assert len(keys) == len(set(keys)), sorted({k for k in keys if keys.count(k) > 1})
        return dict(pairs)

    files = [f for f in resources.files("assistant").joinpath("data").iterdir() if f.name.endswith(".json")]
    assert files
    for f in files:
        json.loads(f.read_text(encoding="utf-8"), object_pairs_hook=strict)
