"""Every unreadable input gives one InputFileError with a one-line cause, and stays byte-identical."""
from __future__ import annotations

import hashlib
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from extractors.pages import page_count, read_pages, render_page
from models.errors import ExitCode, InputFileError

RESOURCES = Path(__file__).parents[1] / "resources"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims width×height pixels over a few bytes of data: a decompression bomb."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def not_a_pdf(path: Path) -> None:
    path.write_text("判决书 — just a note, no PDF here\n", encoding="utf-8")


def truncated_pdf(path: Path) -> None:
    data = (RESOURCES / "judgment.pdf").read_bytes()
    path.write_bytes(data[: len(data) // 2])


def encrypted_pdf(path: Path) -> None:
    with pikepdf.open(RESOURCES / "judgment.pdf") as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(user="user-secret", owner="owner-secret", R=6))


def zero_pages_pdf(path: Path) -> None:
    with pikepdf.new() as pdf:
        pdf.save(path)


def corrupt_pdf(path: Path) -> None:
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n")


def pixel_bomb_png(path: Path) -> None:
    path.write_bytes(png_header_only(60_000, 60_000))


def truncated_jpeg(path: Path) -> None:
    data = (RESOURCES / "judgment_skewed.jpg").read_bytes()
    path.write_bytes(data[: len(data) // 3])


def garbage_after_png_signature(path: Path) -> None:
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00\x01garbage" * 100)


def empty_file(path: Path) -> None:
    path.write_bytes(b"")


def gif_image(path: Path) -> None:
    Image.new("L", (50, 50), 255).save(path, "GIF")


CASES: list[tuple[str, Callable[[Path], None], str]] = [
    ("note.pdf", not_a_pdf, "not a PDF"),
    ("truncated.pdf", truncated_pdf, "truncated PDF"),
    ("encrypted.pdf", encrypted_pdf, "password-protected"),
    ("empty-pages.pdf", zero_pages_pdf, "no pages"),
    ("corrupt.pdf", corrupt_pdf, "corrupt PDF"),
    ("bomb.png", pixel_bomb_png, "too large"),
    ("truncated.jpg", truncated_jpeg, "unreadable image"),
    ("garbage.png", garbage_after_png_signature, "unreadable image"),
    ("empty.tif", empty_file, "empty file"),
    ("scan.gif", gif_image, "not supported"),
]


@pytest.mark.parametrize(("name", "make", "cause"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_refused_and_left_alone(tmp_path: Path, name: str, make: Callable[[Path], None],
                                             cause: str) -> None:
    path = tmp_path / name
    make(path)
    before = digest(path)
    with pytest.raises(InputFileError) as caught:
        read_pages(path, engine="tesseract")
    error = caught.value
    assert cause in error.cause
    assert error.path == str(path) and "\n" not in str(error)
    assert error.exit_code == ExitCode.input_file
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]      # nothing written beside it


def test_image_over_the_pixel_limit(tmp_path: Path) -> None:
    path = tmp_path / "large.png"
    Image.new("L", (2000, 1500), 255).save(path)
    before = digest(path)
    with pytest.raises(InputFileError, match="megapixel limit"):
        read_pages(path, max_pixels=1_000_000)
    with pytest.raises(InputFileError, match="megapixel limit"):
        render_page(RESOURCES / "judgment.pdf", 1, 2400, max_pixels=10_000_000)
    assert digest(path) == before


def test_pil_limit_disabled_elsewhere_still_guarded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Another library may switch Pillow's own guard off; ours reads the header before decoding.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)
    path = tmp_path / "bomb.png"
    pixel_bomb_png(path)
    with pytest.raises(InputFileError, match="megapixel limit"):
        read_pages(path)


def test_missing_file() -> None:
    with pytest.raises(InputFileError, match="cannot be read"):
        page_count(RESOURCES / "no-such-dossier.pdf")


def pdf_with_huge_image(path: Path) -> None:
    """A one-page PDF whose image dictionary claims 60000×60000 pixels (compressed to a few bytes)."""
    with pikepdf.new() as pdf:
        image = pikepdf.Stream(pdf, zlib.compress(b"\0" * 10_000), Type=pikepdf.Name.XObject,
                               Subtype=pikepdf.Name.Image, Width=60_000, Height=60_000,
                               ColorSpace=pikepdf.Name.DeviceGray, BitsPerComponent=1,
                               Filter=pikepdf.Name.FlateDecode)
        page = pdf.add_blank_page(page_size=(595, 842))
        page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
        page.Contents = pikepdf.Stream(pdf, b"q 595 0 0 842 0 0 cm /Im0 Do Q")
        pdf.save(path)


def test_pdf_image_bomb_is_refused_before_decoding(tmp_path: Path) -> None:
    path = tmp_path / "bomb.pdf"
    pdf_with_huge_image(path)
    before = digest(path)
    with pytest.raises(InputFileError, match="megapixel limit"):
        read_pages(path)
    assert digest(path) == before
