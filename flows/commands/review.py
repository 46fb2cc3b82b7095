"""`fengcun review serve --store STORE [--host 127.0.0.1 --port 8400]`: the reviewers' workbench.

Serves the review app (docs/review.md) over the store: reviewers sign in with an
account made by `fengcun users add`, answer the items the pipeline could not
settle, and each dossier is decided again as its items are answered. It listens
on 127.0.0.1 by default; to serve other machines put it behind an HTTPS reverse
proxy and pass --secure-cookies. One process per store: answers to one dossier
are serialised inside the process.
"""
from __future__ import annotations

import argparse

from flows.console import add_store_args, open_store, port


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


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from review.app import create_app

    store = open_store(args)
    app = create_app(store, secure_cookies=args.secure_cookies)
    print(f"review app for store {store.root} on http://{args.host}:{args.port}/")
    # access_log off: request lines carry dossier ids only, but the audit log is the record of access
    uvicorn.run(app, host=args.host, port=args.port, access_log=False, log_level="warning")
    return 0
