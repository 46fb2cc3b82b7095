"""Scoring against hand labels: the YAML truth of the labelled real judgments
(tests/resources/real-judgments/labels, and the held-out set in labels-held), pairing by file
stem, and the review-queue rates."""
from __future__ import annotations

import copy
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from extractors.evaluate import evaluate, load_truth, predict_file
from flows.cli import main
from flows.commands.eval import REAL_TEXTS as REAL_TEXTS_DEFAULT
from flows.commands.eval import _text_of
from synth.judgment import render_judgment

REAL = Path(__file__).parents[1] / "resources" / "real-judgments"
LABELS = REAL / "labels"            # the development set: texts in the shared corpus
HELD_LABELS = REAL / "labels-held"  # the held-out test set: texts in shared/corpus/held-judgments
REAL_TEXTS = next((p for p in (Path(__file__).parents[3] / "shared" / "corpus" / "real-judgments",) if p.is_dir()),
                  None)   # shared/ lies beside the checkout, as in CI
HELD_TEXTS = next((p for p in REAL_TEXTS_DEFAULT if (p / "held_001.txt").is_file()), None)

LABEL = """\
dossier_id: case_900
text: case_900.txt
persons:
- person_id: p1
  role: defendant
  name: 张某甲
  birth_date: 1998-01-12
  offence_dates: [{start: 2015-02-12, end: 2015-02-12}]
  disposition: {kind: criminal_detention, months: 2, suspended: true, probation_months: 3, final: true}
  minor_at_offence: true
  decision: {outcome: seal, rules: [R2, R9]}
- person_id: p2
  role: defendant
  name: 李某
  birth_date: 1980-05-01
  offence_dates: [{start: 2015-02-12, end: 2015-02-12}]
  disposition: {kind: fixed_term, months: 12, suspended: false, probation_months: null, final: true}
  minor_at_offence: false
  decision: {outcome: not_eligible, rules: [R8]}
- person_id: p3
  role: legal_representative
  name: 张新安
"""


def _predicted(label: dict[str, Any]) -> dict[str, Any]:
    """A record as the pipeline writes it for case_900.scan.pdf (its dossier id is a hash)."""
    persons = copy.deepcopy(label["persons"])
    for p in persons:
        p.setdefault("aliases", [])
    return {"dossier_id": "ef" * 32, "source": {"path": "/scans/case_900.scan.pdf", "sha256": "ef" * 32, "pages": 2},
            "persons": persons, "review": {"required": False, "items": []}}


@pytest.fixture()
def labels(tmp_path: Path) -> Path:
    (tmp_path / "case_900.yaml").write_text(LABEL, "utf-8")
    return tmp_path


def test_yaml_labels_load_with_iso_dates(labels: Path) -> None:
    truth = load_truth(labels)["case_900"]
    assert truth["persons"][0]["birth_date"] == "1998-01-12"
    assert truth["persons"][0]["offence_dates"] == [{"start": "2015-02-12", "end": "2015-02-12"}]


def test_prediction_pairs_by_stem_and_scores_perfect(labels: Path) -> None:
    truth = load_truth(labels)["case_900"]
    report = evaluate(labels, [_predicted(truth)])
    assert report.missing_predictions == 0
    assert all(s.f1 == 1.0 for s in report.fields.values())
    assert report.decisions() == {"right": 2, "review": 0, "wrong": 0, "missing": 0}
    assert (report.defendants, report.adults, report.review_share, report.false_defendants) == (2, 1, 0.0, 0)


def test_review_rates_false_defendants_and_confident_wrong(labels: Path) -> None:
    truth = load_truth(labels)["case_900"]
    pred = _predicted(truth)
    minor, adult, guardian = pred["persons"]
    minor["decision"] = {"outcome": "not_eligible", "rules": ["R8"]}     # a minor's record left unsealed
    minor["minor_at_offence"] = False                                   # … from a wrong value nobody doubted
    adult["decision"] = {"outcome": "review", "rules": ["R8"]}          # a needless review of an adult
    guardian["role"] = "defendant"                                      # the guardian read as a defendant
    guardian["person_id"] = "p3"
    report = evaluate(labels, [pred])
    assert report.decisions() == {"right": 0, "review": 1, "wrong": 1, "missing": 0}
    assert report.confident_wrong_decisions == 1
    assert report.confident_wrong_values == 1
    assert report.false_defendants == 1
    assert (report.review_share, report.adult_review_share) == (0.5, 1.0)
    assert report.to_dict()["decisions"]["wrong"] == 1


def _eighteenth(birth: dt.date) -> dt.date:
    return birth.replace(year=birth.year + 18)   # no label has a 29 February birth


@pytest.mark.parametrize("path", sorted(REAL.glob("labels*/*.yaml")), ids=lambda p: p.stem)
def test_labels_agree_with_the_sealing_rules(path: Path) -> None:
    """Each label of every set is coherent: a minor by birth date has every act on or before the
    18th birthday, an adult none; the outcome follows minority and the decided term — with the
    age left open, review, unless a fixed term above five years excludes sealing whatever the
    age (R7)."""
    label = yaml.safe_load(path.read_text("utf-8"))
    assert label["dossier_id"] == path.stem
    defendants = [p for p in label["persons"] if p["role"] == "defendant"]
    assert defendants
    for p in defendants:
        outcome, minor, d = p["decision"]["outcome"], p["minor_at_offence"], p["disposition"]
        assert d["final"] and d["suspended"] == (d["probation_months"] is not None)
        assert all(o["start"] <= o["end"] for o in p["offence_dates"])
        if p["age_basis"] == "birth_date":
            birthday = _eighteenth(dt.date.fromisoformat(str(p["birth_date"])))
            ends = [dt.date.fromisoformat(str(o["end"])) for o in p["offence_dates"]]
            assert minor == all(e <= birthday for e in ends)
        if minor is None:
            long = d["kind"] == "fixed_term" and d["months"] > 60
            assert outcome == ("not_eligible" if long else "review")
        elif minor:
            short = d["kind"] != "fixed_term" or d["months"] <= 60
            assert outcome == ("seal" if short else "not_eligible")
        else:
            assert outcome == "not_eligible"


def test_held_out_set_names_its_texts_and_sources() -> None:
    """The held-out set is whole: each label loads as a truth record and names a text whose
    source is recorded, with a case number no other label has. Where the texts lie beside the
    checkout (shared/corpus/held-judgments: they are not committed), each is the one
    `fengcun eval --real-set` finds, its case number is the recorded one, and none repeats a
    development judgment's."""
    truth = load_truth(HELD_LABELS)
    assert len(truth) >= 15
    sources = (HELD_LABELS / "SOURCES.md").read_text("utf-8")
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^\| (held_\d{3}\.txt) \|[^|]*\|[^|]*\| (（\d{4}）[^|]+号) \|$",
                                                      sources, re.M)}
    assert sorted(rows) == sorted(label["text"] for label in truth.values())
    assert len(set(rows.values())) == len(rows)
    if HELD_TEXTS is None:
        return
    for stem, label in truth.items():
        text = (HELD_TEXTS / label["text"]).read_text("utf-8")
        assert _text_of(Path(label["text"]).stem, [HELD_TEXTS]) == text
        assert rows[label["text"]] in text, stem
    if REAL_TEXTS is not None:
        development = "".join(t.read_text("utf-8") for t in REAL_TEXTS.glob("case_*.txt"))
        assert not [n for n in rows.values() if n in development]


def test_eval_reads_files_and_pairs_them_with_labels(labels: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """`fengcun eval --files`: a printed judgment is read (text layer), decided and paired by stem."""
    text = ("某某县人民法院 刑事判决书 （2016）某0101刑初1号 公诉机关某某县人民检察院。 "
            "被告人李某，男，1980年5月1日出生。 经审理查明，2015年2月12日，被告人李某盗窃财物。 "
            "判决如下： 被告人李某犯盗窃罪，判处有期徒刑一年。 审判员王某 二〇一六年五月六日")
    pdf, = render_judgment(text, tmp_path / "printed", "case_900", "uming")
    assert main(["eval", "--truth", str(labels), "--files", str(pdf), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["missing_predictions"] == 0
    assert report["fields"]["name"]["tp"] == 1 and report["false_defendants"] == 0


@pytest.mark.slow
@pytest.mark.skipif(REAL_TEXTS is None, reason="shared real-judgment corpus not beside the clone")
def test_a_real_judgment_printed_in_a_song_face_scanned_and_scored(tmp_path: Path) -> None:
    """The whole road of `fengcun eval --real-set --print scan`: a published judgment laid out
    in the court layout in Noto Serif CJK (a face the extractor was never developed on),
    scanned at 300 dpi, OCR'd, extracted, decided and scored against its hand label."""
    assert REAL_TEXTS is not None
    labels = tmp_path / "labels"
    labels.mkdir()
    (labels / "case_013.yaml").write_text((LABELS / "case_013.yaml").read_text("utf-8"), "utf-8")
    scan, = render_judgment((REAL_TEXTS / "case_013.txt").read_text("utf-8"), tmp_path, "case_013",
                            "noto-serif", text_layer=False, scan_dpi=300)
    report = evaluate(labels, [predict_file(scan)])
    assert report.missing_predictions == 0 and report.false_defendants == 0
    assert report.fields["name"].f1 == 1.0
    assert report.fields["disposition.months"].f1 == 1.0
    assert report.confident_wrong_decisions == 0


def test_real_set_command_prints_once_and_scores(labels: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """`fengcun eval --real-set`: each labelled judgment's text is printed into --work (once;
    a second run reuses the file) and scored against its label."""
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "case_900.txt").write_text(
        "某某县人民法院 刑事判决书 （2016）某0101刑初1号 公诉机关某某县人民检察院。 被告人李某，男，1980年5月1日出生。 "
        "经审理查明，2015年2月12日，被告人李某盗窃财物。 判决如下： 被告人李某犯盗窃罪，判处有期徒刑一年。 "
        "审判员王某 二〇一六年五月六日", "utf-8")
    work = tmp_path / "work"
    args = ["eval", "--real-set", "--truth", str(labels), "--texts", str(texts), "--work", str(work),
            "--typeface", "ukai", "--json"]
    assert main(args) == 0
    printed = work / "case_900.pdf"
    first = printed.stat().st_mtime_ns
    assert main(args) == 0
    assert printed.stat().st_mtime_ns == first
    reports = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    assert [r["missing_predictions"] for r in reports] == [0, 0]
    assert reports[0]["fields"]["name"]["tp"] == 1


def test_an_open_item_sends_a_confidently_decided_defendant_to_a_reviewer(labels: Path) -> None:
    """The dossier waits for any open item, so the reviewer's work counts it whatever the decision."""
    truth = load_truth(labels)["case_900"]
    pred = _predicted(truth)
    adult = pred["persons"][1]
    pred["review"]["items"] = [{"person_id": adult["person_id"], "field": "offence_dates", "reason": "low confidence",
                                "status": "open", "item_id": "R1", "raised_by": "extractor"}]
    report = evaluate(labels, [pred])
    assert report.decisions() == {"right": 2, "review": 0, "wrong": 0, "missing": 0}
    assert (report.review_share, report.adult_review_share) == (0.5, 1.0)
    pred["review"]["items"][0]["status"] = "approved"          # answered: no longer anyone's work
    assert evaluate(labels, [pred]).review_share == 0.0


def test_a_wrong_value_the_record_gives_below_the_bar_is_not_a_confident_one(labels: Path) -> None:
    truth = load_truth(labels)["case_900"]
    pred = _predicted(truth)
    adult = pred["persons"][1]
    adult["offence_dates"] = [{"start": "2015-02-01", "end": "2015-02-28", "text": "2015年2月"}]
    report = evaluate(labels, [pred])
    assert report.confident_wrong_values == 1
    adult["evidence"] = [{"field": "offence_dates", "page": 1, "bbox": [0, 0, 1, 1], "text": "2015年2月", "confidence": 0.6}]
    report = evaluate(labels, [pred])
    assert report.confident_wrong_values == 0
    assert any("read below the confidence bar" in e for e in report.errors)
