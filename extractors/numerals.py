"""Chinese numerals, sentence terms and dates as court documents write them.

Judgments write sentences in Chinese numerals (有期徒刑一年六个月), signature dates
in digit-by-digit Chinese numerals (二〇二二年五月三十日) and facts in Arabic
digits (2021年8月3日), often month-only or as ranges. OCR confuses a few
characters: the patterns here accept what the confusion table (extractors/reading/
confusions.tsv, learned by aligning OCR output with its truth) has seen engines write
for 〇, 日 and 千 (C and ( for 〇 in Noto Serif scans), beside 〇's round glyph under
other code points (○ as typed, O/o/0 as read) and the readings of older engines the
table has no counts for yet (曰/肯/目 for 日, 干 for 千). Every parse reports whether it
had to, so the caller can LOWER the confidence instead of trusting a repaired value.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from lunardate import LunarDate

from extractors.reading import confusions
from extractors.reading.normalise import halfwidth

#: how often the confusion table must have seen an engine write a glyph for 〇, 日 or 千
#: before a date is read through it (once may be a smudge)
LEARNED_FROM = 3
_NUMERALS = "〇零一二两三四五六七八九十百千万"


def written_for(meant: str) -> str:
    """The glyphs the confusion table has seen OCR write for `meant` at least LEARNED_FROM
    times, less any that is a numeral or a digit itself (一 read for 十 means 一 as often)."""
    seen = confusions.table().readings_of(meant, at_least=LEARNED_FROM)
    return "".join(sorted(c for c in seen if c not in _NUMERALS and not c.isdigit() and not c.isspace()
                          and c not in "]\\^-"))   # the last four: nothing a character class may hold bare


def _forms(*groups: str) -> str:
    return "".join(dict.fromkeys("".join(groups)))


# 〇's round glyph read as a letter or a digit, and the Chinese digits other than zero
_ROUND_READ = "Oo0"
_CN_DIGITS = "零一二三四五六七八九"
#: 〇 as OCR writes it: its round glyph read as a letter or a digit (O, o, 0), then what the
#: confusion table has seen engines write for it
MISREAD_ZEROS = _forms(_ROUND_READ, written_for("〇"))
#: 〇 as written (also ○, typed for it) and as read
ZERO_FORMS = _forms("〇○", MISREAD_ZEROS)
#: 日 as written and as OCR writes it (曰, 肯, 目: older engines', not in the table's counts yet)
DAY_FORMS = _forms("日曰肯目", written_for("日"))
#: 千 as written and as OCR writes it (干: an older engine's)
THOUSAND_FORMS = _forms("千干", written_for("千"))

_DIGITS = {**{z: 0 for z in ZERO_FORMS}, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
           "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, **{t: 1000 for t in THOUSAND_FORMS}, "万": 10000}
# characters an OCR engine produces for the intended ones (read → meant); 0 is no repair
OCR_CONFUSIONS = {**{z: "〇" for z in ZERO_FORMS if z not in "〇0"}, **{d: "日" for d in DAY_FORMS[1:]},
                  **{t: "千" for t in THOUSAND_FORMS[1:]}}

CN_NUM = _forms("〇零一二两三四五六七八九十百", THOUSAND_FORMS, "万")
DAY_CHARS = _forms(DAY_FORMS, "号")   # 号 is how people write a day in speech ("27号")
#: a year digit as written, or its zero as a letter: what stands before a year only as part of it
WRITTEN_YEAR_DIGITS = _forms("〇○", _CN_DIGITS, _ROUND_READ)
#: The characters a digit of a Chinese-numeral year comes out of OCR as (〇 in any of its forms).
YEAR_DIGIT_CHARS = _forms(ZERO_FORMS, _CN_DIGITS)


def year_digit(text: str) -> int | None:
    """The value of one digit of a year as OCR writes it (〇 also as ○, O, o, 0; Arabic digits
    too), None for anything else — 两 included, which counts things but never writes a year."""
    text = halfwidth(text.strip())
    if len(text) != 1 or text == "两":
        return None
    if text.isascii() and text.isdigit():
        return int(text)
    return _DIGITS.get(text)


def cn_int(text: str) -> int | None:
    """Value of a Chinese (or Arabic) numeral: 三十 → 30, 一百二十 → 120, 十一 → 11,
    二〇二二 → 2022 (digit by digit when no unit appears). None when it is not a number."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if all(c in _DIGITS for c in text):
        return int("".join(str(_DIGITS[c]) for c in text))
    total, section, digit = 0, 0, None
    for c in text:
        if c in _DIGITS:
            digit = _DIGITS[c]
        elif c in _UNITS:
            unit = _UNITS[c]
            if unit == 10000:
                total += (section + (digit or 0)) * unit
                section, digit = 0, None
            else:
                section += (1 if digit is None else digit) * unit
                digit = None
        else:
            return None
    return total + section + (digit or 0)


_NUM = rf"(?:\d+|[{CN_NUM}]+)"
TERM = re.compile(rf"(?:(?P<years>{_NUM})年)?(?:(?:零|又)?(?P<months>{_NUM})个?月)?(?:(?:零|又)?(?P<days>{_NUM})[天日])?")


def term_months(text: str) -> int | None:
    """Months in a written term: 一年六个月 → 18, 十个月 → 10, 三年 → 36, 一年零二个月 → 14.

    Days beyond whole months (拘役一个月零十五天) count as one more month: the law's bounds are
    in years and months (a term one day over five years is over five years), so the part
    month is never rounded away."""
    m = TERM.fullmatch(re.sub(r"\s+", "", text))   # a term may run across a line break
    if not m or not (m.group("years") or m.group("months")):
        return None
    years = _count(m.group("years")) if m.group("years") else 0
    months = _count(m.group("months")) if m.group("months") else 0
    days = _count(m.group("days")) if m.group("days") else 0
    if years is None or months is None or days is None:
        return None
    return years * 12 + months + (days > 0)


def _count(text: str) -> int | None:
    """A count of years or months. Chinese counts of ten or more carry 十 (十年, 二十年, 十一个月):
    a digit-by-digit run (一六个月) is OCR's 一年六个月 with 年 dropped, not sixteen months."""
    if len(text) > 1 and not text.isdigit() and not any(u in text for u in _UNITS):
        return None
    return cn_int(text)


# The second digit of a Chinese-numeral year that starts with 二: no year of 2100–2999 occurs
# in these files, so whatever OCR made of that character (〇 at low confidence, O, o, 0, C) it
# can only be zero.
_SETTLED_ZERO = re.compile(rf"(?<![{WRITTEN_YEAR_DIGITS}])二([零{ZERO_FORMS}])(?=[{YEAR_DIGIT_CHARS}]{{2}}\s*年)")


def settled_positions(text: str) -> set[int]:
    """Offsets in `text` whose character the date grammar fixes whatever OCR read there.

    PP-OCR reads the 〇 of 二〇一四年 right but at confidence 0.5–0.8 (it cannot tell 〇
    from O or 0, which all mean zero); taking that glyph's doubt for the date's would send
    every Chinese-numeral date to review. Only the 二?xx slot is settled: in 一九八〇 or
    二〇〇五 a doubtful character could be another digit, and stays doubtful."""
    return {m.start(1) for m in _SETTLED_ZERO.finditer(halfwidth(text))}


# A whole four-digit Chinese-numeral year (at least one Chinese numeral in it, not the tail of
# an Arabic one), before 年.
_CN_YEAR_RUN = re.compile(rf"(?<![{WRITTEN_YEAR_DIGITS}\d])(?=[○{MISREAD_ZEROS}]*[〇零一二三四五六七八九])"
                          rf"[{YEAR_DIGIT_CHARS}]{{4}}(?=\s*年)")


def _round_zeros(text: str) -> set[int]:
    """Offsets of a form of 〇 inside a whole Chinese-numeral year: its round glyph under another
    code point (PP-OCR writes ○ for 〇 at confidence 0.97 after the glyph-by-glyph reread) or a
    glyph the confusion table has seen engines write for it (二C一六年), which in a year can
    mean nothing but zero. Its OCR confidence still counts."""
    return {m.start() + i for m in _CN_YEAR_RUN.finditer(text)
            for i, c in enumerate(m.group()) if c not in "〇0" and c in ZERO_FORMS}


def repaired(text: str, end: int | None = None) -> bool:
    """True when text[:end] holds a character OCR commonly reads in place of another — except
    where it has only one possible meaning, which the whole text shows: a settled zero, or a
    round zero inside a whole Chinese-numeral year."""
    meant = settled_positions(text) | _round_zeros(halfwidth(text))
    return any(c in OCR_CONFUSIONS for i, c in enumerate(text[:end]) if i not in meant)


# ---------------------------------------------------------------- dates

# A Chinese-numeral year, or one whose 〇 OCR dropped after the 二 (二一九年): see cn_year.
_CN_YEAR = rf"[{YEAR_DIGIT_CHARS}]{{4}}|二[一二三四五六七八九][{YEAR_DIGIT_CHARS}]"
_Y = rf"(?P<y>\d{{4}}|{_CN_YEAR})\s*年"
# A Chinese-numeral year of three digits: OCR lost one (二〇一 for 二〇一〇, 二〇〇一…); see lost_digit_years.
_CN_YEAR_LOST = rf"(?<![{WRITTEN_YEAR_DIGITS}])[{YEAR_DIGIT_CHARS}]{{3}}"
# Every year an offence date writes, a three-digit one included (its evidence: see the extractor).
YEAR = re.compile(rf"(?P<y>\d{{4}}|{_CN_YEAR}|{_CN_YEAR_LOST})\s*年")
_M = r"(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
_D = rf"(?P<d>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*[{DAY_CHARS}]"
DATE = re.compile(rf"{_Y}\s*{_M}\s*(?:{_D})?")
FULL_DATE = re.compile(rf"{_Y}\s*{_M}\s*{_D}")


def _num(text: str | None) -> int | None:
    return cn_int(text) if text else None


def cn_year(text: str) -> int | None:
    """A year as dates write it (2019, 二〇一九). PP-OCR drops the 〇 of 二〇一九 often enough
    to matter; 二一九 has one reading with one character restored — 2019 — because 21xx,
    2x1x… are no years here (the 二?xx slot can only hold zero, as in settled_positions).
    A 〇 lost elsewhere (二〇九: 2009 or 2019?) leaves three characters this does not
    accept, so such a date stays unread."""
    text = halfwidth(text).strip()
    if len(text) == 3 and text[0] == "二" and text[1] in "一二三四五六七八九":
        rest = cn_int(text[1:])
        return None if rest is None else 2000 + rest
    return cn_int(text)


def lost_digit_years(text: str, latest: int) -> tuple[int, int] | None:
    """The first and last year a Chinese-numeral year with one digit lost could be.

    PP-OCR drops a faint 〇 (二〇一〇 read 二〇一), but a blot can take any digit and the
    faint glyphs left may be misread too, so only the leading digit is relied on: 二…
    is a year of the 2000s (no year of 2100 or later occurs in these files), 一… of the
    1900s. The caller bounds `latest` by what the file proves (a case registered in 2010
    was not about 2011); None when no year is left, and for an Arabic year cut to two
    digits (18 for 2018), whose century nothing read shows."""
    first = {"二": 2000, "一": 1900}.get(text[:1])
    if first is None or latest < first:
        return None
    return first, min(latest, first + 99)


def make_date(year: int | None, month: int | None, day: int | None) -> dt.date | None:
    try:
        return dt.date(year, month, day) if year and month and day else None
    except ValueError:
        return None


def parse_date(text: str) -> dt.date | None:
    """A full date in Arabic or Chinese numerals, tolerant of OCR's 曰/肯 for 日; None otherwise."""
    m = FULL_DATE.search(halfwidth(text))
    if not m:
        return None
    return make_date(cn_year(m.group("y")), _num(m.group("m")), _num(m.group("d")))


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


Precision = Literal["day", "month", "range", "vague", "year"]


@dataclass(frozen=True)
class Span:
    """A written date placed as a closed range; `precision` says how it was written."""

    start: dt.date
    end: dt.date
    precision: Precision
    doubtful: bool       # an OCR confusion had to be read through, or the day may have been cut off
    lost_year: bool = False   # the year lost a digit: start and end span every year it could be


# Parts of a year written instead of a date, as (first month, day), (last month, day).
# They are placed as the widest honest range and always reported as vague: the
# rules must not decide on them unseen. Winter runs into the next year.
VAGUE_PARTS: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {
    "春": ((3, 1), (5, 31)), "夏": ((6, 1), (8, 31)), "秋": ((9, 1), (11, 30)), "冬": ((12, 1), (14, 28)),
    "上半年": ((1, 1), (6, 30)), "下半年": ((7, 1), (12, 31)), "年初": ((1, 1), (3, 31)),
    "年底": ((10, 1), (12, 31)), "年末": ((10, 1), (12, 31)), "年中": ((5, 1), (8, 31)),
    "暑假": ((7, 1), (8, 31)), "寒假": ((1, 10), (2, 28)), "国庆": ((10, 1), (10, 7)),
}
# Parts of a month (月初, 中旬…): conventional ten-day spans, placed but not vague.
MONTH_PARTS: dict[str, tuple[int, int]] = {"初": (1, 10), "上旬": (1, 10), "中旬": (11, 20), "中": (11, 20),
                                           "下旬": (21, 31), "底": (21, 31), "末": (21, 31)}

_MON = r"(?P<{}>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*月"
_DAY = rf"(?P<{{}}>\d{{{{1,2}}}}|[一二三四五六七八九十]{{{{1,3}}}})\s*[{DAY_CHARS}]"
# A day whose 日 OCR lost, before the part of the day facts write next (3月7晚, 十二月二下午):
# the numeral can only be the day, but a lost glyph may have taken one of its digits too, so
# it is read as doubtful.
_DAY_LOST = r"(?P<d1lost>\d{1,2}|[一二三四五六七八九十]{1,3})(?=\s*(?:晚|凌晨|上午|下午|中午|傍晚|深夜|早上|夜里))"
# 或 joins two dates the findings could not tell apart (2018年2月7日或8日的一天): the act lies within both
_RANGE_LINK = r"(?:至|到|—|-|～|~|或(?!者))"
# A month and day with no year (…；3月5日零时许，被告人…), written after a dated offence in
# the same findings: the year is that date's. Not after a numeral within two glyphs, where
# it is the rest of a date whose 年 OCR garbled (2020牛3月2日), nor straight after a day, where
# it ends a range whose 至 was lost (5月26日8月25日): neither is a date of its own.
_BARE = rf"(?P<bare>(?<![\d{CN_NUM}○Oo年{DAY_CHARS}])(?<![\d{CN_NUM}○Oo年].))(?=(?:\d{{1,2}}|[{CN_NUM}]{{1,3}})\s*月\s*(?:\d{{1,2}}|[{CN_NUM}]{{1,3}})\s*[{DAY_CHARS}])"
# An Arabic year cut to its last two digits before a month (18年12月19日, 20 lost): which century
# is no reading's to say, so it is seen and left unplaced, never a date of its own.
_AR_YEAR_CUT = rf"(?<!\d)\d{{2}}(?=\s*年\s*(?:\d{{1,2}}|[{CN_NUM}]{{1,3}})\s*月)"
# A year, or a run of years, written without a month (2008年以来, 2016年开始, 2015年至2017年间, 2016年至2017年5月,
# 2016年的一天): the whole of those years (to the end of the last month where one is written), and
# vague, so the rules never decide on it unseen. A year alone only before the words that make it
# a time of acts — before a comma it is as often the scene set for a dated act as an act's own time.
_YEARS_ONLY = (rf"(?P<yonly>\s*{_RANGE_LINK}\s*(?P<yto>\d{{4}}|{_CN_YEAR})\s*年"
               rf"(?:\s*(?P<ymto>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*月"
               rf"(?:\s*(?P<ydto>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*[{DAY_CHARS}])?"
               rf"(?!\s*(?:\d|[{CN_NUM}]|[{DAY_CHARS}]|[上中下]旬|初|底|末)))?"
               rf"(?!\s*(?:\d|[{CN_NUM}]))"
               r"|(?=\s*(?:以来|开始|至今|至案发|期间|间|左右|的一天|某日|某天|某月|起[，,至])))")
# The forms offence dates take in facts, longest first. "同年" and a month-day alone refer
# back to a year the caller supplies.
# Months written as one range with a single 月 (2018年3-5月份, 2014年6、7月份, 2016年七八月份):
# from the first's first day to the last's last.
_MONTHS = (r"(?P<mfrom>\d{1,2}|[一二三四五六七八九十]{1,3})\s*(?:" + _RANGE_LINK
           + r"|、)\s*(?P<mto>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
           # two months running, written as one numeral each with nothing between (七八月份)
           + r"|(?P<mpair>一二|二三|三四|四五|五六|六七|七八|八九|九十)\s*月")
SPAN = re.compile(
    rf"(?:{_Y}|(?P<same>同年)|(?P<lost>{_CN_YEAR_LOST}|{_AR_YEAR_CUT})\s*年|{_BARE})\s*"
    rf"(?:{_MONTHS}|{_MON.format('m1')}\s*(?:{_DAY.format('d1')}|{_DAY_LOST}|(?P<mpart>上旬|中旬|下旬|初|底|末|中(?!午))"
    # the turn of two months written as one (1月底2月初): from the first part to the second
    rf"(?:\s*(?P<mnext>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*月\s*(?P<mpart2>上旬|初))?)?"
    # one night from the day to the next (10日晚至次日凌晨, 10日22时至次日2时许): to the day after
    rf"(?:(?<=[{DAY_CHARS}])(?:\s*(?:晚上?|凌晨|深夜|夜间|夜里|\d{{1,2}}\s*[时点](?:\s*\d{{1,2}}\s*分)?许?))?"
    rf"\s*至\s*(?P<nextday>次日|翌日|第二天)"
    # a range, its first month written with 份 or not (2016年9月份至11月份)
    rf"|(?:(?<=月)\s*份)?\s*{_RANGE_LINK}\s*(?:(?P<y2>\d{{4}}|{_CN_YEAR})\s*年)?\s*(?:{_MON.format('m2')})?"
    rf"\s*(?:{_DAY.format('d2')}|(?<=月)(?P<mpart_end>上旬|中旬|下旬|初|底|末))?)?"
    rf"|(?P<festival>春节(?P<fside>前后|前|期间|后)?)"
    rf"|(?P<part>上半年|下半年|年初|年底|年末|年中|暑假|寒假|国庆|[春夏秋冬](?:天|季)?)"
    rf"|{_YEARS_ONLY})"
    # a day of the month the date before placed (2016年6月，…共谋。同月19日10时许…): placed only
    # against that date (parse_span's `after`)
    rf"|(?P<samemonth>同月|当月)\s*{_DAY.format('dsame')}"
)

# What stands right before the end of a range whose start no parse could take (201211月至2013年3月:
# 年 lost): that end alone is not the offence's time.
ENDS_A_RANGE = re.compile(rf"{_RANGE_LINK}\s*$")
# What follows the start of a range (2003年3月至2004年5月间): the date alone is no day of an event.
OPENS_A_RANGE = re.compile(rf"\s*{_RANGE_LINK}")
# What stands between the two dates of a range when the link was not read with either of them.
BETWEEN_RANGE_ENDS = re.compile(rf"\s*{_RANGE_LINK}?\s*")


def first_span(text: str) -> Span | None:
    """The first date `text` writes, placed as `parse_span` places it with no context (a date
    without its year, 同年6月1日, is not placed)."""
    m = SPAN.search(halfwidth(text))
    return parse_span(m) if m else None


def parse_span(match: re.Match[str], context_year: int | None = None, latest_year: int | None = None, *,
               after: dt.date | None = None) -> Span | None:
    """Place one SPAN match as a closed date range; None when it is no real date.

    A year that lost a digit is placed from the earliest date it could be to the latest,
    up to `latest_year` (None: such a date is not placed at all). A day of the same month
    (同月19日) is placed in the month of `after`, the date written before it (None: not placed)."""
    g = match.groupdict()
    if g["samemonth"]:
        day = make_date(after.year, after.month, _num(g["dsame"])) if after is not None else None
        return None if day is None else Span(day, day, "day", repaired(match.group(0)))
    if g["lost"]:
        years = lost_digit_years(g["lost"], latest_year) if latest_year is not None and not g["part"] else None
        first = _place(match, g, years[0]) if years else None
        last = _place(match, g, years[1]) if years else None
        if first is None or last is None or last.end < first.start:
            return None
        return Span(first.start, last.end, first.precision, first.doubtful or last.doubtful, lost_year=True)
    year = cn_year(g["y"]) if g["y"] else context_year
    if year is None:
        return None
    return _place(match, g, year)


def spring_festival(year: int) -> dt.date:
    """The first day of the lunar year (春节) in the Gregorian `year`."""
    return LunarDate(year, 1, 1).to_solar_date()


def _place(match: re.Match[str], g: dict[str, str | None], year: int) -> Span | None:
    text = match.group(0)
    fixed = repaired(text)
    if g["festival"]:
        # 春节 is no spring (春): the lunar new year, late January to mid February. 春节前 runs from
        # the year's first day to the eve, 春节后 from the day after to the year's end, 春节 and
        # 春节期间 the seven days of the holiday from the eve, 春节前后 a fortnight either side —
        # always vague
        day = spring_festival(year)
        first, last = {"前": (dt.date(year, 1, 1), day - dt.timedelta(days=1)),
                       "后": (day + dt.timedelta(days=1), dt.date(year, 12, 31)),
                       "前后": (day - dt.timedelta(days=14), day + dt.timedelta(days=14))}.get(
            g["fside"] or "", (day - dt.timedelta(days=1), day + dt.timedelta(days=5)))
        return Span(first, last, "vague", fixed)
    if g["part"]:
        (m1, d1), (m2, d2) = VAGUE_PARTS[g["part"].rstrip("天季")]
        end_year, m2 = (year + 1, m2 - 12) if m2 > 12 else (year, m2)
        return Span(dt.date(year, m1, d1), min(dt.date(end_year, m2, d2), month_end(end_year, m2)), "vague", fixed)
    if g["yonly"] is not None:
        last_year = cn_year(g["yto"]) if g["yto"] else year
        last_month = _num(g["ymto"]) if g["ymto"] else 12
        if last_year is None or last_year < year or last_month is None or not 1 <= last_month <= 12:
            return None
        end = make_date(last_year, last_month, _num(g["ydto"])) if g["ydto"] else month_end(last_year, last_month)
        return None if end is None else Span(dt.date(year, 1, 1), end, "vague", fixed)
    if g["mfrom"] or g["mpair"]:
        first, last = (_num(g["mfrom"]), _num(g["mto"])) if g["mfrom"] else (_num(g["mpair"][0]), _num(g["mpair"][1]))
        if first is None or last is None or not 1 <= first < last <= 12:
            return None
        return Span(dt.date(year, first, 1), month_end(year, last), "range", fixed)
    m1, d1 = _num(g["m1"]), _num(g["d1"] or g["d1lost"])
    fixed = fixed or bool(g["d1lost"])
    if m1 is None or not 1 <= m1 <= 12:
        return None
    if g["mpart"]:
        first, last = MONTH_PARTS[g["mpart"]]
        last = min(last, calendar.monthrange(year, m1)[1])
        if g["mnext"]:
            m_next = _num(g["mnext"])
            if m_next is None or m_next != m1 % 12 + 1:
                return None
            next_year = year + (m_next == 1)
            return Span(dt.date(year, m1, first), dt.date(next_year, m_next, MONTH_PARTS[g["mpart2"]][1]), "month", fixed)
        if not (g["y2"] or g["m2"] or g["d2"]):
            return Span(dt.date(year, m1, first), dt.date(year, m1, last), "month", fixed)
        # 2016年10月底至2017年2月: a range from that part of the month, never the part alone
        start: dt.date | None = dt.date(year, m1, first)
    else:
        start = make_date(year, m1, d1) if d1 is not None else dt.date(year, m1, 1)
    if start is None:
        return None
    if g["y2"] and not (g["m2"] or g["d2"]):
        # 2023年11月至2024年: the end's month lost or never written — any time in that year, vague
        # as a year written alone is
        year2 = cn_year(g["y2"])
        if year2 is None or year2 < year:
            return None
        return Span(start, dt.date(year2, 12, 31), "vague", fixed)
    if g["m2"] or g["d2"]:
        year2 = cn_year(g["y2"]) if g["y2"] else year
        m2 = _num(g["m2"]) if g["m2"] else m1
        d2 = _num(g["d2"])
        if m2 is None or not 1 <= m2 <= 12:
            return None
        if g["mpart_end"]:      # …至2017年2月中旬: to the last day of that part of the month
            d2 = min(MONTH_PARTS[g["mpart_end"]][1], calendar.monthrange(year2, m2)[1])
        end = make_date(year2, m2, d2) if d2 is not None else month_end(year2, m2)
        if end is None or end < start:
            return None
        return Span(start, end, "range", fixed or (d2 is None and _day_cut_off(match)))
    if g["nextday"]:
        return Span(start, start + dt.timedelta(days=1), "range", fixed)
    if d1 is not None:
        return None if _range_link_lost(match) else Span(start, start, "day", fixed)
    return Span(start, month_end(year, m1), "month", fixed or _day_cut_off(match))


_MONTH_NEXT = re.compile(rf"\s*(?:\d{{1,2}}|[{CN_NUM}]{{1,3}})?\s*月")


def _range_link_lost(match: re.Match[str]) -> bool:
    """A day followed straight by a month (2018年5月26日月25日, 5月26日8月25日: 至8 or 至 lost)
    is the start of a range whose end OCR garbled: no single day, and no date to place."""
    return bool(_MONTH_NEXT.match(match.string, match.end()))


def _day_cut_off(match: re.Match[str]) -> bool:
    """A month followed by a numeral (十二月三 / 吉人… where OCR lost 十日凌晨，被告) or by 日
    alone (十二月日: the day's numerals lost) is a day that went unread, not a month-only
    date: placing it as the whole month would be confident and wrong."""
    rest = match.string[match.end():match.end() + 4].lstrip()
    return bool(rest) and (rest[0].isdigit() or rest[0] in CN_NUM or rest[0] in DAY_CHARS)


# A further day of the same month written with its numeral alone after a day (2018年4月15日、16日晚)
LISTED_DAY = re.compile(rf"\s*(?:和|及|、|与|以及)\s*(?P<d>\d{{1,2}}|[{CN_NUM}]{{1,3}})\s*[{DAY_CHARS}]")


def listed_days(text: str, pos: int, after: Span) -> list[tuple[int, int, Span]]:
    """The days listed at text[pos:] after the day `after` with their numerals alone (…15日、16日晚):
    (start, end, span) of each, in the same month and each later than the one before; the list
    ends at the first that is not."""
    found: list[tuple[int, int, Span]] = []
    last = after.start
    while (m := LISTED_DAY.match(text, pos)) is not None:
        day = make_date(last.year, last.month, _num(m.group("d")))
        if day is None or day <= last:
            break
        found.append((m.start("d"), m.end(), Span(day, day, "day", after.doubtful)))
        last, pos = day, m.end()
    return found
