"""`fengcun process PATH... --store STORE`: triage, extract, decide, write outputs, verify."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from flows.console import (
    ProgressBar, add_run_args, add_store_args, exit_code, open_store, orchestration_errors, print_summary,
    require_key, run_options,
)
from flows.prefect_server import start_temporary_server
from models.errors import InputFileError


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("process", help="process dossier files or folders into a store",
                              description=__doc__)
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                   help="PDF/TIFF/JPEG files, or folders searched recursively")
    add_store_args(p, creates=True)
    add_run_args(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    require_key()
    store = open_store(args)
    store.sweep()
    prefect_ready = start_temporary_server()      # it starts while the files are registered
    with ProgressBar("dossiers") as bar, orchestration_errors():
        from flows.backfill import RunSummary, archive_files, process_flow, register_all, report_progress_to

        files: list[Path] = []
        unreadable = 0
        for path in args.paths:
            if path.is_dir():
                files.extend(archive_files(path))
            elif path.is_file():
                files.append(path)
            else:
                print(f"fengcun: {InputFileError(str(path), 'no such file or folder')}", file=sys.stderr)
                unreadable += 1
        bar.found(len(files))
        registration = RunSummary(unreadable=unreadable)
        todo = register_all(store, files, registration)
        bar.note(f"{len(todo)} to process, {registration.skipped} already in the store; starting Prefect")
        prefect_ready()
        report_progress_to(bar)
        try:
            summary = process_flow(store=str(store.root), dossier_ids=todo, **run_options(args))
        finally:
            report_progress_to(None)
    summary["counts"]["already in store"] = registration.skipped
    summary["counts"]["unreadable"] = registration.unreadable
    summary["quarantined"] = registration.quarantined
    print_summary(summary, store)
    return exit_code(summary)
