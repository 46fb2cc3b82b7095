"""Unsealing (Measures art. 18): a new judgment about the same person, linked by ID number."""
from __future__ import annotations

import datetime as dt

import pytest

from models import idnumber
from models.record import Disposition, OffenceDate, Person
from models.rules import load_profile
from models.unsealing import decide_unsealing

BORN = dt.date(2004, 3, 15)
ID = idnumber.make("330102", BORN, 123)


def sealed() -> Person:
    return Person("P1", "defendant", "测试甲", id_number=ID, birth_date=BORN,
                  offence_dates=[OffenceDate(dt.date(2021, 8, 3), dt.date(2021, 8, 3), "")],
                  disposition=Disposition("fixed_term", 24))


def new(offence: dt.date, disposition: Disposition | None, *, id_number: str | None = ID,
        intentional: bool | None = True) -> Person:
    return Person("P1", "defendant", "测试甲", id_number=id_number,
                  offence_dates=[OffenceDate(offence, offence, "")], disposition=disposition,
                  intentional=intentional)


AS_MINOR, AS_ADULT = dt.date(2021, 12, 1), dt.date(2023, 5, 1)


@pytest.mark.parametrize("says, new_person, kw, outcome, rules", [
    ("新罪在未成年时实施，与封存之罪数罪并罚，决定执行六年 → 解除封存",
     new(AS_MINOR, Disposition("fixed_term", 72)), {"punished_together": True}, "unseal", ("U1",)),
    ("发现未成年时的漏罪，数罪并罚后决定执行无期徒刑 → 解除封存",
     new(dt.date(2021, 5, 1), Disposition("life_imprisonment")), {"punished_together": True}, "unseal", ("U1",)),
    ("新罪在未成年时实施，数罪并罚后决定执行五年（不超过五年）→ 不变",
     new(AS_MINOR, Disposition("fixed_term", 60)), {"punished_together": True}, "no_change", ()),
    ("新罪在未成年时实施，未与封存之罪并罚 → 不变",
     new(AS_MINOR, Disposition("fixed_term", 72)), {"punished_together": False}, "no_change", ()),
    ("新罪在未成年时实施，不知是否并罚 → 审查",
     new(AS_MINOR, Disposition("fixed_term", 72)), {}, "review", ("U1",)),
    ("数罪并罚但刑期缺失 → 审查",
     new(AS_MINOR, Disposition("fixed_term", None)), {"punished_together": True}, "review", ("U1",)),
    ("再审改判有期徒刑七年 → 解除封存",
     new(dt.date(2021, 8, 3), Disposition("fixed_term", 84, document_kind="retrial_judgment")),
     {"retrial": True}, "unseal", ("U2",)),
    ("再审改判有期徒刑四年 → 不变",
     new(dt.date(2021, 8, 3), Disposition("fixed_term", 48, document_kind="retrial_judgment")),
     {"retrial": True}, "no_change", ()),
    ("成年后故意犯罪，判处三年 → 不解除封存，但载明前科",
     new(AS_ADULT, Disposition("fixed_term", 36)), {}, "keep_sealed_state_prior_record", ("U3",)),
    ("成年后故意犯罪，判处十年（超过五年也不解除）",
     new(AS_ADULT, Disposition("fixed_term", 120)), {"punished_together": True},
     "keep_sealed_state_prior_record", ("U3",)),
    ("成年后过失犯罪 → 不变",
     new(AS_ADULT, Disposition("fixed_term", 12), intentional=False), {}, "no_change", ()),
    ("成年后犯罪，不知是否故意 → 审查",
     new(AS_ADULT, Disposition("fixed_term", 12), intentional=None), {}, "review", ("U3",)),
    ("18周岁生日当天实施的新罪仍是未成年时实施",
     new(dt.date(2022, 3, 15), Disposition("fixed_term", 72)), {"punished_together": True}, "unseal", ("U1",)),
    ("新文书没有身份证号码 → 无法关联，审查",
     new(AS_ADULT, Disposition("fixed_term", 36), id_number=None), {}, "review", ()),
    ("新文书身份证号码校验码错误 → 审查",
     new(AS_ADULT, Disposition("fixed_term", 36), id_number=ID[:17] + ("1" if ID[17] != "1" else "2")),
     {}, "review", ()),
    ("新文书是另一个人（号码不同）→ 不变",
     new(AS_ADULT, Disposition("fixed_term", 36), id_number=idnumber.make("330102", BORN, 125)),
     {}, "no_change", ()),
    ("新文书没有生效处理结果 → 审查",
     new(AS_ADULT, None), {}, "review", ()),
])
def test_unsealing(says: str, new_person: Person, kw: dict, outcome: str, rules: tuple[str, ...]) -> None:
    decision = decide_unsealing(sealed(), new_person, **kw)
    assert (decision.outcome, decision.rules) == (outcome, rules), says
    assert decision.reasons and decision.citations
    assert all("第十八条" in c for c in decision.citations)


def test_a_15_digit_id_links_to_its_18_digit_form() -> None:
    born = dt.date(1995, 6, 1)
    old = Person("P1", "defendant", "测试甲", id_number="330102950601123", birth_date=born)
    long_form = idnumber.make("330102", born, 123)
    later = new(dt.date(2012, 1, 1), Disposition("fixed_term", 72), id_number=long_form)
    assert decide_unsealing(old, later, punished_together=True).outcome == "unseal"


def test_new_offence_across_the_18th_birthday_goes_to_review() -> None:
    straddling = new(AS_MINOR, Disposition("fixed_term", 72))
    straddling.offence_dates = [OffenceDate(dt.date(2022, 1, 1), dt.date(2022, 6, 1), "")]
    decision = decide_unsealing(sealed(), straddling, punished_together=True)
    assert decision.outcome == "review"


def test_zhejiang_uses_the_same_unsealing_rows() -> None:
    decision = decide_unsealing(sealed(), new(AS_MINOR, Disposition("fixed_term", 72)),
                                punished_together=True, profile=load_profile("zhejiang"))
    assert decision.outcome == "unseal"


def test_a_retrial_to_exactly_five_years_is_left_to_a_reviewer() -> None:
    """Measures art. 18 item 3 unseals on 改判五年有期徒刑以上 ("以上" includes five years,
    Criminal Law art. 99), while art. 4 seals a five-year term: the texts collide at exactly
    60 months, so neither unseal nor keep is decided; above 60 unseals, below keeps."""
    def retried(months: int) -> str:
        return decide_unsealing(sealed(), new(dt.date(2021, 8, 3), Disposition(
            "fixed_term", months, document_kind="retrial_judgment")), retrial=True).outcome

    assert (retried(59), retried(60), retried(61)) == ("no_change", "review", "unseal")
    u2 = next(r for r in load_profile("national-2022").unsealing if r.id == "U2")
    assert "超过五年" in u2.reason_zh and "以上" not in u2.reason_zh   # text and logic agree
