"""The sealing notice: rendered from the template, sealed like the dossier."""
from __future__ import annotations

import datetime as dt

import pdfplumber
import pikepdf
import pytest

from core.keys import MasterKey
from models.record import Decision
from redaction.leakcheck import check_sealed
from redaction.notices import UNKNOWN, write_sealing_notice
from redaction.sealed import SealConfig, unwrap_password
from support.redaction import MINOR, make_judgment_pdf, record_for

CONFIG = SealConfig("浙江省杭州市上城区人民法院", dt.date(2026, 11, 23), "浙江")


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
    with pdfplumber.open(out, password=password) as doc:
        # leave the diagonal watermark (rotated characters) out of the reading
        text = "".join(p.filter(lambda o: "matrix" not in o or abs(o["matrix"][1]) < 0.01).extract_text()
                       for p in doc.pages)
    text = text.replace("\n", "")
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
