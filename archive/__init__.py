"""The store: catalog database, outputs, quarantine and the hash-chained audit log.

    from archive import Store
    with Store.open("demo/store") as store:          # SQLite at demo/store/catalog.db
        dossier_id = store.register(Path("a.pdf"))   # manifest entry, path sealed
        store.save_record(record)                    # sealed record + audit entry
        for record in store.records(): ...
        store.audit.append("reviewer:alice", "review.approved", dossier_id, item="R1")

Flows, the review app and the inquiry commands all go through `Store`; nothing
else opens the catalog.
"""
from archive.audit import AuditEntry, AuditLog, ChainCheck
from archive.fsutil import file_sha256
from archive.store import (
    DONE_STATES, FAILED, NOT_ELIGIBLE, PENDING, PROCESSING, REVIEW, SEALED, SETTLED_STATES, STATES,
    OverdueEntry, QuarantineEntry, ReviewQueueEntry, SealedLateEntry, Store, dossier_state,
)

__all__ = [
    "AuditEntry", "AuditLog", "ChainCheck", "DONE_STATES", "FAILED", "NOT_ELIGIBLE", "PENDING",
    "PROCESSING", "REVIEW", "SEALED", "SETTLED_STATES", "STATES", "OverdueEntry",
    "QuarantineEntry", "ReviewQueueEntry", "SealedLateEntry", "Store",
    "dossier_state", "file_sha256",
]
