"""What a judgment says beyond the offence: the court's own finding of age, earlier records,
the measures of the case, co-offenders named only in the findings — on plain text and on
replayed OCR (tests/resources/ocr-replays/d0008.txt: the real OCR output, with boxes and
confidences, of a synthetic joint judgment), with cue words as a scan damages them."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from extractors.nlp import extract, extract_text
from extractors.nlp import reasons as R
from extractors.reading import Lexicon
from extractors.reading.anchors import FUZZY_CONFIDENCE
from extractors.text import DossierText
from tests.unit.test_nlp_scans import _pages

REPLAYS = Path(__file__).parents[1] / "resources" / "ocr-replays"
OCR_PAGES = (REPLAYS / "d0008.txt").read_text(encoding="utf-8")

HEAD = """浙江省杭州市上城区人民法院
刑事判决书
（2020）浙0102刑初15号
公诉机关杭州市上城区人民检察院。
"""
OPERATIVE = """依照《中华人民共和国刑法》第二百六十四条之规定，判决如下：
被告人王大力犯盗窃罪，判处有期徒刑一年。
"""


def _judgment(party: str, findings: str, reasoning: str = "本院认为，被告人王大力犯盗窃罪。",
              operative: str = OPERATIVE) -> str:
    return HEAD + party + "\n经审理查明：" + findings + "\n" + reasoning + operative


def _person(text: str, name: str = "王大力"):
    ex = extract_text(text)
    return next(p for p in ex.persons if p.name == name), ex


ADULT = "被告人王大力，男，1990年1月1日出生。"


# ------------------------------------------------------------ procedure dates

@pytest.mark.parametrize("clause", [
    "被告人王大力在家中被抓获归案",
    "被告人王大力在家中被抓荻归案",          # 获 misread: 归案 still reads
    "被告人王大力被公安机关刑事拘甾",        # 留 misread: 刑事拘留 found through one glyph
    "被告人王大力到公安机关主动投案",
    "公安机关在某地将王大力抓获",
])
def test_a_measures_date_in_the_findings_is_no_offence_date(clause: str) -> None:
    person, ex = _person(_judgment(ADULT, f"2019年3月1日，被告人王大力在某地盗窃电动车一辆。2019年3月5日，{clause}。"))
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]
    assert person.first_procedure_date == dt.date(2019, 3, 5)
    evidence = [e for e in person.evidence if e.field == "first_procedure_date"]
    assert [e.text for e in evidence] == ["2019年3月5日"]
    # a cue read through a misread glyph (刑事拘甾) sets the date aside at a repair's confidence; an
    # adult's date set aside cannot move the age at the offence, so it is no reviewer's question
    approximate = "拘甾" in clause
    assert (evidence[0].confidence < 0.9) is approximate
    assert not any(i.reason == R.PROCEDURE_CUE_APPROXIMATE.reason for i in ex.review_items)


@pytest.mark.parametrize("clause", [
    "被告人王大力在取保候审期间，再次在某地盗窃电动车一辆",     # the release the act broke
    "张某（刑拘在逃）纠集被告人王大力在某地盗窃电动车一辆",     # a co-offender's status, in brackets
])
def test_a_measure_named_beside_an_act_does_not_make_its_date_a_measures(clause: str) -> None:
    party = ADULT + "因涉嫌犯盗窃罪于2019年2月1日被取保候审。"
    person, ex = _person(_judgment(party, f"2019年1月5日，被告人王大力在某地盗窃电动车一辆。2019年3月5日，{clause}。"))
    assert [(o.start, o.end) for o in person.offence_dates] == [
        (dt.date(2019, 1, 5), dt.date(2019, 1, 5)), (dt.date(2019, 3, 5), dt.date(2019, 3, 5))]
    assert _offence_reasons(ex, person) == []


@pytest.mark.parametrize(("birth", "asked"), [
    ("2001年3月3日", True),    # 18 on 2019-03-03: the act of 03-01 a minor's, the day set aside an adult's
    ("2001年1月1日", False),   # an adult on both days
    ("2002年1月1日", False),   # a minor on both days
])
def test_a_date_set_aside_goes_to_a_reviewer_only_where_it_could_move_the_age(birth: str, asked: bool) -> None:
    for clause, reason in (("被告人王大力被公安机关刑事拘甾", R.PROCEDURE_CUE_APPROXIMATE),
                           ("被告人王大力在商场盗窃后被抓获", R.OFFENCE_UNREAD)):
        person, ex = _person(_judgment(f"被告人王大力，男，{birth}出生。",
                                       f"2019年3月1日，被告人王大力在某地盗窃电动车一辆。2019年3月5日，{clause}。"))
        assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]
        assert any(i.reason == reason.reason for i in ex.review_items) is asked, clause


def test_a_measure_told_at_the_end_of_a_long_clause_past_the_time_of_day() -> None:
    """The clause a date opens is read past the time of day (凌晨，) for a measure's word: an arrest
    told after the place (…在某县某镇某街某巷5号501房内被某县公安局民警抓获) is the day of a
    measure, and it ends the acts that ran from a day (…起) to the first custody."""
    person, ex = _person(_judgment(ADULT, "2019年3月1日起，被告人王大力在某县某镇某街某巷5号501房内私自制造枪支一支。"
                                          "2019年3月5日凌晨，被告人王大力在某省某县某镇某街道某巷5号501房内被某县公安局刑警大队民警抓获。"))
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2019, 3, 1), dt.date(2019, 3, 5))]
    assert person.first_procedure_date == dt.date(2019, 3, 5)


def test_the_arrest_date_alone_is_no_offence_date_but_a_doubt() -> None:
    """The true offence date lost to OCR, the arrest date left: no offence date, a review item —
    never the arrest date taken for the offence's (a minor's record left unsealed)."""
    person, ex = _person(_judgment(ADULT, "被告人王大力在某地盗窃电动车一辆。2019年3月5日，被告人王大力被抓获归案。"))
    assert person.offence_dates == []
    assert any(i.person_id == person.person_id and i.field == "offence_dates" for i in ex.review_items)


def test_an_arrest_that_may_share_the_day_of_an_act_is_read_for_a_reviewer() -> None:
    """…盗窃后被抓获: the act may have been that day or before; seen, left to a reviewer. Taken in
    the act (盗窃时被当场抓获) it is the act's day (test_a_day_the_accused_was_taken_in_the_act…)."""
    person, ex = _person(_judgment(ADULT, "2019年3月5日，被告人王大力在某地盗窃后被抓获。"))
    assert person.offence_dates == []
    assert any(i.person_id == person.person_id and i.reason == R.OFFENCE_UNREAD.reason for i in ex.review_items)
    person, ex = _person(_judgment(ADULT, "2019年3月5日，被告人王大力在某地盗窃时被当场抓获。"))
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2019, 3, 5), dt.date(2019, 3, 5))]
    assert not any(i.person_id == person.person_id and i.field == "offence_dates" for i in ex.review_items)


@pytest.mark.parametrize("clause", [
    "李某的父亲因女儿离家不归报警",            # someone else's report
    "被害人李某书面对被告人王大力表示谅解",     # forgiveness: what followed the act
    "被告人王大力将挪用的公款全部归还单位",     # the money returned
])
def test_a_report_forgiveness_or_repayment_is_no_offence(clause: str) -> None:
    person, ex = _person(_judgment(ADULT, f"2019年3月1日，被告人王大力在某地盗窃电动车一辆。2019年4月2日，{clause}。"))
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]
    assert not [i for i in ex.review_items if i.field == "offence_dates"]


@pytest.mark.parametrize(("findings", "dates"), [
    # a date that qualifies a thing: what the quarrel was about, no act
    ("2019年5月1日晚，被告人王大力向李某索要2019年4月份的生活费，双方发生争执，王大力持刀将李某砍伤。",
     [(dt.date(2019, 5, 1), dt.date(2019, 5, 1))]),
    # a day in a month written with 的: the act's time still
    ("2019年4月的一天，被告人王大力在某地盗窃电动车一辆。", [(dt.date(2019, 4, 1), dt.date(2019, 4, 30))]),
    # the day the victim died: a consequence's, not the act's
    ("2019年5月1日晚，被告人王大力驾车撞伤李某，后李某经医院抢救无效于2019年5月9日死亡。",
     [(dt.date(2019, 5, 1), dt.date(2019, 5, 1))]),
    # the term a permit runs for, in brackets after it: the permit's, no act
    ("被告人王大力取得林木采伐许可证（采伐期限为2016年8月5日至2016年12月31日）。2017年1月，被告人王大力超过期限擅自采伐松树。",
     [(dt.date(2017, 1, 1), dt.date(2017, 1, 31))]),
    # an inspection that describes the thing the act was done with: the drive is the day's event
    ("2019年5月1日6时许，被告人王大力驾驶经检验制动不合格的拖拉机途经某路口，将李某撞伤。",
     [(dt.date(2019, 5, 1), dt.date(2019, 5, 1))]),
])
def test_a_date_that_qualifies_a_thing_is_no_act(findings: str, dates: list[tuple[dt.date, dt.date]]) -> None:
    person, _ = _person(_judgment(ADULT, findings))
    assert [(o.start, o.end) for o in person.offence_dates] == dates


def test_a_report_after_an_act_in_the_same_clause_is_read_for_a_reviewer() -> None:
    """…殴打李某后报警: the day of the report may be the act's too; seen, never dropped silently."""
    person, ex = _person(_judgment("被告人王大力，男，2001年4月1日出生。",
                                   "2019年3月1日，被告人王大力在某地盗窃电动车一辆。2019年4月2日，被告人王大力在某地殴打李某后报警。"))
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]
    assert any(i.reason == R.OFFENCE_UNREAD.reason for i in ex.review_items)   # 18 on 2019-04-01: between


def test_days_listed_before_a_measure_are_all_the_measures() -> None:
    """同年4月6日、10日，被告人…接民警通知后主动到案: both days are surrenders, neither an act."""
    text = (HEAD + TWO + "\n经审理查明：2019年3月1日，被告人张三、李四在某地盗窃电动车一辆。"
            "2019年4月6日、10日，被告人张三、李四接公安民警通知后主动到案。\n" + TWO_OPERATIVE)
    for name in ("张三", "李四"):
        person, ex = _person(text, name)
        assert _dates(person) == [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]


@pytest.mark.parametrize("sentence", [
    "某县市场监督管理局执法人员于2019年4月2日对该店检查，并抽取样品",           # an inspector's
    "本院曾于2019年4月2日决定对王大力采取司法拘留十五日",                         # the court's
    "2019年4月2日，公安机关经视频研判，在某地将被告人王大力抓获",                 # the police's
    "2019年4月2日，被告人王大力取得被害人李某及其母亲的谅解",                     # forgiveness
    "2019年4月2日，“某某公司”的网站正式上线",                                    # a company's
    "2019年4月2日，被告人王大力因犯盗窃罪被本院以（2019）某0101刑初1号刑事判决书判处有期徒刑七个月",  # a prior
])
def test_what_others_did_on_a_day_is_no_act_of_the_accused(sentence: str) -> None:
    """The subject of the clause is an authority or a company, or the day is the victim's
    forgiveness; an earlier judgment whose 判处 comes late in a long clause: no act of this case."""
    person, ex = _person(_judgment(ADULT, f"2019年3月1日，被告人王大力在某地盗窃电动车一辆。{sentence}。"))
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]
    assert not [i for i in ex.review_items if i.field == "offence_dates"]


def test_an_authority_that_came_upon_the_act_leaves_the_day_to_a_reviewer() -> None:
    """…某县公安局治安大队对市场进行检查，发现被告人在加工点内…: the inspection's day may be the act's
    too — set aside, asked about only where it could move the age (18 on 2019-04-01 here)."""
    findings = ("2019年3月1日，被告人王大力在某地盗窃电动车一辆。2019年4月2日，某县公安局治安大队对某市场进行巡查，"
                "发现被告人王大力在某加工点内加工病死猪肉。")
    person, ex = _person(_judgment("被告人王大力，男，2001年4月1日出生。", findings))
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]
    assert [i.field for i in ex.review_items] == ["offence_dates"]


def test_the_defences_account_after_the_prosecutions_opinion_is_no_finding() -> None:
    """指控：…。公诉机关认为，…。被告人称…事实是2019年2月1日…: the defence's account dates nothing."""
    text = (HEAD + ADULT + "\n公诉机关指控：2019年3月1日，被告人王大力在某地盗窃电动车一辆。公诉机关认为，被告人王大力"
            "的行为构成盗窃罪。被告人王大力称指控不属实，事实是2019年2月1日其从李某处借用该车。\n"
            "本院认为，被告人王大力犯盗窃罪。" + OPERATIVE)
    person, _ = _person(text)
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]


def test_an_administrative_detention_for_this_case_closes_acts_run_on_from_a_date() -> None:
    """因本案于…被行政拘留十三日，同年…转为刑事拘留: this case's hold on the accused, no earlier
    penalty — it ends the acts the findings run on from a date (5月12日开始…)."""
    party = ADULT + "因本案于2019年5月18日被某县公安局行政拘留十三日，同年5月31日转为刑事拘留。"
    person, ex = _person(_judgment(party, "2019年5月12日开始，被告人王大力在某地多次发放招嫖卡片。"))
    assert person.first_procedure_date == dt.date(2019, 5, 18)
    assert _dates(person) == [(dt.date(2019, 5, 12), dt.date(2019, 5, 18))]
    assert not [i for i in ex.review_items if i.field == "offence_dates"]
    assert person.prior_records == []


def test_the_same_day_written_as_tongri_dates_the_acts_it_opens() -> None:
    """…刘某向被告人张三转账购买毒品。同日14时，被告人张三向被告人李四购买…: 同日 is that day."""
    text = (HEAD + TWO + "\n经审理查明：2019年3月1日12时许，被告人张三在某地盗窃电动车一辆。"
            "同日14时，被告人张三、李四在某地再次盗窃电动车一辆。\n" + TWO_OPERATIVE)
    li, _ = _person(text, "李四")
    assert _dates(li) == [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]


def test_a_period_whose_acts_the_next_sentences_number_is_no_act_of_its_own() -> None:
    """2017年12月至2018年1月期间，被告人…多次贩卖毒品。1、2017年12月5日…: the list dates the acts."""
    findings = ("2019年1月至2月期间，被告人王大力多次在某地盗窃电动车。1、2019年1月5日，被告人王大力在某地盗窃电动车一辆。"
                "2、2019年2月6日，被告人王大力在某地盗窃电动车一辆。")
    person, _ = _person(_judgment(ADULT, findings))
    assert _dates(person) == [(dt.date(2019, 1, 5), dt.date(2019, 1, 5)), (dt.date(2019, 2, 6), dt.date(2019, 2, 6))]


@pytest.mark.parametrize("amends", ["与被害人达成赔偿协议", "承诺补种林木790株，已于同年8月5日种植修复完毕"])
def test_a_settlement_or_an_administrative_penalty_in_the_findings_is_no_offence(amends: str) -> None:
    """Amends made after the offence (a settlement; trees replanted, the land restored) and an
    administrative penalty date no act."""
    person, _ = _person(_judgment(ADULT, "2019年3月1日，被告人王大力在某地盗窃电动车一辆。2019年4月2日，被告人王大力"
                                         f"{amends}。另查明：2019年3月2日至16日，王大力被公安机关处以行政拘留十五日。"))
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]


def test_a_term_served_is_no_offence_date_even_without_an_operative_part() -> None:
    """判决如下 lost: the findings run on into the sentence, whose custody term is dated."""
    text = (HEAD + ADULT + "\n经审理查明：2019年3月1日，被告人王大力在某地盗窃。\n被告人王大力犯盗窃罪，判处有期徒刑一年。"
            "（刑期从判决执行之日起计算。判决执行以前先行羁押的，羁押一日折抵刑期一日，即自2019年3月5日起至2020年3月4日止。）\n")
    person, _ = _person(text)
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]


@pytest.mark.parametrize(("opening", "party", "dates"), [
    ("事故后", "因涉嫌犯窝藏罪于2019年3月9日被取保候审。", [(dt.date(2019, 3, 1), dt.date(2019, 3, 9))]),
    ("当晚", "", [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]),
    ("次日", "", [(dt.date(2019, 3, 2), dt.date(2019, 3, 2))]),
    ("事故后", "", []),     # no first measure to close the range: no date, a reviewer's
    # an event told in a clause of its own, ending on 后: as 事故后
    ("伤者被送医后，", "因涉嫌犯窝藏罪于2019年3月9日被取保候审。", [(dt.date(2019, 3, 1), dt.date(2019, 3, 9))]),
    ("先后，", "因涉嫌犯窝藏罪于2019年3月9日被取保候审。", []),   # 先后 is no event
])
def test_acts_told_after_a_dated_one_take_its_day(opening: str, party: str, dates: list) -> None:
    """事故后李四打电话…: no date of its own, on or after the accident, before the first measure."""
    text = (HEAD + "被告人张三，男，1990年1月1日出生。\n被告人李四，男，1991年1月1日出生。" + party + "\n经审理查明："
            "2019年3月1日14时许，被告人张三驾车撞伤行人。" + opening + "李四驾车将张三接走，帮助其逃逸。\n"
            "本院认为，被告人张三犯交通肇事罪，被告人李四犯窝藏罪。依照《中华人民共和国刑法》第一百三十三条之规定，判决如下：\n"
            "一、被告人张三犯交通肇事罪，判处有期徒刑一年。\n二、被告人李四犯窝藏罪，判处有期徒刑六个月。\n")
    person, ex = _person(text, "李四")
    assert [(o.start, o.end) for o in person.offence_dates] == dates
    assert any(i.person_id == person.person_id and i.field == "offence_dates" for i in ex.review_items) is not dates


@pytest.mark.parametrize(("findings", "dates"), [
    # the night's quarrel is dated, the robbery the next morning is not: both days are read
    ("2019年3月1日晚，被告人王大力与被害人发生争执。次日凌晨1时许，被告人王大力持刀抢劫被害人现金500元。",
     [(dt.date(2019, 3, 1), dt.date(2019, 3, 1)), (dt.date(2019, 3, 2), dt.date(2019, 3, 2))]),
    # 第二天 is 次日
    ("2019年3月1日晚，被告人王大力与被害人发生争执。第二天，被告人王大力持刀抢劫被害人现金500元。",
     [(dt.date(2019, 3, 1), dt.date(2019, 3, 1)), (dt.date(2019, 3, 2), dt.date(2019, 3, 2))]),
    # 次日 tells of the arrest: a measure, never an act
    ("2019年3月1日晚，被告人王大力在某地盗窃电动车一辆。次日，被告人王大力被公安机关抓获归案。",
     [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]),
    # a range told between the dated day and 次日: the day before is not that day, nothing is counted
    ("2019年3月1日，被告人王大力在某地盗窃电动车一辆。2019年3月至4月间，被告人王大力多次销赃。"
     "次日，被告人王大力又在某地盗窃电动车一辆。",
     [(dt.date(2019, 3, 1), dt.date(2019, 3, 1)), (dt.date(2019, 3, 1), dt.date(2019, 4, 30))]),
    # someone's birth date told between is no event: the next day still counts from the dated one,
    # and the evening's drinking only sets the scene: the act is the next day's alone
    ("2019年3月1日22时许，被告人王大力和张某（2003年2月出生）在某KTV包厢喝酒。"
     "次日3时至5时许，被告人王大力趁张某醉酒之际强行与其发生性关系。",
     [(dt.date(2019, 3, 2), dt.date(2019, 3, 2))]),
    # a measure's day told between: 次日 counts from the measure, which is no act's day
    ("2019年3月1日，被告人王大力在某地盗窃电动车一辆。2019年3月5日，被告人王大力被公安机关抓获。"
     "次日，被告人王大力带领民警起获赃物。",
     [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]),
])
def test_a_day_told_relative_to_the_one_before_is_that_day(findings: str, dates: list) -> None:
    """次日凌晨…持刀抢劫 after a dated quarrel: the act's day is the next one, for a person whose
    other acts are dated too; a measure told that way, or a 次日 with no day to count from, is not."""
    person, _ = _person(_judgment(ADULT, findings))
    assert sorted((o.start, o.end) for o in person.offence_dates) == dates


@pytest.mark.parametrize("since", ["2019年3月以来，", "自2019年3月起，", "2019年3月至今，", "2019年3月至案发，"])
def test_acts_from_a_date_on_run_to_the_first_measure(since: str) -> None:
    """2017年4月以来…多次容留: the acts run from that month's first day on, and no act of the
    case follows the first measure against the person — not the month alone."""
    party = ADULT + "因涉嫌犯容留他人吸毒罪于2019年6月13日被刑事拘留。"
    person, ex = _person(_judgment(party, since + "被告人王大力在其出租房内多次容留他人吸食毒品。"))
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2019, 3, 1), dt.date(2019, 6, 13))]
    assert not [i for i in ex.review_items if i.person_id == person.person_id and i.field == "offence_dates"]


def test_acts_from_a_date_on_with_no_measure_to_end_them_are_a_reviewers() -> None:
    person, ex = _person(_judgment(ADULT, "2019年3月以来，被告人王大力在其出租房内多次容留他人吸食毒品。"))
    assert person.offence_dates == []
    items = [i for i in ex.review_items if i.person_id == person.person_id and i.field == "offence_dates"]
    assert [(i.reason, i.value) for i in items] == [(R.OFFENCE_OPEN_ENDED.reason, "2019年3月以来")]


def test_a_measure_told_the_day_after_is_no_act_of_a_person_otherwise_undated() -> None:
    text = (HEAD + "被告人张三，男，1990年1月1日出生。\n被告人李四，男，1991年1月1日出生。\n经审理查明："
            "2019年3月1日14时许，被告人张三驾车撞伤行人。次日，李四被公安机关抓获归案。\n"
            "本院认为，被告人张三犯交通肇事罪，被告人李四犯窝藏罪。依照《中华人民共和国刑法》第一百三十三条之规定，判决如下：\n"
            "一、被告人张三犯交通肇事罪，判处有期徒刑一年。\n二、被告人李四犯窝藏罪，判处有期徒刑六个月。\n")
    person, ex = _person(text, "李四")
    assert person.offence_dates == []
    assert any(i.person_id == person.person_id and i.field == "offence_dates" for i in ex.review_items)


TWO = "被告人张三，男，1990年1月1日出生。\n被告人李四，男，1991年1月1日出生。"
TWO_OPERATIVE = ("本院认为，被告人张三、李四犯盗窃罪。依照《中华人民共和国刑法》第二百六十四条之规定，判决如下：\n"
                 "一、被告人张三犯盗窃罪，判处有期徒刑一年。\n二、被告人李四犯盗窃罪，判处有期徒刑六个月。\n")


def _dates(person) -> list[tuple[dt.date, dt.date]]:
    return sorted((o.start, o.end) for o in person.offence_dates)


def _offence_reasons(ex, person) -> list[str]:
    return [i.reason for i in ex.review_items if i.person_id == person.person_id and i.field == "offence_dates"]


@pytest.mark.parametrize("night", [
    # the next sentence opens on 次日: only 张三 is named there, 李四 only in the scene and after it
    "次日凌晨1时许，张三在酒吧门口与被害人发生口角。张三、李四随即对被害人实施殴打。",
    # the next sentence gives the next day's date itself
    "3月2日零时许，张三、李四在酒吧门口殴打被害人。",
    # the small hours written with their leading zero
    "次日00时25分许，张三、李四在酒吧门口殴打被害人。",
])
def test_an_evening_that_sets_the_scene_dates_the_next_days_act(night: str) -> None:
    """2019年3月1日晚…喝酒。次日凌晨…殴打: the evening's gathering is no act; its people's acts that
    night are the next day's, also for one the next sentence does not name."""
    text = HEAD + TWO + "\n经审理查明：2019年3月1日晚9时许，被告人张三、李四在某酒吧喝酒。" + night + "\n" + TWO_OPERATIVE
    for name in ("张三", "李四"):
        person, ex = _person(text, name)
        assert _dates(person) == [(dt.date(2019, 3, 2), dt.date(2019, 3, 2))]
        assert _offence_reasons(ex, person) == []


def test_an_invitation_the_evening_before_is_no_act() -> None:
    findings = ("2019年3月1日晚，被告人王大力多次打电话邀约被害人见面，被害人拒绝。"
                "3月2日零时许，被告人王大力在某地强行与被害人发生性关系。")
    person, _ = _person(_judgment(ADULT, findings))
    assert _dates(person) == [(dt.date(2019, 3, 2), dt.date(2019, 3, 2))]


@pytest.mark.parametrize(("findings", "dates"), [
    # the next day is not told right after it
    ("2019年3月1日晚，被告人王大力在某酒吧喝酒后盗窃电动车一辆。2019年3月9日，被告人王大力又盗窃电动车一辆。",
     [(dt.date(2019, 3, 1), dt.date(2019, 3, 1)), (dt.date(2019, 3, 9), dt.date(2019, 3, 9))]),
    # the next day's act is in daylight: not the same night, the evening may hold an act of its own
    ("2019年3月1日晚，被告人王大力在某酒吧喝酒时盗窃手机一部。次日10时许，被告人王大力在某地盗窃电动车一辆。",
     [(dt.date(2019, 3, 1), dt.date(2019, 3, 1)), (dt.date(2019, 3, 2), dt.date(2019, 3, 2))]),
    # an afternoon's gathering is no evening running into the night
    ("2019年3月1日14时许，被告人王大力在某饭店吃饭时盗窃手机一部。次日凌晨1时许，被告人王大力在某地盗窃电动车一辆。",
     [(dt.date(2019, 3, 1), dt.date(2019, 3, 1)), (dt.date(2019, 3, 2), dt.date(2019, 3, 2))]),
])
def test_a_gathering_that_is_not_the_evening_of_the_nights_act_is_read_as_ever(findings: str, dates: list) -> None:
    person, _ = _person(_judgment(ADULT, findings))
    assert _dates(person) == dates


@pytest.mark.parametrize(("items", "zhang", "li", "li_reviewed"), [
    ("具体事实如下：\n一、2019年3月5日，张三、李四在某地盗窃电动车一辆。\n二、2019年4月2日，张三在某地盗窃手机一部。",
     [(dt.date(2019, 3, 5), dt.date(2019, 3, 5)), (dt.date(2019, 4, 2), dt.date(2019, 4, 2))],
     [(dt.date(2019, 3, 5), dt.date(2019, 3, 5))], False),
    # no act of 李四's dated inside the period: the period stays, for a reviewer
    ("具体事实如下：\n一、2019年3月5日，张三在某地盗窃电动车一辆。",
     [(dt.date(2019, 3, 5), dt.date(2019, 3, 5))],
     [(dt.date(2019, 3, 1), dt.date(2019, 4, 30))], True),
])
def test_the_period_of_acts_in_varying_company_is_no_ones_offence_date(items: str, zhang: list, li: list,
                                                                         li_reviewed: bool) -> None:
    """被告人甲、乙有分有合于2019年3月至4月间…: the span of all their acts, not each one's; each is
    given the dates of the acts the findings name them in."""
    text = (HEAD + TWO + "\n经审理查明：被告人张三、李四有分有合于2019年3月至4月间在某地多次盗窃。" + items + "\n"
            + TWO_OPERATIVE)
    zhang_p, ex = _person(text, "张三")
    li_p, _ = _person(text, "李四")
    assert _dates(zhang_p) == zhang and _offence_reasons(ex, zhang_p) == []
    assert _dates(li_p) == li
    assert (_offence_reasons(ex, li_p) == [R.OFFENCE_JOINT_SPAN.reason]) is li_reviewed


@pytest.mark.parametrize("items, dates", [
    ("", [(dt.date(2019, 3, 1), dt.date(2019, 4, 30))]),
    ("其中，2019年3月5日，被告人王大力伙同张某在某地盗窃电动车一辆。",
     [(dt.date(2019, 3, 5), dt.date(2019, 3, 5))]),
])
def test_the_period_of_one_accused_joined_by_others_now_and_then_is_that_accuseds(items: str, dates: list) -> None:
    """被告人甲分别伙同乙、丙于…: 甲 is in every act of the period, so it dates 甲's acts with no
    question for a reviewer — unless the findings date 甲's acts one by one inside it."""
    findings = "2019年3月至4月间，被告人王大力分别伙同张某、李某（均另案处理）在某地多次盗窃。" + items
    person, ex = _person(_judgment(ADULT, findings))
    assert _dates(person) == dates
    assert _offence_reasons(ex, person) == []


@pytest.mark.parametrize("together", ["上述三人", "该三人", "二被告人"])
def test_a_date_of_those_named_before_taken_up_together_is_theirs(together: str) -> None:
    """2017年8月22日凌晨，上述六人再次…: the sentence names no one, but takes up those the one
    before named; the co-offender tried elsewhere (王某) is nobody's offence date here."""
    text = (HEAD + TWO + "\n经审理查明：2019年3月1日，被告人张三、李四与王某（另案处理）在某地盗窃电动车一辆。"
            f"2019年3月2日凌晨，{together}再次在某地盗窃电动车一辆。\n" + TWO_OPERATIVE)
    for name in ("张三", "李四"):
        person, ex = _person(text, name)
        assert _dates(person) == [(dt.date(2019, 3, 1), dt.date(2019, 3, 1)), (dt.date(2019, 3, 2), dt.date(2019, 3, 2))]
        assert _offence_reasons(ex, person) == []


def test_a_date_naming_no_one_inside_the_persons_range_is_no_act_of_its_own() -> None:
    """经查，该赌场自…至…获利: a period the findings account for, inside the range the accused is
    named in; and the police's raid on a report (民警接举报后) is a measure, not an act."""
    findings = ("2019年1月1日至3月5日间，被告人王大力在某地开设赌场，抽取台费。"
                "2019年3月6日，某公安局民警接举报后，来到该赌场抓获参赌人员。经查，该赌场自2019年2月1日至14日共获利1万元。")
    person, ex = _person(_judgment(ADULT, findings))
    assert _dates(person) == [(dt.date(2019, 1, 1), dt.date(2019, 3, 5))]
    assert _offence_reasons(ex, person) == []


def test_acts_from_a_date_on_end_with_the_capture_not_a_later_arrest() -> None:
    """2017年4月以来…多次容留, caught on 6月13日, bailed, arrested later: the acts the findings tell
    ended with the capture."""
    party = ADULT + "因涉嫌犯容留他人吸毒罪于2019年6月23日被取保候审，同年9月5日被逮捕。"
    findings = ("2019年3月以来，被告人王大力在其出租房内多次容留他人吸食毒品。"
                "另查明，2019年6月13日，被告人王大力在其出租屋内被民警抓获。")
    person, _ = _person(_judgment(party, findings))
    assert _dates(person) == [(dt.date(2019, 3, 1), dt.date(2019, 6, 13))]


def test_an_act_at_the_scene_right_after_the_event_is_that_days() -> None:
    """事故后李四…驾车到事故现场将张三接走: no date of its own, but at the scene of the accident."""
    text = (HEAD + TWO + "因涉嫌犯窝藏罪于2019年3月9日被取保候审。\n经审理查明："
            "2019年3月1日14时许，被告人张三驾车撞伤行人。事故后李四驾车到事故现场将张三接走，帮助其逃逸。\n"
            + TWO_OPERATIVE)
    person, ex = _person(text, "李四")
    assert _dates(person) == [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]
    assert _offence_reasons(ex, person) == []


THREE_OPERATIVE = ("本院认为，被告人张三、李四、王五犯抢劫罪。依照《中华人民共和国刑法》第二百六十三条之规定，判决如下：\n"
                   "一、被告人张三犯抢劫罪，判处有期徒刑三年。\n二、被告人李四犯抢劫罪，判处有期徒刑三年。\n"
                   "三、被告人王五犯盗窃罪，判处有期徒刑六个月。\n")


@pytest.mark.parametrize(("born", "dates", "reviewed"), [
    # adult on both days: the robbery's date cannot move 王五's age, and is not his act
    ("1990年1月1日", [(dt.date(2019, 9, 1), dt.date(2019, 9, 10))], False),
    # 18 on 9月5日: the theft was a minor's, the robbery's day an adult's — a reviewer reads who did what
    ("2001年9月5日", [(dt.date(2019, 9, 1), dt.date(2019, 9, 10))], True),
])
def test_an_accused_told_of_in_others_act_is_not_its_actor(born: str, dates: list, reviewed: bool) -> None:
    """二、2019年9月10日，被告人张三、李四…二人殴打王五，并抢走王五现金: the actors are the list the
    clause opens on; 王五, named only as whom they beat, is not given the day."""
    text = (HEAD + "被告人张三，男，1990年1月1日出生。\n被告人李四，男，1991年1月1日出生。\n"
            f"被告人王五，男，{born}出生。\n经审理查明：\n"
            "一、2019年9月初的一天，被告人张三伙同李四、王五在某地盗窃手机一部。\n"
            "二、2019年9月10日21时许，被告人张三、李四在某地，因怀疑王五私吞赃物，二人殴打王五，并抢走王五现金150元。\n"
            + THREE_OPERATIVE)
    person, ex = _person(text, "王五")
    assert _dates(person) == dates
    assert (R.OFFENCE_ACTOR_UNCLEAR.reason in _offence_reasons(ex, person)) is reviewed
    li, _ = _person(text, "李四")
    assert _dates(li) == [(dt.date(2019, 9, 1), dt.date(2019, 9, 10)), (dt.date(2019, 9, 10), dt.date(2019, 9, 10))]


@pytest.mark.parametrize("act", ["在某地与王五一起抢走被害人现金150元", "驾驶摩托车载被告人王五寻找作案目标"])
def test_an_accused_joined_to_the_actors_further_on_acts_too(act: str) -> None:
    """…与王五一起, …载被告人王五: joined to the actors, or named as an accused — not a victim."""
    text = (HEAD + "被告人张三，男，1990年1月1日出生。\n被告人李四，男，1991年1月1日出生。\n"
            "被告人王五，男，1992年1月1日出生。\n经审理查明：2019年9月10日21时许，被告人张三、李四" + act +
            "。\n" + THREE_OPERATIVE)
    person, ex = _person(text, "王五")
    assert _dates(person) == [(dt.date(2019, 9, 10), dt.date(2019, 9, 10))]
    assert _offence_reasons(ex, person) == []


@pytest.mark.parametrize(("period", "dates"), [
    ("2010年以来，", [(dt.date(2010, 1, 1), dt.date(2019, 6, 13))]),      # to the first measure
    ("2015年至2017年间，", [(dt.date(2015, 1, 1), dt.date(2017, 12, 31))]),
    ("二〇一六年至二〇一七年期间，", [(dt.date(2016, 1, 1), dt.date(2017, 12, 31))]),
    ("2016年至2017年5月，", [(dt.date(2016, 1, 1), dt.date(2017, 5, 31))]),
    ("2016年的一天，", [(dt.date(2016, 1, 1), dt.date(2016, 12, 31))]),
])
def test_years_written_without_a_month_are_the_whole_of_those_years(period: str, dates: list) -> None:
    """A period of acts told in years (2008年以来…在卤汤中添加罂粟) is read as the whole of them, vague:
    an adult's needs no reviewer, a person whose 18th birthday falls inside it does."""
    party = ADULT + "因涉嫌犯盗窃罪于2019年6月13日被刑事拘留。"
    person, ex = _person(_judgment(party, period + "被告人王大力在其经营的面馆内多次盗窃电动车。"))
    assert [(o.start, o.end) for o in person.offence_dates] == dates
    assert not [i for i in ex.review_items if i.person_id == person.person_id and i.field == "offence_dates"]
    near = party.replace("1990年1月1日", "1998年6月1日")
    person, ex = _person(_judgment(near, "2015年至2017年间，被告人王大力在其经营的面馆内多次盗窃电动车。"))
    assert any(i.reason == R.OFFENCE_TOO_VAGUE.reason for i in ex.review_items if i.person_id == person.person_id)


@pytest.mark.parametrize("other", ["某县燃料经营处于2015年8月1日将该房屋置换给了陆某",
                                   "被害人李某于2015年8月1日将该房屋出租给陆某"])
def test_a_date_after_someone_elses_name_and_yu_is_their_doing(other: str) -> None:
    """中石油某经营处于1999年8月1日将该房屋置换给了陆某: the subject written before the date is an
    organisation or a victim, and the sentence names no accused — no act of the only defendant."""
    person, _ = _person(_judgment(ADULT, f"{other}。2016年5月3日，被告人王大力盗窃电动车一辆。"))
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2016, 5, 3), dt.date(2016, 5, 3))]


def test_a_change_of_name_is_the_storys_background() -> None:
    person, _ = _person(_judgment(ADULT, "被告人王大力于2008年左右将原名王小力改名为王大力。"
                                         "2016年5月3日，被告人王大力盗窃电动车一辆。"))
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2016, 5, 3), dt.date(2016, 5, 3))]


@pytest.mark.parametrize(("together", "bound"), [("上述二被告人", dt.date(2019, 6, 13)),
                                                ("二被告人均", dt.date(2019, 6, 13)),
                                                ("上述被告人均", dt.date(2019, 6, 13)),
                                                ("上述三被告人", None),    # two paragraphs: which three?
                                                ("上述被告人", None)])     # the last one, or both?
def test_the_accused_together_in_the_party_block_share_its_measures(together: str, bound: dt.date | None) -> None:
    """上述三被告人因涉嫌…于2013年5月30日被刑事拘留: the measure of every accused whose paragraph came
    before it — the end of acts that ran 至案发, the bound of every offence."""
    text = (HEAD + "被告人张三，男，汉族。\n被告人李四，男，汉族。\n"
            f"{together}因涉嫌犯盗窃罪于2019年6月13日被刑事拘留，同年7月11日被逮捕。\n"
            "经审理查明：2019年3月至案发，被告人张三、李四在某地多次盗窃电动车。\n" + TWO_OPERATIVE)
    first, _ = _person(text, "张三")
    assert first.first_procedure_date == bound
    assert [(o.start, o.end) for o in first.offence_dates] == ([(dt.date(2019, 3, 1), bound)] if bound else [])
    if bound:
        second, _ = _person(text, "李四")
        assert second.first_procedure_date == bound


def test_a_year_before_a_comma_only_sets_the_scene() -> None:
    person, _ = _person(_judgment(ADULT, "2016年，被告人王大力与被害人相识。2016年5月3日，被告人王大力盗窃电动车一辆。"))
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2016, 5, 3), dt.date(2016, 5, 3))]


@pytest.mark.parametrize("findings", [
    "2019年3月中旬，被告人王大力将被害人带至外地，强迫其卖淫，至同年4月16日被害人寻机逃离。",
    "被告人王大力自2019年3月11日早晨至4月16日中午将被害人拘禁于家中。",
])
def test_a_range_whose_end_a_later_clause_writes_runs_from_the_date_before(findings: str) -> None:
    """3月中旬，…，至同年4月16日…逃离: the act ran until the end written clauses later — a range, not a
    date left unread for a reviewer."""
    person, ex = _person(_judgment(ADULT, findings))
    assert (dt.date(2019, 3, 11), dt.date(2019, 4, 16)) in [(o.start, o.end) for o in person.offence_dates]
    assert not any(i.reason == R.OFFENCE_UNREAD.reason for i in ex.review_items)


@pytest.mark.parametrize(("birth", "asked"), [("1990年1月1日", False), ("2001年3月1日", True)])
def test_a_range_whose_end_ocr_garbled_is_no_single_day(birth: str, asked: bool) -> None:
    """2017年8月27日至201年1018日期间 (7 and 月 lost): read as 27 August alone it was a confident wrong
    date. It is set aside — for a reviewer where an end up to the case's year could move the age."""
    person, ex = _person(_judgment(ADULT.replace("1990年1月1日", birth),
                                   "2019年1月27日至201年1018日期间，被告人王大力在某地多次盗窃。"
                                   "2019年5月1日，被告人王大力盗窃电动车一辆。"))
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2019, 5, 1), dt.date(2019, 5, 1))]
    assert any(i.reason == R.OFFENCE_UNREAD.reason for i in ex.review_items) is asked


@pytest.mark.parametrize(("findings", "span"), [
    ("2019年1月27日至同年3月3日", (dt.date(2019, 1, 27), dt.date(2019, 3, 3))),
    ("2014年春节前至2016年春节前", (dt.date(2014, 1, 1), dt.date(2016, 2, 7))),   # the link read with neither date
])
def test_a_range_whose_end_is_the_next_date_written_is_that_range(findings: str, span: tuple) -> None:
    person, ex = _person(_judgment(ADULT, findings + "，被告人王大力在某地多次盗窃。"))
    assert [(o.start, o.end) for o in person.offence_dates] == [span]
    assert not [i for i in ex.review_items if i.field == "offence_dates"]


@pytest.mark.parametrize(("findings", "span"), [
    # a day that opened a running business: it ran until the raid
    ("2019年3月1日，被告人王大力在某地租赁厂房，雇佣工人加工塑料颗粒，废水未经处理直接排放。"
     "至2019年6月5日被公安机关查获。", (dt.date(2019, 3, 1), dt.date(2019, 6, 5))),
    # a period holding the raid's day ends on it
    ("2019年3月至6月间，被告人王大力在家中接受他人投注。至2019年6月5日被公安机关查获。",
     (dt.date(2019, 3, 1), dt.date(2019, 6, 5))),
    # a period that ended before the raid keeps its own end
    ("2019年3月至4月间，被告人王大力在家中接受他人投注。至2019年6月5日被公安机关查获。",
     (dt.date(2019, 3, 1), dt.date(2019, 4, 30))),
])
def test_a_sentence_of_its_own_that_dates_the_raid_ends_the_conduct_before_it(findings: str, span: tuple) -> None:
    """…雇佣工人加工…。至2016年4月25日被公安查获: the conduct the last dated act began ran until the
    raid — not the first day alone, which read the end of a running offence as its start."""
    person, ex = _person(_judgment(ADULT, findings))
    assert [(o.start, o.end) for o in person.offence_dates] == [span]
    assert person.first_procedure_date == dt.date(2019, 6, 5)


@pytest.mark.parametrize("lead", ["针对上述指控，公诉机关当庭出示了以下证据：", "公诉机关提供了如下证据：",
                                  "公诉机关提供了下列证据："])
def test_the_prosecutions_evidence_list_dates_no_act(lead: str) -> None:
    """The allegation ends where the prosecution lists its evidence; a date a listed item proves
    (报告单证实2019年5月27日被告人系怀孕妇女) is a state or a step of the inquiry, not an act."""
    text = HEAD + ADULT + "\n公诉机关指控：2019年3月1日，被告人王大力在某地盗窃电动车一辆。" + lead + \
        "1、被告人王大力的供述；2、医院检查报告单证实2019年5月27日被告人王大力系怀孕妇女。\n" + \
        "本院认为，被告人王大力犯盗窃罪。" + OPERATIVE
    person, _ = _person(text)
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]


@pytest.mark.parametrize(("clause", "dates"), [
    ("被告人王大力在某地盗窃时被民警当场抓获", [(dt.date(2019, 3, 1), dt.date(2019, 3, 1)),
                                               (dt.date(2019, 3, 5), dt.date(2019, 3, 5))]),
    ("被告人王大力在家中容留他人吸毒的过程中被抓获", [(dt.date(2019, 3, 1), dt.date(2019, 3, 1)),
                                                     (dt.date(2019, 3, 5), dt.date(2019, 3, 5))]),
    # what the accused was doing is no act
    ("被告人王大力在出入境窗口办理护照时被抓获", [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]),
    # the time is the police's, or the capture followed another event: the measure's day only
    ("民警在巡逻盘查时将被告人王大力抓获", [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]),
    ("被害人报警后，被告人王大力在家中睡觉时被民警抓获", [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]),
])
def test_a_day_the_accused_was_taken_in_the_act_is_an_acts_day(clause: str, dates: list) -> None:
    """…在贩卖光盘时被公安机关抓获: the day of the capture is an act's as well — not a date set
    aside for a reviewer, nor the measure's alone."""
    person, _ = _person(_judgment(ADULT, f"2019年3月1日，被告人王大力在某地盗窃电动车一辆。2019年3月5日，{clause}。"))
    assert sorted((o.start, o.end) for o in person.offence_dates) == dates


def test_the_day_taken_in_the_act_inside_the_persons_period_is_no_act_of_its_own() -> None:
    party = ADULT + "因涉嫌犯容留他人吸毒罪于2019年6月6日被刑事拘留。"
    person, _ = _person(_judgment(party, "2019年3月份开始，被告人王大力在其出租房内多次容留他人吸食毒品。"
                                         "同年6月5日，被告人王大力在出租房内容留他人吸毒时被民警查获。"))
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2019, 3, 1), dt.date(2019, 6, 6))]


def test_a_raid_after_another_date_ends_no_act() -> None:
    """Only the act dated just before the raid's sentence ran until it: a measure between them
    leaves the act its own day."""
    person, _ = _person(_judgment(ADULT, "2019年3月1日，被告人王大力在某地盗窃电动车一辆。"
                                         "2019年3月5日，被告人王大力被公安机关传唤。至2019年6月5日被公安机关查获。"))
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]


def test_the_end_of_a_range_whose_start_is_garbled_is_still_unread() -> None:
    person, ex = _person(_judgment(ADULT, "被告人王大力于201811月至2019年3月在某地多次盗窃电动车。"))
    assert person.offence_dates == []
    assert any(i.reason == R.OFFENCE_UNREAD.reason for i in ex.review_items)


def test_someones_birth_written_with_sheng_alone_or_after_its_word_is_no_offence_date() -> None:
    person, _ = _person(_judgment(ADULT, "2016年12月24日18时许，被告人王大力驾车撞到行人庄某（男，1963年9月生，某地人）"
                                         "及吴某（女，1964年3月生人）、李某（出生于2001年3月9日）和赵某（出生日期为2001年1月2日）。"))
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2016, 12, 24), dt.date(2016, 12, 24))]


def test_an_allegation_the_court_adopts_without_findings_of_its_own_is_read() -> None:
    """Summary procedure: the court sets out the allegation (指控被告人X于…) and adopts it (上述事实…足以
    认定) with no 经审理查明 of its own. The day of the indictment (指控被告人X犯…罪于…提起公诉) is none."""
    text = (HEAD + ADULT + "\n某区人民检察院以某检刑诉（2019）1号起诉书指控被告人王大力犯盗窃罪于2019年5月1日向本院提起公诉。"
            "本院依法适用简易程序，公开开庭审理了本案。现已审理终结。\n"
            "某区人民检察院指控被告人王大力于2019年3月1日12时许，在某地盗窃电动车一辆。\n"
            "上述事实，被告人王大力在开庭审理过程中亦无异议，并有证人证言等证据证实，足以认定。\n"
            "本院认为，被告人王大力犯盗窃罪。" + OPERATIVE)
    person, ex = _person(text)
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]
    assert not [i for i in ex.review_items if i.field == "offence_dates"]


@pytest.mark.parametrize("allegation", [
    "指控称，2019年3月1日12时许，李某、赵某（已判刑）在某地吃饭后结账，被告人王大力也在该处吃饭。",
    "指控被告人王大力犯盗窃罪的事实如下：\n2019年2月18日，被害人刘某因手术入院。2019年3月1日12时许，被告人王大力在某地"
    "盗窃电动车一辆。",
])
def test_an_allegation_announced_as_such_is_read_where_the_court_confirms_it_without_dates(allegation: str) -> None:
    """指控称，… and 指控…的事实如下： open the allegation as 指控： does; the court's own findings
    (经审理查明，公诉机关指控…的事实清楚) confirm it and date nothing."""
    text = (HEAD + ADULT + "\n某区人民检察院以某检刑诉（2019）1号起诉书指控被告人王大力犯盗窃罪于2019年5月1日向本院提起公诉。"
            "本院依法适用简易程序，公开开庭审理了本案。现已审理终结。\n某区人民检察院" + allegation +
            "\n经审理查明，公诉机关指控被告人王大力犯盗窃罪的事实清楚，证据确实、充分，本院予以确认。\n"
            "本院认为，被告人王大力犯盗窃罪。" + OPERATIVE)
    person, ex = _person(text)
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]


@pytest.mark.parametrize("findings", [
    # an appeal setting out the first instance's findings (某县人民法院认定，…)
    "某县人民法院认定，2019年3月1日12时许，被告人王大力在某地盗窃电动车一辆。",
    # a finding that runs straight on into the accused and the day (经二审审理查明上诉人X分别于…)
    "经二审审理查明上诉人王大力于2019年3月1日在某地盗窃电动车一辆的事实、证据与一审相同。",
])
def test_an_appeals_findings_are_read_where_they_open_without_a_heading_of_their_own(findings: str) -> None:
    """An appeal judgment: the findings open on the first instance court's name or run straight on
    from 查明; the court's later 原判认定事实清楚 is no heading of findings."""
    text = ("某市中级人民法院\n刑事判决书\n（2019）某01刑终1号\n原公诉机关某县人民检察院。\n"
            "上诉人（原审被告人）王大力，男，1990年1月1日出生。因涉嫌犯盗窃罪于2019年3月9日被刑事拘留。\n"
            "某县人民法院审理某县人民检察院指控原审被告人王大力犯盗窃罪一案，于2019年6月1日作出（2019）某0101刑初1号"
            "刑事判决。原审被告人王大力不服，提出上诉。本院依法组成合议庭审理了本案。现已审理终结。\n" + findings +
            "\n原判认定事实清楚，证据确实充分。\n本院认为，上诉人王大力犯盗窃罪。依照《中华人民共和国刑事诉讼法》"
            "第二百三十六条之规定，判决如下：\n一、撤销某县人民法院（2019）某0101刑初1号刑事判决；\n"
            "二、上诉人王大力犯盗窃罪，判处有期徒刑六个月。\n")
    person, ex = _person(text)
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]
    assert not [i for i in ex.review_items if i.field == "offence_dates"]


@pytest.mark.parametrize("facts, days", [
    ("2019年3月1日晚上，被告人王大力与李某约定交易后，于次日17时许在某地将毒品交给李某。", [1, 2]),
    ("2019年3月1日，被告人王大力在某地盗窃电动车一辆，次日被公安机关抓获。", [1]),        # a measure
    ("2019年3月1日，被告人王大力盗窃电动车一辆，3月5日又盗窃一辆，次日将车卖掉。", [1, 5, 6]),   # the day before is 5日's
], ids=["next day's act", "next day's measure", "after another date"])
def test_a_later_clause_on_the_next_day_dates_its_acts(facts: str, days: list[int]) -> None:
    person, _ = _person(_judgment(ADULT, facts))
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2019, 3, d), dt.date(2019, 3, d)) for d in days]


def test_the_raid_that_ends_a_conduct_is_no_act_of_its_own() -> None:
    person, _ = _person(_judgment(ADULT, "2019年3月至5月1日期间，被告人王大力在某地开设赌场，从中抽头渔利。"
                                         "同年5月1日，该赌场被公安机关依法查处，民警从被告人王大力处扣押人民币200元。"))
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2019, 3, 1), dt.date(2019, 5, 1))]


@pytest.mark.parametrize("later", [
    "另查明，被告人王大力于2019年5月15日，庭审前出具悔过书，并向本院缴纳九万元作为罚金。",
    "本案在审理过程中，附带民事诉讼原告人李某于2019年5月15日向本院递交撤回附带民事诉讼申请，本院已裁定准许。",
], ids=["remorse and fine", "civil claim withdrawn"])
def test_remorse_a_fine_paid_and_a_civil_claim_withdrawn_are_no_offences(later: str) -> None:
    person, _ = _person(_judgment(ADULT, "2019年3月1日，被告人王大力在某地盗窃电动车一辆。" + later))
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]


def test_a_supervisory_commissions_hold_and_a_reconciliation_are_no_offences() -> None:
    """留置 (Supervision Law art. 22) is a state functionary's first measure; 和解协议 a settlement."""
    person, _ = _person(_judgment(ADULT, "2019年3月1日，被告人王大力在某地盗窃电动车一辆。2019年4月2日，被告人王大力的"
                                         "亲属与被害人达成和解协议。2019年5月6日，某市监察委员会对被告人王大力立案审查调查。"
                                         "2019年5月8日，被告人王大力被某市监察委员会采取留置措施。"))
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]
    assert person.first_procedure_date == dt.date(2019, 5, 8)


@pytest.mark.parametrize("other", [
    "2019年2月20日，被害人李某向施某转包山场林木。",          # a victim's dealings
    "2019年2月20日，张某1与施某签订转让合同。",               # a pseudonym the file has no party paragraph for
    "2019年2月20日国和公司股东变更为黄某。",                  # a company's event
    "2019年3月2日凌晨，李某2清醒后报警。",
    "2019年3月10日，被告人王大力的亲属与被害人达成和解，赔偿损失。",
    "2019年3月12日，被告人王大力到公安局交待犯罪事实。",
    "2019年3月13日，其亲属向公安机关退缴赃款一万元。",
])
def test_a_date_told_of_someone_else_is_not_the_only_defendants(other: str) -> None:
    """A date whose sentence names no accused is the only defendant's by default — not where the
    sentence is about someone else, a settlement, a surrender or money handed back."""
    person, ex = _person(_judgment(ADULT, other + "2019年3月1日，被告人王大力在某地盗窃电动车一辆。"))
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]
    assert not [i for i in ex.review_items if i.field == "offence_dates"]   # an adult on every one of those days


def test_a_date_told_of_a_victim_goes_to_a_reviewer_where_it_could_move_the_age() -> None:
    """被害人李某…被抢走手机 may date the act the sentence does not name: for someone who turned 18
    between that day and the one the findings do name, a reviewer reads it."""
    near = ADULT.replace("1990年1月1日", "2001年2月25日")
    person, ex = _person(_judgment(near, "2019年2月20日，被害人李某在某地被抢走手机一部。"
                                         "2019年3月1日，被告人王大力在某地盗窃电动车一辆。"))
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]
    assert [(i.reason, i.value) for i in ex.review_items if i.field == "offence_dates"] == [
        (R.OFFENCE_OTHER_SUBJECT.reason, "2019年2月20日")]


def test_a_sentence_about_the_victim_that_names_the_accused_by_role_is_the_accuseds() -> None:
    person, _ = _person(_judgment(ADULT, "2019年3月1日，被害人李某在某地遭被告人等人殴打致轻伤。"))
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]


def test_a_clause_runs_on_across_a_line_break_that_ends_no_sentence() -> None:
    """A scan's line break in mid-sentence (…东侧菜市场 / 内，被告人…) ends no clause: the names on the
    next line are the date's; a break after a stop, or before the next item of a list, still does."""
    party = ADULT + "\n被告人李小明，男，1991年1月1日出生。"
    ex = extract_text(_judgment(party, "1.2019年1月10日，在某区东侧菜市场\n内，被告人王大力伙同李小明以抽奖方式诈骗。\n"
                                       "2.2019年5月24日\n被告人李小明在某地盗窃电动车一辆。"))
    dated = {p.name: [(o.start, o.end) for o in p.offence_dates] for p in ex.persons if p.is_defendant}
    assert dated["王大力"] == [(dt.date(2019, 1, 10), dt.date(2019, 1, 10))]
    assert dated["李小明"] == [(dt.date(2019, 1, 10), dt.date(2019, 1, 10)), (dt.date(2019, 5, 24), dt.date(2019, 5, 24))]


@pytest.mark.parametrize("other", [
    "2019年3月2日，经被害人报警后，公安人员将被告人王大力抓获。",            # the clause after …后 is the day's news
    "2019年3月2日，被告人王大力因吸毒被民警查获。",
    "2019年3月2日，被告人王大力被某县公安局刑拘上网。",
    "2019年3月2日，被告人王大力在协助调查期间主动供述了全部犯罪事实。",
    "2019年3月2日，某市烟草专卖局工作人员在王大力的商店查扣上述卷烟。",
    "2019年3月2日，三名被害人向本院撤回起诉。",
    "2019年3月2日，被告人王大力在值班律师见证下签署《认罪认罚具结书》。",
    "2019年3月2日14时许，在某市某区某小区3-602室，被告人王大力被公安机关传唤到案。",   # the place, then the measure
    "2019年3月2日，经某县公安局交通警察大队认定，王大力负事故全部责任。",
    "2019年3月2日，经某市公安司法鉴定中心鉴定，被害人所受损伤为轻微伤。",   # the harm appraised later
    "2019年3月2日，被告人王大力的家属代其赔偿被害人经济损失人民币3000元，取得了被害人的谅解。",
])
def test_the_days_of_the_procedure_are_no_offence_dates(other: str) -> None:
    person, _ = _person(_judgment(ADULT, "2019年3月1日，被告人王大力在某地盗窃电动车一辆。" + other))
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]


def test_a_party_paragraph_wrapped_across_printed_lines_keeps_its_measures() -> None:
    """因本案于 / 2019年3月5日被某县公安局行政拘留十日，同年3月15日 / 转为刑事拘留: a line break on a
    printed page ends no sentence, so the detention is still this case's and closes the period."""
    party = ("被告人王大力，男，1990年1月1日出生。因本案于\n2019年3月5日被某县公安局行政拘留十日，同年3月15日\n"
             "转为刑事拘留，同年4月1日被逮捕。")
    person, _ = _person(_judgment(party, "2019年3月1日起，被告人王大力多次在某宾馆介绍他人卖淫。"))
    assert person.first_procedure_date == dt.date(2019, 3, 5)
    assert _dates(person) == [(dt.date(2019, 3, 1), dt.date(2019, 3, 5))]


@pytest.mark.parametrize("answer", ["关于上诉人王大力上诉称其不构成盗窃罪的上诉理由，经查，",
                                    "关于辩护人提出被告人王大力系从犯的辩护意见，经查，",
                                    "关于辩护人提出被告人王大力系从犯的辩\n护意见，经查，"])   # wrapped on the page
def test_the_courts_answer_to_an_argument_retells_no_act(answer: str) -> None:
    """The court's answer to an appeal ground or a defence argument is reasoning: a date it
    retells in its own words (2019年2月 for the findings' 3月1日) is no further act."""
    findings = "2019年3月1日，被告人王大力在某地盗窃电动车一辆。\n" + answer + "王大力于2019年2月即已预谋盗窃，其辩解不能成立。"
    person, _ = _person(_judgment(ADULT, findings))
    assert _dates(person) == [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]


@pytest.mark.parametrize("announce", ["，具体犯罪事实如下：", "。具体事实如下："])
def test_a_period_whose_acts_the_findings_list_sums_them_up(announce: str) -> None:
    """2016年7月6日至14日间，…多次容留…，具体犯罪事实如下：1、7月6日…: the period is no act of its own
    once the acts inside it are dated, whether the list is announced in its sentence or opens the
    next; a list whose first item is a period is that period."""
    person, _ = _person(_judgment(ADULT, f"2019年7月6日至14日间，被告人王大力多次容留他人吸毒{announce}\n"
                                         "1、2019年7月6日，被告人王大力在其住处容留李某吸毒。\n"
                                         "2、2019年7月14日，被告人王大力在其住处容留张某吸毒。"))
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2019, 7, 6), dt.date(2019, 7, 6)),
                                                                  (dt.date(2019, 7, 14), dt.date(2019, 7, 14))]
    person, _ = _person(_judgment(ADULT, "具体事实如下：（一）2019年5月至12月，被告人王大力骗取被害人侯某七万元；"
                                         "（二）2019年9月至11月，被告人王大力骗取被害人赵某五万元。"))
    assert (dt.date(2019, 5, 1), dt.date(2019, 12, 31)) in [(o.start, o.end) for o in person.offence_dates]


def test_a_month_written_with_fen_still_opens_a_period() -> None:
    party = ADULT + "因涉嫌犯容留他人吸毒罪于2019年6月13日被刑事拘留。"
    person, _ = _person(_judgment(party, "2019年3月份以来，被告人王大力在其出租房内多次容留他人吸食毒品。"))
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2019, 3, 1), dt.date(2019, 6, 13))]


@pytest.mark.parametrize(("dates", "days"), [
    ("2019年3月1日、3日晚", [1, 3]),
    ("2019年3月1日、3日和5日", [1, 3, 5]),
    ("2019年3月5日、3日", [5]),             # not later: no day of this list
])
def test_days_listed_with_their_numerals_alone_are_days_of_the_same_month(dates: str, days: list) -> None:
    person, _ = _person(_judgment(ADULT, f"被告人王大力于{dates}，先后在某地盗窃电动车。"))
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2019, 3, d), dt.date(2019, 3, d)) for d in days]


def test_dates_listed_together_share_the_measure_of_their_clause() -> None:
    party = ADULT.replace("被告人王大力", "被告人王大力", 1)
    person, _ = _person(_judgment(party, "2019年3月1日，被告人王大力在某地盗窃电动车一辆。"
                                         "2019年6月6日和6月14日，被告人王大力分别向公安机关投案。"))
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]


def test_the_next_day_told_of_a_measure_against_the_accused_is_no_act_of_theirs() -> None:
    person, _ = _person(_judgment(ADULT, "2019年3月1日21时许，被告人王大力在某酒店房间内对被害人实施强奸。"
                                         "次日凌晨，李某2清醒后报警，民警当日将王大力抓获。"))
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]


def test_findings_running_straight_on_after_their_heading_are_read() -> None:
    person, _ = _person(HEAD + ADULT + "\n经审理查明2019年3月1日凌晨被告人王大力在某地盗窃电动车一辆。\n"
                        "本院认为，被告人王大力犯盗窃罪。" + OPERATIVE)
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]


def test_the_first_measure_after_a_release_bounds_the_offences() -> None:
    """Detained, bailed, held again: an offence may fall on bail, so the bound is the second custody."""
    party = "被告人王大力，男，1990年1月1日出生。因涉嫌犯盗窃罪于2019年3月5日被刑事拘留，同月20日被取保候审；同年5月2日被逮捕。"
    person, _ = _person(_judgment(party, "2019年3月1日，被告人王大力在某地盗窃。"))
    assert person.first_procedure_date == dt.date(2019, 5, 2)


def test_no_bound_where_an_offence_read_falls_after_the_first_measure() -> None:
    party = "被告人王大力，男，1990年1月1日出生。因涉嫌犯盗窃罪于2019年3月5日被刑事拘留。"
    person, _ = _person(_judgment(party, "2019年3月1日，被告人王大力在某地盗窃。2019年4月1日，被告人王大力在某地盗窃。"))
    assert person.first_procedure_date is None


# ------------------------------------------------------------ earlier records

def test_earlier_records_are_records_never_offence_dates() -> None:
    party = ("被告人王大力，男，2000年1月1日出生。2017年6月10日因犯盗窃罪被某区人民法院判处有期徒刑六个月，同年10月9日刑满释放；"
             "2019年1月2日因吸毒被某公安分局行政拘留十日。因涉嫌犯盗窃罪于2019年3月5日被刑事拘留。")
    person, _ = _person(_judgment(party, "2019年3月1日，被告人王大力在某地盗窃。被告人王大力曾于2017年6月10日被判处有期徒刑。"))
    assert [(r.kind, r.decided_on, r.months, r.juvenile) for r in person.prior_records] == [
        ("criminal", dt.date(2017, 6, 10), 6, True),     # decided before his 18th birthday: a minor's
        ("administrative", dt.date(2019, 1, 2), None, None)]
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]
    assert person.first_procedure_date == dt.date(2019, 3, 5)


@pytest.mark.parametrize(("prior", "asked"), [
    ("曾因犯盗窃罪于2004年4月19日被某区人民法院判处有期徒刑二年。", False),   # 14 by then: an adult in 2019
    ("曾因犯盗窃罪于2016年4月19日被某区人民法院判处有期徒刑二年。", True),    # perhaps 17 in 2019
    ("曾因吸毒于2004年4月19日被某公安分局行政拘留十日。", True),              # no criminal responsibility shown
    ("", True),
])
def test_an_earlier_conviction_can_settle_what_a_left_out_birth_date_leaves_open(prior: str, asked: bool) -> None:
    """A published copy that leaves the birth date out (被告人王大力，男。) but dates an earlier
    conviction: no one is convicted of conduct before 14 (Criminal Law art. 17), so one convicted in
    2004 was an adult in 2019 — no question for a reviewer, and the rules decide on it."""
    from models.record import DecisionRecord, Review, Source
    from models.rules import decide_record
    text = _judgment("被告人王大力，男，汉族。" + prior + "因涉嫌犯盗窃罪于2019年3月5日被刑事拘留。",
                     "2019年3月1日，被告人王大力在某地盗窃电动车一辆。")
    person, ex = _person(text)
    assert person.birth_date is None
    assert any(i.field == "birth_date" for i in ex.review_items) is asked
    record = decide_record(DecisionRecord("x", Source("x.pdf", "x", 1), ex.case, list(ex.persons),
                                          Review(list(ex.review_items))))
    decision = next(p for p in record.persons if p.name == "王大力").decision
    assert decision is not None and decision.outcome == ("review" if asked else "not_eligible")


_EARLIER_TERM = "曾因故意犯罪被判处有期徒刑，在刑罚执行完毕后五年以内再犯应当判处有期徒刑以上刑罚之罪"


@pytest.mark.parametrize(("reasoning", "found"), [
    (f"本院认为，被告人王大力犯盗窃罪。被告人王大力{_EARLIER_TERM}，系累犯，依法应当从重处罚。", True),
    (f"本院认为，被告人王大力{_EARLIER_TERM}，是累犯，且系毒品再犯。", True),
    (f"本院认为，被告人{_EARLIER_TERM}，构成累犯。", True),                  # the one accused, unnamed
    ("本院认为，被告人王大力犯盗窃罪。辩护人提出的被告人王大力不构成累犯的意见，本院予以采纳。", False),  # denied
    ("本院认为，被告人王大力犯盗窃罪。公诉机关认为被告人王大力系累犯，证据不足。", False),  # a claim only
    ("本院认为，被告人王大力危害国家安全，系特别累犯。", False),                # art. 66: no exception
    ("本院认为，被告人王大力犯盗窃罪。", False),
])
def test_the_courts_finding_of_recidivism_settles_a_left_out_birth_date(reasoning: str, found: bool) -> None:
    """No recidivist since 2011-05-01 committed either crime under 18 (Criminal Law art. 65 as
    amended): the court's finding makes a 2019 theft an adult's, with no birth date in the file."""
    from models.record import DecisionRecord, Review, Source
    from models.rules import decide_record
    text = _judgment("被告人王大力，男，汉族。因涉嫌犯盗窃罪于2019年3月5日被刑事拘留。",
                     "2019年3月1日，被告人王大力在某地盗窃电动车一辆。", reasoning)
    person, ex = _person(text)
    assert person.recidivist is found
    assert [e.field for e in person.evidence if e.field == "recidivist"] == (["recidivist"] if found else [])
    assert any(i.field == "birth_date" for i in ex.review_items) is not found
    record = decide_record(DecisionRecord("x", Source("x.pdf", "x", 1), ex.case, list(ex.persons),
                                          Review(list(ex.review_items))))
    decision = next(p for p in record.persons if p.name == "王大力").decision
    assert decision is not None and decision.outcome == ("not_eligible" if found else "review")
    assert any("第六十五条" in c for c in decision.citations) is found


@pytest.mark.parametrize(("age", "signed", "adult"), [
    ("28岁", "\n审判员  张某\n二〇一九年六月一日\n书记员  李某\n", True),
    ("19岁", "\n审判员  张某\n二〇一九年六月一日\n书记员  李某\n", False),   # within the nominal margin of 18
    ("28岁", "", False),                                                     # no date the age held on
])
def test_an_age_in_years_a_dated_judgment_states_settles_an_adult(age: str, signed: str, adult: bool) -> None:
    """被告人王大力，男，28岁: no birth date, but the judgment signed in 2019 makes a 2019 theft an
    adult's; an age close to 18, or one no document date anchors, is a reviewer's question."""
    from models.record import DecisionRecord, Review, Source
    from models.rules import decide_record
    text = _judgment(f"被告人王大力，男，{age}，汉族。", "2019年3月1日，被告人王大力在某地盗窃电动车一辆。") + signed
    person, ex = _person(text)
    assert person.stated_age == int(age[:-1])
    assert any(i.reason == R.AGE_ONLY.reason for i in ex.review_items) is not adult
    record = decide_record(DecisionRecord("x", Source("x.pdf", "x", 1), ex.case, list(ex.persons),
                                          Review(list(ex.review_items))))
    decision = next(p for p in record.persons if p.name == "王大力").decision
    assert decision is not None and decision.outcome == ("not_eligible" if adult else "review")
    assert any("虚岁" in r for r in decision.reasons) is adult


def test_the_law_quoted_in_the_appendix_is_no_finding_of_recidivism() -> None:
    appendix = ("\n附：相关法律条文\n《中华人民共和国刑法》第六十五条被判处有期徒刑以上刑罚的犯罪分子，刑罚执行完毕"
                "或者赦免以后，在五年以内再犯应当判处有期徒刑以上刑罚之罪的，是累犯，应当从重处罚。")
    person, _ = _person(_judgment("被告人王大力，男。", "2019年3月1日，被告人王大力在某地盗窃。") + appendix)
    assert person.recidivist is False


# ------------------------------------------------------------ the court's finding of age

def test_the_courts_finding_of_age_is_cited() -> None:
    person, _ = _person(_judgment("被告人王大力，男。", "2019年3月1日，被告人王大力在某地盗窃。",
                                  "本院认为，被告人王大力犯盗窃罪。被告人王大力犯罪时未满十八周岁，依法应当减轻处罚。"))
    assert person.court_minor_finding is True
    assert any(e.field == "court_minor_finding" and "未满十八周岁" in e.text for e in person.evidence)


@pytest.mark.parametrize("reasoning", [
    "本院认为，被告人王大力犯盗窃罪。辩护人提出被告人王大力作案时系未成年人，请求从轻处罚。",   # a party's claim
    "本院认为，被告人王大力犯盗窃罪，被害人系未成年人。",                                   # the victim's age
    "本院认为，被告人王大力犯盗窃罪，其盗窃对象均系未成年人。",
])
def test_no_finding_from_a_claim_or_from_someone_elses_age(reasoning: str) -> None:
    person, _ = _person(_judgment("被告人王大力，男。", "2019年3月1日，被告人王大力在某地盗窃。", reasoning))
    assert person.court_minor_finding is None


@pytest.mark.parametrize(("basis", "found"), [
    ("第二百六十四条、第十七条第三款", True),
    ("第二百六十四条、第十七条第一、三款", True),
    ("第二百六十四条、第十七条", True),
    ("第二百六十四条、第十七条第一款", False),    # binds adults from sixteen up: no finding of minority
    ("第二百六十四条、第十七条之一", False),      # the elderly
    ("第二百六十四条、《最高人民法院关于审理未成年人刑事案件具体应用法律若干问题的解释》第十七条", False),  # another law's
])
def test_article_17_applied_to_the_only_accused(basis: str, found: bool) -> None:
    operative = f"依照《中华人民共和国刑法》{basis}之规定，判决如下：\n被告人王大力犯盗窃罪，判处有期徒刑一年。\n"
    person, _ = _person(_judgment("被告人王大力，男。", "2019年3月1日，被告人王大力在某地盗窃。", operative=operative))
    assert person.court_minor_finding is (True if found else None)


@pytest.mark.parametrize("reasoning", [
    "本院认为，被告人王大力猥亵不满十四周岁的幼女，其行为构成猥亵儿童罪。",
    "本院认为，被告人王大力猥亵不满十四周岁幼女，依法从重处罚。",
    "本院认为，被告人王大力犯强奸罪。被告人犯罪对象为未成年人，本院酌情从重处罚。",
    "本院认为，被告人王大力明知对方系未满十四周岁的幼女，仍与之发生性关系，其行为已构成强奸罪。",
])
def test_the_age_of_the_acts_object_is_no_finding_about_the_accused(reasoning: str) -> None:
    """不满十四周岁的幼女, 犯罪对象为未成年人: the victim's age, however close to the accused's name."""
    person, _ = _person(_judgment("被告人王大力，男，汉族。", "2019年3月1日，被告人王大力在某地猥亵被害人。",
                                  reasoning=reasoning))
    assert person.court_minor_finding is None


def test_an_accused_said_to_be_a_minor_of_that_age_is_found_a_minor() -> None:
    person, _ = _person(_judgment("被告人王大力，男，汉族。", "2019年3月1日，被告人王大力在某地盗窃。",
                                  reasoning="本院认为，被告人王大力系不满十八周岁的未成年人，依法应当减轻处罚。"))
    assert person.court_minor_finding is True


def test_findings_of_age_that_disagree_are_no_finding() -> None:
    person, ex = _person(_judgment("被告人王大力，男。", "2019年3月1日，被告人王大力在某地盗窃。",
                                   "本院认为，被告人王大力犯罪时未满十八周岁，依法应当减轻处罚。被告人王大力犯罪时已满十八周岁。"))
    assert person.court_minor_finding is None and person.minor_at_offence is None
    assert any(i.person_id == person.person_id and i.reason == R.COURT_AGE_CONFLICT.reason for i in ex.review_items)


def test_a_finding_for_part_of_the_conduct_is_no_finding() -> None:
    person, _ = _person(_judgment("被告人王大力，男。", "2019年3月1日至2019年9月1日，被告人王大力在某地盗窃六次。",
                                  "本院认为，被告人王大力部分作案时系未成年人，应从轻处罚。",
                                  operative="依照《中华人民共和国刑法》第二百六十四条、第十七条之规定，判决如下：\n"
                                            "被告人王大力犯盗窃罪，判处有期徒刑一年。\n"))
    assert person.court_minor_finding is None


def test_a_computed_age_against_the_courts_finding_is_never_decided() -> None:
    person, ex = _person(_judgment(ADULT, "2019年3月1日，被告人王大力在某地盗窃。",
                                   "本院认为，被告人王大力犯罪时未满十八周岁，依法应当减轻处罚。"))
    assert person.court_minor_finding is True and person.minor_at_offence is None
    assert any(i.reason == R.COURT_AGE_CONTRADICTS.reason for i in ex.review_items)


def test_a_masked_birth_date_is_written_not_missing() -> None:
    """1998年×月×日: the year is evidence, the day is not invented. An act in 2016, the year of
    every 18th birthday of 1998, is open — unless the court finds the age."""
    masked = "被告人王大力，男，1998年×月×日出生。"
    person, ex = _person(_judgment(masked, "2016年3月1日，被告人王大力在某地盗窃。"))
    assert person.birth_date is None and person.birth_year == 1998
    assert [e.text for e in person.evidence if e.field == "birth_year"] == ["1998年×月×日"]
    assert [i.reason for i in ex.review_items if i.field == "birth_date"] == [R.BIRTH_MASKED.reason]
    person, ex = _person(_judgment(masked, "2016年3月1日，被告人王大力在某地盗窃。",
                                   "本院认为，被告人王大力犯罪时未满十八周岁，依法应当减轻处罚。"))
    assert person.court_minor_finding is True
    assert not [i for i in ex.review_items if i.field == "birth_date"]


@pytest.mark.parametrize(("birth", "act"), [
    ("1998年×月×日出生", "2015年3月1日"),    # born any day of 1998: 17 at most in 2015
    ("1990年×月×日出生", "2016年下半年"),    # a vague range, every day of it an adult's
    ("1973年生", "2007年5月2日"),            # a year alone: an adult any day of 2007
    ("出生于××××年", None),                  # nothing kept: open
])
def test_a_birth_year_kept_without_its_day_settles_what_it_can(birth: str, act: str | None) -> None:
    person, ex = _person(_judgment(f"被告人王大力，男，{birth}。", f"{act or '2015年3月1日'}，被告人王大力在某地盗窃。"))
    assert person.birth_date is None
    asked = [i.reason for i in ex.review_items if i.field == "birth_date"]
    assert asked == ([] if act else [R.BIRTH_MASKED.reason])


# ------------------------------------------------------------ co-offenders named in the findings

@pytest.mark.parametrize(("findings", "name", "minor"), [
    ("2019年3月1日，被告人王大力伙同另案处理的未成年人李小明在某地盗窃。", "李小明", True),
    ("2019年3月1日，被告人王大力伙同同案人张某某（犯罪时未满十八周岁，另案处理）在某地盗窃。", "张某某", True),
    ("2019年3月1日，被告人王大力伙同刘某（未达刑事责任年龄）在某地盗窃。", "刘某", True),
    ("2019年3月1日，被告人王大力伙同赵某甲（已判刑）在某地盗窃。", "赵某甲", None),
    ("2019年3月1日，被告人王大力伙同孙某(系未成年人，另柔处理)在某地盗窃。", "孙某", True),   # as a scan reads it
])
def test_co_offenders_named_only_in_the_findings(findings: str, name: str, minor: bool | None) -> None:
    ex = extract_text(_judgment(ADULT, findings))
    other = next(p for p in ex.persons if p.name == name)
    assert other.role == "other" and other.tried_separately
    assert other.court_minor_finding is minor and other.minor_at_offence is minor
    adult = next(p for p in ex.persons if p.name == "王大力")
    assert adult.court_minor_finding is None and adult.minor_at_offence is False


# ------------------------------------------------------------ on replayed OCR

def test_findings_read_on_a_scan() -> None:
    """The real OCR of a joint judgment: the court's findings of age cited on their page, the
    first measure and an earlier conviction read from the party paragraphs."""
    ex = extract(DossierText(_pages(OCR_PAGES)))
    found = {p.person_id: p for p in ex.persons if p.is_defendant}
    assert [found[k].court_minor_finding for k in ("P1", "P2", "P3")] == [True, True, None]
    assert [found[k].first_procedure_date for k in ("P1", "P2", "P3")] == [
        dt.date(2022, 2, 14), dt.date(2022, 2, 3), dt.date(2022, 3, 2)]
    assert all(e.page == 7 for k in ("P1", "P2") for e in found[k].evidence if e.field == "court_minor_finding")
    assert found["P3"].prior_records[0].kind == "criminal" and found["P3"].prior_records[0].months == 8


def test_a_damaged_cue_on_a_scan_still_makes_a_measures_date() -> None:
    """The same scan with the cue of the first measure misread (刑事拘留 → 刑事拘甾): still a
    measure, read through one glyph at the lower confidence of a repair."""
    damaged = OCR_PAGES.replace("日被刑事拘留，同年3月19日被取保候审", "日被刑事拘甾，同年3月19日被取保候审", 1)
    assert damaged != OCR_PAGES
    ex = extract(DossierText(_pages(damaged)))
    dates = {p.person_id: p.first_procedure_date for p in ex.persons if p.is_defendant}
    assert dates["P1"] == dt.date(2022, 2, 14)


# ------------------------------------------------------------ the lexicon

def test_anchor_phrases_through_a_line_break_and_one_misread_glyph() -> None:
    lexicon = Lexicon({"custody": ["刑事拘留", "逮捕"], "age": ["系未成年人"]}, exact=frozenset({"age"}))
    found = lexicon.search("custody", "于2019年3月5日被刑事拘\n留")
    assert found is not None and found.cost == 0 and found.confidence == 1.0
    found = lexicon.search("custody", "被刑事扣留")
    assert found is not None and found.cost == 1 and found.confidence == FUZZY_CONFIDENCE
    assert lexicon.search("custody", "被依法逮浦") is None        # a two-glyph word only as written
    assert lexicon.search("age", "另案处理的未成年人") is None     # an exact group: 的 is not 系
    assert lexicon.search("custody", "刑事拘，留") is None          # punctuation is no misreading


def test_a_malformed_lexicon_names_its_file(tmp_path: Path) -> None:
    bad = tmp_path / "lexicon.yaml"
    bad.write_text("custody: 刑事拘留\n", encoding="utf-8")
    with pytest.raises(ValueError, match="lexicon.yaml"):
        Lexicon.load(bad)


@pytest.mark.parametrize("findings, dates", [
    # the buyer's call, the sale the next day
    ("2019年3月1日，购毒人员李某通过微信联系被告人王大力购买毒品，并转账人民币500元。"
     "次日22时许，被告人王大力在某宾馆将毒品贩卖给李某。", [(dt.date(2019, 3, 2), dt.date(2019, 3, 2))]),
    # the request the day before; what was asked done the next day
    ("2019年3月1日下午，陈某叫被告人王大力帮忙开铲车。次日14时许，被告人王大力无证驾驶铲车。",
     [(dt.date(2019, 3, 2), dt.date(2019, 3, 2))]),
    # the family's payment after the act
    ("2019年3月1日，被告人王大力在某地盗窃电动车一辆。2019年3月5日，被告人王大力家属赔付被害人人民币3000元。",
     [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]),
    # the buyer's call with nothing dated after it: the sale came that day or later, up to the capture
    ("2019年3月1日，购毒人员李某电话联系被告人王大力购买毒品。随后，王大力在某地将毒品卖给李某。"
     "2019年3月1日23时许，公安机关在某地将被告人王大力抓获。", [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]),
])
def test_what_another_did_to_or_with_the_accused_is_no_act_of_theirs(findings: str, dates: list) -> None:
    """A sentence whose subject is someone else — a buyer, one who asks, the accused's family —
    and the accused only its object: the accused's act came that day or after (the next day's
    sale; the capture closes it where nothing else dates it), never on the other's day."""
    person, _ = _person(_judgment(ADULT, findings))
    assert _dates(person) == dates


@pytest.mark.parametrize("findings", [
    "2019年3月1日，被害人李某与被告人王大力因琐事发生争执，王大力持刀将李某刺伤。",   # joined to the subject
    "2019年3月1日，购毒人员李某联系被告人王大力，双方约定在某地交易，后王大力将毒品卖给李某。",   # both sides
    "2019年3月1日，被害人李某被被告人王大力打伤。",                                   # the agent of a passive
])
def test_an_accused_who_acts_in_anothers_sentence_has_its_day(findings: str) -> None:
    person, _ = _person(_judgment(ADULT, findings))
    assert _dates(person) == [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]


def test_a_day_of_the_same_month_is_placed_in_the_month_before() -> None:
    """同月19日 after 2019年6月: the 19th of June 2019, for acts as for measures."""
    person, _ = _person(_judgment(ADULT, "2019年6月3日，被告人王大力在某地盗窃电动车一辆。同月19日10时许，"
                                         "被告人王大力在某地盗窃手机一部。"))
    assert _dates(person) == [(dt.date(2019, 6, 3), dt.date(2019, 6, 3)), (dt.date(2019, 6, 19), dt.date(2019, 6, 19))]


@pytest.mark.parametrize("birth, reviewed", [("1990年1月1日", False), ("2001年6月10日", True)])
def test_a_month_that_sets_the_scene_of_acts_dated_in_it_is_no_act_of_its_own(birth: str, reviewed: bool) -> None:
    """2019年6月，…共谋实施诈骗。同月19日…: the month is the story's scene; the act is the 19th. A
    reviewer reads it only where an act of that month's own could fall on the other side of the
    18th birthday."""
    person, ex = _person(_judgment(ADULT.replace("1990年1月1日", birth),
                                   "2019年6月，被告人王大力与周某共谋实施诈骗。同月19日10时许，被告人王大力在某车站"
                                   "骗取被害人李某现金5000元。"))
    assert _dates(person) == [(dt.date(2019, 6, 19), dt.date(2019, 6, 19))]
    assert (R.OFFENCE_SETTING.reason in _offence_reasons(ex, person)) is reviewed


def test_a_month_written_as_an_acts_own_time_is_kept() -> None:
    """2019年6月的一天 and 2019年6月某日 are acts somewhere in the month, not its scene."""
    person, _ = _person(_judgment(ADULT, "2019年6月的一天，被告人王大力在某地盗窃电动车一辆。2019年6月19日，"
                                         "被告人王大力在某地盗窃手机一部。"))
    assert _dates(person) == [(dt.date(2019, 6, 1), dt.date(2019, 6, 30)), (dt.date(2019, 6, 19), dt.date(2019, 6, 19))]


@pytest.mark.parametrize("background", [
    "2019年5月份，被告人王大力通过QQ认识被害人李某后，二人发展为情侣关系。",
    "2010年8月3日，被告人王大力获得准驾车型C1的资格。",
    "2019年5月12日，被告人王大力与周某注册成立某某投资有限公司。",
])
def test_a_date_of_the_storys_background_before_a_dated_act_is_no_offence_date(background: str) -> None:
    """A sentence that tells only how the story began (an acquaintance, a licence, a company
    founded) is the scene of the act the findings date after it, not an act of its own."""
    person, ex = _person(_judgment(ADULT, background + "2019年6月3日8时，被告人王大力在某地盗窃电动车一辆。"))
    assert _dates(person) == [(dt.date(2019, 6, 3), dt.date(2019, 6, 3))]
    assert not _offence_reasons(ex, person)


def test_a_background_sentence_that_tells_of_an_act_too_is_read_as_ever() -> None:
    person, _ = _person(_judgment(ADULT, "2019年5月12日，被告人王大力结识被害人李某后骗取其现金5000元。"
                                         "2019年6月3日8时，被告人王大力在某地盗窃电动车一辆。"))
    assert _dates(person) == [(dt.date(2019, 5, 12), dt.date(2019, 5, 12)), (dt.date(2019, 6, 3), dt.date(2019, 6, 3))]


def test_a_night_at_a_hotel_sets_the_scene_of_the_next_mornings_theft() -> None:
    """2019年3月1日20时许，…约被害人到某酒店开房住宿。次日早上5时许，…盗走: one night; the theft is
    the next day's."""
    person, _ = _person(_judgment(ADULT, "2019年3月1日20时许，被告人王大力约被害人李某到某酒店开房住宿。"
                                         "次日早上5时许，被告人王大力趁李某熟睡之机将其手机盗走。"))
    assert _dates(person) == [(dt.date(2019, 3, 2), dt.date(2019, 3, 2))]


def test_a_sentence_that_sums_up_the_acts_is_no_act_of_its_own() -> None:
    """综上，2019年3月1日至4月5日，被告人…多次盗窃: the span of the acts told before it; a period of
    the person's own only where no act is dated inside it."""
    person, ex = _person(_judgment(ADULT, "2019年3月1日，被告人王大力在某地盗窃电动车一辆。2019年4月5日，被告人王大力"
                                          "在某地盗窃手机一部。综上，2019年3月1日至4月5日，被告人王大力多次盗窃他人财物。"))
    assert _dates(person) == [(dt.date(2019, 3, 1), dt.date(2019, 3, 1)), (dt.date(2019, 4, 5), dt.date(2019, 4, 5))]
    alone, ex = _person(_judgment(ADULT, "综上，2019年3月1日至4月5日，被告人王大力多次盗窃他人财物。"))
    assert _dates(alone) == [(dt.date(2019, 3, 1), dt.date(2019, 4, 5))]
    assert not _offence_reasons(ex, alone)


def test_a_court_enforcement_officers_visits_are_no_acts() -> None:
    """本院执行人员于…多次找被告人执行 (拒不执行判决): the court's doing, not the accused's."""
    person, _ = _person(_judgment(ADULT, "2019年3月1日，被告人王大力拒不履行生效判决确定的义务。本院执行人员于2019年5月4日"
                                         "找被告人王大力执行，被告人王大力拒不搬出。"))
    assert _dates(person) == [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]


def test_a_month_that_opens_an_item_of_a_numbered_list_is_an_act_of_its_own() -> None:
    """一、…二、2019年6月间，被告人…殴打他人。三、2019年6月30日…: each item an act; the month of
    the second is no scene of the third's day."""
    person, _ = _person(_judgment(ADULT, "一、2019年6月初，被告人王大力在某KTV殴打被害人李某。\n"
                                         "二、2019年6月间，被告人王大力在某烧烤店外持木棍殴打他人。\n"
                                         "三、2019年6月30日中午，被告人王大力在某学校门口殴打他人。"))
    assert _dates(person) == [(dt.date(2019, 6, 1), dt.date(2019, 6, 10)), (dt.date(2019, 6, 1), dt.date(2019, 6, 30)),
                              (dt.date(2019, 6, 30), dt.date(2019, 6, 30))]


@pytest.mark.parametrize(("party", "asked"), [
    (ADULT, False),                                      # both sides of the end adult: nothing to ask
    ("被告人王大力，男，2001年10月1日出生。", True),      # 18 on 2019-10-01: the end could cross it
])
def test_a_sentence_that_ends_the_conduct_is_no_act_and_asks_only_where_it_could_move_the_age(
        party: str, asked: bool) -> None:
    """直到2019年11月15日王大力才将挪用的资金归还: the day the conduct told before ended, its start
    open — no act of its own, and no garbled date: a reviewer reads it where it could carry the
    conduct across the 18th birthday."""
    person, ex = _person(_judgment(party, "2019年3月1日，被告人王大力利用职务便利挪用公款5万元。"
                                          "直到2019年11月15日王大力才将挪用的资金归还。"))
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]
    reasons = {i.reason for i in ex.review_items if i.person_id == person.person_id and i.field == "offence_dates"}
    assert (R.OFFENCE_CONDUCT_END.reason in reasons) is asked
    assert R.OFFENCE_UNREAD.reason not in reasons


@pytest.mark.parametrize(("ruling", "asked"), [
    ("裁定：一、撤销本院（2019）浙0102刑初54号刑事判决；二、发回本院重新审判", False),
    ("裁定撤销原判，发回重审", False),
    ("判决被告人王大力犯盗窃罪，判处有期徒刑十个月", True),   # an appeal's sentence the file does not hold
])
def test_a_remand_the_retrial_recites_is_no_later_ruling_left_unread(ruling: str, asked: bool) -> None:
    """A retrial's judgment tells how the case came back (…刑终52号刑事裁定书，裁定：…发回本院重新
    审判): that ruling came before the judgment, which is the one that counts. An appeal number told
    otherwise may be a ruling that changed the sentence, and the file holds no operative part of it."""
    procedure = ("本院于2019年6月1日作出（2019）浙0102刑初54号刑事判决，宣判后被告人王大力不服提起上诉，"
                 f"杭州市中级人民法院于2019年9月1日作出（2019）浙01刑终52号刑事裁定书，{ruling}。")
    person, ex = _person(_judgment(ADULT + procedure, "2019年3月1日，被告人王大力在某地盗窃电动车一辆。"))
    assert (R.OPERATIVE_UNREAD.reason in {i.reason for i in ex.review_items}) is asked


@pytest.mark.parametrize(("charge", "dates"), [
    ("非法持有毒品罪", [(dt.date(2019, 3, 1), dt.date(2019, 3, 1)), (dt.date(2019, 3, 5), dt.date(2019, 3, 5))]),
    ("容留他人吸毒罪", [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]),
])
def test_the_day_a_thing_was_seized_is_a_day_of_its_possession(charge: str, dates: list) -> None:
    """2019年3月5日，民警在被告人家中抓获被告人，后在其卧室内搜出毒品: convicted of possession, the
    person held the drugs that day — a day of the offence, though the sentence tells of no act. For
    another offence the seizure dates the inquiry, not an act."""
    operative = f"依照《中华人民共和国刑法》第三百四十八条之规定，判决如下：\n被告人王大力犯{charge}，判处有期徒刑一年。\n"
    person, _ = _person(_judgment(ADULT, "2019年3月1日，被告人王大力在其家中容留李某吸食毒品。"
                                         "2019年3月5日，民警在某小区一民宅内抓获被告人王大力，后在该民宅内搜出毒品3小包。",
                                  f"本院认为，被告人王大力犯{charge}。", operative))
    assert sorted((o.start, o.end) for o in person.offence_dates) == dates


@pytest.mark.parametrize(("after", "dates"), [
    # the next item of the findings, with its own evidence: read
    ("二、2019年5月某日晚，被告人王大力在某地盗窃电瓶一个。对于上述事实，有证人证言证实。",
     [(dt.date(2019, 3, 1), dt.date(2019, 3, 1)), (dt.date(2019, 5, 1), dt.date(2019, 5, 31))]),
    # a list that goes on in another numbering (the evidence's): not the findings
    ("2、2019年5月8日，被告人王大力的辨认笔录。", [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]),
])
def test_findings_told_item_by_item_each_with_its_evidence_are_read_to_the_last_item(after: str, dates: list) -> None:
    """一、…。对于上述事实，…足以认定。二、…: the findings go on past the first item's evidence, to
    the item numbered next; another list after the evidence is none of them."""
    person, _ = _person(_judgment(ADULT, "一、2019年3月1日，被告人王大力在某地盗窃电动车一辆。"
                                         "对于上述事实，被告人王大力在开庭审理过程中亦无异议，足以认定。" + after))
    assert sorted((o.start, o.end) for o in person.offence_dates) == dates


@pytest.mark.parametrize(("start", "end"), [("经审理查明", "本院认为"), ("经审理查明", "本院认\n为"),
                                          ("经审理查明", "上述事\n实"), ("经审理查\n明", "本院认为")])
def test_the_findings_end_at_their_closing_words_wherever_a_page_wrapped_them(start: str, end: str) -> None:
    """A printed page breaks its lines anywhere, inside 查明 and 本院认为 too: the findings still
    start and end there, and a date the reasoning retells (其早在2019年2月即已预谋) is no act."""
    text = (HEAD + ADULT + "\n" + start + "：2019年3月1日，被告人王大力在某地盗窃电动车一辆。\n" + end +
            "，被告人王大力早在2019年2月即已预谋盗窃。\n" + OPERATIVE)
    person, _ = _person(text)
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]


@pytest.mark.parametrize(("facts", "dates"), [
    # a year that opens a conduct (2016年开始，…销售): from its first day to the first measure
    ("2018年开始，被告人王大力在其经营的药店内加价销售假药。",
     [(dt.date(2018, 1, 1), dt.date(2019, 3, 9))]),
    # a year that opens the story's background (…开始共同居住): the scene of the dated act, no act
    ("被告人王大力与李某同居多年。2018年开始共同居住于某地。2019年2月份一天下午，被告人王大力在家中殴打李某。",
     [(dt.date(2019, 2, 1), dt.date(2019, 2, 28))]),
], ids=["conduct", "background"])
def test_a_year_followed_by_kaishi_opens_a_conduct_but_not_a_background(facts: str, dates: list) -> None:
    person, _ = _person(_judgment(ADULT + "因涉嫌犯盗窃罪于2019年3月9日被刑事拘留。", facts))
    assert sorted((o.start, o.end) for o in person.offence_dates) == dates


def test_an_appeal_reads_the_findings_the_first_instance_court_announced() -> None:
    """原审法院认定： opens the first instance's findings, as 原判认定 and 某县人民法院认定 do — also
    where the grounds of appeal after them quote 原审判决认定事实不清."""
    text = ("某市中级人民法院\n刑事判决书\n（2019）某01刑终1号\n原公诉机关某县人民检察院。\n"
            "上诉人（原审被告人）王大力，男，1990年1月1日出生。因涉嫌犯挪用资金罪于2019年3月9日被刑事拘留。\n"
            "某县人民法院审理某县人民检察院指控原审被告人王大力犯挪用资金罪一案，于2019年6月1日作出（2019）某0101刑初1号"
            "刑事判决。原审被告人王大力不服，提出上诉。本院依法组成合议庭审理了本案。现已审理终结。\n"
            "原审法院认定：\n某公司系某集团出资成立。2019年1月10日，被告人王大力利用职务便利，将公司资金10万元挪作个人使用。\n"
            "原审法院认为，被告人王大力犯挪用资金罪，判处有期徒刑一年。宣判后，原审被告人王大力不服，以“原审判决认定事实不清，"
            "量刑过重”为由，提出上诉。\n经二审审理查明的事实和证据与一审相同。\n本院认为，上诉人王大力犯挪用资金罪。"
            "依照《中华人民共和国刑事诉讼法》第二百三十六条之规定，判决如下：\n驳回上诉，维持原判。\n")
    person, _ = _person(text)
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2019, 1, 10), dt.date(2019, 1, 10))]


@pytest.mark.parametrize(("facts", "dates"), [
    # a measure's word in a company's name (机动车辆检测有限公司): the accused company, not a test
    ("2018年7月，被告单位某某机动车辆检测有限公司、被告人王大力未经批准，擅自占用耕地建检测站。",
     [(dt.date(2018, 7, 1), dt.date(2018, 7, 31))]),
    # the company that appraises (经某某司法鉴定有限公司鉴定): a measure all the same
    ("2018年7月1日，被告人王大力在某地殴打李某。2018年8月2日，经某某司法鉴定有限公司鉴定，李某所受损伤为轻微伤。",
     [(dt.date(2018, 7, 1), dt.date(2018, 7, 1))]),
], ids=["accused company", "appraising company"])
def test_a_measures_word_inside_a_companys_name_tells_of_no_measure(facts: str, dates: list) -> None:
    person, _ = _person(_judgment(ADULT, facts))
    assert sorted((o.start, o.end) for o in person.offence_dates) == dates


@pytest.mark.parametrize(("clause", "dated"), [
    ("2019年3月1日，被告人李四驾驶被告人张三的货车在某地盗窃电动车一辆。", False),   # the truck's owner
    ("2019年3月1日，被告人李四受被告人张三的指使在某地盗窃电动车一辆。", True),      # his instigation
], ids=["owner", "instigator"])
def test_an_accused_named_only_as_an_owner_in_anothers_act_is_not_its_actor(clause: str, dated: bool) -> None:
    """The clause opens on one accused and names another only by a 的 (张三的货车): the act is
    the first one's; a 的 that leads to the other's part (张三的指使) makes them an actor too."""
    text = HEAD + TWO + "\n经审理查明：" + clause + "2019年3月5日，被告人张三在某地盗窃电瓶一个。\n" + TWO_OPERATIVE
    person, ex = _person(text, "张三")
    expected = [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))] * dated + [(dt.date(2019, 3, 5), dt.date(2019, 3, 5))]
    assert sorted((o.start, o.end) for o in person.offence_dates) == expected
    other = next(p for p in ex.persons if p.name == "李四")
    assert [(o.start, o.end) for o in other.offence_dates] == [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]


@pytest.mark.parametrize(("party", "answer", "asked"), [
    (ADULT, "", False),                                              # the authority's visit alone: no act
    (ADULT, "，王大力仍表示坚决不搬离", False),                       # an answer, but an adult's either way
    ("被告人王大力，男，2001年3月10日出生。", "，王大力仍表示坚决不搬离", True),   # 18 between the two days
], ids=["visit", "adult answers", "turns 18 between"])
def test_an_authoritys_visit_on_listed_days_is_no_act_but_the_accuseds_answer_may_be(party: str, answer: str,
                                                                                    asked: bool) -> None:
    """2019年3月8日及3月20日，本院执行人员找到被告人…: the listed days open the authority's clause as
    one day does; where the sentence goes on to the accused's answer, that day may be an act's —
    a reviewer's where it could move the age."""
    person, ex = _person(_judgment(party, "2019年3月1日，被告人王大力在某地拒不执行判决。2019年3月8日及3月20日，"
                                          "本院执行人员找到被告人王大力要求其搬离" + answer + "。"))
    assert [(o.start, o.end) for o in person.offence_dates] == [(dt.date(2019, 3, 1), dt.date(2019, 3, 1))]
    assert (R.OFFENCE_UNREAD.reason in _offence_reasons(ex, person)) is asked


@pytest.mark.parametrize(("party", "asked"), [
    (ADULT, False),
    ("被告人王大力，男，2001年6月1日出生。", True),    # 18 after the last act, before the case broke
], ids=["adult", "minor at the last act"])
def test_conduct_said_to_run_until_the_case_broke_is_a_reviewers_where_it_could_cross_18(party: str,
                                                                                       asked: bool) -> None:
    """截至案发，…: the conduct may have gone on past the last dated act, to a day the findings do
    not give — asked about only where that could carry it past the 18th birthday."""
    person, ex = _person(_judgment(party, "2019年3月，被告人王大力加入某传销组织。同年5月，被告人王大力担任总管。"
                                          "截至案发，被告人王大力直接或者间接发展下线人员40余人。"))
    assert (R.OFFENCE_TO_CASE_BROKE.reason in _offence_reasons(ex, person)) is asked


@pytest.mark.parametrize(("party", "charge", "asked"), [
    ("被告人王大力，男，2001年3月15日出生。因涉嫌犯罪于2019年3月20日被刑事拘留。", "非法拘禁罪", True),
    ("被告人王大力，男，2001年3月15日出生。因涉嫌犯罪于2019年3月20日被刑事拘留。", "盗窃罪", False),
    (ADULT + "因涉嫌犯罪于2019年3月20日被刑事拘留。", "非法拘禁罪", False),
    (ADULT, "非法拘禁罪", False),
], ids=["continuing, 18 before the measure", "one day's act", "adult", "adult, no measure and no date of judgment"])
def test_a_continuing_offence_may_outlast_its_dated_start(party: str, charge: str, asked: bool) -> None:
    """继续犯 (非法拘禁罪, 拒不执行判决、裁定罪 …) lasts until its unlawful state ends: from the day the
    findings give to the first measure it may have crossed the 18th birthday — a reviewer's then;
    never an adult's, however long it may have run (with no measure and no date of the judgment)."""
    operative = f"依照《中华人民共和国刑法》之规定，判决如下：\n被告人王大力犯{charge}，判处有期徒刑一年。\n"
    person, ex = _person(_judgment(party, "2019年3月1日，被告人王大力在某地将李某控制。",
                                   f"本院认为，被告人王大力犯{charge}。", operative))
    assert (R.OFFENCE_CONTINUING.reason in _offence_reasons(ex, person)) is asked


def test_an_appeal_ruling_among_the_evidence_is_no_later_ruling_left_unread() -> None:
    """上述事实，…且有…某市中级人民法院（2015）某刑终字第139号刑事裁定书…等证据证实: a document the
    court read before judging (here a prior conviction's appeal), not a later ruling of this case."""
    findings = ("2019年3月1日，被告人王大力在某地盗窃电动车一辆。\n上述事实，被告人王大力在开庭审理过程中亦无异议，"
                "且有到案经过，某市中级人民法院（2015）某刑终字第139号刑事裁定书，证人证言等证据证实，足以认定。")
    person, ex = _person(_judgment(ADULT, findings))
    assert R.OPERATIVE_UNREAD.reason not in {i.reason for i in ex.review_items}
    assert person.disposition is not None and person.disposition.months == 12
