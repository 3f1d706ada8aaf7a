"""inbox of Telegram updates: stored before confirmation, processed once

Revision ID: 0007_inbox
Revises: 0006_heartbeats
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_inbox"
down_revision = "0006_heartbeats"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inbox_updates",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("state", sa.String(12), nullable=False, server_default="pending"),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("update_id", name="pk_inbox_updates"),
    )
    op.create_index(
        "ix_inbox_updates_state_chat", "inbox_updates", ["state", "chat_id", "update_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_inbox_updates_state_chat", table_name="inbox_updates")
    op.drop_table("inbox_updates")
