"""The sealing law as a rule table (models/rules/*.yaml) and the engine that applies it.

    profile = load_profile("national-2022")        # or profile_for_case(record.case)
    decision = decide(person, case, profile)       # seal / not_eligible / review
    decide_record(record)                          # every defendant, review items, rules_version

docs/rules.md explains the table to a lawyer and how to add a jurisdiction.
"""
from models.rules.engine import decide, decide_record, effective_disposition, evaluate
from models.rules.table import (Profile, RuleTableError, available_profiles, load_profile,
                                profile_for_case)

__all__ = ["Profile", "RuleTableError", "available_profiles", "decide", "decide_record",
           "effective_disposition", "evaluate", "load_profile", "profile_for_case"]
