"""Documents managed from the browser and the API: files added to or removed from the corpus
folder, then indexed in the background.

The corpus folder stays the source of truth (``coop ingest`` still works): an added file is
checked (name cleaned of any folder part and odd character, suffix among PDF, DOCX, ODT, HTML,
Markdown, text and the scanned images PNG, JPEG and TIFF, read by OCR; size at most
``COOP_MAX_UPLOAD_MB``, content that looks like its format: magic bytes),
written beside the others under a hidden temporary name then renamed at once (a file of the same
name is replaced, and indexed again), and one worker thread runs the ordinary incremental
ingestion (:func:`assistant.ingest.ingest`, which takes the index's write lock). Readers keep
being answered from the published generation until the new one is published, then the assistant
follows it (:mod:`assistant.live`). Removing deletes the file; the ingestion deletes its passages.

Who added a document and when is kept in ``.coop-documents.json`` inside the corpus folder (a
hidden file, never indexed, saved with the corpus). Every change goes to the audit log
(:mod:`assistant.audit`).
"""

from __future__ import annotations

import contextlib
import filecmp
import json
import logging
import os
import re
import secrets
import stat
import threading
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from .audit import AuditLog
from .catalog import atomic_write_text
from .errors import CoopError, IndexLockedError
from .ingest import FileReport, Status
from .loaders.files import is_inside
from .models import Embedder
from .roles import Principal, require_editor
from .settings import Settings

log = logging.getLogger(__name__)

#: What an editor may add (the formats the readers take; images are read by OCR).
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
ALLOWED_SUFFIXES = (".pdf", ".docx", ".odt", ".html", ".htm", ".md", ".txt", *IMAGE_SUFFIXES)
#: The first bytes of each image format (TIFF: little- or big-endian, classic or BigTIFF).
_IMAGE_MAGIC = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".tif": (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"),
    ".tiff": (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"),
}
MAX_FILES_PER_BATCH = 20
MAX_IDS_PER_REMOVAL = 50
MAX_NAME_CHARS = 120
MAX_ID_CHARS = 400
MAX_NOTES = 100  # reading notes kept per file (one per page at most: COOP_OCR_MAX_PAGES pages)
PROVENANCE_FILE = ".coop-documents.json"
#: How long an ingestion waits for another process (« coop ingest ») holding the write lock.
LOCK_WAIT_SECONDS = 300.0
_BAD_CHARS = re.compile(r"[^\w .,()'+&@°-]+")


class DocumentStatus(StrEnum):
    """What became of one file of a request: the ingestion's statuses (:class:`Status`, same French
    words) and three of the library's own. A ``str``: it prints and serialises as its word."""

    INDEXED = Status.INDEXED.value
    UNCHANGED = Status.UNCHANGED.value
    REMOVED = Status.REMOVED.value
    DUPLICATE = Status.DUPLICATE.value
    SKIPPED = Status.SKIPPED.value
    REFUSED = "refusé"
    PENDING = "en attente"
    FAILED = "échec"

    @property
    def plural(self) -> str:
        """The word of the summary (« indexés », « refusés », « échecs », « en attente »)."""
        if self.value in (s.value for s in Status):
            return Status(self.value).plural
        return {"refusé": "refusés", "échec": "échecs"}.get(self.value, self.value)


# The library's own statuses, by their short names.
REFUSED = DocumentStatus.REFUSED
PENDING = DocumentStatus.PENDING
FAILED = DocumentStatus.FAILED
REPLACES = "remplace la version précédente"
SAME_BYTES = "identique au fichier déjà présent"
#: A file written while an ingestion ran may be indexed by it: the next run then finds it unchanged.
EARLIER_RUN = "indexé par l'indexation déjà en cours"


class DocumentRefusedError(CoopError):
    """A file or a document id that cannot be taken (French message naming it)."""


@dataclass(frozen=True)
class Incoming:
    """A file sent by a browser or a script: the name it came with, and where the server holds it."""

    name: str
    path: Path


@dataclass(frozen=True)
class Outcome:
    """What became of one file of a request: ``document`` is its id in the corpus ("" if refused)."""

    name: str
    document: str
    status: DocumentStatus
    reason: str = ""
    chunks: int = 0
    #: what reading noted on an indexed file, as ``coop ingest`` prints it (« page 1 : texte peu lisible… »)
    notes: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "nom": self.name,
            "document": self.document,
            "statut": self.status,
            "raison": self.reason,
            "passages": self.chunks,
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class JobReport:
    """One request (an addition or a removal) and what became of each of its files."""

    job: int
    who: str
    action: str  # "ajout" or "suppression"
    files: tuple[Outcome, ...]
    finished: bool = False
    error: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "demande": self.job,
            "par": self.who,
            "action": self.action,
            "etat": FAILED if self.error else ("terminé" if self.finished else "en cours"),
            "erreur": self.error,
            "fichiers": [f.as_dict() for f in self.files],
        }


@dataclass(frozen=True)
class Progress:
    """The background indexing: files of the running batch done out of the total."""

    active: bool
    done: int = 0
    total: int = 0
    waiting: int = 0  # requests queued behind the running batch

    @property
    def text(self) -> str:
        if not self.active:
            return ""
        s = "" if self.done < 2 else "s"
        more = f" ({self.waiting} demande(s) en attente)" if self.waiting else ""
        return f"{self.done} / {self.total} document{s} indexé{s}{more}"


@dataclass(frozen=True)
class Provenance:
    added_by: str
    added_on: str  # ISO 8601, UTC


# --- checking what comes in ---------------------------------------------------------------------


def safe_name(raw: object) -> str:
    """The file name to write in the corpus, from the name a client sent; raises :class:`DocumentRefusedError`.

    Any folder part (``../``, ``C:\\``, ``/etc/``) is dropped, characters other than letters, digits
    and ``. ,()'+&@-`` become ``-``, a leading dot or tilde is removed (hidden and temporary files
    are never indexed), the suffix is put in lower case and must be allowed.
    """
    name = raw if isinstance(raw, str) else ""
    shown = name[:200]
    name = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    stem, dot, suffix = name.rpartition(".")
    suffix = "." + suffix.lower() if dot else ""
    if suffix not in ALLOWED_SUFFIXES:
        raise DocumentRefusedError(
            f"« {shown} » : format non accepté ({suffix or 'sans extension'}). Formats acceptés : "
            "PDF, DOCX, ODT, HTML, Markdown (.md), texte (.txt) et images scannées PNG, JPEG ou TIFF."
        )
    stem = _BAD_CHARS.sub("-", stem)
    stem = re.sub(r"\s+", " ", stem).strip(" .-~'")
    stem = stem[:MAX_NAME_CHARS].rstrip(" .-")
    if not stem:
        raise DocumentRefusedError(f"« {shown} » : nom de fichier vide une fois nettoyé ; renommez le fichier.")
    return stem + suffix


def _sniff(head: bytes, suffix: str) -> str | None:
    """Why the first bytes do not look like ``suffix`` (French), or None."""
    if suffix == ".pdf" and not head.lstrip(b"\x00\t\r\n ").startswith(b"%PDF"):
        return "le contenu n'est pas un PDF"
    if suffix in (".docx", ".odt") and not head.startswith(b"PK\x03\x04"):
        return f"le contenu n'est pas un document {suffix[1:].upper()}"
    if suffix in (".md", ".txt", ".html", ".htm") and b"\x00" in head:
        return "le contenu est binaire, pas du texte"
    if suffix in _IMAGE_MAGIC and not head.startswith(_IMAGE_MAGIC[suffix]):
        return f"le contenu n'est pas une image {'JPEG' if suffix == '.jpg' else suffix[1:].upper()}"
    return None


def check_document_id(doc_id: object, corpus: Path) -> Path:
    """The corpus file of a document id sent by a client; raises :class:`DocumentRefusedError`."""
    if not isinstance(doc_id, str) or not doc_id or len(doc_id) > MAX_ID_CHARS:
        raise DocumentRefusedError("Identifiant de document invalide : donnez le chemin du document dans le corpus.")
    shown = doc_id[:200]
    parts = doc_id.split("/")
    if (
        "\x00" in doc_id
        or "\\" in doc_id
        or doc_id.startswith("/")
        or any(p in ("", ".", "..") or p.startswith(".") for p in parts)
    ):
        raise DocumentRefusedError(f"« {shown} » : identifiant de document invalide (chemin hors du corpus).")
    path = corpus / doc_id
    if path.is_symlink() or not is_inside(path.parent, corpus):
        raise DocumentRefusedError(
            f"« {shown} » : ce document est un lien symbolique ou hors du corpus ; retirez-le sur le serveur."
        )
    if not path.is_file():
        raise DocumentRefusedError(f"« {shown} » : aucun document de ce nom dans le corpus.")
    return path


# --- the library ----------------------------------------------------------------------------------


@dataclass
class _Job:
    report: JobReport
    documents: tuple[str, ...]  # ids the ingestion must report on
    done: threading.Event = field(default_factory=threading.Event)


class Library:
    """The corpus folder as editors change it, and the one worker that indexes their changes.

    ``embedder`` gives the model of the served assistant (the ingestion must use the same);
    ``refresh`` (the :class:`~assistant.live.LiveAssistant`'s) is called after each ingestion so
    that the new documents are answerable when a request is reported finished; ``sources`` are the
    folders incoming files may come from (Gradio's upload folder): any other path is refused.
    """

    def __init__(
        self,
        settings: Settings,
        embedder: Callable[[], Embedder],
        *,
        refresh: Callable[[], Any] | None = None,
        sources: Sequence[Path] = (),
        ingest: Callable[..., Any] | None = None,
    ) -> None:
        self.settings = settings
        self.corpus = settings.corpus_dir
        self.audit = AuditLog(settings.audit_path)
        self._embedder = embedder
        self._refresh = refresh
        self._sources = tuple(Path(os.path.realpath(s)) for s in sources)
        self._ingest = ingest
        self._files = threading.Lock()  # corpus writes and provenance (copies may take a moment)
        self._lock = threading.Lock()  # jobs and progress (never held while copying)
        self._wake = threading.Condition(self._lock)
        self._jobs: dict[int, _Job] = {}
        self._queue: list[int] = []
        self._next = 1
        self._running: list[int] = []
        self._done = 0
        self._total = 0
        self._stop = False
        self._thread = threading.Thread(target=self._work, name="coop-documents", daemon=True)
        self._thread.start()

    @property
    def max_bytes(self) -> int:
        return int(self.settings.max_upload_mb * 1024 * 1024)

    # --- requests ----------------------------------------------------------------------------

    def add(self, who: Principal, files: Sequence[Incoming]) -> JobReport:
        """Check and write ``files`` into the corpus, then queue their indexing."""
        self.allowed(who, "ajout", ", ".join(f.name for f in files[:5]))
        if not files:
            raise DocumentRefusedError(
                "Aucun fichier reçu : choisissez un ou plusieurs documents à ajouter et attendez la fin de leur envoi."
            )
        if len(files) > MAX_FILES_PER_BATCH:
            raise DocumentRefusedError(
                f"Trop de fichiers en une fois ({len(files)}) : {MAX_FILES_PER_BATCH} au plus ; "
                "envoyez-les en plusieurs fois."
            )
        if not self.corpus.is_dir():
            raise DocumentRefusedError(f"Le dossier des documents {self.corpus.name} n'existe pas sur le serveur.")
        outcomes: list[Outcome] = []
        placed: list[str] = []
        with self._files:
            for f in files:
                outcome = self._place(f, who, {o.document for o in outcomes if o.document})
                outcomes.append(outcome)
                action = "remplacement" if outcome.reason in (REPLACES, SAME_BYTES) else "ajout"
                self.audit.append(who.label, action if outcome.document else "refus", outcome.document or f.name[:200],
                                  outcome.status, outcome.reason)  # fmt: skip
                if outcome.document:
                    placed.append(outcome.document)
            with self._lock:  # still under _files: the worker's next run sees every file of the request
                return self._enqueue(who, "ajout", outcomes, placed)

    def remove(self, who: Principal, doc_ids: Sequence[str]) -> JobReport:
        """Delete the files of ``doc_ids`` from the corpus, then queue the removal of their passages."""
        self.allowed(who, "suppression", ", ".join(str(d)[:100] for d in doc_ids[:5]))
        if not doc_ids:
            raise DocumentRefusedError("Aucun document indiqué : choisissez le document à retirer.")
        if len(doc_ids) > MAX_IDS_PER_REMOVAL:
            raise DocumentRefusedError(
                f"Trop de documents en une fois ({len(doc_ids)}) : {MAX_IDS_PER_REMOVAL} au plus."
            )
        outcomes: list[Outcome] = []
        removed: list[str] = []
        with self._files:
            for doc_id in doc_ids:
                shown = str(doc_id)[:200]
                try:
                    path = check_document_id(doc_id, self.corpus)
                    path.unlink()
                except DocumentRefusedError as exc:
                    outcomes.append(Outcome(shown, "", REFUSED, exc.message))
                except OSError as exc:
                    outcomes.append(
                        Outcome(shown, "", REFUSED, f"« {shown} » : suppression impossible ({exc.strerror}).")
                    )
                else:
                    outcomes.append(Outcome(shown, str(doc_id), PENDING, "fichier supprimé du corpus"))
                    removed.append(str(doc_id))
                last = outcomes[-1]
                self.audit.append(
                    who.label, "suppression" if last.document else "refus", shown, last.status, last.reason
                )
            if removed:
                self._save_provenance({k: v for k, v in self._load_provenance().items() if k not in removed})
            with self._lock:
                return self._enqueue(who, "suppression", outcomes, removed)

    def allowed(self, who: Principal, action: str, target: str) -> None:
        try:
            require_editor(who)
        except CoopError as exc:
            self.audit.append(who.label, "refus", target or action, REFUSED, exc.message)
            raise

    def _place(self, f: Incoming, who: Principal, taken: set[str]) -> Outcome:
        """Write one incoming file into the corpus (``_files`` held)."""
        shown = str(f.name)[:200]
        try:
            name = safe_name(f.name)
            if name in taken:
                raise DocumentRefusedError(f"« {shown} » : un autre fichier de cet envoi porte déjà ce nom.")
            written = self._write(Path(f.path), name, shown)
        except DocumentRefusedError as exc:
            return Outcome(shown, "", REFUSED, exc.message)
        provenance = self._load_provenance()
        provenance[name] = Provenance(who.label, datetime.now(UTC).isoformat(timespec="seconds"))
        self._save_provenance(provenance)
        return Outcome(shown, name, PENDING, written)

    def _write(self, source: Path, name: str, shown: str) -> str:
        """Copy ``source`` to ``corpus/name`` (hidden temporary file, then rename).

        Returns "" for a new file, :data:`REPLACES` or :data:`SAME_BYTES` when one of that name was there.
        """
        real = Path(os.path.realpath(source))
        if self._sources and not any(real.is_relative_to(s) for s in self._sources):
            raise DocumentRefusedError(f"« {shown} » : fichier reçu introuvable ; envoyez-le de nouveau.")
        try:
            fd = os.open(source, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            raise DocumentRefusedError(f"« {shown} » : fichier reçu illisible ; envoyez-le de nouveau.") from None
        target = self.corpus / name
        if target.is_symlink() or (target.exists() and not target.is_file()):
            os.close(fd)
            raise DocumentRefusedError(f"« {shown} » : un dossier ou un lien porte déjà le nom {name} dans le corpus.")
        replaced = target.exists()
        limit = self.max_bytes
        same = False
        tmp = self.corpus / f".coop-upload-{secrets.token_hex(8)}.tmp"
        try:
            with os.fdopen(fd, "rb") as src:
                if not stat.S_ISREG(os.fstat(src.fileno()).st_mode):
                    raise DocumentRefusedError(f"« {shown} » : ce n'est pas un fichier.")
                head = src.read(8192)
                why = _sniff(head, Path(name).suffix)
                if why:
                    raise DocumentRefusedError(f"« {shown} » : {why} ; vérifiez le fichier.")
                size = len(head)
                with open(tmp, "xb") as out:
                    out.write(head)
                    while chunk := src.read(1024 * 1024):
                        size += len(chunk)
                        if size > limit:
                            raise DocumentRefusedError(
                                f"« {shown} » : fichier trop volumineux ({size // (1024 * 1024)} Mo lus) : "
                                f"{self.settings.max_upload_mb:g} Mo au plus (COOP_MAX_UPLOAD_MB)."
                            )
                        out.write(chunk)
                    out.flush()
                    os.fsync(out.fileno())
                if size == 0:
                    raise DocumentRefusedError(f"« {shown} » : fichier vide.")
            same = replaced and filecmp.cmp(tmp, target, shallow=False)
            os.chmod(tmp, 0o640)
            os.replace(tmp, target)
        finally:
            with contextlib.suppress(OSError):
                tmp.unlink()
        return (SAME_BYTES if same else REPLACES) if replaced else ""

    # --- queue and worker ---------------------------------------------------------------------

    def _enqueue(self, who: Principal, action: str, outcomes: list[Outcome], documents: list[str]) -> JobReport:
        """Register a request (``_files`` and ``_lock`` held); a request with nothing to index is finished at once."""
        job = _Job(JobReport(self._next, who.label, action, tuple(outcomes)), tuple(documents))
        self._next += 1
        self._jobs[job.report.job] = job
        if documents:
            self._queue.append(job.report.job)
            self._wake.notify_all()
        else:
            job.report = replace(job.report, finished=True)
            job.done.set()
        while len(self._jobs) > 200:  # keep the last requests only
            oldest = min(j for j in self._jobs if j not in self._queue and j not in self._running)
            del self._jobs[oldest]
        return job.report

    def report(self, job: int) -> JobReport | None:
        with self._lock:
            found = self._jobs.get(job)
            return None if found is None else found.report

    def wait(self, job: int, timeout: float) -> JobReport | None:
        """The report of ``job`` once indexed (or as it stands after ``timeout`` seconds)."""
        with self._lock:
            found = self._jobs.get(job)
        if found is None:
            return None
        found.done.wait(timeout)
        return self.report(job)

    def progress(self) -> Progress:
        with self._lock:
            return Progress(bool(self._running), self._done, self._total, len(self._queue))

    def provenance(self) -> dict[str, Provenance]:
        with self._files:
            return self._load_provenance()

    def close(self) -> None:
        with self._lock:
            self._stop = True
            self._wake.notify_all()
        self._thread.join(timeout=5)

    def _work(self) -> None:
        while True:
            with self._lock:
                while not self._queue and not self._stop:
                    self._wake.wait()
                if self._stop:
                    return
                self._running, self._queue = self._queue, []
                jobs = [self._jobs[j] for j in self._running]
                self._done, self._total = 0, sum(len(j.documents) for j in jobs)
            try:
                reports, error = self._index({d for j in jobs for d in j.documents}), ""
            except CoopError as exc:
                reports, error = {}, exc.message
            except Exception:
                log.exception("Indexation des documents envoyés impossible")
                reports, error = {}, "L'indexation a échoué ; le détail est dans le journal du serveur."
            with self._lock:
                for job in jobs:
                    job.report = _finish(job.report, reports, error)
                    for o in job.report.files:
                        if o.document:
                            self.audit.append(job.report.who, "indexation", o.document, o.status, o.reason or error)
                    job.done.set()
                self._running = []

    def _index(self, documents: set[str]) -> dict[str, FileReport]:
        """Run the ingestion of the corpus, counting the files of ``documents`` as they are reported."""
        reports: dict[str, FileReport] = {}

        def on_file(r: FileReport) -> None:
            if r.path in documents and r.path not in reports:
                reports[r.path] = r
                with self._lock:
                    self._done = len(reports)

        if self._ingest is None:
            from .ingest import ingest as run
        else:
            run = self._ingest
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                run(self.settings, self._embedder(), progress=False, on_file=on_file)
                break
            except IndexLockedError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(1.0)
        if self._refresh is not None:
            try:
                self._refresh()
            except Exception:
                log.exception("Rechargement de l'index après l'indexation impossible")
        return reports

    # --- provenance ------------------------------------------------------------------------------

    def _load_provenance(self) -> dict[str, Provenance]:
        try:
            data = json.loads((self.corpus / PROVENANCE_FILE).read_text(encoding="utf-8"))
            items = data["documents"].items()
            return {str(k): Provenance(str(v["added_by"]), str(v["added_on"])) for k, v in items}
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            log.warning("Fichier %s illisible : il sera réécrit", PROVENANCE_FILE)
            return {}

    def _save_provenance(self, provenance: dict[str, Provenance]) -> None:
        data = {"version": 1, "documents": {k: {"added_by": v.added_by, "added_on": v.added_on}
                                            for k, v in sorted(provenance.items())}}  # fmt: skip
        atomic_write_text(self.corpus / PROVENANCE_FILE, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def _finish(report: JobReport, files: dict[str, FileReport], error: str) -> JobReport:
    outcomes = []
    for o in report.files:
        if not o.document:
            outcomes.append(o)
        elif error:
            outcomes.append(replace(o, status=FAILED, reason=error))
        elif o.document in files:
            r = files[o.document]
            o = replace(o, chunks=r.chunks, notes=r.notes[:MAX_NOTES])
            if r.status == Status.UNCHANGED and report.action == "ajout" and o.reason != SAME_BYTES:
                outcomes.append(replace(o, status=DocumentStatus.INDEXED, reason=EARLIER_RUN))
                continue
            outcomes.append(replace(o, status=DocumentStatus(r.status.value), reason=r.reason or o.reason))
        elif report.action == "suppression":
            outcomes.append(replace(o, status=DocumentStatus.REMOVED))
        else:
            outcomes.append(replace(o, status=DocumentStatus.UNCHANGED))
    return replace(report, files=tuple(outcomes), finished=True, error=error)


def summary(report: JobReport) -> str:
    """« 2 indexés, 1 refusé » — the French summary of a request."""
    counts: dict[DocumentStatus, int] = {}
    for o in report.files:
        counts[o.status] = counts.get(o.status, 0) + 1
    return ", ".join(f"{n} {status.plural if n > 1 else status.value}" for status, n in counts.items())
