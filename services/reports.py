"""Reports a court or an archive asks for, as CSV or XLSX: the decision records one row
per person, a summary per court, and the sealing register (封存登记表).

Every row is ids, codes, counts and dates — never a name, an ID number, a birth date or
an address: spreadsheets are copied and mailed, so they carry what identifies a case
(dossier id, court, case number), not what identifies a minor. The full record is the
JSONL export. Writing any report is audited (action `report.written`, with its kind,
rows and SHA-256), like `fengcun export`.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archive import Store
from archive.records import FAILED, NOT_ELIGIBLE, REVIEW, SEALED
from core.atomic import write_atomic
from models.errors import UsageError
from redaction.reports import table_pdf
from services import sealing_due

FORMATS = ("csv", "xlsx")
PRINTABLE = "pdf"              # the register only: a printable, encrypted document
ORGANS = ("court", "procuratorate", "police", "community_corrections")
UNKNOWN_COURT = "（法院未识别）"


@dataclass(frozen=True)
class Report:
    """A table: a title (the sheet's name), column headings and rows of plain values;
    `labels` are the headings in Chinese for a printed copy."""
    kind: str
    title: str
    header: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    labels: tuple[str, ...] = ()


DISPOSITION_WORDS = {   # 刑种 as the printed register names them (models.record.DispositionKind)
    "fixed_term": "有期徒刑", "criminal_detention": "拘役", "public_surveillance": "管制", "fine_only": "单处罚金",
    "deprivation_of_political_rights": "单处剥夺政治权利", "exempt_from_punishment": "免予刑事处罚",
    "non_prosecution": "不起诉", "conditional_non_prosecution": "附条件不起诉", "acquittal": "无罪",
    "life_imprisonment": "无期徒刑", "death": "死刑"}
REGISTER_LABELS = ("卷宗编号", "法院", "案号", "人员", "刑种", "刑期（月）", "缓刑", "适用规则", "法院封存期限",
                   "检察院封存期限", "公安机关封存期限", "社区矫正机构封存期限", "封存日期", "逾期天数")


def decision_rows(store: Store) -> Report:
    """The decision records, one row per person: the decision and its grounds, no person data."""
    header = ("dossier_id", "state", "court", "case_number", "person_id", "role", "minor_at_offence",
              "disposition", "months", "suspended", "outcome", "rules", "citations", "due_date",
              "review_required")
    states = {r.dossier_id: r.state for r in store.records.rows()}
    rows = []
    for record in store.records.all():
        case_number = record.case.case_numbers[0] if record.case.case_numbers else ""
        for p in record.persons or [None]:
            d, disp = (p.decision, p.disposition) if p is not None else (None, None)
            rows.append((record.dossier_id, states.get(record.dossier_id, ""), record.case.court or "",
                         case_number, p.person_id if p else "", p.role if p else "",
                         "" if p is None or p.minor_at_offence is None else p.minor_at_offence,
                         disp.kind if disp else "", disp.months if disp and disp.months is not None else "",
                         disp.suspended if disp else "", d.outcome if d else "", " ".join(d.rules) if d else "",
                         "; ".join(d.citations) if d else "", _iso(d.due_date if d else None),
                         record.review.required))
    return Report("records", "decision records", header, rows)


def court_summary(store: Store, today: dt.date | None = None) -> Report:
    """Per court: dossiers by state, persons sealed, sealings overdue now and sealed late."""
    today = today or dt.date.today()
    court_of: dict[str, str] = {}
    sealed_persons: Counter[str] = Counter()
    for record in store.records.all():
        court = record.case.court or UNKNOWN_COURT
        court_of[record.dossier_id] = court
        sealed_persons[court] += sum(1 for p in record.persons if p.decision and p.decision.outcome == "seal")
    by_court: dict[str, Counter[str]] = defaultdict(Counter)
    for row in store.records.rows():
        by_court[court_of.get(row.dossier_id, UNKNOWN_COURT)][row.state] += 1
    for entry in sealing_due.overdue(store, today):
        by_court[court_of.get(entry.dossier_id, UNKNOWN_COURT)]["overdue"] += 1
    for entry in store.records.sealed_late():
        by_court[court_of.get(entry.dossier_id, UNKNOWN_COURT)]["sealed_late"] += 1
    header = ("court", "dossiers", "sealed", "not_eligible", "waiting_for_review", "quarantined",
              "persons_sealed", "overdue_now", "sealed_late")
    rows = []
    for court in sorted(by_court):
        c = by_court[court]
        total = sum(c[s] for s in c if s not in ("overdue", "sealed_late"))
        rows.append((court, total, c[SEALED], c[NOT_ELIGIBLE], c[REVIEW], c[FAILED], sealed_persons[court],
                     c["overdue"], c["sealed_late"]))
    return Report("court", "per-court summary", header, rows)


def sealing_register(store: Store) -> Report:
    """封存登记表: one row per sealed person — dossier, court, case number, outcome, rules, the
    due date of each organ, the day it was sealed and how many days late."""
    sealed_on = {r.dossier_id: dt.datetime.fromisoformat(r.processed_at).date()
                 for r in store.records.rows() if r.state == SEALED and r.processed_at}
    header = ("dossier_id", "court", "case_number", "person_id", "disposition", "months", "suspended",
              "rules", *(f"due_{organ}" for organ in ORGANS), "sealed_on", "days_late")
    rows = []
    for record in store.records.all(states=(SEALED,)):
        on = sealed_on.get(record.dossier_id)
        for p in record.persons:
            if p.decision is None or p.decision.outcome != "seal":
                continue
            due = dict(p.decision.due_by_organ)
            disp = p.disposition
            first = p.decision.due_date
            late = (on - first).days if on and first and on > first else 0
            rows.append((record.dossier_id, record.case.court or "",
                         record.case.case_numbers[0] if record.case.case_numbers else "", p.person_id,
                         disp.kind if disp else "", disp.months if disp and disp.months is not None else "",
                         disp.suspended if disp else "", " ".join(p.decision.rules),
                         *(_iso(due.get(organ)) for organ in ORGANS), _iso(on), late))
    return Report("register", "sealing register 封存登记表", header, rows, REGISTER_LABELS)


def render(report: Report, fmt: str, password: str | None = None) -> bytes:
    """The report as CSV (UTF-8 with a BOM, which spreadsheet programs need to read Chinese),
    as an XLSX workbook of one sheet, or (with its Chinese labels) as a PDF encrypted with
    `password`."""
    if fmt == PRINTABLE:
        if not report.labels or not password:
            raise UsageError("only the register is printed as a PDF, and only with a password")
        # the short id, as printed elsewhere; 刑种 and 缓刑 in words
        rows = [(row[0][:12], *row[1:4], DISPOSITION_WORDS.get(row[4], row[4]), row[5],
                 {True: "是", False: "否"}.get(row[6], row[6]), *row[7:]) for row in report.rows]
        return table_pdf(f"未成年人犯罪记录封存登记表（{dt.date.today().isoformat()}）", report.labels, rows,
                         password, footer="封存材料，不得复制、外传")
    if fmt == "csv":
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(report.header)
        writer.writerows(report.rows)
        return text.getvalue().encode("utf-8-sig")
    if fmt == "xlsx":
        from openpyxl import Workbook
        book = Workbook()
        sheet = book.active
        sheet.title = report.kind
        sheet.append(list(report.header))
        for row in report.rows:
            sheet.append(list(row))
        sheet.freeze_panes = "A2"
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    raise UsageError(f"a report is written as {' or '.join(FORMATS)}, not {fmt}")


def audited(store: Store, report: Report, fmt: str, actor: str, destination: str, *,
            action: str = "report.written", password: str | None = None) -> bytes:
    """`report` rendered, its writing recorded in the audit log (who, what, how many rows,
    the bytes' SHA-256) before the bytes leave."""
    data = render(report, fmt, password)
    store.audit.append(actor, action, None, report=report.kind, format=fmt, rows=len(report.rows),
                       destination=destination, sha256=hashlib.sha256(data).hexdigest())
    return data


def write(store: Store, report: Report, fmt: str, out: Path, actor: str, password: str | None = None) -> int:
    """Write `report` to `out` atomically and audit it; returns the number of rows."""
    write_atomic(out, audited(store, report, fmt, actor, "file", password=password))
    return len(report.rows)


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""

