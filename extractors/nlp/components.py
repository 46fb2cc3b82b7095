"""spaCy components for the legal structure of a dossier, registered by name.

Each component reads the text and what earlier components left on
`doc._.legal` (a `LegalState`), and adds its own layer: documents → party
paragraphs → persons → offence dates → dispositions. They are regex- and
rule-driven on purpose: the phrases of Chinese criminal procedure are fixed by
practice, and a rule a reviewer can read beats a statistical guess when a
wrong value seals or exposes a minor's record.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc

from extractors import numerals
from extractors.nlp import patterns as P
from extractors.nlp import reasons as R
from extractors.reading import LEXICON, Anchor
from extractors.sections import label_lines
from extractors.nlp.state import (
    DECIDING_KINDS, BirthReading, DispositionReading, Draft, LegalState, Mention, OffenceReading,
    PartyParagraph, ProcedureReading, Section, SetAside,
)
from models import idnumber

if not Doc.has_extension("legal"):
    Doc.set_extension("legal", default=None)

_DEFENDANT_GROUP = {"defendant", "suspect"}
CASE_KINDS = DECIDING_KINDS + ("indictment",)
_PSEUDONYM_TAIL = "某甲乙丙丁戊己庚辛壬癸0123456789XxＸ×"
_AFTER_SURNAME = "犯伙与和在于的将因以对系称供等，,。；;、"   # cannot continue a name
_NAME_LEAD = re.compile(r"[：:.．\s]*(?:自报)?")   # 被告人：张某 / 被告人自报何某 / 被告人.张某 (a speck OCR read as a point)


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _sentence_end(text: str, pos: int, limit: int) -> int:
    """Where the sentence holding `pos` ends (its 。 or ；), at most `limit`."""
    return min([i for i in (text.find(ch, pos, limit) for ch in "。；;") if i >= 0] or [limit])


def _sentence_start(text: str, pos: int, floor: int = 0) -> int:
    """Where the sentence holding `pos` starts: past the 。, ； or line break before it (not before
    `floor`, where the search stops)."""
    return max(text.rfind(ch, floor, pos) for ch in "。；;\n") + 1


def _at_paragraph_start(text: str, pos: int, floor: int) -> bool:
    i = pos - 1
    while i >= floor and text[i] in " \u3000\t":
        i -= 1
    if i < floor:
        return True
    return text[i] in "\n。；;" or (i < pos - 1 and text[i] not in "，,、")


def doc_text(doc: Doc) -> str:
    """The text as given: spaCy rebuilds `doc.text` from its tokens on every access (slow)."""
    text = doc.user_data.get("fengcun_text")
    if text is None:
        text = doc.user_data["fengcun_text"] = doc.text
    return text


def _mention(text: str, m: re.Match[str], group: int | str = 0, confidence: float = 1.0) -> Mention:
    return Mention(m.start(group), m.end(group), text[m.start(group):m.end(group)], confidence)


class NameIndex:
    """Finds the written forms of the persons in a stretch of text, longest form first, so
    张某某 is never read as 张某 and 黄某1 never as 黄某. A defendant may also be named by
    role and surname after the first mention (被告人张犯…, 被告人张的…) when no other
    person shares the surname and a clear non-name character follows."""

    def __init__(self, persons: Iterable[Draft]) -> None:
        owners: dict[str, set[int]] = {}
        surnames: dict[str, set[int]] = {}
        for p in persons:
            for form in p.forms:
                if len(form) >= 2:
                    owners.setdefault(form, set()).add(p.key)
            surnames.setdefault(p.name.text[:1], set()).add(p.key)
        # a form two persons share (a common nickname) names neither of them for sure
        self.forms: dict[str, int] = {f: next(iter(k)) for f, k in owners.items() if len(k) == 1}
        # a hard line break OCR left inside a name (被告人蒋\n军) does not hide it
        alternatives = "|".join(map(P.broken, sorted(self.forms, key=len, reverse=True)))
        self.pattern = re.compile(f"(?:{alternatives})(?![{_PSEUDONYM_TAIL}])") if self.forms else None
        defendants = {p.key for p in persons if p.is_defendant}
        self.surnames = {s: next(iter(k)) for s, k in surnames.items() if len(k) == 1 and k <= defendants}
        self.by_surname = re.compile(
            rf"(?:被告人|上诉人|被不起诉人|犯罪嫌疑人)(?P<s>[{''.join(map(re.escape, self.surnames))}])"
            rf"(?=[{_AFTER_SURNAME}])") if self.surnames else None

    def find(self, text: str, start: int, end: int) -> list[tuple[int, int, int]]:
        """(person key, start, end) of every mention in text[start:end]."""
        found = [(self.forms[m.group(0).replace("\n", "")], m.start(), m.end())
                 for m in self.pattern.finditer(text, start, end)] if self.pattern else []
        if self.by_surname is not None:
            found += [(self.surnames[m.group("s")], m.start("s"), m.end("s"))
                      for m in self.by_surname.finditer(text, start, end)]
        return sorted(found, key=lambda f: f[1])

    def known_at(self, text: str, pos: int) -> bool:
        """Whether a person this index knows is named at pos (right after a role word)."""
        if any(text.startswith(f, pos) for f in self.forms):
            return True
        return text[pos:pos + 1] in self.surnames and text[pos + 1:pos + 2] in _AFTER_SURNAME


# ---------------------------------------------------------------- documents

@Language.factory("legal_documents", default_config={"merge_distance": 120})
def make_legal_documents(nlp: Language, name: str, merge_distance: int) -> DocumentSplitter:
    return DocumentSplitter(merge_distance)


@dataclasses.dataclass(frozen=True)
class _Garbled:
    """A header whose title OCR garbled (P.GARBLED_TITLE), with a match's interface: its span is
    what the page shows, its `title` group the title it stands for."""
    line_start: int
    line_end: int
    title_start: int
    title_end: int
    title: str

    def start(self, group: int | str = 0) -> int:
        return self.title_start if group == "title" else self.line_start

    def end(self, group: int | str = 0) -> int:
        return self.title_end if group == "title" else self.line_end

    def group(self, group: int | str = 0) -> str:
        return self.title


class DocumentSplitter:
    """Splits a volume into its documents by their headers (title + case number)."""

    def __init__(self, merge_distance: int) -> None:
        self.merge_distance = merge_distance   # a title repeated in one header block is one document

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        state = LegalState()
        doc._.legal = state
        heads: list[re.Match[str] | _Garbled] = []
        for m in sorted([*P.DOC_TITLE.finditer(text), *P.SMUDGED_TITLE.finditer(text)], key=lambda m: m.start()):
            before = text[max(0, m.start() - 1):m.start()]
            if before and before in "号以的及和、与":
                continue
            if heads and m.start() - heads[-1].end() < self.merge_distance and \
                    P.TITLE_KINDS.get(m.group("title")) == P.TITLE_KINDS.get(heads[-1].group("title")) and \
                    not P.CASE_NUMBER.search(text, heads[-1].end(), m.start()):
                continue   # the title repeated in one header block (…一审刑事判决书 某法院 刑事判决书（2017）…)
            heads.append(m)
        # a title alone on its line that OCR garbled past one glyph (社会调本报), read as the title
        heads += [_Garbled(m.start(), m.end(), m.start(k), m.end(k), P.GARBLED_TITLES[int(k[1:])])
                  for m in P.GARBLED_TITLE.finditer(text)
                  for k in [next(k for k, v in m.groupdict().items() if v is not None)]
                  if not any(h.start() <= m.end(k) and m.start(k) <= h.end() for h in heads)]
        # a court's case number with no title before it: the title was lost to a seal or the scan
        heads += [m for m in P.UNTITLED_HEADER.finditer(text)
                  if not any(0 <= m.start() - h.end() < self.merge_distance for h in heads)]
        heads.sort(key=lambda m: m.start())
        starts = [self._start(text, m) for m in heads]
        if not heads or text[:starts[0]].strip():
            lead_end = starts[0] if heads else len(text)
            kind = "cover" if re.search(r"卷宗|卷皮|封面", text[:lead_end]) else "other"
            state.sections.append(Section(kind, 0, lead_end, body_end=lead_end))
        for i, m in enumerate(heads):
            end = starts[i + 1] if i + 1 < len(heads) else len(text)
            state.sections.append(self._section(text, m, starts[i], end))
        rulings = [s for s in state.sections if s.kind in DECIDING_KINDS[3:]]
        state.appeal_unread = any(not any(s.start <= m.start() < s.end for s in rulings)
                                  and not P.REMANDED.match(text, m.end()) and not _among_evidence(text, m)
                                  for m in P.APPEAL_MARK.finditer(text))
        # the case's own numbers: the courts' first, then the procuratorate's (police and
        # custody numbers identify a measure, not the case)
        numbered = [s for s in state.sections if s.case_number and s.kind in CASE_KINDS]
        for sec in sorted(numbered, key=lambda s: s.kind in ("indictment",) + DECIDING_KINDS[:2]):
            if sec.case_number.text not in [c.text for c in state.case_numbers]:  # type: ignore[union-attr]
                state.case_numbers.append(sec.case_number)  # type: ignore[arg-type]
        return doc

    @staticmethod
    def _start(text: str, m: re.Match[str] | _Garbled) -> int:
        start = _line_start(text, m.start())
        if start > 0:   # a court or procuratorate name on the line above belongs to the header
            above = _line_start(text, start - 1)
            if re.fullmatch(r"\s*[\u4e00-\u9fff]{2,24}(?:人民法院|人民检察院|公安局|分局)\s*", text[above:start - 1]):
                start = above
        return start

    def _section(self, text: str, m: re.Match[str] | _Garbled, start: int, end: int) -> Section:
        title = m.group("title")
        sec = Section("other", start, end, title=Mention(m.start("title"), m.end("title"),
                                                          text[m.start("title"):m.end("title")]))
        cn = P.CASE_NUMBER.search(text, m.end(), min(end, m.end() + 80))
        if cn:
            sec.case_number = _mention(text, cn)
        header_end = cn.end() if cn else m.end()
        court = P.COURT.search(text, start, header_end) or P.PROCURATORATE.search(text, start, header_end)
        if court:
            sec.court = _mention(text, court)
        sec.kind = self._kind(title, sec.case_number.text if sec.case_number else "", text[start:m.end()])
        appendix = P.STATUTE_APPENDIX.search(text, header_end, end)
        sec.body_end = appendix.start() if appendix else end
        block_end = P.PARTY_BLOCK_END.search(text, header_end, sec.body_end)
        party_end = sec.body_end
        if block_end:
            cut = max(text.rfind(c, header_end, block_end.start()) for c in "。\n ")
            party_end = cut + 1 if cut >= header_end else block_end.start()
        sec.parties = (header_end, party_end)
        # the decision that follows the court's own reasoning, not one a retrial quotes before it
        reasoning = P.REASONING_START.search(text, party_end, sec.body_end)
        op = (reasoning and P.OPERATIVE_START.search(text, reasoning.end(), sec.body_end)) or \
            P.OPERATIVE_START.search(text, party_end, sec.body_end)
        # 判决如下 lost to OCR: the operative part follows the statutes applied. Only in a first
        # instance judgment: an appeal's statutes may be lost too, and the last ones left would
        # be those of the first-instance judgment it quotes.
        if not op and sec.kind == "judgment":
            op = next(reversed(list(P.STATUTE_BASIS.finditer(text, party_end, sec.body_end))), None)
        if op:
            op_end = P.OPERATIVE_END.search(text, op.end(), sec.body_end)
            sec.operative = (op.end(), op_end.start() if op_end else sec.body_end)
        dates = list(P.SIGNATURE_DATE.finditer(text, sec.operative[1] if sec.operative else header_end,
                                               sec.body_end))
        if dates:
            sig = dates[-1]
            value = numerals.parse_date(sig.group(0))
            conf = 0.6 if numerals.repaired(sig.group(0)) else 1.0
            sec.issued, sec.issued_on = _mention(text, sig, confidence=conf), value
        return sec

    @staticmethod
    def _kind(title: str, case_number: str, header: str) -> str:
        if title in P.TITLE_KINDS:
            return P.TITLE_KINDS[title]
        if not title or "判决书" in title or "裁定书" in title:   # untitled: a court's number (UNTITLED_HEADER)
            if re.search(r"刑再|刑监|再审", case_number + header):
                return "retrial_judgment"
            if re.search(r"刑[一二三四]?终|二审", case_number + header):
                return "appeal_judgment"
            return "judgment"
        return "other"


# ---------------------------------------------------------------- party paragraphs

@Language.factory("party_paragraphs", default_config={"alias_window": 80})
def make_party_paragraphs(nlp: Language, name: str, alias_window: int) -> PartyParagraphs:
    return PartyParagraphs(alias_window)


def id_number_in(text: str, start: int, end: int) -> Mention | None:
    """The first ID number in text[start:end], spaces and line breaks dropped; O/o/l/I read
    as 0/0/1/1 with the confidence lowered to 0.6, since that is a repair, not a reading."""
    m = P.ID_NUMBER.search(text, start, end)
    if m is None:
        return None
    raw = re.sub(r"\s", "", m.group("id")).upper()
    clean = raw.translate(str.maketrans("OLI", "011"))
    return Mention(m.start("id"), m.end("id"), clean, 0.6 if clean != raw else 1.0)


def _birth_reading(text: str, m: re.Match[str]) -> BirthReading:
    """A written birth date. One after today is nobody's birth date but OCR's misreading (2028
    for 2008): it counts as written but unreadable, so the other readings of the file
    decide (as a check digit settles a misread copy of an ID number), or a reviewer does."""
    value = numerals.make_date(numerals.cn_year(m.group("y")), numerals.cn_int(m.group("m")),
                               numerals.cn_int(m.group("d")) if m.group("d") else None)
    if value is not None and value > dt.date.today():
        return BirthReading(_mention(text, m, "date", 0.0), None)
    return BirthReading(_mention(text, m, "date", 0.6 if numerals.repaired(m.group("date")) else 1.0), value)


class _RoleWord(NamedTuple):
    """A role word that opens a party paragraph: where it is, and the role it gives."""
    start: int
    end: int
    role: str


def _named_as_accused(text: str, name: str) -> bool:
    """Whether the file names `name` after a whole defendant's or suspect's role word (被告人蒋浩
    / 然, or in a list: 被告人：陈丽娟、蒋浩然)."""
    return re.search(rf"{P.ACCUSED_ROLE}[：:\s]*(?:[{P.HAN}]{{2,4}}、)*{P.broken(name)}", text) is not None


def _role_words(text: str, a: int, b: int) -> list[_RoleWord]:
    """The role words that open paragraphs in text[a:b], in order: whole ones, and ones whose
    first glyph OCR lost or misread (告人蒋浩然，男; 波告人张方，女) where the name is an accused's
    and a gender follows."""
    words = [_RoleWord(m.start(), m.end(), P.ROLE_MARKERS[m.group(0)])
             for m in P.ROLE.finditer(text, a, b) if _at_paragraph_start(text, m.start(), a)]
    for m in P.CLIPPED_ROLE.finditer(text, a, b):
        name = P.NAME.match(text, m.end(), b)
        if name and P.GENDER_AFTER_NAME.match(text, name.end(), b) and _at_paragraph_start(text, m.start(), a) \
                and _named_as_accused(text, name.group(0)):
            words.append(_RoleWord(m.start(), m.end(), P.CLIPPED_ROLE_MARKERS[m.group("role")]))
    return sorted(words)


class PartyParagraphs:
    """Reads the role paragraphs that open a document (被告人…，男，…出生，…) into persons,
    with their birth dates, ID numbers, aliases and the other identifiers the law
    protects; ties guardians and relatives to the minor they stand for."""

    def __init__(self, alias_window: int) -> None:
        self.alias_window = alias_window

    def __call__(self, doc: Doc) -> Doc:
        text, state = doc_text(doc), doc._.legal
        # covers last: a cover only lists names, and a name it spells right must not come to
        # stand apart from the paragraph OCR garbled it in (犯罪嫌疑人注一鸣 with 汪一鸣's ID
        # number), which only the documents that carry ID numbers can tie to it
        order = sorted(range(len(state.sections)), key=lambda i: state.sections[i].kind == "cover")
        for si in order:
            sec = state.sections[si]
            if not sec.parties:
                continue
            a, b = sec.parties
            starts: list[_RoleWord] = []
            seen: set[str] = set()
            for word in _role_words(text, a, b):
                name = P.NAME.match(text, _NAME_LEAD.match(text, word.end).end(), b)  # type: ignore[union-attr]
                if name and any(name.group(0).startswith(n) for n in seen):
                    continue   # "被告人周某曾因…" continues 周某's own paragraph
                if name:
                    seen.add(name.group(0))
                starts.append(word)
            for i, word in enumerate(starts):
                end = starts[i + 1].start if i + 1 < len(starts) else b
                self._paragraph(text, state, si, word, self._paragraph_end(text, sec, word, end))
        self._separately_tried(text, state)
        self._first_instance_accused(text, state)
        self._spelled_elsewhere(text, state)
        self._renamed_by_a_misreading(text, state)
        self._evidence_births(text, state)
        self._reports_and_measures(text, state)
        # split (分案处理) when the file sends a co-offender elsewhere; not split when a
        # prosecuting or deciding document lists its accused and sends nobody elsewhere
        if any(p.tried_separately for p in state.persons):
            state.split_case = True
        elif any(state.sections[p.section].kind in CASE_KINDS for p in state.paragraphs
                 if p.role in _DEFENDANT_GROUP):
            state.split_case = False
        return doc

    @staticmethod
    def _spelled_elsewhere(text: str, state: LegalState) -> None:
        """A defendant's name the file writes once, in the party paragraph, one glyph off the
        spelling it gives the accused everywhere else (核莉 there, 被告人杨莉 eight times after; 华蕊
        there, its surname lost, 上诉人张华蕊 throughout): OCR misread the paragraph. The file's
        spelling becomes the name and the paragraph's an alias, so that every mention is the
        person's and a redaction removes both. Not where that spelling is another person's, where
        the paragraph's occurs anywhere else outside it, or where the role words are followed by
        more than one such spelling.

        An engine that misreads a glyph misreads it more than once (Tesseract: 染廷国 six times
        and 深廷国 in the paragraph beside 梁廷国 fourteen; 陈文太 twice beside 陈文杰 ten times):
        a written-out name's spelling also wins where it is read after the role words more often
        than every other such spelling and the paragraph's own together, provided an operative
        part sentences that spelling and none sentences the paragraph's — a relative tried
        elsewhere (陈文太（另案处理）), however often named, is sentenced in no operative part here."""
        owned = {f for p in state.persons for f in p.forms}
        accused_at = [m.end() for m in P.ROLE.finditer(text) if P.ROLE_MARKERS[m.group(0)] in _DEFENDANT_GROUP]
        operative = [text[a:b] for sec in state.sections if sec.kind in DECIDING_KINDS and sec.operative
                     for a, b in [sec.operative]]
        for d in state.persons:
            if not d.is_defendant or len(d.name.text) < 2:
                continue
            size = len(d.name.text)
            # a glyph lost before or inside the name (华蕊 for 张华蕊); one past its end reads the next word (华蕊犯)
            reads = [text[at:at + size] for at in accused_at] + \
                [longer for at in accused_at if not (longer := text[at:at + size + 1]).startswith(d.name.text)]
            spellings = Counter(read for read in reads if read not in owned and re.fullmatch(f"[{P.HAN}]+", read)
                                and one_off(read, d.name.text))
            if not spellings:
                continue
            (spelling, count), *others = spellings.most_common()
            alone = max(_written_alone(text, f, [spelling]) for f in d.forms)
            clear = not others and count >= 2 and alone <= 1
            majority = (_WRITTEN_OUT.fullmatch(d.name.text) is not None
                        and count > sum(n for _, n in others) + alone
                        and any(spelling in part for part in operative)
                        and not any(f in part for f in d.forms for part in operative))
            if clear or majority:
                d.aliases.append(d.name)
                d.name = Mention(d.name.start, d.name.end, spelling)

    @staticmethod
    def _renamed_by_a_misreading(text: str, state: LegalState) -> None:
        """Two party paragraphs under one ID number whose names are one glyph apart (注思雨 in the
        indictment's, 汪思雨 in the judgment's and everywhere else): where one spelling is written
        at least twice in the file and every other one once, OCR misread the paragraph. The file's
        spelling is the name, the misreading an alias, and nobody is asked which. Not where that
        spelling is another person's; names further apart, or two spellings each written more
        than once, stay a question (NAMES_DISAGREE)."""
        for d in state.persons:
            if not d.is_defendant or not d.renamed:
                continue
            names = {m.text: m for m in (d.name, *d.renamed)}
            counts = {n: _written(text, n) for n in names}
            often = [n for n, c in counts.items() if c >= 2]
            if len(often) != 1 or any(counts[n] != 1 or not one_off(n, often[0]) for n in names if n != often[0]) \
                    or any(often[0] in p.forms for p in state.persons if p is not d):
                continue
            if d.name.text != often[0]:
                d.aliases = [a for a in d.aliases if a.text != often[0]] + [d.name]
                d.name = names[often[0]]
            d.renamed = []

    @staticmethod
    def _paragraph_end(text: str, sec: Section, word: _RoleWord, end: int) -> int:
        """Where a role paragraph's details stop. A cover lists each role on one line
        (被告人：张某某); a warrant's bracket (对…的李某（性别男，出生日期…）) describes its
        detainee. When OCR garbles a warrant's title, the warrant runs on inside the cover
        before it: without these stops its detainee's birth date went to the cover's first
        defendant. A line opening on another person's name and gender is that
        person's paragraph, its role word lost (else a father's birth date goes to his son)."""
        if sec.kind == "cover":
            line_end = text.find("\n", word.end, end)
            end = line_end if line_end >= 0 else end
        own = P.NAME.match(text, _NAME_LEAD.match(text, word.end).end(), end)  # type: ignore[union-attr]
        after = own.end() if own else word.end
        detainee = P.DETAINEE.search(text, after, end)
        end = detainee.start() if detainee else end
        for line in P.PERSON_LINE.finditer(text, after, end):
            if (own is None or not line.group("name").startswith(own.group(0))) \
                    and not P.ALIAS_WORD_AT_END.search(text, max(after, line.start() - 8), line.start()):
                return line.start()
        return end

    def _paragraph(self, text: str, state: LegalState, si: int, word: _RoleWord, end: int) -> None:
        role = word.role
        pos = word.end
        pos = _NAME_LEAD.match(text, pos, end).end()  # type: ignore[union-attr]
        name_m = P.NAME.match(text, pos, end)
        if not name_m:
            return
        names = [_mention(text, name_m)]
        # 辩护人刘某、周某; a cover lists every accused of the file on one line (被告人：张某、李某),
        # which keeps a defendant whose own party paragraph OCR garbled (被台人佘宁 for 被告人余泽宇)
        if role == "defence_counsel" or state.sections[si].kind == "cover":
            nxt = name_m.end()
            while nxt < end and text[nxt] == "、":
                more = P.NAME.match(text, nxt + 1, end)
                if not more:
                    break
                names.append(_mention(text, more))
                nxt = more.end()
        for name in names:
            para = PartyParagraph(si, role, word.start, end, name)
            window_end = min(end, name.end + self.alias_window)
            para.aliases = [_mention(text, a, "alias") for a in P.ALIAS.finditer(text, name.end, window_end)
                            if a.group("alias") != name.text]
            if role not in _DEFENDANT_GROUP:
                rel = P.RELATION.search(text, name.end, end)
                if rel:
                    para.relation_to = _mention(text, rel, "who") if rel.group("who") else _mention(text, rel)
            state.paragraphs.append(para)
            person = self._merge(state, para, text, end)
            self._details(text, person, para, end)
            if person.represents is not None and not person.is_defendant:
                # a guardian's phone reaches the minor as surely as the minor's own
                state.persons[person.represents].phones += person.phones

    @staticmethod
    def _merge(state: LegalState, para: PartyParagraph, text: str, end: int) -> Draft:
        forms = {para.name.text, *(a.text for a in para.aliases)}
        group = _DEFENDANT_GROUP if para.role in _DEFENDANT_GROUP else {para.role}
        same_id = PartyParagraphs._same_id(state, text, para, end, group) or \
            PartyParagraphs._misread_of(state, text, para, group)
        for person in state.persons:
            # one side's own name must match: two people may share a nickname (老三); or the
            # paragraph carries a valid ID number the person already has — one person whose name
            # OCR garbled in one document (龙晨阳 / 龙晨，劳汉族) — or its name is a misreading of
            # theirs: merged, and the name questioned (_renamed_by_a_misreading settles it)
            named = person.role in group and (para.name.text in person.forms or person.name.text in forms)
            if named or person is same_id:
                if para.role == "defendant":
                    person.role = "defendant"
                person.paragraphs.append(para)
                if not named:
                    person.renamed.append(para.name)
                    person.aliases.append(para.name)
                person.aliases += [a for a in para.aliases if a.text not in person.forms]
                return person
        person = Draft(len(state.persons), para.role, para.name, list(para.aliases), [para])
        state.persons.append(person)
        if para.role not in _DEFENDANT_GROUP:
            PartyParagraphs._link(state, person, para)
        return person

    @staticmethod
    def _misread_of(state: LegalState, text: str, para: PartyParagraph, group: Iterable[str]) -> Draft | None:
        """The accused this accused's paragraph names with one glyph misread (被不起诉人亡建华 in a
        decision, 犯罪嫌疑人胡建华 on the cover and throughout): of the two spellings one is written
        once in the file, the other at least twice, and no one else's name is one glyph from it.
        Only the accused, whose names a file repeats (in its operative part at least), and only
        names written out: 张某 and 王某 are two people however rarely the file names one."""
        if para.role not in _DEFENDANT_GROUP or not _WRITTEN_OUT.fullmatch(para.name.text):
            return None
        near = [p for p in state.persons if p.role in group and _WRITTEN_OUT.fullmatch(p.name.text)
                and one_off(para.name.text, p.name.text)]
        if len(near) != 1:
            return None
        counts = sorted((_written(text, para.name.text), _written(text, near[0].name.text)))
        return near[0] if counts[0] == 1 and counts[1] >= 2 else None

    @staticmethod
    def _same_id(state: LegalState, text: str, para: PartyParagraph, end: int, group: Iterable[str]) -> Draft | None:
        """The person already holding the valid 18-character ID number written in this paragraph."""
        m = id_number_in(text, para.name.end, end)
        if m is None or m.confidence < 1.0 or not (idnumber.ID18.match(m.text) and idnumber.is_valid(m.text)):
            return None
        return next((p for p in state.persons if p.role in group and any(i.text == m.text for i in p.ids)), None)

    @staticmethod
    def _link(state: LegalState, person: Draft, para: PartyParagraph) -> None:
        """A legal representative or relative stands for the defendant named in the
        relation (系被告人张某某之母), else for the defendant whose paragraph precedes."""
        defendants = [p for p in state.persons if p.is_defendant]
        target = None
        if para.relation_to is not None:
            target = next((p for p in defendants if any(f and f in para.relation_to.text for f in p.forms)), None)
        if target is None and (para.role == "legal_representative" or para.relation_to is not None):
            before = [q for q in state.paragraphs
                      if q.section == para.section and q.role in _DEFENDANT_GROUP and q.start < para.start]
            if before:
                target = next(p for p in defendants if before[-1] in p.paragraphs)
        if target is not None:
            person.represents = target.key
            if para.role == "legal_representative" or para.relation_to is not None:
                target.guardians.append(para.name)

    @staticmethod
    def _details(text: str, person: Draft, para: PartyParagraph, end: int) -> None:
        start = para.name.end
        if person.gender is None:
            g = re.compile(r"[男女]").search(text, start, min(end, start + 14))
            if g and (g.start() == start or text[g.start() - 1] in "，,、 ）)\u3000"):
                person.gender = _mention(text, g)
        age = P.STATED_AGE.search(text, start, end)
        if age and person.stated_age is None:
            person.stated_age = _mention(text, age, "age")
        PartyParagraphs._identifiers(text, person, start, end)
        if re.search(r"另案|分案", text[start:end]):
            person.tried_separately = True

    @staticmethod
    def _identifiers(text: str, person: Draft, start: int, end: int) -> None:
        """Birth date, ID number, addresses, school and phones written in text[start:end]."""
        for m in (P.BIRTH_AFTER.search(text, start, end), P.BIRTH_BEFORE.search(text, start, end)):
            if m:
                person.births.append(_birth_reading(text, m))
                if "alt" in m.re.groupindex and m.group("alt") and \
                        (alt := P.BIRTH_IN_BRACKET.search(text, m.start("alt"), m.end("alt"))):
                    person.other_births.append(_birth_reading(text, alt))
                break
        else:
            # masked (1998年×月×日出生), or written by the year alone (1973年生, 出生于2001年): the
            # year kept, the day not written
            masked = next((m for m in P.MASKED_BIRTH.finditer(text, start, end)
                           if any(c in P.MASKED_BIRTH_CHARS for c in m.group(0)) or "月" not in m.group(0)), None)
            garbled = None if masked else P.BIRTH_GARBLED.search(text, start, end)
            if masked and person.masked_birth is None:
                person.masked_birth = _mention(text, masked, "date" if masked.group("date") else "date2")
            if garbled:
                group = "date" if garbled.group("date") is not None else "date2"
                person.births.append(BirthReading(_mention(text, garbled, group, 0.0), None))
        if (id_mention := id_number_in(text, start, end)) is not None:
            person.ids.append(id_mention)
        person.addresses += [_mention(text, a, "addr") for a in P.ADDRESS.finditer(text, start, end)]
        person.schools += [_mention(text, s, "school" if s.group("school") else "pupil")
                           for s in P.SCHOOL.finditer(text, start, end)]
        person.phones += [_mention(text, p) for p in P.PHONE.finditer(text, start, end)]

    @staticmethod
    def _separately_tried(text: str, state: LegalState) -> None:
        """Co-offenders the facts mark 另案处理 / 分案处理 / 已判刑, or too young to be tried
        (未达刑事责任年龄) — in a bracket after the name, its phrase found through one misread
        glyph (reading.anchors), or before it (另案处理的未成年人某): listed as persons (a minor
        who appears only in an adult's file must still be protected there), never as defendants."""
        for sec in state.sections:
            for m in P.BRACKET.finditer(text, sec.parties[1] if sec.parties else sec.start, sec.body_end):
                if LEXICON.search("separate_trial", text, *m.span("note")) is None:
                    continue
                lead = text[max(sec.start, m.start() - 8):m.start()]
                cut = max(lead.rfind(c) for c in "、，,。和与及同人犯的 \n")
                name = lead[cut + 1:]
                name_m = P.NAME.fullmatch(name) if 2 <= len(name) <= 4 else None
                if not name_m:
                    continue
                a, b = m.span("note")
                person = PartyParagraphs._co_offender(text, state, Mention(m.start() - len(name), m.start(), name))
                if person is None:
                    continue
                # the age in the bracket, or in the words before the name (未成年人刘某（另案处理）)
                age = P.MINOR_NOTE.search(text, a, b) or P.MINOR_NOTE.search(text, m.start() - len(name) - 5,
                                                                             m.start() - len(name))
                if age and person.age_note is None:
                    person.age_note = (bool(age.group("minor")), _mention(text, age))
                PartyParagraphs._identifiers(text, person, a, b)
                person.aliases += [_mention(text, x, "alias") for x in P.ALIAS.finditer(text, a, b)
                                   if x.group("alias") not in person.forms]
            # 另案处理的未成年人刘某: the note before the name, no bracket
            for m in P.SEPARATE_LEAD.finditer(text, sec.parties[1] if sec.parties else sec.start, sec.body_end):
                person = PartyParagraphs._co_offender(text, state, _mention(text, m, "name"))
                if person is not None and m.group("minor") and person.age_note is None:
                    person.age_note = (True, _mention(text, m, "minor"))

    @staticmethod
    def _first_instance_accused(text: str, state: LegalState) -> None:
        """An appeal or a retrial names the first instance's accused in its procedure (审理…指控原审
        被告人赵某、曹某犯聚众斗殴罪一案; 原审被告人赵某、曹某不服) but gives a party paragraph only
        to those still before it: one who withdrew an appeal or never lodged one keeps the first
        sentence. This file gives no age for them, so each is a defendant without a paragraph, whose
        decision is a reviewer's — never dropped: a minor named in an adult's appeal must still be
        protected there. A name one glyph off someone the file already has is that person, misread."""
        for sec in state.sections:
            if sec.kind not in ("appeal_judgment", "retrial_judgment") or not sec.parties:
                continue
            for m in P.FIRST_INSTANCE_ACCUSED.finditer(text, sec.parties[1], sec.body_end):
                pos = m.start("names")
                for name in m.group("names").split("、"):
                    forms = [f for p in state.persons for f in p.forms]
                    if P.NAME.fullmatch(name) and not any(name == f or one_off(name, f) for f in forms):
                        state.persons.append(Draft(len(state.persons), "defendant", Mention(pos, pos + len(name), name)))
                    pos += len(name) + 1

    @staticmethod
    def _co_offender(text: str, state: LegalState, mention: Mention) -> Draft | None:
        """The person a co-offender's note is about, marked tried elsewhere; None for a defendant
        of this case's own judgment, or a victim or witness (被害人张某（未成年人）)."""
        person = next((p for p in state.persons if mention.text in p.forms), None)
        if person is None:
            if text[max(0, mention.start - 3):mention.start].endswith(("被害人", "证人")):
                return None
            person = Draft(len(state.persons), "other", mention)
            state.persons.append(person)
        if person.role in ("victim", "witness", "legal_representative", "defence_counsel"):
            return None
        if person.is_defendant and any(state.sections[q.section].kind in DECIDING_KINDS for q in person.paragraphs):
            return None   # a defendant of this case's own judgment is not tried elsewhere
        person.tried_separately = True
        return person

    @staticmethod
    def _reports_and_measures(text: str, state: LegalState) -> None:
        """A social investigation report describes its subject without role paragraphs
        (张某某，男，…出生…；家庭成员：…，系其父母；监护人联系电话…); a detention warrant puts
        them in brackets (对…的张某某（性别男，出生日期…，住址…）执行拘留); a bail decision names
        a parent as guarantor (保证人李某（系张某某之母）). All of it identifies the minor."""
        index = NameIndex(state.persons)
        by_key = {p.key: p for p in state.persons}
        for si, sec in enumerate(state.sections):
            if sec.kind == "social_investigation":
                # a report has no role paragraphs; one inside it starts another document whose
                # garbled title did not split it off (else an indictment's defendants'
                # ID numbers go to the report's subject)
                end = min([p.start for p in state.paragraphs if p.section == si] + [sec.end])
                found = [k for k, _, _ in index.find(text, sec.start, end) if by_key[k].is_defendant]
                if not found:
                    continue
                subject = by_key[found[0]]
                PartyParagraphs._identifiers(text, subject, sec.start, end)
                for fam in P.FAMILY.finditer(text, sec.start, end):
                    pos = fam.start("names")
                    for name in fam.group("names").split("、"):
                        subject.guardians.append(Mention(pos, pos + len(name), name))
                        pos += len(name) + 1
            elif sec.kind == "compulsory_measure":
                for m in P.DETAINEE.finditer(text, sec.start, sec.end):
                    key = next((index.forms[f] for f in index.forms if m.group("name").endswith(f)), None)
                    if key is not None:
                        PartyParagraphs._identifiers(text, by_key[key], *m.span("details"))
                for g in P.GUARANTOR.finditer(text, sec.start, sec.end):
                    key = index.forms.get(g.group("who"))
                    if key is not None and by_key[key].is_defendant:
                        by_key[key].guardians.append(_mention(text, g, "name"))

    @staticmethod
    def _evidence_births(text: str, state: LegalState) -> None:
        """A birth date missing from the party paragraph is often in the evidence list
        (户籍证明，被告人张某甲出生于1998年1月12日)."""
        for person in state.persons:
            if not person.is_defendant or any(b.date for b in person.births):
                continue
            for form in person.forms:
                pattern = re.compile(re.escape(form) + r"[^。；;，,]{0,6}?(?:出生于|出生日期为|出生日期是|生于)\s*(?P<date>"
                                     + numerals.FULL_DATE.pattern + ")")
                m = pattern.search(text)
                if m:
                    person.births.append(_birth_reading(text, m))
                    break


# ---------------------------------------------------------------- offence dates

_UNFINISHED_LINE = re.compile(r"(?:[、，,和及与同]|" + P.ROLE.pattern + r")$")


def _word_across(text: str, stop: int, index: NameIndex) -> bool:
    """Whether the line break at text[stop] falls inside a role word or a name the file knows."""
    a = max(0, stop - 5)
    joined, cut = text[a:stop] + text[stop + 1:stop + 6], stop - a
    words = [*P.ROLE.finditer(joined), *(index.pattern.finditer(joined) if index.pattern else ())]
    return any(w.start() < cut < w.end() for w in words)


# Between the names of a clause's list of actors (被告人甲、乙, 甲伙同乙、丙, 甲与被告人乙), also a
# role word a page break cut (、被告\n7\n人丙: the page number between)
_NAME_LIST_GAP = re.compile(rf"(?:[、，,\s\d和与及同]|伙同|以及|{P.ROLE.pattern}|被告|人)*")
# What joins an accused named further on to the actors (…在某地与乙一起盗窃, 纠集乙), or names
# them as an accused (…驾车载被告人乙): a victim is not called one
_JOINED = re.compile(rf"(?:(?:伙同|纠集|指使|雇佣|雇请|教唆|带领|与|和|同|及|、)(?:{P.ROLE.pattern})?|{P.ROLE.pattern})\s*$")
# The evening a date's sentence opens on (晚, 22时许, 晚9时许), and the small hours the next
# day's sentence opens on (凌晨, 零时许, 3时至5时许, 早上5时许): one night across midnight.
_EVENING = re.compile(r"\s*(?:晚|夜|深夜|傍晚|(?:1[7-9]|2[0-3]|十[七八九]|二十[一二三]?)\s*[时点])")
_SMALL_HOURS = re.compile(r"\s*(?:凌晨|零时|零点|〇时|(?:早上|早晨|清晨)?\s*(?:0?[0-5]\s*[时点]|[一二三四五]\s*[时点]))")
# What may stand between a date and the clause it opens: the time of day (22时许, 凌晨).
_TIME_ONLY = re.compile(rf"(?:[\d{numerals.CN_NUM}]+\s*(?:时|点|分)|许|左右|凌晨|上午|下午|中午|晚上|傍晚|深夜|夜间|夜里"
                        r"|早上|晚|间|\s)*")
# a clause that only sets the place (2014年5月26日14时许，在某市某小区某室，被告人贾某被公安机关传唤到案):
# no one in it and no time frame, so what the day tells of is in the clause after it
_PLACE_ONLY = re.compile(r"\s*在(?![^，,]*(?:期间|期内|时|后|前|被|人))[^，,]{2,40}")


# Who else a clause of the findings may open on, beside P.OTHER_SUBJECT: the other side of a
# sale or a deal (购毒人员, 吸毒人员 …), and an accused's family (被告人甲的家属赔付…)
_OTHER_PARTY = re.compile(r"(?:购毒|吸毒|买毒)?(?:人员|者)|买家|卖家|买方|卖方|购买者|收购者")
_FAMILY = re.compile(r"的?(?:家属|亲属|家人|父亲|母亲|父母|妻子|丈夫|儿子|女儿|哥哥|姐姐|弟弟|妹妹)")
# a name written out in Han glyphs, none masked (not 张某, 王×1, XXX)
_WRITTEN_OUT = re.compile(rf"(?:(?!某)[{P.HAN}]){{2,4}}")
# what an accused's 的 leads to when it names their part in another's doing (受被告人甲的指使)
_DIRECTED = re.compile(r"指使|安排|授意|要求|邀约|邀请|雇佣|委托|授权|指挥|纠集|召集|带领|唆使|帮助|协助|同意|默许|吩咐|命令|指示|策划|组织")
# what makes an accused named in such a clause an actor all the same: a clause opening on them
# (…，被告人乙随即…), joined to the subject (与, 伙同), the agent of a passive (被被告人乙…); one
# asked to act (陈某叫被告人李某帮忙开铲车) acted that day or later, as the buyer's counterpart did
_ACTS_AT = re.compile(rf"(?:^|[，,；;]|伙同|与|和|同|及|、|被)\s*(?:随后|然后|之后|随即|后|又|便|即|遂|再|当即|立即|于是|并)?\s*"
                      rf"(?:{P.ROLE.pattern})?\s*$")
# words before an accused's name that make the name an object, not a subject's part (联系, 向, 找),
# or the one asked to act (叫, 让): what they were asked to do came that day or later
_AS_OBJECT = re.compile(r"联系|向|找|给|对|把|将|叫|让|请|约|邀请|要求|安排|指使|雇佣|雇请")
# an organisation read where a clause opens on a place or a purpose (分别在某公司…购买): no subject
_NO_SUBJECT = re.compile(r"[在于向对把将从到为以由经]")
# a clause of the sentence on what both sides did (双方约好…, 二人…): the accused acts in it
_ALL_ACT = re.compile(r"[，,](?:随后|然后|后)?(?:双方|二人|两人|三人|各方)")


def _past_time(text: str, pos: int, end: int, separators: str = "，,") -> int:
    """Where the clause a date ends at `pos` goes on past its time of day and the separators
    after it (2016年9月10日21时许，被告人…: at 被告人), up to `end`."""
    start = _TIME_ONLY.match(text, pos).end()
    while start < end and text[start] in separators:
        start = _TIME_ONLY.match(text, start + 1).end()
    return start


# a line that opens an item of a list (2．, （二）, 三、) or a date: the break before it is the writer's
_NEW_ITEM = re.compile(rf"\s*(?:\d{{1,2}}\s*[．.、]|[（(][一二三四五六七八九十\d]{{1,3}}[）)]|[一二三四五六七八九十]{{1,3}}、|{numerals.SPAN.pattern})")
_DATE_JOINED = re.compile(r"\s*(?:和|及|、|与|以及)\s*")
# the first item of a numbered list opening a sentence or a line (1、 (一) 一、 ①)
_LIST_ITEM = re.compile(r"\s*(?:[1１]\s*[、.．]|[（(]\s*[一1１]\s*[）)]|一\s*、|①)")
# what puts a name at the opening of a clause (…找到被告人甲，甲表示…; …，被告人乙随即…)
_OPENS_CLAUSE = re.compile(r"[，,；;]\s*(?:被告人|上诉人|原审被告人|犯罪嫌疑人)?$")
# an authority before a date, as its subject (执法人员于…, 本院曾于…)
_AUTHORITY_LEAD = re.compile(rf"\s*{P.AUTHORITY.pattern}\s*(?:曾|又|再次|先后|分别|即)?\s*于\s*")
# someone else named before the date (被害人李某于…, 某经营处于…): the clause is their doing
_OTHER_LEAD = re.compile(rf"\s*(?:{P.OTHER_SUBJECT.pattern})[{P.HAN}]{{0,4}}?\s*(?:曾|又|再次|先后|分别|即)?\s*于\s*")
# an act the authority came upon as it happened (发现被告人正在…, 检查时发现被告人在加工点内…)
_CAUGHT_AT_IT = re.compile(r"正在|正欲|准备|发现")
# a release named as the time frame of an act: 在取保候审期间, 监视居住期内, 缓刑考验期间
_DURING = re.compile(r"\s*(?:的)?(?:考验)?(?:期间|期内)")
# Between a date and a measure's word, what shows the measure came on the day of an act
# (盗窃后被抓获, 作案时被当场抓获): that date may be the offence's too; taken in the act
# (_caught_in_the_act), it is.
_SAME_DAY_ACT = re.compile(rf"当场|现场|过程中|途中|(?<![\d{numerals.CN_NUM}点先])[后时](?!许)")   # 先后: one after the other
# how far past a date the clause it opens is read for a measure's word
PROCEDURE_WINDOW = 40
# the leads of `after_event` that name a day: the day before's (当日) or the next (次日), as days after it
DAY_OFFSETS = {"当日": 0, "当天": 0, "当晚": 0, "同日": 0, "次日": 1, "翌日": 1, "第二天": 1}
# a sentence's opening clause that tells of an event and ends on 后 (工场开始生产后，…; 回到住处后，…):
# an indefinite time after the event told before, like 随后 — short, with no digit, not 先后 or 前后
_CLAUSE_AFTER = re.compile(r"\s*[^，,。；;：:\d]{2,12}?(?<![先前以])后[，,]")
# a sentence that opens on the time the case came to light, no date of its own (截至案发，…; 至案发时，…)
_TO_CASE_BROKE = re.compile(r"(?:截至|截止|截止到|截至到|直至|直到|至)案发(?:时|前|之日|当日)?(?=\s*[，,])")
# a later clause of a dated sentence that opens on the next day (…约定交易后，于次日17时许携带毒品…)
_NEXT_DAY_CLAUSE = re.compile(rf"(?<=[，,])\s*(?:于|在)?(?:{'|'.join(w for w, days in DAY_OFFSETS.items() if days == 1)})")


def _list_follows(text: str, date_end: int, clause_end: int, limit: int) -> bool:
    """Whether the acts of the period a date opens are listed one by one after it: the words that
    announce the list stand in its clause (…多次容留他人吸毒，具体犯罪事实如下：) or open the next
    sentence (…多次容留他人吸毒。具体事实如下：1、…), or the next sentence is the list's first item
    (…多次贩卖毒品大麻给吸毒人员陈某。1、2017年12月…)."""
    if LEXICON.search("list_follows", text, date_end, clause_end) is not None:
        return True
    opening = LEXICON.search("list_follows", text, clause_end + 1, min(limit, clause_end + 16))
    return opening is not None and not text[clause_end + 1:opening.start].strip() or \
        _LIST_ITEM.match(text, clause_end + 1, limit) is not None


def _among_evidence(text: str, mark: re.Match[str]) -> bool:
    """Whether an appeal's number stands in the list of evidence a document's findings rest on
    (上述事实，…且有书证…，某中级人民法院（2005）某刑终字第139号刑事裁定书，调解书…等证据证实): a
    document the court read before it judged — an earlier case's, a prior conviction's — never a
    later ruling of this case whose operative part the file lost."""
    return P.EVIDENCE_LIST_OPEN.match(text, _sentence_start(text, mark.start())) is not None and \
        P.EVIDENCE_LIST_CLOSE.search(text, mark.end(), _sentence_end(text, mark.end(), len(text))) is not None


def _past_listed_dates(text: str, pos: int, end: int) -> int:
    """Past the dates listed with the one that ends at `pos` (2016年6月6日和6月14日，…分别投案; 同年4月6日、
    10日，…主动到案; 2014年1月6日、3月21日，某法院将…扣划): they open the same clause."""
    while (more := numerals.LISTED_DAY.match(text, pos, end)) or \
            ((joined := _DATE_JOINED.match(text, pos, end)) and (more := numerals.SPAN.match(text, joined.end(), end))):
        pos = more.end()
    return pos


def procedure_after(text: str, pos: int, limit: int) -> tuple[str, Anchor] | None:
    """What the clause a date opens tells of, when it tells of a measure rather than an act:
    ("custody" | "release" | "prior" | "investigation" | "aftermath", the phrase) — 2017年3月15日，被告人陈某…被抓获归案; 2016年10月9日
    至24日，熊某…被处以行政拘留十五日 — or ("ambiguous", the phrase) when an act may share the day
    (…盗窃后被抓获). None: no measure's word in the clause. The clause is the first one past the
    time of day, up to PROCEDURE_WINDOW characters; phrases are found through one misread glyph
    (reading.anchors), so OCR's damage to the cue word does not make the date an offence's."""
    sentence_end = _sentence_end(text, pos, limit)
    start = _past_listed_dates(text, pos, sentence_end)
    while True:
        comma = min([i for i in (text.find(ch, start, sentence_end) for ch in "，,") if i >= 0] or [sentence_end])
        if comma < sentence_end and (_TIME_ONLY.fullmatch(text, start, comma)
                                     or _PLACE_ONLY.fullmatch(text, start, comma)):
            start = comma + 1
            continue
        break
    # 2018年5月12日凌晨，被告人王某在某县某镇某街某号房内被公安局民警抓获: the window opens past the time of day
    stop = min(sentence_end, start + PROCEDURE_WINDOW)
    end = min(comma, stop)
    if end < stop and text[start:end].rstrip().endswith("后"):
        # 经被害人朱某报警后，公安人员将被告人石超抓获: the clause the time opens is a subordinate
        # one; the main clause it leads into tells what happened that day
        end = min([i for i in (text.find(ch, end + 1, stop) for ch in "，,") if i >= 0] or [stop])
    for group, kind in (("prior_penalty", "prior"), ("release", "release"), ("custody", "custody"),
                        ("investigation", "investigation"), ("aftermath", "aftermath")):
        # an earlier judgment's clause runs long before its 判处 (被告人王某因犯贩卖毒品罪被本院以（2017）
        # 渝0106刑初1422号刑事判决书判处…): read to the clause's end
        stop_at = min(comma, sentence_end) if kind == "prior" else end
        cue = next((c for c in LEXICON.find(group, text, start, stop_at)
                    if _tells_of_measure(text, start, c, kind)), None)
        if cue is not None:
            if kind in ("custody", "investigation") and _SAME_DAY_ACT.search(text, start, cue.start):
                return "ambiguous", cue
            return kind, cue
    return None


def _tells_of_measure(text: str, start: int, cue: Anchor, kind: str) -> bool:
    """Whether a measure's word the clause holds is its event: not a note in brackets after a
    name (陈某（刑拘在逃）在某路段拦停…: that person's status), nor a release the accused was
    under while acting (被告人袁某在取保候审期间，再次…: the act is the day's), nor a word of a
    company's name (被告单位某某机动车辆检测有限公司…未经批准占用耕地: the accused, not a test), unless
    the company is the body that appraises (经某某司法鉴定有限公司鉴定). An inquiry's time frame
    (在检察院协助调查期间，主动供述…) still tells of the procedure."""
    opened = max(text.rfind("（", start, cue.start), text.rfind("(", start, cue.start))
    closed = max(text.rfind("）", start, cue.start), text.rfind(")", start, cue.start))
    return opened <= closed and (kind != "release" or _DURING.match(text, cue.end) is None) and \
        (kind != "investigation" or _INSPECTED_THING.search(text, max(start, cue.start - 2), cue.end + 24) is None) and \
        (_COMPANY_NAME_END.match(text, cue.end) is None or _APPRAISED_BY.search(text, start, cue.end + 40) is not None)


# an inspection that describes the thing an act was done with (驾驶经检验制动不合格的拖拉机, 销售经检测
# 含有瘦肉精的猪肉): 经 right after the verb, a 的 closing the description, no verdict (为, 系) in it —
# not the day's event, as 后经鉴定，… or 2017年12月8日，经检验，… are
_INSPECTED_THING = re.compile(rf"(?<=[{P.HAN}])(?<![后并又再均即现已另且])经(?:检验|检测|鉴定)[^，,。；;（(为系是]{{1,20}}?的")


# what ends a company's name right after a word of it (检测有限公司, 鉴定有限责任公司, 服务集团)
_COMPANY_NAME_END = re.compile(r"\s*(?:股份)?(?:有限)?(?:责任)?公司|\s*集团")
# an appraisal by a named body (经某某司法鉴定有限公司鉴定, 经某某价格认证中心认定): a measure whatever its name holds
_APPRAISED_BY = re.compile(r"经[^，,。；;]{2,30}?(?:公司|集团|中心|所|站)(?:进行)?(?:鉴定|检验|检测|评估|认定)")


#: the accused taken while acting: 赌博时被…查获, 容留他人吸毒的过程中被抓获, 在贩卖光盘时被公安机关抓获
_IN_THE_ACT = re.compile(r"(?:时|过程中|途中)[，,]?\s*被")


def _caught_in_the_act(text: str, start: int, cue: int) -> bool:
    """Whether the clause from `start` to the measure's word at `cue` tells of the accused taken in
    the act (…在家中赌博时被民警查获, 在贩卖光盘时被抓获): the date is then the act's as well as the
    measure's. The doing must be an act's (lexicon group `act`): taken while getting a passport
    (在办理护照时被抓获) dates no act. Not where the time is an authority's (民警巡逻盘查时抓获被告人)
    or follows another event (报警后…抓获)."""
    taken = _IN_THE_ACT.search(text, start, cue + 1)   # the measure's word may open on its 被
    return taken is not None and P.AUTHORITY.search(text, start, taken.start()) is None \
        and _AFTER.search(text, start, taken.start()) is None \
        and LEXICON.search("act", text, start, taken.start()) is not None


_AFTER = re.compile(rf"(?<![\d{numerals.CN_NUM}点先])后(?!许)")


# the words that end the findings of one item with its evidence (对于上述事实，…足以认定), not a list
# of the prosecution's evidence, whose items are numbered too (以下证据：1、…；2、…)
_ITEM_EVIDENCE = frozenset({"上述事实", "以上事实", "认定上述事实"})


def _next_item(text: str, start: int, end: int, after: int) -> int | None:
    """Where the findings' next item opens right after `after` (skipping blanks): the item numbered
    one more than the last one between `start` and `end`, written the same way (一、 then 二、,
    （一） then （二）). None where the findings had no numbered item or the text goes on otherwise
    (2、 after 一、 is another list: the evidence's)."""
    last = None
    for last in P.ITEM.finditer(text, start, end):
        pass
    while after < len(text) and text[after].isspace():
        after += 1
    nxt = P.ITEM.match(text, after)
    if last is None or nxt is None or (last["open"], last["close"]) != (nxt["open"], nxt["close"]):
        return None
    return nxt.end() if numerals.cn_int(nxt["n"]) == (numerals.cn_int(last["n"]) or 0) + 1 else None


#: a sentence that opens on the end of the conduct told before it (至2016年4月25日被公安查获)
_UNTIL = re.compile(r"\s*(?:直至|直到|至)\s*")


def _run_until(acts: list[tuple[Draft, OffenceReading]], until: numerals.Span | None, said: Mention) -> None:
    """The conduct the last dated act began ran until the measure a sentence of its own dates
    (…租赁厂房，雇佣工人…加工…。至2016年4月25日被公安查获): a day becomes the range from it to
    that day, and a period holding that day ends on it (2017年7月至2018年2月间…。至2018年2月7日
    被查获). A period that ended before it keeps its own end, as the findings wrote it. Only a
    day the parse placed without doubt closes anything; a period it shortens is shortened by
    the findings' own words (the conduct stopped at the raid)."""
    if until is None or until.precision != "day" or until.doubtful or until.lost_year:
        return
    for person, reading in acts:
        span = reading.span
        if not (span.start < until.start and (span.precision == "day" or until.start <= span.end)):
            continue
        ran = numerals.Span(span.start, until.end, "range", span.doubtful, span.lost_year)
        confidence = min(reading.mention.confidence, said.confidence)
        person.offences[person.offences.index(reading)] = dataclasses.replace(
            reading, span=ran, mention=dataclasses.replace(reading.mention, confidence=confidence))


@Language.factory("offence_dates", default_config={"vague_confidence": 0.95})
def make_offence_dates(nlp: Language, name: str, vague_confidence: float) -> OffenceDates:
    return OffenceDates(vague_confidence)


# the section labeller's lowest probability over findings it found without their heading: from
# STRUCTURE_FOUND they are read (a decision with no findings at all, 决定对苏某不起诉 after a test
# period, gets a run of procedure lines near 0.3), from STRUCTURE_CONFIDENCE (the extractor's
# confidence bar) as surely as under a heading, in between for a reviewer
STRUCTURE_FOUND = 0.5
STRUCTURE_CONFIDENCE = 0.9
_PRINTED_LINE = 28   # characters a line of the national court layout holds (the labeller's training lines)
_PARAGRAPH = re.compile(r"[^\n]+?(?:(?<=[。：:；;])[ \t\u3000]+|\n|$)")


def _findings_by_structure(text: str, sec: Section, limit: int) -> tuple[int, int, float] | None:
    """The findings of a document whose heading OCR lost (经审理查明 gone whole), as the section
    labeller reads its structure (extractors.sections): its paragraphs set as printed lines, the
    first run of lines labelled findings between the parties and the operative part, and the
    lowest probability the labeller gives them. None when it finds none."""
    lines: list[tuple[int, int]] = []
    for paragraph in _PARAGRAPH.finditer(text, sec.start, sec.end):
        a, b = paragraph.start(), paragraph.end()
        lines += [(k, min(k + _PRINTED_LINE, b)) for k in range(a, b, _PRINTED_LINE)
                  if text[k:min(k + _PRINTED_LINE, b)].strip()]
    labelled = label_lines([text[a:b] for a, b in lines])
    run: list[tuple[tuple[int, int], float]] = []
    for (a, b), (section, probability) in zip(lines, labelled, strict=True):
        if a < sec.parties[1] or a >= limit:   # type: ignore[index]
            continue
        if section == "findings":
            run.append(((a, b), probability))
        elif run:
            break
    if not run:
        return None
    return run[0][0][0], run[-1][0][1], min(p for _, p in run)


class Region(NamedTuple):
    """One document's findings of fact (认定事实)."""

    start: int
    end: int
    bound: Mention | None    # the case number's year: no offence it finds is later
    lost_heading: bool       # found without its heading (经审理查明), by the section labeller, below its bar


class OffenceDates:
    """Ties each date in the findings of fact to the defendants named in the same
    sentence (or to the only defendant). Custody, birth and procedure dates are
    not offence dates; vague ones (2021年夏天) are placed as their widest honest range
    (summer: June to August) with a slightly lower confidence, and go to review when
    that range cannot be placed against the 18th birthday."""

    def __init__(self, vague_confidence: float) -> None:
        self.vague_confidence = vague_confidence

    def __call__(self, doc: Doc) -> Doc:
        text, state = doc_text(doc), doc._.legal
        index = NameIndex(state.persons)
        defendants = [p for p in state.persons if p.is_defendant]
        eligible = {p.key for p in state.persons if p.is_defendant or p.tried_separately}
        by_key = {p.key: p for p in state.persons}
        this_year = dt.date.today().year
        for a, b, bound, lost_heading in self._regions(text, state):
            year: int | None = None
            earlier: dt.date | None = None   # the date before, which a month-day alone follows
            # each date the findings tell of an event, for 事故后… below: where it stands, and the
            # day it placed (None: a measure's, a range, a vague or unplaceable date)
            told: list[tuple[int, Mention, dt.date | None]] = []
            # the last date placed and where its sentence began, for a range whose end a clause
            # later closes (3月中旬，…强迫…卖淫，至同年4月16日…逃离)
            opened: tuple[int, numerals.Span] | None = None
            named_before: set[int] = set()   # the accused the last clause that named any named
            # the readings of the date before, where it dated an act, which a sentence of its own may
            # close (…加工。至2016年4月25日被公安查获): the conduct ran until that measure
            last_acts: list[tuple[Draft, OffenceReading]] = []
            for m in numerals.SPAN.finditer(text, a, b):
                acts_before, last_acts = last_acts, []
                latest = int(bound.text) if bound else this_year
                span = own = numerals.parse_span(m, year, latest, after=earlier)
                sentence = _sentence_start(text, m.start(), a)
                closes_range = numerals.ENDS_A_RANGE.search(text, max(a, m.start() - 3), m.start()) is not None
                ends_conduct: numerals.Span | None = None
                if closes_range:
                    # the end of a range: from the date its sentence placed before it; with none
                    # (its start OCR garbled, 201211月至2013年3月) it is seen, not placed
                    span = self._range_to(opened, sentence, span)
                    if span is None and _UNTIL.fullmatch(text, sentence, m.start()):
                        # a sentence of its own that opens 直到/直至/至 (直到2015年10月15日才将所挪用
                        # 的资金归还): the end of the conduct told before, its own day read
                        ends_conduct = own
                if span is not None and m.group("bare") is None:
                    opened = (sentence, span)
                if m.group("y"):
                    year = numerals.cn_year(m.group("y"))
                if span is not None and m.group("bare") is not None and (earlier is None or span.start < earlier):
                    span = None   # 12月28日…；1月3日: the next year's, or a garbled one — seen, not placed
                elif span is not None and m.group("bare") is not None:
                    opened = (sentence, span)
                earlier = span.start if span is not None else earlier
                no_act = Mention(m.start(), m.end(), m.group(0))
                if P.NOT_OFFENCE_AFTER.match(text, m.end(), min(b, m.end() + 24)) or \
                        text[max(a, m.start() - 1):m.start()] in ("（", "(") or \
                        P.BORN_AFTER_DATE.match(text, m.end()) or P.ATTRIBUTIVE_DATE.match(text, m.end()) or \
                        P.BORN_BEFORE_DATE.search(text, max(a, m.start() - 8), m.start()) or \
                        P.TERM_OF_VALIDITY.search(text, max(a, m.start() - 8), m.start()) or \
                        P.DIED_AFTER_DATE.match(text, m.end()) or \
                        LEXICON.search("custody_term", text, max(a, sentence), m.start()):
                    # the words after it make it a measure's, a report's or a birth (（2000年1月25日出生）,
                    # 被害人庄某（男，1963年9月生）), a death's (于3月25日死亡), a thing's (5月份的生活费,
                    # 采伐期限为…至…);
                    # a term served (（刑期…即自…止）)
                    state.no_acts.append(no_act)
                    continue
                c0 = sentence
                c1 = self._clause_end(text, m.end(), b, index)
                found = [f for f in index.find(text, max(a, c0), c1) if f[0] in eligible]
                # 陈某驾驶陈文杰的货车…: named as an owner in another's doing — set aside below if it tells of an act
                owners = self._owners(text, m.end(), c1, found)
                keys = {k for k, _, _ in found} - owners
                if keys:
                    named_before = keys
                elif named_before and P.TAKEN_UP.search(text, max(a, c0), c1):
                    keys = set(named_before)   # 2017年8月22日凌晨，上述六人再次…: those named before
                unnamed = not keys
                other_subject = False
                if not keys and len(defendants) == 1 and not self._names_stranger(text, max(a, c0), c1, index):
                    keys = {defendants[0].key}
                    other_subject = self._told_of_another(text, m.end(), c1, max(a, c0))
                if span is not None and span.precision == "day" and not span.doubtful and \
                        P.SEIZED.search(text, m.end(), _sentence_end(text, m.end(), b)):
                    # 民警…在其家中查获毒品: a day of possession, where the person is convicted of it
                    for k in keys:
                        by_key[k].seizures.append(SetAside(Mention(m.start(), m.end(), m.group(0)), span))
                procedure = procedure_after(text, m.end(), b)
                # 2016年7月17日15时许，被告人甲等人在某家中赌博时被民警查获: the act's day as well
                caught = procedure is not None and procedure[0] == "ambiguous" and span is not None and \
                    _caught_in_the_act(text, m.end(), procedure[1].start)
                if caught:
                    procedure = None
                told.append((m.start(), Mention(m.start(), m.end(), m.group(0)), None))
                if procedure is None and (act := self._authoritys(text, m, max(a, c0), c1, found)) is not None:
                    # 公安机关经视频研判，在某地将被告人抓获; 执法人员于…对该店检查: the authority's doing —
                    # no act, or one that may share the day (民警巡逻时发现被告人正在盗窃), for a reviewer
                    if act:
                        for k in keys:
                            by_key[k].unread_offences.append(SetAside(Mention(m.start(), m.end(), m.group(0)), span))
                    else:
                        state.no_acts.append(no_act)
                    continue
                if procedure is not None:
                    # 2017年3月15日，被告人陈某…被抓获归案: the day of a measure, never an offence's;
                    # one that may be both (…盗窃后被抓获) is seen and left to a reviewer
                    kind, cue = procedure
                    mention = Mention(m.start(), m.end(), m.group(0), cue.confidence)
                    if kind == "custody" and span is None and _UNTIL.fullmatch(text, sentence, m.start()):
                        _run_until(acts_before, own, mention)
                        span = own   # the measure's own day
                    if not cue.cost and kind in ("custody", "release"):
                        state.no_acts.append(no_act)
                    for k in keys:
                        if cue.cost:   # the cue read through a misread glyph: set aside, but for a reviewer
                            by_key[k].approximate_procedures.append(SetAside(mention, span))
                        if kind == "ambiguous":
                            by_key[k].unread_offences.append(SetAside(mention, span))
                        elif kind in ("custody", "release") and span is not None and span.precision == "day" \
                                and not span.doubtful:
                            by_key[k].procedures.append(ProcedureReading(span.start, mention, kind == "release"))
                    continue
                for k in owners:
                    by_key[k].told_of_others.append(SetAside(Mention(m.start(), m.end(), m.group(0)), span))
                if not closes_range and (bystanders := self._bystanders(text, m.end(), c1, found)):
                    # 购毒人员乙通过微信联系被告人甲购买毒品: the buyer's doing; the accused's act
                    # (the sale) came that day or after it — closed by the first measure where the
                    # findings date no act of theirs (assembler), a reviewer's where the day is unsure
                    day = span is not None and span.precision == "day" and not span.doubtful and not span.lost_year
                    mention = Mention(m.start(), m.end(), m.group(0))
                    if day:
                        told[-1] = (m.start(), mention, span.start)
                    for k in bystanders:
                        if day:
                            by_key[k].after_event.append(("此后", span.start, mention,
                                                          Mention(m.start(), c1, text[m.start():c1])))
                        else:
                            by_key[k].told_of_others.append(SetAside(mention, span))
                    keys -= bystanders
                    if not keys:
                        continue
                if other_subject:
                    # 受害人吴某向施某转包…: someone else's doing — or an act the sentence does not name
                    # (被害人李某在某地被抢走手机): set aside, for a reviewer where it could move the age
                    for k in keys:
                        by_key[k].told_of_others.append(SetAside(Mention(m.start(), m.end(), m.group(0)), span))
                    continue
                if span is None and ends_conduct is not None:
                    # how far back the conduct it ends reaches the sentence leaves open: not an act of
                    # its own, but a reviewer's where that day could move the age
                    for k in keys:
                        by_key[k].conduct_ends.append(SetAside(Mention(m.start(), m.end(), m.group(0)), ends_conduct))
                    continue
                if span is None:   # 2016年7月至3月间 (8 read 3), 同年 with no year before it: seen, not placed
                    for k in keys:
                        by_key[k].unread_offences.append(SetAside(Mention(m.start(), m.end(), m.group(0)), None))
                    continue
                conf = self.vague_confidence if span.precision == "vague" else 1.0
                if span.doubtful or span.lost_year:
                    conf = min(conf, 0.6)
                mention = Mention(m.start(), m.end(), m.group(0), conf)
                written_end = m.end() - m.group(0).endswith("至")   # 2017年4月至今: SPAN took the 至
                written_end += text.startswith("份", written_end)      # 2013年10月份以来
                since = LEXICON.search("open_end", text, written_end, min(b, written_end + 4))
                # the story's background, no act in it (2016年开始共同居住于…; 2015年认识被害人…)
                background = LEXICON.search("background", text, m.end(), c1) is not None and \
                    LEXICON.search("act", text, max(a, c0), c1) is None
                if since is not None and since.start == written_end and not background:
                    since_mention = Mention(m.start(), since.end, text[m.start():since.end], conf)
                    for k in keys:   # the acts ran on from this date: the assembler closes them
                        by_key[k].open_ended.append(OffenceReading(span, since_mention, None, lost_heading))
                    continue
                if numerals.ENDS_A_RANGE.search(m.group(0)) or numerals.OPENS_A_RANGE.match(text, m.end()):
                    if (nxt := numerals.SPAN.search(text, m.end(), b)) and \
                            numerals.BETWEEN_RANGE_ENDS.fullmatch(text, m.end(), nxt.start()):
                        continue   # 8月27日至同年9月3日, 2004年春节前至2013年春节前: the next date ends the range (_range_to)
                    # 2017年8月27日至201年1018日期间: the end of the range OCR garbled — no single day, and
                    # no range; seen, for a reviewer where any end up to the case's year could move the age
                    unfinished = None if bound is None else \
                        numerals.Span(span.start, max(span.end, dt.date(int(bound.text), 12, 31)), "range", True)
                    for k in keys:
                        by_key[k].unread_offences.append(SetAside(mention, unfinished))
                    continue
                placed = span.precision == "day" and not span.doubtful and not span.lost_year
                if placed:
                    told[-1] = (m.start(), mention, span.start)
                scene = self._scene(text, m, span, b, bound) if placed else None
                if scene is not None:
                    # 2016年10月7日晚…喝酒。次日凌晨…殴打: the evening sets the scene; its people's acts
                    # are the next day's (the assembler places them there)
                    for k in keys:
                        by_key[k].after_event.append(("次日", span.start, mention, scene))
                    continue
                joint = LEXICON.search("joint_summary", text, max(a, c0), c1) if span.start < span.end else None
                joining = LEXICON.search("joint_joining", text, max(a, c0), c1) if span.start < span.end else None
                envelope = span.start < span.end and (joint is not None or joining is not None
                                                      or _list_follows(text, m.end(), c1, b))
                # 综上，2016年11月4日至2017年3月12日，被告人陈某多次骗取…: the span of the acts told before,
                # each accused's own period unless the findings date their acts inside it
                sums_up = span.start < span.end and \
                    LEXICON.search("sums_up", text, max(a, c0), min(c1, max(a, c0) + 8)) is not None
                # 被告人甲分别伙同乙、丙…: 甲 is in every act of the period, so it is 甲's own; only
                # those 甲 was joined by now and then, and everyone 有分有合 names, have part of it
                whole = {k for k, s, _ in found if s < joining.start} if joining is not None and joint is None \
                    else set()
                aside = self._not_acting(text, m.end(), found)
                # the days listed after it with their numerals alone (2018年4月15日、16日晚) are dates of the same acts
                listed = [(span, mention)] + [(d, Mention(s, e, text[s:e], conf))
                                              for s, e, d in (numerals.listed_days(text, m.end(), span) if placed else [])]
                for k in keys:   # every reading: the same date in the indictment and the judgment corroborate
                    for day, said in listed:
                        reading = OffenceReading(day, said, bound if day.lost_year else None, lost_heading,
                                                 envelope and k not in whole, unnamed,
                                                 envelope and k in whole or sums_up, background, caught)
                        (by_key[k].aside if k in aside else by_key[k].offences).append(reading)
                        if k not in aside:
                            last_acts.append((by_key[k], reading))
                if placed:
                    self._next_day_clause(text, m.end(), b, [by_key[k] for k in keys if k not in aside], span, mention)
            self._after_event(text, a, b, index, eligible, by_key, told)
            self._until_case_broke(text, a, b, bound, index, eligible, defendants, by_key)
        self._main_conduct(text, state, index, defendants)
        return doc

    @staticmethod
    def _next_day_clause(text: str, pos: int, b: int, actors: list[Draft], span: numerals.Span,
                         mention: Mention) -> None:
        """2017年2月19日晚上，被告人王某…约定交易后，于次日17时许携带毒品…交给郭某: a later clause of
        the sentence a day opens starts on the next day (次日, 翌日) with no date of its own between;
        the acts it tells are that day's too, for the people the day's date is read for — not
        where it tells of a measure (…，次日被抓获)."""
        stop = _sentence_end(text, pos, b)
        nxt = _NEXT_DAY_CLAUSE.search(text, pos, stop)
        if nxt is None or numerals.SPAN.search(text, pos, nxt.start()) or numerals.SPAN.search(text, nxt.end(), stop) \
                or procedure_after(text, nxt.end(), stop) is not None:
            return
        clause = Mention(nxt.start(), min(stop, nxt.start() + 30), text[nxt.start():min(stop, nxt.start() + 30)])
        for person in actors:
            person.after_event.append(("次日", span.start, mention, clause))

    @staticmethod
    def _until_case_broke(text: str, a: int, b: int, bound: Mention | None, index: NameIndex, eligible: set[int],
                          defendants: list[Draft], by_key: dict[int, Draft]) -> None:
        """截至案发，被告人陈某某直接或者间接发展下线人员40余人: a sentence that opens on the time the case
        came to light, with no date of its own, says the conduct told before may have gone on until
        then. For the accused it names (or the only defendant), the span from their last act read
        so far to the end of the case number's year (open-ended without one) is set aside — a
        reviewer's question where it could carry the conduct past the 18th birthday
        (reasons.OFFENCE_TO_CASE_BROKE)."""
        end = dt.date.max if bound is None else dt.date(int(bound.text), 12, 31)
        for m in _TO_CASE_BROKE.finditer(text, a, b):
            sentence = _sentence_start(text, m.start(), a)
            if text[max(a, sentence):m.start()].strip():
                continue
            stop = _sentence_end(text, m.end(), b)
            keys = {k for k, _, _ in index.find(text, m.end(), stop) if k in eligible} or \
                ({defendants[0].key} if len(defendants) == 1 else set())
            for k in keys:
                last = max((o.span.start for o in by_key[k].offences
                            if o.mention.start < m.start() and not o.span.lost_year), default=None)
                span = None if last is None else numerals.Span(last, max(last, end), "range", True)
                by_key[k].to_case_broke.append(SetAside(Mention(m.start(), m.end(), m.group(0)), span))

    @staticmethod
    def _range_to(opened: tuple[int, numerals.Span] | None, sentence: int,
                  end: numerals.Span | None) -> numerals.Span | None:
        """The range a sentence opens with one date and closes with 至 and another, words between
        (自11月22日早晨至11月24日中午; 3月中旬…，至同年4月16日李某寻机逃离): from the first to the
        second. None when the sentence placed no date before the 至, or the end comes first."""
        if end is None or opened is None or opened[0] != sentence or end.end < opened[1].start:
            return None
        start = opened[1]
        return numerals.Span(start.start, end.end, "range", start.doubtful or end.doubtful,
                             start.lost_year or end.lost_year)

    @staticmethod
    def _after_event(text: str, a: int, b: int, index: NameIndex, eligible: set[int], by_key: dict[int, Draft],
                     told: list[tuple[int, Mention, dt.date | None]]) -> None:
        """A sentence with no date of its own that opens on the time of the one before (事故后乙
        打电话…, 当晚, 次日): its acts came on or after that day. A definite day (当日, 次日 …) is read
        for every person the sentence names; an indefinite one (事故后, 随后) only for those with
        no offence date in these findings, and the assembler closes its range with the person's
        first measure (no act of the case came after it). The day before must be the last date
        the findings told of an event (a range, a vague date or a measure's day between leaves
        nothing to count from; someone's birth date, （2003年2月出生）, is no event), and a
        sentence that tells of a measure (次日被抓获归案) tells of no act."""
        start = a
        for stop in [i for i in range(a, b) if text[i] in "。；;"] + [b]:
            sentence = (start, stop)
            start = stop + 1
            lead = LEXICON.search("after_event", text, sentence[0], min(sentence[1], sentence[0] + 8))
            if lead is not None and not text[sentence[0]:lead.start].strip():
                phrase, lead_end = lead.phrase, lead.end
            elif (clause := _CLAUSE_AFTER.match(text, sentence[0], sentence[1])) and \
                    not index.find(text, sentence[0], clause.end()):
                phrase, lead_end = "随后", clause.end()   # nobody's doing named in it: the story's event
            else:
                continue
            if numerals.SPAN.search(text, *sentence) or numerals.DATE.search(text, *sentence):
                continue
            before = [d for d in told if d[0] < sentence[0]]
            if not before:
                continue
            _, day_mention, day = before[-1]
            if day is None or procedure_after(text, lead_end, sentence[1]) is not None:
                continue
            # 事故后…驾车到事故现场将其拉走: an act at the event's scene right after it is that day's
            word = "当日" if phrase not in DAY_OFFSETS and LEXICON.search("at_scene", text, *sentence) \
                else phrase
            definite = word in DAY_OFFSETS
            dated = set() if definite else {k for k in eligible if any(a <= o.mention.start < b for o in by_key[k].offences)
                                            or any(a <= e[2].start < b for e in by_key[k].after_event)}
            for k, s, _ in index.find(text, *sentence):
                # 次日凌晨，张某清醒后报警，民警当日将李磊抓获: named in a clause that tells of a measure,
                # the person did nothing that day
                clause = max([text.rfind(ch, lead_end, s) for ch in "，,"] + [lead_end - 1]) + 1
                if k in eligible and k not in dated and procedure_after(text, clause, sentence[1]) is None:
                    by_key[k].after_event.append((word, day, day_mention,
                                                  Mention(sentence[0], min(sentence[1], sentence[0] + 30),
                                                          text[sentence[0]:min(sentence[1], sentence[0] + 30)])))

    @staticmethod
    def _not_acting(text: str, pos: int, found: list[tuple[int, int, int]]) -> set[int]:
        """The accused a clause names but not as actors: where the date opens on a role word and
        a list of names (2016年9月10日21时许，被告人甲、乙在…), the actors are that list and those
        joined to it (伙同丙, 与丙) or named further on with a role word (载被告人丙); another
        accused named further on, bare (…二人殴打丙), is told of, not said to act. Empty where the clause opens otherwise: each name it holds is an actor's."""
        start = _past_time(text, pos, len(text))
        role = P.ROLE.match(text, start)
        if role is None or P.ROLE_MARKERS[role.group(0)] not in _DEFENDANT_GROUP:
            return set()
        actors, cursor = set(), role.end()
        for k, s, e in found:
            if s < cursor:
                continue
            if not _NAME_LIST_GAP.fullmatch(text, cursor, s):
                break
            actors.add(k)
            cursor = e
        if not actors:
            return set()
        return {k for k, s, _ in found if s >= start and k not in actors} - {
            k for k, s, _ in found if _JOINED.search(text, max(0, s - 8), s)}

    @staticmethod
    def _scene(text: str, m: re.Match[str], span: numerals.Span, b: int, bound: Mention | None) -> Mention | None:
        """The sentence a day's date opens, when it tells of an evening's gathering (2016年10月7日晚
        9时许…喝酒, 22时许…唱歌, 晚…邀约…见面) and the next sentence goes on into the small hours
        of the next day (次日凌晨…, 次日3时至5时许, or its date: 3月5日零时许): one night, whose
        evening is not the act's. None otherwise."""
        stop = _sentence_end(text, m.end(), b)
        if stop >= b or not _EVENING.match(text, m.end(), stop) \
                or LEXICON.search("gathering", text, m.end(), stop) is None:
            return None
        nxt = stop + 1
        while nxt < b and text[nxt].isspace():
            nxt += 1
        lead = LEXICON.search("after_event", text, nxt, min(b, nxt + 4))
        following = numerals.SPAN.match(text, nxt, b)
        next_day = span.start + dt.timedelta(days=1)
        if lead is not None and lead.start == nxt and DAY_OFFSETS.get(lead.phrase) == 1:
            night = lead.end
        elif following is not None and (later := numerals.parse_span(
                following, span.start.year, int(bound.text) if bound else span.start.year)) is not None \
                and (later.start, later.end) == (next_day, next_day):
            night = following.end()
        else:
            return None
        if not _SMALL_HOURS.match(text, night, b):
            return None
        return Mention(m.start(), stop, text[m.start():stop])

    @staticmethod
    def _clause_end(text: str, start: int, end: int, index: NameIndex) -> int:
        """Where the clause holding text[start] ends: at 。 or ；, or at a line break — unless the
        line stops mid-list (…被告人甲、被告人 / 乙在…), mid-word (被告 / 人张某, 被告人王 / 军) or
        mid-sentence (…东侧菜市场 / 内，被告人秦海照…: no stop before the break, and the next line
        opens no item of a list), where a hard break is OCR's, not the writer's."""
        while True:
            stop = min([i for i in (text.find(ch, start, end) for ch in "。；;\n") if i >= 0] or [end])
            if stop >= end or text[stop] != "\n" or not (
                    _UNFINISHED_LINE.search(text, max(0, stop - 12), stop) or _word_across(text, stop, index)
                    or (text[stop - 1] not in "。；;：:" and not _NEW_ITEM.match(text, stop + 1))):
                return stop
            start = stop + 1

    @staticmethod
    def _authoritys(text: str, m: re.Match[str], sentence: int, end: int,
                    found: list[tuple[int, int, int]]) -> bool | None:
        """Whether the clause a date stands in tells what an authority did — its subject the police,
        an inspector, a court or a prosecutor, before the date (执法人员于2016年9月22日对该店检查; 本院
        曾于…决定…) or opening the clause after it (公安机关经视频研判…): True when the sentence may
        also tell of an act that day (当场, 现场, 发现…正在, or a later clause opening on an accused:
        本院执行人员再次找到被告人甲，甲…表示坚决不同意搬离), False when it tells of none, None when
        the subject is no authority."""
        lead_start = max([text.rfind(ch, sentence, m.start()) for ch in "，,"] + [sentence - 1]) + 1
        lead = _AUTHORITY_LEAD.fullmatch(text, lead_start, m.start())
        start = _past_time(text, _past_listed_dates(text, m.end(), end), end)
        if lead is None and P.AUTHORITY.match(text, start, end) is None:
            return None
        return _SAME_DAY_ACT.search(text, start, end) is not None or _CAUGHT_AT_IT.search(text, start, end) is not None \
            or any(_OPENS_CLAUSE.search(text, max(start, s - 8), s) for _, s, _ in found if s > start)

    @staticmethod
    def _names_stranger(text: str, start: int, end: int, index: NameIndex) -> bool:
        """True when the sentence names an accused the file has no party paragraph for
        (被告人丁某…): its date is that person's, not the only defendant's."""
        for m in P.ROLE.finditer(text, start, end):
            if P.ROLE_MARKERS[m.group(0)] not in _DEFENDANT_GROUP or m.end() >= end:
                continue
            if text[m.end()] in "的等均们及和与、对在将" or not "\u4e00" <= text[m.end()] <= "\u9fff":
                continue
            if not index.known_at(text, m.end()):
                return True
        return False

    @staticmethod
    def _owners(text: str, pos: int, end: int, found: list[tuple[int, int, int]]) -> set[int]:
        """The accused a clause names only as an owner or a relation (陈文强与陈某相约…，由陈某驾驶
        陈文杰的货车…) where it opens on another accused or co-offender: the doing is the opener's.
        Not one whose 的 leads to their part in it (受被告人甲的指使, 在甲的安排下): they acted too."""
        start = _past_time(text, pos, end, "，,、 \u3000")
        role = P.ROLE.match(text, start, end)
        named = start if role is None else role.end()
        opener = next((k for k, s, _ in found if s == named), None)
        if opener is None:
            return set()
        return {k for k in {f[0] for f in found} - {opener}
                if all(text.startswith("的", e) and not _DIRECTED.match(text, e + 1) for key, _, e in found if key == k)}

    @staticmethod
    def _bystanders(text: str, pos: int, end: int, found: list[tuple[int, int, int]]) -> set[int]:
        """The accused a sentence names but not as actors, where the clause the date opens tells
        what someone else did: its subject a victim, a buyer, an organisation, a pseudonym of no
        accused (购毒人员乙通过微信联系被告人甲购买…) or an accused's family (被告人甲的家属赔付…).
        An accused acts in it still where a clause of the sentence opens on them (…，甲随即…),
        where they are joined to the subject (被害人乙与被告人甲发生争执), are the agent of a
        passive (被害人乙被被告人甲打伤), or are named before the date (被告人甲…，至4月16日被害人
        逃离). Empty where the clause opens on an accused."""
        start = _past_time(text, pos, end, "，,、 \u3000")
        role = P.ROLE.match(text, start, end)
        named = start if role is None else role.end()
        at_start = next((f for f in found if f[1] == named), None)
        if at_start is not None:
            if not _FAMILY.match(text, at_start[2], end):
                return set()
        else:
            subject = _OTHER_PARTY.match(text, start, end) or P.OTHER_SUBJECT.match(text, start, end)
            if role is not None and P.ROLE_MARKERS[role.group(0)] in _DEFENDANT_GROUP or subject is None or \
                    _NO_SUBJECT.search(subject.group(0)) or \
                    any(start <= s < start + 16 and not _AS_OBJECT.search(text, start, s) for _, s, _ in found):
                return set()
        if _ALL_ACT.search(text, start, end) or _SAME_DAY_ACT.search(text, start, end) or \
                _CAUGHT_AT_IT.search(text, start, end):
            return set()   # 双方约好…; 当场抓获被告人: caught at it, that day's act
        acting = {k for k, s, _ in found if s < start or _ACTS_AT.search(text, max(start, s - 12), s)}
        return {k for k, _, _ in found} - acting

    @staticmethod
    def _told_of_another(text: str, pos: int, end: int, sentence: int) -> bool:
        """True when the clause a date opens tells what someone else did and the sentence names
        no accused, not even by the bare role word (2016年9月30日，受害人吴某、张某向施某转包…; 1月10日
        凌晨，张某1清醒后报警): the subject is another person — a victim, a witness, the police, a
        pseudonym the file has no party paragraph for — so the date is not plainly the only
        defendant's act, though it may date one the sentence leaves unnamed (被害人李某…被抢走手机)."""
        if P.ACCUSED_WORD.search(text, sentence, end):
            return False
        # the subject written before the date (中石油某经营处于1999年8月1日将该房屋置换给了陆某)
        lead_start = max([text.rfind(ch, sentence, pos) for ch in "，,"] + [sentence - 1]) + 1
        if (date := numerals.SPAN.search(text, lead_start, pos)) is not None and \
                _OTHER_LEAD.fullmatch(text, lead_start, date.start()) is not None:
            return True
        start = _past_time(text, pos, end, "，,、 \u3000")
        # the sentence names no person of the file as an accused (else the date would be theirs),
        # so a pseudonym it opens on is someone else's
        return P.OTHER_SUBJECT.match(text, start, end) is not None

    @staticmethod
    def _regions(text: str, state: LegalState) -> list[Region]:
        """The findings of fact of each document, with the year of its case number: the
        latest year an offence it finds can have been in. A document with no findings heading
        OCR left is read where the section labeller finds its findings; below the labeller's bar
        a reviewer confirms each date (reasons.FINDINGS_HEADING_LOST)."""
        regions = []
        for sec in state.sections:
            if sec.kind not in DECIDING_KINDS + ("indictment",) or not sec.parties:
                continue
            year = P.CASE_YEAR.search(sec.case_number.text) if sec.case_number else None
            bound = None if sec.case_number is None or year is None else Mention(
                sec.case_number.start + year.start(1), sec.case_number.start + year.end(1), year.group(1))
            limit = sec.operative[0] if sec.operative else sec.body_end
            starts = [(m.end(), False) for m in P.FACTS_START.finditer(text, sec.parties[1], limit)]
            if not starts and (found := _findings_by_structure(text, sec, limit)) is not None:
                start, end, probability = found
                if probability >= STRUCTURE_FOUND:   # below it, no findings the labeller can vouch for at all
                    regions.append(Region(start, end, bound, probability < STRUCTURE_CONFIDENCE))
                continue
            for start, lost_heading in starts:
                stop = P.FACTS_END.search(text, start, limit)
                regions.append(Region(start, stop.start() if stop else limit, bound, lost_heading))
                while stop is not None and stop.group(0).replace("\n", "") in _ITEM_EVIDENCE:
                    # 一、…。对于上述事实…足以认定。二、…: the next item of the findings, with its own evidence
                    item = _next_item(text, regions[-1].start, stop.start(), _sentence_end(text, stop.end(), limit) + 1)
                    if item is None:
                        break
                    stop = P.FACTS_END.search(text, item, limit)
                    regions.append(Region(item, stop.start() if stop else limit, bound, lost_heading))
        return regions

    @staticmethod
    def _main_conduct(text: str, state: LegalState, index: NameIndex, defendants: list[Draft]) -> None:
        for m in P.MAIN_CONDUCT.finditer(text):
            if any(s.body_end <= m.start() < s.end for s in state.sections):
                continue  # inside a statute appendix
            when, tail = m.group("when").replace("\n", ""), (m.group("tail") or "").replace("\n", "")
            value = "before_18" if when[:2] in ("未满", "不满", "未成") else \
                "after_18" if tail in ("以后", "之后", "后") else None
            if value is None:
                continue
            c0 = _sentence_start(text, m.start())
            keys = {k for k, _, _ in index.find(text, c0, m.end())}
            targets = [p for p in defendants if p.key in keys] or (defendants if len(defendants) == 1 else [])
            for p in targets:
                p.main_conduct = (value, _mention(text, m))


# ---------------------------------------------------------------- dispositions

@Language.factory("dispositions", default_config={})
def make_dispositions(nlp: Language, name: str) -> Dispositions:
    return Dispositions()


class Dispositions:
    """The outcome per defendant from each deciding document's operative part: the
    term after 决定执行 for combined sentences, probation kept apart from the term,
    an appeal that dismisses (驳回上诉，维持原判) carrying the quoted first-instance
    sentence forward."""

    def __call__(self, doc: Doc) -> Doc:
        text, state = doc_text(doc), doc._.legal
        index = NameIndex(state.persons)
        defendants = {p.key: p for p in state.persons if p.is_defendant}
        for si, sec in enumerate(state.sections):
            if sec.kind in ("non_prosecution_decision", "conditional_non_prosecution_decision"):
                self._non_prosecution(text, sec, si, index, defendants)
            elif sec.kind in DECIDING_KINDS and sec.operative:
                self._judgment(text, state, sec, si, index, defendants)
        return doc

    def _judgment(self, text: str, state: LegalState, sec: Section, si: int, index: NameIndex,
                  defendants: dict[int, Draft]) -> None:
        a, b = sec.operative
        # blank out clauses that set aside or keep an earlier judgment: they quote sentences
        # that are not this document's outcome
        masked = list(text[a:b])
        for m in P.SET_ASIDE.finditer(text, a, b):
            if P.DISMISS_APPEAL.match(text, m.start() - 2) or text[m.start():m.start() + 4] == "维持原判":
                continue
            masked[m.start() - a:m.end() - a] = " " * (m.end() - m.start())
        op = "".join(masked)
        mentions = [(k, s, e) for k, s, e in index.find(text, a, b) if k in defendants]
        strangers = self._strangers(text, state, sec, index, mentions)
        items = [m.start() for m in P.ACCUSED_ITEM.finditer(text, a, b)]
        segments: dict[int, list[tuple[int, int]]] = {}
        for i, (k, s, e) in enumerate(mentions):
            # a defendant's part ends at the next one's name, at a 被告人 the file has no
            # paragraph for (被告人吕美玲… after 贾磊's), or at the next item that opens on an
            # accused (二、被告 / 诈骗罪…, the name lost): that sentence is someone else's
            nxt = min([next((s2 for k2, s2, _ in mentions[i + 1:] if k2 != k), b),
                       *(x for x in strangers if x > e), *(x for x in items if x > e)])
            segments.setdefault(k, []).append((e, nxt))
        found: set[int] = set()
        for k, segs in segments.items():
            readings = [r for s, e in segs for r in self._readings(op, a, s, e, si)]
            person = defendants[k]
            for s, e in segs:
                person.charges += [c for c in (m.group("charge") for m in P.CHARGE.finditer(op, s - a, e - a))
                                   if c not in person.charges]
            if readings:
                found.add(k)
                person.dispositions += readings
        misread = self._misread_names(text, op, a, b, si, mentions, self._unsentenced(defendants, found, si),
                                      [f for p in state.persons for f in p.forms])
        found |= set(misread)
        # a stranger's role word (at most 上诉人（原审被告人）'s ten glyphs and a blank) stands right
        # before the name a settled pairing read
        if any(not any(0 < n - s <= 12 for n in misread.values() if n is not None) for s in strangers):
            state.doubts.append(R.SENTENCED_WITHOUT_PARTY)
        found |= self._by_elimination(op, a, b, si, mentions, strangers, items, defendants,
                                      self._unsentenced(defendants, found, si))
        if sec.kind in ("appeal_judgment", "retrial_judgment") and P.DISMISS_APPEAL.search(text, a, b):
            for k, person in defendants.items():
                if k not in found:
                    person.dispositions += self._quoted_first_instance(text, sec, si, person)
        self._probation_lost(text, a, b, si, defendants)

    @staticmethod
    def _probation_lost(text: str, a: int, b: int, si: int, defendants: dict[int, Draft]) -> None:
        """（缓刑考验期限，从判决确定之日起计算。） says a sentence of this operative part is suspended;
        where none was read so, OCR lost the word (判处有期徒刑二年六个月，\n三年六个月): each sentence
        that could have been suspended — 拘役, or a fixed term of three years at most (Criminal Law
        art. 72) — is a reviewer's (reasons.PROBATION_UNREAD)."""
        if P.PROBATION_NOTE.search(text, a, b) is None or \
                any(r.suspended for p in defendants.values() for r in p.dispositions if r.section == si):
            return
        for person in defendants.values():
            person.dispositions = [
                dataclasses.replace(r, note=r.note or R.PROBATION_UNREAD)
                if r.section == si and (r.kind == "criminal_detention" or
                                        (r.kind == "fixed_term" and r.months is not None and r.months <= 36))
                else r for r in person.dispositions]

    @staticmethod
    def _unsentenced(defendants: dict[int, Draft], found: set[int], si: int) -> dict[int, Draft]:
        """The defendants of document `si` (a party paragraph in it) not yet given a sentence there."""
        return {k: p for k, p in defendants.items() if k not in found and any(q.section == si for q in p.paragraphs)}

    def _misread_names(self, text: str, op: str, a: int, b: int, si: int, mentions: list[tuple[int, int, int]],
                       unsentenced: dict[int, Draft], forms: list[str]) -> dict[int, int | None]:
        """Sentences for a name one character off a defendant of this judgment who has no
        sentence yet (邹浩 read as 部浩, 赵泽宇 cut to 赵泽): paired only where the pairing is
        one to one, and sent to a reviewer, since OCR chose the character — unless the file
        settles the spelling: the name read here once and nowhere else (but inside a longer name:
        向双 of 向双双), one glyph in place of, short of or beyond a name the file writes at least
        twice (东力涛 in the operative part, 东方涛 ten times before it), and one glyph from no other
        name of anyone in the file (`forms`: 郝子豪 and 郝子航 are brothers). Each person paired →
        where the name it read starts, where the file settles it (the operative part then names no
        stranger there), else None."""
        strangers = [m for m in P.SENTENCED_NAME.finditer(op)   # op: text[a:b], masked like the readings
                     if not any(s <= m.start("name") + a < e for _, s, e in mentions)]
        candidates = {i: [k for k, p in unsentenced.items() if any(one_off(m.group("name"), f) for f in p.forms)]
                      for i, m in enumerate(strangers)}
        starts = [s for _, s, _ in mentions] + [n.start() + a for n in strangers]
        paired: dict[int, int | None] = {}
        for i, m in enumerate(strangers):
            if len(candidates[i]) != 1 or sum(candidates[i][0] in c for c in candidates.values()) != 1:
                continue
            k = candidates[i][0]
            end = min([s for s in starts if s > m.end() + a] or [b])
            readings = self._readings(op, a, m.end() + a, end, si)
            if readings:
                read = m.group("name")
                near = {f for f in forms if one_off(read, f)}
                settled = _written_alone(text, read, forms) == 1 and len(near) == 1 and any(
                    f in near and _written(text, f) >= 2 for f in unsentenced[k].forms)
                unsentenced[k].dispositions += [
                    r if settled else dataclasses.replace(r, note=r.note or R.SENTENCE_NAME_MISREAD) for r in readings]
                paired[k] = m.start("name") + a if settled else None
                if settled:   # the misreading names the person: a redaction removes it too
                    unsentenced[k].aliases.append(Mention(m.start("name") + a, m.end("name") + a, read))
        return paired

    def _by_elimination(self, op: str, a: int, b: int, si: int, mentions: list[tuple[int, int, int]],
                        strangers: list[int], items: list[int], defendants: dict[int, Draft],
                        unsentenced: dict[int, Draft]) -> set[int]:
        """The one sentence of this judgment that no name claims (被告人黎¥犯…, 对被告人以盗窃罪…:
        the name OCR garbled past one glyph, or lost) for the one defendant of it left without a
        sentence — a pairing by elimination that holds only one to one, so always for a reviewer.
        Two such sentences, or two such defendants, stay unpaired: which is whose is a guess."""
        if len(unsentenced) != 1:
            return set()
        claimed = {r.mention.start for p in defendants.values() for r in p.dispositions if r.section == si}
        starts = sorted({*strangers, *items})
        bounds = sorted({s for _, s, _ in mentions} | set(starts) | {b})
        orphans = []
        for start in starts:
            end = next(x for x in bounds if x > start)
            readings = [r for r in self._readings(op, a, start, end, si) if r.mention.start not in claimed]
            if readings:
                orphans.append(readings)
        if len(orphans) != 1:
            return set()
        (k, person), = unsentenced.items()
        person.dispositions += [dataclasses.replace(r, note=r.note or R.SENTENCE_NAME_UNREAD) for r in orphans[0]]
        return {k}

    @staticmethod
    def _strangers(text: str, state: LegalState, sec: Section, index: NameIndex,
                   mentions: list[tuple[int, int, int]]) -> list[int]:
        """Where the operative part names an accused the party paragraphs did not yield (an
        OCR-garbled 被告人, a name read two ways). Such a sentence would silently drop a
        defendant: the caller says so, unless the file settles whose it is (_misread_names)."""
        a, b = sec.operative  # type: ignore[misc]
        if not mentions and not P.DISMISS_APPEAL.search(text, a, b) and P.PRINCIPAL.search(text, a, b):
            state.doubts.append(R.OPERATIVE_NAMES_NOBODY)
        found = [m.start() for m in P.ROLE.finditer(text, a, b)
                 if P.ROLE_MARKERS[m.group(0)] == "defendant" and m.end() < b
                 and "\u4e00" <= text[m.end()] <= "\u9fff" and text[m.end()] not in "的等均们及和与、对"
                 and not index.known_at(text, m.end()) and not P.ROLE_IN_INSTRUCTION.match(text, m.end())]
        return found

    def _readings(self, op: str, base: int, s: int, e: int, si: int) -> list[DispositionReading]:
        """Readings in op[s-base:e-base]: one after the last 决定执行 (after what OCR left of it only
        when that term covers every term before it), else each principal penalty."""
        seg = op[s - base:e - base]
        combined = [m for m in P.COMBINED.finditer(seg)]
        out = [self._reading(m, s, si) for m in P.PRINCIPAL.finditer(seg)]
        if combined:
            start = combined[-1].end()
            m = P.PRINCIPAL.search(seg, start, min(len(seg), start + 30))
            total = self._reading(m, s, si) if m else None
            if not combined[-1].group("repaired"):
                return [total] if total else []
            before = [r for r in out if r.mention.start < s + start]
            if total and total.months is not None and before and all(
                    r.months is not None and r.months <= total.months and r.kind == total.kind for r in before):
                return [total]
        if not out:
            fine = P.FINE_ONLY.search(seg)
            political = P.POLITICAL.search(seg)
            if fine:
                out = [DispositionReading(si, "fine_only", None, False, None,
                                          Mention(s + fine.start(), s + fine.end(), fine.group(0)),
                                          note=R.PENALTY_REPAIRED if fine.group("repaired") else None)]
            elif political:
                months = numerals.term_months(political.group("term")) if political.group("term") else None
                out = [DispositionReading(si, "deprivation_of_political_rights", months, False, None,
                                          Mention(s + political.start(), s + political.end(), political.group(0)),
                                          note=None if months is not None else R.TERM_UNREADABLE)]
        return out

    @staticmethod
    def _reading(m: re.Match[str], offset: int, si: int) -> DispositionReading:
        mention = Mention(offset + m.start(), offset + m.end(), m.group(0))
        if m.group("kind"):
            written = re.sub(r"\s", "", m.group("kind"))   # a line break inside the word is layout
            kind = "criminal_detention" if written.endswith("役") else \
                "public_surveillance" if written == "管制" else "fixed_term"
            months = numerals.term_months(m.group("term"))
            probation = numerals.term_months(m.group("prob")) if m.group("prob") else None
            if P.TERM_CUT_OFF.match(m.string, m.end("term")):
                months = None
            if m.group("prob") and P.TERM_CUT_OFF.match(m.string, m.end("prob")):
                probation = None
            note = None if months is not None and (not m.group("prob") or probation is not None) \
                else R.TERM_UNREADABLE
            if note is None and not m.group("prob") and P.GARBLED_PROBATION.match(m.string, m.end()):
                note = R.PROBATION_UNREADABLE
            if note is None and written not in ("有期徒刑", "拘役", "管制"):
                note = R.PENALTY_REPAIRED
            return DispositionReading(si, kind, months, bool(m.group("prob")), probation, mention, note=note)
        kind = ("life_imprisonment" if m.group("life") else "death" if m.group("death") else
                "exempt_from_punishment" if m.group("exempt") else "acquittal")
        return DispositionReading(si, kind, None, False, None, mention)

    def _quoted_first_instance(self, text: str, sec: Section, si: int, person: Draft) -> list[DispositionReading]:
        a = sec.parties[1] if sec.parties else sec.start
        b = sec.operative[0]
        for form in person.forms:
            f = re.escape(form)
            pattern = re.compile(
                rf"判处(?:被告人|原审被告人|上诉人)?{f}(?![{_PSEUDONYM_TAIL}])"
                rf"|(?:被告人|原审被告人|上诉人){f}(?![{_PSEUDONYM_TAIL}])犯[^，,。；;]{{1,14}}罪[，,]?(?:判处|判)")
            m = pattern.search(text, a, b)
            if not m:
                continue
            end = _sentence_end(text, m.end(), b)
            readings = self._readings(text, 0, m.end(), end, si)
            agree = len({(r.kind, r.months, r.probation_months) for r in readings}) == 1
            return readings[:1] if agree else readings
        return []

    @staticmethod
    def _non_prosecution(text: str, sec: Section, si: int, index: NameIndex, defendants: dict[int, Draft]) -> None:
        a = sec.parties[1] if sec.parties else sec.start
        for m in P.NON_PROSECUTION.finditer(text, a, sec.body_end):
            keys = {k for k, _, _ in index.find(text, m.start("who"), m.end("who")) if k in defendants}
            in_section = {k for k, p in defendants.items() if any(q.section == si for q in p.paragraphs)}
            if not keys and len(in_section) == 1:
                keys = in_section
            conditional = bool(m.group("cond")) or sec.kind == "conditional_non_prosecution_decision"
            test = P.TEST_PERIOD.search(text, a, sec.body_end) if conditional else None
            for k in keys:
                defendants[k].dispositions.append(DispositionReading(
                    si, "conditional_non_prosecution" if conditional else "non_prosecution", None, False, None,
                    _mention(text, m), test_period_months=numerals.term_months(test.group("term")) if test else None))


def _written(text: str, name: str) -> int:
    """How often the file writes `name`, a line break inside it or not (its spelling settled or
    not: _spelled_elsewhere, _renamed_by_a_misreading, Dispositions._misread_names)."""
    return len(re.findall(P.broken(name), text))


def _written_alone(text: str, name: str, forms: list[str]) -> int:
    """How often `name` is written other than inside a longer name of the file (向双 in 向双双)."""
    longer = [f for f in forms if name in f and f != name]
    inside = [(m.start(), m.end()) for f in longer for m in re.finditer(P.broken(f), text)]
    return sum(not any(a <= m.start() and m.end() <= b for a, b in inside) for m in re.finditer(P.broken(name), text))


def one_off(read: str, name: str) -> bool:
    """`read` is `name` with one character misread, lost or added (邱文 for 邱博文)."""
    if min(len(read), len(name)) < 2:
        return False
    if len(read) == len(name):
        return sum(x != y for x, y in zip(read, name)) == 1
    short, long = sorted((read, name), key=len)
    return len(long) - len(short) == 1 and any(long[:i] + long[i + 1:] == short for i in range(len(long)))
