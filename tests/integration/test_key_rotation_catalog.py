"""The catalog's half of a key rotation on both dialects (SQLite and PostgreSQL): records,
source paths, error texts, the ID-number index key and the audit anchor are sealed again
under the new key, and the old key opens none of them. (tests/e2e/test_key_rotation.py
rotates a whole store through the command.)"""
from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path

import pytest

from archive import Store
from archive.audit_anchor import set_anchor, verify
from core.keys import MasterKey
from models.errors import KeyMaterialError
from models.record import Case, Decision, DecisionRecord, Disposition, Person, Source
from services.key_rotation import rotate

NAME, ID_NUMBER = "欧阳小明", "330102200403151235"


def make_record(dossier_id: str) -> DecisionRecord:
    minor = Person("P1", "defendant", NAME, id_number=ID_NUMBER, birth_date=dt.date(2004, 3, 15),
                   minor_at_offence=True, disposition=Disposition("fixed_term", 18),
                   decision=Decision("seal", ("R1",), ("under 18",), ("CPL 286",), dt.date(2021, 6, 1)))
    return DecisionRecord(dossier_id, Source(f"/archive/{NAME}案.pdf", dossier_id, 2),
                          Case(["（2021）浙0102刑初123号"], "上城区人民法院", [], False), [minor])


def test_the_catalog_is_resealed_under_the_new_key(tmp_path: Path, catalog_url: str | None) -> None:
    old, new = MasterKey(secrets.token_bytes(32)), MasterKey(secrets.token_bytes(32))
    sources = []
    for n in range(2):
        sources.append(tmp_path / f"{NAME}{n}.pdf")
        sources[-1].write_bytes(f"%PDF-1.4 {n}\n".encode())
    with Store.open(tmp_path / "store", catalog_url, master_key=old) as store:
        sealed, broken = (store.records.register(p) for p in sources)
        store.records.save(make_record(sealed))
        store.quarantine.put(broken, ValueError(f"cannot parse {sources[1]}"))
        set_anchor(store)
        done = rotate(store, old, new)
        assert done.catalog_rows == 4 and done.sidecars == done.files == 0   # 2 dossiers, index key, anchor
        assert rotate(store, old, new).catalog_rows == 0                     # finished: nothing left
    with Store.open(tmp_path / "store", catalog_url, master_key=new) as store:
        assert store.records.load(sealed).persons[0].name == NAME
        assert store.records.source_path(broken) == sources[1]
        assert NAME in store.quarantine.error(broken)
        assert store.records.find_person(ID_NUMBER) == [(sealed, "P1")]
        assert verify(store).ok
    with Store.open(tmp_path / "store", catalog_url, master_key=old) as store:
        for read in (lambda: store.records.load(sealed), lambda: store.records.source_path(broken),
                     lambda: store.quarantine.error(broken), lambda: store.records.find_person(ID_NUMBER)):
            with pytest.raises(KeyMaterialError):
                read()


def test_a_break_glass_reason_is_resealed(tmp_path: Path, catalog_url: str | None) -> None:
    from archive.break_glass import BreakGlass

    old, new = MasterKey(secrets.token_bytes(32)), MasterKey(secrets.token_bytes(32))
    reason = f"复查{NAME}的原件"
    with Store.open(tmp_path / "store", catalog_url, master_key=old) as store:
        grant = BreakGlass(store).grant("reviewer:alice", "alice", "0" * 64, reason,
                                        now=dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc),
                                        duration=dt.timedelta(minutes=30))
        rotate(store, old, new)
    with Store.open(tmp_path / "store", catalog_url, master_key=new) as store:
        assert BreakGlass(store).reason(grant.grant_id) == reason
    with Store.open(tmp_path / "store", catalog_url, master_key=old) as store, pytest.raises(KeyMaterialError):
        BreakGlass(store).reason(grant.grant_id)
