"""What a reviewer may type: corrections are validated before they reach the record."""
from __future__ import annotations

import datetime as dt

import pytest

from models import idnumber
from models.record import ReviewItem
from review.decisions import DISPOSITION_KINDS, ValidationError, can_approve, can_correct, parse_correction

TODAY = dt.date(2026, 11, 23)
VALID_ID = idnumber.make("330102", dt.date(2005, 11, 7), 201)


@pytest.mark.parametrize("field, form, expected", [
    ("birth_date", {"value": "2005-11-07"}, "2005-11-07"),
    ("birth_date", {"value": " 2004-02-29 "}, "2004-02-29"),
    ("id_number", {"value": VALID_ID.lower() if VALID_ID.endswith("X") else f" {VALID_ID} "}, VALID_ID),
    ("offence_dates", {"start": "2021-07-01", "end": "2021-09-30", "text": "2021年7月至9月间"},
     [{"start": "2021-07-01", "end": "2021-09-30", "text": "2021年7月至9月间"}]),
    ("offence_dates", {"start": "2021-08-03"}, [{"start": "2021-08-03", "end": "2021-08-03", "text": ""}]),
    ("main_conduct", {"value": "before_18"}, "before_18"),
    ("minor_at_offence", {"value": "no"}, False),
    ("stated_age", {"value": "17"}, 17),
    ("disposition", {"kind": "fixed_term", "months": "36", "suspended": "on", "probation_months": "48"},
     {"kind": "fixed_term", "months": 36, "suspended": True, "probation_months": 48, "test_period_months": None}),
    ("disposition", {"kind": "conditional_non_prosecution", "test_period_months": "8"},
     {"kind": "conditional_non_prosecution", "months": None, "suspended": False, "probation_months": None,
      "test_period_months": 8}),
])
def test_valid_corrections(field: str, form: dict[str, str], expected: object) -> None:
    assert parse_correction(field, form, TODAY) == expected


@pytest.mark.parametrize("field, form, key", [
    ("birth_date", {"value": "2005-02-30"}, "invalid_date"),
    ("birth_date", {"value": "2005/11/07"}, "invalid_date"),
    ("birth_date", {"value": ""}, "invalid_date"),
    ("birth_date", {"value": "2027-01-01"}, "date_out_of_range"),
    ("birth_date", {"value": "1850-01-01"}, "date_out_of_range"),
    ("id_number", {"value": VALID_ID[:17] + ("0" if VALID_ID[17] != "0" else "1")}, "invalid_id_number"),
    ("id_number", {"value": "33010220051107"}, "invalid_id_number"),
    ("offence_dates", {"start": "2021-09-30", "end": "2021-07-01"}, "invalid_period"),
    ("offence_dates", {"start": "2021-13-01"}, "invalid_date"),
    ("main_conduct", {"value": "sometime"}, "invalid_choice"),
    ("stated_age", {"value": "-3"}, "invalid_number"),
    ("stated_age", {"value": "十七"}, "invalid_number"),
    ("disposition", {"kind": "fixed_term", "months": ""}, "invalid_number"),
    ("disposition", {"kind": "caning"}, "invalid_choice"),
    ("name", {"value": "anything"}, "invalid_choice"),
])
def test_invalid_corrections_say_why(field: str, form: dict[str, str], key: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_correction(field, form, TODAY)
    assert caught.value.key == key


def test_what_can_be_approved_or_corrected() -> None:
    assert not can_approve(ReviewItem("P1", "offence_dates", "missing", value=[]))
    assert can_approve(ReviewItem("P1", "birth_date", "contradicts", value="2005-11-07"))
    assert can_correct(ReviewItem("P1", "birth_date", "contradicts"))
    assert not can_correct(ReviewItem(None, "outputs", "leak check failed"))
    assert not can_correct(ReviewItem("P1", "name", "unclear"))


def test_every_label_the_pages_use_exists_in_both_languages() -> None:
    import re
    from pathlib import Path

    import review
    from services.inquiries import REQUESTER_KINDS
    from review.i18n import LABELS

    package = Path(review.__file__).parent
    used = set()
    for template in (package / "templates").glob("*.html"):
        used |= set(re.findall(r'\bt\(\s*"(\w+)"\s*[,)]', template.read_text()))
    used |= set(re.findall(r'ValidationError\("(\w+)"\)', (package / "decisions.py").read_text()))
    used |= {f"status_{s}" for s in ("open", "approved", "corrected", "rejected")}
    used |= {f"requester_{k}" for k in REQUESTER_KINDS}
    used |= {f"proposed_{o}" for o in ("unseal", "keep_sealed_state_prior_record", "review")}
    used |= {f"outcome_{o}" for o in ("seal", "not_eligible", "review", "none")}
    used |= {"role_defendant", "role_suspect", "role_other"}
    used |= {f"kind_{k}" for k in DISPOSITION_KINDS} | {f"account_{r}" for r in ("reviewer", "auditor", "operator")}
    used |= set(re.findall(r'\bt\(\s*"(\w+)"\s*[,)]', (package / "context.py").read_text()))
    assert len(used) > 40
    missing = sorted(k for k in used if k not in LABELS or not all(LABELS[k]))
    assert not missing
