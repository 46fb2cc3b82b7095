"""When sealing falls due (Measures arts. 11–13), per sealing organ, so backfill reports can show what is overdue.

Each organ that holds the record has its own deadline:
- the court seals when its judgment takes effect and sends the sealing notice with it
  (art. 11); a prosecutor's non-prosecution decision is sealed by the procuratorate
  when it is made;
- the procuratorate and the police seal within 3 days of RECEIVING the judgment or
  decision (arts. 11–12): known only once the day of receipt is;
- community corrections (public surveillance 管制, probation 缓刑) seal within 3 days
  after execution ends (art. 13), and a conditional non-prosecution is sealed within
  3 days after its test period (考验期) ends.
A suspended sentence is therefore due at the court the day it takes effect, years
before community corrections is: a backfill report measures the court against that.

Terms run from the effective date (缓刑考验期限，从判决确定之日起计算; 附条件不起诉
考验期从宣布决定之日起计算). Credit for pre-trial detention against 管制 is not in the
record, so for 管制 the date is the latest the execution can end, not the earliest.
Without the dates a deadline needs, the answer is None, never an estimate.
"""
from __future__ import annotations

import calendar
import datetime as dt

from typing import Literal

from models.record import Case, Disposition, Person

SEALING_DAYS = 3
Organ = Literal["court", "procuratorate", "police", "community_corrections"]
ORGANS: tuple[Organ, ...] = ("court", "procuratorate", "police", "community_corrections")


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


def _prosecutor_decided(disposition: Disposition) -> bool:
    return disposition.kind in ("non_prosecution", "conditional_non_prosecution") or \
        disposition.document_kind in ("non_prosecution_decision", "conditional_non_prosecution_decision")


def organ_due_dates(person: Person, case: Case, received_on: dt.date | None = None) -> dict[Organ, dt.date | None]:
    """The day each organ that holds the person's record must have sealed it by; None where
    a date it needs is not known (never an estimate). Organs that hold no record of this
    outcome (no court in a non-prosecution, no community corrections for a prison term)
    are absent.

    `received_on`: the day the procuratorate and the police received the judgment or
    decision; without it their deadline is unknown, only bounded below by the court's.
    """
    disposition = person.disposition
    if disposition is None:
        return {}
    effective = case.concluded_on or disposition.decided_on
    received = received_on + dt.timedelta(days=SEALING_DAYS) if received_on else None
    due: dict[Organ, dt.date | None] = {}
    if _prosecutor_decided(disposition):
        if disposition.kind == "conditional_non_prosecution" and disposition.document_kind != "non_prosecution_decision":
            # still the conditional decision: due after its test period (if it is not revoked)
            end = test_period_end(disposition)
            due["procuratorate"] = end + dt.timedelta(days=SEALING_DAYS) if end else None
        else:
            due["procuratorate"] = disposition.decided_on or effective
        due["police"] = received
        return due
    due["court"] = effective
    due["procuratorate"] = received
    due["police"] = received
    if is_community_corrections(disposition):
        end = community_corrections_end(disposition, effective)
        due["community_corrections"] = end + dt.timedelta(days=SEALING_DAYS) if end else None
    return due


def sealing_due(person: Person, case: Case, received_on: dt.date | None = None,
                organ: Organ | None = None) -> dt.date | None:
    """The day by which `organ` must have sealed the person's record; without `organ`, the
    earliest day any organ must — the court's (the day the judgment takes effect) for every
    judgment, suspended sentences included, and the procuratorate's for its own decisions.
    None when that date is not known."""
    due = organ_due_dates(person, case, received_on)
    if organ is not None:
        return due.get(organ)
    return min((d for d in due.values() if d is not None), default=None)


def is_overdue(due: dt.date | None, today: dt.date) -> bool:
    """Whether sealing should have happened by `today`; an unknown due date is not overdue
    (reports list it separately as undetermined)."""
    return due is not None and today > due
