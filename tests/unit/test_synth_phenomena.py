"""The phenomena of published judgments the generator writes (synth.phenomena): drawn, printed as
judgments print them, dated after the acts, and never in the truth's offence dates; a masked
birth date decided only by what the file says. Planned and written without rendering PDFs."""
from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterator

import pytest

from synth.documents import Writer, write_dossier
from synth.expected import REASON_BIRTH_MASKED, eighteenth_birthday
from synth.numerals import arabic_date, cn_date
from synth.phenomena import PHENOMENA
from synth.plan import DossierPlan, plan_case
from synth.truth import truth_record

SEEDS = range(600)


def _written(seed: int, with_phenomena: bool = True) -> Iterator[tuple[DossierPlan, str, Writer]]:
    for plan in plan_case(seed, ["d0001", "d0002"], 0.2, with_phenomena=with_phenomena):
        documents, writer = write_dossier(plan)
        yield plan, "".join(text for doc in documents for _, text in doc.blocks), writer


@pytest.fixture(scope="module")
def archive() -> list[tuple[DossierPlan, str, Writer]]:
    return [case for seed in SEEDS for case in _written(seed)]


def test_every_phenomenon_is_drawn_now_and_then(archive: list[tuple[DossierPlan, str, Writer]]) -> None:
    shown = [w.shown for _, _, w in archive]
    assert set().union(*shown) == set(PHENOMENA)
    share = sum(bool(s) for s in shown) / len(shown)
    assert 0.4 < share < 0.9, share   # modest: many dossiers stay as they were


def test_a_dossier_drawing_none_is_written_word_for_word_as_before() -> None:
    same = 0
    for seed in range(60):
        for (plan, text, writer), (_, before, _) in zip(_written(seed), _written(seed, with_phenomena=False)):
            if not writer.shown:
                assert text == before, plan.stem
                same += 1
    assert same > 10


def test_later_dates_follow_the_acts_and_stay_out_of_the_truth(archive: list[tuple[DossierPlan, str, Writer]]) -> None:
    for plan, _, writer in archive:
        for ev in plan.events:
            for tail in ev.tails:
                assert tail.day >= ev.end and tail.day < plan.filed_on, (plan.seed, tail)
                assert tail.day > ev.end or (tail.kind == "report" and ev.start == ev.end)
        for p in plan.defendants:
            own_end = max(ev.end for ev in plan.events if p.pid in ev.participants)
            if p.procedure is not None:
                assert own_end < p.procedure.day <= (p.detained_on or dt.date.max)
        record = truth_record(plan, writer, [(1, 1)] * len(plan.documents), 1, "x.pdf", "0" * 64)
        acts = {(ev.start, ev.end) for ev in writer.printed_events}
        for person in record.persons:
            assert {(o.start, o.end) for o in person.offence_dates} <= acts


def test_priors_are_an_adults_and_end_before_this_case(archive: list[tuple[DossierPlan, str, Writer]]) -> None:
    seen = 0
    for plan, text, _ in archive:
        for p in plan.defendants:
            if not p.priors:
                continue
            assert p.born is not None
            first_act = min(ev.start for ev in plan.events if p.pid in ev.participants)
            for prior in p.priors:
                assert prior.decided_on > eighteenth_birthday(p.born)
                assert (prior.released_on or prior.decided_on) < first_act
                assert str(prior.decided_on.year) in text
            seen += 1
    assert seen > 20


def test_a_masked_birth_date_is_decided_only_by_what_the_file_says(
        archive: list[tuple[DossierPlan, str, Writer]]) -> None:
    kinds: set[str] = set()
    for plan, text, writer in archive:
        record = truth_record(plan, writer, [(1, 1)] * len(plan.documents), 1, "x.pdf", "0" * 64)
        for p in plan.parties:
            if p.birth_mask is None or p.role not in ("defendant", "suspect"):
                continue
            assert p.born is not None and p.birth_mask in text
            assert arabic_date(p.born) not in text and cn_date(p.born) not in text   # nothing leaks the day
            person = next(x for x in record.persons if x.person_id == p.pid)
            assert person.birth_date is None and person.id_number is None
            assert person.decision is not None
            finding = re.search(f"{p.name}(犯罪时未满十八周岁|作案时系未成年人|犯罪时已满十六周岁不满十八周岁)", text)
            if not p.planned_minor:
                kinds.add("adult")
                assert person.minor_at_offence is False and person.decision.rules == ("R8",)
            elif p.finds_minor:
                kinds.add("finding")
                assert person.minor_at_offence is True and finding
                if any(d.subtype == "judgment_first" for d in plan.documents):
                    assert "第十七条第" in text
            else:
                assert not finding
                if person.minor_at_offence is None:
                    kinds.add("open")
                    assert person.decision.outcome == "review"
                    assert (p.pid, "birth_date", REASON_BIRTH_MASKED) in \
                        {(i.person_id, i.field, i.reason) for i in record.review.items}
                else:
                    kinds.add("year")
                    assert person.minor_at_offence is True and p.birth_year is not None
    assert kinds == {"adult", "finding", "open", "year"}


def test_findings_run_on_after_their_heading(archive: list[tuple[DossierPlan, str, Writer]]) -> None:
    run_on = re.compile(r"(经审理查明|经本院审理查明|公诉机关指控|经依法审查查明|经本院依法审查查明|经审查查明)(\d{4}|二〇)")
    for _, text, writer in archive:
        assert bool(run_on.search(text)) == ("run_on_findings" in writer.shown)


@pytest.mark.parametrize("seed", range(5))
def test_a_relative_date_names_the_day_it_means(seed: int) -> None:
    """当日, 次日, 同月…日, 同年…月…日 read back against the date before them give the day drawn."""
    writer = Writer(plan_case(1, ["d0001"], 0.0)[0], random.Random(0), prng=random.Random(seed))
    rng = random.Random(seed)
    for _ in range(300):
        prev = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randint(0, 3000))
        day = prev + dt.timedelta(days=rng.choice((0, 1, 2, 9, 40, 400)))
        text = writer.tail_date(day, prev, prev.year)
        if text == "当日":
            read = prev
        elif text == "次日":
            read = prev + dt.timedelta(days=1)
        elif m := re.fullmatch(r"同月(\d+)日", text):
            read = prev.replace(day=int(m[1]))
        elif m := re.fullmatch(r"同年(\d+)月(\d+)日", text):
            read = dt.date(prev.year, int(m[1]), int(m[2]))
        else:
            y, mo, d = map(int, re.fullmatch(r"(\d+)年(\d+)月(\d+)日", text).groups())   # type: ignore[union-attr]
            read = dt.date(y, mo, d)
        assert read == day, (prev, day, text)


def test_a_victim_dying_later_is_told_on_its_own_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """A grave wounding whose victim died days later: the act says 致其重伤, the death its own date."""
    from synth import phenomena

    for name in PHENOMENA:
        monkeypatch.setitem(phenomena.PROBABILITIES, name, 1.0)
    for seed in range(400):
        for plan in plan_case(seed, ["d0001"], 0.2):
            deaths = [(ev, t) for ev in plan.events for t in ev.tails if t.kind == "death"]
            if deaths:
                text = "".join(b for doc in write_dossier(plan)[0] for _, b in doc.blocks)
                assert all(t.day > ev.end for ev, t in deaths)
                assert "致其重伤" in text and "抢救无效" in text and "致其经抢救无效死亡" not in text
                return
    pytest.fail("no grave wounding drew a later death")
