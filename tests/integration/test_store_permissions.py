"""Everything a store holds is its owner's alone — files 0600, folders 0700 — whatever the umask:
the catalog and its -wal/-shm files, the audit checkpoints, published outputs (however the
writer made them), key files and sealed attachments."""
from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive import Store
from core.atomic import write_atomic
from core.keys import MasterKey


@pytest.fixture(params=[0o022, 0o000])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


def modes(root: Path) -> dict[str, int]:
    found = {".": stat.S_IMODE(root.stat().st_mode)}
    for path in root.rglob("*"):
        found[path.relative_to(root).as_posix()] = stat.S_IMODE(path.lstat().st_mode)
    return found


def test_a_store_is_private_whatever_the_umask(tmp_path: Path, master_key: MasterKey, umask: int) -> None:
    root = tmp_path / "store"
    root.mkdir(mode=0o755)                         # made by hand before `fengcun init`
    os.chmod(root, 0o755)
    with Store.open(root, master_key=master_key) as store:
        store.audit.append("operator", "records.exported", None, records=0)      # catalog, WAL, checkpoints
        dossier_id = "ab" * 32
        with store.files.staging(dossier_id) as staged:
            (staged / "copies").mkdir()                                          # as a library makes them
            (staged / "copies" / "notice.pdf").write_bytes(b"%PDF-1.7\n")
            write_atomic(staged / "sealed.pdf.key", b"{}")
            store.files.publish(staged, dossier_id)
        write_atomic(root / "inquiries" / "Q2026-0001" / "application.sealed", b"sealed")
        found = modes(root)
        assert {"catalog.db", "catalog.db-wal", "catalog.db-shm", "audit-checkpoints.jsonl",
                f"outputs/ab/{dossier_id}/copies/notice.pdf", f"outputs/ab/{dossier_id}/sealed.pdf.key",
                "inquiries/Q2026-0001/application.sealed"} <= set(found)
        wrong = {name: oct(mode) for name, mode in found.items()
                 if mode != (0o700 if (root / name).is_dir() else 0o600)}
        assert wrong == {}


def test_a_new_master_key_and_its_folders_are_private(tmp_path: Path, umask: int) -> None:
    MasterKey.create(tmp_path / "config" / "fengcun" / "master.key")
    assert {name: oct(mode) for name, mode in modes(tmp_path / "config").items()} == {
        ".": "0o700", "fengcun": "0o700", "fengcun/master.key": "0o600"}
