"""Certificates of no criminal record and the inquiry letter: rendered, read back, never hinting at sealing."""
from __future__ import annotations

import datetime as dt
import hashlib
import subprocess

import numpy as np
import pdfplumber
import pytest
from PIL import Image

from models import idnumber
from models.errors import ConflictError, PermissionDenied
from models.record import Decision, DecisionRecord, Disposition, Person, Source
from redaction.certificates import Subject, certificate_text, write_certificate
from services import inquiries as inq
from support.inquiry import OPERATOR, PASSWORD, REVIEWER, build_sealed_archive, run_cli


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build_sealed_archive(tmp_path_factory.mktemp("certificates"))


def text_of(path) -> str:
    with pdfplumber.open(path) as doc:
        return "".join(p.extract_text() for p in doc.pages).replace("\n", "")


@pytest.mark.slow
def test_certificate_for_a_sealed_person_states_no_record_and_renders(archive, tmp_path, monkeypatch, capsys):
    out = tmp_path / "certificate.pdf"
    code, printed = run_cli(monkeypatch, capsys, archive, [
        "certificate", "no-record", "--store", str(archive.root), "--applicant", "legal_representative",
        "--out", str(out), "--authority", "温州市鹿城区人民法院", "--purpose", "入学",
        "--account", "wang.op", "--password-stdin"],
        stdin=f"{PASSWORD}\n{archive.person.name}\n{archive.person.id_number}\n")
    assert code == 0, printed
    text = text_of(out)
    assert "无犯罪记录证明" in text and "未发现该人有犯罪记录" in text and "其法定代理人" in text
    assert archive.person.name in text and archive.person.id_number in text.replace(" ", "")
    assert "封存" not in text
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", str(out), str(tmp_path / "cert")], check=True)
    pixels = np.asarray(Image.open(tmp_path / "cert.png").convert("L"))
    assert pixels.shape[0] > pixels.shape[1] > 400                    # an A4 page, upright
    assert (pixels < 128).mean() > 0.002                              # ink: the text was drawn
    store = archive.open()
    issued = [e for e in store.audit.entries() if e.action == "certificate.issued"]
    assert issued and issued[-1].detail["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert ("certificate.consulted", archive.dossier_id) in [(e.action, e.dossier_id) for e in store.audit.entries()]


def test_no_certificate_for_a_record_in_the_open_or_undecided(archive, tmp_path):
    store = archive.open()
    number = idnumber.make("330302", dt.date(1990, 5, 1), 77)
    adult = Person("P1", "defendant", "成年测试人", id_number=number, disposition=Disposition("fixed_term", 30),
                   decision=Decision("not_eligible", ("R8",), ("adult",), ()))
    store.records.save(DecisionRecord("a" * 64, Source("adult.pdf", "a" * 64, 2), persons=[adult]))
    with pytest.raises(ConflictError, match="not sealed"):
        inq.issue_certificate(store, Subject("成年测试人", number), "self", OPERATOR, tmp_path / "c.pdf",
                              authority="法院")
    pending = idnumber.make("330302", dt.date(2006, 5, 1), 78)
    waiting = Person("P1", "defendant", "待定测试人", id_number=pending,
                     decision=Decision("review", (), ("age unknown",), ()))
    store.records.save(DecisionRecord("b" * 64, Source("waiting.pdf", "b" * 64, 2), persons=[waiting]))
    with pytest.raises(ConflictError, match="wait for a sealing decision"):
        inq.issue_certificate(store, Subject("待定测试人", pending), "self", OPERATOR, tmp_path / "c.pdf",
                              authority="法院")
    with pytest.raises(PermissionDenied, match="role operator"):
        inq.issue_certificate(store, Subject(archive.person.name, archive.person.id_number), "self", REVIEWER,
                              tmp_path / "c.pdf", authority="法院")
    assert not (tmp_path / "c.pdf").exists()


def test_a_person_unknown_to_the_archive_gets_the_certificate(archive, tmp_path):
    number = idnumber.make("330302", dt.date(2001, 2, 3), 79)
    out = inq.issue_certificate(archive.open(), Subject("无记录测试人", number), "self", OPERATOR,
                                tmp_path / "c.pdf", authority="温州市鹿城区人民法院", today=dt.date(2026, 11, 23))
    text = text_of(out)
    assert "应本人申请出具" in text and "2026年11月23日" in text and "封存" not in text


def test_a_template_that_mentions_sealing_is_refused(tmp_path):
    text = certificate_text(Subject("某人", "330102200403151234"), applicant="self", number="1",
                            authority="法院", issued_on=dt.date(2026, 1, 5)) + "\n其犯罪记录已封存。"
    with pytest.raises(ValueError, match="sealing"):
        write_certificate(text, tmp_path / "c.pdf")
    assert not (tmp_path / "c.pdf").exists()
