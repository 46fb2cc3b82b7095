"""Unsealing (Measures art. 18): a newly processed dossier that names a sealed person.

`check_new_dossier` runs after a dossier's record is saved: every defendant of
the new record with an ID number is looked up by the keyed ID-number index; each
sealed record of the same person (in another dossier) is weighed with
`models.unsealing.decide_unsealing`, and every outcome other than "no change"
opens a case for a reviewer:

- unseal (U1, U2): the reviewer's approval writes the unsealed copy (seal and
  watermarks removed, redaction.release.write_unsealed_copy) beside the sealed
  file, which is kept; the new dossier is the evidence;
- keep sealed, state the prior record (U3): the flag says the new judgment must
  state the prior record; approval acknowledges it and nothing is unsealed;
- review: a fact is missing — typically whether the new judgment punishes the
  sealed offence together with the new one (数罪并罚), which the extraction does
  not read. The reviewer supplies it on approval and the table decides again;
  the decision is never guessed.

Nothing is unsealed without a reviewer (an account with role "reviewer"). Each
step writes an anchored audit entry with dossier ids, person ids and rule ids.
"""
from __future__ import annotations

import datetime as dt

from archive.accounts import Account
from archive.store import Store
from archive.unsealings import OPEN, UnsealingCase
from models.errors import ConflictError, PermissionDenied, ValidationError
from models.record import Person
from models.rules import profile_for_case
from models.unsealing import UnsealingDecision, decide_unsealing
from redaction.release import write_unsealed_copy
from redaction.sealed import written_date
from services.inquiries import subject_records

REVIEWER_ROLE = "reviewer"


def _is_retrial(person: Person) -> bool:
    return person.disposition is not None and person.disposition.document_kind == "retrial_judgment"


def _decide(store: Store, sealed_dossier_id: str, sealed_person_id: str, new_dossier_id: str,
            new_person_id: str, punished_together: bool | None) -> UnsealingDecision:
    sealed_record = store.records.load(sealed_dossier_id)
    new_record = store.records.load(new_dossier_id)
    new = new_record.person(new_person_id)
    return decide_unsealing(sealed_record.person(sealed_person_id), new,
                            punished_together=punished_together, retrial=_is_retrial(new),
                            profile=profile_for_case(sealed_record.case))


def check_new_dossier(store: Store, new_dossier_id: str, *,
                      punished_together: bool | None = None) -> list[UnsealingCase]:
    """Open a case for every sealed record the new dossier's defendants touch; returns the
    dossier's cases (also those opened earlier: checking twice opens nothing new).
    `punished_together` is for a caller who knows it from the new judgment; None asks the reviewer."""
    record = store.records.load(new_dossier_id)
    for person in record.persons:
        if not person.is_defendant or not person.id_number:
            continue
        for sealed_dossier_id, sealed_person_id in subject_records(store, person.id_number).sealed:
            if sealed_dossier_id == new_dossier_id:
                continue
            decision = _decide(store, sealed_dossier_id, sealed_person_id, new_dossier_id,
                               person.person_id, punished_together)
            if decision.outcome == "no_change":
                store.audit.append("pipeline", "unsealing.checked", sealed_dossier_id,
                                   new_dossier=new_dossier_id, outcome="no_change")
                continue
            case_id = store.unsealings.open(
                sealed_dossier_id=sealed_dossier_id, sealed_person_id=sealed_person_id,
                new_dossier_id=new_dossier_id, new_person_id=person.person_id,
                proposed=decision.outcome, rules=decision.rules, reasons=decision.reasons,
                punished_together=punished_together, retrial=_is_retrial(person))
            if case_id is None:
                continue                      # this pair was checked before
            store.audit.append("pipeline", "unsealing.proposed", sealed_dossier_id,
                               case=int(case_id), new_dossier=new_dossier_id, person=sealed_person_id,
                               proposed=decision.outcome, rules=list(decision.rules))
    return cases(store, new_dossier_id=new_dossier_id)


def cases(store: Store, *, new_dossier_id: str | None = None, state: str | None = None) -> list[UnsealingCase]:
    return store.unsealings.cases(new_dossier_id=new_dossier_id, state=state)


def approve(store: Store, case_id: int, account: Account, *, punished_together: bool | None = None,
            today: dt.date | None = None) -> UnsealingCase:
    """The reviewer's approval. With `punished_together` the reviewer states what the new
    judgment says; the table decides again and an outcome still "review" is refused."""
    if account.role != REVIEWER_ROLE:
        raise PermissionDenied(f"account {account.name} may not decide unsealing: that needs the role "
                               f"{REVIEWER_ROLE}")
    case = store.unsealings.get(case_id)
    if case.state != OPEN:
        raise ConflictError(f"unsealing case {case_id} is already decided")
    together = punished_together if punished_together is not None else case.punished_together
    decision = _decide(store, case.sealed_dossier_id, case.sealed_person_id, case.new_dossier_id,
                       case.new_person_id, together)
    if decision.outcome == "review":
        raise ValidationError(f"unsealing case {case_id} still lacks a fact: "
                              f"{'; '.join(decision.reasons)}")
    copy = None
    if decision.outcome == "unseal":
        record = store.records.load(case.sealed_dossier_id)
        if not record.outputs.sealed_pdf:
            raise ConflictError(f"dossier {case.sealed_dossier_id[:12]} has no sealed file")
        out = store.files.output_dir(case.sealed_dossier_id) / f"{case.sealed_dossier_id[:12]}.unsealed.pdf"
        store.audit.append(account.actor, "sealed.opened", case.sealed_dossier_id, case=case_id,
                           purpose="unsealing")
        note = (f"依《关于未成年人犯罪记录封存的实施办法》第十八条解除封存（{'、'.join(decision.rules)}，"
                f"{written_date(today or dt.date.today())}）")
        write_unsealed_copy(store.root / record.outputs.sealed_pdf, case.sealed_dossier_id,
                            store.key, note, out)
        copy = store.files.relpath(out)
    store.unsealings.approve(case_id, outcome=decision.outcome, punished_together=together,
                             rules=decision.rules, reasons=decision.reasons,
                             decided_by=account.actor, unsealed_copy=copy)
    store.audit.append(account.actor, "unsealing.approved", case.sealed_dossier_id, case=case_id,
                       new_dossier=case.new_dossier_id, outcome=decision.outcome,
                       rules=list(decision.rules), unsealed_copy=bool(copy))
    return store.unsealings.get(case_id)


def reject(store: Store, case_id: int, account: Account) -> UnsealingCase:
    """The reviewer finds the proposal wrong (e.g. the new document names someone else)."""
    if account.role != REVIEWER_ROLE:
        raise PermissionDenied(f"account {account.name} may not decide unsealing: that needs the role "
                               f"{REVIEWER_ROLE}")
    store.unsealings.reject(case_id, decided_by=account.actor)
    case = store.unsealings.get(case_id)
    store.audit.append(account.actor, "unsealing.rejected", case.sealed_dossier_id, case=case_id,
                       new_dossier=case.new_dossier_id)
    return case
