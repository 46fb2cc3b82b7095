"""Finding an identifier in text the way a reader would, not the way bytes compare.

Redaction (`redaction.redact.find_spans`) and the leak check
(`redaction.leakcheck`) must agree on what counts as "the identifier is there",
otherwise one removes what the other does not look for. Both use this module:

- whitespace is ignored (an ID number broken across a line, OCR inserting
  spaces between CJK characters: OCRmyPDF #715);
- full-width forms read as their ASCII forms (３３０１０２ is 330102), and the
  zero variants ○ 零 Ｏ read as 〇 (二〇〇四年 vs 二○○四年);
- a numeric identifier never matches inside a longer number (2004.3.1 is not
  found in 2004.3.15, a birth date is not found inside an unrelated number),
  but whitespace counts as a boundary: a date at the start of a line is found
  even when the line before ends with a digit;
- optionally a long identifier (an ID number, a date, an address) also matches
  with a few substituted characters, because OCR misreads a digit in about
  one line in three on degraded scans (shared/notes/toolchain.md) and a
  misread ID number still identifies its holder.
"""
from __future__ import annotations

from dataclasses import dataclass

from extractors.reading.normalise import SPACE as _SPACE
from extractors.reading.normalise import fold_char

FUZZY_MIN_LENGTH = 8  # shorter identifiers (names) only match exactly: a substitution makes another name


def normalise_char(ch: str) -> str:
    """One character in, one character out, so offsets survive normalisation (the one
    normalisation of extractors.reading.normalise, upper-cased: an ID number's x is its X)."""
    return fold_char(ch, upper=True)


def normalise(text: str) -> str:
    """The identifier as it is compared: whitespace removed, characters folded."""
    return "".join(normalise_char(c) for c in text if c not in _SPACE)


@dataclass(frozen=True)
class Haystack:
    """A text with whitespace dropped and characters folded, remembering each
    kept character's offset in the original."""

    text: str
    offsets: tuple[int, ...]
    gaps: frozenset[int]       # positions in `text` that had whitespace before them

    @classmethod
    def of(cls, original: str) -> Haystack:
        kept = [(i, normalise_char(c)) for i, c in enumerate(original) if c not in _SPACE]
        offsets = tuple(i for i, _ in kept)
        gaps = frozenset(n for n in range(1, len(offsets)) if offsets[n] != offsets[n - 1] + 1)
        return cls("".join(c for _, c in kept), offsets, gaps)

    def find(self, needle: str, *, fuzzy: bool = False) -> list[int]:
        return find_all(self.text, needle, fuzzy=fuzzy, gaps=self.gaps)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """[start, end) in the normalised text → [start, end) in the original."""
        return self.offsets[start], self.offsets[end - 1] + 1


def allowed_substitutions(needle: str) -> int:
    return len(needle) // 8 if len(needle) >= FUZZY_MIN_LENGTH else 0


def find_all(haystack: str, needle: str, *, fuzzy: bool = False, gaps: frozenset[int] = frozenset()) -> list[int]:
    """Start positions of `needle` (already normalised) in `haystack` (already
    normalised; `gaps` are positions where whitespace was removed). With
    `fuzzy`, up to `allowed_substitutions(needle)` characters may differ;
    candidates are found by the pigeonhole rule (with k substitutions one of
    k+1 pieces matches exactly), then verified."""
    if not needle or len(needle) > len(haystack):
        return []
    k = allowed_substitutions(needle) if fuzzy else 0
    if k == 0:
        starts, pos = [], haystack.find(needle)
        while pos != -1:
            starts.append(pos)
            pos = haystack.find(needle, pos + 1)
        return [s for s in starts if _digit_bounded(haystack, needle, s, gaps)]
    piece_len = len(needle) // (k + 1)
    candidates: set[int] = set()
    for p in range(k + 1):
        lo = p * piece_len
        hi = len(needle) if p == k else lo + piece_len
        piece = needle[lo:hi]
        pos = haystack.find(piece)
        while pos != -1:
            start = pos - lo
            if 0 <= start <= len(haystack) - len(needle):
                candidates.add(start)
            pos = haystack.find(piece, pos + 1)
    found = []
    for start in sorted(candidates):
        window = haystack[start:start + len(needle)]
        if sum(a != b for a, b in zip(window, needle)) <= k and _digit_bounded(haystack, needle, start, gaps):
            found.append(start)
    return found


def _digit_bounded(haystack: str, needle: str, start: int, gaps: frozenset[int]) -> bool:
    """A needle that starts or ends with a digit must not continue a longer number."""
    end = start + len(needle)
    if needle[0].isdigit() and start > 0 and haystack[start - 1].isdigit() and start not in gaps:
        return False
    if needle[-1].isdigit() and end < len(haystack) and haystack[end].isdigit() and end not in gaps:
        return False
    return True
