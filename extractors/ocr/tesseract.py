"""Tesseract 5 (chi_sim) through pytesseract: the fallback engine, fast and everywhere.

Characters and their confidences come from hOCR with `hocr_char_boxes`, the
one output that carries confidence per character. Tesseract's OpenMP threads fight
each other (toolchain notes), so every call runs single-threaded and a batch
runs its pages in parallel processes instead.
"""
from __future__ import annotations

import functools
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

import numpy as np

from extractors.ocr.base import OcrLine, PixelBox, ReadingPool, split_evenly, whole_box

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

#: chi_sim alone: it reads digits and Latin letters too, while adding eng made Tesseract read
#: whole Chinese lines as Latin letters on the synthetic scans (CER 21% against 11% on one page).
LANGUAGES = "chi_sim"
_LINE_CLASSES = {"ocr_line", "ocr_textfloat", "ocr_header", "ocr_caption"}
_NS = "{http://www.w3.org/1999/xhtml}"
_BBOX = re.compile(r"bbox (-?\d+) (-?\d+) (-?\d+) (-?\d+)")
_CONF = re.compile(r"x_conf (\d+(?:\.\d+)?)")


def _box(title: str) -> PixelBox | None:
    m = _BBOX.search(title)
    return tuple(float(v) for v in m.groups()) if m else None  # type: ignore[return-value]


def parse_hocr(hocr: bytes) -> list[OcrLine]:
    """Lines with per-character boxes and confidences (0–1) from Tesseract's hOCR.

    Tesseract's LSTM places character and even single-character word boxes
    loosely (a 12 pt CJK character comes back 6 to 17 pt wide and up to 10 pt
    off), while its line boxes are tight; so each line's box is cut among its
    characters by width (median error 1 pt on the test scans, against 5 pt
    for its own boxes), and the characters keep their own confidences.
    """
    root = ET.fromstring(hocr)
    lines: list[OcrLine] = []
    for span in root.iter(f"{_NS}span"):
        if span.get("class") not in _LINE_CLASSES:
            continue
        chars: list[str] = []
        confs: list[float] = []
        for cinfo in span.iter(f"{_NS}span"):
            if cinfo.get("class") != "ocrx_cinfo":
                continue
            text = "".join((cinfo.text or "").split())
            conf = _CONF.search(cinfo.get("title", ""))
            chars.extend(text)
            confs.extend(float(conf.group(1)) / 100 if conf else 0.0 for _ in text)
        line_box = _box(span.get("title", ""))
        if chars and line_box is not None:
            text = "".join(chars)
            lines.append(OcrLine(text, line_box, float(np.mean(confs)), split_evenly(text, line_box), tuple(confs)))
    return lines


class TesseractEngine:
    name = "tesseract"

    def __init__(self, languages: str = LANGUAGES, workers: int | None = None) -> None:
        import pytesseract

        from models.errors import MissingDependencyError

        try:
            available = set(pytesseract.get_languages(config=""))
        except (pytesseract.TesseractNotFoundError, OSError) as exc:
            raise MissingDependencyError(
                "tesseract is not installed; install the Debian packages tesseract-ocr "
                "tesseract-ocr-chi-sim (make system)") from exc
        missing = [lang for lang in languages.split("+") if lang not in available]
        if missing:
            raise MissingDependencyError(
                f"tesseract lacks the language data {', '.join(missing)}; "
                "install tesseract-ocr-chi-sim (make system)")
        self.languages = languages
        # one tesseract process per usable core at most, for every dossier in flight together
        self._pool: ReadingPool[TesseractEngine] = ReadingPool(lambda: self, workers)

    def recognise(self, image: np.ndarray, *, single_line: bool = False) -> list[OcrLine]:
        import pytesseract

        config = "-c hocr_char_boxes=1" + (" --psm 7" if single_line else "")
        hocr = pytesseract.image_to_pdf_or_hocr(image, lang=self.languages, extension="hocr", config=config)
        return parse_hocr(hocr)

    def recognise_batch(self, images: list[np.ndarray]) -> list[list[OcrLine]]:
        return self._each(self.recognise, images)

    def recognise_lines(self, crops: list[np.ndarray]) -> list[OcrLine]:
        return [_joined(lines, crop) for crop, lines in
                zip(crops, self._each(functools.partial(self.recognise, single_line=True), crops))]

    def _each(self, read: Callable[[np.ndarray], list[OcrLine]], images: list[np.ndarray]) -> list[list[OcrLine]]:
        # Each image is its own tesseract process; the pool's threads only wait on them.
        return self._pool.map(lambda _, image: read(image), images)


def _joined(lines: list[OcrLine], crop: np.ndarray) -> OcrLine:
    """Tesseract's reading of a one-line image as one line, even where it split it in words."""
    confidences = tuple(c for line in lines for c in (line.char_confidences or ()))
    return OcrLine("".join(line.text for line in lines), whole_box(crop),
                   float(np.mean(confidences)) if confidences else 0.0,
                   tuple(b for line in lines for b in (line.char_boxes or ())) or None, confidences or None)


@functools.cache
def engine() -> TesseractEngine:
    return TesseractEngine()
