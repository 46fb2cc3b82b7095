"""What a doubted value is judged against, and values as a reviewer reads them.

An offence date means nothing without the person's birth date and the age it gives
(周岁, counted as models.ages counts it for the rules); a birth date is judged against
the one inside the ID number and the ID number against the birth date; a probation
against the principal term. The item page shows these beside the value so the reviewer
need not open the whole page to find them. Every text is in the reviewer's language:
labels come from review.i18n, never a raw code.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from models import idnumber
from models.ages import ADULT_AGE, age_on, minor_at
from models.record import Disposition, OffenceDate, Person, ReviewItem

Translate = Callable[..., str]

# the fields an offence date or an age decides: shown with the birth date and the ages it gives
AGE_FIELDS = frozenset({"offence_dates", "minor_at_offence", "main_conduct", "stated_age"})


@dataclass(frozen=True)
class Fact:
    """One line beside the value: an element id (for tests and the browser), a label, a text."""
    id: str
    label: str
    text: str


def id_birth(person: Person | None) -> dt.date | None:
    """The birth date inside the person's ID number (digits 7-14)."""
    if person is None or not person.id_number:
        return None
    return idnumber.birth_date(person.id_number)


def adult_from(birth: dt.date) -> str:
    """The first day on which the person is eighteen (the day after the 18th birthday); for a
    29 February birth the two readings' days (models.ages.leap_day_window)."""
    try:
        return (birth.replace(year=birth.year + ADULT_AGE) + dt.timedelta(days=1)).isoformat()
    except ValueError:
        year = birth.year + ADULT_AGE
        return f"{year}-03-01 / {year}-03-02"


def ages(birth: dt.date, offence: OffenceDate, t: Translate) -> str:
    """The age on an offence range's first and last day, and whether the range is a minor's."""
    first, last = age_on(birth, offence.start), age_on(birth, offence.end)
    unknown = t("age_unknown")
    age = t("age_years", years=first if first is not None else unknown) if first == last else \
        t("age_range", first=first if first is not None else unknown, last=last if last is not None else unknown)
    minor = minor_at(birth, offence)
    verdict = t("minor_yes") if minor is True else t("minor_no") if minor is False else t("minor_unknown")
    days = offence.start.isoformat() if offence.start == offence.end else \
        f"{offence.start.isoformat()} – {offence.end.isoformat()}"
    return f"{days}{t('colon')}{age}{t('list_separator')}{verdict}"


def disposition_text(value: Disposition | dict[str, Any] | None, t: Translate) -> str:
    """A disposition in the domain's words: 刑种, 刑期, 缓刑考验期, 附条件不起诉考验期."""
    if value is None:
        return "—"
    d = value.to_dict() if isinstance(value, Disposition) else value
    parts = [t("kind_" + str(d.get("kind")))]
    if d.get("months") is not None:
        parts.append(t("term_months", months=d["months"]))
    if d.get("suspended"):
        probation = d.get("probation_months")
        parts.append(t("probation_of", months=probation) if probation is not None else t("suspended"))
    if d.get("test_period_months") is not None:
        parts.append(t("test_period_of", months=d["test_period_months"]))
    return t("list_separator").join(parts)


def judged_against(person: Person | None, item: ReviewItem, t: Translate) -> list[Fact]:
    """The facts the item's value is judged against, in the order a reviewer compares them."""
    if person is None:
        return []
    facts: list[Fact] = []
    born, in_id = person.birth_date, id_birth(person)
    if item.field in AGE_FIELDS:
        facts.append(Fact("birth", t("field_birth_date"), born.isoformat() if born else t("not_in_file")))
        if born:
            facts.append(Fact("adult-from", t("adult_from"), adult_from(born)))
            facts += [Fact(f"age-{n}", t("age_at_offence"), ages(born, o, t))
                      for n, o in enumerate(person.offence_dates)]
    if item.field in ("birth_date", "id_number", "minor_at_offence", "stated_age") and person.id_number:
        facts.append(Fact("id-birth", t("id_birth_date"), in_id.isoformat() if in_id else t("id_birth_invalid")))
    if item.field == "id_number":
        facts.append(Fact("birth", t("file_birth_date"), born.isoformat() if born else t("not_in_file")))
    if item.field == "disposition" and person.disposition:
        d = person.disposition
        facts.append(Fact("kind", t("penalty_kind"), t("kind_" + d.kind)))
        facts.append(Fact("term", t("term"), t("term_months", months=d.months) if d.months is not None
                          else t("not_in_file")))
        if d.suspended or d.probation_months is not None:
            facts.append(Fact("probation", t("probation_months"),
                              t("term_months", months=d.probation_months) if d.probation_months is not None
                              else t("not_in_file")))
        if d.kind == "conditional_non_prosecution":
            facts.append(Fact("test-period", t("test_period_months"),
                              t("term_months", months=d.test_period_months) if d.test_period_months is not None
                              else t("not_in_file")))
    return facts


def show(field_name: str, value: Any, t: Translate) -> str:
    """A field's JSON value as a reviewer reads it, in the page's language."""
    if value in (None, "", [], {}):
        return "—"
    if field_name == "offence_dates" and isinstance(value, list):
        return "；".join(f"{o['start']} – {o['end']}" + (f"（{o['text']}）" if o.get("text") else "")
                        for o in value)
    if field_name == "disposition" and isinstance(value, dict):
        return disposition_text(value, t)
    if field_name == "second_approval" and isinstance(value, dict):   # the decision a second reviewer checks
        rules = t("list_separator").join(value.get("rules") or []) or "—"
        return f"{t('outcome_' + str(value.get('outcome')))}（{rules}）"
    if field_name == "main_conduct" and value in ("before_18", "after_18"):
        return t("main_" + value)
    if isinstance(value, bool):
        return t("yes") if value else t("no")
    return str(value)
