"""Typefaces, the national court layout, scan looks, and real judgments printed in court style."""
from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from PIL import Image

import synth
from extractors.pages import read_pages
from synth.judgment import judgment_document, render_judgment
from synth.render import COURT, COURT_BODY, TYPEFACES, layout, typeface, write_pdf
from synth.scan import ScanLook

JUDGMENT = ("某某省某某县人民法院 刑事判决书 （2019）某0101刑初1号 公诉机关某某县人民检察院。 "
            "被告人张某，男，2001年3月17日出生。 " + "经审理查明，" + "被告人张某盗窃财物，" * 30 + "数额较大。 "
            "判决如下： 被告人张某犯盗窃罪，判处有期徒刑六个月。 审判员李某 二〇一九年五月六日 书记员王某")


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("name", sorted(TYPEFACES))
def test_every_typeface_is_installed(name: str) -> None:
    assert Path(typeface(name).path).is_file()


def test_unknown_typeface_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="choose one of"):
        typeface("comic-sans")


def test_court_layout_is_28_characters_by_22_lines() -> None:
    doc = judgment_document("甲" * 28 * 60)
    pages, _ = layout([doc], [], "uming", COURT)
    first = pages[0].lines
    assert [len(line.text) for line in first[1:4]] == [28, 28, 28]     # the first line is indented two characters
    assert len(first[0].text) == 26
    assert len(first) == 22
    assert {line.size for line in first} == {COURT_BODY}


def test_judgment_blocks_keep_every_character_and_seal_the_date() -> None:
    doc = judgment_document(JUDGMENT)
    styles = [s for s, _ in doc.blocks]
    assert styles[:3] == ["court", "title", "number"]
    assert styles[styles.index("seal") - 1] == "sign"
    assert dict((t, s) for s, t in doc.blocks)["二〇一九年五月六日"] == "sign"
    assert doc.seal_text == "某某省某某县人民法院"
    assert "".join(t for _, t in doc.blocks) == _compact(JUDGMENT)


@pytest.mark.parametrize("face", [t.name for t in TYPEFACES.values() if t.embeddable])
def test_text_layer_reads_back_as_the_judgment(face: str, tmp_path: Path) -> None:
    pdf, = render_judgment(JUDGMENT, tmp_path, "case_900", face)
    lines = [("".join(g.char for g in line), page.number) for page in read_pages(pdf) for line in page.lines]
    text = "".join(line for line, number in lines if line != str(number))   # without the archive's page stamps
    assert _compact(text) == _compact(JUDGMENT)


def test_a_cff_typeface_never_goes_into_a_text_layer(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cannot be embedded"):
        render_judgment(JUDGMENT, tmp_path, "case_900", "noto-serif")
    pages, _ = layout([judgment_document(JUDGMENT)], [], "noto-serif", COURT)
    with pytest.raises(ValueError, match="scans only"):
        write_pdf(pages)
    with pytest.raises(ValueError, match="scanned_fraction 1"):
        synth.generate(tmp_path / "x", 1, 3, face="noto-serif")


@pytest.mark.slow
def test_grey_yellowed_scan_in_a_song_face(tmp_path: Path) -> None:
    scan, = render_judgment(JUDGMENT, tmp_path, "case_900", "noto-serif", text_layer=False, scan_dpi=200,
                            look=ScanLook("grey", "yellowed"))
    pages = (tmp_path / "case_900.txt").read_text("utf-8").split("\f")
    with pikepdf.open(scan) as pdf:
        assert len(pages) == len(pdf.pages)
        images = [next(iter(page.get_images().values())) for page in pdf.pages]
        assert {str(i.ColorSpace) for i in images} == {"/DeviceGray"}
        assert {int(i.Width) for i in images} == {round(595.2756 * 200 / 72)}
    yellow, = render_judgment(JUDGMENT, tmp_path / "y", "case_900", "noto-serif", text_layer=False, scan_dpi=200,
                              look=ScanLook("colour", "yellowed"))
    with pikepdf.open(yellow) as pdf:
        raw = next(iter(pdf.pages[0].get_images().values())).read_raw_bytes()
    (tmp_path / "p.jpg").write_bytes(raw)
    margin = np.asarray(Image.open(tmp_path / "p.jpg"))[20:120, 20:120].reshape(-1, 3).mean(axis=0)
    assert margin[2] < margin[0] - 25          # blue well below red: yellowed paper


@pytest.mark.slow
def test_synthetic_archive_in_a_held_out_typeface(tmp_path: Path) -> None:
    files = synth.generate(tmp_path, 1, 5, scanned_fraction=1.0, tiff_fraction=0.0, scan_dpi=200,
                           face="noto-serif", page_layout="court")
    assert [f.name for f in files] == ["d0001.scan.pdf"]
    assert (tmp_path / "d0001.txt").read_text("utf-8").startswith("1\n")   # the OCR ground truth, page stamp first
    truth = json.loads(synth.truth_path(files[0]).read_text("utf-8"))
    assert truth["source"]["path"] == "d0001.scan.pdf" and "text" not in truth["files"]
    assert {p["dpi"] for p in truth["scan"]["pages"]} == {200}
