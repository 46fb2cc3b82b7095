"""Text-layer triage, line grouping and CER: the page stage's decisions without OCR (fast)."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from extractors.cer import cer, edit_distance
from extractors.pages import group_lines, page_count, read_pages, render_page
from extractors.text import Glyph
from extractors.triage import judge_text_layer

RESOURCES = Path(__file__).parents[1] / "resources"
JUDGMENT = (RESOURCES / "judgment.txt").read_text(encoding="utf-8").splitlines()


def layer(lines: list[str]) -> list[list[Glyph]]:
    """Glyph lines as a text layer would give them: 12-point characters on 22-point leading."""
    return [[Glyph(c, (40 + 12 * i, 40 + 22 * n, 52 + 12 * i, 52 + 22 * n), 1.0) for i, c in enumerate(line)]
            for n, line in enumerate(lines)]


def test_real_judgment_text_is_trusted() -> None:
    verdict = judge_text_layer(layer(JUDGMENT))
    assert verdict.trusted, verdict.reason


@pytest.mark.parametrize(("lines", "reason"), [
    (["Lorem ipsum dolor sit amet consectetur adipiscing elit"] * 3, "Latin"),
    ([line.encode("utf-8").decode("latin-1") for line in JUDGMENT], "mojibake"),
    ([" ".join(line) for line in JUDGMENT], "spaces between CJK"),
    (["".join(random.Random(7).sample(line, len(line))) for line in JUDGMENT], "do not form words"),
])
def test_garbage_layers_are_refused(lines: list[str], reason: str) -> None:
    verdict = judge_text_layer(layer(lines))
    assert not verdict.trusted
    assert reason in verdict.reason


def test_unmapped_glyphs_are_refused() -> None:
    # pdfplumber gives a glyph without a Unicode mapping the text "(cid:N)".
    cid = [[Glyph(f"(cid:{n})", (10.0 * n, 0.0, 10.0 * n + 9, 12.0), 1.0) for n in range(40)]]
    verdict = judge_text_layer(cid)
    assert not verdict.trusted and "unmapped" in verdict.reason


def test_a_few_characters_over_a_scan_are_not_a_text_layer() -> None:
    assert not judge_text_layer(layer(["副本"]), image_coverage=0.95).trusted
    assert judge_text_layer(layer(["刑事判决书"]), image_coverage=0.0).trusted
    assert not judge_text_layer([]).trusted


def test_lines_grouped_by_position_whatever_the_drawing_order() -> None:
    glyphs = [g for line in layer(JUDGMENT) for g in line]
    random.Random(1).shuffle(glyphs)
    lines = group_lines([(g.char, g.bbox) for g in glyphs])
    assert ["".join(g.char for g in line) for line in lines] == JUDGMENT


def test_born_digital_page_uses_its_text_layer_in_reading_order() -> None:
    # judgment.pdf draws its lines in shuffled order; position restores them.
    (page,) = read_pages(RESOURCES / "judgment.pdf", engine="tesseract")
    assert page.source == "text_layer" and page.engine == "text_layer"
    assert page.text.splitlines() == JUDGMENT
    assert all(g.confidence == 1.0 for g in page.glyphs)
    assert (round(page.width, 1), round(page.height, 1)) == (419.5, 595.3)
    # First character of the first line: reportlab drew it at x=40 pt, baseline 52 pt from the top.
    first = page.lines[0][0]
    assert first.char == JUDGMENT[0][0]
    assert first.bbox[0] == pytest.approx(40, abs=0.5)
    assert first.bbox[1] < 52 < first.bbox[3]


def test_render_page_and_page_count() -> None:
    assert page_count(RESOURCES / "mixed.pdf") == 4
    assert page_count(RESOURCES / "dossier.tif") == 3
    image = render_page(RESOURCES / "judgment.pdf", 1, 144)
    assert image.mode == "RGB"
    assert image.size[0] == pytest.approx(419.5 * 2, abs=1) and image.size[1] == pytest.approx(595.3 * 2, abs=1)
    frame = render_page(RESOURCES / "dossier.tif", 3)
    assert frame.size == (1749, 2481)         # the stored pixels (A5 at 300 dpi), still upside down
    with pytest.raises(ValueError):
        render_page(RESOURCES / "judgment.pdf", 2)


def test_cer() -> None:
    assert edit_distance("kitten", "sitting") == 3
    assert cer("（2015）谯刑初字", "(2015) 谯刑初字") == 0.0      # width and spacing are layout
    assert cer("亳州市谯城区", "毫州市谁城区") == pytest.approx(2 / 6)
    assert cer("", "") == 0.0 and cer("", "x") == 1.0


def test_rotated_pdf_page_keeps_stored_coordinates(tmp_path: Path) -> None:
    """A page with /Rotate 90 is displayed sideways; boxes and render stay in the page as stored."""
    import pikepdf

    rotated = tmp_path / "rotated.pdf"
    with pikepdf.open(RESOURCES / "judgment.pdf") as pdf:
        pdf.pages[0].Rotate = 90
        pdf.save(rotated)
    (plain,) = read_pages(RESOURCES / "judgment.pdf")
    (turned,) = read_pages(rotated)
    assert turned.source == "text_layer" and turned.text == plain.text
    assert (turned.width, turned.height) == pytest.approx((plain.width, plain.height))
    for a, b in zip(plain.glyphs, turned.glyphs):
        assert a.bbox == pytest.approx(b.bbox, abs=0.01)
    assert render_page(rotated, 1, 72).size == render_page(RESOURCES / "judgment.pdf", 1, 72).size


def test_sixteen_bit_and_transparent_scans_keep_their_text(tmp_path: Path) -> None:
    """Pillow alone would clip a 16-bit scan to white and put a transparent one on black."""
    import numpy as np
    from PIL import Image

    from extractors import images

    grey = np.asarray(render_page(RESOURCES / "judgment.pdf", 1, 150).convert("L"))
    sixteen = tmp_path / "sixteen.png"
    Image.fromarray(grey.astype(np.uint16) * 257).save(sixteen)
    assert Image.open(sixteen).mode.startswith("I")
    transparent = tmp_path / "transparent.png"
    rgba = np.zeros((*grey.shape, 4), np.uint8)
    rgba[..., 3] = 255 - grey                      # black ink, transparent paper
    Image.fromarray(rgba, "RGBA").save(transparent)
    for path in (sixteen, transparent):
        page = np.asarray(render_page(path, 1).convert("L"))
        assert np.abs(page.astype(int) - grey.astype(int)).mean() < 3
        assert not images.is_blank(page, 150)
