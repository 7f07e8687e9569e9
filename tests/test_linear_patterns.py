"""Crafted text no longer makes ingestion regexes quadratic (issue 12, item 5: metadata and Markdown).

The probe (each holding the index's write lock meanwhile): metadata.py ``NAME\\s+Métropole`` on
``'Abc ' * 8000`` 12 s; Markdown on ``'**a ' * 16000`` 15 s, ``'<script ' * 16000`` 12 s,
``'<!--' * 16000`` 7 s. Each pattern is fed here 100 kB long through the real readers, and the
result is asserted; the time is printed (``pytest -s``), not asserted.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

from assistant.loaders import read_document
from assistant.metadata import extract_metadata

SIZE = 100_000
T = TypeVar("T")


def repeat(unit: str) -> str:
    return unit * (SIZE // len(unit))


def timed(label: str, fn: Callable[..., T], *args: Any) -> T:
    started = time.perf_counter()
    result = fn(*args)
    print(f"\n{label} : {time.perf_counter() - started:.3f} s")
    return result


def test_name_before_metropole_on_100_kb_of_capitalised_words() -> None:
    words = repeat("Abc ")
    meta = timed("« Abc » × 25 000 (métadonnées)", extract_metadata, words, "Note", "note.txt")
    assert meta.authority is None and meta.places == () and meta.countries == ()
    text = words + "\n\nToulouse Métropole coopère avec Kendari, en Indonésie. Toulouse Métropole signe."
    meta = timed("« Abc » × 25 000 puis une métropole", extract_metadata, text, "Toulouse Métropole", "t.txt")
    assert meta.authority == "Toulouse Métropole" and meta.countries == ("ID",)


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("**a ", None),  # no closing delimiter: the text stays as it is
        ("<script ", None),  # no closing tag: nothing is dropped
        ("<!--", None),  # no end of comment: nothing is dropped
        ("__a ", None),
        ("~~a ", None),
        ("*a ", None),
        ("![a](", None),
        ("[a](", None),
        ("**a** ", "a"),  # closed: the markers go
        ("<!-- note -->Texte ", "Texte"),
        ("<script>alert(1)</script>Texte ", "Texte"),
    ],
)
def test_markdown_on_100_kb_of_a_repeated_pattern(tmp_path: Path, unit: str, expected: str | None) -> None:
    source = repeat(unit)
    path = tmp_path / "piege.md"
    path.write_text(source, encoding="utf-8")
    doc = timed(f"Markdown {unit!r} × {len(source) // len(unit)}", read_document, path, tmp_path)
    if expected is None:
        assert doc.text == source.strip()
    else:
        assert doc.text == " ".join([expected] * (len(source) // len(unit)))


def test_markdown_emphasis_and_raw_blocks_keep_their_meaning(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text(
        "# Titre\n\n<!-- caché -->Un **texte gras** et *italique*, __souligné__ et ~~barré~~ : "
        "5 * 3 * 2, snake_case_name.\n<style>p{}</style>\n<SCRIPT>x()</script >Fin ~~~~~~é.\n",
        encoding="utf-8",
    )
    doc = read_document(path, tmp_path)
    assert doc.text == (
        "Titre\n\nUn texte gras et italique, souligné et barré : 5 * 3 * 2, snake_case_name.\n\nFin ~~é."
    )
