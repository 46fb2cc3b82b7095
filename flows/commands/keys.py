"""`fengcun keys init|show-id`: create the master key, or say which key is in use.

Neither command ever prints the key: `show-id` prints its id (a hash), which is
what sealed files' key sidecars record, so an operator can tell whether the key
at hand opens them.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from core.keys import MasterKey, default_key_file
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


def run_init(args: argparse.Namespace) -> int:
    path = args.key_file or default_key_file()
    key = MasterKey.create(path)
    print(f"created master key {key.key_id} at {path} (owner-only permissions)")
    print("Back this file up somewhere safe and separate: without it no sealed file can ever be opened.")
    return int(ExitCode.ok)


def run_show_id(args: argparse.Namespace) -> int:
    print(MasterKey.load(args.key_file).key_id)
    return int(ExitCode.ok)
