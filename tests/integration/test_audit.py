"""`fengcun audit verify`: edited, deleted, swapped entries, cut-off ends, a log emptied or
rewritten with its anchor deleted, and the review app's own entries cut from the end are all
caught, naming the first missing or altered entry."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import delete, select, update

from archive import Store
from archive.audit import entry_hash
from archive.accounts import Accounts
from archive.audit_anchor import ANCHOR_ROW, CHECKPOINTS, set_anchor, verify
from archive.catalog import audit_log, catalog_meta
from archive.database import ENV_CATALOG_URL
from fastapi.testclient import TestClient

from flows.cli import main
from review.app import create_app


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


def test_an_intact_log_verifies_and_every_entry_is_checkpointed(store, cli_verify):
    lines = (store.root / CHECKPOINTS).read_bytes().splitlines()
    assert [json.loads(line)["seq"] for line in lines] == [1, 2, 3, 4, 5, 6]
    assert (store.root / CHECKPOINTS).stat().st_mode & 0o777 == 0o600
    code, out = cli_verify(store)
    assert code == 0 and "intact: 6 entries" in out and "vouches for 6" in out
    verdict = verify(store)
    assert verdict.ok and verdict.anchor.seq == verdict.checkpoint.seq == 7   # its own entry


def test_an_edited_entry_is_named(store, cli_verify):
    with store.engine.begin() as conn:
        conn.execute(update(audit_log).where(audit_log.c.seq == 3).values(detail='{"item":"R9"}'))
    code, out = cli_verify(store)
    assert code == 8 and "BROKEN at entry 3" in out and "altered" in out


def test_a_deleted_entry_is_named_by_its_own_number(store, cli_verify):
    for n in range(7, 61):
        store.audit.append("reviewer:li.rev", "review.approved", f"{n:064x}", item=f"R{n}")
    with store.engine.begin() as conn:
        conn.execute(delete(audit_log).where(audit_log.c.seq == 50))
    code, out = cli_verify(store)
    assert code == 8 and "BROKEN at entry 50:" in out and "entry 50 is missing" in out


def test_swapped_entries_are_named(store, cli_verify):
    before = rows(store)
    with store.engine.begin() as conn:
        for seq, other in ((2, 3), (3, 2)):
            fields = {k: v for k, v in before[other].items() if k != "seq"}
            conn.execute(update(audit_log).where(audit_log.c.seq == seq).values(**fields))
    code, out = cli_verify(store)
    assert code == 8 and "BROKEN at entry 2" in out


def test_entries_cut_from_the_end_are_caught(store, cli_verify):
    with store.engine.begin() as conn:
        conn.execute(delete(audit_log).where(audit_log.c.seq >= 5))
    code, out = cli_verify(store)
    assert code == 8 and "BROKEN at entry 5" in out and "removed" in out


def test_an_emptied_log_without_its_anchor_is_tampering(store, cli_verify):
    with store.engine.begin() as conn:
        conn.execute(delete(audit_log))
        conn.execute(delete(catalog_meta).where(catalog_meta.c.name == ANCHOR_ROW))
    code, out = cli_verify(store)
    assert code == 8 and "BROKEN at entry 1" in out and "the log holds 0" in out
    assert not verify(store).ok                          # the failed check re-anchored nothing


def _rewrite(store: Store, keep) -> None:
    """Rewrite the chain from scratch with fresh hashes, as anyone with the catalog can."""
    prev = "0" * 64
    with store.engine.begin() as conn:
        old = conn.execute(select(audit_log).order_by(audit_log.c.seq)).all()
        conn.execute(delete(audit_log))
        for seq, r in enumerate((r for r in old if keep(r)), 1):
            detail = json.loads(r.detail)
            digest = entry_hash(seq, r.ts, r.actor, r.action, r.dossier_id, detail, prev)
            conn.execute(audit_log.insert().values(seq=seq, ts=r.ts, actor=r.actor, action=r.action,
                                                   dossier_id=r.dossier_id, detail=r.detail,
                                                   prev_hash=prev, hash=digest))
            prev = digest
    assert store.audit.verify().ok                       # the bare chain cannot tell


def test_a_chain_rehashed_without_two_entries_and_its_anchor_is_caught(store, cli_verify):
    _rewrite(store, keep=lambda r: r.seq not in (3, 4))
    with store.engine.begin() as conn:
        conn.execute(delete(catalog_meta).where(catalog_meta.c.name == ANCHOR_ROW))
    code, out = cli_verify(store)
    assert code == 8 and "BROKEN at entry 3" in out and "rewritten" in out


def test_a_chain_rewritten_with_fresh_hashes_is_caught(store, cli_verify):
    _rewrite(store, keep=lambda r: True)                 # same entries: nothing to see yet
    assert verify(store).ok
    with store.engine.begin() as conn:                   # now edit entry 2 and recompute everything
        conn.execute(update(audit_log).where(audit_log.c.seq == 2).values(detail='{"item":"R99"}'))
    _rewrite(store, keep=lambda r: True)
    code, out = cli_verify(store)
    assert code == 8 and "BROKEN at entry 2" in out and "rewritten" in out


def test_a_deleted_anchor_is_reported_in_words(store, cli_verify):
    with store.engine.begin() as conn:
        conn.execute(delete(catalog_meta).where(catalog_meta.c.name == ANCHOR_ROW))
    code, out = cli_verify(store)
    assert code == 8 and "anchor was deleted" in out and "None" not in out


def test_a_forged_anchor_is_reported_in_words(store, cli_verify):
    with store.engine.begin() as conn:
        conn.execute(update(catalog_meta).where(catalog_meta.c.name == ANCHOR_ROW)
                     .values(value=b"\x01" + b"\x00" * 40))
    code, out = cli_verify(store)
    assert code == 8 and "anchor in the catalog does not open" in out and "None" not in out


def test_an_altered_or_removed_checkpoint_file_is_reported(store, cli_verify):
    path = store.root / CHECKPOINTS
    original = path.read_bytes()
    path.write_bytes(original.replace(b'"seq":3', b'"seq":2'))
    code, out = cli_verify(store)
    assert code == 8 and "line 3 of audit-checkpoints.jsonl was altered" in out
    path.unlink()
    code, out = cli_verify(store)
    assert code == 8 and "checkpoint file audit-checkpoints.jsonl is missing" in out


def test_appends_after_a_cut_do_not_move_the_witnesses_over_it(store, cli_verify):
    with store.engine.begin() as conn:
        conn.execute(delete(audit_log).where(audit_log.c.seq >= 4))
    for n in range(5):                                   # the log grows past the checkpointed seq again
        store.audit.append("operator:wang.op", "inquiry.received", None, inquiry=f"Q2026-000{n}")
    set_anchor(store)
    code, out = cli_verify(store)
    assert code == 8 and "BROKEN at entry 4" in out and "rewritten" in out


def test_the_review_apps_entries_cut_from_the_end_are_caught(store, cli_verify):
    Accounts(store).add("li.rev", "reviewer", "long enough passphrase")
    with TestClient(create_app(store), follow_redirects=True) as client:
        form = client.get("/login")
        token = form.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        client.post("/login", data={"account": "li.rev", "password": "long enough passphrase",
                                    "csrf": token, "next": "/"})
        assert client.get("/").url.path == "/"
    actions = [e.action for e in store.audit.entries()]
    assert actions[-3:] == ["review.signed_in", "review.queue_viewed", "review.queue_viewed"], actions
    assert verify(store).checkpoint.seq == len(actions)  # the app moved the checkpoint itself
    with store.engine.begin() as conn:
        conn.execute(delete(audit_log).where(audit_log.c.seq > len(actions) - 2))
    code, out = cli_verify(store)
    assert code == 8 and f"BROKEN at entry {len(actions) - 1}" in out


def test_a_checkpoint_write_cut_by_a_crash_does_not_stop_the_witness(store, cli_verify):
    path = store.root / CHECKPOINTS
    with open(path, "ab") as fh:                          # a crash in the middle of a line
        fh.write(b'{"hash":"00')
    store.audit.append("operator", "records.exported", None, records=1)
    assert verify(store).checkpoint.seq == 7
    code, out = cli_verify(store)
    assert code == 0 and "intact: 7 entries" in out


def test_an_auditor_lists_the_break_glass_grants_with_their_reasons(store, monkeypatch, capsys):
    import datetime as dt

    from archive.break_glass import BreakGlass

    if not store.catalog.url.startswith("sqlite"):
        monkeypatch.setenv(ENV_CATALOG_URL, store.catalog.url)
    grants = BreakGlass(store)
    day = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.timezone.utc)
    grants.grant("reviewer:li.rev", "li.rev", "a" * 64, "法院来函核对原件", now=day, duration=dt.timedelta(minutes=30))
    grants.grant("reviewer:li.rev", "li.rev", "b" * 64, "复核第二份原件", now=day + dt.timedelta(days=2),
                 duration=dt.timedelta(minutes=30))
    capsys.readouterr()
    assert main(["audit", "break-glass", "--store", str(store.root), "--since", "2026-12-02"]) == 0
    out = capsys.readouterr().out
    assert "break-glass grants: 1" in out and "dossier bbbbbbbbbbbb" in out and "reason: 复核第二份原件" in out
    assert "法院来函" not in out
    listed = [e for e in store.audit.entries() if e.action == "audit.break_glass_listed"]
    assert [e.detail for e in listed] == [{"grants": 1, "since": "2026-12-02"}]
    assert verify(store).ok
