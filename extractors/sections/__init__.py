"""Sections of a judgment, line by line: a CRF sequence labeller (CRFsuite).

`label_lines(lines)` gives each line of a judgment one of SECTIONS with the model's
marginal probability: header (court, title, case number), parties, procedure (how the
case came to court), findings (allegation, facts found, evidence), reasoning (本院认为
… 判决如下), operative (the sentences, the appeal notice), signature (judges, date,
clerk) and appendix (quoted statutes). A heading OCR lost lowers a probability instead
of moving a boundary: the labeller reads every cue of a line and of its neighbours, and
the order of sections is learnt as transitions, not found by first-match anchors.

The extractor asks it for the findings of a document whose headings OCR lost
(extractors.nlp.components._findings_by_structure).

The model (model.crfsuite, a few hundred kB) is trained by
`python -m scripts.train_sections` on synthetic judgments and the hand-sectioned
real ones (tests/resources/real-judgments/sections.yaml), some held out for the test.
"""
from __future__ import annotations

import threading
from pathlib import Path

import pycrfsuite

from extractors.sections.features import line_features

SECTIONS = ("header", "parties", "procedure", "findings", "reasoning", "operative", "signature", "appendix")
MODEL = Path(__file__).with_name("model.crfsuite")
_local = threading.local()    # a CRFsuite tagger is not safe to share between threads


def _tagger() -> pycrfsuite.Tagger:
    tagger = getattr(_local, "tagger", None)
    if tagger is None:
        if not MODEL.is_file():
            raise FileNotFoundError(f"{MODEL} is missing: run `python -m scripts.train_sections`")
        tagger = pycrfsuite.Tagger()
        tagger.open(str(MODEL))
        _local.tagger = tagger
    return tagger


def label_lines(lines: list[str]) -> list[tuple[str, float]]:
    """(section, probability) for each line, in order; [] for no lines."""
    if not lines:
        return []
    tagger = _tagger()
    labels = tagger.tag(line_features(lines))
    return [(label, round(tagger.marginal(label, i), 4)) for i, label in enumerate(labels)]


__all__ = ["MODEL", "SECTIONS", "label_lines"]
