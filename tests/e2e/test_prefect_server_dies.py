"""A backfill without PREFECT_API_URL runs on a temporary Prefect server; when the backfill
is killed with SIGKILL (no exit handler runs), that server must not live on as an orphan."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
SERVER_APP = "prefect.server.api.server:create_app"      # what Prefect's server process runs


def children(parent: int) -> dict[int, str]:
    """The live child processes of `parent` with their command lines, from /proc."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        state, ppid = stat.rsplit(")", 1)[1].split()[:2]
        if int(ppid) == parent and state != "Z":
            found[int(entry.name)] = cmdline
    return found


def alive(pid: int) -> bool:
    """Running, not merely a zombie waiting for a reaper (a container's PID 1 may not reap)."""
    try:
        return (Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]) != "Z"
    except OSError:
        return False


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


def test_the_temporary_server_dies_with_a_killed_backfill(tmp_path, synth_archive, master_key) -> None:
    archive = tmp_path / "archive"
    shutil.copytree(synth_archive, archive)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update({"PREFECT_HOME": str(tmp_path / "prefect-home"), "OMP_THREAD_LIMIT": "1",
                "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PYTHONPATH": str(ROOT)})
    backfill = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "backfill", str(archive), "--store", str(tmp_path / "store"),
         "--create"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)
    server = None
    try:
        deadline = time.monotonic() + 180
        while server is None:
            assert backfill.poll() is None, "the backfill ended before its Prefect server was seen"
            assert time.monotonic() < deadline, "no temporary Prefect server appeared"
            server = next((pid for pid, cmd in children(backfill.pid).items() if SERVER_APP in cmd), None)
            time.sleep(0.1)
        port = children(backfill.pid)[server].split("--port ")[1].split()[0]
        while not answers(f"http://127.0.0.1:{port}/api/health"):     # a running server, not a crashed one
            assert alive(server) and time.monotonic() < deadline, "the temporary Prefect server did not answer"
            time.sleep(0.2)
        os.kill(backfill.pid, signal.SIGKILL)
        backfill.wait()
        deadline = time.monotonic() + 15
        while alive(server) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not alive(server), "the temporary Prefect server outlived its killed parent"
    finally:
        try:
            os.killpg(backfill.pid, signal.SIGKILL)      # whatever is left of the run's group
        except ProcessLookupError:
            pass
        backfill.wait()
