"""The truth record of a synthetic dossier: what a perfect pipeline would extract.

Built from the plan and from what the writer actually printed, so an identifier
the file never shows is not expected of extraction. Evidence stays empty (the
truth has no boxes); `decision` is `synth.expected`'s independent verdict.
"""
from __future__ import annotations

import dataclasses
from typing import Any

from models.record import (Case, DecisionRecord, Disposition, Document, Identifiers, OffenceDate, Person,
                           PriorRecord, Review, Source)
from synth.documents import Writer
from synth.expected import expect, final_sentence
from synth.plan import NEGLIGENT_CHARGES, DossierPlan, PartyPlan, Sentence

TERM_KINDS = frozenset({"fixed_term", "criminal_detention", "public_surveillance", "deprivation_of_political_rights"})


def _disposition(p: PartyPlan, plan: DossierPlan) -> Disposition:
    s: Sentence = final_sentence(p)
    if p.appeal_sentence is not None:
        doc = next(d for d in plan.documents if d.subtype == "appeal")
    elif s.kind in ("non_prosecution", "conditional_non_prosecution"):
        # the last decision about this person (a co-suspect's final decision is not theirs)
        doc = next(d for d in reversed(plan.documents) if d.subtype in ("np", "cnp", "np_final")
                   and d.subject in (None, p.pid))
    else:
        doc = next(d for d in plan.documents if d.subtype == "judgment_first")
    return Disposition(
        kind=s.kind, months=s.months if s.kind in TERM_KINDS else None, suspended=s.suspended,
        probation_months=s.probation_months if s.suspended else None, final=True, document_kind=doc.kind,
        decided_on=doc.issued_on, test_period_months=s.test_period_months)


def _person(p: PartyPlan, plan: DossierPlan, writer: Writer, review: Review) -> Person:
    printed = writer.printed.get(p.pid, set())
    printed_events = [ev for ev in writer.printed_events if p.pid in ev.participants]
    addresses = [a for key, a in (("household", p.household), ("residence", p.residence)) if key in printed and a]
    phones = ([p.phone] if "phone" in printed and p.phone else []) + \
        [x.split(":", 1)[1] for x in sorted(printed) if x.startswith("phone:")]
    guardians = [g for g in p.guardians if f"guardian:{g}" in printed] + \
        [x.split(":", 1)[1] for x in sorted(printed) if x.startswith("guardian:") and x.split(":", 1)[1] not in p.guardians]
    person = Person(
        person_id=p.pid, role=p.role, name=p.name,
        aliases=list(p.aliases) if "aliases" in printed else [],
        id_number=p.id_number if "id_number" in printed else None,
        birth_date=(p.written_birth if p.role not in ("legal_representative",) else p.born)
        if "birth_date" in printed else None,
        gender=p.gender, tried_separately=p.tried_separately, represents=p.represents,
        identifiers=Identifiers(list(dict.fromkeys(addresses)), [p.school] if "school" in printed and p.school else [],
                                list(dict.fromkeys(guardians)), list(dict.fromkeys(phones))),
    )
    person.prior_records = [PriorRecord(x.split(":", 1)[1], "criminal", None, 12, True)
                            for x in sorted(printed) if x.startswith("prior:")]
    if p.role in ("defendant", "suspect", "other"):
        person.offence_dates = [OffenceDate(ev.start, ev.end, ev.text) for ev in printed_events]
        person.charges = list(p.charges)
        person.intentional = not any(c in NEGLIGENT_CHARGES for c in p.charges)
        person.stated_age = p.stated_age if p.written_birth is None else None
        # judged on what this file states: a main conduct credited only where this file states it
        judged = dataclasses.replace(p, main_conduct_stated="main_conduct" in printed and p.role != "other")
        person.main_conduct = judged.main_conduct if judged.main_conduct_stated else None
        exp = expect(judged, writer.printed_events, plan.concluded_on, plan.court.province)
        person.minor_at_offence = exp.minor_at_offence
        if p.role != "other":
            person.disposition = _disposition(p, plan)
            person.decision = exp.decision
            for field_name, reason in exp.review:
                review.add(p.pid, field_name, reason)
    return person


def truth_record(plan: DossierPlan, writer: Writer, ranges: list[tuple[int, int]], pages: int,
                 source_path: str, sha256: str) -> DecisionRecord:
    review = Review()
    persons = [_person(p, plan, writer, review) for p in plan.parties if p.pid in writer.mentioned]
    documents = [Document(d.kind, first, last, d.number, d.issued_on)
                 for d, (first, last) in zip(plan.documents, ranges)]
    prosecution_only = plan.kind in ("non_prosecution", "conditional")
    case = Case(case_numbers=list(plan.case_numbers), court=None if prosecution_only else plan.court.name,
                documents=documents, split_case=plan.split_case, concluded_on=plan.concluded_on,
                province=plan.court.province)
    return DecisionRecord(sha256, Source(source_path, sha256, pages), case, persons, review)


def truth_dict(record: DecisionRecord, plan: DossierPlan, writer: Writer, extra: dict[str, Any]) -> dict[str, Any]:
    """The contract's dict plus the generator's extension keys (edge_cases, officials, files, scan, synth;
    synth.phenomena lists the phenomena of synth.phenomena the file prints).
    `officials` are the judges, clerk and prosecutor the file names: public officers whose
    names must stay readable in a redacted copy."""
    out = record.to_dict()
    out["edge_cases"] = list(plan.edges)
    out["officials"] = list(writer.officials)
    out["synth"] = {"seed": plan.seed, "case_kind": plan.kind, "split_side": plan.side}
    if plan.variant:
        out["synth"]["variant"] = plan.variant
    if writer.shown:   # what of synth.phenomena the file prints (absent when none, as before they existed)
        out["synth"]["phenomena"] = sorted(writer.shown)
    out.update(extra)
    return out

