"""Shared by the after-sealing tests (inquiries, trace, certificates, unsealing): a store with
one synthetic minor's dossier processed by the real pipeline into a sealed file, accounts, and
the application's attachments as real PDFs. No tests here."""
from __future__ import annotations

import base64
import io
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas

from archive import Store
from archive.accounts import Account, Accounts
from core.keys import ENV_KEY, MasterKey
from flows.cli import main
from models.record import DecisionRecord, Person
from redaction import marks
from services.processing import process_dossier
from synth.archive import write_plan
from synth.plan import plan_case

PASSWORD = "correct horse battery"


@dataclass
class SealedArchive:
    root: Path
    key_b64: str
    dossier_id: str
    person: Person            # the sealed minor
    record: DecisionRecord

    @property
    def key(self) -> MasterKey:
        return MasterKey(base64.b64decode(self.key_b64))

    def open(self) -> Store:
        return Store.open(self.root, master_key=self.key)


def build_sealed_archive(base: Path) -> SealedArchive:
    """A synthetic juvenile's dossier processed through the pipeline into a sealed store,
    with an operator (wang.op) and a reviewer (li.rev)."""
    raw = secrets.token_bytes(32)
    key = MasterKey(raw)
    (base / "archive").mkdir(parents=True)
    write_plan(plan_case(3, ["d0001", "d0002"], 0.0, kind="split")[0], base / "archive", text=True)
    with Store.open(base / "store", master_key=key) as store:
        result = process_dossier(base / "archive" / "d0001.pdf", store)
        assert result.state == "sealed", result
        record = store.records.load(result.dossier_id)
        accounts = Accounts(store)
        accounts.add("wang.op", "operator", PASSWORD)
        accounts.add("li.rev", "reviewer", PASSWORD)
    person = next(p for p in record.persons if p.decision and p.decision.outcome == "seal")
    assert person.id_number and person.name
    return SealedArchive(base / "store", base64.b64encode(raw).decode(), result.dossier_id, person, record)


def attachment_files(directory: Path) -> dict[str, Path]:
    """The official letter, work certificate and confidentiality commitment as one-page PDFs."""
    font = marks.cjk_font()
    files = {}
    for kind, title in (("official_letter", "调取证据通知书"), ("work_certificate", "工作证"),
                        ("confidentiality_commitment", "保密承诺书")):
        path = directory / f"{kind}.pdf"
        canvas = Canvas(str(path))
        canvas.setFont(font, 18)
        canvas.drawString(72, 720, title)
        canvas.save()
        files[kind] = path
    return files


OPERATOR = Account("wang.op", "operator")
REVIEWER = Account("li.rev", "reviewer")


def run_cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], archive: SealedArchive,
            argv: list[str], stdin: str = "") -> tuple[int, str]:
    """`fengcun ARGV` in this process, with the archive's key in the environment."""
    monkeypatch.setenv(ENV_KEY, archive.key_b64)
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    capsys.readouterr()
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out + captured.err
