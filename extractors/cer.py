"""Character error rate (CER): how we judge and pick OCR engines.

CER = edit distance (insertions, deletions, substitutions) between the
reference and the OCR text, divided by the reference length. Both sides are
normalised as everything fengcun compares is (extractors.reading.normalise: full-width
digits and brackets become ASCII, so （2015） and (2015) agree; the glyphs of zero are
one digit) and lose all whitespace: line breaks and spacing are layout, not text, and
engines differ in them without being wrong.
"""
from __future__ import annotations

from extractors.reading.normalise import compact


def normalise(text: str) -> str:
    return compact(text)


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, two rows at a time (pages are a few thousand characters)."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def errors(reference: str, hypothesis: str) -> tuple[int, int]:
    """(edits, reference length) after normalising, for summing over many pages."""
    ref, hyp = normalise(reference), normalise(hypothesis)
    return edit_distance(ref, hyp), len(ref)


def cer(reference: str, hypothesis: str) -> float:
    edits, length = errors(reference, hypothesis)
    if length == 0:
        return 0.0 if edits == 0 else 1.0
    return edits / length
