"""Sign-off of redacted copies before release: the use cases around archive.signoffs.

A copy for ordinary use leaves the store only after a reviewer has signed every page of
it in the review app. This module is how the rest of the system sees that:

- `published` is called by processing whenever a dossier's outputs are published or
  withdrawn: each new copy waits for sign-off, a rewritten copy (other bytes) needs a new
  one, a copy gone from the outputs is superseded;
- `register_existing` takes up the copies of a store written before sign-off existed;
- `release` writes the released copies (every page signed) to a directory, each file
  checked against the hash that was signed and written atomically, and audits it;
  nothing unsigned, rejected or changed since its sign-off is ever written;
- `rejections` lists rejected copies with the page and reason code (never the reason
  text) for `fengcun status` and the review app: the copy waits there until the dossier's
  outputs are written again with other bytes (a review answer, a reprocessing after a fix),
  which is a new copy.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from archive import Store, file_sha256
from archive.signoffs import AWAITING, REJECTED, REJECTED_PAGE, RELEASED, Copy, Published, SignOffs
from core.atomic import write_atomic
from models.errors import ConflictError, StoreError
from models.record import Outputs


def describe(store: Store, path: str) -> Published:
    """A published copy as the sign-off knows it: its path, its bytes' hash, its page count."""
    absolute = store.root / path
    with pikepdf.open(absolute) as pdf:
        pages = len(pdf.pages)
    return Published(path, file_sha256(absolute), pages)


def published(store: Store, dossier_id: str, outputs: Outputs, *, actor: str) -> list[Copy]:
    """The dossier's outputs were just published (or withdrawn: empty outputs); its copies
    now wait for sign-off, or keep their state when their bytes did not change."""
    return SignOffs(store).publish(dossier_id, [describe(store, p) for p in outputs.redacted_copies],
                                   actor=actor)


def register_existing(store: Store, *, actor: str) -> int:
    """Copies in the records that the sign-off has never seen (a store processed before it
    existed) start waiting for sign-off; returns how many. Records are opened, so this runs
    where the master key is (the `fengcun copies` commands)."""
    known = SignOffs(store).known_paths()
    added = 0
    for record in store.records.all():
        if any((record.dossier_id, p) not in known for p in record.outputs.redacted_copies):
            added += len(published(store, record.dossier_id, record.outputs, actor=actor))
    return added


@dataclass(frozen=True)
class Rejection:
    copy: Copy
    page: int
    code: str | None


def rejections(store: Store) -> list[Rejection]:
    """Rejected copies with the page and the reason code: what reviewers and operators see."""
    signoffs = SignOffs(store)
    found = []
    for copy in signoffs.copies((REJECTED,)):
        verdict = next(v for v in signoffs.verdicts(copy.copy_id).values() if v.verdict == REJECTED_PAGE)
        found.append(Rejection(copy, verdict.page, verdict.code))
    return found


def awaiting(store: Store) -> list[Copy]:
    return SignOffs(store).copies((AWAITING,))


@dataclass(frozen=True)
class Release:
    written: list[Path]
    awaiting: int
    rejected: int


def release(store: Store, out_dir: Path, *, actor: str) -> Release:
    """Write every released copy to `out_dir` under its own name (`<short>.redacted.pdf`),
    atomically each.
    Every file is read and checked against the hash its pages were signed for before any is
    written: a copy changed on disk since its sign-off stops the release (ConflictError)
    and nothing is written. Audited with the copies' ids and the count."""
    signoffs = SignOffs(store)
    copies = signoffs.copies((RELEASED,))
    contents: list[tuple[Copy, bytes]] = []
    for copy in copies:
        try:
            data = (store.root / copy.path).read_bytes()
        except OSError as exc:
            raise StoreError(f"the signed-off copy {copy.copy_id} of dossier {copy.short_id} cannot be read "
                             f"({exc.strerror})") from None
        if hashlib.sha256(data).hexdigest() != copy.sha256:
            store.audit.append(actor, "copies.release_refused", copy.dossier_id, copy=copy.copy_id,
                               cause="changed_since_signoff")
            raise ConflictError(f"the copy {copy.copy_id} of dossier {copy.short_id} changed after it was "
                                "signed off; nothing was written")
        contents.append((copy, data))
    written = [write_atomic(out_dir / Path(copy.path).name, data) for copy, data in contents]
    counts = signoffs.counts()
    store.audit.append(actor, "copies.released", None, copies=[c.copy_id for c, _ in contents],
                       written=len(written), awaiting=counts[AWAITING], rejected=counts[REJECTED])
    return Release(written, counts[AWAITING], counts[REJECTED])

