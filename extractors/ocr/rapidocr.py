"""PP-OCRv6 (small) through rapidocr on onnxruntime: the default engine, the most accurate on CJK scans.

The ONNX models ship inside the rapidocr wheel; the engine is built with
explicit paths to them so rapidocr never reaches for its downloader, and it is
built once per process (loading the sessions costs more than a page).
rapidocr's own 0°/180° line classifier is off: the page stage turns pages
upright, and a line flipped inside the engine would get its character boxes
mirrored.
"""
from __future__ import annotations

import ctypes
import functools
from pathlib import Path
from typing import Any

import numpy as np

from extractors.ocr.base import OcrLine, PixelBox, ReadingPool, split_evenly, whole_box

DET_MODEL = "PP-OCRv6_det_small.onnx"
REC_MODEL = "PP-OCRv6_rec_small.onnx"
CLS_MODEL = "ch_ppocr_mobile_v2.0_cls_mobile.onnx"


def packaged_models() -> dict[str, Path]:
    """The model files inside the installed wheel; a missing one is an install problem, said plainly."""
    import rapidocr

    from models.errors import MissingDependencyError

    root = Path(rapidocr.__file__).parent / "models"
    paths = {"det": root / DET_MODEL, "rec": root / REC_MODEL, "cls": root / CLS_MODEL}
    missing = [p.name for p in paths.values() if not p.is_file()]
    if missing:
        raise MissingDependencyError(
            f"rapidocr is installed without its packaged models ({', '.join(missing)}); "
            "reinstall it with `pip install --force-reinstall rapidocr`")
    return paths


#: glibc's malloc_trim: hands the heap's free pages back to the system (Debian's libc; the
#: pipeline runs on Linux, flows.prefect_server calls prctl the same way).
_malloc_trim = ctypes.CDLL(None).malloc_trim


def release_freed_heap() -> None:
    """Give the C heap's freed pages back to the system, in every thread's malloc arena.

    A page's detection allocates about 0.5 GiB of activations in onnxruntime (its arena is
    off in rapidocr's configuration, so they come from malloc) and frees them once the page
    is read; glibc keeps a good part of them resident for the next page, about 0.2 GiB per
    reader, and with a reader per core the peaks of one reader's detection and what the
    other's arena holds add up. Called after each page and each chunk of strips a reader
    reads, it costs 8–23 ms a page (of about 5 s on one core) and the page faults of the
    memory the next page touches again: no loss of pages/s was measurable
    (docs/benchmarks.md, "Memory"), where a fixed mmap threshold, which returns every large
    buffer as it is freed, made recognition 29 % slower.
    """
    _malloc_trim(0)


def _quad_box(quad: object) -> PixelBox:
    pts = np.asarray(quad, dtype=np.float64).reshape(-1, 2)
    return float(pts[:, 0].min()), float(pts[:, 1].min()), float(pts[:, 0].max()), float(pts[:, 1].max())


def _char_boxes(tokens: tuple) -> list[tuple[str, float, PixelBox]]:
    """(character, score, box) for each character; a multi-letter token (a Latin word) is split evenly."""
    out: list[tuple[str, float, PixelBox]] = []
    for token, score, quad in tokens:
        token = "".join(str(token).split())
        if quad is None or not token:
            continue
        for char, box in zip(token, split_evenly(token, _quad_box(quad))):
            out.append((char, float(score), box))
    return out


class RapidOcr:
    """One rapidocr instance: its onnxruntime sessions run with `threads` intra-op threads
    (None: every core). What a read freed goes back to the system when it returns
    (release_freed_heap)."""

    def __init__(self, *, threads: int | None = None) -> None:
        from rapidocr import RapidOCR

        models = packaged_models()
        self._ocr = RapidOCR(params={
            "EngineConfig.onnxruntime.intra_op_num_threads": threads or -1,
            "Global.log_level": "error",
            "Global.use_cls": False,
            "Det.model_path": str(models["det"]),
            "Rec.model_path": str(models["rec"]),
            "Cls.model_path": str(models["cls"]),
        })

    def recognise(self, image: np.ndarray) -> list[OcrLine]:
        lines = lines_from_output(self._ocr(image, return_word_box=True, return_single_char_box=True))
        release_freed_heap()
        return lines

    def recognise_lines(self, crops: list[np.ndarray]) -> list[OcrLine]:
        if not crops:
            return []
        # one strip at a time: a batch is padded to its widest strip, and six full-width strips
        # of the leak check held ~0.4 GB more per reader and read slower (167 against 203 ms a
        # strip on one thread). A page's lines keep rapidocr's batches of six, which the
        # ppocr-torch engine reproduces line for line.
        lines = []
        for crop in crops:
            result = self._ocr.recognize_txt([crop])
            lines.append(OcrLine("".join(result.txts[0].split()), whole_box(crop), float(result.scores[0])))
        release_freed_heap()
        return lines


class RapidOcrEngine:
    """The engine: pages and strips of every caller in the process read on one ReadingPool,
    each worker a single-threaded RapidOcr. On 2 cores, two single-threaded sessions read
    about a quarter more pages per second than one session on both cores, or than two
    dossiers each running a session on every core (docs/benchmarks.md)."""

    name = "rapidocr"
    #: Pages a dossier hands the pool at once (extractors.pages.page_batch). With one dossier
    #: per core (`--concurrency auto`), two pages each keep every worker a page ahead while the
    #: dossier prepares its next two; OCR_BATCH's four held twice the page images for no more
    #: pages/s (docs/benchmarks.md, "Memory").
    page_batch = 2

    def __init__(self, *, workers: int | None = None) -> None:
        self._pool: ReadingPool[RapidOcr] = ReadingPool(lambda: RapidOcr(threads=1), workers)

    def recognise(self, image: np.ndarray) -> list[OcrLine]:
        return self.recognise_batch([image])[0]

    def recognise_batch(self, images: list[np.ndarray]) -> list[list[OcrLine]]:
        return self._pool.map(RapidOcr.recognise, images)

    def recognise_lines(self, crops: list[np.ndarray]) -> list[OcrLine]:
        return self._pool.map_chunks(RapidOcr.recognise_lines, crops)


def lines_from_output(result: Any) -> list[OcrLine]:
    """rapidocr's output → OcrLine; the ppocr-torch engine calls it too, so both engines
    turn the same model output into the same lines."""
    if result.txts is None or result.boxes is None or len(result.txts) == 0:
        return []
    words = result.word_results
    # rapidocr drops lines without character boxes from word_results, which
    # would shift the pairing; then every line falls back to even splitting.
    aligned = words is not None and len(words) == len(result.txts)
    lines: list[OcrLine] = []
    for i, (text, score, quad) in enumerate(zip(result.txts, result.scores, result.boxes)):
        box = _quad_box(quad)
        chars = _char_boxes(words[i]) if aligned else []
        compact = "".join(text.split())
        if not compact:
            continue
        if chars and "".join(c for c, _, _ in chars) == compact:
            lines.append(OcrLine(compact, box, float(score),
                                 tuple(b for _, _, b in chars), tuple(s for _, s, _ in chars)))
        else:
            lines.append(OcrLine(compact, box, float(score), split_evenly(compact, box),
                                 tuple(float(score) for _ in compact)))
    return lines


@functools.cache
def engine() -> RapidOcrEngine:
    """One per process: its pool serves every dossier in flight."""
    return RapidOcrEngine()
