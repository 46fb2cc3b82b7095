"""Turning a text-layer dossier into what an archive scanner produces.

Pages are rasterised (pypdfium2) at 200 or 300 dpi, then degraded the way old
photocopied paper is: slight skew, speckle noise, blur, yellowing, JPEG
artefacts, an extra red stamp over the text, the previous page bleeding
through, binder holes, now and then a page fed upside down. The result
is an image-only PDF (one JPEG per page, no text, no fonts) or a multi-page
TIFF whose every page carries its dpi. Each page's dpi, rotation and skew go
into the truth so OCR orientation and scale can be checked.

A `ScanLook` adds what other archives' scanners and paper do: greyscale
files, and paper yellowed unevenly with age. Pages in a typeface a PDF cannot
embed are drawn straight to pixels (`synth.render.draw_page`).
"""
from __future__ import annotations

import io
import random
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import pikepdf
import pypdfium2 as pdfium
from PIL import Image, ImageDraw

from synth.render import Page, draw_page, seal_image

DPIS = (200, 300)
COLOURS = ("colour", "grey")
PAPERS = ("white", "yellowed")
cv2.setNumThreads(1)   # the generator parallelises by dossier; OpenCV's own threads would fight


@dataclass(frozen=True)
class ScanLook:
    """The scanner's colour mode and the paper's age, beyond the default degradation."""
    colour: str = "colour"    # colour, or grey: 8-bit greyscale files, as many archive scanners store
    paper: str = "white"      # white, or yellowed: a warm, uneven tint of aged paper

    def __post_init__(self) -> None:
        if self.colour not in COLOURS or self.paper not in PAPERS:
            raise ValueError(f"scan colour must be one of {', '.join(COLOURS)} and paper one of {', '.join(PAPERS)}")


@dataclass(frozen=True)
class ScannedPage:
    image: Image.Image
    dpi: int
    rotation: int         # 0 or 180: how the page lies in the file (OCR must turn it back)
    skew: float           # degrees, counter-clockwise
    blank: bool
    stamp: bool
    marks: tuple[str, ...] = ()   # other artefacts: "bleed_through", "punch_holes"
    look: ScanLook | None = None

    def describe(self, number: int) -> dict[str, Any]:
        out = {"page": number, "dpi": self.dpi, "rotation": self.rotation, "skew": round(self.skew, 2),
               "blank": self.blank, "stamp": self.stamp, "marks": list(self.marks)}
        if self.look is not None:
            out.update(colour=self.look.colour, paper=self.look.paper)
        return out


def _age(img: Image.Image, look: ScanLook, rng: random.Random) -> Image.Image:
    """Yellowed paper (a warm tint, darker in broad uneven patches) and greyscale files."""
    if look.paper == "yellowed":
        arr = np.asarray(img, dtype=np.float32)
        h, w = arr.shape[:2]
        tint = np.array([rng.uniform(0.93, 0.97), rng.uniform(0.86, 0.92), rng.uniform(0.68, 0.78)], np.float32)
        grid = np.array([[rng.uniform(0.9, 1.0) for _ in range(6)] for _ in range(8)], np.float32)
        patches = cv2.resize(grid, (w, h), interpolation=cv2.INTER_CUBIC)[..., None]
        arr = arr * tint * patches
        img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")
    return img.convert("L") if look.colour == "grey" else img


def _bleed_through(img: Image.Image, verso: Image.Image) -> Image.Image:
    """The back of the sheet showing faintly through thin paper (mirrored, about 7 % as dark)."""
    back = np.asarray(verso.transpose(Image.Transpose.FLIP_LEFT_RIGHT).resize(img.size), dtype=np.float32)
    faint = (255.0 - (255.0 - back) * 0.07).astype(np.uint8)
    return Image.fromarray(np.minimum(np.asarray(img), faint), "RGB")


def _punch_holes(img: Image.Image, rng: random.Random) -> Image.Image:
    """Two binder holes in the left margin, dark where the scanner lid shows through."""
    out = img.copy()
    draw = ImageDraw.Draw(out)
    r = img.width * 0.013
    x = img.width * rng.uniform(0.03, 0.05)
    for fy in (0.36, 0.64):
        y = img.height * fy
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(58, 58, 62))
    return out


def _degrade(img: Image.Image, rng: random.Random, noise: np.random.Generator, dpi: int,
             page: Page, stamp: bool) -> tuple[Image.Image, float, bool]:
    stamped = False
    if stamp and page.organisation and page.lines:
        # a second impression of the issuer's seal, over a line of text (as clerks stamp)
        seal = seal_image(page.organisation, px=int(dpi * 1.5))
        seal = seal.rotate(rng.uniform(-25, 25), resample=Image.Resampling.BICUBIC)
        line = rng.choice(page.lines)
        scale = dpi / 72
        x = int((line.x + rng.uniform(0, 200)) * scale - seal.width / 2)
        y = int(line.baseline * scale - seal.height / 2)
        x = min(max(x, 0), img.width - seal.width)
        y = min(max(y, 0), img.height - seal.height)
        base = img.convert("RGBA")
        base.alpha_composite(seal, (x, y))
        img = base.convert("RGB")
        stamped = True
    skew = round(rng.uniform(-3.0, 3.0), 2) if rng.random() < 0.85 else 0.0
    arr = np.asarray(img)
    h, w = arr.shape[:2]
    if skew:
        turn = cv2.getRotationMatrix2D((w / 2, h / 2), skew, 1.0)
        arr = cv2.warpAffine(arr, turn, (w, h), flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255))
    arr = cv2.GaussianBlur(arr, (0, 0), rng.uniform(0.35, 0.9) * dpi / 300)
    yellowing = (rng.randint(0, 6), rng.randint(2, 8), rng.randint(6, 18), 0)
    arr = cv2.subtract(arr, yellowing)  # type: ignore[call-overload]  # a scalar is fine at runtime
    grain = np.empty((h, w), np.int16)
    cv2.setRNGSeed(int(noise.integers(0, 2**31 - 1)))
    cv2.randn(grain, 0, rng.uniform(4.0, 12.0))  # type: ignore[call-overload]
    grained = arr.astype(np.int16)
    grained += grain[..., None]
    arr = cv2.convertScaleAbs(grained)   # saturates at 255; the few values below 0 are near-black anyway
    specks = noise.integers(0, h * w, size=int(h * w * rng.uniform(0.0002, 0.0015)))
    arr.reshape(-1, 3)[specks] = noise.integers(0, 90, size=(len(specks), 1), dtype=np.uint8)
    img = Image.fromarray(arr, "RGB")
    return img, skew, stamped


def scan(pdf_bytes: bytes | None, pages: list[Page], seed: int, tiff: bool, fixed_dpi: int | None = None,
         look: ScanLook | None = None) -> list[ScannedPage]:
    """Scanned images of every page of the text-layer PDF, deterministic for a seed.
    A TIFF file uses one dpi throughout (one scanner run); a PDF may mix 200 and 300 dpi,
    unless `fixed_dpi` sets one for every page (the scanner draws stay the same).
    Without a PDF (`pdf_bytes` None: a typeface no PDF can embed) the pages are drawn."""
    rng = random.Random(seed)
    noise = np.random.default_rng(seed)
    aging = random.Random(seed * 17 + 3)   # its own draws: a look leaves the other artefacts as they were
    doc = pdfium.PdfDocument(pdf_bytes) if pdf_bytes is not None else None
    file_dpi = rng.choice(DPIS)
    out: list[ScannedPage] = []
    verso: Image.Image | None = None
    try:
        for index, page in enumerate(pages):
            drawn = file_dpi if tiff or rng.random() < 0.8 else rng.choice(DPIS)
            dpi = fixed_dpi or drawn
            clean = doc[index].render(scale=dpi / 72).to_pil().convert("RGB") if doc is not None \
                else draw_page(page, index + 1, dpi)
            img = clean
            marks: list[str] = []
            if verso is not None and not page.blank and rng.random() < 0.12:
                img = _bleed_through(img, verso)
                marks.append("bleed_through")
            if rng.random() < 0.15:
                img = _punch_holes(img, rng)
                marks.append("punch_holes")
            verso = clean
            img, skew, stamped = _degrade(img, rng, noise, dpi, page, rng.random() < 0.2)
            rotation = 180 if not page.blank and rng.random() < 0.06 else 0
            if rotation:
                img = img.rotate(180)
            if look is not None:
                img = _age(img, look, aging)
            out.append(ScannedPage(img, dpi, rotation, skew, page.blank, stamped, tuple(marks), look))
    finally:
        if doc is not None:
            doc.close()
    return out


def _jpeg(img: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, optimize=False)
    return buf.getvalue()


def image_pdf(scanned: list[ScannedPage], seed: int) -> bytes:
    """An image-only PDF: each page one JPEG drawn over its physical size, nothing else."""
    rng = random.Random(seed + 1)
    pdf = pikepdf.new()
    for page in scanned:
        w, h = page.image.size
        data = _jpeg(page.image, rng.randint(55, 85))
        image = pikepdf.Stream(pdf, data)
        image.Type = pikepdf.Name.XObject
        image.Subtype = pikepdf.Name.Image
        image.Width, image.Height = w, h
        image.ColorSpace = pikepdf.Name.DeviceGray if page.image.mode == "L" else pikepdf.Name.DeviceRGB
        image.BitsPerComponent = 8
        image.Filter = pikepdf.Name.DCTDecode
        pw, ph = round(w * 72 / page.dpi, 3), round(h * 72 / page.dpi, 3)
        content = pdf.make_stream(f"q {pw} 0 0 {ph} 0 0 cm /Im0 Do Q".encode())
        pdf.pages.append(pikepdf.Page(pikepdf.Dictionary(
            Type=pikepdf.Name.Page, MediaBox=[0, 0, pw, ph], Contents=content,
            Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image)))))
    buf = io.BytesIO()
    pdf.save(buf, deterministic_id=True, compress_streams=False)
    return buf.getvalue()


def multipage_tiff(scanned: list[ScannedPage], seed: int) -> bytes:
    """A multi-page TIFF, JPEG-compressed, every page tagged with its dpi."""
    rng = random.Random(seed + 2)
    first, *rest = [p.image for p in scanned]
    buf = io.BytesIO()
    dpi = scanned[0].dpi
    first.save(buf, "TIFF", save_all=True, append_images=rest, compression="jpeg",
               quality=rng.randint(60, 85), dpi=(dpi, dpi))
    return buf.getvalue()

