"""Rotating the master key (`fengcun keys rotate`): everything sealed under the old key is
sealed again under the new one, and afterwards the old key opens nothing.

What is sealed under the master key, and how each is re-sealed:
- each sealed file's and notice's per-file password, wrapped in its `.pdf.key` sidecar
  (redaction.sealed): unwrapped and wrapped again. The PDFs themselves are not touched:
  their own random passwords do not change, only what guards them;
- the catalog's sealed values (archive.rekey): source paths, records, error texts,
  inquiries' applications and reasons, review break-glass reasons, the ID-number index key
  (the keyed hashes stay valid: the index key is the same, only sealed anew) and the audit
  anchor;
- the audit log's checkpoint file (archive.audit_anchor): each line signed anew;
- inquiries' sealed attachments (STORE/inquiries/…) and the sealed reasons of staff
  openings (STORE/openings/…).

Each file is replaced atomically and each catalog row in its own transaction; what the new
key opens already is skipped. So a rotation that is interrupted is finished by running the
same command again, and until it reports completion the old key must be kept: a store in
the middle of a rotation holds values under both keys. Stop the review app and any run
while rotating.
"""
from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from archive import Store
from archive.audit_anchor import resign_checkpoints
from archive.inquiries import context as inquiry_context
from archive.rekey import reseal_catalog
from core.atomic import write_atomic
from core.keys import MasterKey
from models.errors import KeyMaterialError, UsageError
from redaction.sealed import KEY_SUFFIX
from services.opening import OPENINGS, reason_context


@dataclass(frozen=True)
class Rotation:
    old_key_id: str
    new_key_id: str
    sidecars: int             # per-file passwords re-wrapped
    files: int                # sealed attachments and reasons re-sealed
    catalog_rows: int         # catalog rows with a value re-sealed


def rotate(store: Store, old: MasterKey, new: MasterKey, actor: str = "operator") -> Rotation:
    """Re-seal everything under `new`; audited. Values `new` opens already are skipped."""
    if old.key_id == new.key_id:
        raise UsageError("the new master key is the key in use; create a new one with `fengcun keys init`")

    def reseal(blob: bytes, context: str) -> bytes | None:
        try:
            new.open(blob, context)
            return None                      # done by an earlier, interrupted rotation
        except KeyMaterialError:
            return new.seal(old.open(blob, context), context)

    sidecars = sum(_rewrap_sidecar(path, old, new) for path in sorted(store.root.glob(f"outputs/**/*{KEY_SUFFIX}")))
    files = 0
    for path in sorted(store.root.glob("inquiries/*/*.sealed")):
        files += _reseal_file(path, inquiry_context(path.parent.name, path.stem), reseal)
    for path in sorted(store.root.glob(f"{OPENINGS}/*.sealed")):
        files += _reseal_file(path, reason_context(path.stem), reseal)
    rows = reseal_catalog(store.engine, reseal, new.key_id)
    resign_checkpoints(store, old, new)
    store.audit.append(actor, "keys.rotated", None, old_key=old.key_id, new_key=new.key_id,
                       sidecars=sidecars, files=files, catalog_rows=rows)
    return Rotation(old.key_id, new.key_id, sidecars, files, rows)


def _rewrap_sidecar(path: Path, old: MasterKey, new: MasterKey) -> int:
    """Wrap a sealed PDF's password under `new` (the sidecar names the key it is under)."""
    try:
        sidecar = json.loads(path.read_text())
        context, wrapped = sidecar["context"], base64.b64decode(sidecar["wrapped_password"])
    except (ValueError, KeyError, TypeError):
        raise KeyMaterialError(f"{path.name}: the key file is damaged") from None
    if sidecar.get("key_id") == new.key_id:
        return 0
    rewrapped = new.seal(old.open(wrapped, context), context)
    write_atomic(path, json.dumps({**sidecar, "key_id": new.key_id,
                                   "wrapped_password": base64.b64encode(rewrapped).decode()}).encode())
    return 1


def _reseal_file(path: Path, context: str, reseal: Callable[[bytes, str], bytes | None]) -> int:
    new_blob = reseal(path.read_bytes(), context)
    if new_blob is None:
        return 0
    write_atomic(path, new_blob)
    return 1
