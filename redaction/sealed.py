"""The sealed dossier: the whole volume, marked, watermarked and encrypted.

Measures art. 10: the cover carries the seal 未成年人犯罪记录封存 (with the
sealing authority and date from configuration), every page a visible warning
that it may not be consulted outside the statutory inquiry procedure, and the
file is stored encrypted — AES-256 (PDF encryption revision 6) with copying,
extraction and modification denied. Each file gets its own random password,
kept only wrapped by the master key (AES-GCM, bound to the dossier) in a
sidecar `<name>.pdf.key` beside it. The owner password is random and thrown
away: nobody can lift the permissions of a sealed file, only open it.

The volume keeps every page as it looks, but none of the source's active
content, attachments, forms or metadata (redaction.sanitise): a sealed file is
opened to be read, and must not run anything or hand over what the pages do not
show. The plaintext never touches disk: the volume is assembled and encrypted in
memory, then written atomically (core.atomic).
"""
from __future__ import annotations

import base64
import datetime as dt
import io
import json
import secrets
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from core.atomic import write_atomic
from core.keys import MasterKey, new_pdf_password
from models.errors import KeyMaterialError
from models.record import DecisionRecord
from redaction import marks
from redaction.pdfsource import open_source
from redaction.sanitise import strip_active_content

KEY_SUFFIX = ".key"
SIDECAR_FORMAT = "fengcun-sealed-key/1"
SHORT_ID = 12
SEALED_PERMISSIONS = pikepdf.Permissions(
    accessibility=False, extract=False, modify_annotation=False, modify_assembly=False,
    modify_form=False, modify_other=False, print_lowres=True, print_highres=True,
)


@dataclass(frozen=True)
class SealConfig:
    """From configuration: who seals, on which day, under which jurisdiction's rules."""

    authority: str
    sealed_on: dt.date
    jurisdiction: str


@dataclass(frozen=True)
class SealedFile:
    """A sealed PDF and its password, wrapped by the master key under `context`."""

    path: Path
    wrapped_password: bytes
    context: str

    @property
    def key_path(self) -> Path:
        return key_path_for(self.path)

    def __repr__(self) -> str:
        return f"SealedFile({self.path.name})"


def short_id(dossier_id: str) -> str:
    return dossier_id[:SHORT_ID]


def key_path_for(pdf_path: Path) -> Path:
    return pdf_path.with_name(pdf_path.name + KEY_SUFFIX)


def written_date(day: dt.date) -> str:
    """2026年11月23日: how seals, notices and certificates date themselves."""
    return f"{day.year}年{day.month}月{day.day}日"


def write_sealed_dossier(source: Path, record: DecisionRecord, out: Path, master_key: MasterKey,
                         config: SealConfig) -> SealedFile:
    """Seal the whole volume `source` (PDF, or TIFF/JPEG/PNG pages) into `out`."""
    pdf = open_source(source)
    return seal_pdf(pdf, out, master_key, config, dossier_id=record.dossier_id,
                    context=f"sealed-pdf:{record.dossier_id}")


def seal_pdf(pdf: pikepdf.Pdf, out: Path, master_key: MasterKey, config: SealConfig, *,
             dossier_id: str, context: str) -> SealedFile:
    """Make an in-memory PDF inert (redaction.sanitise), mark, watermark and encrypt it;
    write the wrapped password first, then the PDF, so a crash can leave a useless key
    but never an unopenable file. Inert first: a form field's flattened appearance is
    ink the marks keep clear of."""
    sid = short_id(dossier_id)
    strip_active_content(pdf)
    marks.mark_sealed(pdf, config.authority, written_date(config.sealed_on), sid)
    password = new_pdf_password()
    buffer = io.BytesIO()
    pdf.save(buffer, encryption=pikepdf.Encryption(
        owner=secrets.token_urlsafe(32), user=password, R=6, aes=True, metadata=True,
        allow=SEALED_PERMISSIONS))
    wrapped = master_key.seal(password.encode(), context)
    sidecar = {"format": SIDECAR_FORMAT, "context": context, "key_id": master_key.key_id,
               "wrapped_password": base64.b64encode(wrapped).decode()}
    write_atomic(key_path_for(out), json.dumps(sidecar).encode())
    write_atomic(out, buffer.getvalue())
    return SealedFile(out, wrapped, context)


def unwrap_password(path: Path, master_key: MasterKey, dossier_id: str | None = None) -> str:
    """The password of sealed file `path`, from its sidecar. With `dossier_id`, the
    sidecar must belong to that dossier (a swapped sidecar fails)."""
    try:
        sidecar = json.loads(key_path_for(path).read_text())
        context, wrapped = sidecar["context"], base64.b64decode(sidecar["wrapped_password"])
    except FileNotFoundError:
        raise KeyMaterialError(f"{path.name}: its key file {key_path_for(path).name} is missing") from None
    except (ValueError, KeyError, TypeError):
        raise KeyMaterialError(f"{path.name}: its key file is damaged") from None
    if dossier_id is not None and not context.startswith(f"sealed-pdf:{dossier_id}"):
        raise KeyMaterialError(f"{path.name}: its key file belongs to another dossier")
    if sidecar.get("key_id") not in (None, master_key.key_id):
        raise KeyMaterialError(
            f"{path.name} was sealed under master key {sidecar['key_id']}, not {master_key.key_id}")
    return master_key.open(wrapped, context).decode()


def open_sealed(path: Path, master_key: MasterKey, dossier_id: str | None = None) -> pikepdf.Pdf:
    """Open a sealed file for the review app or an inquiry release (which record the access)."""
    try:
        return pikepdf.open(path, password=unwrap_password(path, master_key, dossier_id))
    except pikepdf.PasswordError:
        raise KeyMaterialError(f"{path.name}: the unwrapped password does not open it") from None
