"""What a court finds about a person beyond the offence: age, earlier records, measures.

The last component of the pipeline reads, for each accused and each co-offender:

- the court's own finding of age (被告人某某犯罪时未满十八周岁, 作案时系未成年人, 犯罪时均已成年)
  and its application of Criminal Law art. 17's juvenile provisions (any paragraph but the
  first, whose "已满十六周岁的人犯罪，应当负刑事责任" binds adults too; never art. 17-1, the
  elderly). Only the court's own words count — its findings (经审理查明…) and its reasoning
  (本院认为…) — never a party's claim the judgment quotes (辩护人提出…, 上诉理由…, 公诉机关认为…);
- a finding of age for part of the conduct only (部分作案时系未成年人, 其中2次…, 在2013年9月实施
  …时未满十八周岁): no finding for the person, but a question for the rules of main conduct;
- earlier convictions and penalties in the party paragraph (曾因盗窃罪于2019年6月被判处…,
  …刑满释放, 行政拘留五日): records of their own, never offence dates of this case;
- the measures of this case written in the party paragraph (因涉嫌…于2017年3月15日被刑事拘留,
  同月20日被取保候审), or in a sentence of the party block about all the accused (上述三被告人因涉嫌…):
  with those the offence dates component found in the findings, the earliest bounds every offence
  of the case.
"""
from __future__ import annotations

import datetime as dt
import re

from spacy.language import Language
from spacy.tokens import Doc

from extractors import numerals
from extractors.nlp import patterns as P
from extractors.nlp.components import NameIndex, doc_text
from extractors.nlp.state import (
    COURT_KINDS, DECIDING_KINDS, Draft, LegalState, Mention, PriorReading, ProcedureReading, Section,
)
from extractors.reading import LEXICON

# the court's own parts of a judgment: its reasoning, and its findings of fact
FINDINGS_START = re.compile(r"(?:经\s*审\s*理\s*)?查\s*明|原审判决认定|原判认定|原审认定|一审判决认定")
# what makes a party's claim the court's finding after all: 经查…证实 (对于上诉人所提…的上诉理由，经查…)
COURT_CHECKED = re.compile(r"经查|经审查|查明|证实|本院认为|予以采纳|予以确认")
# Art. 17 as a judgment cites it (第十七条, 第十七条第三款, 第十七条第一、三款, 第十七条第一款和第三款),
# never 第十七条之一 (the elderly)
ART_17 = re.compile(r"第十七条(?!之一)(?P<paras>(?:第?[一二三四五六](?:款)?[、，,和及与]?)*)")
# the law a statute citation belongs to: the title in 《》 before it
_CITED_LAW = re.compile(r"《([^《》]{1,60})》")
# an act named as the time of the finding (犯抢劫罪时未满十八周岁): an earlier case's when it is no charge of this one
CHARGE_AT = re.compile(rf"犯(?P<charge>[{P.HAN}]{{2,12}}?罪)时")
EARLIER_CASE = re.compile(r"累犯|前科|曾因|曾被|此前")
# 同月20日 / 次日: a day that takes its year and month from the date before it
_NEXT_DAY = re.compile(r"次日|翌日")
_SENTENCE_END = "。；;"
# the accused together, at the head of a sentence of the party block (上述三被告人…, 二被告人均…)
_ALL_ACCUSED = re.compile(r"\s*(?:(?:上述|以上|前述)(?P<n>[二两三四五六七八九十\d]+)?|(?P<m>[二两三四五六七八九十\d]+))名?被告人"
                          r"(?P<all>均)?")


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of text[start:end], ended by 。 or ；. A line break ends none: on a printed
    page it is where the line was full (因本案于 / 2016年5月18日被…行政拘留), and a sentence read
    line by line would lose the words that tie a date to its measure or a finding to its subject."""
    out, a = [], start
    for i in range(start, end):
        if text[i] in _SENTENCE_END:
            if i > a:
                out.append((a, i))
            a = i + 1
    if end > a:
        out.append((a, end))
    return out


@Language.factory("court_findings", default_config={})
def make_court_findings(nlp: Language, name: str) -> CourtFindings:
    return CourtFindings()


class CourtFindings:
    """Reads the court's finding of age, earlier records and this case's measures per person."""

    def __call__(self, doc: Doc) -> Doc:
        text, state = doc_text(doc), doc._.legal
        index = NameIndex(state.persons)
        by_key = {p.key: p for p in state.persons}
        for person in state.persons:
            if person.is_defendant:
                for para in person.paragraphs:
                    self._party_paragraph(text, person, para.name.end, para.end)
        self._measures_of_all(text, state)
        for si, sec in enumerate(state.sections):
            if sec.kind not in DECIDING_KINDS:
                continue
            accused = [p for p in state.persons if p.is_defendant and any(q.section == si for q in p.paragraphs)]
            court = sec.kind in COURT_KINDS
            for a, b in self._court_parts(text, sec):
                # the deciding authority's own finding of age: a court's, or the procuratorate's in
                # a (conditional) non-prosecution decision (另查明，被不起诉人某某犯罪时未满十八周岁)
                self._age_findings(text, a, b, index, by_key, accused)
                if court:
                    self._recidivism(text, a, b, index, by_key, accused)
            if not court:
                continue
            # a co-offender's age the judgment states anywhere, its evidence list included
            # (证人证言证实邓某乙出生于…作案时未满十八周岁): they are protected in the accused's copies
            self._age_findings(text, sec.parties[1] if sec.parties else sec.start, sec.body_end, index, by_key,
                               [], others_only=True)
            self._article_17(text, state, si, accused)
        return doc

    # ------------------------------------------------------------ party paragraphs
    @staticmethod
    def _party_paragraph(text: str, person: Draft, start: int, end: int) -> None:
        context: list[dt.date] = []   # the last full date read: 同年 / 同月 / 次日 refer to it
        for a, b in _sentences(text, start, end):
            CourtFindings._sentence(text, person, a, b, context)

    @staticmethod
    def _measures_of_all(text: str, state: LegalState) -> None:
        """A sentence of the party block that speaks of the accused together (上述三被告人因涉嫌…于
        2013年5月30日被刑事拘留，同年7月11日被逮捕; 上述被告人均…): its measures are every one's
        whose party paragraph came before it in that document — only where it counts them as
        many as came before, or says 均 of them all."""
        for si, sec in enumerate(state.sections):
            if sec.parties is None:
                continue
            paragraphs = [(p, para) for p in state.persons if p.is_defendant
                          for para in p.paragraphs if para.section == si]
            for a, b in _sentences(text, *sec.parties):
                together = _ALL_ACCUSED.match(text, a, b)
                if together is None:
                    continue
                before = {p.key: p for p, para in paragraphs if para.start < a}
                count = together.group("n") or together.group("m")
                if not (count and numerals.cn_int(count) == len(before) or not count and together.group("all")):
                    # 上述二被告人 after three paragraphs, 上述被告人 alone: which of them, it does not say
                    continue
                for key, person in before.items():
                    # the paragraph the sentence ends (its last line joined to it) has read it already
                    if not any(p.key == key and para.start < a < para.end for p, para in paragraphs):
                        CourtFindings._sentence(text, person, a, b, [])

    @staticmethod
    def _sentence(text: str, person: Draft, a: int, b: int, context: list[dt.date]) -> None:
        piece = text[a:b]
        prior = LEXICON.search("prior_penalty", text, a, b)
        dated = [d for m in numerals.SPAN.finditer(text, a, b)
                 if (d := numerals.parse_span(m, context[-1].year if context else None)) is not None]
        if (prior is not None or "曾因" in piece) and "涉嫌" not in piece and "本案" not in piece:
            person.priors.append(_prior(text, a, b))
            context += [d.start for d in dated]
            return
        if LEXICON.search("custody", text, a, b) is None and LEXICON.search("release", text, a, b) is None:
            context += [d.start for d in dated]
            return
        # each date of the sentence with the measure whose word follows it (…于2014年2月6日被刑事拘留同月20日被取保候审)
        dates: list[tuple[int, int, dt.date | None]] = []
        year: int | None = context[-1].year if context else None
        last: dt.date | None = context[-1] if context else None
        marks = sorted([*numerals.SPAN.finditer(text, a, b), *_NEXT_DAY.finditer(text, a, b)],
                       key=lambda m: m.start())
        for m in marks:
            value: dt.date | None = None
            if m.re is numerals.SPAN:
                span = numerals.parse_span(m, year, after=last)
                if m.group("y"):
                    year = numerals.cn_year(m.group("y"))
                if span is not None and span.precision == "day" and not span.doubtful:
                    value = span.start
            elif last is not None:
                value = last + dt.timedelta(days=1)
            dates.append((m.start(), m.end(), value))
            last = value or last
        if last is not None:
            context.append(last)
        for i, (s, e, value) in enumerate(dates):
            nxt = dates[i + 1][0] if i + 1 < len(dates) else b
            custody = LEXICON.search("custody", text, e, nxt)
            release = LEXICON.search("release", text, e, nxt)
            cue = min((c for c in (custody, release) if c is not None), key=lambda c: c.start, default=None)
            if cue is None or value is None:
                continue
            person.procedures.append(ProcedureReading(value, Mention(s, e, text[s:e], cue.confidence),
                                                      cue is release))

    # ------------------------------------------------------------ the court's finding of age
    @staticmethod
    def _court_parts(text: str, sec: Section) -> list[tuple[int, int]]:
        """Where a judgment speaks in its own voice: its findings and its reasoning."""
        a = sec.parties[1] if sec.parties else sec.start
        b = sec.operative[0] if sec.operative else sec.body_end
        parts = []
        reasoning = P.REASONING_START.search(text, a, b)
        if reasoning:
            parts.append((reasoning.start(), b))
        findings = FINDINGS_START.search(text, a, reasoning.start() if reasoning else b)
        if findings:
            stop = P.FACTS_END.search(text, findings.end(), reasoning.start() if reasoning else b)
            parts.append((findings.start(), stop.start() if stop else (reasoning.start() if reasoning else b)))
        return parts

    @staticmethod
    def _age_findings(text: str, a: int, b: int, index: NameIndex, by_key: dict[int, Draft],
                      accused: list[Draft], others_only: bool = False) -> None:
        for s, e in _sentences(text, a, b):
            for group, minor in (("age_minor", True), ("age_adult", False)):
                for cue in LEXICON.find(group, text, s, e):
                    if _OF_SOMEONE_ELSE.match(text, cue.end) and not _COPULA.search(text, s, cue.start):
                        continue   # 猥亵不满十四周岁的幼女: the age of the act's object, not the accused's
                    claim = LEXICON.search("party_claim", text, s, cue.start)
                    if claim is not None and not COURT_CHECKED.search(text, claim.end, cue.start):
                        continue   # a party's claim, quoted
                    clause = max(text.rfind(ch, s, cue.start) for ch in "，,") + 1
                    keys = _subjects(text, max(s, clause), cue.start, index)
                    people = [by_key[k] for k in keys
                              if by_key[k].role == "other" or (by_key[k].is_defendant and not others_only)]
                    if not keys and len(accused) == 1 and _SUBJECT_ROLE.search(text, max(s, clause), cue.start) \
                            and not _NOT_THE_SUBJECT.search(text, max(s, clause), cue.start):
                        people = accused   # 被告人部分作案时系未成年人: the one accused of this judgment
                        # (not 被告人犯罪对象为未成年人: the object's)
                    lead = text[max(s, clause):cue.start]
                    charge = CHARGE_AT.search(lead)
                    for person in people:
                        mention = Mention(s, e, text[s:e], cue.confidence)
                        if charge and charge.group("charge") not in person.charges:
                            if minor and EARLIER_CASE.search(text, s, e):
                                # 王某犯抢劫罪时未满十八周岁，不是累犯: an earlier case, committed as a minor
                                person.priors.append(PriorReading(mention, "criminal", None, None, None, True))
                            continue
                        if LEXICON.search("partial", text, max(s, clause), cue.start) or _dated(lead):
                            person.court_age_partial = person.court_age_partial or mention
                            continue
                        if person.court_age is not None and person.court_age[0] != minor:
                            person.court_age_conflict = True   # the judgment says both: a reviewer's
                        if person.court_age is None or (person.court_age[1].confidence < cue.confidence):
                            person.court_age = (minor, mention)

    @staticmethod
    def _recidivism(text: str, a: int, b: int, index: NameIndex, by_key: dict[int, Draft],
                    accused: list[Draft]) -> None:
        """The court finding a defendant a recidivist (被告人X曾因…被判处有期徒刑，刑罚执行完毕后五年内
        再犯…，系累犯): the person named last before it in its sentence, however long the
        sentence's account of the earlier term. Not a party's claim, not a denial (不构成累犯),
        not the special recidivism of art. 66."""
        for s, e in _sentences(text, a, b):
            for cue in LEXICON.find("recidivist", text, s, e):
                if _DENIED.search(text, max(s, cue.start - 4), cue.start) or _SPECIAL_RECIDIVISM.search(text, s, e):
                    continue
                claim = LEXICON.search("party_claim", text, s, cue.start)
                if claim is not None and not COURT_CHECKED.search(text, claim.end, cue.start):
                    continue
                keys = _subjects(text, s, cue.start, index, gap=RECIDIVISM_GAP, not_the_subject=_NAMES_ANOTHER)
                people = [by_key[k] for k in keys if by_key[k].is_defendant]
                if not keys and len(accused) == 1 and _ACCUSED.search(text, s, cue.start):
                    people = accused       # 被告人曾因…系累犯: the one accused, the name left out
                for person in people:
                    person.recidivism = person.recidivism or Mention(s, e, text[s:e], cue.confidence)

    @staticmethod
    def _article_17(text: str, state: LegalState, si: int, accused: list[Draft]) -> None:
        """The court applying art. 17's juvenile provisions to its only accused (依照…第十七条第三款…之规定)."""
        sec = state.sections[si]
        if len(accused) != 1 or accused[0].court_age is not None or accused[0].court_age_partial is not None \
                or not sec.operative:
            return
        a = sec.parties[1] if sec.parties else sec.start
        basis = list(P.STATUTE_BASIS.finditer(text, a, sec.operative[0] + 1))
        if not basis:
            return
        last = basis[-1]
        for m in ART_17.finditer(text, last.start(), last.end()):
            paras = set(re.findall(r"[一二三四五六]", m.group("paras")))
            if paras and paras <= {"一"}:
                continue
            law = _CITED_LAW.findall(text, last.start(), m.start())
            if not law or law[-1] != "中华人民共和国刑法" and law[-1] != "刑法":
                continue   # art. 17 of another law or judicial interpretation (…解释》第十七条)
            accused[0].court_age = (True, Mention(m.start(), m.end(), m.group(0)))
            return


# How far a finding of age may stand from the name it is about (…犯罪时均已成年, 曹某丁实际出生日期为
# 1997年9月3日作案时未满十六周岁), within one clause; what may not stand between them: another
# person (强奸、诈骗对象均系未成年人, 被害人…), or a bracket (武龙军（未到刑事责任年龄）: someone unnamed here).
SUBJECT_GAP = 24
_NOT_THE_SUBJECT = re.compile(r"被害|对象|对方|幼女|儿童|他人|妇女|伙同|另案|分案|[（()）]")
# an age that qualifies the noun after it (不满十四周岁的幼女, 未满十八周岁的被害人): someone else's
_OF_SOMEONE_ELSE = re.compile(r"的?(?:幼女|儿童|女孩|男孩|女童|男童|少女|少年|未成年人|被害人|学生|妇女|孩子|小孩)")
# …unless the sentence says the accused is one (被告人张某系不满十八周岁的未成年人)
_COPULA = re.compile(r"(?:系|是|为|属)\s*$")
# a role word right before the finding, the name left out (被告人部分作案时系未成年人)
_SUBJECT_ROLE = re.compile(rf"{P.ACCUSED_ROLE}[^，,（()）]{{0,12}}$")
# A finding of recidivism comes after the sentence's account of the earlier term (曾因故意犯罪被判处
# 有期徒刑以上刑罚，刑罚执行完毕后五年以内再犯应当判处有期徒刑以上刑罚之罪，系累犯): its subject may
# stand this far before it; a victim or an accomplice named in between is named, so nearer.
RECIDIVISM_GAP = 120
_NAMES_ANOTHER = re.compile(r"伙同|另案|分案")
_DENIED = re.compile(r"(?:不|非|未|否认|不应认定为?|不能认定为?|不宜认定为?)$")
# art. 66's recidivism (危害国家安全、恐怖活动、黑社会性质的组织犯罪) knows no exception for minors
_SPECIAL_RECIDIVISM = re.compile(r"特别累犯|以累犯论处|第六十六条")
_ACCUSED = re.compile(P.ACCUSED_ROLE)


def _subjects(text: str, a: int, cue: int, index: NameIndex, *, gap: int = SUBJECT_GAP,
              not_the_subject: re.Pattern[str] = _NOT_THE_SUBJECT) -> set[int]:
    """The persons a finding in text[a:cue] is about: the name closest before it, with the
    names listed with it (陈景宣、王日玖、刘嘉福、刘某丙犯罪时均已成年); none when more than `gap`
    characters or words that name someone else stand between."""
    found = index.find(text, a, cue)
    if not found:
        return set()
    key, _, end = found[-1]
    between = text[end:cue]
    if len(between) > gap or not_the_subject.search(between):
        return set()
    keys = {key}
    for k, s, e in reversed(found[:-1]):
        between = text[e:min(x for _, x, _ in found if x >= e)]
        if not re.fullmatch(r"[、和及与]?(?:被告人|上诉人|原审被告人|同案人)?", between):
            break
        keys.add(k)
    return keys


def _dated(lead: str) -> bool:
    """Whether a finding of age names the time of one act (在2013年9月实施盗窃犯罪时): a date in
    it that is no birth date (出生日期为1997年9月3日作案时…)."""
    return any(not re.search(r"出生(?:日期)?(?:为|是|于)?\s*$|生于\s*$", lead[:m.start()])
               and not re.match(r"\s*(?:出生|生)", lead[m.end():]) for m in numerals.DATE.finditer(lead))


def _prior(text: str, a: int, b: int) -> PriorReading:
    """An earlier conviction or penalty written in text[a:b]."""
    piece = text[a:b]
    administrative = LEXICON.search("prior_penalty", text, a, b)
    kind = "administrative" if "罪" not in piece or (
        administrative is not None and administrative.phrase in ("行政拘留", "行政处罚", "治安处罚", "劳动教养",
                                                                 "强制隔离戒毒")) else "criminal"
    decided, latest = None, None
    date = numerals.DATE.search(text, a, b)
    # the start of the earlier acts' period (2003年3月至2004年5月间盗窃…被判处) is no day the
    # earlier conduct had ended by: it bounds nothing
    if date and not numerals.OPENS_A_RANGE.match(text, date.end()):
        year, month = numerals.cn_year(date.group("y")), numerals.cn_int(date.group("m"))
        if year and month and 1 <= month <= 12:
            day = numerals.cn_int(date.group("d")) if date.group("d") else None
            decided = numerals.make_date(year, month, day) if day else None
            latest = decided or numerals.month_end(year, month)
    term = P.PRINCIPAL.search(text, a, b)
    months = numerals.term_months(term.group("term")) if term and term.group("kind") else None
    stated = True if re.search(r"未成年|未满十八周岁|不满十八周岁", piece) else None
    return PriorReading(Mention(a, b, piece), kind, decided, latest, months, stated)


@Language.factory("mention_spans", default_config={})
def make_mention_spans(nlp: Language, name: str) -> MentionSpans:
    return MentionSpans()


class MentionSpans:
    """Every mention the components read, as `doc.spans` groups labelled with what it is (the
    role, the penalty kind…): the structure the rules read, in the form spaCy components and
    displaCy read, over character tokens, so each span is exactly the mention's characters."""

    GROUPS = ("person", "birth", "offence", "disposition", "measure", "court_age", "prior")

    def __call__(self, doc: Doc) -> Doc:
        state: LegalState = doc._.legal
        found: dict[str, list[tuple[Mention, str]]] = {g: [] for g in self.GROUPS}
        for p in state.persons:
            found["person"] += [(m, p.role) for m in (p.name, *p.aliases)]
            found["birth"] += [(b.mention, "birth_date") for b in p.births]
            found["offence"] += [(o.mention, o.span.precision) for o in p.offences]
            found["disposition"] += [(r.mention, r.kind) for r in p.dispositions]
            found["measure"] += [(r.mention, "release" if r.releases else "custody") for r in p.procedures]
            found["prior"] += [(r.mention, r.kind) for r in p.priors]
            if p.court_age is not None:
                found["court_age"].append((p.court_age[1], "minor" if p.court_age[0] else "adult"))
            if p.recidivism is not None:
                found["court_age"].append((p.recidivism, "recidivist"))
        for group, mentions in found.items():
            spans = {}
            for m, label in mentions:
                span = doc.char_span(m.start, m.end, label=label, alignment_mode="expand")
                if span is not None:
                    spans[span.start, span.end, label] = span
            doc.spans[group] = list(spans.values())
        return doc
