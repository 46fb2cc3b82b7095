"""Write the texts of a labelled set drawn from the JuDGE benchmark:
`python -m scripts.judge_texts --test-json test.json --sources LABELS/SOURCES.md --out DIR`.

The held-out and pool sets (tests/resources/real-judgments/labels-held*/, labels-pool/) keep
their texts out of this repository; each SOURCES.md table names, per file, the record's
`text_id` in JuDGE's data/test.json (one JSON record a line). This writes each record's `fd`
field verbatim, with one trailing newline, as the file the table names — the form the labels
were written against. It reads a local copy of test.json and fetches nothing.
"""
from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from core.atomic import write_atomic

ROW = re.compile(r"^\|\s*(?P<file>[\w.]+\.txt)\s*\|\s*`(?P<id>[0-9a-f-]{36})`")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--test-json", type=Path, required=True, help="JuDGE's data/test.json")
    ap.add_argument("--sources", type=Path, required=True, help="a labelled set's SOURCES.md")
    ap.add_argument("--out", type=Path, required=True, help="folder to write the texts into")
    args = ap.parse_args(argv)
    wanted = {m["id"]: m["file"] for line in args.sources.read_text("utf-8").splitlines() if (m := ROW.match(line))}
    found = 0
    args.out.mkdir(parents=True, exist_ok=True)
    with args.test_json.open(encoding="utf-8") as records:
        for line in records:
            if line.strip() and (record := json.loads(line))["text_id"] in wanted:
                write_atomic(args.out / wanted[record["text_id"]], (record["fd"] + "\n").encode("utf-8"), 0o644)
                found += 1
    missing = len(wanted) - found
    print(f"wrote {found} texts into {args.out}" + (f"; {missing} record ids not in {args.test_json}" if missing else ""))
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
