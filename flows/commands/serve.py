"""`fengcun serve`: offer the backfill to the Prefect UI as a deployment.

Runs `prefect`'s `serve` for the `fengcun-backfill` flow: operators start runs
from the UI with parameters that are paths and options only. Point it at a
Prefect server with PREFECT_API_URL; every machine that serves or runs Dask
workers needs the same store path, FENGCUN_CATALOG_URL and master key.
"""
from __future__ import annotations

import argparse

from flows.console import catalog_url, positive_int, prepare_environment


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("serve", help="serve the backfill flow as a Prefect deployment",
                              description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--name", default="backfill", help="deployment name (default: backfill)")
    p.add_argument("--limit", type=positive_int, default=1, help="runs executed at once by this process")
    p.add_argument("--catalog-url", type=catalog_url, metavar="URL", help="shared PostgreSQL catalog URL")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    prepare_environment(args)
    from prefect.types.entrypoint import EntrypointType

    from flows.backfill import backfill_flow

    # by module path: each run's process imports the installed package, whatever its directory
    backfill_flow.serve(name=args.name, limit=args.limit, tags=["fengcun"],
                        description="Backfill an archive into a fengcun store (ids and counts only)",
                        entrypoint_type=EntrypointType.MODULE_PATH)
    return 0
