"""Apply a profile's rule table to a person: the `decision` block of the record comes from here alone.

The table maps facts to outcomes; this module only computes the facts (facts.py), picks
the first matching eligibility row, adds the annotations and handling restrictions
that apply, and turns the unknown facts a review row needed into review items.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from models.deadlines import organ_due_dates, sealing_due
from models.record import (Case, DecisionRecord, Decision, Disposition, OffenceDate, Person,
                           ReviewItem)
from models.rules.facts import Facts, Issue, eligibility_facts
from models.rules.table import UNKNOWN, Profile, Row, first_match, profile_for_case

RAISED_BY = "rules"
# Procedural position, used only between decisions of the same day or without a date: a
# judgment comes after the prosecutor's decisions, an appeal after the judgment it reviews,
# a retrial after both. Otherwise the date decides: an appeal may follow a retrial held
# under first-instance procedure (CPL art. 256), so kind alone never ranks judgments.
INSTANCE_RANK: dict[str, int] = {"conditional_non_prosecution_decision": 1, "non_prosecution_decision": 2,
                                 "judgment": 3, "appeal_judgment": 4, "retrial_judgment": 5}
SECOND_APPROVAL_FIELD = "second_approval"


def procedural_key(kind: str | None, decided_on: dt.date | None) -> tuple[dt.date, int]:
    """Order of taking effect: the later decision replaces the earlier (CPL arts. 244, 256,
    259: a second-instance judgment, a retrial judgment, an appeal against a retrial at first
    instance each supersede what came before), by date first, procedural position second.
    An undated decision sorts first: a dated one is never displaced by it."""
    return decided_on or dt.date.min, INSTANCE_RANK.get(kind or "", 0)

_NO_ROW = Issue("decision", "规则表中没有适用于这些事实的规则", "no row of the rule table applies to these facts")


@dataclass(frozen=True)
class Evaluation:
    """A decision with what led to it: the facts and the issues a reviewer must settle."""

    decision: Decision
    facts: Facts
    issues: tuple[Issue, ...]
    row_id: str | None   # the eligibility row that decided (None: no row applied)

    @property
    def minor_at_offence(self) -> bool | None:
        return minor_at_offence(self.facts)


def minor_at_offence(facts: Facts) -> bool | None:
    """The record's `minor_at_offence`: conduct straddling the 18th birthday counts as a
    minor's when the file puts the main conduct before it (Measures art. 4 para. 2)."""
    age, main = facts.values["age_at_offence"], facts.values["main_conduct"]
    if age == "straddles":
        return {"before_18": True, "after_18": False}.get(str(main))
    return {"minor": True, "adult": False}.get(str(age))


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def evaluate(person: Person, case: Case, profile: Profile, *, accepted: Collection[str] = frozenset(),
             disputed: Collection[str] = frozenset(), rejected: Collection[str] = frozenset(),
             as_of: dt.date | None = None) -> Evaluation:
    """Decide for one defendant and keep the facts and issues (decide_record needs them)."""
    if not person.is_defendant:
        raise ValueError(f"{person.person_id} is not a defendant or suspect; only they get a decision")
    facts = eligibility_facts(person, case, profile.confidence_threshold, accepted=accepted,
                              disputed=disputed, rejected=rejected, as_of=as_of or dt.date.today())
    row = first_match(profile.eligibility, facts.values)
    if row is None:
        return Evaluation(Decision("review", (), (_NO_ROW.reason,), ()), facts, (_NO_ROW,), None)
    assert row.outcome is not None
    fired: list[Row] = [row]
    issues: list[Issue] = []
    if row.outcome == "review":
        issues = [i for fact in row.facts if facts.values[fact] == UNKNOWN for i in facts.issues[fact]]
        if not issues:  # the facts are known but the law says wait (e.g. a running test period)
            issues = [Issue("decision", row.reason_zh, row.reason_en)]
    annotated = {**facts.values, "outcome": row.outcome}
    fired += [a for a in profile.annotations if a.matches(annotated)]
    if row.outcome == "seal":
        fired += profile.restrictions
    decision = Decision(
        outcome=row.outcome,  # type: ignore[arg-type]
        rules=_unique(r for f in fired for r in f.rules),
        reasons=_unique([*(f.reason for f in fired), *(i.reason for i in issues)]),
        citations=_unique(c for f in fired for c in f.citations),
        due_date=sealing_due(person, case) if row.outcome == "seal" else None,
        due_by_organ=tuple(organ_due_dates(person, case).items()) if row.outcome == "seal" else (),
    )
    return Evaluation(decision, facts, _unique_issues(issues), row.id)


def _unique_issues(issues: Iterable[Issue]) -> tuple[Issue, ...]:
    return tuple(dict.fromkeys(issues))


def decide(person: Person, case: Case, profile: Profile | None = None, *,
           accepted: Collection[str] = frozenset(), disputed: Collection[str] = frozenset(),
           rejected: Collection[str] = frozenset(), as_of: dt.date | None = None) -> Decision:
    """Seal, not eligible, or review, with the rules that fired, reasons and citations.

    `accepted`: fields whose value a reviewer approved or corrected. `disputed`: fields an
    open or rejected review item questions. `rejected`: fields whose value a reviewer
    rejected (or corrected unreadably): nothing read from them is used. `as_of`: the day a conditional non-prosecution
    test period is judged against (today by default).
    """
    return evaluate(person, case, profile or profile_for_case(case), accepted=accepted,
                    disputed=disputed, rejected=rejected, as_of=as_of).decision


def effective_disposition(dispositions: Iterable[Disposition]) -> Disposition | None:
    """The outcome that counts when a file holds several: the last to take effect
    (procedural_key), whatever its kind — a retrial judgment that was itself appealed is
    replaced by the appeal. None when the order cannot be told: two candidates of the same
    date and position that disagree, or an undated one that disagrees with the others."""
    candidates = list(dispositions)
    if not candidates:
        return None
    ranked = sorted(candidates, key=lambda d: procedural_key(d.document_kind, d.decided_on))
    best = ranked[-1]

    def same(d: Disposition) -> bool:
        return dataclasses.replace(d, final=True) == dataclasses.replace(best, final=True)

    ties = [d for d in ranked if procedural_key(d.document_kind, d.decided_on)
            == procedural_key(best.document_kind, best.decided_on)]
    undated = [d for d in ranked if d.decided_on is None]
    if not all(same(d) for d in ties) or (undated and not all(same(d) for d in undated)):
        return None
    return dataclasses.replace(best, final=True)


# --- the record: corrections in, decisions and review items out -------------------------

_CORRECTABLE = frozenset({"birth_date", "id_number", "stated_age", "offence_dates", "main_conduct",
                          "minor_at_offence", "disposition"})


def _corrected(field_name: str, value: Any) -> Any:
    """A reviewer's corrected value (JSON) as the person's field type; ValueError when it
    does not fit."""
    if field_name == "birth_date":
        return dt.date.fromisoformat(value)
    if field_name == "offence_dates":
        return [OffenceDate.from_dict(o) for o in value]
    if field_name == "main_conduct" and value in ("before_18", "after_18"):
        return value
    if field_name == "id_number" and isinstance(value, str):
        return value
    if field_name == "minor_at_offence" and isinstance(value, bool):
        return value
    if field_name == "stated_age" and isinstance(value, int):
        return value
    raise ValueError(field_name)


def _apply_corrections(record: DecisionRecord) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Write reviewers' corrections into the persons. Returns, per person, the fields a
    reviewer settled (approved or corrected: no doubt is raised on them again) and the
    fields whose correction could not be read (never trusted until it is fixed)."""
    settled: dict[str, set[str]] = {}
    broken: dict[str, set[str]] = {}
    for item in record.review.items:
        if item.person_id is None or item.status not in ("approved", "corrected"):
            continue
        try:
            person = record.person(item.person_id)
        except KeyError:
            continue
        if item.status == "corrected" and item.corrected_value is not None and item.field in _CORRECTABLE:
            try:
                if item.field == "disposition":
                    base = person.disposition.to_dict() if person.disposition else {}
                    value: Any = Disposition.from_dict({**base, **item.corrected_value})
                else:
                    value = _corrected(item.field, item.corrected_value)
            except (TypeError, ValueError, KeyError, AttributeError):
                broken.setdefault(item.person_id, set()).add(item.field)
                continue
            setattr(person, item.field, value)
            broken.get(item.person_id, set()).discard(item.field)   # a later correction fixes it
        settled.setdefault(item.person_id, set()).add(item.field)
    broken = {pid: fields for pid, fields in broken.items() if fields}
    for pid, fields in broken.items():
        settled[pid] = settled.get(pid, set()) - fields
    return settled, broken


def _review_value(person: Person, field_name: str) -> Any:
    """What the reviewer is shown for a field (JSON), from the sealed record itself."""
    if field_name == SECOND_APPROVAL_FIELD and person.decision is not None:
        # what the second reviewer approves: the outcome and the rules that gave it
        return {"outcome": person.decision.outcome, "rules": list(person.decision.rules)}
    value = person.to_dict().get(field_name)
    return value if field_name != "decision" else None


def decide_record(record: DecisionRecord, profile: Profile | None = None, *,
                  as_of: dt.date | None = None) -> DecisionRecord:
    """Fill every defendant's `decision` and `minor_at_offence`, raise a review item for
    every reason a decision went to review, and stamp `rules_version`.

    Idempotent: reviewers' corrections are applied to the persons first, approved and
    corrected fields are trusted, items a reviewer has handled keep their status, and
    open items this module raised earlier that no longer apply are withdrawn.
    """
    profile = profile or profile_for_case(record.case)
    settled, broken = _apply_corrections(record)
    questioned: dict[str, set[str]] = {}
    refused: dict[str, set[str]] = {pid: set(fields) for pid, fields in broken.items()}
    for item in record.review.items:
        if item.person_id is None:
            continue
        if item.raised_by != RAISED_BY and item.status in ("open", "rejected"):
            questioned.setdefault(item.person_id, set()).add(item.field)
        if item.status == "rejected":   # whoever raised it: the reviewer says the value is wrong
            refused.setdefault(item.person_id, set()).add(item.field)
    wanted: list[tuple[str, Issue]] = [
        (pid, Issue(f, "审查人员的更正值无法读取", "the reviewer's corrected value cannot be read"))
        for pid, fields in broken.items() for f in sorted(fields)]
    for person in record.persons:
        if not person.is_defendant:
            person.decision = None      # the contract: decisions belong to defendants and suspects
            if person.role == "other" and person.tried_separately and person.minor_at_offence is None:
                # a co-offender named only in the findings (同案人…，另案处理): whether they were a
                # minor decides whether this file must lose their name (Measures art. 5); a
                # statement the extractor read stands, else the dates or the court's finding
                facts = eligibility_facts(person, record.case, profile.confidence_threshold,
                                          accepted=settled.get(person.person_id, set()),
                                          disputed=questioned.get(person.person_id, set()),
                                          rejected=refused.get(person.person_id, set()),
                                          as_of=as_of or dt.date.today())
                person.minor_at_offence = minor_at_offence(facts)
            continue
        accepted = settled.get(person.person_id, set())
        disputed = questioned.get(person.person_id, set()) | broken.get(person.person_id, set())
        rejected = refused.get(person.person_id, set())
        if person.tried_separately and person.disposition is None:
            # 另案处理: decided in their own dossier; here only their age matters (to redact them)
            facts = eligibility_facts(person, record.case, profile.confidence_threshold, accepted=accepted,
                                      disputed=disputed, rejected=rejected, as_of=as_of or dt.date.today())
            person.decision = None
            if "minor_at_offence" not in accepted:
                person.minor_at_offence = minor_at_offence(facts)
            if person.minor_at_offence is None and "minor_at_offence" not in disputed:
                wanted.append((person.person_id, Issue(
                    "minor_at_offence", "另案处理的同案人是否未成年无法确定，去除其信息前须核实",
                    "a co-defendant tried separately may be a minor; check before an adult's copy is released")))
            continue
        evaluation = evaluate(person, record.case, profile, accepted=accepted, disputed=disputed,
                              rejected=rejected, as_of=as_of)
        person.decision = evaluation.decision
        if "minor_at_offence" not in accepted:
            person.minor_at_offence = evaluation.minor_at_offence
        # a field someone else's item already questions needs no second item from us
        wanted += [(person.person_id, issue) for issue in evaluation.issues if issue.field not in disputed]
        if leaves_minor_unsealed(record, person, evaluation, profile, as_of):
            row = profile.procedure("second-approval")
            wanted.append((person.person_id, Issue(SECOND_APPROVAL_FIELD, row.reason_zh, row.reason_en)))
            if any(i.person_id == person.person_id and i.field == SECOND_APPROVAL_FIELD
                   and i.status == "rejected" for i in record.review.items):
                # the second reviewer did not approve: the decision does not take effect
                person.decision = dataclasses.replace(
                    evaluation.decision, outcome="review", due_date=None, due_by_organ=(),
                    reasons=(*evaluation.decision.reasons, f"{SECOND_APPROVAL_FIELD}: {row.reason_zh}（{row.reason_en}）"))
    _reconcile(record, wanted)
    record.pipeline = dataclasses.replace(record.pipeline, rules_version=profile.version)
    return record


def leaves_minor_unsealed(record: DecisionRecord, person: Person, evaluation: Evaluation, profile: Profile,
                          as_of: dt.date | None = None) -> bool:
    """Whether a not-eligible decision needs the two-person check: the person was a minor at
    some offence (by the dates, the court's finding, or conduct across the 18th birthday), or
    a reviewer's correction of this person's data turned a decision that was not "not
    eligible" (seal, or review) into one. Leaving a minor's record open is the one error the
    minor cannot undo, so one pair of eyes is not enough."""
    if evaluation.decision.outcome != "not_eligible":
        return False
    if evaluation.facts.values.get("age_at_offence") in ("minor", "straddles") or person.court_minor_finding is True:
        return True
    corrected = [i for i in record.review.items if i.person_id == person.person_id and i.status == "corrected"]
    if not corrected:
        return False
    try:   # the person as read, before the corrections: each item keeps the value it asked about
        before = Person.from_dict({**person.to_dict(), **{i.field: i.value for i in corrected}})
        earlier = evaluate(before, record.case, profile, as_of=as_of).decision.outcome
    except (TypeError, ValueError, KeyError, AttributeError):
        return True   # what it was cannot be told: check it
    return earlier != "not_eligible"


def second_approval_barred(record: DecisionRecord, item: ReviewItem) -> frozenset[str]:
    """The accounts that may not give a two-person check's approval: those who answered
    another item on the same person (the correction being checked among them)."""
    if item.field != SECOND_APPROVAL_FIELD:
        return frozenset()
    return frozenset(i.reviewer for i in record.review.items
                     if i is not item and i.person_id == item.person_id and i.reviewer
                     and i.status in ("approved", "corrected", "rejected"))


def _reconcile(record: DecisionRecord, wanted: list[tuple[str, Issue]]) -> None:
    keys = {(pid, issue.field, issue.reason) for pid, issue in wanted}

    def stale(item: ReviewItem) -> bool:
        return (item.raised_by == RAISED_BY and item.status == "open"
                and (item.person_id, item.field, item.reason) not in keys)

    record.review.items = [i for i in record.review.items if not stale(i)]
    present = {(i.person_id, i.field, i.reason) for i in record.review.items}
    for pid, issue in wanted:
        if (pid, issue.field, issue.reason) in present:
            continue
        present.add((pid, issue.field, issue.reason))
        record.review.add(pid, issue.field, issue.reason, _review_value(record.person(pid), issue.field),
                          raised_by=RAISED_BY)
