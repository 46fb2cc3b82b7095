"""`fengcun trace FILE --store STORE`: which inquiry a leaked copy was released for.

Reads the released copy's hidden fingerprint (document ID, XMP, invisible text)
and its visible mark, and names the inquiry, the release and the dossier (by
id). An encrypted copy is traced by its document ID alone; with the one-time
password (--password-stdin) every channel is read. Exit status 0 when the file
was traced, 1 when it carries no mark this store knows. Each trace is audited.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from flows.console import actor, add_store_args, open_store
from models.errors import ExitCode
from services.tracing import trace


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("trace", help="name the inquiry a leaked copy came from",
                              description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", type=Path, metavar="FILE")
    add_store_args(p)
    p.add_argument("--password-stdin", action="store_true",
                   help="read the copy's password from the first line of standard input")
    p.add_argument("--actor", default="operator", type=actor, help="who traces, for the audit log")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    store = open_store(args)
    password = sys.stdin.readline().rstrip("\r\n") if args.password_stdin else None
    results = trace(store, args.file, password, actor=args.actor)
    if not results:
        print("no release mark known to this store was found")
        return int(ExitCode.no_match)
    for t in results:
        where = ", ".join(t.channels)
        if t.release_id is None:
            print(f"inquiry {t.inquiry_id} (visible mark only; which copy is unknown) [{where}]")
        else:
            print(f"inquiry {t.inquiry_id}: release {t.release_id} of dossier {t.dossier_id[:12]} "  # type: ignore[index]
                  f"on {t.released_on} [{where}]")
    return 0
