"""The visible marks sealed and redacted files carry (Measures art. 10; art. 5).

Marks are drawn with reportlab as real text in the embedded WQY Zen Hei font, so
they are both visible in the pixels and readable in the text layer, which is
how `redaction.leakcheck.check_sealed` verifies them. Each mark is a page of its
own overlaid onto the target page with pikepdf (`Page.add_overlay`), so the
original page content is never re-encoded.
"""
from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from functools import cache

import pikepdf
from reportlab.lib.colors import Color
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from models.errors import MissingDependencyError

FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
FONT = "fengcun-zh"

SEAL_TEXT = "未成年人犯罪记录封存"                        # the cover seal of a sealed dossier
WATERMARK_TEXT = "未成年人犯罪记录封存 · 未经法定程序不得查询"   # on every page of sealed material
CASE_FILE_MARK = "含犯罪记录封存信息"                       # cover of a file in ordinary use naming a sealed minor

SEAL_RED = Color(0.80, 0.05, 0.05)
PageSize = tuple[float, float]


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


def seal_overlay(size: PageSize, authority: str, sealed_on_text: str) -> pikepdf.Pdf:
    """A red double-bordered stamp in the upper right of the cover: the seal, the
    sealing authority and the sealing date."""
    font = cjk_font()

    def draw(c: Canvas, width: float, height: float, _: int) -> None:
        x0, y0, x1, y1 = seal_rect((width, height))
        box_w, box_h = x1 - x0, y1 - y0
        title_size = box_w / (len(SEAL_TEXT) + 1.5)
        small = title_size * 0.55
        c.setStrokeColor(SEAL_RED)
        c.setFillColor(SEAL_RED)
        c.setFillAlpha(0.9)
        c.setStrokeAlpha(0.9)
        c.setLineWidth(2.2)
        c.rect(x0, y0, box_w, box_h)
        c.setLineWidth(0.8)
        c.rect(x0 + 3.5, y0 + 3.5, box_w - 7, box_h - 7)
        cx = x0 + box_w / 2
        c.setFont(font, title_size)
        c.drawCentredString(cx, y0 + box_h - title_size * 1.35, SEAL_TEXT)
        c.setFont(font, small)
        c.drawCentredString(cx, y0 + small * 2.4, _fit(authority, box_w - 14, small))
        c.drawCentredString(cx, y0 + small * 1.0, f"封存日期：{sealed_on_text}")

    return overlay_pdf([size], draw)


def seal_rect(size: PageSize) -> tuple[float, float, float, float]:
    """Where the seal stamp sits on a page of `size`: x0, y0, x1, y1 in PDF points
    (bottom-left origin), in the upper right; check_sealed looks for red there."""
    width, height = size
    box_w = min(width * 0.46, 300.0)
    title_size = box_w / (len(SEAL_TEXT) + 1.5)
    box_h = title_size * 1.5 + title_size * 0.55 * 4.2
    x0, y0 = width - box_w - width * 0.05, height - box_h - height * 0.04
    return x0, y0, x0 + box_w, y0 + box_h


def watermark_overlays(sizes: Sequence[PageSize], short_id: str) -> pikepdf.Pdf:
    """One page per target page: the warning diagonally across the page and the
    dossier's short id under it, grey and translucent so the page stays legible."""
    font = cjk_font()

    def draw(c: Canvas, width: float, height: float, _: int) -> None:
        size = math.hypot(width, height) * 0.75 / pdfmetrics.stringWidth(WATERMARK_TEXT, font, 1.0)
        c.saveState()
        c.setFillColor(Color(0.45, 0.45, 0.45))
        c.setFillAlpha(0.28)
        c.translate(width / 2, height / 2)
        c.rotate(math.degrees(math.atan2(height, width)))
        c.setFont(font, size)
        c.drawCentredString(0, 0, WATERMARK_TEXT)
        c.setFont(font, size * 0.6)
        c.drawCentredString(0, -size * 1.2, short_id)
        c.restoreState()

    return overlay_pdf(sizes, draw)


def case_file_overlay(size: PageSize) -> pikepdf.Pdf:
    """The red framed mark 含犯罪记录封存信息 in the upper right of a cover in ordinary use."""
    font = cjk_font()

    def draw(c: Canvas, width: float, height: float, _: int) -> None:
        font_size = min(18.0, width * 0.4 / len(CASE_FILE_MARK))
        box_w, box_h = font_size * (len(CASE_FILE_MARK) + 1.2), font_size * 1.9
        x0, y0 = width - box_w - width * 0.05, height - box_h - height * 0.03
        c.setStrokeColor(SEAL_RED)
        c.setFillColor(SEAL_RED)
        c.setLineWidth(1.6)
        c.rect(x0, y0, box_w, box_h)
        c.setFont(font, font_size)
        c.drawCentredString(x0 + box_w / 2, y0 + font_size * 0.6, CASE_FILE_MARK)

    return overlay_pdf([size], draw)


def _fit(text: str, width: float, size: float) -> str:
    """Shorten a configured authority name that would overflow the stamp."""
    limit = max(1, int(width / size))
    return text if len(text) <= limit else text[:limit - 1] + "…"


def stamp(pdf: pikepdf.Pdf, page_index: int, overlay: pikepdf.Pdf, overlay_index: int = 0) -> None:
    pdf.pages[page_index].add_overlay(overlay.pages[overlay_index])


def page_size(page: pikepdf.Page) -> PageSize:
    box = page.trimbox
    return float(box[2]) - float(box[0]), float(box[3]) - float(box[1])
