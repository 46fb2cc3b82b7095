"""Sign-off of redacted copies before release, over a real store: two synthetic dossiers processed
by the pipeline (a joint case whose adult's file names a minor, and an adult's file that cites a
sealed juvenile record), each with its copy for ordinary use; real accounts and sessions, real
page rendering, the `fengcun` command in this process, and (marked slow) headless Chromium."""
from __future__ import annotations

import base64
import hashlib
import io
import re
import secrets
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from PIL import Image

from archive import Store
from archive.accounts import Accounts
from archive.signoffs import AWAITING, REJECTED, RELEASED, SUPERSEDED, Copy, Published, SignOffs
from core.keys import ENV_KEY
from flows.cli import main
from models.errors import ExitCode
from review.app import create_app
from review.copies import OUTLINE
from services.processing import process_dossier
from tests.support.serving import CHROMIUM, browser_page
from tests.support.serving import served as serve_app

PASSWORD = "long enough passphrase"
SEED = 4_222_022
REASON = "第3行仍能看出未成年同案人的姓名，应当删除"


@dataclass(frozen=True)
class Archive:
    template: Path
    key_b64: str
    joint_id: str             # a joint case: the adult's file names the minor, who is removed
    prior_id: str             # an adult's file citing a sealed juvenile record (Measures art. 6)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    from synth.archive import write_plan
    from synth.plan import plan_case

    base = tmp_path_factory.mktemp("signoff")
    key = base64.b64encode(secrets.token_bytes(32)).decode()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(ENV_KEY, key)
        ids = []
        with Store.open(base / "store") as store:
            for name, kind, variant in (("joint", "joint", None), ("prior", None, "juvenile_prior")):
                plan = plan_case(SEED, ["d0001"], 0.0, kind=kind, variant=variant, edges=[] if kind else None)[0]
                (pdf,) = write_plan(plan, base / name, text=True)
                result = process_dossier(pdf, store)
                assert store.records.load(result.dossier_id).outputs.redacted_copies, name
                ids.append(result.dossier_id)
            Accounts(store).add("alice", "reviewer", PASSWORD)
            Accounts(store).add("bob", "reviewer", PASSWORD)
            Accounts(store).add("otto", "operator", PASSWORD)
            Accounts(store).add("aude", "auditor", PASSWORD)
        yield Archive(base / "store", key, ids[0], ids[1])


@pytest.fixture
def store(archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """A fresh copy of the processed store, with its key in the environment."""
    monkeypatch.setenv(ENV_KEY, archive.key_b64)
    shutil.copytree(archive.template, tmp_path / "store")
    with Store.open(tmp_path / "store") as s:
        yield s


def copy_of(store: Store, dossier_id: str) -> Copy:
    (copy,) = [c for c in SignOffs(store).copies() if c.dossier_id == dossier_id]
    return copy


def sign_in(store: Store, account: str = "alice") -> TestClient:
    client = TestClient(create_app(store), follow_redirects=True)
    form = client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
    client.post("/login", data={"account": account, "password": PASSWORD, "csrf": token, "next": "/"})
    return client


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]


def fengcun(store: Store, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """`fengcun ARGV --store STORE` in this process (the store's key is in the environment)."""
    capsys.readouterr()
    code = main([*argv, "--store", str(store.root)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def sign_every_page(client: TestClient, copy: Copy) -> Any:
    page = client.get(f"/copies/{copy.copy_id}")
    for number in range(1, copy.pages + 1):
        page = client.post(f"/copies/{copy.copy_id}/pages/{number}/sign", data={"csrf": csrf_of(page.text)})
        assert page.status_code == 200
    return page


# -- the catalog's view of a processed store ------------------------------------------------------

def test_processing_registers_each_copy_awaiting_sign_off(store: Store, archive: Archive) -> None:
    """Each published copy is known by its dossier, path and the hash of its bytes, page count
    included, and awaits sign-off; the registration is audited with ids and counts only."""
    for dossier_id in (archive.joint_id, archive.prior_id):
        copy = copy_of(store, dossier_id)
        (path,) = store.records.load(dossier_id).outputs.redacted_copies
        assert copy.state == AWAITING and copy.path == path
        assert copy.sha256 == hashlib.sha256((store.root / path).read_bytes()).hexdigest()
        assert copy.pages == store.records.load(dossier_id).source.pages
    registered = [e for e in store.audit.entries() if e.action == "copy.awaiting_signoff"]
    assert sorted(e.dossier_id for e in registered) == sorted([archive.joint_id, archive.prior_id])


def test_copies_of_a_store_processed_before_sign_off_are_taken_up(
        store: Store, archive: Archive, capsys: pytest.CaptureFixture[str]) -> None:
    from archive.signoffs import signoff_copies

    with store.engine.begin() as conn:
        conn.execute(signoff_copies.delete())
    assert SignOffs(store).copies() == []
    code, printed = fengcun(store, capsys, "copies", "list")
    assert code == 0 and "2 awaiting, 0 released, 0 rejected" in printed
    assert {c.dossier_id for c in SignOffs(store).copies()} == {archive.joint_id, archive.prior_id}


# -- the release command ------------------------------------------------------------------------

def test_nothing_is_released_before_sign_off(store: Store, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, printed = fengcun(store, capsys, "copies", "release", "--out", str(tmp_path / "out"))
    assert code == 0, printed
    assert "0 released copy(ies) written; 2 awaiting sign-off" in printed
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
    code, printed = fengcun(store, capsys, "status")
    assert code == 0 and "2 redacted copy(ies) awaiting sign-off" in printed


def test_a_copy_signed_on_every_page_is_released_and_the_other_is_not(
        store: Store, archive: Archive, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Sign every page of one copy in the app: it is released, and `fengcun copies release`
    writes exactly its bytes; the copy still awaiting sign-off is not written."""
    joint = copy_of(store, archive.joint_id)
    client = sign_in(store)
    done = sign_every_page(client, joint)
    assert 'id="released"' in done.text and joint.short_id in done.text
    assert SignOffs(store).get(joint.copy_id).state == RELEASED

    code, printed = fengcun(store, capsys, "copies", "release", "--out", str(tmp_path / "out"))
    assert code == 0, printed
    [written] = list((tmp_path / "out").iterdir())
    assert written.name == f"{joint.short_id}.redacted.pdf"
    assert written.read_bytes() == (store.root / joint.path).read_bytes()
    assert "1 awaiting sign-off" in printed
    [entry] = [e for e in store.audit.entries() if e.action == "copies.released"]
    assert entry.detail["copies"] == [joint.copy_id] and entry.detail["awaiting"] == 1
    signed = [e for e in store.audit.entries() if e.action == "copy.page_signed"]
    assert [e.detail["page"] for e in signed] == list(range(1, joint.pages + 1))
    assert {e.actor for e in signed} == {"reviewer:alice"}
    code, printed = fengcun(store, capsys, "status")
    assert "1 redacted copy(ies) awaiting sign-off" in printed


def test_a_copy_changed_after_its_sign_off_is_not_released(
        store: Store, archive: Archive, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    joint = copy_of(store, archive.joint_id)
    sign_every_page(sign_in(store), joint)
    path = store.root / joint.path
    path.write_bytes(path.read_bytes() + b"\n% appended\n")
    code, printed = fengcun(store, capsys, "copies", "release", "--out", str(tmp_path / "out"))
    assert code == ExitCode.conflict and "changed after it was signed off" in printed
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_a_rejected_copy_is_held_back_with_its_reason_code_and_its_reason_sealed(
        store: Store, archive: Archive, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    joint = copy_of(store, archive.joint_id)
    client = sign_in(store)
    page = client.get(f"/copies/{joint.copy_id}/pages/2")
    short = client.post(f"/copies/{joint.copy_id}/pages/2/reject",
                        data={"csrf": csrf_of(page.text), "code": "identifier_visible", "reason": "太短"})
    assert short.status_code == 422 and 'id="error"' in short.text
    done = client.post(f"/copies/{joint.copy_id}/pages/2/reject",
                       data={"csrf": csrf_of(page.text), "code": "identifier_visible", "reason": REASON})
    assert done.status_code == 200 and 'id="rejected-notice"' in done.text
    assert "仍可识别未成年人信息" in done.text                      # the code, in the list
    assert REASON not in done.text

    book = SignOffs(store)
    assert book.get(joint.copy_id).state == REJECTED and book.reason(joint.copy_id, 2) == REASON
    [entry] = [e for e in store.audit.entries() if e.action == "copy.rejected"]
    assert entry.detail == {"copy": joint.copy_id, "page": 2, "code": "identifier_visible",
                            "reason_chars": len(REASON)}
    assert REASON.encode("utf-8") not in (store.root / "catalog.db").read_bytes()
    assert all(REASON not in str(e.detail) for e in store.audit.entries())

    again = client.post(f"/copies/{joint.copy_id}/pages/3/sign", data={"csrf": csrf_of(page.text)})
    assert again.status_code == 409 and book.verdicts(joint.copy_id).keys() == {2}

    code, printed = fengcun(store, capsys, "copies", "release", "--out", str(tmp_path / "out"))
    assert code == 0 and "1 rejected not written" in printed
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
    code, printed = fengcun(store, capsys, "status")
    assert "1 redacted copy(ies) rejected at sign-off" in printed and "identifier_visible" in printed
    assert REASON not in printed


def test_a_rewritten_copy_needs_a_new_sign_off(store: Store, archive: Archive) -> None:
    """Other bytes at the same path are another copy: the old one's sign-off counts no more."""
    joint = copy_of(store, archive.joint_id)
    sign_every_page(sign_in(store), joint)
    book = SignOffs(store)
    [new] = book.publish(joint.dossier_id, [Published(joint.path, "0" * 64, joint.pages)], actor="pipeline")
    assert new.copy_id != joint.copy_id and new.state == AWAITING and not book.verdicts(new.copy_id)
    assert book.get(joint.copy_id).state == SUPERSEDED
    # the very bytes signed before are the same copy again: their sign-off stands
    [back] = book.publish(joint.dossier_id, [Published(joint.path, joint.sha256, joint.pages)], actor="pipeline")
    assert back.copy_id == joint.copy_id and back.state == RELEASED
    assert len(book.verdicts(joint.copy_id)) == joint.pages and book.get(new.copy_id).state == SUPERSEDED
    assert book.publish(joint.dossier_id, [], actor="pipeline") == []
    assert book.get(joint.copy_id).state == SUPERSEDED


# -- the views ------------------------------------------------------------------------------------

def test_every_label_the_sign_off_builds_has_both_languages() -> None:
    """The keys put together in the templates (a code, a state, a verdict), which the
    template scan of tests/unit/test_review_decisions.py cannot see."""
    from archive.signoffs import CURRENT, REJECTED_PAGE, REJECTION_CODES, SIGNED
    from review.i18n import LABELS

    keys = {f"reject_code_{c}" for c in REJECTION_CODES} | {f"copy_state_{s}" for s in (*CURRENT, SUPERSEDED)}
    keys |= {f"page_{v}" for v in (SIGNED, REJECTED_PAGE, "open")} | {"signoff_reason_short", "signoff_code_unknown"}
    assert sorted(k for k in keys if k not in LABELS or not all(LABELS[k])) == []


def test_the_page_view_shows_the_copy_beside_the_original_with_the_removals_outlined(
        store: Store, archive: Archive) -> None:
    joint = copy_of(store, archive.joint_id)
    client = sign_in(store)
    listing = client.get("/copies")
    assert listing.status_code == 200 and "待签发的删除副本" in listing.text
    assert f'href="/copies/{joint.copy_id}"' in listing.text
    page = client.get(f"/copies/{joint.copy_id}")
    assert str(page.url).endswith(f"/copies/{joint.copy_id}/pages/1")
    assert 'id="copy-image"' in page.text and 'id="original-image"' in page.text and 'id="sign-page"' in page.text
    removals = {}
    for number in range(1, joint.pages + 1):
        image = client.get(f"/copies/{joint.copy_id}/pages/{number}/copy.png")
        original = client.get(f"/copies/{joint.copy_id}/pages/{number}/original.png")
        assert image.status_code == original.status_code == 200
        assert image.headers["cache-control"] == "no-store"
        pixels = np.asarray(Image.open(io.BytesIO(image.content)).convert("RGB"))
        removals[number] = bool((pixels == np.array(OUTLINE)).all(axis=2).any())
    assert any(removals.values()) and not all(removals.values())   # some pages had nothing removed
    viewed = [e for e in store.audit.entries() if e.action == "review.copy_image_viewed"]
    assert [bool(e.detail["removals"]) for e in viewed] == [removals[n] for n in range(1, joint.pages + 1)]
    originals = [e for e in store.audit.entries() if e.action == "review.page_viewed"]
    assert len(originals) == joint.pages and all(e.detail["copy"] == joint.copy_id for e in originals)
    # nothing rendered reached the disk
    assert not [p for p in (store.root / "tmp").rglob("*") if p.is_file()]
    # English behind the switch
    english = client.get(f"/copies/{joint.copy_id}/pages/1?lang=en")
    assert "Sign off this page" in english.text and "签发本页" not in english.text


def test_only_reviewers_see_and_sign_pages_and_every_form_needs_its_token(store: Store, archive: Archive) -> None:
    joint = copy_of(store, archive.joint_id)
    anonymous = TestClient(create_app(store), follow_redirects=False)
    assert anonymous.get("/copies").status_code == 303
    assert anonymous.get(f"/copies/{joint.copy_id}/pages/1/copy.png").status_code == 401
    assert anonymous.post(f"/copies/{joint.copy_id}/pages/1/sign").status_code == 401
    for account in ("otto", "aude"):
        client = sign_in(store, account)
        listing = client.get("/copies")
        assert listing.status_code == 200 and joint.short_id in listing.text
        assert f'href="/copies/{joint.copy_id}"' not in listing.text
        for url in (f"/copies/{joint.copy_id}/pages/1", f"/copies/{joint.copy_id}/pages/1/copy.png",
                    f"/copies/{joint.copy_id}/pages/1/original.png"):
            assert client.get(url).status_code == 403, (account, url)
        token = csrf_of(listing.text)
        assert client.post(f"/copies/{joint.copy_id}/pages/1/sign", data={"csrf": token}).status_code == 403
    alice = sign_in(store)
    assert alice.post(f"/copies/{joint.copy_id}/pages/1/sign", data={"csrf": "forged"}).status_code == 403
    assert not SignOffs(store).verdicts(joint.copy_id)


def test_originals_close_once_the_copy_no_longer_awaits(store: Store, archive: Archive) -> None:
    """A copy awaiting sign-off opens its dossier's originals to reviewers; once it is released
    (and the dossier has no open item) they follow the app's ordinary rule again."""
    joint = copy_of(store, archive.joint_id)
    client = sign_in(store)
    sign_every_page(client, joint)
    page = client.get(f"/copies/{joint.copy_id}/pages/1")
    assert 'id="originals-closed"' in page.text and 'id="sign-page"' not in page.text
    assert client.get(f"/copies/{joint.copy_id}/pages/1/original.png").status_code == 403
    assert client.get(f"/copies/{joint.copy_id}/pages/1/copy.png").status_code == 200


def test_two_reviewers_share_the_pages_of_one_copy(store: Store, archive: Archive) -> None:
    joint = copy_of(store, archive.joint_id)
    alice, bob = sign_in(store, "alice"), sign_in(store, "bob")
    token = csrf_of(alice.get("/copies").text)
    assert alice.post(f"/copies/{joint.copy_id}/pages/1/sign", data={"csrf": token}).status_code == 200
    bob_token = csrf_of(bob.get("/copies").text)
    assert bob.post(f"/copies/{joint.copy_id}/pages/1/sign", data={"csrf": bob_token}).status_code == 409
    for number in range(2, joint.pages + 1):
        assert bob.post(f"/copies/{joint.copy_id}/pages/{number}/sign", data={"csrf": bob_token}).status_code == 200
    verdicts = SignOffs(store).verdicts(joint.copy_id)
    assert verdicts[1].account == "alice" and {verdicts[n].account for n in range(2, joint.pages + 1)} == {"bob"}
    assert SignOffs(store).get(joint.copy_id).state == RELEASED


# -- in the browser ---------------------------------------------------------------------------------

IMAGES_LOADED = ("() => [...document.querySelectorAll('img.whole-page')].length == 2 && "
                 "[...document.querySelectorAll('img.whole-page')].every(i => i.complete && i.naturalWidth > 0)")


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (make test installs it)")
def test_a_reviewer_signs_every_page_by_keyboard_and_the_copy_is_released(
        store: Store, archive: Archive, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from playwright.sync_api import expect

    joint = copy_of(store, archive.joint_id)
    with serve_app(create_app(store)) as url, browser_page(url, PASSWORD) as page:
        page.click("#copies-link")
        expect(page.locator("h1")).to_have_text("待签发的删除副本")
        page.wait_for_load_state()
        order = page.eval_on_selector_all("#copies tbody tr[data-copy]", "rows => rows.map(r => r.dataset.copy)")
        for _ in range(order.index(joint.copy_id) + 1):             # J down to the copy, Enter opens it
            page.keyboard.press("j")
        expect(page.locator("#copies tbody tr.selected")).to_have_attribute("data-copy", joint.copy_id)
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(f"/copies/{joint.copy_id}/pages/1$"))
        page.wait_for_function(IMAGES_LOADED)
        page.screenshot(path=str(Path(__file__).resolve().parents[2] / "test-artifacts" / "signoff-page.png"),
                        full_page=True)
        page.keyboard.press("j")                                  # look ahead, come back
        expect(page.locator("#page-number")).to_have_text(f"第2页 / {joint.pages}")
        page.wait_for_function(IMAGES_LOADED)
        page.keyboard.press("k")
        expect(page.locator("#page-number")).to_have_text(f"第1页 / {joint.pages}")
        for number in range(1, joint.pages + 1):
            expect(page.locator("#page-number")).to_have_text(f"第{number}页 / {joint.pages}")
            page.wait_for_function(IMAGES_LOADED)                 # the reviewer sees both before signing
            page.keyboard.press("s")
            if number < joint.pages:
                expect(page.locator("#signed-count")).to_have_text(f"已签发 {number} / {joint.pages} 页")
        expect(page.locator("#released")).to_be_visible()
    assert SignOffs(store).get(joint.copy_id).state == RELEASED
    code, printed = fengcun(store, capsys, "copies", "release", "--out", str(tmp_path / "out"))
    assert code == 0 and [p.name for p in (tmp_path / "out").iterdir()] == [f"{joint.short_id}.redacted.pdf"]


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (make test installs it)")
def test_a_reviewer_rejects_a_page_by_keyboard_and_the_copy_is_not_released(
        store: Store, archive: Archive, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from playwright.sync_api import expect

    prior = copy_of(store, archive.prior_id)
    with serve_app(create_app(store)) as url, browser_page(url, PASSWORD) as page:
        page.goto(url + f"/copies/{prior.copy_id}")
        page.wait_for_function(IMAGES_LOADED)
        page.keyboard.press("s")                                   # page 1 is right
        expect(page.locator("#page-number")).to_have_text(f"第2页 / {prior.pages}")
        page.wait_for_function(IMAGES_LOADED)
        page.keyboard.press("r")                                   # page 2 is not
        expect(page.locator("#reject-reason")).to_be_focused()
        page.keyboard.type(REASON)
        page.select_option("#reject-code", "removed_too_much")
        page.locator("#reject-reason").press("Control+Enter")
        expect(page.locator("#rejected-notice")).to_be_visible()
        expect(page.locator("#rejected-copies .reject-code")).to_have_text("删除过多")
    book = SignOffs(store)
    assert book.get(prior.copy_id).state == REJECTED and book.reason(prior.copy_id, 2) == REASON
    assert {n: v.verdict for n, v in book.verdicts(prior.copy_id).items()} == {1: "signed", 2: "rejected"}
    code, printed = fengcun(store, capsys, "copies", "release", "--out", str(tmp_path / "out"))
    assert code == 0 and "0 released copy(ies) written" in printed
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
