"""Page images for the reviewer: the evidence cropped with its span outlined, or a whole page.

Images show sealed data, so they are rendered from the original in memory and
returned as PNG bytes for one response: never written to disk, never cached
(the app sends `Cache-Control: no-store`). Evidence boxes are PDF points with
a top-left origin on the page as stored, the same frame `extractors.pages.render_page`
renders, so a box maps to pixels by the render's scale alone.
"""
from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw

from extractors.pages import render_page
from models.record import Evidence, Person, ReviewItem

BBox = tuple[float, float, float, float]
CROP_DPI = 200
PAGE_DPI = 110
CROP_MARGIN_PT = 40.0        # context above and below the span: the lines around it
OUTLINE = (220, 20, 60)      # crimson: stands out on black print and is not a seal's orange-red
OUTLINE_PT = 1.2

# Fields whose evidence explains another's doubt: a birth date is judged against the ID number.
RELATED_FIELDS: dict[str, tuple[str, ...]] = {
    "birth_date": ("birth_date", "id_number"),
    "id_number": ("id_number", "birth_date"),
    "minor_at_offence": ("birth_date", "id_number", "offence_dates"),
    "main_conduct": ("main_conduct", "offence_dates"),
    "stated_age": ("stated_age", "birth_date"),
}


def evidence_for(person: Person | None, item: ReviewItem) -> list[Evidence]:
    """The item's own evidence first, then what bears on it, in page order within each."""
    if person is None:
        return []
    found: list[Evidence] = []
    for name in RELATED_FIELDS.get(item.field, (item.field,)):
        found += sorted((e for e in person.evidence if e.field == name or e.field.startswith(name + ".")),
                        key=lambda e: (e.page, e.bbox[1], e.bbox[0]))
    return found


def crops(evidence: Sequence[Evidence]) -> list[list[Evidence]]:
    """The evidence as the crops that show it: spans whose bands (the line and the margin
    around it) overlap on one page share one crop with every span outlined, so the same
    line is never shown twice. Crops keep the order of their first span."""
    found: list[tuple[int, float, float, list[Evidence]]] = []
    for e in evidence:
        top, bottom = e.bbox[1] - CROP_MARGIN_PT, e.bbox[3] + CROP_MARGIN_PT
        for index, (page, upper, lower, members) in enumerate(found):
            if page == e.page and top < lower and bottom > upper:
                members.append(e)
                found[index] = (page, min(upper, top), max(lower, bottom), members)
                break
        else:
            found.append((e.page, top, bottom, [e]))
    return [members for *_band, members in found]


def _scale(image: Image.Image) -> float:
    """Pixels per point of a page from render_page, which records the resolution its boxes map to."""
    return float(image.info["dpi"][0]) / 72


def _outline(draw: ImageDraw.ImageDraw, box: BBox, scale: float, origin: tuple[float, float] = (0, 0)) -> None:
    pad = 2.0 * scale
    x0, y0, x1, y1 = (v * scale for v in box)
    width = max(2, round(OUTLINE_PT * scale))
    draw.rectangle((x0 - pad - origin[0], y0 - pad - origin[1], x1 + pad - origin[0], y1 + pad - origin[1]),
                   outline=OUTLINE, width=width)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def crop_png(source: Path, spans: Sequence[Evidence], dpi: int = CROP_DPI) -> bytes:
    """The band of one page that holds the spans (one crop of `crops`), across its full width
    (the whole line reads in context), each span outlined."""
    page = render_page(source, spans[0].page, dpi)
    scale = _scale(page)
    top = round(max(0.0, (min(e.bbox[1] for e in spans) - CROP_MARGIN_PT) * scale))
    bottom = round(min(float(page.height), (max(e.bbox[3] for e in spans) + CROP_MARGIN_PT) * scale))
    crop = page.crop((0, top, page.width, bottom))
    draw = ImageDraw.Draw(crop)
    for e in spans:
        _outline(draw, e.bbox, scale, (0, top))
    return _png(crop)


def page_png(source: Path, page_number: int, boxes: Sequence[BBox], dpi: int = PAGE_DPI) -> bytes:
    """A whole page with the given spans outlined."""
    page = render_page(source, page_number, dpi)
    scale = _scale(page)
    draw = ImageDraw.Draw(page)
    for box in boxes:
        _outline(draw, box, scale)
    return _png(page)
