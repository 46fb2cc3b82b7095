"""The pixel check reads bands of a page, not the whole page: a name left in the
pixels of a band is still found, and the bands are where redaction worked."""
from __future__ import annotations

import dataclasses
import math
from itertools import pairwise
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import ImageDraw, ImageFont

from extractors.text import DossierText
from redaction import marks
from redaction.leakcheck import OCR_DPI, _band, _band_rows, leak_check, ocr_bands
from redaction.redact import find_spans, removal_plan, write_redacted_copy
from support.redaction import MINOR, make_judgment_pdf, record_for, text_layer_pages


@pytest.fixture(scope="module")
def banded(tmp_path_factory):
    """The redacted copy of the adult's judgment, with the bands write_outputs would OCR."""
    path = make_judgment_pdf(tmp_path_factory.mktemp("in") / "adult.pdf")
    record = record_for(path)
    pages = text_layer_pages(path)
    plan, keep = removal_plan(record, ["P2"])
    identifiers = [v for v, _ in plan]
    out = tmp_path_factory.mktemp("out") / "copy.pdf"
    write_redacted_copy(path, pages, record, ["P2"], out)
    doc = DossierText(pages)
    removed = [box for span in find_spans(doc, plan, keep=keep) for box in doc.boxes(span.start, span.end)]
    return out, identifiers, removed, ocr_bands(pages, identifiers, removed)


def _spans(page) -> list[tuple[float, float]]:
    return [(min(g.bbox[1] for g in line), max(g.bbox[3] for g in line)) for line in page.lines if line]


def test_on_a_text_layer_the_bands_are_the_lines_that_had_something_removed(banded, tmp_path):
    _, _, removed, bands = banded
    pages = {p.number: p for p in text_layer_pages(make_judgment_pdf(tmp_path / "adult.pdf"))}
    assert set(bands) == {number for number, _ in removed}
    for number, page_bands in bands.items():
        holding = {span for span in _spans(pages[number])
                   if any(span[0] <= box[1] and box[3] <= span[1] for n, box in removed if n == number)}
        assert len(page_bands) == len(holding), "one band per line that had something removed, no other"
        for top, bottom in holding:
            assert any(t < top and bottom < b for t, b in page_bands)
        assert all(bottom - top < 2.5 * 14 for top, bottom in page_bands), "a band holds one line, not several"
        assert all(a[0] < b[0] for a, b in pairwise(page_bands)), "each line once, top to bottom"


def test_on_an_ocr_page_the_lines_around_them_and_lines_with_half_an_identifier_are_read_too(banded, tmp_path):
    """OCR may have misread a box (the name half-burnt, or on the next line) or half of a
    name (so redaction never found it): there the neighbours and the half-matches are read."""
    _, identifiers, removed, text_bands = banded
    scanned = [dataclasses.replace(p, source="ocr", engine="rapidocr")
               for p in text_layer_pages(make_judgment_pdf(tmp_path / "adult.pdf"))]
    bands = ocr_bands(scanned, identifiers, removed)
    for page in scanned:
        spans = _spans(page)
        for number, box in removed:
            if number != page.number:
                continue
            at = next(i for i, (top, bottom) in enumerate(spans) if top <= box[1] and box[3] <= bottom)
            for top, bottom in spans[max(0, at - 1):at + 2]:
                assert any(t < top and bottom < b for t, b in bands[page.number])
    assert sum(map(len, bands.values())) > sum(map(len, text_bands.values()))
    assert sum(bottom - top for page_bands in bands.values() for top, bottom in page_bands) < 2 * 842 / 2


def paint_name(copy: Path, page: int, at_top: float, out: Path, at_x: float = 0.6) -> Path:
    """The copy's pages as images, the minor's name painted on `page` at `at_top`
    (points): a name that reached the pixels and no text layer."""
    scale = OCR_DPI / 72
    images = [p.render(scale=scale).to_pil().convert("RGB") for p in pdfium.PdfDocument(copy)]
    image = images[page - 1]
    draw = ImageDraw.Draw(image)
    x, y = image.width * at_x, at_top * scale
    font = ImageFont.truetype(marks.FONT_PATH, round(14 * scale), index=0)
    draw.rectangle((x - 10, y - 10, image.width - 20, y + 16 * scale + 10), fill="white")
    draw.text((x, y), MINOR["name"], font=font, fill="black")
    images[0].save(out, "PDF", resolution=OCR_DPI, save_all=True, append_images=images[1:])
    return out


@pytest.mark.slow
def test_a_name_left_in_the_pixels_of_a_band_is_found(banded, tmp_path):
    copy, identifiers, _, bands = banded
    assert leak_check(copy, identifiers, ocr_pages=bands) == []
    assert len(bands) == 2, "both pages have lines to read, recognised in one call"
    top, bottom = bands[2][0]
    tampered = paint_name(copy, 2, (top + bottom) / 2 - 7, tmp_path / "tampered.pdf")
    hits = leak_check(tampered, identifiers, ocr_pages=bands)
    assert {(h.channel, h.page) for h in hits} == {("pixels", 2)}, "the line goes back to its own page"
    assert 0 in {h.identifier_index for h in hits}
    assert 0 in {h.identifier_index for h in leak_check(tampered, identifiers, ocr_pages=[2])}, \
        "the whole page is read when no bands are given"


@pytest.mark.slow
def test_a_name_in_the_margin_at_the_end_of_a_band_is_found(banded, tmp_path):
    """A band is read without the blank paper at its ends, never without ink: a name in
    the right margin, past the end of every line of the page, is still read."""
    copy, identifiers, _, bands = banded
    top, bottom = bands[2][0]
    tampered = paint_name(copy, 2, (top + bottom) / 2 - 7, tmp_path / "margin.pdf", at_x=0.88)
    assert 0 in {h.identifier_index for h in leak_check(tampered, identifiers, ocr_pages=bands)}


@pytest.mark.slow
def test_only_the_bands_are_read_when_bands_are_given(banded, tmp_path):
    """The cost side: pixels outside every band are not OCR'd (a page with no line
    that held or half-holds an identifier has no reason to show one)."""
    copy, identifiers, _, bands = banded
    below = max(bottom for _, bottom in bands[1]) + 200
    tampered = paint_name(copy, 1, below, tmp_path / "outside.pdf")
    assert leak_check(tampered, identifiers, ocr_pages={1: bands[1]}) == []
    assert 0 in {h.identifier_index for h in leak_check(tampered, identifiers, ocr_pages=[1])}


def test_a_band_rendered_alone_is_the_same_pixels_as_cut_from_its_whole_page(banded):
    """The pixel check renders each band alone (`_band`); what it reads must be exactly
    the rows a rendering of the whole page would give, on the copy's rebuilt pages, for
    bands inside the page and bands that run over its top or foot."""
    copy, _, _, bands = banded
    doc = pdfium.PdfDocument(copy)
    checked = 0
    for number, page_bands in bands.items():
        page = doc[number - 1]
        whole = np.asarray(page.render(scale=OCR_DPI / 72).to_pil().convert("RGB"))
        rows_per_point = whole.shape[0] / page.get_height()
        height = page.get_height()
        for top, bottom in [*page_bands, (-30.0, 6.0), (height - 5.0, height + 20.0)]:
            rows = _band_rows(page, (top, bottom))
            assert rows == (max(0, math.floor(top * rows_per_point)),
                            min(whole.shape[0], math.ceil(bottom * rows_per_point)))
            assert np.array_equal(_band(page, *rows), whole[rows[0]:rows[1]])
            checked += 1
        assert _band_rows(page, (-40.0, -20.0)) is None and _band_rows(page, (height + 5, height + 20)) is None
    assert checked >= 6


@pytest.mark.slow
def test_a_band_off_the_page_has_the_page_read_whole(banded, tmp_path):
    """A band that lies off its page shows that the coordinates do not match the page's
    pixels: the page is read whole, as a turned or cropped one is."""
    copy, identifiers, _, bands = banded
    below = max(bottom for _, bottom in bands[1]) + 200
    tampered = paint_name(copy, 1, below, tmp_path / "outside.pdf")
    assert 0 in {h.identifier_index
                 for h in leak_check(tampered, identifiers, ocr_pages={1: [*bands[1], (-40.0, -20.0)]})}
