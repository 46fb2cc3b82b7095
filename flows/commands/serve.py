"""`fengcun serve`: offer the backfill to the Prefect UI as a deployment.

Runs Prefect's `serve` for the `fengcun-backfill` flow: operators start runs from
the UI (or the command this prints) with parameters that are paths and options
only. It needs a Prefect server, named by PREFECT_API_URL: without one, Prefect
would start a temporary server inside this process that has no UI and that no one
else can reach, so the command says how to start one and stops. Every machine that
serves or runs Dask workers needs the same store path, FENGCUN_CATALOG_URL and
master key. Ctrl-C stops it.
"""
from __future__ import annotations

import argparse
import os
import shlex
import signal
import warnings

from flows.console import catalog_url, orchestration_errors, positive_int, prepare_environment
from models.errors import ExitCode, OrchestrationError

FLOW_NAME = "fengcun-backfill"
START_A_SERVER = ("start one with `prefect server start` (its UI is at http://127.0.0.1:4200) and "
                  "`export PREFECT_API_URL=http://127.0.0.1:4200/api`")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("serve", help="serve the backfill flow as a Prefect deployment",
                              description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--name", default="backfill", help="deployment name (default: backfill)")
    p.add_argument("--limit", type=positive_int, default=1, help="runs executed at once by this process")
    p.add_argument("--catalog-url", type=catalog_url, metavar="URL", help="shared PostgreSQL catalog URL")
    p.set_defaults(run=run)


def run_command(deployment: str) -> str:
    """A `prefect deployment run` that works: the flow's required parameters are given."""
    return (f"prefect deployment run {shlex.quote(f'{FLOW_NAME}/{deployment}')} "
            "--param archive_root=/path/to/archive --param store=/path/to/store")


def check_server() -> str:
    """The API URL of a reachable Prefect server, or an OrchestrationError saying how to get one."""
    from prefect.settings import PREFECT_API_URL
    api = PREFECT_API_URL.value() or os.environ.get("PREFECT_API_URL")
    if not api:
        raise OrchestrationError(f"no Prefect server is set (PREFECT_API_URL): {START_A_SERVER}")
    import httpx
    try:
        httpx.get(f"{api.rstrip('/')}/health", timeout=10).raise_for_status()
    except httpx.HTTPError as exc:
        raise OrchestrationError(f"the Prefect server at {api} does not answer ({type(exc).__name__}): "
                                 f"{START_A_SERVER}") from None
    return api


def run(args: argparse.Namespace) -> int:
    prepare_environment(args)
    api = check_server()
    from prefect.settings import PREFECT_UI_URL
    from prefect.types.entrypoint import EntrypointType

    from flows.backfill import backfill_flow

    ui = PREFECT_UI_URL.value() or api.removesuffix("/api")
    print(f"serving {FLOW_NAME}/{args.name} on {api} (Ctrl-C stops)\n"
          f"start a run in the UI: {ui}/deployments, or with\n  {run_command(args.name)}\n"
          f"(the store must exist: `fengcun init --store STORE` makes one)", flush=True)
    # Prefect's runner stops cleanly on SIGTERM only; Ctrl-C (SIGINT) cancels its polling loop,
    # which goes on. So Ctrl-C takes the SIGTERM path (asyncio keeps a handler set before it).
    signal.signal(signal.SIGINT, lambda signum, frame: os.kill(os.getpid(), signal.SIGTERM))
    warnings.filterwarnings("ignore", message="coroutine 'Runner.astop' was never awaited")
    try:
        with orchestration_errors():
            # by module path: each run's process imports the installed package, whatever its directory
            backfill_flow.serve(name=args.name, limit=args.limit, tags=["fengcun"],
                                description="Backfill an archive into a fengcun store (ids and counts only)",
                                entrypoint_type=EntrypointType.MODULE_PATH, print_starting_message=False)
    except (KeyboardInterrupt, SystemExit):     # the runner's SIGTERM handler exits
        pass
    print("fengcun serve stopped", flush=True)
    return int(ExitCode.ok)
