"""Accounts of the review app: `fengcun users add`, argon2id hashes, lockout, session expiry,
against the real catalog (SQLite; PostgreSQL too when it runs)."""
from __future__ import annotations

import datetime as dt
import io

import pytest
from sqlalchemy import select

from archive import Store
from archive.accounts import AccountError, Accounts, accounts, review_sessions
from core.keys import MasterKey
from flows.cli import main
from models.errors import ExitCode

PASSWORD = "correct horse battery"


@pytest.fixture
def store(tmp_path, master_key: MasterKey, catalog_url: str | None) -> Store:
    with Store.open(tmp_path / "store", catalog_url, master_key=master_key) as s:
        yield s


def test_users_add_reads_the_password_from_stdin_and_stores_only_a_hash(
        tmp_path, master_key: MasterKey, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    store = Store.open(tmp_path / "store")
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    code = main(["users", "add", "wang.li", "--role", "reviewer", "--store", str(store.root), "--password-stdin"])
    assert code == 0 and "wang.li" in capsys.readouterr().out
    with store.engine.connect() as conn:
        row = conn.execute(select(accounts).where(accounts.c.name == "wang.li")).one()
    assert row.role == "reviewer" and row.password_hash.startswith("$argon2id$")
    assert PASSWORD not in row.password_hash
    assert Accounts(store).authenticate("wang.li", PASSWORD).actor == "reviewer:wang.li"  # type: ignore[union-attr]
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["users", "add", "wang.li", "--role", "auditor", "--store", str(store.root),
                 "--password-stdin"]) == ExitCode.conflict       # exists already
    assert "exists" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["users", "add", "zhao.yi", "--role", "auditor", "--store", str(store.root),
                 "--password-stdin"]) == ExitCode.validation_failed
    assert f"  fix: {AccountError.fix}" in capsys.readouterr().err
    [entry] = [e for e in store.audit.entries() if e.action == "account.added"]
    assert entry.detail == {"account": "wang.li", "role": "reviewer"}


@pytest.mark.parametrize("name, role, password", [
    ("王力", "reviewer", PASSWORD),            # the audit log names accounts; no names in Chinese
    ("Wang", "reviewer", PASSWORD),
    ("wang", "admin", PASSWORD),
    ("wang", "reviewer", "short"),
])
def test_bad_accounts_are_refused(store: Store, name: str, role: str, password: str) -> None:
    with pytest.raises(AccountError):
        Accounts(store).add(name, role, password)


def test_wrong_passwords_lock_the_account(store: Store) -> None:
    from argon2 import PasswordHasher
    # the lockout does not depend on the hash's cost; a light argon2id keeps seven sign-ins quick
    accts = Accounts(store, hasher=PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1))
    accts.add("li.na", "reviewer", PASSWORD)
    assert accts.authenticate("nobody", PASSWORD) is None
    for _ in range(5):
        assert accts.authenticate("li.na", "not the password") is None
    assert accts.authenticate("li.na", PASSWORD) is None        # locked, even with the right one
    with store.engine.begin() as conn:                          # a quarter of an hour later
        conn.execute(accounts.update().values(locked_until="2000-01-01T00:00:00+00:00"))
    assert accts.authenticate("li.na", PASSWORD) is not None


def test_sessions_expire_and_keep_only_a_hash_of_the_token(store: Store) -> None:
    accts = Accounts(store, idle=dt.timedelta(minutes=30))
    account = accts.add("li.na", "auditor", PASSWORD)
    token, session = accts.open_session(account)
    assert accts.session(token).account == account              # type: ignore[union-attr]
    with store.engine.connect() as conn:
        stored = conn.execute(select(review_sessions.c.token_hash)).scalars().all()
    assert stored and token not in stored
    assert accts.session(token + "x") is None
    idle = Accounts(store, idle=dt.timedelta(0))
    token1, _ = idle.open_session(account)
    assert idle.session(token1) is None                         # idle too long: gone
    short = Accounts(store, lifetime=dt.timedelta(0))
    token2, _ = short.open_session(account)
    assert short.session(token2) is None
    token3, _ = accts.open_session(account)
    accts.close_session(token3)
    assert accts.session(token3) is None


def test_users_list_disable_and_passwd_through_the_command(store: Store, monkeypatch, capsys) -> None:
    from argon2 import PasswordHasher

    from archive.database import ENV_CATALOG_URL
    if store.engine.dialect.name == "postgresql":
        monkeypatch.setenv(ENV_CATALOG_URL, store.catalog.url)     # the command reaches the same catalog
    accts = Accounts(store, hasher=PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1))
    accts.add("wang.li", "reviewer", PASSWORD)
    accts.add("zhao.op", "operator", PASSWORD)
    token, _ = accts.open_session(accts.authenticate("wang.li", PASSWORD))
    for _ in range(5):
        accts.authenticate("zhao.op", "wrong password!")          # locked now
    capsys.readouterr()
    assert main(["users", "list", "--store", str(store.root)]) == 0
    out = capsys.readouterr().out
    assert "accounts: 2" in out and PASSWORD not in out and "$argon2" not in out
    [wang] = [line for line in out.splitlines() if line.startswith("wang.li")]
    [zhao] = [line for line in out.splitlines() if line.startswith("zhao.op")]
    assert "reviewer" in wang and wang.endswith("active") and "locked until" in zhao

    assert main(["users", "disable", "wang.li", "--store", str(store.root)]) == 0
    assert accts.session(token) is None and accts.authenticate("wang.li", PASSWORD) is None
    assert main(["users", "disable", "wang.li", "--store", str(store.root)]) == 13     # not enabled any more
    capsys.readouterr()
    assert main(["users", "list", "--store", str(store.root)]) == 0
    assert next(line for line in capsys.readouterr().out.splitlines() if line.startswith("wang.li")).endswith("disabled")

    new = "a different long password"
    monkeypatch.setattr("sys.stdin", io.StringIO(new + "\n"))
    assert main(["users", "passwd", "zhao.op", "--store", str(store.root), "--password-stdin"]) == 0
    assert accts.authenticate("zhao.op", new).actor == "operator:zhao.op"      # type: ignore[union-attr]
    assert accts.authenticate("zhao.op", PASSWORD) is None
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["users", "passwd", "zhao.op", "--store", str(store.root), "--password-stdin"]) == ExitCode.validation_failed
    actions = [(e.action, e.detail) for e in store.audit.entries() if e.action.startswith("account.")]
    assert ("account.disabled", {"account": "wang.li"}) in actions
    assert ("account.password_set", {"account": "zhao.op"}) in actions
