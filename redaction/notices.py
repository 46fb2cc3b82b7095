"""The sealing notice (未成年人犯罪记录封存通知书), from a template, as sealed material.

The text lives in `templates/sealing_notice.txt` so a court can adapt the
wording without touching code. It is written in the wording of a court document:
the document number is the court's case number (案号) from the file, the legal
basis names the laws in Chinese (the rule table's English glosses and internal
rule ids stay out), and the charge is the person's 罪名 as the file states it or,
failing that, the 案由 on the file's cover. A notice names the person, so it is
sealed exactly like the dossier (redaction.sealed.seal_pdf): seal, watermark,
AES-256. Facts the file lacks are written as 卷内未载明 ("not stated in the
file"), never filled in.
"""
from __future__ import annotations

import io
import re
from collections.abc import Sequence
from pathlib import Path

import jinja2
import pikepdf
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from core.keys import MasterKey
from extractors.text import PageText
from models.record import DecisionRecord, Person
from redaction import marks
from redaction.sealed import SealConfig, written_date, seal_pdf, short_id

TEMPLATE = "sealing_notice.txt"
UNKNOWN = "卷内未载明"
GENDERS = {"male": "男", "female": "女"}
CPL = "《中华人民共和国刑事诉讼法》"
MEASURES = "《关于未成年人犯罪记录封存的实施办法》"
CJK = re.compile(r"[\u4e00-\u9fff]")
GLOSS = re.compile(r"\s*[(（][^()（）]*[)）]\s*$")   # a trailing "(Measures art. 4)": dropped when it has no Chinese
INSTRUMENT = re.compile(r"^(《[^》]+》)(.*)$")
COVER_CAUSE = re.compile(r"案由\s*[：:]\s*(\S.*?)\s*$")
DECIDING_KINDS = ("judgment", "appeal_judgment", "retrial_judgment", "non_prosecution_decision",
                  "conditional_non_prosecution_decision")
MARGIN = 72.0
SEAL_SPACE = 110.0   # the seal stamp takes the top right of the first page
BODY_SIZE, TITLE_SIZE, LEADING = 12.0, 20.0, 22.0

templates = jinja2.Environment(
    loader=jinja2.PackageLoader("redaction", "templates"), autoescape=False,
    undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False,
)


def notice_text(record: DecisionRecord, person: Person, config: SealConfig,
                cover_cause: str | None = None) -> str:
    """The notice's text for `person`; `cover_cause` is the 案由 on the file's cover
    (`cover_cause(pages, record)`), used only when the file states no 罪名 of the person."""
    decision = person.decision
    charges = "、".join(dict.fromkeys(person.charges))
    return templates.get_template(TEMPLATE).render(
        notice_number=document_number(record),
        name=person.name,
        gender=GENDERS.get(person.gender or "", UNKNOWN),
        birth_date=written_date(person.birth_date) if person.birth_date else UNKNOWN,
        id_number=person.id_number or UNKNOWN,
        case_numbers="、".join(record.case.case_numbers) or UNKNOWN,
        court=record.case.court or UNKNOWN,
        charge_label="罪名" if charges or not cover_cause else "案由",
        charges=charges or cover_cause or UNKNOWN,
        concluded_on=written_date(record.case.concluded_on) if record.case.concluded_on else UNKNOWN,
        legal_basis=legal_basis(decision.citations if decision else ()),
        jurisdiction=config.jurisdiction,
        authority=config.authority,
        sealed_on=written_date(config.sealed_on),
    )


def document_number(record: DecisionRecord) -> str | None:
    """The notice's number: the case number (案号) of the judgment or decision that
    concluded the case (the latest one carrying a number), else the file's last case
    number; None when the file gives none (the notice then carries no number)."""
    deciding = [d for d in record.case.documents if d.kind in DECIDING_KINDS and d.case_number]
    if deciding:
        return max(deciding, key=lambda d: (d.issued_on is not None, d.issued_on, d.first_page)).case_number
    return record.case.case_numbers[-1] if record.case.case_numbers else None


def legal_basis(citations: Sequence[str]) -> str:
    """CPL art. 286 and the decision's citations as a court writes them: each law
    named once, its articles joined (《…实施办法》第三条、第七条、第二十三条); the rule
    table's English glosses dropped, a citation with no Chinese left out. The
    Measures are always named, by article where the decision cites one."""
    laws: dict[str, list[str]] = {CPL: ["第二百八十六条"], MEASURES: []}
    for citation in citations:
        gloss = GLOSS.search(citation)
        chinese = citation[:gloss.start()] if gloss and not CJK.search(gloss.group()) else citation
        chinese = chinese.strip()
        if not CJK.search(chinese):
            continue
        match = INSTRUMENT.match(chinese)
        law, article = (match.group(1), match.group(2).strip()) if match else (chinese, "")
        articles = laws.setdefault(law, [])
        for part in filter(None, article.split("、")):
            if part not in articles:
                articles.append(part)
    return "、".join(law + "、".join(articles) for law, articles in laws.items())


def cover_cause(pages: Sequence[PageText], record: DecisionRecord) -> str | None:
    """The 案由 written on the file's cover (the pages the record knows as its cover), or None."""
    cover_pages = {n for d in record.case.documents if d.kind == "cover"
                   for n in range(d.first_page, d.last_page + 1)}
    for page in pages:
        if page.number in cover_pages:
            for line in page.text.splitlines():
                match = COVER_CAUSE.search(line)
                if match:
                    return match.group(1)
    return None


def write_sealing_notice(record: DecisionRecord, person_id: str, out: Path, config: SealConfig,
                         master_key: MasterKey, pages: Sequence[PageText] = ()) -> Path:
    """Write the sealed notice for one person whose decided outcome is seal; `pages`
    (the dossier's page text) give the cover's 案由 where the file states no 罪名."""
    person = next((p for p in record.persons if p.person_id == person_id), None)
    if person is None or person.decision is None or person.decision.outcome != "seal":
        raise ValueError(f"{short_id(record.dossier_id)}: no sealing notice for {person_id}: "
                         "its decided outcome is not seal")
    text = notice_text(record, person, config, cover_cause(pages, record))
    pdf = pikepdf.open(io.BytesIO(render_pdf(text)))
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
