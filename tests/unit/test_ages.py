"""Age at the offence per SPC interpretation art. 2: 18 is reached the day after the birthday."""
from __future__ import annotations

import datetime as dt

import pytest

from models.ages import (
    adult_by_earlier_conviction, adult_by_stated_age, age_at_offence, age_by_birth_year, latest_birth_of_convicted,
    leap_day_window, minor_at,
)
from models.record import OffenceDate

D = dt.date


def day(d: dt.date) -> OffenceDate:
    return OffenceDate(d, d, "")


def span(a: dt.date, b: dt.date) -> OffenceDate:
    return OffenceDate(a, b, "")


@pytest.mark.parametrize("birth, offence, expected", [
    (D(2004, 3, 15), day(D(2022, 3, 15)), True),           # on the 18th birthday: a minor
    (D(2004, 3, 15), day(D(2022, 3, 16)), False),          # the day after: an adult
    (D(2004, 3, 15), day(D(2022, 3, 14)), True),
    (D(2004, 12, 31), day(D(2022, 12, 31)), True),
    (D(2004, 12, 31), day(D(2023, 1, 1)), False),          # across a year end
    (D(2004, 3, 15), span(D(2022, 3, 1), D(2022, 3, 31)), None),   # a month across the birthday
    (D(2004, 3, 15), span(D(2022, 3, 1), D(2022, 3, 15)), True),   # ends on the birthday
    (D(2004, 3, 15), span(D(2022, 3, 16), D(2022, 4, 30)), False),
    (D(2004, 2, 29), day(D(2022, 2, 27)), True),
    (D(2004, 2, 29), day(D(2022, 2, 28)), True),           # leap-day birth: a minor under either reading
    (D(2004, 2, 29), day(D(2022, 3, 1)), None),            # 1 March alone depends on the reading
    (D(2004, 2, 29), day(D(2022, 3, 2)), False),           # an adult under either reading
    (D(2004, 2, 29), day(D(2022, 3, 3)), False),
    (D(2004, 2, 29), day(D(2020, 2, 29)), True),           # far from the 18th birthday: plain
])
def test_minor_at(birth: dt.date, offence: OffenceDate, expected: bool | None) -> None:
    assert minor_at(birth, offence) is expected


def test_leap_day_window_only_for_29_february() -> None:
    assert leap_day_window(D(2004, 2, 29)) == (D(2022, 3, 1), D(2022, 3, 1))
    assert leap_day_window(D(2004, 2, 28)) is None
    assert leap_day_window(D(2004, 3, 1)) is None


@pytest.mark.parametrize("birth, offences, expected", [
    (D(2004, 3, 15), [day(D(2021, 8, 3))], "minor"),
    (D(2004, 3, 15), [day(D(2023, 8, 3))], "adult"),
    (D(2004, 3, 15), [day(D(2021, 8, 3)), day(D(2023, 8, 3))], "straddles"),   # acts on both sides
    (D(2004, 3, 15), [span(D(2022, 1, 1), D(2022, 6, 30))], "straddles"),     # one period across it
    (D(2004, 3, 15), [], "unknown"),
    (D(2004, 2, 29), [day(D(2022, 3, 1))], "unknown"),
    (D(2004, 2, 29), [span(D(2022, 2, 1), D(2022, 2, 28))], "minor"),       # February: before either birthday
    (D(2004, 2, 29), [span(D(2022, 2, 20), D(2022, 3, 1))], "unknown"),
    (D(2004, 2, 29), [span(D(2022, 1, 1), D(2022, 6, 30))], "straddles"),     # certainly both sides
    (D(2004, 2, 29), [day(D(2021, 5, 1)), day(D(2022, 3, 1))], "unknown"),
    (D(2004, 2, 29), [day(D(2021, 5, 1)), day(D(2022, 3, 1)), day(D(2022, 9, 1))], "straddles"),
])
def test_age_at_offence(birth: dt.date, offences: list[OffenceDate], expected: str) -> None:
    assert age_at_offence(birth, offences) == expected


@pytest.mark.parametrize(("convicted", "latest_birth"), [
    (dt.date(2004, 4, 19), dt.date(1990, 4, 18)),    # 14 full years reached the day after the birthday
    (dt.date(2008, 2, 29), dt.date(1994, 2, 28)),    # 14 reached on 2008-02-29 by one born 1994-02-28
    (dt.date(2008, 3, 1), dt.date(1994, 2, 28)),     # no 29 February in 1994
    (dt.date(2021, 3, 2), dt.date(2009, 3, 1)),      # Amendment XI: 12 for the gravest conduct from 2021-03-01
])
def test_the_latest_birth_of_someone_convicted(convicted: dt.date, latest_birth: dt.date) -> None:
    assert latest_birth_of_convicted(convicted) == latest_birth


def test_an_earlier_conviction_makes_an_adult_only_from_four_years_on() -> None:
    day = dt.date(2004, 4, 19)
    assert adult_by_earlier_conviction([dt.date(2010, 1, 1), day], [OffenceDate(dt.date(2008, 4, 19), dt.date(2013, 1, 1), "")]) == day
    assert adult_by_earlier_conviction([day], [OffenceDate(dt.date(2008, 4, 18), dt.date(2013, 1, 1), "")]) is None
    assert adult_by_earlier_conviction([], [OffenceDate(dt.date(2013, 1, 1), dt.date(2013, 1, 1), "")]) is None
    assert adult_by_earlier_conviction([day], []) is None


@pytest.mark.parametrize(("age", "adult"), [
    (28, True),
    (21, True),     # less the nominal margin, 19 full years by 2016-12-28: 18 by 2015-12-29
    (20, False),    # 18 full years by 2016-12-28 may be reached only the day after: a minor's act is possible
    (19, False),
])
def test_an_age_a_dated_document_states_bounds_the_birth_with_the_nominal_margin(age: int, adult: bool) -> None:
    """男，28岁 in a judgment signed on 2016-12-28, for an act of 2016-11-26: even a nominal age
    (虚岁, up to two above the full years) leaves the person an adult at the act."""
    offences = [OffenceDate(dt.date(2016, 11, 26), dt.date(2016, 11, 26), "")]
    assert adult_by_stated_age(age, dt.date(2016, 12, 28), offences) is adult
    assert adult_by_stated_age(age, dt.date(2016, 12, 28), []) is False
    # a signature date read years too early (二〇一〇 for 二〇一六) anchors nothing
    assert adult_by_stated_age(age, dt.date(2010, 12, 28), offences) is False


@pytest.mark.parametrize(("first", "last", "offence", "expected"), [
    (1967, None, D(1985, 1, 1), "minor"),        # born in 1967, any day: the earliest 18th birthday, a minor's day
    (1967, None, D(1986, 1, 1), "adult"),
    (1960, 1969, D(1987, 12, 31), "unknown"),    # a birth of the 1960s: a minor if born in 1969
    (1960, 1969, D(1988, 1, 1), "adult"),
    (2000, 2009, D(2018, 1, 1), "minor"),        # a minor that day whatever the year of the 2000s
    (2000, 2009, D(2019, 6, 1), "unknown"),
])
def test_a_birth_year_or_a_run_of_them_settles_what_every_birth_in_it_settles(
        first: int, last: int | None, offence: dt.date, expected: str) -> None:
    assert age_by_birth_year(first, [day(offence)], last=last) == expected
