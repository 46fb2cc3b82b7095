"""The catalog's tables, one SQLAlchemy `MetaData` that the migrations create.

What a minor could be recognised by — the source path (archives name files after
parties), the decision record, error texts (library messages quote paths) —
is stored only as AES-GCM blobs under the master key (`*_enc` columns). The
plain columns hold ids, counts, states and dates an operator needs to query
without the key: a sealing's due date identifies nobody. ID numbers are kept
only as keyed HMACs (`id_number_hmac`) so a later dossier naming the same
person can be linked (unsealing, Measures art. 18) without storing the number.
Times are ISO-8601 UTC strings so SQLite and PostgreSQL return the same bytes.
"""
from __future__ import annotations

from sqlalchemy import (
    BigInteger, Boolean, Column, Date, Float, ForeignKey, Index, Integer, LargeBinary, MetaData,
    String, Table, Text,
)

metadata = MetaData()

# Catalog-wide secrets and settings, e.g. the HMAC key for ID numbers (stored sealed).
catalog_meta = Table(
    "catalog_meta", metadata,
    Column("name", String(64), primary_key=True),
    Column("value", LargeBinary, nullable=False),
)

# One row per distinct source file (by content hash): the manifest and the result.
dossiers = Table(
    "dossiers", metadata,
    Column("dossier_id", String(64), primary_key=True),          # sha256 of the file's bytes
    Column("state", String(16), nullable=False),                  # see archive.records.STATES
    Column("source_path_enc", LargeBinary, nullable=False),
    Column("size_bytes", BigInteger, nullable=False),
    Column("registered_at", String(32), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("claimed_by", String(96)),                             # host:pid of the last worker
    Column("claimed_at", String(32)),
    Column("processed_at", String(32)),
    Column("pages", Integer),
    Column("persons", Integer),
    Column("sealed_persons", Integer),
    Column("review_open", Integer),
    Column("due_date", Date),                                     # earliest sealing due date
    Column("record_enc", LargeBinary),
    Column("error_kind", String(64)),                             # exception class name only
    Column("error_enc", LargeBinary),
    Column("pipeline_version", String(32)),
    Column("rules_version", String(64)),
    Column("key_id", String(16)),
)
Index("ix_dossiers_state", dossiers.c.state)

persons = Table(
    "persons", metadata,
    Column("dossier_id", String(64), ForeignKey("dossiers.dossier_id", ondelete="CASCADE"),
           primary_key=True),
    Column("person_id", String(16), primary_key=True),
    Column("role", String(32), nullable=False),
    Column("outcome", String(16)),
    Column("minor_at_offence", Boolean),
    Column("due_date", Date),
    Column("id_number_hmac", String(64)),
)
Index("ix_persons_id_number_hmac", persons.c.id_number_hmac)

# Per-stage wall time of each attempt: what the benchmark reads.
stage_timings = Table(
    "stage_timings", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("dossier_id", String(64), nullable=False, index=True),
    Column("stage", String(32), nullable=False),
    Column("seconds", Float, nullable=False),
    Column("pages", Integer),
    Column("recorded_at", String(32), nullable=False),
)

# Hash-chained, append-only (archive.audit).
audit_log = Table(
    "audit_log", metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("ts", String(32), nullable=False),
    Column("actor", String(64), nullable=False),
    Column("action", String(64), nullable=False),
    Column("dossier_id", String(64)),
    Column("detail", Text, nullable=False),          # canonical JSON, no names
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)
