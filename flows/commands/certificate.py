"""`fengcun certificate no-record --store STORE --out FILE ...`: the certificate of no criminal record.

For the person whose record is sealed, or the legal representative (Measures
arts. 15-17). Issued only when every record of the person in the archive is
sealed (or there is none); a record in the open, or one still waiting for its
sealing decision, stops it. The person's name and ID number are read from
standard input (one a line), the operator's password first when --password-stdin
is given. The letter answering a unit's inquiry comes from `fengcun inquiry approve`.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from flows.commands.inquiry import add_account_args, read_subject, signed_in
from flows.console import add_store_args, open_store
from redaction.certificates import APPLICANTS, Subject
from services.inquiries import issue_certificate


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("certificate", help="certificate of no criminal record (audited)",
                              description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = p.add_subparsers(dest="certificate_action", metavar="ACTION", required=True)
    c = actions.add_parser("no-record", help="issue the certificate of no criminal record")
    add_store_args(c)
    c.add_argument("--applicant", required=True, choices=sorted(APPLICANTS))
    c.add_argument("--out", required=True, type=Path, metavar="FILE")
    c.add_argument("--authority", required=True, help="the issuing authority, as signed")
    c.add_argument("--purpose", help="what the certificate is for, as the applicant states it")
    add_account_args(c)
    c.set_defaults(run=run_no_record)


def run_no_record(args: argparse.Namespace) -> int:
    store = open_store(args)
    account = signed_in(args, store)
    name, number = read_subject()
    out = issue_certificate(store, Subject(name, number), args.applicant, account, args.out,
                            authority=args.authority, purpose=args.purpose)
    print(f"written: {out}")
    return 0
