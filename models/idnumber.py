"""Resident identity numbers (公民身份号码), GB 11643-1999.

Pure functions shared by the generator, the extractor and the rules: the
check digit and the embedded birth date are the two facts a reviewer can
verify without the file, so every part of fengcun must compute them the same way.
"""
from __future__ import annotations

import datetime as dt
import re

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
ID18 = re.compile(r"^\d{17}[\dX]$")
ID15 = re.compile(r"^\d{15}$")


def check_digit(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character for the first 17 digits ('X' stands for 10)."""
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError("check_digit needs exactly 17 digits")
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS))
    return _CHECK_CHARS[total % 11]


def normalise(raw: str) -> str:
    """Upper-case the check character and drop spaces a scan or a line break put inside."""
    return re.sub(r"\s+", "", raw).upper()


def is_valid(number: str) -> bool:
    """True for an 18-character number whose check digit and birth date are both valid."""
    number = normalise(number)
    if not ID18.match(number):
        return False
    return check_digit(number[:17]) == number[17] and birth_date(number) is not None


def birth_date(number: str) -> dt.date | None:
    """The birth date embedded in an 18- or 15-digit number, or None if it is no real date."""
    number = normalise(number)
    try:
        if ID18.match(number):
            return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        if ID15.match(number):  # pre-1999 numbers carry a two-digit year of the 1900s
            return dt.date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
    except ValueError:
        return None
    return None


def make(region: str, born: dt.date, sequence: int) -> str:
    """Compose a valid 18-digit number; used by the synthetic archive generator."""
    if len(region) != 6 or not region.isdigit() or not 0 <= sequence <= 999:
        raise ValueError("region must be 6 digits and sequence 0..999")
    first17 = f"{region}{born:%Y%m%d}{sequence:03d}"
    return first17 + check_digit(first17)
