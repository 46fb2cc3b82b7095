"""Page-image clean-up before OCR: red seals, blank pages, skew and orientation.

Each step is a small function on numpy arrays so the page stage
(extractors.pages) can compose them and keep one affine matrix from the page
as stored to the image the engine sees; that matrix, inverted, puts every OCR
box back on the stored page, which is where redaction burns it.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

import cv2
import numpy as np

# Tesseract's OpenMP threads fight each other on small machines (toolchain notes).
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

#: Below this skew (degrees) rotating would only blur the page.
MIN_SKEW = 0.15
#: Scans are skewed by 0.5–3°; search a little wider, never so wide that table rules win.
MAX_SKEW = 6.0
#: Tesseract OSD's "Orientation confidence" below which a page stays as it is.
MIN_ORIENTATION_CONFIDENCE = 1.5
#: Less ink than this (pixels at 100 dpi, about one small character) is a blank page.
BLANK_INK = 25


def suppress_red(rgb: np.ndarray) -> np.ndarray:
    """Turn red and pink ink (court seals, 公章) into paper white.

    Black text under a seal stays dark in every channel, so it survives; the
    seal's own strokes and its ring are saturated red and become background,
    which keeps the seal's characters (法院名) out of the page text.
    """
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
    hue, sat, val = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    red = ((hue <= 12) | (hue >= 155)) & (sat >= 60) & (val >= 90)
    out = rgb.copy()
    out[red] = 255
    return out


def to_gray(rgb: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)


def _downscale(gray: np.ndarray, dpi: float, target_dpi: float) -> np.ndarray:
    if dpi <= target_dpi:
        return gray
    f = target_dpi / dpi
    return cv2.resize(gray, (max(1, round(gray.shape[1] * f)), max(1, round(gray.shape[0] * f))),
                      interpolation=cv2.INTER_AREA)


def ink_mask(gray: np.ndarray) -> np.ndarray:
    """Dark pixels (text) as 255 on 0, by Otsu but never calling light-grey bleed-through ink."""
    otsu, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    level = min(otsu, 160.0)
    return np.where(gray < level, 255, 0).astype(np.uint8)


def is_blank(gray: np.ndarray, dpi: float) -> bool:
    """True for a page with no mark bigger than scanner dust (blank separator pages, 空白页).

    Cheap enough to run before every OCR: the page is looked at at 100 dpi,
    the outer 3% (scanner shadow, punch holes) is ignored and specks of a few
    pixels are dropped; what remains must add up to less than one small
    character.
    """
    return ink_area(gray, dpi) < BLANK_INK


def ink_area(gray: np.ndarray, dpi: float) -> int:
    """Pixels of ink at 100 dpi, margins (3%) and specks ignored: how much a page has to say.

    The page stage compares it with the characters a reading found, so a page
    read the wrong way round (few characters from much ink) is looked at again.
    """
    small = _downscale(gray, dpi, 100)
    h, w = small.shape
    my, mx = max(1, h * 3 // 100), max(1, w * 3 // 100)
    inner = small[my:h - my, mx:w - mx]
    mask = np.where(inner < 128, 255, 0).astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    areas = stats[1:, cv2.CC_STAT_AREA] if count > 1 else np.array([], dtype=np.int32)
    return int(areas[areas >= 4].sum())


def skew_angle(gray: np.ndarray, dpi: float) -> float:
    """Angle in degrees (counter-clockwise positive) that text lines make with the horizontal.

    Projection profiles: rotate the ink mask through candidate angles and keep
    the one whose row sums are most peaked (text lines line up with rows).
    Works on CJK, which has no baseline for Hough-style methods to find.
    """
    small = _downscale(gray, dpi, 100)
    mask = ink_mask(small)
    if cv2.countNonZero(mask) < 50:
        return 0.0
    h, w = mask.shape
    centre = (w / 2, h / 2)

    def score(angle: float) -> float:
        m = cv2.getRotationMatrix2D(centre, angle, 1.0)
        turned = cv2.warpAffine(mask, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
        rows = turned.sum(axis=1, dtype=np.float64)
        return float(np.var(rows))

    coarse = np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, 0.5)
    best = max(coarse, key=score)
    fine = np.arange(best - 0.5, best + 0.5 + 1e-9, 0.05)
    best = max(fine, key=score)
    # Rotating by `best` straightens the page, so the lines lean by -best.
    return -float(round(best, 2))


@dataclass(frozen=True)
class Orientation:
    rotate: int          # degrees clockwise that turn the page upright: 0, 90, 180, 270
    confidence: float    # Tesseract OSD's orientation confidence; 0 when it could not tell


def detect_orientation(gray: np.ndarray, dpi: float) -> Orientation:
    """Upside-down and sideways pages, by Tesseract's orientation and script detection (OSD).

    OSD is independent of the OCR engine, fast at 150 dpi, and knows Han
    script. A page it cannot judge comes back as rotate 0 with a confidence
    below MIN_ORIENTATION_CONFIDENCE, and the page stage then reads it both
    ways up.
    """
    import pytesseract

    small = _downscale(gray, dpi, 150)
    try:
        osd = pytesseract.image_to_osd(small, config="--psm 0", output_type=pytesseract.Output.DICT)
    except (pytesseract.TesseractError, pytesseract.TesseractNotFoundError):
        # Too few characters, or no Tesseract: unsure, so the page is read both ways up.
        return Orientation(0, 0.0)
    rotate = int(osd.get("rotate", 0)) % 360
    confidence = float(osd.get("orientation_conf", 0.0))
    if confidence < MIN_ORIENTATION_CONFIDENCE:
        return Orientation(0, confidence)
    return Orientation(rotate, confidence)


def upright_matrix(width: int, height: int, rotate: int, skew: float) -> tuple[np.ndarray, int, int]:
    """3×3 affine matrix from stored-page pixels to the upright, deskewed image, and that image's size.

    `rotate` turns the page clockwise by a multiple of 90°; `skew` (the
    angle the lines make, counter-clockwise positive) is then undone about the
    centre, keeping the size so nothing falls off the edge at a few degrees.
    """
    if rotate == 0:
        turn = np.eye(3)
        w2, h2 = width, height
    elif rotate == 90:
        turn = np.array([[0, -1, height], [1, 0, 0], [0, 0, 1]], dtype=np.float64)
        w2, h2 = height, width
    elif rotate == 180:
        turn = np.array([[-1, 0, width], [0, -1, height], [0, 0, 1]], dtype=np.float64)
        w2, h2 = width, height
    elif rotate == 270:
        turn = np.array([[0, 1, 0], [-1, 0, width], [0, 0, 1]], dtype=np.float64)
        w2, h2 = height, width
    else:
        raise ValueError(f"rotation must be a multiple of 90, not {rotate}")
    straighten = np.vstack([cv2.getRotationMatrix2D((w2 / 2, h2 / 2), -skew, 1.0), [0, 0, 1]])
    return straighten @ turn, w2, h2


def warp(rgb: np.ndarray, matrix: np.ndarray, width: int, height: int) -> np.ndarray:
    if np.allclose(matrix, np.eye(3)):
        return rgb
    return cv2.warpAffine(rgb, matrix[:2], (width, height), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=(255, 255, 255))


def map_box(matrix: np.ndarray, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """The axis-aligned box, in the other image, that holds all four corners of `box` under `matrix`."""
    x0, y0, x1, y1 = box
    corners = np.array([[x0, y0, 1], [x1, y0, 1], [x1, y1, 1], [x0, y1, 1]], dtype=np.float64).T
    xs, ys, _ = matrix @ corners
    return float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max())
