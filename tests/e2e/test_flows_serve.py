"""`fengcun serve` offers the backfill as a deployment; a run started through the API (what the
UI's "Run" button does) with paths and options as parameters processes the archive."""
from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from archive import Store
from core.keys import ENV_KEY

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def wait_for(check, log: Path, what: str, timeout: float = 300):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.5)
    pytest.fail(f"timed out waiting for {what}; serve's output:\n{log.read_text()[-3000:]}")


def api_call(method: str, url: str, **kwargs) -> httpx.Response:
    """One call to the Prefect API as Prefect's own client makes it: a 503 is the server
    declining for a moment (seen once in a fresh-clone run, on create_flow_run while the
    serve process was writing), which Prefect's client retries too; any other error fails."""
    for _ in range(20):
        response = httpx.request(method, url, **kwargs)
        if response.status_code != 503:
            break
        time.sleep(0.5)
    response.raise_for_status()
    return response


def test_served_deployment_runs_a_backfill(tmp_path, synth_archive, master_key, prefect_server):
    api = prefect_server["PREFECT_API_URL"]
    archive = tmp_path / "dossiers"
    archive.mkdir()
    for f in sorted(synth_archive.glob("*.pdf"))[:2]:
        shutil.copyfile(f, archive / f.name)
    env = {**os.environ, **prefect_server, ENV_KEY: os.environ[ENV_KEY], "OMP_THREAD_LIMIT": "1"}
    Store.open(tmp_path / "store").close()         # `fengcun init`: a served run never makes a store
    log = tmp_path / "serve.log"
    serve = subprocess.Popen([sys.executable, "-m", "flows.cli", "serve", "--name", "test-backfill"],
                             cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    try:
        def deployment() -> dict | None:
            found = api_call("POST", f"{api}/deployments/filter", json={
                "deployments": {"name": {"any_": ["test-backfill"]}}, "limit": 1, "offset": 0}).json()
            return found[0] if found else None

        dep = wait_for(deployment, log, "the deployment")
        assert set(dep["parameter_openapi_schema"]["required"]) == {"archive_root", "store"}
        # the command it prints works as printed, once the paths are filled in
        [printed] = [line.strip() for line in log.read_text().splitlines() if "prefect deployment run" in line]
        command = shlex.split(printed.replace("/path/to/archive", str(archive))
                              .replace("/path/to/store", str(tmp_path / "store")))
        assert command[:3] == ["prefect", "deployment", "run"]
        subprocess.run([sys.executable, "-m", "prefect", *command[1:]], cwd=ROOT, env=env, check=True,
                       capture_output=True, timeout=120)

        def flow_run() -> str | None:
            runs = api_call("POST", f"{api}/flow_runs/filter", json={
                "flow_runs": {"deployment_id": {"any_": [dep["id"]]}}, "limit": 1}).json()
            return runs[0]["id"] if runs else None

        run_id = wait_for(flow_run, log, "the flow run")

        def finished() -> str | None:
            state = api_call("GET", f"{api}/flow_runs/{run_id}").json()["state"]["type"]
            return state if state in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED") else None

        assert wait_for(finished, log, "the flow run") == "COMPLETED"
        # a mistyped store fails the run instead of making a new, empty store
        typo = tmp_path / "stroe"
        created = api_call("POST", f"{api}/deployments/{dep['id']}/create_flow_run", json={"parameters": {
            "archive_root": str(archive), "store": str(typo), "concurrency": 1}})
        typo_id = created.json()["id"]
        assert wait_for(lambda: (lambda s: s if s in ("COMPLETED", "FAILED", "CRASHED") else None)(
            api_call("GET", f"{api}/flow_runs/{typo_id}").json()["state"]["type"]), log, "the run") == "FAILED"
        assert not typo.exists()
        # Ctrl-C stops it cleanly
        serve.send_signal(signal.SIGINT)
        assert serve.wait(timeout=60) == 0
        assert log.read_text().strip().endswith("fengcun serve stopped")
    finally:
        if serve.poll() is None:
            serve.terminate()
            serve.wait(timeout=30)
    with Store.open(tmp_path / "store") as store:
        assert len(list(store.records.all())) == 2 and store.records.unsettled() == []
