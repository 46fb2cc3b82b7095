"""The sealing notice: rendered from the template, sealed like the dossier."""
from __future__ import annotations

import datetime as dt
import hashlib
import re

import pdfplumber
import pikepdf
import pytest

from core.keys import MasterKey
from extractors.nlp import extract
from extractors.pages import read_pages
from extractors.text import DossierText
from models.record import Decision, DecisionRecord, Review, Source
from models.rules.engine import decide_record
from redaction.leakcheck import check_sealed
from redaction.notices import UNKNOWN, cover_cause, document_number, legal_basis, write_sealing_notice
from redaction.sealed import SealConfig, unwrap_password
from support.redaction import MINOR, make_judgment_pdf, record_for
from synth import generate

CONFIG = SealConfig("浙江省杭州市上城区人民法院", dt.date(2026, 11, 23), "浙江")


def notice_reading(path, password) -> str:
    """The notice's text as one string (its marks lie in free space, apart from the lines)."""
    with pdfplumber.open(path, password=password) as doc:
        return "".join(p.extract_text() or "" for p in doc.pages).replace("\n", "")


@pytest.fixture()
def record(tmp_path):
    record = record_for(make_judgment_pdf(tmp_path / "d.pdf", with_extras=False))
    minor = record.persons[1]
    minor.decision = Decision("seal", ("R1",), ("判处有期徒刑一年六个月，不超过五年",), ("刑事诉讼法第286条",))
    minor.charges = ["盗窃罪"]
    minor.gender = "male"
    return record


def test_notice_names_the_person_and_is_sealed(record, tmp_path):
    key = MasterKey.create(tmp_path / "k.key")
    out = write_sealing_notice(record, "P2", tmp_path / "notice.pdf", CONFIG, key)
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(out)
    password = unwrap_password(out, key, record.dossier_id)
    assert check_sealed(out, password, record.dossier_id[:12]) == []
    text = notice_reading(out, password)
    assert "未成年人犯罪记录封存通知书" in text
    assert f"被封存人：{MINOR['name']}，男，2005年3月15日出生" in text
    assert "罪名：盗窃罪" in text and "刑事诉讼法第286条" in text
    assert f"案号：{UNKNOWN}" in text           # the record has no case number: said, not guessed
    assert "浙江省杭州市上城区人民法院" in text and "2026年11月23日" in text


def test_no_notice_for_a_person_not_decided_to_be_sealed(record, tmp_path):
    key = MasterKey.create(tmp_path / "k.key")
    record.persons[1].decision = Decision("review", (), ("offence date unclear",), ())
    with pytest.raises(ValueError, match="P2"):
        write_sealing_notice(record, "P2", tmp_path / "n.pdf", CONFIG, key)
    with pytest.raises(ValueError, match="P1"):
        write_sealing_notice(record, "P1", tmp_path / "n.pdf", CONFIG, key)
    assert not (tmp_path / "n.pdf").exists()


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A generated dossier (`fengcun synth`) read as the pipeline reads it and decided by
    the rule table: its record carries the rule table's citations and the file's case numbers."""
    out = tmp_path_factory.mktemp("synth")
    source = generate(out, 1, seed=7, defects_rate=0.0)[0]
    pages = read_pages(source)
    ex = extract(DossierText(pages))
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    record = decide_record(DecisionRecord(digest, Source(str(source), digest, len(pages)), ex.case,
                                          list(ex.persons), Review(list(ex.review_items))))
    sealed = [p for p in record.persons if p.decision and p.decision.outcome == "seal"]
    assert sealed, "the generated dossier must have a person to seal"
    return record, sealed[0], pages


def test_notice_of_a_generated_dossier_is_in_chinese_legal_wording(generated, tmp_path):
    record, person, pages = generated
    key = MasterKey.create(tmp_path / "k.key")
    out = write_sealing_notice(record, person.person_id, tmp_path / "n.pdf", CONFIG, key, pages)
    text = notice_reading(out, unwrap_password(out, key))
    assert person.decision.rules and person.decision.citations       # what the old notice printed
    for code in person.decision.rules:
        assert not re.search(rf"(?<![0-9A-Za-z]){code}(?!\d)", text)
    assert not re.search(r"Measures|CPL|art\.|Law", text)
    assert "封字第" not in text             # the number is the court's, not the dossier's hex id
    assert document_number(record) in record.case.case_numbers
    assert text.count(document_number(record)) >= 2                  # the number line and the 案号 line
    assert "根据《中华人民共和国刑事诉讼法》第二百八十六条、《关于未成年人犯罪记录封存的实施办法》第" in text
    charge = f"罪名：{'、'.join(person.charges)}" if person.charges else f"案由：{cover_cause(pages, record)}"
    assert f"{charge}；处理结果生效日期" in text and UNKNOWN not in charge


def test_without_a_charge_for_the_person_the_notice_gives_the_covers_case_cause(generated, tmp_path):
    record, person, pages = generated
    cause = cover_cause(pages, record)
    assert cause and cause.endswith("罪")                           # the cover's 案由 line
    charges, person.charges = person.charges, []
    try:
        key = MasterKey.create(tmp_path / "k.key")
        out = write_sealing_notice(record, person.person_id, tmp_path / "n.pdf", CONFIG, key, pages)
        text = notice_reading(out, unwrap_password(out, key))
        assert f"案由：{cause}" in text and f"罪名：{UNKNOWN}" not in text
        out = write_sealing_notice(record, person.person_id, tmp_path / "m.pdf", CONFIG, key)
        assert f"罪名：{UNKNOWN}" in notice_reading(out, unwrap_password(out, key))   # no cover: said, not guessed
    finally:
        person.charges = charges


def test_legal_basis_names_each_law_once_in_chinese():
    assert legal_basis([
        "《中华人民共和国刑事诉讼法》第二百八十六条 (CPL art. 286)",
        "《关于未成年人犯罪记录封存的实施办法》第三条、第七条 (Measures arts. 3, 7)",
        "《中华人民共和国刑事诉讼法》第二百八十二条 (CPL art. 282)",
        "《关于未成年人犯罪记录封存的实施办法》第七条、第二十三条 (Measures art. 7, 23)",
        "浙江省未成年人犯罪记录封存实施办法（追溯封存）(Zhejiang implementation measures)",
        "Measures art. 4",
    ]) == ("《中华人民共和国刑事诉讼法》第二百八十六条、第二百八十二条、"
           "《关于未成年人犯罪记录封存的实施办法》第三条、第七条、第二十三条、"
           "浙江省未成年人犯罪记录封存实施办法（追溯封存）")
    assert legal_basis([]) == "《中华人民共和国刑事诉讼法》第二百八十六条、《关于未成年人犯罪记录封存的实施办法》"
