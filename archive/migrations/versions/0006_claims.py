"""Claims, assignments and skips of the review queue (archive.claims): which reviewer works
which dossier, and the items each reviewer put to the end of their order.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_claims",
        sa.Column("dossier_id", sa.String(64), primary_key=True),
        sa.Column("account", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("claimed_at", sa.String(32), nullable=False),
        sa.Column("expires_at", sa.String(32)),
        sa.Column("assigned_by", sa.String(64)),
    )
    op.create_index("ix_review_claims_account", "review_claims", ["account"])
    op.create_table(
        "review_skips",
        sa.Column("account", sa.String(32), nullable=False),
        sa.Column("dossier_id", sa.String(64), nullable=False),
        sa.Column("item_id", sa.String(16), nullable=False),
        sa.Column("skipped_at", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("account", "dossier_id", "item_id"),
    )


def downgrade() -> None:
    op.drop_table("review_skips")
    op.drop_table("review_claims")
