"""Sign-in under parallel guessing, against the review app served by uvicorn as `fengcun review
serve` runs it: real argon2 hashes, a real catalog (SQLite and PostgreSQL), real HTTP requests
sent at once from many threads."""
from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from argon2 import PasswordHasher

from archive import Store
from archive.accounts import Accounts
from review.app import create_app
from review.throttle import SignInThrottle
from tests.support.serving import served

PASSWORD = "long enough passphrase"
# real argon2id, lighter than the default so 24 hashes at once fit a test machine
HASHER = PasswordHasher(time_cost=2, memory_cost=16 * 1024, parallelism=1)


@pytest.fixture
def store(tmp_path, master_key, catalog_url) -> Iterator[Store]:
    with Store.open(tmp_path / "store", catalog_url, master_key=master_key) as s:
        Accounts(s, hasher=HASHER).add("li.rev", "reviewer", PASSWORD)
        Accounts(s, hasher=HASHER).add("wu.rev", "reviewer", PASSWORD)
        yield s


def serve(store: Store, throttle: SignInThrottle) -> Iterator[str]:
    with served(create_app(store, Accounts(store, hasher=HASHER), throttle=throttle)) as url:
        yield url


@pytest.fixture
def unthrottled(store: Store) -> Iterator[str]:
    """The app with a per-address limit out of reach: the account's own lockout is on test."""
    yield from serve(store, SignInThrottle(limit=10_000))


@pytest.fixture
def throttled(store: Store) -> Iterator[str]:
    yield from serve(store, SignInThrottle(limit=5, window=300))


def prepared(base: str) -> tuple[httpx.Client, str]:
    """A browser that has loaded the sign-in form: its cookie and the form's token."""
    client = httpx.Client(base_url=base, timeout=60)
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)  # type: ignore[union-attr]
    return client, token


def attempt(client: httpx.Client, token: str, account: str, password: str) -> httpx.Response:
    return client.post("/login", data={"account": account, "password": password, "csrf": token,
                                       "next": "/"})


def signed_in(response: httpx.Response) -> bool:
    return response.status_code == 303 and response.headers["location"] == "/"


def at_once(base: str, guesses: list[tuple[str, str]]) -> list[httpx.Response]:
    """Send every (account, password) guess at the same moment, each from its own browser."""
    browsers = [prepared(base) for _ in guesses]
    start = threading.Barrier(len(guesses))

    def go(n: int) -> httpx.Response:
        client, token = browsers[n]
        start.wait()
        return attempt(client, token, *guesses[n])

    with ThreadPoolExecutor(len(guesses)) as pool:
        responses = list(pool.map(go, range(len(guesses))))
    for client, _ in browsers:
        client.close()
    return responses


def test_parallel_wrong_guesses_lock_the_account(store: Store, unthrottled: str) -> None:
    responses = at_once(unthrottled, [("li.rev", f"wrong guess {n:04d}") for n in range(24)])
    assert not any(signed_in(r) for r in responses)
    assert sum(1 for e in store.audit.entries() if e.action == "review.sign_in_failed") == 24
    locked = {row.name: row.locked_until for row in Accounts(store).listing()}
    assert locked["li.rev"] is not None and locked["wu.rev"] is None
    client, token = prepared(unthrottled)
    assert not signed_in(attempt(client, token, "li.rev", PASSWORD))     # the right one, too late
    assert signed_in(attempt(client, token, "wu.rev", PASSWORD))         # the other account is untouched


def test_one_address_gets_only_its_share_of_attempts(store: Store, throttled: str) -> None:
    names = ["li.rev", "wu.rev", "nobody"]
    responses = at_once(throttled, [(names[n % 3], f"wrong guess {n:04d}") for n in range(12)])
    assert sorted(r.status_code for r in responses) == [303] * 5 + [429] * 7
    assert all(int(r.headers["retry-after"]) > 0 for r in responses if r.status_code == 429)
    assert sum(1 for e in store.audit.entries() if e.action == "review.sign_in_failed") == 5
    client, token = prepared(throttled)
    assert attempt(client, token, "wu.rev", PASSWORD).status_code == 429   # not even the right one


def test_the_window_slides_and_a_sign_in_gives_its_slot_back() -> None:
    now = [0.0]
    throttle = SignInThrottle(limit=2, window=60, clock=lambda: now[0])
    assert throttle.reserve("10.0.0.1") == 0 and throttle.reserve("10.0.0.1") == 0
    assert throttle.reserve("10.0.0.1") == 60 and throttle.reserve("10.0.0.2") == 0
    now[0] = 30.0
    throttle.release("10.0.0.2")                                        # signed in: not counted
    assert throttle.reserve("10.0.0.2") == 0 and throttle.reserve("10.0.0.2") == 0
    now[0] = 60.0                                                       # the first two slots age out
    assert throttle.reserve("10.0.0.1") == 0
