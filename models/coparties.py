"""Minors tried with adults (Measures arts. 5–6): what is sealed, what is marked, what is removed.

- Split case (分案处理): the minor's dossier is sealed; the adult's dossier gets the mark
  "含犯罪记录封存信息" on its cover and the minor's information is removed from it.
- Not split: the whole case file is marked "含犯罪记录封存信息" and the minor's
  information is removed from the copy that stays in ordinary use.
- A minor tried separately (另案处理) but named in an adult's file is removed from it too,
  whether the file lists them as a defendant or names them only in its findings
  (同案人某某（犯罪时未满十八周岁，另案处理）, role "other"): the file then gets the mark
  and a copy without them (Measures art. 5).
- A file that states a sealed juvenile record — an adult's prior record committed under 18
  and sentenced within the sealing limits — cites a sealed record (Measures art. 6): it
  gets the mark "含犯罪记录封存信息" and that prior record's text is to be kept out of
  ordinary use (`cited_records`).
Removing a minor also removes their legal representatives, whose names identify them
(Law on the Protection of Minors art. 103). Reads the decisions decide_record wrote.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from models.record import DecisionRecord, Person, PriorRecord

CASE_FILE_MARK = "含犯罪记录封存信息"
SEALED_COVER_MARK = "未成年人犯罪记录封存"
SEALING_LIMIT_MONTHS = 60   # 五年有期徒刑以下 (CPL art. 286), "以下" including five years


@dataclass(frozen=True)
class CitedRecord:
    """A sealed juvenile record this file states (Measures art. 6): whose, and the words
    that state it, to be taken out of the copy in ordinary use."""

    person_id: str
    text: str


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
    cited_records: tuple[CitedRecord, ...] = ()   # sealed juvenile records the file states

    @property
    def complete(self) -> bool:
        """Whether the plan can be carried out: no copy may be released while anyone is pending."""
        return not self.pending


def _representatives(record: DecisionRecord, minors: set[str]) -> list[str]:
    return [p.person_id for p in record.persons
            if p.role == "legal_representative" and p.represents in minors]


def _tried_elsewhere(person: Person) -> bool:
    """A co-offender tried separately (另案处理) whose decision belongs to their own dossier:
    listed as a defendant, or named only in the findings (role "other")."""
    return person.tried_separately and person.decision is None and (person.is_defendant or person.role == "other")


def sealed_prior(record: PriorRecord) -> bool:
    """Whether a prior record the file states is a sealed juvenile record: committed under 18
    (as the file states or its dates show) and a criminal penalty within the sealing limits —
    five years or less, or a term the file does not give (the sentence itself is then
    unknown here, and hiding a prior record the law left open harms no one's rights in this
    file, while showing a sealed one cannot be undone)."""
    return record.kind == "criminal" and record.juvenile is True and \
        (record.months is None or record.months <= SEALING_LIMIT_MONTHS)


def coparty_plan(record: DecisionRecord) -> CopartyPlan:
    """The co-defendant handling of one dossier, from its persons' decisions."""
    defendants = [p for p in record.persons if p.is_defendant and not _tried_elsewhere(p)]
    sealed = [p.person_id for p in defendants if p.decision and p.decision.outcome == "seal"]
    pending = [p.person_id for p in defendants if p.decision is None or p.decision.outcome == "review"]
    elsewhere = [p for p in record.persons if _tried_elsewhere(p)]
    # a defendant tried elsewhere must be placed; someone the findings merely name is
    # removed when the file shows them a minor (decide_record places them where it can)
    pending += [p.person_id for p in elsewhere if p.minor_at_offence is None and p.is_defendant]
    removed = set(sealed) | {p.person_id for p in elsewhere if p.minor_at_offence}
    protected = sorted(removed) + _representatives(record, removed)
    ordinary = [p.person_id for p in defendants if p.person_id not in removed]
    seal_whole = bool(defendants) and not ordinary and not pending
    copies: tuple[RedactedCopy, ...] = ()
    if removed and ordinary:
        kind: Literal["adult_dossier", "shared_case_file"] = (
            "adult_dossier" if record.case.split_case else "shared_case_file")
        copies = (RedactedCopy(kind, tuple(ordinary), tuple(protected)),)
    cited = tuple(CitedRecord(p.person_id, r.text) for p in record.persons if p.is_defendant
                  for r in p.prior_records if sealed_prior(r))
    return CopartyPlan(tuple(sealed), tuple(protected), tuple(pending), seal_whole,
                       mark_case_file=bool(copies) or bool(cited), copies=copies, cited_records=cited)
