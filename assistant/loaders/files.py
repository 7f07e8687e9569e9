"""The file system side of reading: document ids, links leading outside the corpus, bytes and their hash."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from .budget import UnreadableError, megabytes

DEFAULT_MAX_BYTES = 50 * 1024 * 1024

#: Reasons given to links of the corpus folder that lead outside it (never read, never served).
_ONLY_CORPUS = "ignoré (seuls les fichiers du dossier sont lus)"
OUTSIDE_FILE = f"lien vers un fichier situé hors du dossier des documents : {_ONLY_CORPUS}"
OUTSIDE_DIR = f"lien vers un dossier situé hors du dossier des documents : {_ONLY_CORPUS}"


def document_id(path: Path, root: Path) -> str:
    """``path`` relative to ``root``, POSIX separators (the path itself if it is not under root)."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError):
        return path.as_posix()


def is_inside(path: Path, root: Path) -> bool:
    """Whether ``path``, every symbolic link followed, is inside the folder ``root`` (links followed too)."""
    try:
        return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))
    except (OSError, ValueError):
        return False


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of ``data`` (hex): what tells a changed file, and identical files, apart."""
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str:
    """:func:`sha256_hex` of the bytes of ``path``, read a block at a time (raises OSError)."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most ``max_bytes`` bytes (else :class:`UnreadableError`)."""
    gone = "fichier introuvable : il a été supprimé ou déplacé pendant la lecture ; relancez l'ingestion"
    denied = "lecture refusée : vérifiez les droits du fichier"
    too_big = "fichier trop volumineux ({size} Mo > {limit} Mo) : découpez-le ou augmentez COOP_MAX_FILE_MB"
    try:
        st = path.stat()
        if stat.S_ISDIR(st.st_mode):
            raise UnreadableError("c'est un dossier, pas un fichier")
        if not stat.S_ISREG(st.st_mode):
            raise UnreadableError("ce n'est pas un fichier ordinaire : copiez le document dans le corpus")
        if st.st_size > max_bytes:
            raise UnreadableError(too_big.format(size=megabytes(st.st_size), limit=megabytes(max_bytes)))
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError as exc:
        raise UnreadableError(gone) from exc
    except PermissionError as exc:
        raise UnreadableError(denied) from exc
    except IsADirectoryError as exc:
        raise UnreadableError("c'est un dossier, pas un fichier") from exc
    except OSError as exc:
        raise UnreadableError(f"lecture impossible ({exc.strerror or exc}) : vérifiez le fichier et le disque") from exc
    if len(data) > max_bytes:
        raise UnreadableError(too_big.format(size=megabytes(len(data)), limit=megabytes(max_bytes)))
    return data
