"""Unsealing (Measures art. 18) from a newly processed dossier naming a sealed person, reviewer-approved.

The sealed record comes from the pipeline (a synthetic juvenile's dossier); the new judgment's
record is written directly into the store, as the pipeline would save it, because the synthetic
generator writes no second dossier about the same person."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib

import pdfplumber
import pikepdf
import pytest

from models.errors import PermissionDenied, ValidationError
from models.record import Decision, DecisionRecord, Disposition, OffenceDate, Person, Source
from redaction.sealed import open_sealed
from services import inquiries as inq
from services import unsealing
from services.processing import decide_again, process_dossier, redecide
from support.inquiry import OPERATOR, PASSWORD, REVIEWER, build_sealed_archive, run_cli


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build_sealed_archive(tmp_path_factory.mktemp("unsealing"))


def save_new_judgment(store, sealed: Person, tag: str, offence: dt.date, disposition: Disposition,
                      intentional: bool | None = True) -> str:
    dossier_id = hashlib.sha256(tag.encode()).hexdigest()
    person = Person("P1", "defendant", sealed.name, id_number=sealed.id_number,
                    offence_dates=[OffenceDate(offence, offence, "")], disposition=disposition,
                    intentional=intentional, charges=["盗窃罪"],
                    decision=Decision("not_eligible", ("R7",), ("sentence over five years",), ()))
    store.records.save(DecisionRecord(dossier_id, Source(f"{tag}.pdf", dossier_id, 4), persons=[person]))
    return dossier_id


def text_of(pdf) -> str:
    return "".join(ch["text"] for page in pdf.pages for ch in page.chars)


def test_the_search_follows_the_saved_record_not_the_decision(archive):
    """`redecide` decides and saves only; the search for sealed records is its callers' next
    step — `decide_again`, what a review answer runs, searches as processing does."""
    store = archive.open()
    sealed = archive.person
    birthday_18 = sealed.birth_date.replace(year=sealed.birth_date.year + 18)
    new_id = save_new_judgment(store, sealed, "answered", birthday_18 + dt.timedelta(days=500),
                               Disposition("fixed_term", 120, document_kind="judgment"))
    record = store.records.load(new_id)
    record.review.add("P1", "birth_date", "to confirm")        # still open: no outputs to write
    redecide(store, new_id, record, actor=REVIEWER.actor)
    assert unsealing.cases(store, new_dossier_id=new_id) == []
    decide_again(store, new_id, store.records.load(new_id), actor=REVIEWER.actor)
    [case] = unsealing.cases(store, new_dossier_id=new_id)
    assert case.sealed_dossier_id == archive.dossier_id and case.state == unsealing.OPEN
    unsealing.reject(store, case.case_id, REVIEWER)              # leaves the module's cases as found


@pytest.mark.slow
def test_adult_crime_keeps_the_seal_and_a_combined_sentence_over_five_years_unseals(archive, monkeypatch, capsys):
    store = archive.open()
    sealed = archive.person
    birthday_18 = sealed.birth_date.replace(year=sealed.birth_date.year + 18)

    # an intentional crime as an adult, ten years: stays sealed, the new judgment states the record (U3)
    adult_id = save_new_judgment(store, sealed, "adult-new", birthday_18 + dt.timedelta(days=400),
                                 Disposition("fixed_term", 120, document_kind="judgment"))
    [flag] = unsealing.check_new_dossier(store, adult_id)
    assert (flag.proposed, flag.rules, flag.must_state_prior_record) == \
        ("keep_sealed_state_prior_record", ("U3",), True)
    acknowledged = unsealing.approve(store, flag.case_id, REVIEWER)
    assert acknowledged.outcome == "keep_sealed_state_prior_record" and acknowledged.unsealed_copy is None
    assert inq.subject_records(store, sealed.id_number).sealed == ((archive.dossier_id, sealed.person_id),)

    # a new offence as a minor, combined sentence six years (U1)
    minor_id = save_new_judgment(store, sealed, "minor-new", birthday_18 - dt.timedelta(days=90),
                                 Disposition("fixed_term", 72, document_kind="judgment"))
    [case] = unsealing.check_new_dossier(store, minor_id)
    assert case.proposed == "review" and case.rules == ("U1",)          # 数罪并罚 is not read: asked
    assert unsealing.check_new_dossier(store, minor_id) == [case]       # checking twice opens nothing
    code, out = run_cli(monkeypatch, capsys, archive, ["status", "--store", str(archive.root)])
    assert code == 0 and "open unsealing cases (1)" in out and minor_id[:12] in out, out
    with pytest.raises(ValidationError, match="lacks a fact"):
        unsealing.approve(store, case.case_id, REVIEWER)
    with pytest.raises(PermissionDenied, match="role reviewer"):
        unsealing.approve(store, case.case_id, OPERATOR, punished_together=True)
    sealed_pdf = archive.root / archive.record.outputs.sealed_pdf
    before = hashlib.sha256(sealed_pdf.read_bytes()).hexdigest()

    code, out = run_cli(monkeypatch, capsys, archive, [
        "unsealing", "approve", str(case.case_id), "--store", str(archive.root), "--account", "li.rev",
        "--password-stdin", "--punished-together", "yes"], stdin=PASSWORD + "\n")
    assert code == 0 and "unseal [U1] approved" in out, out
    done = unsealing.cases(store, new_dossier_id=minor_id)[0]
    assert done.outcome == "unseal" and done.punished_together is True

    # the sealed file is kept as it was; the new copy has lost its seal and watermarks
    assert hashlib.sha256(sealed_pdf.read_bytes()).hexdigest() == before
    short_id = archive.dossier_id[:12]
    with open_sealed(sealed_pdf, store.key, archive.dossier_id) as pdf:
        pdf.save(archive.root.parent / "sealed-plain.pdf")
    with pdfplumber.open(archive.root.parent / "sealed-plain.pdf") as pdf:
        sealed_text = text_of(pdf)
    with pdfplumber.open(archive.root / done.unsealed_copy) as pdf:
        unsealed_text = text_of(pdf)
        pages = len(pdf.pages)
    assert short_id in sealed_text and "封存日期" in sealed_text
    assert short_id not in unsealed_text and "封存日期" not in unsealed_text
    assert "解除封存" in unsealed_text and pages == archive.record.source.pages
    assert archive.record.case.case_numbers[0] in unsealed_text

    # unsealed: no longer answered as "no record"
    found = inq.subject_records(store, sealed.id_number)
    assert found.sealed == () and (archive.dossier_id, sealed.person_id) in found.open
    actions = [(e.action, e.dossier_id) for e in store.audit.entries()]
    assert ("unsealing.proposed", archive.dossier_id) in actions
    assert ("unsealing.approved", archive.dossier_id) in actions
    assert ("sealed.opened", archive.dossier_id) in actions


def test_another_persons_judgment_opens_no_case(archive):
    store = archive.open()
    stranger = dataclasses.replace(archive.person, id_number="11010519491231002X")
    other = save_new_judgment(store, stranger, "stranger", dt.date(2020, 1, 1),
                              Disposition("fixed_term", 72, document_kind="judgment"))
    assert unsealing.check_new_dossier(store, other) == []


@pytest.mark.slow
def test_the_pipeline_checks_every_new_dossier_against_sealed_records(tmp_path):
    """A second file naming the sealed minor by ID number (here a re-saved copy of the same
    judgment, as a duplicate scan would be) is weighed against the sealed record (Measures
    art. 18) by the pipeline itself, without anyone calling the check."""
    own = build_sealed_archive(tmp_path)
    store = own.open()
    with pikepdf.open(tmp_path / "archive" / "d0001.pdf") as pdf:
        pdf.docinfo["/Title"] = "second copy"
        pdf.save(tmp_path / "second.pdf")
    result = process_dossier(tmp_path / "second.pdf", store)
    assert result.dossier_id != own.dossier_id
    checked = [e for e in store.audit.entries()
               if e.action in ("unsealing.checked", "unsealing.proposed") and e.dossier_id == own.dossier_id]
    assert checked and all(e.detail["new_dossier"] == result.dossier_id for e in checked)
