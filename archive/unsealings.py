"""The unsealing-cases repository: a newly processed dossier naming a sealed person (Measures
art. 18), until a reviewer decides (table `unsealings` of archive.after_catalog).

One case per pair (sealed record, new dossier's person): opening it twice opens
nothing new. A case moves open → approved | rejected exactly once; the update is
conditional on the state, so two reviewers cannot both decide it. What a case
proposes and what an approval does is services.unsealing.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from archive.after_catalog import unsealings
from archive.database import Catalog
from archive.records import now
from models.errors import ConflictError, NotFoundError

OPEN, APPROVED, REJECTED = "open", "approved", "rejected"


@dataclass(frozen=True)
class UnsealingCase:
    case_id: int
    sealed_dossier_id: str
    sealed_person_id: str
    new_dossier_id: str
    new_person_id: str
    proposed: str                       # unseal | keep_sealed_state_prior_record | review
    rules: tuple[str, ...]
    reasons: tuple[str, ...]
    punished_together: bool | None
    retrial: bool
    state: str
    outcome: str | None = None
    unsealed_copy: str | None = None

    @property
    def must_state_prior_record(self) -> bool:
        """The flag for U3: the new judgment states the prior record; nothing is unsealed."""
        return (self.outcome or self.proposed) == "keep_sealed_state_prior_record"


class Unsealings:
    """The unsealing cases of one catalog."""

    def __init__(self, catalog: Catalog) -> None:
        self.engine = catalog.engine

    def open(self, *, sealed_dossier_id: str, sealed_person_id: str, new_dossier_id: str,
             new_person_id: str, proposed: str, rules: tuple[str, ...], reasons: tuple[str, ...],
             punished_together: bool | None, retrial: bool) -> int | None:
        """Open a case; its id, or None when this pair has a case already."""
        try:
            with self.engine.begin() as conn:
                return int(conn.execute(insert(unsealings).values(
                    sealed_dossier_id=sealed_dossier_id, sealed_person_id=sealed_person_id,
                    new_dossier_id=new_dossier_id, new_person_id=new_person_id,
                    proposed=proposed, rules=",".join(rules),
                    reasons=json.dumps(list(reasons), ensure_ascii=False),
                    punished_together=punished_together, retrial=retrial,
                    state=OPEN, created_at=now())).inserted_primary_key[0])
        except IntegrityError:
            return None

    def cases(self, *, new_dossier_id: str | None = None,
              state: str | None = None) -> list[UnsealingCase]:
        query = select(unsealings).order_by(unsealings.c.case_id)
        if new_dossier_id is not None:
            query = query.where(unsealings.c.new_dossier_id == new_dossier_id)
        if state is not None:
            query = query.where(unsealings.c.state == state)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [_case(r) for r in rows]

    def get(self, case_id: int) -> UnsealingCase:
        with self.engine.connect() as conn:
            row = conn.execute(select(unsealings).where(unsealings.c.case_id == case_id)).first()
        if row is None:
            raise NotFoundError(f"no unsealing case {case_id}")
        return _case(row)

    def approve(self, case_id: int, *, outcome: str, punished_together: bool | None,
                rules: tuple[str, ...], reasons: tuple[str, ...], decided_by: str,
                unsealed_copy: str | None) -> None:
        """Record the approval of an open case; ConflictError when it was decided meanwhile."""
        with self.engine.begin() as conn:
            n = conn.execute(update(unsealings).where(unsealings.c.case_id == case_id,
                                                      unsealings.c.state == OPEN).values(
                state=APPROVED, outcome=outcome, punished_together=punished_together,
                rules=",".join(rules), reasons=json.dumps(list(reasons), ensure_ascii=False),
                decided_at=now(), decided_by=decided_by, unsealed_copy=unsealed_copy)).rowcount
        if n != 1:
            raise ConflictError(f"unsealing case {case_id} was decided meanwhile")

    def reject(self, case_id: int, *, decided_by: str) -> None:
        """Record the rejection of an open case; ConflictError when it is not open."""
        with self.engine.begin() as conn:
            n = conn.execute(update(unsealings).where(unsealings.c.case_id == case_id,
                                                      unsealings.c.state == OPEN).values(
                state=REJECTED, decided_at=now(), decided_by=decided_by)).rowcount
        if n != 1:
            raise ConflictError(f"unsealing case {case_id} is not open")


def _case(r: Any) -> UnsealingCase:
    return UnsealingCase(r.case_id, r.sealed_dossier_id, r.sealed_person_id, r.new_dossier_id,
                         r.new_person_id, r.proposed, tuple(filter(None, r.rules.split(","))),
                         tuple(json.loads(r.reasons)), r.punished_together, r.retrial, r.state,
                         r.outcome, r.unsealed_copy)
