"""The sealing notice (未成年人犯罪记录封存通知书), from a template, as sealed material.

The text lives in `templates/sealing_notice.txt.j2` so a court can adapt the
wording without touching code. A notice names the person, so it is sealed
exactly like the dossier (redaction.sealed.seal_pdf): seal, watermark, AES-256.
Facts the record lacks are written as 卷内未载明 ("not stated in the file"),
never filled in.
"""
from __future__ import annotations

import io
from pathlib import Path

import jinja2
import pikepdf
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from core.keys import MasterKey
from models.record import DecisionRecord, Person
from redaction import marks
from redaction.sealed import SealConfig, written_date, seal_pdf, short_id

TEMPLATE = "sealing_notice.txt"
UNKNOWN = "卷内未载明"
GENDERS = {"male": "男", "female": "女"}
MARGIN = 72.0
SEAL_SPACE = 110.0   # the seal stamp takes the top right of the first page
BODY_SIZE, TITLE_SIZE, LEADING = 12.0, 20.0, 22.0

templates = jinja2.Environment(
    loader=jinja2.PackageLoader("redaction", "templates"), autoescape=False,
    undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False,
)


def notice_text(record: DecisionRecord, person: Person, config: SealConfig) -> str:
    decision = person.decision
    return templates.get_template(TEMPLATE).render(
        notice_number=f"封字第{short_id(record.dossier_id)}-{person.person_id}号",
        name=person.name,
        gender=GENDERS.get(person.gender or "", UNKNOWN),
        birth_date=written_date(person.birth_date) if person.birth_date else UNKNOWN,
        id_number=person.id_number or UNKNOWN,
        case_numbers="、".join(record.case.case_numbers) or UNKNOWN,
        court=record.case.court or UNKNOWN,
        charges="、".join(person.charges) or UNKNOWN,
        concluded_on=written_date(record.case.concluded_on) if record.case.concluded_on else UNKNOWN,
        rules="、".join(decision.rules) if decision else UNKNOWN,
        citations="；".join(decision.citations) if decision else "",
        jurisdiction=config.jurisdiction,
        authority=config.authority,
        sealed_on=written_date(config.sealed_on),
    )


def write_sealing_notice(record: DecisionRecord, person_id: str, out: Path, config: SealConfig,
                         master_key: MasterKey) -> Path:
    """Write the sealed notice for one person whose decided outcome is seal."""
    person = next((p for p in record.persons if p.person_id == person_id), None)
    if person is None or person.decision is None or person.decision.outcome != "seal":
        raise ValueError(f"{short_id(record.dossier_id)}: no sealing notice for {person_id}: "
                         "its decided outcome is not seal")
    pdf = pikepdf.open(io.BytesIO(render_pdf(notice_text(record, person, config))))
    seal_pdf(pdf, out, master_key, config, dossier_id=record.dossier_id,
             context=f"sealed-pdf:{record.dossier_id}:notice:{person_id}")
    return out


def render_pdf(text: str) -> bytes:
    """Lay the template's lines out on A4: '# ' title centred, '> ' right-aligned, the rest wrapped."""
    font = marks.cjk_font()
    width, height = A4
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    y = height - MARGIN - SEAL_SPACE - TITLE_SIZE

    def advance(step: float) -> float:
        nonlocal y
        if y - step < MARGIN:
            canvas.showPage()
            y = height - MARGIN
        y -= step
        return y

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("# "):
            canvas.setFont(font, TITLE_SIZE)
            canvas.drawCentredString(width / 2, y, line[2:])
            advance(LEADING * 1.6)
        elif line.startswith("> "):
            canvas.setFont(font, BODY_SIZE)
            canvas.drawRightString(width - MARGIN, y, line[2:])
            advance(LEADING)
        else:
            for i, chunk in enumerate(_wrap(line, font, width - 2 * MARGIN, indent=2 * BODY_SIZE)):
                canvas.setFont(font, BODY_SIZE)
                canvas.drawString(MARGIN + (2 * BODY_SIZE if i == 0 else 0), y, chunk)
                advance(LEADING)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _wrap(text: str, font: str, width: float, indent: float) -> list[str]:
    lines, current, limit = [], "", width - indent
    for ch in text:
        if pdfmetrics.stringWidth(current + ch, font, BODY_SIZE) > limit:
            lines.append(current)
            current, limit = "", width
        current += ch
    if current:
        lines.append(current)
    return lines
