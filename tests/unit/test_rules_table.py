"""The lawyer's table (tests/resources/rule_cases.yaml): one case per row, decided by the real rule table."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from models import idnumber
from models.record import Case, Disposition, Document, Evidence, OffenceDate, Person, PriorRecord
from models.rules import effective_disposition, evaluate, load_profile, profile_for_case

CASES = yaml.safe_load((Path(__file__).parents[1] / "resources" / "rule_cases.yaml").read_text("utf-8"))
DEFAULT_BORN = dt.date(2004, 3, 15)
AS_OF = dt.date(2026, 1, 1)


def _id_number(spec: str, born: dt.date | None) -> str:
    if spec == "matches":
        assert born is not None
        return idnumber.make("330102", born, 123)
    if spec == "bad_check":
        assert born is not None
        good = idnumber.make("330102", born, 123)
        return good[:17] + ("0" if good[17] != "0" else "1")
    if spec.startswith("born "):
        return idnumber.make("330102", dt.date.fromisoformat(spec[5:]), 123)
    return spec


def _offence(spec: Any) -> OffenceDate:
    text = str(spec)
    start, _, end = text.partition("..")
    return OffenceDate(dt.date.fromisoformat(start), dt.date.fromisoformat(end or start), text)


def _disposition(spec: dict[str, Any]) -> Disposition:
    spec = {"document_kind": "judgment", **spec}
    return Disposition.from_dict({k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in spec.items()})


def build(row: dict[str, Any]) -> tuple[Person, Case]:
    born = row.get("born", DEFAULT_BORN)
    person = Person("P1", row.get("role", "defendant"), "张某某", birth_date=born,
                    offence_dates=[_offence(o) for o in row.get("offences", [])],
                    stated_age=row.get("stated_age"), stated_age_on=row.get("stated_age_on"),
                    birth_year=row.get("birth_year"),
                    main_conduct=row.get("main_conduct"),
                    charges=row.get("charges", ["盗窃罪"]),
                    court_minor_finding=row.get("court_minor_finding"),
                    first_procedure_date=row.get("first_procedure_date"),
                    recidivist=row.get("recidivist", False),
                    prior_records=[PriorRecord(f"曾因盗窃罪于{day}被判处有期徒刑", kind, day)
                                   for kind, day in row.get("prior_convictions", [])])
    if "id" in row:
        person.id_number = _id_number(str(row["id"]), born)
    if "dispositions" in row:
        person.disposition = effective_disposition(_disposition(d) for d in row["dispositions"])
    elif row.get("disposition") is not None:
        person.disposition = _disposition(row["disposition"])
    person.evidence = [Evidence(f, 1, (0, 0, 10, 10), "…", c) for f, c in row.get("confidence", {}).items()]
    c = row.get("case", {})
    case = Case(case_numbers=c.get("case_numbers", []), court=c.get("court"),
                documents=[Document(k, 1, 1) for k in c.get("documents", ["judgment"])],
                concluded_on=c.get("concluded_on"), province=c.get("province"))
    return person, case


@pytest.mark.parametrize("row", CASES, ids=[f"{i:02d}" for i in range(1, len(CASES) + 1)])
def test_lawyers_table(row: dict[str, Any]) -> None:
    person, case = build(row)
    evaluation = evaluate(person, case, profile_for_case(case), as_of=row.get("as_of", AS_OF))
    decision, expect = evaluation.decision, row["expect"]
    context = f"{row['says']} → {decision.outcome} {decision.rules} {decision.reasons}"
    assert decision.outcome == expect["outcome"], context
    assert list(decision.rules) == expect["rules"], context
    named = {reason.split(":", 1)[0] for reason in decision.reasons}
    for field_name in expect.get("review_of", []):
        assert field_name in named, context
    assert decision.reasons and decision.citations or decision.outcome == "review", context
    for text in expect.get("citations_include", []):
        assert any(text in c for c in decision.citations), context
    for text in expect.get("citations_exclude", []):
        assert not any(text in c for c in decision.citations), context
    for text in expect.get("reasons_include", []):
        assert any(text in r for r in decision.reasons), context


def test_table_is_big_enough_and_every_row_of_every_profile_is_exercised() -> None:
    assert len(CASES) >= 60
    rows_hit: set[str] = set()
    citations: set[str] = set()
    for row in CASES:
        person, case = build(row)
        evaluation = evaluate(person, case, profile_for_case(case), as_of=row.get("as_of", AS_OF))
        assert evaluation.row_id is not None
        rows_hit.add(evaluation.row_id)
        citations.update(evaluation.decision.citations)
    for name in ("national-2022", "zhejiang"):
        profile = load_profile(name)
        assert {r.id for r in profile.eligibility} <= rows_hit
        for row in (*profile.annotations, *profile.restrictions):
            assert set(row.citations) <= citations, row.id
    expected_rules = {r for row in CASES for r in row["expect"]["rules"]}
    assert {f"R{i}" for i in range(1, 10)} <= expected_rules
