"""archive.claims against the real catalog (SQLite; PostgreSQL too when it runs): one holder
per dossier however many reviewers reach for it at once, expiry, assignment and skips."""
from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator

import pytest

from archive import Store
from archive.claims import CLAIM_FOR, Claims
from core.keys import MasterKey

NOW = dt.datetime(2026, 12, 5, 9, 0, tzinfo=dt.timezone.utc)
DOSSIER, OTHER = "a" * 64, "b" * 64


@pytest.fixture
def store(tmp_path, master_key: MasterKey, catalog_url: str | None) -> Iterator[Store]:
    with Store.open(tmp_path / "store", catalog_url, master_key=master_key) as s:
        yield s


def test_reviewers_reaching_for_one_dossier_at_once_get_one_holder(store: Store) -> None:
    claims = Claims(store)
    names = [f"r{i}" for i in range(8)]
    start = threading.Barrier(len(names))
    held: dict[str, str] = {}

    def reach(name: str) -> None:
        start.wait()
        held[name] = claims.take(DOSSIER, name, f"reviewer:{name}", "opened", NOW).account

    threads = [threading.Thread(target=reach, args=(n,)) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(held.values())) == 1                       # every one of them sees the same holder
    taken = [e for e in store.audit.entries() if e.action == "review.claimed"]
    assert [e.actor for e in taken] == [f"reviewer:{next(iter(set(held.values())))}"]
    assert store.audit.verify().ok


def test_a_claim_runs_out_and_an_assignment_does_not(store: Store) -> None:
    claims = Claims(store)
    claims.take(DOSSIER, "alice", "reviewer:alice", "claimed", NOW)
    assert claims.take(DOSSIER, "bob", "reviewer:bob", "opened", NOW + CLAIM_FOR - dt.timedelta(seconds=1)).account == "alice"
    assert claims.take(DOSSIER, "bob", "reviewer:bob", "opened", NOW + CLAIM_FOR).account == "bob"
    claims.assign(OTHER, "alice", "operator", NOW)
    assert claims.of(OTHER, NOW + dt.timedelta(days=30)) is not None
    # opening another dossier lets only opened claims go
    claims.take(DOSSIER, "alice", "reviewer:alice", "opened", NOW + 3 * CLAIM_FOR)
    assert claims.of(OTHER, NOW + 3 * CLAIM_FOR).account == "alice"   # type: ignore[union-attr]
    claims.skip(OTHER, "R1", "alice", "reviewer:alice", NOW + 3 * CLAIM_FOR)
    assert claims.of(OTHER, NOW + 3 * CLAIM_FOR) is None
    assert list(claims.skipped("alice")) == [(OTHER, "R1")] and claims.skipped("bob") == {}
    assert claims.release(DOSSIER, "alice", "reviewer:alice") and not claims.release(DOSSIER, "alice", "reviewer:alice")
    actions = [(e.action, e.actor, e.dossier_id) for e in store.audit.entries() if e.action.startswith("review.")]
    assert actions == [("review.claimed", "reviewer:alice", DOSSIER), ("review.claimed", "reviewer:bob", DOSSIER),
                       ("review.assigned", "operator", OTHER), ("review.claimed", "reviewer:alice", DOSSIER),
                       ("review.skipped", "reviewer:alice", OTHER), ("review.released", "reviewer:alice", DOSSIER)]
    assert store.audit.verify().ok



def test_an_answer_keeps_its_claim_when_the_next_dossier_is_opened_meanwhile(store: Store) -> None:
    """The workbench sends an answer and opens the next item together; opening lets the
    reviewer's other opened claims go. When that lands just after the answer's claim is
    committed, the answer still holds the claim it took, and is not failed for a claim that
    is gone by the time it looks."""
    claims = Claims(store)
    claims.take(DOSSIER, "alice", "reviewer:alice", "opened", NOW)
    witness = store.audit.witness
    opened: list[str] = []

    def next_item_opened_meanwhile() -> None:
        if witness is not None:
            witness()
        if not opened:
            opened.append(OTHER)
            claims.take(OTHER, "alice", "reviewer:alice", "opened", NOW)

    store.audit.witness = next_item_opened_meanwhile
    held = claims.take(DOSSIER, "alice", "reviewer:alice", "opened", NOW, moved_on=False)
    assert opened == [OTHER]
    assert (held.dossier_id, held.account) == (DOSSIER, "alice")
    assert claims.of(DOSSIER, NOW) is None                    # let go by the opening, as it should be
    assert store.audit.verify().ok
