"""decide_record: decisions, review items and reviewers' corrections on a whole record."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest

from models import idnumber
from models.record import (Case, DecisionRecord, Disposition, Document, Evidence, OffenceDate, Person,
                           Source)
from models.rules import RuleTableError, decide, decide_record, load_profile, profile_for_case
from models.rules.table import _row, ELIGIBILITY_FACTS, ELIGIBILITY_OUTCOMES

SCHEMA = json.loads((Path(__file__).parents[1] / "resources" / "contract" / "decision-record.schema.json").read_text())
AS_OF = dt.date(2026, 1, 1)
BORN = dt.date(2004, 3, 15)


def minor(pid: str = "P1", **kw: object) -> Person:
    p = Person(pid, "defendant", "测试甲", id_number=idnumber.make("330102", BORN, 123), birth_date=BORN,
               offence_dates=[OffenceDate(dt.date(2021, 8, 3), dt.date(2021, 8, 3), "2021年8月3日")],
               disposition=Disposition("fixed_term", 18, True, 24, True, "judgment", dt.date(2022, 1, 5)),
               charges=["盗窃罪"])
    for k, v in kw.items():
        setattr(p, k, v)
    return p


def adult(pid: str = "P2") -> Person:
    born = dt.date(1990, 1, 1)
    return Person(pid, "defendant", "测试乙", id_number=idnumber.make("330102", born, 111), birth_date=born,
                  offence_dates=[OffenceDate(dt.date(2021, 8, 3), dt.date(2021, 8, 3), "2021年8月3日")],
                  disposition=Disposition("fixed_term", 36, final=True, document_kind="judgment"),
                  charges=["盗窃罪"])


def record_of(*persons: Person, **case: object) -> DecisionRecord:
    return DecisionRecord("a" * 64, Source("d.pdf", "a" * 64, 3),
                          Case(["（2021）苏0102刑初1号"], "江苏省南京市玄武区人民法院",
                               [Document("judgment", 1, 3)], concluded_on=dt.date(2022, 9, 1), **case),
                          list(persons))


def test_decide_record_fills_decisions_minor_flags_and_rules_version() -> None:
    guardian = Person("P3", "legal_representative", "测试丙", represents="P1")
    record = decide_record(record_of(minor(), adult(), guardian), as_of=AS_OF)
    p1, p2, p3 = record.persons
    assert (p1.decision.outcome, p1.decision.rules, p1.minor_at_offence) == ("seal", ("R1",), True)
    assert (p2.decision.outcome, p2.decision.rules, p2.minor_at_offence) == ("not_eligible", ("R8",), False)
    assert p3.decision is None
    # suspended sentence: the court is due the day the judgment takes effect (Measures art. 11),
    # community corrections 3 days after probation (24 months from the effective date) ends
    assert p1.decision.due_date == dt.date(2022, 9, 1)
    assert dict(p1.decision.due_by_organ)["community_corrections"] == dt.date(2024, 9, 3)
    assert record.pipeline.rules_version == "national-2022@6"
    assert not record.review.items
    jsonschema.validate(record.to_dict(), SCHEMA)


def test_zhejiang_record_gets_the_zhejiang_rules_version() -> None:
    record = record_of(minor())
    record.case.court = "浙江省杭州市上城区人民法院"
    decide_record(record, as_of=AS_OF)
    assert record.pipeline.rules_version == "zhejiang@2+national-2022@6"
    assert any("学籍档案" in c for c in record.persons[0].decision.citations)


def test_review_items_name_the_field_and_are_not_duplicated_on_rerun() -> None:
    p1 = minor(evidence=[Evidence("birth_date", 1, (0, 0, 1, 1), "…", 0.55)])
    record = decide_record(record_of(p1, adult()), as_of=AS_OF)
    assert p1.decision.outcome == "review" and p1.minor_at_offence is None
    assert [(i.person_id, i.field, i.status) for i in record.review.items] == [("P1", "birth_date", "open")]
    assert record.review.required
    assert "2004" not in record.review.items[0].reason  # reasons carry no personal data
    again = decide_record(DecisionRecord.from_dict(record.to_dict()), as_of=AS_OF)
    assert again.to_dict() == record.to_dict()


def test_an_approved_low_confidence_value_is_accepted() -> None:
    p1 = minor(evidence=[Evidence("birth_date", 1, (0, 0, 1, 1), "…", 0.55)])
    record = decide_record(record_of(p1), as_of=AS_OF)
    record.review.items[0].status = "approved"
    decide_record(record, as_of=AS_OF)
    assert p1.decision.outcome == "seal"
    assert [i.status for i in record.review.items] == ["approved"]
    assert not record.review.required


def test_a_correction_updates_the_field_before_deciding_and_withdraws_stale_items() -> None:
    # birth date misread as 2002 (adult at the offence) and disagreeing with the ID number
    p1 = minor(birth_date=dt.date(2002, 3, 15))
    record = decide_record(record_of(p1), as_of=AS_OF)
    assert p1.decision.outcome == "review"
    item = record.review.items[0]
    assert item.field == "birth_date" and item.value == "2002-03-15"
    item.status, item.corrected_value, item.reviewer = "corrected", "2004-03-15", "reviewer1"
    decide_record(record, as_of=AS_OF)
    assert p1.birth_date == BORN and p1.decision.outcome == "seal" and p1.minor_at_offence is True
    assert [i.status for i in record.review.items] == ["corrected"]


def test_open_items_that_no_longer_apply_are_withdrawn_without_duplicate_ids() -> None:
    p1 = minor(main_conduct=None,
               offence_dates=[OffenceDate(dt.date(2021, 12, 1), dt.date(2022, 5, 31), "2021年12月至2022年5月")])
    record = decide_record(record_of(p1), as_of=AS_OF)
    record.review.add(None, "dossier", "page 3 unreadable")  # someone else's item stays
    assert [i.field for i in record.review.items] == ["main_conduct", "dossier"]
    main_item = record.review.items[0]
    main_item.status, main_item.corrected_value = "corrected", "before_18"
    p1.evidence.append(Evidence("disposition", 1, (0, 0, 1, 1), "…", 0.3))
    decide_record(record, as_of=AS_OF)
    assert [(i.item_id, i.field, i.status) for i in record.review.items] == [
        ("R1", "main_conduct", "corrected"), ("R2", "dossier", "open"), ("R3", "disposition", "open")]
    record.review.add(None, "dossier", "another")
    p1.evidence.clear()
    decide_record(record, as_of=AS_OF)
    assert [i.item_id for i in record.review.items] == ["R1", "R2", "R4"]
    assert p1.decision.rules == ("R4", "R1")
    record.review.add(None, "dossier", "a third")
    assert record.review.items[-1].item_id == "R5"


def test_a_value_the_extractor_questions_is_not_trusted_until_a_reviewer_settles_it() -> None:
    record = record_of(minor())
    record.review.add("P1", "birth_date", "birth dates in the file disagree", "2004-03-15")
    decide_record(record, as_of=AS_OF)
    p1 = record.persons[0]
    assert p1.decision.outcome == "review" and p1.minor_at_offence is None
    assert any(r.startswith("birth_date:") for r in p1.decision.reasons)
    assert len(record.review.items) == 1          # the extractor's item covers it; no second one
    record.review.items[0].status = "rejected"    # a rejected value is never trusted either
    decide_record(record, as_of=AS_OF)
    assert p1.decision.outcome == "review"
    record.review.items[0].status = "approved"
    decide_record(record, as_of=AS_OF)
    assert p1.decision.outcome == "seal" and len(record.review.items) == 1


def test_leap_day_review_is_settled_by_correcting_minor_at_offence() -> None:
    born = dt.date(2004, 2, 29)
    p1 = minor(birth_date=born, id_number=idnumber.make("330102", born, 123),
               offence_dates=[OffenceDate(dt.date(2022, 3, 1), dt.date(2022, 3, 1), "2022年3月1日")])
    record = decide_record(record_of(p1), as_of=AS_OF)
    assert [i.field for i in record.review.items] == ["minor_at_offence"]
    record.review.items[0].status, record.review.items[0].corrected_value = "corrected", False
    decide_record(record, as_of=AS_OF)
    assert p1.decision.outcome == "not_eligible" and p1.decision.rules == ("R8",)
    assert p1.minor_at_offence is False


def test_a_minor_tried_separately_without_a_disposition_gets_no_decision() -> None:
    elsewhere = minor("P1", tried_separately=True, disposition=None)
    unknown = minor("P3", tried_separately=True, disposition=None, birth_date=None, id_number=None)
    record = decide_record(record_of(elsewhere, adult(), unknown), as_of=AS_OF)
    assert elsewhere.decision is None and elsewhere.minor_at_offence is True
    assert unknown.decision is None and unknown.minor_at_offence is None
    assert [(i.person_id, i.field) for i in record.review.items] == [("P3", "minor_at_offence")]


def test_decide_refuses_non_defendants() -> None:
    with pytest.raises(ValueError, match="P9 is not a defendant"):
        decide(Person("P9", "victim", "测试丁"), Case())


def test_profiles_load_and_are_chosen_by_province_court_or_case_number() -> None:
    national, zhejiang = load_profile("national-2022"), load_profile("zhejiang")
    assert national.version == "national-2022@6" and national.confidence_threshold == 0.9
    assert zhejiang.restricts("no-student-or-personnel-files") and not national.restricts(
        "no-student-or-personnel-files")
    assert [r.id for r in zhejiang.eligibility] == [r.id for r in national.eligibility]
    assert profile_for_case(Case(province="浙江省")) is zhejiang
    assert profile_for_case(Case(court="浙江省高级人民法院")) is zhejiang
    assert profile_for_case(Case(case_numbers=["(2019)浙01刑终7号"])) is zhejiang
    assert profile_for_case(Case(court="上海市第一中级人民法院")) is national
    assert profile_for_case(Case()) is national
    with pytest.raises(ValueError, match="no rule profile 'mars'"):
        load_profile("mars")


@pytest.mark.parametrize("row, message", [
    ({"id": "X", "when": {"age": "minor"}, "outcome": "seal", "reason_zh": "甲", "reason_en": "a",
      "citation": "c"}, "unknown fact"),
    ({"id": "X", "when": {"age_at_offence": "child"}, "outcome": "seal", "reason_zh": "甲",
      "reason_en": "a", "citation": "c"}, "not among"),
    ({"id": "X", "when": {"sentence_months": {"at_most": "five"}}, "outcome": "seal", "reason_zh": "甲",
      "reason_en": "a", "citation": "c"}, "does not fit"),
    ({"id": "X", "when": {"age_at_offence": "minor"}, "outcome": "sealed", "reason_zh": "甲",
      "reason_en": "a", "citation": "c"}, "outcome"),
    ({"id": "X", "when": {"age_at_offence": "minor"}, "outcome": "seal", "reason_zh": "甲",
      "reason_en": "a"}, "citation"),
    ({"id": "X", "rules": ["Rule1"], "when": {"age_at_offence": "minor"}, "outcome": "seal",
      "reason_zh": "甲", "reason_en": "a", "citation": "c"}, "rule ids"),
])
def test_a_broken_rule_row_is_refused_with_its_id(row: dict, message: str) -> None:
    with pytest.raises(RuleTableError, match=message) as err:
        _row("test.yaml", row, ELIGIBILITY_FACTS, ELIGIBILITY_OUTCOMES)
    assert "row X" in str(err.value)


def test_a_child_profile_replaces_rows_by_id_and_inserts_before_a_named_row() -> None:
    from models.rules.table import _merge
    base = load_profile("national-2022").eligibility
    extra = {"id": "R1", "rules": ["R1"], "when": {"age_at_offence": "minor", "disposition": "fixed_term",
             "sentence_months": {"at_most": 36}}, "outcome": "seal", "reason_zh": "甲", "reason_en": "a",
             "citation": "c"}
    inserted = {**extra, "id": "local-review", "rules": [], "outcome": "review", "before": "R8",
                "when": {"counts": "unknown"}}
    merged = _merge("child.yaml", base, [extra, inserted], "eligibility")
    at = [r.id for r in merged].index("R8")
    assert [r.id for r in merged][at - 1:at + 1] == ["local-review", "R8"]
    r1 = next(r for r in merged if r.id == "R1")
    assert r1.citations == ("c",) and len(merged) == len(base) + 1
    with pytest.raises(RuleTableError, match="names no row"):
        _merge("child.yaml", base, [{**inserted, "id": "x", "before": "R99"}], "eligibility")


def test_an_unreadable_correction_is_never_trusted() -> None:
    p1 = minor(evidence=[Evidence("birth_date", 1, (0, 0, 1, 1), "…", 0.55)])
    record = decide_record(record_of(p1), as_of=AS_OF)
    record.review.items[0].status, record.review.items[0].corrected_value = "corrected", "15/03/2004"
    decide_record(record, as_of=AS_OF)
    assert p1.decision.outcome == "review" and p1.birth_date == BORN
    assert [(i.field, i.status) for i in record.review.items] == [("birth_date", "corrected"), ("birth_date", "open")]
    assert "cannot be read" in record.review.items[1].reason
    record.review.items[1].status, record.review.items[1].corrected_value = "corrected", "2004-03-15"
    decide_record(record, as_of=AS_OF)
    assert p1.decision.outcome == "seal"


def _doubted_date(born: dt.date, year_field: str, year_confidence: float = 0.99) -> Person:
    """A defendant whose only offence date (二〇〇八年六月十六日) OCR read with a faint glyph,
    as the extractor records it: the date doubted as a whole, its year evidenced on its own,
    and an open extractor item on offence_dates."""
    p = adult("P1")
    p.id_number, p.birth_date = idnumber.make("330102", born, 111), born
    p.offence_dates = [OffenceDate(dt.date(2008, 6, 16), dt.date(2008, 6, 16), "二〇〇八年六月十六日")]
    p.evidence = [Evidence("offence_dates", 2, (0, 0, 9, 1), "二〇〇八年六月十六日", 0.62),
                  Evidence(year_field, 2, (0, 0, 3, 1), "二〇〇八年", year_confidence)]
    return p


def _extractor_item(record: DecisionRecord, status: str = "open") -> DecisionRecord:
    item = record.review.add("P1", "offence_dates", "offence_dates: 犯罪时间识别置信度低", raised_by="extractor")
    item.status = status  # type: ignore[assignment]
    return record


def test_a_doubted_offence_date_still_places_an_adult_by_the_digits_of_its_year_read_beyond_doubt() -> None:
    # born 1966: adult on any day of 2000-2099, whichever the faint third digit of 二〇〇八 is
    record = decide_record(_extractor_item(record_of(_doubted_date(dt.date(1966, 3, 27), "offence_dates.century"))),
                           as_of=AS_OF)
    p1 = record.persons[0]
    assert (p1.minor_at_offence, p1.decision.outcome, p1.decision.rules) == (False, "not_eligible", ("R8",))
    # the date itself is still a reviewer's question, and the record still needs review
    assert [(i.field, i.raised_by) for i in record.review.items] == [("offence_dates", "extractor")]
    assert record.review.required
    again = decide_record(DecisionRecord.from_dict(record.to_dict()), as_of=AS_OF)
    assert again.to_dict() == record.to_dict()


def test_a_minor_is_placed_by_a_whole_year_read_beyond_doubt() -> None:
    record = decide_record(_extractor_item(record_of(_doubted_date(dt.date(1992, 2, 13), "offence_dates.year"))),
                           as_of=AS_OF)
    assert record.persons[0].minor_at_offence is True


@pytest.mark.parametrize("born, year_field, year_confidence, status", [
    (dt.date(1992, 2, 13), "offence_dates.century", 0.99, "open"),   # 2008 or 2018…: a minor or not
    (dt.date(1966, 3, 27), "offence_dates.century", 0.55, "open"),   # not even 20xx is sure
    (dt.date(1966, 3, 27), "offence_dates.century", 0.99, "rejected"),  # a reviewer says the date is wrong
])
def test_a_doubted_offence_date_whose_year_does_not_settle_the_age_stays_with_the_reviewer(
        born: dt.date, year_field: str, year_confidence: float, status: str) -> None:
    record = decide_record(_extractor_item(record_of(_doubted_date(born, year_field, year_confidence)), status),
                           as_of=AS_OF)
    p1 = record.persons[0]
    assert (p1.minor_at_offence, p1.decision.outcome) == (None, "review")


def test_a_year_read_well_in_one_date_does_not_vouch_for_the_same_year_read_badly_in_another() -> None:
    # born 1966: the first date's year alone would settle it; the second's 二〇〇八 is all blur
    p1 = _doubted_date(dt.date(1966, 3, 27), "offence_dates.year")
    p1.offence_dates.append(OffenceDate(dt.date(2008, 8, 1), dt.date(2008, 8, 1), "二〇〇八年八月一日"))
    p1.evidence += [Evidence("offence_dates", 3, (0, 0, 9, 1), "二〇〇八年八月一日", 0.5),
                    Evidence("offence_dates.century", 3, (0, 0, 3, 1), "二〇〇八年", 0.5)]
    record = decide_record(_extractor_item(record_of(p1)), as_of=AS_OF)
    assert (p1.minor_at_offence, p1.decision.outcome) == (None, "review")


def test_an_offence_date_without_a_year_of_its_own_is_not_placed_by_year() -> None:
    p1 = _doubted_date(dt.date(1966, 3, 27), "offence_dates.century")
    p1.offence_dates.append(OffenceDate(dt.date(2008, 7, 1), dt.date(2008, 7, 31), "同年7月"))
    record = decide_record(_extractor_item(record_of(p1)), as_of=AS_OF)
    assert (p1.minor_at_offence, p1.decision.outcome) == (None, "review")


def test_a_minor_left_unsealed_waits_for_a_second_reviewer() -> None:
    """The two-person check: a not-eligible decision for someone who was a minor at the offence
    holds the record in review (an open item) until another reviewer approves it."""
    from models.rules.engine import SECOND_APPROVAL_FIELD, second_approval_barred

    long_term = minor(disposition=Disposition("fixed_term", 96, final=True, document_kind="judgment"))
    record = decide_record(record_of(long_term, adult()), as_of=AS_OF)
    assert record.persons[0].decision.outcome == "not_eligible"
    (item,) = [i for i in record.review.items if i.field == SECOND_APPROVAL_FIELD]
    assert item.person_id == "P1" and item.status == "open" and record.review.required
    assert item.value == {"outcome": "not_eligible", "rules": ["R7"]}
    assert not any(i.person_id == "P2" for i in record.review.items)   # an adult's R8 needs no check
    item.status, item.reviewer = "approved", "reviewer-b"
    record = decide_record(record, as_of=AS_OF)
    assert not record.review.required and len(record.review.items) == 1   # approved once, not raised again

    # a reviewer's correction that turns seal into not eligible: the corrector may not approve it
    sealed = decide_record(record_of(minor(), adult()), as_of=AS_OF)
    assert not sealed.review.items
    sealed.review.add("P1", "birth_date", "checked against the household register", "2004-03-15")
    fix = sealed.review.items[0]
    fix.status, fix.corrected_value, fix.reviewer = "corrected", "1990-03-15", "reviewer-a"
    sealed = decide_record(sealed, as_of=AS_OF)
    assert sealed.persons[0].decision.outcome == "not_eligible"
    (check,) = [i for i in sealed.review.items if i.field == SECOND_APPROVAL_FIELD]
    assert second_approval_barred(sealed, check) == {"reviewer-a"}
    assert second_approval_barred(sealed, fix) == frozenset()


def test_a_correction_that_leaves_an_adult_not_eligible_needs_no_second_reviewer() -> None:
    """The two-person check is for decisions that leave a minor unsealed: correcting an adult's
    sentence (R8 before and after) raises nothing."""
    from models.rules.engine import SECOND_APPROVAL_FIELD

    record = decide_record(record_of(adult("P1")), as_of=AS_OF)
    record.review.add("P1", "disposition", "sentence checked", record.persons[0].disposition.to_dict())
    fix = record.review.items[0]
    fix.status, fix.corrected_value, fix.reviewer = "corrected", {"months": 30}, "reviewer-a"
    record = decide_record(record, as_of=AS_OF)
    assert record.persons[0].disposition.months == 30 and record.persons[0].decision.outcome == "not_eligible"
    assert not any(i.field == SECOND_APPROVAL_FIELD for i in record.review.items)
