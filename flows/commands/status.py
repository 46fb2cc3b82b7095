"""`fengcun status --store STORE`: counts, the review queue and overdue sealings (ids only)."""
from __future__ import annotations

import argparse

from rich.console import Console
from rich.table import Table

from flows.console import add_store_args, open_store


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("status", help="counts, review queue, overdue sealings",
                              description=__doc__)
    add_store_args(p)
    p.add_argument("--limit", type=int, default=20, help="rows per list (default 20)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    store = open_store(args)
    console = Console()
    counts = Table(title=f"store {store.root}")
    counts.add_column("state")
    counts.add_column("dossiers", justify="right")
    for state, n in store.counts().items():
        counts.add_row(state.replace("_", " "), str(n))
    console.print(counts)

    queue = store.review_queue()
    review = Table(title=f"review queue ({len(queue)})")
    for col in ("dossier", "open items", "fields", "sealing due"):
        review.add_column(col)
    for e in queue[:args.limit]:
        review.add_row(e.dossier_id[:12], str(e.open_items), ", ".join(e.fields),
                       e.due_date.isoformat() if e.due_date else "–")
    console.print(review)

    overdue = store.overdue()
    late = Table(title=f"overdue sealings ({len(overdue)})")
    for col in ("dossier", "state", "due", "days overdue"):
        late.add_column(col)
    for o in overdue[:args.limit]:
        late.add_row(o.dossier_id[:12], o.state.replace("_", " "), o.due_date.isoformat(),
                     str(o.days_overdue))
    console.print(late)
    quarantined = store.quarantined()
    if quarantined:
        q = Table(title=f"quarantine ({len(quarantined)})")
        for col in ("dossier", "error", "attempts"):
            q.add_column(col)
        for e in quarantined[:args.limit]:
            q.add_row(e.dossier_id[:12], e.error_kind, str(e.attempts))
        console.print(q)
    return 0
