"""Writing a synthetic archive: dossier files plus one truth file each.

Layout of OUT (docs/synth.md):
    d0001.pdf          text-layer PDF
    d0002.scan.pdf     image-only scanned PDF
    d0003.scan.tif     multi-page TIFF scan
    truth/d0001.json   the decision record a perfect pipeline would produce
With `both`, every dossier is written as text-layer PDF and as a scan, sharing
one truth file (blank separator pages exist in both versions, so page numbers
agree). Plans are made in order from the seed; files are written in parallel,
each dossier from its own seed, so the bytes never depend on worker timing.
A typeface, a page layout and a scan look (synth.render, synth.scan) change how
the same dossiers are printed and scanned, never what they say.
"""
from __future__ import annotations

import hashlib
import json
import os
import random
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.atomic import write_atomic
from synth.documents import write_dossier
from synth.plan import VARIANTS, DossierPlan, plan_case
from synth.render import DEFAULT_TYPEFACE, LAYOUTS, layout, page_texts, typeface, write_pdf
from synth.scan import DPIS, ScanLook, image_pdf, multipage_tiff, scan
from synth.truth import truth_dict, truth_record

TRUTH_DIR = "truth"


@dataclass(frozen=True)
class Job:
    plan: DossierPlan
    out: Path
    text: bool                 # write the text-layer PDF
    scan_format: str | None    # "pdf", "tiff" or None
    scan_dpi: int | None = None  # every page at this dpi; None: 200 or 300 as a scanner run would mix them
    typeface: str = DEFAULT_TYPEFACE
    layout: str = "archive"      # synth.render.LAYOUTS
    look: ScanLook | None = None


def truth_path(file: Path) -> Path:
    """The truth file of any dossier file: d0001.pdf, d0001.scan.pdf, d0001.scan.tif → truth/d0001.json."""
    file = Path(file)
    stem = file.name.split(".", 1)[0]
    return file.parent / TRUTH_DIR / f"{stem}.json"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_plan(plan: DossierPlan, out: Path, text: bool = True, scan_format: str | None = None) -> list[Path]:
    """Write one planned dossier (and its truth) into `out`; tests use it with forced edge cases."""
    (Path(out) / TRUTH_DIR).mkdir(parents=True, exist_ok=True)
    return _write_one(Job(plan, Path(out), text, scan_format))


def _write_one(job: Job) -> list[Path]:
    plan = job.plan
    documents, writer = write_dossier(plan)
    pages, ranges = layout(documents, plan.blank_after, job.typeface, LAYOUTS[job.layout])
    pdf = write_pdf(pages) if typeface(job.typeface).embeddable else None   # else the scan draws the pages
    written: list[Path] = []
    files: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    if job.text and pdf is not None:
        path = job.out / f"{plan.stem}.pdf"
        write_atomic(path, pdf, mode=0o644)
        written.append(path)
        files["text"] = {"path": path.name, "sha256": _sha256(pdf), "pages": len(pages)}
    if job.scan_format:
        scanned = scan(pdf, pages, plan.seed * 31 + 7, job.scan_format == "tiff", job.scan_dpi, job.look)
        if job.scan_format == "tiff":
            data, path = multipage_tiff(scanned, plan.seed), job.out / f"{plan.stem}.scan.tif"
        else:
            data, path = image_pdf(scanned, plan.seed), job.out / f"{plan.stem}.scan.pdf"
        write_atomic(path, data, mode=0o644)
        written.append(path)
        files["scan"] = {"path": path.name, "sha256": _sha256(data), "pages": len(pages)}
        if pdf is None:   # no text-layer twin: the printed text is the OCR ground truth (fengcun ocr-eval)
            write_atomic(job.out / f"{plan.stem}.txt", page_texts(pages).encode("utf-8"), mode=0o644)
        extra["scan"] = {"format": job.scan_format, "path": path.name,
                         "pages": [p.describe(i) for i, p in enumerate(scanned, 1)]}
    primary = files.get("text") or files["scan"]
    record = truth_record(plan, writer, ranges, len(pages), primary["path"], primary["sha256"])
    extra["files"] = files
    truth = truth_dict(record, plan, writer, extra)
    truth_json = json.dumps(truth, ensure_ascii=False, indent=1).encode("utf-8")
    write_atomic(truth_path(written[0]), truth_json, mode=0o644)
    return written


def plan_archive(dossiers: int, seed: int, defects_rate: float, variants_rate: float = 0.0,
                 with_phenomena: bool = True) -> list[DossierPlan]:
    """All plans, in stem order. A split case takes two consecutive stems when there is room.
    A case is one of the variants (synth.plan.VARIANTS) with probability `variants_rate`,
    drawn from a stream of its own: at 0 every seed plans exactly as it always did.
    `with_phenomena` False leaves out synth.phenomena (the archive as it was before them)."""
    stems = [f"d{i:04d}" for i in range(1, dossiers + 1)]
    plans: list[DossierPlan] = []
    i = 0
    while i < len(stems):
        case_seed = seed * 1_000_003 + i
        pick = random.Random(case_seed * 31 + 7)
        variant = pick.choice(VARIANTS) if variants_rate and pick.random() < variants_rate else None
        made = plan_case(case_seed, stems[i:i + 2], defects_rate, variant=variant, with_phenomena=with_phenomena)
        plans += made
        i += len(made)
    return plans


def generate(out: Path, dossiers: int, seed: int, scanned_fraction: float = 0.0, defects_rate: float = 0.2,
             tiff_fraction: float = 0.2, both: bool = False, scan_dpi: int | None = None,
             variants_rate: float = 0.0, face: str = DEFAULT_TYPEFACE, page_layout: str = "archive",
             look: ScanLook | None = None, with_phenomena: bool = True) -> list[Path]:
    """Write `dossiers` synthetic dossiers into `out` and return the dossier files written
    (text-layer PDFs and scans, in stem order). Same arguments, same bytes. `scan_dpi` scans
    every page at one resolution, so extraction can be measured per resolution;
    `variants_rate` makes that share of cases one of synth.plan.VARIANTS; `face`,
    `page_layout` and `look` print and scan the same dossiers differently; `with_phenomena`
    False leaves out what synth.phenomena draws (to compare a reader with and without). A typeface no PDF
    can embed (synth.render.TYPEFACES) is for scans only: `scanned_fraction` 1, no `both`."""
    if dossiers < 0 or not 0 <= scanned_fraction <= 1 or not 0 <= defects_rate <= 1 or not 0 <= tiff_fraction <= 1 \
            or not 0 <= variants_rate <= 1:
        raise ValueError("dossiers must be >= 0 and the fractions and rates between 0 and 1")
    if scan_dpi is not None and scan_dpi not in DPIS:
        raise ValueError(f"scan_dpi must be one of {', '.join(map(str, DPIS))}")
    if page_layout not in LAYOUTS:
        raise ValueError(f"page_layout must be one of {', '.join(LAYOUTS)}")
    if not typeface(face).embeddable and (both or scanned_fraction < 1):
        raise ValueError(f"typeface {face} cannot be embedded in a text-layer PDF: use it with "
                         "scanned_fraction 1 (scans only)")
    out = Path(out)
    (out / TRUTH_DIR).mkdir(parents=True, exist_ok=True)
    jobs: list[Job] = []
    for plan in plan_archive(dossiers, seed, defects_rate, variants_rate, with_phenomena):
        pick = random.Random(plan.seed * 13 + 5)
        scanned = both or pick.random() < scanned_fraction
        fmt = ("tiff" if pick.random() < tiff_fraction else "pdf") if scanned else None
        jobs.append(Job(plan, out, text=both or not scanned, scan_format=fmt, scan_dpi=scan_dpi,
                        typeface=face, layout=page_layout, look=look))
    heavy = sum(4 if j.scan_format else 1 for j in jobs)
    workers = min(2, os.cpu_count() or 1)
    if workers > 1 and heavy >= 8:
        with ProcessPoolExecutor(workers) as pool:
            results = list(pool.map(_write_one, jobs, chunksize=1))
    else:
        results = [_write_one(job) for job in jobs]
    return [path for paths in results for path in paths]
