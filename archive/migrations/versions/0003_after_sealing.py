"""Life after sealing: inquiries, released copies, unsealing cases (archive.after_catalog).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inquiries",
        sa.Column("inquiry_id", sa.String(24), primary_key=True),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("received_on", sa.Date, nullable=False),
        sa.Column("due_date", sa.Date, nullable=False),
        sa.Column("subject_hmac", sa.String(64), nullable=False),
        sa.Column("application_enc", sa.LargeBinary, nullable=False),
        sa.Column("attachments", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("decided_at", sa.String(32)),
        sa.Column("decided_by", sa.String(64)),
        sa.Column("answer", sa.String(24)),
        sa.Column("decision_reason_enc", sa.LargeBinary),
    )
    op.create_index("ix_inquiries_state", "inquiries", ["state"])
    op.create_table(
        "releases",
        sa.Column("release_id", sa.String(32), primary_key=True),
        sa.Column("inquiry_id", sa.String(24), nullable=False),
        sa.Column("dossier_id", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("released_on", sa.Date, nullable=False),
        sa.Column("pages", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
    )
    op.create_index("ix_releases_inquiry_id", "releases", ["inquiry_id"])
    op.create_table(
        "unsealings",
        sa.Column("case_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("sealed_dossier_id", sa.String(64), nullable=False),
        sa.Column("sealed_person_id", sa.String(16), nullable=False),
        sa.Column("new_dossier_id", sa.String(64), nullable=False),
        sa.Column("new_person_id", sa.String(16), nullable=False),
        sa.Column("proposed", sa.String(40), nullable=False),
        sa.Column("rules", sa.String(64), nullable=False),
        sa.Column("reasons", sa.Text, nullable=False),
        sa.Column("punished_together", sa.Boolean),
        sa.Column("retrial", sa.Boolean, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("decided_at", sa.String(32)),
        sa.Column("decided_by", sa.String(64)),
        sa.Column("outcome", sa.String(40)),
        sa.Column("unsealed_copy", sa.String(255)),
    )
    op.create_index("ix_unsealings_sealed_dossier_id", "unsealings", ["sealed_dossier_id"])
    op.create_index("ix_unsealings_new_dossier_id", "unsealings", ["new_dossier_id"])
    op.create_index("uq_unsealings_pair", "unsealings",
                    ["sealed_dossier_id", "sealed_person_id", "new_dossier_id", "new_person_id"],
                    unique=True)


def downgrade() -> None:
    op.drop_table("unsealings")
    op.drop_table("releases")
    op.drop_table("inquiries")
