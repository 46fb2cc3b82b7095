"""Co-defendants (Measures arts. 5–6): who is sealed, what is marked, who is removed from which copy."""
from __future__ import annotations

import datetime as dt

from models.coparties import coparty_plan
from models.record import Disposition, Person, PriorRecord
from models.rules import decide_record
from tests.unit.test_rules_record import AS_OF, adult, minor, record_of


def test_unsplit_case_marks_the_shared_file_and_removes_the_minor_and_guardian() -> None:
    guardian = Person("P3", "legal_representative", "测试丙", represents="P1")
    counsel = Person("P4", "defence_counsel", "测试丁")
    record = decide_record(record_of(minor(), adult(), guardian, counsel, split_case=False), as_of=AS_OF)
    plan = coparty_plan(record)
    assert plan.sealed == ("P1",) and plan.protected == ("P1", "P3")
    assert plan.mark_case_file and not plan.seal_whole_dossier and plan.complete
    assert [(c.kind, c.serves, c.remove) for c in plan.copies] == [("shared_case_file", ("P2",), ("P1", "P3"))]


def test_split_case_adults_dossier_removes_the_minor_tried_separately() -> None:
    elsewhere = minor("P1", tried_separately=True, disposition=None)
    record = decide_record(record_of(elsewhere, adult(), split_case=True), as_of=AS_OF)
    plan = coparty_plan(record)
    assert plan.sealed == () and plan.protected == ("P1",)
    assert plan.mark_case_file and plan.complete
    assert [(c.kind, c.serves, c.remove) for c in plan.copies] == [("adult_dossier", ("P2",), ("P1",))]


def test_split_case_minors_dossier_is_sealed_whole() -> None:
    adult_elsewhere = adult()
    adult_elsewhere.tried_separately, adult_elsewhere.disposition = True, None
    record = decide_record(record_of(minor(), adult_elsewhere, split_case=True), as_of=AS_OF)
    plan = coparty_plan(record)
    assert plan.seal_whole_dossier and not plan.mark_case_file and plan.copies == ()


def test_an_undecided_person_holds_the_plan_back() -> None:
    unsure = minor("P1", birth_date=None, id_number=None, stated_age=17)
    record = decide_record(record_of(unsure, adult(), split_case=False), as_of=AS_OF)
    plan = coparty_plan(record)
    assert plan.pending == ("P1",) and not plan.complete and not plan.seal_whole_dossier


def test_adults_only_need_no_mark() -> None:
    record = decide_record(record_of(adult("P1"), adult("P2"), split_case=False), as_of=AS_OF)
    plan = coparty_plan(record)
    assert not plan.mark_case_file and plan.copies == () and plan.protected == () and plan.complete


def test_an_older_minor_with_a_long_sentence_is_not_removed() -> None:
    long_sentence = minor("P2", disposition=Disposition("fixed_term", 96))
    record = decide_record(record_of(minor("P1"), long_sentence, split_case=False), as_of=AS_OF)
    plan = coparty_plan(record)
    assert plan.sealed == ("P1",)
    assert [(c.serves, c.remove) for c in plan.copies] == [(("P2",), ("P1",))]


def test_a_minor_named_only_in_the_findings_is_removed_with_the_representative() -> None:
    """同案人某某（犯罪时未满十八周岁，另案处理）: not a defendant of this file, yet a minor
    whose name the adult's copy must lose (Measures art. 5)."""
    named = Person("P1", "other", "测试甲", tried_separately=True, minor_at_offence=True)
    guardian = Person("P3", "legal_representative", "测试丙", represents="P1")
    record = decide_record(record_of(named, adult(), guardian, split_case=True), as_of=AS_OF)
    plan = coparty_plan(record)
    assert plan.protected == ("P1", "P3") and plan.mark_case_file and plan.complete
    assert [(c.kind, c.serves, c.remove) for c in plan.copies] == [("adult_dossier", ("P2",), ("P1", "P3"))]


def test_a_co_offender_named_only_in_the_findings_is_placed_by_the_courts_finding() -> None:
    named = Person("P1", "other", "测试甲", tried_separately=True, court_minor_finding=True)
    record = decide_record(record_of(named, adult(), split_case=True), as_of=AS_OF)
    assert record.person("P1").minor_at_offence is True
    assert coparty_plan(record).copies[0].remove == ("P1",)
    unknown = Person("P1", "other", "测试甲", tried_separately=True)
    plan = coparty_plan(decide_record(record_of(unknown, adult(), split_case=True), as_of=AS_OF))
    assert plan.copies == () and plan.complete   # nothing says minor: named as the file names them


def test_an_adults_stated_juvenile_prior_record_marks_the_file_and_is_protected() -> None:
    """Measures art. 6: a file that states a sealed juvenile record carries the mark, and the
    words stating it are kept out of the copy in ordinary use."""
    text = "2015年3月因犯盗窃罪被判处有期徒刑一年（犯罪时未满十八周岁）"
    with_prior = adult("P1")
    with_prior.prior_records = [PriorRecord(text, "criminal", dt.date(2015, 3, 1), 12, True)]
    plan = coparty_plan(decide_record(record_of(with_prior, split_case=False), as_of=AS_OF))
    assert plan.mark_case_file and [(c.person_id, c.text) for c in plan.cited_records] == [("P1", text)]
    for prior in (PriorRecord(text, "criminal", None, 12, False), PriorRecord(text, "criminal", None, 96, True),
                  PriorRecord(text, "administrative", None, None, True)):
        with_prior.prior_records = [prior]     # an adult's record, a term beyond sealing, no conviction
        plan = coparty_plan(decide_record(record_of(with_prior, split_case=False), as_of=AS_OF))
        assert not plan.mark_case_file and plan.cited_records == ()
