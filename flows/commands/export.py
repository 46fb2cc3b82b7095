"""`fengcun export --store STORE --format jsonl [--out FILE]`: the decision records.

One record per line (UTF-8 JSON, the contract in shared/contracts/), one per
dossier processed into the store, including those waiting for review. Records
are sealed material: every export is written to the audit log.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from core.atomic import write_atomic
from flows.console import add_store_args, open_store


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("export", help="print the decision records (audited)",
                              description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_store_args(p)
    p.add_argument("--format", choices=["jsonl"], default="jsonl")
    p.add_argument("--out", type=Path, metavar="FILE", help="write here (atomically) instead of stdout")
    p.add_argument("--actor", default="operator", help="who exports, for the audit log (an account name)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    store = open_store(args)
    lines = [json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in store.records.all()]
    data = "".join(lines).encode("utf-8")
    store.audit.append(args.actor, "records.exported", None, records=len(lines), format=args.format,
                       destination="file" if args.out else "stdout",
                       sha256=hashlib.sha256(data).hexdigest())
    if args.out:
        write_atomic(args.out, data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0
