"""`fengcun` with stage probes: the real command, plus a finer time split than the catalog's.

The pipeline records coarse stages in the catalog (pages, nlp, rules, redaction,
verify, …). "pages" hides triage, rendering, page preparation (deskew, OSD) and
OCR; "redaction" hides sealing with encryption, the sealed files' verification,
the redacted copy and its leak check, whose re-OCR is the suspect cost. This
module wraps those functions where the pipeline looks them up, runs
`flows.cli.main` unchanged, and writes seconds and call counts per probe plus the
process's peak resident memory to a JSON file. A probe adds two clock reads per
call; nothing it records names a file or a person.

    python -m bench.probe OUT.json backfill ARCHIVE --store STORE ...
"""
from __future__ import annotations

import functools
import json
import resource
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

_lock = threading.Lock()
_seconds: dict[str, float] = defaultdict(float)
_calls: dict[str, int] = defaultdict(int)
_ocr_pages: dict[str, int] = defaultdict(int)


def _add(name: str, seconds: float, pages: int = 0) -> None:
    with _lock:
        _seconds[name] += seconds
        _calls[name] += 1
        _ocr_pages[name] += pages


def _timed(name: str | Callable[..., str], fn: Callable[..., Any],
           pages: Callable[..., int] | None = None) -> Callable[..., Any]:
    """`fn` timed under `name` (or the name chosen from its arguments)."""
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            label = name(*args, **kwargs) if callable(name) else name
            _add(label, time.perf_counter() - start, pages(*args, **kwargs) if pages else 0)
    return wrapper


def _leak_pages(*args: Any, **kwargs: Any) -> int:
    ocr_pages = kwargs.get("ocr_pages")
    return -1 if ocr_pages is None else len(list(ocr_pages))


def install() -> None:
    """Wrap the pipeline's sub-stages in the modules that call them."""
    from extractors import pages
    from redaction import outputs

    pages.judge_text_layer = _timed("triage", pages.judge_text_layer)
    pages._PdfFile.raster = _timed("render", pages._PdfFile.raster)
    pages._ImageFile.raster = _timed("render", pages._ImageFile.raster)
    pages._prepare = _timed("prepare", pages._prepare)     # red suppression, blank, skew
    pages._recognise = _timed("ocr", pages._recognise, lambda engine, batch: len(batch))
    pages._turn = _timed("turn", pages._turn)      # only for a doubtful reading: OSD and re-reads, counted in "ocr"
    outputs.write_sealed_dossier = _timed("seal_encrypt", outputs.write_sealed_dossier)
    outputs.write_sealing_notice = _timed("notices", outputs.write_sealing_notice)
    outputs._verify_sealed = _timed("verify_sealed", outputs._verify_sealed)
    outputs.write_redacted_copy = _timed("redacted_copy", outputs.write_redacted_copy)
    outputs.leak_check = _timed("leak_check_text", outputs.leak_check)
    outputs.pixel_check = _timed("leak_check_ocr", outputs.pixel_check, _leak_pages)


def report() -> dict[str, Any]:
    self_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    children_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    with _lock:
        probes = {k: {"seconds": round(_seconds[k], 4), "calls": _calls[k],
                      **({"pages": _ocr_pages[k]} if _ocr_pages[k] else {})} for k in sorted(_seconds)}
    return {"probes": probes, "peak_rss_bytes": self_peak, "peak_rss_children_bytes": children_peak}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) < 2:
        print("usage: python -m bench.probe OUT.json FENGCUN-ARGS...", file=sys.stderr)
        return 2
    out, fengcun_args = Path(argv[0]), argv[1:]
    install()
    from flows.cli import main as fengcun

    code = fengcun(fengcun_args)
    out.write_text(json.dumps(report(), indent=1), encoding="utf-8")
    return code


if __name__ == "__main__":
    sys.exit(main())
