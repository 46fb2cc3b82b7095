"""Page text with boxes: the one shape every page source produces.

A text-layer page (PDFium's text page) and an OCR'd page (any engine) both become a
`PageText`; the language pipeline reads `DossierText.text` and maps every
character offset back to its page and box, which is what evidence and
redaction need. Boxes are PDF points with a top-left origin in the page as it
is stored in the file (unrotated), so redaction can burn them into the
original page whatever orientation OCR needed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from collections.abc import Collection
from typing import Literal

from models.record import Evidence

BBox = tuple[float, float, float, float]
PageSource = Literal["text_layer", "ocr", "blank"]


@dataclass(frozen=True)
class Glyph:
    char: str
    bbox: BBox
    confidence: float  # 1.0 for a trusted text layer


@dataclass
class PageText:
    number: int                 # 1-based
    width: float                # points
    height: float
    lines: list[list[Glyph]] = field(default_factory=list)   # reading order
    source: PageSource = "blank"
    engine: str | None = None   # "text_layer", "rapidocr", "tesseract", …
    rotation: int = 0           # degrees the image was turned clockwise before OCR
    dpi: int | None = None      # of the rendered image, for OCR'd pages

    @property
    def text(self) -> str:
        return "\n".join("".join(g.char for g in line) for line in self.lines)

    @property
    def glyphs(self) -> list[Glyph]:
        return [g for line in self.lines for g in line]


def union(boxes: list[BBox]) -> BBox:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


class DossierText:
    """All pages of one file joined into one string, with a map from each
    character offset back to (page number, glyph). Line and page breaks are
    inserted as "\\n" and map to no glyph."""

    def __init__(self, pages: list[PageText]) -> None:
        self.pages = pages
        chars: list[str] = []
        self._index: list[tuple[int, Glyph | None]] = []
        self.page_starts: list[int] = []     # offset of each page's first character
        for page in pages:
            self.page_starts.append(len(chars))
            for line in page.lines:
                for g in line:
                    chars.append(g.char)
                    self._index.append((page.number, g))
                chars.append("\n")
                self._index.append((page.number, None))
        self.text = "".join(chars)

    def page_of(self, offset: int) -> int:
        return self._index[offset][0] if self._index else 1

    def glyphs(self, start: int, end: int) -> list[tuple[int, Glyph]]:
        return [(p, g) for p, g in self._index[start:end] if g is not None]

    def boxes(self, start: int, end: int) -> list[tuple[int, BBox]]:
        """One box per page and line run that the span [start, end) covers: what redaction removes."""
        out: list[tuple[int, BBox]] = []
        run: list[BBox] = []
        run_page = None
        for page, glyph in self._index[start:end]:
            if glyph is None or (run_page is not None and page != run_page):
                if run:
                    out.append((run_page, union(run)))  # type: ignore[arg-type]
                run = []
            if glyph is not None:
                run.append(glyph.bbox)
                run_page = page
        if run:
            out.append((run_page, union(run)))  # type: ignore[arg-type]
        return out

    def confidence(self, start: int, end: int, settled: Collection[int] = ()) -> float:
        """The lowest OCR confidence of the span's glyphs, except those at `settled` offsets:
        characters the caller's grammar fixes whatever the engine read."""
        confs = [g.confidence for offset, (_, g) in enumerate(self._index[start:end], start)
                 if g is not None and offset not in settled]
        return min(confs) if confs else 0.0

    def evidence(self, field_name: str, start: int, end: int, confidence: float | None = None,
                 settled: Collection[int] = ()) -> Evidence:
        """Evidence for a span: its first page, the union of its boxes there, its text, and the
        lower of the OCR confidence and the caller's own (parse) confidence."""
        boxes = self.boxes(start, end)
        if boxes:
            page = boxes[0][0]
            bbox = union([b for p, b in boxes if p == page])
        else:
            page, bbox = self.page_of(start), (0.0, 0.0, 0.0, 0.0)
        conf = self.confidence(start, end, settled)
        if confidence is not None:
            conf = min(conf, confidence)
        return Evidence(field_name, page, bbox, self.text[start:end], conf)
