"""The archive's adapters: the catalog's repositories and the file store of one store directory.

    from archive import Store
    with Store.open("demo/store") as store:               # SQLite at demo/store/catalog.db
        dossier_id = store.records.register(Path("a.pdf"))  # manifest entry, path sealed
        store.records.save(record)                          # sealed record + audit entry
        for record in store.records.all(): ...
        store.audit.append("reviewer:alice", "review.approved", dossier_id, item="R1")

Nothing else opens the catalog. The archive decides nothing and imports only the
domain (models/) and core/; the use cases that drive it live in services/.
"""
from archive.audit import AuditEntry, AuditLog, ChainCheck
from archive.fsutil import file_sha256
from archive.quarantine import QuarantineEntry
from archive.records import (
    DONE_STATES, FAILED, NOT_ELIGIBLE, PENDING, PROCESSING, REVIEW, SEALED, SETTLED_STATES, STATES,
    OverdueEntry, ReviewQueueEntry, SealedLateEntry, dossier_state,
)
from archive.store import Store

__all__ = [
    "AuditEntry", "AuditLog", "ChainCheck", "DONE_STATES", "FAILED", "NOT_ELIGIBLE", "PENDING",
    "PROCESSING", "REVIEW", "SEALED", "SETTLED_STATES", "STATES", "OverdueEntry",
    "QuarantineEntry", "ReviewQueueEntry", "SealedLateEntry", "Store",
    "dossier_state", "file_sha256",
]
