"""The synthetic archive's co-defendant dossiers, text-layer and scanned: every output
is read back and must show no identifier of a sealed minor; and everything a
check writes is thrown away when one fails."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from core.atomic import TEMP_PREFIX
from core.keys import MasterKey
from extractors.pages import read_pages
from models.errors import LeakDetectedError
from models.record import DecisionRecord
from redaction.leakcheck import leak_check, pages_to_ocr
from redaction.outputs import write_outputs
from redaction.redact import removal_plan, write_redacted_copy
from redaction.sealed import SealConfig
from synth.archive import truth_path, write_plan
from synth.plan import plan_case

CONFIG = SealConfig("广东省广州市天河区人民法院", dt.date(2026, 11, 23), "national")


def load(path: Path) -> DecisionRecord:
    return DecisionRecord.from_dict(json.loads(truth_path(path).read_text()))


def minors_to_remove(record: DecisionRecord) -> list[str]:
    """Sealed minors of this file, and minors tried separately who are named in it."""
    return [p.person_id for p in record.persons if p.minor_at_offence and p.role in ("defendant", "suspect", "other")
            and ((p.decision and p.decision.outcome == "seal") or p.tried_separately)]


def adults(record: DecisionRecord) -> list[str]:
    return [p.name for p in record.persons if p.role == "defendant" and p.minor_at_offence is False]


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("archive")
    minor_file, adult_file = plan_case(3, ["d0001", "d0002"], 0.0, kind="split")
    write_plan(minor_file, out, text=True)
    write_plan(adult_file, out, text=True, scan_format="pdf")
    write_plan(plan_case(1, ["d0003"], 0.0, kind="joint")[0], out, text=True)
    return {"minor": out / "d0001.pdf", "adult": out / "d0002.pdf", "adult_scan": out / "d0002.scan.pdf",
            "joint": out / "d0003.pdf"}


@pytest.mark.parametrize("which", ["adult", "joint"])
def test_text_layer_codefendant_copy_shows_no_identifier(archive, which, tmp_path):
    source = archive[which]
    record = load(source)
    remove = minors_to_remove(record)
    assert remove and adults(record), "the case must have a sealed minor beside an adult"
    identifiers = [v for v, _ in removal_plan(record, remove)[0]]
    pages = read_pages(source)
    assert leak_check(source, identifiers, ocr_pages=[]), "the original names the minor"
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    out = tmp_path / "copy.pdf"
    report = write_redacted_copy(source, pages, record, remove, out)
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before
    assert report.spans_removed > 0
    assert leak_check(out, identifiers, ocr_pages=[]) == []
    with pdfplumber.open(out) as doc:
        text = "".join(p.extract_text() for p in doc.pages).replace("\n", "")
    for name in adults(record):
        assert name in text, "the adult stays named"
    assert "含犯罪记录封存信息" in text and "未成年同案人甲" in text


@pytest.mark.slow
def test_scanned_codefendant_copy_shows_no_identifier_even_to_ocr(archive, tmp_path):
    """The adult's scanned file: OCR'd page text in, pixels burnt, read back by OCR."""
    record = load(archive["adult"])
    remove = minors_to_remove(record)
    identifiers = [v for v, _ in removal_plan(record, remove)[0]]
    text_pages = read_pages(archive["adult"])
    naming = [p.number for p in text_pages if any(i in p.text.replace("\n", "") for i in identifiers)]
    assert naming, "the adult's file names the minor somewhere"
    scan = tmp_path / "scan-excerpt.pdf"      # the first scanned page naming the minor: OCR is slow
    with pikepdf.open(archive["adult_scan"]) as pdf, pikepdf.new() as excerpt:
        excerpt.pages.append(pdf.pages[naming[0] - 1])
        excerpt.save(scan)
    pages = read_pages(scan)
    assert all(p.source == "ocr" for p in pages)
    out = tmp_path / "copy.pdf"
    report = write_redacted_copy(scan, pages, record, remove, out)
    assert report.spans_removed > 0, "OCR read the minor's name, so there was something to remove"
    hits = leak_check(out, identifiers, ocr_pages=pages_to_ocr(pages, identifiers, report.pages_redacted))
    assert hits == []


def test_minor_dossier_is_sealed_with_a_notice(archive, tmp_path):
    source = archive["minor"]
    record = load(source)
    key = MasterKey.create(tmp_path / "master.key")
    store = tmp_path / "store"
    (store / "d1").mkdir(parents=True)
    (store / "d1" / f"{TEMP_PREFIX}left-by-a-killed-run").write_bytes(b"x")
    outputs = write_outputs(record, source, read_pages(source), store / "d1", key, CONFIG,
                            sealed_person_ids=minors_to_remove(record), redact_person_ids=[],
                            mark_case_file=False)
    sid = record.dossier_id[:12]
    assert outputs.sealed_pdf == f"d1/{sid}.sealed.pdf"
    assert outputs.notices == [f"d1/{sid}.notice.P1.pdf"] and outputs.redacted_copies == []
    assert sorted(p.name for p in (store / "d1").iterdir()) == sorted(
        [f"{sid}.sealed.pdf", f"{sid}.sealed.pdf.key", f"{sid}.notice.P1.pdf", f"{sid}.notice.P1.pdf.key"])
    for rel in [outputs.sealed_pdf, *outputs.notices]:
        shown = subprocess.run(["qpdf", "--show-encryption", str(store / rel)], capture_output=True, text=True)
        assert "R = 6" in shown.stdout and "file encryption method: AESv3" in shown.stdout
        with pytest.raises(pikepdf.PasswordError):
            pikepdf.open(store / rel)


@pytest.mark.slow
def test_adult_dossier_outputs_are_verified_and_a_failing_check_releases_nothing(archive, tmp_path):
    source = archive["adult"]
    record = load(source)
    key = MasterKey.create(tmp_path / "master.key")
    pages = read_pages(source)
    remove = minors_to_remove(record)
    outputs = write_outputs(record, source, pages, tmp_path / "store" / "ok", key, CONFIG,
                            sealed_person_ids=[], redact_person_ids=remove, mark_case_file=True)
    assert outputs.redacted_copies == [f"ok/{record.dossier_id[:12]}.redacted.pdf"]
    assert outputs.sealed_pdf is None and outputs.notices == []

    # page text that lost the pages naming the minor: redaction cannot see them, the check must
    identifiers = [v for v, _ in removal_plan(record, remove)[0]]
    blind = [p for p in pages if not any(i in p.text.replace("\n", "") for i in identifiers)]
    bad_dir = tmp_path / "store" / "bad"
    with pytest.raises(LeakDetectedError) as caught:
        write_outputs(record, source, blind, bad_dir, key, CONFIG,
                      sealed_person_ids=[], redact_person_ids=remove, mark_case_file=True)
    message = str(caught.value)
    assert record.dossier_id[:12] in message and "text_layer" in message
    assert not any(i in message for i in identifiers)
    assert list(bad_dir.iterdir()) == []


def test_an_image_is_searched_as_stored_not_as_decoded_pixels(tmp_path: Path) -> None:
    """Four bytes of a name in a photograph's samples are chance, and OCR reads pixels; a
    name in the bytes an image is stored as (a JPEG's comment) is found."""
    import io

    from PIL import Image

    name = "于涛"
    samples = (b"\xf0" * 400 + name.encode("gb18030") + b"\xf0" * 400)[:27 * 30]
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    pixels = pikepdf.Stream(pdf, samples, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image,
                            Width=27, Height=10, ColorSpace=pikepdf.Name.DeviceRGB, BitsPerComponent=8)
    pdf.pages[0].Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=pixels))
    clean = tmp_path / "pixels.pdf"
    pdf.save(clean, compress_streams=True)
    assert leak_check(clean, [name], ocr_pages=[]) == []

    jpeg = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(jpeg, "JPEG", comment=name.encode("utf-8"))
    photo = pikepdf.Stream(pdf, jpeg.getvalue(), Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image,
                           Width=8, Height=8, ColorSpace=pikepdf.Name.DeviceRGB, BitsPerComponent=8,
                           Filter=pikepdf.Name.DCTDecode)
    pdf.pages[0].Resources.XObject.Im1 = photo
    commented = tmp_path / "comment.pdf"
    pdf.save(commented, compress_streams=True)
    assert [h.channel for h in leak_check(commented, [name], ocr_pages=[])] == ["raw_bytes"]
    # encrypted, the file's bytes hide the stored image; it is searched decrypted, as stored
    locked = tmp_path / "comment-encrypted.pdf"
    pdf.save(locked, compress_streams=True, encryption=pikepdf.Encryption(owner="o", user="u", aes=True, R=6))
    assert [h.channel for h in leak_check(locked, [name], password="u", ocr_pages=[])] == ["raw_bytes"]
