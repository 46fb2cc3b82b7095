"""Rebuild the page fixtures in tests/resources from real judgments (deterministic).

    .venv/bin/python tests/resources/make_pages.py
    .venv/bin/python tests/resources/make_pages.py --corpus OUT [CASE ...]   # OCR measurement set

With --corpus, whole real judgments become OUT/case_NNN.pdf (text layer, A4)
and OUT/case_NNN.scan.pdf (300 dpi, skewed, noisy, JPEG pages), the pairs
`fengcun ocr-eval --pages OUT` measures.

Every fixture is a real file made the way archives make them: reportlab draws
a born-digital page (WQY Zen Hei embedded), pypdfium2 rasterises it, and the
raster is degraded like a scanner would (skew, noise, blur, JPEG, bilevel
TIFF G4, red seal, upside down). The text of each page is written next to it
as the ground truth (`*.txt`, one line per printed line).
"""
from __future__ import annotations

import io
import random
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter
from reportlab.lib.pagesizes import A5
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

HERE = Path(__file__).parent
CORPUS = Path("/work/shared/corpus/real-judgments")
FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
WIDTH, HEIGHT = A5                  # 419.5 × 595.3 points
MARGIN, SIZE, LEADING, PER_LINE = 40, 12, 22, 26
SKEW = 2.0                          # degrees, counter-clockwise, of the skewed scan

pdfmetrics.registerFont(TTFont("zh", FONT, subfontIndex=0))


def judgment_lines(case: str, count: int, skip: int = 0) -> list[str]:
    text = "".join((CORPUS / f"{case}.txt").read_text(encoding="utf-8").split())
    return [text[i:i + PER_LINE] for i in range(skip * PER_LINE, (skip + count) * PER_LINE, PER_LINE)]


def line_origin(i: int) -> tuple[float, float]:
    """Baseline origin of printed line i (reportlab's bottom-left coordinates)."""
    return MARGIN, HEIGHT - MARGIN - SIZE - i * LEADING


def draw_lines(c: canvas.Canvas, lines: list[str], order: list[int] | None = None, mode: int = 0) -> None:
    c.setFillColorRGB(0, 0, 0)
    for i in order if order is not None else range(len(lines)):
        x, y = line_origin(i)
        t = c.beginText(x, y)
        t.setFont("zh", SIZE)
        t.setTextRenderMode(mode)
        t.textOut(lines[i])
        c.drawText(t)


def text_pdf(lines: list[str], order: list[int] | None = None, seal: bool = False) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A5, invariant=1)
    if seal:   # seal ink lies on the paper first: black toner over it stays black, as on a stamped page
        c.setStrokeColorRGB(0.85, 0.1, 0.12)
        c.setFillColorRGB(0.85, 0.1, 0.12)
        c.setLineWidth(3)
        c.circle(WIDTH - 130, HEIGHT - 150, 62, stroke=1, fill=0)
        c.setFont("zh", 15)
        c.drawCentredString(WIDTH - 130, HEIGHT - 140, "某某市人民法院")
        c.drawCentredString(WIDTH - 130, HEIGHT - 168, "★ 刑事审判庭")
    draw_lines(c, lines, order)
    c.showPage()
    c.save()
    return buf.getvalue()


def rasterise(pdf: bytes, dpi: int, mode: str = "L") -> Image.Image:
    page = pdfium.PdfDocument(pdf)[0]
    return page.render(scale=dpi / 72).to_pil().convert(mode)


def degrade(img: Image.Image, seed: int, skew: float = 0.0) -> Image.Image:
    """Scanner-like: a turn of `skew` degrees, blur, speckle noise."""
    rng = np.random.default_rng(seed)
    if skew:
        img = img.rotate(skew, resample=Image.BICUBIC, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(0.7))
    arr = np.asarray(img, dtype=np.float32) + rng.normal(0, 8, (img.height, img.width))
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def dust(width: int, height: int, seed: int) -> Image.Image:
    """A blank separator page: paper grey, a few specks of dust."""
    rng = np.random.default_rng(seed)
    arr = np.full((height, width), 246, np.uint8) + rng.integers(0, 8, (height, width), dtype=np.uint8)
    for _ in range(30):
        y, x = rng.integers(0, height - 2), rng.integers(0, width - 2)
        arr[y:y + 2, x:x + 2] = 40
    return Image.fromarray(arr)


def jpeg(img: Image.Image, quality: int = 70) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def write_truth(name: str, lines: list[str]) -> None:
    (HERE / f"{name}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    # 1. Born-digital judgment, lines drawn in scrambled order (reading order must come from position).
    lines = judgment_lines("case_001", 14)
    order = list(range(len(lines)))
    random.Random(3).shuffle(order)
    born = text_pdf(lines, order)
    (HERE / "judgment.pdf").write_bytes(born)
    write_truth("judgment", lines)

    # 2. The same page scanned: 300 dpi, skewed, noisy, JPEG.
    degrade(rasterise(born, 300), seed=1, skew=SKEW).save(HERE / "judgment_skewed.jpg", "JPEG", quality=70, dpi=(300, 300))

    # 3. A red court seal over text, 200 dpi colour PNG.
    seal_lines = judgment_lines("case_002", 12)
    rasterise(text_pdf(seal_lines, seal=True), 200, "RGB").save(HERE / "seal.png", dpi=(200, 200), optimize=True)
    write_truth("seal", seal_lines)

    # 4. Multi-page bilevel TIFF (G4), 300 dpi: text, blank separator, and the judgment page
    #    upside down (its boxes must come back to where the text layer's are, turned 180°).
    tiff_lines = judgment_lines("case_003", 10)
    frames = [
        rasterise(text_pdf(tiff_lines), 300).point(lambda v: 255 if v > 150 else 0).convert("1"),
        dust(*rasterise(text_pdf([]), 300).size, seed=2).point(lambda v: 255 if v > 150 else 0).convert("1"),
        rasterise(text_pdf(lines), 300).rotate(180).point(lambda v: 255 if v > 150 else 0).convert("1"),
    ]
    frames[0].save(HERE / "dossier.tif", save_all=True, append_images=frames[1:], compression="group4", dpi=(300, 300))
    write_truth("dossier_p1", tiff_lines)

    # 5. Mixed PDF: born-digital page, image-only scan, scan under a garbage text layer, blank scan.
    scan_lines = judgment_lines("case_005", 10)
    garbage_lines = judgment_lines("case_006", 10)
    pool = "".join(judgment_lines("case_007", 20))
    rng = random.Random(5)
    wrong = ["".join(rng.choice(pool) for _ in range(PER_LINE)) for _ in range(10)]
    c = canvas.Canvas(str(HERE / "mixed.pdf"), pagesize=A5, invariant=1)
    draw_lines(c, lines)
    c.showPage()
    for page_lines, layer in ((scan_lines, None), (garbage_lines, wrong)):
        scan = degrade(rasterise(text_pdf(page_lines), 200), seed=len(page_lines[0]))
        c.drawImage(ImageReader(io.BytesIO(jpeg(scan))), 0, 0, WIDTH, HEIGHT)
        if layer:
            draw_lines(c, layer, mode=3)     # invisible, like an earlier OCR tool's layer
        c.showPage()
    c.drawImage(ImageReader(io.BytesIO(jpeg(dust(1166, 1654, seed=4)))), 0, 0, WIDTH, HEIGHT)
    c.showPage()
    c.save()
    write_truth("mixed_p2", scan_lines)
    write_truth("mixed_p3", garbage_lines)


def corpus_scans(out: Path, cases: list[str]) -> None:
    from reportlab.lib.pagesizes import A4

    out.mkdir(parents=True, exist_ok=True)
    per_line, per_page = 36, 34
    for n, case in enumerate(cases):
        text = "".join((CORPUS / f"{case}.txt").read_text(encoding="utf-8").split())
        rows = [text[i:i + per_line] for i in range(0, len(text), per_line)]
        c = canvas.Canvas(str(out / f"{case}.pdf"), pagesize=A4, invariant=1)
        for start in range(0, len(rows), per_page):
            for i, row in enumerate(rows[start:start + per_page]):
                c.setFont("zh", 12)
                c.drawString(60, A4[1] - 70 - i * 22, row)
            c.showPage()
        c.save()
        scan = canvas.Canvas(str(out / f"{case}.scan.pdf"), pagesize=A4, invariant=1)
        born = pdfium.PdfDocument(str(out / f"{case}.pdf"))
        for index in range(len(born)):
            page = born[index].render(scale=300 / 72).to_pil().convert("L")
            skew = random.Random(n * 100 + index).uniform(-2.0, 2.0)
            scan.drawImage(ImageReader(io.BytesIO(jpeg(degrade(page, seed=n * 100 + index, skew=skew)))),
                           0, 0, A4[0], A4[1])
            scan.showPage()
        scan.save()


if __name__ == "__main__":
    import sys

    if len(sys.argv) > 2 and sys.argv[1] == "--corpus":
        corpus_scans(Path(sys.argv[2]), sys.argv[3:] or ["case_001", "case_010", "case_020"])
    else:
        main()
