"""Tables of life after sealing: inquiries, released copies, unsealing cases (migration 0003).

Kept in their own `MetaData` like `archive.accounts`, so the original catalog
module stays as it was. What identifies anyone — the application (unit,
officer, the ID number asked about, reason), a decision's free-text reason —
is sealed under the master key (`*_enc`); the person asked about is findable
only through the keyed HMAC of the ID number (`subject_hmac`, the same index
as `persons.id_number_hmac`). Plain columns hold ids, states, dates and rule
ids, which is what a deadline list or `fengcun trace` needs without the key.
"""
from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, Integer, LargeBinary, MetaData, String, Table, Text

metadata = MetaData()

# One written application (Measures arts. 14-17): state pending → approved | refused.
inquiries = Table(
    "inquiries", metadata,
    Column("inquiry_id", String(24), primary_key=True),        # "Q2026-0001"
    Column("kind", String(24), nullable=False),                 # archive.inquiries.REQUESTER_KINDS
    Column("state", String(16), nullable=False),
    Column("received_on", Date, nullable=False),
    Column("due_date", Date, nullable=False),                   # 3 working days after receipt
    Column("subject_hmac", String(64), nullable=False),
    Column("application_enc", LargeBinary, nullable=False),
    Column("attachments", Text, nullable=False),               # JSON: kind → sha256 (files sealed)
    Column("created_at", String(32), nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("decided_at", String(32)),
    Column("decided_by", String(64)),
    Column("answer", String(24)),                               # release | notification | refusal
    Column("decision_reason_enc", LargeBinary),
)

# One released copy of one sealed file; release_id is the hidden fingerprint.
releases = Table(
    "releases", metadata,
    Column("release_id", String(32), primary_key=True),
    Column("inquiry_id", String(24), nullable=False, index=True),
    Column("dossier_id", String(64), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("released_on", Date, nullable=False),
    Column("pages", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),               # of the file handed out
)

# A newly processed dossier naming a sealed person (Measures art. 18), until a reviewer decides.
unsealings = Table(
    "unsealings", metadata,
    Column("case_id", Integer, primary_key=True, autoincrement=True),
    Column("sealed_dossier_id", String(64), nullable=False, index=True),
    Column("sealed_person_id", String(16), nullable=False),
    Column("new_dossier_id", String(64), nullable=False, index=True),
    Column("new_person_id", String(16), nullable=False),
    Column("proposed", String(40), nullable=False),             # models.unsealing outcome
    Column("rules", String(64), nullable=False),                # "U1" or "" when none applies
    Column("reasons", Text, nullable=False),                    # JSON list, rule-table wording only
    Column("punished_together", Boolean),
    Column("retrial", Boolean, nullable=False),
    Column("state", String(16), nullable=False),                # open | approved | rejected
    Column("created_at", String(32), nullable=False),
    Column("decided_at", String(32)),
    Column("decided_by", String(64)),
    Column("outcome", String(40)),                              # what the approval decided
    Column("unsealed_copy", String(255)),                       # store-relative path
)
