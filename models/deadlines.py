"""When sealing falls due (Measures arts. 11–13), so backfill reports can show what is overdue.

- The court sends the sealing notice with the judgment when it takes effect.
- Procuratorate and police seal within 3 days of RECEIVING the judgment or decision.
- Community corrections (public surveillance 管制, probation 缓刑) seal within 3 days
  after execution ends; a conditional non-prosecution is sealed within 3 days after
  its test period (考验期) ends.

Terms run from the effective date (缓刑考验期限，从判决确定之日起计算; 附条件不起诉
考验期从宣布决定之日起计算). Credit for pre-trial detention against 管制 is not in the
record, so for 管制 the date is the latest the execution can end, not the earliest.
Without the dates a deadline needs, the answer is None, never an estimate.
"""
from __future__ import annotations

import calendar
import datetime as dt

from models.record import Case, Disposition, Person

SEALING_DAYS = 3


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def term_end(start: dt.date, months: int) -> dt.date:
    """Last day of a term of `months` starting on `start` (a year from 10 Jan ends 9 Jan)."""
    return add_months(start, months) - dt.timedelta(days=1)


def test_period_end(disposition: Disposition) -> dt.date | None:
    """Last day of a conditional non-prosecution test period, or None when not known."""
    if disposition.decided_on is None or disposition.test_period_months is None:
        return None
    return term_end(disposition.decided_on, disposition.test_period_months)


def community_corrections_end(disposition: Disposition, effective_on: dt.date | None) -> dt.date | None:
    """Last day of execution in the community (管制 term or 缓刑 probation), or None when
    the disposition is not executed in the community or a date is missing."""
    if disposition.suspended:
        months = disposition.probation_months
    elif disposition.kind == "public_surveillance":
        months = disposition.months
    else:
        return None
    return term_end(effective_on, months) if effective_on is not None and months is not None else None


def is_community_corrections(disposition: Disposition) -> bool:
    return disposition.suspended or disposition.kind == "public_surveillance"


def sealing_due(person: Person, case: Case, received_on: dt.date | None = None) -> dt.date | None:
    """The day by which the person's records must be sealed.

    Community corrections and conditional non-prosecution: 3 days after execution or the
    test period ends (once the file holds the non-prosecution decision made after the test
    period, that decision is the one received). Otherwise 3 days after the organ received the judgment or decision
    (`received_on`), and for the court itself the day the judgment took effect
    (`case.concluded_on`).
    """
    disposition = person.disposition
    if disposition is None:
        return None
    if disposition.kind == "conditional_non_prosecution" and disposition.document_kind != "non_prosecution_decision":
        # still the conditional decision: due after its test period (if it is not revoked)
        end = test_period_end(disposition)
        return end + dt.timedelta(days=SEALING_DAYS) if end else None
    if is_community_corrections(disposition):
        end = community_corrections_end(disposition, case.concluded_on)
        return end + dt.timedelta(days=SEALING_DAYS) if end else None
    if received_on is not None:
        return received_on + dt.timedelta(days=SEALING_DAYS)
    return case.concluded_on


def is_overdue(due: dt.date | None, today: dt.date) -> bool:
    """Whether sealing should have happened by `today`; an unknown due date is not overdue
    (reports list it separately as undetermined)."""
    return due is not None and today > due
