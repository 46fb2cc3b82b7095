"""Inquiries into sealed records (Measures arts. 14-17): written application, decision, answer.

An inquiry is a written application — requesting unit, officer, the person asked
about (name and ID number), reason, legal basis, purpose — with three files: the
unit's official letter, the officer's work certificate and the signed
confidentiality commitment (保密承诺书). It is decided within 3 working days
(`WorkCalendar`). A defence lawyer's request for a sealed juvenile record is
refused when it is filed, with the reason. An authorised operator (an account
with role "operator") approves or refuses with a reason; the answer depends on
who asks and what the archive holds about the person:

- a judicial organ handling a case gets each sealed file as a released copy
  (redaction.release: one-time password, visible mark, hidden fingerprint);
- another unit entitled by state regulations gets the inquiry notification letter
  stating no criminal record (redaction.certificates);
- a person with a record that is NOT sealed is not this procedure's business, and
  one whose record still waits for review cannot be answered yet: both stop with
  a StoreError and the inquiry stays pending.

The application and the attachments are sealed under the master key; the
catalog keeps the keyed HMAC of the ID number. Every step writes an anchored
audit entry (archive.audit_anchor) naming the inquiry and dossier ids only.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from archive.accounts import Account
from archive.after_catalog import inquiries, releases, unsealings
from archive.audit_anchor import append_anchored
from archive.catalog import dossiers, persons
from archive.store import SEALED, Store
from models.errors import InputFileError, StoreError
from models.idnumber import is_valid, normalise
from models import inquiries as models_inquiries
from models.record import DEFENDANT_ROLES
from redaction.atomic import write_atomic
from redaction.certificates import Subject, certificate_text, notification_text, write_certificate
from redaction.release import ReleaseMark, new_release_id, one_time_password, write_release

REQUESTER_KINDS = models_inquiries.REQUESTER_KINDS   # "statutory_unit": 法律另有规定 (models.inquiries)
ATTACHMENT_KINDS = ("official_letter", "work_certificate", "confidentiality_commitment")
PENDING, APPROVED, REFUSED = "pending", "approved", "refused"
DECISION_WORKING_DAYS = 3
ENV_HOLIDAYS = "FENGCUN_HOLIDAYS"
APPROVER_ROLE = "operator"
DEFENCE_LAWYER_REFUSAL = ("辩护律师申请查询被封存的未成年人犯罪记录，依照《关于未成年人犯罪记录封存的实施办法》"
                          "不予提供 (defence lawyers may not obtain sealed juvenile records)")


class WorkCalendar:
    """Working days: Monday to Friday, minus public holidays, plus the weekend days worked in
    exchange (调休). The State Council publishes each year's arrangement; fengcun ships none,
    because a guessed holiday would be a wrong deadline. Load it from a file of lines
    `2026-10-01 holiday` / `2026-10-10 workday` named by FENGCUN_HOLIDAYS."""

    def __init__(self, holidays: frozenset[dt.date] = frozenset(),
                 workdays: frozenset[dt.date] = frozenset()) -> None:
        self.holidays = holidays
        self.workdays = workdays

    @classmethod
    def load(cls, path: Path | None = None) -> WorkCalendar:
        path = path or (Path(os.environ[ENV_HOLIDAYS]) if os.environ.get(ENV_HOLIDAYS) else None)
        if path is None:
            return cls()
        holidays, workdays = set(), set()
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise InputFileError(str(path), exc.strerror or type(exc).__name__) from None
        for number, line in enumerate(lines, 1):
            parts = line.split("#", 1)[0].split()
            if not parts:
                continue
            try:
                day, kind = dt.date.fromisoformat(parts[0]), parts[1]
            except (ValueError, IndexError):
                raise InputFileError(str(path), f"line {number}: expected 'YYYY-MM-DD holiday|workday'") from None
            if kind not in ("holiday", "workday"):
                raise InputFileError(str(path), f"line {number}: expected 'holiday' or 'workday'")
            (holidays if kind == "holiday" else workdays).add(day)
        return cls(frozenset(holidays), frozenset(workdays))

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The `days`-th working day after `start` (the day of receipt does not count)."""
        day, left = start, days
        while left:
            day += dt.timedelta(days=1)
            left -= self.is_working_day(day)
        return day


@dataclass(frozen=True)
class Application:
    """The written application. Sealed in the catalog; its repr shows the kind only."""

    kind: str                  # REQUESTER_KINDS
    unit: str                  # requesting unit (申请单位)
    officer: str               # the officer who applies (经办人)
    subject_name: str          # the person asked about, as the letter names them
    subject_id_number: str
    reason: str
    legal_basis: str
    purpose: str

    def __repr__(self) -> str:
        return f"Application({self.kind})"

    def to_dict(self) -> dict[str, str]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, str]) -> Application:
        return cls(**d)


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
class Answer:
    """What an approval produced: released copies (with the one-time password to hand to the
    requester once, never stored) or a notification letter."""

    inquiry_id: str
    answer: str                          # "release" | "notification"
    files: tuple[Path, ...]
    release_ids: tuple[str, ...] = ()
    password: str | None = None

    def __repr__(self) -> str:
        return f"Answer({self.inquiry_id}, {self.answer}, {len(self.files)} files)"


@dataclass(frozen=True)
class SubjectRecords:
    """What the archive holds about one person as a defendant: sealed files, files in the
    open (not sealed, or unsealed), and files still waiting for a decision."""

    sealed: tuple[tuple[str, str], ...]
    open: tuple[tuple[str, str], ...]
    undecided: tuple[tuple[str, str], ...]


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _context(inquiry_id: str, what: str) -> str:
    return f"inquiry:{inquiry_id}:{what}"


def attachment_path(store: Store, inquiry_id: str, kind: str) -> Path:
    return store.root / "inquiries" / inquiry_id / f"{kind}.sealed"


def submit(store: Store, application: Application, attachments: dict[str, Path], actor: str, *,
           received_on: dt.date | None = None, calendar: WorkCalendar | None = None) -> Inquiry:
    """File an application with its three attachments (read, sealed into the store). A defence
    lawyer's application is filed and refused at once, with the reason."""
    if application.kind not in REQUESTER_KINDS:
        raise ValueError(f"kind must be one of {', '.join(REQUESTER_KINDS)}")
    if not is_valid(normalise(application.subject_id_number)):
        raise ValueError("the ID number of the person asked about is not a valid resident ID number")
    missing = [k for k in ATTACHMENT_KINDS if k not in attachments]
    if missing:
        raise ValueError(f"a written application needs these files too: {', '.join(missing)}")
    contents: dict[str, bytes] = {}
    for kind in ATTACHMENT_KINDS:
        path = attachments[kind]
        try:
            contents[kind] = path.read_bytes()
        except OSError as exc:
            raise InputFileError(str(path), exc.strerror or type(exc).__name__) from None
        if not contents[kind]:
            raise InputFileError(str(path), "the file is empty")
    received = received_on or dt.date.today()
    due = (calendar or WorkCalendar.load()).add_working_days(received, DECISION_WORKING_DAYS)
    refused = application.kind == "defence_lawyer"
    subject_hmac = store.id_hmac(normalise(application.subject_id_number))
    digests = {k: hashlib.sha256(v).hexdigest() for k, v in contents.items()}
    for _ in range(5):            # numbered inside the transaction; a clash on PostgreSQL retries
        try:
            with store.engine.begin() as conn:
                inquiry_id = _next_id(conn, received.year)
                row = {
                    "inquiry_id": inquiry_id, "kind": application.kind,
                    "state": REFUSED if refused else PENDING, "received_on": received, "due_date": due,
                    "subject_hmac": subject_hmac, "attachments": json.dumps(digests, sort_keys=True),
                    "application_enc": store.key.seal(json.dumps(application.to_dict(), ensure_ascii=False)
                                                      .encode(), _context(inquiry_id, "application")),
                    "created_at": _now(), "created_by": actor,
                }
                if refused:
                    row.update(decided_at=_now(), decided_by="rule:defence-lawyer", answer="refusal",
                               decision_reason_enc=store.key.seal(DEFENCE_LAWYER_REFUSAL.encode(),
                                                                  _context(inquiry_id, "decision")))
                conn.execute(insert(inquiries).values(**row))
                # files only once the number is ours; a failure here rolls the row back
                for kind, data in contents.items():
                    write_atomic(attachment_path(store, inquiry_id, kind),
                                       store.key.seal(data, _context(inquiry_id, kind)))
            break
        except IntegrityError:
            continue
    else:
        raise StoreError("could not number the inquiry: too many filed at once, try again")
    append_anchored(store, actor, "inquiry.received", None, inquiry=inquiry_id, kind=application.kind,
                    due=due.isoformat(), attachments=digests)
    if refused:
        append_anchored(store, "rule:defence-lawyer", "inquiry.refused", None, inquiry=inquiry_id,
                        reason="defence-lawyer")
    return get(store, inquiry_id)


def _next_id(conn: Connection, year: int) -> str:
    prefix = f"Q{year}-"
    last = conn.execute(select(func.max(inquiries.c.inquiry_id))
                        .where(inquiries.c.inquiry_id.like(f"{prefix}%"))).scalar()
    number = int(last[len(prefix):]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def _row_to_inquiry(r: object) -> Inquiry:
    return Inquiry(r.inquiry_id, r.kind, r.state, r.received_on, r.due_date,  # type: ignore[attr-defined]
                   r.created_by, r.decided_by, r.answer)  # type: ignore[attr-defined]


def get(store: Store, inquiry_id: str) -> Inquiry:
    with store.engine.connect() as conn:
        r = conn.execute(select(inquiries).where(inquiries.c.inquiry_id == inquiry_id)).first()
    if r is None:
        raise StoreError(f"no inquiry {inquiry_id} in the catalog")
    return _row_to_inquiry(r)


def application_of(store: Store, inquiry_id: str) -> Application:
    with store.engine.connect() as conn:
        blob = conn.execute(select(inquiries.c.application_enc)
                            .where(inquiries.c.inquiry_id == inquiry_id)).scalar_one_or_none()
    if blob is None:
        raise StoreError(f"no inquiry {inquiry_id} in the catalog")
    return Application.from_dict(json.loads(store.key.open(blob, _context(inquiry_id, "application"))))


def decision_reason(store: Store, inquiry_id: str) -> str | None:
    with store.engine.connect() as conn:
        blob = conn.execute(select(inquiries.c.decision_reason_enc)
                            .where(inquiries.c.inquiry_id == inquiry_id)).scalar_one_or_none()
    return store.key.open(blob, _context(inquiry_id, "decision")).decode() if blob else None


def open_inquiries(store: Store) -> list[Inquiry]:
    """Pending inquiries, the nearest deadline first: for `fengcun status` and the review app."""
    with store.engine.connect() as conn:
        rows = conn.execute(select(inquiries).where(inquiries.c.state == PENDING)
                            .order_by(inquiries.c.due_date, inquiries.c.inquiry_id)).all()
    return [_row_to_inquiry(r) for r in rows]


def subject_records(store: Store, id_number: str) -> SubjectRecords:
    """The person's files as a defendant or suspect, by the keyed ID-number index."""
    digest = store.id_hmac(normalise(id_number))
    query = (select(persons.c.dossier_id, persons.c.person_id, persons.c.role, persons.c.outcome,
                    dossiers.c.state)
             .join(dossiers, dossiers.c.dossier_id == persons.c.dossier_id)
             .where(persons.c.id_number_hmac == digest))
    with store.engine.connect() as conn:
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


def _authorise(account: Account) -> None:
    if account.role != APPROVER_ROLE:
        raise StoreError(f"account {account.name} may not decide inquiries: "
                         f"that needs the role {APPROVER_ROLE}")


def _decide(store: Store, inquiry_id: str, account: Account, state: str, answer: str,
            reason: str) -> None:
    with store.engine.begin() as conn:
        n = conn.execute(update(inquiries).where(inquiries.c.inquiry_id == inquiry_id,
                                                 inquiries.c.state == PENDING).values(
            state=state, answer=answer, decided_at=_now(), decided_by=account.actor,
            decision_reason_enc=store.key.seal(reason.encode(), _context(inquiry_id, "decision"))
        )).rowcount
    if n != 1:
        raise StoreError(f"inquiry {inquiry_id} was decided meanwhile")


def refuse(store: Store, inquiry_id: str, account: Account, reason: str) -> Inquiry:
    _authorise(account)
    if not reason.strip():
        raise ValueError("a refusal states its reason")
    if get(store, inquiry_id).state != PENDING:
        raise StoreError(f"inquiry {inquiry_id} is already decided")
    _decide(store, inquiry_id, account, REFUSED, "refusal", reason)
    append_anchored(store, account.actor, "inquiry.refused", None, inquiry=inquiry_id)
    return get(store, inquiry_id)


def approve(store: Store, inquiry_id: str, account: Account, reason: str, out_dir: Path, *,
            authority: str, today: dt.date | None = None, second_approver: Account | None = None) -> Answer:
    """Approve and answer on the lawful path (models.inquiries.lawful_path): released copies
    for a judicial organ, and for a unit acting under a statute once `second_approver` (a
    reviewer, not the operator) has approved its basis; the notification letter for another
    unit. Files go to `out_dir` named by the inquiry id only."""
    _authorise(account)
    if not reason.strip():
        raise ValueError("an approval states its reason")
    inquiry = get(store, inquiry_id)
    path = models_inquiries.lawful_path(inquiry.kind)
    if path.second_approval and not (second_approver is not None and second_approver.role == "reviewer"
                                     and models_inquiries.may_approve_second(account.name, second_approver.name)):
        raise StoreError(f"inquiry {inquiry_id}: a unit acting under a statute is answered only once a reviewer "
                         "other than the operator approves its legal basis")
    if inquiry.state != PENDING:
        raise StoreError(f"inquiry {inquiry_id} is already decided")
    application = application_of(store, inquiry_id)
    found = subject_records(store, application.subject_id_number)
    if found.undecided:
        raise StoreError(f"inquiry {inquiry_id}: {len(found.undecided)} file(s) about this person still "
                         "wait for a sealing decision; decide them first")
    if found.open:
        raise StoreError(f"inquiry {inquiry_id}: this person has records that are not sealed; answer "
                         "through the ordinary procedure, not the sealed-record inquiry")
    today = today or dt.date.today()
    if path.answer == "release" and found.sealed:
        answer = _release(store, inquiry, application, found.sealed, out_dir, today, account)
    else:
        letter = out_dir / f"{inquiry_id}.notification.pdf"
        write_certificate(notification_text(
            Subject(application.subject_name, normalise(application.subject_id_number)),
            unit=application.unit, inquiry_id=inquiry_id, received_on=inquiry.received_on,
            authority=authority, issued_on=today), letter)
        answer = Answer(inquiry_id, "notification", (letter,))
    _decide(store, inquiry_id, account, APPROVED, answer.answer, reason)
    for dossier_id, _ in found.sealed:
        append_anchored(store, account.actor, "inquiry.answered", dossier_id, inquiry=inquiry_id,
                        answer=answer.answer)
    append_anchored(store, account.actor, "inquiry.approved", None, inquiry=inquiry_id,
                    answer=answer.answer, files=len(answer.files),
                    second_approver=second_approver.actor if path.second_approval and second_approver else None)
    return answer


def _release(store: Store, inquiry: Inquiry, application: Application,
             sealed: tuple[tuple[str, str], ...], out_dir: Path, today: dt.date,
             account: Account) -> Answer:
    password = one_time_password()
    mark = ReleaseMark(inquiry.inquiry_id, application.unit, today)
    files, ids = [], []
    for number, dossier_id in enumerate(dict.fromkeys(d for d, _ in sealed), 1):
        record = store.load_record(dossier_id)
        if not record.outputs.sealed_pdf:
            raise StoreError(f"dossier {dossier_id[:12]} has no sealed file to release")
        release_id = new_release_id()
        out = out_dir / f"{inquiry.inquiry_id}-{number}.pdf"
        store.audit.append(account.actor, "sealed.opened", dossier_id, inquiry=inquiry.inquiry_id,
                           purpose="release")
        pages = write_release(store.root / record.outputs.sealed_pdf, dossier_id, store.key, mark,
                              release_id, password, out)
        with store.engine.begin() as conn:
            conn.execute(insert(releases).values(
                release_id=release_id, inquiry_id=inquiry.inquiry_id, dossier_id=dossier_id,
                created_at=_now(), released_on=today, pages=pages,
                sha256=hashlib.sha256(out.read_bytes()).hexdigest()))
        append_anchored(store, account.actor, "inquiry.released", dossier_id,
                        inquiry=inquiry.inquiry_id, release=release_id, pages=pages)
        files.append(out)
        ids.append(release_id)
    return Answer(inquiry.inquiry_id, "release", tuple(files), tuple(ids), password)


def issue_certificate(store: Store, subject: Subject, applicant: str, account: Account, out: Path, *,
                      authority: str, purpose: str | None = None, today: dt.date | None = None) -> Path:
    """The certificate of no criminal record for the person or the legal representative: issued
    when every record of the person in the archive is sealed (or there is none); refused when a
    record is in the open, and held back while one still waits for its sealing decision."""
    _authorise(account)
    if not is_valid(normalise(subject.id_number)):
        raise ValueError("the ID number is not a valid resident ID number")
    found = subject_records(store, subject.id_number)
    if found.undecided:
        raise StoreError(f"{len(found.undecided)} file(s) about this person still wait for a sealing "
                         "decision; no certificate until they are decided")
    if found.open:
        raise StoreError("this person has a criminal record that is not sealed: no certificate of "
                         "no criminal record can be issued")
    today = today or dt.date.today()
    number = f"证字第{today.year}-{secrets.token_hex(3).upper()}号"
    write_certificate(certificate_text(Subject(subject.name, normalise(subject.id_number)),
                                       applicant=applicant, number=number, authority=authority,
                                       issued_on=today, purpose=purpose), out)
    for dossier_id, _ in found.sealed:
        append_anchored(store, account.actor, "certificate.consulted", dossier_id, applicant=applicant)
    append_anchored(store, account.actor, "certificate.issued", None, applicant=applicant,
                    sealed_records=len(found.sealed),
                    sha256=hashlib.sha256(out.read_bytes()).hexdigest())
    return out
