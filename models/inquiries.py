"""Who may learn what of a sealed record (CPL art. 286 para. 2; Measures arts. 14–17): the
lawful path of an inquiry, decided from who asks — pure, so the inquiry workflow and its
tests share one answer.

- A judicial organ handling a case (司法机关为办案需要) gets the sealed files.
- A unit acting under a statute or state regulation (有关单位根据国家规定 — "法律另有规定")
  gets them too, but only after a reviewer other than the operator approves its basis, with
  the reason written to the audit log: the unit's claim is the one thing the operator cannot
  check alone, and a blanket no-record letter would deny what the law grants.
- Any other unit gets the notification letter stating no criminal record.
- A defence lawyer is refused when the application is filed.
Reasons and citations come from the profile's `procedures` rows.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from models.rules.table import Profile, load_profile

RequesterKind = Literal["judicial", "statutory_unit", "unit", "defence_lawyer"]
REQUESTER_KINDS: tuple[RequesterKind, ...] = ("judicial", "statutory_unit", "unit", "defence_lawyer")
Answer = Literal["release", "notification", "refusal"]


@dataclass(frozen=True)
class InquiryPath:
    answer: Answer
    second_approval: bool        # a reviewer other than the deciding operator must approve first
    reason_zh: str
    reason_en: str
    citations: tuple[str, ...]


def lawful_path(kind: str, profile: Profile | None = None) -> InquiryPath:
    """The answer the law gives a requester of this kind; ValueError names an unknown kind."""
    profile = profile or load_profile("national-2022")
    if kind == "judicial":
        return InquiryPath("release", False, "司法机关为办案需要查询，依法提供",
                           "a judicial organ handling a case is given the records",
                           ("《中华人民共和国刑事诉讼法》第二百八十六条第二款 (CPL art. 286 para. 2)",))
    if kind == "statutory_unit":
        row = profile.procedure("inquiry-statutory-unit")
        return InquiryPath("release", True, row.reason_zh, row.reason_en, row.citations)
    if kind == "unit":
        row = profile.procedure("inquiry-other-unit")
        return InquiryPath("notification", False, row.reason_zh, row.reason_en, row.citations)
    if kind == "defence_lawyer":
        return InquiryPath("refusal", False, "辩护律师申请查询被封存的未成年人犯罪记录，不予提供",
                           "defence lawyers may not obtain sealed juvenile records",
                           ("《关于未成年人犯罪记录封存的实施办法》第十四条至第十七条 (Measures arts. 14-17)",))
    raise ValueError(f"unknown requester kind {kind!r}; known: {', '.join(REQUESTER_KINDS)}")


def may_approve_second(operator: str, reviewer: str | None) -> bool:
    """The statutory path's two-person rule: a reviewer account, not the operator's own."""
    return bool(reviewer) and reviewer != operator
