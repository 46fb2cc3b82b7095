"""`fengcun audit verify --store STORE`: check the hash-chained audit log.

Recomputes every entry's hash and link and compares the chain with what vouches
for its head (archive.audit_anchor): the sealed anchor in the catalog and the
signed checkpoint file STORE/audit-checkpoints.jsonl. An edited, removed or
reordered entry, entries cut off the end or deleted wholesale, a rewritten chain,
a deleted or damaged anchor or checkpoint file are reported as tampering, naming
the first missing or altered entry where one can be named; the exit status is 8.
A clean check is itself audited, which moves both witnesses onto the new head.
"""
from __future__ import annotations

import argparse

from archive.audit_anchor import CHECKPOINTS, verify
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
        where = f" at entry {verdict.first_bad_seq}" if verdict.first_bad_seq is not None else ""
        print(f"audit log BROKEN{where}: {verdict.reason}. This is tampering (or damage): "
              "compare with the backups of the catalog and of the checkpoint file")
        return int(ExitCode.store_error)
    witness = f"the checkpoint file vouches for {verdict.checkpoint.seq}" if verdict.checkpoint else \
        f"no checkpoint yet ({CHECKPOINTS} is written with the next entry)"
    store.audit.append(args.actor, "audit.verified", None, entries=verdict.chain.entries)
    print(f"audit log intact: {verdict.chain.entries} entries, {witness}")
    return int(ExitCode.ok)
