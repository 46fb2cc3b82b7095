"""The temporary Prefect server of a run without PREFECT_API_URL: it dies with its parent.

Without a server to talk to, Prefect starts a temporary one itself (a `uvicorn` child
process) and stops it at exit; a parent killed with SIGKILL runs no exit handler, so that
child lived on as an orphan holding ~230 MB. `fengcun backfill` and `fengcun process`
therefore start the temporary server themselves, the same way Prefect does, with one
difference: between fork and exec the child asks the Linux kernel for SIGTERM when its
parent dies (prctl PR_SET_PDEATHSIG). PREFECT_API_URL then names it, so Prefect never
starts its own. The signal follows the thread that forked the child, so this is called
from the command's main thread, which lives as long as the process. A set PREFECT_API_URL
(environment or Prefect profile) is left alone: that server is the operator's.
"""
from __future__ import annotations

import atexit
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable

from models.errors import OrchestrationError

_PR_SET_PDEATHSIG = 1
SERVER_APP = "prefect.server.api.server:create_app"


def start_temporary_server() -> Callable[[], None]:
    """Start a temporary local Prefect server that dies with this process, unless a server
    is set already, and return `ready`: it waits until the server answers and points
    Prefect at it. The server takes seconds to start; the caller does its own start-up
    (imports, registering files) in between, so one file's run does not wait twice."""
    from prefect.settings import (
        PREFECT_API_URL, PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS, get_current_settings,
    )

    if PREFECT_API_URL.value():
        return lambda: None
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", SERVER_APP, "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "error", "--lifespan", "on"],
        env={**os.environ, **get_current_settings().to_environment_variables(exclude_unset=True),
             "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"},
        preexec_fn=_die_with_parent(os.getpid()))
    atexit.register(_stop, server)
    url = f"http://127.0.0.1:{port}/api"
    timeout = float(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value())

    def ready() -> None:
        from prefect.context import refresh_global_settings_context

        _wait_until_healthy(server, url, timeout)
        os.environ["PREFECT_API_URL"] = url
        refresh_global_settings_context()
    return ready


def _die_with_parent(parent: int) -> Callable[[], None]:
    """The child's first act: SIGTERM when `parent` dies; exit at once if it died already
    (between the fork and this call). libc is looked up here, in the parent: the child
    only makes the call, so it takes no lock another thread might have held at the fork."""
    prctl = ctypes.CDLL(None, use_errno=True).prctl

    def arm() -> None:
        if prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) != 0:
            os._exit(70)
        if os.getppid() != parent:
            os._exit(0)
    return arm


def _wait_until_healthy(server: subprocess.Popen[bytes], url: str, timeout: float) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    with httpx.Client() as client:
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise OrchestrationError(f"the temporary Prefect server exited with code {server.returncode}")
            try:
                if client.get(f"{url}/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
    raise OrchestrationError(f"the temporary Prefect server did not answer within {timeout:.0f} s")


def _stop(server: subprocess.Popen[bytes]) -> None:
    """At a normal exit (also Ctrl-C): stop the server, as Prefect stops its own."""
    server.terminate()
    try:
        server.wait(timeout=5)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
