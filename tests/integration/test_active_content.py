"""Outputs are inert: a source's JavaScript, actions, embedded files, form and metadata
never reach the sealed dossier, its notice or the redacted copy, and the leak check
rejects an output that carries any of them."""
from __future__ import annotations

import datetime as dt
import io
import secrets

import numpy as np
import pikepdf
import pypdfium2 as pdfium
import pytest

from core.keys import MasterKey
from models.record import Decision
from redaction.leakcheck import check_inert, check_sealed
from redaction.outputs import write_outputs
from redaction.sanitise import active_content, strip_active_content
from redaction.sealed import SEALED_PERMISSIONS, SealConfig, open_sealed, unwrap_password
from support.redaction import (ACTIVE_MARKERS, FIELD_BOX, FIELD_FILL, make_active_pdf, record_for,
                               text_layer_pages)

CONFIG = SealConfig("浙江省杭州市上城区人民法院", dt.date(2026, 11, 23), "national")
EVERY_KIND = {"catalog /OpenAction", "catalog /AcroForm", "catalog /Metadata", "name tree /JavaScript",
              "name tree /EmbeddedFiles", "document info", "/AA entry", "/JS entry", "/EF entry",
              "/Launch action", "/URI action", "/JavaScript action", "/Widget annotation",
              "/FileAttachment annotation", "embedded file"}


@pytest.fixture(scope="module")
def dossier(tmp_path_factory):
    """The active source sealed (with a notice) and copied for ordinary use, through write_outputs."""
    source = make_active_pdf(tmp_path_factory.mktemp("in") / "active.pdf")
    record = record_for(source)
    minor = next(p for p in record.persons if p.person_id == "P2")
    minor.decision = Decision("seal", (), (), ())
    key = MasterKey.create(tmp_path_factory.mktemp("key") / "master.key")
    store = tmp_path_factory.mktemp("store")
    outputs = write_outputs(record, source, text_layer_pages(source), store / "d1", key, CONFIG,
                            sealed_person_ids=["P2"], redact_person_ids=["P2"], mark_case_file=False)
    return source, record, key, store, outputs


def _plain_bytes(pdf: pikepdf.Pdf) -> bytes:
    """The file decrypted, uncompressed, no object streams: every marker would show as written."""
    buffer = io.BytesIO()
    pdf.save(buffer, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.generalized,
             object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return buffer.getvalue()


def _field_pixel(pdf_bytes: bytes, password: str | None = None) -> tuple[int, int, int]:
    """The colour at the centre of the form field's box on page 1, rendered as displayed."""
    doc = pdfium.PdfDocument(pdf_bytes, password=password)
    doc.init_forms()      # a viewer draws the form's fields
    try:
        image = np.asarray(doc[0].render(scale=1).to_pil().convert("RGB"))
    finally:
        doc.close()
    x0, y0, x1, y1 = FIELD_BOX
    return tuple(int(v) for v in image[image.shape[0] - round((y0 + y1) / 2), round((x0 + x1) / 2)])


def _assert_inert(pdf: pikepdf.Pdf) -> None:
    for key in ("/OpenAction", "/AA", "/AcroForm", "/Metadata", "/AF"):
        assert key not in pdf.Root, key
    assert "/Names" not in pdf.Root or not {"/JavaScript", "/EmbeddedFiles"} & set(pdf.Root.Names.keys())
    assert len(pdf.attachments) == 0
    assert "/Info" not in pdf.trailer
    for page in pdf.pages:
        assert "/AA" not in page.obj and "/Metadata" not in page.obj
        for annot in page.obj.get("/Annots", []):
            assert annot.Subtype not in (pikepdf.Name.Widget, pikepdf.Name.FileAttachment)
            assert "/A" not in annot or annot.A.S == pikepdf.Name.GoTo
    assert active_content(pdf) == []
    plain = _plain_bytes(pdf)
    assert not [m for m in ACTIVE_MARKERS if m.encode() in plain]


def test_the_source_carries_every_kind_of_active_content(dossier):
    """Else the tests below could not fail."""
    source = dossier[0]
    with pikepdf.open(source) as pdf:
        assert EVERY_KIND <= set(active_content(pdf))
        assert len(pdf.attachments) == 1
        plain = _plain_bytes(pdf)
    assert all(m.encode() in plain for m in ACTIVE_MARKERS)
    assert _field_pixel(source.read_bytes()) == tuple(round(255 * c) for c in FIELD_FILL)


def test_sealed_dossier_and_notice_are_inert(dossier):
    _, record, key, store, outputs = dossier
    sealed = store / outputs.sealed_pdf
    with open_sealed(sealed, key, record.dossier_id) as pdf:
        _assert_inert(pdf)
        assert len(pdf.pages) == 3, "the whole volume"
    for notice in outputs.notices:
        with open_sealed(store / notice, key, record.dossier_id) as pdf:
            _assert_inert(pdf)


def test_sealed_dossier_keeps_the_form_field_as_it_looked(dossier):
    """The field is gone, its appearance flattened into the page: the sealed page shows it."""
    _, record, key, store, outputs = dossier
    sealed = store / outputs.sealed_pdf
    pixel = _field_pixel(sealed.read_bytes(), unwrap_password(sealed, key, record.dossier_id))
    assert pixel == tuple(round(255 * c) for c in FIELD_FILL)


def test_redacted_copy_is_inert(dossier):
    _, _, _, store, outputs = dossier
    (copy,) = outputs.redacted_copies
    with pikepdf.open(store / copy) as pdf:
        _assert_inert(pdf)


def test_leak_check_rejects_a_copy_with_injected_javascript(dossier, tmp_path):
    _, _, _, store, outputs = dossier
    copy = store / outputs.redacted_copies[0]
    assert check_inert(copy) == []
    with pikepdf.open(copy) as pdf:
        pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
        pdf.save(tmp_path / "injected.pdf")
    assert check_inert(tmp_path / "injected.pdf") == ["carries /JS entry", "carries /JavaScript action",
                                                      "carries catalog /OpenAction"]


def test_leak_check_rejects_a_sealed_file_with_an_injected_attachment(dossier, tmp_path):
    """Re-encrypted with the same password and permissions: only the attachment differs."""
    _, record, key, store, outputs = dossier
    sealed = store / outputs.sealed_pdf
    password = unwrap_password(sealed, key, record.dossier_id)
    short = record.dossier_id[:12]
    assert check_sealed(sealed, password, short) == []
    with open_sealed(sealed, key, record.dossier_id) as pdf:
        pdf.attachments["x.bin"] = pikepdf.AttachedFileSpec(pdf, b"x")
        pdf.save(tmp_path / "injected.pdf", encryption=pikepdf.Encryption(
            owner=secrets.token_urlsafe(16), user=password, R=6, aes=True, allow=SEALED_PERMISSIONS))
    problems = check_sealed(tmp_path / "injected.pdf", password, short)
    assert "carries name tree /EmbeddedFiles" in problems and "carries embedded file" in problems


def test_a_tagged_files_structure_attributes_are_no_action():
    """/A also names a structure element's attributes: a tagged judgment (Word exports them)
    keeps them and is not sent to review for them."""
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        element = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.StructElem, S=pikepdf.Name.P,
            A=pikepdf.Dictionary(O=pikepdf.Name.Layout, Placement=pikepdf.Name.Block)))
        pdf.Root.StructTreeRoot = pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot, K=element)
        assert active_content(pdf) == []
        strip_active_content(pdf)
        assert element.A.O == pikepdf.Name.Layout
