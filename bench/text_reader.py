"""The text-layer reader's speed: PDFium's text page against pdfplumber, on the same pages in one run.

Generates the synthetic text-layer archive `make bench` uses (same seed), takes its
first ~100 pages and times, per page, what the page stage does before triage: the
characters with their boxes, deduplicated and grouped into lines, and the images'
pixel sizes and coverage. "pdfium" is `extractors.pages` as it is; "pdfplumber" is
the same reading done with pdfplumber's character objects, the way the page stage
read text layers before. Wall-clock and CPU seconds, median of `--reps` runs, one
process, one core.

    python -m bench.text_reader [--pages 100] [--reps 3]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from bench.run import SEED
from extractors import images
from extractors.pages import DEFAULT_MAX_PIXELS, _open, group_lines


def pdfium_pages(files: list[Path]) -> int:
    pages = 0
    for path in files:
        with _open(path, DEFAULT_MAX_PIXELS) as source:
            for index in range(source.count):
                source.text_layer(index)
                pages += 1
    return pages


def pdfplumber_pages(files: list[Path]) -> int:
    import pdfplumber

    pages = 0
    for path in files:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                deduped = page.dedupe_chars()
                raw = [(c["text"], (c["x0"], c["top"], c["x1"], c["bottom"])) for c in deduped.chars]
                for image in deduped.images:
                    image.get("srcsize")
                if page.rotation:
                    stored = (page.height, page.width) if page.rotation in (90, 270) else (page.width, page.height)
                    to_stored = np.linalg.inv(images.upright_matrix(*stored, page.rotation, 0.0)[0])
                    raw = [(t, images.map_box(to_stored, b)) for t, b in raw]
                group_lines(raw)
                page.close()
                pages += 1
    return pages


def timed(read: Callable[[list[Path]], int], files: list[Path], reps: int) -> dict[str, float]:
    walls, cpus = [], []
    for _ in range(reps):
        wall, cpu = time.perf_counter(), time.process_time()
        pages = read(files)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    wall, cpu = statistics.median(walls), statistics.median(cpus)
    return {"pages": pages, "wall_s": wall, "cpu_s": cpu, "pages_per_s": pages / wall, "pages_per_cpu_s": pages / cpu}


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.text_reader", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=100, help="pages to read (whole dossiers, at least this many)")
    ap.add_argument("--reps", type=int, default=3, help="runs of each reader; the median is reported")
    args = ap.parse_args(argv)
    from synth import generate

    with tempfile.TemporaryDirectory(prefix="fengcun-text-reader-") as tmp:
        files: list[Path] = []
        pages = 0
        for path in generate(Path(tmp), args.pages // 6 + 4, SEED):
            if pages >= args.pages:
                break
            with _open(path, DEFAULT_MAX_PIXELS) as source:
                pages += source.count
            files.append(path)
        rows = {name: timed(read, files, args.reps) for name, read in
                (("pdfplumber", pdfplumber_pages), ("pdfium", pdfium_pages))}
    print("| reader | pages | median wall s | pages/s | CPU s | pages per CPU s |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, r in rows.items():
        print(f"| {name} | {r['pages']:.0f} | {r['wall_s']:.2f} | {r['pages_per_s']:.0f} | {r['cpu_s']:.2f} | "
              f"{r['pages_per_cpu_s']:.0f} |")
    print(f"\npdfium / pdfplumber: {rows['pdfium']['pages_per_s'] / rows['pdfplumber']['pages_per_s']:.1f}× "
          f"(wall), {rows['pdfium']['pages_per_cpu_s'] / rows['pdfplumber']['pages_per_cpu_s']:.1f}× (CPU)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
