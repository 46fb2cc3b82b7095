"""`fengcun report court|register --store STORE --format csv|xlsx --out FILE`: reports for a
court or an archive.

    court      per court: dossiers by state, persons sealed, sealings overdue now, sealed late
    register   the sealing register (封存登记表): per sealed person, dossier id, court, case
               number, outcome, rules, the due date of each organ, the day sealed, days late

Ids, codes and dates only, never a person's data (services.reports). Every report is
written atomically and audited.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from flows.console import actor, add_store_args, open_store
from models.errors import ExitCode
from services import reports

KINDS = {"court": reports.court_summary, "register": reports.sealing_register}


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("report", help="per-court summary or sealing register, as CSV or XLSX (audited)",
                              description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("kind", choices=sorted(KINDS))
    add_store_args(p)
    p.add_argument("--format", choices=reports.FORMATS, default="csv")
    p.add_argument("--out", type=Path, required=True, metavar="FILE", help="write here (atomically)")
    p.add_argument("--actor", default="operator", type=actor, help="who asks for it, for the audit log")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    store = open_store(args)
    rows = reports.write(store, KINDS[args.kind](store), args.format, args.out, args.actor)
    print(f"{args.kind} report: {rows} rows written to {args.out}")
    return int(ExitCode.ok)
