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
  a ConflictError and the inquiry stays pending.

The application and the attachments are sealed under the master key; the
catalog keeps the keyed HMAC of the ID number. Every step writes an anchored
audit entry (archive.audit_anchor) naming the inquiry and dossier ids only.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from archive import Store
from archive.accounts import Account
from archive.inquiries import APPROVED, PENDING, REFUSED, Inquiry, Release, SubjectRecords, context
from core.atomic import write_atomic
from models.errors import ConflictError, InputFileError, PermissionDenied, ValidationError
from models import inquiries as lawful
from models.idnumber import is_valid, normalise
from redaction.certificates import Subject, certificate_text, notification_text, write_certificate
from redaction.release import ReleaseMark, new_release_id, one_time_password, write_release

REQUESTER_KINDS = lawful.REQUESTER_KINDS   # "statutory_unit": 法律另有规定 (models.inquiries)
ATTACHMENT_KINDS = ("official_letter", "work_certificate", "confidentiality_commitment")
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


def attachment_path(store: Store, inquiry_id: str, kind: str) -> Path:
    return store.root / "inquiries" / inquiry_id / f"{kind}.sealed"


def submit(store: Store, application: Application, attachments: dict[str, Path], actor: str, *,
           received_on: dt.date | None = None, calendar: WorkCalendar | None = None) -> Inquiry:
    """File an application with its three attachments (read, sealed into the store). A defence
    lawyer's application is filed and refused at once, with the reason."""
    if application.kind not in REQUESTER_KINDS:
        raise ValidationError(f"kind must be one of {', '.join(REQUESTER_KINDS)}")
    if not is_valid(normalise(application.subject_id_number)):
        raise ValidationError("the ID number of the person asked about is not a valid resident ID number")
    missing = [k for k in ATTACHMENT_KINDS if k not in attachments]
    if missing:
        raise ValidationError(f"a written application needs these files too: {', '.join(missing)}")
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
    subject_hmac = store.catalog.id_hmac(normalise(application.subject_id_number))
    digests = {k: hashlib.sha256(v).hexdigest() for k, v in contents.items()}

    def write_attachments(inquiry_id: str) -> None:
        # files only once the number is ours; a failure here rolls the row back
        for kind, data in contents.items():
            write_atomic(attachment_path(store, inquiry_id, kind),
                         store.key.seal(data, context(inquiry_id, kind)))

    inquiry_id = store.inquiries.add(
        received, kind=application.kind, due_date=due, subject_hmac=subject_hmac,
        application=application.to_dict(), attachments=digests, created_by=actor,
        refusal=("rule:defence-lawyer", "refusal", DEFENCE_LAWYER_REFUSAL) if refused else None,
        on_numbered=write_attachments)
    store.audit.append(actor, "inquiry.received", None, inquiry=inquiry_id, kind=application.kind,
                       due=due.isoformat(), attachments=digests)
    if refused:
        store.audit.append("rule:defence-lawyer", "inquiry.refused", None, inquiry=inquiry_id,
                           reason="defence-lawyer")
    return get(store, inquiry_id)


def get(store: Store, inquiry_id: str) -> Inquiry:
    return store.inquiries.get(inquiry_id)


def application_of(store: Store, inquiry_id: str) -> Application:
    return Application.from_dict(store.inquiries.application(inquiry_id))


def decision_reason(store: Store, inquiry_id: str) -> str | None:
    return store.inquiries.decision_reason(inquiry_id)


def open_inquiries(store: Store) -> list[Inquiry]:
    """Pending inquiries, the nearest deadline first: for `fengcun status` and the review app."""
    return store.inquiries.pending()


def subject_records(store: Store, id_number: str) -> SubjectRecords:
    """The person's files as a defendant or suspect, by the keyed ID-number index."""
    return store.inquiries.subject_records(id_number)


def _authorise(account: Account) -> None:
    if account.role != APPROVER_ROLE:
        raise PermissionDenied(f"account {account.name} may not decide inquiries: "
                               f"that needs the role {APPROVER_ROLE}")


def _decide(store: Store, inquiry_id: str, account: Account, state: str, answer: str,
            reason: str) -> None:
    store.inquiries.decide(inquiry_id, state=state, answer=answer, decided_by=account.actor,
                           reason=reason)


def refuse(store: Store, inquiry_id: str, account: Account, reason: str) -> Inquiry:
    _authorise(account)
    if not reason.strip():
        raise ValidationError("a refusal states its reason")
    if get(store, inquiry_id).state != PENDING:
        raise ConflictError(f"inquiry {inquiry_id} is already decided")
    _decide(store, inquiry_id, account, REFUSED, "refusal", reason)
    store.audit.append(account.actor, "inquiry.refused", None, inquiry=inquiry_id)
    return get(store, inquiry_id)


def approve(store: Store, inquiry_id: str, account: Account, reason: str, out_dir: Path, *,
            authority: str, today: dt.date | None = None, second_approver: Account | None = None) -> Answer:
    """Approve and answer on the lawful path (models.inquiries.lawful_path): released copies
    for a judicial organ, and for a unit acting under a statute once `second_approver` (a
    reviewer, not the operator) has approved its basis; the notification letter for another
    unit. Files go to `out_dir` named by the inquiry id only."""
    _authorise(account)
    if not reason.strip():
        raise ValidationError("an approval states its reason")
    inquiry = get(store, inquiry_id)
    path = lawful.lawful_path(inquiry.kind)
    if path.second_approval and not (second_approver is not None and second_approver.role == "reviewer"
                                     and lawful.may_approve_second(account.name, second_approver.name)):
        raise PermissionDenied(f"inquiry {inquiry_id}: a unit acting under a statute is answered only once a "
                               "reviewer other than the operator approves its legal basis")
    if inquiry.state != PENDING:
        raise ConflictError(f"inquiry {inquiry_id} is already decided")
    application = application_of(store, inquiry_id)
    found = subject_records(store, application.subject_id_number)
    if found.undecided:
        raise ConflictError(f"inquiry {inquiry_id}: {len(found.undecided)} file(s) about this person still "
                            "wait for a sealing decision; decide them first")
    if found.open:
        raise ConflictError(f"inquiry {inquiry_id}: this person has records that are not sealed; answer "
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
        store.audit.append(account.actor, "inquiry.answered", dossier_id, inquiry=inquiry_id,
                           answer=answer.answer)
    store.audit.append(account.actor, "inquiry.approved", None, inquiry=inquiry_id,
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
        record = store.records.load(dossier_id)
        if not record.outputs.sealed_pdf:
            raise ConflictError(f"dossier {dossier_id[:12]} has no sealed file to release")
        release_id = new_release_id()
        out = out_dir / f"{inquiry.inquiry_id}-{number}.pdf"
        store.audit.append(account.actor, "sealed.opened", dossier_id, inquiry=inquiry.inquiry_id,
                           purpose="release")
        pages = write_release(store.root / record.outputs.sealed_pdf, dossier_id, store.key, mark,
                              release_id, password, out)
        store.inquiries.add_release(Release(release_id, inquiry.inquiry_id, dossier_id, today),
                                    pages=pages, sha256=hashlib.sha256(out.read_bytes()).hexdigest())
        store.audit.append(account.actor, "inquiry.released", dossier_id,
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
        raise ValidationError("the ID number is not a valid resident ID number")
    found = subject_records(store, subject.id_number)
    if found.undecided:
        raise ConflictError(f"{len(found.undecided)} file(s) about this person still wait for a sealing "
                            "decision; no certificate until they are decided")
    if found.open:
        raise ConflictError("this person has a criminal record that is not sealed: no certificate of "
                            "no criminal record can be issued")
    today = today or dt.date.today()
    number = f"证字第{today.year}-{secrets.token_hex(3).upper()}号"
    write_certificate(certificate_text(Subject(subject.name, normalise(subject.id_number)),
                                       applicant=applicant, number=number, authority=authority,
                                       issued_on=today, purpose=purpose), out)
    for dossier_id, _ in found.sealed:
        store.audit.append(account.actor, "certificate.consulted", dossier_id, applicant=applicant)
    store.audit.append(account.actor, "certificate.issued", None, applicant=applicant,
                       sealed_records=len(found.sealed),
                       sha256=hashlib.sha256(out.read_bytes()).hexdigest())
    return out
