"""Opening a sealed file for authorised staff (`fengcun open`): accountable, with a reason.

A sealed file is never consulted outside the law's procedures (Measures art. 10), but the
archive's own staff must sometimes read one — to answer a court's order, to check a seal.
Only an operator account, signed in with its password, may; the reason is required. The
copy is the same kind of file an inquiry's release is (redaction.release): readable with a
one-time password that is given once and not stored, marked on every page as an internal
access (内部调阅) by the account and the date, and fingerprinted, so `fengcun trace` finds
it. The audit log gets the account, the dossier, the release id and the reason's SHA-256;
the reason itself is kept sealed under the master key in STORE/openings/ (a reason may name
a person, and the log holds no such text), where `fengcun keys rotate` re-seals it too.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from archive import Store
from archive.accounts import Account
from archive.audit import AuditEntry
from archive.inquiries import Release
from archive.records import SEALED
from core.atomic import write_atomic
from models.errors import ConflictError, KeyMaterialError, PermissionDenied, ValidationError
from redaction.release import ReleaseMark, new_release_id, one_time_password, write_release

OPENINGS = "openings"             # STORE/openings/<release_id>.sealed: the sealed reasons
STAFF_ACCESS = "STAFF"            # the releases' inquiry column for staff openings (no inquiry)
MARK_LABEL = "内部调阅"            # what the visible mark says instead of an inquiry number
ROLE = "operator"


@dataclass(frozen=True, repr=False)
class Opened:
    path: Path
    release_id: str
    pages: int
    password: str                 # one-time; shown once to the person who opened it

    def __repr__(self) -> str:
        return f"Opened({self.release_id}, {self.pages} pages)"


def open_sealed_copy(store: Store, dossier_id: str, account: Account, reason: str, out_dir: Path,
                     today: dt.date | None = None) -> Opened:
    """Write a marked, fingerprinted, password-protected copy of a sealed dossier's file to
    `out_dir` for a signed-in operator, and audit who opened what, when and why."""
    if account.role != ROLE:
        raise PermissionDenied(f"opening a sealed file needs the role {ROLE}; {account.name} is {account.role}")
    if not reason.strip():
        raise ValidationError("reason")
    record = store.records.load(dossier_id)
    if store.records.state(dossier_id) != SEALED or not record.outputs.sealed_pdf:
        raise ConflictError(f"dossier {dossier_id[:12]} has no sealed file")
    today = today or dt.date.today()
    release_id, password = new_release_id(), one_time_password()
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"{dossier_id[:12]}-{release_id[:8]}.pdf"
    text = reason.strip().encode()
    write_atomic(reason_path(store, release_id), store.key.seal(text, reason_context(release_id)))
    store.audit.append(account.actor, "sealed.opened", dossier_id, purpose="staff", release=release_id,
                       reason_sha256=hashlib.sha256(text).hexdigest())
    pages = write_release(store.root / record.outputs.sealed_pdf, dossier_id, store.key,
                          ReleaseMark(MARK_LABEL, account.name, today), release_id, password, out)
    store.inquiries.add_release(Release(release_id, STAFF_ACCESS, dossier_id, today), pages=pages,
                                sha256=hashlib.sha256(out.read_bytes()).hexdigest())
    store.audit.append(account.actor, "sealed.copy_written", dossier_id, release=release_id, pages=pages)
    return Opened(out, release_id, pages, password)


def reason_path(store: Store, release_id: str) -> Path:
    return store.root / OPENINGS / f"{release_id}.sealed"


def reason_context(release_id: str) -> str:
    return f"opening-reason:{release_id}"


def opening_reason(store: Store, entry: AuditEntry) -> str:
    """The reason given for a staff opening (its audit entry names the release), read with the
    key and checked against the digest the audit log holds."""
    release_id = entry.detail["release"]
    text = store.key.open(reason_path(store, release_id).read_bytes(), reason_context(release_id))
    if hashlib.sha256(text).hexdigest() != entry.detail["reason_sha256"]:
        raise KeyMaterialError(f"the reason kept for release {release_id} is not the one audited")
    return text.decode()
