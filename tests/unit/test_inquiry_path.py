"""The lawful path of an inquiry into a sealed record (CPL art. 286 para. 2; Measures arts. 14-17)."""
from __future__ import annotations

import pytest

from models.inquiries import REQUESTER_KINDS, lawful_path, may_approve_second


def test_a_unit_acting_under_a_statute_gets_the_records_after_a_second_approval() -> None:
    """法律另有规定: such a unit is not answered with a no-record letter like any other unit."""
    statutory, other = lawful_path("statutory_unit"), lawful_path("unit")
    assert (statutory.answer, statutory.second_approval) == ("release", True)
    assert any("第二百八十六条第二款" in c for c in statutory.citations)
    assert (other.answer, other.second_approval) == ("notification", False)
    assert lawful_path("judicial").answer == "release" and not lawful_path("judicial").second_approval
    assert lawful_path("defence_lawyer").answer == "refusal"
    assert set(REQUESTER_KINDS) == {"judicial", "statutory_unit", "unit", "defence_lawyer"}
    with pytest.raises(ValueError, match="requester kind"):
        lawful_path("journalist")


def test_the_second_approval_is_another_account() -> None:
    assert may_approve_second("wang.op", "li.rev")
    assert not may_approve_second("wang.op", "wang.op") and not may_approve_second("wang.op", None)
