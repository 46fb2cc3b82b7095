"""Writing numbers, dates and terms the way Chinese court documents do.

Judgments mix Arabic dates (2021年8月3日) in the body with Chinese-numeral
dates (二〇二二年五月三十日) in the signature block, and write terms almost
always in Chinese numerals (一年六个月, 十个月): the generator must produce all
of them so that extraction cannot succeed by reading one form.
"""
from __future__ import annotations

import datetime as dt

_DIGITS = "零一二三四五六七八九"
_DATE_DIGITS = "〇一二三四五六七八九"


def cn_number(n: int) -> str:
    """0..99999 in Chinese numerals as written in counts and money (十二, 二十, 一百零五, 三千)."""
    if not 0 <= n < 100000:
        raise ValueError("cn_number handles 0..99999")
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    units = [(10000, "万"), (1000, "千"), (100, "百"), (10, "十")]
    out: list[str] = []
    rest = n
    zero_pending = False
    for value, name in units:
        digit, rest = divmod(rest, value)
        if digit:
            if zero_pending:
                out.append("零")
                zero_pending = False
            out.append(_DIGITS[digit] + name)
        elif out:
            zero_pending = True
    if rest:
        if zero_pending:
            out.append("零")
        out.append(_DIGITS[rest])
    return "".join(out)


def cn_date(day: dt.date) -> str:
    """二〇二二年五月三十日: the form of signature blocks."""
    year = "".join(_DATE_DIGITS[int(c)] for c in str(day.year))
    return f"{year}年{cn_number(day.month)}月{cn_number(day.day)}日"


def arabic_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def cn_term(months: int) -> str:
    """A term of months as a sentence writes it: 一年六个月, 三年, 十个月."""
    years, rest = divmod(months, 12)
    parts = []
    if years:
        parts.append(f"{cn_number(years)}年")
    if rest:
        parts.append(f"{cn_number(rest)}个月")
    return "".join(parts) or "零个月"


def money(amount: int, chinese: bool) -> str:
    """人民币三千元 or 人民币3000元."""
    return f"人民币{cn_number(amount) if chinese else amount}元"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the month's end (a term ends on its anniversary)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")

