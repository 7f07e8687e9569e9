"""Phase 1, the plan: which files to read, which are identical, which indexed documents go.

Nothing is parsed: a file costs one hash of its bytes, compared with the manifest's. Files with
the same bytes are indexed once, under the first name in id order.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from ..loaders import file_sha256, iter_corpus
from .report import FileReport, Status

#: Said of a file that could not be read when an earlier version of it is indexed.
KEPT = " (l'ancienne version reste indexée)"


@dataclass(frozen=True)
class Plan:
    """What phase 1 decided."""

    #: Ids of the files of the corpus (readable or not), links leading outside excluded.
    seen: frozenset[str]
    #: Ids of the links that lead outside the corpus (never read).
    outside: frozenset[str]
    #: New and changed files, in id order.
    to_read: tuple[Path, ...]
    #: Files with the same bytes: (first name, later names…), by first name.
    duplicates: tuple[tuple[str, ...], ...]
    #: Indexed documents to delete: gone from the corpus, or now a duplicate of another name.
    removed: tuple[str, ...]
    #: Reports of the files skipped (outside links, unreadable) and of the duplicates, in id order.
    reports: tuple[FileReport, ...]
    #: SHA-256 of every file of the corpus that could be read (what the OCR cache keeps pages of).
    digests: frozenset[str] = frozenset()


def make_plan(corpus: Path, indexed: dict[str, str]) -> Plan:
    """The plan for ``corpus`` given the indexed documents (``{id: SHA-256 of their bytes}``)."""
    reports: list[FileReport] = []
    outside: list[tuple[str, str]] = []
    paths = iter_corpus(corpus, outside)
    for rel, reason in outside:  # links leading out of the corpus: never read; an indexed copy goes
        gone = " (sa version indexée est retirée)" if rel in indexed else ""
        reports.append(FileReport(rel, Status.SKIPPED, reason + gone))
    seen: set[str] = set()
    unreadable: set[str] = set()
    by_hash: dict[str, str] = {}
    to_read: list[Path] = []
    duplicates: dict[str, list[str]] = {}
    for path in paths:
        rel = path.relative_to(corpus).as_posix()
        seen.add(rel)
        try:
            digest = file_sha256(path)
        except OSError as exc:
            reports.append(FileReport(rel, Status.SKIPPED, os_reason(exc, rel in indexed)))
            unreadable.add(rel)
            continue
        if digest in by_hash:
            duplicates.setdefault(by_hash[digest], []).append(rel)
            reports.append(FileReport(rel, Status.DUPLICATE, f"identique à {by_hash[digest]} : indexé une seule fois"))
            continue
        by_hash[digest] = rel
        if indexed.get(rel) != digest:
            to_read.append(path)  # else unchanged, unless its boilerplate changes (phase 3)
    outside_ids = frozenset(rel for rel, _ in outside)
    return Plan(
        seen=frozenset(seen),
        outside=outside_ids,
        to_read=tuple(to_read),
        duplicates=tuple((first, *later) for first, later in sorted(duplicates.items())),
        removed=tuple(_removed(indexed, seen, duplicates, unreadable - outside_ids)),
        reports=tuple(reports),
        digests=frozenset(by_hash),
    )


def _removed(
    indexed: Collection[str], seen: set[str], duplicates: dict[str, list[str]], unreadable: set[str]
) -> list[str]:
    """Indexed documents gone from the corpus or indexed under a name now a duplicate; an unreadable
    file keeps its indexed version."""
    dup_names = {d for names in duplicates.values() for d in names}
    return [d for d in indexed if (d not in seen or d in dup_names) and d not in unreadable]


def os_reason(exc: OSError, kept: bool) -> str:
    """Why a file could not even be hashed, in French."""
    tail = KEPT if kept else ""
    if isinstance(exc, PermissionError):
        return "lecture refusée : vérifiez les droits du fichier" + tail
    if isinstance(exc, FileNotFoundError):
        return "le fichier a disparu pendant l'indexation" + tail
    return f"lecture impossible ({exc.strerror or exc})" + tail
