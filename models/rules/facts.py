"""The facts the rule table speaks about, computed exactly from a person and a case.

A fact the file does not establish reliably — missing, contradictory, or read with
confidence below the profile's threshold — becomes "unknown" and carries Issues naming
the field, so a review row can say precisely what a reviewer must look at. Issue
texts never contain the person's data (they end up in review queues and reports).

`accepted` lists the fields a reviewer has approved or corrected: their value is taken
as it stands (no confidence or cross-check doubt is raised again). `disputed` lists the
fields another component (the extractor) or a reviewer has questioned in a review item
still open or rejected: what the Person alone cannot show (two birth dates in the file,
an OCR confusion in the ID number) still keeps the decision from being confident.
`rejected` lists the fields a reviewer rejected: nothing read from them is used, not even
the parts of an offence date read beyond doubt (offence_years).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field

from models import idnumber
from models.ages import (
    AgeAtOffence, adult_as_recidivist, adult_by_earlier_conviction, adult_by_stated_age, age_at_offence, age_by_birth_year,
    minor_at,
)
from models.deadlines import is_community_corrections, test_period_end
from models.record import Case, Disposition, OffenceDate, Person
from models.rules.table import UNKNOWN, FactValue

# Evidence of an offence date's year read on its own, by how many of its leading digits
# were read beyond doubt (see offence_years); finest first.
YEAR_EVIDENCE: dict[str, int] = {"offence_dates.year": 4, "offence_dates.decade": 3,
                                 "offence_dates.century": 2}
# Evidence of a written birth date's year, named by the one digit read with doubt (its index;
# None: none): a faint last digit (196? 年3月8日) still places the birth in its decade, a faint
# third (19?4年4月1日) between 1904 and 1994 (birth_years).
BIRTH_YEAR_EVIDENCE: dict[str, int | None] = {"birth_year": None, "birth_year.decade": 3, "birth_year.unit": 2}
# Evidence of an offence date's month and day (all that follows its first year).
DAY_EVIDENCE = "offence_dates.day"


@dataclass(frozen=True)
class Issue:
    """Why a fact is unknown: the person field to look at and the reason, in both languages."""

    field: str
    reason_zh: str
    reason_en: str

    @property
    def reason(self) -> str:
        return f"{self.field}: {self.reason_zh}（{self.reason_en}）"


@dataclass
class Facts:
    values: dict[str, FactValue] = field(default_factory=dict)
    issues: dict[str, list[Issue]] = field(default_factory=dict)

    def set(self, fact: str, value: FactValue, *issues: Issue) -> None:
        self.values[fact] = value
        self.issues[fact] = list(issues)


# The issues that only say a date is absent (not that the file contradicts itself): what the
# court's own finding of minority, or the earliest procedure, may settle instead.
BIRTH_MISSING = Issue("birth_date", "出生日期缺失", "the birth date is missing")
AGE_ONLY = Issue("birth_date", "卷宗只载明年龄（“某岁”），没有出生日期",
                 "the file gives an age in years only, no birth date")
OFFENCE_MISSING = Issue("offence_dates", "犯罪时间缺失", "the offence date is missing")
LEAP_DAY = Issue("minor_at_offence", "2月29日出生，犯罪时间为第十八年3月1日，生日按2月28日还是3月1日认定实践中不一",
                 "born on 29 February and the offence falls on 1 March of the 18th year, where practice "
                 "differs on whether the birthday is 28 February or 1 March")
COURT_SAYS_MINOR = Issue("minor_at_offence", "法院认定其犯罪时未满十八周岁，但按卷宗所载日期计算已满十八周岁",
                         "the court found the person under 18 at the offence, but the dates in the file make "
                         "them 18 or older")
COURT_SAYS_ADULT = Issue("minor_at_offence", "卷宗载明其犯罪时已成年，但按卷宗所载日期计算未满十八周岁",
                         "the file states the person was an adult at the offence, but the dates in the file "
                         "make them under 18")


def field_confidence(person: Person, name: str) -> float | None:
    """Lowest confidence of the evidence read for a field or any of its parts
    ("disposition" covers "disposition.months"); None when nothing was measured."""
    values = [e.confidence for e in person.evidence if e.field == name or e.field.startswith(name + ".")]
    return min(values) if values else None


def low_confidence(person: Person, name: str, threshold: float, accepted: Collection[str]) -> Issue | None:
    confidence = field_confidence(person, name)
    if name in accepted or confidence is None or confidence >= threshold:
        return None
    return Issue(name, f"识别置信度{confidence:.2f}低于阈值{threshold:.2f}",
                 f"read with confidence {confidence:.2f}, below the threshold {threshold:.2f}")


def disputed_issue(name: str, disputed: Collection[str]) -> Issue | None:
    if name not in disputed:
        return None
    return Issue(name, "该项另有未处理或者被驳回的审查事项", "another review item on this value is open or rejected")


def resolve_birth_date(person: Person, threshold: float,
                       accepted: Collection[str]) -> tuple[dt.date | None, list[Issue]]:
    """The birth date to place the offence against, cross-checked with the ID number
    (GB 11643: digits 7–14 are the birth date, the 18th a MOD 11-2 check digit)."""
    issues: list[Issue] = []
    id_birth: dt.date | None = None
    if person.id_number:
        number = idnumber.normalise(person.id_number)
        if "id_number" in accepted:
            id_birth = idnumber.birth_date(number)
        elif not (idnumber.ID18.match(number) or idnumber.ID15.match(number)):
            issues.append(Issue("id_number", "公民身份号码格式不正确", "the ID number is not 18 (or 15) digits"))
        elif idnumber.ID18.match(number) and idnumber.check_digit(number[:17]) != number[17]:
            issues.append(Issue("id_number", "公民身份号码校验码不符", "the ID number's check digit is wrong"))
        elif (id_birth := idnumber.birth_date(number)) is None:
            issues.append(Issue("id_number", "公民身份号码中的出生日期不是有效日期",
                                "the birth date inside the ID number is not a real date"))
    if person.birth_date is not None:
        if doubt := low_confidence(person, "birth_date", threshold, accepted):
            issues.append(doubt)
        if id_birth is not None and id_birth != person.birth_date and "birth_date" not in accepted:
            issues.append(Issue("birth_date", "出生日期与公民身份号码中的出生日期不一致",
                                "the birth date differs from the one inside the ID number"))
        return (None if issues else person.birth_date), issues
    if id_birth is not None and not issues:
        if doubt := low_confidence(person, "id_number", threshold, accepted):
            return None, [doubt]
        return id_birth, []
    issues.append(AGE_ONLY if person.stated_age is not None else BIRTH_MISSING)
    return None, issues


def _offence_contradictions(person: Person, birth: dt.date | None) -> list[Issue]:
    if not person.offence_dates:
        return [OFFENCE_MISSING]
    issues: list[Issue] = []
    if any(o.start > o.end for o in person.offence_dates):
        issues.append(Issue("offence_dates", "犯罪时间的起点晚于终点", "an offence period ends before it starts"))
    if birth is not None and any(o.end < birth for o in person.offence_dates):
        issues.append(Issue("offence_dates", "犯罪时间早于出生日期", "an offence date precedes the birth date"))
    return issues


def offence_years(person: Person, threshold: float) -> list[OffenceDate] | None:
    """Each offence range widened to what it could be, given the parts read beyond doubt —
    None when some range has no year of its own read that well.

    A scanned date is doubted as a whole when any glyph is, yet the age question often
    needs less: someone born in 1966 was an adult on any day of 二〇〇八年 even if its last
    〇 is faint (2000–2099). The years widen by their doubtful digits; the month and day
    stay when read beyond doubt, else the range runs from 1 January to 31 December.
    Evidence counts for every range whose text holds it and the least sure one decides,
    so a part read well in one date never vouches for the same text read badly in another."""
    widened: list[OffenceDate] = []
    for o in person.offence_dates:
        held = [e for e in person.evidence if e.text and e.text in o.text]
        firm = min((YEAR_EVIDENCE[e.field] if e.confidence >= threshold else 0
                    for e in held if e.field in YEAR_EVIDENCE), default=0)
        if not firm:
            return None
        width = 10 ** (4 - firm)
        first, last = o.start.year // width * width, o.end.year // width * width + width - 1
        days = [e.confidence >= threshold for e in held if e.field == DAY_EVIDENCE]
        if days and all(days):
            widened.append(OffenceDate(_in_year(first, o.start, earliest=True),
                                       _in_year(last, o.end, earliest=False), o.text))
        else:
            widened.append(OffenceDate(dt.date(first, 1, 1), dt.date(last, 12, 31), o.text))
    return widened


def _in_year(year: int, day: dt.date, *, earliest: bool) -> dt.date:
    """The same month and day in another year; 29 February becomes the 28th or 1 March,
    whichever keeps the range widest."""
    try:
        return day.replace(year=year)
    except ValueError:
        return dt.date(year, 2, 28) if earliest else dt.date(year, 3, 1)


def _age_fact(person: Person, threshold: float, accepted: Collection[str], disputed: Collection[str],
              rejected: Collection[str], facts: Facts) -> None:
    if "minor_at_offence" in accepted and person.minor_at_offence is not None \
            and "minor_at_offence" not in disputed:
        # a reviewer decided the age question itself (e.g. a leap-day birth)
        facts.set("age_at_offence", "minor" if person.minor_at_offence else "adult")
        facts.set("age_basis", "reviewer")
        return
    age, basis, issues, birth = _age_from_dates(person, threshold, accepted, disputed, rejected)
    if age == UNKNOWN and birth is not None and set(issues) <= {OFFENCE_MISSING, *_offence_doubts(issues)} \
            and _before_procedure(person, birth, threshold, accepted, disputed):
        # every offence precedes the first procedure, which fell while the person was a minor
        age, basis, issues = "minor", "procedure_bound", []
    elif age == UNKNOWN and issues in ([BIRTH_MISSING], [low_confidence(person, "birth_date", threshold, accepted)]) \
            and (by_year := settled_by_birth_year(person, threshold, accepted, disputed)) != UNKNOWN:
        # the day of the birth masked, never written or read with doubt, its year kept and read
        # beyond doubt (1985年×月×日出生): every act on one side of every 18th birthday that year holds
        age, basis, issues = by_year, "birth_year", []
    elif age == UNKNOWN and (issues in ([BIRTH_MISSING], [AGE_ONLY]) or doubted_birth_says_adult(person, issues, threshold, accepted)) and \
            (settled := adult_without_birth_date(person, threshold, accepted, disputed)) is not None:
        # no birth date (or one read with doubt that says the same), but an earlier conviction
        # shows the person was 14 by a day that puts every offence of this case after the 18th
        # birthday, the court found a recidivist, or the age a document states (28岁) puts every
        # offence past the 18th birthday
        age, basis, issues = "adult", settled, []
    finding = _court_finding(person, threshold, accepted, disputed)
    if finding is True and age == "adult":
        age, basis, issues = UNKNOWN, UNKNOWN, [COURT_SAYS_MINOR]
    elif finding is False and age == "minor":
        age, basis, issues = UNKNOWN, UNKNOWN, [COURT_SAYS_ADULT]
    elif finding is True and age == UNKNOWN and \
            set(issues) <= {BIRTH_MISSING, AGE_ONLY, OFFENCE_MISSING, LEAP_DAY, *_offence_doubts(issues)}:
        # no date settles the age, and none contradicts the court: its finding is the evidence
        age, basis, issues = "minor", "court_finding", []
    facts.set("age_at_offence", age, *issues)
    facts.set("age_basis", basis)


def _offence_doubts(issues: list[Issue]) -> list[Issue]:
    """The doubts on how the offence dates were read (not on the birth date)."""
    return [i for i in issues if i.field == "offence_dates" and i != OFFENCE_MISSING
            and i.reason_en != "an offence date precedes the birth date"
            and i.reason_en != "an offence period ends before it starts"]


def _court_finding(person: Person, threshold: float, accepted: Collection[str],
                   disputed: Collection[str]) -> bool | None:
    """The court's own finding on minority at the offence, when it was read reliably."""
    if person.court_minor_finding is None or "court_minor_finding" in disputed or \
            low_confidence(person, "court_minor_finding", threshold, accepted):
        return None
    return person.court_minor_finding


def settled_by_birth_year(person: Person, threshold: float, accepted: Collection[str] = frozenset(),
                          disputed: Collection[str] = frozenset()) -> AgeAtOffence:
    """The age at the offence a birth year alone settles (models.ages.age_by_birth_year), the
    year and the offence dates read reliably; "unknown" otherwise. The extractor asks it too,
    so it raises no item for a birth day the rules need not."""
    if person.birth_year is None or {"birth_year", "birth_date", "offence_dates"} & set(disputed) or \
            low_confidence(person, "offence_dates", threshold, accepted):
        return UNKNOWN
    years = birth_years(person, threshold, accepted)
    return UNKNOWN if years is None else age_by_birth_year(years[0], person.offence_dates, last=years[1])


def birth_years(person: Person, threshold: float, accepted: Collection[str] = frozenset()) -> tuple[int, int] | None:
    """The years the birth year as read can be: itself, or, where one digit was read with doubt
    (BIRTH_YEAR_EVIDENCE), every year that digit could make — from the year with a 0 there to the
    year with a 9 (196? is 1960–1969; 19?4 is within 1904–1994). None where a piece of evidence
    was read below the bar; over several, the widest range."""
    if person.birth_year is None:
        return None
    held = [e for e in person.evidence if e.field in BIRTH_YEAR_EVIDENCE]
    if "birth_year" in accepted or not held:
        return person.birth_year, person.birth_year
    if any(e.confidence < threshold for e in held):
        return None
    digits = f"{person.birth_year:04d}"
    ranges = [(person.birth_year, person.birth_year) if (i := BIRTH_YEAR_EVIDENCE[e.field]) is None else
              (int(digits[:i] + "0" + digits[i + 1:]), int(digits[:i] + "9" + digits[i + 1:])) for e in held]
    return min(r[0] for r in ranges), max(r[1] for r in ranges)


def birth_as_read_says_adult(person: Person) -> bool:
    """Whether the birth date as read, trusted or not, makes the person an adult at every offence
    date read: where it is doubted, what settles an adult's age without a birth date
    (adult_without_birth_date) settles it only if it agrees; where the date as read says minor,
    the two readings disagree, and a reviewer reads both."""
    return person.birth_date is not None and bool(person.offence_dates) and \
        age_at_offence(person.birth_date, person.offence_dates) == "adult"


def doubted_birth_says_adult(person: Person, issues: list[Issue], threshold: float,
                             accepted: Collection[str] = frozenset()) -> bool:
    """Whether the only question about the age is a birth date read with doubt that, as read,
    makes the person an adult at every offence (birth_as_read_says_adult)."""
    return issues == [low_confidence(person, "birth_date", threshold, accepted)] and birth_as_read_says_adult(person)


def adult_without_birth_date(person: Person, threshold: float, accepted: Collection[str] = frozenset(),
                             disputed: Collection[str] = frozenset()) -> str | None:
    """What, read reliably with the offence dates, makes every offence an adult's when the file
    gives no birth date: "prior_conviction" for an earlier criminal judgment the file dates
    (models.ages.adult_by_earlier_conviction; Criminal Law art. 17), "recidivism" for the
    court's finding of recidivism (models.ages.adult_as_recidivist; Criminal Law art. 65),
    "stated_age" for an age in years a dated document writes (models.ages.adult_by_stated_age);
    None when none does. The extractor asks it too, so it raises no item for a birth date
    the rules need not."""
    if "offence_dates" in disputed or low_confidence(person, "offence_dates", threshold, accepted):
        return None
    if "prior_records" not in disputed and not low_confidence(person, "prior_records", threshold, accepted):
        days = [r.decided_on for r in person.prior_records if r.kind == "criminal" and r.decided_on is not None]
        if adult_by_earlier_conviction(days, person.offence_dates) is not None:
            return "prior_conviction"
    if person.recidivist and "recidivist" not in disputed and \
            not low_confidence(person, "recidivist", threshold, accepted) and adult_as_recidivist(person.offence_dates):
        return "recidivism"
    if person.stated_age is not None and person.stated_age_on is not None and \
            not {"stated_age", "stated_age_on"} & set(disputed) and \
            not low_confidence(person, "stated_age", threshold, accepted) and \
            not low_confidence(person, "stated_age_on", threshold, accepted) and \
            adult_by_stated_age(person.stated_age, person.stated_age_on, person.offence_dates):
        return "stated_age"
    return None


def _before_procedure(person: Person, birth: dt.date, threshold: float, accepted: Collection[str],
                      disputed: Collection[str]) -> bool:
    """Whether the earliest procedure against the person (arrest, detention, surrender) was
    on or before the 18th birthday, read reliably: then every offence of the case was a minor's."""
    day = person.first_procedure_date
    if day is None or day < birth or "first_procedure_date" in disputed or \
            low_confidence(person, "first_procedure_date", threshold, accepted):
        return False
    return minor_at(birth, OffenceDate(birth, day, "")) is True


def _age_from_dates(person: Person, threshold: float, accepted: Collection[str], disputed: Collection[str],
                    rejected: Collection[str]) -> tuple[FactValue, str, list[Issue], dt.date | None]:
    """The age at the offence from the birth date and the offence dates: (value, basis,
    issues, the birth date resolved)."""
    birth, issues = resolve_birth_date(person, threshold, accepted)
    issues += _offence_contradictions(person, birth or person.birth_date)
    issues += [i for f in ("birth_date", "id_number", "stated_age", "minor_at_offence")
               if (i := disputed_issue(f, disputed))]
    # how the offence dates were read: doubts a year read beyond doubt may still settle
    doubts = [i for i in (low_confidence(person, "offence_dates", threshold, accepted),
                          disputed_issue("offence_dates", disputed)) if i]
    if issues or birth is None:
        birth_sound = birth is not None and all(i.field == "offence_dates" for i in issues)
        return UNKNOWN, UNKNOWN, [*issues, *doubts], birth if birth_sound else None
    if doubts:
        widened = offence_years(person, threshold) if "offence_dates" not in rejected else None
        by_year = age_at_offence(birth, widened) if widened else UNKNOWN
        if by_year in ("minor", "adult"):
            return by_year, "dates", [], birth
        return UNKNOWN, UNKNOWN, doubts, birth
    age: AgeAtOffence = age_at_offence(birth, person.offence_dates)
    if age == UNKNOWN:
        return UNKNOWN, UNKNOWN, [LEAP_DAY], birth
    return age, "dates", [], birth


def _main_conduct_fact(person: Person, threshold: float, accepted: Collection[str],
                       disputed: Collection[str], facts: Facts) -> None:
    if doubt := disputed_issue("main_conduct", disputed):
        facts.set("main_conduct", UNKNOWN, doubt)
    elif person.main_conduct is None:
        facts.set("main_conduct", UNKNOWN, Issue(
            "main_conduct", "卷宗未载明主要犯罪行为发生在十八周岁以前还是以后",
            "the file does not say whether the main conduct was before or after the 18th birthday"))
    elif doubt := low_confidence(person, "main_conduct", threshold, accepted):
        facts.set("main_conduct", UNKNOWN, doubt)
    else:
        facts.set("main_conduct", person.main_conduct)


def _disposition_issues(person: Person, threshold: float, accepted: Collection[str],
                        disputed: Collection[str]) -> list[Issue]:
    disposition = person.disposition
    if doubt := disputed_issue("disposition", disputed):
        return [doubt]
    if disposition is None:
        return [Issue("disposition", "处理结果（刑罚或者不起诉决定）缺失",
                      "the sentence or non-prosecution decision is missing")]
    if "disposition" in accepted:
        return []
    issues: list[Issue] = []
    # `final` is the extractor's finding that this outcome is the effective one: an appeal
    # that dismisses (维持原判) leaves the first-instance sentence in force, so the kind of
    # document it came from proves nothing by itself
    if not disposition.final:
        issues.append(Issue("disposition", "该处理结果不是生效结果，可能已被二审或者再审改变",
                            "this is not the effective outcome; an appeal or retrial may replace it"))
    if doubt := low_confidence(person, "disposition", threshold, accepted):
        issues.append(doubt)
    return issues


def _sentence_facts(disposition: Disposition, facts: Facts) -> None:
    if disposition.months is not None:
        facts.set("sentence_months", disposition.months)
    elif disposition.kind == "fixed_term":
        facts.set("sentence_months", UNKNOWN, Issue(
            "disposition", "决定执行的有期徒刑刑期缺失", "the term decided for execution is missing"))
    else:
        facts.set("sentence_months", UNKNOWN)


def _test_period_fact(disposition: Disposition, as_of: dt.date, facts: Facts) -> None:
    """A conditional non-prosecution has ended well only when the file holds the
    non-prosecution decision about this person made after this person's test period
    (CPL art. 284 para. 2); the calendar alone cannot show that the decision was not
    revoked, and a decision about a co-suspect in the same file shows nothing about this
    one. The person's disposition says which decision it was read from (document_kind)."""
    if disposition.kind != "conditional_non_prosecution":
        facts.set("test_period", "not_applicable")
        return
    if disposition.document_kind == "non_prosecution_decision":
        # read from the decision about this person that ends the test period (CPL art. 284
        # para. 2 makes it only once the period is over); its date is that decision's own
        facts.set("test_period", "ended")
        return
    end = test_period_end(disposition)
    if end is not None and as_of <= end:
        facts.set("test_period", "running")
    elif end is None:
        facts.set("test_period", UNKNOWN, Issue(
            "disposition", "附条件不起诉的决定日期或者考验期缺失，卷宗中也没有对其本人在考验期满后作出的不起诉决定",
            "the date or the test period of the conditional non-prosecution is missing, and the file "
            "holds no non-prosecution decision about this person made after it"))
    else:
        facts.set("test_period", UNKNOWN, Issue(
            "disposition", "考验期已过，但卷宗中没有对其本人在考验期满后作出的不起诉决定，无法确认未被撤销",
            "the test period is over but the file holds no non-prosecution decision about this person "
            "made after it, so it is not shown that the conditional decision was not revoked"))


def eligibility_facts(person: Person, case: Case, threshold: float, *,
                      accepted: Collection[str] = frozenset(), disputed: Collection[str] = frozenset(),
                      rejected: Collection[str] = frozenset(), as_of: dt.date) -> Facts:
    """Every fact the eligibility table and its annotations may name."""
    facts = Facts()
    _age_fact(person, threshold, accepted, disputed, rejected, facts)
    _main_conduct_fact(person, threshold, accepted, disputed, facts)
    disposition = person.disposition
    if issues := _disposition_issues(person, threshold, accepted, disputed):
        facts.set("disposition", UNKNOWN, *issues)
        facts.set("sentence_months", UNKNOWN, *issues)
        facts.set("test_period", UNKNOWN, *issues)
        facts.set("ground", UNKNOWN, *issues)
    else:
        assert disposition is not None
        facts.set("disposition", disposition.kind)
        _sentence_facts(disposition, facts)
        _test_period_fact(disposition, as_of, facts)
        facts.set("ground", disposition.ground or "none")
    charges = len(set(person.charges))
    facts.set("counts", "several" if charges > 1 else "one" if charges == 1 else UNKNOWN)
    if facts.values["disposition"] == UNKNOWN or disposition is None:
        facts.set("community_corrections", UNKNOWN)
    else:
        facts.set("community_corrections", "yes" if is_community_corrections(disposition) else "no")
    concluded = case.concluded_on or (disposition.decided_on if disposition else None)
    facts.set("concluded_on", concluded or UNKNOWN)
    return facts
