"""Scanned versions: image-only PDFs and multi-page TIFFs that agree with the shared truth."""
from __future__ import annotations

import json
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from PIL import Image

import synth
from synth.archive import write_plan
from synth.plan import plan_case

pytestmark = pytest.mark.slow


def _truth(file: Path) -> dict:
    return json.loads(synth.truth_path(file).read_text(encoding="utf-8"))


def test_scanned_pdf_is_image_only_with_the_text_versions_pages(tmp_path: Path) -> None:
    plan = plan_case(21, ["d0001"], 0.0, kind="single_minor")[0]
    plan.blank_after.append(0)   # a blank separator page after the cover
    text_pdf, scan_pdf = write_plan(plan, tmp_path, text=True, scan_format="pdf")
    again = write_plan(plan, tmp_path / "again", text=True, scan_format="pdf")
    assert [p.read_bytes() for p in again] == [text_pdf.read_bytes(), scan_pdf.read_bytes()]
    assert scan_pdf.name == "d0001.scan.pdf" and synth.truth_path(scan_pdf) == synth.truth_path(text_pdf)
    truth = _truth(scan_pdf)
    pages = truth["source"]["pages"]
    assert truth["files"]["scan"]["pages"] == truth["files"]["text"]["pages"] == pages
    assert [p["page"] for p in truth["scan"]["pages"]] == list(range(1, pages + 1))
    assert truth["scan"]["pages"][1]["blank"] is True
    assert truth["case"]["documents"][1]["first_page"] == 3   # numbering counts the blank page
    with pdfplumber.open(scan_pdf) as pdf:
        assert len(pdf.pages) == pages
        assert sum(len(p.chars) for p in pdf.pages) == 0
        assert all(len(p.images) == 1 for p in pdf.pages)
    with pikepdf.open(scan_pdf) as pdf:
        for page, meta in zip(pdf.pages, truth["scan"]["pages"]):
            assert "/Font" not in page.Resources
            image = next(iter(page.Resources.XObject.values()))
            assert image.Filter == pikepdf.Name.DCTDecode
            assert abs(float(page.MediaBox[2]) - image.Width * 72 / meta["dpi"]) < 0.01


def test_tiff_has_every_page_with_its_dpi(tmp_path: Path) -> None:
    plan = plan_case(22, ["d0001"], 0.0, kind="non_prosecution")[0]
    (tiff,) = write_plan(plan, tmp_path, text=False, scan_format="tiff")
    assert tiff.name == "d0001.scan.tif"
    truth = _truth(tiff)
    assert truth["source"]["path"] == "d0001.scan.tif" and "text" not in truth["files"]
    with Image.open(tiff) as img:
        assert img.n_frames == truth["source"]["pages"]
        for index, meta in enumerate(truth["scan"]["pages"]):
            img.seek(index)
            assert tuple(round(v) for v in img.info["dpi"]) == (meta["dpi"], meta["dpi"])
            assert img.size[0] == pytest.approx(8.27 * meta["dpi"], rel=0.01)


def test_generate_writes_scans_by_fraction(tmp_path: Path) -> None:
    files = synth.generate(tmp_path, 2, seed=9, scanned_fraction=1.0, tiff_fraction=1.0)
    assert [p.name for p in files] == ["d0001.scan.tif", "d0002.scan.tif"]
    assert sorted(p.name for p in (tmp_path / "truth").iterdir()) == ["d0001.json", "d0002.json"]
    assert not list(tmp_path.glob("d*.pdf"))


def test_fixed_dpi_scans_every_page_at_that_resolution(tmp_path: Path) -> None:
    """Extraction is measured per resolution (200 dpi and 300 dpi targets), so a set must hold one."""
    # seed 31 draws 200 dpi for every page when left to itself
    (scan_pdf,) = synth.generate(tmp_path, 1, seed=31, scanned_fraction=1.0, tiff_fraction=0.0, scan_dpi=300)
    truth = _truth(scan_pdf)
    assert {p["dpi"] for p in truth["scan"]["pages"]} == {300}
    with pikepdf.open(scan_pdf) as pdf:
        for page in pdf.pages:
            image = next(iter(page.Resources.XObject.values()))
            assert abs(float(page.MediaBox[2]) - image.Width * 72 / 300) < 0.01
    with pytest.raises(ValueError):
        synth.generate(tmp_path / "x", 1, seed=31, scanned_fraction=1.0, scan_dpi=150)
