"""The store: one directory with the catalog, the outputs, staging space and the audit log.

Layout of STORE_DIR:
    catalog.db               the SQLite catalog (absent when a PostgreSQL URL is given)
    outputs/ab/<dossier_id>/ sealed PDFs, redacted copies, notices of one dossier
    tmp/                     staging: <host>-<pid>-<id12>-<rand>/ per dossier in progress

A dossier's outputs are written into a staging directory, renamed into
`outputs/` in one step, and only then committed to the catalog; a process killed
anywhere leaves either nothing or debris that `sweep()` recognises (a staging
directory of a dead process, or an outputs directory the catalog does not
claim). Originals are only ever read. The catalog is the manifest too: every
source file is registered by content hash with its path sealed, so flows pass
dossier ids and never paths.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
import shutil
import socket
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, delete, event, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from archive.audit import AuditLog
from archive.catalog import catalog_meta, dossiers, persons, stage_timings
from archive.fsutil import file_sha256, pid_alive
from models.errors import InputFileError, StoreError
from models.record import DecisionRecord, PipelineInfo, Review, Source
from redaction.atomic import fsync_dir
from redaction.keys import MasterKey

ENV_CATALOG_URL = "FENGCUN_CATALOG_URL"
PENDING, PROCESSING, SEALED, NOT_ELIGIBLE, REVIEW, FAILED = (
    "pending", "processing", "sealed", "not_eligible", "review", "failed")
STATES = (PENDING, PROCESSING, SEALED, NOT_ELIGIBLE, REVIEW, FAILED)
DONE_STATES = frozenset({SEALED, NOT_ELIGIBLE, REVIEW})       # a record exists and is final
SETTLED_STATES = DONE_STATES | {FAILED}                        # a backfill does not retry these
_MIGRATIONS = Path(__file__).parent / "migrations"
_LOCK_ROW = "audit-lock"
_INDEX_KEY = "index-key"
_KEY_ID = "key-id"


def _now() -> str:
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
class QuarantineEntry:
    dossier_id: str
    error_kind: str
    attempts: int
    at: str | None


class Store:
    """Open with `Store.open(root)`; `catalog_url` (or FENGCUN_CATALOG_URL) selects
    PostgreSQL, the default is `root/catalog.db`. The master key is loaded on first
    use unless given."""

    def __init__(self, root: Path | str, catalog_url: str | None = None,
                 master_key: MasterKey | None = None) -> None:
        self.root = Path(root).absolute()
        self.catalog_url = catalog_url or os.environ.get(ENV_CATALOG_URL) or \
            f"sqlite:///{self.root / 'catalog.db'}"
        self._key = master_key
        self._index_key: bytes | None = None
        self.engine = _make_engine(self.catalog_url)
        self.audit = AuditLog(self.engine)

    def __repr__(self) -> str:
        return f"Store({self.root.name}, {self.engine.dialect.name})"

    # -- opening -------------------------------------------------------------------------------
    @classmethod
    def open(cls, root: Path | str, catalog_url: str | None = None, *,
             master_key: MasterKey | None = None, migrate: bool = True) -> Store:
        """Create the directories and bring the catalog to the newest schema. Workers
        that join a running batch pass `migrate=False` and only check the schema."""
        store = cls(root, catalog_url, master_key)
        try:
            for sub in ("outputs", "tmp"):
                (store.root / sub).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the store at {store.root}: {exc.strerror}") from None
        if migrate:
            store.migrate()
        else:
            store.check_schema()
        return store

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _alembic_config(self, connection: Connection) -> Config:
        cfg = Config()
        cfg.set_main_option("script_location", str(_MIGRATIONS))
        cfg.attributes["connection"] = connection
        return cfg

    def migrate(self) -> None:
        """Upgrade the catalog to the head revision and create its fixed rows."""
        try:
            with self.engine.begin() as conn:
                command.upgrade(self._alembic_config(conn), "head")
            with self.engine.begin() as conn:
                insert_ignore(conn, catalog_meta, {"name": _LOCK_ROW, "value": b"0"})
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot migrate the catalog ({self.engine.dialect.name}): "
                             f"{type(exc).__name__}") from None

    def check_schema(self) -> None:
        head = ScriptDirectory(str(_MIGRATIONS)).get_current_head()
        try:
            with self.engine.connect() as conn:
                current = MigrationContext.configure(conn).get_current_revision()
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot read the catalog: {type(exc).__name__}") from None
        if current != head:
            raise StoreError(f"catalog schema is at {current}, expected {head}: run a command "
                             "that opens the store with migration (e.g. `fengcun status`)")

    # -- keys ------------------------------------------------------------------------------------
    @property
    def key(self) -> MasterKey:
        if self._key is None:
            self._key = MasterKey.load()
        return self._key

    def _seal(self, data: bytes, context: str) -> bytes:
        return self.key.seal(data, context)

    def _open(self, blob: bytes, context: str) -> bytes:
        return self.key.open(blob, context)

    def id_hmac(self, id_number: str) -> str:
        """Keyed hash of an ID number: links dossiers of one person without storing the number."""
        if self._index_key is None:
            with self.engine.begin() as conn:
                insert_ignore(conn, catalog_meta, {
                    "name": _INDEX_KEY,
                    "value": self._seal(secrets.token_bytes(32), "catalog-index-key")})
                blob = conn.execute(select(catalog_meta.c.value)
                                    .where(catalog_meta.c.name == _INDEX_KEY)).scalar_one()
            self._index_key = self._open(blob, "catalog-index-key")
        return hmac.new(self._index_key, id_number.strip().upper().encode(), hashlib.sha256).hexdigest()

    # -- manifest --------------------------------------------------------------------------------
    def register(self, path: Path) -> str:
        """Hash a source file and add it to the manifest (path sealed); return its dossier id.
        A file already registered keeps its state and its first path."""
        try:
            dossier_id = file_sha256(path)
            size = path.stat().st_size
        except OSError as exc:
            raise InputFileError(str(path), exc.strerror or type(exc).__name__) from None
        with self.engine.begin() as conn:
            insert_ignore(conn, dossiers, {
                "dossier_id": dossier_id, "state": PENDING, "size_bytes": size, "attempts": 0,
                "registered_at": _now(), "key_id": self.key.key_id,
                "source_path_enc": self._seal(str(path).encode("utf-8"), f"source-path:{dossier_id}")})
        return dossier_id

    def source_path(self, dossier_id: str) -> Path:
        with self.engine.connect() as conn:
            blob = conn.execute(select(dossiers.c.source_path_enc)
                                .where(dossiers.c.dossier_id == dossier_id)).scalar_one_or_none()
        if blob is None:
            raise StoreError(f"dossier {dossier_id[:12]} is not in the catalog")
        return Path(self._open(blob, f"source-path:{dossier_id}").decode("utf-8"))

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
                state=PROCESSING, claimed_by=worker_name(), claimed_at=_now(),
                attempts=dossiers.c.attempts + 1))
            return conn.execute(select(dossiers.c.attempts)
                                .where(dossiers.c.dossier_id == dossier_id)).scalar_one()

    # -- results ---------------------------------------------------------------------------------
    def save_record(self, record: DecisionRecord, status: str | None = None, *,
                    timings: dict[str, float] | None = None, actor: str = "pipeline") -> str:
        """Store the record sealed, index its persons, record stage timings and audit it,
        all in one transaction; saving again replaces (the catalog holds one row per dossier).
        Returns the state stored."""
        state = status or dossier_state(record)
        if state not in DONE_STATES:
            raise ValueError(f"save_record takes a final state, not {state!r}")
        did = record.dossier_id
        blob = self._seal(json.dumps(record.to_dict(), ensure_ascii=False).encode("utf-8"),
                          f"record:{did}")
        decided = [p for p in record.persons if p.decision is not None]
        due_dates = [p.decision.due_date for p in decided
                     if p.decision.outcome == "seal" and p.decision.due_date]  # type: ignore[union-attr]
        person_rows = [{
            "dossier_id": did, "person_id": p.person_id, "role": p.role,
            "outcome": p.decision.outcome if p.decision else None,
            "minor_at_offence": p.minor_at_offence,
            "due_date": p.decision.due_date if p.decision else None,
            "id_number_hmac": self.id_hmac(p.id_number) if p.id_number else None,
        } for p in record.persons]
        values = {
            "state": state, "processed_at": record.pipeline.processed_at or _now(),
            "pages": record.source.pages, "persons": len(record.persons),
            "sealed_persons": sum(1 for p in decided if p.decision.outcome == "seal"),  # type: ignore[union-attr]
            "review_open": sum(1 for i in record.review.items if i.status == "open"),
            "due_date": min(due_dates) if due_dates else None, "record_enc": blob,
            "error_kind": None, "error_enc": None, "pipeline_version": record.pipeline.version,
            "rules_version": record.pipeline.rules_version, "key_id": self.key.key_id,
        }
        with self.engine.begin() as conn:
            self._ensure_row(conn, did, record.source.path)
            conn.execute(update(dossiers).where(dossiers.c.dossier_id == did).values(**values))
            conn.execute(delete(persons).where(persons.c.dossier_id == did))
            if person_rows:
                conn.execute(insert(persons), person_rows)
            if timings:
                self._insert_timings(conn, did, timings, record.source.pages)
            self.audit.append(actor, "record.saved", did, connection=conn, state=state,
                              persons=len(record.persons), review_open=values["review_open"])
        return state

    def _ensure_row(self, conn: Connection, dossier_id: str, path: str) -> None:
        """Records saved without a prior `register` (e.g. by a tool) still get a manifest row."""
        insert_ignore(conn, dossiers, {
            "dossier_id": dossier_id, "state": PENDING, "size_bytes": 0, "attempts": 0,
            "registered_at": _now(), "key_id": self.key.key_id,
            "source_path_enc": self._seal(path.encode("utf-8"), f"source-path:{dossier_id}")})

    def load_record(self, dossier_id: str) -> DecisionRecord:
        with self.engine.connect() as conn:
            blob = conn.execute(select(dossiers.c.record_enc)
                                .where(dossiers.c.dossier_id == dossier_id)).scalar_one_or_none()
        if blob is None:
            raise StoreError(f"no record for dossier {dossier_id[:12]} in the catalog")
        return self._decode_record(dossier_id, blob)

    def _decode_record(self, dossier_id: str, blob: bytes) -> DecisionRecord:
        return DecisionRecord.from_dict(json.loads(self._open(blob, f"record:{dossier_id}")))

    def records(self, states: Iterable[str] | None = None) -> Iterator[DecisionRecord]:
        """Every stored record (quarantined dossiers included: theirs ask for review), by id."""
        query = select(dossiers.c.dossier_id, dossiers.c.record_enc).where(
            dossiers.c.record_enc.is_not(None)).order_by(dossiers.c.dossier_id)
        if states is not None:
            query = query.where(dossiers.c.state.in_(tuple(states)))
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        for row in rows:
            yield self._decode_record(row.dossier_id, row.record_enc)

    def quarantine(self, dossier_id: str, error: BaseException, *, pages: int = 0,
                   source: Path | None = None, actor: str = "pipeline") -> None:
        """Set a dossier aside with its error; the original is untouched. The error's text is
        sealed (library messages quote paths); its class name stays readable. A minimal record
        asking for review is stored so every registered dossier exports one record. `source`:
        the source path when the caller has already decrypted it."""
        path = str(source or self.source_path(dossier_id))
        kind = type(error).__name__
        record = DecisionRecord(dossier_id, Source(path, dossier_id, pages))
        record.review = Review()
        record.review.add(None, "dossier", f"processing failed ({kind}); the file was quarantined")
        record.pipeline = _pipeline_info()
        with self.engine.begin() as conn:
            conn.execute(update(dossiers).where(dossiers.c.dossier_id == dossier_id).values(
                state=FAILED, error_kind=kind[:64], processed_at=_now(), pages=pages,
                error_enc=self._seal(str(error).encode("utf-8"), f"error:{dossier_id}"),
                record_enc=self._seal(json.dumps(record.to_dict(), ensure_ascii=False).encode(),
                                      f"record:{dossier_id}"),
                persons=0, sealed_persons=0, review_open=1, due_date=None))
            conn.execute(delete(persons).where(persons.c.dossier_id == dossier_id))
            self.audit.append(actor, "dossier.quarantined", dossier_id, connection=conn,
                              error_kind=kind)

    def quarantine_error(self, dossier_id: str) -> str | None:
        """The sealed error text, for an operator at the console."""
        with self.engine.connect() as conn:
            blob = conn.execute(select(dossiers.c.error_enc)
                                .where(dossiers.c.dossier_id == dossier_id)).scalar_one_or_none()
        return self._open(blob, f"error:{dossier_id}").decode("utf-8") if blob else None

    def quarantined(self) -> list[QuarantineEntry]:
        query = select(dossiers.c.dossier_id, dossiers.c.error_kind, dossiers.c.attempts,
                       dossiers.c.processed_at).where(dossiers.c.state == FAILED)
        with self.engine.connect() as conn:
            return [QuarantineEntry(r.dossier_id, r.error_kind or "", r.attempts, r.processed_at)
                    for r in conn.execute(query.order_by(dossiers.c.dossier_id))]

    def requeue_quarantined(self) -> int:
        """Put quarantined dossiers back to pending (after fixing their cause)."""
        with self.engine.begin() as conn:
            n = conn.execute(update(dossiers).where(dossiers.c.state == FAILED)
                             .values(state=PENDING)).rowcount
            if n:
                self.audit.append("operator", "quarantine.requeued", connection=conn, dossiers=n)
        return n

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
                       dossiers.c.processed_at).where(dossiers.c.state.in_((REVIEW, FAILED)))
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        entries = []
        for r in rows:
            record = self._decode_record(r.dossier_id, r.record_enc)
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

    def find_person(self, id_number: str) -> list[tuple[str, str]]:
        """(dossier_id, person_id) of every stored person with this ID number."""
        digest = self.id_hmac(id_number)
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
        now = _now()
        conn.execute(insert(stage_timings), [
            {"dossier_id": dossier_id, "stage": stage, "seconds": float(seconds), "pages": pages,
             "recorded_at": now} for stage, seconds in timings.items()])

    def stage_totals(self) -> dict[str, float]:
        """Seconds per stage summed over the store (the benchmark's breakdown)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(stage_timings.c.stage, func.sum(stage_timings.c.seconds))
                                .group_by(stage_timings.c.stage)).all()
        return {r[0]: float(r[1]) for r in rows}

    # -- files -----------------------------------------------------------------------------------
    def output_dir(self, dossier_id: str) -> Path:
        """Where a dossier's outputs live: named by id, never by a party."""
        return self.root / "outputs" / dossier_id[:2] / dossier_id

    def relpath(self, path: Path | str) -> str:
        """A path as the record stores it: relative to the store root, with forward slashes."""
        return Path(path).absolute().relative_to(self.root).as_posix()

    @contextlib.contextmanager
    def staging(self, dossier_id: str) -> Iterator[Path]:
        """A fresh private directory for one dossier's outputs; removed if the block fails.
        Pass it to `publish` inside the block to make the outputs final."""
        path = self.root / "tmp" / f"{socket.gethostname()}-{os.getpid()}-{dossier_id[:12]}-" \
                                   f"{secrets.token_hex(4)}"
        path.mkdir(mode=0o700)
        try:
            yield path
        finally:
            if path.exists():
                shutil.rmtree(path)

    def publish(self, staged: Path, dossier_id: str) -> Path:
        """Move a staged directory to the dossier's outputs in one rename, replacing what an
        interrupted earlier attempt left there."""
        final = self.output_dir(dossier_id)
        final.parent.mkdir(parents=True, exist_ok=True)
        self.withdraw(dossier_id)
        os.rename(staged, final)
        fsync_dir(final.parent)
        return final

    def withdraw(self, dossier_id: str) -> bool:
        """Take a dossier's published outputs away in one rename (then delete them), e.g. when
        a new decision's outputs failed the leak check: the old ones came from an older decision.
        Returns whether there was anything to withdraw."""
        final = self.output_dir(dossier_id)
        if not final.exists():
            return False
        doomed = self.root / "tmp" / f"{socket.gethostname()}-{os.getpid()}-old-{secrets.token_hex(4)}"
        os.rename(final, doomed)
        fsync_dir(final.parent)
        shutil.rmtree(doomed)
        return True

    def sweep(self, stale_after: dt.timedelta = dt.timedelta(hours=6)) -> int:
        """Remove debris of killed processes: this host's staging directories whose process
        is gone (other hosts' when older than `stale_after`), and outputs directories whose
        dossier the catalog does not hold as done. Returns how many entries were removed."""
        removed = 0
        host = socket.gethostname()
        cutoff = dt.datetime.now().timestamp() - stale_after.total_seconds()
        for entry in sorted((self.root / "tmp").iterdir()):
            pid = _pid_of(entry.name)
            mine = entry.name.startswith(f"{host}-")
            if (mine and pid is not None and pid != os.getpid() and not pid_alive(pid)) or \
                    (not mine and entry.stat().st_mtime < cutoff):
                _remove(entry)
                removed += 1
        with self.engine.connect() as conn:
            rows = conn.execute(select(dossiers.c.dossier_id, dossiers.c.state,
                                       dossiers.c.claimed_by)).all()
        known = {r.dossier_id: r for r in rows}
        for shard in sorted((self.root / "outputs").iterdir()):
            for entry in sorted(shard.iterdir()) if shard.is_dir() else []:
                row = known.get(entry.name)
                if row is not None and row.state in DONE_STATES:
                    if entry.name.startswith(".tmp-"):
                        _remove(entry)
                        removed += 1
                    continue
                if row is not None and row.state == PROCESSING and _claim_alive(row.claimed_by):
                    continue
                _remove(entry)
                removed += 1
        return removed


def _pid_of(name: str) -> int | None:
    """The pid in `<host>-<pid>-...`: the first all-digit dash-separated part after the host."""
    host = socket.gethostname()
    if not name.startswith(f"{host}-"):
        return None
    part = name[len(host) + 1:].split("-", 1)[0]
    return int(part) if part.isdigit() else None


def _claim_alive(claimed_by: str | None) -> bool:
    if not claimed_by:
        return False
    host, _, pid = claimed_by.rpartition(":")
    if host != socket.gethostname():
        return True          # another machine's worker: leave its files alone
    return pid.isdigit() and int(pid) != os.getpid() and pid_alive(int(pid))


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def _pipeline_info() -> PipelineInfo:
    return PipelineInfo(version=version("fengcun"), rules_version="",
                        processed_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))


def insert_ignore(conn: Connection, table: Any, values: dict[str, Any]) -> None:
    """INSERT that leaves an existing row alone (the same on SQLite and PostgreSQL)."""
    dialect = conn.dialect.name
    if dialect == "postgresql":
        conn.execute(postgresql.insert(table).values(**values).on_conflict_do_nothing())
    elif dialect == "sqlite":
        conn.execute(sqlite.insert(table).values(**values).on_conflict_do_nothing())
    else:
        raise StoreError(f"catalog dialect {dialect} is not supported (use SQLite or PostgreSQL)")


def _make_engine(url: str) -> Engine:
    """SQLite: WAL (readers never block the writer), a generous busy timeout for several
    worker processes, and BEGIN IMMEDIATE so two writers queue instead of deadlocking on
    a read-then-write upgrade."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": 60})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=60000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine
