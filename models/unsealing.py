"""Unsealing (Measures art. 18): what a new judgment about the same person does to a sealed record.

Unseal when a new or undiscovered offence committed as a minor is punished together
with the sealed one and the combined sentence exceeds five years (U1), or a retrial
raises the sentence above five years (U2). An intentional crime committed as an adult
does not unseal, but the new judgment states the prior record (U3). Records are linked
by the ID number only: names are pseudonymised and reused, ID numbers are not. The
rows themselves are the `unsealing` section of the profile's rule table.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from models import idnumber
from models.ages import age_at_offence
from models.record import Person
from models.rules.facts import Issue
from models.rules.table import UNKNOWN, FactValue, Profile, first_match, load_profile

UnsealingOutcome = Literal["unseal", "keep_sealed_state_prior_record", "no_change", "review"]


@dataclass(frozen=True)
class UnsealingDecision:
    outcome: UnsealingOutcome
    rules: tuple[str, ...]
    reasons: tuple[str, ...]
    citations: tuple[str, ...]


def _as_18_digits(number: str | None) -> str | None:
    """A valid ID number in its 18-digit form (a pre-1999 15-digit number gains "19" and
    a check digit), or None when there is no valid number to link by."""
    if not number:
        return None
    number = idnumber.normalise(number)
    if idnumber.ID15.match(number) and idnumber.birth_date(number) is not None:
        first17 = number[:6] + "19" + number[6:]
        number = first17 + idnumber.check_digit(first17)
    return number if idnumber.is_valid(number) else None


def unsealing_facts(sealed: Person, new: Person, *, punished_together: bool | None,
                    retrial: bool) -> tuple[dict[str, FactValue], dict[str, Issue]]:
    """The facts the `unsealing` rows speak about, with an Issue for each unknown one."""
    issues: dict[str, Issue] = {}
    facts: dict[str, FactValue] = {"new_document": "retrial" if retrial else "other"}
    old_id, new_id = _as_18_digits(sealed.id_number), _as_18_digits(new.id_number)
    if old_id is None or new_id is None:
        facts["linked"] = UNKNOWN
        issues["linked"] = Issue("id_number", "封存记录或者新文书缺少有效的公民身份号码",
                                 "the sealed record or the new document lacks a valid ID number")
    else:
        facts["linked"] = "same_person" if old_id == new_id else "different_person"
    disposition = new.disposition
    if disposition is None or not disposition.final:
        facts["new_disposition"] = facts["new_sentence_months"] = UNKNOWN
        issues["new_disposition"] = Issue("disposition", "新文书缺少生效的处理结果",
                                          "the new document has no effective outcome")
    else:
        facts["new_disposition"] = disposition.kind
        facts["new_sentence_months"] = disposition.months if disposition.months is not None else UNKNOWN
        issues["new_sentence_months"] = Issue("disposition", "新文书决定执行的刑期缺失",
                                              "the term decided for execution in the new document is missing")
    birth = idnumber.birth_date(old_id) if old_id else None
    if birth is None or not new.offence_dates or any(o.start > o.end for o in new.offence_dates):
        facts["new_offence_age"] = UNKNOWN
    else:
        facts["new_offence_age"] = age_at_offence(birth, new.offence_dates)
    issues["new_offence_age"] = Issue("offence_dates", "无法确定新罪是否在未成年时实施",
                                      "the new offence's dates do not place it before or after the 18th birthday")
    facts["punished_together"] = {True: "yes", False: "no", None: UNKNOWN}[punished_together]
    issues["punished_together"] = Issue("punished_together", "新文书未载明是否与封存记录之罪数罪并罚",
                                        "the new document does not say whether it punishes the sealed offence together")
    facts["intentional"] = {True: "yes", False: "no", None: UNKNOWN}[new.intentional]
    issues["intentional"] = Issue("intentional", "无法确定新罪是故意犯罪还是过失犯罪",
                                  "whether the new offence is intentional or negligent is not established")
    return facts, issues


def decide_unsealing(sealed: Person, new: Person, *, punished_together: bool | None = None,
                     retrial: bool = False, profile: Profile | None = None) -> UnsealingDecision:
    """Decide what a new disposition means for a sealed record.

    `sealed`: the person as in the sealed record (ID number, birth date). `new`: the person
    as in the new document: ID number, offence_dates, disposition (its `months` is the term
    decided for execution, combined when punished together), intentional. `punished_together`:
    the new judgment punishes the sealed offence together with the new or undiscovered one
    (数罪并罚). `retrial`: the new judgment retries the sealed case (审判监督程序).
    """
    profile = profile or load_profile("national-2022")
    facts, issues = unsealing_facts(sealed, new, punished_together=punished_together, retrial=retrial)
    row = first_match(profile.unsealing, facts)
    if row is None:
        return UnsealingDecision("review", (), ("no row of the unsealing table applies",), ())
    reasons = [row.reason]
    if row.outcome == "review":
        reasons += [issues[f].reason for f in row.facts if facts[f] == UNKNOWN and f in issues]
    return UnsealingDecision(row.outcome, row.rules, tuple(dict.fromkeys(reasons)),  # type: ignore[arg-type]
                             row.citations)
