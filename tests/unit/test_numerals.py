"""Chinese numerals, sentence terms and written dates (extractors.numerals)."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.numerals import (SPAN, Span, cn_int, cn_year, halfwidth, lost_digit_years, parse_date, parse_span,
                                 repaired, settled_positions, term_months)

D = dt.date


@pytest.mark.parametrize(("text", "value"), [
    ("三", 3), ("十", 10), ("十一", 11), ("三十", 30), ("一百二十", 120), ("一千五百", 1500),
    ("一万二千", 12000), ("二〇二二", 2022), ("二零一五", 2015), ("二O二二", 2022), ("两", 2), ("45", 45),
])
def test_cn_int(text: str, value: int) -> None:
    assert cn_int(text) == value


def test_cn_int_rejects_words() -> None:
    assert cn_int("三个") is None and cn_int("") is None


@pytest.mark.parametrize(("text", "months"), [
    ("一年六个月", 18), ("十个月", 10), ("三年", 36), ("一年零二个月", 14), ("二年十个月", 34),
    ("五年", 60), ("六个月", 6), ("1年6个月", 18), ("十五年", 180), ("两年", 24),
    # days beyond whole months are one more month: five years and a day is over five years
    ("一个月零十五天", 2), ("四个月又十日", 5), ("五年零一天", 61),
])
def test_term_months(text: str, months: int) -> None:
    assert term_months(text) == months


@pytest.mark.parametrize("text", ["", "年", "个月", "三天"])
def test_term_months_rejects(text: str) -> None:
    assert term_months(text) is None


@pytest.mark.parametrize(("text", "day"), [
    ("二〇二二年五月三十日", D(2022, 5, 30)), ("二〇一四年十二月二十日", D(2014, 12, 20)),
    ("2021年8月3日", D(2021, 8, 3)), ("2021 年 8 月 3 日", D(2021, 8, 3)),
    ("２０２１年８月３日", D(2021, 8, 3)),
])
def test_parse_date(text: str, day: dt.date) -> None:
    assert parse_date(text) == day


def test_parse_date_reads_ocr_confusions_but_says_so() -> None:
    """OCR reads 日 as 曰 or 肯: the date is read, and flagged as repaired."""
    for text in ("2021年8月3曰", "2021年8月3肯", "二〇〇五年五月三十曰", "二○八年五月三十日"):
        assert parse_date(text) is not None or text.startswith("二○八")
        assert repaired(text)
    assert not repaired("2021年8月3日")


def test_a_round_zero_in_a_whole_chinese_year_is_no_repair() -> None:
    """O, o and ○ are 〇's glyph under other code points: inside a whole four-digit Chinese
    year they can mean nothing but zero (their OCR confidence still counts, in the evidence)."""
    for text in ("二〇O五年五月三十日", "一九八O年五月三十日", "二〇○五年十二月十八日", "二o一四年"):
        assert parse_date(text) is not None or text == "二o一四年"
        assert not repaired(text)
    assert repaired("二○八年")          # three digits: which digit the circle stands for is unknown
    assert repaired("2008年O月")       # not inside a year


def test_the_zero_of_a_two_thousands_year_is_settled_whatever_ocr_read() -> None:
    """二?xx年 can only be 20xx: O, o, 0 or a doubtful 〇 there change nothing, so they
    are no reason for doubt. Other zeros (一九八〇, 二〇〇五's third digit) keep their OCR doubt."""
    assert settled_positions("二O二二年五月三十日") == {1}
    assert not repaired("二O二二年五月三十日") and parse_date("二O二二年五月三十日") == D(2022, 5, 30)
    assert settled_positions("于二〇〇五年出生") == {2}
    assert parse_date("二○○五年十二月五日") == D(2005, 12, 5)   # ○ U+25CB
    assert settled_positions("一九八〇年") == set()
    assert settled_positions("二〇二二") == set()          # not a year without 年
    assert settled_positions("十二〇二二年") == {2}        # 十 is no year digit
    assert settled_positions("三二〇二二年") == set()      # five digits: not a year


def test_months_of_a_range_out_of_order_are_no_date() -> None:
    m = SPAN.search("2019年5-3月")
    assert m is not None and parse_span(m) is None


def test_parse_date_rejects_impossible_days() -> None:
    assert parse_date("2021年2月30日") is None
    assert parse_date("2021年8月") is None


def _span(text: str, year: int | None = None) -> tuple[dt.date, dt.date, str]:
    m = SPAN.search(text)
    assert m is not None, text
    s = parse_span(m, year)
    assert s is not None, text
    return s.start, s.end, s.precision


@pytest.mark.parametrize(("text", "expected"), [
    ("2021年8月3日晚", (D(2021, 8, 3), D(2021, 8, 3), "day")),
    ("2021年8月", (D(2021, 8, 1), D(2021, 8, 31), "month")),
    # months as one range with a single 月: from the first's first day to the last's last
    ("2018年3-5月份的晚上", (D(2018, 3, 1), D(2018, 5, 31), "range")),
    ("2014年6、7月份", (D(2014, 6, 1), D(2014, 7, 31), "range")),
    ("二〇一九年十一至十二月间", (D(2019, 11, 1), D(2019, 12, 31), "range")),
    ("2020年2月的一天", (D(2020, 2, 1), D(2020, 2, 29), "month")),
    ("2021年6月初", (D(2021, 6, 1), D(2021, 6, 10), "month")),
    ("2021年6月中旬", (D(2021, 6, 11), D(2021, 6, 20), "month")),
    ("2021年2月下旬", (D(2021, 2, 21), D(2021, 2, 28), "month")),
    ("2021年7月至9月间", (D(2021, 7, 1), D(2021, 9, 30), "range")),
    ("2021年11月至2022年1月", (D(2021, 11, 1), D(2022, 1, 31), "range")),
    ("2013年7月19日至8月10日间", (D(2013, 7, 19), D(2013, 8, 10), "range")),
    # two days or months the findings could not tell apart: the act lies within both
    ("2018年2月7日或8日的一天下午", (D(2018, 2, 7), D(2018, 2, 8), "range")),
    ("2017年4月或5月的一天", (D(2017, 4, 1), D(2017, 5, 31), "range")),
    # a range from or to a part of a month: never that part alone
    ("2016年10月底至2017年2月中旬期间", (D(2016, 10, 21), D(2017, 2, 20), "range")),
    ("2016年10月中旬至2017年2月", (D(2016, 10, 11), D(2017, 2, 28), "range")),
    ("2016年3月5日至5月初", (D(2016, 3, 5), D(2016, 5, 10), "range")),
    ("二〇二一年三月五日", (D(2021, 3, 5), D(2021, 3, 5), "day")),
    ("2021年夏天某日", (D(2021, 6, 1), D(2021, 8, 31), "vague")),
    ("2021年暑假期间的一天", (D(2021, 7, 1), D(2021, 8, 31), "vague")),
    ("2021年上半年某日", (D(2021, 1, 1), D(2021, 6, 30), "vague")),
    ("2021年国庆节期间", (D(2021, 10, 1), D(2021, 10, 7), "vague")),
    ("2021年冬天", (D(2021, 12, 1), D(2022, 2, 28), "vague")),
    # one night from the day to the next, whatever time of day is written between
    ("2018年4月10日晚至次日凌晨", (D(2018, 4, 10), D(2018, 4, 11), "range")),
    ("2018年12月31日22时许至次日2时", (D(2018, 12, 31), D(2019, 1, 1), "range")),
    # two months running written as one numeral each (七八月份), and months that only look so
    ("2016年七八月份的一天", (D(2016, 7, 1), D(2016, 8, 31), "range")),
    ("2016年十二月三日", (D(2016, 12, 3), D(2016, 12, 3), "day")),
    ("2016年一月二日", (D(2016, 1, 2), D(2016, 1, 2), "day")),
    # the first month of a range written with 份
    ("2016年9月份至11月份", (D(2016, 9, 1), D(2016, 11, 30), "range")),
    ("2013年10月份至2014年3月份间", (D(2013, 10, 1), D(2014, 3, 31), "range")),
])
def test_offence_spans(text: str, expected: tuple[dt.date, dt.date, str]) -> None:
    assert _span(text) == expected


def test_same_year_refers_back() -> None:
    assert _span("同年9月5日", 2020) == (D(2020, 9, 5), D(2020, 9, 5), "day")
    m = SPAN.search("同年9月5日")
    assert m is not None and parse_span(m, None) is None


def test_a_day_of_the_same_month_refers_back_to_the_date_before() -> None:
    """同月19日 is the 19th of the month of the date written before it; with none, it is not placed."""
    m = SPAN.search("同月19日10时许")
    assert m is not None and m.group(0) == "同月19日"
    span = parse_span(m, 2016, after=D(2016, 6, 1))
    assert span is not None and (span.start, span.end, span.precision) == (D(2016, 6, 19), D(2016, 6, 19), "day")
    assert parse_span(m, 2016) is None
    assert parse_span(SPAN.search("当月三十一日"), 2016, after=D(2016, 6, 3)) is None   # no 31 June


def test_a_month_and_day_alone_take_the_year_before_them() -> None:
    """…；3月5日零时许，被告人… (real case_014): the findings' year carries on, as after 同年."""
    assert _span("3月5日零时许", 2017) == (D(2017, 3, 5), D(2017, 3, 5), "day")
    assert _span("于八月十三日晚", 2021) == (D(2021, 8, 13), D(2021, 8, 13), "day")
    m = SPAN.search("3月5日零时许")
    assert m is not None and m.group("bare") is not None and parse_span(m, None) is None


@pytest.mark.parametrize("text", ["2020牛3月2日", "二〇二〇牛三月二日", "判处有期徒刑一年六个月", "三月", "2021年9月"])
def test_a_month_and_day_after_a_numeral_or_without_a_day_is_no_yearless_date(text: str) -> None:
    """What follows a garbled 年 is the rest of a dated date, never a date of its own."""
    assert all(m.group("bare") is None for m in SPAN.finditer(text))


@pytest.mark.parametrize("text", ["2018年5月26日月25日，", "2018年5月26日8月25日", "二〇一八年五月二十六日八月"])
def test_a_day_followed_straight_by_a_month_is_a_range_whose_link_was_lost(text: str) -> None:
    [m] = list(SPAN.finditer(text))
    assert parse_span(m) is None


def test_a_range_that_ends_before_it_starts_is_no_date() -> None:
    m = SPAN.search("2021年9月至7月")
    assert m is not None and parse_span(m) is None


def test_halfwidth_keeps_length() -> None:
    text = "（２０２１）浙０１０２刑初１２３号　被告人"
    assert len(halfwidth(text)) == len(text)
    assert "2021" in halfwidth(text)


@given(st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=11))
def test_terms_round_trip(years: int, months: int) -> None:
    """Whatever a court writes as N年M个月 in Chinese numerals reads back as 12N+M months."""
    digits = "零一二三四五六七八九"

    def cn(n: int) -> str:
        if n < 10:
            return digits[n]
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")

    if years == 0 and months == 0:
        return
    text = (f"{cn(years)}年" if years else "") + (f"{cn(months)}个月" if months else "")
    assert term_months(text) == 12 * years + months


def test_term_across_a_line_break_counts_the_whole_term() -> None:
    assert term_months("二年\n六个月") == 30
    assert term_months("一年 零二 个月") == 14


def test_a_month_followed_by_a_numeral_is_a_day_cut_off_not_a_month() -> None:
    """OCR lost 十日凌晨，被告 at a line end (scanned dossier s200 d0010): reading 二〇一五年十二月
    as the whole of December gave a confident wrong offence range."""
    cut = parse_span(SPAN.search("经本院审理查明：\n二〇一五年十二月三\n吉人薛某某与姜某某"))
    assert cut is not None and cut.precision == "month" and cut.doubtful
    assert parse_span(SPAN.search("2015年12月3\n被告人")).doubtful
    assert parse_span(SPAN.search("2014年7月至9月2")).doubtful
    assert parse_span(SPAN.search("二〇一五年十二月日凌晨")).doubtful    # the day's numerals lost
    for whole_month in ("二〇一五年十二月，被告人", "2015年12月间", "2014年7月至9月，", "2015年12月\n被告人"):
        span = parse_span(SPAN.search(whole_month))
        assert span is not None and not span.doubtful, whole_month


def test_a_day_whose_ri_ocr_lost_before_the_time_of_day_is_that_day_in_doubt() -> None:
    """r300 d0065 (seed 110300): the indictment reads 2018年3月7晚 (日 lost); placed as the
    whole of March it disagreed with the judgment's 2018年3月7日. It is the 7th — doubtful,
    since a lost glyph may have taken a digit of the day with it (十二月二下午 was 二十三日)."""
    for text, day in (("2018年3月7晚，被告人雷帅", dt.date(2018, 3, 7)),
                      ("二〇一四年十二月二下午，被告人", dt.date(2014, 12, 2))):
        span = parse_span(SPAN.search(text))
        assert span is not None and (span.start, span.end, span.precision, span.doubtful) == (day, day, "day", True)
    whole = parse_span(SPAN.search("2018年3月中午"))
    assert whole is not None and whole.precision == "month"


def test_a_range_whose_end_lost_its_month_runs_to_the_end_of_that_year_as_vague() -> None:
    """2023年11月至2024年 (1月 lost by OCR, or never written) is no month of 2023: it runs to the
    end of 2024, and is vague, as a year written alone is, so the rules never decide on it unseen."""
    span = parse_span(SPAN.search("2023年11月至2024年，被赵海燕在拱墅区"))
    assert span is not None
    assert (span.start, span.end, span.precision) == (dt.date(2023, 11, 1), dt.date(2024, 12, 31), "vague")
    assert parse_span(SPAN.search("2023年11月至2022年，")) is None


@pytest.mark.parametrize("garbled", ["一六个月", "一年又", "二五年"])
def test_a_term_ocr_garbled_is_unreadable_not_another_term(garbled: str) -> None:
    """一年六个月 with 年 dropped must not become sixteen months; 一年又六个月 with 六个月 lost
    must not become one year."""
    assert term_months(garbled) is None


@pytest.mark.parametrize(("text", "months"), [("十八个月", 18), ("二十年", 240), ("10年", 120), ("一年又六个月", 18)])
def test_terms_of_ten_or_more(text: str, months: int) -> None:
    assert term_months(text) == months


@pytest.mark.parametrize(("text", "year"), [("二〇一九", 2019), ("二一九", 2019), ("二一〇", 2010), ("二二一", 2021),
                                           ("2019", 2019), ("一九九八", 1998)])
def test_a_year_whose_zero_ocr_dropped_has_one_reading(text: str, year: int) -> None:
    assert cn_year(text) == year


@pytest.mark.parametrize("ambiguous", ["二〇九年四月二十六日", "二〇一年四月二十三日", "二五年一月七日", "一九九年五月三日"])
def test_a_year_that_lost_a_digit_with_two_readings_stays_unread(ambiguous: str) -> None:
    """二〇九 is 2009 with a 〇 lost, or 2019 with a 一 lost: no date, so a reviewer reads it."""
    assert parse_date(ambiguous) is None
    m = SPAN.search(ambiguous)
    assert m is None or parse_span(m) is None


def test_a_year_that_lost_a_digit_spans_what_its_leading_digit_and_the_case_allow() -> None:
    assert lost_digit_years("二〇一", 2010) == (2000, 2010)
    assert lost_digit_years("二〇二", 2131) == (2000, 2099)
    assert lost_digit_years("一九九", 2010) == (1900, 1999)
    assert lost_digit_years("二〇一", 1999) is None
    assert lost_digit_years("〇一〇", 2010) is None


def test_an_offence_date_whose_year_lost_a_digit_is_placed_only_with_a_latest_year() -> None:
    m = SPAN.search("二〇一年一月二十日，被告人")
    assert m is not None and parse_span(m) is None
    span = parse_span(m, latest_year=2010)
    assert span is not None and span.lost_year
    assert (span.start, span.end) == (dt.date(2000, 1, 20), dt.date(2010, 1, 20))
    # a whole year is read as before, and a lost digit never hides inside one
    whole = SPAN.search("二〇一〇年一月二十日")
    assert whole is not None and whole.group("y") == "二〇一〇"
    assert parse_span(whole, latest_year=2010) == Span(dt.date(2010, 1, 20), dt.date(2010, 1, 20), "day", False)


@pytest.mark.parametrize("text", ["18年12月19日，被告人", "于18年12月至19年1月间", "20年3月5日"])
def test_an_arabic_year_cut_to_two_digits_is_seen_but_never_placed(text: str) -> None:
    """y300 d0014 (seed 170300): 2018年12月19日 read 18年12月19日, a joint judgment's only offence
    date. It must reach review as an unreadable date (not as no date at all), and no century
    may be guessed for it."""
    m = SPAN.search(text)
    assert m is not None and m.group("lost") is not None
    assert parse_span(m, None, 2019) is None


def test_two_digits_before_years_or_months_of_a_term_are_no_date() -> None:
    assert SPAN.search("判处有期徒刑10年3个月") is None


@pytest.mark.parametrize(("text", "first", "last"), [
    ("2016年春节前某日", dt.date(2016, 1, 1), dt.date(2016, 2, 7)),       # the festival fell on 8 February
    ("2016年春节期间", dt.date(2016, 2, 7), dt.date(2016, 2, 13)),        # the seven days from the eve
    ("2014年春节后", dt.date(2014, 2, 1), dt.date(2014, 12, 31)),
    ("2016年春节前后", dt.date(2016, 1, 25), dt.date(2016, 2, 22)),
    ("2016年春天", dt.date(2016, 3, 1), dt.date(2016, 5, 31)),            # spring is still spring
])
def test_the_spring_festival_is_no_spring(text: str, first: dt.date, last: dt.date) -> None:
    span = parse_span(SPAN.search(text))
    assert span is not None and (span.start, span.end, span.precision) == (first, last, "vague")


@pytest.mark.parametrize(("text", "first", "last"), [
    ("2018年1月底2月初的一天", dt.date(2018, 1, 21), dt.date(2018, 2, 10)),
    ("2017年12月底1月初", dt.date(2017, 12, 21), dt.date(2018, 1, 10)),
])
def test_the_turn_of_two_months_is_one_span(text: str, first: dt.date, last: dt.date) -> None:
    span = parse_span(SPAN.search(text))
    assert span is not None and (span.start, span.end) == (first, last)
    assert parse_span(SPAN.search("2018年1月底3月初")) is None    # no turn of a month: unplaced



def test_a_zero_written_as_the_confusion_table_has_seen_it_reads_in_a_year() -> None:
    """PP-OCR writes C for the 〇 of Noto Serif scans (extractors/reading/confusions.tsv, learned
    from real judgments printed and scanned): 二C一六年 is 2016, and inside a whole year it can
    be nothing but zero, so the date is not doubted for it; a glyph the table has seen fewer
    than LEARNED_FROM times is no zero."""
    from extractors.reading import confusions
    from extractors import numerals
    assert confusions.table().confusable("C", "〇") >= numerals.LEARNED_FROM
    assert "C" in numerals.ZERO_FORMS
    assert parse_date("二C一六年一月十八日") == D(2016, 1, 18)
    assert not repaired("二C一六年一月十八日")
    rare = next(r for (_, _, r, m), n in confusions.table().counts.items()
                if m == "〇" and r not in "Oo0" and confusions.table().confusable(r, "〇") < numerals.LEARNED_FROM)
    assert rare not in numerals.ZERO_FORMS   # (O, o and 0 are 〇's round glyph read as a letter or digit)
