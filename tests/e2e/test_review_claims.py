"""Who works which dossier in the review app (archive.claims), and answers saved in the
background: the processed store of test_review_app, real accounts and sessions, the app
under uvicorn in headless Chromium for the journeys, and `fengcun review assign`."""
from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from archive import Store
from archive.accounts import Accounts
from flows.cli import main
from review import decisions
from review.app import create_app
from tests.e2e.test_review_app import (  # noqa: F401  (fixtures)
    PASSWORD, Workbench, birth_item, csrf_of, sign_in, store, workbench,
)
from tests.support.serving import CHROMIUM, SAVED_WITHIN_MS, chromium, signed_in
from tests.support.serving import served as serve_app

needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (make test installs it)")
START = dt.datetime(2026, 12, 5, 9, 0, tzinfo=dt.timezone.utc)
ITEM_LINK = r'class="item-link" href="/items/([0-9a-f]{64})/(R\d+)\?'


@pytest.fixture
def clock() -> list[dt.datetime]:
    """The app's time, moved by the test (claims run out by it)."""
    return [START]


@pytest.fixture
def served(store: Store, clock: list[dt.datetime]) -> Iterator[str]:
    Accounts(store).add("bob", "reviewer", PASSWORD)
    with serve_app(create_app(store, clock=lambda: clock[0])) as url:
        yield url


def queue_order(page: Any, served: str) -> list[tuple[str, str]]:
    page.goto(served + "/")
    return re.findall(ITEM_LINK, page.content())


def holder_of(page: Any, dossier_id: str) -> str:
    row = page.locator(f'#queue tr:has(a[href^="/items/{dossier_id}/"])').first
    return row.locator("td.holder").inner_text().strip()


def item_of(store: Store, dossier_id: str) -> str:
    return next(i.item_id for i in store.records.load(dossier_id).review.items if i.status == "open")


def status_of(store: Store, dossier_id: str, item_id: str) -> str:
    return next(i.status for i in store.records.load(dossier_id).review.items if i.item_id == item_id)


def audit_of(store: Store, *actions: str) -> list[tuple[str, str, str | None, dict[str, Any]]]:
    return [(e.action, e.actor, e.dossier_id, e.detail) for e in store.audit.entries() if e.action in actions]


# -- claims -------------------------------------------------------------------------------------------

@pytest.mark.slow
@needs_chromium
def test_a_dossier_opened_by_one_reviewer_is_not_answered_by_another(
        served: str, store: Store, workbench: Workbench) -> None:
    """Opening an item claims its dossier: bob sees alice's handle in the queue, his next-item
    flow passes the dossier by, and its item page takes no answer from him; L keeps the claim
    when alice opens another dossier, and releasing it lets bob in."""
    from playwright.sync_api import expect

    dossier, item = workbench.approve_id, birth_item(store, workbench.approve_id)
    with chromium() as chrome:
        alice, bob = signed_in(chrome, served, "alice", PASSWORD), signed_in(chrome, served, "bob", PASSWORD)
        alice.goto(f"{served}/items/{dossier}/{item}")
        expect(alice.locator("#claimed")).to_contain_text("您正在处理该卷宗")
        bob.goto(served + "/")
        assert holder_of(bob, dossier) == "alice"
        # bob's J/K and next item pass it by
        others = [row for row in re.findall(ITEM_LINK, bob.content()) if row[0] != dossier]
        bob.goto(f"{served}/items/{others[0][0]}/{others[0][1]}")
        links = [bob.get_attribute(sel, "href") or "" for sel in ("#next", "#prev") if bob.locator(sel).count()]
        assert links and not any(dossier in link for link in links)
        assert dossier not in (bob.get_attribute(".actions", "data-next") or "")
        # on alice's dossier bob reads who holds it and gets no answer buttons
        bob.goto(f"{served}/items/{dossier}/{item}")
        expect(bob.locator("#held-by")).to_contain_text("alice")
        assert bob.locator("#approve").count() == 0 and bob.locator("#skip").count() == 0
        token = bob.locator('input[name="csrf"]').first.get_attribute("value")
        refused = bob.request.post(f"{served}/items/{dossier}/{item}/approve", form={"csrf": token or ""})
        assert refused.status == 409
        assert status_of(store, dossier, item) == "open"
        # L: claimed until released, even when alice opens another dossier
        alice.keyboard.press("l")
        expect(alice.locator("#claimed")).to_contain_text("您已认领该卷宗")
        alice.goto(f"{served}/items/{workbench.correct_id}/{birth_item(store, workbench.correct_id)}")
        bob.goto(served + "/")
        assert holder_of(bob, dossier) == "alice" and holder_of(bob, workbench.correct_id) == "alice"
        alice.goto(f"{served}/items/{dossier}/{item}")
        alice.click("#release")
        expect(alice.locator("#claim-button")).to_be_visible()      # the page opened it again: an opened claim
        alice.goto(f"{served}/items/{workbench.vague_id}/{item_of(store, workbench.vague_id)}")  # moves on
        bob.goto(f"{served}/items/{dossier}/{item}")
        expect(bob.locator("#claimed")).to_be_visible()
        bob.keyboard.press("a")
        expect(bob.locator("#saves .save.saved")).to_be_visible(timeout=SAVED_WITHIN_MS)
    assert status_of(store, dossier, item) == "approved"
    entries = audit_of(store, "review.claimed", "review.released")
    assert ("review.claimed", "reviewer:alice", dossier, {"how": "claimed", "expires_at": (
        START + dt.timedelta(minutes=30)).isoformat()}) in entries
    assert ("review.released", "reviewer:alice", dossier, {"why": "released"}) in entries
    assert ("review.released", "reviewer:alice", workbench.correct_id, {"why": "moved_on"}) in entries
    assert any(e[:3] == ("review.claimed", "reviewer:bob", dossier) for e in entries)


@pytest.mark.slow
@needs_chromium
def test_a_claim_runs_out_thirty_minutes_after_its_last_action(
        served: str, store: Store, workbench: Workbench, clock: list[dt.datetime]) -> None:
    from playwright.sync_api import expect

    dossier, item = workbench.correct_id, birth_item(store, workbench.correct_id)
    with chromium() as chrome:
        alice, bob = signed_in(chrome, served, "alice", PASSWORD), signed_in(chrome, served, "bob", PASSWORD)
        alice.goto(f"{served}/items/{dossier}/{item}")
        alice.keyboard.press("l")
        expect(alice.locator("#claimed")).to_contain_text("您已认领该卷宗")
        clock[0] += dt.timedelta(minutes=20)
        alice.reload()                                      # an action: the claim runs 30 minutes from now
        clock[0] += dt.timedelta(minutes=29)
        bob.goto(f"{served}/items/{dossier}/{item}")
        expect(bob.locator("#held-by")).to_contain_text("alice")
        clock[0] += dt.timedelta(minutes=1)                 # alice walked away
        bob.goto(served + "/")
        assert holder_of(bob, dossier) == ""
        bob.goto(f"{served}/items/{dossier}/{item}")
        expect(bob.locator("#claimed")).to_be_visible()
        expect(bob.locator("#approve")).to_be_visible()
        alice.reload()
        expect(alice.locator("#held-by")).to_contain_text("bob")
    [taken] = [e for e in audit_of(store, "review.claimed") if e[1] == "reviewer:bob"]
    assert taken[3]["after"] == "alice"


# -- skip -------------------------------------------------------------------------------------------

@pytest.mark.slow
@needs_chromium
def test_a_skipped_item_goes_to_the_end_of_that_reviewers_queue_and_is_let_go(
        served: str, store: Store, workbench: Workbench) -> None:
    from playwright.sync_api import expect

    with chromium() as chrome:
        alice = signed_in(chrome, served, "alice", PASSWORD)
        order = queue_order(alice, served)
        first = order[0]
        alice.goto(f"{served}/items/{first[0]}/{first[1]}")
        expect(alice.locator("#claimed")).to_be_visible()
        alice.keyboard.press("s")
        expect(alice.locator("#skipped")).to_be_visible()
        shown = re.search(r"/items/([0-9a-f]{64})/(R\d+)", alice.url)
        assert shown and (shown.group(1), shown.group(2)) == order[1]   # the next item, unanswered
        assert status_of(store, *first) == "open"
        after = queue_order(alice, served)
        assert after[-1] == first and after[:-1] == order[1:]
        # kept for the account, not the browser: a new sign-in finds the same order
        again = signed_in(chrome, served, "alice", PASSWORD)
        assert queue_order(again, served)[-1] == first
        # and for that account only
        bob = signed_in(chrome, served, "bob", PASSWORD)
        assert queue_order(bob, served)[0] == first
        if shown.group(1) != first[0]:                      # alice moved to another dossier: let go
            assert holder_of(bob, first[0]) == ""
    [skip] = audit_of(store, "review.skipped")
    assert skip[1:] == ("reviewer:alice", first[0], {"item": first[1], "released": True})


# -- assignment ---------------------------------------------------------------------------------------

@pytest.mark.slow
@needs_chromium
def test_a_dossier_assigned_on_the_command_line_and_in_the_app_comes_first_for_its_reviewer(
        served: str, store: Store, workbench: Workbench, capsys: pytest.CaptureFixture[str]) -> None:
    from playwright.sync_api import expect

    from review.queue import build_queue

    order = list(dict.fromkeys(r.dossier_id for r in build_queue(store.records.all())
                               if r.dossier_id != workbench.quarantined_id))
    assert len(order) == 3
    first, middle, last = order
    assert main(["review", "assign", last, "--to", "otto", "--store", str(store.root)]) != 0   # not a reviewer
    assert main(["review", "assign", last, "--to", "bob", "--store", str(store.root)]) == 0
    assert f"{last[:12]} assigned to bob" in capsys.readouterr().out
    with chromium() as chrome:
        alice, bob = signed_in(chrome, served, "alice", PASSWORD), signed_in(chrome, served, "bob", PASSWORD)
        assert queue_order(bob, served)[0][0] == last
        assert queue_order(alice, served)[0][0] == first
        assert holder_of(alice, last) == "bob"
        alice.goto(f"{served}/items/{last}/{item_of(store, last)}")
        expect(alice.locator("#held-by")).to_contain_text("bob")
        # alice hands bob another dossier from its item page
        alice.goto(f"{served}/items/{middle}/{item_of(store, middle)}")
        alice.select_option("#assign-to", "bob")
        alice.click("#assign")
        expect(alice.locator("#held-by")).to_contain_text("bob")
        dossiers = list(dict.fromkeys(d for d, _ in queue_order(bob, served)))
        assert dossiers[:3] == [middle, last, first] or dossiers[:3] == [last, middle, first]
        bob.goto(f"{served}/items/{middle}/{item_of(store, middle)}")
        expect(bob.locator("#claimed")).to_have_text("该卷宗已指派给您")
        # opening another dossier does not let an assignment go
        bob.goto(f"{served}/items/{first}/{item_of(store, first)}")
        alice.goto(served + "/")
        assert holder_of(alice, middle) == "bob" and holder_of(alice, last) == "bob"
    assigned = audit_of(store, "review.assigned")
    assert [(e[1], e[2], e[3]["to"]) for e in assigned] == [("operator", last, "bob"), ("reviewer:alice", middle, "bob")]
    assert assigned[1][3] == {"to": "bob", "after": "alice"}          # alice had it open


# -- answers saved in the background ------------------------------------------------------------------

@pytest.mark.slow
@needs_chromium
def test_the_next_item_is_shown_while_the_answer_is_saved_and_the_answer_can_be_taken_back(
        served: str, store: Store, workbench: Workbench) -> None:
    """The save is held where the app serialises answers to one dossier (its lock), as a
    re-decision in progress holds it: the next item is on the screen before the save ends."""
    from playwright.sync_api import expect

    from review.queue import build_queue

    # a dossier's last open item, followed by one that can be answered
    rows = [r for r in build_queue(store.records.all()) if r.status == "open"]
    dossier, item = next((r.dossier_id, r.item_id) for r, following in zip(rows, rows[1:])
                         if r.dossier_id in (workbench.approve_id, workbench.correct_id)
                         and following.dossier_id != workbench.quarantined_id)
    lock = decisions._lock(dossier)
    with chromium() as chrome:
        alice = signed_in(chrome, served, "alice", PASSWORD)
        alice.goto(f"{served}/items/{dossier}/{item}")
        following = alice.get_attribute(".actions", "data-next") or ""
        assert following.startswith("/items/") and f"/items/{dossier}/{item}?" not in following
        lock.acquire()
        try:
            alice.keyboard.press("a")
            expect(alice.locator("#saves .save.pending")).to_contain_text("正在后台保存")
            expect(alice).to_have_url(re.compile(re.escape(following.split("?")[0])))
            expect(alice.locator("#approve")).to_be_enabled()          # the next item takes an answer now
            # an answer being saved is still open in the record, but never offered again meanwhile
            assert f"/items/{dossier}/{item}?" not in (alice.get_attribute("#prev", "href") or "")
            assert status_of(store, dossier, item) == "open"          # not saved yet
        finally:
            lock.release()
        expect(alice.locator("#saves .save.saved")).to_contain_text(f"{dossier[:12]} · {item}", timeout=SAVED_WITHIN_MS)
        assert status_of(store, dossier, item) == "approved"
        assert store.records.state(dossier) in ("sealed", "not_eligible")   # decided again, outputs written
        alice.keyboard.press("u")
        expect(alice.locator("#undone")).to_be_visible()
        expect(alice).to_have_url(re.compile(f"/items/{dossier}/{item}"))
    assert status_of(store, dossier, item) == "open"


@pytest.mark.slow
@needs_chromium
def test_a_save_that_fails_is_shown_with_a_retry(served: str, store: Store, workbench: Workbench) -> None:
    from playwright.sync_api import expect

    dossier, item = workbench.correct_id, birth_item(store, workbench.correct_id)
    with chromium() as chrome:
        alice = signed_in(chrome, served, "alice", PASSWORD)
        alice.goto(f"{served}/items/{dossier}/{item}")
        # the connection drops as the answer is sent
        alice.route(f"**/items/{dossier}/{item}/reject", lambda route: route.abort("connectionreset"))
        alice.fill("#comment", "两份材料均不可信，需调取户籍证明")
        alice.keyboard.press("Control+Enter")
        failed = alice.locator("#saves .save.failed")
        expect(failed).to_contain_text("保存失败")
        expect(failed).to_have_attribute("role", "alert")
        assert status_of(store, dossier, item) == "open"
        alice.unroute(f"**/items/{dossier}/{item}/reject")
        failed.locator("button.retry").click()
        expect(alice.locator("#saves .save.saved")).to_contain_text(f"{dossier[:12]} · {item}", timeout=SAVED_WITHIN_MS)
        # the server's refusal is final: shown with its reason, no retry
        alice.goto(f"{served}/items/{dossier}/{item}")
        expect(alice.locator("#item-status")).to_have_text("已驳回")
    record = store.records.load(dossier)
    answered = next(i for i in record.review.items if i.item_id == item)
    assert (answered.status, answered.comment) == ("rejected", "两份材料均不可信，需调取户籍证明")


def test_an_answer_asked_for_as_json_and_one_held_by_another_reviewer(
        store: Store, workbench: Workbench) -> None:
    """What static/app.js reads: the answer's status and whether it can be taken back; a
    refusal carries its reason. Without JavaScript the form posts as before (test_review_app)."""
    Accounts(store).add("bob", "reviewer", PASSWORD)
    dossier, item = workbench.approve_id, birth_item(store, workbench.approve_id)
    url = f"/items/{dossier}/{item}"
    with TestClient(create_app(store)) as alice, TestClient(create_app(store)) as bob:
        token = csrf_of(sign_in(alice).get(url).text)               # alice opens it: claimed
        bob_token = csrf_of(sign_in(bob, "bob").get(url).text)
        refused = bob.post(url + "/approve", data={"csrf": bob_token}, headers={"Accept": "application/json"})
        assert refused.status_code == 409 and refused.json() == {"error": "该卷宗已由另一名审查人员认领",
                                                                  "retry": False}
        saved = alice.post(url + "/approve", data={"csrf": token}, headers={"Accept": "application/json"})
        assert saved.status_code == 200
        assert saved.json() == {"answered": f"{dossier}/{item}", "status": "approved", "label": "已批准",
                                "outputs_written": True, "undo": True}
        again = alice.post(url + "/approve", data={"csrf": token}, headers={"Accept": "application/json"})
        assert again.status_code == 409 and again.json()["error"] == "该事项已处理"
    log = json.dumps([e.detail for e in store.audit.entries()], ensure_ascii=False)
    names = [p.name for r in store.records.all() for p in r.persons if p.name]
    assert names and not any(n in log for n in names)
