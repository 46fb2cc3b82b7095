"""The role labels that replace a minor (未成年同案人甲) read back by OCR from the redacted
copy rendered at 200 dpi, on generated dossiers (`fengcun synth`): a three-character name
(its label condensed in the removed box) and a two-character one (its label in the gap
above the line, or in two rows in the box)."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest

from extractors.ocr import get_engine
from extractors.text import DossierText
from models.record import DecisionRecord
from redaction.identifiers import minor_label
from redaction.leakcheck import leak_check
from redaction.redact import find_spans, removal_plan, write_redacted_copy
from synth import generate
from support.redaction import text_layer_pages

DPI = 200
MIN_LABEL_PX = 18         # a readable label: its recognised text stands at least this tall at 200 dpi


@pytest.fixture(scope="module")
def copies(tmp_path_factory):
    """Each generated dossier's copy with its sealed minors removed, and where their labels are."""
    out = tmp_path_factory.mktemp("synth")
    result = []
    for source in generate(out, 2, seed=7, defects_rate=0.0):
        record = DecisionRecord.from_dict(json.loads((out / "truth" / f"{source.stem}.json").read_text("utf-8")))
        minors = [p.person_id for p in record.persons if p.decision and p.decision.outcome == "seal"]
        pages = text_layer_pages(source)
        copy = out / f"{source.stem}.redacted.pdf"
        write_redacted_copy(source, pages, record, minors, copy)
        doc = DossierText(pages)
        plan, keep = removal_plan(record, minors)
        first_per_page: dict[int, tuple] = {}      # OCR costs seconds: one label per page
        for span in find_spans(doc, plan, keep=keep):
            if span.label.startswith(minor_label(0)[:-1]):
                page_no, box = doc.boxes(span.start, span.end)[0]
                first_per_page.setdefault(page_no, ((page_no, box), span.label))
        labelled = list(first_per_page.values())
        result.append((copy, record, minors, labelled, [v for v, _ in plan]))
    names = {len(p.name) for _, record, minors, _, _ in result for p in record.persons if p.person_id in minors}
    assert {2, 3} <= names, "a two- and a three-character name are both exercised"
    return result


def places(image: np.ndarray, box: tuple[float, float, float, float]) -> list[np.ndarray]:
    """Where a label can be on the page rendered at 200 dpi: the removed box itself, and the
    gap above its line (as wide as a label needs on either side)."""
    x0, top, x1, bottom = box
    middle, s = (x0 + x1) / 2, DPI / 72
    return [image[max(0, round((top - 2) * s)):round((bottom + 2) * s), max(0, round((x0 - 2) * s)):round((x1 + 2) * s)],
            image[max(0, round((top - 16) * s)):round(top * s), max(0, round((middle - 48) * s)):round((middle + 48) * s)]]


@pytest.mark.slow
def test_every_minors_label_reads_back_at_200_dpi(copies):
    engine = get_engine("rapidocr")
    read = 0
    for copy, _, _, labelled, _ in copies:
        doc = pdfium.PdfDocument(copy)
        try:
            rendered = {n: np.asarray(doc[n - 1].render(scale=DPI / 72).to_pil().convert("RGB"))
                        for n in {page_no for (page_no, _), _ in labelled}}
            for (page_no, box), label in labelled:
                readings = [engine.recognise(place) for place in places(rendered[page_no], box)]
                texts = ["".join(line.text for line in lines).replace(" ", "") for lines in readings]
                found = [lines for lines, text in zip(readings, texts) if label in text]
                assert found, (page_no, label, texts)
                holders = [line for line in found[0] if set(line.text) & set(label)]
                assert min(line.box[3] - line.box[1] for line in holders) >= MIN_LABEL_PX, (page_no, label)
                read += 1
        finally:
            doc.close()
    assert read >= 4


def test_labels_leave_the_copy_free_of_the_minor(copies):
    """Labels moved out of the removed box change nothing of what is removed."""
    for copy, _, _, _, identifiers in copies:
        assert leak_check(copy, identifiers, ocr_pages=[]) == []
