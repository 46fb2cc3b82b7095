"""Laying documents out on A4 pages and writing the text-layer PDF.

One drawn string per printed line, so a text-layer reader gets the lines back
in order and each character exactly once. Seals are raster images (as in
born-digital court PDFs), so they never add text to the text layer; a scan of
the page shows them over the signature date.
"""
from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from synth.documents import ID_BREAK_END, ID_BREAK_START, WrittenDocument

FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
FONT = "zh"
PAGE_W, PAGE_H = A4
LEFT, RIGHT, TOP, BOTTOM = 85.0, 75.0, 80.0, 78.0
TEXT_W = PAGE_W - LEFT - RIGHT
BODY = 12.5
# style → (font size, line advance, alignment)
STYLES = {
    "court": (16.0, 30.0, "center"), "title": (22.0, 40.0, "center"), "center": (13.0, 24.0, "center"),
    "number": (12.5, 28.0, "right"), "para": (BODY, 21.0, "para"), "line": (BODY, 25.0, "left"),
    "sign": (BODY, 21.0, "right"), "gap": (BODY, 16.0, "gap"),
}
NO_LINE_START = set("，。、；：）」”！？%》")
SEAL_RADIUS = 60.0   # points (about 42 mm across, a court seal)


@dataclass(frozen=True)
class Line:
    text: str
    x: float          # points from the left
    baseline: float   # points from the top
    size: float


@dataclass
class Page:
    lines: list[Line] = field(default_factory=list)
    seals: list[tuple[float, float, str]] = field(default_factory=list)   # centre x, centre y from top, organisation
    blank: bool = False
    organisation: str | None = None   # who issued the document on this page (whose stamp it may carry)


@lru_cache(maxsize=1)
def register_font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, FONT_PATH, subfontIndex=0))
    return FONT


@lru_cache(maxsize=4096)
def _char_width(ch: str, size: float) -> float:
    return pdfmetrics.stringWidth(ch, register_font(), size)


def _width(text: str, size: float) -> float:
    return sum(_char_width(c, size) for c in text)


def _tokens(text: str) -> tuple[list[str], list[range]]:
    """Units that never break inside: a run of Latin letters and digits (a number, an ID)
    stays whole, except an ID marked to be broken, whose digits become single units.
    Returns the units and, for each marked ID, the range of its units."""
    out: list[str] = []
    broken: list[range] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == ID_BREAK_START:
            end = text.index(ID_BREAK_END, i + 1)
            start_unit = len(out)
            out += list(text[i + 1:end])
            broken.append(range(start_unit, len(out)))
            i = end + 1
            continue
        if ch.isascii() and ch.isalnum():
            j = i
            while j < len(text) and text[j].isascii() and (text[j].isalnum() or text[j] == "."):
                j += 1
            out.append(text[i:j])
            i = j
            continue
        out.append(ch)
        i += 1
    return out, broken


def _greedy(units: list[str], size: float, first_indent: float, width: float,
            hard_breaks: set[int]) -> tuple[list[tuple[str, float]], list[int]]:
    """Lines and, per unit, the index of the line it landed on."""
    lines: list[tuple[str, float]] = []
    where: list[int] = []
    current, used, indent = "", 0.0, first_indent
    for k, unit in enumerate(units):
        w = _width(unit, size)
        if current and (k in hard_breaks or (used + w > width - indent and unit not in NO_LINE_START)):
            lines.append((current, indent))
            current, used, indent = "", 0.0, 0.0
        current += unit
        used += w
        where.append(len(lines))
    if current:
        lines.append((current, indent))
    return lines, where


def wrap(text: str, size: float, first_indent: float, width: float = TEXT_W) -> list[tuple[str, float]]:
    """Greedy line breaking, returning (line text, indent). An ID marked for breaking is
    split where the line ends, or in its middle when it would otherwise fit on one line."""
    units, broken = _tokens(text)
    hard: set[int] = set()
    lines, where = _greedy(units, size, first_indent, width, hard)
    for span in broken:
        if where[span.start] == where[span.stop - 1]:
            hard.add(span.start + len(span) // 2)
    if hard:
        lines, _ = _greedy(units, size, first_indent, width, hard)
    return lines


def layout(docs: list[WrittenDocument], blank_after: list[int]) -> tuple[list[Page], list[tuple[int, int]]]:
    """Pages of the dossier and each document's (first page, last page), 1-based."""
    pages: list[Page] = []
    ranges: list[tuple[int, int]] = []
    for index, doc in enumerate(docs):
        page = Page(organisation=doc.seal_text)
        pages.append(page)
        first = len(pages)
        y = TOP
        last_sign: Line | None = None
        for style, text in doc.blocks:
            size, advance, align = STYLES.get(style, STYLES["para"]) if style != "seal" else (0, 0, "seal")
            if style == "seal":
                if last_sign is not None and doc.seal_text:
                    w = _width(last_sign.text, last_sign.size)
                    page.seals.append((last_sign.x + w / 2, last_sign.baseline - last_sign.size / 2, doc.seal_text))
                continue
            if style == "gap":
                y += advance
                continue
            if align == "para":
                rows = wrap(text, size, 2 * size)
            elif align == "left":
                rows = wrap(text, size, 0.0)
            else:
                rows = [(text, 0.0)]
            for row, indent in rows:
                if y + advance > PAGE_H - BOTTOM:
                    page = Page(organisation=doc.seal_text)
                    pages.append(page)
                    y = TOP
                y += advance
                w = _width(row, size)
                x = {"center": LEFT + (TEXT_W - w) / 2, "right": PAGE_W - RIGHT - w - 2 * size}.get(align, LEFT + indent)
                line = Line(row, x, y, size)
                page.lines.append(line)
                if style == "sign":
                    last_sign = line
        ranges.append((first, len(pages)))
        if index in blank_after:
            pages.append(Page(blank=True))
    return pages, ranges


@lru_cache(maxsize=64)
def seal_image(organisation: str, px: int = 420) -> Image.Image:
    """A red round seal: ring, star, organisation name along the upper arc (RGBA)."""
    img = Image.new("RGBA", (px, px), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    red = (214, 30, 36, 205)
    c = px / 2
    ring = px * 0.035
    draw.ellipse((ring / 2, ring / 2, px - ring / 2, px - ring / 2), outline=red, width=int(ring))
    star_r = px * 0.16
    points = []
    for k in range(10):
        r = star_r if k % 2 == 0 else star_r * 0.42
        a = -math.pi / 2 + k * math.pi / 5
        points.append((c + r * math.cos(a), c + r * math.sin(a)))
    draw.polygon(points, fill=red)
    font = ImageFont.truetype(FONT_PATH, int(px * 0.12), index=0)
    chars = list(organisation)
    span = math.radians(min(250, 22 * len(chars)))
    radius = px / 2 - ring - px * 0.09
    for k, ch in enumerate(chars):
        a = -math.pi / 2 - span / 2 + span * (k + 0.5) / len(chars)
        glyph = Image.new("RGBA", (int(px * 0.16), int(px * 0.16)), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((glyph.width / 2, glyph.height / 2), ch, font=font, fill=red, anchor="mm")
        glyph = glyph.rotate(-math.degrees(a) - 90, resample=Image.Resampling.BICUBIC)
        gx = c + radius * math.cos(a) - glyph.width / 2
        gy = c + radius * math.sin(a) - glyph.height / 2
        img.alpha_composite(glyph, (int(gx), int(gy)))
    return img


def write_pdf(pages: list[Page]) -> bytes:
    """The text-layer PDF; `invariant` fixes dates and ids so a seed gives the same bytes."""
    font = register_font()
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4, invariant=1, pageCompression=1)
    pdf.setCreator("fengcun synth")
    pdf.setTitle("synthetic dossier")
    for number, page in enumerate(pages, 1):
        if not page.blank:
            pdf.setFont(font, 9)
            pdf.drawRightString(PAGE_W - 40, PAGE_H - 40, str(number))   # archive pagination stamp
        for line in page.lines:
            pdf.setFont(font, line.size)
            pdf.drawString(line.x, PAGE_H - line.baseline, line.text)
        for cx, cy, org in page.seals:
            pdf.drawImage(ImageReader(seal_image(org)), cx - SEAL_RADIUS, PAGE_H - cy - SEAL_RADIUS,
                          2 * SEAL_RADIUS, 2 * SEAL_RADIUS, mask="auto")
        pdf.showPage()
    pdf.save()
    return buf.getvalue()
