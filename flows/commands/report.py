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
from redaction.release import one_time_password
from models.errors import ExitCode, UsageError
from services import reports

KINDS = {"court": reports.court_summary, "register": reports.sealing_register}


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("report", help="per-court summary or sealing register, as CSV or XLSX (audited)",
                              description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("kind", choices=sorted(KINDS))
    add_store_args(p)
    p.add_argument("--format", choices=[*reports.FORMATS, reports.PRINTABLE], default="csv",
                   help="csv, xlsx, or pdf (the register only: printable, encrypted with a one-time password)")
    p.add_argument("--out", type=Path, required=True, metavar="FILE", help="write here (atomically)")
    p.add_argument("--actor", default="operator", type=actor, help="who asks for it, for the audit log")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.format == reports.PRINTABLE and args.kind != "register":
        raise UsageError("only the register is printed as a PDF; use csv or xlsx")
    store = open_store(args)
    password = one_time_password() if args.format == reports.PRINTABLE else None
    rows = reports.write(store, KINDS[args.kind](store), args.format, args.out, args.actor, password)
    print(f"{args.kind} report: {rows} rows written to {args.out}")
    if password:
        print(f"one-time password of the PDF (not stored; give it separately): {password}")
    return int(ExitCode.ok)
