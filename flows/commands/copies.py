"""`fengcun copies list|release --store STORE`: the redacted copies and their sign-off.

A copy for ordinary use (`<short>.redacted.pdf`) leaves the store only after a reviewer has
signed off every page of it in the review app ("待签发的删除副本").

  list     every current copy: its id, dossier, pages signed of pages, state, and for a
           rejected copy the page and the reason code (the reason itself stays sealed).
           Copies of a store processed before sign-off existed are taken up here.
  release  writes every released copy (all pages signed) into --out DIR, each atomically
           and checked against the hash that was signed; copies awaiting sign-off or
           rejected are never written. Audited (`copies.released`).
"""
from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console
from rich.table import Table

from archive.signoffs import REJECTED, SIGNED, SignOffs
from flows.console import actor, add_store_args, open_store
from services import signoffs


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("copies", help="redacted copies: their sign-off, and release of the signed-off ones",
                              description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="copies_command", metavar="ACTION", required=True)
    listing = sub.add_parser("list", help="every current copy with its sign-off state")
    add_store_args(listing)
    listing.set_defaults(run=run_list)
    out = sub.add_parser("release", help="write the signed-off copies into a directory (audited)")
    add_store_args(out)
    out.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write the copies into")
    out.add_argument("--actor", default="operator", type=actor, help="who releases, for the audit log")
    out.set_defaults(run=run_release)


def run_list(args: argparse.Namespace) -> int:
    store = open_store(args)
    signoffs.register_existing(store, actor="operator")
    book = SignOffs(store)
    codes = {r.copy.copy_id: f"page {r.page}: {r.code}" for r in signoffs.rejections(store)}
    table = Table(title="redacted copies")
    table.add_column("copy", overflow="fold")           # the whole id: `SignOffs.reason` takes it
    for col in ("dossier", "signed", "state", "rejected"):
        table.add_column(col)
    copies = book.copies()
    for copy in copies:
        verdicts = book.verdicts(copy.copy_id)
        signed = sum(1 for v in verdicts.values() if v.verdict == SIGNED)
        table.add_row(copy.copy_id, copy.short_id, f"{signed}/{copy.pages}", copy.state.replace("_", " "),
                      codes.get(copy.copy_id, "") if copy.state == REJECTED else "")
    if copies:
        Console().print(table)
    counts = book.counts()
    print(", ".join(f"{n} {state}" for state, n in counts.items()) + " (sign off in `fengcun review serve`)")
    return 0


def run_release(args: argparse.Namespace) -> int:
    store = open_store(args)
    signoffs.register_existing(store, actor=args.actor)
    done = signoffs.release(store, args.out, actor=args.actor)
    for path in done.written:
        print(f"written: {path}")
    print(f"{len(done.written)} released copy(ies) written; {done.awaiting} awaiting sign-off and "
          f"{done.rejected} rejected not written")
    return 0
