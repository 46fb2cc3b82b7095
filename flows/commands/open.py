"""`fengcun open DOSSIER --reason "…" --out DIR --account NAME --store STORE`: a sealed file for
authorised staff.

An operator account signs in with its password (asked on a terminal, or the first line
of standard input) and gives the reason; the dossier's sealed file is written to DIR as
a copy that opens with a one-time password printed once, marked 内部调阅 with the
account and the date on every page and fingerprinted (`fengcun trace` finds it). The
opening, the account and the reason (sealed) go to the audit log (services.opening).
"""
from __future__ import annotations

import argparse
from pathlib import Path

from flows.commands.inquiry import add_account_args, signed_in
from flows.console import add_store_args, dossier_id, open_store
from models.errors import ExitCode
from services.opening import open_sealed_copy


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("open", help="a sealed file for authorised staff (operator account, reason; audited)",
                              description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("dossier", type=dossier_id, metavar="DOSSIER", help="the dossier id (64 hex digits)")
    p.add_argument("--reason", required=True, help="why it is opened (kept sealed in the audit log)")
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write the copy into")
    add_account_args(p)
    add_store_args(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    store = open_store(args)
    account = signed_in(args, store)
    opened = open_sealed_copy(store, args.dossier, account, args.reason, args.out)
    print(f"written: {opened.path} ({opened.pages} pages)")
    print(f"one-time password (not stored; keep it to yourself): {opened.password}")
    return int(ExitCode.ok)
