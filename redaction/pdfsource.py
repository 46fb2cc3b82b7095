"""Opening a dossier as a PDF, whatever it was scanned to.

Archives hold multi-page PDFs and multi-frame TIFFs (and the odd JPEG/PNG).
Every output is a PDF, so an image input becomes one PDF page per frame, sized
from the frame's resolution, built in memory: the original is only ever read,
and a sealed dossier's pages never reach disk unencrypted. Pixels are carried
losslessly (Flate, or the JPEG's own bytes), because a sealed dossier is
evidence and must not lose detail.
"""
from __future__ import annotations

import io
import zlib
from pathlib import Path

import pikepdf
from PIL import Image, ImageSequence, UnidentifiedImageError

from models.errors import InputFileError

IMAGE_SUFFIXES = frozenset({".tif", ".tiff", ".jpg", ".jpeg", ".png"})
DEFAULT_DPI = 300  # what archive scanners write when a file forgets to say


def open_source(path: Path) -> pikepdf.Pdf:
    """The dossier as a PDF in memory; a file we cannot read raises InputFileError."""
    if path.suffix.lower() in IMAGE_SUFFIXES:
        return images_to_pdf(path)
    try:
        return pikepdf.open(path)
    except pikepdf.PasswordError:
        raise InputFileError(str(path), "the PDF is password-protected") from None
    except (pikepdf.PdfError, OSError) as exc:
        raise InputFileError(str(path), f"not a readable PDF ({type(exc).__name__})") from None


def images_to_pdf(path: Path) -> pikepdf.Pdf:
    pdf = pikepdf.new()
    try:
        with Image.open(path) as image:
            for frame in ImageSequence.Iterator(image):
                _add_frame(pdf, frame, path if image.format == "JPEG" else None)
    except (UnidentifiedImageError, OSError) as exc:
        raise InputFileError(str(path), f"not a readable image ({type(exc).__name__})") from None
    if not pdf.pages:
        raise InputFileError(str(path), "the image has no frames")
    return pdf


def _add_frame(pdf: pikepdf.Pdf, frame: Image.Image, jpeg_file: Path | None) -> None:
    dpi_x, dpi_y = (float(v) or DEFAULT_DPI for v in frame.info.get("dpi", (DEFAULT_DPI, DEFAULT_DPI)))
    width_pt, height_pt = frame.width * 72.0 / dpi_x, frame.height * 72.0 / dpi_y
    if jpeg_file is not None and frame.mode in ("L", "RGB"):
        data, filt = jpeg_file.read_bytes(), pikepdf.Name.DCTDecode
        colour, bits = (pikepdf.Name.DeviceGray if frame.mode == "L" else pikepdf.Name.DeviceRGB), 8
    else:
        if frame.mode == "1":
            colour, bits, raw = pikepdf.Name.DeviceGray, 1, frame.tobytes()
        elif frame.mode == "L":
            colour, bits, raw = pikepdf.Name.DeviceGray, 8, frame.tobytes()
        else:
            colour, bits, raw = pikepdf.Name.DeviceRGB, 8, frame.convert("RGB").tobytes()
        data, filt = zlib.compress(raw, 6), pikepdf.Name.FlateDecode
    image = pikepdf.Stream(pdf, data)
    image.stream_dict = pikepdf.Dictionary(
        Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image, Width=frame.width, Height=frame.height,
        ColorSpace=colour, BitsPerComponent=bits, Filter=filt,
    )
    content = f"q {width_pt:.4f} 0 0 {height_pt:.4f} 0 0 cm /Scan Do Q".encode()
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=[0, 0, round(width_pt, 4), round(height_pt, 4)],
        Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Scan=image)),
        Contents=pikepdf.Stream(pdf, content),
    )
    pdf.pages.append(pikepdf.Page(page))


def to_bytes(pdf: pikepdf.Pdf) -> bytes:
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()
