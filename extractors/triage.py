"""Is a page's text layer worth trusting, or must the page be OCR'd afresh?

A born-digital judgment's text layer is exact and beats any OCR; an earlier
tool's layer over a scan can be worse than nothing (random Latin, mojibake,
unmapped glyphs, OCRmyPDF-style spaces between every CJK character, or CJK
characters that form no words). Each check names its reason, so the page
record says why a page was OCR'd.
"""
from __future__ import annotations

import functools
import logging
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from extractors.text import Glyph

if TYPE_CHECKING:
    import jieba

#: Fewer CJK characters than this and word-level checks are noise.
MIN_CJK_FOR_WORDS = 20
#: Real judgments keep ≥ 42% of their CJK characters inside the words of WORDS_PATH
#: (400-character blocks of 204 real judgments: min 0.42, mean 0.72); shuffled CJK stays
#: at or below 0.17, CJK read through a wrong character map near 0.03.
MIN_WORD_COVERAGE = 0.3
#: jieba's dictionary cut to its common words (scripts/triage_words.py): a fifth of the whole
#: dictionary's load time and memory, paid by every process that reads a text layer.
WORDS_PATH = Path(__file__).with_name("triage_words.txt")
#: Share of CJK pairs split by a space above which the layer is an earlier OCR's.
MAX_SPACED_CJK = 0.5
#: A page image this large under this few characters is a scan with a stray label.
SCAN_COVERAGE = 0.5
MIN_CHARS_OVER_SCAN = 30


@dataclass(frozen=True)
class Verdict:
    trusted: bool
    reason: str      # one line, no page content: goes into logs and review items


def is_cjk(char: str) -> bool:
    code = ord(char)
    return (0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF
            or 0x20000 <= code <= 0x2FA1F)


def _is_garbage(char: str) -> bool:
    """Unmapped glyphs, private-use code points, controls and replacement marks."""
    if len(char) != 1:              # a glyph is one character; the text layer gives an unmapped one as U+FFFD
        return True
    category = unicodedata.category(char)
    return char == "\ufffd" or category in ("Co", "Cs", "Cn") or (category == "Cc" and char not in "\t\n")


def _is_mojibake_latin(char: str) -> bool:
    """UTF-8 read as Latin-1/Windows-1252 leaves accented Latin and symbols (Ã¤, å®, â€œ)."""
    return len(char) == 1 and 0x80 <= ord(char) <= 0x2FF


@functools.cache
def _segmenter() -> jieba.Tokenizer:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba.Tokenizer(dictionary=str(WORDS_PATH))


def forms_words(text: str) -> bool:
    """Whether the CJK characters of `text` form Chinese words, as any reading of a court paper
    does — text read through a wrong character map, or OCR of a page the wrong way round,
    does not. Too few CJK characters to tell count as forming words."""
    return sum(1 for c in text if is_cjk(c)) < MIN_CJK_FOR_WORDS or word_coverage(text) >= MIN_WORD_COVERAGE


def word_coverage(text: str) -> float:
    """Share of CJK characters that fall inside a multi-character word of WORDS_PATH, as jieba
    segments the text."""
    total = sum(1 for c in text if is_cjk(c))
    if total == 0:
        return 0.0
    words = _segmenter().lcut(text, HMM=False)
    return sum(len(w) for w in words if len(w) > 1 and all(is_cjk(c) for c in w)) / total


def judge_text_layer(lines: list[list[Glyph]], *, image_coverage: float = 0.0) -> Verdict:
    """Trust a text layer (already grouped into lines in reading order) or say why not.

    `image_coverage` is the share of the page that images cover: a scan under
    a thin layer is OCR'd rather than trusting a few stray characters.
    """
    chars = [g.char for line in lines for g in line if not g.char.isspace()]
    n = len(chars)
    if n == 0:
        return Verdict(False, "no text layer")
    if sum(map(_is_mojibake_latin, chars)) > 0.1 * n:
        return Verdict(False, "text layer is mojibake (accented Latin where Chinese belongs)")
    if sum(map(_is_garbage, chars)) > 0.05 * n:
        return Verdict(False, "text layer has unmapped or private-use glyphs")
    cjk = sum(1 for c in chars if is_cjk(c))
    latin = sum(1 for c in chars if c.isascii() and c.isalpha())
    if n >= MIN_CHARS_OVER_SCAN // 2 and latin > 0 and cjk < 0.3 * (cjk + latin):
        return Verdict(False, "text layer is mostly Latin letters, not Chinese")
    if image_coverage >= SCAN_COVERAGE and n < MIN_CHARS_OVER_SCAN:
        return Verdict(False, "page is a scan with only a few characters of text layer")
    spaced = direct = 0
    for line in lines:
        text = "".join(g.char for g in line)
        for i in range(len(text) - 1):
            if is_cjk(text[i]) and is_cjk(text[i + 1]):
                direct += 1
            elif is_cjk(text[i]) and text[i + 1] == " " and i + 2 < len(text) and is_cjk(text[i + 2]):
                spaced += 1
    if cjk >= 10 and spaced > MAX_SPACED_CJK * (spaced + direct):
        return Verdict(False, "text layer from an earlier OCR with spaces between CJK characters")
    if not forms_words("\n".join("".join(g.char for g in line) for line in lines)):
        return Verdict(False, "text layer's CJK characters do not form words")
    return Verdict(True, "text layer is plausible Chinese text")
