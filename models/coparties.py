"""Minors tried with adults (Measures arts. 5–6): what is sealed, what is marked, what is removed.

- Split case (分案处理): the minor's dossier is sealed; the adult's dossier gets the mark
  "含犯罪记录封存信息" on its cover and the minor's information is removed from it.
- Not split: the whole case file is marked "含犯罪记录封存信息" and the minor's
  information is removed from the copy that stays in ordinary use.
- A minor tried separately (另案处理) but named in an adult's file is removed from it too.
Removing a minor also removes their legal representatives, whose names identify them
(Law on the Protection of Minors art. 103). Reads the decisions decide_record wrote.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from models.record import DecisionRecord, Person

CASE_FILE_MARK = "含犯罪记录封存信息"
SEALED_COVER_MARK = "未成年人犯罪记录封存"


@dataclass(frozen=True)
class RedactedCopy:
    """A copy for ordinary use: the adult's dossier (split case) or the shared case file
    (not split, or split unknown), serving `serves`, with `remove` taken out of it."""

    kind: Literal["adult_dossier", "shared_case_file"]
    serves: tuple[str, ...]
    remove: tuple[str, ...]


@dataclass(frozen=True)
class CopartyPlan:
    sealed: tuple[str, ...]          # defendants of this dossier whose material is sealed
    protected: tuple[str, ...]       # everyone to take out of ordinary-use copies
    pending: tuple[str, ...]         # persons whose decision or age a reviewer must settle first
    seal_whole_dossier: bool         # every defendant here is sealed: cover "未成年人犯罪记录封存"
    mark_case_file: bool             # cover "含犯罪记录封存信息"
    copies: tuple[RedactedCopy, ...]

    @property
    def complete(self) -> bool:
        """Whether the plan can be carried out: no copy may be released while anyone is pending."""
        return not self.pending


def _representatives(record: DecisionRecord, minors: set[str]) -> list[str]:
    return [p.person_id for p in record.persons
            if p.role == "legal_representative" and p.represents in minors]


def _tried_elsewhere(person: Person) -> bool:
    """A co-defendant tried separately (另案处理) whose decision belongs to their own dossier."""
    return person.is_defendant and person.tried_separately and person.decision is None


def coparty_plan(record: DecisionRecord) -> CopartyPlan:
    """The co-defendant handling of one dossier, from its persons' decisions."""
    defendants = [p for p in record.persons if p.is_defendant and not _tried_elsewhere(p)]
    sealed = [p.person_id for p in defendants if p.decision and p.decision.outcome == "seal"]
    pending = [p.person_id for p in defendants if p.decision is None or p.decision.outcome == "review"]
    elsewhere = [p for p in record.persons if _tried_elsewhere(p)]
    pending += [p.person_id for p in elsewhere if p.minor_at_offence is None]
    removed = set(sealed) | {p.person_id for p in elsewhere if p.minor_at_offence}
    protected = sorted(removed) + _representatives(record, removed)
    ordinary = [p.person_id for p in defendants if p.person_id not in removed]
    seal_whole = bool(defendants) and not ordinary and not pending
    copies: tuple[RedactedCopy, ...] = ()
    if removed and ordinary:
        kind: Literal["adult_dossier", "shared_case_file"] = (
            "adult_dossier" if record.case.split_case else "shared_case_file")
        copies = (RedactedCopy(kind, tuple(ordinary), tuple(protected)),)
    return CopartyPlan(tuple(sealed), tuple(protected), tuple(pending), seal_whole,
                       mark_case_file=bool(copies), copies=copies)
