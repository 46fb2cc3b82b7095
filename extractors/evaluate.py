"""Measuring predicted decision records against truth records.

Per field: precision, recall and F1 over the defendants (persons matched by
name, alias or ID number). Per decision: the confusion matrix of truth outcome
× predicted outcome. And the number that matters most: confident-wrong values
(a wrong value with no review item for that person and field) and
confident-wrong decisions (a "seal" or "not_eligible" that the truth does not
share). Beside them the two rates a review queue lives by: the share of
defendants, and of adults, whose decision went to review. The report names
dossiers by id prefix and persons by person_id only: an evaluation log must not
become a list of minors' names.

Truth records are the generator's JSON files or hand labels in YAML (the
labelled real judgments, tests/resources/real-judgments/labels/); a prediction
is paired with its truth by dossier id or, failing that, by file stem
(case_001.scan.pdf ↔ case_001), so records made from a re-rendered file score
against the same labels. docs/evaluation.md says which set serves what.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from models.errors import InputFileError
from models.rules.table import NATIONAL, load_profile

FIELDS = ("name", "birth_date", "id_number", "offence_dates", "disposition.kind", "disposition.months",
          "disposition.probation_months", "minor_at_offence")
OUTCOMES = ("seal", "not_eligible", "review")
DEFENDANT_ROLES = ("defendant", "suspect")
# the review item that covers a doubtful value of each field
REVIEW_FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("name",), "birth_date": ("birth_date",), "id_number": ("id_number", "birth_date"),
    "offence_dates": ("offence_dates",), "disposition.kind": ("disposition",),
    "disposition.months": ("disposition",), "disposition.probation_months": ("disposition",),
    # main_conduct: acts on both sides of the 18th birthday, and the file does not say which were the main ones
    "minor_at_offence": ("minor_at_offence", "birth_date", "offence_dates", "id_number", "main_conduct"),
}


@dataclass
class FieldScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    dossiers: int = 0
    missing_predictions: int = 0
    fields: dict[str, FieldScore] = field(default_factory=lambda: {f: FieldScore() for f in FIELDS})
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)   # (truth, predicted) → count
    confident_wrong_values: int = 0
    # of those, offence dates whose span (earliest start to latest end) covers the truth's:
    # extra dates widen the span, which can send an age decision to review but cannot by the
    # dates alone turn it confidently wrong; the rest can
    confident_wrong_covering: int = 0
    confident_wrong_decisions: int = 0
    # truth defendants with no prediction while the record asks a reviewer nothing about the
    # file as a whole or about a person the truth does not know: lost without a word (a role
    # word or a name OCR garbled)
    silent_misses: int = 0
    # predicted defendants the truth does not have (a guardian, a victim, a co-offender tried elsewhere)
    false_defendants: int = 0
    defendants: int = 0              # truth defendants
    adults: int = 0                  # truth defendants 18 or older at the offence
    reviewed_defendants: int = 0     # truth defendants a reviewer must look at: decision review, or an open item
    reviewed_adults: int = 0
    errors: list[str] = field(default_factory=list)   # "dossier-prefix person_id field: kind" (no values)

    def decisions(self) -> dict[str, int]:
        """Per truth defendant: right (the truth's outcome), review (review where the truth
        decides), wrong (a seal or not_eligible the truth does not share: confident and
        wrong), missing (no predicted defendant, or one without a decision)."""
        out = {"right": 0, "review": 0, "wrong": 0, "missing": 0}
        for (t, p), n in self.confusion.items():
            key = "right" if p == t else "review" if p == "review" else "wrong" if p in OUTCOMES else "missing"
            out[key] += n
        return out

    @property
    def review_share(self) -> float:
        return self.reviewed_defendants / self.defendants if self.defendants else 0.0

    @property
    def adult_review_share(self) -> float:
        return self.reviewed_adults / self.adults if self.adults else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "dossiers": self.dossiers, "missing_predictions": self.missing_predictions,
            "fields": {k: {"tp": v.tp, "fp": v.fp, "fn": v.fn, "precision": round(v.precision, 4),
                           "recall": round(v.recall, 4), "f1": round(v.f1, 4)} for k, v in self.fields.items()},
            "confusion": {f"{t}->{p}": n for (t, p), n in sorted(self.confusion.items())},
            "confident_wrong_values": self.confident_wrong_values,
            "confident_wrong_covering": self.confident_wrong_covering,
            "confident_wrong_decisions": self.confident_wrong_decisions,
            "silent_misses": self.silent_misses,
            "false_defendants": self.false_defendants,
            "decisions": self.decisions(),
            "defendants": self.defendants, "adults": self.adults,
            "review_share": round(self.review_share, 4), "adult_review_share": round(self.adult_review_share, 4),
            "errors": list(self.errors),
        }


def _plain(value: Any) -> Any:
    """YAML turns an unquoted 2015-02-12 into a date; the records hold ISO strings."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def load_truth(truth_dir: Path | str) -> dict[str, dict[str, Any]]:
    """Truth records by dossier id, from DIR/truth/*.json (the generator's layout), DIR/*.json,
    or hand labels DIR/*.yaml (the same keys; see tests/resources/real-judgments/README.md)."""
    root = Path(truth_dir)
    folder = root / "truth" if (root / "truth").is_dir() else root
    out: dict[str, dict[str, Any]] = {}
    for path in sorted([*folder.glob("*.json"), *folder.glob("*.yaml")]):
        try:
            text = path.read_text("utf-8")
            record = _plain(json.loads(text) if path.suffix == ".json" else yaml.safe_load(text))
            out[record["dossier_id"]] = record
        except (OSError, ValueError, yaml.YAMLError, TypeError, KeyError) as exc:
            raise InputFileError(str(path), f"not a readable truth record ({type(exc).__name__})") from None
    return out


def file_stem(path: str) -> str:
    """case_001.scan.pdf, case_001.pdf, truth/case_001.json → case_001."""
    return Path(path).name.split(".", 1)[0]


def read_predictions(path: Path | str) -> list[dict[str, Any]]:
    """Decision records, one JSON object per line (the output of `fengcun export --format jsonl`)."""
    try:
        lines = Path(path).read_text("utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]
    except (OSError, ValueError) as exc:
        raise InputFileError(str(path), f"not a JSONL file of decision records ({type(exc).__name__})") from None


def _value(person: dict[str, Any] | None, name: str) -> Any:
    if person is None:
        return None
    if name.startswith("disposition."):
        d = person.get("disposition")
        return d.get(name.split(".", 1)[1]) if d else None
    if name == "offence_dates":
        return {(o["start"], o["end"]) for o in person.get("offence_dates", [])} or None
    return person.get(name)


def _covers(predicted: set[tuple[str, str]] | None, truth: set[tuple[str, str]] | None) -> bool:
    """The predicted offence dates span from no later than the truth's first day to no
    earlier than its last (ISO dates compare as strings)."""
    if not predicted or not truth:
        return False
    return min(s for s, _ in predicted) <= min(s for s, _ in truth) and \
        max(e for _, e in predicted) >= max(e for _, e in truth)


def _forms(person: dict[str, Any]) -> set[str]:
    return {person["name"], *person.get("aliases", [])}


def predict_file(path: Path | str, engine: str | None = None, dpi: int = 300) -> dict[str, Any]:
    """The decision record the pipeline makes of one file, without a store: its pages (text
    layer, or OCR for a scan) → extraction → the rule table the case's court calls for.
    `engine` None: the pipeline's default OCR engine."""
    from extractors.nlp import extract
    from extractors.ocr import DEFAULT_ENGINE
    from extractors.pages import read_pages
    from extractors.text import DossierText
    from models.record import DecisionRecord, Review, Source
    from models.rules import decide_record

    path = Path(path)
    pages = read_pages(path, engine or DEFAULT_ENGINE, dpi=dpi)
    extraction = extract(DossierText(pages))
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    record = decide_record(DecisionRecord(sha, Source(path.name, sha, len(pages)), extraction.case,
                                          list(extraction.persons), Review(list(extraction.review_items))))
    # as flows.pipeline.redecide: a file with no defendant is a question for the reviewer
    if not any(p.decision for p in record.persons) and \
            not any(i.person_id is None and i.field == "persons" for i in record.review.items):
        record.review.add(None, "persons", "no defendant or suspect was found in the file")
    return record.to_dict()


def _read_unsure(person: dict[str, Any], name: str) -> bool:
    """Whether the record gives the evidence of a field below the national profile's confidence bar."""
    field_name = name.split(".")[0]
    values = [e["confidence"] for e in person.get("evidence", []) if e.get("field") == field_name]
    return bool(values) and min(values) < load_profile(NATIONAL).confidence_threshold


def match_persons(truth: list[dict[str, Any]], predicted: list[dict[str, Any]]) -> list[tuple[dict | None, dict | None]]:
    """Pairs (truth, predicted): by ID number first, then by name or alias; leftovers unpaired."""
    pairs: list[tuple[dict | None, dict | None]] = []
    free = list(predicted)
    for t in truth:
        match = next((p for p in free if t.get("id_number") and p.get("id_number") == t["id_number"]), None)
        if match is None:
            match = next((p for p in free if p["name"] == t["name"]), None) or \
                next((p for p in free if _forms(p) & _forms(t)), None)
        if match is not None:
            free.remove(match)
        pairs.append((t, match))
    pairs += [(None, p) for p in free]
    return pairs


def _score(report: Report, name: str, truth_value: Any, predicted: Any) -> str:
    """Adds one comparison; "wrong" when the prediction holds a value the truth does not,
    "missing" when it lacks one the truth has, else "ok"."""
    s = report.fields[name]
    if name == "offence_dates":
        t, p = truth_value or set(), predicted or set()
        s.tp += len(t & p)
        s.fp += len(p - t)
        s.fn += len(t - p)
        return "wrong" if p - t else "missing" if t - p else "ok"
    if truth_value is not None and predicted == truth_value:
        s.tp += 1
        return "ok"
    if predicted is not None:
        s.fp += 1
    if truth_value is not None:
        s.fn += 1
    return "wrong" if predicted is not None else "missing" if truth_value is not None else "ok"


def evaluate(truth_dir: Path | str, records: Iterable[dict[str, Any]]) -> Report:
    """Scores predicted records (contract dicts) against the truth records in truth_dir."""
    truth = load_truth(truth_dir)
    predicted: dict[str, dict[str, Any]] = {}
    for r in records:
        predicted[r["dossier_id"]] = r
        if r.get("source", {}).get("path"):
            predicted.setdefault(file_stem(r["source"]["path"]), r)
    report = Report(dossiers=len(truth))
    for dossier_id, t_record in sorted(truth.items()):
        stems = [file_stem(t_record.get("source", {}).get("path") or dossier_id)]
        p_record = next((predicted[k] for k in (dossier_id, *stems) if k in predicted), None)
        if p_record is None:
            report.missing_predictions += 1
            p_record = {"persons": [], "review": {"items": []}}
        _score_record(report, dossier_id, t_record, p_record)
    return report


def _score_record(report: Report, dossier_id: str, t_record: dict[str, Any], p_record: dict[str, Any]) -> None:
    t_people = [p for p in t_record["persons"] if p["role"] in DEFENDANT_ROLES]
    p_people = [p for p in p_record["persons"] if p["role"] in DEFENDANT_ROLES]
    reviewed: dict[str, set[str]] = defaultdict(set)
    waiting: set[str] = set()   # persons an open item asks about; "" for the whole file
    for item in p_record.get("review", {}).get("items", []):
        reviewed[item.get("person_id") or ""].add(item["field"])
        if item.get("status", "open") == "open":
            waiting.add(item.get("person_id") or "")
    pairs = match_persons(t_people, p_people)
    unmatched = {p["person_id"] for t, p in pairs if t is None and p is not None}
    for t, p in pairs:
        pid = p["person_id"] if p else "-"
        for name in FIELDS:
            outcome = _score(report, name, _value(t, name), _value(p, name))
            doubted = bool(reviewed[pid] & set(REVIEW_FIELDS[name]))
            if outcome == "wrong" and t is not None and p is not None:
                covering = name == "offence_dates" and _covers(_value(p, name), _value(t, name))
                # a value the record itself gives below the confidence bar is not a confident one,
                # though no item asks about it (a doubt that cannot move the decision asks nothing)
                unsure = not doubted and _read_unsure(p, name)
                doubted = doubted or unsure
                kind = "read below the confidence bar" if unsure else "reviewed" if doubted \
                    else "CONFIDENT, covers the truth's span" if covering else "CONFIDENT"
                report.errors.append(f"{dossier_id[:12]} {pid} {name}: {kind}")
                if not doubted:
                    report.confident_wrong_values += 1
                    report.confident_wrong_covering += covering
            elif outcome == "wrong":
                report.errors.append(f"{dossier_id[:12]} {pid} {name}: not a defendant in the truth")
            elif outcome == "missing":
                report.errors.append(f"{dossier_id[:12]} {pid} {name}: missing{' (reviewed)' if doubted else ''}")
        if t is None:
            report.false_defendants += 1
            continue
        if p is None and not reviewed[""] and not any(reviewed[u] for u in unmatched):
            report.silent_misses += 1
            report.errors.append(f"{dossier_id[:12]} - defendant: MISSED, no review item")
        t_out = (t.get("decision") or {}).get("outcome", "none")
        p_out = ((p or {}).get("decision") or {}).get("outcome", "none") if p else "missing"
        report.confusion[(t_out, p_out)] += 1
        adult = t.get("minor_at_offence") is False
        report.defendants += 1
        report.adults += adult
        # a reviewer's work: the decision waits, or the file holds an open question about the
        # person or the whole file (the dossier waits for it whatever the decision says)
        if p_out == "review" or (p is not None and p["person_id"] in waiting) or "" in waiting:
            report.reviewed_defendants += 1
            report.reviewed_adults += adult
        if p_out in ("seal", "not_eligible") and p_out != t_out:
            report.confident_wrong_decisions += 1
            report.errors.append(f"{dossier_id[:12]} {pid} decision: CONFIDENT {p_out} (truth {t_out})")


def format_report(report: Report, show: Callable[[str], None] = print) -> None:
    show(f"dossiers: {report.dossiers}  (no prediction: {report.missing_predictions})")
    show(f"{'field':<30}{'precision':>10}{'recall':>10}{'F1':>10}{'tp':>7}{'fp':>6}{'fn':>6}")
    for name, s in report.fields.items():
        show(f"{name:<30}{s.precision:>10.4f}{s.recall:>10.4f}{s.f1:>10.4f}{s.tp:>7}{s.fp:>6}{s.fn:>6}")
    predicted = sorted({p for _, p in report.confusion} | set(OUTCOMES), key=lambda x: (x not in OUTCOMES, x))
    show("decisions (rows: truth, columns: predicted)")
    show(f"{'':<14}" + "".join(f"{p:>14}" for p in predicted))
    for t in sorted({t for t, _ in report.confusion} | set(OUTCOMES), key=lambda x: (x not in OUTCOMES, x)):
        show(f"{t:<14}" + "".join(f"{report.confusion.get((t, p), 0):>14}" for p in predicted))
    show(f"confident-wrong values: {report.confident_wrong_values}"
         f"  (offence dates covering the truth's span: {report.confident_wrong_covering})")
    show(f"confident-wrong decisions: {report.confident_wrong_decisions}")
    show(f"defendants missed with no review item: {report.silent_misses}")
    show(f"predicted defendants the truth does not have: {report.false_defendants}")
    d = report.decisions()
    show(f"decisions: right {d['right']}  review {d['review']}  wrong {d['wrong']}  missing {d['missing']}"
         f"  (of {report.defendants} defendants)")
    show(f"sent to review: {report.review_share:.1%} of defendants, "
         f"{report.adult_review_share:.1%} of adults ({report.reviewed_adults} of {report.adults})")
