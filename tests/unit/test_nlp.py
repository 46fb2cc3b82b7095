"""The spaCy extraction pipeline on dossier text written in the style of real files
(shared/domain/dossier-anatomy.md): roles, identifiers, dates, dispositions, doubts."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from extractors import numerals
from extractors.nlp import CONFIDENCE_THRESHOLD, PIPELINE, Extraction, extract, extract_text, load_pipeline
from extractors.nlp import patterns as P
from extractors.nlp import reasons as R
from extractors.text import DossierText, Glyph, PageText
from models import idnumber
from models.record import Person
from models.rules.facts import Issue

D = dt.date
MINOR_ID = idnumber.make("330102", D(2004, 3, 15), 123)          # valid, born 2004-03-15
ADULT_ID = idnumber.make("330106", D(1990, 7, 1), 456)


def judgment(parties: str, facts: str, items: str, number: str = "（2021）浙0102刑初123号",
             title: str = "刑事判决书", court: str = "浙江省杭州市上城区人民法院", signed: str = "二〇二一年十二月二十日") -> str:
    return (f"{court}\n{title}\n{number}\n公诉机关杭州市上城区人民检察院。\n{parties}\n"
            f"杭州市上城区人民检察院以杭上检未检刑诉〔2021〕45号起诉书指控被告人犯盗窃罪，于2021年10月8日向本院提起公诉。"
            f"本院依法组成合议庭，不公开开庭审理了本案。现已审理终结。\n经审理查明：\n{facts}\n"
            f"上述事实，有被害人陈述、证人证言及被告人的供述等证据证实，足以认定。\n"
            f"本院认为，被告人的行为已构成盗窃罪。依照《中华人民共和国刑法》第二百六十四条之规定，判决如下：\n{items}\n"
            f"如不服本判决，可在接到判决书的第二日起十日内，通过本院或者直接向浙江省杭州市中级人民法院提出上诉。\n"
            f"审　判　长　王某\n人民陪审员　李某\n{signed}\n书　记　员　赵某\n")


MINOR = (f"被告人张某某，曾用名张小明，男，2004年3月15日出生，公民身份号码{MINOR_ID}，汉族，初中文化，"
         f"就读于杭州市第九中学，住浙江省杭州市上城区某某路12号，联系电话13912345678。"
         f"因涉嫌盗窃罪于2021年8月5日被刑事拘留，同年9月10日被取保候审。\n"
         f"法定代理人李某某，女，1978年5月1日出生，系被告人张某某之母。\n"
         f"辩护人王某，浙江某某律师事务所律师。")
ADULT = (f"被告人赵某某，绰号“老三”，男，1990年7月1日出生，身份证号码{ADULT_ID}，汉族，无业，住杭州市上城区某某街5号。"
         f"因涉嫌盗窃罪于2021年8月6日被刑事拘留，同年9月1日被逮捕。")
FACTS = ("2021年7月至8月间，被告人张某某伙同被告人赵某某在上城区多次盗窃他人电动车三辆，价值人民币九千元。\n"
         "2021年8月3日晚，被告人赵某某在上城区某网吧窃取被害人孙某某手机一部，价值人民币三千元。")
ITEMS = ("一、被告人张某某犯盗窃罪，判处有期徒刑一年六个月，缓刑二年，并处罚金人民币三千元。（缓刑考验期限，从判决确定之日起计算。）\n"
         "二、被告人赵某某犯盗窃罪，判处有期徒刑四年，并处罚金人民币五千元；犯抢劫罪，判处有期徒刑三年；决定执行有期徒刑六年，"
         "并处罚金人民币五千元。（刑期从判决执行之日起计算。判决执行以前先行羁押的，羁押一日折抵刑期一日，即自2021年8月6日起至2027年8月5日止。）")


def person(ex: Extraction, name: str) -> Person:
    return next(p for p in ex.persons if p.name == name)


def reasons(ex: Extraction, p: Person, field: str) -> list[str]:
    return [i.reason for i in ex.review_items if i.person_id == p.person_id and i.field == field]


@pytest.fixture(scope="module")
def joint() -> Extraction:
    return extract_text(judgment(MINOR + "\n" + ADULT, FACTS, ITEMS))


def test_pipeline_is_assembled_from_its_config_and_cached() -> None:
    nlp = load_pipeline()
    assert nlp.pipe_names == list(PIPELINE)
    assert nlp.tokenizer.segmenter == "char"
    assert load_pipeline() is nlp
    assert [t.text for t in nlp.make_doc("被告人张某某")] == list("被告人张某某")   # characters: offsets are evidence
    assert nlp.get_pipe("offence_dates").vague_confidence == 0.95   # settings come from pipeline.cfg


def test_mentions_are_doc_spans() -> None:
    """What the components read, as spaCy spans over the exact characters of each mention."""
    nlp = load_pipeline()
    text = judgment(MINOR, FACTS.split("\n")[0], "被告人张某某犯盗窃罪，判处拘役五个月。")
    doc = nlp(nlp.make_doc(text))
    assert ("张某某", "defendant") in {(s.text, s.label_) for s in doc.spans["person"]}
    assert "2004年3月15日" in [s.text for s in doc.spans["birth"]]
    assert all(s.label_ == "criminal_detention" for s in doc.spans["disposition"]) and doc.spans["disposition"]
    assert {s.text for s in doc.spans["offence"]} <= {o.mention.text for p in doc._.legal.persons for o in p.offences}


def test_defendant_paragraph(joint: Extraction) -> None:
    p = person(joint, "张某某")
    assert p.role == "defendant" and p.gender == "male"
    assert p.aliases == ["张小明"]
    assert p.birth_date == D(2004, 3, 15) and p.id_number == MINOR_ID
    assert p.identifiers.schools == ["杭州市第九中学"]
    assert "浙江省杭州市上城区某某路12号" in p.identifiers.addresses
    assert p.identifiers.phones == ["13912345678"]
    assert p.identifiers.guardians == ["李某某"]
    assert p.charges == ["盗窃罪"] and p.intentional is True
    fields = {e.field for e in p.evidence}
    assert {"name", "alias", "birth_date", "id_number", "offence_dates", "disposition", "school", "address",
            "phone", "guardian"} <= fields
    birth = next(e for e in p.evidence if e.field == "birth_date")
    assert birth.text == "2004年3月15日" and birth.page == 1 and birth.confidence == 1.0
    assert reasons(joint, p, "birth_date") == []


def test_nickname_and_roles(joint: Extraction) -> None:
    adult = person(joint, "赵某某")
    assert adult.aliases == ["老三"]
    guardian = person(joint, "李某某")
    assert guardian.role == "legal_representative" and guardian.disposition is None
    assert guardian.represents == person(joint, "张某某").person_id
    assert person(joint, "王某").role == "defence_counsel"
    assert {p.name for p in joint.persons if p.is_defendant} == {"张某某", "赵某某"}
    assert joint.case.split_case is False          # tried together


def test_offence_dates_are_tied_to_each_defendant(joint: Extraction) -> None:
    minor = [(o.start, o.end) for o in person(joint, "张某某").offence_dates]
    adult = [(o.start, o.end) for o in person(joint, "赵某某").offence_dates]
    assert minor == [(D(2021, 7, 1), D(2021, 8, 31))]
    assert adult == [(D(2021, 7, 1), D(2021, 8, 31)), (D(2021, 8, 3), D(2021, 8, 3))]
    # custody dates (刑事拘留, 取保候审) and procedure dates (提起公诉) are not offences
    assert all(o.start.month in (7, 8) and o.end <= D(2021, 8, 31) for o in person(joint, "赵某某").offence_dates)


def test_probation_is_not_the_sentence_and_combined_sentence_wins(joint: Extraction) -> None:
    minor = person(joint, "张某某").disposition
    assert minor is not None
    assert (minor.kind, minor.months, minor.suspended, minor.probation_months) == ("fixed_term", 18, True, 24)
    adult = person(joint, "赵某某").disposition
    assert adult is not None
    assert (adult.kind, adult.months, adult.suspended) == ("fixed_term", 72, False)   # 决定执行, not a count's term
    assert adult.final and adult.document_kind == "judgment" and adult.decided_on == D(2021, 12, 20)
    assert person(joint, "张某某").minor_at_offence is True
    assert person(joint, "赵某某").minor_at_offence is False


def test_case_facts(joint: Extraction) -> None:
    c = joint.case
    assert c.case_numbers == ["（2021）浙0102刑初123号"]
    assert c.court == "浙江省杭州市上城区人民法院" and c.province == "浙江"
    assert [(d.kind, d.first_page, d.last_page) for d in c.documents] == [("judgment", 1, 1)]
    assert c.concluded_on == D(2021, 12, 20)
    assert all(p.decision is None for p in joint.persons)       # the rules decide, not the extractor


SENTENCES = [
    ("判处有期徒刑三年", ("fixed_term", 36, False, None)),
    ("判处有期徒刑十个月，宣告缓刑一年", ("fixed_term", 10, True, 12)),
    ("判处有期徒刑一年八个月，缓期二年八个月执行", ("fixed_term", 20, True, 32)),
    ("判处有期徒刑一年零二个月，并处罚金人民币二千元", ("fixed_term", 14, False, None)),
    ("判处拘役五个月", ("criminal_detention", 5, False, None)),
    ("判处拘役二个月，宣告缓刑三个月", ("criminal_detention", 2, True, 3)),
    ("判处管制一年", ("public_surveillance", 12, False, None)),
    ("单处罚金人民币二千元", ("fine_only", None, False, None)),
    ("单处剥夺政治权利一年", ("deprivation_of_political_rights", 12, False, None)),
    ("免予刑事处罚", ("exempt_from_punishment", None, False, None)),
    ("判处无期徒刑，剥夺政治权利终身", ("life_imprisonment", None, False, None)),
    ("判处死刑，缓期二年执行，剥夺政治权利终身", ("death", None, False, None)),
]


@pytest.mark.parametrize(("sentence", "expected"), SENTENCES)
def test_every_disposition_kind(sentence: str, expected: tuple) -> None:
    ex = extract_text(judgment(MINOR, FACTS.split("\n")[0], f"被告人张某某犯盗窃罪，{sentence}。"))
    d = person(ex, "张某某").disposition
    assert d is not None and (d.kind, d.months, d.suspended, d.probation_months) == expected
    assert reasons(ex, person(ex, "张某某"), "disposition") == []


@pytest.mark.parametrize("garbled", ["判处有期徒刑三年，缓删三年", "判处有期徒刑三年，宣告绶刑五年",
                                     "判处拘役三个月，缓开六个月"])
def test_a_garbled_probation_marker_is_a_doubt_not_an_unsuspended_sentence(garbled: str) -> None:
    ex = extract_text(judgment(MINOR, FACTS.split("\n")[0], f"被告人张某某犯盗窃罪，{garbled}，并处罚金人民币二千元。"))
    assert reasons(ex, person(ex, "张某某"), "disposition") == [R.PROBATION_UNREADABLE.reason]


def test_acquittal() -> None:
    ex = extract_text(judgment(MINOR, FACTS.split("\n")[0], "被告人张某某无罪。"))
    d = person(ex, "张某某").disposition
    assert d is not None and d.kind == "acquittal"


def test_two_sentences_without_a_combined_one_go_to_review() -> None:
    ex = extract_text(judgment(MINOR, FACTS.split("\n")[0],
                               "被告人张某某犯盗窃罪，判处有期徒刑一年；犯抢劫罪，判处有期徒刑三年。"))
    assert reasons(ex, person(ex, "张某某"), "disposition") == [R.TWO_SENTENCES.reason]


def test_no_sentence_found_goes_to_review() -> None:
    ex = extract_text(judgment(MINOR, FACTS.split("\n")[0], "被告人张某某犯盗窃罪，判处有期徒刑若干。"))
    assert person(ex, "张某某").disposition is None
    assert reasons(ex, person(ex, "张某某"), "disposition") == [R.DISPOSITION_NOT_FOUND.reason]


@pytest.mark.parametrize("wrap", ["", "\n"])
def test_appeal_outcome_is_final(wrap: str) -> None:
    """The sentence the appeal sets aside (撤销…量刑部分，即判处有期徒刑三年) is quoted, not decided —
    also where a printed page wrapped the clause's line before it (…刑事判\n决中…)."""
    first = judgment(MINOR, FACTS.split("\n")[0], "被告人张某某犯盗窃罪，判处有期徒刑三年。")
    appeal = judgment(MINOR.replace("被告人张某某", "上诉人（原审被告人）张某某", 1), "一审认定的事实属实。",
                      "一、维持杭州市上城区人民法院（2021）浙0102刑初123号刑事判决中对上诉人张某某的定罪部分；\n"
                      f"二、撤销杭州市上城区人民法院（2021）浙0102刑初123号刑事判{wrap}决中对上诉人张某某的量刑部分，即判处有期徒刑三年；\n"
                      "三、上诉人张某某犯盗窃罪，判处有期徒刑二年。\n本判决为终审判决。",
                      number="（2022）浙01刑终45号", court="浙江省杭州市中级人民法院", signed="二〇二二年三月一日")
    ex = extract_text(first + appeal)
    d = person(ex, "张某某").disposition
    assert d is not None and (d.kind, d.months, d.document_kind, d.final) == ("fixed_term", 24, "appeal_judgment", True)
    assert [x.kind for x in ex.case.documents] == ["judgment", "appeal_judgment"]
    assert ex.case.concluded_on == D(2022, 3, 1)
    assert ex.case.case_numbers == ["（2021）浙0102刑初123号", "（2022）浙01刑终45号"]


def test_dismissed_appeal_keeps_the_first_instance_sentence() -> None:
    first = judgment(MINOR, FACTS.split("\n")[0], "被告人张某某犯盗窃罪，判处有期徒刑三年。")
    ruling = judgment(MINOR.replace("被告人张某某", "上诉人（原审被告人）张某某", 1), "一审认定的事实属实。",
                      "驳回上诉，维持原判。\n本裁定为终审裁定。", number="（2022）浙01刑终45号", title="刑事裁定书",
                      court="浙江省杭州市中级人民法院", signed="二〇二二年三月一日")
    d = person(extract_text(first + ruling), "张某某").disposition
    assert d is not None and (d.kind, d.months) == ("fixed_term", 36)


def test_id_broken_across_a_line() -> None:
    broken = MINOR.replace(MINOR_ID, MINOR_ID[:9] + "\n" + MINOR_ID[9:])
    ex = extract_text(judgment(broken, FACTS.split("\n")[0], "被告人张某某犯盗窃罪，判处拘役五个月。"))
    assert person(ex, "张某某").id_number == MINOR_ID
    assert reasons(ex, person(ex, "张某某"), "id_number") == []


def test_bad_check_digit_goes_to_review() -> None:
    bad = MINOR_ID[:17] + ("0" if MINOR_ID[17] != "0" else "1")
    ex = extract_text(judgment(MINOR.replace(MINOR_ID, bad), FACTS.split("\n")[0], "被告人张某某犯盗窃罪，判处拘役五个月。"))
    p = person(ex, "张某某")
    assert p.id_number == bad and reasons(ex, p, "id_number")


def test_one_review_item_per_doubt_however_often_the_file_repeats_it() -> None:
    bad = MINOR_ID[:17] + ("0" if MINOR_ID[17] != "0" else "1")
    other_bad = MINOR_ID[:16] + str((int(MINOR_ID[16]) + 1) % 10) + MINOR_ID[17]   # a second misreading
    parties = MINOR.replace(MINOR_ID, bad)
    first = judgment(parties, FACTS.split("\n")[0], "被告人张某某犯盗窃罪，判处有期徒刑三年。")
    ruling = judgment(parties.replace("被告人张某某", "上诉人（原审被告人）张某某", 1).replace(bad, other_bad),
                      "一审认定的事实属实。", "驳回上诉，维持原判。\n本裁定为终审裁定。", number="（2022）浙01刑终45号",
                      title="刑事裁定书", court="浙江省杭州市中级人民法院", signed="二〇二二年三月一日")
    ex = extract_text(first + ruling + first.replace("刑初123号", "刑初124号"))
    p = person(ex, "张某某")
    assert not idnumber.is_valid(other_bad)
    assert reasons(ex, p, "id_number") == [R.ID_INVALID.reason]
    keys = [(i.person_id, i.field, i.reason) for i in ex.review_items]
    assert len(keys) == len(set(keys)) and {i.raised_by for i in ex.review_items} == {"extractor"}


def test_reasons_read_chinese_first_like_the_rules() -> None:
    ex = extract_text(judgment(MINOR.replace("2004年3月15日出生，公民身份号码" + MINOR_ID, "17岁"),
                               FACTS.split("\n")[0], "被告人张某某犯盗窃罪，判处拘役五个月。"))
    (reason,) = reasons(ex, person(ex, "张某某"), "birth_date")
    assert reason == "birth_date: 卷宗只载明年龄（“某岁”），没有出生日期（age given without birth date）"
    for issue in vars(R).values():
        if isinstance(issue, Issue):
            assert "\u4e00" <= issue.reason_zh[0] <= "\u9fff" and issue.reason_en.isascii()


def test_id_contradicting_the_birth_date_goes_to_review() -> None:
    other = idnumber.make("330102", D(2003, 3, 15), 123)
    ex = extract_text(judgment(MINOR.replace(MINOR_ID, other), FACTS.split("\n")[0], "被告人张某某犯盗窃罪，判处拘役五个月。"))
    assert reasons(ex, person(ex, "张某某"), "birth_date") == [R.ID_CONTRADICTS_BIRTH.reason]


def test_age_without_birth_date_goes_to_review() -> None:
    no_birth = MINOR.replace(f"2004年3月15日出生，公民身份号码{MINOR_ID}", "17岁")
    ex = extract_text(judgment(no_birth, FACTS.split("\n")[0], "被告人张某某犯盗窃罪，判处拘役五个月。"))
    p = person(ex, "张某某")
    assert p.birth_date is None and p.stated_age == 17 and p.minor_at_offence is None
    assert reasons(ex, p, "birth_date") == [R.AGE_ONLY.reason]


def test_month_only_birth_goes_to_review() -> None:
    text = MINOR.replace(f"2004年3月15日出生，公民身份号码{MINOR_ID}", "2004年3月出生")
    ex = extract_text(judgment(text, FACTS.split("\n")[0], "被告人张某某犯盗窃罪，判处拘役五个月。"))
    assert person(ex, "张某某").birth_date is None
    assert reasons(ex, person(ex, "张某某"), "birth_date") == [R.BIRTH_UNREADABLE.reason]


@pytest.mark.parametrize(("registered", "asked"), [
    ("1988年1月11日", False),   # an adult at every act by either date: nothing for the law to ask
    ("2004年1月11日", True),    # a minor in 2021 by the registered date: the law's question is open
])
def test_a_registered_birth_date_beside_the_stated_one(registered: str, asked: bool) -> None:
    """1990年7月1日（户籍登记为…）出生: the file gives two birth dates; the first stays the record's,
    and a reviewer compares them only where they answer the age at the offence differently."""
    party = ADULT.replace("1990年7月1日出生", f"1990年7月1日（户籍登记为{registered[:4]}\n{registered[4:]}）出生")  # wrapped
    ex = extract_text(judgment(party, FACTS.split("\n")[1], "被告人赵某某犯盗窃罪，判处有期徒刑一年。"))
    p = person(ex, "赵某某")
    assert p.birth_date == D(1990, 7, 1)
    assert p.identifiers.birth_dates == [numerals.parse_date(registered).isoformat()]   # for redaction
    assert reasons(ex, p, "birth_date") == ([R.BIRTH_DATES_DISAGREE.reason] if asked else [])


def test_a_place_of_birth_is_no_unreadable_birth_date() -> None:
    """出生于吉林省敦化市: the file names where, not when — a reviewer looks for a missing date,
    not for a garbled one."""
    text = MINOR.replace(f"2004年3月15日出生，公民身份号码{MINOR_ID}", "出生于吉林省敦化市")
    ex = extract_text(judgment(text, FACTS.split("\n")[0], "被告人张某某犯盗窃罪，判处拘役五个月。"))
    assert person(ex, "张某某").birth_date is None
    assert reasons(ex, person(ex, "张某某"), "birth_date") == [R.BIRTH_NOT_FOUND.reason]


@pytest.mark.parametrize(("fact", "doubt"), [
    ("2022年上半年某日，被告人张某某在上城区窃取他人手机一部。", True),   # the 18th birthday is 2022-03-15
    ("2021年夏天某日，被告人张某某在上城区窃取他人手机一部。", False),    # wholly before it: placeable
])
def test_vague_dates_go_to_review_only_when_they_cannot_be_placed(fact: str, doubt: bool) -> None:
    ex = extract_text(judgment(MINOR, fact, "被告人张某某犯盗窃罪，判处拘役五个月。"))
    p = person(ex, "张某某")
    assert bool(reasons(ex, p, "offence_dates")) is doubt
    assert p.minor_at_offence is (None if doubt else True)


def test_guardians_victims_counsel_and_separately_tried_are_not_defendants() -> None:
    facts = ("2021年8月3日，被告人张某某伙同李某（系未成年人，另案处理）、钱某某（已成年，另案处理）"
             "窃取被害人孙某某电动车一辆。")
    ex = extract_text(judgment(MINOR + "\n被害人孙某某，男，1970年1月1日出生。", facts, "被告人张某某犯盗窃罪，判处拘役五个月。"))
    assert {p.name for p in ex.persons if p.is_defendant} == {"张某某"}
    li = person(ex, "李某")
    assert li.role == "other" and li.tried_separately and li.minor_at_offence is True
    assert [(o.start, o.end) for o in li.offence_dates] == [(D(2021, 8, 3), D(2021, 8, 3))]
    assert person(ex, "钱某某").tried_separately
    assert person(ex, "孙某某").role == "victim"
    assert ex.case.split_case is True


def test_split_case_false_when_nobody_is_tried_elsewhere_and_unknown_without_a_charging_document() -> None:
    ex = extract_text(judgment(MINOR, FACTS.split("\n")[0], "被告人张某某犯盗窃罪，判处拘役五个月。"))
    assert ex.case.split_case is False
    custody_only = ("杭州市公安局上城区分局\n拘留证\n杭上公拘字〔2021〕6921号\n"
                    "根据《中华人民共和国刑事诉讼法》第八十二条之规定，兹决定对涉嫌盗窃罪的张某某执行拘留。\n")
    ex = extract_text(custody_only)
    assert ex.case.split_case is None and ex.case.case_numbers == []
    assert [d.kind for d in ex.case.documents] == ["compulsory_measure"]


@pytest.mark.parametrize(("statement", "main"), [
    ("主要犯罪行为发生在其未满十八周岁时", "before_18"),
    ("主要犯罪行为发生在其年满十八周岁\n以后", "after_18"),     # a printed line break before the tail
    ("主要\n犯罪行为发生在其未满十八周岁时", "before_18"),
], ids=["plain", "break before 以后", "break after 主要"])
def test_main_conduct_statement(statement: str, main: str) -> None:
    facts = f"2021年6月至2022年5月间，被告人张某某在上城区多次盗窃。经查，被告人张某某的{statement}。"
    ex = extract_text(judgment(MINOR, facts, "被告人张某某犯盗窃罪，判处拘役五个月。"))
    p = person(ex, "张某某")
    assert p.main_conduct == main and p.minor_at_offence is None   # straddles: the rules weigh it


def _prosecutor(title: str, decision: str) -> str:
    return (f"杭州市上城区人民检察院\n{title}\n杭上检未检刑不诉〔2022〕7号\n"
            f"被不起诉人张某某，男，2004年3月15日出生，住浙江省杭州市上城区某某路12号。\n"
            f"本案由杭州市公安局上城区分局侦查终结，以被不起诉人张某某涉嫌盗窃罪，于2021年9月1日向本院移送审查起诉。\n"
            f"经本院依法审查查明：\n2021年8月3日，被不起诉人张某某在上城区窃取他人手机一部。\n{decision}\n"
            f"杭州市上城区人民检察院\n二〇二一年十月八日\n")


def test_non_prosecution_and_conditional_non_prosecution() -> None:
    ex = extract_text(_prosecutor("不起诉决定书", "依据《中华人民共和国刑事诉讼法》第一百七十七条第二款的规定，决定对张某某不起诉。"))
    p = person(ex, "张某某")
    assert p.role == "suspect" and p.disposition is not None and p.disposition.kind == "non_prosecution"
    assert ex.case.documents[0].kind == "non_prosecution_decision" and ex.case.court is None
    ex = extract_text(_prosecutor("附条件不起诉决定书", "决定对张某某附条件不起诉。\n考验期为六个月，从宣布之日起计算。"))
    d = person(ex, "张某某").disposition
    assert d is not None and (d.kind, d.test_period_months) == ("conditional_non_prosecution", 6)


@pytest.mark.parametrize(("first_signed", "last_signed"), [
    ("二〇二二年月八日", "二〇二二年十月十日"),      # OCR lost a glyph of the first decision's date
    ("二〇二二年三月八日", "二〇二年月十日"),         # …or of the last one's
    ("二〇二二年月八日", "二〇二年月十日"),           # …or of both
])
def test_a_decision_that_cites_another_by_number_is_the_later_one(first_signed: str, last_signed: str) -> None:
    """The decision that ends a test period cites the conditional one by its number: whatever OCR
    left of their dates, it is the later, and its outcome is the one outcome (CPL art. 284)."""
    conditional = _prosecutor("附条件不起诉决定书", "决定对张某某附条件不起诉。\n考验期为六个月，从宣布之日起计算。") \
        .replace("二〇二一年十月八日", first_signed).replace("〔2022〕7号", "〔2022〕3号")
    ending = _prosecutor("不起诉决定书", "本院于2022年3月8日以杭上检未检刑附不诉〔2022〕3号附条件不起诉决定书对被不起诉人张某某"
                         "作出附条件不起诉决定，考验期六个月。被不起诉人张某某在考验期内遵守规定，考验期满。\n"
                         "依照《中华人民共和国刑事诉讼法》第二百八十四条第二款的规定，决定对张某某不起诉。") \
        .replace("二〇二一年十月八日", last_signed).replace("〔2022〕7号", "〔2022〕19号")
    ex = extract_text(conditional.replace("刑不诉〔2022〕3号", "刑附不诉〔2022〕3号") + ending)
    p = person(ex, "张某某")
    assert p.disposition is not None and p.disposition.kind == "conditional_non_prosecution"
    assert p.disposition.document_kind == "non_prosecution_decision" and p.disposition.test_period_months == 6
    assert reasons(ex, p, "disposition") == []


@pytest.mark.parametrize("order", ["as decided", "appeal first"])
def test_an_appeal_citing_the_judgment_by_a_number_read_with_other_brackets_is_the_later_one(order: str) -> None:
    """A scan read the first judgment's own number as (2021）…; the appeal cites it as （2021）…
    across a line break. Its signature date lost, the appeal is still the later document, and its
    sentence the one outcome — no two sentences for a reviewer to choose from."""
    first = judgment(ADULT, FACTS.split("\n")[1], "被告人赵某某犯盗窃罪，判处有期徒刑五年。",
                     number="(2021）浙0102刑初123号", signed="二〇二一年月二十日")
    appeal = ("浙江省杭州市中级人民法院\n刑事判决书\n（2022）浙01刑终45号\n原公诉机关杭州市上城区人民检察院。\n"
              "上诉人（原审被告人）赵某某，男，1990年7月1日出生。\n杭州市上城区人民法院审理杭州市上城区人民检察院指控"
              "原审被告人赵某某犯盗窃罪一案，于2021年12月20日作出（2021）浙0102刑\n初123号刑事判决。原审被告人赵某某不服，"
              "提出上诉。本院依法组成合议庭审理了本案。现已审理终结。\n经审理查明的事实与一审认定的事实一致。\n"
              "本院认为，原判认定事实清楚，定罪准确，但量刑不当，应予纠正。依照《中华人民共和国刑事诉讼法》第二百三十六条"
              "之规定，判决如下：\n一、撤销杭州市上城区人民法院（2021）浙0102刑初123号刑事判决中对上诉人赵某某的量刑部分；\n"
              "二、上诉人赵某某犯盗窃罪，判处有期徒刑四年六个月。\n本判决为终审判决。\n二〇二年月日\n")
    ex = extract_text(first + appeal if order == "as decided" else appeal + first)
    p = person(ex, "赵某某")
    assert p.disposition is not None and p.disposition.months == 54
    assert reasons(ex, p, "disposition") == []


@pytest.mark.parametrize("finding", ["另查明，被不起诉人张某某犯罪时未满十八周岁。", "经查，被不起诉人张某某作案时系未成年人。"])
def test_the_procuratorates_own_finding_of_age_in_its_decision(finding: str) -> None:
    """A non-prosecution decision is the deciding authority's document: its finding of minority,
    with the birth date masked, is the evidence a court's would be."""
    text = _prosecutor("不起诉决定书", finding + "\n本院认为，张某某实施了《中华人民共和国刑法》规定的行为，但犯罪情节轻微。"
                       "依据《中华人民共和国刑事诉讼法》第一百七十七条第二款的规定，决定对张某某不起诉。")
    ex = extract_text(text.replace("2004年3月15日出生", "××××年××月××日出生"))
    p = person(ex, "张某某")
    assert p.birth_date is None and p.court_minor_finding is True
    assert reasons(ex, p, "birth_date") == []


def _page(number: int, paragraphs: list[str], conf: float = 1.0, width: float = 36.0) -> PageText:
    """A page laid out like a PDF: paragraphs wrapped greedily at `width` character widths
    (an ASCII character is half a Chinese one), one glyph box per character."""
    out: list[list[Glyph]] = []
    for text in paragraphs:
        line: list[Glyph] = []
        x = 85.0
        for c in text:
            w = 12.5 if ord(c) > 0x2E80 else 6.25
            if x + w > 85.0 + width * 12.5:
                out.append(line)
                line, x = [], 85.0
            line.append(Glyph(c, (x, 100.0, x + w, 112.5), conf))
            x += w
        out.append(line)
    return PageText(number, 595.0, 842.0, out, "text_layer", "text_layer")


def _read_with_faint(text: str, start: int, length: int, confidence: float):
    """The judgment read as an OCR'd page whose glyphs from `start` (in the text without line
    breaks) for `length` came back at `confidence`, every other one sure."""
    return _read_with_faint_at(text, set(range(start, start + length)), confidence)


def _read_with_faint_at(text: str, faint: set[int], confidence: float):
    """The same, the glyphs at the offsets `faint` (in the text without line breaks) faint."""
    read = _page(1, text.split("\n"), width=200)
    lines, n = [], 0
    for line in read.lines:
        lines.append([Glyph(g.char, g.bbox, confidence if n + i in faint else 1.0) for i, g in enumerate(line)])
        n += len(line)
    return extract(DossierText([PageText(1, read.width, read.height, lines, "ocr", "rapidocr")]))


@pytest.mark.parametrize(("party", "asked"), [(MINOR, True), (ADULT, False)], ids=["minor", "adult"])
def test_a_faint_name_is_asked_about_where_the_person_may_have_been_a_minor(party: str, asked: bool) -> None:
    """A name whose second glyph is read at 0.8 wherever the file writes it (Tesseract wrote
    施革某 for 施某某 so throughout a file): a minor's name is what the redaction of other files
    looks for, so a reviewer reads it; an adult's moves no decision and asks nobody. One sure
    writing of the spelling settles it."""
    name = "张某某" if party is MINOR else "赵某某"
    text = judgment(party, FACTS.split("\n")[0].replace("张某某", name), f"被告人{name}犯盗窃罪，判处有期徒刑六个月。")
    written = [m.start() + 1 for m in re.finditer(name, text.replace("\n", ""))]
    ex = _read_with_faint_at(text, set(written), 0.8)
    assert (R.NAME_LOW_CONFIDENCE.reason in reasons(ex, person(ex, name), "name")) is asked
    ex = _read_with_faint_at(text, set(written[:-1]), 0.8)
    assert R.NAME_LOW_CONFIDENCE.reason not in reasons(ex, person(ex, name), "name")


@pytest.mark.parametrize(("faint", "settled"), [("慈溪", True), ("2003", False)])
def test_an_earlier_conviction_is_doubted_by_the_glyphs_its_bound_reads(faint: str, settled: bool) -> None:
    """曾因…于2003年3月24日被某市人民法院判处…: a faint glyph of the court's name doubts nothing
    the age bound reads; a faint digit of the judgment's date does."""
    party = ("被告人王某，男，住某县。曾因犯盗窃罪于2003年3月24日被浙江省慈溪市人民法院判处有期徒刑四年，"
             "2006年2月18日刑满释放。因涉嫌诈骗罪于2016年11月19日被刑事拘留。")
    text = judgment(party, "2016年6月19日，被告人王某在某地骗取他人财物。", "被告人王某犯诈骗罪，判处有期徒刑六个月。")
    ex = _read_with_faint(text, text.replace("\n", "").index(faint), len(faint), 0.7)
    p = person(ex, "王某")
    assert p.birth_date is None and [r.decided_on for r in p.prior_records] == [D(2003, 3, 24)]
    assert (reasons(ex, p, "birth_date") == []) is settled


@pytest.mark.parametrize(("faint", "doubted"), [("(", False), ("当日", True)])
def test_a_faint_bracket_in_a_sentence_told_after_a_date_doubts_no_act(faint: str, doubted: bool) -> None:
    """当日20时许，被告人乙将大麻叶1包(净重2.27克)送至…: the act's day comes from the date before
    and the word 当日; a faint bracket changes no one's act or day, a faint 当日 does."""
    party = "被告人王某，男，1990年1月1日出生。因涉嫌贩卖毒品罪于2018年1月9日被刑事拘留。"
    text = judgment(party, "2018年1月8日15时许，吸毒人员李某联系被告人王某购买大麻叶。"
                           "当日20时许，被告人王某将大麻叶1包(净重2.27克)送至约定地点。",
                    "被告人王某犯贩卖毒品罪，判处有期徒刑八个月。")
    flat = text.replace("\n", "")
    ex = _read_with_faint(text, flat.index(faint, flat.index("当日20时许")), len(faint), 0.58)
    p = person(ex, "王某")
    told = next(o for o in p.offence_dates if "…当日" in o.text)
    assert (told.start, told.end) == (D(2018, 1, 8), D(2018, 1, 8))
    sentence = next(e for e in p.evidence if e.field == "offence_dates" and e.text.startswith("当日"))
    assert (sentence.confidence < 0.9) is doubted


def test_soft_wraps_are_read_through_and_evidence_keeps_page_boxes() -> None:
    """A birth date split by a line wrap is one date; its evidence keeps its page and box."""
    paragraphs = ["浙江省杭州市上城区人民法院", "刑事判决书", "（2021）浙0102刑初123号",
                  "被告人张某某，男，汉族，初中文化，学生，住杭州市上城区某某路一号，2004年3月15日出生。"
                  "因涉嫌盗窃罪于2021年8月5日被杭州市公安局上城区分局刑事拘留，同年9月10日被取保候审。",
                  "经审理查明：",
                  "2021年8月3日，被告人张某某在上城区某网吧内趁无人注意，窃取他人放置在桌上的手机一部，"
                  "经鉴定价值人民币三千元。案发后，被告人张某某主动投案，如实供述自己的罪行。",
                  "判决如下：", "被告人张某某犯盗窃罪，判处拘役五个月。", "二〇二一年十二月二十日"]
    cover = _page(1, ["浙江省杭州市上城区人民法院", "刑事诉讼卷宗", "案号：（2021）浙0102刑初123号"])
    dossier = DossierText([cover, _page(2, paragraphs)])
    assert "2004年\n3月" in dossier.text        # the wrap really splits the date
    ex = extract(dossier)
    p = person(ex, "张某某")
    assert p.birth_date == D(2004, 3, 15)
    ev = next(e for e in p.evidence if e.field == "birth_date")
    assert ev.page == 2 and ev.bbox[0] < ev.bbox[2] and ev.text == "2004年\n3月15日"
    assert [(o.start, o.end) for o in p.offence_dates] == [(D(2021, 8, 3), D(2021, 8, 3))]
    assert [(d.kind, d.first_page, d.last_page) for d in ex.case.documents] == [("cover", 1, 1), ("judgment", 2, 2)]


@pytest.mark.parametrize(("fact", "asked"), [
    ("2022年3月10日，被告人张某某在上城区窃取他人手机一部。", True),   # days before the 18th birthday: the day matters
    ("2021年8月3日，被告人张某某在上城区窃取他人手机一部。", False),   # born any day of 2004, a minor then
])
def test_ocr_confusion_lowers_confidence_and_asks_a_reviewer_where_the_day_matters(fact: str, asked: bool) -> None:
    """2004年3月15曰: the day read through a confusion doubts the date, not its year, which
    still settles an act every birth of 2004 puts before the 18th birthday."""
    ex = extract_text(judgment(MINOR.replace(f"2004年3月15日出生，公民身份号码{MINOR_ID}", "2004年3月15曰出生"),
                               fact, "被告人张某某犯盗窃罪，判处拘役五个月。"))
    p = person(ex, "张某某")
    assert p.birth_date == D(2004, 3, 15)
    assert (p.confidence("birth_date") or 1.0) < CONFIDENCE_THRESHOLD
    assert reasons(ex, p, "birth_date") == ([R.BIRTH_LOW_CONFIDENCE.reason] if asked else [])


@pytest.mark.parametrize(("birth", "act", "asked"), [
    ("1967年3月8日", "2016年6月19日", False),   # born in the 1960s: an adult in 2016 whatever the last digit
    ("2004年3月8日", "2021年6月19日", True),    # born 2000–2009: the last digit decides
])
def test_a_faint_last_digit_of_a_birth_year_still_gives_its_decade(birth: str, act: str, asked: bool) -> None:
    """男，1967年3月8日出生 with a faint 7: the birth is in the 1960s, which settles an act of 2016
    (R8) and asks nobody; a decade that straddles the 18th birthday still asks."""
    party = f"被告人王某，男，{birth}出生。因涉嫌诈骗罪于2016年11月19日被刑事拘留。"
    text = judgment(party, f"{act}，被告人王某在某地骗取他人财物。", "被告人王某犯诈骗罪，判处有期徒刑六个月。")
    ex = _read_with_faint(text, text.replace("\n", "").index(birth) + 3, 1, 0.65)
    p = person(ex, "王某")
    assert p.birth_date is not None and (p.confidence("birth_date") or 1.0) < CONFIDENCE_THRESHOLD
    assert (reasons(ex, p, "birth_date") == [R.BIRTH_LOW_CONFIDENCE.reason]) is asked
    assert [e.field for e in p.evidence if e.field.startswith("birth_year")] == ["birth_year.decade"]


@pytest.mark.parametrize(("birth", "act", "asked"), [
    ("1994年4月1日", "2017年8月17日", False),   # 19?4: born 1904–1994, an adult in 2017 whatever the digit
    ("1989年3月8日", "2005年6月19日", True),    # 19?9: born 1909–1999, a minor in 2005 if born 1999
])
def test_a_faint_third_digit_of_a_birth_year_bounds_it_by_every_digit_it_could_be(birth: str, act: str,
                                                                                  asked: bool) -> None:
    """男，1994年4月1日出生 with a faint second 9 (a scan's): whatever that digit, the birth is
    between 1904 and 1994, which settles an act of 2017 and asks nobody."""
    party = f"被告人王某，男，{birth}出生。因涉嫌诈骗罪于{act[:4]}年11月19日被刑事拘留。"
    text = judgment(party, f"{act}，被告人王某在某地骗取他人财物。", "被告人王某犯诈骗罪，判处有期徒刑六个月。")
    ex = _read_with_faint(text, text.replace("\n", "").index(birth) + 2, 1, 0.65)
    p = person(ex, "王某")
    assert (reasons(ex, p, "birth_date") == [R.BIRTH_LOW_CONFIDENCE.reason]) is asked
    assert [e.field for e in p.evidence if e.field.startswith("birth_year")] == ["birth_year.unit"]


@pytest.mark.parametrize(("faint", "count", "asked"), [
    (1, 1, False),   # 1957 with a faint 9 after a firm 1: of 1x only 19xx is anyone's birth year
    (0, 2, True),    # both the 1 and the 9 faint: nothing vouches for the century
])
def test_a_faint_second_digit_of_a_birth_year_after_a_firm_first_is_settled(faint: int, count: int,
                                                                             asked: bool) -> None:
    party = "被告人王某，男，1957年10月4日出生。因涉嫌诈骗罪于2016年11月19日被刑事拘留。"
    text = judgment(party, "2016年6月19日，被告人王某在某地骗取他人财物。", "被告人王某犯诈骗罪，判处有期徒刑六个月。")
    ex = _read_with_faint(text, text.replace("\n", "").index("1957") + faint, count, 0.65)
    p = person(ex, "王某")
    assert p.birth_date == D(1957, 10, 4) and (p.confidence("birth_date") or 1.0) < CONFIDENCE_THRESHOLD
    assert (reasons(ex, p, "birth_date") == [R.BIRTH_LOW_CONFIDENCE.reason]) is asked


def test_low_ocr_glyph_confidence_reaches_the_evidence() -> None:
    text = judgment(MINOR, FACTS.split("\n")[0], "被告人张某某犯盗窃罪，判处拘役五个月。")
    pages = [_page(1, text.split("\n"), conf=0.7, width=60)]
    ex = extract(DossierText(pages))
    p = person(ex, "张某某")
    assert p.confidence("birth_date") == pytest.approx(0.7)
    assert reasons(ex, p, "birth_date") == [R.BIRTH_LOW_CONFIDENCE.reason]


def test_nothing_personal_in_reprs(joint: Extraction) -> None:
    shown = repr(joint) + repr(joint.persons) + repr(load_pipeline()(judgment(MINOR, "", ""))._.legal)
    assert "张某某" not in shown and "2004" not in shown and MINOR_ID not in shown


def test_page_numbers_do_not_break_a_sentence_across_pages() -> None:
    body = ("被告人张某某，男，汉族，初中文化，学生，住杭州市上城区某某路一号，2004年3月15日出生。"
            "因涉嫌盗窃罪于2021年8月5日被杭州市公安局上城区分局刑事拘留，同年9月10日被取保候审。")
    first = _page(1, ["浙江省杭州市上城区人民法院", "刑事判决书", "（2021）浙0102刑初123号", body, "经审理查明：",
                      "2021年8月3日，被告人张某某在上城区某网吧内趁无人注意，窃取他人放置在桌上的手机一部，经鉴定价值人民币三千元。",
                      "判决如下：", "被告人张某某犯盗窃罪，判处有期徒刑六个月，缓"], width=22)
    first.lines.append([Glyph("6", (290.0, 800.0, 296.0, 812.0), 1.0)])      # the page number
    second = _page(2, ["期一年执行。", "二〇二一年十二月二十日"])
    assert first.lines[-2][-1].char == "缓"           # a full line: the sentence runs on over the page
    d = person(extract(DossierText([first, second])), "张某某").disposition
    assert d is not None and (d.months, d.suspended, d.probation_months) == (6, True, 12)


def test_a_sentence_for_an_unlisted_defendant_is_a_doubt_not_a_silence() -> None:
    """OCR garbled the party paragraph's role word: the judgment's sentence must not vanish."""
    garbled = MINOR.replace("被告人张某某，曾用名", "被告入张某某，曾用名")
    ex = extract_text(judgment(garbled, FACTS.split("\n")[0], "被告人张某某犯盗窃罪，判处拘役五个月。"))
    assert not any(p.is_defendant for p in ex.persons)
    assert {(i.person_id, i.field) for i in ex.review_items} >= {(None, "disposition"), (None, "name")}


def test_defendant_named_by_role_and_surname_after_first_mention() -> None:
    parties = ADULT.replace("被告人赵某某，绰号“老三”", "被告人赵大海")
    ex = extract_text(judgment(parties, "2021年8月3日晚，被告人赵伙同他人在上城区窃取电动车一辆。",
                               "被告人赵大海犯盗窃罪，判处有期徒刑一年。"))
    assert [(o.start, o.end) for o in person(ex, "赵大海").offence_dates] == [(D(2021, 8, 3), D(2021, 8, 3))]
    assert not [i for i in ex.review_items if i.person_id is None]


def test_identifiers_from_reports_measures_guardians_and_notes() -> None:
    """Everything that identifies the minor must reach `identifiers`, wherever the file prints it."""
    warrant = ("杭州市公安局上城区分局\n拘留证\n杭上公拘字〔2021〕6921号\n根据《中华人民共和国刑事诉讼法》第八十二条之规定，"
               "兹决定对涉嫌盗窃罪的张某某（性别男，出生日期2004年3月15日，住址浙江省杭州市上城区某某街99号）执行拘留。\n")
    bail = ("杭州市公安局上城区分局\n取保候审决定书\n杭上公取保字〔2021〕512号\n"
            "犯罪嫌疑人张某某，性别男，出生日期2004年3月15日，住址浙江省杭州市上城区某某路12号。\n"
            "我局正在侦查盗窃罪案，决定对其取保候审，由保证人王某芳（系张某某之母）担保。\n"
            "杭州市公安局上城区分局\n2021年9月10日\n")
    report = ("社会调查报告\n（杭州市上城区未成年人保护工作站）\n"
              "受杭州市上城区人民法院委托，我单位对涉罪未成年人张某某的成长经历进行了社会调查，现报告如下：\n"
              "一、基本情况\n张某某，男，2004年3月15日出生，户籍地浙江省杭州市上城区某某路12号。案发前就读于杭州市第九中学。\n"
              "二、家庭情况\n其家庭成员：张大军、王某芳，系其父母。监护人联系电话13800001111。\n"
              "二〇二一年十月一日\n")
    parties = ("被告人张某某，男，汉族，2004年3月15日生，户籍地浙江省杭州市上城区某某路12号，杭州市第九中学在校学生。\n"
               "法定代理人王某芳（系被告人张某某之母），住杭州市上城区某某路12号，联系电话13900002222。")
    facts = ("2021年8月3日，被告人张某某伙同刘某（绰号“二毛”，2005年1月2日出生，未成年人，杭州市第十中学学生，另案处理）、"
             "陈某某（已成年，另案处理）窃取他人电动车一辆。")
    ex = extract_text(warrant + bail + report + judgment(parties, facts, "被告人张某某犯盗窃罪，判处拘役五个月。"))
    minor = person(ex, "张某某")
    assert set(minor.identifiers.guardians) == {"王某芳", "张大军"}
    assert set(minor.identifiers.phones) == {"13800001111", "13900002222"}
    assert minor.identifiers.schools == ["杭州市第九中学"]
    assert "浙江省杭州市上城区某某街99号" in minor.identifiers.addresses
    assert [d.kind for d in ex.case.documents] == ["compulsory_measure"] * 2 + ["social_investigation", "judgment"]
    liu = person(ex, "刘某")
    assert liu.aliases == ["二毛"] and liu.birth_date == D(2005, 1, 2)
    assert liu.identifiers.schools == ["杭州市第十中学"] and liu.minor_at_offence is True
    assert person(ex, "陈某某").minor_at_offence is False


def test_a_file_in_which_nobody_is_found_is_a_question_not_an_empty_answer() -> None:
    """The role word OCR garbled (被不下人 for 被不起诉人, scanned set 50300 d0002): no
    defendant, no suspect — which must reach a reviewer, not pass as a file with nothing in it."""
    ex = extract_text("某市某区人民检察院\n不起诉决定书\n某检未检刑不诉〔2018〕11号\n"
                      "被不下人肖某某，男，汉族，2003年5月22日生，案发时未满十八周岁。\n"
                      "本院认为，肖某某实施了盗窃行为，但犯罪情节轻微。决定对肖某某不起诉。\n")
    assert not [p for p in ex.persons if p.role in ("defendant", "suspect")]
    assert [(r.person_id, r.reason) for r in ex.review_items] == [(None, R.NO_DEFENDANT.reason)]


def test_a_name_cut_short_at_a_line_end_is_questioned() -> None:
    """被不起诉人卢德 / 盲用名… (明（曾 lost by OCR, scanned set 50300 d0004) while the file
    names 卢德明 after role words elsewhere: the shorter name must not pass unquestioned."""
    text = ("某市某区人民检察院\n不起诉决定书\n某检未检刑不诉〔2014〕24号\n"
            "被不起诉人卢德\n盲用名姚某某），男，1997年5月1日出生，案发时未满十八周岁。\n"
            "法定代理人张某某，系被不起诉人卢德明之母。\n"
            "本案由某公安局侦查终结，以被不起诉人卢德明涉嫌诈骗罪移送审查起诉。社会调查报告称，涉罪未成年人卢德明的家庭监护缺位。\n"
            "经本院依法审查查明：2014年3月8日，被不起诉人卢德明在某KTV包厢内骗取他人财物。\n"
            "本院认为，卢德明实施了《中华人民共和国刑法》规定的行为，但犯罪情节轻微。决定对卢德明不起诉。\n")
    ex = extract_text(text)
    (suspect,) = [p for p in ex.persons if p.role == "suspect"]
    assert suspect.name == "卢德"
    assert reasons(ex, suspect, "name") == [R.NAME_CUT_SHORT.reason]
    # the same file with the name whole raises nothing about it
    whole = extract_text(text.replace("被不起诉人卢德\n盲用名", "被不起诉人卢德明（曾用名"))
    (suspect,) = [p for p in whole.persons if p.role == "suspect"]
    assert suspect.name == "卢德明" and reasons(whole, suspect, "name") == []


@pytest.mark.parametrize(("number", "placed"), [
    ("（2021）浙0102刑初123号", True),    # the case number bounds the year: 2000-2021
    ("浙江省杭州市上城区", False),          # no case number: the date cannot be placed
])
def test_an_offence_year_that_lost_a_digit_is_never_dropped_in_silence(number: str, placed: bool) -> None:
    """Besides a date read whole, a second one reads 二〇二年 (a digit lost): it is recorded as
    the range it could span, or — with nothing to bound it — reported, never silently left out."""
    facts = ("2021年8月3日，被告人张某某在上城区窃取他人手机一部。\n"
             "二〇二年一月五日，被告人张某某在上城区窃取他人电动车一辆。")
    ex = extract_text(judgment(MINOR, facts, "被告人张某某犯盗窃罪，判处拘役五个月。", number=number))
    p = person(ex, "张某某")
    ranges = [(o.start, o.end) for o in p.offence_dates]
    if placed:
        assert ranges == [(D(2000, 1, 5), D(2021, 1, 5)), (D(2021, 8, 3), D(2021, 8, 3))]
        assert reasons(ex, p, "offence_dates") == [R.OFFENCE_YEAR_LOST.reason]
    else:
        assert ranges == [(D(2021, 8, 3), D(2021, 8, 3))]
        assert reasons(ex, p, "offence_dates") == [R.OFFENCE_YEAR_UNPLACED.reason]


def test_a_date_in_the_findings_no_parse_can_place_is_reported_not_dropped() -> None:
    """OCR read 2021年7月至8月间 as 2021年7月至3月间 (a range ending before it starts): the
    other date must not decide alone."""
    facts = ("2021年8月3日，被告人张某某在上城区窃取他人手机一部。\n"
             "2021年7月至3月间，被告人张某某在上城区多次窃取他人电动车。")
    ex = extract_text(judgment(MINOR, facts, "被告人张某某犯盗窃罪，判处拘役五个月。"))
    p = person(ex, "张某某")
    assert [(o.start, o.end) for o in p.offence_dates] == [(D(2021, 8, 3), D(2021, 8, 3))]
    assert reasons(ex, p, "offence_dates") == [R.OFFENCE_UNREAD.reason]


def test_a_name_masked_before_its_last_glyph_is_a_defendant() -> None:
    ex = extract_text(judgment(ADULT.replace("被告人赵某某", "被告人XX新", 1).replace("，绰号“老三”", ""),
                               FACTS.split("\n")[1].replace("赵某某", "XX新"), "被告人XX新犯盗窃罪，判处有期徒刑一年。"))
    p = person(ex, "XX新")
    assert p.role == "defendant" and p.birth_date == D(1990, 7, 1) and p.disposition is not None


def test_an_arrest_the_procuratorate_approved_does_not_end_the_party_paragraphs() -> None:
    """…经某区人民检察院以涉嫌盗窃罪批准逮捕 inside a party paragraph, in a published text whose
    paragraphs run on in one line: the measure, not the prosecution's paragraph (检察院以…起诉书)."""
    party = ADULT.replace("同年9月1日被逮捕", "同年9月1日经杭州市上城区人民检察院以涉嫌盗窃罪批准逮捕") \
        .replace("5号。因涉嫌", "5号，因涉嫌")   # one sentence up to the measure
    text = judgment(party, FACTS.split("\n")[1], "被告人赵某某犯盗窃罪，判处有期徒刑一年。").replace("\n", " ")
    p = person(extract_text(text), "赵某某")
    assert p.role == "defendant" and p.birth_date == D(1990, 7, 1) and p.disposition is not None


def test_the_index_of_a_masked_name_is_the_names() -> None:
    """王×1 and 王×2 are two people in a published copy: the index is part of the name, so the
    findings' 王×1 is this defendant's."""
    ex = extract_text(judgment(ADULT.replace("被告人赵某某", "被告人王×1", 1).replace("，绰号“老三”", ""),
                               FACTS.split("\n")[1].replace("赵某某", "王×1"), "被告人王×1犯盗窃罪，判处有期徒刑一年。"))
    p = person(ex, "王×1")
    assert p.role == "defendant" and p.offence_dates and p.disposition is not None and p.disposition.months == 12


@pytest.mark.parametrize("name", ["努尔买买提·库尔班", "阿卜杜热合曼•艾买提",   # a transliterated name, either dot
                                  "茹X·Y",                                   # a part of it masked
                                  "XXX", "×××",                              # a name masked whole
                                  "张3"])                                    # a surname and an index
def test_a_name_that_is_not_two_to_four_han_glyphs_is_a_defendant(name: str) -> None:
    """Published copies name the accused in forms beyond two to four Han glyphs: the name is
    what stands between the role word and the gender, and the findings and the operative part
    credit the acts and the sentence to it."""
    ex = extract_text(judgment(ADULT.replace("被告人赵某某", "被告人" + name, 1).replace("，绰号“老三”", ""),
                               FACTS.split("\n")[1].replace("赵某某", name), f"被告人{name}犯盗窃罪，判处有期徒刑一年。"))
    p = person(ex, name)
    assert p.role == "defendant" and p.birth_date == D(1990, 7, 1) and p.offence_dates
    assert p.disposition is not None and p.disposition.months == 12


@pytest.mark.parametrize("procedure, withdrawn", [
    ("某区人民法院审理某区人民检察院指控原审被告人赵青山、王大力犯盗窃罪一案，于2021年6月1日作出（2021）某0101刑初1号"
     "刑事判决。原审被告人赵青山、王大力不服，提出上诉。", "赵青山"),
    # a name one glyph off the appellant's is his, misread: nobody new
    ("某区人民法院审理某区人民检察院指控原审被告人王大九犯盗窃罪一案，于2021年6月1日作出（2021）某0101刑初1号"
     "刑事判决。原审被告人王大力不服，提出上诉。", None),
], ids=["withdrawn", "misread"])
def test_an_accused_of_the_first_instance_without_a_party_paragraph_is_a_defendant(procedure: str,
                                                                                   withdrawn: str | None) -> None:
    """An appeal gives a party paragraph only to those still before it; one who withdrew an appeal
    keeps the first sentence, and the file gives no age for them: a defendant whose decision is a
    reviewer's, never dropped."""
    text = ("某市中级人民法院\n刑事判决书\n（2021）某01刑终1号\n原公诉机关某区人民检察院。\n"
            "上诉人（原审被告人）王大力，男，1990年1月1日出生。因涉嫌犯盗窃罪于2021年3月9日被刑事拘留。\n" + procedure +
            "本院依法组成合议庭审理了本案。在审理过程中，赵青山申请撤回上诉，本院已裁定准许。现已审理终结。\n"
            "经审理查明，2021年3月1日，原审被告人赵青山、王大力在某地盗窃电动车一辆。\n"
            "本院认为，上诉人王大力犯盗窃罪。依照《中华人民共和国刑事诉讼法》第二百三十六条之规定，判决如下：\n"
            "驳回上诉，维持原判。\n本裁定为终审裁定。\n")
    ex = extract_text(text)
    defendants = sorted(p.name for p in ex.persons if p.role == "defendant")
    assert defendants == sorted(["王大力", *([withdrawn] if withdrawn else [])])
    if withdrawn:
        assert person(ex, withdrawn).birth_date is None and person(ex, withdrawn).offence_dates


@pytest.mark.parametrize("role", ["原审上诉人（原审被告人）", "申诉人（原审被告人）", "再审申请人（原审被告人）",
                                  "上诉人(原审被告人）", "原审上诉人(原审被告人)",   # a scan's brackets, mixed
                                  # what else the accused is in the same proceedings, in the brackets
                                  "上诉人（原审被告人暨公益诉讼被告）", "上诉人（原审被告人、附带民事诉讼被告人）",
                                  "原审被.告人", "上诉人（原审被告·人）"])   # a speck a scan left in the word
def test_the_accused_of_a_retrial_is_a_defendant(role: str) -> None:
    retrial = judgment(ADULT.replace("被告人赵某某", role + "赵某某", 1), FACTS.split("\n")[1],
                       "原审被告人赵某某犯盗窃罪，判处有期徒刑二年。\n本判决为终审判决。", number="（2022）浙01刑再3号")
    ex = extract_text(retrial)
    p = person(ex, "赵某某")
    assert p.role == "defendant" and p.birth_date == D(1990, 7, 1)
    assert p.disposition is not None and p.disposition.months == 24


def test_a_title_before_a_case_number_printed_without_its_year_heads_the_judgment() -> None:
    ex = extract_text(judgment(ADULT, FACTS.split("\n")[1], "被告人赵某某犯盗窃罪，判处有期徒刑二年。",
                               title="刑事判决书 上刑初字第117号", number=""))      # one line, as published
    p = person(ex, "赵某某")
    assert p.role == "defendant" and p.disposition is not None and p.disposition.months == 24


@pytest.mark.parametrize(("misread", "name"), [("核莉", "杨莉"), ("华蕊", "张华蕊")], ids=["misread", "surname lost"])
def test_a_name_misread_once_in_its_party_paragraph_takes_the_spelling_the_file_uses_elsewhere(misread: str,
                                                                                               name: str) -> None:
    """被告人核莉，女，… once, 被告人杨莉 in the findings and the operative part (or 华蕊, its surname
    lost, beside 张华蕊): OCR misread the paragraph; the file's spelling is the name, the misreading
    an alias (a redaction removes both)."""
    party = f"被告人{misread}，女，1972年6月3日出生。因涉嫌贩卖毒品罪于2017年2月16日被刑事拘留。"
    ex = extract_text(judgment(party, f"2017年2月16日，被告人{name}在某地贩卖毒品。", f"被告人{name}犯贩卖毒品罪，判处有期徒刑六个月。"))
    p = person(ex, name)
    assert p.role == "defendant" and misread in p.aliases and p.birth_date == D(1972, 6, 3)
    assert p.disposition is not None and p.disposition.months == 6
    assert not [i for i in ex.review_items if i.field == "name"]


def test_a_misreading_an_engine_repeats_yields_to_the_spelling_read_most_and_sentenced() -> None:
    """Tesseract misreads one glyph of a name more than once: 深廷国 in the paragraph, 染廷国
    twice, 梁廷国 four times and in the operative part. The spelling read most and sentenced is
    the name; the paragraph's is an alias."""
    party = "被告人深廷国，男，1972年6月3日出生。因涉嫌盗窃罪于2017年2月16日被刑事拘留。"
    facts = ("2017年2月1日，被告人梁廷国在某地盗窃。被告人染廷国供述，被告人梁廷国将赃物出售。"
             "被告人染廷国到案后如实供述，被告人梁廷国退赔全部损失。被告人梁廷国系初犯。")
    ex = extract_text(judgment(party, facts, "被告人梁廷国犯盗窃罪，判处有期徒刑六个月。"))
    p = person(ex, "梁廷国")
    assert "深廷国" in p.aliases and p.birth_date == D(1972, 6, 3)
    assert p.disposition is not None and p.disposition.months == 6


def test_a_relative_tried_elsewhere_however_often_named_does_not_rename_the_accused() -> None:
    """陈文杰 is sentenced here; his brother 陈文太, one glyph apart, is named more often but
    sentenced in no operative part of the file (tried elsewhere, said once): two people, the
    accused keeps his name."""
    party = "被告人陈文杰，男，1987年9月7日出生。因涉嫌包庇罪于2017年5月12日被刑事拘留。"
    facts = ("2017年5月1日，被告人陈文太盗窃后，被告人陈文太将赃物交给陈文杰藏匿。"
             "被告人陈文太逃跑，被告人陈文太于同年5月10日被抓获。")
    ex = extract_text(judgment(party, facts, "被告人陈文杰犯包庇罪，判处有期徒刑六个月。"))
    p = person(ex, "陈文杰")
    assert p.role == "defendant" and "陈文太" not in p.aliases
    assert p.disposition is not None and p.disposition.months == 6


INDICTMENT = ("杭州市上城区人民检察院\n起诉书\n杭上检刑诉〔2021〕45号\n"
              "被告人胡建华，男，1990年1月1日出生。因涉嫌盗窃罪于2021年2月9日被刑事拘留。\n"
              "经依法审查查明：2021年2月1日，被告人胡建华在某地盗窃电动车一辆。\n此致\n杭州市上城区人民法院\n")


@pytest.mark.parametrize(("second", "names"), [
    ("被告人亡建华，男，1990年1月1日出生。", ["胡建华"]),                       # 胡 misread, once
    ("被告人胡建华，男，1990年1月1日出生。\n被告人胡建军，男，1991年1月1日出生。", ["胡建军", "胡建华"]),
], ids=["misread", "two accused"])
def test_a_paragraphs_name_misread_once_is_the_accused_the_file_names_throughout(second: str, names: list[str]) -> None:
    """The judgment's paragraph reads 亡建华 where the indictment and every other line write 胡建华:
    one accused, the misreading an alias; two accused one glyph apart, each named in the
    operative part, stay two."""
    items = "".join(f"被告人{n}犯盗窃罪，判处有期徒刑六个月。\n" for n in names)
    ex = extract_text(INDICTMENT + judgment(second, "2021年2月1日，被告人胡建华在某地盗窃电动车一辆。", items))
    assert sorted(p.name for p in ex.persons if p.role == "defendant") == names
    if names == ["胡建华"]:
        assert "亡建华" in person(ex, "胡建华").aliases and not reasons(ex, person(ex, "胡建华"), "name")


def test_a_name_one_glyph_off_another_persons_stays_its_own() -> None:
    """张某甲 and 张某乙 are two people, however alike their names."""
    parties = ("被告人张某甲，男，1990年1月1日出生。因涉嫌盗窃罪于2017年2月16日被刑事拘留。\n"
               "被告人张某乙，男，1991年1月1日出生。因涉嫌盗窃罪于2017年2月16日被刑事拘留。")
    ex = extract_text(judgment(parties, "2017年2月1日，被告人张某乙在某地盗窃。",
                               "一、被告人张某乙犯盗窃罪，判处有期徒刑六个月。\n二、被告人张某乙犯盗窃罪，判处有期徒刑六个月。"))
    assert sorted(p.name for p in ex.persons if p.role == "defendant") == ["张某乙", "张某甲"]


@pytest.mark.parametrize("combined", ["决定合并执行", "合并执行"])
def test_a_combined_sentence_written_with_hebing_is_the_combined_one(combined: str) -> None:
    ex = extract_text(judgment(ADULT, FACTS.split("\n")[1],
                               "被告人赵某某犯职务侵占罪，判处有期徒刑二年十个月；犯诈骗罪，判处有期徒刑九个月，"
                               f"并处罚金人民币2000元；{combined}有期徒刑三年二个月，并处罚金人民币2000元。"))
    d = person(ex, "赵某某").disposition
    assert d is not None and (d.kind, d.months) == ("fixed_term", 38)
    assert [i.field for i in ex.review_items if i.field == "disposition"] == []


def test_a_retrial_decides_after_its_own_reasoning_not_in_the_judgment_it_quotes() -> None:
    """A retrial quotes the judgment it reviews, operative part included (原审认为…判决如下：…), before
    its own reasoning and decision: the sentence is the one after 本院认为, and no second one."""
    quoted = ("原审认为，被告人赵某某的行为已构成盗窃罪。据此，依照《中华人民共和国刑法》第二百六十四条之规定，判决如下："
              "被告人赵某某犯盗窃罪，判处有期徒刑十一个月，缓刑一年。\n经再审查明：与原审查明的事实一致。")
    retrial = judgment(ADULT.replace("被告人赵某某", "原审被告人赵某某", 1), FACTS.split("\n")[1] + "\n" + quoted,
                       "一、撤销本院（2021）浙0102刑初123号刑事判决；\n二、原审被告人赵某某犯盗窃罪，判处有期徒刑一年，缓刑一年。",
                       number="（2022）浙0102刑再3号")
    ex = extract_text(retrial)
    d = person(ex, "赵某某").disposition
    assert d is not None and (d.kind, d.months, d.suspended, d.probation_months) == ("fixed_term", 12, True, 12)
    assert [i.field for i in ex.review_items if i.field in ("disposition", "name")] == []


@pytest.mark.parametrize(("term", "months"), [("一个月零十五天", 2), ("四个月二十四天", 5)])
def test_a_term_with_days_is_read_with_the_part_month_as_a_month(term: str, months: int) -> None:
    ex = extract_text(judgment(MINOR, FACTS.split("\n")[0], f"被告人张某某犯盗窃罪，判处拘役{term}。"))
    d = person(ex, "张某某").disposition
    assert d is not None and (d.kind, d.months) == ("criminal_detention", months)
    assert not reasons(ex, person(ex, "张某某"), "disposition")


@pytest.mark.parametrize("note", ["所处罚金，限被告人于本判决生效后十日内缴纳。",
                                  "（各被告人刑期从判决执行之日起计算。）"])
def test_the_accused_in_an_instruction_of_the_operative_part_is_nobody_new(note: str) -> None:
    """所处罚金，限被告人于本判决生效后十日内缴纳 / 各被告人刑期从…起计算: 被告人 names no one there, so
    no reviewer is told of a sentenced person without a party paragraph."""
    ex = extract_text(judgment(MINOR, FACTS.split("\n")[0], "被告人张某某犯盗窃罪，判处拘役五个月，并处罚金人民币二千元。"
                                                        + note))
    assert not [i for i in ex.review_items if i.person_id is None]


def test_a_sentence_for_an_accused_without_a_party_paragraph_never_goes_to_the_defendant_before_it() -> None:
    """p300 d0016 (seed 90300): OCR lost the line opening 吕美玲's party paragraph and the 判 of
    贾磊's 判处拘役六个月, so 贾磊's part of the operative text ran on into 吕美玲's 决定执行 of five
    and a half years — a confident wrong sentence. His part now ends at a 被告人 nobody answers to."""
    items = ("一、对被告人张某某以盗窃罪处拘役六个月，并处罚金人民币二千元。\n"
             "二、被告人钱某某犯盗窃罪，判处有期徒刑四年一个月；犯敲诈勒索罪，判处有期徒刑二年九个月；"
             "决定执行有期徒刑五年六个月，并处罚金人民币三千元。")
    ex = extract_text(judgment(MINOR, FACTS.split("\n")[0], items))
    p = person(ex, "张某某")
    assert p.disposition is not None and (p.disposition.kind, p.disposition.months) == ("criminal_detention", 6)
    assert any(i.person_id is None and i.reason == R.SENTENCED_WITHOUT_PARTY.reason for i in ex.review_items)


@pytest.mark.parametrize("clipped", ["告人赵某某", "波告人赵某某"])
def test_a_role_word_that_lost_or_misread_its_first_glyph_opens_the_paragraph_of_an_accused(clipped: str) -> None:
    """告人赵某某, 波告人赵某某 (a Noto Serif scan's 被): without a paragraph of his own, his birth date
    and ID number would go to the person described before him (tests/unit/test_nlp_scans.py
    replays the real OCR)."""
    ex = extract_text(judgment(MINOR + "\n" + ADULT.replace("被告人赵某某", clipped), FACTS, ITEMS))
    adult = person(ex, "赵某某")
    assert (adult.birth_date, adult.id_number) == (D(1990, 7, 1), ADULT_ID)
    assert person(ex, "张某某").birth_date == D(2004, 3, 15)
    assert not [i for i in ex.review_items if i.field in ("birth_date", "id_number", "name")]


def test_a_clipped_role_word_opens_a_paragraph_only_for_an_accused_named_with_a_gender_after() -> None:
    """系被 / 告人张某某之母 is a guardian's relation, and 告人孙某某 a name the file never gives
    after a whole role word: neither opens a paragraph."""
    for details in ("，男，", "，绰号“小胖”，女，", "(又名徐晓丽)，女，", "（曾用名孙明），男。"):
        assert P.GENDER_AFTER_NAME.match(details), details
    for relation in ("之母，女，", "的母亲，女，", "，系其父母，男方"):
        assert not P.GENDER_AFTER_NAME.match(relation), relation
    guardian = MINOR.replace("法定代理人李某某，女，1978年5月1日出生，系被告人张某某之母。",
                             "法定代理人李某某，系被\n告人张某某之母，女，1978年5月1日出生。")
    assert guardian != MINOR
    ex = extract_text(judgment(guardian, FACTS.split("\n")[0], ITEMS.split("\n")[0]))
    assert [p.name for p in ex.persons if p.is_defendant] == ["张某某"]
    assert person(ex, "李某某").represents == person(ex, "张某某").person_id
    plaintiff = MINOR + "\n原告人张某某，男，1990年3月4日出生。"   # another role word, not a misread one
    ex = extract_text(judgment(plaintiff, FACTS.split("\n")[0], ITEMS.split("\n")[0]))
    assert person(ex, "张某某").birth_date == D(2004, 3, 15)
    stranger = MINOR + "\n告人孙某某，男，1990年3月4日出生。"
    ex = extract_text(judgment(stranger, FACTS.split("\n")[0], ITEMS.split("\n")[0]))
    assert [p.name for p in ex.persons if p.is_defendant] == ["张某某"]


def test_a_birth_date_after_today_is_unreadable_not_a_birth_date() -> None:
    """A written birth date in the future is OCR's misreading; with nothing else to go by it is a
    question for a reviewer, never a date the age is counted from."""
    future = f"{dt.date.today().year + 20}年3月15日出生"
    ex = extract_text(judgment(MINOR.replace("2004年3月15日出生", future).replace(f"公民身份号码{MINOR_ID}，", ""),
                               FACTS.split("\n")[0], ITEMS.split("\n")[0]))
    minor = person(ex, "张某某")
    assert minor.birth_date is None
    assert reasons(ex, minor, "birth_date") == [R.BIRTH_UNREADABLE.reason]


def test_a_combined_sentence_marker_that_lost_a_glyph_counts_only_above_the_terms_before_it() -> None:
    """决定行 (执 lost) before a term no shorter than any count's is the combined sentence; before a
    shorter one it is no 决定执行 a court could have written, and the terms stay two for review."""
    for marker in ("决定行", "定执行", "六定执行", "决定执"):
        items = f"被告人张某某犯盗窃罪，判处有期徒刑一年；犯抢劫罪，判处有期徒刑三年；{marker}有期徒刑三年六个月。"
        p = person(extract_text(judgment(MINOR, FACTS.split("\n")[0], items)), "张某某")
        assert p.disposition is not None and (p.disposition.kind, p.disposition.months) == ("fixed_term", 42), marker
    ex = extract_text(judgment(MINOR, FACTS.split("\n")[0],
                               "被告人张某某犯盗窃罪，判处有期徒刑一年；犯抢劫罪，判处有期徒刑三年；决定行有期徒刑二年。"))
    assert reasons(ex, person(ex, "张某某"), "disposition") == [R.TWO_SENTENCES.reason]


def _first_instance_and_appeal(first_facts: str, appeal_facts: str) -> Extraction:
    first = judgment(MINOR, first_facts, "被告人张某某犯盗窃罪，判处有期徒刑一年。")
    appeal = judgment(MINOR.replace("被告人张某某", "上诉人（原审被告人）张某某", 1), appeal_facts,
                      "驳回上诉，维持原判。\n本裁定为终审裁定。", number="（2022）浙01刑终45号", title="刑事裁定书",
                      court="浙江省杭州市中级人民法院", signed="二〇二二年三月一日")
    return extract_text(first + appeal)


def test_offence_dates_one_glyph_apart_in_two_documents_are_a_question_for_a_reviewer() -> None:
    """The judgment's 2021年8月3日 and the ruling's 2021年8月13日: one of them lost or gained a
    glyph to OCR, and nothing in the file says which; dates both documents give are two offences."""
    ex = _first_instance_and_appeal("2021年8月3日晚，被告人张某某在上城区窃取手机一部。",
                                    "2021年8月13日晚，上诉人张某某在上城区窃取手机一部。")
    minor = person(ex, "张某某")
    assert reasons(ex, minor, "offence_dates") == [R.OFFENCE_DOCUMENTS_DISAGREE.reason]
    both = "2021年8月3日晚，被告人张某某在上城区窃取手机一部。2021年8月13日晚，被告人张某某在上城区窃取电动车一辆。"
    ex = _first_instance_and_appeal(both, both.replace("被告人", "上诉人"))
    minor = person(ex, "张某某")
    assert [o.start for o in minor.offence_dates] == [D(2021, 8, 3), D(2021, 8, 13)]
    assert reasons(ex, minor, "offence_dates") == []


def test_a_month_and_day_without_a_year_is_an_offence_date_only_after_a_date_it_cannot_precede() -> None:
    """…；8月13日晚，… after 2021年8月3日 is 2021's: an offence after the 18th birthday must not
    go unseen. One before the date it follows (12月28日…；1月3日) may be the next year's: unread."""
    for later in ("；8月13日晚，被告人张某某又窃取电动车一辆。", "、8月13日晚两次窃取，被告人张某某窃得手机。"):
        ex = extract_text(judgment(MINOR, "2021年8月3日晚，被告人张某某在上城区窃取手机一部" + later, ITEMS.split("\n")[0]))
        minor = person(ex, "张某某")
        assert [o.start for o in minor.offence_dates] == [D(2021, 8, 3), D(2021, 8, 13)], later
        assert reasons(ex, minor, "offence_dates") == []
    ex = extract_text(judgment(MINOR, "2021年8月3日晚，被告人张某某窃取手机一部；7月13日晚，被告人张某某又窃取电动车一辆。",
                               ITEMS.split("\n")[0]))
    minor = person(ex, "张某某")
    assert [o.start for o in minor.offence_dates] == [D(2021, 8, 3)]
    assert reasons(ex, minor, "offence_dates") == [R.OFFENCE_UNREAD.reason]


def test_an_indictments_findings_end_at_its_closing_even_when_ocr_lost_the_courts_view() -> None:
    """The signature's 二〇二一年十月八日 garbled to 一十月八日 after 此致 is no offence date, even
    when 本院认为 was lost and nothing else ended the findings."""
    indictment = ("杭州市上城区人民检察院\n起诉书\n杭上检未检刑诉〔2021〕45号\n" + MINOR.split("\n")[0] + "\n"
                  "经依法审查查明：\n2021年8月3日晚，被告人张某某在上城区窃取手机一部。\n"
                  "院认为，被告人张某某的行为已触犯《中华人民共和国刑法》。\n此致\n杭州市上城区人民法院\n检察员王某\n一十月八日\n")
    ex = extract_text(indictment + judgment(MINOR, FACTS.split("\n")[1].replace("赵某某", "张某某"), ITEMS.split("\n")[0]))
    minor = person(ex, "张某某")
    assert [o.start for o in minor.offence_dates] == [D(2021, 8, 3)]
    assert reasons(ex, minor, "offence_dates") == []


def test_the_one_sentence_no_name_claims_goes_to_the_one_defendant_without_one_for_review() -> None:
    """OCR lost the name from 二、对被告人以盗窃罪判处…: 张某某's sentence is read, 赵某某 has none,
    and the only unclaimed sentence is his by elimination — for a reviewer to confirm."""
    lost = ITEMS.replace("二、被告人赵某某犯盗窃罪，判处", "二、对被告人以盗窃罪判处")
    ex = extract_text(judgment(MINOR + "\n" + ADULT, FACTS, lost))
    adult = person(ex, "赵某某")
    assert adult.disposition is not None and (adult.disposition.kind, adult.disposition.months) == ("fixed_term", 72)
    assert reasons(ex, adult, "disposition") == [R.SENTENCE_NAME_UNREAD.reason]
    assert person(ex, "张某某").disposition.months == 18 and not reasons(ex, person(ex, "张某某"), "disposition")


def test_unclaimed_sentences_are_paired_with_nobody_unless_one_to_one() -> None:
    """Two unclaimed sentences for two defendants without one, or for one (the other named in the
    operative part, a party paragraph OCR lost): which is whose would be a guess."""
    garbled = ITEMS.replace("一、被告人张某某犯", "一、被告人张¥犯")
    both = garbled.replace("二、被告人赵某某犯盗窃罪，判处", "二、对被告人以盗窃罪判处")
    ex = extract_text(judgment(MINOR + "\n" + ADULT, FACTS, both))
    for name in ("张某某", "赵某某"):
        assert person(ex, name).disposition is None
    assert reasons(ex, person(ex, "张某某"), "disposition") == [R.DISPOSITION_NOT_FOUND.reason]
    # the adult at every offence is not eligible whatever the sentence: the missing one asks nobody
    assert reasons(ex, person(ex, "赵某某"), "disposition") == []
    assert any(i.person_id is None for i in ex.review_items)   # the file still says a sentence went unread
    stranger = garbled.replace("二、被告人赵某某犯", "二、被告人钱大伟犯")
    ex = extract_text(judgment(MINOR, FACTS, stranger))
    assert person(ex, "张某某").disposition is None


def test_criminal_detention_whose_first_glyph_ocr_misread_is_proposed_for_review() -> None:
    ex = extract_text(judgment(MINOR, FACTS, "被告人张某某犯盗窃罪，判处均役三个月，并处罚金人民币二千元。"))
    p = person(ex, "张某某")
    assert p.disposition is not None and (p.disposition.kind, p.disposition.months) == ("criminal_detention", 3)
    assert reasons(ex, p, "disposition") == [R.PENALTY_REPAIRED.reason]


def test_findings_whose_heading_was_lost_are_found_by_the_structure_of_the_judgment() -> None:
    """No 查明 left: the section labeller finds the findings between the procedure and the
    reasoning; a paragraph about the procedure (提起公诉) stays procedure, whatever its date. Where
    the labeller is sure, the dates read there are as sure as under a heading; where it is not,
    each waits for a reviewer."""
    lost = judgment(MINOR, FACTS, ITEMS).replace("经审理查明：\n", "经本院审理\n")
    procedure = lost.replace("杭州市上城区人民检察院以杭上检未检刑诉〔2021〕45号起诉书指控被告人犯",
                             "现已审理终结。\n2021年10月8日，杭州市上城区人民检察院以起诉书指控被告人张某某犯")
    assert procedure != lost
    for text in (lost, procedure):
        ex = extract_text(text)
        p = person(ex, "张某某")
        assert [(o.start, o.end) for o in p.offence_dates] == [(D(2021, 7, 1), D(2021, 8, 31))]
        assert reasons(ex, p, "offence_dates") == []


def test_a_decision_with_no_findings_gives_no_offence_date() -> None:
    """The final non-prosecution decision after a test period tells only the procedure (本院于…以…附条件
    不起诉决定书…作出附条件不起诉决定): the labeller finds no findings it can vouch for, and the
    decision taken that day is no act."""
    conditional = ("杭州市西湖区人民检察院\n附条件不起诉决定书\n杭西检未检刑附不诉〔2015〕24号\n"
                   "被附条件不起诉人武某，女，16岁，汉族，学生。因涉嫌犯故意伤害罪，于2015年3月26日被刑事拘留。\n"
                   "本案由杭州市公安局西湖区分局侦查终结，以被附条件不起诉人武某涉嫌故意伤害罪，于2015年5月19日向本院移送审查起诉。\n"
                   "经本院依法审查查明：\n2015年2月中旬，被附条件不起诉人武某在西湖区某超市持木棍殴打被害人，致其轻伤二级。\n"
                   "本院认为，武某的行为触犯了《中华人民共和国刑法》，决定对武某附条件不起诉。\n考验期为十个月。\n"
                   "杭州市西湖区人民检察院\n二〇一五年六月十二日\n")
    final = ("杭州市西湖区人民检察院\n不起诉决定书\n杭西检未检刑不诉〔2016〕5号\n"
             "被不起诉人武某，女，16岁，汉族，学生。因涉嫌犯故意伤害罪，于2015年3月26日被刑事拘留。\n"
             "本案由杭州市公安局西湖区分局侦查终结，以被不起诉人武某涉嫌故意伤害罪，于2015年5月19日向本院移送审查起诉。\n"
             "本院于2015年6月12日以杭西检未检刑附不诉〔2015〕24号附条件不起诉决定书对被不起诉人武某作出附条件不起诉决定，考验期十个月。\n"
             "被不起诉人武某在考验期内遵守法律法规，服从监督，考验期满。\n"
             "依照《中华人民共和国刑事诉讼法》第二百七十三条第二款的规定，决定对武某不起诉。\n"
             "杭州市西湖区人民检察院\n二〇一六年四月十九日\n")
    ex = extract_text(conditional + final)
    p = person(ex, "武某")
    assert [(o.start, o.end) for o in p.offence_dates] == [(D(2015, 2, 11), D(2015, 2, 20))]
    assert not [i for i in ex.review_items if i.field == "offence_dates"]


def test_findings_the_labeller_is_unsure_of_wait_for_a_reviewer(monkeypatch: pytest.MonkeyPatch) -> None:
    from extractors.nlp import components
    monkeypatch.setattr(components, "STRUCTURE_CONFIDENCE", 1.01)   # no probability reaches it
    ex = extract_text(judgment(MINOR, FACTS, ITEMS).replace("经审理查明：\n", "经本院审理\n"))
    p = person(ex, "张某某")
    assert [(o.start, o.end) for o in p.offence_dates] == [(D(2021, 7, 1), D(2021, 8, 31))]
    assert reasons(ex, p, "offence_dates") == [R.FINDINGS_HEADING_LOST.reason]


@pytest.mark.parametrize(("party", "name", "asked"), [
    ("被告人王某，男，1990年1月1日出生。因涉嫌盗窃罪于2019年3月5日被刑事拘留。", "王某", False),
    ("被告人王某，男，2002年1月1日出生。因涉嫌盗窃罪于2019年3月5日被刑事拘留。", "王某", True),
])
def test_a_faint_sentence_asks_a_reviewer_only_where_it_can_move_the_decision(party: str, name: str,
                                                                                asked: bool) -> None:
    """有期徒刑八个月 read faint: for a minor the term decides (R1, five years at most), for a person
    an adult at every offence nothing does — not eligible whatever it is; the value stays recorded
    below the confidence bar."""
    text = judgment(party, "2019年3月1日，被告人王某在某地盗窃电动车一辆。", "被告人王某犯盗窃罪，判处有期徒刑八个月。")
    flat = text.replace("\n", "")
    ex = _read_with_faint(text, flat.index("八个月"), 3, 0.5)
    p = person(ex, name)
    assert p.disposition is not None and p.disposition.months == 8
    assert (R.SENTENCE_LOW_CONFIDENCE.reason in reasons(ex, p, "disposition")) is asked


def test_a_day_told_after_a_dated_one_is_weighed_by_the_parts_of_that_date() -> None:
    """次日凌晨…抢劫 counts from 2019年3月1日, whose year is read beyond doubt: a faint month
    elsewhere (2019年5月) leaves someone born in 1990 an adult at every offence, nothing to ask."""
    party = "被告人王某，男，1990年1月1日出生。因涉嫌抢劫罪于2019年6月1日被刑事拘留。"
    text = judgment(party, "2019年3月1日晚，被告人王某与被害人发生争执。次日凌晨，被告人王某持刀抢劫被害人现金500元。"
                           "2019年5月，被告人王某又在某地盗窃电动车一辆。", "被告人王某犯抢劫罪，判处有期徒刑三年。")
    flat = text.replace("\n", "")
    ex = _read_with_faint(text, flat.index("5月，被告人王某又"), 1, 0.5)
    p = person(ex, "王某")
    assert any(o.start == D(2019, 3, 2) and "…次日" in o.text for o in p.offence_dates)
    assert reasons(ex, p, "offence_dates") == []


@pytest.mark.parametrize(("party", "sentence", "asked"), [
    (MINOR, "判处有期徒刑二年六个月，\n三年六个月", True),      # 缓刑 lost at a line's start
    (MINOR, "判处有期徒刑二年六个月，缓刑三年", False),        # read suspended: nothing lost
    (ADULT, "判处有期徒刑二年六个月，\n三年六个月", False),     # an adult's: no sentence makes it eligible
], ids=["minor, probation lost", "minor, suspended", "adult"])
def test_a_probation_the_operative_part_counts_but_no_sentence_carries_is_asked_about(party: str, sentence: str,
                                                                                     asked: bool) -> None:
    """（缓刑考验期限，从判决确定之日起计算。） says a sentence is suspended: with none read so, OCR lost
    the word, and a reviewer reads the sentence — where the record may be sealed."""
    name = "张某某" if party is MINOR else "赵某某"
    facts = FACTS.split("\n")[0] if party is MINOR else FACTS.split("\n")[1]
    ex = extract_text(judgment(party, facts, f"被告人{name}犯盗窃罪，{sentence}。\n（缓刑考验期限，从判决确定之日起计算。）"))
    assert (R.PROBATION_UNREAD.reason in reasons(ex, person(ex, name), "disposition")) is asked
