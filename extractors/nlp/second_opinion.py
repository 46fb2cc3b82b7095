"""The second reader's component: the trained recogniser's dates beside the rules' readings.

`second_reader` runs the statistical model of extractors.second_reader over the flowed text
and keeps what it marks on the shared state (and as `doc.spans["second_reader"]`, where
displaCy and spaCy's scorers read spans). It changes no reading of the rules: the assembler
compares the two (extractors.nlp.assemble) and asks a reviewer only where they disagree on a
value that decides the case.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from extractors import second_reader
from extractors.nlp.components import doc_text
from extractors.nlp.state import LegalState, Mention


@Language.factory("second_reader", default_config={})
def make_second_reader(nlp: Language, name: str) -> SecondReader:
    return SecondReader()


class SecondReader:
    def __call__(self, doc: Doc) -> Doc:
        state: LegalState = doc._.legal
        readings = second_reader.read(doc_text(doc))
        state.second_readings = [(r.label, Mention(r.start, r.end, r.text)) for r in readings]
        spans = [doc.char_span(r.start, r.end, label=r.label, alignment_mode="expand") for r in readings]
        doc.spans["second_reader"] = [s for s in spans if s is not None]
        return doc
