"""The review queue: one row per review item, sealings due soonest (overdue) first.

A dossier waiting for review usually has no decided due date yet (nothing is
decided), so the queue orders by the date sealing WOULD fall due if the person
is sealed (models.deadlines.sealing_due): that is the deadline a late review
misses. Rows carry ids, field names, reasons, the court and dates — no party's
data — so the queue page itself shows nothing sealed.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from models.record import DecisionRecord, ReviewItem
from models.rules.engine import second_approval_barred
from services.sealing_due import due_date

STATUSES = ("open", "approved", "corrected", "rejected")


@dataclass(frozen=True)
class QueueRow:
    dossier_id: str
    item_id: str
    person_id: str | None
    field: str
    reason: str
    status: str
    court: str | None
    due_date: dt.date | None
    barred: frozenset[str] = frozenset()   # accounts that may not answer it (the two-person check)
    case_number: str | None = None         # the file's first 案号, which reviewers know a dossier by
    holder: str | None = None              # the account whose claim holds it (archive.claims)

    def held_for_other(self, account: str) -> bool:
        """Whether another reviewer's claim holds this item: not for `account` to answer now."""
        return self.holder is not None and self.holder != account

    def overdue_days(self, today: dt.date) -> int:
        return (today - self.due_date).days if self.due_date and self.due_date < today else 0


@dataclass(frozen=True)
class Filters:
    court: str = ""
    reason: str = ""
    status: str = "open"        # "" means every status

    def keep(self, row: QueueRow) -> bool:
        return ((not self.court or row.court == self.court)
                and (not self.reason or row.reason == self.reason)
                and (not self.status or row.status == self.status))

    def query(self) -> dict[str, str]:
        """The filters as URL parameters, so next/previous stay within the same list."""
        return {"court": self.court, "reason": self.reason, "status": self.status}


@dataclass(frozen=True)
class Counts:
    open_items: int
    dossiers_waiting: int
    overdue_dossiers: int
    resolved_items: int


def rows_of(record: DecisionRecord) -> list[QueueRow]:
    due = due_date(record)
    case_number = next(iter(record.case.case_numbers), None)
    return [QueueRow(record.dossier_id, item.item_id, item.person_id, item.field, item.reason,
                     item.status, record.case.court, due, second_approval_barred(record, item), case_number)
            for item in record.review.items]


def build_queue(records: Iterable[DecisionRecord]) -> list[QueueRow]:
    """Every review item of every record, due soonest first; undated last."""
    rows = [row for record in records for row in rows_of(record)]
    rows.sort(key=lambda r: (r.due_date or dt.date.max, r.dossier_id, _item_number(r.item_id)))
    return rows


def holding(barred: frozenset[str], holder: str | None) -> str | None:
    """The account a dossier's claim holds an item for: the claim's holder, unless the
    two-person check bars the holder from it (then the item is another reviewer's to take)."""
    return holder if holder is not None and holder not in barred else None


def with_holders(rows: list[QueueRow], holders: dict[str, str]) -> list[QueueRow]:
    """The rows with the account whose live claim holds each (holders: dossier → account)."""
    return [replace(r, holder=holding(r.barred, holders.get(r.dossier_id))) for r in rows]


def order_for(rows: list[QueueRow], account: str, assigned: set[str],
              skipped: dict[tuple[str, str], str]) -> list[QueueRow]:
    """One reviewer's order: dossiers assigned to them first, then the queue's order, then
    the items they skipped, the earliest skipped first."""
    def rank(row: QueueRow) -> tuple[int, str]:
        when = skipped.get((row.dossier_id, row.item_id))
        if when is not None:
            return 2, when
        return (0 if row.dossier_id in assigned else 1), ""
    return sorted(rows, key=rank)


def _item_number(item_id: str) -> int:
    return int(item_id[1:]) if item_id[1:].isdigit() else 0


def counts(rows: list[QueueRow], today: dt.date) -> Counts:
    open_rows = [r for r in rows if r.status == "open"]
    waiting = {r.dossier_id for r in open_rows}
    overdue = {r.dossier_id for r in open_rows if r.overdue_days(today) > 0}
    return Counts(len(open_rows), len(waiting), len(overdue), len(rows) - len(open_rows))


def choices(rows: list[QueueRow]) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """Courts and reasons present in the queue with their open-item counts, for the filters."""
    open_rows = [r for r in rows if r.status == "open"]
    courts = Counter(r.court for r in open_rows if r.court)
    reasons = Counter(r.reason for r in open_rows)
    for r in rows:
        if r.court:
            courts.setdefault(r.court, 0)
        reasons.setdefault(r.reason, 0)
    return sorted(courts.items()), sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))


def neighbours(rows: list[QueueRow], dossier_id: str, item_id: str) -> tuple[QueueRow | None, QueueRow | None]:
    """The previous and next rows around an item; an item no longer in the list (it was
    just resolved, and the list shows open items) has the list's first row as next."""
    for index, row in enumerate(rows):
        if row.dossier_id == dossier_id and row.item_id == item_id:
            return (rows[index - 1] if index else None, rows[index + 1] if index + 1 < len(rows) else None)
    return None, (rows[0] if rows else None)


def next_after(before: list[QueueRow], after: list[QueueRow], dossier_id: str, item_id: str) -> QueueRow | None:
    """The item to show once one is answered: the first that followed it in the list as it was
    and is still listed (answering may withdraw or raise items), else the first other one left;
    never the list's first row when a following one is there (J would start over)."""
    keys = [(r.dossier_id, r.item_id) for r in before]
    start = keys.index((dossier_id, item_id)) + 1 if (dossier_id, item_id) in keys else 0
    listed = {(r.dossier_id, r.item_id): r for r in after if (r.dossier_id, r.item_id) != (dossier_id, item_id)}
    following = [listed[k] for k in keys[start:] if k in listed]
    return following[0] if following else next(iter(listed.values()), None)


_SAME = str.maketrans({"（": "(", "）": ")", "〔": "(", "〕": ")", "［": "(", "］": ")", "[": "(", "]": ")",
                      "【": "(", "】": ")", "﹝": "(", "﹞": ")"})


def _plain(text: str) -> str:
    """A case number or name as typed or printed: brackets of every width alike, no spaces."""
    return "".join(text.translate(_SAME).split()).lower()


def search(records: Iterable[DecisionRecord], query: str, *, names: bool) -> set[str]:
    """The dossiers whose 案号 (any document's) contains the query, or, with `names`, one of
    whose persons' names or aliases does. Names are sealed: the caller passes only records
    the account may see, and the query itself is never logged or put in a URL."""
    wanted = _plain(query)
    if not wanted:
        return set()
    found = set()
    for record in records:
        numbers = [*record.case.case_numbers, *(d.case_number for d in record.case.documents if d.case_number)]
        people = [n for p in record.persons for n in (p.name, *p.aliases)] if names else []
        if any(wanted in _plain(text) for text in (*numbers, *people) if text):
            found.add(record.dossier_id)
    return found


def find_item(record: DecisionRecord, item_id: str) -> ReviewItem | None:
    return next((i for i in record.review.items if i.item_id == item_id), None)


def in_queue_of(record: DecisionRecord, account: str, holder: str | None = None) -> bool:
    """Whether the dossier has an open item in this account's queue: open, not barred to it
    by the two-person check, and not held by another reviewer's claim (`holder`, the account
    whose live claim holds the dossier; archive.claims). This is what "under review by this
    reviewer" means, and it is what opens a dossier's original pages to a reviewer (review.app)."""
    for item in record.review.items:
        barred = second_approval_barred(record, item)
        held = holding(barred, holder)
        if item.status == "open" and account not in barred and held in (None, account):
            return True
    return False
