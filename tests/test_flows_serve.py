"""`fengcun serve` offers the backfill as a deployment; a run started through the API (what the
UI's "Run" button does) with paths and options as parameters processes the archive."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from archive import Store
from redaction.keys import ENV_KEY

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent


def wait_for(check, log: Path, what: str, timeout: float = 300):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.5)
    pytest.fail(f"timed out waiting for {what}; serve's output:\n{log.read_text()[-3000:]}")


def test_served_deployment_runs_a_backfill(tmp_path, synth_archive, master_key, prefect_server):
    api = prefect_server["PREFECT_API_URL"]
    archive = tmp_path / "dossiers"
    archive.mkdir()
    for f in sorted(synth_archive.glob("*.pdf"))[:2]:
        shutil.copyfile(f, archive / f.name)
    env = {**os.environ, **prefect_server, ENV_KEY: os.environ[ENV_KEY], "OMP_THREAD_LIMIT": "1"}
    log = tmp_path / "serve.log"
    serve = subprocess.Popen([sys.executable, "-m", "flows.cli", "serve", "--name", "test-backfill"],
                             cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    try:
        def deployment() -> dict | None:
            found = httpx.post(f"{api}/deployments/filter", json={
                "deployments": {"name": {"any_": ["test-backfill"]}}, "limit": 1, "offset": 0}).json()
            return found[0] if found else None

        dep = wait_for(deployment, log, "the deployment")
        assert set(dep["parameter_openapi_schema"]["required"]) == {"archive_root", "store"}
        created = httpx.post(f"{api}/deployments/{dep['id']}/create_flow_run", json={"parameters": {
            "archive_root": str(archive), "store": str(tmp_path / "store"), "concurrency": 1,
            "since": "2000-01-01"}})
        created.raise_for_status()
        run_id = created.json()["id"]

        def finished() -> str | None:
            state = httpx.get(f"{api}/flow_runs/{run_id}").json()["state"]["type"]
            return state if state in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED") else None

        assert wait_for(finished, log, "the flow run") == "COMPLETED"
    finally:
        serve.terminate()
        serve.wait(timeout=30)
    with Store.open(tmp_path / "store") as store:
        assert len(list(store.records())) == 2 and store.unsettled() == []
