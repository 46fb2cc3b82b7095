"""`fengcun backfill ARCHIVE_ROOT --store STORE`: the whole archive, resumable.

Walks the archive (PDF, TIFF, JPEG), skips what the store already holds by
content hash, processes the rest with bounded concurrency and ends with a
summary; the Prefect run gets a markdown artifact with the same counts. Ctrl-C
or a killed process loses nothing: run the same command again to resume.
"""
from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from flows.console import (
    ProgressBar, add_run_args, add_store_args, exit_code, open_store, orchestration_errors, print_summary,
    require_key, run_options,
)
from flows.prefect_server import start_temporary_server


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("backfill", help="process a whole archive tree, resumably",
                              description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("archive_root", type=Path, metavar="ARCHIVE_ROOT")
    add_store_args(p, creates=True)
    add_run_args(p)
    p.add_argument("--since", type=dt.date.fromisoformat, metavar="YYYY-MM-DD",
                   help="only files modified on or after this day")
    p.add_argument("--until", type=dt.date.fromisoformat, metavar="YYYY-MM-DD",
                   help="only files modified on or before this day")
    p.add_argument("--retry-quarantined", action="store_true",
                   help="process quarantined dossiers again (after fixing their cause)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    require_key()
    store = open_store(args)
    prefect_ready = start_temporary_server()      # it starts while Prefect's client is imported
    from flows.backfill import backfill_flow, report_progress_to

    with ProgressBar("backfill") as bar, orchestration_errors():
        prefect_ready()
        report_progress_to(bar)
        try:
            summary = backfill_flow(archive_root=str(args.archive_root.absolute()),
                                    store=str(store.root), since=args.since, until=args.until,
                                    retry_quarantined=args.retry_quarantined, **run_options(args))
        finally:
            report_progress_to(None)
    print_summary(summary, store)
    return exit_code(summary)
