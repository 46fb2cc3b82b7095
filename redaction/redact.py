"""The redacted copy: a file in ordinary use with every identifier of each sealed minor removed.

Removal is real (a black box over text that is still in the file is a leak):
every page with something to remove is rebuilt from pixels — rendered at
300 dpi with pypdfium2, the boxes painted over and labelled
(未成年同案人甲, 其法定代理人, ［已删除］), photographs on the page
overwritten — plus an invisible text layer rebuilt from the page text minus
the removed characters, written in runs so CJK copies as words (OCRmyPDF
#715). Pages with nothing to remove are copied into a FRESH PDF with only the
keys a page needs, so no document info, XMP, outline, annotation, form, page
label, attachment, JavaScript, thumbnail or earlier revision comes along; the
whole copy then passes through `redaction.sanitise.strip_active_content`, the
step every output shares. The copy is then read back by `redaction.leakcheck` before anyone may use it.
"""
from __future__ import annotations

import io
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageDraw, ImageFont
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from core.atomic import write_atomic
from extractors.pages import PDFIUM_LOCK, on_page
from extractors.text import BBox, DossierText, Glyph, PageText
from models.record import DecisionRecord, Person
from redaction import marks
from redaction.identifiers import CITED_RECORD_LABEL, GUARDIAN_LABEL, labelled_identifiers, minor_label
from redaction.matching import Haystack, normalise
from redaction.pdfsource import open_source, to_bytes
from redaction.sanitise import strip_active_content

RENDER_DPI = 300
PHOTO_LABEL = "［照片已删除］"
FILL = (226, 226, 226)      # every removal's paint; the sign-off view finds removals by it (review/copies.py)
INK = (70, 70, 70)
PAGE_SCAN_AREA = 0.8     # an image covering this much of the page is the scan itself, not a photograph
PHOTO_OTHER_SHARE = 0.25  # an image with more visible pixels neither white nor seal red may be a photograph
OCR_PAD = 0.18           # OCR boxes are loose: widen by this fraction of the line height
TEXT_PAD_PT = 0.6
LABEL_MIN_PT = 7.5       # a label's characters at least this tall (21 px at 200 dpi), or it is hard to read
LABEL_MIN_HSCALE = 0.6   # a label in its box is condensed to no less than this width per character height
LABEL_BOX_SHARE = 0.85   # of the removed box's height a label inside it takes
LABEL_MAX_PT = 14.0      # and never taller than body text (a photograph's box is tall)
LABEL_GAP_PT = 10.0      # the tallest a label in the gap above the line is drawn
LABEL_AIR_PT = 1.0       # blank paper kept around a label in the gap
LEADER_PT = 0.8          # the line tying a label in the gap to its box
PAPER, PAPER_SPECKS = 200, 0.002   # darker pixels are ink; a scan's paper may have this share of specks
PAGE_KEYS = ("/MediaBox", "/CropBox", "/Rotate", "/Resources", "/Contents", "/Group", "/UserUnit")
INHERITABLE = ("/MediaBox", "/CropBox", "/Rotate", "/Resources")


class Span(NamedTuple):
    """[start, end) in DossierText.text and the label that replaces it."""

    start: int
    end: int
    label: str


@dataclass(frozen=True)
class RedactionReport:
    """What was done, in counts and page numbers only: never the removed strings."""

    pages_redacted: tuple[int, ...]
    spans_removed: int
    photos_removed: int
    pages: int


def find_spans(doc: DossierText, identifiers: Sequence[tuple[str, str]], *,
               keep: Iterable[str] = ()) -> list[Span]:
    """Spans of `doc.text` to remove for (identifier, label) pairs, tolerant to
    whitespace and line breaks inside a match. Identifiers of 8+ characters also
    match with a substituted character or two where the text came from OCR
    (confidence < 1), never in a trusted text layer. A match lying inside a
    longer `keep` string (another person's name: 张三 inside 张三丰) is kept.
    Overlapping matches merge and take the label of the longest."""
    hay = Haystack.of(doc.text)
    kept_ranges = []
    for value in keep:
        needle = normalise(value)
        kept_ranges.extend((s, s + len(needle)) for s in hay.find(needle))
    found: list[tuple[int, int, str]] = []
    for value, label in identifiers:
        needle = normalise(value)
        for fuzzy in (False, True):
            for s in hay.find(needle, fuzzy=fuzzy):
                e = s + len(needle)
                if any(ks <= s and e <= ke and ke - ks > e - s for ks, ke in kept_ranges):
                    continue
                start, end = hay.original_span(s, e)
                if fuzzy and doc.confidence(start, end) >= 1.0:
                    continue
                found.append((start, end, label))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    merged: list[list] = []
    for start, end, label in found:
        if merged and start < merged[-1][1]:
            last = merged[-1]
            if end - start > last[3]:
                last[2], last[3] = label, end - start
            last[1] = max(last[1], end)
        else:
            merged.append([start, end, label, end - start])
    return [Span(s, e, label) for s, e, label, _ in merged]


def removal_plan(record: DecisionRecord, remove_person_ids: Sequence[str], *,
                 cited: Sequence[str] = ()) -> tuple[list[tuple[str, str]], list[str]]:
    """(identifier, label) pairs for the persons to remove — minors labelled
    未成年同案人甲, 乙… in the given order, legal representatives 其法定代理人,
    also when only their minor is listed — then the words that state a sealed juvenile
    record the file cites (`cited`, Measures art. 6: the record stays sealed in the copy
    for ordinary use), and the names of everyone else (to keep)."""
    by_id = {p.person_id: p for p in record.persons}
    missing = [pid for pid in remove_person_ids if pid not in by_id]
    if missing:
        raise ValueError(f"persons {missing} are not in record {record.dossier_id[:12]}")
    removed = list(dict.fromkeys(remove_person_ids))
    removed += [p.person_id for p in record.persons
                if p.represents in removed and p.role == "legal_representative" and p.person_id not in removed]
    pairs: list[tuple[str, str]] = []
    minors = 0
    for pid in removed:
        person = by_id[pid]
        if person.role == "legal_representative":
            label = GUARDIAN_LABEL
        else:
            label, minors = minor_label(minors), minors + 1
        pairs.extend((value, lab) for value, _, lab in labelled_identifiers(person, label))
    pairs.extend((text, CITED_RECORD_LABEL) for text in dict.fromkeys(cited))
    keep = [n for p in record.persons if p.person_id not in removed for n in _names(p)]
    return pairs, keep


def _names(person: Person) -> list[str]:
    return [person.name, *person.aliases]


def write_redacted_copy(source: Path, pages: list[PageText], record: DecisionRecord,
                        remove_person_ids: list[str], out: Path, *,
                        cited: Sequence[str] = ()) -> RedactionReport:
    """Write the copy for ordinary use to `out` (atomically) and say what was removed."""
    identifiers, keep = removal_plan(record, remove_person_ids, cited=cited)
    doc = DossierText(pages)
    spans = find_spans(doc, identifiers, keep=keep)
    page_boxes: dict[int, list[tuple[BBox, str]]] = {}
    removed_glyphs: set[int] = set()           # id() of every glyph removed
    label_at: dict[int, str] = {}              # id() of each span's first glyph → its label
    for span in spans:
        for n, (page_no, box) in enumerate(doc.boxes(span.start, span.end)):
            page_boxes.setdefault(page_no, []).append((box, span.label if n == 0 else ""))
        glyphs = doc.glyphs(span.start, span.end)
        removed_glyphs.update(id(g) for _, g in glyphs)
        if glyphs:
            label_at[id(glyphs[0][1])] = span.label

    src = open_source(source)
    text_by_page = {p.number: p for p in pages}
    rebuilt, photos = _rebuild_pages(src, page_boxes, text_by_page, removed_glyphs, label_at)
    rebuilt_index = {number: i for i, number in enumerate(sorted(page_boxes))}
    result = pikepdf.new()
    for number, page in enumerate(src.pages, start=1):
        if number in rebuilt_index:
            result.pages.append(rebuilt.pages[rebuilt_index[number]])
        else:
            result.pages.append(pikepdf.Page(src.make_indirect(_bare_page(page.obj))))
    marks.mark_case_file(result)
    strip_active_content(result)
    write_atomic(out, to_bytes(result))
    return RedactionReport(tuple(sorted(page_boxes)), len(spans), photos, len(src.pages))


def _bare_page(page: pikepdf.Dictionary) -> pikepdf.Dictionary:
    """A page with only what draws it: no annotations, thumbnails, actions, structure or metadata."""
    bare = pikepdf.Dictionary(Type=pikepdf.Name.Page)
    for key in PAGE_KEYS:
        value = _inherited(page, key) if key in INHERITABLE else page.get(key)
        if value is not None:
            bare[key] = value
    return bare


def _inherited(page: pikepdf.Dictionary, key: str) -> pikepdf.Object | None:
    node: pikepdf.Dictionary | None = page
    while node is not None:
        if key in node:
            return node[key]
        node = node.get("/Parent")
    return None


def _normalised_for_rendering(src: pikepdf.Pdf) -> bytes:
    """The source with each page's /Rotate and /CropBox removed, so pixels and
    page-text boxes share the stored page's coordinates (top-left origin)."""
    copy = pikepdf.open(io.BytesIO(to_bytes(src)))
    for page in copy.pages:
        media = _inherited(page.obj, "/MediaBox")
        page.obj.MediaBox = media
        page.obj.CropBox = media
        page.obj.Rotate = 0
    return to_bytes(copy)


def _rebuild_pages(src: pikepdf.Pdf, page_boxes: dict[int, list[tuple[BBox, str]]],
                   text_by_page: dict[int, PageText], removed_glyphs: set[int],
                   label_at: dict[int, str]) -> tuple[pikepdf.Pdf, int]:
    """Rasterise each page with something to remove (in page order), burn the boxes
    in, add the rebuilt text layer; the new pages and the number of photographs removed."""
    numbers = sorted(page_boxes)
    if not numbers:
        return pikepdf.new(), 0
    normalised = _normalised_for_rendering(src)
    with PDFIUM_LOCK:
        rendered = pdfium.PdfDocument(normalised)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=True)
    font = marks.cjk_font()
    photos = 0
    jpegs: list[tuple[bytes, tuple[int, int]]] = []
    try:
        for number in numbers:
            media = _inherited(src.pages[number - 1].obj, "/MediaBox")
            width, height = float(media[2]) - float(media[0]), float(media[3]) - float(media[1])
            with PDFIUM_LOCK:
                page = rendered[number - 1]
                # rendered in RGB order: PIL unpacks it into an image of its own (3-byte pixels are
                # never shared with the bitmap), to paint on without a second copy or a swizzle
                image = page.render(scale=RENDER_DPI / 72, draw_annots=False, rev_byteorder=True).to_pil()
                photographs = _photographs(page, float(media[0]), float(media[3]), width, height)
            scale = image.width / width
            page_text = text_by_page.get(number)
            loose = page_text is not None and page_text.source == "ocr"
            draw = ImageDraw.Draw(image)
            labels = [(_pad(photo, False), PHOTO_LABEL) for photo in photographs]
            photos += len(labels)
            labels += [(_pad(box, loose), label) for box, label in page_boxes[number]]
            for box, _ in labels:               # every removal first, so no label lands on a later one
                draw.rectangle([round(v * scale) for v in box], fill=FILL)
            for box, label in labels:
                if label:
                    _write_label(image, box, label, scale)
            canvas.setPageSize((width, height))
            jpeg = io.BytesIO()
            image.save(jpeg, format="JPEG", quality=85, dpi=(RENDER_DPI, RENDER_DPI))
            jpegs.append((jpeg.getvalue(), image.size))
            if page_text is not None:
                _text_layer(canvas, font, page_text, height, removed_glyphs, label_at)
            canvas.showPage()
        canvas.save()
    finally:
        with PDFIUM_LOCK:
            rendered.close()
    rebuilt = pikepdf.open(io.BytesIO(buffer.getvalue()))
    for page, (jpeg_bytes, size) in zip(rebuilt.pages, jpegs):
        _underlay(rebuilt, page, jpeg_bytes, size)
    return rebuilt, photos


def _underlay(pdf: pikepdf.Pdf, page: pikepdf.Page, jpeg: bytes, size: tuple[int, int]) -> None:
    """Put the page image under the page's invisible text layer, stored as its JPEG bytes
    (DCTDecode alone). Not through reportlab, which stores images in ASCII85: printable
    text, in which the UTF-16 bytes of a short name turn up by chance (吴浩 is "T4mi":
    about one page in 70 for such a name), so the leak check's raw-bytes channel would
    report a leak that is not there; binary JPEG data holds four given bytes about once
    in 4 GB. Encoding and decoding ASCII85 in Python was also a third of the copy's time."""
    image = pikepdf.Stream(pdf, jpeg, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image,
                           Width=size[0], Height=size[1], ColorSpace=pikepdf.Name.DeviceRGB,
                           BitsPerComponent=8, Filter=pikepdf.Name.DCTDecode)
    name = page.add_resource(image, pikepdf.Name.XObject, prefix="Im")
    x0, y0, x1, y1 = (float(v) for v in page.mediabox)
    draw = f"q {x1 - x0:.4f} 0 0 {y1 - y0:.4f} {x0:.4f} {y0:.4f} cm {name} Do Q\n"
    page.contents_add(pikepdf.Stream(pdf, draw.encode("ascii")), prepend=True)


def _photographs(page: pdfium.PdfPage, left: float, top: float, width: float, height: float) -> list[BBox]:
    """Images on the page that may be photographs: not the page scan itself, and not a seal
    or stamp (red on white), which identifies the court, not the minor. Images inside form
    XObjects count where they are placed; one PDFium cannot place is left out, as the text
    reader leaves it out. Boxes in points from the page's top left; the caller holds
    PDFIUM_LOCK."""
    boxes = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
        try:
            x0, y0, x1, y1 = on_page(obj, obj.get_bounds())
        except pdfium.PdfiumError:
            continue
        box = (max(0.0, x0 - left), max(0.0, top - y1), min(width, x1 - left), min(height, top - y0))
        area = max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])
        if 0 < area < PAGE_SCAN_AREA * width * height and _may_be_photograph(obj):
            boxes.append(box)
    return boxes


def _may_be_photograph(image: pdfium.PdfImage) -> bool:
    """True unless the image's visible pixels (as drawn: its soft mask or mask applied) are
    almost all white or seal red. An image PDFium cannot decode counts as a photograph:
    removing too much is safer than too little."""
    try:
        pil = image.get_bitmap(render=True).to_pil().convert("RGBA")
    except (pdfium.PdfiumError, ValueError, OSError):
        return True
    pil.thumbnail((160, 160))
    rgba = np.asarray(pil).astype(int)
    visible = rgba[..., 3] > 127
    r, g, b = rgba[..., 0], rgba[..., 1], rgba[..., 2]
    white = np.minimum(np.minimum(r, g), b) > 200
    red = (r > 120) & (r - np.maximum(g, b) > 50)
    shown = visible.sum()
    return bool(shown) and (visible & ~white & ~red).sum() / shown > PHOTO_OTHER_SHARE


def _pad(box: BBox, loose: bool) -> BBox:
    pad = (box[3] - box[1]) * OCR_PAD if loose else TEXT_PAD_PT
    return box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad


@cache
def _pil_font(size_px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(marks.FONT_PATH, size_px, index=0)


def _write_label(image: Image.Image, box: BBox, label: str, scale: float) -> None:
    """Write `label` for the removed `box` (points) so that it reads at 200 dpi: inside the
    box, condensed down to LABEL_MIN_HSCALE, where that leaves its characters at least
    LABEL_MIN_PT tall; else (a short name's narrow box) at least that tall in the blank
    gap above the line, centred over the box and tied to it by a leader, where that gap
    is blank paper; else inside the box in two rows of half the line's height (双行夹注,
    the typesetter's inline note), read top row first; under 6 px it is left to the text
    layer. Never over the page's own text, another removal or another label."""
    x0, y0, x1, y1 = (v * scale for v in box)
    width, height = x1 - x0, y1 - y0
    size = min(height * LABEL_BOX_SHARE, LABEL_MAX_PT * scale, width / (len(label) * LABEL_MIN_HSCALE))
    if size >= LABEL_MIN_PT * scale:
        _draw_text(image, label, (x0, y0, x1, y1), size)
        return
    centre, air = (x0 + x1) / 2, LABEL_AIR_PT * scale
    for size in sorted({max(LABEL_MIN_PT, min(height / scale * LABEL_BOX_SHARE, LABEL_GAP_PT)), LABEL_MIN_PT},
                       reverse=True):
        size *= scale
        half, bottom = _pil_font(round(size)).getlength(label) / 2, y0 - air
        slot = (centre - half - air, bottom - size * 1.15 - air, centre + half + air, bottom)
        if _blank(image, slot):
            _draw_text(image, label, (centre - half, slot[1] + air, centre + half, bottom - air), size)
            ImageDraw.Draw(image).line([(centre, bottom - air), (centre, y0)], fill=INK,
                                       width=max(1, round(LEADER_PT * scale)))
            return
    rows = (label[:len(label) // 2], label[len(label) // 2:])      # 双行夹注: two rows in the box
    size = min(height * LABEL_BOX_SHARE / 2, width / (len(rows[1]) * LABEL_MIN_HSCALE))
    if size >= 6:
        middle = (y0 + y1) / 2
        _draw_text(image, rows[0], (x0, middle - size * 1.05, x1, middle), size)
        _draw_text(image, rows[1], (x0, middle, x1, middle + size * 1.05), size)


def _blank(image: Image.Image, slot: tuple[float, float, float, float]) -> bool:
    """True when `slot` (pixels) lies on the page and is blank paper: no ink, no removal
    (a scan's paper may carry a few dark specks)."""
    left, top, right, bottom = (round(v) for v in slot)
    if left < 0 or top < 0 or right > image.width or bottom > image.height:
        return False
    rgb = np.asarray(image.crop((left, top, right, bottom))).astype(int)
    if not rgb.size or (rgb == FILL).all(axis=2).any():
        return False
    return float((rgb.mean(axis=2) < PAPER).mean()) <= PAPER_SPECKS


def _draw_text(image: Image.Image, text: str, rect: tuple[float, float, float, float], size: float) -> None:
    """`text` `size` px tall, centred in `rect` (pixels), condensed to the rect's width if wider."""
    font = _pil_font(max(1, round(size)))
    left, top, right, bottom = font.getbbox(text)
    glyphs = Image.new("L", (right - left, bottom - top), 0)
    ImageDraw.Draw(glyphs).text((-left, -top), text, font=font, fill=255)
    x0, y0, x1, y1 = rect
    if glyphs.width > x1 - x0:
        glyphs = glyphs.resize((max(1, int(x1 - x0)), glyphs.height), Image.LANCZOS)
    left, top = round((x0 + x1 - glyphs.width) / 2), round((y0 + y1 - glyphs.height) / 2)
    image.paste(INK, (left, top, left + glyphs.width, top + glyphs.height), glyphs)


def _text_layer(canvas: Canvas, font: str, page: PageText, height: float,
                removed_glyphs: set[int], label_at: dict[int, str]) -> None:
    """Invisible text (render mode 3) for what is left on the page, plus each label
    where its span begins, one run per stretch of a line so words copy intact."""
    for line in page.lines:
        runs: list[tuple[str, list[BBox]]] = []
        current: list[Glyph] = []
        in_label = False     # the previous glyph was removed under a label on this line
        for glyph in line:
            removed = id(glyph) in removed_glyphs
            gap = bool(current) and glyph.bbox[0] - current[-1].bbox[2] > 1.5 * (glyph.bbox[3] - glyph.bbox[1])
            if (removed or gap) and current:
                runs.append(("".join(g.char for g in current), [g.bbox for g in current]))
                current = []
            if not removed:
                current.append(glyph)
            elif id(glyph) in label_at:
                runs.append((label_at[id(glyph)], [glyph.bbox]))
            elif in_label:
                runs[-1][1].append(glyph.bbox)     # the label spans the whole removed stretch
            in_label = removed and (id(glyph) in label_at or in_label)
        if current:
            runs.append(("".join(g.char for g in current), [g.bbox for g in current]))
        for text, boxes in runs:
            if text.strip():
                _invisible_run(canvas, font, text.strip(), boxes, height)


def _invisible_run(canvas: Canvas, font: str, text: str, boxes: list[BBox], page_height: float) -> None:
    x0 = min(b[0] for b in boxes)
    x1 = max(b[2] for b in boxes)
    bottom = max(b[3] for b in boxes)
    size = max(1.0, statistics.median(b[3] - b[1] for b in boxes))
    natural = pdfmetrics.stringWidth(text, font, size)
    text_object = canvas.beginText()
    text_object.setTextRenderMode(3)
    text_object.setFont(font, size)
    if natural > 0 and x1 > x0:
        text_object.setHorizScale(100.0 * (x1 - x0) / natural)
    text_object.setTextOrigin(x0, page_height - bottom + 0.12 * size)
    text_object.textOut(text)
    canvas.drawText(text_object)
