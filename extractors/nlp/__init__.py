"""The language pipeline: a dossier's text → case facts, persons and doubts.

A spaCy pipeline assembled from `pipeline.cfg` (character tokens of `spacy.blank("zh")`:
no pretrained Chinese model can be installed here, and no component reads words) with
fengcun's own components, registered by name so the pipeline is configuration, not code:

    legal_documents → party_paragraphs → offence_dates → dispositions → court_findings
        → second_reader → mention_spans

All but `second_reader` are rules over anchors and patterns; `second_reader` is a trained
entity recogniser (extractors.second_reader) whose dates the assembler compares with theirs.

`extract(DossierText)` is the contract the flow uses; `extract_text(str)` does
the same for plain text (published judgments, tests).
"""
from __future__ import annotations

import functools
import sys
from pathlib import Path


def _import_spacy_without_torch() -> None:
    """Import spaCy with PyTorch hidden, unless something loaded PyTorch already. thinc
    probes for PyTorch when it is imported (1.3 s and ~200 MB on a 2-core machine where the
    `gpu` extra is installed), and no component of this pipeline uses it; a command that
    reads one file waits for that probe. PyTorch itself stays importable afterwards (the
    ppocr-torch engine imports it); only thinc's own PyTorch layers stay off."""
    if "torch" in sys.modules or "spacy" in sys.modules:
        return
    sys.modules["torch"] = None  # type: ignore[assignment]   # makes `import torch` raise ImportError
    try:
        import spacy.language  # noqa: F401
    finally:
        del sys.modules["torch"]


_import_spacy_without_torch()

from spacy.language import Language  # noqa: E402
from spacy.util import load_config, load_model_from_config  # noqa: E402

from extractors.nlp import components, findings, second_opinion  # noqa: E402, F401  (registers the factories)
from extractors.nlp.assemble import CONFIDENCE_THRESHOLD, Extraction, build  # noqa: E402
from extractors.nlp.flow import FlowText  # noqa: E402
from extractors.text import DossierText, Glyph, PageText  # noqa: E402

CONFIG = Path(__file__).with_name("pipeline.cfg")
PIPELINE = ("legal_documents", "party_paragraphs", "offence_dates", "dispositions", "court_findings", "second_reader",
            "mention_spans")


@functools.lru_cache(maxsize=1)
def load_pipeline() -> Language:
    """One pipeline per process, as `pipeline.cfg` assembles it."""
    nlp = load_model_from_config(load_config(CONFIG), auto_fill=True)
    if tuple(nlp.pipe_names) != PIPELINE:
        raise ValueError(f"{CONFIG}: the pipeline must be {', '.join(PIPELINE)}")
    return nlp


def extract(doc: DossierText) -> Extraction:
    """Case facts, persons (with evidence) and review items for one dossier; decides nothing."""
    # full-width digits/letters become ASCII one-for-one, so offsets still map to glyphs
    nlp = load_pipeline()
    flow = FlowText(doc)
    parsed = nlp.make_doc(flow.text)
    parsed.user_data["fengcun_text"] = flow.text
    return build(doc, flow, nlp(parsed)._.legal)


def dossier_from_text(text: str) -> DossierText:
    """A one-page DossierText for plain text: one line per text line, dummy boxes, confidence 1."""
    lines = [[Glyph(c, (0.0, 0.0, 0.0, 0.0), 1.0) for c in line] for line in text.split("\n")]
    return DossierText([PageText(1, 595.0, 842.0, lines, "text_layer", "plain_text")])


def extract_text(text: str) -> Extraction:
    return extract(dossier_from_text(text))


__all__ = ["CONFIDENCE_THRESHOLD", "Extraction", "PIPELINE", "dossier_from_text", "extract", "extract_text",
           "load_pipeline"]
