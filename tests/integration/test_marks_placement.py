"""Marks in free space: on generated dossiers (text layer and scans, `fengcun synth`), the
seal, the case-file mark and the watermark overprint no ink, no text and no page number.

What a mark covers is measured independently of how it was placed: the marked page and
its source are rendered alike, the pixels that changed are the mark, and they are laid
over the source's ink (its pixels) and its text boxes (its text layer)."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import numpy as np
import pdfplumber
import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from redaction import marks
from core.keys import MasterKey
from redaction.leakcheck import check_sealed
from redaction.redact import write_redacted_copy
from redaction.sealed import SealConfig, unwrap_password, write_sealed_dossier
from synth import generate
from support.redaction import record_for, text_layer_pages

DPI = 72
CONFIG = SealConfig("浙江省宁波市海曙区人民法院", dt.date(2026, 11, 23), "全国")


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> list[Path]:
    """Two generated dossiers, each as a text-layer PDF and as a 200 dpi scan of it."""
    return generate(tmp_path_factory.mktemp("synth"), 2, seed=7, both=True, tiff_fraction=0.0, scan_dpi=200)


@pytest.fixture(scope="module")
def key(tmp_path_factory) -> MasterKey:
    return MasterKey.create(tmp_path_factory.mktemp("key") / "master.key")


def render(path: Path, index: int, password: str = "") -> np.ndarray:
    doc = pdfium.PdfDocument(path, password=password or None)
    try:
        return np.asarray(doc[index].render(scale=DPI / 72).to_pil().convert("RGB")).astype(int)
    finally:
        doc.close()


def ink(rgb: np.ndarray) -> np.ndarray:
    """The source's ink: clearly darker than its paper, or coloured (a court's red seal)."""
    grey = rgb.mean(axis=2)
    return (grey < np.percentile(grey, 90) - 60) | (np.ptp(rgb, axis=2) > 100)


def mark_pixels(marked: np.ndarray, source: np.ndarray) -> np.ndarray:
    """What the marks added. A page lengthened at its foot is compared on its original part."""
    return np.abs(marked[:source.shape[0]] - source).max(axis=2) > 40


def text_boxes(path: Path, index: int) -> list[tuple[float, float, float, float]]:
    with pdfplumber.open(path) as doc:
        return [(c["x0"], c["top"], c["x1"], c["bottom"]) for c in doc.pages[index].chars if c["text"].strip()]


def page_number_box(text_pdf: Path, index: int) -> tuple[float, float, float, float]:
    """The page number printed in the top margin (the generator's, as archives number pages)."""
    with pdfplumber.open(text_pdf) as doc:
        page = doc.pages[index]
        digits = [c for c in page.chars if c["text"].isdigit() and c["top"] < 60]
    assert digits, "the generated page carries a page number"
    return (min(c["x0"] for c in digits), min(c["top"] for c in digits),
            max(c["x1"] for c in digits), max(c["bottom"] for c in digits))


def scanned_box(source: np.ndarray, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """Where `box` of the text-layer twin is inked on this rendering (a scan sits a few
    points off its twin, by up to 2° turned): the bounding box of the ink within 36 pt of it."""
    x0, top, x1, bottom = (round(v * DPI / 72) for v in (box[0] - 36, box[1] - 36, box[2] + 36, box[3] + 36))
    rows, cols = np.nonzero(ink(source)[max(0, top):bottom, max(0, x0):x1])
    assert len(rows), "the page number is inked"
    scale = 72 / DPI
    return ((max(0, x0) + cols.min()) * scale, (max(0, top) + rows.min()) * scale,
            (max(0, x0) + cols.max() + 1) * scale, (max(0, top) + rows.max() + 1) * scale)


def pixels_in(mask: np.ndarray, box: tuple[float, float, float, float], pad: float) -> int:
    x0, top, x1, bottom = (round(v * DPI / 72) for v in (box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad))
    return int(mask[max(0, top):bottom, max(0, x0):x1].sum())


def assert_in_free_space(added: np.ndarray, source: np.ndarray, text_pdf: Path, index: int,
                         boxes: list[tuple[float, float, float, float]]) -> None:
    assert added.sum() > 200, "the mark must be there"
    assert int((added & ink(source)).sum()) == 0, "a mark overprints ink"
    assert pixels_in(added, scanned_box(source, page_number_box(text_pdf, index)), pad=0) == 0, \
        "a mark covers the page number"
    assert sum(pixels_in(added, box, pad=0.5) for box in boxes) == 0, "a mark overprints text"


@pytest.mark.parametrize("which", range(4))
def test_seal_and_watermarks_of_a_sealed_dossier_are_in_free_space(files, key, tmp_path, which):
    source = files[which]
    text_pdf = files[which - which % 2]          # the scan's twin gives the page number's place
    record = record_for(source)
    sealed = write_sealed_dossier(source, record, tmp_path / "s.pdf", key, CONFIG)
    password = unwrap_password(sealed.path, key)
    assert check_sealed(sealed.path, password, record.dossier_id[:12]) == []
    with pikepdf.open(source) as pdf:
        pages = len(pdf.pages)
    for index in range(pages):
        before, after = render(source, index), render(sealed.path, index, password)
        assert after.shape == before.shape, "free space was found: no page had to grow"
        boxes = text_boxes(source, index) if source == text_pdf else []
        assert_in_free_space(mark_pixels(after, before), before, text_pdf, index, boxes)
    cover = mark_pixels(render(sealed.path, 0, password), render(source, 0))
    red = render(sealed.path, 0, password)
    assert int((cover & (red[..., 0] > 150) & (red[..., 1] < 90)).sum()) > 200, "the seal is on the cover"


def test_marks_on_turned_pages_are_upright_and_in_free_space(files, key, tmp_path):
    """Pages stored turned (/Rotate 90, as a scanner stores a landscape page): the marks are
    placed on the page as displayed and drawn upright there."""
    source = tmp_path / "turned.pdf"
    with pikepdf.open(files[0]) as pdf:
        for page in pdf.pages:
            page.obj.Rotate = 90
        pdf.save(source)
    record = record_for(source)
    sealed = write_sealed_dossier(source, record, tmp_path / "s.pdf", key, CONFIG)
    password = unwrap_password(sealed.path, key)
    assert check_sealed(sealed.path, password, record.dossier_id[:12]) == []
    for index in range(2):
        before, after = render(source, index), render(sealed.path, index, password)
        assert after.shape == before.shape and before.shape[1] > before.shape[0]     # displayed landscape
        added = mark_pixels(after, before)
        assert added.sum() > 200 and int((added & ink(before)).sum()) == 0
        assert sum(pixels_in(added, box, pad=0.5) for box in text_boxes(source, index)) == 0
    with pdfplumber.open(sealed.path, password=password) as doc:
        assert all(c["upright"] for c in doc.pages[0].chars if c["text"] in marks.SEAL_TEXT
                   and c["non_stroking_color"][0] > 0.7), "the seal reads upright"


@pytest.mark.parametrize("which", range(4))
def test_case_file_mark_of_a_redacted_copy_is_in_free_space(files, tmp_path, which):
    source = files[which]
    text_pdf = files[which - which % 2]
    record = record_for(source)       # nobody to remove: the copy only carries the mark (Measures art. 6)
    out = tmp_path / "copy.pdf"
    write_redacted_copy(source, text_layer_pages(text_pdf), record, [], out)
    before, after = render(source, 0), render(out, 0)
    assert after.shape == before.shape
    added = mark_pixels(after, before)
    assert_in_free_space(added, before, text_pdf, 0, text_boxes(source, 0) if source == text_pdf else [])
    with pdfplumber.open(out) as doc:
        assert marks.CASE_FILE_MARK in doc.pages[0].extract_text().replace("\n", "")


@pytest.mark.parametrize("rotate", [0, 90])
def test_a_page_without_free_space_grows_a_band_for_the_marks(key, tmp_path, rotate):
    """A cover inked edge to edge: the marks shrink, then go into a band added at the foot
    (as displayed, also on a turned page); the page's own content keeps its place and is
    not covered."""
    rng = np.random.default_rng(3)
    noise = (rng.random((842, 595)) < 0.5).astype(np.uint8) * 255
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(595, 842))
    canvas.drawImage(ImageReader(Image.fromarray(noise).convert("L")), 0, 0, 595, 842)
    canvas.showPage()
    canvas.save()
    source = tmp_path / "full.pdf"
    with pikepdf.open(io.BytesIO(buffer.getvalue())) as pdf:
        pdf.pages[0].obj.Rotate = rotate
        pdf.save(source)
    record = record_for(source)
    sealed = write_sealed_dossier(source, record, tmp_path / "s.pdf", key, CONFIG)
    password = unwrap_password(sealed.path, key)
    assert check_sealed(sealed.path, password, record.dossier_id[:12]) == []
    before, after = render(source, 0), render(sealed.path, 0, password)
    assert after.shape[0] > before.shape[0] + 40, "the page grew a band at its foot"
    assert not mark_pixels(after, before).any(), "the original area is untouched"
    band = after[before.shape[0]:]
    assert ((band[..., 0] > 150) & (band[..., 1] < 90)).sum() > 100, "the seal is in the band"
    doc = pdfium.PdfDocument(sealed.path, password=password)
    try:
        seal = marks.seal_region(doc[0])
    finally:
        doc.close()
    assert seal is not None and seal[1] * DPI / 72 > before.shape[0], "found below the original page"
    with pdfplumber.open(sealed.path, password=password) as plumbed:
        red = [c["size"] for c in plumbed.pages[0].chars if c["non_stroking_color"][0] > 0.7]
        assert abs(max(red) - marks.SEAL_MIN_TITLE) < 0.01, "shrunk to its smallest legible size first"


def test_a_slip_narrower_than_the_warning_is_still_sealed(key, tmp_path):
    """A receipt-sized scan (2 × 3 in): the marks shrink to the page's width and go into
    a band at its foot; the seal stays checkable."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(144, 216))
    canvas.setFont("Helvetica", 9)
    for row in range(20):
        canvas.drawString(10, 200 - row * 10, "X" * 30)
    canvas.showPage()
    canvas.save()
    source = tmp_path / "slip.pdf"
    source.write_bytes(buffer.getvalue())
    record = record_for(source)
    sealed = write_sealed_dossier(source, record, tmp_path / "s.pdf", key, CONFIG)
    password = unwrap_password(sealed.path, key)
    assert check_sealed(sealed.path, password, record.dossier_id[:12]) == []
    before, after = render(source, 0), render(sealed.path, 0, password)
    assert after.shape[0] > before.shape[0] and not mark_pixels(after, before).any()
