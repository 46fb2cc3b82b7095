"""The decision record (shared/contracts/decision-record.md) as Python types.

Every field named in the contract keeps its name and meaning; fields fengcun
adds are marked "extension" and are optional in `from_dict`, so records written
by older versions still load. A record holds minors' identifying data: it is
sealed material itself, so these types have no `__str__` that prints it and
`Person.__repr__` shows the id only (a stray `print(person)` or a traceback's
locals must not leak a name).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

Role = Literal[
    "defendant", "suspect", "legal_representative", "defence_counsel", "victim", "witness", "other"
]
DocumentKind = Literal[
    "judgment", "appeal_judgment", "retrial_judgment", "indictment", "non_prosecution_decision",
    "conditional_non_prosecution_decision", "cover", "social_investigation", "compulsory_measure",
    "other",
]
DispositionKind = Literal[
    "fixed_term",                       # 有期徒刑
    "criminal_detention",               # 拘役
    "public_surveillance",              # 管制
    "fine_only",                        # 单处罚金
    "deprivation_of_political_rights",  # 单处剥夺政治权利
    "exempt_from_punishment",           # 免予刑事处罚
    "non_prosecution",                  # 不起诉
    "conditional_non_prosecution",      # 附条件不起诉
    "acquittal",                        # 无罪
    "life_imprisonment",                # 无期徒刑
    "death",                            # 死刑
]
Ground = Literal[
    "insufficient_evidence",        # 证据不足 (acquittal 宣告无罪 or 存疑不起诉)
    "case_withdrawn",               # 撤销案件 (kind non_prosecution: 不追究刑事责任)
    "trial_terminated",             # 终止审理 (kind non_prosecution: 不追究刑事责任)
    "not_criminally_responsible",   # 不负刑事责任, under the age of responsibility (kind non_prosecution)
    "not_punished_for_age",         # 因不满十六周岁不予刑事处罚 (kind exempt_from_punishment)
]
Outcome = Literal["seal", "not_eligible", "review"]
ReviewStatus = Literal["open", "approved", "corrected", "rejected"]
MainConduct = Literal["before_18", "after_18"]

DEFENDANT_ROLES: frozenset[str] = frozenset({"defendant", "suspect"})


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


@dataclass(frozen=True)
class OffenceDate:
    """An offence date as the closed range it can be placed in: a day has start == end,
    "2021年8月" spans the month, "2021年7月至9月间" spans both months."""

    start: dt.date
    end: dt.date
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "text": self.text}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> OffenceDate:
        return cls(dt.date.fromisoformat(d["start"]), dt.date.fromisoformat(d["end"]), d["text"])


@dataclass(frozen=True)
class Evidence:
    """Where a value was read: page (1-based), box in PDF points with a top-left origin."""

    field: str
    page: int
    bbox: tuple[float, float, float, float]
    text: str
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "page": self.page, "bbox": [round(v, 2) for v in self.bbox],
                "text": self.text, "confidence": round(self.confidence, 4)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Evidence:
        return cls(d["field"], d["page"], tuple(d["bbox"]), d["text"], d["confidence"])  # type: ignore[arg-type]


@dataclass(frozen=True)
class Disposition:
    """The outcome for one defendant. `months` is the term decided for execution
    (决定执行), never one count's term and never the probation period."""

    kind: DispositionKind
    months: int | None = None
    suspended: bool = False
    probation_months: int | None = None
    final: bool = True
    # extensions
    document_kind: DocumentKind | None = None   # which document decided it
    decided_on: dt.date | None = None           # date of the judgment / decision
    test_period_months: int | None = None       # 附条件不起诉 考验期
    # why the case ended without a sentence, where the contract's kind does not say it
    # (docs/rules.md, "Grounds"): an acquittal or non-prosecution for insufficient evidence,
    # or a case not pursued (kind non_prosecution) or not punished (exempt_from_punishment)
    ground: Ground | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "months": self.months, "suspended": self.suspended,
                "probation_months": self.probation_months, "final": self.final,
                "document_kind": self.document_kind, "decided_on": _iso(self.decided_on),
                "test_period_months": self.test_period_months, "ground": self.ground}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Disposition:
        return cls(d["kind"], d.get("months"), d.get("suspended", False), d.get("probation_months"),
                   d.get("final", True), d.get("document_kind"), _date(d.get("decided_on")),
                   d.get("test_period_months"), d.get("ground"))


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    rules: tuple[str, ...]
    reasons: tuple[str, ...]
    citations: tuple[str, ...]
    # extension: the earliest day an organ must have sealed by (Measures arts. 11-13), when known
    due_date: dt.date | None = None
    # extension: that day per sealing organ (court, procuratorate, police, community_corrections);
    # None where a date it needs (the day of receipt) is not in the file
    due_by_organ: tuple[tuple[str, dt.date | None], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"outcome": self.outcome, "rules": list(self.rules), "reasons": list(self.reasons),
                "citations": list(self.citations), "due_date": _iso(self.due_date),
                "due_by_organ": {organ: _iso(day) for organ, day in self.due_by_organ}}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Decision:
        return cls(d["outcome"], tuple(d["rules"]), tuple(d["reasons"]), tuple(d["citations"]),
                   _date(d.get("due_date")),
                   tuple((organ, _date(day)) for organ, day in (d.get("due_by_organ") or {}).items()))


@dataclass
class Identifiers:
    """Extension: what else identifies a person and must go from an adult's copy
    when the person is a sealed minor (Law on the Protection of Minors art. 103)."""

    addresses: list[str] = field(default_factory=list)   # 住址, 户籍地
    schools: list[str] = field(default_factory=list)     # 就读于…
    guardians: list[str] = field(default_factory=list)   # parents' / guardians' names
    phones: list[str] = field(default_factory=list)
    # another birth date the file gives beside the recorded one (户籍登记为…), ISO: it identifies
    # the person as much as the recorded one does
    birth_dates: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Identifiers:
        d = d or {}
        return cls(list(d.get("addresses", [])), list(d.get("schools", [])),
                   list(d.get("guardians", [])), list(d.get("phones", [])), list(d.get("birth_dates", [])))


@dataclass(frozen=True)
class PriorRecord:
    """Extension: an earlier conviction or penalty the file states (前科, 曾因…被判处…,
    行政拘留). It is never an offence of this case. A prior record the file shows was
    committed as a minor and sentenced within the sealing limits is a sealed record that
    this file cites (Measures art. 6): the file must carry the mark and protect it."""

    text: str                                   # the sentence as written
    kind: Literal["criminal", "administrative"]
    decided_on: dt.date | None = None           # when the earlier judgment / penalty was given
    months: int | None = None                   # the earlier term, where stated
    juvenile: bool | None = None                # the file states (or the dates show) it was committed under 18

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "kind": self.kind, "decided_on": _iso(self.decided_on),
                "months": self.months, "juvenile": self.juvenile}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> PriorRecord:
        return cls(d["text"], d["kind"], _date(d.get("decided_on")), d.get("months"),
                   d.get("juvenile"))


@dataclass
class Person:
    person_id: str
    role: Role
    name: str
    aliases: list[str] = field(default_factory=list)
    id_number: str | None = None
    birth_date: dt.date | None = None
    offence_dates: list[OffenceDate] = field(default_factory=list)
    minor_at_offence: bool | None = None
    disposition: Disposition | None = None
    decision: Decision | None = None
    evidence: list[Evidence] = field(default_factory=list)
    # extensions
    gender: Literal["male", "female"] | None = None
    stated_age: int | None = None                 # "17岁" written without a birth date
    # the date of the document that states the age (its signature date): the age held then
    # or earlier. Evidence field "stated_age_on".
    stated_age_on: dt.date | None = None
    # the year alone of a birth the file gives no day of (1985年×月×日出生 in a published copy,
    # 1973年生), or the year of a birth date read with doubt, itself read beyond doubt: it places
    # the age when every act falls on one side of that year's 18th birthdays
    # (models.ages.age_by_birth_year). Evidence field "birth_year".
    birth_year: int | None = None
    main_conduct: MainConduct | None = None       # what the file says of the main conduct (R4/R5)
    tried_separately: bool = False                # 另案处理
    represents: str | None = None                 # legal_representative → person_id of the minor
    charges: list[str] = field(default_factory=list)          # 罪名, e.g. 盗窃罪
    intentional: bool | None = None               # intentional (故意) vs negligent offence
    identifiers: Identifiers = field(default_factory=Identifiers)
    # the court's own finding that the person was under 18 at the offence (犯罪时未满十八周岁,
    # 系未成年人, or its application of Criminal Law art. 17's juvenile mitigation); its
    # evidence field is "court_minor_finding". None: the file says nothing either way.
    court_minor_finding: bool | None = None
    prior_records: list[PriorRecord] = field(default_factory=list)
    # the earliest compulsory measure or procedure against the person (抓获, 投案, 刑事拘留,
    # 逮捕, 取保候审, 监视居住); every offence of this case happened on or before it. Evidence
    # field "first_procedure_date".
    first_procedure_date: dt.date | None = None
    # the court's finding that the person is a recidivist under Criminal Law art. 65 (系累犯),
    # which since 2011-05-01 excludes crimes committed under 18. Evidence field "recidivist".
    recidivist: bool = False

    def __repr__(self) -> str:  # never a name, an ID number or a date
        return f"Person({self.person_id}, {self.role})"

    __str__ = __repr__

    @property
    def is_defendant(self) -> bool:
        return self.role in DEFENDANT_ROLES

    def confidence(self, field_name: str) -> float | None:
        """Lowest confidence among the evidence for a field; None when nothing was read."""
        values = [e.confidence for e in self.evidence if e.field == field_name]
        return min(values) if values else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "person_id": self.person_id, "role": self.role, "name": self.name,
            "aliases": list(self.aliases), "id_number": self.id_number,
            "birth_date": _iso(self.birth_date),
            "offence_dates": [o.to_dict() for o in self.offence_dates],
            "minor_at_offence": self.minor_at_offence,
            "disposition": self.disposition.to_dict() if self.disposition else None,
            "decision": self.decision.to_dict() if self.decision else None,
            "evidence": [e.to_dict() for e in self.evidence],
            "gender": self.gender, "stated_age": self.stated_age, "stated_age_on": _iso(self.stated_age_on),
            "birth_year": self.birth_year,
            "main_conduct": self.main_conduct, "tried_separately": self.tried_separately,
            "represents": self.represents, "charges": list(self.charges),
            "intentional": self.intentional, "identifiers": self.identifiers.to_dict(),
            "court_minor_finding": self.court_minor_finding,
            "prior_records": [r.to_dict() for r in self.prior_records],
            "first_procedure_date": _iso(self.first_procedure_date),
            "recidivist": self.recidivist,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Person:
        return cls(
            person_id=d["person_id"], role=d["role"], name=d["name"],
            aliases=list(d.get("aliases", [])), id_number=d.get("id_number"),
            birth_date=_date(d.get("birth_date")),
            offence_dates=[OffenceDate.from_dict(o) for o in d.get("offence_dates", [])],
            minor_at_offence=d.get("minor_at_offence"),
            disposition=Disposition.from_dict(d["disposition"]) if d.get("disposition") else None,
            decision=Decision.from_dict(d["decision"]) if d.get("decision") else None,
            evidence=[Evidence.from_dict(e) for e in d.get("evidence", [])],
            gender=d.get("gender"), stated_age=d.get("stated_age"), stated_age_on=_date(d.get("stated_age_on")),
            birth_year=d.get("birth_year"),
            main_conduct=d.get("main_conduct"), tried_separately=d.get("tried_separately", False),
            represents=d.get("represents"), charges=list(d.get("charges", [])),
            intentional=d.get("intentional"), identifiers=Identifiers.from_dict(d.get("identifiers")),
            court_minor_finding=d.get("court_minor_finding"),
            prior_records=[PriorRecord.from_dict(r) for r in d.get("prior_records", [])],
            first_procedure_date=_date(d.get("first_procedure_date")),
            recidivist=d.get("recidivist", False),
        )


@dataclass(frozen=True)
class Document:
    kind: DocumentKind
    first_page: int
    last_page: int
    # extensions
    case_number: str | None = None
    issued_on: dt.date | None = None   # date in the signature block

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "first_page": self.first_page, "last_page": self.last_page,
                "case_number": self.case_number, "issued_on": _iso(self.issued_on)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        return cls(d["kind"], d["first_page"], d["last_page"], d.get("case_number"),
                   _date(d.get("issued_on")))


@dataclass
class Case:
    case_numbers: list[str] = field(default_factory=list)
    court: str | None = None
    documents: list[Document] = field(default_factory=list)
    split_case: bool | None = None
    # extensions
    concluded_on: dt.date | None = None      # the effective judgment / decision date
    province: str | None = None              # e.g. "浙江", picks the jurisdiction profile

    def to_dict(self) -> dict[str, Any]:
        return {"case_numbers": list(self.case_numbers), "court": self.court,
                "documents": [d.to_dict() for d in self.documents], "split_case": self.split_case,
                "concluded_on": _iso(self.concluded_on), "province": self.province}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Case:
        return cls(list(d.get("case_numbers", [])), d.get("court"),
                   [Document.from_dict(x) for x in d.get("documents", [])], d.get("split_case"),
                   _date(d.get("concluded_on")), d.get("province"))


@dataclass
class ReviewItem:
    person_id: str | None
    field: str
    reason: str
    status: ReviewStatus = "open"
    # extensions
    item_id: str = ""                 # stable within the record: "R1", "R2", …
    value: Any = None                 # the extracted value the reviewer is asked about
    corrected_value: Any = None
    comment: str | None = None
    reviewer: str | None = None       # account name, never a party's name
    raised_by: str | None = None      # component that raised it ("rules": models.rules re-derives it)

    def to_dict(self) -> dict[str, Any]:
        return {"person_id": self.person_id, "field": self.field, "reason": self.reason,
                "status": self.status, "item_id": self.item_id, "value": self.value,
                "corrected_value": self.corrected_value, "comment": self.comment,
                "reviewer": self.reviewer, "raised_by": self.raised_by}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ReviewItem:
        return cls(d.get("person_id"), d["field"], d["reason"], d.get("status", "open"),
                   d.get("item_id", ""), d.get("value"), d.get("corrected_value"),
                   d.get("comment"), d.get("reviewer"), d.get("raised_by"))


@dataclass
class Review:
    items: list[ReviewItem] = field(default_factory=list)

    @property
    def required(self) -> bool:
        return any(i.status == "open" for i in self.items)

    def add(self, person_id: str | None, field_name: str, reason: str, value: Any = None,
            raised_by: str | None = None) -> ReviewItem:
        # numbered past the highest id present: an item withdrawn by its raiser leaves a gap, never a duplicate
        used = [int(i.item_id[1:]) for i in self.items if i.item_id[1:].isdigit()]
        item = ReviewItem(person_id, field_name, reason, item_id=f"R{max(used, default=0) + 1}",
                          value=value, raised_by=raised_by)
        self.items.append(item)
        return item

    def to_dict(self) -> dict[str, Any]:
        return {"required": self.required, "items": [i.to_dict() for i in self.items]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Review:
        return cls([ReviewItem.from_dict(i) for i in d.get("items", [])])


@dataclass
class Outputs:
    sealed_pdf: str | None = None
    redacted_copies: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"sealed_pdf": self.sealed_pdf, "redacted_copies": list(self.redacted_copies),
                "notices": list(self.notices)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Outputs:
        return cls(d.get("sealed_pdf"), list(d.get("redacted_copies", [])), list(d.get("notices", [])))


@dataclass(frozen=True)
class Source:
    path: str
    sha256: str
    pages: int

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "sha256": self.sha256, "pages": self.pages}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Source:
        return cls(d["path"], d["sha256"], d["pages"])


@dataclass(frozen=True)
class PipelineInfo:
    version: str = ""
    rules_version: str = ""
    processed_at: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"version": self.version, "rules_version": self.rules_version,
                "processed_at": self.processed_at}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> PipelineInfo:
        d = d or {}
        return cls(d.get("version", ""), d.get("rules_version", ""), d.get("processed_at", ""))


@dataclass
class DecisionRecord:
    """One dossier's record; `to_dict()` is the contract's JSON shape."""

    dossier_id: str
    source: Source
    case: Case = field(default_factory=Case)
    persons: list[Person] = field(default_factory=list)
    review: Review = field(default_factory=Review)
    outputs: Outputs = field(default_factory=Outputs)
    pipeline: PipelineInfo = field(default_factory=PipelineInfo)

    def __repr__(self) -> str:
        return f"DecisionRecord({self.dossier_id[:12]}, {len(self.persons)} persons)"

    def person(self, person_id: str) -> Person:
        for p in self.persons:
            if p.person_id == person_id:
                return p
        raise KeyError(person_id)

    def to_dict(self) -> dict[str, Any]:
        return {"dossier_id": self.dossier_id, "source": self.source.to_dict(),
                "case": self.case.to_dict(), "persons": [p.to_dict() for p in self.persons],
                "review": self.review.to_dict(), "outputs": self.outputs.to_dict(),
                "pipeline": self.pipeline.to_dict()}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DecisionRecord:
        return cls(d["dossier_id"], Source.from_dict(d["source"]), Case.from_dict(d["case"]),
                   [Person.from_dict(p) for p in d.get("persons", [])],
                   Review.from_dict(d.get("review", {})), Outputs.from_dict(d.get("outputs", {})),
                   PipelineInfo.from_dict(d.get("pipeline")))
