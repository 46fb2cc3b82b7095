"""The interface every OCR engine implements.

Engines see upright RGB page images and return lines in image pixels; turning
pixels into PDF points, undoing rotation and deciding which pages need OCR is
the page stage's job (extractors.pages), so an engine stays a thin wrapper
around one tool.
"""
from __future__ import annotations

import os
import threading
import unicodedata
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

import numpy as np

PixelBox = tuple[float, float, float, float]   # x0, y0, x1, y1 in image pixels, top-left origin


@dataclass(frozen=True)
class OcrLine:
    text: str
    box: PixelBox
    confidence: float                          # 0–1 for the whole line
    char_boxes: tuple[PixelBox, ...] | None = None   # one per character of `text`, when the engine knows them
    char_confidences: tuple[float, ...] | None = None


class OcrEngine(Protocol):
    name: str

    def recognise(self, image: np.ndarray) -> list[OcrLine]:
        """Lines of one upright page image (H×W×3 uint8 RGB), in reading order."""
        ...

    def recognise_batch(self, images: list[np.ndarray]) -> list[list[OcrLine]]:
        """Several pages at once; engines that gain from batching (GPU) override the loop."""
        ...

    def recognise_lines(self, crops: list[np.ndarray]) -> list[OcrLine]:
        """One line for each image known to hold a single text line, boxes in that image's
        pixels: recognition without detection, for callers that know where their lines are
        (the leak check reads back the lines that held an identifier). Detection costs
        most of a page's time and would be spent again on every strip."""
        ...


def whole_box(image: np.ndarray) -> PixelBox:
    """The box of a whole image: where `recognise_lines` places the one line it reads."""
    return 0.0, 0.0, float(image.shape[1]), float(image.shape[0])


def split_evenly(text: str, box: PixelBox) -> tuple[PixelBox, ...]:
    """One box per character by cutting a word or line box in proportion to character widths.

    For engines whose own character boxes are missing or loose: CJK glyphs
    are full-width and near-monospaced, digits and Latin about half that, so
    the error stays within a fraction of one character.
    """
    x0, y0, x1, y1 = box
    widths = [1.0 if unicodedata.east_asian_width(c) in ("W", "F") else 0.55 for c in text]
    unit = (x1 - x0) / max(sum(widths), 1e-9)
    boxes: list[PixelBox] = []
    left = x0
    for w in widths:
        boxes.append((left, y0, left + w * unit, y1))
        left += w * unit
    return tuple(boxes)


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity, which a container's cpuset sets)."""
    return len(os.sched_getaffinity(0))


Reader = TypeVar("Reader")
Item = TypeVar("Item")
Read = TypeVar("Read")


class ReadingPool(Generic[Reader]):
    """One pool of worker threads per engine and process, one per usable core, each with a
    reader of its own (made on the thread's first item): every dossier in flight hands its
    pages to the same pool. So the engine keeps every core busy however many dossiers are
    in flight — several dossiers do not oversubscribe the cores with one thread pool each,
    and a dossier alone at the end of a run still spreads its pages over all of them."""

    def __init__(self, make_reader: Callable[[], Reader], workers: int | None = None) -> None:
        self.workers = workers or usable_cores()
        self._make_reader = make_reader
        self._local = threading.local()
        self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="ocr")

    def _reader(self) -> Reader:
        reader: Reader | None = getattr(self._local, "reader", None)
        if reader is None:
            reader = self._local.reader = self._make_reader()
        return reader

    def map(self, read: Callable[[Reader, Item], Read], items: Sequence[Item]) -> list[Read]:
        """`read(reader, item)` for each item on the pool's threads, results in order."""
        return list(self._pool.map(lambda item: read(self._reader(), item), items))

    def map_chunks(self, read: Callable[[Reader, list[Item]], list[Read]], items: Sequence[Item]) -> list[Read]:
        """`read(reader, chunk)` over one contiguous chunk of items per worker, results in
        order: for readers that batch (line strips recognised together)."""
        size = -(-len(items) // self.workers) if items else 1
        chunks = [list(items[i:i + size]) for i in range(0, len(items), size)]
        return [result for chunk in self.map(read, chunks) for result in chunk]
