"""The quarantine repository: files set aside with the error that stopped them.

A dossier that failed for a reason a retry cannot fix is marked `failed`. The
original file is untouched; the error's text is sealed (library messages quote
paths) and only its class name stays readable; a minimal record asking for review
is stored so every registered dossier exports one record.

A file that cannot even be read (no read permission, vanished) has no content to
hash, so it is registered under a keyed hash of its absolute path instead
(`unreadable_id`) and has no record (the decision record names the content's hash).

An operator at the console reads each entry's path, cause and fix (`notices`: they
need the master key and go to the terminal only, never to a log or to Prefect). An
entry leaves the quarantine when its file is processed: requeued after its cause was
fixed (`requeue`, for dossiers whose content was read), or superseded when the file at
its path registers as another dossier — made readable, or replaced by a good copy
(`resolve_superseded`).
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from sqlalchemy import delete, select, update

from archive.catalog import dossiers, persons
from archive.database import Catalog, insert_ignore
from archive.records import FAILED, PENDING, Records, now
from models.errors import InputFileError, UnreadableFileError
from models.record import DecisionRecord, PipelineInfo, Review, Source

UNREADABLE = UnreadableFileError.__name__
FIXES = {
    UNREADABLE: UnreadableFileError.fix,
    InputFileError.__name__: ("replace the file at this path with a readable copy (password removed, "
                              "complete scan), then run the same command again"),
}
DEFAULT_FIX = ("fix the cause above, then run `fengcun backfill ARCHIVE --store STORE --retry-quarantined`; "
               "if the cause names no fault of the file, report it as a bug")


@dataclass(frozen=True)
class QuarantineEntry:
    dossier_id: str
    error_kind: str
    attempts: int
    at: str | None


@dataclass(frozen=True)
class QuarantineNotice:
    """One quarantined file as the operator needs it: where it is, why and what to do. It holds
    the decrypted path and cause: print it to the operator's terminal only."""

    dossier_id: str
    path: str
    cause: str
    fix: str
    attempts: int


class Quarantine:
    """The failed dossiers of one catalog."""

    def __init__(self, catalog: Catalog, records: Records) -> None:
        self.catalog = catalog
        self.records = records
        self.engine = catalog.engine

    def put(self, dossier_id: str, error: BaseException, *, pages: int = 0,
            source: Path | None = None, actor: str = "pipeline") -> None:
        """Set a dossier aside with its error. `source`: the source path when the caller has
        already decrypted it."""
        path = str(source or self.records.source_path(dossier_id))
        kind = type(error).__name__
        record = DecisionRecord(dossier_id, Source(path, dossier_id, pages))
        record.review = Review()
        record.review.add(None, "dossier", f"processing failed ({kind}); the file was quarantined")
        record.pipeline = _pipeline_info()
        with self.engine.begin() as conn:
            conn.execute(update(dossiers).where(dossiers.c.dossier_id == dossier_id).values(
                state=FAILED, error_kind=kind[:64], processed_at=now(), pages=pages,
                error_enc=self.catalog.seal(str(error).encode("utf-8"), f"error:{dossier_id}"),
                record_enc=self.catalog.seal(json.dumps(record.to_dict(), ensure_ascii=False).encode(),
                                             f"record:{dossier_id}"),
                persons=0, sealed_persons=0, review_open=1, due_date=None))
            conn.execute(delete(persons).where(persons.c.dossier_id == dossier_id))
            self.catalog.audit.append(actor, "dossier.quarantined", dossier_id, connection=conn,
                                      error_kind=kind)

    def error(self, dossier_id: str) -> str | None:
        """The sealed error text, for an operator at the console."""
        with self.engine.connect() as conn:
            blob = conn.execute(select(dossiers.c.error_enc)
                                .where(dossiers.c.dossier_id == dossier_id)).scalar_one_or_none()
        return self.catalog.open(blob, f"error:{dossier_id}").decode("utf-8") if blob else None

    def unreadable_id(self, path: Path) -> str:
        """The id of a file whose content cannot be read: a keyed hash (the catalog's index key)
        of its absolute path. Stable, so a rerun finds the same entry; 64 hex digits like a
        content id, so every screen treats it as a dossier; and no one without the key can test
        a guessed path (archives name files after parties) against it."""
        return self.catalog.keyed_hash(f"unreadable-path:{path.absolute()}")

    def put_unreadable(self, error: UnreadableFileError, *, actor: str = "pipeline") -> str:
        """Register a file that cannot be read, quarantined with its cause; return its id.
        Each run that still cannot read it counts an attempt."""
        path = Path(error.path).absolute()
        dossier_id = self.unreadable_id(path)
        with self.engine.begin() as conn:
            insert_ignore(conn, dossiers, {
                "dossier_id": dossier_id, "state": FAILED, "size_bytes": 0, "attempts": 0,
                "registered_at": now(), "key_id": self.catalog.key.key_id,
                "source_path_enc": self.catalog.seal(str(path).encode("utf-8"), f"source-path:{dossier_id}")})
            conn.execute(update(dossiers).where(dossiers.c.dossier_id == dossier_id).values(
                state=FAILED, error_kind=UNREADABLE, processed_at=now(), pages=0,
                attempts=dossiers.c.attempts + 1,
                error_enc=self.catalog.seal(f"{path}: {error.cause}".encode("utf-8"), f"error:{dossier_id}")))
            self.catalog.audit.append(actor, "dossier.quarantined", dossier_id, connection=conn,
                                      error_kind=UNREADABLE)
        return dossier_id

    def notices(self, dossier_ids: Iterable[str] | None = None) -> list[QuarantineNotice]:
        """The quarantined files (those among `dossier_ids` when given) with their decrypted
        path, cause and fix, by path: for the operator's terminal only."""
        query = select(dossiers.c.dossier_id, dossiers.c.source_path_enc, dossiers.c.error_kind,
                       dossiers.c.error_enc, dossiers.c.attempts).where(dossiers.c.state == FAILED)
        if dossier_ids is not None:
            query = query.where(dossiers.c.dossier_id.in_(sorted(set(dossier_ids))))
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        found = []
        for r in rows:
            path = self.catalog.open(r.source_path_enc, f"source-path:{r.dossier_id}").decode("utf-8")
            cause = (self.catalog.open(r.error_enc, f"error:{r.dossier_id}").decode("utf-8")
                     if r.error_enc else r.error_kind or "")
            cause = cause.removeprefix(f"{path}: ")        # InputFileError's text starts with the path
            found.append(QuarantineNotice(r.dossier_id, path, cause,
                                          FIXES.get(r.error_kind or "", DEFAULT_FIX), r.attempts))
        return sorted(found, key=lambda n: (n.path, n.dossier_id))

    def resolve_superseded(self, registered: Iterable[tuple[Path, str]], *, actor: str = "pipeline") -> int:
        """Take out of the quarantine each entry whose path was just registered, by
        (path, dossier id), as another dossier: its file was made readable or replaced by a good
        copy, and the new dossier is processed in its place. Returns how many left."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(dossiers.c.dossier_id, dossiers.c.source_path_enc)
                                .where(dossiers.c.state == FAILED)).all()
        if not rows:
            return 0
        by_path: dict[Path, list[str]] = {}
        for r in rows:
            path = self.catalog.open(r.source_path_enc, f"source-path:{r.dossier_id}").decode("utf-8")
            by_path.setdefault(Path(path).absolute(), []).append(r.dossier_id)
        resolved = 0
        with self.engine.begin() as conn:
            for path, new_id in registered:
                for old_id in by_path.get(path.absolute(), []):
                    gone = conn.execute(delete(dossiers).where(
                        dossiers.c.dossier_id == old_id, dossiers.c.dossier_id != new_id,
                        dossiers.c.state == FAILED)).rowcount
                    if not gone:
                        continue
                    self.catalog.audit.append(actor, "quarantine.resolved", old_id, connection=conn,
                                              superseded_by=new_id)
                    resolved += 1
        return resolved

    def entries(self) -> list[QuarantineEntry]:
        query = select(dossiers.c.dossier_id, dossiers.c.error_kind, dossiers.c.attempts,
                       dossiers.c.processed_at).where(dossiers.c.state == FAILED)
        with self.engine.connect() as conn:
            return [QuarantineEntry(r.dossier_id, r.error_kind or "", r.attempts, r.processed_at)
                    for r in conn.execute(query.order_by(dossiers.c.dossier_id))]

    def requeue(self) -> int:
        """Put quarantined dossiers back to pending (after fixing their cause). Unreadable files
        stay: they have no content to process under their id, and leave the quarantine when
        they are read (`resolve_superseded`)."""
        with self.engine.begin() as conn:
            n = conn.execute(update(dossiers).where(dossiers.c.state == FAILED,
                                                    dossiers.c.error_kind.is_distinct_from(UNREADABLE))
                             .values(state=PENDING)).rowcount
            if n:
                self.catalog.audit.append("operator", "quarantine.requeued", connection=conn,
                                          dossiers=n)
        return n


def _pipeline_info() -> PipelineInfo:
    return PipelineInfo(version=version("fengcun"), rules_version="",
                        processed_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))
