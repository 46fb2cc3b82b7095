"""`fengcun init --store STORE [--catalog-url URL]`: make a new, empty store.

The only command (with `process`/`backfill --create`) that creates a store: every
other command opens an existing one and stops with the path when there is none,
so a mistyped --store never becomes an empty store that reports zeros. The master
key must be at hand (`fengcun keys init`): the catalog's keyed hashes are made
under it.
"""
from __future__ import annotations

import argparse

from archive import Store
from flows.console import add_store_args, open_store, require_key
from models.errors import ExitCode


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("init", help="create a new store", description=__doc__,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    add_store_args(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    require_key()
    existed = Store.exists(args.store)
    with open_store(args, create=True) as store:
        store.catalog.id_hmac("")     # makes the catalog's index key under this master key, or checks it opens
        print(f"store {store.root} {'was there already; nothing changed' if existed else 'created'}")
    print(f"next: fengcun backfill ARCHIVE --store {args.store}")
    return int(ExitCode.ok)
