"""The sign-off of redacted copies in the catalog, on both dialects (SQLite and PostgreSQL):
page verdicts, release with the last page (also when two reviewers sign the last two pages at
once), rejection with its reason sealed, one verdict per page, and the reason re-sealed by a
key rotation. (tests/e2e/test_signoff.py drives the same through the app and the command.)"""
from __future__ import annotations

import datetime as dt
import secrets
import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from archive import Store
from archive.signoffs import (
    AWAITING, REJECTED, RELEASED, SUPERSEDED, Published, SignOffs, signoff_copies, signoff_pages,
)
from core.keys import MasterKey
from models.errors import ConflictError, KeyMaterialError, NotFoundError, ValidationError
from services.key_rotation import rotate

DOSSIER = "ab" * 32
PATH = f"outputs/ab/{DOSSIER}/{DOSSIER[:12]}.redacted.pdf"
REASON = "第二页仍写有欧阳小明的学校名称"
NOW = dt.datetime(2026, 12, 5, 9, 0, tzinfo=dt.timezone.utc)


def published(pages: int, sha: str = "1" * 64) -> list[Published]:
    return [Published(PATH, sha, pages)]


def test_a_copy_is_released_with_its_last_signed_page(tmp_path: Path, catalog_url: str | None) -> None:
    with Store.open(tmp_path / "store", catalog_url, master_key=MasterKey(secrets.token_bytes(32))) as store:
        book = SignOffs(store)
        [copy] = book.publish(DOSSIER, published(3), actor="pipeline")
        assert copy.state == AWAITING and book.counts() == {AWAITING: 1, RELEASED: 0, REJECTED: 0}
        # publishing the same bytes again changes nothing
        assert book.publish(DOSSIER, published(3), actor="pipeline") == [copy]
        for page in (3, 1):
            assert book.sign(copy.copy_id, page, account="alice", actor="reviewer:alice", now=NOW).state == AWAITING
        with pytest.raises(ConflictError):
            book.sign(copy.copy_id, 1, account="bob", actor="reviewer:bob", now=NOW)
        with pytest.raises(NotFoundError):
            book.sign(copy.copy_id, 4, account="bob", actor="reviewer:bob", now=NOW)
        done = book.sign(copy.copy_id, 2, account="bob", actor="reviewer:bob", now=NOW)
        assert done.state == RELEASED and done.settled_at == NOW
        assert {n: (v.verdict, v.account) for n, v in book.verdicts(copy.copy_id).items()} == {
            1: ("signed", "alice"), 2: ("signed", "bob"), 3: ("signed", "alice")}
        with pytest.raises(ConflictError):
            book.reject(copy.copy_id, 2, code="other", reason=REASON, account="bob", actor="reviewer:bob", now=NOW)
        assert [e.action for e in store.audit.entries()][-2:] == ["copy.page_signed", "copy.released"]
        # the dossier's outputs written again with other bytes: a new copy, the old one superseded
        [new] = book.publish(DOSSIER, published(3, "2" * 64), actor="pipeline")
        assert new.copy_id != copy.copy_id and book.get(copy.copy_id).state == SUPERSEDED
        assert [c.copy_id for c in book.copies()] == [new.copy_id]


def test_a_rejection_holds_the_copy_back_and_its_reason_is_sealed(tmp_path: Path,
                                                                   catalog_url: str | None) -> None:
    with Store.open(tmp_path / "store", catalog_url, master_key=MasterKey(secrets.token_bytes(32))) as store:
        book = SignOffs(store)
        [copy] = book.publish(DOSSIER, published(2), actor="pipeline")
        with pytest.raises(ValidationError):
            book.reject(copy.copy_id, 2, code="other", reason="  短  ", account="alice", actor="reviewer:alice",
                        now=NOW)
        with pytest.raises(ValidationError):
            book.reject(copy.copy_id, 2, code="because", reason=REASON, account="alice", actor="reviewer:alice",
                        now=NOW)
        assert book.reject(copy.copy_id, 2, code="identifier_visible", reason=REASON, account="alice",
                           actor="reviewer:alice", now=NOW).state == REJECTED
        with pytest.raises(ConflictError):
            book.sign(copy.copy_id, 1, account="bob", actor="reviewer:bob", now=NOW)
        assert book.reason(copy.copy_id, 2) == REASON
        with store.engine.connect() as conn:
            blob = conn.execute(select(signoff_pages.c.reason_enc)).scalar_one()
            assert REASON.encode("utf-8") not in bytes(blob)
        [entry] = [e for e in store.audit.entries() if e.action == "copy.rejected"]
        assert entry.detail == {"copy": copy.copy_id, "page": 2, "code": "identifier_visible",
                                "reason_chars": len(REASON)}
        assert book.counts()[REJECTED] == 1


def test_two_reviewers_signing_the_last_two_pages_at_once_release_it_once(
        tmp_path: Path, catalog_url: str | None) -> None:
    with Store.open(tmp_path / "store", catalog_url, master_key=MasterKey(secrets.token_bytes(32))) as store:
        book = SignOffs(store)
        for round_ in range(5):
            [copy] = book.publish(DOSSIER, published(3, f"{round_}" * 64), actor="pipeline")
            book.sign(copy.copy_id, 1, account="alice", actor="reviewer:alice", now=NOW)
            start = threading.Barrier(2)
            failures: list[BaseException] = []

            def sign(page: int, account: str, copy_id: str = copy.copy_id) -> None:
                start.wait()
                try:
                    book.sign(copy_id, page, account=account, actor=f"reviewer:{account}", now=NOW)
                except BaseException as exc:     # noqa: BLE001 - reported below
                    failures.append(exc)

            threads = [threading.Thread(target=sign, args=(2, "alice")), threading.Thread(target=sign, args=(3, "bob"))]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert not failures
            assert book.get(copy.copy_id).state == RELEASED
        released = [e for e in store.audit.entries() if e.action == "copy.released"]
        assert len(released) == 5 and len({e.detail["copy"] for e in released}) == 5
        with store.engine.connect() as conn:
            states = conn.execute(select(signoff_copies.c.state)).scalars().all()
        assert sorted(states) == [RELEASED] + [SUPERSEDED] * 4          # each round's copy replaced the last


def test_a_rejection_reason_is_resealed_by_a_key_rotation(tmp_path: Path, catalog_url: str | None) -> None:
    old, new = MasterKey(secrets.token_bytes(32)), MasterKey(secrets.token_bytes(32))
    with Store.open(tmp_path / "store", catalog_url, master_key=old) as store:
        [copy] = SignOffs(store).publish(DOSSIER, published(1), actor="pipeline")
        SignOffs(store).reject(copy.copy_id, 1, code="removed_too_much", reason=REASON, account="alice",
                               actor="reviewer:alice", now=NOW)
        rotate(store, old, new)
    with Store.open(tmp_path / "store", catalog_url, master_key=new) as store:
        assert SignOffs(store).reason(copy.copy_id, 1) == REASON
    with Store.open(tmp_path / "store", catalog_url, master_key=old) as store, pytest.raises(KeyMaterialError):
        SignOffs(store).reason(copy.copy_id, 1)
