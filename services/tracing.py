"""Tracing a leaked copy back to the inquiry it was released for (`fengcun trace FILE`).

Every released copy's hidden `release_id` is a row of `releases`
(archive.after_catalog); `trace` reads the file's fingerprints
(redaction.release.read_fingerprints) and looks every candidate up. A file
whose hidden channels were destroyed (printed and rescanned, retyped) may still
show the visible inquiry number; that is reported as a weaker match, naming the
inquiry but not which of its copies. Each trace is audited.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from archive.store import Store
from models.errors import InputFileError
from redaction.release import Fingerprints, read_fingerprints


@dataclass(frozen=True)
class Trace:
    inquiry_id: str
    release_id: str | None             # None: only the visible inquiry number was found
    dossier_id: str | None
    released_on: dt.date | None
    channels: tuple[str, ...]          # document_id, xmp, text, visible_mark


def trace(store: Store, path: Path, password: str | None = None, *, actor: str = "operator") -> list[Trace]:
    """The releases a file comes from (usually one); empty when it carries no known mark."""
    try:
        found = read_fingerprints(path, password)
    except OSError as exc:
        raise InputFileError(str(path), exc.strerror or type(exc).__name__) from None
    except Exception as exc:         # noqa: BLE001 — pikepdf/pdfminer on a damaged file
        raise InputFileError(str(path), f"not a readable PDF ({type(exc).__name__})") from None
    results = lookup(store, found)
    store.audit.append(actor, "release.traced", None, matches=len(results),
                       inquiries=sorted({t.inquiry_id for t in results}),
                       releases=sorted(t.release_id for t in results if t.release_id))
    return results


def lookup(store: Store, found: Fingerprints) -> list[Trace]:
    """The releases fingerprints point to; an inquiry number seen without any of its release
    ids is a weaker match naming the inquiry only."""
    results: list[Trace] = []
    for r in store.inquiries.releases(found.release_ids()):
        channels = tuple(sorted(c for c, ids in found.by_channel.items() if r.release_id in ids))
        if r.inquiry_id in found.inquiry_numbers:
            channels += ("visible_mark",)
        results.append(Trace(r.inquiry_id, r.release_id, r.dossier_id, r.released_on, channels))
    traced = {t.inquiry_id for t in results}
    for number in sorted(found.inquiry_numbers - traced):
        if store.inquiries.exists(number):
            results.append(Trace(number, None, None, None, ("visible_mark",)))
    return results
