"""`fengcun keys init|show-id|rotate`: create the master key, say which key is in use, or
re-seal a store under a new key.

No command ever prints the key: `show-id` prints its id (a hash), which is what
sealed files' key sidecars record, so an operator can tell whether the key at hand
opens them. `rotate --store S --new-key-file NEW` re-seals everything the key in use
sealed under NEW (services.key_rotation); an interrupted rotation is finished by
running it again, and only then may the old key be retired.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from core.keys import MasterKey, default_key_file
from flows.console import actor, add_store_args, open_store
from models.errors import ExitCode


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("keys", help="create the master key or show its id")
    actions = p.add_subparsers(dest="keys_action", metavar="ACTION", required=True)
    init = actions.add_parser("init", help="create a new master key file (never overwrites one)")
    init.add_argument("--key-file", type=Path, default=None,
                      help="where to write it (default: $FENGCUN_KEY_FILE or ~/.config/fengcun/master.key)")
    init.set_defaults(run=run_init)
    show = actions.add_parser("show-id", help="print the id of the master key in use")
    show.add_argument("--key-file", type=Path, default=None)
    show.set_defaults(run=run_show_id)
    rotate = actions.add_parser("rotate", help="re-seal every sealed file, notice and catalog value under a new key")
    rotate.add_argument("--new-key-file", type=Path, required=True,
                        help="the new key (make it with `fengcun keys init --key-file NEW`)")
    rotate.add_argument("--key-file", type=Path, default=None,
                        help="the key in use (default: $FENGCUN_MASTER_KEY, $FENGCUN_KEY_FILE or the default file)")
    rotate.add_argument("--actor", default="operator", type=actor, help="who rotates, for the audit log")
    add_store_args(rotate)
    rotate.set_defaults(run=run_rotate)


def run_init(args: argparse.Namespace) -> int:
    path = args.key_file or default_key_file()
    key = MasterKey.create(path)
    print(f"created master key {key.key_id} at {path} (owner-only permissions)")
    print("Back this file up somewhere safe and separate: without it no sealed file can ever be opened.")
    return int(ExitCode.ok)


def run_show_id(args: argparse.Namespace) -> int:
    print(MasterKey.load(args.key_file).key_id)
    return int(ExitCode.ok)


def run_rotate(args: argparse.Namespace) -> int:
    from services.key_rotation import rotate
    old, new = MasterKey.load(args.key_file), MasterKey.from_file(args.new_key_file)
    with open_store(args, master_key=old) as store:
        done = rotate(store, old, new, args.actor)
    print(f"re-sealed under {done.new_key_id}: {done.sidecars} file passwords, {done.files} sealed files, "
          f"{done.catalog_rows} catalog rows")
    print(f"from now on use the new key (FENGCUN_KEY_FILE={args.new_key_file}); keep the old key "
          f"{done.old_key_id} until a rerun of this command reports 0 changes everywhere")
    return int(ExitCode.ok)
