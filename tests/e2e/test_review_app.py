"""The review app over a real store: synthetic dossiers processed by the pipeline, real argon2
accounts, real sessions, real page rendering; HTTP through the app itself, and (marked slow)
the same app in headless Chromium."""
from __future__ import annotations

import base64
import json
import re
import secrets
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient
from PIL import Image

from archive import Store
from archive.accounts import Accounts
from core.keys import ENV_KEY
from review.app import PUBLIC_PATHS, create_app
from services.processing import process_dossier
from tests.support.serving import CHROMIUM, CHROMIUM_ARGS, SAVED_WITHIN_MS, browser_page
from tests.support.serving import served as serve_app

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
PASSWORD = "long enough passphrase"
SEED, DOSSIERS = 3, 18        # seed 3 holds two one-minor dossiers whose ID contradicts the birth date


@dataclass(frozen=True)
class Workbench:
    """A processed store (template: each test works on its own copy) and the dossiers in it."""

    template: Path
    approve_id: str           # its open birth-date item is answered "the file's date is right"
    correct_id: str           # its open birth-date item is corrected to the ID number's date
    correct_to: str
    vague_id: str             # its open offence-date item is a vague date across the 18th birthday
    quarantined_id: str       # a file the pipeline could not read


def _with_edge(truth_dir: Path, edge: str) -> list[str]:
    """Dossiers with one defendant who carries the edge case."""
    stems = []
    for path in sorted(truth_dir.glob("*.json")):
        truth = json.loads(path.read_text())
        defendants = [p for p in truth["persons"] if p.get("decision")]
        if edge in truth["edge_cases"] and len(defendants) == 1:
            stems.append(path.stem)
    return stems


@pytest.fixture(scope="module")
def workbench(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workbench]:
    from synth import generate

    base = tmp_path_factory.mktemp("review")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(ENV_KEY, base64.b64encode(secrets.token_bytes(32)).decode())
        generate(base / "archive", DOSSIERS, SEED, defects_rate=1.0)
        stems = _with_edge(base / "archive" / "truth", "id_contradicts_birth_date")[:2]
        stems += _with_edge(base / "archive" / "truth", "vague_date_straddles_18th_birthday")[:1]
        assert len(stems) == 3, "the synthetic archive no longer holds the edge cases these tests use"
        store = Store.open(base / "store")
        ids = []
        for stem in stems:
            result = process_dossier(base / "archive" / f"{stem}.pdf", store)
            assert result.state == "review"
            ids.append(result.dossier_id)
        record = store.records.load(ids[1])
        person = record.person(next(i.person_id for i in record.review.items if i.field == "birth_date"))
        from models import idnumber
        correct_to = idnumber.birth_date(person.id_number).isoformat()
        assert correct_to != person.birth_date.isoformat()
        broken = base / "archive" / "broken.pdf"
        broken.write_bytes(b"%PDF-1.7\n" + secrets.token_bytes(2048))          # truncated: no %%EOF
        quarantined = process_dossier(broken, store)
        assert quarantined.state == "failed"
        Accounts(store).add("alice", "reviewer", PASSWORD)
        Accounts(store).add("otto", "operator", PASSWORD)
        Accounts(store).add("aude", "auditor", PASSWORD)
        store.close()
        yield Workbench(base / "store", ids[0], ids[1], correct_to, ids[2], quarantined.dossier_id)


@pytest.fixture
def store(workbench: Workbench, tmp_path: Path) -> Iterator[Store]:
    """A fresh copy of the processed store (the module's master key stays set meanwhile)."""
    shutil.copytree(workbench.template, tmp_path / "store")
    with Store.open(tmp_path / "store") as s:
        yield s


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(store), follow_redirects=True) as c:
        yield c


def sign_in(client: TestClient, account: str = "alice", password: str = PASSWORD) -> TestClient:
    form = client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
    client.post("/login", data={"account": account, "password": password, "csrf": token, "next": "/"})
    return client


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]


def birth_item(store: Store, dossier_id: str) -> str:
    return next(i.item_id for i in store.records.load(dossier_id).review.items
                if i.field == "birth_date" and i.status == "open")


def outcome(store: Store, dossier_id: str) -> str:
    record = store.records.load(dossier_id)
    return next(p.decision.outcome for p in record.persons if p.decision)


# -- access ------------------------------------------------------------------------------------------

def concrete(path: str, store: Store, workbench: Workbench) -> str:
    values = {"dossier_id": workbench.approve_id, "item_id": birth_item(store, workbench.approve_id),
              "action": "approve", "index": "0", "number": "1", "copy_id": "0" * 32}
    return re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: values[m.group(1)], path)


def test_every_route_refuses_an_anonymous_request(store: Store, workbench: Workbench) -> None:
    app = create_app(store)
    routes = [(r.path, m) for r in app.routes for m in getattr(r, "methods", ()) if m != "HEAD"]
    assert len(routes) >= 10
    anonymous = TestClient(app, follow_redirects=False)
    item = birth_item(store, workbench.approve_id)
    checked = 0
    for path, method in routes:
        if path in PUBLIC_PATHS:
            continue
        url = concrete(path, store, workbench)
        data = {"csrf": "x", "value": "2005-01-01", "comment": "x"} if method == "POST" else None
        response = anonymous.request(method, url, data=data)
        assert response.status_code in (303, 401), (method, path, response.status_code)
        if response.status_code == 303:
            assert response.headers["location"].startswith("/login")
        assert not response.headers.get("content-type", "").startswith("image/")
        assert response.headers["cache-control"] == "no-store"
        checked += 1
    assert checked >= 8
    # a forged session cookie is no session
    anonymous.cookies.set("fengcun_session", secrets.token_urlsafe(32))
    assert anonymous.get(f"/items/{workbench.approve_id}/{item}").status_code == 303
    assert store.records.load(workbench.approve_id).review.required   # nothing was answered


def test_sign_in_needs_the_right_password_and_its_form_token(client: TestClient) -> None:
    sign_in(client, password="wrong password!!")
    assert client.get("/").url.path == "/login"
    form = client.get("/login")
    no_token = client.post("/login", data={"account": "alice", "password": PASSWORD, "csrf": "forged"})
    assert no_token.url.path == "/login" and "count-open" not in no_token.text
    assert "count-open" in sign_in(client).get("/").text
    assert form.headers["cache-control"] == "no-store"
    assert "script-src 'self'" in form.headers["content-security-policy"]


def test_a_session_expires(store: Store) -> None:
    import datetime as dt
    app = create_app(store, Accounts(store, idle=dt.timedelta(seconds=0)))
    with TestClient(app) as c:
        sign_in(c)
        assert c.get("/").url.path == "/login"


def test_sign_out_ends_the_session(client: TestClient) -> None:
    page = sign_in(client).get("/")
    cookie = client.cookies.get("fengcun_session")
    client.post("/logout", data={"csrf": csrf_of(page.text)})
    client.cookies.set("fengcun_session", cookie)          # a copied cookie is dead too
    assert client.get("/").url.path == "/login"


def test_roles(store: Store, workbench: Workbench) -> None:
    item = birth_item(store, workbench.approve_id)
    url = f"/items/{workbench.approve_id}/{item}"
    with TestClient(create_app(store)) as operator:
        sign_in(operator, "otto")
        assert operator.get("/").status_code == 200
        assert operator.get(url).status_code == 403
        assert operator.get(url + "/evidence/0.png").status_code == 403
    with TestClient(create_app(store)) as auditor:
        sign_in(auditor, "aude")
        page = auditor.get(url)
        assert page.status_code == 200 and 'id="approve"' not in page.text
        assert auditor.post(url + "/approve", data={"csrf": csrf_of(page.text)}).status_code == 403
    assert store.records.load(workbench.approve_id).review.required
    denied = [e for e in store.audit.entries() if e.action == "review.access_denied"]
    assert {e.actor for e in denied} == {"operator:otto", "auditor:aude"}


# -- the queue and the item page ------------------------------------------------------------------------

def test_queue_orders_filters_and_counts(client: TestClient, store: Store, workbench: Workbench) -> None:
    page = sign_in(client).get("/")
    records = {r.dossier_id: r for r in store.records.all()}
    open_items = sum(1 for r in records.values() for i in r.review.items if i.status == "open")
    assert re.search(r'id="count-open">(\d+)<', page.text).group(1) == str(open_items)  # type: ignore[union-attr]
    assert "复核队列" in page.text                                  # Chinese by default
    listed = re.findall(r'href="/items/([0-9a-f]{64})/(R\d+)\?', page.text)
    assert {d for d, _ in listed} == set(records)
    due = [d for d in re.findall(r"<td>(\d{4}-\d\d-\d\d|未定)", page.text)]
    dated = [d for d in due if d != "未定"]
    assert dated == sorted(dated) and due == dated + ["未定"] * (len(due) - len(dated))  # soonest first
    reason = records[workbench.approve_id].review.items[0].reason
    assert any(i.reason != reason for r in records.values() for i in r.review.items)
    by_reason = client.get("/", params={"reason": reason})
    assert {d for d, _ in re.findall(r'href="/items/([0-9a-f]{64})/(R\d+)\?', by_reason.text)} == {
        r.dossier_id for r in records.values()
        if any(i.reason == reason and i.status == "open" for i in r.review.items)}
    assert "/items/" not in client.get("/", params={"court": "某某区人民法院"}).text
    resolved = client.get("/", params={"status": "approved"})
    assert "/items/" not in resolved.text
    english = client.get("/", params={"lang": "en"})
    assert "Review queue" in english.text and "复核队列" not in english.text
    assert "Review queue" in client.get("/").text                   # the choice is remembered



def test_queue_shows_open_inquiries_and_unsealing_cases(
        client: TestClient, store: Store, workbench: Workbench, tmp_path: Path) -> None:
    import datetime as dt

    from sqlalchemy import insert

    from archive.after_catalog import unsealings
    from services import inquiries as inq
    from support.inquiry import attachment_files

    page = sign_in(client).get("/")
    assert re.search(r'id="count-inquiries">0<', page.text) and 'id="inquiries"' not in page.text
    letter = inq.Application("judicial", "某市公安局", "赵警官", "某某", "11010519491231002X",
                             "办案需要", "《刑事诉讼法》", "核查前科")
    late = inq.submit(store, letter, attachment_files(tmp_path), "clerk.zhao", received_on=dt.date(2020, 1, 2))
    sealed, new = sorted(store.records.all(), key=lambda r: r.dossier_id)[:2]
    with store.engine.begin() as conn:
        conn.execute(insert(unsealings).values(
            sealed_dossier_id=sealed.dossier_id, sealed_person_id="P1", new_dossier_id=new.dossier_id,
            new_person_id="P1", proposed="review", rules="U1", reasons="[]", punished_together=None,
            retrial=False, state="open", created_at="2026-01-01T00:00:00+00:00"))
    page = client.get("/")
    assert re.search(r'id="count-inquiries">1<', page.text) and re.search(r'id="count-unsealing">1<', page.text)
    inquiry_table = page.text.split('id="inquiries"')[1].split("</table>")[0]
    assert late.inquiry_id in inquiry_table and "司法机关" in inquiry_table
    assert re.search(r"逾期\d+天", inquiry_table)                    # its answer is overdue
    assert sealed.dossier_id[:12] in page.text and "需人工判断 U1" in page.text
    english = client.get("/", params={"lang": "en"}).text
    assert "Open inquiries" in english and "judicial authority" in english and "needs a reviewer" in english

def test_item_page_shows_the_evidence_outlined_and_the_whole_page(
        client: TestClient, store: Store, workbench: Workbench) -> None:
    item = birth_item(store, workbench.approve_id)
    page = sign_in(client).get(f"/items/{workbench.approve_id}/{item}")
    record = store.records.load(workbench.approve_id)
    person = record.person(next(i.person_id for i in record.review.items if i.item_id == item))
    assert person.birth_date.isoformat() in page.text               # the extracted value
    reason = next(i.reason for i in record.review.items if i.item_id == item)
    assert reason.split(": ", 1)[1].split("（")[0] in page.text and reason not in page.text   # said in Chinese
    crops = re.findall(r'src="(/items/[^"]+/evidence/\d+\.png)"', page.text)
    spans = [e for e in person.evidence if e.field in ("birth_date", "id_number")]
    bands = [(e.page, e.bbox[1] - 40, e.bbox[3] + 40) for e in spans]
    overlapping = sum(1 for i, a in enumerate(bands) for b in bands[i + 1:] if a[0] == b[0] and a[1] < b[2] and b[1] < a[2])
    assert overlapping and len(crops) < len(spans)                  # one line is cropped once, not twice
    image = client.get(crops[0])
    assert image.headers["content-type"] == "image/png" and image.headers["cache-control"] == "no-store"
    crop = Image.open(__import__("io").BytesIO(image.content)).convert("RGB")
    outline = int((np.asarray(crop) == (220, 20, 60)).all(axis=2).sum())
    assert outline > 100                                            # the span is outlined
    whole = re.search(r'href="(/dossiers/[0-9a-f]{64}/pages/\d+\?item=R\d+)"', page.text).group(1)  # type: ignore[union-attr]
    viewer = client.get(whole.replace("&amp;", "&"))
    full = client.get(re.search(r'src="(/dossiers/[^"]+\.png[^"]*)"', viewer.text).group(1).replace("&amp;", "&"))  # type: ignore[union-attr]
    assert full.headers["content-type"] == "image/png"
    assert Image.open(__import__("io").BytesIO(full.content)).height > crop.height
    assert not list(store.root.rglob("*.png"))                      # rendered in memory only
    actions = [(e.actor, e.action) for e in store.audit.entries(dossier_id=workbench.approve_id)]
    for action in ("review.item_viewed", "review.evidence_viewed", "review.page_viewed"):
        assert ("reviewer:alice", action) in actions


# -- originals: only for dossiers in the reviewer's queue, or by break-glass ----------------------------

def originals_of(client: TestClient, dossier_id: str, item: str) -> dict[str, int]:
    """The status of each kind of original: a crop, the page view, the page image."""
    return {"crop": client.get(f"/items/{dossier_id}/{item}/evidence/0.png").status_code,
            "view": client.get(f"/dossiers/{dossier_id}/pages/1?item={item}").status_code,
            "image": client.get(f"/dossiers/{dossier_id}/pages/1.png").status_code}


def approve(client: TestClient, dossier_id: str, item: str) -> None:
    page = client.get(f"/items/{dossier_id}/{item}")
    assert client.post(f"/items/{dossier_id}/{item}/approve", data={"csrf": csrf_of(page.text)}).status_code == 200


def test_a_reviewer_sees_originals_only_while_the_dossier_is_in_the_queue(
        client: TestClient, store: Store, workbench: Workbench) -> None:
    dossier_id = workbench.approve_id
    item = birth_item(store, dossier_id)
    sign_in(client)
    assert originals_of(client, dossier_id, item) == {"crop": 200, "view": 200, "image": 200}
    approve(client, dossier_id, item)
    assert not store.records.load(dossier_id).review.required             # nothing open any more
    assert originals_of(client, dossier_id, item) == {"crop": 403, "view": 403, "image": 403}
    refused = client.get(f"/dossiers/{dossier_id}/pages/1")
    assert 'id="break-glass-form"' in refused.text and csrf_of(refused.text)
    item_page = client.get(f"/items/{dossier_id}/{item}")
    assert 'id="originals-closed"' in item_page.text and "/evidence/" not in item_page.text
    assert 'id="break-glass-link"' in item_page.text and "/pages/" not in item_page.text
    denied = [e for e in store.audit.entries(dossier_id=dossier_id) if e.action == "review.access_denied"]
    assert len(denied) == 4 and all(e.actor == "reviewer:alice" and e.detail == {"originals": True} for e in denied)


def test_break_glass_needs_a_typed_reason_is_audited_and_runs_out(
        store: Store, workbench: Workbench, caplog: pytest.LogCaptureFixture) -> None:
    import datetime as dt

    from archive.break_glass import BreakGlass

    caplog.set_level("DEBUG")
    now = [dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone.utc)]
    dossier_id = workbench.approve_id
    item = birth_item(store, dossier_id)
    reason = "复核组长欧阳明要求核对已批准的出生日期"
    with TestClient(create_app(store, clock=lambda: now[0])) as client:
        sign_in(client)
        approve(client, dossier_id, item)
        form = client.get(f"/dossiers/{dossier_id}/break-glass", params={"next": f"/dossiers/{dossier_id}/pages/1"})
        token, url = csrf_of(form.text), f"/dossiers/{dossier_id}/break-glass"
        short = client.post(url, data={"csrf": token, "reason": "  看一下   原件  ", "next": "/"})
        assert short.status_code == 422 and 'id="error"' in short.text
        forged = client.post(url, data={"csrf": "forged", "reason": reason})
        assert forged.status_code == 403
        assert originals_of(client, dossier_id, item)["image"] == 403
        assert not [e for e in store.audit.entries() if e.action == "review.break_glass"]

        opened = client.post(url, data={"csrf": token, "reason": reason, "next": f"/dossiers/{dossier_id}/pages/1"})
        assert opened.status_code == 200 and opened.url.path == f"/dossiers/{dossier_id}/pages/1"
        assert originals_of(client, dossier_id, item) == {"crop": 200, "view": 200, "image": 200}
        [entry] = [e for e in store.audit.entries() if e.action == "review.break_glass"]
        assert (entry.actor, entry.dossier_id) == ("reviewer:alice", dossier_id)
        assert entry.detail["expires_at"] == (now[0] + dt.timedelta(minutes=30)).isoformat()
        assert BreakGlass(store).reason(entry.detail["grant"]) == reason    # sealed, not lost
        assert "欧阳明" not in json.dumps([e.to_dict() for e in store.audit.entries()], ensure_ascii=False)
        catalog = b"".join(p.read_bytes() for p in store.root.glob("catalog.db*"))
        assert "欧阳明".encode() not in catalog                             # only sealed at rest
        assert not [r for r in caplog.records if "欧阳明" in r.getMessage()]

        now[0] += dt.timedelta(minutes=29)
        assert originals_of(client, dossier_id, item)["image"] == 200
        now[0] += dt.timedelta(minutes=1)                                   # the grant has run out
        assert originals_of(client, dossier_id, item) == {"crop": 403, "view": 403, "image": 403}
        client.post("/logout", data={"csrf": csrf_of(client.get("/").text)})
        Accounts(store).add("bob", "reviewer", PASSWORD)
        now[0] -= dt.timedelta(minutes=10)
        sign_in(client, "bob")                                              # a grant is one reviewer's
        assert originals_of(client, dossier_id, item) == {"crop": 403, "view": 403, "image": 403}
    assert store.audit.verify().ok


def test_an_auditor_never_sees_originals(store: Store, workbench: Workbench) -> None:
    dossier_id = workbench.correct_id
    item = birth_item(store, dossier_id)                                 # open: a reviewer would see them
    with TestClient(create_app(store)) as auditor:
        sign_in(auditor, "aude")
        page = auditor.get(f"/items/{dossier_id}/{item}")
        assert page.status_code == 200 and "/evidence/" not in page.text and "break-glass" not in page.text
        assert originals_of(auditor, dossier_id, item) == {"crop": 403, "view": 403, "image": 403}
        url = f"/dossiers/{dossier_id}/break-glass"
        assert auditor.get(url).status_code == 403
        assert auditor.post(url, data={"csrf": csrf_of(page.text), "reason": "审计抽查该卷宗的原件"}).status_code == 403
        assert originals_of(auditor, dossier_id, item)["image"] == 403
    assert not [e for e in store.audit.entries() if e.action == "review.break_glass"]


# -- answers ----------------------------------------------------------------------------------------------

def test_approve_and_correct_change_the_outcome(client: TestClient, store: Store, workbench: Workbench) -> None:
    sign_in(client)
    for dossier_id, action, data in ((workbench.approve_id, "approve", {}),
                                     (workbench.correct_id, "correct", {"value": workbench.correct_to})):
        item = birth_item(store, dossier_id)
        before = outcome(store, dossier_id)
        page = client.get(f"/items/{dossier_id}/{item}")
        after = client.post(f"/items/{dossier_id}/{item}/{action}", data={"csrf": csrf_of(page.text), **data})
        assert after.status_code == 200 and 'id="saved"' in after.text
        record = store.records.load(dossier_id)
        answered = next(i for i in record.review.items if i.item_id == item)
        assert answered.status == {"approve": "approved", "correct": "corrected"}[action]
        assert answered.reviewer == "alice"
        assert before == "review" and outcome(store, dossier_id) != "review"
        assert not record.review.required
        assert store.records.state(dossier_id) in ("sealed", "not_eligible")
        if outcome(store, dossier_id) == "seal":
            assert record.outputs.sealed_pdf and (store.root / record.outputs.sealed_pdf).is_file()
        [entry] = [e for e in store.audit.entries(dossier_id=dossier_id)
                   if e.action == f"review.{answered.status}"]
        assert entry.actor == "reviewer:alice" and entry.detail["outputs_written"] is True
        assert workbench.correct_to not in json.dumps(entry.detail)
    corrected = store.records.load(workbench.correct_id)
    assert corrected.persons[0].birth_date.isoformat() == workbench.correct_to or any(
        p.birth_date and p.birth_date.isoformat() == workbench.correct_to for p in corrected.persons)
    assert store.audit.verify().ok


def test_a_correction_must_be_valid_and_a_rejection_needs_a_comment(
        client: TestClient, store: Store, workbench: Workbench) -> None:
    item = birth_item(store, workbench.correct_id)
    url = f"/items/{workbench.correct_id}/{item}"
    token = csrf_of(sign_in(client).get(url).text)
    for bad in ("2005-02-30", "05/11/2005", "", "2999-01-01"):
        answer = client.post(url + "/correct", data={"csrf": token, "value": bad})
        assert answer.status_code == 422 and 'id="error"' in answer.text
    assert client.post(url + "/reject", data={"csrf": token, "comment": "  "}).status_code == 422
    assert client.post(url + "/approve", data={"csrf": "forged"}).status_code == 403
    assert birth_item(store, workbench.correct_id) == item           # still open, nothing saved
    rejected = client.post(url + "/reject", data={"csrf": token, "comment": "两份材料均不可信，需调取户籍证明"})
    assert rejected.status_code == 200
    record = store.records.load(workbench.correct_id)
    answered = next(i for i in record.review.items if i.item_id == item)
    assert (answered.status, answered.comment) == ("rejected", "两份材料均不可信，需调取户籍证明")
    assert outcome(store, workbench.correct_id) == "review"         # a rejection decides nothing
    again = client.post(url + "/approve", data={"csrf": token})
    assert again.status_code == 409


def test_a_quarantined_dossier_is_shown_but_not_answered_here(
        client: TestClient, store: Store, workbench: Workbench) -> None:
    [item] = store.records.load(workbench.quarantined_id).review.items
    url = f"/items/{workbench.quarantined_id}/{item.item_id}"
    page = sign_in(client).get(url)
    assert page.status_code == 200 and 'id="quarantined"' in page.text and 'id="reject"' not in page.text
    token = csrf_of(page.text)
    answer = client.post(url + "/reject", data={"csrf": token, "comment": "rescan needed"})
    assert answer.status_code == 422
    assert store.records.state(workbench.quarantined_id) == "failed"
    assert store.records.load(workbench.quarantined_id).review.items[0].status == "open"


# -- the real app in headless Chromium ----------------------------------------------------------------

CROPS_LOADED = ("() => document.querySelectorAll('img.crop').length > 0 && "
                "[...document.querySelectorAll('img.crop')].every(i => i.complete && i.naturalWidth > 0)")


@pytest.fixture
def served(store: Store) -> Iterator[str]:
    """The app under uvicorn on a free local port, as `fengcun review serve` runs it."""
    with serve_app(create_app(store)) as url:
        yield url


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (make test installs it)")
def test_a_reviewer_in_the_browser_approves_and_corrects(served: str, store: Store, workbench: Workbench) -> None:
    from playwright.sync_api import expect, sync_playwright

    approve_item, correct_item = birth_item(store, workbench.approve_id), birth_item(store, workbench.correct_id)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
            page.goto(served + "/")
            expect(page).to_have_url(re.compile(r"/login"))
            page.fill("#account", "alice")
            page.fill("#password", PASSWORD)
            page.click("#sign-in")
            expect(page.locator("h1")).to_have_text("复核队列")
            open_before = int(page.text_content("#count-open") or "0")
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "review-queue.png"), full_page=True)

            # approve: the file's birth date is right; by keyboard
            page.click(f'a[href^="/items/{workbench.approve_id}/{approve_item}?"]')
            outcome_badge = page.locator("#outcomes .outcome").first
            expect(outcome_badge).to_have_text("待复核")
            page.wait_for_function(CROPS_LOADED)
            page.screenshot(path=str(ARTIFACTS / "review-item.png"), full_page=True)
            page.keyboard.press("a")
            expect(page.locator("#saves .save.saved")).to_be_visible(timeout=SAVED_WITHIN_MS)   # the next item is shown at once
            expect(page.locator("#undo")).to_be_visible()
            page.locator("#saves a.answered").last.click()
            expect(page.locator("#item-status")).to_have_text("已批准")
            expect(outcome_badge).not_to_have_text("待复核")
            # answered: the originals close, until a typed reason opens them again
            expect(page.locator("#originals-closed")).to_be_visible()
            assert page.locator("img.crop").count() == 0
            page.click("#break-glass-link")
            page.fill("#break-glass-reason", "复核组长要求核对已批准的出生日期原件")
            page.click("#break-glass")
            page.wait_for_function(CROPS_LOADED)
            page.screenshot(path=str(ARTIFACTS / "review-item-approved.png"), full_page=True)

            # correct: the ID number's birth date is the true one
            page.keyboard.press("q")
            expect(page.locator("h1")).to_have_text("复核队列")
            page.click(f'a[href^="/items/{workbench.correct_id}/{correct_item}?"]')
            page.keyboard.press("c")
            page.fill("#correct-value", workbench.correct_to)
            page.click("#correct")
            expect(page.locator("#saves .save.saved")).to_be_visible(timeout=SAVED_WITHIN_MS)
            page.locator("#saves a.answered").last.click()
            expect(page.locator("#item-status")).to_have_text("已更正")
            expect(page.locator("#outcomes .outcome").first).not_to_have_text("待复核")

            page.goto(served + "/")
            assert int(page.text_content("#count-open") or "0") == open_before - 2
        finally:
            browser.close()
    for dossier_id in (workbench.approve_id, workbench.correct_id):
        assert outcome(store, dossier_id) in ("seal", "not_eligible")
    assert [e.dossier_id for e in store.audit.entries() if e.action == "review.break_glass"] == [workbench.approve_id]
    assert (ARTIFACTS / "review-item.png").stat().st_size > 10_000


def test_a_correction_that_leaves_a_minor_unsealed_needs_a_second_reviewer(
        client: TestClient, store: Store, workbench: Workbench) -> None:
    """The two-person check: alice's correction makes the person an adult at the offence (not
    eligible); that decision waits for another reviewer — alice is not shown it and cannot
    approve it, bob can, and only then are the outputs written."""
    sign_in(client)
    dossier_id, item = workbench.correct_id, birth_item(store, workbench.correct_id)
    page = client.get(f"/items/{dossier_id}/{item}")
    client.post(f"/items/{dossier_id}/{item}/correct", data={"csrf": csrf_of(page.text), "value": "1980-01-01"})
    record = store.records.load(dossier_id)
    assert outcome(store, dossier_id) == "not_eligible" and record.review.required
    check = next(i for i in record.review.items if i.field == "second_approval")
    assert check.status == "open" and check.person_id == next(i.person_id for i in record.review.items
                                                                if i.item_id == item)
    assert f"/items/{dossier_id}/{check.item_id}" not in client.get("/").text     # not in alice's queue
    page = client.get(f"/items/{dossier_id}/{check.item_id}")
    refused = client.post(f"/items/{dossier_id}/{check.item_id}/approve", data={"csrf": csrf_of(page.text)})
    assert refused.status_code == 422 and store.records.load(dossier_id).review.required
    client.post("/logout", data={"csrf": csrf_of(client.get("/").text)})
    Accounts(store).add("bob", "reviewer", PASSWORD)
    sign_in(client, "bob")
    assert f"/items/{dossier_id}/{check.item_id}" in client.get("/").text
    page = client.get(f"/items/{dossier_id}/{check.item_id}")
    assert "不予封存（R8）" in page.text
    approved = client.post(f"/items/{dossier_id}/{check.item_id}/approve", data={"csrf": csrf_of(page.text)})
    assert approved.status_code == 200 and 'id="saved"' in approved.text
    record = store.records.load(dossier_id)
    assert not record.review.required and store.records.state(dossier_id) == "not_eligible"
    assert next(i for i in record.review.items if i.item_id == check.item_id).reviewer == "bob"


# -- what a value is judged against, and the outcome of each answer before it is given -------------------

def visible_text(html: str) -> str:
    """The page's text as a reader sees it: the main part, tags and hidden fields gone."""
    main = html.split("<main>", 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def previewed(html: str, element: str) -> list[tuple[str, str]]:
    """(person, outcome class) of a server-rendered preview list."""
    block = html.split(f'id="{element}"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'data-person="(P\d+)">.*?class="outcome outcome-(\w+)"', block)


def outcomes_of(store: Store, dossier_id: str) -> list[tuple[str, str]]:
    return [(p.person_id, p.decision.outcome) for p in store.records.load(dossier_id).persons if p.decision]


def test_an_offence_date_is_shown_with_the_birth_date_and_the_age_it_gives(
        client: TestClient, store: Store, workbench: Workbench) -> None:
    import datetime as dt

    record = store.records.load(workbench.vague_id)
    item = next(i for i in record.review.items if i.field == "offence_dates" and i.status == "open")
    person = record.person(item.person_id)
    page = sign_in(client).get(f"/items/{workbench.vague_id}/{item.item_id}")
    assert re.search(r'id="birth">([^<]+)<', page.text).group(1) == person.birth_date.isoformat()  # type: ignore[union-attr]
    born = person.birth_date
    adult = dt.date(born.year + 18, born.month, born.day) + dt.timedelta(days=1)
    assert re.search(r'id="adult-from">([^<]+)<', page.text).group(1) == adult.isoformat()  # type: ignore[union-attr]
    [offence] = person.offence_dates
    assert offence.start < adult <= offence.end                     # the edge case: across the birthday
    age = re.search(r'id="age-0">([^<]+)<', page.text).group(1)  # type: ignore[union-attr]
    assert f"{offence.start.isoformat()} – {offence.end.isoformat()}" in age
    assert "17至18周岁" in age and "跨越十八周岁生日" in age
    # a birth date beside the ID number's
    from models import idnumber
    dossier = store.records.load(workbench.correct_id)
    birth = next(i for i in dossier.review.items if i.field == "birth_date")
    page = client.get(f"/items/{workbench.correct_id}/{birth.item_id}")
    in_id = idnumber.birth_date(dossier.person(birth.person_id).id_number)
    assert re.search(r'id="id-birth">([^<]+)<', page.text).group(1) == in_id.isoformat()  # type: ignore[union-attr]


def test_the_previewed_outcome_is_the_outcome_after_answering(
        client: TestClient, store: Store, workbench: Workbench) -> None:
    """The preview runs the rules on a copy; the answer runs them on the record: same result,
    and a preview saves nothing."""
    sign_in(client)
    # approve, server-rendered on the page
    item = birth_item(store, workbench.approve_id)
    page = client.get(f"/items/{workbench.approve_id}/{item}")
    promised = previewed(page.text, "preview-approve")
    assert promised and previewed(page.text, "preview-reject") == [(p, "review") for p, _ in promised]
    client.post(f"/items/{workbench.approve_id}/{item}/approve", data={"csrf": csrf_of(page.text)})
    assert outcomes_of(store, workbench.approve_id) == promised
    # a correction typed in the form, previewed by POST before it is sent
    item = birth_item(store, workbench.correct_id)
    url = f"/items/{workbench.correct_id}/{item}"
    token = csrf_of(client.get(url).text)
    saved_before = len([e for e in store.audit.entries(dossier_id=workbench.correct_id) if e.action == "record.saved"])
    for value in (workbench.correct_to, "1980-01-01"):
        answer = client.post(url + "/preview", data={"csrf": token, "value": value})
        assert answer.status_code == 200
        assert birth_item(store, workbench.correct_id) == item      # nothing answered, nothing saved
    assert len([e for e in store.audit.entries(dossier_id=workbench.correct_id)
                if e.action == "record.saved"]) == saved_before
    promised = [(o["person"], o["outcome"]) for o in answer.json()["outcomes"]]
    assert promised == [("P1", "not_eligible")] and answer.json()["outcomes"][0]["second_check"]
    invalid = client.post(url + "/preview", data={"csrf": token, "value": "2005-02-30"})
    assert invalid.status_code == 422 and invalid.json()["error"]
    assert client.post(url + "/preview", data={"csrf": "forged", "value": "1980-01-01"}).status_code == 403
    client.post(url + "/correct", data={"csrf": token, "value": "1980-01-01"})
    assert outcomes_of(store, workbench.correct_id) == promised
    record = store.records.load(workbench.correct_id)
    assert any(i.field == "second_approval" and i.status == "open" for i in record.review.items)


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (make test installs it)")
def test_a_reviewer_in_the_browser_sees_the_outcome_before_answering(
        served: str, store: Store, workbench: Workbench) -> None:
    from playwright.sync_api import expect

    item = birth_item(store, workbench.correct_id)
    with browser_page(served, PASSWORD) as page:
        page.goto(f"{served}/items/{workbench.correct_id}/{item}")
        expect(page.locator("#id-birth")).to_have_text(workbench.correct_to)
        expect(page.locator("#preview-approve .outcome")).to_have_count(1)
        expect(page.locator("#preview-reject .outcome")).to_have_text("待复核")
        # typing a correction asks the server what it would give, before anything is sent
        page.keyboard.press("c")
        page.fill("#correct-value", "1980-01-01")
        expect(page.locator("#preview-correct .outcome")).to_have_text("不予封存")
        expect(page.locator("#preview-correct")).to_contain_text("须另一名审查人员复核")
        page.wait_for_function(CROPS_LOADED)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "review-item-preview.png"), full_page=True)
        assert store.records.load(workbench.correct_id).review.items[0].status == "open"
        page.fill("#correct-value", workbench.correct_to)
        expect(page.locator("#preview-correct .outcome")).not_to_have_text("不予封存")
        promised = page.text_content("#preview-correct .outcome")
        page.click("#correct")
        expect(page.locator("#saves .save.saved")).to_be_visible(timeout=SAVED_WITHIN_MS)
        page.locator("#saves a.answered").last.click()
        expect(page.locator("#outcomes .outcome").first).to_have_text(promised or "?")


def test_a_chinese_reviewer_reads_chinese_and_the_domains_words(
        client: TestClient, store: Store, workbench: Workbench) -> None:
    """No code prefixes, English glosses, confidence numbers or raw disposition codes in the
    Chinese view; the English view keeps them behind the switch."""
    from extractors.nlp.reasons import PROBATION_UNREADABLE

    record = store.records.load(workbench.correct_id)          # 有期徒刑 with a suspended sentence
    person = next(p for p in record.persons if p.disposition)
    assert person.disposition.suspended and person.disposition.probation_months
    item = record.review.add(person.person_id, "disposition", PROBATION_UNREADABLE.reason,
                             person.disposition.to_dict())
    store.records.save(record)
    url = f"/items/{workbench.correct_id}/{item.item_id}"
    page = sign_in(client).get(url)
    text = visible_text(page.text)
    assert not re.search(r"\b[a-z_]+:", text), re.search(r"\b[a-z_]+:.{0,40}", text)
    assert PROBATION_UNREADABLE.reason_zh in text and PROBATION_UNREADABLE.reason_en not in text
    # no English but key names and account handles (ASCII by design: the assign form lists them)
    assert set(re.findall(r"[A-Za-z]{4,}", text)) <= {"Ctrl", "Enter", "alice"}
    assert not re.search(r"\b[01]\.\d\d\b", text)                  # no confidence number
    options = re.findall(r'<option value="(\w+)"[^>]*>([^<]+)</option>', page.text.split('id="correct-form"')[1])
    assert ("fixed_term", "有期徒刑") in options and ("conditional_non_prosecution", "附条件不起诉") in options
    assert all(re.search(r"[\u4e00-\u9fff]", label) for _, label in options)
    assert re.search(r'id="term">([^<]+)<', page.text).group(1) == f"{person.disposition.months}个月"  # type: ignore[union-attr]
    assert re.search(r'id="probation">([^<]+)<', page.text).group(1) == \
        f"{person.disposition.probation_months}个月"  # type: ignore[union-attr]
    assert 'name="probation_months"' in page.text and 'name="test_period_months"' in page.text
    queue = visible_text(client.get("/").text)
    assert not re.search(r"\b[a-z_]+: ", queue) and "（ID number" not in queue
    english = client.get(url, params={"lang": "en"}).text
    assert PROBATION_UNREADABLE.reason_en in english and "fixed-term imprisonment" in english
    assert "Confidence" in english


# -- search -------------------------------------------------------------------------------------------------

def test_the_queue_is_searched_by_case_number_and_by_name_without_the_name_in_a_url_or_the_log(
        client: TestClient, store: Store, workbench: Workbench) -> None:
    def listed(html: str) -> set[str]:
        return {d for d, _ in re.findall(r'href="/items/([0-9a-f]{64})/(R\d+)\?', html)}

    page = sign_in(client).get("/")
    assert len(listed(page.text)) == 4 and 'method="post" action="/"' in page.text
    token = csrf_of(page.text)
    vague = store.records.load(workbench.vague_id)
    number = next(n for n in vague.case.case_numbers if "（" in n)
    assert number in page.text                                      # rows name their 案号
    typed = number.replace("（", "(").replace("）", ")")             # as a reviewer types it
    found = client.post("/", data={"csrf": token, "q": typed})
    assert found.status_code == 200 and listed(found.text) == {workbench.vague_id}
    assert found.url.path == "/" and not found.url.query
    name = next(p.name for p in store.records.load(workbench.correct_id).persons if p.decision)
    by_name = client.post("/", data={"csrf": token, "q": name})
    assert listed(by_name.text) == {workbench.correct_id}
    assert 'id="search-result"' in by_name.text
    assert listed(client.post("/", data={"csrf": token, "q": "查无此人"}).text) == set()
    # only the reviewer's visible items: a filter narrows the search too
    assert listed(client.post("/", data={"csrf": token, "q": name, "status": "approved"}).text) == set()
    assert client.post("/", data={"csrf": "forged", "q": name}).status_code == 403
    # an operator sees the queue but no party's data: names are not searched for them
    with TestClient(create_app(store)) as operator:
        sign_in(operator, "otto")
        operator_token = csrf_of(operator.get("/").text)
        assert workbench.vague_id[:12] in operator.post("/", data={"csrf": operator_token, "q": typed}).text
        assert workbench.correct_id[:12] not in operator.post("/", data={"csrf": operator_token, "q": name}).text
    searched = [e for e in store.audit.entries() if e.action == "review.queue_viewed" and e.detail.get("searched")]
    assert len(searched) >= 5
    log = json.dumps([e.detail for e in store.audit.entries()], ensure_ascii=False)
    assert name not in log and typed not in log and number not in log


# -- after an answer ----------------------------------------------------------------------------------------

def test_an_answer_shows_the_next_item_at_once_and_can_be_taken_back(
        client: TestClient, store: Store, workbench: Workbench) -> None:
    page = sign_in(client).get("/")
    order = re.findall(r'href="/items/([0-9a-f]{64})/(R\d+)\?', page.text)
    order = [row for row in order if row[0] != workbench.quarantined_id]
    assert len(order) >= 3
    second, third = order[1], order[2]                              # answering the second shows the third
    url = f"/items/{second[0]}/{second[1]}"
    answer = client.post(url + "/reject", data={"csrf": csrf_of(client.get(url).text), "comment": "须调取户籍证明"})
    assert answer.url.path == f"/items/{third[0]}/{third[1]}" and 'id="saved"' in answer.text
    assert f'href="{url}?' in answer.text                           # the answered item is one click away
    assert next(i for i in store.records.load(second[0]).review.items if i.item_id == second[1]).status == "rejected"
    undo = re.search(r'action="([^"]+/undo)"', answer.text).group(1)  # type: ignore[union-attr]
    assert undo == url + "/undo"
    # only the one who answered can take it back
    Accounts(store).add("bob", "reviewer", PASSWORD)
    with TestClient(create_app(store)) as bob:
        sign_in(bob, "bob")
        refused = bob.post(undo, data={"csrf": csrf_of(bob.get("/").text)})
        assert refused.status_code == 422
    undone = client.post(undo, data={"csrf": csrf_of(answer.text)})
    assert undone.url.path == url and 'id="undone"' in undone.text and 'id="reject"' in undone.text
    item = next(i for i in store.records.load(second[0]).review.items if i.item_id == second[1])
    assert (item.status, item.comment, item.reviewer) == ("open", None, None)
    assert client.post(undo, data={"csrf": csrf_of(undone.text)}).status_code == 409   # nothing left to undo
    assert [e.actor for e in store.audit.entries(dossier_id=second[0]) if e.action == "review.undone"] == \
        ["reviewer:alice"]


def test_undoing_a_correction_takes_back_its_outcome(client: TestClient, store: Store, workbench: Workbench) -> None:
    """The correction made the person not eligible and raised a two-person check; undone, the
    check is withdrawn and the decision waits for review again."""
    sign_in(client)
    dossier_id, item = workbench.correct_id, birth_item(store, workbench.correct_id)
    born = store.records.load(dossier_id).person("P1").birth_date
    url = f"/items/{dossier_id}/{item}"
    answer = client.post(url + "/correct", data={"csrf": csrf_of(client.get(url).text), "value": "1980-01-01"})
    assert outcome(store, dossier_id) == "not_eligible" and 'id="undo"' in answer.text
    client.post(url + "/undo", data={"csrf": csrf_of(answer.text)})
    record = store.records.load(dossier_id)
    assert outcome(store, dossier_id) == "review" and store.records.state(dossier_id) == "review"
    assert not any(i.field == "second_approval" for i in record.review.items)
    assert record.person("P1").birth_date == born                  # the value the correction replaced
    # a vague date is kept as its text: a correction of it cannot be put back, and is not offered
    vague = next(i for i in store.records.load(workbench.vague_id).review.items if i.field == "offence_dates")
    url = f"/items/{workbench.vague_id}/{vague.item_id}"
    answer = client.post(url + "/correct", data={"csrf": csrf_of(client.get(url).text), "start": "2015-10-01"})
    assert 'id="saved"' in answer.text and 'id="undo"' not in answer.text
    assert client.post(url + "/undo", data={"csrf": csrf_of(answer.text)}).status_code == 422


# -- batch approval -----------------------------------------------------------------------------------------

def test_items_of_one_reason_are_checked_on_one_screen_and_the_ticked_ones_approved(
        client: TestClient, store: Store, workbench: Workbench) -> None:
    reason = next(i.reason for i in store.records.load(workbench.approve_id).review.items if i.field == "birth_date")
    page = sign_in(client).get("/", params={"reason": reason})
    link = re.search(r'href="(/batch\?[^"]+)" id="batch-link"', page.text).group(1).replace("&amp;", "&")  # type: ignore[union-attr]
    batch = client.get(link)
    assert batch.status_code == 200
    picks = re.findall(r'name="item" value="([0-9a-f]{64})/(R\d+)" checked', batch.text)
    assert {d for d, _ in picks} == {workbench.approve_id, workbench.correct_id}
    assert workbench.correct_to in batch.text                       # the ID number's birth date beside each value
    rows = batch.text.split('name="item" value="')[1:]
    promised = {row[:64]: re.findall(r'class="outcome outcome-(\w+)"', row)[0] for row in rows}
    assert len(re.findall(r'src="/items/[^"]+/evidence/0\.png"', batch.text)) == 2
    # the reviewer unticks one and approves the other
    keep = f"{workbench.approve_id}/{next(i for d, i in picks if d == workbench.approve_id)}"
    done = client.post("/batch", data={"csrf": csrf_of(batch.text), "reason": reason, "item": [keep]})
    assert done.url.path == "/" and re.search(r'id="batch-done">已批准1项', done.text)
    assert outcome(store, workbench.approve_id) == promised[workbench.approve_id]
    assert outcome(store, workbench.correct_id) == "review"          # unticked: untouched
    assert birth_item(store, workbench.correct_id)
    approved = [e for e in store.audit.entries() if e.action == "review.approved"]
    assert [(e.dossier_id, e.actor) for e in approved] == [(workbench.approve_id, "reviewer:alice")]
    # what was answered meanwhile is refused, not answered twice
    again = client.post("/batch", data={"csrf": csrf_of(done.text), "reason": reason, "item": [keep]})
    assert re.search(r'id="batch-done">已批准0项 · 1项未批准', again.text)
    with TestClient(create_app(store)) as auditor:
        sign_in(auditor, "aude")
        assert auditor.get(link).status_code == 403


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (make test installs it)")
def test_a_reviewer_in_the_browser_approves_a_batch(served: str, store: Store, workbench: Workbench) -> None:
    from urllib.parse import urlencode as encode

    from playwright.sync_api import expect, sync_playwright

    reason = next(i.reason for i in store.records.load(workbench.approve_id).review.items if i.field == "birth_date")
    with browser_page(served, PASSWORD) as page:
        page.goto(served + "/?" + encode({"reason": reason}))
        page.click("#batch-link")
        expect(page.locator("#batch tbody tr")).to_have_count(2)
        page.wait_for_function(CROPS_LOADED)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "review-batch.png"), full_page=True)
        page.uncheck(f'input[value^="{workbench.correct_id}/"]')
        page.click("#batch-approve")
        expect(page.locator("#batch-done")).to_have_text("已批准1项")
    assert outcome(store, workbench.approve_id) != "review" and outcome(store, workbench.correct_id) == "review"
