"""The interface every OCR engine implements.

Engines see upright RGB page images and return lines in image pixels; turning
pixels into PDF points, undoing rotation and deciding which pages need OCR is
the page stage's job (extractors.pages), so an engine stays a thin wrapper
around one tool.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Protocol

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


class PageByPage:
    """Default `recognise_batch` for engines that gain nothing from batching: one page after another."""

    def recognise(self, image: np.ndarray) -> list[OcrLine]:
        raise NotImplementedError

    def recognise_batch(self, images: list[np.ndarray]) -> list[list[OcrLine]]:
        return [self.recognise(image) for image in images]


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
