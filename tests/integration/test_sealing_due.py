"""One answer to "which sealings are late": `fengcun status`, the run summary and the review
app's queue ask services.sealing_due, against a real catalog and real encryption."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from archive import REVIEW, Store
from core.keys import MasterKey
from flows.cli import main
from models.record import Case, Decision, DecisionRecord, Disposition, Person, Source
from review.queue import build_queue, counts
from services import sealing_due

NAME, ID_NUMBER = "欧阳小明", "330102200403151235"
EFFECTIVE = dt.date(2015, 1, 10)      # the judgment took effect: the court's sealing fell due then


def waiting_record(dossier_id: str) -> DecisionRecord:
    """A minor whose record waits for a reviewer: nothing decided, so no decided due date."""
    minor = Person("P1", "defendant", NAME, id_number=ID_NUMBER, birth_date=dt.date(1998, 3, 15),
                   minor_at_offence=True, disposition=Disposition("fixed_term", 18),
                   decision=Decision("review", (), ("birth date and ID number disagree",), (), None))
    record = DecisionRecord(dossier_id, Source(f"/archive/{NAME}案.pdf", dossier_id, 2),
                            Case(["（2014）浙0102刑初123号"], "上城区人民法院", [], False, EFFECTIVE), [minor])
    record.review.add("P1", "birth_date", "birth date and ID number disagree")
    return record


@pytest.fixture
def store(tmp_path: Path, master_key: MasterKey) -> Store:
    source = tmp_path / "d.pdf"
    source.write_bytes(b"%PDF-1.4 one dossier\n")
    with Store.open(tmp_path / "store", master_key=master_key) as s:
        s.records.save(waiting_record(s.records.register(source)))
        yield s


def test_status_and_the_review_app_count_the_same_overdue_sealing(store, monkeypatch, capsys) -> None:
    today = dt.date.today()
    [late] = sealing_due.overdue(store, today)
    assert (late.state, late.due_date, late.days_overdue) == (REVIEW, EFFECTIVE, (today - EFFECTIVE).days)
    assert store.records.overdue(today) == []          # the catalog alone knows no decided date
    assert counts(build_queue(store.records.all()), today).overdue_dossiers == 1
    [row] = build_queue(store.records.all())
    assert row.due_date == late.due_date

    monkeypatch.setenv("COLUMNS", "200")
    capsys.readouterr()
    assert main(["status", "--store", str(store.root)]) == 0
    out = capsys.readouterr().out
    assert "overdue sealings (1)" in out and f"{EFFECTIVE.isoformat()} ({late.days_overdue} days overdue)" in out
    assert "1 waiting for review" in out.splitlines()[0] and "1 overdue sealing" in out.splitlines()[0]
    assert "not known yet" not in out and "–" not in out
    for empty in ("open inquiries", "open unsealing cases", "quarantine"):   # empty tables are not printed
        assert empty not in out
    assert NAME not in out and ID_NUMBER not in out


def test_status_of_an_empty_store_is_one_line(tmp_path, master_key, capsys) -> None:
    Store.open(tmp_path / "store", master_key=master_key).close()
    capsys.readouterr()
    assert main(["status", "--store", str(tmp_path / "store")]) == 0
    assert capsys.readouterr().out.strip() == f"store {tmp_path / 'store'}: 0 dossiers"
