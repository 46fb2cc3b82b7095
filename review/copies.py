"""Page images for the sign-off of a redacted copy: the copy's page with what it removed
outlined, and the original page with the same boxes outlined.

Where a copy removed something is read from the copy itself: redaction paints every
removal (and every photograph it takes out) with one flat grey (redaction.redact.FILL)
before it writes the label in it, so the areas of that grey are the removals the copy
really carries — not what a plan meant to remove. The boxes are found at the view's
resolution and given in PDF points of the page as stored, the frame the original is
rendered in (extractors.pages.render_page), so the same boxes outline the original.

Both images are rendered in memory for one response from bytes read once (the copy's
bytes are the ones whose hash is checked), never written to disk.
"""
from __future__ import annotations

import io
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageDraw

from extractors.pages import PDFIUM_LOCK
from redaction.redact import FILL
from review.evidence import BBox, page_png

VIEW_DPI = 110                 # as the whole-page view of an item (review.evidence.PAGE_DPI)
FILL_TOLERANCE = 10            # the copy's pages are JPEG: its grey comes back a few levels off
MIN_BOX_PT = 5.0               # smaller flecks of that grey are the edges of glyphs or stamps
MIN_FILLED = 0.5               # a removal's box is mostly grey (its label is drawn inside it)
OUTLINE = (0, 90, 200)         # blue: a removal, not the crimson of evidence


def render_copy_page(data: bytes, page_number: int, dpi: int = VIEW_DPI) -> Image.Image:
    """One page of the copy (1-based) as stored, without its /Rotate, like render_page."""
    with PDFIUM_LOCK:
        doc = pdfium.PdfDocument(data)
        try:
            if not 1 <= page_number <= len(doc):
                raise ValueError(f"page {page_number} out of range 1..{len(doc)}")
            page = doc[page_number - 1]
            bitmap = page.render(scale=dpi / 72, rotation=(360 - int(page.get_rotation())) % 360)
            image = bitmap.to_pil().convert("RGB")
        finally:
            doc.close()
    image.info["dpi"] = (dpi, dpi)
    return image


def removed_boxes(image: Image.Image) -> list[BBox]:
    """The removals painted in a rendered copy page, in points (top-left origin), top to bottom."""
    scale = float(image.info["dpi"][0]) / 72
    pixels = np.asarray(image).astype(np.int16)
    grey = (np.abs(pixels - np.array(FILL, dtype=np.int16)) <= FILL_TOLERANCE).all(axis=2).astype(np.uint8)
    grey = cv2.morphologyEx(grey, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    count, _labels, stats, _centres = cv2.connectedComponentsWithStats(grey, connectivity=8)
    boxes = []
    for x, y, w, h, area in stats[1:count]:
        if w >= MIN_BOX_PT * scale and h >= MIN_BOX_PT * scale and area >= MIN_FILLED * w * h:
            boxes.append((x / scale, y / scale, (x + w) / scale, (y + h) / scale))
    return sorted(boxes, key=lambda b: (b[1], b[0]))


def copy_png(data: bytes, page_number: int) -> tuple[bytes, int]:
    """The copy's page with each removal outlined, and how many removals it shows."""
    image = render_copy_page(data, page_number)
    boxes = removed_boxes(image)
    scale = VIEW_DPI / 72
    draw = ImageDraw.Draw(image)
    for x0, y0, x1, y1 in boxes:
        draw.rectangle((x0 * scale - 3, y0 * scale - 3, x1 * scale + 3, y1 * scale + 3), outline=OUTLINE, width=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue(), len(boxes)


def original_png(source: Path, data: bytes, page_number: int) -> tuple[bytes, int]:
    """The original page with the boxes the copy removed outlined (review.evidence.page_png)."""
    boxes = removed_boxes(render_copy_page(data, page_number))
    return page_png(source, page_number, boxes, dpi=VIEW_DPI), len(boxes)
