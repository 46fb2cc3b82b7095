"""The quarantine repository: dossiers set aside with the error that stopped them.

A dossier that failed for a reason a retry cannot fix is marked `failed`. The
original file is untouched; the error's text is sealed (library messages quote
paths) and only its class name stays readable; a minimal record asking for review
is stored so every registered dossier exports one record. An operator reads the
sealed error at the console and, after fixing the cause, puts the dossiers back
to pending.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from sqlalchemy import delete, select, update

from archive.catalog import dossiers, persons
from archive.database import Catalog
from archive.records import FAILED, PENDING, Records, now
from models.record import DecisionRecord, PipelineInfo, Review, Source


@dataclass(frozen=True)
class QuarantineEntry:
    dossier_id: str
    error_kind: str
    attempts: int
    at: str | None


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

    def entries(self) -> list[QuarantineEntry]:
        query = select(dossiers.c.dossier_id, dossiers.c.error_kind, dossiers.c.attempts,
                       dossiers.c.processed_at).where(dossiers.c.state == FAILED)
        with self.engine.connect() as conn:
            return [QuarantineEntry(r.dossier_id, r.error_kind or "", r.attempts, r.processed_at)
                    for r in conn.execute(query.order_by(dossiers.c.dossier_id))]

    def requeue(self) -> int:
        """Put quarantined dossiers back to pending (after fixing their cause)."""
        with self.engine.begin() as conn:
            n = conn.execute(update(dossiers).where(dossiers.c.state == FAILED)
                             .values(state=PENDING)).rowcount
            if n:
                self.catalog.audit.append("operator", "quarantine.requeued", connection=conn,
                                          dossiers=n)
        return n


def _pipeline_info() -> PipelineInfo:
    return PipelineInfo(version=version("fengcun"), rules_version="",
                        processed_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))
