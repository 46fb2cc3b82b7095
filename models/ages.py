"""Age at the offence, counted the way Chinese criminal law counts it.

An age is reached on the day AFTER the birthday (最高人民法院关于审理未成年人刑事案件
具体应用法律若干问题的解释 art. 2), so an offence committed on the 18th birthday is a
minor's. A person born on 29 February has no birthday in the (never leap) 18th year and
practice differs between 28 February and 1 March. Under either reading an offence on
28 February is a minor's (the person turns 18 on 1 or 2 March) and one on 2 March an
adult's; only 1 March depends on the reading, and goes to a reviewer.

The extractor and the rules both call these functions so that `minor_at_offence` in a
record and the sealing decision can never disagree.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal

from models.record import OffenceDate

ADULT_AGE = 18
# Criminal Law art. 17: no criminal responsibility before 14 full years; since Amendment XI
# (in force 2021-03-01) 12 for the gravest killings and injuries, with the SPP's approval.
RESPONSIBILITY_AGE = 14
LOWERED_RESPONSIBILITY_AGE, LOWERED_SINCE = 12, dt.date(2021, 3, 1)

AgeAtOffence = Literal["minor", "adult", "straddles", "unknown"]


def leap_day_window(birth: dt.date, years: int = ADULT_AGE) -> tuple[dt.date, dt.date] | None:
    """The days of the `years`-th year on which a 29 February birth cannot be placed, or
    None for every other birth date: 1 March alone — a minor's day if the birthday is
    1 March, an adult's if it is 28 February (the age is reached the day after)."""
    if (birth.month, birth.day) != (2, 29):
        return None
    day = dt.date(birth.year + years, 3, 1)
    return day, day


def _sides(birth: dt.date, offence: OffenceDate) -> tuple[bool, bool, bool]:
    """(has days certainly before the 18th birthday's end, has days certainly after it,
    touches the leap-day window) for one offence range."""
    window = leap_day_window(birth)
    if window is None:
        birthday = birth.replace(year=birth.year + ADULT_AGE)
        return offence.start <= birthday, offence.end > birthday, False
    return (offence.start < window[0], offence.end > window[1],
            offence.start <= window[1] and offence.end >= window[0])


def minor_at(birth: dt.date, offence: OffenceDate) -> bool | None:
    """Whether an offence dated as a range was committed by a minor: True or False only
    when every day of the range agrees; None when the range straddles the 18th birthday
    or touches the leap-day window (a vague date is never resolved by guessing)."""
    before, after, undecidable = _sides(birth, offence)
    if undecidable or before == after:
        return None
    return before


def age_at_offence(birth: dt.date, offences: Iterable[OffenceDate]) -> AgeAtOffence:
    """Place all of a person's offence ranges against the 18th birthday.

    "straddles" means some conduct certainly fell before and some certainly after the
    18th birthday (one range across it, or several acts on both sides): the case for
    Measures art. 4 para. 2 (R4/R5). "unknown" means no offence date, or a day the
    leap-day rule cannot place that could change the answer; the rules send both to review.
    """
    any_before = any_after = any_undecidable = False
    for offence in offences:
        before, after, undecidable = _sides(birth, offence)
        any_before, any_after = any_before or before, any_after or after
        any_undecidable = any_undecidable or undecidable
    if any_before and any_after:
        return "straddles"
    if any_undecidable or not (any_before or any_after):
        return "unknown"
    return "minor" if any_before else "adult"


def _reached(birth: dt.date, years: int, day: dt.date) -> bool | None:
    """Whether `years` full years (周岁) are reached on `day`: from the day after that
    birthday. None on 1 March after a 29 February birth in a year without one (the
    readings differ, as in leap_day_window)."""
    try:
        birthday = birth.replace(year=birth.year + years)
    except ValueError:                      # 29 February, in a year that has none
        march_first = dt.date(birth.year + years, 3, 1)
        return None if day == march_first else day > march_first
    return day > birthday


def age_on(birth: dt.date, day: dt.date) -> int | None:
    """The full years (周岁) a person born on `birth` has on `day`, counted as minor_at
    counts them (reached the day after the birthday); None before birth or on a day the
    leap-day rule cannot place. Shown to a reviewer beside an offence date."""
    if day < birth:
        return None
    years = day.year - birth.year
    reached = _reached(birth, years, day)
    if reached is None:
        return None
    return years if reached else max(0, years - 1)


def latest_birth_of_convicted(conduct_by: dt.date) -> dt.date:
    """The last day a person can have been born who was convicted of conduct on or before
    `conduct_by`: criminal responsibility starts the day after the 14th birthday (12th, for
    conduct that may fall on or after 2021-03-01), so the birth came more than that many
    years before."""
    years = LOWERED_RESPONSIBILITY_AGE if conduct_by >= LOWERED_SINCE else RESPONSIBILITY_AGE
    birthday = conduct_by - dt.timedelta(days=1)     # the last birthday that is reached by then
    return _years_before(birthday, years)


def _years_before(day: dt.date, years: int) -> dt.date:
    """The same month and day `years` earlier; 29 February, in a year that has none, the 28th
    (the earlier day: a birth no later than it)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return dt.date(day.year - years, 2, 28)


#: How far an age written in years ("28岁") may run ahead of the age in full years the law
#: counts: a nominal age (虚岁) counts the year of birth as one and adds one each New Year.
NOMINAL_AGE_MARGIN = 2


def adult_by_stated_age(age: int, stated_on: dt.date, offences: list[OffenceDate]) -> bool:
    """Whether an age a document writes in years (男，28岁), on or before the day it was
    issued, puts every offence of the case after the 18th birthday, whatever the birth date:
    the person was at least `age` less the nominal margin in full years by `stated_on`, so
    born no later than that many years before it. A document dated before the last act is no
    anchor (its date was misread: one read years too early would make a minor an adult)."""
    years = age - NOMINAL_AGE_MARGIN
    if not offences or years < 18 or stated_on < max(o.end for o in offences):
        return False
    return age_at_offence(_years_before(stated_on, years), offences) == "adult"


def age_by_birth_year(year: int, offences: list[OffenceDate], *, last: int | None = None) -> AgeAtOffence:
    """The age at the offence of someone the file gives a birth year alone (1985年×月×日出生 in a
    published copy, 1973年生), or years from `year` to `last` (a year whose last digit was read
    with doubt: 196? is 1960–1969): the answer both the earliest and the latest birth give — a
    minor at every act that ends by 1 January eighteen years on (the earliest 18th birthday,
    itself a minor's day), an adult at every act from 1 January nineteen years after the last
    year (the day after the latest) — else "unknown"."""
    if not offences:
        return "unknown"
    earliest, latest = (age_at_offence(dt.date(year, 1, 1), offences),
                        age_at_offence(dt.date(last if last is not None else year, 12, 31), offences))
    return earliest if earliest == latest and earliest in ("minor", "adult") else "unknown"


def adult_by_earlier_conviction(convicted_on: Iterable[dt.date], offences: list[OffenceDate]) -> dt.date | None:
    """The day of an earlier criminal judgment against the person (its conduct came on or
    before it) that puts every offence of this case after the 18th birthday, whatever the
    birth date; None when none does. A published copy that leaves the birth date out still
    says 曾因盗窃罪于2004年4月19日被判处…: someone convicted then was an adult by 2008-04-19."""
    days = sorted(convicted_on)
    if not days or not offences:
        return None
    return days[0] if age_at_offence(latest_birth_of_convicted(days[0]), offences) == "adult" else None


#: Criminal Law art. 65 as Amendment VIII (in force 2011-05-01) wrote it: no recidivism for
#: crimes committed under 18. The amended article governs a later crime committed from this day
#: on, whenever the earlier one was (SPC interpretation on the temporal effect of Amendment VIII,
#: art. 3).
RECIDIVISM_SPARES_MINORS_FROM = dt.date(2011, 5, 1)


def adult_as_recidivist(offences: list[OffenceDate]) -> bool:
    """Whether a court's finding of recidivism (累犯) makes every offence of the case an adult's:
    since Amendment VIII neither the earlier crime nor the later one of a recidivist can have
    been committed under 18, so it holds for offences dated from 2011-05-01 on."""
    return bool(offences) and all(o.start >= RECIDIVISM_SPARES_MINORS_FROM for o in offences)
