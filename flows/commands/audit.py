"""`fengcun audit verify --store STORE`: check the hash-chained audit log.

Recomputes every entry's hash and link and compares the chain with its sealed
anchor (archive.audit_anchor): an edited, removed or reordered entry, entries
cut off the end before the last anchor, or a rewritten chain are reported with
the first bad entry's seq, and the exit status is 8. A clean log is anchored
anew at its last entry, so later cuts up to here are caught too.
"""
from __future__ import annotations

import argparse

from archive.audit_anchor import set_anchor, verify
from flows.console import actor, add_store_args, open_store
from models.errors import ExitCode


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("audit", help="verify the audit log",
                              description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = p.add_subparsers(dest="audit_action", metavar="ACTION", required=True)
    v = actions.add_parser("verify", help="detect altered, removed or reordered entries")
    add_store_args(v)
    v.add_argument("--actor", default="auditor", type=actor, help="who verifies, for the audit log")
    v.set_defaults(run=run_verify)


def run_verify(args: argparse.Namespace) -> int:
    store = open_store(args)
    verdict = verify(store)
    if not verdict.ok:
        print(f"audit log BROKEN at entry {verdict.first_bad_seq}: {verdict.reason}")
        return int(ExitCode.store_error)
    anchored = f"anchored at {verdict.anchor.seq}" if verdict.anchor else \
        "no anchor yet (entries cut from the end could not be detected before now)"
    store.audit.append(args.actor, "audit.verified", None, entries=verdict.chain.entries)
    set_anchor(store)
    print(f"audit log intact: {verdict.chain.entries} entries, {anchored}; anchored anew")
    return int(ExitCode.ok)
