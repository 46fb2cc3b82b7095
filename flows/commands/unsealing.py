"""`fengcun unsealing list|check|approve|reject --store STORE`: the reviewer's side of art. 18.

`check DOSSIER` weighs a processed dossier against the sealed records of the
same persons (by ID number) and opens a case for each that may unseal (U1, U2),
must state the prior record (U3), or lacks a fact (review). Only a reviewer
account decides: `approve CASE [--punished-together yes|no]` writes the unsealed
copy (the sealed file is kept) or acknowledges the U3 flag; `reject CASE` closes it.
"""
from __future__ import annotations

import argparse

from flows.commands.inquiry import add_account_args, signed_in
from flows.console import add_store_args, dossier_id, open_store, positive_int
from services import unsealing


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("unsealing", help="unsealing cases (Measures art. 18), reviewer-approved",
                              description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = p.add_subparsers(dest="unsealing_action", metavar="ACTION", required=True)
    ls = actions.add_parser("list", help="open cases")
    add_store_args(ls)
    ls.set_defaults(run=run_list)
    check = actions.add_parser("check", help="open cases for a processed dossier")
    add_store_args(check)
    check.add_argument("dossier_id", type=dossier_id, metavar="DOSSIER", help="dossier id (full sha256)")
    check.set_defaults(run=run_check)
    for name in ("approve", "reject"):
        d = actions.add_parser(name, help=f"{name} a case")
        add_store_args(d)
        d.add_argument("case_id", type=positive_int, metavar="CASE")
        add_account_args(d)
        if name == "approve":
            d.add_argument("--punished-together", choices=["yes", "no"],
                           help="what the new judgment says: the sealed offence punished together (数罪并罚)")
        d.set_defaults(run=run_approve if name == "approve" else run_reject)


def _print(case: unsealing.UnsealingCase) -> None:
    flag = "  new judgment must state the prior record" if case.must_state_prior_record else ""
    print(f"case {case.case_id}: sealed {case.sealed_dossier_id[:12]}/{case.sealed_person_id} ← new "
          f"{case.new_dossier_id[:12]}/{case.new_person_id}: {case.outcome or case.proposed} "
          f"[{','.join(case.rules) or '-'}] {case.state}{flag}")


def run_list(args: argparse.Namespace) -> int:
    for case in unsealing.cases(open_store(args), state=unsealing.OPEN):
        _print(case)
    return 0


def run_check(args: argparse.Namespace) -> int:
    for case in unsealing.check_new_dossier(open_store(args), args.dossier_id):
        _print(case)
    return 0


def run_approve(args: argparse.Namespace) -> int:
    store = open_store(args)
    together = {"yes": True, "no": False, None: None}[args.punished_together]
    _print(unsealing.approve(store, args.case_id, signed_in(args, store), punished_together=together))
    return 0


def run_reject(args: argparse.Namespace) -> int:
    store = open_store(args)
    _print(unsealing.reject(store, args.case_id, signed_in(args, store)))
    return 0
