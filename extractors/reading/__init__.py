"""The reading layer: anchor phrases of court documents found the way a clerk reads a scan.

A phrase is looked up in one lexicon (`lexicon.yaml`) and found by approximate matching
(the `regex` module's fuzzy matching), so a glyph OCR misread does not hide it; the match
cost becomes the confidence of what the phrase announces.
"""
from extractors.reading.anchors import Anchor, LEXICON, Lexicon

__all__ = ["Anchor", "LEXICON", "Lexicon"]
