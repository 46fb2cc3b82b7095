"""`fengcun users add NAME --role reviewer|operator|auditor --store STORE`: an account for the review app.

The password is asked for twice on a terminal; scripts pipe it in with
--password-stdin (first line of standard input). It is stored only as an
argon2id hash; the account's creation goes to the audit log.
"""
from __future__ import annotations

import argparse
import getpass
import sys

from archive.accounts import ROLES, AccountError, Accounts
from flows.console import account_name, add_store_args, open_store
from models.errors import ExitCode


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("users", help="accounts of the review app",
                              description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = p.add_subparsers(dest="users_action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="create an account")
    add.add_argument("name", type=account_name, metavar="NAME", help="account name: lower-case ASCII, e.g. wang.li")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--password-stdin", action="store_true",
                     help="read the password from the first line of standard input")
    add_store_args(add)
    add.set_defaults(run=run_add)


def _password(from_stdin: bool) -> str:
    if from_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise AccountError("the two passwords differ")
    return first


def run_add(args: argparse.Namespace) -> int:
    store = open_store(args)
    password = _password(args.password_stdin)
    account = Accounts(store).add(args.name, args.role, password)
    print(f"account {account.name} ({account.role}) created")
    return int(ExitCode.ok)
