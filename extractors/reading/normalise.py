"""One normalisation of text as read: what counts as the same character, for every reader.

The language components (numerals, patterns), redaction and its leak check, and the OCR
character error rate all compare text that OCR or a PDF wrote, and must agree on what is
the same: a full-width digit is its ASCII digit (３ is 3), the round glyphs of zero
(○ ◯ Ｏ 零 beside 〇) are one digit, whitespace is layout. Everything here maps one
character to one character, so an offset into the normalised text is an offset into the
original; `compact` then drops whitespace for comparisons that ignore layout.

Two strengths, because a pattern reader and a comparer need different things:

- `halfwidth` (the language components): full-width digits, Latin letters and the
  ideographic space only. Full-width punctuation stays (the patterns read "，" and "（"
  as the court writes them), and so do the zero glyphs: the numerals grammar reads them
  itself and reports each as a possible confusion.
  `pair_brackets` then gives a bracket OCR misread its pair's shape.
- `fold` (redaction, the leak check, CER): every character's NFKC form where it is one
  character (（ → (, ＡＢ → AB), the zero glyphs as 〇, optionally upper case (an ID
  number's x is its X), the middle dots of a transliterated name as one.
"""
from __future__ import annotations

import re
import unicodedata

_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)}
_FULLWIDTH.update({code: code - 0xFEE0 for code in range(0xFF21, 0xFF3B)})
_FULLWIDTH.update({code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)})
_FULLWIDTH[0x3000] = 0x20

#: glyphs of zero that mean 〇 wherever a digit is compared
ZEROS = {"○": "〇", "◯": "〇", "零": "〇", "Ｏ": "〇"}
#: the dots a transliterated name's parts are joined by (间隔号: 努尔买买提·库尔班), as one
MIDDLE_DOTS = {"•": "·", "・": "·", "‧": "·", "∙": "·", "⋅": "·", "･": "·"}
#: whitespace as layout (line breaks, the ideographic space, no-break and thin spaces, zero width)
SPACE = frozenset(" \t\r\n\u3000\u00a0\u2002\u2003\u2009\u200b")


def halfwidth(text: str) -> str:
    """Full-width digits and Latin letters as ASCII, the ideographic space as a space; the
    length never changes."""
    return text.translate(_FULLWIDTH)


_BRACKETS = "（()）〈〉《》<>[]【】〔〕"
_ENCLOSED = rf"[^{re.escape(_BRACKETS)}]{{0,40}}"
#: an angle or title bracket opened and a round one closed, or the other way round
_MISPAIRED = re.compile(rf"(?P<open>[〈《<])(?={_ENCLOSED}[)）])|(?<=[（(]){_ENCLOSED}(?P<close>[〉》>])")


def pair_brackets(text: str) -> str:
    """A bracket whose pair is round is round: 〈2013）→（2013）, （五> → （五）.

    Tesseract reads the round bracket of a serif face as 〈 or 《 (160 times in the 33
    development judgments scanned in Noto Serif, around birth dates, case numbers, terms
    of a sentence and role words); no text layer and no rapidocr reading of any real set
    has such a pair, while a true angle or title bracket closes with its own shape (《刑法》).
    The length never changes."""
    chars = list(text)
    for m in _MISPAIRED.finditer(text):
        if m.group("open"):
            chars[m.start("open")] = "（"
        else:
            chars[m.start("close")] = "）"
    return "".join(chars)


def fold_char(ch: str, *, upper: bool = False) -> str:
    """One character in, one character out: a zero glyph as 〇, a middle dot as ·, else its NFKC
    form where that is one character (else the character itself), upper-cased on request."""
    if ch in ZEROS:
        return ZEROS[ch]
    if ch in MIDDLE_DOTS:
        return MIDDLE_DOTS[ch]
    folded = unicodedata.normalize("NFKC", ch)
    if len(folded) != 1:
        return ch
    return folded.upper() if upper else folded


def fold(text: str, *, upper: bool = False) -> str:
    """`fold_char` over the text; the length never changes."""
    return "".join(fold_char(c, upper=upper) for c in text)


def compact(text: str, *, upper: bool = False) -> str:
    """The text as compared when layout does not count: folded, whitespace dropped."""
    return "".join(fold_char(c, upper=upper) for c in text if c not in SPACE)
