"""Fast tier: the ``coop`` command, ``assistant.cli.main([...])`` in this process, on the hashing embedder.

The CLI, ingestion and the assistant load their embedder through ``assistant.models.load_embedder``;
the ``hashing`` fixture makes it return the hashing test embedder (had it not, the model-free cache
of the fast tier would make the default model fail at once). ``ask``, ``docs`` and ``eval`` read the
session's hashing index of the seed corpus; ``ingest`` and ``eval`` of another corpus write their own.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import HASHING_ABSTAIN_THRESHOLD, SEED_CORPUS

import assistant.models
from assistant.catalog import Catalog
from assistant.cli import main
from assistant.models.testing import HashingEmbedder
from assistant.settings import Settings, describe

WHEN = "Quand le serment de jumelage entre Clamart et Artachat a-t-il été signé ?"
CONTRACT = ["question", "search_query", "answer", "short_answer", "abstained", "citations", "passages"]


@pytest.fixture()
def hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every embedder the command loads is the hashing one, with the hashing index's threshold."""
    monkeypatch.setattr(assistant.models, "load_embedder", lambda settings: HashingEmbedder())
    monkeypatch.setenv("COOP_ABSTAIN_THRESHOLD", str(HASHING_ABSTAIN_THRESHOLD))
    monkeypatch.setenv("COOP_ACCEPT_FLOOR", "0")  # hashing vectors: the acceptance model reads the real model's cosines
    monkeypatch.delenv("COOP_INDEX_DIR", raising=False)
    monkeypatch.delenv("COOP_CORPUS_DIR", raising=False)


def where(settings: Settings) -> list[str]:
    return ["--corpus", str(settings.corpus_dir), "--index", str(settings.index_dir)]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# --- ingest ---------------------------------------------------------------------------------------


def test_ingest_reports_each_file_and_updates_only_what_changed(
    tmp_path: Path, hashing: None, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "clamart.md").write_text("# Clamart\n\nClamart est jumelée avec Artachat depuis 2003.\n", "utf-8")
    (corpus / "dakar.txt").write_text("La Ville de Test coopère avec Dakar sur l'assainissement.\n", "utf-8")
    (corpus / "binaire.txt").write_bytes(bytes(range(256)) * 10)
    index = tmp_path / "index"
    code, out, err = run(capsys, "ingest", "--corpus", str(corpus), "--index", str(index))
    assert code == 10  # indexed, but a file was skipped
    assert "ignoré   binaire.txt" in err and "1 fichier(s) ignoré(s)" in err
    assert "Résumé de l'indexation" in out and "indexés         2" in out and "ignorés         1" in out
    assert Catalog(index).load().fingerprint["model"] == HashingEmbedder().model_id  # the seam held

    (corpus / "binaire.txt").unlink()
    (corpus / "dakar.txt").write_text("La Ville de Test coopère avec Dakar sur l'eau potable.\n", "utf-8")
    code, out, err = run(capsys, "ingest", "--corpus", str(corpus), "--index", str(index), "-v")
    assert code == 0 and err == ""
    assert "indexés         1" in out and "inchangés       1" in out
    assert "dakar.txt" in out


def test_ingest_of_a_missing_corpus_is_a_french_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "ingest", "--corpus", str(tmp_path / "absent"), "--index", str(tmp_path / "i"))
    assert code == 2 and err.startswith("Erreur : ") and "n'existe pas" in err


# --- ask ------------------------------------------------------------------------------------------


def test_ask_json_prints_exactly_the_contract(
    hashing_settings: Settings, hashing: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "ask", WHEN, "--json", *where(hashing_settings))
    assert code == 0
    data = json.loads(out)  # exactly one object
    assert list(data) == CONTRACT
    assert data["question"] == data["search_query"] == WHEN
    assert data["abstained"] is False and data["short_answer"] == "31 mai 2003"
    assert data["answer"].startswith("Un serment de jumelage a été signé entre Clamart et Artachat le 31 mai 2003")
    catalog = Catalog(hashing_settings.index_dir)
    first = data["citations"][0]
    assert first["n"] == 1 and first["source"] == "clamart-artachat-cooperation.txt" and "[1]" in data["answer"]
    for c in data["citations"]:
        doc = catalog.load_document(c["source"])
        assert doc is not None and doc.text[c["start"] : c["end"]] == c["text"]
    assert len(data["passages"]) == 10  # top_k
    scores = [p["score"] for p in data["passages"]]
    assert scores == sorted(scores, reverse=True)
    for p in data["passages"]:
        doc = catalog.load_document(p["source"])
        assert doc is not None and doc.text[p["start"] : p["end"]] == p["text"]


def test_ask_k_history_and_filters(
    hashing_settings: Settings, hashing: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    history = tmp_path / "historique.txt"
    history.write_text("Parle-moi de la coopération entre La Rochelle et Kendari.\n", encoding="utf-8")
    code, out, _ = run(capsys, "ask", "Qui la finance ?", "--json", "--history", str(history), *where(hashing_settings))
    assert code == 0
    data = json.loads(out)
    assert data["question"] == "Qui la finance ?" and "Kendari" in data["search_query"]

    code, out, _ = run(capsys, "ask", "coopération", "--json", "--k", "3", *where(hashing_settings))
    assert code == 0 and len(json.loads(out)["passages"]) == 3

    source = "clamart-artachat-cooperation.txt"
    code, out, _ = run(capsys, "ask", "coopération", "--json", "--filter", f"source={source}", *where(hashing_settings))
    assert code == 0 and {p["source"] for p in json.loads(out)["passages"]} == {source}
    code, out, _ = run(
        capsys,
        "ask",
        "coopération",
        "--json",
        "--filter",
        "country=AM",
        "--filter",
        "date=1990",
        *where(hashing_settings),
    )
    assert code == 0 and json.loads(out)["passages"] == []  # filters combine with « and »


def test_ask_as_text_shows_the_sources_or_the_nearest_passages(
    hashing_settings: Settings, hashing: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "ask", WHEN, *where(hashing_settings))
    assert code == 0
    assert "Sources :" in out and "[1] " in out and "clamart-artachat-cooperation.txt" in out
    code, out, _ = run(capsys, "ask", "Quelle est la capitale de l'Australie ?", *where(hashing_settings))
    assert code == 0
    assert out.startswith("Je n'ai pas trouvé de réponse à cette question dans les documents.")
    assert "Passages les plus proches :" in out and "Essayez de reformuler" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--filter", "couleur=bleu"], "couleur"),
        (["--filter", "pays"], "Filtre mal écrit"),
        (["--filter", "date=juin"], "AAAA, AAAA-MM ou AAAA-MM-JJ"),
    ],
)
def test_ask_refuses_bad_filters_in_french(
    hashing_settings: Settings, hashing: None, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run(capsys, "ask", "coopération", *args, *where(hashing_settings))
    assert code == 2 and out == ""
    assert err.startswith("Erreur : ") and message in err and "Traceback" not in err


def test_ask_without_an_index_says_how_to_make_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "ask", "Bonjour ?", "--index", str(tmp_path / "rien"))
    assert code == 4 and "Aucun index" in err and "coop ingest" in err


def test_ask_an_empty_question_is_refused(
    hashing_settings: Settings, hashing: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "ask", "   ", *where(hashing_settings))
    assert code == 2 and err.startswith("Erreur : ")


# --- docs, config, model ------------------------------------------------------------------------


def test_docs_lists_the_indexed_documents_and_their_metadata(
    hashing_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "docs", "--json", *where(hashing_settings))
    assert code == 0
    docs = json.loads(out)
    assert [d["source"] for d in docs] == sorted(p.name for p in SEED_CORPUS.iterdir())
    clamart = next(d for d in docs if d["source"] == "clamart-artachat-cooperation.txt")
    assert clamart["format"] == "txt" and clamart["chunks"] >= 1 and "AM" in clamart["countries"]
    assert {"title", "size", "date", "authority", "places", "themes"} <= set(clamart)
    code, out, _ = run(capsys, "docs", *where(hashing_settings))
    assert code == 0 and "clamart-artachat-cooperation.txt\n  titre : " in out and "pays : " in out


def test_config_prints_every_setting(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COOP_TOP_K", "7")
    code, out, _ = run(capsys, "config")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == len(describe())
    for var, _default, _name in describe():
        assert any(line.startswith(var + " ") for line in lines), var
    assert next(line for line in lines if line.startswith("COOP_TOP_K ")).split()[1] == "7"


def test_model_command_is_for_the_default_model_only(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "model", "check", "--model", "intfloat/autre-modele")
    assert code == 2 and "coop model" in err


# --- eval -----------------------------------------------------------------------------------------


def test_eval_of_another_corpus_builds_its_own_index_and_writes_one_answer_per_question(
    tmp_path: Path, hashing: None, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "jeu" / "corpus"
    corpus.mkdir(parents=True)
    (corpus / "a.txt").write_text("Clamart est jumelée avec Artachat depuis le 31 mai 2003.\n", encoding="utf-8")
    (corpus / "b.txt").write_text("La Rochelle coopère avec Kendari en Indonésie sur les déchets.\n", encoding="utf-8")
    rows = [
        {"id": "q1", "question": "Depuis quand Clamart est-elle jumelée avec Artachat ?", "sources": ["a.txt"],
         "evidence": ["31 mai 2003"], "answer": ["31 mai 2003"]},
        {"id": "q2", "question": "Avec quelle ville La Rochelle coopère-t-elle en Indonésie ?", "sources": ["b.txt"],
         "evidence": ["Kendari"], "answer": ["Kendari"]},
    ]  # fmt: skip
    questions = tmp_path / "jeu" / "questions.jsonl"
    questions.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    output = tmp_path / "sorties" / "reponses.jsonl"
    code, out, err = run(capsys, "eval", str(tmp_path / "jeu"), "--json", "--output", str(output))
    assert code == 0, err
    report = json.loads(out)
    assert report["n"] == 2 and report["corpus"] == str(corpus)
    assert report["document"]["R@1"] == 1.0  # two documents, each question's words in its own
    own = Path(os.environ["COOP_CACHE_DIR"]) / "indexes"
    assert [p.name.startswith("corpus-") for p in own.iterdir()] == [True]  # the corpus's own index, in the cache
    answers = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert [a["id"] for a in answers] == ["q1", "q2"]
    for a in answers:
        assert list(a) == ["id", *CONTRACT, "latency_ms"] and a["latency_ms"] > 0

    code, out, _ = run(capsys, "eval", str(questions), "--limit", "1")  # the report as text, index reused
    assert code == 0 and "1 questions" in out


# --- users ----------------------------------------------------------------------------------------


def test_users_add_list_remove(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    users = tmp_path / "comptes" / "users.json"
    monkeypatch.setenv("COOP_USERS_FILE", str(users))
    monkeypatch.setattr("sys.stdin", io.StringIO("correct cheval pile agrafe\n"))
    code, _, err = run(capsys, "users", "add", "marie", "--role", "editeur")
    assert code == 0 and "Compte « marie » enregistré (rôle : editeur)" in err
    assert "correct cheval" not in users.read_text(encoding="utf-8")  # only a scrypt digest is kept
    assert users.stat().st_mode & 0o777 == 0o600

    monkeypatch.setattr("sys.stdin", io.StringIO("court\n"))
    code, _, err = run(capsys, "users", "add", "paul")
    assert code == 2 and "trop court" in err
    monkeypatch.setattr("sys.stdin", io.StringIO("un autre mot de passe\n"))
    code, _, err = run(capsys, "users", "add", "marie")
    assert code == 2 and "marie" in err  # an existing account is replaced only with --replace

    code, out, _ = run(capsys, "users", "list")
    assert code == 0 and out.startswith("marie\tediteur\t")
    code, _, err = run(capsys, "users", "remove", "marie")
    assert code == 0 and "supprimé" in err
    code, out, err = run(capsys, "users", "list")
    assert code == 0 and out == "" and "Aucun compte" in err
