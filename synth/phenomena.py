"""What published judgments say beyond the bare acts, drawn per dossier (issue 21, item 4).

Real judgments date far more than the acts. Right after the acts they tell the arrest or the
surrender (…于2019年3月5日被抓获归案, 次日主动投案), the police's report and seizure
(接到报警后立案侦查, 从其住处查获…), the injury appraised and the damages paid on later days,
a victim who died days after the act; the party paragraph of an adult gives earlier
convictions and administrative penalties with their dates (曾因犯盗窃罪于…被判处…，…刑满释放);
a published copy masks the birth date (1998年×月×日出生, 出生于××××年) and leaves the court's
own finding of age (犯罪时未满十八周岁) as the evidence of minority, or no evidence; and the
findings may run straight on after 经审理查明 with no punctuation. None of these dates is an
offence date of the case: a reader that takes one for it is wrong, and the generator writes
them so that its sets show whether a reader does.

Each phenomenon is drawn per dossier with a modest probability (PROBABILITIES) from a random
stream of its own, after everything else is planned: the rest of the plan, and every dossier
that draws none, stays exactly what the seed made before. Every date drawn here falls after
the act it follows and before the prosecutor's documents that print the facts.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from synth import people
from synth.numerals import add_months

if TYPE_CHECKING:
    from synth.people import Court
    from synth.plan import Event, PartyPlan

Phenomenon = Literal["procedure_in_findings", "authority_clauses", "aftermath", "adult_priors", "masked_birth",
                     "run_on_findings"]
PHENOMENA: tuple[Phenomenon, ...] = ("procedure_in_findings", "authority_clauses", "aftermath", "adult_priors",
                                     "masked_birth", "run_on_findings")
# Share of dossiers that draw each phenomenon; within one, each eligible person or act carries it
# with the rate in the drawing function (a judgment rarely says all of it about every act).
PROBABILITIES: dict[Phenomenon, float] = {
    "procedure_in_findings": 0.3,   # arrest, surrender, summons, detention told after the acts
    "authority_clauses": 0.25,      # the police's report, filing and seizure
    "aftermath": 0.25,              # injury appraised, damages paid, a victim dying later
    "adult_priors": 0.3,            # an adult's dated earlier convictions and penalties
    "masked_birth": 0.12,           # one defendant's birth date masked as a published copy masks it
    "run_on_findings": 0.2,         # 经审理查明2019年3月5日… with no punctuation
}
PROPERTY_CHARGES = frozenset({"盗窃罪", "抢劫罪", "抢夺罪"})
INJURY_GRADES = {"故意伤害罪": "轻伤二级", "寻衅滋事罪": "轻微伤", "聚众斗殴罪": "轻微伤", "过失致人重伤罪": "重伤二级",
                 "交通肇事罪": "重伤二级"}   # the grade the act's own wording already gives (synth.documents.act)

TailKind = Literal["caught", "surrender", "summoned", "detained", "report", "seizure", "injury", "compensation",
                   "death"]


@dataclass
class Tail:
    """A dated clause the findings tell after an act: what happened on a later day."""

    kind: TailKind
    day: dt.date
    who: str | None = None   # the person a procedure clause is about (pid)
    amount: int = 0          # yuan paid in compensation


@dataclass
class Prior:
    """An earlier conviction or administrative penalty an adult's party paragraph states."""

    kind: Literal["criminal", "administrative"]
    cause: str                       # 盗窃罪 for a conviction, 吸毒 for a penalty
    decided_on: dt.date
    term: int                        # months of a criminal term, days of an administrative detention
    by: str                          # the court or the police that decided it
    released_on: dt.date | None = None   # 刑满释放, for a term served


def draw(seed: int, minors: list[PartyPlan], adults: list[PartyPlan], events: list[Event], court: Court,
         filed_on: dt.date) -> bool:
    """Draw the phenomena of one case onto its plan (persons and events change in place).
    Returns whether the findings run straight on after their heading (run_on_findings)."""
    rng = random.Random(f"phenomena:{seed}")
    drawn = {name for name in PHENOMENA if rng.random() < PROBABILITIES[name]}
    everyone = minors + adults
    latest = filed_on - dt.timedelta(days=1)   # the indictment (issued on filed_on) prints the facts
    if "procedure_in_findings" in drawn:
        for p in everyone:
            if rng.random() < 0.8:
                p.procedure = _procedure(rng, p, events)
    if "authority_clauses" in drawn:
        for ev in events:
            _authority(rng, ev, everyone, latest)
    if "aftermath" in drawn:
        for ev in events:
            _aftermath(rng, ev, latest)
    if "adult_priors" in drawn:
        for p in adults:
            if not p.prior_juvenile and rng.random() < 0.7:
                own = [ev for ev in events if p.pid in ev.participants]
                p.priors = _priors(rng, p, min(ev.start for ev in own), court)
    if "masked_birth" in drawn:
        candidates = [p for p in everyone if not p.edges and not p.prior_juvenile and p.born is not None]
        if candidates:
            _mask_birth(rng, rng.choice(candidates))
    return "run_on_findings" in drawn


def _own(p: PartyPlan, events: list[Event]) -> list[Event]:
    return [ev for ev in events if p.pid in ev.participants]


def _between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _procedure(rng: random.Random, p: PartyPlan, events: list[Event]) -> Tail:
    """How the person came into the proceedings, dated between the last act and the detention
    the party paragraph gives (so the two never disagree)."""
    assert p.detained_on is not None
    own_end = max(ev.end for ev in _own(p, events))
    kind: TailKind = rng.choice(("caught", "caught", "surrender", "summoned", "detained"))
    if kind == "surrender":
        day = own_end + dt.timedelta(days=1) if rng.random() < 0.5 else \
            _between(rng, own_end + dt.timedelta(days=1), p.detained_on)
    elif kind == "summoned":
        day = _between(rng, own_end + dt.timedelta(days=1), p.detained_on)
    else:
        day = p.detained_on
    if kind == "detained" and p.bail_on is None:   # detained, then arrested: the findings date both
        p.arrested_on = p.detained_on + dt.timedelta(days=rng.randint(20, 37))
    return Tail(kind, day, p.pid)


def _authority(rng: random.Random, ev: Event, everyone: list[PartyPlan], latest: dt.date) -> None:
    """The police's report and filing after the act, and a seizure after the arrest."""
    detained = [p.detained_on for p in everyone if p.pid in ev.participants and p.detained_on]
    first_detained = min(detained) if detained else ev.end + dt.timedelta(days=3)
    if rng.random() < 0.6:
        soonest = ev.end if ev.start == ev.end else ev.end + dt.timedelta(days=1)
        span = 1 if ev.grave else 10   # a killing or a grave wounding is reported at once
        ev.tails.append(Tail("report", _between(rng, soonest, min(first_detained, ev.end + dt.timedelta(days=span)))))
    if ev.charge in PROPERTY_CHARGES and not ev.grave and rng.random() < 0.5:
        ev.tails.append(Tail("seizure", min(latest, max(detained or [first_detained]) +
                                            dt.timedelta(days=rng.randint(0, 5)))))


def _aftermath(rng: random.Random, ev: Event, latest: dt.date) -> None:
    """What followed the act on later days: the injury appraised, a victim dying of it,
    damages paid and forgiveness given. The grades repeat what the act's wording says."""
    after = ev.end + dt.timedelta(days=3)
    if ev.grave and ev.charge == "故意伤害罪":
        ev.tails.append(Tail("death", ev.end + dt.timedelta(days=rng.randint(1, 15))))
    elif ev.charge in INJURY_GRADES and (ev.victim or ev.charge == "交通肇事罪") and rng.random() < 0.7:
        # appraised after the report (at most 10 days on, _authority), before the damages are paid
        ev.tails.append(Tail("injury", min(latest, ev.end + dt.timedelta(days=rng.randint(11, 40)))))
        after = ev.tails[-1].day + dt.timedelta(days=1)
    if ev.victim and rng.random() < 0.6:
        day = _between(rng, after, latest)
        amounts = (60000, 80000, 90000) if ev.grave else (3000, 5000, 8000, 12000, 20000, 50000)
        ev.tails.append(Tail("compensation", day, amount=rng.choice(amounts)))


def _priors(rng: random.Random, p: PartyPlan, first_act: dt.date, court: Court) -> list[Prior]:
    """One or two earlier penalties, all decided after the 18th birthday and ended (a term
    served) a while before this case's first act; none where the person's adult years
    before the act leave no room."""
    assert p.born is not None
    adult_from = add_months(p.born, 18 * 12) + dt.timedelta(days=60)
    until = first_act - dt.timedelta(days=60)
    other = rng.choice([c for c in people.COURTS if c is not court] or [court])
    out: list[Prior] = []
    for _ in range(1 if rng.random() < 0.7 else 2):
        if rng.random() < 0.55:
            months = rng.choice((6, 8, 10, 12, 18, 24, 36))
            held = dt.timedelta(days=rng.randint(20, 90))   # custody before the judgment counts to the term
            latest_decision = add_months(until, -months) + held - dt.timedelta(days=30)
            if latest_decision <= adult_from:
                continue
            decided = _between(rng, adult_from, latest_decision)
            released = add_months(decided - held, months) - dt.timedelta(days=1)
            by = rng.choice((court.name, other.name))
            out.append(Prior("criminal", rng.choice(("盗窃罪", "故意伤害罪", "寻衅滋事罪", "诈骗罪", "抢夺罪")),
                             decided, months, by, released))
        else:
            if until <= adult_from:
                continue
            out.append(Prior("administrative", rng.choice(("吸毒", "殴打他人", "盗窃", "赌博")),
                             _between(rng, adult_from, until), rng.choice((5, 7, 10, 15)),
                             rng.choice((court.police, other.police))))
    return sorted(out, key=lambda prior: prior.decided_on)


def _mask_birth(rng: random.Random, p: PartyPlan) -> None:
    """The birth date as a published copy prints it: the day and month masked (the year kept)
    or all of it, with no ID number. An adult keeps the year, which places every act of a
    person 19 or older at the offence. A minor's copy states the court's own finding of age
    (犯罪时未满十八周岁 and Criminal Law art. 17) or nothing; then only the year, if kept,
    can place the acts (synth.expected)."""
    assert p.born is not None
    year = str(p.born.year)
    p.finds_minor = p.planned_minor and rng.random() < 0.5
    full = p.planned_minor and rng.random() < 0.5
    p.birth_mask = rng.choice(("××××年××月××日", "××××年×月×日", "××××年")) if full else \
        rng.choice((f"{year}年×月×日", f"{year}年××月××日", f"{year}年"))
    p.birth_year = None if full else p.born.year
    p.written_birth = None
    p.id_number = None
    p.break_id = False
