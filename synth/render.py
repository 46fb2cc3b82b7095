"""Laying documents out on A4 pages and writing the text-layer PDF.

One drawn string per printed line, so a text-layer reader gets the lines back
in order and each character exactly once. Seals are raster images (as in
born-digital court PDFs), so they never add text to the text layer; a scan of
the page shows them over the signature date.

Two page layouts: `archive` (the generator's default: 12.5 pt body text, the
look of photocopied case files) and `court`, the national layout of court
documents (GB/T 9704 as courts apply it): 3-hao body text (about 16 pt), 28
characters by 22 lines on A4, the signature block right-aligned with the court's
red seal over the date. Typefaces are named in one place, `TYPEFACES`; a face
whose outlines reportlab cannot embed (CFF, e.g. Noto Serif CJK) is drawn only
on scans (`draw_page`), never into a text-layer PDF.
"""
from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from synth.documents import ID_BREAK_END, ID_BREAK_START, Block


@dataclass(frozen=True)
class Typeface:
    name: str          # the value of `fengcun synth --typeface`
    family: str
    path: str
    index: int         # the face inside a .ttc collection (the simplified-Chinese one)
    style: str         # song (宋) / ming (明) / kai (楷) / hei (黑)
    package: str       # the Debian package that installs it (scripts/install-system.sh)
    embeddable: bool   # TrueType outlines reportlab can embed; False: scans only


TYPEFACES: dict[str, Typeface] = {t.name: t for t in (
    Typeface("wqy-zenhei", "WenQuanYi Zen Hei", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0, "hei",
             "fonts-wqy-zenhei", True),
    Typeface("uming", "AR PL UMing CN", "/usr/share/fonts/truetype/arphic/uming.ttc", 0, "ming",
             "fonts-arphic-uming", True),
    Typeface("ukai", "AR PL UKai CN", "/usr/share/fonts/truetype/arphic/ukai.ttc", 0, "kai",
             "fonts-arphic-ukai", True),
    Typeface("noto-serif", "Noto Serif CJK SC", "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2, "song",
             "fonts-noto-cjk", False),
    Typeface("noto-sans", "Noto Sans CJK SC", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2, "hei",
             "fonts-noto-cjk", False),
    Typeface("lxgw-wenkai", "LXGW WenKai", "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf", 0, "kai",
             "fonts-lxgw-wenkai", True),
    Typeface("wqy-microhei", "WenQuanYi Micro Hei", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0, "hei",
             "fonts-wqy-microhei", True),
    Typeface("tw-sung", "TW-Sung", "/usr/share/fonts/truetype/cns11643/TW-Sung-98_1.ttf", 0, "song",
             "fonts-cns11643-sung", True),
)}
DEFAULT_TYPEFACE = "wqy-zenhei"
FONT_PATH = TYPEFACES[DEFAULT_TYPEFACE].path    # seals are lettered in it, whatever the body typeface
FONT = "zh"
PAGE_W, PAGE_H = A4
MM = 72 / 25.4


@dataclass(frozen=True)
class Geometry:
    """Margins in points and style → (font size, line advance, alignment)."""
    left: float
    right: float
    top: float
    bottom: float
    styles: dict[str, tuple[float, float, str]]

    @property
    def text_w(self) -> float:
        return PAGE_W - self.left - self.right


BODY = 12.5
ARCHIVE = Geometry(85.0, 75.0, 80.0, 78.0, {
    "court": (16.0, 30.0, "center"), "title": (22.0, 40.0, "center"), "center": (13.0, 24.0, "center"),
    "number": (12.5, 28.0, "right"), "para": (BODY, 21.0, "para"), "line": (BODY, 25.0, "left"),
    "sign": (BODY, 21.0, "right"), "gap": (BODY, 16.0, "gap"),
})
# GB/T 9704: text block 156 × 225 mm (top 37, bottom 35, left 28, right 26 mm); 3-hao body text
# 28 characters a line (15.75 pt each fill the 156 mm), 22 lines a page (advance 225 mm / 22)
COURT_BODY, COURT_ADVANCE = 15.75, 225 * MM / 22
COURT = Geometry(28 * MM, 26 * MM, 37 * MM, 35 * MM - 0.01, {   # 0.01 pt: the 22nd line fits despite rounding
    "court": (22.0, 40.0, "center"), "title": (26.0, 46.0, "center"), "center": (COURT_BODY, COURT_ADVANCE, "center"),
    "number": (COURT_BODY, COURT_ADVANCE + 6, "right"), "para": (COURT_BODY, COURT_ADVANCE, "para"),
    "line": (COURT_BODY, COURT_ADVANCE, "left"), "sign": (COURT_BODY, COURT_ADVANCE, "right"),
    "gap": (COURT_BODY, COURT_ADVANCE / 2, "gap"),
})
LAYOUTS = {"archive": ARCHIVE, "court": COURT}
LEFT, RIGHT, TOP, BOTTOM = ARCHIVE.left, ARCHIVE.right, ARCHIVE.top, ARCHIVE.bottom
TEXT_W = ARCHIVE.text_w
STYLES = ARCHIVE.styles
NO_LINE_START = set("，。、；：）」”！？%》")
SEAL_RADIUS = 60.0   # points (about 42 mm across, a court seal)


class Printable(Protocol):
    """What layout needs of a document: its blocks and the organisation on its seal."""
    blocks: list[Block]
    seal_text: str | None


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
    typeface: str = DEFAULT_TYPEFACE


def typeface(name: str) -> Typeface:
    """The named typeface, installed; a clear error naming the package otherwise."""
    if name not in TYPEFACES:
        raise ValueError(f"unknown typeface {name!r}; choose one of {', '.join(TYPEFACES)}")
    face = TYPEFACES[name]
    try:
        open(face.path, "rb").close()
    except OSError:
        raise ValueError(f"typeface {name} is not installed: {face.path} is missing "
                         f"(Debian package {face.package}; run `make system`)") from None
    return face


@lru_cache(maxsize=8)
def register_font(name: str = DEFAULT_TYPEFACE) -> str:
    """The reportlab font name of an embeddable typeface (registered once)."""
    face = typeface(name)
    if not face.embeddable:
        raise ValueError(f"typeface {name} has CFF outlines reportlab cannot embed: it can be drawn on scans "
                         f"only; text-layer PDFs need one of "
                         f"{', '.join(t.name for t in TYPEFACES.values() if t.embeddable)}")
    font = FONT if name == DEFAULT_TYPEFACE else f"{FONT}-{name}"
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(font, face.path, subfontIndex=face.index))
    return font


@lru_cache(maxsize=16)
def pil_font(name: str, px: int) -> ImageFont.FreeTypeFont:
    face = typeface(name)
    return ImageFont.truetype(face.path, px, index=face.index)


@lru_cache(maxsize=8192)
def _char_width(ch: str, size: float, name: str = DEFAULT_TYPEFACE) -> float:
    if TYPEFACES[name].embeddable:
        return pdfmetrics.stringWidth(ch, register_font(name), size)
    return pil_font(name, 1000).getlength(ch) * size / 1000


def _width(text: str, size: float, name: str = DEFAULT_TYPEFACE) -> float:
    return sum(_char_width(c, size, name) for c in text)


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
            hard_breaks: set[int], face: str = DEFAULT_TYPEFACE) -> tuple[list[tuple[str, float]], list[int]]:
    """Lines and, per unit, the index of the line it landed on."""
    lines: list[tuple[str, float]] = []
    where: list[int] = []
    current, used, indent = "", 0.0, first_indent
    for k, unit in enumerate(units):
        w = _width(unit, size, face)
        if current and (k in hard_breaks or (used + w > width - indent and unit not in NO_LINE_START)):
            lines.append((current, indent))
            current, used, indent = "", 0.0, 0.0
        current += unit
        used += w
        where.append(len(lines))
    if current:
        lines.append((current, indent))
    return lines, where


def wrap(text: str, size: float, first_indent: float, width: float = TEXT_W,
         face: str = DEFAULT_TYPEFACE) -> list[tuple[str, float]]:
    """Greedy line breaking, returning (line text, indent). An ID marked for breaking is
    split where the line ends, or in its middle when it would otherwise fit on one line."""
    units, broken = _tokens(text)
    hard: set[int] = set()
    lines, where = _greedy(units, size, first_indent, width, hard, face)
    for span in broken:
        if where[span.start] == where[span.stop - 1]:
            hard.add(span.start + len(span) // 2)
    if hard:
        lines, _ = _greedy(units, size, first_indent, width, hard, face)
    return lines


def layout(docs: Sequence[Printable], blank_after: list[int], face: str = DEFAULT_TYPEFACE,
           geometry: Geometry = ARCHIVE) -> tuple[list[Page], list[tuple[int, int]]]:
    """Pages of the dossier and each document's (first page, last page), 1-based."""
    typeface(face)
    g = geometry
    pages: list[Page] = []
    ranges: list[tuple[int, int]] = []
    for index, doc in enumerate(docs):
        page = Page(organisation=doc.seal_text, typeface=face)
        pages.append(page)
        first = len(pages)
        y = g.top
        last_sign: Line | None = None
        for style, text in doc.blocks:
            size, advance, align = g.styles.get(style, g.styles["para"]) if style != "seal" else (0, 0, "seal")
            if style == "seal":
                if last_sign is not None and doc.seal_text:
                    w = _width(last_sign.text, last_sign.size, face)
                    page.seals.append((last_sign.x + w / 2, last_sign.baseline - last_sign.size / 2, doc.seal_text))
                continue
            if style == "gap":
                y += advance
                continue
            if align == "para":
                rows = wrap(text, size, 2 * size, g.text_w, face)
            elif align == "left" or _width(text, size, face) > g.text_w:   # a title too long for one line wraps
                rows = wrap(text, size, 0.0, g.text_w, face)
            else:
                rows = [(text, 0.0)]
            for row, indent in rows:
                if y + advance > PAGE_H - g.bottom:
                    page = Page(organisation=doc.seal_text, typeface=face)
                    pages.append(page)
                    y = g.top
                y += advance
                w = _width(row, size, face)
                x = {"center": g.left + (g.text_w - w) / 2,
                     "right": PAGE_W - g.right - w - 2 * size}.get(align, g.left + indent)
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


def write_pdf(pages: list[Page], title: str = "synthetic dossier") -> bytes:
    """The text-layer PDF; `invariant` fixes dates and ids so a seed gives the same bytes."""
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4, invariant=1, pageCompression=1)
    pdf.setCreator("fengcun synth")
    pdf.setTitle(title)
    for number, page in enumerate(pages, 1):
        font = register_font(page.typeface)
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


def page_texts(pages: list[Page]) -> str:
    """What the pages print, page by page (form feed between pages, the archive's page stamp
    first): the ground truth `fengcun ocr-eval` reads from X.txt when a scan has no
    text-layer twin."""
    return "\f".join("\n".join(([str(n)] if not page.blank else []) + [line.text for line in page.lines])
                     for n, page in enumerate(pages, 1))


def draw_page(page: Page, number: int, dpi: int) -> Image.Image:
    """The page as printed, drawn straight to pixels (what `write_pdf` rasterised would show):
    the road for typefaces a text-layer PDF cannot embed."""
    scale = dpi / 72
    img = Image.new("RGB", (round(PAGE_W * scale), round(PAGE_H * scale)), "white")
    draw = ImageDraw.Draw(img)
    if not page.blank:
        draw.text(((PAGE_W - 40) * scale, 40 * scale), str(number), font=pil_font(page.typeface, round(9 * scale)),
                  fill="black", anchor="rs")
    for line in page.lines:
        draw.text((line.x * scale, line.baseline * scale), line.text,
                  font=pil_font(page.typeface, round(line.size * scale)), fill="black", anchor="ls")
    for cx, cy, org in page.seals:
        side = round(2 * SEAL_RADIUS * scale)
        seal = seal_image(org).resize((side, side), Image.Resampling.LANCZOS)
        base = img.convert("RGBA")
        base.alpha_composite(seal, (round((cx - SEAL_RADIUS) * scale), round((cy - SEAL_RADIUS) * scale)))
        img = base.convert("RGB")
    return img
