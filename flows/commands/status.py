"""`fengcun status --store STORE`: one summary line of counts, then the review queue, overdue
sealings, open inquiries, open unsealing cases, redacted copies rejected at sign-off (ids and reason
codes only) and the quarantine, each only when
it has rows. Each quarantined file is named by its path, with its cause and its fix, until it
is processed: the operator holds the key, and the terminal is the only place they are shown.
Due dates and overdue sealings come from services.sealing_due, as in the review app."""
from __future__ import annotations

import argparse
import datetime as dt

from rich.console import Console
from rich.table import Table

from archive import Store
from flows.console import add_store_args, non_negative_int, open_store, quarantine_lines
from services import sealing_due, signoffs, unsealing
from services.inquiries import open_inquiries


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("status", help="counts, review queue, overdue sealings, inquiries, unsealing cases",
                              description=__doc__)
    add_store_args(p)
    p.add_argument("--limit", type=non_negative_int, default=20, help="rows per list (default 20)")
    p.set_defaults(run=run)


STATE_WORDS = {"not_eligible": "not eligible", "review": "waiting for review", "failed": "quarantined"}


def due_text(due: dt.date | None, today: dt.date) -> str:
    """A sealing's due date as the operator needs it: the date, and how late it is."""
    if due is None:
        return "not known yet"
    return f"{due.isoformat()} ({(today - due).days} days overdue)" if due < today else due.isoformat()


def summary_line(store: Store, overdue: int, sealed_late: int, inquiries: int, cases: int,
                 copies_awaiting: int, copies_rejected: int) -> str:
    """One line with every count that is not zero (states, overdue, inquiries, cases, redacted
    copies awaiting sign-off or rejected at it)."""
    counts = store.records.counts()
    parts = [f"{n} {STATE_WORDS.get(state, state)}" for state, n in counts.items() if n]
    extra = [(overdue, "overdue sealing(s)"), (sealed_late, "sealed late"), (inquiries, "open inquiry(ies)"),
             (cases, "open unsealing case(s)"), (copies_awaiting, "redacted copy(ies) awaiting sign-off"),
             (copies_rejected, "redacted copy(ies) rejected at sign-off")]
    parts += [f"{n} {what}" for n, what in extra if n]
    return f"store {store.root}: {sum(counts.values())} dossiers" + (f"; {', '.join(parts)}" if parts else "")


def run(args: argparse.Namespace) -> int:
    store = open_store(args)
    console = Console()
    today = dt.date.today()
    queue = sealing_due.waiting_for_review(store)
    overdue = sealing_due.overdue(store, today)
    sealed_late = store.records.sealed_late()
    pending = open_inquiries(store)
    opened = unsealing.cases(store, state=unsealing.OPEN)
    rejected = signoffs.rejections(store)
    print(summary_line(store, len(overdue), len(sealed_late), len(pending), len(opened),
                       len(signoffs.awaiting(store)), len(rejected)))

    def show(table: Table, rows: list[tuple[str, ...]], total: int) -> None:
        """A table only when it has rows; the rows beyond --limit are counted, not hidden silently."""
        if not rows:
            return
        for row in rows[:args.limit]:
            table.add_row(*row)
        if total > args.limit:
            table.caption = f"{args.limit} of {total} shown (--limit)"
        console.print(table)

    review = Table(title=f"review queue ({len(queue)})")
    for col in ("dossier", "open items", "fields", "sealing due"):
        review.add_column(col)
    show(review, [(w.dossier_id[:12], str(w.open_items), ", ".join(w.fields), due_text(w.due_date, today))
                  for w in queue], len(queue))

    late = Table(title=f"overdue sealings ({len(overdue)})")
    for col in ("dossier", "state", "due", "days overdue"):
        late.add_column(col)
    show(late, [(o.dossier_id[:12], o.state.replace("_", " "), o.due_date.isoformat(), str(o.days_overdue))
                for o in overdue], len(overdue))

    asked = Table(title=f"open inquiries ({len(pending)})")
    for col in ("inquiry", "kind", "due", "days left"):
        asked.add_column(col)
    show(asked, [(i.inquiry_id, i.kind.replace("_", " "), i.due_date.isoformat(),
                  f"overdue {-i.days_left(today)}" if i.overdue(today) else str(i.days_left(today)))
                 for i in pending], len(pending))

    cases = Table(title=f"open unsealing cases ({len(opened)})")
    for col in ("case", "sealed dossier", "new dossier", "proposed", "rules"):
        cases.add_column(col)
    show(cases, [(str(c.case_id), c.sealed_dossier_id[:12], c.new_dossier_id[:12],
                  c.proposed.replace("_", " "), ", ".join(c.rules)) for c in opened], len(opened))
    refused = Table(title=f"redacted copies rejected at sign-off ({len(rejected)})")
    refused.add_column("copy", overflow="fold")
    for col in ("dossier", "page", "reason code"):
        refused.add_column(col)
    show(refused, [(r.copy.copy_id, r.copy.short_id, str(r.page), r.code or "") for r in rejected], len(rejected))
    quarantined = store.quarantine.notices()
    if quarantined:
        print(f"quarantine ({len(quarantined)}):")
        for line in quarantine_lines(quarantined[:args.limit]):
            print(line)
        if len(quarantined) > args.limit:
            print(f"{args.limit} of {len(quarantined)} shown (--limit)")
    return 0
