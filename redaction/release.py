"""Copies that leave the seal: a released copy (arts. 14-17) and an unsealed copy (art. 18).

A released copy is readable by one requester and traceable.

An approved inquiry gets the sealed file decrypted in memory and written again
with a one-time password (AES-256, R6; printing allowed, copying and changes
denied). Every page carries a visible mark — inquiry number, requesting unit,
date, "for this inquiry only" — and the release's hidden fingerprint, a random
`release_id` (a UUID) kept in the catalog (archive.inquiries), in three places:

- the document ID (`/ID[0]` of the trailer, which PDF writers keep on re-save and
  which is stored unencrypted, so it can be read without the password),
- the XMP packet (`xmpMM:DocumentID = uuid:<release_id>`),
- invisible text (render mode 3) on every page, which survives decrypting and
  re-saving, page extraction, and copy-paste of the text layer.

Before the marks, the copy is made inert again (redaction.sanitise), so a file
sealed by an earlier version carries no active content out either; the release's
own XMP is added after that. The visible mark is also shifted per page by a small offset derived from the
release id (`page_offset`), a last clue for a printout. Printing and rescanning
destroys the ID, the XMP and the invisible text; what is left then is the visible
mark (the inquiry number) and the offsets — see docs/after-sealing.md.

An unsealed copy (`write_unsealed_copy`) is the sealed file with its seal and
watermarks taken out again: they were added as whole Form XObjects by
`redaction.marks.stamp`, so each page's top-level forms whose own text is a
mark are dropped from the content stream and the resources — the original page
content is not touched — and a small note of the unsealing is stamped on the
cover. The sealed file itself is kept.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import io
import re
import secrets
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
import pikepdf
from reportlab.lib.colors import Color
from reportlab.pdfbase import pdfmetrics

from core.atomic import write_atomic
from core.keys import MasterKey
from redaction import marks
from redaction.sanitise import strip_active_content
from redaction.sealed import written_date, open_sealed

RELEASE_PERMISSIONS = pikepdf.Permissions(
    accessibility=False, extract=False, modify_annotation=False, modify_assembly=False,
    modify_form=False, modify_other=False, print_lowres=True, print_highres=True,
)
PASSWORD_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"    # no 0/O, 1/I/L: it is read out or typed
PASSWORD_GROUPS = 4
MAX_OFFSET = 8.0                                          # points a page's mark may shift
INQUIRY_NUMBER = re.compile(r"Q\d{4}-\d{4}")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_ID_IN_TRAILER = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]{32})>")


@dataclass(frozen=True)
class ReleaseMark:
    """What the visible mark says: the inquiry, who asked, when it was released."""

    inquiry_id: str
    unit: str
    released_on: dt.date

    def text(self) -> str:
        return (f"查询编号 {self.inquiry_id} · {self.unit} · {written_date(self.released_on)} · "
                "仅限本次查询用途使用，不得复制、外传")

    def __repr__(self) -> str:
        return f"ReleaseMark({self.inquiry_id})"


@dataclass
class Fingerprints:
    """Release ids found in a file, by channel, and inquiry numbers read in its visible text."""

    by_channel: dict[str, set[str]] = field(default_factory=dict)
    inquiry_numbers: set[str] = field(default_factory=set)
    opened: bool = False                 # False: encrypted and no password, only /ID was read

    def release_ids(self) -> set[str]:
        return set().union(*self.by_channel.values()) if self.by_channel else set()


def new_release_id() -> str:
    return str(uuid.uuid4())


def one_time_password() -> str:
    """About 79 bits in four groups of four, e.g. "K7QM-3XRT-…": given to the requester once."""
    chars = [secrets.choice(PASSWORD_ALPHABET) for _ in range(4 * PASSWORD_GROUPS)]
    return "-".join("".join(chars[i:i + 4]) for i in range(0, len(chars), 4))


def page_offset(release_id: str, page_index: int) -> tuple[float, float]:
    """The mark's shift on one page, in half points within [0, MAX_OFFSET): derived from the
    release id, so a printout's measured shifts can be compared against each release."""
    digest = hmac.new(uuid.UUID(release_id).bytes, f"page:{page_index}".encode(), hashlib.sha256).digest()
    steps = int(MAX_OFFSET * 2)
    return digest[0] % steps / 2, digest[1] % steps / 2


def release_overlays(sizes: list[marks.PageSize], mark: ReleaseMark, release_id: str) -> pikepdf.Pdf:
    """One overlay page per target page: the visible mark along the top and bottom margins
    and across the middle, shifted by the page's offset, plus the invisible release id."""
    font = marks.cjk_font()
    text = mark.text()

    def draw(c, width: float, height: float, index: int) -> None:  # type: ignore[no-untyped-def]
        dx, dy = page_offset(release_id, index)
        size = min(9.0, (width - 40) / pdfmetrics.stringWidth(text, font, 1.0))
        c.saveState()
        c.setFillColor(Color(0.1, 0.2, 0.55))
        c.setFillAlpha(0.75)
        c.setFont(font, size)
        for y in (height - 16 - dy, 10 + dy):
            c.drawString(20 + dx, y, text)
        c.setFillAlpha(0.4)
        c.drawString(20 + dx, height / 2 + dy, text)
        c.restoreState()
        hidden = c.beginText(24 + dx, 24 + dy)
        hidden.setTextRenderMode(3)          # neither filled nor stroked: invisible, still text
        hidden.setFont("Helvetica", 1)
        hidden.textOut(release_id)
        c.drawText(hidden)

    return marks.overlay_pdf(sizes, draw)


def write_release(sealed_pdf: Path, dossier_id: str, master_key: MasterKey, mark: ReleaseMark,
                  release_id: str, password: str, out: Path) -> int:
    """Write the released copy of one sealed file to `out` (atomically); return its pages.
    The plaintext exists only in memory; the file is checked by reading it back."""
    with open_sealed(sealed_pdf, master_key, dossier_id) as pdf:
        strip_active_content(pdf)
        overlays = release_overlays([marks.page_size(p) for p in pdf.pages], mark, release_id)
        for index in range(len(pdf.pages)):
            marks.stamp(pdf, index, overlays, index)
        raw = uuid.UUID(release_id).bytes
        pdf.trailer.ID = pikepdf.Array([pikepdf.String(raw), pikepdf.String(raw)])
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["xmpMM:DocumentID"] = f"uuid:{release_id}"
            meta["xmpMM:InstanceID"] = f"uuid:{release_id}"
        buffer = io.BytesIO()
        pdf.save(buffer, encryption=pikepdf.Encryption(
            owner=secrets.token_urlsafe(32), user=password, R=6, aes=True, metadata=True,
            allow=RELEASE_PERMISSIONS))
        pages = len(pdf.pages)
    data = buffer.getvalue()
    found = read_fingerprints_bytes(data, password)
    if found.by_channel.get("document_id") != {release_id} or release_id not in found.by_channel.get("text", set()):
        raise RuntimeError("the released copy does not carry its fingerprint; nothing was written")
    write_atomic(out, data)
    return pages


def read_fingerprints(path: Path, password: str | None = None) -> Fingerprints:
    return read_fingerprints_bytes(path.read_bytes(), password)


def read_fingerprints_bytes(data: bytes, password: str | None = None) -> Fingerprints:
    """Every place a release id can hide. The trailer's /ID is read from the raw bytes (it is
    never encrypted); the XMP and the text need the file open, so the password if it has one."""
    found = Fingerprints()
    for hexid in _ID_IN_TRAILER.findall(data):
        found.by_channel.setdefault("document_id", set()).add(str(uuid.UUID(hexid.decode())))
    try:
        pdf = pikepdf.open(io.BytesIO(data), password=password or "")
    except pikepdf.PasswordError:
        return found
    with pdf:
        found.opened = True
        trailer_id = pdf.trailer.get("/ID")
        if trailer_id is not None and len(bytes(trailer_id[0])) == 16:   # written as a literal string
            found.by_channel.setdefault("document_id", set()).add(str(uuid.UUID(bytes=bytes(trailer_id[0]))))
        try:
            xmp = str(pdf.open_metadata().get("xmpMM:DocumentID", ""))
        except Exception:        # noqa: BLE001 — a damaged XMP packet is simply one channel fewer
            xmp = ""
        found.by_channel["xmp"] = set(_UUID.findall(xmp))
    with pdfplumber.open(io.BytesIO(data), password=password or "") as doc:
        text = "".join(page.extract_text() or "" for page in doc.pages)
        chars = "".join(ch["text"] for page in doc.pages for ch in page.chars)
    found.by_channel["text"] = set(_UUID.findall(chars))
    found.inquiry_numbers = set(INQUIRY_NUMBER.findall(text.replace(" ", "")))
    found.by_channel = {k: v for k, v in found.by_channel.items() if v}
    return found


def _form_text(pdf: pikepdf.Pdf, page: pikepdf.Page, name: pikepdf.Name) -> str:
    """The text a page's Form XObject draws on its own, read with pdfplumber from a scratch page."""
    with pikepdf.new() as scratch:
        scratch.add_blank_page(page_size=marks.page_size(page))
        target = scratch.pages[0]
        target.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(
            {"/X": scratch.copy_foreign(page.Resources.XObject[name])}))
        target.obj.Contents = scratch.make_stream(b"q /X Do Q")
        buffer = io.BytesIO()
        scratch.save(buffer)
    with pdfplumber.open(buffer) as doc:
        return (doc.pages[0].extract_text() or "").replace("\n", "").replace(" ", "")


def _is_mark(text: str, short_id: str) -> bool:
    """A seal stamp reads straight; a diagonal watermark comes out of text extraction in
    scrambled order, so it is recognised by holding every character of the warning."""
    if marks.SEAL_TEXT in text and "封存日期" in text:
        return True
    return not Counter(marks.WATERMARK_TEXT.replace(" ", "") + short_id) - Counter(text)


def _mark_forms(pdf: pikepdf.Pdf, page: pikepdf.Page, short_id: str) -> set[str]:
    xobjects = page.Resources.get("/XObject", pikepdf.Dictionary())
    return {name for name, obj in xobjects.items()
            if obj.get("/Subtype") == "/Form" and _is_mark(_form_text(pdf, page, name), short_id)}


def write_unsealed_copy(sealed_pdf: Path, dossier_id: str, master_key: MasterKey, note: str,
                        out: Path) -> int:
    """Write the sealed file without its seal and watermarks, with `note` on the cover; return
    how many marks were removed. Refuses (writes nothing) when a mark is left."""
    short_id = dossier_id[:12]
    removed = 0
    with open_sealed(sealed_pdf, master_key, dossier_id) as pdf:
        for page in pdf.pages:
            doomed = _mark_forms(pdf, page, short_id)
            if not doomed:
                continue
            ops = [op for op in pikepdf.parse_content_stream(page)
                   if not (str(op.operator) == "Do" and str(op.operands[0]) in doomed)]
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(ops))
            for name in doomed:
                del page.Resources.XObject[name]
            removed += len(doomed)
        strip_active_content(pdf)
        marks.stamp(pdf, 0, _note_overlay(marks.page_size(pdf.pages[0]), note))
        buffer = io.BytesIO()
        pdf.save(buffer)
    data = buffer.getvalue()
    with pikepdf.open(io.BytesIO(data)) as check:
        left = sum(len(_mark_forms(check, page, short_id)) for page in check.pages)
    if removed == 0 or left:
        raise RuntimeError("the seal marks could not be removed; no unsealed copy was written")
    write_atomic(out, data)
    return removed


def _note_overlay(size: marks.PageSize, note: str) -> pikepdf.Pdf:
    font = marks.cjk_font()

    def draw(c, width: float, height: float, _: int) -> None:  # type: ignore[no-untyped-def]
        c.setFillColor(marks.SEAL_RED)
        c.setFont(font, 9)
        c.drawRightString(width - 20, height - 14, note)

    return marks.overlay_pdf([size], draw)
