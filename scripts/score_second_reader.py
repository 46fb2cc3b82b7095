"""The second reader beside its baseline on a labelled set:
`python -m scripts.score_second_reader --labels DIR --texts DIR`.

For each judgment, the birth dates and offence dates (placed as ranges) the trained second
reader marks anywhere in the text, and those the rule-based reader gives the defendants, are
compared with the hand labels' defendants (tests/resources/real-judgments/README.md): precision
and recall of the values, per reader. The rules are the baseline: what the statistical reader
adds is where it reads what they miss; its precision bounds how often it asks a reviewer for
nothing. Prints a table; names no person.
"""
from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from extractors import numerals
from extractors.evaluate import load_truth
from extractors.nlp import extract_text
from extractors.second_reader import read

Values = dict[str, set[tuple[dt.date, dt.date]]]


def second_reader_values(text: str) -> Values:
    found: Values = {"birth": set(), "offence": set()}
    for r in read(text):
        if r.label == "BIRTH" and (day := numerals.parse_date(r.text)) is not None:
            found["birth"].add((day, day))
        elif r.label == "OFFENCE" and (span := numerals.first_span(r.text)) is not None:
            found["offence"].add((span.start, span.end))
    return found


def rules_values(text: str) -> Values:
    defendants = [p for p in extract_text(text).persons if p.is_defendant]
    return {"birth": {(p.birth_date, p.birth_date) for p in defendants if p.birth_date},
            "offence": {(o.start, o.end) for p in defendants for o in p.offence_dates}}


def truth_values(record: dict) -> Values:
    defendants = [p for p in record["persons"] if p.get("role") in ("defendant", "suspect")]
    days = [dt.date.fromisoformat(p["birth_date"]) for p in defendants if p.get("birth_date")]
    return {"birth": {(d, d) for d in days},
            "offence": {(dt.date.fromisoformat(o["start"]), dt.date.fromisoformat(o["end"]))
                        for p in defendants for o in p.get("offence_dates") or []}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--labels", type=Path, required=True)
    parser.add_argument("--texts", type=Path, required=True)
    args = parser.parse_args()
    counts = {(reader, field): [0, 0, 0] for reader in ("second reader", "rules") for field in ("birth", "offence")}
    for stem, record in sorted(load_truth(args.labels).items()):
        text = (args.texts / f"{stem}.txt").read_text("utf-8")
        truth = truth_values(record)
        for reader, got in (("second reader", second_reader_values(text)), ("rules", rules_values(text))):
            for field in ("birth", "offence"):
                tp_fp_fn = counts[reader, field]
                tp_fp_fn[0] += len(got[field] & truth[field])
                tp_fp_fn[1] += len(got[field] - truth[field])
                tp_fp_fn[2] += len(truth[field] - got[field])
    print(f"{'reader':14} {'field':8} {'precision':>9} {'recall':>7}   tp  fp  fn")
    for (reader, field), (tp, fp, fn) in counts.items():
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        print(f"{reader:14} {field:8} {precision:9.3f} {recall:7.3f}  {tp:3} {fp:3} {fn:3}")


if __name__ == "__main__":
    main()
