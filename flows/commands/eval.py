"""`fengcun eval`: field F1, decisions right / review / wrong, confident-wrong counts, review rates.

Three ways to get the predictions scored against truth records in DIR (DIR/truth/*.json
as the synthetic generator writes them, DIR/*.json, or hand labels DIR/*.yaml):

    fengcun eval --truth DIR --predictions FILE     records the pipeline exported (JSONL)
    fengcun eval --truth DIR --files PATH…          read each file now (text layer or OCR), no store
    fengcun eval --real-set --print scan --typeface noto-serif --dpi 300 --work W
                                                    print the labelled real judgments in the court
                                                    layout (text layer or scans) into W, read them, score

Prints ids only, never a person's data. docs/evaluation.md says which set serves what.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from extractors.evaluate import evaluate, format_report, load_truth, predict_file, read_predictions
from models.errors import InputFileError

REPO = Path(__file__).resolve().parents[2]
REAL_LABELS = REPO / "tests" / "resources" / "real-judgments" / "labels"
# where the judgments' texts are: the shared corpus beside the clone (CI), on this machine, and the repo's own
REAL_TEXTS = (REPO.parent / "shared" / "corpus" / "real-judgments", Path("/work/shared/corpus/real-judgments"),
              REPO.parent / "shared" / "corpus" / "held-judgments", Path("/work/shared/corpus/held-judgments"),
              REPO / "tests" / "resources" / "real-judgments" / "texts")
FILE_SUFFIXES = (".pdf", ".tif", ".tiff", ".jpg", ".jpeg", ".png")


def register(subparsers: argparse._SubParsersAction) -> None:
    from synth.render import DEFAULT_TYPEFACE, TYPEFACES
    from synth.scan import COLOURS, DPIS, PAPERS

    p = subparsers.add_parser("eval", help="score decision records against truth records", description=__doc__,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--truth", type=Path, help="folder of truth records (default with --real-set: the labels)")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--predictions", type=Path, help="JSONL file of decision records")
    source.add_argument("--files", nargs="+", type=Path, metavar="PATH",
                        help="dossier files, or folders of them, to read and decide now")
    source.add_argument("--real-set", action="store_true", help="print the labelled real judgments and score them")
    p.add_argument("--print", dest="printed", choices=("text", "scan"), default="text",
                   help="--real-set: text-layer PDFs or scans (default text)")
    p.add_argument("--typeface", choices=sorted(TYPEFACES), default=DEFAULT_TYPEFACE,
                   help=f"--real-set: typeface (default {DEFAULT_TYPEFACE})")
    p.add_argument("--dpi", type=int, choices=DPIS, default=300, help="--real-set scans: resolution (default 300)")
    p.add_argument("--colour", choices=COLOURS, default=None, help="--real-set scans: colour or greyscale files")
    p.add_argument("--paper", choices=PAPERS, default=None, help="--real-set scans: white or yellowed paper")
    p.add_argument("--lose-headings", action="store_true",
                   help="--real-set: print each judgment without the headings of its findings (经审理查明…), "
                        "as an OCR that lost them reads it")
    p.add_argument("--work", type=Path, help="--real-set: folder for the printed files (kept; reused when present)")
    p.add_argument("--texts", type=Path, action="append", help="--real-set: folder of case_NNN.txt (repeatable)")
    p.add_argument("--engine", default=None, help="OCR engine for scans (default: the pipeline's)")
    p.add_argument("--save-predictions", type=Path, metavar="FILE", help="write the records read (JSONL)")
    p.add_argument("--json", action="store_true", help="print the report as one JSON object")
    p.add_argument("--errors", action="store_true", help="also list each wrong value (dossier id prefix, person id, field)")
    p.set_defaults(run=run)


def _files(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(f for f in path.iterdir() if f.suffix.lower() in FILE_SUFFIXES)
        elif path.is_file():
            found.append(path)
        else:
            raise InputFileError(str(path), "no such file or folder")
    return found


def _text_of(stem: str, folders: list[Path]) -> str:
    for folder in folders:
        if (folder / f"{stem}.txt").is_file():
            return (folder / f"{stem}.txt").read_text("utf-8")
    raise InputFileError(f"{stem}.txt", "judgment text not found; pass its folder with --texts "
                                        "(the shared corpus is read from ../shared/corpus/real-judgments)")


def print_real_set(labels: Path, work: Path, printed: str, face: str, dpi: int, look: Any,
                   texts: list[Path], *, lose_headings: bool = False) -> list[Path]:
    """The labelled judgments printed into `work` (each once: a file already there is kept)."""
    from synth.judgment import render_judgment, without_findings_headings

    files: list[Path] = []
    for stem, label in sorted(load_truth(labels).items()):
        target = work / (f"{stem}.scan.pdf" if printed == "scan" else f"{stem}.pdf")
        if not target.is_file():
            text = _text_of(Path(label.get("text", stem)).stem, texts)
            render_judgment(without_findings_headings(text) if lose_headings else text, work, stem, face,
                            text_layer=printed == "text", scan_dpi=dpi if printed == "scan" else None, look=look)
        files.append(target)
    return files


def run(args: argparse.Namespace) -> int:
    records: list[dict[str, Any]]
    truth = args.truth or (REAL_LABELS if args.real_set else None)
    if truth is None or not truth.is_dir():
        raise InputFileError(str(truth), "not a folder of truth records (--truth DIR)")
    if args.predictions:
        records = read_predictions(args.predictions)
    else:
        if args.real_set:
            from synth.scan import ScanLook

            look = ScanLook(args.colour or "colour", args.paper or "white") if args.colour or args.paper else None
            work = args.work or Path(f"real-set-{args.printed}-{args.typeface}" +
                                     (f"-{args.dpi}" if args.printed == "scan" else "") +
                                     ("-no-headings" if args.lose_headings else ""))
            texts = args.texts or [t for t in REAL_TEXTS if t.is_dir()]
            files = print_real_set(truth, work, args.printed, args.typeface, args.dpi, look, texts,
                                   lose_headings=args.lose_headings)
        else:
            files = _files(args.files)
        records = []
        for n, path in enumerate(files, 1):
            records.append(predict_file(path, args.engine))
            print(f"read {n}/{len(files)}", file=sys.stderr, flush=True)
        if args.save_predictions:
            args.save_predictions.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                                             "utf-8")
    report = evaluate(truth, records)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False))
        return 0
    format_report(report)
    if args.errors:
        for line in report.errors:
            print(line)
    return 0
