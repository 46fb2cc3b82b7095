"""Break-glass grants of the review app: a reviewer's typed reason to see a dossier's
original pages outside the review queue (archive.break_glass).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "break_glass",
        sa.Column("grant_id", sa.String(32), primary_key=True),
        sa.Column("account", sa.String(32), nullable=False),
        sa.Column("dossier_id", sa.String(64), nullable=False),
        sa.Column("granted_at", sa.String(32), nullable=False),
        sa.Column("expires_at", sa.String(32), nullable=False),
        sa.Column("reason_enc", sa.LargeBinary, nullable=False),
    )
    op.create_index("ix_break_glass_account_dossier", "break_glass", ["account", "dossier_id"])


def downgrade() -> None:
    op.drop_table("break_glass")
