"""Properties the sealing decision must keep for every input, not just the table's rows."""
from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from collections.abc import Callable

from hypothesis import assume, given, settings, strategies as st

from models.ages import age_at_offence, minor_at
from models.record import Case, Disposition, Evidence, OffenceDate, Person
from models.rules import evaluate, load_profile

AS_OF = dt.date(2026, 1, 1)
NATIONAL = load_profile("national-2022")
KINDS = ["fixed_term", "criminal_detention", "public_surveillance", "fine_only",
         "deprivation_of_political_rights", "exempt_from_punishment", "non_prosecution",
         "conditional_non_prosecution", "acquittal", "life_imprisonment", "death"]

births = st.dates(dt.date(1990, 1, 1), dt.date(2010, 12, 31))


@st.composite
def offence_ranges(draw: st.DrawFn, birth: dt.date) -> OffenceDate:
    # around the 18th birthday, where the law is delicate
    start = birth + dt.timedelta(days=draw(st.integers(14 * 365, 20 * 365)))
    end = start + dt.timedelta(days=draw(st.sampled_from([0, 0, 1, 30, 90, 200])))
    return OffenceDate(start, end, "…")


@st.composite
def dispositions(draw: st.DrawFn, kind: str | None = None) -> Disposition:
    kind = kind or draw(st.sampled_from(KINDS))
    months = draw(st.integers(1, 180)) if kind in ("fixed_term", "criminal_detention", "public_surveillance") else None
    suspended = kind in ("fixed_term", "criminal_detention") and draw(st.booleans())
    return Disposition(kind, months, suspended, draw(st.integers(12, 72)) if suspended else None,
                       document_kind=None if "prosecution" in kind else "judgment",
                       decided_on=draw(st.dates(dt.date(2005, 1, 1), dt.date(2025, 1, 1))),
                       test_period_months=6 if kind == "conditional_non_prosecution" else None)


@st.composite
def defendants(draw: st.DrawFn, kind: str | None = None) -> tuple[Person, Case]:
    birth = draw(births)
    person = Person("P1", "defendant", "张某某", birth_date=birth,
                    offence_dates=draw(st.lists(offence_ranges(birth), min_size=1, max_size=3)),
                    main_conduct=draw(st.sampled_from([None, "before_18", "after_18"])),
                    disposition=draw(dispositions(kind)),
                    charges=draw(st.sampled_from([["盗窃罪"], ["盗窃罪", "抢劫罪"]])))
    case = Case(concluded_on=draw(st.none() | st.dates(dt.date(2005, 1, 1), dt.date(2025, 1, 1))),
                province=draw(st.sampled_from([None, "浙江"])))
    return person, case


def outcome(person: Person, case: Case) -> str:
    return evaluate(person, case, NATIONAL, as_of=AS_OF).decision.outcome


@settings(max_examples=200, deadline=None)
@given(defendants("fixed_term"), st.integers(1, 240))
def test_a_longer_sentence_never_turns_not_eligible_into_seal(pc: tuple[Person, Case], extra: int) -> None:
    person, case = pc
    before = outcome(person, case)
    assert person.disposition is not None and person.disposition.months is not None
    person.disposition = dataclasses.replace(person.disposition, months=person.disposition.months + extra)
    after = outcome(person, case)
    if before == "not_eligible":
        assert after == "not_eligible"
    if after == "seal":
        assert before == "seal"


@settings(max_examples=200, deadline=None)
@given(defendants(), st.integers(1, 240))
def test_the_probation_period_never_changes_the_decision(pc: tuple[Person, Case], probation: int) -> None:
    person, case = pc
    before = evaluate(person, case, NATIONAL, as_of=AS_OF).decision
    assert person.disposition is not None
    person.disposition = dataclasses.replace(person.disposition, probation_months=probation)
    assert evaluate(person, case, NATIONAL, as_of=AS_OF).decision.outcome == before.outcome


@settings(max_examples=500, deadline=None)
@given(births, st.dates(dt.date(2000, 1, 1), dt.date(2035, 12, 31)), st.integers(0, 60))
def test_moving_the_offence_later_never_turns_an_adult_into_a_minor(birth: dt.date, start: dt.date,
                                                                   length: int) -> None:
    offence = OffenceDate(start, start + dt.timedelta(days=length), "…")
    later = OffenceDate(offence.start + dt.timedelta(days=1), offence.end + dt.timedelta(days=1), "…")
    if minor_at(birth, offence) is False:
        assert minor_at(birth, later) is False
    if age_at_offence(birth, [offence]) == "adult":
        assert age_at_offence(birth, [later]) == "adult"
    if minor_at(birth, later) is True:
        assert minor_at(birth, offence) is True


@settings(max_examples=200, deadline=None)
@given(defendants(), st.integers(1, 400))
def test_moving_every_offence_a_day_later_never_turns_not_eligible_into_seal(pc: tuple[Person, Case],
                                                                            days: int) -> None:
    person, case = pc
    before = outcome(person, case)
    person.offence_dates = [OffenceDate(o.start + dt.timedelta(days=days), o.end + dt.timedelta(days=days), o.text)
                            for o in person.offence_dates]
    if before == "not_eligible":
        assert outcome(person, case) != "seal"


# Each input the rules read, and how to take it away (or make it untrustworthy).
def _no_birth(p: Person) -> None:
    p.birth_date, p.id_number, p.stated_age = None, None, None


def _age_only(p: Person) -> None:
    p.birth_date, p.stated_age = None, 17


def _no_offence_dates(p: Person) -> None:
    p.offence_dates = []


def _no_disposition(p: Person) -> None:
    p.disposition = None


def _no_months(p: Person) -> None:
    assert p.disposition is not None
    p.disposition = dataclasses.replace(p.disposition, months=None)


def _no_test_period(p: Person) -> None:
    assert p.disposition is not None
    p.disposition = dataclasses.replace(p.disposition, test_period_months=None)


def _no_main_conduct(p: Person) -> None:
    p.main_conduct = None


def _doubt(field_name: str) -> Callable[[Person], None]:
    def degrade(p: Person) -> None:
        p.evidence = [*p.evidence, Evidence(field_name, 1, (0, 0, 1, 1), "…", 0.5)]
    return degrade


# fact of the deciding row → the ways its input can go missing
REMOVALS = {
    "age_at_offence": [_no_birth, _age_only, _no_offence_dates, _doubt("birth_date"), _doubt("offence_dates")],
    "main_conduct": [_no_main_conduct, _doubt("main_conduct")],
    "disposition": [_no_disposition, _doubt("disposition")],
    "sentence_months": [_no_months, _doubt("disposition.months")],
    "test_period": [_no_test_period],
}


@settings(max_examples=300, deadline=None)
@given(defendants(), st.data())
def test_removing_a_required_input_yields_review_never_a_confident_outcome(
        pc: tuple[Person, Case], data: st.DataObject) -> None:
    person, case = pc
    before = evaluate(person, case, NATIONAL, as_of=AS_OF)
    if before.decision.outcome == "review":
        return
    row = next(r for r in NATIONAL.eligibility if r.id == before.row_id)
    # what the deciding row reads, and the person's age, which every confident outcome needs
    needed = sorted({f for f in row.facts if f in REMOVALS} | {"age_at_offence"})
    fact = data.draw(st.sampled_from(needed))
    if fact == "sentence_months" and person.disposition and person.disposition.kind != "fixed_term":
        return
    data.draw(st.sampled_from(REMOVALS[fact]))(person)
    after = evaluate(person, case, NATIONAL, as_of=AS_OF).decision
    assert after.outcome == "review", (row.id, fact, after.rules)
    assert after.reasons


@given(birth=st.dates(dt.date(1950, 1, 1), dt.date(2010, 12, 31)), true_day=st.dates(dt.date(2000, 1, 1), dt.date(2029, 12, 31)),
       firm=st.sampled_from(["offence_dates.year", "offence_dates.decade", "offence_dates.century"]),
       misread=st.integers(0, 99), day_firm=st.booleans(), month=st.integers(1, 12), day=st.integers(1, 28))
@settings(max_examples=600, deadline=None)
def test_an_age_settled_by_the_parts_of_a_date_read_beyond_doubt_is_the_true_age(
        birth: dt.date, true_day: dt.date, firm: str, misread: int, day_firm: bool, month: int, day: int) -> None:
    """OCR read the date with faint glyphs: the digits past the firm ones, and the month and
    day unless they were read beyond doubt, may all be wrong. Whatever the rules conclude
    from the firm parts must hold for the date the document really gives."""
    free = {"offence_dates.year": 1, "offence_dates.decade": 10, "offence_dates.century": 100}[firm]
    year = true_day.year // free * free + misread % free
    if day_firm:
        month, day = true_day.month, true_day.day
        assume(not (month, day) == (2, 29) or calendar.isleap(year))
    read = OffenceDate(dt.date(year, month, day), dt.date(year, month, day), f"{year}年{month}月{day}日")
    evidence = [Evidence("offence_dates", 1, (0, 0, 1, 1), read.text, 0.5),
                Evidence(firm, 1, (0, 0, 1, 1), f"{year}年", 0.99),
                Evidence("offence_dates.day", 1, (0, 0, 1, 1), f"{month}月{day}日", 0.99 if day_firm else 0.5)]
    person = Person("P1", "defendant", "张某某", birth_date=birth, offence_dates=[read],
                    disposition=Disposition("fixed_term", 12, document_kind="judgment"), charges=["盗窃罪"],
                    evidence=evidence)
    settled = evaluate(person, Case(), NATIONAL, disputed={"offence_dates"}, as_of=AS_OF).facts.values["age_at_offence"]
    truth = age_at_offence(birth, [OffenceDate(true_day, true_day, "…")])
    assert settled in ("unknown", truth)
