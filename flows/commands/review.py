"""`fengcun review serve|assign`: the reviewers' workbench, and who works which dossier.

    serve --store STORE [--host 127.0.0.1 --port 8400]   serve the workbench
    assign DOSSIER --to ACCOUNT --store STORE            assign a dossier to a reviewer

Serves the review app (docs/review.md) over the store: reviewers sign in with an
account made by `fengcun users add`, answer the items the pipeline could not
settle, and each dossier is decided again as its items are answered. It listens
on 127.0.0.1 by default; to serve other machines put it behind an HTTPS reverse
proxy and pass --secure-cookies. One process per store: answers to one dossier
are serialised inside the process.

An assigned dossier is claimed for the reviewer (no other reviewer answers its items
until the assignee releases or skips it, or it is assigned again) and comes first in
the reviewer's queue. The assignment is audited (`review.assigned`, ids and handles).
"""
from __future__ import annotations

import argparse

import datetime as dt

from flows.console import account_name, actor, add_store_args, dossier_id, open_store, port
from models.errors import ExitCode, NotFoundError, ValidationError


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("review", help="the reviewers' web workbench",
                              description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = p.add_subparsers(dest="review_action", metavar="ACTION", required=True)
    serve = actions.add_parser("serve", help="serve the review app")
    add_store_args(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=port, default=8400, help="port (default 8400)")
    serve.add_argument("--secure-cookies", action="store_true",
                       help="mark cookies Secure (set when an HTTPS proxy fronts the app)")
    serve.set_defaults(run=run_serve)
    assign = actions.add_parser("assign", help="assign a dossier to a reviewer")
    assign.add_argument("dossier", type=dossier_id, metavar="DOSSIER", help="the dossier id (64 hex digits)")
    assign.add_argument("--to", required=True, type=account_name, metavar="ACCOUNT", help="the reviewer's account")
    assign.add_argument("--actor", default="operator", type=actor, help="who assigns it, for the audit log")
    add_store_args(assign)
    assign.set_defaults(run=run_assign)


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from review.app import create_app

    store = open_store(args)
    app = create_app(store, secure_cookies=args.secure_cookies)
    print(f"review app for store {store.root} on http://{args.host}:{args.port}/")
    # access_log off: request lines carry dossier ids only, but the audit log is the record of access
    uvicorn.run(app, host=args.host, port=args.port, access_log=False, log_level="warning")
    return 0


def run_assign(args: argparse.Namespace) -> int:
    from archive.accounts import Accounts
    from archive.claims import Claims

    store = open_store(args)
    account = Accounts(store).get(args.to)
    if account is None or account.role != "reviewer":
        raise ValidationError(f"{args.to} is not an enabled reviewer's account")
    record = store.records.load(args.dossier)
    if not record.review.required:
        raise NotFoundError(f"dossier {args.dossier[:12]} has no open review item")
    Claims(store).assign(args.dossier, account.name, args.actor, dt.datetime.now(dt.timezone.utc))
    print(f"dossier {args.dossier[:12]} assigned to {account.name}")
    return int(ExitCode.ok)
