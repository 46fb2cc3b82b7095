"""Reading text as paragraphs: soft line wraps removed, offsets kept.

A PDF text layer or an OCR result breaks lines wherever the page ran out, so a
name, a date or an ID number can be split by a "\\n" ("2016年\\n6月15日").
The language components read the flowed text, where a line that runs to the
right margin and does not end a sentence is joined to the next; every offset
still maps back to the original DossierText for evidence and redaction.
"""
from __future__ import annotations

import re
from statistics import median

from extractors.reading.normalise import halfwidth, pair_brackets
from extractors.text import DossierText, Glyph, PageText

SENTENCE_END = set("。：:；;！？!?」』”）)")


def _is_soft(line: list[Glyph], margins: tuple[float, float], char_width: float, longest: int) -> bool:
    """A wrap is soft when the line is full (runs from the left margin, or a paragraph
    indent, to the right margin; for text without boxes, about as long as the longest
    line) and does not end a sentence. Right-aligned and centred lines are never soft."""
    if not line or line[-1].char in SENTENCE_END:
        return False
    left, right = margins
    if right < 0:
        return False
    if right > 0:
        return line[-1].bbox[2] >= right - 1.5 * char_width and line[0].bbox[0] <= left + 2.6 * char_width
    return longest >= 20 and len(line) >= 0.9 * longest


# A page number printed at the foot or head of a page ("6", "- 6 -", "第6页", "第6页 共9页").
PAGE_NUMBER = re.compile(r"\s*[-－—]?\s*(?:第\s*)?\d{1,4}\s*(?:页)?\s*[-－—]?\s*(?:共\s*\d{1,4}\s*页)?\s*")


def _furniture(lines: list[list[Glyph]]) -> set[int]:
    """Indexes of page-number lines at the top or bottom of a page: not part of any sentence."""
    out = set()
    for i in (0, len(lines) - 1) if lines else ():
        if PAGE_NUMBER.fullmatch("".join(g.char for g in lines[i])):
            out.add(i)
    return out


def _as_read(page: PageText) -> list[list[Glyph]]:
    """The page's lines with each box turned upright, as the page was read. A scan OCR'd
    after turning it keeps its boxes on the stored page (where redaction needs them): on an
    upside-down page its lines run right to left there, and margins measured on them would
    take a centred heading for a full line."""
    if page.rotation == 0:
        return page.lines
    w, h = page.width, page.height
    turn = {90: lambda b: (h - b[3], b[0], h - b[1], b[2]),
            180: lambda b: (w - b[2], h - b[3], w - b[0], h - b[1]),
            270: lambda b: (b[1], w - b[2], b[3], w - b[0])}[page.rotation]
    return [[Glyph(g.char, turn(g.bbox), g.confidence) for g in line] for line in page.lines]


class FlowText:
    def __init__(self, dossier: DossierText) -> None:
        keep = [True] * len(dossier.text)
        offset = 0
        upright = [_as_read(p) for p in dossier.pages]
        starts_aligned = [self._starts_aligned(lines) for lines in upright[1:]] + [True]
        for number, page in enumerate(dossier.pages):
            furniture = _furniture(page.lines)
            lines = [ln for i, ln in enumerate(upright[number]) if i not in furniture]
            longest = max((len(ln) for ln in lines), default=0)
            # the right margin: the typical right edge of long lines (one overhanging line must not move it)
            edges = sorted(ln[-1].bbox[2] for ln in lines if ln and len(ln) >= 0.5 * longest)
            right = median(edges) if edges else 0.0
            left = min((ln[0].bbox[0] for ln in lines if ln), default=0.0)
            widths = [g.bbox[2] - g.bbox[0] for ln in lines for g in ln if g.bbox[2] > g.bbox[0]]
            char_width = median(widths) if widths else 0.0
            if right > 0 and sum(ln[-1].bbox[2] >= right - 1.5 * char_width for ln in lines if ln) < 3:
                right = -1.0   # no body text (a cover, a form): nothing on this page wraps
            last = max((i for i in range(len(page.lines)) if i not in furniture), default=-1)
            for i, line in enumerate(upright[number]):
                if i in furniture:
                    keep[offset:offset + len(line) + 1] = [False] * (len(line) + 1)
                elif _is_soft(line, (left, right), char_width, longest) and (i != last or starts_aligned[number]):
                    keep[offset + len(line)] = False
                offset += len(line) + 1   # the line and the "\n" after it
        self.origin = [i for i, k in enumerate(keep) if k]
        self.text = pair_brackets(halfwidth("".join(c for c, k in zip(dossier.text, keep) if k)))
        self._length = len(dossier.text)

    @staticmethod
    def _starts_aligned(lines: list[list[Glyph]]) -> bool:
        """Whether a page's first text line starts at its left margin (within a paragraph
        indent): a sentence may run on into it. A centred or right-aligned first line is a
        new document's heading (the court's name), never the rest of a sentence."""
        body = [ln for i, ln in enumerate(lines) if ln and i not in _furniture(lines)]
        if not body or body[0][0].bbox[2] <= body[0][0].bbox[0]:
            return True   # no boxes (plain text): nothing to tell
        left = min(ln[0].bbox[0] for ln in body)
        width = body[0][0].bbox[2] - body[0][0].bbox[0]
        return body[0][0].bbox[0] <= left + 2.6 * width

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original [start, end) of a flowed span."""
        if start >= len(self.origin):
            return self._length, self._length
        return self.origin[start], (self.origin[end - 1] + 1) if end > start else self.origin[start]
