"""`fengcun users add|list|disable|passwd --store STORE`: the accounts of the review app and of
the commands that need a signed-in person.

    add NAME --role reviewer|operator|auditor   create an account
    list                                        every account: role, created, disabled, locked
    disable NAME                                disable it for good and end its sessions
    passwd NAME                                 a new password; unlocks it, ends its sessions

Passwords are asked for twice on a terminal; scripts pipe them in with
--password-stdin (first line of standard input). They are stored only as argon2id
hashes; every change goes to the audit log. Accounts are never deleted: the audit
log names them.
"""
from __future__ import annotations

import argparse
import getpass
import sys

from archive.accounts import ROLES, AccountError, Accounts
from flows.console import account_name, actor, add_store_args, open_store
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
    listing = actions.add_parser("list", help="list the accounts and their state")
    add_store_args(listing)
    listing.set_defaults(run=run_list)
    disable = actions.add_parser("disable", help="disable an account and end its sessions")
    disable.add_argument("name", type=account_name, metavar="NAME")
    disable.add_argument("--actor", default="operator", type=actor, help="who disables it, for the audit log")
    add_store_args(disable)
    disable.set_defaults(run=run_disable)
    passwd = actions.add_parser("passwd", help="set a new password (unlocks the account)")
    passwd.add_argument("name", type=account_name, metavar="NAME")
    passwd.add_argument("--password-stdin", action="store_true",
                        help="read the password from the first line of standard input")
    passwd.add_argument("--actor", default="operator", type=actor, help="who sets it, for the audit log")
    add_store_args(passwd)
    passwd.set_defaults(run=run_passwd)


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


def run_list(args: argparse.Namespace) -> int:
    rows = Accounts(open_store(args)).listing()
    print(f"accounts: {len(rows)}")
    for r in rows:
        state = "disabled" if r.disabled else f"locked until {r.locked_until}" if r.locked_until else "active"
        print(f"{r.name:<24} {r.role:<9} created {r.created_at[:10]}  {state}")
    return int(ExitCode.ok)


def run_disable(args: argparse.Namespace) -> int:
    Accounts(open_store(args)).disable(args.name, args.actor)
    print(f"account {args.name} disabled; its sessions are ended")
    return int(ExitCode.ok)


def run_passwd(args: argparse.Namespace) -> int:
    store = open_store(args)
    Accounts(store).set_password(args.name, _password(args.password_stdin), args.actor)
    print(f"password of {args.name} set; the account is unlocked and its sessions are ended")
    return int(ExitCode.ok)
