"""`fengcun audit verify`: edited, deleted, swapped entries and cut-off ends are caught."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import delete, select, update

from archive import Store
from archive.audit import entry_hash
from archive.audit_anchor import ANCHOR_ROW, set_anchor, verify
from archive.catalog import audit_log, catalog_meta
from archive.database import ENV_CATALOG_URL
from flows.cli import main


@pytest.fixture
def store(tmp_path, master_key, catalog_url) -> Store:
    s = Store.open(tmp_path / "store", catalog_url, master_key=master_key)
    for n in range(1, 7):
        s.audit.append("reviewer:li.rev", "review.approved", f"{n:064x}", item=f"R{n}")
    return s


@pytest.fixture
def cli_verify(monkeypatch, capsys):
    """`fengcun audit verify` on the store's catalog (PostgreSQL through the environment)."""
    def run(store: Store) -> tuple[int, str]:
        if store.catalog.url.startswith("sqlite"):
            monkeypatch.delenv(ENV_CATALOG_URL, raising=False)
        else:
            monkeypatch.setenv(ENV_CATALOG_URL, store.catalog.url)
        capsys.readouterr()
        code = main(["audit", "verify", "--store", str(store.root)])
        return code, capsys.readouterr().out
    return run


def rows(store: Store) -> dict[int, dict]:
    with store.engine.connect() as conn:
        return {r.seq: dict(r._mapping) for r in conn.execute(select(audit_log))}


def test_an_intact_log_verifies_and_is_anchored(store, cli_verify):
    code, out = cli_verify(store)
    assert code == 0 and "intact: 6 entries" in out
    verdict = verify(store)
    assert verdict.ok and verdict.anchor is not None and verdict.anchor.seq == 7   # its own entry


def test_an_edited_entry_is_named(store, cli_verify):
    with store.engine.begin() as conn:
        conn.execute(update(audit_log).where(audit_log.c.seq == 3).values(detail='{"item":"R9"}'))
    code, out = cli_verify(store)
    assert code == 8 and "BROKEN at entry 3" in out and "altered" in out


def test_a_deleted_entry_is_named(store, cli_verify):
    with store.engine.begin() as conn:
        conn.execute(delete(audit_log).where(audit_log.c.seq == 4))
    code, out = cli_verify(store)
    assert code == 8 and "BROKEN at entry 5" in out and "expected seq 4" in out


def test_swapped_entries_are_named(store, cli_verify):
    before = rows(store)
    with store.engine.begin() as conn:
        for seq, other in ((2, 3), (3, 2)):
            fields = {k: v for k, v in before[other].items() if k != "seq"}
            conn.execute(update(audit_log).where(audit_log.c.seq == seq).values(**fields))
    code, out = cli_verify(store)
    assert code == 8 and "BROKEN at entry 2" in out


def test_entries_cut_from_the_end_are_caught_after_an_anchor(store, cli_verify):
    with store.engine.begin() as conn:                      # before any anchor: the documented limit
        conn.execute(delete(audit_log).where(audit_log.c.seq == 6))
    assert verify(store).ok
    store.audit.append("operator", "records.exported", None, records=1)
    set_anchor(store)
    with store.engine.begin() as conn:
        conn.execute(delete(audit_log).where(audit_log.c.seq >= 5))
    code, out = cli_verify(store)
    assert code == 8 and "BROKEN at entry 5" in out and "removed from the end" in out


def test_a_chain_rewritten_with_fresh_hashes_is_caught_by_the_anchor(store, cli_verify):
    set_anchor(store)
    prev = "0" * 64
    with store.engine.begin() as conn:                      # edit entry 2 and recompute everything
        for r in conn.execute(select(audit_log).order_by(audit_log.c.seq)).all():
            detail = json.loads(r.detail) if r.seq != 2 else {"item": "R99"}
            digest = entry_hash(r.seq, r.ts, r.actor, r.action, r.dossier_id, detail, prev)
            conn.execute(update(audit_log).where(audit_log.c.seq == r.seq).values(
                detail=json.dumps(detail, sort_keys=True, separators=(",", ":")), prev_hash=prev, hash=digest))
            prev = digest
    assert store.audit.verify().ok                          # the bare chain cannot tell
    code, out = cli_verify(store)
    assert code == 8 and "BROKEN at entry 6" in out and "rewritten" in out


def test_a_forged_anchor_is_reported(store, cli_verify):
    set_anchor(store)
    with store.engine.begin() as conn:
        conn.execute(update(catalog_meta).where(catalog_meta.c.name == ANCHOR_ROW)
                     .values(value=b"\x01" + b"\x00" * 40))
    code, out = cli_verify(store)
    assert code == 8 and "anchor" in out


def test_appends_after_a_cut_do_not_move_the_anchor_over_it(store, cli_verify):
    from archive.audit_anchor import append_anchored
    set_anchor(store)                                       # anchored at 6
    with store.engine.begin() as conn:
        conn.execute(delete(audit_log).where(audit_log.c.seq >= 4))
    for n in range(5):                                      # the log grows past the anchored seq again
        append_anchored(store, "operator:wang.op", "inquiry.received", None, inquiry=f"Q2026-000{n}")
    code, out = cli_verify(store)
    assert code == 8 and "BROKEN at entry 6" in out and "rewritten" in out
