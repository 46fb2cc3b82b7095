"""The second reading of the law (issue 22) end to end: the generator renders a text-layer
dossier of each new case type, which is read (its text layer), extracted and decided exactly as
`fengcun process` does, and the outcome is checked against the law and the generator's truth."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pdfplumber
import pytest

from core.keys import MasterKey
from extractors.nlp import extract
from extractors.pages import read_pages
from extractors.text import DossierText
from models.coparties import CASE_FILE_MARK, coparty_plan
from models.record import DecisionRecord, Review, Source
from models.rules.engine import decide_record
from redaction.identifiers import CITED_RECORD_LABEL
from redaction.leakcheck import leak_check
from redaction.outputs import write_outputs
from redaction.sealed import SealConfig
from synth import truth_path
from synth.archive import write_plan
from synth.plan import plan_case

SEED = 4_222_022   # never used while the extractor or the rules were developed


def _process(tmp_path: Path, variant: str | None = None, **kw: object) -> tuple[DecisionRecord, dict]:
    plan = plan_case(SEED, ["d0001"], 0.0, variant=variant, **kw)[0]   # type: ignore[arg-type]
    (pdf,) = write_plan(plan, tmp_path, text=True)
    digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
    pages = read_pages(pdf)
    ex = extract(DossierText(pages))
    record = decide_record(DecisionRecord(digest, Source(str(pdf), digest, len(pages)), ex.case,
                                          list(ex.persons), Review(list(ex.review_items))))
    return record, json.loads(truth_path(pdf).read_text("utf-8"))


def _by_name(record: DecisionRecord, truth: dict, pid: str):   # noqa: ANN202 - a Person
    name = next(p["name"] for p in truth["persons"] if p["person_id"] == pid)
    return next(p for p in record.persons if p.name == name)


@pytest.mark.slow
def test_a_retrial_that_was_appealed_is_decided_by_the_appeal(tmp_path: Path) -> None:
    """Point 1: 3 years at first instance, 7 on retrial (刑再), 4 when the retrial was appealed
    (刑终, CPL art. 256): the appeal took effect last, so the record is sealed."""
    record, truth = _process(tmp_path, "retrial_appeal")
    kinds = [d.kind for d in record.case.documents]
    assert kinds.index("judgment") < kinds.index("retrial_judgment") < kinds.index("appeal_judgment")
    (minor,) = [p for p in record.persons if p.is_defendant]
    assert minor.disposition is not None and (minor.disposition.document_kind, minor.disposition.months) \
        == ("appeal_judgment", 48)
    assert minor.decision is not None and minor.decision.outcome == "seal" == truth["persons"][0]["decision"]["outcome"]
    assert record.case.concluded_on == max(d.issued_on for d in record.case.documents if d.issued_on)


@pytest.mark.slow
def test_a_suspended_sentence_is_due_at_the_court_when_it_takes_effect(tmp_path: Path) -> None:
    """Point 2: the court seals when the judgment takes effect (Measures art. 11), community
    corrections 3 days after probation ends (art. 13): the record's due date is the court's."""
    record, _truth = _process(tmp_path, kind="single_minor", edges=["probation_longer_than_term"])
    (minor,) = [p for p in record.persons if p.is_defendant]
    assert minor.disposition is not None and minor.disposition.suspended
    assert minor.decision is not None and minor.decision.outcome == "seal"
    due = dict(minor.decision.due_by_organ)
    assert minor.decision.due_date == due["court"] == record.case.concluded_on
    assert due["community_corrections"] is not None and \
        due["community_corrections"] - record.case.concluded_on > dt.timedelta(days=365)


@pytest.mark.slow
def test_co_suspects_conditional_non_prosecution_is_settled_per_person(tmp_path: Path) -> None:
    """Point 3: two minors in one file; only the first has the non-prosecution decision made
    after the test period. The second's decision is review, not sealed on the first's."""
    record, truth = _process(tmp_path, "co_suspects")
    first, second = (_by_name(record, truth, pid) for pid in ("P1", "P2"))
    assert first.decision is not None and first.decision.outcome == "seal"
    assert second.decision is not None and second.decision.outcome == "review"
    assert [p["decision"]["outcome"] for p in truth["persons"] if p["role"] == "suspect"] == ["seal", "review"]
    assert any(i.person_id == second.person_id and i.field == "disposition" for i in record.review.items)


@pytest.mark.slow
def test_a_minor_named_only_in_an_adults_findings_is_removed_from_its_copy(tmp_path: Path) -> None:
    """Point 4: 同案人某某（犯罪时未满十八周岁，另案处理） in an adult's judgment: the adult's file
    gets the mark and a copy without the minor (Measures art. 5)."""
    record, truth = _process(tmp_path, "named_minor")
    named = next(p for p in truth["persons"] if p["role"] == "other" and p["minor_at_offence"])
    person = _by_name(record, truth, named["person_id"])
    assert (person.role, person.tried_separately, person.minor_at_offence) == ("other", True, True)
    plan = coparty_plan(record)
    assert plan.mark_case_file and plan.complete
    (copy,) = plan.copies
    assert copy.kind == "adult_dossier" and person.person_id in copy.remove
    assert all(p.person_id not in copy.remove for p in record.persons if p.is_defendant)


@pytest.mark.slow
def test_an_adults_stated_juvenile_prior_record_marks_the_file(tmp_path: Path) -> None:
    """Point 5 (Measures art. 6): an adult whose judgment states a prior record committed
    under 18 and sentenced to a year: the file cites a sealed record, gets the mark, and the
    words stating it are to be kept out of ordinary use."""
    record, truth = _process(tmp_path, "juvenile_prior")
    (stated,) = [r for p in truth["persons"] for r in p.get("prior_records", [])]
    assert stated["juvenile"] is True and "未满十八周岁" in stated["text"]
    assert any(p.prior_records for p in record.persons)
    plan = coparty_plan(record)
    assert plan.mark_case_file
    assert [c.text for c in plan.cited_records] and all(
        c.text in stated["text"] or stated["text"] in c.text for c in plan.cited_records)


@pytest.mark.slow
def test_a_cited_juvenile_record_is_removed_from_the_copy_for_ordinary_use(tmp_path: Path,
                                                                           master_key: MasterKey) -> None:
    """Point 5 in the outputs: the adult's file is written as a marked copy for ordinary use
    whose text layer and pixels no longer state the sealed prior record; the adult stays named."""
    record, _truth = _process(tmp_path, "juvenile_prior")
    plan = coparty_plan(record)
    cited = [c.text for c in plan.cited_records]
    assert cited and plan.complete and not plan.copies
    source = Path(record.source.path)
    outputs = write_outputs(record, source, read_pages(source), tmp_path / "out", master_key,
                            SealConfig("浙江省杭州市上城区人民法院", dt.date(2026, 12, 4), "national"),
                            sealed_person_ids=plan.sealed, redact_person_ids=(),
                            mark_case_file=plan.mark_case_file, cited_records=cited)
    (copy,) = outputs.redacted_copies
    with pdfplumber.open(tmp_path / copy) as doc:
        text = "".join(p.extract_text() for p in doc.pages).replace("\n", "")
    assert CASE_FILE_MARK in text and CITED_RECORD_LABEL in text
    assert all(c.replace("\n", "") not in text for c in cited)
    assert all(p.name in text for p in record.persons if p.is_defendant)
    assert leak_check(tmp_path / copy, cited, ocr_pages=[]) == []
