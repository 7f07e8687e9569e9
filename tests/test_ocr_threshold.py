"""The « lecture OCR peu sûre » of the answer, the sources panel and the export follows the configured
threshold (``COOP_OCR_MIN_CONFIDENCE``, :attr:`Settings.ocr_min_confidence`), passed down from the
settings of the interface — never a fixed 70 % nor a fresh read of the environment.

Fast tier: a fake assistant whose quote was read at 75 %, and the real path — a poor fax read by the
real Tesseract, indexed in a real Chroma with the hashing embedder, asked through the real actions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from test_ui import FakeAssistant

from assistant.settings import Settings
from assistant.types import Answer
from assistant.ui import Actions, Conversation
from assistant.ui.state import AssistantLike

UNSURE = "lecture OCR peu sûre"


def unsure_in(text: str) -> bool:
    """« lecture OCR peu sûre » in ``text``, at the start of a sentence or not."""
    return UNSURE.casefold() in text.casefold()


class ScannedFake(FakeAssistant):
    """The fake assistant, its quote read by OCR at 75 %."""

    def ask(
        self,
        question: str,
        history: Sequence[str] = (),
        *,
        filters: Mapping[str, str | Sequence[str]] | None = None,
        k: int | None = None,
    ) -> Answer:
        answer = super().ask(question, history, filters=filters, k=k)
        cits = tuple(dataclasses.replace(c, ocr=True, ocr_confidence=75.0) for c in answer.citations)
        return dataclasses.replace(answer, citations=cits)


def _shown(tmp_path: Path, settings: Settings, bot: AssistantLike, question: str) -> tuple[str, str, str]:
    actions = Actions(bot, settings, export_dir=tmp_path / f"exports-{settings.ocr_min_confidence:g}")
    conv = Conversation()
    actions.start(conv, question, {})
    done = actions.finish(conv)
    assert done.export is not None and done.export.path is not None
    return str(done.conversation_html), str(done.sources_html), Path(done.export.path).read_text(encoding="utf-8")


@pytest.mark.parametrize(("threshold", "unsure"), [(70.0, False), (80.0, True)])
def test_the_configured_threshold_says_unsure(
    tmp_path: Path, threshold: float, unsure: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COOP_OCR_MIN_CONFIDENCE", "10")  # ignored: the interface's settings decide
    settings = Settings(feedback_path=tmp_path / "avis.jsonl", ocr_min_confidence=threshold)
    page, sources, export = _shown(tmp_path, settings, ScannedFake(settings), "Avec qui Clamart est-elle jumelée ?")
    for where in (page, sources, export):
        assert "confiance 75 %" in where
        assert unsure_in(where) is unsure, where[:2000]


def test_a_real_poor_scan_is_unsure_under_the_setting_only(tmp_path: Path) -> None:
    """Real Tesseract, real Chroma: the fax read at about 50 % is « peu sûre » with the default 70 %,
    and plainly « lecture OCR » once the setting is lowered under its confidence."""
    import scans

    from assistant.ingest import ingest
    from assistant.loaders.ocr import INSTALL_COMMAND, OcrOptions, engine_problem
    from assistant.models.testing import HashingEmbedder
    from assistant.pipeline import Assistant

    problem = engine_problem(OcrOptions())
    if problem:
        pytest.fail(f"Tesseract manque pour ce test : {INSTALL_COMMAND} — {problem}")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "fax-dogbo.png").write_bytes(scans.png_bytes(scans.poor_scan().image, dpi=200))
    settings = Settings(
        corpus_dir=corpus,
        index_dir=tmp_path / "index",
        feedback_path=tmp_path / "avis.jsonl",
        cache_dir=tmp_path / "cache",
        abstain_threshold=-1.0,
    )
    emb = HashingEmbedder()
    report = ingest(settings, emb, progress=False)
    (indexed,) = report.files
    assert indexed.notes and "texte peu lisible" in indexed.notes[0]
    confidence = float(indexed.notes[0].rsplit("confiance ", 1)[1].rstrip(" %"))
    assert confidence < 70
    bot = Assistant.open(settings, emb)
    question = "Quand les travaux du château d'eau de Tota ont-ils commencé ?"
    strict = _shown(tmp_path, settings, bot, question)
    lenient = _shown(tmp_path, dataclasses.replace(settings, ocr_min_confidence=confidence - 5), bot, question)
    # the garbled fax answers nothing: its passage is the nearest, in the sources panel and the export
    _, strict_sources, strict_export = strict
    _, lenient_sources, lenient_export = lenient
    assert "fax-dogbo.png" in strict_export and f"confiance {confidence:.0f} %" in strict_sources
    assert unsure_in(strict_sources) and unsure_in(strict_export)
    assert "Lecture OCR d&#x27;une page scannée" in lenient_sources and "lecture OCR d'une page" in lenient_export
    assert not unsure_in(lenient_sources) and not unsure_in(lenient_export)
