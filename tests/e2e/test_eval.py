"""`extractors.evaluate` and `fengcun eval`: field scores, decision confusion, confident-wrong counts."""
from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from extractors.evaluate import evaluate, read_predictions
from flows.cli import main
from models.errors import ExitCode

SHA = "ab" * 32


def _person(pid: str, name: str, birth: str, months: int, outcome: str) -> dict[str, Any]:
    return {"person_id": pid, "role": "defendant", "name": name, "aliases": [], "id_number": None,
            "birth_date": birth, "offence_dates": [{"start": "2021-08-03", "end": "2021-08-03", "text": "2021年8月3日"}],
            "minor_at_offence": True,
            "disposition": {"kind": "fixed_term", "months": months, "suspended": False, "probation_months": None,
                            "final": True},
            "decision": {"outcome": outcome, "rules": [], "reasons": [], "citations": []}, "evidence": []}


def _record(persons: list[dict[str, Any]], items: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"dossier_id": SHA, "source": {"path": "d0001.pdf", "sha256": SHA, "pages": 3},
            "case": {"case_numbers": [], "court": None, "documents": [], "split_case": None},
            "persons": persons, "review": {"required": bool(items), "items": items or []},
            "outputs": {"sealed_pdf": None, "redacted_copies": [], "notices": []},
            "pipeline": {"version": "", "rules_version": "", "processed_at": ""}}


@pytest.fixture()
def truth_dir(tmp_path: Path) -> Path:
    (tmp_path / "truth").mkdir()
    truth = _record([_person("P1", "张某某", "2004-03-15", 18, "seal"), _person("P2", "赵某某", "1990-07-01", 72, "not_eligible")])
    (tmp_path / "truth" / "d0001.json").write_text(json.dumps(truth, ensure_ascii=False), "utf-8")
    return tmp_path


def test_perfect_predictions(truth_dir: Path) -> None:
    truth = json.loads((truth_dir / "truth" / "d0001.json").read_text("utf-8"))
    report = evaluate(truth_dir, [truth])
    assert all(s.f1 == 1.0 for s in report.fields.values())
    assert report.confusion[("seal", "seal")] == 1 and report.confusion[("not_eligible", "not_eligible")] == 1
    assert report.confident_wrong_values == report.confident_wrong_decisions == 0


def test_wrong_values_count_as_confident_unless_reviewed(truth_dir: Path) -> None:
    truth = json.loads((truth_dir / "truth" / "d0001.json").read_text("utf-8"))
    pred = copy.deepcopy(truth)
    pred["persons"][0]["birth_date"] = "2003-03-15"            # wrong, nobody asked
    pred["persons"][1]["disposition"]["months"] = 36          # wrong, but a reviewer is asked
    pred["persons"][1]["decision"]["outcome"] = "seal"        # a confident wrong decision
    pred["review"]["items"] = [{"person_id": "P2", "field": "disposition", "reason": "doubt", "status": "open"}]
    report = evaluate(truth_dir, [pred])
    assert report.fields["birth_date"].f1 == pytest.approx(2 * 0.5 * 0.5 / 1.0)
    assert report.confident_wrong_values == 1
    assert report.confident_wrong_decisions == 1
    assert report.confusion[("not_eligible", "seal")] == 1
    assert all("张某某" not in e and "赵某某" not in e for e in report.errors)   # ids, never names


def test_offence_dates_that_cover_the_truths_span_are_counted_apart(truth_dir: Path) -> None:
    """An extra offence date outside the truth's span widens it: wrong, and counted as
    confident-wrong, but apart, because it can send an age decision to review and cannot
    make it confidently wrong; a date that misses the truth's last day is not apart."""
    truth = json.loads((truth_dir / "truth" / "d0001.json").read_text("utf-8"))
    pred = copy.deepcopy(truth)
    pred["persons"][0]["offence_dates"].insert(0, {"start": "2021-08-02", "end": "2021-08-02", "text": "2021年8月2日"})
    pred["persons"][1]["offence_dates"] = [{"start": "2021-08-02", "end": "2021-08-02", "text": "2021年8月2日"}]
    report = evaluate(truth_dir, [pred])
    assert report.confident_wrong_values == 2 and report.confident_wrong_covering == 1
    assert f"{SHA[:12]} P1 offence_dates: CONFIDENT, covers the truth's span" in report.errors
    assert f"{SHA[:12]} P2 offence_dates: CONFIDENT" in report.errors


def test_missing_values_are_listed_with_whether_a_reviewer_was_asked(truth_dir: Path) -> None:
    """Recall is lost to values the extractor left empty; the error list says which, so a
    scanned evaluation can be traced to its causes."""
    truth = json.loads((truth_dir / "truth" / "d0001.json").read_text("utf-8"))
    pred = copy.deepcopy(truth)
    pred["persons"][0]["birth_date"] = None
    pred["persons"][1]["disposition"] = None
    pred["persons"][1]["minor_at_offence"] = None
    pred["review"]["items"] = [{"person_id": "P2", "field": "disposition", "reason": "doubt", "status": "open"},
                               {"person_id": "P2", "field": "main_conduct", "reason": "doubt", "status": "open"}]
    report = evaluate(truth_dir, [pred])
    assert f"{SHA[:12]} P1 birth_date: missing" in report.errors
    assert f"{SHA[:12]} P2 disposition.kind: missing (reviewed)" in report.errors
    assert f"{SHA[:12]} P2 minor_at_offence: missing (reviewed)" in report.errors, \
        "the main-conduct question is a question about minor_at_offence"
    assert report.confident_wrong_values == 0 and report.fields["birth_date"].fn == 1


def test_persons_match_by_alias_and_missing_ones_count(truth_dir: Path) -> None:
    truth = json.loads((truth_dir / "truth" / "d0001.json").read_text("utf-8"))
    pred = copy.deepcopy(truth)
    pred["persons"][0]["name"], pred["persons"][0]["aliases"] = "张小明", ["张某某"]
    del pred["persons"][1]
    report = evaluate(truth_dir, [pred])
    assert report.fields["birth_date"].tp == 1 and report.fields["birth_date"].fn == 1
    assert report.confusion[("not_eligible", "missing")] == 1
    assert evaluate(truth_dir, []).missing_predictions == 1


def test_eval_command(truth_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    truth = (truth_dir / "truth" / "d0001.json").read_text("utf-8")
    predictions = tmp_path / "pred.jsonl"
    predictions.write_text(json.dumps(json.loads(truth), ensure_ascii=False) + "\n", "utf-8")
    assert read_predictions(predictions)[0]["dossier_id"] == SHA
    assert main(["eval", "--truth", str(truth_dir), "--predictions", str(predictions), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["fields"]["disposition.months"]["f1"] == 1.0 and out["confident_wrong_decisions"] == 0
    assert main(["eval", "--truth", str(truth_dir), "--predictions", str(predictions)]) == 0
    assert "confident-wrong decisions: 0" in capsys.readouterr().out


def test_eval_command_bad_input(truth_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", "utf-8")
    assert main(["eval", "--truth", str(truth_dir), "--predictions", str(bad)]) == ExitCode.input_file
    assert "bad.jsonl" in capsys.readouterr().err


def test_a_defendant_lost_without_a_review_item_is_a_silent_miss(truth_dir: Path) -> None:
    truth = json.loads((truth_dir / "truth" / "d0001.json").read_text("utf-8"))
    renamed = copy.deepcopy(truth)
    renamed["persons"][0]["name"] = "张某"                      # name cut short, nobody asked
    report = evaluate(truth_dir, [renamed])
    assert report.silent_misses == 1 and f"{SHA[:12]} - defendant: MISSED, no review item" in report.errors
    renamed["review"]["items"] = [{"person_id": "P1", "field": "name", "reason": "doubt", "status": "open"}]
    assert evaluate(truth_dir, [renamed]).silent_misses == 0
    nobody = copy.deepcopy(truth)
    nobody["persons"] = []
    assert evaluate(truth_dir, [nobody]).silent_misses == 2
    nobody["review"]["items"] = [{"person_id": None, "field": "name", "reason": "no defendant", "status": "open"}]
    assert evaluate(truth_dir, [nobody]).silent_misses == 0
