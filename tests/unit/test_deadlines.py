"""Sealing due dates per organ (Measures arts. 11–13)."""
from __future__ import annotations

import datetime as dt

from models.deadlines import add_months, is_overdue, organ_due_dates, sealing_due, term_end
from models.record import Case, Disposition, Person

D = dt.date


def person(disposition: Disposition | None) -> Person:
    return Person("P1", "defendant", "测试甲", disposition=disposition)


def test_month_arithmetic_clamps_to_the_month_end() -> None:
    assert add_months(D(2021, 1, 31), 1) == D(2021, 2, 28)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2021, 11, 10), 14) == D(2023, 1, 10)
    assert term_end(D(2021, 1, 10), 12) == D(2022, 1, 9)


def test_court_seals_when_the_judgment_takes_effect() -> None:
    case = Case(concluded_on=D(2022, 9, 1))
    assert sealing_due(person(Disposition("fixed_term", 24)), case) == D(2022, 9, 1)
    assert organ_due_dates(person(Disposition("fixed_term", 24)), case) == {
        "court": D(2022, 9, 1), "procuratorate": None, "police": None}


def test_procuratorate_and_police_seal_within_three_days_of_receipt() -> None:
    case = Case(concluded_on=D(2022, 9, 1))
    p = person(Disposition("fixed_term", 24))
    assert sealing_due(p, case, received_on=D(2022, 9, 5), organ="procuratorate") == D(2022, 9, 8)
    assert sealing_due(p, case, received_on=D(2022, 9, 5), organ="police") == D(2022, 9, 8)
    assert sealing_due(p, case, organ="police") is None          # receipt unknown: no estimate
    assert sealing_due(p, case, received_on=D(2022, 9, 5)) == D(2022, 9, 1)   # the court is first


def test_suspended_sentence_is_due_at_the_court_when_it_takes_effect_not_after_probation() -> None:
    """Measures art. 11: the court seals with the effective judgment; art. 13: community
    corrections within 3 days after execution ends. The earliest is the court's, so a
    backfill report shows a court that sealed after probation years late."""
    case = Case(concluded_on=D(2022, 9, 1))
    suspended = Disposition("fixed_term", 36, suspended=True, probation_months=48)
    assert sealing_due(person(suspended), case) == D(2022, 9, 1)
    assert sealing_due(person(suspended), case, organ="community_corrections") == D(2026, 9, 3)  # ends 2026-08-31
    assert is_overdue(sealing_due(person(suspended), case), D(2026, 9, 3))
    surveillance = Disposition("public_surveillance", 12)
    assert organ_due_dates(person(surveillance), case) == {
        "court": D(2022, 9, 1), "procuratorate": None, "police": None, "community_corrections": D(2023, 9, 3)}
    assert sealing_due(person(suspended), Case()) is None                # no effective date: unknown


def test_conditional_non_prosecution_seals_after_the_test_period() -> None:
    conditional = Disposition("conditional_non_prosecution", decided_on=D(2022, 7, 10), test_period_months=6)
    assert sealing_due(person(conditional), Case()) == D(2023, 1, 12)
    assert sealing_due(person(Disposition("conditional_non_prosecution")), Case()) is None
    final = Disposition("conditional_non_prosecution", document_kind="non_prosecution_decision",
                        decided_on=D(2023, 1, 20), test_period_months=6)
    # the procuratorate made the final decision: due that day; the police 3 days after receiving it
    assert organ_due_dates(person(final), Case(concluded_on=D(2023, 1, 20)), received_on=D(2023, 1, 25)) == {
        "procuratorate": D(2023, 1, 20), "police": D(2023, 1, 28)}


def test_unknown_dates_give_no_due_date_and_are_never_overdue() -> None:
    assert sealing_due(person(Disposition("fixed_term", 24)), Case()) is None
    assert sealing_due(person(None), Case(concluded_on=D(2022, 9, 1))) is None
    assert not is_overdue(None, D(2030, 1, 1))


def test_overdue_is_strictly_after_the_due_day() -> None:
    assert not is_overdue(D(2022, 9, 8), D(2022, 9, 8))
    assert is_overdue(D(2022, 9, 8), D(2022, 9, 9))
