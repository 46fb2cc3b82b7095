"""Sign-off of redacted copies: each copy for ordinary use waits, page by page, for a
reviewer before it is released (archive.signoffs).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "signoff_copies",
        sa.Column("copy_id", sa.String(32), primary_key=True),
        sa.Column("dossier_id", sa.String(64), nullable=False),
        sa.Column("path", sa.String(512), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("pages", sa.Integer, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("registered_at", sa.String(32), nullable=False),
        sa.Column("settled_at", sa.String(32)),
    )
    op.create_index("ix_signoff_copies_dossier", "signoff_copies", ["dossier_id"])
    op.create_index("ix_signoff_copies_state", "signoff_copies", ["state"])
    op.create_table(
        "signoff_pages",
        sa.Column("entry_id", sa.String(48), primary_key=True),
        sa.Column("copy_id", sa.String(32), sa.ForeignKey("signoff_copies.copy_id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("page", sa.Integer, nullable=False),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("account", sa.String(32), nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("code", sa.String(32)),
        sa.Column("reason_enc", sa.LargeBinary),
    )
    op.create_index("ix_signoff_pages_copy", "signoff_pages", ["copy_id"])


def downgrade() -> None:
    op.drop_table("signoff_pages")
    op.drop_table("signoff_copies")
