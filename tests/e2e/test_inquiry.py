"""Inquiries (Measures arts. 14-17): filing, deadline, decision, released copy, refusal."""
from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from sqlalchemy import select

from archive.after_catalog import inquiries as inquiries_table
from archive.after_catalog import releases
from models.errors import ConflictError, ExitCode, PermissionDenied, ValidationError
from services import inquiries as inq
from support.inquiry import OPERATOR, PASSWORD, REVIEWER, attachment_files, build_sealed_archive, run_cli


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build_sealed_archive(tmp_path_factory.mktemp("after-sealing"))


def application(archive, kind: str, unit: str = "温州市公安局鹿城区分局") -> inq.Application:
    return inq.Application(kind, unit, "zhou.officer", archive.person.name, archive.person.id_number,
                           "办理刑事案件需要", "《中华人民共和国刑事诉讼法》第二百八十六条", "审查前科情况")


def test_working_days_skip_weekends_and_configured_holidays(tmp_path):
    plain = inq.WorkCalendar()
    assert plain.add_working_days(dt.date(2026, 11, 20), 3) == dt.date(2026, 11, 25)   # Fri → Wed
    assert plain.add_working_days(dt.date(2026, 11, 23), 3) == dt.date(2026, 11, 26)   # Mon → Thu
    holidays = tmp_path / "holidays.txt"
    holidays.write_text("# 2026 National Day (example)\n2026-10-01 holiday\n2026-10-02 holiday\n"
                        "2026-10-05 holiday\n2026-10-10 workday\n")
    calendar = inq.WorkCalendar.load(holidays)
    assert calendar.add_working_days(dt.date(2026, 9, 30), 3) == dt.date(2026, 10, 8)
    assert calendar.add_working_days(dt.date(2026, 10, 9), 1) == dt.date(2026, 10, 10)  # a Saturday worked
    holidays.write_text("2026-10-01 party\n")
    with pytest.raises(Exception, match="line 1"):
        inq.WorkCalendar.load(holidays)


@pytest.mark.slow
def test_inquiry_from_filing_to_release_and_trace(archive, tmp_path, monkeypatch, capsys):
    files = attachment_files(tmp_path)
    store = archive.open()
    received = dt.date(2026, 11, 20)                                   # a Friday
    inquiry = inq.submit(store, application(archive, "judicial"), files, "clerk.zhao", received_on=received)
    assert (inquiry.state, inquiry.due_date) == ("pending", dt.date(2026, 11, 25))
    assert inquiry.inquiry_id in [i.inquiry_id for i in inq.open_inquiries(store)]
    assert inquiry.overdue(dt.date(2026, 11, 26)) and not inquiry.overdue(dt.date(2026, 11, 25))
    code, out = run_cli(monkeypatch, capsys, archive, ["status", "--store", str(archive.root)])
    assert code == 0 and "open inquiries (1)" in out and inquiry.inquiry_id in out, out
    assert archive.person.name not in out and archive.person.id_number not in out
    for kind in inq.ATTACHMENT_KINDS:                                   # kept, sealed
        stored = inq.attachment_path(store, inquiry.inquiry_id, kind).read_bytes()
        assert stored and b"%PDF" not in stored
        assert store.key.open(stored, f"inquiry:{inquiry.inquiry_id}:{kind}") == files[kind].read_bytes()

    with pytest.raises(PermissionDenied, match="role operator"):
        inq.approve(store, inquiry.inquiry_id, REVIEWER, "批准", tmp_path / "out", authority="鹿城区人民法院")
    code, out = run_cli(monkeypatch, capsys, archive, [
        "inquiry", "approve", inquiry.inquiry_id, "--store", str(archive.root), "--account", "wang.op",
        "--password-stdin", "--reason", "符合查询条件", "--out", str(tmp_path / "out"),
        "--authority", "温州市鹿城区人民法院"], stdin=PASSWORD + "\n")
    assert code == 0, out
    released = Path(re.search(r"written: (\S+)", out).group(1))
    password = re.search(r"one-time password.*: (\S+)", out).group(1)
    assert released.name.startswith(inquiry.inquiry_id) and archive.person.name not in released.name

    # encrypted for the requester: AES-256, nothing opens without the one-time password
    shown = subprocess.run(["qpdf", "--show-encryption", f"--password={password}", str(released)],
                           capture_output=True, text=True).stdout
    assert "R = 6" in shown and "extract for any purpose: not allowed" in shown
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(released)
    with pdfplumber.open(released, password=password) as doc:
        assert len(doc.pages) == archive.record.source.pages
        for page in doc.pages:
            text = page.extract_text().replace(" ", "")
            assert inquiry.inquiry_id in text and "温州市公安局鹿城区分局" in text and "2026年" in text
        assert archive.record.case.case_numbers[0] in doc.pages[0].extract_text()

    code, out = run_cli(monkeypatch, capsys, archive, ["trace", str(released), "--store", str(archive.root)])
    assert code == 0 and f"inquiry {inquiry.inquiry_id}" in out and archive.dossier_id[:12] in out

    # the requester decrypts and re-saves it: still traced, now through every hidden channel
    leaked = tmp_path / "leaked.pdf"
    with pikepdf.open(released, password=password) as pdf:
        pdf.save(leaked)
    code, out = run_cli(monkeypatch, capsys, archive, ["trace", str(leaked), "--store", str(archive.root)])
    assert code == 0 and f"inquiry {inquiry.inquiry_id}" in out
    assert all(channel in out for channel in ("document_id", "text", "xmp", "visible_mark"))

    with store.engine.connect() as conn:
        row = conn.execute(select(releases)).one()
        decided = conn.execute(select(inquiries_table.c.state, inquiries_table.c.decided_by)
                               .where(inquiries_table.c.inquiry_id == inquiry.inquiry_id)).one()
    assert row.inquiry_id == inquiry.inquiry_id and row.dossier_id == archive.dossier_id
    assert tuple(decided) == ("approved", "operator:wang.op")
    actions = [(e.action, e.dossier_id) for e in store.audit.entries()]
    for expected in [("inquiry.received", None), ("sealed.opened", archive.dossier_id),
                     ("inquiry.released", archive.dossier_id), ("inquiry.approved", None),
                     ("release.traced", None)]:
        assert expected in actions
    log = json.dumps([e.to_dict() for e in store.audit.entries()], ensure_ascii=False)
    catalog = (archive.root / "catalog.db").read_bytes()
    for secret in (archive.person.name, archive.person.id_number, password):
        assert secret not in log and secret.encode() not in catalog
    with pytest.raises(ConflictError, match="already decided"):
        inq.refuse(store, inquiry.inquiry_id, OPERATOR, "重复")


def test_defence_lawyer_inquiry_is_refused_with_the_reason(archive, tmp_path, monkeypatch, capsys):
    files = attachment_files(tmp_path)
    code, out = run_cli(monkeypatch, capsys, archive, [
        "inquiry", "new", "--store", str(archive.root), "--kind", "defence_lawyer",
        "--unit", "浙江某律师事务所", "--officer", "chen.lawyer", "--reason", "辩护需要",
        "--legal-basis", "刑事诉讼法第四十条", "--purpose", "阅卷",
        "--official-letter", str(files["official_letter"]),
        "--work-certificate", str(files["work_certificate"]),
        "--commitment", str(files["confidentiality_commitment"]), "--actor", "clerk.zhao"],
        stdin=f"{archive.person.name}\n{archive.person.id_number}\n")
    assert code == 0, out
    inquiry_id = re.search(r"inquiry (Q\d{4}-\d{4}) refused", out).group(1)
    assert "辩护律师" in out and "不予提供" in out
    store = archive.open()
    inquiry = inq.get(store, inquiry_id)
    assert (inquiry.state, inquiry.answer) == ("refused", "refusal")
    assert inquiry_id not in [i.inquiry_id for i in inq.open_inquiries(store)]
    with pytest.raises(ConflictError, match="already decided"):
        inq.approve(store, inquiry_id, OPERATOR, "批准", tmp_path / "out", authority="法院")
    assert not (tmp_path / "out").exists()
    with store.engine.connect() as conn:
        assert conn.execute(select(releases.c.release_id).where(releases.c.inquiry_id == inquiry_id)).all() == []
    assert ("inquiry.refused", "rule:defence-lawyer") in [(e.action, e.actor) for e in store.audit.entries()]


def test_unit_inquiry_is_answered_with_a_letter_stating_no_record(archive, tmp_path):
    store = archive.open()
    inquiry = inq.submit(store, application(archive, "unit", "温州市教育局"), attachment_files(tmp_path),
                         "clerk.zhao")
    answer = inq.approve(store, inquiry.inquiry_id, OPERATOR, "依规定答复", tmp_path / "out",
                         authority="温州市鹿城区人民法院")
    assert answer.answer == "notification" and answer.password is None
    with pdfplumber.open(answer.files[0]) as doc:
        text = "".join(p.extract_text() for p in doc.pages).replace("\n", "")
    assert "查询结果告知书" in text and "温州市教育局" in text and "未发现" in text and "有犯罪记录" in text
    assert "封存" not in text


def test_a_unit_acting_under_a_statute_is_answered_after_a_second_approval(archive, tmp_path):
    """法律另有规定: such a unit gets the sealed file, not the no-record letter, once a reviewer
    other than the operator has approved its basis; the audit names both."""
    store = archive.open()
    inquiry = inq.submit(store, application(archive, "statutory_unit", "温州市某监察机关"), attachment_files(tmp_path),
                         "clerk.zhao")
    with pytest.raises(PermissionDenied, match="reviewer other than the operator"):
        inq.approve(store, inquiry.inquiry_id, OPERATOR, "依法律规定查询", tmp_path / "out",
                    authority="温州市鹿城区人民法院")
    with pytest.raises(PermissionDenied, match="reviewer other than the operator"):
        inq.approve(store, inquiry.inquiry_id, OPERATOR, "依法律规定查询", tmp_path / "out",
                    authority="温州市鹿城区人民法院", second_approver=OPERATOR)
    assert inq.get(store, inquiry.inquiry_id).state == "pending"
    answer = inq.approve(store, inquiry.inquiry_id, OPERATOR, "依法律规定查询", tmp_path / "out",
                         authority="温州市鹿城区人民法院", second_approver=REVIEWER)
    assert answer.answer == "release" and answer.password and len(answer.files) == 1
    [entry] = [e for e in store.audit.entries() if e.action == "inquiry.approved"
               and e.detail.get("inquiry") == inquiry.inquiry_id]
    assert entry.actor == OPERATOR.actor and entry.detail["second_approver"] == REVIEWER.actor
    assert inq.decision_reason(store, inquiry.inquiry_id) == "依法律规定查询"


def test_the_command_takes_the_second_approver_with_its_own_password(archive, tmp_path, monkeypatch, capsys):
    """`fengcun inquiry approve --second-approver`: without it a statutory unit's inquiry is
    refused with the permission code; with the reviewer's account and password it is answered."""
    store = archive.open()
    inquiry = inq.submit(store, application(archive, "statutory_unit", "温州市某监察机关"), attachment_files(tmp_path),
                         "clerk.zhao")
    argv = ["inquiry", "approve", inquiry.inquiry_id, "--store", str(archive.root), "--account", "wang.op",
            "--password-stdin", "--reason", "依法律规定查询", "--out", str(tmp_path / "out"),
            "--authority", "温州市鹿城区人民法院"]
    code, out = run_cli(monkeypatch, capsys, archive, argv, stdin=PASSWORD + "\n")
    assert code == int(ExitCode.permission_denied) and "reviewer other than the operator" in out
    code, out = run_cli(monkeypatch, capsys, archive, [*argv, "--second-approver", "li.rev"],
                        stdin=PASSWORD + "\nwrong password\n")
    assert code == int(ExitCode.sign_in_required) and inq.get(store, inquiry.inquiry_id).state == "pending"
    code, out = run_cli(monkeypatch, capsys, archive, [*argv, "--second-approver", "li.rev"],
                        stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert code == 0 and "one-time password" in out and inq.get(store, inquiry.inquiry_id).state == "approved"


def test_refusal_needs_an_operator_and_a_reason(archive, tmp_path):
    store = archive.open()
    inquiry = inq.submit(store, application(archive, "judicial"), attachment_files(tmp_path), "clerk.zhao")
    with pytest.raises(ValidationError, match="reason"):
        inq.refuse(store, inquiry.inquiry_id, OPERATOR, " ")
    with pytest.raises(PermissionDenied, match="role operator"):
        inq.refuse(store, inquiry.inquiry_id, REVIEWER, "材料不全")
    refused = inq.refuse(store, inquiry.inquiry_id, OPERATOR, "缺少单位公函原件")
    assert refused.state == "refused" and inq.decision_reason(store, inquiry.inquiry_id) == "缺少单位公函原件"


def test_an_application_without_its_files_or_with_a_bad_id_number_is_not_filed(archive, tmp_path):
    store = archive.open()
    files = attachment_files(tmp_path)
    with pytest.raises(ValidationError, match="confidentiality_commitment"):
        inq.submit(store, application(archive, "judicial"),
                   {k: v for k, v in files.items() if k != "confidentiality_commitment"}, "clerk.zhao")
    bad = inq.Application("judicial", "单位", "x", "某人", "330102200403151230", "r", "b", "p")
    with pytest.raises(ValidationError, match="not a valid"):
        inq.submit(store, bad, files, "clerk.zhao")


def test_pending_inquiries_are_listed_with_their_deadlines(archive, tmp_path, monkeypatch, capsys):
    store = archive.open()
    late = inq.submit(store, application(archive, "judicial"), attachment_files(tmp_path), "clerk.zhao",
                      received_on=dt.date(2026, 1, 5))
    code, out = run_cli(monkeypatch, capsys, archive, ["inquiry", "list", "--store", str(archive.root)])
    line = next(row for row in out.splitlines() if row.startswith(late.inquiry_id))
    assert code == 0 and "due 2026-01-08" in line and "OVERDUE" in line
    assert archive.person.name not in out and archive.person.id_number not in out
    code, out = run_cli(monkeypatch, capsys, archive, ["inquiry", "show", late.inquiry_id, "--store",
                                                       str(archive.root)])
    assert code == 0 and "pending" in out


def test_numbering_and_answers_on_both_catalogs(tmp_path, master_key, catalog_url):
    """SQLite and PostgreSQL: sequential numbers per year, a letter for someone with no file."""
    from archive import Store
    from models import idnumber
    store = Store.open(tmp_path / "store", catalog_url, master_key=master_key)
    files = attachment_files(tmp_path)
    number = idnumber.make("330302", dt.date(2003, 3, 3), 31)
    app = inq.Application("unit", "某区人力资源和社会保障局", "qian.officer", "无档测试人", number,
                          "招录审查", "公务员法", "政审")
    ids = [inq.submit(store, app, files, "clerk.zhao", received_on=dt.date(2026, 2, 2)).inquiry_id
           for _ in range(2)]
    assert ids == ["Q2026-0001", "Q2026-0002"]
    answer = inq.approve(store, ids[0], OPERATOR, "无记录", tmp_path / "out", authority="某区人民法院")
    assert answer.answer == "notification" and answer.files[0].name == "Q2026-0001.notification.pdf"
    assert [i.inquiry_id for i in inq.open_inquiries(store)] == ["Q2026-0002"]
