"""The rule table: YAML a lawyer can read, loaded into rows the engine interprets.

A row says "when these facts hold, the outcome is X, because (reason), per (citation)".
The vocabulary of facts is closed and checked on load, so a typo in a lawyer's edit
fails loudly instead of silently never matching. Precedence is the order of the rows.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any, Union

import yaml

from models.errors import RuleTableError
from models.record import Case

UNKNOWN = "unknown"

FactValue = Union[str, int, dt.date]

_KINDS = frozenset({
    "fixed_term", "criminal_detention", "public_surveillance", "fine_only",
    "deprivation_of_political_rights", "exempt_from_punishment", "non_prosecution",
    "conditional_non_prosecution", "acquittal", "life_imprisonment", "death", UNKNOWN,
})
_AGE = frozenset({"minor", "adult", "straddles", UNKNOWN})
_YES_NO = frozenset({"yes", "no", UNKNOWN})


class _Number:
    """A fact that holds a whole number (months) or "unknown"."""


class _Date:
    """A fact that holds a date or "unknown"."""


FactType = Union[frozenset[str], type[_Number], type[_Date]]

ELIGIBILITY_FACTS: dict[str, FactType] = {
    "age_at_offence": _AGE,
    "main_conduct": frozenset({"before_18", "after_18", UNKNOWN}),
    "disposition": _KINDS,
    "sentence_months": _Number,
    "counts": frozenset({"one", "several", UNKNOWN}),
    "test_period": frozenset({"ended", "running", UNKNOWN, "not_applicable"}),
    "ground": frozenset({"none", "insufficient_evidence", "case_withdrawn", "trial_terminated",
                         "not_criminally_responsible", "not_punished_for_age", UNKNOWN}),
    # what settled age_at_offence: the dates, the court's own finding of minority, the
    # earliest procedure (every offence precedes it) falling on or before the 18th birthday,
    # an earlier conviction, a finding of recidivism, an age in years a dated document states,
    # or a birth year the file keeps without the day
    "age_basis": frozenset({"dates", "court_finding", "procedure_bound", "prior_conviction", "recidivism",
                            "stated_age", "birth_year", "reviewer", UNKNOWN}),
}
ANNOTATION_FACTS: dict[str, FactType] = {
    **ELIGIBILITY_FACTS,
    "outcome": frozenset({"seal", "not_eligible", "review"}),
    "concluded_on": _Date,
    # the sentence is executed in the community (probation 缓刑, public surveillance 管制)
    "community_corrections": _YES_NO,
}
UNSEALING_FACTS: dict[str, FactType] = {
    "linked": frozenset({"same_person", "different_person", UNKNOWN}),
    "new_document": frozenset({"retrial", "other"}),
    "new_disposition": _KINDS,
    "new_sentence_months": _Number,
    "new_offence_age": _AGE,
    "punished_together": _YES_NO,
    "intentional": _YES_NO,
}
ELIGIBILITY_OUTCOMES = frozenset({"seal", "not_eligible", "review"})
UNSEALING_OUTCOMES = frozenset({"unseal", "keep_sealed_state_prior_record", "no_change", "review"})


@dataclass(frozen=True)
class Condition:
    """One `when` entry: the fact equals one of `values`, or meets every bound given."""

    fact: str
    values: frozenset[str] = frozenset()
    at_most: int | None = None
    over: int | None = None
    before: dt.date | None = None
    on_or_after: dt.date | None = None

    def holds(self, value: FactValue) -> bool:
        if self.at_most is not None or self.over is not None:
            return isinstance(value, int) and (self.at_most is None or value <= self.at_most) \
                and (self.over is None or value > self.over)
        if self.before is not None or self.on_or_after is not None:
            return isinstance(value, dt.date) and (self.before is None or value < self.before) \
                and (self.on_or_after is None or value >= self.on_or_after)
        return isinstance(value, str) and value in self.values


@dataclass(frozen=True)
class Row:
    """A rule row. `rules` are the ids of shared/domain/sealing-rules.md it applies."""

    id: str
    rules: tuple[str, ...]
    when: tuple[Condition, ...]
    outcome: str | None
    reason_zh: str
    reason_en: str
    citations: tuple[str, ...]

    @property
    def facts(self) -> tuple[str, ...]:
        return tuple(c.fact for c in self.when)

    @property
    def reason(self) -> str:
        label = "/".join(self.rules) or self.id
        return f"{label}: {self.reason_zh}（{self.reason_en}）"

    def matches(self, facts: Mapping[str, FactValue]) -> bool:
        return all(c.holds(facts[c.fact]) for c in self.when)


@dataclass(frozen=True)
class Profile:
    """A jurisdiction's rule table. `version` goes into every record as rules_version,
    and names the base table too, so a change to either shows in the records."""

    name: str
    version: str
    title_zh: str
    title_en: str
    confidence_threshold: float
    eligibility: tuple[Row, ...]
    annotations: tuple[Row, ...]
    restrictions: tuple[Row, ...]
    unsealing: tuple[Row, ...]
    procedures: tuple[Row, ...] = ()

    def procedure(self, procedure_id: str) -> Row:
        """A procedural rule (the two-person check, the inquiry paths, the sealing deadlines)
        with its reason and citation; KeyError names a row the table lacks."""
        for row in self.procedures:
            if row.id == procedure_id:
                return row
        raise KeyError(procedure_id)

    def __repr__(self) -> str:
        return f"Profile({self.version})"

    def restricts(self, restriction_id: str) -> bool:
        """Whether this jurisdiction imposes a handling restriction (e.g.
        "no-student-or-personnel-files") on sealed records."""
        return any(r.id == restriction_id for r in self.restrictions)


def first_match(rows: tuple[Row, ...], facts: Mapping[str, FactValue]) -> Row | None:
    return next((row for row in rows if row.matches(facts)), None)


def _condition(source: str, row_id: str, fact: str, spec: Any, vocabulary: Mapping[str, FactType]) -> Condition:
    where = f"{source}, row {row_id}, fact {fact!r}"
    if fact not in vocabulary:
        raise RuleTableError(f"{where}: unknown fact; known: {', '.join(sorted(vocabulary))}")
    kind = vocabulary[fact]
    if isinstance(spec, dict):
        for op, bound in spec.items():
            numeric = op in ("at_most", "over") and kind is _Number and isinstance(bound, int)
            dated = op in ("before", "on_or_after") and kind is _Date and isinstance(bound, dt.date)
            if not (numeric or dated):
                raise RuleTableError(f"{where}: {op}: {bound!r} does not fit this fact "
                                     "(numbers: at_most, over; dates: before, on_or_after)")
        if not spec:
            raise RuleTableError(f"{where}: an empty comparison")
        return Condition(fact, **spec)
    # YAML 1.1 reads a bare yes/no as a boolean; the vocabulary spells them out
    values = frozenset({True: "yes", False: "no"}.get(v, str(v)) if isinstance(v, bool) else str(v)
                       for v in (spec if isinstance(spec, list) else [spec]))
    allowed = kind if isinstance(kind, frozenset) else frozenset({UNKNOWN})
    if not values or not values <= allowed:
        raise RuleTableError(f"{where}: {sorted(values - allowed)} not among {sorted(allowed)}")
    return Condition(fact, values=values)


def _row(source: str, raw: Any, vocabulary: Mapping[str, FactType] | None,
         outcomes: frozenset[str] | None) -> Row:
    if not isinstance(raw, dict) or "id" not in raw:
        raise RuleTableError(f"{source}: every row is a mapping with an id")
    row_id = str(raw["id"])
    for key in ("reason_zh", "reason_en"):
        if not str(raw.get(key, "")).strip():
            raise RuleTableError(f"{source}, row {row_id}: {key} is required")
    citations = raw.get("citation")
    citations = citations if isinstance(citations, list) else [citations]
    if not all(isinstance(c, str) and c.strip() for c in citations):
        raise RuleTableError(f"{source}, row {row_id}: citation (one text or a list of texts) is required")
    when: tuple[Condition, ...] = ()
    if vocabulary is not None:
        if not isinstance(raw.get("when"), dict):
            raise RuleTableError(f"{source}, row {row_id}: when is required")
        when = tuple(_condition(source, row_id, f, s, vocabulary) for f, s in raw["when"].items())
    outcome = raw.get("outcome")
    if outcomes is not None and outcome not in outcomes:
        raise RuleTableError(f"{source}, row {row_id}: outcome {outcome!r} not among {sorted(outcomes)}")
    rules = raw.get("rules", [])
    if not isinstance(rules, list) or not all(re.fullmatch(r"[RU]\d+", str(r)) for r in rules):
        raise RuleTableError(f"{source}, row {row_id}: rules is a list of rule ids like R1 or U1")
    return Row(row_id, tuple(str(r) for r in rules), when, outcome, str(raw["reason_zh"]),
               str(raw["reason_en"]), tuple(citations))


_SECTIONS: dict[str, tuple[Mapping[str, FactType] | None, frozenset[str] | None]] = {
    "eligibility": (ELIGIBILITY_FACTS, ELIGIBILITY_OUTCOMES),
    "annotations": (ANNOTATION_FACTS, None),
    "restrictions": (None, None),
    "unsealing": (UNSEALING_FACTS, UNSEALING_OUTCOMES),
    "procedures": (None, None),
}


def _merge(source: str, base: tuple[Row, ...], raw_rows: list[Any], section: str) -> tuple[Row, ...]:
    """A child's row replaces the base row with its id in place; a new id goes at the
    end, or just before the row named in its `before:`."""
    vocabulary, outcomes = _SECTIONS[section]
    rows = list(base)
    for raw in raw_rows:
        row = _row(source, raw, vocabulary, outcomes)
        ids = [r.id for r in rows]
        if row.id in ids:
            rows[ids.index(row.id)] = row
        elif raw.get("before") is not None:
            if raw["before"] not in ids:
                raise RuleTableError(f"{source}, row {row.id}: before {raw['before']!r} names no row")
            rows.insert(ids.index(raw["before"]), row)
        else:
            rows.append(row)
    return tuple(rows)


def available_profiles() -> list[str]:
    return sorted(p.name[:-5] for p in resources.files(__package__).iterdir() if p.name.endswith(".yaml"))


@functools.lru_cache(maxsize=None)
def load_profile(name: str) -> Profile:
    """Load a jurisdiction profile packaged in models/rules/<name>.yaml."""
    if name not in available_profiles():
        raise ValueError(f"no rule profile {name!r}; available: {', '.join(available_profiles())}")
    source = f"models/rules/{name}.yaml"
    raw = yaml.safe_load(resources.files(__package__).joinpath(f"{name}.yaml").read_text("utf-8"))
    if not isinstance(raw, dict) or raw.get("profile") != name or not isinstance(raw.get("revision"), int):
        raise RuleTableError(f"{source}: needs `profile: {name}` and an integer `revision`")
    base = load_profile(raw["extends"]) if raw.get("extends") else None
    version = f"{name}@{raw['revision']}" + (f"+{base.version}" if base else "")
    sections = {s: _merge(source, getattr(base, s) if base else (), raw.get(s) or [], s) for s in _SECTIONS}
    for section, rows in sections.items():
        ids = [r.id for r in rows]
        if len(ids) != len(set(ids)):
            raise RuleTableError(f"{source}: duplicate row ids in {section}")
    threshold = raw.get("confidence_threshold", base.confidence_threshold if base else None)
    if not isinstance(threshold, (int, float)) or not 0 < threshold <= 1:
        raise RuleTableError(f"{source}: confidence_threshold must be a number in (0, 1]")
    return Profile(name, version, str(raw.get("title_zh", "")), str(raw.get("title_en", "")),
                   float(threshold), **sections)


NATIONAL = "national-2022"
_PROVINCE_PROFILES = {"浙江": "zhejiang"}
_CASE_NUMBER_PROVINCE = re.compile(r"^[（(]\d{4}[)）]\s*(\S)")
_ABBREVIATIONS = {"浙": "浙江"}


def province_of(case: Case) -> str | None:
    """The province the case was decided in, from the extracted province, the court's name
    or the case number's province abbreviation (（2021）浙0102刑初123号)."""
    if case.province:
        return case.province.removesuffix("省")
    for province in _PROVINCE_PROFILES:
        if case.court and case.court.startswith(province):
            return province
    for number in case.case_numbers:
        m = _CASE_NUMBER_PROVINCE.match(number)
        if m and m.group(1) in _ABBREVIATIONS:
            return _ABBREVIATIONS[m.group(1)]
    return None


def profile_for_case(case: Case) -> Profile:
    """The jurisdiction profile for a case: the province's when it has one, else national."""
    return load_profile(_PROVINCE_PROFILES.get(province_of(case) or "", NATIONAL))
