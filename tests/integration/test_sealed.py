"""The sealed dossier: real AES-256 encryption checked by qpdf, marks checked in the
text layer and the pixels, the password only ever stored wrapped."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from reportlab.pdfgen.canvas import Canvas

from core.atomic import TEMP_PREFIX, cleanup_temp
from core.keys import MasterKey
from models.errors import KeyMaterialError
from redaction import marks
from redaction.leakcheck import check_sealed
from redaction.sealed import SealConfig, open_sealed, unwrap_password, write_sealed_dossier
from support.redaction import MINOR, make_judgment_pdf, record_for

CONFIG = SealConfig("浙江省杭州市上城区人民法院", dt.date(2026, 11, 23), "national")


@pytest.fixture(scope="module")
def key(tmp_path_factory):
    return MasterKey.create(tmp_path_factory.mktemp("key") / "master.key")


@pytest.fixture(scope="module")
def sealed(tmp_path_factory, key):
    source = make_judgment_pdf(tmp_path_factory.mktemp("in") / "minor.pdf")
    record = record_for(source)
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    out = tmp_path_factory.mktemp("store") / "sealed.pdf"
    result = write_sealed_dossier(source, record, out, key, CONFIG)
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before
    return source, record, result


def test_qpdf_reports_aes256_and_no_password_opens_nothing(sealed):
    _, _, result = sealed
    shown = subprocess.run(["qpdf", "--show-encryption", str(result.path)], capture_output=True, text=True)
    assert "R = 6" in shown.stdout
    assert "stream encryption method: AESv3" in shown.stdout
    assert "extract for any purpose: not allowed" in shown.stdout
    assert "modify anything: not allowed" in shown.stdout
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(result.path)
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(result.path, password="not-the-password")


def test_whole_volume_opens_with_the_wrapped_password(sealed, key):
    source, record, result = sealed
    with pikepdf.open(source) as original, open_sealed(result.path, key, record.dossier_id) as pdf:
        assert len(pdf.pages) == len(original.pages)
        for sealed_page, page in zip(pdf.pages, original.pages):    # every page's own drawing is kept
            assert _drawing(page) in _drawing(sealed_page)
    assert check_sealed(result.path, unwrap_password(result.path, key), record.dossier_id[:12]) == []


def _drawing(page: pikepdf.Page) -> bytes:
    contents = page.obj.Contents
    return b"\n".join(c.read_bytes() for c in (contents if isinstance(contents, pikepdf.Array) else [contents]))


def test_poppler_renders_it_with_the_password_and_not_without(sealed, key, tmp_path):
    """Poppler reads only 32 bytes of an R6 password: the password must fit, or evince cannot open it."""
    _, _, result = sealed
    password = unwrap_password(result.path, key)
    ok = subprocess.run(["pdftoppm", "-r", "20", "-f", "1", "-l", "1", "-png", "-upw", password,
                         str(result.path), str(tmp_path / "page")], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert Image.open(tmp_path / "page-1.png").size[0] > 100
    denied = subprocess.run(["pdftoppm", "-r", "20", "-png", str(result.path), str(tmp_path / "x")],
                            capture_output=True, text=True)
    assert denied.returncode != 0 and not list(tmp_path.glob("x*"))


def test_password_is_stored_only_wrapped(sealed, key):
    _, record, result = sealed
    password = unwrap_password(result.path, key)
    sidecar = result.key_path.read_text()
    assert password not in sidecar
    assert json.loads(sidecar)["context"] == f"sealed-pdf:{record.dossier_id}"
    assert key.open(result.wrapped_password, result.context).decode() == password
    assert password not in repr(result)


def test_a_sidecar_of_another_dossier_or_another_key_does_not_open_it(sealed, key, tmp_path):
    _, _, result = sealed
    with pytest.raises(KeyMaterialError, match="another dossier"):
        unwrap_password(result.path, key, "0" * 64)
    other = MasterKey.create(tmp_path / "other.key")
    with pytest.raises(KeyMaterialError, match="sealed under master key"):
        open_sealed(result.path, other)


def test_check_sealed_fails_on_weak_encryption_and_missing_marks(sealed, tmp_path):
    source, record, _ = sealed
    weak = tmp_path / "weak.pdf"
    with pikepdf.open(source) as pdf:
        pdf.save(weak, encryption=pikepdf.Encryption(owner="o", user="u", R=4, aes=True))
    problems = check_sealed(weak, "u", record.dossier_id[:12])
    assert any("not AES-256 R6" in p for p in problems)
    assert any("permissions grant" in p for p in problems)
    assert "the cover carries no seal mark" in problems
    assert "the seal on the cover is not visible" in problems
    assert "page 2 carries no watermark with the dossier id" in problems
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(source.read_bytes())
    assert "opens without a password" in check_sealed(plain, "", record.dossier_id[:12])


@pytest.mark.parametrize(("colour", "render_mode", "visible"), [
    (marks.SEAL_RED, 0, True), (marks.SEAL_RED, 3, False), ((0, 0, 0), 0, False)])
def test_the_seal_counts_only_as_red_title_text_that_prints_red(tmp_path, colour, render_mode, visible):
    """The seal title must be seal-red text and red ink where it stands: an invisible red
    title (render mode 3) or a black one is no visible seal."""
    path = tmp_path / "cover.pdf"
    canvas = Canvas(str(path), pagesize=(595, 842))
    text = canvas.beginText(200, 700)
    text.setFont(marks.cjk_font(), 28)
    text.setTextRenderMode(render_mode)
    text.setFillColor(colour)
    text.textOut(marks.SEAL_TEXT)
    canvas.drawText(text)
    canvas.showPage()
    canvas.save()
    problems = check_sealed(path, "", "0" * 12)
    assert ("the seal on the cover is not visible" not in problems) is visible
    assert "the cover carries no seal mark" not in problems


def test_multi_frame_tiff_becomes_one_page_per_frame_at_its_dpi(tmp_path, key):
    tiff = tmp_path / "scan.tif"
    frames = [Image.new("L", (1654, 2339), 255), Image.new("1", (1654, 1169), 1)]
    frames[0].save(tiff, save_all=True, append_images=frames[1:], dpi=(200, 200), compression="tiff_lzw")
    record = record_for(tiff)
    result = write_sealed_dossier(tiff, record, tmp_path / "s.pdf", key, CONFIG)
    with open_sealed(result.path, key) as pdf:
        sizes = [tuple(round(float(v)) for v in page.mediabox[2:]) for page in pdf.pages]
    assert sizes == [(595, 842), (595, 421)]
    assert check_sealed(result.path, unwrap_password(result.path, key), record.dossier_id[:12]) == []


def test_killed_while_writing_leaves_only_ciphertext_and_the_next_start_removes_it(tmp_path, key):
    source = make_judgment_pdf(tmp_path / "minor.pdf")
    store = tmp_path / "store"
    script = textwrap.dedent(f"""
        import datetime as dt, os, signal, sys
        from pathlib import Path
        sys.path.insert(0, {str(Path(__file__).parents[1])!r})
        from core.keys import MasterKey
        from redaction.sealed import SealConfig, write_sealed_dossier
        from support.redaction import record_for
        calls = []
        real_replace = os.replace
        def replace(src, dst):
            calls.append(dst)
            if len(calls) == 2:             # the PDF itself, after its key sidecar
                os.kill(os.getpid(), signal.SIGKILL)
            real_replace(src, dst)
        os.replace = replace
        source = Path({str(source)!r})
        key = MasterKey.load(Path({str(tmp_path / "k.key")!r}))
        write_sealed_dossier(source, record_for(source), Path({str(store)!r}) / "x.pdf", key,
                             SealConfig("a", dt.date(2026, 1, 1), "n"))
    """)
    MasterKey.create(tmp_path / "k.key")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.returncode == -9, run.stderr
    leftovers = list(store.glob(f"{TEMP_PREFIX}*"))
    assert len(leftovers) == 1 and not (store / "x.pdf").exists()
    data = leftovers[0].read_bytes()
    assert data.startswith(b"%PDF")
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(leftovers[0])
    for value in (MINOR["name"], MINOR["id_number"]):
        for encoding in ("utf-8", "utf-16-be"):
            assert value.encode(encoding) not in data
    assert cleanup_temp(store) == 1
    assert list(store.iterdir()) == [store / "x.pdf.key"]
