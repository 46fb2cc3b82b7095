"""What each synthetic dossier is about, decided before a word is written.

A plan holds the facts (people, offence events, outcomes, dates) and how the
file prints them (which birth date is written, whether the ID is broken, which
phrasing template). The documents are written from the plan and the truth is
derived from it, so the two cannot drift apart.

Edge cases (docs/synth.md lists them) are put on purpose on one minor of a
dossier, at the rate `defects_rate`; each dossier records the ones it carries.
What published judgments say beyond the acts (dated arrests, reports, injuries
and damages after the acts, adults' earlier penalties, masked birth dates, findings
run on after their heading: synth.phenomena) is drawn last, from a stream of its own.
"""
from __future__ import annotations

import copy
import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Literal

from models import idnumber
from models.record import DocumentKind, DispositionKind, MainConduct
from synth import people, phenomena
from synth.numerals import add_months, arabic_date, cn_date
from synth.phenomena import Prior, Tail
from synth.people import Court, Region

Role = Literal["defendant", "suspect", "legal_representative", "defence_counsel", "victim", "other"]
Gender = Literal["male", "female"]
CaseKind = Literal["joint", "single_minor", "split", "adults_only", "non_prosecution", "conditional"]
# Case types the random draw never makes (so every existing seed plans as before); asked for
# by name (plan_case(variant=…), generate(variants=…)):
#   retrial_appeal  a minor's judgment retried under first-instance procedure (刑再), the
#                   retrial appealed (刑终, CPL art. 256): 3 years, 7 on retrial, 4 on appeal
#   co_suspects     two minors in one conditional non-prosecution file; only the first one's
#                   test period has ended with a non-prosecution decision about them
#   named_minor     an adult's file naming a minor co-offender only in its findings
#                   (同案人某某（犯罪时未满十八周岁，另案处理）)
#   juvenile_prior  an adult whose party paragraph states a prior record committed under 18
Variant = Literal["retrial_appeal", "co_suspects", "named_minor", "juvenile_prior"]
VARIANTS: tuple[Variant, ...] = ("retrial_appeal", "co_suspects", "named_minor", "juvenile_prior")
Side = Literal["minor", "adult"]

# Edge cases, grouped: a dossier carries at most one edge case of each group.
TIMING_EDGES = (
    "offence_on_18th_birthday", "offence_day_after_18th_birthday", "straddle_main_before_18",
    "straddle_main_after_18", "straddle_main_unstated", "leap_day_birth", "vague_date_straddles_18th_birthday",
)
IDENTITY_EDGES = ("id_contradicts_birth_date", "bad_id_check_digit", "age_without_birth_date", "id_broken_across_lines")
SENTENCE_EDGES = ("term_exactly_60_months", "term_over_60_months", "probation_longer_than_term",
                  "combined_counts_over_60", "appeal_changes_sentence")
PROCEDURE_EDGES = ("conditional_test_period_open",)   # only in conditional non-prosecution files
EDGE_CASES = TIMING_EDGES + IDENTITY_EDGES + SENTENCE_EDGES + PROCEDURE_EDGES
ADULT_AT_TRIAL_EDGES = frozenset({"offence_day_after_18th_birthday", "straddle_main_before_18",
                                  "straddle_main_after_18", "straddle_main_unstated"})
# Edges after which the file must not call the person a minor in words (it would decide the question).
AGE_DOUBT_EDGES = frozenset(TIMING_EDGES + IDENTITY_EDGES) - {"offence_on_18th_birthday", "id_broken_across_lines"}

NEGLIGENT_CHARGES = frozenset({"交通肇事罪", "过失致人重伤罪"})
GRAVE_CHARGES = frozenset({"抢劫罪", "故意伤害罪"})   # the charges a death, life or 10-year term follows
CHARGES = ("盗窃罪", "抢劫罪", "故意伤害罪", "寻衅滋事罪", "诈骗罪", "聚众斗殴罪", "帮助信息网络犯罪活动罪",
           "抢夺罪", "敲诈勒索罪", "交通肇事罪", "过失致人重伤罪")
CHARGE_WEIGHTS = (30, 14, 12, 10, 8, 5, 6, 4, 4, 3, 2)
# Criminal Law articles cited in judgments (for believable text, not for any decision).
CHARGE_ARTICLES = {"盗窃罪": "第二百六十四条", "抢劫罪": "第二百六十三条", "故意伤害罪": "第二百三十四条",
                   "寻衅滋事罪": "第二百九十三条", "诈骗罪": "第二百六十六条", "聚众斗殴罪": "第二百九十二条",
                   "帮助信息网络犯罪活动罪": "第二百八十七条之二", "抢夺罪": "第二百六十七条",
                   "敲诈勒索罪": "第二百七十四条", "交通肇事罪": "第一百三十三条", "过失致人重伤罪": "第二百三十五条"}


@dataclass
class Event:
    """One charged act, or one period of repeated acts, and who took part."""

    start: dt.date
    end: dt.date
    text: str                     # the date phrase exactly as printed
    continuing: bool              # repeated acts over the period (R4/R5) vs one act on an uncertain day
    charge: str
    participants: list[str]       # person ids
    place: str
    victim: str | None = None     # person id
    amount: int = 0               # yuan, for property offences
    suffix: str = ""              # printed after the date phrase (晚, 20时许), not part of the date
    grave: bool = False           # a death or serious injury: what a life or death sentence stands on
    tails: list[Tail] = field(default_factory=list)   # later dated clauses told after the act (synth.phenomena)


@dataclass
class Sentence:
    """What one document orders for one person, with how it is printed."""

    kind: DispositionKind
    months: int | None = None
    suspended: bool = False
    probation_months: int | None = None
    counts: list[tuple[str, int]] = field(default_factory=list)   # 数罪并罚: (charge, months) per count
    fine: int | None = None
    deprivation_months: int | None = None     # accessory 剥夺政治权利 with a fixed term
    test_period_months: int | None = None     # 附条件不起诉 考验期
    test_period_open: bool = False            # the file ends before the test period does (no final decision)
    ground: str | None = None                 # non-prosecution ground: a key of documents.CPL
    template: int = 0


@dataclass
class PartyPlan:
    pid: str
    role: Role
    name: str
    gender: Gender
    aliases: list[str] = field(default_factory=list)
    alias_kind: Literal["曾用名", "绰号"] | None = None
    born: dt.date | None = None            # the real birth date (what the ID of a sound file says)
    written_birth: dt.date | None = None   # what the party paragraph prints
    id_number: str | None = None           # as printed
    stated_age: int | None = None          # "17岁" instead of a date
    region: Region | None = None
    ethnicity: str = "汉族"
    education: str = ""
    occupation: str = ""
    household: str | None = None           # 户籍地
    residence: str | None = None           # 住 / 现住
    school: str | None = None
    phone: str | None = None
    prior_record: str | None = None
    charges: list[str] = field(default_factory=list)
    main_conduct: MainConduct | None = None
    main_conduct_stated: bool = False
    first_sentence: Sentence | None = None
    appeal_sentence: Sentence | None = None
    retrial_sentence: Sentence | None = None   # variant retrial_appeal: the retrial's term, later appealed
    prior_juvenile: bool = False               # the prior record was committed under 18 (variant juvenile_prior)
    priors: list[Prior] = field(default_factory=list)   # dated earlier penalties of an adult (synth.phenomena)
    procedure: Tail | None = None          # the arrest or surrender the findings tell (synth.phenomena)
    arrested_on: dt.date | None = None     # the arrest both the party paragraph and the findings date (ditto)
    birth_mask: str | None = None          # the birth date as a published copy masks it: 1998年×月×日
    birth_year: int | None = None          # the year a mask keeps
    finds_minor: bool = False              # the deciding court's or prosecutor's finding: 犯罪时未满十八周岁
    tried_separately: bool = False
    represents: str | None = None          # legal representative or counsel → pid
    relation: str | None = None            # 母, 父, … of a legal representative
    firm: str | None = None                # counsel's law firm
    guardians: list[str] = field(default_factory=list)   # names, for a minor
    edges: list[str] = field(default_factory=list)
    detained_on: dt.date | None = None
    bail_on: dt.date | None = None
    party_template: int = 0
    birth_in_cn: bool = False
    break_id: bool = False

    planned_minor: bool = False            # generated as a minor (gets a legal representative)


@dataclass
class DocPlan:
    kind: DocumentKind
    subtype: str               # judgment_first, appeal, indictment, cover, detention, bail, social, np, cnp, np_final
    number: str | None         # case number printed on it
    issued_on: dt.date
    subject: str | None = None  # pid a single-person document is about


@dataclass
class DossierPlan:
    stem: str
    kind: CaseKind
    side: Side | None              # for split cases: whose file this is
    court: Court
    parties: list[PartyPlan]
    events: list[Event]
    documents: list[DocPlan]
    case_numbers: list[str]
    concluded_on: dt.date
    split_case: bool
    edges: list[str]
    blank_after: list[int]         # indexes of documents followed by a blank separator page
    judges: list[str]
    clerk: str
    prosecutor: str
    filed_on: dt.date
    seed: int
    variant: Variant | None = None
    run_on_findings: bool = False  # the findings run straight on after their heading (synth.phenomena)

    def party(self, pid: str) -> PartyPlan:
        return next(p for p in self.parties if p.pid == pid)

    @property
    def defendants(self) -> list[PartyPlan]:
        return [p for p in self.parties if p.role in ("defendant", "suspect")]


# --------------------------------------------------------------------------- date phrases

def _day_phrase(rng: random.Random, day: dt.date) -> tuple[str, str]:
    text = cn_date(day) if rng.random() < 0.2 else arabic_date(day)
    suffix = rng.choice(("", "", "晚", "凌晨", f"{rng.randint(8, 23)}时许", "下午", "中午"))
    return text, suffix


def _month_phrase(rng: random.Random, year: int, month: int) -> tuple[dt.date, dt.date, str]:
    first = dt.date(year, month, 1)
    last = add_months(first, 1) - dt.timedelta(days=1)
    style = rng.randrange(5)
    if style == 0:
        return first, last, f"{year}年{month}月"
    if style == 1:
        return first, last, f"{year}年{month}月间"
    if style == 2:
        return first, last, f"{year}年{month}月的一天"
    if style == 3:
        return first, dt.date(year, month, 10), f"{year}年{month}月初"
    return dt.date(year, month, 11), dt.date(year, month, 20), f"{year}年{month}月中旬"


def _range_phrase(rng: random.Random, start: dt.date, end: dt.date) -> tuple[dt.date, dt.date, str]:
    """A period written three ways; the truth range covers whole months when days are not printed."""
    style = rng.randrange(3)
    if style == 2:
        same_year = start.year == end.year
        tail = f"{end.month}月{end.day}日" if same_year else arabic_date(end)
        return start, end, f"{arabic_date(start)}至{tail}"
    first = start.replace(day=1)
    last = add_months(end.replace(day=1), 1) - dt.timedelta(days=1)
    if style == 0 and start.year == end.year:
        return first, last, f"{start.year}年{start.month}月至{end.month}月间"
    return first, last, f"{start.year}年{start.month}月至{end.year}年{end.month}月"


VAGUE_PHRASES = (  # phrase pattern, first (month, day), last (month, day)
    ("{y}年夏天某日", (6, 1), (8, 31)),
    ("{y}年暑假期间的一天", (7, 1), (8, 31)),
    ("{y}年上半年某日", (1, 1), (6, 30)),
    ("{y}年下半年某日", (7, 1), (12, 31)),
    ("{y}年国庆节期间", (10, 1), (10, 7)),
    ("{y}年秋季某日", (9, 1), (11, 30)),
)


def _vague_phrase(rng: random.Random, year: int, index: int | None = None) -> tuple[dt.date, dt.date, str]:
    pattern, (m1, d1), (m2, d2) = VAGUE_PHRASES[index if index is not None else rng.randrange(len(VAGUE_PHRASES))]
    return dt.date(year, m1, d1), dt.date(year, m2, d2), pattern.format(y=year)


def _place(rng: random.Random, region: Region) -> str:
    return rng.choice((
        f"{region.district}{rng.choice(people.STREETS)}一网吧内", f"{region.district}某超市",
        f"{region.district}{rng.choice(people.STREETS)}附近", f"{region.city}某KTV包厢内",
        f"{region.district}某小区地下车库", f"{region.district}某学校门口", f"{region.district}某烧烤店外",
        f"{region.district}某商场", f"{region.district}某出租屋内",
    ))


# --------------------------------------------------------------------------- the planner

class _Planner:
    """Plans one case (one or two dossiers) from its own random stream."""

    def __init__(self, rng: random.Random, defects_rate: float) -> None:
        self.rng = rng
        self.defects_rate = defects_rate
        self.names: set[str] = set()
        self.counter = 0

    def pid(self) -> str:
        self.counter += 1
        return f"P{self.counter}"

    # -- edges
    def pick_edges(self, kind: CaseKind) -> list[str]:
        rng = self.rng
        if rng.random() >= self.defects_rate or kind == "adults_only":
            return []
        groups = [TIMING_EDGES, IDENTITY_EDGES]
        if kind not in ("non_prosecution", "conditional"):
            groups.append(SENTENCE_EDGES)
        if kind == "conditional":
            groups.append(PROCEDURE_EDGES)
        rng.shuffle(groups)
        count = 1 if rng.random() < 0.7 else 2
        edges = [rng.choice(g) for g in groups[:count]]
        if "age_without_birth_date" in edges and any(e in TIMING_EDGES for e in edges):
            edges = [e for e in edges if e not in TIMING_EDGES]
        return edges

    # -- people
    def person(self, role: Role, region: Region, gender: Gender | None = None) -> PartyPlan:
        rng = self.rng
        g: Gender = gender or ("male" if rng.random() < 0.82 else "female")
        return PartyPlan(self.pid(), role, people.distinct_name(rng, g, self.names), g, region=region)

    def dress_defendant(self, p: PartyPlan, minor: bool, court: Court) -> None:
        rng = self.rng
        p.planned_minor = minor
        home = p.region or court.region
        p.ethnicity = rng.choice(people.ETHNICITIES)
        p.education = rng.choice(people.EDUCATION_MINOR if minor else people.EDUCATION_ADULT)
        p.occupation = rng.choice(people.OCCUPATION_MINOR if minor else people.OCCUPATION_ADULT)
        p.household = people.address(rng, home)
        p.residence = p.household if rng.random() < 0.5 else people.address(rng, court.region)
        if minor and (p.occupation == "学生" or rng.random() < 0.3):
            p.school = people.school(rng, court.region)
            p.occupation = "学生"
        if rng.random() < 0.25:
            p.phone = people.phone(rng)
        r = rng.random()
        if r < 0.18:
            p.alias_kind = "曾用名"
            p.aliases = [people.distinct_name(rng, p.gender, self.names)]
        elif r < 0.32:
            p.alias_kind = "绰号"
            p.aliases = [rng.choice([n for n in people.NICKNAMES if people.is_free(n, self.names)])]
            self.names.add(p.aliases[0])
        if not minor and rng.random() < 0.25:
            p.prior_record = rng.choice(("盗窃罪", "寻衅滋事罪", "故意伤害罪"))
        p.party_template = rng.randrange(4)
        p.birth_in_cn = rng.random() < 0.15

    def identity(self, p: PartyPlan) -> None:
        """Write the ID and birth date from `p.born`, applying identity edges."""
        rng = self.rng
        assert p.born is not None and p.region is not None
        real_id = idnumber.make(p.region.code, p.born, people.id_sequence(rng, p.gender))
        p.written_birth = p.born
        p.id_number = real_id if rng.random() < 0.88 or p.edges else None
        if "id_contradicts_birth_date" in p.edges:
            p.id_number = real_id
            shift = rng.choice((1, -1))
            try:
                p.written_birth = p.born.replace(year=p.born.year + shift)
            except ValueError:
                p.written_birth = p.born.replace(year=p.born.year + shift, day=28)
        if "bad_id_check_digit" in p.edges:
            wrong = [c for c in "0123456789X" if c != real_id[-1]]
            p.id_number = real_id[:17] + rng.choice(wrong)
        if "age_without_birth_date" in p.edges:
            p.id_number = None
            p.written_birth = None
            p.party_template = 3
        if "id_broken_across_lines" in p.edges:
            p.id_number = p.id_number or real_id
            p.break_id = True
            p.party_template = rng.choice((0, 1, 2))
        if p.party_template == 3 and "age_without_birth_date" not in p.edges:
            p.party_template = rng.choice((0, 1, 2))

    # -- events
    def events(self, region: Region, anchor: dt.date, charges: list[str]) -> list[Event]:
        rng = self.rng
        out: list[Event] = []
        day = anchor
        for charge in charges:
            style = rng.random()
            if style < 0.55:
                text, suffix = _day_phrase(rng, day)
                ev = Event(day, day, text, False, charge, [], _place(rng, region), suffix=suffix)
            elif style < 0.75:
                start, end, text = _month_phrase(rng, day.year, day.month)
                ev = Event(start, end, text, False, charge, [], _place(rng, region))
            elif style < 0.9:
                start, end, text = _range_phrase(rng, day - dt.timedelta(days=rng.randint(40, 120)), day)
                ev = Event(start, end, text, True, charge, [], _place(rng, region))
            else:
                start, end, text = _vague_phrase(rng, day.year)
                ev = Event(start, end, text, False, charge, [], _place(rng, region))
            ev.amount = rng.choice((800, 1500, 2600, 3800, 5200, 7600, 12000, 30000))
            out.append(ev)
            day = day - dt.timedelta(days=rng.randint(10, 60))
        return sorted(out, key=lambda e: e.start)

    def edge_events(self, p: PartyPlan, anchor: dt.date, region: Region, charge: str) -> list[Event]:
        """The minor's own events when a timing edge needs them, with `p.born` set to fit."""
        rng = self.rng
        edge = next((e for e in p.edges if e in TIMING_EDGES), None)
        if edge is None:
            return []
        place = _place(rng, region)
        if edge in ("offence_on_18th_birthday", "offence_day_after_18th_birthday"):
            day = anchor if not (anchor.month == 2 and anchor.day == 29) else anchor - dt.timedelta(days=1)
            born = day.replace(year=day.year - 18)
            if edge == "offence_day_after_18th_birthday":
                born -= dt.timedelta(days=1)
            p.born = born
            text, suffix = _day_phrase(rng, day)
            return [Event(day, day, text, False, charge, [p.pid], place, suffix=suffix)]
        if edge == "leap_day_birth":
            year = anchor.year - 18
            while year % 4:
                year -= 1
            p.born = dt.date(year, 2, 29)
            day = rng.choice((dt.date(year + 18, 2, 28), dt.date(year + 18, 3, 1), dt.date(year + 18, 3, 2)))
            text, suffix = _day_phrase(rng, day)
            return [Event(day, day, text, False, charge, [p.pid], place, suffix=suffix)]
        if edge == "vague_date_straddles_18th_birthday":
            index = rng.randrange(len(VAGUE_PHRASES))
            start, end, text = _vague_phrase(rng, anchor.year, index)
            span = (end - start).days
            bday18 = start + dt.timedelta(days=rng.randint(2, span - 2))
            p.born = _born_for_birthday(bday18, 18)
            return [Event(start, end, text, False, charge, [p.pid], place)]
        # straddling periods: the 18th birthday falls inside the acts
        bday18 = anchor - dt.timedelta(days=rng.randint(40, 100))
        p.born = _born_for_birthday(bday18, 18)
        p.main_conduct = "after_18" if edge == "straddle_main_after_18" else (
            "before_18" if edge == "straddle_main_before_18" else None)
        p.main_conduct_stated = edge != "straddle_main_unstated"
        if rng.random() < 0.5:
            start = bday18 - dt.timedelta(days=rng.randint(60, 150))
            end = bday18 + dt.timedelta(days=rng.randint(45, 120))
            s, e, text = _range_phrase(rng, start, end)
            return [Event(s, e, text, True, charge, [p.pid], place, amount=rng.choice((9000, 16000, 42000)))]
        before = bday18 - dt.timedelta(days=rng.randint(20, 120))
        after = bday18 + dt.timedelta(days=rng.randint(20, 90))
        t1, s1 = _day_phrase(rng, before)
        t2, s2 = _day_phrase(rng, after)
        return [Event(before, before, t1, False, charge, [p.pid], place, amount=rng.choice((2000, 6000)), suffix=s1),
                Event(after, after, t2, False, charge, [p.pid], _place(rng, region),
                      amount=rng.choice((3000, 8000)), suffix=s2)]

    # -- sentences
    def sentence(self, p: PartyPlan, minor: bool, charges: list[str]) -> Sentence:
        rng = self.rng
        edges = set(p.edges)
        fine = rng.choice((None, 1000, 2000, 3000, 5000, 8000, 10000))
        if "term_exactly_60_months" in edges:
            return Sentence("fixed_term", 60, fine=fine, template=rng.randrange(3))
        if "term_over_60_months" in edges:
            return Sentence("fixed_term", rng.choice((61, 62, 63, 66, 72, 84)), fine=fine, template=rng.randrange(3))
        if "probation_longer_than_term" in edges:
            term = rng.choice((6, 8, 10, 12, 18, 24))
            return Sentence("fixed_term", term, True, min(60, term + rng.choice((6, 12, 18, 24))), fine=fine,
                            template=rng.randrange(3))
        if "combined_counts_over_60" in edges:
            first = rng.choice((36, 42, 48, 54))
            second = 61 - first + rng.choice((0, 6, 12))   # the counts add up to more than 5 years
            total = rng.randint(max(first, 48), 60)
            c1, c2 = _two_charges(charges)
            p.charges = [c1, c2]
            return Sentence("fixed_term", total, counts=[(c1, first), (c2, second)], fine=fine,
                            template=rng.randrange(3))
        weights = ({"fixed_term": 46, "criminal_detention": 14, "public_surveillance": 7, "fine_only": 7,
                    "deprivation_of_political_rights": 2, "exempt_from_punishment": 8, "acquittal": 3,
                    "long_term": 9, "life_imprisonment": 1, "combined": 3} if minor else
                   {"fixed_term": 50, "criminal_detention": 12, "public_surveillance": 3, "fine_only": 3,
                    "exempt_from_punishment": 2, "long_term": 16, "life_imprisonment": 3, "death": 2, "combined": 9})
        if GRAVE_CHARGES & set(charges):   # robbery and wounding carry the heaviest sentences
            weights["life_imprisonment"] *= 4
            weights["long_term"] *= 2
            if not minor:   # no death penalty for an offence committed under 18 (Criminal Law art. 49)
                weights["death"] *= 5
        kind = rng.choices(list(weights), list(weights.values()))[0]
        t = rng.randrange(3)
        if kind == "fixed_term":
            months = rng.choice((6, 7, 8, 10, 12, 14, 18, 20, 24, 30, 36, 42, 48, 54, 60))
            if months <= 36 and rng.random() < 0.5:
                return Sentence("fixed_term", months, True, max(12, months + rng.choice((0, 6, 12))), fine=fine, template=t)
            return Sentence("fixed_term", months, fine=fine, template=t)
        if kind == "long_term":
            months = rng.choice((66, 72, 78, 90, 96, 120, 144))
            dep = rng.choice((None, 12, 24)) if not minor else None
            return Sentence("fixed_term", months, fine=fine, deprivation_months=dep, template=t)
        if kind == "combined":
            first = rng.choice((24, 30, 36, 48, 60, 72))
            second = rng.choice((6, 12, 18, 24))
            total = rng.randint(max(first, 13), first + second - 1)
            c1, c2 = _two_charges(charges)
            p.charges = [c1, c2]
            return Sentence("fixed_term", total, counts=[(c1, first), (c2, second)], fine=fine, template=t)
        if kind == "criminal_detention":
            months = rng.randint(1, 6)
            if rng.random() < 0.4:
                return Sentence("criminal_detention", months, True, rng.choice((max(months, 2), 6, 10, 12)),
                                fine=fine, template=t)
            return Sentence("criminal_detention", months, fine=fine, template=t)
        if kind == "public_surveillance":
            return Sentence("public_surveillance", rng.choice((3, 6, 8, 12, 18, 24)), template=t)
        if kind == "fine_only":
            return Sentence("fine_only", fine=rng.choice((1000, 2000, 3000, 5000)), template=t)
        if kind == "deprivation_of_political_rights":
            return Sentence("deprivation_of_political_rights", rng.choice((12, 24, 36)), template=t)
        if kind == "exempt_from_punishment":
            return Sentence("exempt_from_punishment", template=t)
        if kind == "acquittal":
            return Sentence("acquittal", template=t)
        if kind == "life_imprisonment":
            return Sentence("life_imprisonment", template=t)
        return Sentence("death", template=t)

    def appeal(self, p: PartyPlan, first: Sentence) -> Sentence | None:
        """A second-instance change of sentence; the edge case moves it across 5 years."""
        rng = self.rng
        if "appeal_changes_sentence" in p.edges:
            if first.kind == "fixed_term" and first.months is not None and first.months > 60:
                return Sentence("fixed_term", rng.choice((42, 48, 54, 60)), fine=first.fine, template=rng.randrange(3))
            first.kind, first.months, first.suspended, first.probation_months = \
                "fixed_term", rng.choice((36, 42, 48, 54)), False, None
            first.counts = split_counts(p.charges, first.months) if len(p.charges) > 1 else []
            return Sentence("fixed_term", rng.choice((66, 72, 78)), fine=first.fine, template=rng.randrange(3))
        if first.kind == "fixed_term" and first.months and rng.random() < 0.5:
            lower = max(6, first.months - rng.choice((6, 12)))
            if (first.months > 60) == (lower > 60):
                return Sentence("fixed_term", lower, fine=first.fine, template=rng.randrange(3))
        return None


def _two_charges(charges: list[str]) -> tuple[str, str]:
    """The person's two charges, or their one and a second intentional one."""
    if len(charges) > 1:
        return charges[0], charges[1]
    return charges[0], next(c for c in CHARGES if c != charges[0] and c not in NEGLIGENT_CHARGES)


def split_counts(charges: list[str], months: int) -> list[tuple[str, int]]:
    """Two counts whose combined sentence can lawfully be `months` (Criminal Law art. 69:
    at least the longest count, less than their sum)."""
    first = max(months * 3 // 4, min(6, months))
    second = max(months // 2, 1)
    assert max(first, second) <= months < first + second
    return [(charges[0], first), (charges[1], second)]


def _one_sentence_per_charge(rng: random.Random, p: PartyPlan, events: list[Event]) -> list[Event]:
    """Make the facts and the sentence agree: every charge in the sentence has an act
    behind it, and a person with several charges gets a combined fixed-term sentence
    (数罪并罚) or is kept to the acts of one charge."""
    s = p.first_sentence
    if s is None:
        return events
    if s.counts:
        own = [ev for ev in events if p.pid in ev.participants]
        for charge, _ in s.counts:
            if not any(ev.charge == charge for ev in own):
                model = own[-1]   # another act on the same day(s): ages stay where they were
                events = events + [Event(model.start, model.end, model.text, model.continuing, charge, [p.pid],
                                         model.place, amount=rng.choice((1200, 2600, 4800)), suffix=model.suffix)]
        p.charges = [c for c, _ in s.counts]
        return events
    if len(p.charges) < 2:
        return events
    if s.kind == "fixed_term" and s.months:
        s.counts = split_counts(p.charges, s.months)
        return events
    keep = p.charges[0]
    for ev in events:
        if ev.charge != keep and p.pid in ev.participants and len(ev.participants) > 1:
            ev.participants.remove(p.pid)
    p.charges = list(dict.fromkeys(ev.charge for ev in events if p.pid in ev.participants))
    if len(p.charges) > 1:   # the only actor of another act: the sentence becomes a combined term
        p.first_sentence = Sentence("fixed_term", 12, counts=split_counts(p.charges, 12), fine=s.fine,
                                    template=s.template)
    return events


def _grave_or_lighter(rng: random.Random, p: PartyPlan, events: list[Event]) -> None:
    """A death, life or ten-year sentence needs a grave act (robbery, a killing): mark the
    person's act grave, or, for a petty charge, lower the sentence to a term still above
    5 years (the sealing outcome stays what was drawn)."""
    s = p.first_sentence
    if s is None or not (s.kind in ("life_imprisonment", "death") or (s.kind == "fixed_term" and (s.months or 0) >= 120)):
        return
    grave = [ev for ev in events if p.pid in ev.participants and ev.charge in GRAVE_CHARGES]
    for ev in grave:
        ev.grave = True
    if not grave:
        p.first_sentence = Sentence("fixed_term", rng.choice((66, 72, 84, 96)), fine=s.fine, template=s.template)


def _born_for_birthday(birthday_on: dt.date, age: int) -> dt.date:
    if birthday_on.month == 2 and birthday_on.day == 29:
        birthday_on -= dt.timedelta(days=1)
    return birthday_on.replace(year=birthday_on.year - age)


def _officials(planner: _Planner, region: Region) -> tuple[list[str], str, str]:
    rng = planner.rng
    judges = [people.distinct_name(rng, rng.choice(("male", "female")), planner.names) for _ in range(3)]
    clerk = people.distinct_name(rng, "female", planner.names)
    prosecutor = people.distinct_name(rng, rng.choice(("male", "female")), planner.names)
    return judges, clerk, prosecutor


def plan_case(seed: int, stems: list[str], defects_rate: float, kind: CaseKind | None = None,
              edges: list[str] | None = None, variant: Variant | None = None,
              with_phenomena: bool = True) -> list[DossierPlan]:
    """Plan one case: one dossier, or two for a split case when two stems are given.
    `kind` and `edges` force the case kind and the edge cases of its first minor (tests use them);
    `variant` makes one of the case types of VARIANTS (it sets the kind and allows no edge cases);
    `with_phenomena` False leaves out what synth.phenomena draws (the plan as it was before them,
    to measure a reader with and without them)."""
    rng = random.Random(seed)
    pl = _Planner(rng, defects_rate)
    drawn_kind: CaseKind = rng.choices(("joint", "single_minor", "split", "adults_only", "non_prosecution",
                                        "conditional"), (28, 20, 16, 10, 15, 11))[0]
    if variant is not None:
        if variant not in VARIANTS:
            raise ValueError(f"unknown variant {variant!r}; known: {', '.join(VARIANTS)}")
        kind = {"retrial_appeal": "single_minor", "co_suspects": "conditional", "named_minor": "split",
                "juvenile_prior": "adults_only"}[variant]  # type: ignore[assignment]
        edges = []
        stems = stems[:1]
    kind = kind or drawn_kind
    retro = rng.random() < 0.2 and kind != "conditional"   # 附条件不起诉 exists since 2013
    retro = retro and variant is None
    court = rng.choice(people.ZHEJIANG_COURTS if retro or rng.random() < 0.5 else people.COURTS)
    drawn_edges = pl.pick_edges(kind)
    if edges is None:
        edges = drawn_edges
    unknown = set(edges) - set(EDGE_CASES)
    if unknown:
        raise ValueError(f"unknown edge cases: {sorted(unknown)}")
    anchor = (dt.date(2007, 1, 1) + dt.timedelta(days=rng.randint(0, 5 * 365)) if retro
              else dt.date(2013, 3, 1) + dt.timedelta(days=rng.randint(0, 12 * 365)))
    if edges and "leap_day_birth" in edges and anchor.year < 2008:
        anchor = anchor.replace(year=2008)

    # who is in the case
    n_minors, n_adults = {
        "joint": (rng.choice((1, 1, 2, 2, 3)), rng.choice((0, 1, 1, 2))),
        "single_minor": (1, 0), "split": (rng.choice((1, 1, 2)), rng.choice((1, 1, 2))),
        "adults_only": (0, rng.choice((1, 1, 2, 3))), "non_prosecution": (1, 0), "conditional": (1, 0),
    }[kind]
    if variant == "co_suspects":
        n_minors = 2
    elif variant == "named_minor":
        n_minors, n_adults = 1, 1
    elif variant == "juvenile_prior":
        n_adults = 1
    n_minors = min(n_minors, 4 - n_adults)
    role: Role = "suspect" if kind in ("non_prosecution", "conditional") else "defendant"
    charge = rng.choices(CHARGES, CHARGE_WEIGHTS)[0]
    if kind in ("non_prosecution", "conditional"):
        charge = rng.choice(("盗窃罪", "寻衅滋事罪", "故意伤害罪", "诈骗罪", "帮助信息网络犯罪活动罪", "抢夺罪"))
    minors: list[PartyPlan] = []
    adults: list[PartyPlan] = []
    for _ in range(n_minors):
        p = pl.person(role, rng.choice(people.REGIONS[:8]) if rng.random() < 0.7 else rng.choice(people.REGIONS))
        pl.dress_defendant(p, True, court)
        minors.append(p)
    for _ in range(n_adults):
        p = pl.person(role, rng.choice(people.REGIONS))
        pl.dress_defendant(p, False, court)
        if variant == "juvenile_prior" and not adults:
            p.prior_record = rng.choice(("盗窃罪", "寻衅滋事罪", "抢夺罪"))
            p.prior_juvenile = True
        adults.append(p)
    if minors:
        minors[0].edges = list(edges)
    else:
        edges = []

    # what happened
    second = rng.choices(CHARGES[:6], CHARGE_WEIGHTS[:6])[0] if rng.random() < 0.25 else None
    charges = [charge] + ([second] if second and kind not in ("non_prosecution", "conditional") else [])
    charges = list(dict.fromkeys(charges))
    events = pl.events(court.region, anchor, charges)
    everyone = minors + adults
    for ev in events:
        ev.participants = [p.pid for p in everyone if rng.random() < 0.85 or len(everyone) == 1] or [everyone[0].pid]
    for p in everyone:
        if not any(p.pid in ev.participants for ev in events):
            events[0].participants.append(p.pid)
    if minors and any(e in TIMING_EDGES for e in edges):
        target = minors[0]
        for ev in events:
            if target.pid in ev.participants:
                ev.participants.remove(target.pid)
        own = pl.edge_events(target, anchor, court.region, charge)
        for ev in own:
            ev.participants += [a.pid for a in adults if rng.random() < 0.5]
        events = [ev for ev in events if ev.participants] + own
        events.sort(key=lambda e: e.start)
    for p in everyone:
        p.charges = list(dict.fromkeys(ev.charge for ev in events if p.pid in ev.participants))
    victims: list[PartyPlan] = []
    for ev in events:
        if ev.charge not in ("交通肇事罪", "帮助信息网络犯罪活动罪") and rng.random() < 0.8:
            victim = pl.person("victim", court.region)
            if rng.random() < 0.4 and victim.name[0] + "某" not in pl.names:
                victim.name = victim.name[0] + "某"   # published style for victims
                pl.names.add(victim.name)
            ev.victim = victim.pid
            victims.append(victim)

    # birth dates fitted to the events
    for p in everyone:
        own = [ev for ev in events if p.pid in ev.participants]
        if p.born is None:
            if p in minors:
                p.born = people.birth_for_age(rng, max(ev.end for ev in own), rng.choice((15, 16, 16, 17, 17)))
            else:
                p.born = people.birth_for_age(rng, min(ev.start for ev in own), rng.randint(19, 48))
        if p in minors and "age_without_birth_date" in p.edges:
            p.stated_age = _age_on(p.born, max(ev.end for ev in own))
        pl.identity(p)
    last_offence = max(ev.end for ev in events)

    # procedure dates
    for p in everyone:
        own_end = max(ev.end for ev in events if p.pid in ev.participants)
        p.detained_on = max(own_end, last_offence) + dt.timedelta(days=rng.randint(3, 40))
        if p in minors and rng.random() < 0.6:
            p.bail_on = p.detained_on + dt.timedelta(days=rng.randint(10, 37))
    filed_on = max(p.detained_on for p in everyone if p.detained_on) + dt.timedelta(days=rng.randint(40, 90))
    decided_on = filed_on + dt.timedelta(days=rng.randint(20, 75))
    if retro and decided_on > dt.date(2012, 12, 31):
        decided_on = dt.date(2012, 12, rng.randint(1, 28))
        filed_on = min(filed_on, decided_on - dt.timedelta(days=15))

    # legal representatives and counsel
    companions: list[PartyPlan] = []
    for m in minors:
        rep_gender: Gender = "male" if rng.random() < 0.5 else "female"
        if set(m.edges) & ADULT_AT_TRIAL_EDGES:
            continue   # already 18 when prosecuted: no legal representative takes part
        rep = pl.person("legal_representative", m.region or court.region, gender=rep_gender)
        if rep_gender == "male":   # a father usually shares the child's surname
            same = people.with_surname(rng, m.name[0], rep_gender, pl.names)
            rep.name = same or rep.name
        rep.relation = ("母亲" if rng.random() < 0.5 else "母") if rep.gender == "female" else rng.choice(("父亲", "父"))
        if rep.relation.startswith("母") and rep.name[0] == m.name[0] and rng.random() < 0.5:
            rep.relation = rng.choice(("祖母", "姑母"))
        rep.represents = m.pid
        rep.residence = m.residence
        rep.born = people.birth_for_age(rng, decided_on, rng.randint(36, 62))
        if rng.random() < 0.6:
            rep.phone = people.phone(rng)
        rep.party_template = rng.randrange(3)
        m.guardians = [rep.name]
        other_parent = people.distinct_name(rng, "male" if rep.gender == "female" else "female", pl.names)
        m.guardians.append(other_parent)
        companions.append(rep)
    for d in everyone:
        if rng.random() < (0.9 if d in minors else 0.5):
            counsel = pl.person("defence_counsel", court.region, gender="male" if rng.random() < 0.5 else "female")
            counsel.firm = rng.choice(people.LAW_FIRMS)
            counsel.represents = d.pid
            counsel.party_template = rng.randrange(3)
            companions.append(counsel)

    # outcomes
    for p in minors:
        p.first_sentence = pl.sentence(p, True, p.charges)
    for p in adults:
        p.first_sentence = pl.sentence(p, False, p.charges)
    if kind in ("non_prosecution", "conditional"):
        for p in everyone:
            p.first_sentence = _non_prosecution(rng, kind)
            p.first_sentence.test_period_open = "conditional_test_period_open" in p.edges and kind == "conditional"
        if variant == "co_suspects":   # the second suspect's test period has not ended with a decision
            assert everyone[1].first_sentence is not None
            everyone[1].first_sentence.test_period_open = True
    has_appeal = kind not in ("non_prosecution", "conditional") and (
        any("appeal_changes_sentence" in p.edges for p in everyone) or rng.random() < 0.12)
    appeal_on = decided_on + dt.timedelta(days=rng.randint(45, 120)) if has_appeal else None
    if retro and appeal_on and appeal_on > dt.date(2012, 12, 31):
        appeal_on = dt.date(2012, 12, 31)
        decided_on = min(decided_on, appeal_on - dt.timedelta(days=30))
    for p in everyone:
        events = _one_sentence_per_charge(rng, p, events)
        _grave_or_lighter(rng, p, events)
    if has_appeal:
        for p in everyone:
            assert p.first_sentence is not None
            p.appeal_sentence = pl.appeal(p, p.first_sentence)
            if p.appeal_sentence and len(p.charges) > 1 and p.appeal_sentence.months:
                p.appeal_sentence.counts = split_counts(p.charges, p.appeal_sentence.months)
    retrial_on: dt.date | None = None
    if variant == "retrial_appeal":
        # 3 years at first instance, 7 on retrial (刑再), 4 when the retrial is appealed (刑终)
        p = minors[0]
        p.first_sentence = Sentence("fixed_term", 36, template=rng.randrange(3))
        p.retrial_sentence = Sentence("fixed_term", 84, template=rng.randrange(3))
        p.appeal_sentence = Sentence("fixed_term", 48, template=rng.randrange(3))
        for s in (p.first_sentence, p.retrial_sentence, p.appeal_sentence):
            s.counts = split_counts(p.charges, s.months or 0) if len(p.charges) > 1 else []
        retrial_on = decided_on + dt.timedelta(days=rng.randint(150, 300))
        appeal_on = retrial_on + dt.timedelta(days=rng.randint(45, 120))

    # what published judgments say beyond the acts (a stream of its own: nothing above changes)
    run_on = phenomena.draw(seed, minors, adults, events, court, filed_on) if with_phenomena else False

    judges, clerk, prosecutor = _officials(pl, court.region)
    year = filed_on.year
    first_no = f"（{year}）{court.code}刑初{rng.randint(12, 1480)}号"
    proc_no = f"{court.proc_abbr}未检刑诉〔{year}〕{rng.randint(1, 260)}号" if minors else \
        f"{court.proc_abbr}刑诉〔{year}〕{rng.randint(100, 2600)}号"
    appeal_no = f"（{appeal_on.year}）{court.appeal_code}刑终{rng.randint(10, 900)}号" if appeal_on else None
    retrial_no = f"（{retrial_on.year}）{court.code}刑再{rng.randint(1, 30)}号" if retrial_on else None

    parties = everyone + companions + victims
    plans: list[DossierPlan] = []
    split = kind == "split"
    sides: list[Side | None] = [None]
    if split:
        sides = ["minor", "adult"] if len(stems) > 1 else [rng.choice(("minor", "adult"))]
        if variant == "named_minor":
            sides = ["adult"]
    for stem, side in zip(stems, sides):
        case_parties = [copy.deepcopy(p) for p in parties]   # each file may change roles
        if side is not None:
            in_file = {p.pid for p in (minors if side == "minor" else adults)}
            case_parties = [p for p in case_parties  # the other side's representatives and counsel are absent
                            if p.role not in ("legal_representative", "defence_counsel") or p.represents in in_file]
            for p in case_parties:
                if p.role == "defendant" and p.pid not in in_file:
                    p.role = "other"
                    p.tried_separately = True
                    p.appeal_sentence = None
        file_first_no = first_no if side != "adult" else f"（{year}）{court.code}刑初{rng.randint(1490, 2200)}号"
        file_proc_no = proc_no if side != "adult" else f"{court.proc_abbr}刑诉〔{year}〕{rng.randint(300, 2600)}号"
        p_in = [p for p in case_parties if p.role in ("defendant", "suspect")]
        file_appeal_no = appeal_no if side != "adult" or appeal_on is None else \
            f"（{appeal_on.year}）{court.appeal_code}刑终{rng.randint(901, 1500)}号"
        docs = _documents(rng, kind, court, p_in, file_first_no, file_proc_no, file_appeal_no, filed_on, decided_on,
                          appeal_on)
        if retrial_on and retrial_no:   # the retrial goes between the first judgment and the appeal
            at = next(i for i, d in enumerate(docs) if d.subtype == "appeal")
            docs.insert(at, DocPlan("retrial_judgment", "retrial", retrial_no, retrial_on))
        order = ("judgment_first", "retrial", "appeal", "np", "cnp", "np_final", "indictment")
        case_numbers = [d.number for kind in order for d in docs if d.subtype == kind and d.number]
        concluded = max(d.issued_on for d in docs
                        if d.subtype in ("judgment_first", "retrial", "appeal", "np", "cnp", "np_final"))
        blank_after = [i for i in range(len(docs) - 1) if rng.random() < 0.1]
        file_edges = sorted({e for p in case_parties if p.role in ("defendant", "suspect") for e in p.edges})
        plans.append(DossierPlan(stem, kind, side, court, case_parties, events, docs,
                                 list(dict.fromkeys(case_numbers)), concluded,
                                 split if kind != "single_minor" else False, file_edges, blank_after, judges, clerk,
                                 prosecutor, filed_on, seed, variant, run_on))
    return plans


def _age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _non_prosecution(rng: random.Random, kind: CaseKind) -> Sentence:
    if kind == "conditional":
        return Sentence("conditional_non_prosecution", test_period_months=rng.choice((6, 8, 10, 12)),
                        ground="conditional", template=rng.randrange(3))
    ground = rng.choices(("np_minor_offence", "np_no_crime", "np_insufficient_evidence"), (6, 2, 2))[0]
    return Sentence("non_prosecution", ground=ground, template=rng.randrange(3))


def _documents(rng: random.Random, kind: CaseKind, court: Court, defendants: list[PartyPlan], first_no: str,
               proc_no: str, appeal_no: str | None, filed_on: dt.date, decided_on: dt.date,
               appeal_on: dt.date | None) -> list[DocPlan]:
    """The documents of one file in binding order (cover first)."""
    minors = [p for p in defendants if p.planned_minor]
    docs: list[DocPlan] = []
    prosecution = kind in ("non_prosecution", "conditional")
    concluded = appeal_on or decided_on
    if prosecution:
        docs.append(DocPlan("cover", "cover", None, decided_on))
    else:
        docs.append(DocPlan("cover", "cover", first_no, concluded))
    for p in defendants:
        if p.detained_on and rng.random() < 0.6:
            docs.append(DocPlan("compulsory_measure", "detention", None, p.detained_on, p.pid))
        if p.bail_on and rng.random() < 0.7:
            docs.append(DocPlan("compulsory_measure", "bail", None, p.bail_on, p.pid))
    for p in minors:
        # a report on a minor would settle an age the file leaves open on purpose
        if rng.random() < 0.65 and not set(p.edges) & AGE_DOUBT_EDGES and not (p.birth_mask and not p.finds_minor):
            docs.append(DocPlan("social_investigation", "social", None,
                                filed_on - dt.timedelta(days=rng.randint(5, 30)), p.pid))
    if prosecution:
        np_no = f"{court.proc_abbr}未检刑不诉〔{decided_on.year}〕{rng.randint(1, 90)}号"
        if kind == "conditional" and len(defendants) > 1:   # co-suspects: one decision about each
            finals: list[DocPlan] = []
            for i, p in enumerate(defendants):
                s = p.first_sentence
                assert s is not None and s.test_period_months
                docs.append(DocPlan("conditional_non_prosecution_decision", "cnp",
                                    f"{court.proc_abbr}未检刑附不诉〔{decided_on.year}〕{41 + i}号", decided_on, p.pid))
                if not s.test_period_open:
                    final_on = add_months(decided_on, s.test_period_months) + dt.timedelta(days=rng.randint(2, 20))
                    finals.append(DocPlan("non_prosecution_decision", "np_final",
                                          f"{court.proc_abbr}未检刑不诉〔{final_on.year}〕{91 + i}号", final_on, p.pid))
            return docs + finals
        if kind == "conditional":
            s = defendants[0].first_sentence
            assert s is not None and s.test_period_months
            cnp_no = f"{court.proc_abbr}未检刑附不诉〔{decided_on.year}〕{rng.randint(1, 40)}号"
            docs.append(DocPlan("conditional_non_prosecution_decision", "cnp", cnp_no, decided_on))
            if s.test_period_open:
                return docs
            final_on = add_months(decided_on, s.test_period_months) + dt.timedelta(days=rng.randint(2, 20))
            docs.append(DocPlan("non_prosecution_decision", "np_final",
                                f"{court.proc_abbr}未检刑不诉〔{final_on.year}〕{rng.randint(1, 90)}号", final_on))
        else:
            docs.append(DocPlan("non_prosecution_decision", "np", np_no, decided_on))
        return docs
    if rng.random() < 0.75:
        docs.append(DocPlan("indictment", "indictment", proc_no, filed_on))
    docs.append(DocPlan("judgment", "judgment_first", first_no, decided_on))
    if appeal_no and appeal_on:
        docs.append(DocPlan("appeal_judgment", "appeal", appeal_no, appeal_on))
    return docs


