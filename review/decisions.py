"""A reviewer's answer to a review item, and what follows from it.

approve  — the extracted value is right (e.g. a low-confidence read, or a birth
           date that differs from the ID number's where the file's date is the true one);
correct  — the value is wrong: the reviewer types the right one, validated here
           (a date must be a real date, an ID number must carry its check digit);
reject   — the question cannot be settled from this file; a comment says why, and
           the person's decision stays "review".

After every answer the record is decided again by the service layer's
`services.processing.decide_again` (models.rules.decide_record applies corrections and
trusts approved fields), so the reviewer sees the new outcome at once; when the
dossier's last open item is answered the same call writes and publishes its
outputs, exactly as for a processed dossier. The audit
log names the account, the item and the field — never a value or a comment,
which may hold a minor's data; those live only in the sealed record.
"""
from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Mapping
from copy import deepcopy as copy_of
from dataclasses import dataclass
from typing import Any, Literal

from archive import FAILED, Store
from archive.accounts import Account
from models import idnumber
from models.errors import ConflictError, ValidationError
from models.record import DecisionRecord, Person, ReviewItem
from models.rules.engine import SECOND_APPROVAL_FIELD, second_approval_barred
from review.queue import find_item

Action = Literal["approve", "correct", "reject"]
ACTIONS: tuple[Action, ...] = ("approve", "correct", "reject")
# Fields the rules read and a reviewer may type a value for (models.rules.engine._corrected).
CORRECTABLE = ("birth_date", "id_number", "offence_dates", "disposition", "main_conduct",
               "minor_at_offence", "stated_age")
DISPOSITION_KINDS = ("fixed_term", "criminal_detention", "public_surveillance", "fine_only",
                     "deprivation_of_political_rights", "exempt_from_punishment", "non_prosecution",
                     "conditional_non_prosecution", "acquittal", "life_imprisonment", "death")
EARLIEST = dt.date(1900, 1, 1)


@dataclass(frozen=True)
class Resolution:
    record: DecisionRecord
    outputs_written: bool


def can_approve(item: ReviewItem) -> bool:
    """Approving says "the extracted value is right": there must be one."""
    return item.value not in (None, "", [], {})


def can_correct(item: ReviewItem) -> bool:
    return item.person_id is not None and item.field in CORRECTABLE


# -- validation ------------------------------------------------------------------------------------

def _date(text: str | None, today: dt.date) -> dt.date:
    try:
        day = dt.date.fromisoformat((text or "").strip())
    except ValueError:
        raise ValidationError("invalid_date") from None
    if not EARLIEST <= day <= today:
        raise ValidationError("date_out_of_range")
    return day


def _whole(text: str | None, *, required: bool) -> int | None:
    text = (text or "").strip()
    if not text:
        if required:
            raise ValidationError("invalid_number")
        return None
    if not text.isdigit() or int(text) > 1200:
        raise ValidationError("invalid_number")
    return int(text)


def _choice(text: str | None, allowed: tuple[str, ...]) -> str:
    if text not in allowed:
        raise ValidationError("invalid_choice")
    return str(text)


def parse_correction(field_name: str, form: Mapping[str, str], today: dt.date | None = None) -> Any:
    """The corrected value as the record stores it (JSON), from the correction form's fields;
    raises ValidationError with the reason."""
    today = today or dt.date.today()
    if field_name == "birth_date":
        return _date(form.get("value"), today).isoformat()
    if field_name == "id_number":
        number = idnumber.normalise(form.get("value") or "")
        if not (idnumber.is_valid(number) or (idnumber.ID15.match(number) and idnumber.birth_date(number))):
            raise ValidationError("invalid_id_number")
        return number
    if field_name == "offence_dates":
        start = _date(form.get("start"), today)
        end = _date(form.get("end") or form.get("start"), today)
        if end < start:
            raise ValidationError("invalid_period")
        return [{"start": start.isoformat(), "end": end.isoformat(), "text": (form.get("text") or "").strip()}]
    if field_name == "main_conduct":
        return _choice(form.get("value"), ("before_18", "after_18"))
    if field_name == "minor_at_offence":
        return _choice(form.get("value"), ("yes", "no")) == "yes"
    if field_name == "stated_age":
        age = _whole(form.get("value"), required=True)
        if age is None or age > 120:
            raise ValidationError("invalid_number")
        return age
    if field_name == "disposition":
        kind = _choice(form.get("kind"), DISPOSITION_KINDS)
        months = _whole(form.get("months"), required=kind == "fixed_term")
        suspended = form.get("suspended") in ("on", "yes", "true")
        probation = _whole(form.get("probation_months"), required=suspended)
        # 附条件不起诉 has a 考验期 of its own (Criminal Procedure Law art. 283: 6 to 12 months)
        test_period = _whole(form.get("test_period_months"), required=False) \
            if kind == "conditional_non_prosecution" else None
        return {"kind": kind, "months": months, "suspended": suspended, "probation_months": probation,
                "test_period_months": test_period}
    raise ValidationError("invalid_choice")


# -- answering -------------------------------------------------------------------------------------

ANSWERED = ("approved", "corrected", "rejected")


@dataclass(frozen=True)
class Outcome:
    """One defendant's decision as an answer would leave it."""
    person_id: str
    outcome: str
    rules: tuple[str, ...]
    second_check: bool          # a not-eligible decision that waits for a second reviewer


def _apply(item: ReviewItem, action: Action, reviewer: str, value: Any, comment: str | None) -> None:
    """Write an answer into its item: what the rules read back (status, corrected value)."""
    item.status = {"approve": "approved", "correct": "corrected", "reject": "rejected"}[action]
    item.corrected_value = value if action == "correct" else None
    item.comment = (comment or "").strip() or None
    item.reviewer = reviewer


def preview(record: DecisionRecord, item_id: str, action: Action, account: Account, *,
            value: Any = None) -> list[Outcome]:
    """The decision each defendant would get from this answer, before it is given: the answer
    applied to a copy of the record and the copy decided by the rules step the real answer
    runs (services.decide, with the record's own rule table). Nothing is saved or written."""
    from services.decide import decide, rule_table

    copy = copy_of(record)
    item = find_item(copy, item_id)
    if item is None or item.status != "open":
        raise ConflictError(f"item {item_id} of dossier {record.dossier_id[:12]} is not open")
    _apply(item, action, account.name, value, "preview" if action == "reject" else None)
    decided = decide(copy, rule_table(copy))
    waiting = {i.person_id for i in decided.review.items
               if i.field == SECOND_APPROVAL_FIELD and i.status == "open"}
    return [Outcome(p.person_id, p.decision.outcome, tuple(p.decision.rules),
                    p.decision.outcome == "not_eligible" and p.person_id in waiting)
            for p in decided.persons if p.decision]


_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


def _lock(dossier_id: str) -> threading.Lock:
    """One answer per dossier at a time in this process: load, change and save must not
    interleave, or one reviewer's answer would overwrite another's."""
    with _locks_guard:
        return _locks.setdefault(dossier_id, threading.Lock())


_answering: set[tuple[str, str]] = set()


def in_flight() -> frozenset[tuple[str, str]]:
    """The (dossier, item) pairs whose answer this process is saving now: still open in the
    record, but not to be shown as the next item (the review app saves in the background)."""
    with _locks_guard:
        return frozenset(_answering)


def resolve(store: Store, dossier_id: str, item_id: str, action: Action, account: Account, *,
            value: Any = None, comment: str | None = None) -> Resolution:
    """Answer one open item, decide again, write outputs when nothing is open, save, audit."""
    if action == "reject" and not (comment or "").strip():
        raise ValidationError("comment_required")
    with _locks_guard:
        _answering.add((dossier_id, item_id))
    try:
        return _resolve(store, dossier_id, item_id, action, account, value, comment)
    finally:
        with _locks_guard:
            _answering.discard((dossier_id, item_id))


def _resolve(store: Store, dossier_id: str, item_id: str, action: Action, account: Account, value: Any,
             comment: str | None) -> Resolution:
    # imported here: the pipeline's language stack (seconds) loads when an answer is given,
    # not to show a page
    from services.processing import decide_again

    with _lock(dossier_id):
        if store.records.state(dossier_id) == FAILED:
            raise ValidationError("quarantined")
        record = store.records.load(dossier_id)
        item = find_item(record, item_id)
        if item is None or item.status != "open":
            raise ConflictError(f"item {item_id} of dossier {dossier_id[:12]} is not open")
        if action == "approve" and not can_approve(item):
            raise ValidationError("approve_needs_value")
        if action == "correct" and not can_correct(item):
            raise ValidationError("not_correctable")
        if account.name in second_approval_barred(record, item):
            # the two-person check: whoever answered this person's items cannot also be the second pair of eyes
            raise ValidationError("second_reviewer_required")
        _apply(item, action, account.name, value, comment)
        decided = decide_again(store, dossier_id, record, actor=account.actor)
        record, written = decided.record, decided.outputs_written
    store.audit.append(account.actor, f"review.{item.status}", dossier_id, item=item_id,
                       field=item.field, person=item.person_id,
                       open_items=sum(1 for i in record.review.items if i.status == "open"),
                       outputs_written=written)
    return Resolution(record, written)


def _restore(record: DecisionRecord, item: ReviewItem) -> bool:
    """Put back the value a correction replaced: the rules wrote the correction into the person,
    and the item keeps the value it asked about. False when that value is not one the person's
    field can hold (a vague date kept as its text), so the correction cannot be taken back."""
    try:
        person = record.person(item.person_id or "")
        restored = Person.from_dict({**person.to_dict(), item.field: item.value})
    except (TypeError, ValueError, KeyError, AttributeError):
        return False
    setattr(person, item.field, getattr(restored, item.field))
    return True


def can_undo(record: DecisionRecord, item: ReviewItem, account: Account) -> bool:
    """Whether the account may take back its answer to the item (see undo)."""
    return item.status in ANSWERED and item.reviewer == account.name and \
        (item.status != "corrected" or _restore(copy_of(record), item))


def undo(store: Store, dossier_id: str, item_id: str, account: Account) -> Resolution:
    """Take back one's own answer: the item is open again, its corrected value and comment gone,
    and the record is decided again as if the answer had not been given (an item the answer's
    outcome raised, such as a two-person check, is withdrawn by the rules). Outputs written
    meanwhile stand, as for any dossier waiting for review, until the item is answered again."""
    from services.processing import decide_again

    with _lock(dossier_id):
        if store.records.state(dossier_id) == FAILED:
            raise ValidationError("quarantined")
        record = store.records.load(dossier_id)
        item = find_item(record, item_id)
        if item is None or item.status not in ANSWERED:
            raise ConflictError(f"item {item_id} of dossier {dossier_id[:12]} is not answered")
        if item.reviewer != account.name:
            raise ValidationError("undo_not_yours")
        if item.status == "corrected" and not _restore(record, item):
            raise ValidationError("undo_not_possible")
        item.status, item.corrected_value, item.comment, item.reviewer = "open", None, None, None
        decided = decide_again(store, dossier_id, record, actor=account.actor)
    store.audit.append(account.actor, "review.undone", dossier_id, item=item_id, field=item.field,
                       person=item.person_id,
                       open_items=sum(1 for i in decided.record.review.items if i.status == "open"))
    return Resolution(decided.record, decided.outputs_written)
