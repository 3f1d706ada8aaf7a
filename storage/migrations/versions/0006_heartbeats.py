"""heartbeats: one row per worker, written by the dispatcher tick

Revision ID: 0006_heartbeats
Revises: 0005_drafts
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_heartbeats"
down_revision = "0005_drafts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "heartbeats",
        sa.Column("worker", sa.String(128), nullable=False),
        sa.Column("beat_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("worker", name="pk_heartbeats"),
    )


def downgrade() -> None:
    op.drop_table("heartbeats")
