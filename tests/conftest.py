"""Shared fixtures: a master key in the environment and catalog URLs (SQLite and a real
PostgreSQL started by `make test` via scripts/start-postgres.sh)."""
from __future__ import annotations

import base64
import os
import secrets
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from redaction.keys import ENV_KEY, MasterKey

ROOT = Path(__file__).resolve().parent.parent


def postgres_url() -> str | None:
    """FENGCUN_TEST_PG_URL, else the URL start-postgres.sh wrote; None when neither works."""
    url = os.environ.get("FENGCUN_TEST_PG_URL")
    stamp = ROOT / ".stamps" / "pg-url"
    if not url and stamp.exists():
        url = stamp.read_text().strip()
    return url or None


@pytest.fixture
def master_key(monkeypatch: pytest.MonkeyPatch) -> MasterKey:
    """A fresh key, also exported as FENGCUN_MASTER_KEY for code (and subprocesses) that load it."""
    raw = secrets.token_bytes(32)
    monkeypatch.setenv(ENV_KEY, base64.b64encode(raw).decode())
    return MasterKey(raw)


@pytest.fixture
def pg_database() -> Iterator[str]:
    """A throw-away database on the local PostgreSQL server; skips with the reason when the
    server is not running (run `bash scripts/start-postgres.sh`, or `make test` does it)."""
    url = postgres_url()
    if url is None:
        pytest.skip("PostgreSQL not configured: scripts/start-postgres.sh did not run")
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import OperationalError
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    name = f"fengcun_t_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        admin.dispose()
        pytest.skip(f"PostgreSQL at {url.rsplit('@', 1)[-1]} is not reachable: {exc.orig}")
    try:
        yield url.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def catalog_url(request: pytest.FixtureRequest) -> str | None:
    """None (the store's own SQLite file) or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return None
    return request.getfixturevalue("pg_database")
