"""`fengcun audit verify --store STORE`: check the hash-chained audit log;
`fengcun audit break-glass --store STORE [--since DATE]`: the reviewers' break-glass grants.

Recomputes every entry's hash and link and compares the chain with what vouches
for its head (archive.audit_anchor): the sealed anchor in the catalog and the
signed checkpoint file STORE/audit-checkpoints.jsonl. An edited, removed or
reordered entry, entries cut off the end or deleted wholesale, a rewritten chain,
a deleted or damaged anchor or checkpoint file are reported as tampering, naming
the first missing or altered entry where one can be named; the exit status is 8.
A clean check is itself audited, which moves both witnesses onto the new head.

`break-glass` lists every grant that let a reviewer see a dossier's originals outside the
review queue, with the reason the reviewer typed, opened with the master key: what an
auditor checks the grants against. The reason may name a party, so it is printed to this
terminal only, and the listing is itself audited.
"""
from __future__ import annotations

import argparse
import datetime as dt

from archive.audit_anchor import CHECKPOINTS, verify
from archive.break_glass import BreakGlass
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
    g = actions.add_parser("break-glass", help="list the reviewers' break-glass grants and their reasons")
    add_store_args(g)
    g.add_argument("--since", type=dt.date.fromisoformat, metavar="YYYY-MM-DD",
                   help="only grants made on or after this day (UTC)")
    g.add_argument("--actor", default="auditor", type=actor, help="who reads the reasons, for the audit log")
    g.set_defaults(run=run_break_glass)


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


def run_break_glass(args: argparse.Namespace) -> int:
    store = open_store(args)
    start = dt.datetime.combine(args.since, dt.time(), dt.timezone.utc) if args.since else None
    grants = BreakGlass(store).since(start)
    store.audit.append(args.actor, "audit.break_glass_listed", None, grants=len(grants),
                       since=args.since.isoformat() if args.since else None)
    print(f"break-glass grants: {len(grants)}")
    for grant in grants:
        print(f"{grant.granted_at:%Y-%m-%d %H:%M}  {grant.account}  dossier {grant.dossier_id[:12]}  "
              f"until {grant.expires_at:%H:%M}  grant {grant.grant_id}")
        print(f"  reason: {BreakGlass(store).reason(grant.grant_id)}")
    return int(ExitCode.ok)
