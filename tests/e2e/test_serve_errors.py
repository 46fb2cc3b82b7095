"""`fengcun serve` without a Prefect server to serve on says how to start one, in one line,
instead of serving on a temporary in-process server that has no UI and no other client."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from models.errors import ExitCode, OrchestrationError

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("api_url", [None, "http://127.0.0.1:9/api"])
def test_serve_without_a_server_says_how_to_start_one(tmp_path, api_url) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp_path / "prefect")            # no profile naming a server
    if api_url:
        env["PREFECT_API_URL"] = api_url
    run = subprocess.run([sys.executable, "-m", "flows.cli", "serve"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == ExitCode.orchestration, run.stderr
    message, fix = run.stderr.splitlines()
    assert "prefect server start" in message and "PREFECT_API_URL=http://127.0.0.1:4200/api" in message
    assert (api_url or "no Prefect server is set") in message and fix == f"  fix: {OrchestrationError.fix}"
    assert run.stdout == ""
