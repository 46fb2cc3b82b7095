"""The store against real SQLite and PostgreSQL catalogs, real AES-GCM and real files."""
from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import jsonschema
import pytest
from sqlalchemy import text

from archive import FAILED, NOT_ELIGIBLE, PENDING, REVIEW, SEALED, Store
from core.atomic import write_atomic
from core.keys import MasterKey
from models.errors import KeyMaterialError, StoreError, UnreadableFileError
from models.record import Case, Decision, DecisionRecord, Disposition, Person, Source

SCHEMA = json.loads((Path(__file__).parents[1] / "resources" / "contract" / "decision-record.schema.json").read_text())
NAME, ID_NUMBER = "欧阳小明", "330102200403151235"


def make_record(dossier_id: str, outcome: str = "seal", due: dt.date | None = None) -> DecisionRecord:
    minor = Person("P1", "defendant", NAME, id_number=ID_NUMBER, birth_date=dt.date(2004, 3, 15),
                   minor_at_offence=True, disposition=Disposition("fixed_term", 18),
                   decision=Decision(outcome, ("R1",), ("under 18 at the offence",), ("CPL 286",), due))
    record = DecisionRecord(dossier_id, Source(f"/archive/{NAME}案.pdf", dossier_id, 2),
                            Case(["（2021）浙0102刑初123号"], "上城区人民法院", [], False), [minor])
    if outcome == "review":
        record.review.add("P1", "birth_date", "birth date and ID number disagree")
    return record


@pytest.fixture
def store(tmp_path: Path, master_key: MasterKey, catalog_url: str | None) -> Store:
    with Store.open(tmp_path / "store", catalog_url, master_key=master_key) as s:
        yield s


def source_file(tmp_path: Path, content: bytes) -> Path:
    path = tmp_path / "archive" / f"{NAME}案-{content[:4].hex()}.pdf"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(content)
    return path


def catalog_bytes(store: Store) -> bytes:
    """Everything the catalog holds, as bytes: the SQLite file or a dump of every table."""
    if store.engine.dialect.name == "sqlite":
        store.engine.dispose()   # checkpoint the WAL into the file
        return b"".join(p.read_bytes() for p in store.root.glob("catalog.db*"))
    out = []
    with store.engine.connect() as conn:
        for table in ("dossiers", "persons", "audit_log", "catalog_meta", "stage_timings"):
            out.append(repr(conn.execute(text(f"SELECT * FROM {table}")).all()).encode())
    return b"".join(out)


def test_register_is_idempotent_by_content_and_seals_the_path(store, tmp_path):
    first = source_file(tmp_path, b"%PDF-1 one")
    dossier_id = store.records.register(first)
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(first.read_bytes())
    assert store.records.register(copy) == dossier_id
    assert store.records.source_path(dossier_id) == first           # the first path wins
    assert store.records.counts()[PENDING] == 1 and store.records.unsettled() == [dossier_id]
    assert not store.records.has(dossier_id)
    blob = catalog_bytes(store)
    for encoding in ("utf-8", "utf-16-le", "gb18030"):
        assert NAME.encode(encoding) not in blob


def test_saved_record_round_trips_sealed_and_is_audited(store, tmp_path):
    dossier_id = store.records.register(source_file(tmp_path, b"%PDF-1 two"))
    record = make_record(dossier_id, due=dt.date(2013, 1, 4))
    assert store.records.save(record, timings={"ocr": 1.5, "nlp": 0.25}) == SEALED
    assert store.records.load(dossier_id).to_dict() == record.to_dict()
    assert [r.dossier_id for r in store.records.all()] == [dossier_id]
    assert store.records.has(dossier_id) and store.records.unsettled() == []
    assert store.records.stage_totals() == {"ocr": 1.5, "nlp": 0.25}
    assert store.records.find_person(ID_NUMBER) == [(dossier_id, "P1")]
    assert store.records.find_person("110101199001011234") == []
    # saving again replaces, never duplicates
    store.records.save(make_record(dossier_id, "not_eligible"))
    assert store.records.counts()[NOT_ELIGIBLE] == 1 and store.records.counts()[SEALED] == 0
    actions = [e.action for e in store.audit.entries(dossier_id=dossier_id)]
    assert actions == ["record.saved", "record.saved"]
    blob = catalog_bytes(store)
    for needle in (NAME, ID_NUMBER, "2004-03-15"):
        for encoding in ("utf-8", "utf-16-le", "gb18030"):
            assert needle.encode(encoding) not in blob, needle


def test_wrong_master_key_cannot_read_records(store, tmp_path):
    dossier_id = store.records.register(source_file(tmp_path, b"%PDF-1 three"))
    store.records.save(make_record(dossier_id))
    other = Store.open(store.root, store.catalog.url, master_key=MasterKey(b"\x07" * 32))
    with pytest.raises(KeyMaterialError):
        other.records.load(dossier_id)
    other.close()


def test_quarantine_keeps_the_original_and_exports_a_review_record(store, tmp_path):
    path = source_file(tmp_path, b"not a pdf at all")
    before = path.read_bytes()
    dossier_id = store.records.register(path)
    store.quarantine.put(dossier_id, ValueError(f"cannot parse {path}"))
    assert path.read_bytes() == before
    assert store.records.state(dossier_id) == FAILED and store.records.has(dossier_id)
    [entry] = store.quarantine.entries()
    assert entry.error_kind == "ValueError"
    assert NAME in store.quarantine.error(dossier_id)           # sealed, but there for the operator
    record = store.records.load(dossier_id)
    jsonschema.validate(record.to_dict(), SCHEMA)
    assert record.review.required and record.persons == []
    assert NAME.encode() not in catalog_bytes(store)
    assert store.quarantine.requeue() == 1 and store.records.state(dossier_id) == PENDING


def test_an_unreadable_file_is_quarantined_by_its_path_until_it_is_read(store, tmp_path):
    path = tmp_path / "archive" / f"{NAME}案.pdf"               # listed, but gone
    with pytest.raises(UnreadableFileError) as caught:
        store.records.register(path)
    dossier_id = store.quarantine.put_unreadable(caught.value)
    assert dossier_id == store.quarantine.unreadable_id(path) == store.quarantine.put_unreadable(caught.value)
    assert store.records.state(dossier_id) == FAILED and store.quarantine.entries()[0].attempts == 2
    [notice] = store.quarantine.notices()
    assert (notice.path, notice.cause, notice.fix) == (str(path), "No such file or directory",
                                                       UnreadableFileError.fix)
    assert NAME.encode() not in catalog_bytes(store)              # path and cause sealed
    assert list(store.records.all()) == [] and store.records.review_queue() == []   # no record to read
    assert store.quarantine.requeue() == 0                        # nothing to process under its id

    path.parent.mkdir()
    path.write_bytes(b"%PDF-1 found again")
    new_id = store.records.register(path)
    assert store.quarantine.resolve_superseded([(path, new_id)]) == 1
    assert store.records.state(dossier_id) is None and store.quarantine.notices() == []
    assert store.records.state(new_id) == PENDING
    assert [e.action for e in store.audit.entries()][-1] == "quarantine.resolved"


def test_review_queue_and_overdue_sealings(store, tmp_path):
    ids = [store.records.register(source_file(tmp_path, bytes([i]) * 8)) for i in range(4)]
    store.records.save(make_record(ids[0], "review"))
    store.records.save(make_record(ids[1], "seal", due=dt.date(2012, 5, 1)))     # sealed today: late
    store.records.save(make_record(ids[2], "not_eligible"))
    waiting = make_record(ids[3], "seal", due=dt.date(2012, 5, 4))
    waiting.review.add(None, "outputs", "an output failed the leak check and was discarded")
    store.records.save(waiting)
    assert [e.dossier_id for e in store.records.review_queue()] == [ids[3], ids[0]]     # due soonest first
    entry = store.records.review_queue()[1]
    assert entry.dossier_id == ids[0] and entry.open_items == 1 and entry.fields == ("birth_date",)
    # overdue: due and not sealed yet; a sealing made after its due date is "sealed late" instead
    [late] = store.records.overdue(today=dt.date(2012, 5, 11))
    assert (late.dossier_id, late.state, late.days_overdue) == (ids[3], REVIEW, 7)
    [sealed_late] = store.records.sealed_late()
    assert (sealed_late.dossier_id, sealed_late.due_date, sealed_late.sealed_on) == \
        (ids[1], dt.date(2012, 5, 1), dt.date.today())
    assert store.records.overdue(today=dt.date(2012, 5, 1)) == [] and store.records.counts()[REVIEW] == 2


def test_a_suspended_sentence_sealed_in_a_backfill_shows_the_court_years_late(store, tmp_path):
    """Measures art. 11: the court seals when the judgment takes effect, not after probation
    (art. 13 is community corrections' own deadline): a backfill today of a 2015 suspended
    sentence is late by years, counted from the day it took effect."""
    from models.rules import decide_record
    from tests.unit.test_rules_record import AS_OF, minor, record_of

    dossier_id = store.records.register(source_file(tmp_path, b"suspended"))
    record = record_of(minor(disposition=Disposition("fixed_term", 18, True, 36, True, "judgment",
                                                     dt.date(2015, 3, 1))))
    record.dossier_id, record.source = dossier_id, Source("x.pdf", dossier_id, 3)
    record.case.concluded_on = dt.date(2015, 3, 1)
    assert store.records.save(decide_record(record, as_of=AS_OF)) == SEALED
    [late] = store.records.sealed_late()
    assert (late.dossier_id, late.due_date) == (dossier_id, dt.date(2015, 3, 1))
    assert late.days_late > 10 * 365


def test_a_record_without_any_decision_waits_for_review(store, tmp_path):
    dossier_id = store.records.register(source_file(tmp_path, b"%PDF empty"))
    record = DecisionRecord(dossier_id, Source("x.pdf", dossier_id, 1))
    assert store.records.save(record) == REVIEW


def test_audit_chain_detects_edits_and_refuses_names(store):
    for i in range(5):
        store.audit.append("tester", "export", None, records=i)
    assert store.audit.verify().ok and store.audit.verify().entries == 5
    with pytest.raises(ValueError, match="CJK"):
        store.audit.append("tester", "export", None, reason=f"asked by {NAME}")
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET detail = :d WHERE seq = 3"), {"d": '{"records":9}'})
    check = store.audit.verify()
    assert not check.ok and check.first_bad_seq == 3
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET detail = :d WHERE seq = 3"), {"d": '{"records":2}'})
        conn.execute(text("DELETE FROM audit_log WHERE seq = 2"))
    assert store.audit.verify().first_bad_seq == 2          # the deleted entry itself, not the next one


def test_concurrent_appends_keep_one_chain(store):
    def append_many(n: int) -> None:
        for i in range(10):
            store.audit.append(f"worker{n}", "ping", None, i=i)
    threads = [threading.Thread(target=append_many, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    check = store.audit.verify()
    assert check.ok and check.entries == 40


def test_staging_publish_and_sweep_leave_no_debris(store, tmp_path):
    a, b = (store.records.register(source_file(tmp_path, c)) for c in (b"%PDF a", b"%PDF b"))
    with pytest.raises(RuntimeError):
        with store.files.staging(a) as staged:
            (staged / "partial.pdf").write_bytes(b"x")
            raise RuntimeError("stage failed")
    assert list((store.root / "tmp").iterdir()) == []
    with store.files.staging(a) as staged:
        (staged / "sealed.pdf").write_bytes(b"sealed")
        final = store.files.publish(staged, a)
    assert store.files.relpath(final / "sealed.pdf") == f"outputs/{a[:2]}/{a}/sealed.pdf"
    store.records.save(make_record(a))
    # debris a killed process would leave: its staging dir, and outputs the catalog never got
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    (store.root / "tmp" / f"{socket.gethostname()}-{dead}-{b[:12]}-00ff").mkdir()
    orphan = store.files.output_dir(b)
    orphan.mkdir(parents=True)
    (orphan / "sealed.pdf").write_bytes(b"half")
    assert store.sweep() == 2
    assert not orphan.exists() and list((store.root / "tmp").iterdir()) == []
    assert (final / "sealed.pdf").read_bytes() == b"sealed"



def test_withdraw_takes_published_outputs_away_and_leaves_no_debris(store, tmp_path):
    a = store.records.register(source_file(tmp_path, b"%PDF withdrawn"))
    assert store.files.withdraw(a) is False                      # nothing published yet
    with store.files.staging(a) as staged:
        (staged / "sealed.pdf").write_bytes(b"sealed")
        final = store.files.publish(staged, a)
    assert store.files.withdraw(a) is True
    assert not final.exists() and list((store.root / "tmp").iterdir()) == []

def test_schema_check_and_migration(tmp_path, master_key, catalog_url):
    with pytest.raises(StoreError, match="schema"):
        Store.open(tmp_path / "s", catalog_url, master_key=master_key, migrate=False)
    Store.open(tmp_path / "s", catalog_url, master_key=master_key).close()
    Store.open(tmp_path / "s", catalog_url, master_key=master_key).close()     # idempotent
    Store.open(tmp_path / "s", catalog_url, master_key=master_key, migrate=False).close()


def test_atomic_write_replaces_whole_files(tmp_path):
    target = tmp_path / "out" / "records.jsonl"
    write_atomic(target, b"one\n")
    write_atomic(target, b"two\n")
    assert target.read_text() == "two\n"
    assert os.listdir(target.parent) == ["records.jsonl"]
    assert oct(target.stat().st_mode & 0o777) == "0o600"
