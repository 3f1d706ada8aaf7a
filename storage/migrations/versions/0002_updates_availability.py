"""weekly update sent marks; availability on users

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("working_days", sa.String(16), nullable=False, server_default="0,1,2,3,4")
        )
        batch.add_column(
            sa.Column(
                "reply_within", sa.String(64), nullable=False, server_default="innert 24 Stunden"
            )
        )
        batch.add_column(sa.Column("emergency_channel", sa.String(128), nullable=True))
        batch.add_column(sa.Column("emergency_definition", sa.String(200), nullable=True))
    op.create_table(
        "update_sends",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("client_key", sa.Integer(), nullable=False),
        sa.Column("iso_year", sa.Integer(), nullable=False),
        sa.Column("iso_week", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_update_sends"),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name="fk_update_sends_owner_id_users", ondelete="CASCADE"
        ),
        sa.UniqueConstraint(
            "owner_id", "client_key", "iso_year", "iso_week", name="uq_update_sends"
        ),
    )


def downgrade() -> None:
    op.drop_table("update_sends")
    with op.batch_alter_table("users") as batch:
        for column in ("emergency_definition", "emergency_channel", "reply_within", "working_days"):
            batch.drop_column(column)
