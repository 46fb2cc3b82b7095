"""Free space is judged on an ink mask (`redaction.marks._ink`); OpenCV computes its noise
filter and its growth by the clearance. On real rendered pages — a born-digital judgment,
scans under and without a text layer, a bilevel TIFF, a skewed JPEG scan and a red seal —
the mask is the same, pixel for pixel, as the plain numpy definition below."""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image

from redaction import marks
from redaction.pdfsource import open_source

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
SOURCES = ["judgment.pdf", "mixed.pdf", "dossier.tif", "judgment_skewed.jpg", "seal.png"]


def reference_ink(image: Image.Image) -> np.ndarray:
    """The definition in docs/redaction.md ("Marks in free space"), written out the slow way:
    ink is 48 grey levels below the 90th-percentile grey, below mid-grey, or coloured; an
    ink pixel with none of its eight neighbours inked is dropped; ink is then grown by a
    square of the clearance's radius, nothing beyond the page counting as ink."""
    rgb = np.asarray(image.convert("RGB")).astype(np.int16)
    grey = rgb.mean(axis=2)
    ink = ((grey < np.percentile(grey, 90) - marks.INK_CONTRAST) | (grey < 128)
           | (np.ptp(rgb, axis=2) > 2 * marks.INK_CONTRAST))
    return reference_grown(reference_denoised(ink), int(np.ceil(marks.CLEARANCE_PT * marks.INK_DPI / 72)))


def reference_denoised(ink: np.ndarray) -> np.ndarray:
    """Ink pixels that have an inked neighbour."""
    rows, cols = ink.shape
    padded = np.pad(ink, 1)
    neighbours = sum(padded[1 + dy:1 + dy + rows, 1 + dx:1 + dx + cols].astype(np.int8)
                     for dy in (-1, 0, 1) for dx in (-1, 0, 1) if dy or dx)
    return ink & (neighbours > 0)


def reference_grown(mask: np.ndarray, radius: int) -> np.ndarray:
    """`mask` or'ed with every shift of itself by up to `radius` in each direction."""
    rows, cols = mask.shape
    padded = np.pad(mask, radius)
    grown = np.zeros_like(mask)
    for dy in range(2 * radius + 1):
        for dx in range(2 * radius + 1):
            grown |= padded[dy:dy + rows, dx:dx + cols]
    return grown


def _rendered_pages() -> list[tuple[str, Image.Image]]:
    """Every page of the resources, rendered as `FreeSpace` renders them (INK_DPI)."""
    pages = []
    for name in SOURCES:
        pdf = open_source(RESOURCES / name)
        buffer = io.BytesIO()
        pdf.save(buffer)
        doc = pdfium.PdfDocument(buffer.getvalue())
        pages += [(f"{name} p{i + 1}", doc[i].render(scale=marks.INK_DPI / 72, draw_annots=False).to_pil())
                  for i in range(len(doc))]
    return pages


PAGES = _rendered_pages()


@pytest.mark.parametrize("name,image", PAGES, ids=[name for name, _ in PAGES])
def test_the_ink_mask_is_the_plain_definition(name: str, image: Image.Image) -> None:
    mask, expected = marks._ink(image), reference_ink(image)
    assert mask.dtype == bool and mask.shape == expected.shape
    assert np.array_equal(mask, expected), f"{name}: {int((mask != expected).sum())} pixels differ"


def test_the_pages_exercise_the_noise_filter() -> None:
    """Not a vacuous comparison: the pages have ink and free paper, and lone pixels that the
    noise filter drops (the scans')."""
    dropped = 0
    for _, image in PAGES:
        rgb = np.asarray(image.convert("RGB")).astype(np.int16)
        grey = rgb.mean(axis=2)
        ink = (grey < np.percentile(grey, 90) - marks.INK_CONTRAST) | (grey < 128)
        dropped += int((ink & ~reference_denoised(ink)).sum())
    assert dropped > 0
    assert all(mask.any() and not mask.all() for mask in map(reference_ink, (image for _, image in PAGES[:1])))


@pytest.mark.parametrize("density", [0.002, 0.05, 0.5])
def test_filter_and_growth_at_the_page_edges(density: float) -> None:
    """No real page has ink at its very edge; random masks do, in every row and column:
    the page's border counts as paper for the noise filter and stops the growth."""
    rng = np.random.default_rng(24)
    for shape in [(61, 47), (1, 30), (30, 1), (5, 5)]:
        ink = rng.random(shape) < density
        assert np.array_equal(marks._has_inked_neighbour(ink) & ink, reference_denoised(ink))
        for radius in (0, 1, 6, 40):
            assert np.array_equal(marks._grown(ink, radius), reference_grown(ink, radius))
