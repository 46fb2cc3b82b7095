"""`fengcun ocr-eval --pages DIR_OR_FILES… [--engine E …]`: character error rate and seconds per page
(wall, and CPU seconds of this process and its children, which depend far less on other load).

Each scan (X.scan.pdf, X.scan.tif, or any image or image-only PDF) is read by
each engine and compared, page by page, with its ground truth: the text layer
of its twin X.pdf (what `fengcun synth --both` writes) or else X.txt (pages
separated by form feeds). Prints numbers and file names only, never page text:
synthetic names are handled as if real.
"""
from __future__ import annotations

import argparse
import json
import resource
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from extractors.cer import errors
from extractors.ocr import DEFAULT_ENGINE, ENGINES, get_engine
from extractors.pages import read_pages
from models.errors import InputFileError

SCAN_SUFFIXES = {".pdf", ".tif", ".tiff", ".jpg", ".jpeg", ".png"}


@dataclass
class EngineScore:
    engine: str
    files: int = 0
    pages: int = 0
    ocr_pages: int = 0
    edits: int = 0
    reference_chars: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0         # this process and its children (tesseract), all threads
    per_file: dict[str, float] = field(default_factory=dict)    # file name → CER

    @property
    def cer(self) -> float:
        return self.edits / self.reference_chars if self.reference_chars else 0.0

    @property
    def seconds_per_page(self) -> float:
        return self.seconds / self.pages if self.pages else 0.0

    @property
    def cpu_seconds_per_page(self) -> float:
        return self.cpu_seconds / self.pages if self.pages else 0.0


def cpu_clock() -> float:
    """CPU seconds used so far by this process and its waited-for children: unlike wall time,
    it barely moves when other work shares the machine."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def stem(path: Path) -> str:
    return path.name.split(".", 1)[0]


def truth_pages(scan: Path) -> list[str] | None:
    """The ground-truth text of each page of `scan`, or None when it has no twin."""
    twin = scan.with_name(stem(scan) + ".pdf")
    if twin != scan and twin.is_file():
        pages = read_pages(twin)
        if all(p.source != "ocr" for p in pages):
            return [p.text for p in pages]
    text = scan.with_name(stem(scan) + ".txt")
    if text.is_file():
        return text.read_text(encoding="utf-8").split("\f")
    return None


def find_scans(inputs: list[Path]) -> list[Path]:
    found: list[Path] = []
    for item in inputs:
        if item.is_dir():
            found += sorted(p for p in item.iterdir() if p.suffix.lower() in SCAN_SUFFIXES and ".scan." in p.name)
            found += sorted(p for p in item.iterdir() if p.suffix.lower() in SCAN_SUFFIXES - {".pdf"}
                            and ".scan." not in p.name)
        elif item.is_file():
            found.append(item)
        else:
            raise InputFileError(str(item), "no such file or folder")
    return found


def evaluate(scans: list[Path], engines: list[str]) -> list[EngineScore]:
    truths = {scan: truth_pages(scan) for scan in scans}
    scored = [s for s in scans if truths[s] is not None]
    if not scored:
        raise InputFileError(str(scans[0].parent), "no scan has ground truth beside it (X.pdf text layer or X.txt)")
    results: list[EngineScore] = []
    for name in engines:
        engine = get_engine(name)             # loaded before the clock starts
        score = EngineScore(name)
        for scan in scored:
            reference = truths[scan] or []
            start, cpu_start = time.perf_counter(), cpu_clock()
            pages = read_pages(scan, engine)
            score.seconds += time.perf_counter() - start
            score.cpu_seconds += cpu_clock() - cpu_start
            hypothesis = [p.text for p in pages]
            if len(hypothesis) != len(reference):     # compare whole files when pages do not pair up
                hypothesis, reference = ["".join(hypothesis)], ["".join(reference)]
            file_edits = file_chars = 0
            for ref, hyp in zip(reference, hypothesis):
                e, n = errors(ref, hyp)
                file_edits += e
                file_chars += n
            score.files += 1
            score.pages += len(pages)
            score.ocr_pages += sum(p.source == "ocr" for p in pages)
            score.edits += file_edits
            score.reference_chars += file_chars
            score.per_file[scan.name] = file_edits / file_chars if file_chars else 0.0
        results.append(score)
    return results


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("ocr-eval", help="measure OCR character error rate and seconds per page",
                              description=__doc__)
    p.add_argument("--pages", nargs="+", required=True, type=Path, metavar="DIR_OR_FILE",
                   help="scans, or folders holding them (X.scan.pdf / X.scan.tif beside X.pdf, or images beside X.txt)")
    p.add_argument("--engine", action="append", choices=sorted(ENGINES), default=None,
                   help=f"engine to measure; repeat for several (default {DEFAULT_ENGINE})")
    p.add_argument("--per-file", action="store_true", help="also print each file's CER")
    p.add_argument("--json", action="store_true", help="print one JSON object per engine")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    scans = find_scans(args.pages)
    if not scans:
        raise InputFileError(" ".join(map(str, args.pages)), "no scans found (expected X.scan.pdf, X.scan.tif or images)")
    results = evaluate(scans, args.engine or [DEFAULT_ENGINE])
    for score in results:
        if args.json:
            print(json.dumps({**asdict(score), "cer": score.cer, "seconds_per_page": score.seconds_per_page,
                              "cpu_seconds_per_page": score.cpu_seconds_per_page}))
            continue
        print(f"{score.engine:10s} files {score.files:3d}  pages {score.pages:4d} (OCR {score.ocr_pages:4d})  "
              f"CER {score.cer:7.2%}  {score.seconds_per_page:6.2f} s/page  {score.cpu_seconds_per_page:6.2f} CPU s/page")
        if args.per_file:
            for name, value in score.per_file.items():
                print(f"  {name:30s} CER {value:7.2%}")
    return 0
