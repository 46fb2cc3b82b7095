"""`fengcun eval --truth DIR --predictions FILE`: field F1, decision confusion, confident-wrong counts.

FILE is JSONL of decision records (`fengcun export --format jsonl`); DIR holds truth
records (DIR/truth/*.json as the synthetic generator writes them, or DIR/*.json).
Prints ids only, never a person's data.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from extractors.evaluate import evaluate, format_report, read_predictions
from models.errors import InputFileError


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("eval", help="score decision records against truth records", description=__doc__)
    p.add_argument("--truth", required=True, type=Path, help="folder of truth records")
    p.add_argument("--predictions", required=True, type=Path, help="JSONL file of decision records")
    p.add_argument("--json", action="store_true", help="print the report as one JSON object")
    p.add_argument("--errors", action="store_true", help="also list each wrong value (dossier id prefix, person id, field)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not args.truth.is_dir():
        raise InputFileError(str(args.truth), "not a folder of truth records")
    report = evaluate(args.truth, read_predictions(args.predictions))
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False))
        return 0
    format_report(report)
    if args.errors:
        for line in report.errors:
            print(line)
    return 0
