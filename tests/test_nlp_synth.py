"""Extraction measured against the synthetic generator's truth, end to end on text-layer
PDFs: generate → read pages (pdfplumber) → extract → rules → evaluate. The seed is one
never used while the extractor was developed."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import jsonschema
import pytest

from extractors.evaluate import evaluate
from extractors.nlp import extract
from extractors.pages import read_pages
from extractors.text import DossierText
from models.record import DecisionRecord, Review, Source
from models.rules.engine import decide_record
from synth import generate

SCHEMA = json.loads((Path(__file__).parent / "contract" / "decision-record.schema.json").read_text("utf-8"))
EXTRACTED = ("name", "birth_date", "id_number", "offence_dates", "disposition.kind", "disposition.months",
             "disposition.probation_months")


@pytest.mark.slow
def test_text_layer_dossiers_against_synthetic_truth(tmp_path: Path) -> None:
    files = generate(tmp_path, 10, seed=9_172_026)
    records = []
    for path in files:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        pages = read_pages(path)
        ex = extract(DossierText(pages))
        record = decide_record(DecisionRecord(digest, Source(str(path), digest, len(pages)), ex.case,
                                              list(ex.persons), Review(list(ex.review_items))))
        jsonschema.validate(record.to_dict(), SCHEMA)
        records.append(record.to_dict())
    report = evaluate(tmp_path, records)
    assert report.dossiers == 10 and report.missing_predictions == 0
    for name in EXTRACTED:
        assert report.fields[name].f1 >= 0.99, (name, report.errors)
    # the age finding also depends on the rules; what is given must never be wrong
    assert report.fields["minor_at_offence"].precision == 1.0
    assert report.confident_wrong_values == 0, report.errors
    assert report.confident_wrong_decisions == 0, report.errors
