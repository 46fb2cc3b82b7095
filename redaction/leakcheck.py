"""Reading an output back as an attacker would, before anyone may use it.

`leak_check` looks for every identifier of every sealed minor in four channels:

- text_layer: what copy/paste and search give (pdfplumber), both in content
  order and in reading order, with whitespace removed;
- raw_bytes: the file as stored (earlier revisions appended to a file stay in
  its bytes) and every stream decoded but images (their samples are pixels, the
  pixels channel's), in UTF-8, UTF-16BE (also as hex) and GB18030 — the encodings
  a name takes outside a content stream;
- metadata: document info, XMP, and every string object in the file (outline
  titles, annotation contents, form values, page labels, attachment names);
- pixels: OCR of the rendered pages, matching long identifiers with a few
  substituted characters because OCR misreads (redaction.matching).

A hit names the page (None when the channel has no page), the channel and the
identifier's index in the caller's list — never the identifier itself, so a
hit can be logged and put in a review reason.

OCR costs about 2 s a page, most of it finding the lines, so the caller chooses
what to read (`ocr_pages`): whole pages, or bands of them that each hold one
line. `redaction.outputs` reads only the lines that had something removed and,
on pages read by OCR, their neighbours and the lines whose text still holds a
fragment of an identifier (see `ocr_bands`): each a full-width strip less the blank
paper at its ends, recognised without detection (`OcrEngine.recognise_lines`), because the page's text
already says where its lines are.

`count_kept` measures the opposite failure, over-redaction: of the names and numbers
that must stay readable (judges, clerks, prosecutors, adult defendants, case
numbers), how many the copy's text still shows.

`check_inert` reads an output back for active content, attachments, forms and
metadata (redaction.sanitise says which); `check_sealed` verifies the marks and the
encryption of a sealed file, and that it is inert.
"""
from __future__ import annotations

import binascii
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pdfplumber
import pikepdf
import pypdfium2 as pdfium
from pikepdf.models import EncryptionMethod

from extractors.ocr import DEFAULT_ENGINE, OcrEngine, get_engine
from extractors.pages import PDFIUM_LOCK
from extractors.text import BBox, PageText
from redaction import marks
from redaction.matching import Haystack, normalise
from redaction.sanitise import active_content

Channel = Literal["text_layer", "raw_bytes", "metadata", "pixels"]
OCR_DPI = 200
SEAL_CHECK_DPI = 36
MIN_RED_FRACTION = 0.02    # share of the stamp's area that must be seal red for the seal to count as visible
FRAGMENT = 2               # shortest piece of an identifier that makes a page worth OCRing
BAND_PADDING = 2.0         # points added above and below the line a band holds
PAPER_WHITE = 245          # a band's pixel this light or lighter in every channel is blank paper

Band = tuple[float, float]  # one line's (top, bottom) in points from the top of the page as stored (unrotated)


@dataclass(frozen=True)
class LeakHit:
    page: int | None
    channel: Channel
    identifier_index: int


def leak_check(path: Path, identifiers: Sequence[str], *, password: str | None = None,
               ocr_pages: Iterable[int] | Mapping[int, Sequence[Band]] | None = None,
               engine: OcrEngine | str = DEFAULT_ENGINE) -> list[LeakHit]:
    """Every place an identifier can still be read in `path`; empty means clean.
    `ocr_pages` are 1-based page numbers to OCR (None: every page; empty: none),
    or a map from page number to the bands of it to OCR (no bands: the whole page)."""
    needles = [normalise(i) for i in identifiers]
    hits: list[LeakHit] = []
    hits += _text_layer(path, needles, password)
    with pikepdf.open(path, password=password or "") as pdf:
        hits += _raw_bytes(path, pdf, identifiers, encrypted=pdf.is_encrypted)
        hits += _metadata(pdf, needles)
    if ocr_pages is None or ocr_pages:
        hits += pixel_check(path, identifiers, password=password, ocr_pages=ocr_pages, engine=engine)
    return hits


def pixel_check(path: Path, identifiers: Sequence[str], *, password: str | None = None,
                ocr_pages: Iterable[int] | Mapping[int, Sequence[Band]] | None = None,
                engine: OcrEngine | str = DEFAULT_ENGINE) -> list[LeakHit]:
    """The pixels channel of `leak_check` alone, for a file that has passed the other three
    (`leak_check(..., ocr_pages=[])`), so they are not read twice."""
    if ocr_pages is None or isinstance(ocr_pages, Mapping):
        pages = ocr_pages
    else:
        pages = {number: () for number in ocr_pages}
    if pages is not None and not pages:
        return []
    ocr = get_engine(engine) if isinstance(engine, str) else engine
    return _pixels(path, [normalise(i) for i in identifiers], password, pages, ocr)


def _search(text: str, needles: Sequence[str], page: int | None, channel: Channel,
            fuzzy: bool = False) -> list[LeakHit]:
    hay = Haystack.of(text)
    return [LeakHit(page, channel, i) for i, n in enumerate(needles) if n and hay.find(n, fuzzy=fuzzy)]


def _text_layer(path: Path, needles: Sequence[str], password: str | None) -> list[LeakHit]:
    hits: list[LeakHit] = []
    with pdfplumber.open(path, password=password or "") as doc:
        for number, page in enumerate(doc.pages, start=1):
            content_order = "".join(c["text"] for c in page.chars)
            reading_order = page.extract_text() or ""
            found = {h.identifier_index for h in _search(content_order + "\n" + reading_order, needles,
                                                          number, "text_layer")}
            hits += [LeakHit(number, "text_layer", i) for i in sorted(found)]
            page.close()
    return hits


def _encodings(identifier: str) -> list[tuple[bytes, bool, bool]]:
    """(needle bytes, whether whitespace may be stripped from the haystack, whether it
    must not continue a longer number). ASCII needles (ID numbers, phones, numeric
    dates) are searched in unstripped bytes: a content stream with its spaces
    removed runs numbers together into false hits. Hex forms are never bounded:
    the hex digits before them belong to the neighbouring characters."""
    text = "".join(identifier.split())
    utf16 = text.encode("utf-16-be")
    hexed = binascii.hexlify(utf16)
    if text.isascii():
        return [(text.encode("ascii"), False, True), (utf16, False, False), (hexed, False, False),
                (hexed.upper(), False, False)]
    out = [(text.encode("utf-8"), True, False), (utf16, False, False), (hexed, True, False),
           (hexed.upper(), True, False)]
    try:
        out.append((text.encode("gb18030"), True, False))
    except UnicodeEncodeError:
        pass
    return out


_WHITESPACE = bytes.maketrans(b"", b"")


def _strip(data: bytes) -> bytes:
    return data.translate(_WHITESPACE, b" \t\r\n\x00\x0c")


def _contains(data: bytes, needle: bytes, bounded: bool) -> bool:
    """`needle` occurs in `data`; if `bounded`, not inside a longer number."""
    if not bounded:
        return needle in data
    pos = data.find(needle)
    while pos != -1:
        before = data[pos - 1:pos]
        after = data[pos + len(needle):pos + len(needle) + 1]
        if not (needle[:1].isdigit() and before.isdigit()) and not (needle[-1:].isdigit() and after.isdigit()):
            return True
        pos = data.find(needle, pos + 1)
    return False


def _raw_bytes(path: Path, pdf: pikepdf.Pdf, identifiers: Sequence[str], *, encrypted: bool) -> list[LeakHit]:
    blobs: list[bytes] = [] if encrypted else [path.read_bytes()]
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream):
            if obj.get("/Subtype") == "/Image":
                # an image's samples are pixels, which OCR reads: decoded, a short name's bytes
                # turn up in them by chance; its stored bytes are still searched (a JPEG's comment).
                # In a file not encrypted they are a slice of the file's own bytes, searched above,
                # between the stream's end of line and its `endstream` (no digit to move a number's
                # bounds): searched again they find nothing more, and were half of this channel's
                # time on a rebuilt copy, whose pages are images
                if encrypted:
                    blobs.append(obj.read_raw_bytes())
                continue
            try:
                blobs.append(obj.read_bytes())
            except pikepdf.PdfError:
                blobs.append(obj.read_raw_bytes())
    stripped = [_strip(b) for b in blobs]
    hits = []
    for index, identifier in enumerate(identifiers):
        if not identifier.strip():
            continue
        for needle, strip, bounded in _encodings(identifier):
            haystacks = stripped if strip else blobs
            if any(_contains(h, needle, bounded) for h in haystacks):
                hits.append(LeakHit(None, "raw_bytes", index))
                break
    return hits


def _strings(obj: pikepdf.Object, out: list[str], depth: int = 0) -> None:
    """Every string inside one object, descending only into direct arrays and dictionaries."""
    if depth > 32:
        return
    if isinstance(obj, pikepdf.String):
        out.append(str(obj))
    elif isinstance(obj, (pikepdf.Array, pikepdf.Dictionary, pikepdf.Stream)):
        children = obj if isinstance(obj, pikepdf.Array) else obj.values()
        for child in children:
            if isinstance(child, pikepdf.Object) and not child.is_indirect:
                _strings(child, out, depth + 1)


def _metadata(pdf: pikepdf.Pdf, needles: Sequence[str]) -> list[LeakHit]:
    texts: list[str] = []
    for obj in pdf.objects:
        _strings(obj, texts)
    _strings(pdf.trailer, texts)
    if "/Metadata" in pdf.Root:
        try:
            texts.append(pdf.Root.Metadata.read_bytes().decode("utf-8", "replace"))
        except pikepdf.PdfError:
            pass
    return _search("\n".join(texts), needles, None, "metadata")


def _pixels(path: Path, needles: Sequence[str], password: str | None,
            pages: Mapping[int, Sequence[Band]] | None, engine: OcrEngine) -> list[LeakHit]:
    """Whole pages are OCR'd one by one; the bands of all pages are recognised
    together as lines, each going back to its page. A band is rendered alone
    (`_band`), not cut from a rendering of its whole page: the same pixels, without
    drawing the rest of the page."""
    strips: list[tuple[int, np.ndarray]] = []
    text_by_page: dict[int, list[str]] = {}
    whole: list[tuple[int, np.ndarray]] = []
    with PDFIUM_LOCK:
        doc = pdfium.PdfDocument(path, password=password)
        try:
            numbers = sorted(pages) if pages is not None else list(range(1, len(doc) + 1))
            for number in numbers:
                if not 1 <= number <= len(doc):
                    continue
                page = doc[number - 1]
                bands = pages.get(number, ()) if pages is not None else ()
                rows = [_band_rows(page, band) for band in sorted(set(bands))]
                # band coordinates are the stored page's; a turned or cropped page would shift
                # them, and a band off the page shows they do not match its pixels
                if (rows and None not in rows and page.get_rotation() == 0
                        and page.get_cropbox() == page.get_mediabox()):
                    strips += [(number, inked) for first, end in rows
                               if (inked := _inked(_band(page, first, end))) is not None]
                else:
                    # rendered in RGB order and read over the bitmap's own buffer: no copy through PIL
                    whole.append((number, page.render(scale=OCR_DPI / 72, rev_byteorder=True).to_numpy()))
        finally:
            doc.close()
    for number, image in whole:
        text_by_page[number] = [line.text for line in engine.recognise(image)]
    for (number, _), line in zip(strips, engine.recognise_lines([crop for _, crop in strips])):
        text_by_page.setdefault(number, []).append(line.text)
    hits: list[LeakHit] = []
    for number in sorted(text_by_page):
        hits += _search("\n".join(text_by_page[number]), needles, number, "pixels", fuzzy=True)
    return hits


def _band_rows(page: pdfium.PdfPage, band: Band) -> tuple[int, int] | None:
    """The rows of `page`'s rendering at OCR_DPI (first, end) that `band` covers; None
    where it covers none: it lies off the page."""
    height = math.ceil(page.get_height() * OCR_DPI / 72)
    rows = height / page.get_height()
    first, end = max(0, math.floor(band[0] * rows)), min(height, math.ceil(band[1] * rows))
    return (first, end) if first < end else None


def _band(page: pdfium.PdfPage, first: int, end: int) -> np.ndarray:
    """Rows `first` to `end` of `page`'s rendering at OCR_DPI, pixel for pixel as cut from
    a rendering of the whole page, rendered alone: PDFium draws the page at its full size,
    shifted by whole rows, into a bitmap of the band's height. pypdfium2 rounds a crop up
    to whole pixels, so each is given half a pixel short."""
    scale = OCR_DPI / 72
    above, below = first, math.ceil(page.get_height() * scale) - end
    crop = (0, (below - 0.5) / scale if below else 0, 0, (above - 0.5) / scale if above else 0)
    return page.render(scale=scale, crop=crop, rev_byteorder=True).to_numpy()


def _inked(strip: np.ndarray) -> np.ndarray | None:
    """A band without the blank paper at its two ends (columns with no pixel darker than
    PAPER_WHITE; a removal's grey fill is darker), keeping one band height of it on each
    side; None for a band that is blank throughout. Blank paper holds nothing to read, and
    the recogniser's time grows with the strip's width: a line's margins and the empty end
    of a paragraph's last line were about 30 % of what the leak check read."""
    if not strip.size:
        return None
    # a column is inked where any channel of any row is below PAPER_WHITE; reduced over the rows
    # first (numpy reduces the 3-wide channel axis slowly: it was most of this function's time)
    height, width = strip.shape[:2]
    dark = (strip.reshape(height, -1) < PAPER_WHITE).any(axis=0).reshape(width, -1).any(axis=1)
    columns = np.flatnonzero(dark)
    if not columns.size:
        return None
    keep = strip.shape[0]
    return strip[:, max(0, columns[0] - keep):columns[-1] + 1 + keep]


def _pieces(identifiers: Sequence[str]) -> set[str]:
    """Halves of each identifier (at least FRAGMENT characters); pure-digit pieces
    shorter than six are too common to mean anything."""
    pieces: set[str] = set()
    for needle in map(normalise, identifiers):
        size = max(FRAGMENT, math.ceil(len(needle) / 2))
        pieces.update(needle[i:i + size] for i in range(len(needle) - size + 1))
    return {p for p in pieces if not (p.isdigit() and len(p) < 6)}


def ocr_bands(pages: Sequence[PageText], identifiers: Sequence[str],
              removed: Iterable[tuple[int, BBox]]) -> dict[int, list[Band]]:
    """What pixels must be read, as one band per line: every line that had something
    removed (`removed`: page number and box, as DossierText.boxes gives them). On pages
    read by OCR also every line whose text, alone or run on into the next line, holds
    half of an identifier (see `pages_to_ocr`), and the lines above and below each, so a
    name a misread box left half-burnt, or pushed onto a neighbouring line, is still
    read. A text layer's boxes and text are what the page draws: there only the lines
    that had something removed are read (a half of an address in the court's own name
    is no sign of a leak there, and was most of the reading). A removed box on no known
    line is read as a band of its own."""
    boxes: dict[int, list[BBox]] = {}
    for number, box in removed:
        boxes.setdefault(number, []).append(box)
    pieces = _pieces(identifiers)
    bands: dict[int, list[Band]] = {}
    by_number = {page.number: page for page in pages}
    for number in sorted(set(boxes) | set(by_number)):
        page_boxes = boxes.get(number, [])
        page = by_number.get(number)
        lines = [line for line in page.lines if line] if page is not None else []
        spans = [(min(g.bbox[1] for g in line), max(g.bbox[3] for g in line)) for line in lines]
        page_bands: set[Band] = set()
        marked: set[int] = set()
        for b in page_boxes:
            holding = {i for i, (top, bottom) in enumerate(spans) if b[1] < bottom and top < b[3]}
            marked |= holding
            if not holding:
                page_bands.add((b[1] - BAND_PADDING, b[3] + BAND_PADDING))
        if page is not None and page.source == "ocr":
            texts = [normalise("".join(g.char for g in line)) for line in lines]
            for i in range(len(lines)):
                if any(p in texts[i] for p in pieces):
                    marked.add(i)
                elif i + 1 < len(lines) and any(p in texts[i] + texts[i + 1] for p in pieces):
                    marked.update((i, i + 1))
            marked = {n for m in marked for n in (m - 1, m, m + 1) if 0 <= n < len(spans)}
        page_bands |= {(spans[i][0] - BAND_PADDING, spans[i][1] + BAND_PADDING) for i in marked}
        if page_bands:
            bands[number] = sorted(page_bands)
    return bands


def pages_to_ocr(pages: Sequence[PageText], identifiers: Sequence[str], redacted_pages: Iterable[int]) -> list[int]:
    """Pages whose pixels must be read: those that had something removed, and those
    whose text holds half of an identifier (two characters of a name, 2005年3 of a
    date, nine digits of an ID number) — where an OCR misreading may have hidden
    the whole of it from redaction. Pure-digit pieces shorter than six are too
    common to mean anything."""
    chosen = set(redacted_pages)
    pieces = _pieces(identifiers)
    for page in pages:
        text = normalise(page.text)
        if any(p in text for p in pieces):
            chosen.add(page.number)
    return sorted(chosen)


@dataclass(frozen=True)
class Kept:
    """Over-redaction in counts: occurrences of must-stay strings in the source, and how
    many of them the copy still shows."""

    kept: int
    total: int

    def __add__(self, other: Kept) -> Kept:
        return Kept(self.kept + other.kept, self.total + other.total)


def read_text(path: Path, password: str | None = None) -> str:
    """A file's text as copy/paste and search give it (content order, one page a line)."""
    with pdfplumber.open(path, password=password or "") as doc:
        return "\n".join("".join(c["text"] for c in page.chars) for page in doc.pages)


def count_kept(source_text: str, copy: Path, must_stay: Iterable[str], *,
               password: str | None = None) -> Kept:
    """How many occurrences of each must-stay string in `source_text` (the source read
    the same way, `read_text`) the copy's text layer still shows, matched as the leak
    check matches. A string removed with a minor's identifier counts as lost wherever
    it was removed; one the source does not show counts nowhere."""
    copy_hay = Haystack.of(read_text(copy, password))
    source_hay = Haystack.of(source_text)
    counted = Kept(0, 0)
    for value in dict.fromkeys(normalise(v) for v in must_stay):
        if value:
            total = len(source_hay.find(value))
            counted += Kept(min(total, len(copy_hay.find(value))), total)
    return counted


def check_inert(path: Path, password: str | None = None) -> list[str]:
    """What of the source's active content, attachments, forms or metadata the output
    `path` still carries (`redaction.sanitise.active_content`), each as "carries …";
    empty means inert. Every output is read back with it: anything found is a leak."""
    with pikepdf.open(path, password=password or "") as pdf:
        return _inert(pdf)


def _inert(pdf: pikepdf.Pdf) -> list[str]:
    """`check_inert` on a file already open (check_sealed's: one parse of the file, not two)."""
    return [f"carries {what}" for what in active_content(pdf)]


def check_sealed(path: Path, password: str, short_id: str) -> list[str]:
    """Problems with a sealed file, in words without personal data; empty means fine:
    it must not open without the password, be AES-256 (R6) with copying,
    extraction and modification denied, carry the seal on page 1 visibly, the
    watermark with `short_id` on every page, and nothing `check_inert` finds."""
    problems: list[str] = []
    try:
        with pikepdf.open(path):
            problems.append("opens without a password")
    except pikepdf.PasswordError:
        pass
    with pikepdf.open(path, password=password) as pdf:
        enc = pdf.encryption
        if not pdf.is_encrypted:
            problems.append("is not encrypted")
        elif not (enc.R == 6 and enc.bits == 256 and enc.stream_method == EncryptionMethod.aesv3
                and enc.string_method == EncryptionMethod.aesv3):
            problems.append(f"encryption is R{enc.R} {enc.bits}-bit {enc.stream_method.name}, not AES-256 R6")
        allow = pdf.allow
        granted = [name for name in ("extract", "modify_annotation", "modify_assembly",
                                     "modify_form", "modify_other") if getattr(allow, name)]
        if granted:
            problems.append("permissions grant " + ", ".join(granted))
        inert = _inert(pdf)
    seal, watermark, tag = normalise(marks.SEAL_TEXT), normalise(marks.WATERMARK_TEXT), normalise(short_id)
    texts, seal_visible = _marks_read_back(path, password)
    for number, text in enumerate(map(normalise, texts), start=1):
        if number == 1 and seal not in text:
            problems.append("the cover carries no seal mark")
        if watermark not in text or tag not in text:
            problems.append(f"page {number} carries no watermark with the dossier id")
    if not seal_visible:
        problems.append("the seal on the cover is not visible")
    return problems + inert


def _marks_read_back(path: Path, password: str) -> tuple[list[str], bool]:
    """Each page's text as PDFium gives it (enough to see that a mark is there; the leak
    check's own text channel reads with pdfminer, a second reader beside the PDFium one that
    extraction used), and whether the cover shows red pixels where the stamp's red title is
    (`marks.seal_region`; a court's own red seal elsewhere on the cover does not count), on
    the cover as displayed. One opening of the file for both."""
    texts: list[str] = []
    region: tuple[float, float, float, float] | None = None
    scale = SEAL_CHECK_DPI / 72
    with PDFIUM_LOCK:
        doc = pdfium.PdfDocument(path, password=password)
        try:
            for number, page in enumerate(doc, start=1):
                textpage = page.get_textpage()
                texts.append(textpage.get_text_range())
                textpage.close()
                if number == 1 and (region := marks.seal_region(page)) is not None:
                    rgb = page.render(scale=scale, rev_byteorder=True).to_numpy().astype(int)
                page.close()
        finally:
            doc.close()
    if region is None:
        return texts, False
    x0, top, x1, bottom = region
    stamp = rgb[max(0, round(top * scale)):round(bottom * scale), max(0, round(x0 * scale)):round(x1 * scale)]
    red = (stamp[..., 0] > 150) & (stamp[..., 1] < 90) & (stamp[..., 2] < 90)
    return texts, bool(stamp.size) and bool(red.mean() >= MIN_RED_FRACTION)
