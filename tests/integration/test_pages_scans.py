"""The page stage on real scans: TIFF with blank and upside-down pages, mixed PDF, red seal, JPEG skew."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from extractors import images
from extractors.cer import cer
from extractors.pages import read_pages, render_page
from extractors.text import PageText

RESOURCES = Path(__file__).parents[1] / "resources"


def truth(name: str) -> str:
    return (RESOURCES / f"{name}.txt").read_text(encoding="utf-8")


def unique_centres(page: PageText) -> dict[str, tuple[float, float]]:
    counts = Counter(g.char for g in page.glyphs)
    return {g.char: ((g.bbox[0] + g.bbox[2]) / 2, (g.bbox[1] + g.bbox[3]) / 2)
            for g in page.glyphs if counts[g.char] == 1}


@pytest.fixture(scope="module")
def tiff_pages() -> list[PageText]:
    return read_pages(RESOURCES / "dossier.tif")


@pytest.fixture(scope="module")
def mixed_pages() -> list[PageText]:
    return read_pages(RESOURCES / "mixed.pdf")


@pytest.mark.slow
def test_multipage_tiff_text_blank_and_upside_down(tiff_pages: list[PageText]) -> None:
    text, blank, flipped = tiff_pages
    assert [p.number for p in tiff_pages] == [1, 2, 3]
    assert text.source == "ocr" and text.rotation == 0 and cer(truth("dossier_p1"), text.text) < 0.02
    assert blank.source == "blank" and blank.lines == [] and blank.engine is None
    assert flipped.source == "ocr" and flipped.rotation == 180
    assert cer(truth("judgment"), flipped.text) < 0.02


@pytest.mark.slow
def test_an_upside_down_page_tesseract_reads_with_confidence_is_turned() -> None:
    """Tesseract reads TIFF page 3 (a judgment turned 180°) as CJK glyphs with confidences as
    high as an upright page's; that they form no words is what doubts the reading."""
    flipped = read_pages(RESOURCES / "dossier.tif", engine="tesseract")[2]
    assert flipped.rotation == 180 and cer(truth("judgment"), flipped.text) < 0.08


@pytest.mark.slow
def test_upside_down_boxes_are_on_the_page_as_stored(tiff_pages: list[PageText]) -> None:
    """TIFF page 3 is judgment.pdf rendered and turned 180°: a character at (x, y) on the
    text-layer page must come back at (width − x, height − y) on the stored, unturned page."""
    flipped = tiff_pages[2]
    (layer,) = read_pages(RESOURCES / "judgment.pdf")
    found = unique_centres(flipped)
    distances = [float(np.hypot(found[c][0] - (flipped.width - x), found[c][1] - (flipped.height - y)))
                 for c, (x, y) in unique_centres(layer).items() if c in found]
    assert len(distances) > 40
    assert np.median(distances) < 2.0 and max(distances) < 4.0
    # And the stored image really is upside down there: the first line's first glyph sits bottom right.
    first = flipped.lines[0][0].bbox
    assert first[0] > flipped.width / 2 and first[1] > flipped.height * 0.8


@pytest.mark.slow
def test_mixed_pdf_is_triaged_page_by_page(mixed_pages: list[PageText]) -> None:
    assert [p.source for p in mixed_pages] == ["text_layer", "ocr", "ocr", "blank"]
    born, scan, garbage_layer, _ = mixed_pages
    assert born.text == truth("judgment").rstrip("\n")
    assert cer(truth("mixed_p2"), scan.text) < 0.02
    # Page 3 carries an invisible layer of wrong characters over its scan: it was OCR'd instead.
    assert cer(truth("mixed_p3"), garbage_layer.text) < 0.02
    assert all(p.width == pytest.approx(419.5, abs=0.1) for p in mixed_pages)


@pytest.mark.slow
def test_red_seal_over_text() -> None:
    (page,) = read_pages(RESOURCES / "seal.png")
    assert page.dpi == 200
    assert cer(truth("seal"), page.text) < 0.03
    # The seal's own words (某某市人民法院, 刑事审判庭) are not page text.
    assert "审判庭" not in page.text and "某某市" not in page.text


def test_red_suppression_keeps_black_ink_under_the_seal() -> None:
    rgb = np.asarray(render_page(RESOURCES / "seal.png", 1))
    red = (rgb[..., 0] > 150) & (rgb[..., 1] < 90) & (rgb[..., 2] < 90)
    dark = rgb.max(axis=2) < 80
    clean = images.suppress_red(rgb)
    assert red.sum() > 1000 and (clean[red] == 255).all()
    assert (clean[dark] == rgb[dark]).all()


def test_blank_and_skew_measurements() -> None:
    blank = np.asarray(render_page(RESOURCES / "dossier.tif", 2).convert("L"))
    text = np.asarray(render_page(RESOURCES / "dossier.tif", 1).convert("L"))
    assert images.is_blank(blank, 300) and not images.is_blank(text, 300)
    skewed = np.asarray(render_page(RESOURCES / "judgment_skewed.jpg", 1).convert("L"))
    assert images.skew_angle(skewed, 300) == pytest.approx(2.0, abs=0.2)
    assert images.skew_angle(text, 300) == pytest.approx(0.0, abs=0.2)


def test_box_mapping_round_trips_through_turn_and_skew() -> None:
    for rotate in (0, 90, 180, 270):
        matrix, w, h = images.upright_matrix(1000, 1400, rotate, 1.7)
        box = (100.0, 200.0, 140.0, 240.0)
        back = images.map_box(np.linalg.inv(matrix), images.map_box(matrix, box))
        # Turning an axis-aligned box by 1.7° and back grows it by at most sin(1.7°)·40 px per side.
        assert all(abs(a - b) < 2.5 for a, b in zip(back, box))
        assert (w, h) == ((1000, 1400) if rotate in (0, 180) else (1400, 1000))


@pytest.mark.slow
def test_sparse_upside_down_page_that_osd_cannot_judge(tmp_path: Path) -> None:
    """A signature block upside down: too little text for OSD, so the page is read both ways up."""
    import io

    import pypdfium2 as pdfium
    from reportlab.lib.pagesizes import A5
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("zh", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", subfontIndex=0))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A5)
    c.setFont("zh", 12)
    c.drawString(60, 500, "审判员王某某")
    c.drawString(60, 470, "二〇二五年一月十三日")
    c.showPage()
    c.save()
    image = pdfium.PdfDocument(buf.getvalue())[0].render(scale=300 / 72).to_pil().convert("L").rotate(180)
    path = tmp_path / "signature.png"
    image.save(path, dpi=(300, 300))
    assert images.detect_orientation(np.asarray(image), 300).confidence < images.MIN_ORIENTATION_CONFIDENCE
    (page,) = read_pages(path)
    assert page.rotation == 180
    assert cer("审判员王某某\n二〇二五年一月十三日", page.text) < 0.1
    # The date line is printed 30 points below the judge's line; upside down on the stored page it sits above.
    assert page.lines[0][0].bbox[1] > page.lines[1][0].bbox[1]


@pytest.mark.slow
def test_sideways_page_that_reads_confidently_unturned(tiff_pages: list[PageText], tmp_path: Path) -> None:
    """TIFF page 1 turned 90° clockwise: rapidocr reads its standing lines confidently but in the
    wrong order, so the page is doubtful, OSD turns it, and boxes land on the stored, turned page:
    a character at (x, y) upright sits at (height − y, x) there."""
    from PIL import Image

    upright = tiff_pages[0]
    with Image.open(RESOURCES / "dossier.tif") as tiff:
        path = tmp_path / "sideways.png"
        tiff.convert("L").rotate(-90, expand=True).save(path, dpi=(300, 300))
    (page,) = read_pages(path)
    assert page.rotation == 270
    assert cer(truth("dossier_p1"), page.text) < 0.02
    assert (page.width, page.height) == pytest.approx((upright.height, upright.width), abs=0.01)
    found = unique_centres(page)
    distances = [float(np.hypot(found[c][0] - (upright.height - y), found[c][1] - x))
                 for c, (x, y) in unique_centres(upright).items() if c in found]
    assert len(distances) > 40
    assert np.median(distances) < 1.0 and max(distances) < 3.0


def test_a_page_in_flight_holds_one_image_and_turns_as_from_its_rendering() -> None:
    """A prepared page keeps the image the engine sees, not its rendering as well (memory:
    page_batch pages a dossier wait for the engine); a turn renders the stored page again and
    gives the image the rendering itself would have given."""
    from extractors import pages

    with pages._open(RESOURCES / "judgment_skewed.jpg", pages.DEFAULT_MAX_PIXELS) as source:
        prepared, dpi = pages._prepare_page(source, 0, pages.DEFAULT_DPI)
        assert prepared is not None and prepared.skew != 0.0
        arrays = [v for v in vars(prepared).values() if isinstance(v, np.ndarray)]
        assert sum(a.nbytes for a in arrays) == prepared.image.nbytes + prepared.matrix.nbytes
        rgb = source.raster(0, dpi).rgb
        turned = pages._turn(prepared, 180)
        matrix, w, h = images.upright_matrix(rgb.shape[1], rgb.shape[0], 180, prepared.skew)
        assert np.array_equal(turned.image, images.warp(images.suppress_red(rgb), matrix, w, h))
        assert (turned.rotation, turned.skew, turned.dpi) == (180, prepared.skew, prepared.dpi)


def test_a_dossier_hands_the_cpu_pool_two_pages_at_a_time() -> None:
    """rapidocr's pool takes a dossier's pages two at a time (each waiting page holds its
    image); an engine that says nothing (a GPU engine batching) gets OCR_BATCH."""
    from extractors import pages
    from extractors.ocr import get_engine

    assert pages.page_batch(get_engine("rapidocr")) == 2
    assert pages.page_batch(get_engine("tesseract")) == pages.OCR_BATCH
