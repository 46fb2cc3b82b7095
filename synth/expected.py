"""The outcome the law expects for a planned defendant — the truth's `decision`.

Deliberately small and separate from the pipeline's rule engine (models.rules):
the truth must be computed independently, from the generator's own knowledge
of what it printed, or evaluation would only check the engine against itself.
It follows shared/domain/sealing-rules.md R1–R9; where the file cannot decide
(contradictory or missing birth data, a vague date across the 18th birthday,
an unstated main conduct) the expected outcome is review, never a guess.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from models import idnumber
from models.record import Decision
from synth.plan import Event, PartyPlan, Sentence

MEASURES_IN_FORCE = dt.date(2022, 5, 30)
CITATIONS = {
    "R1": "CPL art. 286; Measures art. 4",
    "R2": "Measures art. 4",
    "R3": "Measures arts. 3, 7",
    "R4": "Measures art. 4 para. 2",
    "R5": "Measures art. 4 para. 2",
    "R6": "Measures art. 4",
    "R7": "CPL art. 286",
    "R8": "CPL art. 286",
    "R9": "Measures art. 23; SPC 2012 interpretation art. 490",
}
LIGHTER = frozenset({"criminal_detention", "public_surveillance", "fine_only", "deprivation_of_political_rights",
                     "exempt_from_punishment"})
NOT_PROSECUTED = frozenset({"non_prosecution", "conditional_non_prosecution", "acquittal"})

# Review reasons: the evaluation matches these (field, reason) pairs.
REASON_ID_CONTRADICTS = "ID number contradicts written birth date"
REASON_BAD_CHECK_DIGIT = "ID number check digit is invalid"
REASON_AGE_ONLY = "age given without a birth date"
REASON_LEAP_DAY = "born on 29 February; offence on 1 March of the 18th year, the one day the readings of the birthday disagree on"
REASON_VAGUE_DATE = "offence date too vague to place against the 18th birthday"
REASON_TEST_PERIOD_OPEN = "conditional non-prosecution: the file does not show the test period ended"
REASON_MAIN_UNSTATED = "acts before and after the 18th birthday; the file does not say which conduct is main"
REASON_BIRTH_MASKED = ("birth date masked in the published copy; neither a kept birth year nor a finding "
                       "of the court places the offence against the 18th birthday")


@dataclass
class Expectation:
    minor_at_offence: bool | None
    decision: Decision
    review: list[tuple[str, str]] = field(default_factory=list)   # (field, reason)


def eighteenth_birthday(born: dt.date) -> dt.date:
    """The last day of minority: the 18th birthday itself (age counts from the day after).
    For a 29 February birth the earlier reading (28 February); 1 March is sent to review
    before this is asked."""
    if born.month == 2 and born.day == 29:
        return dt.date(born.year + 18, 2, 28)
    return born.replace(year=born.year + 18)


def _side(ev: Event, born: dt.date) -> str:
    last_minor_day = eighteenth_birthday(born)
    if ev.end <= last_minor_day:
        return "before"
    if ev.start > last_minor_day:
        return "after"
    return "straddle"


def final_sentence(p: PartyPlan) -> Sentence:
    """The effective outcome: a second-instance change replaces the first instance."""
    sentence = p.appeal_sentence or p.first_sentence
    assert sentence is not None
    return sentence


def _sentence_rules(s: Sentence) -> tuple[str, list[str]]:
    """Outcome and rules for a minor at the offence, from the sentence decided for execution."""
    combined = ["R6"] if s.counts else []
    if s.kind == "fixed_term":
        assert s.months is not None
        return ("seal", ["R1", *combined]) if s.months <= 60 else ("not_eligible", ["R7", *combined])
    if s.kind in LIGHTER:
        return "seal", ["R2"]
    if s.kind in NOT_PROSECUTED:
        return "seal", ["R3"]
    return "not_eligible", ["R7"]   # life imprisonment, death


def expect(p: PartyPlan, events: list[Event], concluded_on: dt.date, province: str | None) -> Expectation:
    own = [ev for ev in events if p.pid in ev.participants]
    review: list[tuple[str, str]] = []
    births: list[dt.date] = []
    if p.written_birth is not None:
        births.append(p.written_birth)
    # an invalid ID, or one that contradicts the written date, makes the birth date unreliable
    # (sealing-rules.md: "a mismatch, a bad checksum … → review"): the age stays open
    unreliable_birth = False
    if p.id_number is not None:
        if not idnumber.is_valid(p.id_number):
            review.append(("id_number", REASON_BAD_CHECK_DIGIT))
            unreliable_birth = True
        embedded = idnumber.birth_date(p.id_number)
        if embedded is not None:
            if p.written_birth is not None and embedded != p.written_birth:
                review.append(("birth_date", REASON_ID_CONTRADICTS))
                unreliable_birth = True
            births.append(embedded)
    masked = p.birth_mask is not None and not births
    if not births and not masked:
        review.append(("birth_date", REASON_AGE_ONLY))
    for birth in set(births):
        if birth.month == 2 and birth.day == 29:
            # a minor on 28 February under either reading, an adult on 2 March: 1 March alone is open
            window = (dt.date(birth.year + 18, 3, 1), dt.date(birth.year + 18, 3, 1))
            if any(ev.start <= window[1] and ev.end >= window[0] for ev in own):
                review.append(("birth_date", REASON_LEAP_DAY))
                break

    minor: bool | None = None
    outcome_rules: list[str] = []
    # the offences are placed only against one reliable birth date
    born = births[0] if births and not unreliable_birth else None
    sides = {_side(ev, born) for ev in own} if born is not None else None
    if sides in ({"before"}, {"after"}):
        if REASON_LEAP_DAY not in (r for _, r in review):
            minor = sides == {"before"}
    elif born is not None:
        vague = [ev for ev in own if _side(ev, born) == "straddle" and not ev.continuing]
        if vague:
            review.append(("offence_dates", REASON_VAGUE_DATE))
        elif p.main_conduct_stated and p.main_conduct == "before_18":
            minor = True
            outcome_rules = ["R4"]
        elif p.main_conduct_stated and p.main_conduct == "after_18":
            minor = False
            outcome_rules = ["R5"]
        else:
            review.append(("main_conduct", REASON_MAIN_UNSTATED))
            outcome_rules = ["R5"]
    elif masked:
        minor = _masked_minor(p, own)
        if minor is None:
            review.append(("birth_date", REASON_BIRTH_MASKED))

    sentence = final_sentence(p)
    if sentence.test_period_open:
        review.append(("disposition", REASON_TEST_PERIOD_OPEN))
    if review:
        _, rules = _sentence_rules(sentence)
        # the candidates: the sentence's rule, and R8 too while the age question is open
        rules = sorted(set(outcome_rules + rules + (["R8"] if minor is None else [])), key=_rule_order)
        return Expectation(minor, _decision("review", rules, [r for _, r in review]), review)
    if minor is False:
        rules = outcome_rules or ["R8"]
        reason = ("main criminal conduct after the 18th birthday" if outcome_rules
                  else "18 or older at the offence")
        return Expectation(False, _decision("not_eligible", rules, [reason]))
    assert minor is True
    outcome, rules = _sentence_rules(sentence)
    rules = (outcome_rules if outcome == "seal" else []) + rules   # R4 seals; above 5 years R7 alone decides
    reasons = [_reason(sentence, outcome)]
    if outcome_rules == ["R4"]:
        reasons.insert(0, "acts before and after the 18th birthday; the main criminal conduct before it")
    if outcome == "seal" and _retroactive(concluded_on, province):
        rules.append("R9")
        reasons.append("concluded before the sealing measures took effect: sealed retroactively")
    return Expectation(True, _decision(outcome, rules, reasons))


def _masked_minor(p: PartyPlan, own: list[Event]) -> bool | None:
    """Minority at the offence when a published copy masks the birth date: the court's own
    finding decides (犯罪时未满十八周岁); else a kept birth year places the acts when all of
    them fall on or before the earliest possible 18th birthday (1 January of the year 18 years
    on: a minor's, age counting from the day after) or after the latest (31 December: an
    adult's); else the file leaves it open."""
    if p.finds_minor:
        return True
    if p.birth_year is None or not own:
        return None
    if all(ev.end <= dt.date(p.birth_year + 18, 1, 1) for ev in own):
        return True
    if all(ev.start > dt.date(p.birth_year + 18, 12, 31) for ev in own):
        return False
    return None


def _retroactive(concluded_on: dt.date, province: str | None) -> bool:
    """Retroactive sealing is national for every case concluded before the Measures, those
    before 2013 included (SPC 2012 interpretation art. 490 para. 2); the province plays no part."""
    return concluded_on < MEASURES_IN_FORCE


def _reason(s: Sentence, outcome: str) -> str:
    if s.kind == "fixed_term":
        what = f"fixed-term imprisonment of {s.months} months decided for execution"
        return f"minor at the offence; {what} ({'5 years or less' if outcome == 'seal' else 'above 5 years'})"
    return f"minor at the offence; disposition {s.kind}"


def _rule_order(rule: str) -> int:
    return int(rule[1:])


def _decision(outcome: str, rules: list[str], reasons: list[str]) -> Decision:
    return Decision(outcome, tuple(rules), tuple(reasons), tuple(CITATIONS[r] for r in rules))  # type: ignore[arg-type]
