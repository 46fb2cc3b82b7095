"""`fengcun inquiry new|list|show|approve|refuse --store STORE`: inquiries into sealed records.

A unit's written application (Measures arts. 14-17) is filed with its official
letter, the officer's work certificate and the signed confidentiality
commitment; it must be decided within 3 working days (public holidays from the
file named by FENGCUN_HOLIDAYS). A defence lawyer's application is refused when
filed. An operator account approves or refuses with a reason: a judicial organ
gets released copies (one-time password, printed once: hand it over separately),
another unit the notification letter. The person asked about is read from
standard input (name, then ID number, one a line) so the ID number never appears
in the process list or the shell history.
"""
from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from pathlib import Path

from archive.accounts import Account, Accounts
from archive.store import Store
from flows.console import account_name, actor, add_store_args, inquiry_id, open_store
from models.errors import ExitCode, SignInRequired, ValidationError
from services import inquiries as inq


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("inquiry", help="inquiries into sealed records (audited)",
                              description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = p.add_subparsers(dest="inquiry_action", metavar="ACTION", required=True)

    new = actions.add_parser("new", help="file a written application")
    add_store_args(new)
    new.add_argument("--kind", required=True, choices=inq.REQUESTER_KINDS,
                     help="judicial organ handling a case, a unit entitled by state regulations, "
                          "or a defence lawyer (refused)")
    new.add_argument("--unit", required=True, help="requesting unit (申请单位)")
    new.add_argument("--officer", required=True, help="the officer who applies (经办人)")
    new.add_argument("--reason", required=True, help="reason for the inquiry (查询理由)")
    new.add_argument("--legal-basis", required=True, help="legal basis (法律依据)")
    new.add_argument("--purpose", required=True, help="purpose (查询用途)")
    new.add_argument("--official-letter", required=True, type=Path, metavar="FILE")
    new.add_argument("--work-certificate", required=True, type=Path, metavar="FILE")
    new.add_argument("--commitment", required=True, type=Path, metavar="FILE",
                     help="the signed confidentiality commitment (保密承诺书)")
    new.add_argument("--received", type=dt.date.fromisoformat, metavar="YYYY-MM-DD",
                     help="day the application was received (default today)")
    new.add_argument("--actor", required=True, type=actor, help="account name of the clerk who files it")
    new.set_defaults(run=run_new)

    ls = actions.add_parser("list", help="pending inquiries and their deadlines")
    add_store_args(ls)
    ls.set_defaults(run=run_list)

    show = actions.add_parser("show", help="one inquiry's state and decision")
    add_store_args(show)
    show.add_argument("inquiry_id", type=inquiry_id, metavar="INQUIRY")
    show.set_defaults(run=run_show)

    for name, helptext in (("approve", "approve and answer"), ("refuse", "refuse, with the reason")):
        d = actions.add_parser(name, help=helptext)
        add_store_args(d)
        d.add_argument("inquiry_id", type=inquiry_id, metavar="INQUIRY")
        d.add_argument("--reason", required=True, help="the decision's reason")
        add_account_args(d)
        if name == "approve":
            d.add_argument("--out", required=True, type=Path, metavar="DIR",
                           help="where the released copies or the letter are written")
            d.add_argument("--authority", required=True, help="the answering authority, as signed")
            d.add_argument("--second-approver", type=account_name, metavar="REVIEWER",
                           help="a unit acting under a statute (法律另有规定) is answered only once a "
                                "reviewer other than the deciding account approves its legal basis: "
                                "that reviewer's account (its password is read after the deciding account's)")
        d.set_defaults(run=run_approve if name == "approve" else run_refuse)


def add_account_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--account", required=True, type=account_name, help="the deciding account (role operator/reviewer)")
    p.add_argument("--password-stdin", action="store_true",
                   help="read the account's password from the first line of standard input")


def signed_in(args: argparse.Namespace, store: Store, name: str | None = None) -> Account:
    """An account (the deciding one unless `name` is given), authenticated by its password:
    a decision is someone's. Passwords come one a line from standard input, in the order asked."""
    name = name or args.account
    password = sys.stdin.readline().rstrip("\r\n") if args.password_stdin or not sys.stdin.isatty() \
        else getpass.getpass(f"password of {name}: ")
    account = Accounts(store).authenticate(name, password)
    if account is None:
        raise SignInRequired("sign-in failed: unknown account, wrong password, or the account is locked")
    return account


def read_subject() -> tuple[str, str]:
    """Name and ID number of the person asked about, from standard input."""
    if sys.stdin.isatty():
        return input("name of the person asked about: ").strip(), getpass.getpass("ID number: ").strip()
    name, number = sys.stdin.readline().strip(), sys.stdin.readline().strip()
    if not name or not number:
        raise ValidationError("standard input must hold the name and the ID number, one a line")
    return name, number


def run_new(args: argparse.Namespace) -> int:
    store = open_store(args)
    name, number = read_subject()
    application = inq.Application(args.kind, args.unit, args.officer, name, number, args.reason,
                                  args.legal_basis, args.purpose)
    inquiry = inq.submit(store, application, {
        "official_letter": args.official_letter, "work_certificate": args.work_certificate,
        "confidentiality_commitment": args.commitment}, args.actor, received_on=args.received)
    if inquiry.state == inq.REFUSED:
        print(f"inquiry {inquiry.inquiry_id} refused: {inq.decision_reason(store, inquiry.inquiry_id)}")
        return int(ExitCode.ok)
    print(f"inquiry {inquiry.inquiry_id} filed; decision due {inquiry.due_date.isoformat()}")
    return int(ExitCode.ok)


def run_list(args: argparse.Namespace) -> int:
    store = open_store(args)
    today = dt.date.today()
    pending = inq.open_inquiries(store)
    print(f"pending inquiries: {len(pending)}")
    for i in pending:
        late = "  OVERDUE" if i.overdue(today) else ""
        print(f"{i.inquiry_id}  {i.kind:<14} received {i.received_on}  due {i.due_date} "
              f"({i.days_left(today)} days){late}")
    return int(ExitCode.ok)


def run_show(args: argparse.Namespace) -> int:
    store = open_store(args)
    i = inq.get(store, args.inquiry_id)
    print(f"{i.inquiry_id}: {i.kind}, {i.state}; received {i.received_on}, due {i.due_date}")
    if i.state != inq.PENDING:
        print(f"decided by {i.decided_by}: {i.answer}; reason: {inq.decision_reason(store, i.inquiry_id)}")
    return int(ExitCode.ok)


def run_approve(args: argparse.Namespace) -> int:
    store = open_store(args)
    account = signed_in(args, store)
    second = signed_in(args, store, args.second_approver) if args.second_approver else None
    answer = inq.approve(store, args.inquiry_id, account, args.reason, args.out, authority=args.authority,
                         second_approver=second)
    for path in answer.files:
        print(f"written: {path}")
    if answer.password:
        print(f"one-time password (give it to the requester separately; it is not stored): "
              f"{answer.password}")
    return int(ExitCode.ok)


def run_refuse(args: argparse.Namespace) -> int:
    store = open_store(args)
    inquiry = inq.refuse(store, args.inquiry_id, signed_in(args, store), args.reason)
    print(f"inquiry {inquiry.inquiry_id} refused")
    return int(ExitCode.ok)
