"""The files of a corpus folder: which are read, their ids, and links that lead outside it."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from ..errors import ConfigError
from .files import OUTSIDE_DIR, OUTSIDE_FILE, document_id, is_inside
from .registry import SUPPORTED_SUFFIXES

logger = logging.getLogger(__name__)

_SKIPPED_DIRS = frozenset({"__MACOSX", "__pycache__", "node_modules"})


def _skipped_name(name: str) -> bool:
    return name.startswith((".", "~$", "~")) or name.endswith("~")


def iter_corpus(root: Path, outside: list[tuple[str, str]] | None = None) -> list[Path]:
    """Supported files under ``root``, sorted by their id (relative POSIX path).

    Hidden files and folders, temporary office files (``~$…``, ``.~lock…``), backups (``…~``)
    and unsupported suffixes are left out. Symbolic links to folders are not followed; links
    (to files or folders) that lead outside ``root`` are left out and, when ``outside`` is
    given, appended to it as ``(id, French reason)``.
    """
    if not root.is_dir():
        raise ConfigError(
            f"Le dossier de documents {root} n'existe pas ou n'est pas un dossier : "
            "créez-le ou indiquez-en un autre avec --corpus ou COOP_CORPUS_DIR."
        )
    found: list[Path] = []
    refused = outside if outside is not None else []

    def on_error(exc: OSError) -> None:
        logger.warning("dossier illisible, ignoré : %s (%s)", exc.filename, exc.strerror)

    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error):
        kept: list[str] = []
        for name in sorted(dirnames):
            if name.startswith(".") or name in _SKIPPED_DIRS:
                continue
            path = Path(dirpath) / name
            if path.is_symlink():  # os.walk does not follow it; say why when it leads outside
                if not is_inside(path, root):
                    refused.append((document_id(path, root), OUTSIDE_DIR))
                continue
            kept.append(name)
        dirnames[:] = kept
        for name in filenames:
            if _skipped_name(name) or os.path.splitext(name)[1].lower() not in SUPPORTED_SUFFIXES:
                continue
            path = Path(dirpath) / name
            if not is_inside(path, root):
                refused.append((document_id(path, root), OUTSIDE_FILE))
            elif path.is_file():
                found.append(path)
    refused.sort()
    return sorted(found, key=lambda p: document_id(p, root))
