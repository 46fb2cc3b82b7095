"""The first catalog: dossiers (manifest and results), persons, stage timings, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "catalog_meta",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "dossiers",
        sa.Column("dossier_id", sa.String(64), primary_key=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("source_path_enc", sa.LargeBinary, nullable=False),
        sa.Column("size_bytes", sa.BigInteger, nullable=False),
        sa.Column("registered_at", sa.String(32), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("claimed_by", sa.String(96)),
        sa.Column("claimed_at", sa.String(32)),
        sa.Column("processed_at", sa.String(32)),
        sa.Column("pages", sa.Integer),
        sa.Column("persons", sa.Integer),
        sa.Column("sealed_persons", sa.Integer),
        sa.Column("review_open", sa.Integer),
        sa.Column("due_date", sa.Date),
        sa.Column("record_enc", sa.LargeBinary),
        sa.Column("error_kind", sa.String(64)),
        sa.Column("error_enc", sa.LargeBinary),
        sa.Column("pipeline_version", sa.String(32)),
        sa.Column("rules_version", sa.String(64)),
        sa.Column("key_id", sa.String(16)),
    )
    op.create_index("ix_dossiers_state", "dossiers", ["state"])
    op.create_table(
        "persons",
        sa.Column("dossier_id", sa.String(64),
                  sa.ForeignKey("dossiers.dossier_id", ondelete="CASCADE"), primary_key=True),
        sa.Column("person_id", sa.String(16), primary_key=True),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("outcome", sa.String(16)),
        sa.Column("minor_at_offence", sa.Boolean),
        sa.Column("due_date", sa.Date),
        sa.Column("id_number_hmac", sa.String(64)),
    )
    op.create_index("ix_persons_id_number_hmac", "persons", ["id_number_hmac"])
    op.create_table(
        "stage_timings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("dossier_id", sa.String(64), nullable=False),
        sa.Column("stage", sa.String(32), nullable=False),
        sa.Column("seconds", sa.Float, nullable=False),
        sa.Column("pages", sa.Integer),
        sa.Column("recorded_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_stage_timings_dossier_id", "stage_timings", ["dossier_id"])
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("ts", sa.String(32), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("dossier_id", sa.String(64)),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    for table in ("audit_log", "stage_timings", "persons", "dossiers", "catalog_meta"):
        op.drop_table(table)
