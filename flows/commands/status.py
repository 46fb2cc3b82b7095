"""`fengcun status --store STORE`: counts, the review queue, overdue sealings, open inquiries
and open unsealing cases (ids only)."""
from __future__ import annotations

import argparse
import datetime as dt

from rich.console import Console
from rich.table import Table

from flows.console import add_store_args, non_negative_int, open_store
from services import unsealing
from services.inquiries import open_inquiries


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("status", help="counts, review queue, overdue sealings, inquiries, unsealing cases",
                              description=__doc__)
    add_store_args(p)
    p.add_argument("--limit", type=non_negative_int, default=20, help="rows per list (default 20)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    store = open_store(args)
    console = Console()
    counts = Table(title=f"store {store.root}")
    counts.add_column("state")
    counts.add_column("dossiers", justify="right")
    for state, n in store.records.counts().items():
        counts.add_row(state.replace("_", " "), str(n))
    console.print(counts)

    queue = store.records.review_queue()
    review = Table(title=f"review queue ({len(queue)})")
    for col in ("dossier", "open items", "fields", "sealing due"):
        review.add_column(col)
    for e in queue[:args.limit]:
        review.add_row(e.dossier_id[:12], str(e.open_items), ", ".join(e.fields),
                       e.due_date.isoformat() if e.due_date else "–")
    console.print(review)

    overdue = store.records.overdue()
    late = Table(title=f"overdue sealings ({len(overdue)})")
    for col in ("dossier", "state", "due", "days overdue"):
        late.add_column(col)
    for o in overdue[:args.limit]:
        late.add_row(o.dossier_id[:12], o.state.replace("_", " "), o.due_date.isoformat(),
                     str(o.days_overdue))
    console.print(late)
    sealed_late = store.records.sealed_late()
    if sealed_late:
        console.print(f"sealed late (due date passed before sealing): {len(sealed_late)}")

    today = dt.date.today()
    pending = open_inquiries(store)
    asked = Table(title=f"open inquiries ({len(pending)})")
    for col in ("inquiry", "kind", "due", "days left"):
        asked.add_column(col)
    for i in pending[:args.limit]:
        days = i.days_left(today)
        asked.add_row(i.inquiry_id, i.kind.replace("_", " "), i.due_date.isoformat(),
                      f"overdue {-days}" if i.overdue(today) else str(days))
    console.print(asked)

    opened = unsealing.cases(store, state=unsealing.OPEN)
    cases = Table(title=f"open unsealing cases ({len(opened)})")
    for col in ("case", "sealed dossier", "new dossier", "proposed", "rules"):
        cases.add_column(col)
    for c in opened[:args.limit]:
        cases.add_row(str(c.case_id), c.sealed_dossier_id[:12], c.new_dossier_id[:12],
                      c.proposed.replace("_", " "), ", ".join(c.rules))
    console.print(cases)
    quarantined = store.quarantine.entries()
    if quarantined:
        q = Table(title=f"quarantine ({len(quarantined)})")
        for col in ("dossier", "error", "attempts"):
            q.add_column(col)
        for e in quarantined[:args.limit]:
            q.add_row(e.dossier_id[:12], e.error_kind, str(e.attempts))
        console.print(q)
    return 0
