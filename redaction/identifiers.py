"""Everything that identifies one person, as it is written in Chinese documents.

The list is exactly what the record says about the person (Law on the
Protection of Minors art. 103): names, ID number, birth date, addresses,
schools, guardians, phones. Nothing is guessed: a pseudonym such as 张某 is
only included when the record lists it as an alias, because 张某 may just as
well be an adult (toolchain notes: over-redaction is a failure too).
"""
from __future__ import annotations

import datetime as dt
from typing import Literal

from models.record import Person

IdentifierKind = Literal["name", "id_number", "birth_date", "address", "school", "guardian", "phone"]

GUARDIAN_LABEL = "其法定代理人"
CITED_RECORD_LABEL = "［已封存的犯罪记录］"   # a sealed juvenile record the file states (Measures art. 6)
REMOVED_LABEL = "［已删除］"
MINOR_LABELS = "甲乙丙丁戊己庚辛壬癸"

_DIGITS = "〇一二三四五六七八九"


def minor_label(index: int) -> str:
    """未成年同案人甲 for the first removed minor, 乙 for the second, …"""
    suffix = MINOR_LABELS[index] if index < len(MINOR_LABELS) else str(index + 1)
    return f"未成年同案人{suffix}"


def chinese_year(year: int) -> str:
    return "".join(_DIGITS[int(d)] for d in str(year))


def chinese_number(n: int) -> str:
    """1–31 as written in dates: 十, 十五, 二十, 三十一."""
    tens, units = divmod(n, 10)
    if tens == 0:
        return _DIGITS[units]
    head = "" if tens == 1 else _DIGITS[tens]
    return head + "十" + (_DIGITS[units] if units else "")


def date_forms(day: dt.date) -> list[str]:
    """The ways a birth date is written in judgments, indictments and forms."""
    y, m, d = day.year, day.month, day.day
    return [
        f"{y}年{m}月{d}日", f"{y}年{m:02d}月{d:02d}日",
        f"{chinese_year(y)}年{chinese_number(m)}月{chinese_number(d)}日",
        f"{y}-{m:02d}-{d:02d}", f"{y}-{m}-{d}",
        f"{y}.{m}.{d}", f"{y}.{m:02d}.{d:02d}",
        f"{y}/{m}/{d}", f"{y}/{m:02d}/{d:02d}",
        f"{y}{m:02d}{d:02d}",
    ]


def labelled_identifiers(person: Person, role_label: str) -> list[tuple[str, IdentifierKind, str]]:
    """(identifier, kind, replacement label) for every identifier of `person`;
    names take `role_label` so the copy stays readable (未成年同案人甲 盗窃…)."""
    out: list[tuple[str, IdentifierKind, str]] = []
    for name in [person.name, *person.aliases]:
        out.append((name, "name", role_label))
    if person.id_number:
        out.append((person.id_number, "id_number", REMOVED_LABEL))
    ids = person.identifiers
    for born in [person.birth_date, *(dt.date.fromisoformat(x) for x in ids.birth_dates)]:
        if born:
            out.extend((form, "birth_date", REMOVED_LABEL) for form in date_forms(born))
    out.extend((a, "address", REMOVED_LABEL) for a in ids.addresses)
    out.extend((s, "school", REMOVED_LABEL) for s in ids.schools)
    out.extend((g, "guardian", GUARDIAN_LABEL) for g in ids.guardians)
    out.extend((p, "phone", REMOVED_LABEL) for p in ids.phones)
    seen: set[str] = set()
    unique = []
    for value, kind, label in out:
        value = value.strip()
        if value and value not in seen:
            seen.add(value)
            unique.append((value, kind, label))
    return unique


def identifier_strings(person: Person) -> list[str]:
    """Every string that identifies `person`, each once."""
    return [value for value, _, _ in labelled_identifiers(person, REMOVED_LABEL)]
