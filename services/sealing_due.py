"""When sealing falls due, and which sealings are late: one answer for every screen.

`fengcun status`, the run summary of `process`/`backfill` and the review app's queue
all ask here, so they cannot disagree. A dossier waiting for review usually has no
decided due date yet (nothing is decided), so its due date is the day sealing WOULD
fall due if the person is sealed (models.deadlines.sealing_due): that is the deadline a
late review misses. A decided sealing's due date comes from its decision.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from archive import Store
from archive.records import FAILED, REVIEW, OverdueEntry
from models.deadlines import sealing_due
from models.record import DecisionRecord

WAITING_STATES = (REVIEW, FAILED)      # a record that asks a reviewer (quarantined ones do too)


def due_date(record: DecisionRecord) -> dt.date | None:
    """The earliest day sealing falls (or would fall) due for a defendant who may be a minor."""
    dates = []
    for person in record.persons:
        if not person.is_defendant or person.minor_at_offence is False:
            continue
        if person.decision is not None and person.decision.due_date is not None:
            dates.append(person.decision.due_date)
        elif (would_be := sealing_due(person, record.case)) is not None:
            dates.append(would_be)
    return min(dates, default=None)


@dataclass(frozen=True)
class WaitingDossier:
    """A dossier in the review queue: ids, field names and a date, nothing about a person."""
    dossier_id: str
    state: str
    open_items: int
    fields: tuple[str, ...]          # e.g. ("birth_date", "offence_dates")
    due_date: dt.date | None


def waiting_for_review(store: Store) -> list[WaitingDossier]:
    """Dossiers with open review items, sealings due soonest first (undated last)."""
    found = []
    for state in WAITING_STATES:
        for record in store.records.all(states=(state,)):
            open_items = [i for i in record.review.items if i.status == "open"]
            if open_items:
                found.append(WaitingDossier(record.dossier_id, state, len(open_items),
                                            tuple(sorted({i.field for i in open_items})), due_date(record)))
    found.sort(key=lambda w: (w.due_date or dt.date.max, w.dossier_id))
    return found


def overdue(store: Store, today: dt.date | None = None) -> list[OverdueEntry]:
    """Every dossier whose sealing fell (or would have fallen) due before `today` and that is
    not sealed: those waiting for a reviewer, by the date above (what the review app counts as
    overdue), and those whose catalog row carries a decided due date (archive.records.overdue).
    Sealed dossiers that were sealed after their date are `store.records.sealed_late()`."""
    today = today or dt.date.today()
    late = {e.dossier_id: e for e in store.records.overdue(today)}
    for waiting in waiting_for_review(store):
        if waiting.due_date is not None and waiting.due_date < today:
            late[waiting.dossier_id] = OverdueEntry(waiting.dossier_id, waiting.state, waiting.due_date,
                                                    (today - waiting.due_date).days)
    return sorted(late.values(), key=lambda e: (e.due_date, e.dossier_id))
