"""From the components' readings to the record's Case, Persons and review items.

This is where doubt becomes a review item: a value read through an OCR
confusion, two readings that disagree, an ID whose check digit fails, a date
too vague to place. The extractor never decides sealing, but it must never
hand the rules a confident value it is not sure of.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from extractors import numerals
from extractors.nlp import patterns as P
from extractors.nlp import reasons as R
from extractors.nlp.components import DAY_OFFSETS, id_number_in, one_off
from extractors.nlp.flow import FlowText
from extractors.nlp.state import COURT_KINDS, DECIDING_KINDS, Draft, LegalState, Mention, OffenceReading, Section
from extractors.reading.normalise import compact
from extractors.text import DossierText
from models import ages, idnumber
from models.rules.engine import procedural_key
from models.record import (
    Case, Disposition, Document, Evidence, Identifiers, OffenceDate, Person, PriorRecord, ReviewItem,
)
from models.rules.facts import (
    BIRTH_YEAR_EVIDENCE, DAY_EVIDENCE, YEAR_EVIDENCE, Issue, adult_without_birth_date, birth_as_read_says_adult,
    offence_years, settled_by_birth_year,
)

# Below this, a value goes to a reviewer; the same figure as the national rule
# profile's confidence_threshold, so the extractor and the rules doubt alike.
CONFIDENCE_THRESHOLD = 0.9
RAISED_BY = "extractor"   # ReviewItem.raised_by: the rules leave fields the extractor questions to its items

_BRACKETS = str.maketrans("〔［【[〕］】]", "(((())))")


def _case_number_form(text: str) -> str:
    """A case number as compared across documents: compacted (extractors.reading.normalise), its
    year's brackets of every kind as ( )."""
    return compact(text).translate(_BRACKETS)


@dataclass
class Extraction:
    """What one dossier says: the case, its persons, and what the extractor doubts."""

    case: Case
    persons: list[Person] = field(default_factory=list)
    review_items: list[ReviewItem] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"Extraction({len(self.persons)} persons, {len(self.review_items)} review items)"


# the words an earlier record's use rests on besides its date (see _Builder._prior_evidence)
_PRIOR_CUES = re.compile(r"罪|判处|未成年|[未不]满十八周岁")


# what follows a month that sets the scene of a story (2010年8月份，…; 2016年10月期间，…)
_OPENS_STORY = re.compile(r"份?(?:期间|间|左右)?[，,]")
# what stands before a date that opens an item of a numbered list (二、2022年12月间，…): an act of its own
_ITEM_BEFORE = re.compile(r"(?:^|[。；;：:\n])\s*(?:\d{1,2}\s*[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}\s*、)\s*$")


class _Builder:
    def __init__(self, dossier: DossierText, flow: FlowText, state: LegalState) -> None:
        self.dossier = dossier
        self.flow = flow
        self.state = state
        self.reviews: list[ReviewItem] = []
        self.ids: dict[int, str] = {}

    def review(self, person_id: str | None, issue: Issue, value: object = None) -> None:
        """One item per (person, field, reason): the same doubt read in several documents, or
        from several readings of one value, is one question for the reviewer, who sees every
        reading in the evidence; the item keeps the first value."""
        if any((r.person_id, r.field, r.reason) == (person_id, issue.field, issue.reason) for r in self.reviews):
            return
        self.reviews.append(ReviewItem(person_id, issue.field, issue.reason, item_id=f"R{len(self.reviews) + 1}",
                                       value=value, raised_by=RAISED_BY))

    def evidence(self, field_name: str, mention: Mention) -> Evidence:
        start, end = self.flow.span(mention.start, mention.end)
        return self.dossier.evidence(field_name, start, end, mention.confidence, self._settled(mention))

    def told(self, field_name: str, sentence: Mention) -> Evidence:
        """Evidence of a sentence that tells an act: its text, for the reviewer, and the confidence
        of its words — a faint bracket or full stop (大麻叶1包(净重2.27克) changes no one's act
        or day, so its glyph doubts nothing."""
        punctuation = {self.flow.span(sentence.start + i, sentence.start + i + 1)[0]
                       for i, ch in enumerate(sentence.text) if unicodedata.category(ch).startswith("P")}
        start, end = self.flow.span(sentence.start, sentence.end)
        return self.dossier.evidence(field_name, start, end, sentence.confidence,
                                     self._settled(sentence) | punctuation)

    def _settled(self, mention: Mention) -> set[int]:
        return {self.flow.span(mention.start + i, mention.start + i + 1)[0]
                for i in numerals.settled_positions(mention.text)}

    def date_parts(self, reading: OffenceReading) -> list[Evidence]:
        """Each year a date writes, and its month and day, as evidence of their own: the rules
        can place an age on the parts read beyond doubt when a faint glyph doubts the date
        as a whole (二〇〇八 with a faint second 〇 is still a year of the 2000s). A year is
        named by how many leading digits were read beyond doubt (YEAR_EVIDENCE)."""
        mention, found = reading.mention, []
        years = list(numerals.YEAR.finditer(mention.text))
        for y in years:
            part = Mention(mention.start + y.start(), mention.start + y.end(), y.group(0))
            whole, digits = self.evidence("offence_dates.year", part), y.group("y")
            start, settled = self.flow.span(part.start, part.end)[0], self._settled(part)
            if len(digits) == 3:
                # 二〇一年 lost a digit: the date already spans every year its leading digit allows
                lead = self.dossier.confidence(start, self.flow.span(part.start, part.start + 1)[1], settled)
                found.append(dataclasses.replace(whole, confidence=lead))
                continue
            for name, firm in YEAR_EVIDENCE.items():
                sure = self.dossier.confidence(start, self.flow.span(part.start, part.start + firm)[1], settled)
                if numerals.repaired(part.text, firm):
                    sure = min(sure, 0.6)
                if sure >= CONFIDENCE_THRESHOLD or firm == min(YEAR_EVIDENCE.values()):
                    found.append(dataclasses.replace(whole, field=name, confidence=sure))
                    break
        if years and "月" in mention.text[years[0].end():]:
            # a day possibly cut off (十二月三 / …) or read through a confusion doubts the rest
            found.append(self.evidence(DAY_EVIDENCE, Mention(
                mention.start + years[0].end(), mention.end, mention.text[years[0].end():],
                0.6 if reading.span.doubtful else 1.0)))
        return found

    def page(self, offset: int) -> int:
        return self.dossier.page_of(self.flow.span(offset, offset + 1)[0]) if self.dossier.text else 1

    # -------------------------------------------------------------- case
    def case(self) -> Case:
        docs, court, concluded = [], None, None
        for sec in self.state.sections:
            first, last = self.page(sec.start), self.page(max(sec.start, sec.end - 1))
            docs.append(Document(sec.kind, first, last,  # type: ignore[arg-type]
                                 sec.case_number.text if sec.case_number else None, sec.issued_on))
            if court is None and sec.court and sec.court.text.endswith("法院"):
                court = sec.court.text
        concluding = self._concluding_section()
        if concluding is not None:
            concluded = concluding.issued_on
        province = self._province(court)
        return Case([c.text for c in self.state.case_numbers], court, docs, self.state.split_case,
                    concluded, province)

    def _concluding_section(self) -> Section | None:
        """The document that ended the case: the judgment that took effect last (by date,
        then procedural position: an appeal may follow a retrial, models.rules.engine.
        procedural_key); without one, the prosecutor's latest decision (a final 不起诉 after
        a conditional one's test period)."""
        courts = [s for s in self.state.sections if s.kind in COURT_KINDS]
        if courts:
            return max(courts, key=lambda s: (procedural_key(s.kind, s.issued_on), s.start))
        prosecutor = [s for s in self.state.sections if s.kind in DECIDING_KINDS]
        return max(prosecutor, key=lambda s: (s.issued_on or dt.date.min, s.start)) if prosecutor else None

    def _province(self, court: str | None) -> str | None:
        for name in (court, *(s.court.text for s in self.state.sections if s.court)):
            if name:
                for province in P.PROVINCES:
                    if name.startswith(province):
                        return province
        for cn in self.state.case_numbers:
            body = cn.text.split("）", 1)[-1].split(")", 1)[-1]
            if body[:1] in P.PROVINCE_ABBREVIATIONS and body[1:2].isdigit():
                return P.PROVINCE_ABBREVIATIONS[body[:1]]
        return None

    # -------------------------------------------------------------- persons
    def persons(self) -> list[Person]:
        drafts = sorted(self.state.persons, key=lambda d: (not d.is_defendant, d.name.start))
        for i, d in enumerate(drafts, 1):
            self.ids[d.key] = f"P{i}"
        return [self._person(d) for d in drafts]

    def _person(self, d: Draft) -> Person:
        pid = self.ids[d.key]
        role = d.role if d.role in ("defendant", "suspect", "legal_representative", "defence_counsel", "victim",
                                    "witness") else "other"
        person = Person(pid, role, d.name.text)  # type: ignore[arg-type]
        person.evidence.append(self.evidence("name", d.name))
        if d.renamed and d.is_defendant:
            self.review(pid, R.NAMES_DISAGREE, [d.name.text, *(m.text for m in d.renamed)])
        if d.is_defendant and (longer := self._longer_name(d)):
            self.review(pid, R.NAME_CUT_SHORT, [d.name.text, longer])
        for a in d.aliases:
            if a.text not in person.aliases and a.text != d.name.text:
                person.aliases.append(a.text)
                person.evidence.append(self.evidence("alias", a))
        if d.gender:
            person.gender = "male" if d.gender.text == "男" else "female"
        if d.stated_age:
            person.stated_age = int(d.stated_age.text)
            person.evidence.append(self.evidence("stated_age", d.stated_age))
            # the document that writes it: the age held on its date or earlier
            sec = next((s for s in self.state.sections if s.start <= d.stated_age.start < s.end), None)
            if sec is not None and sec.issued_on is not None and sec.issued is not None:
                person.stated_age_on = sec.issued_on
                person.evidence.append(self.evidence("stated_age_on", sec.issued))
        person.tried_separately = d.tried_separately
        person.represents = self.ids.get(d.represents) if d.represents is not None else None
        person.charges = list(d.charges)
        if d.charges:
            person.intentional = not all(c in P.NEGLIGENT_CHARGES or c.startswith("过失") for c in d.charges)
        if d.main_conduct:
            person.main_conduct = d.main_conduct[0]  # type: ignore[assignment]
            person.evidence.append(self.evidence("main_conduct", d.main_conduct[1]))
        self._identifiers(person, d)
        missing_birth = self._birth(person, d)
        if d.is_defendant:
            self._first_procedure(person, d)
        self._priors(person, d)   # before the offences: a set-aside date is weighed against them (_may_move_age)
        if d.recidivism is not None:
            person.recidivist = True
            person.evidence.append(self.evidence("recidivist", d.recidivism))
        if d.is_defendant or d.tried_separately:
            self._offences(person, d)
        self._court_age(person, d)
        self._disputed_birth(person, d)
        if missing_birth and not self._birth_question_settled(person, missing_birth[0]):
            self.review(pid, *missing_birth)
        if d.is_defendant:
            self._disposition(person, d)
            self._minor(person, d)
            self._second_opinion(person, d)
            self._faint_name(person)
        elif (note := d.age_note or d.court_age) is not None:
            # the file itself says so (系未成年人，另案处理 / 已成年): a statement, not an inference
            person.minor_at_offence = note[0]
            person.evidence.append(self.evidence("minor_at_offence", note[1]))
        return person

    def _faint_name(self, person: Person) -> None:
        """A name the file never writes with every glyph above the confidence bar (a glyph the
        engine was unsure of each time: 施革某 for 施某某 throughout a Tesseract reading) is a
        reviewer's where the person may have been a minor: a sealed record's name is what the
        redaction of other files looks for, and the notices carry it. One sure writing of the
        spelling settles it (a cover's faint 任强, read sure in every document after). An
        adult's, by age or by what makes one an adult without a birth date (an earlier
        conviction), is nobody's question: it moves no decision."""
        if person.minor_at_offence is False or adult_without_birth_date(person, CONFIDENCE_THRESHOLD) is not None:
            return
        written = [self.dossier.confidence(*self.flow.span(m.start(), m.end()))
                   for m in re.finditer(P.broken(person.name), self.flow.text)]
        if written and max(written) < CONFIDENCE_THRESHOLD:
            self.review(person.person_id, R.NAME_LOW_CONFIDENCE)

    def _court_age(self, person: Person, d: Draft) -> None:
        """The court's own finding of age at the offence, with the sentence that states it; for a
        co-offender tried elsewhere, what the file's note says of them (（系未成年人，另案处理）)."""
        found = d.court_age or (d.age_note if d.tried_separately and not d.is_defendant else None)
        if d.court_age_conflict:
            # minor in one sentence, adult in another: no finding, and never a decision on either
            person.evidence.append(self.evidence("court_minor_finding", d.court_age[1]))  # type: ignore[index]
            self.review(person.person_id, R.COURT_AGE_CONFLICT, d.court_age[1].text)  # type: ignore[index]
            return
        if found is not None:
            person.court_minor_finding = found[0]
            person.evidence.append(self.evidence("court_minor_finding", found[1]))

    def _priors(self, person: Person, d: Draft) -> None:
        """Earlier convictions and penalties: committed as a minor when the file says so, or when
        the earlier decision came before the 18th birthday (its act came before the decision)."""
        adult_from = _eighteenth(person.birth_date) if person.birth_date else None   # the last day as a minor
        for r in d.priors:
            juvenile = r.stated_juvenile
            if juvenile is None and adult_from is not None and r.latest is not None and r.latest <= adult_from:
                juvenile = True
            record = PriorRecord(r.mention.text.strip(), r.kind, r.decided_on, r.months, juvenile)  # type: ignore[arg-type]
            if record not in person.prior_records:
                person.prior_records.append(record)
                person.evidence.append(self._prior_evidence(r.mention))

    def _prior_evidence(self, mention: Mention) -> Evidence:
        """An earlier record's evidence: its clause, vouched for by the glyphs what is read of it
        rests on — the earlier decision's date and the words that make it a conviction or a
        minor's (罪, 判处, 未成年, 未满十八周岁) — not by every glyph of a long clause: a faint court
        name or fine amount doubts nothing the age bound reads."""
        ev = self.evidence("prior_records", mention)
        date = numerals.DATE.search(mention.text)
        if date is None:
            return ev
        parts = [(date.start(), date.end())] + [m.span() for m in _PRIOR_CUES.finditer(mention.text)]
        sure = min(self.dossier.confidence(*self.flow.span(mention.start + a, mention.start + b)) for a, b in parts)
        if numerals.repaired(date.group(0)):
            sure = min(sure, 0.6)
        return dataclasses.replace(ev, confidence=min(sure, mention.confidence))

    def _year_of(self, mention: Mention) -> Evidence | None:
        """The year a written birth date opens with, as evidence of its own, when its digits were
        read beyond doubt ("birth_year"), or all but the last ("birth_year.decade": 196? is a birth
        of the 1960s), or all but the third ("birth_year.unit": 19?4 is a birth of 1904–1994); None
        otherwise. Of 1x and 2x, only 19xx and 20xx are anyone's birth years:
        the leading digit of an Arabic year whose second is 0 or 9 counts however faint, and so
        does a 9 after a 1, or a 0 after a 2, read beyond doubt (1957 with a faint 9)."""
        y = numerals.YEAR.match(mention.text)
        if y is None or len(y.group("y")) != 4 or numerals.repaired(y.group(0)):
            return None
        part = Mention(mention.start + y.start(), mention.start + y.end(), y.group(0))
        start = self.flow.span(part.start, part.end)[0]
        settled = self._settled(part) | ({start} if re.fullmatch(r"[12][09]\d\d", y.group("y")) else set())
        if re.fullmatch(r"(?:19|20)\d\d", y.group("y")) and \
                self.dossier.confidence(start, start + 1) >= CONFIDENCE_THRESHOLD:
            settled.add(self.flow.span(part.start + 1, part.start + 2)[0])
        digits_end = self.flow.span(part.start, part.start + 4)[1]
        for name, faint in BIRTH_YEAR_EVIDENCE.items():
            doubted = set() if faint is None else {self.flow.span(part.start + faint, part.start + faint + 1)[0]}
            sure = self.dossier.confidence(start, digits_end, settled | doubted)
            if sure >= CONFIDENCE_THRESHOLD:
                return dataclasses.replace(self.evidence(name, part), confidence=sure)
        return None

    def _birth_question_settled(self, person: Person, issue: Issue) -> bool:
        """Whether the file answers the age a question about the birth date would leave open: for
        a date read with doubt, its year read beyond doubt (settled_by_birth_year), or what else the
        file says where it agrees with the date as read; for one missing, masked or given as an
        age, what else the file says (_settled_without_birth_date: an earlier conviction,
        recidivism, a stated age)."""
        if issue is R.BIRTH_LOW_CONFIDENCE:
            return settled_by_birth_year(person, CONFIDENCE_THRESHOLD) != "unknown" or (
                birth_as_read_says_adult(person) and self._settled_without_birth_date(person))
        return self._settled_without_birth_date(person)

    def _settled_without_birth_date(self, person: Person) -> bool:
        """Whether what the file says instead of a birth date, read beyond doubt, settles the age
        at every offence date read as the rules judge it: an earlier conviction, the court's
        finding of recidivism or an age a dated document states making them an adult's
        (models.rules.facts.adult_without_birth_date), or a birth year kept without its day
        putting them all on one side of that year's 18th birthdays (settled_by_birth_year).
        Then a birth date the file leaves out or masks is no question for a reviewer. Not while
        the offence dates are in doubt themselves."""
        return not any(r.person_id == person.person_id and r.field == "offence_dates" for r in self.reviews) \
            and (adult_without_birth_date(person, CONFIDENCE_THRESHOLD) is not None
                 or settled_by_birth_year(person, CONFIDENCE_THRESHOLD) != "unknown")

    def _first_procedure(self, person: Person, d: Draft) -> None:
        """The earliest measure of this case against the person: every offence of the case came
        before it. Not once the person was let go (取保候审, 释放) and held again: offences may
        fall in between (a theft on bail), so the bound is the first custody after the last
        release. Not at all when an offence read falls after it."""
        dated = sorted(d.procedures, key=lambda r: r.date)
        if not dated:
            return
        releases = [r.date for r in dated if r.releases]
        after = [r for r in dated if not r.releases and releases and r.date > releases[-1]]
        first = after[0] if after else dated[0]
        if any(o.span.start > first.date for o in d.offences):
            return   # a date read as an offence's says otherwise: no bound, rather than a wrong one
        person.first_procedure_date = first.date
        person.evidence.append(self.evidence("first_procedure_date", first.mention))

    def _longer_name(self, d: Draft) -> str | None:
        """A longer name the file gives this person, at least twice after a role word and
        before a name's end (punctuation, 的, 之), when the party paragraph's name is its
        start: "被不起诉人卢德\n盲用名…" (明（曾 lost at a line end) against 犯罪嫌疑人：卢德明，
        涉罪未成年人卢德明的 elsewhere. A verb after a name (被告人张某醉酒) is not one."""
        name = d.name.text
        if len(name) >= 4:
            return None
        after_role = re.compile(rf"(?:{P.ROLE.pattern}|未成年人|[：:])\s*{re.escape(name)}(?P<c>[{P.HAN}])"
                                rf"(?=[，,。；;：:（(、\s]|的|之)")
        counts = Counter(m.group("c") for m in after_role.finditer(self.flow.text))
        others = {f for p in self.state.persons if p is not d for f in p.forms}
        longer = [name + c for c, n in counts.items() if n >= 2 and name + c not in d.forms and name + c not in others]
        return longer[0] if len(longer) == 1 else None

    def _identifiers(self, person: Person, d: Draft) -> None:
        ident = Identifiers()
        for field_name, mentions, target in (("address", d.addresses, ident.addresses),
                                             ("school", d.schools, ident.schools),
                                             ("guardian", d.guardians, ident.guardians),
                                             ("phone", d.phones, ident.phones)):
            for m in mentions:
                if m.text not in target:
                    target.append(m.text)
                    person.evidence.append(self.evidence(field_name, m))
        for b in d.other_births:
            if b.date is not None and b.date.isoformat() not in ident.birth_dates:
                ident.birth_dates.append(b.date.isoformat())
                person.evidence.append(self.evidence("other_birth_date", b.mention))
        person.identifiers = ident

    def _birth(self, person: Person, d: Draft) -> tuple[Issue, object] | None:
        """The birth date (and the ID number it is checked against), with the doubts about it.
        When a defendant's file gives no trace of one at all, an age in years alone (28岁) or a
        birth year without its day (1998年×月×日), the question for a reviewer, which depends on
        what else the file says (_settled_without_birth_date)."""
        pid = person.person_id
        id_birth = None
        ids = [(m, self.evidence("id_number", m)) for m in d.ids]
        valid = [(m, ev) for m, ev in ids if idnumber.ID18.match(m.text) and idnumber.is_valid(m.text)]
        numbers = {m.text for m, _ in valid}
        sure = [(m, ev) for m, ev in valid if m.confidence >= CONFIDENCE_THRESHOLD]
        if len(numbers) == 1 and sure:
            # one number passes its check digit, read without confusion: readings that fail the
            # check (330106…079 read as …019) are OCR's errors the check digit caught
            person.id_number = sure[0][0].text
            person.evidence += [ev for m, ev in ids if m.text == person.id_number]
            id_birth = idnumber.birth_date(person.id_number)
        elif ids:
            person.id_number = (valid or ids)[0][0].text
            person.evidence += [ev for _, ev in ids]
            if d.is_defendant:
                if len(numbers) > 1:
                    self.review(pid, R.IDS_DISAGREE, sorted(numbers))
                elif valid:
                    self.review(pid, R.ID_OCR_CONFUSION, person.id_number)
                else:
                    self.review(pid, R.ID_INVALID, person.id_number)
        readings = [(b, self.evidence("birth_date", b.mention)) for b in d.births]
        written = [(b, ev) for b, ev in readings if b.date is not None]
        unreadable = [(b, ev) for b, ev in readings if b.date is None]
        dates = {b.date for b, _ in written}
        confident = [(b, ev) for b, ev in written if ev.confidence >= CONFIDENCE_THRESHOLD]
        # The evidence is what the value rests on. Readings that agree, one of them confident:
        # the confident ones (a blurred or garbled copy of the same paragraph adds a doubt the
        # file does not have). Otherwise every reading, for the reviewer to compare.
        shown = confident if len(dates) == 1 and confident else written or unreadable
        person.evidence += [ev for _, ev in shown]
        if written:
            first = written[0][0].date
            person.birth_date = first
            if len(dates) > 1 and d.is_defendant:
                self.review(pid, R.BIRTH_DATES_DISAGREE, sorted(x.isoformat() for x in dates if x))
            elif id_birth is not None and id_birth != first and d.is_defendant:
                self.review(pid, R.ID_CONTRADICTS_BIRTH, first.isoformat() if first else None)
            elif not confident and d.is_defendant:
                # a faint month or day doubts the date, not its year (1976年3月5日 with a faint 3):
                # a year read beyond doubt may still settle the age (_birth_question_settled)
                if (year := self._year_of(written[0][0].mention)) is not None:
                    person.birth_year = first.year
                    person.evidence.append(year)
                return R.BIRTH_LOW_CONFIDENCE, first.isoformat()
        elif id_birth is not None:
            person.birth_date = id_birth
            # a birth date the file writes but OCR garbled cannot be cross-checked with the ID
            if d.is_defendant and any(ev.confidence < CONFIDENCE_THRESHOLD for _, ev in unreadable):
                self.review(pid, R.BIRTH_UNREADABLE, unreadable[0][0].mention.text)
        elif d.masked_birth is not None:
            # masked in the published copy, or written by its year alone: what it keeps (the
            # year) is evidence, the day is not invented
            person.evidence.append(self.evidence("birth_year", d.masked_birth))
            if (year := re.search(r"\d{4}", d.masked_birth.text)) is not None:
                person.birth_year = int(year.group(0))
            if d.is_defendant and (d.court_age is None or d.court_age_conflict):
                return R.BIRTH_MASKED, d.masked_birth.text
        elif d.is_defendant and d.court_age is not None and not d.court_age_conflict and not unreadable:
            pass   # no birth date, but the court states the age at the offence: nothing for a reviewer to find
        elif d.is_defendant:
            if unreadable:
                self.review(pid, R.BIRTH_UNREADABLE, unreadable[0][0].mention.text)
            elif d.stated_age is not None:
                return R.AGE_ONLY, int(d.stated_age.text)
            else:
                return R.BIRTH_NOT_FOUND, None
        return None

    def _offences(self, person: Person, d: Draft) -> None:
        """One offence range per distinct range. The same date read in several documents
        (indictment, judgment, appeal) is one value resting on its confident readings: a
        blurred copy elsewhere does not doubt it, as with birth dates."""
        pid = person.person_id
        acts = self._acts(d)
        settings = self._settings(acts)
        whole = [o for o in acts if not o.span.lost_year and o not in settings]
        lost = [o for o in d.offences if o.span.lost_year and not _written_whole(o, whole)]
        offences = whole + [o for o in lost if self._bounded(o)]
        if d.is_defendant and (joint := next((o for o in offences if o.envelope), None)):
            self.review(pid, R.OFFENCE_JOINT_SPAN, joint.mention.text)
        if d.is_defendant and len(offences) < len(whole) + len(lost):
            self.review(pid, R.OFFENCE_YEAR_UNPLACED)
        readings: dict[tuple[dt.date, dt.date], list[tuple[OffenceReading, Evidence]]] = {}
        doubtful: list[str] = []   # read below the confidence bar
        for o in sorted(offences, key=lambda o: (o.span.start, o.span.end)):
            readings.setdefault((o.span.start, o.span.end), []).append((o, self.evidence("offence_dates", o.mention)))
        for o in d.open_ended:
            # 2017年4月以来…多次: from the date's first day to the person's first measure, as no
            # act of the case follows it; with no measure the end is the reviewer's
            end = person.first_procedure_date
            if end is not None:   # the acts ended with the first custody after they began
                end = min([r.date for r in d.procedures if not r.releases and r.date >= o.span.start] or [end])
            if end is None or end < o.span.start:
                if d.is_defendant:
                    self.review(pid, R.OFFENCE_OPEN_ENDED, o.mention.text)
                continue
            readings.setdefault((o.span.start, end), []).append((o, self.evidence("offence_dates", o.mention)))
        if any(P.POSSESSION.search(c) for c in d.charges):
            # convicted of possession (非法持有毒品罪): the day the thing was seized from the person
            # (民警…在其家中查获毒品) is a day of the offence, though no act is told that day
            for s in d.seizures:
                readings.setdefault((s.span.start, s.span.end), []).append(
                    (OffenceReading(s.span, s.mention), self.evidence("offence_dates", s.mention)))
        # the day the accused was taken in the act, inside a period of theirs, is that period's
        # (2014年7月份开始…出售…。同年9月18日…在贩卖时被抓获): no act of its own
        for key in [k for k, read in readings.items() if all(r.caught for r, _ in read)]:
            if any(s <= key[0] and key[1] <= e and (s, e) != key for s, e in readings):
                del readings[key]
        for (start, end), read in sorted(readings.items(), key=lambda kv: kv[0]):
            o, best = max(read, key=lambda r: r[1].confidence)
            person.offence_dates.append(OffenceDate(start, end, o.mention.text))
            confident = [ev for _, ev in read if ev.confidence >= CONFIDENCE_THRESHOLD]
            person.evidence += confident or [ev for _, ev in read]
            # the readings agree on the value: of those written as the recorded text is, the
            # one whose parts read best vouches for them
            person.evidence += max((self.date_parts(r) for r, _ in read if r.mention.text == o.mention.text),
                                   key=lambda parts: min((e.confidence for e in parts), default=-1.0))
            if d.is_defendant and o.span.lost_year:
                self.review(pid, R.OFFENCE_YEAR_LOST, o.mention.text)
            elif d.is_defendant and o.span.precision == "vague" and not self._placed(person, person.offence_dates[-1]):
                self.review(pid, R.OFFENCE_TOO_VAGUE, o.mention.text)
            elif d.is_defendant and all(r.lost_heading for r, _ in read):
                self.review(pid, R.FINDINGS_HEADING_LOST, o.mention.text)
            elif d.is_defendant and best.confidence < CONFIDENCE_THRESHOLD:
                doubtful.append(o.mention.text)
        continuing = next((c for c in d.charges if P.CONTINUING_OFFENCE.search(c)), None)
        if d.is_defendant and person.offence_dates and continuing is not None:
            self._continuing(person, continuing)
        recorded = {(o.start, o.end) for o in person.offence_dates}
        if d.is_defendant and (setting := next((o for o in settings if (o.span.start, o.span.end) not in recorded
                                                 and self._may_move_age(person, o.span)), None)):
            self.review(pid, R.OFFENCE_SETTING, setting.mention.text)
        for issue, set_aside in ((R.OFFENCE_UNREAD, d.unread_offences), (R.OFFENCE_CONDUCT_END, d.conduct_ends),
                                 (R.OFFENCE_TO_CASE_BROKE, d.to_case_broke),
                                 (R.PROCEDURE_CUE_APPROXIMATE, d.approximate_procedures),
                                 (R.OFFENCE_OTHER_SUBJECT, d.told_of_others)):
            if d.is_defendant and (doubt := next((x for x in set_aside if self._may_move_age(person, x.span)), None)):
                self.review(pid, issue, doubt.mention.text)
        self._after_event(person, d, undated=not (d.offences or d.unread_offences or d.conduct_ends or d.open_ended or any(
            word in DAY_OFFSETS for word, *_ in d.after_event)))
        self._aside(person, d)
        if doubtful and not self._settled_by_year(person):
            self.review(pid, R.OFFENCE_LOW_CONFIDENCE, doubtful[0])
        if d.is_defendant and not person.offence_dates and not d.unread_offences and not d.conduct_ends \
                and not d.open_ended and not d.told_of_others:
            self.review(pid, R.OFFENCE_NOT_FOUND)
        if d.is_defendant and (apart := self._one_glyph_apart(readings)):
            self.review(pid, R.OFFENCE_DOCUMENTS_DISAGREE, apart)

    def _continuing(self, person: Person, charge: str) -> None:
        """A continuing offence (继续犯: 非法拘禁罪, 拒不执行判决、裁定罪 …) lasts until its unlawful state
        ends (Criminal Law art. 89 counts its limitation from then), and the dates the findings give
        are often its start: from the last of them to the first measure against the person — or,
        with none, the judgment; with no date for that either, open-ended — the offence may have gone
        on. A reviewer's where that could carry it past the 18th birthday (reasons.OFFENCE_CONTINUING):
        never for someone already an adult at that last date."""
        last = max(o.end for o in person.offence_dates)
        concluding = self._concluding_section()
        end = person.first_procedure_date or (concluding.issued_on if concluding is not None else None) or dt.date.max
        if self._may_move_age(person, numerals.Span(last, max(last, end), "range", True)):
            self.review(person.person_id, R.OFFENCE_CONTINUING, charge)

    def _aside(self, person: Person, d: Draft) -> None:
        """Dates of acts whose sentence names others as the actors and this person otherwise (二人殴打
        某某, perhaps the victim): none of the person's, unless it could move the person's age at the
        offence across the 18th birthday — then a reviewer reads the sentence."""
        if not d.is_defendant:
            return
        recorded = {(o.start, o.end) for o in person.offence_dates}
        for o in d.aside:
            if (o.span.start, o.span.end) not in recorded and self._may_move_age(person, o.span):
                self.review(person.person_id, R.OFFENCE_ACTOR_UNCLEAR, o.mention.text)
                return

    def _settled_adult(self, person: Person) -> bool:
        """Whether the file settles, beyond doubt, that the person was an adult at every offence:
        no item doubts the birth date or the offence dates, those read beyond doubt put every
        offence after the 18th birthday (_settled_by_year), and no finding of the court says minor."""
        return not person.court_minor_finding and person.birth_date is not None and bool(person.offence_dates) \
            and not any(r.person_id == person.person_id and r.field in ("offence_dates", "minor_at_offence", "main_conduct")
                        for r in self.reviews) \
            and self._settled_by_year(person) \
            and ages.age_at_offence(person.birth_date, person.offence_dates) == "adult"

    def _settled_by_year(self, person: Person) -> bool:
        """Whether the parts of the offence dates read beyond doubt settle the age at the offence
        against a birth date read without doubt, as the rules read them (models.rules.facts.
        offence_years: someone born in 1984 was an adult on any day of 2016年10月 however faint
        its 10): a date read below the confidence bar then asks a reviewer nothing."""
        if person.birth_date is None or any(r.person_id == person.person_id and r.field in ("birth_date", "id_number")
                                            for r in self.reviews):
            return False
        widened = offence_years(person, CONFIDENCE_THRESHOLD)
        return widened is not None and ages.age_at_offence(person.birth_date, widened) in ("minor", "adult")

    def _disputed_birth(self, person: Person, d: Draft) -> None:
        """A second birth date the file itself gives beside the first (1990年10月9日（户籍登记为
        1989年11月29日）出生: the date the accused gave and the registered one) is a reviewer's
        question only where the two answer the law's differently: unless every offence read, and
        every date set aside, falls on the same side of the 18th birthday under each, a reviewer
        compares them. The first written stays the record's birth date. (Readings of one date
        that disagree — two documents, two scans — are always a question: `_birth`.)"""
        others = {b.date for b in d.other_births if b.date is not None} - {person.birth_date}
        if not others or person.birth_date is None or not d.is_defendant \
                or any(r.person_id == person.person_id and r.field == "birth_date" for r in self.reviews):
            return
        births = sorted({person.birth_date, *others})
        answers = {ages.age_at_offence(b, person.offence_dates) for b in births}
        set_aside = [x.span for x in (*d.unread_offences, *d.conduct_ends, *d.to_case_broke, *d.told_of_others,
                                      *d.approximate_procedures)]
        if len(answers) != 1 or not answers <= {"minor", "adult"} \
                or any(self._may_move_age(person, span, b) for b in births for span in set_aside):
            self.review(person.person_id, R.BIRTH_DATES_DISAGREE, [b.isoformat() for b in births])

    @staticmethod
    def _placed(person: Person, offence: OffenceDate) -> bool:
        """Whether a (vague) offence range falls on one side of the 18th birthday: by the birth
        date, or by a birth year kept without its day for every birth that year allows."""
        if person.birth_date is not None:
            return ages.minor_at(person.birth_date, offence) is not None
        return person.birth_year is not None and ages.age_by_birth_year(person.birth_year, [offence]) != "unknown"

    @staticmethod
    def _may_move_age(person: Person, span: numerals.Span | None, birth: dt.date | None = None) -> bool:
        """Whether a date the findings hold but the person's offence dates leave out could change
        the person's age at the offence (born on `birth`, else on the person's birth date): unless
        it is placed and falls on the same side of the 18th birthday as every offence date read,
        it could. With no birth date, it could not where what makes the person an adult without
        one (an earlier conviction, recidivism, a stated age: adult_without_birth_date) holds for
        it as for every offence date read."""
        birth = birth or person.birth_date
        if span is None or not person.offence_dates:
            return True
        dates = [*person.offence_dates, OffenceDate(span.start, span.end, "")]
        if birth is None:
            return adult_without_birth_date(dataclasses.replace(person, offence_dates=dates),
                                            CONFIDENCE_THRESHOLD) is None
        sides = {ages.minor_at(birth, x) for x in dates}
        return len(sides) != 1 or None in sides

    @staticmethod
    def _acts(d: Draft) -> list[OffenceReading]:
        """The person's offence readings less those another of them already holds: the period of
        several accused's acts (有分有合于7月至8月间), or of this person's in varying company
        (分别伙同), where the findings date an act of this person's inside it, and a date whose
        sentence names no one (经查，该赌场自1月1日至14日获利…) inside a range that names the
        person. Neither is an act of its own; an envelope of several accused's acts with nothing
        dated inside it stays, for a reviewer (reasons.OFFENCE_JOINT_SPAN); one of this person's
        stays as the person's period."""
        def inside(o: OffenceReading, outer: OffenceReading) -> bool:
            return outer.span.start <= o.span.start and o.span.end <= outer.span.end and \
                (o.span.start, o.span.end) != (outer.span.start, outer.span.end)
        own = [o for o in d.offences if not o.envelope]
        named = [o for o in own if not o.unnamed]
        return [o for o in d.offences
                if not ((o.envelope or o.joined) and any(inside(x, o) for x in own))
                and not (o.unnamed and any(inside(o, x) for x in named))]

    def _settings(self, acts: list[OffenceReading]) -> list[OffenceReading]:
        """The months a story opens with whose acts the same document then dates by the day
        (2010年8月份，被告人王某在网吧内结识被害人…，分三次骗取…（8月24日…、8月25日…）; 2016年6月，
        …共谋实施诈骗。同月19日…): the scene of those acts, not one of its own. Set aside, for a
        reviewer where an act of its own that month could move the age (_offences). A month
        written as an act's own time (2017年12月某日, 2018年2月的一天晚上), or one that opens an item
        of a numbered list (二、2022年12月间，…: each item an act), is no scene. A date whose
        sentence tells only of the story's background (…通过QQ认识乙后，二人发展为情侣关系;
        …成立某公司) before an act the document dates is one too."""
        def section(o: OffenceReading) -> int:
            return next((i for i, s in enumerate(self.state.sections) if s.start <= o.mention.start < s.end), -1)
        def opens_item(o: OffenceReading) -> bool:
            return _ITEM_BEFORE.search(self.flow.text, max(0, o.mention.start - 12), o.mention.start) is not None
        def month_of(o: OffenceReading) -> bool:
            return o.span.precision == "month" and o.span.start.day == 1 \
                and o.span.end == numerals.month_end(o.span.end.year, o.span.end.month) \
                and _OPENS_STORY.match(self.flow.text, o.mention.end) is not None and any(
                    x.span.precision == "day" and o.span.start <= x.span.start <= o.span.end
                    and x.mention.start > o.mention.start and section(x) == section(o) for x in acts)
        def background(o: OffenceReading) -> bool:
            return o.background and any(not x.background and x.span.start >= o.span.start
                                        and x.mention.start > o.mention.start and section(x) == section(o)
                                        for x in acts)
        return [o for o in acts if (month_of(o) or background(o)) and not opens_item(o)]

    def _after_event(self, person: Person, d: Draft, *, undated: bool) -> None:
        """Acts the findings tell after a dated one, with no date of their own (事故后乙打电话…):
        on that day (当日, 当晚) or the day after (次日), whatever else the person did; or, for a
        person with no offence date read, from that day to the person's first measure (no act of
        the case came after it). Without a first measure, no date: a reviewer's."""
        for word, day, day_mention, sentence in d.after_event:
            if word in DAY_OFFSETS:
                start = end = day + dt.timedelta(days=DAY_OFFSETS[word])
            elif undated and person.first_procedure_date is not None and person.first_procedure_date >= day:
                start, end = day, person.first_procedure_date
            else:
                continue
            if any((o.start, o.end) == (start, end) for o in person.offence_dates):
                continue
            # the text names the date it counts from, whose parts (its year read beyond doubt) the
            # rules weigh as they weigh any date's (models.rules.facts.offence_years)
            person.offence_dates.append(OffenceDate(start, end, f"{day_mention.text}…{sentence.text}"))
            person.evidence += [self.evidence("offence_dates", day_mention), self.told("offence_dates", sentence),
                                *self.date_parts(OffenceReading(numerals.Span(day, day, "day", False), day_mention))]

    def _one_glyph_apart(self, readings: dict[tuple[dt.date, dt.date], list[tuple[OffenceReading, Evidence]]]
                         ) -> list[str] | None:
        """Two dates one glyph apart, each read only in documents the other is not (the
        indictment's 2015年2月2日, the judgment's 2015年2月20日): one is the other with a glyph
        OCR lost or misread, and which one the file means is for a reviewer. Offences the
        documents share (2月2日 and 2月20日 both in both) are two dates."""
        values = list(readings.values())
        documents = [{i for o, _ in read for i, s in enumerate(self.state.sections) if s.start <= o.mention.start < s.end}
                     for read in values]
        for i, one in enumerate(values):
            for j in range(i + 1, len(values)):
                if documents[i] & documents[j]:
                    continue
                if any(one_off(a.mention.text, b.mention.text) for a, _ in one for b, _ in values[j]):
                    return sorted({o.mention.text for o, _ in one + values[j]})
        return None

    def _cites(self, later: Section, earlier: Section) -> bool:
        """Whether `later` names `earlier`'s case number in its text, compared as the reading layer
        compares (line breaks and spaces aside, full-width forms as ASCII) and whatever brackets
        hold the year: a scan reads （2011） as (2011）, a court may write 〔2011〕."""
        if earlier.case_number is None or later is earlier:
            return False
        number = _case_number_form(earlier.case_number.text)
        own = _case_number_form(later.case_number.text) if later.case_number else None
        return len(number) >= 6 and number != own and \
            number in _case_number_form(self.flow.text[later.start:later.end])

    def _bounded(self, lost: OffenceReading) -> bool:
        """A date whose year lost a digit is placed only below a case-number year read beyond doubt."""
        return lost.bound is not None and self.evidence("case_numbers", lost.bound).confidence >= CONFIDENCE_THRESHOLD

    def _disposition(self, person: Person, d: Draft) -> None:
        pid = person.person_id
        if not d.dispositions:
            # an adult at every offence is not eligible whatever the outcome (R8): a sentence the
            # file does not give in a form one can read (决定执行有期徒刑六个；) asks nobody
            if not self._settled_adult(person):
                self.review(pid, R.DISPOSITION_NOT_FOUND)
            return
        sections = self.state.sections
        def order(sec: Section) -> tuple[tuple[dt.date, int], int]:
            return procedural_key(sec.kind, sec.issued_on), sec.start   # the last to take effect

        # a document is later than every document it cites by number (以…〔2017〕35号附条件不起诉决定书
        # 对…作出): one that another cites never counts over it, whatever dates OCR left on either
        deciding = {r.section for r in d.dispositions}
        cited = {e for e in deciding if any(self._cites(sections[x], sections[e]) for x in deciding)}
        readings = [r for r in d.dispositions if r.section not in cited] or d.dispositions
        rank = max(order(sections[r.section]) for r in readings)
        chosen = [r for r in readings if order(sections[r.section]) == rank]
        if {sections[c.section].kind for c in chosen} == {"non_prosecution_decision"} and \
                {c.kind for c in chosen} == {"conditional_non_prosecution", "non_prosecution"}:
            # the decision that ends a test period recites the conditional one: one outcome, a
            # conditional non-prosecution ended by this decision (CPL art. 284 para. 2)
            chosen = [c for c in chosen if c.kind == "conditional_non_prosecution"]
        r = chosen[0]
        sec = sections[r.section]
        person.disposition = Disposition(r.kind, r.months, r.suspended, r.probation_months,  # type: ignore[arg-type]
                                         True, sec.kind, sec.issued_on,  # type: ignore[arg-type]
                                         r.test_period_months)
        ev = self.evidence("disposition", r.mention)
        person.evidence.append(ev)
        # an undated judgment cannot be placed in time: if another says otherwise, which counts is
        # open — unless the one that counts cites it
        chosen += [c for c in readings if sections[c.section].issued_on is None and c.section != r.section]
        distinct = {(c.kind, c.months, c.suspended, c.probation_months) for c in chosen}
        if len(distinct) > 1:
            self.review(pid, R.TWO_SENTENCES,
                        [c.mention.text for c in chosen])
        elif r.note and not (r.note is R.PROBATION_UNREAD and self._settled_adult(person)):
            # a probation lost matters where the record may be sealed (the organs that must seal it),
            # not for an adult at every offence, whom no sentence makes eligible
            self.review(pid, r.note, r.mention.text)
        elif ev.confidence < CONFIDENCE_THRESHOLD and not self._settled_adult(person):
            # an adult at every offence is not eligible whatever the sentence (R1 needs a minor):
            # a faint sentence, recorded below the confidence bar, asks nobody
            self.review(pid, R.SENTENCE_LOW_CONFIDENCE, r.mention.text)
        # a later judgment whose operative part went unread (判决如下 garbled by OCR) may have
        # changed this sentence: an unread appeal must not leave the first instance standing
        # so may one whose header was lost, which only its marks betray (上诉人（原审被告人）, 刑终…号)
        if self.state.appeal_unread or any(s.kind in DECIDING_KINDS[2:] and s.operative is None and
                                           order(s) > rank for s in sections):
            self.review(pid, R.OPERATIVE_UNREAD, r.mention.text)

    def _minor(self, person: Person, d: Draft) -> None:
        flagged = {(i.person_id, i.field) for i in self.reviews}
        pid = person.person_id
        if person.birth_date is None or not person.offence_dates or \
                (pid, "birth_date") in flagged or (pid, "offence_dates") in flagged:
            return
        age = ages.age_at_offence(person.birth_date, person.offence_dates)
        computed = {"minor": True, "adult": False}.get(age)
        if person.court_minor_finding is not None and computed is not None and computed != person.court_minor_finding:
            # a birth or an offence date misread, or the court's words misread: never decided on either
            self.review(pid, R.COURT_AGE_CONTRADICTS, person.court_minor_finding)
            return
        if d.court_age_partial is not None and age in ("minor", "adult") and age != "minor":
            self.review(pid, R.COURT_AGE_PARTIAL, d.court_age_partial.text)
            return
        person.minor_at_offence = computed

    def _second_opinion(self, person: Person, d: Draft) -> None:
        """The trained second reader (extractors.second_reader) against the rules, on the one
        question the record turns on: was the person under 18 at the offence? Asked only where
        the rules answered it with confidence and the second reader's dates give the other
        answer: a birth date it reads in the person's own party paragraph, or an offence date it
        reads that no rule recorded for any accused nor set aside by the file's own words (a
        measure's, a report's, a birth: state.no_acts), before the person's first custody and
        every document of the file (a signature date is no act). Agreement, or a disagreement that
        leaves the age where it is, asks nobody; a date the second reader does not mark proves
        nothing (it misses many it was not trained on)."""
        pid = person.person_id
        if person.minor_at_offence is None or person.birth_date is None or \
                any(r.person_id == pid for r in self.reviews):
            return
        age = "minor" if person.minor_at_offence else "adult"
        own = [(p.start, p.end) for p in d.paragraphs]
        recorded = {(r.span.start, r.span.end) for p in self.state.persons for r in p.offences}
        not_acts = own + [(m.start, m.end) for m in self.state.no_acts]
        # no act of this case follows the person's first custody of it, nor a document of the file
        bounds = [x for x in (person.first_procedure_date, *(s.issued_on for s in self.state.sections)) if x]
        latest = min(bounds, default=None)
        for label, m in self.state.second_readings:
            if label == "BIRTH" and any(a <= m.start < b for a, b in own):
                birth = numerals.parse_date(m.text)
                if birth is not None and birth != person.birth_date and \
                        ages.age_at_offence(birth, person.offence_dates) != age:
                    self.review(pid, R.SECOND_READER_BIRTH, m.text)
                    return
            elif label == "OFFENCE" and not any(a <= m.start < b for a, b in not_acts):
                span = numerals.first_span(m.text)
                if span is not None and (span.start, span.end) not in recorded and \
                        (latest is None or span.start <= latest) and \
                        ages.age_at_offence(person.birth_date, [OffenceDate(span.start, span.end, "")]) != age:
                    self.review(pid, R.SECOND_READER_OFFENCE, m.text)
                    return


def build(dossier: DossierText, flow: FlowText, state: LegalState) -> Extraction:
    builder = _Builder(dossier, flow, state)
    case = builder.case()
    persons = builder.persons()
    for issue in state.doubts:
        builder.review(None, issue)
    if _unattached_id(flow.text, state):
        for p in persons:
            if p.is_defendant and p.id_number is None:
                builder.review(p.person_id, R.ID_UNATTACHED)
    if not any(p.role in ("defendant", "suspect") for p in persons):
        # every dossier in a criminal archive is about someone: finding nobody (a role word
        # OCR garbled, 被不下人 for 被不起诉人) must not pass as a dossier with nothing to seal
        builder.review(None, R.NO_DEFENDANT)
    for sec in state.sections:
        if sec.issued is not None and sec.issued.confidence < CONFIDENCE_THRESHOLD and sec.kind in DECIDING_KINDS:
            builder.review(None, R.DATE_OCR_CONFUSION, sec.issued.text)
    return Extraction(case, persons, builder.reviews)


def _eighteenth(birth: dt.date) -> dt.date:
    """The 18th birthday, the last day a person is a minor (models.ages); for 29 February, the
    earliest day practice puts it on (28 February), so nothing is taken for a minor's in doubt."""
    window = ages.leap_day_window(birth)
    return window[0] if window else birth.replace(year=birth.year + ages.ADULT_AGE)


def _written_whole(lost: OffenceReading, whole: list[OffenceReading]) -> bool:
    """Whether another document writes the day of a date whose year lost a digit in full, within
    the years it could be: the judgment's 二〇一〇年一月二十日 makes the indictment's 二〇一年一月二十日
    a blurred copy, not a second date."""
    s = lost.span
    return any(s.start <= w.span.start and w.span.end <= s.end
               and (w.span.start.month, w.span.start.day, w.span.end.month, w.span.end.day)
               == (s.start.month, s.start.day, s.end.month, s.end.day) for w in whole)


def _unattached_id(text: str, state: LegalState) -> bool:
    """Whether the file writes an ID number that no person took. A party paragraph OCR
    garbled (被汤服 for 被告人汤鹏) hides its person's ID with it, and an ID contradicting the
    birth date another document gives would then never be seen: a defendant without an ID
    may be that paragraph's person."""
    taken = {m.text for p in state.persons for m in p.ids}
    labelled = {n.text for m in P.ID_NUMBER.finditer(text) if (n := id_number_in(text, m.start(), m.end()))}
    bare = {m.group(0).upper() for m in P.BARE_ID_NUMBER.finditer(text) if idnumber.birth_date(m.group(0))}
    return bool((labelled | bare) - taken)
