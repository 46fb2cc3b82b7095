"""A report as a printable, encrypted PDF (the sealing register 封存登记表 that an archivist
signs): a landscape table in the CJK font, every page headed with the title and numbered,
encrypted with a password (AES-256, R6; printing allowed, copying and changes denied).
The plaintext exists only in memory, and the file is read back with its password before
it is handed on.
"""
from __future__ import annotations

import io
import secrets
from collections.abc import Sequence
from typing import Any

import pikepdf
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from redaction import marks
from redaction.sealed import SEALED_PERMISSIONS


def table_pdf(title: str, header: Sequence[str], rows: Sequence[Sequence[Any]], password: str,
              footer: str = "") -> bytes:
    """`rows` under `header` as an encrypted PDF that opens with `password`."""
    font = marks.cjk_font()
    cell = ParagraphStyle("cell", fontName=font, fontSize=7, leading=9)
    head = ParagraphStyle("head", parent=cell, fontSize=7, leading=9, textColor=colors.white)
    heading = ParagraphStyle("title", fontName=font, fontSize=14, leading=18)

    def para(value: Any, style: ParagraphStyle) -> Paragraph:
        text = "" if value is None else str(value)
        return Paragraph(text.replace("&", "&amp;").replace("<", "&lt;"), style)

    data = [[para(h, head) for h in header]] + [[para(v, cell) for v in row] for row in rows]
    table = LongTable(data, repeatRows=1)
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#444444")),
        ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))

    def page_furniture(canvas: Any, doc: Any) -> None:
        canvas.setFont(font, 7)
        canvas.drawString(12 * mm, 8 * mm, footer)
        canvas.drawRightString(landscape(A4)[0] - 12 * mm, 8 * mm, f"第 {doc.page} 页")

    plain = io.BytesIO()
    doc = SimpleDocTemplate(plain, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=12 * mm, bottomMargin=14 * mm, title=title)
    doc.build([Paragraph(title, heading), Spacer(1, 4 * mm), table],
              onFirstPage=page_furniture, onLaterPages=page_furniture)
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(plain.getvalue())) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(owner=secrets.token_urlsafe(32), user=password, R=6,
                                                    aes=True, metadata=True, allow=SEALED_PERMISSIONS))
    data_out = out.getvalue()
    with pikepdf.open(io.BytesIO(data_out), password=password) as check:    # it opens, and only so
        if not check.is_encrypted or len(check.pages) < 1:
            raise RuntimeError("the report PDF did not come out encrypted; nothing was written")
    return data_out
