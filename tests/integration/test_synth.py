"""The synthetic archive checked against its own documents: real PDFs read back with pdfplumber."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import jsonschema
import pdfplumber
import pytest

import synth
from synth import truth_path
from flows.cli import main
from models import idnumber
from models.record import DecisionRecord, DispositionKind
from synth.archive import write_plan
from synth.expected import eighteenth_birthday
from synth.plan import EDGE_CASES, plan_case

SCHEMA = json.loads(Path("/work/shared/contracts/decision-record.schema.json").read_text(encoding="utf-8"))
DATA_FIELDS = ("addresses", "schools", "guardians", "phones")


def _lines(pdf_path: Path) -> list[str]:
    with pdfplumber.open(pdf_path) as pdf:
        return [line for page in pdf.pages for line in (page.extract_text() or "").splitlines()]


def _truth(file: Path) -> dict:
    return json.loads(synth.truth_path(file).read_text(encoding="utf-8"))


def _single(tmp_path: Path, edges: list[str], kind: str = "single_minor", seed: int = 1) -> tuple[Path, dict]:
    plan = plan_case(seed, ["d0001"], 0.0, kind=kind, edges=edges)[0]   # type: ignore[arg-type]
    pdf = write_plan(plan, tmp_path)[0]
    return pdf, _truth(pdf)


def _defendant(truth: dict) -> dict:
    return next(p for p in truth["persons"] if p["role"] in ("defendant", "suspect") and p["person_id"] == "P1")


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return synth.generate(tmp_path_factory.mktemp("archive"), 24, seed=11, defects_rate=0.6)


def test_truth_validates_and_every_value_is_printed(archive: list[Path]) -> None:
    assert [p.name for p in archive] == [f"d{i:04d}.pdf" for i in range(1, 25)]
    for pdf in archive:
        truth = _truth(pdf)
        jsonschema.validate(truth, SCHEMA)
        DecisionRecord.from_dict(truth)   # the project's own types load it
        data = pdf.read_bytes()
        assert truth["dossier_id"] == truth["source"]["sha256"] == hashlib.sha256(data).hexdigest()
        lines = _lines(pdf)
        text = "".join(lines)
        with pdfplumber.open(pdf) as doc:
            assert truth["source"]["pages"] == len(doc.pages)
        for document in truth["case"]["documents"]:
            assert 1 <= document["first_page"] <= document["last_page"] <= truth["source"]["pages"]
        for number in truth["case"]["case_numbers"]:
            assert number in text
        for person in truth["persons"]:
            values = [person["name"], person["id_number"], *person["aliases"],
                      *(v for f in DATA_FIELDS for v in person["identifiers"][f]),
                      *(o["text"] for o in person["offence_dates"])]
            for value in values:
                if value:
                    assert value in text, f"{pdf.name} {person['person_id']} {person['role']}"
        for official in truth["officials"]:
            assert official["name"] in text and official["role"] in ("judge", "clerk", "prosecutor")
        for person in truth["persons"]:
            if person["role"] == "other":   # tried separately: never called a defendant of this file
                assert f"被告人{person['name']}" not in text.replace("原审被告人", "")


def test_ids_and_birth_dates_agree_except_deliberate_defects(archive: list[Path]) -> None:
    valid = 0
    for pdf in archive:
        truth = _truth(pdf)
        for person in truth["persons"]:
            number = person["id_number"]
            if not number:
                continue
            fields = {(i["person_id"], i["field"]) for i in truth["review"]["items"]}
            if (person["person_id"], "id_number") in fields:
                assert not idnumber.is_valid(number)
                continue
            assert idnumber.is_valid(number)
            valid += 1
            if person["birth_date"] is None:
                continue
            if (person["person_id"], "birth_date") in fields and "id_contradicts_birth_date" in truth["edge_cases"]:
                assert idnumber.birth_date(number).isoformat() != person["birth_date"]
                continue
            assert idnumber.birth_date(number).isoformat() == person["birth_date"]
    assert valid > 20


def test_every_decided_defendant_has_a_decision_and_reviews_are_listed(archive: list[Path]) -> None:
    outcomes: set[str] = set()
    for pdf in archive:
        truth = _truth(pdf)
        review_people = {i["person_id"] for i in truth["review"]["items"]}
        assert truth["review"]["required"] == bool(review_people)
        for person in truth["persons"]:
            if person["role"] in ("defendant", "suspect"):
                assert person["decision"] and person["disposition"] and person["disposition"]["final"]
                outcomes.add(person["decision"]["outcome"])
                assert (person["decision"]["outcome"] == "review") == (person["person_id"] in review_people)
            else:
                assert person["decision"] is None and person["disposition"] is None
    assert outcomes == {"seal", "not_eligible", "review"}


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    first = synth.generate(tmp_path / "a", 3, seed=5, defects_rate=0.5)
    second = synth.generate(tmp_path / "b", 3, seed=5, defects_rate=0.5)
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()
        assert synth.truth_path(a).read_bytes() == synth.truth_path(b).read_bytes()
    other = synth.generate(tmp_path / "c", 3, seed=6, defects_rate=0.5)
    assert other[0].read_bytes() != first[0].read_bytes()


def test_offence_on_18th_birthday_is_a_minor(tmp_path: Path) -> None:
    pdf, truth = _single(tmp_path, ["offence_on_18th_birthday"])
    p = _defendant(truth)
    born = dt.date.fromisoformat(p["birth_date"])
    offence = p["offence_dates"][-1]
    assert offence["start"] == offence["end"] == eighteenth_birthday(born).isoformat()
    assert p["minor_at_offence"] is True
    assert p["decision"]["outcome"] in ("seal", "not_eligible") and "R8" not in p["decision"]["rules"]


def test_offence_the_day_after_is_an_adult(tmp_path: Path) -> None:
    pdf, truth = _single(tmp_path, ["offence_day_after_18th_birthday"])
    p = _defendant(truth)
    born = dt.date.fromisoformat(p["birth_date"])
    offence = dt.date.fromisoformat(p["offence_dates"][-1]["start"])
    assert offence == eighteenth_birthday(born) + dt.timedelta(days=1)
    assert p["minor_at_offence"] is False
    assert p["decision"]["outcome"] == "not_eligible" and p["decision"]["rules"] == ["R8"]


def test_sixty_months_seal_sixty_one_not(tmp_path: Path) -> None:
    pdf, truth = _single(tmp_path / "a", ["term_exactly_60_months"])
    p = _defendant(truth)
    assert p["disposition"]["months"] == 60 and "有期徒刑五年" in "".join(_lines(pdf))
    assert p["decision"]["outcome"] == "seal" and "R1" in p["decision"]["rules"]
    pdf, truth = _single(tmp_path / "b", ["term_over_60_months"])
    p = _defendant(truth)
    assert p["disposition"]["months"] > 60
    assert p["decision"]["outcome"] == "not_eligible" and p["decision"]["rules"][0] == "R7"


def test_probation_is_not_the_term(tmp_path: Path) -> None:
    pdf, truth = _single(tmp_path, ["probation_longer_than_term"])
    d = _defendant(truth)["disposition"]
    assert d["suspended"] and d["probation_months"] > d["months"]
    assert "缓" in "".join(_lines(pdf))


def test_combined_sentence_uses_the_term_decided_for_execution(tmp_path: Path) -> None:
    pdf, truth = _single(tmp_path, ["combined_counts_over_60"])
    p = _defendant(truth)
    assert p["disposition"]["months"] <= 60 and "决定执行" in "".join(_lines(pdf))
    assert p["decision"]["outcome"] == "seal" and {"R1", "R6"} <= set(p["decision"]["rules"])


def test_id_really_wraps_to_the_next_line(tmp_path: Path) -> None:
    pdf, truth = _single(tmp_path, ["id_broken_across_lines"])
    number = _defendant(truth)["id_number"]
    lines = _lines(pdf)
    assert not any(number in line for line in lines)
    assert any(line.endswith(number[:k]) and nxt.startswith(number[k:])
               for line, nxt in zip(lines, lines[1:]) for k in range(1, 18))


@pytest.mark.parametrize(("edge", "field", "kind"), [
    ("id_contradicts_birth_date", "birth_date", "single_minor"), ("bad_id_check_digit", "id_number", "joint"),
    ("age_without_birth_date", "birth_date", "non_prosecution"),
    ("vague_date_straddles_18th_birthday", "offence_dates", "joint"),
    ("straddle_main_unstated", "main_conduct", "single_minor"),
    ("conditional_test_period_open", "disposition", "conditional"),
])
def test_ambiguous_files_expect_review(tmp_path: Path, edge: str, field: str, kind: str) -> None:
    _, truth = _single(tmp_path, [edge], kind=kind)
    p = _defendant(truth)
    assert p["decision"]["outcome"] == "review"
    assert any(i["person_id"] == "P1" and i["field"] == field for i in truth["review"]["items"])
    assert truth["edge_cases"] == [edge]
    if edge == "age_without_birth_date":
        assert p["birth_date"] is None and p["id_number"] is None and 14 <= p["stated_age"] <= 17
    if edge == "conditional_test_period_open":
        assert truth["case"]["documents"][-1]["kind"] == "conditional_non_prosecution_decision"


@pytest.mark.parametrize("seed", range(6))
def test_a_leap_day_birth_is_open_only_on_1_march(tmp_path: Path, seed: int) -> None:
    """Born 29 February: an offence on 28 February of the 18th year is a minor's and one on
    2 March an adult's under either reading of the birthday; 1 March alone goes to review."""
    plan = plan_case(seed, ["d0001"], 0.0, kind="single_minor", edges=["leap_day_birth"])[0]
    (pdf,) = write_plan(plan, tmp_path, text=True)
    p = _defendant(json.loads(truth_path(pdf).read_text("utf-8")))
    (offence,) = p["offence_dates"]
    month_day = offence["start"][5:]
    assert p["birth_date"][5:] == "02-29" and month_day in ("02-28", "03-01", "03-02")
    expected = {"02-28": "seal", "03-01": "review", "03-02": "not_eligible"}[month_day]
    assert p["decision"]["outcome"] == expected or (expected == "seal" and p["decision"]["outcome"] == "not_eligible"
                                                    and "R7" in p["decision"]["rules"])


def test_straddling_periods_follow_the_main_conduct(tmp_path: Path) -> None:
    _, truth = _single(tmp_path / "a", ["straddle_main_before_18", "term_exactly_60_months"])
    p = _defendant(truth)
    assert p["main_conduct"] == "before_18" and p["decision"]["outcome"] == "seal"
    assert p["decision"]["rules"][:2] == ["R4", "R1"]
    _, truth = _single(tmp_path / "b", ["straddle_main_after_18"])
    p = _defendant(truth)
    assert p["main_conduct"] == "after_18"
    assert p["decision"]["outcome"] == "not_eligible" and p["decision"]["rules"] == ["R5"]


def test_appeal_replaces_the_first_instance(tmp_path: Path) -> None:
    _, truth = _single(tmp_path, ["appeal_changes_sentence"])
    p = _defendant(truth)
    kinds = [d["kind"] for d in truth["case"]["documents"]]
    assert "appeal_judgment" in kinds and p["disposition"]["document_kind"] == "appeal_judgment"
    assert any("刑终" in n for n in truth["case"]["case_numbers"])


def test_split_case_names_the_minor_in_the_adults_file(tmp_path: Path) -> None:
    for seed in range(1, 40):
        plans = plan_case(seed, ["d0001", "d0002"], 0.0, kind="split")
        if len(plans) == 2:
            break
    files = [write_plan(plan, tmp_path)[0] for plan in plans]
    minors_file, adults_file = (_truth(f) for f in files)
    assert minors_file["synth"]["split_side"] == "minor" and adults_file["synth"]["split_side"] == "adult"
    assert minors_file["case"]["split_case"] is adults_file["case"]["split_case"] is True
    separate = [p for p in adults_file["persons"] if p["role"] == "other" and p["minor_at_offence"]]
    assert separate and all(p["tried_separately"] and p["decision"] is None for p in separate)
    text = "".join(_lines(files[1]))
    for p in separate:
        assert p["name"] in text and "另案处理" in text


def test_non_prosecution_and_conditional(tmp_path: Path) -> None:
    _, truth = _single(tmp_path / "a", [], kind="non_prosecution")
    p = _defendant(truth)
    assert p["role"] == "suspect" and p["disposition"]["kind"] == "non_prosecution"
    assert p["decision"]["outcome"] == "seal" and "R3" in p["decision"]["rules"]
    _, truth = _single(tmp_path / "b", [], kind="conditional")
    p = _defendant(truth)
    assert p["disposition"]["kind"] == "conditional_non_prosecution" and p["disposition"]["test_period_months"]
    kinds = [d["kind"] for d in truth["case"]["documents"]]
    assert "conditional_non_prosecution_decision" in kinds and kinds[-1] == "non_prosecution_decision"


def test_all_edge_cases_can_be_forced() -> None:
    for edge in EDGE_CASES:
        plan = plan_case(3, ["d0001"], 0.0, kind="single_minor", edges=[edge])[0]
        assert plan.edges == [edge]
    with pytest.raises(ValueError):
        plan_case(3, ["d0001"], 0.0, edges=["no_such_edge"])


def test_truth_path_maps_every_version() -> None:
    for name in ("d0007.pdf", "d0007.scan.pdf", "d0007.scan.tif"):
        assert synth.truth_path(Path("/x") / name) == Path("/x/truth/d0007.json")


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["synth", "--out", str(tmp_path), "--dossiers", "2", "--seed", "3"]) == 0
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == ["d0001.pdf", "d0002.pdf"]
    assert (tmp_path / "truth" / "d0002.json").exists()
    with pytest.raises(SystemExit):
        main(["synth", "--out", str(tmp_path), "--dossiers", "2", "--seed", "3", "--defects-rate", "2"])
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    assert main(["synth", "--out", str(blocker), "--dossiers", "1", "--seed", "3"]) == 2
    assert "cannot write into" in capsys.readouterr().err


def test_every_disposition_kind_occurs_and_no_minor_is_sentenced_to_death() -> None:
    kinds: set[str] = set()
    for seed in range(600):
        for plan in plan_case(seed, ["d0001", "d0002"], 0.3):
            for p in plan.defendants:
                assert p.first_sentence is not None
                kinds.add(p.first_sentence.kind)
                assert not (p.first_sentence.kind == "death" and p.planned_minor)
    assert kinds == set(DispositionKind.__args__)   # type: ignore[attr-defined]


def test_main_conduct_before_18_does_not_seal_a_term_above_five_years() -> None:
    from synth.expected import expect

    plan = plan_case(5, ["d0001"], 0.0, kind="single_minor",
                     edges=["straddle_main_before_18", "term_over_60_months"])[0]
    minor = plan.defendants[0]
    got = expect(minor, plan.events, plan.concluded_on, plan.court.province)
    assert got.minor_at_offence is True and not got.review
    assert got.decision.outcome == "not_eligible" and got.decision.rules == ("R7",)


def test_a_suspended_combined_sentence_prints_its_probation(tmp_path: Path) -> None:
    plan = next(plan for seed in range(200) for plan in plan_case(seed, ["d0001", "d0002"], 0.3)
                if any(p.first_sentence and p.first_sentence.counts and p.first_sentence.suspended
                       and p.appeal_sentence is None for p in plan.defendants))
    pdf = write_plan(plan, tmp_path)[0]
    text = "".join(_lines(pdf))
    for person in _truth(pdf)["persons"]:
        d = person["disposition"]
        if d and d["suspended"] and f"{person['name']}犯" in text and "决定执行" in text:
            operative = text[text.index("判决如下"):]
            item = operative[operative.index(person["name"]):]
            item = item[:item.index("。")]
            assert "决定执行" in item and "缓刑" in item, person["person_id"]
            return
    raise AssertionError("no suspended combined sentence in the planned file")


@pytest.mark.parametrize("kind", ["single_minor", "joint", "non_prosecution", "conditional"])
@pytest.mark.parametrize(("edge", "main"), [("straddle_main_before_18", "before_18"),
                                            ("straddle_main_after_18", "after_18")])
def test_a_stated_main_conduct_is_printed_in_every_kind_of_file(tmp_path: Path, kind: str, edge: str,
                                                               main: str) -> None:
    pdf, truth = _single(tmp_path, [edge], kind=kind)
    p = _defendant(truth)
    assert p["main_conduct"] == main and p["decision"]["outcome"] != "review"
    said = [s.split("主要犯罪行为")[1] for s in "".join(_lines(pdf)).split("。") if "主要犯罪行为" in s and p["name"] in s]
    assert said and all(("未满十八周岁" in s or "未成年" in s) == (main == "before_18") for s in said)


def test_co_offenders_tried_elsewhere_are_called_minors_only_where_the_truth_says_so(archive: list[Path]) -> None:
    seen: set[bool | None] = set()
    for pdf in archive:
        text = "".join(_lines(pdf))
        for person in _truth(pdf)["persons"]:
            if person["role"] != "other":
                continue
            notes = [text[i:text.index("）", i)] for i in range(len(text)) if text.startswith(person["name"] + "（", i)]
            notes = [n for n in notes if "另案处理" in n]
            assert notes, person["person_id"]
            minor = person["minor_at_offence"]
            seen.add(minor)
            for note in notes:
                assert ("未成年人" in note) == (minor is True) and ("已成年" in note) == (minor is False)
    assert {True, False} <= seen


@pytest.mark.parametrize("edge", ["bad_id_check_digit", "id_contradicts_birth_date"])
def test_an_unreliable_id_leaves_the_age_open(tmp_path: Path, edge: str) -> None:
    _, truth = _single(tmp_path, [edge])
    p = _defendant(truth)
    assert p["minor_at_offence"] is None and p["decision"]["outcome"] == "review"
    assert "R8" in p["decision"]["rules"]


def test_a_minor_of_unknown_age_is_not_called_a_minor_in_the_adults_file(tmp_path: Path) -> None:
    plans = next(plans for seed in range(1, 60)
                 if len(plans := plan_case(seed, ["d0001", "d0002"], 0.0, kind="split",
                                           edges=["age_without_birth_date"])) == 2)
    files = [write_plan(plan, tmp_path)[0] for plan in plans]
    minor = _defendant(_truth(files[0]))
    assert minor["minor_at_offence"] is None and minor["stated_age"]
    (other,) = [p for p in _truth(files[1])["persons"] if p["role"] == "other" and p["name"] == minor["name"]]
    assert other["minor_at_offence"] is None
    text = "".join(_lines(files[1]))
    assert f"{other['name']}（另案处理）" in text and "未成年人，另案处理" not in text


def test_variants_are_drawn_only_when_asked_for(tmp_path: Path) -> None:
    """variants_rate draws the new case types from a stream of their own: at 1 every case is
    one, at the default 0 the archive is the same as before."""
    from synth.plan import VARIANTS

    synth.generate(tmp_path / "v", 8, seed=5, variants_rate=1.0)
    drawn = [json.loads(p.read_text("utf-8"))["synth"].get("variant") for p in sorted((tmp_path / "v" / "truth").glob("*.json"))]
    assert len(drawn) == 8 and set(drawn) <= set(VARIANTS) and len(set(drawn)) > 1
    plain = synth.generate(tmp_path / "a", 6, seed=5)
    zero = synth.generate(tmp_path / "b", 6, seed=5, variants_rate=0.0)
    assert [p.read_bytes() for p in plain] == [p.read_bytes() for p in zero]
    assert not any("variant" in json.loads(p.read_text("utf-8"))["synth"]
                   for p in (tmp_path / "a" / "truth").glob("*.json"))
