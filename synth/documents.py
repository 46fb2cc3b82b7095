"""The words of each document, written from the plan.

Every phrasing has several templates (party paragraphs, sentence items, date
phrases), so extraction cannot succeed by matching one string. The writer also
records what it printed about each person (`Writer.printed`): the truth lists
an identifier only if the file really carries it.

Blocks are (style, text): "court" and "title" are centred, "number" and "sign"
right-aligned, "para" an indented paragraph, "line" a flush-left line, "gap"
an empty line, "seal" a seal image over the line before it.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from synth.expected import expect
from synth.numerals import add_months, arabic_date, cn_date, cn_number, cn_term, money
from synth.phenomena import INJURY_GRADES, Prior, Tail
from synth.plan import CHARGE_ARTICLES, DocPlan, DossierPlan, Event, PartyPlan, Sentence

Block = tuple[str, str]
# Criminal Procedure Law articles by revision: 1996 text (cases before 2013), 2012 text, 2018 text (from 2018-10-26).
CPL_2012 = dt.date(2013, 1, 1)
CPL_2018 = dt.date(2018, 10, 26)
CPL: dict[str, tuple[str | None, str, str]] = {
    "detention": ("第六十一条", "第八十条", "第八十二条"),
    "bail": ("第五十一条", "第六十五条", "第六十七条"),
    "indictment": ("第一百四十一条", "第一百七十二条", "第一百七十六条"),
    "acquittal": ("第一百六十二条第（三）项", "第一百九十五条第（三）项", "第二百条第（三）项"),
    "appeal_upheld": ("第一百八十九条第（一）项", "第二百二十五条第一款第（一）项", "第二百三十六条第一款第（一）项"),
    "appeal_changed": ("第一百八十九条第（二）项", "第二百二十五条第一款第（二）项", "第二百三十六条第一款第（二）项"),
    "np_minor_offence": ("第一百四十二条第二款", "第一百七十三条第二款", "第一百七十七条第二款"),
    "np_no_crime": ("第一百四十二条第一款", "第一百七十三条第一款", "第一百七十七条第一款"),
    "np_insufficient_evidence": ("第一百四十条第四款", "第一百七十一条第四款", "第一百七十五条第四款"),
    "conditional": (None, "第二百七十一条第一款", "第二百八十二条第一款"),
    "test_period_breach": (None, "第二百七十三条第一款", "第二百八十四条第一款"),
    "test_period_passed": (None, "第二百七十三条第二款", "第二百八十四条第二款"),
}


def cpl(key: str, on: dt.date) -> str:
    """The CPL article for `key` as numbered on the day a document was issued."""
    old, mid, new = CPL[key]
    article = new if on >= CPL_2018 else mid if on >= CPL_2012 else old
    if article is None:
        raise ValueError(f"{key} did not exist in the CPL on {on}")
    return article
ID_BREAK_START = "\ue001"   # an ID between these two marks is laid out across a line break
ID_BREAK_END = "\ue002"
GENDER = {"male": "男", "female": "女"}
# Criminal Law art. 17: the mitigation for offenders under 18 is para. 3, para. 4 since Amendment XI
AMENDMENT_XI = dt.date(2021, 3, 1)
# a clause told after an act comes in this order among clauses of the same day
TAIL_ORDER = ("report", "caught", "surrender", "summoned", "detained", "seizure", "death", "injury", "compensation")


@dataclass
class WrittenDocument:
    plan: DocPlan
    blocks: list[Block]
    seal_text: str | None = None      # the organisation on the seal (drawn as an image)


@dataclass
class Writer:
    dossier: DossierPlan
    rng: random.Random
    printed: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    mentioned: set[str] = field(default_factory=set)     # pids whose name appears
    printed_events: list[Event] = field(default_factory=list)   # the facts the file states
    officials: list[dict[str, str]] = field(default_factory=list)  # judges, clerk, prosecutor named
    # the words of synth.phenomena come from a stream of their own, so that a dossier drawing
    # none of them is written word for word as before (write_dossier seeds it per dossier)
    prng: random.Random = field(default_factory=lambda: random.Random(0))
    shown: set[str] = field(default_factory=set)   # the phenomena this file prints (the truth lists them)

    # ------------------------------------------------------------------ helpers
    def mark(self, p: PartyPlan, *fields: str) -> None:
        self.printed[p.pid].update(fields)
        self.mentioned.add(p.pid)

    def birth_text(self, p: PartyPlan) -> str:
        if p.birth_mask is not None:
            self.shown.add("masked_birth")
            return p.birth_mask
        assert p.written_birth is not None
        return cn_date(p.written_birth) if p.birth_in_cn else arabic_date(p.written_birth)

    def dated(self, p: PartyPlan) -> bool:
        """Whether the party paragraph prints a birth date, written or masked (else the age)."""
        return p.written_birth is not None or p.birth_mask is not None

    def mark_birth(self, p: PartyPlan) -> None:
        """A written birth date is a value of the truth; a masked one is not."""
        if p.birth_mask is None:
            self.mark(p, "birth_date")

    def id_text(self, p: PartyPlan) -> str:
        assert p.id_number is not None
        return f"{ID_BREAK_START}{p.id_number}{ID_BREAK_END}" if p.break_id else p.id_number

    def alias_text(self, p: PartyPlan) -> str:
        if not p.aliases:
            return ""
        self.mark(p, "aliases")
        a = p.aliases[0]
        if p.alias_kind == "绰号":
            return self.rng.choice((f"（绰号“{a}”）", f"，绰号“{a}”", f"（外号“{a}”）"))
        return self.rng.choice((f"（曾用名{a}）", f"，曾用名{a}", f"（又名{a}）"))

    def names(self, pids: list[str]) -> str:
        return "、".join(self.dossier.party(pid).name for pid in pids)

    def minor_clean(self, p: PartyPlan) -> bool:
        """Minor at the offence with nothing ambiguous: the court may say so in words."""
        d = self.dossier
        if p.birth_mask is not None and not p.finds_minor:
            return False   # a masked copy without the court's finding: the file says nothing of the age
        exp = expect(p, d.events, d.concluded_on, d.court.province)
        return exp.minor_at_offence is True and not exp.review and p.main_conduct is None

    # ------------------------------------------------------------------ parties
    def custody(self, p: PartyPlan, charge: str) -> str:
        d = self.dossier
        if p.detained_on is None:
            return ""
        det = arabic_date(p.detained_on)
        r = self.rng.randrange(3)
        if r == 2 and p.procedure is not None and p.procedure.kind != "caught":
            r = 0   # "caught that day, detained the next" would contradict the surrender or detention the findings date
        if p.bail_on:
            bail = (f"同年{p.bail_on.month}月{p.bail_on.day}日" if p.bail_on.year == p.detained_on.year
                    else arabic_date(p.bail_on))
            return (f"因涉嫌{charge}于{det}被{d.court.police}刑事拘留，{bail}被取保候审。",
                    f"{det}因涉嫌犯{charge}被刑事拘留，{bail}被依法取保候审。",
                    f"因本案于{det}被抓获，次日被刑事拘留，{bail}被取保候审。")[r]
        arrest = p.detained_on + dt.timedelta(days=self.rng.randint(20, 37))
        arrest = p.arrested_on or arrest   # the day the findings give too (synth.phenomena)
        # 同年 only within the year of the detention: across New Year it would name a day before it
        later = f"同年{arrest.month}月{arrest.day}日" if arrest.year == p.detained_on.year else arabic_date(arrest)
        return (f"因涉嫌{charge}于{det}被{d.court.police}刑事拘留，{later}经"
                f"{d.court.procuratorate}批准被逮捕。现羁押于{d.court.detention_centre}。",
                f"{det}因涉嫌犯{charge}被刑事拘留，{arabic_date(arrest)}被逮捕。现押于{d.court.detention_centre}。",
                f"因涉嫌犯{charge}，于{det}被刑事拘留，{later}被逮捕。")[r]

    def party(self, p: PartyPlan, label: str, template: int | None = None) -> str:
        rng = self.rng
        t = p.party_template if template is None else template
        if p.written_birth is None and p.birth_mask is None:
            t = 3
        self.mark(p, "name")
        alias = self.alias_text(p)
        g = GENDER[p.gender]
        charge = p.charges[0] if p.charges else "盗窃罪"
        prior = ""
        if p.prior_record and p.prior_juvenile:   # variant juvenile_prior: committed at 16, judged at 17
            prior = self.juvenile_prior(p)
        elif p.priors:
            prior = self.priors_text(p)
        elif p.prior_record:
            y = (p.written_birth or dt.date(1990, 1, 1)).year + 20
            prior = f"{y}年{rng.randint(1, 12)}月因犯{p.prior_record}被判处有期徒刑{cn_term(rng.choice((8, 12, 18)))}。"
        custody = self.custody(p, charge)
        if t == 3:
            self.mark(p, "residence")
            return (f"{label}{p.name}{alias}，{g}，{p.stated_age}岁，{p.ethnicity}，{p.education}文化，{p.occupation}，"
                    f"住{p.residence}。{prior}{custody}")
        id_part = ""
        if p.id_number:
            self.mark(p, "id_number")
            id_part = rng.choice(("，公民身份号码", "，身份证号码", "，身份证号")) + self.id_text(p)
        elif p.birth_mask is not None and self.prng.random() < 0.4:   # published copies mask the ID as well
            id_part = self.prng.choice(("，公民身份号码×××", "，身份证号码××××××××××××××××××"))
        self.mark_birth(p)
        note = "，案发时未满十八周岁" if self.minor_clean(p) and rng.random() < 0.5 else ""
        if t == 0:
            self.mark(p, "residence")
            school = ""
            if p.school:
                self.mark(p, "school")
                school = rng.choice((f"，系{p.school}学生", f"，就读于{p.school}"))
            return (f"{label}{p.name}{alias}，{g}，{self.birth_text(p)}出生{id_part}，{p.ethnicity}，{p.education}文化，"
                    f"{p.occupation}{school}，住{p.residence}{note}。{prior}{custody}")
        if t == 1:
            self.mark(p, "household", "residence")
            phone = ""
            if p.phone:
                self.mark(p, "phone")
                phone = f"，联系电话{p.phone}"
            school = ""
            if p.school:
                self.mark(p, "school")
                school = f"，{p.school}在校学生"
            return (f"{label}{p.name}{alias}，{g}，{p.ethnicity}，{self.birth_text(p)}生，户籍地{p.household}，"
                    f"现住{p.residence}{id_part}，{p.education}文化，{p.occupation}{school}{phone}{note}。{prior}{custody}")
        self.mark(p, "household")
        tail = p.occupation
        if p.school:
            self.mark(p, "school")
            tail = f"就读于{p.school}"
        return (f"{label}{p.name}{alias}，{g}，出生于{self.birth_text(p)}，{p.ethnicity}，户籍所在地{p.household}"
                f"{id_part}，{tail}{note}。{prior}{custody}")

    def juvenile_prior(self, p: PartyPlan) -> str:
        """The prior record an adult's file states, committed under 18 and sentenced within
        the sealing limits: a sealed record this file cites (Measures art. 6). Recorded as
        printed, so the truth lists it."""
        assert p.born is not None and p.prior_record
        judged = dt.date(p.born.year + 17, min(p.born.month, 12), 1)
        months = 12
        text = (f"{judged.year}年{judged.month}月因犯{p.prior_record}被判处有期徒刑{cn_term(months)}"
                f"（犯罪时未满十八周岁）。")
        self.printed[p.pid].add(f"prior:{text}")
        return text

    def priors_text(self, p: PartyPlan) -> str:
        """An adult's earlier penalties as party paragraphs date them; the dates are of earlier
        cases, never offence dates of this one."""
        self.shown.add("adult_priors")
        parts = [self.prior_text(prior, i == 0) for i, prior in enumerate(p.priors)]
        return "；".join(parts) + "。"

    def prior_text(self, prior: Prior, first: bool) -> str:
        rng = self.prng
        once = "曾" if first and rng.random() < 0.7 else ""
        on = arabic_date(prior.decided_on) if rng.random() < 0.7 else f"{prior.decided_on.year}年{prior.decided_on.month}月"
        if prior.kind == "administrative":
            days = cn_number(prior.term)
            return rng.choice((f"{once}因{prior.cause}于{on}被{prior.by}行政拘留{days}日",
                               f"{once}因{prior.cause}被{prior.by}于{on}处行政拘留{days}日",
                               f"{on}因{prior.cause}被{prior.by}行政拘留{days}日并处罚款{rng.choice((200, 500))}元"))
        assert prior.released_on is not None
        out = prior.released_on
        released = f"同年{out.month}月{out.day}日" if out.year == prior.decided_on.year else arabic_date(out)
        term = cn_term(prior.term)
        return rng.choice((f"{once}因犯{prior.cause}于{on}被{prior.by}判处有期徒刑{term}，{released}刑满释放",
                           f"{on}因犯{prior.cause}被{prior.by}判处有期徒刑{term}，于{released}刑满释放",
                           f"{once}因犯{prior.cause}，于{on}被{prior.by}判处有期徒刑{term}，{released}刑满释放"))

    def representative(self, rep: PartyPlan, label: str) -> str:
        minor = self.dossier.party(rep.represents or "")
        self.mark(rep, "name")
        self.printed[minor.pid].add(f"guardian:{rep.name}")
        rel = rep.relation or "母"
        of = f"之{rel}" if len(rel) == 1 else f"的{rel}"
        g = GENDER[rep.gender]
        if rep.party_template == 0:
            assert rep.born is not None
            self.mark(rep, "residence", "birth_date")
            return (f"法定代理人{rep.name}，{g}，{rep.born.year}年{rep.born.month}月{rep.born.day}日出生，"
                    f"住{rep.residence}，系{label}{minor.name}{of}。")
        if rep.party_template == 1:
            phone = ""
            if rep.phone:
                self.mark(rep, "phone")
                self.printed[minor.pid].add(f"phone:{rep.phone}")
                phone = f"，联系电话{rep.phone}"
            self.mark(rep, "residence")
            return f"法定代理人{rep.name}（系{label}{minor.name}{of}），住{rep.residence}{phone}。"
        return f"法定代理人{rep.name}，系{minor.name}{of}，{g}，{self.rng.choice(('务工', '农民', '个体经营者', '公司职员'))}。"

    def counsel(self, c: PartyPlan) -> str:
        self.mark(c, "name")
        return (f"辩护人{c.name}，{c.firm}律师。",
                f"辩护人{c.name}，{c.firm}律师，系{self.dossier.court.region.city}法律援助中心指派。",
                f"指定辩护人{c.name}，{c.firm}律师。")[c.party_template]

    def parties_block(self, label: str, defendants: list[PartyPlan]) -> list[Block]:
        d = self.dossier
        blocks: list[Block] = []
        for p in defendants:
            blocks.append(("para", self.party(p, label)))
            for rep in d.parties:
                if rep.role == "legal_representative" and rep.represents == p.pid:
                    blocks.append(("para", self.representative(rep, label)))
        for c in d.parties:
            if c.role == "defence_counsel" and c.represents in {p.pid for p in defendants}:
                blocks.append(("para", self.counsel(c)))
        return blocks

    # ------------------------------------------------------------------ facts
    def separate_mention(self, p: PartyPlan) -> str:
        """How an adult's file names a minor tried separately (or a minor's file an adult).
        The note calls them a minor or an adult only where this file's own facts decide
        it (the truth's minor_at_offence); otherwise it says only 另案处理."""
        rng = self.rng
        self.mark(p, "name")
        d = self.dossier
        # judged on this file: another file's words on the main conduct do not count here
        verdict = expect(dataclasses.replace(p, main_conduct_stated=False), self.stated_events(),
                         d.concluded_on, d.court.province).minor_at_offence
        if d.variant == "named_minor":   # the file's own statement, the wording of published judgments
            return f"同案人{p.name}（犯罪时未满十八周岁，另案处理）"
        if verdict is None:
            return f"{p.name}（另案处理）"
        if verdict:
            r = rng.randrange(4)
            if r == 0 and p.written_birth:
                self.mark(p, "birth_date")
                return f"{p.name}（{self.birth_text(p)}出生，系未成年人，另案处理）"
            if r == 1 and p.school:
                self.mark(p, "school")
                return f"{p.name}（未成年人，{p.school}学生，另案处理）"
            if r == 2 and p.aliases:
                self.mark(p, "aliases")
                return f"{p.name}（{p.alias_kind}{p.aliases[0]}，未成年人，另案处理）"
            return f"{p.name}（未成年人，另案处理）"
        return f"{p.name}（已成年，另案处理）"

    def actor_list(self, ev: Event, label: str) -> str:
        d = self.dossier
        inside = [d.party(pid) for pid in ev.participants if d.party(pid).role in ("defendant", "suspect")]
        outside = [d.party(pid) for pid in ev.participants if d.party(pid).role == "other"]
        text = f"{label}{inside[0].name}"
        if len(inside) > 1:
            text += self.rng.choice(("伙同", "与")) + label + f"、{label}".join(p.name for p in inside[1:])
        if outside:
            text += "与" + "、".join(self.separate_mention(p) for p in outside)
        return text

    def act(self, ev: Event) -> str:
        d = self.dossier
        v = "他人"
        if ev.victim:
            victim = d.party(ev.victim)
            self.mark(victim, "name")
            v = f"被害人{victim.name}"
        amt = money(ev.amount, self.rng.random() < 0.3)
        if ev.grave and any(t.kind == "death" for t in ev.tails):   # the death is told on its own day after the act
            return f"因琐事与{v}发生争执，持刀捅刺{v}胸腹部数刀，致其重伤"
        if ev.grave:
            return {"抢劫罪": f"持刀抢劫{v}，劫得{amt}，并将{v}捅成重伤二级",
                    "故意伤害罪": f"因琐事与{v}发生争执，持刀捅刺{v}胸腹部数刀，致其经抢救无效死亡"}[ev.charge]
        if ev.continuing:
            return {"盗窃罪": f"先后多次窃取{v}等人财物，共计价值{amt}",
                    "诈骗罪": f"以刷单返利为名多次骗取{v}等人钱款共计{amt}",
                    "帮助信息网络犯罪活动罪": f"多次将本人银行卡出租给他人用于转移诈骗资金，流水共计{amt}"}.get(
                        ev.charge, f"多次在{ev.place}一带实施{ev.charge[:-1]}行为，涉及{v}等人")
        return {"盗窃罪": f"趁无人注意，窃取{v}放置在桌上的手机一部（经鉴定价值{amt}）",
                "抢劫罪": f"采用言语威胁、殴打等手段，强行劫取{v}现金{amt}及手机一部",
                "故意伤害罪": f"因琐事与{v}发生争执，持木棍殴打{v}，致其轻伤二级",
                "寻衅滋事罪": f"酒后无故追逐、拦截、殴打{v}，致其轻微伤",
                "诈骗罪": f"以出售游戏账号为名，骗取{v}{amt}",
                "聚众斗殴罪": f"纠集多人持械与他人斗殴，造成{v}受伤",
                "帮助信息网络犯罪活动罪": f"明知他人利用信息网络实施犯罪，仍将本人银行卡出租给他人使用，涉案流水共计{amt}",
                "抢夺罪": f"趁{v}不备，抢夺其手中的手机一部（价值{amt}）",
                "敲诈勒索罪": f"以散布隐私相威胁，向{v}索取{amt}",
                "交通肇事罪": "驾驶无号牌二轮摩托车与行人发生碰撞，致一人重伤，负事故全部责任",
                "过失致人重伤罪": f"与{v}追逐嬉闹时不慎将其推倒，致其重伤二级"}[ev.charge]

    def stated_events(self) -> list[Event]:
        """The acts the findings of fact state: those of the defendants this file tries."""
        d = self.dossier
        return [ev for ev in d.events if any(d.party(pid).role in ("defendant", "suspect") for pid in ev.participants)]

    def facts(self, label: str, heading: str | None = None, run_on: tuple[str, ...] = ()) -> list[Block]:
        """The findings: `heading` (经审理查明：) as a paragraph of its own, then one paragraph
        per act, each followed by what its later days brought (synth.phenomena). When the file
        runs its findings on (DossierPlan.run_on_findings) and they hold one act, one of the
        `run_on` headings is written straight before the act's date, with no punctuation."""
        evs = self.stated_events()
        self.printed_events = evs
        blocks: list[Block] = [("para", heading)] if heading else []
        for i, ev in enumerate(evs):
            head = f"{cn_number(i + 1)}、" if len(evs) > 1 else ""
            blocks.append(("para", f"{head}{ev.text}{ev.suffix}，{self.actor_list(ev, label)}在{ev.place}，{self.act(ev)}。"
                                   f"{self.tails(ev, evs, label)}"))
        if self.dossier.run_on_findings and run_on and len(evs) == 1:
            self.shown.add("run_on_findings")
            blocks = [("para", self.prng.choice(run_on) + blocks[-1][1])]
        return blocks

    def tails(self, ev: Event, evs: list[Event], label: str) -> str:
        """The dated clauses after one act: its own (report, seizure, injury, damages, death)
        and the arrest or surrender of each person of this file whose last act it is. Each date
        is written as published judgments write it, often relative to the one before it
        (次日, 同月8日, 同年4月2日)."""
        d = self.dossier
        inside = [d.party(pid) for pid in ev.participants if d.party(pid).role in ("defendant", "suspect")]
        procedures = [p.procedure for p in inside if p.procedure is not None
                      and ev is [e for e in evs if p.pid in e.participants][-1]]
        clauses = sorted(ev.tails + procedures, key=lambda t: (t.day, TAIL_ORDER.index(t.kind)))
        prev = ev.end if ev.start == ev.end else None
        year = ev.end.year
        out: list[str] = []
        for tail in clauses:
            out.append(self.tail(tail, ev, inside, label, self.tail_date(tail.day, prev, year)))
            prev, year = tail.day, tail.day.year
        return "".join(out)

    def tail_date(self, day: dt.date, prev: dt.date | None, year: int) -> str:
        """A later date as the findings write it: 当日 / 次日 after a day just named, 同月…日,
        同年…月…日 within the year just named, or in full."""
        r = self.prng.random()
        if prev is not None and day == prev and r < 0.6:
            return "当日"
        if prev is not None and day == prev + dt.timedelta(days=1) and r < 0.6:
            return "次日"
        if prev is not None and (day.year, day.month) == (prev.year, prev.month) and r < 0.4:
            return f"同月{day.day}日"
        if day.year == year and r < 0.5:
            return f"同年{day.month}月{day.day}日"
        return arabic_date(day)

    def tail(self, tail: Tail, ev: Event, inside: list[PartyPlan], label: str, on: str) -> str:
        """One dated clause; the phenomenon it shows is recorded."""
        d = self.dossier
        rng = self.prng
        police = d.court.police
        victim = f"被害人{d.party(ev.victim).name}" if ev.victim else "被害人"
        if tail.who is not None:
            self.shown.add("procedure_in_findings")
            p = d.party(tail.who)
            who = f"{label}{p.name}"
            if tail.kind == "caught":
                place = rng.choice((f"{d.court.region.district}某小区", f"{d.court.region.district}某网吧",
                                    f"{d.court.region.city}火车站附近", "其暂住处"))
                return rng.choice((f"{on}，{who}被{police}抓获归案。", f"{who}于{on}被公安机关抓获归案。",
                                   f"{on}，民警在{place}将{who}抓获。"))
            if tail.kind == "surrender":
                return rng.choice((f"{on}，{who}主动到{police}投案。", f"{who}于{on}主动投案，如实供述了上述犯罪事实。",
                                   f"案发后，{who}于{on}到公安机关投案自首。"))
            if tail.kind == "summoned":
                return rng.choice((f"{on}，{who}经民警电话通知到案。",
                                   f"{who}于{on}经公安机关电话传唤到案，到案后如实供述了自己的罪行。"))
            charge = p.charges[0] if p.charges else ev.charge
            after = "后被依法逮捕"
            if p.bail_on is not None:
                after = f"{self.tail_date(p.bail_on, tail.day, tail.day.year)}被取保候审"
            elif p.arrested_on is not None:
                after = f"{self.tail_date(p.arrested_on, tail.day, tail.day.year)}被逮捕"
            return rng.choice((f"{who}因涉嫌{charge}于{on}被刑事拘留，{after}。",
                               f"{on}，{who}因涉嫌{charge}被{police}刑事拘留，{after}。"))
        named = f"{label}{inside[0].name}"
        if tail.kind in ("report", "seizure"):
            self.shown.add("authority_clauses")
            if tail.kind == "report":
                caller = victim if ev.victim else "群众"
                return rng.choice((f"{on}，{police}接到报警后立案侦查。", f"{caller}于{on}向公安机关报警。",
                                   f"{on}，{caller}报警，{police}于同日立案侦查。"))
            loot = "涉案手机一部" if not ev.continuing else "部分赃物"
            return rng.choice((f"{police}于{on}从{named}住处查获{loot}，已发还被害人。",
                               f"{on}，公安机关从{named}处查获{loot}并依法扣押。"))
        self.shown.add("aftermath")
        if tail.kind == "death":
            return rng.choice((f"{victim}经送医抢救无效，于{on}死亡。", f"{on}，{victim}经抢救无效死亡。"))
        if tail.kind == "injury":
            hurt = victim if ev.victim else "伤者"
            grade = INJURY_GRADES[ev.charge]
            return rng.choice((f"{on}，经{d.court.region.city}公安司法鉴定中心鉴定，{hurt}所受损伤为{grade}。",
                               f"{on}，经鉴定，{hurt}的损伤程度构成{grade}。"))
        paid = money(tail.amount, rng.random() < 0.3)
        if any(t.kind == "death" for t in ev.tails):
            return f"{on}，{named}的家属代其赔偿{victim}近亲属经济损失{paid}，取得了谅解。"
        return rng.choice((f"{on}，{named}的家属代其赔偿{victim}经济损失{paid}，取得了{victim}的谅解。",
                           f"{named}于{on}与{victim}达成和解协议，赔偿其经济损失{paid}，{victim}对其表示谅解。",
                           f"{on}，{named}退赔{victim}全部经济损失，并取得谅解。"))

    # ------------------------------------------------------------------ sentences
    def credit(self, p: PartyPlan, s: Sentence, start: dt.date | None) -> str:
        if s.kind not in ("fixed_term", "criminal_detention") or s.suspended or not s.months or start is None:
            return ""
        end = add_months(start, s.months) - dt.timedelta(days=1)
        return self.rng.choice((
            f"（刑期从判决执行之日起计算。判决执行以前先行羁押的，羁押一日折抵刑期一日，即自{arabic_date(start)}起至{arabic_date(end)}止。）",
            f"（刑期自判决执行之日起计算，判决执行前先行羁押的，羁押一日折抵刑期一日，即从{arabic_date(start)}起至{arabic_date(end)}止。）",
            f"（刑期从判决执行之日起计算；判决执行以前先行羁押的，羁押一日折抵刑期一日。即自{start.year}年{start.month}月{start.day}日起至{end.year}年{end.month}月{end.day}日止。）",
        ))

    def sentence_item(self, p: PartyPlan, s: Sentence, label: str) -> str:
        rng = self.rng
        n = f"{label}{p.name}"
        c = (p.charges or ["盗窃罪"])[0]
        fine = ""
        if s.fine and s.kind in ("fixed_term", "criminal_detention"):
            fine = "，并处罚金" + money(s.fine, rng.random() < 0.6)
        dep = f"，剥夺政治权利{cn_term(s.deprivation_months)}" if s.deprivation_months else ""
        t = s.template
        if s.kind == "fixed_term" and s.counts:
            parts = "；".join(f"犯{ch}，判处有期徒刑{cn_term(m)}" for ch, m in s.counts)
            total = cn_term(s.months or 0)
            head = ("决定执行", "数罪并罚，决定执行", f"总和刑期{cn_term(sum(m for _, m in s.counts))}，决定执行")[t]
            probation = f"，缓刑{cn_term(s.probation_months or 0)}" if s.suspended else ""
            return f"{n}{parts}；{head}有期徒刑{total}{probation}{dep}{fine}。"
        if s.kind == "fixed_term":
            term = cn_term(s.months or 0)
            if s.suspended:
                prob = cn_term(s.probation_months or 0)
                return (f"{n}犯{c}，判处有期徒刑{term}，缓刑{prob}{fine}。（缓刑考验期限，从判决确定之日起计算。）",
                        f"{n}犯{c}，判处有期徒刑{term}，宣告缓刑{prob}{fine}。",
                        f"对{n}以{c}判处有期徒刑{term}，缓期{prob}执行{fine}。")[t]
            return (f"{n}犯{c}，判处有期徒刑{term}{dep}{fine}。", f"{n}犯{c}，处有期徒刑{term}{dep}{fine}。",
                    f"对{n}以{c}判处有期徒刑{term}{dep}{fine}。")[t]
        if s.kind == "criminal_detention":
            term = cn_term(s.months or 0)
            if s.suspended:
                return f"{n}犯{c}，判处拘役{term}，缓刑{cn_term(s.probation_months or 0)}{fine}。"
            return (f"{n}犯{c}，判处拘役{term}{fine}。", f"{n}犯{c}，处拘役{term}{fine}。",
                    f"对{n}以{c}判处拘役{term}{fine}。")[t]
        if s.kind == "public_surveillance":
            term = cn_term(s.months or 0)
            return (f"{n}犯{c}，判处管制{term}。", f"{n}犯{c}，处管制{term}。", f"对{n}以{c}判处管制{term}。")[t]
        if s.kind == "fine_only":
            amt = money(s.fine or 1000, rng.random() < 0.5)
            return (f"{n}犯{c}，单处罚金{amt}。", f"{n}犯{c}，判处罚金{amt}。", f"对{n}以{c}单处罚金{amt}。")[t]
        if s.kind == "deprivation_of_political_rights":
            term = cn_term(s.months or 12)
            return (f"{n}犯{c}，单处剥夺政治权利{term}。", f"{n}犯{c}，判处剥夺政治权利{term}。",
                    f"对{n}以{c}单处剥夺政治权利{term}。")[t]
        if s.kind == "exempt_from_punishment":
            return (f"{n}犯{c}，免予刑事处罚。", f"{n}犯{c}，依法免予刑事处罚。", f"对{n}以{c}定罪，免予刑事处罚。")[t]
        if s.kind == "acquittal":
            return (f"{n}无罪。", f"宣告{n}无罪。", f"{n}无罪（证据不足，指控的犯罪不能成立）。")[t]
        if s.kind == "life_imprisonment":
            return (f"{n}犯{c}，判处无期徒刑，剥夺政治权利终身{fine}。", f"{n}犯{c}，处无期徒刑，剥夺政治权利终身。",
                    f"对{n}以{c}判处无期徒刑，剥夺政治权利终身。")[t]
        if s.kind == "death":
            return (f"{n}犯{c}，判处死刑，缓期二年执行，剥夺政治权利终身。", f"{n}犯{c}，判处死刑，剥夺政治权利终身。",
                    f"对{n}以{c}判处死刑，缓期二年执行，剥夺政治权利终身。")[t]
        raise ValueError(f"no sentence wording for {s.kind}")

    def reasoning(self, defendants: list[PartyPlan], label: str) -> list[Block]:
        rng = self.rng
        out: list[Block] = []
        charged = [p for p in defendants if (p.first_sentence and p.first_sentence.kind != "acquittal")]
        if charged:
            charges = "、".join(dict.fromkeys(c for p in charged for c in p.charges))
            out.append(("para", f"本院认为，{label}{'、'.join(p.name for p in charged)}的行为已构成{charges}。"
                                f"公诉机关指控的罪名成立。"))
        for p in defendants:
            if p.first_sentence and p.first_sentence.kind == "acquittal":
                out.append(("para", f"公诉机关指控{label}{p.name}犯{p.charges[0]}的证据不足，指控的犯罪不能成立，"
                                    f"依照《中华人民共和国刑事诉讼法》{cpl('acquittal', self.decided_on())}的规定，应当作出证据不足、指控的犯罪不能成立的无罪判决。"))
            if self.minor_clean(p):
                out.append(("para", rng.choice((
                    f"{label}{p.name}犯罪时未满十八周岁，依法应当从轻或者减轻处罚。",
                    f"鉴于{label}{p.name}作案时系未成年人，且归案后如实供述自己的罪行，依法予以减轻处罚。",
                    f"{label}{p.name}犯罪时已满十六周岁不满十八周岁，依法应当减轻处罚。"))))
            out += self.main_conduct(p, label)
        return out

    def main_conduct(self, p: PartyPlan, label: str) -> list[Block]:
        """Where the main conduct lies when acts straddle the 18th birthday (Measures art. 4
        para. 2). Marked as printed: the truth credits only a statement the file makes."""
        if not p.main_conduct_stated or p.main_conduct is None:
            return []
        self.mark(p, "main_conduct")
        if p.main_conduct == "before_18":
            return [("para", self.rng.choice((
                f"{label}{p.name}在年满十八周岁前后均实施了犯罪行为，其主要犯罪行为发生在未满十八周岁时，依法可予从轻处罚。",
                f"经查，{label}{p.name}的主要犯罪行为系其未满十八周岁时实施。",
                f"{label}{p.name}的犯罪行为跨越十八周岁前后，但主要犯罪行为发生于其未成年期间。")))]
        return [("para", self.rng.choice((
            f"{label}{p.name}的犯罪行为虽部分发生在未满十八周岁时，但其主要犯罪行为系在年满十八周岁后实施。",
            f"经查，{label}{p.name}的主要犯罪行为发生在其年满十八周岁以后。",
            f"{label}{p.name}的犯罪行为跨越十八周岁前后，其主要犯罪行为系成年后所为。")))]

    def age_finding(self, p: PartyPlan, label: str) -> list[Block]:
        """A prosecutor's own finding of age where a masked copy has no other evidence of it
        (a judgment states it in the reasoning, as for every minor the file shows to be one)."""
        if not p.finds_minor:
            return []
        return [("para", self.prng.choice((f"另查明，{label}{p.name}犯罪时未满十八周岁。",
                                           f"经查，{label}{p.name}作案时系未成年人。")))]

    # ------------------------------------------------------------------ documents
    def write(self, doc: DocPlan) -> WrittenDocument:
        return {"cover": self.cover, "detention": self.detention, "bail": self.bail, "social": self.social,
                "indictment": self.indictment, "judgment_first": self.judgment, "appeal": self.appeal,
                "retrial": self.retrial, "np": self.non_prosecution, "cnp": self.conditional,
                "np_final": self.non_prosecution}[doc.subtype](doc)

    def decided_on(self) -> dt.date:
        return next(x.issued_on for x in self.dossier.documents if x.subtype == "judgment_first")

    def in_file(self) -> list[PartyPlan]:
        return self.dossier.defendants

    def cover(self, doc: DocPlan) -> WrittenDocument:
        d = self.dossier
        rng = self.rng
        defendants = self.in_file()
        for p in defendants:
            self.mark(p, "name")
        charges = "、".join(dict.fromkeys(c for p in defendants for c in p.charges))
        juvenile = any(p.planned_minor for p in defendants)
        if d.kind in ("non_prosecution", "conditional"):
            number = next((x.number for x in d.documents if x.number), "")
            blocks: list[Block] = [
                ("court", d.court.procuratorate), ("title", "检察卷宗"), ("center", "（未成年人刑事案件）"), ("gap", ""),
                ("line", f"文书编号：{number}"), ("line", f"案由：{charges}"),
                ("line", f"犯罪嫌疑人：{'、'.join(p.name for p in defendants)}"),
                ("line", "承办部门：未成年人检察部门"), ("line", f"承办人：{d.prosecutor}"),
                ("line", f"受理日期：{arabic_date(d.filed_on)}"), ("line", f"审结日期：{arabic_date(d.concluded_on)}"),
                ("line", f"保管期限：{rng.choice(('长期', '永久', '三十年'))}"),
            ]
            return WrittenDocument(doc, blocks)
        title = "未成年人刑事案件诉讼卷宗" if juvenile else "刑事诉讼卷宗"
        blocks = [
            ("court", d.court.name), ("title", title), ("center", rng.choice(("正卷", "正卷 第一册", "（正卷）"))), ("gap", ""),
            ("line", f"案号：{doc.number}"), ("line", f"案由：{charges}"),
            ("line", f"被告人：{'、'.join(p.name for p in defendants)}"),
            ("line", f"公诉机关：{d.court.procuratorate}"),
            ("line", f"收案日期：{arabic_date(d.filed_on)}"), ("line", f"结案日期：{arabic_date(d.concluded_on)}"),
            ("line", f"结案方式：{'判决' if rng.random() < 0.8 else '判决（二审）'}"),
            ("line", f"审判长：{d.judges[0]}　书记员：{d.clerk}"),
            ("line", f"归档日期：{arabic_date(d.concluded_on + dt.timedelta(days=rng.randint(20, 90)))}"),
            ("line", f"保管期限：{rng.choice(('长期', '永久', '三十年'))}"),
        ]
        return WrittenDocument(doc, blocks)

    def detention(self, doc: DocPlan) -> WrittenDocument:
        d = self.dossier
        p = d.party(doc.subject or "")
        self.mark(p, "name")
        who = f"{p.name}（性别{GENDER[p.gender]}"
        if p.written_birth or p.birth_mask:
            self.mark_birth(p)
            who += f"，出生日期{self.birth_text(p) if p.birth_mask else arabic_date(p.written_birth)}"
        self.mark(p, "residence")
        who += f"，住址{p.residence}）"
        blocks: list[Block] = [
            ("court", d.court.police), ("title", "拘留证"),
            ("number", f"{d.court.police_abbr}拘字〔{doc.issued_on.year}〕{self.rng.randint(100, 9999)}号"),
            ("para", f"根据《中华人民共和国刑事诉讼法》{cpl('detention', doc.issued_on)}之规定，兹决定对涉嫌{p.charges[0]}的{who}执行拘留，"
                     f"送{d.court.detention_centre}羁押。"),
            ("gap", ""), ("sign", f"局长　{d.judges[2][0]}某某"), ("sign", arabic_date(doc.issued_on)), ("seal", ""),
            ("gap", ""), ("para", f"本证已于{arabic_date(doc.issued_on)}{self.rng.randint(8, 22)}时向我宣布。"),
            ("line", "被拘留人（签名、捺指印）："),
        ]
        return WrittenDocument(doc, blocks, d.court.police)

    def bail(self, doc: DocPlan) -> WrittenDocument:
        d = self.dossier
        p = d.party(doc.subject or "")
        self.mark(p, "name")
        facts = f"犯罪嫌疑人{p.name}，性别{GENDER[p.gender]}"
        if p.written_birth or p.birth_mask:
            self.mark_birth(p)
            facts += f"，出生日期{self.birth_text(p) if p.birth_mask else arabic_date(p.written_birth)}"
        if p.id_number:
            self.mark(p, "id_number")
            facts += f"，身份证件号码{self.id_text(p)}"
        self.mark(p, "residence")
        facts += f"，住址{p.residence}。"
        guarantor = next((r for r in d.parties if r.role == "legal_representative" and r.represents == p.pid), None)
        if guarantor is not None and self.rng.random() < 0.6:
            self.mark(guarantor, "name")
            self.printed[p.pid].add(f"guardian:{guarantor.name}")
            surety = f"保证人{guarantor.name}（系{p.name}之{(guarantor.relation or '母')[:1]}）"
        else:
            surety = f"保证金人民币{self.rng.choice((2000, 3000, 5000))}元"
        blocks: list[Block] = [
            ("court", d.court.police), ("title", "取保候审决定书"),
            ("number", f"{d.court.police_abbr}（刑）取保字〔{doc.issued_on.year}〕{self.rng.randint(100, 9999)}号"),
            ("para", facts),
            ("para", f"我局正在侦查{p.charges[0]}案，因犯罪嫌疑人{p.name}"
                     f"{'系未成年人，' if self.minor_clean(p) else ''}采取取保候审不致发生社会危险性，根据《中华人民共和国刑事诉讼法》"
                     f"{cpl('bail', doc.issued_on)}之规定，决定对其取保候审，期限从{arabic_date(doc.issued_on)}起算，"
                     f"由{surety}担保。"),
            ("gap", ""), ("sign", d.court.police), ("sign", arabic_date(doc.issued_on)), ("seal", ""),
        ]
        return WrittenDocument(doc, blocks, d.court.police)

    def social(self, doc: DocPlan) -> WrittenDocument:
        d = self.dossier
        rng = self.rng
        p = d.party(doc.subject or "")
        self.mark(p, "name")
        org = f"{d.court.region.city}{d.court.region.district}{rng.choice(('司法局', '青少年事务社会工作服务中心', '未成年人保护工作站'))}"
        basic = f"{p.name}，{GENDER[p.gender]}，"
        if p.written_birth or p.birth_mask:
            self.mark_birth(p)
            basic += f"{self.birth_text(p) if p.birth_mask else arabic_date(p.written_birth)}出生，"
        elif p.stated_age:
            basic += f"{p.stated_age}岁，"
        if p.id_number and rng.random() < 0.5:
            self.mark(p, "id_number")
            basic += f"身份证号码{self.id_text(p)}，"
        self.mark(p, "household", "residence")
        basic += f"户籍地{p.household}，现住{p.residence}。"
        if p.school:
            self.mark(p, "school")
            basic += f"案发前就读于{p.school}。"
        else:
            basic += f"{p.education}文化，案发前{p.occupation}。"
        family = "其家庭成员："
        for g in p.guardians:
            self.printed[p.pid].add(f"guardian:{g}")
        if p.guardians:
            family += "、".join(p.guardians) + "，系其父母。"
        rep = next((r for r in d.parties if r.role == "legal_representative" and r.represents == p.pid), None)
        if rep is not None and rep.phone:
            self.printed[p.pid].add(f"phone:{rep.phone}")
            family += f"监护人联系电话{rep.phone}。"
        family += rng.choice(("父母长期在外务工，由祖父母照看，家庭监护缺位。", "父母离异，随母亲生活，家庭关系紧张。",
                              "家庭经济条件一般，父母忙于工作，疏于管教。"))
        opinion = rng.choice(("建议对其依法从轻处罚并适用缓刑。", "建议对其作不起诉处理。", "建议对其从宽处理，加强帮教。"))
        blocks: list[Block] = [
            ("title", "社会调查报告"), ("center", f"（{org}）"),
            ("para", f"受{d.court.procuratorate if d.kind in ('non_prosecution', 'conditional') else d.court.name}委托，"
                     f"我单位于{arabic_date(doc.issued_on - dt.timedelta(days=7))}至{arabic_date(doc.issued_on)}对涉罪未成年人"
                     f"{p.name}的成长经历、家庭情况、社会交往等进行了社会调查，现报告如下："),
            ("para", "一、基本情况"), ("para", basic), ("para", "二、家庭情况"), ("para", family),
            ("para", "三、成长经历及在校表现"),
            ("para", rng.choice(("该未成年人自幼性格内向，初中阶段成绩中等，后因沉迷网络游戏逐渐厌学，与社会闲散人员交往。",
                                 "该未成年人在校期间表现一般，多次旷课，辍学后在社会上游荡。",
                                 "据老师反映，该未成年人平时较为讲义气，易受同伴影响，但无不良记录。"))),
            ("para", "四、调查意见"), ("para", opinion),
            ("gap", ""), ("sign", f"调查人：{rng.choice('张王李赵刘')}某、{rng.choice('陈周吴郑孙')}某"), ("sign", org),
            ("sign", cn_date(doc.issued_on)), ("seal", ""),
        ]
        return WrittenDocument(doc, blocks, org)

    def indictment(self, doc: DocPlan) -> WrittenDocument:
        d = self.dossier
        defendants = self.in_file()
        blocks: list[Block] = [("court", d.court.procuratorate), ("title", "起诉书"), ("number", doc.number or "")]
        blocks += self.parties_block("被告人", defendants)
        names = "、".join(p.name for p in defendants)
        charges = "、".join(dict.fromkeys(c for p in defendants for c in p.charges))
        blocks.append(("para", f"本案由{d.court.police}侦查终结，以被告人{names}涉嫌{charges}，"
                               f"于{arabic_date(doc.issued_on - dt.timedelta(days=45))}向本院移送审查起诉。本院受理后，"
                               f"依法告知了被告人有权委托辩护人，依法讯问了被告人，听取了辩护人及法定代理人的意见，审查了全部案件材料。"))
        blocks += self.facts("被告人", "经依法审查查明：", ("经依法审查查明", "经审查查明"))
        blocks.append(("para", f"本院认为，被告人{names}的行为已触犯《中华人民共和国刑法》，犯罪事实清楚，证据确实、充分，"
                               f"应当以{charges}追究其刑事责任。根据《中华人民共和国刑事诉讼法》{cpl('indictment', doc.issued_on)}的规定，提起公诉，请依法判处。"))
        blocks += [("line", "此致"), ("line", d.court.name), ("gap", ""), ("sign", f"检察员　{d.prosecutor}"),
                   ("sign", cn_date(doc.issued_on)), ("seal", "")]
        return WrittenDocument(doc, blocks, d.court.procuratorate)

    def judgment(self, doc: DocPlan) -> WrittenDocument:
        d = self.dossier
        rng = self.rng
        defendants = self.in_file()
        blocks: list[Block] = [("court", d.court.name), ("title", "刑事判决书"), ("number", doc.number or ""),
                               ("para", f"公诉机关{d.court.procuratorate}。")]
        blocks += self.parties_block("被告人", defendants)
        names = "、".join(p.name for p in defendants)
        charges = "、".join(dict.fromkeys(c for p in defendants for c in p.charges))
        proc_no = next((x.number for x in d.documents if x.subtype == "indictment"), None)
        juvenile = [p for p in defendants if self.minor_clean(p)]
        trial = ("因被告人" + "、".join(p.name for p in juvenile) + "系未成年人，依法不公开开庭审理了本案"
                 if juvenile else "公开开庭审理了本案")
        blocks.append(("para", f"{d.court.procuratorate}以{proc_no + '起诉书' if proc_no else '起诉书'}指控被告人{names}犯{charges}，"
                               f"于{arabic_date(d.filed_on)}向本院提起公诉。本院依法组成合议庭，{trial}。"
                               f"{d.court.procuratorate}指派检察员{d.prosecutor}出庭支持公诉。现已审理终结。"))
        blocks += self.facts("被告人", rng.choice(("经审理查明：", "经本院审理查明：", "本院经审理查明的事实如下：")),
                             ("经审理查明", "经本院审理查明", "公诉机关指控"))
        blocks.append(("para", "上述事实，有被害人陈述、证人证言、辨认笔录、鉴定意见及被告人的供述等证据证实，足以认定。"))
        blocks += self.reasoning(defendants, "被告人")
        articles = "、".join(dict.fromkeys(CHARGE_ARTICLES[c] for p in defendants for c in p.charges))
        if any(p.finds_minor for p in defendants):   # the court's finding of age, with its article
            articles += "、第十七条第三款" if doc.issued_on < AMENDMENT_XI else "、第十七条第四款"
        blocks.append(("para", f"依照《中华人民共和国刑法》{articles}、第六十七条第三款之规定，判决如下："))
        for i, p in enumerate(defendants):
            s = p.first_sentence
            assert s is not None
            head = f"{cn_number(i + 1)}、" if len(defendants) > 1 else ""
            blocks.append(("para", head + self.sentence_item(p, s, "被告人") + self.credit(p, s, p.detained_on)))
        blocks.append(("para", f"如不服本判决，可在接到判决书的第二日起十日内，通过本院或者直接向{d.court.appeal_name}提出上诉。"
                               f"书面上诉的，应当提交上诉状正本一份，副本{cn_number(max(1, len(defendants)))}份。"))
        blocks += self.signature(doc.issued_on, d.judges[0], d.judges[1], d.judges[2], "人民陪审员")
        return WrittenDocument(doc, blocks, d.court.name)

    def signature(self, on: dt.date, chief: str, judge: str, third: str, third_title: str) -> list[Block]:
        return [("gap", ""), ("sign", f"审　判　长　{chief}"), ("sign", f"审　判　员　{judge}"),
                ("sign", f"{third_title}　{third}"), ("gap", ""), ("sign", cn_date(on)), ("seal", ""),
                ("gap", ""), ("sign", f"书　记　员　{self.dossier.clerk}")]

    def appeal(self, doc: DocPlan) -> WrittenDocument:
        d = self.dossier
        defendants = self.in_file()
        changed = [p for p in defendants if p.appeal_sentence is not None]
        # the judgment appealed: the retrial's when one was held at first instance (CPL art. 256)
        first = next((x for x in d.documents if x.subtype == "retrial"), None) or \
            next(x for x in d.documents if x.subtype == "judgment_first")
        appellant = changed[0] if changed else defendants[0]
        before = appellant.retrial_sentence or appellant.first_sentence
        protest = bool(changed and before and appellant.appeal_sentence and
                       (appellant.appeal_sentence.months or 0) > (before.months or 0))
        title = "刑事判决书" if changed else "刑事裁定书"
        blocks: list[Block] = [("court", d.court.appeal_name), ("title", title), ("number", doc.number or ""),
                               ("para", f"{'抗诉机关' if protest else '原公诉机关'}{d.court.procuratorate}。")]
        for p in defendants:
            label = "原审被告人" if (p is not appellant or protest) else "上诉人（原审被告人）"
            blocks.append(("para", self.party(p, label, template=(p.party_template + 1) % 3 if self.dated(p) else 3)))
        for c in d.parties:
            if c.role == "defence_counsel" and c.represents == appellant.pid:
                blocks.append(("para", self.counsel(c)))
        names = "、".join(p.name for p in defendants)
        charges = "、".join(dict.fromkeys(c for p in defendants for c in p.charges))
        who = f"{d.court.procuratorate}提出抗诉" if protest else f"原审被告人{appellant.name}不服，提出上诉"
        blocks.append(("para", f"{d.court.name}审理{d.court.procuratorate}指控原审被告人{names}犯{charges}一案，"
                               f"于{arabic_date(first.issued_on)}作出{first.number}刑事判决。{who}。本院依法组成合议庭，"
                               f"经过阅卷，讯问原审被告人，听取辩护人意见，认为事实清楚，决定不开庭审理。现已审理终结。"))
        blocks.append(("para", "经审理查明的事实与一审认定的事实一致。"))
        if not changed:
            blocks.append(("para", "本院认为，原判认定事实清楚，证据确实、充分，定罪准确，量刑适当，审判程序合法。"
                                   f"依照《中华人民共和国刑事诉讼法》{cpl('appeal_upheld', doc.issued_on)}之规定，裁定如下："))
            blocks.append(("para", "驳回上诉，维持原判。"))
            blocks.append(("para", "本裁定为终审裁定。"))
        else:
            blocks.append(("para", "本院认为，原判认定事实清楚，定罪准确，但量刑不当，应予纠正。依照《中华人民共和国刑事诉讼法》"
                                   f"{cpl('appeal_changed', doc.issued_on)}之规定，判决如下："))
            items: list[str] = []
            for p in defendants:
                if p.appeal_sentence is None:
                    items.append(f"维持{d.court.name}{first.number}刑事判决中对原审被告人{p.name}的定罪量刑部分；")
            for p in changed:
                assert p.appeal_sentence is not None
                label = "原审被告人" if protest else "上诉人"
                items.append(f"撤销{d.court.name}{first.number}刑事判决中对{label}{p.name}的量刑部分；")
                items.append(self.sentence_item(p, p.appeal_sentence, label) + self.credit(p, p.appeal_sentence, p.detained_on))
            for i, item in enumerate(items):
                blocks.append(("para", f"{cn_number(i + 1)}、{item}"))
            blocks.append(("para", "本判决为终审判决。"))
        blocks += self.signature(doc.issued_on, d.judges[1], d.judges[0], d.judges[2], "审　判　员")
        return WrittenDocument(doc, blocks, d.court.appeal_name)

    def retrial(self, doc: DocPlan) -> WrittenDocument:
        """A retrial under first-instance procedure (审判监督程序, 刑再): the court's own judgment
        retried and the sentence changed; appealable (CPL art. 256)."""
        d = self.dossier
        defendants = self.in_file()
        first = next(x for x in d.documents if x.subtype == "judgment_first")
        blocks: list[Block] = [("court", d.court.name), ("title", "刑事判决书"), ("number", doc.number or ""),
                               ("para", f"原公诉机关{d.court.procuratorate}。")]
        for p in defendants:
            blocks.append(("para", self.party(p, "原审被告人", template=p.party_template if self.dated(p) else 3)))
        names = "、".join(p.name for p in defendants)
        charges = "、".join(dict.fromkeys(c for p in defendants for c in p.charges))
        blocks.append(("para", f"{d.court.procuratorate}指控原审被告人{names}犯{charges}一案，本院于{arabic_date(first.issued_on)}"
                               f"作出{first.number}刑事判决，该判决已经发生法律效力。本院院长发现该判决在适用法律上确有错误，"
                               f"提交本院审判委员会讨论决定，依照审判监督程序对本案进行再审。本院依法另行组成合议庭，"
                               f"公开开庭审理了本案。现已审理终结。"))
        blocks.append(("para", "经再审查明的事实与原审认定的事实一致。"))
        blocks.append(("para", "本院认为，原判认定事实清楚，定罪准确，但量刑适用法律错误，应予纠正。依照《中华人民共和国刑事诉讼法》"
                               "第二百五十六条之规定，判决如下："))
        items: list[str] = [f"撤销本院{first.number}刑事判决中对原审被告人{names}的量刑部分；"]
        for p in defendants:
            s = p.retrial_sentence or p.first_sentence
            assert s is not None
            items.append(self.sentence_item(p, s, "原审被告人") + self.credit(p, s, p.detained_on))
        for i, item in enumerate(items):
            blocks.append(("para", f"{cn_number(i + 1)}、{item}"))
        blocks.append(("para", f"如不服本判决，可在接到判决书的第二日起十日内，通过本院或者直接向{d.court.appeal_name}提出上诉。"))
        blocks += self.signature(doc.issued_on, d.judges[2], d.judges[0], d.judges[1], "审　判　员")
        return WrittenDocument(doc, blocks, d.court.name)

    def subject(self, doc: DocPlan) -> PartyPlan:
        """Whom a prosecutor's decision is about: its own subject when the file holds one per suspect."""
        return self.dossier.party(doc.subject) if doc.subject else self.in_file()[0]

    def non_prosecution(self, doc: DocPlan) -> WrittenDocument:
        d = self.dossier
        rng = self.rng
        p = self.subject(doc)
        s = p.first_sentence
        assert s is not None
        blocks: list[Block] = [("court", d.court.procuratorate), ("title", "不起诉决定书"), ("number", doc.number or "")]
        blocks += self.parties_block("被不起诉人", [p])
        blocks.append(("para", f"本案由{d.court.police}侦查终结，以被不起诉人{p.name}涉嫌{p.charges[0]}，"
                               f"于{arabic_date(d.filed_on)}向本院移送审查起诉。"))
        if doc.subtype == "np_final":
            cnp = next(x for x in d.documents if x.subtype == "cnp" and x.subject in (None, doc.subject))
            blocks.append(("para", f"本院于{arabic_date(cnp.issued_on)}以{cnp.number}附条件不起诉决定书对被不起诉人{p.name}"
                                   f"作出附条件不起诉决定，考验期{cn_term(s.test_period_months or 6)}。"))
            blocks.append(("para", f"被不起诉人{p.name}在考验期内遵守法律法规，服从监督，按照规定接受矫治和教育，"
                                   f"没有《中华人民共和国刑事诉讼法》{cpl('test_period_breach', doc.issued_on)}规定的情形，考验期满。"))
            blocks.append(("para", f"依照《中华人民共和国刑事诉讼法》{cpl('test_period_passed', doc.issued_on)}的规定，决定对{p.name}不起诉。"))
        else:
            blocks += self.facts("被不起诉人", "经本院依法审查查明：", ("经本院依法审查查明", "经审查查明"))
            blocks += self.main_conduct(p, "被不起诉人")
            blocks += self.age_finding(p, "被不起诉人")
            reason = {"np_minor_offence": f"本院认为，{p.name}实施了《中华人民共和国刑法》规定的行为，但犯罪情节轻微，"
                                          f"{'且系未成年人，' if self.minor_clean(p) else ''}具有坦白、退赃等情节，根据《中华人民共和国刑法》第三十七条的规定，不需要判处刑罚。",
                      "np_no_crime": f"本院认为，{p.name}的行为情节显著轻微、危害不大，不认为是犯罪。",
                      "np_insufficient_evidence": f"本院认为，{d.court.police}认定的犯罪事实不清、证据不足，经两次退回补充侦查，"
                                          f"仍不符合起诉条件。"}[s.ground or "np_minor_offence"]
            blocks.append(("para", reason))
            blocks.append(("para", f"依据《中华人民共和国刑事诉讼法》{cpl(s.ground or 'np_minor_offence', doc.issued_on)}的规定，决定对{p.name}不起诉。"))
        blocks.append(("para", "被不起诉人如不服本决定，可以自收到本决定书后七日以内向本院申诉。"
                       if rng.random() < 0.7 else "被害人如不服本决定，可以自收到本决定书后七日以内向上一级人民检察院申诉。"))
        blocks += [("gap", ""), ("sign", d.court.procuratorate), ("sign", cn_date(doc.issued_on)), ("seal", "")]
        return WrittenDocument(doc, blocks, d.court.procuratorate)

    def conditional(self, doc: DocPlan) -> WrittenDocument:
        d = self.dossier
        p = self.subject(doc)
        s = p.first_sentence
        assert s is not None
        blocks: list[Block] = [("court", d.court.procuratorate), ("title", "附条件不起诉决定书"), ("number", doc.number or "")]
        blocks += self.parties_block("被附条件不起诉人", [p])
        blocks.append(("para", f"本案由{d.court.police}侦查终结，以被附条件不起诉人{p.name}涉嫌{p.charges[0]}，"
                               f"于{arabic_date(d.filed_on)}向本院移送审查起诉。"))
        blocks += self.facts("被附条件不起诉人", "经本院依法审查查明：", ("经本院依法审查查明", "经审查查明"))
        blocks += self.main_conduct(p, "被附条件不起诉人")
        blocks += self.age_finding(p, "被附条件不起诉人")
        blocks.append(("para", f"本院认为，{p.name}的行为触犯了《中华人民共和国刑法》，可能判处一年有期徒刑以下刑罚，"
                               f"{'但其犯罪时系未成年人，' if self.minor_clean(p) else '但'}有悔罪表现，符合附条件不起诉的条件。依据《中华人民共和国刑事诉讼法》"
                               f"{cpl('conditional', doc.issued_on)}的规定，决定对{p.name}附条件不起诉。"))
        blocks.append(("para", f"考验期为{cn_term(s.test_period_months or 6)}，从宣布附条件不起诉决定之日起计算。"))
        blocks.append(("para", "被附条件不起诉人在考验期内应当遵守法律法规，服从监督，按照考察机关的规定报告自己的活动情况，"
                               "离开所居住的市、县或者迁居，应当报经考察机关批准，按照要求接受矫治和教育。"))
        blocks += [("gap", ""), ("sign", d.court.procuratorate), ("sign", cn_date(doc.issued_on)), ("seal", "")]
        return WrittenDocument(doc, blocks, d.court.procuratorate)


def write_dossier(plan: DossierPlan) -> tuple[list[WrittenDocument], Writer]:
    writer = Writer(plan, random.Random(plan.seed * 7919 + int(plan.stem.lstrip("d") or 0)),
                    prng=random.Random(f"phenomena:{plan.seed}:{plan.stem}"))
    documents = [writer.write(doc) for doc in plan.documents]
    text = "".join(t for doc in documents for _, t in doc.blocks)
    roles = [(plan.judges[0], "judge"), (plan.judges[1], "judge"), (plan.judges[2], "judge"),
             (plan.clerk, "clerk"), (plan.prosecutor, "prosecutor")]
    writer.officials = [{"role": role, "name": name} for name, role in roles if name in text]
    return documents, writer
