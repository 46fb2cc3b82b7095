"""The inquiries repository: written applications into sealed records, their decisions, and
the copies released to answer them (tables of archive.after_catalog).

The application and a decision's reason are sealed under the master key with the
context `inquiry:<id>:<what>`; the person asked about is findable only through the
keyed HMAC of the ID number. Inquiries are numbered Q<year>-NNNN inside the
transaction that files them. What an inquiry goes through — who may decide, what
the answer is — is services.inquiries.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from archive.after_catalog import inquiries, releases, unsealings
from archive.catalog import dossiers, persons
from archive.database import Catalog
from archive.records import SEALED, now
from models.errors import ConflictError, NotFoundError
from models.idnumber import normalise
from models.record import DEFENDANT_ROLES

PENDING, APPROVED, REFUSED = "pending", "approved", "refused"
_NUMBERING_TRIES = 5


@dataclass(frozen=True)
class Inquiry:
    inquiry_id: str
    kind: str
    state: str
    received_on: dt.date
    due_date: dt.date
    created_by: str
    decided_by: str | None = None
    answer: str | None = None

    def days_left(self, today: dt.date) -> int:
        return (self.due_date - today).days

    def overdue(self, today: dt.date) -> bool:
        return self.state == PENDING and today > self.due_date


@dataclass(frozen=True)
class SubjectRecords:
    """What the archive holds about one person as a defendant: sealed files, files in the
    open (not sealed, or unsealed), and files still waiting for a decision."""

    sealed: tuple[tuple[str, str], ...]
    open: tuple[tuple[str, str], ...]
    undecided: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Release:
    """One released copy of one sealed file; `release_id` is its hidden fingerprint."""

    release_id: str
    inquiry_id: str
    dossier_id: str
    released_on: dt.date


def context(inquiry_id: str, what: str) -> str:
    """The associated data of an inquiry's sealed blobs and attachment files."""
    return f"inquiry:{inquiry_id}:{what}"


class Inquiries:
    """The inquiries and releases of one catalog."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.engine = catalog.engine

    def add(self, received_on: dt.date, *, kind: str, due_date: dt.date, subject_hmac: str,
            application: dict[str, str], attachments: dict[str, str], created_by: str,
            refusal: tuple[str, str, str] | None = None,
            on_numbered: Callable[[str], None] = lambda _id: None) -> str:
        """File an application: number it, store it sealed, and run `on_numbered(inquiry_id)`
        (the attachments' files) inside the same transaction, so a failure leaves no row.
        `refusal` = (decided_by, answer, reason) files it decided at once. A clash of numbers
        with another filer (PostgreSQL) retries."""
        for _ in range(_NUMBERING_TRIES):
            try:
                with self.engine.begin() as conn:
                    inquiry_id = _next_id(conn, received_on.year)
                    row: dict[str, Any] = {
                        "inquiry_id": inquiry_id, "kind": kind,
                        "state": REFUSED if refusal else PENDING, "received_on": received_on,
                        "due_date": due_date, "subject_hmac": subject_hmac,
                        "attachments": json.dumps(attachments, sort_keys=True),
                        "application_enc": self.catalog.seal(
                            json.dumps(application, ensure_ascii=False).encode(),
                            context(inquiry_id, "application")),
                        "created_at": now(), "created_by": created_by,
                    }
                    if refusal:
                        decided_by, answer, reason = refusal
                        row.update(decided_at=now(), decided_by=decided_by, answer=answer,
                                   decision_reason_enc=self.catalog.seal(
                                       reason.encode(), context(inquiry_id, "decision")))
                    conn.execute(insert(inquiries).values(**row))
                    on_numbered(inquiry_id)
                return inquiry_id
            except IntegrityError:
                continue
        raise ConflictError("could not number the inquiry: too many filed at once, try again")

    def get(self, inquiry_id: str) -> Inquiry:
        with self.engine.connect() as conn:
            r = conn.execute(select(inquiries).where(inquiries.c.inquiry_id == inquiry_id)).first()
        if r is None:
            raise NotFoundError(f"no inquiry {inquiry_id} in the catalog")
        return _row_to_inquiry(r)

    def exists(self, inquiry_id: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(inquiries.c.inquiry_id)
                                .where(inquiries.c.inquiry_id == inquiry_id)).first() is not None

    def application(self, inquiry_id: str) -> dict[str, str]:
        with self.engine.connect() as conn:
            blob = conn.execute(select(inquiries.c.application_enc)
                                .where(inquiries.c.inquiry_id == inquiry_id)).scalar_one_or_none()
        if blob is None:
            raise NotFoundError(f"no inquiry {inquiry_id} in the catalog")
        return json.loads(self.catalog.open(blob, context(inquiry_id, "application")))

    def decision_reason(self, inquiry_id: str) -> str | None:
        with self.engine.connect() as conn:
            blob = conn.execute(select(inquiries.c.decision_reason_enc)
                                .where(inquiries.c.inquiry_id == inquiry_id)).scalar_one_or_none()
        return self.catalog.open(blob, context(inquiry_id, "decision")).decode() if blob else None

    def pending(self) -> list[Inquiry]:
        """Pending inquiries, the nearest deadline first."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(inquiries).where(inquiries.c.state == PENDING)
                                .order_by(inquiries.c.due_date, inquiries.c.inquiry_id)).all()
        return [_row_to_inquiry(r) for r in rows]

    def decide(self, inquiry_id: str, *, state: str, answer: str, decided_by: str,
               reason: str) -> None:
        """Record the decision of a pending inquiry; ConflictError when it was decided meanwhile."""
        with self.engine.begin() as conn:
            n = conn.execute(update(inquiries).where(inquiries.c.inquiry_id == inquiry_id,
                                                     inquiries.c.state == PENDING).values(
                state=state, answer=answer, decided_at=now(), decided_by=decided_by,
                decision_reason_enc=self.catalog.seal(reason.encode(), context(inquiry_id, "decision"))
            )).rowcount
        if n != 1:
            raise ConflictError(f"inquiry {inquiry_id} was decided meanwhile")

    def add_release(self, release: Release, *, pages: int, sha256: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(releases).values(
                release_id=release.release_id, inquiry_id=release.inquiry_id,
                dossier_id=release.dossier_id, created_at=now(), released_on=release.released_on,
                pages=pages, sha256=sha256))

    def releases(self, release_ids: Iterable[str]) -> list[Release]:
        """The known releases among `release_ids` (candidates read from a file's fingerprints)."""
        wanted = list(release_ids)
        if not wanted:
            return []
        with self.engine.connect() as conn:
            rows = conn.execute(select(releases).where(releases.c.release_id.in_(wanted))).all()
        return [Release(r.release_id, r.inquiry_id, r.dossier_id, r.released_on) for r in rows]

    def subject_records(self, id_number: str) -> SubjectRecords:
        """The person's files as a defendant or suspect, by the keyed ID-number index."""
        digest = self.catalog.id_hmac(normalise(id_number))
        query = (select(persons.c.dossier_id, persons.c.person_id, persons.c.role, persons.c.outcome,
                        dossiers.c.state)
                 .join(dossiers, dossiers.c.dossier_id == persons.c.dossier_id)
                 .where(persons.c.id_number_hmac == digest))
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(persons.c.dossier_id, persons.c.person_id)).all()
            unsealed = {(u.sealed_dossier_id, u.sealed_person_id) for u in conn.execute(
                select(unsealings.c.sealed_dossier_id, unsealings.c.sealed_person_id)
                .where(unsealings.c.state == "approved", unsealings.c.outcome == "unseal"))}
        sealed, open_, undecided = [], [], []
        for r in rows:
            if r.role not in DEFENDANT_ROLES:
                continue
            key = (r.dossier_id, r.person_id)
            if r.outcome == "seal" and r.state == SEALED and key not in unsealed:
                sealed.append(key)
            elif r.outcome == "not_eligible" or key in unsealed:
                open_.append(key)
            else:
                undecided.append(key)
        return SubjectRecords(tuple(sealed), tuple(open_), tuple(undecided))


def _next_id(conn: Connection, year: int) -> str:
    prefix = f"Q{year}-"
    last = conn.execute(select(func.max(inquiries.c.inquiry_id))
                        .where(inquiries.c.inquiry_id.like(f"{prefix}%"))).scalar()
    number = int(last[len(prefix):]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def _row_to_inquiry(r: Any) -> Inquiry:
    return Inquiry(r.inquiry_id, r.kind, r.state, r.received_on, r.due_date, r.created_by,
                   r.decided_by, r.answer)
