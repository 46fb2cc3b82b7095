"""`fengcun keys rotate`: after it, the old master key opens nothing the store holds and the
new one opens everything — sealed files and notices, the catalog's records and paths, the
inquiries' attachments, staff openings' reasons, the audit anchor — and the keyed index of
ID numbers still finds the person. A second run changes nothing (an interrupted one is
finished this way). Real pipeline, real encryption, the real command line."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from archive import Store
from archive.audit_anchor import set_anchor, verify
from core.keys import MasterKey
from models.errors import KeyMaterialError
from redaction.sealed import KEY_SUFFIX, open_sealed, unwrap_password
from services import inquiries as inq
from archive.inquiries import context as inquiry_context
from services.opening import open_sealed_copy, opening_reason, reason_context
from support.inquiry import OPERATOR, attachment_files, build_sealed_archive, run_cli


def sealed_files(store: Store) -> list[tuple[Path, str]]:
    """The store's sealed files (inquiry attachments, staff openings' reasons) with their contexts."""
    found = [(p, inquiry_context(p.parent.name, p.stem)) for p in store.root.glob("inquiries/*/*.sealed")]
    found += [(p, reason_context(p.stem)) for p in store.root.glob("openings/*.sealed")]
    assert len(found) == 4                      # three attachments and one reason
    return found


def everything_opens(store: Store, key: MasterKey) -> None:
    """Every sealed value of the store, opened with `key` (raises KeyMaterialError otherwise)."""
    for dossier_id in [r.dossier_id for r in store.records.rows()]:
        store.records.load(dossier_id)
        store.records.source_path(dossier_id)
    sidecars = sorted(store.root.glob(f"outputs/**/*{KEY_SUFFIX}"))
    assert sidecars
    for sidecar in sidecars:
        pdf = sidecar.with_suffix("")
        if pdf.name.endswith(".sealed.pdf"):
            open_sealed(pdf, key).close()
        else:
            unwrap_password(pdf, key)
    inquiries = inq.open_inquiries(store)
    assert inquiries
    for inquiry in inquiries:
        inq.application_of(store, inquiry.inquiry_id)
    for path, context in sealed_files(store):
        key.open(path.read_bytes(), context)
    [entry] = [e for e in store.audit.entries() if e.detail.get("purpose") == "staff"]
    opening_reason(store, entry)
    assert verify(store).ok


def test_rotation_reseals_everything_and_the_old_key_opens_nothing(tmp_path, monkeypatch, capsys) -> None:
    archive = build_sealed_archive(tmp_path)
    old = archive.key
    with archive.open() as store:
        inq.submit(store, inq.Application("judicial", "某区人民法院", "qian.judge", archive.person.name,
                                          archive.person.id_number, "审理需要", "刑诉法", "审判"),
                   attachment_files(tmp_path), "clerk.zhao", received_on=dt.date(2026, 1, 5))
        open_sealed_copy(store, archive.dossier_id, OPERATOR, "核对封存", tmp_path / "opened")
        set_anchor(store)
        everything_opens(store, old)
        found_before = store.records.find_person(archive.person.id_number)
    new_file = tmp_path / "new.key"
    new = MasterKey.create(new_file)

    code, out = run_cli(monkeypatch, capsys, archive, ["keys", "rotate", "--store", str(archive.root),
                                                       "--new-key-file", str(new_file)])
    assert code == 0 and f"re-sealed under {new.key_id}" in out, out
    assert archive.person.name not in out and archive.person.id_number not in out

    with Store.open(archive.root, master_key=new) as store:
        everything_opens(store, new)
        assert store.records.find_person(archive.person.id_number) == found_before
        [rotated] = [e for e in store.audit.entries() if e.action == "keys.rotated"]
        assert rotated.detail["old_key"] == old.key_id and rotated.detail["sidecars"] >= 1
    with Store.open(archive.root, master_key=old) as store:
        with pytest.raises(KeyMaterialError):
            store.records.load(archive.dossier_id)
        with pytest.raises(KeyMaterialError):
            store.records.source_path(archive.dossier_id)
        with pytest.raises(KeyMaterialError):
            store.records.find_person(archive.person.id_number)
        for sidecar in store.root.glob(f"outputs/**/*{KEY_SUFFIX}"):
            with pytest.raises(KeyMaterialError):
                unwrap_password(sidecar.with_suffix(""), old)
        for path, context in sealed_files(store):
            with pytest.raises(KeyMaterialError):
                old.open(path.read_bytes(), context)
        with pytest.raises(KeyMaterialError):
            inq.application_of(store, inq.open_inquiries(store)[0].inquiry_id)
        assert not verify(store).ok

    # a second run (the old key still in the environment) finds nothing left to do
    code, out = run_cli(monkeypatch, capsys, archive, ["keys", "rotate", "--store", str(archive.root),
                                                       "--new-key-file", str(new_file)])
    assert code == 0 and "0 file passwords, 0 sealed files, 0 catalog rows" in out, out
