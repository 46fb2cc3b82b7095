"""The text-layer reader (PDFium's text page) against pdfplumber, the reader it replaced.

pdfplumber is computed here, in the test, the way extractors.pages read a text layer
with it: characters deduplicated (fake bold), boxes in stored-page points with a
top-left origin (its /Rotate undone), the share of the page images cover. On real
resources, fresh synthetic dossiers in every embeddable typeface, the real judgments
printed in court layout, rotated pages, fake bold, lone spaces, line-end hyphens and
pages placed as form XObjects, both give the same lines, boxes within 1 pt and the
same image coverage.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pdfplumber
import pikepdf
import pytest

import synth
from extractors import images
from extractors.pages import DEFAULT_MAX_PIXELS, _open, group_lines
from extractors.text import Glyph
from extractors.triage import judge_text_layer
from synth.render import TYPEFACES, register_font

RESOURCES = Path(__file__).parents[1] / "resources"
TOLERANCE = 1.0     # points


def plumber_layer(path: Path, index: int) -> tuple[list[list[Glyph]], float]:
    """The page read with pdfplumber: deduplicated characters in stored-page points, and image coverage."""
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[index].dedupe_chars()
        raw = [(c["text"], (c["x0"], c["top"], c["x1"], c["bottom"])) for c in page.chars]
        width, height = float(page.width), float(page.height)
        covered = sum(max(0.0, min(i["x1"], width) - max(i["x0"], 0.0)) * max(0.0, min(i["bottom"], height) - max(i["top"], 0.0))
                      for i in page.images)
        rotation = page.rotation
    if rotation:    # pdfplumber gives the page as displayed; turn its boxes back to the page as stored
        stored = (height, width) if rotation in (90, 270) else (width, height)
        to_stored = np.linalg.inv(images.upright_matrix(*stored, rotation, 0.0)[0])
        raw = [(t, images.map_box(to_stored, b)) for t, b in raw]
    return group_lines(raw), min(covered / max(width * height, 1.0), 1.0)


def pdfium_layers(path: Path) -> list[tuple[list[list[Glyph]], float]]:
    with _open(path, DEFAULT_MAX_PIXELS) as source:
        return [source.text_layer(i) for i in range(source.count)]


def texts(lines: list[list[Glyph]]) -> list[str]:
    return ["".join(g.char for g in line) for line in lines]


def assert_same_as_pdfplumber(path: Path) -> int:
    """Every page: the same lines, boxes within TOLERANCE, the same image coverage; the characters compared."""
    compared = 0
    for index, (lines, coverage) in enumerate(pdfium_layers(path)):
        want, want_coverage = plumber_layer(path, index)
        assert texts(lines) == texts(want), f"{path.name} page {index + 1}"
        assert coverage == pytest.approx(want_coverage, abs=1e-3)
        for got_line, want_line in zip(lines, want):
            for got, expected in zip(got_line, want_line):
                assert np.max(np.abs(np.subtract(got.bbox, expected.bbox))) <= TOLERANCE, \
                    f"{path.name} page {index + 1}: {got.char} {got.bbox} against {expected.bbox}"
                compared += 1
    return compared


@pytest.mark.parametrize("name", ["judgment.pdf", "mixed.pdf"])
def test_resources_read_as_pdfplumber_reads_them(name: str) -> None:
    assert assert_same_as_pdfplumber(RESOURCES / name) > 300


@pytest.fixture(scope="module")
def dossiers(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Two fresh text-layer dossiers in each typeface a PDF can embed."""
    out = tmp_path_factory.mktemp("faces")
    files: list[Path] = []
    for seed, face in enumerate(sorted(t.name for t in TYPEFACES.values() if t.embeddable), start=31):
        files += synth.generate(out / face, 2, seed=seed, face=face)
    return files


def test_synthetic_dossiers_in_every_typeface_read_as_pdfplumber_reads_them(dossiers: list[Path]) -> None:
    assert len(dossiers) == 2 * sum(t.embeddable for t in TYPEFACES.values())
    for path in dossiers:
        assert assert_same_as_pdfplumber(path) > 500


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_rotated_page_reads_as_pdfplumber_reads_it_and_as_stored(rotation: int, tmp_path: Path) -> None:
    turned = tmp_path / "turned.pdf"
    with pikepdf.open(RESOURCES / "judgment.pdf") as pdf:
        pdf.pages[0].Rotate = rotation
        pdf.save(turned)
    assert_same_as_pdfplumber(turned)
    (plain, _), = pdfium_layers(RESOURCES / "judgment.pdf")
    (lines, _), = pdfium_layers(turned)
    assert [g.bbox for line in lines for g in line] == [g.bbox for line in plain for g in line]


def test_fake_bold_page_printed_twice_reads_once(tmp_path: Path) -> None:
    """A page drawn glyph by glyph, then again 0.3 pt to the right: PDFium merges a shadow
    drawn right after its glyph by itself, but not one a whole page later."""
    from reportlab.pdfgen import canvas

    lines = (RESOURCES / "judgment.txt").read_text("utf-8").splitlines()[:12]
    bold = tmp_path / "bold.pdf"
    page = canvas.Canvas(str(bold), pagesize=(420, 595))
    font = register_font("wqy-zenhei")
    for shift in (0.0, 0.3):
        for n, line in enumerate(lines):
            for i, char in enumerate(line):
                page.setFont(font, 12)
                page.drawString(40 + 12 * i + shift, 550 - 22 * n, char)
    page.save()
    assert_same_as_pdfplumber(bold)
    (got, _), = pdfium_layers(bold)
    assert texts(got) == lines


def test_lone_spaces_and_line_end_hyphens_read_as_pdfplumber_reads_them(tmp_path: Path) -> None:
    """A court's signature line sets its spaces as text objects of their own, which PDFium
    leaves out; a Latin word broken at a line's end keeps its hyphen."""
    from reportlab.pdfgen import canvas

    spaced = tmp_path / "spaced.pdf"
    page = canvas.Canvas(str(spaced), pagesize=(420, 595))
    font = register_font("uming")
    text = page.beginText(200, 500)
    for char in "审判长袁锐":
        text.setFont(font, 15.75)
        text.textOut(char)
        text.setFont("Helvetica", 15.75)
        text.textOut(" ")
    page.drawText(text)
    text = page.beginText(40, 400)
    text.setFont(font, 12)
    text.textOut("其中平板电脑的型号是iPad2WI-")
    text.setTextOrigin(40, 385)
    text.textOut("FI，价值人民币三千元。")
    page.drawText(text)
    page.save()
    assert assert_same_as_pdfplumber(spaced) > 20
    (lines, _), = pdfium_layers(spaced)
    assert texts(lines) == ["审 判 长 袁 锐", "其中平板电脑的型号是iPad2WI-", "FI，价值人民币三千元。"]


REAL_TEXTS = Path(__file__).parents[3] / "shared" / "corpus" / "real-judgments"


@pytest.mark.skipif(not REAL_TEXTS.is_dir(), reason="shared real-judgment corpus not beside the clone")
def test_real_judgments_printed_in_court_layout_read_as_pdfplumber_reads_them(tmp_path: Path) -> None:
    from synth.judgment import render_judgment

    for source in sorted(REAL_TEXTS.glob("case_*.txt")):
        pdf, = render_judgment(source.read_text("utf-8"), tmp_path, source.stem, "uming")
        assert assert_same_as_pdfplumber(pdf) > 500


def test_unmapped_glyphs_are_refused_by_both_readers(tmp_path: Path) -> None:
    """Without its ToUnicode map a subset CJK font's codes mean nothing: pdfplumber writes
    "(cid:N)", PDFium U+FFFD or Latin-1 letters; triage refuses the page either way."""
    unmapped = tmp_path / "unmapped.pdf"
    with pikepdf.open(RESOURCES / "judgment.pdf") as pdf:
        fonts = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and "/ToUnicode" in o]
        assert fonts
        for font in fonts:
            del font["/ToUnicode"]
        pdf.save(unmapped)
    (lines, coverage), = pdfium_layers(unmapped)
    assert "\ufffd" in "".join(texts(lines))
    assert not judge_text_layer(lines, image_coverage=coverage).trusted
    want, want_coverage = plumber_layer(unmapped, 0)
    assert any(g.char.startswith("(cid:") for line in want for g in line)
    assert not judge_text_layer(want, image_coverage=want_coverage).trusted


def test_a_mediabox_off_the_origin_keeps_page_relative_boxes(tmp_path: Path) -> None:
    """Boxes are measured from the MediaBox's top-left corner, as redaction renders the page
    (pdfplumber adds the MediaBox's left edge back, so it is no reference here)."""
    moved = tmp_path / "moved.pdf"
    with pikepdf.open(RESOURCES / "judgment.pdf") as pdf:
        page = pdf.pages[0]
        x0, y0, x1, y1 = (float(v) for v in page.MediaBox)
        page.MediaBox = pikepdf.Array([x0 + 100, y0 + 200, x1 + 100, y1 + 200])
        page.contents_add(pdf.make_stream(b"q 1 0 0 1 100 200 cm"), prepend=True)
        page.contents_add(pdf.make_stream(b"Q"))
        pdf.save(moved)
    (plain, _), = pdfium_layers(RESOURCES / "judgment.pdf")
    (lines, _), = pdfium_layers(moved)
    assert texts(lines) == texts(plain)
    for got, want in zip((g for line in lines for g in line), (g for line in plain for g in line)):
        assert got.bbox == pytest.approx(want.bbox, abs=0.01)


def test_pages_placed_as_form_xobjects_read_as_pdfplumber_reads_them(tmp_path: Path) -> None:
    """A scan and a scan under a text layer, each shrunk onto a new page as a form XObject
    (as page-imposing tools do): the characters and the images' share of the page follow the form's matrix."""
    placed = tmp_path / "placed.pdf"
    with pikepdf.open(RESOURCES / "mixed.pdf") as src, pikepdf.new() as out:
        for index in (1, 2):
            x0, y0, x1, y1 = (float(v) for v in src.pages[index].MediaBox)
            page = out.add_blank_page(page_size=(x1 - x0, y1 - y0))
            form = out.copy_foreign(src.pages[index].as_form_xobject())
            name = page.add_resource(form, pikepdf.Name.XObject)
            area = pikepdf.Rectangle(50, 100, 50 + (x1 - x0) / 2, 100 + (y1 - y0) / 2)
            page.contents_add(out.make_stream(page.calc_form_xobject_placement(form, name, area)))
        out.save(placed)
    assert assert_same_as_pdfplumber(placed) > 200
    assert [coverage for _, coverage in pdfium_layers(placed)] == pytest.approx([0.25, 0.25], abs=0.01)
