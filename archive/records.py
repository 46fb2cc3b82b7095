"""The records repository: the manifest of source files and the decision record of each.

The catalog is the manifest too: every source file is registered by content hash
with its path sealed, so flows pass dossier ids and never paths. A dossier's row
moves pending → processing → sealed | not_eligible | review (or failed, see
archive.quarantine); its record is stored sealed under the master key, its persons
are indexed by role, outcome, due date and the keyed HMAC of their ID number, and
every save is audited in the same transaction. Stage timings of each attempt are
kept beside, for the benchmark.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import socket
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, delete, func, insert, select, update

from archive.catalog import dossiers, persons, stage_timings
from archive.database import Catalog, insert_ignore
from archive.fsutil import file_sha256
from models.errors import NotFoundError, UnreadableFileError
from models.record import DecisionRecord

PENDING, PROCESSING, SEALED, NOT_ELIGIBLE, REVIEW, FAILED = (
    "pending", "processing", "sealed", "not_eligible", "review", "failed")
STATES = (PENDING, PROCESSING, SEALED, NOT_ELIGIBLE, REVIEW, FAILED)
DONE_STATES = frozenset({SEALED, NOT_ELIGIBLE, REVIEW})       # a record exists and is final
SETTLED_STATES = DONE_STATES | {FAILED}                        # a backfill does not retry these


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def worker_name() -> str:
    """host:pid — which process claimed a dossier; no path, no user data."""
    return f"{socket.gethostname()}:{os.getpid()}"


def dossier_state(record: DecisionRecord) -> str:
    """The dossier's state from its record. No decision at all is `review`, never
    `not_eligible`: a file in which nobody was found has not been shown to be ineligible."""
    outcomes = [p.decision.outcome for p in record.persons if p.decision is not None]
    if record.review.required or "review" in outcomes or not outcomes:
        return REVIEW
    return SEALED if "seal" in outcomes else NOT_ELIGIBLE


@dataclass(frozen=True)
class ReviewQueueEntry:
    dossier_id: str
    open_items: int
    fields: tuple[str, ...]      # field names only, e.g. ("birth_date", "offence_dates")
    due_date: dt.date | None
    processed_at: str | None


@dataclass(frozen=True)
class OverdueEntry:
    dossier_id: str
    state: str
    due_date: dt.date
    days_overdue: int


@dataclass(frozen=True)
class SealedLateEntry:
    dossier_id: str
    due_date: dt.date
    sealed_on: dt.date
    days_late: int


@dataclass(frozen=True)
class DossierRow:
    """A dossier's plain catalog columns (no key needed): what the reports count by."""
    dossier_id: str
    state: str
    processed_at: str | None
    due_date: dt.date | None


@dataclass(frozen=True)
class Claim:
    """Who holds a dossier, for the file store's sweep: its state and the claiming worker."""

    state: str
    claimed_by: str | None


class Records:
    """The dossiers of one catalog: manifest rows, sealed records, person index, timings."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.engine = catalog.engine

    # -- manifest --------------------------------------------------------------------------------
    def register(self, path: Path) -> str:
        """Hash a source file and add it to the manifest (path sealed); return its dossier id.
        A file already registered keeps its state and its first path. A file that cannot be
        read raises UnreadableFileError (the caller quarantines it: archive.quarantine)."""
        try:
            dossier_id = file_sha256(path)
            size = path.stat().st_size
        except OSError as exc:
            raise UnreadableFileError(str(path), exc.strerror or type(exc).__name__) from None
        with self.engine.begin() as conn:
            insert_ignore(conn, dossiers, {
                "dossier_id": dossier_id, "state": PENDING, "size_bytes": size, "attempts": 0,
                "registered_at": now(), "key_id": self.catalog.key.key_id,
                "source_path_enc": self.catalog.seal(str(path).encode("utf-8"),
                                                     f"source-path:{dossier_id}")})
        return dossier_id

    def source_path(self, dossier_id: str) -> Path:
        with self.engine.connect() as conn:
            blob = conn.execute(select(dossiers.c.source_path_enc)
                                .where(dossiers.c.dossier_id == dossier_id)).scalar_one_or_none()
        if blob is None:
            raise NotFoundError(f"dossier {dossier_id[:12]} is not in the catalog")
        return Path(self.catalog.open(blob, f"source-path:{dossier_id}").decode("utf-8"))

    def state(self, dossier_id: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(select(dossiers.c.state)
                                .where(dossiers.c.dossier_id == dossier_id)).scalar_one_or_none()

    def has(self, dossier_id: str) -> bool:
        """True when the dossier is settled: a record is stored, or it was quarantined."""
        return self.state(dossier_id) in SETTLED_STATES

    def unsettled(self, dossier_ids: Iterable[str] | None = None) -> list[str]:
        """Registered dossiers still to process (pending, or claimed by a run that died)."""
        query = select(dossiers.c.dossier_id).where(dossiers.c.state.in_((PENDING, PROCESSING)))
        with self.engine.connect() as conn:
            ids = list(conn.execute(query.order_by(dossiers.c.registered_at,
                                                   dossiers.c.dossier_id)).scalars())
        if dossier_ids is None:
            return ids
        wanted = set(dossier_ids)
        return [i for i in ids if i in wanted]

    def claim(self, dossier_id: str) -> int:
        """Mark a dossier as being processed by this process; return the attempt number."""
        with self.engine.begin() as conn:
            conn.execute(update(dossiers).where(dossiers.c.dossier_id == dossier_id).values(
                state=PROCESSING, claimed_by=worker_name(), claimed_at=now(),
                attempts=dossiers.c.attempts + 1))
            return conn.execute(select(dossiers.c.attempts)
                                .where(dossiers.c.dossier_id == dossier_id)).scalar_one()

    def claims(self) -> dict[str, Claim]:
        """Every dossier's state and claiming worker: what the file store's sweep keeps."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(dossiers.c.dossier_id, dossiers.c.state,
                                       dossiers.c.claimed_by)).all()
        return {r.dossier_id: Claim(r.state, r.claimed_by) for r in rows}

    # -- records ---------------------------------------------------------------------------------
    def save(self, record: DecisionRecord, status: str | None = None, *,
             timings: dict[str, float] | None = None, actor: str = "pipeline") -> str:
        """Store the record sealed, index its persons, record stage timings and audit it,
        all in one transaction; saving again replaces (the catalog holds one row per dossier).
        Returns the state stored."""
        state = status or dossier_state(record)
        if state not in DONE_STATES:
            raise ValueError(f"save takes a final state, not {state!r}")
        did = record.dossier_id
        blob = self.catalog.seal(json.dumps(record.to_dict(), ensure_ascii=False).encode("utf-8"),
                                 f"record:{did}")
        decided = [p for p in record.persons if p.decision is not None]
        due_dates = [p.decision.due_date for p in decided
                     if p.decision.outcome == "seal" and p.decision.due_date]  # type: ignore[union-attr]
        person_rows = [{
            "dossier_id": did, "person_id": p.person_id, "role": p.role,
            "outcome": p.decision.outcome if p.decision else None,
            "minor_at_offence": p.minor_at_offence,
            "due_date": p.decision.due_date if p.decision else None,
            "id_number_hmac": self.catalog.id_hmac(p.id_number) if p.id_number else None,
        } for p in record.persons]
        values = {
            "state": state, "processed_at": record.pipeline.processed_at or now(),
            "pages": record.source.pages, "persons": len(record.persons),
            "sealed_persons": sum(1 for p in decided if p.decision.outcome == "seal"),  # type: ignore[union-attr]
            "review_open": sum(1 for i in record.review.items if i.status == "open"),
            "due_date": min(due_dates) if due_dates else None, "record_enc": blob,
            "error_kind": None, "error_enc": None, "pipeline_version": record.pipeline.version,
            "rules_version": record.pipeline.rules_version, "key_id": self.catalog.key.key_id,
        }
        with self.engine.begin() as conn:
            self._ensure_row(conn, did, record.source.path)
            conn.execute(update(dossiers).where(dossiers.c.dossier_id == did).values(**values))
            conn.execute(delete(persons).where(persons.c.dossier_id == did))
            if person_rows:
                conn.execute(insert(persons), person_rows)
            if timings:
                self._insert_timings(conn, did, timings, record.source.pages)
            self.catalog.audit.append(actor, "record.saved", did, connection=conn, state=state,
                                      persons=len(record.persons), review_open=values["review_open"])
        return state

    def _ensure_row(self, conn: Connection, dossier_id: str, path: str) -> None:
        """Records saved without a prior `register` (e.g. by a tool) still get a manifest row."""
        insert_ignore(conn, dossiers, {
            "dossier_id": dossier_id, "state": PENDING, "size_bytes": 0, "attempts": 0,
            "registered_at": now(), "key_id": self.catalog.key.key_id,
            "source_path_enc": self.catalog.seal(path.encode("utf-8"), f"source-path:{dossier_id}")})

    def load(self, dossier_id: str) -> DecisionRecord:
        with self.engine.connect() as conn:
            blob = conn.execute(select(dossiers.c.record_enc)
                                .where(dossiers.c.dossier_id == dossier_id)).scalar_one_or_none()
        if blob is None:
            raise NotFoundError(f"no record for dossier {dossier_id[:12]} in the catalog")
        return self._decode(dossier_id, blob)

    def _decode(self, dossier_id: str, blob: bytes) -> DecisionRecord:
        return DecisionRecord.from_dict(json.loads(self.catalog.open(blob, f"record:{dossier_id}")))

    def all(self, states: Iterable[str] | None = None) -> Iterator[DecisionRecord]:
        """Every stored record (quarantined dossiers included: theirs ask for review), by id."""
        query = select(dossiers.c.dossier_id, dossiers.c.record_enc).where(
            dossiers.c.record_enc.is_not(None)).order_by(dossiers.c.dossier_id)
        if states is not None:
            query = query.where(dossiers.c.state.in_(tuple(states)))
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        for row in rows:
            yield self._decode(row.dossier_id, row.record_enc)

    # -- queries ---------------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(dossiers.c.state, func.count())
                                .group_by(dossiers.c.state)).all()
        found = {r[0]: r[1] for r in rows}
        return {s: found.get(s, 0) for s in STATES}

    def review_queue(self, limit: int | None = None) -> list[ReviewQueueEntry]:
        """Dossiers waiting for a reviewer, sealings due soonest first. Needs the key: the
        field names come from the sealed records (they carry no personal data themselves)."""
        query = select(dossiers.c.dossier_id, dossiers.c.record_enc, dossiers.c.due_date,
                       dossiers.c.processed_at).where(dossiers.c.state.in_((REVIEW, FAILED)),
                                                      dossiers.c.record_enc.is_not(None))
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        entries = []
        for r in rows:
            record = self._decode(r.dossier_id, r.record_enc)
            open_items = [i for i in record.review.items if i.status == "open"]
            entries.append(ReviewQueueEntry(r.dossier_id, len(open_items),
                                            tuple(sorted({i.field for i in open_items})),
                                            r.due_date, r.processed_at))
        far = dt.date.max
        entries.sort(key=lambda e: (e.due_date or far, e.processed_at or "", e.dossier_id))
        return entries[:limit] if limit is not None else entries

    def overdue(self, today: dt.date | None = None) -> list[OverdueEntry]:
        """Dossiers whose sealing fell due before `today` and that are not sealed yet (waiting
        for review, pending, quarantined): work that is late now. Dossiers sealed after their
        due date are not overdue — see `sealed_late`."""
        today = today or dt.date.today()
        query = select(dossiers.c.dossier_id, dossiers.c.state, dossiers.c.due_date).where(
            dossiers.c.due_date.is_not(None), dossiers.c.due_date < today, dossiers.c.state != SEALED)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(dossiers.c.due_date, dossiers.c.dossier_id)).all()
        return [OverdueEntry(r.dossier_id, r.state, r.due_date, (today - r.due_date).days)
                for r in rows]

    def sealed_late(self) -> list[SealedLateEntry]:
        """Sealed dossiers whose sealing had fallen due before they were sealed: what a backfill
        of old archives reports per record (sealing-rules.md §4), apart from what is overdue now."""
        query = select(dossiers.c.dossier_id, dossiers.c.due_date, dossiers.c.processed_at).where(
            dossiers.c.due_date.is_not(None), dossiers.c.state == SEALED)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(dossiers.c.due_date, dossiers.c.dossier_id)).all()
        entries = []
        for r in rows:
            sealed_on = dt.datetime.fromisoformat(r.processed_at).date()
            if r.due_date < sealed_on:
                entries.append(SealedLateEntry(r.dossier_id, r.due_date, sealed_on,
                                               (sealed_on - r.due_date).days))
        return entries

    def rows(self) -> list[DossierRow]:
        """Every dossier's state, processing time and due date, by id."""
        query = select(dossiers.c.dossier_id, dossiers.c.state, dossiers.c.processed_at, dossiers.c.due_date)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(dossiers.c.dossier_id)).all()
        return [DossierRow(r.dossier_id, r.state, r.processed_at, r.due_date) for r in rows]

    def find_person(self, id_number: str) -> list[tuple[str, str]]:
        """(dossier_id, person_id) of every stored person with this ID number."""
        digest = self.catalog.id_hmac(id_number)
        with self.engine.connect() as conn:
            rows = conn.execute(select(persons.c.dossier_id, persons.c.person_id)
                                .where(persons.c.id_number_hmac == digest)).all()
        return [(r.dossier_id, r.person_id) for r in rows]

    # -- timings ---------------------------------------------------------------------------------
    def record_timings(self, dossier_id: str, timings: dict[str, float],
                       pages: int | None = None) -> None:
        with self.engine.begin() as conn:
            self._insert_timings(conn, dossier_id, timings, pages)

    @staticmethod
    def _insert_timings(conn: Connection, dossier_id: str, timings: dict[str, float],
                        pages: int | None) -> None:
        recorded_at = now()
        conn.execute(insert(stage_timings), [
            {"dossier_id": dossier_id, "stage": stage, "seconds": float(seconds), "pages": pages,
             "recorded_at": recorded_at} for stage, seconds in timings.items()])

    def stage_totals(self) -> dict[str, float]:
        """Seconds per stage summed over the store (the benchmark's breakdown)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(stage_timings.c.stage, func.sum(stage_timings.c.seconds))
                                .group_by(stage_timings.c.stage)).all()
        return {r[0]: float(r[1]) for r in rows}
