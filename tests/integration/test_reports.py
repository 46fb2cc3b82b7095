"""Reports from a real catalog: the per-court summary, the sealing register (封存登记表) and the
CSV/XLSX exports of the decision records — ids, codes and dates, never a person's data; every
one audited. Through the real command line."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import openpyxl
import pdfplumber
import pikepdf
import pytest

from archive import Store
from core.keys import MasterKey
from flows.cli import main
from models.record import Case, Decision, DecisionRecord, Disposition, Person, Source

NAME, ID_NUMBER, BIRTH = "欧阳小明", "330102200403151235", dt.date(2004, 3, 15)
COURT_A, COURT_B = "上城区人民法院", "鹿城区人民法院"
DUE = dt.date(2021, 6, 1)


def record(dossier_id: str, court: str, outcome: str) -> DecisionRecord:
    due = DUE if outcome == "seal" else None
    minor = Person("P1", "defendant", NAME, id_number=ID_NUMBER, birth_date=BIRTH, minor_at_offence=True,
                   disposition=Disposition("fixed_term", 18),
                   decision=Decision(outcome, ("R1",), ("under 18 at the offence",), ("CPL 286",), due,
                                     (("court", due), ("procuratorate", None))))
    r = DecisionRecord(dossier_id, Source(f"/archive/{NAME}案.pdf", dossier_id, 2),
                       Case(["（2021）浙0102刑初123号"], court, [], False, DUE), [minor])
    if outcome == "review":
        r.review.add("P1", "birth_date", "birth date and ID number disagree")
    return r


@pytest.fixture
def store(tmp_path: Path, master_key: MasterKey) -> Store:
    with Store.open(tmp_path / "store", master_key=master_key) as s:
        for n, (court, outcome) in enumerate([(COURT_A, "seal"), (COURT_A, "review"), (COURT_B, "not_eligible")]):
            source = tmp_path / f"{n}.pdf"
            source.write_bytes(f"%PDF-1.4 dossier {n}\n".encode())
            s.records.save(record(s.records.register(source), court, outcome))
        yield s


def cli(store: Store, *argv: str) -> int:
    return main([*argv, "--store", str(store.root)])


def read_csv(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")                 # a BOM: spreadsheet programs read Chinese
    assert NAME.encode() not in data and ID_NUMBER.encode() not in data and BIRTH.isoformat().encode() not in data
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_the_sealing_register_lists_each_sealed_person_with_dates(store, tmp_path) -> None:
    out = tmp_path / "register.csv"
    assert cli(store, "report", "register", "--out", str(out)) == 0
    [row] = read_csv(out)
    today = dt.date.today()
    assert (row["court"], row["case_number"], row["disposition"], row["months"], row["rules"]) == \
        (COURT_A, "（2021）浙0102刑初123号", "fixed_term", "18", "R1")
    assert (row["due_court"], row["due_procuratorate"], row["sealed_on"]) == (DUE.isoformat(), "", today.isoformat())
    assert int(row["days_late"]) == (today - DUE).days
    [entry] = [e for e in store.audit.entries() if e.action == "report.written"]
    assert entry.detail["report"] == "register" and entry.detail["rows"] == 1 and entry.actor == "operator"


def test_the_court_summary_counts_by_court(store, tmp_path) -> None:
    out = tmp_path / "courts.xlsx"
    assert cli(store, "report", "court", "--format", "xlsx", "--out", str(out)) == 0
    sheet = openpyxl.load_workbook(out).active
    header, *rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    by_court = {r[0]: dict(zip(header, r)) for r in rows}
    assert set(by_court) == {COURT_A, COURT_B}
    a, b = by_court[COURT_A], by_court[COURT_B]
    assert (a["dossiers"], a["sealed"], a["waiting_for_review"], a["persons_sealed"], a["sealed_late"]) == (2, 1, 1, 1, 1)
    assert a["overdue_now"] == 1                  # the one waiting: its sealing would have fallen due in 2021
    assert (b["dossiers"], b["not_eligible"], b["overdue_now"]) == (1, 1, 0)


def test_csv_and_xlsx_exports_hold_the_decisions_without_person_data(store, tmp_path) -> None:
    out = tmp_path / "records.csv"
    assert cli(store, "export", "--format", "csv", "--out", str(out)) == 0
    rows = read_csv(out)
    assert sorted(r["outcome"] for r in rows) == ["not_eligible", "review", "seal"]
    assert {r["person_id"] for r in rows} == {"P1"} and all(r["citations"] == "CPL 286" for r in rows)
    xlsx = tmp_path / "records.xlsx"
    assert cli(store, "export", "--format", "xlsx", "--out", str(xlsx)) == 0
    values = [v for r in openpyxl.load_workbook(xlsx).active.iter_rows(values_only=True) for v in r]
    assert NAME not in values and ID_NUMBER not in values and len(values) == 4 * len(rows[0])
    assert cli(store, "export", "--format", "xlsx") == 2                      # a workbook is not for a terminal
    exported = [e.detail["format"] for e in store.audit.entries() if e.action == "records.exported"]
    assert exported == ["csv", "xlsx"]


def test_the_register_prints_as_an_encrypted_pdf_with_a_one_time_password(store, tmp_path, capsys) -> None:
    out = tmp_path / "register.pdf"
    capsys.readouterr()
    assert cli(store, "report", "register", "--format", "pdf", "--out", str(out)) == 0
    printed = capsys.readouterr().out
    password = re.search(r"one-time password of the PDF .*: (\S+)", printed).group(1)
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(out)
    with pdfplumber.open(out, password=password) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    assert "封存登记表" in text and COURT_A in text and "法院封存期限" in text and DUE.isoformat() in text
    assert "有期徒刑" in text and "fixed_term" not in text
    assert NAME not in text and ID_NUMBER not in text and COURT_B not in text     # sealed persons only
    assert password not in str([e.detail for e in store.audit.entries()])
    assert cli(store, "report", "court", "--format", "pdf", "--out", str(tmp_path / "c.pdf")) == 2
