"""The redacted copy of a text-layer dossier, read back as an attacker would; and
proof that the leak check catches a redaction that only covers."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io

import numpy as np
import pikepdf
import pytest
import pypdfium2 as pdfium
from reportlab.pdfgen.canvas import Canvas

from extractors.text import DossierText
from models.errors import InputFileError
from models.record import DecisionRecord, Person, Source
from redaction import marks
from redaction.leakcheck import LeakHit, leak_check
from redaction.redact import FILL, find_spans, removal_plan, write_redacted_copy
from support.redaction import (ADULT_NAME, CASE_NUMBER, JUDGE, MINOR, PHOTO_BOX, SEAL_BOX,
                                    make_judgment_pdf, record_for, text_layer_pages)


@pytest.fixture(scope="module")
def dossier(tmp_path_factory):
    path = make_judgment_pdf(tmp_path_factory.mktemp("in") / "adult.pdf")
    record = record_for(path)
    identifiers = [v for v, _ in removal_plan(record, ["P2"])[0]]
    return path, text_layer_pages(path), record, identifiers


@pytest.fixture(scope="module")
def redacted(dossier, tmp_path_factory):
    path, pages, record, _ = dossier
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    out = tmp_path_factory.mktemp("out") / "copy.pdf"
    report = write_redacted_copy(path, pages, record, ["P2"], out)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before, "the original must not change"
    return out, report


def text_of(path) -> str:
    import pdfplumber
    with pdfplumber.open(path) as doc:
        return "\n".join(p.extract_text() or "" for p in doc.pages)


def test_source_carries_every_identifier_so_the_check_has_something_to_find(dossier):
    path, _, _, identifiers = dossier
    hits = leak_check(path, identifiers, ocr_pages=[])
    assert {h.channel for h in hits} == {"text_layer", "raw_bytes", "metadata"}


def test_redacted_copy_has_no_identifier_in_text_bytes_or_metadata(dossier, redacted):
    _, _, _, identifiers = dossier
    out, report = redacted
    assert report.pages_redacted == (1, 2) and report.photos_removed == 1 and report.pages == 3
    assert report.spans_removed >= 10
    assert leak_check(out, identifiers, ocr_pages=[]) == []


def test_only_the_minor_is_removed_and_the_copy_stays_readable(redacted):
    out, _ = redacted
    text = text_of(out)
    # over-redaction is a failure too: the adult, the judge, the case number, the court stay
    for kept in [ADULT_NAME, JUDGE, CASE_NUMBER, "公诉机关浙江省杭州市上城区人民检察院。", "判处有期徒刑一年六个月"]:
        assert kept in text
    for label in ["被告人未成年同案人甲", "其法定代理人", "［已删除］", "含犯罪记录封存信息"]:
        assert label in text


def test_copy_is_a_fresh_file_without_anything_that_can_carry_a_name(redacted):
    out, _ = redacted
    raw = out.read_bytes()
    assert raw.count(b"%%EOF") == 1, "one revision only"
    with pikepdf.open(out) as pdf:
        assert len(pdf.docinfo) == 0
        for key in ("/Metadata", "/Outlines", "/PageLabels", "/Names", "/AcroForm", "/OpenAction"):
            assert key not in pdf.Root
        assert not pdf.attachments
        for page in pdf.pages:
            assert "/Annots" not in page.obj and "/Thumb" not in page.obj and "/AA" not in page.obj


def test_rebuilt_page_images_are_stored_as_binary_jpeg(redacted):
    """Not as ASCII85 text, where a short name's UTF-16 bytes (吴浩 is "T4mi") turn up by
    chance and the raw-bytes channel reports a leak that is not there."""
    out, report = redacted
    with pikepdf.open(out) as pdf:
        filters = [img.get("/Filter") for number in report.pages_redacted
                   for img in pdf.pages[number - 1].get_images().values()]
    assert len(filters) >= len(report.pages_redacted) > 0
    assert all(f == pikepdf.Name.DCTDecode for f in filters), filters


def region(path, page_index, box):
    page = pdfium.PdfDocument(path)[page_index]
    image = np.asarray(page.render(scale=1).to_pil().convert("RGB")).astype(int)
    x0, top, x1, bottom = (round(v) for v in box)
    return image[top + 3:bottom - 3, x0 + 3:x1 - 3]


def test_photograph_on_a_page_naming_the_minor_is_overwritten(dossier, redacted):
    source, _, _, _ = dossier
    out, _ = redacted
    assert region(source, 1, PHOTO_BOX).std() > 30                    # the gradient photograph is there
    after = region(out, 1, PHOTO_BOX)
    assert after.std() < 25 and abs(after.mean() - FILL[0]) < 20


def test_a_photograph_inside_a_form_xobject_is_overwritten_where_the_form_places_it(dossier, tmp_path):
    """A page drawn as one form XObject moved 60 pt down: the photograph is found through the
    form's matrix and painted over where it shows, not where the form's own space has it."""
    source, _, record, _ = dossier
    moved = tmp_path / "moved.pdf"
    with pikepdf.open(source) as pdf:
        page = pdf.pages[1]
        form = pikepdf.Stream(pdf, page.obj.Contents.read_bytes(), Type=pikepdf.Name.XObject,
                              Subtype=pikepdf.Name.Form, BBox=page.mediabox, Resources=page.obj.Resources)
        page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fm0=form))
        page.obj.Contents = pdf.make_stream(b"q 1 0 0 1 0 -60 cm /Fm0 Do Q")
        pdf.save(moved)
    out = tmp_path / "copy.pdf"
    report = write_redacted_copy(moved, text_layer_pages(moved), record, ["P2"], out)
    assert report.photos_removed == 1
    x0, top, x1, bottom = PHOTO_BOX
    assert region(moved, 1, (x0, top + 60, x1, bottom + 60)).std() > 30
    after = region(out, 1, (x0, top + 60, x1, bottom + 60))
    assert after.std() < 25 and abs(after.mean() - FILL[0]) < 20


def test_the_courts_seal_is_no_photograph_and_stays(dossier, redacted):
    source, _, _, _ = dossier
    out, _ = redacted

    def red_share(pixels):
        return ((pixels[..., 0] > 150) & (pixels[..., 1] < 90) & (pixels[..., 2] < 90)).mean()

    assert red_share(region(source, 0, SEAL_BOX)) > 0.05
    assert red_share(region(out, 0, SEAL_BOX)) > 0.05


def test_overlay_only_redaction_is_caught(dossier, tmp_path):
    """Black boxes drawn over the minor's identifiers hide them from the eye only."""
    path, pages, record, identifiers = dossier
    doc = DossierText(pages)
    spans = find_spans(doc, removal_plan(record, ["P2"])[0])
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(595, 842))
    for number in range(1, 4):
        for span in spans:
            for page_no, (x0, top, x1, bottom) in doc.boxes(span.start, span.end):
                if page_no == number:
                    canvas.rect(x0, 842 - bottom, x1 - x0, bottom - top, fill=1)
        canvas.showPage()
    canvas.save()
    boxes = pikepdf.open(io.BytesIO(buffer.getvalue()))
    covered = pikepdf.new()
    with pikepdf.open(path) as src:
        for i, page in enumerate(src.pages):
            covered.pages.append(page)
            covered.pages[i].add_overlay(boxes.pages[i])
    bad = tmp_path / "covered.pdf"
    covered.save(bad)
    hits = leak_check(bad, identifiers, ocr_pages=[])
    assert "text_layer" in {h.channel for h in hits}
    assert {0, identifiers.index(MINOR["id_number"])} <= {h.identifier_index for h in hits}


def test_a_name_in_document_info_or_an_attachment_is_caught(dossier, redacted, tmp_path):
    _, _, _, identifiers = dossier
    out, _ = redacted
    with pikepdf.open(out) as pdf:
        pdf.docinfo["/Subject"] = f"涉及{MINOR['name']}"
        pdf.attachments["a.txt"] = pikepdf.AttachedFileSpec(pdf, MINOR["phone"].encode())
        tampered = tmp_path / "tampered.pdf"
        pdf.save(tampered)
    hits = {(h.channel, h.identifier_index) for h in leak_check(tampered, identifiers, ocr_pages=[])}
    assert ("metadata", 0) in hits
    assert ("raw_bytes", identifiers.index(MINOR["phone"])) in hits


def test_an_unreadable_source_is_one_clear_error(dossier, tmp_path):
    _, pages, record, _ = dossier
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nnot really")
    with pytest.raises(InputFileError, match="broken.pdf: not a readable PDF"):
        write_redacted_copy(broken, pages, record, ["P2"], tmp_path / "out.pdf")
    assert not (tmp_path / "out.pdf").exists()


@pytest.mark.slow
def test_pixel_channel_reads_a_name_that_has_no_text_layer(dossier, tmp_path):
    """A page that is only an image still shows the name: OCR must find it."""
    path, _, _, identifiers = dossier
    image = pdfium.PdfDocument(path)[0].render(scale=200 / 72).to_pil().convert("RGB")
    scan = tmp_path / "scan.pdf"
    image.save(scan, "PDF", resolution=200)
    hits = leak_check(scan, identifiers, ocr_pages=[1])
    assert {h.channel for h in hits} == {"pixels"}
    assert 0 in {h.identifier_index for h in hits}
    # and pages not asked for are not read
    assert leak_check(scan, identifiers, ocr_pages=[]) == []


@pytest.mark.slow
def test_tiff_dossier_becomes_a_redacted_pdf_that_ocr_cannot_read_the_minor_in(dossier, tmp_path):
    """An image input: its frames become PDF pages, the boxes are burnt into the pixels."""
    path, text_pages, record, identifiers = dossier
    doc = pdfium.PdfDocument(path)
    frames = [doc[i].render(scale=200 / 72).to_pil().convert("L") for i in range(len(doc))]
    tiff = tmp_path / "adult.tif"
    frames[0].save(tiff, save_all=True, append_images=frames[1:], dpi=(200, 200), compression="tiff_lzw")
    # the page text an OCR engine would give: same boxes in points, OCR confidence
    pages = [dataclasses.replace(p, lines=[[dataclasses.replace(g, confidence=0.95) for g in line]
                                           for line in p.lines], source="ocr", engine="test", dpi=200)
             for p in text_pages]
    out = tmp_path / "copy.pdf"
    report = write_redacted_copy(tiff, pages, record, ["P2"], out)
    assert report.pages_redacted == (1, 2)
    assert leak_check(out, identifiers, ocr_pages=[1]) == []


def test_raw_bytes_finds_an_id_number_written_as_utf16_hex(redacted, dossier, tmp_path):
    """As PDF strings hold Chinese text: <FEFF…>, the ID's hex right after a space's 0020."""
    _, _, _, identifiers = dossier
    out, _ = redacted
    hexed = ("公民身份号码 " + MINOR["id_number"]).encode("utf-16-be").hex().upper()
    with pikepdf.open(out) as pdf:
        pdf.attachments["x.txt"] = pikepdf.AttachedFileSpec(pdf, f"<FEFF{hexed}>".encode())
        tampered = tmp_path / "hex.pdf"
        pdf.save(tampered)
    hits = leak_check(tampered, identifiers, ocr_pages=[])
    assert LeakHit(None, "raw_bytes", identifiers.index(MINOR["id_number"])) in hits


def test_a_transliterated_name_is_removed_whichever_middle_dot_a_line_prints(tmp_path):
    """努尔买买提·库尔班 printed with · in the party paragraph and ・ in the findings: both are the
    minor's name, removed from text and pixels, read back by every channel of the leak check."""
    name = "努尔买买提·库尔班"
    lines = [f"被告人{ADULT_NAME}，男，1990年6月1日出生。", f"被告人{name}，男，2005年3月15日出生。",
             f"经审理查明：被告人{ADULT_NAME}伙同被告人{name.replace('·', '・')}多次盗窃。"]
    font = marks.cjk_font()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(595.0, 842.0))
    for i, line in enumerate(lines):
        canvas.setFont(font, 12)
        canvas.drawString(60, 780 - 24 * i, line)
    canvas.showPage()
    canvas.save()
    path = tmp_path / "adult.pdf"
    path.write_bytes(buffer.getvalue())
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    record = DecisionRecord(digest, Source(str(path), digest, 1), persons=[
        Person("P1", "defendant", ADULT_NAME, birth_date=dt.date(1990, 6, 1)),
        Person("P2", "defendant", name, birth_date=dt.date(2005, 3, 15))])
    out = tmp_path / "copy.pdf"
    report = write_redacted_copy(path, text_layer_pages(path), record, ["P2"], out)
    assert report.spans_removed >= 3      # the name twice, the birth date
    assert leak_check(out, [name, name.replace("·", "・"), "努尔买买提", "库尔班"], ocr_pages=None) == []
    assert ADULT_NAME in text_of(out)
