"""`fengcun open`: a sealed file for authorised staff — an operator account signed in with
its password, a reason, a marked, fingerprinted copy behind a one-time password, and the
audit log's record of who opened what and why. Real pipeline, real encryption."""
from __future__ import annotations

import re

import pdfplumber
import pikepdf
import pytest

from models.errors import ExitCode
from services.opening import opening_reason
from support.inquiry import PASSWORD, SealedArchive, build_sealed_archive, run_cli

REASON = "法院调取证据通知书（2026）浙0102刑他12号要求核对"


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> SealedArchive:
    return build_sealed_archive(tmp_path_factory.mktemp("open"))


def open_cmd(archive: SealedArchive, out, account: str, reason: str = REASON) -> list[str]:
    return ["open", archive.dossier_id, "--reason", reason, "--out", str(out), "--account", account,
            "--password-stdin", "--store", str(archive.root)]


def test_an_operator_opens_a_sealed_file_with_a_reason_and_it_is_audited(archive, tmp_path, monkeypatch,
                                                                          capsys) -> None:
    out = tmp_path / "opened"
    code, printed = run_cli(monkeypatch, capsys, archive, open_cmd(archive, out, "wang.op"), stdin=PASSWORD + "\n")
    assert code == 0, printed
    [copy] = list(out.glob("*.pdf"))
    password = re.search(r"one-time password .*: (\S+)", printed).group(1)
    assert archive.person.name not in printed and archive.person.id_number not in printed
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(copy)
    with pdfplumber.open(copy, password=password) as pdf:
        first = pdf.pages[0].extract_text() or ""
        assert "内部调阅" in first and "wang.op" in first

    code, traced = run_cli(monkeypatch, capsys, archive, ["trace", str(copy), "--store", str(archive.root)],
                           stdin=password + "\n")
    assert code == 0 and f"dossier {archive.dossier_id[:12]}" in traced

    with archive.open() as store:
        [entry] = [e for e in store.audit.entries() if e.action == "sealed.opened" and e.detail.get("purpose") == "staff"]
        assert entry.actor == "operator:wang.op" and entry.dossier_id == archive.dossier_id
        assert opening_reason(store, entry) == REASON and REASON not in str(entry.detail)
        assert any(e.action == "sealed.copy_written" for e in store.audit.entries())


@pytest.mark.parametrize("account, password, reason, expected", ids=["reviewer", "wrong-password", "no-reason"],
                         argvalues=[
    ("li.rev", PASSWORD, REASON, ExitCode.permission_denied),        # a reviewer may not
    ("wang.op", "wrong password!", REASON, ExitCode.sign_in_required),
    ("wang.op", PASSWORD, "   ", ExitCode.validation_failed),        # no reason, no opening
])
def test_only_a_signed_in_operator_with_a_reason_opens(archive, tmp_path, monkeypatch, capsys,
                                                       account, password, reason, expected) -> None:
    with archive.open() as store:
        before = len(list(store.audit.entries()))
    out = tmp_path / "opened"
    code, _ = run_cli(monkeypatch, capsys, archive, open_cmd(archive, out, account, reason), stdin=password + "\n")
    assert code == expected
    assert not out.exists()
    with archive.open() as store:
        assert not [e for e in list(store.audit.entries())[before:] if e.action == "sealed.opened"]
