"""The rules step of a dossier, alone: which rule table a record is decided with, and the
decision itself. Pure (no store, no files), so the pipeline, a reviewer's answer
(services.processing.redecide) and the workbench's preview of an answer
(review.decisions.preview) decide a record through one function and cannot disagree.
"""
from __future__ import annotations

from models.record import DecisionRecord
from models.rules import Profile, available_profiles, decide_record, load_profile, profile_for_case

NO_DEFENDANT = "no defendant or suspect was found in the file"


def rule_table(record: DecisionRecord, name: str | None = None) -> Profile:
    """The rule table: the one asked for; else the one the record was decided with (its
    rules_version), so a review does not silently switch jurisdiction; else the case's own."""
    if name:
        return load_profile(name)
    for candidate in available_profiles():
        profile = load_profile(candidate)
        if profile.version == record.pipeline.rules_version:
            return profile
    return profile_for_case(record.case)


def decide(record: DecisionRecord, profile: Profile) -> DecisionRecord:
    """Decide every person of the record in place (models.rules.decide_record); a file in
    which nobody was found to decide goes to review."""
    record = decide_record(record, profile)
    if not any(p.decision for p in record.persons) and \
            not any(i.person_id is None and i.field == "persons" for i in record.review.items):
        record.review.add(None, "persons", NO_DEFENDANT)
    return record
