"""nudges due table; nudge settings on users

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("followups", sa.Boolean(), nullable=False, server_default="1"))
        batch.add_column(
            sa.Column("fresh_eyes_weeks", sa.Integer(), nullable=False, server_default="3")
        )
    op.create_table(
        "nudges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("subject", sa.String(64), nullable=False),
        sa.Column("occurrence", sa.String(32), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("window_end", sa.DateTime(), nullable=True),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("payload", sa.String(64), nullable=True),
        sa.Column("reason", sa.String(64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_nudges"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_nudges_user_id_users", ondelete="CASCADE"
        ),
        sa.UniqueConstraint(
            "user_id", "kind", "subject", "occurrence", name="uq_nudges_occurrence"
        ),
    )
    op.create_index("ix_nudges_state_due", "nudges", ["state", "due_at"])
    op.create_index("ix_nudges_user_state", "nudges", ["user_id", "state"])


def downgrade() -> None:
    op.drop_table("nudges")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("fresh_eyes_weeks")
        batch.drop_column("followups")
