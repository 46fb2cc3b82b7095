"""The decision record keeps to shared/contracts/ exactly."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest

from models.record import (
    Case, Decision, DecisionRecord, Disposition, Document, Evidence, OffenceDate, Person, Source,
)

HERE = Path(__file__).resolve().parent
SCHEMA = json.loads((HERE.parent / "resources" / "contract" / "decision-record.schema.json").read_text())
SHARED = HERE.parents[2] / "shared" / "contracts" / "decision-record.schema.json"


def sample_record() -> DecisionRecord:
    minor = Person(
        person_id="P1", role="defendant", name="测试甲", aliases=["小甲"],
        id_number="330102200403151235", birth_date=dt.date(2004, 3, 15),
        offence_dates=[OffenceDate(dt.date(2021, 8, 1), dt.date(2021, 8, 31), "2021年8月")],
        minor_at_offence=True,
        disposition=Disposition("fixed_term", 18, True, 24, True),
        decision=Decision("seal", ("R1",), ("under 18, 18 months",), ("CPL 286",)),
        evidence=[Evidence("birth_date", 1, (10.0, 20.0, 90.0, 32.0), "2004年3月15日", 0.98)],
    )
    record = DecisionRecord(
        dossier_id="a" * 64, source=Source("archive/d0001.pdf", "a" * 64, 3),
        case=Case(["（2021）浙0102刑初123号"], "浙江省杭州市上城区人民法院",
                  [Document("judgment", 1, 3)], False),
        persons=[minor],
    )
    record.review.add("P1", "offence_dates", "offence period too vague")
    return record


def test_record_validates_against_the_contract_schema():
    jsonschema.validate(sample_record().to_dict(), SCHEMA)


def test_record_round_trips_through_json():
    record = sample_record()
    again = DecisionRecord.from_dict(json.loads(json.dumps(record.to_dict(), ensure_ascii=False)))
    assert again.to_dict() == record.to_dict()
    assert again.review.required is True


def test_person_repr_never_shows_personal_data():
    person = sample_record().persons[0]
    assert "测试甲" not in repr(person) and "3301" not in repr(person) and "2004" not in str(person)


def test_vendored_schema_is_the_shared_one():
    if not SHARED.exists():
        pytest.skip("../shared/contracts is not beside this checkout")
    assert json.loads(SHARED.read_text()) == SCHEMA
