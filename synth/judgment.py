"""Printing a real judgment's text the way a court prints it, and scanning it.

The text is the published judgment as given (nothing added, nothing reworded):
its paragraphs are laid out in the national court layout (synth.render.COURT)
in a chosen typeface — court name and title centred, the case number right,
the signature block right-aligned with the court's red seal over the date —
and written as a text-layer PDF and/or scanned the way synth scans dossiers.
This is how the labelled real set (tests/resources/real-judgments) is scored as
text layer and as scans (`fengcun eval --real-set`).
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from pathlib import Path

from core.atomic import write_atomic
from synth.documents import Block
from synth.render import COURT, DEFAULT_TYPEFACE, layout, page_texts, typeface, write_pdf
from synth.scan import DPIS, ScanLook, image_pdf, scan

COURT_NAME = re.compile(r"^\S{2,24}人民法院$")
TITLE = re.compile(r"^\S{0,40}(判决书|裁定书)(之[一二三四五六七八九十])?$")
CASE_NUMBER = re.compile(r"^[（(]\d{4}[）)]\S{2,30}号$")
SIGNATORY = re.compile(r"^(审\s*判\s*长|审\s*判\s*员|代理审判员|助理审判员|人民陪审员|陪\s*审\s*员|法官助理|"
                       r"书\s*记\s*员|代理书记员|代书记员|速\s*录\s*员)")
CN_DATE = re.compile(r"^[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日$")


@dataclass
class PrintedJudgment:
    """A judgment as synth.render lays it out (synth.render.Printable)."""
    blocks: list[Block]
    seal_text: str | None


# The headings that open a judgment's findings (经审理查明：, 公诉机关指控：, 原审判决认定…): a scan
# whose OCR lost them is printed from a text without them (`fengcun eval --lose-headings`).
FINDINGS_HEADINGS = re.compile(
    r"经(?:本院)?(?:公开)?审理(?:，?本院)?查明[：:，,]?|本院(?:审理)?查明[：:，,]?|(?:公诉机关|检察院)指控[：:，,]?"
    r"|原审判决认定[：:，,]?|原判认定[：:，,]?"
)


def without_findings_headings(text: str) -> str:
    """The judgment as an OCR that lost every heading of its findings would read it."""
    return FINDINGS_HEADINGS.sub("", text)


def paragraphs(text: str) -> list[str]:
    """The judgment's paragraphs: its lines, or, in a one-line export (the JuDGE texts), the
    runs between spaces, which is where that export put its paragraph breaks."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > 3:
        return lines
    return [part for line in lines for part in line.split()]


def judgment_document(text: str) -> PrintedJudgment:
    """Blocks in court style; the seal goes over the signature date."""
    blocks: list[Block] = []
    court = None
    sealed = False
    for para in paragraphs(text):
        short = len(para) <= 40
        if short and COURT_NAME.match(para) and not blocks[1:]:
            court = court or para
            blocks.append(("court", para))
        elif short and TITLE.match(para) and len(blocks) < 3:
            blocks.append(("title", para))
        elif short and CASE_NUMBER.match(para) and len(blocks) < 4:
            blocks.append(("number", para))
        elif len(para) <= 24 and (SIGNATORY.match(para) or CN_DATE.match(para)):
            if not any(style == "sign" for style, _ in blocks):
                blocks.append(("gap", ""))
            blocks.append(("sign", para))
            if CN_DATE.match(para) and not sealed:
                blocks.append(("seal", ""))
                sealed = True
        else:
            blocks.append(("para", para))
    return PrintedJudgment(blocks, court or "人民法院")


def render_judgment(text: str, out: Path, stem: str, face: str = DEFAULT_TYPEFACE, *, text_layer: bool = True,
                    scan_dpi: int | None = None, look: ScanLook | None = None) -> list[Path]:
    """Write OUT/STEM.pdf (text layer; only in a typeface a PDF can embed) and, with
    `scan_dpi`, OUT/STEM.scan.pdf, and returns them; a scan without its text-layer twin
    also gets OUT/STEM.txt, the printed text page by page, the ground truth `fengcun ocr-eval`
    reads. The scanner's draws come from the stem, so the same judgment is scanned the same
    way in every run."""
    if scan_dpi is not None and scan_dpi not in DPIS:
        raise ValueError(f"scan_dpi must be one of {', '.join(map(str, DPIS))}")
    embeddable = typeface(face).embeddable
    if text_layer and not embeddable:
        raise ValueError(f"typeface {face} cannot be embedded in a text-layer PDF; scan it instead")
    pages, _ = layout([judgment_document(text)], [], face, COURT)
    pdf = write_pdf(pages, title="judgment") if embeddable else None
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if text_layer and pdf is not None:
        written.append(out / f"{stem}.pdf")
        write_atomic(written[-1], pdf, mode=0o644)
    if scan_dpi is not None:
        seed = zlib.crc32(stem.encode())
        data = image_pdf(scan(pdf, pages, seed, False, scan_dpi, look), seed)
        written.append(out / f"{stem}.scan.pdf")
        write_atomic(written[-1], data, mode=0o644)
        if len(written) == 1:    # no text-layer twin: the printed text is the OCR ground truth
            write_atomic(out / f"{stem}.txt", page_texts(pages).encode("utf-8"), mode=0o644)
    return written
