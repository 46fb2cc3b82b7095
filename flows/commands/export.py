"""`fengcun export --store STORE --format jsonl|csv|xlsx [--out FILE]`: the decision records.

jsonl: one record per line (UTF-8 JSON, the contract in shared/contracts/), one per
dossier processed into the store, including those waiting for review. csv and xlsx:
one row per person with the decision and its grounds, and no person data (names,
ID numbers, birth dates stay in the JSONL). Records are sealed material: every
export is written to the audit log.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from core.atomic import write_atomic
from flows.console import actor, add_store_args, open_store
from models.errors import UsageError
from services import reports


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("export", help="print the decision records (audited)",
                              description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_store_args(p)
    p.add_argument("--format", choices=["jsonl", *reports.FORMATS], default="jsonl")
    p.add_argument("--out", type=Path, metavar="FILE", help="write here (atomically) instead of stdout")
    p.add_argument("--actor", default="operator", type=actor, help="who exports, for the audit log (an account name)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.format == "xlsx" and not args.out:
        raise UsageError("an XLSX export needs --out FILE")
    store = open_store(args)
    if args.format != "jsonl":
        data = reports.audited(store, reports.decision_rows(store), args.format, args.actor,
                               "file" if args.out else "stdout", action="records.exported")
        return _emit(data, args.out)
    lines = [json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in store.records.all()]
    data = "".join(lines).encode("utf-8")
    store.audit.append(args.actor, "records.exported", None, records=len(lines), format=args.format,
                       destination="file" if args.out else "stdout",
                       sha256=hashlib.sha256(data).hexdigest())
    return _emit(data, args.out)


def _emit(data: bytes, out: Path | None) -> int:
    if out:
        write_atomic(out, data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0
