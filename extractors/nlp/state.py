"""What the pipeline components find, as character spans into the dossier text.

Components share one `LegalState` on `doc._.legal`; every value keeps the span
it was read from, because a value without its place on the page cannot be
evidenced to a reviewer or removed from a redacted copy.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from extractors.numerals import Span
from models.rules.facts import Issue


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    confidence: float = 1.0   # the parse's own confidence; OCR confidence is added at evidence time


@dataclass
class Section:
    """One legal document inside a volume (a judgment, an indictment, a cover…)."""

    kind: str
    start: int
    end: int
    title: Mention | None = None
    case_number: Mention | None = None
    court: Mention | None = None
    issued_on: dt.date | None = None
    issued: Mention | None = None
    parties: tuple[int, int] | None = None      # the block of party paragraphs
    operative: tuple[int, int] | None = None    # 判决主文 / 决定 text
    body_end: int = 0                           # where a statute appendix begins


# Documents whose operative part decides an outcome, most authoritative last.
COURT_KINDS = ("judgment", "appeal_judgment", "retrial_judgment")
DECIDING_KINDS = ("non_prosecution_decision", "conditional_non_prosecution_decision", *COURT_KINDS)


@dataclass
class PartyParagraph:
    section: int
    role: str
    start: int
    end: int
    name: Mention
    aliases: list[Mention] = field(default_factory=list)
    relation_to: Mention | None = None      # the defendant a guardian / relative is named for


@dataclass
class BirthReading:
    mention: Mention
    date: dt.date | None        # None: written but not a full date (month only, unreadable)


@dataclass
class DispositionReading:
    section: int
    kind: str
    months: int | None
    suspended: bool
    probation_months: int | None
    mention: Mention
    test_period_months: int | None = None
    note: Issue | None = None           # why this reading is doubtful


@dataclass
class OffenceReading:
    span: Span
    mention: Mention
    bound: Mention | None = None   # a lost-digit year: the case number year that bounds it
    lost_heading: bool = False     # read in findings whose heading OCR lost
    # the period of several accused's acts together (有分有合于2013年7月至8月间…): not each one's
    envelope: bool = False
    unnamed: bool = False          # the sentence names no one: the only defendant's by default
    # the period of one accused's acts, some in others' company (甲分别伙同乙、丙于…): 甲's own,
    # unless the findings date an act of 甲's inside it
    joined: bool = False
    # the sentence tells only of the story's background (认识, 成立公司, 获得准驾资格): the scene of
    # acts dated after it, where the findings date any (assemble._settings)
    background: bool = False
    # the day the accused was taken in the act (…赌博时被民警查获): an act's day, but none of its
    # own inside a period of the person's that holds it (the conduct the raid ended)
    caught: bool = False


@dataclass(frozen=True)
class SetAside:
    """A date in the findings not recorded as an offence's though it may be one: no parse placed
    it (`span` None: 2016年7月至3月间, 8 read 3), or the clause it opens tells of a measure in a way
    that may share the day with an act (…盗窃后被抓获) or through a misread glyph. A placed one
    that cannot move the person's age across the 18th birthday is no question for a reviewer."""

    mention: Mention
    span: Span | None


@dataclass(frozen=True)
class ProcedureReading:
    """A date of a measure against the accused in this case (抓获, 刑事拘留, 取保候审…)."""

    date: dt.date
    mention: Mention
    releases: bool      # a measure that lets the accused go (取保候审, 监视居住, 释放)


@dataclass(frozen=True)
class PriorReading:
    """An earlier conviction or penalty the file states (曾因…被判处…, 行政拘留…)."""

    mention: Mention                  # the clause as written
    kind: str                         # criminal | administrative
    decided_on: dt.date | None        # a day the file writes in full
    latest: dt.date | None            # the last day the written date can be (a month: its end)
    months: int | None
    stated_juvenile: bool | None      # the file says it was committed under 18


@dataclass
class Draft:
    """One person as the components assemble them across documents."""

    key: int
    role: str
    name: Mention
    aliases: list[Mention] = field(default_factory=list)
    paragraphs: list[PartyParagraph] = field(default_factory=list)
    births: list[BirthReading] = field(default_factory=list)
    # another birth date the file itself gives beside the first (…（户籍登记为1989年11月29日）出生)
    other_births: list[BirthReading] = field(default_factory=list)
    ids: list[Mention] = field(default_factory=list)
    gender: Mention | None = None
    stated_age: Mention | None = None
    addresses: list[Mention] = field(default_factory=list)
    schools: list[Mention] = field(default_factory=list)
    phones: list[Mention] = field(default_factory=list)
    guardians: list[Mention] = field(default_factory=list)
    represents: int | None = None
    tried_separately: bool = False
    age_note: tuple[bool, Mention] | None = None    # what the file says: 系未成年人 (True) / 已成年 (False)
    offences: list[OffenceReading] = field(default_factory=list)
    unread_offences: list[SetAside] = field(default_factory=list)   # unplaced, or maybe an act's and a measure's
    conduct_ends: list[SetAside] = field(default_factory=list)   # 直到2015年10月15日才…: a conduct's end, its start open
    to_case_broke: list[SetAside] = field(default_factory=list)   # 截至案发，…: conduct perhaps until the case broke, undated
    seizures: list[SetAside] = field(default_factory=list)   # days a sentence tells of a thing seized (查获毒品)
    open_ended: list[OffenceReading] = field(default_factory=list)   # 2017年4月以来: from that date, no end written
    # dates of acts whose sentence names other accused as the actors and this person otherwise
    # (二人殴打某某): perhaps a victim's, perhaps an actor's
    aside: list[OffenceReading] = field(default_factory=list)
    dispositions: list[DispositionReading] = field(default_factory=list)
    main_conduct: tuple[str, Mention] | None = None
    charges: list[str] = field(default_factory=list)
    renamed: list[Mention] = field(default_factory=list)   # other names under the same ID number
    procedures: list[ProcedureReading] = field(default_factory=list)
    approximate_procedures: list[SetAside] = field(default_factory=list)   # set aside on a fuzzy measure's cue
    # dates whose sentence tells of someone else and names no accused (被害人李某在某地被抢走手机…)
    told_of_others: list[SetAside] = field(default_factory=list)
    # acts told after a dated one with no date of their own (事故后…): (the word, that day, its mention, the sentence)
    after_event: list[tuple[str, dt.date, Mention, Mention]] = field(default_factory=list)
    priors: list[PriorReading] = field(default_factory=list)
    court_age: tuple[bool, Mention] | None = None   # the court's finding: under 18 (True) / adult (False)
    court_age_partial: Mention | None = None        # a finding of age for part of the conduct only
    court_age_conflict: bool = False                # the court's words say minor in one place, adult in another
    recidivism: Mention | None = None               # the court's finding 系累犯 (Criminal Law art. 65)
    masked_birth: Mention | None = None             # a birth date the published copy masked (1998年×月×日)

    def __repr__(self) -> str:  # never a name
        return f"Draft({self.key}, {self.role})"

    @property
    def forms(self) -> list[str]:
        return [self.name.text, *(a.text for a in self.aliases)]

    @property
    def is_defendant(self) -> bool:
        return self.role in ("defendant", "suspect")


@dataclass
class LegalState:
    sections: list[Section] = field(default_factory=list)
    paragraphs: list[PartyParagraph] = field(default_factory=list)
    persons: list[Draft] = field(default_factory=list)
    case_numbers: list[Mention] = field(default_factory=list)
    split_case: bool | None = None
    appeal_unread: bool = False   # an appeal's or retrial's marks outside every one found
    doubts: list[Issue] = field(default_factory=list)   # case-level doubts (no person)
    # dates of the findings their own words make no act (a measure's, a report's, a birth, a term
    # served): the rules' reading, which the second reader's does not overturn
    no_acts: list[Mention] = field(default_factory=list)
    # what the trained second reader marks (extractors.second_reader): ("BIRTH" | "OFFENCE", mention)
    second_readings: list[tuple[str, Mention]] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"LegalState({len(self.sections)} sections, {len(self.persons)} persons)"
