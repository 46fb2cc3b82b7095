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
from synth.archive import write_plan
from synth.plan import EDGE_CASES, plan_case

SCHEMA = json.loads((Path(__file__).parents[1] / "resources" / "contract" / "decision-record.schema.json").read_text("utf-8"))
EXTRACTED = ("name", "birth_date", "id_number", "offence_dates", "disposition.kind", "disposition.months",
             "disposition.probation_months")


def _records(files: list[Path]) -> list[dict]:
    """Each file through the stages `fengcun process` runs before its outputs: pages → extract
    → rules, as contract records."""
    records = []
    for path in files:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        pages = read_pages(path)
        ex = extract(DossierText(pages))
        record = decide_record(DecisionRecord(digest, Source(str(path), digest, len(pages)), ex.case,
                                              list(ex.persons), Review(list(ex.review_items))))
        jsonschema.validate(record.to_dict(), SCHEMA)
        records.append(record.to_dict())
    return records


@pytest.mark.slow
def test_text_layer_dossiers_against_synthetic_truth(tmp_path: Path) -> None:
    files = generate(tmp_path, 10, seed=9_172_026)
    report = evaluate(tmp_path, _records(files))
    assert report.dossiers == 10 and report.missing_predictions == 0
    for name in EXTRACTED:
        assert report.fields[name].f1 >= 0.99, (name, report.errors)
    # the age finding also depends on the rules; what is given must never be wrong
    assert report.fields["minor_at_offence"].precision == 1.0
    assert report.confident_wrong_values == 0, report.errors
    assert report.confident_wrong_decisions == 0, report.errors


@pytest.mark.slow
@pytest.mark.parametrize("edge", EDGE_CASES)
def test_every_edge_case_the_generator_makes_is_read_and_decided_as_its_truth(tmp_path: Path, edge: str) -> None:
    """One dossier forced to carry each edge case (an offence on the 18th birthday, a leap-day
    birth, an ID that contradicts the written birth date, a term of exactly 60 months, an appeal
    that changes the sentence…), in a joint case of minors and adults: every value as the truth
    has it, and every decision — a review where the truth holds one, never a confident guess."""
    kind = "conditional" if edge == "conditional_test_period_open" else "joint"
    plan = plan_case(7_031_226, ["d0001"], 0.0, kind=kind, edges=[edge])[0]
    assert plan.edges == [edge]
    (pdf,) = write_plan(plan, tmp_path, text=True)
    report = evaluate(tmp_path, _records([pdf]))
    assert report.confident_wrong_values == 0 and report.confident_wrong_decisions == 0, report.errors
    assert not report.errors, report.errors
    assert all(t == p for (t, p) in report.confusion), report.confusion
