"""Rebuild the confusable-glyph table (extractors/reading/confusions.tsv) from scans and their truth.

    .venv/bin/python scripts/learn_confusions.py --pages DIR_OR_FILE… --typeface "WQY Zen Hei" \
        [--engine rapidocr] [--table extractors/reading/confusions.tsv] [--replace]

The pairs are the ones `fengcun ocr-eval` measures: X.scan.pdf / X.scan.tif beside the
text-layer twin X.pdf, or an image beside X.txt (tests/resources/make_pages.py --corpus
writes such pairs from the real judgments). Each scan is read by the engine, aligned
with its truth page by page, and every one-for-one substitution is counted under
(engine, typeface). Without --replace the counts are added to the table's; rows of other
engines and typefaces are kept either way. Prints counts only, never page text.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from extractors.ocr import DEFAULT_ENGINE, ENGINES, get_engine
from extractors.pages import read_pages
from extractors.reading.confusions import TABLE_PATH, ConfusionTable
from flows.commands.ocr_eval import find_scans, truth_pages
from models.errors import InputFileError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", nargs="+", required=True, type=Path, metavar="DIR_OR_FILE")
    parser.add_argument("--typeface", required=True, help="the typeface the pages were printed in")
    parser.add_argument("--engine", choices=sorted(ENGINES), default=DEFAULT_ENGINE)
    parser.add_argument("--table", type=Path, default=TABLE_PATH)
    parser.add_argument("--replace", action="store_true",
                        help="drop this engine's and typeface's earlier counts before adding")
    args = parser.parse_args(argv)
    scans = [s for s in find_scans(args.pages) if truth_pages(s) is not None]
    if not scans:
        raise InputFileError(" ".join(map(str, args.pages)), "no scan with its truth beside it (X.pdf or X.txt)")
    table = ConfusionTable.load(args.table) if args.table.is_file() else ConfusionTable()
    if args.replace:
        for key in [k for k in table.counts if k[:2] == (args.engine, args.typeface)]:
            del table.counts[key]
    engine = get_engine(args.engine)
    before = sum(table.counts.values())
    for scan in scans:
        truth = truth_pages(scan) or []
        read = [p.text for p in read_pages(scan, engine)]
        if len(read) != len(truth):      # pages that do not pair up are compared as one text
            read, truth = ["".join(read)], ["".join(truth)]
        table.learn(args.engine, args.typeface, zip(truth, read))
    table.save(args.table)
    print(f"{len(scans)} scans, {sum(table.counts.values()) - before} substitutions added, "
          f"{len(table.counts)} rows in {args.table}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
