"""Certificates from templates (Measures arts. 15-17): what a sealed record looks like from outside.

A person whose record is sealed, or the legal representative, gets the
certificate of no criminal record (无犯罪记录证明); a unit that inquires about
such a person gets the inquiry notification letter (查询结果告知书) stating no
criminal record. Both are deliberately indistinguishable from those of someone
who never had a record: the word 封存 never appears, which
`check_no_sealing_trace` verifies by reading the written file back. The wording
lives in `templates/*.txt` beside the sealing notice, laid out the same way
(redaction.notices). Whether a certificate may be issued at all is decided by the
caller (archive.inquiries), never here.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

from core.atomic import write_atomic
from redaction.notices import render_pdf, templates
from redaction.sealed import written_date

CERTIFICATE_TEMPLATE = "no_record_certificate.txt"
NOTIFICATION_TEMPLATE = "inquiry_notification.txt"
APPLICANTS = {"self": "本人", "legal_representative": "其法定代理人"}
DEFAULT_SCOPE = "本院刑事案件档案"
FORBIDDEN = ("封存", "解封", "犯罪记录封存")


@dataclass(frozen=True)
class Subject:
    """The person a certificate speaks of, as the applicant identified them (name, ID number)."""

    name: str
    id_number: str

    def __repr__(self) -> str:
        return "Subject(…)"


def certificate_text(subject: Subject, *, applicant: str, number: str, authority: str,
                     issued_on: dt.date, purpose: str | None = None, scope: str = DEFAULT_SCOPE) -> str:
    if applicant not in APPLICANTS:
        raise ValueError(f"applicant must be one of {', '.join(APPLICANTS)}")
    return templates.get_template(CERTIFICATE_TEMPLATE).render(
        certificate_number=number, name=subject.name, id_number=subject.id_number,
        applicant=APPLICANTS[applicant], purpose=purpose, scope=scope, authority=authority,
        issued_on=written_date(issued_on))


def notification_text(subject: Subject, *, unit: str, inquiry_id: str, received_on: dt.date,
                      authority: str, issued_on: dt.date, scope: str = DEFAULT_SCOPE) -> str:
    return templates.get_template(NOTIFICATION_TEMPLATE).render(
        letter_number=f"告字第{inquiry_id}号", unit=unit, inquiry_id=inquiry_id,
        received_on=written_date(received_on), name=subject.name, id_number=subject.id_number,
        scope=scope, authority=authority, issued_on=written_date(issued_on))


def write_certificate(text: str, out: Path) -> Path:
    """Lay the text out on A4 and write it atomically; refuse a text that mentions sealing."""
    if any(word in text for word in FORBIDDEN):
        raise ValueError("a certificate must not mention sealing")
    write_atomic(out, render_pdf(text))
    check_no_sealing_trace(out)
    return out


def check_no_sealing_trace(path: Path) -> None:
    """Read the written file back: its text layer must not betray a sealed record."""
    with pdfplumber.open(path) as doc:
        text = "".join(page.extract_text() or "" for page in doc.pages).replace("\n", "")
    if any(word in text for word in FORBIDDEN):
        path.unlink(missing_ok=True)
        raise RuntimeError("the written certificate mentions sealing; it was removed")
