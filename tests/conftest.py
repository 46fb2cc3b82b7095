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

from core.keys import ENV_KEY, MasterKey

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


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """One Prefect server for the session under a temporary PREFECT_HOME (its database, logs and
    storage stay there for the canary to search). Yields the environment that points a process
    at it; this process is pointed at it too. Starting it costs ~10 s once."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    home = tmp_path_factory.mktemp("prefect-home")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/api"
    env = {"PREFECT_HOME": str(home), "PREFECT_API_URL": url,
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_SERVER_UI_ENABLED": "false"}
    log = open(home / "server.log", "wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
         "--port", str(port), "--no-ui", "--analytics-off"],
        env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(f"{url}/health", timeout=1).read()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                log.close()
                pytest.fail(f"Prefect server did not start: {(home / 'server.log').read_text()[-2000:]}")
            time.sleep(0.3)
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    from prefect.settings import PREFECT_API_URL, PREFECT_HOME, temporary_settings
    with temporary_settings(updates={PREFECT_API_URL: url, PREFECT_HOME: str(home)}):
        yield env
        from prefect.events.worker import EventsWorker
        from prefect.logging.handlers import APILogWorker
        APILogWorker.drain_all(timeout=10)
        EventsWorker.drain_all(timeout=10)
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


@pytest.fixture(scope="session")
def synth_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Six text-layer synthetic dossiers (fast to process) with their truth files; read-only:
    tests copy from it."""
    from synth import generate
    out = tmp_path_factory.mktemp("synth") / "archive"
    generate(out, 6, seed=11)
    for f in out.rglob("*"):
        f.chmod(0o444 if f.is_file() else 0o555)
    return out
