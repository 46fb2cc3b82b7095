"""The visible marks sealed and redacted files carry (Measures art. 10; art. 5).

Marks are drawn with reportlab as real text in the embedded WQY Zen Hei font, so
they are both visible in the pixels and readable in the text layer, which is
how `redaction.leakcheck.check_sealed` verifies them. Each mark is a page of its
own overlaid onto the target page with pikepdf (`Page.add_overlay`), so the
original page content is never re-encoded.

A mark never overprints the page (`FreeSpace`): each page is rendered at
`INK_DPI` — text layer, vector lines and scanned pixels alike, since what is
printed is what counts — every pixel visibly darker or more coloured than the
paper is ink (a page number too), and ink is grown by `CLEARANCE_PT`. A mark takes
the free spot nearest its preferred place (the seal and the case-file mark the
upper right, the watermark the foot of the page) at its full size; where none is
big enough it shrinks step by step to its smallest legible size; where even that
finds no room, the page is lengthened by a blank band at its foot and the mark is
printed there: the content keeps its place and nothing is covered.
"""
from __future__ import annotations

import ctypes
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import cv2
import numpy as np
import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image
from reportlab.lib.colors import Color
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from extractors.pages import PDFIUM_LOCK
from models.errors import MissingDependencyError

FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
FONT = "fengcun-zh"

SEAL_TEXT = "未成年人犯罪记录封存"                        # the cover seal of a sealed dossier
WATERMARK_TEXT = "未成年人犯罪记录封存 · 未经法定程序不得查询"   # on every page of sealed material
CASE_FILE_MARK = "含犯罪记录封存信息"                       # cover of a file in ordinary use naming a sealed minor

SEAL_RED = Color(0.80, 0.05, 0.05)
WATERMARK_GREY = Color(0.40, 0.40, 0.40)
PageSize = tuple[float, float]
Box = tuple[float, float, float, float]    # x0, y0, x1, y1 in points, bottom-left origin, on the page as displayed

INK_DPI = 48            # free space is judged on this rendering: a 9 pt page number is still 6 px of ink
INK_CONTRAST = 48       # grey levels below the paper (twice that between channels: colour) that count as ink
CLEARANCE_PT = 8.0      # blank paper kept between a mark and the nearest ink
EDGE_PT = 14.0          # marks keep this far from the page edge, where printers cannot print
SHRINK = 0.85           # each smaller try is this much of the last
SEAL_MIN_TITLE = 11.0
CASE_FILE_MIN = 9.0
WATERMARK_SIZE, WATERMARK_MIN = 10.5, 6.5


@cache
def cjk_font() -> str:
    """Register the CJK font with reportlab once; its name for `setFont`."""
    try:
        pdfmetrics.registerFont(TTFont(FONT, FONT_PATH, subfontIndex=0))
    except (OSError, IOError) as exc:
        raise MissingDependencyError(
            f"the CJK font {FONT_PATH} is missing ({exc}); install fonts-wqy-zenhei"
        ) from None
    return FONT


def overlay_pdf(sizes: Sequence[PageSize], draw: Callable[[Canvas, float, float, int], None]) -> pikepdf.Pdf:
    """A PDF of one page per size, each drawn by `draw(canvas, width, height, index)`: the
    overlay every mark (seal, watermark, release note) is stamped from."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=True)
    for index, (width, height) in enumerate(sizes):
        canvas.setPageSize((width, height))
        draw(canvas, width, height, index)
        canvas.showPage()
    canvas.save()
    buffer.seek(0)
    return pikepdf.open(buffer)


@dataclass(frozen=True)
class Mark:
    """A mark's width and height at a font size (`measure`), its full and smallest legible
    size, and its preferred place: `anchor` is the point of the page, as fractions of its
    width and height from the top left, that the same point of the mark would ideally
    sit on ((1, 0): the upper right corner)."""

    measure: Callable[[float], tuple[float, float]]
    size: float
    min_size: float
    anchor: tuple[float, float]


@dataclass(frozen=True)
class Placement:
    box: Box
    size: float        # the font size it was placed at


class FreeSpace:
    """Where marks may go on pages of one PDF: ink found once per page from its
    rendering; each placed mark then counts as ink for the next."""

    def __init__(self, pdf: pikepdf.Pdf, indices: Sequence[int]) -> None:
        self.pdf = pdf
        self.blocked = dict(zip(indices, ink_masks(pdf, indices)))

    def place(self, index: int, mark: Mark) -> Placement:
        """The spot for `mark` on page `index`: the largest size that fits, nearest the
        anchor; failing that, a blank band added at the foot of the page. On a page
        narrower than the mark at its smallest legible size (a slip), the mark is made
        as small as the page's width needs."""
        size = mark.size
        while True:
            box = self._free_box(index, *mark.measure(size), mark.anchor)
            if box is not None:
                return self._taken(index, Placement(box, size))
            if size <= mark.min_size:
                break
            size = max(mark.min_size, size * SHRINK)
        width, height = mark.measure(size)
        usable = page_size(self.pdf.pages[index])[0] - 2 * EDGE_PT - 2.0    # 2 pt for rounding to pixels
        if width > usable:
            if usable <= 0:
                raise ValueError(f"page {index + 1} is too narrow for any mark")
            size *= usable / width
            width, height = mark.measure(size)
        self._add_band(index, float(np.ceil(height + CLEARANCE_PT + EDGE_PT)))   # whole points: pixels stay aligned
        box = self._free_box(index, width, height, (mark.anchor[0], 1.0))
        if box is None:      # cannot happen: the band is blank and wider than the mark
            raise RuntimeError(f"page {index + 1}: no room for a mark in the band added for it")
        return self._taken(index, Placement(box, size))

    def _scale(self, index: int) -> float:
        return self.blocked[index].shape[1] / page_size(self.pdf.pages[index])[0]

    def _free_box(self, index: int, width: float, height: float, anchor: tuple[float, float]) -> Box | None:
        blocked, scale = self.blocked[index], self._scale(index)
        page_height = page_size(self.pdf.pages[index])[1]
        w, h = int(np.ceil(width * scale)), int(np.ceil(height * scale))
        edge = int(np.ceil(EDGE_PT * scale))
        rows, cols = blocked.shape
        if w > cols - 2 * edge or h > rows - 2 * edge:
            return None
        summed = np.pad(blocked.astype(np.int32).cumsum(0).cumsum(1), ((1, 0), (1, 0)))
        ink = summed[h:, w:] - summed[:-h, w:] - summed[h:, :-w] + summed[:-h, :-w]   # by [top, left]
        free = np.argwhere(ink[edge:rows - h - edge + 1, edge:cols - w - edge + 1] == 0) + edge
        if not len(free):
            return None
        want = np.array([edge + anchor[1] * (rows - h - 2 * edge), edge + anchor[0] * (cols - w - 2 * edge)])
        top, left = free[np.argmin(((free - want) ** 2).sum(axis=1))]
        x0, y1 = left / scale, page_height - top / scale
        return x0, y1 - height, x0 + width, y1

    def _taken(self, index: int, placement: Placement) -> Placement:
        scale, page_height = self._scale(index), page_size(self.pdf.pages[index])[1]
        x0, y0, x1, y1 = placement.box
        pad = CLEARANCE_PT
        self.blocked[index][max(0, int((page_height - y1 - pad) * scale)):int(np.ceil((page_height - y0 + pad) * scale)),
                            max(0, int((x0 - pad) * scale)):int(np.ceil((x1 + pad) * scale))] = True
        return placement

    def _add_band(self, index: int, band: float) -> None:
        """Lengthen page `index` by `band` points at its foot as displayed: every page box
        grows there (the bottom, or the edge /Rotate turns to the bottom), so the content
        keeps its place and its coordinates from the displayed top left."""
        page = self.pdf.pages[index]
        scale = self._scale(index)
        grow = {0: (0, -band, 0, 0), 90: (0, 0, band, 0), 180: (0, 0, 0, band), 270: (-band, 0, 0, 0)}[rotation(page)]
        for key in ("/MediaBox", "/CropBox", "/TrimBox", "/BleedBox", "/ArtBox"):
            effective = {"/MediaBox": page.mediabox, "/CropBox": page.cropbox}   # also where inherited
            box = effective[key] if key in effective else page.obj.get(key)
            if box is not None:
                page.obj[key] = pikepdf.Array([float(v) + d for v, d in zip(box, grow)])
        blocked = self.blocked[index]
        self.blocked[index] = np.vstack([blocked, np.zeros((int(np.ceil(band * scale)), blocked.shape[1]), bool)])


def ink_masks(pdf: pikepdf.Pdf, indices: Sequence[int]) -> list[np.ndarray]:
    """Per page, True where there is ink or within CLEARANCE_PT of it: one cell per pixel
    at INK_DPI over the page's trim box as displayed (turned by /Rotate), top row first."""
    copy = pikepdf.new()
    for index in indices:
        page = pdf.pages[index]
        copy.pages.append(page)
        added = copy.pages[-1]
        added.obj.MediaBox = pikepdf.Array([float(v) for v in page.mediabox])
        added.obj.CropBox = pikepdf.Array([float(v) for v in page.trimbox])
        added.obj.Rotate = rotation(page)
    buffer = io.BytesIO()
    copy.save(buffer)
    masks = []
    with PDFIUM_LOCK:
        doc = pdfium.PdfDocument(buffer.getvalue())
        try:
            for i in range(len(doc)):
                masks.append(_ink(doc[i].render(scale=INK_DPI / 72, draw_annots=False).to_pil()))
        finally:
            doc.close()
    return masks


def _ink(image: Image.Image) -> np.ndarray:
    """Ink on a rendered page: darker than the paper (its 90th-percentile grey, so a
    tinted scan's paper is paper), darker than mid-grey, or visibly coloured (a red seal);
    a pixel with no inked neighbour is scanner noise. Then grown by CLEARANCE_PT.

    The channels are compared one by one, not by `np.ptp`/`mean` over the last axis
    (numpy reduces a 3-wide axis slowly: that was half of this function's time); the
    values are the same."""
    rgb = np.asarray(image.convert("RGB")).astype(np.int16)
    red, green, blue = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    grey = (red + green + blue) / 3
    spread = np.maximum(np.maximum(red, green), blue) - np.minimum(np.minimum(red, green), blue)
    ink = (grey < np.percentile(grey, 90) - INK_CONTRAST) | (grey < 128) | (spread > 2 * INK_CONTRAST)
    ink &= _has_inked_neighbour(ink)
    return _grown(ink, int(np.ceil(CLEARANCE_PT * INK_DPI / 72)))


_NEIGHBOURS = np.array([[1, 1, 1], [1, 0, 1], [1, 1, 1]], np.uint8)


def _has_inked_neighbour(ink: np.ndarray) -> np.ndarray:
    """True where one of a pixel's eight neighbours is ink (outside the page is paper): a
    dilation by the ring of neighbours, the pixel itself left out."""
    return cv2.dilate(ink.view(np.uint8), _NEIGHBOURS, borderType=cv2.BORDER_CONSTANT, borderValue=0).view(bool)


def _grown(mask: np.ndarray, radius: int) -> np.ndarray:
    """`mask` dilated by a square of side 2·radius+1 (outside the page is paper). OpenCV's
    dilation by a rectangle is separable and vectorised: 0.1 ms a page at INK_DPI, against
    5 ms for numpy's sliding windows and more still for PIL's rank filter, which was once
    most of a sealed file's time."""
    side = 2 * radius + 1
    return cv2.dilate(mask.view(np.uint8), np.ones((side, side), np.uint8),
                      borderType=cv2.BORDER_CONSTANT, borderValue=0).view(bool)


def _seal_size(title: float) -> tuple[float, float]:
    """The stamp's width and height for a title of `title` points."""
    return title * (len(SEAL_TEXT) + 1.5), title * 1.5 + title * 0.55 * 4.2


def _case_file_size(font_size: float) -> tuple[float, float]:
    return font_size * (len(CASE_FILE_MARK) + 1.2), font_size * 1.9


def seal_mark(size: PageSize) -> Mark:
    """The cover seal: 46% of the page wide (at most 300 pt) where there is room, in the upper right."""
    return Mark(_seal_size, min(size[0] * 0.46, 300.0) / (len(SEAL_TEXT) + 1.5), SEAL_MIN_TITLE, (1.0, 0.0))


def case_file_mark(size: PageSize) -> Mark:
    return Mark(_case_file_size, min(18.0, size[0] * 0.4 / len(CASE_FILE_MARK)), CASE_FILE_MIN, (1.0, 0.0))


def watermark_text(short_id: str) -> str:
    return f"{WATERMARK_TEXT}　{short_id}"


def watermark_mark(short_id: str) -> Mark:
    """The per-page warning with the dossier's short id: one line, at the foot of the page."""
    text = watermark_text(short_id)
    return Mark(lambda size: (pdfmetrics.stringWidth(text, cjk_font(), size), size * 1.3),
                WATERMARK_SIZE, WATERMARK_MIN, (0.5, 1.0))


def mark_sealed(pdf: pikepdf.Pdf, authority: str, sealed_on_text: str, short_id: str) -> None:
    """Stamp sealed material: the seal on the cover, the warning on every page, each in
    free space (the cover's warning keeps clear of the seal)."""
    space = FreeSpace(pdf, range(len(pdf.pages)))
    seal = space.place(0, seal_mark(page_size(pdf.pages[0])))
    lines = [space.place(index, watermark_mark(short_id)) for index in range(len(pdf.pages))]
    stamp(pdf, 0, seal_overlay(page_size(pdf.pages[0]), seal, authority, sealed_on_text))
    watermarks = watermark_overlays([page_size(p) for p in pdf.pages], lines, short_id)
    for index in range(len(pdf.pages)):
        stamp(pdf, index, watermarks, index)


def mark_case_file(pdf: pikepdf.Pdf) -> None:
    """Stamp 含犯罪记录封存信息 in free space on the cover of a file in ordinary use."""
    placement = FreeSpace(pdf, [0]).place(0, case_file_mark(page_size(pdf.pages[0])))
    stamp(pdf, 0, case_file_overlay(page_size(pdf.pages[0]), placement))


def seal_overlay(size: PageSize, placement: Placement, authority: str, sealed_on_text: str) -> pikepdf.Pdf:
    """A red double-bordered stamp: the seal, the sealing authority and the sealing date."""
    font = cjk_font()

    def draw(c: Canvas, width: float, height: float, _: int) -> None:
        x0, y0, x1, y1 = placement.box
        box_w, box_h = x1 - x0, y1 - y0
        title_size = placement.size
        small = title_size * 0.55
        inset = title_size * 0.15
        c.setStrokeColor(SEAL_RED)
        c.setFillColor(SEAL_RED)
        c.setFillAlpha(0.9)
        c.setStrokeAlpha(0.9)
        line = max(3.0, title_size * 0.12)      # inside the placed box; solid red even at 36 dpi (check_sealed)
        c.setLineWidth(line)
        c.rect(x0 + line / 2, y0 + line / 2, box_w - line, box_h - line)
        c.setLineWidth(0.8)
        c.rect(x0 + inset, y0 + inset, box_w - 2 * inset, box_h - 2 * inset)
        cx = x0 + box_w / 2
        c.setFont(font, title_size)
        c.drawCentredString(cx, y0 + box_h - title_size * 1.35, SEAL_TEXT)
        c.setFont(font, small)
        c.drawCentredString(cx, y0 + small * 2.4, _fit(authority, box_w - 2 * small, small))
        c.drawCentredString(cx, y0 + small * 1.0, f"封存日期：{sealed_on_text}")

    return overlay_pdf([size], draw)


def seal_region(page: pdfium.PdfPage) -> tuple[float, float, float, float] | None:
    """Where the stamp is on a cover read back with PDFium: (x0, top, x1, bottom) in points
    from the top left of the page as displayed (turned by /Rotate), around its red title,
    widened to take in the frame; None when no red seal title is there. check_sealed looks
    for red pixels in it. The caller holds extractors.pages.PDFIUM_LOCK."""
    width, height = (round(v) for v in page.get_size())     # 1 device pixel a point
    want = tuple(round(c * 255) for c in (SEAL_RED.red, SEAL_RED.green, SEAL_RED.blue))
    rgba = [ctypes.c_uint() for _ in range(4)]
    corners = [ctypes.c_double() for _ in range(4)]
    dx, dy = ctypes.c_int(), ctypes.c_int()
    red: list[tuple[str, float, tuple[float, float, float, float]]] = []
    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        for i in range(pdfium_c.FPDFText_CountChars(raw)):
            char = chr(pdfium_c.FPDFText_GetUnicode(raw, i))
            if char not in SEAL_TEXT or not pdfium_c.FPDFText_GetFillColor(raw, i, *rgba):
                continue
            if any(abs(v.value - w) > 5 for v, w in zip(rgba, want)):
                continue
            pdfium_c.FPDFText_GetCharBox(raw, i, *corners)
            left, right, bottom, top = (c.value for c in corners)
            xs, ys = [], []
            for x, y in ((left, bottom), (left, top), (right, bottom), (right, top)):
                pdfium_c.FPDF_PageToDevice(page.raw, 0, 0, width, height, 0, x, y, dx, dy)
                xs.append(dx.value)
                ys.append(dy.value)
            red.append((char, pdfium_c.FPDFText_GetFontSize(raw, i), (min(xs), min(ys), max(xs), max(ys))))
    finally:
        textpage.close()
    for i in range(len(red) - len(SEAL_TEXT) + 1):
        run = red[i:i + len(SEAL_TEXT)]
        if "".join(c for c, _, _ in run) == SEAL_TEXT:
            size = max(s for _, s, _ in run)
            return (min(b[0] for _, _, b in run) - 0.8 * size, min(b[1] for _, _, b in run) - 0.6 * size,
                    max(b[2] for _, _, b in run) + 0.8 * size, max(b[3] for _, _, b in run) + 0.3 * size)
    return None


def watermark_overlays(sizes: Sequence[PageSize], placements: Sequence[Placement], short_id: str) -> pikepdf.Pdf:
    """One page per target page: the warning and the dossier's short id, one grey line
    in the free space placed for it."""
    font = cjk_font()
    text = watermark_text(short_id)

    def draw(c: Canvas, width: float, height: float, index: int) -> None:
        x0, y0, _, _ = placements[index].box
        size = placements[index].size
        c.setFillColor(WATERMARK_GREY)
        c.setFont(font, size)
        c.drawString(x0, y0 + size * 0.35, text)

    return overlay_pdf(sizes, draw)


def case_file_overlay(size: PageSize, placement: Placement) -> pikepdf.Pdf:
    """The red framed mark 含犯罪记录封存信息."""
    font = cjk_font()

    def draw(c: Canvas, width: float, height: float, _: int) -> None:
        x0, y0, x1, y1 = placement.box
        font_size = placement.size
        c.setStrokeColor(SEAL_RED)
        c.setFillColor(SEAL_RED)
        line = max(1.0, font_size * 0.09)
        c.setLineWidth(line)
        c.rect(x0 + line / 2, y0 + line / 2, x1 - x0 - line, y1 - y0 - line)
        c.setFont(font, font_size)
        c.drawCentredString((x0 + x1) / 2, y0 + font_size * 0.6, CASE_FILE_MARK)

    return overlay_pdf([size], draw)


def _fit(text: str, width: float, size: float) -> str:
    """Shorten a configured authority name that would overflow the stamp."""
    limit = max(1, int(width / size))
    return text if len(text) <= limit else text[:limit - 1] + "…"


def stamp(pdf: pikepdf.Pdf, page_index: int, overlay: pikepdf.Pdf, overlay_index: int = 0) -> None:
    pdf.pages[page_index].add_overlay(overlay.pages[overlay_index])


def page_size(page: pikepdf.Page) -> PageSize:
    """The page as a viewer sees it: its trim box, turned by /Rotate. Overlays are drawn at
    this size, because `add_overlay` places them upright as the page is displayed."""
    box = page.trimbox
    width, height = float(box[2]) - float(box[0]), float(box[3]) - float(box[1])
    return (height, width) if rotation(page) in (90, 270) else (width, height)


def rotation(page: pikepdf.Page) -> int:
    """The page's /Rotate (inherited from the page tree where the page has none), 0–270."""
    node: pikepdf.Dictionary | None = page.obj
    while node is not None:
        if "/Rotate" in node:
            return int(node.Rotate) % 360
        node = node.get("/Parent")
    return 0
