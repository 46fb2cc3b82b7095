"""`fengcun synth`: write a synthetic archive with known truth (docs/synth.md)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from models.errors import ExitCode


def _fraction(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 1")
    return value


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative")
    return value


def register(subparsers: argparse._SubParsersAction) -> None:
    from synth.render import DEFAULT_TYPEFACE, LAYOUTS, TYPEFACES
    from synth.scan import COLOURS, PAPERS

    p = subparsers.add_parser(
        "synth", help="generate synthetic dossiers (text-layer PDFs and scans) with truth records",
        description="Write N synthetic dossiers into DIR (dNNNN.pdf, dNNNN.scan.pdf, dNNNN.scan.tif) and "
                    "DIR/truth/dNNNN.json with the decision record a perfect pipeline would produce.")
    p.add_argument("--out", required=True, type=Path, metavar="DIR")
    p.add_argument("--dossiers", required=True, type=_count, metavar="N")
    p.add_argument("--seed", required=True, type=int, metavar="S")
    p.add_argument("--scanned-fraction", type=_fraction, default=0.0, metavar="F",
                   help="share of dossiers written as scans instead of text-layer PDFs (default 0)")
    p.add_argument("--defects-rate", type=_fraction, default=0.2, metavar="R",
                   help="share of dossiers carrying deliberate edge cases (default 0.2)")
    p.add_argument("--tiff-fraction", type=_fraction, default=0.2, metavar="T",
                   help="share of scans written as multi-page TIFF rather than image PDF (default 0.2)")
    p.add_argument("--dpi", type=int, choices=(200, 300), default=None,
                   help="scan every page at this resolution (default: 200 or 300, mixed as scanner runs mix them)")
    p.add_argument("--both", action="store_true",
                   help="write every dossier as text-layer PDF and as a scan, sharing one truth file")
    p.add_argument("--typeface", choices=sorted(TYPEFACES), default=DEFAULT_TYPEFACE,
                   help=f"typeface of the printed pages (default {DEFAULT_TYPEFACE}); "
                        "noto-serif and noto-sans only with --scanned-fraction 1")
    p.add_argument("--layout", choices=sorted(LAYOUTS), default="archive",
                   help="page layout: archive (default) or court (the national layout of court documents)")
    p.add_argument("--colour", choices=COLOURS, default=None, help="scans in colour (default) or greyscale")
    p.add_argument("--paper", choices=PAPERS, default=None, help="scanned paper white (default) or yellowed")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from synth import generate
    from synth.scan import ScanLook

    look = ScanLook(args.colour or "colour", args.paper or "white") if args.colour or args.paper else None
    try:
        files = generate(args.out, args.dossiers, args.seed, scanned_fraction=args.scanned_fraction,
                         defects_rate=args.defects_rate, tiff_fraction=args.tiff_fraction, both=args.both,
                         scan_dpi=args.dpi, face=args.typeface, page_layout=args.layout, look=look)
    except OSError as exc:
        print(f"fengcun synth: cannot write into {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return int(ExitCode.bad_args)
    except ValueError as exc:
        print(f"fengcun synth: {exc}", file=sys.stderr)
        return int(ExitCode.bad_args)
    print(f"wrote {len(files)} files for {args.dossiers} dossiers into {args.out}")
    return int(ExitCode.ok)
