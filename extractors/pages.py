"""The page stage: any dossier file in, one `PageText` per page out.

Per page it decides between the text layer and OCR (extractors.triage), and for
OCR it renders, suppresses red seals, skips blank pages, straightens skew and
turns upside-down pages upright, reads doubtful Chinese-numeral years a second
time glyph by glyph (extractors.reread), then maps the engine's pixel boxes back to PDF
points on the page as stored in the file. Inputs are only ever opened for
reading; anything unreadable becomes one `InputFileError` naming the cause.
"""
from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import logging
import threading
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageSequence, UnidentifiedImageError

from extractors import images
from extractors.ocr import DEFAULT_ENGINE, OcrEngine, OcrLine, get_engine
from extractors.ocr.base import split_evenly
from extractors.reread import reread_years
from extractors.text import Glyph, PageText
from extractors.triage import forms_words, judge_text_layer
from models.errors import InputFileError

#: PDFium is not thread-safe and a backfill runs dossiers on threads: every call into
#: pypdfium2, here and in redaction, holds this lock (never while OCR runs).
PDFIUM_LOCK = threading.RLock()

log = logging.getLogger(__name__)

DEFAULT_DPI = 300
#: Largest page image decoded or rendered: A3 at 600 dpi fits, a decompression bomb does not.
DEFAULT_MAX_PIXELS = 80_000_000
#: Scanned images without a resolution tag are taken to be at this dpi.
ASSUMED_IMAGE_DPI = 300
#: Pages handed to the engine at once (GPU engines batch; memory stays a few pages); an engine
#: may ask for fewer with a `page_batch` attribute (the CPU pool: see page_batch).
OCR_BATCH = 4
#: A page read with a lower mean character confidence is also read the other way(s) round.
DOUBTFUL_READING = 0.8
#: A reading with fewer characters than the page's ink (pixels at 100 dpi) over this is doubtful too.
#: 12 pt CJK text measures 55–62 ink pixels a character; a 22 pt title about 200.
MAX_INK_PER_CHARACTER = 400

BBox = tuple[float, float, float, float]


@dataclass
class _Raster:
    """A page image as stored, with what maps its pixels to points."""

    rgb: np.ndarray
    dpi: float
    width_pt: float
    height_pt: float


def _why_pdf_fails(path: Path) -> str:
    """PDFium's load error code can be stale from an earlier document; qpdf says what is wrong."""
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            count = len(pdf.pages)
    except pikepdf.PasswordError:
        return "password-protected PDF; ask the archive for an unencrypted copy"
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        return f"corrupt PDF ({type(exc).__name__}); copy the file again or rescan"
    if count == 0:
        return "the file has no pages"
    return "corrupt PDF (PDFium cannot load it); copy the file again or rescan"


class _PdfFile:
    def __init__(self, path: Path, max_pixels: int) -> None:
        import pypdfium2 as pdfium

        self.path = path
        self.max_pixels = max_pixels
        with path.open("rb") as f:
            head = f.read(1024)
            f.seek(0, 2)
            size = f.tell()
            f.seek(max(0, size - 2048))
            tail = f.read()
        if b"%PDF-" not in head:
            raise InputFileError(str(path), "not a PDF, TIFF, JPEG or PNG file; check the file type")
        if b"%%EOF" not in tail:
            raise InputFileError(str(path), "truncated PDF (no end-of-file marker); copy the file again from the source")
        try:
            with PDFIUM_LOCK:
                self.doc = pdfium.PdfDocument(str(path))
                self.count = len(self.doc)
        except pdfium.PdfiumError:
            raise InputFileError(str(path), _why_pdf_fails(path)) from None

    def close(self) -> None:
        with PDFIUM_LOCK:
            self.doc.close()

    def _rotation(self, index: int) -> int:
        with PDFIUM_LOCK:
            return int(self.doc[index].get_rotation())

    def size(self, index: int) -> tuple[float, float]:
        """Width and height in points of the page as stored (before its /Rotate)."""
        with PDFIUM_LOCK:
            w, h = self.doc[index].get_size()
        return (h, w) if self._rotation(index) in (90, 270) else (w, h)

    def text_layer(self, index: int) -> tuple[list[list[Glyph]], float]:
        """The page's characters grouped into lines, in stored-page points, and the share images cover.

        Read from PDFium's text page, which parses the page's text about five times faster
        than pdfplumber's character objects (docs/benchmarks.md); boxes follow pdfplumber's
        convention (advance width by font size above the font's descent) so a text layer
        reads the same whichever library parsed it.
        """
        try:
            with PDFIUM_LOCK:
                page = self.doc[index]
                try:
                    left, bottom, right, top = page.get_mediabox()
                    objects = _objects(page, left, top)
                    self._refuse_bombs(index, objects.pixel_sizes)
                    raw = _characters(page, left, top, objects.blank_text)
                finally:
                    page.close()
        except InputFileError:
            raise
        except Exception as exc:    # PDFium raises PdfiumError; a broken page may raise anything through ctypes
            raise InputFileError(str(self.path), f"corrupt PDF on page {index + 1} ({type(exc).__name__}); rescan") from None
        width, height = right - left, top - bottom
        covered = sum(max(0.0, min(x1, width) - max(x0, 0.0)) * max(0.0, min(y1, height) - max(y0, 0.0))
                      for x0, y0, x1, y1 in objects.image_boxes)
        return group_lines(_dedupe(raw)), min(covered / max(width * height, 1.0), 1.0)

    def _refuse_bombs(self, index: int, pixel_sizes: list[tuple[int, int]]) -> None:
        """A page whose image dictionaries promise more pixels than the limit is refused before anything decodes them."""
        for width, height in pixel_sizes:
            if width * height > self.max_pixels:
                raise InputFileError(str(self.path), f"page {index + 1} holds a {width}×{height} pixel image, over the "
                                     f"{self.max_pixels / 1e6:.0f} megapixel limit (decompression bomb?); rescan")

    def raster(self, index: int, dpi: float) -> _Raster:
        w, h = self.size(index)
        pixels = (w * dpi / 72) * (h * dpi / 72)
        if pixels > self.max_pixels:
            raise InputFileError(str(self.path), f"page {index + 1} would be {pixels / 1e6:.0f} megapixels at {dpi:.0f} dpi, "
                                 f"over the {self.max_pixels / 1e6:.0f} megapixel limit; check the page size")
        with PDFIUM_LOCK:
            page = self.doc[index]
            # pdfium applies /Rotate while rendering; the extra turn undoes it, giving the page as stored.
            bitmap = page.render(scale=dpi / 72, rotation=(360 - self._rotation(index)) % 360)
            rgb = np.asarray(bitmap.to_pil().convert("RGB"))
        return _Raster(rgb, dpi, w, h)


#: Points within which two positions are one: characters with the same text, font and size
#: this close are one character printed twice (fake bold), as in pdfplumber's dedupe_chars.
SAME_PLACE = 1.0


@dataclass(frozen=True)
class _Char:
    text: str
    box: BBox               # stored-page points, top-left origin
    font: tuple[int, float, bool]   # font handle, size, upright: what must match for a duplicate


@dataclass
class _Objects:
    """What the page's objects say before any character is read (stored-page points, top-left origin)."""

    pixel_sizes: list[tuple[int, int]]      # each image's, from its dictionary: nothing decoded
    image_boxes: list[BBox]                 # where each image is placed
    blank_text: list[BBox]                  # each text object that draws no ink (spaces): its start, font-size tall


def _objects(page: object, left: float, top: float) -> _Objects:
    """The page's images and inkless text objects, those inside form XObjects included (their
    bounds turned through each form's matrix to the page). An image whose dictionary gives no
    size counts as 0×0, an object PDFium cannot place is left out. The caller holds PDFIUM_LOCK."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    found = _Objects([], [], [])
    width, height = ctypes.c_uint(), ctypes.c_uint()
    size, descent = ctypes.c_float(), ctypes.c_float()
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_TEXT]):  # type: ignore[attr-defined]
        image = obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE
        if image:
            ok = pdfium_c.FPDFImageObj_GetImagePixelSize(obj.raw, width, height)
            found.pixel_sizes.append((width.value, height.value) if ok else (0, 0))
        try:
            x0, y0, x1, y1 = obj.get_bounds()
            if not image:
                if x1 - x0 > 0.01 or not pdfium_c.FPDFTextObj_GetFontSize(obj.raw, size):
                    continue
                font = pdfium_c.FPDFTextObj_GetFont(obj.raw)
                below = descent.value if font and pdfium_c.FPDFFont_GetDescent(font, size.value, descent) else 0.0
                y0, y1 = y0 + below, y0 + below + size.value      # pdfplumber's box, as in _characters
            x0, y0, x1, y1 = on_page(obj, (x0, y0, x1, y1))
        except pdfium.PdfiumError:
            continue
        if image:
            found.image_boxes.append((x0 - left, top - y1, x1 - left, top - y0))
        else:
            found.blank_text.append((x0 - left, top - y1, x1 - left, top - y0))
    return found


def on_page(obj: Any, bounds: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """`bounds` of a page object (PDF user space, bottom-left origin) turned through the
    matrices of the form XObjects it sits in, to the page: PDFium gives an object inside a
    form its bounds in the form's space. Raises pypdfium2.PdfiumError where PDFium cannot
    give a form's matrix. The caller holds PDFIUM_LOCK."""
    form = obj.container
    while form is not None:
        bounds = form.get_matrix().on_rect(*bounds)
        form = form.container
    return bounds


def _characters(page: object, left: float, top: float, blank_text: list[BBox]) -> list[_Char]:
    """Every character PDFium's text page finds, in content order, without the line breaks and
    spaces it generates. The caller holds PDFIUM_LOCK.

    PDFium leaves out a text object that draws no ink (a lone space between two others) and
    generates a space in its place; there, and only where such an object (`blank_text`) starts
    at the gap, a space spanning the gap is kept, as pdfplumber keeps the space character. A
    hyphen that ends a line comes from PDFium as U+0002 and is given back as "-".

    The box is pdfplumber's: the advance width across, the font size tall from the font's
    descent below the baseline, so both libraries give one layer the same boxes. Text drawn
    at an angle (stamps, sideways labels) gets the glyph's own tight box instead. A glyph
    PDFium cannot map to Unicode (pdfplumber's "(cid:N)") becomes U+FFFD, which
    extractors.triage counts as garbage; a font without a ToUnicode map whose codes PDFium
    reads through a Latin encoding gives accented Latin, which triage calls mojibake.
    """
    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()  # type: ignore[attr-defined]
    try:
        raw = textpage.raw
        rect = pdfium_c.FS_RECTF()
        matrix = pdfium_c.FS_MATRIX()
        x, y = ctypes.c_double(), ctypes.c_double()
        descent = ctypes.c_float()
        l, r, b, t = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
        styles: dict[int | None, tuple[tuple[int, float, bool], float, float]] = {}   # per text object
        out: list[_Char] = []
        gap = False         # PDFium generated a space since the last character
        for i in range(pdfium_c.FPDFText_CountChars(raw)):
            code = pdfium_c.FPDFText_GetUnicode(raw, i)
            if pdfium_c.FPDFText_IsGenerated(raw, i):
                gap = code == 0x20
                continue
            if code < 0x20 and pdfium_c.FPDFText_IsHyphen(raw, i):
                text = "-"
            elif code > 0x10FFFF or pdfium_c.FPDFText_HasUnicodeMapError(raw, i) == 1:
                text = "\ufffd"
            else:
                text = chr(code)
            obj = pdfium_c.FPDFText_GetTextObject(raw, i)
            key = ctypes.cast(obj, ctypes.c_void_p).value
            if key not in styles:   # font, size and matrix are the text object's: read once
                size = pdfium_c.FPDFText_GetFontSize(raw, i)
                handle = pdfium_c.FPDFTextObj_GetFont(obj)
                pdfium_c.FPDFText_GetMatrix(raw, i, matrix)
                upright = matrix.b == 0 and matrix.c == 0 and matrix.a > 0 and matrix.d > 0
                below = descent.value if handle and pdfium_c.FPDFFont_GetDescent(handle, size, descent) else 0.0
                font = ctypes.cast(handle, ctypes.c_void_p).value or 0
                styles[key] = ((font, size, upright), size * matrix.d, below * matrix.d)
            style, height, below = styles[key]
            if style[2]:
                pdfium_c.FPDFText_GetLooseCharBox(raw, i, rect)
                pdfium_c.FPDFText_GetCharOrigin(raw, i, x, y)
                floor = y.value + below
                box = (rect.left - left, top - floor - height, rect.right - left, top - floor)
            else:
                pdfium_c.FPDFText_GetCharBox(raw, i, l, r, b, t)
                box = (l.value - left, top - t.value, r.value - left, top - b.value)
            blank = _blank_between(out[-1].box, box, blank_text) if gap and out else None
            if blank is not None:
                out.append(_Char(" ", (out[-1].box[2], blank[1], box[0], blank[3]), (0, blank[3] - blank[1], True)))
            gap = False
            out.append(_Char(text, box, style))
        return out
    finally:
        textpage.close()


def _blank_between(before: BBox, after: BBox, blank_text: list[BBox]) -> BBox | None:
    """The inkless text object that starts in the gap between two characters of one line, if any."""
    if before[2] > after[0] or before[1] >= after[3] or after[1] >= before[3]:
        return None
    middle = (before[1] + before[3]) / 2
    return next((b for b in blank_text if before[2] - SAME_PLACE <= b[0] <= after[0] and b[1] <= middle <= b[3]), None)


def _dedupe(chars: list[_Char]) -> list[tuple[str, BBox]]:
    """Characters printed twice over themselves (fake bold) once, as pdfplumber's dedupe_chars does:
    the same text, font and size, clustered by top and then by left edge within SAME_PLACE,
    the topmost-leftmost of each cluster kept, content order kept. PDFium's text page drops a
    shadow drawn right after its glyph by itself (even a few points off, where pdfplumber keeps
    both); one drawn further on, as when a whole page is printed twice, is left to this."""
    groups: dict[tuple[str, tuple[int, float, bool]], list[int]] = {}
    for i, c in enumerate(chars):
        groups.setdefault((c.text, c.font), []).append(i)
    kept: list[int] = []
    for members in groups.values():
        if len(members) == 1:
            kept.append(members[0])
            continue
        for row in _clusters(members, lambda i: chars[i].box[1]):
            for cluster in _clusters(row, lambda i: chars[i].box[0]):
                kept.append(min(cluster, key=lambda i: (chars[i].box[1], chars[i].box[0])))
    return [(chars[i].text, chars[i].box) for i in sorted(kept)]


def _clusters(members: list[int], value: Callable[[int], float]) -> list[list[int]]:
    """Members sorted by value and split where the next value is more than SAME_PLACE on."""
    ordered = sorted(members, key=value)
    out: list[list[int]] = []
    for i in ordered:
        if out and value(i) <= value(out[-1][-1]) + SAME_PLACE:
            out[-1].append(i)
        else:
            out.append([i])
    return out


def to_rgb(frame: Image.Image) -> Image.Image:
    """8-bit RGB on white paper, whatever the scanner wrote.

    Pillow's own conversion clips 16- and 32-bit greys at 255, which turns a
    16-bit scan's text white and the page "blank"; and it drops transparency
    onto black. Both would silently lose a page's text.
    """
    if frame.mode in ("I;16", "I;16L", "I;16B", "I;16N", "I", "F"):
        grey = np.asarray(frame, dtype=np.float64)
        top = 65535.0 if frame.mode.startswith("I;16") else max(float(grey.max()), 255.0)
        return Image.fromarray(np.clip(grey * 255.0 / top, 0, 255).astype(np.uint8)).convert("RGB")
    if frame.mode in ("RGBA", "LA", "PA") or "transparency" in frame.info:
        rgba = frame.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(paper, rgba).convert("RGB")
    return frame.convert("RGB")


class _ImageFile:
    def __init__(self, path: Path, max_pixels: int) -> None:
        self.path = path
        self.max_pixels = max_pixels
        self._stack = contextlib.ExitStack()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                self.file = self._stack.enter_context(Image.open(path))
        except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            self._stack.close()
            if isinstance(exc, UnidentifiedImageError):
                raise InputFileError(str(path), "not a PDF, TIFF, JPEG or PNG file; check the file type") from None
            raise InputFileError(str(path), "image is too large to decode safely (decompression bomb?); rescan at 300 dpi") from None
        except OSError as exc:
            self._stack.close()
            raise InputFileError(str(path), f"unreadable image ({exc}); rescan") from None
        if self.file.format not in ("TIFF", "JPEG", "PNG", "MPO"):
            self._stack.close()
            raise InputFileError(str(path), f"{self.file.format} images are not supported; convert to TIFF, JPEG, PNG or PDF")
        self.count = getattr(self.file, "n_frames", 1)

    def close(self) -> None:
        self._stack.close()

    def _frame(self, index: int) -> Image.Image:
        try:
            frame = ImageSequence.Iterator(self.file)[index]
        except (IndexError, OSError, EOFError) as exc:
            raise InputFileError(str(self.path), f"unreadable image page {index + 1} ({exc}); rescan") from None
        w, h = frame.size
        if w * h > self.max_pixels:
            raise InputFileError(str(self.path), f"page {index + 1} is {w * h / 1e6:.0f} megapixels, over the "
                                 f"{self.max_pixels / 1e6:.0f} megapixel limit (decompression bomb?); rescan at 300 dpi")
        return frame

    def dpi(self, index: int) -> float:
        xdpi = self._frame(index).info.get("dpi", (0, 0))[0]
        return float(xdpi) if xdpi and 50 <= float(xdpi) <= 2400 else float(ASSUMED_IMAGE_DPI)

    def size(self, index: int) -> tuple[float, float]:
        w, h = self._frame(index).size
        dpi = self.dpi(index)
        return w * 72 / dpi, h * 72 / dpi

    def text_layer(self, index: int) -> tuple[list[list[Glyph]], float]:
        return [], 1.0

    def image(self, index: int) -> Image.Image:
        frame = self._frame(index)
        try:
            frame.load()
            return to_rgb(frame)
        except (OSError, ValueError, SyntaxError) as exc:
            raise InputFileError(str(self.path), f"unreadable image page {index + 1} ({exc}); rescan") from None

    def raster(self, index: int, dpi: float) -> _Raster:
        w, h = self.size(index)
        return _Raster(np.asarray(self.image(index)), self.dpi(index), w, h)


@contextlib.contextmanager
def _open(path: Path | str, max_pixels: int) -> Iterator[_PdfFile | _ImageFile]:
    path = Path(path)
    try:
        with path.open("rb") as f:
            head = f.read(1024)
    except OSError as exc:
        raise InputFileError(str(path), f"cannot be read ({exc.strerror}); check the path and permissions") from None
    if not head:
        raise InputFileError(str(path), "empty file; copy it again from the source")
    source: _PdfFile | _ImageFile = _PdfFile(path, max_pixels) if b"%PDF-" in head else _ImageFile(path, max_pixels)
    try:
        if source.count == 0:
            raise InputFileError(str(path), "the file has no pages")
        yield source
    finally:
        source.close()


def group_lines(chars: list[tuple[str, BBox]]) -> list[list[Glyph]]:
    """Characters into lines by position, top to bottom and left to right.

    Born-digital PDFs may draw their text in any order; position is the only
    reading order to trust. A character joins the line whose vertical middle
    lies within half a character height of its own.
    """
    items = [(t, b) for t, b in chars if t and b[3] > b[1]]
    items.sort(key=lambda tb: (tb[1][1] + tb[1][3]) / 2)
    lines: list[tuple[float, float, list[tuple[str, BBox]]]] = []     # (middle, height, chars)
    for text, box in items:
        middle, height = (box[1] + box[3]) / 2, box[3] - box[1]
        if lines and abs(middle - lines[-1][0]) <= 0.5 * max(height, lines[-1][1]):
            mid, hgt, members = lines[-1]
            members.append((text, box))
            lines[-1] = (mid + (middle - mid) / len(members), max(hgt, height), members)
        else:
            lines.append((middle, height, [(text, box)]))
    out: list[list[Glyph]] = []
    for _, _, members in lines:
        members.sort(key=lambda tb: tb[1][0])
        glyphs = [Glyph(t, b, 1.0) for t, b in members]
        while glyphs and glyphs[0].char.isspace():
            glyphs.pop(0)
        while glyphs and glyphs[-1].char.isspace():
            glyphs.pop()
        if glyphs:
            out.append(glyphs)
    return out


@dataclass
class _Prepared:
    """A page waiting for (or back from) the engine: the image the engine sees, and what maps
    it back to the stored page. The page as stored is not kept: a page in flight holds one
    image, not two (26 MB each at 300 dpi A4; a dossier has up to page_batch pages in flight),
    and the rare page read the other way round is rendered again (`render`)."""

    number: int
    dpi: float
    width_pt: float
    height_pt: float
    size: tuple[int, int]   # stored-page pixels, width × height
    render: Callable[[], np.ndarray]    # the stored page's RGB again, as `_Raster.rgb`
    skew: float
    ink: int                # ink pixels at 100 dpi (images.ink_area)
    rotation: int           # degrees clockwise that turn the stored page upright
    matrix: np.ndarray      # stored-page pixels → the image the engine sees
    image: np.ndarray


def _turn(prepared: _Prepared, rotation: int) -> _Prepared:
    """The same page turned `rotation` degrees clockwise before the deskew."""
    w, h = prepared.size
    matrix, w2, h2 = images.upright_matrix(w, h, rotation, prepared.skew)
    return dataclasses.replace(prepared, rotation=rotation, matrix=matrix,
                               image=images.warp(images.suppress_red(prepared.render()), matrix, w2, h2))


def _prepare(number: int, raster: _Raster, render: Callable[[], np.ndarray]) -> _Prepared | None:
    """Red suppressed, blank pages dropped (None), skew measured, the deskewed image made as stored (rotation 0).

    Orientation is not measured here: most pages are upright, and Tesseract OSD
    cost 10–20 times the skew estimate, so it runs only for a doubtful reading.
    `render` gives the stored page again for that (the caller's `raster` is not kept).
    """
    rgb = images.suppress_red(raster.rgb)
    gray = images.to_gray(rgb)
    ink = images.ink_area(gray, raster.dpi)
    if ink < images.BLANK_INK:
        return None
    skew = images.skew_angle(gray, raster.dpi)
    if abs(skew) < images.MIN_SKEW:
        skew = 0.0
    h, w = gray.shape
    matrix, _, _ = images.upright_matrix(w, h, 0, skew)
    return _Prepared(number, raster.dpi, raster.width_pt, raster.height_pt, (w, h), render, skew, ink, 0,
                     matrix, images.warp(rgb, matrix, w, h))


def _prepare_page(source: _PdfFile | _ImageFile, index: int, dpi: float) -> tuple[_Prepared | None, float]:
    """The page rendered and prepared (None: blank), and the resolution it was rendered at.
    The rendering goes out of scope here, once the deskewed image exists."""
    raster = source.raster(index, dpi)
    return _prepare(index + 1, raster, lambda: source.raster(index, dpi).rgb), raster.dpi


def _mean_confidence(lines: list[OcrLine]) -> float:
    confs = [c for line in lines for c in (line.char_confidences or (line.confidence,) * len(line.text))]
    return float(np.mean(confs)) if confs else 0.0


def _doubtful(prepared: _Prepared, lines: list[OcrLine]) -> bool:
    """A reading that may be of the page the wrong way round.

    Text upside down or sideways comes back with low confidence, or as a few
    characters from much ink; or, sideways, as lines standing upright, which
    rapidocr may read confidently in the wrong order (court papers are written
    in horizontal lines); or as characters that form no Chinese words, which
    Tesseract reads from a page upside down with confidences as high as from
    one upright (0.83–0.85 on real judgments): an engine's confidence is its
    own scale, the language is the same for every engine.
    """
    characters = sum(len(line.text) for line in lines)
    standing = sum(len(line.text) for line in lines
                   if len(line.text) > 1 and line.box[3] - line.box[1] > 1.5 * (line.box[2] - line.box[0]))
    return (_mean_confidence(lines) < DOUBTFUL_READING
            or characters * MAX_INK_PER_CHARACTER < prepared.ink
            or 2 * standing > characters
            or not forms_words("\n".join(line.text for line in lines)))


def _surer(prepared: _Prepared, lines: list[OcrLine]) -> tuple[bool, float]:
    return not _doubtful(prepared, lines), _mean_confidence(lines)


def _orient(engine: OcrEngine, prepared: _Prepared, lines: list[OcrLine]) -> tuple[_Prepared, list[OcrLine]]:
    """A doubtful upright reading: ask Tesseract OSD, read the page the other way(s) round, keep the surer reading.

    OSD is tried first when it is sure; when it is unsure (sparse pages) or its
    turn still reads doubtfully, the page is also read upside down (and, after
    a sideways turn, that turn upside down), as OSD can be wrong.
    """
    orientation = images.detect_orientation(images.to_gray(prepared.image), prepared.dpi)
    best = (prepared, lines)
    tried = {0}

    def read(rotation: int) -> None:
        nonlocal best
        tried.add(rotation)
        other = _turn(prepared, rotation)
        other_lines = engine.recognise(other.image)
        if _surer(other, other_lines) > _surer(*best):
            best = (other, other_lines)

    sure = orientation.confidence >= images.MIN_ORIENTATION_CONFIDENCE
    if sure and orientation.rotate:
        read(orientation.rotate)
    if not sure or _doubtful(*best):
        for rotation in (180, (orientation.rotate + 180) % 360):
            if rotation not in tried:
                read(rotation)
    return best


def _to_page(prepared: _Prepared, lines: list[OcrLine], engine_name: str) -> PageText:
    """Engine pixels → stored-page points: undo the upright turn, then scale by 72/dpi."""
    back = np.linalg.inv(prepared.matrix)
    scale = 72.0 / prepared.dpi
    out: list[list[Glyph]] = []
    for line in lines:
        boxes = line.char_boxes
        if boxes is None or len(boxes) != len(line.text):
            boxes = split_evenly(line.text, line.box)
        confs = line.char_confidences or tuple(line.confidence for _ in line.text)
        glyphs = []
        for char, box, conf in zip(line.text, boxes, confs):
            x0, y0, x1, y1 = images.map_box(back, box)
            bbox = (max(0.0, x0 * scale), max(0.0, y0 * scale),
                    min(prepared.width_pt, x1 * scale), min(prepared.height_pt, y1 * scale))
            glyphs.append(Glyph(char, bbox, max(0.0, min(1.0, conf))))
        if glyphs:
            out.append(glyphs)
    return PageText(prepared.number, prepared.width_pt, prepared.height_pt, out, "ocr", engine_name,
                    prepared.rotation, round(prepared.dpi))


class _LazyEngine:
    """The engine is loaded when the first page needs OCR: text-layer dossiers and bad files never pay for it."""

    def __init__(self, engine: str | OcrEngine) -> None:
        self._spec = engine
        self._engine: OcrEngine | None = None if isinstance(engine, str) else engine

    def get(self) -> OcrEngine:
        if self._engine is None:
            self._engine = get_engine(self._spec)  # type: ignore[arg-type]
        return self._engine


def page_batch(engine: OcrEngine) -> int:
    """How many pages a dossier prepares before handing them to `engine`: its `page_batch`
    where it says, else OCR_BATCH. Each page waiting holds its image (26 MB at 300 dpi A4)."""
    return int(getattr(engine, "page_batch", OCR_BATCH))


def _recognise(engine: OcrEngine, batch: list[_Prepared]) -> list[PageText]:
    results = engine.recognise_batch([p.image for p in batch])
    pages: list[PageText] = []
    for prepared, lines in zip(batch, results):
        if _doubtful(prepared, lines):
            prepared, lines = _orient(engine, prepared, lines)
        pages.append(_to_page(prepared, reread_years(prepared.image, lines, engine), engine.name))
    return pages


def read_pages(path: Path | str, engine: str | OcrEngine = DEFAULT_ENGINE, *, dpi: int = DEFAULT_DPI,
               max_pixels: int = DEFAULT_MAX_PIXELS) -> list[PageText]:
    """Every page of a PDF, multi-page TIFF, JPEG or PNG as text with boxes, in page order.

    Raises InputFileError for a file that cannot be read as a dossier; the
    file is never modified.
    """
    ocr = _LazyEngine(engine)
    pages: dict[int, PageText] = {}
    pending: list[_Prepared] = []
    with _open(path, max_pixels) as source:
        for index in range(source.count):
            number = index + 1
            lines, coverage = source.text_layer(index)
            verdict = judge_text_layer(lines, image_coverage=coverage)
            w, h = source.size(index)
            if verdict.trusted:
                pages[number] = PageText(number, w, h, lines, "text_layer", "text_layer")
                continue
            if lines:
                log.info("page %d: OCR, %s", number, verdict.reason)
            prepared, resolution = _prepare_page(source, index, dpi)
            if prepared is None:
                pages[number] = PageText(number, w, h, [], "blank", None, 0, round(resolution))
                continue
            pending.append(prepared)
            if len(pending) >= page_batch(ocr.get()):
                pages.update((p.number, p) for p in _recognise(ocr.get(), pending))
                pending = []
        if pending:
            pages.update((p.number, p) for p in _recognise(ocr.get(), pending))
    return [pages[n] for n in sorted(pages)]


def page_count(path: Path | str) -> int:
    with _open(path, DEFAULT_MAX_PIXELS) as source:
        return source.count


def render_page(path: Path | str, page_number: int, dpi: int = DEFAULT_DPI, *,
                max_pixels: int = DEFAULT_MAX_PIXELS) -> Image.Image:
    """The page image as stored in the file (1-based page number), RGB.

    PDF pages are rendered at `dpi` without their /Rotate, matching the boxes
    in PageText; image files return their own pixels at their own resolution
    (`dpi` is ignored: the image's dpi is what PageText's boxes were scaled by).
    Either way `image.info["dpi"]` holds the resolution the boxes map to, so a
    caller drawing boxes on the image never repeats the rule for image files.
    """
    with _open(path, max_pixels) as source:
        if not 1 <= page_number <= source.count:
            raise ValueError(f"page {page_number} out of range 1..{source.count}")
        if isinstance(source, _ImageFile):
            image, resolution = source.image(page_number - 1), source.dpi(page_number - 1)
        else:
            image, resolution = Image.fromarray(source.raster(page_number - 1, dpi).rgb), float(dpi)
        image.info["dpi"] = (resolution, resolution)
        return image
