"""The second reader (extractors.second_reader): a trained recogniser of birth and offence dates,
assembled into the language pipeline by its config, read beside the rules; the assembler asks
a reviewer only where its dates give another answer to the age at the offence."""
from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest

from extractors.nlp import dossier_from_text, load_pipeline
from extractors.nlp import reasons as R
from extractors.nlp.assemble import Extraction, build
from extractors.nlp.flow import FlowText
from extractors.nlp.state import Mention
from extractors.second_reader import read

# born 1999-04-02: 18 years old on 2017-04-02; the theft is a minor's, the arrest an adult's day
PARTY = ("被告人王某某，男，1999年4月2日出生，汉族，初中文化，无业，住浙江省杭州市上城区某某路8号。"
         "因涉嫌盗窃罪于2018年5月21日被刑事拘留，同年6月1日被逮捕。")
FINDINGS = ("2017年3月3日晚，被告人王某某在上城区某超市窃取被害人孙某手机一部，价值人民币二千元。"
            "2018年5月20日，被告人王某某被公安机关抓获归案。")
TEXT = ("浙江省杭州市上城区人民法院\n刑事判决书\n（2018）浙0102刑初77号\n公诉机关杭州市上城区人民检察院。\n"
        f"{PARTY}\n经审理查明：\n{FINDINGS}\n本院认为，被告人王某某的行为已构成盗窃罪。判决如下：\n"
        "被告人王某某犯盗窃罪，判处拘役四个月。\n审判员　李某\n二〇一八年八月一日\n书记员　赵某\n")


def test_marks_birth_and_offence_dates_by_their_context() -> None:
    """Dates alike in form, told apart by what surrounds them: the birth date of a party
    paragraph, the act's date in the findings, and none of the measures' dates."""
    found = {(r.text, r.label) for r in read(TEXT)}
    assert ("1999年4月2日", "BIRTH") in found
    assert ("2017年3月3日", "OFFENCE") in found
    assert not {text for text, _ in found} & {"2018年5月21日", "2018年5月20日"}


def test_offsets_point_into_the_text_read() -> None:
    for r in read(TEXT):
        assert TEXT[r.start:r.end] == r.text


def test_the_pipeline_keeps_its_readings_as_doc_spans() -> None:
    nlp = load_pipeline()
    doc = nlp(nlp.make_doc(TEXT))
    assert {(s.text, s.label_) for s in doc.spans["second_reader"]} == \
        {(m.text, label) for label, m in doc._.legal.second_readings}
    assert ("1999年4月2日", "BIRTH") in {(s.text, s.label_) for s in doc.spans["second_reader"]}


def _with_second_reading(label: str, text: str, judgment: str = TEXT) -> Extraction:
    """The judgment extracted as the pipeline does, with the second reader's readings replaced by
    one reading of `text` where the file writes it: the assembler's comparison is what is tested."""
    nlp = load_pipeline()
    dossier = dossier_from_text(judgment)
    flow = FlowText(dossier)
    doc = nlp.make_doc(flow.text)
    doc.user_data["fengcun_text"] = flow.text
    state = nlp(doc)._.legal
    start = flow.text.index(text)
    state.second_readings = [(label, Mention(start, start + len(text), text))]
    return build(dossier, flow, state)


def _items(ex: Extraction) -> list[str]:
    return [i.reason for i in ex.review_items]


def test_the_rules_alone_decide_this_file() -> None:
    ex = _with_second_reading("OFFENCE", "2017年3月3日")   # the second reader agrees
    person = next(p for p in ex.persons if p.is_defendant)
    assert person.birth_date == dt.date(1999, 4, 2) and person.minor_at_offence is True
    assert _items(ex) == []


def test_an_offence_date_on_the_other_side_of_18_asks_a_reviewer() -> None:
    """An act the court dates only in its reasoning, where the rules read no offence dates: the
    second reader's reading of it would make an adult's act of a minor's case."""
    reasoning = TEXT.replace("本院认为，被告人王某某的行为", "本院认为，被告人王某某于2018年1月9日另有盗窃行为，其行为")
    ex = _with_second_reading("OFFENCE", "2018年1月9日", reasoning)
    assert _items(ex) == [R.SECOND_READER_OFFENCE.reason]
    assert ex.review_items[0].value == "2018年1月9日"


def test_a_date_the_file_makes_a_measure_is_not_overturned() -> None:
    """…被公安机关抓获归案: the words after the date make it an arrest's, as the rules read it;
    the second reader taking it for an act's asks nobody."""
    assert _items(_with_second_reading("OFFENCE", "2018年5月20日")) == []


def test_a_birth_date_that_changes_the_age_asks_a_reviewer() -> None:
    """An adult by the rules' birth date; the second reader takes another date of the party
    paragraph for the birth date, one that would make the act a minor's."""
    adult = TEXT.replace("1999年4月2日", "1990年7月1日")
    assert next(p for p in _with_second_reading("BIRTH", "1990年7月1日", adult).persons
                if p.is_defendant).minor_at_offence is False
    ex = _with_second_reading("BIRTH", "2018年5月21日", adult)
    assert _items(ex) == [R.SECOND_READER_BIRTH.reason]
    assert _items(_with_second_reading("BIRTH", "2018年5月21日")) == []   # a minor either way: nobody asked


@pytest.mark.parametrize(("label", "text"), [
    ("BIRTH", "1999年4月2日"),      # the same birth date
    ("OFFENCE", "同年6月1日"),      # no year: not placed, proves nothing
])
def test_agreement_or_an_unplaced_date_asks_nobody(label: str, text: str) -> None:
    assert _items(_with_second_reading(label, text)) == []


def test_threads_read_as_one_thread_does() -> None:
    """A backfill extracts dossiers on a thread pool: each thread's reading is the one a single
    thread makes of the same text."""
    texts = [TEXT.replace("王某某", name) for name in ("王某某", "李某某", "赵某某", "孙某某")] * 4
    alone = [read(t) for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(read, texts)) == alone
